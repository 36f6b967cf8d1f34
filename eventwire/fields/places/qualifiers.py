"""What a place name says of its neighbours: the division or country named right after it ("X, Y",
"X in northern Y"), or a town it lies beside ("Hizma, northeast of Jerusalem")."""

from __future__ import annotations

from spacy.tokens import Doc

from ...gazetteer import Index, fold
from ...settings import current
from .mentions import Cues, Mention, beside_pattern, direction, load_cues, name_key
from .resolve import fits_qualifier, relative_name


def qualifier_filler(doc: Doc, k: int, cues: Cues) -> bool:
    """A word between a place and the division it lies in: "the", "northern", "countryside of"."""
    word = doc[k].lower_
    if word in cues.near_words or word in cues.articles or word in cues.place_epithets:
        return True
    return word in cues.of_words and doc[k - 1].lower_ in cues.near_words


def beside(doc: Doc, end: int, start: int) -> bool:
    """The words between two places put the first beside the second, not in it: "Hizma,
    northeast of Jerusalem", "Beit Jala to the south of Jerusalem", "10 km east of Mosul"."""
    if not 0 < start - end <= 9:
        return False
    words = [t.lower_ for t in doc[end:start]]
    cues = load_cues()
    while words and (words[-1] in cues.articles or words[-1] in cues.place_epithets):
        words.pop()  # "east of (the) occupied X"
    while words and words[0] in cues.place_words:
        words.pop(0)  # "Chalatenango Department, 90 km north of X"
    return bool(beside_pattern().match(" ".join(words)))


# Tokens after "(" in which its ")" is looked for: "(Donga-Mantung, Nord-Ouest)" takes 8 (each
# hyphenated name 3); 6 had missed it, and "(Mayo-Sava, Extreme-Nord)" too.
_BRACKET_TOKENS = 12


def qualify(doc: Doc, index: Index, mentions: list[Mention]) -> None:
    """Record on each mention the division or country named after it; ``mentions`` in text order."""
    by_start = {m.start: m for m in mentions}
    for m in reversed(mentions):  # later ones first: "X in Y in Z" reads Y's qualifier
        _qualifiers(doc, index, m, by_start)


def _relative(doc: Doc, m: Mention, cues: Cues) -> bool:
    """``m`` and the division word after it are a direction in whatever country is meant ("Eastern
    Province", "Northern Region": place_cues.yaml relative_first, relative_last); not a division's
    own name without one ("Nord-Ouest" is Cameroon's region)."""
    if m.end >= len(doc) or doc[m.end].lower_ not in cues.relative_last:
        return False
    return relative_name(f"{name_key(doc, m)} {doc[m.end].lower_}")


def _sizeable(index: Index, m: Mention) -> bool:
    """A reading of ``m`` is a place of some size ([places] foreign_town_min_population)."""
    known = float(current().places.foreign_town_min_population)
    return any(index.population[r] >= known for r in m.rows[:10])


def _weak_town(doc: Doc, index: Index, m: Mention, nxt: Mention, rows: list[int]) -> bool:
    """``nxt`` says nothing against ``m``: it is known only as towns whose own names are not the
    one written, by another name they bear or a loose spelling ("Vina" as Vietnam's Vinh, "Bui" as
    Bowie), none in a country of a reading of ``m``, which is known by its own name ("Ngaoundere",
    "Jakiri"). Not where either lies in a country whose names are transliterated from Arabic
    script ("Bamenda of Mezam", Mezam read as Oman's Al Mazim, stays so qualified)."""
    if not m.rows or not rows:
        return False
    if any(index.feature_of(r) in ("country", "admin1", "region") for r in rows):
        return False  # "X, Hadramout": a division by another spelling still says where
    if any(index.cc[r] in index.arabic_cc for r in (*rows, *m.rows[:10])):
        return False  # where names are transliterated, another spelling is the rule ("al-Garrahi")
    key, written = name_key(doc, m), name_key(doc, nxt)
    if nxt.loose is False and any(fold(index.name[r]) == written for r in rows):
        return False
    if m.loose or not any(fold(index.name[r]) == key for r in m.rows[:10]):
        return False
    return _apart(index, rows, m)


def _apart(index: Index, rows: list[int], m: Mention) -> bool:
    """No reading among a qualifier's ``rows`` lies in a country of a reading of ``m``."""
    return not {index.cc[r] for r in rows} & {index.cc[r] for r in m.rows[:10]}


