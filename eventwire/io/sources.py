"""Sources beyond files: URLs, RSS/Atom feeds and WARC archives, all yielding articles.

Each yields :class:`Article` or :class:`Problem` items, so one bad URL or record never stops
a corpus. ``seen(id)`` lets a caller skip entries it has already stored before fetching them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Messages
from ..records import Article
from ..settings import current
from .decode import decode_bytes, markup_byte_limit
from .fetch import Fetcher
from .ingest import Problem, article_from_html, make_article, read_path

Seen = Callable[[str], bool]


def is_url(item: str | Path) -> bool:
    return isinstance(item, str) and item.lower().startswith(("http://", "https://"))


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc.gz"))


def _looks_like_feed(content: bytes, content_type: str) -> bool:
    head = content[:2000].lstrip().lower()
    return any(t in content_type for t in ("rss", "atom")) or b"<rss" in head or b"<feed" in head


def _page_article(url: str, content: bytes, content_type: str, **meta: str | None) -> Article:
    text = decode_bytes(content, url)
    if "html" in content_type or "<html" in text[:2000].lower() or "<body" in text[:5000].lower():
        return article_from_html(text, url, url=url, id=url, **meta)
    return make_article(text, id=url, url=url, origin=url, **meta)


def articles_from_url(url: str, fetcher: Fetcher, seen: Seen | None = None) -> Iterator[Article | Problem]:
    """One article from a page URL, or every new entry of a feed URL."""
    if seen and seen(url):
        return
    try:
        page = fetcher.fetch(url)
        if _looks_like_feed(page.content, page.content_type):
            yield from articles_from_feed(page.content, fetcher, seen, origin=url)
            return
        yield _page_article(page.url, page.content, page.content_type)
    except InputError as err:
        yield Problem(err.origin, err.reason)


def articles_from_feed(
    content: bytes, fetcher: Fetcher, seen: Seen | None = None, origin: str = "feed"
) -> Iterator[Article | Problem]:
    """Fetch each entry of an RSS/Atom feed not seen before; entry dates become publication dates.

    A feed that cannot be parsed is one :class:`Problem` for ``origin``; an entry that cannot be
    read (a malformed link, say) is one for that entry, and the other entries go on."""
    import feedparser

    try:
        feed = feedparser.parse(content)
    except Exception as err:  # feedparser raises ValueError on "&#x110000;", among others
        yield Problem(origin, Messages.BAD_FEED.format(err=f"{type(err).__name__}: {err}"))
        return
    if feed.bozo and not feed.entries:
        yield Problem(origin, Messages.BAD_FEED.format(err=feed.bozo_exception))
        return
    entries, warning = fetcher.feed_entries(feed.entries, origin)
    if warning:
        yield Problem(origin, warning)
    for entry in entries:
        link = entry.get("link")
        if not link or not isinstance(link, str) or (seen and seen(link)):
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        try:
            page = fetcher.fetch(link)
            yield _page_article(
                link, page.content, page.content_type,
                title=entry.get("title"), published=published, source=feed.feed.get("title"),
            )  # fmt: skip
        except InputError as err:
            yield Problem(err.origin, err.reason)
        except Exception as err:  # an entry's link the HTTP client cannot take (bad port, IDNA ...)
            yield Problem(link, Messages.BAD_FEED_ENTRY.format(err=f"{type(err).__name__}: {err}"))


def articles_from_feed_list(
    path: Path, fetcher: Fetcher, seen: Seen | None = None
) -> Iterator[Article | Problem]:
    """A text file of feed (or page) URLs, one a line; '#' starts a comment."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        yield Problem(str(path), f"cannot read the feed list ({getattr(err, 'strerror', None) or err})")
        return
    for line in lines:
        url = line.split("#", 1)[0].strip()
        if url:
            yield from articles_from_url(url, fetcher, seen)


def articles_from_warc(path: Path, seen: Seen | None = None) -> Iterator[Article | Problem]:
    """HTML response records of a WARC file (the CC-NEWS layout), one article each.

    Each payload is read with a cap (:func:`~eventwire.io.decode.markup_byte_limit`): a larger one is
    a :class:`Problem` for its record, and the rest of the file goes on."""
    from warcio.archiveiterator import ArchiveIterator

    limit = markup_byte_limit()
    records = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                records += 1
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if seen and seen(url):
                    continue
                content_type = (
                    (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                )
                if "html" not in content_type:
                    continue
                try:
                    payload = _read_capped(record.content_stream(), limit)
                    if len(payload) > limit:
                        chars = int(current().parse.max_chars)
                        raise InputError(url, Messages.TOO_LARGE.format(limit=limit, chars=chars))
                    yield _page_article(url, payload, content_type, source=_host(url))
                except InputError as err:
                    yield Problem(f"{path}:{url}", err.reason)
    except Exception as err:  # warcio raises several kinds on a truncated or foreign file
        yield Problem(str(path), f"not a readable WARC file ({type(err).__name__}: {err})")
        return
    if not records:
        yield Problem(str(path), "not a readable WARC file (no records found)")


def _read_capped(stream: Any, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``stream`` (warcio's readers return a block per call)."""
    data = bytearray()
    while len(data) <= limit and (chunk := stream.read(limit + 1 - len(data))):
        data += chunk
    return bytes(data)


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def iter_sources(
    inputs: Iterable[str | Path],
    published: str | None = None,
    fetcher: Fetcher | None = None,
    seen: Seen | None = None,
    feed_lists: Iterable[Path] = (),
) -> Iterator[Article | Problem]:
    """Articles from files, directories, URLs, feeds, feed lists and WARC files."""
    from .ingest import iter_files

    def web() -> Fetcher:
        nonlocal fetcher
        fetcher = fetcher or Fetcher()
        return fetcher

    for feed_list in feed_lists:
        yield from articles_from_feed_list(Path(feed_list), web(), seen)
    for item in inputs:
        if is_url(str(item)):
            yield from articles_from_url(str(item), web(), seen)
            continue
        for path in iter_files([item]):
            if is_warc(path):
                yield from articles_from_warc(path, seen)
            else:
                yield from read_path(path, published)
