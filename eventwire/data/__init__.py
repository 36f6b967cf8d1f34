"""Editable knowledge shipped with eventwire: lexicons, dictionaries, codebooks, settings."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from typing import Any

import yaml

from ..errors import DataFileError

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
        raise DataFileError(f"{name}: not valid YAML ({err})") from err
    required = list(keys)
    if not isinstance(data, dict) or any(k not in data for k in required):
        raise DataFileError(f"{name}: expected the keys {', '.join(required)}")
    return data
