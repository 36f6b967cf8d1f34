"""The commands that learn from coded data: ``learn`` (actors and places), ``train acled`` and
``train coder``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from .common import LIMIT, REPORT, err, fail, print_json


def learn(
    exports: Annotated[list[Path], typer.Argument(help="ACLED-format CSV(.gz) exports, e.g. your own.")],
    name: Annotated[str | None, typer.Option(help="The layer's name (default: the first export's).")] = None,
) -> None:
    """Learn actors and places from coded exports into a layer of your own (the learned.user_dir
    setting), read by every later run: their actor names and aliases, towns, coordinates and divisions."""
    from ..learn.layers import learn_layer

    result = learn_layer(list(exports), name=name)
    print_json({k: v for k, v in result.items() if k != "files"})
    err.print(f"layer written to {result['layer']}", highlight=False, markup=False)


def train_acled(
    path: Path,
    out: Annotated[Path, typer.Option(help="Where to write the model (.json.gz).")],
    folds: Annotated[int, typer.Option(help="Cross-validation folds over notes.")] = 5,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength.")] = 1.0,
    limit: LIMIT = None,
    report: REPORT = None,
) -> None:
    """ACLED-format CSV(.gz), e.g. your own ACLED export: learn event types from its notes.

    Use the model with a settings file holding `[events] type_model = "PATH"`.
    """
    from ..evaluate.common import write_report
    from ..training import train

    if not path.exists():
        raise fail(f"{path}: no such file or directory")
    result = train(path, out, folds=folds, c=c, limit=limit)
    target = write_report(result, report or Path("reports") / "train-acled.json")
    summary = {  # the headline figures; the tables by threshold stay in the report
        k: {n: x for n, x in v.items() if n != "by_threshold"} if isinstance(v, dict) else v
        for k, v in result.items()
    }
    print_json(summary)
    err.print(f"model written to {out}; report written to {target}", highlight=False, markup=False)


def train_coder(
    exports: Annotated[list[Path], typer.Argument(help="ACLED-format CSV(.gz) exports, e.g. your own.")],
    out: Annotated[Path, typer.Option(help="Where to write the model (.npz).")],
    encoder: Annotated[
        str, typer.Option(help="Sentence encoder: onnx-int8 (the shipped model's), onnx, minilm or none.")
    ] = "onnx-int8",
    cache: Annotated[
        Path | None, typer.Option(help="Folder that keeps the notes' rule events and embeddings.")
    ] = None,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength.")] = 1.0,
    balance: Annotated[float, typer.Option(help="Class weight exponent (1: fully balanced).")] = 0.5,
) -> None:
    """Train the event coder (types and sub-types) on any list of coded exports.

    Use the model with a settings file holding `[events] coder_model = "PATH"`; the shipped one is
    trained on every export in ../shared by scripts/train_coder.py with the same steps.
    """
    from ..learn.train_coder import ENCODERS, load_notes, train

    missing = [p for p in exports if not p.is_file()]
    if missing:
        raise fail(f"{missing[0]}: no such file or directory")
    if encoder not in ENCODERS or encoder == "static":
        raise fail(f"--encoder {encoder}: one of onnx-int8, onnx, minilm, none")

    def log(message: str) -> None:
        err.print(message, highlight=False, markup=False)

    from ..learn.encoder import EncoderUnavailable

    try:
        notes, emb = load_notes(exports, encoder=encoder, cache=cache, log=log)
    except (EncoderUnavailable, ImportError) as e:  # the weights package or onnxruntime missing
        raise fail(f"--encoder {encoder}: cannot load it ({e}); --encoder none trains without it") from None
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise fail(f"cannot read the exports as ACLED-format CSV(.gz): {e}") from None
    if len({n.type5 for n in notes}) < 2:
        raise fail("the exports hold fewer than two event types with notes: nothing to learn")
    model = train(notes, emb, out, encoder=encoder, c=c, balance=balance, seed=13)
    print_json(model.meta)
    err.print(f"model written to {out}", highlight=False, markup=False)
