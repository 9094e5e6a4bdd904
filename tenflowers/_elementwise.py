"""Elementwise math, comparisons, logic, selection and activations (the Array API names, the
short tenflowers names, and the activations). Each is one C call; see docs/c-api.md for the dtype
rules, which follow NumPy."""

from __future__ import annotations

from typing import Any, Callable, Optional

from . import _ffi
from ._tensor import Operand, Tensor, _binary, _wrap, as_tensor_operand


_FUNCS = _ffi.FUNCS


def _unary(c_name: str, x: Any) -> Tensor:
    # One ctypes call with a NULL status; the status is only consulted (by a retry) on failure.
    # `t` keeps a converted operand alive until the call is over.
    t = x if type(x) is Tensor else as_tensor_operand(x, None)
    fn = _FUNCS[c_name]
    r = fn(t._h, None)
    return _wrap(r if r else _ffi.retry(fn, t._h))


def _fn2(c_name: str) -> Callable[[int, int], int]:
    return _ffi.binary_fn(c_name)


def negative(x: Operand) -> Tensor:
    """Numerical negative, ``-x``. Integers wrap; bool raises DtypeError."""
    return _unary("TF_Negative", x)

def positive(x: Operand) -> Tensor:
    """``+x``: a copy. bool raises DtypeError."""
    return _unary("TF_Positive", x)

def abs(x: Operand) -> Tensor:
    """Absolute value. Integers wrap (``abs`` of the minimum is itself); bool stays bool."""
    return _unary("TF_Abs", x)

def sign(x: Operand) -> Tensor:
    """-1, 0 or 1 by sign, in the input dtype (NaN stays NaN). bool raises DtypeError."""
    return _unary("TF_Sign", x)

def square(x: Operand) -> Tensor:
    """``x * x``. Integers wrap; bool gives int8, as NumPy."""
    return _unary("TF_Square", x)

def exp(x: Operand) -> Tensor:
    """e**x. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Exp", x)

def expm1(x: Operand) -> Tensor:
    """e**x - 1, accurate near 0. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Expm1", x)

def log(x: Operand) -> Tensor:
    """Natural logarithm. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Log", x)

def log1p(x: Operand) -> Tensor:
    """log(1 + x), accurate near 0. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Log1p", x)

def log2(x: Operand) -> Tensor:
    """Base-2 logarithm. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Log2", x)

def log10(x: Operand) -> Tensor:
    """Base-10 logarithm. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Log10", x)

def sqrt(x: Operand) -> Tensor:
    """Square root. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Sqrt", x)

def reciprocal(x: Operand) -> Tensor:
    """1 / x. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Reciprocal", x)

def sin(x: Operand) -> Tensor:
    """Sine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Sin", x)

def cos(x: Operand) -> Tensor:
    """Cosine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Cos", x)

def tan(x: Operand) -> Tensor:
    """Tangent. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Tan", x)

def asin(x: Operand) -> Tensor:
    """Inverse sine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Asin", x)

def acos(x: Operand) -> Tensor:
    """Inverse cosine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Acos", x)

def atan(x: Operand) -> Tensor:
    """Inverse tangent. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Atan", x)

def sinh(x: Operand) -> Tensor:
    """Hyperbolic sine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Sinh", x)

def cosh(x: Operand) -> Tensor:
    """Hyperbolic cosine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Cosh", x)

def tanh(x: Operand) -> Tensor:
    """Hyperbolic tangent. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Tanh", x)

def asinh(x: Operand) -> Tensor:
    """Inverse hyperbolic sine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Asinh", x)

def acosh(x: Operand) -> Tensor:
    """Inverse hyperbolic cosine. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Acosh", x)

def atanh(x: Operand) -> Tensor:
    """Inverse hyperbolic tangent. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Atanh", x)

def floor(x: Operand) -> Tensor:
    """Round down. Integer and bool tensors are returned unchanged (same dtype)."""
    return _unary("TF_Floor", x)

def ceil(x: Operand) -> Tensor:
    """Round up. Integer and bool tensors are returned unchanged (same dtype)."""
    return _unary("TF_Ceil", x)

def round(x: Operand) -> Tensor:
    """Round to nearest, halves to even. Integer and bool tensors are returned unchanged."""
    return _unary("TF_Round", x)

def trunc(x: Operand) -> Tensor:
    """Round toward zero. Integer and bool tensors are returned unchanged."""
    return _unary("TF_Trunc", x)

def isnan(x: Operand) -> Tensor:
    """bool tensor: where x is NaN."""
    return _unary("TF_IsNan", x)

def isinf(x: Operand) -> Tensor:
    """bool tensor: where x is infinite."""
    return _unary("TF_IsInf", x)

