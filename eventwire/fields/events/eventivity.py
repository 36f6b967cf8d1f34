"""Eventivity: is a candidate event mention a specific, reported occurrence?

The trigger lexicon finds candidate mentions; many in real news are no occurrence at all: a
generic statement ("militants use roadside bombs"), a metaphor ("attacked his wife", "the prison
population exploded"), a hypothesis or plan, a claim about unnamed past attacks, a cumulative
toll, a denial. A small linear model judges each candidate from the evidence the event-type model
reads (masked sentence words and word pairs, the rule's class, triggers and actor types) and from
cues of eventivity: the tense and aspect of the trigger's verb, its modal, negation and
conditional dependents, the verbs that govern it, whether its subject is generic, whether a
violent participant or a weapon takes part (a metaphor verb needs one), numbers, and a date or a
place in its sentence.

Trained by ``scripts/train_eventivity.py`` (scikit-learn at training time only) on the
development data; shipped as gzipped JSON; inference is a sum of weights and a logistic.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from ...context import DocContext
from ...data import model_path, read_json_model
from ...records import ARMED, CROWDS, Event, Source
from ...settings import current
from ...sinks import Sink
from .args import PASS_SUBJ, SUBJ, clause_head, clause_tokens, verb_of
from .hits import Group, Hit
from .lexicon import EventClass, Lexicon, cue_text, has_cue, word_set
from .model import event_features
from .sides import inter_of

MODEL_FORMAT = 1
REAL = ("current", "past")  # the statuses of an event ACLED codes

Sample = tuple[list[str], Event]  # the features of one candidate, the event it became
_SINK: Sink[Sample] = Sink("eventivity")
_OVERRIDE: ContextVar[tuple[EventivityModel | None, float | None] | None] = ContextVar(
    "eventwire_eventivity_override", default=None
)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJ + PASS_SUBJ), None)


def _cues(tok: Token, ctx: DocContext, group: Group, actors: dict, lex: Lexicon) -> set[str]:
    """Cues of eventivity around the trigger ``tok`` (see the module note)."""
    feats: set[str] = {f"tag:{tok.tag_}"}
    verb = verb_of(tok)
    head = clause_head(tok)
    feats.add(f"verb_tag:{verb.tag_}" if verb is not tok else "verb:self")
    if verb is not tok:
        feats.add(f"verb:{_lemma(verb)}")
    feats.add(f"head_tag:{head.tag_}")
    feats.add(f"dep:{tok.dep_}")
    # modal, tense and negation dependents of the trigger, its verb and its clause's head
    for t in {tok, verb, head}:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass"):
                feats.add(f"aux:{c.lower_}")
            elif c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                feats.add("neg")
            elif c.dep_ == "mark":
                feats.add(f"mark:{c.lower_}")
            elif c.dep_ == "advcl":  # "..., if the talks fail": a condition on the clause
                feats |= {f"advcl_mark:{m.lower_}" for m in c.children if m.dep_ == "mark"}
    # the verbs above the clause: "denied that ...", "claimed ...", "could ...", "if ..."
    for anc in list(head.ancestors)[:3]:
        if anc.pos_ in ("VERB", "AUX"):
            feats.add(f"anc:{_lemma(anc)}")
            feats |= {f"anc_aux:{c.lower_}" for c in anc.children if c.dep_ in ("aux", "neg")}
    # the trigger as a noun: determiner and number ("an attack", "attacks", "the attacks")
    generic, specific = word_set("generic_determiners"), word_set("specific_determiners")
    name_span = (-1, -1)
    if tok.pos_ in ("NOUN", "PROPN"):
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss", "nummod", "amod")]
        feats |= {f"tdet:{d}" for d in dets if d in generic or d in specific}
        if tok.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("det", "nummod", "poss") for c in tok.children):
            feats.add("bare_plural")
        # named by its date ("the Sept. 11 attacks", "the 2003 invasion"): a reference by name
        name = [t for c in tok.lefts for t in c.subtree if t.ent_type_ == "DATE"]
        if name:
            feats.add("named_by_date")
            name_span = (name[0].idx, name[-1].idx + len(name[-1]))
    # subject genericity
    subj = _subject(verb) or _subject(head)
    if subj is None:
        feats.add("subj:none")
    else:
        det = next((c.lower_ for c in subj.children if c.dep_ == "det"), None)
        if subj.pos_ == "PRON":
            feats.add(f"subj_pron:{subj.lower_}")
        elif subj.ent_type_:
            feats.add(f"subj_ent:{subj.ent_type_}")
        elif det is None and subj.tag_ in ("NNS", "NNPS"):
            feats.add("subj:bare_plural")
        elif det is not None:
            feats.add(f"subj_det:{det if det in generic or det in specific else 'other'}")
        if any(c.like_num or c.dep_ == "nummod" for c in subj.children):
            feats.add("subj:counted")
    # violent participants and weapons: a metaphor verb needs one
    text = cue_text(clause_tokens(head))
    sent_text = cue_text(tok.sent)
    weapon = any(has_cue(text, forms) for forms in lex.weapon_cues.values()) or has_cue(
        text, lex.cues["arms"]
    )
    inters = {inter_of(actors, n) for n in ("actor1", "actor2")}
    armed = bool(inters & ARMED)
    crowd = bool(inters & CROWDS)
    violent = (
        weapon
        or armed
        or has_cue(text, lex.cues["conflict"])
        or has_cue(text, lex.cues["violent_in_any_sense"])
        or has_cue(text, lex.cues["casualties"])
    )
    feats |= {n for n, on in (("weapon", weapon), ("armed", armed), ("crowd", crowd)) if on}
    if has_cue(text, lex.cues["casualties"]):
        feats.add("casualties")
    if not (violent or crowd):
        feats.add("no_violent_participant")
        feats.add(f"unarmed_trigger:{_lemma(tok)}")
    if any(has_cue(sent_text, forms) for forms in lex.weapon_cues.values()):
        feats.add("weapon_in_sentence")
    # numbers, dates and places around it
    clause = clause_tokens(head)
    if any(t.like_num and t.ent_type_ not in ("DATE", "TIME") for t in clause):
        feats.add("number_in_clause")
    sent = tok.sent
    lo, hi = sent.start_char, sent.end_char
    # a date in its sentence, not the date that names it (above)
    dates = [
        d
        for d in ctx.dates
        if lo <= d.start < hi and d.kind != "publication" and not name_span[0] <= d.start < name_span[1]
    ]
    for d in dates:
        feats.add(f"date:{d.kind}:{d.precision}")
    if not dates:
        feats.add("date:none")
    if any(lo <= p.start < hi and p.iso3 for p in ctx.places):
        feats.add("place_in_sentence")
    return feats


def eventivity_features(
    group: Group, primary: Hit, cls: EventClass, actors: dict, ctx: DocContext, lex: Lexicon
) -> list[str]:
    """Features of one candidate mention: the event-type model's and the cues of eventivity."""
    feats = set(event_features(group, primary, cls, actors))
    feats |= {f"e:{c}" for c in _cues(primary.tok, ctx, group, actors, lex)}
    return sorted(feats)


