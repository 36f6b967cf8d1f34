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
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .rows import country_iso2, fold_text, is_country_word, settings, strip_years, tsv_line, tsv_rows

ACTOR_COLUMNS = ("alias", "canonical", "iso2", "inter", "support")
GENERIC_MIN_COUNTRIES = 3  # a name pattern used with this many countries is a generic template

_YEAR_SPLIT = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*")
_STRUCT = re.compile(r"^([A-Z][A-Za-z0-9&'.-]{1,14}):\s+(.+)$")  # "ACR: Full Name"
_PAREN = re.compile(r"\(([^()]+)\)")
_OF = re.compile(r"^(.*?\bof )(?:the )?(.+)$")
_TOKEN = re.compile(r"[^\W_](?:[\w&'’.-]*[\w&])?")
_ACRONYM_DEF = re.compile(r"\(([A-Z][A-Za-z0-9&-]{0,11}[A-Z0-9])\)")
CONNECTORS = frozenset(
    ["of", "the", "for", "and", "de", "du", "des", "la", "le", "el", "al", "bin", "ibn", "wal"]
)
RUN_CONNECTORS = CONNECTORS - {"and"}  # "Turkish and FSA" is two names
_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


@dataclass(frozen=True)
class ActorAlias:
    alias: str
    canonical: str
    iso2: str  # "" where unknown
    inter: str  # "1".."8", "" for actors only ever associated
    support: int  # events (the canonical row) or notes (an alias)


# -- names -----------------------------------------------------------------------------------


def name_country(name: str) -> tuple[str | None, str]:
    """(ISO2, template) of an ACLED actor name: ("NG", "Military Forces of {country}")."""
    base = strip_years(name)
    for m in reversed(list(_PAREN.finditer(base))):
        iso2 = country_iso2(m.group(1))
        if iso2:
            return iso2, base[: m.start()] + "({country})" + base[m.end() :]
    m = _OF.match(base)
    if m:
        words = m.group(2).split()
        for n in range(len(words), 0, -1):
            iso2 = country_iso2(" ".join(words[:n]))
            if iso2:
                rest = " ".join(words[n:])
                return iso2, (m.group(1) + "{country} " + rest).strip()
    return None, base


def structural_aliases(name: str) -> list[str]:
    """Aliases a name gives by itself (see the module docstring)."""
    out = []
    base = strip_years(name)
    m = _STRUCT.match(base)
    if m:
        out += [m.group(1), m.group(2)]
    parts = _YEAR_SPLIT.split(name, maxsplit=1)
    if len(parts) == 2 and len(parts[1].split()) >= 2:  # "... (2006-) Armed Police Force"
        out.append(parts[1].strip())
    template = name_country(name)[1]
    if "{country} " in template and template.startswith(
        ("Military Forces of", "Police Forces of", "Government of")
    ):  # "Military Forces of Kenya Presidential Security Unit"
        out.append(template.split("{country} ", 1)[1].strip())
    stem = _PAREN.sub(" ", base).strip()
    if stem != base and len(stem.split()) >= 2 and "(" in base and name_country(base)[0]:
        out.append(" ".join(stem.split()))  # "Kalenjin Ethnic Militia (Kenya)" -> "... Militia"
    return [a for a in out if a and a != base]


def is_unidentified(name: str) -> bool:
    return name.startswith("Unidentified") or name in {"NA", ""}


# -- notes -----------------------------------------------------------------------------------

