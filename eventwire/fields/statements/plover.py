"""PLOVER verbal coding of statements: the type (ACCUSE, REQUEST, …) and the actor it is aimed at."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ...settings import current
from ..actors import normalise_actor
from .lexicon import load_lexicon

_OBJECT_DEPS = {"dobj", "iobj", "dative"}
_NOUNISH = {"NOUN", "PROPN"}


@lru_cache(maxsize=4)
def _content_matcher(vocab: Vocab) -> tuple[Matcher, dict[int, str]]:
    """Matcher over the content cues of the lexicon, compiled once per vocabulary."""
    lex = load_lexicon()
    matcher = Matcher(vocab)
    types: dict[int, str] = {}
    for n, (ptype, words) in enumerate(lex.content_cues):
        key = f"STMT_{ptype}_{n}"
        matcher.add(
            key,
            [
                [
                    {"LEMMA": w} if i else {"LEMMA": w, "POS": {"NOT_IN": ["PROPN"]}}
                    for i, w in enumerate(words)
                ]
            ],
        )
        types[vocab.strings[key]] = ptype
    return matcher, types


def content_cue_hits(doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, str, int]]:
    """(token index, PLOVER type, priority) for the content cues inside the token ``ranges``."""
    matcher, types = _content_matcher(doc.vocab)
    lex = load_lexicon()
    order = {t: i for i, t in enumerate(dict.fromkeys(t for t, _ in lex.content_cues))}
    hits = []
    for a, b in sorted(set(ranges)):
        for match_id, start, _end in matcher(doc[a:b]):
            tok = doc[a + start]
            if not any(c.dep_ == "neg" for c in tok.head.children) and tok.head.lower_ not in lex.negations:
                hits.append((tok.i, types[match_id], order[types[match_id]]))
    return hits


def _np(tok: Token) -> Span:
    doc = tok.doc
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    # keep only the noun phrase before a clause or prepositional tail
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "prep", "punct", "appos", "cc", "conj"):
            end = min(end, child.left_edge.i)
    while start < end and doc[start].dep_ in ("det", "punct"):
        start += 1
    return doc[start:end]


def _subject_of_clause(tok: Token) -> Token | None:
    """The nsubj governing ``tok`` (climbing conjunctions and noun attachments)."""
    for _ in range(int(current().statements.clause_climb_steps)):
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return child
            if tok.dep_ != "conj" and (tok.dep_ in ("xcomp", "ccomp") or tok.head.i == tok.i):
                return None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def cue_target(cue: Token) -> Token | None:
    """Who the cue verb is aimed at: "accused X", "urged X to", "called on X"."""
    for child in cue.children:
        if child.dep_ in _OBJECT_DEPS and child.pos_ in _NOUNISH:
            return child
        if child.dep_ == "prep" and child.lower_ in load_lexicon().target_preps:
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOUNISH]
            if objs:
                return objs[0]
        if child.dep_ in ("xcomp", "ccomp"):
            subj = [c for c in child.children if c.dep_ == "nsubj" and c.pos_ in _NOUNISH]
            if subj:
                return subj[0]
    return None


def content_target(trigger: Token) -> list[Token]:
    """Candidate actors a content cue is aimed at: its clause's subject, then its objects."""
    out = []
    subj = _subject_of_clause(trigger)
    if subj is not None:
        out.append(subj)
    for child in trigger.children:
        if child.dep_ in _OBJECT_DEPS:
            out.append(child)
            out.extend(g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
    return out


def _is_actor_mention(span: Span) -> bool:
    if any(t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") for t in span):
        return True
    return len(span) > 0 and span.root.lower_ in load_lexicon().target_nouns


def canonical_target(candidates: list[Token], speaker: str | None, country: str | None) -> str | None:
    """The first candidate that names a known actor other than the speaker (None when none does)."""
    for tok in candidates:
        if tok.pos_ not in _NOUNISH:
            continue
        span = _np(tok)
        if not len(span) or not _is_actor_mention(span) or (speaker and span.text in speaker):
            continue
        actor = normalise_actor(span.text, span.start_char, span.end_char, country)
        if actor is not None and actor.name != speaker:
            return actor.name
    return None


def code_statement(
    doc: Doc,
    cue_type: str | None,
    cue: Token | None,
    hits: list[tuple[int, str, int]],
    content: tuple[int, int],
    speaker: str | None,
    country: str | None,
) -> tuple[str | None, str | None]:
    """(plover_type, target) for one statement: the cue's own type first, else its content's."""
    named = [
        t for t in doc[content[0] : content[1]] if t.ent_type_ in ("ORG", "GPE", "NORP") and t.ent_iob_ == "B"
    ]
    if cue_type is not None and cue is not None:
        aimed = [t for t in [cue_target(cue)] if t is not None]
        return cue_type, canonical_target(aimed, speaker, country) or canonical_target(
            named, speaker, country
        )
    inside = sorted((prio, i, ptype) for i, ptype, prio in hits if content[0] <= i < content[1])
    if not inside:
        return None, None
    _prio, i, ptype = inside[0]
    return ptype, canonical_target(content_target(doc[i]), speaker, country)
