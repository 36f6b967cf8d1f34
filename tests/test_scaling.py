"""Work that must not grow with the square of an article's length: clustering and statement finding."""

from __future__ import annotations

import random

import pytest

from eventwire import resolve
from eventwire.records import Event, Source
from eventwire.resolve import cluster, same_event

PLACES = [
    None,
    {"location": "Goma", "iso3": "COD", "latitude": -1.679, "longitude": 29.228, "geo_precision": 1},
    {"location": "Sake", "iso3": "COD", "latitude": -1.573, "longitude": 29.045, "geo_precision": 1},
    {"location": "Sake", "iso3": "COD", "latitude": -1.573, "longitude": 29.045, "geo_precision": 2},
    {"location": "Beni", "iso3": "COD", "latitude": 0.491, "longitude": 29.473, "geo_precision": 2},
    {"location": "North Kivu", "iso3": "COD", "latitude": -0.8, "longitude": 29.0, "geo_precision": 3},
    {"location": "Gisenyi", "iso3": "RWA", "latitude": -1.702, "longitude": 29.256, "geo_precision": 1},
]
DATES = [(None, None), ("2024-03-04", 1), ("2024-03-05", 1), ("2024-03-07", 1), ("2024-03-04", 2),
         ("2024-03", 3), ("2024", 3), ("2024-04-20", 1)]  # fmt: skip
TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    (None, None),
]
ACTORS = [None, "M23: March 23 Movement", "Military Forces of the Democratic Republic of Congo (2019-)",
          "Unidentified Armed Group (Democratic Republic of Congo)"]  # fmt: skip
TRIGGERS = ["attack", "shelling", "clashes", "protest", "incident", "blast"]


def _event(rng: random.Random, pos: int) -> Event:
    date, precision = rng.choice(DATES)
    event_type, sub = rng.choice(TYPES)
    word = rng.choice(TRIGGERS)
    return Event(
        event_type=event_type,
        sub_event_type=sub,
        disorder_type=None,
        plover_type=rng.choice([None, "ASSAULT"]) if event_type is None else None,
        status=rng.choice(["current", "current", "current", "past", "future", "aggregate"]),
        event_date=date,
        time_precision=precision,
        actor1=rng.choice(ACTORS),
        actor2=rng.choice(ACTORS),
        evidence=Source("x", pos, pos + 1),
        trigger=Source(word, pos, pos + len(word)),
        **(rng.choice(PLACES) or {}),
    )


def _reference_cluster(events, *, same_article=False):
    """The clustering as first written: every mention against every member of every cluster."""
    clusters, labels = [], []
    for i, event in enumerate(events):
        for c, members in enumerate(clusters):
            if all(same_event(events[m], event, same_article=same_article) for m in members):
                members.append(i)
                labels.append(c)
                break
        else:
            clusters.append([i])
            labels.append(len(clusters) - 1)
    return labels


