"""The trained event-type model: features, the override rule, the model file and training (issue 3)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.context import DocContext
from eventwire.fields.events import (
    LABELS,
    TypeModel,
    collect_features,
    decide,
    find_events,
    label_of,
    read_model,
    type_model,
)
from eventwire.records import Article
from eventwire.settings import use_settings_file

FIXTURES = Path(__file__).parent / "fixtures"


def _samples(nlp, text: str):
    doc = nlp(text)
    ctx = DocContext(doc=doc, article=Article(id="t", text=text), published=date(2023, 5, 10))
    with collect_features() as sink:
        events = find_events(ctx)
    return events, sink


def test_names_weigh_as_their_kind(nlp):
    """Two reports that differ only in names give the same word features."""
    _, a = _samples(nlp, "Gunmen attacked a farmer near Kandahar on Monday.")
    _, b = _samples(nlp, "Gunmen attacked a farmer near Timbuktu on Friday.")
    assert a and b
    words_a = {f for f in a[0][0] if f.startswith(("w:", "b:"))}
    words_b = {f for f in b[0][0] if f.startswith(("w:", "b:"))}
    assert words_a == words_b
    assert not any("kandahar" in f for f in a[0][0])


def test_features_carry_the_rule_view(nlp):
    _, samples = _samples(nlp, "Rebels attacked an army base in the north.")
    features, rule_label, allowed = samples[0]
    assert rule_label in LABELS
    assert any(f.startswith("cls:") for f in features)
    assert any(f.startswith("inter1:") for f in features)
    assert "Violence against civilians" in allowed  # a generic "attack" may be retyped
    assert "Explosions/Remote violence" not in allowed  # no explosive weapon is named
    assert "Protests/Riots" not in allowed  # nor a crowd
    _, crowd = _samples(nlp, "Youths attacked an army patrol with stones in the camp.")
    assert "Protests/Riots" in crowd[0][2]


def test_means_triggers_are_not_movable(nlp):
    _, samples = _samples(nlp, "An airstrike hit a market in the town.")
    assert samples and not samples[0][2]


@pytest.mark.parametrize(
    ("probs", "rule", "threshold", "expected"),
    [
        ({"Battles": 0.7, "Violence against civilians": 0.3}, "Violence against civilians", 0.6, "Battles"),
        ({"Battles": 0.55, "Violence against civilians": 0.45}, "Violence against civilians", 0.6, None),
        ({"Battles": 0.9, "Violence against civilians": 0.1}, "Battles", 0.6, None),
    ],
)
def test_decide(probs, rule, threshold, expected):
    assert decide(probs, rule, threshold) == expected


@pytest.mark.parametrize(
    ("event_type", "label"),
    [
        # Protests and Riots are one label, as in old ACLED
        ("Riots", "Protests/Riots"),
        ("Protests", "Protests/Riots"),
        ("Battles", "Battles"),
        (None, None),
    ],
)
def test_label_of(event_type, label):
    assert label_of(event_type) == label


def _model(tmp_path: Path, weights: dict, threshold: float = 0.6) -> Path:
    model = TypeModel(LABELS, tuple(0.0 for _ in LABELS), weights, threshold, {"test": True})
    path = tmp_path / "model.json.gz"
    model.save(path)
    return path


def test_model_file_round_trip(tmp_path):
    weights = {"w:gunman": tuple(1.0 if lab == "Battles" else 0.0 for lab in LABELS)}
    back = read_model(_model(tmp_path, weights))
    probs = back.probabilities(["w:gunman", "w:unseen"])
    assert abs(sum(probs.values()) - 1.0) < 1e-9
    assert max(probs, key=probs.get) == "Battles"
    assert back.threshold == 0.6 and back.meta == {"test": True}


def test_unreadable_model_is_a_clear_error(tmp_path):
    from eventwire.errors import DataFileError

    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(DataFileError, match="not a readable event-type model"):
        read_model(bad)


def test_active_model_moves_generic_events_only(nlp, tmp_path):
    """A model that reads "farm" as one-sided violence moves a generic attack, not an air strike."""
    vac = tuple(8.0 if lab == "Violence against civilians" else 0.0 for lab in LABELS)
    path = _model(tmp_path, {"w:farm": vac})
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[events]\ntype_model = "{path}"\n', "utf-8")
    text_generic = "Rebels attacked an army post near the farm."
    text_air = "An airstrike hit an army post near the farm."
    before = [e.event_type for e in _samples(nlp, text_generic)[0]]
    use_settings_file(str(settings))
    try:
        generic = _samples(nlp, text_generic)[0]
        air = _samples(nlp, text_air)[0]
    finally:
        use_settings_file(None)
    assert before == ["Battles"]
    assert [(e.event_type, e.sub_event_type) for e in generic] == [("Violence against civilians", "Attack")]
    assert [(e.event_type, e.sub_event_type) for e in air] == [
        ("Explosions/Remote violence", "Air/drone strike")
    ]


def test_no_model_setting_types_by_lexicon(tmp_path, nlp):
    settings = tmp_path / "settings.toml"
    settings.write_text('[events]\ntype_model = ""\n', "utf-8")
    use_settings_file(str(settings))
    try:
        assert type_model() is None
        assert _samples(nlp, "Soldiers clashed with rebels near the river.")[0]
    finally:
        use_settings_file(None)


def test_train_on_coded_notes(tmp_path):
    """`eventwire train acled` end to end on hand-written notes: a model file and a CV report."""
    from eventwire.training import train

    out = tmp_path / "m.json.gz"
    report = train(FIXTURES / "coded_notes.csv", out, folds=2)
    assert report["notes"] == 16 and report["mentions"] >= 14
    cv = report["cross_validated_by_note"]
    assert set(cv["with_model"]) == {"accuracy", "macro_f1", "gold_events"}
    assert cv["with_model"]["gold_events"] == 16
    model = read_model(out)
    assert set(model.labels) <= set(LABELS) and model.weights
    assert model.threshold == report["threshold"]
    json.dumps(report)  # the report is plain JSON


def test_a_label_before_a_colon_is_its_own_sentence_and_a_kicker_feature(nlp):
    """ "Security measure: ..." (a kicker) parses apart from its sentence; the model reads it."""
    from eventwire.nlp.parse import load_nlp

    doc = load_nlp()("Explosives: Police found four rifles and ammunition in the village.")
    assert [s.text for s in doc.sents][0] == "Explosives:"
    said = load_nlp()("He said: the army will withdraw from the town.")
    assert len(list(said.sents)) == 1
    _, samples = _samples(load_nlp(), "Security measure: Soldiers attacked rebels near the town.")
    assert "kicker:security" in samples[0][0]


def test_an_event_the_coder_moves_has_its_actors_coded_for_its_new_type(monkeypatch):
    """The trained coder runs after actors are coded: a clash by residents it moves to mob violence
    has a crowd's actor ("Rioters"), as the lexicon's own Riots would, not "Civilians"."""
    import eventwire.pipeline as pipeline

    def to_mob_violence(events):
        for e in events:
            if e.event_type == "Battles":
                e.event_type, e.sub_event_type, e.disorder_type = (
                    "Riots",
                    "Mob violence",
                    "Political violence",
                )
        return events

    text = "Residents attacked a customs officer in Parakou on Monday."
    before = pipeline.extract(text, published="2024-03-04").events[0]
    assert (before.event_type, before.actor1) == ("Battles", "Civilians (Benin)")
    monkeypatch.setattr(pipeline, "recode_events", to_mob_violence)
    after = pipeline.extract(text, published="2024-03-04").events[0]
    assert (after.event_type, after.actor1, after.inter1) == ("Riots", "Rioters (Benin)", 5)
    assert after.actor2 == before.actor2
