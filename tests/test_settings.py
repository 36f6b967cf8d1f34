"""Typed settings: every key of settings.toml is typed and read; a user's file is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.errors import SettingsError
from eventwire.settings import Settings, as_dict, load_settings

PACKAGE = Path(__file__).resolve().parents[1] / "eventwire"
SOURCE = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py") if p.name != "settings.py")
READ = set(re.findall(r"current\(\)\.([a-z_]+)\.([a-z_0-9]+)", SOURCE))
# keys read under a computed name: getattr(current().SECTION, f"PREFIX{...}")
PREFIXES = set(re.findall(r'getattr\(current\(\)\.([a-z_]+), f"([a-z_]+)\{', SOURCE))
# a section object taken once and read as NAME.key (e.g. actors = current().actors)
ALIASES = set(re.findall(r"(\w+) = current\(\)\.([a-z_]+)\n", SOURCE))
for alias, section in ALIASES:
    READ |= {(section, key) for key in re.findall(rf"\b{alias}\.([a-z_0-9]+)", SOURCE)}
KEYS = [(s, k) for s, values in as_dict(load_settings()).items() for k in values]


@pytest.mark.parametrize(("section", "key"), KEYS)
def test_every_key_in_the_file_is_read(section, key):
    assert (section, key) in READ or any(s == section and key.startswith(p) for s, p in PREFIXES)


@pytest.mark.parametrize(("section", "key"), sorted(READ))
def test_every_setting_read_exists(section, key):
    assert hasattr(getattr(load_settings(), section), key)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[places]\ngroup_wieght = 2.0\n", "[E010]"),  # a typo is an error, not a no-op
        ("[placez]\ngroup_weight = 2.0\n", "[E010]"),
        ('[places]\ngroup_weight = "high"\n', "[E012]"),
        ("[parse]\nbatch_size = 2.5\n", "[E012]"),
        ('[events]\ncoder_encoder = "gpu"\n', "[E012]"),  # a choice outside the field's choices
        ("[parse\nbatch_size = 2\n", "[E014]"),
        ("parse = 3\n", "[E013]"),
    ],
)
def test_a_bad_user_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "user.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(str(path))
    assert str(err.value).startswith(message)


def test_a_choice_setting_names_its_choices_and_takes_one(tmp_path):
    path = tmp_path / "user.toml"
    path.write_text('[events]\ncoder_encoder = "gpu"\n', "utf-8")
    with pytest.raises(SettingsError, match="one of 'numpy', 'onnx', 'onnx-int8'"):
        load_settings(str(path))
    path.write_text('[events]\ncoder_encoder = "numpy"\n', "utf-8")
    assert load_settings(str(path)).events.coder_encoder == "numpy"


def test_a_user_file_overrides_one_key_and_keeps_the_rest(tmp_path):
    path = tmp_path / "user.toml"
    path.write_text("[places]\ngroup_weight = 2\n", "utf-8")
    shipped, user = load_settings(), load_settings(str(path))
    assert isinstance(user, Settings) and user.places.group_weight == 2.0
    assert isinstance(user.places.group_weight, float)
    assert user.places.country_weight == shipped.places.country_weight
    assert user.parse == shipped.parse


def test_every_input_message_has_its_own_code():
    """Issue 14: input errors are coded like settings errors (W1xx), one code each."""
    from eventwire.errors import Messages

    names = [n for n in vars(Messages) if not n.startswith("_")]
    codes = Messages._codes
    assert sorted(names) == sorted(codes)
    assert len(set(codes.values())) == len(codes)
    assert all(getattr(Messages, n).startswith(f"[{codes[n]}] ") for n in names)
