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


def test_ray_extractor_batches_share_one_schema():
    """The Ray actor's output: one Arrow schema whether a batch holds articles, problems or both."""
    import pyarrow as pa

    from eventwire.ingest import make_article
    from eventwire.runs import ARTICLE_FIELDS, OUTPUT_COLUMNS, _RayExtractor

    text = (EXAMPLES / "somalia-base-attack.txt").read_text("utf-8")
    article = make_article(text, id="a1", published="2024-03-05")
    rows = [{"problem": None} | {k: getattr(article, k) for k in ARTICLE_FIELDS},
            {"problem": "feed.jsonl: line 2: bad JSON"} | dict.fromkeys(ARTICLE_FIELDS)]  # fmt: skip
    batch = pa.Table.from_pylist(rows)
    extractor = _RayExtractor()
    out = extractor(batch)
    assert out.column_names == OUTPUT_COLUMNS
    first, problem = out.to_pylist()
    assert first["id"] == "a1" and first["text"] == text and first["num_events"] >= 1
    assert len(json.loads(first["result"])["events"]) == first["num_events"]
    assert problem["problem"] == "feed.jsonl: line 2: bad JSON" and problem["result"] is None
    problems_only = extractor(batch.slice(1))
    assert problems_only.schema == out.schema and problems_only.num_rows == 1
