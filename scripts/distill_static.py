"""Distil a static sentence encoder (model2vec-style) from all-MiniLM-L6-v2, with NumPy only (no torch).

Each WordPiece vocabulary entry is run through the encoder alone (``[CLS] token [SEP]``, the NumPy
forward pass of :class:`eventwire.learn.encoder.MiniLM`) and mean-pooled; the vectors are reduced by
PCA and weighted as model2vec does (SIF weighting with the vocabulary rank as a Zipf frequency
proxy), then stored as float16 with the tokenizer in one .npz that
:class:`eventwire.learn.encoder.StaticEncoder` reads. Deterministic: same package, same file.

    python scripts/distill_static.py /tmp/learn-cache/minilm-static.npz [--dims 256]
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventwire.learn.encoder import MiniLM, weights_zip  # noqa: E402

SIF_COEFFICIENT = 1e-4  # model2vec's default


def token_vectors(model: MiniLM, batch: int = 512) -> np.ndarray:
    """The mean-pooled embedding of each vocabulary entry encoded alone (not normalised)."""
    vocab = model.word.shape[0]
    out = np.zeros((vocab, model.dim), dtype=np.float32)
    for start in range(0, vocab, batch):
        ids = np.arange(start, min(start + batch, vocab))
        arr = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], axis=1)
        mask = np.ones(arr.shape, dtype=np.float32)
        out[ids] = model.hidden(arr, mask).mean(1)
    return out


def post_process(vectors: np.ndarray, dims: int | None) -> np.ndarray:
    """PCA to ``dims`` and SIF weighting by vocabulary rank (model2vec's recipe)."""
    x = vectors.astype(np.float64)
    if dims and dims < x.shape[1]:
        x = x - x.mean(0)
        _, _, vt = np.linalg.svd(x, full_matrices=False)
        vt *= np.sign(vt[:, :1])  # a fixed sign per component: the same file on every machine
        x = x @ vt[:dims].T
    inv_rank = 1 / np.arange(2, x.shape[0] + 2)
    proba = inv_rank / inv_rank.sum()
    x *= (SIF_COEFFICIENT / (SIF_COEFFICIENT + proba))[:, None]
    return x.astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--dims", type=int, default=256, help="PCA dimensions (0: keep 384)")
    args = ap.parse_args()
    t0 = time.time()
    model = MiniLM.from_package()
    with zipfile.ZipFile(weights_zip()) as zf:
        tokenizer_json = zf.read("tokenizer.json").decode("utf-8")
    vectors = post_process(token_vectors(model), args.dims)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, vectors=vectors.astype(np.float16), tokenizer=np.array(tokenizer_json))
    mb = args.out.stat().st_size / 1e6
    print(f"wrote {args.out}: {vectors.shape[0]} x {vectors.shape[1]}, {mb:.1f} MB, {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
