"""Resolution: the article's country evidence, a prior over each name's gazetteer rows, two passes
that add the evidence and the nearness of other places, and the rejection of implausible foreign
namesakes (a name the gazetteer lacks is then placed like a landmark)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ...gazetteer import Index, fold, load_index, loose
from ...geo import haversine_km
from ...nlp.syntax import doc_text, once_per_doc
from ...settings import current
from ..actors import convention_countries, group_evidence, load_actor_tables
from .mentions import Cues, Mention, bracket_opening, demonym, load_cues, name_key


def actor_evidence(doc: Doc) -> Counter:
    """Country evidence from who is named: demonyms ("Iraqi") and local groups ("Houthis")."""
    return Counter(dict(_actor_evidence(doc)))


@once_per_doc
def _actor_evidence(doc: Doc) -> tuple[tuple[str, float], ...]:
    evidence: Counter = Counter()
    index, cues = load_index(), load_cues()
    deployments = load_actor_tables().deployments
    for tok in doc:
        iso2 = demonym(index, tok) if tok.text[:1].isupper() else None  # demonyms are capitalised
        if iso2 is None:
            iso2 = _division_people(index, tok)  # "Turkana herdsmen": a division's demonym
        if iso2:
            forces = _names_forces(doc, tok.i, cues)
            weight = current().places.attacker_demonym_weight if forces else current().places.demonym_weight
            evidence[iso2] += float(weight)
            where = deployments.get(iso2) if forces else None
            if where:  # "Turkish warplanes struck ...": most likely in Syria (actors.yaml deployments)
                evidence[where] += float(current().places.deployment_weight)
    for ent in doc.ents:
        if ent.label_ == "ORG":
            iso2 = _division_named_organisation(index, ent)
            if iso2:  # "Karnataka Rajya Raitha Sangha", "Tamil Nadu State ... Federation"
                evidence[iso2] += float(current().places.org_division_weight)
    home, abroad = group_evidence(doc_text(doc))
    for iso2 in home:
        evidence[iso2] += float(current().places.group_weight)
    for iso2 in abroad:
        evidence[iso2] += float(current().places.abroad_group_weight)
    for iso2 in convention_countries(doc_text(doc)):
        evidence[iso2] += float(current().places.convention_weight)
    return tuple(evidence.items())


def _division_named_organisation(index: Index, ent: Span) -> str | None:
    """ISO2 of the one country whose first-level division opens the name of organisation ``ent``
    ("Karnataka Rajya Raitha Sangha", "Tamil Nadu State Credit Society Employees' Federation"):
    where it works. None where the name is also a country's, or divisions' of several countries
    ("Punjab ... Union"), or only a town's."""
    if len(ent) and ent[0].dep_ == "det":
        ent = ent[1:]  # "the Texas Farm Bureau"
    # a hyphenated name is one name: "Benishangul-Gumuz Regional Government" is named by the region,
    # "Donga-Mantung" (Cameroon's) not by Benin's Donga; unless both halves are places, a route
    # between them ("Pattani-Hat Yai Road")
    sizes: tuple[int, ...] = (2, 1)
    if len(ent) > 2 and ent[1].text == "-":
        route = any(fold(ent[2:k].text) in index.keys for k in (3, 4) if k <= len(ent))
        sizes = (3, 1) if route else (3,)
    for n in sizes:
        if len(ent) <= n or (n > 1 and ent[n].text == "-"):
            continue
        countries = _division_countries(index, ent[:n].text)
        if countries:
            return next(iter(countries)) if len(countries) == 1 else None
    return None


def _division_countries(index: Index, name: str) -> set[str]:
    """ISO2 of the countries with a first-level division named ``name``; none where it is also a
    country's name ("Georgia")."""
    rows = index.keys.get(fold(name), ())
    if any(index.feature_of(r) == "country" for r in rows):
        return set()
    return {index.cc[r] for r in rows if index.feature_of(r) == "admin1"}


def _division_people(index: Index, tok: Token) -> str | None:
    """ISO2 of the one country whose first-level division ``tok`` names right before a noun, as a
    demonym would: "Turkana herdsmen", "Kachin schoolteachers", "Amhara farmers". None where the
    name is a country's too, or divisions' of several countries ("Punjab police")."""
    if not tok.text[:1].isupper() or tok.dep_ not in ("compound", "amod") or tok.head.i != tok.i + 1:
        return None
    if tok.head.pos_ != "NOUN" or tok.head.tag_ != "NNS":
        return None  # people, in the plural ("herdsmen", "villagers"), not a thing it names
    countries = _division_countries(index, tok.text)
    return next(iter(countries)) if len(countries) == 1 else None


