"""Quotation spans in raw text: curly (“…”), straight ("…") and doubled-apostrophe (''…'') quotes."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from ...settings import current

# An opening mark, then the shortest run up to a matching closing mark; a quote never crosses a
# paragraph break except when it is left open (news style: the next paragraph reopens it).
_QUOTE_RE = re.compile(
    r"“[^“”\n]*(?:”|(?=\n|$))|\"[^\"\n]*(?:\"|(?=\n|$))|''[^\n]*?(?:''|(?=\n|$))|``[^\n]*?(?:''|(?=\n|$))"
)
_MARKS = "“”\"'`"


@dataclass(frozen=True)
class Quote:
    """One quotation: ``start``/``end`` bound the words inside the marks; ``outer_*`` include them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool


def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text`` in order, without nesting (at least ``statements.quote_min_chars`` long)."""
    min_chars = int(current().statements.quote_min_chars)
    out: list[Quote] = []
    for m in _QUOTE_RE.finditer(text):
        raw = m.group()
        opener = 2 if raw[:2] in ("''", "``") else 1
        closed = raw.endswith(("”", '"', "''")) and len(raw) > opener
        closer = (2 if raw.endswith("''") and opener == 2 else 1) if closed else 0
        start, end = m.start() + opener, m.end() - closer
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= min_chars:
            out.append(Quote(start, end, m.start(), m.end(), closed))
    return out


def strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace, quotation marks and trailing commas/colons."""
    while start < end and (text[start].isspace() or text[start] in _MARKS + ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKS + ",;:-—"):
        end -= 1
    return start, end


def quote_tokens(doc: Doc, quotes: list[Quote]) -> list[int]:
    """For each token, the index of the quotation it lies in (marks included), or -1."""
    owner = [-1] * len(doc)
    for qi, q in enumerate(quotes):
        span = doc.char_span(q.outer_start, q.outer_end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                owner[i] = qi
    return owner


class QuoteIndex:
    """The quotations of a text by position: those overlapping a span, the one holding a character.

    Quotations are in text order and do not overlap, so their starts and ends are both sorted."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.starts = [q.start for q in quotes]
        self.ends = [q.end for q in quotes]

    def within(self, s: int, e: int) -> list[Quote]:
        """The quotations whose words overlap ``[s, e)``, in order."""
        out = []
        for i in range(bisect_right(self.ends, s), len(self.quotes)):
            if self.quotes[i].start >= e:
                break
            out.append(self.quotes[i])
        return out

    def covers(self, at: int) -> bool:
        """Whether the character at ``at`` is inside a quotation's words."""
        i = bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.quotes[i].end
