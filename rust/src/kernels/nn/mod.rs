//! The kernels of the layers and losses: forward and backward passes over raw tensors, threaded
//! on the team. None records autograd (`crate::nn` does) or sees a C pointer.

pub mod conv;
pub mod pool;
pub mod norm;
pub mod class_loss;
pub mod loss;
pub mod attention;
pub mod dropout;
pub mod embedding;
