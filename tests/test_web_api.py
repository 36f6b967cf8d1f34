"""The workbench API: filters, paging, the event and article views, exports, limits and writes.

``build_db`` makes the fixture database the browser tests use too: hand-written articles whose
events carry evidence spans, one article with a hostile title and text, a country-level event.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from eventwire.pipeline import text_hash
from eventwire.records import Article, ArticleResult, Event, Source, Statement
from eventwire.store.locking import StoreLocked
from eventwire.store.store import Store
from eventwire.web.api import create_app

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
BENI = {"location": "Beni", "admin1": "North Kivu", "country": "Democratic Republic of Congo", "iso3": "COD",
        "latitude": 0.491, "longitude": 29.473, "geo_precision": 1}  # fmt: skip
GOMA = {"location": "Goma", "admin1": "North Kivu", "country": "Democratic Republic of Congo", "iso3": "COD",
        "latitude": -1.679, "longitude": 29.228, "geo_precision": 1}  # fmt: skip
MOGADISHU = {"location": "Mogadishu", "admin1": "Banadir", "country": "Somalia", "iso3": "SOM",
             "latitude": 2.037, "longitude": 45.344, "geo_precision": 1}  # fmt: skip
SOMALIA = {"location": "Somalia", "admin1": None, "country": "Somalia", "iso3": "SOM",
           "latitude": 2.037, "longitude": 45.344, "geo_precision": 3}  # fmt: skip  # placed in the country only
TYPES = [("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Protests", "Peaceful protest")]  # fmt: skip


def _span(text: str, part: str) -> Source:
    start = text.index(part)
    return Source(part, start, start + len(part))


def _article(store: Store, article_id: str, text: str, published: str, events: list[Event], **kw) -> None:
    statements = kw.pop("statements", [])
    article = Article(id=article_id, text=text, published=published, **kw)
    result = ArticleResult(id=article_id, title=kw.get("title"), published=published, url=kw.get("url"),
                           source=kw.get("source"), events=events, statements=statements,
                           text_hash=text_hash(text))  # fmt: skip
    store.write([(article, result)])


def build_db(path: Path, filler: int = 40) -> Path:
    """The fixture database: the Beni attack (hostile), a Goma shelling reported twice, a
    country-level protest in Somalia, and ``filler`` events spread over 2023-2024."""
    with Store(path) as store:
        text = (
            f"Gunmen killed 12 villagers in Beni on Monday, local officials said. {HOSTILE} "
            '"We buried them this morning," said Kambale Musavuli, a civil society leader.'
        )
        beni = Event("Violence against civilians", "Attack", "Political violence", event_date="2024-03-04",
                     time_precision=1, actor1="Unidentified Armed Group (Democratic Republic of Congo)",
                     actor2="Civilians (Democratic Republic of Congo)", fatalities=12, inter1=3, inter2=7,
                     evidence=_span(text, "Gunmen killed 12 villagers in Beni on Monday"),
                     trigger=_span(text, "killed"), **BENI,
                     provenance={"actor1": _span(text, "Gunmen"), "location": _span(text, "Beni"),
                                 "event_date": _span(text, "Monday"), "fatalities": _span(text, "12")})  # fmt: skip
        quote = "We buried them this morning"
        statement = Statement("Kambale Musavuli", "civil society leader", None, "said", quote, "direct",
                              text.index(quote), text.index(quote) + len(quote),
                              speaker_id="person:kambale-musavuli")  # fmt: skip
        _article(store, "beni", text, "2024-03-05", [beni], title=f"Attack in Beni {HOSTILE}",
                 url="https://news.example/beni", source="Radio Okapi", statements=[statement])  # fmt: skip
        for i, source in enumerate(("Reuters", '=HYPERLINK("http://evil")')):
            text = f"Shells hit Goma on Friday, killing {5 + i} people, report {i}."
            goma = Event("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence",
                         event_date="2024-05-10", time_precision=1, actor1="M23: March 23 Movement",
                         fatalities=5 + i, evidence=_span(text, text[:-1]), trigger=_span(text, "hit"), **GOMA)  # fmt: skip
            _article(store, f"goma-{i}", text, "2024-05-11", [goma], source=source,
                     url=f"https://www.goma-{i}.example/a")  # fmt: skip
        lede = "Thousands protested across Somalia in June against the election delay."
        quotes = {
            "The vote will be held,": "Government of Somalia",
            "=1+1 is 100% al_shabaab": "person:musavuli",
        }
        text = (
            f'{lede} "The vote will be held," the government said. "=1+1 is 100% al_shabaab" said Musavuli.'
        )
        said = [
            Statement("the government", None, None, "said", quote, "direct", text.index(quote),
                      text.index(quote) + len(quote), speaker_id=speaker_id)
            for quote, speaker_id in quotes.items()
        ]  # fmt: skip
        protest = Event("Protests", "Peaceful protest", "Demonstrations", event_date="2024-06", time_precision=3,
                        actor1="Protesters (Somalia)", evidence=_span(text, lede), trigger=_span(text, "protested"),
                        **SOMALIA)  # fmt: skip
        _article(
            store, "somalia", text, "2024-06-30", [protest], url="https://site.example/so", statements=said
        )
        start = date(2023, 1, 1)
        for i in range(filler):
            day = start + timedelta(days=17 * i)
            kind, sub = TYPES[i % len(TYPES)]
            place = (
                dict(MOGADISHU, latitude=2.0 + i * 0.01) if i % 2 else dict(GOMA, longitude=29.0 + i * 0.01)
            )
            text = f"Filler report {i}: an incident near {place['location']} ({kind})."
            event = Event(kind, sub, "Political violence", event_date=day.isoformat(), time_precision=1,
                          actor1=f"Group {i % 5}", fatalities=i % 7, evidence=_span(text, text), **place)  # fmt: skip
            _article(store, f"filler-{i:03d}", text, day.isoformat(), [event], source="Filler Wire")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("web") / "web.duckdb")


@pytest.fixture(scope="module")
def api(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


def _events(api, **params):
    response = api.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


# -- filters ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "somalia"}, 21),  # name, any case (20 filler + the protest)
        ({"country": "SOM"}, 21),
        ({"country": "som"}, 21),
        ({"country": "Democratic Republic of CONGO"}, 22),  # 20 filler + Beni + one merged Goma event
        ({"country": "Narnia"}, 0),
        ({"event_type": "violence against civilians"}, 11),
        ({"sub_event_type": "Peaceful protest"}, 11),
        ({"actor": "m23"}, 1),
        ({"actor": "group 1"}, 8),
        ({"text": "villagers"}, 1),
        ({"text": "100%"}, 0),  # % is a character, not a wildcard
        ({"since": "2024-05-01", "until": "2024-05-10"}, 2),  # Goma and a filler of 8 May
        ({"bbox": "29,-2,30,1"}, 22),  # west,south,east,north around North Kivu
        ({"bbox": "40,-5,50,5", "country": "cod"}, 0),
        ({"status": "all"}, 43),
    ],
)  # fmt: skip
def test_filters(api, params, expected):
    assert _events(api, limit=1000, **params)["events"].__len__() == expected
    assert _events(api, total="true", limit=1, **params)["total"] == expected


def test_newest_first_and_cursor_paging_covers_every_event_once(api):
    first = _events(api, limit=5)
    dates = [e["event_date"] for e in first["events"]]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-10-25"
    seen, cursor = [], None
    while True:
        page = _events(api, limit=7, **({"cursor": cursor} if cursor else {}))
        seen += [e["id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 43


def test_sorting_by_fatalities_pages_too(api):
    top = _events(api, sort="-fatalities", limit=2)
    assert [e["fatalities"] for e in top["events"]] == [12, 6]
    after = _events(api, sort="-fatalities", limit=2, cursor=top["next_cursor"])
    assert after["events"][0]["fatalities"] <= 6
    # a cursor made for another order is refused, not misread
    assert api.get("/api/events", params={"cursor": top["next_cursor"]}).status_code == 422


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"since": "garbage"}, "since"),
        ({"until": "2024-02-30"}, "until"),
        ({"since": "2024-05-01", "until": "2024-01-01"}, "after"),
        ({"limit": -1}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": 10**9}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,80,10,95"}, "bbox"),
        ({"sort": "evidence_text"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"status": "maybe"}, "status"),
        ({"format": "xml"}, "format"),
        ({"country": "x" * 101}, "country"),
    ],
)  # fmt: skip
def test_bad_parameters_are_422_with_the_reason(api, params, reason):
    response = api.get("/api/events", params=params)
    assert response.status_code == 422
    assert reason in json.dumps(response.json()["detail"])


@pytest.mark.parametrize(
    "url",
    ["/api/events.xml", "/api/statements?limit=0", "/api/actors?limit=-5", "/api/places?limit=x",
     "/api/points?since=yesterday", "/api/timeline?bbox=a,b,c,d", "/api/statements?since=2024-13-01"],
)  # fmt: skip
def test_other_endpoints_validate_too(api, url):
    assert api.get(url).status_code == 422


# -- the event and article views -------------------------------------------------------------------
def test_event_with_mentions_articles_and_provenance(api):
    goma = _events(api, actor="M23")["events"][0]
    assert goma["num_articles"] == 2
    event = api.get(f"/api/events/{goma['id'].replace('#', '%23')}").json()
    assert [m["article_id"] for m in event["mentions"]] == ["goma-0", "goma-1"]
    assert [a["url"] for a in event["articles"]] == [
        "https://www.goma-0.example/a",
        "https://www.goma-1.example/a",
    ]
    beni = _events(api, text="villagers")["events"][0]
    detail = api.get(f"/api/events/{beni['id'].replace('#', '%23')}").json()
    assert detail["provenance"]["fatalities"] == {"text": "12", "start": 14, "end": 16, "confidence": 1.0}
    assert api.get("/api/events/nope%230").status_code == 404


def test_article_by_id_and_by_url_with_text_and_statements(api):
    article = api.get("/api/articles/beni").json()
    assert (
        article["text"].startswith("Gunmen killed 12") and article["events"][0]["trigger"]["text"] == "killed"
    )
    assert article["events"][0]["event_id"] and article["statements"][0]["speaker"] == "Kambale Musavuli"
    assert api.get("/api/articles", params={"url": "https://news.example/beni"}).json()["id"] == "beni"
    assert api.get("/api/articles", params={"url": "https://nowhere.example"}).status_code == 404


def test_statements_actors_places(api):
    said = api.get("/api/statements", params={"speaker": "musavuli", "since": "2024-01-01"}).json()[
        "statements"
    ]
    assert [s["quote"] for s in said] == ["We buried them this morning"]
    assert api.get("/api/statements", params={"role": "minister"}).json()["statements"] == []
    assert api.get("/api/statements", params={"until": "2023-12-31"}).json()["statements"] == []
    actors = api.get("/api/actors", params={"q": "m23"}).json()["actors"]
    assert actors == [{"name": "M23: March 23 Movement", "events": 1, "fatalities": 5}]
    places = {p["location"]: p for p in api.get("/api/places", params={"country": "cod"}).json()["places"]}
    assert {"Beni", "Goma"} <= set(places) and "Mogadishu" not in places


# speaker_id filter -> the quotes /api/statements returns (newest first)
BY_SPEAKER_ID = [
    ("person:kambale-musavuli", ["We buried them this morning"]),
    ("Government of Somalia", ["The vote will be held,"]),
    ("person:musavuli", ["=1+1 is 100% al_shabaab"]),  # exact: not a part of person:kambale-musavuli
    ("government of somalia", []),  # exact: canonical ids are not matched in any case
    ("person:", []),
    ("person:nobody", []),
    ("%", []),  # not a pattern
    ("O'Brien'; DROP TABLE statements; --", []),
]


@pytest.mark.parametrize(("speaker_id", "quotes"), BY_SPEAKER_ID)
def test_statements_by_speaker_id(api, speaker_id, quotes):
    found = api.get("/api/statements", params={"speaker_id": speaker_id})
    assert found.status_code == 200, found.text
    rows = found.json()["statements"]
    assert [s["quote"] for s in rows] == quotes
    assert all(s["speaker_id"] == speaker_id for s in rows)


@pytest.mark.parametrize(
    ("url", "quotes"),
    [
        ("/api/statements?speaker_id=person:kambale-musavuli&format=statements-csv", ["We buried them this morning"]),
        ("/api/events.statements-csv?speaker_id=Government%20of%20Somalia", ["The vote will be held,"]),
        ("/api/events.statements-csv?speaker_id=person:nobody", []),
        ("/api/events.statements-csv", ["We buried them this morning", "The vote will be held,", "'=1+1 is 100% al_shabaab"]),
    ],
)  # fmt: skip
def test_statements_export_by_speaker_id(api, url, quotes):
    response = api.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.text))
    assert "speaker_id" in (reader.fieldnames or [])
    assert [r["quote"] for r in reader] == quotes


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/api/statements?speaker_id=", "at least 1 character"),
        ("/api/statements?speaker_id=%20%20", "not blank or padded"),
        ("/api/statements?speaker_id=%20person:musavuli", "not blank or padded"),
        ("/api/statements?speaker_id=person:%00x", "control characters"),
        ("/api/statements?speaker_id=person:a%0Ab", "control characters"),
        ("/api/statements?speaker_id=" + "x" * 201, "at most 200 characters"),
        ("/api/statements?speaker_id=person:x&format=xml", "statements-csv"),
        ("/api/statements?since=2024-06-01&until=2024-01-01", "is after until"),
        ("/api/events.statements-csv?speaker_id=%09", "not blank or padded"),
    ],
)  # fmt: skip
def test_bad_speaker_ids_are_422_with_the_reason(api, url, reason):
    response = api.get(url)
    assert response.status_code == 422, response.text
    assert reason in json.dumps(response.json()["detail"])


# a text filter -> the quotes it finds: % and _ are taken literally (DuckDB has no default escape)
BY_TEXT = [
    ("100%", ["=1+1 is 100% al_shabaab"]),
    ("AL_SHABAAB", ["=1+1 is 100% al_shabaab"]),
    ("=1_1", []),  # _ is not a wildcard
    ("1%a", []),  # nor %
    ("vote will", ["The vote will be held,"]),
    ("\\", []),
]


@pytest.mark.parametrize(("text", "quotes"), BY_TEXT)
def test_statement_text_filter_takes_wildcards_literally(api, text, quotes):
    rows = api.get("/api/statements", params={"text": text}).json()["statements"]
    assert [s["quote"] for s in rows] == quotes


# endpoint, q, whether anything is found: "_" and "%" matched every name before they were escaped
LITERAL_Q = [("/api/places", "_", False), ("/api/places", "%", False), ("/api/places", "be_i", False),
             ("/api/places", "BEN", True), ("/api/actors", "_", False), ("/api/actors", "%", False),
             ("/api/actors", "m2_", False), ("/api/actors", "M23:", True)]  # fmt: skip


@pytest.mark.parametrize(("url", "q", "found"), LITERAL_Q)
def test_places_and_actors_take_wildcards_literally(api, url, q, found):
    response = api.get(url, params={"q": q})
    assert response.status_code == 200
    assert bool(response.json()[url.rsplit("/", 1)[-1]]) is found


def test_statements_carry_speaker_id_everywhere(api):
    listed = api.get("/api/statements").json()["statements"]
    assert {s["speaker_id"] for s in listed} == {
        "person:kambale-musavuli",
        "Government of Somalia",
        "person:musavuli",
    }
    article = api.get("/api/articles/beni").json()
    assert article["statements"][0]["speaker_id"] == "person:kambale-musavuli"
    lines = [json.loads(line) for line in api.get("/api/events.jsonl").text.splitlines()]
    beni = next(a for a in lines if a["id"] == "beni")
    assert beni["statements"][0]["speaker_id"] == "person:kambale-musavuli"


def test_map_points_place_country_level_events_as_countries(api):
    data = api.get("/api/points").json()
    levels = {row[0]: row[5] for row in data["rows"]}
    protest = _events(api, country="SOM", text="election delay")["events"][0]
    assert levels[protest["id"]] == "country" and data["total"] == 43
    facets = api.get("/api/facets").json()
    assert facets["iso_numeric"]["SOM"] == "706" and facets["articles"] == 44


# -- exports ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "headers", "media"),
    [
        ("/api/events.acled-csv", {}, "text/csv"),
        ("/api/events.geojson", {}, "application/geo+json"),
        ("/api/events.plover-json", {}, "application/json"),
        ("/api/events.events-jsonl", {}, "application/x-ndjson"),
        ("/api/events.jsonl", {}, "application/x-ndjson"),
        ("/api/events.statements-csv", {}, "text/csv"),
        ("/api/events.parquet", {}, "application/vnd.apache.parquet"),
        ("/api/events", {"accept": "text/csv"}, "text/csv"),
        ("/api/events", {"accept": "application/vnd.apache.parquet"}, "application/vnd.apache.parquet"),
        ("/api/events?format=geojson", {}, "application/geo+json"),
    ],
)  # fmt: skip
def test_every_export_format_by_suffix_or_accept(api, url, headers, media):
    response = api.get(url, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)


def test_acled_csv_has_full_dates_years_sources_and_no_formulas(api):
    rows = list(csv.DictReader(io.StringIO(api.get("/api/events.acled-csv", params={"status": "all"}).text)))
    assert rows and all(len(r["event_date"]) == 10 and r["year"] == r["event_date"][:4] for r in rows)
    protest = next(r for r in rows if r["notes"].startswith("Thousands"))
    assert (protest["event_date"], protest["time_precision"]) == ("2024-06-01", "3")
    assert protest["source"] == "site.example"  # no source name: the site of the URL
    goma = next(r for r in rows if r["actor1"] == "M23: March 23 Movement")
    assert goma["source"] == '\'=HYPERLINK("http://evil"); Reuters'  # OWASP: a formula is text
    assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    assert any(r["longitude"].startswith("-") or r["latitude"].startswith("-") for r in rows)  # numbers kept


def test_parquet_columns_are_typed(api):
    table = pq.read_table(io.BytesIO(api.get("/api/events.parquet", params={"status": "all"}).content))
    schema = table.schema
    assert schema.field("event_date").type == pa.date32() and schema.field("year").type == pa.int32()
    assert schema.field("sources").type == pa.list_(pa.string())
    assert schema.field("mentions").type == pa.list_(pa.string())
    assert schema.field("fatalities").type == pa.int64() and schema.field("latitude").type == pa.float64()
    rows = {r["event_date_value"]: r for r in table.to_pylist()}
    assert rows["2024-06"]["event_date"] == date(2024, 6, 1) and rows["2024-06"]["time_precision"] == 3


# -- docs, page, limits, writes -------------------------------------------------------------------
def test_docs_and_page_work_offline(api):
    docs = api.get("/docs").text
    assert "/assets/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert api.get("/assets/vendor/swagger-ui-bundle.js").status_code == 200
    page = api.get("/").text
    assert "http://" not in page and "https://" not in page
    assert api.get("/openapi.json").json()["paths"]["/api/events"]
    assert (
        "access-control-allow-origin"
        not in api.get("/api/events", headers={"origin": "https://x.example"}).headers
    )


@pytest.mark.parametrize(
    ("token", "public", "header", "status"),
    [
        (None, False, None, 422),  # loopback, no token: open (422: the body is empty)
        (None, True, None, 403),  # beyond loopback without a token: writes are off
        ("s3cret", True, None, 401),
        ("s3cret", True, "Bearer wrong", 401),
        ("s3cret", True, "Bearer s3cret", 422),
    ],
)  # fmt: skip
def test_write_endpoints_need_a_token_beyond_loopback(db, token, public, header, status):
    client = TestClient(create_app(db, token=token, public=public), raise_server_exceptions=False)
    headers = {"authorization": header} if header else {}
    for path in ("/api/extract", "/api/articles"):
        assert client.post(path, json={"text": " "}, headers=headers).status_code == status


def test_request_bodies_are_bounded(api):
    assert (
        api.post(
            "/api/articles", content=b"x" * 5_000_000, headers={"content-type": "application/json"}
        ).status_code
        == 413
    )


def test_post_article_stores_it(tmp_path):
    db = build_db(tmp_path / "w.duckdb", filler=0)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    text = "Police fired tear gas at protesters in Nairobi on Tuesday, witnesses said."
    response = client.post("/api/articles", json={"text": text, "published": "2024-07-03", "id": "nairobi",
                                                  "source": "The Star"})  # fmt: skip
    assert response.status_code == 201 and response.json()["id"] == "nairobi"
    assert client.get("/api/articles/nairobi").json()["source"] == "The Star"
    assert client.post("/api/articles", json={"text": text, "published": "2024-13-45"}).status_code == 422
    again = client.post("/api/articles", json={"text": text.replace("Tuesday", "Monday"), "id": "nairobi-2"})
    assert again.status_code == 201  # while this server reads the same file
    assert client.get("/api/articles/nairobi-2").status_code == 200


# -- serving while ingesting -----------------------------------------------------------------------
WRITER = """
import sys, time
from datetime import date, timedelta
from eventwire.records import Article, ArticleResult, Event, Source
from eventwire.pipeline import text_hash
from eventwire.store.store import Store
db, n = sys.argv[1], int(sys.argv[2])
with Store(db, share=True) as store:
    print("ready", flush=True)
    for b in range(n):
        batch = []
        for i in range(20):
            text = f"batch {b} article {i}: clashes in Goma."
            day = (date(2020, 1, 1) + timedelta(days=3 * (b * 20 + i))).isoformat()  # days apart: not merged
            e = Event("Battles", "Armed clash", "Political violence", event_date=day, time_precision=1,
                      location="Goma", country="Democratic Republic of Congo", iso3="COD", latitude=-1.6,
                      longitude=29.2, geo_precision=1, evidence=Source(text, 0, len(text)))
            batch.append((Article(id=f"w{b}-{i}", text=text), ArticleResult(id=f"w{b}-{i}", title=None,
                          published="2024-08-02", url=None, source="W", events=[e], text_hash=text_hash(text))))
        store.write(batch)
        time.sleep(0.05)