def _names_forces(doc: Doc, i: int, cues: Cues) -> bool:
    """The demonym at ``i`` names armed forces: "Turkish warplanes", "Russian and regime jets",
    "Saudi-led coalition planes", "Syrian or Russian warplanes"."""
    for tok in doc[i + 1 : i + 5]:
        if tok.lower_ in cues.force_nouns:
            return True
        if not (tok.is_punct or tok.pos_ in ("ADJ", "CCONJ", "ADV") or tok.lower_ in cues.force_fillers):
            return False
    return False


@dataclass(frozen=True)
class Prior:
    """The weights of a gazetteer row's prior score (settings.toml [places] prior_*)."""

    unknown_town_population: int
    population_offset: float
    world_city_population: float
    world_city_bonus: float
    feature_bonus: dict[str, float]
    exact_name_bonus: float
    capital_bonus: float
    loose_penalty: float
    qualifier_bonus: float
    division_noun_bonus: float
    division_town_penalty: float
    division_town_min_population: float
    learned_bonus: float


def prior_weights() -> Prior:
    """The prior's weights from the active settings."""
    return Prior(
        unknown_town_population=int(float(current().places.unknown_town_population)),
        population_offset=float(current().places.prior_population_offset),
        world_city_population=float(current().places.prior_world_city_population),
        world_city_bonus=float(current().places.prior_world_city_bonus),
        feature_bonus={
            "country": float(current().places.prior_country_bonus),
            "continent": float(current().places.prior_continent_bonus),
            "admin1": float(current().places.prior_admin1_bonus),
            "site": float(current().places.prior_site_bonus),
            "region": float(current().places.prior_region_bonus),
        },
        exact_name_bonus=float(current().places.prior_exact_name_bonus),
        capital_bonus=float(current().places.prior_capital_bonus),
        loose_penalty=float(current().places.prior_loose_penalty),
        qualifier_bonus=float(current().places.prior_qualifier_bonus),
        division_noun_bonus=float(current().places.prior_division_noun_bonus),
        division_town_penalty=float(current().places.prior_division_town_penalty),
        division_town_min_population=float(current().places.prior_division_town_min_population),
        learned_bonus=float(current().places.prior_learned_bonus),
    )


def _prior(index: Index, doc: Doc, m: Mention, row: int, cues: Cues, w: Prior) -> float:
    feat = index.feature_of(row)
    pop = index.population[row]
    if pop == 0 and feat == "city":  # GeoNames' 0 is "not known", not "empty"
        pop = w.unknown_town_population
    score = math.log10(pop + w.population_offset)
    exact = fold(index.name[row]) == fold(doc[m.start : m.end].text)
    if feat == "city" and index.population[row] >= w.world_city_population and exact:
        score += w.world_city_bonus  # a world city beats its namesakes unless the context says
        # otherwise (not by one of its aliases: "Bethlehem" is Belem only in Portuguese)
    # a division's population is the sum of its towns': damp it against a town of the same name
    # a learned place (coded in exports, its population a proxy from its events): one bonus for all
    score += w.learned_bonus if index.is_learned(row) else w.feature_bonus.get(feat, 0.0)
    if exact:
        score += w.exact_name_bonus
        if row in _capitals(index):
            score += w.capital_bonus  # "Washington", "Amman": the capital over its namesakes
    if m.loose:
        score -= w.loose_penalty
    if m.qualifier and fits_qualifier(index, m, row):
        score += w.qualifier_bonus
    if feat == "admin1":
        nxt = doc[m.end].lower_ if m.end < len(doc) else ""
        if nxt in cues.division_nouns or bracket_opening(doc, m.start, m.end) is not None:
            score += w.division_noun_bonus  # "Rajshahi province", "Bogra Sadar (Rajshahi)": the division
        elif any(
            index.feature_of(r) == "city"
            and index.cc[r] == index.cc[row]
            and index.admin1code[r] == index.admin1code[row]
            and index.population[r] >= w.division_town_min_population
            for r in m.rows[:6]
        ):
            score -= w.division_town_penalty  # "Baghdad" is the city unless "province" follows
    return score


