//! The C ABI. Every `extern "C"` function of the library lives under this module; the rest of
//! the crate never sees a raw pointer from C. `include/tenflowers.h` is generated from these
//! files by cbindgen (see `rust/tests/header.rs`), so the doc comments here are the C reference.

#![allow(non_camel_case_types)]

// Declaration order is the order of the generated header (rustfmt.toml keeps it).
pub mod types;
pub mod status;
mod boundary;
pub mod tensor;
pub mod elementwise;
pub mod selection;
pub mod softmax;
pub mod creation_device;
pub mod shape_index;
pub mod reduce_linalg;
pub mod autograd;
pub mod runtime;
pub mod fused;
