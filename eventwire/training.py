"""Training the event-type model (:mod:`eventwire.fields.events.model`) on coded notes.

Each note of an ACLED-format CSV goes through the pipeline; every event mention the lexicon finds
becomes one sample (its features, the rule's label) whose target is the coders' event type: the
rule's own label where the coders gave it, else the note's main coded type. A logistic regression
(scikit-learn) learns the targets; cross-validation over notes, and over countries left out in
turn, says how well the lexicon plus the model types events it has not seen, for each override
threshold. The threshold with the best mean of the two held-out macro-F1s (notes left out,
countries left out) is saved with the weights: the model is for text from notes, places and
sources it was not trained on.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .evaluate.acled import as_article, gold_label, read_rows
from .evaluate.common import macro_f1, per_label_f1
from .fields.events import Sample, TypeModel, collect_features, decide

THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1.01)  # 1.01: the lexicon alone
MIN_FEATURE_COUNT = 2  # a feature seen once is noise, and keeps the shipped file small


@dataclass
class Note:
    """One coded note: its gold labels (one per coded row), country and event mentions."""

    gold: list[str]
    country: str
    samples: list[Sample] = field(default_factory=list)

    def target(self, rule_label: str) -> str:
        """What a mention of this note should have been labelled."""
        if rule_label in self.gold:
            return rule_label
        return Counter(self.gold).most_common(1)[0][0]


def read_notes(path: str | Path, limit: int | None = None) -> list[Note]:
    """Run each distinct note of an ACLED CSV through the pipeline, collecting event features."""
    from .evaluate.acled import iso_date
    from .nlp.parse import parse
    from .pipeline import extract_doc

    grouped: dict[str, list[dict[str, str]]] = {}
    for row in read_rows(path):
        text = row.get("notes", "").strip()
        if text and (text in grouped or limit is None or len(grouped) < limit):
            grouped.setdefault(text, []).append(row)
    articles = [
        as_article(text, f"note-{i}", iso_date(rows[0].get("event_date", "")))
        for i, (text, rows) in enumerate(grouped.items())
    ]
    notes = []
    for doc, article, rows in zip(parse(a.text for a in articles), articles, grouped.values()):
        note = Note([gold_label(r["event_type"]) for r in rows], rows[0].get("country", ""))
        with collect_features() as sink:
            extract_doc(doc, article)
        note.samples = list(sink)
        notes.append(note)
    return notes


def feature_matrix(feats: list[list[str]], min_count: int = MIN_FEATURE_COUNT) -> tuple[dict[str, int], Any]:
    """The vocabulary of features seen at least ``min_count`` times, and the binary sparse matrix of
    ``feats`` (one row of feature names per sample) over it."""
    from scipy.sparse import csr_matrix

    counts = Counter(f for fs in feats for f in fs)
    vocab = {f: i for i, f in enumerate(sorted(k for k, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in fs:
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    return vocab, csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(feats), len(vocab)))


def fit(notes: Iterable[Note], c: float = 1.0, threshold: float = 0.7) -> TypeModel:
    """A logistic regression over the notes' mention features."""
    from sklearn.linear_model import LogisticRegression

    feats, targets = [], []
    for note in notes:
        for f, rule, _ in note.samples:
            feats.append(f)
            targets.append(note.target(rule))
    vocab, x = feature_matrix(feats)
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, targets)
    labels = tuple(str(label) for label in clf.classes_)
    coef = clf.coef_ if len(labels) > 2 else [-clf.coef_[0] / 2, clf.coef_[0] / 2]
    bias = clf.intercept_ if len(labels) > 2 else [-clf.intercept_[0] / 2, clf.intercept_[0] / 2]
    weights = {f: tuple(float(coef[k][i]) for k in range(len(labels))) for f, i in vocab.items()}
    weights = {f: w for f, w in weights.items() if max(abs(x) for x in w) >= 1e-3}
    return TypeModel(labels, tuple(float(b) for b in bias), weights, threshold, {"samples": len(feats)})


