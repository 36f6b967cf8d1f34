"""Regenerate the shipped learned layers (eventwire/data/learned/NAME/) from the coded exports in ../shared.

    .venv/bin/python scripts/learn_tables.py            # the shipped layers, one per export
    .venv/bin/python scripts/learn_tables.py A.csv B.csv.gz --out DIR

One layer per export (a folder named after it, with layer.json naming its source), so that an
evaluation on an export can leave that export's layer out (eventwire/learn/layers.py). The tables
are derived data (names, codes, coordinates, counts): no note or row of the exports is copied into
them. Thresholds: eventwire/learn/learn.toml. Same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.learn.layers import learn_layer  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
DEFAULT_INPUTS = [
    SHARED / "train" / "acled_multi_region.csv.gz",
    SHARED / "dev" / "acled_middle_east_2018_dev.csv.gz",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exports", nargs="*", help="ACLED-format CSV(.gz) files (default: ../shared's)")
    ap.add_argument("--out", default=str(ROOT / "eventwire" / "data" / "learned"))
    args = ap.parse_args(argv)
    paths = [str(p) for p in (args.exports or DEFAULT_INPUTS)]
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 2
    print(json.dumps([learn_layer([p], out_dir=args.out) for p in paths], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
