"""Speakers on real news (issue 19): one person per speaker within an article, datelines and headlines
kept out of speakers, and a speaker id that is the same across articles and stored with the statement."""

from __future__ import annotations

import pytest

from eventwire.context import DocContext
from eventwire.fields.statements import find_statements, load_lexicon
from eventwire.fields.statements.content import dateline_ranges
from eventwire.fields.statements.persons import person_id
from eventwire.records import Article, ArticleResult, Statement
from eventwire.store.store import Store


def statements(nlp, text: str, country: str | None = None) -> list[Statement]:
    ctx = DocContext(doc=nlp(text), article=Article(id="t", text=text), published=None, focus_iso2=country)
    return find_statements(ctx)


# text, the speaker every statement has, its id, how many statements at least
ONE_PERSON = [
    pytest.param(
        "Senator Maria Okafor said that the bill would pass. Okafor added that the vote would be close. "
        "The senator said that the committee had agreed. She said that she was pleased.",
        "Maria Okafor",
        "person:maria-okafor",
        4,
        id="full-name-surname-title-pronoun",
    ),
    pytest.param(
        "Okafor Says Bill Will Pass\n\nSenator Maria Okafor said on Tuesday that the bill would pass.",
        "Maria Okafor",
        "person:maria-okafor",
        2,
        id="headline-verb-and-surname-before-full-name",
    ),
    pytest.param(
        "ACCRA -- President Kofi Mensah said on Monday that the port would reopen next week.",
        "Kofi Mensah",
        "person:kofi-mensah",
        1,
        id="dateline-before-name",
    ),
    pytest.param(
        "Economist Douglas Baird-Nkemelu said that prices would rise. Baird-Nkemelu said that wages would not.",
        "Douglas Baird-Nkemelu",
        "person:douglas-baird-nkemelu",
        2,
        id="hyphenated-surname",
    ),
    pytest.param(
        "Defense Minister Anna Lindqvist met the envoy on Monday. The minister said that talks would go on.",
        "Anna Lindqvist",
        "person:anna-lindqvist",
        1,
        id="role-noun-after-title",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "speaker_id", "at_least"), ONE_PERSON)
def test_one_person_one_speaker(nlp, text, speaker, speaker_id, at_least):
    found = statements(nlp, text)
    assert len(found) >= at_least
    assert {s.speaker for s in found} == {speaker}
    assert {s.speaker_id for s in found} == {speaker_id}


# text, country, speaker, speaker id, words the mention as written must not hold
SPEAKERS = [
    pytest.param(
        "LIMA (AP) — A Peruvian navy spokesman says the ferry sank near the coast.",
        None,
        "Peruvian navy spokesman",
        "Military Forces of Peru",  # an unnamed spokesman speaks for the actor of their role
        "LIMA",
        id="dateline-agency",
    ),
    pytest.param(
        "The Iraqi military said that the strike killed two fighters.",
        "IQ",
        "Iraqi military",
        "Military Forces of Iraq",
        None,
        id="known-actor-id",
    ),
    pytest.param(
        "The United Nations said on Friday that aid would arrive by truck.",
        None,
        "United Nations",
        "UN: United Nations",
        None,
        id="known-group-id",
    ),
    pytest.param(
        "Residents said that the water had been cut for a week.",
        "IQ",
        "Residents",
        None,  # civilians are no one actor
        None,
        id="civilians-no-id",
    ),
    pytest.param(
        "Acme Widgets Corp. said that its plant in Ohio would close.",
        "US",
        "Acme Widgets Corp.",
        "org:acme-widgets-corp",
        None,
        id="unknown-organisation-id",
    ),
    pytest.param(
        "Acme Widgets Corp. opened a plant in Ohio last year. It said on Monday that the plant would close.",
        "US",
        "Acme Widgets Corp.",
        "org:acme-widgets-corp",
        None,
        id="it-before-anyone-spoke",
    ),
]


@pytest.mark.parametrize(("text", "country", "speaker", "speaker_id", "not_in_mention"), SPEAKERS)
def test_speaker_and_id(nlp, text, country, speaker, speaker_id, not_in_mention):
    found = statements(nlp, text, country)
    assert found, text
    assert found[0].speaker == speaker
    assert found[0].speaker_id == speaker_id
    if not_in_mention:
        assert not_in_mention not in (found[0].speaker_text or "")


# text, a speaker the statement must not get
NOT_THIS_PERSON = [
    pytest.param(
        "Vice President Tom Reyes arrived on Monday. The president said that talks would go on.",
        "Tom Reyes",
        id="vice-president-is-not-the-president",
    ),
    pytest.param(
        "Mr. Okafor said that the bill would pass. His wife, Grace Okafor, was not at the vote.",
        "Grace Okafor",
        id="titled-surname-is-not-a-later-namesake",
    ),
]


@pytest.mark.parametrize(("text", "wrong"), NOT_THIS_PERSON)
def test_not_resolved_to_another_person(nlp, text, wrong):
    found = statements(nlp, text)
    assert found
    assert wrong not in {s.speaker for s in found}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald J. Trump", "person:donald-trump"),
        ("José Ángel Núñez", "person:jose-angel-nunez"),
        ("Douglas Holtz-Eakin", "person:douglas-holtz-eakin"),
        ("Vann R. Newkirk II", "person:vann-newkirk-ii"),
    ],
)
def test_person_id(name, expected):
    assert person_id(name) == expected


def test_same_person_same_id_across_articles(nlp):
    a = statements(nlp, "Maria Okafor said that the bill would pass.")
    b = statements(nlp, "“We have the votes,” said Ms. Maria Okafor, a senator from Lagos.")
    assert a[0].speaker_id == b[0].speaker_id == person_id("Maria Okafor")


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("BEIRUT (AP) — A spokesman said", "BEIRUT (AP) — "),
        ("WASHINGTON -- President", "WASHINGTON -- "),
        ("It rained. MANILA, Philippines – Ahead of", "MANILA, Philippines – "),
        ("CAMP MURRAY, Wash. - Lt. Col.", "CAMP MURRAY, Wash. - "),
        ("The U.S.-led coalition said", None),
        ("NATO said - later - that", None),
    ],
)
def test_datelines(text, dateline):
    found = [text[s:e] for s, e in dateline_ranges(text, load_lexicon())]
    assert found == ([dateline] if dateline else [])


def test_statements_store_speaker_id(tmp_path):
    """The statements table has a speaker_id column, and a database made before it gets one on open."""
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.con.execute("ALTER TABLE statements DROP COLUMN speaker_id")
    stmt = Statement("Maria Okafor", None, None, "said", "the bill would pass", "indirect", 0, 10)
    stmt.speaker_id = "person:maria-okafor"
    result = ArticleResult(id="a1", title=None, published=None, url=None, source=None, statements=[stmt])
    result.text_hash = "h"
    with Store(path) as store:
        store.write([(Article(id="a1", text="Maria Okafor said the bill would pass."), result)])
        rows = store.query("SELECT speaker, speaker_id FROM statements")
    assert rows == [{"speaker": "Maria Okafor", "speaker_id": "person:maria-okafor"}]
