"""From trigger words to groups of triggers, one group per event mention.

Triggers come from ``data/triggers.yaml`` through one compiled Matcher. Triggers of one family
in one clause make one group; words inside a date, a purpose ("to fight"), an attribution or a
byline are no trigger; a protest or raid beside another event may be that event's context.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...settings import current
from .args import clause_head, verb_of
from .classify import arms_objects
from .hits import Group, Hit, family_key
from .lexicon import STRONG, Lexicon, Trigger, cue_text, has_cue, trigger_matcher, word_set


def event_hits(doc: Doc, lex: Lexicon) -> list[Hit]:
    """The trigger hits of ``doc`` that may tell an event: no purpose ("to fight ISIS"), byline or
    attribution ("claimed responsibility for the attack")."""
    return [
        h
        for h in _hits(doc, lex)
        if (h.cls.family == "protest" or not _intention(h.tok, lex))
        and not _byline(h.tok, lex)
        and not (h.cls.family != "verbal" and _cancelled(h.tok, lex))
        and not _idle_store(h.tok)
    ]


def _idle_store(tok: Token) -> bool:
    """A store of weapons only mentioned, not found, seized or destroyed (triggers.yaml words
    store_words, store_verbs): "false information on the location of a weapons cache"."""
    if tok.lower_ not in word_set("store_words"):
        return False
    verbs = [t for t in tok.sent if t.pos_ == "VERB"]
    if not verbs:
        return False  # a label or a headline ("Weapons cache near Mosul")
    # any verb of its sentence, wherever the parse hangs it ("a stash of projectiles belonging to
    # IS militants found western Mosul")
    return not any(v.lemma_.lower() in word_set("store_verbs") for v in verbs)


def _byline(tok: Token, lex: Lexicon) -> bool:
    """The trigger's sentence is a byline or an author's note: short, and matching a byline pattern."""
    sent = tok.sent
    return len(sent) <= int(current().events.byline_max_tokens) and bool(
        lex.patterns["byline"].search(sent.text)
    )


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
    # "V to death" phrases match with the victim between: "hacks a woman to death"
    for tok in doc:
        idx = lex.to_death.get(tok.lemma_.lower()) if tok.pos_ == "VERB" and tok.i not in best else None
        if idx is not None and _to_death(tok) and not _not_an_event_word(tok, lex):
            best[tok.i] = (3, lex.triggers[idx])
    return [Hit(doc[i], t) for i, (_, t) in sorted(best.items())]


def _to_death(verb: Token) -> bool:
    """``verb`` has "to death" among its own dependents, wherever its object stands."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(g.dep_ == "pobj" and g.lower_ == "death" for g in c.children)
        for c in verb.children
    )


def _not_an_event_word(tok: Token, lex: Lexicon) -> bool:
    """A trigger word inside a date ("on March 21"), modifying a noun that names no event ("the bomb
    squad", triggers.yaml cues.not_event_heads), or the participle closing a hyphenated adjective
    ("gun-controlled Chicago", "a rebel-held town": a state of the place, no occurrence) or a
    participle of holding after one ("Douma, controlled by the rebels"), or a verb
    of showing with its object ("demonstrated that ...", triggers.yaml words.show_sense_verbs)."""
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    if tok.tag_ == "VBN" and tok.dep_ == "amod" and _hyphenated(tok):
        return True
    if tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.lemma_.lower() in word_set("state_participles"):
        return True  # "the city of Douma, controlled by the rebels": whose it is
    if tok.lemma_.lower() in word_set("show_sense_verbs") and any(
        c.dep_ in ("dobj", "ccomp") for c in tok.children
    ):
        return True  # "demonstrating that he is unfit": showing, no protest
    return tok.dep_ in ("compound", "amod") and tok.head.lemma_.lower() in lex.cues["not_event_heads"]


