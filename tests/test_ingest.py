"""Ingest: every kind of bad input gives a clear problem and the rest goes on."""

from __future__ import annotations

import gzip
import json

import pytest

from eventwire.errors import InputError, Messages
from eventwire.io.ingest import Problem, make_article, read_inputs, read_path, validate_iso_date

NEWS = (
    "Gunmen Attack Police Post in Northern Nigeria\n\n"
    "Gunmen attacked a police post in Katsina state on Sunday, killing four officers, police said. "
    "The attackers fled into a nearby forest after the raid, a spokesman told reporters."
)
GERMAN = (
    "Bewaffnete haben am Sonntag einen Polizeiposten im Norden Nigerias angegriffen und vier Beamte "
    "getötet, teilte die Polizei mit. Die Angreifer flohen danach in einen nahe gelegenen Wald, "
    "sagte ein Sprecher der Behörden am Montag gegenüber Journalisten in der Hauptstadt."
)
HTML = f"""<html><head><title>Gunmen Attack Police Post</title>
<meta property="article:published_time" content="2024-05-12T08:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Gunmen Attack Police Post in Northern Nigeria</h1>
<p>{NEWS.split(chr(10))[-1]}</p><p>Residents said the town was calm on Monday.</p></article>
<footer>Copyright</footer></body></html>"""


def _only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_plain_text_gets_title_and_hash_id(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(NEWS, "utf-8")
    article = _only(read_path(path))
    assert article.title == "Gunmen Attack Police Post in Northern Nigeria"
    assert article.id.startswith("sha1:")
    assert article.text == NEWS
    assert article.published is None


def test_published_override(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(NEWS, "utf-8")
    article = _only(read_path(path, published="2024-05-13"))
    assert (article.published, article.published_source) == ("2024-05-13", "override")


def test_html_main_text_title_and_date(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(HTML, "utf-8")
    article = _only(read_path(path))
    assert "killing four officers" in article.text
    assert "Copyright" not in article.text and "Home | World" not in article.text
    assert article.published == "2024-05-12"
    assert article.published_source == "html-metadata"


def test_gzip_and_directory(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt.gz").write_bytes(gzip.compress(NEWS.encode("utf-8")))
    article = _only(read_inputs([tmp_path]))
    assert article.text == NEWS


def test_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes((NEWS + " The café owner in Kaduna said so.").encode("latin-1"))
    article = _only(read_path(path))
    assert "café" in article.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", Messages.EMPTY),
        ("blank.txt", b"  \n\n ", Messages.EMPTY),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Messages.BINARY),
        ("german.txt", GERMAN.encode("utf-8"), Messages.NOT_ENGLISH),
        ("nav.html", b"<html><body><nav>Home</nav></body></html>", Messages.NO_HTML_TEXT),
        ("bad.txt.gz", b"not gzip at all", "not a valid gzip file"),
    ],
)
def test_bad_inputs_are_problems_not_crashes(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    problem = _only(read_path(path))
    assert isinstance(problem, Problem)
    assert reason in problem.reason
    assert str(path) in str(problem)


def test_missing_file(tmp_path):
    problem = _only(read_path(tmp_path / "nope.txt"))
    assert isinstance(problem, Problem) and problem.reason == Messages.NOT_FOUND


def test_jsonl_bad_lines_reported_with_numbers_rest_goes_on(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": NEWS, "published": "2024-05-12"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "html": HTML}),
        "",
        json.dumps({"id": "d", "text": NEWS.replace("four", "five"), "url": "https://example.org/d"}),
    ]
    path.write_text("\n".join(lines), "utf-8")
    items = list(read_path(path))
    articles = [i for i in items if not isinstance(i, Problem)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [a.id for a in articles] == ["a", "c", "d"]
    assert articles[0].published == "2024-05-12"
    assert articles[2].url == "https://example.org/d"
    assert ["line 2" in problems[0].reason, "line 3" in problems[1].reason] == [True, True]


def test_too_long_text_refused():
    from eventwire.settings import current

    with pytest.raises(InputError, match="over the limit"):
        make_article(NEWS * (int(current().parse.max_chars) // len(NEWS) + 2))


@pytest.mark.parametrize("value", ["08/02/2024", "yesterday", "2024-13-01"])
def test_bad_published_date(value):
    with pytest.raises(InputError, match="not an ISO date"):
        validate_iso_date(value)


@pytest.mark.parametrize(
    ("text", "published", "source"),
    [
        ("KHARTOUM, June 3, 2025 (Reuters) - Fighting spread across the city on Tuesday, residents said.", "2025-06-03", "dateline"),
        ("Fighting spreads in Khartoum\n\nKHARTOUM, June 3, 2025 (Reuters) - Fighting spread on Tuesday, residents said.", "2025-06-03", "dateline"),
        ("Fighting spread across the city of Khartoum on Tuesday, residents said, and the army sent reinforcements.", None, None),
    ],
)  # fmt: skip
def test_dateline_gives_publication_date(text, published, source):
    article = make_article(text)
    assert (article.published, article.published_source) == (published, source)


def test_given_date_beats_dateline():
    text = "KHARTOUM, June 3, 2025 (Reuters) - Fighting spread across the city on Tuesday, residents said."
    assert make_article(text, published="2025-06-04").published == "2025-06-04"
