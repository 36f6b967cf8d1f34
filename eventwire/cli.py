"""Command line: each command parses options and calls one library function.

Errors a user can fix (a missing file, a bad option, a database in use) are one line on standard
error and a non-zero exit code, never a traceback; ``--debug`` shows the traceback of an internal
error. ``-`` stands for standard input (``extract -``, ``ingest -``) and output (``export --out -``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .errors import EventwireError, InputError

EXIT_ERROR = 1  # a user error, or problems in the input (each reported on one line)
EXIT_INTERNAL = 70  # a bug (EX_SOFTWARE): one line, the traceback with --debug
EPILOG = (
    "Exit status: 0 done; 1 an error you can fix or inputs that could not be read (one line each on "
    "standard error); 2 bad usage; 70 an internal error (one line; rerun with --debug for its "
    "traceback). '-' reads standard input (extract, ingest) or writes standard output (export --out)."
)
STDIN = "<stdin>"

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="News articles in, clean event data out.", epilog=EPILOG,
    pretty_exceptions_enable=False,
)  # fmt: skip
eval_app = typer.Typer(no_args_is_help=True, help="Measure extraction quality against annotated data.")
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(no_args_is_help=True, help="Train the event-type model on coded data.")
app.add_typer(train_app, name="train")
err = Console(stderr=True, soft_wrap=True)
_debug = False


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventwire")
    except PackageNotFoundError:  # a source tree that is not installed
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"eventwire {_version()}\n")
        raise typer.Exit()


@app.callback()
def _options(
    settings: Annotated[
        Path | None, typer.Option("--settings", help="TOML file overriding data/settings.toml.")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error (a bug to report).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """News articles in, clean event data out."""
    from .settings import use_settings_file

    global _debug
    _debug = debug
    if settings is not None and not settings.is_file():
        raise _fail(f"{settings}: no such settings file")
    try:
        use_settings_file(str(settings) if settings else None)
    except tomllib.TOMLDecodeError as e:
        raise _fail(f"{settings}: not valid TOML ({e})") from None
    except UnicodeDecodeError:
        raise _fail(f"{settings}: not UTF-8 text") from None
    except OSError as e:
        raise _fail(f"{settings}: cannot read it ({e.strerror or e})") from None
    except EventwireError as e:
        message = str(e)
        raise _fail(message if str(settings) in message else f"{settings}: {message}") from None


class OutFormat(StrEnum):
    pretty = "pretty"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    _problem(message)
    return typer.Exit(code)


def _problem(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def _is_dash(path: Path | str | None) -> bool:
    return path is not None and str(path) == "-"


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
    from .io.ingest import Problem, _jsonl_lines, articles_from_jsonl_lines
    from .records import Article

    origin = origin or str(path)
    try:
        if not path.exists():
            from .errors import Messages

            raise InputError(origin, Messages.NOT_FOUND)
        for item in articles_from_jsonl_lines(_jsonl_lines(path, origin), origin):
            if isinstance(item, Article) and published:
                item.published, item.published_source = published, "override"
            yield item
    except InputError as e:
        yield Problem(e.origin, e.reason)
    except OSError as e:
        yield Problem(origin, e.strerror or str(e))


def _stdin_text(path: Path, published: str | None):
    """One article (or a problem) from standard input's text or HTML."""
    from .io.ingest import Problem, _decode, article_from_html, make_article

    try:
        text = _decode(path.read_bytes(), STDIN)
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


@app.command()
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
    from .io.ingest import Problem, read_path, validate_iso_date
    from .output.render import print_result, print_result_plain
    from .pipeline import extract_articles

    try:
        published = validate_iso_date(published)
    except InputError as e:
        raise _fail(str(e)) from None
    if jsonl is None and path is None:
        raise _fail("give a file to read ('-' for standard input), or --jsonl FILE")
    problems = 0

    def items():
        if _is_dash(jsonl) or (jsonl is None and _is_dash(path)):
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
                _problem(str(item))
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


def _known_total(inputs: list[str], feeds: list[Path] | None) -> int | None:
    """How many articles the inputs hold, when that is cheap to know: one a text or HTML file, one a
    non-empty line of an uncompressed JSONL file; None with URLs, feeds, WARC, Parquet or .jsonl.gz."""
    from .io.ingest import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, iter_files
    from .io.sources import is_url

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


