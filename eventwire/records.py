"""Records that flow through the pipeline and map one-to-one onto store tables, and the closed
vocabularies they use: ACLED's actor types (inter codes), event status, date precision and kind.

Every record is a plain dataclass. ``to_dict`` gives the JSON output contract (field names are fixed
by the foundation issue; add fields, never rename). Status, precision and kind are ``StrEnum``s: a
member is its string, so records keep plain strings in JSON, the store and comparisons.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from enum import IntEnum, StrEnum
from functools import cache
from typing import Any


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives for a record, without deep-copying each string and number
    (asdict deep-copies every leaf: 0.17 s of a 100-article ``extract --format jsonl``; this, 0.03 s)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _field_names(type(value))}
    if type(value) is tuple:
        return tuple(plain(v) for v in value)
    return copy.deepcopy(value)


class Inter(IntEnum):
    """ACLED's actor type ("inter code") of an actor."""

    STATE_FORCES = 1
    REBELS = 2
    POLITICAL_MILITIA = 3
    IDENTITY_MILITIA = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL_FORCES = 8  # external/other forces: a state's forces abroad, international coalitions


STATE_SIDES = frozenset({Inter.STATE_FORCES, Inter.EXTERNAL_FORCES})
NON_STATE_ARMED = frozenset({Inter.REBELS, Inter.POLITICAL_MILITIA, Inter.IDENTITY_MILITIA})
ARMED = STATE_SIDES | NON_STATE_ARMED
CROWDS = frozenset({Inter.RIOTERS, Inter.PROTESTERS})
UNARMED = CROWDS | {Inter.CIVILIANS}
POLITICAL = ARMED | CROWDS  # every actor type but civilians


class Status(StrEnum):
    """An event's status: what the report says of it."""

    CURRENT = "current"
    PAST = "past"
    AGGREGATE = "aggregate"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class Precision(StrEnum):
    """How much of the calendar a date mention's value covers."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"


class Kind(StrEnum):
    """What a temporal expression is."""

    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    SET = "set"
    RANGE_START = "range-start"
    REFERENCE = "reference"
    PUBLICATION = "publication"


STATUSES = tuple(Status)  # in this order (a StrEnum member is its string)


# The provenance key of a place that came from the corpus's country prior, not from a span of the
# text (eventwire.fields.places.prior): its Source has no span and the prior's share as confidence.
PRIOR_PROVENANCE = "country_prior"
# An event's place fields, which move together (merging mentions, the corpus prior)
PLACE_FIELDS = (
    "location",
    "admin1",
    "country",
    "iso3",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
)


@dataclass
class Source:
    """Provenance of one field: the character span it came from, with a confidence."""

    text: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass
class Article:
    """One input document after ingest (before extraction)."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date
    published_source: str | None = None  # input | override | html-metadata | dateline
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str | None = None  # file path or "jsonl:LINE"


@dataclass
class DateMention:
    """A temporal expression resolved against the publication date.

    ``value`` follows TimeML: ``YYYY-MM-DD``, ``YYYY-Www`` (``-WE`` weekend), ``YYYY-MM``,
    ``YYYY-Qn``, ``YYYY-H1``, ``YYYY-SU`` (season), ``YYYY``, ``199`` (decade); durations
    ``P3M``/``PXY``; sets ``XXXX-WXX-5``; ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``; or None
    when it cannot be resolved (a relative date with no publication date).
    ``precision`` is one of day | week | month | quarter | season | half | year | decade.
    ``kind``: date | time | duration | set | range-start ("since …") | reference ("now") |
    publication (an event dated by the article's own date, when its text gives none).
    """

    text: str
    start: int
    end: int
    value: str | None
    precision: str | None
    kind: str = "date"  # date | duration | set | range-start ("since ...")
    relative: bool = False  # resolved against the publication date
    confidence: float = 0.9

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


@dataclass
class Place:
    """A toponym in the text resolved to a gazetteer entry."""

    text: str
    start: int
    end: int
    name: str | None
    country: str | None
    iso3: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    feature: str | None = None  # city | admin1 | country | site (supplement) | region
    population: int | None = None
    confidence: float = 0.8

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


