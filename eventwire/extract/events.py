"""Events: detect triggers and type them (ACLED and PLOVER), and find who did it to whom."""

from __future__ import annotations

from ..models import Event
from .context import DocContext


def find_events(ctx: DocContext) -> list[Event]:
    """Event mentions in ``ctx.doc`` with type, trigger, evidence and actor spans."""
    return []
