"""Dependency structure around a trigger: its clause, and the mentions of who did it to whom."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from ...records import Source
from .lexicon import word_set

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")


def is_clash_noun(tok: Token) -> bool:
    """A fight or deal noun whose other side comes with "with" (triggers.yaml words.clash_nouns)."""
    clash_nouns = word_set("clash_nouns")
    return tok.lower_ in clash_nouns or tok.lemma_ in clash_nouns


def _of_top(tok: Token) -> Token:
    """The noun a nominal trigger hangs under through "of" ("tens of shells", "the detonation of an IED")."""
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        tok = tok.head.head
    return tok


def lemma(tok: Token) -> str:
    """``tok``'s lemma, repaired where the small model's lemmatiser misses a regular form
    ("waged" -> "wag"): the first of lemma, -d, -ed, -s, -ing stripped that is a known verb."""
    low = tok.lower_
    light, impact = word_set("light_verbs"), word_set("impact_verbs")
    for cand in (low, low[:-1], low[:-2], low[:-3], low[:-3] + "e"):
        if cand in light or cand in impact:
            return cand
    return tok.lemma_


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


def verb_of(tok: Token) -> Token:
    """The nearest verb at or above ``tok``."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur


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
        if t.dep_ in ("relcl", "punct", "acl", "cc"):  # "A and B": B is a mention of its own
            end = t.i
            break
    return start, end


def _stray_acronym(tok: Token) -> bool:
    """An all-capitals name that the parser took for a verb or auxiliary ("IS" fighters)."""
    return tok.pos_ in ("AUX", "VERB") and tok.is_upper and tok.is_alpha and 2 <= len(tok.text) <= 5


def to_source(tok: Token) -> Source | None:
    """The mention headed by ``tok`` as a Source span, or None for pronouns and relatives."""
    if (
        tok.lower_ in word_set("pronouns")
        or tok.lower_ in word_set("relatives")
        or tok.pos_ in ("ADP", "PUNCT")
    ):
        return None
    if tok.pos_ in ("VERB", "AUX") and not _stray_acronym(tok):
        return None
    doc = tok.doc
    start, end = mention_span(tok)
    shared = _shared_head(tok)
    if shared is not None:  # "between Somali and Afar ethnic militias": each side is a militia
        end = shared.i + 1  # the first names the phrase ("Turkish and Olive Branch forces"), read
        # as its first conjunct (actors.normalise); the other its own part ("Afar ethnic militias")
    while start < end - 1 and doc[start].dep_ in ("det", "punct", "cc", "case", "predet"):
        start += 1
    for t in doc[start:end]:
        if t.is_space and "\n" in t.text and t.i < tok.i:
            start = t.i + 1  # a headline glued to the sentence by the parser
    if start == tok.i and start > tok.sent.start and _stray_acronym(doc[start - 1]):
        start -= 1  # "IS militants": the small model parses "IS" as a verb
    while start > tok.sent.start and doc[start - 1].lower_ in word_set("side_prefixes"):
        if doc[start - 1].head.i not in (tok.i, tok.head.i):
            break
        start -= 1  # "pro Hadi" in "between pro Hadi and Houthi fighters"
    end = hedged_end(doc, end, tok.sent.end)
    span = doc[start:end]
    return Source(span.text, span.start_char, span.end_char)


_MODIFIER_DEPS = ("compound", "nmod", "amod")


def _shared_head(tok: Token) -> Token | None:
    """The noun that coordinated modifiers share ("Somali and Afar ethnic militias", "HTS and Zenki
    fighters": militias, fighters), for either modifier; None for any other token."""
    first = tok.head if tok.dep_ == "conj" and tok.head.dep_ in _MODIFIER_DEPS else tok
    if first.dep_ not in _MODIFIER_DEPS or not any(c.dep_ == "conj" for c in first.children):
        return None
    head = first.head
    return head if head.i > tok.i and head.pos_ in ("NOUN", "PROPN") else None


def hedged_end(doc, end: int, limit: int) -> int:
    """End of a mention extended over a hedged owner after a comma ("Warplanes, likely regime or
    Russian, raided ..."): the owner is the actor's identity."""
    comma = end
    while comma < min(end + 4, limit) and (doc[comma].pos_ in ("NOUN", "CCONJ") or doc[comma].text == "/"):
        comma += 1  # "Warplanes and/or helicopters, likely ..."
    if comma + 1 < limit and doc[comma].text == "," and doc[comma + 1].lower_ in word_set("hedges"):
        for j in range(comma + 2, min(comma + 9, limit)):
            if doc[j].is_punct and doc[j].text not in ("/", "-") or doc[j].pos_ in ("VERB", "AUX"):
                return j
    return end


