"""Knowledge files: every key is read by some code, and no word list is defined twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parents[1] / "eventwire"
SCRIPTS = PACKAGE.parent / "scripts"  # training scripts read their own example files
SOURCE = "\n".join(p.read_text("utf-8") for p in [*PACKAGE.rglob("*.py"), *SCRIPTS.glob("*.py")])
FILES = sorted((PACKAGE / "data").glob("*.yaml"))
NAMED_GROUPS = ("words", "patterns", "cues")  # sections whose sub-keys are names code reads


def _keys() -> list[tuple[str, str]]:
    out = []
    for path in FILES:
        data = yaml.safe_load(path.read_text("utf-8"))
        for key, value in data.items():
            out.append((path.name, str(key)))
            if key in NAMED_GROUPS and isinstance(value, dict):
                out += [(path.name, str(sub)) for sub in value]
    return out


def _word_lists() -> dict[tuple[str, ...], list[str]]:
    found: dict[tuple[str, ...], list[str]] = {}

    def walk(value, where: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}.{k}")
        elif isinstance(value, list) and len(value) >= 3 and all(isinstance(v, str) for v in value):
            found.setdefault(tuple(sorted({v.lower() for v in value})), []).append(where)

    for path in FILES:
        walk(yaml.safe_load(path.read_text("utf-8")), path.name)
    return found


@pytest.mark.parametrize(("file", "key"), _keys())
def test_every_data_key_is_read(file, key):
    assert re.search(rf"\b{re.escape(key)}\b", SOURCE), f"{file}: {key} is read by no code"


def test_no_word_list_is_defined_twice():
    twice = [places for places in _word_lists().values() if len(places) > 1]
    assert not twice, f"the same word list stands in several places: {twice}"


@pytest.mark.parametrize(
    "text, error",
    [
        ("words:\n  - in\n  - on\n", "words"),  # YAML 1.1 reads a bare `on` as True
        ("a:\n  b:\n    - no\n", "a.b"),
        ("words:\n  - in\n  - 'on'\n", None),
        ("flag: true\nwords: [x]\n", None),  # a boolean value is fine; only one inside a word list is not
    ],
)
def test_a_boolean_in_a_word_list_is_a_data_file_error(text, error):
    from eventwire.data import bool_in_list, parse_yaml

    assert bool_in_list(parse_yaml(text)) == error


def test_every_shipped_yaml_file_loads_without_booleans_in_lists():
    from eventwire.data import load_yaml

    for path in FILES:
        load_yaml(path.name)


@pytest.mark.parametrize(
    "check, data, code",
    [
        ("word_maps", {"cardinals": {"one": "1"}}, "E040"),
        ("mappings", {"fragments": ["x"]}, "E040"),
        ("lists", {"words": "x"}, "E040"),
        ("word_sets", {"words": {"a": 1}}, "E040"),
    ],
)
def test_one_schema_module_names_the_file_and_key_with_a_code(check, data, code):
    """Issue 14 item 2: every loader's shape check raises one coded error naming file and key."""
    from eventwire.data import schema
    from eventwire.errors import DataFileError

    key = next(iter(data))
    with pytest.raises(DataFileError, match=rf"\[{code}\] some.yaml: {key}: expected"):
        getattr(schema, check)("some.yaml", dict(data), [key])


def test_a_bad_pattern_in_a_data_file_is_a_coded_error():
    from eventwire.data import schema
    from eventwire.errors import DataFileError

    with pytest.raises(
        DataFileError, match=r"\[E046\] some.yaml: patterns x: not a valid regular expression"
    ):
        schema.regex("some.yaml", "patterns x", "(unclosed")
