"""Acceptance (issue 19): the seed article's interactions coded in PLOVER (skips without ../shared)."""

from __future__ import annotations

import pytest

from eventwire import extract


@pytest.fixture(scope="module")
def coded(shared_dir):
    path = shared_dir / "seed" / "iraq-drone-strike-2024-02-08.txt"
    if not path.exists():
        pytest.skip("../shared/seed is absent")
    result = extract(path.read_text("utf-8"), published="2024-02-08")
    return [e for e in result.events if e.plover_type]


def _find(coded, ptype: str, words: str, source: str, target: str) -> list:
    return [
        e
        for e in coded
        if e.plover_type == ptype
        and e.evidence is not None
        and words in e.evidence.text
        and source in (e.actor1 or "")
        and target in (e.actor2 or "")
    ]


@pytest.mark.parametrize(
    ("ptypes", "words", "source", "target"),
    [
        (("REQUEST",), "repeated its call", "Iraq", "United States"),
        (("ACCUSE",), "Iraqi military says", "Military Forces of Iraq", "United States"),
        (("CONSULT",), "started talks", "United States", "Iraq"),
        (("REQUEST", "SANCTION"), "parliament voted", "Iraq", "United States"),
        (("REJECT",), "refused to leave", "United States", ""),
    ],
)
def test_seed_interactions(coded, ptypes, words, source, target):
    assert any(_find(coded, p, words, source, target) for p in ptypes), [
        (e.plover_type, e.actor1, e.actor2) for e in coded if e.evidence and words in e.evidence.text
    ]


def test_the_drone_strike_is_an_aerial_assault(coded):
    strikes = [e for e in coded if e.sub_event_type == "Air/drone strike"]
    assert strikes and all((e.plover_type, e.plover_mode) == ("ASSAULT", "aerial") for e in strikes)
