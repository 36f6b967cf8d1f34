"""The trained PLOVER type model: a linear classifier over a sentence's cues and words.

Features of a sentence (:func:`sentence_features`), the same blocks as the ACLED coder
(:mod:`eventwire.learn.coder`): what the rule stages found in it (its events' lexicon features,
its statements' cues and rule types, the PLOVER cues of ``plover.yaml`` and which of them heads the
sentence) and its word unigrams and bigrams with names and numbers masked. Two heads share them:
the 16 PLOVER types (trained on the PLOVER gold records) and the four CAMEO quads (trained on the
quad sentences and the gold records); a type's score adds ``quad_weight`` times its quad's log
probability. The weights are a gzipped JSON file read with NumPy; ``scripts/train_plover.py``
trains it (scikit-learn).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ...data import model_path, read_json_model
from ...errors import DataFileError, Errors
from ...learn.coder import lexicon_features, masked_words, ngrams
from ...settings import current
from .codebook import Codebook

MODEL_FORMAT = "plover-1"

# one training sample per sentence: its rule features, its text, whether it reports an interaction,
# the PLOVER types its ACLED events map to
Sample = tuple[list[str], str, bool, frozenset[str]]
_SINK: ContextVar[list[Sample] | None] = ContextVar("eventwire_plover_sink", default=None)


def word_features(text: str, common: frozenset[str]) -> list[str]:
    """Word unigrams and bigrams of a sentence, names and numbers masked (the coder's)."""
    return sorted({f"w:{t}" for t in ngrams(masked_words(text, common))})


def rule_features(
    tokens: Sequence[Any],
    events: Sequence[Any],
    statements: Sequence[Any],
    book: Codebook,
    hits: list[tuple[int, int, str]] | None = None,
) -> list[str]:
    """What the rule stages found in one sentence (``tokens``: its spaCy tokens; ``hits``: its
    codebook cues, when the caller has found them already)."""
    feats = set(lexicon_features(list(events)))
    for s in statements:
        feats |= {f"stp:{s.plover_type}", f"stc:{(s.cue or '').lower()}", f"stk:{s.kind}"}
    roots = {t.i for t in tokens if t.dep_ == "ROOT"}
    hits = book.cues.find(tokens) if hits is None else hits
    rooted: set[str] = set()
    depth = {start: len(list(tokens[start].ancestors)) for start, _, _ in hits}
    top = min(depth.values(), default=None)
    for start, end, ptype in hits:
        feats.add(f"cue:{ptype}")
        if depth[start] == top:
            feats.add(f"topcue:{ptype}")  # the cue highest in the parse: the sentence's own predicate
        head = tokens[start]
        if head.i in roots or head.head.i in roots:
            feats.add(f"rootcue:{ptype}")
            rooted.add(ptype)
        if any(tokens[k].dep_ in ("xcomp", "ccomp") for k in range(start, end)):
            feats.add(f"compcue:{ptype}")
        if _marked(head, book.intent):  # an intent, and its side: a promise or a threat
            feats |= {f"intent:{ptype}", f"intentquad:{book.quad_of(ptype)}"}
        if _marked(head, book.obligation):  # asked of someone: a demand or an appeal
            feats |= {f"oblig:{ptype}", "oblig"}
        if any(c.dep_ == "neg" for t in (head, head.head) for c in t.children):
            feats.add(f"neg:{ptype}")
    found = {ptype for _, _, ptype in hits}
    feats |= {f"pair:{r}>{c}" for r in rooted for c in found - {r}}  # "suspended (SANCTION) aid (AID)"
    if any(t.lower_ in book.condition for t in tokens):
        feats.add("condition")
    feats |= {f"root:{t.lemma_.lower()}" for t in tokens if t.i in roots}
    return sorted(feats)


def _marked(tok: Any, words: frozenset[str], steps: int = 3) -> bool:
    """A marker among the auxiliaries of ``tok`` or of the verbs above it ("will send", "plans to meet")."""
    for _ in range(steps):
        if (
            tok.lemma_.lower() in words
            and tok.pos_ != "NOUN"
            or any(c.dep_ in ("aux", "amod", "acomp") and c.lemma_.lower() in words for c in tok.children)
        ):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


@contextmanager
def collect_samples() -> Iterator[list[Sample]]:
    """Record a :data:`Sample` of every sentence coded inside the block (training)."""
    sink: list[Sample] = []
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)


def recording() -> bool:
    """Whether samples are being collected (training): :func:`record` keeps them."""
    return _SINK.get() is not None


def record(sample: Sample) -> None:
    sink = _SINK.get()
    if sink is not None:
        sink.append(sample)


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max())
    return e / e.sum()