@lru_cache(maxsize=1)
def _capitals(index: Index) -> frozenset[int]:
    return frozenset(c["capital_row"] for c in index.countries.values() if c.get("capital_row") is not None)


def resolve_mentions(doc: Doc, index: Index, mentions: list[Mention], cues: Cues, extra: Counter) -> Counter:
    """Set each mention's best row and margin in two passes, priors alone, then with the article's
    countries (``extra``: evidence from who is named) and nearby places; returns the countries."""
    w = prior_weights()
    lone_margin = float(current().places.lone_candidate_margin)
    max_candidates = int(float(current().places.max_candidates))
    scored: list[list[tuple[float, int]]] = []
    for m in mentions:
        cands = [(_prior(index, doc, m, r, cues, w), r) for r in m.rows[:max_candidates]]
        cands += [
            (_prior(index, doc, m, r, cues, w) - w.loose_penalty, r) for r in _loose_only(index, doc, m)
        ]
        cands.sort(reverse=True)
        scored.append(cands)
    countries: Counter = Counter(extra)
    anchor_names: dict[int, set[str]] = {}  # anchor town -> the names that made it one
    division_names: dict[tuple[str, str], set[str]] = {}
    by_name: dict[str, Counter] = {}  # each name's own share of the evidence
    firsts: list[tuple[Mention, int]] = []
    first_by_name: dict[str, Counter] = {}
    min_margin = float(current().places.anchor_margin)
    for m, cands in zip(mentions, scored):
        if not cands:
            continue
        best = cands[0][1]
        margin = cands[0][0] - cands[1][0] if len(cands) > 1 else lone_margin
        if margin >= min_margin and index.cc[best] and fits_qualifier(index, m, best):
            firsts.append((m, best))
            first_by_name.setdefault(name_key(doc, m), Counter())[index.cc[best]] += 1.0
    first_countries = Counter(extra) + sum(first_by_name.values(), Counter())
    for m, best in firsts:
        key = name_key(doc, m)
        if not _implausible(index, m, best, first_countries - first_by_name[key], key):
            # a foreign namesake the rest of the article speaks against is no anchor
            countries[index.cc[best]] += 1.0
            by_name.setdefault(key, Counter())[index.cc[best]] += 1.0
            if index.feature_of(best) in ("city", "site"):
                anchor_names.setdefault(best, set()).add(key)
            if index.feature_of(best) in ("city", "site", "admin1"):
                division_names.setdefault((index.cc[best], index.admin1code[best]), set()).add(key)
    shares = {"": _shares(index, countries)}
    w_country = float(current().places.country_weight)
    w_near = float(current().places.proximity_weight)
    near_rank = int(float(current().places.proximity_max_rank))
    proximity_km = float(current().places.proximity_km)
    w_division = float(current().places.division_weight)
    w_town_division = float(current().places.town_division_factor)
    w_admin1 = float(current().places.admin1_country_factor)
    near_km = float(current().places.near_anchor_km)
    for m, cands in zip(mentions, scored):
        if not cands:
            continue
        rescored = []
        rival_divisions = _rival_divisions(index, cands)
        # a name is no evidence for its own reading: "Hays" (Kansas) does not confirm itself
        key = name_key(doc, m)
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
            if n < near_rank and _near_anchor(index, r, anchors, proximity_km):
                s += w_near
            if index.feature_of(r) != "admin1" and (index.cc[r], index.admin1code[r]) in divisions:
                s += w_division
            elif index.feature_of(r) == "admin1" and (index.cc[r], index.admin1code[r]) in town_divisions:
                s += w_town_division * w_division  # "Atlanta ... Georgia": the state of a town named nearby
            rescored.append((s, r))
        rescored.sort(reverse=True)
        r = rescored[0][1]
        # "Hizma ... Jerusalem": a town beside another the article names is no foreign namesake
        near_anchor = _near_anchor(index, r, anchors, near_km)
        if not near_anchor and _implausible(index, m, r, countries - by_name.get(key, Counter()), key):
            continue  # left unresolved: placed like a landmark, at the town or division around it
        m.best = r
        m.margin = rescored[0][0] - rescored[1][0] if len(rescored) > 1 else lone_margin
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
    key = loose(name_key(doc, m))
    extra = index.loose_keys.get(key, ())
    if not extra:
        return []
    known = set(m.rows)  # by their own name only, not by one of their many aliases
    return [r for r in extra[:10] if r not in known and loose(fold(index.name[r])) == key]


