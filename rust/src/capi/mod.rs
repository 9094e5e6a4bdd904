//! The C ABI. Every `extern "C"` function of the library lives under this module; the rest of
//! the crate never sees a raw pointer from C. `include/tenflowers.h` is generated from these
//! files by cbindgen (see `rust/tests/header.rs`), so the doc comments here are the C reference.

#![allow(non_camel_case_types)]

// Declaration order is the order of the generated header (rustfmt.toml keeps it).
pub mod types;
pub mod status;
mod boundary;
mod args;
pub mod tensor;
pub mod unary;
pub mod binary;
pub mod creation;
pub mod random;
pub mod device;
pub mod selection;
pub mod softmax;
pub mod shape;
pub mod index;
pub mod reduce;
pub mod sort;
pub mod contraction;
pub mod autograd;
pub mod runtime;
pub mod fused;
pub mod conv;
pub mod norm;
pub mod loss;
pub mod attention;
pub mod dropout;
pub mod embedding;
pub mod pool;
pub mod optim;
pub mod lr_scheduler;
pub mod serialize;