def _hyphenated(tok: Token) -> bool:
    """The second word of a hyphenated word ("gun-controlled": "gun", "-", "controlled")."""
    if tok.i < 2:
        return False
    hyphen, first = tok.doc[tok.i - 1], tok.doc[tok.i - 2]
    return hyphen.text == "-" and not hyphen.whitespace_ and not first.whitespace_


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
    if any(c.dep_ == "advmod" and c.lower_ in word_set("nonliteral_manner") for c in tok.children):
        return True  # "verbally attacked the president"
    if _in_inventory(tok, lex) or _accident_toll(tok, lex):
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


def _in_inventory(tok: Token, lex: Lexicon) -> bool:
    """A weapon word listed, not used: governed by an inventory verb (triggers.yaml
    words.inventory_verbs: "the equipment included grenades") or in a sentence with no verb ("376
    rifles, 26 mortars, 31 pistols"; "the rockets that are in the depot")."""
    if tok.lower_ not in lex.cues["arms"]:
        return False
    listing = word_set("inventory_verbs")
    governor = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if governor is not None:
        return governor.lemma_.lower() in listing
    verbs = [t for t in tok.sent if t.pos_ == "VERB"]
    if verbs:  # a parse that hangs the list elsewhere: the sentence's verbs decide
        return all(t.lemma_.lower() in listing for t in verbs)
    # no verb, or only a copula off the list's path: a headline names a use, a target ("Mortars on
    # Kabul") or a toll ("three dead")
    used = any(c.dep_ == "prep" and c.lower_ in word_set("hit_preps") for c in tok.children)
    # ... or a headline's verb the tagger read as a noun, with its own object ("Nigerian military
    # shell Cameroonian security post")
    used = used or any(c.dep_ == "dobj" for c in tok.children)
    return not (used or has_cue(cue_text(tok.sent), lex.cues["casualties"]))


def _accident_toll(tok: Token, lex: Lexicon) -> bool:
    """A casualty word whose cause, told in its own clause, is an accident verb (triggers.yaml
    cues.disaster) with no weapon ("four soldiers were killed when their plane crashed"): deaths in
    no ACLED event."""
    if tok.lower_ not in lex.cues["casualties"]:
        return False
    for c in tok.children:
        if c.dep_ == "advcl" and {c.lower_, c.lemma_.lower()} & lex.cues["disaster"]:
            return not has_cue(cue_text(c.subtree), lex.cues["arms"])
    return False


def _split_anchors(head: Token, hits: list[Hit]) -> list[Group]:
    """Strong triggers under different verbs of one clause are different events
    ("a drone attack that killed three soldiers led to X launching airstrikes")."""
    anchors: dict[int, Group] = {}
    for hit in hits:
        if hit.trig.strength == STRONG:
            anchors.setdefault(verb_of(hit.tok).i, Group(head, family="violence")).hits.append(hit)
    if len(anchors) < 2:
        return [Group(head, list(hits), "violence")]
    for hit in hits:
        if hit.trig.strength == STRONG:
            continue
        above = {a.i for a in hit.tok.ancestors} | {hit.tok.i}
        target = next(
            (
                g
                for g in anchors.values()
                if any(h.tok.i in above or v in above for h in g.hits for v in [verb_of(h.tok).i])
            ),
            anchors.get(verb_of(hit.tok).i) or next(iter(anchors.values())),
        )
        target.hits.append(hit)
    return list(anchors.values())


def group_hits(hits: list[Hit], lex: Lexicon) -> list[Group]:
    """The event mentions ``hits`` make: one group per clause and family, joined and split by the
    rules below."""
    groups: dict[tuple[int, str], Group] = {}
    for hit in hits:
        head = clause_head(hit.tok)
        fam = family_key(hit.cls)
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
            and violence.primary.cls.rank <= lex.classes["clash"].rank
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
        and (h.tok.i not in covered or h.tok.lower_ not in arms and h.cls.rank < lex.classes["shelling"].rank)
    ]
    return not violence.hits
