"""The README keeps up with the code: every command, export format and setting is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.cli import app, eval_app
from eventwire.output.export import BINARY_EXPORTERS, EXPORTERS
from eventwire.settings import as_dict, load_settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def _commands(typer_app) -> list[str]:
    return [c.name or c.callback.__name__ for c in typer_app.registered_commands]


@pytest.mark.parametrize("command", _commands(app))
def test_every_command_in_readme(command):
    assert f"eventwire {command}" in README


@pytest.mark.parametrize("name", _commands(eval_app))
def test_every_eval_in_readme(name):
    assert name in README


@pytest.mark.parametrize("fmt", [*EXPORTERS, *BINARY_EXPORTERS])
def test_every_export_format_in_readme(fmt):
    assert f"`{fmt}`" in README


def test_every_settings_section_has_notes():
    text = (Path(__file__).resolve().parents[1] / "eventwire" / "data" / "settings.toml").read_text("utf-8")
    lines = text.splitlines()
    for section, values in as_dict(load_settings()).items():
        assert f"[{section}]" in text
        for key in values:
            i = next(i for i, line in enumerate(lines) if line.startswith((f"{key} ", f"{key}=")))
            block = []  # the comment block of the key's group, just above it
            for line in reversed(lines[:i]):
                if line.startswith("[") or not line.strip():
                    break
                block.append(line)
            noted = "#" in lines[i] or any(line.lstrip().startswith("#") for line in block)
            assert noted, f"{section}.{key} has no note on how it was set"
