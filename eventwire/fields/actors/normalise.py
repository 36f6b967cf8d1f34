"""Actors: normalise mentions to canonical ACLED-style names with country and inter code."""

from __future__ import annotations

import re

from ...records import Actor, Inter
from ...settings import current
from .dictionary import (
    ActorTables,
    Vocabulary,
    country_display,
    load_actor_tables,
    load_vocabulary,
    scan,
    words,
)


def _countries(tokens: list[str], tables: ActorTables, vocab: Vocabulary) -> list[tuple[str, bool]]:
    """(ISO2, ends-in-demonym) for countries named in ``tokens`` as the actor's own (patrons left out)."""
    low = [t.lower() for t in tokens]
    short = int(current().actors.short_alias_max_letters)
    found = []
    for i, j, iso2 in scan(tokens, tables.countries):
        # short aliases (US, UK, CAR, DRC) only in capitals
        if j - i == 1 and len(low[i]) <= short and not tokens[i].isupper():
            continue
        if j < len(low) and low[j] in tables.patron_words or i > 0 and low[i - 1] in vocab.patron_prefixes:
            continue
        found.append((iso2, j == len(low) and tuple(low[i:j]) in tables.demonyms))
    return found


def _first_conjunct(tokens: list[str], tables: ActorTables, vocab: Vocabulary) -> list[str]:
    """ "Turkish and Olive Branch forces": the first conjunct, a state's forces ("Turkish forces");
    the others are its allies. Tokens unchanged unless a country opens the mention before "and"."""
    start = 1 if tokens and tokens[0].lower() in vocab.articles else 0
    hits = [h for h in scan(tokens, tables.countries) if h[0] == start]
    if not hits or len(tokens) < hits[0][1] + 2:
        return tokens
    if any(g[0] == start for g in scan(tokens, tables.groups, tables.caps_only)):
        return tokens  # a name that joins them ("Syrian and Russian" forces)
    end = hits[0][1]
    if tokens[end].lower() not in vocab.conjunctions or tokens[-1].lower() in vocab.conjunctions:
        return tokens
    return tokens[:end] + tokens[-1:]


def _community_militia(
    tokens: list[str],
    lows: list[str],
    tables: ActorTables,
    vocab: Vocabulary,
    iso2: str | None,
    attacker: bool = False,
) -> tuple[str, str | None] | None:
    """(canonical name, country) of a community's militia ("Afar ethnic militia", "Pokot raiders",
    "Somali and Afar ethnic militias": the first community), named for the country where it fights
    (actors.yaml ``community_militias``); None for any other mention. ``attacker``: the mention is
    who did a violent deed, where a known community's people are its militia too ("Fulani
    pastoralists attacked ...", "a group of Fulani")."""
    spec = tables.community
    if spec is None:
        return None
    i = 0
    while i < len(lows) and (lows[i] in vocab.articles or lows[i].isdigit() or lows[i] in spec.lead_words):
        i += 1  # "the", "3 Afar communal militiamen", "suspected Fulani militias"
    if i >= len(tokens) or not tokens[i][:1].isupper():
        return None
    first = i
    j = i + 1
    while j + 1 < len(lows) and lows[j] in vocab.conjunctions and tokens[j + 1][:1].isupper():
        j += 2  # "Somali and Afar ethnic militias"
    if j != first + 1 and j >= len(lows):
        return None
    community = tokens[first]
    kind = spec.markers.get(lows[j]) if j < len(lows) else None
    known = spec.names.get(community.lower())
    armed = spec.words | spec.attacker_words if attacker else spec.words
    if kind is not None and j + 1 < len(lows) and lows[j + 1] in spec.marked_words:
        # a community the coders name (learned) keeps their kind: "Afar communal militiamen"
        name, kind = (known, spec.learned_kind) if known else (community, kind)
    elif known and (j < len(lows) and lows[j] in armed or attacker and j == len(lows) and first > 0):
        kind, name = spec.learned_kind, known  # "Pokot raiders"; attacking: "a group of Fulani"
    else:
        return None
    if iso2 is None or not country_display(iso2):
        return f"{name} {kind}", iso2
    return f"{name} {kind} ({country_display(iso2, article=False)})", iso2


def _community_actor(
    text: str, start: int, end: int, found: tuple[str, str | None] | None, tables: ActorTables
) -> Actor | None:
    """The Actor of a community's militia :func:`_community_militia` found, or None."""
    if found is None or tables.community is None:
        return None
    name, iso2 = found
    confidence = float(current().actors.confidence_group)
    return Actor(text, start, end, name, iso2, tables.community.inter, True, confidence)


def community_attacker(text: str, start: int, end: int, iso2: str | None) -> Actor | None:
    """The militia of a known community whose people are named as the authors of a violent event
    ("Fulani pastoralists attacked farmer camps", "two Fulani men killed a farmer"): ACLED codes
    them as the community's militia; None otherwise."""
    tables, vocab = load_actor_tables(), load_vocabulary()
    tokens = words(text.strip())
    found = _community_militia(tokens, [t.lower() for t in tokens], tables, vocab, iso2, attacker=True)
    return _community_actor(text, start, end, found, tables)


