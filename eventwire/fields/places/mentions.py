"""The Mention record, the cue words of ``data/place_cues.yaml`` and the token tests shared by
recognition, resolution and placing."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, fields
from functools import lru_cache

from spacy.tokens import Doc, Token

from ...data import load_yaml, schema
from ...gazetteer import Index, fold, loose
from ...nlp.syntax import once_per_doc
from ...records import Place
from ...settings import current
from ..actors import load_actor_tables

MAX_NGRAM = 6  # the longest name looked up, in tokens
PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass(frozen=True, eq=False)
class Cues:
    """The word lists of ``data/place_cues.yaml`` (lower case) and its two small tables."""

    locative_preps: frozenset[str]
    near_words: frozenset[str]
    place_nouns: frozenset[str]
    generic_suffixes: frozenset[str]
    leading_directions: frozenset[str]
    never_alone: frozenset[str]
    target_verbs: frozenset[str]
    landmark_heads: frozenset[str]
    never_places: frozenset[str]
    institution_heads: frozenset[str]
    facility_heads: frozenset[str]
    facility_descriptors: frozenset[str]
    name_heads: frozenset[str]
    arabic_articles: frozenset[str]
    name_connectors: frozenset[str]
    force_nouns: frozenset[str]
    force_fillers: frozenset[str]
    extra_patron_words: frozenset[str]
    organisation_words: frozenset[str]
    relative_first: frozenset[str]
    relative_last: frozenset[str]
    place_epithets: frozenset[str]
    topic_words: frozenset[str]
    part_nouns: frozenset[str]
    route_nouns: frozenset[str]
    border_nouns: frozenset[str]
    name_adjectives: frozenset[str]
    weak_place_nouns: frozenset[str]
    strict_preps: frozenset[str]
    point_preps: frozenset[str]
    separators: frozenset[str]
    division_nouns: frozenset[str]
    division_suffixes: frozenset[str]
    own_name_suffixes: frozenset[str]
    articles: frozenset[str]
    possessives: frozenset[str]
    of_words: frozenset[str]
    list_joiners: frozenset[str]
    place_list_joiners: frozenset[str]
    qualifier_links: frozenset[str]
    origin_preps: frozenset[str]
    border_preps: frozenset[str]
    agent_preps: frozenset[str]
    sub_words: frozenset[str]
    approximators: frozenset[str]
    situating_words: frozenset[str]
    distance_units: frozenset[str]
    vessel_prefixes: frozenset[str]
    dateline_marks: frozenset[str]
    home_preps: frozenset[str]
    evidence_only_names: frozenset[str]
    compass: dict[str, str]
    feature_specificity: dict[str, int]
    connectors: frozenset[str] = field(init=False)  # arabic_articles | name_connectors
    place_words: frozenset[str] = field(init=False)  # place_nouns | division_suffixes

    def __post_init__(self) -> None:
        object.__setattr__(self, "connectors", self.arabic_articles | self.name_connectors)
        object.__setattr__(self, "place_words", self.place_nouns | self.division_suffixes)


_TABLES = {"compass": str, "feature_specificity": int}  # keys that map words to values


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The cue lists of ``data/place_cues.yaml``."""
    keys = [f.name for f in fields(Cues) if f.init]
    data = load_yaml("place_cues.yaml", sorted(keys))
    values: dict[str, object] = {}
    for key in keys:
        value = data[key]
        if key in _TABLES:
            kind = _TABLES[key]
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, kind) for k, v in value.items()
            ):
                raise schema.invalid("place_cues.yaml", f"{key} must map words to {kind.__name__} values")
            values[key] = {k.lower(): v for k, v in value.items()}
            continue
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise schema.invalid("place_cues.yaml", f"{key} must be a list of words")
        values[key] = frozenset(w.lower() for w in value)
    return Cues(**values)


