"""Corpus runs to Parquet shards: local processes and Ray give the same events; load merges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.runs.runs import load, read_rows, run_local
from eventwire.store.store import Store

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
@pytest.mark.parametrize("engine", ["ray", "ray-data"])
def test_ray_engines_match_local(local_out, tmp_path, engine):
    pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
    from eventwire.runs.ray_data import run_ray_data
    from eventwire.runs.runs import run_ray

    out = tmp_path / engine
    report = (run_ray if engine == "ray" else run_ray_data)([EXAMPLES], out, num_workers=2)
    assert report.articles == 3 and not report.problems
    assert _events(out) == _events(local_out)
    with Store(tmp_path / "e.duckdb") as store:  # either engine's shards load like any others
        assert load(out, store) == 3


def test_ray_extractor_writes_its_own_shards(tmp_path):
    """The Ray actor's work, without Ray: the rows run_local writes, in shards of its own."""
    from eventwire.io.ingest import make_article
    from eventwire.pipeline import extract_articles
    from eventwire.runs.runs import RayExtractor, result_row

    text = (EXAMPLES / "somalia-base-attack.txt").read_text("utf-8")
    articles = [make_article(text, id=f"a{i}", published="2024-03-05") for i in range(3)]
    extractor = RayExtractor(str(tmp_path), "part-007", shard_size=2)
    done, events = extractor.extract(articles[:1])
    assert done == 1 and events >= 1 and not list(tmp_path.iterdir())  # held until a shard is full
    assert extractor.extract(articles[1:]) == (2, 2 * events)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part-007-00000.parquet"]  # 2 rows: full
    assert extractor.close() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part-007-00000.parquet", "part-007-00001.parquet"]
    expected = [result_row(a, r) for a, r in zip(articles, extract_articles(articles))]
    assert list(read_rows(tmp_path)) == expected


def test_inputs_read_parquet_articles(tmp_path):
    """A Parquet file with a text column is read as articles, by both engines (one reader)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.runs.runs import iter_inputs

    text = (EXAMPLES / "somalia-base-attack.txt").read_text("utf-8")
    rows = [{"id": "p1", "text": text, "published": "2024-03-05"}, {"id": "p2", "text": text + " More."}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    articles = list(iter_inputs([tmp_path]))
    assert [(a.id, a.published) for a in articles] == [("p1", "2024-03-05"), ("p2", None)]
