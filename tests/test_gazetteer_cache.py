"""The gazetteer's disk cache: plain data that cannot run code, checked on load, rebuilt when bad."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle

import numpy as np
import pytest

from eventwire.gazetteer import Index
from eventwire.gazetteer import cache as gazetteer_cache
from eventwire.gazetteer.build import build_index
from eventwire.gazetteer.tables import data_fingerprint


class _Payload:
    """Unpickling this creates ``marker``: the shape of a planted cache file that runs code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture(scope="module")
def built() -> Index:
    return build_index()


@pytest.fixture
def cache(tmp_path, monkeypatch, built):
    """A private cache folder; ``build_index`` returns the module's index and counts its calls."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE", str(folder))
    calls = []

    def build() -> Index:
        calls.append(1)
        return built

    monkeypatch.setattr(gazetteer_cache, "build_index", build)
    gazetteer_cache.load_index.cache_clear()
    yield folder, calls
    gazetteer_cache.load_index.cache_clear()


KEY_MAPS = ("keys", "loose_keys", "skeleton_keys")


def _assert_same(a: Index, b: Index) -> None:
    for f in dataclasses.fields(Index):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in KEY_MAPS:  # a dict when built, PackedKeys when read: the same items
            assert len(x) == len(y) and dict(x.items()) == dict(y.items()), f.name
            continue
        assert type(x) is type(y), f.name
        assert x == y, f.name
        if isinstance(x, dict):
            assert list(x) == list(y), f"{f.name}: key order"
    assert all(type(v) is tuple for v in a.keys.values())
    assert a.lookup("Mosul") == b.lookup("Mosul") and a.lookup("Raqqa") == b.lookup("Raqqa")


def _fresh_load() -> Index:
    gazetteer_cache.load_index.cache_clear()
    return gazetteer_cache.load_index()


def _valid_cache(folder) -> tuple:
    """Build (through the patched builder) and write a valid cache; its path and its arrays."""
    gazetteer_cache.load_index()
    path = gazetteer_cache.cache_path()
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return path, arrays


def test_loaded_index_equals_built(cache, built):
    folder, calls = cache
    assert gazetteer_cache.load_index() is built and calls == [1]
    path = gazetteer_cache.cache_path()
    assert path.parent == folder and path.suffix == ".npz" and path.is_file()
    assert not list(folder.glob(".gazetteer-*.tmp"))  # written through a temporary file, renamed
    loaded = _fresh_load()
    assert calls == [1]  # read from the file, not rebuilt
    assert loaded is not built
    _assert_same(loaded, built)


@pytest.mark.parametrize("where", ["old name", "new name", "other fingerprint", "object array in npz"])
def test_planted_pickle_runs_no_code(cache, built, tmp_path, where):
    folder, calls = cache
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(str(marker)))
    pickle.loads(payload)  # the payload is live: unpickling it does create the marker
    assert marker.exists()
    marker.unlink()
    name = f"gazetteer-{data_fingerprint()}"
    folder.mkdir()
    if where == "old name":
        planted = folder / f"{name}.pickle"
        planted.write_bytes(payload)
    elif where == "other fingerprint":
        planted = folder / "gazetteer-0123456789abcdef.pickle"
        planted.write_bytes(payload)
    elif where == "new name":
        planted = folder / f"{name}.npz"
        planted.write_bytes(payload)
    else:  # a well-formed npz whose meta member is an object array (which numpy stores as a pickle)
        planted, arrays = _valid_cache(folder)
        arrays["meta"] = np.array([_Payload(str(marker))], dtype=object)
        np.savez(planted, **arrays)
        gazetteer_cache.load_index.cache_clear()
        calls.clear()

    index = gazetteer_cache.load_index()
    assert not marker.exists()
    _assert_same(index, built)
    if planted.suffix == ".pickle":
        assert not planted.exists()  # removed without being read
        assert calls == [1]
    else:  # replaced by a valid cache
        assert calls == [1]
        _assert_same(gazetteer_cache.read_cache(planted, data_fingerprint()), built)
    assert not list(folder.glob("*.pickle"))

    from eventwire import extract

    result = extract("Protesters marched in Basra on Friday.", published="2024-03-04")
    assert not marker.exists()
    assert any(e.location.startswith("Basra") and e.iso3 == "IRQ" for e in result.events)


def _shorten(arrays, name):
    arrays[name] = arrays[name][:-1]


def _meta(arrays, **changes):
    meta = json.loads(arrays["meta"].tobytes())
    meta.update(changes)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)


CORRUPTIONS = {
    "short column": lambda a: _shorten(a, "geonameid"),
    "row out of range": lambda a: a.update(keys_rows=np.where(a["keys_rows"] == 0, 10**8, a["keys_rows"])),
    "offsets reversed": lambda a: a.update(loose_keys_offsets=a["loose_keys_offsets"][::-1].copy()),
    "floats where ints belong": lambda a: a.update(population=a["population"].astype(np.float64)),
    "2-d array": lambda a: a.update(lat=np.stack([a["lat"], a["lat"]], axis=1)),
    "wrong fingerprint": lambda a: _meta(a, fingerprint="0" * 16),
    "countries as a list": lambda a: _meta(a, countries=[]),
    "missing member": lambda a: a.pop("skeleton_keys_rows"),
    "keys out of order": lambda a: a.update(keys_hashes=a["keys_hashes"][::-1].copy()),
    "a key too many": lambda a: a.update(loose_keys_names=np.concatenate([a["loose_keys_names"], [0, 97]])),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_wrong_shape_cache_is_rebuilt(cache, built, corruption):
    folder, calls = cache
    path, arrays = _valid_cache(folder)
    CORRUPTIONS[corruption](arrays)
    np.savez(path, **arrays)
    with pytest.raises(ValueError):
        gazetteer_cache.read_cache(path, data_fingerprint())
    calls.clear()
    index = _fresh_load()
    assert calls == [1]
    _assert_same(index, built)
    _assert_same(gazetteer_cache.read_cache(path, data_fingerprint()), built)  # rewritten whole


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "flipped byte", "fifo"])
def test_corrupt_cache_is_rebuilt(cache, built, damage):
    folder, calls = cache
    path, _ = _valid_cache(folder)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(4096))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "flipped byte":  # inside the keys' data: only the CRC tells
        at = data.index(b"mosul")
        path.write_bytes(data[:at] + b"M" + data[at + 1 :])
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        path.unlink()
        os.mkfifo(path)  # would block a plain open() for reading forever
    calls.clear()
    index = _fresh_load()
    assert calls == [1]
    _assert_same(index, built)
    _assert_same(gazetteer_cache.read_cache(path, data_fingerprint()), built)


def test_stale_caches_are_removed_after_a_rebuild(cache, built):
    folder, calls = cache
    folder.mkdir()
    stale = folder / "gazetteer-0123456789abcdef.npz"
    stale.write_bytes(b"old")
    gazetteer_cache.load_index()
    assert not stale.exists() and gazetteer_cache.cache_path().exists()


def test_cached_index_loads_fast(cache, built):
    import time

    gazetteer_cache.load_index()  # writes the cache
    path, fingerprint = gazetteer_cache.cache_path(), data_fingerprint()
    t = time.process_time()  # CPU time: other processes on a shared machine do not count
    loaded = gazetteer_cache.read_cache(path, fingerprint)
    assert time.process_time() - t < 3.0  # about 0.5 s
    assert len(loaded) == len(built)


def test_packed_keys_find_every_key_even_when_hashes_collide(monkeypatch):
    """Keys are found by bisection on their hash, then by their bytes among equal hashes."""
    from eventwire.gazetteer import index as gazetteer_index

    table = {"mosul": (3, 1), "raqqa": (2,), "al bab": (0,), "": (4,), "ḥalab": (5, 6), "mosu": (7,)}
    for hashing in (gazetteer_index.key_hash, lambda key: 7):  # the real hash; every key colliding
        monkeypatch.setattr(gazetteer_cache, "key_hash", hashing)
        monkeypatch.setattr(gazetteer_index, "key_hash", hashing)
        arrays = gazetteer_cache._pack_map(table)
        packed = gazetteer_cache._unpack_map(*(arrays[p] for p in ("hashes", "names", "offsets", "rows")), 8)
        assert dict(packed.items()) == table and len(packed) == len(table)
        for key, rows in table.items():
            assert packed[key] == rows and packed.get(key) == rows and key in packed
        for missing in ("mosulx", "mos", "Mosul", "zzz", 3):
            assert packed.get(missing) is None and missing not in packed
            assert packed.get(missing, ()) == ()
