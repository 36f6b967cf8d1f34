"""Resolution: the TimeML value of a matched expression, against the publication date.

One small function per kind of expression (the finder's pattern names), dispatched from
:data:`RESOLVERS`; each returns ``(value, precision, kind, relative)`` or None (no date after all).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from ...records import DateMention
from ...settings import current
from .context import Ctx, Resolved
from .days import iso_week, month_shift, parse_iso
from .grammar import vocabulary
from .relative import ago, duration, period, quarter, relative_unit, year_ago


def pick_year(ctx: Ctx, month: int, day: int | None) -> int | None:
    """The year of a month (and day) given without one: most recent past unless the tense points forward."""
    dct = ctx.dct
    if dct is None:
        return None
    if day is None:
        if month == dct.month:
            return dct.year
        past_year = dct.year if month <= dct.month else dct.year - 1
        future_year = dct.year if month >= dct.month else dct.year + 1
    else:
        try:
            cand = date(dct.year, month, day)
        except ValueError:
            return None
        past_year = dct.year if cand <= dct else dct.year - 1
        future_year = dct.year if cand >= dct else dct.year + 1
    if ctx.direction:
        return future_year if ctx.direction > 0 else past_year
    if day is not None:
        try:
            future = date(future_year, month, day)
            past = date(past_year, month, day)
        except ValueError:
            return past_year
        return future_year if (future - dct) < (dct - past) else past_year
    # the nearest occurrence: a few months ahead at most
    months_ahead = (month - dct.month) % 12
    ahead = 0 < months_ahead <= int(current().dates.nearest_months_ahead)
    return future_year if ahead and future_year == dct.year else past_year


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


def _weekday_date(ctx: Ctx, wd: int, rel: str | None) -> date | None:
    """The day a weekday names: by its modifier (``weekday_relatives``), else by the clause's tense."""
    dct = ctx.dct
    if dct is None:
        return None
    delta = wd - dct.isoweekday()
    mode = vocabulary()["weekday_relatives"].get((rel or "").lower(), "")
    if mode in ("next", "coming") or (ctx.direction > 0 and mode != "last"):
        ahead = delta % 7
        if ahead == 0 and mode == "next":
            ahead = 7
        return dct + timedelta(days=ahead)
    if mode == "this":
        return dct + timedelta(days=delta)
    back = (-delta) % 7
    if mode == "last" and back == 0:
        back = 7
    return dct - timedelta(days=back)


# ---------------------------------------------------------------- dates the text spells out


