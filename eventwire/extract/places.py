"""Toponyms: recognise them (NER + gazetteer matcher) and resolve each to a place.

Recognition takes spaCy's GPE/LOC/FAC entities, repairs its confusions (a known place tagged
PERSON or ORG, "Erbil" as ORG) and adds capitalised names the gazetteer knows when the
context says "place" ("in X", "X district", "X, Syria"). Demonyms ("Iraqi") are country
evidence for the article's focus, never places. Resolution scores each gazetteer candidate
by population, feature class, an "X, Y" qualifier, the article's country evidence and the
nearness of other places, in two passes (see :func:`_resolve`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..data import load_yaml
from ..errors import DataFileError
from ..gazetteer import Index, distance_km, fold, load_index, loose, skeleton, skeletons
from ..geo import haversine_km
from ..models import Event, Place
from ..settings import setting
from .actors import convention_countries, group_countries
from .actors_dict import load_actor_tables
from .syntax import doc_text

_MAX_NGRAM = 6
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_CONNECTORS = {
    "al",
    "el",
    "ad",
    "ar",
    "as",
    "at",
    "az",
    "an",
    "ash",
    "ath",
    "adh",
    "-",
    "de",
    "del",
    "la",
    "le",
}
_CONNECTORS |= {"of", "du", "des", "ez", "es", "ed", "bin", "bani", "abu", "umm", "um", "'s"}


@dataclass(frozen=True)
class Cues:
    locative_preps: frozenset[str]
    near_words: frozenset[str]
    place_nouns: frozenset[str]
    generic_suffixes: frozenset[str]
    never_alone: frozenset[str]
    target_verbs: frozenset[str]
    landmark_heads: frozenset[str]
    never_places: frozenset[str]
    institution_heads: frozenset[str]
    name_heads: frozenset[str]
    force_nouns: frozenset[str]
    organisation_words: frozenset[str]
    relative_first: frozenset[str]
    relative_last: frozenset[str]
    place_epithets: frozenset[str]
    topic_words: frozenset[str]
    part_nouns: frozenset[str]
    route_nouns: frozenset[str]
    border_nouns: frozenset[str]
    name_adjectives: frozenset[str]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The cue lists of ``data/place_cues.yaml``."""
    fields = Cues.__dataclass_fields__
    data = load_yaml("place_cues.yaml", sorted(fields))
    for key in fields:
        if not isinstance(data[key], list) or not all(isinstance(w, str) for w in data[key]):
            raise DataFileError(f"place_cues.yaml: {key} must be a list of words")
    return Cues(**{k: frozenset(w.lower() for w in data[k]) for k in fields})


def _cfg(key: str, default: float) -> float:
    return float(setting("places", key, default))


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
    direction: frozenset[str] = (
        frozenset()
    )  # "in southern Idleb": {"S"}, the part of the qualifier it lies in
    beside: bool = False  # qualified_by names a town it lies beside ("south of Jerusalem"), not in


# -- recognition -----------------------------------------------------------------------------


def _lookup(index: Index, text: str) -> tuple[tuple[int, ...], bool]:
    key = fold(text)
    rows = index.keys.get(key)
    if rows:
        return rows, False
    lk = loose(key)
    return index.loose_keys.get(lk, ()), True


