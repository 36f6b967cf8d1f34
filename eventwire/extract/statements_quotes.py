"""Quotation spans in raw text: curly (“…”), straight ("…") and doubled-apostrophe (''…'') quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def find_quotes(text: str, min_chars: int = 2) -> list[Quote]:
    """Quotations in ``text`` in order, without nesting."""
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
