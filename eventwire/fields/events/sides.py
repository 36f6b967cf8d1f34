"""Who did it to whom: the actor mentions of an event group, from its triggers' dependency structure."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ...records import Actor, Inter, Source
from ...settings import current
from ..actors.dictionary import load_vocabulary
from ..actors.normalise import normalise_actor, role_actor
from .args import (
    actor_candidates,
    antecedent,
    between,
    conjunct_sources,
    hedged_end,
    lemma,
    to_source,
    verb_of,
)
from .hits import Group
from .lexicon import Lexicon, load_lexicon, word_set


def inter_of(actors: dict, name: str) -> int | None:
    """The inter code of the actor ``name`` ("actor1", "actor2") in an event's actors, if coded."""
    actor = actors.get(name, (None, None))[1]
    return getattr(actor, "inter", None)


def collective_violence(actors: dict, trigger: Token) -> bool:
    """Civilians or a crowd in the plural ("villagers", "a number of people", "youths") do violence
    to a person ("killed a man", "beat him", "a suspected thief": triggers.yaml cues.crime): a crowd's
    violence, which ACLED codes as mob violence, not as crime."""
    src, actor = actors.get("actor1", (None, None))
    if src is None or getattr(actor, "inter", None) not in (Inter.CIVILIANS, Inter.RIOTERS):
        return False
    span = trigger.doc.char_span(src.start, src.end, alignment_mode="expand")
    if span is None or not any(t.tag_ == "NNS" for t in span):
        return False
    victim = actors.get("actor2", (None, None))[1]
    if victim is not None:
        return victim.inter == Inter.CIVILIANS
    # actor2 is not coded where it is named as actor1 is ("Civilians" both): the object a person,
    # the trigger's or a coordinated verb's ("beat up and threw a suspected thief into a latrine")
    verbs = [trigger, *(v for v in trigger.conjuncts if v.pos_ == "VERB")]
    for obj in (c for v in verbs for c in v.children if c.dep_ == "dobj"):
        if obj.pos_ == "PRON" and obj.lower_ in word_set("person_pronouns"):
            return True
        if obj.lower_ in load_lexicon().cues["crime"]:
            return True  # "a suspected thief", "two robbers": mob justice
        src = to_source(obj)
        found = src and normalise_actor(src.text, src.start, src.end, None)
        if found is not None and found.inter == Inter.CIVILIANS:
            return True
    return False


@lru_cache(maxsize=1)
def _weapon_words() -> frozenset[str]:
    return frozenset().union(*load_lexicon().weapon_cues.values())


def _modifier_source(tok: Token, lex: Lexicon) -> Source | None:
    """Actor named by the words before a nominal trigger ("a US drone strike" -> "US")."""
    weapon_words = _weapon_words()
    start = tok.left_edge.i
    for t in tok.doc[start : tok.i]:
        if t.is_space and "\n" in t.text:
            start = t.i + 1  # a headline glued to the sentence by the parser
    kept = [
        t
        for t in tok.doc[start : tok.i]
        if t.dep_ not in ("det", "nummod", "punct", "case", "predet", "cc")
        and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")
        and t.lower_ not in weapon_words
        and t.pos_ in ("PROPN", "NOUN", "ADJ", "VERB")
    ]
    if not kept:
        return None
    span = tok.doc[kept[0].i : kept[-1].i + 1]
    return Source(span.text, span.start_char, span.end_char)


def _pick(
    cands: list[Token], hint: str | None, other: object = None, skip: frozenset[int] = frozenset()
) -> tuple[Source | None, Token | None, object]:
    """The first candidate that names an actor (other than ``other``; event words in ``skip`` left out)."""
    weapon_words = _weapon_words()
    for tok in cands:
        tok = antecedent(tok) or tok
        if tok.i in skip or tok.lemma_.lower() in word_set("not_agents"):
            continue  # "hit by mistake"
        src = to_source(tok)
        if src is not None and tok.lower_ in weapon_words:  # "Army helicopters", not "an IED a car of ..."
            own = tok.doc[tok.left_edge.i : hedged_end(tok.doc, tok.i + 1, tok.sent.end)]
            src = Source(own.text, own.start_char, own.end_char)
        if src is None or (other is not None and src.start <= other[0].start < src.end):
            continue
        if src.text.split()[0].lower() in word_set("not_agents"):
            continue
        actor = normalise_actor(src.text, src.start, src.end, hint)
        if actor is not None and (other is None or actor.name != other[1].name):
            return src, tok, actor
    return None, None, None


