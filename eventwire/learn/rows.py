"""Reading ACLED-format exports for learning: rows, settings and country names.

Only the columns the learners use are kept; ACLED's "NA" and blanks are empty strings. The
exports themselves stay where the user keeps them: nothing here copies rows anywhere.
"""

from __future__ import annotations

import csv
import gzip
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .words import learn_words

COLUMNS = (
    "set", "event_date", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "notes",
)  # fmt: skip
_MISSING = {"", "NA", "N/A", "NaN", "nan", "None"}
_YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The thresholds in ``learn.toml``."""
    return tomllib.loads(resources.files(__package__).joinpath("learn.toml").read_text("utf-8"))


def read_export(path: str | Path) -> Iterator[dict[str, str]]:
    """Rows of one ACLED-format CSV (plain or gzipped); ``set`` defaults to the file's name."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    default_set = path.name.split(".")[0]
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        for raw in csv.DictReader(fh):
            row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
            for c in COLUMNS:
                if row[c] in _MISSING:
                    row[c] = ""
            row["set"] = row["set"] or default_set
            yield row


@lru_cache(maxsize=1)
def _inter_labels() -> dict[str, int]:
    from ..data import load_yaml, schema

    codes = load_yaml("acled_codebook.yaml", ["inter_codes"])["inter_codes"]
    if not isinstance(codes, dict) or sorted(codes) != list(range(1, 9)):
        raise schema.invalid("acled_codebook.yaml", "inter_codes: expected codes 1 to 8 with their labels")
    return {str(label).lower(): int(code) for code, label in codes.items()} | {str(c): int(c) for c in codes}


def inter_code(value: str | None) -> int | None:
    """ACLED's actor type in an export's inter1/inter2 cell: the code older exports write ("3") or
    the label newer ones write ("Political militia"); None for a blank, 0 or a misaligned cell (an
    actor's name where the code should be)."""
    return _inter_labels().get((value or "").strip().lower())


def read_exports(paths: Iterable[str | Path]) -> list[dict[str, str]]:
    return [row for p in paths for row in read_export(p)]


def strip_years(name: str) -> str:
    """ACLED actor name without its year range: "Military Forces of Nigeria (2015-)" -> "... of Nigeria"."""
    return " ".join(_YEARS.sub(" ", name).split())


@lru_cache(maxsize=1 << 18)
def fold_text(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.lower().replace("’", "'").replace("'", "").replace("-", " ").replace(".", "")
    return " ".join(s.split())


def _data(name: str) -> str:
    return resources.files("eventwire.data").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], frozenset[str]]:
    """Folded country name -> ISO2, and the folded demonyms (from countries.tsv)."""
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                names.setdefault(fold_text(n), c.alpha_2)
    demonyms: set[str] = set()
    for line in _data("countries.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        iso2, display, aliases, dems = parts
        for n in [display.removeprefix("the "), *aliases.split(";")]:
            if n.strip():
                names[fold_text(n)] = iso2
        demonyms |= {fold_text(d) for d in dems.split(";") if d.strip()}
    for line in _data("countries_extra.tsv").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 4 or len(parts[0]) != 2:
            continue
        for n in parts[3].split("|"):
            if n.strip():
                names.setdefault(fold_text(n), parts[0])
    names.update(learn_words().country_names)  # names ACLED prints that none of these give
    names.pop("", None)
    return names, frozenset(demonyms)


@lru_cache(maxsize=4096)
def country_iso2(name: str) -> str | None:
    """ISO2 of an ACLED country name ("Democratic Republic of Congo" -> CD); None for regions."""
    if not name:
        return None
    return _countries()[0].get(fold_text(name).removeprefix("the "))


def is_country_word(text: str) -> bool:
    """A country name or demonym ("Kenya", "Kenyan", "Kenyans")."""
    names, demonyms = _countries()
    k = fold_text(text).removeprefix("the ")
    return k in names or k in demonyms


def tsv_line(fields: Iterable[object]) -> str:
    """One line of a plain tab-separated table (no quoting: tabs and line breaks become spaces)."""
    return "\t".join(" ".join(str(f).split()) if isinstance(f, str) else str(f) for f in fields) + "\n"


def tsv_rows(text: str, columns: tuple[str, ...], where: str) -> list[list[str]]:
    """The rows of a table :func:`tsv_line` wrote, its header checked against ``columns``."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise ValueError(f"{where}: expected the columns {', '.join(columns)}")
    rows = [line.split("\t") for line in lines[1:] if line]
    for n, r in enumerate(rows, 2):
        if len(r) != len(columns):
            raise ValueError(f"{where} line {n}: {len(r)} fields, expected {len(columns)}")
    return rows
