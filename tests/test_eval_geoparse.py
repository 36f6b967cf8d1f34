"""The geoparsing harness: XML reading and span matching on a tiny file, then dev acceptance."""

from __future__ import annotations

import gzip

import pytest

from eventwire.evaluate.geoparse import (
    evaluate,
    evaluate_acled_locations,
    is_gold,
    match_spans,
    read_articles,
)

_XML = """<?xml version="1.0" ?>
<articles><article file="0"><title>t</title><link>l</link>
<text>Floods hit Lagos and the Niger Delta.</text>
<toponyms>
<toponym><extractedName>Lagos</extractedName><normalisedName/><type>Literal</type><modifierType/>
<nonLocational>No</nonLocational><start>10</start><end>15</end><geonamesID>2332459</geonamesID>
<latitude>6.45407</latitude><longitude>3.39467</longitude></toponym>
<toponym><extractedName>Nigerian</extractedName><normalisedName/><type>Non_Literal_Modifier</type>
<modifierType>Adjective</modifierType><nonLocational>No</nonLocational><start>0</start><end>1</end>
<geonamesID>2328926</geonamesID><latitude>10</latitude><longitude>8</longitude></toponym>
<toponym><extractedName>Floods</extractedName><normalisedName/><type>Non_Lit_Expression</type>
<modifierType/><nonLocational>Yes</nonLocational><start>0</start><end>6</end></toponym>
</toponyms></article></articles>"""


def test_read_articles_and_gold_selection(tmp_path):
    path = tmp_path / "tiny.xml.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(_XML)
    [(text, tops)] = list(read_articles(path))
    assert text.startswith("Floods hit Lagos")
    assert [t["name"] for t in tops if is_gold(t)] == ["Lagos"]
    assert len([t for t in tops if is_gold(t, everything=True)]) == 2
    assert tops[0]["geonameid"] == 2332459


def test_match_is_one_to_one():
    exact, pairs = match_spans([(0, 5), (10, 20)], [(0, 5), (12, 15), (14, 25), (30, 31)])
    assert exact == 1
    assert sorted(pairs) == [(0, 0), (1, 2)]  # the larger overlap wins


@pytest.mark.shared
def test_gwn_subset_meets_floors(shared_dir):
    report = evaluate(str(shared_dir / "eval/dev/geoparsing/GWN.xml.gz"), limit=25)
    assert report["main"]["overlap"]["f1"] >= 0.75
    assert report["resolution"]["within_161km"] >= 0.80


@pytest.mark.shared
def test_acled_subset_country(shared_dir):
    report = evaluate_acled_locations(
        str(shared_dir / "eval/dev/acled_middle_east_2018_dev.csv.gz"), limit=80
    )
    assert report["country_correct"] >= 0.6
    assert report["within_25km"] >= 0.35


@pytest.mark.shared
def test_seed_places(shared_dir, nlp):
    from eventwire.fields.places import article_focus, find_places

    text = (shared_dir / "seed/iraq-drone-strike-2024-02-08.txt").read_text("utf-8")
    doc = nlp(text)
    places = find_places(doc)
    names = {p.name for p in places if p.name}
    assert {"Baghdad", "Iraq", "Syria", "Jordan"} <= names
    baghdad = next(p for p in places if p.name == "Baghdad")
    assert abs(baghdad.latitude - 33.34) < 0.1 and baghdad.country == "Iraq"
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    assert not [p for p in places if any(e.start_char <= p.start < e.end_char for e in people)]
    assert article_focus(doc, places) == "IQ"