@dataclass
class Actor:
    """An actor mention normalised against the actor dictionary."""

    text: str
    start: int
    end: int
    name: str  # canonical, ACLED style
    country: str | None = None
    inter: int | None = None  # ACLED actor type 1-8
    known: bool = True  # False: named group not in the dictionary, type guessed
    confidence: float = 0.8


@dataclass
class Casualties:
    """Counts tied to one event, each with the span it came from."""

    fatalities: int | None = None
    injured: int | None = None
    count: int | None = None  # aggregates: how many events ("over 160 attacks")
    sources: dict[str, Source] = field(default_factory=dict)


@dataclass
class Event:
    """One event mention (one article); the contract's ``events`` item."""

    event_type: str | None
    sub_event_type: str | None
    disorder_type: str | None
    plover_type: str | None = None
    plover_mode: str | None = None
    status: str = "current"
    event_date: str | None = None
    time_precision: int | None = None
    date_text: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    actor1_text: str | None = None
    actor2_text: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int | None = None
    injured: int | None = None
    count: int | None = None
    evidence: Source | None = None  # the sentence (clause) that reports it
    confidence: float = 0.5
    trigger: Source | None = None  # the word that names the event
    provenance: dict[str, Source] = field(default_factory=dict)  # field -> span
    plover_context: str | None = None  # PLOVER contexts, comma-separated ("military, diplomatic")
    plover_quad: str | None = None  # the CAMEO quad class of the PLOVER coding (verbal cooperation, ...)

    def to_dict(self) -> dict[str, Any]:
        d = plain(self)
        if self.evidence is not None:
            d["evidence"] = {k: d["evidence"][k] for k in ("text", "start", "end")}
        return d


@dataclass
class Statement:
    """Who said what: the contract's ``statements`` item."""

    speaker: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    cue: str | None
    quote: str
    kind: str  # direct | indirect | mixed
    start: int
    end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    plover_type: str | None = None
    target: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None  # the mention as written ("he", "the spokesman")
    confidence: float = 0.7
    segments: list[list[int]] | None = None  # content pieces [start, end] of a quote split by its attribution
    plover_mode: str | None = None
    plover_context: str | None = None
    # the speaker's canonical id across the corpus: the actor dictionary's name where the speaker is a known
    # actor ("Government of Iraq"), "person:<name>" for a named person (one per person within the article)
    speaker_id: str | None = None
    plover_quad: str | None = None  # the CAMEO quad class of the PLOVER coding

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


@dataclass
class ArticleResult:
    """Everything extracted from one article: the output contract."""

    id: str
    title: str | None
    published: str | None
    url: str | None
    source: str | None
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    published_source: str | None = None
    text_hash: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleResult:
        """Inverse of :meth:`to_dict` (for results that travelled as JSON, e.g. from Ray)."""

        def source(value: dict[str, Any] | None) -> Source | None:
            return Source(**value) if value else None

        def event(d: dict[str, Any]) -> Event:
            d = dict(d)
            d["evidence"] = source(d.get("evidence"))
            d["trigger"] = source(d.get("trigger"))
            d["provenance"] = {k: Source(**v) for k, v in (d.get("provenance") or {}).items()}
            return Event(**d)

        return cls(
            id=data["id"],
            title=data.get("title"),
            published=data.get("published"),
            url=data.get("url"),
            source=data.get("source"),
            events=[event(e) for e in data.get("events", [])],
            statements=[Statement(**s) for s in data.get("statements", [])],
            places=[Place(**p) for p in data.get("places", [])],
            dates=[DateMention(**d) for d in data.get("dates", [])],
            published_source=data.get("published_source"),
            text_hash=data.get("text_hash"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            "url": self.url,
            "source": self.source,
            "text_hash": self.text_hash,
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
            "places": [p.to_dict() for p in self.places],
            "dates": [d.to_dict() for d in self.dates],
        }
