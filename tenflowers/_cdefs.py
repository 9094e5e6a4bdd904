"""C prototypes of libtenflowers, generated from include/tenflowers.h by tools/gen_cdefs.py.

Do not edit: run `python tools/gen_cdefs.py`. Types are C spellings; tenflowers._ffi maps them
to ctypes. This module is plain data and imports nothing."""

from __future__ import annotations

TF_ABI_VERSION_MAJOR = 0
TF_ABI_VERSION_MINOR = 1
TF_ABI_VERSION = 1
TF_MAX_DIMS = 64
TF_INDEX_INT = 0
TF_INDEX_SLICE = 1
TF_INDEX_NEWAXIS = 2
TF_INDEX_ELLIPSIS = 3
TF_SLICE_NONE = -9223372036854775808
TF_PAD_CONSTANT = 0
TF_PAD_EDGE = 1
TF_PAD_REFLECT = 2
TF_PAD_SYMMETRIC = 3
TF_PAD_WRAP = 4

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
    'TF_Slice': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'items'), ('int', 'num_items'), ('TF_Status *', 'status'), )),
    'TF_ExpandDims': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Squeeze': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Flatten': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'start_dim'), ('int', 'end_dim'), ('TF_Status *', 'status'), )),
    'TF_BroadcastTo': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'dims'), ('int', 'num_dims'), ('TF_Status *', 'status'), )),
    'TF_BroadcastArrays': ('void', (('const TF_Tensor *const *', 'ts'), ('int', 'num'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Flip': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_MoveAxis': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int *', 'source'), ('int', 'num_source'), ('const int *', 'destination'), ('int', 'num_destination'), ('TF_Status *', 'status'), )),
    'TF_SwapAxes': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'axis1'), ('int', 'axis2'), ('TF_Status *', 'status'), )),
    'TF_Copy': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('TF_Status *', 'status'), )),
    'TF_Concat': ('TF_Tensor *', (('const TF_Tensor *const *', 'ts'), ('int', 'num'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Stack': ('TF_Tensor *', (('const TF_Tensor *const *', 'ts'), ('int', 'num'), ('int', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Split': ('void', (('const TF_Tensor *', 't'), ('const int64_t *', 'indices'), ('int', 'num_indices'), ('int', 'axis'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_SplitSections': ('void', (('const TF_Tensor *', 't'), ('int64_t', 'sections'), ('int', 'axis'), ('bool', 'even'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Unstack': ('void', (('const TF_Tensor *', 't'), ('int', 'axis'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
    'TF_Tile': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'reps'), ('int', 'num_reps'), ('TF_Status *', 'status'), )),
    'TF_Repeat': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'repeats'), ('int', 'num_repeats'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Roll': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'shifts'), ('int', 'num_shifts'), ('const int *', 'axes'), ('int', 'num_axes'), ('TF_Status *', 'status'), )),
    'TF_Pad': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const int64_t *', 'pad_width'), ('int', 'num_pad_width'), ('int', 'mode'), ('double', 'value'), ('TF_Status *', 'status'), )),
    'TF_Assign': ('void', (('const TF_Tensor *', 'dst'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_Index': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const TF_Tensor *const *', 'indices'), ('const int *', 'axes'), ('int', 'num'), ('TF_Status *', 'status'), )),
    'TF_IndexAssign': ('void', (('const TF_Tensor *', 't'), ('const TF_Tensor *const *', 'indices'), ('const int *', 'axes'), ('int', 'num'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_Take': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const TF_Tensor *', 'indices'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_TakeAlongAxis': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('const TF_Tensor *', 'indices'), ('const int *', 'axis'), ('TF_Status *', 'status'), )),
    'TF_Gather': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'dim'), ('const TF_Tensor *', 'index'), ('TF_Status *', 'status'), )),
    'TF_ScatterAdd': ('TF_Tensor *', (('const TF_Tensor *', 't'), ('int', 'dim'), ('const TF_Tensor *', 'index'), ('const TF_Tensor *', 'src'), ('TF_Status *', 'status'), )),
    'TF_Nonzero': ('void', (('const TF_Tensor *', 't'), ('TF_Tensor * *', 'out'), ('int', 'num_out'), ('TF_Status *', 'status'), )),
}
