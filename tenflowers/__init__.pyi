from . import errors as errors
from ._core.device import Device as Device
from ._core.device import get_default_device as get_default_device
from ._core.device import set_default_device as set_default_device
from ._core.dtypes import DType as DType
from ._core.dtypes import float32 as float32
from ._core.dtypes import float64 as float64
from ._core.dtypes import int8 as int8
from ._core.dtypes import int16 as int16
from ._core.dtypes import int32 as int32
from ._core.dtypes import int64 as int64
from ._core.dtypes import uint8 as uint8
from ._core.dtypes import bool_
from ._core.runtime import MemoryInfo as MemoryInfo
from ._core.runtime import empty_cache as empty_cache
from ._core.runtime import get_num_threads as get_num_threads
from ._core.runtime import memory_info as memory_info
from ._core.runtime import reset_peak_memory as reset_peak_memory
from ._core.runtime import set_memory_cache_limit as set_memory_cache_limit
from ._core.runtime import set_num_threads as set_num_threads
from ._core.tensor import Tensor as Tensor
from ._ops.activations import gelu as gelu
from ._ops.activations import log_softmax as log_softmax
from ._ops.activations import softmax as softmax
from ._ops.autograd import enable_grad as enable_grad
from ._ops.autograd import is_grad_enabled as is_grad_enabled
from ._ops.autograd import no_grad as no_grad
from ._ops.autograd import set_grad_enabled as set_grad_enabled
from ._ops.creation import arange as arange
from ._ops.creation import asarray as asarray
from ._ops.creation import empty as empty
from ._ops.creation import empty_like as empty_like
from ._ops.creation import eye as eye
from ._ops.creation import full as full
from ._ops.creation import full_like as full_like
from ._ops.creation import linspace as linspace
from ._ops.creation import ones as ones
from ._ops.creation import ones_like as ones_like
from ._ops.creation import tril as tril
from ._ops.creation import triu as triu
from ._ops.creation import zeros as zeros
from ._ops.creation import zeros_like as zeros_like
from ._ops.dtype_api import __array_namespace_info__ as __array_namespace_info__
from ._ops.dtype_api import astype as astype
from ._ops.dtype_api import can_cast as can_cast
from ._ops.dtype_api import finfo as finfo
from ._ops.dtype_api import iinfo as iinfo
from ._ops.dtype_api import isdtype as isdtype
from ._ops.dtype_api import result_type as result_type
# -- begin: the op table's functions (tools/gen_ops.py) --
from ._ops.elementwise import negative as negative
from ._ops.elementwise import neg as neg
from ._ops.elementwise import positive as positive
from ._ops.elementwise import abs as abs
from ._ops.elementwise import sign as sign
from ._ops.elementwise import square as square
from ._ops.elementwise import exp as exp
from ._ops.elementwise import expm1 as expm1
from ._ops.elementwise import log as log
from ._ops.elementwise import log1p as log1p
from ._ops.elementwise import log2 as log2
from ._ops.elementwise import log10 as log10
from ._ops.elementwise import sqrt as sqrt
from ._ops.elementwise import reciprocal as reciprocal
from ._ops.elementwise import sin as sin
from ._ops.elementwise import cos as cos
from ._ops.elementwise import tan as tan
from ._ops.elementwise import asin as asin
from ._ops.elementwise import acos as acos
from ._ops.elementwise import atan as atan
from ._ops.elementwise import sinh as sinh
from ._ops.elementwise import cosh as cosh
from ._ops.elementwise import tanh as tanh
from ._ops.elementwise import asinh as asinh
from ._ops.elementwise import acosh as acosh
from ._ops.elementwise import atanh as atanh
from ._ops.elementwise import floor as floor
from ._ops.elementwise import ceil as ceil
from ._ops.elementwise import round as round
from ._ops.elementwise import trunc as trunc
from ._ops.elementwise import isnan as isnan
from ._ops.elementwise import isinf as isinf
from ._ops.elementwise import isfinite as isfinite
from ._ops.elementwise import logical_not as logical_not
from ._ops.elementwise import bitwise_invert as bitwise_invert
from ._ops.elementwise import relu as relu
from ._ops.elementwise import sigmoid as sigmoid
from ._ops.elementwise import silu as silu
from ._ops.elementwise import swish as swish
from ._ops.elementwise import mish as mish
from ._ops.elementwise import softplus as softplus
from ._ops.elementwise import selu as selu
from ._ops.elementwise import erf as erf
from ._ops.elementwise import sinc as sinc
from ._ops.elementwise import leaky_relu as leaky_relu
from ._ops.elementwise import elu as elu
from ._ops.elementwise import add as add
from ._ops.elementwise import subtract as subtract
from ._ops.elementwise import sub as sub
from ._ops.elementwise import multiply as multiply
from ._ops.elementwise import mul as mul
from ._ops.elementwise import divide as divide
from ._ops.elementwise import div as div
from ._ops.elementwise import floor_divide as floor_divide
from ._ops.elementwise import remainder as remainder
from ._ops.elementwise import pow as pow
from ._ops.elementwise import maximum as maximum
from ._ops.elementwise import minimum as minimum
from ._ops.elementwise import atan2 as atan2
from ._ops.elementwise import hypot as hypot
from ._ops.elementwise import copysign as copysign
from ._ops.elementwise import logaddexp as logaddexp
from ._ops.elementwise import logical_and as logical_and
from ._ops.elementwise import logical_or as logical_or
from ._ops.elementwise import logical_xor as logical_xor
from ._ops.elementwise import bitwise_and as bitwise_and
from ._ops.elementwise import bitwise_or as bitwise_or
from ._ops.elementwise import bitwise_xor as bitwise_xor
from ._ops.elementwise import bitwise_left_shift as bitwise_left_shift
from ._ops.elementwise import bitwise_right_shift as bitwise_right_shift
from ._ops.elementwise import equal as equal
from ._ops.elementwise import eq as eq
from ._ops.elementwise import not_equal as not_equal
from ._ops.elementwise import ne as ne
from ._ops.elementwise import less as less
from ._ops.elementwise import lt as lt
from ._ops.elementwise import less_equal as less_equal
from ._ops.elementwise import le as le
from ._ops.elementwise import greater as greater
from ._ops.elementwise import gt as gt
from ._ops.elementwise import greater_equal as greater_equal
from ._ops.elementwise import ge as ge
# -- end: the op table's functions --
from ._ops.fused import cross_entropy as cross_entropy
from ._ops.fused import linear as linear
from ._ops.fused import sgd_step_ as sgd_step_
from ._ops.index import gather as gather
from ._ops.index import nonzero as nonzero
from ._ops.index import scatter_add as scatter_add
from ._ops.index import take as take
from ._ops.index import take_along_axis as take_along_axis
from ._ops.linalg import einsum as einsum
from ._ops.linalg import matmul as matmul
from ._ops.linalg import outer as outer
from ._ops.linalg import tensordot as tensordot
from ._ops.linalg import vecdot as vecdot
from ._ops.random import Generator as Generator
from ._ops.random import default_generator as default_generator
from ._ops.random import initial_seed as initial_seed
from ._ops.random import manual_seed as manual_seed
from ._ops.random import randperm as randperm
from ._ops.random import seed as seed
from ._ops.random import rand as rand
from ._ops.random import randint as randint
from ._ops.random import randn as randn
from ._ops.reduce import all as all
from ._ops.reduce import any as any
from ._ops.reduce import argmax as argmax
from ._ops.reduce import argmin as argmin
from ._ops.reduce import cumulative_sum as cumulative_sum
from ._ops.reduce import logsumexp as logsumexp
from ._ops.reduce import max as max
from ._ops.reduce import mean as mean
from ._ops.reduce import min as min
from ._ops.reduce import prod as prod
from ._ops.reduce import std as std
from ._ops.reduce import sum as sum
from ._ops.reduce import var as var
from ._ops.selection import clamp as clamp
from ._ops.selection import clip as clip
from ._ops.selection import where as where
from ._ops.shape import array_split as array_split
from ._ops.shape import broadcast_arrays as broadcast_arrays
from ._ops.shape import broadcast_to as broadcast_to
from ._ops.shape import cat as cat
from ._ops.shape import concat as concat
from ._ops.shape import expand_dims as expand_dims
from ._ops.shape import flatten as flatten
from ._ops.shape import flip as flip
from ._ops.shape import matrix_transpose as matrix_transpose
from ._ops.shape import moveaxis as moveaxis
from ._ops.shape import pad as pad
from ._ops.shape import permute_dims as permute_dims
from ._ops.shape import repeat as repeat
from ._ops.shape import reshape as reshape
from ._ops.shape import roll as roll
from ._ops.shape import split as split
from ._ops.shape import squeeze as squeeze
from ._ops.shape import stack as stack
from ._ops.shape import swapaxes as swapaxes
from ._ops.shape import tile as tile
from ._ops.shape import transpose as transpose
from ._ops.shape import unsqueeze as unsqueeze
from ._ops.shape import unstack as unstack
from ._ops.serialization import load as load, load_file as load_file, safe_open as safe_open, save as save, save_file as save_file
from ._ops.sorting import argsort as argsort
from ._ops.sorting import sort as sort
from ._ops.sorting import topk as topk
from . import autograd as autograd
from . import nn as nn
from . import optim as optim
from . import utils as utils
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
