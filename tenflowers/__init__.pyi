from . import errors as errors
from ._creation import asarray as asarray, full as full, manual_seed as manual_seed, ones as ones
from ._creation import rand as rand, randn as randn, zeros as zeros
from ._dtypes import DType as DType, float32 as float32, float64 as float64, int32 as int32, int64 as int64
from ._dtypes import int8 as int8, int16 as int16, uint8 as uint8
from ._dtypes import bool_
from ._ops import add as add, div as div, divide as divide, matmul as matmul, mul as mul
from ._ops import multiply as multiply, permute_dims as permute_dims, reshape as reshape, sub as sub
from ._ops import subtract as subtract, sum as sum, transpose as transpose
from ._shape_index import array_split as array_split
from ._shape_index import broadcast_arrays as broadcast_arrays
from ._shape_index import broadcast_to as broadcast_to
from ._shape_index import cat as cat
from ._shape_index import concat as concat
from ._shape_index import expand_dims as expand_dims
from ._shape_index import flatten as flatten
from ._shape_index import flip as flip
from ._shape_index import gather as gather
from ._shape_index import matrix_transpose as matrix_transpose
from ._shape_index import moveaxis as moveaxis
from ._shape_index import nonzero as nonzero
from ._shape_index import pad as pad
from ._shape_index import repeat as repeat
from ._shape_index import roll as roll
from ._shape_index import scatter_add as scatter_add
from ._shape_index import split as split
from ._shape_index import squeeze as squeeze
from ._shape_index import stack as stack
from ._shape_index import swapaxes as swapaxes
from ._shape_index import take as take
from ._shape_index import take_along_axis as take_along_axis
from ._shape_index import tile as tile
from ._shape_index import unsqueeze as unsqueeze
from ._shape_index import unstack as unstack
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
    OutOfBoundsIndexError as OutOfBoundsIndexError,
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
    "TenflowersError", "ShapeError", "DtypeError", "InvalidArgumentError", "DeviceError",
    "GradientError", "NumericalError", "OutOfMemoryError", "LayerConfigError", "OptimizerError",
    "SerializationError", "DeserializationError", "DataLoadError", "GraphCompileError",
    "CheckpointError", "UnimplementedError", "InternalError", "OutOfBoundsIndexError",
    "array_split",
    "broadcast_arrays",
    "broadcast_to",
    "cat",
    "concat",
    "expand_dims",
    "flatten",
    "flip",
    "gather",
    "matrix_transpose",
    "moveaxis",
    "nonzero",
    "pad",
    "repeat",
    "roll",
    "scatter_add",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "take",
    "take_along_axis",
    "tile",
    "unsqueeze",
    "unstack",
]
