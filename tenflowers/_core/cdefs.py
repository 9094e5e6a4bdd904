"""C prototypes of libtenflowers, generated from include/tenflowers.h by tools/gen_cdefs.py.

Do not edit: run `python tools/gen_cdefs.py`. Types are C spellings; tenflowers._core.ffi maps
them to ctypes. This module is plain data and imports nothing."""

from __future__ import annotations

TF_ABI_VERSION_MAJOR = 0
TF_ABI_VERSION_MINOR = 4
TF_ABI_VERSION = 4
TF_PAD_CONSTANT = 0
TF_PAD_EDGE = 1
TF_PAD_REFLECT = 2
TF_PAD_SYMMETRIC = 3
TF_PAD_WRAP = 4
TF_INDEX_INT = 0
TF_INDEX_SLICE = 1
TF_INDEX_NEWAXIS = 2
TF_INDEX_ELLIPSIS = 3
TF_SLICE_NONE = -9223372036854775808
TF_REDUCTION_NONE = 0
TF_REDUCTION_MEAN = 1
TF_REDUCTION_SUM = 2
TF_ACTIVATION_NONE = 0
TF_ACTIVATION_RELU = 1
TF_IGNORE_INDEX_DEFAULT = -100
TF_PADDING_EXPLICIT = 0
TF_PADDING_SAME = 1
TF_PADDING_VALID = 2
TF_REDUCTION_BATCHMEAN = 3
TF_EMBEDDING_NO_PADDING = -9223372036854775808
TF_ANNEAL_COS = 0
TF_ANNEAL_LINEAR = 1
TF_CYCLIC_TRIANGULAR = 0
TF_CYCLIC_TRIANGULAR2 = 1
TF_CYCLIC_EXP_RANGE = 2
TF_PLATEAU_MIN = 0
TF_PLATEAU_MAX = 1
TF_THRESHOLD_REL = 0
TF_THRESHOLD_ABS = 1
TF_MAX_DIMS = 64

TF_Code: dict[str, int] = {
    'TF_OK': 0,
    'TF_SHAPE_ERROR': 1,
    'TF_DTYPE_ERROR': 2,
    'TF_INVALID_ARGUMENT': 3,
    'TF_DEVICE_ERROR': 4,
    'TF_GRADIENT_ERROR': 5,
    'TF_NUMERICAL_ERROR': 6,
    'TF_OUT_OF_MEMORY': 7,
    'TF_LAYER_CONFIG_ERROR': 8,
    'TF_OPTIMIZER_ERROR': 9,
    'TF_SERIALIZATION_ERROR': 10,
    'TF_DESERIALIZATION_ERROR': 11,
    'TF_DATA_LOAD_ERROR': 12,
    'TF_GRAPH_COMPILE_ERROR': 13,
    'TF_CHECKPOINT_ERROR': 14,
    'TF_UNIMPLEMENTED': 15,
    'TF_INTERNAL': 16,
}

TF_DataType: dict[str, int] = {
    'TF_FLOAT': 1,
    'TF_DOUBLE': 2,
    'TF_INT32': 3,
    'TF_UINT8': 4,
    'TF_INT16': 5,
    'TF_INT8': 6,
    'TF_INT64': 9,
    'TF_BOOL': 10,
    'TF_BFLOAT16': 14,
    'TF_HALF': 19,
}

# TF_Code values
TF_OK = 0
TF_SHAPE_ERROR = 1
TF_DTYPE_ERROR = 2
TF_INVALID_ARGUMENT = 3
TF_DEVICE_ERROR = 4
TF_GRADIENT_ERROR = 5
TF_NUMERICAL_ERROR = 6
TF_OUT_OF_MEMORY = 7
TF_LAYER_CONFIG_ERROR = 8
TF_OPTIMIZER_ERROR = 9
TF_SERIALIZATION_ERROR = 10
TF_DESERIALIZATION_ERROR = 11
TF_DATA_LOAD_ERROR = 12
TF_GRAPH_COMPILE_ERROR = 13
TF_CHECKPOINT_ERROR = 14
TF_UNIMPLEMENTED = 15
TF_INTERNAL = 16

