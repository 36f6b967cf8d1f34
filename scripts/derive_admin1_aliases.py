"""Derive ``eventwire/data/admin1_aliases.tsv``: other spellings of GeoNames first-level divisions,
from the ISO 3166-2 names pycountry ships.

admin1.tsv names each division once, as GeoNames' English data spells it ("Atakora", "Amhara",
"Kouffo"); news and ACLED notes often write the official or local name ("Atacora", "Amara",
"Couffo"), and a note's "(Materi, Atacora)" is then no evidence of its country. For each country,
the ISO names that admin1.tsv already holds (after folding) are set aside on both sides; each
remaining ISO name is paired with the remaining GeoNames name it resembles most, only where the
two are each other's best match (so a division GeoNames lacks does not take a neighbour's name:
"Baja Verapaz" is not "Alta Verapaz"), the similarity is at least ``MIN_RATIO`` and the runner-up
is ``MIN_MARGIN`` behind. A name a town of the country bears is left out ("Addis Ababa", "Sofia":
the town is what news means by it). ``_EXCLUDE`` holds the pairs that pass and are wrong (checked by hand).

Run when pycountry or admin1.tsv changes::

    .venv/bin/python scripts/derive_admin1_aliases.py
"""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.gazetteer import load_index  # noqa: E402
from eventwire.gazetteer.index import fold  # noqa: E402
from eventwire.gazetteer.tables import load_admin1_names  # noqa: E402

OUT = ROOT / "eventwire" / "data" / "admin1_aliases.tsv"
MIN_RATIO = 0.8
MIN_MARGIN = 0.1
# (country, ISO name) pairs that pass the test and name another division: Antsiranana is a former
# province of Madagascar, Atsinanana a region.
_EXCLUDE = {("MG", "Antsiranana")}


def iso_name(sub: object) -> str:
    """The ISO name without its type word ("Atacora Department" -> "Atacora")."""
    name, kind = sub.name, (sub.type or "")
    if kind and name.lower().endswith(" " + kind.lower()):
        name = name[: -len(kind) - 1]
    return name.strip()


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def derive() -> list[tuple[str, str, str, str]]:
    """(country, admin1 code, alias, GeoNames name) rows."""
    names = load_admin1_names()
    ours: dict[str, dict[str, str]] = defaultdict(dict)  # country -> code -> folded name
    for (cc, code), name in names.items():
        ours[cc][code] = fold(name)
    theirs: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.country_code in ours:
            theirs[sub.country_code].append(iso_name(sub))
    index = load_index()

    def town(cc: str, name: str) -> bool:  # a town of the country bears the name (or an alias)
        rows = index.keys.get(fold(name), ())
        return any(index.cc[r] == cc and index.feature_of(r) == "city" for r in rows)

    rows = []
    for cc, isos in sorted(theirs.items()):
        shared = {fold(n) for n in isos} & set(ours[cc].values())
        left = [n for n in isos if fold(n) not in shared and (cc, n) not in _EXCLUDE]
        pool = {code: f for code, f in ours[cc].items() if f not in shared}
        for n in left:
            ranked = sorted(((ratio(fold(n), f), code) for code, f in pool.items()), reverse=True)
            if not ranked:
                continue
            best, code = ranked[0]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            mutual = max(left, key=lambda m: ratio(fold(m), pool[code])) == n
            if best >= MIN_RATIO and best - runner_up >= MIN_MARGIN and mutual and not town(cc, n):
                rows.append((cc, code, n, names[(cc, code)]))
    return rows


def main() -> None:
    rows = derive()
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Other names of GeoNames first-level divisions (ISO 3166-2 via pycountry), derived by\n"
            "# scripts/derive_admin1_aliases.py. Columns: country\tadmin1code\talias\t(admin1.tsv's name)\n"
        )
        for cc, code, alias, ours in rows:
            fh.write(f"{cc}\t{code}\t{alias}\t{ours}\n")
    print(f"{len(rows)} aliases -> {OUT}")


if __name__ == "__main__":
    main()
