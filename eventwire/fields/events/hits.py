"""Trigger hits and the groups of hits that make one event mention."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from .lexicon import EventClass, Trigger


@dataclass
class Hit:
    """One trigger token with its lexicon entry."""

    tok: Token
    trig: Trigger

    @property
    def cls(self) -> EventClass:
        return self.trig.cls


def family_key(cls: EventClass) -> str:
    """The family under which triggers of one clause join one event: violence (with territory),
    protest, or the class itself (strategic and verbal classes make one event per class)."""
    return (
        "violence"
        if cls.family in ("violence", "territory")
        else cls.family
        if cls.family == "protest"
        else cls.name
    )


@dataclass
class Group:
    """Triggers of one event: same clause, same family."""

    head: Token
    hits: list[Hit] = field(default_factory=list)
    family: str = ""

    @property
    def primary(self) -> Hit:
        """The most specific trigger (of the group's own family when it absorbed others)."""
        own = [h for h in self.hits if family_key(h.cls) == self.family] or self.hits
        return max(own, key=lambda h: (h.cls.rank, h.trig.strength, -h.tok.i))
