"""Corpus-scale benchmarks (issue: corpus scale): throughput ratios, memory, re-ingest.

    python bench/corpus.py all                     # the three below (~30 min, most of it the 10k ingest)
    python bench/corpus.py throughput [--n 1000]   # bare spaCy vs eventwire 1 process, 2 processes, Ray 2
    python bench/corpus.py rss [--n 1000 10000]    # peak RSS of an ingest (1 process) at each corpus size
    python bench/corpus.py reingest [--n 1000]     # ingest, then the same ingest again

Each prints its figures and writes them to reports/bench-corpus.json (--json PATH to change),
one section per sub-command; ``--repeat R`` keeps the fastest of R runs of each throughput
figure. The corpus is real news from ../shared (GeoWebNews and TimeBank articles, real length),
repeated with distinct ids and a varying last line until it has N articles; without ../shared,
the bundled examples are repeated. Ratios are measured in one run on this machine: on a machine
other jobs share, they are not reliable.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval" / "dev"
REPORT = ROOT / "reports" / "bench-corpus.json"


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


def _save(section: str, figures: dict[str, Any], path: Path) -> None:
    """Merge one sub-command's figures into the JSON report."""
    report = json.loads(path.read_text("utf-8")) if path.exists() else {}
    report[section] = figures | {"measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                                 "load_average": list(os.getloadavg()), "cpus": os.cpu_count()}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"written to {path}")


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (forked workers; not Ray's)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput(n: int, report_path: Path, repeat: int = 1) -> None:
    import spacy

    from eventwire.io.ingest import Problem, read_path
    from eventwire.nlp.parse import load_nlp
    from eventwire.pipeline import extract_articles, warm_up
    from eventwire.runs.parallel import extract_parallel
    from eventwire.settings import current

    notes: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = make_corpus(n, corpus)
        articles = [a for a in read_path(corpus) if not isinstance(a, Problem)]
        texts = [a.text for a in articles]
        nlp = load_nlp()  # eventwire's pipeline (its attribute ruler and lemmatizer are faster than spaCy's)
        # spaCy as it comes, the baseline (in this process it shares load_nlp's one BLAS thread;
        # bench/whole_process.py times it in a process of its own both ways)
        bare_nlp = spacy.load(current().parse.model)
        warm_up()
        timings: dict[str, float] = {}
        cpu: dict[str, float] = {}  # CPU seconds of this process and its forked workers

        def best(name: str, run: Any) -> Any:
            """Time ``run()`` ``repeat`` times; keep the fastest (others' jobs only slow a run down)."""
            result = None
            for _ in range(repeat):
                start, cpu_start = time.perf_counter(), _cpu_seconds()
                result = run()
                seconds = time.perf_counter() - start
                if seconds < timings.get(name, float("inf")):
                    timings[name], cpu[name] = seconds, _cpu_seconds() - cpu_start
            return result

        def one_process() -> int:
            return sum(len(r.events) for r in extract_articles(articles))

        def two_processes() -> int:
            return sum(len(r.events) for r in extract_parallel(articles, 2))

        best("bare spaCy nlp.pipe (1 process)", lambda: sum(1 for _ in bare_nlp.pipe(texts, batch_size=32)))
        best("eventwire's parse alone (1 process)", lambda: sum(1 for _ in nlp.pipe(texts, batch_size=32)))
        events = {"1 process": best("eventwire, 1 process", one_process)}
        events["2 processes"] = best("eventwire, 2 processes", two_processes)
        try:
            import ray

            from eventwire.runs.runs import init_ray, run_ray
        except ImportError:
            ray = None
        if ray is not None:
            start = time.perf_counter()
            init_ray(num_cpus=2)  # the local cluster run_ray would start: one CPU per actor
            notes["ray.init, local cluster (not timed below)"] = time.perf_counter() - start
            small = Path(tmp) / "small.jsonl"
            make_corpus(2, small)
            whole = "eventwire, Ray 2 workers (whole run, actors start in it)"
            outs = iter(range(1_000_000))  # a new output folder for each run

            def ray_run(inputs: Path) -> int:
                return run_ray([inputs], Path(tmp) / f"ray-{next(outs)}", num_workers=2).events

            best("startup", lambda: ray_run(small))
            cpu.pop("startup")
            startup = timings.pop("startup")
            notes["Ray run of 2 articles: actor start-up (pipeline load) and planning"] = startup
            events["Ray 2 workers"] = best(whole, lambda: ray_run(corpus))
            cpu.pop(whole)  # the actors' CPU time is not this process's to count
            ray.shutdown()
            if timings[whole] > startup:
                timings["eventwire, Ray 2 workers (less the 2-article run's time)"] = timings[whole] - startup
    print(f"corpus: {n} articles, {words:,} words; events: {events}")
    if len(set(events.values())) > 1:
        print("the runs found different numbers of events: did the code change while this ran?")
    for name, seconds in notes.items():
        print(f"{name}: {seconds:.1f} s")
    single = timings["eventwire, 1 process"]
    bare = timings["bare spaCy nlp.pipe (1 process)"]
    rows = {}
    for name, seconds in timings.items():
        rows[name] = {"seconds": round(seconds, 2), "words_per_s": round(words / seconds),
                      "x_bare": round(bare / seconds, 3), "x_single": round(single / seconds, 3)}  # fmt: skip
        if name in cpu:
            rows[name]["cpu_s"] = round(cpu[name], 2)
        print(
            f"{name:58s} {words / seconds:9,.0f} words/s  "
            f"×{bare / seconds:5.2f} bare  ×{single / seconds:5.2f} single"
            + (f"  (CPU {cpu[name]:.0f} s in {seconds:.0f} s)" if name in cpu else "")
        )
    for name, processes in (("eventwire, 1 process", 1), ("eventwire, 2 processes", 2)):
        cores = cpu[name] / timings[name]
        if cores < 0.9 * processes:
            print(f"{name} had {cores:.2f} cores' CPU time: other jobs held the cores, ratios not reliable")
    figures = {"articles": n, "words": words, "repeat": repeat, "events": events, "timings": rows,
               "notes_s": {k: round(v, 2) for k, v in notes.items()}}  # fmt: skip
    _save("throughput", figures, report_path)


_CHILD = """
import json, resource, sys, time
from eventwire.io.corpus import ingest
from eventwire.store.store import Store

def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))

samples = []
def sample(report):
    done = report.processed + report.skipped
    if done % 1000 == 0:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        samples.append((done, rss(), peak))
        print("articles, RSS MB, peak RSS MB:", *samples[-1], file=sys.stderr, flush=True)

t = time.perf_counter()
with Store(sys.argv[2]) as s:
    ingest([sys.argv[1]], s, n_process=1, on_article=sample)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": peak, "samples": samples}))
"""


def _ingest(corpus: Path, db: Path) -> dict[str, Any]:
    """Run an ingest (one process) in a child; its time, peak RSS, and RSS every 1,000 articles."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(db)], stdout=subprocess.PIPE,
                         text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def rss(sizes: list[int], report_path: Path) -> None:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"c{n}.jsonl"
            make_corpus(n, corpus)
            run = _ingest(corpus, Path(tmp) / f"c{n}.duckdb")
            figures[str(n)] = run
            print(f"{n:6d} articles: peak RSS {run['peak_mb']} MB, {run['seconds']:.0f} s")
    if len(sizes) > 1:
        first, last = figures[str(sizes[0])]["peak_mb"], figures[str(sizes[-1])]["peak_mb"]
        figures["growth"] = round(last / first - 1, 4)
        print(f"peak RSS at {sizes[-1]} articles / at {sizes[0]}: {last / first:.3f} (floor: at most 1.10)")
    _save("rss", figures, report_path)


def reingest(n: int, report_path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.jsonl"
        make_corpus(n, corpus)
        first = _ingest(corpus, Path(tmp) / "c.duckdb")["seconds"]
        second = _ingest(corpus, Path(tmp) / "c.duckdb")["seconds"]
        print(
            f"{n} articles: first ingest {first:.1f} s, re-ingest {second:.2f} s "
            f"({first / second:.0f}× faster)"
        )
    _save("reingest", {"articles": n, "first_s": round(first, 2), "again_s": round(second, 2)}, report_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["all", "throughput", "rss", "reingest"])
    parser.add_argument("--n", type=int, nargs="+", default=None)
    parser.add_argument("--repeat", type=int, default=1, help="throughput: best of R runs of each")
    parser.add_argument("--json", type=Path, default=REPORT, help="report file (default: %(default)s)")
    args = parser.parse_args()
    if args.what in ("all", "throughput"):
        throughput((args.n or [1000])[0], args.json, args.repeat)
    if args.what in ("all", "rss"):
        rss(args.n or [1000, 10000], args.json)
    if args.what in ("all", "reingest"):
        reingest((args.n or [1000])[0], args.json)


if __name__ == "__main__":
    main()
