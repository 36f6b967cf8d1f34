"""Recognition from spaCy's entities: GPE/LOC/FAC spans kept and extended to the known name, its
confusions repaired (a known place tagged PERSON or ORG), fused names and lists split into places."""

from __future__ import annotations

from spacy.tokens import Doc

from ...gazetteer import Index, fold
from ...settings import current
from .mentions import (
    MAX_NGRAM,
    PLACE_LABELS,
    Cues,
    Mention,
    demonym,
    followed_by_place,
    load_cues,
    locative_context,
    lookup,
)


def _strip(doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Drop a leading "the" and trailing punctuation from a span."""
    while start < end and (
        doc[start].lower_ in cues.articles or doc[start].lower_ in cues.possessives or doc[start].is_punct
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in cues.possessives):
        end -= 1
    return start, end


def _name_rows(index: Index, doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int, tuple, bool]:
    """Rows for the span, or for it without a trailing generic word ("Anbar province"), or the
    first-level divisions it names before a division suffix ("Chalatenango Department")."""
    rows, is_loose = lookup(index, doc[start:end].text)
    if rows:
        return start, end, rows, is_loose
    if end - start > 1 and doc[end - 1].lower_ in cues.generic_suffixes:
        rows, is_loose = lookup(index, doc[start : end - 1].text)
        if rows:
            return start, end - 1, rows, is_loose
    if end - start > 1 and doc[end - 1].lower_ in cues.division_suffixes:
        rows, is_loose = lookup(index, doc[start : end - 1].text)
        divisions = tuple(r for r in rows if index.feature_of(r) == "admin1")
        if divisions:  # "Chalatenango Department": the division, never its namesake town
            return start, end - 1, divisions, is_loose
    first = doc[start].lower_
    if end - start > 1 and (first in cues.generic_suffixes or first in cues.leading_directions):
        rows, is_loose = lookup(index, doc[start + 1 : end].text)
        if rows:
            return start + 1, end, rows, is_loose
    return start, end, (), False


def ner_mentions(doc: Doc, index: Index, cues: Cues) -> list[Mention]:
    """Places among spaCy's entities, and known places it gave another label."""
    out = []
    org_city = float(current().places.org_city_min_population)
    cased = any(c.isupper() for c in doc.text)  # not a text written all in lower case
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
        if end - start == 1 and demonym(index, doc[start]) and ent.label_ != "GPE":
            continue
        if fold(text) in cues.never_places or (end - start == 1 and doc[start].lower_ in cues.never_alone):
            continue
        if cased and ent.label_ not in PLACE_LABELS and not any(c.isupper() for c in text):
            continue  # "fled to the bush" tagged PERSON: a name is written with capitals
        if end - start == 1 and doc[start].is_upper and len(text) <= 4 and not _country_alias(index, text):
            continue  # "AAS", "HTS": acronyms of groups, not the Norwegian town Ås
        if ent.label_ in PLACE_LABELS:
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
                    or (ent.label_ == "GPE" and locative_context(doc, start, end, cues))
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
            and (locative_context(doc, start, end, cues) or _after_place_noun(doc, start, cues))
        ):
            parts = _split_places(doc, index, cues, start, end)
            if parts:  # "in Mankhar, Hadramawt" tagged ORG: two places
                out.extend(parts)
                continue
        named_place = (
            e < len(doc) and doc[e].lower_ in cues.place_nouns and doc[e].lower_ not in cues.weak_place_nouns
        )
        if rows and (
            named_place
            or _after_place_noun(doc, start, cues)
            or (locative_context(doc, start, end, cues) and ent.label_ != "PERSON")
            or (ent.label_ == "PERSON" and _strictly_locative(doc, index, cues, start, rows, is_loose))
        ):
            out.append(Mention(s, e, rows, "fix", is_loose))  # "Dar'a city" tagged ORG
            continue
        qualified = (
            ent.label_ == "ORG"
            and followed_by_place(doc, index, end)
            and locative_context(doc, start, end, cues)
            and not _organisation_like(doc, start, end, cues)
        )
        if (
            not rows
            and (named_place or qualified)
            and ent.label_ != "NORP"  # "a Catholic neighbourhood", "a Shiite district": who lives there
            and (ent.label_ != "PERSON" or doc[start].lower_ in cues.name_heads)
        ):
            out.append(Mention(start, end, (), "landmark"))  # "Oumawiyeen neighborhood", "in X, Hadramawt"
            continue
        if not rows or (
            is_loose and index.population[rows[0]] < float(current().places.bare_city_min_population)
        ):
            continue
        feats = {index.feature_of(r) for r in rows}
        top = rows[0]
        strong = bool(feats & {"site", "region", "country", "admin1"}) or index.population[top] >= org_city
        label = start == doc[start].sent.start and end < len(doc) and doc[end].text == ":"
        if label and strong and e - s == end - start:
            out.append(Mention(s, e, rows, "fix"))  # "Jizan: Saudi troops were killed ...", a dateline
            continue
        if ent.label_ == "PERSON":
            division = index.feature_of(top) in ("country", "admin1") and e - s == end - start
            ok = ("site" in feats or "region" in feats) or (
                strong and locative_context(doc, start, end, cues) and index.population[top] > 0
            )
            ok = ok or (division and end - start > 1)  # "Tamil Nadu said" tagged PERSON
        else:
            ok = (
                strong
                and (e - s == end - start)
                and (locative_context(doc, start, end, cues) or "site" in feats)
            )
            big = index.feature_of(top) == "country" or index.population[top] >= org_city
            ok = ok or (ent.label_ == "ORG" and e - s == end - start and big)
        if ok:
            out.append(Mention(s, e, rows, "fix"))
    return out