"""


def test_requests_keep_answering_while_an_ingest_writes(tmp_path):
    db = build_db(tmp_path / "busy.duckdb", filler=5)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "15"], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})  # fmt: skip
    try:
        assert writer.stdout.readline().strip() == "ready"
        statuses, totals = [], []
        while writer.poll() is None:
            response = client.get("/api/events", params={"total": "true", "limit": 5, "status": "all"})
            statuses.append(response.status_code)
            if response.status_code == 200:
                totals.append(response.json()["total"])
            time.sleep(0.01)
        assert writer.wait(60) == 0
    finally:
        writer.kill()
    assert set(statuses) == {200} and len(statuses) > 10
    assert totals == sorted(totals)  # each answer sees a committed state, never a partial batch
    assert client.get("/api/events", params={"total": "true", "status": "all"}).json()["total"] == 8 + 15 * 20


def test_a_second_writer_gets_one_line(tmp_path):
    db = tmp_path / "two.duckdb"
    with Store(db, share=True), pytest.raises(StoreLocked) as err:
        Store(db, share=True)
    message = str(err.value)
    assert "\n" not in message and f"pid {os.getpid()}" in message and "being written" in message


@pytest.mark.parametrize("sort", ["-event_date", "event_date", "-fatalities", "fatalities", "-country"])
@pytest.mark.parametrize("limit", [2, 7, 250])
def test_paging_with_ties_and_empty_values_is_a_total_order(tmp_path_factory, sort, limit):
    db = tmp_path_factory.getbasetemp() / "ties.duckdb"
    if not db.exists():
        with Store(db) as store:
            rows = [(f"c{i:03d}", None if i % 9 == 0 else f"2024-01-{1 + i % 4:02d}", None if i % 5 == 0 else i % 3,
                     None if i % 7 == 0 else ["Mali", "Chad"][i % 2]) for i in range(300)]  # fmt: skip
            store.con.executemany(
                "INSERT INTO merged_events (cluster_id, event_date, fatalities, country, status) "
                "VALUES (?, ?, ?, ?, 'current')", rows,
            )  # fmt: skip
    from eventwire.output.query import EventFilter, page_events

    with Store(db, read_only=True) as store:
        seen, cursor = [], None
        while True:
            page, cursor = page_events(store, EventFilter(sort=sort, limit=limit, cursor=cursor))
            seen += page
            if cursor is None:
                break
    column, descending = sort.lstrip("-"), sort.startswith("-")
    expected = sorted(seen, key=lambda r: r["id"], reverse=descending)
    valued = sorted(
        (r for r in expected if r[column] is not None), key=lambda r: r[column], reverse=descending
    )
    expected = valued + [r for r in expected if r[column] is None]
    assert [r["id"] for r in seen] == [r["id"] for r in expected] and len({r["id"] for r in seen}) == 300


def test_an_idle_server_lets_an_ingest_in(tmp_path):
    db = build_db(tmp_path / "idle.duckdb", filler=1)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    assert client.get("/api/events").status_code == 200  # the server now holds the file, idle
    writer = subprocess.run([sys.executable, "-c", WRITER, str(db), "1"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})  # fmt: skip
    assert writer.returncode == 0, writer.stderr
    assert client.get("/api/events", params={"total": "true"}).json()["total"] == 4 + 20


def test_ingest_source_flag_fills_the_exports_source(tmp_path, capsys):
    from tests.helpers import run_main

    db = tmp_path / "src.duckdb"
    example = Path(__file__).resolve().parents[1] / "examples" / "somalia-base-attack.txt"
    code, _, err = run_main(capsys, "ingest", str(example), "--db", str(db), "--published", "2025-03-06",
                         "--source", "Test Wire", "--quiet")  # fmt: skip
    assert code == 0, err
    code, out, _ = run_main(capsys, "export", "--db", str(db), "--format", "acled-csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["source"] for r in rows} == {"Test Wire"}
    assert all(len(r["event_date"]) == 10 and r["year"] == r["event_date"][:4] for r in rows)
