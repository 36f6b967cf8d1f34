"""Events: detect triggers and type them (ACLED and PLOVER), and find who did it to whom.

Triggers come from ``data/triggers.yaml`` through one compiled Matcher. Triggers of one family
in one clause make one event, named by the most specific trigger; generic ones ("attack",
"kill", "explosion") are refined by weapon cues in the clause and by the kind of actors
(armed target: a battle; civilians: violence against civilians). Medium and weak triggers
need a political actor or a conflict cue; crime, disaster and sport cues veto them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..models import Event, Source
from ..settings import setting
from .actors import normalise_actor
from .context import DocContext
from .events_args import (
    HEDGES,
    actor_candidates,
    antecedent,
    between,
    clause_head,
    clause_tokens,
    conjunct_sources,
    hedged_end,
    to_source,
)
from .events_labels import label_anchor, labelled_sentences
from .events_lexicon import EventClass, Lexicon, Trigger, load_lexicon, trigger_matcher
from .events_model import LABELS, event_features, label_of, record, type_model
from .events_typing import arms_objects, class_for_label, cue_text, has_cue, refine_class, weapon_class
from .syntax import source_root

_BIO = re.compile(
    r"(?i)(\bfollow (him|her|them|us) on\b|\btwitter\b|(^|\s)@\w+|^\s*(author|by|written by)\s*:|"
    r"\bis an? [\w ,]*(editor|correspondent|reporter|journalist|writer|columnist|fellow|professor|analyst|"
    r"author|contributor)\b|\bis the [\w ,]*(editor|correspondent|reporter|author)\b|contributed reporting|"
    r"\breporting by\b|\bediting by\b|\bsubscribe\b|\bnewsletter\b|\ball rights reserved\b)"
)
POLITICAL_INTER = frozenset({1, 2, 3, 4, 5, 6, 8})
NOT_AGENTS = frozenset({"mistake", "error", "accident", "chance", "means", "way"})  # "hit by mistake"
PERSON_TRIGGERS = frozenset({"protester", "protestor", "demonstrator", "rioter", "mob", "bomber", "attacker"})


@dataclass
class Hit:
    """One trigger token with its lexicon entry."""

    tok: Token
    trig: Trigger

    @property
    def cls(self) -> EventClass:
        return self.trig.cls


@dataclass
class Group:
    """Triggers of one event: same clause, same family."""

    head: Token
    hits: list[Hit] = field(default_factory=list)
    family: str = ""

    @property
    def primary(self) -> Hit:
        """The most specific trigger (of the group's own family when it absorbed others)."""
        own = [h for h in self.hits if _family_key(h.cls) == self.family] or self.hits
        return max(own, key=lambda h: (h.cls.rank, h.trig.strength, -h.tok.i))


def _hits(doc: Doc, lex: Lexicon) -> list[Hit]:
    """Trigger tokens: the root of each match, longest match per root."""
    best: dict[int, tuple[int, Trigger]] = {}
    for match_id, start, end in trigger_matcher(doc.vocab)(doc):
        trig = lex.triggers[int(doc.vocab.strings[match_id][1:])]
        root = doc[start:end].root
        if trig.pos and root.pos_ not in trig.pos or _not_an_event_word(root, lex):
            continue
        length = end - start
        old = best.get(root.i)
        if old is None or (length, trig.cls.rank) > (old[0], old[1].cls.rank):
            best[root.i] = (length, trig)
    return [Hit(doc[i], t) for i, (_, t) in sorted(best.items())]


def _not_an_event_word(tok: Token, lex: Lexicon) -> bool:
    """A trigger word inside a date ("on March 21") or modifying a noun that names no event
    ("the bomb squad", triggers.yaml cues.not_event_heads)."""
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    return tok.dep_ in ("compound", "amod") and tok.head.lemma_.lower() in lex.cues["not_event_heads"]


def _intention(tok: Token, lex: Lexicon) -> bool:
    """An infinitive purpose or plan ("to fight ISIS"), not a reported event."""
    if tok.pos_ != "VERB" or not any(c.tag_ == "TO" for c in tok.children):
        return False
    return tok.head.lemma_ not in lex.cues["aspect"]


def _cancelled(tok: Token, lex: Lexicon) -> bool:
    """A trigger inside an attribution, a sanction or a weapons programme ("claimed responsibility for")."""
    cancel = lex.cues["cancel"]
    if any(c.lemma_.lower() in cancel for c in tok.children if c.dep_ in ("compound", "amod")):
        return True
    if tok.dep_ in ("acl", "advcl"):
        # "new sanctions targeting ten officials", "announced measures targeting Russia"
        head = tok.head
        means = lex.cues["non_violent_means"] | cancel
        if head.lemma_.lower() in means or any(
            c.dep_ == "dobj" and c.lemma_.lower() in means for c in head.children
        ):
            return True
    return any(a.lemma_.lower() in cancel for a in tok.ancestors)


def _family_key(cls: EventClass) -> str:
    return (
        "violence"
        if cls.family in ("violence", "territory")
        else cls.family
        if cls.family == "protest"
        else cls.name
    )


def _verb_of(tok: Token) -> Token:
    """The nearest verb at or above ``tok``."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _split_anchors(head: Token, hits: list[Hit]) -> list[Group]:
    """Strong triggers under different verbs of one clause are different events
    ("a drone attack that killed three soldiers led to X launching airstrikes")."""
    anchors: dict[int, Group] = {}
    for hit in hits:
        if hit.trig.strength == 3:
            anchors.setdefault(_verb_of(hit.tok).i, Group(head, family="violence")).hits.append(hit)
    if len(anchors) < 2:
        return [Group(head, list(hits), "violence")]
    for hit in hits:
        if hit.trig.strength == 3:
            continue
        above = {a.i for a in hit.tok.ancestors} | {hit.tok.i}
        target = next(
            (
                g
                for g in anchors.values()
                if any(h.tok.i in above or v in above for h in g.hits for v in [_verb_of(h.tok).i])
            ),
            anchors.get(_verb_of(hit.tok).i) or next(iter(anchors.values())),
        )
        target.hits.append(hit)
    return list(anchors.values())


def _group(hits: list[Hit], lex: Lexicon) -> list[Group]:
    groups: dict[tuple[int, str], Group] = {}
    for hit in hits:
        head = clause_head(hit.tok)
        fam = _family_key(hit.cls)
        groups.setdefault((head.i, fam), Group(head, family=fam)).hits.append(hit)
    by_clause: dict[int, dict[str, Group]] = {}
    for (hi, fam), g in groups.items():
        by_clause.setdefault(hi, {})[fam] = g
    out: list[Group] = []
    for fams in by_clause.values():
        violence, protest = fams.get("violence"), fams.get("protest")
        if (
            protest
            and violence
            and violence.primary.cls.family == "violence"
            and violence.primary.cls.rank <= 55
        ):
            protest.hits += violence.hits  # clashes, shootings at a protest: the protest is the event
            del fams["violence"]
        looting = fams.get("looting")
        if looting and fams.get("violence") and _only_raid(fams["violence"], lex):
            looting.hits += fams.pop("violence").hits  # "raided the village and torched cars"
        arrest = fams.get("arrest")
        if arrest and protest and all(_protest_as_context(h.tok, arrest, lex) for h in protest.hits):
            arrest.hits += fams.pop("protest").hits  # the arrests are the event
        for absorbed in ("arrest", "looting", "disrupted"):
            host = fams.get("protest") or fams.get("violence")
            if absorbed in fams and host is not None and not _governs_weapon(fams[absorbed], host, lex):
                host.hits += fams.pop(absorbed).hits
        for fam, g in fams.items():
            if g.hits:
                out += _split_anchors(g.head, g.hits) if fam == "violence" else [g]
    out = _disposed_weapons(out, lex)
    return sorted(_arrest_contexts(out, lex), key=lambda g: min(h.tok.i for h in g.hits))


def _disposed_weapons(groups: list[Group], lex: Lexicon) -> list[Group]:
    """A weapon named in a clause below a disrupted-weapons verb ("dismantled an IED placed near the
    market", parsed as a clause of its own) is the weapon disposed of, not an attack."""
    for strategic in [g for g in groups if g.family == "disrupted"]:
        below = {t.i for t in strategic.primary.tok.subtree}
        for violence in groups:
            if violence.family == "violence" and all(h.tok.i in below for h in violence.hits):
                _governs_weapon(strategic, violence, lex)
    return [g for g in groups if g.hits]


def _arrest_contexts(groups: list[Group], lex: Lexicon) -> list[Group]:
    """Protest groups that are only the context of an arrest join it: the arrests are the event."""
    arrests = [g for g in groups if g.family == "arrest"]
    out = []
    for g in groups:
        host = next(
            (
                a
                for a in arrests
                if g.family == "protest" and all(_protest_as_context(h.tok, a, lex) for h in g.hits)
            ),
            None,
        )
        if host is None:
            out.append(g)
        else:
            host.hits += g.hits
    return out


def _protest_as_context(tok: Token, arrest: Group, lex: Lexicon) -> bool:
    """Whether a protest word is only the context of an arrest: in a relative clause under the
    arrested ("detain people who organise demonstrations") or a phrase like "in anticipation of"."""
    verbs = {h.tok.i for h in arrest.hits}
    context = lex.cues["protest_context"]
    for anc in tok.ancestors:
        if anc.i in verbs:
            return False
        if anc.dep_ == "relcl" or anc.lower_ in context or anc.lemma_.lower() in context:
            return any(v in {a.i for a in anc.ancestors} for v in verbs)
    return False


def _only_raid(violence: Group, lex: Lexicon) -> bool:
    """Whether a violence group is only a raid or an "attack" with no weapon, death or injury
    named: beside property destroyed, the destruction is the event."""
    return all(h.tok.lemma_.lower() in lex.cues["raid_words"] for h in violence.hits) and not has_cue(
        cue_text(violence.hits[0].tok.sent), lex.cues["casualties"]
    )


def _governs_weapon(strategic: Group, violence: Group, lex: Lexicon) -> bool:
    """A disrupted-weapons verb whose object is the weapon ("defused an IED"): the weapon is no attack.

    Drops the weapon triggers inside that object ("thwarted an attack" keeps the attack: it was
    fought off, ACLED codes the fight) and says whether none is left.
    """
    name, verb = strategic.primary.cls.name, strategic.primary.tok
    if name != "disrupted" and not (name == "looting" and arms_objects(verb, lex)):
        return False  # "destroyed 40 mines" disrupts weapons too; "destroyed houses" does not
    covered: set[int] = set()
    for hit in strategic.hits:
        for obj in hit.tok.children:
            if obj.dep_ in ("dobj", "nsubjpass", "pobj", "prep"):
                covered.update(t.i for t in obj.subtree)
        covered.update(t.i for t in hit.tok.subtree if t.i >= hit.tok.i)
        if hit.tok.dep_ == "acl":  # "IEDs discovered during an operation"
            head = hit.tok.head
            covered.update([head.i, *(c.i for c in head.lefts if c.dep_ in ("compound", "amod", "nummod"))])
    # "discovered and safely detonated an IED", "detonated IEDs discovered in a raid": a detonation
    # of what was found is its disposal
    verbs = lex.cues["disposal"]
    disposal = {c.i for h in strategic.hits for c in h.tok.conjuncts if c.lemma_.lower() in verbs}
    disposal |= {
        h.tok.i
        for h in violence.hits
        if h.tok.lemma_.lower() in verbs and any(c.dep_ == "dobj" and c.i in covered for c in h.tok.children)
    }
    arms = lex.cues["arms"]
    violence.hits[:] = [
        h
        for h in violence.hits
        if h.tok.i not in disposal
        and (h.tok.i not in covered or h.tok.lower_ not in arms and h.cls.rank < 75)
    ]
    return not violence.hits


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
        if tok.i in skip or tok.lemma_.lower() in NOT_AGENTS:
            continue  # "hit by mistake"
        src = to_source(tok)
        if src is not None and tok.lower_ in weapon_words:  # "Army helicopters", not "an IED a car of ..."
            own = tok.doc[tok.left_edge.i : hedged_end(tok.doc, tok.i + 1, tok.sent.end)]
            src = Source(own.text, own.start_char, own.end_char)
        if src is None or (other is not None and src.start <= other[0].start < src.end):
            continue
        if src.text.split()[0].lower() in NOT_AGENTS:
            continue
        actor = normalise_actor(src.text, src.start, src.end, hint)
        if actor is not None and (other is None or actor.name != other[1].name):
            return src, tok, actor
    return None, None, None


def _actors(group: Group, lex: Lexicon, hint: str | None) -> dict[str, tuple[Source, object]]:
    """actor1/actor2 (and assoc) sources for the group, from its triggers' dependency structure."""
    out: dict[str, tuple[Source, object]] = {}
    # verbs first: their subjects and agents are the clearest evidence of who did what
    ordered = sorted(group.hits, key=lambda h: (h.tok.pos_ != "VERB", h is not group.primary, h.tok.i))
    weapon_words = _weapon_words()
    skip = frozenset(h.tok.i for h in group.hits)
    targets: list[list[Token]] = []  # each hit's actor2 candidates, in ``ordered``
    for hit in ordered:
        tok = hit.tok
        if tok.lemma_.lower() in PERSON_TRIGGERS and "actor1" not in out:
            src = to_source(tok)
            actor = src and normalise_actor(src.text, src.start, src.end, hint)
            if src is not None and actor is not None:
                out["actor1"] = (src, actor)
        a1, a2 = actor_candidates(tok, lambda t: t.lower_ in weapon_words)
        targets.append(a2)
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
            if actor is not None and actor.inter != 7:
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
    if "actor2" not in out and group.primary.cls.family == "violence":
        src, _, actor = _pick(_casualties_above(group.primary.tok), hint, out.get("actor1"), skip)
        if src is not None:
            out["actor2"] = (src, actor)  # "two children were killed after an IED exploded"
    if "actor2" not in out and "assoc_actor_1" in out and group.primary.cls.family in ("verbal", "strategic"):
        src = out.pop("assoc_actor_1")[0]
        out["actor2"] = (src, normalise_actor(src.text, src.start, src.end, hint))
    return out


CASUALTY_VERBS = frozenset({"kill", "injure", "wound", "hurt", "maim"})


def _overlaps(a: Source, b: Source) -> bool:
    return a.start < b.end and b.start < a.end


def _casualties_above(tok: Token) -> list[Token]:
    """The people a casualty verb above the trigger's clause says were hit: "two children were
    killed after an IED exploded" (passive subject), "... exploded, injuring 2 civilians" (object)."""
    verb = _verb_of(tok)
    out: list[Token] = []
    for cur in (verb, verb.head):
        for c in cur.children:
            if c.dep_ in ("advcl", "conj", "xcomp", "ccomp") and c.lemma_ in CASUALTY_VERBS:
                # "..., injuring 2 civilians"; "killed after an IED exploded" parsed as its complement
                out += [o for o in c.children if o.dep_ in ("dobj", "nsubjpass")]
        if cur is verb.head and verb.dep_ == "advcl" and cur.lemma_ in CASUALTY_VERBS:
            out += [o for o in cur.children if o.dep_ == "nsubjpass"]
    return out


def _hedged_agent(tok: Token) -> Source | None:
    """A hedged agent just after the trigger, however the parser attached it: "an IED (likely by
    IS) exploded", "was shot dead (likely by IS militants)", "an explosion, likely by IS militants"."""
    doc, end = tok.doc, tok.sent.end
    for i in range(tok.i + 1, min(tok.i + 5, end - 1)):
        if doc[i].lower_ != "by" or not (doc[i - 1].text in ("(", ",") or doc[i - 1].lower_ in HEDGES):
            continue
        j = i + 1
        while j < min(i + 7, end) and not (doc[j].is_punct or doc[j].pos_ == "VERB"):
            j += 1
        if j > i + 1:
            span = doc[i + 1 : j]
            return Source(span.text, span.start_char, span.end_char)
    return None


def _allowed(primary: Hit, cls: EventClass, actors: dict, text: str, lex: Lexicon) -> bool:
    """Whether the group reports an event: strength, political actors, vetoes."""
    strength = primary.trig.strength
    inters = {a.inter for _, a in actors.values() if a is not None}
    political = bool(inters & POLITICAL_INTER)
    weapon = any(has_cue(text, f) for f in lex.weapon_cues.values())
    # a weapon is conflict enough to outweigh a disaster word ("warplanes bombed ... its water plant")
    conflict = has_cue(text, lex.cues["conflict"]) or (cls.family == "violence" and weapon)
    # sport and business words veto metaphors ("attack", "strike", "deal"), not a bombing or a
    # protest about prices, nor a weapon that hurt people ("a bomb near busy markets, wounding 2")
    unmistakable = cls.family == "protest" or (
        cls.family == "violence" and (strength == 3 or weapon and has_cue(text, lex.cues["casualties"]))
    )
    if not unmistakable and has_cue(text, lex.cues["sport"]) and not conflict:
        return False
    if cls.family == "verbal":
        return "actor1" in actors
    if cls.family == "protest":
        return True  # a gathering of people is political in itself (a labour "strike" included)
    remote = cls.event_type == "Explosions/Remote violence" and strength == 3
    if has_cue(text, lex.cues["crime"]) and not remote and not (conflict and political):
        return False
    if strength == 3 or cls.name == "disrupted":
        return True  # weapons found, seized or destroyed are an event whoever found them
    if cls.name == "arrest" and has_cue(text, lex.cues["political_detainees"]):
        return True  # "opposition activists were arrested": the state arrests, named or not
    if has_cue(text, lex.cues["disaster"]) and not (political and conflict):
        return False
    if strength == 2:
        if cls.family == "violence" and (
            weapon or primary.cls.name == "explosion" and has_cue(text, lex.cues["casualties"])
        ):
            return True
        return political or conflict
    return political or conflict


def _candidates(group: Group, lex: Lexicon) -> list[Hit]:
    """The group's primary trigger, then its other triggers, most specific first: when the
    primary is no event after all ("found" with no weapons), the next one may be ("... after
    clashes", "ambushed ..., killing 5 and capturing 4")."""
    rest = sorted(
        # a protest an arrest group took in is its context, never its event
        (
            h
            for h in group.hits
            if h is not group.primary and not (group.family == "arrest" and h.cls.family == "protest")
        ),
        key=lambda h: (h.cls.rank, h.trig.strength, -h.tok.i),
        reverse=True,
    )
    support = _supported_clash(group, lex)
    if support is not None:
        return [support, *(h for h in [group.primary, *rest] if h is not support)]
    return [group.primary, *rest]


def _supported_clash(group: Group, lex: Lexicon) -> Hit | None:
    """A clash whose shelling or air strikes are told as its support ("clashed amid mutual
    shelling", "clashes accompanied by air strikes"): ACLED codes the battle."""
    clashes = [h for h in group.hits if h.cls.name == "clash" and h.trig.strength == 3]
    remote = [h for h in group.hits if h.cls.event_type == "Explosions/Remote violence"]
    if not clashes or not remote:
        return None
    support = lex.cues["support_words"]
    if all(any(t.lower_ in support for t in h.tok.ancestors) for h in remote):
        return clashes[0]
    return None


def _allowed_labels(cls: EventClass, actors: dict, text: str, lex: Lexicon) -> frozenset[str]:
    """The event types the model may move an event of class ``cls`` to. None for a trigger that
    names its means; the codebook defines two types by what they need, so Explosions/Remote
    violence only where the clause names an explosive weapon, Protests/Riots only where it names a
    crowd, protesters or rioters, and Battles never against civilians."""
    if cls.name not in lex.model_moves:
        return frozenset()
    allowed = set(LABELS)
    weapon = weapon_class(text, lex)
    if weapon is None or weapon.event_type != "Explosions/Remote violence":
        allowed.discard("Explosions/Remote violence")
    inters = {getattr(a, "inter", None) for _, a in actors.values()}
    if not (inters & {5, 6} or has_cue(text, lex.cues["crowd"])):
        allowed.discard("Protests/Riots")
    src, target = actors.get("actor2", (None, None))
    said = f" {src.text.lower()} " if src is not None else text
    if getattr(target, "inter", None) == 7 and not has_cue(said, lex.cues["military_targets"]):
        allowed.discard("Battles")  # a battle is fought between two armed, organised sides
    return frozenset(allowed)


def _model_class(
    group: Group, primary: Hit, cls: EventClass, actors: dict, text: str, lex: Lexicon
) -> EventClass:
    """The class after the trained event-type model has had its say (ACLED events only)."""
    rule_label = label_of(cls.event_type)
    if rule_label is None:
        return cls
    features = event_features(group, primary, cls, actors)
    allowed = _allowed_labels(cls, actors, text, lex)
    record(features, rule_label, allowed)
    model = type_model()
    label = model.relabel(features, rule_label, allowed) if model is not None and allowed else None
    return class_for_label(group, primary, label, actors, text, lex) if label else cls


def _event(
    group: Group, lex: Lexicon, hint: str | None, label: tuple[Span, EventClass] | None = None
) -> Event | None:
    """The event ``group`` tells, if any. Under a coder's ``label`` (events_labels.py) an event
    of an ACLED type is of the label's class."""
    actors = _actors(group, lex, hint)
    labelled_cls = label[1] if label is not None and group.primary.cls.event_type else None
    if labelled_cls is not None:
        primary, cls, mode = group.primary, labelled_cls, labelled_cls.plover_mode
        # the training sample of a labelled event: the label's type, which no model may move
        record(event_features(group, primary, cls, actors), label_of(cls.event_type), frozenset())
    else:
        text = cue_text(clause_tokens(group.head))
        for primary in _candidates(group, lex):
            cls, mode = refine_class(group, primary, actors, text, lex)
            if cls is not None and _allowed(primary, cls, actors, text, lex):
                break
        else:
            return None
        retyped = _model_class(group, primary, cls, actors, text, lex)
        if retyped is not cls:
            cls, mode = retyped, retyped.plover_mode
    tok = primary.tok
    sent = tok.sent
    # a place captured or handed over is as plain a report as a strong trigger
    captured = cls.name in ("territory", "territory_gov", "transfer") and primary.tok.lemma_ != "advance"
    strength = 3 if captured else primary.trig.strength  # an advance may stop short of a capture
    base = {3: "confidence_strong", 2: "confidence_medium", 1: "confidence_weak"}[strength]
    conf = float(setting("events", base)) + (
        float(setting("events", "confidence_actor1_bonus")) if "actor1" in actors else 0.0
    )
    event = Event(
        event_type=cls.event_type,
        sub_event_type=cls.sub_event_type,
        disorder_type=cls.disorder_type,
        plover_type=cls.plover_type,
        plover_mode=mode,
        evidence=Source(sent.text, sent.start_char, sent.end_char),
        confidence=round(min(conf, 0.95), 2),
        trigger=Source(tok.text, tok.idx, tok.idx + len(tok.text)),
    )
    for name, (src, _) in actors.items():
        event.provenance[name] = src
    if "actor1" in actors:
        event.actor1_text = actors["actor1"][0].text
    if "actor2" in actors:
        event.actor2_text = actors["actor2"][0].text
    return event


def find_events(ctx: DocContext) -> list[Event]:
    """Event mentions in ``ctx.doc`` with type, trigger, evidence and actor spans."""
    doc = ctx.doc
    lex = load_lexicon()
    hits = [
        h
        for h in _hits(doc, lex)
        if (h.cls.family == "protest" or not _intention(h.tok, lex))
        and not _BIO.search(h.tok.sent.text)
        and not (h.cls.family != "verbal" and _cancelled(h.tok, lex))
    ]
    labels = labelled_sentences(doc, lex)
    events = []
    told: set[int] = set()  # labelled sentences that told an event
    for group in _group(hits, lex):
        start = group.primary.tok.sent.start
        event = _event(group, lex, ctx.focus_iso2, labels.get(start))
        if event is not None:
            events.append(event)
            if event.event_type:
                told.add(start)
    for start, label in labels.items():
        root = label_anchor(doc[start].sent)
        if start not in told and root is not None:  # a labelled sentence with no trigger still tells one
            group = Group(root, [Hit(root, Trigger(label[1], 3, frozenset()))], label[1].name)
            event = _event(group, lex, ctx.focus_iso2, label)
            if event is not None:
                span = label[0][:-1]  # the label is the trigger: "Movement of forces"
                event.trigger = Source(span.text, span.start_char, span.end_char)
                events.append(event)
    if len(told) < len(labels):
        events.sort(key=lambda e: e.evidence.start if e.evidence else 0)
    _share_subjects(doc, events)
    return events


def _share_subjects(doc: Doc, events: list[Event]) -> None:
    """An event with no author named takes that of another event in its sentence whose author is
    the subject of a verb governing its trigger ("X detonated an IED destroying a vehicle")."""
    subjects = []
    for event in events:
        src = event.provenance.get("actor1")
        head = source_root(doc, src)
        if head is not None and head.dep_ in ("nsubj", "csubj"):
            subjects.append((head.head, src, event.actor1_text))
    for event in events:
        if "actor1" in event.provenance:
            continue
        trigger = source_root(doc, event.trigger)
        if trigger is None:
            continue
        governing = {trigger.i} | {a.i for a in trigger.ancestors}
        for verb, src, text in subjects:
            if verb.i in governing and verb.sent == trigger.sent:
                event.provenance["actor1"], event.actor1_text = src, text
                break
