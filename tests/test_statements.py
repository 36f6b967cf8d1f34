"""Statements: quotes and reported speech, speakers, roles, cues and PLOVER verbal coding (issue 6)."""

from __future__ import annotations

import pytest

from eventwire.errors import DataFileError
from eventwire.extract.context import DocContext
from eventwire.extract.statements import find_statements
from eventwire.extract.statements_lexicon import load_lexicon, parse_lexicon
from eventwire.extract.statements_quotes import find_quotes
from eventwire.models import Article, Statement


def statements(nlp, text: str, country: str | None = None) -> list[Statement]:
    ctx = DocContext(doc=nlp(text), article=Article(id="t", text=text), published=None, focus_iso2=country)
    return find_statements(ctx)


# text, speaker, kind, cue, words the quote must hold
CASES = [
    (
        "“We will not retreat from the river,” said Colonel Maria Ortega, "
        "a spokeswoman for the Chilean Navy.",
        "Maria Ortega",
        "direct",
        "said",
        "We will not retreat from the river",
    ),
    (
        "Health Minister Ana Lopez said that the clinic in Valdivia would reopen next month.",
        "Ana Lopez",
        "indirect",
        "said",
        "that the clinic in Valdivia would reopen next month",
    ),
    (
        "Two ferries sank near Mombasa, according to the Kenyan coast guard.",
        "Kenyan coast guard",
        "indirect",
        "according to",
        "Two ferries sank near Mombasa",
    ),
    (
        "The talks, the envoy said, would resume in Geneva.",
        "envoy",
        "indirect",
        "said",
        "would resume in Geneva",
    ),
    (
        "The governor said the floods were “the worst in a century” and that repairs would take years.",
        "governor",
        "mixed",
        "said",
        "repairs would take years",
    ),
    (
        "Officials said the storm “destroyed almost every house on the island "
        "and cut all the roads to the north.”",
        "Officials",
        "direct",
        "said",
        "destroyed almost every house",
    ),
    (
        "Protest leaders called for the governor to resign.",
        "Protest leaders",
        "indirect",
        "called for",
        "the governor to resign",
    ),
    (
        "The opposition accused the government of rigging the vote.",
        "opposition",
        "indirect",
        "accused",
        "rigging the vote",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "kind", "cue", "words"), CASES)
def test_statement_table(nlp, text, speaker, kind, cue, words):
    found = statements(nlp, text)
    assert len(found) == 1, [s.quote for s in found]
    st = found[0]
    assert (st.speaker, st.kind, st.cue) == (speaker, kind, cue)
    assert words in st.quote
    assert text[st.cue_start : st.cue_end] == cue
    assert st.speaker_text == text[st.speaker_start : st.speaker_end]
    if st.kind != "indirect" or "," not in text[st.start : st.end]:
        assert st.quote.startswith(text[st.start : st.start + 10])


def test_split_quote_is_one_statement(nlp):
    text = (
        "“The bridge is closed,” Mayor Tom Becker told reporters in Leeds. "
        "“Nobody crosses until the engineers finish.”"
    )
    (st,) = statements(nlp, text)
    assert st.speaker == "Tom Becker" and st.speaker_role == "Mayor" and st.kind == "direct"
    assert "The bridge is closed" in st.quote and "Nobody crosses" in st.quote
    assert text[st.start : st.end].startswith("The bridge") and text[st.end - 7 : st.end] == "finish."


def test_pronoun_resolves_to_last_person(nlp):
    text = "Finance Minister Paolo Rossi defended the budget on Monday. “Our debt is falling,” he said."
    (st,) = statements(nlp, text)
    assert (st.speaker, st.speaker_text, st.quote) == ("Paolo Rossi", "he", "Our debt is falling")


def test_surname_inherits_full_name_and_role(nlp):
    text = (
        "Army spokesman Jonas Berg said the convoy had been ambushed near Gao. "
        "Berg said the soldiers “returned fire and withdrew to the base.”"
    )
    first, second = statements(nlp, text)
    assert first.speaker_role == "Army spokesman"
    assert (second.speaker, second.speaker_role, second.speaker_text) == (
        "Jonas Berg",
        "Army spokesman",
        "Berg",
    )
    assert second.kind == "direct" and second.quote == "returned fire and withdrew to the base."


def test_short_reference_to_organisation(nlp):
    text = (
        "The Ministry of Health said vaccines would arrive on Friday. "
        "The ministry added that clinics would stay open."
    )
    first, second = statements(nlp, text)
    assert first.speaker == second.speaker == "Ministry of Health"
    assert second.speaker_text == "The ministry" and second.cue == "added"


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The opposition accused the government of rigging the vote.", "ACCUSE"),
        ("Protest leaders called for the governor to resign.", "REQUEST"),
        ("The company denied the allegations.", "REJECT"),
        ("The rebels threatened to attack the capital if talks failed.", "THREATEN"),
        ("Peru's foreign ministry said Chilean troops had violated its sovereignty.", "ACCUSE"),
        ("Health Minister Ana Lopez said that the clinic would reopen next month.", None),
    ],
)
def test_plover_verbal_type(nlp, text, plover):
    (st,) = statements(nlp, text)
    assert st.plover_type == plover