def _shares(index: Index, countries: Counter) -> dict[str, float]:
    """Each evidence country's share, saturating (two mentions count nearly as much as twenty);
    its neighbours get a part of it (neighbour_share)."""
    neighbour = float(current().places.neighbour_share)
    share = {cc: v / (v + 1.0) for cc, v in countries.items() if v > 0}
    for cc, v in list(share.items()):
        for nb in index.countries.get(cc, {}).get("neighbours", []):
            share[nb] = max(share.get(nb, 0.0), v * neighbour)
    return share


def _rival_divisions(index: Index, cands: list[tuple[float, int]]) -> set[int]:
    """Candidate divisions with a namesake division in another country ("Al Jawf": Saudi
    Arabia's and Yemen's): between those the article's country decides, not population."""
    divisions = [r for _, r in cands if index.feature_of(r) == "admin1"]
    return set(divisions) if len({index.cc[r] for r in divisions}) > 1 else set()


def fits_qualifier(index: Index, m: Mention, r: int) -> bool:
    """No "X, Y" qualifier, or row ``r`` lies in the country or division it names."""
    return (
        not m.qualifier or index.cc[r] in m.qualifier or f"{index.cc[r]}:{index.admin1code[r]}" in m.qualifier
    )


def _implausible(index: Index, m: Mention, r: int, countries: Counter, key: str) -> bool:
    """A small foreign namesake (town or site): the name is most likely a local place the gazetteer lacks.

    ``countries``: the article's country evidence from everything but this name, ``key`` its folded text."""
    if not fits_qualifier(index, m, r):  # "Aqaba region of Jawf": no Jordanian division in Yemen
        same_country = any(q.split(":")[0] == index.cc[r] for q in m.qualifier)
        return index.feature_of(r) in ("city", "site") or (
            index.feature_of(r) == "admin1" and not same_country
        )
    own = countries.get(index.cc[r], 0.0)
    others = sum(countries.values()) - own
    if relative_name(key) and own <= 0 < others:
        return True  # "the West Coast" of the article's own country, not New Zealand's division
    feat = index.feature_of(r)
    if feat in ("country", "continent") or own > float(current().places.foreign_town_own_evidence):
        return False
    if m.partial and others >= float(current().places.foreign_town_evidence):
        return True  # "Bali" of "raids in Bali Cad village" in a Somali report: no Indonesian island
    if feat in ("admin1", "region") or r in _capitals(index):
        return False  # a camp or base abroad is judged as a small town: "Hawl" in a Yemeni report
    pop = index.population[r]
    if others <= 0 and not index.is_learned(r):  # nothing in the article for any country
        return pop < float(current().places.lone_town_min_population)  # "Northlink College in Bellville"
    big = float(current().places.foreign_big_city_population)
    if others >= float(current().places.foreign_alias_evidence) and not _own_name(index, key, r):
        return True  # "Sawh", an alternate name of Arak, in a note about the Saudi-led coalition
    if pop < float(current().places.foreign_town_min_population) or (m.loose and pop < big):
        # a loose spelling is weak identity: judged as a small town ("al-Zaafaranah" is no Zaafarana,
        # Egypt, in a report on the Syrian regime)
        return others >= float(current().places.foreign_town_evidence)
    if pop < float(current().places.foreign_city_min_population):  # a larger town needs more against it
        return others >= float(current().places.foreign_mid_town_evidence)
    if pop < big:
        return others >= float(current().places.foreign_big_town_evidence)
    return False


def relative_name(key: str) -> bool:
    """A name that is a direction in whatever country is meant: "West Coast", "North East",
    "Southern Region" (not "South Africa" or "West Bank", which name one place)."""
    cues = load_cues()
    words = key.replace("-", " ").split()
    return len(words) == 2 and words[0] in cues.relative_first and words[1] in cues.relative_last


def _own_name(index: Index, key: str, r: int) -> bool:
    """Whether the folded name ``key`` is row ``r``'s own name (in any spelling), not one of its
    alternate names ("New York" is New York City's own name: place_cues.yaml own_name_suffixes)."""
    name = fold(index.name[r])
    names = {name} | {name.removesuffix(" " + word) for word in load_cues().own_name_suffixes}
    return key in names or loose(key) in {loose(n) for n in names}