def _score(notes: list[Note], labels_per_note: list[list[str]]) -> dict[str, Any]:
    """Event-type accuracy and macro-F1 as ``eval acled`` counts them: a gold row is matched
    when any mention of its note has its label, else it takes the first mention's label."""
    gold, pred = [], []
    for note, labels in zip(notes, labels_per_note):
        for g in note.gold:
            gold.append(g)
            pred.append(g if g in labels else (labels[0] if labels else None))
    scores = per_label_f1(gold, pred)
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"accuracy": round(accuracy, 4), "macro_f1": macro_f1(scores), "gold_events": len(gold)}


def _predict(model: TypeModel, notes: list[Note]) -> list[list[dict[str, float]]]:
    return [[model.probabilities(f) for f, _, _ in note.samples] for note in notes]


def _labels_at(notes: list[Note], probs: list[list[dict[str, float]]], threshold: float) -> list[list[str]]:
    return [
        [decide(p, rule, threshold, allowed) or rule for (_, rule, allowed), p in zip(note.samples, ps)]
        for note, ps in zip(notes, probs)
    ]


Part = tuple[list[Note], list[list[dict[str, float]]]]  # held-out notes, their mentions' probabilities


def _held_out(folds: list[tuple[list[Note], list[Note]]], c: float) -> list[Part]:
    """Train on each fold's first part, predict its second."""
    return [(test, _predict(fit(train, c), test)) for train, test in folds]


def _sweep(parts: list[Part]) -> dict[str, Any]:
    """Scores of the pooled held-out parts at every threshold."""
    held = [n for notes, _ in parts for n in notes]
    probs = [p for _, ps in parts for p in ps]
    return {str(t): _score(held, _labels_at(held, probs, t)) for t in THRESHOLDS}


def _note_folds(notes: list[Note], k: int, seed: int = 13) -> list[tuple[list[Note], list[Note]]]:
    order = list(range(len(notes)))
    random.Random(seed).shuffle(order)
    parts = [[notes[i] for i in order[j::k]] for j in range(k)]
    return [([n for p in parts[:j] + parts[j + 1 :] for n in p], parts[j]) for j in range(k)]


def _country_folds(notes: list[Note], min_rows: int) -> list[tuple[str, list[Note], list[Note]]]:
    sizes = Counter(n.country for n in notes)
    return [
        (country, [n for n in notes if n.country != country], [n for n in notes if n.country == country])
        for country, size in sizes.most_common()
        if size >= min_rows
    ]


def train(
    path: str | Path, out: str | Path, *, folds: int = 5, c: float = 1.0, limit: int | None = None
) -> dict[str, Any]:
    """Train on every note of ``path``, save to ``out``; report cross-validated scores."""
    notes = read_notes(path, limit)
    by_notes = _sweep(_held_out(_note_folds(notes, folds), c))
    countries = _country_folds(notes, min_rows=150)
    country_parts = _held_out([(train_part, test_part) for _, train_part, test_part in countries], c)
    # the threshold that serves best, on average, the notes and the countries the model never saw
    by_country = _sweep(country_parts) if len(countries) >= 2 else by_notes
    best = max(THRESHOLDS[:-1], key=lambda t: by_country[str(t)]["macro_f1"] + by_notes[str(t)]["macro_f1"])
    per_country = {
        country: {
            "lexicon": _score(test, _labels_at(test, probs, THRESHOLDS[-1])),
            "with_model": _score(test, _labels_at(test, probs, best)),
        }
        for (country, _, _), (test, probs) in zip(countries, country_parts)
    }
    model = fit(notes, c, best)
    meta = model.meta | {"trained_on": Path(path).name, "notes": len(notes), "c": c}
    model = TypeModel(model.labels, model.bias, model.weights, best, meta)
    model.save(out)
    lexicon = str(THRESHOLDS[-1])
    return {
        "file": str(path),
        "notes": len(notes),
        "notes_with_mentions": sum(1 for n in notes if n.samples),
        "mentions": sum(len(n.samples) for n in notes),
        "features": len(model.weights),
        "threshold": best,
        "cross_validated_by_note": {"folds": folds, "lexicon": by_notes[lexicon]}
        | {"with_model": by_notes[str(best)], "by_threshold": by_notes},
        "countries_left_out": {
            "pooled": {"lexicon": by_country[lexicon], "with_model": by_country[str(best)]}
        }
        | {"by_threshold": by_country}
        | per_country,
        "model": str(out),
    }
