"""PLOVER coding of sentences: finding (:func:`find_plover`) apart from writing (:func:`attach_plover`).

A sentence reports an interaction when an event was found in it, a statement with a verbal cue, or
a PLOVER cue (``plover.yaml``) beside a named actor. The trained model (:mod:`.model`) gives it one
of the 16 types; an event with an ACLED sub-event type keeps the codebook's PLOVER coding of that
sub-type (an air strike is ASSAULT, aerial), so the two codings of one event agree. The mode is the
first of the type's modes with a cue in the sentence, the contexts every context with a cue.
The sentence's PLOVER event is its ACLED event where the types agree, else its verbal event, else a
new verbal event (none where the model names another deed than the ACLED event's, with no speaker:
that is the same deed told otherwise, and the ACLED coding stands); a statement's PLOVER event
takes the statement's speaker as its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...records import Event, Source, Statement
from ..actors import normalise_actor
from ..events.find import reference_sections
from .codebook import Codebook, contexts_for, load_codebook, mode_for
from .model import plover_model, record, recording, rule_features, word_features

_ACTOR_ENTS = ("ORG", "GPE", "NORP", "PERSON")
MATERIAL = ("material cooperation", "material conflict")


@dataclass
class PloverCoding:
    """One sentence's PLOVER coding and the records it applies to."""

    text: str  # the sentence
    start: int
    end: int
    type: str
    mode: str | None
    context: str | None
    probability: float
    cue: Source | None
    events: list[int] = field(default_factory=list)  # indexes of the sentence's events
    statements: list[int] = field(default_factory=list)
    source: Source | None = None  # actor spans around the cue
    target: Source | None = None
    quad_probs: dict[str, float] | None = None  # the model's quad head on the sentence
    other: tuple[str, str | None] | None = None  # (type, mode) of the sentence's other events where
    # the coding is its ACLED event's: the best type that is not


def _within(sent: Span, start: int | None) -> bool:
    return start is not None and sent.start_char <= start < sent.end_char