def fill(template: str, iso2: str | None) -> str:
    """Fill a ``{country}`` template; without a country drop the placeholder."""
    if "{country}" not in template:
        return template
    if iso2 and country_display(iso2):
        article = not template.endswith("({country})")
        return template.format(country=country_display(iso2, article=article))
    return re.sub(r"\s*(?:of |\()\{country\}\)?", "", template)


def role_actor(role: str, iso2: str | None) -> tuple[str, int]:
    """The canonical name (for ``iso2``) and inter code of the actors.yaml role ``role``."""
    found = load_actor_tables().role_named[role]
    return fill(found.template, iso2), found.inter


def recountry(name: str | None, old: str | None, new: str | None) -> str | None:
    """A role actor's name (actors.yaml roles) for an event moved from country ``old`` to ``new``
    (ISO2, None for no country): "Protesters" or "Protesters (Kenya)" -> "Protesters (Cameroon)".
    A role coded for ``old`` moves only if not a state's forces ("Military Forces of Nigeria" were
    named so by the text) unless ``new`` is None (the move undone); any other name stays."""
    if name is None:
        return None
    for role in load_actor_tables().role_named.values():
        if name == fill(role.template, None) or (
            old and name == fill(role.template, old) and (new is None or role.inter != Inter.STATE_FORCES)
        ):
            return fill(role.template, new)
    return name


def name_prefix(role: str) -> str:
    """What the names of the actors.yaml role ``role`` open with: "Government of ", "Military Forces of "."""
    return load_actor_tables().role_named[role].template.split("{country}")[0]


def _unknown_group(text: str, tokens: list[str], org_words: dict[str, int]) -> int | None:
    """Guessed inter code when ``text`` looks like a named organisation, else None."""
    caps = [t for t in tokens if t[:1].isupper()]
    if not caps or not any(t.lower() in org_words for t in tokens):
        return None
    if not any(t.lower() not in org_words for t in caps):
        return None
    return next(org_words[t.lower()] for t in reversed(tokens) if t.lower() in org_words)


def normalise_actor(
    text: str, start: int, end: int, country_iso2: str | None = None, *, modifier: bool = False
) -> Actor | None:
    """Canonical actor for a mention, using the actor dictionary; None if it is no actor.

    ``country_iso2`` is the event's (or article's) country, used where the mention names none.
    ``modifier``: the words modify an event noun ("Saudi shelling"): a demonym names the state.
    """
    if not text or not text.strip():
        return None
    tables, vocab = load_actor_tables(), load_vocabulary()
    tokens = _first_conjunct(words(vocab.unknown_quantity.sub("", text.strip())), tables, vocab)
    if not tokens:
        return None
    lows = [t.lower() for t in tokens]
    rest = [w for w in lows if w not in vocab.articles]
    if len(rest) == 1 and rest[0] in vocab.unknown:
        return None  # "unknown fatalities": a count nobody knows, not an unknown attacker
    named = _countries(tokens, tables, vocab)
    if country_iso2 and set(lows) & vocab.regime:  # "regime and Russian warplanes": the regime comes first
        named.insert(0, (country_iso2.upper(), False))
    own = named[0][0] if named else None
    community = _community_militia(tokens, lows, tables, vocab, country_iso2 or own)
    if community is not None:
        return _community_actor(text, start, end, community, tables)
    groups = [
        g
        for g in scan(tokens, tables.groups, tables.caps_only)
        if not (g[0] and lows[g[0] - 1] in vocab.anti_prefixes)
    ]
    role_hits = None
    if not groups and country_iso2 in tables.contextual:
        role_hits = scan(tokens, tables.roles)
        groups = [  # "a rebel coalition" is rebels, not the coalition of the country's war
            g
            for g in scan(tokens, tables.contextual[country_iso2])
            if not any(i < g[0] for i, _, _ in role_hits)
        ]
    if groups:
        group = groups[0][2]
        iso2 = group.country or own or country_iso2
        confidence = float(current().actors.confidence_group)
        return Actor(text, start, end, fill(group.name, iso2), iso2, group.inter, True, confidence)
    roles = [r for _, _, r in (role_hits if role_hits is not None else scan(tokens, tables.roles))]
    if roles:
        role = min(roles, key=lambda r: tables.role_rank[r.role])
        iso2 = own or country_iso2
        drone = vocab.drone in " ".join(lows)
        if role.role == "military" and not own and not set(lows) & vocab.state_words and drone:
            # a drone with no state named: ACLED codes the attacker as unidentified
            role = tables.role_named["unidentified"]
        if role.role == "government" and not own and not country_iso2:
            return None
        confidence = float(
            current().actors.confidence_role_own_country if own else current().actors.confidence_role
        )
        return Actor(text, start, end, fill(role.template, iso2), iso2, role.inter, True, confidence)
    if own and named[-1][1] and not modifier:  # "two Iraqis", "a Palestinian": people
        name, inter = role_actor("civilians", own)
        return Actor(text, start, end, name, own, inter, True, float(current().actors.confidence_people))
    if own:
        name, inter = role_actor("government", own)
        return Actor(text, start, end, name, own, inter, True, float(current().actors.confidence_state))
    inter = _unknown_group(text, tokens, vocab.org_words)
    if inter is not None:
        name = vocab.determiners.sub("", text.strip()).strip(" ,.;:")
        confidence = float(current().actors.confidence_unknown_group)
        return Actor(text, start, end, name, country_iso2, inter, False, confidence)
    return None
