"""The indexed attribute ruler gives every token the annotations spaCy's attribute ruler gives."""

from __future__ import annotations

import re

import pytest
import spacy

from eventwire.nlp.attributes import IndexedAttributeRuler, _holds, _one_token_checks, index_attribute_ruler
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
    "The ministry's spokesman, Yahya Rasool, told AFP: \"We will respond,\" adding that all options "
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
    return plain, indexed


def test_the_pipeline_has_the_indexed_ruler(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)


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


def test_every_rule_kind_is_indexed_or_matched(pipelines):
    _, indexed = pipelines
    ruler = indexed.get_pipe("attribute_ruler")
    ruler(indexed.make_doc("x"))  # indexes on first use
    kinds = len(ruler._always) + sum(len(v) for v in ruler._buckets.values())
    assert kinds > 150  # nearly all rules are one-token rules: decided once per token key
    assert len(ruler._rest) >= 1  # the two-token ones stay with spaCy's Matcher


@pytest.mark.parametrize(
    ("pattern", "key", "holds"),
    [
        ([{"TAG": "NN"}], ("NN", "dog", "nsubj", False), True),
        ([{"TAG": "NN"}], ("NNS", "dogs", "nsubj", False), False),
        ([{"TAG": "RB", "LOWER": {"IN": ["not", "n't"]}}], ("RB", "n't", "neg", False), True),
        ([{"TAG": "RB", "LOWER": {"IN": ["not", "n't"]}}], ("RB", "never", "neg", False), False),
        ([{"DEP": {"NOT_IN": ["det", ""]}}], ("DT", "that", "nsubj", False), True),
        ([{"DEP": {"NOT_IN": ["det", ""]}}], ("DT", "that", "", False), False),
        ([{"LOWER": {"REGEX": "^n[ou]thin'$"}}], ("NN", "nothin'", "dobj", False), True),
        ([{"IS_SPACE": True}], ("_SP", "  ", "dep", True), True),
        ([{"IS_SPACE": True}], ("NN", "a", "dep", False), False),
    ],
)
def test_checks_decide_as_the_matcher(pattern, key, holds):
    checks = _one_token_checks(pattern)
    assert checks is not None
    assert all(_holds(c, key) for c in checks) is holds


@pytest.mark.parametrize(
    "pattern",
    [
        [{"TAG": "DT"}, {"LOWER": "all"}],  # two tokens
        [{"POS": "NOUN"}],  # a field the key does not hold
        [{"LOWER": {"FUZZY": "dog"}}],  # an operator it does not decide
        [{"LENGTH": {">=": 3}}],
    ],
)
def test_other_patterns_stay_with_the_matcher(pattern):
    assert _one_token_checks(pattern) is None


def test_regex_is_compiled_once():
    ((_, (op, compiled)),) = _one_token_checks([{"LOWER": {"REGEX": "^y'?$"}}])
    assert op == "REGEX" and isinstance(compiled, re.Pattern)
