"""From a group of triggers to one event class: weapon cues, target kinds, protest outcomes."""

from __future__ import annotations

from spacy.tokens import Token

from ...records import ARMED, CROWDS, NON_STATE_ARMED, STATE_SIDES, UNARMED, Inter
from ..actors.normalise import normalise_actor
from .args import PASS_SUBJ, antecedent
from .hits import Group, Hit
from .lexicon import EventClass, Lexicon, cue_text, has_cue, word_set
from .model import label_of
from .sides import collective_violence, inter_of

PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def weapon_class(text: str, lex: Lexicon) -> EventClass | None:
    """The most specific weapon named in the clause text, if any."""
    found = [lex.classes[name] for name, forms in lex.weapon_cues.items() if has_cue(text, forms)]
    return max(found, key=lambda c: c.rank) if found else None


def _objects(tok: Token) -> list[Token]:
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]  # "oprd": a misparse
    # "dismantled an IED placed near the market" parsed as a clause: its subject is the object
    out += [
        s
        for c in tok.children
        if c.dep_ == "ccomp" and c.tag_ == "VBN"
        for s in c.children
        if s.dep_ == "nsubj"
    ]
    into = word_set("advance_preps" if tok.lemma_ in word_set("advance_verbs") else "capture_preps")
    for c in list(out) + [tok]:
        for p in c.children:
            if p.dep_ == "prep" and p.lower_ in into:  # "advanced in Nasriyeh village"
                out += [o for o in p.children if o.dep_ == "pobj"]
    if tok.dep_ == "acl" or tok.tag_ == "VBN" and tok.dep_ == "amod":
        out.append(tok.head)
    return out


def _arms(objs: list[Token], lex: Lexicon) -> bool:
    """Whether the objects name weapons ("seized 50 rifles", "an IED was found")."""
    return any(t.lower_ in lex.cues["arms"] for o in objs for t in o.subtree)


def _verb_objects(tok: Token) -> list[Token]:
    """Objects of a verb and of the verbs coordinated with it ("discovered and detonated an IED")."""
    return [o for v in (tok, *tok.conjuncts) for o in _objects(v)]


def arms_objects(tok: Token, lex: Lexicon) -> bool:
    """Whether the verb ``tok`` acts on weapons ("destroyed 40 mines", "rifles were seized"): the
    object itself names them, not a word below it ("destroyed houses with rockets")."""
    arms = lex.cues["arms"]
    return any(t.lower_ in arms for o in _objects(tok) for t in (o, *o.conjuncts))


def _crime_modifier(tok: Token, lex: Lexicon) -> bool:
    """A noun a crime word modifies ("cocaine base", "drug money")."""
    return any(c.dep_ in ("compound", "amod") and c.lower_ in lex.cues["crime"] for c in tok.children)


def _territory(hit: Hit, actors: dict, lex: Lexicon) -> EventClass | None:
    """Capture of a place (Battles) or of persons (arrest, abduction); None when neither."""
    objs = _objects(hit.tok)
    inter1 = inter_of(actors, "actor1")
    if hit.tok.lemma_ in word_set("expel_verbs"):  # "expelled HTS from the village": fighters out of a place
        if any(t.lower_ in lex.cues["expelled_people"] for o in objs for t in (o, *o.conjuncts)):
            return None  # "nationals expelled from Santa Rosa": people, not a side's hold on a place
        objs = [
            o
            for p in hit.tok.children
            if p.dep_ == "prep" and p.lower_ == "from"
            for o in p.children
            if o.dep_ == "pobj" and (o.lower_ in lex.cues["places"] or o.ent_type_ in PLACE_ENTS)
        ]
        if not objs:
            return None
    if _arms(objs, lex):
        return lex.classes["disrupted"]
    if any(o.lower_ in lex.cues["crime"] or _crime_modifier(o, lex) for o in objs):
        return None  # "seized 1.5 tons of cocaine base": contraband, not a place or a person
    # the state takes it, or an unnamed side takes it from rebels or militias
    regains = inter1 == Inter.STATE_FORCES or (
        inter1 is None and inter_of(actors, "actor2") in NON_STATE_ARMED
    )
    place = lex.classes["territory_gov"] if regains else lex.classes["territory"]
    if has_cue(_window(hit.tok), lex.cues["no_fight"]):
        place = lex.classes["transfer"]  # "took the town after the rebels withdrew without a fight"
    person = lex.classes["arrest"] if inter1 in STATE_SIDES else lex.classes["abduction"]
    if any(o.lower_ in lex.cues["places"] for o in objs):
        return place
    if any(o.lower_ in lex.cues["persons"] for o in objs):
        return person
    if any(o.ent_type_ in PLACE_ENTS or o.pos_ == "PROPN" for o in objs):
        return place  # a named object of capture is a place unless a person word says otherwise
    return None


