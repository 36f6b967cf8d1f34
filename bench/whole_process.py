"""Whole-process cost of eventwire against a bare spaCy ``nlp.pipe`` over the same news texts.

    python bench/whole_process.py [--n 100] [--runs 3] [--variant NAME=SETTINGS.toml ...]

Writes N real news articles (GeoWebNews from ../shared, else the bundled examples) to one JSONL
file, then runs, alternately and each under ``/usr/bin/time``: ``eventwire extract --jsonl FILE
--format jsonl`` (output discarded), and a bare Python process that loads the same spaCy model and
runs ``nlp.pipe`` over the same texts: once as spaCy comes (BLAS with its default
threads) and once with the BLAS threads of eventwire's settings (``[parse] blas_threads``).
Start-up (imports, model and data loading) counts in both; the warm-up may write eventwire's bytecode
caches, as any installed package has them (``--no-bytecode``: not even where PYTHONDONTWRITEBYTECODE
is set, so each process compiles eventwire's modules again, ~0.15 s). Each ``--variant`` adds one more
eventwire process per round, run with that settings file (``eventwire --settings``): the trained
coder turned on, for instance, against the shipped defaults.
Prints each run's wall time and peak RSS, the fastest of each, and the throughput ratios
(spaCy time / eventwire time: 1.0 is as fast as parsing alone; against spaCy as it comes, and
against spaCy with the same BLAS threads, which is eventwire's own cost); writes them to
reports/bench-whole-process.json. Run it on an idle machine: the ratio is what matters.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import default_texts  # noqa: E402

BARE = """
import json, sys, spacy
from threadpoolctl import threadpool_limits
if int(sys.argv[4]) > 0:
    threadpool_limits(limits=int(sys.argv[4]), user_api="blas")
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2])
for _ in nlp.pipe(texts, batch_size=int(sys.argv[3])):
    pass
"""


ENV = dict(os.environ)


def timed(name: str, cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of ``cmd`` under /usr/bin/time; output discarded;
    the figures also go to stderr under ``name`` as they come."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "TIME %e %U %S %M", *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    if done.returncode:
        raise SystemExit(f"{cmd[0]} failed:\n{done.stderr[-2000:]}")
    wall, user, system, rss = re.findall(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", done.stderr)[-1]
    figures = float(wall), round(float(user) + float(system), 2), int(rss) // 1024
    print(f"{name}: {figures[0]} s wall, {figures[1]} s CPU, {figures[2]} MB", file=sys.stderr, flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=str(ROOT / "reports" / "bench-whole-process.json"))
    parser.add_argument("--variant", action="append", default=[], help="NAME=SETTINGS.toml: eventwire so set")
    parser.add_argument(
        "--no-bytecode", action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE as set: eventwire's modules are then compiled in every process "
        "(by default the runs may write bytecode caches, as every installed package has them)",
    )  # fmt: skip
    args = parser.parse_args()
    if not args.no_bytecode:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    variants = dict(v.split("=", 1) for v in args.variant)

    from eventwire.settings import current

    texts = default_texts(args.n)
    model, batch = current().parse.model, str(current().parse.batch_size)
    eventwire = str(Path(sys.executable).with_name("eventwire"))
    threads = str(current().parse.blas_threads)
    runs: dict[str, list[tuple[float, float, int]]] = {"eventwire": [], "spacy": [], "spacy_same_threads": []}
    runs |= {f"eventwire[{name}]": [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        lines = (
            json.dumps({"id": str(i), "text": t, "published": "2024-01-15"}) for i, t in enumerate(texts)
        )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        extract = [eventwire, "extract", "--jsonl", str(path), "--format", "jsonl"]
        timed("warm-up (caches, page cache)", extract)
        for name, settings in variants.items():
            timed(f"warm-up [{name}]", [eventwire, "--settings", settings, *extract[1:]])
        for _ in range(args.runs):
            runs["eventwire"].append(timed("eventwire", extract))
            for name, settings in variants.items():
                variant = [eventwire, "--settings", settings, *extract[1:]]
                runs[f"eventwire[{name}]"].append(timed(f"eventwire[{name}]", variant))
            runs["spacy"].append(timed("spacy", [sys.executable, "-c", BARE, str(path), model, batch, "0"]))
            runs["spacy_same_threads"].append(
                timed("spacy_same_threads", [sys.executable, "-c", BARE, str(path), model, batch, threads])
            )
    best = {name: min(r[0] for r in rs) for name, rs in runs.items()}
    report = {
        "articles": len(texts),
        "runs": {
            name: [{"wall_s": w, "cpu_s": c, "peak_rss_mb": m} for w, c, m in rs] for name, rs in runs.items()
        },
        "fastest_s": best,
        "throughput_ratio": round(best["spacy"] / best["eventwire"], 3),
        "time_ratio": round(best["eventwire"] / best["spacy"], 3),
        "throughput_ratio_same_blas_threads": round(best["spacy_same_threads"] / best["eventwire"], 3),
        "variants_throughput_ratio": {
            name: round(best["spacy"] / best[f"eventwire[{name}]"], 3) for name in variants
        },
        "median_round_throughput_ratio": {  # spaCy / eventwire within each round, the median of the rounds
            name: round(statistics.median(s[0] / e[0] for s, e in zip(runs["spacy"], rs, strict=True)), 3)
            for name, rs in runs.items()
            if name.startswith("eventwire")
        },
        "bytecode_written": not args.no_bytecode,
        "fastest_cpu_s": {name: min(r[1] for r in rs) for name, rs in runs.items()},
        "peak_rss_mb": {name: max(r[2] for r in rs) for name, rs in runs.items()},
    }
    print(json.dumps(report, indent=1))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
