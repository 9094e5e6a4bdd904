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
from ._elementwise import (
    negative as negative,
    positive as positive,
    abs as abs,
    sign as sign,
    square as square,
    exp as exp,
    expm1 as expm1,
    log as log,
    log1p as log1p,
    log2 as log2,
    log10 as log10,
    sqrt as sqrt,
    reciprocal as reciprocal,
    sin as sin,
    cos as cos,
    tan as tan,
    asin as asin,
    acos as acos,
    atan as atan,
    sinh as sinh,
    cosh as cosh,
    tanh as tanh,
    asinh as asinh,
    acosh as acosh,
    atanh as atanh,
    floor as floor,
    ceil as ceil,
    round as round,
    trunc as trunc,
    isnan as isnan,
    isinf as isinf,
    isfinite as isfinite,
    logical_not as logical_not,
    bitwise_invert as bitwise_invert,
    relu as relu,
    sigmoid as sigmoid,
    silu as silu,
    mish as mish,
    softplus as softplus,
    selu as selu,
    erf as erf,
    floor_divide as floor_divide,
    remainder as remainder,
    pow as pow,
    maximum as maximum,
    minimum as minimum,
    atan2 as atan2,
    hypot as hypot,
    copysign as copysign,
    logaddexp as logaddexp,
    logical_and as logical_and,
    logical_or as logical_or,
    logical_xor as logical_xor,
    bitwise_and as bitwise_and,
    bitwise_or as bitwise_or,
    bitwise_xor as bitwise_xor,
    bitwise_left_shift as bitwise_left_shift,
    bitwise_right_shift as bitwise_right_shift,
    equal as equal,
    not_equal as not_equal,
    less as less,
    less_equal as less_equal,
    greater as greater,
    greater_equal as greater_equal,
    where as where,
    clip as clip,
    leaky_relu as leaky_relu,
    elu as elu,
    gelu as gelu,
    softmax as softmax,
    log_softmax as log_softmax,
    neg as neg,
    clamp as clamp,
    eq as eq,
    ne as ne,
    lt as lt,
    le as le,
    gt as gt,
    ge as ge,
    swish as swish,
)
from ._ops import add as add, div as div, divide as divide, matmul as matmul, mul as mul
from ._ops import multiply as multiply, permute_dims as permute_dims, reshape as reshape, sub as sub
from ._ops import subtract as subtract, sum as sum, transpose as transpose
from . import autograd as autograd
from ._autograd import enable_grad as enable_grad
from ._runtime import MemoryInfo as MemoryInfo, empty_cache as empty_cache
from ._runtime import get_num_threads as get_num_threads, memory_info as memory_info
from ._runtime import reset_peak_memory as reset_peak_memory
from ._runtime import set_memory_cache_limit as set_memory_cache_limit
from ._runtime import set_num_threads as set_num_threads
from ._autograd import is_grad_enabled as is_grad_enabled
from ._autograd import no_grad as no_grad
from ._autograd import set_grad_enabled as set_grad_enabled
from ._fused import cross_entropy as cross_entropy
from ._fused import linear as linear
from ._fused import sgd_step_ as sgd_step_
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
    OutOfBoundsIndexError as OutOfBoundsIndexError,
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
    "negative", "positive", "abs", "sign", "square", "exp", "expm1", "log", "log1p", "log2",
    "log10", "sqrt", "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
    "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "round", "trunc", "isnan", "isinf",
    "isfinite", "logical_not", "bitwise_invert", "relu", "sigmoid", "silu", "mish", "softplus",
    "selu", "erf", "floor_divide", "remainder", "pow", "maximum", "minimum", "atan2", "hypot",
    "copysign", "logaddexp", "logical_and", "logical_or", "logical_xor", "bitwise_and",
    "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "equal",
    "not_equal", "less", "less_equal", "greater", "greater_equal", "where", "clip",
    "leaky_relu", "elu", "gelu", "softmax", "log_softmax", "neg", "clamp", "eq", "ne", "lt",
    "le", "gt", "ge", "swish",
    "negative", "positive", "abs", "sign", "square", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "round", "trunc", "isnan", "isinf", "isfinite", "logical_not", "bitwise_invert", "relu", "sigmoid", "silu", "mish", "softplus", "selu", "erf", "floor_divide", "remainder", "pow", "maximum", "minimum", "atan2", "hypot", "copysign", "logaddexp", "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "where", "clip", "leaky_relu", "elu", "gelu", "softmax", "log_softmax", "neg", "clamp", "eq", "ne", "lt", "le", "gt", "ge", "swish",
    "DType", "Tensor", "__version__", "add", "asarray", "bool", "div", "divide", "errors",
    "float32", "float64", "full", "get_include", "get_library", "int8", "int16", "int32", "int64",
    "manual_seed", "uint8",
    "matmul", "mul", "multiply", "ones", "permute_dims", "rand", "randn", "reshape", "sub",
    "subtract", "sum", "transpose", "zeros",
    "Device", "__array_api_version__", "__array_namespace_info__", "arange", "astype", "can_cast",
    "empty", "empty_like", "eye", "finfo", "full_like", "get_default_device", "iinfo", "isdtype",
    "linspace", "ones_like", "randint", "result_type", "set_default_device", "tril", "triu",
    "zeros_like",
    # -- reductions, sorting, linear algebra --
    "all", "any", "argmax", "argmin", "cumulative_sum", "logsumexp", "max", "mean", "min", "prod",
    "std", "var", "sort", "argsort", "topk", "tensordot", "vecdot", "outer", "einsum",
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
    "autograd", "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled",
    # -- runtime: memory and threads --
    "MemoryInfo", "memory_info", "reset_peak_memory", "empty_cache", "set_memory_cache_limit",
    "set_num_threads", "get_num_threads",
    # -- fused training ops --
    "cross_entropy", "linear", "sgd_step_",
]