def _strip(doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Drop a leading "the" and trailing punctuation from a span."""
    while start < end and (doc[start].lower_ in ("the", "'s") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ == "'s"):
        end -= 1
    return start, end


def _name_rows(index: Index, doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int, tuple, bool]:
    """Rows for the span, or for it without a trailing generic word ("Anbar province")."""
    rows, is_loose = _lookup(index, doc[start:end].text)
    if rows:
        return start, end, rows, is_loose
    if end - start > 1 and doc[end - 1].lower_ in cues.generic_suffixes:
        rows, is_loose = _lookup(index, doc[start : end - 1].text)
        if rows:
            return start, end - 1, rows, is_loose
    if end - start > 1 and doc[start].lower_ in cues.generic_suffixes | {"northern", "southern", "eastern"}:
        rows, is_loose = _lookup(index, doc[start + 1 : end].text)
        if rows:
            return start + 1, end, rows, is_loose
    return start, end, (), False


def _locative_context(doc: Doc, start: int, end: int, cues: Cues) -> bool:
    """ "in X", "near X", "X district", "village of X", "X, Syria"."""
    while start > 1 and (doc[start - 1].lower_ in cues.near_words or doc[start - 1].lower_ == "the"):
        if doc[start - 1].lower_ in cues.locative_preps:
            break
        start -= 1  # "in western Aleppo", "in the Dar'a countryside"
    prev = doc[start - 1].lower_ if start > 0 else ""
    nxt = doc[end].lower_ if end < len(doc) else ""
    if prev in cues.locative_preps and prev != "of":
        return True
    if (
        prev == "of"
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
    if prev in ("and", ",") and start > 2:  # a list of places: "in Hama and Homs"
        return any(t.lower_ in cues.locative_preps for t in doc[max(0, start - 6) : start - 1])
    return False


@lru_cache(maxsize=1)
def _patron_words() -> frozenset[str]:
    """actors.yaml patron_words, and "led": "Saudi-led", "US-backed", "backed by Iran" name who
    leads or backs a side, not where it fights."""
    return load_actor_tables().patron_words | {"led"}


def _demonym(index: Index, token: Token) -> str | None:
    """ISO2 of a demonym token ("Iraqi"); None for "Saudi-led"/"US-backed" (the actor's side)."""
    if not token.text[:1].isupper():
        return None
    nxt = token.nbor(1) if token.i + 2 < len(token.doc) else None
    if nxt is not None and nxt.text == "-" and token.nbor(2).lower_ in _patron_words():
        return None
    return index.demonyms.get(fold(token.text))


def _actor_evidence(doc: Doc, index: Index) -> Counter:
    """Country evidence from who is named: demonyms ("Iraqi") and local groups ("Houthis")."""
    cached = doc.user_data.get("_ew_actor_evidence")
    if cached is not None:
        return cached
    evidence: Counter = Counter()
    cues = load_cues()
    deployments = load_actor_tables().deployments
    for tok in doc:
        iso2 = _demonym(index, tok) if tok.text[:1].isupper() else None  # demonyms are capitalised
        if iso2:
            forces = _names_forces(doc, tok.i, cues)
            evidence[iso2] += _cfg("attacker_demonym_weight" if forces else "demonym_weight", 0.3)
            where = deployments.get(iso2) if forces else None
            if where:  # "Turkish warplanes struck ...": most likely in Syria (actors.yaml deployments)
                evidence[where] += _cfg("deployment_weight", 0.15)
    for iso2 in group_countries(doc_text(doc)):
        evidence[iso2] += _cfg("group_weight", 0.5)
    for iso2 in convention_countries(doc_text(doc)):
        evidence[iso2] += _cfg("convention_weight", 0.15)
    doc.user_data["_ew_actor_evidence"] = evidence
    return evidence


def _names_forces(doc: Doc, i: int, cues: Cues) -> bool:
    """The demonym at ``i`` names armed forces: "Turkish warplanes", "Russian and regime jets",
    "Saudi-led coalition planes", "Syrian or Russian warplanes"."""
    for tok in doc[i + 1 : i + 5]:
        if tok.lower_ in cues.force_nouns:
            return True
        if not (tok.is_punct or tok.pos_ in ("ADJ", "CCONJ", "ADV") or tok.lower_ in ("regime", "led", "-")):
            return False
    return False


def _ner_mentions(doc: Doc, index: Index, cues: Cues) -> list[Mention]:
    out = []
    for ent in doc.ents:
        start, end = _strip(doc, ent.start, ent.end, cues)
        if start >= end:
            continue
        end = _extend(doc, index, start, end)
        if (
            end + 1 < len(doc)
            and doc[end].text in ("'", "’")
            and not doc[end - 1].whitespace_
            and doc[end + 1].lower_ in cues.place_nouns
        ):
            end += 1  # "Izra' town": the final ayn is part of the name
        text = doc[start:end].text
        if end - start == 1 and _demonym(index, doc[start]) and ent.label_ != "GPE":
            continue
        if fold(text) in cues.never_places or (end - start == 1 and doc[start].lower_ in cues.never_alone):
            continue
        if end - start == 1 and doc[start].is_upper and len(text) <= 4 and not _country_alias(index, text):
            continue  # "AAS", "HTS": acronyms of groups, not the Norwegian town Ås
        if ent.label_ in _PLACE_LABELS:
            if fold(text) in index.demonyms:
                continue
            s, e, rows, is_loose = _name_rows(index, doc, start, end, cues)
            if rows:
                out.append(Mention(s, e, rows, "ner", is_loose))
            else:
                parts = _split_unresolved(doc, index, cues, start, end)
                if parts:
                    out.extend(parts)
                elif (
                    doc[end - 1].lower_ in cues.landmark_heads
                    or (end - start > 1 and doc[start].lower_ in cues.name_heads)
                    or (ent.label_ == "GPE" and _locative_context(doc, start, end, cues))
                ):
                    out.append(Mention(start, end, (), "landmark"))
            continue
        if ent.label_ not in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"):
            continue
        s, e, rows, is_loose = _name_rows(index, doc, start, end, cues)
        if (
            not rows
            and ent.label_ == "ORG"
            and not _organisation_like(doc, start, end, cues)
            and (_locative_context(doc, start, end, cues) or _after_place_noun(doc, start, cues))
        ):
            parts = _split_places(doc, index, cues, start, end)
            if parts:  # "in Mankhar, Hadramawt" tagged ORG: two places
                out.extend(parts)
                continue
        named_place = (
            e < len(doc) and doc[e].lower_ in cues.place_nouns and doc[e].lower_ not in ("oil", "front")
        )
        if rows and (
            named_place
            or _after_place_noun(doc, start, cues)
            or (_locative_context(doc, start, end, cues) and ent.label_ != "PERSON")
            or (ent.label_ == "PERSON" and _strictly_locative(doc, index, start, rows, is_loose))
        ):
            out.append(Mention(s, e, rows, "fix", is_loose))  # "Dar'a city" tagged ORG
            continue
        qualified = (
            ent.label_ == "ORG"
            and _followed_by_place(doc, index, end)
            and _locative_context(doc, start, end, cues)
            and not _organisation_like(doc, start, end, cues)
        )
        if (
            not rows
            and (named_place or qualified)
            and (ent.label_ != "PERSON" or doc[start].lower_ in cues.name_heads)
        ):
            out.append(Mention(start, end, (), "landmark"))  # "Oumawiyeen neighborhood", "in X, Hadramawt"
            continue
        if not rows or (is_loose and index.population[rows[0]] < _cfg("bare_city_min_population", 100000)):
            continue
        feats = {index.feature_of(r) for r in rows}
        top = rows[0]
        strong = bool(feats & {"site", "region", "country", "admin1"}) or index.population[top] >= _cfg(
            "org_city_min_population", 100000
        )
        label = start == doc[start].sent.start and end < len(doc) and doc[end].text == ":"
        if label and strong and e - s == end - start:
            out.append(Mention(s, e, rows, "fix"))  # "Jizan: Saudi troops were killed ...", a dateline
            continue
        if ent.label_ == "PERSON":
            division = index.feature_of(top) in ("country", "admin1") and e - s == end - start
            ok = ("site" in feats or "region" in feats) or (
                strong and _locative_context(doc, start, end, cues) and index.population[top] > 0
            )
            ok = ok or (division and end - start > 1)  # "Tamil Nadu said" tagged PERSON
        else:
            ok = (
                strong
                and (e - s == end - start)
                and (_locative_context(doc, start, end, cues) or "site" in feats)
            )
            big = index.feature_of(top) == "country" or index.population[top] >= _cfg(
                "org_city_min_population", 100000
            )
            ok = ok or (ent.label_ == "ORG" and e - s == end - start and big)
        if ok:
            out.append(Mention(s, e, rows, "fix"))
    return out


def _list_mentions(doc: Doc, index: Index, cues: Cues, mentions: list[Mention]) -> list[Mention]:
    """A name listed after a place ("Isfahan, Ardebil and Mashhad") is a place too, whatever NER
    tagged it, when the gazetteer knows it, in the same country, as a division or a town of
    org_city_min_population."""
    ends = {m.end: {index.cc[r] for r in m.rows[:3]} for m in mentions if m.rows}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or any(i in taken for i in range(ent.start, ent.end)):
            continue
        k = ent.start
        if k and doc[k - 1].lower_ in ("and", "or"):
            k -= 1
        if k and doc[k - 1].text == ",":
            k -= 1
        if k == ent.start or k not in ends:
            continue
        s, e, rows, is_loose = _name_rows(index, doc, ent.start, ent.end, cues)
        top = rows[0] if rows else None
        if top is None or is_loose or e - s != ent.end - ent.start or index.cc[top] not in ends[k]:
            continue  # a list of one country's places ("Harvey, Irma and Maria" are storms)
        if index.feature_of(top) in ("country", "admin1") or index.population[top] >= _cfg(
            "org_city_min_population", 100000
        ):
            out.append(Mention(s, e, rows, "fix"))
    return out


def _extend(doc: Doc, index: Index, start: int, end: int) -> int:
    """The end of the longest known name that starts like the NER span and runs on past it
    ("Jisr" tagged, "Jisr ash-Shughur" meant)."""
    heads = load_cues().landmark_heads
    for j in range(min(len(doc), start + _MAX_NGRAM), end, -1):
        last = doc[j - 1]
        if last.ent_type_ and last.ent_type_ not in _PLACE_LABELS + ("PERSON", "ORG"):
            continue
        # a capitalised name runs on; a lowercase landmark word closes only a name the gazetteer
        # lacks alone ("the Dhameer airbase", not "Heathrow airport")
        if not (
            last.text[:1].isupper()
            or (last.is_alpha and doc[j - 2].text == "-")
            or (last.lower_ in heads and not _lookup(index, doc[start:end].text)[0])
        ):
            continue
        if any(t.is_punct and t.text != "-" or t.is_space for t in doc[end:j]):
            continue
        if _lookup(index, doc[start:j].text)[0]:
            return j
    return end


_STRICT_PREPS = frozenset({"in", "near", "outside", "inside", "around", "outskirts", "vicinity"})


def _strictly_locative(doc: Doc, index: Index, start: int, rows: tuple, is_loose: bool) -> bool:
    """ "near Makhmur", "in Tuz Khurmatu": a known town the NER took for a person, after a word that
    puts what follows on a map (people are met "with", heard "from", not found "near")."""
    if start == 0 or doc[start - 1].lower_ not in _STRICT_PREPS:
        return False
    if start + 1 < len(doc) and doc[start + 1].tag_ == "POS":
        return False  # "in Ahmed's house"
    return not is_loose or index.population[rows[0]] >= _cfg("modifier_town_min_population", 20000)


def _after_place_noun(doc: Doc, start: int, cues: Cues) -> bool:
    """ "the village of X", "the vicinity of X": a name the NER took for a person is a place."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return False
    word = doc[start - 2].lower_
    return word in cues.place_nouns or (word in cues.near_words and doc[start - 2].pos_ == "NOUN")


def _country_alias(index: Index, text: str) -> bool:
    return any(index.feature_of(r) in ("country", "admin1", "region") for r in index.keys.get(fold(text), ()))


def _split_unresolved(doc: Doc, index: Index, cues: Cues, start: int, end: int) -> list[Mention]:
    """Known names inside an NER span the gazetteer does not know whole ("Greece Italy"); none in
    a compound name ("Deir Siwan" is not Siwan)."""
    if doc[start].lower_ in cues.name_heads:
        return []
    out, i = [], start
    while i < end and end - start > 1:
        for j in range(end, i, -1):
            rows, is_loose = _lookup(index, doc[i:j].text)
            if i > start and _name_adjective(doc[i:j].text, cues):
                rows = ()  # "Samdaniyah al-Gharbiyah" is Western Samdaniyah, not Egypt's Gharbia
            if rows and not is_loose and (j - i > 1 or doc[i].lower_ not in cues.never_alone):
                if index.feature_of(rows[0]) in ("country", "admin1") or index.population[rows[0]] >= 100000:
                    out.append(Mention(i, j, rows, "ner"))
                i = j
                break
        else:
            i += 1
    return out


def _name_adjective(text: str, cues: Cues) -> bool:
    """An Arabic adjective that ends a place name ("al-Gharbiyah", "al-Kubra", "al-Jadida")."""
    words = fold(text).replace("-", " ").split()
    if words and words[0] in ("al", "el", "ad", "ar", "as", "ash", "az", "at"):
        words = words[1:]
    return len(words) == 1 and words[0] in cues.name_adjectives


_SEPARATORS = frozenset({",", "in", "of", "and", "("})


def _split_places(doc: Doc, index: Index, cues: Cues, start: int, end: int) -> list[Mention]:
    """Places named one after another in a span the NER took for one organisation or person:
    "Mankhar, Hadramawt", "Foah in Idleb", "Ataq of Shabwah". Each part is a capitalised name; the
    one at least must be a known town, division or country; the others may be unknown (placed in it)."""
    bounds, i = [], start
    route = end < len(doc) and doc[end].lower_ in cues.route_nouns  # "the Kirkuk-Erbil road"
    for k in range(start, end + 1):
        # a dash between names: spaced, or before a route ("Kirkuk-Erbil road"); not "Diaz-Balart"
        dash = k < end and doc[k].text in ("-", "–") and (bool(doc[k].whitespace_) or route)
        if k == end or doc[k].lower_ in _SEPARATORS or dash:
            if k > i:
                bounds.append((i, k))
            i = k + 1
    if len(bounds) < 2 or any(not doc[a].text[:1].isupper() for a, _ in bounds):
        return []
    out = []
    for a, b in bounds:
        if doc[a:b].text.isupper() and len(doc[a:b].text) <= 4:
            return []  # "IBA, Karachi": an acronym, not a place
        a, b, rows, is_loose = _name_rows(index, doc, a, b, cues)
        ok = rows and not (
            is_loose and index.population[rows[0]] < _cfg("modifier_town_min_population", 20000)
        )
        out.append(Mention(a, b, rows if ok else (), "fix" if ok else "landmark", is_loose))
    if not any(m.rows and index.feature_of(m.rows[0]) in ("country", "admin1", "city") for m in out):
        return []
    return out


def _organisation_like(doc: Doc, start: int, end: int, cues: Cues) -> bool:
    """A word of an organisation's name in ``doc[start:end]`` ("Institute", "Bank", "University")."""
    words = cues.organisation_words | cues.institution_heads | cues.never_alone
    return any(t.lower_ in words for t in doc[start:end])


def _is_clitic(text: str) -> bool:
    """ "'a" in "Sana'a", split off by the tokenizer."""
    return text[:1] in "'’" and len(text) > 1 and text[1:].lower() != "s"


def _gazetteer_mentions(doc: Doc, index: Index, cues: Cues, taken: set[int]) -> list[Mention]:
    """Capitalised names outside any entity that the gazetteer knows, in a place context."""
    out = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        wordlike = tok.text.replace("'", "").replace("’", "").replace("-", "").isalpha()
        if i in taken or not (wordlike and tok.text[:1].isupper()) or tok.ent_type_ in ("PERSON", "ORG"):
            i += 1
            continue
        found = None
        for j in range(min(n, i + _MAX_NGRAM), i, -1):
            last = doc[j - 1].text
            if any(k in taken for k in range(i, j)) or not (
                last[:1].isupper() or _is_clitic(last) and j - i > 1
            ):
                continue
            if doc[j - 1].lower_ in _CONNECTORS:
                continue
            rows, is_loose = _lookup(index, doc[i:j].text)
            if rows:
                found = (j, rows, is_loose)
                break
        if found is None:
            i += 1
            continue
        j, rows, is_loose = found
        if _name_tail(doc, i) or _part_of_compound(doc, cues, i, j):
            i = j
            continue
        if _accept_gazetteer(doc, index, cues, i, j, rows, is_loose):
            out.append(Mention(i, j, rows, "gazetteer", is_loose))
        i = j
    return out


def _modifier_mentions(doc: Doc, index: Index, cues: Cues, taken: set[int]) -> list[Mention]:
    """Towns naming what is theirs, inside an entity or not: "Boroujerd's municipality",
    "workers of Ahvaz Steel Company", "Doroud Railways"."""
    out, i, n = [], 0, len(doc)
    while i < n:
        j = _known_run(doc, index, cues, i, taken)
        if j is None:
            i += 1
            continue
        rows, is_loose = _lookup(index, doc[i:j].text)
        its_own = _names_its_own(doc, cues, j) or _its_people_of(doc, cues, i)
        if (its_own and _big_enough(index, rows[0], is_loose)) or _big_possessor(
            doc, index, i, j, rows, is_loose
        ):
            out.append(Mention(i, j, rows, "modifier", is_loose))
        i = j
    return out


def _known_run(doc: Doc, index: Index, cues: Cues, i: int, taken: set[int]) -> int | None:
    """End of the longest capitalised name from token ``i`` that the gazetteer knows."""
    tok = doc[i]
    if i in taken or not tok.is_alpha or not tok.text[:1].isupper() or tok.lower_ in cues.never_alone:
        return None
    inside = i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha
    if (inside and not _direction(doc, i - 1, i)) or _demonym(index, tok):
        return None  # inside a longer name ("New Ahvaz", but "East Isfahan" is Isfahan's east), or "Iraqi"
    for j in range(min(len(doc), i + 3), i, -1):
        if any(k in taken or not doc[k].text[:1].isupper() for k in range(i, j)):
            continue
        if _lookup(index, doc[i:j].text)[0]:
            return j
    return None


def _names_its_own(doc: Doc, cues: Cues, j: int) -> bool:
    """An institution head within the next three words ("X Tile company", "X's municipality")."""
    if j < len(doc) and doc[j].tag_ == "POS":
        j += 1
    for k in range(j, min(len(doc), j + 3)):
        if doc[k].lower_ in cues.institution_heads:
            return True
        if not doc[k].is_alpha:
            return False
    return False


def _its_people_of(doc: Doc, cues: Cues, i: int) -> bool:
    """ "workers of Ahvaz", "farmers of East Isfahan": people named by their town."""
    k = i - 1 if i > 0 and _direction(doc, i - 1, i) else i
    return k > 1 and doc[k - 1].lower_ == "of" and doc[k - 2].lower_ in cues.institution_heads


def _big_possessor(doc: Doc, index: Index, i: int, j: int, rows: tuple, is_loose: bool) -> bool:
    """ "Semnan's governor": a possessive of a large town (or a division) not taken for a person."""
    if j >= len(doc) or doc[j].tag_ != "POS" or is_loose or doc[i].ent_type_ == "PERSON":
        return False
    big = _cfg("bare_city_min_population", 100000)
    return index.feature_of(rows[0]) in ("country", "admin1") or index.population[rows[0]] >= big


def _big_enough(index: Index, row: int, is_loose: bool) -> bool:
    """A town big enough (or a division or country) to be meant without a place cue."""
    if index.feature_of(row) in ("country", "admin1"):
        return not is_loose
    floor = _cfg("modifier_town_min_population", 20000) * (5 if is_loose else 1)
    return index.feature_of(row) == "city" and index.population[row] >= floor


def _part_of_compound(doc: Doc, cues: Cues, i: int, j: int) -> bool:
    """``doc[i:j]`` is only a part of a compound name: its generic head ("Bir" in "Bir Ali", "Wadi
    al" in "Wadi al-Dayf") or what follows a capitalised head ("Siwan" in "Deir Siwan")."""
    if i > 0 and doc[i - 1].lower_ in cues.name_heads and doc[i - 1].text[:1].isupper():
        return True
    if not all(t.lower_ in cues.name_heads or t.lower_ in _CONNECTORS for t in doc[i:j]):
        return False
    nxt = doc[j] if j < len(doc) else None
    return nxt is not None and (nxt.text[:1].isupper() or nxt.text == "-" or nxt.lower_ in _CONNECTORS)


def _name_tail(doc: Doc, i: int) -> bool:
    """Token ``i`` ends a longer name after a hyphenated article: "Balad" in "Dar'a al-Balad"."""
    k = i - 2
    if k < 1 or doc[i - 1].text != "-" or doc[k].lower_ not in _CONNECTORS or not doc[k].is_alpha:
        return False
    prev = doc[k - 1]
    return prev.text[:1].isupper() or _is_clitic(prev.text)


def _accept_gazetteer(
    doc: Doc, index: Index, cues: Cues, i: int, j: int, rows: tuple, is_loose: bool
) -> bool:
    span = doc[i:j]
    if j - i == 1:
        tok = doc[i]
        if (
            tok.lower_ in cues.never_alone
            or tok.is_stop
            or tok.pos_ not in ("PROPN", "NOUN", "ADJ", "X", "INTJ")
        ):
            return False
        if _demonym(index, tok) or len(tok.text) < 3 or tok.is_upper and len(tok.text) <= 3 and rows:
            # "US"/"UK" are fine when NER tags them; alone, short capitals are acronyms
            return index.feature_of(rows[0]) == "country" and not is_loose
    if span.text.lower() in _lower_words(doc):
        return False  # the same word appears uncapitalised: a common word
    feats = {index.feature_of(r) for r in rows}
    if not is_loose and feats & {"country", "continent", "region", "site"}:
        return True
    top = rows[0]
    if (
        not is_loose
        and doc[i].pos_ == "PROPN"
        and (
            index.feature_of(top) == "admin1"
            or index.population[top] >= _cfg("bare_city_min_population", 100000)
        )
    ):
        return True  # "Aleppo", "Texas" without a preposition
    context = _locative_context(doc, i, j, cues) or _followed_by_place(doc, index, j)
    if not context:
        return False
    return not (is_loose and j - i == 1 and len(span.text) < 5)


def _followed_by_place(doc: Doc, index: Index, j: int) -> bool:
    """ "X, Hajjah" / "X, Syria": a comma then a known division or country."""
    if j + 1 >= len(doc) or doc[j].text != ",":
        return False
    for k in range(min(len(doc), j + 4), j + 1, -1):
        rows = index.keys.get(fold(doc[j + 1 : k].text), ())
        if any(index.feature_of(r) in ("admin1", "country") for r in rows):
            return True
    return False


def _lower_words(doc: Doc) -> set[str]:
    words = doc.user_data.get("_ew_lower_words")
    if words is None:
        words = {t.text for t in doc if t.is_lower and t.is_alpha}
        doc.user_data["_ew_lower_words"] = words
    return words


def _qualifier_filler(doc: Doc, k: int, cues: Cues) -> bool:
    """A word between a place and the division it lies in: "the", "northern", "countryside of"."""
    word = doc[k].lower_
    if word in cues.near_words or word == "the" or word in cues.place_epithets:
        return True
    return word == "of" and doc[k - 1].lower_ in cues.near_words


_COMPASS = {"north": "N", "south": "S", "east": "E", "west": "W"}
_BESIDE = re.compile(
    r"^(?:, )?(?:(?:about|some|around|nearly|approximately|just) )?"
    r"(?:[\d.,]+ ?(?:km|kms|kilometres|kilometers|kilometre|kilometer|miles|mile|mi) )?(?:to the )?"
    r"(?:north|south|east|west)(?: ?- ?(?:east|west)|east|west)? of$"
)


def _beside(doc: Doc, end: int, start: int) -> bool:
    """The words between two places put the first beside the second, not in it: "Hizma,
    northeast of Jerusalem", "Beit Jala to the south of Jerusalem", "10 km east of Mosul"."""
    if not 0 < start - end <= 9:
        return False
    words = [t.lower_ for t in doc[end:start]]
    epithets = load_cues().place_epithets
    while words and (words[-1] == "the" or words[-1] in epithets):  # "east of (the) occupied X"
        words.pop()
    return bool(_BESIDE.match(" ".join(words)))


def _direction(doc: Doc, start: int, end: int) -> frozenset[str]:
    """Compass points named in ``doc[start:end]`` before any punctuation ("south-eastern" -> S, E)."""
    out = set()
    for tok in doc[start:end]:
        if tok.is_punct and tok.text != "-":
            break
        word = tok.lower_
        out |= {v for k, v in _COMPASS.items() if word.startswith(k) or word.endswith((k, k + "ern"))}
    return frozenset(out) if len(out) <= 2 and out not in ({"N", "S"}, {"E", "W"}) else frozenset()


def _in_list(doc: Doc, m: Mention, mentions_by_start: dict[int, Mention]) -> bool:
    """Whether another place follows ``m`` after a comma or "and"/"or" ("..., Ardebil and Mashhad")."""
    k = m.end
    if k < len(doc) and doc[k].text == ",":
        k += 1
    if k < len(doc) and doc[k].lower_ in ("and", "or"):
        k += 1
    return k > m.end and k < len(doc) and (k in mentions_by_start or doc[k].pos_ == "PROPN")


def _qualifiers(doc: Doc, index: Index, m: Mention, mentions_by_start: dict[int, Mention]) -> None:
    """Record the division/country named right after ("X, Y" or "X in Y province")."""
    cues = load_cues()
    j = m.end
    while j < len(doc) and j < m.end + 2 and doc[j].lower_ in cues.place_nouns:
        j += 1  # "Arbin city in ...", "Kitaf district of ..."
    if j < len(doc) and doc[j].text == ")":
        j += 1  # "Arab Jabur (Rashid district), southern Baghdad": Rashid lies in Baghdad too
    elif j < len(doc) and doc[j].text == "(":  # "Ghazaliya area (Mansour district) of Baghdad"
        j = next((k + 1 for k in range(j + 1, min(len(doc), j + 7)) if doc[k].text == ")"), j)
    if not (j + 1 < len(doc) and (doc[j].text == "," or doc[j].lower_ in ("in", "of"))):
        return
    k = j + 1
    nxt = mentions_by_start.get(k)
    while nxt is None and k < len(doc) and k < j + 6 and _qualifier_filler(doc, k, cues):
        k += 1  # "in northern Idleb", "in the Dar'a countryside", "in the countryside of Hama"
        nxt = mentions_by_start.get(k)
    if nxt is None:
        return
    if _beside(doc, j, nxt.start):
        m.qualified_by, m.beside = nxt, True  # "Beit Jala, south of Jerusalem": near, not in its division
        return
    if doc[j].text == "," and _in_list(doc, nxt, mentions_by_start):
        return  # "Isfahan, Ardebil and Mashhad": a list of towns, not a town and its division
    m.direction = _direction(doc, j + 1, nxt.start) | _direction(doc, nxt.end, min(len(doc), nxt.end + 3))
    if not nxt.rows and nxt.qualified_by is not None:  # "X in Y in Lahij", Y unknown: X is in Lahij too
        m.qualified_by, m.qualifier = nxt.qualified_by, set(nxt.qualifier)
        m.direction = m.direction or nxt.direction
        return
    m.qualified_by = nxt
    for n, r in enumerate(nxt.rows[:10]):
        feat = index.feature_of(r)
        if feat == "country":
            m.qualifier.add(index.cc[r])
        elif feat == "admin1" or (feat == "city" and n < 3):  # "X in Damascus": X is in its division
            m.qualifier.add(f"{index.cc[r]}:{index.admin1code[r]}")
        elif feat == "region" and index.cc[r]:  # "the Marj area of Eastern Ghouta": in its country
            m.qualifier.add(index.cc[r])


# -- resolution ------------------------------------------------------------------------------


def _prior(index: Index, doc: Doc, m: Mention, row: int, cues: Cues) -> float:
    feat = index.feature_of(row)
    pop = index.population[row]
    if pop == 0 and feat == "city":  # GeoNames' 0 is "not known", not "empty"
        pop = int(_cfg("unknown_town_population", 0))
    score = math.log10(pop + 10)
    exact = fold(index.name[row]) == fold(doc[m.start : m.end].text)
    if feat == "city" and index.population[row] >= 1_000_000 and exact:
        score += 1.0  # a world city beats its namesakes unless the context says otherwise (not
        # by one of its aliases: "Bethlehem" is Belem only in Portuguese)
    # a division's population is the sum of its towns': damp it against a town of the same name
    score += {"country": 2.5, "continent": 6.0, "admin1": -0.5, "site": 9.0, "region": 9.0}.get(feat, 0.0)
    if exact:
        score += 1.0
        if row in _capitals(index):
            score += 1.5  # "Washington", "Amman": the capital over its namesakes
    if m.loose:
        score -= 1.0
    if m.qualifier and (
        index.cc[row] in m.qualifier or f"{index.cc[row]}:{index.admin1code[row]}" in m.qualifier
    ):
        score += 10.0
    if feat == "admin1":
        nxt = doc[m.end].lower_ if m.end < len(doc) else ""
        if nxt in ("province", "governorate", "state", "region", "oblast", "county"):
            score += 4.0
        elif any(
            index.feature_of(r) == "city"
            and index.cc[r] == index.cc[row]
            and index.admin1code[r] == index.admin1code[row]
            and index.population[r] >= 20000
            for r in m.rows[:6]
        ):
            score -= 4.0  # "Baghdad" is the city unless "province" follows
    return score


@lru_cache(maxsize=1)
def _capitals(index: Index) -> frozenset[int]:
    return frozenset(c["capital_row"] for c in index.countries.values() if c.get("capital_row") is not None)


def _resolve(doc: Doc, index: Index, mentions: list[Mention], cues: Cues, extra: Counter) -> Counter:
    """Two passes: priors alone, then with the article's countries and nearby places."""
    scored: list[list[tuple[float, int]]] = []
    for m in mentions:
        cands = [(_prior(index, doc, m, r, cues), r) for r in m.rows[: int(_cfg("max_candidates", 40))]]
        cands += [(_prior(index, doc, m, r, cues) - 1.0, r) for r in _loose_only(index, doc, m)]
        cands.sort(reverse=True)
        scored.append(cands)
    countries: Counter = Counter(extra)
    anchor_names: dict[int, set[str]] = {}  # anchor town -> the names that made it one
    division_names: dict[tuple[str, str], set[str]] = {}
    by_name: dict[str, Counter] = {}  # each name's own share of the evidence
    firsts: list[tuple[Mention, int]] = []
    first_by_name: dict[str, Counter] = {}
    min_margin = _cfg("anchor_margin", 1.0)
    for m, cands in zip(mentions, scored):
        if not cands:
            continue
        best = cands[0][1]
        margin = cands[0][0] - cands[1][0] if len(cands) > 1 else 5.0
        if margin >= min_margin and index.cc[best] and _fits_qualifier(index, m, best):
            firsts.append((m, best))
            first_by_name.setdefault(_name_key(doc, m), Counter())[index.cc[best]] += 1.0
    first_countries = Counter(extra) + sum(first_by_name.values(), Counter())
    for m, best in firsts:
        key = _name_key(doc, m)
        if not _implausible(index, m, best, first_countries - first_by_name[key], key):
            # a foreign namesake the rest of the article speaks against is no anchor
            countries[index.cc[best]] += 1.0
            by_name.setdefault(key, Counter())[index.cc[best]] += 1.0
            if index.feature_of(best) in ("city", "site"):
                anchor_names.setdefault(best, set()).add(key)
            if index.feature_of(best) in ("city", "site", "admin1"):
                division_names.setdefault((index.cc[best], index.admin1code[best]), set()).add(key)
    shares = {"": _shares(index, countries)}
    w_country = _cfg("country_weight", 3.0)
    w_near = _cfg("proximity_weight", 1.5)
    w_division = _cfg("division_weight", 1.5)
    w_admin1 = _cfg("admin1_country_factor", 1.0)
    near_km = _cfg("near_anchor_km", 50.0)
    for m, cands in zip(mentions, scored):
        if not cands:
            continue
        rescored = []
        rival_divisions = _rival_divisions(index, cands)
        # a name is no evidence for its own reading: "Hays" (Kansas) does not confirm itself
        key = _name_key(doc, m)
        own = by_name.get(key)
        if (key if own else "") not in shares:
            shares[key] = _shares(index, countries - own)
        share = shares[key if own else ""]
        anchors = [a for a, names in anchor_names.items() if names - {key}]
        divisions = {d for d, names in division_names.items() if names - {key}}
        town_divisions = {(index.cc[a], index.admin1code[a]) for a in anchors}
        for n, (s, r) in enumerate(cands):
            rival = index.feature_of(r) == "admin1" and r in rival_divisions
            s += w_country * share.get(index.cc[r], 0.0) * (w_admin1 if rival else 1.0)
            if n < 10 and _near_anchor(index, r, anchors, 250):
                s += w_near
            if index.feature_of(r) != "admin1" and (index.cc[r], index.admin1code[r]) in divisions:
                s += w_division
            elif index.feature_of(r) == "admin1" and (index.cc[r], index.admin1code[r]) in town_divisions:
                s += 2 * w_division  # "Atlanta ... Georgia": the state of a town named nearby
            rescored.append((s, r))
        rescored.sort(reverse=True)
        r = rescored[0][1]
        # "Hizma ... Jerusalem": a town beside another the article names is no foreign namesake
        near_anchor = _near_anchor(index, r, anchors, near_km)
        if not near_anchor and _implausible(index, m, r, countries - by_name.get(key, Counter()), key):
            continue  # left unresolved: placed like a landmark, at the town or division around it
        m.best = r
        m.margin = rescored[0][0] - rescored[1][0] if len(rescored) > 1 else 5.0
    return countries


def _near_anchor(index: Index, r: int, anchors: list[int], km: float) -> bool:
    """Whether town or site ``r`` lies within ``km`` of another anchor town of the article."""
    return index.feature_of(r) in ("city", "site") and any(
        a != r and haversine_km(index.lat[a], index.lon[a], index.lat[r], index.lon[r]) < km for a in anchors
    )


def _loose_only(index: Index, doc: Doc, m: Mention) -> list[int]:
    """Rows a looser transliteration of their own name adds to a name the gazetteer also knows
    exactly: "Bayda" is a Libyan city by that spelling and Yemen's Al Bayda by the loose key."""
    if m.loose or not m.rows:
        return []
    key = loose(_name_key(doc, m))
    extra = index.loose_keys.get(key, ())
    if not extra:
        return []
    known = set(m.rows)  # by their own name only, not by one of their many aliases
    return [r for r in extra[:10] if r not in known and loose(fold(index.name[r])) == key]


def _shares(index: Index, countries: Counter) -> dict[str, float]:
    """Each evidence country's share, saturating (two mentions count nearly as much as twenty);
    its neighbours get half of it."""
    share = {cc: v / (v + 1.0) for cc, v in countries.items() if v > 0}
    for cc, v in list(share.items()):
        for nb in index.countries.get(cc, {}).get("neighbours", []):
            share[nb] = max(share.get(nb, 0.0), v / 2)
    return share


def _rival_divisions(index: Index, cands: list[tuple[float, int]]) -> set[int]:
    """Candidate divisions with a namesake division in another country ("Al Jawf": Saudi
    Arabia's and Yemen's): between those the article's country decides, not population."""
    divisions = [r for _, r in cands if index.feature_of(r) == "admin1"]
    return set(divisions) if len({index.cc[r] for r in divisions}) > 1 else set()


def _name_key(doc: Doc, m: Mention) -> str:
    return fold(doc[m.start : m.end].text)


def _fits_qualifier(index: Index, m: Mention, r: int) -> bool:
    """No "X, Y" qualifier, or row ``r`` lies in the country or division it names."""
    return (
        not m.qualifier or index.cc[r] in m.qualifier or f"{index.cc[r]}:{index.admin1code[r]}" in m.qualifier
    )


def _implausible(index: Index, m: Mention, r: int, countries: Counter, key: str) -> bool:
    """A small foreign namesake (town or site): the name is most likely a local place the gazetteer lacks.

    ``countries``: the article's country evidence from everything but this name, ``key`` its folded text."""
    if not _fits_qualifier(index, m, r):  # "Aqaba region of Jawf": no Jordanian division in Yemen
        same_country = any(q.split(":")[0] == index.cc[r] for q in m.qualifier)
        return index.feature_of(r) in ("city", "site") or (
            index.feature_of(r) == "admin1" and not same_country
        )
    own = countries.get(index.cc[r], 0.0)
    others = sum(countries.values()) - own
    if _relative_name(key) and own <= 0 < others:
        return True  # "the West Coast" of the article's own country, not New Zealand's division
    if index.feature_of(r) not in ("city", "site") or r in _capitals(index):
        return False  # a camp or base abroad is judged as a small town: "Hawl" in a Yemeni report
    if own > _cfg("foreign_town_own_evidence", 0.0):
        return False
    pop = index.population[r]
    big = _cfg("foreign_big_city_population", 1_000_000)
    if others >= _cfg("foreign_alias_evidence", 0.5) and not _own_name(index, key, r):
        return True  # "Sawh", an alternate name of Arak, in a note about the Saudi-led coalition
    if pop < _cfg("foreign_town_min_population", 20000) or (m.loose and pop < big):
        # a loose spelling is weak identity: judged as a small town ("al-Zaafaranah" is no Zaafarana,
        # Egypt, in a report on the Syrian regime)
        return others >= _cfg("foreign_town_evidence", 1.0)
    if pop < _cfg("foreign_city_min_population", 100000):  # a larger town needs more against it
        return others >= _cfg("foreign_mid_town_evidence", 2.0)
    if pop < big:
        return others >= _cfg("foreign_big_town_evidence", math.inf)
    return False


def _relative_name(key: str) -> bool:
    """A name that is a direction in whatever country is meant: "West Coast", "North East",
    "Southern Region" (not "South Africa" or "West Bank", which name one place)."""
    cues = load_cues()
    words = key.replace("-", " ").split()
    return len(words) == 2 and words[0] in cues.relative_first and words[1] in cues.relative_last


def _own_name(index: Index, key: str, r: int) -> bool:
    """Whether the folded name ``key`` is row ``r``'s own name (in any spelling), not one of its
    alternate names."""
    name = fold(index.name[r])
    names = {name, name.removesuffix(" city")}  # "New York" is New York City's own name
    return key in names or loose(key) in {loose(n) for n in names}


UNRESOLVED_CONFIDENCE = 0.3  # a name the gazetteer lacks, placed at the town or division around it


def unresolved(p: Place) -> bool:
    """Whether ``p`` is a name the gazetteer lacks, placed at a town or division named around it."""
    return p.geonameid is None and p.population is None and p.confidence == UNRESOLVED_CONFIDENCE


def _place(doc: Doc, index: Index, m: Mention, town: int | None = None) -> Place | None:
    span = doc[m.start : m.end]
    if m.best is None:
        if town is None:
            return None
        p = _place(doc, index, replace(m, best=town, margin=0.0))
        feature = "site" if index.feature_of(town) in ("city", "site") else "region"
        return replace(p, text=span.text, name=span.text, geonameid=None, feature=feature, population=None,
                       confidence=UNRESOLVED_CONFIDENCE)  # fmt: skip
    r = m.best
    cc = index.cc[r]
    info = index.countries.get(cc, {})
    feat = index.feature_of(r)
    conf = 0.5 + 0.45 * (1 - math.exp(-max(m.margin, 0.0) / 2))
    return Place(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=index.name[r].lstrip("`'\u2018\u2019"),  # GeoNames writes a leading ayn: "`Asir"
        country=info.get("name"),
        iso3=info.get("iso3"),
        admin1=index.admin1_name(r) if feat not in ("country", "continent") else None,
        latitude=round(float(index.lat[r]), 5),
        longitude=round(float(index.lon[r]), 5),
        geonameid=index.geonameid[r] or None,
        feature=feat,
        population=index.population[r] or None,
        confidence=round(conf * (0.9 if m.source == "gazetteer" else 1.0), 3),
    )


def _mentions(doc: Doc) -> tuple[list[Mention], Counter]:
    index, cues = load_index(), load_cues()
    mentions = _ner_mentions(doc, index, cues)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    taken |= {t.i for t in doc if t.ent_type_ in ("PERSON", "ORG", "NORP", "DATE", "TIME")}
    mentions += _gazetteer_mentions(doc, index, cues, taken)
    mentions += _modifier_mentions(doc, index, cues, {i for m in mentions for i in range(m.start, m.end)})
    mentions += _list_mentions(doc, index, cues, mentions)
    mentions.sort(key=lambda m: m.start)
    by_start = {m.start: m for m in mentions}
    for m in reversed(mentions):  # later ones first: "X in Y in Z" reads Y's qualifier
        _qualifiers(doc, index, m, by_start)
    countries = _resolve(doc, index, mentions, cues, _actor_evidence(doc, index))
    doc.user_data["_ew_country_evidence"] = countries
    return mentions, countries


def find_places(doc: Doc) -> list[Place]:
    """Every toponym in ``doc`` resolved to coordinates, admin1 and country."""
    index = load_index()
    mentions, countries = _mentions(doc)
    main_cc = countries.most_common(1)[0][0] if countries else None
    out = []
    for m in mentions:
        town = None
        if m.best is None:
            m.best = _spelling_variant(doc, index, m, mentions, main_cc)
        if m.best is None:  # a landmark: at the place named around it, else the nearest town
            if m.qualified_by is not None and m.qualified_by.best is not None:
                town = m.qualified_by.best
            else:  # the nearest town of the article's main country in the same sentence
                sent = doc[m.start].sent
                towns = [
                    x.best
                    for x in mentions
                    if x.best is not None
                    and sent.start <= x.start < sent.end
                    and index.feature_of(x.best) in ("city", "site", "admin1")
                    and index.cc[x.best] == main_cc
                ]
                town = towns[0] if towns else None
        place = _place(doc, index, m, town)
        if place is None and m.best is None and main_cc and _relative_name(_name_key(doc, m)):
            place = _country_part(doc, index, m, main_cc)  # "the West Coast": of the article's country
        if (
            place is not None
            and m.best is None
            and town is not None
            and m.direction
            and _is_division(index, town)
        ):
            place = _in_part_of(index, place, town, m.direction)
        if place is not None:
            out.append(place)
    return out


def _is_division(index: Index, row: int) -> bool:
    """A first-level division, or a town one is named after ("Idleb" the city and province)."""
    if index.feature_of(row) == "admin1":
        return True
    # "Manakhah district, Sana'a": Sanaa city, or the governorate named after it
    return (index.cc[row], skeleton(fold(index.name[row]))) in _division_skeletons(index)


@lru_cache(maxsize=1)
def _division_skeletons(index: Index) -> frozenset[tuple[str, str]]:
    """(country, spelling skeleton) of every first-level division's name."""
    return frozenset((cc, skeleton(fold(name))) for (cc, _), name in index.admin1_names.items())


def _in_part_of(index: Index, place: Place, town: int, direction: frozenset[str]) -> Place:
    """A landmark said to lie in a part of a division ("in southern Idleb") placed at the middle
    of that part's towns rather than at the division's seat."""
    centre = _sector_centre(index, index.cc[town], index.admin1code[town], direction)
    if centre is None:
        return place
    return replace(place, latitude=round(centre[0], 5), longitude=round(centre[1], 5))


@lru_cache(maxsize=1)
def _division_towns(index: Index) -> dict[tuple[str, str], list[tuple[float, float]]]:
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for r in range(len(index)):
        if index.feature[r] == 0:  # city
            out.setdefault((index.cc[r], index.admin1code[r]), []).append((index.lat[r], index.lon[r]))
    return out


@lru_cache(maxsize=64)
def _country_towns(index: Index, cc: str) -> tuple[tuple[float, float], ...]:
    return tuple(t for (c, _), towns in _division_towns(index).items() if c == cc for t in towns)


def _country_part(doc: Doc, index: Index, m: Mention, cc: str) -> Place | None:
    """A direction-named region ("West Coast", "North East") of country ``cc``: at the middle of
    that side of the country's towns, as an unresolved region."""
    info = index.countries.get(cc)
    direction = _direction(doc, m.start, m.start + 1)
    centre = _sector_centre(index, cc, None, direction) if info else None
    if centre is None:
        return None
    span = doc[m.start : m.end]
    return Place(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=span.text,
        country=info["name"],
        iso3=info["iso3"],
        admin1=None,
        latitude=round(float(centre[0]), 5),
        longitude=round(float(centre[1]), 5),
        geonameid=None,
        feature="region",
        population=None,
        confidence=UNRESOLVED_CONFIDENCE,
    )


def _sector_centre(
    index: Index, cc: str, code: str | None, direction: frozenset[str]
) -> tuple[float, float] | None:
    """Median point of the division's (``code`` None: the country's) towns on the named side(s)
    of its median town."""
    towns = _division_towns(index).get((cc, code), []) if code is not None else _country_towns(index, cc)
    if len(towns) < int(_cfg("sector_min_towns", 8)):
        return None
    mid_lat = sorted(t[0] for t in towns)[len(towns) // 2]
    mid_lon = sorted(t[1] for t in towns)[len(towns) // 2]
    side = {
        "N": lambda t: t[0] > mid_lat,
        "S": lambda t: t[0] < mid_lat,
        "E": lambda t: t[1] > mid_lon,
        "W": lambda t: t[1] < mid_lon,
    }
    part = [t for t in towns if all(side[d](t) for d in direction)]
    if len(part) < 3:
        return None
    return sorted(t[0] for t in part)[len(part) // 2], sorted(t[1] for t in part)[len(part) // 2]


def _spelling_variant(
    doc: Doc, index: Index, m: Mention, mentions: list[Mention], main_cc: str | None = None
) -> int | None:
    """A town the gazetteer spells otherwise ("Hbit" for Hubayt), by consonant outline, looked
    for only where the text puts it: in the division named with it ("Hbit in southern Idleb"),
    else near another town of the article, else in the article's main country (``main_cc``), else
    anywhere if it is one place."""
    cues = load_cues()
    words = [t for t in doc[m.start : m.end] if t.lower_ not in cues.generic_suffixes and t.lower_ != "the"]
    if not words or not words[0].text[:1].isupper():
        return None
    outline = skeleton(fold(" ".join(t.text for t in words)))
    rows = skeletons(index).get(outline, ()) if len(outline) >= _cfg("variant_min_consonants", 4) else ()
    q = m.qualified_by.best if m.qualified_by is not None else None
    if q is not None and index.feature_of(q) in ("admin1", "city", "site"):
        found = [r for r in rows if (index.cc[r], index.admin1code[r]) == (index.cc[q], index.admin1code[q])]
    else:
        towns = [
            x.best for x in mentions if x.best is not None and index.feature_of(x.best) in ("city", "site")
        ]
        radius = _cfg("variant_radius_km", 50.0)
        found = [r for r in rows if any(distance_km(index, r, t) <= radius for t in towns)]
        if not found and not towns:  # nothing else placed: in the article's country, if it has one
            found = [r for r in rows if main_cc is None or index.cc[r] == main_cc]
    if found and all(distance_km(index, r, found[0]) <= 10 for r in found):
        return found[0]
    return None


def article_focus(doc: Doc, places: list[Place]) -> str | None:
    """ISO2 code of the article's main country (places, demonyms, dateline)."""
    index = load_index()
    iso3_to_2 = {info["iso3"]: iso2 for iso2, info in index.countries.items()}
    cues = load_cues()
    score: Counter = Counter()
    for p in places:
        iso2 = iso3_to_2.get(p.iso3) if p.iso3 else None
        span = _tokens(doc, p.start, p.end)
        if iso2 is None or span is None:
            continue
        # where things happen weighs more than whose they are: "in Basra" > "US troops"
        weight = 1.0 if p.feature == "country" else 2.0
        if _is_actor_modifier(span.root, cues):
            weight *= 0.3
        elif span.start > 0 and (
            doc[span.start - 1].lower_ in cues.locative_preps or span.root.dep_ == "pobj"
        ):
            weight *= 2.0
        if p.start < 80:
            weight += 1.0  # dateline or first line
        score[iso2] += weight * p.confidence
    score.update(_actor_evidence(doc, index))
    if not score:
        return None
    return score.most_common(1)[0][0]


# -- placing events --------------------------------------------------------------------------


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _path_to(head: Token, trigger: Token, limit: int = 4) -> int | None:
    """Hops from ``head`` up the tree to ``trigger`` (None if not within ``limit``)."""
    tok, hops = head, 0
    while hops <= limit:
        if tok == trigger:
            return hops
        if tok.head == tok:
            return None
        tok, hops = tok.head, hops + 1
    return None


def _is_actor_modifier(tok: Token, cues: Cues) -> bool:
    """ "US drone strike", "Iraq's parliament", "Iran-backed militias", "backed by Iran": a place
    naming who, not where."""
    doc = tok.doc
    patrons = _patron_words()
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in patrons:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.lower_ in patrons:
        return True  # "rebel factions backed by Turkey": the patron, not the place
    head = tok.head
    if head.lower_ == "sub" and head.i + 2 < len(doc) and doc[head.i + 1].text == "-":
        head = doc[head.i + 2]  # "Raju sub-district"
    if tok.dep_ in ("compound", "amod", "poss", "nmod") and head.lower_ not in cues.place_nouns:
        return tok.head.i > tok.i and tok.head.ent_type_ not in _PLACE_LABELS
    return False


def _introduced_as_place(doc: Doc, span: Span, cues: Cues) -> bool:
    """The name follows a word that says where: "in Bilin", "near Hama", "the village of Bilin"."""
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ == "the" or doc[i].ent_iob_ == "I"):
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    if word == "of":
        return i > 0 and doc[i - 1].lower_ in cues.place_nouns
    return (
        word in _STRICT_PREPS
        or word == "at"
        or word in cues.place_nouns
        and i > 0
        and doc[i - 1].lower_ in _STRICT_PREPS
    )


def _in_topic(place: Token, trigger: Token, cues: Cues) -> bool:
    """Whether ``place`` lies under a word that gives a protest's subject on its way up to the
    trigger's clause ("against the decision on Jerusalem", "denouncing strikes on Gaza")."""
    tok, hops = place, 0
    stop = {trigger, trigger.head}
    while tok not in stop and tok.head != tok and hops < 8:
        if tok.lower_ in cues.topic_words:
            return True
        tok, hops = tok.head, hops + 1
    return False


def _tie(place: Token, trigger: Token) -> tuple[int, int] | None:
    """(level, hops): hops from the place up to the trigger (level 0) or to its governors (1, 2)."""
    target, level = trigger, 0
    while level <= 2:
        hops = _path_to(place, target)
        if hops is not None:
            return level, hops
        if target.head == target:
            return None
        target, level = target.head, level + 1
    return None


_SPECIFIC = {"site": 0, "city": 0, "admin1": 1, "region": 1, "country": 2, "continent": 3}


def place_for_event(
    doc: Doc, event: Event, places: list[Place], focus_iso2: str | None, *, actor_iso2: str | None = None
) -> tuple[Place | None, int | None]:
    """The place where ``event`` happened and its ACLED geo_precision (1, 2 or 3).

    In order: a place in the evidence sentence tied to the trigger in the dependency tree
    ("strike in Baghdad", "shelled Hama"; the most specific such place, then the closest), else
    the nearest place in the sentence, else, when every sub-national place in the article lies
    in one first-level division, the first of them, else the focus country; ``actor_iso2`` (the
    country the event's actors place it in: its target's) replaces the focus here. Places naming an
    actor ("US troops", "Iraq's parliament", "The US said") are skipped. Precision: 1 a town or
    site, 2 near it ("near", "outskirts", "X district") or a town found only by fallback, 3 a
    division, region or country. Coordinates follow ACLED: a country-only event is coded at
    the capital and a division-only event at its largest town (the seat in most countries);
    the toponyms themselves (``find_places``) keep GeoNames-style centre points.
    """
    cues = load_cues()
    resolved = [p for p in places if p.name is not None and p.feature != "continent"]
    trigger = _tokens(doc, event.trigger.start, event.trigger.end) if event.trigger else None
    if event.evidence is not None:
        lo, hi = event.evidence.start, event.evidence.end
    elif trigger is not None:
        lo, hi = trigger.sent.start_char, trigger.sent.end_char
    else:
        lo, hi = 0, 0
    in_sent = [p for p in resolved if lo <= p.start and p.end <= hi]
    if any(p.iso3 for p in in_sent):  # "the Red Sea port city of Hodeidah": a sea is no event place
        in_sent = [p for p in in_sent if p.iso3]
    elif actor_iso2 or focus_iso2:
        in_sent = [p for p in in_sent if p.iso3 or p.feature not in ("region", "continent")]
    best: tuple | None = None
    protest = event.event_type in ("Protests", "Riots")
    candidates: dict[int, tuple[Place, Span]] = {}
    for p in in_sent:
        span = _tokens(doc, p.start, p.end)
        if span is None:
            continue
        root = span.root
        if _is_actor_modifier(root, cues) or root.dep_ == "nsubj":
            continue  # "US troops", "Iraq's parliament", "The US said": who, not where
        candidates[span.start] = (p, span)
        hops = _tie(root, trigger.root) if trigger is not None else None
        dist = abs(root.i - trigger.root.i) if trigger is not None else root.i
        origin = int(span.start > 0 and doc[span.start - 1].lower_ == "from")  # "fired from Syria": not where
        if (
            span.start > 1
            and doc[span.start - 1].lower_ == "with"
            and doc[span.start - 2].lower_ in cues.border_nouns
        ):
            origin = max(origin, 1)  # "in Najran, on the border with Yemen": the neighbour, not where
        if p.feature == "country" and root.dep_ == "poss":
            origin = max(origin, 1)  # "as Israel's capital": a country that owns a place is not where
        introduced = _introduced_as_place(doc, span, cues)
        topic = protest and trigger is not None and _in_topic(root, trigger.root, cues)
        if topic and not introduced:
            origin = max(origin, 1)  # "a rally against naming Jerusalem the capital": what, not where
        if hops is not None:
            key = (origin, 0, hops[0], _SPECIFIC.get(p.feature or "city", 2), hops[1], dist)
        else:  # untied: "in X" before a topic ("a rally against recognising Jerusalem ... in Bilin"),
            # then the nearest, preferring the more specific among near ones
            key = (
                origin,
                1,
                not introduced,
                dist // 8,
                _SPECIFIC.get(p.feature or "city", 2),
                dist,
            )
        if best is None or key < best[0]:
            best = (key, p, span)
    if best is not None:
        _, p, span = best
        p, span = _qualified_place(doc, span, candidates, cues) or (p, span)
        return _in_named_part(doc, span, _coded(p, focus_iso2)), _precision(doc, p, span, cues)
    focus_iso2 = actor_iso2 or focus_iso2
    if focus_iso2:
        info = load_index().countries.get(focus_iso2, {})
        local = [p for p in resolved if p.iso3 == info.get("iso3") and p.feature != "country"]
        if local and len({p.admin1 for p in local}) == 1:  # the article stays in one division
            first = local[0]
            return _coded(first, focus_iso2), 3 if first.feature in ("admin1", "region") else 2
        mention = next((p for p in resolved if p.iso3 == info.get("iso3")), None)
        return _country_place(focus_iso2, mention), 3
    return None, None


def _qualified_place(
    doc: Doc, span: Span, candidates: dict[int, tuple[Place, Span]], cues: Cues
) -> tuple[Place, Span] | None:
    """The candidate that ``span`` only qualifies: "Afrin city in northern Aleppo" -> Afrin."""
    for _, (p, other) in sorted(candidates.items(), reverse=True):
        if other.end > span.start or span.start - other.end > 7 or p.feature not in ("city", "site"):
            continue
        if _beside(doc, other.end, span.start):
            return p, other  # "the town of Hizma to the northeast of Jerusalem" -> Hizma
        between = doc[other.end : span.start]
        while between and (between[0].lower_ in cues.place_nouns or between[0].lower_ in ("sub", "-")):
            between = between[1:]  # "Raju sub-district of Afrin"
        if (
            between
            and between[0].text in (",", "in", "of")
            and all(t.text in (",", "in", "of", "-") or _qualifier_filler(doc, t.i, cues) for t in between)
        ):
            return p, other
    return None


def _in_named_part(doc: Doc, span: Span, p: Place) -> Place:
    """An event "in southern Idleb" / "in the northern countryside of Hama": at the middle of that
    part of the division, not at its seat (the division, or a seat named as the division is)."""
    direction = _direction(doc, max(0, span.start - 3), span.start) or _direction(
        doc, span.end, min(len(doc), span.end + 2)
    )
    if not direction or p.feature not in ("admin1", "city") or p.geonameid is None and p.feature == "city":
        return p
    index = load_index()
    rows = [
        r for r in index.lookup(span.text) if index.name[r] == p.name and index.feature_of(r) == p.feature
    ]
    if not rows:
        return p
    r = rows[0]
    division = index.admin1_name(r)
    if p.feature == "city" and (division is None or skeleton(fold(division)) != skeleton(fold(p.name))):
        return p  # a town that is not its division's namesake seat: "southern Baghdad" is the city's south
    return _in_part_of(index, p, r, direction)


def country_place(iso2: str) -> Place | None:
    """A country as an event place, coded at its capital as ACLED does (geo_precision 3)."""
    return _country_place(iso2, None) if iso2.upper() in load_index().countries else None


def _precision(doc: Doc, p: Place, span: Span, cues: Cues) -> int:
    if unresolved(p):
        return 2  # a place we could not find, coded at the town or division around it
    if p.feature in ("country", "continent", "admin1", "region"):
        before = {t.lower_ for t in doc[max(0, span.start - 3) : span.start]}
        return 2 if before & cues.near_words and p.feature != "country" else 3
    window = {t.lower_ for t in doc[max(0, span.start - 3) : span.start]}
    after = span.end + (3 if span.end < len(doc) and doc[span.end].lower_ == "sub" else 2)  # "sub-district"
    window |= {t.lower_ for t in doc[span.end : after]}
    return 2 if window & cues.near_words else 1


def _coded(p: Place, focus_iso2: str | None) -> Place:
    """Country- and division-only places are coded to the capital / seat (ACLED's practice)."""
    index = load_index()
    if p.feature == "country":
        iso2 = next((k for k, v in index.countries.items() if v["iso3"] == p.iso3), None)
        return _country_place(iso2, p) if iso2 else p
    if p.feature == "admin1":
        cc = next((k for k, v in index.countries.items() if v["iso3"] == p.iso3), None)
        code = next((k[1] for k, v in index.admin1_names.items() if k[0] == cc and v == p.admin1), None)
        seat = index.admin1_seats.get((cc, code)) if cc else None
        if seat is not None:
            return replace(
                p, latitude=round(float(index.lat[seat]), 5), longitude=round(float(index.lon[seat]), 5)
            )
    return p


def _country_place(iso2: str, mention: Place | None = None) -> Place | None:
    """The country as an event location: its name, coded at the capital's coordinates."""
    index = load_index()
    info = index.countries.get(iso2)
    if info is None:
        return mention
    row = info["row"]
    cap = info.get("capital_row")
    at = cap if cap is not None else row
    return Place(
        text=mention.text if mention else info["name"],
        start=mention.start if mention else 0,
        end=mention.end if mention else 0,
        name=info["name"],
        country=info["name"],
        iso3=info["iso3"],
        admin1=index.admin1_name(cap) if cap is not None else None,
        latitude=round(float(index.lat[at]), 5),
        longitude=round(float(index.lon[at]), 5),
        geonameid=index.geonameid[row] or None,
        feature="country",
        population=index.population[row] or None,
        confidence=mention.confidence if mention else 0.4,
    )
