"""The PolNeAR harness: brat parsing, speech-cue test, scoring, and a floor check on a dev subset."""

from __future__ import annotations

import pytest

from eventwire.evaluate import polnear
from eventwire.records import Statement

TEXT = '"We won," the coach said. Fans believe the team is back. Rain fell, officials said.'
ANN = (
    'T1\tContent 0 9\t"We won,"\n'
    "T2\tSource 10 19\tthe coach\n"
    "T3\tCue 20 24\tsaid\n"
    "T4\tAttribution 20 24\tsaid\n"
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
    "T5\tSource 26 30\tFans\n"
    "T6\tCue 31 38\tbelieve\n"
    "T7\tContent 39 55\tthe team is back\n"
    "T8\tAttribution 31 38\tbelieve\n"
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
)


def stmt(start, end, cue_start, cue_end, sp_start, sp_end, cue="said") -> Statement:
    return Statement(
        speaker=None,
        speaker_role=None,
        speaker_affiliation=None,
        cue=cue,
        quote=TEXT[start:end],
        kind="direct",
        start=start,
        end=end,
        speaker_start=sp_start,
        speaker_end=sp_end,
        cue_start=cue_start,
        cue_end=cue_end,
    )


@pytest.mark.parametrize(
    ("cue", "speech"),
    [
        ("said", True),
        ("often says", True),
        ("told reporters", True),
        ("according to", True),
        ("has called for", True),
        ("believes", False),
        ("would call", False),
        ("hopes", False),
        ("wrote", True),
        ("denied", True),
    ],
)
def test_is_speech_cue(cue, speech):
    assert polnear.is_speech_cue(cue) is speech


def test_parse_ann_links_spans():
    golds = polnear.parse_ann(ANN, TEXT)
    assert [(g.cue_text, g.speech) for g in golds] == [("said", True), ("believe", False)]
    assert golds[0].content == [(0, 9)] and golds[0].source == [(10, 19)]


def test_predicted_content_drops_inner_attribution():
    st = stmt(0, 60, 20, 24, 10, 19)
    assert polnear.predicted_content(st) == [(0, 10), (24, 60)]
    assert polnear.predicted_content(stmt(0, 9, 20, 24, 10, 19)) == [(0, 9)]


def test_score_doc_counts_speech_subset_fairly():
    golds = polnear.parse_ann(ANN, TEXT)
    preds = [
        stmt(1, 7, 20, 24, 10, 19),  # the coach's quote, right speaker
        stmt(57, 66, 77, 81, 67, 76),  # "Rain fell": not in the gold -> false positive
        stmt(39, 55, 31, 38, 26, 30, cue="believe"),  # matches the non-speech gold
    ]
    tallies = {"all": polnear._Tally(), "speech": polnear._Tally()}
    polnear._score_doc(TEXT, golds, preds, tallies)
    speech = tallies["speech"].report(1, 2)
    assert speech["content_overlap"]["tp"] == 1 and speech["content_overlap"]["fp"] == 1
    assert speech["content_overlap"]["fn"] == 0
    assert speech["speaker_accuracy"] == 1.0
    everything = tallies["all"].report(2, 3)
    assert everything["content_overlap"]["tp"] == 2 and everything["content_overlap"]["fp"] == 1
    assert everything["cue_exact"]["tp"] == 2


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_subset_meets_floors(shared_dir):
    """A 12-article subset of the dev split; the full-split figures are in the closing report."""
    path = shared_dir / "eval" / "dev" / "polnear.tar.gz"
    if not path.exists():
        pytest.skip("PolNeAR dev split is absent")
    report = polnear.evaluate(str(path), limit=12)
    speech = report["speech"]
    assert report["documents"] == 12 and speech["gold"] > 50
    assert speech["content_overlap"]["f1"] >= 0.75
    assert speech["cue_overlap"]["f1"] >= 0.80
    assert speech["speaker_accuracy"] >= 0.85
    assert set(report["floors"]) == {"content_overlap_f1", "speaker_accuracy", "cue_overlap_f1"}
