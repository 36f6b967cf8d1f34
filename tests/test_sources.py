"""URLs, feeds and WARC archives, with canned HTTP (no network)."""

from __future__ import annotations

import io

import httpx
import pytest

from eventwire.errors import InputError
from eventwire.io.fetch import Fetcher, is_public
from eventwire.io.ingest import Problem
from eventwire.io.sources import articles_from_url, articles_from_warc, iter_sources

BODY = (
    "<p>Militants attacked a checkpoint in Arish on Saturday, killing two policemen, the interior "
    "ministry said. Security forces later sealed off the area and began searching nearby farms.</p>"
)
PAGE = (
    "<html><head><title>Checkpoint attack in Arish</title></head>"
    f"<body><article>{BODY}</article></body></html>"
)
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sinai Wire</title>
<item><title>Checkpoint attack</title><link>https://news.example/a</link>
<pubDate>Sat, 02 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Old story</title><link>https://news.example/old</link></item>
<item><title>Missing</title><link>https://news.example/missing</link></item>
</channel></rss>"""

PUBLIC = {
    "news.example": ["93.184.216.34"],
    "intranet.example": ["10.0.0.5"],
    "evil.example": ["93.184.216.35"],
}


def handler(request: httpx.Request) -> httpx.Response:
    url = str(request.url)
    if url == "https://news.example/feed":
        return httpx.Response(200, text=FEED, headers={"content-type": "application/rss+xml"})
    if url in ("https://news.example/a", "https://news.example/old"):
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})
    if url == "https://news.example/loop":
        return httpx.Response(302, headers={"location": "/loop"})
    if url == "https://evil.example/jump":
        return httpx.Response(302, headers={"location": "http://intranet.example/admin"})
    if url == "https://news.example/huge":
        return httpx.Response(200, content=b"x" * 6_000_000, headers={"content-type": "text/html"})
    return httpx.Response(404)


def fetcher(**kw) -> Fetcher:
    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)
    return Fetcher(client=client, resolver=lambda host: PUBLIC.get(host, ["93.184.216.34"]), **kw)


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("127.0.0.1", False), ("10.1.2.3", False), ("169.254.169.254", False),
     ("192.168.0.1", False), ("::1", False), ("fe80::1", False), ("0.0.0.0", False), ("2606:4700::1", True)],
)  # fmt: skip
def test_is_public(address, public):
    assert is_public(address) is public


def test_page_url_becomes_article():
    (article,) = list(articles_from_url("https://news.example/a", fetcher()))
    assert article.id == article.url == "https://news.example/a"
    assert "killing two policemen" in article.text


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/", "non-public"),
        ("http://intranet.example/", "non-public"),
        ("https://evil.example/jump", "non-public"),  # redirect into the private network
        ("https://news.example/loop", "redirects"),
        ("https://news.example/huge", "too large"),
        ("https://news.example/gone", "HTTP 404"),
        ("file:///etc/passwd", "only http(s)"),
    ],
)
def test_unsafe_or_failing_urls_are_problems(url, reason):
    (problem,) = list(articles_from_url(url, fetcher()))
    assert isinstance(problem, Problem) and reason in problem.reason


def test_allow_private_lets_loopback_through():
    f = fetcher(allow_private=True)
    f.check_url("http://127.0.0.1:8000/")  # no error
    with pytest.raises(InputError):
        fetcher().check_url("http://127.0.0.1:8000/")


def test_feed_entries_fetched_seen_skipped_failures_reported():
    seen = {"https://news.example/old"}
    items = list(articles_from_url("https://news.example/feed", fetcher(), seen=seen.__contains__))
    articles = [i for i in items if not isinstance(i, Problem)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [a.url for a in articles] == ["https://news.example/a"]
    assert articles[0].published == "2024-03-02" and articles[0].source == "Sinai Wire"
    assert len(problems) == 1 and "404" in problems[0].reason


def _warc(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, html, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


def test_warc_html_responses(tmp_path):
    path = tmp_path / "cc-news.warc.gz"
    _warc(
        path,
        [
            ("https://a.example/1", PAGE, "text/html; charset=utf-8"),
            ("https://a.example/logo.png", "PNG", "image/png"),
            ("https://a.example/2", PAGE.replace("two", "three"), "text/html"),
        ],
    )
    articles = list(articles_from_warc(path, seen={"https://a.example/2"}.__contains__))
    assert [a.url for a in articles] == ["https://a.example/1"]
    assert articles[0].source == "a.example"


def test_truncated_warc_is_a_problem(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    items = list(iter_sources([path]))
    assert len(items) == 1 and isinstance(items[0], Problem)