def _force_on(tok: Token, lex: Lexicon) -> bool:
    """Whether a protest word is the target of force: "opened fire on protesters", "attacked a
    demonstration", "crackdown on demonstrators", "shot live rounds to clear protests"."""
    force = lex.cues["force_on_protest"]
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i or cur.dep_ in ("nsubj", "nsubjpass"):
            return False  # the protesters did it, or nothing governs them
        cur = cur.head
        fire = word_set("fire_nouns")
        if cur.lemma_.lower() in force or any(c.dep_ == "dobj" and c.lemma_ in fire for c in cur.children):
            return True
    return False


def _from_air(tok: Token, lex: Lexicon) -> bool:
    """Whether aircraft launched the missile ``tok``: "air missiles", "jets fired missiles",
    "missiles fired by Israeli jets", "a missile from a drone"."""
    near = [c for c in tok.children if c.dep_ in ("compound", "amod")]
    if any(c.lower_ in word_set("air_modifiers") for c in near):
        return True  # "air missiles", "air-launched"
    verbs = [tok.head] if tok.dep_ in ("dobj", "nsubjpass") else []
    for c in tok.children:
        if c.dep_ == "acl":
            verbs.append(c)
        if c.dep_ == "prep" and c.lower_ == "from":
            near += list(c.subtree)
    for verb in verbs:
        for c in verb.children:
            if c.dep_ in ("nsubj", "agent"):
                near += list(c.subtree)
    air = lex.weapon_cues["air"]
    return any(t.lower_ in air for t in near)


def _riot_word(hit: Hit) -> bool:
    """A riot or mob trigger that names the rioting, not the police sent to it ("riot police")."""
    tok = hit.tok
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return hit.cls.name in ("mob", "riot") and not (
        after is not None and after.lower_ in word_set("riot_police_nouns")
    )


def _window(tok: Token) -> str:
    """Padded lower-case text of the token's sentence and the next one."""
    sent = tok.sent
    end = tok.doc[sent.end].sent.end if sent.end < len(tok.doc) else sent.end
    return cue_text(tok.doc[sent.start : end])


def _protest(group: Group, primary: Hit, actors: dict, text: str, lex: Lexicon) -> EventClass:
    c = lex.classes
    if _riot_word(primary):
        return primary.cls
    gentle = has_cue(text, lex.cues["crowd_control"]) and not has_cue(text, lex.cues["lethal"])
    if not gentle and any(h.cls.family == "protest" and _force_on(h.tok, lex) for h in group.hits):
        return c["excessive"]  # ACLED: force that kills or seriously hurts peaceful protesters
    state = Inter.STATE_FORCES in {inter_of(actors, "actor1"), inter_of(actors, "actor2")} or has_cue(
        text, word_set("state_forces")
    )
    lethal = has_cue(text, lex.cues["lethal"])
    if lethal and state:
        return c["excessive"]
    # the crowd's violence anywhere in the sentence ("... after projectiles were thrown at police");
    # "marched against gun violence" is no violence done
    sent = cue_text(primary.tok.sent)
    acts = lex.patterns["nonliteral_acts"].sub(" ", lex.patterns["topic_violence"].sub(" ", sent))
    if has_cue(acts, lex.cues["riot_acts"]) or has_cue(_window(primary.tok), lex.cues["turned_violent"]):
        return c["riot"]
    if has_cue(text, lex.cues["intervention"]) or any(h.cls.name == "arrest" for h in group.hits):
        return c["intervention"]
    if has_cue(sent, lex.cues["crowd_control"]):
        return c["intervention"]  # "police used water cannon to disperse activists after they rallied"
    return c["protest"]


