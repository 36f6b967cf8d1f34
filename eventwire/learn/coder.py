"""A trained event coder: ACLED event type (5 and 6 types) and today's 25 sub-event types.

One linear model over three blocks of features of a text unit (a coder's note when training, an
event's sentence when coding news):

* ``lex``: what eventwire's rules found in it (each event's type, sub-type, trigger word, actor
  types, PLOVER type, whether fatalities were counted), read from the pipeline's own
  :class:`~eventwire.records.Event` results;
* ``words``: TF-IDF of word unigrams and bigrams, names masked (a capitalised word inside a
  sentence that the training texts never write in lower case becomes ``<name>``, numbers ``<num>``),
  so that places and people weigh nothing;
* ``emb``: the sentence embedding (:mod:`eventwire.learn.encoder`).

Two heads share the features: the event type (Protests and Riots one label, trained on every
note, old taxonomy mapped) and the sub-event type (trained on new-taxonomy notes only). The
sub-type is the best one under the predicted type, and it splits Protests from Riots (6 types).
Training uses scikit-learn (balanced classes); a saved model is one .npz read and applied with
NumPy alone.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..fields.events.lexicon import load_codebook

FORMAT = 1
TYPES5 = (
    "Battles",
    "Explosions/Remote violence",
    "Protests/Riots",
    "Strategic developments",
    "Violence against civilians",
)
SUBTYPES = {  # today's ACLED sub-event types -> event type (6 types), from the one codebook
    sub: etype for etype, subs in load_codebook().items() for sub in subs
}
OLD_TYPES = {  # ACLED's pre-2019 event types -> today's (../shared/eval/README.md)
    "battle-no change of territory": "Battles",
    "battle-government regains territory": "Battles",
    "battle-non-state actor overtakes territory": "Battles",
    "battle-non-state actors overtake territory": "Battles",
    "remote violence": "Explosions/Remote violence",
    "riots/protests": "Protests/Riots",
    "violence against civilians": "Violence against civilians",
    "strategic development": "Strategic developments",
    "non-violent transfer of territory": "Strategic developments",
    "headquarters or base established": "Strategic developments",
}
_NEW_TYPES = {t.lower(): t for t in (*TYPES5, "Protests", "Riots")}
BLOCKS = ("lex", "words", "emb")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENT_END = re.compile(r"[.!?:;]$|\n")


def type5(label: str | None) -> str | None:
    """Today's event type with Protests and Riots one label, for an old or new ACLED type."""
    if not label:
        return None
    key = label.strip().lower()
    new = OLD_TYPES.get(key) or _NEW_TYPES.get(key)
    return "Protests/Riots" if new in ("Protests", "Riots") else new


def type6(label: str | None) -> str | None:
    """Today's event type (Protests and Riots apart); None for old "Riots/Protests"."""
    if not label:
        return None
    key = label.strip().lower()
    new = _NEW_TYPES.get(key) or OLD_TYPES.get(key)
    return None if new == "Protests/Riots" else new


def parent5(subtype: str) -> str:
    return type5(SUBTYPES[subtype]) or ""


# ---------------------------------------------------------------------------------------- features


def lexicon_features(events: Sequence[Any]) -> list[str]:
    """Features from the rule stage's events found in a unit (``Event`` objects or dicts of their fields)."""

    def get(e: Any, name: str) -> Any:
        return e.get(name) if isinstance(e, dict) else getattr(e, name, None)

    if not events:
        return ["lex:none"]
    feats = {f"lex:n{min(len(events), 3)}"}
    for k, e in enumerate(events):
        trigger = get(e, "trigger")
        if trigger is not None and not isinstance(trigger, str):
            trigger = trigger.text
        i1, i2 = get(e, "inter1") or "-", get(e, "inter2") or "-"
        feats |= {
            f"lt:{get(e, 'event_type')}",
            f"ls:{get(e, 'sub_event_type')}",
            f"trig:{(trigger or '').lower()}",
            f"i1:{i1}",
            f"i2:{i2}",
            f"i12:{i1}_{i2}",
            f"pl:{get(e, 'plover_type')}",
            f"st:{get(e, 'status')}",
        }
        if (get(e, "fatalities") or 0) > 0:
            feats.add("fat:yes")
        if k == 0:
            feats |= {f"lt1:{get(e, 'event_type')}", f"ls1:{get(e, 'sub_event_type')}"}
    return sorted(feats)


