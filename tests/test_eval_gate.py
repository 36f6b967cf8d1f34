"""The evaluation gate: each harness on ../shared/eval/dev against tests/baseline.json.

A figure that falls by more than its tolerance fails the build; raising the baseline is a
reviewed edit of tests/baseline.json. Skips where ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate.gate import HARNESSES, Figure, Outcome, check, compare, figure, load_baseline

BASELINE = Path(__file__).with_name("baseline.json")
FIGURES = load_baseline(BASELINE)


def test_baseline_names_every_harness_and_resolvable_figures():
    assert set(FIGURES) == set(HARNESSES)
    assert all(FIGURES[h] for h in HARNESSES)


@pytest.mark.parametrize(
    ("fig", "measured", "regressed", "improved"),
    [
        (Figure("f1", 0.80, 0.005), 0.796, False, False),  # within tolerance
        (Figure("f1", 0.80, 0.005), 0.794, True, False),  # fell too far
        (Figure("f1", 0.80, 0.005), 0.81, False, True),  # better: raise the baseline
        (Figure("km", 200.0, 5.0, lower_is_better=True), 206.0, True, False),
        (Figure("km", 200.0, 5.0, lower_is_better=True), 190.0, False, True),
    ],
)
def test_figure_comparison(fig, measured, regressed, improved):
    outcome = Outcome("h", fig, measured)
    assert (outcome.regressed, outcome.improved) == (regressed, improved)


def test_compare_reads_dotted_paths():
    report = {"event_type": {"macro_f1": 0.5}, "country_correct": 0.9}
    outcomes = compare(
        "acled", [Figure("event_type.macro_f1", 0.6, 0.01), Figure("country_correct", 0.9, 0.01)], report
    )
    assert [o.regressed for o in outcomes] == [True, False]
    assert figure(report, "event_type.macro_f1") == 0.5


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("harness", sorted(HARNESSES))
def test_gate(harness, shared_dir):
    outcomes = check(harness, FIGURES[harness], shared_dir / "eval" / "dev")
    print("\n".join(o.line() for o in outcomes))
    regressed = [o.line() for o in outcomes if o.regressed]
    assert not regressed, "figures below tests/baseline.json:\n" + "\n".join(regressed)
