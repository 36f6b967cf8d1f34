"""Hardening of the input side: no input stops a corpus (issue 18, items 1, 6, 9, 10, 11, 12).

One regression test per defect found by fuzzing, then property-based tests (hypothesis) over every
input path: whatever comes in, the result is articles or problems (InputError), never another
exception. No network: feeds and pages come from a canned fetcher.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import tempfile
import tomllib
import tracemalloc
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError, Messages
from eventwire.io.ingest import (
    PUBLISHED_YEARS,
    Problem,
    article_from_html,
    articles_from_jsonl_lines,
    check_text,
    make_article,
    read_path,
    validate_iso_date,
)
from eventwire.io.sources import articles_from_feed, articles_from_warc, iter_sources
from eventwire.records import Article, ArticleResult
from eventwire.resolve import date_span

NEWS = (
    "Gunmen Attack Police Post in Northern Nigeria\n\n"
    "Gunmen attacked a police post in Katsina state on Sunday, killing four officers, police said. "
    "The attackers fled into a nearby forest after the raid, a spokesman told reporters."
)
BODY = NEWS.split("\n\n")[1]
PAGE = f"<html><head><title>Police post attacked</title></head><body><article><p>{BODY}</p></article></body></html>"
ARABIC = (
    "هاجم مسلحون مركزا للشرطة في ولاية كاتسينا يوم الأحد وقتلوا أربعة من رجال الشرطة، حسبما قالت "
    "الشرطة. وفر المهاجمون إلى غابة قريبة بعد الهجوم، وفقا لمتحدث باسم الشرطة تحدث إلى الصحفيين."
)
ISO_EVENT_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


def _only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def _split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def _valid_article(article: Article) -> None:
    """What every article that ingest lets through holds."""
    article.text.encode("utf-8")  # no lone surrogate
    assert "\x00" not in article.text
    assert isinstance(article.id, str) and article.id
    if article.published is not None:
        assert PUBLISHED_YEARS[0] <= date.fromisoformat(article.published).year <= PUBLISHED_YEARS[1]


class CannedFetcher:
    """A fetcher that serves canned bodies by URL (any other http URL: the page; else refused)."""

    def __init__(self, bodies: dict[str, tuple[bytes, str]] | None = None) -> None:
        self.bodies = bodies or {}

    def fetch(self, url: str):
        if not url.lower().startswith(("http://", "https://")):
            raise InputError(url, "only http(s) URLs can be fetched")
        content, ctype = self.bodies.get(url, (PAGE.encode("utf-8"), "text/html"))
        return SimpleNamespace(url=url, content=content, content_type=ctype)

    def feed_entries(self, entries, origin):
        return entries, None  # no cap: the cap itself is tested in test_hardening_cli.py


def _feed(title: str, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link><pubDate>Sat, 02 Mar 2024 10:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode(
        "utf-8", "surrogatepass"
    )


def _warc(path: Path, records: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, payload, ctype in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers
            )
            writer.write_record(record)


def _gzip_stream(path: Path, chunk: bytes, times: int, head: bytes = b"", tail: bytes = b"") -> None:
    """A gzip file of ``head + chunk * times + tail``, written without holding it in memory."""
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(head)
        for _ in range(times):
            out.write(chunk)
        out.write(tail)


def _peak_bytes(fn) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _fake_extraction(monkeypatch, fail_ids: frozenset[str] = frozenset()) -> list[str]:
    """Extraction without the model: every article gives an empty result (with its real text hash),
    except those in ``fail_ids``, which raise. Returns the ids extracted, in order."""
    import eventwire.pipeline as pipeline

    extracted: list[str] = []

    def extract_doc(doc, article):
        if article.id in fail_ids:
            raise RuntimeError("boom")
        extracted.append(article.id)
        return ArticleResult(
            id=article.id, title=article.title, published=article.published, url=article.url,
            source=article.source, published_source=article.published_source,
            text_hash=pipeline.text_hash(article.text),
        )  # fmt: skip

    monkeypatch.setattr(pipeline, "parse", lambda texts, batch_size=None: iter(texts))
    monkeypatch.setattr(pipeline, "extract_doc", extract_doc)
    return extracted


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    return path


# ---------------------------------------------------------------- 1. one bad input never stops a corpus


def test_lone_surrogate_is_replaced_at_ingest():
    line = json.dumps({"text": BODY + " \ud800 end"})  # JSON escapes can carry half a UTF-16 pair
    article = _only(articles_from_jsonl_lines([line], "f.jsonl"))
    assert isinstance(article, Article)
    assert article.text.endswith(" \ufffd end")
    _valid_article(article)


def test_lone_surrogate_does_not_lose_the_flush_batch(tmp_path, monkeypatch):
    from eventwire.io.corpus import ingest
    from eventwire.store.store import Store

    _fake_extraction(monkeypatch)
    path = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": BODY}, {"id": "b", "text": BODY + " \udc80"}])
    with Store() as store:
        report = ingest([path], store, n_process=1)
        assert report.problems == []
        assert sorted(r["id"] for r in store.query("SELECT id FROM articles")) == ["a", "b"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_publication_dates_outside_the_accepted_years_are_refused(value):
    with pytest.raises(InputError) as err:
        validate_iso_date(value)
    assert err.value.reason == Messages.DATE_OUT_OF_RANGE.format(value=value, lo=1900, hi=2100)


@pytest.mark.parametrize("value", ["1900-01-01", "2100-12-31", "2024-05-12T08:00:00Z"])
def test_publication_dates_at_the_edges_are_accepted(value):
    assert validate_iso_date(value) == value[:10]


def test_far_out_dateline_is_no_publication_date():
    article = make_article(
        "0001-01-01 - Gunmen attacked a police post in Katsina state, killing four officers."
    )
    assert article.published is None


DATE_SENTENCES = [
    "Gunmen killed twelve villagers in Kano state this century, police said on Monday.",
    "Rebels attacked the town 10000 years ago, killing 40 people, officials said last week.",
    "Rebels attacked the town in Borno 10000 years later, killing 40 people, officials said.",
    "Soldiers shelled the village 100000 weeks ago, killing 10 civilians, witnesses said next month.",
    "Militants bombed a market in Mosul 800 decades ago and 99999999999 days ago, killing 20 people.",
    "Protesters clashed with police in Lagos last century and the previous year, injuring 30 people.",
]


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "2017-05-10"])
def test_date_arithmetic_never_overflows(nlp, published):
    from eventwire.fields.dates import find_dates

    for sentence in DATE_SENTENCES:
        for mention in find_dates(nlp(sentence), published):
            if mention.value and mention.kind in ("date", "range-start"):
                if mention.precision == "decade":
                    assert re.fullmatch(r"\d{2,3}", mention.value), mention
                else:
                    assert re.match(r"\d{4}(?:$|[-T])", mention.value), mention


@pytest.mark.parametrize(
    ("value", "precision", "span"),
    [
        ("0000", 3, None), ("12017", 3, None), ("9999-12-31", 2, None), ("9999-12", 3, None),
        ("0001-01-01", 1, None), ("2024-02-30", 1, None),
        ("2024-02", 3, (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-12", 3, (date(2023, 12, 1), date(2023, 12, 31))),
        ("2024-03-05", 2, (date(2024, 3, 2), date(2024, 3, 8))),
    ],
)  # fmt: skip
def test_date_span_never_overflows(value, precision, span):
    assert date_span(value, precision) == span


def test_feed_that_cannot_be_parsed_is_a_problem_and_other_feeds_go_on(tmp_path):
    good, bad = "https://good.example/feed", "https://bad.example/feed"
    fetcher = CannedFetcher(
        {
            good: (_feed("Good Wire", ["https://good.example/a"]), "application/rss+xml"),
            bad: (_feed("Bad &#x110000; Wire", ["https://bad.example/a"]), "application/rss+xml"),
        }
    )
    problem = _only(articles_from_feed(fetcher.bodies[bad][0], fetcher, origin=bad))
    assert isinstance(problem, Problem) and problem.origin == bad
    assert problem.reason.startswith("[W117] not a readable feed")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{bad}\n{good}\n", "utf-8")
    articles, problems = _split(iter_sources([], fetcher=fetcher, feed_lists=[feeds]))
    assert [a.url for a in articles] == ["https://good.example/a"]
    assert articles[0].source == "Good Wire"
    assert [p.origin for p in problems] == [bad]


def test_extraction_failure_is_a_problem_for_that_article_and_the_batch_is_stored(tmp_path, monkeypatch):
    from eventwire.io.corpus import ingest
    from eventwire.store.store import Store

    _fake_extraction(monkeypatch, fail_ids=frozenset({"b"}))
    rows = [{"id": i, "text": f"{BODY} Story {i}."} for i in ("a", "b", "c", "d")]
    path = _jsonl(tmp_path / "batch.jsonl", rows)
    with Store() as store:
        report = ingest([path], store, n_process=1)
        stored = sorted(r["id"] for r in store.query("SELECT id FROM articles"))
    assert stored == ["a", "c", "d"]
    assert (report.processed, report.written) == (3, 3)
    problem = _only(report.problems)
    assert problem.origin == f"{path}:2"
    assert problem.reason == Messages.EXTRACT_FAILED.format(id="b", err="RuntimeError: boom")


# ---------------------------------------------------------------- 6. gzip bombs and WARC records


def test_gzip_bomb_text_stops_at_the_byte_cap(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    _gzip_stream(path, b"attack " * 1024 * 16, 600)  # ~70 MB once decompressed
    problem, peak = _peak_bytes(lambda: _only(read_path(path)))
    assert isinstance(problem, Problem)
    assert "after decompression" in problem.reason and "max_chars" in problem.reason
    assert peak < 16_000_000


def test_gzip_bomb_jsonl_line_stops_at_the_line_cap_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    after = json.dumps({"id": "after", "text": BODY})
    _gzip_stream(path, b"a" * (1 << 20), 100, head=b'{"id": "bomb", "text": "', tail=b'"}\n' + after.encode())
    items, peak = _peak_bytes(lambda: list(read_path(path)))
    articles, problems = _split(items)
    assert [a.id for a in articles] == ["after"]
    assert len(problems) == 1 and problems[0].reason.startswith("[W114] line 1: over ")
    assert peak < 60_000_000  # the line alone is 100 MB


def test_warc_record_over_the_cap_is_a_problem_and_the_file_goes_on(tmp_path):
    path = tmp_path / "big.warc.gz"
    huge = b"<html><body><p>" + b"attack " * 1_500_000 + b"</p></body></html>"  # 10.5 MB
    _warc(
        path,
        [("https://a.example/huge", huge, "text/html"), ("https://a.example/ok", PAGE.encode(), "text/html")],
    )
    articles, problems = _split(articles_from_warc(path))
    assert [a.url for a in articles] == ["https://a.example/ok"]
    assert len(problems) == 1 and "after decompression" in problems[0].reason


# ---------------------------------------------------------------- 9. duplicate ids


def test_duplicate_id_with_different_text_keeps_the_first(tmp_path, monkeypatch):
    from eventwire.io.corpus import ingest
    from eventwire.store.store import Store

    extracted = _fake_extraction(monkeypatch)
    first, second = BODY, BODY.replace("four", "five")
    path = _jsonl(tmp_path / "dup.jsonl", [{"id": "a", "text": first}, {"id": "a", "text": second}])
    with Store() as store:
        report = ingest([path], store, n_process=1)
        assert store.query("SELECT text FROM articles") == [{"text": first}]
        assert (report.written, extracted) == (1, ["a"])
        assert [p.reason for p in report.problems] == [Messages.DUPLICATE_ID.format(id="a")]
        assert report.problems[0].origin == f"{path}:2"
        again = ingest([path], store, n_process=1)  # a re-run extracts nothing and keeps the first
        assert (again.processed, again.written, again.skipped, extracted) == (0, 0, 1, ["a"])
        assert len(again.problems) == 1
        assert store.query("SELECT text FROM articles") == [{"text": first}]


# ---------------------------------------------------------------- 10. encodings, NULs, JSON types, deep HTML, dates


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path, encoding):
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }
    path = tmp_path / "wide.txt"
    path.write_bytes(bom[encoding] + NEWS.encode(encoding))
    article = _only(read_path(path))
    assert isinstance(article, Article) and article.text == NEWS


def test_utf16_jsonl_with_a_bom_is_read(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + json.dumps({"id": "w", "text": BODY}).encode("utf-16-le"))
    article = _only(read_path(path))
    assert isinstance(article, Article) and (article.id, article.text) == ("w", BODY)


@pytest.mark.parametrize("name", ["late.txt", "late.jsonl"])
def test_nul_anywhere_makes_a_file_binary(tmp_path, name):
    filler = json.dumps({"id": "x", "text": BODY}) + "\n" if name.endswith(".jsonl") else BODY + "\n"
    path = tmp_path / name
    path.write_bytes((filler * 200).encode() + b"\x00" + filler.encode())  # the NUL lies past 8 KB
    problem = _only(read_path(path))
    assert isinstance(problem, Problem) and problem.reason == Messages.BINARY


@pytest.mark.parametrize(
    ("row", "field", "got"),
    [
        ({"text": 12345678901234567890}, "text", "int"),
        ({"text": [BODY]}, "text", "list"),
        ({"text": {"body": BODY}}, "text", "dict"),
        ({"html": [PAGE]}, "html", "list"),
        ({"id": ["a", "b"], "text": BODY}, "id", "list"),
        ({"id": {"a": 1}, "text": BODY}, "id", "dict"),
        ({"id": 1.5, "text": BODY}, "id", "float"),
        ({"id": True, "text": BODY}, "id", "bool"),
        ({"id": "", "text": BODY}, "id", "an empty string"),
    ],
)
def test_jsonl_fields_of_the_wrong_type_are_refused_naming_the_line(row, field, got):
    lines = [json.dumps({"id": "ok", "text": BODY}), json.dumps(row)]
    articles, problems = _split(articles_from_jsonl_lines(lines, "f.jsonl"))
    assert [a.id for a in articles] == ["ok"]
    expected = "a non-empty string or an integer" if field == "id" else "a string"
    assert [p.reason for p in problems] == [
        Messages.BAD_JSONL_FIELD.format(line=2, field=field, expected=expected, got=got)
    ]


def test_integer_ids_are_accepted():
    article = _only(articles_from_jsonl_lines([json.dumps({"id": 7, "text": BODY})], "f.jsonl"))
    assert article.id == "7"


def test_html_nested_10000_deep_keeps_its_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><head><title>Police post attacked</title></head><body>"
        + "<div>" * 10_000 + f"<p>{BODY}</p>" + "</div>" * 10_000 + "</body></html>",
        "utf-8",
    )  # fmt: skip
    article = _only(read_path(path))
    assert isinstance(article, Article)
    assert article.title == "Police post attacked"
    assert article.text == f"Police post attacked\n\n{BODY}"


def test_event_dates_are_iso_or_none():
    from eventwire.pipeline import extract_articles

    articles = [Article(id=f"{i}-{p}", text=t, published=p) for i, t in enumerate(DATE_SENTENCES)
                for p in ("2017-05-10", "0001-01-01", "9999-12-31")]  # fmt: skip
    results = list(extract_articles(articles))
    dated = [e.event_date for r in results for e in r.events if e.event_date]
    assert dated, "the sentences should give dated events"
    assert all(ISO_EVENT_DATE.fullmatch(d) for d in dated), dated


# ---------------------------------------------------------------- 11. other scripts


def test_non_latin_text_is_refused_as_not_english():
    with pytest.raises(InputError) as err:
        check_text(ARABIC, "arabic.txt")
    assert err.value.reason == Messages.NOT_ENGLISH
    check_text(NEWS + " The café owner in Kaduna, Zoë Müller, said «enough» — 100 %.", "ok.txt")


# ---------------------------------------------------------------- 12. pinned HTML dependencies


def test_html_dependencies_are_pinned_and_importable():
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text("utf-8"))["project"]["dependencies"]
    pins = {re.split(r"[=<>~! ]", d, maxsplit=1)[0].lower(): d for d in deps}
    assert re.fullmatch(r"lxml==[\d.]+", pins["lxml"])
    assert re.fullmatch(r"lxml_html_clean==[\d.]+", pins["lxml_html_clean"])
    from lxml.html.clean import Cleaner  # what trafilatura imports

    assert Cleaner is not None


# ---------------------------------------------------------------- property-based: no input raises anything else

FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

odd_text = st.lists(
    st.one_of(
        st.characters(),  # any code point, lone surrogates included
        st.sampled_from(list("\x00\x0b\x1f\u2028\ufeff\ud800\udfff\U0010ffff ")),
        st.sampled_from(["attack ", "the ", "police ", "killed ", "<p>", "</div>", "&#x110000;", "\n"]),
    ),
    max_size=60,
).map("".join)
seed_bytes = st.sampled_from(
    [NEWS.encode(), codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le"), NEWS.encode("latin-1", "replace"), b""]
)
mutated_bytes = st.builds(
    lambda seed, cut, junk: seed[:cut] + junk + seed[cut:],
    seed_bytes,
    st.integers(0, 400),
    st.binary(max_size=64),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
jsonl_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values, "text": st.one_of(json_values, st.just(BODY), odd_text.map(lambda t: BODY + t)),
        "html": st.one_of(json_values, st.just(PAGE)), "published": st.one_of(json_values, st.dates().map(str)),
        "title": json_values, "url": json_values,
    },
)  # fmt: skip
jsonl_lines = st.one_of(jsonl_objects.map(json.dumps), odd_text, st.just("[" * 100_000))
html_docs = st.one_of(
    odd_text,
    st.builds(lambda depth, text: "<div>" * depth + f"<p>{BODY}{text}</p>" + "</div>" * depth, st.integers(0, 3000), odd_text),
    st.builds(lambda cut, junk: PAGE[:cut] + junk + PAGE[cut:], st.integers(0, len(PAGE)), odd_text),
)  # fmt: skip


def _article_or_refused(make) -> None:
    """``make()`` gives an article that holds what ingest promises, or raises InputError; nothing else."""
    try:
        article = make()
    except InputError:
        return
    _valid_article(article)


def _check_items(items) -> None:
    for item in items:
        assert isinstance(item, Article | Problem), item
        if isinstance(item, Article):
            _valid_article(item)


@FAST
@given(
    data=st.one_of(mutated_bytes, st.binary(max_size=600)), suffix=st.sampled_from([".txt", ".md", ".jsonl"])
)
def test_property_plain_files(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        _check_items(read_path(path))


@FAST
@given(
    text=st.one_of(odd_text, odd_text.map(lambda t: BODY + t)),
    published=st.one_of(st.none(), odd_text, st.dates().map(str)),
)
def test_property_make_article(text, published):
    _article_or_refused(lambda: make_article(text, published=published))


@FAST
@given(value=st.one_of(odd_text, st.dates().map(str), st.dates().map(lambda d: f"{d}T25:61:00")))
def test_property_validate_iso_date(value):
    try:
        result = validate_iso_date(value)
    except InputError as err:
        assert err.reason.startswith(("[W111] not an ISO date", "[W112] publication date"))
        return
    assert result is None or PUBLISHED_YEARS[0] <= date.fromisoformat(result).year <= PUBLISHED_YEARS[1]


@FAST
@given(lines=st.lists(jsonl_lines, max_size=4))
def test_property_jsonl_lines(lines):
    _check_items(articles_from_jsonl_lines(lines, "fuzz.jsonl"))


@SLOW
@given(html=html_docs)
def test_property_html(html):
    _article_or_refused(lambda: article_from_html(html, "fuzz.html"))


@FAST
@given(
    data=st.one_of(mutated_bytes, st.binary(max_size=300)),
    compress=st.booleans(),
    cut=st.integers(0, 400),
    kind=st.sampled_from([".txt.gz", ".jsonl.gz", ".html.gz"]),
)
def test_property_gzip(data, compress, cut, kind):
    payload = gzip.compress(data)[: cut or None] if compress else data
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{kind}"
        path.write_bytes(payload)
        _check_items(read_path(path))


@SLOW
@given(
    title=odd_text,
    links=st.lists(
        st.one_of(st.just("https://news.example/a"), odd_text, odd_text.map("https://x.example/".__add__)),
        max_size=3,
    ),
    cut=st.integers(0, 2000),
    junk=st.binary(max_size=40),
)
def test_property_feed_bodies(title, links, cut, junk):
    from xml.sax.saxutils import escape

    body = _feed(escape(title), [escape(link) for link in links])
    body = body[:cut] + junk + body[cut:]
    _check_items(articles_from_feed(body, CannedFetcher(), origin="fuzz-feed"))


@SLOW
@given(
    records=st.lists(
        st.tuples(
            st.one_of(
                st.just("https://a.example/1"), odd_text.filter(lambda u: "\n" not in u and "\r" not in u)
            ),
            st.one_of(st.just(PAGE.encode()), mutated_bytes, st.binary(max_size=200)),
            st.sampled_from(["text/html", "text/html; charset=utf-8", "image/png", "text/plain"]),
        ),
        max_size=3,
    ),
    cut=st.one_of(st.none(), st.integers(0, 3000)),
    raw=st.one_of(st.none(), st.binary(max_size=300)),
)
def test_property_warc(records, cut, raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.warc.gz"
        if raw is not None:
            path.write_bytes(raw)
        else:
            try:
                _warc(path, records)
            except (UnicodeError, ValueError):
                return  # warcio cannot write this URL: nothing to read
            if cut is not None:
                path.write_bytes(path.read_bytes()[:cut])
        _check_items(articles_from_warc(path))


def test_a_doc_without_a_parse_is_a_coded_error(nlp):
    """Issue 14 item 4: the stages say what they need; a tokenized Doc is refused with E020."""
    from eventwire.errors import StageError
    from eventwire.pipeline import extract_doc
    from eventwire.records import Article

    text = "Gunmen attacked a police post in Gao on Monday."
    with pytest.raises(StageError, match=r"\[E020\] the Doc lacks DEP, ENT_IOB, LEMMA, TAG"):
        extract_doc(nlp.make_doc(text), Article(id="t", text=text))