@app.command()
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
    from .io.ingest import validate_iso_date

    try:
        validate_iso_date(published)
    except InputError as e:
        raise _fail(str(e)) from None
    if not inputs and not feeds:
        raise _fail("give files, directories or URLs to ingest ('-' for standard input), or --feeds FILE")
    inputs = list(inputs or [])
    if inputs.count("-") > 1:
        raise _fail("'-' (standard input) can be given once")
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

    from .io.corpus import ingest as run_ingest
    from .io.fetch import Fetcher
    from .store.store import Store

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
                total = _known_total(inputs, feeds)
                task = progress.add_task("ingest", total=total, rate=0.0, events=0)

                def tick(report) -> None:
                    done = report.processed + report.skipped + len(report.problems)
                    elapsed = progress.tasks[0].elapsed or 1e-9
                    progress.update(task, completed=done, rate=done / elapsed, events=report.events)

                report = run_ingest(inputs, store, published, on_article=tick, **options)
                if total is not None:
                    progress.update(task, completed=total)
    for problem in report.problems:
        _problem(str(problem).replace(stdin, STDIN) if stdin else str(problem))
    err.print(
        f"{report.read} read · {report.written} stored · {report.skipped} already stored · "
        f"{report.events} events · {report.statements} statements · {len(report.problems)} problems",
        highlight=False,
    )
    if report.problems:
        raise typer.Exit(EXIT_ERROR)


@app.command()
def export(
    db: Annotated[Path, typer.Option(help="DuckDB database written by `ingest`.")] = Path("events.duckdb"),
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="jsonl, events-jsonl, acled-csv, statements-csv, plover-json, geojson, parquet.",
        ),
    ] = "jsonl",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output file; '-' or none: standard output."),
    ] = None,
    all_statuses: Annotated[
        bool, typer.Option(help="Include aggregate, future, hypothetical, negated events.")
    ] = False,
    country: Annotated[str | None, typer.Option(help="Only events in this country (name as stored).")] = None,
    since: Annotated[str | None, typer.Option(help="Only events on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only events on or before this date.")] = None,
    mentions: Annotated[
        bool, typer.Option(help="Every event mention as extracted, not one row per real-world event.")
    ] = False,
    speaker_id: Annotated[
        str | None,
        typer.Option(
            help="statements-csv: only this speaker's statements (canonical id, e.g. person:jane-doe)."
        ),
    ] = None,
) -> None:
    """Write stored events in one of the field's formats."""
    from .output.export import BINARY_EXPORTERS, EXPORTERS, EventFilter, export_parquet
    from .store.store import Store

    if format not in EXPORTERS and format not in BINARY_EXPORTERS:
        raise _fail(f"unknown format {format!r}; choose from {', '.join([*EXPORTERS, *BINARY_EXPORTERS])}")
    if not db.exists():
        raise _fail(f"{db}: no such database (run `eventwire ingest` first)")
    to_stdout = out is None or _is_dash(out)
    if format in BINARY_EXPORTERS and to_stdout and sys.stdout.isatty():
        raise _fail(f"{format} is binary: give --out FILE, or redirect standard output (--out -)")
    filters = EventFilter(statuses=None if all_statuses else ("current", "past"), country=country,
                          since=since, until=until, mentions=mentions, speaker_id=speaker_id)  # fmt: skip
    with Store(db, read_only=True) as store:
        if format in BINARY_EXPORTERS and to_stdout:
            with tempfile.TemporaryDirectory(prefix="eventwire-export-") as folder:
                path = Path(folder) / f"events.{format}"
                n = export_parquet(store, str(path), filters)
                sys.stdout.flush()
                with path.open("rb") as fh:
                    shutil.copyfileobj(fh, sys.stdout.buffer)
                sys.stdout.buffer.flush()
        elif format in BINARY_EXPORTERS:
            n = export_parquet(store, str(out), filters)
        elif to_stdout:
            n = EXPORTERS[format](store, sys.stdout, filters)
        else:
            with out.open("w", encoding="utf-8", newline="") as fh:
                n = EXPORTERS[format](store, fh, filters)
    err.print(f"{n} records written", highlight=False, markup=False)


class Engine(StrEnum):
    local = "local"
    ray = "ray"
    ray_data = "ray-data"