def _in_list(doc: Doc, m: Mention, mentions_by_start: dict[int, Mention], cues: Cues) -> bool:
    """Whether another place follows ``m`` after a comma or "and"/"or" ("..., Ardebil and Mashhad")."""
    k = m.end
    if k < len(doc) and doc[k].text == ",":
        k += 1
    if k < len(doc) and doc[k].lower_ in cues.list_joiners:
        k += 1
    return k > m.end and k < len(doc) and (k in mentions_by_start or doc[k].pos_ == "PROPN")


def _qualifiers(doc: Doc, index: Index, m: Mention, mentions_by_start: dict[int, Mention]) -> None:
    """Record the division/country named right after ("X, Y" or "X in Y province")."""
    cues = load_cues()
    j = m.end
    while j < len(doc) and j < m.end + 2 and doc[j].lower_ in cues.place_words:
        j += 1  # "Arbin city in ...", "Kitaf district of ..."
    bracketed = None
    if j < len(doc) and doc[j].text == ")":
        j += 1  # "Arab Jabur (Rashid district), southern Baghdad": Rashid lies in Baghdad too
    elif j < len(doc) and doc[j].text == "(":  # "Ghazaliya area (Mansour district) of Baghdad"
        close = next(
            (k for k in range(j + 1, min(len(doc), j + _BRACKET_TOKENS)) if doc[k].text == ")"), None
        )
        if close is not None:
            # the first place in them: "X (Mombasa)", "X (Mayo-Sava, Extreme-Nord)"
            inside = [mentions_by_start[k] for k in range(j + 1, close) if k in mentions_by_start]
            bracketed = inside[0] if inside else None
            j = close + 1
    nxt = None
    if j + 1 < len(doc) and (doc[j].text == "," or doc[j].lower_ in cues.qualifier_links):
        k = j + 1
        nxt = mentions_by_start.get(k)
        while nxt is None and k < len(doc) and k < j + 6 and qualifier_filler(doc, k, cues):
            k += 1  # "in northern Idleb", "in the Dar'a countryside", "in the countryside of Hama"
            nxt = mentions_by_start.get(k)
    if nxt is None:
        if bracketed is None:
            return
        nxt, j = bracketed, bracketed.start - 1  # "in Ganjoni (Mombasa)": the place it lies in, bracketed
    if beside(doc, j, nxt.start):
        m.qualified_by, m.beside = nxt, True  # "Beit Jala, south of Jerusalem": near, not in its division
        return
    if doc[j].text == "," and _in_list(doc, nxt, mentions_by_start, cues):
        return  # "Isfahan, Ardebil and Mashhad": a list of towns, not a town and its division
    m.direction = direction(doc, j + 1, nxt.start) | direction(doc, nxt.end, min(len(doc), nxt.end + 3))
    if not nxt.rows and nxt.qualified_by is not None:  # "X in Y in Lahij", Y unknown: X is in Lahij too
        m.qualified_by, m.qualifier = nxt.qualified_by, set(nxt.qualifier)
        m.direction = m.direction or nxt.direction
        return
    m.qualified_by = nxt
    # Y's readings that lie where Y's own qualifier says: "Mbengwi village (Momo, Nord-Ouest)" is in
    # Cameroon, not in Momo, Italy; where none does, X lies where Y's qualifier says
    rows = [r for r in nxt.rows[:10] if fits_qualifier(index, nxt, r)]
    if _relative(doc, nxt, cues) and _sizeable(index, m) and _apart(index, rows, m):
        # "Isiolo town in Eastern Province": a province named by a direction, in none of the countries
        # a town of some size by that name is in (Saudi Arabia's, Zambia's ...), says nothing against
        # it; a small namesake abroad is still a local place ("Bui (Nord-Ouest)" is in Cameroon)
        m.qualified_by = None
        return
    if _weak_town(doc, index, m, nxt, rows):
        m.qualified_by = None  # "Ngaoundere of Vina": not in Vietnam's Vinh
        return
    if not rows:
        m.qualifier = set(nxt.qualifier)
    for n, r in enumerate(rows):
        feat = index.feature_of(r)
        if feat == "country":
            m.qualifier.add(index.cc[r])
        elif feat == "admin1" or (feat == "city" and n < 3):  # "X in Damascus": X is in its division
            m.qualifier.add(f"{index.cc[r]}:{index.admin1code[r]}")
        elif feat == "region" and index.cc[r]:  # "the Marj area of Eastern Ghouta": in its country
            m.qualifier.add(index.cc[r])
