"""The indexed attribute ruler and the memoised lemmatizer give every token the annotations
spaCy's own components give."""

from __future__ import annotations

import re

import pytest
import spacy

from eventwire.nlp.attributes import IndexedAttributeRuler, holds, index_attribute_ruler, token_checks
from eventwire.nlp.lemmas import MemoLemmatizer, memoise_lemmatizer
from eventwire.settings import current

# Written for this test: the model's word rules (contractions, "ain't", "y'all", "nothin'",
# object pronouns, auxiliaries by dependency, "there is"), news phrasing, odd spacing and symbols.
TEXTS = [
    "I ain't sure y'all know it, and there's nothin' they can do about it.",
    "She gave it to me, then told you and him that it wasn't over; they're leaving, I'm staying.",
    "Police said the bomb, which had been planted overnight, killed 12 people and wounded 30 more.",
    "Do you have the list? He does. They did not, and we haven't either -- whether or not they'd asked.",
    "BAGHDAD, Jan. 5 (Reuters)  -  A U.S. drone strike hit a convoy near the airport early on Friday.\n\n"
    "There were at least four cars.   What that means is unclear.",
    'The ministry\'s spokesman, Yahya Rasool, told AFP: "We will respond," adding that all options '
    "remain open. Have a look at www.example.org or e-mail press@example.org.",
    "Which one? That one, those two and these -- each of them has been seen since 2019 ($5m, 40%).",
    "  \t Leading space, a tab, and trailing spaces.  ",
]

ATTRS = ("pos_", "tag_", "dep_", "lemma_", "morph")


@pytest.fixture(scope="module")
def pipelines():
    plain = spacy.load(current().parse.model)
    indexed = spacy.load(current().parse.model)
    index_attribute_ruler(indexed)
    memoise_lemmatizer(indexed)
    return plain, indexed


def test_the_pipeline_has_the_fast_components(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), MemoLemmatizer)
    assert nlp.pipe_names[-3:] == ["attribute_ruler", "lemmatizer", "ner"]


def test_lemmas_twice_are_the_same(pipelines):
    _, indexed = pipelines
    text = "The militants were attacking villages; they attacked two more villages and fled."
    first, again = indexed(text), indexed(text)  # the second from the memo
    assert [t.lemma_ for t in first] == [t.lemma_ for t in again]
    assert {t.text: t.lemma_ for t in first}["villages"] == "village"
    assert {t.text: t.lemma_ for t in first}["attacked"] == "attack"


def test_same_annotations_as_spacy(pipelines):
    plain, indexed = pipelines
    compared = 0
    for expected, got in zip(plain.pipe(TEXTS), indexed.pipe(TEXTS), strict=True):
        assert [t.text for t in expected] == [t.text for t in got]
        for a, b in zip(expected, got, strict=True):
            assert [str(getattr(a, x)) for x in ATTRS] == [str(getattr(b, x)) for x in ATTRS], a.text
            compared += 1
    assert compared > 200


def test_word_rules_apply(pipelines):
    _, indexed = pipelines
    doc = indexed("I ain't sure, and they didn't ask.")
    by_text = {t.text: t for t in doc}
    assert by_text["ai"].lemma_ == "be"  # a two-token rule (the Matcher's part)
    assert by_text["n't"].lemma_ == "not" and by_text["n't"].pos_ == "PART"  # an IN set on LOWER


def test_every_rule_of_the_model_is_indexed(pipelines):
    _, indexed = pipelines
    ruler = indexed.get_pipe("attribute_ruler")
    ruler(indexed.make_doc("x"))  # indexes on first use
    filed = [hit for hits in ruler._buckets.values() for hit, _ in hits] + [hit for hit, _ in ruler._always]
    assert len({number for number, _, _ in filed}) == len(ruler._attr_of) > 150
    assert any(length == 2 for _, _, length in filed)  # two-token rules are indexed too
    assert len(ruler._rest) == 0  # nothing left for spaCy's Matcher in this model


@pytest.mark.parametrize(
    ("spec", "key", "expected"),
    [
        ({"TAG": "NN"}, ("NN", "dog", "nsubj", False), True),
        ({"TAG": "NN"}, ("NNS", "dogs", "nsubj", False), False),
        ({"TAG": "RB", "LOWER": {"IN": ["not", "n't"]}}, ("RB", "n't", "neg", False), True),
        ({"TAG": "RB", "LOWER": {"IN": ["not", "n't"]}}, ("RB", "never", "neg", False), False),
        ({"DEP": {"NOT_IN": ["det", ""]}}, ("DT", "that", "nsubj", False), True),
        ({"DEP": {"NOT_IN": ["det", ""]}}, ("DT", "that", "", False), False),
        ({"LOWER": {"REGEX": "^n[ou]thin'$"}}, ("NN", "nothin'", "dobj", False), True),
        ({"IS_SPACE": True}, ("_SP", "  ", "dep", True), True),
        ({"IS_SPACE": True}, ("NN", "a", "dep", False), False),
    ],
)
def test_checks_decide_as_the_matcher(spec, key, expected):
    checks = token_checks(spec)
    assert checks is not None
    assert all(holds(c, key) for c in checks) is expected


@pytest.mark.parametrize(
    "spec",
    [
        {"POS": "NOUN"},  # a field the key does not hold
        {"LOWER": {"FUZZY": "dog"}},  # an operator it does not decide
        {"LENGTH": {">=": 3}},
        {"TAG": "NN", "OP": "?"},  # a quantifier: the pattern has no fixed length
    ],
)
def test_other_patterns_stay_with_the_matcher(spec):
    assert token_checks(spec) is None


def test_a_pattern_left_to_the_matcher_still_applies(pipelines):
    _, indexed = pipelines
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("indexed_attribute_ruler")
    ruler.add([[{"LOWER": "big", "OP": "+"}, {"LOWER": "dog"}]], {"LEMMA": "hound"}, index=-1)
    ruler.add([[{"LOWER": "cat"}]], {"LEMMA": "feline"})
    doc = nlp("a big big dog and a cat")
    assert [t.lemma_ for t in doc][3] == "hound" and doc[6].lemma_ == "feline"
    assert len(ruler._rest) == 1


def test_regex_is_compiled_once():
    ((_, (op, compiled)),) = token_checks({"LOWER": {"REGEX": "^y'?$"}})
    assert op == "REGEX" and isinstance(compiled, re.Pattern)
