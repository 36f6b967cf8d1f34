"""Recognition from the gazetteer alone: capitalised names outside any entity in a place context,
and towns naming what is theirs ("Ahvaz Steel Company", "Boroujerd's municipality")."""

from __future__ import annotations

from spacy.tokens import Doc

from ...gazetteer import Index
from ...nlp.truecase import word_form
from ...settings import current
from .mentions import (
    MAX_NGRAM,
    Cues,
    Mention,
    demonym,
    direction,
    followed_by_place,
    locative_context,
    lookup,
)


def gazetteer_mentions(doc: Doc, index: Index, cues: Cues, taken: set[int]) -> list[Mention]:
    """Capitalised names outside any entity that the gazetteer knows, in a place context."""
    out = []
    lower_words = {t.text for t in doc if t.is_lower and t.is_alpha}
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        wordlike = tok.text.replace("'", "").replace("’", "").replace("-", "").isalpha()
        if i in taken or not (wordlike and tok.text[:1].isupper()) or tok.ent_type_ in ("PERSON", "ORG"):
            i += 1
            continue
        found = None
        for j in range(min(n, i + MAX_NGRAM), i, -1):
            last = doc[j - 1].text
            if any(k in taken for k in range(i, j)) or not (
                last[:1].isupper() or _is_clitic(last) and j - i > 1
            ):
                continue
            if doc[j - 1].lower_ in cues.connectors:
                continue
            rows, is_loose = lookup(index, doc[i:j].text)
            if rows:
                found = (j, rows, is_loose)
                break
        if found is None:
            i += 1
            continue
        j, rows, is_loose = found
        if _name_tail(doc, cues, i) or _part_of_compound(doc, cues, i, j):
            i = j
            continue
        if _accept_gazetteer(doc, index, cues, i, j, rows, is_loose, lower_words):
            out.append(Mention(i, j, rows, "gazetteer", is_loose))
        i = j
    return out


def modifier_mentions(doc: Doc, index: Index, cues: Cues, taken: set[int]) -> list[Mention]:
    """Towns naming what is theirs, inside an entity or not: "Boroujerd's municipality",
    "workers of Ahvaz Steel Company", "Doroud Railways"."""
    out, i, n = [], 0, len(doc)
    while i < n:
        j = _known_run(doc, index, cues, i, taken)
        if j is None:
            i += 1
            continue
        rows, is_loose = lookup(index, doc[i:j].text)
        its_own = _names_its_own(doc, cues, j) or _its_people_of(doc, cues, i)
        if (its_own and _big_enough(index, rows[0], is_loose)) or _big_possessor(
            doc, index, i, j, rows, is_loose
        ):
            out.append(Mention(i, j, rows, "modifier", is_loose))
        i = j
    return out


def _is_clitic(text: str) -> bool:
    """ "'a" in "Sana'a", split off by the tokenizer."""
    return text[:1] in "'’" and len(text) > 1 and text[1:].lower() != "s"


def _known_run(doc: Doc, index: Index, cues: Cues, i: int, taken: set[int]) -> int | None:
    """End of the longest capitalised name from token ``i`` that the gazetteer knows."""
    tok = doc[i]
    if i in taken or not tok.is_alpha or not tok.text[:1].isupper() or tok.lower_ in cues.never_alone:
        return None
    inside = i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha
    if (inside and not direction(doc, i - 1, i)) or demonym(index, tok):
        return None  # inside a longer name ("New Ahvaz", but "East Isfahan" is Isfahan's east), or "Iraqi"
    for j in range(min(len(doc), i + 3), i, -1):
        if any(k in taken or not doc[k].text[:1].isupper() for k in range(i, j)):
            continue
        if lookup(index, doc[i:j].text)[0]:
            return j
    return None


def _names_its_own(doc: Doc, cues: Cues, j: int) -> bool:
    """An institution head within the next three words ("X Tile company", "X's municipality"), or
    a facility right after the name ("X hospital", "X Press Club"), or after words that say what kind
    it is ("X Subcounty Hospital", "X Girls' High School"; not "X State University")."""
    if j < len(doc) and doc[j].tag_ == "POS":
        j += 1
    for k in range(j, min(len(doc), j + 4)):  # "the Naivasha Subcounty Hospital": a kind of hospital
        if any(doc[k : k + len(f.split())].text.lower() == f for f in cues.facility_heads):
            return True
        if doc[k].lower_ not in cues.facility_descriptors:
            break
    for k in range(j, min(len(doc), j + 3)):
        if doc[k].lower_ in cues.institution_heads:
            return True
        if not doc[k].is_alpha:
            return False
    return False


