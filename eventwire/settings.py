"""Settings: shipped defaults from ``data/settings.toml``, a user's file on top."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=8)
def load_settings(user_file: str | None = None) -> dict[str, Any]:
    """Defaults merged with ``user_file`` (TOML), cached per process."""
    text = resources.files("eventwire.data").joinpath("settings.toml").read_text("utf-8")
    settings = tomllib.loads(text)
    if user_file:
        settings = _merge(settings, tomllib.loads(Path(user_file).read_text("utf-8")))
    return settings


_active_file: str | None = None


def use_settings_file(path: str | None) -> None:
    """Make ``path`` (TOML) the user's settings for the rest of this process."""
    global _active_file
    if path is not None:
        load_settings(str(path))  # fail early on a bad file
    _active_file = str(path) if path else None


def setting(section: str, key: str, default: Any = None) -> Any:
    """One value from the active settings."""
    return load_settings(_active_file).get(section, {}).get(key, default)
