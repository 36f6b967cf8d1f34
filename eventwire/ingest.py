"""Ingest: turn files (text, HTML, JSONL, gzip of these) into :class:`Article` records.

Bad input raises :class:`InputError` with a clear reason; a bad line in a JSONL file is
reported with its line number and the rest of the file goes on.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, Messages
from .models import Article
from .settings import setting

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


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


def validate_iso_date(value: str | None) -> str | None:
    """``value`` if it is an ISO date (YYYY-MM-DD), else raise."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as err:
        raise InputError("published", Messages.BAD_DATE.format(value=value)) from err


def _decode(data: bytes, origin: str) -> str:
    if not data.strip():
        raise InputError(origin, Messages.EMPTY)
    if b"\x00" in data[:8192]:
        raise InputError(origin, Messages.BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(origin, Messages.UNDECODABLE)
    text = str(best)
    if sum(ch.isprintable() or ch.isspace() for ch in text) < 0.95 * len(text):
        raise InputError(origin, Messages.UNDECODABLE)
    return text


def check_text(text: str, origin: str) -> str:
    """Refuse texts that are empty, too long or not English; return the text unchanged."""
    if len(text.strip()) < int(setting("ingest", "min_chars")):
        raise InputError(origin, Messages.NO_TEXT if text.strip() else Messages.EMPTY)
    limit = int(setting("parse", "max_chars"))
    if len(text) > limit:
        raise InputError(origin, Messages.TOO_LONG.format(n=len(text), limit=limit))
    words = re.findall(r"[a-z]+", text[:20000].lower())
    if len(words) >= 20:
        english = _function_words()
        ratio = sum(w in english for w in words) / len(words)
        if ratio < float(setting("ingest", "min_english_ratio")):
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
    from .extract.dates import published_from_dateline

    found = published_from_dateline(text)
    if found is None and title:
        rest = text.lstrip()[len(title) :] if text.lstrip().startswith(title) else ""
        found = published_from_dateline(rest)
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
    """An :class:`Article` with an identity: its given id, else a hash of its text."""
    origin = origin or "text"
    check_text(text, origin)
    published = validate_iso_date(published)
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
    """Main text, title, author and date of an HTML page (trafilatura + htmldate)."""
    import trafilatura
    from htmldate import find_date

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    doc = extracted.as_dict() if extracted is not None and hasattr(extracted, "as_dict") else extracted
    body = (doc or {}).get("text") or ""
    if len(body.strip()) < int(setting("ingest", "min_chars")):
        raise InputError(origin, Messages.NO_HTML_TEXT)
    title = meta.pop("title", None) or (doc or {}).get("title")
    published = meta.pop("published", None)
    published_source = "input" if published else None
    if not published:
        published = (doc or {}).get("date") or find_date(html, original_date=True, outputformat="%Y-%m-%d")
        published_source = "html-metadata" if published else None
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


def _read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise InputError(str(path), f"not a valid gzip file ({err})") from err
    return data


def _open_bytes(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of a file (gunzipped), a chunk at a time."""
    with _open_bytes(path) as stream:
        try:
            while chunk := stream.read(size):
                yield chunk
        except (OSError, EOFError) as err:
            if path.suffix != ".gz":
                raise
            raise InputError(str(path), f"not a valid gzip file ({err})") from err


def _is_utf8(path: Path, origin: str) -> bool:
    """Read a file once without keeping it: refuse it if empty or binary (as :func:`_decode` does);
    True when it is UTF-8 throughout."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    empty, utf8 = True, True
    for number, chunk in enumerate(_chunks(path)):
        if number == 0 and b"\x00" in chunk[:8192]:
            raise InputError(origin, Messages.BINARY)
        empty = empty and not chunk.strip()
        utf8 = utf8 and _decodes(decoder, chunk)
    if empty:
        raise InputError(origin, Messages.EMPTY)
    return utf8 and _decodes(decoder, b"", final=True)


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return False
    return True


def _jsonl_lines(path: Path, origin: str) -> Iterable[str]:
    """The lines of a JSONL file; streamed when it is UTF-8, so memory stays flat however long it is."""
    if not _is_utf8(path, origin):
        return _decode(_read_bytes(path), origin).splitlines()
    return _stream_lines(path)


def _stream_lines(path: Path) -> Iterator[str]:
    with _open_bytes(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig") as text:
        for line in text:
            yield line.rstrip("\n")


def _kind(path: Path) -> str:
    suffix = Path(path.stem).suffix.lower() if path.suffix == ".gz" else path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def articles_from_jsonl_lines(lines: Iterable[str], origin: str) -> Iterator[Article | Problem]:
    """One article per JSON line; a bad line yields a :class:`Problem` and reading goes on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Problem(origin, Messages.BAD_JSON.format(line=number, err=err.msg))
            continue
        if not isinstance(obj, dict) or not (obj.get("text") or obj.get("html")):
            yield Problem(origin, Messages.BAD_JSONL_OBJECT.format(line=number))
            continue
        meta = {k: obj.get(k) for k in ("id", "title", "published", "url", "source")}
        meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
        try:
            if obj.get("text"):
                yield make_article(str(obj["text"]), origin=where, **meta)
            else:
                yield article_from_html(str(obj["html"]), where, **meta)
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
            for item in articles_from_jsonl_lines(_jsonl_lines(path, origin), origin):
                if isinstance(item, Article) and published:
                    item.published, item.published_source = published, "override"
                yield item
            return
        text = _decode(_read_bytes(path), origin)
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
