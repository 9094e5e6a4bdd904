"""tenflowers: tensors and autograd over a fast native core with a C API.

    import tenflowers as tfs
    a = tfs.asarray([[1.0, 2.0], [3.0, 4.0]])
    (a @ a.T + 1).sum(axis=0)
"""

from __future__ import annotations

import os

from . import _ffi, errors
from ._creation import asarray, full, manual_seed, ones, rand, randn, zeros
from ._dtypes import DType, float32, float64, int8, int16, int32, int64, uint8
from ._dtypes import bool_ as bool  # noqa: A001 - tfs.bool is the Array API name
from ._ops import (
    add, div, divide, matmul, mul, multiply, permute_dims, reshape, sub, subtract, sum, transpose,
)
from ._reduce_linalg import (
    all, any, argmax, argmin, argsort, cumulative_sum, einsum, logsumexp, max, mean, min, outer,
    prod, sort, std, tensordot, topk, var, vecdot,
)
from ._tensor import Tensor
from .errors import (
    CheckpointError, DataLoadError, DeserializationError, DeviceError, DtypeError, GradientError,
    GraphCompileError, InternalError, InvalidArgumentError, LayerConfigError, NumericalError,
    OptimizerError, OutOfMemoryError, SerializationError, ShapeError, TenflowersError,
    UnimplementedError,
)

__version__: str = _ffi.version()


def get_include() -> str:
    """The folder holding ``tenflowers.h``, for compiling C code against this installation."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


def get_library() -> str:
    """The path of the native library (``libtenflowers.so`` on Linux) this package loaded."""
    return os.path.abspath(_ffi.LIBRARY_PATH)


__all__ = [
    "DType", "Tensor", "__version__", "add", "asarray", "bool", "div", "divide", "errors",
    "float32", "float64", "full", "get_include", "get_library", "int8", "int16", "int32", "int64",
    "manual_seed", "uint8",
    "matmul", "mul", "multiply", "ones", "permute_dims", "rand", "randn", "reshape", "sub",
    "subtract", "sum", "transpose", "zeros",
    # -- reductions, sorting, linear algebra --
    "all", "any", "argmax", "argmin", "cumulative_sum", "logsumexp", "max", "mean", "min", "prod",
    "std", "var", "sort", "argsort", "topk", "tensordot", "vecdot", "outer", "einsum",
    "TenflowersError", "ShapeError", "DtypeError", "InvalidArgumentError", "DeviceError",
    "GradientError", "NumericalError", "OutOfMemoryError", "LayerConfigError", "OptimizerError",
    "SerializationError", "DeserializationError", "DataLoadError", "GraphCompileError",
    "CheckpointError", "UnimplementedError", "InternalError",
]