def _np(tok: Token) -> Source:
    """The noun phrase headed by ``tok``, without its clause or prepositional tail."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "prep", "punct", "appos", "cc", "conj"):
            end = min(end, child.left_edge.i)
    doc = tok.doc
    while start < end - 1 and doc[start].dep_ in ("det", "punct"):
        start += 1
    span = doc[start:end]
    return Source(span.text, span.start_char, span.end_char)


def _sides(cue: Token) -> tuple[Source | None, Source | None]:
    """Who acts (the subject of the cue's clause) and at whom (its object or prepositional object)."""
    verb = cue
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    objs = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
    preps = [c for c in verb.children if c.dep_ == "prep"]
    objs += [g for p in preps for g in p.children if g.dep_ == "pobj"]
    # not the cue's own phrase ("repeated its call"): its target is inside it (_named_below)
    obj = next((o for o in objs if cue not in o.subtree), None)
    return (_np(subj) if subj is not None else None), (_np(obj) if obj is not None else None)


def _cue(
    sent: Span, hits: list[tuple[int, int, str]], ptype: str, fallback: Source | None
) -> Token | Source | None:
    """The cue token of ``ptype`` nearest the sentence's root, else the records' own cue."""
    own = [sent[s] for s, _, t in hits if t == ptype]
    if own:
        return min(own, key=lambda t: (t.pos_ not in ("VERB", "NOUN"), len(list(t.ancestors))))
    return fallback


def _coding_of(
    sent: Span,
    ev_idx: list[int],
    st_idx: list[int],
    events: list[Event],
    statements: list[Statement],
    book: Codebook,
) -> PloverCoding | None:
    sevents = [events[k] for k in ev_idx]
    sstatements = [statements[k] for k in st_idx]
    hits = book.cues.find(sent)
    has_actor = any(t.ent_type_ in _ACTOR_ENTS for t in sent)
    interaction = bool(sevents) or any(s.plover_type for s in sstatements) or (bool(hits) and has_actor)
    if not interaction and not recording():  # features only where they are used or collected
        return None
    acled = {book.acled[e.sub_event_type] for e in sevents if e.sub_event_type in book.acled}
    rules = rule_features(sent, sevents, sstatements, book, hits)
    record((rules, sent.text, interaction, frozenset(t for t, _ in acled)))
    if not interaction:
        return None
    model = plover_model()
    ranked: list[str] = []
    probs: dict[str, float] = {}
    quad_probs = None
    if model is not None:
        probs, quad_probs = model.heads(rules + word_features(sent.text, model.common), book)
    own = next((x.plover_type for x in [*sevents, *sstatements] if x.plover_type), None)
    if model is not None and (hits or own is None):  # the model learned from sentences with a cue:
        # without one ("X says the US is jeopardizing peace") the statement's own coding stands
        ranked = sorted(probs, key=probs.get, reverse=True)
        ptype = ranked[0]
        p = probs[ptype]
    else:  # no model or no cue: the rules' own type (the first event's or statement's)
        ptype = own
        p = 0.0
        if ptype is None:
            return None
    fallback = next((e.trigger for e in sevents if e.trigger is not None), None)
    if fallback is None and sstatements and sstatements[0].cue_start is not None:
        s0 = sstatements[0]
        fallback = Source(s0.cue or "", s0.cue_start, s0.cue_end or s0.cue_start)
    cue = _cue(sent, hits, ptype, fallback)
    mapped = next((m for m in acled if m[0] == ptype), None)
    mode = mapped[1] if mapped and mapped[1] else mode_for(book, ptype, sent)
    contexts = contexts_for(book, sent)
    coding = PloverCoding(
        sent.text,
        sent.start_char,
        sent.end_char,
        ptype,
        mode,
        ", ".join(contexts) or None,
        round(p, 4),
        None,
        ev_idx,
        st_idx,
    )
    coding.quad_probs = quad_probs
    if mapped is not None and any(events[k].sub_event_type not in book.acled for k in ev_idx):
        other = next((t for t in ranked if t not in {m[0] for m in acled}), None)
        if other is not None:
            coding.other = (other, mode_for(book, other, sent))
    if isinstance(cue, Token):
        coding.cue = Source(cue.text, cue.idx, cue.idx + len(cue.text), round(p, 4))
        coding.source, coding.target = _sides(cue)
        if coding.target is None:
            coding.target = _named_below(cue, coding.source)
    elif cue is not None:
        coding.cue = Source(cue.text, cue.start, cue.end, round(p, 4))
    return coding


def _named_below(cue: Token, source: Source | None) -> Source | None:
    """The first named actor in the cue's phrase outside its source ("its call for an end to the US
    presence": the US)."""
    for tok in cue.subtree:
        if tok.ent_type_ in _ACTOR_ENTS and tok.ent_iob_ == "B":
            if source is not None and source.start <= tok.idx < source.end:
                continue
            ent = next(e for e in tok.doc.ents if e.start == tok.i)
            return Source(ent.text, ent.start_char, ent.end_char)
    return None


def find_plover(doc: Doc, events: list[Event], statements: list[Statement]) -> list[PloverCoding]:
    """The PLOVER coding of every sentence of ``doc`` that reports an interaction."""
    book = load_codebook()
    out = []
    listed = reference_sections(doc)  # "==See also==": a list, no report
    for sent in doc.sents:
        if any(a <= sent.start_char < b for a, b in listed):
            continue
        ev_idx = [
            k
            for k, e in enumerate(events)
            if _within(sent, (e.trigger or e.evidence).start if (e.trigger or e.evidence) else None)
        ]
        st_idx = [
            k
            for k, s in enumerate(statements)
            if _within(sent, s.cue_start if s.cue_start is not None else s.start)
        ]
        coding = _coding_of(sent, ev_idx, st_idx, events, statements, book)
        if coding is not None:
            out.append(coding)
    return out


def attach_plover(
    codings: list[PloverCoding], events: list[Event], statements: list[Statement]
) -> list[Event]:
    """Write each coding onto its records; returns the new verbal events (to be linked) of sentences
    that had no event to carry it."""
    book = load_codebook()
    new: list[Event] = []
    for c in codings:
        carrier = None
        for k in c.events:
            e = events[k]
            mapped = book.acled.get(e.sub_event_type or "")
            if mapped is not None:  # the ACLED coding decides, so both agree
                e.plover_type, e.plover_mode = mapped[0], mapped[1] or mode_for_type(book, mapped[0], e, c)
                e.plover_context, e.plover_quad = c.context, book.cameo_quad(mapped[0], c.quad_probs)
                if mapped[0] == c.type and carrier is None:
                    carrier = e
        ptype, mode = c.other if carrier is not None and c.other else (c.type, c.mode)
        for k in c.events:
            e = events[k]
            if e.sub_event_type not in book.acled:
                e.plover_type, e.plover_mode, e.plover_context = ptype, mode, c.context
                e.plover_quad = book.cameo_quad(ptype, c.quad_probs)
                carrier = carrier or e
        for k in c.statements:
            s = statements[k]
            s.plover_type, s.plover_mode, s.plover_context = c.type, c.mode, c.context
            s.plover_quad = book.cameo_quad(c.type, c.quad_probs)
        speaker = next((statements[k] for k in c.statements if statements[k].speaker), None)
        acled = [events[k] for k in c.events if events[k].sub_event_type in book.acled]
        if carrier is None and acled and not speaker and book.quad_of(c.type) in MATERIAL:
            carrier = acled[0]  # another deed in the same words is the ACLED event, told otherwise
        if carrier is None:
            carrier = Event(
                None, None, None, plover_type=c.type, plover_mode=c.mode, plover_context=c.context
            )
            carrier.plover_quad = book.cameo_quad(c.type, c.quad_probs)
            carrier.evidence, carrier.trigger = Source(c.text, c.start, c.end), c.cue
            carrier.confidence = c.probability
            for side, span in (("actor1", c.source), ("actor2", c.target)):
                if span is not None:
                    carrier.provenance[side] = span
            new.append(carrier)
        if c.cue is not None:
            carrier.provenance["plover"] = c.cue
        if carrier.event_type is not None:
            continue  # an ACLED event keeps the actors its own stage coded
        if carrier not in new:
            _fill_sides(carrier, c)
        if speaker is not None:  # a statement's PLOVER event: its speaker (whom they speak for) is the source
            carrier.actor1 = speaker.speaker_affiliation or speaker.speaker
            carrier.actor1_text = speaker.speaker_text or speaker.speaker
            carrier.provenance.pop("actor1", None)
            if speaker.target and not carrier.actor2:
                carrier.actor2 = speaker.target
    return new


def _fill_sides(event: Event, coding: PloverCoding) -> None:
    """An already linked event that lacks a side takes the one found around the cue."""
    for n, span in (("1", coding.source), ("2", coding.target)):
        if getattr(event, f"actor{n}") is not None or span is None:
            continue
        actor = normalise_actor(span.text, span.start, span.end)
        if actor is not None and actor.name not in (event.actor1, event.actor2):
            setattr(event, f"actor{n}", actor.name)
            setattr(event, f"actor{n}_text", span.text)
            setattr(event, f"inter{n}", actor.inter)
            event.provenance[f"actor{n}"] = span


def mode_for_type(book: Codebook, ptype: str, event: Event, coding: PloverCoding) -> str | None:
    """The mode of an ACLED-mapped event whose mapping gives none: the coding's where the types agree."""
    return coding.mode if coding.type == ptype else None
