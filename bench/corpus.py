"""Corpus-scale benchmarks (issue: corpus scale): throughput ratios, memory, re-ingest.

    python bench/corpus.py throughput [--n 1000]   # bare spaCy vs eventwire 1 process, 2 processes, Ray 2
    python bench/corpus.py rss [--n 1000 10000]    # peak RSS of `eventwire ingest` at each corpus size
    python bench/corpus.py reingest [--n 1000]     # ingest, then the same ingest again

The corpus is real news from ../shared (GeoWebNews and TimeBank articles, real length),
repeated with distinct ids and a varying last line until it has N articles; without ../shared,
the bundled examples are repeated. Ratios are measured in one run on this machine.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval" / "dev"


def base_texts() -> list[str]:
    texts: list[str] = []
    gwn = SHARED / "geoparsing" / "GWN.xml.gz"
    if gwn.exists():
        xml = gzip.decompress(gwn.read_bytes()).decode("utf-8")
        texts += [
            html.unescape(re.sub(r"\s+", " ", t)).strip()
            for t in re.findall(r"<text>(.*?)</text>", xml, re.S)
        ]
    timebank = SHARED / "timebank.tar.gz"
    if timebank.exists():
        with tarfile.open(timebank) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.endswith(".tml"):
                    raw = tar.extractfile(member).read().decode("utf-8", "replace")
                    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
                    if body:
                        texts.append(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body.group(1))).strip())
    if not texts:
        texts = [json.loads(line)["text"] for line in (ROOT / "examples" / "articles.jsonl").open()]
        texts.append((ROOT / "examples" / "somalia-base-attack.txt").read_text("utf-8"))
    return [t for t in texts if len(t) > 300]


def make_corpus(n: int, path: Path) -> int:
    """Write N articles as JSONL; returns the number of words."""
    texts = base_texts()
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = texts[i % len(texts)] + f"\n\nReport {i}."
            words += len(text.split())
            out.write(json.dumps({"id": f"bench-{i}", "text": text, "published": "2024-03-01"}) + "\n")
    return words


def throughput(n: int) -> None:
    from eventwire.ingest import Problem, read_path
    from eventwire.parallel import extract_parallel
    from eventwire.parse import load_nlp
    from eventwire.pipeline import extract_articles, warm_up

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = make_corpus(n, corpus)
        articles = [a for a in read_path(corpus) if not isinstance(a, Problem)]
        texts = [a.text for a in articles]
        nlp = load_nlp()
        warm_up()
        timings: dict[str, float] = {}
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        timings["bare spaCy nlp.pipe (1 process)"] = time.perf_counter() - start
        start = time.perf_counter()
        events1 = sum(len(r.events) for r in extract_articles(articles))
        timings["eventwire, 1 process"] = time.perf_counter() - start
        start = time.perf_counter()
        events2 = sum(len(r.events) for r in extract_parallel(articles, 2))
        timings["eventwire, 2 processes"] = time.perf_counter() - start
        try:
            import ray

            from eventwire.runs import run_ray

            start = time.perf_counter()
            ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            startup = time.perf_counter() - start  # a cluster is normally up already: timed apart
            start = time.perf_counter()
            report = run_ray([corpus], Path(tmp) / "ray", num_workers=2)
            timings["eventwire, Ray 2 workers (running cluster)"] = time.perf_counter() - start
            ray.shutdown()
            print(f"Ray local cluster start-up: {startup:.1f} s (not in the figure below)")
            events3 = report.events
        except ImportError:
            events3 = None
    print(f"corpus: {n} articles, {words:,} words; events: {events1} / {events2} / {events3}")
    single = timings["eventwire, 1 process"]
    bare = timings["bare spaCy nlp.pipe (1 process)"]
    for name, seconds in timings.items():
        print(
            f"{name:45s} {words / seconds:9,.0f} words/s  "
            f"×{bare / seconds:5.2f} bare  ×{single / seconds:5.2f} single"
        )


def _ingest(corpus: Path, db: Path) -> tuple[float, int]:
    """Run `eventwire ingest` in a child; (seconds, peak RSS of the child in MB)."""
    code = (
        "import resource, sys, time; from eventwire.corpus import ingest; from eventwire.store import Store\n"
        "t = time.perf_counter()\n"
        "with Store(sys.argv[2]) as s: ingest([sys.argv[1]], s, n_process=1)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(db)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def rss(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"c{n}.jsonl"
            make_corpus(n, corpus)
            seconds, peak = _ingest(corpus, Path(tmp) / f"c{n}.duckdb")
            print(f"{n:6d} articles: peak RSS {peak} MB, {seconds:.0f} s")


def reingest(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.jsonl"
        make_corpus(n, corpus)
        first, _ = _ingest(corpus, Path(tmp) / "c.duckdb")
        second, _ = _ingest(corpus, Path(tmp) / "c.duckdb")
        print(
            f"{n} articles: first ingest {first:.1f} s, re-ingest {second:.2f} s "
            f"({first / second:.0f}× faster)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["throughput", "rss", "reingest"])
    parser.add_argument("--n", type=int, nargs="+", default=None)
    args = parser.parse_args()
    if args.what == "throughput":
        throughput((args.n or [1000])[0])
    elif args.what == "rss":
        rss(args.n or [1000, 10000])
    else:
        reingest((args.n or [1000])[0])


if __name__ == "__main__":
    main()