LOCATIVE = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "to",
        "towards",
        "toward",
        "outside",
        "inside",
        "around",
        "into",
        "across",
        "within",
    ]
)
PLACE_NOUNS = frozenset(
    [
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "district",
        "districts",
        "township",
        "townships",
        "area",
        "areas",
        "region",
        "state",
        "province",
        "county",
        "subcounty",
        "sub-county",
        "zone",
        "neighbourhood",
        "neighborhood",
        "camp",
        "division",
        "locality",
        "ward",
        "upazila",
        "municipality",
        "governorate",
        "sub-district",
        "subdistrict",
        "road",
        "street",
        "market",
        "bridge",
        "river",
        "valley",
        "mountain",
        "hill",
        "border",
        "checkpoint",
        "junction",
        "quarter",
        "suburb",
        "commune",
        "arrondissement",
        "woreda",
        "kebele",
    ]
)
ACTOR_NOUNS = frozenset(
    [
        "forces",
        "force",
        "troops",
        "soldiers",
        "soldier",
        "militia",
        "militias",
        "militiamen",
        "fighters",
        "fighter",
        "rebels",
        "rebel",
        "members",
        "member",
        "supporters",
        "youths",
        "elements",
        "gunmen",
        "group",
        "groups",
        "police",
        "army",
        "militants",
        "militant",
        "activists",
        "leaders",
        "leader",
        "party",
        "movement",
        "cadres",
        "workers",
        "students",
        "union",
        "commander",
        "commanders",
        "insurgents",
        "personnel",
        "officers",
        "men",
        "guards",
        "brigade",
        "battalion",
        "faction",
        "factions",
        "wing",
        "combatants",
        "operatives",
        "loyalists",
        "units",
        "unit",
    ]
)
ORG_WORDS = frozenset(
    [
        "forces",
        "force",
        "army",
        "militia",
        "militias",
        "movement",
        "front",
        "party",
        "league",
        "union",
        "brigade",
        "brigades",
        "group",
        "council",
        "police",
        "guard",
        "guards",
        "committee",
        "association",
        "alliance",
        "organization",
        "organisation",
        "federation",
        "congress",
        "corps",
        "battalion",
        "regiment",
        "unit",
        "units",
        "coalition",
        "rebels",
        "fighters",
        "resistance",
        "jihad",
        "mujahideen",
        "liberation",
        "defence",
        "defense",
        "army's",
    ]
)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens with offsets; possessive 's and trailing dots dropped."""
    out = []
    for m in _TOKEN.finditer(text):
        w, end = m.group(), m.end()
        if w.endswith(("'s", "’s")):
            w, end = w[:-2], end - 2
        w2 = w.rstrip(".")
        end -= len(w) - len(w2)
        if w2:
            out.append((w2, m.start(), end))
    return out


@lru_cache(maxsize=1 << 18)
def is_acronym(tok: str) -> bool:
    """ "FARDC", "SPLM-N", "M23", "JeI": at least two capitals, no lower-case run longer than two."""
    caps = sum(ch.isupper() for ch in tok)
    return caps >= 2 and not re.search(r"[a-z]{3}", tok)


@lru_cache(maxsize=1 << 18)
def tkey(tok: str) -> str:
    """Matching key of a token: acronyms keep their case, other words are folded."""
    return tok if is_acronym(tok) else fold_text(tok)


def is_capitalised(tok: str) -> bool:
    return tok[:1].isupper() or any(p[:1].isupper() for p in tok.split("-")[1:])


def alias_key(alias: str) -> tuple[str, ...]:
    return tuple(tkey(t) for t, _, _ in tokens(alias))


def _runs(toks: list[tuple[str, int, int]], text: str) -> list[list[str]]:
    """Maximal runs of capitalised words (connectors inside) not broken by punctuation."""
    runs: list[list[str]] = []
    cur: list[str] = []
    prev_end = None
    for tok, start, end in toks:
        joined = prev_end is not None and text[prev_end:start].strip() == ""
        if is_capitalised(tok) or (cur and joined and tok.lower() in RUN_CONNECTORS):
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append(tok)
        else:
            if cur:
                runs.append(cur)
            cur = []
        prev_end = end
    if cur:
        runs.append(cur)
    return [_trim(r) for r in runs if _trim(r)]


def _trim(run: list[str]) -> list[str]:
    while run and run[-1].lower() in CONNECTORS and not is_capitalised(run[-1]):
        run = run[:-1]
    return run


def ngram_candidates(text: str, max_words: int, toks=None) -> set[tuple[str, ...]]:
    """Keys of capitalised phrases of 1..max_words words (no connector at either end)."""
    out = set()
    for run in _runs(tokens(text) if toks is None else toks, text):
        keys = [tkey(t) for t in run]
        edge = [not (t.lower() in CONNECTORS and not is_capitalised(t)) for t in run]
        for i in range(len(run)):
            if not edge[i]:
                continue
            for j in range(i + 1, min(i + max_words, len(run)) + 1):
                if edge[j - 1]:
                    out.add(tuple(keys[i:j]))
    return out


