"""Corpus runs that write results to Parquet shards, on this machine or on a Ray cluster.

``run_local`` and ``run_ray`` give the same rows: one per article, with the article's fields
and its whole result as JSON. ``load`` puts shards into a store (de-duplicating as ingest does).

Crash safety: a shard is written under a temporary name (``.NAME.parquet.tmp``) and renamed when
complete, so a finished shard is always whole; shards are written every ``[runs] shard_size``
articles or ``shard_seconds`` seconds, whichever comes first; a re-run into the same folder skips
the articles already in finished shards (resume) and numbers its shards after the existing ones.
``load`` reports a shard it cannot read and loads the others.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import EventwireError
from ..io.ingest import Problem
from ..records import Article, ArticleResult
from ..settings import current
from ..store.store import Store

ARTICLE_FIELDS = [f.name for f in fields(Article)]


@dataclass
class RunReport:
    articles: int = 0
    events: int = 0
    shards: int = 0
    skipped: int = 0  # already in finished shards of an earlier run into the same folder
    problems: list[Problem] = field(default_factory=list)


class ShardError(EventwireError):
    """Shards that could not be read (the others were loaded)."""


def result_row(article: Article, result: ArticleResult) -> dict[str, Any]:
    """One output row: the article's fields plus its result as JSON."""
    return asdict(article) | {"text_hash": result.text_hash, "num_events": len(result.events),
                              "result": json.dumps(result.to_dict(), ensure_ascii=False)}  # fmt: skip


def write_shard(rows: list[dict[str, Any]], out_dir: Path, name: str) -> None:
    """Write ``name``.parquet whole or not at all: under a temporary name, synced, then renamed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    final = out_dir / f"{name}.parquet"
    temporary = out_dir / f".{name}.parquet.tmp"
    pq.write_table(pa.Table.from_pylist(rows), temporary)
    with temporary.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(temporary, final)


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Shards a killed run left half-written (never renamed, never read)."""
    for path in out_dir.glob(".*.parquet.tmp"):
        path.unlink(missing_ok=True)


def next_shard_number(out_dir: Path) -> int:
    """One past the highest NNNNN of the ``part-NNNNN…`` shards already in ``out_dir`` (0 if none)."""
    numbers = [
        int(m.group(1)) for p in out_dir.glob("part-*.parquet") if (m := re.match(r"part-(\d+)", p.name))
    ]
    return max(numbers, default=-1) + 1


class ShardWriter:
    """Rows into shards ``{prefix}-NNNNN.parquet``: one every ``shard_size`` rows, or sooner when the
    oldest row held is ``shard_seconds`` old (settings.toml [runs]), so a kill loses little work."""

    def __init__(
        self, out_dir: Path, prefix: str, shard_size: int | None = None, start: int = 0, numbered: bool = True
    ) -> None:
        self.out_dir, self.prefix, self.numbered = Path(out_dir), prefix, numbered
        self.shard_size = shard_size or int(current().runs.shard_size)
        self.shard_seconds = float(current().runs.shard_seconds)
        self.rows: list[dict[str, Any]] = []
        self.first_row_at = 0.0
        self.number = start
        self.shards = 0

    def add(self, row: dict[str, Any]) -> None:
        if not self.rows:
            self.first_row_at = time.monotonic()
        self.rows.append(row)
        if len(self.rows) >= self.shard_size or time.monotonic() - self.first_row_at >= self.shard_seconds:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            write_shard(self.rows, self.out_dir, f"{self.prefix}-{self.number:05d}")
            self.number += 1
            self.shards += 1
            self.rows = []


def finished_articles(out_dir: Path, problems: list[Problem] | None = None) -> dict[str, str]:
    """id -> text hash of the articles in the finished shards under ``out_dir``."""
    done: dict[str, str] = {}
    if not Path(out_dir).is_dir():
        return done
    for path in _shard_paths(out_dir):
        for row in _guarded(_rows_of(path, ["id", "text_hash"]), path, problems):
            if row.get("id") is not None:
                done[row["id"]] = row.get("text_hash") or ""
    return done


def pending_inputs(
    inputs: Iterable[str | Path], out_dir: Path, report: RunReport
) -> Iterator[Article | Problem]:
    """What a run reads (:func:`iter_inputs`), less the articles already in finished shards."""
    from ..pipeline import text_hash

    done = finished_articles(out_dir, report.problems)
    for item in iter_inputs(inputs):
        if isinstance(item, Article) and item.id in done and done[item.id] == text_hash(item.text):
            report.skipped += 1
            continue
        yield item


def run_local(
    inputs: Iterable[str | Path], out_dir: Path, n_process: int | None = None, shard_size: int | None = None
) -> RunReport:
    """Extract ``inputs`` on this machine's cores into Parquet shards under ``out_dir``; articles
    already in its finished shards are skipped."""
    from .parallel import extract_parallel

    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    report = RunReport()
    queue: list[Article] = []

    def articles() -> Iterator[Article]:
        for item in pending_inputs(inputs, out_dir, report):
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                queue.append(item)
                yield item

    writer = ShardWriter(out_dir, "part", shard_size, start=next_shard_number(out_dir))
    for result in extract_parallel(articles(), n_process):
        writer.add(result_row(queue.pop(0), result))
        report.articles += 1
        report.events += len(result.events)
    writer.flush()
    report.shards = writer.shards
    return report


