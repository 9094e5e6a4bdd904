//! Error values of the core. Each carries the `TF_Code` that the C boundary reports; the
//! boundary prefixes the message with the entry point's name.

use std::fmt;

/// Status codes. TF_OK is 0; every other value names the kind of failure. The Python package
/// raises one exception class per code.
///
/// These are the library's own error codes, all of them: any part of it can fail with any code.
#[repr(C)]
#[allow(non_camel_case_types)] // the C names
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// The one table of code values: the core's errors carry these, and the Python package reads
// them from the header.
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: TF_Code,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: TF_Code, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }
    pub fn shape(message: impl Into<String>) -> Self {
        Self::new(TF_Code::TF_SHAPE_ERROR, message)
    }
    pub fn dtype(message: impl Into<String>) -> Self {
        Self::new(TF_Code::TF_DTYPE_ERROR, message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(TF_Code::TF_INVALID_ARGUMENT, message)
    }
    pub fn oom(message: impl Into<String>) -> Self {
        Self::new(TF_Code::TF_OUT_OF_MEMORY, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(TF_Code::TF_INTERNAL, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

/// Formats a shape as `[2,3]`, the form every shape error message uses.
pub fn fmt_shape<T: fmt::Display>(dims: &[T]) -> String {
    let inner: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    format!("[{}]", inner.join(","))
}
