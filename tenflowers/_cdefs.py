"""C prototypes of libtenflowers, generated from include/tenflowers.h by tools/gen_cdefs.py.

Do not edit: run `python tools/gen_cdefs.py`. Types are C spellings; tenflowers._ffi maps them
to ctypes. This module is plain data and imports nothing."""

from __future__ import annotations

TF_ABI_VERSION_MAJOR = 0
TF_ABI_VERSION_MINOR = 1
TF_ABI_VERSION = 1
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

# name -> (return type, ((argument type, argument name), ...))
FUNCTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    'TF_Version': ('const char *', ()),
    'TF_AbiVersion': ('uint32_t', ()),
    'TF_DataTypeSize': ('size_t', (('TF_DataType', 'dt'), )),
    'TF_NewStatus': ('TF_Status *', ()),
    'TF_DeleteStatus': ('void', (('TF_Status *', 's'), )),
    'TF_GetCode': ('TF_Code', (('const TF_Status *', 's'), )),
    'TF_Message': ('const char *', (('const TF_Status *', 's'), )),
    'TF_NewTensor': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('const void *', 'data'), ('size_t', 'len'), ('TF_Status *', 'status'), )),
    'TF_DeleteTensor': ('void', (('TF_Tensor *', 't'), )),
    'TF_Zeros': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Ones': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Full': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('double', 'value'), ('TF_Status *', 'status'), )),
    'TF_Rand': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_Randn': ('TF_Tensor *', (('TF_DataType', 'dt'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_ManualSeed': ('void', (('uint64_t', 'seed'), )),
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
    'TF_Cast': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_DataType', 'dt'), ('TF_Status *', 'status'), )),
    'TF_Add': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Sub': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Mul': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Div': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_MatMul': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Transpose': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'perm'), ('int', 'num_perm'), ('TF_Status *', 'status'), )),
    'TF_Reshape': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
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
    'TF_Tensordot': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('const int *', 'axes_a'), ('const int *', 'axes_b'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Vecdot': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('int', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Outer': ('TF_Tensor *', (('const TF_Tensor *', 'a'), ('const TF_Tensor *', 'b'), ('TF_Status *', 'status'), )),
    'TF_Einsum': ('TF_Tensor *', (('const char *', 'subscripts'), ('const TF_Tensor *const *', 'operands'), ('int', 'num_operands'), ('TF_Status *', 'status'), )),
}
