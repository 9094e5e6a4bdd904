"""The Tensor class: a Python handle over a TF_Tensor*, its inspection, operators, in-place updates
and autograd, each one or two ffi calls; and the conversion of Python operands into tensors. The
methods built on other modules (NumPy export, indexing, reductions, ...) are inherited from
TensorMethods (tensor_methods.py)."""

from __future__ import annotations

import operator
import struct
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from . import capi, ffi
from .device import Device, DeviceLike, resolve, tensor_device
from .dtypes import BY_CODE, DType, as_dtype, float64, int64, promote
from .tensor_methods import TensorMethods
from ..errors import DtypeError

Scalar = Union[bool, int, float]
Operand = Union["Tensor", bool, int, float]
ShapeLike = Union[int, Sequence[int]]


# The per-operator caches of 0-d Python-scalar operands (see _operators); each holds at most 256
# tiny tensors, which count as live tensors in the memory statistics.
_SCALAR_CACHES: List[dict[Any, "Tensor"]] = []


def _clear_scalar_caches() -> None:
    """Drops every cached 0-d scalar operand (for exact live-tensor accounting in tests)."""
    for cache in _SCALAR_CACHES:
        cache.clear()


def _operators(
    fn: Callable[[Any, Any, Any], Optional[int]], true_divide: bool = False, compare: bool = False
) -> Tuple[Callable[["Tensor", Any], "Tensor"], Callable[["Tensor", Any], "Tensor"]]:
    """The operator methods ``(x.__op__, x.__rop__)`` of the bound C function `fn` (a ``capi``
    attribute: two tensors in, a new tensor out), built for the fewest Python frames and ctypes calls per op.

    Tensor with Tensor (or a subclass, nn.Parameter): one ctypes call (NULL status) and one new
    Tensor, no other Python call.
    Tensor with a Python scalar: the 0-d scalar operand comes from a small per-operator cache
    keyed by (value, type, the tensor's dtype); on a miss it is built by `as_tensor_operand`
    with NumPy 2's rules. Anything else, and every failed call, goes through `_binary`, which
    converts the operands and raises the right error."""
    slow = ffi.binary_fn(fn)
    new = object.__new__
    tensor_type = ffi.tensor_type
    scalars: dict[Any, Tensor] = {}
    _SCALAR_CACHES.append(scalars)

    def miss(x: Scalar, t: "Tensor", key: Any) -> "Tensor":
        s = as_tensor_operand(x, t, true_divide, compare)
        if x == x:  # NaN never hits (NaN != NaN): not stored
            if len(scalars) >= 256:
                scalars.clear()
            scalars[key] = s
        return s

    def op(self: "Tensor", other: Any) -> "Tensor":
        k = type(other)
        if k is Tensor:
            h = fn(self._h, other._h, None)
        elif k is float or k is int or k is bool:
            d = self._dtype
            if d is None:
                d = self._dtype = BY_CODE[tensor_type(self._h)]
            # 0 == 0.0 == -0.0 == False hash alike, so zeros are keyed by repr.
            key = (other, k, d.code) if other else (repr(other), d.code)
            s = scalars.get(key)
            if s is None:
                s = miss(other, self, key)
            h = fn(self._h, s._h, None)
        elif isinstance(other, Tensor):  # a subclass (nn.Parameter)
            h = fn(self._h, other._h, None)
        else:
            return _binary(slow, self, other, true_divide, compare)
        if h:
            r = new(Tensor)
            r._h = h
            r._shape = None
            r._dtype = None
            return r
        return _binary(slow, self, other, true_divide, compare)

    def rop(self: "Tensor", other: Any) -> "Tensor":
        k = type(other)
        if k is float or k is int or k is bool:
            d = self._dtype
            if d is None:
                d = self._dtype = BY_CODE[tensor_type(self._h)]
            # 0 == 0.0 == -0.0 == False hash alike, so zeros are keyed by repr.
            key = (other, k, d.code) if other else (repr(other), d.code)
            s = scalars.get(key)
            if s is None:
                s = miss(other, self, key)
            h = fn(s._h, self._h, None)
            if h:
                r = new(Tensor)
                r._h = h
                r._shape = None
                r._dtype = None
                return r
        return _binary(slow, other, self, true_divide, compare)

    return op, rop


