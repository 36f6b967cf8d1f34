"""Actor names and note text as tokens: name countries, structural aliases, keys, acronyms and phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .rows import country_iso2, fold_text, strip_years
from .words import learn_words

_YEAR_SPLIT = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*")
_STRUCT = re.compile(r"^([A-Z][A-Za-z0-9&'.-]{1,14}):\s+(.+)$")  # "ACR: Full Name"
_PAREN = re.compile(r"\(([^()]+)\)")
_OF = re.compile(r"^(.*?\bof )(?:the )?(.+)$")
_TOKEN = re.compile(r"[^\W_](?:[\w&'’.-]*[\w&])?")
_ACRONYM_DEF = re.compile(r"\(([A-Z][A-Za-z0-9&-]{0,11}[A-Z0-9])\)")


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
    """Aliases a name gives by itself (see :mod:`eventwire.learn.actors`)."""
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


# -- tokens and phrases ---------------------------------------------------------------------


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
    run_connectors = learn_words().run_connectors
    runs: list[list[str]] = []
    cur: list[str] = []
    prev_end = None
    for tok, start, end in toks:
        joined = prev_end is not None and text[prev_end:start].strip() == ""
        if is_capitalised(tok) or (cur and joined and tok.lower() in run_connectors):
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
    connectors = learn_words().connectors
    while run and run[-1].lower() in connectors and not is_capitalised(run[-1]):
        run = run[:-1]
    return run


def ngram_candidates(text: str, max_words: int, toks=None) -> set[tuple[str, ...]]:
    """Keys of capitalised phrases of 1..max_words words (no connector at either end)."""
    connectors = learn_words().connectors
    out = set()
    for run in _runs(tokens(text) if toks is None else toks, text):
        keys = [tkey(t) for t in run]
        edge = [not (t.lower() in connectors and not is_capitalised(t)) for t in run]
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
    connectors = learn_words().connectors
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
                if words[0].lower() not in connectors and initials == letters and len(words) >= 2:
                    long_form = tuple(tkey(t) for t in words)
                    break
        out.append((acr, long_form))
    return out


def contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


def content_words(words: Iterable[str]) -> set[str]:
    connectors = learn_words().connectors
    out = set()
    for w in words:
        for part in fold_text(w).split():
            if part not in connectors:
                out.add(part[:-1] if len(part) > 3 and part.endswith("s") else part)
    return out


def long_form_overlap(long_form: tuple[str, ...], canonical: str) -> float:
    """Share of a spelled-out form's content words that the canonical name has."""
    lf = content_words(long_form)
    return len(lf & content_words(w for w, _, _ in tokens(canonical))) / len(lf) if lf else 0.0


def acronym_of(acr: str, canonical: str) -> bool:
    """The acronym's capitals are the initials of consecutive capitalised words of the name."""
    letters = sorted(ch for ch in acr if ch.isupper())
    caps = [w[0].upper() for w, _, _ in tokens(strip_years(canonical)) if is_capitalised(w)]
    n = len(letters)
    return any(sorted(caps[i : i + n]) == letters for i in range(len(caps) - n + 1))
