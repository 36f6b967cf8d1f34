"""Compare the CPU routes to all-MiniLM-L6-v2 sentence embeddings: load time, speed, agreement.

Routes (each skipped, with the reason, where what it needs is not installed):

* ``numpy``: :class:`eventwire.learn.encoder.MiniLM` (NumPy forward pass, tokenizers WordPiece);
* ``onnx`` / ``onnx-int8``: onnxruntime over a graph built by ``scripts/build_onnx.py`` (``--onnx PATH``);
* ``static``: :class:`eventwire.learn.encoder.StaticEncoder`, distilled by ``scripts/distill_static.py``
  (``--static PATH``).

For each: model load time (a fresh process), sentences/s on short sentences with 1 and 2 threads,
the published similarity matrix of the sentence-transformers README (``The weather is lovely
today.`` / ``It's so sunny outside!`` / ``He drove to the stadium.``: 0.6660, 0.1046, 0.1411),
paraphrase-versus-unrelated similarities of event sentences, and the mean cosine to the NumPy
route's embeddings. Runs from any Python with NumPy and tokenizers (it loads encoder.py by path).

    python bench/encoder_routes.py [--onnx minilm.onnx] [--static minilm-static.npz] [--json OUT]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (
    ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."],
    {(0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411},
)
# (paraphrase pair, an unrelated sentence): the pair should be closer than either is to the third
PARAPHRASES = [
    (
        "Police fired tear gas at protesters in the capital.",
        "Officers used tear gas to disperse demonstrators in the city.",
        "The central bank kept interest rates unchanged.",
    ),
    (
        "Gunmen killed three villagers in an overnight raid.",
        "Three residents of the village were shot dead by armed men at night.",
        "The football team won the championship final.",
    ),
    (
        "An airstrike hit a market, killing 12 people.",
        "Twelve people died when a warplane bombed a marketplace.",
        "Farmers harvested a record wheat crop this year.",
    ),
    (
        "Soldiers clashed with rebels near the border.",
        "Troops fought insurgents close to the frontier.",
        "The museum opened a new exhibition of paintings.",
    ),
]
SENTENCES = [  # short news sentences of the kind the pipeline encodes (one event each)
    "Police arrested 14 people after clashes at a rally in the city centre on Friday.",
    "Unidentified gunmen attacked a police post overnight, killing two officers.",
    "Hundreds of teachers marched to parliament demanding higher wages.",
    "A roadside bomb exploded near a military convoy, wounding four soldiers.",
    "The army said it had retaken the town from the militants after three days of fighting.",
    "Residents set fire to a police station after a suspect died in custody.",
    "Two civilians were killed when shells hit a residential area.",
    "The rebel group announced a ceasefire ahead of peace talks.",
]


def encoder_module():
    """eventwire/learn/encoder.py alone (NumPy only): no spaCy needed in this process."""
    path = ROOT / "eventwire" / "learn" / "encoder.py"
    spec = importlib.util.spec_from_file_location("eventwire_learn_encoder", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def make(route: str, args, threads: int = 1):
    enc = encoder_module()
    if route == "numpy":
        return enc.MiniLM.from_package()
    if route in ("onnx", "onnx-int8"):  # a graph of --onnx, else eventwire's cached one
        int8 = str(Path(args.onnx).with_suffix(".int8.onnx")) if args.onnx else None
        path = args.onnx if route == "onnx" else int8
        return enc.OnnxMiniLM.from_package(int8=route == "onnx-int8", threads=threads, graph=path)
    return enc.StaticEncoder.load(args.static)


def load_seconds(route: str, args) -> float:
    """Import and load in a fresh process (the file cache is warm: a second start, as in a run)."""
    code = (
        f"import sys,time;t=time.perf_counter();sys.argv=sys.argv[:1]+{sys.argv[1:]!r};"
        f"import encoder_routes as b;a=b.parse();b.make({route!r},a);print(time.perf_counter()-t)"
    )
    env_path = str(Path(__file__).parent)
    best = []
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=env_path,
            check=True,
        )
        best.append(float(out.stdout.strip().splitlines()[-1]))
    return min(best)


def speed(model, texts: list[str], threads: int, batch: int) -> float:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        threadpool_limits = None
    model.encode(texts[:8])
    t = time.perf_counter()
    if threadpool_limits is not None:
        with threadpool_limits(threads):
            model.encode(texts, batch_size=batch)
    else:
        model.encode(texts, batch_size=batch)
    return len(texts) / (time.perf_counter() - t)


def checks(model, reference: np.ndarray | None, texts: list[str]) -> dict:
    e = model.encode(REFERENCE[0])
    sims = {f"{i}-{j}": round(float(e[i] @ e[j]), 4) for (i, j) in REFERENCE[1]}
    err = max(abs(float(e[i] @ e[j]) - v) for (i, j), v in REFERENCE[1].items())
    para_ok, margins = 0, []
    for a, b, c in PARAPHRASES:
        v = model.encode([a, b, c])
        close, far = float(v[0] @ v[1]), max(float(v[0] @ v[2]), float(v[1] @ v[2]))
        para_ok += close > far
        margins.append(close - far)
    out = {
        "reference_sims": sims,
        "reference_max_error": round(err, 4),
        "paraphrases_ranked_right": f"{para_ok}/{len(PARAPHRASES)}",
        "paraphrase_margin": round(float(np.mean(margins)), 3),
    }
    if reference is not None and getattr(model, "dim", 384) == reference.shape[1]:
        out["cosine_to_numpy_route"] = round(float((model.encode(texts) * reference).sum(1).mean()), 4)
    return out


def pipeline_cost(args, routes: list[str], limit: int = 100) -> dict:
    """Encoding the event sentences of news articles against a bare spaCy ``nlp.pipe`` of the same texts
    (GeoWebNews from ../shared, else the bundled examples), one thread, in this process."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from threadpoolctl import threadpool_limits
    from throughput import default_texts

    from eventwire.io.ingest import make_article
    from eventwire.nlp.parse import load_nlp
    from eventwire.pipeline import extract_articles

    texts = default_texts(limit)
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))
    with threadpool_limits(1):
        t = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        spacy_s = time.perf_counter() - t
        results = list(
            extract_articles(make_article(x, id=str(i), published="2024-01-15") for i, x in enumerate(texts))
        )
        sentences = sorted(
            {(r.id, e.evidence.text) for r in results for e in r.events if e.evidence and e.event_type}
        )
        out = {"articles": len(texts), "spacy_pipe_s": round(spacy_s, 2), "event_sentences": len(sentences)}
        for route in routes:
            model = make(route, args, 1)
            model.encode([x for _, x in sentences[:8]])
            t = time.perf_counter()
            model.encode([x for _, x in sentences], batch_size=32)
            dt = time.perf_counter() - t
            out[route] = {"encode_s": round(dt, 2), "share_of_spacy": round(dt / spacy_s, 3)}
    return out


