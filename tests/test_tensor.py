"""Creation, conversion, inspection and lifetime of tensors from Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from typing import Any, List

import numpy as np
import pytest

import tenflowers as tfs
from tenflowers._core import cdefs


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a fresh interpreter, outside the source tree so the installed package is used."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        cwd=tempfile.gettempdir(), env={**os.environ, **env},
    )


@pytest.mark.parametrize(
    "obj, dtype, shape",
    [
        (1.5, tfs.float64, ()),
        (3, tfs.int64, ()),
        (True, tfs.bool, ()),
        ([1, 2, 3], tfs.int64, (3,)),
        ([[1.0, 2], [3, 4]], tfs.float64, (2, 2)),
        ([[True], [False]], tfs.bool, (2, 1)),
        ([], tfs.float64, (0,)),
        ([[], []], tfs.float64, (2, 0)),
        ((1, 2.5), tfs.float64, (2,)),
    ],
)
def test_asarray_infers_like_numpy(obj: Any, dtype: tfs.DType, shape: tuple[int, ...]) -> None:
    t = tfs.asarray(obj)
    assert t.dtype == dtype and t.shape == shape
    ref = np.asarray(obj)
    assert t.dtype.name == ref.dtype.name
    np.testing.assert_array_equal(t.numpy(), ref)
    assert t.tolist() == ref.tolist()


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"])
def test_numpy_round_trip_every_dtype(dtype: str) -> None:
    rng = np.random.default_rng(0)
    arr = (rng.standard_normal((3, 4, 5)) * 100).astype(dtype)
    t = tfs.asarray(arr)
    assert t.dtype.name == dtype and t.shape == (3, 4, 5) and t.ndim == 3 and t.size == 60
    back = np.asarray(t)
    assert back.dtype == arr.dtype
    np.testing.assert_array_equal(back, arr)
    assert t.tolist() == arr.tolist()


def test_asarray_from_strided_and_byteswapped_numpy() -> None:
    arr = np.arange(24, dtype=np.float32).reshape(4, 6)[::2, ::3]
    np.testing.assert_array_equal(tfs.asarray(arr).numpy(), arr)
    swapped = np.arange(5, dtype=">i4")
    np.testing.assert_array_equal(tfs.asarray(swapped).numpy(), np.arange(5, dtype=np.int32))
    np.testing.assert_array_equal(tfs.asarray(np.float32(2.5)).numpy(), np.float32(2.5))


def test_asarray_dtype_conversion_and_tensor_passthrough() -> None:
    t = tfs.asarray([1.7, -1.7, 0.0], dtype=tfs.int32)
    assert t.dtype == tfs.int32 and t.tolist() == [1, -1, 0]
    assert tfs.asarray(t) is t
    assert tfs.asarray(t, dtype="int32") is t
    assert tfs.asarray(t, dtype=tfs.bool).tolist() == [True, True, False]
    assert tfs.asarray([1, 2], dtype=np.float32).dtype == tfs.float32


def test_asarray_rejects_unsupported_and_ragged() -> None:
    with pytest.raises(tfs.DtypeError):
        tfs.asarray(np.zeros(3, dtype=np.complex64))
    with pytest.raises(tfs.DtypeError):
        tfs.asarray([1, 2], dtype="float16")
    with pytest.raises(tfs.ShapeError):
        tfs.asarray([[1, 2], [3]])
    with pytest.raises(OverflowError):
        tfs.asarray([2**64])


def test_creation_functions() -> None:
    assert tfs.zeros((2, 3)).tolist() == [[0.0] * 3] * 2
    assert tfs.ones(2, dtype=tfs.int32).tolist() == [1, 1]
    assert tfs.ones((), dtype=tfs.bool).item() is True
    assert tfs.full((2,), 7).dtype == tfs.int64
    assert tfs.full((2,), 2.5, dtype=tfs.float32).tolist() == [2.5, 2.5]
    assert tfs.full((1,), 2**62 + 1).item() == 2**62 + 1  # exact, not through a double
    assert tfs.zeros((0, 4)).shape == (0, 4)
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Full"):
        tfs.full((2,), 3e9, dtype=tfs.int32)
    with pytest.raises(tfs.InvalidArgumentError, match="negative"):
        tfs.zeros((2, -1))


def test_random_seeding_and_distribution() -> None:
    tfs.manual_seed(123)
    a = tfs.randn(1000, 100, dtype=tfs.float32).numpy()
    tfs.manual_seed(123)
    b = tfs.randn((1000, 100), dtype=tfs.float32).numpy()
    np.testing.assert_array_equal(a, b)
    c = tfs.randn(1000, 100, dtype=tfs.float32).numpy()
    assert not np.array_equal(a, c)
    assert abs(a.mean()) < 0.01 and abs(a.std() - 1) < 0.01
    u = tfs.rand(100_000).numpy()
    assert u.dtype == np.float64 and u.min() >= 0 and u.max() < 1 and abs(u.mean() - 0.5) < 0.01
    with pytest.raises(tfs.DtypeError, match="TF_Rand"):
        tfs.rand(3, dtype=tfs.int32)


def test_random_is_the_same_with_one_thread() -> None:
    code = (
        "import tenflowers as tfs; tfs.manual_seed(5); "
        "print(tfs.randn(200000).sum().item())"
    )
    many = run_python(code)
    one = run_python(code, RAYON_NUM_THREADS="1")
    assert many.returncode == 0 and one.returncode == 0, many.stderr + one.stderr
    assert many.stdout == one.stdout


def test_item_tolist_bool_float_int() -> None:
    t = tfs.asarray([[2.5]])
    assert t.item() == 2.5 and float(t) == 2.5 and int(t) == 2 and bool(t)
    assert tfs.asarray(7).tolist() == 7
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.zeros(2).item()
    with pytest.raises(ValueError):
        bool(tfs.zeros(2))
    assert tfs.zeros((2, 0, 3)).tolist() == [[], []]
    assert len(tfs.zeros((4, 2))) == 4
    with pytest.raises(TypeError):
        len(tfs.asarray(1.0))


def test_repr_is_numpy_like() -> None:
    assert repr(tfs.asarray([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(tfs.asarray([1, 2], dtype=tfs.int32)) == "tensor([1, 2], dtype=int32)"
    assert repr(tfs.asarray([[1.5, 2], [3, 4]], dtype=tfs.float32)) == (
        "tensor([[1.5, 2. ],\n        [3. , 4. ]], dtype=float32)"
    )
    assert str(tfs.asarray([True, False])) == "[ True False]"


def test_numpy_asarray_protocol() -> None:
    t = tfs.asarray([[1, 2], [3, 4]], dtype=tfs.int32)
    a = np.asarray(t)
    assert a.dtype == np.int32 and a.tolist() == [[1, 2], [3, 4]]
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    assert np.array(t.T).tolist() == [[1, 3], [2, 4]]


def test_tensor_cannot_be_constructed_directly() -> None:
    with pytest.raises(TypeError):
        tfs.Tensor()


def test_dtype_objects() -> None:
    assert tfs.float32 == tfs.float32 and tfs.float32 != tfs.float64
    assert repr(tfs.int64) == "tenflowers.int64" and str(tfs.bool) == "bool"
    assert {tfs.float32: 1}[tfs.asarray([1.0], dtype="float32").dtype] == 1
    with pytest.raises(AttributeError):
        tfs.float32.name = "x"  # type: ignore[misc]


def test_threads_share_the_library() -> None:
    errors: List[BaseException] = []
    a = np.arange(64, dtype=np.float64).reshape(8, 8)

    def work() -> None:
        try:
            t = tfs.asarray(a)
            for _ in range(300):
                r = ((t @ t.T) + 1.0).sum(axis=0)
                assert r.shape == (8,)
            np.testing.assert_allclose(r.numpy(), (a @ a.T + 1).sum(axis=0))
            with pytest.raises(tfs.ShapeError):
                t + tfs.zeros(3)
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors


def test_import_does_not_import_numpy_and_shutdown_is_quiet() -> None:
    code = (
        "import sys, tenflowers as tfs\n"
        "assert 'numpy' not in sys.modules, 'numpy imported eagerly'\n"
        "keep = [tfs.ones((3, 3)) + i for i in range(100)]\n"
        "cycle = [tfs.zeros(2)]; cycle.append(cycle)\n"
        "print((tfs.asarray([1, 2]) + 1).tolist())\n"
        "assert 'numpy' not in sys.modules\n"
    )
    r = run_python(code)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[2, 3]\n"
    assert r.stderr == ""


def test_tensors_are_freed() -> None:
    import gc
    import weakref

    t = tfs.zeros(10)
    ref = weakref.ref(t)
    h = t._h
    assert h
    del t
    gc.collect()
    assert ref() is None


def test_missing_library_and_abi_mismatch_give_import_errors(tmp_path: Any) -> None:
    r = run_python("import tenflowers", TENFLOWERS_LIBRARY=str(tmp_path / "nope.so"))
    assert r.returncode != 0 and "ImportError" in r.stderr and "nope.so" in r.stderr
    # A stand-in library that reports ABI 7.3: the loader must refuse it before binding anything.
    cc = shutil.which(os.environ.get("CC", "cc"))
    if cc is None:
        pytest.skip("no C compiler to build a stand-in library")
    src = tmp_path / "fake.c"
    src.write_text("unsigned int TF_AbiVersion(void) { return (7u << 16) | 3u; }\n")
    lib = tmp_path / "libfake.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    r = run_python("import tenflowers", TENFLOWERS_LIBRARY=str(lib))
    assert r.returncode != 0 and "ImportError" in r.stderr
    needs = f"needs {cdefs.TF_ABI_VERSION_MAJOR}.{cdefs.TF_ABI_VERSION_MINOR}"
    assert "7.3" in r.stderr and needs in r.stderr, r.stderr


def test_get_include_and_library() -> None:
    assert os.path.isfile(os.path.join(tfs.get_include(), "tenflowers.h"))
    assert os.path.isfile(tfs.get_library())
    assert tfs.__version__ == "0.1.0"
