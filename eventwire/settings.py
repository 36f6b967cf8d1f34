"""Typed settings: one :class:`Settings` object read from ``data/settings.toml``, a user's file on top.

Each section of the file is a frozen dataclass below, with a type and no default: every value
comes from the shipped file (where each carries a note on how it was set), and a user's file may
override any of them. A key or section the dataclasses do not name is an error naming it (a typo
is never a silent no-op), and so is a value of the wrong type. Code reads values as attributes,
``settings().places.group_weight``; :class:`eventwire.context.DocContext` carries the object.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

from .errors import Errors, SettingsError


@dataclass(frozen=True)
class Parse:
    """``[parse]``"""

    model: str
    batch_size: int
    max_chars: int
    label_max_words: int
    blas_threads: int
    truecase_min_letters: int
    truecase_min_upper_share: float
    unwrap_min_lines: int
    unwrap_max_width: int
    unwrap_full_width: float
    unwrap_full_share: float


@dataclass(frozen=True)
class Ingest:
    """``[ingest]``"""

    min_english_ratio: float
    min_chars: int


@dataclass(frozen=True)
class Store:
    """``[store]``"""

    insert_batch: int
    writer_threads: int
    writer_memory_limit: str
    writer_wait_s: float
    shared_write_articles: int
    shared_write_pause_s: float


@dataclass(frozen=True)
class Fetch:
    """``[fetch]``"""

    timeout_s: float
    max_bytes: int
    max_redirects: int
    user_agent: str
    deadline_s: float
    max_feed_entries: int


@dataclass(frozen=True)
class Runs:
    """``[runs]``"""

    shard_size: int
    shard_seconds: float


@dataclass(frozen=True)
class Serve:
    """``[serve]``"""

    max_body_bytes: int
    reader_wait_s: float
    page_limit_max: int
    map_points_max: int
    cache_entries: int


@dataclass(frozen=True)
class Statements:
    """``[statements]``"""

    direct_min_quoted_share: float
    max_attribution_tokens: int
    bio_max_chars: int
    quote_min_chars: int
    content_min_chars: int
    attribution_max_punct: int
    abbreviation_max_letters: int
    subject_climb_steps: int
    clause_climb_steps: int
    short_reference_min_letters: int
    continuation_max_chars: int
    clash_min_share: float
    confidence_direct: float
    confidence_mixed: float
    confidence_indirect: float
    confidence_unnamed: float
    confidence_continued: float
    title_max_tokens: int
    appositive_max_tokens: int


@dataclass(frozen=True)
class Resolve:
    """``[resolve]``"""

    radius_km: float
    day_slack_days: int
    fallback_subtypes: tuple[str, ...]
    anaphoric_triggers: tuple[str, ...]
    type_families: dict[str, tuple[str, ...]]
    type_precedence: tuple[str, ...]
    symmetric_types: tuple[str, ...]
    absorbed_subtypes: dict[str, tuple[str, ...]]
    policed_family: str
    policing_inter1: tuple[str, ...]
    policing_types: tuple[str, ...]
    policed_inter2: tuple[str, ...]


@dataclass(frozen=True)
class Places:
    """``[places]``"""

    max_candidates: int
    anchor_margin: float
    country_weight: float
    proximity_weight: float
    admin1_country_factor: float
    division_weight: float
    unknown_town_population: int
    foreign_town_min_population: int
    foreign_town_evidence: float
    foreign_city_min_population: int
    foreign_mid_town_evidence: float
    foreign_big_city_population: int
    foreign_big_town_evidence: float
    foreign_town_own_evidence: float
    foreign_alias_evidence: float
    lone_town_min_population: float
    prior_learned_bonus: float
    near_anchor_km: float
    demonym_weight: float
    attacker_demonym_weight: float
    deployment_weight: float
    group_weight: float
    abroad_group_weight: float
    variant_min_consonants: int
    variant_radius_km: float
    sector_min_towns: int
    convention_weight: float
    org_division_weight: float
    bare_city_min_population: int
    org_city_min_population: int
    modifier_town_min_population: int
    loose_town_population_factor: int
    split_part_min_population: int
    prior_population_offset: int
    prior_world_city_population: int
    prior_world_city_bonus: float
    prior_country_bonus: float
    prior_continent_bonus: float
    prior_admin1_bonus: float
    prior_site_bonus: float
    prior_region_bonus: float
    prior_exact_name_bonus: float
    prior_capital_bonus: float
    prior_loose_penalty: float
    prior_qualifier_bonus: float
    prior_division_noun_bonus: float
    prior_division_town_penalty: float
    prior_division_town_min_population: int
    lone_candidate_margin: float
    proximity_km: float
    proximity_max_rank: int
    town_division_factor: float
    neighbour_share: float
    confidence_base: float
    confidence_margin_gain: float
    confidence_margin_scale: float
    gazetteer_confidence_factor: float
    unresolved_confidence: float
    country_confidence: float
    sector_min_part_towns: int
    variant_same_place_km: float
    focus_country_weight: float
    focus_place_weight: float
    focus_actor_factor: float
    focus_locative_factor: float
    focus_lead_chars: int
    focus_lead_bonus: float
    event_distance_bucket: int
    dateline_max_chars: int
    corpus_prior: bool
    corpus_prior_min_share: float
    corpus_prior_min_located: int
    corpus_prior_over: float


@dataclass(frozen=True)
class Dates:
    """``[dates]``"""

    confidence_resolved: float
    confidence_unresolved: float
    publication_confidence: float
    carried_confidence: float
    no_trigger_distance: int
    opening_chars: int
    since_window_chars: int
    prefix_window_chars: int
    dateline_chars: int
    nearest_months_ahead: int
    quarters_ahead: int
    two_digit_year_pivot: int
    decade_apostrophe_pivot: int
    week_weekday: int
    weekend_weekday: int


@dataclass(frozen=True)
class Counts:
    """``[counts]``"""

    confidence_number: float
    confidence_none: float
    confidence_vague: float
    confidence_stray_number: float
    confidence_unknown_plural: float
    confidence_one_victim: float
    confidence_combined: float
    confidence_split: float
    confidence_coded: float
    confidence_aggregate: float
    no_trigger_distance: int
    own_cue_distance: int
    next_sentence_distance: int
    note_window_chars: int
    verb_climb_steps: int


@dataclass(frozen=True)
class Status:
    """``[status]``"""

    current_window_days: int
    future_slack_days: int
    week_last_day_offset: int
    climb_steps: int
    undated_reference_gap_days: int


@dataclass(frozen=True)
class Events:
    """``[events]``"""

    confidence_strong: float
    confidence_medium: float
    confidence_weak: float
    confidence_actor1_bonus: float
    byline_max_tokens: int
    confidence_cap: float
    type_model: str
    label_max_tokens: int
    label_fuzzy_min_chars: int
    label_min_similarity: float
    eventivity_model: str
    eventivity_threshold: float
    coder_model: str
    coder_encoder: Literal["numpy", "onnx", "onnx-int8"]
    coder_type_threshold: float
    coder_sub_threshold: float


@dataclass(frozen=True)
class Actors:
    """``[actors]``"""

    confidence_group: float
    confidence_role_own_country: float
    confidence_role: float
    confidence_people: float
    confidence_state: float
    confidence_unknown_group: float
    caps_alias_max_letters: int
    short_alias_max_letters: int


@dataclass(frozen=True)
class Learned:
    """``[learned]``"""

    user_dir: str
    skip_sources: tuple[str, ...]
    place_event_population: int
    place_merge_km: float
    division_levels: tuple[str, ...]
    division_merge_km: float
    actor_min_support: int


@dataclass(frozen=True)
class Plover:
    """``[plover]``"""

    model: str


@dataclass(frozen=True)
class Settings:
    """Every section of settings.toml, typed."""

    parse: Parse
    ingest: Ingest
    store: Store
    fetch: Fetch
    runs: Runs
    serve: Serve
    statements: Statements
    resolve: Resolve
    places: Places
    dates: Dates
    counts: Counts
    status: Status
    events: Events
    actors: Actors
    learned: Learned
    plover: Plover


# -- loading ----------------------------------------------------------------------------------

_SHIPPED = "settings.toml"


def _check_value(value: Any, kind: Any, where: str) -> Any:
    """``value`` as the field's type, or a coded error naming where it came from."""
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind in (str, bool) and isinstance(value, kind):
        return value
    if get_origin(kind) is Literal and value in get_args(kind):
        return value
    if get_origin(kind) is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if get_origin(kind) is dict and isinstance(value, dict):
        inner = get_args(kind)[1]
        return {str(k): _check_value(v, inner, f"{where}.{k}") for k, v in value.items()}
    raise SettingsError(Errors.E012.format(where=where, expected=_type_name(kind), value=value))