@dataclass
class Mention:
    """A toponym candidate: a token span and its gazetteer rows."""

    start: int  # token indices
    end: int
    rows: tuple[int, ...]
    source: str  # ner | fix | gazetteer
    loose: bool = False
    qualifier: set[str] = field(default_factory=set)  # iso2 / (cc, admin1code) keys named after it
    qualified_by: Mention | None = None
    best: int | None = None
    margin: float = 0.0
    partial: bool = False  # a known name inside a longer unknown one ("Bali" of "Bali Cad"): weak identity
    direction: frozenset[str] = (
        frozenset()
    )  # "in southern Idleb": {"S"}, the part of the qualifier it lies in
    beside: bool = False  # qualified_by names a town it lies beside ("south of Jerusalem"), not in


_UNRESOLVED: weakref.WeakValueDictionary[int, Place] = weakref.WeakValueDictionary()


def mark_unresolved(place: Place) -> Place:
    """Record ``place`` as a name the gazetteer lacks, placed at the town or division around it."""
    _UNRESOLVED[id(place)] = place
    return place


def unresolved(p: Place) -> bool:
    """Whether ``p`` is a name the gazetteer lacks, placed at a town or division named around it
    (this very record, as :func:`find_places` made it)."""
    return _UNRESOLVED.get(id(p)) is p


def lookup(index: Index, text: str) -> tuple[tuple[int, ...], bool]:
    """Gazetteer rows of ``text`` and whether they were found only by the loose key."""
    key = fold(text)
    rows = index.keys.get(key)
    if rows:
        return rows, False
    lk = loose(key)
    return index.loose_keys.get(lk, ()), True


def name_key(doc: Doc, m: Mention) -> str:
    """The folded text of a mention."""
    return fold(doc[m.start : m.end].text)


def bracket_opening(doc: Doc, start: int, end: int) -> int | None:
    """The "(" of the brackets that hold a name after another name ("Ganjoni (Mombasa)", "Kolofata
    subdivision (Mayo-Sava, Extreme-Nord)"): in news and coders' notes, the division or town that
    name lies in. None where the name is not so bracketed."""
    k = next((j for j in range(start - 1, max(0, start - 8) - 1, -1) if doc[j].text in ("(", ")")), None)
    if k is None or doc[k].text != "(" or k == 0 or not doc[k - 1].is_alpha:
        return None
    close = next((j for j in range(end, min(len(doc), end + 8)) if doc[j].text in ("(", ")")), None)
    return k if close is not None and doc[close].text == ")" else None


def _names_before(doc: Doc, end: int, cues: Cues) -> int:
    """Where the capitalised names (and place nouns) that end at ``end`` begin, through the hyphens,
    commas and list joiners between them: "the villages Akatakou, Koko, and Malomi", "Koualou-Tampaska"."""
    k = end
    while k > 0:
        tok = doc[k - 1]
        name = tok.text[:1].isupper() or tok.lower_ in cues.place_nouns
        joiner = tok.text in ("-", ",") or tok.lower_ in cues.place_list_joiners
        if not (name or joiner and any(t.text[:1].isupper() for t in doc[max(0, k - 3) : k - 1])):
            break
        k -= 1
    while k < end and not (doc[k].text[:1].isupper() or doc[k].lower_ in cues.place_nouns):
        k += 1  # a joiner it stopped after
    return k


def locative_context(doc: Doc, start: int, end: int, cues: Cues) -> bool:
    """ "in X", "near X", "X district", "village of X", "X, Syria"."""
    while start > 1 and (doc[start - 1].lower_ in cues.near_words or doc[start - 1].lower_ in cues.articles):
        if doc[start - 1].lower_ in cues.locative_preps:
            break
        start -= 1  # "in western Aleppo", "in the Dar'a countryside"
    prev = doc[start - 1].lower_ if start > 0 else ""
    nxt = doc[end].lower_ if end < len(doc) else ""
    if prev in cues.locative_preps and prev not in cues.of_words:
        return True
    if (
        prev in cues.of_words
        and start > 1
        and (doc[start - 2].lower_ in cues.place_nouns or doc[start - 2].lower_ in cues.part_nouns)
    ):
        return True  # "the village of X", "the eastern part of X"
    if nxt in cues.place_nouns:
        return True
    head = doc[end - 1]
    if head.dep_ == "dobj" and head.head.lemma_.lower() in cues.target_verbs:
        return True
    if prev == "," and any(
        t.lower_ in cues.place_nouns or t.lower_ in cues.landmark_heads
        for t in doc[max(0, start - 4) : start - 1]
    ):
        return True  # "the Alb border crossing, Asir": a landmark and its division
    opening = bracket_opening(doc, start, end)
    if opening is not None:  # "in Ganjoni (Mombasa)": where the name before the brackets is a place
        k = _names_before(doc, opening, cues)  # also "in Koualou-Tampaska (...)", "in Koko and Malomi (...)"
        return k < opening and locative_context(doc, k, opening, cues)
    if (prev == "," or prev in cues.place_list_joiners) and start > 2:  # a list: "in Hama and Homs"
        return any(t.lower_ in cues.locative_preps for t in doc[max(0, start - 6) : start - 1])
    return False


