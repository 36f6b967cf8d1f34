"""Fuzz the input side (issue 18): >= 100,000 generated inputs, and a smaller run through extraction.

    python bench/fuzz_inputs.py                    # ~100k ingest-level inputs + 2,000 extractions
    python bench/fuzz_inputs.py --scale 0.1        # a tenth of each count (a quick look)
    python bench/fuzz_inputs.py --extract 0        # ingest level only
    python bench/fuzz_inputs.py --seed 7 --save /tmp/fuzz-failures

Every input is a mutation of a small hand-written seed (random bytes, lone surrogates, control
characters, NULs, byte-order marks, huge and odd dates, broken XML and HTML, deep nesting, JSON
values of odd types), sent down one input path:

    check_text, validate_iso_date, make_article       one call each; InputError is the only refusal
    jsonl lines   articles_from_jsonl_lines            a few lines at a time
    files         read_path on .txt/.md/.jsonl/.html   written to a temporary folder
    gzip          read_path on .txt.gz/.jsonl.gz/.html.gz (valid, truncated or corrupt gzip)
    html          article_from_html
    feeds         articles_from_feed, entries fetched from a canned fetcher (no network)
    warc          articles_from_warc on WARC files written with warcio, then mutated

A failure is an exception other than InputError (generators: any exception), or an article that
breaks what ingest promises (text not encodable as UTF-8, a NUL, a non-string id, a publication
date outside ingest.PUBLISHED_YEARS). The extraction run sends articles with weird texts and
extreme publication dates (0001-01-01, 9999-12-31, ...; set on the article directly, as a library
caller could) one at a time through ``eventwire.pipeline.extract_articles``; a failure there is an
exception, or an event date that is not ISO (YYYY, YYYY-MM or YYYY-MM-DD). Prints the inputs
tried and the failures per path, and the elapsed time; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gzip
import io
import json
import logging
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.errors import InputError  # noqa: E402
from eventwire.io.ingest import (  # noqa: E402
    PUBLISHED_YEARS,
    Problem,
    article_from_html,
    articles_from_jsonl_lines,
    check_text,
    make_article,
    read_path,
    validate_iso_date,
)
from eventwire.io.sources import articles_from_feed, articles_from_warc  # noqa: E402
from eventwire.records import Article  # noqa: E402

# ---------------------------------------------------------------- seeds

NEWS = (
    "Gunmen Attack Police Post in Northern Nigeria\n\n"
    "KATSINA, March 3, 2024 (Reuters) - Gunmen attacked a police post in Katsina state on Sunday, killing "
    "four officers, police said. The attackers fled into a nearby forest after the raid, a spokesman told "
    "reporters. Last week, a similar attack killed two soldiers, and three weeks ago villagers protested."
)
SENTENCES = [
    "Rebels shelled the town last Friday, killing 12 civilians, officials said.",
    "Police fired tear gas at protesters in Lagos on Monday, injuring 30 people.",
    "Militants bombed a market in Mosul 10000 years ago, killing 20 people, officials said.",
    "Soldiers raided the village 100000 weeks ago and again the previous year, witnesses said.",
    "Troops clashed with insurgents this century and last month, the army said on Tuesday.",
    "Gunmen killed five people 99999999999 days ago in Borno, police said the following day.",
    "An air strike hit a hospital in the 1990s and in the third quarter of 2023, medics said.",
]
PAGE = (
    "<html><head><title>Police post attacked</title>"
    '<meta property="article:published_time" content="2024-03-03T08:00:00Z"></head>'
    "<body><nav>Home | World</nav><article><h1>Police post attacked</h1>"
    f"<p>{NEWS.split(chr(10))[-1]}</p><p>Residents said the town was calm on Monday.</p></article>"
    "<footer>Copyright</footer></body></html>"
)
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    "<item><title>Attack</title><link>https://news.example/a</link>"
    "<pubDate>Sun, 03 Mar 2024 10:00:00 GMT</pubDate></item>"
    "<item><title>Other</title><link>https://news.example/b</link></item></channel></rss>"
)
ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
    '<entry><title>Attack</title><link href="https://news.example/a"/><updated>2024-03-03T10:00:00Z</updated>'
    "</entry></feed>"
)
ODD_DATES = [
    "0001-01-01", "9999-12-31", "0000-00-00", "1899-12-31", "2101-01-01", "2024-02-30", "2024-13-01",
    "99999-01-01", "-2024-01-01", "2024-W05-1", "20240512", "2024-05-12T25:00", "yesterday", "", " ",
    "2024\x00-01-01", "２０２４-01-01", "2024-01-01\ud800", "1e9", "nan",
]  # fmt: skip
ODD_SNIPPETS = [
    "\ud800", "\udfff", "\ud83d", "\x00", "\x0b", "\x1b[2J", "\u2028", "\u202e", "\ufeff", "\uffff",
    "\U0010ffff", "&#x110000;", "&#0;", "&#xD800;", "&#99999999999;", "<![CDATA[", "]]>", "<!--", "-->",
    "<script>", "</p>", "<div" * 3, "\r\n", "\t" * 50, "10000 years ago", "99999999999 days ago",
    "the year 9999", "0001-01-01 -", "March 3, 0001", "12017", "1-W52", "this century",
    "هاجم مسلحون مركزا للشرطة", "Боевики атаковали", "武装分子袭击", "é" * 30,
]  # fmt: skip
ODD_JSON = [
    None, True, False, 0, -1, 1.5, float("inf"), float("nan"), 10**30, "", " ", [], {}, ["a", "b"],
    {"a": 1}, [[[[]]]], "\ud800",
]  # fmt: skip

# ---------------------------------------------------------------- mutations


class Mutator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def text(self, seed: str, rounds: int | None = None) -> str:
        r = self.rng
        out = seed
        for _ in range(rounds if rounds is not None else r.randint(1, 4)):
            at = r.randint(0, len(out))
            choice = r.random()
            if choice < 0.35:
                out = out[:at] + r.choice(ODD_SNIPPETS) + out[at:]
            elif choice < 0.55:
                out = (
                    out[:at] + "".join(chr(r.randint(0, 0x10FFFF)) for _ in range(r.randint(1, 8))) + out[at:]
                )
            elif choice < 0.65:
                out = out[:at]  # truncate
            elif choice < 0.75:
                end = min(len(out), at + r.randint(1, 200))
                out = out[:at] + out[at:end] * r.randint(2, 50) + out[end:]  # repeat a slice
            elif choice < 0.85:
                out = out[:at] + r.choice(ODD_DATES) + out[at:]
            elif choice < 0.92:
                depth = r.choice([10, 300, 3000, 10000])
                out = out[:at] + "<div>" * depth + out[at:] + "</div>" * r.choice([0, depth])
            else:
                out = out[:at] + out[at + r.randint(1, 50) :]  # delete
        return out

    def data(self, seed: bytes, rounds: int | None = None) -> bytes:
        r = self.rng
        out = bytearray(seed)
        for _ in range(rounds if rounds is not None else r.randint(1, 4)):
            at = r.randint(0, len(out))
            choice = r.random()
            if choice < 0.3:
                out[at:at] = r.randbytes(r.randint(1, 16))
            elif choice < 0.45 and out:
                i = r.randrange(len(out))
                out[i] = r.randrange(256)
            elif choice < 0.55:
                out[at:at] = r.choice(
                    [b"\x00", b"\xed\xa0\x80", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3"]
                )
            elif choice < 0.65:
                del out[at:]
            elif choice < 0.75:
                out[at:at] = r.choice(ODD_SNIPPETS).encode("utf-8", "surrogatepass")
            elif choice < 0.85 and out:
                end = min(len(out), at + r.randint(1, 100))
                out[at:end] = bytes(out[at:end]) * r.randint(2, 20)
            else:
                out[0:0] = r.choice([codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b""])
        return bytes(out)

    def json_value(self) -> object:
        r = self.rng
        if r.random() < 0.6:
            return self.text(r.choice([NEWS, SENTENCES[0]]), r.randint(0, 2))
        return r.choice(ODD_JSON + [r.choice(ODD_DATES), "[" * 50, {"text": NEWS}])

    def jsonl_line(self) -> str:
        r = self.rng
        if r.random() < 0.08:
            return r.choice(["[" * 100_000, "{" * 5000, "1" * 5000, "{not json", "", "null", "[1, 2]"])
        obj: dict[str, object] = {}
        if r.random() < 0.7:
            obj["id"] = r.choice([f"id-{r.randint(0, 99)}", r.randint(-5, 10**12), *ODD_JSON])
        if r.random() < 0.97:
            obj["text"] = self.json_value() if r.random() < 0.5 else self.text(NEWS)
        elif r.random() < 0.5:
            obj["html"] = self.text(PAGE) if r.random() < 0.8 else self.json_value()
        for key in ("title", "published", "url", "source"):
            if r.random() < 0.3:
                obj[key] = (
                    r.choice(ODD_DATES) if key == "published" and r.random() < 0.6 else self.json_value()
                )
        line = json.dumps(obj, ensure_ascii=r.random() < 0.5)
        return self.text(line, 1) if r.random() < 0.15 else line


# ---------------------------------------------------------------- checks

ISO_EVENT_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


def broken_promise(article: object) -> str | None:
    """Why an article breaks what ingest promises, or None."""
    if not isinstance(article, Article):
        return f"not an Article: {type(article).__name__}"
    try:
        article.text.encode("utf-8")
        for value in (article.id, article.title, article.url, article.source, article.author):
            if isinstance(value, str):
                value.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate left in the article"
    if "\x00" in article.text:
        return "a NUL in the text"
    if not isinstance(article.id, str) or not article.id:
        return f"id {article.id!r}"
    if article.published is not None:
        try:
            year = date.fromisoformat(article.published).year
        except ValueError:
            return f"published {article.published!r} is not ISO"
        if not PUBLISHED_YEARS[0] <= year <= PUBLISHED_YEARS[1]:
            return f"published {article.published!r} out of range"
    return None


class Tally:
    def __init__(self, save: Path | None) -> None:
        self.tried: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}
        self.save = save

    def run(self, path: str, payload: object, call: Callable[[], object], generator: bool) -> None:
        """Call ``call``; a generator's items must be Articles or Problems, a function's result an
        Article (or None), and InputError is the only refusal allowed."""
        self.tried[path] += 1
        try:
            result = call()
            items = (
                list(result) if generator else ([] if result is None or isinstance(result, str) else [result])
            )
            for item in items:
                if isinstance(item, Problem):
                    continue
                why = broken_promise(item)
                if why:
                    self.fail(path, payload, why)
                    return
        except InputError:
            if generator:
                self.fail(path, payload, "InputError escaped a generator")
        except Exception as err:
            where = traceback.extract_tb(err.__traceback__)[-1]
            self.fail(
                path, payload, f"{type(err).__name__}: {err} [{Path(where.filename).name}:{where.lineno}]"
            )

    def fail(self, path: str, payload: object, why: str) -> None:
        self.failed[path] += 1
        examples = self.examples.setdefault(path, [])
        if len(examples) < 3:
            examples.append(f"{why[:200]} <- {repr(payload)[:160]}")
        if self.save is not None:
            self.save.mkdir(parents=True, exist_ok=True)
            name = f"{path}-{self.failed[path]:05d}"
            data = payload if isinstance(payload, bytes) else repr(payload).encode("utf-8", "surrogatepass")
            (self.save / name).write_bytes(data)


class CannedFetcher:
    """Pages for feed entries without a network: the seed page, mutated now and then."""

    def __init__(self, mutator: Mutator) -> None:
        self.mutator = mutator

    def fetch(self, url: str) -> SimpleNamespace:
        if not url.lower().startswith(("http://", "https://")):
            raise InputError(url, "only http(s) URLs can be fetched")
        r = self.mutator.rng
        content = PAGE.encode() if r.random() < 0.6 else self.mutator.data(PAGE.encode())
        return SimpleNamespace(
            url=url, content=content, content_type=r.choice(["text/html", "text/plain", ""])
        )


def write_warc(path: Path, records: Iterable[tuple[str, bytes, str]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, payload, ctype in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )


# ---------------------------------------------------------------- the paths


def fuzz_ingest(counts: dict[str, int], rng: random.Random, tally: Tally, tmp: Path) -> None:
    m = Mutator(rng)
    for _ in range(counts["check_text"]):
        text = m.text(rng.choice([NEWS, *SENTENCES]))
        tally.run("check_text", text, lambda t=text: check_text(t, "fuzz"), False)
    for _ in range(counts["validate_iso_date"]):
        value = m.text(rng.choice(ODD_DATES + ["2024-03-03"]), rng.randint(0, 2))
        tally.run("validate_iso_date", value, lambda v=value: validate_iso_date(v), False)
    for _ in range(counts["make_article"]):
        text = m.text(rng.choice([NEWS, *SENTENCES]))
        pub = rng.choice([None, *ODD_DATES, "2024-03-03"])
        meta = {k: rng.choice([None, "x\ud800", "ok", m.text("id", 1)]) for k in ("id", "title", "url")}
        tally.run(
            "make_article", text, lambda t=text, p=pub, kw=meta: make_article(t, published=p, **kw), False
        )
    for _ in range(counts["jsonl_lines"]):
        lines = [m.jsonl_line() for _ in range(rng.randint(1, 3))]
        tally.run("jsonl_lines", lines, lambda ls=lines: articles_from_jsonl_lines(ls, "fuzz.jsonl"), True)
    for i in range(counts["files"]):
        suffix = rng.choice([".txt", ".md", ".jsonl", ".txt", ".html"])
        if suffix == ".jsonl":
            data = "\n".join(m.jsonl_line() for _ in range(rng.randint(1, 3))).encode(
                "utf-8", "surrogatepass"
            )
        elif suffix == ".html":
            data = m.data(m.text(PAGE, 1).encode("utf-8", "surrogatepass"))
        else:
            data = m.data(
                rng.choice([NEWS.encode(), NEWS.encode("utf-16"), NEWS.encode("latin-1", "replace")])
            )
        path = tmp / f"f{i % 50}{suffix}"
        path.write_bytes(data)
        tally.run("files", data, lambda p=path: read_path(p), True)
    for i in range(counts["gzip"]):
        suffix = rng.choice([".txt.gz", ".jsonl.gz", ".html.gz"])
        seed = {".txt.gz": NEWS, ".html.gz": PAGE, ".jsonl.gz": m.jsonl_line()}[suffix]
        raw = gzip.compress(m.data(seed.encode("utf-8", "surrogatepass"), rng.randint(0, 3)), compresslevel=1)
        kind = rng.random()
        if kind < 0.3:
            raw = raw[: rng.randint(0, len(raw))]  # truncated
        elif kind < 0.5:
            raw = m.data(raw, 1)  # corrupt
        elif kind < 0.55:
            raw = raw + raw  # two members
        path = tmp / f"g{i % 50}{suffix}"
        path.write_bytes(raw)
        tally.run("gzip", raw, lambda p=path: read_path(p), True)
    for _ in range(counts["html"]):
        html = m.text(PAGE)
        tally.run("html", html, lambda h=html: article_from_html(h, "fuzz.html"), False)
    fetcher = CannedFetcher(m)
    for _ in range(counts["feeds"]):
        body = m.data(m.text(rng.choice([FEED, ATOM]), rng.randint(0, 2)).encode("utf-8", "surrogatepass"))
        tally.run("feeds", body, lambda b=body: articles_from_feed(b, fetcher, origin="fuzz-feed"), True)
    for i in range(counts["warc"]):
        path = tmp / f"w{i % 50}.warc.gz"
        records = []
        for _ in range(rng.randint(0, 3)):
            url = rng.choice(["https://a.example/1", m.text("https://a.example/x", 1).replace("\n", "")])
            payload = rng.choice([PAGE.encode(), m.data(PAGE.encode()), rng.randbytes(rng.randint(0, 200))])
            records.append((url, payload, rng.choice(["text/html", "text/html; charset=utf-8", "image/png"])))
        try:
            write_warc(path, records, gz=rng.random() < 0.8)
        except Exception:  # warcio cannot write every URL: write raw bytes instead
            path.write_bytes(rng.randbytes(rng.randint(0, 300)))
        raw = path.read_bytes()
        if rng.random() < 0.4:
            raw = m.data(raw, rng.randint(1, 3))
            path.write_bytes(raw)
        with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its warnings on stderr
            tally.run("warc", raw, lambda p=path: articles_from_warc(p), True)


def fuzz_extraction(n: int, rng: random.Random, tally: Tally) -> None:
    """Weird texts (cleaned as ingest cleans them) with extreme publication dates set directly."""
    from eventwire.io.ingest import clean_text
    from eventwire.pipeline import extract_articles, warm_up

    warm_up()
    m = Mutator(rng)
    dates = [
        "0001-01-01",
        "9999-12-31",
        "0001-01-07",
        "9999-12-25",
        "1900-01-01",
        "2100-12-31",
        "2024-03-03",
        None,
    ]
    for i in range(n):
        text = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
        if rng.random() < 0.7:
            text = m.text(text, rng.randint(1, 3))
        text = clean_text(text)[:20000]
        if not text.strip():
            text = SENTENCES[0]
        article = Article(id=f"x{i}", text=text, published=rng.choice(dates))
        tally.tried["extract"] += 1
        try:
            (result,) = list(extract_articles([article]))
            bad = [
                e.event_date
                for e in result.events
                if e.event_date and not ISO_EVENT_DATE.fullmatch(e.event_date)
            ]
            if bad:
                tally.fail("extract", article, f"non-ISO event dates {bad}")
        except Exception as err:
            where = traceback.extract_tb(err.__traceback__)[-1]
            tally.fail(
                "extract",
                article,
                f"{type(err).__name__}: {err} [{Path(where.filename).name}:{where.lineno}]",
            )


BASE_COUNTS = {
    "check_text": 20_000,
    "validate_iso_date": 20_000,
    "make_article": 20_000,
    "jsonl_lines": 18_000,
    "files": 10_000,
    "gzip": 6_000,
    "html": 3_000,
    "feeds": 2_500,
    "warc": 2_500,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every ingest-level count")
    parser.add_argument("--extract", type=int, default=2000, help="articles through extraction (0: none)")
    parser.add_argument("--save", type=Path, help="write each failing input into this folder")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    logging.getLogger("warcio").setLevel(logging.ERROR)  # "Replacing spaces in invalid WARC-Target-URI"
    counts = {k: max(1, round(v * args.scale)) for k, v in BASE_COUNTS.items()}
    rng = random.Random(args.seed)
    tally = Tally(args.save)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        fuzz_ingest(counts, rng, tally, Path(tmp))
    ingest_s = time.perf_counter() - start
    extract_s = 0.0
    if args.extract:
        begin = time.perf_counter()
        fuzz_extraction(args.extract, rng, tally)
        extract_s = time.perf_counter() - begin
    rows = [*BASE_COUNTS, *(["extract"] if args.extract else [])]
    print(f"{'path':<20}{'inputs':>10}{'failures':>10}")
    for path in rows:
        print(f"{path:<20}{tally.tried[path]:>10,}{tally.failed[path]:>10,}")
    ingest_total = sum(tally.tried[p] for p in BASE_COUNTS)
    ingest_failed = sum(tally.failed[p] for p in BASE_COUNTS)
    print(f"{'ingest level':<20}{ingest_total:>10,}{ingest_failed:>10,}   {ingest_s:.1f} s")
    if args.extract:
        tried, failed = tally.tried["extract"], tally.failed["extract"]
        print(f"{'extraction':<20}{tried:>10,}{failed:>10,}   {extract_s:.1f} s")
    for path, examples in tally.examples.items():
        for example in examples:
            print(f"  {path}: {example}")
    if args.json:
        figures = {
            "seed": args.seed,
            "inputs": dict(tally.tried),
            "failures": dict(tally.failed),
            "ingest_seconds": round(ingest_s, 1),
            "extract_seconds": round(extract_s, 1),
            "examples": tally.examples,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), "utf-8")
    return 1 if sum(tally.failed.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
