//! tenflowers core: strided tensors over shared storage, kernels, and the C ABI in `capi`.
//! The C ABI is the only public interface of the shared library.

pub mod autograd;
pub mod capi;
pub mod device;
pub mod dtype;
pub mod error;
pub mod layout;
pub mod ops;
pub mod op;
pub mod storage;
pub mod team;
pub mod tensor;
pub mod threads;