def group_actors(group: Group, lex: Lexicon, hint: str | None) -> dict[str, tuple[Source, object]]:
    """actor1/actor2 (and assoc) sources for the group, from its triggers' dependency structure."""
    out: dict[str, tuple[Source, object]] = {}
    # verbs first: their subjects and agents are the clearest evidence of who did what
    ordered = sorted(group.hits, key=lambda h: (h.tok.pos_ != "VERB", h is not group.primary, h.tok.i))
    weapon_words = _weapon_words()
    skip = frozenset(h.tok.i for h in group.hits)
    targets: list[list[Token]] = []  # each hit's actor2 candidates, in ``ordered``
    crowd_candidates: list[Token] = []  # the primary trigger's actor1 candidates
    for hit in ordered:
        tok = hit.tok
        if tok.lemma_.lower() in word_set("person_triggers") and "actor1" not in out:
            src = to_source(tok)
            actor = src and normalise_actor(src.text, src.start, src.end, hint)
            if src is not None and actor is not None:
                out["actor1"] = (src, actor)
        a1, a2 = actor_candidates(tok, lambda t: t.lower_ in weapon_words)
        targets.append(a2)
        if hit is group.primary:
            crowd_candidates = a1
        if "actor1" not in out:
            if tok.pos_ != "VERB" and between(tok) is None:  # "a prisoner exchange between A and B"
                src = _modifier_source(tok, lex)
                actor = src and normalise_actor(src.text, src.start, src.end, hint, modifier=True)
                if src is not None and actor is not None:
                    out["actor1"] = (src, actor)
            if "actor1" not in out:
                src, head, actor = _pick(a1, hint, skip=skip)
                if src is not None:
                    out["actor1"] = (src, actor)
                    for conj in conjunct_sources(head):
                        out.setdefault("assoc_actor_1", (conj, None))
        if "actor2" not in out:
            src, head, actor = _pick(a2, hint, out.get("actor1"), skip)
            if src is not None:
                out["actor2"] = (src, actor)
    if "actor1" not in out:
        for hit in ordered:
            src = _hedged_agent(hit.tok)
            actor = src and normalise_actor(src.text, src.start, src.end, hint)
            if actor is not None and actor.inter != Inter.CIVILIANS:
                out["actor1"] = (src, actor)
                if "actor2" in out and _overlaps(out["actor2"][0], src):
                    del out["actor2"]  # the same words cannot be both sides
                break
    a1 = out.get("actor1")
    if a1 is not None and "actor2" in out and _overlaps(a1[0], out["actor2"][0]):
        del out["actor2"]  # the same words cannot be both sides: look again, past actor1
        for a2 in targets:
            src, _, actor = _pick(a2, hint, a1, skip)
            if src is not None and not _overlaps(a1[0], src):
                out["actor2"] = (src, actor)
                break
    role = load_vocabulary().crowd_roles.get(group.primary.cls.event_type or "")
    if "actor1" not in out and role is not None:
        crowd = _crowd(group.primary.tok, crowd_candidates, role, hint, skip)
        if crowd is not None:
            out["actor1"] = crowd
    if "actor2" not in out and group.primary.cls.family == "violence":
        src, _, actor = _pick(_casualties_above(group.primary.tok), hint, out.get("actor1"), skip)
        if src is not None:
            out["actor2"] = (src, actor)  # "two children were killed after an IED exploded"
    if "actor2" not in out and "assoc_actor_1" in out and group.primary.cls.family in ("verbal", "strategic"):
        src = out.pop("assoc_actor_1")[0]
        out["actor2"] = (src, normalise_actor(src.text, src.start, src.end, hint))
    return out


