"""A trained event-type model: a linear classifier over the rule stage's own evidence.

The trigger lexicon finds an event and proposes its class; this model, trained on coded notes
(``eventwire train acled``), reads the same sentence as features (its words, with names masked
so that places and people it never saw weigh nothing; the rule's class,
triggers and actor types) and may move the event to another ACLED event type when it is
confident. The weights are a gzipped JSON file; inference is a sum of weights and a softmax.
"""

from __future__ import annotations

import gzip
import json
import math
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from ...data import model_path, read_json_model
from ...settings import current
from ...sinks import Sink
from .hits import Group, Hit
from .labels import is_label
from .lexicon import EventClass, word_set
from .sides import inter_of

MODEL_FORMAT = 1
LABELS = (
    "Battles",
    "Explosions/Remote violence",
    "Protests/Riots",
    "Strategic developments",
    "Violence against civilians",
)
# names weigh as one kind (the small model's entity labels are unreliable: a village is often a
# PERSON), numbers and dates as theirs: the model learns how events are told, not where
NAMES = frozenset({"GPE", "LOC", "FAC", "PERSON", "ORG"})
MASKED = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY"})

Sample = tuple[list[str], str, frozenset[str]]  # features, the rule's label, labels it may move to
_SINK: Sink[Sample] = Sink("event_type")


def label_of(event_type: str | None) -> str | None:
    """The model's label for an ACLED event type (Protests and Riots are one label, as in old ACLED)."""
    if event_type in ("Protests", "Riots"):
        return "Protests/Riots"
    return event_type if event_type in LABELS else None


def _word(tok: Token) -> str | None:
    if tok.is_punct or tok.is_space:
        return None
    if tok.ent_type_ in NAMES or (tok.pos_ == "PROPN" and not tok.ent_type_):
        return "<NAME>"  # a name the tagger found and the recogniser missed too
    if tok.ent_type_ in MASKED:
        return f"<{tok.ent_type_}>"
    if tok.like_num:
        return "<NUM>"
    low = tok.lemma_.lower()
    if tok.is_stop and low not in word_set("kept_stop_words"):
        return None
    return low


def _kicker(tok: Token) -> list[str]:
    """Words of a short label just before the event's sentence ("Security measure:", "Explosives:")."""
    start = tok.sent.start
    if start == 0:
        return []
    label = tok.doc[start - 1].sent
    if not is_label(label):
        return []
    return [w for t in label if (w := _word(t)) is not None]


def event_features(group: Group, primary: Hit, cls: EventClass, actors: dict) -> list[str]:
    """Features of one event mention: words and word pairs of its sentence, and the rule's view."""
    words: list[str] = []
    for tok in primary.tok.sent:
        w = _word(tok)
        if w is not None and not (words and w == words[-1] and w.startswith("<")):
            words.append(w)
    feats = {f"w:{w}" for w in words} | {f"b:{a}|{b}" for a, b in zip(words, words[1:])}
    feats |= {f"kicker:{w}" for w in _kicker(primary.tok)}
    tok = primary.tok
    i1, i2 = (str(inter_of(actors, name) or "-") for name in ("actor1", "actor2"))
    feats |= {
        f"cls:{cls.name}",
        f"type:{label_of(cls.event_type)}",
        f"trigger:{tok.lemma_.lower()}",
        f"trigger_pos:{tok.pos_}",
        f"strength:{primary.trig.strength}",
        f"inter1:{i1}",
        f"inter2:{i2}",
        f"inters:{i1}_{i2}",
    }
    feats |= {f"hit:{h.cls.name}" for h in group.hits}
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "nsubj", "agent", "pobj"):
            w = _word(c)
            if w is not None:
                feats.add(f"{c.dep_}:{w}")
    return sorted(feats)


def collect_features() -> AbstractContextManager[list[Sample]]:
    """Record a :data:`Sample` of every event mention found inside the block (training)."""
    return _SINK.collecting()


def record(features: list[str], rule_label: str, allowed: frozenset[str]) -> None:
    """Hand one mention's sample to :func:`collect_features`, if a block is collecting."""
    _SINK.record((features, rule_label, allowed))


@dataclass(frozen=True)
class TypeModel:
    """Weights of a linear event-type model and the rule for overriding the lexicon."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # probability the model's label needs to replace the rule's
    meta: dict[str, Any]

    def probabilities(self, features: list[str]) -> dict[str, float]:
        scores = list(self.bias)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                scores = [s + x for s, x in zip(scores, w)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {label: e / total for label, e in zip(self.labels, exp)}

    def relabel(self, features: list[str], rule_label: str, allowed: frozenset[str]) -> str | None:
        """The label (one of ``allowed``) to use instead of ``rule_label``, or None to keep the rule's."""
        return decide(self.probabilities(features), rule_label, self.threshold, allowed)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "labels": list(self.labels),
            "bias": [round(b, 5) for b in self.bias],
            "threshold": self.threshold,
            "weights": {f: [round(x, 4) for x in w] for f, w in sorted(self.weights.items())},
            "meta": self.meta,
        }

    def save(self, path: str | Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, separators=(",", ":"))


def decide(
    probs: dict[str, float], rule_label: str, threshold: float, allowed: frozenset[str] = frozenset(LABELS)
) -> str | None:
    """The model's label where it is confident, differs from the rule's and is allowed, else None."""
    best = max(probs, key=probs.get)
    if best != rule_label and best in allowed and probs[best] >= threshold:
        return best
    return None


def read_model(path: str | Path) -> TypeModel:
    """Load a model file written by :meth:`TypeModel.save`."""
    data = read_json_model(path, "event-type model", MODEL_FORMAT)
    labels = tuple(data["labels"])
    return TypeModel(
        labels=labels,
        bias=tuple(data["bias"]),
        weights={f: tuple(w) for f, w in data["weights"].items()},
        threshold=float(data["threshold"]),
        meta=data.get("meta", {}),
    )


@lru_cache(maxsize=4)
def _load(name: str) -> TypeModel | None:
    path = model_path(name)  # None: no model shipped or trained: the lexicon alone types events
    return read_model(path) if path is not None else None


def type_model() -> TypeModel | None:
    """The active event-type model (``[events] type_model`` in the settings), loaded once."""
    return _load(str(current().events.type_model or ""))
