"""What every stage may read about the document it works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from .records import Article, DateMention, Place
from .settings import Settings, current


@dataclass
class DocContext:
    """One parsed article and the mentions found in it so far."""

    doc: Doc
    article: Article
    published: (
        date | None
    )  # the publication date, parsed once (ingest checked it): relative dates resolve against it
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    focus_iso2: str | None = None  # the article's main country (ISO 3166-1 alpha-2)
    focus_weight: float = 0.0  # ... and the weight of the evidence for it
    sides_moved: set[int] = field(default_factory=set)  # ids of the events whose actor sides traded places
    latest_named: date | None = None  # with no publication date: the latest day the text names
    deictic: bool = False  # with no publication date: the text names days by its own now ("Friday")
    settings: Settings = field(default_factory=current)  # the settings in force for this article