def acronym_definitions(text: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """("FARDC", key of "Armed Forces of the Democratic Republic of Congo" or None) per "(ACR)".

    The spelled-out form is the run of capitalised words just before the parenthesis whose
    initials are the acronym's capitals in any order (French and local-language acronyms)."""
    out = []
    for m in _ACRONYM_DEF.finditer(text):
        acr = m.group(1)
        if not is_acronym(acr):
            continue
        letters = sorted(ch for ch in acr if ch.isupper())
        before = text[max(0, m.start() - 200) : m.start()].rstrip()
        runs = _runs(tokens(before), before)
        long_form = None
        if runs and before.endswith(runs[-1][-1]):
            run = runs[-1]
            for i in range(len(run)):
                words = run[i:]
                initials = sorted(w[0].upper() for w in words if is_capitalised(w))
                if words[0].lower() not in CONNECTORS and initials == letters and len(words) >= 2:
                    long_form = tuple(tkey(t) for t in words)
                    break
        out.append((acr, long_form))
    return out


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


def _content(words: Iterable[str]) -> set[str]:
    out = set()
    for w in words:
        for part in fold_text(w).split():
            if part not in CONNECTORS:
                out.add(part[:-1] if len(part) > 3 and part.endswith("s") else part)
    return out


def _overlap(long_form: tuple[str, ...], canonical: str) -> float:
    """Share of a spelled-out form's content words that the canonical name has."""
    lf = _content(long_form)
    return len(lf & _content(w for w, _, _ in tokens(canonical))) / len(lf) if lf else 0.0


def _acronym_of(acr: str, canonical: str) -> bool:
    """The acronym's capitals are the initials of consecutive capitalised words of the name."""
    letters = sorted(ch for ch in acr if ch.isupper())
    caps = [w[0].upper() for w, _, _ in tokens(strip_years(canonical)) if is_capitalised(w)]
    n = len(letters)
    return any(sorted(caps[i : i + n]) == letters for i in range(len(caps) - n + 1))


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
        if row[col]:
            out.append((row[col], row[inter] if row[inter] not in ("", "0") else ""))
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
    return frozenset(words | {"no", "us", "am", "pm", "up", "me", "we", "so", "do", "go", "ok"})


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
    for alias, canon, support in _note_aliases(notes, aliasable, place_words, known, p):
        k = alias_key(alias)
        iso2 = info[canon][0]
        if (k, iso2) in taken:
            continue
        taken[(k, iso2)] = canon
        table[(" ".join(k), iso2)] = ActorAlias(alias, canon, iso2, info[canon][1], support)
    return sorted(table.values(), key=lambda r: (r.canonical, r.alias != r.canonical, r.alias))


@dataclass
class _Stats:
    """Corpus counts of the notes' words, for telling names of groups from places and common words."""

    cap: Counter  # folded word -> times written capitalised
    low: Counter  # folded word -> times written in lower case
    occ: Counter  # token key -> occurrences
    loc_before: Counter  # token key -> occurrences after "in", "at", "near" ...
    loc_after: Counter  # token key -> occurrences before "village", "district" ...
    actor_after: Counter  # token key -> occurrences before "forces", "militia", "supporters" ...


def _word_stats(stats: _Stats, text: str, toks: list[tuple[str, int, int]], keys: tuple[str, ...]) -> None:
    for i, (tok, start, _) in enumerate(toks):
        k = keys[i]
        stats.occ[k] += 1
        (stats.cap if is_capitalised(tok) else stats.low)[fold_text(tok)] += 1
        j = i - 1 if i and toks[i - 1][0].lower() != "the" else i - 2
        if (
            j >= 0
            and toks[j][0].lower() in LOCATIVE
            and not text[toks[j][2] : start].replace("the", "").strip()
        ):
            stats.loc_before[k] += 1
        if i + 1 < len(toks) and not text[toks[i][2] : toks[i + 1][1]].strip():
            nxt = toks[i + 1][0].lower()
            if nxt in PLACE_NOUNS:
                stats.loc_after[k] += 1
            elif nxt in ACTOR_NOUNS:
                stats.actor_after[k] += 1


def _note_aliases(
    notes: dict[str, set[str]],
    aliasable,
    place_words: set[str],
    known: dict[str, list[tuple[str, ...]]],
    p: dict[str, Any],
) -> list[tuple[str, str, int]]:
    """(alias as written, canonical, support) for the specific acronyms and phrases of the notes."""
    texts = list(notes)
    total = len(texts)
    max_words = int(p["ngram_max_words"])
    stats = _Stats(Counter(), Counter(), Counter(), Counter(), Counter(), Counter())
    note_keys: list[tuple[str, ...]] = []
    note_grams: list[set[tuple[str, ...]]] = []
    note_defs: list[list[tuple[str, tuple[str, ...] | None]]] = []
    df: Counter = Counter()
    for text in texts:
        toks = tokens(text)
        keys = tuple(tkey(t) for t, _, _ in toks)
        _word_stats(stats, text, toks, keys)
        grams = ngram_candidates(text, max_words, toks)
        defs = acronym_definitions(text) if "(" in text else []
        for acr, long_form in defs:
            grams.add((acr,))
            if long_form:
                grams.add(long_form)
        note_keys.append(keys)
        note_grams.append(grams)
        note_defs.append(defs)
        df.update(grams)
    # a defined long form counts wherever it occurs, not only inside capitalised runs
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for lf in {lf for defs in note_defs for _, lf in defs if lf}:
        by_first[lf[0]].append(lf)
    for i, keys in enumerate(note_keys):
        for first in by_first.keys() & set(keys):
            for lf in by_first[first]:
                if lf not in note_grams[i] and _contains(keys, lf):
                    note_grams[i].add(lf)
                    df[lf] += 1

    keep = {g for g, n in df.items() if n >= min(p["acronym_min_support"], p["ngram_min_support"])}
    pair: Counter = Counter()
    defined: Counter = Counter()  # (acronym or long form, actor) -> notes defining it with the actor coded
    forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)  # acronym -> its long forms
    actor_notes: Counter = Counter()
    first_note: dict[tuple[str, ...], int] = {}
    for i, (text, grams, defs) in enumerate(zip(texts, note_grams, note_defs)):
        coded = [a for a in notes[text] if aliasable(a)]
        actor_notes.update(notes[text])
        for g in grams & keep:
            first_note.setdefault(g, i)
            for a in coded:
                pair[(g, a)] += 1
        for acr, lf in defs:
            if lf:
                forms[(acr,)][lf] += 1
            for g in {(acr,), lf} - {None}:
                for a in coded:
                    defined[(g, a)] += 1

    name_words: Counter = Counter()
    for a in actor_notes:
        name_words.update({part for w, _, _ in tokens(a) for part in fold_text(w).split()})

    def evidence(g: tuple[str, ...], a: str) -> bool:
        """The name of ``a`` gives ``g``: it contains it, spells its acronym or shares its long form."""
        if _contains(alias_key(a), g) or (len(g) == 1 and is_acronym(g[0]) and _acronym_of(g[0], a)):
            return True
        if defined[(g, a)] < p["acronym_min_support"]:
            return False
        long_forms = list(forms.get(g, ())) or [g]
        return any(
            _overlap(lf, a) >= p["min_long_form_overlap"] and not _foreign_word(lf, a) for lf in long_forms
        )

    def _foreign_word(lf: tuple[str, ...], a: str) -> bool:
        """The long form names a place the actor's name lacks: "Dhaka Union of Journalists (DUJ)" is
        not the Bangladesh Federal Union of Journalists."""
        have = _content(w for w, _, _ in tokens(a))
        return any(w not in have and w in place_words for w in _content(lf))

    def distinctive_word(w: str) -> bool:
        """A word few actors' names have, written capitalised: "Zinki", "Dhaka"; not "Air", "Liberation"."""
        if name_words[w] > p["max_name_word_actors"] or is_country_word(w) or w in ORG_WORDS:
            return False
        caps, low = stats.cap[w], stats.low[w]
        return caps + low == 0 or caps >= low

    def placey(g: tuple[str, ...]) -> bool:
        if " ".join(fold_text(w) for w in g) in place_words or fold_text(g[-1]) in PLACE_NOUNS:
            return True
        occ = max(stats.occ[g[0]], 1)
        return (stats.loc_before[g[0]] + stats.loc_after[g[-1]]) / occ > p["max_locative_share"]

    def actor_context(g: tuple[str, ...]) -> bool:
        return stats.actor_after[g[-1]] / max(stats.occ[g[-1]], 1) >= p["min_actor_context_share"]

    def org_word(g: tuple[str, ...]) -> bool:
        return any(part in ORG_WORDS for w in g for part in fold_text(w).split())

    def distinctive(g: tuple[str, ...]) -> bool:
        """Has a word that few actors' names have ("Zinki", not "Liberation Force")."""
        words = {part for w in g for part in fold_text(w).split()} - CONNECTORS
        return any(distinctive_word(w) for w in words)

    def capitalised(g: tuple[str, ...]) -> bool:
        first = fold_text(g[0])
        caps, low = stats.cap[first], stats.low[first]
        return caps > 0 and caps / (caps + low) >= p["min_capitalised_share"]

    def name_like(g: tuple[str, ...], in_name: bool) -> bool:
        """A phrase of the notes reads like a group's name (acronyms are checked elsewhere)."""
        if len(g) == 1 and is_acronym(g[0]):
            return True
        if not distinctive(g) or placey(g) or not (in_name or capitalised(g)):
            return False
        if len(g) == 1:  # "Houthi", "Ambazonian": must be followed by "fighters", "militia" ...
            return actor_context(g)
        return org_word(g[-1:]) or actor_context(g)

    by_gram: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for (g, a), n in pair.items():
        by_gram[g].append((a, n))
    accepted: dict[tuple[str, ...], tuple[str, int]] = {}
    for g, cands in by_gram.items():
        if _plain_word(g):
            continue
        n_g = df[g]
        named, unnamed = [], []
        for a, n in cands:
            in_name = _contains(alias_key(a), g)
            if evidence(g, a):
                if (
                    n >= p["acronym_min_support"]
                    and n / n_g >= p["acronym_min_specificity"]
                    and (defined[(g, a)] >= p["acronym_min_support"] or name_like(g, in_name))
                ):
                    named.append((a, n))
            elif (
                n >= p["ngram_min_support"]
                and n / n_g >= p["ngram_min_specificity"]
                and math.log2(n * total / (n_g * max(actor_notes[a], 1))) >= p["ngram_min_pmi"]
                and (actor_context(g) if len(g) == 1 and is_acronym(g[0]) else name_like(g, False))
            ):
                unnamed.append((a, n))
        if len(named) == 1:
            accepted[g] = named[0]
        elif not named and len(unnamed) == 1:
            a, n = unnamed[0]
            rival = max((m for b, m in cands if b != a), default=0)
            if rival < p["ngram_max_rival_share"] * n_g:
                accepted[g] = unnamed[0]
    # drop a phrase that occurs mostly inside a longer name of the same actor ("Pasand" in
    # "Sindh Taraqi Pasand Party"): the longer name does the work and the fragment misleads
    longer: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for g, (a, _) in accepted.items():
        longer[a].append(g)
    for a in longer:
        longer[a] += known.get(a, [])
    out = []
    for g, (a, n) in accepted.items():
        outer = [g2 for g2 in longer[a] if len(g2) > len(g) and _contains(g2, g)]
        if outer:
            alone = sum(
                _standalone(note_keys[i], g, outer)
                for i in range(first_note[g], len(texts))
                if g in note_grams[i]
            )
            if alone < p["min_standalone_share"] * df[g]:
                continue
        out.append((_written(g, texts, note_keys, first_note), a, n))
    return out


