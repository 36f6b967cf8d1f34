"""Finding: the figures casualty cues, aggregate counts and coders' notes state in a parsed Doc."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...nlp.syntax import doc_text
from ...settings import current
from ..events.lexicon import word_set
from .resolve import np_count, numbers, parse_number, victims


@dataclass
class Figure:
    """A number a text states, with the span it came from."""

    value: int
    start: int
    end: int
    text: str
    confidence: float
    restatement: bool = False  # a toll noun ("the toll at 35", "15 deaths") rather than a clause


def _verb_lemma(tok: Token) -> str:
    """The lemma with a particle or result word that makes it a killing: "shoot dead", "gun down",
    "hack to death"
    (triggers.yaml ``result_particles``; unlike the events package's verb form, also the word right
    after the verb, and only for verbs)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        results = word_set("result_particles")
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in results:  # "shot dead 2 soldiers" (amod of the object)
            return f"{lemma} {nxt.lower_}"
        for c in tok.rights:
            if c.lower_ in results and c.dep_ in ("prt", "advmod", "acomp", "oprd", "amod", "xcomp"):
                return f"{lemma} {c.lower_}"
            if c.dep_ == "prep" and c.lower_ == "to":  # "hacked to death": numbers.yaml fatal_results
                for end in c.children:
                    if end.dep_ == "pobj" and end.lower_ in numbers()["fatal_results"]:
                        return f"{lemma} to {end.lower_}"
            if c.dep_ == "dobj" and c.lemma_.lower() in numbers()["life_nouns"]:  # "claimed the lives"
                return f"{lemma} {c.lemma_.lower()}"
    return lemma


def _passive_target(tok: Token, deps: dict[str, Token]) -> Token | None:
    """The victims of a passive killing verb: its subject, the noun it modifies, or a governing
    verb's subject ("Dozens were reported killed", "were shot and killed")."""
    target = deps.get("nsubjpass") or deps.get("nsubj")
    if target is None and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
        target = tok.head
    if target is None and tok.dep_ in ("xcomp", "oprd", "ccomp", "conj"):
        # "were killed and 30 wounded": a conjunct with a figure of its own takes it, found elsewhere
        up = {c.dep_: c for c in tok.head.children}
        own = any(c.like_num or c.pos_ == "NUM" for c in tok.rights)
        if tok.dep_ != "conj" or (not own and tok.head.tag_ == "VBN" and "nsubjpass" in up):
            target = up.get("nsubjpass") or up.get("nsubj")
        if target is None and tok.head.dep_ == "acl":
            # "with five fighters confirmed killed" (the noun just before, if the parser
            # hung the participle on an earlier one)
            before = tok.doc[tok.head.i - 1]
            noun = before if before.pos_ in ("NOUN", "PROPN") else tok.head.head
            target = noun if noun.pos_ in ("NOUN", "PROPN") else None
    return target


def _verb_target(tok: Token, lemma: str, verbs: frozenset, intrans: frozenset) -> Token | None:
    """The victim phrase of a casualty verb."""
    n = numbers()
    deps = {c.dep_: c for c in tok.children}
    passive = "nsubjpass" in deps or "auxpass" in deps or (tok.tag_ == "VBN" and "dobj" not in deps)
    if lemma in intrans:
        target = deps.get("nsubj")
    elif passive:
        target = _passive_target(tok, deps)
    else:
        target = deps.get("dobj")
        subj = deps.get("nsubj")
        if target is None and subj is not None and (subj.like_num or subj.lower_ in n["vague"]):
            target = subj
    if (
        target is not None
        and target.lemma_.lower() in n["life_nouns"]
        and not any(c.dep_ == "nummod" or c.like_num for c in target.children)
    ):  # "claimed the lives of four soldiers": the victims are the lives' owners
        of = next((c for c in target.children if c.dep_ == "prep" and c.lower_ in n["of_words"]), None)
        target = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if target is not None and target.pos_ == "ADJ" and not any(c.dep_ == "nummod" for c in target.children):
        target = None  # "injuring up to 70 more": the figure sits in a preposition
    if target is None and lemma in verbs:
        target = _shared_object(tok)
    if target is None:
        for c in tok.rights:
            if c.like_num or c.pos_ == "NUM":
                target = c
                break
            if c.dep_ == "prep" and c.lower_ in n["figure_preps"]:
                target = next((g for g in c.children if g.dep_ == "pobj"), None)
                if target is not None:
                    break
    if target is not None and target.lower_ in n["relative_pronouns"] and tok.dep_ == "relcl":
        target = tok.head
    return target


def _word_target(tok: Token, lemma: str) -> Token | None:
    """The victim phrase of a casualty noun or adjective ("12 dead", "the toll at 35", "the killing of 3")."""
    n = numbers()
    if lemma in n["toll_words"]:
        nums = [t for t in tok.head.subtree if t.like_num and t.i > tok.i]
        return nums[0] if nums else None
    if any(c.dep_ == "nummod" or c.lower_ in n["no_words"] or c.lower_ in n["vague"] for c in tok.children):
        return tok
    if tok.dep_ == "oprd":
        return next((c for c in tok.head.children if c.dep_ == "dobj"), None)
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in n["of_words"]), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def may_cue(tok: Token) -> bool:
    """Whether ``tok`` can be a casualty cue at all: its word or lemma is the first word of one
    (numbers.yaml cue lists). A cheap test before :func:`cue_figure` and the ranking around it."""
    heads = numbers()["cue_heads"]
    return tok.lower_ in heads or tok.lemma_.lower().split(" ", 1)[0] in heads


