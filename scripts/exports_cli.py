"""What the scripts that read ACLED-format exports share: their arguments and the check that the
files exist (a missing file is named, exit status 2, no traceback)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def export_parser(doc: str | None, out_default: Path) -> argparse.ArgumentParser:
    """A parser with the exports (positional, default: the script's own) and ``--out``."""
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0] if doc else None)
    ap.add_argument("exports", nargs="*", help="ACLED-format CSV(.gz) files (default: ../shared's)")
    ap.add_argument("--out", default=str(out_default))
    return ap


def export_paths(given: Sequence[str], defaults: Sequence[Path]) -> list[str] | None:
    """The exports to read (``given``, else ``defaults``), or None after naming the missing ones."""
    paths = [str(p) for p in (given or defaults)]
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return None
    return paths
