"""Aliases mined from the notes of an actor's events: specific acronyms and capitalised phrases."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from .actor_names import (
    acronym_definitions,
    acronym_of,
    alias_key,
    contains,
    content_words,
    is_acronym,
    is_capitalised,
    long_form_overlap,
    ngram_candidates,
    tkey,
    tokens,
)
from .rows import fold_text, is_country_word
from .words import learn_words


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
    words = learn_words()
    for i, (tok, start, _) in enumerate(toks):
        k = keys[i]
        stats.occ[k] += 1
        (stats.cap if is_capitalised(tok) else stats.low)[fold_text(tok)] += 1
        j = i - 1 if i and toks[i - 1][0].lower() != "the" else i - 2
        if (
            j >= 0
            and toks[j][0].lower() in words.locative
            and not text[toks[j][2] : start].replace("the", "").strip()
        ):
            stats.loc_before[k] += 1
        if i + 1 < len(toks) and not text[toks[i][2] : toks[i + 1][1]].strip():
            nxt = toks[i + 1][0].lower()
            if nxt in words.place_nouns:
                stats.loc_after[k] += 1
            elif nxt in words.actor_nouns:
                stats.actor_after[k] += 1


def note_aliases(
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
    words = learn_words()
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
                if lf not in note_grams[i] and contains(keys, lf):
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
        if contains(alias_key(a), g) or (len(g) == 1 and is_acronym(g[0]) and acronym_of(g[0], a)):
            return True
        if defined[(g, a)] < p["acronym_min_support"]:
            return False
        long_forms = list(forms.get(g, ())) or [g]
        return any(
            long_form_overlap(lf, a) >= p["min_long_form_overlap"] and not _foreign_word(lf, a)
            for lf in long_forms
        )

    def _foreign_word(lf: tuple[str, ...], a: str) -> bool:
        """The long form names a place the actor's name lacks: "Dhaka Union of Journalists (DUJ)" is
        not the Bangladesh Federal Union of Journalists."""
        have = content_words(w for w, _, _ in tokens(a))
        return any(w not in have and w in place_words for w in content_words(lf))

    def distinctive_word(w: str) -> bool:
        """A word few actors' names have, written capitalised: "Zinki", "Dhaka"; not "Air", "Liberation"."""
        if name_words[w] > p["max_name_word_actors"] or is_country_word(w) or w in words.org_words:
            return False
        caps, low = stats.cap[w], stats.low[w]
        return caps + low == 0 or caps >= low

    def placey(g: tuple[str, ...]) -> bool:
        if " ".join(fold_text(w) for w in g) in place_words or fold_text(g[-1]) in words.place_nouns:
            return True
        occ = max(stats.occ[g[0]], 1)
        return (stats.loc_before[g[0]] + stats.loc_after[g[-1]]) / occ > p["max_locative_share"]

    def actor_context(g: tuple[str, ...]) -> bool:
        return stats.actor_after[g[-1]] / max(stats.occ[g[-1]], 1) >= p["min_actor_context_share"]

    def org_word(g: tuple[str, ...]) -> bool:
        return any(part in words.org_words for w in g for part in fold_text(w).split())

    def distinctive(g: tuple[str, ...]) -> bool:
        """Has a word that few actors' names have ("Zinki", not "Liberation Force")."""
        parts = {part for w in g for part in fold_text(w).split()} - words.connectors
        return any(distinctive_word(w) for w in parts)

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
            in_name = contains(alias_key(a), g)
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
        outer = [g2 for g2 in longer[a] if len(g2) > len(g) and contains(g2, g)]
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
    calendar = learn_words().calendar
    if all(w.isdigit() or fold_text(w) in calendar for w in g) or any(fold_text(w) in calendar for w in g):
        return True
    return len(g) <= 2 and is_country_word(" ".join(g))
