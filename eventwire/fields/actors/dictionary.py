"""The actor dictionary: named groups, generic roles, country names and the words by which a
mention is read (``actors.yaml``, ``countries.tsv``), loaded once per process. The actors of the
learned layers (``eventwire/learn/layers.py``: the shipped ones and a user's, ``eventwire learn``)
are read first; ``actors.yaml``'s hand-written entries override them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

import pycountry

from ...data import parse_yaml, schema
from ...errors import DataFileError, Errors
from ...records import Inter
from ...settings import current

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
    learned: bool = False  # from a learned layer: a name, never evidence of where an article happens


@dataclass(frozen=True)
class Role:
    """A generic actor word class with its canonical-name template."""

    role: str
    template: str
    inter: int


@dataclass(frozen=True)
class Vocabulary:
    """The words and patterns by which ``normalise_actor`` reads a mention (actors.yaml ``words``)."""

    state_words: frozenset[str]  # name a state's forces by themselves ("troops", "the Pentagon")
    org_words: dict[str, int]  # words of an organisation's name -> the inter code they suggest
    articles: frozenset[str]  # "the", "a", "an"
    unknown: frozenset[str]  # a mention of only one of these is no actor ("unknown fatalities")
    regime: frozenset[str]  # "regime and Russian warplanes": the event's country comes first
    conjunctions: frozenset[str]  # "Turkish and Olive Branch forces"
    patron_prefixes: frozenset[str]  # "pro-Iranian militias": the country is a patron
    anti_prefixes: frozenset[str]  # "anti-Houthi forces": the group named is the enemy
    opposed_prefixes: frozenset[str]  # "fighting against the Houthis": no evidence of the group's country
    drone: str  # a military attacker told as a drone, no state named, is unidentified
    ethnic: frozenset[str]  # a violent event told with one of these and no attacker: an ethnic militia's
    violent_types: frozenset[str]  # ACLED event types whose attacker is coded as an armed side
    crowd_roles: dict[str, str]  # ACLED event type -> the role of its crowd ("Protests" -> protesters)
    mutual_fights: frozenset[str]  # trigger words of a fight told without an initiator
    unknown_quantity: re.Pattern[str]  # "an unidentified number of": the count is unknown, not the actor
    determiners: re.Pattern[str]  # "the", "some", "dozens of": not part of an unknown group's name


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
    role_named: dict[str, Role] = field(default_factory=dict)  # role name -> role ("civilians")
    community: Community | None = None  # "Afar ethnic militia": a community's armed men


@dataclass(frozen=True)
class Community:
    """How a community's militia is read and named (actors.yaml ``community_militias``)."""

    inter: int
    words: frozenset[str]  # armed words after a known community ("Pokot raiders")
    marked_words: frozenset[str]  # armed words after a community marked as one ("Somali ethnic forces")
    attacker_words: frozenset[str]  # its people named as the authors of violence ("Fulani herders")
    lead_words: frozenset[str]  # words before the community that leave it the head ("suspected")
    markers: dict[str, str]  # "ethnic" -> "Ethnic Militia": the word that marks one, the name's kind
    learned_kind: str  # the kind of a community the learned layers know ("Ethnic Militia")
    names: dict[str, str]  # folded community name -> as the coders write it ("afar" -> "Afar")


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
        raise schema.invalid(name, "missing from the package") from exc


def _is_caps(alias: str) -> bool:
    return alias.isupper() and len(alias.replace(".", "")) <= int(current().actors.caps_alias_max_letters)


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
            raise schema.invalid(
                "countries.tsv", f"line {lineno}: expected ISO2, name, aliases, demonyms (tabs)"
            )
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
        raise schema.invalid("actors.yaml", f"{where}: each entry needs {', '.join(fields)}")
    if not isinstance(entry.get("inter"), int) or not min(Inter) <= entry["inter"] <= max(Inter):
        raise schema.invalid("actors.yaml", f"{where}: inter must be an integer 1-8 ({entry})")
    return entry


