"""Joining the lines of hard-wrapped text before it is parsed (eventwire/nlp/unwrap.py), and the
space separators written as spaces (eventwire/nlp/parse.py plain_spaces)."""

from __future__ import annotations

import pytest

from eventwire.nlp.parse import plain_spaces
from eventwire.nlp.unwrap import is_hard_wrapped, unwrap
from eventwire.pipeline import extract

# A bulletin broken at about 60 characters, as wire services and PDF extractors write it.
WRAPPED = (
    "Two gunmen shot and killed a local radio reporter, Tomas\n"
    "Ferreira, today in the town of Villa Nueva in the north of\n"
    "the province, according to the station he worked for.\n"
    "\n"
    "   Witnesses said two men on a motorcycle fired at his car at\n"
    "a crossroads some 40 km from the provincial capital and fled.\n"
)

CASES = [
    # (text, hard-wrapped)
    (WRAPPED, True),
    # a paragraph per line: lines of free length
    ("Gunmen attacked a post on Monday.\nThe army said two soldiers died in the attack.\n", False),
    # a headline over its body, one line each
    (
        "Reporter killed in the north\nA local radio reporter was shot and killed today in the town of "
        "Villa Nueva in the northern part of the province, according to the station he worked for.",
        False,
    ),
    # too few lines to tell
    ("Two lines only,\nof about the same width.", False),
    ("One line, no break at all.", False),
]


@pytest.mark.parametrize(("text", "wrapped"), CASES)
def test_is_hard_wrapped(text, wrapped):
    assert is_hard_wrapped(text) is wrapped


def test_unwrap_keeps_length_and_paragraphs():
    out = unwrap(WRAPPED)
    assert len(out) == len(WRAPPED)
    assert "Tomas Ferreira, today in the town" in out
    assert "\n\n" in out  # the blank line still ends the paragraph
    assert out.count("\n") == 3  # the blank line (two) and the last line's end
    free = CASES[1][0]
    assert unwrap(free) == free


def test_a_wrapped_report_is_read_as_running_text():
    result = extract(WRAPPED.upper(), published="2024-05-02", id="wrapped")
    events = [e for e in result.events if e.event_type]
    assert events, "the killing across a line break is an event"
    first = events[0]
    assert first.event_type == "Violence against civilians"
    assert first.fatalities == 1
    # provenance points into the text as given, line breaks and capitals included (its text is
    # the word as parsed, in its usual case)
    assert WRAPPED.upper()[first.trigger.start : first.trigger.end].lower() == first.trigger.text.lower()
    place = first.provenance.get("location")
    assert place is not None and WRAPPED.upper()[place.start : place.end].lower() == place.text.lower()


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        # no-break and other space separators are parsed as spaces, one character for one
        ("Ministers in\u00a0Bihar\u00a0on Saturday", "Ministers in Bihar on Saturday"),
        ("12\u202fpeople in\u2009Goma", "12 people in Goma"),
        ("plain text stays", "plain text stays"),
        ("Café in Zürich", "Café in Zürich"),  # letters are no spaces
    ],
)
def test_plain_spaces(text, parsed):
    assert plain_spaces(text) == parsed and len(plain_spaces(text)) == len(text)


def test_a_name_between_no_break_spaces_is_a_place():
    text = "Ministers protested in\u00a0Bihar\u00a0on Saturday against the new law."
    result = extract(text, published="2024-01-01")
    assert any(p.iso3 == "IND" for p in result.places)
