"""Actors: normalise mentions to canonical ACLED-style names with country and inter code."""

from __future__ import annotations

import re

from ..models import Actor, Event
from .actors_dict import MAX_NGRAM, ActorTables, PhraseTable, country_display, load_actor_tables, words
from .events_lexicon import load_lexicon

VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# A country word followed by one of these names a patron, not the actor ("Iranian-backed militias").
_PATRON_PREV = frozenset({"pro", "anti"})
# Military words that name a state's forces by themselves (no country needed in the mention).
_STATE_WORDS = frozenset(
    {"forces", "force", "troops", "troop", "army", "soldiers", "soldier", "military", "regime", "marines"}
    | {"servicemen", "paratroopers", "commandos", "navy", "pentagon", "idf", "gendarmerie", "police"}
)
_ORG_WORDS = {
    "militia": 3, "militias": 3, "resistance": 3, "mujahideen": 3, "brigade": 2, "brigades": 2,
    "battalion": 2, "battalions": 2, "front": 2, "army": 2, "liberation": 2, "movement": 3,
    "party": 3, "council": 3, "alliance": 2, "organization": 2, "organisation": 2, "group": 2,
    "forces": 2, "corps": 2, "jihad": 2, "guards": 3, "union": 3, "coalition": 2, "tigers": 2,
    "fighters": 2,
}  # fmt: skip
# "an unidentified number of Saudi soldiers": the count is unknown, not the actor
_QUANTITY = re.compile(
    r"^(?:an?\s+)?(?:unidentified|unknown|unspecified|undetermined|undisclosed|unconfirmed)\s+"
    r"(?:number|amount|count)\s+of\s+",
    re.I,
)
_DET = re.compile(r"^(?:the|a|an|some|several|many|dozens of|hundreds of|thousands of)\s+", re.I)


def _scan(
    tokens: list[str], table: PhraseTable, caps: frozenset = frozenset()
) -> list[tuple[int, int, object]]:
    """Longest non-overlapping matches of ``table`` keys in ``tokens``: (start, end, value)."""
    low = [t.lower() for t in tokens]
    longest = table.longest_from
    out, i = [], 0
    while i < len(low):
        for n in range(min(longest.get(low[i], 0), MAX_NGRAM, len(low) - i), 0, -1):
            k = tuple(low[i : i + n])
            if k in table and (k not in caps or all(t.isupper() for t in tokens[i : i + n])):
                out.append((i, i + n, table[k]))
                i += n
                break
        else:
            i += 1
    return out


def _countries(tokens: list[str], tables: ActorTables) -> list[tuple[str, bool]]:
    """(ISO2, ends-in-demonym) for countries named in ``tokens`` as the actor's own (patrons left out)."""
    low = [t.lower() for t in tokens]
    found = []
    for i, j, iso2 in _scan(tokens, tables.countries):
        # short aliases (US, UK, CAR, DRC) only in capitals
        if j - i == 1 and len(low[i]) <= 3 and not tokens[i].isupper():
            continue
        if j < len(low) and low[j] in tables.patron_words or i > 0 and low[i - 1] in _PATRON_PREV:
            continue
        found.append((iso2, j == len(low) and tuple(low[i:j]) in tables.demonyms))
    return found


def _first_conjunct(tokens: list[str], tables: ActorTables) -> list[str]:
    """ "Turkish and Olive Branch forces": the first conjunct, a state's forces ("Turkish forces");
    the others are its allies. Tokens unchanged unless a country opens the mention before "and"."""
    start = 1 if tokens and tokens[0].lower() in ("the", "a", "an") else 0
    hits = [h for h in _scan(tokens, tables.countries) if h[0] == start]
    if not hits or len(tokens) < hits[0][1] + 2:
        return tokens
    if any(g[0] == start for g in _scan(tokens, tables.groups, tables.caps_only)):
        return tokens  # a name that joins them ("Syrian and Russian" forces)
    end = hits[0][1]
    if tokens[end].lower() not in ("and", "&") or tokens[-1].lower() in ("and", "&"):
        return tokens
    return tokens[:end] + tokens[-1:]


def _fill(template: str, iso2: str | None) -> str:
    """Fill a ``{country}`` template; without a country drop the placeholder."""
    if "{country}" not in template:
        return template
    if iso2 and country_display(iso2):
        article = not template.endswith("({country})")
        return template.format(country=country_display(iso2, article=article))
    return re.sub(r"\s*(?:of |\()\{country\}\)?", "", template)


def _unknown_group(text: str, tokens: list[str]) -> int | None:
    """Guessed inter code when ``text`` looks like a named organisation, else None."""
    caps = [t for t in tokens if t[:1].isupper()]
    if not caps or not any(t.lower() in _ORG_WORDS for t in tokens):
        return None
    if not any(t.lower() not in _ORG_WORDS for t in caps):
        return None
    return next(_ORG_WORDS[t.lower()] for t in reversed(tokens) if t.lower() in _ORG_WORDS)


