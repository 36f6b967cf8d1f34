"""Train the shipped event coder (eventwire.learn.coder) on every ACLED export in ../shared, reproducibly.

    python scripts/train_coder.py OUT.npz [--encoder minilm|static|none] [--static PATH]
        [--cache DIR] [--validate REPORT.json] [--folds sets,countries] [--ablate] [--baselines]

Steps: read the notes (../shared/eval/train/acled_multi_region.csv.gz and the Middle East dev notes,
old types mapped), run eventwire's pipeline over each note once (rule events, cached in DIR), embed
each note once (cached in DIR), then fit the coder on all of them (fixed seed) and write OUT. With
``--validate`` it first runs the leave-one-set-out and leave-one-country-out validation
(:mod:`eventwire.learn.validate`) and writes the report. Nothing is downloaded; the ACLED rows stay
outside the project (only the model derived from them is written).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.learn import validate as v  # noqa: E402
from eventwire.learn.train_coder import ENCODERS, load_notes, train  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
TRAIN = [SHARED / "train" / "acled_multi_region.csv.gz"]
DEV = [SHARED / "dev" / "acled_middle_east_2018_dev.csv.gz"]
SEED = 13


def load(args) -> tuple[list[v.Note], np.ndarray | None]:
    return load_notes(
        args.train or TRAIN,
        args.dev or DEV,
        encoder=args.encoder,
        static=args.static,
        cache=Path(args.cache),
        log=lambda m: print(m, flush=True),
    )


def validation(notes: list[v.Note], emb: np.ndarray | None, args) -> dict:
    report: dict = {}
    folds = {"sets": v.set_folds(notes), "countries": v.country_folds(notes, args.min_country)}
    group = {"sets": lambda n: n.set, "countries": lambda n: n.country}
    for kind in args.folds.split(","):
        fs = folds[kind]
        out = report.setdefault(kind, {})
        held, preds = v.cross_validate(
            notes, fs, v.coder_predictor(notes, emb, c=args.c, seed=SEED, balance=args.balance), "coder"
        )
        out["coder"] = v.score_parts(held, preds, group[kind])
        if args.predictions:  # held-out predictions (no note text), to study how to combine with the rules
            with open(f"{args.predictions}-{kind}.jsonl", "w") as fh:
                for n, p in zip(held, preds):
                    rules = v.rules_prediction(n, strict=True)
                    gold = {
                        "set": n.set,
                        "country": n.country,
                        "gold5": n.type5,
                        "gold6": n.type6,
                        "gold_sub": n.subtype,
                    }
                    fh.write(json.dumps(gold | p | {f"rule_{k}": r for k, r in rules.items()}) + "\n")
        print(kind, "coder pooled", out["coder"]["pooled"], flush=True)
        if kind == "sets" or args.all_comparisons:
            out["eventwire (lexicon + shipped model)"] = v.score_parts(
                notes, [v.rules_prediction(n) for n in notes], group[kind]
            )
            out["eventwire, first event only"] = v.score_parts(
                notes, [v.rules_prediction(n, strict=True) for n in notes], group[kind]
            )
        if args.baselines and (kind == "sets" or args.all_comparisons):
            held, preds = v.cross_validate(
                notes,
                fs,
                lambda tr, te: v.tfidf_baseline([notes[i] for i in tr], [notes[i] for i in te], SEED),
                "tfidf",
            )
            out["tfidf+lr"] = v.score_parts(held, preds, group[kind])
            print(kind, "tfidf pooled", out["tfidf+lr"]["pooled"], flush=True)
        if args.ablate and kind == "sets":
            for name, weights in v.ablations().items():
                if emb is None and name == "without emb":
                    continue
                # the type head only (the sub-type head is the costly one): 5-type figures
                predictor = v.coder_predictor(
                    notes,
                    emb,
                    block_weights=weights,
                    c=args.c,
                    seed=SEED,
                    balance=args.balance,
                    heads=("type",),
                )
                held, preds = v.cross_validate(notes, fs, predictor, name)
                out[f"coder {name}"] = v.score_parts(held, preds, group[kind])
                print(kind, name, out[f"coder {name}"]["pooled"], flush=True)
        Path(args.validate).write_text(json.dumps(report, indent=1) + "\n")
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="where to write the model (.npz)")
    ap.add_argument("--encoder", default="none", choices=ENCODERS)
    ap.add_argument("--static", help="static encoder .npz (scripts/distill_static.py)")
    ap.add_argument("--cache", default="/tmp/learn-cache", help="rule events and embeddings are cached here")
    ap.add_argument("--train", nargs="*", type=Path, help="ACLED exports (default: ../shared training file)")
    ap.add_argument(
        "--dev", nargs="*", type=Path, help="old-taxonomy exports without a set column (default: dev notes)"
    )
    ap.add_argument("--validate", help="run the validation first and write its report here (JSON)")
    ap.add_argument("--folds", default="sets,countries")
    ap.add_argument(
        "--min-country", type=int, default=2000, help="countries with this many notes are left out in turn"
    )
    ap.add_argument(
        "--ablate", action="store_true", help="also validate the coder without each feature block"
    )
    ap.add_argument("--baselines", action="store_true", help="also validate a TF-IDF + LR baseline")
    ap.add_argument("--all-comparisons", action="store_true", help="baselines on the country folds too")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--balance", type=float, default=0.5, help="class weight exponent (1: fully balanced)")
    ap.add_argument("--predictions", help="write the coder's held-out predictions to PREFIX-FOLDS.jsonl")
    ap.add_argument("--no-model", action="store_true", help="validate only")
    args = ap.parse_args()
    notes, emb = load(args)
    if args.validate:
        validation(notes, emb, args)
    if args.no_model:
        return
    t0 = time.time()
    encoder = args.encoder if args.encoder != "static" else f"static:{Path(args.static).name}"
    train(notes, emb, args.out, encoder=encoder, c=args.c, balance=args.balance, seed=SEED)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, fit {time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
