//! Enums and version constants shared with C.

use crate::dtype::DType;
use crate::error::Code;
use std::os::raw::c_int;

/// Major version of the C ABI: changes when a signature or enum value changes incompatibly.
pub const TF_ABI_VERSION_MAJOR: u32 = 0;
/// Minor version of the C ABI: grows when functions are added.
pub const TF_ABI_VERSION_MINOR: u32 = 2;
/// `(major << 16) | minor`, the value `TF_AbiVersion()` returns. A program compiled against
/// this header should check that the library it loads has the same major and at least this minor.
pub const TF_ABI_VERSION: u32 = (TF_ABI_VERSION_MAJOR << 16) | TF_ABI_VERSION_MINOR;

/// Most dimensions a tensor may have (NumPy's limit too).
pub const TF_MAX_DIMS: i32 = 64;

/// Element types. The values follow TensorFlow's `TF_DataType`; 0 is never a dtype, so
/// functions that return a dtype return 0 for a NULL tensor.
///
/// Supported now: every value but TF_BFLOAT16 and TF_HALF, which are reserved: passing them
/// fails with TF_DTYPE_ERROR.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TF_DataType {
    TF_FLOAT = 1,
    TF_DOUBLE = 2,
    TF_INT32 = 3,
    TF_UINT8 = 4,
    TF_INT16 = 5,
    TF_INT8 = 6,
    TF_INT64 = 9,
    TF_BOOL = 10,
    TF_BFLOAT16 = 14,
    TF_HALF = 19,
}

/// A dtype as it crosses the boundary. Declared `TF_DataType` in the header; kept an integer on
/// the Rust side because an out-of-range value in a Rust enum is undefined behaviour, and C
/// may pass any int.
pub type TF_DataTypeArg = c_int;

pub(crate) fn dtype_code(dt: DType) -> TF_DataTypeArg {
    (match dt {
        DType::F32 => TF_DataType::TF_FLOAT,
        DType::F64 => TF_DataType::TF_DOUBLE,
        DType::I8 => TF_DataType::TF_INT8,
        DType::I16 => TF_DataType::TF_INT16,
        DType::I32 => TF_DataType::TF_INT32,
        DType::U8 => TF_DataType::TF_UINT8,
        DType::I64 => TF_DataType::TF_INT64,
        DType::Bool => TF_DataType::TF_BOOL,
    }) as TF_DataTypeArg
}

/// Status codes. TF_OK is 0; every other value names the kind of failure. The Python package
/// raises one exception class per code.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TF_Code {
    TF_OK = 0,
    /// Shapes that do not fit the operation (broadcasting, matmul alignment, reshape size).
    TF_SHAPE_ERROR = 1,
    /// A dtype that is unknown or not supported by the operation.
    TF_DTYPE_ERROR = 2,
    /// A NULL pointer, a negative dimension, an axis out of range, a length mismatch.
    TF_INVALID_ARGUMENT = 3,
    TF_DEVICE_ERROR = 4,
    TF_GRADIENT_ERROR = 5,
    TF_NUMERICAL_ERROR = 6,
    /// An allocation failed or a size does not fit in memory.
    TF_OUT_OF_MEMORY = 7,
    TF_LAYER_CONFIG_ERROR = 8,
    TF_OPTIMIZER_ERROR = 9,
    TF_SERIALIZATION_ERROR = 10,
    TF_DESERIALIZATION_ERROR = 11,
    TF_DATA_LOAD_ERROR = 12,
    TF_GRAPH_COMPILE_ERROR = 13,
    TF_CHECKPOINT_ERROR = 14,
    TF_UNIMPLEMENTED = 15,
    /// A bug in tenflowers (a caught Rust panic). Please report it.
    TF_INTERNAL = 16,
}

impl From<Code> for TF_Code {
    fn from(c: Code) -> TF_Code {
        match c {
            Code::Shape => TF_Code::TF_SHAPE_ERROR,
            Code::DType => TF_Code::TF_DTYPE_ERROR,
            Code::InvalidArgument => TF_Code::TF_INVALID_ARGUMENT,
            Code::Device => TF_Code::TF_DEVICE_ERROR,
            Code::Gradient => TF_Code::TF_GRADIENT_ERROR,
            Code::Numerical => TF_Code::TF_NUMERICAL_ERROR,
            Code::OutOfMemory => TF_Code::TF_OUT_OF_MEMORY,
            Code::Unimplemented => TF_Code::TF_UNIMPLEMENTED,
            Code::Internal => TF_Code::TF_INTERNAL,
        }
    }
}

/// The library's version string, e.g. "0.1.0". Static storage; never free it.
#[no_mangle]
pub extern "C" fn TF_Version() -> *const std::os::raw::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The ABI version of the loaded library, `(major << 16) | minor`; equals `TF_ABI_VERSION`
/// of the header it was built from.
#[no_mangle]
pub extern "C" fn TF_AbiVersion() -> u32 {
    TF_ABI_VERSION
}

/// Size in bytes of one element of `dt`, or 0 for a value that is not a `TF_DataType`.
#[no_mangle]
pub extern "C" fn TF_DataTypeSize(dt: TF_DataTypeArg) -> usize {
    match dt {
        1 | 3 => 4,
        2 | 9 => 8,
        4 | 6 | 10 => 1,
        5 | 14 | 19 => 2,
        _ => 0,
    }
}
