"""An actor table learned from ACLED-format exports: canonical names, country, inter code, aliases.

Each coded actor (actor1, actor2 and the associated actors) becomes a canonical name without its
year range ("Military Forces of Nigeria (2015-)" -> "Military Forces of Nigeria"). Its country is
the one its name gives (a parenthesised country or "... of Nigeria"), else the events' country
where one holds nearly all of them; its inter code is the most frequent one it was coded with as a
primary actor (blank for actors only ever associated: their events' code belongs to the primary).

Aliases come from two places:

* structurally from the name: "SPLM-N: Sudan People's Liberation Movement-North" gives "SPLM-N"
  and the long form; "Police Forces of Nepal (2006-) Armed Police Force" gives "Armed Police
  Force"; "Kalenjin Ethnic Militia (Kenya)" gives "Kalenjin Ethnic Militia";
* from the notes of the actor's events: an acronym in parentheses ("Armed Forces of the DRC
  (FARDC)", "Chhatra League (BCL)") and capitalised words or phrases strongly associated with
  the actor. Either is kept only where it is specific: of the notes where it occurs, at least
  ``specificity`` code that actor, with ``support`` such notes (thresholds in ``learn.toml``).

Generic ACLED names ("Protesters (India)", "Civilians (Kenya)": one name per country, three or
more countries) get no aliases from the notes unless they are state or external forces (inter 1
or 8); "Unidentified ..." names get none at all. One alias names one actor per country: an alias
shared by actors of different countries is kept for each country (a contextual alias), one
shared within a country goes to the dominant actor, or to none.

Names and their tokens are read in :mod:`.actor_names` (word lists: ``data/learning.yaml``, read
by :mod:`.words`); the aliases of the notes are mined in :mod:`.actor_aliases`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .actor_aliases import note_aliases
from .actor_names import alias_key, is_unidentified, name_country, structural_aliases
from .rows import country_iso2, fold_text, inter_code, settings, strip_years, tsv_line, tsv_rows
from .words import learn_words

ACTOR_COLUMNS = ("alias", "canonical", "iso2", "inter", "support")
GENERIC_MIN_COUNTRIES = 3  # a name pattern used with this many countries is a generic template


@dataclass(frozen=True)
class ActorAlias:
    alias: str
    canonical: str
    iso2: str  # "" where unknown
    inter: str  # "1".."8", "" for actors only ever associated
    support: int  # events (the canonical row) or notes (an alias)


# -- learning --------------------------------------------------------------------------------


@dataclass
class _Actor:
    name: str  # canonical
    events: int = 0
    inter: Counter | None = None
    countries: Counter | None = None
    raw_names: Counter | None = None


def _actors_of(row: dict[str, str]) -> list[tuple[str, str]]:
    """(raw name, inter or "") of every actor a row codes."""
    out = []
    for col, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        if any(ch.isalpha() for ch in row[col]):  # a bare number is a code in a shifted cell, no name
            code = inter_code(row[inter])
            out.append((row[col], str(code) if code is not None else ""))
    for col in ("assoc_actor_1", "assoc_actor_2"):
        for name in row[col].split(";"):
            if name.strip() and name.strip() != "NA":
                out.append((name.strip(), ""))
    return out


def _params(overrides: dict[str, Any] | None) -> dict[str, Any]:
    p = dict(settings()["actors"])
    p.update(overrides or {})
    return p


def _function_words() -> frozenset[str]:
    from importlib import resources

    text = resources.files("eventwire.data").joinpath("function_words.txt").read_text("utf-8")
    words = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    return frozenset(words | learn_words().short_words)


def learn_actors(rows: Iterable[dict[str, str]], params: dict[str, Any] | None = None) -> list[ActorAlias]:
    """The actor table (canonical rows and alias rows) learned from export rows."""
    p = _params(params)
    rows = list(rows)
    place_words = {fold_text(n) for n in place_names(rows)}
    actors: dict[str, _Actor] = {}
    notes: dict[str, set[str]] = defaultdict(set)  # note text -> canonical names it codes
    for row in rows:
        coded = _actors_of(row)
        iso2 = country_iso2(row["country"])
        for raw, inter in coded:
            canon = strip_years(raw)
            a = actors.get(canon)
            if a is None:
                a = actors[canon] = _Actor(canon, 0, Counter(), Counter(), Counter())
            a.events += 1
            a.raw_names[raw] += 1
            if inter:
                a.inter[inter] += 1
            if iso2:
                a.countries[iso2] += 1
        if row["notes"] and coded:
            notes[row["notes"]].update(strip_years(r) for r, _ in coded)

    # country, inter, and which names are generic templates
    info: dict[str, tuple[str, str]] = {}
    template_countries: dict[str, set[str]] = defaultdict(set)
    templates: dict[str, str] = {}
    for canon, a in actors.items():
        raw = a.raw_names.most_common(1)[0][0]
        iso2, template = name_country(raw)
        templates[canon] = template
        if iso2:
            template_countries[template].add(iso2)
        elif a.countries:
            top, n = a.countries.most_common(1)[0]
            if n >= p["country_share"] * sum(a.countries.values()):
                iso2 = top
        inter = a.inter.most_common(1)[0][0] if a.inter else ""
        info[canon] = (iso2 or "", inter)

    def generic(canon: str) -> bool:
        return len(template_countries.get(templates[canon], ())) >= GENERIC_MIN_COUNTRIES

    def aliasable(canon: str) -> bool:
        if is_unidentified(canon):
            return False
        return not generic(canon) or info[canon][1] in ("1", "8")

    table: dict[tuple[str, str], ActorAlias] = {}  # (alias key text, iso2) -> row
    claims: dict[tuple[tuple[str, ...], str], list[tuple[int, str, str]]] = defaultdict(list)
    stop = _function_words()

    claimed_by: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)

    def claim(alias: str, canon: str, support: int) -> None:
        k = alias_key(alias)
        if k and not (len(k) == 1 and k[0].lower() in stop):
            claims[(k, info[canon][0])].append((support, canon, alias))
            claimed_by[canon].append((k, alias))

    for canon, a in actors.items():
        claim(canon, canon, a.events)
        if aliasable(canon):
            for alias in structural_aliases(a.raw_names.most_common(1)[0][0]):
                claim(alias, canon, a.events)

    # structural claims: one alias -> one actor per country, unless a rival is too strong
    taken: dict[tuple[tuple[str, ...], str], str] = {}
    for (k, iso2), cs in claims.items():
        by_actor: Counter = Counter()
        spelled: dict[str, str] = {}
        for support, canon, alias in cs:
            by_actor[canon] = max(by_actor[canon], support)
            spelled.setdefault(canon, alias)
        (best, n), *rest = by_actor.most_common()
        exact = [c for c in by_actor if alias_key(c) == k]
        rivals = sum(m for _, m in rest)
        if exact:  # a canonical name always names itself
            best = max(exact, key=lambda c: by_actor[c])
        elif rivals > p["structural_max_rival_share"] * (n + rivals):
            continue
        taken[(k, iso2)] = best
        table[(" ".join(k), iso2)] = ActorAlias(spelled[best], best, iso2, info[best][1], by_actor[best])

    # aliases from the notes
    known = {c: [k for k, _ in keys] for c, keys in claimed_by.items()}
    for alias, canon, support in note_aliases(notes, aliasable, place_words, known, p):
        k = alias_key(alias)
        iso2 = info[canon][0]
        if (k, iso2) in taken:
            continue
        taken[(k, iso2)] = canon
        table[(" ".join(k), iso2)] = ActorAlias(alias, canon, iso2, info[canon][1], support)
    return sorted(table.values(), key=lambda r: (r.canonical, r.alias != r.canonical, r.alias))


def place_names(rows: Iterable[dict[str, str]]) -> set[str]:
    """Place names of the exports (location and admin columns; "Dhaka - Shahbagh" gives both parts)."""
    out = set()
    for r in rows:
        for col in ("location", "admin1", "admin2", "admin3"):
            if r[col]:
                out.add(r[col])
                out.update(part.strip() for part in r[col].split(" - ") if part.strip())
    return out


# -- files -----------------------------------------------------------------------------------


def write_actor_table(rows: Iterable[ActorAlias], path: str | Path) -> int:
    """Write the table (plain tab-separated, a header line first); returns the number of rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [tsv_line(ACTOR_COLUMNS)]
    lines += [tsv_line([r.alias, r.canonical, r.iso2, r.inter, r.support]) for r in rows]
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines) - 1


def read_actor_table(path: str | Path) -> list[ActorAlias]:
    text = Path(path).read_text(encoding="utf-8")
    return [ActorAlias(a, c, i, t, int(s)) for a, c, i, t, s in tsv_rows(text, ACTOR_COLUMNS, str(path))]
