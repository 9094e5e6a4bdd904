//! Error values of the core. Each carries the code that the C boundary reports as a `TF_Code`;
//! the boundary prefixes the message with the entry point's name.

use std::fmt;

/// Error categories, one per `TF_Code` (the C enum is `capi::types::TF_Code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Shape,
    DType,
    InvalidArgument,
    Device,
    Gradient,
    Numerical,
    OutOfMemory,
    Unimplemented,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: Code,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }
    pub fn shape(message: impl Into<String>) -> Self {
        Self::new(Code::Shape, message)
    }
    pub fn dtype(message: impl Into<String>) -> Self {
        Self::new(Code::DType, message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Code::InvalidArgument, message)
    }
    pub fn oom(message: impl Into<String>) -> Self {
        Self::new(Code::OutOfMemory, message)
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
