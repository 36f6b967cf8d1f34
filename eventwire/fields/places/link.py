"""Event <- place: the article's focus country, the place where an event happened and its ACLED
geo_precision, and country- or division-level places coded at the capital or seat as ACLED does."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ...gazetteer import fold, load_index, skeleton
from ...nlp.syntax import once_per_doc
from ...records import Event, Place
from ...settings import current
from .mentions import (
    PLACE_LABELS,
    Cues,
    bracket_opening,
    dateline_end,
    direction,
    home_ranges,
    load_cues,
    patron_words,
    unresolved,
)
from .qualifiers import beside, qualifier_filler
from .regions import in_part_of
from .resolve import actor_evidence


def article_focus(doc: Doc, places: list[Place]) -> str | None:
    """ISO2 code of the article's main country (places, demonyms, dateline)."""
    return weighted_focus(doc, places)[0]


def weighted_focus(doc: Doc, places: list[Place]) -> tuple[str | None, float]:
    """The article's main country (:func:`article_focus`) with the weight of its evidence (a place
    mention counts 1-4, a demonym 0.3, a group that often fights abroad 0.05)."""
    index = load_index()
    iso3_to_2 = {info["iso3"]: iso2 for iso2, info in index.countries.items()}
    cues = load_cues()
    country_weight = float(current().places.focus_country_weight)
    place_weight = float(current().places.focus_place_weight)
    actor_factor = float(current().places.focus_actor_factor)
    locative_factor = float(current().places.focus_locative_factor)
    lead_chars = int(float(current().places.focus_lead_chars))
    lead_bonus = float(current().places.focus_lead_bonus)
    score: Counter = Counter()
    filed = dateline_end(doc)
    homes = _home_chars(doc)
    for p in places:
        if any(a <= p.start and p.end <= b for a, b in homes):
            continue  # a person's home says nothing of where the article's events are
        iso2 = iso3_to_2.get(p.iso3) if p.iso3 else None
        span = _tokens(doc, p.start, p.end)
        if iso2 is None or span is None:
            continue
        # where things happen weighs more than whose they are: "in Basra" > "US troops"
        weight = country_weight if p.feature == "country" else place_weight
        if _is_actor_modifier(span.root, cues):
            weight *= actor_factor
        elif span.start > 0 and (
            doc[span.start - 1].lower_ in cues.locative_preps or span.root.dep_ == "pobj"
        ):
            weight *= locative_factor
        if p.start < lead_chars and not (filed is not None and p.end <= filed):
            weight += lead_bonus  # the first line (not a dateline: where the report was filed)
        score[iso2] += weight * p.confidence
    score.update(actor_evidence(doc))
    if not score:
        return None, 0.0
    iso2, weight = score.most_common(1)[0]
    return iso2, float(weight)