def _standalone(keys: tuple[str, ...], g: tuple[str, ...], outer: list[tuple[str, ...]]) -> bool:
    """``g`` occurs in ``keys`` at least once outside every one of the longer phrases ``outer``."""
    n = len(g)
    covered = set()
    for o in outer:
        m = len(o)
        for i in range(len(keys) - m + 1):
            if keys[i : i + m] == o:
                covered.update(range(i, i + m))
    return any(keys[i : i + n] == g and not covered & set(range(i, i + n)) for i in range(len(keys) - n + 1))


def _written(key: tuple[str, ...], texts: list[str], note_keys, first_note: dict) -> str:
    """How a phrase is written in the first note that has it."""
    n = len(key)
    for i in range(first_note.get(key, len(texts)), len(texts)):
        keys = note_keys[i]
        for j in range(len(keys) - n + 1):
            if keys[j : j + n] == key:
                toks = tokens(texts[i])
                return " ".join(texts[i][toks[j][1] : toks[j + n - 1][2]].split())
    return " ".join(key)


def _plain_word(g: tuple[str, ...]) -> bool:
    """Digits, calendar words, lone country names and demonyms: never an alias."""
    if all(w.isdigit() or fold_text(w) in _CALENDAR for w in g) or any(fold_text(w) in _CALENDAR for w in g):
        return True
    return len(g) <= 2 and is_country_word(" ".join(g))


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
