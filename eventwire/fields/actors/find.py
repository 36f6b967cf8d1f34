"""Actor names found in free text, as evidence of where an article's events happen."""

from __future__ import annotations

from .dictionary import load_actor_tables, load_vocabulary, scan, words


def group_evidence(text: str) -> tuple[list[str], list[str]]:
    """ISO2 of the named groups in ``text``, in one scan: (those that belong to one country,
    "Houthis" -> YE, or fight in one, "the Saudi-led coalition" -> YE, actors.yaml "fights_in";
    the home countries of those that often fight outside them, actors.yaml "abroad": Boko Haram in
    Cameroon, Chad and Niger, weaker evidence).

    Local armed groups fight at home, so they are evidence of where an article happens (the
    hand-written ones of actors.yaml; not those of the learned layers).
    """
    tables = load_actor_tables()
    opposed = load_vocabulary().opposed_prefixes
    tokens = words(text)
    lows = [t.lower() for t in tokens]
    home: list[str] = []
    abroad: list[str] = []
    for i, _, g in scan(tokens, tables.groups, tables.caps_only):
        if g.learned or (i and lows[i - 1] in opposed):
            continue  # learned names do not carry over to other regions' news ("Orange", "Metro")
        if g.country and g.abroad:
            abroad.append(g.country)
        if g.country and not g.abroad or g.fights_in:
            home.append(g.country or g.fights_in)
    return home, abroad


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
