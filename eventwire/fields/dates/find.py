"""Finding: every temporal expression in a parsed Doc, resolved, as DateMention records."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from ...nlp.syntax import doc_text
from ...records import Article, DateMention
from ...settings import current
from .context import Ctx
from .days import is_calendar_value, published_date
from .grammar import grammar, text_runs, vocabulary
from .resolve import resolve

Candidate = tuple[int, int, str, re.Match[str]]  # start, end, pattern name, match
_TENSED = frozenset({"mdy", "dmy", "my", "weekday", "quarter"})  # patterns whose year or week the tense picks
_WIDENED = frozenset(
    {"month", "year", "season", "quarter", "decade", "week"}
)  # precisions "early", "mid" widen


def candidates(text: str) -> list[Candidate]:
    """Every pattern's matches in ``text``; overlapping ones resolved longest first, then earliest."""
    gram = grammar()
    runs: dict[tuple[re.Pattern[str], re.Pattern[str]], list[tuple[int, int]]] = {}
    found = []
    for name, pattern in gram.patterns:
        window = gram.windows.get(name)
        if window is None:
            matches: Iterable[re.Match[str]] = pattern.finditer(text)
        else:
            if window not in runs:
                runs[window] = text_runs(text, *window)
            matches = (m for a, b in runs[window] for m in pattern.finditer(text, a, b))
        for m in matches:
            if m.end() > m.start():
                found.append((m.start(), m.end(), name, m))
    # longest first, then earliest; keep those that overlap nothing already kept
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept: list[Candidate] = []
    taken = bytearray(len(text) + 1)
    for c in found:
        if any(taken[c[0] : c[1]]):
            continue
        taken[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
        kept.append(c)
    kept.sort(key=lambda c: c[0])
    return kept


def _keep(doc: Doc, name: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Filter candidates the parse shows are not dates (a year that counts things, the modal "May")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    v = vocabulary()
    if name == "year":
        tok = span[-1]
        if tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS"):
            return False
        if tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") or tok.like_num is False:
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in v["year_followers"] | v["clock_after"]:
            return False
        if span[0].i > 0 and doc[span[0].i - 1].lower_ in v["clock_before"]:
            return False  # "at 1600": a clock time
    if name == "my" and not m.group("year") and _verb_month(m.group(0)):
        before = doc_text(doc)[max(0, start - 12) : start].lower()
        words = re.findall(r"[a-z]+", before)
        return before.endswith("-") or bool(words and words[-1] in v["month_context"])
    if name == "ref" and m.group(0).lower() in v["past_future_references"]:
        # "in the past", "for the future" are references; "the past three months" is a duration
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and (nxt.like_num or nxt.lower_ in v["duration_openers"]):
            return False
    if name == "duration" and m.group("vague") and m.group("vague").lower() in v["loose_quantities"]:
        return m.group("unit").lower().startswith(tuple(v["loose_quantity_units"]))
    return True


def _verb_month(text: str) -> bool:
    """A bare month name that is a verb too, as written ("May", "MARCH"; not "may")."""
    return any(text in (w.capitalize(), w.upper()) for w in vocabulary()["verb_months"])


def _direction(doc: Doc, start: int, end: int) -> int:
    """-1 when the governing verb is past, +1 when it points forward, 0 when unsure."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return -1
    v = vocabulary()
    future = v["future_auxiliaries"]
    tok: Token = span.root
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    if prev in v["forward_openers"]:
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
    if tok.lower_ in future or tok.lemma_.lower() in v["forward_lemmas"]:
        return 1
    if tok.tag_ in ("VBD", "VBN"):
        return -1
    to = v["infinitive_markers"]
    infinitive = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ in to for c in tok.children)
    if infinitive and tok.head.lemma_.lower() in v["intent_lemmas"]:
        return 1  # "plans to meet on Friday"
    if tok.tag_ in ("VBZ", "VBP", "VBG", "MD"):
        return 0
    return -1


def find_dates(doc: Doc, published: Article | str | date | None) -> list[DateMention]:
    """Every temporal expression in ``doc``, resolved relative to ``published`` (an ISO date)."""
    text = doc_text(doc)
    dct = published_date(published)
    gram = grammar()
    since_chars = int(current().dates.since_window_chars)
    prefix_chars = int(current().dates.prefix_window_chars)
    confidence = (
        float(current().dates.confidence_resolved),
        float(current().dates.confidence_unresolved),
    )
    out: list[DateMention] = []
    weekdays: list[int] = []  # indices in ``out`` of the weekday mentions, in text order
    last: DateMention | None = None
    last_quarter: str | None = None
    for start, end, name, m in candidates(text):
        if not _keep(doc, name, start, end, m):
            continue
        direction = _direction(doc, start, end) if name in _TENSED else -1
        lead = text[max(0, start - since_chars) : start]
        pm = gram.prefix.search(lead)
        if gram.since.search(lead[: pm.start()] if pm else lead):
            direction = -1  # "since ..." starts in the past
        try:
            resolved = resolve(name, m, Ctx(dct, direction, last_quarter), last)
        except (OverflowError, ValueError):  # "99999999 days ago": past the ends of the calendar
            continue
        if resolved is None:
            continue
        value, precision, kind, relative = resolved
        if value and kind in ("date", "time") and not is_calendar_value(value, precision):
            value = None
        before = text[max(0, start - prefix_chars) : start]
        pm = gram.prefix.search(before)
        if pm and kind == "date" and precision in _WIDENED:
            start -= len(pm.group(0))
            before = text[max(0, start - prefix_chars) : start]
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
            confidence=confidence[0] if value else confidence[1],
        )
        if name == "weekday":
            weekdays.append(len(out))
        out.append(mention)
        if kind in ("date", "range-start") and value:
            last = mention
            if name in ("quarter", "yearq") and precision == "quarter" and "-Q" in value:
                last_quarter = value
    return _restated(text, out, weekdays)


def _restated(text: str, out: list[DateMention], weekdays: list[int]) -> list[DateMention]:
    """ "on Saturday (24/01)": a weekday that the day in brackets after it restates takes that day
    (the weekday alone reads as the latest Saturday)."""
    for i in weekdays:
        if i + 1 < len(out):
            day = out[i + 1]
            if day.value and day.precision == "day" and text[out[i].end : day.start].strip() == "(":
                out[i] = replace(out[i], value=day.value, relative=day.relative)
    return out


def published_from_dateline(text: str) -> str | None:
    """The ISO date of a dateline at the start of ``text`` ("BAGHDAD, Feb. 8, 2024 (Reuters) -"), or None."""
    head = text.lstrip()[: int(current().dates.dateline_chars)]
    gram = grammar()
    m = gram.dateline.match(head)
    if not m:
        return None
    for name, pattern in gram.patterns:
        if name not in ("mdy", "dmy", "iso"):
            continue
        dm = pattern.search(m.group("date"))
        if dm and dm.groupdict().get("year", "x") is not None:
            resolved = resolve(name, dm, Ctx(None, -1), None)
            if resolved and resolved[0] and resolved[1] == "day":
                return resolved[0]
    return None
