"""Dependency structure around a trigger: its clause, and the mentions of who did it to whom."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Span, Token

from ..models import Source

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
TARGET_PREPS = frozenset({"on", "against", "at", "targeting", "into", "upon", "toward", "towards"})
RELATIVE = frozenset({"that", "which", "who", "whom"})
PRONOUNS = frozenset(
    {"it", "they", "he", "she", "we", "i", "you", "them", "this", "these", "those", "itself"}
)
# verbs whose object is the event noun and whose subject is its author ("X launched airstrikes")
LIGHT_VERBS = frozenset(
    {"launch", "carry", "conduct", "stage", "mount", "perform", "execute", "wage", "unleash", "fire"}
    | {"claim", "commit", "initiate", "hold", "organize", "organise", "lead", "begin", "start", "continue"}
    | {"repeat", "renew", "reiterate", "issue", "make", "order", "announce", "sign", "reach", "hold"}
    | {"drop", "use", "detonate", "plant", "throw", "lob", "hurl", "shoot", "direct", "intensify"}
)
# verbs through which a nominal event reaches its target ("the airstrike hit a market")
IMPACT_VERBS = frozenset(
    {"hit", "target", "kill", "wound", "injure", "strike", "destroy", "damage", "claim", "leave"}
)


def is_boundary(tok: Token) -> bool:
    """A verb that opens its own clause (root, or a finite clause with its own subject)."""
    if tok.dep_ == "ROOT":
        return True
    if tok.dep_ == "relcl":
        return False
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ in ("ccomp", "parataxis"):
        return True
    return any(c.dep_ in SUBJ + PASS_SUBJ + ("expl",) for c in tok.children) and tok.dep_ in (
        "conj", "advcl", "pcomp", "xcomp", "acl",
    )  # fmt: skip


def clause_head(tok: Token) -> Token:
    """The verb (or root) that heads ``tok``'s clause."""
    cur = tok
    while not is_boundary(cur) and cur.head.i != cur.i:
        cur = cur.head
    return cur


def clause_tokens(head: Token) -> list[Token]:
    """Tokens of the clause headed by ``head``, without embedded clauses that have their own head."""
    out: list[Token] = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if not is_boundary(c))
    return sorted(out, key=lambda t: t.i)


_NP_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "det", "quantmod"})