def _generic(primary: Hit, actors: dict, text: str, lex: Lexicon) -> EventClass:
    c = lex.classes
    sides = {inter_of(actors, "actor1"), inter_of(actors, "actor2")}
    if primary.cls.name == "clash":
        # unarmed people fighting state forces: a riot, not a battle ("Palestinians were injured
        # in clashes with Israeli forces": the hurt are the other side)
        sides |= _hurt_sides(primary.tok)
        unarmed = sides & UNARMED and not sides & NON_STATE_ARMED
        # the forces are named, or told by their means ("hurt by rubber bullets amid clashes")
        forces = sides & STATE_SIDES or has_cue(cue_text(primary.tok.sent), lex.cues["crowd_control"])
        return c["riot"] if unarmed and forces else primary.cls
    weapon = weapon_class(text, lex)
    if weapon is None and primary.cls.name == "kill":  # "a charge went off in a market, killing one"
        weapon = weapon_class(cue_text(primary.tok.sent), lex)
    if weapon is not None and weapon.rank > primary.cls.rank:
        return weapon
    if primary.cls.name == "explosion":
        return c["ied"]
    if primary.tok.lemma_ in word_set("strike_words") and primary.tok.pos_ == "NOUN":
        return c["air"]  # a military "strike" with no other weapon named is an air strike
    inter2 = inter_of(actors, "actor2")
    if primary.tok.lower_ in lex.cues["one_sided"]:
        return c["attack"]
    if inter2 == Inter.PROTESTERS:
        return c["excessive"]
    if inter2 == Inter.CIVILIANS:
        return c["attack"]
    if inter2 in ARMED or has_cue(_target_text(primary.tok, text), lex.cues["military_targets"]):
        return c["clash"]
    if has_cue(text, lex.cues["victims"]) or _verb_form(primary.tok) in lex.cues["targeted_killing"]:
        return c["attack"]  # an unarmed target, or a killing aimed at one person ("shot dead a judge")
    return c["clash"]


def _means(tok: Token, lex: Lexicon) -> EventClass | None:
    """The violent means named in ``tok``'s sentence outside what it destroyed (the tank destroyed
    is the target, not the weapon)."""
    hit = {t.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree}
    weapon = weapon_class(cue_text(t for t in tok.sent if t.i not in hit), lex)
    return weapon if weapon is not None and weapon.family == "violence" else None


def _state_disposal(group: Group, actors: dict, text: str, lex: Lexicon) -> bool:
    """State forces detonating or dismantling explosives, hurting no one: weapons disposed of."""
    if inter_of(actors, "actor1") != Inter.STATE_FORCES or has_cue(text, lex.cues["casualties"]):
        return False
    arms = lex.cues["arms"] | lex.weapon_cues["ied"]
    for hit in group.hits:
        if hit.tok.pos_ != "VERB" or hit.tok.lemma_.lower() not in lex.cues["disposal"]:
            continue
        objs = [c for c in hit.tok.children if c.dep_ == "dobj"]
        if any(t.lower_ in arms for o in objs for t in o.subtree if t.i <= o.i):  # "a booby-trapped car"
            return True
    return False


def _armed_target(tok: Token, actors: dict, lex: Lexicon) -> bool:
    """Whether an armed actor destroyed a military object ("three military vehicles", "a tank"):
    the words of the object itself decide, not its owner ("the house of a police officer")."""
    if inter_of(actors, "actor1") not in ARMED:
        return False
    direct = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    direct += [c for o in direct for c in o.conjuncts]
    words = [t for o in direct for t in (o, *o.children) if t.i == o.i or t.dep_ in ("amod", "compound")]
    return has_cue(cue_text(words), lex.cues["military_targets"])