# TF_DataType values
TF_FLOAT = 1
TF_DOUBLE = 2
TF_INT32 = 3
TF_UINT8 = 4
TF_INT16 = 5
TF_INT8 = 6
TF_INT64 = 9
TF_BOOL = 10
TF_BFLOAT16 = 14
TF_HALF = 19

# name -> (return type, ((argument type, argument name), ...))
FUNCTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    'TF_Version': ('const char *', ()),
    'TF_AbiVersion': ('uint32_t', ()),
    'TF_DataTypeSize': ('size_t', (('TF_DataType', 'dt'), )),
    'TF_ResultType': ('TF_DataType', (('TF_DataType', 'a'), ('TF_DataType', 'b'), ('TF_Status *', 'status'), )),
    'TF_NewStatus': ('TF_Status *', ()),
    'TF_DeleteStatus': ('void', (('TF_Status *', 's'), )),
    'TF_GetCode': ('TF_Code', (('const TF_Status *', 's'), )),
    'TF_Message': ('const char *', (('const TF_Status *', 's'), )),
    'TF_NewTensor': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('const void *', 'data'), ('size_t', 'len'), ('TF_Status *', 'status'), )),
    'TF_DeleteTensor': ('void', (('TF_Tensor *', 't'), )),
    'TF_TensorType': ('TF_DataType', (('const TF_Tensor *', 't'), )),
    'TF_NumDims': ('int', (('const TF_Tensor *', 't'), )),
    'TF_Dim': ('int64_t', (('const TF_Tensor *', 't'), ('int', 'index'), )),
    'TF_TensorElementCount': ('int64_t', (('const TF_Tensor *', 't'), )),
    'TF_TensorByteSize': ('size_t', (('const TF_Tensor *', 't'), )),
    'TF_TensorShape': ('void', (('const TF_Tensor *', 't'), ('int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_TensorCopyTo': ('void', (('const TF_Tensor *', 't'), ('void *', 'dst'), ('size_t', 'len'), ('TF_Status *', 'status'), )),
    'TF_TensorData': ('void *', (('const TF_Tensor *', 't'), )),
    'TF_TensorStrides': ('void', (('const TF_Tensor *', 't'), ('int64_t *', 'strides'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_TensorIsContiguous': ('bool', (('const TF_Tensor *', 't'), )),
    'TF_Contiguous': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Copy': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Cast': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_DataType', 'dt'), ('TF_Status *', 'status'), )),
    'TF_Negative': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Positive': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Abs': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Sign': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Square': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Exp': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Expm1': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Log': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Log1p': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Log2': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Log10': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Sqrt': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Reciprocal': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Sin': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Cos': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Tan': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Asin': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Acos': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Atan': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Sinh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Cosh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Tanh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Asinh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Acosh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Atanh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Floor': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Ceil': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Round': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Trunc': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_IsNan': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_IsInf': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_IsFinite': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_LogicalNot': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_BitwiseInvert': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Relu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Sigmoid': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Silu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Mish': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Softplus': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Gelu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_GeluTanh': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Selu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Erf': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Sinc': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_LeakyRelu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('double', 'negative_slope'), ('TF_Status *', 'status'), )),
    'TF_Elu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('double', 'alpha'), ('TF_Status *', 'status'), )),
    'TF_Add': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Sub': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Mul': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Div': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_FloorDivide': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Remainder': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Pow': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Maximum': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Minimum': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Atan2': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Hypot': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Copysign': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Logaddexp': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_LogicalAnd': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_LogicalOr': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_LogicalXor': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_BitwiseAnd': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_BitwiseOr': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_BitwiseXor': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_BitwiseLeftShift': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_BitwiseRightShift': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Equal': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_NotEqual': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Less': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_LessEqual': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Greater': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_GreaterEqual': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Zeros': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Ones': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Full': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('double', 'value'), ('TF_Status *', 'status'), )),
    'TF_Empty': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Arange': ('TF_Tensor *', (('double', 'start'), ('double', 'stop'), ('double', 'step'), ('TF_DataType', 'dt'), ('TF_Status *', 'status'), )),
    'TF_ArangeInt': ('TF_Tensor *', (('int64_t', 'start'), ('int64_t', 'stop'), ('int64_t', 'step'), ('TF_DataType', 'dt'), ('TF_Status *', 'status'), )),
    'TF_Linspace': ('TF_Tensor *', (('double', 'start'), ('double', 'stop'), ('int64_t', 'num'), ('bool', 'endpoint'), ('TF_DataType', 'dt'), ('TF_Status *', 'status'), )),
    'TF_Eye': ('TF_Tensor *', (('int64_t', 'n_rows'), ('int64_t', 'n_cols'), ('int64_t', 'k'), ('TF_DataType', 'dt'), ('TF_Status *', 'status'), )),
    'TF_NewGenerator': ('TF_Generator *', (('uint64_t', 'seed'), ('TF_Status *', 'status'), )),
    'TF_DeleteGenerator': ('void', (('TF_Generator *', 'gen'), )),
    'TF_GeneratorManualSeed': ('void', (('const TF_Generator *', 'gen'), ('uint64_t', 'seed'), ('TF_Status *', 'status'), )),
    'TF_GeneratorInitialSeed': ('uint64_t', (('const TF_Generator *', 'gen'), ('TF_Status *', 'status'), )),
    'TF_GeneratorGetState': ('void', (('const TF_Generator *', 'gen'), ('uint64_t *', 'seed'), ('uint64_t *', 'counter'), ('TF_Status *', 'status'), )),
    'TF_GeneratorSetState': ('void', (('const TF_Generator *', 'gen'), ('uint64_t', 'seed'), ('uint64_t', 'counter'), ('TF_Status *', 'status'), )),
    'TF_Randperm': ('TF_Tensor *', (('int64_t', 'n'), ('TF_DataType', 'dt'), ('const TF_Generator *', 'gen'), ('TF_Status *', 'status'), )),
    'TF_RandWith': ('TF_Tensor *', (('const TF_Generator *', 'gen'), ('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_RandnWith': ('TF_Tensor *', (('const TF_Generator *', 'gen'), ('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_RandIntWith': ('TF_Tensor *', (('const TF_Generator *', 'gen'), ('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('int64_t', 'low'), ('int64_t', 'high'), ('TF_Status *', 'status'), )),
    'TF_ManualSeed': ('void', (('uint64_t', 'seed'), )),
    'TF_Rand': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Randn': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_RandInt': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('int64_t', 'low'), ('int64_t', 'high'), ('TF_Status *', 'status'), )),
    'TF_NumDevices': ('int', ()),
    'TF_DeviceName': ('const char *', (('int', 'index'), )),
    'TF_GetDefaultDevice': ('const char *', ()),
    'TF_SetDefaultDevice': ('void', (('const char *', 'device'), ('TF_Status *', 'status'), )),
    'TF_TensorDevice': ('const char *', (('const TF_Tensor *', 't'), )),
    'TF_ToDevice': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const char *', 'device'), ('TF_Status *', 'status'), )),
    'TF_Where': ('TF_Tensor *', (('const TF_Tensor *', 'cond'), ('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'y'), ('TF_Status *', 'status'), )),
    'TF_Clip': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'min'), ('const TF_Tensor *', 'max'), ('TF_Status *', 'status'), )),
    'TF_Tril': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int64_t', 'k'), ('TF_Status *', 'status'), )),
    'TF_Triu': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int64_t', 'k'), ('TF_Status *', 'status'), )),
    'TF_Softmax': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int64_t', 'axis'), ('TF_Status *', 'status'), )),
    'TF_LogSoftmax': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int64_t', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Transpose': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'perm'), ('int', 'num_perm'), ('TF_Status *', 'status'), )),
    'TF_Reshape': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_ExpandDims': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Squeeze': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Flatten': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'start_dim'), ('int', 'end_dim'), ('TF_Status *', 'status'), )),
    'TF_BroadcastTo': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_BroadcastArrays': ('void', (('const TF_Tensor *const *', 'ts'), ('int', 'num'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Flip': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_MoveAxis': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'source'), ('int', 'num_source'), ('const int *', 'destination'), ('int', 'num_destination'), ('TF_Status *', 'status'), )),
    'TF_SwapAxes': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'axis1'), ('int', 'axis2'), ('TF_Status *', 'status'), )),
    'TF_Concat': ('TF_Tensor *', (('const TF_Tensor *const *', 'ts'), ('int', 'num'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Stack': ('TF_Tensor *', (('const TF_Tensor *const *', 'ts'), ('int', 'num'), ('int', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Split': ('void', (('const TF_Tensor *', 't'), ('const int64_t *', 'indices'), ('int', 'num_indices'), ('int', 'axis'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_SplitSections': ('void', (('const TF_Tensor *', 't'), ('int64_t', 'sections'), ('int', 'axis'), ('bool', 'even'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Unstack': ('void', (('const TF_Tensor *', 't'), ('int', 'axis'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Tile': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'reps'), ('int', 'num_reps'), ('TF_Status *', 'status'), )),
    'TF_Repeat': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'repeats'), ('int', 'num_repeats'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Roll': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'shifts'), ('int', 'num_shifts'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Pad': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'pad_width'), ('int', 'num_pad_width'), ('int', 'mode'), ('double', 'value'), ('TF_Status *', 'status'), )),
    'TF_Slice': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'items'), ('int', 'num_items'), ('TF_Status *', 'status'), )),
    'TF_Assign': ('void', (('const TF_Tensor *', 'dst'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_Index': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const TF_Tensor *const *', 'indices'), ('const int *', 'axes'), ('int', 'num'), ('TF_Status *', 'status'), )),
    'TF_IndexAssign': ('void', (('const TF_Tensor *', 't'), ('const TF_Tensor *const *', 'indices'), ('const int *', 'axes'), ('int', 'num'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_Take': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const TF_Tensor *', 'indices'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_TakeAlongAxis': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const TF_Tensor *', 'indices'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Gather': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'dim'), ('const TF_Tensor *', 'index'), ('TF_Status *', 'status'), )),
    'TF_ScatterAdd': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'dim'), ('const TF_Tensor *', 'index'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_Nonzero': ('void', (('const TF_Tensor *', 't'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Sum': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Prod': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Mean': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Var': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('double', 'correction'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Std': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('double', 'correction'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Max': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Min': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_ArgMax': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_ArgMin': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_All': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_Any': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_LogSumExp': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('bool', 'keepdims'), ('TF_Status *', 'status'), )),
    'TF_CumulativeSum': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axis'), ('TF_DataType', 'dtype'), ('bool', 'include_initial'), ('TF_Status *', 'status'), )),
    'TF_Sort': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'axis'), ('bool', 'descending'), ('bool', 'stable'), ('TF_Status *', 'status'), )),
    'TF_ArgSort': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'axis'), ('bool', 'descending'), ('bool', 'stable'), ('TF_Status *', 'status'), )),
    'TF_TopK': ('void', (('const TF_Tensor *', 't'), ('int64_t', 'k'), ('int', 'axis'), ('bool', 'largest'), ('bool', 'sorted'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_MatMul': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Tensordot': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('const int *', 'axes_a'), ('const int *', 'axes_b'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Vecdot': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('int', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Outer': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Einsum': ('TF_Tensor *', (('const char *', 'subscripts'), ('const TF_Tensor *const *', 'operands'), ('int', 'num_operands'), ('TF_Status *', 'status'), )),
    'TF_SetRequiresGrad': ('void', (('TF_Tensor *', 't'), ('bool', 'requires_grad'), ('TF_Status *', 'status'), )),
    'TF_RequiresGrad': ('bool', (('const TF_Tensor *', 't'), )),
    'TF_IsLeaf': ('bool', (('const TF_Tensor *', 't'), )),
    'TF_Backward': ('void', (('const TF_Tensor *', 't'), ('const TF_Tensor *', 'grad'), ('bool', 'retain_graph'), ('bool', 'create_graph'), ('TF_Status *', 'status'), )),
    'TF_Grad': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_ZeroGrad': ('void', (('const TF_Tensor *', 't'), )),
    'TF_RetainGrad': ('void', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Detach': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_GradFnName': ('const char *', (('const TF_Tensor *', 't'), )),
    'TF_SetGradEnabled': ('void', (('bool', 'enabled'), )),
    'TF_IsGradEnabled': ('bool', ()),
    'TF_Gradients': ('void', (('const TF_Tensor *const *', 'outputs'), ('int', 'num_outputs'), ('const TF_Tensor *const *', 'grad_outputs'), ('const TF_Tensor *const *', 'inputs'), ('int', 'num_inputs'), ('bool', 'retain_graph'), ('bool', 'create_graph'), ('bool', 'allow_unused'), ('TF_Tensor * *', 'out'), ('TF_Status *', 'status'), )),
    'TF_LiveStorageCount': ('int64_t', ()),
    'TF_InplaceAssign': ('void', (('TF_Tensor *', 'dst'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_SetItem': ('void', (('TF_Tensor *', 't'), ('const int64_t *', 'items'), ('int', 'num_items'), ('const TF_Tensor *const *', 'indices'), ('const int *', 'axes'), ('int', 'num'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_GetMemoryStats': ('void', (('TF_MemoryStats *', 'stats'), ('TF_Status *', 'status'), )),
    'TF_ResetPeakMemory': ('void', ()),
    'TF_EmptyCache': ('size_t', ()),
    'TF_SetMemoryCacheLimit': ('size_t', (('size_t', 'bytes'), )),
    'TF_SetNumThreads': ('void', (('int', 'n'), ('TF_Status *', 'status'), )),
    'TF_GetNumThreads': ('int', ()),
    'TF_CrossEntropy': ('TF_Tensor *', (('const TF_Tensor *', 'logits'), ('const TF_Tensor *', 'target'), ('int', 'reduction'), ('int64_t', 'ignore_index'), ('double', 'label_smoothing'), ('TF_Status *', 'status'), )),
    'TF_Linear': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('int', 'activation'), ('TF_Status *', 'status'), )),
    'TF_AddScaledInPlace': ('void', (('const TF_Tensor *', 'p'), ('const TF_Tensor *', 'g'), ('double', 'alpha'), ('TF_Status *', 'status'), )),
    'TF_SgdStep': ('void', (('const TF_Tensor *const *', 'params'), ('int', 'num'), ('double', 'lr'), ('bool', 'zero_grad'), ('TF_Status *', 'status'), )),
    'TF_Conv2d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('const int64_t *', 'stride'), ('const int64_t *', 'padding'), ('const int64_t *', 'dilation'), ('int64_t', 'groups'), ('int', 'padding_mode'), ('TF_Status *', 'status'), )),
    'TF_Conv1d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('int64_t', 'stride'), ('int64_t', 'padding'), ('int64_t', 'dilation'), ('int64_t', 'groups'), ('int', 'padding_mode'), ('TF_Status *', 'status'), )),
    'TF_ConvTranspose2d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('const int64_t *', 'stride'), ('const int64_t *', 'padding'), ('const int64_t *', 'output_padding'), ('const int64_t *', 'dilation'), ('int64_t', 'groups'), ('TF_Status *', 'status'), )),
    'TF_LayerNorm': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const int64_t *', 'normalized_shape'), ('int64_t', 'num_normalized_shape'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('double', 'eps'), ('TF_Status *', 'status'), )),
    'TF_RmsNorm': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const int64_t *', 'normalized_shape'), ('int64_t', 'num_normalized_shape'), ('const TF_Tensor *', 'weight'), ('double', 'eps'), ('TF_Status *', 'status'), )),
    'TF_BatchNorm': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const TF_Tensor *', 'running_mean'), ('const TF_Tensor *', 'running_var'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('int', 'training'), ('double', 'momentum'), ('double', 'eps'), ('TF_Status *', 'status'), )),
    'TF_GroupNorm': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('int64_t', 'num_groups'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'bias'), ('double', 'eps'), ('TF_Status *', 'status'), )),
    'TF_MseLoss': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('int', 'reduction'), ('TF_Status *', 'status'), )),
    'TF_L1Loss': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('int', 'reduction'), ('TF_Status *', 'status'), )),
    'TF_SmoothL1Loss': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('int', 'reduction'), ('double', 'beta'), ('TF_Status *', 'status'), )),
    'TF_HuberLoss': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('int', 'reduction'), ('double', 'delta'), ('TF_Status *', 'status'), )),
    'TF_BinaryCrossEntropy': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('const TF_Tensor *', 'weight'), ('int', 'reduction'), ('TF_Status *', 'status'), )),
    'TF_BinaryCrossEntropyWithLogits': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('const TF_Tensor *', 'weight'), ('const TF_Tensor *', 'pos_weight'), ('int', 'reduction'), ('TF_Status *', 'status'), )),
    'TF_KlDiv': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('int', 'reduction'), ('bool', 'log_target'), ('TF_Status *', 'status'), )),
    'TF_NllLoss': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('const TF_Tensor *', 'weight'), ('int', 'reduction'), ('int64_t', 'ignore_index'), ('TF_Status *', 'status'), )),
    'TF_CrossEntropyLoss': ('TF_Tensor *', (('const TF_Tensor *', 'input'), ('const TF_Tensor *', 'target'), ('const TF_Tensor *', 'weight'), ('int', 'reduction'), ('int64_t', 'ignore_index'), ('double', 'label_smoothing'), ('TF_Status *', 'status'), )),
    'TF_ScaledDotProductAttention': ('TF_Tensor *', (('const TF_Tensor *', 'query'), ('const TF_Tensor *', 'key'), ('const TF_Tensor *', 'value'), ('const TF_Tensor *', 'attn_mask'), ('double', 'dropout_p'), ('bool', 'is_causal'), ('double', 'scale'), ('bool', 'enable_gqa'), ('TF_Status *', 'status'), )),
    'TF_Dropout': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('double', 'p'), ('bool', 'training'), ('TF_Tensor * *', 'mask_out'), ('TF_Status *', 'status'), )),
    'TF_FeatureDropout': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('double', 'p'), ('bool', 'training'), ('TF_Tensor * *', 'mask_out'), ('TF_Status *', 'status'), )),
    'TF_Embedding': ('TF_Tensor *', (('const TF_Tensor *', 'indices'), ('const TF_Tensor *', 'weight'), ('int64_t', 'padding_idx'), ('double', 'max_norm'), ('double', 'norm_type'), ('bool', 'scale_grad_by_freq'), ('TF_Status *', 'status'), )),
    'TF_OneHot': ('TF_Tensor *', (('const TF_Tensor *', 'indices'), ('int64_t', 'num_classes'), ('TF_Status *', 'status'), )),
    'TF_MaxPool2d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const int64_t *', 'kernel'), ('const int64_t *', 'stride'), ('const int64_t *', 'padding'), ('const int64_t *', 'dilation'), ('bool', 'ceil_mode'), ('TF_Tensor * *', 'indices_out'), ('TF_Status *', 'status'), )),
    'TF_AvgPool2d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const int64_t *', 'kernel'), ('const int64_t *', 'stride'), ('const int64_t *', 'padding'), ('bool', 'ceil_mode'), ('bool', 'count_include_pad'), ('int64_t', 'divisor_override'), ('TF_Status *', 'status'), )),
    'TF_AdaptiveAvgPool2d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const int64_t *', 'out'), ('TF_Status *', 'status'), )),
    'TF_AdaptiveMaxPool2d': ('TF_Tensor *', (('const TF_Tensor *', 'x'), ('const int64_t *', 'out'), ('TF_Tensor * *', 'indices_out'), ('TF_Status *', 'status'), )),
    'TF_NewOptimizer': ('TF_Optimizer *', (('const char *', 'algorithm'), ('const TF_Tensor *const *', 'params'), ('int64_t', 'num_params'), ('const char *const *', 'hyper_names'), ('const double *', 'hyper_values'), ('int64_t', 'num_hypers'), ('TF_Status *', 'status'), )),
    'TF_DeleteOptimizer': ('void', (('TF_Optimizer *', 'opt'), )),
    'TF_OptimizerAddParamGroup': ('void', (('TF_Optimizer *', 'opt'), ('const TF_Tensor *const *', 'params'), ('int64_t', 'num_params'), ('const char *const *', 'hyper_names'), ('const double *', 'hyper_values'), ('int64_t', 'num_hypers'), ('TF_Status *', 'status'), )),
    'TF_OptimizerStep': ('void', (('TF_Optimizer *', 'opt'), ('TF_Status *', 'status'), )),
    'TF_OptimizerZeroGrad': ('void', (('TF_Optimizer *', 'opt'), ('bool', 'set_to_none'), ('TF_Status *', 'status'), )),
    'TF_OptimizerAlgorithm': ('const char *', (('const TF_Optimizer *', 'opt'), )),
    'TF_OptimizerNumGroups': ('int64_t', (('const TF_Optimizer *', 'opt'), ('TF_Status *', 'status'), )),
    'TF_OptimizerGroupSize': ('int64_t', (('const TF_Optimizer *', 'opt'), ('int64_t', 'group'), ('TF_Status *', 'status'), )),
    'TF_OptimizerGetLr': ('double', (('const TF_Optimizer *', 'opt'), ('int64_t', 'group'), ('TF_Status *', 'status'), )),
    'TF_OptimizerSetLr': ('void', (('TF_Optimizer *', 'opt'), ('int64_t', 'group'), ('double', 'lr'), ('TF_Status *', 'status'), )),
    'TF_OptimizerApplyLRScheduler': ('void', (('TF_Optimizer *', 'opt'), ('const TF_LRScheduler *', 'sched'), ('TF_Status *', 'status'), )),
    'TF_OptimizerGetHyper': ('double', (('const TF_Optimizer *', 'opt'), ('int64_t', 'group'), ('const char *', 'name'), ('TF_Status *', 'status'), )),
    'TF_OptimizerSetHyper': ('void', (('TF_Optimizer *', 'opt'), ('int64_t', 'group'), ('const char *', 'name'), ('double', 'value'), ('TF_Status *', 'status'), )),
    'TF_OptimizerNumHypers': ('int64_t', (('const TF_Optimizer *', 'opt'), ('TF_Status *', 'status'), )),
    'TF_OptimizerHyperName': ('const char *', (('const TF_Optimizer *', 'opt'), ('int64_t', 'i'), ('TF_Status *', 'status'), )),
    'TF_OptimizerNumStateKeys': ('int64_t', (('const TF_Optimizer *', 'opt'), ('TF_Status *', 'status'), )),
    'TF_OptimizerStateKey': ('const char *', (('const TF_Optimizer *', 'opt'), ('int64_t', 'i'), ('TF_Status *', 'status'), )),
    'TF_OptimizerGetState': ('TF_Tensor *', (('const TF_Optimizer *', 'opt'), ('int64_t', 'param_index'), ('const char *', 'key'), ('TF_Status *', 'status'), )),
    'TF_OptimizerSetState': ('void', (('TF_Optimizer *', 'opt'), ('int64_t', 'param_index'), ('const char *', 'key'), ('const TF_Tensor *', 'value'), ('TF_Status *', 'status'), )),
    'TF_ClipGradNorm': ('void', (('const TF_Tensor *const *', 'params'), ('int64_t', 'num_params'), ('double', 'max_norm'), ('double', 'norm_type'), ('bool', 'error_if_nonfinite'), ('double *', 'total_norm'), ('TF_Status *', 'status'), )),
    'TF_ClipGradValue': ('void', (('const TF_Tensor *const *', 'params'), ('int64_t', 'num_params'), ('double', 'clip_value'), ('TF_Status *', 'status'), )),
    'TF_NewStepLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('int64_t', 'step_size'), ('double', 'gamma'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewMultiStepLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('const int64_t *', 'milestones'), ('int64_t', 'num_milestones'), ('double', 'gamma'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewExponentialLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('double', 'gamma'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewCosineAnnealingLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('int64_t', 'T_max'), ('double', 'eta_min'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewCosineAnnealingWarmRestarts': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('int64_t', 'T_0'), ('int64_t', 'T_mult'), ('double', 'eta_min'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewLinearLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('double', 'start_factor'), ('double', 'end_factor'), ('int64_t', 'total_iters'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewConstantLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('double', 'factor'), ('int64_t', 'total_iters'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewPolynomialLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('int64_t', 'total_iters'), ('double', 'power'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewOneCycleLR': ('TF_LRScheduler *', (('const double *', 'max_lrs'), ('int64_t', 'num_groups'), ('int64_t', 'total_steps'), ('double', 'pct_start'), ('int', 'anneal_strategy'), ('bool', 'cycle_momentum'), ('const double *', 'base_momentums'), ('const double *', 'max_momentums'), ('double', 'div_factor'), ('double', 'final_div_factor'), ('bool', 'three_phase'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewCyclicLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'max_lrs'), ('double', 'step_size_up'), ('double', 'step_size_down'), ('int', 'mode'), ('double', 'gamma'), ('bool', 'cycle_momentum'), ('const double *', 'base_momentums'), ('const double *', 'max_momentums'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewLambdaLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('TF_LRLambda', 'lr_lambda'), ('void *', 'user_data'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewMultiplicativeLR': ('TF_LRScheduler *', (('const double *', 'base_lrs'), ('int64_t', 'num_groups'), ('const double *', 'current_lrs'), ('TF_LRLambda', 'lr_lambda'), ('void *', 'user_data'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewSequentialLR': ('TF_LRScheduler *', (('const double *', 'initial_lrs'), ('int64_t', 'num_groups'), ('const TF_LRScheduler *const *', 'schedulers'), ('int64_t', 'num_schedulers'), ('const int64_t *', 'milestones'), ('int64_t', 'num_milestones'), ('int64_t', 'last_epoch'), ('TF_Status *', 'status'), )),
    'TF_NewChainedScheduler': ('TF_LRScheduler *', (('const TF_LRScheduler *const *', 'schedulers'), ('int64_t', 'num_schedulers'), ('TF_Status *', 'status'), )),
    'TF_NewReduceLROnPlateau': ('TF_LRScheduler *', (('const double *', 'lrs'), ('int64_t', 'num_groups'), ('int', 'mode'), ('double', 'factor'), ('int64_t', 'patience'), ('double', 'threshold'), ('int', 'threshold_mode'), ('int64_t', 'cooldown'), ('const double *', 'min_lrs'), ('double', 'eps'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerStep': ('void', (('TF_LRScheduler *', 's'), ('double', 'metric'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerGetLastLr': ('void', (('const TF_LRScheduler *', 's'), ('double *', 'out'), ('int64_t', 'n'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerHasMomentum': ('bool', (('const TF_LRScheduler *', 's'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerGetLastMomentum': ('void', (('const TF_LRScheduler *', 's'), ('double *', 'out'), ('int64_t', 'n'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerNumGroups': ('int64_t', (('const TF_LRScheduler *', 's'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerLastEpoch': ('int64_t', (('const TF_LRScheduler *', 's'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerSetLr': ('void', (('TF_LRScheduler *', 's'), ('const double *', 'lrs'), ('int64_t', 'n'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerStateSize': ('int64_t', (('const TF_LRScheduler *', 's'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerGetState': ('void', (('const TF_LRScheduler *', 's'), ('double *', 'out'), ('int64_t', 'n'), ('TF_Status *', 'status'), )),
    'TF_LRSchedulerSetState': ('void', (('TF_LRScheduler *', 's'), ('const double *', 'state'), ('int64_t', 'n'), ('TF_Status *', 'status'), )),
    'TF_DeleteLRScheduler': ('void', (('TF_LRScheduler *', 's'), )),
    'TF_SaveSafetensors': ('void', (('const char *const *', 'names'), ('const TF_Tensor *const *', 'tensors'), ('int64_t', 'num'), ('const char *', 'metadata_json'), ('const char *', 'path'), ('TF_Status *', 'status'), )),
    'TF_SerializeSafetensors': ('void *', (('const char *const *', 'names'), ('const TF_Tensor *const *', 'tensors'), ('int64_t', 'num'), ('const char *', 'metadata_json'), ('size_t *', 'len'), ('TF_Status *', 'status'), )),
    'TF_DeleteBuffer': ('void', (('void *', 'buffer'), ('size_t', 'len'), )),
    'TF_LoadSafetensors': ('TF_Safetensors *', (('const char *', 'path'), ('TF_Status *', 'status'), )),
    'TF_LoadSafetensorsFromBuffer': ('TF_Safetensors *', (('const void *', 'data'), ('size_t', 'len'), ('TF_Status *', 'status'), )),
    'TF_DeleteSafetensors': ('void', (('TF_Safetensors *', 'h'), )),
    'TF_SafetensorsCount': ('int64_t', (('const TF_Safetensors *', 'h'), )),
    'TF_SafetensorsName': ('const char *', (('const TF_Safetensors *', 'h'), ('int64_t', 'i'), ('TF_Status *', 'status'), )),
    'TF_SafetensorsGet': ('TF_Tensor *', (('const TF_Safetensors *', 'h'), ('const char *', 'name'), ('TF_Status *', 'status'), )),
    'TF_SafetensorsMetadata': ('const char *', (('const TF_Safetensors *', 'h'), ('TF_Status *', 'status'), )),
}
