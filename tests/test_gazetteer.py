"""The gazetteer index: keys, lookups, data files and the disk cache."""

from __future__ import annotations

import pickle
import time

import pytest

from eventwire.errors import DataFileError
from eventwire.gazetteer import fold, load_index, loose, tables
from eventwire.gazetteer.cache import cache_dir


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Şanlıurfa", "sanliurfa"),
        ("Sa'dah", "sadah"),
        ("Deir ez-Zor", "deir ez zor"),
        ("St. Louis", "st louis"),
        ("  Ma’rib ", "marib"),
    ],
)
def test_fold(name, key):
    assert fold(name) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ar Raqqah", "Raqqa"),
        ("Al-Hasakah", "Hasakeh"),
        ("Dayr al Qamar", "Deir al-Qamar"),
        ("Taizz", "Taiz"),
    ],
)
def test_loose_absorbs_transliteration(a, b):
    assert loose(fold(a)) == loose(fold(b))


@pytest.fixture(scope="module")
def index():
    return load_index()


def _top(index, text):
    rows = index.lookup(text)
    assert rows, text
    return rows[0]


@pytest.mark.parametrize(
    ("text", "cc", "feature"),
    [
        ("Mosul", "IQ", "city"),
        ("Raqqa", "SY", "city"),
        ("U.S.", "US", "country"),
        ("Britain", "GB", "country"),
        ("Nineveh", "IQ", "admin1"),
        ("Tower 22", "JO", "site"),
        ("Jurf al-Sakhar", "IQ", "site"),
        ("Ain al-Asad", "IQ", "site"),
        ("Texas", "US", "admin1"),
        # ISO 3166-2's names of first-level divisions (admin1_aliases.tsv): Atakora, Amhara in GeoNames
        ("Atacora", "BJ", "admin1"),
        ("Amara", "ET", "admin1"),
    ],
)
def test_lookup(index, text, cc, feature):
    row = _top(index, text)
    assert (index.cc[row], index.feature_of(row)) == (cc, feature)


def test_admin1_names_and_countries(index):
    row = _top(index, "Kandahar")
    assert index.admin1_name(row) == "Kandahar"
    assert index.country_name("PS") == "Palestine"
    assert index.countries["IQ"]["iso3"] == "IRQ"
    capital = index.countries["SD"]["capital_row"]
    assert index.name[capital] == "Khartoum"


def test_demonyms_are_not_names(index):
    assert index.demonyms["yemeni"] == "YE"
    assert index.demonyms["syrians"] == "SY"
    assert not index.lookup("Yemeni")


def test_cached_index_loads_fast(index):
    path = cache_dir() / f"gazetteer-{tables.data_fingerprint()}.pickle"
    if not path.exists():
        pytest.skip("the cache directory is not writable here")
    t = time.process_time()  # CPU time: other processes on a shared machine do not count
    with path.open("rb") as fh:
        loaded = pickle.load(fh)
    assert time.process_time() - t < 3.0  # about 0.55 s CPU once the file is in the page cache
    assert len(loaded) == len(index)


@pytest.mark.parametrize(
    "bad",
    [
        "Somewhere\t\tvillage\tIQ\tBaghdad\t33\t44\t\n",  # unknown feature
        "Somewhere\t\tsite\tIQ\tBaghdad\tnorth\t44\t\n",  # bad latitude
        "Somewhere\tsite\n",  # too few fields
    ],
)
def test_supplement_schema_check(monkeypatch, bad):
    original = tables._data_text
    monkeypatch.setattr(
        tables, "_data_text", lambda name: bad if name == "gazetteer_supplement.tsv" else original(name)
    )
    with pytest.raises(DataFileError):
        tables.load_supplement()


def test_admin1_supplement_names_the_divisions_admin1_tsv_lacks(index):
    names = tables.load_admin1_names()
    assert names[("KE", "39")] == "Nakuru" and names[("SS", "03")] == "Jonglei"
    west_pokot = [r for r in index.lookup("West Pokot") if index.feature_of(r) == "admin1"]
    assert west_pokot and index.cc[west_pokot[0]] == "KE"
    assert index.admin1_name(_top(index, "Lodwar")) == "Turkana"  # its towns now name their division


def test_admin1_supplement_may_not_rename_a_division(monkeypatch):
    original = tables._data_text
    monkeypatch.setattr(
        tables,
        "_data_text",
        lambda name: "KE\t10\tSomewhere else\n" if name == "admin1_supplement.tsv" else original(name),
    )
    with pytest.raises(DataFileError):
        tables.load_admin1_names()
