"""Bytes to text: byte caps, BOM and charset decoding, gunzipped streams and capped JSONL lines."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from ..errors import InputError, Messages
from ..settings import current

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


def text_byte_limit() -> int:
    """Bytes a text file may take: a character is at most 4 bytes (UTF-8, UTF-16, UTF-32), so a
    file over 4 x ``parse.max_chars`` bytes holds a text over the character limit."""
    return 4 * int(current().parse.max_chars)


def markup_byte_limit() -> int:
    """Bytes an HTML page, a WARC record's payload or one JSONL line may take: room for markup
    or JSON escapes (up to 12 characters for one) around a text within ``parse.max_chars``."""
    return 20 * int(current().parse.max_chars)


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode_bytes(data: bytes, origin: str) -> str:
    if not data.strip():
        raise InputError(origin, Messages.EMPTY)
    encoding = _bom_encoding(data)
    if encoding is not None:  # UTF-16 or UTF-32 with a byte-order mark
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(origin, Messages.UNDECODABLE) from err
        if "\x00" in text:
            raise InputError(origin, Messages.BINARY)
        if not text.strip():
            raise InputError(origin, Messages.EMPTY)
        return text
    if b"\x00" in data:
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


def _open_bytes(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a file, gunzipped as a stream: InputError as soon as more than ``limit`` come."""
    try:
        with _open_bytes(path) as stream:
            data = stream.read(limit + 1)
    except _GZIP_ERRORS as err:
        if path.suffix != ".gz":
            raise
        raise InputError(str(path), f"not a valid gzip file ({err})") from err
    if len(data) > limit:
        chars = int(current().parse.max_chars)
        raise InputError(str(path), Messages.TOO_LARGE.format(limit=limit, chars=chars))
    return data


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of a file (gunzipped), a chunk at a time."""
    with _open_bytes(path) as stream:
        try:
            while chunk := stream.read(size):
                yield chunk
        except _GZIP_ERRORS as err:
            if path.suffix != ".gz":
                raise
            raise InputError(str(path), f"not a valid gzip file ({err})") from err


def _is_utf8(path: Path, origin: str) -> bool:
    """Read a file once without keeping it: refuse it if empty or binary (as :func:`decode_bytes` does);
    True when it is UTF-8 throughout (False for UTF-16 or UTF-32 with a byte-order mark)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    empty, utf8 = True, True
    for number, chunk in enumerate(_chunks(path)):
        if number == 0 and _bom_encoding(chunk) is not None:
            return False
        if b"\x00" in chunk:
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


class Overlong:
    """A JSONL line over the length limit, skipped without being kept."""


def jsonl_lines(path: Path, origin: str) -> Iterable[str | Overlong]:
    """The lines of a JSONL file, streamed so memory stays flat however long it is; a line over
    :func:`markup_byte_limit` characters comes as :class:`Overlong`."""
    if _is_utf8(path, origin):
        return _stream_lines(path, "utf-8-sig")
    limit = markup_byte_limit()
    try:
        head = read_bytes(path, limit)
    except InputError:  # longer than one read: stream it in the encoding its head shows
        with _open_bytes(path) as raw:
            head = raw.read(limit)
        return _stream_lines(path, _bom_encoding(head) or _detected_encoding(head, origin))
    return decode_bytes(head, origin).splitlines()


def _detected_encoding(data: bytes, origin: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(origin, Messages.UNDECODABLE)
    return best.encoding


def _stream_lines(path: Path, encoding: str) -> Iterator[str | Overlong]:
    with _open_bytes(path) as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace") as text:
        yield from _capped_lines(text, markup_byte_limit())


def _capped_lines(text: TextIO, limit: int) -> Iterator[str | Overlong]:
    """Lines of ``text`` without their newline; one over ``limit`` characters is read through
    in pieces and comes as :class:`Overlong`."""
    while line := text.readline(limit + 1):
        if len(line) <= limit or line.endswith("\n"):
            yield line.rstrip("\n")
            continue
        while (piece := text.readline(limit + 1)) and not piece.endswith("\n"):
            pass
        yield Overlong()
