"""Continued quotes: an unattributed quotation opening a sentence after a direct statement goes on with it."""

from __future__ import annotations

from bisect import bisect_left, insort
from itertools import accumulate

from ...settings import current
from .cues import Found
from .quotes import Quote, strip_marks
from .spans import Breaks, merge, sentence_start


def continuations(text: str, quotes: list[Quote], found: list[Found]) -> list[Found]:
    """Attach unattributed sentence-initial quotations to the direct statement just before them.

    ``found`` is in order of start; ``quotes`` are the text's quotations. Each quotation is looked at
    once, in text order, against indexes kept as it goes: the statements that end before it (the one
    ending last is the one it may continue), the statements by start, and the line breaks of the text."""
    max_chars = int(current().statements.continuation_max_chars)
    used = {q for f in found for q in f.quotes}
    covered = sorted((f.start, f.end) for f in found)
    covered_starts = [s for s, _ in covered]
    covered_reach = list(accumulate((e for _, e in covered), max))  # furthest end so far
    breaks = Breaks(text)
    out = list(found)
    by_start = sorted((f.start, n) for n, f in enumerate(found))
    ending = sorted(
        (f.end, n) for n, f in enumerate(found) if f.kind in ("direct", "mixed")
    )  # candidates for "the statement just before", by end
    next_ending = 0
    prev, prev_n = None, -1  # the candidate ending last so far (the first such in ``out`` on ties)

    def consider(f: Found, n: int) -> None:
        nonlocal prev, prev_n
        if prev is None or f.end > prev.end or (f.end == prev.end and n < prev_n):
            prev, prev_n = f, n

    for qi, q in enumerate(quotes):
        if qi in used:
            continue
        k = bisect_left(covered_starts, q.end)  # statements starting before the quote ends ...
        if k and covered_reach[k - 1] > q.start:  # ... one of which ends after it starts
            continue
        if not sentence_start(text, q.outer_start):
            continue
        while next_ending < len(ending) and ending[next_ending][0] <= q.outer_start:
            n = ending[next_ending][1]
            consider(out[n], n)
            next_ending += 1
        if prev is None:
            continue
        pairs = breaks.pairs(prev.end, q.outer_start)
        if pairs > 1 or (not pairs and breaks.newlines(prev.end, q.outer_start) > 1):
            continue
        lo = bisect_left(by_start, (prev.end, -1))
        hi = bisect_left(by_start, (q.outer_start, -1))
        if any(out[n] is not prev and out[n].speaker is not prev.speaker for _, n in by_start[lo:hi]):
            continue  # another speaker's statement in between
        if not breaks.newlines(prev.end, q.outer_start) and q.outer_start - prev.end < max_chars:
            prev.segments = merge([*prev.segments, strip_marks(text, q.start, q.end)])
            prev.quotes.add(qi)
        elif q.closed and q.outer_start and text[q.outer_start - 1] == "\n":
            seg = strip_marks(text, q.start, q.end)
            out.append(Found(None, [seg], "direct", speaker=prev.speaker, quotes={qi}))
            insort(by_start, (seg[0], len(out) - 1))
            consider(out[-1], len(out) - 1)  # ends before every later quotation starts
    return out