def normalise_actor(
    text: str, start: int, end: int, country_iso2: str | None = None, *, modifier: bool = False
) -> Actor | None:
    """Canonical actor for a mention, using the actor dictionary; None if it is no actor.

    ``country_iso2`` is the event's (or article's) country, used where the mention names none.
    ``modifier``: the words modify an event noun ("Saudi shelling"): a demonym names the state.
    """
    if not text or not text.strip():
        return None
    tables = load_actor_tables()
    tokens = _first_conjunct(words(_QUANTITY.sub("", text.strip())), tables)
    if not tokens:
        return None
    lows = [t.lower() for t in tokens]
    if [w for w in lows if w not in ("the", "a", "an")] in (["unknown"], ["unidentified"], ["unspecified"]):
        return None  # "unknown fatalities": a count nobody knows, not an unknown attacker
    named = _countries(tokens, tables)
    if country_iso2 and "regime" in lows:  # "regime and Russian warplanes": the regime comes first
        named.insert(0, (country_iso2.upper(), False))
    own = named[0][0] if named else None
    groups = [
        g for g in _scan(tokens, tables.groups, tables.caps_only) if not (g[0] and lows[g[0] - 1] == "anti")
    ]
    role_hits = None
    if not groups and country_iso2 in tables.contextual:
        role_hits = _scan(tokens, tables.roles)
        groups = [  # "a rebel coalition" is rebels, not the coalition of the country's war
            g
            for g in _scan(tokens, tables.contextual[country_iso2])
            if not any(i < g[0] for i, _, _ in role_hits)
        ]
    if groups:
        group = groups[0][2]
        iso2 = group.country or own or country_iso2
        return Actor(text, start, end, _fill(group.name, iso2), iso2, group.inter, True, 0.9)
    roles = [r for _, _, r in (role_hits if role_hits is not None else _scan(tokens, tables.roles))]
    if roles:
        role = min(roles, key=lambda r: tables.role_rank[r.role])
        iso2 = own or country_iso2
        if role.role == "military" and not own and not set(lows) & _STATE_WORDS and "drone" in " ".join(lows):
            # a drone with no state named: ACLED codes the attacker as unidentified
            role = next(r for r in tables.roles.values() if r.role == "unidentified")
        if role.role == "government" and not own and not country_iso2:
            return None
        return Actor(
            text, start, end, _fill(role.template, iso2), iso2, role.inter, True, 0.8 if own else 0.7
        )
    if own and named[-1][1] and not modifier:  # "two Iraqis", "a Palestinian": people
        return Actor(text, start, end, _fill("Civilians ({country})", own), own, 7, True, 0.6)
    if own:
        return Actor(text, start, end, _fill("Government of {country}", own), own, 1, True, 0.7)
    inter = _unknown_group(text, tokens)
    if inter is not None:
        name = _DET.sub("", text.strip()).strip(" ,.;:")
        return Actor(text, start, end, name, country_iso2, inter, False, 0.4)
    return None


def group_countries(text: str) -> list[str]:
    """ISO2 of each named group in ``text`` that belongs to one country ("Houthis" -> YE) or
    fights in one ("the Saudi-led coalition" -> YE, actors.yaml "fights_in").

    Local armed groups fight at home, so they are evidence of where an article happens.
    """
    tables = load_actor_tables()
    tokens = words(text)
    lows = [t.lower() for t in tokens]
    return [
        g.country or g.fights_in
        for i, _, g in _scan(tokens, tables.groups, tables.caps_only)
        if (g.country and not g.abroad or g.fights_in) and not (i and lows[i - 1] in ("anti", "against"))
    ]


def group_abroad(name: str) -> bool:
    """Whether the canonical group ``name`` often fights outside its country (actors.yaml "abroad")."""
    return any(g.abroad and g.name == name for g in load_actor_tables().groups.values())


def convention_countries(text: str) -> list[str]:
    """ISO2 for each word that by news convention names one state when no country goes with it
    ("regime forces": Syria's; actors.yaml "conventions"). None at all where the text once puts
    another country before the word ("the Iranian regime"): there it is that country's."""
    tables = load_actor_tables()
    tokens = words(text)
    hits = _scan(tokens, tables.conventions)
    if not hits:
        return []
    country_ends = {j: iso2 for _, j, iso2 in _scan(tokens, tables.countries)}
    if any(country_ends.get(i, iso2) != iso2 for i, _, iso2 in hits):
        return []
    return [iso2 for _, _, iso2 in hits]


