"""The evaluation gate: every harness's headline figures against a pinned baseline.

``tests/baseline.json`` holds the development figures of each harness (a reviewed file: raising
or lowering a figure is an edit someone reads). :func:`check` runs a harness and returns the
figures that fell by more than their tolerance, so that a regression in any field fails the
build instead of passing silently. The idea follows trafilatura's ``tests/eval_gate.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Harness:
    """One evaluation harness: its file under the development folder and its evaluate()."""

    path: str
    evaluate: Callable[[str], dict[str, Any]]


def _acled(path: str) -> dict[str, Any]:
    from . import acled

    return acled.evaluate(path)


def _case2021(path: str) -> dict[str, Any]:
    from . import case2021

    return case2021.evaluate(path)


def _geoparse(path: str) -> dict[str, Any]:
    from . import geoparse

    return geoparse.evaluate(path)


def _timeml(path: str) -> dict[str, Any]:
    from . import timeml

    return timeml.evaluate(path)


def _polnear(path: str) -> dict[str, Any]:
    from . import polnear

    return polnear.evaluate(path)


HARNESSES: dict[str, Harness] = {
    "acled": Harness("acled_middle_east_2018_dev.csv.gz", _acled),
    "case2021": Harness("case2021_task2_dev.tsv", _case2021),
    "geoparse": Harness("geoparsing/GWN.xml.gz", _geoparse),
    "timeml": Harness("timebank.tar.gz", _timeml),
    "polnear": Harness("polnear.tar.gz", _polnear),
}


@dataclass(frozen=True)
class Figure:
    """A pinned figure: its dotted path in the report, value, tolerance and direction."""

    name: str
    value: float
    tolerance: float
    lower_is_better: bool = False

    def regressed(self, measured: float) -> bool:
        if self.lower_is_better:
            return measured > self.value + self.tolerance
        return measured < self.value - self.tolerance

    def improved(self, measured: float) -> bool:
        if self.lower_is_better:
            return measured < self.value - self.tolerance
        return measured > self.value + self.tolerance


def load_baseline(path: str | Path) -> dict[str, list[Figure]]:
    """Harness name -> its pinned figures, from ``baseline.json``."""
    data = json.loads(Path(path).read_text("utf-8"))
    default = float(data["tolerance"])
    out: dict[str, list[Figure]] = {}
    for harness, figures in data["harnesses"].items():
        if harness not in HARNESSES:
            raise ValueError(f"{path}: unknown harness {harness!r} (known: {', '.join(HARNESSES)})")
        out[harness] = [
            Figure(
                name,
                float(spec["value"]),
                float(spec.get("tolerance", default)),
                bool(spec.get("lower_is_better", False)),
            )
            for name, spec in figures.items()
        ]
    return out


def figure(report: dict[str, Any], name: str) -> float:
    """The value at dotted path ``name`` ("event_type.macro_f1") of a harness report."""
    value: Any = report
    for part in name.split("."):
        value = value[part]
    return float(value)


@dataclass(frozen=True)
class Outcome:
    """One figure's comparison."""

    harness: str
    figure: Figure
    measured: float

    @property
    def regressed(self) -> bool:
        return self.figure.regressed(self.measured)

    @property
    def improved(self) -> bool:
        return self.figure.improved(self.measured)

    def line(self) -> str:
        mark = "REGRESSED" if self.regressed else "improved" if self.improved else "ok"
        return (
            f"{self.harness}.{self.figure.name}: {self.measured:.4f} "
            f"(baseline {self.figure.value:.4f} ± {self.figure.tolerance}) {mark}"
        )


def compare(harness: str, figures: list[Figure], report: dict[str, Any]) -> list[Outcome]:
    return [Outcome(harness, f, figure(report, f.name)) for f in figures]


def check(harness: str, figures: list[Figure], dev_dir: str | Path) -> list[Outcome]:
    """Run one harness on the development data and compare it with its pinned figures."""
    report = HARNESSES[harness].evaluate(str(Path(dev_dir) / HARNESSES[harness].path))
    return compare(harness, figures, report)
