"""Events: find the event mentions of a parsed article, typed (ACLED and PLOVER) with their actors.

Triggers of one family in one clause make one event (groups.py), named by the most specific
trigger; generic ones ("attack", "kill", "explosion") are refined by weapon cues in the clause
and by the kind of actors (classify.py: armed target: a battle; civilians: violence against
civilians). Medium and weak triggers need a political actor or a conflict cue; crime, disaster
and sport cues veto them. A trained model (model.py) may then move a generic event to another type.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ...context import DocContext
from ...nlp.syntax import doc_text, once_per_doc, source_root
from ...records import CROWDS, POLITICAL, Event, Inter, Source
from ...settings import current
from .args import clause_tokens
from .classify import class_for_label, refine_class, weapon_class
from .eventivity import eventivity_features, judge
from .groups import event_hits, group_hits
from .hits import Group, Hit
from .labels import label_anchor, labelled_sentences
from .lexicon import (
    MEDIUM,
    STRENGTH_NAMES,
    STRONG,
    EventClass,
    Lexicon,
    Trigger,
    cue_text,
    has_cue,
    load_lexicon,
    word_set,
)
from .model import LABELS, event_features, label_of, record, type_model
from .sides import group_actors


def _done_to(primary: Hit, deps: tuple[str, ...] = ("dobj", "auxpass", "nsubjpass")) -> bool:
    """An explosion someone set off: a verb with an object or in the passive ("blew up the
    pipeline", "the pipeline was blown up"), which no accident is told as ("a gas tank exploded")."""
    tok = primary.tok
    return (
        tok.pos_ == "VERB" and primary.cls.name == "explosion" and any(c.dep_ in deps for c in tok.children)
    )


def _allowed(primary: Hit, cls: EventClass, actors: dict, text: str, lex: Lexicon) -> bool:
    """Whether the group reports an event: strength, political actors, vetoes."""
    strength = primary.trig.strength
    inters = {a.inter for _, a in actors.values() if a is not None}
    political = bool(inters & POLITICAL)
    weapon = any(has_cue(text, f) for f in lex.weapon_cues.values())
    # a weapon is conflict enough to outweigh a disaster word ("warplanes bombed ... its water plant")
    conflict = has_cue(text, lex.cues["conflict"]) or (cls.family == "violence" and weapon)
    # sport and business words veto metaphors ("attack", "strike", "deal"), not a bombing or a
    # protest about prices, nor a weapon that hurt people ("a bomb near busy markets, wounding 2")
    unmistakable = cls.family == "protest" or (
        cls.family == "violence" and (strength == STRONG or weapon and has_cue(text, lex.cues["casualties"]))
    )
    if not unmistakable and has_cue(text, lex.cues["sport"]) and not conflict:
        return False
    if cls.family == "verbal":
        return "actor1" in actors
    if cls.family == "protest":
        return True  # a gathering of people is political in itself (a labour "strike" included)
    remote = cls.event_type == "Explosions/Remote violence" and strength == STRONG
    # "a BJP activist was murdered", "a journalist was shot dead", "the assassination of judge X": political
    targeted = (
        cls.family == "violence"
        and bool({primary.tok.lemma_.lower(), primary.tok.lower_} & lex.cues["killing_words"])
        and (has_cue(text, lex.cues["political_detainees"]) or has_cue(text, lex.cues["public_officials"]))
    )
    if has_cue(text, lex.cues["crime"]) and not remote and not (conflict and political) and not targeted:
        return False
    if strength == STRONG or cls.name == "disrupted":
        return True  # weapons found, seized or destroyed are an event whoever found them
    if cls.name == "arrest" and has_cue(text, lex.cues["political_detainees"]):
        return True  # "opposition activists were arrested": the state arrests, named or not
    if targeted:
        return True
    if has_cue(text, lex.cues["disaster"]) and not (political and conflict or _done_to(primary)):
        return False
    if strength == MEDIUM:
        if cls.family == "violence" and (
            weapon
            or (primary.cls.name == "explosion" and has_cue(text, lex.cues["casualties"]))
            or _done_to(primary, ("auxpass", "nsubjpass"))  # "it was blown up": someone did it
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
    clashes = [h for h in group.hits if h.cls.name == "clash" and h.trig.strength == STRONG]
    remote = [h for h in group.hits if h.cls.event_type == "Explosions/Remote violence"]
    if not clashes or not remote:
        return None
    support = lex.cues["support_words"]
    if all(any(t.lower_ in support for t in h.tok.ancestors) for h in remote):
        return clashes[0]
    return None


def allowed_labels(cls: EventClass, actors: dict, text: str, lex: Lexicon) -> frozenset[str]:
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
    if not (inters & CROWDS or has_cue(text, lex.cues["crowd"])):
        allowed.discard("Protests/Riots")
    src, target = actors.get("actor2", (None, None))
    said = f" {src.text.lower()} " if src is not None else text
    if getattr(target, "inter", None) == Inter.CIVILIANS and not has_cue(said, lex.cues["military_targets"]):
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
    allowed = allowed_labels(cls, actors, text, lex)
    record(features, rule_label, allowed)
    model = type_model()
    label = model.relabel(features, rule_label, allowed) if model is not None and allowed else None
    return class_for_label(group, primary, label, actors, text, lex) if label else cls


def _event(
    group: Group, lex: Lexicon, ctx: DocContext, label: tuple[Span, EventClass] | None = None
) -> tuple[Event, list[str] | None] | None:
    """The event ``group`` tells, if any, with the features its eventivity is judged on (None:
    not judged, for an event with no ACLED type or one a coder's label types). Under a coder's
    ``label`` (labels.py) an event of an ACLED type is of the label's class."""
    actors = group_actors(group, lex, ctx.focus_iso2)
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
    captured = cls.name in ("territory", "territory_gov", "transfer") and primary.tok.lemma_ not in word_set(
        "advance_verbs"
    )
    strength = STRONG if captured else primary.trig.strength  # an advance may stop short of a capture
    conf = float(getattr(current().events, f"confidence_{STRENGTH_NAMES[strength]}")) + (
        float(current().events.confidence_actor1_bonus) if "actor1" in actors else 0.0
    )
    event = Event(
        event_type=cls.event_type,
        sub_event_type=cls.sub_event_type,
        disorder_type=cls.disorder_type,
        plover_type=cls.plover_type,
        plover_mode=mode,
        evidence=Source(sent.text, sent.start_char, sent.end_char),
        confidence=round(min(conf, float(current().events.confidence_cap)), 2),
        trigger=Source(tok.text, tok.idx, tok.idx + len(tok.text)),
    )
    for name, (src, _) in actors.items():
        event.provenance[name] = src
    if "actor1" in actors:
        event.actor1_text = actors["actor1"][0].text
    if "actor2" in actors:
        event.actor2_text = actors["actor2"][0].text
    judged = cls.event_type is not None and labelled_cls is None
    return event, eventivity_features(group, primary, cls, actors, ctx, lex) if judged else None


def find_events(ctx: DocContext) -> list[Event]:
    """Event mentions in ``ctx.doc`` with type, trigger, evidence and actor spans."""
    doc = ctx.doc
    lex = load_lexicon()
    labels = labelled_sentences(doc, lex)
    found: list[tuple[Event, list[str] | None]] = []
    told: set[int] = set()  # labelled sentences that told an event
    listed = reference_sections(doc)
    for group in group_hits(event_hits(doc, lex), lex):
        if any(a <= group.primary.tok.idx < b for a, b in listed):
            continue
        start = group.primary.tok.sent.start
        made = _event(group, lex, ctx, labels.get(start))
        if made is not None:
            found.append(made)
            if made[0].event_type:
                told.add(start)
    for start, label in labels.items():
        root = label_anchor(doc[start].sent)
        if start not in told and root is not None:  # a labelled sentence with no trigger still tells one
            group = Group(root, [Hit(root, Trigger(label[1], STRONG, frozenset()))], label[1].name)
            made = _event(group, lex, ctx, label)
            if made is not None:
                span = label[0][:-1]  # the label is the trigger: "Movement of forces"
                made[0].trigger = Source(span.text, span.start_char, span.end_char)
                found.append(made)
    if len(told) < len(labels):
        found.sort(key=lambda m: m[0].evidence.start if m[0].evidence else 0)
    _share_subjects(doc, [e for e, _ in found])
    return judge(found)  # each judged a specific occurrence or not (resolve.py drops the nots)


_HEADING = re.compile(r"==+\s*([^=\n]{1,40}?)\s*==+")


@once_per_doc
def reference_sections(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Character ranges of wiki reference sections, their heading included ("==See also==" up to the
    next heading or the end; triggers.yaml words.reference_sections): lists of links and sources,
    not report. Once per document: the events and the PLOVER coding both skip them."""
    text = doc_text(doc)
    names = word_set("reference_sections")
    heads = list(_HEADING.finditer(text)) if "==" in text else []
    return tuple(
        (m.start(), heads[i + 1].start() if i + 1 < len(heads) else len(text))
        for i, m in enumerate(heads)
        if m.group(1).strip().lower() in names
    )


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
