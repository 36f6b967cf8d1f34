"""Honest validation of the event coder: each ACLED export (set), and each large country, left out in turn.

The notes of ``../shared/eval`` (the multi-region training exports and the Middle East dev notes)
become :class:`Note` units; the rule stage runs over each once (``eventwire.pipeline.extract_articles``)
and the sentence encoder embeds each once, both cached on disk. For every fold the coder is trained
on the other sets (its vocabulary and idf too) and predicts the one left out. Scores, per set and
pooled over the held-out predictions: 5-type macro-F1 (Protests and Riots one label), 6-type
macro-F1 and sub-type weighted and macro F1 over the new-taxonomy sets (old-taxonomy notes have
neither). Each note counts once (dev notes coded at several places: the most frequent type).

Compared on the same folds: eventwire's own output (lexicon and the shipped type model, scored as
``eval acled`` does: a note is right when any of its events has the gold label, else its first
event's label counts), a TF-IDF + logistic regression baseline, and the coder with each feature
block removed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .coder import BLOCKS, OLD_TYPES, SUBTYPES, TYPES5, Unit, fit, type5, type6

DEV_SET = "acled-middle-east-2018-dev"
OLD_ONLY = frozenset(OLD_TYPES) - {"violence against civilians"}
EVENT_FIELDS = (
    "event_type",
    "sub_event_type",
    "plover_type",
    "status",
    "inter1",
    "inter2",
    "fatalities",
)


@dataclass
class Note:
    text: str
    set: str
    country: str
    taxonomy: str  # old | new
    type5: str | None
    type6: str | None
    subtype: str | None
    events: list[dict[str, Any]] | None = None

    def unit(self) -> Unit:
        return Unit(
            self.text, self.events or [], self.type5, self.subtype if self.taxonomy == "new" else None
        )


def read_notes(paths: Sequence[str | Path], dev_paths: Sequence[str | Path] = ()) -> list[Note]:
    """Distinct notes of ACLED-format CSVs (``set``/``taxonomy`` columns as in the training file;
    a file without them is one set named after the file, old taxonomy where its types are old)."""
    import csv

    grouped: dict[str, list[dict[str, str]]] = {}
    for path in [*paths, *dev_paths]:
        path = Path(path)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as fh:
            rows = [
                r for r in csv.DictReader(fh) if (r.get("notes") or "").strip() and type5(r.get("event_type"))
            ]
        # a file without a taxonomy column is old when any of its types is one of ACLED's pre-2019 ones
        file_old = any(r["event_type"].strip().lower() in OLD_ONLY for r in rows)
        for row in rows:
            if not row.get("set"):
                row["set"] = DEV_SET if path in map(Path, dev_paths) else path.name.split(".")[0]
            if not row.get("taxonomy"):
                row["taxonomy"] = "old" if file_old else "new"
            grouped.setdefault(row["notes"].strip(), []).append(row)
    notes = []
    for text, rows in grouped.items():
        first = rows[0]
        t5 = Counter(type5(r["event_type"]) for r in rows).most_common(1)[0][0]
        same = [r for r in rows if type5(r["event_type"]) == t5]
        old = first["taxonomy"].lower() == "old"
        sub = (same[0].get("sub_event_type") or "").strip() or None
        notes.append(
            Note(
                text=text,
                set=first["set"],
                country=(first.get("country") or "").strip(),
                taxonomy="old" if old else "new",
                type5=t5,
                type6=None if old else type6(same[0]["event_type"]),
                subtype=sub if (not old and sub in SUBTYPES) else None,
            )
        )
    return notes


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def rule_events(texts: Sequence[str]) -> list[list[dict[str, Any]]]:
    """The pipeline's events for each text (fields the coder's lexicon block reads)."""
    from ..errors import InputError
    from ..io.ingest import make_article
    from ..pipeline import extract_articles
    from ..records import Article

    def article(i: int, text: str) -> Article:
        try:
            return make_article(text, id=f"n{i}")
        except InputError:
            return Article(id=f"n{i}", text=text)

    out = []
    for res in extract_articles(article(i, t) for i, t in enumerate(texts)):
        evs = []
        for e in res.events:
            d = {k: getattr(e, k) for k in EVENT_FIELDS}
            d["trigger"] = e.trigger.text if e.trigger else None
            evs.append(d)
        out.append(evs)
    return out


def attach_events(notes: list[Note], cache: Path | None) -> None:
    """Fill each note's rule events, from ``cache`` (JSON lines of text and events) where present."""
    known: dict[str, list] = {}
    if cache is not None and cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                known[_key(rec["text"])] = rec["events"]
    missing = [n for n in notes if _key(n.text) not in known]
    if missing:
        fresh = rule_events([n.text for n in missing])
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with gzip.open(cache, "at", encoding="utf-8") as fh:
                for n, evs in zip(missing, fresh):
                    fh.write(json.dumps({"text": n.text, "events": evs}) + "\n")
        for n, evs in zip(missing, fresh):
            known[_key(n.text)] = evs
    for n in notes:
        n.events = known[_key(n.text)]