@pytest.mark.parametrize("same_article", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_cluster_matches_every_pair_comparison(seed, same_article):
    rng = random.Random(seed)
    events = [_event(rng, 40 * i) for i in range(160)]
    labels = cluster(events, same_article=same_article)
    assert labels == _reference_cluster(events, same_article=same_article)
    assert len(set(labels)) < len(events)  # the data does merge: the comparison is not vacuous


def test_may_agree_only_rejects_what_same_event_rejects():
    rng = random.Random(11)
    events = [_event(rng, 0) for _ in range(400)]
    slack = 1
    for same_article in (True, False):
        keys = [resolve._Key(e, same_article) for e in events]
        for _ in range(20000):
            i, j = rng.randrange(len(events)), rng.randrange(len(events))
            if keys[i].status != keys[j].status or keys[i].status not in resolve.MERGEABLE_STATUSES:
                continue
            if same_event(events[i], events[j], same_article=same_article):
                assert resolve._may_agree(keys[i], keys[j], slack, same_article)


def test_mentions_beyond_the_window_are_not_merged():
    rng = random.Random(3)
    first = _event(rng, 0)
    first.status, first.event_date, first.time_precision = "current", "2024-03-04", 1
    near = Event(**{**first.__dict__, "evidence": Source("x", 20_000, 20_001)})
    far = Event(**{**first.__dict__, "evidence": Source("x", 20_000 + resolve.MERGE_WINDOW_CHARS + 1, 1)})
    assert cluster([first, near], same_article=True) == [0, 0]
    assert cluster([first, far], same_article=True) == [0, 1]
    assert cluster([first, far], same_article=True, window=None) == [0, 0]


def test_cluster_compares_far_fewer_than_all_pairs(monkeypatch):
    """A long text's 2,000 mentions: nowhere near the 2,000,000 comparisons of every pair."""
    rng = random.Random(5)
    events = [_event(rng, 150 * i) for i in range(2000)]  # 300,000 characters of text
    calls = []

    def counting(a, b, *, same_article=False):
        calls.append(1)
        return same_event(a, b, same_article=same_article)

    monkeypatch.setattr(resolve, "same_event", counting)
    labels = cluster(events, same_article=True)
    assert len(labels) == len(events)
    assert len(calls) < 2000 * 2000 / 2 / 20


# -- statements --------------------------------------------------------------------------------

SAID = [
    '"We will rebuild the market," said Amina Yusuf, the mayor of {town}. "It will take a year."',
    "Police in {town} said that {n} people were arrested after the protest on Monday.",
    "“The shelling did not stop all night,” a resident of {town} told reporters.",
    "The governor, Karim Haddad, denied that troops had fired on the crowd in {town}.",
    '"Nobody dares to go out," she said.\n\n"The children have not been to school for weeks."',
]


def _said_text(paragraphs: int) -> str:
    rng = random.Random(2)
    towns = ["Goma", "Sake", "Beni", "Butembo", "Bunia", "Uvira"]
    return "\n\n".join(
        rng.choice(SAID).format(town=rng.choice(towns), n=rng.randint(2, 90)) for _ in range(paragraphs)
    )


def test_breaks_count_like_str_count():
    from eventwire.fields.statements.spans import Breaks

    rng = random.Random(4)
    for _ in range(300):
        text = "".join(rng.choice("ab \n\n") for _ in range(rng.randint(0, 60)))
        breaks = Breaks(text)
        for _ in range(20):
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            assert breaks.newlines(a, b) == text[a:b].count("\n")
            assert breaks.pairs(a, b) == min(text[a:b].count("\n\n"), 2)


def test_sentence_start_matches_the_pattern_it_replaces():
    import re

    from eventwire.fields.statements.spans import sentence_start

    pattern = re.compile(r"(^|[.!?:”\"'\n])\s*$")
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice("ab .!?:”\"'\n\t\u00a0,") for _ in range(rng.randint(0, 12)))
        at = rng.randint(0, len(text))
        assert sentence_start(text, at) == bool(pattern.search(text[:at])), repr(text[:at])


def test_quote_lookups_match_a_scan(nlp):
    from eventwire.fields.statements import load_lexicon
    from eventwire.fields.statements.content import Finder

    text = _said_text(30)
    finder = Finder(nlp(text), load_lexicon(), text)
    assert len(finder.quotes) > 20
    rng = random.Random(6)
    for _ in range(2000):
        s = rng.randint(0, len(text))
        e = rng.randint(s, len(text))
        assert finder.index.within(s, e) == [q for q in finder.quotes if q.start < e and q.end > s]
        assert finder.index.covers(s) == any(q.start <= s < q.end for q in finder.quotes)


def test_statements_compare_only_neighbours(nlp, monkeypatch):
    """Each new statement is checked for a clash with the statements it overlaps, not with all."""
    from eventwire.fields.statements import find

    calls = []
    clash = find.clash
    monkeypatch.setattr(find, "clash", lambda a, b: calls.append(1) or clash(a, b))
    text = _said_text(120)
    found = find.find_found(nlp(text), None, text)
    assert len(found) > 100
    assert len(calls) < len(found) * 4