def cue_figure(tok: Token, verbs: frozenset, words: frozenset, intrans: frozenset) -> Figure | None:
    """The figure a casualty cue token states, or None."""
    lemma, low = _verb_lemma(tok), tok.lower_
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in numbers()["attempt_verbs"]:
        return None  # "attempted to kill a policeman": nobody died
    target: Token | None = None
    if tok.pos_ == "VERB" and lemma in verbs | intrans:
        target = _verb_target(tok, lemma, verbs, intrans)
    elif low in words or lemma in words:
        target = _word_target(tok, lemma)
    if target is None:
        return None
    value, conf, start, end = victims(target)
    if value is None:
        return None
    if target.i == tok.i:
        # "12 dead", "no fatalities": the cue word is the phrase head; span the whole phrase
        start, end = tok.left_edge.idx, tok.idx + len(tok)
    if tok.pos_ == "VERB" and lemma in verbs and _with_injured(tok):
        share = numbers()["combined_share"]
        value = max(1, int(value * share)) if value else 0
        conf = min(conf, float(current().counts.confidence_combined))
    return Figure(value, start, end, doc_text(tok.doc)[start:end], conf, restatement=tok.pos_ == "NOUN")


def _injury_conjunct(tok: Token) -> Token | None:
    """The injury verb coordinated with a killing verb ("killing and wounding", "killed or injured")."""
    hurt = numbers()["injury_verbs"]
    for c in [*tok.conjuncts]:
        if c.lemma_.lower() in hurt and c.pos_ == "VERB":
            return c
    return None


def _shared_object(tok: Token) -> Token | None:
    """The object a killing verb shares with its injury conjunct: "killing and wounding dozens"."""
    other = _injury_conjunct(tok)
    if other is None or other.i < tok.i:
        return None
    if any(c.dep_ not in ("cc", "conj", "punct", "advmod") for c in tok.rights):
        return None  # "killing between 18 and 19 civilians and injuring 70 more": its own figure
    return next((c for c in other.children if c.dep_ == "dobj"), None)


def _with_injured(tok: Token) -> bool:
    """Whether one figure counts the dead and the hurt together: "killing and wounding dozens"
    (the object is the injury verb's), "were killed or wounded" (the conjunct has no figure)."""
    other = _injury_conjunct(tok)
    if other is None:
        return False
    deps = {c.dep_ for c in tok.children}
    if "dobj" not in deps and "nsubjpass" not in deps:
        return _shared_object(tok) is not None
    return not any(c.dep_ in ("dobj", "nsubjpass", "nsubj") or c.like_num for c in other.children)


def aggregate_count(trigger: Token) -> Figure | None:
    """How many incidents an aggregate covers: "160 attacks", "came under attack over 160 times"."""
    doc = trigger.doc
    confidence = float(current().counts.confidence_aggregate)
    if trigger.tag_ in ("NNS", "NNPS"):
        for c in trigger.children:
            if c.dep_ == "nummod":
                value = np_count(trigger)[0]
                if value and value > 1:
                    start, end = c.left_edge.idx, trigger.idx + len(trigger)
                    return Figure(value, start, end, doc_text(doc)[start:end], confidence)
    verb = trigger
    for _ in range(int(current().counts.verb_climb_steps)):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    repetitions = numbers()["repetition_nouns"]
    for t in verb.subtree:
        if t.lemma_.lower() in repetitions and t.tag_ == "NNS" and t.sent == trigger.sent:
            value = np_count(t)[0]
            if value and value > 1:
                start = t.left_edge.idx
                return Figure(value, start, t.idx + len(t), doc_text(doc)[start : t.idx + len(t)], confidence)
    return None


def _note(doc: Doc, sent: Span, anchors: str, pattern: str) -> re.Match[str] | None:
    """A coder's note (numbers.yaml ``pattern``) in ``sent`` or the ``[counts] note_window_chars``
    after it; tried only where one of ``anchors`` occurs (the patterns are costly; most texts have none)."""
    n, text = numbers(), doc_text(doc)
    start, end = sent.start_char, min(len(text), sent.end_char + int(current().counts.note_window_chars))
    low = text[start:end].lower()
    return n[pattern].search(text, start, end) if any(w in low for w in n[anchors]) else None


def split_into(doc: Doc, sent: Span) -> int | None:
    """Into how many coded events a toll is split, from a coder's note near the sentence."""
    n = numbers()
    m = _note(doc, sent, "split_anchors", "split_re")
    if m is None:
        return None
    word = m.group(2).lower()
    parts = n["split_words"][word] if word in n["split_words"] else parse_number(word)
    if parts and m.group(1).lower() in n["split_with"]:
        parts += 1  # "split with another event": this one and the other
    return parts if parts and parts > 1 else None


def coded_figure(doc: Doc, sent: Span) -> Figure | None:
    """An explicit coding statement in or just after the sentence ("Unknown fatalities coded as 10")."""
    m = _note(doc, sent, "coded_anchors", "coded_re")
    if m is None:
        return None
    return Figure(int(m.group(1)), m.start(), m.end(), m.group(0), float(current().counts.confidence_coded))