def antecedent(tok: Token) -> Token | None:
    """The named subject a subject pronoun refers to ("X killed soldiers after they fired"): the
    nearest non-pronoun subject of a clause above ``tok``'s, else of the previous sentence's root."""
    pronouns = word_set("pronouns")
    if tok.lower_ not in pronouns or tok.dep_ not in SUBJ + PASS_SUBJ:
        return None
    for anc in tok.ancestors:
        subj = [c for c in anc.children if c.dep_ in SUBJ and c.i < tok.i and c.lower_ not in pronouns]
        if subj and anc.pos_ in ("VERB", "AUX"):
            return subj[0]
    sent = tok.sent
    if sent.start > 0:
        prev = tok.doc[sent.start - 1].sent.root
        subj = [c for c in prev.children if c.dep_ in SUBJ and c.lower_ not in pronouns]
        if subj:
            return subj[0]
    return None


def _children(tok: Token, deps: tuple[str, ...] | frozenset[str]) -> Iterator[Token]:
    return (c for c in tok.children if c.dep_ in deps)


def _pobjs(tok: Token, preps: frozenset[str]) -> Iterator[Token]:
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in preps:
            yield from _children(p, ("pobj", "pcomp"))


def _conjuncts(tok: Token) -> list[Token]:
    return [
        c
        for c in tok.children
        if c.dep_ == "conj" and (c.pos_ in ("NOUN", "PROPN", "PRON") or _stray_acronym(c))
    ]


def _passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" and not _stray_acronym(c) for c in verb.children)


def _noun_actor1(tok: Token, excluded: Callable[[Token], bool]) -> list[Token]:
    """Candidates for the author of a nominal event: possessor, modifiers, "by" agent, light verb
    subject (or its agent in the passive), and the subject of the action the event is set in."""
    out = list(_children(tok, ("poss",)))
    out += [
        c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i and not excluded(c)
    ]
    out += list(_pobjs(tok, word_set("author_preps")))
    if excluded(tok):  # a weapon's owner: "the artillery of the army"
        out += list(_pobjs(tok, frozenset({"of"})))
    top = _of_top(tok)  # "fired tens of shells", "launched a barrage of rockets"
    head = top.head
    if top.dep_ == "pobj" and head.lower_ == "out":  # "carried out airstrikes" parsed as a preposition
        head = head.head
    light = word_set("light_verbs")
    if top.dep_ in ("dobj", "obj", "pobj") and lemma(head) in light:
        out += list(_pobjs(head, frozenset({"by"})))
        out += _verb_subject(head)
    if top.dep_ in PASS_SUBJ and lemma(head) in light:  # "airstrikes were launched by X"
        out += list(_pobjs(head, frozenset({"by"})))
    head = tok.head
    for acl in _children(tok, ("acl", "relcl")):  # "an airstrike carried out by X"
        out += list(_pobjs(acl, frozenset({"by"})))
    if tok.dep_ == "pobj" and head.dep_ == "agent":
        out.append(head.head)
    out += _setting_subject(tok)
    if is_clash_noun(tok):  # "X were hurt in clashes with Y": Y
        out += list(_pobjs(tok, frozenset({"with"})))
    return out


def _setting_subject(tok: Token) -> list[Token]:
    """The subject of the action a nominal event is set in or done by: "X killed three in an attack",
    "X wounded Y by (the detonation of) an IED", "X targeted Y with shells", "X advanced after clashes"."""
    top = _of_top(tok)  # "the detonation of an IED"
    prep = top.head
    if top.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ != "VERB" or _passive(prep.head):
        return []
    verb, clash = prep.head, is_clash_noun(tok)
    acting = any(c.dep_ in ("dobj", "obj") for c in verb.children)
    if (
        clash
        and prep.lower_ in word_set("clash_setting_preps")
        or acting
        and prep.lower_ in word_set("means_preps")
    ):
        return _verb_subject(verb)
    return []


def _noun_actor2(tok: Token) -> list[Token]:
    targets = word_set("target_preps")
    out = list(_pobjs(tok, targets | {"with"} if is_clash_noun(tok) else targets))
    for rel in _children(tok, ("relcl", "acl")):
        out += list(_children(rel, ("dobj", "nsubjpass")))
        out += list(_pobjs(rel, targets))
    head = tok.head
    if tok.dep_ in SUBJ and lemma(head) in word_set("impact_verbs"):
        out += list(_children(head, ("dobj",)))
        out += list(_pobjs(head, targets))
        for adv in _children(head, ("advcl", "xcomp", "conj")):
            out += list(_children(adv, ("dobj",)))
    if tok.dep_ == "dobj" and head.pos_ == "VERB":  # "fired artillery shells at Saudi troops"
        out += list(_pobjs(head, targets))
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if head.lower_ == "under":  # "came under attack"
            out += list(_children(verb, SUBJ))
        elif head.lower_ in word_set("undergo_preps") and verb.pos_ == "VERB":
            out += list(_children(verb, PASS_SUBJ))  # "were killed in an airstrike"
    return out


