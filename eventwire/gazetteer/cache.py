"""The gazetteer index's disk cache (a checked NumPy ``.npz``, never a pickle) and :func:`load_index`."""

from __future__ import annotations

import atexit
import contextlib
import gc
import io
import json
import os
import stat
import tempfile
import zipfile
from array import array
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..learn import layers
from .build import build_index
from .index import FEATURES, Index, PackedKeys, key_hash
from .tables import data_fingerprint


def cache_dir() -> Path:
    """Where the built index is kept (``$EVENTWIRE_CACHE`` or ``~/.cache/eventwire``)."""
    return Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")


# The disk cache is data only, never code: an uncompressed NumPy ``.npz`` archive (read member by
# member with the header checked and no pickle allowed) holding the row arrays, every string list
# joined by NUL, each key -> rows mapping as key hashes + keys + offsets + flat rows (read as a
# PackedKeys, never a dict), and one JSON member for the small dicts and a header (format,
# fingerprint, counts). A file that fails any check is rebuilt and replaced; a planted file can at
# worst hold wrong place names, and never runs code.

CACHE_FORMAT = 3
_SEP = "\x00"
_KEY_MAPS = ("keys", "loose_keys", "skeleton_keys")
_STR_COLUMNS = ("cc", "admin1code", "name")
_ROW_ARRAYS = {
    "geonameid": "i8",
    "lat": "f4",
    "lon": "f4",
    "population": "i8",
    "feature": "u1",
    "learned": "u1",
}
_ARRAY_TYPECODES = {"geonameid": "q", "lat": "f", "lon": "f", "population": "q"}
_MEMBERS = (
    *_ROW_ARRAYS,
    *_STR_COLUMNS,
    *(f"{m}_{part}" for m in _KEY_MAPS for part in ("hashes", "names", "offsets", "rows")),
    "meta",
)
_COUNTRY_FIELDS = {"name", "iso3", "row", "capital_row", "neighbours"}


class _BadCache(ValueError):
    """The cache file is not one this version wrote for this data."""


def _check(ok: object, what: str) -> None:
    if not ok:
        raise _BadCache(what)


def cache_path() -> Path:
    """The cache file for the current data (its name carries the data's fingerprint)."""
    return cache_dir() / f"gazetteer-{data_fingerprint()}.npz"


