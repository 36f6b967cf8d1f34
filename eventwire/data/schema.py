"""One schema check for every knowledge file: each loader states the shape of its keys here, and a
file that breaks it is a coded :class:`~eventwire.errors.DataFileError` naming the file and the key
(E040-E046), whichever loader finds it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..errors import DataFileError, Errors


def fail(file: str, where: str, expected: str) -> DataFileError:
    """The error for ``where`` in ``file`` that is not ``expected`` (raise it)."""
    return DataFileError(Errors.E040.format(file=file, where=where, expected=expected))


def invalid(file: str, message: str) -> DataFileError:
    """The error for a rule of ``file`` that no shape above states (raise it)."""
    return DataFileError(Errors.E047.format(file=file, message=message))


def word_maps(file: str, data: dict[str, Any], keys: Iterable[str], kind: type = int) -> None:
    """Each of ``keys`` maps words to values of ``kind``."""
    for key in keys:
        value = data[key]
        if not isinstance(value, dict) or not all(isinstance(v, kind) for v in value.values()):
            raise fail(file, key, f"a mapping of words to {kind.__name__} values")


def mappings(file: str, data: dict[str, Any], keys: Iterable[str]) -> None:
    """Each of ``keys`` is a mapping."""
    for key in keys:
        if not isinstance(data[key], dict):
            raise fail(file, key, "a mapping")


def lists(file: str, data: dict[str, Any], keys: Iterable[str]) -> None:
    """Each of ``keys`` is a list."""
    for key in keys:
        if not isinstance(data[key], list):
            raise fail(file, key, "a list")


def word_sets(file: str, data: dict[str, Any], keys: Iterable[str], *, lower: bool = False) -> None:
    """Each of ``keys`` is a list of words; replaced in ``data`` by its frozenset (lower-cased if asked)."""
    keys = list(keys)
    lists(file, data, keys)
    for key in keys:
        data[key] = frozenset(str(w).lower() if lower else str(w) for w in data[key])


def regex(file: str, where: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled, or the coded error naming where it stands."""
    try:
        return re.compile(pattern, flags)
    except (re.error, TypeError) as err:
        raise DataFileError(Errors.E046.format(file=file, where=where, reason=err)) from err
