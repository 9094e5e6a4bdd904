"""tenflowers: tensors and autograd over a fast native core with a C API.

    import tenflowers as tfs
    a = tfs.asarray([[1.0, 2.0], [3.0, 4.0]])
    (a @ a.T + 1).sum(axis=0)
"""

from __future__ import annotations

import os

from . import errors
from ._core import ffi as _ffi
from ._core.device import Device, get_default_device, set_default_device
from ._core.dtypes import DType, float32, float64, int8, int16, int32, int64, uint8
from ._core.dtypes import bool_ as bool  # noqa: A001 - tfs.bool is the Array API name
from ._core.runtime import (
    MemoryInfo, empty_cache, get_num_threads, memory_info, reset_peak_memory,
    set_memory_cache_limit, set_num_threads,
)
from ._core.tensor import Tensor
from ._ops.activations import gelu, log_softmax, softmax
from ._ops.autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from ._ops.creation import (
    arange, asarray, empty, empty_like, eye, full, full_like, linspace, ones, ones_like, tril, triu,
    zeros, zeros_like,
)
from ._ops.dtype_api import __array_namespace_info__, astype, can_cast, finfo, iinfo, isdtype, result_type
# -- begin: the op table's functions (tools/gen_ops.py) --
from ._ops.elementwise import (
    negative, neg, positive, abs, sign, square, exp, expm1, log, log1p, log2, log10, sqrt,
    reciprocal, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, floor, ceil,
    round, trunc, isnan, isinf, isfinite, logical_not, bitwise_invert, relu, sigmoid, silu, swish,
    mish, softplus, selu, erf, sinc, leaky_relu, elu, add, subtract, sub, multiply, mul, divide,
    div, floor_divide, remainder, pow, maximum, minimum, atan2, hypot, copysign, logaddexp,
    logical_and, logical_or, logical_xor, bitwise_and, bitwise_or, bitwise_xor, bitwise_left_shift,
    bitwise_right_shift, equal, eq, not_equal, ne, less, lt, less_equal, le, greater, gt,
    greater_equal, ge,
)
# -- end: the op table's functions --
from ._ops.fused import cross_entropy, linear, sgd_step_
from ._ops.index import gather, nonzero, scatter_add, take, take_along_axis
from ._ops.linalg import einsum, matmul, outer, tensordot, vecdot
from ._ops.random import (
    Generator, default_generator, initial_seed, manual_seed, rand, randint, randn, randperm, seed,
)
from ._ops.reduce import (
    all, any, argmax, argmin, cumulative_sum, logsumexp, max, mean, min, prod, std, sum, var,
)
from ._ops.selection import clamp, clip, where
from ._ops.shape import (
    array_split, broadcast_arrays, broadcast_to, cat, concat, expand_dims, flatten, flip,
    matrix_transpose, moveaxis, pad, permute_dims, repeat, reshape, roll, split, squeeze, stack,
    swapaxes, tile, transpose, unsqueeze, unstack,
)
from ._ops.serialization import load, load_file, safe_open, save, save_file
from ._ops.sorting import argsort, sort, topk
from . import autograd, nn, optim, utils
from .errors import (
    CheckpointError, DataLoadError, DeserializationError, DeviceError, DtypeError, GradientError,
    GraphCompileError, InternalError, InvalidArgumentError, LayerConfigError, NumericalError,
    OptimizerError, OutOfBoundsIndexError, OutOfMemoryError, SerializationError, ShapeError,
    TenflowersError, UnimplementedError,
)

__version__: str = _ffi.version()
__array_api_version__: str = "2023.12"


def get_include() -> str:
    """The folder holding ``tenflowers.h``, for compiling C code against this installation."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


def get_library() -> str:
    """The path of the native library (``libtenflowers.so`` on Linux) this package loaded."""
    return os.path.abspath(_ffi.LIBRARY_PATH)


__all__ = [
    # -- begin: the op table's functions (tools/gen_ops.py) --
    "negative", "neg", "positive", "abs", "sign", "square", "exp", "expm1", "log", "log1p", "log2",
    "log10", "sqrt", "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
    "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "round", "trunc", "isnan", "isinf",
    "isfinite", "logical_not", "bitwise_invert", "relu", "sigmoid", "silu", "swish", "mish",
    "softplus", "selu", "erf", "sinc", "leaky_relu", "elu", "add", "subtract", "sub", "multiply",
    "mul", "divide", "div", "floor_divide", "remainder", "pow", "maximum", "minimum", "atan2",
    "hypot", "copysign", "logaddexp", "logical_and", "logical_or", "logical_xor", "bitwise_and",
    "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "equal", "eq",
    "not_equal", "ne", "less", "lt", "less_equal", "le", "greater", "gt", "greater_equal", "ge",
    # -- end: the op table's functions --
    "where", "clip", "gelu", "softmax", "log_softmax", "clamp", "DType", "Tensor", "__version__",
    "asarray", "bool", "errors", "float32", "float64", "full", "get_include", "get_library", "int8",
    "int16", "int32", "int64", "manual_seed", "uint8", "matmul", "ones", "permute_dims", "rand",
    "randn", "reshape", "sum", "transpose", "zeros", "Device", "__array_api_version__",
    "__array_namespace_info__", "arange", "astype", "can_cast", "empty", "empty_like", "eye",
    "finfo", "full_like", "get_default_device", "iinfo", "isdtype", "linspace", "ones_like",
    "randint", "result_type", "set_default_device", "tril", "triu", "zeros_like", "all", "any",
    "argmax", "argmin", "cumulative_sum", "logsumexp", "max", "mean", "min", "prod", "std", "var",
    "sort", "argsort", "topk", "tensordot", "vecdot", "outer", "einsum", "TenflowersError",
    "ShapeError", "DtypeError", "InvalidArgumentError", "DeviceError", "GradientError",
    "NumericalError", "OutOfMemoryError", "LayerConfigError", "OptimizerError",
    "SerializationError", "DeserializationError", "DataLoadError", "GraphCompileError",
    "CheckpointError", "UnimplementedError", "InternalError", "OutOfBoundsIndexError",
    "array_split", "broadcast_arrays", "broadcast_to", "cat", "concat", "expand_dims", "flatten",
    "flip", "gather", "matrix_transpose", "moveaxis", "nonzero", "pad", "repeat", "roll",
    "scatter_add", "split", "squeeze", "stack", "swapaxes", "take", "take_along_axis", "tile",
    "unsqueeze", "unstack", "autograd", "nn", "optim", "no_grad", "enable_grad", "set_grad_enabled",
    "is_grad_enabled", "MemoryInfo", "memory_info", "reset_peak_memory", "empty_cache",
    "set_memory_cache_limit", "set_num_threads", "get_num_threads", "cross_entropy", "linear",
    "sgd_step_", "save_file", "load_file", "save", "load", "safe_open", "Generator", "default_generator", "randperm", "initial_seed", "seed", "utils",
]
