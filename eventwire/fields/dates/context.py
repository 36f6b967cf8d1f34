"""What an expression is resolved against, and the resolvers' shared pieces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .grammar import vocabulary

Resolved = tuple[str | None, str | None, str, bool]  # value, precision, kind, relative
PAST_REF, FUTURE_REF = "PAST_REF", "FUTURE_REF"  # TimeML's vague references


@dataclass
class Ctx:
    """What an expression is resolved against."""

    dct: date | None  # the publication date
    direction: int  # -1 past, +1 future, 0 nearest
    last_quarter: str | None = None  # the latest explicit quarter mentioned ("1989-Q3")


def number(text: str | None) -> float | None:
    """The value of digits or number words ("3", "twenty-one"), or None."""
    if not text:
        return None
    text = text.lower().strip()
    try:
        return float(text)
    except ValueError:
        pass
    words = vocabulary()["number_words"]
    total = 0.0
    for part in re.split(r"[- ]", text):
        if part not in words:
            return None
        total += words[part]
    return total
