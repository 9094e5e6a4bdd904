//! Shape wrappers: views (reshape, expand_dims, squeeze, flatten, transpose, broadcast_to, flip,
//! swapaxes, moveaxis, and the multi-output split, unstack and broadcast_arrays), copies (concat,
//! stack, tile, repeat, roll, pad), casts and contiguous copies.

use super::{index_tensor, range_items, slice, strip};
use crate::autograd::{grad_enabled, record_op, should_record};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::index::IndexItem;
use crate::kernels::shape::{self, PadMode};
use crate::layout::normalize_axis;
use crate::op::Op;
use crate::tensor::Tensor;

/// Records `op` on `t` when `out` must record.
fn one(op: Op, t: &Tensor, out: Tensor) -> Result<Tensor> {
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(op, &[t], out, vec![], false))
}

pub fn reshape(t: &Tensor, dims: &[i64]) -> Result<Tensor> {
    one(Op::Reshape(dims.to_vec()), t, shape::reshape(t, dims)?)
}

pub fn expand_dims(t: &Tensor, axes: &[i64]) -> Result<Tensor> {
    one(Op::ExpandDims(axes.to_vec()), t, shape::expand_dims(t, axes)?)
}

pub fn squeeze(t: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
    one(Op::Squeeze(axes.map(|a| a.to_vec())), t, shape::squeeze(t, axes)?)
}

pub fn flatten(t: &Tensor, start: i64, end: i64) -> Result<Tensor> {
    one(Op::Flatten { start, end }, t, shape::flatten(t, start, end)?)
}

/// A contiguous tensor with `t`'s values (`t` itself when already contiguous).
pub fn contiguous(t: &Tensor) -> Result<Tensor> {
    one(Op::Contiguous, t, t.contiguous()?)
}

/// A contiguous copy of `t`.
pub fn copy(t: &Tensor) -> Result<Tensor> {
    one(Op::Copy, t, t.contiguous_copy()?)
}

pub fn transpose(t: &Tensor, perm: Option<&[i64]>) -> Result<Tensor> {
    one(Op::Transpose(perm.map(|p| p.to_vec())), t, shape::transpose(t, perm)?)
}

pub fn broadcast_to(t: &Tensor, to: &[usize]) -> Result<Tensor> {
    one(Op::BroadcastTo(to.to_vec()), t, shape::broadcast_to(t, to)?)
}

pub fn flip(t: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
    one(Op::Flip(axes.map(|a| a.to_vec())), t, shape::flip(t, axes)?)
}

pub fn swapaxes(t: &Tensor, a: i64, b: i64) -> Result<Tensor> {
    one(Op::SwapAxes(a, b), t, shape::swapaxes(t, a, b)?)
}

pub fn moveaxis(t: &Tensor, source: &[i64], destination: &[i64]) -> Result<Tensor> {
    let op = Op::MoveAxis { source: source.to_vec(), destination: destination.to_vec() };
    one(op, t, shape::moveaxis(t, source, destination)?)
}

pub fn roll(t: &Tensor, shifts: &[i64], axes: Option<&[i64]>) -> Result<Tensor> {
    let op = Op::Roll { shifts: shifts.to_vec(), axes: axes.map(|a| a.to_vec()) };
    one(op, t, shape::roll(t, shifts, axes)?)
}

pub fn tile(t: &Tensor, reps: &[i64]) -> Result<Tensor> {
    one(Op::Tile(reps.to_vec()), t, shape::tile(t, reps)?)
}

/// `repeat`: recorded along a normalized axis (over the flattened input when no axis is given),
/// with the source position of every output element saved for the rule's index-add.
pub fn repeat(t: &Tensor, repeats: &[i64], axis: Option<i64>) -> Result<Tensor> {
    let out = shape::repeat(t, repeats, axis)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let (x, ax) = match axis {
        None => (reshape(t, &[-1])?, 0usize),
        Some(a) => (t.clone(), normalize_axis(a, t.ndim())?),
    };
    let n = x.shape()[ax];
    let map: Vec<usize> =
        (0..n).flat_map(|i| std::iter::repeat(i).take(if repeats.len() == 1 { repeats[0] } else { repeats[i] } as usize)).collect();
    Ok(record_op(Op::Repeat { repeats: repeats.to_vec(), axis: ax }, &[&x], out, vec![index_tensor(&map)?], false))
}

pub fn pad(t: &Tensor, widths: &[(i64, i64)], mode: PadMode, value: f64) -> Result<Tensor> {
    one(Op::Pad { widths: widths.to_vec(), mode, value }, t, shape::pad(t, widths, mode, value)?)
}

pub fn concat(ts: &[&Tensor], axis: Option<i64>) -> Result<Tensor> {
    let out = shape::concat(ts, axis)?;
    if !should_record(ts, &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Concat(axis), ts, out, vec![], false))
}

pub fn stack(ts: &[&Tensor], axis: i64) -> Result<Tensor> {
    let out = shape::stack(ts, axis)?;
    if !should_record(ts, &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Stack(axis), ts, out, vec![], false))
}

/// `astype`: float to float is differentiable (the gradient is cast back); to an integer or bool
/// dtype stops the gradient. The same dtype returns the tensor itself.
pub fn cast(t: &Tensor, dt: DType) -> Result<Tensor> {
    if dt == t.dtype() {
        return Ok(t.clone());
    }
    let out = t.cast(dt)?;
    if !should_record(&[t], &out) || !t.dtype().is_float() {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Cast(dt), &[t], out, vec![], false))
}

/// Multi-output views (split): when recording, each output is rebuilt as a differentiable
/// slice of the input, so each has its own node.
pub fn split_views(t: &Tensor, outs: Vec<Tensor>, axis: i64) -> Result<Vec<Tensor>> {
    if !(t.requires_grad() && grad_enabled()) || !t.dtype().is_float() {
        return Ok(outs.into_iter().map(strip).collect());
    }
    let ax = normalize_axis(axis, t.ndim())?;
    let mut off = 0usize;
    outs.iter()
        .map(|o| {
            let len = o.shape()[ax];
            let r = slice(t, &range_items(ax, off, off + len));
            off += len;
            r
        })
        .collect()
}

/// `unstack`: each output a differentiable integer index of the input along `axis`.
pub fn unstack(t: &Tensor, outs: Vec<Tensor>, axis: i64) -> Result<Vec<Tensor>> {
    if !(t.requires_grad() && grad_enabled()) || !t.dtype().is_float() {
        return Ok(outs.into_iter().map(strip).collect());
    }
    let ax = normalize_axis(axis, t.ndim())?;
    (0..outs.len())
        .map(|i| {
            let mut items = vec![IndexItem::Slice(None, None, 1); ax];
            items.push(IndexItem::Int(i as i64));
            slice(t, &items)
        })
        .collect()
}

/// `broadcast_arrays`: each output that records is a `broadcast_to` of its input.
pub fn broadcast_arrays(ts: &[&Tensor]) -> Result<Vec<Tensor>> {
    let outs = shape::broadcast_arrays(ts)?;
    ts.iter()
        .zip(outs)
        .map(|(t, o)| {
            if t.requires_grad() && grad_enabled() && t.dtype().is_float() {
                broadcast_to(t, &o.shape().to_vec())
            } else {
                Ok(strip(o))
            }
        })
        .collect()
}