def _its_people_of(doc: Doc, cues: Cues, i: int) -> bool:
    """ "workers of Ahvaz", "farmers of East Isfahan": people named by their town."""
    k = i - 1 if i > 0 and direction(doc, i - 1, i) else i
    return k > 1 and doc[k - 1].lower_ in cues.of_words and doc[k - 2].lower_ in cues.institution_heads


def _big_possessor(doc: Doc, index: Index, i: int, j: int, rows: tuple, is_loose: bool) -> bool:
    """ "Semnan's governor": a possessive of a large town (or a division) not taken for a person."""
    if j >= len(doc) or doc[j].tag_ != "POS" or is_loose or doc[i].ent_type_ == "PERSON":
        return False
    big = float(current().places.bare_city_min_population)
    return index.feature_of(rows[0]) in ("country", "admin1") or index.population[rows[0]] >= big


def _big_enough(index: Index, row: int, is_loose: bool) -> bool:
    """A town big enough (or a division or country) to be meant without a place cue."""
    if index.feature_of(row) in ("country", "admin1"):
        return not is_loose
    floor = float(current().places.modifier_town_min_population) * (
        float(current().places.loose_town_population_factor) if is_loose else 1
    )
    return index.feature_of(row) == "city" and index.population[row] >= floor


def _part_of_compound(doc: Doc, cues: Cues, i: int, j: int) -> bool:
    """``doc[i:j]`` is only a part of a compound name: its generic head ("Bir" in "Bir Ali", "Wadi
    al" in "Wadi al-Dayf") or what follows a capitalised head ("Siwan" in "Deir Siwan")."""
    if i > 0 and doc[i - 1].lower_ in cues.name_heads and doc[i - 1].text[:1].isupper():
        return True
    if not all(t.lower_ in cues.name_heads or t.lower_ in cues.connectors for t in doc[i:j]):
        return False
    nxt = doc[j] if j < len(doc) else None
    return nxt is not None and (nxt.text[:1].isupper() or nxt.text == "-" or nxt.lower_ in cues.connectors)


def _name_tail(doc: Doc, cues: Cues, i: int) -> bool:
    """Token ``i`` ends a longer name after a hyphenated article: "Balad" in "Dar'a al-Balad"."""
    k = i - 2
    if k < 1 or doc[i - 1].text != "-" or doc[k].lower_ not in cues.connectors or not doc[k].is_alpha:
        return False
    prev = doc[k - 1]
    return prev.text[:1].isupper() or _is_clitic(prev.text)


def _common_opening_modifier(tok) -> bool:
    """A sentence's first word, capitalised by its place alone, that modifies the common noun after
    it and is usually written in lower case ("Grenade attack by Garre militia": no Granada)."""
    return (
        tok.is_sent_start
        and tok.dep_ in ("compound", "amod", "nmod")
        and tok.head.i > tok.i
        and tok.head.pos_ == "NOUN"
        and word_form(tok.lower_, beside_number=False) == "l"
    )


def _accept_gazetteer(
    doc: Doc,
    index: Index,
    cues: Cues,
    i: int,
    j: int,
    rows: tuple,
    is_loose: bool,
    lower_words: set[str],
) -> bool:
    """Whether the known name ``doc[i:j]`` is a place here; ``lower_words``: the words the text
    also writes in lower case (common words)."""
    span = doc[i:j]
    if j - i == 1:
        tok = doc[i]
        if (
            tok.lower_ in cues.never_alone
            or tok.is_stop
            or tok.pos_ not in ("PROPN", "NOUN", "ADJ", "X", "INTJ")
        ):
            return False
        if _common_opening_modifier(tok):
            return False
        if demonym(index, tok) or len(tok.text) < 3 or tok.is_upper and len(tok.text) <= 3 and rows:
            # "US"/"UK" are fine when NER tags them; alone, short capitals are acronyms
            return index.feature_of(rows[0]) == "country" and not is_loose
    if span.text.lower() in lower_words:
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
            or index.population[top] >= float(current().places.bare_city_min_population)
        )
    ):
        return True  # "Aleppo", "Texas" without a preposition
    context = locative_context(doc, i, j, cues) or followed_by_place(doc, index, j)
    if not context:
        return False
    return not (is_loose and j - i == 1 and len(span.text) < 5)