def list_mentions(doc: Doc, index: Index, cues: Cues, mentions: list[Mention]) -> list[Mention]:
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
        if k and doc[k - 1].lower_ in cues.list_joiners:
            k -= 1
        if k and doc[k - 1].text == ",":
            k -= 1
        if k == ent.start or k not in ends:
            continue
        s, e, rows, is_loose = _name_rows(index, doc, ent.start, ent.end, cues)
        top = rows[0] if rows else None
        if top is None or is_loose or e - s != ent.end - ent.start or index.cc[top] not in ends[k]:
            continue  # a list of one country's places ("Harvey, Irma and Maria" are storms)
        if index.feature_of(top) in ("country", "admin1") or index.population[top] >= float(
            current().places.org_city_min_population
        ):
            out.append(Mention(s, e, rows, "fix"))
    return out


def bracket_mentions(doc: Doc, index: Index, cues: Cues, mentions: list[Mention]) -> list[Mention]:
    """The names in brackets after a name that say where it lies, "Gouande (Materi, Atacora)",
    "Ganjoni (Mombasa)", whatever NER tagged them: where the last is a first-level division or a
    country the gazetteer knows by that exact name, it is a place, and so is each name before it
    that the gazetteer knows in the same country (ACLED's and news' "(district, province)")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for tok in doc:
        if tok.text != "(" or tok.i == 0 or not doc[tok.i - 1].text[:1].isupper():
            continue
        ends = range(tok.i + 1, min(len(doc), tok.i + 12))
        close = next((j for j in ends if doc[j].text in ("(", ")")), None)
        if close is None or doc[close].text != ")" or close == tok.i + 1:
            continue
        parts, start = [], tok.i + 1
        for j in range(tok.i + 1, close + 1):
            if j == close or doc[j].text == ",":
                parts.append((start, j))
                start = j + 1
        if not all(e > s and all(t.text[:1].isupper() or t.text == "-" for t in doc[s:e]) for s, e in parts):
            continue  # "(AFP)" passes this, and is no division; "(the army said)" does not
        if any(doc[s:e].text.lower() in cues.compass for s, e in parts):
            continue  # "Dagon Myothit (North) Township": a part of the name, not Cameroon's North
        last, _ = lookup(index, doc[parts[-1][0] : parts[-1][1]].text)
        divisions = [r for r in last if index.feature_of(r) in ("admin1", "country")] if last else []
        if not divisions or any(i in taken for s, e in parts for i in range(s, e)):
            continue
        countries = {index.cc[r] for r in divisions}
        for s, e in parts[:-1]:
            rows, is_loose = lookup(index, doc[s:e].text)
            rows = tuple(r for r in rows if index.cc[r] in countries)
            if rows and not is_loose:
                out.append(Mention(s, e, rows, "fix"))
        out.append(Mention(parts[-1][0], parts[-1][1], tuple(divisions), "fix"))
    return out


def _extend(doc: Doc, index: Index, start: int, end: int) -> int:
    """The end of the longest known name that starts like the NER span and runs on past it
    ("Jisr" tagged, "Jisr ash-Shughur" meant)."""
    heads = load_cues().landmark_heads
    for j in range(min(len(doc), start + MAX_NGRAM), end, -1):
        last = doc[j - 1]
        if last.ent_type_ and last.ent_type_ not in PLACE_LABELS + ("PERSON", "ORG"):
            continue
        # a capitalised name runs on; a lowercase landmark word closes only a name the gazetteer
        # lacks alone ("the Dhameer airbase", not "Heathrow airport")
        if not (
            last.text[:1].isupper()
            or (last.is_alpha and doc[j - 2].text == "-")
            or (last.lower_ in heads and not lookup(index, doc[start:end].text)[0])
        ):
            continue
        if any(t.is_punct and t.text != "-" or t.is_space for t in doc[end:j]):
            continue
        if lookup(index, doc[start:j].text)[0]:
            return j
    return end


def _strictly_locative(doc: Doc, index: Index, cues: Cues, start: int, rows: tuple, is_loose: bool) -> bool:
    """ "near Makhmur", "in Tuz Khurmatu": a known town the NER took for a person, after a word that
    puts what follows on a map (people are met "with", heard "from", not found "near")."""
    if start == 0 or doc[start - 1].lower_ not in cues.strict_preps:
        return False
    if start + 1 < len(doc) and doc[start + 1].tag_ == "POS":
        return False  # "in Ahmed's house"
    return not is_loose or index.population[rows[0]] >= float(current().places.modifier_town_min_population)


def _after_place_noun(doc: Doc, start: int, cues: Cues) -> bool:
    """ "the village of X", "the vicinity of X": a name the NER took for a person is a place."""
    if start < 2 or doc[start - 1].lower_ not in cues.of_words:
        return False
    word = doc[start - 2].lower_
    return word in cues.place_nouns or (word in cues.near_words and doc[start - 2].pos_ == "NOUN")


def _country_alias(index: Index, text: str) -> bool:
    return any(index.feature_of(r) in ("country", "admin1", "region") for r in index.keys.get(fold(text), ()))


def _split_unresolved(doc: Doc, index: Index, cues: Cues, start: int, end: int) -> list[Mention]:
    """Known names inside an NER span the gazetteer does not know whole ("Greece Italy"); none in
    a compound name ("Deir Siwan" is not Siwan). Where a capitalised word of the span is no known
    name, the parts are partial ("Bali Cad" is likely a village, not Bali and an unknown "Cad"):
    weak identity, a foreign reading of theirs needs evidence for its country."""
    if doc[start].lower_ in cues.name_heads:
        return []
    big = float(current().places.split_part_min_population)
    out, i = [], start
    while i < end and end - start > 1:
        for j in range(end, i, -1):
            rows, is_loose = lookup(index, doc[i:j].text)
            if i > start and _name_adjective(doc[i:j].text, cues):
                rows = ()  # "Samdaniyah al-Gharbiyah" is Western Samdaniyah, not Egypt's Gharbia
            if rows and not is_loose and (j - i > 1 or doc[i].lower_ not in cues.never_alone):
                if index.feature_of(rows[0]) in ("country", "admin1") or index.population[rows[0]] >= big:
                    out.append(Mention(i, j, rows, "ner"))
                i = j
                break
        else:
            i += 1
    covered = {k for m in out for k in range(m.start, m.end)}
    generic = cues.place_nouns | cues.landmark_heads | cues.institution_heads | cues.organisation_words
    if any(
        doc[k].text[:1].isupper() and k not in covered and doc[k].lower_ not in generic
        for k in range(start, end)
    ):
        for m in out:
            m.partial = True
    return out


def _name_adjective(text: str, cues: Cues) -> bool:
    """An Arabic adjective that ends a place name ("al-Gharbiyah", "al-Kubra", "al-Jadida")."""
    words = fold(text).replace("-", " ").split()
    if words and words[0] in cues.arabic_articles:
        words = words[1:]
    return len(words) == 1 and words[0] in cues.name_adjectives


def _split_places(doc: Doc, index: Index, cues: Cues, start: int, end: int) -> list[Mention]:
    """Places named one after another in a span the NER took for one organisation or person:
    "Mankhar, Hadramawt", "Foah in Idleb", "Ataq of Shabwah". Each part is a capitalised name; the
    one at least must be a known town, division or country; the others may be unknown (placed in it)."""
    bounds, i = [], start
    route = end < len(doc) and doc[end].lower_ in cues.route_nouns  # "the Kirkuk-Erbil road"
    for k in range(start, end + 1):
        # a dash between names: spaced, or before a route ("Kirkuk-Erbil road"); not "Diaz-Balart"
        dash = k < end and doc[k].text in ("-", "–") and (bool(doc[k].whitespace_) or route)
        if k == end or doc[k].lower_ in cues.separators or dash:
            if k > i:
                bounds.append((i, k))
            i = k + 1
    if len(bounds) < 2 or any(not doc[a].text[:1].isupper() for a, _ in bounds):
        return []
    out = []
    small = float(current().places.modifier_town_min_population)
    for a, b in bounds:
        if doc[a:b].text.isupper() and len(doc[a:b].text) <= 4:
            return []  # "IBA, Karachi": an acronym, not a place
        a, b, rows, is_loose = _name_rows(index, doc, a, b, cues)
        ok = rows and not (is_loose and index.population[rows[0]] < small)
        out.append(Mention(a, b, rows if ok else (), "fix" if ok else "landmark", is_loose))
    if not any(m.rows and index.feature_of(m.rows[0]) in ("country", "admin1", "city") for m in out):
        return []
    return out


def _organisation_like(doc: Doc, start: int, end: int, cues: Cues) -> bool:
    """A word of an organisation's name in ``doc[start:end]`` ("Institute", "Bank", "University")."""
    words = cues.organisation_words | cues.institution_heads | cues.never_alone
    return any(t.lower_ in words for t in doc[start:end])
