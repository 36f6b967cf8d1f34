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
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..data import load_yaml
from ..errors import DataFileError
from ..models import Casualties, Event, Source
from .syntax import doc_text, source_root, tree_distance

_LISTS = (
    "fatal_verbs",
    "fatal_intransitive",
    "fatal_words",
    "injury_verbs",
    "injury_words",
    "count_units",
    "incident_nouns",
    "not_victims",
    "attempt_verbs",
)


@lru_cache(maxsize=1)
def numbers() -> dict[str, Any]:
    """Number words and casualty cues from ``data/numbers.yaml``, schema-checked, cached."""
    data = load_yaml(
        "numbers.yaml",
        (
            "cardinals",
            "multipliers",
            "vague",
            "unknown_plural",
            "combined_share",
            "coded_as",
            "coded_anchors",
            "split_across",
            "split_anchors",
            *_LISTS,
        ),
    )
    for key in ("cardinals", "multipliers", "vague"):
        if not all(isinstance(v, int) for v in data[key].values()):
            raise DataFileError(f"numbers.yaml: {key} must map words to integers")
    for key in _LISTS:
        if not isinstance(data[key], list):
            raise DataFileError(f"numbers.yaml: {key} must be a list")
        data[key] = frozenset(data[key])
    data["coded_re"] = re.compile(data["coded_as"], re.I)
    data["coded_anchors"] = frozenset(data["coded_anchors"])
    data["split_anchors"] = frozenset(data["split_anchors"])
    data["split_re"] = re.compile(data["split_across"], re.I)
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
    if head.lemma_.lower() in n["not_victims"] or any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(g.lemma_.lower() in n["not_victims"] for g in c.children)
        for c in head.children
    ):
        return None, 0.0  # "killing some livestock", "a number of sheep"
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
    hurt = n["injury_verbs"]
    if low in n["fatal_words"] or low in n["injury_words"] or conj.lemma_.lower() in hurt:
        return False
    if any(c.lemma_.lower() in hurt for c in conj.children):  # "and the injuring of several others"
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


def _listed(tok: Token) -> bool:
    """A noun that adds victims to a list: it has its own determiner or number ("a child", "one other")."""
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an")) for c in tok.children
    )


def _victims(head: Token) -> tuple[int | None, float, int, int]:
    """Count over a victim phrase and its conjuncts; returns value, confidence, char start, end."""
    total: int | None = None
    conf = 1.0
    heads = [head, *[c for c in head.conjuncts if c.i > head.i and _victim_conjunct(head, c)]]
    # a list the parser broke up: "killing a woman, a child, and at least one other civilian"
    heads += [c for c in head.children if c.dep_ == "appos" and _listed(c)]
    if head.dep_ == "dobj":
        heads += [c for c in head.head.children if c.dep_ == "conj" and c.i > head.i and _listed(c)]
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


