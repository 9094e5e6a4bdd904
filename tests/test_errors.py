"""The exception classes and every error path reachable from Python."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import tenflowers as tfs
from tenflowers import errors
from tenflowers._core import cdefs, ffi

EXPECTED_BASES = {
    "ShapeError": ValueError, "DtypeError": TypeError, "InvalidArgumentError": ValueError,
    "DeviceError": RuntimeError, "GradientError": RuntimeError, "NumericalError": ArithmeticError,
    "OutOfMemoryError": MemoryError, "LayerConfigError": ValueError, "OptimizerError": RuntimeError,
    "SerializationError": RuntimeError, "DeserializationError": ValueError, "DataLoadError": OSError,
    "GraphCompileError": RuntimeError, "CheckpointError": RuntimeError,
    "UnimplementedError": NotImplementedError, "InternalError": RuntimeError,
}


def test_one_class_per_code_with_builtin_base() -> None:
    codes = {name: value for name, value in cdefs.TF_Code.items() if value != 0}
    assert len(codes) == len(EXPECTED_BASES)
    for name, base in EXPECTED_BASES.items():
        cls = getattr(errors, name)
        assert cls is getattr(tfs, name)
        assert issubclass(cls, tfs.TenflowersError) and issubclass(cls, base)
        assert errors.error_for_code(cls.code) is cls
    # The Python code numbers are the C enum's values, name for name.
    snake = {"ShapeError": "TF_SHAPE_ERROR", "DtypeError": "TF_DTYPE_ERROR",
             "InvalidArgumentError": "TF_INVALID_ARGUMENT", "OutOfMemoryError": "TF_OUT_OF_MEMORY",
             "UnimplementedError": "TF_UNIMPLEMENTED", "InternalError": "TF_INTERNAL"}
    for cls_name, c_name in snake.items():
        assert getattr(errors, cls_name).code == codes[c_name]
    assert {getattr(errors, n).code for n in EXPECTED_BASES} == set(codes.values())


CASES: list[tuple[str, Callable[[], Any], type, str]] = [
    ("broadcast", lambda: tfs.zeros((2, 3)) + tfs.zeros(4), tfs.ShapeError, r"TF_Add: shapes \[2,3\] and \[4\]"),
    ("sub bool", lambda: tfs.asarray([True]) - tfs.asarray([False]), tfs.DtypeError, "TF_Sub"),
    ("matmul align", lambda: tfs.zeros((2, 3)) @ tfs.zeros((2, 3)), tfs.ShapeError, "not aligned"),
    ("axis range", lambda: tfs.zeros((2, 3)).sum(axis=5), tfs.InvalidArgumentError, "axis 5 is out of bounds"),
    ("axis repeat", lambda: tfs.zeros((2, 3)).sum(axis=(1, 1)), tfs.InvalidArgumentError, "repeated"),
    ("perm", lambda: tfs.permute_dims(tfs.zeros((2, 3)), [0, 0]), tfs.InvalidArgumentError, "TF_Transpose"),
    ("perm length", lambda: tfs.permute_dims(tfs.zeros((2, 3)), [0]), tfs.InvalidArgumentError, "TF_Transpose"),
    ("reshape size", lambda: tfs.zeros(6).reshape(4), tfs.ShapeError, r"cannot reshape .* \[6\] .* into shape \[4\]"),
    ("negative dim", lambda: tfs.zeros((3, -2)), tfs.InvalidArgumentError, "TF_Zeros: dims .* negative dimension -2"),
    ("overflow", lambda: tfs.zeros((2**40, 2**40)), tfs.InvalidArgumentError, "more elements than fit"),
    ("too many dims", lambda: tfs.zeros((1,) * 65), tfs.InvalidArgumentError, "64 dimensions"),
    ("huge alloc", lambda: tfs.zeros((2**62,), dtype=tfs.float64), tfs.OutOfMemoryError, "TF_Zeros"),
    ("rand int", lambda: tfs.randn(3, dtype=tfs.int64), tfs.DtypeError, "TF_Randn: dtype int64"),
    ("full range", lambda: tfs.full(2, float("nan"), dtype=tfs.int64), tfs.InvalidArgumentError, "TF_Full"),
    ("bad dtype name", lambda: tfs.zeros(2, dtype="float8"), tfs.DtypeError, "float8"),
    ("item", lambda: tfs.zeros(3).item(), tfs.InvalidArgumentError, "one element"),
]


@pytest.mark.parametrize("name, fn, exc, message", CASES, ids=[c[0] for c in CASES])
def test_error_paths(name: str, fn: Callable[[], Any], exc: type, message: str) -> None:
    with pytest.raises(exc, match=message):
        fn()


def test_raw_c_errors_from_python() -> None:
    """Paths the Python layer never takes, checked through the bound C functions."""
    st = ffi.status()
    f = ffi.FUNCS
    assert f["TF_Add"](None, None, st) is None
    assert f["TF_GetCode"](st) == cdefs.TF_Code["TF_INVALID_ARGUMENT"]
    assert f["TF_Message"](st) == b"TF_Add: a is NULL"
    assert f["TF_NewTensor"](7, None, 0, None, 0, st) is None
    assert f["TF_GetCode"](st) == cdefs.TF_Code["TF_DTYPE_ERROR"]
    assert f["TF_NewTensor"](cdefs.TF_DataType["TF_HALF"], None, 0, None, 2, st) is None
    assert b"not supported yet" in f["TF_Message"](st)
    assert f["TF_DataTypeSize"](1000) == 0 and f["TF_DataTypeSize"](1) == 4
    t = tfs.zeros((2, 2))
    assert f["TF_Dim"](t._h, 2) == -1 and f["TF_Dim"](t._h, -1) == -1 and f["TF_Dim"](t._h, 1) == 2
    assert f["TF_NumDims"](None) == -1 and f["TF_TensorType"](None) == 0
    f["TF_TensorCopyTo"](t._h, None, 5, st)
    assert b"dst is NULL" in f["TF_Message"](st)
    # A success after an error clears the status.
    h = f["TF_Contiguous"](t._h, st)
    assert f["TF_GetCode"](st) == 0 and f["TF_Message"](st) == b""
    ffi.delete_tensor(h)
    f["TF_DeleteTensor"](None)
    f["TF_DeleteStatus"](None)
