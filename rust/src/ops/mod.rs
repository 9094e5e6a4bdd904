//! Kernels. Each takes borrowed tensors and returns a new one; none sees a C pointer.

pub mod arith;
pub mod binary;
pub mod creation;
pub mod linalg;
pub mod matmul;
pub mod random;
pub mod reduce;
pub mod reduce_ext;
pub mod shape;
pub mod sort;
