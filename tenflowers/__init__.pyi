from . import errors as errors
from ._creation import asarray as asarray, full as full, manual_seed as manual_seed, ones as ones
from ._creation import rand as rand, randn as randn, zeros as zeros
from ._dtypes import DType as DType, float32 as float32, float64 as float64, int32 as int32, int64 as int64
from ._dtypes import int8 as int8, int16 as int16, uint8 as uint8
from ._dtypes import bool_
from ._ops import add as add, div as div, divide as divide, matmul as matmul, mul as mul
from ._ops import multiply as multiply, permute_dims as permute_dims, reshape as reshape, sub as sub
from ._ops import subtract as subtract, sum as sum, transpose as transpose
from ._reduce_linalg import all as all, any as any, argmax as argmax, argmin as argmin
from ._reduce_linalg import cumulative_sum as cumulative_sum, logsumexp as logsumexp, max as max
from ._reduce_linalg import mean as mean, min as min, prod as prod, std as std, var as var
from ._reduce_linalg import argsort as argsort, sort as sort, topk as topk
from ._reduce_linalg import einsum as einsum, outer as outer, tensordot as tensordot, vecdot as vecdot
from ._tensor import Tensor as Tensor
from .errors import (
    CheckpointError as CheckpointError,
    DataLoadError as DataLoadError,
    DeserializationError as DeserializationError,
    DeviceError as DeviceError,
    DtypeError as DtypeError,
    GradientError as GradientError,
    GraphCompileError as GraphCompileError,
    InternalError as InternalError,
    InvalidArgumentError as InvalidArgumentError,
    LayerConfigError as LayerConfigError,
    NumericalError as NumericalError,
    OptimizerError as OptimizerError,
    OutOfMemoryError as OutOfMemoryError,
    SerializationError as SerializationError,
    ShapeError as ShapeError,
    TenflowersError as TenflowersError,
    UnimplementedError as UnimplementedError,
)

bool = bool_
__version__: str

def get_include() -> str: ...
def get_library() -> str: ...

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