def parse():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--onnx", help="graph from scripts/build_onnx.py (its .int8.onnx beside it is used too)")
    ap.add_argument("--static", help=".npz from scripts/distill_static.py")
    ap.add_argument("--routes", default="numpy,onnx,onnx-int8,static")
    ap.add_argument("--n", type=int, default=256, help="sentences timed")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument(
        "--pipeline-cost", action="store_true", help="also time the event sentences of news articles"
    )
    return ap.parse_args()


def main() -> None:
    args = parse()
    enc = encoder_module()
    texts = (SENTENCES * (args.n // len(SENTENCES) + 1))[: args.n]
    reference = None
    if enc.available():
        reference = enc.MiniLM.from_package().encode(texts)
    results = {}
    for route in args.routes.split(","):
        needs = {"numpy": enc.available(), "static": bool(args.static)}
        if route.startswith("onnx"):
            needs[route] = bool(args.onnx) and importlib.util.find_spec("onnxruntime") is not None
        if not needs.get(route, False):
            need = {"static": "--static"}.get(
                route, "onnxruntime and --onnx" if route.startswith("onnx") else ""
            )
            print(f"{route}: skipped (needs {need or 'the weights package'})")
            continue
        row = {"load_s": round(load_seconds(route, args), 2)}
        for threads in (1, 2):
            model = make(route, args, threads)
            row[f"sent_per_s_{threads}t"] = round(speed(model, texts, threads, batch=32), 1)
        row |= checks(model, reference, texts)
        results[route] = row
        print(route, json.dumps(row), flush=True)
    if args.pipeline_cost:
        results["pipeline_cost"] = pipeline_cost(args, list(results))
        print("pipeline_cost", json.dumps(results["pipeline_cost"]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