@dataclass(frozen=True)
class EventivityModel:
    """Weights of a binary logistic model: P(the mention is a specific reported occurrence)."""

    bias: float
    weights: dict[str, float]
    meta: dict[str, Any]

    def probability(self, features: list[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        if score >= 0:
            return 1.0 / (1.0 + math.exp(-score))
        e = math.exp(score)
        return e / (1.0 + e)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "bias": round(self.bias, 5),
            "weights": {f: round(w, 4) for f, w in sorted(self.weights.items())},
            "meta": self.meta,
        }

    def save(self, path: str | Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, separators=(",", ":"))


def read_eventivity_model(path: str | Path) -> EventivityModel:
    """Load a model file written by :meth:`EventivityModel.save`."""
    data = read_json_model(path, "eventivity model", MODEL_FORMAT)
    return EventivityModel(
        bias=float(data["bias"]),
        weights={f: float(w) for f, w in data["weights"].items()},
        meta=data.get("meta", {}),
    )


@lru_cache(maxsize=4)
def _load(name: str) -> EventivityModel | None:
    path = model_path(name)  # None: no model shipped: every candidate the lexicon allows is an event
    return read_eventivity_model(path) if path is not None else None


def eventivity_model() -> EventivityModel | None:
    """The active model: ``[events] eventivity_model`` (or one set by :func:`use_eventivity_model`)."""
    override = _OVERRIDE.get()
    if override is not None:
        return override[0]
    return _load(str(current().events.eventivity_model or ""))


@contextmanager
def use_eventivity_model(model: EventivityModel | None, threshold: float | None = None) -> Iterator[None]:
    """Judge candidates inside the block with ``model`` (None: keep every candidate; training) and
    ``threshold`` (None: the settings')."""
    token = _OVERRIDE.set((model, threshold))
    try:
        yield
    finally:
        _OVERRIDE.reset(token)


def collect_eventivity() -> AbstractContextManager[list[Sample]]:
    """Record a :data:`Sample` of every ACLED candidate mention found inside the block (training)."""
    return _SINK.collecting()


def judge(candidates: list[tuple[Event, list[str] | None]]) -> list[Event]:
    """Every candidate, each judged one (features not None: an ACLED type the lexicon proposed, not
    a coder's label) carrying the model's probability as ``provenance["eventivity"]`` (the trigger's
    span, the probability as its confidence). :func:`eventive` reads it once the status is known."""
    model = eventivity_model()
    out = []
    for event, feats in candidates:
        if feats is not None:
            _SINK.record((feats, event))
        if feats is not None and model is not None and event.trigger is not None:
            t = event.trigger
            event.provenance["eventivity"] = Source(
                t.text, t.start, t.end, round(model.probability(feats), 4)
            )
        out.append(event)
    return out


def threshold() -> float:
    """The probability a candidate needs (``[events] eventivity_threshold``, or one set by
    :func:`use_eventivity_model`)."""
    override = _OVERRIDE.get()
    if override is not None and override[1] is not None:
        return override[1]
    return float(current().events.eventivity_threshold)


def eventive(event: Event) -> bool:
    """Whether a linked mention stays an event: a mention of current or past status needs the
    model's probability to reach :func:`threshold` (no judgement: it stays); a mention the status
    stage already calls aggregate, negated, hypothetical or future stays as such, with its cue."""
    judged = event.provenance.get("eventivity")
    if judged is None or event.status not in REAL or _OVERRIDE.get() == (None, None):
        return True
    return judged.confidence >= threshold()


__all__ = [
    "EventivityModel",
    "collect_eventivity",
    "eventivity_features",
    "eventive",
    "eventivity_model",
    "judge",
    "threshold",
    "read_eventivity_model",
    "use_eventivity_model",
]
