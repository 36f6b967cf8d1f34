"""CASE 2021 evaluation harness: snippet labels, weighted F1, non-ACLED snippets."""

from __future__ import annotations

import pytest

from eventwire.evaluate import case2021
from eventwire.records import ArticleResult, Event


def test_snippet_label_takes_the_most_confident_acled_event():
    verbal = Event(None, None, None, plover_type="CONSULT", confidence=0.9)
    weak = Event("Battles", "Armed clash", "Political violence", confidence=0.5)
    strong = Event("Explosions/Remote violence", "Grenade", "Political violence", confidence=0.8)
    assert case2021.snippet_label([verbal, weak, strong]) == "Grenade"
    assert case2021.snippet_label([verbal]) is None
    assert case2021.snippet_label([]) is None


def test_snippet_label_prefers_the_current_event():
    past = Event(
        "Explosions/Remote violence", "Chemical weapon", "Political violence", confidence=0.9, status="past"
    )
    now = Event(
        "Battles", "Government regains territory", "Political violence", confidence=0.8, status="current"
    )
    assert case2021.snippet_label([past, now]) == "Government regains territory"
    assert case2021.snippet_label([past]) == "Chemical weapon"


def test_labels_cover_the_25_subtypes():
    assert len(case2021.LABELS) == 25
    from eventwire.fields.events import load_codebook

    subs = {s for subs in load_codebook().values() for s in subs}
    assert set(case2021.LABELS.values()) == subs


def test_evaluate_on_a_written_file(tmp_path):
    path = tmp_path / "mini.tsv"
    path.write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tA grenade went off.\tGRENADE\n"
        "2\tFloods hit the valley.\tNATURAL_DISASTER\n"
        "3\tShops were looted.\tPROPERTY_DISTRUCT\n",
        "utf-8",
    )

    def runner(articles):
        for art in articles:
            events = []
            if "grenade" in art.text:
                events.append(Event("Explosions/Remote violence", "Grenade", "Political violence"))
            yield ArticleResult(id=art.id, title=None, published=None, url=None, source=None, events=events)

    report = case2021.evaluate(str(path), runner=runner)
    assert report["snippets"] == 3 and report["acled_snippets"] == 2
    assert report["non_acled_no_event_rate"] == 1.0
    assert report["subtype_weighted_f1"] == 0.5
    assert report["acled_snippets_without_event"] == 1


@pytest.mark.shared
def test_case_dev_subset(shared_dir):
    report = case2021.evaluate(str(shared_dir / "eval/dev/case2021_task2_dev.tsv"), limit=80)
    assert report["snippets"] == 80
    assert report["subtype_weighted_f1"] >= 0.35
    assert report["non_acled_snippets"] == 0 or report["non_acled_no_event_rate"] >= 0.4