def followed_by_place(doc: Doc, index: Index, j: int) -> bool:
    """ "X, Hajjah" / "X, Syria": a comma then a known division or country."""
    if j + 1 >= len(doc) or doc[j].text != ",":
        return False
    for k in range(min(len(doc), j + 4), j + 1, -1):
        rows = index.keys.get(fold(doc[j + 1 : k].text), ())
        if any(index.feature_of(r) in ("admin1", "country") for r in rows):
            return True
    return False


@lru_cache(maxsize=1)
def patron_words() -> frozenset[str]:
    """actors.yaml patron_words, and place_cues.yaml extra_patron_words: "Saudi-led", "US-backed",
    "backed by Iran" name who leads or backs a side, not where it fights."""
    return load_actor_tables().patron_words | load_cues().extra_patron_words


def demonym(index: Index, token: Token) -> str | None:
    """ISO2 of the demonym that ``token`` opens ("Iraqi", "Sri Lankan", "South Sudanese": the longest
    one); None for "Saudi-led"/"US-backed" (the actor's side) and for a word inside a longer
    demonym ("Sudanese" of "South Sudanese" is not Sudan's)."""
    if not token.text[:1].isupper():
        return None
    key, openers = fold(token.text), _demonym_openers(index)
    if key not in openers and key not in index.demonyms:
        return None  # most capitalised words: no demonym, nor the first word of one
    doc = token.doc
    nxt = token.nbor(1) if token.i + 2 < len(doc) else None
    if nxt is not None and nxt.text == "-" and token.nbor(2).lower_ in patron_words():
        return None
    if key in openers:  # "Sri Lankan", "Saudi Arabian": separate capitalised words
        for n in (3, 2):
            iso2 = _demonym_words(index, doc, token.i, n)
            if iso2:
                return iso2
    for n in (2, 3):  # a later word of a demonym opened before it
        i = token.i - n + 1
        if i >= 0 and fold(doc[i].text) in openers and _demonym_words(index, doc, i, n):
            return None
    iso2 = index.demonyms.get(key)
    if iso2 is not None and _names_division(index, token):
        return None  # "Somali region", "(Sitti, Somali)": Ethiopia's Somali Region, not Somalia
    return iso2


def _names_division(index: Index, token: Token) -> bool:
    """A demonym that is also a first-level division's name, written as the division: before a
    division noun ("Somali region", "Somali regional state", "Afar zone") or last in a bracketed
    list of divisions after a place ("Erer town (Sitti, Somali)")."""
    doc = token.doc
    if not any(index.feature_of(r) == "admin1" for r in index.lookup(token.text)):
        return False
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and (nxt.lower_ in load_cues().division_nouns or nxt.lower_ == "regional"):
        return True
    prev = doc[token.i - 1] if token.i > 0 else None
    return prev is not None and prev.text == "," and nxt is not None and nxt.text == ")"


def _demonym_words(index: Index, doc: Doc, i: int, n: int) -> str | None:
    """ISO2 of the ``n``-word demonym at ``doc[i]``, all its words capitalised."""
    words = doc[i : i + n]
    if len(words) < n or not all(t.text[:1].isupper() for t in words):
        return None
    return index.demonyms.get(fold(words.text))