def isfinite(x: Operand) -> Tensor:
    """bool tensor: where x is neither NaN nor infinite."""
    return _unary("TF_IsFinite", x)

def logical_not(x: Operand) -> Tensor:
    """bool tensor: where x is zero."""
    return _unary("TF_LogicalNot", x)

def bitwise_invert(x: Operand) -> Tensor:
    """Bitwise not of integers, logical not of bool; floats raise DtypeError."""
    return _unary("TF_BitwiseInvert", x)

def relu(x: Operand) -> Tensor:
    """max(x, 0), keeping NaN; integers keep their dtype."""
    return _unary("TF_Relu", x)

def sigmoid(x: Operand) -> Tensor:
    """1 / (1 + e**-x), without overflow. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Sigmoid", x)

def silu(x: Operand) -> Tensor:
    """x * sigmoid(x) (also ``swish``). Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Silu", x)

def mish(x: Operand) -> Tensor:
    """x * tanh(softplus(x)). Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Mish", x)

def softplus(x: Operand) -> Tensor:
    """log(1 + e**x), without overflow. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Softplus", x)

def selu(x: Operand) -> Tensor:
    """Scaled ELU with the SELU paper's constants. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Selu", x)

def erf(x: Operand) -> Tensor:
    """The error function. Computed in floating point: int8/int16/uint8 give float32, int32/int64 float64; bool raises DtypeError."""
    return _unary("TF_Erf", x)

_FLOOR_DIVIDE = _fn2("TF_FloorDivide")
_REMAINDER = _fn2("TF_Remainder")
_POW = _fn2("TF_Pow")
_MAXIMUM = _fn2("TF_Maximum")
_MINIMUM = _fn2("TF_Minimum")
_ATAN2 = _fn2("TF_Atan2")
_HYPOT = _fn2("TF_Hypot")
_COPYSIGN = _fn2("TF_Copysign")
_LOGADDEXP = _fn2("TF_Logaddexp")
_LOGICAL_AND = _fn2("TF_LogicalAnd")
_LOGICAL_OR = _fn2("TF_LogicalOr")
_LOGICAL_XOR = _fn2("TF_LogicalXor")
_BITWISE_AND = _fn2("TF_BitwiseAnd")
_BITWISE_OR = _fn2("TF_BitwiseOr")
_BITWISE_XOR = _fn2("TF_BitwiseXor")
_BITWISE_LEFT_SHIFT = _fn2("TF_BitwiseLeftShift")
_BITWISE_RIGHT_SHIFT = _fn2("TF_BitwiseRightShift")
_EQUAL = _fn2("TF_Equal")
_NOT_EQUAL = _fn2("TF_NotEqual")
_LESS = _fn2("TF_Less")
_LESS_EQUAL = _fn2("TF_LessEqual")
_GREATER = _fn2("TF_Greater")
_GREATER_EQUAL = _fn2("TF_GreaterEqual")


def floor_divide(x1: Operand, x2: Operand) -> Tensor:
    """Floor division ``x1 // x2`` (integers: x // 0 is 0, as NumPy). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_FLOOR_DIVIDE, x1, x2)


def remainder(x1: Operand, x2: Operand) -> Tensor:
    """Remainder with the sign of the divisor, ``x1 % x2`` (integers: x % 0 is 0). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_REMAINDER, x1, x2)


def pow(x1: Operand, x2: Operand) -> Tensor:
    """``x1 ** x2``. A negative integer exponent of an integer raises InvalidArgumentError. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_POW, x1, x2)


def maximum(x1: Operand, x2: Operand) -> Tensor:
    """Elementwise maximum; NaN propagates. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_MAXIMUM, x1, x2)


def minimum(x1: Operand, x2: Operand) -> Tensor:
    """Elementwise minimum; NaN propagates. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_MINIMUM, x1, x2)


def atan2(x1: Operand, x2: Operand) -> Tensor:
    """Angle of the point (x2, x1), in the right quadrant. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_ATAN2, x1, x2)


def hypot(x1: Operand, x2: Operand) -> Tensor:
    """sqrt(x1**2 + x2**2) without undue overflow. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_HYPOT, x1, x2)


def copysign(x1: Operand, x2: Operand) -> Tensor:
    """Magnitude of x1 with the sign of x2. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_COPYSIGN, x1, x2)


def logaddexp(x1: Operand, x2: Operand) -> Tensor:
    """log(e**x1 + e**x2) without overflow. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_LOGADDEXP, x1, x2)


def logical_and(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: both nonzero. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_LOGICAL_AND, x1, x2)


def logical_or(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: either nonzero. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_LOGICAL_OR, x1, x2)


def logical_xor(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: exactly one nonzero. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_LOGICAL_XOR, x1, x2)