def _month_day(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "Saturday, June 10, 2023", "May 3", "4 February 2022", "March 2011", "last March"."""
    v, g, dct = vocabulary(), m.groupdict(), ctx.dct
    month = v["months"][g["mon"].lower().rstrip(".")]
    day = int(g["day"]) if g.get("day") else None
    if day is not None and not 1 <= day <= 31:
        return None
    year = int(g["year"]) if g.get("year") else None
    relative = year is None
    mrel, yrel = (g.get("mrel") or "").lower(), (g.get("yrel") or "").lower()
    if year is None and dct is not None and (mrel or yrel):
        year = dct.year + v["relative_signs"].get(yrel, 0)
        sign = v["month_relatives"].get(mrel, 0)
        if sign < 0 and month >= dct.month:
            year -= 1
        elif sign > 0 and month <= dct.month:
            year += 1
    elif year is None and g.get("wd") and dct is not None and day is not None:
        year = _year_by_weekday(dct, month, day, v["weekdays"][g["wd"].lower()])
    if year is None:
        year = pick_year(ctx, month, day)
    if year is None:
        return (None, "day" if day else "month", "date", True)
    if day is None:
        return (f"{year}-{month:02d}", "month", "date", relative)
    try:
        return (date(year, month, day).isoformat(), "day", "date", relative)
    except ValueError:
        return None


def _year_quarter(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "the 2023 third quarter"; "the 2023 quarter" takes the quarter last mentioned."""
    g = m.groupdict()
    n = vocabulary()["ordinals"][g["ord"].lower()] if g.get("ord") else None
    if n is None and ctx.last_quarter:
        n = int(ctx.last_quarter[-1])
    return (f"{g['year']}-Q{n}" if n else g["year"], "quarter" if n else "year", "date", False)


def _numeric(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "03/12/2021": month first where that is a date, else day first; "21" is 2021, "98" 1998."""
    g = m.groupdict()
    a, b, c = int(g["n1"]), int(g["n2"]), int(g["n3"])
    year = c if c > 99 else (1900 + c if c > int(current().dates.two_digit_year_pivot) else 2000 + c)
    for month, day in ((a, b), (b, a)):
        try:
            return (date(year, month, day).isoformat(), "day", "date", False)
        except ValueError:
            continue
    return None


def _day_month(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "on 28/02", "(24/01)": a day and a month without a year, ordered as :func:`_numeric` orders
    them, the year as for "May 3" (:func:`pick_year`)."""
    a, b = int(m.group("n1")), int(m.group("n2"))
    for month, day in ((a, b), (b, a)):
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year = pick_year(ctx, month, day)
        if year is None:
            return (None, "day", "date", True)
        try:
            return (date(year, month, day).isoformat(), "day", "date", True)
        except ValueError:
            continue
    return None


def _iso(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    try:
        return (
            date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat(),
            "day",
            "date",
            False,
        )
    except ValueError:
        return None


def _year(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    return (m.group("year"), "year", "date", False)


def _decade(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "the 1990s" (199), "the '90s" (199; "'10s": 201)."""
    dec, dec2 = m.group("dec"), m.group("dec2")
    if dec == "'":
        if not dec2:
            return None
        century = "19" if int(dec2) > int(current().dates.decade_apostrophe_pivot) else "20"
        return (century + dec2[0], "decade", "date", False)
    return (dec[:3], "decade", "date", False)


def _weekday(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "last Friday", "on Tuesday night"; "Fridays" is a set."""
    g = m.groupdict()
    wd = vocabulary()["weekdays"][g["wd"].lower()]
    if g.get("plural"):
        return (f"XXXX-WXX-{wd}", None, "set", False)
    d = _weekday_date(ctx, wd, g.get("rel"))
    return (d.isoformat() if d else None, "day", "date", True)


def _day_word(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "yesterday", "today", "tomorrow night", "last night"."""
    word = (m.groupdict().get("dayword") or m.groupdict().get("rel") or "").lower()
    offset = vocabulary()["day_offsets"].get(word, 0)
    return ((ctx.dct + timedelta(days=offset)).isoformat() if ctx.dct else None, "day", "date", True)


def _anchored(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "the previous day", "the following week": from the date last mentioned, else publication."""
    v = vocabulary()
    unit = v["anchor_units"][m.group("unit").lower()]
    sign = v["relative_signs"].get(m.group("rel").lower(), 0)
    base = parse_iso(last.value) if last and last.precision == "day" else ctx.dct
    if unit in ("month", "year") and last is not None and last.value and last.value[:4].isdigit():
        parts = last.value.split("-")
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        base = date(int(parts[0]), month, 1)
    if base is None:
        return (None, "day", "date", True)
    if unit == "day":
        return ((base + timedelta(days=sign)).isoformat(), "day", "date", True)
    if unit == "week":
        return (iso_week(base + timedelta(days=7 * sign)), "week", "date", True)
    if unit == "month":
        y, mo = month_shift(base.year, base.month, sign)
        return (f"{y}-{mo:02d}", "month", "date", True)
    return (str(base.year + sign), "year", "date", True)


def _day_before(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "the day before" (the date last mentioned, else publication), "the day before yesterday"."""
    base = parse_iso(last.value) if last and last.precision == "day" else ctx.dct
    sign = vocabulary()["relative_signs"][m.group("rel").lower()]
    if m.group("yday") and ctx.dct:
        return ((ctx.dct - timedelta(days=2)).isoformat(), "day", "date", True)
    return ((base + timedelta(days=sign)).isoformat() if base else None, "day", "date", True)


def _season(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "this summer", "the winter of 2018", "last fall"; a bare "fall" is the verb."""
    v, g, dct = vocabulary(), m.groupdict(), ctx.dct
    rel, word = (g.get("rel2") or "").lower(), g["season"].lower()
    code, month = v["seasons"][word]
    if not rel and not g.get("year") and word in v["verb_seasons"]:
        return None
    if g.get("year"):
        return (f"{g['year']}-{code}", "season", "date", False)
    if dct is None:
        return (None, "season", "date", True)
    year = dct.year
    sign = v["relative_signs"].get(rel, 0)
    if sign < 0:
        year -= 1 if month >= dct.month else 0
    elif sign > 0:
        year += 1 if month <= dct.month else 0
    return (f"{year}-{code}", "season", "date", True)


def _clock(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "3 p.m.", "noon": a time on the publication day."""
    g = m.groupdict()
    if ctx.dct is None:
        return (None, "day", "time", True)
    if g.get("noon"):
        hh, mm = vocabulary()["clock_words"][g["noon"].lower()], 0
    else:
        hh, mm = int(g["hh"]) % 12, int(g.get("mm") or 0)
        if g["ampm"].lower().startswith("p"):
            hh += 12
    return (f"{ctx.dct.isoformat()}T{hh:02d}:{mm:02d}", "day", "time", True)


def _every(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "every Friday" (XXXX-WXX-5), "each week" (P1W)."""
    v, g = vocabulary(), m.groupdict()
    if g.get("wd"):
        return (f"XXXX-WXX-{v['weekdays'][g['wd'].lower()]}", None, "set", False)
    return (v["set_values"][g["sunit"].lower()], None, "set", False)


def _reference(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "now", "recently", "in the past": PRESENT_REF, PAST_REF, FUTURE_REF."""
    return (vocabulary()["references"][m.group("ref").lower()], None, "reference", True)


Resolver = Callable[[re.Match[str], Ctx, DateMention | None], Resolved | None]
RESOLVERS: dict[str, Resolver] = {
    "wdmdy": _month_day,
    "mdy": _month_day,
    "dmy": _month_day,
    "my": _month_day,
    "numeric": _numeric,
    "daymonth": _day_month,
    "iso": _iso,
    "year": _year,
    "decade": _decade,
    "weekday": _weekday,
    "today": _day_word,
    "thispod": _day_word,
    "anchor": _anchored,
    "daybefore": _day_before,
    "yearq": _year_quarter,
    "period": period,
    "relunit": relative_unit,
    "ago": ago,
    "yearago": year_ago,
    "quarter": quarter,
    "season": _season,
    "time": _clock,
    "noon": _clock,
    "set": _every,
    "duration": duration,
    "bareunits": duration,
    "ref": _reference,
}


def resolve(name: str, m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """The value of the expression pattern ``name`` matched, against ``ctx``; ``last`` is the date
    mentioned last (for "the previous day"). May raise OverflowError / ValueError past the calendar."""
    resolver = RESOLVERS.get(name)
    return resolver(m, ctx, last) if resolver is not None else None
