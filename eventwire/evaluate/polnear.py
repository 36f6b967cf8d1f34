"""PolNeAR (brat standoff): content, cue and speaker scores for the statements stage.

Each ``.txt`` has one or more ``.ann`` files (one per annotator, ``NAME_XXXX.ann``); where a text
has several, the first in sorted order is used. An attribution is an ``E`` line linking a Content,
a Cue and (unless ``Attribution-no-source``) a Source span; spans may be discontiguous.

Scoring (both over all attributions and over speech attributions):

* content: predictions and gold are paired one-to-one, best overlap first. *overlap*: the shared
  characters are at least half of the longer span (gold: the characters of its segments; predicted:
  ``start``–``end`` less an attribution clause inside it, see ``predicted_content``). *exact*: the
  same bounds once quotation marks, whitespace and edge punctuation are trimmed from both.
* cue: predicted ``cue_start``–``cue_end`` against gold Cue spans; *overlap* (any shared character,
  used for the floor: PolNeAR cues carry adverbs and adjuncts, "often says", "said in a recent
  interview") and *exact*.
* speaker accuracy: over content-matched pairs whose gold has a Source, the predicted speaker mention
  (``speaker_start``–``speaker_end``) overlaps the gold Source.
* speech subset: gold attributions whose cue has a form of a speech verb (``SPEECH_LEMMAS``) or is
  "according to"; recall over those; precision over predictions whose cue is a speech cue (a
  continuation of a quote, with no cue of its own, counts as speech). A prediction paired with a
  non-speech gold attribution is left out of the speech precision rather than counted wrong.
"""

from __future__ import annotations

import io
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..context import DocContext
from ..data import load_yaml, schema
from ..fields.statements import find_statements, strip_marks
from ..nlp.parse import load_nlp
from ..records import Article, Statement
from .common import prf

_WORDS = load_yaml("evaluation.yaml", ("polnear_speech_lemmas", "polnear_irregular_forms"))
schema.word_sets("evaluation.yaml", _WORDS, ("polnear_speech_lemmas",))
schema.word_maps("evaluation.yaml", _WORDS, ("polnear_irregular_forms",), kind=str)
# The speech verbs named by issue 6 (its evaluation section); "call" counts only as "call for/on".
SPEECH_LEMMAS: frozenset[str] = _WORDS["polnear_speech_lemmas"]
_IRREGULAR: dict[str, str] = _WORDS["polnear_irregular_forms"]
_FLOORS = {"content_overlap_f1": 0.80, "speaker_accuracy": 0.85, "cue_overlap_f1": 0.80}

Spans = list[tuple[int, int]]


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing", lemma + "es"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma in ("admit", "commit"):
        forms |= {lemma + "ted", lemma + "ting"}
    return forms


_SPEECH_FORMS = {f for lemma in SPEECH_LEMMAS for f in _forms(lemma)} | set(_IRREGULAR)
_WORD = re.compile(r"[a-z]+")


def is_speech_cue(cue: str | None) -> bool:
    """Whether a cue text holds a form of a speech verb, "call for/on" or "according to"."""
    if not cue:
        return False
    words = _WORD.findall(cue.lower())
    if any(w in _SPEECH_FORMS for w in words):
        return True
    pairs = set(zip(words, words[1:]))
    return ("according", "to") in pairs or any(a.startswith("call") and b in ("for", "on") for a, b in pairs)


@dataclass
class Gold:
    """One gold attribution."""

    content: Spans
    cue: Spans
    cue_text: str
    source: Spans | None

    @property
    def speech(self) -> bool:
        return is_speech_cue(self.cue_text)


