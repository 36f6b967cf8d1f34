"""`eventwire eval plover`: scoring on hand-written gold records and quad sentences (a canned runner)."""

from __future__ import annotations

import gzip
import json

import pytest

from eventwire.evaluate import plover as ev
from eventwire.records import ArticleResult, Event, Statement

GOLD = [
    {"id": "doc", "event": "DOCUMENT", "eventText": "notes"},
    {"id": "a", "event": "DEMAND", "text": "Chad asked Niger to reopen the border.", "mode": None,
     "source": [{"actorText": "Chad", "code": "TCD"}], "target": [{"actorText": "Niger", "code": "NER"}]},
    {"id": "b", "event": "FIGHT", "text": "Rebels shelled the town.", "mode": "heavy-weapons",
     "source": [{"actorText": "Rebels", "code": "REB"}]},
    {"id": "c", "event": "AGREE", "text": "The parties agreed to a truce."},
]  # fmt: skip


def _result(events=(), statements=()) -> ArticleResult:
    return ArticleResult("x", None, None, None, None, events=list(events), statements=list(statements))


def runner(articles):
    canned = {
        "Chad asked Niger to reopen the border.": _result(
            statements=[Statement("Government of Chad", None, None, "asked", "", "indirect", 0, 5,
                                  plover_type="REQUEST", target="Government of Niger", speaker_text="Chad")]
        ),
        "Rebels shelled the town.": _result(
            [Event("Battles", "Armed clash", None, plover_type="ASSAULT", plover_mode="heavy-weapons",
                   actor1="Rebels (Chad)", confidence=0.8)]
        ),
    }  # fmt: skip
    return [canned.get(a.text, _result()) for a in articles]


@pytest.fixture()
def gold_file(tmp_path):
    path = tmp_path / "gold.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(GOLD, fh)
    return path


def test_gold_scores(gold_file):
    report = ev.evaluate(str(gold_file), runner=runner)
    assert report["sentences"] == 3
    assert report["type"]["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["type"]["no_code"] == pytest.approx(1 / 3, abs=1e-3)
    assert report["type"]["recall"] == {"AGREE": 0.0, "REQUEST": 1.0, "ASSAULT": 1.0}
    assert report["mode"]["accuracy"] == 1.0 and report["mode"]["gold_with_mode"] == 1
    assert report["source_match"] == 1.0 and report["target_match"] == 1.0


def test_quad_scores(tmp_path):
    path = tmp_path / "quads.tsv"
    path.write_text("Chad asked Niger to reopen the border.\t0\nRebels shelled the town.\t4\n", "utf-8")
    report = ev.evaluate(str(path), runner=runner)
    # REQUEST is verbal conflict, label 0 verbal cooperation: one of two right
    assert report["quad"]["accuracy"] == 0.5


@pytest.mark.parametrize(
    ("gold", "coded", "match"),
    [(["Iraq"], ["Government of Iraq"], True), (["US military"], ["Iraq"], False), ([], ["Iraq"], False)],
)
def test_actor_match(gold, coded, match):
    assert ev.actor_match(gold, coded) is match
