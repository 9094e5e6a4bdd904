"""safetensors files and bytes: round trips of every dtype, views and metadata; interop with the
reference `safetensors` package both ways, byte for byte; copy-on-write loading; atomic,
typed-error saving; and corrupt files, by hand and mutated at random with the reference
implementation as the oracle of what must load."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import Any, Dict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenflowers as tfs

st_np: Any
try:
    import safetensors.numpy as _st_np  # type: ignore[import-not-found, unused-ignore]
    st_np = _st_np
except ImportError:
    st_np = None

needs_reference = pytest.mark.skipif(st_np is None, reason="the safetensors package (a test extra) is not installed")

DTYPES = [np.float32, np.float64, np.int8, np.int16, np.int32, np.int64, np.uint8, np.bool_]


def _arrays(seed: int) -> Dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out: Dict[str, np.ndarray] = {}
    for i, dt in enumerate(DTYPES):
        shape = [(2, 3), (5,), (), (0, 4), (1, 2, 3), (7,), (3, 3), (4,)][i]
        a: np.ndarray
        if dt == np.bool_:
            a = rng.integers(0, 2, size=shape).astype(np.bool_)
        elif np.issubdtype(dt, np.integer):
            info = np.iinfo(dt)
            a = rng.integers(info.min, info.max, size=shape, dtype=dt, endpoint=True)
        else:
            a = rng.standard_normal(shape).astype(dt)
        out[f"t_{np.dtype(dt).name}"] = a
    return out


def _np(t: tfs.Tensor) -> np.ndarray:
    return np.asarray(t)


def test_every_dtype_round_trips_through_a_file_and_bytes(tmp_path: Path) -> None:
    arrays = _arrays(0)
    tensors = {k: tfs.asarray(v) for k, v in arrays.items()}
    path = tmp_path / "m.safetensors"
    tfs.save_file(tensors, path, metadata={"format": "tenflowers", "step": "10"})
    for loaded in (tfs.load_file(path), tfs.load(tfs.save(tensors))):
        assert set(loaded) == set(arrays)
        for k, a in arrays.items():
            got = _np(loaded[k])
            assert got.dtype == a.dtype and got.shape == a.shape and np.array_equal(got, a), k
    with tfs.safe_open(path) as f:
        assert f.metadata() == {"format": "tenflowers", "step": "10"}
        assert sorted(f.keys()) == sorted(arrays)


def test_views_are_saved_as_their_values(tmp_path: Path) -> None:
    base = np.arange(24.0).reshape(4, 6)
    t = tfs.asarray(base)
    views = {"T": t.T, "step": t[::2, 1::3], "flip": tfs.flip(t, axis=1), "bcast": tfs.broadcast_to(tfs.asarray([1.0, 2.0]), (3, 2))}
    tfs.save_file(views, tmp_path / "v.safetensors")
    got = tfs.load_file(tmp_path / "v.safetensors")
    want = {"T": base.T, "step": base[::2, 1::3], "flip": base[:, ::-1], "bcast": np.broadcast_to([1.0, 2.0], (3, 2))}
    for k, w in want.items():
        assert np.array_equal(_np(got[k]), w), k


def test_a_loaded_tensor_is_copy_on_write_and_outlives_its_file_handle(tmp_path: Path) -> None:
    path = tmp_path / "w.safetensors"
    tfs.save_file({"w": tfs.asarray(np.arange(1000.0))}, path)
    before = path.read_bytes()
    with tfs.safe_open(path) as f:
        w = f.get_tensor("w")
    w[0] = 123.0  # the handle is closed; the tensor keeps its mapping
    assert float(w[0]) == 123.0 and float(w[999]) == 999.0
    assert path.read_bytes() == before, "writing into a loaded tensor must not change the file"
    assert float(tfs.load_file(path)["w"][0]) == 0.0


def test_saving_is_atomic_and_errors_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "a.safetensors"
    tfs.save_file({"x": tfs.ones(3)}, path)
    with pytest.raises(tfs.SerializationError, match="cannot write"):
        tfs.save_file({"x": tfs.ones(3)}, tmp_path / "missing" / "dir" / "a.safetensors")
    if os.geteuid() != 0:  # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with pytest.raises(tfs.SerializationError):
            tfs.save_file({"x": tfs.ones(3)}, ro / "a.safetensors")
        ro.chmod(0o700)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.safetensors"], "no temporary files left"
    with pytest.raises(ValueError, match="metadata"):
        tfs.save_file({"x": tfs.ones(3)}, path, metadata={"a": 1})  # type: ignore[dict-item]
    with pytest.raises(tfs.InvalidArgumentError, match="reserved"):
        tfs.save_file({"__metadata__": tfs.ones(3)}, path)
    with pytest.raises(TypeError):
        tfs.save_file([tfs.ones(3)], path)  # type: ignore[arg-type]
    with pytest.raises(tfs.InvalidArgumentError, match="no tensor named"):
        tfs.safe_open(path).get_tensor("nope")


@needs_reference
def test_files_written_here_load_with_the_reference_and_the_reverse(tmp_path: Path) -> None:
    arrays = _arrays(1)
    ours = tmp_path / "ours.safetensors"
    tfs.save_file({k: tfs.asarray(v) for k, v in arrays.items()}, ours, metadata={"m": "1"})
    ref = st_np.load_file(str(ours))
    for k, a in arrays.items():
        assert ref[k].dtype == a.dtype and np.array_equal(ref[k], a), k
    theirs = tmp_path / "theirs.safetensors"
    st_np.save_file(arrays, str(theirs), metadata={"m": "1"})
    got = tfs.load_file(theirs)
    for k, a in arrays.items():
        assert np.array_equal(_np(got[k]), a), k
    # Same crate underneath: the encodings are identical, byte for byte.
    assert ours.read_bytes() == theirs.read_bytes()
    assert tfs.save({k: tfs.asarray(v) for k, v in arrays.items()}) == st_np.save(arrays)


# -- corrupt files -----------------------------------------------------------------------------


def _file(header: Any, data: bytes, header_len: int | None = None) -> bytes:
    h = json.dumps(header).encode() if not isinstance(header, bytes) else header
    n = len(h) if header_len is None else header_len
    return struct.pack("<Q", n) + h + data


GOOD = {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}

CORRUPT = {
    "empty": b"",
    "shorter than the length": b"\x01\x02",
    "header length past the end": _file(GOOD, b"\0" * 8, header_len=10_000),
    "header length 2^63": _file(GOOD, b"\0" * 8, header_len=2**63),
    "header not JSON": _file(b"{not json", b""),
    "header not UTF-8": _file(b'{"a\xff": 1}', b""),
    "truncated data": _file(GOOD, b"\0" * 7),
    "trailing bytes": _file(GOOD, b"\0" * 9),
    "offsets out of range": _file({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 80]}}, b"\0" * 8),
    "overlapping offsets": _file({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                  "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\0" * 8),
    "unknown dtype": _file({"a": {"dtype": "F33", "shape": [2], "data_offsets": [0, 8]}}, b"\0" * 8),
    "a dtype tenflowers lacks": _file({"a": {"dtype": "F16", "shape": [4], "data_offsets": [0, 8]}}, b"\0" * 8),
    "shape x dtype is not the length": _file({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8),
    "duplicate names": _file(b'{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},'
                             b'"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', b"\0"),
    "shape overflows": _file({"a": {"dtype": "U8", "shape": [2**40, 2**40], "data_offsets": [0, 8]}}, b"\0" * 8),
}


@pytest.mark.parametrize("what", sorted(CORRUPT))
def test_corrupt_files_raise_deserialization_error(what: str, tmp_path: Path) -> None:
    data = CORRUPT[what]
    path = tmp_path / "bad.safetensors"
    path.write_bytes(data)
    with pytest.raises(tfs.DeserializationError):
        tfs.load_file(path)
    with pytest.raises(tfs.DeserializationError):
        tfs.load(data)


def test_a_missing_file_is_a_deserialization_error(tmp_path: Path) -> None:
    with pytest.raises(tfs.DeserializationError, match="cannot open"):
        tfs.load_file(tmp_path / "nope.safetensors")


_VALID = tfs.save({k: tfs.asarray(v) for k, v in _arrays(2).items()})


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_mutated_files_load_correctly_or_raise_a_typed_error(data: st.DataObject) -> None:
    buf = bytearray(_VALID)
    kind = data.draw(st.sampled_from(["flip", "truncate", "header"]))
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            i = data.draw(st.integers(0, len(buf) - 1))
            buf[i] ^= 1 << data.draw(st.integers(0, 7))
    elif kind == "truncate":
        del buf[data.draw(st.integers(0, len(buf) - 1)):]
    else:
        n = struct.unpack("<Q", bytes(buf[:8]))[0]
        i = data.draw(st.integers(8, 8 + n - 1))
        buf[i] = data.draw(st.sampled_from(list(b'{}[]",:0123456789eE-')))
    blob = bytes(buf)
    try:
        got = tfs.load(blob)
    except tfs.DeserializationError:
        return
    # It loaded: it must be what the reference reads from the same bytes.
    if st_np is not None:
        want = st_np.load(blob)
        assert set(got) == set(want)
        for k, w in want.items():
            g = _np(got[k])
            assert g.dtype == w.dtype and g.shape == w.shape
            assert g.tobytes() == w.tobytes(), k


def test_a_large_file_opens_without_reading_its_data(tmp_path: Path) -> None:
    # 64 MB: opening maps it and reads the header only; touching one element reads one page.
    big = tmp_path / "big.safetensors"
    tfs.save_file({"x": tfs.zeros(16 * 1024 * 1024, dtype=tfs.float32)}, big)
    with tfs.safe_open(big) as f:
        x = f.get_tensor("x")
    assert x.shape == (16 * 1024 * 1024,) and float(x[12345]) == 0.0
