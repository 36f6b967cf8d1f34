"""Finding: the status cues of ``data/status_cues.yaml`` on an event trigger's clause in a parsed Doc.

Modality and negation come from the trigger's clause: we climb from the trigger through the
heads that govern it as an object or complement ("denied carrying out the attack", "threatened
to strike", "the risk of ... escalating into war"), stopping at a subject, a relative or adverbial
clause, or a preposition that introduces a real event ("following a drone strike").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ...data import load_yaml, schema
from ...nlp.syntax import source_root
from ...records import Event
from ...settings import current

_KEYS = (
    "negation_verbs",
    "negating_determiners",
    "future_auxiliaries",
    "future_verbs",
    "hypothetical_auxiliaries",
    "hypothetical_verbs",
    "hypothetical_nouns",
    "conditional_markers",
    "realis_prepositions",
    "aggregate_modifiers",
    "past_auxiliaries",
    "perfect_auxiliaries",
    "event_nouns",
    "counted_nouns",
    "of_words",
    "repetition_words",
    "aggregate_adverbials",
    "duration_prepositions",
    "duration_nouns",
    "series_precisions",
    "one_event_plurals",
    "reference_preps",
    "campaign_nouns",
    "span_prepositions",
    "war_nouns",
)
# dependencies through which a governing head keeps the trigger in its clause
_CLIMB = frozenset(
    {"dobj", "pobj", "prep", "xcomp", "pcomp", "compound", "attr", "acomp", "oprd", "conj", "appos"}
)


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Status cue lists from ``data/status_cues.yaml``, schema-checked, cached."""
    data = load_yaml("status_cues.yaml", _KEYS)
    schema.word_sets("status_cues.yaml", data, _KEYS, lower=True)
    return {k: data[k] for k in _KEYS}


def event_trigger(doc: Doc, event: Event) -> Token | None:
    """The root token of ``event``'s trigger, or None."""
    return source_root(doc, event.trigger)


def _path(trigger: Token) -> list[Token]:
    """The trigger and the heads that govern it as object / complement, up to a clause boundary."""
    c = cues()
    path = [trigger]
    cur = trigger
    for _ in range(int(current().status.climb_steps)):
        if cur.head.i == cur.i or (cur.dep_ not in _CLIMB and not _purpose_clause(cur)):
            break
        if cur.dep_ == "pobj" and cur.head.lower_ in c["realis_prepositions"]:
            break
        if cur.dep_ == "conj" and cur.head.pos_ != cur.pos_:
            break
        cur = cur.head
        path.append(cur)
    return path


def _purpose_clause(tok: Token) -> bool:
    """An infinitival adverbial clause ("planned to bus in supporters to stage a protest"): what
    governs its verb (a plan, a denial) governs it too; "fired tear gas to disperse them" climbs to
    "fired", which marks nothing."""
    if tok.dep_ != "advcl" or tok.tag_ != "VB":
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _child_cue(tok: Token, child: Token, trigger: Token) -> str | None:
    """The status a child of a token on the path marks: negation, an auxiliary, a conditional."""
    c = cues()
    low = child.lower_
    if child.dep_ == "neg" or (
        child.dep_ == "det" and low in c["negating_determiners"] and tok.i == trigger.i
    ):
        return "negated"
    if child.dep_ in ("aux", "auxpass"):
        if low in c["future_auxiliaries"]:
            return "future"
        if low in c["hypothetical_auxiliaries"]:
            return "hypothetical"
        if low in c["past_auxiliaries"] and tok.tag_ == "VBN":
            return "past"
        return None
    if child.dep_ == "mark" and low in c["conditional_markers"]:
        return "hypothetical"
    if _aggregate_phrase(tok, child) is not None:
        return "aggregate"
    return None


def _aggregate_phrase(tok: Token, child: Token) -> Token | None:
    """The cumulative adverbial ``child`` brings to ``tok`` ("so far", "since the ceasefire", "since
    the offensive began", on a perfect "for three days"), as the head of its phrase, or None."""
    c = cues()
    if child.dep_ in ("prep", "advmod", "npadvmod") and _leading_words(child) & c["aggregate_adverbials"]:
        return child
    if not _perfect(tok):
        return None
    # a stretch of time on a perfect: "have been protesting in the last weeks", "have shelled the town
    # for three days"
    durations = (o for o in child.children if o.dep_ == "pobj" and o.lower_ in c["duration_nouns"])
    if child.dep_ == "prep" and child.lower_ in c["duration_prepositions"] and any(durations):
        return child
    # a "since" clause on a perfect, also when it closes the verb's second conjunct ("have bombed
    # two towns and fired at a station since Sinn Fein was expelled")
    for x in (child, *(child.children if child.dep_ == "conj" and child.pos_ == "VERB" else ())):
        if x.dep_ == "advcl" and _leading_words(x) & c["aggregate_adverbials"]:
            return x
    return None


