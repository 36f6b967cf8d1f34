"""Throughput of eventwire against a bare spaCy ``nlp.pipe`` over the same texts, as a ratio.

    python bench/throughput.py [DIR_OR_FILES ...] [--limit N] [--repeat R]

Without inputs it reads the GeoWebNews articles in ../shared (real news of real length) when
present, else the bundled examples. Both runs share one loaded model and run on one core in
this process; the ratio is what matters, not the absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GWN = ROOT.parent / "shared" / "eval" / "dev" / "geoparsing" / "GWN.xml.gz"


def default_texts(limit: int) -> list[str]:
    """Article texts from GeoWebNews if ../shared is here, else the bundled examples."""
    if GWN.exists():
        xml = gzip.decompress(GWN.read_bytes()).decode("utf-8")
        texts = [
            html.unescape(re.sub(r"\s+", " ", t)).strip()
            for t in re.findall(r"<text>(.*?)</text>", xml, flags=re.S)
        ]
        return [t for t in texts if len(t) > 200][:limit]
    from eventwire.io.ingest import Problem, read_inputs

    return [a.text for a in read_inputs([ROOT / "examples"]) if not isinstance(a, Problem)][:limit]


def read_texts(inputs: list[str], limit: int) -> list[str]:
    from eventwire.io.ingest import Problem, read_inputs

    return [a.text for a in read_inputs(inputs) if not isinstance(a, Problem)][:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1, help="pass over the texts this many times")
    args = parser.parse_args()

    from eventwire.io.ingest import make_article
    from eventwire.nlp.parse import load_nlp
    from eventwire.pipeline import extract_articles

    texts = read_texts(args.inputs, args.limit) if args.inputs else default_texts(args.limit)
    texts = texts * args.repeat
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    articles = [make_article(t, id=str(i), published="2024-01-15") for i, t in enumerate(texts)]
    list(extract_articles(articles[:5]))  # warm up: gazetteer, lexicons, matchers

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start

    start = time.perf_counter()
    n_events = sum(len(r.events) for r in extract_articles(articles))
    full = time.perf_counter() - start

    print(f"texts: {len(texts)} articles, {words:,} words")
    print(f"bare spaCy nlp.pipe : {words / bare:8,.0f} words/s  ({bare:.1f} s)")
    print(f"eventwire extract   : {words / full:8,.0f} words/s  ({full:.1f} s, {n_events} events)")
    print(f"ratio eventwire / bare spaCy: {bare / full:.2f}")


if __name__ == "__main__":
    main()
