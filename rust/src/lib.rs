//! tenflowers core: strided tensors over shared storage, kernels, and the C ABI in `capi`.
//! The C ABI is the only public interface of the shared library. Layers, bottom to top (checked
//! by tests/layering.rs): data model (error, dtype, layout, storage, tensor) < runtime < kernels
//! < op < autograd < features (nn, optim) < capi.

pub mod autograd;
pub mod capi;
pub mod dtype;
pub mod error;
pub mod kernels;
pub mod layout;
pub mod nn;
pub mod optim;
pub mod serialize;
pub mod op;
pub mod runtime;
pub mod storage;
pub mod tensor;
