"""Save, or compare, eventwire's full output on the development data and the bundled examples.

A refactor must not change behaviour: run ``snapshot.py save DIR`` before it and ``snapshot.py
compare DIR`` after; the second exits 1 and lists the first differing article per set when any
output differs. Reads ``../shared`` (absent: those sets are skipped with a message).

    python scripts/snapshot.py save /tmp/snap-before [--sets acled,case,...] [--limit N]
    python scripts/snapshot.py compare /tmp/snap-before
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from eventwire.records import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"


def _acled() -> Iterator[Article]:
    from eventwire.evaluate.acled import as_article, iso_date, read_rows

    seen: dict[str, str] = {}
    for row in read_rows(DEV / "acled_middle_east_2018_dev.csv.gz"):
        text = row.get("notes", "").strip() and row["notes"]
        if text and text not in seen:
            seen[text] = iso_date(row["event_date"]) or ""
    for i, (text, published) in enumerate(seen.items()):
        yield as_article(text, f"acled-{i}", published or None)


def _case() -> Iterator[Article]:
    from eventwire.evaluate.acled import as_article
    from eventwire.evaluate.case2021 import read_snippets

    for r in read_snippets(DEV / "case2021_task2_dev.tsv"):
        if r.get("EventSnippet", "").strip():
            yield as_article(r["EventSnippet"], f"case-{r['id']}", None)


def _gwn() -> Iterator[Article]:
    from eventwire.evaluate.acled import as_article
    from eventwire.evaluate.geoparse import read_articles

    for i, (text, _gold) in enumerate(read_articles(DEV / "geoparsing" / "GWN.xml.gz")):
        yield as_article(text, f"gwn-{i}", None)


def _timebank() -> Iterator[Article]:
    from eventwire.evaluate.acled import as_article
    from eventwire.evaluate.timeml import iter_timeml

    for doc in iter_timeml(DEV / "timebank.tar.gz"):
        dct = doc.dct[:10] if doc.dct and len(doc.dct) >= 10 else None
        yield as_article(doc.text, f"timebank-{doc.id}", dct)


def _polnear() -> Iterator[Article]:
    from eventwire.evaluate.acled import as_article
    from eventwire.evaluate.polnear import load_corpus

    for doc_id, text, _golds in load_corpus(str(DEV / "polnear.tar.gz")):
        yield as_article(text, f"polnear-{doc_id}", None)


def _local() -> Iterator[Article]:
    from eventwire.io.ingest import read_inputs

    inputs = [ROOT / "examples", SHARED / "seed"] if SHARED.exists() else [ROOT / "examples"]
    for item in read_inputs(inputs, published=None):
        if isinstance(item, Article):
            yield item


SETS = {
    "local": _local,
    "acled": _acled,
    "case": _case,
    "gwn": _gwn,
    "timebank": _timebank,
    "polnear": _polnear,
}


def _lines(name: str, limit: int | None) -> Iterator[str]:
    from eventwire.pipeline import extract_articles

    articles = list(SETS[name]())[:limit]
    for result in extract_articles(articles):
        yield json.dumps(result.to_dict(), sort_keys=True, ensure_ascii=False)


def save(out: Path, sets: list[str], limit: int | None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name in sets:
        if name != "local" and not DEV.exists():
            print(f"{name}: skipped, {DEV} is absent")
            continue
        path = out / f"{name}.jsonl.gz"
        n = 0
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            for line in _lines(name, limit):
                fh.write(line + "\n")
                n += 1
        print(f"{name}: {n} articles -> {path}")
    (out / "meta.json").write_text(json.dumps({"sets": sets, "limit": limit}))
    return 0


def compare(saved: Path, sets: list[str] | None) -> int:
    meta = json.loads((saved / "meta.json").read_text())
    bad = 0
    for name in sets or meta["sets"]:
        path = saved / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            before = fh.read().splitlines()
        after = list(_lines(name, meta["limit"]))
        diffs = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        if len(before) != len(after):
            diffs.append(min(len(before), len(after)))
        status = "identical" if not diffs else f"{len(diffs)} of {len(before)} articles differ"
        print(f"{name}: {status}")
        if diffs:
            bad += 1
            i = diffs[0]
            print(f"  first: line {i}\n  before: {before[i][:1500] if i < len(before) else None}")
            print(f"  after:  {after[i][:1500] if i < len(after) else None}")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["save", "compare"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--sets", default=None, help="comma-separated: " + ",".join(SETS))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    sets = args.sets.split(",") if args.sets else None
    if args.mode == "save":
        return save(args.dir, sets or list(SETS), args.limit)
    return compare(args.dir, sets)


if __name__ == "__main__":
    sys.exit(main())
