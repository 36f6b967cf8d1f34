"""The actor dictionary: named groups, generic roles and country names, loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

import pycountry

from ..data import parse_yaml
from ..errors import DataFileError

MAX_NGRAM = 7
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9][A-Za-z\u00c0-\u024f0-9'’.]*")


class PhraseTable(dict):
    """A table keyed on lower-case word tuples, with the length of its longest key starting with
    each word (built at the first scan: tables are complete by then and live as long as the process)."""

    @cached_property
    def longest_from(self) -> dict[str, int]:
        longest: dict[str, int] = {}
        for k in self:
            if k:
                longest[k[0]] = max(longest.get(k[0], 0), len(k))
        return longest


@dataclass(frozen=True)
class Group:
    """A named organisation; ``name`` may hold ``{country}``."""

    name: str
    country: str | None
    inter: int
    abroad: bool = False  # fights outside its country too: no evidence of where an event is
    fights_in: str | None = None  # ISO2 of the one country where a group with none of its own fights
    members: tuple[str, ...] = ()  # states whose forces are coded as this group where it fights


@dataclass(frozen=True)
class Role:
    """A generic actor word class with its canonical-name template."""

    role: str
    template: str
    inter: int


@dataclass(frozen=True)
class ActorTables:
    """Lookup tables keyed on word tuples (lower case)."""

    groups: PhraseTable  # word tuple -> Group
    contextual: dict[str, PhraseTable]  # ISO2 -> aliases valid only there
    caps_only: frozenset[tuple[str, ...]]  # aliases that must be written in capitals
    roles: PhraseTable  # word tuple -> Role
    role_rank: dict[str, int]
    countries: PhraseTable  # alias -> ISO2
    country_names: dict[str, str]  # ISO2 -> display name
    demonyms: frozenset[tuple[str, ...]]  # "iraqi", "iraqis": people when they stand alone
    conventions: PhraseTable = field(default_factory=PhraseTable)  # "regime" -> SY
    air_strikes: dict[str, Role] = field(default_factory=dict)  # ISO2 or "default" -> attacker
    coalitions: dict[tuple[str, str], Group] = field(default_factory=dict)  # (member, where) -> group
    deployments: dict[str, str] = field(default_factory=dict)  # ISO2 -> where its forces fight abroad
    patron_words: frozenset[str] = frozenset()  # "Iran-backed": the country is a patron, not the actor's


def words(text: str) -> list[str]:
    """Word tokens of ``text`` with hyphens and slashes as separators, original case kept."""
    text = text.replace("’", "'").replace("-", " ").replace("/", " ")
    out = []
    for w in _WORD.findall(text):
        w = w.rstrip(".'")
        if w.endswith("'s"):
            w = w[:-2]
        if w:
            out.append(w)
    return out


def key(text: str) -> tuple[str, ...]:
    """Lower-case word tuple used as a dictionary key."""
    return tuple(w.lower() for w in words(text))


def _read(name: str) -> str:
    try:
        return resources.files("eventwire.data").joinpath(name).read_text("utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise DataFileError(f"{name}: missing from the package") from exc


def _is_caps(alias: str) -> bool:
    return alias.isupper() and len(alias.replace(".", "")) <= 4


@lru_cache(maxsize=1)
def load_countries() -> tuple[PhraseTable, dict[str, str], frozenset[tuple[str, ...]]]:
    """Country aliases (pycountry names plus ``countries.tsv``), display names and demonyms."""
    aliases: PhraseTable = PhraseTable()
    names: dict[str, str] = {}
    demonyms: set[tuple[str, ...]] = set()
    for c in pycountry.countries:
        names[c.alpha_2] = getattr(c, "common_name", None) or c.name
        for n in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
            if n and "," not in n:
                aliases.setdefault(key(n), c.alpha_2)
    for lineno, line in enumerate(_read("countries.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or len(parts[0]) != 2 or (parts[0] not in names and not parts[1]):
            raise DataFileError(f"countries.tsv line {lineno}: expected ISO2, name, aliases, demonyms (tabs)")
        iso2, display, extra, dems = parts
        if display:
            names[iso2] = display
            aliases[key(display.removeprefix("the "))] = iso2
        for alias in extra.split(";"):
            if alias.strip():
                aliases[key(alias)] = iso2
        for dem in dems.split(";"):
            if dem.strip():
                aliases[key(dem)] = iso2
                demonyms.add(key(dem))
    aliases.pop((), None)
    return aliases, names, frozenset(demonyms)


def _check_entry(entry: object, fields: tuple[str, ...], where: str) -> dict:
    if not isinstance(entry, dict) or any(f not in entry for f in fields):
        raise DataFileError(f"actors.yaml {where}: each entry needs {', '.join(fields)}")
    if not isinstance(entry.get("inter"), int) or not 1 <= entry["inter"] <= 8:
        raise DataFileError(f"actors.yaml {where}: inter must be an integer 1-8 ({entry})")
    return entry


@lru_cache(maxsize=1)
def load_actor_tables() -> ActorTables:
    """Parse and check ``actors.yaml``; build the alias tables."""
    data = parse_yaml(_read("actors.yaml"))
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list) or not data.get("roles"):
        raise DataFileError("actors.yaml: expected top-level 'groups' and 'roles' lists")
    groups: PhraseTable = PhraseTable()
    caps: set[tuple[str, ...]] = set()
    contextual: dict[str, PhraseTable] = {}
    for entry in data["groups"]:
        entry = _check_entry(entry, ("name", "inter", "aliases"), "groups")
        group = Group(
            entry["name"],
            entry.get("country"),
            entry["inter"],
            bool(entry.get("abroad")),
            entry.get("fights_in"),
            tuple(str(m).upper() for m in entry.get("members") or ()),
        )
        for alias in [entry["name"].replace("({country})", ""), *entry["aliases"]]:
            k = key(alias)
            if k:
                groups[k] = group
                if _is_caps(alias):
                    caps.add(k)
        for iso2 in entry.get("where") or ():
            for alias in entry.get("context_aliases") or ():
                contextual.setdefault(iso2, PhraseTable())[key(alias)] = group
    roles: PhraseTable = PhraseTable()
    rank: dict[str, int] = {}
    for i, entry in enumerate(data["roles"]):
        entry = _check_entry(entry, ("role", "template", "inter", "words"), "roles")
        role = Role(entry["role"], entry["template"], entry["inter"])
        rank[role.role] = i
        for w in entry["words"]:
            roles.setdefault(key(w), role)
    countries, names, demonyms = load_countries()
    conventions = PhraseTable()
    for entry in data.get("conventions") or ():
        if not isinstance(entry, dict) or not isinstance(entry.get("country"), str) or not entry.get("words"):
            raise DataFileError(f"actors.yaml conventions: each entry needs words and a country ({entry})")
        for w in entry["words"]:
            conventions[key(w)] = entry["country"].upper()
    air = {}
    for where, entry in (data.get("air_strikes") or {}).items():
        entry = _check_entry(entry, ("name", "inter"), "air_strikes")
        air[str(where).upper() if where != "default" else where] = Role("air", entry["name"], entry["inter"])
    coalitions = {(m, g.fights_in): g for g in groups.values() if g.fights_in for m in g.members}
    deployments = {}
    for state, where in (data.get("deployments") or {}).items():
        if not isinstance(where, str) or len(where) != 2:
            raise DataFileError(f"actors.yaml deployments: {state} needs one ISO2 country, not {where!r}")
        deployments[str(state).upper()] = where.upper()
    patrons = data.get("patron_words") or []
    if not isinstance(patrons, list) or not all(isinstance(w, str) for w in patrons):
        raise DataFileError("actors.yaml patron_words: expected a list of words")
    return ActorTables(
        groups,
        contextual,
        frozenset(caps),
        roles,
        rank,
        countries,
        names,
        demonyms,
        conventions,
        air,
        coalitions,
        deployments,
        frozenset(w.lower() for w in patrons),
    )


def country_display(iso2: str | None, article: bool = False) -> str | None:
    """The name ACLED prints for a country: "Syria", "United States" ("the United States" with article)."""
    if not iso2:
        return None
    name = load_countries()[1].get(iso2.upper())
    return name if name is None or article else name.removeprefix("the ")
