//! Enums and version constants shared with C.

use super::boundary::guard;
use super::status::TF_Status;
use crate::dtype::{DType, RESERVED};
use std::os::raw::c_int;

/// Major version of the C ABI: changes when a signature or enum value changes incompatibly.
pub const TF_ABI_VERSION_MAJOR: u32 = 0;
/// Minor version of the C ABI: grows when functions are added.
pub const TF_ABI_VERSION_MINOR: u32 = 4;
/// `(major << 16) | minor`, the value `TF_AbiVersion()` returns. A program compiled against
/// this header should check that the library it loads has the same major and at least this minor.
pub const TF_ABI_VERSION: u32 = (TF_ABI_VERSION_MAJOR << 16) | TF_ABI_VERSION_MINOR;

/// A dtype as it crosses the boundary. Declared `TF_DataType` in the header; kept an integer on
/// the Rust side because an out-of-range value in a Rust enum is undefined behaviour, and C
/// may pass any int.
pub type TF_DataTypeArg = c_int;

pub(crate) fn dtype_code(dt: DType) -> TF_DataTypeArg {
    dt.code() as TF_DataTypeArg
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
    if RESERVED.iter().any(|(c, _)| *c as c_int == dt) {
        return 2; // reserved: a size is known before kernels are
    }
    DType::try_from(dt).map_or(0, DType::size)
}

/// The dtype two operands of dtypes `a` and `b` promote to in every binary operation
/// (`numpy.result_type`; the Array API table where it defines one): the wider of one kind, uint8
/// with int8 gives int16, a float wide enough for the integer (int32 with float32 gives double),
/// bool gives way to anything. Returns 0 with TF_DTYPE_ERROR for an unknown or unsupported dtype.
///
/// # Safety
/// No pointer arguments but `status`.
#[no_mangle]
pub unsafe extern "C" fn TF_ResultType(a: TF_DataTypeArg, b: TF_DataTypeArg, status: *mut TF_Status) -> TF_DataTypeArg {
    guard(status, "TF_ResultType", 0, || Ok(dtype_code(DType::promote(DType::try_from(a)?, DType::try_from(b)?))))
}