@app.command()
def run(
    inputs: Annotated[
        list[Path], typer.Argument(help="Files or directories: JSONL, WARC, Parquet, HTML, text.")
    ],
    out: Annotated[Path, typer.Option(help="Directory for the Parquet result shards.")],
    engine: Annotated[
        Engine,
        typer.Option(
            help="local (this machine's cores), ray (Ray actors) or ray-data (Ray Data map_batches)."
        ),
    ] = Engine.local,
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address ('auto' for a running one).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes or Ray actors.")] = 2,
) -> None:
    """Extract a corpus into Parquet shards (load them with `eventwire load`).

    Re-running into the same --out resumes: articles already in finished shards are skipped.
    """
    from .runs.runs import run_local, run_ray

    if engine is Engine.ray:
        report = run_ray(inputs, out, address=address, num_workers=workers)
    elif engine is Engine.ray_data:
        from .runs.ray_data import run_ray_data

        report = run_ray_data(inputs, out, address=address, num_workers=workers)
    else:
        report = run_local(inputs, out, n_process=workers)
    for problem in report.problems:
        _problem(str(problem))
    skipped = f" · {report.skipped} already in finished shards" if report.skipped else ""
    err.print(
        f"{report.articles} articles · {report.events} events · {report.shards} shards in {out}{skipped}",
        highlight=False,
        markup=False,
    )
    if report.problems:
        raise typer.Exit(EXIT_ERROR)