@pytest.mark.parametrize(
    "text",
    [
        "Author: Jane Smith\n\nJane Smith is the political editor of Example News, "
        "follow her on Twitter @janesmith.",
        "The committee will add two members next year.",
        "Volunteers wrote letters to the families.",
        "Flooding closed the coastal road for a week.",
    ],
)
def test_no_statement(nlp, text):
    assert statements(nlp, text) == []


def test_cue_inside_quote_is_not_a_statement(nlp):
    text = "“They said it was safe,” the farmer said."
    (st,) = statements(nlp, text)
    assert st.speaker_text == "the farmer" and st.quote == "They said it was safe"


def test_bio_paragraph_ignored_but_story_kept(nlp):
    text = (
        "“The harvest failed,” said Amara Diallo, a farmer near Segou.\n\n"
        "Pat Lee is a reporter for Example Wire. She said she would return to Mali, follow her on Twitter."
    )
    found = statements(nlp, text)
    assert [s.speaker for s in found] == ["Amara Diallo"]


def test_quotes_found_in_text():
    text = "He said “yes” and ''no'' and \"maybe\".\n“Open quote runs to the end"
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["yes", "no", "maybe", "Open quote runs to the end"]
    assert [q.closed for q in quotes] == [True, True, True, False]


def test_lexicon_loads_and_checks_schema():
    lex = load_lexicon()
    assert lex.verbs["say"] is None and lex.verbs["accuse"] == "ACCUSE"
    assert ("call", "for") in lex.phrases and "spokesman" in lex.titles
    with pytest.raises(DataFileError):
        parse_lexicon({"verbs": {"say": None}})
    with pytest.raises(DataFileError):
        parse_lexicon(
            {
                "verbs": {"say": "SHOUT"},
                "phrases": [],
                "object_content": [],
                "titles": [],
                "honorifics": [],
                "pronouns": {},
                "content_cues": {},
            }
        )


@pytest.mark.shared
def test_seed_article_statements(shared_dir, nlp):
    """Issue 2, items 7 and 8: four direct quotes by Yahya Rasool with his role; nothing from the bio."""
    text = (shared_dir / "seed" / "iraq-drone-strike-2024-02-08.txt").read_text("utf-8")
    found = statements(nlp, text, "IQ")
    rasool = [s for s in found if s.speaker == "Yahya Rasool" and s.kind == "direct"]
    assert len(rasool) == 4
    assert all(s.speaker_role == "Iraqi military spokesman" for s in rasool)
    assert all(s.speaker_affiliation and ("Iraq" in s.speaker_affiliation) for s in rasool)
    assert all(text[s.start : s.end].split()[0].strip("“”") in s.quote for s in rasool)
    bio = text.index("Author:")
    assert all(s.start < bio and (s.speaker_start or 0) < bio for s in found)
    accuse = [s for s in rasool if s.plover_type == "ACCUSE"]
    assert accuse and any(s.target and "United States" in s.target for s in accuse)


def test_addressee_is_not_the_content(nlp):
    text = "The governor told reporters in Lagos that the curfew would be lifted on Monday."
    (st,) = statements(nlp, text)
    assert st.cue == "told" and st.quote == "that the curfew would be lifted on Monday"


def test_quote_in_the_paragraph_after_a_colon(nlp):
    text = (
        "Farmers gathered outside the ministry. Their leader, Kofi Mensah, said:\n\n"
        "“We have waited two years for the subsidies. We will not wait another.”"
    )
    (st,) = statements(nlp, text)
    assert (st.speaker, st.speaker_role, st.kind) == ("Kofi Mensah", "leader", "direct")
    assert st.quote.startswith("We have waited") and st.quote.endswith("wait another.")


def test_continuation_and_next_paragraph(nlp):
    text = (
        "“The dam will hold,” said engineer Lena Novak. “We checked every gate.”\n\n"
        "“There is no reason to evacuate the valley,” she added."
    )
    first, second = statements(nlp, text)
    assert first.speaker == second.speaker == "Lena Novak"
    assert "We checked every gate" in first.quote and first.speaker_role == "engineer"
    assert second.cue == "added" and second.speaker_text == "she"


def test_relative_clause_speaker_resolves_to_antecedent(nlp):
    text = "The vote was delayed, and opposition deputies who said the count was rigged walked out."
    (st,) = statements(nlp, text)
    assert (st.speaker, st.speaker_text, st.quote) == ("opposition deputies", "who", "the count was rigged")


@pytest.mark.parametrize(
    "text",
    [
        "Fighting resumed near the border on Sunday: residents said they had heard shelling all night.",
        "The storm flattened the harbour. He said nothing about the harbour.",
    ],
)
def test_clause_before_a_colon_or_full_stop_is_not_content(nlp, text):
    assert all(not s.quote.startswith(("Fighting", "The storm")) for s in statements(nlp, text))
