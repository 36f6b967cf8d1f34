"""Actor names found in free text, as evidence of where an article's events happen."""

from __future__ import annotations

from .dictionary import load_actor_tables, load_vocabulary, scan, words


def group_countries(text: str, abroad: bool = False) -> list[str]:
    """ISO2 of each named group in ``text`` that belongs to one country ("Houthis" -> YE) or
    fights in one ("the Saudi-led coalition" -> YE, actors.yaml "fights_in"); ``abroad``: instead,
    the home country of each group that often fights outside it (actors.yaml "abroad": Boko Haram
    in Cameroon, Chad and Niger), weaker evidence.

    Local armed groups fight at home, so they are evidence of where an article happens (the
    hand-written ones of actors.yaml; not those of the learned layers).
    """
    tables = load_actor_tables()
    opposed = load_vocabulary().opposed_prefixes
    tokens = words(text)
    lows = [t.lower() for t in tokens]
    return [
        g.country or g.fights_in
        for i, _, g in scan(tokens, tables.groups, tables.caps_only)
        if ((g.country and g.abroad) if abroad else (g.country and not g.abroad or g.fights_in))
        and not g.learned  # learned names do not carry over to other regions' news ("Orange", "Metro")
        and not (i and lows[i - 1] in opposed)
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
    hits = scan(tokens, tables.conventions)
    if not hits:
        return []
    country_ends = {j: iso2 for _, j, iso2 in scan(tokens, tables.countries)}
    if any(country_ends.get(i, iso2) != iso2 for i, _, iso2 in hits):
        return []
    return [iso2 for _, _, iso2 in hits]
