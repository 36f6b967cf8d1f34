"""Numbers: fatalities, injured and aggregate counts, with ACLED's conservative rules.

Casualty cues ("killed", "died", "12 dead", "no fatalities", "wounding") in the event's sentence
are read through the dependency tree: the victims are the object of an active verb, the subject of
a passive or intransitive one, or the number attached to a casualty noun. A victim phrase counts
its number (lower bound of a range), a vague quantity ("dozens" 12), one per named or singular
victim, summed over conjuncts ("a woman and two of her children" 3). Of several cues the one
nearest to the trigger in the tree wins; ties take the lower figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..data import load_yaml
from ..errors import DataFileError
from ..models import Casualties, Event, Source
from .syntax import tree_distance

_LISTS = (
    "fatal_verbs",
    "fatal_intransitive",
    "fatal_words",
    "injury_verbs",
    "injury_words",
    "count_units",
    "incident_nouns",
)


@lru_cache(maxsize=1)
def numbers() -> dict[str, Any]:
    """Number words and casualty cues from ``data/numbers.yaml``, schema-checked, cached."""
    data = load_yaml(
        "numbers.yaml", ("cardinals", "multipliers", "vague", "unknown_plural", "coded_as", *_LISTS)
    )
    for key in ("cardinals", "multipliers", "vague"):
        if not all(isinstance(v, int) for v in data[key].values()):
            raise DataFileError(f"numbers.yaml: {key} must map words to integers")
    for key in _LISTS:
        if not isinstance(data[key], list):
            raise DataFileError(f"numbers.yaml: {key} must be a list")
        data[key] = frozenset(data[key])
    data["coded_re"] = re.compile(data["coded_as"], re.I)
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
    total = 0
    for part in re.split(r"[- ]", text):
        if part in n["cardinals"]:
            total += n["cardinals"][part]
        elif part in n["multipliers"] and total:
            total *= n["multipliers"][part]
        elif part not in ("and", "a"):
            return None
    return total * scale if total else None


@dataclass
class _Figure:
    value: int
    start: int
    end: int
    text: str
    confidence: float
    restatement: bool = False  # a toll noun ("the toll at 35", "15 deaths") rather than a clause


def _number_of(tok: Token) -> int | None:
    """Value of a numeric token with its multiplier / compound children ("1.5 million")."""
    parts = [
        c for c in tok.children if c.dep_ in ("compound", "quantmod", "nummod") and c.like_num and c.i < tok.i
    ]
    words = " ".join([p.text for p in parts] + [tok.text])
    value = parse_number(words)
    if value is None:
        value = parse_number(tok.text)
    return value


def _np_count(head: Token) -> tuple[int | None, float]:
    """How many victims one noun phrase names (None: unknown), with a confidence."""
    n = numbers()
    low = head.lower_
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return 0, 0.9
    if head.like_num or head.pos_ == "NUM":
        value = _number_of(head)
        ranges = [
            _number_of(c) for c in head.children if c.dep_ == "conj" and (c.like_num or c.pos_ == "NUM")
        ]
        values = [v for v in [value, *ranges] if v is not None]
        return (min(values), 0.9) if values else (None, 0.0)
    if low in n["vague"]:
        return n["vague"][low], 0.6
    nums = [c for c in head.children if c.dep_ in ("nummod",) or (c.dep_ == "amod" and c.like_num)]
    if nums:
        values = [v for v in (_np_count(c)[0] for c in nums) if v is not None]
        if values:
            return min(values), 0.9
    for c in head.children:
        if c.dep_ in ("amod", "det", "quantmod") and c.lower_ in n["vague"]:
            return n["vague"][c.lower_], 0.6
        if c.dep_ == "prep" and c.lower_ == "of" and low in ("number", "dozen"):
            return n["vague"].get(low, 12), 0.6
    stray = _stray_number(head)
    if stray is not None:
        return stray, 0.7
    if head.tag_ in ("NNS", "NNPS"):
        return n["unknown_plural"], 0.4
    if head.pos_ in ("NOUN", "PROPN") or head.lower_ in ("him", "her"):
        return 1, 0.8
    return None, 0.0


_ABSTRACT = ("tion", "sion", "ment", "ness", "ity", "age", "ance", "ence", "ure")


def _victim_conjunct(head: Token, conj: Token) -> bool:
    """Whether a conjunct adds victims: not a range ("18 and 19"), a distributed "no", another
    casualty word ("no deaths or injuries") or an abstract noun ("and the destruction of a gun")."""
    n = numbers()
    if head.like_num and conj.like_num:
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return False
    low = conj.lower_
    if low in n["fatal_words"] or low in n["injury_words"]:
        return False
    return not (conj.pos_ == "NOUN" and low.endswith(_ABSTRACT))


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


def _victims(head: Token) -> tuple[int | None, float, int, int]:
    """Count over a victim phrase and its conjuncts; returns value, confidence, char start, end."""
    total: int | None = None
    conf = 1.0
    heads = [head, *[c for c in head.conjuncts if c.i > head.i and _victim_conjunct(head, c)]]
    for h in heads:
        value, c = _np_count(h)
        if value is None:
            continue
        total = (total or 0) + value
        conf = min(conf, c)
    left = min(t.left_edge.i for t in heads)
    right = max(t.i for t in heads)
    doc = head.doc
    return total, conf, doc[left].idx, doc[right].idx + len(doc[right])


def _cue_figures(tok: Token, verbs: frozenset, words: frozenset, intrans: frozenset) -> _Figure | None:
    """The figure a casualty cue token states, or None."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    target: Token | None = None
    if tok.pos_ == "VERB" and lemma in verbs | intrans:
        deps = {c.dep_: c for c in tok.children}
        passive = "nsubjpass" in deps or "auxpass" in deps or (tok.tag_ == "VBN" and "dobj" not in deps)
        if lemma in intrans:
            target = deps.get("nsubj")
        elif passive:
            target = deps.get("nsubjpass") or deps.get("nsubj")
            if target is None and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
                target = tok.head
            if target is None and tok.dep_ in ("xcomp", "oprd", "ccomp", "conj"):
                # "Dozens were reported killed", "were killed and 30 wounded"
                up = {c.dep_: c for c in tok.head.children}
                target = up.get("nsubjpass") or up.get("nsubj") if tok.dep_ != "conj" else None
        else:
            target = deps.get("dobj")
            subj = deps.get("nsubj")
            if target is None and subj is not None and (subj.like_num or subj.lower_ in numbers()["vague"]):
                target = subj
        if (
            target is not None
            and target.pos_ == "ADJ"
            and not any(c.dep_ == "nummod" for c in target.children)
        ):
            target = None  # "injuring up to 70 more": the figure sits in a preposition
        if target is None:
            for c in tok.rights:
                if c.like_num or c.pos_ == "NUM":
                    target = c
                    break
                if c.dep_ == "prep" and c.lower_ in ("between", "to", "of"):
                    target = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if target is not None:
                        break
        if target is not None and target.lower_ in ("that", "which", "who") and tok.dep_ == "relcl":
            target = tok.head
    elif low in words or lemma in words:
        if lemma == "toll":
            nums = [t for t in tok.head.subtree if t.like_num and t.i > tok.i]
            target = nums[0] if nums else None
        elif any(c.dep_ == "nummod" or c.lower_ in ("no", *numbers()["vague"]) for c in tok.children):
            target = tok
        elif tok.dep_ == "oprd":
            target = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
        else:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            target = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if target is None:
        return None
    value, conf, start, end = _victims(target)
    if value is None:
        return None
    if target.i == tok.i:
        # "12 dead", "no fatalities": the cue word is the phrase head; span the whole phrase
        start, end = tok.left_edge.idx, tok.idx + len(tok)
    doc = tok.doc
    return _Figure(value, start, end, doc.text[start:end], conf, restatement=tok.pos_ == "NOUN")


