"""Corpus runs: read inputs, skip what is stored, extract in batches, store each batch at once.

One bad article never stops a run: an id met again in the same run with different text is a
problem (the first version is kept), and an article whose extraction raises is a problem for that
article while the rest of its batch is extracted and stored.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Messages
from ..pipeline import extract_articles, text_hash
from ..records import Article, ArticleResult
from ..runs.parallel import extract_parallel
from ..settings import current
from ..store.store import Store
from .fetch import Fetcher
from .ingest import Problem
from .sources import iter_sources


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


class _FirstVersions:
    """The text of the first version of each id met in a run, so that a later one with other text
    is refused (keep the first). Kept small: a hash of the id and 8 bytes of the text hash."""

    def __init__(self) -> None:
        self._seen: dict[int, int] = {}

    def check(self, article_id: str, digest: str) -> str:
        """Which version this is: new (remembered now), the same text again, or other text."""
        key, value = hash(article_id), int(digest[:16], 16)
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = value
            return "new"
        return "same" if first == value else "other"


class _SourceFailed(Exception):
    """An exception raised by the input side, carried through extraction to be raised as it was."""


def _problem_for(article: Article, reason: str) -> Problem:
    return Problem(article.origin or article.id, reason)


def _extract_each(
    articles: Iterable[Article], n_process: int | None, problems: list[Problem]
) -> Iterator[tuple[Article, ArticleResult]]:
    """(article, result) for every article; where extraction raises, the articles in flight are
    extracted again one at a time here, the one that fails becomes a problem and the run goes on."""
    stream = iter(articles)
    queue: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        while True:
            try:
                article = next(stream)
            except StopIteration:
                return
            except Exception as err:
                raise _SourceFailed() from err
            queue.append(article)
            yield article

    while True:
        try:
            for result in extract_parallel(feed(), n_process):
                yield queue.popleft(), result
            return
        except _SourceFailed as err:
            raise err.__cause__ from None  # reading failed, not extracting: not one article's fault
        except Exception:
            if not queue:
                raise  # no article was in flight to blame
            in_flight = list(queue)
            queue.clear()
        for article in in_flight:
            try:
                (result,) = extract_articles([article])
            except Exception as err:
                reason = Messages.EXTRACT_FAILED.format(id=article.id, err=f"{type(err).__name__}: {err}")
                problems.append(_problem_for(article, reason))
                continue
            yield article, result


def ingest(
    inputs: Iterable[str | Path],
    store: Store,
    published: str | None = None,
    on_article: Callable[[IngestReport], None] | None = None,
    batch_size: int | None = None,
    fetcher: Fetcher | None = None,
    feed_lists: Iterable[Path] = (),
    n_process: int | None = None,
    source: str | None = None,
) -> IngestReport:
    """Extract every article in ``inputs`` into ``store``; stored articles are skipped before parsing.

    ``source``: the source name of articles whose input names none (ACLED's ``source``).

    ``n_process`` workers extract (default: one per core). Each batch is written in one
    transaction, so a crash loses at most the batch in flight,
    and re-running picks up where it stopped. An id met twice in a run with different texts keeps
    its first version; the second is reported as a problem and not stored.
    """
    report = IngestReport()
    first_versions = _FirstVersions()

    def fresh() -> Iterator[Article]:
        pending: list[Article] = []

        def flush() -> Iterator[Article]:
            known = store.known_hashes([a.id for a in pending])
            hashes = [text_hash(a.text) for a in pending]
            stored_texts = store.known_text_hashes(list(dict.fromkeys(hashes)))
            batch_texts: set[str] = set()
            for article, digest in zip(pending, hashes):
                version = first_versions.check(article.id, digest)
                if version == "other":
                    report.problems.append(_problem_for(article, Messages.DUPLICATE_ID.format(id=article.id)))
                    continue
                duplicate = digest in batch_texts or (digest in stored_texts and article.id not in known)
                duplicate = duplicate or version == "same"  # met before in this run: stored or in flight
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
            if source and not item.source:
                item.source = source
            pending.append(item)
            if len(pending) >= 256:
                yield from flush()
        yield from flush()

    size = batch_size or int(current().store.insert_batch)
    buffer: list[tuple[Article, ArticleResult]] = []
    for article, result in _extract_each(fresh(), n_process, report.problems):
        buffer.append((article, result))
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
