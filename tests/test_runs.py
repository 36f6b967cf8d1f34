"""Corpus runs to Parquet shards: local processes and Ray give the same events; load merges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.runs import load, read_rows, run_local
from eventwire.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _events(out: Path) -> dict[str, list[tuple]]:
    by_article = {}
    for row in read_rows(out):
        result = json.loads(row["result"])
        by_article[row["id"]] = sorted(
            (e["sub_event_type"] or "", e["status"], e["event_date"] or "", e["fatalities"] or 0)
            for e in result["events"]
        )
    return by_article


@pytest.fixture(scope="module")
def local_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    report = run_local([EXAMPLES], out, n_process=2)
    assert report.articles == 3 and report.shards == 1 and not report.problems
    return out


def test_load_twice_writes_once(local_out, tmp_path):
    with Store(tmp_path / "e.duckdb") as store:
        assert load(local_out, store) == 3
        assert load(local_out, store) == 0
        assert store.count("articles") == 3


@pytest.mark.slow
def test_ray_matches_local(local_out, tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
    from eventwire.runs import run_ray

    report = run_ray([EXAMPLES], tmp_path / "ray", num_workers=2)
    assert report.articles == 3 and not report.problems
    assert _events(tmp_path / "ray") == _events(local_out)
