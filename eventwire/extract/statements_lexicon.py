"""The speech-cue lexicon (``data/speech_cues.yaml``): loaded and checked once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import load_yaml
from ..errors import DataFileError

PLOVER_VERBAL = {
    "ACCUSE",
    "REQUEST",
    "REJECT",
    "THREATEN",
    "SUPPORT",
    "AGREE",
    "CONSULT",
    "DEMAND",
    "DISAPPROVE",
}
PRONOUN_KINDS = {"person", "organisation", "any", "author"}
FILE = "speech_cues.yaml"


@dataclass(frozen=True)
class SpeechLexicon:
    """Cue verbs and phrases with their PLOVER type, role words, pronouns, content cues."""

    verbs: dict[str, str | None]  # lemma -> PLOVER type signalled by the cue itself
    phrases: dict[tuple[str, ...], str | None]  # lemma sequence -> PLOVER type
    object_content: frozenset[str]  # cue keys ("deny", "call for") whose object is the content
    titles: frozenset[str]
    honorifics: frozenset[str]
    pronouns: dict[str, str]
    content_cues: tuple[tuple[str, tuple[str, ...]], ...]  # (PLOVER type, lemma sequence), in order
    bio_patterns: tuple[re.Pattern[str], ...]
    target_nouns: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()


def _fail(message: str) -> DataFileError:
    return DataFileError(f"{FILE}: {message}")


def _plover(value: Any, where: str) -> str | None:
    if value is not None and value not in PLOVER_VERBAL:
        raise _fail(f"{where}: unknown PLOVER verbal type {value!r}")
    return value


def _words(items: Any, key: str) -> frozenset[str]:
    if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
        raise _fail(f"'{key}' must be a list of non-empty strings")
    return frozenset(w.lower() for w in items)


def parse_lexicon(raw: Any) -> SpeechLexicon:
    """Check the structure of the loaded YAML and build the lexicon (raises DataFileError)."""
    if not isinstance(raw, dict):
        raise _fail("top level must be a mapping")
    missing = {
        "verbs",
        "phrases",
        "object_content",
        "titles",
        "honorifics",
        "pronouns",
        "content_cues",
    } - set(raw)
    if missing:
        raise _fail(f"missing sections: {sorted(missing)}")
    if not isinstance(raw["verbs"], dict):
        raise _fail("'verbs' must map lemmas to a PLOVER type or null")
    verbs = {str(k).lower(): _plover(v, f"verbs.{k}") for k, v in raw["verbs"].items()}
    phrases: dict[tuple[str, ...], str | None] = {}
    for item in raw["phrases"] or []:
        if not isinstance(item, dict) or not isinstance(item.get("cue"), str) or len(item["cue"].split()) < 2:
            raise _fail(f"phrase entries need a multi-word 'cue': {item!r}")
        phrases[tuple(item["cue"].lower().split())] = _plover(item.get("plover"), f"phrases.{item['cue']}")
    pronouns = raw["pronouns"]
    if not isinstance(pronouns, dict) or not set(pronouns.values()) <= PRONOUN_KINDS:
        raise _fail(f"'pronouns' must map pronouns to one of {sorted(PRONOUN_KINDS)}")
    content: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(raw["content_cues"], dict):
        raise _fail("'content_cues' must map PLOVER types to lists of lemma sequences")
    for ptype, cues in raw["content_cues"].items():
        _plover(ptype, "content_cues")
        content.extend((ptype, tuple(c.lower().split())) for c in _words(cues, f"content_cues.{ptype}"))
    try:
        bios = tuple(re.compile(p, re.I | re.M) for p in raw.get("bio_patterns") or [])
    except re.error as err:
        raise _fail(f"bad bio pattern: {err}") from err
    return SpeechLexicon(
        verbs=verbs,
        phrases=phrases,
        object_content=_words(raw["object_content"], "object_content"),
        titles=_words(raw["titles"], "titles"),
        honorifics=_words(raw["honorifics"], "honorifics"),
        pronouns={str(k).lower(): v for k, v in pronouns.items()},
        content_cues=tuple(content),
        bio_patterns=bios,
        target_nouns=_words(raw.get("target_nouns") or [], "target_nouns"),
        addressee_verbs=_words(raw.get("addressee_verbs") or [], "addressee_verbs"),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> SpeechLexicon:
    """The shipped speech-cue lexicon, parsed and checked once per process."""
    return parse_lexicon(load_yaml(FILE))
