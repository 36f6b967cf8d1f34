"""Corpus runs that write results to Parquet shards, on this machine or on a Ray cluster.

``run_local`` and ``run_ray`` give the same rows: one per article, with the article's fields
and its whole result as JSON. ``load`` puts shards into a store (de-duplicating as ingest does).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .ingest import Problem
from .models import Article, ArticleResult
from .store import Store

ARTICLE_FIELDS = [f.name for f in fields(Article)]


@dataclass
class RunReport:
    articles: int = 0
    events: int = 0
    shards: int = 0
    problems: list[Problem] = field(default_factory=list)


def result_row(article: Article, result: ArticleResult) -> dict[str, Any]:
    """One output row: the article's fields plus its result as JSON."""
    return asdict(article) | {"text_hash": result.text_hash, "num_events": len(result.events),
                              "result": json.dumps(result.to_dict(), ensure_ascii=False)}  # fmt: skip


def _write_shard(rows: list[dict[str, Any]], out_dir: Path, index: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), out_dir / f"part-{index:05d}.parquet")


def run_local(
    inputs: Iterable[str | Path], out_dir: Path, n_process: int | None = None, shard_size: int = 1000
) -> RunReport:
    """Extract ``inputs`` on this machine's cores into Parquet shards under ``out_dir``."""
    from .parallel import extract_parallel
    from .sources import iter_sources

    out_dir.mkdir(parents=True, exist_ok=True)
    report = RunReport()
    queue: list[Article] = []

    def articles() -> Iterator[Article]:
        for item in iter_sources(inputs):
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                queue.append(item)
                yield item

    rows: list[dict[str, Any]] = []
    for result in extract_parallel(articles(), n_process):
        rows.append(result_row(queue.pop(0), result))
        report.articles += 1
        report.events += len(result.events)
        if len(rows) >= shard_size:
            _write_shard(rows, out_dir, report.shards)
            report.shards += 1
            rows = []
    if rows:
        _write_shard(rows, out_dir, report.shards)
        report.shards += 1
    return report


def _files(inputs: Iterable[str | Path]) -> list[str]:
    from .ingest import iter_files

    return [str(p) for p in iter_files(inputs)]


def _read_file(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Ray flat_map: the articles of one input file (JSONL, WARC, HTML, text, Parquet)."""
    from .sources import iter_sources

    path = row["path"]
    if path.endswith(".parquet"):
        import pyarrow.parquet as pq

        from .ingest import make_article

        table = pq.read_table(path).to_pylist()
        items: Iterable[Any] = (
            make_article(r["text"], **{k: r.get(k) for k in ("id", "title", "published", "url", "source")})
            for r in table
        )
    else:
        items = iter_sources([path])
    out = []
    for item in items:
        if isinstance(item, Problem):
            out.append({"problem": str(item)} | {name: None for name in ARTICLE_FIELDS})
        else:
            out.append({"problem": None} | asdict(item))
    return out


OUTPUT_COLUMNS = [*ARTICLE_FIELDS, "text_hash", "num_events", "result", "problem"]


def _output_schema() -> Any:
    """One Arrow schema for every output batch (so that a batch of problems only still fits)."""
    import pyarrow as pa

    types = {name: pa.string() for name in OUTPUT_COLUMNS} | {"num_events": pa.int64()}
    return pa.schema([(name, types[name]) for name in OUTPUT_COLUMNS])


class _RayExtractor:
    """One pipeline per Ray actor, loaded once when the actor starts; extracts a batch of
    articles into compact Arrow rows (problems pass through)."""

    def __init__(self) -> None:
        from .pipeline import warm_up

        warm_up()
        self.schema = _output_schema()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from .pipeline import extract_articles

        records = batch.to_pylist()
        articles = [Article(**{k: r.get(k) for k in ARTICLE_FIELDS}) for r in records if not r.get("problem")]
        rows = [
            result_row(a, res) | {"problem": None} for a, res in zip(articles, extract_articles(articles))
        ]
        rows += [{"problem": r["problem"]} for r in records if r.get("problem")]
        return pa.Table.from_pylist(rows, schema=self.schema)


def run_ray(
    inputs: Iterable[str | Path],
    out_dir: Path,
    address: str | None = None,
    num_workers: int = 2,
    batch_size: int = 16,
) -> RunReport:
    """The same extraction on Ray Data: files are read by light tasks, articles extracted by
    ``num_workers`` actors (one spaCy pipeline each, ``map_batches``), rows written as Parquet."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    files = _files(inputs)
    report = RunReport()
    if not files:
        return report
    started_here = not ray.is_initialized()
    if started_here:
        options: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": "ERROR",
        }
        if address:
            ray.init(address=address, **options)
        else:
            # one slot beyond the extraction actors for the light reading and writing tasks,
            # which otherwise wait forever for a CPU the actors hold
            ray.init(num_cpus=num_workers + 1, **options)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # small blocks: one JSONL or WARC file holds thousands of articles, and a single block
        # would go to a single actor; ~20 news articles a block (a few seconds of work) keep every
        # actor busy to the end, where a large block would leave one actor idle while another ends it
        context.target_max_block_size = 64 * 1024
        # reading is I/O: a fraction of a CPU, so that it runs beside the extraction actors
        items = ray.data.from_items([{"path": p} for p in files]).flat_map(_read_file, num_cpus=0.25)
        results = items.map_batches(
            _RayExtractor,
            batch_size=batch_size,
            batch_format="pyarrow",
            # two blocks queued per actor: enough to hide the hand-over, few enough that the last
            # blocks go to whichever actor is free
            compute=ray.data.ActorPoolStrategy(size=num_workers, max_tasks_in_flight_per_actor=2),
            num_cpus=1,
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        results.write_parquet(str(out_dir))
    finally:
        if started_here:
            ray.shutdown()
    for row in read_rows(out_dir, columns=["problem", "num_events"]):
        if row.get("problem"):
            report.problems.append(Problem("ray", row["problem"]))
        else:
            report.articles += 1
            report.events += int(row["num_events"])
    report.shards = len(list(out_dir.glob("*.parquet")))
    return report


def read_rows(out_dir: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of every Parquet shard under ``out_dir`` (only ``columns`` if given), a row group at a
    time, so that memory stays flat however large the shards are."""
    import pyarrow.parquet as pq

    for path in sorted(Path(out_dir).rglob("*.parquet")):
        shard = pq.ParquetFile(path)
        for group in range(shard.num_row_groups):
            yield from shard.read_row_group(group, columns=columns).to_pylist()


def load(out_dir: Path, store: Store, batch: int = 200) -> int:
    """Store every row of the shards under ``out_dir``; returns articles written."""
    written = 0
    pending: list[tuple[Article, ArticleResult]] = []
    for row in read_rows(out_dir):
        if row.get("problem"):
            continue
        article = Article(**{k: row.get(k) for k in ARTICLE_FIELDS})
        pending.append((article, ArticleResult.from_dict(json.loads(row["result"]))))
        if len(pending) >= batch:
            written += store.write(pending)
            pending = []
    if pending:
        written += store.write(pending)
    return written