def word_tokens(text: str) -> list[tuple[str, bool]]:
    """(word, capitalised inside a sentence) for each word of ``text``."""
    out = []
    start = True
    for m in _WORD.finditer(text):
        w = m.group()
        out.append((w, w[0].isupper() and not start))
        tail = text[m.end() : m.end() + 2]
        start = bool(_SENT_END.search(tail.strip(" ")[:1] or "")) or "\n" in tail
    return out


def masked_words(text: str, common: frozenset[str]) -> list[str]:
    """Lower-case words with names (capitalised inside a sentence, never written lower case in the
    training texts) as ``<name>`` and numbers as ``<num>``."""
    out = []
    for w, capital in word_tokens(text):
        low = w.lower()
        if any(c.isdigit() for c in w):
            out.append("<num>")
        elif capital and low not in common:
            if not out or out[-1] != "<name>":
                out.append("<name>")
        else:
            out.append(low)
    return out


def ngrams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def common_words(texts: Iterable[str], min_count: int = 3) -> frozenset[str]:
    """Words written in lower case at least ``min_count`` times: these are never names."""
    counts = Counter(w for t in texts for w, _ in word_tokens(t) if w.islower())
    return frozenset(w for w, n in counts.items() if n >= min_count)


# ------------------------------------------------------------------------------------------- model


@dataclass
class Unit:
    """One text to code: its text, the rule stage's events in it, and (training) its gold labels."""

    text: str
    events: list[Any] = field(default_factory=list)
    type5: str | None = None
    subtype: str | None = None  # new-taxonomy notes only


@dataclass
class Prediction:
    event_type: str  # 6 types where the sub-type says which (Protests, Riots), else the 5-type label
    type5: str
    sub_event_type: str
    p_type: float  # probability of the 5-type label
    p_sub: float  # probability of the sub-type among the type's sub-types
    probs5: dict[str, float]