@once_per_doc
def _home_chars(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Character ranges of :func:`home_ranges`."""
    return tuple((doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b in home_ranges(doc))


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
    patrons = patron_words()
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in patrons:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in cues.agent_preps and tok.head.head.lower_ in patrons:
        return True  # "rebel factions backed by Turkey": the patron, not the place
    head = tok.head
    if head.lower_ in cues.sub_words and head.i + 2 < len(doc) and doc[head.i + 1].text == "-":
        head = doc[head.i + 2]  # "Raju sub-district"
    if tok.dep_ in ("compound", "amod", "poss", "nmod") and head.lower_ not in cues.place_words:
        return tok.head.i > tok.i and tok.head.ent_type_ not in PLACE_LABELS
    return False


def _introduced_as_place(doc: Doc, span: Span, cues: Cues) -> bool:
    """The name follows a word that says where: "in Bilin", "near Hama", "the village of Bilin"."""
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in cues.articles or doc[i].ent_iob_ == "I"):
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    if word in cues.of_words:
        return i > 0 and doc[i - 1].lower_ in cues.place_nouns
    return (
        word in cues.strict_preps
        or word in cues.point_preps
        or word in cues.place_nouns
        and i > 0
        and doc[i - 1].lower_ in cues.strict_preps
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


def place_for_event(
    doc: Doc,
    event: Event,
    places: list[Place],
    focus_iso2: str | None,
    *,
    actor_iso2: str | None = None,
    focus_weight: float | None = None,
) -> tuple[Place | None, int | None]:
    """The place where ``event`` happened and its ACLED geo_precision (1, 2 or 3).

    In order: a place in the evidence sentence tied to the trigger in the dependency tree
    ("strike in Baghdad", "shelled Hama"; the most specific such place, then the closest), else
    the nearest place in the sentence, else, when every sub-national place in the article lies
    in one first-level division, the first of them, else the focus country; ``actor_iso2`` (the
    country the event's actors place it in: its target's) replaces the focus here, unless the
    article names towns or divisions of the focus country and none of the actors' country. Places naming an
    actor ("US troops", "Iraq's parliament", "The US said") are skipped. Precision: 1 a town or
    site, 2 near it ("near", "outskirts", "X district") or a town found only by fallback, 3 a
    division, region or country. Coordinates follow ACLED: a country-only event is coded at
    the capital and a division-only event at its largest town (the seat in most countries);
    the toponyms themselves (``find_places``) keep GeoNames-style centre points. A focus country
    the text never names is given with ``[places] country_confidence``, or its evidence's weight
    (``focus_weight``) where that is less: "Boko Haram attacked the village of X" says Nigeria
    only by the group's home, 0.05 (a corpus's country prior outweighs it, ``prior``).
    """
    cues = load_cues()
    specific = cues.feature_specificity
    bucket = int(float(current().places.event_distance_bucket))
    homes = _home_chars(doc)  # "Sgt. Jo Reyes, 24, of Austin, Texas": whose home, never where
    resolved = [
        p
        for p in places
        if p.name is not None
        and p.feature != "continent"
        and not any(a <= p.start and p.end <= b for a, b in homes)
    ]
    trigger = _tokens(doc, event.trigger.start, event.trigger.end) if event.trigger else None
    if event.evidence is not None:
        lo, hi = event.evidence.start, event.evidence.end
    elif trigger is not None:
        lo, hi = trigger.sent.start_char, trigger.sent.end_char
    else:
        lo, hi = 0, 0
    in_sent = [p for p in resolved if lo <= p.start and p.end <= hi]
    filed = dateline_end(doc)
    if filed is not None:  # where the report was filed: the event's place only if nothing else places it
        in_sent = [p for p in in_sent if p.end > filed]
    if any(p.iso3 for p in in_sent):  # "the Red Sea port city of Hodeidah": a sea is no event place
        in_sent = [p for p in in_sent if p.iso3]
    elif actor_iso2 or focus_iso2:
        in_sent = [p for p in in_sent if p.iso3 or p.feature not in ("region", "continent")]
    best: tuple | None = None
    protest = event.event_type in ("Protests", "Riots")
    candidates: dict[int, tuple[Place, Span]] = {}
    spans = [(p, span) for p in in_sent if (span := _tokens(doc, p.start, p.end)) is not None]
    ends = [span.end for _, span in spans]
    for p, span in spans:
        root = span.root
        if _is_actor_modifier(root, cues) or root.dep_ == "nsubj":
            continue  # "US troops", "Iraq's parliament", "The US said": who, not where
        candidates[span.start] = (p, span)
        hops = _tie(root, trigger.root) if trigger is not None else None
        dist = abs(root.i - trigger.root.i) if trigger is not None else root.i
        # "fired from Syria": not where
        origin = int(span.start > 0 and doc[span.start - 1].lower_ in cues.origin_preps)
        if (
            span.start > 1
            and doc[span.start - 1].lower_ in cues.border_preps
            and doc[span.start - 2].lower_ in cues.border_nouns
        ):
            origin = max(origin, 1)  # "in Najran, on the border with Yemen": the neighbour, not where
        if p.feature == "country" and root.dep_ == "poss":
            origin = max(origin, 1)  # "as Israel's capital": a country that owns a place is not where
        introduced = _introduced_as_place(doc, span, cues)
        topic = protest and trigger is not None and _in_topic(root, trigger.root, cues)
        if topic and not introduced:
            origin = max(origin, 1)  # "a rally against naming Jerusalem the capital": what, not where
        rank = specific.get(p.feature or "city", specific["country"])
        # "in Kushtia city, Kushtia Sadar (Khulna)": the division in brackets after a place is not where
        opening = bracket_opening(doc, span.start, span.end)
        aside = int(opening is not None and any(0 <= opening - e <= 6 for e in ends))
        # "..., 90 km north of San Salvador": the point another place is measured from, not where
        aside = max(aside, int(any(e <= span.start and beside(doc, e, span.start) for e in ends)))
        if hops is not None:
            key = (origin, aside, 0, hops[0], rank, hops[1], dist)
        else:  # untied: "in X" before a topic ("a rally against recognising Jerusalem ... in Bilin"),
            # then the nearest, preferring the more specific among near ones
            key = (origin, aside, 1, not introduced, dist // bucket, rank, dist)
        if best is None or key < best[0]:
            best = (key, p, span)
    if best is not None:
        _, p, span = best
        p, span = _qualified_place(doc, span, candidates, cues) or (p, span)
        return _in_named_part(doc, span, _coded(p)), _precision(doc, p, span, cues)
    if actor_iso2 and focus_iso2 and actor_iso2 != focus_iso2:
        # where the article names towns or divisions of its focus country and none of the actors'
        # country, the actors are abroad: "six American service members were killed" in a report
        # from Bagram (that quotes the U.S. Secretary of Defense)
        countries = load_index().countries
        named = {p.iso3 for p in resolved if p.feature != "country"}
        abroad = countries.get(focus_iso2, {}).get("iso3") in named
        if not abroad or countries.get(actor_iso2, {}).get("iso3") in named:
            focus_iso2 = actor_iso2
    else:
        focus_iso2 = actor_iso2 or focus_iso2
    weight = (
        None if focus_iso2 == actor_iso2 else focus_weight
    )  # the event's own actors: as sure as a mention
    if focus_iso2:
        info = load_index().countries.get(focus_iso2, {})
        local = [p for p in resolved if p.iso3 == info.get("iso3") and p.feature != "country"]
        if local and len({p.admin1 for p in local}) == 1:  # the article stays in one division
            first = local[0]
            return _coded(first), 3 if first.feature in ("admin1", "region") else 2
        mention = next((p for p in resolved if p.iso3 == info.get("iso3")), None)
        place = _country_place(focus_iso2, mention)
        if mention is None and place is not None and weight is not None:
            place = replace(place, confidence=round(min(place.confidence, weight), 4))
        return place, 3
    return None, None


def _qualified_place(
    doc: Doc, span: Span, candidates: dict[int, tuple[Place, Span]], cues: Cues
) -> tuple[Place, Span] | None:
    """The candidate that ``span`` only qualifies: "Afrin city in northern Aleppo" -> Afrin."""
    for _, (p, other) in sorted(candidates.items(), reverse=True):
        if other.end > span.start or span.start - other.end > 7:
            continue
        if p.feature in ("city", "site", "admin1") and beside(doc, other.end, span.start):
            # "the town of Hizma to the northeast of Jerusalem" -> Hizma; "Chalatenango Department,
            # 90 km north of San Salvador" -> Chalatenango
            return p, other
        if p.feature not in ("city", "site"):
            continue
        between = doc[other.end : span.start]
        while between and (
            between[0].lower_ in cues.place_nouns
            or between[0].lower_ in cues.sub_words
            or between[0].lower_ == "-"
        ):
            between = between[1:]  # "Raju sub-district of Afrin"
        if (
            between
            and (between[0].text == "," or between[0].text in cues.qualifier_links)
            and all(
                t.text in (",", "-") or t.text in cues.qualifier_links or qualifier_filler(doc, t.i, cues)
                for t in between
            )
        ):
            return p, other
    return None


def _in_named_part(doc: Doc, span: Span, p: Place) -> Place:
    """An event "in southern Idleb" / "in the northern countryside of Hama": at the middle of that
    part of the division, not at its seat (the division, or a seat named as the division is)."""
    sides = direction(doc, max(0, span.start - 3), span.start) or direction(
        doc, span.end, min(len(doc), span.end + 2)
    )
    if not sides or p.feature not in ("admin1", "city") or p.geonameid is None and p.feature == "city":
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
    return in_part_of(index, p, r, sides)


def set_place(event: Event, place: Place, precision: int) -> None:
    """Write ``place`` into ``event``'s place fields, coded at ``precision`` (ACLED's geo_precision)."""
    event.location = place.name
    event.admin1 = place.admin1
    event.country = place.country
    event.iso3 = place.iso3
    event.latitude = place.latitude
    event.longitude = place.longitude
    event.geonameid = place.geonameid
    event.geo_precision = precision


def country_place(iso2: str) -> Place | None:
    """A country as an event place, coded at its capital's coordinates as ACLED does, with
    geo_precision 3 and no admin1 (the country-level flag: location the country, admin1 None)."""
    return _country_place(iso2, None) if iso2.upper() in load_index().countries else None


def _precision(doc: Doc, p: Place, span: Span, cues: Cues) -> int:
    if unresolved(p):
        return 2  # a place we could not find, coded at the town or division around it
    if p.feature in ("country", "continent", "admin1", "region"):
        before = {t.lower_ for t in doc[max(0, span.start - 3) : span.start]}
        return 2 if before & cues.near_words and p.feature != "country" else 3
    window = {t.lower_ for t in doc[max(0, span.start - 3) : span.start]}
    sub = span.end < len(doc) and doc[span.end].lower_ in cues.sub_words
    window |= {t.lower_ for t in doc[span.end : span.end + (3 if sub else 2)]}  # "sub-district"
    return 2 if window & cues.near_words else 1


def _coded(p: Place) -> Place:
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
    """The country as an event location: its name, coded at the capital's coordinates, no admin1."""
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
        admin1=None,  # a country-level event: no division of its own (not the capital's)
        latitude=round(float(index.lat[at]), 5),
        longitude=round(float(index.lon[at]), 5),
        geonameid=index.geonameid[row] or None,
        feature="country",
        population=index.population[row] or None,
        confidence=mention.confidence if mention else float(current().places.country_confidence),
    )
