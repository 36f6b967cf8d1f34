"""The commands over stored data and corpus runs: ``export``, ``run``, ``load`` and ``serve``."""

from __future__ import annotations

import shutil
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_ERROR, err, fail, is_dash, print_problem


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
    from ..output.export import BINARY_EXPORTERS, EXPORTERS
    from ..output.formats_parquet import export_parquet
    from ..output.query import EventFilter
    from ..store.store import Store

    if format not in EXPORTERS and format not in BINARY_EXPORTERS:
        raise fail(f"unknown format {format!r}; choose from {', '.join([*EXPORTERS, *BINARY_EXPORTERS])}")
    if not db.exists():
        raise fail(f"{db}: no such database (run `eventwire ingest` first)")
    to_stdout = out is None or is_dash(out)
    if format in BINARY_EXPORTERS and to_stdout and sys.stdout.isatty():
        raise fail(f"{format} is binary: give --out FILE, or redirect standard output (--out -)")
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
    from ..runs.runs import run_local, run_ray

    if engine is Engine.ray:
        report = run_ray(inputs, out, address=address, num_workers=workers)
    elif engine is Engine.ray_data:
        from ..runs.ray_data import run_ray_data

        report = run_ray_data(inputs, out, address=address, num_workers=workers)
    else:
        report = run_local(inputs, out, n_process=workers)
    for problem in report.problems:
        print_problem(str(problem))
    skipped = f" · {report.skipped} already in finished shards" if report.skipped else ""
    err.print(
        f"{report.articles} articles · {report.events} events · {report.shards} shards in {out}{skipped}",
        highlight=False,
        markup=False,
    )
    if report.problems:
        raise typer.Exit(EXIT_ERROR)


def load(
    directory: Annotated[
        Path, typer.Argument(help="Directory of Parquet shards written by `eventwire run`.")
    ],
    db: Annotated[Path, typer.Option(help="DuckDB database file (created if missing).")] = Path(
        "events.duckdb"
    ),
) -> None:
    """Store the results of `eventwire run`, merging events as ingest does."""
    from ..runs.runs import load as load_shards
    from ..store.store import Store

    if not directory.is_dir():
        raise fail(f"{directory}: no such directory")
    problems: list = []
    with Store(db) as store:
        written = load_shards(directory, store, problems=problems)
        merged = store.count("merged_events")
    for problem in problems:
        print_problem(str(problem))
    err.print(f"{written} articles stored · {merged} merged events in {db}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(EXIT_ERROR)


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

    from ..store.locking import shared_writer
    from ..store.store import Store
    from ..web.api import create_app, is_loopback

    if db.exists() and shared_writer(str(db)) is None:
        Store(db, read_only=True).close()  # in use, or not a database: one clear line now
    app = create_app(db, token=os.environ.get("EVENTWIRE_TOKEN") or None, public=not is_loopback(host))
    uvicorn.run(app, host=host, port=port, log_level="info")
