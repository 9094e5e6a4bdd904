"""The Array API dtype functions (astype, result_type, can_cast, finfo, iinfo, isdtype) and the
namespace inspection object (``__array_namespace_info__``).

Promotion comes from the native core (TF_ResultType, the table every binary operation uses),
so these functions and the operations cannot disagree."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

from .._core import cdefs
from .._core.device import Device, DeviceLike, devices, get_default_device, resolve
from .._core.dtypes import ALL, DType, as_dtype, float32, float64, int64, promote
from .._core.tensor import Tensor, int_range, scalar_dtype
from ..errors import DtypeError
from .creation import _placed, _tensor

_KINDS = ("bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric")


def _dtype_of(x: Any) -> DType:
    if isinstance(x, Tensor):
        return x.dtype
    return as_dtype(x)


def result_type(*arrays_and_dtypes: Any) -> DType:
    """The dtype that results from combining the given tensors and dtypes in an operation.

    Tensors and dtypes promote with the core's table (``numpy.result_type``). Python scalars
    (bool, int, float) are "weak", as the Array API standard and NumPy 2 (NEP 50) specify: they
    take the dtype of the tensors and dtypes beside them when the kind allows (an int with
    int8 gives int8, a float with float32 gives float32), else the default dtype of their kind
    (an int with bool gives int64, a float with an integer dtype gives float64). At least one
    tensor or dtype is required (TypeError otherwise); complex scalars are a DtypeError.
    """
    strong: List[DType] = []
    weak: List[Union[bool, int, float]] = []
    for x in arrays_and_dtypes:
        if isinstance(x, (bool, int, float)):
            weak.append(x)
        elif isinstance(x, complex):
            raise DtypeError("complex scalars are not supported (tenflowers has no complex dtypes)")
        else:
            strong.append(_dtype_of(x))
    if not strong:
        raise TypeError("result_type needs at least one tensor or dtype")
    out = strong[0]
    for d in strong[1:]:
        out = promote(out, d)
    for v in weak:
        out = scalar_dtype(v, out)
    return out


def can_cast(from_: Union[DType, Tensor], to: DType, /) -> bool:
    """True when every value of dtype `from_` (or of the tensor's dtype) converts to `to`
    without loss of kind or range: NumPy's ``can_cast(from_, to, casting='safe')``. Equivalent
    to ``result_type(from_, to) == to``."""
    f, t = _dtype_of(from_), as_dtype(to)
    return promote(f, t) == t


def astype(x: Tensor, dtype: Any, /, *, copy: bool = True, device: Optional[DeviceLike] = None) -> Tensor:
    """`x` converted to `dtype` (NumPy ``astype``: floats truncate toward zero for integer
    dtypes, nonzero becomes true), on `device` when given. With ``copy=True`` (the default) the
    result is always a new tensor; with ``copy=False`` it is `x` itself when the dtype (and
    device) already match."""
    dev = resolve(device)
    out = _tensor(x).astype(dtype, copy=copy)
    return _placed(out, dev)


class finfo_object:
    """Machine limits of a floating-point dtype (what ``finfo`` returns)."""

    __slots__ = ("bits", "eps", "max", "min", "smallest_normal", "dtype")

    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: DType

    def __init__(self, dtype: DType) -> None:
        mant, emax = (23, 127) if dtype == float32 else (52, 1023)
        self.bits = dtype.itemsize * 8
        self.eps = 2.0 ** -mant
        self.max = (2.0 - 2.0 ** -mant) * 2.0 ** emax
        self.min = -self.max
        self.smallest_normal = 2.0 ** (1 - emax)
        self.dtype = dtype

    def __repr__(self) -> str:
        return (f"finfo(bits={self.bits}, eps={self.eps!r}, max={self.max!r}, min={self.min!r}, "
                f"smallest_normal={self.smallest_normal!r}, dtype={self.dtype.name})")


class iinfo_object:
    """Limits of an integer dtype (what ``iinfo`` returns)."""

    __slots__ = ("bits", "max", "min", "dtype")

    bits: int
    max: int
    min: int
    dtype: DType

    def __init__(self, dtype: DType) -> None:
        self.bits = dtype.itemsize * 8
        self.min, self.max = int_range(dtype)
        self.dtype = dtype

    def __repr__(self) -> str:
        return f"iinfo(bits={self.bits}, max={self.max}, min={self.min}, dtype={self.dtype.name})"


def finfo(type: Union[DType, Tensor], /) -> finfo_object:  # noqa: A002 - the standard's name
    """Limits of a floating-point dtype (or of a tensor's dtype): ``bits``, ``eps`` (the
    difference between 1.0 and the next float), ``max``, ``min`` (= -max), ``smallest_normal``
    and ``dtype``. DtypeError for a non-float dtype."""
    d = _dtype_of(type)
    if d.kind != "f":
        raise DtypeError(f"finfo needs a floating-point dtype, got {d.name}")
    return finfo_object(d)


def iinfo(type: Union[DType, Tensor], /) -> iinfo_object:  # noqa: A002 - the standard's name
    """Limits of an integer dtype (or of a tensor's dtype): ``bits``, ``max``, ``min`` and
    ``dtype``. DtypeError for bool and floating-point dtypes."""
    d = _dtype_of(type)
    if d.kind not in "iu":
        raise DtypeError(f"iinfo needs an integer dtype, got {d.name}")
    return iinfo_object(d)


def _is_kind(d: DType, kind: Union[str, DType]) -> bool:
    if isinstance(kind, DType):
        return d == kind
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a dtype, a kind name or a tuple of them, got {kind!r}")
    if kind == "bool":
        return d.kind == "b"
    if kind == "signed integer":
        return d.kind == "i"
    if kind == "unsigned integer":
        return d.kind == "u"
    if kind == "integral":
        return d.kind in "iu"
    if kind == "real floating":
        return d.kind == "f"
    if kind == "complex floating":
        return False
    if kind == "numeric":
        return d.kind in "iuf"
    raise ValueError(f"unknown dtype kind {kind!r}; kinds: " + ", ".join(repr(k) for k in _KINDS))


def isdtype(dtype: DType, kind: Union[str, DType, Tuple[Union[str, DType], ...]]) -> bool:
    """True when `dtype` is of `kind`: a dtype (equality), one of the kind names 'bool',
    'signed integer', 'unsigned integer', 'integral', 'real floating', 'complex floating',
    'numeric', or a tuple of these (any matches). An unknown kind name is a ValueError."""
    if not isinstance(dtype, DType):
        raise TypeError(f"isdtype needs a tenflowers dtype, got {dtype!r}")
    if isinstance(kind, tuple):
        return any(_is_kind(dtype, k) for k in kind)
    return _is_kind(dtype, kind)


class Info:
    """What ``__array_namespace_info__()`` returns: the capabilities, devices and dtypes of the
    tenflowers namespace (Array API standard 2023.12)."""

    __slots__ = ()

    def capabilities(self) -> Dict[str, Any]:
        """``{"boolean indexing": False, "data-dependent shapes": False, "max dimensions": 64}``."""
        return {
            "boolean indexing": False,
            "data-dependent shapes": False,
            "max dimensions": cdefs.TF_MAX_DIMS,
        }

    def default_device(self) -> Device:
        """The current default device (``tfs.get_default_device()``)."""
        return get_default_device()

    def devices(self) -> List[Device]:
        """Every supported device (``[device(type='cpu')]``)."""
        return devices()

    def default_dtypes(self, *, device: Optional[DeviceLike] = None) -> Dict[str, DType]:
        """The default dtype per kind: ``{"real floating": float64, "integral": int64,
        "indexing": int64}`` (no "complex floating": tenflowers has no complex dtypes). An
        unknown device raises DeviceError."""
        resolve(device)
        return {"real floating": float64, "integral": int64, "indexing": int64}

    def dtypes(self, *, device: Optional[DeviceLike] = None,
               kind: Optional[Union[str, DType, Tuple[Union[str, DType], ...]]] = None) -> Dict[str, DType]:
        """The supported dtypes by name, all of them or those of `kind` (as in ``isdtype``)."""
        resolve(device)
        return {d.name: d for d in ALL if kind is None or isdtype(d, kind)}


def __array_namespace_info__() -> Info:
    """The namespace inspection object of the Array API standard."""
    return Info()

