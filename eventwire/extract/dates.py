"""Temporal expressions: find them and resolve them against the publication date.

Finding is rule-based: a handful of regular expressions, built once per process from the
vocabulary in ``data/temporal.yaml``, run over the document text; overlapping candidates are
resolved longest-first. Resolution is ours too (dateparser copies the base day into month-only
dates and has no rules for "mid-October" or "the previous day"). Values follow TimeML/ISO:
``2024-02-02`` (day), ``2024-W05`` (week), ``2024-W05-WE`` (weekend), ``2023-10`` (month),
``2023-Q3`` (quarter), ``2023-SU`` (season), ``2023-H1`` (half year), ``2023`` (year),
``199`` (decade), ``P3M`` / ``PXY`` (durations), ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``
(vague references, ``kind="reference"``). Without a publication date relative expressions get
``value=None``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..data import load_yaml
from ..errors import DataFileError
from ..models import DateMention, Event
from .syntax import doc_text, tree_distance

_KEYS = (
    "months",
    "weekdays",
    "seasons",
    "units",
    "number_words",
    "vague_quantities",
    "ordinals",
    "parts_of_day",
    "references",
    "future_auxiliaries",
)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The temporal vocabulary from ``data/temporal.yaml``, schema-checked, cached."""
    data = load_yaml("temporal.yaml", _KEYS)
    for key in ("months", "weekdays", "number_words", "ordinals"):
        if not all(isinstance(v, int) for v in data[key].values()):
            raise DataFileError(f"temporal.yaml: {key} must map words to integers")
    return data


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    prefix: re.Pattern[str]
    since: re.Pattern[str]
    # name -> (core, break): the pattern is tried only inside the runs of text that no ``break``
    # character splits and that hold a ``core`` match (``_runs``)
    windows: dict[str, tuple[re.Pattern[str], re.Pattern[str]]]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    v = vocabulary()
    full = [m for m in v["months"] if len(m) > 4 or m in ("may", "june", "july")]
    abbr = [m for m in v["months"] if m not in full]
    mon = (
        r"(?-i:(?P<mon>(?:" + _alt([m.capitalize() for m in full] + [m.upper() for m in full]) + r")\b"
        r"|(?:" + _alt([m.capitalize() for m in abbr]) + r")(?:\.|\b(?=\s+\d))))"
    )
    wd_names = [w for w in v["weekdays"] if len(w) > 4]
    wd = r"(?-i:(?P<wd>" + _alt([w.capitalize() for w in wd_names]) + r"))"
    year = r"(?P<year>(?:1[6-9]|20)\d\d)\b"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    num = (
        r"(?P<num>\d+(?:\.\d+)?|"
        + _alt(list(v["number_words"]))
        + r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    )
    vague = r"(?P<vague>" + _alt(v["vague_quantities"]) + r")"
    unit = r"(?P<unit>" + _alt(list(v["units"])) + r")s?"
    pod = r"(?:\s+(?P<pod>" + _alt(list(v["parts_of_day"])) + r"))?"
    rel = r"(?P<rel>last|next|this|past|coming|previous|following|current|latest|same)"
    season = r"(?P<season>" + _alt(list(v["seasons"])) + r")"
    ordinal = r"(?P<ord>" + _alt(list(v["ordinals"])) + r")"
    refs = r"(?P<ref>" + _alt(list(v["references"])) + r")"
    time = r"(?P<hh>[012]?\d)(?::(?P<mm>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)(?=\W)"
    pats: list[tuple[str, str]] = [
        ("wdmdy", wd + r",?\s+" + mon + r"\s+" + day + r"(?:,?\s+" + year + ")?"),
        ("mdy", mon + r"\s+" + day + r"(?:,?\s+" + year + ")?"),
        ("dmy", day + r"\s+(?:of\s+)?" + mon + r"(?:,?\s+" + year + ")?"),
        (
            "my",
            r"(?:(?P<mrel>this|last|next|this past|this coming)\s+)?"
            + mon
            + r"(?:,?\s+(?:of\s+)?"
            + year
            + r"|\s+(?P<yrel>last|next|this)\s+year)?",
        ),
        ("numeric", r"\b(?P<n1>\d{1,2})/(?P<n2>\d{1,2})/(?P<n3>\d{4}|\d{2})\b(?:\s+\d\d:\d\d(?::\d\d)?)?"),
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b"),
        ("year", r"(?<![\d$£€.,:/-])" + r"(?:(?P<fy>fiscal|FY)\s*)?" + year + r"(?!\d|,\d|%|\.\d|-\d)"),
        (
            "decade",
            r"(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]+)?(?P<dec>(?:1[6-9]|20)\d0|')(?P<dec2>\d0)?s\b",
        ),
        ("weekday", r"(?:(?:this\s+)?" + rel + r"\s+)?" + wd + r"(?P<plural>s)?" + pod),
        ("today", r"(?P<dayword>yesterday|today|tomorrow|tonight)" + pod),
        ("thispod", r"(?P<rel>this|last|tomorrow|yesterday)\s+(?P<pod>morning|afternoon|evening|night)"),
        (
            "anchor",
            r"the\s+(?P<rel>previous|following|next|same|preceding)\s+(?P<unit>day|week|month|year|morning|night)",
        ),
        ("daybefore", r"the\s+day\s+(?P<rel>before|after)(?:\s+yesterday)?"),
        ("yearq", r"the\s+" + year + r"\s+(?:(?P<ord>first|second|third|fourth)\s+)?quarter"),
        (
            "period",
            r"(?i:the)\s+(?P<which>latest|current|year-earlier|year-ago|comparable|same|recent)\s+(?P<q>quarter|period)|the\s+(?P<q2>quarter)\b(?!\s+of)|the\s+(?P<we>weekend)\b",
        ),
        (
            "relunit",
            r"(?:(?P<mod>earlier|later|early|late)\s+)?(?:the\s+)?"
            + rel
            + r"\s+(?P<unit>week|weekend|month|year|quarter|decade|century)\b",
        ),
        (
            "ago",
            r"(?:"
            + num
            + r"|"
            + vague
            + r")[\s-]+"
            + unit
            + r"\s+(?P<dir>ago|earlier|later|before|after|from now|hence)\b",
        ),
        ("yearago", r"(?P<yadj>year|month|week)[- ](?P<dir>earlier|ago)\b"),
        (
            "quarter",
            r"(?:the\s+)?(?:(?P<this>this|last|next)\s+year's\s+)?(?:fiscal\s+)?"
            + r"(?:"
            + ordinal
            + r"|(?P<lasthalf>last|latter))"
            + r"[\s-]+(?:fiscal\s+)?(?P<q>quarter|half)"
            r"(?:\s+of\s+(?:fiscal\s+)?" + year + ")?",
        ),
        (
            "season",
            r"(?:(?P<rel2>this|last|next|early|late|this past|the)\s+)?"
            + season
            + r"(?:\s+of\s+"
            + year
            + ")?",
        ),
        ("time", time + r"(?:\s+(?:local time|GMT|EDT|EST|ET|UTC))?"),
        ("noon", r"\b(?P<noon>noon|midnight)\b"),
        ("set", r"\b(?P<every>every|each)\s+(?:(?P<sunit>day|week|month|year|morning|night)|" + wd + r")\b"),
        (
            "duration",
            r"(?:(?:the\s+)?(?P<dmod>past|last|next|first|coming|previous)\s+)?(?:"
            + num
            + r"|"
            + vague
            + r")"
            r"(?:\s+and\s+a\s+half)?[\s-]+" + unit + r"\b",
        ),
        (
            "bareunits",
            r"(?:(?<=\bfor )|(?<=\bover )|(?<=\bwithin )|(?<=\bin )|(?<=\bafter ))"
            r"(?P<unit>day|week|month|year|decade|hour)s\b",
        ),
        ("ref", r"\b" + refs + r"\b"),
    ]
    # case-insensitive throughout, except month and weekday names (scoped "(?-i:...)" above),
    # so that "Last Friday" opens a sentence but "may" and "march" stay verbs
    compiled = tuple((n, re.compile(p, re.I)) for n, p in pats)
    prefix = re.compile(
        r"(?:\b(?:early|mid|late|the\s+(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half)\s+of)"
        r"\s*-?\s*)$",
        re.I,
    )
    since = re.compile(r"\b(?:since|starting|beginning)\s+(?:in\s+|on\s+)?(?:the\s+)?$", re.I)
    return _Grammar(compiled, prefix, since, _windows(v, full, abbr, wd_names))


