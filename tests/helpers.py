"""Builders shared by the tests: events, stored articles and results, and a run of the entry point."""

from __future__ import annotations

import sys

import pytest

from eventwire.cli import main
from eventwire.pipeline import text_hash
from eventwire.records import Article, ArticleResult, DateMention, Event, Place, Source, Statement
from eventwire.store.store import Store


def event_at(doc, trigger: str, nth: int = 0) -> Event:
    """An untyped event whose trigger is the ``nth`` occurrence of ``trigger`` in ``doc``."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(trigger, start + 1)
    span = doc.char_span(start, start + len(trigger), alignment_mode="expand")
    sent = span.sent
    return Event(
        None, None, None,
        trigger=Source(trigger, start, start + len(trigger)),
        evidence=Source(sent.text, sent.start_char, sent.end_char),
    )  # fmt: skip


STORE_TEXT = "Rebels shelled Goma on Monday, killing five civilians. A spokesman said the army would respond."


def sample_result(article: Article, status: str = "current", fatalities: int = 5) -> ArticleResult:
    event = Event(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        disorder_type="Political violence",
        plover_type="ASSAULT",
        plover_mode="heavy-weapons",
        status=status,
        event_date="2024-03-04",
        time_precision=1,
        actor1="M23: March 23 Movement",
        inter1=2,
        actor2="Civilians (Democratic Republic of Congo)",
        inter2=7,
        location="Goma",
        country="Democratic Republic of Congo",
        iso3="COD",
        latitude=-1.67,
        longitude=29.22,
        geo_precision=1,
        fatalities=fatalities,
        evidence=Source(STORE_TEXT[:55], 0, 55),
        trigger=Source("shelled", 7, 14),
        provenance={"fatalities": Source("five", 40, 44, 0.9)},
    )
    statement = Statement("the spokesman", None, None, "said", "the army would respond", "indirect", 70, 92)
    place = Place(
        "Goma", 15, 19, "Goma", "Democratic Republic of Congo", "COD", "North Kivu", -1.67, 29.22, 212902
    )
    date = DateMention("Monday", 23, 29, "2024-03-04", "day")
    return ArticleResult(
        id=article.id, title=article.title, published=article.published, url=None, source="test",
        events=[event], statements=[statement], places=[place], dates=[date],
        text_hash=text_hash(article.text),
    )  # fmt: skip


def sample_article(id_: str = "a1", text: str = STORE_TEXT) -> Article:
    return Article(id=id_, text=text, title="Rebels shell Goma", published="2024-03-05", source="test")


def write_report(store: Store, article_id: str, source: str, events: list[Event]) -> None:
    text = f"report {article_id}"
    article = Article(id=article_id, text=text, source=source)
    result = ArticleResult(id=article_id, title=None, published="2024-03-05", url=None, source=source,
                           events=events, text_hash=text_hash(text))  # fmt: skip
    store.write([(article, result)])


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the real entry point (what the `eventwire` script runs): exit code, stdout, stderr."""
    argv, sys.argv = sys.argv, ["eventwire", *args]
    try:
        with pytest.raises(SystemExit) as exit_info:
            main()
            raise SystemExit(0)
    finally:
        sys.argv = argv
    out = capsys.readouterr()
    return exit_info.value.code or 0, out.out, out.err
