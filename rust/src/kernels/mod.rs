//! Kernels, one folder or file per family. Each takes borrowed tensors and returns a new one;
//! none sees a C pointer or records autograd.

pub mod contraction;
pub mod creation;
pub mod elementwise;
pub mod fused;
pub mod index;
pub mod matmul;
pub mod nn;
pub mod optim;
pub mod random;
pub mod reduce;
pub mod select;
pub mod shape;
pub mod softmax;
pub mod sort;
