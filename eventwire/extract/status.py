"""Event status: current, past, aggregate, future, hypothetical or negated.

Modality and negation come from the trigger's clause: we climb from the trigger through the
heads that govern it as an object or complement ("denied carrying out the attack", "threatened
to strike", "the risk of ... escalating into war"), stopping at a subject, a relative or adverbial
clause, or a preposition that introduces a real event ("following a drone strike"). Cue words are
in ``data/status_cues.yaml``. Then: an aggregate count, range start or plural generic trigger makes
an aggregate; a date more than ``[status] current_window_days`` before publication makes it past.
Order of precedence: negated > hypothetical / future > aggregate > past / future date > current.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..data import load_yaml
from ..errors import DataFileError
from ..models import Casualties, DateMention, Event
from ..settings import setting
from .syntax import source_root

_KEYS = (
    "negation_particles",
    "negation_verbs",
    "future_auxiliaries",
    "future_verbs",
    "hypothetical_auxiliaries",
    "hypothetical_verbs",
    "hypothetical_nouns",
    "conditional_markers",
    "realis_prepositions",
    "aggregate_modifiers",
    "past_auxiliaries",
    "event_nouns",
    "counted_nouns",
)
_CLIMB = frozenset(
    {"dobj", "pobj", "prep", "xcomp", "pcomp", "compound", "attr", "acomp", "oprd", "conj", "appos"}
)


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Status cue lists from ``data/status_cues.yaml``, schema-checked, cached."""
    data = load_yaml("status_cues.yaml", _KEYS)
    if any(not isinstance(data[k], list) for k in _KEYS):
        raise DataFileError(f"status_cues.yaml: expected lists under {', '.join(_KEYS)}")
    return {k: frozenset(str(w).lower() for w in data[k]) for k in _KEYS}


def _trigger(doc: Doc, event: Event) -> Token | None:
    return source_root(doc, event.trigger)


def _path(trigger: Token) -> list[Token]:
    """The trigger and the heads that govern it as object / complement, up to a clause boundary."""
    c = cues()
    path = [trigger]
    cur = trigger
    for _ in range(8):
        if cur.head.i == cur.i or cur.dep_ not in _CLIMB:
            break
        if cur.dep_ == "pobj" and cur.head.lower_ in c["realis_prepositions"]:
            break
        if cur.dep_ == "conj" and cur.head.pos_ != cur.pos_:
            break
        cur = cur.head
        path.append(cur)
    return path


def clause_cues(trigger: Token) -> set[str]:
    """Status cues found on the trigger's path: negated, future, hypothetical, past."""
    c = cues()
    found: set[str] = set()
    for tok in _path(trigger):
        lemma = tok.lemma_.lower()
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and low == "no" and tok.i == trigger.i):
                found.add("negated")
            elif child.dep_ in ("aux", "auxpass"):
                if low in c["future_auxiliaries"]:
                    found.add("future")
                elif low in c["hypothetical_auxiliaries"]:
                    found.add("hypothetical")
                elif low in c["past_auxiliaries"] and tok.tag_ == "VBN":
                    found.add("past")
            elif child.dep_ == "mark" and low in c["conditional_markers"]:
                found.add("hypothetical")
        if tok.i == trigger.i:
            continue
        if tok.pos_ in ("VERB", "AUX"):
            if lemma in c["negation_verbs"]:
                found.add("negated")
            elif lemma in c["future_verbs"]:
                found.add("future")
            elif lemma in c["hypothetical_verbs"]:
                found.add("hypothetical")
        elif tok.pos_ == "NOUN" and (
            lemma in c["hypothetical_nouns"] or tok.lower_ in c["hypothetical_nouns"]
        ):
            found.add("hypothetical")
    return found


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
        and head.lower_ == "of"
        and head.head.lemma_.lower() in c["aggregate_modifiers"]
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


def _counted_in_times(counts: Casualties) -> bool:
    """An aggregate count stated as repetitions ("over 160 times"), not "carried out 2 raids"."""
    source = counts.sources.get("count")
    return source is not None and source.text.lower().rstrip().endswith(("times", "incidents", "occasions"))


def reads_as_current(doc: Doc, event: Event) -> bool:
    """True when nothing in the trigger's clause marks the event as negated, irrealis, past or aggregate."""
    trigger = _trigger(doc, event)
    if trigger is None:
        return True
    if clause_cues(trigger):
        return False
    return not (is_generic_mention(trigger) or is_generic_plural(trigger))


def _last_day(mention: DateMention) -> date | None:
    """The latest day a resolved date can stand for (end of its month, year, decade)."""
    value = mention.value or ""
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return d + timedelta(days=3) if mention.precision == "week" else d
        if len(value) == 7 and value[4] == "-":
            y, m = int(value[:4]), int(value[5:7])
            return date(y, m, calendar.monthrange(y, m)[1])
        if len(value) == 4 and value.isdigit():
            return date(int(value), 12, 31)
        if len(value) == 3 and value.isdigit():
            return date(int(value) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def _first_day(mention: DateMention) -> date | None:
    value = mention.value or ""
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10])
        if len(value) == 7 and value[4] == "-":
            return date(int(value[:4]), int(value[5:7]), 1)
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def status_for_event(
    doc: Doc, event: Event, date: DateMention | None, published: str | None, counts: Casualties
) -> str:
    """The status of ``event`` from tense, modality, negation, aggregation cues and its date."""
    trigger = _trigger(doc, event)
    found = clause_cues(trigger) if trigger is not None else set()
    if "negated" in found:
        return "negated"
    if "hypothetical" in found:
        return "hypothetical"
    if "future" in found:
        return "future"
    dated = date is not None and date.kind != "publication" and bool(date.value)
    day_dated = dated and date.precision == "day"
    if ((counts.count or 0) > 1 and not day_dated and _counted_in_times(counts)) or (
        date is not None and date.kind == "range-start"
    ):
        return "aggregate"
    if trigger is not None and is_generic_plural(trigger):
        return "aggregate"
    if trigger is not None and not dated and is_generic_mention(trigger):
        return "aggregate"
    pub = _iso(published)
    if dated and pub is not None:
        last = _last_day(date)
        first = _first_day(date)
        if last is not None and (pub - last).days > int(setting("status", "current_window_days", 2)):
            return "past"
        if first is not None and (first - pub).days > int(setting("status", "future_slack_days", 1)):
            return "future"
    if "past" in found and not dated:
        return "past"
    return "current"


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
