"""The speech-cue lexicon (``data/speech_cues.yaml``): loaded and checked once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...data import load_yaml, schema
from ...errors import DataFileError

PRONOUN_KINDS = {"person", "organisation", "any", "author"}  # what the speaker resolver does with each
FILE = "speech_cues.yaml"
_WORD_LISTS = (
    "content_preps",
    "complementizers",
    "tail_verbs",
    "affiliation_preps",
    "role_modifiers",
    "target_preps",
    "negations",
    "sentence_abbreviations",
    "title_links",
)
_REQUIRED = (
    "plover_verbal_types",
    "verbs",
    "phrases",
    "source_phrase",
    "object_content",
    "titles",
    "honorifics",
    "pronouns",
    "content_cues",
    "dateline_patterns",
    "title_synonyms",
    "speaker_excluded_roles",
    *_WORD_LISTS,
)


@dataclass(frozen=True)
class SpeechLexicon:
    """Cue verbs and phrases with their PLOVER type, role words, pronouns, content cues and the
    grammatical words the finder reads (all lower case)."""

    verbs: dict[str, str | None]  # lemma -> PLOVER type signalled by the cue itself
    phrases: dict[tuple[str, ...], str | None]  # lemma sequence -> PLOVER type
    source_phrase: tuple[str, ...]  # "according to": its object is the speaker, its host clause the content
    object_content: frozenset[str]  # cue keys ("deny", "call for") whose object is the content
    titles: frozenset[str]
    honorifics: frozenset[str]
    pronouns: dict[str, str]
    content_cues: tuple[tuple[str, tuple[str, ...]], ...]  # (PLOVER type, lemma sequence), in order
    bio_patterns: tuple[re.Pattern[str], ...]
    content_preps: frozenset[str]  # prepositions whose object is what was said ("warned of …")
    complementizers: frozenset[str]  # "that" opening a reported clause
    tail_verbs: frozenset[str]  # besides cue verbs, verbs that end a complement ("…, citing Y")
    affiliation_preps: frozenset[str]  # "spokesman for the army"
    role_modifiers: frozenset[str]  # words that open a role after the organisation ("army senior officer")
    target_preps: frozenset[str]  # "called on X", "accused of"
    negations: frozenset[str]  # a content cue under one of these does not count ("not violate")
    sentence_abbreviations: frozenset[str]  # words before "." that do not end a sentence ("St.", "No.")
    title_links: frozenset[str]  # words between a title and the name it introduces ("Secretary of State X")
    datelines: tuple[re.Pattern[str], ...]  # "BEIRUT (AP) — ": no part of a speaker
    title_synonyms: dict[str, str]  # "sen." -> "senator": the word a later "the senator" uses
    speaker_excluded_roles: frozenset[str]  # actors.yaml roles whose actors are no speaker's id
    target_nouns: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()

    @property
    def source_key(self) -> str:
        """The cue key of :attr:`source_phrase` ("according to")."""
        return " ".join(self.source_phrase)


def _fail(message: str) -> DataFileError:
    return schema.invalid(FILE, message)


def _words(items: Any, key: str, *, lower: bool = True) -> frozenset[str]:
    if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
        raise _fail(f"'{key}' must be a list of non-empty strings")
    return frozenset(w.lower() if lower else w for w in items)


def parse_lexicon(raw: Any) -> SpeechLexicon:
    """Check the structure of the loaded YAML and build the lexicon (raises DataFileError)."""
    if not isinstance(raw, dict):
        raise _fail("top level must be a mapping")
    missing = set(_REQUIRED) - set(raw)
    if missing:
        raise _fail(f"missing sections: {sorted(missing)}")
    plover_types = _words(raw["plover_verbal_types"], "plover_verbal_types", lower=False)

    def plover(value: Any, where: str) -> str | None:
        if value is not None and value not in plover_types:
            raise _fail(f"{where}: unknown PLOVER verbal type {value!r}")
        return value

    if not isinstance(raw["verbs"], dict):
        raise _fail("'verbs' must map lemmas to a PLOVER type or null")
    verbs = {str(k).lower(): plover(v, f"verbs.{k}") for k, v in raw["verbs"].items()}
    phrases: dict[tuple[str, ...], str | None] = {}
    for item in raw["phrases"] or []:
        if not isinstance(item, dict) or not isinstance(item.get("cue"), str) or len(item["cue"].split()) < 2:
            raise _fail(f"phrase entries need a multi-word 'cue': {item!r}")
        phrases[tuple(item["cue"].lower().split())] = plover(item.get("plover"), f"phrases.{item['cue']}")
    source = raw["source_phrase"]
    if (
        not isinstance(source, str)
        or len(source.split()) != 2
        or tuple(source.lower().split()) not in phrases
    ):
        raise _fail("'source_phrase' must be one of the two-word 'phrases'")
    pronouns = raw["pronouns"]
    if not isinstance(pronouns, dict) or not set(pronouns.values()) <= PRONOUN_KINDS:
        raise _fail(f"'pronouns' must map pronouns to one of {sorted(PRONOUN_KINDS)}")
    content: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(raw["content_cues"], dict):
        raise _fail("'content_cues' must map PLOVER types to lists of lemma sequences")
    for ptype, cues in raw["content_cues"].items():
        plover(ptype, "content_cues")
        content.extend((ptype, tuple(c.lower().split())) for c in _words(cues, f"content_cues.{ptype}"))
    try:
        bios = tuple(re.compile(p, re.I | re.M) for p in raw.get("bio_patterns") or [])
    except re.error as err:
        raise _fail(f"bad bio pattern: {err}") from err
    lists = {key: _words(raw[key], key) for key in _WORD_LISTS}
    try:
        patterns = _words(raw["dateline_patterns"], "dateline_patterns", lower=False)
        datelines = tuple(re.compile(p, re.M) for p in sorted(patterns))
    except re.error as err:
        raise _fail(f"bad dateline pattern: {err}") from err
    synonyms = raw["title_synonyms"]
    if not isinstance(synonyms, dict) or not all(isinstance(v, str) and v for v in synonyms.values()):
        raise _fail("'title_synonyms' must map title words to title words")
    return SpeechLexicon(
        verbs=verbs,
        phrases=phrases,
        source_phrase=tuple(source.lower().split()),
        object_content=_words(raw["object_content"], "object_content"),
        titles=_words(raw["titles"], "titles"),
        honorifics=_words(raw["honorifics"], "honorifics"),
        pronouns={str(k).lower(): v for k, v in pronouns.items()},
        content_cues=tuple(content),
        bio_patterns=bios,
        datelines=datelines,
        title_synonyms={str(k).lower(): v.lower() for k, v in synonyms.items()},
        speaker_excluded_roles=_words(raw["speaker_excluded_roles"], "speaker_excluded_roles"),
        target_nouns=_words(raw.get("target_nouns") or [], "target_nouns"),
        addressee_verbs=_words(raw.get("addressee_verbs") or [], "addressee_verbs"),
        **lists,
    )


@lru_cache(maxsize=1)
def load_lexicon() -> SpeechLexicon:
    """The shipped speech-cue lexicon, parsed and checked once per process."""
    return parse_lexicon(load_yaml(FILE))