@lru_cache(maxsize=1)
def load_actor_tables() -> ActorTables:
    """Parse and check ``actors.yaml``; build the alias tables."""
    data = parse_yaml(_read("actors.yaml"))
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list) or not data.get("roles"):
        raise schema.invalid("actors.yaml", "expected top-level 'groups' and 'roles' lists")
    groups: PhraseTable = PhraseTable()
    caps: set[tuple[str, ...]] = set()
    contextual: dict[str, PhraseTable] = {}
    _learned_groups(groups, caps, contextual, data)  # first: actors.yaml's entries override them
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
    named: dict[str, Role] = {}
    for i, entry in enumerate(data["roles"]):
        entry = _check_entry(entry, ("role", "template", "inter", "words"), "roles")
        role = Role(entry["role"], entry["template"], entry["inter"])
        rank[role.role] = i
        named.setdefault(role.role, role)
        for w in entry["words"]:
            roles.setdefault(key(w), role)
    countries, names, demonyms = load_countries()
    conventions = PhraseTable()
    for entry in data.get("conventions") or ():
        if not isinstance(entry, dict) or not isinstance(entry.get("country"), str) or not entry.get("words"):
            raise schema.invalid(
                "actors.yaml", f"conventions: each entry needs words and a country ({entry})"
            )
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
            raise schema.invalid("actors.yaml", f"deployments: {state} needs one ISO2 country, not {where!r}")
        deployments[str(state).upper()] = where.upper()
    patrons = data.get("patron_words") or []
    if not isinstance(patrons, list) or not all(isinstance(w, str) for w in patrons):
        raise schema.invalid("actors.yaml", "patron_words: expected a list of words")
    community = _community(data.get("community_militias"))
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
        named,
        community,
    )


_LEARNED_COMMUNITY = re.compile(r"^(?P<name>[A-Z][\w' -]*?) Ethnic Militia \(")


def _community(entry: object) -> Community | None:
    """actors.yaml ``community_militias``, with the communities the learned layers name a militia
    of ("Afar Ethnic Militia (Ethiopia)": Afar); None where the file has no such entry."""
    if entry is None:
        return None
    needs = ("inter", "words", "marked_words", "attacker_words", "lead_words", "markers", "learned_kind")
    entry = _check_entry(entry, needs, "community_militias")
    markers = entry["markers"]
    if not isinstance(markers, dict) or not all(isinstance(v, str) for v in markers.values()):
        raise schema.invalid("actors.yaml", "community_militias: markers: expected word -> name kind")
    from ...learn.layers import learned_actors

    names: dict[str, str] = {}
    for row in learned_actors():
        m = _LEARNED_COMMUNITY.match(row.canonical)
        if m and m.group("name").lower() not in entry.get("not_communities", ()):
            names.setdefault(" ".join(words(m.group("name"))).lower(), m.group("name"))
    return Community(
        int(entry["inter"]),
        frozenset(str(w).lower() for w in entry["words"]),
        frozenset(str(w).lower() for w in entry["marked_words"]),
        frozenset(str(w).lower() for w in entry["attacker_words"]),
        frozenset(str(w).lower() for w in entry["lead_words"]),
        {str(k).lower(): v for k, v in markers.items()},
        str(entry["learned_kind"]),
        names,
    )


_STATE_PREFIXES = ("Military Forces of ", "Police Forces of ")
_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]{2}")