def _hurt_sides(tok: Token) -> set[int]:
    """Inter codes of the people a clash noun's clause says were hurt ("X were injured in clashes")."""
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return set()
    verb = tok.head.head
    # "were hurt by live ammunition amid clashes": up to the verb
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("pobj", "dobj", "prep") and verb.head != verb:
        verb = verb.head
    out = set()
    for subj in (c for c in verb.children if c.dep_ in PASS_SUBJ):
        subj = _named(subj)  # "a man was injured when he was shot during clashes"
        span = tok.doc[subj.left_edge.i : subj.i + 1]
        actor = normalise_actor(span.text, span.start_char, span.end_char)
        if actor is not None:
            out.add(actor.inter)
    return out


def _named(subj: Token) -> Token:
    """A subject pronoun's antecedent among the subjects, active or passive, of the clauses above
    it ("a man was injured when he was shot"); any other subject itself."""
    found = antecedent(subj)
    if found is None and subj.lower_ in word_set("person_pronouns"):
        above = (c for a in subj.ancestors for c in a.children if c.dep_ in PASS_SUBJ and c.i < subj.i)
        found = next(above, None)
    return found or subj


def _target_text(tok: Token, text: str) -> str:
    """The words naming what a violence trigger hit (its objects; "on"/"at"/"against" phrases),
    else the clause: an attacker's own words ("Islamic State militants") are no military target."""
    targets = [o for o in _objects(tok) if o.i != tok.head.i or tok.dep_ != "amod"]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in word_set("hit_preps"):
            targets += [o for o in c.children if o.dep_ == "pobj"]
    if tok.dep_ in ("acl", "amod") or (tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN")):
        targets.append(tok.head)  # "a tribal chief assassinated by militants"
    if not targets:
        return text
    return cue_text(t for o in targets for t in o.subtree)


def _verb_form(tok: Token) -> str:
    """A verb's lemma with its result particle: "shoot dead", "gun down"; else its lemma."""
    for c in tok.children:
        if c.dep_ in ("prt", "advmod", "acomp", "oprd", "amod", "xcomp") and c.lower_ in word_set(
            "result_particles"
        ):
            return f"{tok.lemma_.lower()} {c.lower_}"
    return tok.lemma_.lower()


def refine_class(
    group: Group, primary: Hit, actors: dict, text: str, lex: Lexicon
) -> tuple[EventClass | None, str | None]:
    """The event class of ``group`` and its PLOVER mode (None class: not an event after all)."""
    cls = primary.cls
    if (
        cls.name == "attack"
        and primary.tok.lemma_ in word_set("strike_words")
        and has_cue(text, lex.cues["labour"])
    ):
        cls = lex.classes["protest"]
        return cls, "strike"
    blockade = cls.family == "protest" and primary.tok.lemma_ in word_set("blockade_verbs")
    if blockade and inter_of(actors, "actor1") in ARMED:
        return None, None  # "soldiers blocked the road to the village": no protest
    if (
        cls.name in lex.model_moves
        and cls.event_type != "Explosions/Remote violence"
        and collective_violence(actors, primary.tok)
    ):
        # "a number of people killed a goat thief", "captured a thief": a crowd's violence (of the
        # classes whose type depends on who did it: rape and abduction keep their own sub-types)
        cls = lex.classes["mob"]
    elif cls.family == "protest":
        cls = _protest(group, primary, actors, text, lex)
    elif cls.name == "territory":
        cls = _territory(primary, actors, lex)
    elif cls.name in lex.generic or cls.name == "clash":
        cls = _generic(primary, actors, text, lex)
    elif (
        cls.family == "violence"
        and cls.name in ("ied", "explosion")
        and _state_disposal(group, actors, text, lex)
    ):
        cls = lex.classes["disrupted"]  # "the gendarmerie detonated explosive devices found in a cave"
    elif cls.family == "violence" and cls.event_type == "Explosions/Remote violence":
        # "suicide car bombing": the suicide outranks the bomb; "warplanes fired missiles": the
        # aircraft that launched a missile makes it an air strike
        weapon = weapon_class(text, lex)
        sent = cue_text(primary.tok.sent)
        if weapon is not None and weapon.name in ("suicide", "chemical") and weapon.rank > cls.rank:
            cls = weapon
        elif cls.rank < lex.classes["chemical"].rank and has_cue(sent, lex.cues["chemical_effects"]):
            cls = lex.classes["chemical"]  # "fired shells ... 300 treated for suffocation"
        elif cls.name == "shelling" and _from_air(primary.tok, lex):
            cls = lex.classes["air"]
    elif cls.name == "looting" and arms_objects(primary.tok, lex):
        cls = lex.classes["disrupted"]  # "destroyed 40 mines": weapons taken out of use
    elif cls.name == "looting" and (weapon := _means(primary.tok, lex)) is not None:
        cls = weapon  # "the air force destroyed a number of vehicles": an air strike
    elif cls.name == "looting" and _armed_target(primary.tok, actors, lex):
        cls = lex.classes["clash"]  # "destroyed three military vehicles of the army": an armed engagement
    elif cls.name == "looting" and inter_of(actors, "actor1") in CROWDS:
        # a crowd destroying property is a riot (ACLED codes property destruction by rioters so): a
        # violent demonstration where it protests, else mob violence ("youths tore down the fence")
        protesting = any(h.cls.family == "protest" for h in group.hits if h is not primary)
        cls = lex.classes["riot" if protesting else "mob"]
    elif cls.name == "hq" and not any(
        t.lower_ in lex.cues["hq_objects"] for o in _objects(primary.tok) for t in o.subtree
    ):
        cls = None
    elif cls.name == "disrupted" and any(
        t.lower_ in lex.cues["manned_aircraft"] for o in _verb_objects(primary.tok) for t in (o, *o.conjuncts)
    ):
        cls = lex.classes["clash"]  # "a warplane was shot down by rebels": fire on a crewed aircraft
    elif (
        cls.name == "disrupted" and primary.tok.pos_ == "VERB" and not _arms(_verb_objects(primary.tok), lex)
    ):
        cls = None  # "found", "cleared" without weapons
    elif cls.name == "arrest" and inter_of(actors, "actor1") in NON_STATE_ARMED:
        cls = lex.classes["abduction"]
    elif cls.name == "transfer" and any(o.lower_ in lex.cues["persons"] for o in _objects(primary.tok)):
        cls = None  # "evacuated residents": people leave, no territory changes hands
    elif cls.name == "retreat" and any(
        p.dep_ == "prep" and p.lower_ in word_set("withdrawal_preps") for p in primary.tok.children
    ):
        cls = lex.classes["transfer"]  # "withdrew from the town": territory changes hands
    if cls is None:
        return None, None
    mode = cls.plover_mode
    if cls.name == "air" and has_cue(text, word_set("drone_words")):
        mode = "drone"
    return cls, mode


def class_for_label(
    group: Group, primary: Hit, label: str, actors: dict, text: str, lex: Lexicon
) -> EventClass:
    """The most specific class of event type ``label`` (a trained model's choice) the clause supports:
    its own triggers and weapon cues of that type, else the lexicon's default for the type."""
    if label == "Protests/Riots":
        cls = _protest(group, primary, actors, text, lex)
        # fighting moved to the protest family was violent: a riot, unless the state killed
        return lex.classes["riot"] if cls.name == "protest" and primary.cls.family != "protest" else cls
    weapon = weapon_class(text, lex)
    fits = [
        h.cls
        for h in group.hits
        if label_of(h.cls.event_type) == label and (h.cls.name != "disrupted" or arms_objects(h.tok, lex))
    ]
    if weapon is not None and label_of(weapon.event_type) == label:
        fits.append(weapon)
    return max(fits, key=lambda c: c.rank) if fits else lex.defaults[label]
