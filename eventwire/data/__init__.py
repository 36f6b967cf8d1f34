"""Editable knowledge shipped with eventwire: lexicons, dictionaries, codebooks, settings."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError, Errors

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same data, faster


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml where it is installed."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def load_yaml(name: str, keys: Iterable[str] = ()) -> dict[str, Any]:
    """A YAML mapping shipped in this package, checked to hold every one of ``keys``."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as err:
        raise DataFileError(Errors.E041.format(file=name, reason=err)) from err
    required = list(keys)
    if not isinstance(data, dict) or any(k not in data for k in required):
        raise DataFileError(Errors.E042.format(file=name, keys=", ".join(required)))
    if (where := bool_in_list(data)) is not None:
        raise DataFileError(Errors.E043.format(file=name, where=where))
    return data


def bool_in_list(data: Any, where: str = "") -> str | None:
    """The key path of a list that holds a boolean: YAML 1.1 reads a bare ``on``, ``no`` or ``yes``
    in a word list as True or False, silently dropping the word."""
    if isinstance(data, dict):
        items = ((f"{where}.{k}" if where else str(k), v) for k, v in data.items())
    elif isinstance(data, list):
        if any(isinstance(v, bool) for v in data):
            return where
        items = ((f"{where}[{i}]", v) for i, v in enumerate(data))
    else:
        return None
    return next((found for key, v in items if (found := bool_in_list(v, key)) is not None), None)


def read_json_model(path: str | Path, kind: str, fmt: int | str) -> dict[str, Any]:
    """A gzipped JSON model file of format ``fmt`` (the event-type and eventivity models)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataFileError(Errors.E044.format(path=path, kind=kind, reason=exc)) from exc
    if not isinstance(data, dict) or data.get("format") != fmt:
        found = data.get("format") if isinstance(data, dict) else None
        raise DataFileError(Errors.E045.format(path=path, kind=kind, found=found, expected=fmt))
    return data


def model_path(name: str) -> Path | None:
    """A model named in the settings: a path, else a file shipped here; None when there is none."""
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        path = Path(str(resources.files(__name__).joinpath(name)))
    return path if path.exists() else None
