"""Train the event coder (:mod:`eventwire.learn.coder`) on ACLED-format exports.

``eventwire train coder EXPORT ...`` and ``scripts/train_coder.py`` (the shipped model, with its
validation) share these steps: read the distinct notes of the exports, run eventwire's rules over
each note once (their events are the coder's lexicon block; cached), embed each note once with the
sentence encoder (cached), then fit both heads. Nothing is downloaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import validate as v
from .coder import CoderModel, fit

ENCODERS = ("onnx-int8", "onnx", "minilm", "static", "none")


def encoder_for(kind: str, static: str | Path | None = None, threads: int = 2) -> Any:
    """The sentence encoder named ``kind`` (None for "none"; "static" reads the .npz at ``static``)."""
    from .encoder import MiniLM, OnnxMiniLM, StaticEncoder

    if kind == "none":
        return None
    if kind == "static":
        if static is None:
            raise ValueError("the static encoder needs its .npz file")
        return StaticEncoder.load(static)
    if kind.startswith("onnx"):
        return OnnxMiniLM.from_package(int8=kind == "onnx-int8", threads=threads)
    if kind == "minilm":
        return MiniLM.from_package()
    raise ValueError(f"unknown encoder {kind!r} (one of {', '.join(ENCODERS)})")


def load_notes(
    paths: Sequence[str | Path],
    dev_paths: Sequence[str | Path] = (),
    *,
    encoder: str,
    static: str | Path | None = None,
    cache: Path | None = None,
    log: Callable[[str], None] = print,
) -> tuple[list[v.Note], np.ndarray | None]:
    """The exports' distinct notes with their rule events, and their embeddings (None without an
    encoder); both cached in ``cache`` where given."""
    t0 = time.time()
    notes = v.read_notes(paths, dev_paths)
    log(f"{len(notes)} notes in {len({n.set for n in notes})} sets ({time.time() - t0:.0f} s)")
    v.attach_events(notes, cache / "rule-events.jsonl.gz" if cache else None)
    log(f"rule events attached ({time.time() - t0:.0f} s)")
    model = encoder_for(encoder, static)
    if model is None:
        return notes, None
    name = encoder if encoder != "static" else Path(str(static)).stem
    emb = v.embeddings([n.text for n in notes], model, cache / f"emb-{name}.npz" if cache else None)
    log(f"embeddings {emb.shape} ({time.time() - t0:.0f} s)")
    return notes, emb


def train(
    notes: Sequence[v.Note],
    emb: np.ndarray | None,
    out: str | Path,
    *,
    encoder: str,
    c: float,
    balance: float,
    seed: int,
) -> CoderModel:
    """Fit the coder on every note and write it to ``out`` (.npz)."""
    model = fit([n.unit() for n in notes], emb, c=c, seed=seed, balance=balance)
    model.meta |= {"encoder": encoder, "trained_on": sorted({n.set for n in notes})}
    model.save(out)
    return model


__all__ = ["ENCODERS", "encoder_for", "load_notes", "train"]