def _windows(
    v: dict[str, Any], full: list[str], abbr: list[str], wd_names: list[str]
) -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Where the costly patterns can match. Every match of each pattern below is made of its
    run's characters only (``[\\w\\s.-]`` and what it adds) and holds a match of its core, so it
    lies inside one run of such characters that holds a core match: scanning just those runs finds
    exactly what a scan of the whole text finds. Each opens with long case-insensitive alternations
    (number words, "a", "an", optional modifiers) tried at every position of a text otherwise."""
    words = [w for key in _KEYS[:8] for w in v[key]]
    if not all(re.fullmatch(r"[\w\s.-]+", w) for w in words):
        return {}  # a vocabulary word with other characters: scan whole texts
    units = re.compile(r"[\s-](?:" + _alt(list(v["units"])) + ")", re.I)
    months = re.compile(
        "(?-i:"
        + _alt([m.capitalize() for m in full] + [m.upper() for m in full] + [m.capitalize() for m in abbr])
        + ")",
        re.I,
    )
    weekdays = re.compile("(?-i:" + _alt([w.capitalize() for w in wd_names]) + ")", re.I)
    seasons = re.compile(_alt(list(v["seasons"])), re.I)
    plain, comma, apostrophe = (re.compile(f"[^\\w\\s.{c}-]") for c in ("", ",", "'"))
    return {
        "ago": (units, plain),
        "duration": (units, plain),
        "relunit": (units, plain),
        "bareunits": (
            units,
            plain,
        ),  # its look-behinds see the whole text: a scan from a position is no slice
        "weekday": (weekdays, plain),
        "season": (seasons, plain),
        "my": (months, comma),  # "March, 2019"
        "quarter": (re.compile("quarter|half", re.I), apostrophe),  # "next year's first quarter"
    }


# ---------------------------------------------------------------- resolution helpers


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _num(text: str | None) -> float | None:
    if not text:
        return None
    text = text.lower().strip()
    try:
        return float(text)
    except ValueError:
        pass
    words = vocabulary()["number_words"]
    total = 0.0
    for part in re.split(r"[- ]", text):
        if part not in words:
            return None
        total += words[part]
    return total


@dataclass
class _Ctx:
    dct: date | None
    direction: int  # -1 past, +1 future, 0 nearest
    last_quarter: str | None = None  # the latest explicit quarter mentioned ("1989-Q3")


def _pick_year(ctx: _Ctx, month: int, day: int | None) -> int | None:
    """The year of a month (and day) given without one: most recent past unless the tense points forward."""
    dct = ctx.dct
    if dct is None:
        return None
    cand = date(dct.year, month, min(day or 1, 28))
    if day is None:
        same = month == dct.month
        past_year = dct.year if month <= dct.month else dct.year - 1
        future_year = dct.year if month >= dct.month else dct.year + 1
        if same:
            return dct.year
    else:
        try:
            cand = date(dct.year, month, day)
        except ValueError:
            return None
        past_year = dct.year if cand <= dct else dct.year - 1
        future_year = dct.year if cand >= dct else dct.year + 1
    if ctx.direction > 0:
        return future_year
    if ctx.direction < 0:
        return past_year
    if day is not None:
        try:
            future = date(future_year, month, day)
            past = date(past_year, month, day)
        except ValueError:
            return past_year
        return future_year if (future - dct) < (dct - past) else past_year
    # nearest occurrence: within half a year either way
    months_ahead = (month - dct.month) % 12
    return future_year if 0 < months_ahead <= 5 and future_year == dct.year else past_year


def _year_by_weekday(dct: date, month: int, day: int, wd: int) -> int | None:
    """The year near ``dct`` in which ``month``/``day`` falls on ISO weekday ``wd`` ("Saturday, April 25")."""
    best = None
    for year in (dct.year, dct.year - 1, dct.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d.isoweekday() == wd and (best is None or abs(d - dct) < abs(best - dct)):
            best = d
    return best.year if best else None


def _weekday_date(ctx: _Ctx, wd: int, rel: str | None) -> date | None:
    dct = ctx.dct
    if dct is None:
        return None
    delta = wd - dct.isoweekday()
    rel = (rel or "").lower()
    if rel in ("next", "coming") or (ctx.direction > 0 and rel not in ("last", "past")):
        ahead = delta % 7
        if ahead == 0 and rel == "next":
            ahead = 7
        return dct + timedelta(days=ahead)
    if rel == "this":
        return dct + timedelta(days=delta)
    back = (-delta) % 7
    if rel in ("last", "past") and back == 0:
        back = 7
    return dct - timedelta(days=back)


Resolved = tuple[str | None, str | None, str, bool]  # value, precision, kind, relative


def _resolve(name: str, m: re.Match[str], ctx: _Ctx, last: DateMention | None) -> Resolved | None:
    v = vocabulary()
    g = m.groupdict()
    dct = ctx.dct
    if name in ("wdmdy", "mdy", "dmy", "my"):
        month = v["months"][g["mon"].lower().rstrip(".")]
        day = int(g["day"]) if g.get("day") else None
        if day is not None and not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else None
        relative = year is None
        mrel, yrel = (g.get("mrel") or "").lower(), (g.get("yrel") or "").lower()
        if year is None and dct is not None and (mrel or yrel):
            year = dct.year + {"last": -1, "next": 1}.get(yrel, 0)
            if mrel in ("last", "this past") and month >= dct.month:
                year -= 1
            elif mrel in ("next", "this coming") and month <= dct.month:
                year += 1
        elif year is None and name == "wdmdy" and dct is not None and day is not None:
            year = _year_by_weekday(dct, month, day, v["weekdays"][g["wd"].lower()])
        if year is None:
            year = _pick_year(ctx, month, day)
        if year is None:
            return (None, "day" if day else "month", "date", True)
        if day is None:
            return (f"{year}-{month:02d}", "month", "date", relative)
        try:
            return (date(year, month, day).isoformat(), "day", "date", relative)
        except ValueError:
            return None
    if name == "yearq":
        n = v["ordinals"][g["ord"].lower()] if g.get("ord") else None
        if n is None and ctx.last_quarter:
            n = int(ctx.last_quarter[-1])
        return (f"{g['year']}-Q{n}" if n else g["year"], "quarter" if n else "year", "date", False)
    if name == "numeric":
        a, b, c = int(g["n1"]), int(g["n2"]), int(g["n3"])
        year = c if c > 99 else (1900 + c if c > 40 else 2000 + c)
        try:
            return (date(year, a, b).isoformat(), "day", "date", False)
        except ValueError:
            try:
                return (date(year, b, a).isoformat(), "day", "date", False)
            except ValueError:
                return None
    if name == "iso":
        try:
            return (date(int(g["y"]), int(g["m"]), int(g["d"])).isoformat(), "day", "date", False)
        except ValueError:
            return None
    if name == "year":
        return (g["year"], "year", "date", False)
    if name == "decade":
        if g["dec"] == "'":
            if not g.get("dec2"):
                return None
            century = "19" if int(g["dec2"]) > 20 else "20"
            return (century + g["dec2"][0], "decade", "date", False)
        return (g["dec"][:3], "decade", "date", False)
    if name == "weekday":
        wd = v["weekdays"][g["wd"].lower()]
        if g.get("plural"):
            return (f"XXXX-WXX-{wd}", None, "set", False)
        d = _weekday_date(ctx, wd, g.get("rel"))
        return (d.isoformat() if d else None, "day", "date", True)
    if name in ("today", "thispod"):
        word = (g.get("dayword") or g.get("rel") or "").lower()
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        if word == "last":
            offset = -1
        return ((dct + timedelta(days=offset)).isoformat() if dct else None, "day", "date", True)
    if name == "anchor":
        unit = g["unit"].lower()
        sign = {"previous": -1, "preceding": -1, "following": 1, "next": 1}.get(g["rel"].lower(), 0)
        base = _parse_iso(last.value) if last and last.precision == "day" else dct
        if unit in ("month", "year") and last is not None and last.value and last.value[:4].isdigit():
            parts = last.value.split("-")
            month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
            base = date(int(parts[0]), month, 1)
        if base is None:
            return (None, "day", "date", True)
        if unit in ("day", "morning", "night"):
            return ((base + timedelta(days=sign)).isoformat(), "day", "date", True)
        if unit == "week":
            return (_week(base + timedelta(days=7 * sign)), "week", "date", True)
        if unit == "month":
            y, mo = _month_shift(base.year, base.month, sign)
            return (f"{y}-{mo:02d}", "month", "date", True)
        return (str(base.year + sign), "year", "date", True)
    if name == "daybefore":
        base = _parse_iso(last.value) if last and last.precision == "day" else dct
        sign = -1 if g["rel"].lower() == "before" else 1
        if "yesterday" in m.group(0).lower() and dct:
            return ((dct - timedelta(days=2)).isoformat(), "day", "date", True)
        return ((base + timedelta(days=sign)).isoformat() if base else None, "day", "date", True)
    if name == "relunit":
        return _resolve_relunit(g["rel"].lower(), g["unit"].lower(), ctx)
    if name == "ago":
        n = _num(g.get("num")) if g.get("num") else None
        unit = g["unit"].lower()
        if n is None:
            future = g["dir"].lower() in ("later", "after", "from now", "hence")
            return ("FUTURE_REF" if future else "PAST_REF", None, "reference", True)
        if dct is None:
            return (None, v["units"][unit][1], "date", True)
        sign = 1 if g["dir"].lower() in ("later", "after", "from now", "hence") else -1
        return _shift(dct, unit, int(n) * sign, ctx.last_quarter)
    if name == "yearago":
        if dct is None:
            return (None, "year", "date", True)
        return _shift(dct, g["yadj"].lower(), -1, ctx.last_quarter)
    if name == "quarter":
        n = v["ordinals"][g["ord"].lower()] if g.get("ord") else 2
        if g["q"].lower() == "half":
            if n > 2:
                return None
            year = int(g["year"]) if g.get("year") else (dct.year if dct else None)
            return (f"{year}-H{n}" if year else None, "quarter", "date", not g.get("year"))
        if n > 4:
            return None
        if g.get("year"):
            return (f"{g['year']}-Q{n}", "quarter", "date", False)
        if dct is None:
            return (None, "quarter", "date", True)
        year, q = _quarter(dct)
        this = (g.get("this") or "").lower()
        if this == "last":
            year -= 1
        elif this == "next":
            year += 1
        elif not this and n > q and ctx.direction <= 0 and n - q > 1:
            year -= 1
        return (f"{year}-Q{n}", "quarter", "date", True)
    if name == "period":
        if dct is None:
            return (None, "quarter", "date", True)
        year, q = _quarter(dct)
        if g.get("we"):
            return _resolve_relunit("this", "weekend", ctx)
        if g.get("q2"):
            if ctx.last_quarter:
                return (ctx.last_quarter, "quarter", "date", True)
            return (f"{year}-Q{q - 1}" if q > 1 else f"{year - 1}-Q4", "quarter", "date", True)
        which = g["which"].lower()
        if which == "current":
            return (f"{year}-Q{q}", "quarter", "date", True)
        if which in ("year-earlier", "year-ago", "comparable", "same") and ctx.last_quarter:
            y, qq = ctx.last_quarter.split("-Q")
            return (f"{int(y) - 1}-Q{qq}", "quarter", "date", True)
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
        if which in ("year-earlier", "year-ago"):
            year -= 1
        return (f"{year}-Q{q}", "quarter", "date", True)
    if name == "season":
        rel = (g.get("rel2") or "").lower()
        code, month = v["seasons"][g["season"].lower()]
        if not rel and not g.get("year") and g["season"].lower() == "fall":
            return None
        if g.get("year"):
            return (f"{g['year']}-{code}", "season", "date", False)
        if dct is None:
            return (None, "season", "date", True)
        year = dct.year
        if rel == "last":
            year -= 1 if month >= dct.month else 0
        elif rel == "next":
            year += 1 if month <= dct.month else 0
        return (f"{year}-{code}", "season", "date", True)
    if name in ("time", "noon"):
        if dct is None:
            return (None, "day", "time", True)
        if g.get("noon"):
            hh, mm = (12, 0) if g["noon"].lower() == "noon" else (0, 0)
        else:
            hh, mm = int(g["hh"]) % 12, int(g.get("mm") or 0)
            if g["ampm"].lower().startswith("p"):
                hh += 12
        return (f"{dct.isoformat()}T{hh:02d}:{mm:02d}", "day", "time", True)
    if name == "set":
        if g.get("wd"):
            return (f"XXXX-WXX-{v['weekdays'][g['wd'].lower()]}", None, "set", False)
        sunit = g["sunit"].lower()
        return (
            {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}.get(sunit, "P1D"),
            None,
            "set",
            False,
        )
    if name in ("duration", "bareunits"):
        unit = g["unit"].lower()
        code = v["units"][unit][0]
        n = _num(g.get("num")) if g.get("num") else None
        vague = (g.get("vague") or "").lower()
        dmod = (g.get("dmod") or "").lower()
        if n is None and (vague in ("recent", "coming") or dmod in ("past", "last", "next", "coming")):
            future = vague == "coming" or dmod in ("next", "coming")
            return ("FUTURE_REF" if future else "PAST_REF", None, "reference", True)
        if n is None:
            qty = "X"
        else:
            qty = f"{n + 0.5:g}" if "and a half" in m.group(0).lower() else f"{n:g}"
        if code in ("H", "M", "S") and unit in ("hour", "minute", "second"):
            return (f"PT{qty}{code}", None, "duration", False)
        if code == "DE":
            return (f"P{qty}0Y" if qty != "X" else "PXDE", None, "duration", False)
        if code == "CE":
            return (f"P{qty}00Y" if qty != "X" else "PXCE", None, "duration", False)
        if code == "Q":
            return (f"P{qty}Q", None, "duration", False)
        if code in ("WE", "W2"):
            return (f"P{qty}W" if code == "W2" else f"P{qty}WE", None, "duration", False)
        return (f"P{qty}{code}", None, "duration", False)
    if name == "ref":
        return (v["references"][g["ref"].lower()], None, "reference", True)
    return None


def _resolve_relunit(rel: str, unit: str, ctx: _Ctx) -> Resolved:
    dct = ctx.dct
    precision = vocabulary()["units"][unit][1]
    if dct is None:
        return (None, precision, "date", True)
    sign = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit == "year":
        return (str(dct.year + sign), "year", "date", True)
    if unit == "month":
        y, m = _month_shift(dct.year, dct.month, sign)
        return (f"{y}-{m:02d}", "month", "date", True)
    if unit == "week":
        return (_week(dct + timedelta(days=7 * sign)), "week", "date", True)
    if unit == "weekend":
        # the weekend before a weekday publication is last week's
        base = dct + timedelta(days=7 * sign)
        if sign == 0 and dct.isoweekday() < 6:
            base = dct - timedelta(days=7) if ctx.direction <= 0 else dct
        return (_week(base) + "-WE", "week", "date", True)
    if unit == "quarter":
        y, q = _quarter(dct)
        idx = y * 4 + q - 1 + sign
        return (f"{idx // 4}-Q{idx % 4 + 1}", "quarter", "date", True)
    if unit == "decade":
        return (str(dct.year // 10 + sign), "decade", "date", True)
    return (str(dct.year // 100 + sign), "decade", "date", True)


def _shift(dct: date, unit: str, n: int, last_quarter: str | None) -> Resolved:
    if unit in ("day", "night"):
        return ((dct + timedelta(days=n)).isoformat(), "day", "date", True)
    if unit in ("week", "weekend", "fortnight"):
        return (_week(dct + timedelta(days=7 * n * (2 if unit == "fortnight" else 1))), "week", "date", True)
    if unit == "month":
        y, m = _month_shift(dct.year, dct.month, n)
        return (f"{y}-{m:02d}", "month", "date", True)
    if unit == "quarter":
        y, q = _quarter(dct)
        idx = y * 4 + q - 1 + n
        return (f"{idx // 4}-Q{idx % 4 + 1}", "quarter", "date", True)
    if unit == "year":
        if last_quarter and abs(n) == 1:
            y, q = last_quarter.split("-Q")
            return (f"{int(y) + n}-Q{q}", "quarter", "date", True)
        return (str(dct.year + n), "year", "date", True)
    if unit == "decade":
        return (str(dct.year + 10 * n)[:3], "decade", "date", True)
    if unit in ("hour", "minute", "second"):
        return (dct.isoformat(), "day", "date", True)
    return (str(dct.year + 100 * n)[:2], "decade", "date", True)


# ---------------------------------------------------------------- finding


def _runs(text: str, core: re.Pattern[str], breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of ``text`` no ``breaks`` character splits that holds a ``core``
    match; ``end`` takes in the breaking character, so look-aheads see what a full scan sees."""
    cuts = [m.start() for m in breaks.finditer(text)]
    runs: list[tuple[int, int]] = []
    for m in core.finditer(text):
        i = bisect_right(cuts, m.start())
        start = cuts[i - 1] + 1 if i else 0
        if not runs or runs[-1][0] != start:
            runs.append((start, cuts[i] + 1 if i < len(cuts) else len(text)))
    return runs


