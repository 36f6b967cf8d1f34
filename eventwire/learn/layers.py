"""Learned layers: folders of tables learned from coded exports, read by the pipeline at run time.

A layer is a folder holding ``actors.tsv``, ``places.tsv`` (or ``places.tsv.gz``) and ``layer.json``
(the names of the exports it was learned from). The shipped layers are the folders of
``eventwire/data/learned/``; a user's are the folders of the ``[learned] user_dir`` setting, written
by ``eventwire learn EXPORT.csv``. The gazetteer adds every layer's places to its index and the actor
dictionary reads every layer's actors before ``actors.yaml`` (whose entries override them).

A layer learned from a source named in ``[learned] skip_sources``, or held out with :func:`held_out`
(the ACLED evaluation holds out the file it scores), is not read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DataFileError, Errors, InputError
from ..settings import current
from .actors import ACTOR_COLUMNS
from .places import Place, read_place_table
from .rows import tsv_rows

MANIFEST = "layer.json"
ACTORS_FILE = "actors.tsv"
PLACES_FILES = ("places.tsv", "places.tsv.gz")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_held_out: set[str] = set()


@dataclass(frozen=True)
class Layer:
    """One layer folder and the exports it was learned from."""

    name: str
    path: Path
    sources: tuple[str, ...]
    shipped: bool

    @property
    def places_path(self) -> Path | None:
        return next((self.path / f for f in PLACES_FILES if (self.path / f).is_file()), None)

    @property
    def actors_path(self) -> Path | None:
        p = self.path / ACTORS_FILE
        return p if p.is_file() else None


def source_name(path: str | Path) -> str:
    """An export's source name: its file name without ``.csv``/``.gz`` ("acled_x.csv.gz" -> "acled_x")."""
    return Path(path).name.split(".")[0]


def shipped_dir() -> Path:
    return Path(str(resources.files("eventwire.data").joinpath("learned")))


def user_dir() -> Path:
    """Where ``eventwire learn`` writes a user's layers (``[learned] user_dir``)."""
    return Path(current().learned.user_dir).expanduser()


def _read_layer(path: Path, shipped: bool) -> Layer:
    try:
        meta = json.loads((path / MANIFEST).read_text("utf-8"))
        sources = tuple(str(s) for s in meta["sources"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DataFileError(Errors.E050.format(path=path / MANIFEST, reason=err)) from None
    return Layer(path.name, path, sources, shipped)


def all_layers() -> list[Layer]:
    """Every layer folder, shipped first, then the user's (each in name order), skipped ones too."""
    out = []
    for base, shipped in ((shipped_dir(), True), (user_dir(), False)):
        if base.is_dir():
            out += [_read_layer(p, shipped) for p in sorted(base.iterdir()) if (p / MANIFEST).is_file()]
    return out


def layers() -> list[Layer]:
    """The layers in force: all but those learned from a skipped or held-out source."""
    skip = set(current().learned.skip_sources) | _held_out
    return [lay for lay in all_layers() if not skip & set(lay.sources)]


def fingerprint() -> str:
    """A hash of the places of the layers in force (part of the gazetteer cache's key): each layer's
    name, kind and places, in order. Where the files lie is left out, so two checkouts or installs
    of the same data share one cache instead of each rebuilding it and removing the other's."""
    h = hashlib.sha1()
    for lay in layers():
        p = lay.places_path
        if p is not None:
            h.update(f"{lay.name}\0{lay.shipped}\0".encode())  # not its path: two checkouts share a cache
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def learned_places() -> list[Place]:
    """The places of every layer in force, in layer order."""
    out: list[Place] = []
    for lay in layers():
        if lay.places_path is not None:
            out += read_place_table(lay.places_path)
    return out


@dataclass(frozen=True)
class LearnedActor:
    alias: str
    canonical: str
    iso2: str
    inter: int | None
    support: int


def learned_actors() -> list[LearnedActor]:
    """The actor rows of every layer in force coded at least ``[learned] actor_min_support`` times."""
    least = current().learned.actor_min_support
    out = []
    for lay in layers():
        if lay.actors_path is None:
            continue
        text = lay.actors_path.read_text("utf-8")
        for alias, canonical, iso2, inter, support in tsv_rows(text, ACTOR_COLUMNS, str(lay.actors_path)):
            n = int(support or 0)
            if n >= least:
                out.append(LearnedActor(alias, canonical, iso2, int(inter) if inter.isdigit() else None, n))
    return out


def reload() -> None:
    """Forget every table read from the layers (after a layer is written or held out)."""
    from ..fields.actors.dictionary import load_actor_tables
    from ..gazetteer import load_index

    load_index.cache_clear()
    load_actor_tables.cache_clear()


def holding_out() -> bool:
    """Whether some layer is held out now (:func:`held_out`)."""
    return bool(_held_out)


@contextmanager
def held_out(*sources: str) -> Iterator[None]:
    """Inside, layers learned from ``sources`` are not read (an evaluation of those sources)."""
    added = set(sources) - _held_out
    if not added:
        yield
        return
    _held_out.update(added)
    reload()
    try:
        yield
    finally:
        _held_out.difference_update(added)
        reload()


def learn_layer(paths: list[str | Path], name: str | None = None, out_dir: str | Path | None = None) -> dict:
    """Learn a layer from the exports ``paths`` into ``out_dir`` (default: the user directory), as the
    folder ``name`` (default: the first export's source name); returns :func:`learn_tables`' counts."""
    from .tables import learn_tables

    if not paths:
        raise InputError("eventwire learn", Errors.E051.format(reason="no export given"))
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise InputError("eventwire learn", Errors.E051.format(reason=f"{', '.join(missing)}: no such file"))
    name = name or source_name(paths[0])
    if not _NAME.match(name):
        raise InputError(
            "eventwire learn",
            Errors.E051.format(reason=f"{name!r} is no layer name (letters, digits, _ . -)"),
        )
    folder = Path(out_dir or user_dir()) / name
    result = learn_tables([str(p) for p in paths], str(folder))
    if not result["rows"]:
        raise InputError("eventwire learn", Errors.E051.format(reason="no rows read (an ACLED-format CSV?)"))
    sources = sorted({source_name(p) for p in paths} | set(result["sets"]))
    (folder / MANIFEST).write_text(json.dumps({"sources": sources}, indent=1) + "\n", "utf-8")
    reload()
    return {"layer": str(folder), **result}
