//! The C ABI. Every `extern "C"` function of the library lives under this module; the rest of
//! the crate never sees a raw pointer from C. `include/tenflowers.h` is generated from these
//! files by cbindgen (see `rust/tests/header.rs`), so the doc comments here are the C reference.

#![allow(non_camel_case_types)]

// Declaration order is the order of the generated header.
pub mod types;
pub mod status;
mod boundary;
pub mod tensor;
pub mod ops;
pub mod reduce_linalg;
