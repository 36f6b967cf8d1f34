"""The commands that read articles: ``extract`` (print the results) and ``ingest`` (store them)."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import InputError
from .common import EXIT_ERROR, STDIN, err, fail, is_dash, print_problem


class OutFormat(StrEnum):
    pretty = "pretty"
    json = "json"
    jsonl = "jsonl"


def _looks_like_jsonl(first_line: bytes) -> bool:
    """The first non-empty line of an input is a JSON object: read it as JSONL."""
    try:
        return isinstance(json.loads(first_line.decode("utf-8-sig")), dict)
    except ValueError:
        return False


@contextmanager
def _stdin_file(jsonl: bool | None = None) -> Iterator[tuple[Path, bool]]:
    """Standard input copied to a temporary file (memory stays flat), and whether it is JSONL:
    ``jsonl``, or when not given, whether its first non-empty line is a JSON object. The file is
    named ``stdin.jsonl``, ``stdin.html`` (its first line opens an HTML page) or ``stdin.txt``."""
    with tempfile.TemporaryDirectory(prefix="eventwire-stdin-") as folder:
        raw = sys.stdin.buffer
        first = b""
        head = bytearray()
        while not first:
            line = raw.readline(8 << 20)
            if not line:
                break
            head += line
            first = line.strip()
        is_jsonl = _looks_like_jsonl(first) if jsonl is None else jsonl
        html = first[:200].lower().startswith((b"<!doctype html", b"<html", b"<body", b"<head"))
        path = Path(folder) / ("stdin.jsonl" if is_jsonl else "stdin.html" if html else "stdin.txt")
        with path.open("wb") as out:
            out.write(head)
            shutil.copyfileobj(raw, out, 1 << 20)
        yield path, is_jsonl


def _jsonl_file(path: Path, published: str | None, origin: str | None = None):
    """Articles (and problems) of a JSONL file, whatever its name."""
    from ..io.decode import jsonl_lines
    from ..io.ingest import Problem, articles_from_jsonl_lines
    from ..records import Article

    origin = origin or str(path)
    try:
        if not path.exists():
            from ..errors import Messages

            raise InputError(origin, Messages.NOT_FOUND)
        for item in articles_from_jsonl_lines(jsonl_lines(path, origin), origin):
            if isinstance(item, Article) and published:
                item.published, item.published_source = published, "override"
            yield item
    except InputError as e:
        yield Problem(e.origin, e.reason)
    except OSError as e:
        yield Problem(origin, e.strerror or str(e))


def _stdin_text(path: Path, published: str | None):
    """One article (or a problem) from standard input's text or HTML."""
    from ..io.decode import decode_bytes
    from ..io.ingest import Problem, article_from_html, make_article

    try:
        text = decode_bytes(path.read_bytes(), STDIN)
        head = text[:5000].lower()
        if "<html" in head or "<body" in head:
            article = article_from_html(text, STDIN)
        else:
            article = make_article(text, origin=STDIN)
        if published:
            article.published, article.published_source = published, "override"
        yield article
    except InputError as e:
        yield Problem(e.origin, e.reason)


def extract(
    path: Annotated[
        Path | None, typer.Argument(help="A text or HTML file; '-' reads standard input (omit with --jsonl).")
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            help="JSONL input, whatever the file's name: one object a line (id, text|html, published…); "
            "'-' reads standard input."
        ),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides the input's).")
    ] = None,
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.pretty,
) -> None:
    """Extract events, statements, places and dates from articles and print them.

    '-' reads standard input: JSONL when its first line is a JSON object, else one text or HTML page.
    """
    from ..io.ingest import Problem, read_path, validate_iso_date
    from ..output.render import print_result, print_result_plain
    from ..pipeline import extract_articles

    try:
        published = validate_iso_date(published)
    except InputError as e:
        raise fail(str(e)) from None
    if jsonl is None and path is None:
        raise fail("give a file to read ('-' for standard input), or --jsonl FILE")
    problems = 0

    def items():
        if is_dash(jsonl) or (jsonl is None and is_dash(path)):
            with _stdin_file(True if jsonl is not None else None) as (file, is_jsonl):
                yield from _jsonl_file(file, published, STDIN) if is_jsonl else _stdin_text(file, published)
        elif jsonl is not None:
            yield from _jsonl_file(jsonl, published)
        else:
            yield from read_path(path, published)

    def articles():
        nonlocal problems
        for item in items():
            if isinstance(item, Problem):
                problems += 1
                print_problem(str(item))
            else:
                yield item

    out = Console()
    for result in extract_articles(articles()):
        data = result.to_dict()
        if format is OutFormat.pretty:
            if out.is_terminal:
                print_result(out, data)
            else:  # piped: plain lines, never wrapped
                print_result_plain(sys.stdout, data)
        elif format is OutFormat.json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(EXIT_ERROR)


