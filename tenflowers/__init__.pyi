from . import errors as errors
from ._creation import asarray as asarray, full as full, manual_seed as manual_seed, ones as ones
from ._creation import rand as rand, randn as randn, zeros as zeros
from ._creation_ext import arange as arange, astype as astype, empty as empty, empty_like as empty_like
from ._creation_ext import eye as eye, full_like as full_like, linspace as linspace, ones_like as ones_like
from ._creation_ext import randint as randint, tril as tril, triu as triu, zeros_like as zeros_like
from ._device import Device as Device, get_default_device as get_default_device
from ._device import set_default_device as set_default_device
from ._dtype_api import __array_namespace_info__ as __array_namespace_info__, can_cast as can_cast
from ._dtype_api import finfo as finfo, iinfo as iinfo, isdtype as isdtype, result_type as result_type
from ._dtypes import DType as DType, float32 as float32, float64 as float64, int32 as int32, int64 as int64
from ._dtypes import int8 as int8, int16 as int16, uint8 as uint8
from ._dtypes import bool_
from ._ops import add as add, div as div, divide as divide, matmul as matmul, mul as mul
from ._ops import multiply as multiply, permute_dims as permute_dims, reshape as reshape, sub as sub
from ._ops import subtract as subtract, sum as sum, transpose as transpose
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
__array_api_version__: str

def get_include() -> str: ...
def get_library() -> str: ...

__all__ = [
    "DType", "Tensor", "__version__", "add", "asarray", "bool", "div", "divide", "errors",
    "float32", "float64", "full", "get_include", "get_library", "int8", "int16", "int32", "int64",
    "manual_seed", "uint8",
    "matmul", "mul", "multiply", "ones", "permute_dims", "rand", "randn", "reshape", "sub",
    "subtract", "sum", "transpose", "zeros",
    "Device", "__array_api_version__", "__array_namespace_info__", "arange", "astype", "can_cast",
    "empty", "empty_like", "eye", "finfo", "full_like", "get_default_device", "iinfo", "isdtype",
    "linspace", "ones_like", "randint", "result_type", "set_default_device", "tril", "triu",
    "zeros_like",
    "TenflowersError", "ShapeError", "DtypeError", "InvalidArgumentError", "DeviceError",
    "GradientError", "NumericalError", "OutOfMemoryError", "LayerConfigError", "OptimizerError",
    "SerializationError", "DeserializationError", "DataLoadError", "GraphCompileError",
    "CheckpointError", "UnimplementedError", "InternalError",
]
