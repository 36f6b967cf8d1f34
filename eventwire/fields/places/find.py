"""Doc -> Place records: every toponym recognised (NER, then the gazetteer), resolved, and the
names the gazetteer lacks placed at the town or division named around them."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span

from ...gazetteer import Index, fold, load_index
from ...records import Place
from ...settings import current
from .entities import bracket_mentions, list_mentions, ner_mentions
from .mentions import Cues, Mention, load_cues, mark_unresolved, name_key
from .names import gazetteer_mentions, modifier_mentions
from .qualifiers import qualify
from .regions import country_part, in_part_of, is_division, spelling_variant
from .resolve import actor_evidence, relative_name, resolve_mentions


def find_mentions(doc: Doc, index: Index, cues: Cues) -> list[Mention]:
    """Toponym candidates in text order, each with the division or country named after it."""
    mentions = ner_mentions(doc, index, cues)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    taken |= {
        i
        for e in doc.ents
        if e.label_ in ("PERSON", "ORG", "NORP", "DATE", "TIME")
        for i in range(e.start, e.end)
        if not (e.label_ in ("DATE", "TIME") and _division_in_date(index, doc[i]))
    }
    mentions += gazetteer_mentions(doc, index, cues, taken)
    mentions += modifier_mentions(doc, index, cues, {i for m in mentions for i in range(m.start, m.end)})
    mentions += list_mentions(doc, index, cues, mentions)
    mentions += bracket_mentions(doc, index, cues, mentions)
    mentions = [m for m in mentions if not _vessel(doc, m, cues)]
    mentions.sort(key=lambda m: m.start)
    qualify(doc, index, mentions)
    return mentions


def _division_in_date(index: Index, tok) -> bool:
    """A capitalised word the tagger put in a date that is a first-level division's or a country's
    own name ("in Amhara on Monday" tagged one DATE): a name for the gazetteer to read."""
    if not tok.text[:1].isupper() or tok.like_num:
        return False
    return any(
        index.feature_of(r) in ("admin1", "country") and fold(index.name[r]) == fold(tok.text)
        for r in index.keys.get(fold(tok.text), ())
    )


def _vessel(doc: Doc, m: Mention, cues: Cues) -> bool:
    """A ship's name ("the USS Cole"): a word of place_cues.yaml vessel_prefixes before it."""
    return (m.start > 0 and doc[m.start - 1].lower_ in cues.vessel_prefixes) or doc[
        m.start
    ].lower_ in cues.vessel_prefixes


def _without_evidence(index: Index, doc: Doc, m: Mention, mentions: list[Mention], actors: Counter) -> bool:
    """A name of place_cues.yaml evidence_only_names ("the Gulf") whose country nothing else in the
    article names: no other place there, no demonym or local group of it."""
    key = name_key(doc, m)
    if key not in load_cues().evidence_only_names or m.best is None:
        return False
    cc = index.cc[m.best]
    others = any(
        x is not m and x.best is not None and index.cc[x.best] == cc and name_key(doc, x) != key
        for x in mentions
    )
    return not (others or actors.get(cc))


def find_places(doc: Doc) -> list[Place]:
    """Every toponym in ``doc`` resolved to coordinates, admin1 and country."""
    index, cues = load_index(), load_cues()
    mentions = find_mentions(doc, index, cues)
    actors = actor_evidence(doc)
    countries: Counter = resolve_mentions(doc, index, mentions, cues, actors)
    main_cc = countries.most_common(1)[0][0] if countries else None
    mentions = [m for m in mentions if not _without_evidence(index, doc, m, mentions, actors)]
    out = []
    for m in mentions:
        town = None
        if m.best is None:
            m.best = spelling_variant(doc, index, m, mentions, main_cc)
        if m.best is None:  # a landmark: at the place named around it, else the nearest town
            town = _landmark_anchor(doc, index, m, mentions, main_cc)
        place = _place(doc, index, m, town)
        if place is None and m.best is None and main_cc and relative_name(name_key(doc, m)):
            place = country_part(doc, index, m, main_cc)  # "the West Coast": of the article's country
        if (
            place is not None
            and m.best is None
            and town is not None
            and m.direction
            and is_division(index, town)
        ):
            place = in_part_of(index, place, town, m.direction)
        if place is not None:
            out.append(mark_unresolved(place) if m.best is None else place)
    return out


def _landmark_anchor(
    doc: Doc, index: Index, m: Mention, mentions: list[Mention], main_cc: str | None
) -> int | None:
    """Where a name the gazetteer lacks is placed: the place named around it ("X in Y", "X, Y",
    "X (Y)"), or, where that is a division, a town its sentence names inside it ("in Bogra city,
    Bogra Sadar (Rajshahi)": at Bogra, not Rajshahi's centre); with nothing around it, the first
    town of the article's main country in its sentence."""
    sent = doc[m.start].sent
    named = [x.best for x in mentions if x.best is not None and sent.start <= x.start < sent.end]
    around = m.qualified_by.best if m.qualified_by is not None else None
    if around is not None:
        if index.feature_of(around) in ("admin1", "country"):
            inside = [
                t
                for t in named
                if index.feature_of(t) in ("city", "site")
                and index.cc[t] == index.cc[around]
                and (index.feature_of(around) == "country" or index.admin1code[t] == index.admin1code[around])
            ]
            if inside:
                return inside[0]
        return around
    towns = [t for t in named if index.feature_of(t) in ("city", "site", "admin1") and index.cc[t] == main_cc]
    return towns[0] if towns else None


def _bare_name(span: Span) -> str:
    """The name of a place the gazetteer lacks, without the words that say what it is ("Amchide
    village" is Amchide) or a bracket it ran into ("Ouake (Ouake"); a capitalised noun stays part of
    the name ("Kakuma Refugee Camp")."""
    words = load_cues().place_words
    tokens = list(span)
    cut = next((i for i, t in enumerate(tokens) if t.text == "("), len(tokens))
    tokens = tokens[:cut]
    while len(tokens) > 1 and tokens[-1].text in words:
        tokens.pop()
    if not tokens:
        return span.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


def _place(doc: Doc, index: Index, m: Mention, town: int | None = None) -> Place | None:
    """The Place of a resolved mention; of an unresolved one, at ``town`` (None: no place)."""
    span = doc[m.start : m.end]
    if m.best is None:
        if town is None:
            return None
        p = _place(doc, index, replace(m, best=town, margin=0.0))
        feature = "site" if index.feature_of(town) in ("city", "site") else "region"
        return replace(p, text=span.text, name=_bare_name(span), geonameid=None, feature=feature,
                       population=None, confidence=float(current().places.unresolved_confidence))  # fmt: skip
    r = m.best
    cc = index.cc[r]
    info = index.countries.get(cc, {})
    feat = index.feature_of(r)
    base = float(current().places.confidence_base)
    gain = float(current().places.confidence_margin_gain)
    scale = float(current().places.confidence_margin_scale)
    conf = base + gain * (1 - math.exp(-max(m.margin, 0.0) / scale))
    factor = float(current().places.gazetteer_confidence_factor) if m.source == "gazetteer" else 1.0
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
        confidence=round(conf * factor, 3),
    )
