"""Places below and beside the gazetteer: divisions and their named parts ("southern Idleb"),
direction-named regions of a country ("the West Coast") and towns spelt otherwise ("Hbit")."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc

from ...gazetteer import Index, distance_km, fold, skeleton, skeletons
from ...records import Place
from ...settings import current
from .mentions import Mention, direction, load_cues


def is_division(index: Index, row: int) -> bool:
    """A first-level division, or a town one is named after ("Idleb" the city and province)."""
    if index.feature_of(row) == "admin1":
        return True
    # "Manakhah district, Sana'a": Sanaa city, or the governorate named after it
    return (index.cc[row], skeleton(fold(index.name[row]))) in _division_skeletons(index)


@lru_cache(maxsize=1)
def _division_skeletons(index: Index) -> frozenset[tuple[str, str]]:
    """(country, spelling skeleton) of every first-level division's name."""
    return frozenset((cc, skeleton(fold(name))) for (cc, _), name in index.admin1_names.items())


def in_part_of(index: Index, place: Place, town: int, sides: frozenset[str]) -> Place:
    """A place said to lie in a part of a division ("in southern Idleb") placed at the middle of
    that part's towns rather than at the division's seat."""
    centre = _sector_centre(index, index.cc[town], index.admin1code[town], sides)
    if centre is None:
        return place
    return replace(place, latitude=round(centre[0], 5), longitude=round(centre[1], 5))


@lru_cache(maxsize=1)
def _town_arrays(index: Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Country and division codes of the gazetteer's towns (other rows masked out), and their rows."""
    towns = np.flatnonzero(np.frombuffer(index.feature, dtype=np.uint8) == 0)  # feature 0: city
    return np.array(index.cc)[towns], np.array(index.admin1code)[towns], towns


@lru_cache(maxsize=256)
def _towns(index: Index, cc: str, code: str | None) -> tuple[tuple[float, float], ...]:
    """The points of a division's towns (``code`` None: the country's), in gazetteer order."""
    ccs, codes, rows = _town_arrays(index)
    mask = ccs == cc if code is None else (ccs == cc) & (codes == code)
    return tuple((index.lat[r], index.lon[r]) for r in rows[mask].tolist())


def country_part(doc: Doc, index: Index, m: Mention, cc: str) -> Place | None:
    """A direction-named region ("West Coast", "North East") of country ``cc``: at the middle of
    that side of the country's towns, as an unresolved region."""
    info = index.countries.get(cc)
    sides = direction(doc, m.start, m.start + 1)
    centre = _sector_centre(index, cc, None, sides) if info else None
    if centre is None:
        return None
    span = doc[m.start : m.end]
    return Place(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=span.text,
        country=info["name"],
        iso3=info["iso3"],
        admin1=None,
        latitude=round(float(centre[0]), 5),
        longitude=round(float(centre[1]), 5),
        geonameid=None,
        feature="region",
        population=None,
        confidence=float(current().places.unresolved_confidence),
    )


def _sector_centre(
    index: Index, cc: str, code: str | None, sides: frozenset[str]
) -> tuple[float, float] | None:
    """Median point of the division's (``code`` None: the country's) towns on the named side(s)
    of its median town."""
    towns = _towns(index, cc, code)
    if len(towns) < int(float(current().places.sector_min_towns)):
        return None
    mid_lat = sorted(t[0] for t in towns)[len(towns) // 2]
    mid_lon = sorted(t[1] for t in towns)[len(towns) // 2]
    side = {
        "N": lambda t: t[0] > mid_lat,
        "S": lambda t: t[0] < mid_lat,
        "E": lambda t: t[1] > mid_lon,
        "W": lambda t: t[1] < mid_lon,
    }
    part = [t for t in towns if all(side[d](t) for d in sides)]
    if len(part) < int(float(current().places.sector_min_part_towns)):
        return None
    return sorted(t[0] for t in part)[len(part) // 2], sorted(t[1] for t in part)[len(part) // 2]


def spelling_variant(
    doc: Doc, index: Index, m: Mention, mentions: list[Mention], main_cc: str | None = None
) -> int | None:
    """A town the gazetteer spells otherwise ("Hbit" for Hubayt), by consonant outline, looked
    for only where the text puts it: in the division named with it ("Hbit in southern Idleb"),
    else near another town of the article, else in the article's main country (``main_cc``), else
    anywhere if it is one place."""
    cues = load_cues()
    words = [
        t
        for t in doc[m.start : m.end]
        if t.lower_ not in cues.generic_suffixes and t.lower_ not in cues.articles
    ]
    if not words or not words[0].text[:1].isupper():
        return None
    outline = skeleton(fold(" ".join(t.text for t in words)))
    min_consonants = float(current().places.variant_min_consonants)
    rows = skeletons(index).get(outline, ()) if len(outline) >= min_consonants else ()
    q = m.qualified_by.best if m.qualified_by is not None else None
    if q is not None and index.feature_of(q) in ("admin1", "city", "site"):
        found = [r for r in rows if (index.cc[r], index.admin1code[r]) == (index.cc[q], index.admin1code[q])]
    else:
        towns = [
            x.best for x in mentions if x.best is not None and index.feature_of(x.best) in ("city", "site")
        ]
        radius = float(current().places.variant_radius_km)
        found = [r for r in rows if any(distance_km(index, r, t) <= radius for t in towns)]
        if not found and not towns:  # nothing else placed: in the article's country, if it has one
            found = [r for r in rows if main_cc is None or index.cc[r] == main_cc]
    same_place_km = float(current().places.variant_same_place_km)
    if found and all(distance_km(index, r, found[0]) <= same_place_km for r in found):
        return found[0]
    return None
