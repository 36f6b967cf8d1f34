"""Training the PLOVER type model (:mod:`eventwire.fields.plover.model`), and its cross-validation.

Each text (a PLOVER gold sentence, a CAMEO quad sentence) goes through the pipeline once; the
PLOVER stage records each sentence's rule features (:func:`~eventwire.fields.plover.model.collect_samples`)
and a text is one unit (its sentences' features together). Two logistic regressions (scikit-learn,
classes weighted ``(n / (k * count)) ** 0.5`` as the ACLED coder's) share the features: the 16 types
on the gold records, the four quads on the quad sentences and the gold records.

Validation: folds over the gold records grouped by text (a sentence coded twice is in one fold), the
quad head always trained on every quad sentence; and folds over the quad sentences, the type head on
every gold record. A unit the rules find no interaction in gets no code, as at run time.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..evaluate.plover import score_quads, score_types
from ..fields.plover.codebook import QUADS, Codebook
from ..fields.plover.model import PloverModel, quad_term, word_features
from ..training import feature_matrix
from .coder import common_words

QUAD_WEIGHTS = (0.5, 1.0, 2.0)  # how much the quad head weighs in a type's score (chosen by the gold CV)


@dataclass
class Unit:
    """One training text: its rule features, text, whether the rules see an interaction, gold labels."""

    rules: list[str]
    text: str
    interaction: bool
    acled: frozenset[str]
    type: str | None = None  # gold PLOVER type (gold records)
    quad: str | None = None


def read_units(texts: Sequence[str]) -> list[tuple[list[str], bool, frozenset[str]]]:
    """(rule features, interaction, ACLED-mapped types) of each text, from one pipeline run."""
    from ..evaluate.acled import as_article
    from ..fields.plover.model import collect_samples
    from ..nlp.parse import parse
    from ..pipeline import extract_doc

    articles = [as_article(t, f"plover-train-{i}", None) for i, t in enumerate(texts)]
    out = []
    for doc, article in zip(parse(a.text for a in articles), articles):
        with collect_samples() as sink:
            extract_doc(doc, article)
        rules = sorted({f for s in sink for f in s[0]})
        out.append((rules, any(s[2] for s in sink), frozenset(t for s in sink for t in s[3])))
    return out


def weak_type(unit: Unit, book: Codebook) -> str | None:
    """A quad sentence's type where its cues leave one of its quad's types: the cue heading the
    sentence first, else the only cue type of the quad."""
    for prefix in ("rootcue:", "cue:"):
        found = {f[len(prefix) :] for f in unit.rules if f.startswith(prefix)}
        found = {t for t in found if unit.quad in book.cameo_quads_of(t)}
        if len(found) == 1:
            return found.pop()
    return None


def _head(
    x: Any, labels: list[str], all_labels: Sequence[str], c: float, balance: float, seed: int, weights=None
):
    from sklearn.linear_model import LogisticRegression

    counts = Counter(labels)
    weight = {lab: (len(labels) / (len(counts) * k)) ** balance for lab, k in counts.items()}
    clf = LogisticRegression(C=c, class_weight=weight, max_iter=2000, random_state=seed)
    clf.fit(x, labels, sample_weight=weights)
    coef = np.zeros((x.shape[1], len(all_labels)))
    bias = np.full(len(all_labels), -30.0)  # a label never seen in training is never predicted
    for k, lab in enumerate(clf.classes_):
        j = list(all_labels).index(lab)
        coef[:, j] = clf.coef_[k]
        bias[j] = clf.intercept_[k]
    return coef, bias


def fit(
    units: Sequence[Unit],
    book: Codebook,
    *,
    c: float = 1.0,
    balance: float = 0.5,
    quad_weight: float = 0.5,
    weak: float = 0.3,
    seed: int = 13,
    emb: np.ndarray | None = None,
) -> tuple[PloverModel, Any]:
    """Both heads on ``units``; returns the model and (for the with-encoder measure) the classifier
    inputs' builder. ``emb`` rows align with ``units`` (None: cues and words only, as shipped).
    Quad sentences whose cues name one type of their quad (:func:`weak_type`) train the type head
    too, each weighing ``weak`` (0: not at all)."""
    common = common_words(u.text for u in units)
    feats = [u.rules + word_features(u.text, common) for u in units]
    vocab, x = feature_matrix(feats)
    if emb is not None:
        from scipy.sparse import csr_matrix, hstack

        x = hstack([x, csr_matrix(emb)], format="csr")
    labels = tuple(book.types)
    targets = {i: u.type for i, u in enumerate(units) if u.type}
    if weak:
        targets |= {i: t for i, u in enumerate(units) if not u.type and (t := weak_type(u, book))}
    typed = sorted(targets)
    sample = np.array([1.0 if units[i].type else weak for i in typed])
    coef, bias = _head(x[typed], [targets[i] for i in typed], labels, c, balance, seed, sample)
    quads = [i for i, u in enumerate(units) if u.quad]
    qcoef, qbias = _head(x[quads], [units[i].quad for i in quads], QUADS, c, balance, seed)
    n = len(vocab)
    model = PloverModel(
        labels=labels,
        quads=QUADS,
        vocab=vocab,
        coef=coef[:n],
        bias=bias,
        quad_coef=qcoef[:n],
        quad_bias=qbias,
        common=frozenset(w for w in common if f"w:{w}" in vocab),
        quad_weight=quad_weight,
        meta={"units": len(units), "typed": len(typed), "quads": len(quads), "c": c, "balance": balance},
    )
    emb_part = (coef[n:], qcoef[n:]) if emb is not None else None
    return model, emb_part


def _probs(
    model: PloverModel, unit: Unit, book: Codebook, weight: float, emb_part=None, vec=None
) -> np.ndarray:
    """Type probabilities of one unit at quad weight ``weight`` (with the embedding's share, if any)."""
    feats = unit.rules + word_features(unit.text, model.common)
    rows = [model.vocab[f] for f in feats if f in model.vocab]
    s = model.bias + model.coef[rows].sum(0)
    q = model.quad_bias + model.quad_coef[rows].sum(0)
    if emb_part is not None:
        s = s + vec @ emb_part[0]
        q = q + vec @ emb_part[1]
    logp = s - np.logaddexp.reduce(s)
    logq = q - np.logaddexp.reduce(q)
    return logp + weight * quad_term(logq, model.quads, model.labels, book)


def predict(
    model: PloverModel, unit: Unit, book: Codebook, weight: float, emb_part=None, vec=None
) -> str | None:
    """The type the run-time stage gives a unit: none where the rules see no interaction."""
    if not unit.interaction:
        return None
    scores = _probs(model, unit, book, weight, emb_part, vec)
    return model.labels[int(scores.argmax())]


def _group_folds(units: list[Unit], k: int, seed: int) -> list[list[int]]:
    """Fold of each gold unit, grouped by normalised text so that duplicates share a fold."""
    keys = sorted({" ".join(u.text.lower().split()) for u in units})
    random.Random(seed).shuffle(keys)
    fold = {key: j % k for j, key in enumerate(keys)}
    parts: list[list[int]] = [[] for _ in range(k)]
    for i, u in enumerate(units):
        parts[fold[" ".join(u.text.lower().split())]].append(i)
    return parts


def _gold_folds(gold: list[Unit], k: int, seed: int) -> Iterator[tuple[list[int], list[int]]]:
    """(held-out indexes, training indexes) of each of :func:`_group_folds`' folds."""
    for part in _group_folds(gold, k, seed):
        held = set(part)
        yield part, [i for i in range(len(gold)) if i not in held]


def _rank(scores: dict[str, Any]) -> tuple[float, float]:
    """How type scores are compared when a setting is chosen: accuracy, then macro-F1."""
    return scores["accuracy"], scores["macro_f1"]


def cross_validate(
    gold: list[Unit],
    quads: list[Unit],
    book: Codebook,
    *,
    folds: int = 5,
    c: float = 1.0,
    weak: float = 0.3,
    balance: float = 0.5,
    seed: int = 13,
    quad_folds: bool = True,
    emb_gold: np.ndarray | None = None,
    emb_quads: np.ndarray | None = None,
) -> dict[str, Any]:
    """Held-out scores on the gold records (each quad weight) and on the quad sentences."""
    use_emb = emb_gold is not None and emb_quads is not None
    gold_pred = {w: [None] * len(gold) for w in QUAD_WEIGHTS}
    for part, kept in _gold_folds(gold, folds, seed):
        train = [gold[i] for i in kept] + quads
        emb = np.vstack([emb_gold[kept], emb_quads]) if use_emb else None
        model, emb_part = fit(train, book, c=c, weak=weak, balance=balance, seed=seed, emb=emb)
        for i in part:
            vec = emb_gold[i] if use_emb else None
            for w in QUAD_WEIGHTS:
                gold_pred[w][i] = predict(model, gold[i], book, w, emb_part, vec)
    gold_labels = [u.type for u in gold]
    by_weight = {str(w): score_types(gold_labels, p) for w, p in gold_pred.items()}
    best = max(QUAD_WEIGHTS, key=lambda w: _rank(by_weight[str(w)]))
    out = {"gold_folds": folds, "quad_weight": best, "weak": weak, "c": c, "balance": balance}
    out["gold"] = by_weight[str(best)]
    out["gold_by_quad_weight"] = by_weight
    if not quad_folds:
        return out
    quad_pred: list[str | None] = [None] * len(quads)
    head_pred: list[str | None] = [None] * len(quads)
    order = list(range(len(quads)))
    random.Random(seed).shuffle(order)
    for j in range(folds):
        part = order[j::folds]
        held = set(part)
        train = gold + [u for i, u in enumerate(quads) if i not in held]
        emb = None
        if use_emb:
            emb = np.vstack([emb_gold, emb_quads[[i for i in range(len(quads)) if i not in held]]])
        model, emb_part = fit(train, book, c=c, weak=weak, balance=balance, seed=seed, emb=emb)
        for i in part:
            vec = emb_quads[i] if use_emb else None
            ptype = predict(model, quads[i], book, best, emb_part, vec)
            feats = quads[i].rules + word_features(quads[i].text, model.common)
            rows = [model.vocab[f] for f in feats if f in model.vocab]
            q = model.quad_bias + model.quad_coef[rows].sum(0)
            if use_emb:
                q = q + vec @ emb_part[1]
            # as at run time: of the type's CAMEO classes, the one the quad head rates highest
            quad_pred[i] = book.cameo_quad(ptype, dict(zip(model.quads, q.tolist())))
            if quads[i].interaction:
                head_pred[i] = model.quads[int(q.argmax())]
    quad_labels = [u.quad for u in quads]
    return out | {
        "quads": score_quads(quad_labels, quad_pred),
        "quads_by_quad_head": score_quads(quad_labels, head_pred),
    }


def nested_cross_validate(
    gold: list[Unit],
    quads: list[Unit],
    book: Codebook,
    *,
    cs: Sequence[float],
    folds: int = 5,
    seed: int = 13,
) -> dict[str, Any]:
    """Type scores on the gold records with C and the quad weight chosen inside each outer fold (by
    :func:`cross_validate` over that fold's training records alone): the figure that no choice of
    hyperparameters has seen."""
    pred: list[str | None] = [None] * len(gold)
    chosen = []
    for part, kept in _gold_folds(gold, folds, seed):
        train = [gold[i] for i in kept]
        inner = {
            c: cross_validate(train, quads, book, folds=folds - 1, c=c, seed=seed, quad_folds=False)
            for c in cs
        }
        c = max(cs, key=lambda c: _rank(inner[c]["gold"]))
        weight = inner[c]["quad_weight"]
        chosen.append({"c": c, "quad_weight": weight})
        model, _ = fit(train + quads, book, c=c, seed=seed)
        for i in part:
            pred[i] = predict(model, gold[i], book, weight)
    return {"chosen": chosen, "gold": score_types([u.type for u in gold], pred)}


def interaction_share(units: Sequence[Unit]) -> float:
    return round(sum(u.interaction for u in units) / len(units), 4) if units else 0.0


def harness_cross_validate(
    records: list[Any],
    gold: list[Unit],
    quads: list[Unit],
    book: Codebook,
    *,
    folds: int = 5,
    quad_weight: float = 0.5,
    c: float = 1.0,
    seed: int = 13,
) -> dict[str, Any]:
    """``eventwire eval plover``'s gold figures (type, mode, source and target) with each fold's
    records coded by a model trained without them: the whole pipeline runs, as at run time."""
    from ..evaluate.acled import as_article
    from ..evaluate.plover import score_gold
    from ..fields.plover.model import using_model
    from ..pipeline import extract_articles

    held_records, results = [], []
    for j, (part, kept) in enumerate(_gold_folds(gold, folds, seed)):
        train = [gold[i] for i in kept] + quads
        model, _ = fit(train, book, quad_weight=quad_weight, c=c, seed=seed)
        articles = [as_article(records[i].text, f"fold{j}-{i}", None) for i in part]
        with using_model(model):
            results += list(extract_articles(articles))
        held_records += [records[i] for i in part]
    return score_gold(held_records, results)
