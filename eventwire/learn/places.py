"""A gazetteer layer learned from ACLED-format exports: the coders' places, spellings and divisions.

Towns: rows whose ``geo_precision`` is a town precision (1 or 2: the point is the town or near it)
give (location, country, point); the points of one name and country within ``merge_km`` of each
other are one place (at its most frequent point), farther ones are namesakes and stay apart.
Different spellings coded at (nearly) the same point ("Mekele", "Mekelle") become one place with
alternate spellings. "Dhaka - Shahbagh" also answers to "Shahbagh"; "Maninga Area" to "Maninga".

Divisions: the admin1, admin2 and admin3 names become division rows at the median of their
events' points (all precisions), keyed within their parent division.

Columns: name, alternates (``|``-separated), iso2, admin1, admin2, lat, lon, count, feature
(town, admin1, admin2 or admin3). Coordinates are rounded to ``coordinate_decimals``.
"""

from __future__ import annotations

import difflib
import gzip
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..geo import haversine_km
from .rows import country_iso2, settings, tsv_line, tsv_rows
from .words import learn_words

PLACE_COLUMNS = ("name", "alternates", "iso2", "admin1", "admin2", "lat", "lon", "count", "feature")


def fold(name: str) -> str:
    from ..gazetteer import fold as _fold

    return _fold(name)


def loose(key: str) -> str:
    from ..gazetteer import loose as _loose

    return _loose(key)


@dataclass
class Place:
    name: str
    alternates: list[str]
    iso2: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    count: int
    feature: str = "town"


def _params(overrides: dict[str, Any] | None) -> dict[str, Any]:
    p = dict(settings()["places"])
    p.update(overrides or {})
    return p


def _point(row: dict[str, str]) -> tuple[float, float] | None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def name_variants(location: str) -> list[str]:
    """Other names a coded location answers to ("Dhaka - Shahbagh": "Shahbagh"; "Maninga Area": "Maninga")."""
    words = learn_words()
    out = []
    if " - " in location:
        part = location.split(" - ", 1)[1].strip()
        if not set(fold(part).split()) <= words.generic_parts:
            out.append(part)
    for name in [location, *out]:
        low = name.lower()
        for suffix in words.name_suffixes:
            if low.endswith(suffix) and len(name) > len(suffix) + 2:
                out.append(name[: -len(suffix)].strip())
    return [v for v in dict.fromkeys(out) if v and v != location]


def _cluster(points: Counter, km: float) -> list[tuple[tuple[float, float], int, list]]:
    """Greedy clusters of ``points`` (point -> count): the most frequent point first, then every
    point within ``km`` of a cluster's point joins it. Returns (point, count, members)."""
    clusters: list[list] = []
    for pt, n in sorted(points.items(), key=lambda x: (-x[1], x[0])):
        for c in clusters:
            if haversine_km(pt[0], pt[1], c[0][0], c[0][1]) <= km:
                c[1] += n
                c[2].append(pt)
                break
        else:
            clusters.append([pt, n, [pt]])
    return [(c[0], c[1], c[2]) for c in clusters]


def learn_places(rows: Iterable[dict[str, str]], params: dict[str, Any] | None = None) -> list[Place]:
    """The learned layer (towns and divisions) from export rows."""
    p = _params(params)
    town_precisions = {str(x) for x in p["town_precisions"]}
    towns: dict[tuple[str, str], dict[str, Any]] = {}
    divisions: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
    levels = list(p["division_levels"])
    for row in rows:
        iso2 = country_iso2(row["country"])
        pt = _point(row)
        if not iso2 or pt is None:
            continue
        pt = (round(pt[0], p["coordinate_decimals"]), round(pt[1], p["coordinate_decimals"]))
        if row["location"] and row["geo_precision"] in town_precisions:
            t = towns.setdefault(
                (fold(row["location"]), iso2),
                {
                    "names": Counter(),
                    "points": Counter(),
                    "a1": defaultdict(Counter),
                    "a2": defaultdict(Counter),
                },
            )
            t["names"][row["location"]] += 1
            t["points"][pt] += 1
            t["a1"][pt][row["admin1"]] += 1
            t["a2"][pt][row["admin2"]] += 1
        parents = {
            "admin1": ("", ""),
            "admin2": (row["admin1"], ""),
            "admin3": (row["admin1"], row["admin2"]),
        }
        for level in levels:
            name = row.get(level, "")
            if not name:
                continue
            k = (level, iso2, *parents[level], fold(name))
            d = divisions.setdefault(k, {"names": Counter(), "lats": [], "lons": []})
            d["names"][name] += 1
            d["lats"].append(pt[0])
            d["lons"].append(pt[1])

    places: list[Place] = []
    for (_, iso2), t in towns.items():
        name = t["names"].most_common(1)[0][0]
        spellings = [n for n in t["names"] if n != name]
        for pt, n, members in _cluster(t["points"], p["merge_km"]):
            a1: Counter = Counter()
            a2: Counter = Counter()
            for m in members:
                a1.update(t["a1"][m])
                a2.update(t["a2"][m])
            alts = list(
                dict.fromkeys(
                    [*spellings, *name_variants(name), *(v for s in spellings for v in name_variants(s))]
                )
            )
            places.append(
                Place(name, alts, iso2, a1.most_common(1)[0][0], a2.most_common(1)[0][0], pt[0], pt[1], n)
            )
    places = _merge_spellings(places, p)
    nd = p["coordinate_decimals"]
    for (level, iso2, parent1, parent2, _), d in divisions.items():
        name = d["names"].most_common(1)[0][0]
        lat = round(statistics.median(d["lats"]), nd)
        lon = round(statistics.median(d["lons"]), nd)
        admin1 = name if level == "admin1" else parent1
        admin2 = name if level == "admin2" else parent2
        alts = [n for n in d["names"] if n != name]
        places.append(Place(name, alts, iso2, admin1, admin2, lat, lon, len(d["lats"]), level))
    places.sort(key=lambda r: (r.iso2, fold(r.name), r.feature, -r.count, r.lat, r.lon))
    return places