def _type_name(kind: Any) -> str:
    if get_origin(kind) is Literal:
        return "one of " + ", ".join(repr(v) for v in get_args(kind))
    if get_origin(kind) is tuple:
        return "a list of strings"
    if get_origin(kind) is dict:
        return "a table of lists of strings"
    return kind.__name__


def _section(cls: type, table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise SettingsError(Errors.E013.format(where=where))
    hints = get_type_hints(cls)
    for key in table:
        if key not in hints:
            raise SettingsError(Errors.E010.format(where=f"{where}.{key}", known=", ".join(hints)))
    missing = [k for k in hints if k not in table]
    if missing:
        raise SettingsError(Errors.E011.format(where=where, keys=", ".join(missing)))
    return cls(**{k: _check_value(table[k], hints[k], f"{where}.{k}") for k in hints})


def _check_known(data: dict[str, Any], origin: str) -> None:
    """Every section and key of a user's file names a setting (a typo is an error, not a no-op)."""
    sections = get_type_hints(Settings)
    for name, table in data.items():
        if name not in sections:
            raise SettingsError(Errors.E010.format(where=f"{origin}: [{name}]", known=", ".join(sections)))
        if not isinstance(table, dict):
            raise SettingsError(Errors.E013.format(where=f"{origin}: [{name}]"))
        keys = get_type_hints(sections[name])
        for key in table:
            if key not in keys:
                raise SettingsError(
                    Errors.E010.format(where=f"{origin}: [{name}] {key}", known=", ".join(keys))
                )


def _parse(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(Errors.E014.format(origin=origin, reason=err)) from None


@lru_cache(maxsize=8)
def load_settings(user_file: str | None = None) -> Settings:
    """The shipped settings with ``user_file`` (TOML) on top, checked and typed; cached per process."""
    data = _parse(resources.files("eventwire.data").joinpath(_SHIPPED).read_text("utf-8"), _SHIPPED)
    if user_file:
        try:
            text = Path(user_file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise SettingsError(Errors.E015.format(origin=user_file, reason=err)) from None
        user = _parse(text, user_file)
        _check_known(user, user_file)
        for name, table in user.items():
            data[name] = {**data.get(name, {}), **table}
    sections = get_type_hints(Settings)
    return Settings(**{name: _section(cls, data.get(name), f"[{name}]") for name, cls in sections.items()})


_active_file: str | None = None


def use_settings_file(path: str | None) -> None:
    """Make ``path`` (TOML) the user's settings for the rest of this process (checked now)."""
    global _active_file
    if path is not None:
        load_settings(str(path))
    _active_file = str(path) if path else None


def current() -> Settings:
    """The settings in force: the shipped file with the user's file, if any, on top."""
    return load_settings(_active_file)


def as_dict(settings: Settings) -> dict[str, dict[str, Any]]:
    """Section -> key -> value (documentation, tests)."""
    return {name: asdict(getattr(settings, name)) for name in get_type_hints(Settings)}