def _verb_subject(verb: Token) -> list[Token]:
    if (
        verb.i > verb.sent.start
        and _stray_acronym(verb.doc[verb.i - 1])
        and not any(c.dep_ in SUBJ for c in verb.children)
    ):
        return [verb.doc[verb.i - 1]]  # "IS controlled the village": "IS" parsed as an auxiliary
    if not any(c.dep_ in SUBJ for c in verb.children):
        # "Turkana militia attack a Pokot camp": the subject parsed as a compound of the verb
        stray = [
            c for c in verb.children if c.dep_ == "compound" and c.i < verb.i and c.pos_ in ("NOUN", "PROPN")
        ]
        if stray:
            return stray[-1:]
    cur = verb
    for _ in range(4):
        subj = list(_children(cur, SUBJ))
        if subj:
            if subj[0].lower_ in word_set("relatives") and cur.dep_ == "relcl":
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
    if agents or _passive(verb) or verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl"):
        return agents
    return _verb_subject(verb)


def _verb_actor2(verb: Token) -> list[Token]:
    out = list(_children(verb, PASS_SUBJ))
    if verb.tag_ == "VBN" and verb.dep_ == "acl":
        out.append(verb.head)
    out += list(_children(verb, ("dobj", "obj")))
    out += list(_pobjs(verb, word_set("target_preps") | {"with"}))
    for adv in _children(verb, ("advcl", "xcomp", "conj")):
        if not is_boundary(adv):
            out += list(_children(adv, ("dobj",)))
    return out


def between(tok: Token) -> tuple[Token, Token] | None:
    """ "clashes (erupted) between A and B": the two sides."""
    owners = [tok] + ([tok.head] if tok.dep_ in SUBJ else [])
    for p in (c for o in owners for c in o.children):
        if p.dep_ == "prep" and p.lower_ == "between":
            objs = [o for o in _children(p, ("pobj",)) if o.ent_type_ not in _NOT_SIDES and not o.like_num]
            if objs:
                against = _against(p, objs[0])
                if against is not None:  # "between A (and its allies) against B"
                    return objs[0], against
                conj = _conjuncts(objs[0])
                if conj:
                    return objs[0], conj[0]
                for mod in objs[0].children:  # "between HTS and Zenki fighters"
                    mod_conj = [c for c in mod.children if c.dep_ == "conj"]
                    if mod.dep_ in ("compound", "nmod", "amod") and mod.i < objs[0].i and mod_conj:
                        return mod, mod_conj[0]
    return None


_NOT_SIDES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def _against(between_prep: Token, first: Token) -> Token | None:
    """The object of an "against" later in the sentence than the first side of a "between"."""
    for t in between_prep.doc[first.i + 1 : between_prep.sent.end]:
        if t.lower_ == "against" and t.dep_ == "prep":
            return next(_children(t, ("pobj",)), None)
        if t.lower_ in (";", ".") or t.lower_ == "between":
            break
    return None


def actor_candidates(trigger: Token, excluded: Callable[[Token], bool]) -> tuple[list[Token], list[Token]]:
    """Head tokens that may name actor1 and actor2 of the event named by ``trigger``, best first."""
    pair = between(trigger)
    if pair is None and trigger.dep_ == "pobj" and trigger.head.lower_ == "between":
        pair = None
    if pair is not None:
        return [pair[0]], [pair[1]]
    if trigger.pos_ == "VERB" and trigger.lemma_ in word_set("undergoer_verbs"):
        return [], list(_children(trigger, SUBJ))
    if trigger.pos_ == "VERB":
        a1, a2 = _verb_actor1(trigger), _verb_actor2(trigger)
        if trigger.lemma_ in word_set("fight_verbs"):
            for s in a1:
                a2 = [c for c in _conjuncts(s)] + a2
        return a1, a2
    a1, a2 = _noun_actor1(trigger, excluded), _noun_actor2(trigger)
    carrier = trigger.head
    if trigger.dep_ in ("amod", "compound") and carrier.pos_ in ("NOUN", "PROPN") and carrier.i > trigger.i:
        # "explosive barrels", "an offensive operation": the noun carries the structure
        a1 += _noun_actor1(carrier, excluded)
        a2 += _noun_actor2(carrier)
    return a1, a2


def conjunct_sources(tok: Token) -> list[Source]:
    """Sources of the mentions coordinated with ``tok`` ("A and B": B)."""
    return [s for c in _conjuncts(tok) if (s := to_source(c)) is not None]
