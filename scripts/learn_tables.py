"""Regenerate the shipped learned layers (eventwire/data/learned/NAME/) from the coded exports in ../shared.

    .venv/bin/python scripts/learn_tables.py            # the shipped layers, one per export
    .venv/bin/python scripts/learn_tables.py A.csv B.csv.gz --out DIR

One layer per export (a folder named after it, with layer.json naming its source), so that an
evaluation on an export can leave that export's layer out (eventwire/learn/layers.py). The tables
are derived data (names, codes, coordinates, counts): no note or row of the exports is copied into
them. Thresholds: eventwire/learn/learn.toml. Same inputs, same bytes.
"""

from __future__ import annotations

import json
import sys

from exports_cli import ROOT, SHARED, export_parser, export_paths

sys.path.insert(0, str(ROOT))

from eventwire.learn.layers import learn_layer  # noqa: E402

DEFAULT_INPUTS = [
    SHARED / "train" / "acled_multi_region.csv.gz",
    SHARED / "dev" / "acled_middle_east_2018_dev.csv.gz",
]


def main(argv: list[str] | None = None) -> int:
    ap = export_parser(__doc__, ROOT / "eventwire" / "data" / "learned")
    args = ap.parse_args(argv)
    paths = export_paths(args.exports, DEFAULT_INPUTS)
    if paths is None:
        return 2
    print(json.dumps([learn_layer([p], out_dir=args.out) for p in paths], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
