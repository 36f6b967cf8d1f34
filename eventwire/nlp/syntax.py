"""Small dependency-tree helpers shared by the extraction stages."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from spacy.tokens import Doc, Token

from ..records import Source

UNRELATED = 99  # distance reported for tokens with no common ancestor

T = TypeVar("T")
_MEMO: weakref.WeakKeyDictionary[Doc, dict[Callable[..., Any], Any]] = weakref.WeakKeyDictionary()


def once_per_doc(fn: Callable[[Doc], T]) -> Callable[[Doc], T]:
    """``fn(doc)`` computed once per document and kept while the Doc lives: for facts of a whole
    article that each of its records asks for (its text, its dateline, the names of people's homes),
    so that linking stays linear in the article's length. The parse does not change after the
    pipeline's parse step; results should be immutable (tuples)."""

    @functools.wraps(fn)
    def once(doc: Doc) -> T:
        memo = _MEMO.setdefault(doc, {})
        if fn not in memo:
            memo[fn] = fn(doc)
        return memo[fn]

    return once


@once_per_doc
def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token's text on each access)."""
    return doc.text


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of one sentence (``UNRELATED`` if none)."""
    up = {a.i: 0}
    t, n = a, 0
    while t.head.i != t.i:
        t, n = t.head, n + 1
        up[t.i] = n
    t, n = b, 0
    while True:
        if t.i in up:
            return n + up[t.i]
        if t.head.i == t.i:
            return UNRELATED
        t, n = t.head, n + 1


def source_root(doc: Doc, source: Source | None) -> Token | None:
    """The syntactic root of the tokens a character span covers (None for no span or no tokens)."""
    if source is None:
        return None
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
