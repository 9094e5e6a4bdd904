//! Kernels. Each takes borrowed tensors and returns a new one; none sees a C pointer.

pub mod arith;
pub mod binary;
pub mod creation;
pub mod creation_ext;
pub mod float;
pub mod matmul;
pub mod random;
pub mod reduce;
pub mod select;
pub mod shape;
pub mod softmax;
pub mod unary;
pub mod vecmath;
pub mod index;
pub mod shape_ext;
pub mod linalg;
pub mod reduce_ext;
pub mod sort;
pub mod table;
pub mod fused;
