"""The command line end to end on hand-written fixture articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.io.corpus import ingest
from eventwire.store.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_extract_json_contract():
    result = _run(
        "extract", str(EXAMPLES / "somalia-base-attack.txt"), "--published", "2025-03-04", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {
        "id",
        "title",
        "published",
        "url",
        "source",
        "events",
        "statements",
        "places",
        "dates",
    }
    assert data["published"] == "2025-03-04"
    assert data["title"].startswith("Al-Shabaab Fighters Storm")


def test_extract_pretty_runs():
    result = _run("extract", str(EXAMPLES / "somalia-base-attack.txt"), "--published", "2025-03-04")
    assert result.exit_code == 0
    assert "events" in result.stdout and "statements" in result.stdout


def test_extract_jsonl_batch(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text((EXAMPLES / "articles.jsonl").read_text("utf-8") + "{broken\n", "utf-8")
    result = _run("extract", "--jsonl", str(src), "-f", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["example-1", "example-2"]
    assert result.exit_code == 1  # the broken line is reported, the rest processed
    assert "line 3" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfa\xfb" * 3, "")],
)
def test_extract_bad_file_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = _run("extract", str(path))
    assert result.exit_code == 1
    assert "error:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


def test_extract_missing_file_and_bad_date(tmp_path):
    assert "no such file" in _run("extract", str(tmp_path / "missing.txt")).stderr
    bad = _run("extract", str(EXAMPLES / "somalia-base-attack.txt"), "--published", "March 4")
    assert bad.exit_code == 1 and "not an ISO date" in bad.stderr


def test_ingest_twice_no_duplicates_then_export(tmp_path):
    db = tmp_path / "e.duckdb"
    first = _run("ingest", str(EXAMPLES), "--db", str(db), "--quiet", "--published", "2025-03-04")
    assert first.exit_code == 0, first.output
    with Store(db, read_only=True) as store:
        counts = (store.count("articles"), store.count("events"), store.count("statements"))
    assert counts[0] == 3
    second = _run("ingest", str(EXAMPLES), "--db", str(db), "--quiet")
    assert "3 already stored" in second.stderr
    with Store(db, read_only=True) as store:
        assert (store.count("articles"), store.count("events"), store.count("statements")) == counts
    out = _run("export", "--db", str(db), "--format", "jsonl")
    assert len(out.stdout.splitlines()) == 3
    csv_out = _run("export", "--db", str(db), "--format", "acled-csv")
    assert csv_out.stdout.startswith("event_id_cnty,event_date,year,time_precision")


def test_export_unknown_format_and_missing_db(tmp_path):
    assert _run("export", "--db", str(tmp_path / "none.duckdb")).exit_code == 1
    db = tmp_path / "e.duckdb"
    Store(db).close()
    result = _run("export", "--db", str(db), "--format", "xml")
    assert result.exit_code == 1 and "unknown format" in result.stderr


def test_crash_half_way_loses_nothing_committed(tmp_path, monkeypatch):
    """A crash after the first batch keeps that batch; a re-run completes without duplicates."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"{i}.txt").write_text(
            f"Soldiers clashed with rebels near Bunia on Monday, killing {i + 2} fighters, officials said.",
            "utf-8",
        )
    db = tmp_path / "e.duckdb"
    calls = {"n": 0}
    real_write = Store.write

    def flaky(self, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash")
        return real_write(self, batch)

    monkeypatch.setattr(Store, "write", flaky)
    with Store(db) as store, pytest.raises(RuntimeError):
        ingest([corpus], store, published="2024-02-01", batch_size=2)
    with Store(db) as store:
        assert store.count("articles") == 2
    monkeypatch.setattr(Store, "write", real_write)
    with Store(db) as store:
        report = ingest([corpus], store, published="2024-02-01", batch_size=2)
        assert (report.skipped, report.written, store.count("articles")) == (2, 3, 5)
