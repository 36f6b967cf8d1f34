"""Small dependency-tree helpers shared by the extraction stages."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..records import Source

UNRELATED = 99  # distance reported for tokens with no common ancestor


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token's text on each access)."""
    text = doc.user_data.get("_ew_text")
    if text is None:
        text = doc.user_data["_ew_text"] = doc.text
    return text


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
