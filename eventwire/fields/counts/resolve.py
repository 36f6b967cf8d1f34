"""Normalising: numbers from digits and words, and how many victims a noun phrase names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from ...data import load_yaml, schema
from ...settings import current

_LISTS = (
    "fatal_verbs",
    "fatal_intransitive",
    "fatal_words",
    "injury_verbs",
    "injury_words",
    "incident_nouns",
    "not_victims",
    "attempt_verbs",
    "coded_anchors",
    "split_anchors",
    "number_fillers",
    "of_words",
    "no_words",
    "of_quantities",
    "victim_pronouns",
    "abstract_suffixes",
    "indefinite_articles",
    "relative_pronouns",
    "figure_preps",
    "toll_words",
    "repetition_nouns",
    "split_with",
    "fatal_results",
    "life_nouns",
)
_WORD_MAPS = ("cardinals", "multipliers", "vague", "split_words")
_TEXT_MAPS = ("victim_sides",)


@lru_cache(maxsize=1)
def numbers() -> dict[str, Any]:
    """Number words and casualty cues from ``data/numbers.yaml``, schema-checked, cached."""
    data = load_yaml(
        "numbers.yaml",
        (*_WORD_MAPS, *_TEXT_MAPS, "unknown_plural", "combined_share", "coded_as", "split_across", *_LISTS),
    )
    schema.word_maps("numbers.yaml", data, _WORD_MAPS)
    schema.word_maps("numbers.yaml", data, _TEXT_MAPS, str)
    schema.word_sets("numbers.yaml", data, _LISTS)
    data["coded_re"] = re.compile(data["coded_as"], re.I)
    data["split_re"] = re.compile(data["split_across"], re.I)
    cues = ("fatal_verbs", "fatal_words", "fatal_intransitive", "injury_verbs", "injury_words")
    data["cue_heads"] = frozenset(w.split()[0] for key in cues for w in data[key] if w.split())
    return data


def parse_number(text: str) -> int | None:
    """An integer from digits or number words: "1,200" 1200, "twenty-five" 25, "1.5 million" 1500000."""
    n = numbers()
    text = text.lower().strip().replace(",", "")
    words = text.split()
    scale = 1
    if len(words) > 1 and words[-1] in n["multipliers"]:
        scale = n["multipliers"][words[-1]]
        text = " ".join(words[:-1])
    try:
        return int(float(text) * scale)
    except ValueError:
        pass
    if text in n["cardinals"]:
        return n["cardinals"][text] * scale
    whole = " ".join(words)
    if whole in n["cardinals"]:  # "a dozen": a cardinal of its own, not "a" times a dozen
        return n["cardinals"][whole]
    total = 0
    for part in re.split(r"[- ]", text):
        if part in n["cardinals"]:
            total += n["cardinals"][part]
        elif part in n["multipliers"] and total:
            total *= n["multipliers"][part]
        elif part not in n["number_fillers"]:
            return None
    return total * scale if total else None


def calendar_number(tok: Token) -> bool:
    """A four-digit number the recogniser reads as a date or time: a year ("the 1999 shooting") or
    a clock time ("at 1700 GMT") is never a count of people."""
    return tok.ent_type_ in ("DATE", "TIME") and len(tok.text) == 4 and tok.text.isdigit()


def _number_of(tok: Token) -> int | None:
    """Value of a numeric token with its multiplier / compound children ("1.5 million", "two dozen")."""
    if calendar_number(tok):
        return None
    parts = [
        c for c in tok.children if c.dep_ in ("compound", "quantmod", "nummod") and c.like_num and c.i < tok.i
    ]
    scale = [
        c
        for c in tok.children
        if c.dep_ in ("compound", "quantmod", "nummod")
        and c.i == tok.i + 1
        and c.lower_ in numbers()["multipliers"]
    ]
    words = " ".join([p.text for p in parts] + [tok.text] + [c.text for c in scale])
    value = parse_number(words)
    if value is None:
        value = parse_number(tok.text)
    return value


def _not_victims(head: Token) -> bool:
    """ "killing some livestock", "a number of sheep"."""
    n = numbers()
    return head.lemma_.lower() in n["not_victims"] or any(
        c.dep_ == "prep"
        and c.lower_ in n["of_words"]
        and any(g.lemma_.lower() in n["not_victims"] for g in c.children)
        for c in head.children
    )


def negated(head: Token) -> bool:
    """A noun phrase with "no" ("no fatalities")."""
    return any(c.dep_ == "det" and c.lower_ in numbers()["no_words"] for c in head.children)


def np_count(head: Token) -> tuple[int | None, float]:
    """How many victims one noun phrase names (None: unknown), with a confidence."""
    n = numbers()
    low = head.lower_
    if _not_victims(head):
        return None, 0.0
    if negated(head):
        return 0, float(current().counts.confidence_none)
    if head.like_num or head.pos_ == "NUM":
        value = _number_of(head)
        ranges = [
            _number_of(c) for c in head.children if c.dep_ == "conj" and (c.like_num or c.pos_ == "NUM")
        ]
        values = [v for v in [value, *ranges] if v is not None]
        return (min(values), float(current().counts.confidence_number)) if values else (None, 0.0)
    if low in n["vague"]:
        return n["vague"][low], float(current().counts.confidence_vague)
    nums = [c for c in head.children if c.dep_ in ("nummod",) or (c.dep_ == "amod" and c.like_num)]
    if nums:
        values = [v for v in (np_count(c)[0] for c in nums) if v is not None]
        if values:
            return min(values), float(current().counts.confidence_number)
    for c in head.children:
        if c.dep_ in ("amod", "det", "quantmod") and c.lower_ in n["vague"]:
            return n["vague"][c.lower_], float(current().counts.confidence_vague)
        if c.dep_ == "prep" and c.lower_ in n["of_words"] and low in n["of_quantities"]:
            return n["vague"].get(low, n["cardinals"].get(low)), float(current().counts.confidence_vague)
    stray = _stray_number(head)
    if stray is not None:
        return stray, float(current().counts.confidence_stray_number)
    if head.tag_ in ("NNS", "NNPS"):
        return n["unknown_plural"], float(current().counts.confidence_unknown_plural)
    if head.pos_ in ("NOUN", "PROPN") or head.lower_ in n["victim_pronouns"]:
        return 1, float(current().counts.confidence_one_victim)
    return None, 0.0


def _victim_conjunct(head: Token, conj: Token) -> bool:
    """Whether a conjunct adds victims: not a range ("18 and 19"), a distributed "no", another
    casualty word ("no deaths or injuries") or an abstract noun ("and the destruction of a gun")."""
    n = numbers()
    if head.like_num and conj.like_num:
        return False
    if negated(head):
        return False
    low = conj.lower_
    hurt = n["injury_verbs"]
    if low in n["fatal_words"] or low in n["injury_words"] or conj.lemma_.lower() in hurt:
        return False
    if any(c.lemma_.lower() in hurt for c in conj.children):  # "and the injuring of several others"
        return False
    return not (conj.pos_ == "NOUN" and low.endswith(tuple(n["abstract_suffixes"])))


def _stray_number(head: Token) -> int | None:
    """A number the parser detached from its noun ("14 Houthis were killed", "30 IS militants")."""
    doc = head.doc
    i = head.left_edge.i - 1
    if i >= 0 and doc[i].is_upper and doc[i].is_alpha and i > 0:
        i -= 1  # an acronym in between ("30 IS militants")
    if i < 0 or not (doc[i].like_num and doc[i].pos_ == "NUM") or doc[i].ent_type_ in ("DATE", "TIME"):
        return None
    if doc[i].head.i == head.i:
        return None  # attached properly: already read as nummod
    return parse_number(doc[i].text)


def listed(tok: Token) -> bool:
    """A noun that adds victims to a list: it has its own determiner or number ("a child", "one other")."""
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in numbers()["indefinite_articles"])
        for c in tok.children
    )


def victims(head: Token) -> tuple[int | None, float, int, int]:
    """Count over a victim phrase and its conjuncts; returns value, confidence, char start, end."""
    total: int | None = None
    conf = 1.0
    heads = [head, *[c for c in head.conjuncts if c.i > head.i and _victim_conjunct(head, c)]]
    # a list the parser broke up: "killing a woman, a child, and at least one other civilian"; not a
    # name and the apposition that says who it is ("Mauricio Pineda, a reporter": one victim)
    if listed(head):
        heads += [c for c in head.children if c.dep_ == "appos" and listed(c)]
    if head.dep_ == "dobj":
        heads += [c for c in head.head.children if c.dep_ == "conj" and c.i > head.i and listed(c)]
    for h in heads:
        value, c = np_count(h)
        if value is None:
            continue
        total = (total or 0) + value
        conf = min(conf, c)
    left = min(t.left_edge.i for t in heads)
    right = max(t.i for t in heads)
    doc = head.doc
    return total, conf, doc[left].idx, doc[right].idx + len(doc[right])