def _joined(strings: list[str]) -> np.ndarray:
    _check(not any(_SEP in s for s in strings), "a NUL inside a string")
    return np.frombuffer(_SEP.join(strings).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _split(data: np.ndarray, n: int) -> list[str]:
    if n == 0:
        _check(data.size == 0, "strings where none belong")
        return []
    out = data.tobytes().decode("utf-8", "surrogatepass").split(_SEP)
    _check(len(out) == n, "wrong number of strings")
    return out


def _pack_map(d: Mapping[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    """A key -> rows mapping as the arrays of :class:`PackedKeys`, keys sorted by (hash, bytes)."""
    order = sorted((key_hash(k), k.encode("utf-8", "surrogatepass"), k) for k in d)
    offsets = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(
        np.fromiter((len(d[k]) for _, _, k in order), dtype=np.int64, count=len(order)), out=offsets[1:]
    )
    rows = np.fromiter((r for _, _, k in order for r in d[k]), dtype=np.int32, count=int(offsets[-1]))
    return {
        "hashes": np.fromiter((h for h, _, _ in order), dtype=np.uint32, count=len(order)),
        "names": _joined([k for _, _, k in order]),
        "offsets": offsets,
        "rows": rows,
    }


def _unpack_map(
    hashes: np.ndarray, names: np.ndarray, offsets: np.ndarray, rows: np.ndarray, n_rows: int
) -> PackedKeys:
    """The :class:`PackedKeys` over a mapping's arrays, checked (a bad file is rebuilt, never trusted)."""
    hashes, offsets, rows = _typed(hashes, "u4"), _typed(offsets, "i8"), _typed(rows, "i4")
    n = len(hashes)
    _check(len(offsets) == n + 1 and offsets[0] == 0 and offsets[-1] == len(rows), "key map offsets")
    _check(not n or bool((np.diff(offsets) >= 1).all()), "a key with no rows")
    _check(not n or bool((np.diff(hashes.astype(np.int64)) >= 0).all()), "keys out of order")
    _check(not len(rows) or (rows.min() >= 0 and rows.max() < n_rows), "a row out of range")
    seps = np.flatnonzero(names == 0)
    _check(len(seps) == max(n - 1, 0) and (n or not names.size), "wrong number of keys")
    starts = np.concatenate(([0], seps + 1)).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    return PackedKeys(
        array("I", hashes.tobytes()), names.tobytes(), array("q", starts.tobytes()),
        array("q", offsets.tobytes()), array("i", rows.tobytes()),
    )  # fmt: skip


def write_cache(index: Index, path: Path, fingerprint: str) -> None:
    """Write ``index`` (built from data with ``fingerprint``) to ``path`` atomically: a private
    temporary file beside it, synced, then renamed over it."""
    _check(len(index) < 2**31, "too many rows")
    members = {name: np.frombuffer(getattr(index, name), dtype=dt) for name, dt in _ROW_ARRAYS.items()}
    members |= {name: _joined(getattr(index, name)) for name in _STR_COLUMNS}
    for m in _KEY_MAPS:
        members |= {f"{m}_{part}": a for part, a in _pack_map(getattr(index, m)).items()}
    meta = {
        "format": CACHE_FORMAT,
        "fingerprint": fingerprint,
        "rows": len(index),
        "admin1_names": [[cc, code, name] for (cc, code), name in index.admin1_names.items()],
        "admin1_seats": [[cc, code, row] for (cc, code), row in index.admin1_seats.items()],
        "countries": index.countries,
        "demonyms": index.demonyms,
        "arabic_cc": sorted(index.arabic_cc),
    }
    members["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **members)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _typed(a: np.ndarray, code: str) -> np.ndarray:
    """``a`` in native byte order, when it has the kind and size ``code`` names ("i8": 8-byte int)."""
    _check(a.dtype.kind == code[0] and a.dtype.itemsize == int(code[1:]), f"type {a.dtype}, not {code}")
    return a.astype(np.dtype(code), copy=False)


def _read_members(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` written by :func:`write_cache`, headers checked before any is read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a planted FIFO must not block
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        _check(stat.S_ISREG(st.st_mode), "not a regular file")
        with zipfile.ZipFile(fh) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            _check(sorted(infos) == sorted(f"{m}.npy" for m in _MEMBERS), "unexpected members")
            _check(all(i.compress_type == zipfile.ZIP_STORED for i in infos.values()), "compressed")
            _check(sum(i.file_size for i in infos.values()) <= st.st_size, "members larger than the file")
            return {name: _npy(name, zf.read(f"{name}.npy")) for name in _MEMBERS}  # read() checks CRCs


def _npy(name: str, data: bytes) -> np.ndarray:
    """A flat array of plain numbers from ``.npy`` bytes (object arrays, which would need pickle, refused)."""
    buf = io.BytesIO(data)
    version = np.lib.format.read_magic(buf)
    _check(version in ((1, 0), (2, 0)), f"{name}: npy version {version}")
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read(buf)
    _check(len(shape) == 1 and not fortran and dtype.kind in "iuf", f"{name}: not a flat number array")
    _check(dtype.itemsize * shape[0] == len(data) - buf.tell(), f"{name}: wrong length")
    return np.frombuffer(data, dtype=dtype, count=shape[0], offset=buf.tell())


def _is_str(x: object) -> bool:
    return isinstance(x, str)


def _is_row(x: object, n: int) -> bool:
    return type(x) is int and 0 <= x < n


def read_cache(path: Path, fingerprint: str) -> Index:
    """The index stored at ``path``; raises (never executes anything) when it does not validate."""
    a = _read_members(path)
    meta = json.loads(a["meta"].tobytes().decode("utf-8"))
    _check(isinstance(meta, dict), "meta")
    _check(meta.get("format") == CACHE_FORMAT and meta.get("fingerprint") == fingerprint, "other version")
    n = meta.get("rows")
    _check(type(n) is int and n >= 0, "row count")
    for name, code in _ROW_ARRAYS.items():
        a[name] = _typed(a[name], code)
        _check(len(a[name]) == n, f"{name}: length")
    _check(not n or int(a["feature"].max()) < len(FEATURES), "feature code")
    _check(not n or int(a["learned"].max()) <= 1, "learned flag")
    columns = {name: _split(a[name], n) for name in _STR_COLUMNS}
    for name in ("cc", "admin1code"):  # a few hundred distinct codes: one string object each
        shared: dict[str, str] = {}
        columns[name] = [shared.setdefault(code, code) for code in columns[name]]
    maps = {m: _unpack_map(*(a[f"{m}_{part}"] for part in ("hashes", "names", "offsets", "rows")), n)
            for m in _KEY_MAPS}  # fmt: skip
    admin1_names, admin1_seats = meta.get("admin1_names"), meta.get("admin1_seats")
    _check(isinstance(admin1_names, list) and isinstance(admin1_seats, list), "admin1 tables")
    _check(all(isinstance(r, list) and len(r) == 3 and all(map(_is_str, r)) for r in admin1_names), "admin1")
    _check(
        all(isinstance(r, list) and len(r) == 3 and _is_str(r[0]) and _is_str(r[1]) and _is_row(r[2], n)
            for r in admin1_seats),
        "admin1 seats",
    )  # fmt: skip
    countries, demonyms, arabic = meta.get("countries"), meta.get("demonyms"), meta.get("arabic_cc")
    _check(isinstance(countries, dict), "countries")
    for info in countries.values():
        _check(isinstance(info, dict) and set(info) == _COUNTRY_FIELDS, "country fields")
        _check(_is_str(info["name"]) and _is_str(info["iso3"]) and _is_row(info["row"], n), "country")
        _check(info["capital_row"] is None or _is_row(info["capital_row"], n), "capital")
        _check(isinstance(info["neighbours"], list) and all(map(_is_str, info["neighbours"])), "neighbours")
    _check(isinstance(demonyms, dict) and all(map(_is_str, demonyms.values())), "demonyms")
    _check(isinstance(arabic, list) and all(map(_is_str, arabic)), "arabic countries")
    return Index(
        **{name: array(code, a[name].tobytes()) for name, code in _ARRAY_TYPECODES.items()},
        **columns,
        feature=a["feature"].tobytes(),
        learned=a["learned"].tobytes(),
        **maps,
        admin1_names={(cc, code): name for cc, code, name in admin1_names},
        admin1_seats={(cc, code): row for cc, code, row in admin1_seats},
        countries=countries,
        demonyms=demonyms,
        arabic_cc=frozenset(arabic),
    )


def _remove(folder: Path, pattern: str, keep: Path | None = None) -> None:
    """Delete the files in ``folder`` matching ``pattern`` (except ``keep``) without opening them."""
    with contextlib.suppress(OSError):
        for old in folder.glob(pattern):
            if old != keep:
                old.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def load_index() -> Index:
    """The gazetteer index, from the disk cache when it validates, else built (and cached if possible).

    Read or built, it is kept for the process's life: it is frozen out of the garbage collector's
    walks (hundreds of thousands of objects every full collection would visit for nothing), and
    unfrozen at exit so that it is collected as usual there (extension types check for leaks)."""
    index = _read_or_build()
    gc.freeze()
    return index


atexit.register(gc.unfreeze)


def _read_or_build() -> Index:
    fingerprint = data_fingerprint()
    path = cache_dir() / f"gazetteer-{fingerprint}.npz"
    _remove(path.parent, "gazetteer-*.pickle")  # older versions' caches: never unpickled
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new tuples: collecting while reading only costs time
    try:
        return read_cache(path, fingerprint)
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt, foreign or stale: rebuild it
        pass
    finally:
        if collecting:
            gc.enable()
    index = build_index()
    if layers.holding_out():
        return index  # an evaluation's own index (a layer held out): in memory, the shared cache kept
    try:
        write_cache(index, path, fingerprint)
    except (OSError, _BadCache):
        return index  # read-only home (or unstorable data): keep the index in memory only
    _remove(path.parent, "gazetteer-*.npz", keep=path)  # built from other data: stale
    return index