def mention_span(tok: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok`` (with an "of" complement)."""
    start, end = tok.left_edge.i, tok.i + 1
    for c in tok.children:
        of_phrase = c.dep_ == "prep" and c.lower_ == "of"
        if c.i > tok.i and (of_phrase or c.dep_ in _NP_DEPS):
            end = max(end, c.right_edge.i + 1)
    # stop at a comma or a relative clause inside the range
    for t in tok.doc[tok.i + 1 : end]:
        if t.dep_ in ("relcl", "punct", "acl"):
            end = t.i
            break
    return start, end


def to_source(tok: Token) -> Source | None:
    """The mention headed by ``tok`` as a Source span, or None for pronouns and relatives."""
    if tok.lower_ in PRONOUNS or tok.lower_ in RELATIVE or tok.pos_ in ("VERB", "AUX", "ADP", "PUNCT"):
        return None
    doc = tok.doc
    start, end = mention_span(tok)
    while start < end - 1 and doc[start].dep_ in ("det", "punct", "cc", "case", "predet"):
        start += 1
    for t in doc[start:end]:
        if t.is_space and "\n" in t.text and t.i < tok.i:
            start = t.i + 1  # a headline glued to the sentence by the parser
    span = doc[start:end]
    return Source(span.text, span.start_char, span.end_char)


def _children(tok: Token, deps: tuple[str, ...] | frozenset[str]) -> Iterator[Token]:
    return (c for c in tok.children if c.dep_ in deps)


def _pobjs(tok: Token, preps: frozenset[str]) -> Iterator[Token]:
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in preps:
            yield from _children(p, ("pobj", "pcomp"))


def _conjuncts(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]


def _noun_actor1(tok: Token, excluded: Callable[[Token], bool]) -> list[Token]:
    """Candidates for the author of a nominal event: possessor, modifiers, "by" agent, light verb subject."""
    out = list(_children(tok, ("poss",)))
    out += [
        c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i and not excluded(c)
    ]
    out += list(_pobjs(tok, frozenset({"by", "from"})))
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "out":  # "carried out airstrikes" parsed as a preposition
        head = head.head
    if tok.dep_ in ("dobj", "obj", "pobj") and head.lemma_ in LIGHT_VERBS:
        out += list(_pobjs(head, frozenset({"by"})))
        out += _verb_subject(head)
    for acl in _children(tok, ("acl", "relcl")):  # "an airstrike carried out by X"
        out += list(_pobjs(acl, frozenset({"by"})))
    if tok.dep_ == "pobj" and head.dep_ == "agent":
        out.append(head.head)
    return out


def _noun_actor2(tok: Token) -> list[Token]:
    out = list(_pobjs(tok, TARGET_PREPS))
    for rel in _children(tok, ("relcl", "acl")):
        out += list(_children(rel, ("dobj", "nsubjpass")))
        out += list(_pobjs(rel, TARGET_PREPS))
    head = tok.head
    if tok.dep_ in SUBJ and head.lemma_ in IMPACT_VERBS:
        out += list(_children(head, ("dobj",)))
        out += list(_pobjs(head, TARGET_PREPS))
        for adv in _children(head, ("advcl", "xcomp", "conj")):
            out += list(_children(adv, ("dobj",)))
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if head.lower_ == "under":  # "came under attack"
            out += list(_children(verb, SUBJ))
        elif head.lower_ in ("in", "by", "during", "after") and verb.pos_ == "VERB":
            out += list(_children(verb, PASS_SUBJ))  # "were killed in an airstrike"
    return out


def _verb_subject(verb: Token) -> list[Token]:
    cur = verb
    for _ in range(4):
        subj = list(_children(cur, SUBJ))
        if subj:
            if subj[0].lower_ in RELATIVE and cur.dep_ == "relcl":
                return [cur.head]
            return subj
        if cur.dep_ == "pcomp":  # "led to the US launching airstrikes"
            objs = [c for c in cur.head.children if c.dep_ == "pobj" and c.i < cur.i]
            if objs:
                return objs
        if cur.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ in ("relcl", "acl"):  # "jets carrying out airstrikes"
            return [cur.head]
        break
    return []


def _verb_actor1(verb: Token) -> list[Token]:
    agents = list(_pobjs(verb, frozenset({"by"})))
    passive = any(c.dep_ in PASS_SUBJ + ("auxpass",) for c in verb.children)
    if agents or passive or verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl"):
        return agents
    return _verb_subject(verb)


def _verb_actor2(verb: Token) -> list[Token]:
    out = list(_children(verb, PASS_SUBJ))
    if verb.tag_ == "VBN" and verb.dep_ == "acl":
        out.append(verb.head)
    out += list(_children(verb, ("dobj", "obj")))
    out += list(_pobjs(verb, TARGET_PREPS | {"with"}))
    for adv in _children(verb, ("advcl", "xcomp", "conj")):
        if not is_boundary(adv):
            out += list(_children(adv, ("dobj",)))
    return out


def between(tok: Token) -> tuple[Token, Token] | None:
    """ "clashes (erupted) between A and B": the two sides."""
    owners = [tok] + ([tok.head] if tok.dep_ in SUBJ else [])
    for p in (c for o in owners for c in o.children):
        if p.dep_ == "prep" and p.lower_ == "between":
            objs = list(_children(p, ("pobj",)))
            if objs:
                conj = _conjuncts(objs[0])
                if conj:
                    return objs[0], conj[0]
    return None


def actor_candidates(trigger: Token, excluded: Callable[[Token], bool]) -> tuple[list[Token], list[Token]]:
    """Head tokens that may name actor1 and actor2 of the event named by ``trigger``, best first."""
    pair = between(trigger)
    if pair is None and trigger.dep_ == "pobj" and trigger.head.lower_ == "between":
        pair = None
    if pair is not None:
        return [pair[0]], [pair[1]]
    if trigger.pos_ == "VERB":
        a1, a2 = _verb_actor1(trigger), _verb_actor2(trigger)
        if trigger.lemma_ in ("clash", "fight", "battle"):
            for s in a1:
                a2 = [c for c in _conjuncts(s)] + a2
        return a1, a2
    return _noun_actor1(trigger, excluded), _noun_actor2(trigger)


def conjunct_sources(tok: Token) -> list[Source]:
    """Sources of the mentions coordinated with ``tok`` ("A and B": B)."""
    return [s for c in _conjuncts(tok) if (s := to_source(c)) is not None]


def sentence_of(tok: Token) -> Span:
    """The sentence that contains ``tok``."""
    return tok.sent
