"""The same corpus run on Ray Data: files read by light tasks, articles extracted by an actor
pool (one spaCy pipeline per actor, ``map_batches``), rows written by Ray as Parquet.

``eventwire run --engine ray-data``. On a cluster whose nodes read shards from shared storage
this is Ray's own streaming executor end to end; on one small machine its coordinator and
read/write tasks cost CPU the extraction needs, so ``--engine ray`` (plain actors,
:func:`eventwire.runs.runs.run_ray`) is faster there (bench/corpus.py). Both give the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..io.ingest import Problem
from ..records import Article
from .runs import ARTICLE_FIELDS, RunReport, finished_articles, init_ray, result_row

OUTPUT_COLUMNS = [*ARTICLE_FIELDS, "text_hash", "num_events", "result", "problem"]


def _read_file(row: dict[str, Any], done: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Ray ``flat_map``: the articles of one input file, problems as rows of their own; articles in
    ``done`` (id -> text hash, from the finished shards of an earlier run) are left out."""
    from ..pipeline import text_hash
    from .runs import iter_inputs

    out = []
    for item in iter_inputs([row["path"]]):
        if isinstance(item, Problem):
            out.append({"problem": str(item)} | {name: None for name in ARTICLE_FIELDS})
        elif done and done.get(item.id) == text_hash(item.text):
            continue
        else:
            out.append({"problem": None} | asdict(item))
    return out


def _output_schema() -> Any:
    """One Arrow schema for every output batch (so that a batch of problems only still fits)."""
    import pyarrow as pa

    types = {name: pa.string() for name in OUTPUT_COLUMNS} | {"num_events": pa.int64()}
    return pa.schema([(name, types[name]) for name in OUTPUT_COLUMNS])


class _BatchExtractor:
    """A ``map_batches`` actor: one pipeline, loaded when the actor starts; Arrow rows in and out."""

    def __init__(self) -> None:
        from ..pipeline import warm_up

        warm_up()
        self.schema = _output_schema()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from ..pipeline import extract_articles

        records = batch.to_pylist()
        articles = [Article(**{k: r.get(k) for k in ARTICLE_FIELDS}) for r in records if not r.get("problem")]
        rows = [
            result_row(a, res) | {"problem": None} for a, res in zip(articles, extract_articles(articles))
        ]
        rows += [{"problem": r["problem"]} for r in records if r.get("problem")]
        return pa.Table.from_pylist(rows, schema=self.schema)


def run_ray_data(
    inputs: Iterable[str | Path],
    out_dir: Path,
    address: str | None = None,
    num_workers: int = 2,
    batch_size: int = 8,
) -> RunReport:
    """Extract ``inputs`` with Ray Data into Parquet under ``out_dir``; same rows as ``run_ray``."""
    from ..io.ingest import iter_files
    from ..io.sources import is_url

    files = []
    for item in inputs:
        files += [str(item)] if is_url(item) else [str(p) for p in iter_files([item])]
    report = RunReport()
    if not files:
        return report
    done = finished_articles(out_dir, report.problems)  # resume: skip what earlier runs finished
    before = set(out_dir.rglob("*.parquet")) if out_dir.is_dir() else set()
    # one CPU beyond the actors for the light reading and writing tasks, which otherwise wait
    # for a CPU the actors hold
    started_here = init_ray(address, num_workers + 1)
    import ray

    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # small blocks: one JSONL or WARC file holds thousands of articles, and one block would go
        # to one actor; a few seconds of work per block keeps every actor busy to the end
        context.target_max_block_size = 64 * 1024
        items = ray.data.from_items([{"path": p} for p in files]).flat_map(
            _read_file, fn_kwargs={"done": done}, num_cpus=0.25
        )
        results = items.map_batches(
            _BatchExtractor,
            batch_size=batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=num_workers, max_tasks_in_flight_per_actor=2),
            num_cpus=1,
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        results.write_parquet(str(out_dir))
    finally:
        if started_here:
            ray.shutdown()
    import pyarrow.parquet as pq

    written = sorted(set(out_dir.rglob("*.parquet")) - before)  # this run's files only
    for path in written:
        for row in pq.read_table(path, columns=["problem", "num_events"]).to_pylist():
            if row.get("problem"):
                report.problems.append(Problem("ray", row["problem"]))
            else:
                report.articles += 1
                report.events += int(row["num_events"])
    report.shards = len(written)
    return report
