"""Records to JSON: ``to_dict`` (through :func:`eventwire.records.plain`) gives what ``asdict`` gives."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.records import Article, DateMention, Place, Status, plain
from tests.helpers import STORE_TEXT, sample_result

RESULT = sample_result(Article(id="a1", text=STORE_TEXT))


@pytest.mark.parametrize(
    "record",
    [
        *RESULT.events,
        *RESULT.statements,
        *RESULT.places,
        *RESULT.dates,
        Place("Goma", 0, 4, None, None, None, None, None, None, None),
        DateMention(text="Sunday", start=0, end=6, value=None, precision=None),
    ],
    ids=lambda r: type(r).__name__,
)
def test_plain_is_asdict(record):
    assert plain(record) == dataclasses.asdict(record)
    assert type(plain(record)) is dict


def test_plain_keeps_types_and_copies_containers():
    value = {"status": Status.CURRENT, "n": (1, [2, 3]), "ok": True, "x": 1.5, "none": None}
    out = plain(value)
    assert out == value and out["status"] is Status.CURRENT and type(out["n"]) is tuple
    assert out["n"][1] is not value["n"][1]  # a list inside is a new list, as asdict makes it