def aggregate_ranges(trigger: Token) -> list[tuple[int, int]]:
    """Character ranges of the cumulative adverbials on the trigger's path: a date inside one
    ("since Sinn Fein was expelled Feb. 20") starts the count, it does not date the event."""
    return [
        (phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge))
        for tok in _path(trigger)
        for child in tok.children
        if (phrase := _aggregate_phrase(tok, child)) is not None
    ]


def _perfect(verb: Token) -> bool:
    """A perfect verb: a past participle with a form of "have" as its auxiliary, or a perfect
    progressive ("have been fighting": an -ing form with "have" and "been")."""
    auxes = {x.lower_ for x in verb.children if x.dep_ == "aux"}
    if not auxes & cues()["perfect_auxiliaries"]:
        return False
    return verb.tag_ == "VBN" or (verb.tag_ == "VBG" and "been" in auxes)


def _leading_words(child: Token) -> set[str]:
    """The first one and two words of ``child``'s phrase ("so far", "since"), lower-cased."""
    start = child.left_edge.i
    return _first_words(child.doc[start : min(start + 2, child.right_edge.i + 1)])


def _first_words(words: Iterable[Token]) -> set[str]:
    """The first one and the first two of ``words`` (at least one), lower-cased."""
    low = [t.lower_ for t in words][:2]
    return {low[0], " ".join(low)}


def _head_cue(tok: Token) -> str | None:
    """The status a verb or noun governing the trigger marks ("denied", "plans", "the risk of")."""
    c = cues()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        if lemma in c["negation_verbs"]:
            return "negated"
        if lemma in c["future_verbs"]:
            return "future"
        if lemma in c["hypothetical_verbs"]:
            return "hypothetical"
    elif tok.pos_ == "NOUN" and (lemma in c["hypothetical_nouns"] or tok.lower_ in c["hypothetical_nouns"]):
        return "hypothetical"
    return None


def wartime_span(trigger: Token) -> Span | None:
    """The trigger's own subtree when a whole war dates it ("soldiers captured during the Iran-Iraq
    war"): a day named inside it still makes it one event ("killed during the war on Monday"), one
    named elsewhere in the sentence does not. None without such a phrase."""
    c = cues()
    for child in trigger.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in c["span_prepositions"]
            and any(o.dep_ == "pobj" and o.lemma_.lower() in c["war_nouns"] for o in child.children)
        ):
            return trigger.doc[trigger.left_edge.i : trigger.right_edge.i + 1]
    return None


