"""Command line: each command parses options and calls one library function."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import EventwireError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News articles in, clean event data out.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure extraction quality against annotated data.")
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(no_args_is_help=True, help="Train the event-type model on coded data.")
app.add_typer(train_app, name="train")
err = Console(stderr=True, soft_wrap=True)


@app.callback()
def _options(
    settings: Annotated[
        Path | None, typer.Option("--settings", help="TOML file overriding data/settings.toml.")
    ] = None,
) -> None:
    """News articles in, clean event data out."""
    from .settings import use_settings_file

    if settings is not None and not settings.is_file():
        raise _fail(f"{settings}: no such settings file")
    use_settings_file(str(settings) if settings else None)


class OutFormat(StrEnum):
    pretty = "pretty"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _problem(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)


@app.command()
def extract(
    path: Annotated[Path | None, typer.Argument(help="A text or HTML file (omit with --jsonl).")] = None,
    jsonl: Annotated[
        Path | None, typer.Option(help="JSONL input: one object a line (id, text|html, published…).")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides the input's).")
    ] = None,
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.pretty,
) -> None:
    """Extract events, statements, places and dates from articles and print them."""
    from .ingest import Problem, read_path, validate_iso_date
    from .pipeline import extract_articles
    from .render import print_result

    try:
        validate_iso_date(published)
    except InputError as e:
        raise _fail(str(e)) from None
    source = jsonl or path
    if source is None:
        raise _fail("give a file to read, or --jsonl FILE")
    problems = 0

    def articles():
        nonlocal problems
        for item in read_path(source, published):
            if isinstance(item, Problem):
                problems += 1
                _problem(str(item))
            else:
                yield item

    out = Console()
    for result in extract_articles(articles()):
        data = result.to_dict()
        if format is OutFormat.pretty:
            print_result(out, data)
        elif format is OutFormat.json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories (text, HTML, JSONL, WARC, .gz), page or feed URLs."),
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
) -> None:
    """Extract every article and store it; articles already stored are skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .corpus import ingest as run_ingest
    from .fetch import Fetcher
    from .ingest import validate_iso_date
    from .store import Store

    try:
        validate_iso_date(published)
    except InputError as e:
        raise _fail(str(e)) from None
    if not inputs and not feeds:
        raise _fail("give files, directories or URLs to ingest, or --feeds FILE")
    fetcher = Fetcher(allow_private=allow_private)
    options = {"fetcher": fetcher, "feed_lists": feeds or (), "n_process": processes}
    with Store(db) as store:
        if quiet:
            report = run_ingest(inputs or [], store, published, **options)
        else:
            columns = (
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} articles/s · {task.fields[events]} events"),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=err, transient=False) as progress:
                task = progress.add_task("ingest", total=None, rate=0.0, events=0)

                def tick(report) -> None:
                    done = report.processed + report.skipped
                    elapsed = progress.tasks[0].elapsed or 1e-9
                    progress.update(task, completed=done, rate=done / elapsed, events=report.events)

                report = run_ingest(inputs or [], store, published, on_article=tick, **options)
    for problem in report.problems:
        _problem(str(problem))
    err.print(
        f"{report.read} read · {report.written} stored · {report.skipped} already stored · "
        f"{report.events} events · {report.statements} statements · {len(report.problems)} problems",
        highlight=False,
    )
    if report.problems:
        raise typer.Exit(1)


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
        Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")
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
) -> None:
    """Write stored events in one of the field's formats."""
    from .export import BINARY_EXPORTERS, EXPORTERS, EventFilter, export_parquet
    from .store import Store

    if format not in EXPORTERS and format not in BINARY_EXPORTERS:
        raise _fail(f"unknown format {format!r}; choose from {', '.join([*EXPORTERS, *BINARY_EXPORTERS])}")
    if not db.exists():
        raise _fail(f"{db}: no such database (run `eventwire ingest` first)")
    filters = EventFilter(statuses=None if all_statuses else ("current", "past"), country=country,
                          since=since, until=until, mentions=mentions)  # fmt: skip
    with Store(db, read_only=True) as store:
        if format in BINARY_EXPORTERS:
            if out is None:
                raise _fail("parquet needs --out FILE")
            n = export_parquet(store, str(out), filters)
        elif out is None:
            n = EXPORTERS[format](store, sys.stdout, filters)
        else:
            with out.open("w", encoding="utf-8", newline="") as fh:
                n = EXPORTERS[format](store, fh, filters)
    err.print(f"{n} records written", highlight=False)


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
    """Extract a corpus into Parquet shards (load them with `eventwire load`)."""
    from .runs import run_local, run_ray

    if engine is Engine.ray:
        report = run_ray(inputs, out, address=address, num_workers=workers)
    elif engine is Engine.ray_data:
        from .runs_ray_data import run_ray_data

        report = run_ray_data(inputs, out, address=address, num_workers=workers)
    else:
        report = run_local(inputs, out, n_process=workers)
    for problem in report.problems:
        _problem(str(problem))
    err.print(f"{report.articles} articles · {report.events} events · {report.shards} shards in {out}")
    if report.problems:
        raise typer.Exit(1)


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
    from .runs import load as load_shards
    from .store import Store

    if not directory.is_dir():
        raise _fail(f"{directory}: no such directory")
    with Store(db) as store:
        written = load_shards(directory, store)
        merged = store.count("merged_events")
    err.print(f"{written} articles stored · {merged} merged events in {db}")