@lru_cache(maxsize=4)
def _demonym_openers(index: Index) -> frozenset[str]:
    """First words of the demonyms of more than one word ("sri" of "sri lankan")."""
    return frozenset(key.split()[0] for key in index.demonyms if " " in key)


def direction(doc: Doc, start: int, end: int) -> frozenset[str]:
    """Compass points named in ``doc[start:end]`` before any punctuation ("south-eastern" -> S, E)."""
    compass = load_cues().compass
    out = set()
    for tok in doc[start:end]:
        if tok.is_punct and tok.text != "-":
            break
        word = tok.lower_
        out |= {v for k, v in compass.items() if word.startswith(k) or word.endswith((k, k + "ern"))}
    return frozenset(out) if len(out) <= 2 and out not in ({"N", "S"}, {"E", "W"}) else frozenset()


@lru_cache(maxsize=1)
def beside_pattern() -> re.Pattern[str]:
    """Words that put a place beside another, not in it: ", northeast of", "10 km east of", "to the
    south of", "located some 90 km north of" (place_cues.yaml situating_words, approximators,
    distance_units, compass)."""
    cues = load_cues()

    def either(words) -> str:
        return "|".join(re.escape(w) for w in sorted(words))

    points = either(cues.compass)
    sides = either(k for k, v in cues.compass.items() if v in ("E", "W"))
    return re.compile(
        rf"^(?:, )?(?:(?:{either(cues.situating_words)}) )?(?:(?:{either(cues.approximators)}) )?"
        rf"(?:[\d.,]+ ?(?:{either(cues.distance_units)}) )?(?:to the )?"
        rf"(?:{points})(?: ?- ?(?:{sides})|{sides})? of$"
    )


@once_per_doc
def dateline_end(doc: Doc) -> int | None:
    """The character offset where a dateline ends, if one opens one of the report's first lines
    ("BEIRUT (AP) -", "KANDAHAR, Afghanistan, Oct. 3 (Xinhua) --"): capitalised words, numbers,
    commas and an agency in brackets, then a mark of ``place_cues.yaml`` dateline_marks with a space
    on each side, within ``[places] dateline_max_chars`` of the start."""
    cues = load_cues()
    limit = int(float(current().places.dateline_max_chars))
    starts = [0]
    for t in doc:
        if t.idx >= limit:
            break
        if "\n" in t.text:
            starts.append(t.i + 1)
    for start in starts:
        while start < len(doc) and doc[start].is_space:
            start += 1
        if start >= len(doc) or doc[start].idx >= limit or not doc[start].text[:1].isupper():
            continue
        depth = 0
        for j in range(start + 1, min(len(doc), start + 16)):
            t = doc[j]
            if "\n" in t.text:
                break
            if t.text in cues.dateline_marks and doc[j - 1].whitespace_ and t.whitespace_:
                return t.idx + len(t.text)
            depth += (t.text == "(") - (t.text == ")")
            if depth == 0 and t.is_alpha and not t.text[:1].isupper():
                break  # a lower-case word outside brackets: prose, not a dateline
    return None


def home_ranges(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Token ranges naming a person's home ("Sgt. Jo Reyes, 24, of Austin, Texas", "John Smith
    from Leeds"): after a home preposition that follows a person's name or age, the capitalised
    names (and the commas between them) up to the first other word."""
    cues = load_cues()
    out = []
    for tok in doc:
        if tok.lower_ not in cues.home_preps or tok.i == 0:
            continue
        j = tok.i - 1
        while j > 0 and doc[j].text == ",":
            j -= 1
        if not (
            doc[j].ent_type_ == "PERSON" or doc[j].like_num and doc[j].ent_type_ in ("DATE", "CARDINAL", "")
        ):
            continue
        if doc[j].like_num and not (j > 0 and doc[j - 1].text == ","):
            continue  # an age stands between commas after the name: "Reyes, 24, of"
        end = tok.i + 1
        while end < len(doc) and (
            doc[end].text[:1].isupper()
            or doc[end].text == ","
            and end + 1 < len(doc)
            and doc[end + 1].text[:1].isupper()
        ):
            end += 1
        if end > tok.i + 1:
            out.append((tok.i + 1, end))
    return tuple(out)