def parse_ann(ann: str, text: str) -> list[Gold]:
    """Attributions of one brat ``.ann`` file."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (seg.split() for seg in offsets.split(";"))]
        elif parts[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    golds = []
    for ev in events:
        content, cue = spans.get(ev.get("Content", "")), spans.get(ev.get("Cue", ""))
        if not content or not cue:
            continue
        cue_text = " ".join(text[a:b] for a, b in cue)
        golds.append(Gold(content, cue, cue_text, spans.get(ev.get("Source", ""))))
    return golds


def _members(path: Path) -> Iterator[tuple[str, str]]:
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.suffix in (".txt", ".ann"):
                yield str(f.relative_to(path)), f.read_text("utf-8")
        return
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith((".txt", ".ann")):
                data = tar.extractfile(member)
                if data is not None:
                    yield member.name, io.TextIOWrapper(data, encoding="utf-8").read()


def load_corpus(path: str) -> list[tuple[str, str, list[Gold]]]:
    """(document id, text, gold attributions) for every annotated text, sorted by id."""
    texts: dict[str, str] = {}
    anns: dict[str, list[tuple[str, str]]] = {}
    for name, content in _members(Path(path)):
        stem = Path(name).stem
        if name.endswith(".txt"):
            texts[stem] = content
        else:
            anns.setdefault(stem.rsplit("_", 1)[0], []).append((name, content))
    out = []
    for doc_id in sorted(texts):
        if doc_id in anns:
            _name, ann = sorted(anns[doc_id])[0]
            out.append((doc_id, texts[doc_id], parse_ann(ann, texts[doc_id])))
    return out


def _length(spans: Spans) -> int:
    return sum(b - a for a, b in spans)


def _shared(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _trimmed(text: str, spans: Spans) -> tuple[int, int]:
    s, e = strip_marks(text, spans[0][0], spans[-1][1])
    while e > s and text[e - 1] in ".?!”\"' ":
        e -= 1
    return s, e


def _pair(gold: list[Spans], pred: list[Spans], ok) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), best overlap first, where ``ok`` holds."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = _shared(g, p)
            if shared and ok(g, p, shared):
                cands.append((-shared / max(_length(g), _length(p), 1), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _score, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


class _Tally:
    """Counts for one subset (all / speech)."""

    def __init__(self) -> None:
        self.c = {k: [0, 0, 0] for k in ("content_overlap", "content_exact", "cue_overlap", "cue_exact")}
        self.speaker = [0, 0]  # correct, judged

    def add(self, key: str, tp: int, fp: int, fn: int) -> None:
        self.c[key][0] += tp
        self.c[key][1] += fp
        self.c[key][2] += fn

    def report(self, gold: int, pred: int) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": gold, "predicted": pred}
        for key, (tp, fp, fn) in self.c.items():
            out[key] = prf(tp, fp, fn)
        correct, judged = self.speaker
        out["speaker_accuracy"] = round(correct / judged, 4) if judged else 0.0
        out["speaker_judged"] = judged
        return out


def predicted_content(stmt: Statement) -> Spans:
    """A statement's content characters: ``start``–``end`` less an attribution clause inside it
    (a split quote "“A,” said X, a lawyer for Y, “B”" covers A and B, not the words about X)."""
    marks = [v for v in (stmt.cue_start, stmt.cue_end, stmt.speaker_start, stmt.speaker_end) if v is not None]
    if marks:
        a, b = min(marks), max(marks)
        if stmt.start < a and b < stmt.end:
            return [(stmt.start, a), (b, stmt.end)]
    return [(stmt.start, stmt.end)]


def _score_doc(text: str, golds: list[Gold], preds: list[Statement], tallies: dict[str, _Tally]) -> None:
    g_content = [g.content for g in golds]
    p_content = [predicted_content(p) for p in preds]
    p_speech = [p.cue is None or is_speech_cue(p.cue) for p in preds]
    g_speech = [g.speech for g in golds]
    overlap = _pair(g_content, p_content, lambda g, p, n: n >= 0.5 * max(_length(g), _length(p)))
    exact = _pair(g_content, p_content, lambda g, p, n: _trimmed(text, g) == _trimmed(text, p))
    cues = [[(p.cue_start, p.cue_end)] if p.cue_start is not None else [] for p in preds]
    cue_overlap = _pair([g.cue for g in golds], cues, lambda g, p, n: True)
    cue_exact = _pair([g.cue for g in golds], cues, lambda g, p, n: _trimmed(text, g) == _trimmed(text, p))
    for name, tally in tallies.items():
        g_in = [name == "all" or s for s in g_speech]
        p_in = [name == "all" or s for s in p_speech]
        for key, pairs, has in (
            ("content_overlap", overlap, None),
            ("content_exact", exact, None),
            ("cue_overlap", cue_overlap, cues),
            ("cue_exact", cue_exact, cues),
        ):
            matched_g = {gi for gi, _ in pairs}
            matched_p = {pi for _, pi in pairs}
            tp = sum(1 for gi, _ in pairs if g_in[gi])
            fn = sum(1 for gi, inside in enumerate(g_in) if inside and gi not in matched_g)
            fp = sum(
                1
                for pi, inside in enumerate(p_in)
                if inside and pi not in matched_p and (has is None or has[pi])
            )
            tally.add(key, tp, fp, fn)
        for gi, pi in overlap:
            if g_in[gi] and golds[gi].source:
                p = preds[pi]
                mention = [(p.speaker_start, p.speaker_end)] if p.speaker_start is not None else []
                tally.speaker[1] += 1
                tally.speaker[0] += bool(_shared(golds[gi].source, mention))


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Score ``find_statements`` on a PolNeAR directory or tar; a JSON-able report."""
    corpus = load_corpus(path)[:limit] if limit else load_corpus(path)
    nlp = load_nlp()
    tallies = {"all": _Tally(), "speech": _Tally()}
    n_gold = {"all": 0, "speech": 0}
    n_pred = {"all": 0, "speech": 0}
    docs = nlp.pipe(text for _id, text, _golds in corpus)
    for (doc_id, text, golds), doc in zip(corpus, docs):
        ctx = DocContext(doc=doc, article=Article(id=doc_id, text=text), published=None)
        preds = find_statements(ctx)
        _score_doc(text, golds, preds, tallies)
        n_gold["all"] += len(golds)
        n_gold["speech"] += sum(g.speech for g in golds)
        n_pred["all"] += len(preds)
        n_pred["speech"] += sum(p.cue is None or is_speech_cue(p.cue) for p in preds)
    report: dict[str, Any] = {
        "dataset": "polnear",
        "path": path,
        "documents": len(corpus),
        "gold_choice": "one .ann per text: the first in sorted order where several annotators marked it",
    }
    for name, tally in tallies.items():
        report[name] = tally.report(n_gold[name], n_pred[name])
    speech = report["speech"]
    measured = {
        "content_overlap_f1": speech["content_overlap"]["f1"],
        "speaker_accuracy": speech["speaker_accuracy"],
        "cue_overlap_f1": speech["cue_overlap"]["f1"],
    }
    report["floors"] = {
        k: {"floor": v, "measured": measured[k], "pass": measured[k] >= v} for k, v in _FLOORS.items()
    }
    report["scoring"] = __doc__.split("Scoring", 1)[1].strip() if __doc__ else ""
    return report