def bitwise_and(x1: Operand, x2: Operand) -> Tensor:
    """Bitwise and (integers, bool). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_BITWISE_AND, x1, x2)


def bitwise_or(x1: Operand, x2: Operand) -> Tensor:
    """Bitwise or (integers, bool). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_BITWISE_OR, x1, x2)


def bitwise_xor(x1: Operand, x2: Operand) -> Tensor:
    """Bitwise xor (integers, bool). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_BITWISE_XOR, x1, x2)


def bitwise_left_shift(x1: Operand, x2: Operand) -> Tensor:
    """``x1 << x2`` for integers (shifts of the bit width or more give 0, as NumPy). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_BITWISE_LEFT_SHIFT, x1, x2)


def bitwise_right_shift(x1: Operand, x2: Operand) -> Tensor:
    """``x1 >> x2`` for integers, arithmetic (shifts of the bit width or more give 0 or -1). Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_BITWISE_RIGHT_SHIFT, x1, x2)


def equal(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: ``x1 == x2``. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_EQUAL, x1, x2, compare=True)


def not_equal(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: ``x1 != x2``. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_NOT_EQUAL, x1, x2, compare=True)


def less(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: ``x1 < x2``. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_LESS, x1, x2, compare=True)


def less_equal(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: ``x1 <= x2``. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_LESS_EQUAL, x1, x2, compare=True)


def greater(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: ``x1 > x2``. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_GREATER, x1, x2, compare=True)


def greater_equal(x1: Operand, x2: Operand) -> Tensor:
    """bool tensor: ``x1 >= x2``. Broadcasts and promotes as NumPy; Python scalars follow NumPy 2's rules."""
    return _binary(_GREATER_EQUAL, x1, x2, compare=True)


def where(condition: Operand, x1: Operand, x2: Operand) -> Tensor:
    """Elements of `x1` where `condition` is nonzero, else of `x2` (broadcast together; `x1` and
    `x2` promote as NumPy, Python scalars taking the other operand's dtype)."""
    if isinstance(x1, Tensor) or not isinstance(x2, Tensor):
        t1 = as_tensor_operand(x1, x2)
        t2 = as_tensor_operand(x2, t1)
    else:
        t2 = x2
        t1 = as_tensor_operand(x1, t2)
    cond = as_tensor_operand(condition, None)
    return _wrap(_ffi.call("TF_Where", cond._h, t1._h, t2._h))


def clip(x: Operand, /, min: Optional[Operand] = None, max: Optional[Operand] = None) -> Tensor:  # noqa: A002
    """`x` limited to [min, max] (either may be None): ``minimum(maximum(x, min), max)``, NaN
    propagating. Python scalar bounds take `x`'s dtype where they fit (NumPy 2)."""
    t = as_tensor_operand(x, None)
    lo = None if min is None else as_tensor_operand(min, t)
    hi = None if max is None else as_tensor_operand(max, t)
    return _wrap(_ffi.call("TF_Clip", t._h, None if lo is None else lo._h, None if hi is None else hi._h))


def leaky_relu(x: Operand, negative_slope: float = 0.01) -> Tensor:
    """x where x >= 0, else ``negative_slope * x``."""
    t = as_tensor_operand(x, None)
    return _wrap(_ffi.call("TF_LeakyRelu", t._h, float(negative_slope)))


def elu(x: Operand, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else ``alpha * (e**x - 1)``."""
    t = as_tensor_operand(x, None)
    return _wrap(_ffi.call("TF_Elu", t._h, float(alpha)))


def gelu(x: Operand, approximate: str = "none") -> Tensor:
    """GELU: exact (``approximate="none"``, with erf) or the tanh approximation (``"tanh"``)."""
    if approximate == "none":
        return _unary("TF_Gelu", x)
    if approximate == "tanh":
        return _unary("TF_GeluTanh", x)
    raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


def softmax(x: Operand, axis: int = -1) -> Tensor:
    """softmax along `axis`, computed stably (the maximum is subtracted first)."""
    t = as_tensor_operand(x, None)
    return _wrap(_ffi.call("TF_Softmax", t._h, int(axis)))


def log_softmax(x: Operand, axis: int = -1) -> Tensor:
    """log(softmax(x)) along `axis`, computed as ``x - max - log(sum(exp(x - max)))``."""
    t = as_tensor_operand(x, None)
    return _wrap(_ffi.call("TF_LogSoftmax", t._h, int(axis)))


# Short names of the original tenflowers API.
neg = negative
clamp = clip
eq = equal
ne = not_equal
lt = less
le = less_equal
gt = greater
ge = greater_equal
swish = silu


def _install() -> None:
    import sys

    from . import _tensor

    _tensor._E = sys.modules[__name__]


_install()
