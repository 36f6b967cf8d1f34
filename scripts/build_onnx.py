"""Write the ONNX graph of all-MiniLM-L6-v2 (eventwire.learn.onnx_graph) to a path of your choice.

eventwire builds and caches its own on first use (``[events] coder_encoder = "onnx-int8"``); this
script is for the encoder comparison (bench/encoder_routes.py). Needs ``onnx`` and ``onnxruntime``.

    python scripts/build_onnx.py OUT.onnx [--int8]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventwire.learn.onnx_graph import write_graph  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--int8", action="store_true", help="also write OUT.int8.onnx (quantised)")
    args = ap.parse_args()
    write_graph(args.out, int8=False)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.int8:
        q = write_graph(args.out.with_suffix(".int8.onnx"), int8=True)
        print(f"wrote {q} ({q.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
