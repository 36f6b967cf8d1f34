"""Ingest: turn files (text, HTML, JSONL, gzip of these) into :class:`Article` records.

Bad input raises :class:`InputError` with a clear reason; a bad line in a JSONL file is
reported with its line number and the rest of the file goes on.

Limits on untrusted input: text is cleaned of lone surrogates (each becomes U+FFFD); a NUL
anywhere makes a file binary; files are read (and gunzipped) as streams with a byte cap derived
from ``parse.max_chars`` (:func:`~eventwire.io.decode.text_byte_limit`,
:func:`~eventwire.io.decode.markup_byte_limit`), so a gzip bomb stops at the cap; publication
dates must lie in :data:`PUBLISHED_YEARS`. Reading and decoding bytes is in :mod:`eventwire.io.decode`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError, Messages
from ..records import Article
from ..settings import current
from .decode import Overlong, decode_bytes, jsonl_lines, markup_byte_limit, read_bytes, text_byte_limit

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

PUBLISHED_YEARS = (1900, 2100)  # publication dates outside these years (inclusive) are refused
_SURROGATE = re.compile("[\ud800-\udfff]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Common English function words (data/function_words.txt), for the language check."""
    text = resources.files("eventwire.data").joinpath("function_words.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@dataclass
class Problem:
    """An input (or one line of it) that could not be read; the rest goes on."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def clean_text(text: str) -> str:
    """``text`` with each lone surrogate (half of a UTF-16 pair, which a JSON escape can give but
    UTF-8 cannot encode) replaced by U+FFFD; any other text is returned as it is."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def validate_iso_date(value: str | None) -> str | None:
    """``value`` if it is an ISO date (YYYY-MM-DD) within :data:`PUBLISHED_YEARS`, else raise."""
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise InputError("published", Messages.BAD_DATE.format(value=value)) from err
    lo, hi = PUBLISHED_YEARS
    if not lo <= day.year <= hi:
        raise InputError("published", Messages.DATE_OUT_OF_RANGE.format(value=value, lo=lo, hi=hi))
    return day.isoformat()


def check_text(text: str, origin: str) -> str:
    """Refuse texts that are empty, too long, binary or not English; return the text unchanged."""
    if "\x00" in text:
        raise InputError(origin, Messages.BINARY)
    if len(text.strip()) < int(current().ingest.min_chars):
        raise InputError(origin, Messages.NO_TEXT if text.strip() else Messages.EMPTY)
    limit = int(current().parse.max_chars)
    if len(text) > limit:
        raise InputError(origin, Messages.TOO_LONG.format(n=len(text), limit=limit))
    words = re.findall(r"[a-z]+", text[:20000].lower())
    if len(words) >= 20:
        english = _function_words()
        ratio = sum(w in english for w in words) / len(words)
        if ratio < float(current().ingest.min_english_ratio):
            raise InputError(origin, Messages.NOT_ENGLISH)
    if not text[:20000].isascii():  # mostly letters of another script (Arabic, Cyrillic, CJK ...)
        letters = len(_LETTER.findall(text[:20000]))
        if letters >= 20 and len(_LATIN_LETTER.findall(text[:20000])) < 0.5 * letters:
            raise InputError(origin, Messages.NOT_ENGLISH)
    return text


def _guess_title(text: str) -> str | None:
    """A short first line followed by a blank line is the headline."""
    match = re.match(r"\s*([^\n]{3,200})\n\s*\n", text)
    if match and not match.group(1).rstrip().endswith((".", ",", ";")):
        return match.group(1).strip()
    return None


def _dateline_date(text: str, title: str | None) -> str | None:
    """Publication date from a dateline opening the text or the paragraph after its headline."""
    from ..fields.dates import published_from_dateline

    found = published_from_dateline(text)
    if found is None and title:
        rest = text.lstrip()[len(title) :] if text.lstrip().startswith(title) else ""
        found = published_from_dateline(rest)
    if found is not None and not PUBLISHED_YEARS[0] <= int(found[:4]) <= PUBLISHED_YEARS[1]:
        return None  # "0001-01-01 -" opening a text is no publication date
    return found


def make_article(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    published_source: str | None = None,
    url: str | None = None,
    source: str | None = None,
    author: str | None = None,
    origin: str | None = None,
) -> Article:
    """An :class:`Article` with an identity: its given id, else a hash of its text.

    Lone surrogates in the text and metadata become U+FFFD (:func:`clean_text`)."""
    origin = origin or "text"
    text = clean_text(text)
    id, title, published, url, source, author = (
        clean_text(v) if isinstance(v, str) else v for v in (id, title, published, url, source, author)
    )
    check_text(text, origin)
    if id is not None and not str(id).strip():
        raise InputError(origin, Messages.EMPTY_ID)
    try:
        published = validate_iso_date(published)
    except InputError as err:
        raise InputError(origin, err.reason) from None
    title = title if title is not None else _guess_title(text)
    if published is None:
        published = _dateline_date(text, title)
        published_source = "dateline" if published else None
    if id is None:
        id = "sha1:" + hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]
    return Article(
        id=str(id),
        text=text,
        title=title,
        published=published,
        published_source=published_source or ("input" if published else None),
        url=url,
        source=source,
        author=author,
        origin=origin,
    )


