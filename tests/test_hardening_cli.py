"""Hardening (issue 18): a database in use, SSRF pinning, fetch deadlines, crash windows of the
store and of `eventwire run`, the command line's user errors, and POST /api/extract's limits.

Network: loopback only (servers on 127.0.0.x, bounded by timeouts); no test reaches the internet.
"""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire import cli
from eventwire.cli import app, main
from eventwire.commands.ingest import known_total
from eventwire.errors import InputError
from eventwire.io.fetch import Fetcher, is_public
from eventwire.store.schema import ARTICLE_COLUMNS
from eventwire.store.store import Store
from tests.helpers import run_main, sample_article, sample_result

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def _stored_db(path: Path) -> Path:
    article = sample_article()
    with Store(path) as store:
        store.write([(article, sample_result(article))])
    return path


@pytest.fixture
def locked_db(tmp_path):
    """A database another process holds open for writing (as a running ingest does)."""
    db = _stored_db(tmp_path / "busy.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); "
         "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"
        yield db, holder.pid
    finally:
        holder.kill()
        holder.wait(10)


# -- item 4: a database in use ----------------------------------------------------------------------
def test_a_second_writer_is_told_the_database_is_in_use(locked_db, capsys):
    from eventwire.store.locking import StoreLocked

    db, pid = locked_db
    with pytest.raises(StoreLocked, match=rf"in use by another process \(pid {pid}\)"):
        Store(db)
    code, _, err = run_main(capsys, "ingest", str(EXAMPLES), "--db", str(db), "--quiet")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"error: {db} is in use by another process (pid {pid}), e.g. another eventwire ingest, load or "
        "serve; try again when it finishes"
    ]


def test_export_of_a_database_in_use_is_one_line(locked_db, capsys):
    db, pid = locked_db
    code, out, err = run_main(capsys, "export", "--db", str(db))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and f"pid {pid}" in err


def test_serve_of_a_database_in_use_is_503_not_500(locked_db):
    from fastapi.testclient import TestClient

    from eventwire.web.api import create_app

    db, _ = locked_db
    response = TestClient(create_app(db), raise_server_exceptions=False).get("/api/events")
    assert response.status_code == 503 and "in use by another process" in response.json()["detail"]


# -- item 5: SSRF -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("2002:a9fe:a9fe::", False),  # 6to4 around 169.254.169.254
        ("2002:808:808::", True),  # 6to4 around 8.8.8.8
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:8.8.8.8", True),
        ("::7f00:1", False),  # IPv4-compatible 127.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 around 169.254.169.254
        ("64:ff9b::808:808", True),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo: a tunnel to any IPv4 host
    ],
)
def test_ipv6_forms_of_ipv4_are_judged_by_the_ipv4_inside(address, public):
    assert is_public(address) is public


class _Server:
    """A loopback HTTP server on ``host`` answering ``GET`` with ``handler(path, headers)``."""

    def __init__(self, host: str, handler, port: int = 0) -> None:
        outer = self
        self.hits = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.hits += 1
                status, headers, body = handler(self.path, self.headers)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        try:
            self.server = http.server.ThreadingHTTPServer((host, port), Handler)
        except OSError as e:
            pytest.skip(f"cannot listen on {host}:{port}: {e}")
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def rebinding(monkeypatch):
    """news.example and other.example "resolve" to 127.0.0.2 when checked (pretended public here),
    and to 127.0.0.1, where an internal service listens on the same port, on a second lookup (DNS
    rebinding)."""

    def public_pages(path, headers):
        if path == "/jump":
            return 302, {"Location": f"http://other.example:{public.port}/page"}, b""
        return 200, {"Content-Type": "text/plain"}, f"public {path} Host={headers['Host']}".encode()

    public = _Server("127.0.0.2", public_pages)
    internal = _Server("127.0.0.1", lambda path, headers: (200, {}, b"internal secret"), port=public.port)
    monkeypatch.setattr("eventwire.io.fetch.is_public", lambda a: a == "127.0.0.2")
    real = socket.getaddrinfo

    def rebound(host, *args, **kwargs):
        if host in ("news.example", "other.example"):
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebound)
    fetcher = Fetcher(resolver=lambda host: ["127.0.0.2"])
    yield fetcher, public, public.port
    fetcher.close()
    public.close()
    internal.close()