def _crowd(
    tok: Token, a1: list[Token], role: str, hint: str | None, skip: frozenset[int]
) -> tuple[Source, Actor] | None:
    """The people who protest or riot, named by a common noun the dictionary does not know ("Traders
    in Kisii protest a tax increase", "the LGBT community took out a rally"): ACLED codes whoever
    protests as protesters and whoever riots as rioters (actors.yaml crowd_roles: ``role``), so
    they are the protesters (rioters) of the country.
    People: a plural noun or a collective (triggers.yaml words crowd_collectives), not a market's
    words (crowd_not_people), nor an event word of the group (``skip``). ``a1``: the trigger's
    actor1 candidates (:func:`~.args.actor_candidates`), as :func:`group_actors` found them."""
    if tok.dep_ == "dobj":  # "took out a rally": the subject of the verb that holds it
        a1 = [*a1, *(c for c in tok.head.children if c.dep_ == "nsubj")]
    holder = _holding_verb(tok)
    if holder is not None:  # "patients staged a demonstration deploring ...", "began a fast to protest"
        a1 = [*a1, *(c for c in holder.children if c.dep_ == "nsubj")]
    for cand in a1:
        low = cand.lower_
        # an organisation that protests is its members: ACLED codes them as protesters (the party
        # as associated actor): "The Jamiat Ulema Islam (Fazl) held demonstrations"
        named = cand.pos_ == "PROPN" and (
            cand.ent_type_ == "ORG" or cand.tag_ == "NNPS" and cand.ent_type_ == "NORP"
        )
        if (
            cand.i in skip
            or not (named or cand.pos_ == "NOUN")
            or cand.lemma_.lower() in word_set("not_agents")
        ):
            continue
        if not named and (
            low in word_set("crowd_not_people")
            or not (cand.tag_ == "NNS" or low in word_set("crowd_collectives"))
        ):
            continue  # "shares of the oil company rallied": no people
        src = to_source(cand)
        if src is None:
            continue
        name, inter = role_actor(role, hint)
        return src, Actor(
            src.text, src.start, src.end, name, hint, inter, True, float(current().actors.confidence_role)
        )
    return None


def _holding_verb(tok: Token) -> Token | None:
    """The light verb (triggers.yaml words light_verbs: stage, hold, begin ...) whose object holds
    the event noun within two more links (a noun the parser hung the trigger on, a clause on the
    object: "staged a demonstration deploring ...", "began a fast to protest"), or None."""
    light = word_set("light_verbs")
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("dobj", "nmod", "compound", "relcl", "acl", "xcomp") or cur.head is cur:
            return None
        cur = cur.head
        if cur.pos_ == "VERB":
            return cur if lemma(cur) in light else None
    return None


def _overlaps(a: Source, b: Source) -> bool:
    """The same words in both mentions; not two sides coordinated before their shared noun
    ("Somali and Afar ethnic militias" and its "Afar ethnic militias")."""
    if not (a.start < b.end and b.start < a.end):
        return False
    longer, shorter = (a, b) if a.start < b.start else (b, a)
    before = longer.text[: shorter.start - longer.start].split()
    coordinated = shorter.end == longer.end and before and before[-1].lower() in ("and", "or")
    return not coordinated


def _casualties_above(tok: Token) -> list[Token]:
    """The people a casualty verb above the trigger's clause says were hit: "two children were
    killed after an IED exploded" (passive subject), "... exploded, injuring 2 civilians" (object)."""
    verb = verb_of(tok)
    casualty_verbs = word_set("casualty_verbs")
    out: list[Token] = []
    for cur in (verb, verb.head):
        for c in cur.children:
            if c.dep_ in ("advcl", "conj", "xcomp", "ccomp") and c.lemma_ in casualty_verbs:
                # "..., injuring 2 civilians"; "killed after an IED exploded" parsed as its complement
                out += [o for o in c.children if o.dep_ in ("dobj", "nsubjpass")]
        if cur is verb.head and verb.dep_ == "advcl" and cur.lemma_ in casualty_verbs:
            out += [o for o in cur.children if o.dep_ == "nsubjpass"]
    return out


def _hedged_agent(tok: Token) -> Source | None:
    """A hedged agent just after the trigger, however the parser attached it: "an IED (likely by
    IS) exploded", "was shot dead (likely by IS militants)", "an explosion, likely by IS militants"."""
    doc, end = tok.doc, tok.sent.end
    hedges = word_set("hedges")
    for i in range(tok.i + 1, min(tok.i + 5, end - 1)):
        if doc[i].lower_ != "by" or not (doc[i - 1].text in ("(", ",") or doc[i - 1].lower_ in hedges):
            continue
        j = i + 1
        while j < min(i + 7, end) and not (doc[j].is_punct or doc[j].pos_ == "VERB"):
            j += 1
        if j > i + 1:
            span = doc[i + 1 : j]
            return Source(span.text, span.start_char, span.end_char)
    return None
