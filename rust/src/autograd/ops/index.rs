//! Indexing wrappers: slices (views), advanced indexing, take, take_along_axis, gather and
//! scatter_add, the adjoint writes their rules use (slice_scatter, index_add), and sort/topk,
//! which record as gathers.

use super::{reshape, strip};
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::index::{self, IndexItem};
use crate::layout::normalize_axis;
use crate::op::Op;
use crate::tensor::Tensor;

/// Basic indexing (a view).
pub fn slice(t: &Tensor, items: &[IndexItem]) -> Result<Tensor> {
    let out = index::slice(t, items)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Slice(items.to_vec()), &[t], out, vec![], false))
}

/// Zeros of `shape` with `g` written at `shape[items]` (the adjoint of `slice`).
pub(crate) fn slice_scatter(g: &Tensor, shape: &[usize], items: &[IndexItem]) -> Result<Tensor> {
    let z = index::slice_scatter(g, shape, items)?;
    if !should_record(&[g], &z) {
        return Ok(z);
    }
    Ok(record_op(Op::SliceScatter { shape: shape.to_vec(), items: items.to_vec() }, &[g], z, vec![], false))
}

/// Advanced indexing (`TF_Index`); the index tensors are saved (detached) for the rule.
pub fn index_select(t: &Tensor, indices: &[&Tensor], axes: &[i64]) -> Result<Tensor> {
    let out = index::index(t, indices, axes)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let saved: Vec<Tensor> = indices.iter().map(|i| i.detach()).collect();
    Ok(record_op(Op::Index(axes.to_vec()), &[t], out, saved, false))
}

/// Zeros of `shape` with `g` added at the positions the index tensors `idx` select along
/// `axes` (the adjoint of `index_select`).
pub(crate) fn index_add(g: &Tensor, shape: &[usize], idx: &[Tensor], axes: &[i64]) -> Result<Tensor> {
    let refs: Vec<&Tensor> = idx.iter().collect();
    let z = index::index_add_zeros(shape, &refs, axes, &g.detach())?;
    if !should_record(&[g], &z) {
        return Ok(z);
    }
    Ok(record_op(Op::IndexAdd { shape: shape.to_vec(), axes: axes.to_vec() }, &[g], z, idx.to_vec(), false))
}

/// torch.gather along `dim`.
pub fn gather(t: &Tensor, dim: i64, idx: &Tensor) -> Result<Tensor> {
    let out = index::gather(t, dim, idx)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Gather(dim), &[t], out, vec![idx.detach()], false))
}

/// torch.scatter_add along `dim`: differentiable in `t` and `src`.
pub fn scatter_add(t: &Tensor, dim: i64, idx: &Tensor, src: &Tensor) -> Result<Tensor> {
    let out = index::scatter_add(t, dim, idx, src)?;
    if !should_record(&[t, src], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::ScatterAdd(dim), &[t, src], out, vec![idx.detach()], false))
}

/// `take`: recorded as advanced indexing of `t` (or of its flattened view).
pub fn take(t: &Tensor, indices: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    if !super::records(&[t]) || !indices.dtype().is_int() {
        return index::take(t, indices, axis);
    }
    match axis {
        None => index_select(&reshape(t, &[-1])?, &[indices], &[0]),
        Some(a) => {
            normalize_axis(a, t.ndim())?;
            index_select(t, &[indices], &[a])
        }
    }
}

/// `take_along_axis`: recorded along a normalized axis (over the flattened input when no axis
/// is given), with the indices saved broadcast to the output's shape.
pub fn take_along_axis(t: &Tensor, indices: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    let out = index::take_along_axis(t, indices, axis)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let (x, d) = match axis {
        None => (reshape(t, &[-1])?, 0usize),
        Some(a) => (t.clone(), normalize_axis(a, t.ndim())?),
    };
    let idx = indices.detach().view(indices.layout().broadcast_to(out.shape())?);
    Ok(record_op(Op::TakeAlongAxis(d), &[&x], out, vec![idx], false))
}

/// `sort` along `axis`: recorded as a gather at the sorting permutation, so each input element
/// gets the gradient of the position it moved to (ties keep their input order: the stable sort
/// decides which tied element gets which position).
pub fn sort(x: &Tensor, axis: i64, descending: bool, stable: bool) -> Result<Tensor> {
    if !super::records(&[x]) {
        return crate::kernels::sort::sort(x, axis, descending, stable);
    }
    let idx = crate::kernels::sort::argsort(x, axis, descending, stable)?;
    gather(x, axis, &idx)
}

/// `topk`: the values are recorded as a gather at the returned indices (ties: the element at
/// the lower position is the one selected first, as the indices say).
pub fn topk(x: &Tensor, k: i64, axis: i64, largest: bool, sorted: bool) -> Result<(Tensor, Tensor)> {
    let (values, indices) = crate::kernels::sort::topk(x, k, axis, largest, sorted)?;
    if !super::records(&[x]) {
        return Ok((strip(values), indices));
    }
    Ok((gather(x, axis, &indices)?, indices))
}