@app.command()
def load(
    directory: Annotated[
        Path, typer.Argument(help="Directory of Parquet shards written by `eventwire run`.")
    ],
    db: Annotated[Path, typer.Option(help="DuckDB database file (created if missing).")] = Path(
        "events.duckdb"
    ),
) -> None:
    """Store the results of `eventwire run`, merging events as ingest does."""
    from .runs.runs import load as load_shards
    from .store.store import Store

    if not directory.is_dir():
        raise _fail(f"{directory}: no such directory")
    problems: list = []
    with Store(db) as store:
        written = load_shards(directory, store, problems=problems)
        merged = store.count("merged_events")
    for problem in problems:
        _problem(str(problem))
    err.print(f"{written} articles stored · {merged} merged events in {db}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(EXIT_ERROR)


@app.command()
def serve(
    db: Annotated[Path, typer.Option(help="DuckDB database written by `ingest`.")] = Path("events.duckdb"),
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the workbench page (/), the API (/api/…, docs at /docs) while ingests write the database.

    Write endpoints need the token in EVENTWIRE_TOKEN when it is set, and are off beyond loopback
    without one."""
    import os

    import uvicorn

    from .store.store import Store, shared_writer
    from .web.api import create_app, is_loopback

    if db.exists() and shared_writer(str(db)) is None:
        Store(db, read_only=True).close()  # in use, or not a database: one clear line now
    app = create_app(db, token=os.environ.get("EVENTWIRE_TOKEN") or None, public=not is_loopback(host))
    uvicorn.run(app, host=host, port=port, log_level="info")


@app.command()
def learn(
    exports: Annotated[list[Path], typer.Argument(help="ACLED-format CSV(.gz) exports, e.g. your own.")],
    name: Annotated[str | None, typer.Option(help="The layer's name (default: the first export's).")] = None,
) -> None:
    """Learn actors and places from coded exports into a layer of your own ([learned] user_dir), read
    by every later run: their actor names and aliases, towns, coordinates and divisions."""
    from .learn.layers import learn_layer

    result = learn_layer(list(exports), name=name)
    _print_json({k: v for k, v in result.items() if k != "files"})
    err.print(f"layer written to {result['layer']}", highlight=False, markup=False)


def _run_eval(name: str, path: Path, limit: int | None, report: Path | None) -> None:
    import importlib

    from .evaluate.common import write_report

    if not path.exists():
        raise _fail(f"{path}: no such file or directory")
    module = importlib.import_module(f"eventwire.evaluate.{name}")
    result = module.evaluate(str(path), limit=limit)
    target = write_report(result, report or Path("reports") / f"eval-{name}.json")
    _print_json(headline(result.get("summary") or result))
    err.print(f"report written to {target}", highlight=False, markup=False)


def headline(result: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of a harness report (event type macro-F1 and accuracy, span F1s, …):
    its numbers and short strings, nested groups of them kept; per-label tables (groups of groups),
    lists and long texts stay in the report file."""
    out: dict[str, Any] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            if (value and all(isinstance(v, dict) for v in value.values())) or len(value) > 12:
                continue  # a table by label, country, …
            inner = headline(value)
            if inner:
                out[key] = inner
        elif (
            value is None
            or isinstance(value, bool | int | float)
            or (isinstance(value, str) and len(value) <= 200)
        ):
            out[key] = value
    return out


def _print_json(data: Any) -> None:
    """Highlighted on a terminal; plain, never wrapped, when piped."""
    text = json.dumps(data, default=str, ensure_ascii=False, indent=2)
    if sys.stdout.isatty():
        Console().print_json(text)
    else:
        sys.stdout.write(text + "\n")


_LIMIT = Annotated[int | None, typer.Option(help="Only the first N items.")]
_REPORT = Annotated[Path | None, typer.Option(help="Where to write the JSON report.")]


EVALUATIONS = {  # eventwire.evaluate.NAME, and what it reads and measures
    "acled": "ACLED-format CSV(.gz): event type, actors, fatalities, location against the coders.",
    "case2021": "CASE 2021 task 2 TSV: sub-event type weighted F1 and non-events.",
    "geoparse": "GeoWebNews/LGL XML: toponym recognition and resolution.",
    "timeml": "TempEval-3 TimeML (dir or tar): TIMEX recognition and value accuracy.",
    "polnear": "PolNeAR brat standoff (dir or tar): attribution content, cue and speaker.",
    "dedupe": "JSONL articles with a gold_event label: pairwise merge precision/recall.",
    "muc4": "MUC-4 JSON(.gz): document-level incident precision/recall/F1.",
    "plover": "PLOVER gold JSON(.gz): 16-type accuracy, macro-F1, mode, source/target; or CAMEO quad TSV.",
}


def _eval_command(name: str, help_text: str) -> None:
    def command(path: Path, limit: _LIMIT = None, report: _REPORT = None) -> None:
        _run_eval(name, path, limit, report)

    command.__doc__ = help_text
    eval_app.command(name)(command)


for _name, _help in EVALUATIONS.items():
    _eval_command(_name, _help)


@eval_app.command("news")
def eval_news(
    gold: Annotated[Path, typer.Argument(help="The news gold set (tests/news_gold.yaml).")],
    dev: Annotated[Path, typer.Option(help="Where the gold texts are.")] = Path("../shared/eval/dev"),
    split: Annotated[str | None, typer.Option(help="tune or test (default: both, and overall).")] = None,
    report: _REPORT = None,
) -> None:
    """News gold set: incident precision/recall, rows per incident, fatalities, status (issue 15)."""
    from .evaluate import news
    from .evaluate.common import write_report

    for path in (gold, dev):
        if not path.exists():
            raise _fail(f"{path}: no such file or directory")
    result = news.evaluate(str(gold), str(dev), split=split)
    target = write_report(result, report or Path("reports") / "eval-news.json")
    _print_json(headline(result.get("summary") or result))
    err.print(f"report written to {target}", highlight=False, markup=False)


@train_app.command("acled")
def train_acled(
    path: Path,
    out: Annotated[Path, typer.Option(help="Where to write the model (.json.gz).")],
    folds: Annotated[int, typer.Option(help="Cross-validation folds over notes.")] = 5,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength.")] = 1.0,
    limit: _LIMIT = None,
    report: _REPORT = None,
) -> None:
    """ACLED-format CSV(.gz), e.g. your own ACLED export: learn event types from its notes.

    Use the model with a settings file holding `[events] type_model = "PATH"`.
    """
    from .evaluate.common import write_report
    from .training import train

    if not path.exists():
        raise _fail(f"{path}: no such file or directory")
    result = train(path, out, folds=folds, c=c, limit=limit)
    target = write_report(result, report or Path("reports") / "train-acled.json")
    summary = {  # the headline figures; the tables by threshold stay in the report
        k: {n: x for n, x in v.items() if n != "by_threshold"} if isinstance(v, dict) else v
        for k, v in result.items()
    }
    _print_json(summary)
    err.print(f"model written to {out}; report written to {target}", highlight=False, markup=False)


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def main(argv: list[str] | None = None) -> None:
    """Entry point: an error a user can fix is one line on standard error and exit code 1; an
    internal error one line and 70 (the traceback with --debug)."""
    try:
        app(args=argv)
    except SystemExit:
        raise
    except BrokenPipeError:  # `eventwire export | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    except EventwireError as e:
        _problem(_one_line(e))
        sys.exit(EXIT_ERROR)
    except OSError as e:
        _problem((f"{e.filename}: " if e.filename else "") + (e.strerror or _one_line(e)))
        sys.exit(EXIT_ERROR)
    except Exception as e:
        if _debug:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(e).__name__}: {escape(_one_line(e)[:300])} "
            "(rerun with --debug for the traceback, and please report it)",
            highlight=False,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
