"""Dtype objects (each a singleton that knows its C code, size, kind and buffer format) and
their promotion, which comes from the native core's table."""

from __future__ import annotations

from typing import Any, Dict, Optional

from . import capi, cdefs, ffi
from ..errors import DtypeError


class DType:
    """A tensor element type (``tfs.float32``, ``tfs.int64``, ...). Compare with ``==``: dtypes
    are equal when they are the same type; hashable, so they can key dicts and fill sets."""

    __slots__ = ("name", "code", "itemsize", "kind", "format")

    name: str
    code: int
    itemsize: int
    kind: str
    format: str

    def __init__(self, name: str, code: int, itemsize: int, kind: str, fmt: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "itemsize", itemsize)
        object.__setattr__(self, "kind", kind)  # 'b' bool, 'i' signed, 'u' unsigned integer, 'f' floating
        object.__setattr__(self, "format", fmt)  # struct / memoryview format character

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("DType objects are immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DType):
            return self.code == other.code
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, DType):
            return self.code != other.code
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("tenflowers.DType", self.code))

    def __repr__(self) -> str:
        return f"tenflowers.{self.name}"

    def __str__(self) -> str:
        return self.name

    def __reduce__(self) -> str:
        return self.name


float32 = DType("float32", cdefs.TF_FLOAT, 4, "f", "f")
float64 = DType("float64", cdefs.TF_DOUBLE, 8, "f", "d")
int8 = DType("int8", cdefs.TF_INT8, 1, "i", "b")
int16 = DType("int16", cdefs.TF_INT16, 2, "i", "h")
int32 = DType("int32", cdefs.TF_INT32, 4, "i", "i")
int64 = DType("int64", cdefs.TF_INT64, 8, "i", "q")
uint8 = DType("uint8", cdefs.TF_UINT8, 1, "u", "B")
bool_ = DType("bool", cdefs.TF_BOOL, 1, "b", "?")

ALL = (float32, float64, int8, int16, int32, int64, uint8, bool_)
BY_CODE: Dict[int, DType] = {d.code: d for d in ALL}
BY_NAME: Dict[str, DType] = {d.name: d for d in ALL}


def promote(a: DType, b: DType) -> DType:
    """The dtype of a binary operation on `a` and `b`: the core's table (TF_ResultType), the one
    every binary operation uses."""
    return BY_CODE[int(ffi.call_status(capi.TF_ResultType, a.code, b.code))]


def as_dtype(obj: Any) -> DType:
    """A DType from a DType, a name ('float32'), a NumPy dtype or scalar type, or bool/int/float."""
    if isinstance(obj, DType):
        return obj
    if obj is bool:
        return bool_
    if obj is int:
        return int64
    if obj is float:
        return float64
    name = obj if isinstance(obj, str) else getattr(obj, "name", None)
    if name is None and isinstance(obj, type) and obj.__module__ == "numpy":
        name = obj.__name__  # numpy scalar types such as numpy.float32
    if isinstance(name, str):
        found = BY_NAME.get("bool" if name == "bool_" else name)
        if found is not None:
            return found
        raise DtypeError(
            f"dtype {name!r} is not supported; supported: " + ", ".join(d.name for d in ALL)
        )
    raise DtypeError(f"cannot interpret {obj!r} as a tenflowers dtype")


def optional_dtype(obj: Optional[Any]) -> Optional[DType]:
    return None if obj is None else as_dtype(obj)