@dataclass
class CoderModel:
    """Weights of both heads and what the features need (vocabulary, idf, common words, block weights)."""

    vocab: dict[str, int]  # TF-IDF terms
    idf: np.ndarray
    lex_vocab: dict[str, int]
    common: frozenset[str]
    block_weights: dict[str, float]
    emb_dim: int
    labels5: tuple[str, ...]
    coef5: np.ndarray  # (features, labels)
    bias5: np.ndarray
    labels_sub: tuple[str, ...]
    coef_sub: np.ndarray
    bias_sub: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    # --- features -------------------------------------------------------------------------------
    def _sparse_rows(self, units: Sequence[Unit]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Each unit's lexicon feature columns (repeats count) and its TF-IDF term columns and values
        (computed once per distinct text and rule block: a sentence that reports several events is
        one unit per event)."""
        out = []
        done: dict[tuple[str, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for u in units:
            key = (u.text, id(u.events))
            if key in done:
                out.append(done[key])
                continue
            lex = np.fromiter(
                (self.lex_vocab[f] for f in lexicon_features(u.events) if f in self.lex_vocab), dtype=np.int64
            )
            counts = Counter(t for t in ngrams(masked_words(u.text, self.common)) if t in self.vocab)
            idx = np.fromiter((self.vocab[t] for t in counts), dtype=np.int64)
            v = np.fromiter((1 + math.log(c) for c in counts.values()), dtype=np.float64) * self.idf[idx]
            if len(v):
                v /= np.linalg.norm(v)
            done[key] = (lex, idx, v)
            out.append(done[key])
        return out

    def blocks(self, units: Sequence[Unit], emb: np.ndarray | None):
        """The three feature blocks as sparse/dense matrices (rows = units), weights applied."""
        from scipy.sparse import csr_matrix

        n = len(units)
        sparse = self._sparse_rows(units)
        rows = [r for r, (_, idx, _) in enumerate(sparse) for _ in idx]
        cols = [c for _, idx, _ in sparse for c in idx.tolist()]
        vals = [x for _, _, v in sparse for x in v.tolist()]
        words = csr_matrix((vals, (rows, cols)), shape=(n, len(self.vocab)), dtype=np.float64)
        rows = [r for r, (lex, _, _) in enumerate(sparse) for _ in lex]
        cols = [c for lex, _, _ in sparse for c in lex.tolist()]
        lex = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(self.lex_vocab)))
        if emb is None:
            emb = np.zeros((n, self.emb_dim), dtype=np.float32)
        w = self.block_weights
        return {
            "lex": lex * w.get("lex", 0.0),
            "words": words * w.get("words", 0.0),
            "emb": emb * w.get("emb", 0.0),
        }

    def features(self, units: Sequence[Unit], emb: np.ndarray | None):
        from scipy.sparse import csr_matrix, hstack

        b = self.blocks(units, emb)
        return hstack([b["lex"], b["words"], csr_matrix(b["emb"])], format="csr")

    # --- prediction ------------------------------------------------------------------------------
    def scores(self, units: Sequence[Unit], emb: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Softmax probabilities of both heads: the sparse blocks as sums of coefficient rows (NumPy
        only; the SciPy matrices of :meth:`blocks` are for training, and importing SciPy took longer
        than coding 100 articles' events)."""
        sparse = self._sparse_rows(units)
        nl, nw = len(self.lex_vocab), len(self.vocab)
        w = self.block_weights
        dense = (emb if emb is not None else np.zeros((len(units), self.emb_dim), np.float32)) * w.get(
            "emb", 0.0
        )

        def head(coef: np.ndarray, bias: np.ndarray) -> np.ndarray:
            c = coef.astype(np.float32, copy=False)  # float32 since load: no copy per call
            if c.shape[1] == 0:  # a model trained without sub-types (old-taxonomy exports only)
                return np.zeros((len(units), 0))
            s = np.asarray(dense @ c[nl + nw :], dtype=np.float64) + bias
            for r, (lex, idx, v) in enumerate(sparse):
                s[r] += w.get("lex", 0.0) * c[lex].sum(0) + w.get("words", 0.0) * (v @ c[nl + idx])
            s = np.exp(s - s.max(1, keepdims=True))
            return s / s.sum(1, keepdims=True)

        return head(self.coef5, self.bias5), head(self.coef_sub, self.bias_sub)

    def predict(self, units: Sequence[Unit], emb: np.ndarray | None = None) -> list[Prediction]:
        p5, psub = self.scores(units, emb)
        parents = np.array([parent5(s) for s in self.labels_sub])
        out = []
        for r in range(len(units)):
            k = int(p5[r].argmax())
            t5 = self.labels5[k]
            allowed = parents == t5
            sub_p = np.where(allowed, psub[r], 0.0)
            if sub_p.sum() <= 0:  # no sub-type of this type was trained: its most general one
                sub, ps = {"Protests/Riots": "Peaceful protest"}.get(t5, t5), 0.0
            else:
                j = int(sub_p.argmax())
                sub, ps = self.labels_sub[j], float(sub_p[j] / sub_p.sum())
            t6 = SUBTYPES.get(sub, t5) if t5 == "Protests/Riots" else t5
            probs = {lab: float(p5[r, i]) for i, lab in enumerate(self.labels5)}
            out.append(Prediction(t6, t5, sub, float(p5[r, k]), ps, probs))
        return out

    # --- storage ---------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """One compressed .npz (float16 weights, vocabulary as text)."""
        path = Path(path)
        header = {
            "format": FORMAT,
            "labels5": list(self.labels5),
            "labels_sub": list(self.labels_sub),
            "block_weights": self.block_weights,
            "emb_dim": self.emb_dim,
            "meta": self.meta,
        }
        terms = sorted(self.vocab, key=self.vocab.get)
        lex = sorted(self.lex_vocab, key=self.lex_vocab.get)
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            terms=np.frombuffer("\n".join(terms).encode(), dtype=np.uint8),
            lex=np.frombuffer("\n".join(lex).encode(), dtype=np.uint8),
            common=np.frombuffer("\n".join(sorted(self.common)).encode(), dtype=np.uint8),
            idf=self.idf.astype(np.float32),
            coef5=self.coef5.astype(np.float16),
            bias5=self.bias5.astype(np.float32),
            coef_sub=self.coef_sub.astype(np.float16),
            bias_sub=self.bias_sub.astype(np.float32),
        )
        path.write_bytes(buf.getvalue())
        return path

    @classmethod
    def load(cls, path: str | Path) -> CoderModel:
        with np.load(path, allow_pickle=False) as d:
            header = json.loads(d["header"].tobytes().decode())
            if header.get("format") != FORMAT:
                raise ValueError(f"{path}: coder format {header.get('format')!r}, expected {FORMAT}")

            def lines(name: str) -> list[str]:
                text = d[name].tobytes().decode()
                return text.split("\n") if text else []

            return cls(
                vocab={t: i for i, t in enumerate(lines("terms"))},
                idf=d["idf"].astype(np.float64),
                lex_vocab={t: i for i, t in enumerate(lines("lex"))},
                common=frozenset(lines("common")),
                block_weights=header["block_weights"],
                emb_dim=int(header["emb_dim"]),
                labels5=tuple(header["labels5"]),
                coef5=d["coef5"].astype(np.float32),
                bias5=d["bias5"].astype(np.float64),
                labels_sub=tuple(header["labels_sub"]),
                coef_sub=d["coef_sub"].astype(np.float32),
                bias_sub=d["bias_sub"].astype(np.float64),
                meta=header.get("meta", {}),
            )