def article_from_html(html: str, origin: str, **meta: str | None) -> Article:
    """Main text, title, author and date of an HTML page (trafilatura + htmldate).

    A page lxml cannot parse (nested deeper than libxml2's limit, or one trafilatura fails on)
    falls back to the plain text of its elements (:func:`_plain_html_text`)."""
    import trafilatura

    html = clean_text(html)
    failed = False
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # trafilatura and lxml raise several kinds on malformed pages
        extracted, failed = None, True
    doc = extracted.as_dict() if extracted is not None and hasattr(extracted, "as_dict") else extracted
    doc = doc or {}
    body = doc.get("text") or ""
    min_chars = int(current().ingest.min_chars)
    if len(body.strip()) < min_chars and (failed or _too_deep_for_lxml(html)):
        plain_title, body = _plain_html_text(html)
        doc = {"title": plain_title}
    if len(body.strip()) < min_chars:
        raise InputError(origin, Messages.NO_HTML_TEXT)
    title = meta.pop("title", None) or doc.get("title")
    published = meta.pop("published", None)
    published_source = "input" if published else None
    if not published:
        published = doc.get("date") or _html_date(html)
        published_source = "html-metadata" if published else None
        if published and not _in_published_years(published):
            published, published_source = None, None  # a page's own date far out is no date
    body = "\n\n".join(p.strip() for p in body.splitlines() if p.strip())  # one blank line between paragraphs
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return make_article(
        text,
        title=title,
        published=published,
        published_source=published_source,
        author=meta.pop("author", None) or (doc or {}).get("author"),
        url=meta.pop("url", None) or (doc or {}).get("url"),
        origin=origin,
        **meta,
    )


def _in_published_years(value: str) -> bool:
    try:
        return validate_iso_date(value) is not None
    except InputError:
        return False


def _html_date(html: str) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate parses with lxml too; a page it cannot read has no date
        return None