def clause_cues(trigger: Token) -> set[str]:
    """Status cues found on the trigger's path: negated, future, hypothetical, past, aggregate."""
    found: set[str] = set()
    path = _path(trigger)
    for tok in path:
        found.update(cue for child in tok.children if (cue := _child_cue(tok, child, trigger)))
        if tok.i != trigger.i and (cue := _head_cue(tok)):
            found.add(cue)
    if any(_perfect(t) for t in path) and _opens_with_aggregate(trigger):
        found.add("aggregate")
    # a cumulative adverbial on the verb's second conjunct ("have shot and killed 707 people so far
    # this year") counts the first one too
    for conj in (c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if any(_aggregate_phrase(conj, child) is not None for child in conj.children):
            found.add("aggregate")
    # a bare plural the object of a perfect progressive: a practice, not one event ("militants have
    # been using home-made IEDs to make roadside bombs")
    if _unnumbered_plural(trigger) and any(
        t.tag_ == "VBG" and _perfect(t) for t in path if t.i != trigger.i and t.pos_ in ("VERB", "AUX")
    ):
        found.add("aggregate")
    # the subject of a perfect with a cumulative adverbial: "clashes have killed 40 since the
    # offensive began", "confrontations have provoked violence for the past three summers"
    subject = _subject_of(trigger)  # "confrontations among protesters ...": the trigger inside it
    told = subject.head
    if (
        (subject.dep_ in ("nsubj", "nsubjpass") or (subject.dep_ == "dep" and subject.i < told.i))
        and _perfect(told)
        and any(_aggregate_phrase(told, child) is not None for child in told.children)
    ):
        found.add("aggregate")
    verb = trigger.head
    # a whole campaign as the subject of a perfect: "the offensive has killed more than 1600 civilians"
    # (the trigger "offensive" or "killed")
    subjects = [trigger] if trigger.dep_ == "nsubj" and _perfect(verb) else []
    if _perfect(trigger):
        subjects += [s for s in trigger.children if s.dep_ == "nsubj"]
    if any(s.lemma_.lower() in cues()["campaign_nouns"] for s in subjects):
        found.add("aggregate")
    return found


def _subject_of(trigger: Token) -> Token:
    """The head of the noun phrase the trigger lies in ("confrontations" for "protesters" in
    "confrontations among protesters and the police"), or the trigger itself. A subject the parser
    left unattached before its verb comes as a ``dep``."""
    tok = trigger
    while tok.dep_ in ("pobj", "prep", "conj", "compound") and tok.head.i != tok.i:
        if tok.head.pos_ == "VERB":
            break
        tok = tok.head
    return tok


def _opens_with_aggregate(trigger: Token) -> bool:
    """The trigger's sentence opens with a cumulative adverbial before it ("Since 1985 _ when the
    zone was set up _ nearly 200 soldiers have been killed"): on a perfect it makes a running toll
    even where the parse attaches the opening phrase elsewhere."""
    start = trigger.sent.start
    doc = trigger.doc
    # a sentence the parser split off without end punctuation is part of the same sentence
    while (
        start > 0
        and doc[start - 1].text not in (".", "!", "?", '"', "\u201d")
        and not doc[start - 1].is_space
    ):
        start = doc[start - 1].sent.start
    words = [t for t in doc[start : trigger.i] if not (t.is_punct or t.is_space)]
    return bool(words) and bool(_first_words(words) & cues()["aggregate_adverbials"])


def is_generic_plural(trigger: Token) -> bool:
    """A plural trigger with an aggregate modifier ("recent airstrikes", "a wave of bombings")."""
    c = cues()
    if trigger.tag_ not in ("NNS", "NNPS") or trigger.lower_ in c["counted_nouns"]:
        return False
    for child in trigger.children:
        if (
            child.dep_ in ("amod", "det", "predet", "nummod", "quantmod")
            and child.lower_ in c["aggregate_modifiers"]
        ):
            return True
    head = trigger.head
    return (
        trigger.dep_ == "pobj"
        and head.lower_ in c["of_words"]
        and head.head.lemma_.lower() in c["aggregate_modifiers"]
    )


def _unnumbered_plural(tok: Token) -> bool:
    """A plural noun with no number of its own ("attacks", "roadside bombs"; not "two attacks")."""
    return tok.tag_ in ("NNS", "NNPS") and not any(c.dep_ == "nummod" or c.like_num for c in tok.children)


def is_bare_plural(trigger: Token) -> bool:
    """A plural event noun with no number of its own ("IS attacks", not "two attacks" nor
    "hundreds of protesters")."""
    return _unnumbered_plural(trigger) and trigger.lower_ not in (
        cues()["counted_nouns"] | cues()["one_event_plurals"]
    )


def is_generic_mention(trigger: Token) -> bool:
    """A bare plural governed by an adjective or noun, not by a verb: "responsible for attacks",
    "support for strikes" (generic), unlike "clashes took place" or "carried out raids" (events)."""
    if trigger.tag_ not in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in trigger.children):
        return False
    if trigger.lower_ in cues()["counted_nouns"]:
        return False  # "support for protesters" names people, not events
    gov = trigger.head
    if trigger.dep_ == "pobj":
        gov = gov.head
    elif trigger.dep_ in ("compound", "conj"):
        return False
    if gov.lemma_.lower() in cues()["event_nouns"]:
        return False
    return gov.pos_ in ("ADJ", "NOUN", "PROPN") and gov.i != trigger.i


def reads_as_current(doc: Doc, event: Event) -> bool:
    """True when nothing in the trigger's clause marks the event as negated, irrealis, past or
    aggregate (nor dates it by a whole war)."""
    trigger = event_trigger(doc, event)
    if trigger is None:
        return True
    if clause_cues(trigger) or wartime_span(trigger) is not None:
        return False
    return not (is_generic_mention(trigger) or is_generic_plural(trigger))