# --------------------------------------------------------------------------------------- training

DEFAULT_BLOCK_WEIGHTS = {"lex": 1.0, "words": 1.0, "emb": 1.0}


def fit(
    units: Sequence[Unit],
    emb: np.ndarray | None,
    *,
    block_weights: dict[str, float] | None = None,
    c: float = 1.0,
    min_df: int = 3,
    max_iter: int = 300,
    seed: int = 13,
    heads: tuple[str, ...] = ("type", "sub"),
    balance: float = 0.5,
) -> CoderModel:
    """Train both heads (scikit-learn; balanced classes). ``emb`` rows align with ``units``
    (None: no embedding block). A block weighted 0 is left out (the ablation). Classes weigh
    ``(n / (k * count)) ** balance``: 1 is scikit-learn's "balanced", 0 unweighted; 0.5 (the default)
    did better than 1 on every route with sets left out (rare classes over-predicted in new sets)."""
    from sklearn.linear_model import LogisticRegression

    weights = dict(DEFAULT_BLOCK_WEIGHTS if block_weights is None else block_weights)
    if emb is None:
        weights["emb"] = 0.0
    texts = [u.text for u in units]
    common = common_words(texts)
    df = Counter()
    for t in texts:
        df.update(set(ngrams(masked_words(t, common))))
    terms = sorted(t for t, n in df.items() if n >= min_df) if weights.get("words") else []
    vocab = {t: i for i, t in enumerate(terms)}
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in terms], dtype=np.float64)
    lex_counts = (
        Counter(f for u in units for f in lexicon_features(u.events)) if weights.get("lex") else Counter()
    )
    lex_vocab = {f: i for i, f in enumerate(sorted(f for f, k in lex_counts.items() if k >= 2))}
    dim = emb.shape[1] if emb is not None else 0
    model = CoderModel(
        vocab,
        idf,
        lex_vocab,
        common,
        weights,
        dim,
        TYPES5,
        np.zeros((0, 5)),
        np.zeros(5),
        (),
        np.zeros((0, 0)),
        np.zeros(0),
    )
    x = model.features(units, emb)
    n_feat = x.shape[1]

    def train_head(rows: list[int], labels: list[str], all_labels: Sequence[str]):
        present = sorted(set(labels))
        counts = Counter(labels)
        weight = {lab: (len(labels) / (len(counts) * k)) ** balance for lab, k in counts.items()}
        clf = LogisticRegression(C=c, class_weight=weight, max_iter=max_iter, random_state=seed)
        clf.fit(x[rows], labels)
        coef = np.zeros((n_feat, len(all_labels)), dtype=np.float32)
        bias = np.full(len(all_labels), -30.0)  # a label absent from training is never predicted
        for k, lab in enumerate(clf.classes_):
            j = list(all_labels).index(lab)
            if len(present) == 2:  # binary: scikit-learn keeps one row
                sign = 1 if k == 1 else -1
                coef[:, j] = sign * clf.coef_[0] / 2
                bias[j] = sign * clf.intercept_[0] / 2
            else:
                coef[:, j] = clf.coef_[k]
                bias[j] = clf.intercept_[k]
        return coef, bias

    rows5 = [i for i, u in enumerate(units) if u.type5 in TYPES5]
    if "type" in heads:
        model.coef5, model.bias5 = train_head(rows5, [units[i].type5 for i in rows5], TYPES5)
    else:
        model.coef5, model.bias5 = np.zeros((n_feat, 5), np.float32), np.zeros(5)
    sub_rows = [i for i, u in enumerate(units) if u.subtype in SUBTYPES]
    sub_labels = tuple(s for s in SUBTYPES if any(units[i].subtype == s for i in sub_rows))
    model.labels_sub = sub_labels
    if "sub" in heads and len(sub_labels) >= 2:
        model.coef_sub, model.bias_sub = train_head(
            sub_rows, [units[i].subtype for i in sub_rows], sub_labels
        )
    else:
        model.coef_sub, model.bias_sub = (
            np.zeros((n_feat, len(sub_labels)), np.float32),
            np.zeros(len(sub_labels)),
        )
    model.meta = {
        "units": n,
        "type_rows": len(rows5),
        "subtype_rows": len(sub_rows),
        "terms": len(vocab),
        "lex_features": len(lex_vocab),
        "c": c,
        "balance": balance,
        "min_df": min_df,
        "seed": seed,
    }
    return model


