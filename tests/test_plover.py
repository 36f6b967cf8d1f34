"""PLOVER coding: the codebook (modes, contexts, ACLED agreement), the model file, and sentences
written for these tests coded end to end (issue 19)."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from eventwire import extract
from eventwire.errors import DataFileError
from eventwire.fields.plover.codebook import QUADS, contexts_for, load_codebook, mode_for
from eventwire.fields.plover.model import PloverModel, plover_model, read_model


@pytest.fixture(scope="module")
def book():
    return load_codebook()


def test_codebook_has_the_16_types_in_four_quads(book):
    assert len(book.types) == 16
    assert {t.quad for t in book.types.values()} == set(QUADS)
    assert book.canonical("DEMAND") == "REQUEST" and book.canonical("FIGHT") == "ASSAULT"
    assert book.canonical("DOCUMENT") is None


def test_every_acled_subtype_of_the_mapping_is_in_the_acled_codebook(book):
    from eventwire.fields.events import load_codebook as acled_codebook

    subtypes = {s for subs in acled_codebook().values() for s in subs}
    assert set(book.acled) <= subtypes


@pytest.mark.parametrize(
    ("ptype", "text", "mode"),
    [
        ("ASSAULT", "Warplanes bombed the village at dawn.", "aerial"),
        ("ASSAULT", "A suicide bomber blew himself up at the gate.", "suicide-attack"),
        ("ASSAULT", "Gunmen shot two guards.", "firearms"),
        ("PROTEST", "Dockers began a hunger strike on Monday.", "hunger-strike"),
        ("PROTEST", "Thousands rallied in the square.", "demonstrate"),
        ("COERCE", "Police arrested three journalists.", "arrest"),
        ("COERCE", "The ministry imposed a curfew on the town.", "curfew"),
        ("SANCTION", "The government expelled two diplomats.", "expel"),
        ("CONSULT", "The minister flew to Oslo for a visit.", "visit"),
        ("MOBILIZE", "The ministry put the reserves on high alert.", "alert"),
        ("AGREE", "The two sides signed a deal.", None),
    ],
)
def test_mode_from_the_codebook(nlp, book, ptype, text, mode):
    assert mode_for(book, ptype, nlp(text)) == mode


@pytest.mark.parametrize(
    ("text", "contexts"),
    [
        ("The army shelled the border town.", ["military"]),
        ("The court sentenced the editor over the election posts.", ["legal", "election"]),
        ("Refugees crossed into the neighbouring country.", ["refugees"]),
        ("The cat sat on the mat.", []),
    ],
)
def test_contexts_from_the_codebook(nlp, book, text, contexts):
    assert contexts_for(book, nlp(text)) == contexts


@pytest.mark.parametrize(
    ("ptype", "cameo"),
    [
        ("SANCTION", ("verbal conflict", "material conflict")),  # the CAMEO file: reduce relations (16)
        ("REQUEST", ("verbal conflict", "verbal cooperation")),  # demands (10) and appeals (02)
        ("ASSAULT", ("material conflict",)),
        ("AGREE", ("verbal cooperation",)),
    ],
)
def test_cameo_quads_of_a_type(book, ptype, cameo):
    assert book.cameo_quads_of(ptype) == cameo
    assert book.quad_of(ptype) in cameo


def test_bad_cameo_quads_is_a_coded_error():
    from eventwire.data import load_yaml
    from eventwire.fields.plover.codebook import build

    raw = load_yaml("plover.yaml", ("types", "contexts", "aliases", "acled", "quads", "sectors", "markers"))
    raw["types"]["SANCTION"]["cameo_quads"] = ["verbal conflcit"]
    with pytest.raises(DataFileError, match=r"\[E031\].*cameo_quads"):
        build(raw)


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        ("Sudan must return the captured helicopter.", {"oblig", "oblig:CONCEDE"}, set()),
        (
            "Japan will send food aid to Sri Lanka.",
            {"intent:AID", "intentquad:material cooperation"},
            {"oblig"},
        ),
        (
            "Japan suspended food aid to Serbia.",
            {"rootcue:SANCTION", "pair:SANCTION>AID"},
            {"oblig", "intent:SANCTION"},
        ),
    ],
)
def test_rule_features_of_markers_and_cue_pairs(nlp, book, text, wanted, unwanted):
    from eventwire.fields.plover.model import rule_features

    feats = set(rule_features(list(nlp(text)), [], [], book))
    assert wanted <= feats, sorted(feats)
    assert not unwanted & feats


def test_bad_codebook_is_a_coded_error():
    from eventwire.fields.plover.codebook import build

    with pytest.raises(DataFileError, match=r"\[E030\]"):
        build({"types": {"AGREE": {"quad": "verbal cooperation", "cues": ["agree"], "modes": {}}}})


def test_model_file_round_trip_and_check(tmp_path, book):
    labels = tuple(book.types)
    model = PloverModel(
        labels=labels,
        quads=QUADS,
        vocab={"cue:AGREE": 0},
        coef=np.eye(1, len(labels)),
        bias=np.zeros(len(labels)),
        quad_coef=np.zeros((1, 4)),
        quad_bias=np.zeros(4),
        common=frozenset({"agree"}),
        quad_weight=1.0,
        meta={},
    )
    path = tmp_path / "m.json.gz"
    model.save(path)
    again = read_model(path, book)
    probs = again.probabilities(["cue:AGREE"], book)
    assert abs(sum(probs.values()) - 1) < 1e-9 and max(probs, key=probs.get) == "AGREE"
    with gzip.open(path, "rt") as fh:
        data = json.load(fh)
    data["labels"] = ["AGREE"] * 16
    with gzip.open(path, "wt") as fh:
        json.dump(data, fh)
    with pytest.raises(DataFileError, match=r"\[E033\]"):
        read_model(path, book)


def test_the_shipped_model_is_read():
    model = plover_model()
    assert model is not None and set(model.labels) == set(load_codebook().types)


def _coded(text: str) -> list:
    return [e for e in extract(text, published="2024-05-02").events if e.plover_type]


@pytest.mark.parametrize(
    ("text", "ptype"),
    [
        ("Kenya demanded that Uganda hand over the suspects.", "REQUEST"),
        ("The foreign ministers of Chile and Peru held talks in Lima on Tuesday.", "CONSULT"),
        ("Moldova accused Russia of meddling in its election.", "ACCUSE"),
        ("The government rejected the union's proposal.", "REJECT"),
        ("North Korea threatened to strike American bases.", "THREATEN"),
        ("Warplanes bombed a market in Idlib on Monday, killing 12 people.", "ASSAULT"),
        ("Thousands of teachers marched through Nairobi to protest the pay cut.", "PROTEST"),
        ("Police arrested three opposition activists in Harare.", "COERCE"),
        ("Japan sent ten tonnes of food aid to Sri Lanka on Monday.", "AID"),
        ("Ecuador and Colombia signed an agreement on border security.", "AGREE"),
        ("Canada suspended military aid to the junta after the coup.", "SANCTION"),
    ],
)
def test_sentences_get_their_plover_type(book, text, ptype):
    coded = _coded(text)
    assert ptype in {e.plover_type for e in coded}
    for e in coded:  # the quad class is one of the type's CAMEO classes
        assert e.plover_quad in book.cameo_quads_of(e.plover_type), (e.plover_type, e.plover_quad)


def test_no_interaction_no_code():
    assert _coded("The weather in Lisbon was mild and sunny on Thursday.") == []


def test_an_acled_event_and_its_plover_coding_agree():
    events = extract("An air strike hit a convoy near Gao on Monday, killing five fighters.").events
    strike = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strike and all((e.plover_type, e.plover_mode) == ("ASSAULT", "aerial") for e in strike)


def test_verbal_event_has_source_target_and_cue():
    (event,) = _coded("Moldova accused Russia of meddling in its election.")
    assert "Moldova" in (event.actor1 or "") and "Russia" in (event.actor2 or "")
    assert event.provenance["plover"].text == "accused"
