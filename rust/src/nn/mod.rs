//! Layers as differentiable functions (PyTorch's `torch.nn.functional`): each runs its kernel
//! from `crate::kernels::nn` and records one `Op` for autograd, whose backward rule is in
//! `autograd::rules`. The C entry points in `capi/` call these, so C and Python run the same code.
//!
//! One file per concern (convolution, pooling, normalization, losses, ...), as the kernels.

pub mod conv;
pub mod dropout;
pub mod embedding;
pub mod pool;
pub mod norm;

#[cfg(test)]
mod replay_tests;
pub mod loss;
pub mod attention;