# ----------------------------------------------------------------------------------------- run time


def event_units(events: Sequence[Any]) -> list[tuple[int, Unit]]:
    """(index, unit) for each ACLED event of a pipeline result: the unit is the event's evidence
    sentence with the rule events whose evidence is that same sentence (its lexicon block)."""
    by_span: dict[tuple[int, int], list[Any]] = {}
    for e in events:
        if e.evidence is not None and e.event_type:
            by_span.setdefault((e.evidence.start, e.evidence.end), []).append(e)
    return [
        (k, Unit(e.evidence.text, by_span[(e.evidence.start, e.evidence.end)]))
        for k, e in enumerate(events)
        if e.evidence is not None and e.event_type
    ]


def recode(
    events: Sequence[Any],
    model: CoderModel,
    encoder: Any | None,
    type_threshold: float,
    sub_threshold: float,
) -> int:
    """Apply the coder to a result's events in place: an event moves to the coder's type where the
    coder is confident and disagrees, and takes the coder's sub-type where it is confident within the
    (possibly new) type. Each distinct evidence sentence is encoded once. Returns how many events
    changed."""
    units = event_units(events)
    if not units:
        return 0
    texts = sorted({u.text for _, u in units})
    emb = None
    if encoder is not None and model.emb_dim:
        vecs = encoder.encode(texts)
        row = {t: i for i, t in enumerate(texts)}
        emb = vecs[[row[u.text] for _, u in units]]
    changed = 0
    for (k, unit), pred in zip(units, model.predict([u for _, u in units], emb)):
        e = events[k]
        old = (e.event_type, e.sub_event_type)
        # the coder reads a sentence: where another of its events already has the type it reads, that
        # event is what it read ("parliament voted to expel US troops after the US drone strike")
        told = any(type5(x.event_type) == pred.type5 for x in unit.events if x is not e)
        if type5(e.event_type) != pred.type5 and pred.p_type >= type_threshold and not told:
            e.event_type, e.sub_event_type = pred.event_type, pred.sub_event_type
            if e.event_type == "Protests/Riots":  # no sub-type was trained under it: keep ACLED's spelling
                e.event_type = "Protests"
        elif (
            type5(e.event_type) == pred.type5
            and pred.p_sub >= sub_threshold
            and pred.sub_event_type in SUBTYPES
        ):
            e.event_type, e.sub_event_type = SUBTYPES[pred.sub_event_type], pred.sub_event_type
        if (e.event_type, e.sub_event_type) != old:
            e.disorder_type = load_codebook().get(e.event_type, {}).get(e.sub_event_type) or e.disorder_type
            changed += 1
    return changed