def _merge_spellings(places: list[Place], p: dict[str, Any]) -> list[Place]:
    """Towns of one country with similar names at (nearly) the same point become one row."""
    km, similarity = p["spelling_km"], p["spelling_similarity"]
    cell = max(km / 111.0, 1e-4)
    grid: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i, pl in enumerate(places):
        grid[(pl.iso2, math.floor(pl.lat / cell), math.floor(pl.lon / cell))].append(i)
    into = list(range(len(places)))

    def root(i: int) -> int:
        while into[i] != i:
            into[i] = into[into[i]]
            i = into[i]
        return i

    order = sorted(range(len(places)), key=lambda i: -places[i].count)
    rank = {i: r for r, i in enumerate(order)}
    for i in order:
        a = places[i]
        gy, gx = math.floor(a.lat / cell), math.floor(a.lon / cell)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for j in grid.get((a.iso2, gy + dy, gx + dx), ()):
                    if rank[j] <= rank[i] or root(j) == root(i):
                        continue
                    b = places[j]
                    if haversine_km(a.lat, a.lon, b.lat, b.lon) > km:
                        continue
                    if difflib.SequenceMatcher(None, fold(a.name), fold(b.name)).ratio() >= similarity:
                        into[root(j)] = root(i)
    merged: dict[int, Place] = {}
    for i in order:
        r = root(i)
        if r == i:
            merged[i] = places[i]
        else:
            keep, other = merged[r], places[i]
            keep.count += other.count
            for n in [other.name, *other.alternates]:
                if n != keep.name and n not in keep.alternates:
                    keep.alternates.append(n)
    return list(merged.values())


# -- files -----------------------------------------------------------------------------------


def write_place_table(places: Iterable[Place], path: str | Path) -> int:
    """Write the layer (plain tab-separated, a header line first; gzipped where ``path`` ends in
    .gz, byte-for-byte reproducible); returns the number of rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [tsv_line(PLACE_COLUMNS)]
    for pl in places:
        alts = "|".join(a.replace("|", " ") for a in pl.alternates)
        coords = [_num(pl.lat), _num(pl.lon)]
        lines.append(tsv_line([pl.name, alts, pl.iso2, pl.admin1, pl.admin2, *coords, pl.count, pl.feature]))
    data = "".join(lines).encode("utf-8")
    if path.suffix == ".gz":
        with path.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)  # mtime 0: the same rows give the same bytes
    else:
        path.write_bytes(data)
    return len(lines) - 1


def _num(x: float) -> str:
    """A coordinate as written: at most 4 decimals, no trailing zeros ("30", "11.005", "-33.9")."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read_place_table(path: str | Path) -> list[Place]:
    path = Path(path)
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    return [
        Place(nm, [a for a in alts.split("|") if a], iso2, a1, a2, float(lat), float(lon), int(cnt), feat)
        for nm, alts, iso2, a1, a2, lat, lon, cnt, feat in tsv_rows(text, PLACE_COLUMNS, str(path))
    ]


@lru_cache(maxsize=1)
def _loose_countries() -> frozenset[str]:
    """Countries whose names get transliteration-loose keys in the gazetteer (countries_extra.tsv)."""
    text = resources.files("eventwire.data").joinpath("countries_extra.tsv").read_text("utf-8")
    out = set()
    for line in text.splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) >= 5 and parts[4].strip() == "yes":
            out.add(parts[0])
    return frozenset(out)


@dataclass
class PlaceLayer:
    """The learned places with name lookups keyed like the gazetteer's (:func:`fold`, and the loose
    transliteration key in Arabic/Persian-script countries)."""

    places: list[Place]
    keys: dict[str, list[int]] = field(default_factory=dict)
    loose_keys: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        arabic = _loose_countries()
        for i, pl in enumerate(self.places):
            for n in [pl.name, *pl.alternates]:
                k = fold(n)
                if len(k) < 2:
                    continue
                self.keys.setdefault(k, []).append(i)
                if pl.iso2 in arabic:
                    lk = loose(k)
                    if len(lk.replace(" ", "")) >= 4:
                        self.loose_keys.setdefault(lk, []).append(i)
        for d in (self.keys, self.loose_keys):
            for k, v in d.items():
                d[k] = sorted(set(v), key=lambda i: -self.places[i].count)

    def lookup(self, text: str, iso2: str | None = None) -> list[Place]:
        """Places named ``text`` (most frequent first), only those in ``iso2`` when given."""
        k = fold(text)
        rows = self.keys.get(k) or self.loose_keys.get(loose(k), [])
        out = [self.places[i] for i in rows]
        return [pl for pl in out if pl.iso2 == iso2] if iso2 else out

    def countries(self, text: str) -> set[str]:
        """Countries that have a place named ``text``: evidence a foreign namesake must beat."""
        return {pl.iso2 for pl in self.lookup(text)}