def embeddings(texts: Sequence[str], encoder: Any, cache: Path | None, batch: int = 256) -> np.ndarray:
    """The encoder's embedding of each text, cached in ``cache`` (.npz keyed by text hashes)."""
    keys = [_key(t) for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as d:
            known = dict(zip(d["keys"].tolist(), d["vectors"]))
    todo = [i for i, k in enumerate(keys) if k not in known]
    t0 = time.time()
    for s in range(0, len(todo), batch * 8):
        part = todo[s : s + batch * 8]
        vecs = encoder.encode([texts[i] for i in part])
        for i, v in zip(part, vecs):
            known[keys[i]] = v
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
            print(f"  embedded {s + len(part)}/{len(todo)} in {time.time() - t0:.0f} s", flush=True)
    return np.stack([known[k] for k in keys]).astype(np.float32)


# ------------------------------------------------------------------------------------------ scoring


def f1_table(gold: Sequence[str | None], pred: Sequence[str | None]) -> dict[str, tuple[float, int]]:
    """label -> (F1, gold support), over labels in gold or predictions."""
    labels = sorted({g for g in gold if g} | {p for p in pred if p})
    out = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        out[lab] = (f, tp + fn)
    return out


def macro(gold, pred) -> float | None:
    t = [v for v in f1_table(gold, pred).values() if v[1]]
    return round(sum(f for f, _ in t) / len(t), 4) if t else None


def weighted(gold, pred) -> float | None:
    t = [v for v in f1_table(gold, pred).values() if v[1]]
    total = sum(n for _, n in t)
    return round(sum(f * n for f, n in t) / total, 4) if total else None


def score(notes: Sequence[Note], preds: Sequence[dict[str, str | None]]) -> dict[str, Any]:
    """5-type macro-F1 over all notes; 6-type macro-F1, sub-type F1s over the new-taxonomy ones."""
    new = [i for i, n in enumerate(notes) if n.taxonomy == "new"]
    sub = [i for i in new if notes[i].subtype]
    return {
        "notes": len(notes),
        "type5_macro": macro([n.type5 for n in notes], [p["type5"] for p in preds]),
        "type5_accuracy": round(sum(n.type5 == p["type5"] for n, p in zip(notes, preds)) / len(notes), 4)
        if notes
        else None,
        "type6_macro": macro([notes[i].type6 for i in new], [preds[i]["type6"] for i in new])
        if new
        else None,
        "sub_weighted": weighted([notes[i].subtype for i in sub], [preds[i]["subtype"] for i in sub])
        if sub
        else None,
        "sub_macro": macro([notes[i].subtype for i in sub], [preds[i]["subtype"] for i in sub])
        if sub
        else None,
    }


def score_parts(notes: Sequence[Note], preds: Sequence[dict], group: Callable[[Note], str]) -> dict[str, Any]:
    """Scores per group (the fold left out) and pooled."""
    out: dict[str, Any] = {}
    for g in sorted({group(n) for n in notes}):
        idx = [i for i, n in enumerate(notes) if group(n) == g]
        out[g] = score([notes[i] for i in idx], [preds[i] for i in idx])
    out["pooled"] = score(notes, preds)
    return out


# ---------------------------------------------------------------------------------------- predictors


def rules_prediction(note: Note, strict: bool = False) -> dict[str, str | None]:
    """eventwire's own output for a note, as ``eval acled`` scores it (``strict``: first event only)."""
    evs = [e for e in note.events or [] if type5(e.get("event_type"))]

    def pick(values: list[str | None], gold: str | None) -> str | None:
        if not strict and gold in values:
            return gold
        return values[0] if values else None

    return {
        "type5": pick([type5(e["event_type"]) for e in evs], note.type5),
        "type6": pick([type6(e["event_type"]) for e in evs], note.type6),
        "subtype": pick([e.get("sub_event_type") for e in evs], note.subtype),
    }


def coder_predict(model, notes: Sequence[Note], emb: np.ndarray | None) -> list[dict[str, str | None]]:
    return [
        {
            "type5": p.type5,
            "type6": p.event_type if p.event_type in SUBTYPES.values() else None,
            "subtype": p.sub_event_type,
            "p_type": round(p.p_type, 4),
            "p_sub": round(p.p_sub, 4),
        }
        for p in model.predict([n.unit() for n in notes], emb)
    ]


def tfidf_baseline(
    train: Sequence[Note], test: Sequence[Note], seed: int = 13
) -> list[dict[str, str | None]]:
    """TF-IDF (word 1-2 grams, sublinear) + balanced logistic regression: type head and sub-type head."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=3, sublinear_tf=True)
    x = vec.fit_transform([n.text for n in train])
    xt = vec.transform([n.text for n in test])
    clf = LogisticRegression(class_weight="balanced", max_iter=300, random_state=seed).fit(
        x, [n.type5 for n in train]
    )
    t5 = clf.predict(xt)
    rows = [i for i, n in enumerate(train) if n.taxonomy == "new" and n.subtype]
    sub = LogisticRegression(class_weight="balanced", max_iter=300, random_state=seed).fit(
        x[rows], [train[i].subtype for i in rows]
    )
    subs = sub.predict(xt)
    out = []
    for a, s in zip(t5, subs):
        t6 = (
            SUBTYPES.get(s)
            if a == "Protests/Riots" and type5(SUBTYPES.get(s)) == a
            else (a if a != "Protests/Riots" else None)
        )
        out.append({"type5": a, "type6": t6, "subtype": s})
    return out


# -------------------------------------------------------------------------------------------- folds


def set_folds(notes: Sequence[Note]) -> list[tuple[str, list[int], list[int]]]:
    sets = sorted({n.set for n in notes})
    return [
        (s, [i for i, n in enumerate(notes) if n.set != s], [i for i, n in enumerate(notes) if n.set == s])
        for s in sets
    ]


def country_folds(notes: Sequence[Note], min_notes: int = 2000) -> list[tuple[str, list[int], list[int]]]:
    sizes = Counter(n.country for n in notes if n.country)
    return [
        (
            c,
            [i for i, n in enumerate(notes) if n.country != c],
            [i for i, n in enumerate(notes) if n.country == c],
        )
        for c, k in sizes.most_common()
        if k >= min_notes
    ]


def cross_validate(
    notes: Sequence[Note],
    folds: list[tuple[str, list[int], list[int]]],
    predictor: Callable[[list[int], list[int]], list[dict]],
    label: str = "",
) -> tuple[list[Note], list[dict]]:
    """Held-out predictions of every fold, in fold order (notes of each fold left out)."""
    held, preds = [], []
    for name, train_idx, test_idx in folds:
        t0 = time.time()
        p = predictor(train_idx, test_idx)
        held.extend(notes[i] for i in test_idx)
        preds.extend(p)
        print(f"  {label} {name}: {len(test_idx)} notes, {time.time() - t0:.0f} s", flush=True)
    return held, preds


def coder_predictor(notes: Sequence[Note], emb: np.ndarray | None, **fit_args) -> Callable:
    units = [n.unit() for n in notes]

    def run(train_idx: list[int], test_idx: list[int]) -> list[dict]:
        e_train = emb[train_idx] if emb is not None else None
        e_test = emb[test_idx] if emb is not None else None
        model = fit([units[i] for i in train_idx], e_train, **fit_args)
        return coder_predict(model, [notes[i] for i in test_idx], e_test)

    return run


def ablations() -> dict[str, dict[str, float]]:
    """Block weights of the coder with each block removed."""
    return {f"without {b}": {k: (0.0 if k == b else 1.0) for k in BLOCKS} for b in BLOCKS}


__all__ = [
    "Note",
    "TYPES5",
    "attach_events",
    "coder_predictor",
    "country_folds",
    "cross_validate",
    "embeddings",
    "read_notes",
    "rules_prediction",
    "score",
    "score_parts",
    "set_folds",
    "tfidf_baseline",
]