def test_the_connection_goes_to_the_checked_address_not_a_second_dns_answer(rebinding):
    fetcher, public, port = rebinding
    page = fetcher.fetch(f"http://news.example:{port}/a")
    assert page.content == f"public /a Host=news.example:{port}".encode()  # Host header keeps the name
    assert page.url == f"http://news.example:{port}/a" and public.hits == 1


def test_redirect_targets_are_checked_and_pinned_too(rebinding):
    fetcher, public, port = rebinding
    page = fetcher.fetch(f"http://news.example:{port}/jump")
    assert page.content == f"public /page Host=other.example:{port}".encode()
    assert page.url == f"http://other.example:{port}/page" and public.hits == 2


def test_tls_is_verified_for_the_host_name_on_the_pinned_address(rebinding, monkeypatch):
    import httpcore
    import httpcore._backends.sync as sync_backend

    fetcher, public, port = rebinding
    seen = {}

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        seen["peer"] = self._sock.getpeername()[0]
        seen["server_hostname"] = server_hostname
        seen["verify"] = ssl_context.check_hostname
        raise httpcore.ConnectError("stop here: the test server speaks no TLS")

    monkeypatch.setattr(sync_backend.SyncStream, "start_tls", start_tls)
    with pytest.raises(InputError, match="fetch failed"):
        fetcher.fetch(f"https://news.example:{port}/a")
    assert seen == {"peer": "127.0.0.2", "server_hostname": "news.example", "verify": True}


def test_a_host_that_was_not_checked_is_never_connected():
    import httpcore

    from eventwire.io.fetch import PinnedBackend

    with pytest.raises(httpcore.ConnectError, match="not checked"):
        PinnedBackend().connect_tcp("news.example", 80)


# -- item 7: a total deadline per fetch, a cap on a feed's entries -------------------------------------
def test_a_trickling_server_is_stopped_by_the_total_deadline():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def trickle():
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n")
        for _ in range(100):  # one byte every 0.1 s: each read is quick, the whole is 10 s
            if stop.wait(0.1):
                break
            try:
                conn.sendall(b"x")
            except OSError:
                break
        conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    fetcher = Fetcher(allow_private=True)
    fetcher.deadline_s = 0.6
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match=r"took longer than 0.6 s \(settings: fetch.deadline_s\)"):
            fetcher.fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/slow")
    finally:
        stop.set()
        fetcher.close()
        listener.close()
    assert time.monotonic() - started < 3


def test_a_feed_is_cut_at_max_feed_entries_with_one_warning():
    fetcher = Fetcher()
    fetcher.max_feed_entries = 3
    kept, warning = fetcher.feed_entries(list(range(10)), "https://news.example/feed")
    assert kept == [0, 1, 2] and "10 entries" in warning and "fetch.max_feed_entries" in warning
    assert fetcher.feed_entries([1, 2], "feed") == ([1, 2], None)


# -- item 8: crash windows --------------------------------------------------------------------------
def test_the_schema_is_created_in_one_transaction(tmp_path, monkeypatch):
    import eventwire.store.schema as schema_module

    real = schema_module.create_table_sql

    def killed(table, record_type):
        if table == "places":
            raise KeyboardInterrupt("killed while creating the schema")
        return real(table, record_type)

    monkeypatch.setattr(schema_module, "create_table_sql", killed)
    db = tmp_path / "half.duckdb"
    with pytest.raises(KeyboardInterrupt):
        Store(db)
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 0


def test_a_half_built_schema_is_healed_when_opened(tmp_path, capsys):
    db = tmp_path / "half.duckdb"
    with duckdb.connect(str(db)) as con:  # what a kill between two CREATE TABLEs left
        con.execute(f"CREATE TABLE articles ({', '.join(f'{n} {t}' for n, t in ARTICLE_COLUMNS)})")
    code, out, err = run_main(capsys, "export", "--db", str(db), "--format", "acled-csv")
    assert code == 0 and "0 records written" in err and out.startswith("event_id_cnty")
    with Store(db, read_only=True) as store:
        assert store.count("merged_events") == 0 and store.count("dates") == 0