def _too_deep_for_lxml(html: str) -> bool:
    """True when libxml2 gives up on the page at one of its resource limits (nesting deeper than
    256 levels, as trafilatura parses it)."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8")
    try:
        etree.fromstring(html.encode("utf-8", "replace"), parser)
    except Exception:
        return True
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2"}
    | {"h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "td"}
    | {"th", "tr", "ul"}
)


def _plain_html_text(html: str) -> tuple[str | None, str]:
    """(title, text) of a page read as a stream of tags (any depth): the text outside scripts and
    styles, one paragraph per block element."""
    from html.parser import HTMLParser

    parts: list[str] = []
    title: list[str] = []
    state = {"skip": 0, "title": False}

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "title":
                state["title"] = True
            elif tag in _SKIPPED_TAGS:
                state["skip"] += 1
            if tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag == "title":
                state["title"] = False
            elif tag in _SKIPPED_TAGS and state["skip"]:
                state["skip"] -= 1
            if tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            if state["title"]:
                title.append(data)
            elif not state["skip"]:
                parts.append(data)

    collector = Collector(convert_charrefs=True)
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # html.parser is lenient; keep what was read before any failure
        pass
    paragraphs = (" ".join(p.split()) for p in "".join(parts).split("\n"))
    return (" ".join("".join(title).split()) or None), "\n".join(p for p in paragraphs if p)


def _kind(path: Path) -> str:
    suffix = Path(path.stem).suffix.lower() if path.suffix == ".gz" else path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def _field_problem(obj: dict, number: int) -> str | None:
    """Why a JSONL object's fields cannot make an article (text or html not a string, an id neither
    a string nor an integer), or None."""
    field = "text" if obj.get("text") else "html"
    if not isinstance(obj[field], str):
        got = type(obj[field]).__name__
        return Messages.BAD_JSONL_FIELD.format(line=number, field=field, expected="a string", got=got)
    ident = obj.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int) or ident == ""):
        got = "an empty string" if ident == "" else type(ident).__name__
        expected = "a non-empty string or an integer"
        return Messages.BAD_JSONL_FIELD.format(line=number, field="id", expected=expected, got=got)
    return None


def articles_from_jsonl_lines(lines: Iterable[str | Overlong], origin: str) -> Iterator[Article | Problem]:
    """One article per JSON line; a bad line yields a :class:`Problem` and reading goes on."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Overlong):
            chars = int(current().parse.max_chars)
            yield Problem(
                origin, Messages.LINE_TOO_LONG.format(line=number, limit=markup_byte_limit(), chars=chars)
            )
            continue
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as err:  # JSONDecodeError, too many digits, too deep
            reason = err.msg if isinstance(err, json.JSONDecodeError) else f"{type(err).__name__}: {err}"
            yield Problem(origin, Messages.BAD_JSON.format(line=number, err=reason))
            continue
        if not isinstance(obj, dict) or not (obj.get("text") or obj.get("html")):
            yield Problem(origin, Messages.BAD_JSONL_OBJECT.format(line=number))
            continue
        refused = _field_problem(obj, number)
        if refused is not None:
            yield Problem(origin, refused)
            continue
        meta = {k: obj.get(k) for k in ("id", "title", "published", "url", "source")}
        meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
        try:
            if obj.get("text"):
                yield make_article(obj["text"], origin=where, **meta)
            else:
                yield article_from_html(obj["html"], where, **meta)
        except InputError as err:
            yield Problem(origin, f"line {number}: {err.reason}")


def read_path(path: Path, published: str | None = None) -> Iterator[Article | Problem]:
    """Articles from one file; problems are yielded, never raised, so a corpus goes on."""
    origin = str(path)
    try:
        if not path.exists():
            raise InputError(origin, Messages.NOT_FOUND)
        kind = _kind(path)
        if kind == "jsonl":
            for item in articles_from_jsonl_lines(jsonl_lines(path, origin), origin):
                if isinstance(item, Article) and published:
                    item.published, item.published_source = published, "override"
                yield item
            return
        limit = markup_byte_limit() if kind == "html" else text_byte_limit()
        text = decode_bytes(read_bytes(path, limit), origin)
        if kind == "html":
            article = article_from_html(text, origin)
        else:
            article = make_article(text, origin=origin)
        if published:
            article.published, article.published_source = validate_iso_date(published), "override"
        yield article
    except InputError as err:
        yield Problem(err.origin, err.reason)
    except OSError as err:
        yield Problem(origin, err.strerror or str(err))


def iter_files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the files under directories named, in a stable order."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def read_inputs(inputs: Iterable[str | Path], published: str | None = None) -> Iterator[Article | Problem]:
    """Articles (and problems) from every file and directory in ``inputs``."""
    for path in iter_files(inputs):
        yield from read_path(path, published)