def _learned_groups(
    groups: PhraseTable, caps: set[tuple[str, ...]], contextual: dict[str, PhraseTable], data: dict
) -> None:
    """The learned layers' actors (eventwire/learn/layers.py) as groups: an alias held by one actor
    is a group everywhere, one the layers give to actors of several countries only in each country
    (contextual). Names without an inter code are left out (actors only ever associated), except
    state forces; so are aliases that are role words or country names of the dictionary, which the
    role templates and the country tables read."""
    from ...learn.layers import learned_actors

    role_words = {key(w) for e in data["roles"] if isinstance(e, dict) for w in e.get("words") or ()}
    countries = load_countries()[0]
    by_alias: dict[tuple[str, ...], list] = {}
    for row in learned_actors():
        inter = row.inter or (int(Inter.STATE_FORCES) if row.canonical.startswith(_STATE_PREFIXES) else None)
        k = key(row.alias)
        if inter is None or not k or not _LETTERS.search(row.alias) or k in role_words or k in countries:
            continue
        by_alias.setdefault(k, []).append((row, inter))
    for k, found in by_alias.items():
        for row, inter in found:
            group = Group(row.canonical, row.iso2 or None, inter, learned=True)
            if len({r.iso2 for r, _ in found}) == 1:
                groups[k] = group
                if _is_caps(row.alias):
                    caps.add(k)
            elif row.iso2:
                contextual.setdefault(row.iso2, PhraseTable())[k] = group


def _word_list(data: dict, name: str, lower: bool = True) -> frozenset[str]:
    raw = data.get(name)
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) for w in raw):
        raise schema.invalid("actors.yaml", f"{name}: expected a list of words (quote on, no, yes)")
    return frozenset(w.lower() if lower else w for w in raw)


def _pattern(data: dict, name: str) -> re.Pattern[str]:
    try:
        return re.compile(str(data[name]), re.I)
    except (KeyError, re.error) as exc:
        raise DataFileError(
            Errors.E046.format(file="actors.yaml", where=f"patterns {name}", reason=exc)
        ) from exc


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Parse and check the ``words``, ``org_words`` and ``patterns`` of ``actors.yaml``."""
    data = parse_yaml(_read("actors.yaml"))
    words_raw, patterns = data.get("words") or {}, data.get("patterns") or {}
    org = data.get("org_words")
    if not isinstance(org, dict) or not all(
        isinstance(v, int) and min(Inter) <= v <= max(Inter) for v in org.values()
    ):
        raise schema.invalid("actors.yaml", "org_words: expected word -> inter code (1-8)")
    drone = words_raw.get("drone")
    if not isinstance(drone, str):
        raise schema.invalid("actors.yaml", "words.drone: expected one word")
    crowds = data.get("crowd_roles")
    roles = {str(r.get("role")) for r in data.get("roles") or () if isinstance(r, dict)}
    if not isinstance(crowds, dict) or not set(crowds.values()) <= roles:
        raise schema.invalid("actors.yaml", "crowd_roles: expected event type -> role name")
    return Vocabulary(
        state_words=_word_list(words_raw, "state_words"),
        org_words={str(k).lower(): v for k, v in org.items()},
        articles=_word_list(words_raw, "articles"),
        unknown=_word_list(words_raw, "unknown"),
        regime=_word_list(words_raw, "regime"),
        conjunctions=_word_list(words_raw, "conjunctions"),
        patron_prefixes=_word_list(words_raw, "patron_prefixes"),
        anti_prefixes=_word_list(words_raw, "anti_prefixes"),
        opposed_prefixes=_word_list(words_raw, "opposed_prefixes"),
        drone=drone,
        ethnic=_word_list(words_raw, "ethnic"),
        violent_types=_word_list(data, "violent_types", lower=False),
        crowd_roles={str(k): str(v) for k, v in crowds.items()},
        mutual_fights=_word_list(words_raw, "mutual_fights"),
        unknown_quantity=_pattern(patterns, "unknown_quantity"),
        determiners=_pattern(patterns, "determiners"),
    )


def scan(
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


def country_display(iso2: str | None, article: bool = False) -> str | None:
    """The name ACLED prints for a country: "Syria", "United States" ("the United States" with article)."""
    if not iso2:
        return None
    name = load_countries()[1].get(iso2.upper())
    return name if name is None or article else name.removeprefix("the ")
