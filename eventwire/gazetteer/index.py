"""Gazetteer keys (fold, loose, skeleton) and the :class:`Index` of rows with its lookups."""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import load_yaml, schema

FEATURES = ("city", "admin1", "country", "site", "region", "continent")

_PUNCT = str.maketrans(
    {"’": "", "'": "", "`": "", "ʿ": "", "ʾ": "", "‘": "", ".": "", "-": " ", "‐": " ", "–": " ", ",": " "}
    | {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
)
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "Ł": "L", "Ø": "O"})


@lru_cache(maxsize=1)
def article_re() -> re.Pattern[str]:
    """The Arabic article forms dropped from a name's keys (``gazetteer.yaml`` key_articles), each
    followed by a space."""
    data = load_yaml("gazetteer.yaml", ("key_articles",))
    schema.word_sets("gazetteer.yaml", data, ("key_articles",), lower=True)
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, data["key_articles"]))) + r")\s+")


def fold(name: str) -> str:
    """Lookup key: lower case, no accents, no apostrophes, hyphens as spaces."""
    if name.isascii():  # NFKD leaves ASCII as it is and it has no combining marks
        return " ".join(name.lower().translate(_PUNCT).split())
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.lower().translate(_PUNCT).split())


def plain(name: str) -> str:
    """Display form without diacritics, as ACLED writes names: ``"Al Qāmishlī"`` -> ``"Al Qamishli"``."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch) and ch not in "ʿʾ‘’")
    return s.translate(_LETTERS)


@lru_cache(maxsize=131072)  # the same words come back in every article; building the index asks once each
def loose(key: str) -> str:
    """Transliteration-tolerant key for Arabic/Persian names: ``"ar raqqah"`` -> ``"raka"``."""
    s = article_re().sub("", key + " ").strip()
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


def key_hash(key: str) -> int:
    """The stable hash :class:`PackedKeys` sorts and finds keys by (CRC-32 of the UTF-8 bytes)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


class PackedKeys(Mapping[str, tuple[int, ...]]):
    """A read-only key -> rows mapping over the disk cache's packed arrays, keys sorted by
    (:func:`key_hash`, bytes): a lookup is a bisection, and loading builds no dict of every key
    (a dict of the 670k keys took 0.3 s of every process's start and ~70 MB).

    ``names``: the keys' UTF-8 bytes joined by NUL; ``starts``: where each key begins in it;
    ``offsets``/``rows``: key i's rows are ``rows[offsets[i]:offsets[i + 1]]``.
    """

    def __init__(self, hashes: array, names: bytes, starts: array, offsets: array, rows: array) -> None:
        self._hashes, self._names, self._starts = hashes, names, starts
        self._offsets, self._rows = offsets, rows

    def _key(self, i: int) -> bytes:
        end = self._starts[i + 1] - 1 if i + 1 < len(self._starts) else len(self._names)
        return self._names[self._starts[i] : end]

    def _find(self, key: object) -> int:
        if not isinstance(key, str):
            return -1
        h, raw = key_hash(key), key.encode("utf-8", "surrogatepass")
        i = bisect_left(self._hashes, h)
        while i < len(self._hashes) and self._hashes[i] == h:
            found = self._key(i)
            if found == raw:
                return i
            if found > raw:
                return -1
            i += 1
        return -1

    def _rows_of(self, i: int) -> tuple[int, ...]:
        return tuple(self._rows[self._offsets[i] : self._offsets[i + 1]])

    def __getitem__(self, key: str) -> tuple[int, ...]:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._rows_of(i)

    def get(self, key: str, default=None):  # type: ignore[no-untyped-def, override]
        i = self._find(key)
        return default if i < 0 else self._rows_of(i)

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[str]:
        return (self._key(i).decode("utf-8", "surrogatepass") for i in range(len(self._hashes)))


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
    keys: Mapping[str, tuple[int, ...]]  # a dict when built, PackedKeys when read from the cache
    loose_keys: Mapping[str, tuple[int, ...]]
    admin1_names: dict[tuple[str, str], str]
    admin1_seats: dict[tuple[str, str], int]  # largest town: where a division-only event is coded
    countries: dict[str, dict]  # iso2 -> {name, iso3, row, capital_row}
    demonyms: dict[str, str]  # folded demonym -> iso2
    arabic_cc: frozenset[str] = field(default_factory=frozenset)
    skeleton_keys: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # see :func:`skeletons`
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


def skeletons(index: Index) -> Mapping[str, tuple[int, ...]]:
    """Towns and sites of Arabic/Persian-script countries by the :func:`skeleton` of each name."""
    return index.skeleton_keys


def distance_km(index: Index, a: int, b: int) -> float:
    """Great-circle distance between two rows."""
    from ..geo import haversine_km

    return haversine_km(index.lat[a], index.lon[a], index.lat[b], index.lon[b])


def log_population(index: Index, row: int) -> float:
    return math.log10(index.population[row] + 10)
