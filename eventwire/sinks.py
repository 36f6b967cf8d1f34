"""Training-time sinks: a stage hands what it saw (a mention's features) to whoever is collecting.

A trained model's stage (event type, eventivity, PLOVER) records one sample per decision while a
training script runs the pipeline inside :meth:`Sink.collecting`; outside such a block recording is
a no-op. One context variable a sink, so nested or concurrent runs (threads, asyncio) do not mix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class Sink(Generic[T]):
    """A list that fills only while a block collects."""

    def __init__(self, name: str) -> None:
        self._var: ContextVar[list[T] | None] = ContextVar(f"eventwire_{name}_sink", default=None)

    @contextmanager
    def collecting(self) -> Iterator[list[T]]:
        """Record every sample handed to :meth:`record` inside the block into the list it yields."""
        sink: list[T] = []
        token = self._var.set(sink)
        try:
            yield sink
        finally:
            self._var.reset(token)

    def record(self, sample: T) -> None:
        """Hand one sample to the collecting block, if there is one."""
        sink = self._var.get()
        if sink is not None:
            sink.append(sample)

    @property
    def active(self) -> bool:
        """Whether a block is collecting (to skip building samples no one reads)."""
        return self._var.get() is not None