def known_total(inputs: list[str], feeds: list[Path] | None) -> int | None:
    """How many articles the inputs hold, when that is cheap to know: one a text or HTML file, one a
    non-empty line of an uncompressed JSONL file; None with URLs, feeds, WARC, Parquet or .jsonl.gz."""
    from ..io.ingest import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, iter_files
    from ..io.sources import is_url

    if feeds:
        return None
    total = 0
    for item in inputs:
        if is_url(item):
            return None
        for path in iter_files([item]):
            compressed = path.suffix.lower() == ".gz"
            suffix = (Path(path.stem) if compressed else path).suffix.lower()
            if suffix in JSONL_SUFFIXES and not compressed:
                try:
                    with path.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    pass  # reported as a problem by the ingest itself
            elif suffix in JSONL_SUFFIXES or suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
                return None  # .jsonl.gz (reading it to count costs what reading it does), WARC, Parquet
            else:
                total += 1
    return total


def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories (text, HTML, JSONL, WARC, .gz), page or feed URLs; '-' reads standard "
            "input (JSONL when its first line is a JSON object, else one text)."
        ),
    ] = None,
    db: Annotated[Path, typer.Option(help="DuckDB database file (created if missing).")] = Path(
        "events.duckdb"
    ),
    published: Annotated[
        str | None, typer.Option(help="Publication date for all inputs (YYYY-MM-DD).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    feeds: Annotated[
        list[Path] | None, typer.Option(help="File of feed URLs, one a line (repeatable).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching from private, loopback and link-local addresses.")
    ] = False,
    processes: Annotated[int | None, typer.Option(help="Worker processes (default: one per core).")] = None,
    source: Annotated[
        str | None, typer.Option(help="Source name for inputs that give none (exports' `source`).")
    ] = None,
) -> None:
    """Extract every article and store it; articles already stored are skipped."""
    from ..io.ingest import validate_iso_date

    try:
        validate_iso_date(published)
    except InputError as e:
        raise fail(str(e)) from None
    if not inputs and not feeds:
        raise fail("give files, directories or URLs to ingest ('-' for standard input), or --feeds FILE")
    inputs = list(inputs or [])
    if inputs.count("-") > 1:
        raise fail("'-' (standard input) can be given once")
    if "-" in inputs:
        with _stdin_file() as (file, _):
            inputs[inputs.index("-")] = str(file)
            _ingest(
                inputs, db, published, quiet, feeds, allow_private, processes, stdin=str(file), source=source
            )
    else:
        _ingest(inputs, db, published, quiet, feeds, allow_private, processes, source=source)


def _ingest(
    inputs: list[str], db: Path, published: str | None, quiet: bool, feeds: list[Path] | None,
    allow_private: bool, processes: int | None, stdin: str | None = None, source: str | None = None,
) -> None:  # fmt: skip
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from ..io.corpus import ingest as run_ingest
    from ..io.fetch import Fetcher
    from ..store.store import Store

    fetcher = Fetcher(allow_private=allow_private)
    options = {"fetcher": fetcher, "feed_lists": feeds or (), "n_process": processes, "source": source}
    with Store(db, share=True) as store:  # holds the file only per batch: `eventwire serve` reads between
        if quiet:
            report = run_ingest(inputs, store, published, **options)
        else:
            columns = (
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} articles/s · {task.fields[events]} events"),
                TimeElapsedColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=err, transient=False) as progress:
                total = known_total(inputs, feeds)
                task = progress.add_task("ingest", total=total, rate=0.0, events=0)

                def tick(report) -> None:
                    done = report.processed + report.skipped + len(report.problems)
                    elapsed = progress.tasks[0].elapsed or 1e-9
                    progress.update(task, completed=done, rate=done / elapsed, events=report.events)

                report = run_ingest(inputs, store, published, on_article=tick, **options)
                if total is not None:
                    progress.update(task, completed=total)
    for problem in report.problems:
        print_problem(str(problem).replace(stdin, STDIN) if stdin else str(problem))
    err.print(
        f"{report.read} read · {report.written} stored · {report.skipped} already stored · "
        f"{report.events} events · {report.statements} statements · {len(report.problems)} problems",
        highlight=False,
    )
    if report.problems:
        raise typer.Exit(EXIT_ERROR)
