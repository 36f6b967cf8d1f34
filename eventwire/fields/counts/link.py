"""Linking: the killed, injured and aggregate counts that belong to an event's clause.

Casualty cues ("killed", "died", "12 dead", "no fatalities", "wounding") in the event's sentence
are read through the dependency tree: the victims are the object of an active verb, the subject of
a passive or intransitive one, or the number attached to a casualty noun. A victim phrase counts
its number (lower bound of a range), a vague quantity ("dozens" 12), one per named or singular
victim, summed over conjuncts ("a woman and two of her children" 3). Of several cues the one
nearest to the trigger in the tree wins; ties take the lower figure.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ...nlp.syntax import UNRELATED, source_root, tree_distance
from ...records import Casualties, Event, Source
from ...settings import current
from .find import Figure, aggregate_count, coded_figure, cue_figure, may_cue, split_into
from .resolve import numbers

Ranked = tuple[int, int, Figure]  # tree distance to the trigger, token gap, figure


def _owner(cue: Token, trigger: Token | None) -> str | None:
    """ "mine" / "other" when the cue's subject names the trigger / another incident ("a bombing killed 5").

    A relative pronoun subject ("... raids in Gedo that killed 25") is resolved to the nearest
    preceding incident noun (or the trigger), which repairs relative clauses the parser attaches
    to the wrong noun.
    """
    if trigger is None:
        return None
    n = numbers()
    incidents = n["incident_nouns"]
    for c in cue.children:
        if c.dep_ == "nsubj" and c.lower_ in n["relative_pronouns"]:
            for t in reversed(cue.doc[cue.sent.start : c.i]):
                if t.i == trigger.i or (t.head.i == trigger.i and t.dep_ == "dobj"):
                    return "mine"
                if t.lemma_.lower() in incidents and t.pos_ == "NOUN":
                    return "other"
            return None
    return "other" if _subject_is_other(cue, trigger, incidents) else None


def _subject_is_other(cue: Token, trigger: Token, incidents: frozenset) -> bool:
    for c in cue.children:
        if c.dep_ in ("nsubj", "agent") and c.i != trigger.i:
            subj = c if c.dep_ == "nsubj" else next((g for g in c.children if g.dep_ == "pobj"), c)
            mine = trigger.i in {t.i for t in subj.subtree}  # "killed by a landmine explosion"
            if subj.lemma_.lower() in incidents and not mine:
                return True
    return False


def _best(cands: list[Ranked]) -> Figure | None:
    """The nearest cue in the tree (then in the text); restatements of the toll compete, lower wins."""
    if not cands:
        return None
    dist, gap, fig = min(cands, key=lambda c: (c[0], c[1], c[2].value))
    restated = [f for d, _, f in cands if f.restatement and d < UNRELATED]
    return min([fig, *restated], key=lambda f: f.value)


def _scope(doc: Doc, event: Event) -> tuple[Token | None, Span | None]:
    trigger = source_root(doc, event.trigger)
    sent = None
    if event.evidence is not None:
        span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
        sent = span if span is not None and len(span) else None
    if sent is None and trigger is not None:
        sent = trigger.sent
    return trigger, sent


def _tok_figures(tok: Token, rank: tuple[int, int], fatal: list[Ranked], injured: list[Ranked]) -> None:
    """Add the killed or injured figure ``tok`` states, if any, at ``rank``."""
    n = numbers()
    fig = cue_figure(tok, n["fatal_verbs"], n["fatal_words"], n["fatal_intransitive"])
    if fig is not None:
        fatal.append((*rank, fig))
        return
    fig = cue_figure(tok, n["injury_verbs"], n["injury_words"], frozenset())
    if fig is not None:
        injured.append((*rank, fig))


def _clause_figures(sent: Span, trigger: Token | None) -> tuple[list[Ranked], list[Ranked]]:
    """Killed and injured figures of the cues in ``sent`` that no other incident owns, ranked."""
    untied = int(current().counts.no_trigger_distance)
    own_distance = int(current().counts.own_cue_distance)
    fatal: list[Ranked] = []
    injured: list[Ranked] = []
    for tok in sent:
        if not may_cue(tok):  # no figure to rank
            continue
        owner = "mine" if trigger is not None and tok.i == trigger.i else _owner(tok, trigger)
        if owner == "other":
            continue
        dist = tree_distance(trigger, tok) if trigger is not None else untied
        if owner == "mine":
            dist = min(dist, own_distance)
        gap = abs(tok.i - trigger.i) if trigger is not None else 0
        _tok_figures(tok, (dist, gap), fatal, injured)
    return fatal, injured


def _next_sentence_figures(doc: Doc, sent: Span) -> tuple[list[Ranked], list[Ranked]]:
    """Cues in the next sentence when it names no incident of its own ("No fatalities were reported.")."""
    if sent.end >= len(doc):
        return [], []
    nxt = doc[sent.end].sent
    own = {t.lemma_.lower() for t in sent if t.pos_ in ("NOUN", "VERB")}
    # another incident named there has its own toll; the same word again ("Clashes ... Clashes in
    # X resulted in 5 deaths") restates this one
    incidents = numbers()["incident_nouns"]
    if any(t.lemma_.lower() in incidents and t.pos_ == "NOUN" and t.lemma_.lower() not in own for t in nxt):
        return [], []
    rank = (int(current().counts.next_sentence_distance), 0)
    fatal: list[Ranked] = []
    injured: list[Ranked] = []
    for tok in nxt:
        if may_cue(tok):
            _tok_figures(tok, rank, fatal, injured)
    return fatal, injured


def _source(fig: Figure) -> Source:
    return Source(fig.text, fig.start, fig.end, fig.confidence)


def casualties_for_event(doc: Doc, event: Event) -> Casualties:
    """Killed / injured / count figures that belong to ``event``'s clause."""
    trigger, sent = _scope(doc, event)
    out = Casualties()
    if sent is None:
        return out
    fatal, injured = _clause_figures(sent, trigger)
    if not fatal and not injured:
        fatal, injured = _next_sentence_figures(doc, sent)
    best_fatal = coded_figure(doc, sent) or _best(fatal)
    best_injured = _best(injured)
    if best_fatal is not None:
        parts = split_into(doc, sent)
        if parts and best_fatal.value:
            share = max(1, best_fatal.value // parts)
            best_fatal = replace(best_fatal, value=share, confidence=float(current().counts.confidence_split))
        out.fatalities = best_fatal.value
        out.sources["fatalities"] = _source(best_fatal)
    if best_injured is not None:
        out.injured = best_injured.value
        out.sources["injured"] = _source(best_injured)
    if trigger is not None:
        agg = aggregate_count(trigger)
        if agg is not None:
            out.count = agg.value
            out.sources["count"] = _source(agg)
    return out
