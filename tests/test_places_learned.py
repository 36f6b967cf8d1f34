"""Learned layers (issue 16): places and actors learned from coded exports, read at run time, and
foreign namesakes that never win without evidence for their country. Sentences written for these
tests; the export rows below are made up in ACLED's schema."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import extract
from eventwire.cli import app
from eventwire.errors import InputError
from eventwire.fields.actors import load_actor_tables, normalise_actor
from eventwire.gazetteer import fold
from eventwire.gazetteer.build import Builder, add_learned
from eventwire.learn import layers
from eventwire.learn.places import Place
from eventwire.learn.rows import COLUMNS
from eventwire.settings import use_settings_file

NAMESAKES = [
    # (text, ISO3 the event must not be placed in, ISO3 it may be placed in or None for no place)
    # Somali evidence (a Somali group, a Somali town): Indonesia's Bali is no candidate
    (
        "Al Shabaab fighters raided an army post in Bali Cad and Widhwidh villages near Galkacyo.",
        "IDN",
        "SOM",
    ),
    # an abbreviation of a foreign division with evidence elsewhere: "DC" is a district commissioner
    ("Gunmen shot dead the deputy DC of Dayniile district in Mogadishu on Tuesday.", "USA", "SOM"),
    # a Sudanese group: Kattan is no Yemeni village
    ("SPLM-N fighters attacked an army convoy near Kattan in South Kordofan.", "YEM", "SDN"),
]


@pytest.mark.parametrize(("text", "never", "placed"), NAMESAKES)
def test_foreign_namesake_needs_evidence(nlp, text, never, placed):
    events = extract(text, published="2016-05-03").events
    assert events, "an event is found"
    assert all(e.iso3 != never for e in events)
    assert any(e.iso3 == placed for e in events) if placed else all(e.iso3 is None for e in events)


LONE = "Students protested at the Northlink College in Bellville on Monday over unpaid grants."


@pytest.mark.parametrize(("min_population", "placed"), [(0, "USA"), (20000, None)])
def test_a_lone_small_town_without_evidence(nlp, tmp_path, min_population, placed):
    """Nothing in the text names a country: by default the small Texan namesake is kept (rejecting
    such towns cost 2-4 pt of location on held-out exports); [places] lone_town_min_population
    rejects it."""
    settings = tmp_path / "user.toml"
    settings.write_text(f"[places]\nlone_town_min_population = {min_population}\n", "utf-8")
    use_settings_file(str(settings))
    try:
        events = extract(LONE, published="2016-05-03").events
    finally:
        use_settings_file(None)
    assert events and events[0].iso3 == placed


DIVISIONS = [
    # a division learned from the exports names the country (Guji is an Ethiopian zone)
    ("Police detained five protesters in Sabba Boru district, Guji Zone, on Friday.", "ETH"),
    # a town learned from the exports (coded there, not in cities500 under this name)
    ("Gunmen attacked travellers near Kakuma refugee camp on Sunday.", "KEN"),
]


@pytest.mark.parametrize(("text", "iso3"), DIVISIONS)
def test_learned_places_place_events(nlp, text, iso3):
    events = extract(text, published="2019-05-03").events
    assert events and events[0].iso3 == iso3


def _builder(*towns: tuple[str, str, float, float]) -> Builder:
    b = Builder()
    for name, cc, lat, lon in towns:
        b.key(b.add(1, name, lat, lon, cc, "01", 50000, "city"), name, False)
    return b


LAYER_ROWS = [
    # (learned place, what the index holds after): a town of GeoNames nearby adds its spellings;
    # a namesake far away is a row of its own, marked learned, with the population proxy
    (Place("Gerbi", ["Gherbi"], "ET", "Oromia", "Guji", 5.0, 39.0, 4, "town"), "merged"),
    (Place("Gerbi", [], "ET", "Oromia", "Guji", 7.0, 41.0, 4, "town"), "own row"),
    (Place("Gerbi", [], "KE", "Nairobi", "Nairobi", 5.0, 39.0, 4, "town"), "own row"),
    (Place("Lower Gerbi", [], "ET", "Oromia", "Lower Gerbi", 6.0, 39.0, 30, "admin2"), "own row"),
]


@pytest.mark.parametrize(("place", "outcome"), LAYER_ROWS)
def test_learned_places_join_the_index(monkeypatch, place, outcome):
    monkeypatch.setattr(layers, "learned_places", lambda: [place])
    b = _builder(("Gerbi", "ET", 5.01, 39.01))
    add_learned(b, {}, frozenset())
    rows = b.keys[fold(place.alternates[0] if place.alternates else place.name)]
    if outcome == "merged":
        assert rows == [0] and len(b.name) == 1
    else:
        new = len(b.name) - 1
        assert new in rows and b.learned[new] == 1 and b.cc[new] == place.iso2
        assert b.population[new] == place.count * 1000
        assert b.feature[new] == (0 if place.feature == "town" else 4)  # city, else region
        assert b.admin1code[new] == place.admin1  # a division the admin1 table lacks: its name


def _export(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[c for c in COLUMNS if c != "set"])
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in COLUMNS if c != "set"})
    return path


@pytest.fixture
def user_layers(tmp_path):
    """A user directory of layers for one test (a settings file naming it)."""
    settings = tmp_path / "user.toml"
    settings.write_text(f'[learned]\nuser_dir = "{tmp_path / "layers"}"\n', "utf-8")
    use_settings_file(str(settings))
    layers.reload()
    yield tmp_path
    use_settings_file(None)
    layers.reload()


def test_eventwire_learn_adds_a_user_layer(user_layers):
    base = dict(country="Kenya", admin1="Turkana", admin2="Loima", location="Lokiriama", latitude="2.91",
                longitude="35.23", geo_precision="1", inter1="3", event_date="2019-03-02")  # fmt: skip
    rows = [
        {**base, "actor1": "ZLF: Zorba Liberation Front", "notes": f"ZLF gunmen raided herders, case {i}."}
        for i in range(3)
    ]
    export = _export(user_layers / "my_export.csv", rows)
    assert normalise_actor("ZLF gunmen", 0, 10, "KE").name != "ZLF: Zorba Liberation Front"
    settings = str(user_layers / "user.toml")
    result = CliRunner().invoke(app, ["--settings", settings, "learn", str(export)])
    assert result.exit_code == 0, result.output
    folder = user_layers / "layers" / "my_export"
    assert json.loads((folder / "layer.json").read_text("utf-8"))["sources"] == ["my_export"]
    assert [lay.name for lay in layers.layers() if not lay.shipped] == ["my_export"]
    assert any(p.name == "Lokiriama" for p in layers.learned_places())
    actor = normalise_actor("ZLF gunmen", 0, 10, "KE")
    assert (actor.name, actor.country, actor.inter) == ("ZLF: Zorba Liberation Front", "KE", 3)
    with layers.held_out("my_export"):  # an evaluation of that export leaves its layer out
        assert "my_export" not in [lay.name for lay in layers.layers()]
        assert normalise_actor("ZLF gunmen", 0, 10, "KE").name != "ZLF: Zorba Liberation Front"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no export given"),
        (["missing.csv"], "no such file"),
        (["x.csv", "--name", "../up"], "no layer name"),
    ],
)
def test_learn_refuses_bad_input(user_layers, args, message):
    (user_layers / "x.csv").write_text("notes\n", "utf-8")
    paths = [str(user_layers / a) if a.endswith(".csv") else a for a in args]
    name = paths[paths.index("--name") + 1] if "--name" in paths else None
    with pytest.raises(InputError, match=message):
        layers.learn_layer([p for p in paths[:1] if p.endswith(".csv")], name=name)


def test_shipped_layers_are_read_and_yaml_overrides_them():
    names = {lay.name for lay in layers.layers()}
    assert {"acled_multi_region", "acled_middle_east_2018_dev"} <= names
    assert all(lay.sources for lay in layers.all_layers())
    groups = load_actor_tables().groups
    # learned for the Jan-Feb 2018 Syrian faction, written by hand for Yemen's: actors.yaml wins
    assert groups[("national", "army")].name == "Military Forces of Yemen"
    # a learned alias of one actor: read everywhere; of actors of two countries: in each country only
    assert groups[("bir",)].name == "Military Forces of Cameroon Rapid Intervention Battalion"
    assert ("kdf",) not in groups
    assert load_actor_tables().contextual["KE"][("kdf",)].name == "Military Forces of Kenya"
    assert load_actor_tables().contextual["MM"][("kdf",)].name == "KDF: Kyaukpadaung Defense Force"


def test_layer_fingerprint_depends_on_content_not_location(tmp_path):
    """Two copies of the same layers (two checkouts) share one gazetteer cache key; other places do not."""
    import shutil

    shipped = layers.layers()[0]
    prints = []
    for where in ("a", "b"):
        folder = tmp_path / where / "layers" / "mine"
        shutil.copytree(shipped.path, folder)
        settings = tmp_path / where / "user.toml"
        settings.write_text(f'[learned]\nuser_dir = "{folder.parent}"\n', "utf-8")
        use_settings_file(str(settings))
        layers.reload()
        try:
            prints.append(layers.fingerprint())
        finally:
            use_settings_file(None)
            layers.reload()
    assert prints[0] == prints[1]
    places = next(p for p in (tmp_path / "b" / "layers" / "mine").iterdir() if p.name.startswith("places"))
    places.write_bytes(places.read_bytes() + b"\n")
    use_settings_file(str(tmp_path / "b" / "user.toml"))
    layers.reload()
    try:
        assert layers.fingerprint() != prints[0]
    finally:
        use_settings_file(None)
        layers.reload()