def _candidates(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    gram = _grammar()
    runs: dict[tuple[re.Pattern[str], re.Pattern[str]], list[tuple[int, int]]] = {}
    found = []
    for name, pattern in gram.patterns:
        window = gram.windows.get(name)
        if window is None:
            matches: Iterable[re.Match[str]] = pattern.finditer(text)
        else:
            if window not in runs:
                runs[window] = _runs(text, *window)
            matches = (m for a, b in runs[window] for m in pattern.finditer(text, a, b))
        for m in matches:
            if m.end() > m.start():
                found.append((m.start(), m.end(), name, m))
    # longest first, then earliest; keep those that overlap nothing already kept
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    taken = bytearray(len(text) + 1)
    for c in found:
        if any(taken[c[0] : c[1]]):
            continue
        taken[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
        kept.append(c)
    kept.sort(key=lambda c: c[0])
    return kept


_MAY_CONTEXT = frozenset(
    ("in", "since", "until", "by", "of", "early", "mid", "late", "last", "next", "this", "before", "after")
    + ("through", "from", "to")
)


def _keep(doc: Doc, name: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Filter candidates the parse shows are not dates (a year that counts things, the modal "May")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    if name == "year":
        tok = span[-1]
        if tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS"):
            return False
        if tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") or tok.like_num is False:
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("million", "billion", "thousand", "percent", "%"):
            return False
    if name == "my" and m.group(0) in ("May", "MAY", "March", "MARCH") and not m.group("year"):
        before = doc_text(doc)[max(0, start - 12) : start].lower()
        words = re.findall(r"[a-z]+", before)
        return before.endswith("-") or bool(words and words[-1] in _MAY_CONTEXT)
    if name == "ref" and m.group(0).lower() in ("the past", "the future"):
        # "in the past", "for the future" are references; "the past three months" is a duration
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and (nxt.like_num or nxt.lower_ in ("few", "several", "year", "week", "month")):
            return False
    if name == "duration" and m.group("vague") and m.group("vague").lower() in ("some", "many", "recent"):
        return m.group("unit").lower().startswith(("year", "month", "week", "day", "decade"))
    return True


def _direction(doc: Doc, start: int, end: int) -> int:
    """-1 when the governing verb is past, +1 when it points forward, 0 when unsure."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return -1
    future = vocabulary()["future_auxiliaries"]
    tok: Token = span.root
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    if prev in ("next", "coming", "until", "by") or prev == "from":
        return 1
    # only a date attached to a verb (directly or through one preposition) takes its tense
    if tok.head.pos_ == "ADP" and tok.dep_ == "pobj":
        tok = tok.head
    tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return 0
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in future:
            return 1
        if child.dep_ in ("aux", "auxpass") and child.tag_ in ("VBD",):
            return -1
    if tok.lower_ in future or tok.lemma_.lower() in ("schedule", "plan", "expect", "due"):
        return 1
    if tok.tag_ in ("VBD", "VBN"):
        return -1
    if tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        head = tok.head
        if head.lemma_.lower() in ("plan", "expect", "schedule", "intend", "hope", "aim", "want", "set"):
            return 1
    if tok.tag_ in ("VBZ", "VBP", "VBG", "MD"):
        return 0
    return -1


def find_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """Every temporal expression in ``doc``, resolved relative to ``published`` (ISO date)."""
    text = doc_text(doc)
    dct = _parse_iso(published)
    gram = _grammar()
    out: list[DateMention] = []
    last: DateMention | None = None
    last_quarter: str | None = None
    for start, end, name, m in _candidates(text):
        if not _keep(doc, name, start, end, m):
            continue
        direction = _direction(doc, start, end) if name in ("mdy", "dmy", "my", "weekday", "quarter") else -1
        lead = text[max(0, start - 60) : start]
        pm = gram.prefix.search(lead)
        if gram.since.search(lead[: pm.start()] if pm else lead):
            direction = -1  # "since ..." starts in the past
        ctx = _Ctx(dct, direction, last_quarter)
        resolved = _resolve(name, m, ctx, last)
        if resolved is None:
            continue
        value, precision, kind, relative = resolved
        before = text[max(0, start - 40) : start]
        pm = gram.prefix.search(before)
        if pm and kind == "date" and precision in ("month", "year", "season", "quarter", "decade", "week"):
            start -= len(pm.group(0))
            before = text[max(0, start - 40) : start]
        if kind == "date" and gram.since.search(before):
            kind = "range-start"
        if relative and dct is None and kind != "reference":
            value = None
        mention = DateMention(
            text=text[start:end],
            start=start,
            end=end,
            value=value,
            precision=precision,
            kind=kind,
            relative=relative,
            confidence=0.9 if value else 0.5,
        )
        out.append(mention)
        if kind in ("date", "range-start") and value:
            last = mention
            if name in ("quarter", "yearq") and precision == "quarter" and "-Q" in value:
                last_quarter = value
    return out


# ---------------------------------------------------------------- linking


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _event_tokens(doc: Doc, event: Event) -> tuple[Token | None, Span | None]:
    trig = _tokens(doc, event.trigger.start, event.trigger.end) if event.trigger else None
    sent = None
    if event.evidence is not None:
        sent = _tokens(doc, event.evidence.start, event.evidence.end)
    if trig is not None and sent is None:
        sent = trig.sent
    return (trig.root if trig is not None else None), sent


def date_for_event(
    doc: Doc, event: Event, dates: list[DateMention], published: str | None
) -> DateMention | None:
    """The date mention that dates ``event`` (tied to its trigger, else its sentence), or None.

    Among the point dates (and "since ..." range starts) inside the event's sentence, the one
    nearest to the trigger in the dependency tree wins (ties: nearest in the text). Week values
    become the Thursday of that week so ``event_date`` stays a day/month/year ISO date. With no date
    in the sentence, an event that reads as current news (no past, aggregate, modal or negation cue;
    see ``status.reads_as_current``) is dated by the publication date with ``precision="week"`` and
    ``kind="publication"`` (ACLED time precision 2: "on or a few days before"); otherwise None.
    """
    trigger, sent = _event_tokens(doc, event)
    if sent is None:
        return None
    lo, hi = doc[sent.start].idx, doc[sent.end - 1].idx + len(doc[sent.end - 1])
    best: tuple[int, int, DateMention] | None = None
    for d in dates:
        if d.kind not in ("date", "range-start") or not d.value or d.start < lo or d.end > hi:
            continue
        if d.value.startswith("P") or "X" in d.value:
            continue
        span = _tokens(doc, d.start, d.end)
        if span is None:
            continue
        dist = tree_distance(trigger, span.root) if trigger is not None else 50
        gap = abs(d.start - (event.trigger.start if event.trigger else lo))
        if best is None or (dist, gap) < best[:2]:
            best = (dist, gap, d)
    if best is not None:
        return _event_value(best[2])
    carried = _previous_sentence_date(doc, sent, trigger, dates)
    if carried is not None:
        return _event_value(carried)
    if published and _parse_iso(published):
        from .status import reads_as_current

        if reads_as_current(doc, event):
            return DateMention(
                text="", start=0, end=0, value=published, precision="week", kind="publication",
                relative=True, confidence=0.5,
            )  # fmt: skip
    return None


def _previous_sentence_date(
    doc: Doc, sent: Span, trigger: Token | None, dates: list[DateMention]
) -> DateMention | None:
    """The date that opens the previous sentence of the same paragraph, for a simple-past narrative
    continuation ("In May 2019, gunmen stormed X. They killed 12 ..."); None otherwise."""
    if trigger is None or sent.start == 0:
        return None
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.tag_ != "VBD" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    prev = doc[sent.start - 1].sent
    for d in dates:
        opening = prev.start_char <= d.start < prev.start_char + 40 and d.kind == "date" and bool(d.value)
        if not opening or d.precision not in ("day", "week", "month", "year") or d.value.startswith("P"):
            continue
        if "\n\n" in doc_text(doc)[d.end : trigger.idx]:
            return None  # a new paragraph
        return replace(d, confidence=min(d.confidence, 0.6))
    return None


def _event_value(d: DateMention) -> DateMention:
    """The mention with a value an ``event_date`` can hold (ISO day, month or year)."""
    value = d.value or ""
    m = re.fullmatch(r"(\d{4})-W(\d\d)(?:-WE)?", value)
    if m:
        day = 6 if value.endswith("WE") else 4
        return replace(d, value=date.fromisocalendar(int(m.group(1)), int(m.group(2)), day).isoformat())
    m = re.fullmatch(r"(\d{4})-(Q|H)(\d)", value)
    if m:
        return replace(d, value=m.group(1))
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        return replace(d, value=m.group(1))
    if "T" in value:
        return replace(d, value=value.split("T")[0])
    if re.fullmatch(r"\d{3}", value):
        return replace(d, value=value + "0")
    return d


def acled_time_precision(mention: DateMention) -> int:
    """ACLED time_precision for a resolved date: 1 day, 2 week, 3 month or coarser."""
    return {"day": 1, "week": 2}.get(mention.precision or "", 3)


# ---------------------------------------------------------------- datelines

_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'-]{1,40},\s+)?(?:[A-Z][a-z]+\.?,?\s+)?"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})"
    r"|(?:\d{4}-\d\d-\d\d))"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:[-–—:]|$)",
    re.M,
)


def published_from_dateline(text: str) -> str | None:
    """The ISO date of a dateline at the start of ``text`` ("BAGHDAD, Feb. 8, 2024 (Reuters) -"), or None."""
    head = text.lstrip()[:200]
    m = _DATELINE.match(head)
    if not m:
        return None
    for name, pattern in _grammar().patterns:
        if name not in ("mdy", "dmy", "iso"):
            continue
        dm = pattern.search(m.group("date"))
        if dm and dm.groupdict().get("year", "x") is not None:
            resolved = _resolve(name, dm, _Ctx(None, -1), None)
            if resolved and resolved[0] and resolved[1] == "day":
                return resolved[0]
    return None