def test_an_empty_database_file_is_rebuilt(tmp_path):
    db = tmp_path / "empty.duckdb"
    db.write_bytes(b"")  # killed while DuckDB created the file
    with Store(db) as store:
        assert store.count("articles") == 0


def test_a_shard_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from eventwire.runs.runs import write_shard

    def killed(table, where, **kwargs):
        Path(where).write_bytes(b"PAR1 half a shard")
        raise KeyboardInterrupt("killed while writing")

    monkeypatch.setattr(pq, "write_table", killed)
    with pytest.raises(KeyboardInterrupt):
        write_shard([{"id": "a"}], tmp_path, "part-00000")
    assert list(tmp_path.glob("*.parquet")) == []  # load reads nothing half-written


def _row(article_id: str) -> dict:
    from eventwire.runs.runs import result_row

    article = sample_article(article_id, f"Rebels shelled Goma on Monday ({article_id}).")
    return result_row(article, sample_result(article))


def test_a_bad_shard_is_one_line_and_the_others_load(tmp_path, capsys):
    from eventwire.runs.runs import load, write_shard

    shards = tmp_path / "shards"
    shards.mkdir()
    write_shard([_row("a1")], shards, "part-00000")
    write_shard([_row("a2"), _row("a3")], shards, "part-00001")
    whole = (shards / "part-00001.parquet").read_bytes()
    (shards / "part-00001.parquet").write_bytes(whole[: len(whole) // 2])  # truncated by an old version
    write_shard([_row("a4")], shards, "part-00002")
    problems = []
    with Store(tmp_path / "a.duckdb") as store:
        assert load(shards, store, problems=problems) == 2
    assert [Path(p.origin).name for p in problems] == ["part-00001.parquet"]
    code, _, err = run_main(capsys, "load", str(shards), "--db", str(tmp_path / "b.duckdb"))
    lines = err.strip().splitlines()
    assert code == 1 and "Traceback" not in err and len(lines) == 2
    assert "part-00001.parquet: not a readable shard" in lines[0] and "2 articles stored" in lines[1]


def test_shards_are_flushed_by_size_and_age(tmp_path):
    from eventwire.runs.runs import ShardWriter, read_rows

    writer = ShardWriter(tmp_path, "part", shard_size=2)
    for i in range(3):
        writer.add({"id": f"a{i}"})
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["part-00000.parquet"]
    writer.shard_seconds = 0  # a slow run: the oldest row held is always old enough
    writer.add({"id": "a3"})
    assert writer.shards == 2 and [r["id"] for r in read_rows(tmp_path)] == ["a0", "a1", "a2", "a3"]


def test_run_resumes_skipping_articles_in_finished_shards(tmp_path):
    from eventwire.runs.runs import read_rows, run_local

    out = tmp_path / "out"
    first = run_local([EXAMPLES], out, n_process=1, shard_size=1)
    assert (first.articles, first.shards) == (3, 3)
    (out / "part-00001.parquet").unlink()  # the shard a kill never let finish
    (out / ".part-00003.parquet.tmp").write_bytes(b"half")  # ... and its half-written successor
    again = run_local([EXAMPLES], out, n_process=1, shard_size=1)
    assert (again.skipped, again.articles, again.shards) == (2, 1, 1)
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00002.parquet",
                                                      "part-00003.parquet"]  # fmt: skip
    ids = [r["id"] for r in read_rows(out, columns=["id"])]
    assert len(ids) == len(set(ids)) == 3


# -- item 11: the command line ------------------------------------------------------------------------
def test_version(capsys):
    code, out, _ = run_main(capsys, "--version")
    assert code == 0 and out.startswith("eventwire ")


def test_a_malformed_settings_file_is_one_line_naming_it(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch\ntimeout_s = ", "utf-8")
    code, _, err = run_main(capsys, "--settings", str(bad), "export", "--db", str(tmp_path / "x.duckdb"))
    assert code == 1 and err.strip().splitlines() == [
        f"error: [E014] {bad}: not valid TOML (Expected ']' at the end of a table declaration (at line 1, column 7))"
    ]


def test_an_unknown_setting_is_one_line_naming_the_key(tmp_path, capsys):
    user = tmp_path / "user.toml"
    user.write_text("[fetch]\ntimeout = 3\n", "utf-8")
    code, _, err = run_main(capsys, "--settings", str(user), "export", "--db", str(tmp_path / "x.duckdb"))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "[E010]" in lines[0] and "[fetch] timeout" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", str(EXAMPLES), "--db", "/nonexistent/dir/x.duckdb", "--quiet"],
        ["load", str(EXAMPLES), "--db", "/nonexistent/dir/x.duckdb"],
        ["export", "--db", "/nonexistent/dir/x.duckdb"],
        ["extract", "/nonexistent/dir/a.txt"],
        ["extract", "--jsonl", "/nonexistent/dir/a.jsonl"],
        ["eval", "acled", "/nonexistent/dir/a.csv"],
        ["export", "--db", "{tmp}/not-a-db.duckdb"],
        ["serve", "--db", "{tmp}/not-a-db.duckdb"],
        ["export", "--db", "{tmp}/ok.duckdb", "--out", "/nonexistent/dir/out.jsonl"],
    ],
)
def test_user_errors_are_one_line_never_a_traceback(tmp_path, capsys, args):
    (tmp_path / "not-a-db.duckdb").write_text("not a database", "utf-8")
    _stored_db(tmp_path / "ok.duckdb")
    code, _, err = run_main(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err


def test_an_internal_error_is_one_line_unless_debug(tmp_path, capsys, monkeypatch):
    import eventwire.output.export as export_module

    def broken(store, out, filters):
        raise RuntimeError("a bug")

    monkeypatch.setitem(export_module.EXPORTERS, "jsonl", broken)
    db = _stored_db(tmp_path / "e.duckdb")
    code, _, err = run_main(capsys, "export", "--db", str(db))
    assert code == cli.EXIT_INTERNAL and "Traceback" not in err
    assert (
        err.strip()
        == "internal error: RuntimeError: a bug (rerun with --debug for the traceback, and please report it)"
    )
    with pytest.raises(RuntimeError, match="a bug"):
        main(["--debug", "export", "--db", str(db)])  # the traceback, for a bug report


def test_export_out_dash_writes_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = _stored_db(tmp_path / "e.duckdb")
    result = runner.invoke(app, ["export", "--db", str(db), "--out", "-"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "a1"
    assert not (tmp_path / "-").exists()
    parquet = runner.invoke(app, ["export", "--db", str(db), "-f", "parquet", "--out", "-"])
    assert parquet.exit_code == 0 and parquet.stdout_bytes.startswith(b"PAR1")


def test_extract_dash_reads_standard_input_text_or_jsonl():
    text = (EXAMPLES / "somalia-base-attack.txt").read_text("utf-8")
    one = runner.invoke(app, ["extract", "-", "--published", "2025-03-04", "-f", "json"], input=text)
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["title"].startswith("Al-Shabaab Fighters Storm")
    jsonl = (EXAMPLES / "articles.jsonl").read_text("utf-8")
    many = runner.invoke(app, ["extract", "-", "-f", "jsonl"], input=jsonl)
    assert many.exit_code == 0 and [json.loads(x)["id"] for x in many.stdout.splitlines()] == [
        "example-1", "example-2"
    ]  # fmt: skip


def test_extract_jsonl_reads_jsonl_whatever_the_name(tmp_path):
    src = tmp_path / "articles.txt"
    src.write_text((EXAMPLES / "articles.jsonl").read_text("utf-8"), "utf-8")
    result = runner.invoke(app, ["extract", "--jsonl", str(src), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["example-1", "example-2"]


def test_ingest_dash_reads_standard_input(tmp_path):
    db = tmp_path / "e.duckdb"
    jsonl = '{"id": "bad", "text": "short"}\n' + (EXAMPLES / "articles.jsonl").read_text("utf-8")
    result = runner.invoke(app, ["ingest", "-", "--db", str(db), "-q", "--processes", "1"], input=jsonl)
    assert result.exit_code == 1  # the short line is reported, by line, as standard input's
    assert "<stdin>: line 1: [W105] no article text found" in result.stderr
    with Store(db, read_only=True) as store:
        assert [r["id"] for r in store.query("SELECT id FROM articles ORDER BY id")] == [
            "example-1",
            "example-2",
        ]


def test_piped_pretty_output_is_plain_and_unwrapped():
    result = runner.invoke(
        app, ["extract", str(EXAMPLES / "somalia-base-attack.txt"), "--published", "2025-03-04"]
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# Al-Shabaab Fighters Storm Army Base Near Mogadishu, Killing at Least 12 Soldiers"
    assert not any(ch in result.stdout for ch in "│┃━─╭")  # no table drawing
    events = [x for x in lines if x.startswith("- current")]
    assert events and max(len(x) for x in events) > 80  # one event a line, however long


def test_progress_total_is_known_for_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}', "utf-8")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "1.txt").write_text("one", "utf-8")
    (tmp_path / "dir" / "2.html.gz").write_bytes(b"")
    assert known_total([str(tmp_path / "a.jsonl"), str(tmp_path / "dir")], None) == 5
    assert known_total([str(tmp_path / "a.jsonl"), "https://news.example/feed"], None) is None
    assert known_total([str(tmp_path / "dir")], [tmp_path / "feeds.txt"]) is None


def test_eval_prints_the_event_type_scores(tmp_path, monkeypatch):
    import eventwire.evaluate.acled as acled

    labels = ["Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians",
              "Strategic developments"]  # fmt: skip
    table = {g: {p: 3 for p in labels} for g in labels}
    per_label = {g: {"precision": 0.9, "recall": 0.9, "f1": 0.9, "support": 10} for g in labels}
    canned = {"file": "x.csv", "notes": 60, "gold_events": 60,
              "event_type": {"accuracy": 0.95, "macro_f1": 0.9167, "per_label": per_label, "confusion": table},
              "actor1": {"exact": 0.7, "relaxed": 0.81}, "country_correct": 0.918}  # fmt: skip
    monkeypatch.setattr(acled, "evaluate", lambda path, limit=None: canned)
    gold = tmp_path / "gold.csv"
    gold.write_text("x", "utf-8")
    result = runner.invoke(app, ["eval", "acled", str(gold), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"file": "x.csv", "notes": 60, "gold_events": 60,
                                         "event_type": {"accuracy": 0.95, "macro_f1": 0.9167},
                                         "actor1": {"exact": 0.7, "relaxed": 0.81}, "country_correct": 0.918}  # fmt: skip


# -- item 1 (the API's part): POST /api/extract never answers 500 for an input ------------------------
@pytest.fixture
def api(tmp_path):
    from fastapi.testclient import TestClient

    from eventwire.web.api import create_app

    return TestClient(create_app(_stored_db(tmp_path / "e.duckdb")), raise_server_exceptions=False)


ARTICLE = (EXAMPLES / "somalia-base-attack.txt").read_text("utf-8")


def test_extract_endpoint_lone_surrogate_is_422(api):
    body = json.dumps({"text": ARTICLE[:400] + "\ud800 more"}).encode()  # ensure_ascii: "\ud800" escaped
    response = api.post("/api/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422 and "lone surrogate" in response.json()["detail"]
    missing = api.post(
        "/api/extract", content=b'{"title": "\\ud800"}', headers={"content-type": "application/json"}
    )
    assert missing.status_code == 422  # a validation error whose input JSON cannot encode


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_extract_endpoint_extreme_dates_are_422_not_500(api, published):
    response = api.post("/api/extract", json={"text": ARTICLE, "published": published})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["detail"]


def test_extract_endpoint_bounds_the_body(api):
    from eventwire.settings import current

    limit = int(current().serve.max_body_bytes)
    big = json.dumps({"text": "x" * limit}).encode()
    declared = api.post("/api/extract", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "serve.max_body_bytes" in declared.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        for start in range(0, len(big), 1 << 20):
            yield big[start : start + (1 << 20)]

    streamed = api.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_extract_endpoint_runs_in_a_worker_thread(api, monkeypatch):
    import eventwire.web.routes_write as write_module

    started, release = threading.Event(), threading.Event()

    def slow(request):
        started.set()
        release.wait(10)
        return {"id": "slow"}

    monkeypatch.setattr(write_module, "extract_response", slow)
    results = {}
    worker = threading.Thread(target=lambda: results.update(r=api.post("/api/extract", json={"text": "x"})))
    worker.start()
    try:
        assert started.wait(10)
        assert api.get("/api/events").status_code == 200  # answered while the extraction runs
    finally:
        release.set()
        worker.join(10)
    assert results["r"].json() == {"id": "slow"}