@app.command()
def serve(
    db: Annotated[Path, typer.Option(help="DuckDB database written by `ingest`.")] = Path("events.duckdb"),
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the API (/api/events, /api/events.FORMAT, /api/extract) and the web page (/)."""
    import uvicorn

    from .serve import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level="info")


def _run_eval(name: str, path: Path, limit: int | None, report: Path | None) -> None:
    import importlib

    from .evaluate.common import write_report

    if not path.exists():
        raise _fail(f"{path}: no such file or directory")
    module = importlib.import_module(f"eventwire.evaluate.{name}")
    result = module.evaluate(str(path), limit=limit)
    target = write_report(result, report or Path("reports") / f"eval-{name}.json")
    summary = result.get("summary") or {  # the headline figures; per-label tables stay in the file
        k: v for k, v in result.items() if not isinstance(v, list) and len(json.dumps(v, default=str)) < 800
    }
    Console().print_json(json.dumps(summary, default=str))
    err.print(f"report written to {target}", highlight=False)


_LIMIT = Annotated[int | None, typer.Option(help="Only the first N items.")]
_REPORT = Annotated[Path | None, typer.Option(help="Where to write the JSON report.")]


EVALUATIONS = {  # eventwire.evaluate.NAME, and what it reads and measures
    "acled": "ACLED-format CSV(.gz): event type, actors, fatalities, location against the coders.",
    "case2021": "CASE 2021 task 2 TSV: sub-event type weighted F1 and non-events.",
    "geoparse": "GeoWebNews/LGL XML: toponym recognition and resolution.",
    "timeml": "TempEval-3 TimeML (dir or tar): TIMEX recognition and value accuracy.",
    "polnear": "PolNeAR brat standoff (dir or tar): attribution content, cue and speaker.",
    "dedupe": "JSONL articles with a gold_event label: pairwise merge precision/recall.",
}


def _eval_command(name: str, help_text: str) -> None:
    def command(path: Path, limit: _LIMIT = None, report: _REPORT = None) -> None:
        _run_eval(name, path, limit, report)

    command.__doc__ = help_text
    eval_app.command(name)(command)


for _name, _help in EVALUATIONS.items():
    _eval_command(_name, _help)


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
    Console().print_json(json.dumps(summary, default=str))
    err.print(f"model written to {out}; report written to {target}", highlight=False)


def main() -> None:
    """Entry point: library errors become one clear line and exit code 1."""
    try:
        app()
    except EventwireError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
