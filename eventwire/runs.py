"""Corpus runs that write results to Parquet shards, on this machine or on a Ray cluster.

``run_local`` and ``run_ray`` give the same rows: one per article, with the article's fields
and its whole result as JSON. ``load`` puts shards into a store (de-duplicating as ingest does).
"""

from __future__ import annotations

import itertools
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


def _write_shard(rows: list[dict[str, Any]], out_dir: Path, name: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), out_dir / f"{name}.parquet")


def run_local(
    inputs: Iterable[str | Path], out_dir: Path, n_process: int | None = None, shard_size: int = 1000
) -> RunReport:
    """Extract ``inputs`` on this machine's cores into Parquet shards under ``out_dir``."""
    from .parallel import extract_parallel

    out_dir.mkdir(parents=True, exist_ok=True)
    report = RunReport()
    queue: list[Article] = []

    def articles() -> Iterator[Article]:
        for item in iter_inputs(inputs):
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
            _write_shard(rows, out_dir, f"part-{report.shards:05d}")
            report.shards += 1
            rows = []
    if rows:
        _write_shard(rows, out_dir, f"part-{report.shards:05d}")
        report.shards += 1
    return report


_PARQUET_META = ("id", "title", "published", "url", "source")


def _parquet_articles(path: Path) -> Iterator[Article]:
    """Articles from a Parquet file with a ``text`` column (and optional metadata columns)."""
    import pyarrow.parquet as pq

    from .ingest import make_article

    for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
        for r in batch.to_pylist():
            yield make_article(r["text"], **{k: r.get(k) for k in _PARQUET_META})


def iter_inputs(inputs: Iterable[str | Path]) -> Iterator[Article | Problem]:
    """What a run reads: the sources ingest reads (files, directories, URLs, WARC) and Parquet
    files with a ``text`` column, in a stable order; problems are yielded, never raised."""
    from .ingest import iter_files
    from .sources import is_url, iter_sources

    for item in inputs:
        if is_url(item):
            yield from iter_sources([item])
            continue
        for path in iter_files([item]):
            yield from _parquet_articles(path) if path.suffix == ".parquet" else iter_sources([path])


class _RayExtractor:
    """A Ray actor: one pipeline, loaded when the actor starts; extracts batches of articles and
    writes their rows as its own Parquet shards (``{prefix}-NNNNN.parquet``, ``shard_size`` rows)."""

    def __init__(self, out_dir: str, prefix: str, shard_size: int = 1000) -> None:
        from .pipeline import warm_up

        warm_up()
        self.out_dir, self.prefix, self.shard_size = Path(out_dir), prefix, shard_size
        self.rows: list[dict[str, Any]] = []
        self.shards = 0

    def extract(self, articles: list[Article]) -> tuple[int, int]:
        """Extract ``articles``; returns (articles, events)."""
        from .pipeline import extract_articles

        results = list(extract_articles(articles))
        self.rows += [result_row(a, r) for a, r in zip(articles, results)]
        if len(self.rows) >= self.shard_size:
            self._flush()
        return len(results), sum(len(r.events) for r in results)

    def close(self) -> int:
        """Write the rows still held; returns the shards written."""
        self._flush()
        return self.shards

    def _flush(self) -> None:
        if self.rows:
            _write_shard(self.rows, self.out_dir, f"{self.prefix}-{self.shards:05d}")
            self.shards += 1
            self.rows = []


def init_ray(address: str | None = None, num_cpus: int = 2) -> bool:
    """Connect to the cluster at ``address``, or start a lean local one with ``num_cpus`` CPUs
    (no dashboard, no metrics, no usage stats); False when Ray was already initialised."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
    if address:
        ray.init(address=address, **options)
    else:
        # metrics are exported every few seconds by every process: CPU the actors need; and the
        # actors run at this process's priority, not niced below every other job on the machine
        config = {"enable_metrics_collection": False, "worker_niceness": 0}
        ray.init(num_cpus=num_cpus, _system_config=config, **options)
    return True


def _batches(items: Iterator[Article | Problem], size: int, report: RunReport) -> Iterator[list[Article]]:
    """Articles in lists of ``size``; problems go to ``report``."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_ray(
    inputs: Iterable[str | Path],
    out_dir: Path,
    address: str | None = None,
    num_workers: int = 2,
    batch_size: int = 8,
    shard_size: int = 1000,
) -> RunReport:
    """The same extraction on Ray: ``num_workers`` actors (one CPU and one pipeline each) extract
    batches of articles the driver reads and write their own Parquet shards under ``out_dir``
    (on a cluster, a folder every node can write). The actors load their pipelines while the
    driver reads; each holds at most two batches, so the last ones go to whichever is free."""
    import ray

    report = RunReport()
    batches = _batches(iter_inputs(inputs), batch_size, report)
    first = next(batches, None)
    if first is None:
        return report  # nothing to extract: do not start Ray at all
    out_dir.mkdir(parents=True, exist_ok=True)
    started_here = init_ray(address, num_workers)
    extractor = ray.remote(num_cpus=1)(_RayExtractor)
    actors = [extractor.remote(str(out_dir), f"part-{i:03d}", shard_size) for i in range(num_workers)]
    try:
        in_flight: dict[Any, int] = {}  # result -> actor index
        held = [0] * num_workers

        def collect() -> None:
            [done], _ = ray.wait(list(in_flight), num_returns=1)
            held[in_flight.pop(done)] -= 1
            articles, events = ray.get(done)
            report.articles += articles
            report.events += events

        for batch in itertools.chain([first], batches):
            while len(in_flight) >= 2 * num_workers:
                collect()
            i = held.index(min(held))
            in_flight[actors[i].extract.remote(batch)] = i
            held[i] += 1
        while in_flight:
            collect()
        report.shards = sum(ray.get([a.close.remote() for a in actors]))
    finally:
        for actor in actors:
            ray.kill(actor)
        if started_here:
            ray.shutdown()
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
