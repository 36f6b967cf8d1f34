"""The MUC-4 harness: the gold rule, the prediction rule, scoring with a stub pipeline, and a run on ../shared."""

from __future__ import annotations

import gzip
import json

import pytest

from eventwire.evaluate import muc4
from eventwire.records import ArticleResult, Event

EMPTY = {k: [] for k in muc4.ROLES}


def ev(event_type, status="current") -> Event:
    return Event(event_type=event_type, sub_event_type=None, disorder_type=None, status=status)


def test_gold_incident_rule():
    assert not muc4.gold_incident(EMPTY)
    for role in muc4.ROLES:
        assert muc4.gold_incident(EMPTY | {role: [["SOMETHING"]]})


@pytest.mark.parametrize(
    ("event_type", "status", "counts"),
    [
        ("Battles", "current", True),
        ("Explosions/Remote violence", "past", True),
        ("Violence against civilians", "current", True),
        ("Violence against civilians", "aggregate", False),
        ("Battles", "negated", False),
        ("Protests", "current", False),
        ("Strategic developments", "current", False),
        (None, "current", False),
    ],
)
def test_incident_events_rule(event_type, status, counts):
    assert bool(muc4.incident_events([ev(event_type, status)])) is counts


def test_evaluate_with_stub_pipeline(tmp_path):
    path = tmp_path / "muc.json.gz"
    docs = [
        [
            "D1",
            {
                "doc": "A BOMB EXPLODED IN LIMA TODAY, WOUNDING TWO PEOPLE.",
                "roles": EMPTY | {"incident_instrument_id": [["BOMB"]]},
            },
        ],
        ["D2", {"doc": "THE MINISTERS SIGNED A TRADE DECLARATION TODAY IN SANTIAGO.", "roles": EMPTY}],
        [
            "D3",
            {
                "doc": "GUERRILLAS KILLED A MAYOR IN HUANCAYO TODAY, POLICE SAID.",
                "roles": EMPTY | {"perp_organization_id": [["SHINING PATH"]]},
            },
        ],
        ["D4", {"doc": "TROOPS CLASHED WITH REBELS NEAR THE BORDER TODAY, OFFICIALS SAID.", "roles": EMPTY}],
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(docs, fh)
    predicted = {
        "muc4-D1": [ev("Explosions/Remote violence")],
        "muc4-D2": [ev("Protests")],
        "muc4-D3": [ev("Violence against civilians", "aggregate")],
        "muc4-D4": [ev("Battles")],
    }

    def runner(articles):
        for a in articles:
            assert a.published is None
            yield ArticleResult(
                id=a.id, title=None, published=None, url=None, source=None, events=predicted[a.id]
            )

    report = muc4.evaluate(path, runner=runner)
    assert (report["incidents"]["tp"], report["incidents"]["fp"], report["incidents"]["fn"]) == (1, 1, 1)
    assert report["summary"]["precision"] == 0.5 and report["summary"]["recall"] == 0.5
    assert report["false_negatives"] == ["D3"]
    assert [fp["id"] for fp in report["false_positives"]] == ["D4"]
    assert muc4.evaluate(path, limit=2, runner=runner)["documents"] == 2


@pytest.mark.shared
@pytest.mark.slow
def test_muc4_runs_on_shared(shared_dir):
    report = muc4.evaluate(shared_dir / "eval" / "dev" / "muc4_dev.json.gz", limit=4)
    assert report["documents"] == 4
    assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(report["summary"])
    assert report["incidents"]["tp"] + report["incidents"]["fn"] == report["gold_incident_documents"]