def _owner(cue: Token, trigger: Token | None) -> str | None:
    """ "mine" / "other" when the cue's subject names the trigger / another incident ("a bombing killed 5").

    A relative pronoun subject ("... raids in Gedo that killed 25") is resolved to the nearest
    preceding incident noun (or the trigger), which repairs relative clauses the parser attaches
    to the wrong noun.
    """
    if trigger is None:
        return None
    incidents = numbers()["incident_nouns"]
    for c in cue.children:
        if c.dep_ == "nsubj" and c.lower_ in ("that", "which", "who"):
            for t in reversed(cue.doc[cue.sent.start : c.i]):
                if t.i == trigger.i or (t.head.i == trigger.i and t.dep_ == "dobj"):
                    return "mine"
                if t.lemma_.lower() in incidents and t.pos_ == "NOUN":
                    return "other"
            return None
    return "other" if _subject_is_other(cue, trigger, incidents) else None


def _subject_is_other(cue: Token, trigger: Token, incidents: frozenset) -> bool:
    for c in cue.children:
        if c.dep_ in ("nsubj", "agent") and c.i != trigger.i:
            subj = c if c.dep_ == "nsubj" else next((g for g in c.children if g.dep_ == "pobj"), c)
            mine = trigger.i in {t.i for t in subj.subtree}  # "killed by a landmine explosion"
            if subj.lemma_.lower() in incidents and not mine:
                return True
    return False


