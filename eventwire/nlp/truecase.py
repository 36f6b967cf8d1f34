"""Restore each word's usual case in a text written all in capitals, before it is parsed.

Wire copy and telex reports (the MUC-4 texts, many archives) come in capitals. spaCy's tagger and
entity recogniser learnt from mixed case; in capitals every word looks like a proper noun, and
place, actor and date finders that read capitalisation see names everywhere. A text that is nearly
all capitals (``[parse] truecase_min_upper_share`` of at least ``truecase_min_letters`` letters) is
parsed in its usual case: each word takes the form it usually has where its case is free, counted
over mixed-case ACLED notes and GeoNames names (``data/truecase.tsv.gz``, made by
``scripts/build_truecase.py``); function words are lower case and a few words are capitalised only
beside a number (``data/truecase.yaml``). A word the table does not hold is lower case when the
English lexicon knows it (spaCy's lemma index, inflections stripped), capitals when it has no vowel
("FMLN"), else capitalised ("Mulqui"). The first word of a sentence is capitalised, an initial
("U.S.", "J.") keeps its capital.

The recased text has the same length as the original, character for character, so every span
(provenance, places, quotes) points into the article's text unchanged.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language

from ..data import load_yaml
from ..settings import current

_WORD = re.compile(r"[A-Za-z]+")
_VOWELS = frozenset("aeiouy")
_NUMBER = re.compile(r"\d")
_SUFFIXES = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
)


def is_capitals(text: str) -> bool:
    """True when ``text`` is written (nearly) all in capitals and is long enough to tell."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    letters = upper + lower
    share = float(current().parse.truecase_min_upper_share)
    return letters >= int(current().parse.truecase_min_letters) and upper >= share * letters


def english_words(nlp: Language) -> frozenset[str]:
    """The words of the pipeline's lemma index (nouns, verbs, adjectives, adverbs)."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    if "lemma_index" not in lookups.tables:
        return frozenset()
    table = lookups.get_table("lemma_index")
    return frozenset().union(*(table[k] for k in table))


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    raw = resources.files("eventwire.data").joinpath("truecase.tsv.gz").read_bytes()
    out = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, form = line.split("\t")
            out[word] = form
    return out


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load_yaml("truecase.yaml", ("always_lower", "always_capital", "beside_number"))
    return tuple(
        frozenset(str(w).lower() for w in data[k])
        for k in ("always_lower", "always_capital", "beside_number")
    )


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    from .parse import load_nlp

    return english_words(load_nlp())


def is_english(low: str, lexicon: frozenset[str]) -> bool:
    """Whether ``lexicon`` holds the word or, with a common inflection stripped, its stem."""
    if low in lexicon:
        return True
    return any(low.endswith(suf) and low[: len(low) - len(suf)] + add in lexicon for suf, add in _SUFFIXES)


def word_form(low: str, beside_number: bool) -> str:
    """``l``, ``C`` or ``U``: the usual form of the lower-case word ``low``."""
    lower, capital, numbered = _lists()
    if low in capital:
        return "C"
    if low in lower:
        return "l"
    if low in numbered:
        return "C" if beside_number else "l"
    if (form := _table().get(low)) is not None:
        return form
    if is_english(low, _lexicon()):
        return "l"
    if not _VOWELS & set(low):
        return "U"
    return "C"


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'([\u201c\u2018":
        i -= 1
    if i < 0:
        return True
    if text[i] == "\n":
        j = i - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        return j < 0 or text[j] in "\n.!?:"
    return text[i] in ".!?"


def _beside_number(text: str, start: int, end: int) -> bool:
    return bool(_NUMBER.search(text[max(0, start - 4) : start]) or _NUMBER.search(text[end : end + 4]))


def truecase(text: str) -> str:
    """``text`` with each word in its usual case; the same length, character for character."""
    out = list(text)
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        low = word.lower()
        if len(word) == 1 and end < len(text) and text[end] == "." and low not in ("a", "i"):
            continue  # an initial: "U.S.", "J. Smith"
        form = word_form(low, _beside_number(text, start, end))
        if form == "U":
            new = word.upper()
        elif form == "C" or _sentence_start(text, start):
            new = low[:1].upper() + low[1:]
        else:
            new = low
        if len(new) == len(word):
            out[start:end] = new
    return "".join(out)


def recase(text: str) -> str:
    """The text to parse: ``text`` recased where it is written in capitals (:func:`is_capitals`)."""
    return truecase(text) if is_capitals(text) else text
