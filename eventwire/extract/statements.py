"""Statements: quotes and reported speech with speaker, role, affiliation and cue."""

from __future__ import annotations

from ..models import Statement
from .context import DocContext


def find_statements(ctx: DocContext) -> list[Statement]:
    """Direct, indirect and mixed quotes in ``ctx.doc``, each attributed to a speaker."""
    return []
