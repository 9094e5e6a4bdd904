//! Tensors filled with a constant.

use crate::dtype::{scalar_from_f64, DType, Element};
use crate::error::Result;
use crate::tensor::Tensor;
use crate::threads::{for_chunks, PARALLEL_MIN};
use crate::with_dtype;

/// A new tensor of `shape` with every element `value`, filled across the team.
pub fn filled<T: Element>(shape: &[usize], value: T) -> Result<Tensor> {
    Tensor::build::<T>(shape, |out| for_chunks(out, PARALLEL_MIN, |_, c| c.fill(value)))
}

/// `value` converted to `dtype`; a value the dtype cannot hold (3e9 as int32, NaN as int64) is
/// an InvalidArgument error rather than a silently saturated number.
pub fn full(dtype: DType, shape: &[usize], value: f64) -> Result<Tensor> {
    with_dtype!(dtype, T => filled::<T>(shape, scalar_from_f64::<T>(value)?))
}

pub fn zeros(dtype: DType, shape: &[usize]) -> Result<Tensor> {
    Tensor::zeros(dtype, shape)
}

pub fn ones(dtype: DType, shape: &[usize]) -> Result<Tensor> {
    full(dtype, shape, 1.0)
}