def _side(event: Event, field: str, iso2: str | None, attacker: bool) -> Actor | None:
    source = event.provenance.get(field)
    if source is None:
        return None
    # an attacker named by a demonym alone ("Russian missile strike") is the state
    actor = normalise_actor(source.text, source.start, source.end, iso2, modifier=attacker)
    if actor is None:
        return None
    violent = event.event_type in VIOLENT_TYPES
    if attacker and violent and actor.name.startswith("Government of "):
        actor.name = actor.name.replace("Government of ", "Military Forces of ", 1)
    if not attacker and violent and actor.inter == 1 and actor.name.startswith("Government of "):
        actor.name = actor.name.replace("Government of ", "Military Forces of ", 1)
    if actor.inter == 1 and actor.country and iso2 and actor.country != iso2.upper():
        actor.inter = 8  # state forces acting abroad are external forces in ACLED
        coalition = load_actor_tables().coalitions.get((actor.country, iso2.upper()))
        if coalition is not None and actor.name.startswith("Military Forces of "):
            actor.name, actor.inter = coalition.name, coalition.inter  # a member's forces where it fights
    return actor


def _mutual(event: Event) -> bool:
    """An armed clash told with no initiator (triggers.yaml cues.mutual_fights)."""
    word = event.trigger.text.lower() if event.trigger is not None else ""
    return event.sub_event_type == "Armed clash" and word in load_lexicon().cues["mutual_fights"]


def _swap_sides(event: Event) -> None:
    """actor1 and actor2 trade places, names, codes, spans and associates."""
    event.actor1, event.actor2 = event.actor2, event.actor1
    event.inter1, event.inter2 = event.inter2, event.inter1
    event.actor1_text, event.actor2_text = event.actor2_text, event.actor1_text
    event.assoc_actor_1, event.assoc_actor_2 = event.assoc_actor_2, event.assoc_actor_1
    one, two = event.provenance.pop("actor1", None), event.provenance.pop("actor2", None)
    if two is not None:
        event.provenance["actor1"] = two
    if one is not None:
        event.provenance["actor2"] = one


def _forces_second(event: Event, forces: Actor) -> None:
    """A crowd event told with the state's forces first: the forces become actor2 and the crowd
    (the people told as hurt, if any) actor1, spans and all."""
    crowd = event.provenance.pop("actor2", None)
    event.provenance["actor2"] = event.provenance.pop("actor1")
    event.actor2, event.inter2, event.actor2_text = forces.name, forces.inter, event.actor1_text
    if crowd is not None:
        event.provenance["actor1"] = crowd
    event.actor1_text = crowd.text if crowd is not None else None


def code_event_actors(event: Event, country_iso2: str | None) -> None:
    """Fill actor1/actor2 (and assoc actors) canonical names and inter codes from ``event.provenance``."""
    a1 = _side(event, "actor1", country_iso2, attacker=True)
    a2 = _side(event, "actor2", country_iso2, attacker=False)
    if a1 is not None:
        event.actor1, event.inter1 = a1.name, a1.inter
    if a2 is not None and (a1 is None or a2.name != a1.name):
        event.actor2, event.inter2 = a2.name, a2.inter
    for n in (1, 2):
        assoc = _side(event, f"assoc_actor_{n}", country_iso2, attacker=n == 1)
        if assoc is not None and assoc.name not in (event.actor1, event.actor2):
            setattr(event, f"assoc_actor_{n}", assoc.name)
    said = event.evidence.text.lower() if event.evidence else ""
    if event.actor1 is None and event.sub_event_type == "Air/drone strike" and "drone" not in said:
        air = load_actor_tables().air_strikes
        role = air.get((country_iso2 or "").upper()) or (air.get("default") if country_iso2 else None)
        if role is not None:
            event.actor1, event.inter1 = _fill(role.template, country_iso2), role.inter
    if event.actor1 is None and event.event_type in VIOLENT_TYPES:
        event.actor1 = _fill("Unidentified Armed Group ({country})", country_iso2)
        event.inter1 = 3
    if _mutual(event) and event.inter1 in (2, 3, 4) and event.inter2 == 1:
        _swap_sides(event)
    if event.event_type in ("Protests", "Riots") and event.inter1 != (
        6 if event.event_type == "Protests" else 5
    ):
        crowd, inter = (
            ("Protesters ({country})", 6) if event.event_type == "Protests" else ("Rioters ({country})", 5)
        )
        if a1 is not None and a1.inter in (2, 3, 4) and not event.assoc_actor_1:
            event.assoc_actor_1 = a1.name  # a named group behind the crowd
        if a1 is not None and a1.inter in (1, 8) and event.inter2 in (None, 7):
            _forces_second(event, a1)
        iso2 = a1.country if a1 is not None and a1.inter == 7 and a1.country else country_iso2
        event.actor1, event.inter1 = _fill(crowd, iso2), inter
