"""Corpus runs: read inputs, skip what is stored, extract in batches, store each batch at once."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .fetch import Fetcher
from .ingest import Problem
from .models import Article, ArticleResult
from .parallel import extract_parallel
from .pipeline import text_hash
from .settings import setting
from .sources import iter_sources
from .store import Store


@dataclass
class IngestReport:
    """What an ingest run did."""

    read: int = 0
    skipped: int = 0  # already stored with the same text
    processed: int = 0  # extracted in this run
    written: int = 0
    events: int = 0
    statements: int = 0
    problems: list[Problem] = field(default_factory=list)


def ingest(
    inputs: Iterable[str | Path],
    store: Store,
    published: str | None = None,
    on_article: Callable[[IngestReport], None] | None = None,
    batch_size: int | None = None,
    fetcher: Fetcher | None = None,
    feed_lists: Iterable[Path] = (),
    n_process: int | None = None,
) -> IngestReport:
    """Extract every article in ``inputs`` into ``store``; stored articles are skipped before parsing.

    ``n_process`` workers extract (default: one per core). Each batch is written in one
    transaction, so a crash loses at most the batch in flight,
    and re-running picks up where it stopped.
    """
    report = IngestReport()

    def fresh() -> Iterator[Article]:
        pending: list[Article] = []

        def flush() -> Iterator[Article]:
            known = store.known_hashes([a.id for a in pending])
            hashes = {a.id: text_hash(a.text) for a in pending}
            stored_texts = store.known_text_hashes(list(hashes.values()))
            batch_texts: set[str] = set()
            for article in pending:
                digest = hashes[article.id]
                duplicate = digest in batch_texts or (digest in stored_texts and article.id not in known)
                batch_texts.add(digest)
                if known.get(article.id) == digest or duplicate:
                    report.skipped += 1
                    if on_article:
                        on_article(report)
                else:
                    yield article
            pending.clear()

        seen = store.has_article
        for item in iter_sources(inputs, published, fetcher=fetcher, seen=seen, feed_lists=feed_lists):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            report.read += 1
            if published and item.published_source != "override":
                item.published, item.published_source = published, "override"
            pending.append(item)
            if len(pending) >= 256:
                yield from flush()
        yield from flush()

    size = batch_size or int(setting("store", "insert_batch"))
    queue: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        for article in fresh():
            queue.append(article)
            yield article

    buffer: list[tuple[Article, ArticleResult]] = []
    for result in extract_parallel(feed(), n_process):
        buffer.append((queue.popleft(), result))
        report.processed += 1
        report.events += len(result.events)
        report.statements += len(result.statements)
        if len(buffer) >= size:
            report.written += store.write(buffer)
            buffer = []
        if on_article:
            on_article(report)
    if buffer:
        report.written += store.write(buffer)
    return report