def quad_term(logq: np.ndarray, quads: Sequence[str], labels: Sequence[str], book: Codebook) -> np.ndarray:
    """Each type's share of the quad head's log probabilities ``logq``: the best of the quad classes
    its CAMEO-labelled sentences carry (:meth:`Codebook.cameo_quads_of`)."""
    qi = {name: k for k, name in enumerate(quads)}
    return np.array([max(logq[qi[q]] for q in book.cameo_quads_of(t)) for t in labels])


@dataclass(frozen=True)
class PloverModel:
    """Weights of both heads, the words that are never names, and how much the quad head weighs."""

    labels: tuple[str, ...]
    quads: tuple[str, ...]
    vocab: dict[str, int]
    coef: np.ndarray  # (features, types)
    bias: np.ndarray
    quad_coef: np.ndarray  # (features, quads)
    quad_bias: np.ndarray
    common: frozenset[str]
    quad_weight: float
    meta: dict[str, Any]

    def _rows(self, features: Sequence[str]) -> list[int]:
        return [self.vocab[f] for f in features if f in self.vocab]

    def heads(self, features: Sequence[str], book: Codebook) -> tuple[dict[str, float], dict[str, float]]:
        """Type probabilities (the quad head's view folded in, renormalised) and quad probabilities,
        from one pass over the features."""
        rows = self._rows(features)
        q = _softmax(self.quad_bias + self.quad_coef[rows].sum(0))
        logp = np.log(_softmax(self.bias + self.coef[rows].sum(0)))
        if self.quad_weight:
            logp = logp + self.quad_weight * quad_term(np.log(q), self.quads, self.labels, book)
        return dict(zip(self.labels, _softmax(logp).tolist())), dict(zip(self.quads, q.tolist()))

    def probabilities(self, features: Sequence[str], book: Codebook) -> dict[str, float]:
        """Type probabilities, the quad head's view folded in (renormalised)."""
        return self.heads(features, book)[0]

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.vocab, key=self.vocab.get)
        keep = [
            f
            for f in names
            if np.abs(self.coef[self.vocab[f]]).max() >= 1e-3
            or np.abs(self.quad_coef[self.vocab[f]]).max() >= 1e-3
        ]
        return {
            "format": MODEL_FORMAT,
            "labels": list(self.labels),
            "quads": list(self.quads),
            "bias": [round(float(b), 5) for b in self.bias],
            "quad_bias": [round(float(b), 5) for b in self.quad_bias],
            "quad_weight": self.quad_weight,
            "common": sorted(self.common),
            "weights": {f: [round(float(x), 4) for x in self.coef[self.vocab[f]]] for f in keep},
            "quad_weights": {f: [round(float(x), 4) for x in self.quad_coef[self.vocab[f]]] for f in keep},
            "meta": self.meta,
        }

    def save(self, path: str | Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, separators=(",", ":"))


def read_model(path: str | Path, book: Codebook) -> PloverModel:
    """Load a model written by :meth:`PloverModel.save`; its types must be the codebook's."""
    data = read_json_model(path, "PLOVER model", MODEL_FORMAT)
    labels = tuple(data["labels"])
    if set(labels) != set(book.types):
        raise DataFileError(Errors.E033.format(path=path, labels=labels))
    names = sorted(data["weights"])
    return PloverModel(
        labels=labels,
        quads=tuple(data["quads"]),
        vocab={f: i for i, f in enumerate(names)},
        coef=np.array([data["weights"][f] for f in names], dtype=np.float64).reshape(len(names), len(labels)),
        bias=np.array(data["bias"], dtype=np.float64),
        quad_coef=np.array([data["quad_weights"][f] for f in names], dtype=np.float64).reshape(
            len(names), len(data["quads"])
        ),
        quad_bias=np.array(data["quad_bias"], dtype=np.float64),
        common=frozenset(data["common"]),
        quad_weight=float(data["quad_weight"]),
        meta=data.get("meta", {}),
    )


@lru_cache(maxsize=4)
def _load(name: str) -> PloverModel | None:
    from .codebook import load_codebook

    path = model_path(name)  # None: no model: the rules' PLOVER types stand
    return read_model(path, load_codebook()) if path is not None else None


_OVERRIDE: ContextVar[PloverModel | None] = ContextVar("eventwire_plover_model", default=None)


@contextmanager
def using_model(model: PloverModel) -> Iterator[None]:
    """Code with ``model`` instead of the one the settings name, inside the block (cross-validation)."""
    token = _OVERRIDE.set(model)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)


def plover_model() -> PloverModel | None:
    """The active PLOVER model (``[plover] model`` in the settings, loaded once), unless a block of
    :func:`using_model` names another."""
    return _OVERRIDE.get() or _load(str(current().plover.model or ""))
