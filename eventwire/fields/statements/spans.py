"""Character spans of a text: joining and overlap, line breaks and sentence ends."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from ...settings import current
from .lexicon import SpeechLexicon

_SENT_END_CHARS = ".!?:”\"'\n"  # after one of these (and any space), a sentence begins

# a sentence end: a word, . ! or ?, closing marks, space, then a capital (or an opening quote)
_BREAK = re.compile(r"\b(\w+)([.!?])[\"”’']*\s+(?=[\"“‘]?[A-Z])")


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans of at least ``statements.content_min_chars`` with overlapping ones joined."""
    min_chars = int(current().statements.content_min_chars)
    out: list[tuple[int, int]] = []
    for s, e in sorted(sp for sp in spans if sp[1] - sp[0] >= min_chars):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def sentence_start(text: str, at: int) -> bool:
    """Whether ``text[:at]`` ends a sentence or paragraph (or is blank): its last character before
    trailing whitespace is one of . ! ? : ” " ' or the whitespace holds a line break."""
    j = at
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j == 0 or text[j - 1] in _SENT_END_CHARS or "\n" in text[j:at]


class SentenceEnds:
    """Sentence ends in a text, found by punctuation and capitals, not after an abbreviation
    ("Mr.", "U.S.", "Gen.", lexicon ``sentence_abbreviations``) nor inside a quotation."""

    def __init__(self, text: str, lex: SpeechLexicon, quoted: Callable[[int], bool]) -> None:
        self.text = text
        self.quoted = quoted
        self.abbreviations = lex.sentence_abbreviations
        self.max_letters = int(current().statements.abbreviation_max_letters)

    def _is_end(self, m: re.Match[str]) -> bool:
        word = m.group(1)
        abbreviated = word[0].isupper() and len(word) <= self.max_letters and m.group(2) == "."
        return not abbreviated and word.lower() not in self.abbreviations and not self.quoted(m.start(2))

    def between(self, s: int, e: int) -> Iterator[re.Match[str]]:
        """The sentence ends starting in ``[s, e)``: ``group(2)`` is the mark, ``end()`` the next sentence."""
        return (m for m in _BREAK.finditer(self.text, s, e) if self._is_end(m))


class Breaks:
    """Line breaks of a text, counted between two offsets without reading what lies between."""

    def __init__(self, text: str) -> None:
        self.lines = [m.start() for m in re.finditer("\n", text)]
        runs = [m.span() for m in re.finditer("\n\n+", text)]
        self.run_starts = [a for a, _ in runs]
        self.run_ends = [b for _, b in runs]

    def newlines(self, a: int, b: int) -> int:
        """``text[a:b].count("\\n")``."""
        return max(0, bisect_left(self.lines, b) - bisect_left(self.lines, a))

    def pairs(self, a: int, b: int) -> int:
        """``min(text[a:b].count("\\n\\n"), 2)``."""
        n, i = 0, bisect_right(self.run_ends, a)
        while n < 2 and i < len(self.run_starts) and self.run_starts[i] < b:
            n += max(0, min(self.run_ends[i], b) - max(self.run_starts[i], a)) // 2
            i += 1
        return min(n, 2)