def _best(cands: list[tuple[int, int, _Figure]]) -> _Figure | None:
    """The nearest cue in the tree (then in the text); restatements of the toll compete, lower wins."""
    if not cands:
        return None
    dist, gap, fig = min(cands, key=lambda c: (c[0], c[1], c[2].value))
    restated = [f for d, _, f in cands if f.restatement and d < 99]
    return min([fig, *restated], key=lambda f: f.value)


def _scope(doc: Doc, event: Event) -> tuple[Token | None, Span | None]:
    trigger = None
    if event.trigger is not None:
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        trigger = span.root if span is not None and len(span) else None
    sent = None
    if event.evidence is not None:
        span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
        sent = span if span is not None and len(span) else None
    if sent is None and trigger is not None:
        sent = trigger.sent
    return trigger, sent


def _aggregate_count(trigger: Token) -> _Figure | None:
    """How many incidents an aggregate covers: "160 attacks", "came under attack over 160 times"."""
    doc = trigger.doc
    if trigger.tag_ in ("NNS", "NNPS"):
        for c in trigger.children:
            if c.dep_ == "nummod":
                value = _np_count(trigger)[0]
                if value and value > 1:
                    return _Figure(value, c.left_edge.idx, trigger.idx + len(trigger),
                                   doc.text[c.left_edge.idx : trigger.idx + len(trigger)], 0.8)  # fmt: skip
    verb = trigger
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    for t in verb.subtree:
        if t.lemma_.lower() == "time" and t.tag_ == "NNS" and t.sent == trigger.sent:
            value = _np_count(t)[0]
            if value and value > 1:
                start = t.left_edge.idx
                return _Figure(value, start, t.idx + len(t), doc.text[start : t.idx + len(t)], 0.8)
    return None


def casualties_for_event(doc: Doc, event: Event) -> Casualties:
    """Killed / injured / count figures that belong to ``event``'s clause."""
    n = numbers()
    trigger, sent = _scope(doc, event)
    out = Casualties()
    if sent is None:
        return out
    fatal: list[tuple[int, _Figure]] = []
    injured: list[tuple[int, _Figure]] = []
    for tok in sent:
        owner = _owner(tok, trigger)
        if owner == "other":
            continue
        dist = tree_distance(trigger, tok) if trigger is not None else 50
        if owner == "mine":
            dist = min(dist, 1)
        gap = abs(tok.i - trigger.i) if trigger is not None else 0
        fig = _cue_figures(tok, n["fatal_verbs"], n["fatal_words"], n["fatal_intransitive"])
        if fig is not None:
            fatal.append((dist, gap, fig))
            continue
        fig = _cue_figures(tok, n["injury_verbs"], n["injury_words"], frozenset())
        if fig is not None:
            injured.append((dist, gap, fig))
    if not fatal and not injured:
        fatal, injured = _next_sentence_figures(doc, sent)
    coded = _coded_figure(doc, sent)
    best_fatal = coded or _best(fatal)
    best_injured = _best(injured)
    if best_fatal is not None:
        out.fatalities = best_fatal.value
        out.sources["fatalities"] = Source(
            best_fatal.text, best_fatal.start, best_fatal.end, best_fatal.confidence
        )
    if best_injured is not None:
        out.injured = best_injured.value
        out.sources["injured"] = Source(
            best_injured.text, best_injured.start, best_injured.end, best_injured.confidence
        )
    if trigger is not None:
        agg = _aggregate_count(trigger)
        if agg is not None:
            out.count = agg.value
            out.sources["count"] = Source(agg.text, agg.start, agg.end, agg.confidence)
    return out


def _next_sentence_figures(doc: Doc, sent: Span) -> tuple[list, list]:
    """Cues in the next sentence when it names no incident of its own ("No fatalities were reported.")."""
    n = numbers()
    if sent.end >= len(doc):
        return [], []
    nxt = doc[sent.end].sent
    if any(t.lemma_.lower() in n["incident_nouns"] and t.pos_ == "NOUN" for t in nxt):
        return [], []
    fatal, injured = [], []
    for tok in nxt:
        fig = _cue_figures(tok, n["fatal_verbs"], n["fatal_words"], n["fatal_intransitive"])
        if fig is not None:
            fatal.append((60, 0, fig))
            continue
        fig = _cue_figures(tok, n["injury_verbs"], n["injury_words"], frozenset())
        if fig is not None:
            injured.append((60, 0, fig))
    return fatal, injured


def _coded_figure(doc: Doc, sent: Span) -> _Figure | None:
    """An explicit coding statement in or just after the sentence ("Unknown fatalities coded as 10")."""
    start = sent.start_char
    end = min(len(doc.text), sent.end_char + 400)
    m = numbers()["coded_re"].search(doc.text, start, end)
    if m is None:
        return None
    return _Figure(int(m.group(1)), m.start(), m.end(), m.group(0), 0.9)