_PARQUET_META = ("id", "title", "published", "url", "source")


def _parquet_articles(path: Path) -> Iterator[Article]:
    """Articles from a Parquet file with a ``text`` column (and optional metadata columns)."""
    import pyarrow.parquet as pq

    from ..io.ingest import make_article

    for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
        for r in batch.to_pylist():
            yield make_article(r["text"], **{k: r.get(k) for k in _PARQUET_META})


def iter_inputs(inputs: Iterable[str | Path]) -> Iterator[Article | Problem]:
    """What a run reads: the sources ingest reads (files, directories, URLs, WARC) and Parquet
    files with a ``text`` column, in a stable order; problems are yielded, never raised."""
    from ..io.ingest import iter_files
    from ..io.sources import is_url, iter_sources

    for item in inputs:
        if is_url(item):
            yield from iter_sources([item])
            continue
        for path in iter_files([item]):
            yield from _parquet_articles(path) if path.suffix == ".parquet" else iter_sources([path])


class RayExtractor:
    """A Ray actor: one pipeline, loaded when the actor starts; extracts batches of articles and
    writes their rows as its own Parquet shards (``{prefix}-NNNNN.parquet``, ``shard_size`` rows)."""

    def __init__(self, out_dir: str, prefix: str, shard_size: int | None = None) -> None:
        from ..pipeline import warm_up

        warm_up()
        self.writer = ShardWriter(Path(out_dir), prefix, shard_size)

    def extract(self, articles: list[Article]) -> tuple[int, int]:
        """Extract ``articles``; returns (articles, events)."""
        from ..pipeline import extract_articles

        results = list(extract_articles(articles))
        for article, result in zip(articles, results):
            self.writer.add(result_row(article, result))
        return len(results), sum(len(r.events) for r in results)

    def close(self) -> int:
        """Write the rows still held; returns the shards written."""
        self.writer.flush()
        return self.writer.shards


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
    shard_size: int | None = None,
) -> RunReport:
    """The same extraction on Ray: ``num_workers`` actors (one CPU and one pipeline each) extract
    batches of articles the driver reads and write their own Parquet shards under ``out_dir``
    (on a cluster, a folder every node can write). The actors load their pipelines while the
    driver reads; each holds at most two batches, so the last ones go to whichever is free."""
    import ray

    report = RunReport()
    batches = _batches(pending_inputs(inputs, out_dir, report), batch_size, report)
    first = next(batches, None)
    if first is None:
        return report  # nothing to extract: do not start Ray at all
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    run = next_shard_number(out_dir)  # this run's shards sort after (and never replace) earlier ones
    started_here = init_ray(address, num_workers)
    extractor = ray.remote(num_cpus=1)(RayExtractor)
    actors = [
        extractor.remote(str(out_dir), f"part-{run:05d}-{i:03d}", shard_size) for i in range(num_workers)
    ]
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


_SHARD_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    KeyError,
    TypeError,
)  # ArrowInvalid is a ValueError


def _shard_problem(path: Path, err: BaseException) -> Problem:
    detail = (str(err).strip().splitlines() or [""])[0][:200]
    return Problem(
        str(path), f"not a readable shard ({type(err).__name__}: {detail}); skipped, the others go on"
    )


def _shard_paths(out_dir: Path) -> list[Path]:
    return sorted(Path(out_dir).rglob("*.parquet"))


def _rows_of(path: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    shard = pq.ParquetFile(path)
    for group in range(shard.num_row_groups):
        yield from shard.read_row_group(group, columns=columns).to_pylist()


def _guarded(items: Iterator[Any], path: Path, problems: list[Problem] | None) -> Iterator[Any]:
    """``items`` until the first error reading ``path``, which becomes a problem (or is raised)."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except _SHARD_ERRORS as err:
            if problems is None:
                raise
            problems.append(_shard_problem(path, err))
            return
        yield item


def read_rows(out_dir: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of every Parquet shard under ``out_dir`` (only ``columns`` if given), a row group at a
    time, so that memory stays flat however large the shards are."""
    for path in _shard_paths(out_dir):
        yield from _rows_of(path, columns)


def _shard_items(path: Path) -> Iterator[tuple[Article, ArticleResult]]:
    for row in _rows_of(path):
        if row.get("problem"):
            continue
        article = Article(**{k: row.get(k) for k in ARTICLE_FIELDS})
        yield article, ArticleResult.from_dict(json.loads(row["result"]))


def load(out_dir: Path, store: Store, batch: int | None = None, problems: list[Problem] | None = None) -> int:
    """Store every row of the shards under ``out_dir``; returns articles written.

    A shard that cannot be read (truncated, not Parquet, rows of the wrong shape) is skipped and
    the others are loaded; it is added to ``problems``, or, without that list, a :class:`ShardError`
    naming it is raised once the others are loaded.
    """
    size = batch or int(current().store.insert_batch)
    bad: list[Problem] = [] if problems is None else problems
    before = len(bad)
    written = 0
    pending: list[tuple[Article, ArticleResult]] = []
    for path in _shard_paths(out_dir):
        for item in _guarded(_shard_items(path), path, bad):
            pending.append(item)
            if len(pending) >= size:
                written += store.write(pending)
                pending = []
    if pending:
        written += store.write(pending)
    if problems is None and len(bad) > before:
        raise ShardError("; ".join(str(p) for p in bad))
    return written
