"""The temporal vocabulary of ``data/temporal.yaml`` and the finder's regular expressions built from it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...data import load_yaml, schema
from ...errors import DataFileError, Errors

_WORD_MAPS = ("months", "weekdays", "number_words", "ordinals", "relative_signs", "month_relatives")
_WORD_MAPS += ("day_offsets", "clock_words", "reference_quantities", "reference_modifiers")
_TABLES = ("seasons", "units", "parts_of_day", "references", "weekday_relatives", "anchor_units")
_TABLES += ("period_relatives", "set_values")
_LISTS = ("future_auxiliaries", "month_abbreviations", "weekdays_not_alone")
_LISTS += ("future_directions", "verb_seasons", "verb_months", "month_context", "year_followers")
_LISTS += ("clock_before", "clock_after")
_LISTS += ("past_future_references", "duration_openers", "loose_quantities", "loose_quantity_units")
_LISTS += ("forward_openers", "forward_lemmas", "intent_lemmas", "infinitive_markers")
_REGEXES = ("fragments", "patterns", "quarter_core", "prefix", "since", "dateline")
# the vocabulary a costly pattern's words come from (``_windows``)
_PATTERN_WORDS = ("months", "weekdays", "seasons", "units", "number_words", "vague_quantities", "ordinals")
_PATTERN_WORDS += ("parts_of_day",)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The temporal vocabulary from ``data/temporal.yaml``, schema-checked, cached."""
    data = load_yaml("temporal.yaml", ("vague_quantities", *_WORD_MAPS, *_TABLES, *_LISTS, *_REGEXES))
    schema.word_maps("temporal.yaml", data, _WORD_MAPS)
    schema.mappings("temporal.yaml", data, _TABLES + ("fragments", "patterns"))
    schema.lists(
        "temporal.yaml", data, ("vague_quantities",)
    )  # keeps its order: the alternation tries them in it
    schema.word_sets("temporal.yaml", data, _LISTS)
    return data


def alternation(words: list[str]) -> str:
    """A regular-expression alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Grammar:
    """The finder's compiled patterns (name, pattern) in the order they are tried."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    prefix: re.Pattern[str]
    since: re.Pattern[str]
    dateline: re.Pattern[str]
    # name -> (core, break): the pattern is tried only inside the runs of text that no ``break``
    # character splits and that hold a ``core`` match (:func:`text_runs`)
    windows: dict[str, tuple[re.Pattern[str], re.Pattern[str]]]


def _fill(template: str, parts: dict[str, str]) -> str:
    def part(m: re.Match[str]) -> str:
        if m.group(1) not in parts:
            raise schema.fail(
                "temporal.yaml", f"fragment {{{{{m.group(1)}}}}}", "to be defined before its use"
            )
        return parts[m.group(1)]

    return re.sub(r"\{\{(\w+)\}\}", part, template)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The patterns of ``temporal.yaml`` with its vocabulary filled in, compiled once per process."""
    v = vocabulary()
    full = [m for m in v["months"] if m not in v["month_abbreviations"]]
    abbr = [m for m in v["months"] if m in v["month_abbreviations"]]
    wd_names = [w for w in v["weekdays"] if w not in v["weekdays_not_alone"]]
    parts = {
        "full_months": alternation([m.capitalize() for m in full] + [m.upper() for m in full]),
        "short_months": alternation([m.capitalize() for m in abbr]),
        "weekday_names": alternation([w.capitalize() for w in wd_names]),
    }
    for key in (
        "number_words",
        "vague_quantities",
        "units",
        "parts_of_day",
        "seasons",
        "ordinals",
        "references",
    ):
        parts[key] = alternation(list(v[key]))
    for name, template in v["fragments"].items():
        parts[name] = _fill(template, parts)
    try:
        patterns = tuple((n, re.compile(_fill(p, parts), re.I)) for n, p in v["patterns"].items())
        prefix, since = (re.compile(v[key], re.I) for key in ("prefix", "since"))
        dateline = re.compile(v["dateline"], re.M)
        quarter_core = re.compile(v["quarter_core"], re.I)
    except re.error as err:
        raise DataFileError(Errors.E046.format(file="temporal.yaml", where="patterns", reason=err)) from err
    return Grammar(patterns, prefix, since, dateline, _windows(v, full, abbr, wd_names, quarter_core))


def _windows(
    v: dict[str, Any], full: list[str], abbr: list[str], wd_names: list[str], quarter_core: re.Pattern[str]
) -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Where the costly patterns can match. Every match of each pattern below is made of its
    run's characters only (``[\\w\\s.-]`` and what it adds) and holds a match of its core, so it
    lies inside one run of such characters that holds a core match: scanning just those runs finds
    exactly what a scan of the whole text finds. Each opens with long case-insensitive alternations
    (number words, "a", "an", optional modifiers) tried at every position of a text otherwise."""
    words = [w for key in _PATTERN_WORDS for w in v[key]]
    if not all(re.fullmatch(r"[\w\s.-]+", w) for w in words):
        return {}  # a vocabulary word with other characters: scan whole texts
    units = re.compile(r"[\s-](?:" + alternation(list(v["units"])) + ")", re.I)
    months = re.compile(
        "(?-i:"
        + alternation(
            [m.capitalize() for m in full] + [m.upper() for m in full] + [m.capitalize() for m in abbr]
        )
        + ")",
        re.I,
    )
    weekdays = re.compile("(?-i:" + alternation([w.capitalize() for w in wd_names]) + ")", re.I)
    seasons = re.compile(alternation(list(v["seasons"])), re.I)
    plain, comma, apostrophe = (re.compile(f"[^\\w\\s.{c}-]") for c in ("", ",", "'"))
    return {
        "ago": (units, plain),
        "duration": (units, plain),
        "relunit": (units, plain),
        "bareunits": (
            units,
            plain,
        ),  # its look-behinds see the whole text: a scan from a position is no slice
        "weekday": (weekdays, plain),
        "season": (seasons, plain),
        "my": (months, comma),  # "March, 2019"
        "quarter": (quarter_core, apostrophe),  # "next year's first quarter"
    }


def text_runs(text: str, core: re.Pattern[str], breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of ``text`` no ``breaks`` character splits that holds a ``core``
    match; ``end`` takes in the breaking character, so look-aheads see what a full scan sees."""
    cuts = [m.start() for m in breaks.finditer(text)]
    runs: list[tuple[int, int]] = []
    for m in core.finditer(text):
        i = bisect_right(cuts, m.start())
        start = cuts[i - 1] + 1 if i else 0
        if not runs or runs[-1][0] != start:
            runs.append((start, cuts[i] + 1 if i < len(cuts) else len(text)))
    return runs