def _verb_lemma(tok: Token) -> str:
    """The lemma with a particle or result word that makes it a killing: "shoot dead", "gun down"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in ("dead", "down"):  # "shot dead 2 soldiers" (amod of the object)
            return f"{lemma} {nxt.lower_}"
        for c in tok.rights:
            if c.lower_ in ("dead", "down") and c.dep_ in ("prt", "advmod", "acomp", "oprd", "amod", "xcomp"):
                return f"{lemma} {c.lower_}"
    return lemma


def _cue_figures(tok: Token, verbs: frozenset, words: frozenset, intrans: frozenset) -> _Figure | None:
    """The figure a casualty cue token states, or None."""
    lemma, low = _verb_lemma(tok), tok.lower_
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in numbers()["attempt_verbs"]:
        return None  # "attempted to kill a policeman": nobody died
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
                # "Dozens were reported killed"; "were shot and killed" (but "were killed and
                # 30 wounded": a conjunct with a figure of its own takes it, found below)
                up = {c.dep_: c for c in tok.head.children}
                own = any(c.like_num or c.pos_ == "NUM" for c in tok.rights)
                if tok.dep_ != "conj" or (not own and tok.head.tag_ == "VBN" and "nsubjpass" in up):
                    target = up.get("nsubjpass") or up.get("nsubj")
                if target is None and tok.head.dep_ == "acl":
                    # "with five fighters confirmed killed" (the noun just before, if the parser
                    # hung the participle on an earlier one)
                    before = tok.doc[tok.head.i - 1]
                    noun = before if before.pos_ in ("NOUN", "PROPN") else tok.head.head
                    target = noun if noun.pos_ in ("NOUN", "PROPN") else None
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
        if target is None and lemma in verbs:
            target = _shared_object(tok)
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
    if tok.pos_ == "VERB" and lemma in verbs and _with_injured(tok):
        value, conf = max(1, int(value * numbers()["combined_share"])) if value else 0, min(conf, 0.6)
    return _Figure(value, start, end, doc_text(doc)[start:end], conf, restatement=tok.pos_ == "NOUN")


def _injury_conjunct(tok: Token) -> Token | None:
    """The injury verb coordinated with a killing verb ("killing and wounding", "killed or injured")."""
    hurt = numbers()["injury_verbs"]
    for c in [*tok.conjuncts]:
        if c.lemma_.lower() in hurt and c.pos_ == "VERB":
            return c
    return None


def _shared_object(tok: Token) -> Token | None:
    """The object a killing verb shares with its injury conjunct: "killing and wounding dozens"."""
    other = _injury_conjunct(tok)
    if other is None or other.i < tok.i:
        return None
    if any(c.dep_ not in ("cc", "conj", "punct", "advmod") for c in tok.rights):
        return None  # "killing between 18 and 19 civilians and injuring 70 more": its own figure
    return next((c for c in other.children if c.dep_ == "dobj"), None)


def _with_injured(tok: Token) -> bool:
    """Whether one figure counts the dead and the hurt together: "killing and wounding dozens"
    (the object is the injury verb's), "were killed or wounded" (the conjunct has no figure)."""
    other = _injury_conjunct(tok)
    if other is None:
        return False
    deps = {c.dep_ for c in tok.children}
    if "dobj" not in deps and "nsubjpass" not in deps:
        return _shared_object(tok) is not None
    return not any(c.dep_ in ("dobj", "nsubjpass", "nsubj") or c.like_num for c in other.children)


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
    trigger = source_root(doc, event.trigger)
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
                    start, end = c.left_edge.idx, trigger.idx + len(trigger)
                    return _Figure(value, start, end, doc_text(doc)[start:end], 0.8)
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
                return _Figure(value, start, t.idx + len(t), doc_text(doc)[start : t.idx + len(t)], 0.8)
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
        owner = "mine" if trigger is not None and tok.i == trigger.i else _owner(tok, trigger)
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
        parts = _split_into(doc, sent)
        if parts and best_fatal.value:
            best_fatal = replace(best_fatal, value=max(1, best_fatal.value // parts), confidence=0.6)
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
    own = {t.lemma_.lower() for t in sent if t.pos_ in ("NOUN", "VERB")}
    # another incident named there has its own toll; the same word again ("Clashes ... Clashes in
    # X resulted in 5 deaths") restates this one
    if any(t.lemma_.lower() in n["incident_nouns"] and t.pos_ == "NOUN" and t.lemma_.lower() not in own
           for t in nxt):  # fmt: skip
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


def _mentions_any(doc: Doc, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether the lower-case text between ``start`` and ``end`` contains any of ``words``."""
    low = doc.user_data.get("_ew_lower")
    if low is None:
        low = doc.user_data["_ew_lower"] = doc_text(doc).lower()
    return any(low.find(w, start, end) >= 0 for w in words)


def _split_into(doc: Doc, sent: Span) -> int | None:
    """Into how many coded events a toll is split, from a coder's note near the sentence."""
    start, end = sent.start_char, min(len(doc_text(doc)), sent.end_char + 400)
    if not _mentions_any(doc, start, end, numbers()["split_anchors"]):
        return None  # the pattern is costly; most texts hold none of its verbs
    m = numbers()["split_re"].search(doc_text(doc), start, end)
    if m is None:
        return None
    word = m.group(2).lower()
    parts = 1 if word == "another" else 2 if word == "both" else parse_number(word)
    if parts and m.group(1).lower() == "with":
        parts += 1  # "split with another event": this one and the other
    return parts if parts and parts > 1 else None


def _coded_figure(doc: Doc, sent: Span) -> _Figure | None:
    """An explicit coding statement in or just after the sentence ("Unknown fatalities coded as 10")."""
    start = sent.start_char
    end = min(len(doc_text(doc)), sent.end_char + 400)
    if not _mentions_any(doc, start, end, numbers()["coded_anchors"]):
        return None
    m = numbers()["coded_re"].search(doc_text(doc), start, end)
    if m is None:
        return None
    return _Figure(int(m.group(1)), m.start(), m.end(), m.group(0), 0.9)
