//! Reduction and scan wrappers: sum, mean, max, min, var, std, logsumexp, prod,
//! cumulative_sum, softmax and log_softmax.

use super::{reshape, strip, unary};
use crate::autograd::{record_op, should_record};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::elementwise::table::UnaryOp;
use crate::kernels::{reduce, softmax as raw_softmax};
use crate::layout::normalize_axis;
use crate::op::{Op, ReduceOp};
use crate::tensor::Tensor;

/// `shape` with the dims in `m` set to 1.
pub(crate) fn keep_shape(shape: &[usize], m: &[bool]) -> Vec<i64> {
    shape.iter().zip(m).map(|(&d, &r)| if r { 1 } else { d as i64 }).collect()
}

/// `g` of a reduction's output, reshaped with the reduced dims kept and broadcast to `shape`.
pub(crate) fn expand_back(g: &Tensor, shape: &[usize], m: &[bool]) -> Result<Tensor> {
    super::broadcast_to(&reshape(g, &keep_shape(shape, m))?, shape)
}

/// The axes of a reduce mask.
pub(crate) fn mask_axes(m: &[bool]) -> Vec<i64> {
    m.iter().enumerate().filter(|(_, &r)| r).map(|(i, _)| i as i64).collect()
}

/// A reduction recorded as `Op::Reduce`.
fn reduction(op: ReduceOp, t: &Tensor, axes: Option<&[i64]>, keepdims: bool, correction: f64) -> Result<Tensor> {
    let out = op.run(t, axes, keepdims, correction)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let rec = Op::Reduce { op, axes: axes.map(|a| a.to_vec()), keepdims, correction };
    let (saved, save_out) = match op {
        ReduceOp::Sum | ReduceOp::Mean => (vec![], false),
        ReduceOp::Var => (vec![t.clone()], false),
        ReduceOp::Max | ReduceOp::Min | ReduceOp::LogSumExp => (vec![t.clone()], true),
    };
    Ok(record_op(rec, &[t], out, saved, save_out))
}

pub fn sum(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    reduction(ReduceOp::Sum, t, axes, keepdims, 0.0)
}

pub fn mean(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    reduction(ReduceOp::Mean, t, axes, keepdims, 0.0)
}

/// max/min over axes: the gradient is shared evenly among the elements equal to the extreme
/// (PyTorch's amax/amin rule).
pub fn max_min(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, is_max: bool) -> Result<Tensor> {
    reduction(if is_max { ReduceOp::Max } else { ReduceOp::Min }, t, axes, keepdims, 0.0)
}

/// var (and std, through `std`): d var / dx = 2 (x - mean) / (N - correction).
pub fn var(t: &Tensor, axes: Option<&[i64]>, correction: f64, keepdims: bool) -> Result<Tensor> {
    reduction(ReduceOp::Var, t, axes, keepdims, correction)
}

pub fn std(t: &Tensor, axes: Option<&[i64]>, correction: f64, keepdims: bool) -> Result<Tensor> {
    let v = var(t, axes, correction, keepdims)?;
    unary(UnaryOp::Sqrt, &v)
}

pub fn logsumexp(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    reduction(ReduceOp::LogSumExp, t, axes, keepdims, 0.0)
}

/// `prod` over `axes` (the rule uses exclusive products, so zeros are exact).
pub fn prod(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let out = reduce::prod(t, axes, keepdims)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let op = Op::Prod { axes: axes.map(|a| a.to_vec()), keepdims };
    Ok(record_op(op, &[t], out, vec![t.clone()], false))
}

/// `cumulative_sum`: recorded along a normalized axis, over the flattened input when no axis is
/// given for a tensor of two or more dims.
pub fn cumulative_sum(t: &Tensor, axis: Option<i64>, dtype: Option<DType>, include_initial: bool) -> Result<Tensor> {
    let out = reduce::cumulative_sum(t, axis, dtype, include_initial)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let (x, ax) = match axis {
        Some(a) => (t.clone(), normalize_axis(a, t.ndim())?),
        None if t.ndim() <= 1 => (t.clone(), 0),
        None => (reshape(t, &[-1])?, 0),
    };
    let out = reduce::cumulative_sum(&x, Some(ax as i64), dtype, include_initial)?;
    Ok(record_op(Op::CumulativeSum { axis: ax, dtype, include_initial }, &[&x], out, vec![], false))
}

/// softmax, or log_softmax when `log`, along `axis` (the rule reads the saved output).
pub fn softmax(x: &Tensor, axis: i64, log: bool) -> Result<Tensor> {
    let out = raw_softmax::softmax(x, axis, log)?;
    if !should_record(&[x], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Softmax { axis, log }, &[x], out, vec![], true))
}