# The C functions of the in-place operators other than + - * / @ (which _ffi binds already).
_INPLACE_FLOOR_DIVIDE = ffi.binary_fn(capi.TF_FloorDivide)
_INPLACE_REMAINDER = ffi.binary_fn(capi.TF_Remainder)
_INPLACE_POW = ffi.binary_fn(capi.TF_Pow)
_INPLACE_BITWISE_AND = ffi.binary_fn(capi.TF_BitwiseAnd)
_INPLACE_BITWISE_OR = ffi.binary_fn(capi.TF_BitwiseOr)
_INPLACE_BITWISE_XOR = ffi.binary_fn(capi.TF_BitwiseXor)
_INPLACE_BITWISE_LEFT_SHIFT = ffi.binary_fn(capi.TF_BitwiseLeftShift)
_INPLACE_BITWISE_RIGHT_SHIFT = ffi.binary_fn(capi.TF_BitwiseRightShift)


class Tensor(TensorMethods):
    """An n-dimensional array of one dtype, held by the native library.

    Tensors are created by ``tfs.asarray``, ``tfs.zeros`` and the other creation functions, and
    by operations; they are immutable values. Operators ``+ - * / @`` broadcast as NumPy does and
    accept Python scalars (which take the tensor's dtype where they fit, as NumPy 2 decides).
    """

    __slots__ = ("_h", "_shape", "_dtype", "__weakref__")

    _h: int
    _shape: Optional[Tuple[int, ...]]
    _dtype: Optional[DType]

    # __new__ (not __init__) refuses, so no Tensor without a handle ever exists (and copy.copy,
    # which would share the handle and free it twice, fails too); _wrap builds them.
    def __new__(cls, *args: Any, **kwargs: Any) -> "Tensor":
        raise TypeError("Tensor cannot be constructed directly; use tenflowers.asarray, zeros, ones, full, ...")

    def __del__(self, _delete: Callable[[int], None] = ffi.delete_tensor) -> None:
        h = self._h
        self._h = 0
        _delete(h)  # NULL (a second __del__) is a no-op in C

    def __reduce__(self) -> Tuple[Any, Tuple[int, Tuple[int, ...], bytearray, bool]]:
        """Pickling (DataLoader workers send batches this way): the dtype code, the shape and
        the row-major bytes (read out in one C call), and requires_grad of a leaf. Unpickling
        builds a new tensor with its own storage, outside any graph. No NumPy involved."""
        return _rebuild_tensor, (self.dtype.code, self.shape, ffi.to_bytearray(self._h),
                                 self.requires_grad and self.is_leaf)

    def __copy__(self) -> "Tensor":
        raise TypeError("copy.copy(tensor) is not supported (a shallow copy would share the handle); "
                        "use x.copy() or copy.deepcopy(x)")

    # -- inspection --------------------------------------------------------------------------

    @property
    def dtype(self) -> DType:
        """The element type."""
        d = self._dtype
        if d is None:
            d = self._dtype = BY_CODE[ffi.tensor_type(self._h)]
        return d

    @property
    def shape(self) -> Tuple[int, ...]:
        """The size of each dimension."""
        s = self._shape
        if s is None:
            s = self._shape = ffi.shape(self._h)
        return s

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """The number of elements (1 for a 0-d tensor)."""
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def T(self) -> "Tensor":
        """The tensor with its dimensions reversed (a view, no copy)."""
        return _wrap(ffi.transpose(self._h, None))

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    # -- operations --------------------------------------------------------------------------

    __add__, __radd__ = _operators(capi.TF_Add)
    __sub__, __rsub__ = _operators(capi.TF_Sub)
    __mul__, __rmul__ = _operators(capi.TF_Mul)
    __truediv__, __rtruediv__ = _operators(capi.TF_Div, true_divide=True)
    __matmul__, __rmatmul__ = _operators(capi.TF_MatMul)

    # Comparisons are elementwise (bool tensors), as in NumPy; hashing stays by identity, as torch.
    __hash__ = object.__hash__

    __eq__ = _operators(capi.TF_Equal, compare=True)[0]
    __ne__ = _operators(capi.TF_NotEqual, compare=True)[0]
    __lt__ = _operators(capi.TF_Less, compare=True)[0]
    __le__ = _operators(capi.TF_LessEqual, compare=True)[0]
    __gt__ = _operators(capi.TF_Greater, compare=True)[0]
    __ge__ = _operators(capi.TF_GreaterEqual, compare=True)[0]
    __floordiv__, __rfloordiv__ = _operators(capi.TF_FloorDivide)
    __mod__, __rmod__ = _operators(capi.TF_Remainder)
    __pow__, __rpow__ = _operators(capi.TF_Pow)
    __and__, __rand__ = _operators(capi.TF_BitwiseAnd)
    __or__, __ror__ = _operators(capi.TF_BitwiseOr)
    __xor__, __rxor__ = _operators(capi.TF_BitwiseXor)
    __lshift__, __rlshift__ = _operators(capi.TF_BitwiseLeftShift)
    __rshift__, __rrshift__ = _operators(capi.TF_BitwiseRightShift)

    # In-place operators write the result into this tensor's storage (seen through every view
    # sharing it), as NumPy: the result must cast to this dtype under NumPy's 'same_kind' rule.
    # With autograd (TF_InplaceAssign), a non-leaf takes the result's history, as PyTorch; a
    # leaf that requires grad, or a view of a tensor that requires grad, raises GradientError.
    def _inplace(self, fn: Callable[[int, int], int], other: Operand, true_divide: bool = False) -> "Tensor":
        result = _binary(fn, self, other, true_divide)
        if result.dtype != self.dtype and not _same_kind(result.dtype, self.dtype):
            raise DtypeError(
                f"cannot cast the result of dtype {result.dtype.name} to {self.dtype.name} in place "
                "(NumPy's 'same_kind' rule)"
            )
        ffi.call_status(capi.TF_InplaceAssign, self._h, result._h)
        return self

    def __iadd__(self, other: Operand) -> "Tensor":
        return self._inplace(ffi.add, other)

    def __isub__(self, other: Operand) -> "Tensor":
        return self._inplace(ffi.sub, other)

    def __imul__(self, other: Operand) -> "Tensor":
        return self._inplace(ffi.mul, other)

    def __itruediv__(self, other: Operand) -> "Tensor":
        return self._inplace(ffi.div, other, True)

    def __ifloordiv__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_FLOOR_DIVIDE, other)

    def __imod__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_REMAINDER, other)

    def __ipow__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_POW, other)

    def __iand__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_BITWISE_AND, other)

    def __ior__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_BITWISE_OR, other)

    def __ixor__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_BITWISE_XOR, other)

    def __ilshift__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_BITWISE_LEFT_SHIFT, other)

    def __irshift__(self, other: Operand) -> "Tensor":
        return self._inplace(_INPLACE_BITWISE_RIGHT_SHIFT, other)

    def __imatmul__(self, other: "Tensor") -> "Tensor":
        return self._inplace(ffi.matmul, other)

    def __neg__(self) -> "Tensor":
        return _wrap(ffi.call(capi.TF_Negative, self._h))

    def __pos__(self) -> "Tensor":
        return _wrap(ffi.call(capi.TF_Positive, self._h))

    def __abs__(self) -> "Tensor":
        return _wrap(ffi.call(capi.TF_Abs, self._h))

    def __invert__(self) -> "Tensor":
        return _wrap(ffi.call(capi.TF_BitwiseInvert, self._h))

    def reshape(self, *shape: ShapeLike) -> "Tensor":
        """The same elements with a new shape (one entry may be -1); a view when possible."""
        dims = _shape_arg(shape[0] if len(shape) == 1 else shape)
        return _wrap(ffi.reshape(self._h, dims))

    def contiguous(self) -> "Tensor":
        """This tensor with row-major contiguous storage: itself (sharing storage) when already
        contiguous, else a copy."""
        return _wrap(ffi.contiguous(self._h))

    def sum(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Sum over `axis` (None: all). bool and integers sum as int64."""
        return _wrap(ffi.sum(self._h, _axes_arg(axis), keepdims))

    def astype(self, dtype: Any, /, *, copy: bool = True) -> "Tensor":
        """The elements converted to `dtype` (floats truncate toward zero when cast to integers,
        nonzero becomes true). A new tensor with its own storage when `copy` (the default), even
        for the same dtype; with ``copy=False`` the tensor itself when the dtype already matches."""
        want = as_dtype(dtype)
        if want == self.dtype:
            return _wrap(ffi.call(capi.TF_Copy, self._h)) if copy else self
        return _wrap(ffi.cast(self._h, want.code))

    # -- device ------------------------------------------------------------------------------

    @property
    def device(self) -> Device:
        """The device holding the elements: ``device(type='cpu')``, equal to ``"cpu"``."""
        return tensor_device(self._h)

    def to_device(self, device: DeviceLike, /, *, stream: Any = None) -> "Tensor":
        """This tensor on `device` (a Device or a name such as ``"cpu"``): the tensor itself when
        it is there already, else a copy. An unknown device raises DeviceError; `stream` must be
        None (the CPU has no streams)."""
        if stream is not None:
            raise ValueError("stream must be None: tenflowers devices have no streams")
        dev = resolve(device)
        if dev is None:
            raise TypeError("to_device needs a device, got None")
        if self.device == dev:
            return self
        return _wrap(ffi.call(capi.TF_ToDevice, self._h, str(dev).encode()))

    # -- autograd ----------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        """Whether autograd tracks this tensor (a marked leaf, or the result of a recorded op)."""
        return bool(capi.TF_RequiresGrad(self._h))

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        ffi.call_status(capi.TF_SetRequiresGrad, self._h, bool(value))

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Marks this (floating-point, leaf) tensor as requiring grad, in place; returns it."""
        ffi.call_status(capi.TF_SetRequiresGrad, self._h, bool(requires_grad))
        return self

    @property
    def grad(self) -> Optional["Tensor"]:
        """The gradient accumulated by backward (leaves, and non-leaves after retain_grad()),
        or None. Setting it to None clears it."""
        h = ffi.call_status(capi.TF_Grad, self._h)
        return _wrap(h) if h else None

    @grad.setter
    def grad(self, value: None) -> None:
        if value is not None:
            raise TypeError("only None can be assigned to .grad (it clears the gradient)")
        capi.TF_ZeroGrad(self._h)

    @property
    def is_leaf(self) -> bool:
        """True unless this tensor is the result of a recorded op."""
        return bool(capi.TF_IsLeaf(self._h))

    @property
    def grad_fn(self) -> Optional[str]:
        """The name of the recorded op that produced this tensor (e.g. "MulBackward"), or None."""
        name = capi.TF_GradFnName(self._h)
        return name.decode() if name else None

    def retain_grad(self) -> None:
        """Keeps this non-leaf's gradient in ``.grad`` during backward."""
        ffi.call_status(capi.TF_RetainGrad, self._h)

    def detach(self) -> "Tensor":
        """The same elements and storage, outside any graph (does not require grad)."""
        return _wrap(ffi.call(capi.TF_Detach, self._h))

    def backward(
        self, gradient: Optional["Tensor"] = None, retain_graph: Optional[bool] = None, create_graph: bool = False
    ) -> None:
        """Accumulates the gradient of this tensor into the ``.grad`` of the leaves it depends on.
        `gradient` (this tensor's shape) may be omitted for a single-element tensor. The graph is
        freed afterwards unless `retain_graph` (default: `create_graph`); `create_graph` records
        the backward pass so gradients can be differentiated again."""
        if retain_graph is None:
            retain_graph = create_graph
        g = None if gradient is None else as_tensor_operand(gradient, None)
        ffi.call_status(capi.TF_Backward, self._h, None if g is None else g._h, bool(retain_graph), bool(create_graph))

    # -- fused in-place updates ----------------------------------------------------------------

    def add_(self, other: Operand, *, alpha: float = 1) -> "Tensor":
        """In place ``self += alpha * other`` (PyTorch's ``add_``) without a temporary: `other`
        (a tensor or Python scalar, cast to this dtype and broadcast to this shape) scaled by
        `alpha` is added into this tensor's storage, seen by every view sharing it. This tensor
        must be float32/float64 (DtypeError otherwise) and not a broadcast view. A tensor that
        requires grad can only be updated under ``no_grad()`` (GradientError otherwise), e.g.
        ``with tfs.no_grad(): w.add_(w.grad, alpha=-lr)``. Returns this tensor."""
        _add_scaled(self, other, alpha)
        return self

    def sub_(self, other: Operand, *, alpha: float = 1) -> "Tensor":
        """In place ``self -= alpha * other`` (PyTorch's ``sub_``); see ``add_``. Returns this
        tensor."""
        _add_scaled(self, other, -alpha)
        return self

_TF_AddScaledInPlace = capi.TF_AddScaledInPlace
_TF_GetCode = capi.TF_GetCode


def _add_scaled(p: Tensor, other: Operand, alpha: float) -> None:
    o = other if isinstance(other, Tensor) else as_tensor_operand(other, p)
    st = ffi.status()
    _TF_AddScaledInPlace(p._h, o._h, float(alpha), st)
    if _TF_GetCode(st):
        ffi.raise_status(st)


def _same_kind(src: DType, dst: DType) -> bool:
    """NumPy's 'same_kind' casting: a safe cast (``can_cast``: promotion gives `dst`), or one
    within a kind (float64 to float32)."""
    return src.kind == dst.kind or promote(src, dst) == dst


def _rebuild_tensor(code: int, shape: Tuple[int, ...], data: bytearray, requires_grad: bool = False) -> Tensor:
    """The tensor `Tensor.__reduce__` describes: dtype `code`, `shape`, the row-major bytes `data`."""
    t = _wrap(ffi.new_tensor_from_buffer(code, shape, data))
    if requires_grad:
        t.requires_grad_()
    return t


def _wrap(h: int) -> Tensor:
    """A Tensor owning the new handle `h`."""
    t = object.__new__(Tensor)
    t._h = h
    t._shape = None
    t._dtype = None
    return t


def scalar_dtype(value: Scalar, like: DType) -> DType:
    """The dtype a Python scalar takes beside a tensor of dtype `like` (NEP 50 weak scalars)."""
    if isinstance(value, bool):
        return like
    if isinstance(value, int):
        return int64 if like.kind == "b" else like
    if isinstance(value, float):
        return like if like.kind == "f" else float64 if like.kind == "b" else _float_for(like)
    raise DtypeError(f"unsupported scalar type {type(value).__name__}")


def _float_for(d: DType) -> DType:
    """The float dtype an integer dtype promotes to beside a Python float: float64, as NumPy
    (whose int8/int16 + float gives float64 too under NEP 50)."""
    return float64


def int_range(dtype: DType) -> Tuple[int, int]:
    bits = dtype.itemsize * 8
    if dtype.kind == "u":
        return 0, 2**bits - 1
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def scalar_tensor(value: Scalar, dtype: DType) -> Tensor:
    """A 0-d tensor holding `value` as `dtype`."""
    if dtype.kind in "iu":
        if not isinstance(value, (int, bool)):
            value = int(value)
        lo, hi = int_range(dtype)
        if not lo <= value <= hi:
            raise OverflowError(f"Python integer {value} out of bounds for {dtype.name}")
    elif dtype.kind == "b":
        value = bool(value)
    data = struct.pack("=" + dtype.format, value)
    return _wrap(ffi.new_tensor_from_buffer(dtype.code, (), data))


def as_tensor_operand(x: Any, other: Any, true_divide: bool = False, compare: bool = False) -> Tensor:
    """`x` as a Tensor for a binary op whose other operand is `other`. For true division NumPy
    computes integers in float64, so a Python int meets an integer tensor as a float64. A
    comparison with a Python int the tensor's dtype cannot hold is still exact (NumPy 2)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (bool, int, float)):
        if isinstance(other, Tensor):
            if true_divide and not isinstance(x, bool) and other.dtype.kind != "f":
                return scalar_tensor(float(x), float64)
            if compare and type(x) is int and other.dtype.kind in "iu":
                lo, hi = int_range(other.dtype)
                if not lo <= x <= hi:
                    wide = int64 if -(2**63) <= x < 2**63 else float64
                    return scalar_tensor(x if wide is int64 else float(x), wide)
            return scalar_tensor(x, scalar_dtype(x, other.dtype))
        from .._ops.creation import asarray

        return asarray(x)
    from .._ops.creation import asarray

    return asarray(x)


def _unary(fn: Callable[[Any, Any], Optional[int]], x: Any) -> Tensor:
    """The bound C function `fn` (a ``capi`` attribute: one tensor in, a new tensor out) on `x`
    converted to a Tensor: one ctypes call with a NULL status, and the status only consulted (by
    a retry) on failure. `t` keeps a converted operand alive until the call is over."""
    t = x if isinstance(x, Tensor) else as_tensor_operand(x, None)
    r = fn(t._h, None)
    return _wrap(r if r else ffi.retry(fn, t._h))


def _binary(
    fn: Callable[[int, int], int], a: Any, b: Any, true_divide: bool = False, compare: bool = False
) -> Tensor:
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        return _wrap(fn(a._h, b._h))
    if isinstance(a, Tensor) or not isinstance(b, Tensor):
        ta = as_tensor_operand(a, b, true_divide, compare)
        tb = as_tensor_operand(b, ta, true_divide, compare)
    else:
        tb = b
        ta = as_tensor_operand(a, tb, true_divide, compare)
    return _wrap(fn(ta._h, tb._h))


def _shape_arg(shape: ShapeLike) -> Tuple[int, ...]:
    if isinstance(shape, int):
        return (shape,)
    try:
        return tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"shape must be an int or a sequence of ints, got {shape!r}") from None


def _axes_arg(axis: Optional[ShapeLike]) -> Optional[Tuple[int, ...]]:
    if axis is None:
        return None
    return _shape_arg(axis)
