"""Learning the actor table and the place layer from ACLED-format exports (eventwire.learn).

The rows below are written for these tests (no ACLED data): a few events in ACLED's schema.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from eventwire.learn.actors import learn_actors, read_actor_table, write_actor_table
from eventwire.learn.places import PlaceLayer, learn_places, read_place_table, write_place_table
from eventwire.learn.rows import COLUMNS, inter_code, read_export
from eventwire.learn.tables import learn_tables

DRC = "Military Forces of the Democratic Republic of Congo (2019-)"
M23 = "M23: March 23 Movement"


def row(**kw) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(set="test", country="Democratic Republic of Congo", geo_precision="1")
    base.update(kw)
    return base


def drc_rows(extra_fardc_with_m23: int = 0) -> list[dict[str, str]]:
    rows = [
        row(actor1=DRC, inter1="1", actor2=M23, inter2="2", notes=f"Armed Forces of the Democratic Republic of "
            f"Congo (FARDC) clashed with M23 rebels near Village{i} in Rutshuru.")
        for i in range(3)
    ] + [
        row(actor1=DRC, inter1="1", actor2="Civilians (Democratic Republic of Congo)", inter2="7",
            notes=f"FARDC soldiers shot a civilian in Hamlet{i} of Beni territory.")
        for i in range(2)
    ] + [
        row(actor1=M23, inter1="2", actor2="Civilians (Democratic Republic of Congo)", inter2="7",
            notes=f"M23 fighters looted houses in Camp{i}; residents said FARDC positions were abandoned.")
        for i in range(extra_fardc_with_m23)
    ] + [
        row(actor1="SPLM-N: Sudan People's Liberation Movement-North", inter1="2", country="Sudan",
            actor2="Military Forces of Sudan (2019-)", inter2="1",
            notes="The army claimed control of SPLM-N areas in Kattan.")
    ]  # fmt: skip
    return rows


def aliases(table) -> dict[str, tuple[str, str, str]]:
    return {a.alias: (a.canonical, a.iso2, a.inter) for a in table}


def test_acronym_after_spelled_out_form_is_an_alias():
    got = aliases(learn_actors(drc_rows()))
    assert got["FARDC"] == ("Military Forces of the Democratic Republic of Congo", "CD", "1")
    # the canonical name without its year range names itself; "ACR: Full Name" gives both parts
    assert got["Military Forces of the Democratic Republic of Congo"][1] == "CD"
    assert got["SPLM-N"] == ("SPLM-N: Sudan People's Liberation Movement-North", "SD", "2")
    assert got["Sudan People's Liberation Movement-North"][0].startswith("SPLM-N")
    assert got["M23"] == ("M23: March 23 Movement", "CD", "2")


@pytest.mark.parametrize(
    ("cell", "code"),
    [("3", 3), ("Political militia", 3), ("protesters", 6), ("External/Other forces", 8), ("0", None), ("", None),
     ("Aid Workers (Cameroon)", None)],  # a shifted cell: an actor's name where the code should be
)  # fmt: skip
def test_inter_code_reads_codes_and_labels(cell, code):
    assert inter_code(cell) == code


def test_actor_types_as_labels_and_shifted_cells():
    rows = [
        row(actor1="Rioters (Bangladesh)", inter1="Rioters", country="Bangladesh", notes="Students clashed."),
        row(actor1="5", inter1="Labour Group (Cameroon)", country="Cameroon", notes="Workers rioted."),
        row(actor1=M23, inter1="Aid Workers (Cameroon)", notes="M23 fighters looted houses."),
    ]
    got = aliases(learn_actors(rows))
    assert got["Rioters (Bangladesh)"] == ("Rioters (Bangladesh)", "BD", "5")
    assert "5" not in got  # a bare number is no actor's name
    assert got["M23: March 23 Movement"][2] == ""  # no type rather than a name for one


def test_ambiguous_alias_is_rejected():
    # FARDC now occurs as often in notes that code M23 without the army: not specific to either
    got = aliases(learn_actors(drc_rows(extra_fardc_with_m23=4)))
    assert "FARDC" not in got
    assert "M23" in got  # structural aliases are unaffected


def test_generic_names_get_no_aliases_from_notes():
    rows = [
        row(actor1=f"Protesters ({c})", inter1="6", country=c, notes=f"Teachers of the Kenya Union of Teachers "
            f"(KNUT) marched in Town{i}.")
        for i, c in enumerate(["Kenya", "Kenya", "Uganda", "Tanzania", "Kenya"])
    ]  # fmt: skip
    table = learn_actors(rows)
    assert {a.alias for a in table} == {a.canonical for a in table}  # canonical rows only


def place_rows() -> list[dict[str, str]]:
    return [
        row(location="Kattan", country="Sudan", admin1="South Kordofan", admin2="Dilling", latitude="11.0000",
            longitude="30.0000"),
        row(location="Kattan", country="Sudan", admin1="South Kordofan", admin2="Dilling", latitude="11.0000",
            longitude="30.0000"),
        row(location="Kattan", country="Sudan", admin1="South Kordofan", admin2="Dilling", latitude="11.0100",
            longitude="30.0100", geo_precision="2"),  # 1.5 km away: the same place
        row(location="Kattan", country="Sudan", admin1="North Kordofan", admin2="Bara", latitude="13.0000",
            longitude="30.0000"),  # 220 km away: a namesake
        row(location="Dilling", country="Sudan", admin1="South Kordofan", admin2="Dilling", latitude="12.0000",
            longitude="29.6000", geo_precision="3"),  # a division's point: not a town
        row(location="Bellville", country="South Africa", admin1="Western Cape", admin2="City of Cape Town",
            latitude="-33.9000", longitude="18.6300"),
        row(location="Dhaka - Shahbagh", country="Bangladesh", admin1="Dhaka", admin2="Dhaka",
            latitude="23.7317", longitude="90.3959"),
    ]  # fmt: skip


def test_near_duplicate_places_collapse_and_namesakes_stay_apart():
    places = learn_places(place_rows())
    kattan = sorted((p for p in places if p.name == "Kattan" and p.feature == "town"), key=lambda p: p.lat)
    assert [(p.lat, p.lon, p.count, p.admin1) for p in kattan] == [
        (11.0, 30.0, 3, "South Kordofan"),
        (13.0, 30.0, 1, "North Kordofan"),
    ]
    assert not [p for p in places if p.name == "Dilling" and p.feature == "town"]  # precision 3
    layer = PlaceLayer(places)
    assert {p.iso2 for p in layer.lookup("Bellville")} == {"ZA"}
    assert [p.name for p in layer.lookup("Shahbagh")] == ["Dhaka - Shahbagh"]
    assert layer.countries("kattan") == {"SD"}


def test_admin2_rows_get_the_centroid_of_their_points():
    places = learn_places(place_rows())
    dilling = [p for p in places if p.name == "Dilling" and p.feature == "admin2"]
    assert len(dilling) == 1
    d = dilling[0]
    # median of the four Dilling points: 11.0, 11.0, 11.01, 12.0 (lat) and 30.0, 30.0, 30.01, 29.6 (lon)
    assert (d.lat, d.lon, d.count, d.admin1, d.iso2) == (
        pytest.approx(11.005),
        pytest.approx(30.0),
        4,
        "South Kordofan",
        "SD",
    )
    assert any(p.name == "South Kordofan" and p.feature == "admin1" for p in places)


def test_tables_round_trip(tmp_path: Path):
    table = learn_actors(drc_rows())
    assert write_actor_table(table, tmp_path / "actors.tsv") == len(table)
    assert read_actor_table(tmp_path / "actors.tsv") == table
    places = learn_places(place_rows())
    for name in ("places.tsv", "places.tsv.gz"):
        assert write_place_table(places, tmp_path / name) == len(places)
        assert read_place_table(tmp_path / name) == places
    assert gzip.decompress((tmp_path / "places.tsv.gz").read_bytes()).startswith(b"name\talternates\t")


def test_learn_tables_reads_an_export_and_writes_both(tmp_path: Path):
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=[c for c in COLUMNS if c != "set"])  # a plain ACLED export
        w.writeheader()
        for r in drc_rows() + place_rows():
            w.writerow({k: v for k, v in r.items() if k != "set"})
    assert next(read_export(export))["set"] == "export"
    counts = learn_tables([str(export)], str(tmp_path / "out"))
    assert counts["rows"] == len(drc_rows()) + len(place_rows())
    assert counts["aliases"] >= 3 and counts["place_rows"] == len(
        read_place_table(tmp_path / "out" / "places.tsv")
    )
    assert {Path(p).name for p in counts["files"]} == {"actors.tsv", "places.tsv"}
    assert "FARDC" in {a.alias for a in read_actor_table(tmp_path / "out" / "actors.tsv")}


def test_learn_word_lists_come_from_the_data_files():
    from eventwire.learn.words import learn_words

    words = learn_words()
    assert {"monday", "sept", "may"} <= words.calendar
    assert "mon" not in words.calendar  # "New Mon State Party"
    assert "and" in words.connectors and "and" not in words.run_connectors
    assert words.country_names["drc"] == "CD" and words.name_suffixes[0] == " area"
