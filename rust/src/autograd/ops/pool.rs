//! Differentiable poolings. Max pooling saves the indices of its maxima; its backward scatters
//! through them, and that scatter's gradient is a gather by the same indices, so derivatives of
//! any order exist. Average pooling and its backward are each other's adjoints.

use super::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::nn::pool::{self as raw, AvgOptions, PoolSpec};
use crate::op::Op;
use crate::tensor::Tensor;

/// Max pooling of `x` (NCHW): the maxima (recorded as `Op::MaxPool2d`, saving the indices) and
/// their int64 flat indices into each plane (a constant).
pub fn max_pool2d(x: &Tensor, spec: &PoolSpec) -> Result<(Tensor, Tensor)> {
    let (out, idx) = raw::max_pool2d(x, spec)?;
    if !should_record(&[x], &out) {
        return Ok((strip(out), idx));
    }
    let out = record_op(Op::MaxPool2d { spec: *spec }, &[x], out, vec![idx.clone()], false);
    Ok((out, idx))
}

/// `g` added into zeros of spatial size `input_hw` at the plane `indices`, recorded as
/// `Op::MaxPool2dBackward` (differentiable in `g`), saving the indices.
pub fn max_pool2d_backward(g: &Tensor, indices: &Tensor, input_hw: [usize; 2]) -> Result<Tensor> {
    let out = raw::max_pool2d_backward(g, indices, input_hw)?;
    if !should_record(&[g], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::MaxPool2dBackward { input_hw }, &[g], out, vec![indices.detach()], false))
}

/// Average pooling of `x` (NCHW), recorded as `Op::AvgPool2d`.
pub fn avg_pool2d(x: &Tensor, spec: &PoolSpec, opts: &AvgOptions) -> Result<Tensor> {
    let out = raw::avg_pool2d(x, spec, opts)?;
    if !should_record(&[x], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::AvgPool2d { spec: *spec, opts: *opts }, &[x], out, vec![], false))
}

/// Average pooling's input gradient for an input of spatial size `input_hw`, recorded as
/// `Op::AvgPool2dBackward`.
pub fn avg_pool2d_backward(g: &Tensor, spec: &PoolSpec, opts: &AvgOptions, input_hw: [usize; 2]) -> Result<Tensor> {
    let out = raw::avg_pool2d_backward(g, spec, opts, input_hw)?;
    if !should_record(&[g], &out) {
        return Ok(strip(out));
    }
    let op = Op::AvgPool2dBackward { spec: *spec, opts: *opts, input_hw };
    Ok(record_op(op, &[g], out, vec![], false))
}
