"""The trigger lexicon, the ACLED codebook and the compiled trigger matcher, loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ...data import load_yaml, schema
from ...errors import DataFileError, Errors

FAMILIES = frozenset({"violence", "territory", "protest", "strategic", "verbal"})
STRENGTHS = {"strong": 3, "medium": 2, "weak": 1}
STRONG, MEDIUM = STRENGTHS["strong"], STRENGTHS["medium"]
STRENGTH_NAMES = {v: k for k, v in STRENGTHS.items()}
NEEDED_CUES = frozenset(
    {"intervention", "lethal", "riot_acts", "military_targets", "places", "persons", "labour", "victims"}
    | {
        "casualties",
        "crime",
        "disaster",
        "sport",
        "conflict",
        "violent_in_any_sense",
        "aspect",
        "manned_aircraft",
        "expelled_people",
    }
)


@dataclass(frozen=True)
class EventClass:
    """One event class: ACLED and PLOVER codes, family and rank."""

    name: str
    family: str
    event_type: str | None
    sub_event_type: str | None
    disorder_type: str | None
    plover_type: str | None
    plover_mode: str | None
    rank: int


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a class, a strength and allowed parts of speech."""

    cls: EventClass
    strength: int
    pos: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Everything the event stage reads from the data files."""

    classes: dict[str, EventClass]
    triggers: list[Trigger]
    phrases: list[tuple[int, str]]  # (trigger index, phrase)
    cues: dict[str, frozenset[str]]  # cue set -> lower-case forms (single words and phrases)
    weapon_cues: dict[str, frozenset[str]]  # class name -> forms
    defaults: dict[str, EventClass]  # event type -> class used when a model moves an event there
    model_moves: frozenset[str]  # generic classes the trained model may move to another event type
    note_labels: dict[str, EventClass]  # a coder's label before a note ("defusal") -> its class
    generic: frozenset[str]  # classes refined by weapon cues and the kind of actors
    words: dict[str, frozenset[str]]  # word set -> lower-case words, matched as written
    patterns: dict[str, re.Pattern[str]]  # vocabulary patterns (bylines, violence as a topic)
    to_death: dict[str, int]  # verb lemma -> trigger index of its "V to death" phrase ("hack to death")


def cue_text(tokens) -> str:
    """Padded lower-case text of ``tokens``, for whole-word cue lookups with :func:`has_cue`."""
    return " " + " ".join(t.lower_ for t in tokens) + " "


def has_cue(text: str, forms: frozenset[str]) -> bool:
    """Whether any cue form occurs as whole words in the padded lower-case ``text``."""
    return any(f" {f} " in text for f in forms)


@lru_cache(maxsize=1)
def load_codebook() -> dict[str, dict[str, str]]:
    """ACLED event type -> sub-event type -> disorder type, checked for 6 types and 25 sub-types."""
    book = load_yaml("acled_codebook.yaml").get("event_types")
    if not isinstance(book, dict) or len(book) != 6 or sum(len(v) for v in book.values()) != 25:
        raise schema.invalid("acled_codebook.yaml", "expected 6 event types with 25 sub-event types")
    return book


@lru_cache(maxsize=1)
def load_plover() -> dict[str, list[str]]:
    """PLOVER type -> modes."""
    types = load_yaml("plover.yaml").get("types")
    if not isinstance(types, dict) or len(types) != 16:
        raise schema.invalid("plover.yaml", "expected the 16 PLOVER types")
    return types


def _forms(words: list[str]) -> frozenset[str]:
    """Lower-case cue forms with a naive plural for single words."""
    out: set[str] = set()
    for w in words:
        w = str(w).lower()
        out.add(w)
        if " " not in w and not w.endswith("s"):
            out.add(w + "s")
        if "-" in w:  # the tokenizer splits "rubber-coated" into three tokens
            out |= {f.replace("-", " - ") for f in (w, w + "s") if f in out}
    return frozenset(out)


def _event_class(name: str, spec: dict, book: dict, plover: dict) -> EventClass:
    if not isinstance(spec, dict) or spec.get("family") not in FAMILIES or "rank" not in spec:
        raise schema.invalid("triggers.yaml", f"class {name}: needs a family ({sorted(FAMILIES)}) and a rank")
    acled = spec.get("acled")
    etype = sub = disorder = None
    if acled is not None:
        etype, sub = acled
        if sub not in book.get(etype, {}):
            raise schema.invalid(
                "triggers.yaml", f"class {name}: {etype} / {sub} is not in the ACLED codebook"
            )
        disorder = book[etype][sub]
    ptype, pmode = spec.get("plover") or (None, None)
    if ptype is not None and ptype not in plover:
        raise schema.invalid("triggers.yaml", f"class {name}: {ptype} is not a PLOVER type")
    return EventClass(name, spec["family"], etype, sub, disorder, ptype, pmode, int(spec["rank"]))


def _word_sets(raw: object) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict) or any(
        not isinstance(v, list) or not all(isinstance(w, str) for w in v) for v in raw.values()
    ):
        raise schema.invalid("triggers.yaml", "words: expected name -> list of words (quote on, no, yes)")
    return {k: frozenset(w.lower() for w in v) for k, v in raw.items()}


def _patterns(raw: object) -> dict[str, re.Pattern[str]]:
    """Case-insensitive patterns; a list is one pattern of alternatives."""
    if not isinstance(raw, dict):
        raise schema.invalid("triggers.yaml", "patterns: expected name -> pattern or list of alternatives")
    out = {}
    for name, value in raw.items():
        text = "(" + "|".join(value) + ")" if isinstance(value, list) else str(value)
        try:
            out[name] = re.compile(text, re.I)
        except re.error as exc:
            raise DataFileError(
                Errors.E046.format(file="triggers.yaml", where=f"patterns {name}", reason=exc)
            ) from exc
    return out


def _triggers(entries: list, classes: dict[str, EventClass]) -> tuple[list[Trigger], list[tuple[int, str]]]:
    triggers: list[Trigger] = []
    phrases: list[tuple[int, str]] = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("class") not in classes or not entry.get("words"):
            raise schema.invalid("triggers.yaml", f"trigger {entry!r}: needs a known class and words")
        if entry.get("strength") not in STRENGTHS:
            raise schema.invalid(
                "triggers.yaml", f"trigger {entry!r}: strength must be one of {list(STRENGTHS)}"
            )
        trig = Trigger(
            classes[entry["class"]], STRENGTHS[entry["strength"]], frozenset(entry.get("pos") or ())
        )
        triggers.append(trig)
        phrases.extend((len(triggers) - 1, str(w).lower()) for w in entry["words"])
    return triggers, phrases


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Parse and check ``triggers.yaml`` against the codebook and PLOVER."""
    data = load_yaml("triggers.yaml")
    book, plover = load_codebook(), load_plover()
    classes = {n: _event_class(n, s, book, plover) for n, s in (data.get("classes") or {}).items()}
    triggers, phrases = _triggers(data.get("triggers") or [], classes)
    cues_raw = data.get("cues") or {}
    weapons = cues_raw.pop("weapons", None)
    if not isinstance(weapons, dict) or any(k not in classes for k in weapons):
        raise schema.invalid("triggers.yaml", "cues.weapons: expected class name -> words")
    cues = {k: _forms(v) for k, v in cues_raw.items()}
    if NEEDED_CUES - set(cues):
        raise schema.invalid("triggers.yaml", f"cues: missing {sorted(NEEDED_CUES - set(cues))}")
    defaults = data.get("defaults") or {}
    moves = frozenset(data.get("model_moves") or ())
    generic = frozenset(data.get("generic_classes") or ())
    if any(v not in classes for v in [*defaults.values(), *moves, *generic]):
        raise schema.invalid("triggers.yaml", "defaults, model_moves, generic_classes: expected class names")
    labels = data.get("note_labels") or {}
    if not isinstance(labels, dict) or any(k not in classes or not v for k, v in labels.items()):
        raise schema.invalid("triggers.yaml", "note_labels: expected class name -> labels")
    return Lexicon(
        classes,
        triggers,
        phrases,
        cues,
        {k: _forms(v) for k, v in weapons.items()},
        {k: classes[v] for k, v in defaults.items()},
        moves,
        {str(label).lower(): classes[name] for name, words in labels.items() for label in words},
        generic,
        _word_sets(data.get("words") or {}),
        _patterns(data.get("patterns") or {}),
        {
            words[0]: idx
            for idx, words in ((i, p.split()) for i, p in phrases)
            if words[1:] == ["to", "death"]
        },
    )


def word_set(name: str) -> frozenset[str]:
    """The word set ``name`` of ``triggers.yaml`` (``words``)."""
    return load_lexicon().words[name]


class TriggerMatcher:
    """Two PhraseMatchers (hash lookups, fast): one on lemmas, one on lower-case forms."""

    def __init__(self, vocab: Vocab) -> None:
        lex = load_lexicon()
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        for idx, phrase in lex.phrases:
            parts = phrase.replace("-", " - ").split()
            pattern = Doc(vocab, words=parts)
            for tok, part in zip(pattern, parts):
                tok.lemma_ = part
            self.by_lemma.add(f"T{idx}", [pattern])
            self.by_lower.add(f"T{idx}", [Doc(vocab, words=parts)])

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return sorted(set(self.by_lemma(doc)) | set(self.by_lower(doc)), key=lambda m: (m[1], m[2]))


@lru_cache(maxsize=4)
def _matcher_for(vocab_id: int, vocab: Vocab) -> TriggerMatcher:
    return TriggerMatcher(vocab)


def trigger_matcher(vocab: Vocab) -> TriggerMatcher:
    """The trigger matcher for ``vocab``, compiled once per process."""
    return _matcher_for(id(vocab), vocab)
