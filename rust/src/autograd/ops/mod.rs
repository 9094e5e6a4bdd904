//! Differentiable wrappers: each runs the forward kernel and, when `should_record`, attaches a
//! node that records the `Op` (and the tensors its backward rule reads). The rules
//! (`autograd::rules`) are written with these same wrappers, so `create_graph` records the
//! backward pass too. The C entry points call these instead of the raw kernels.
//!
//! Conventions: gradients of broadcast inputs are summed back to the input shape (`reduce_to`);
//! the engine casts each gradient to its input's dtype. Rules read tensors only through the
//! saved list (version-checked), never by capturing them.

mod conv;
mod dropout;
mod elementwise;
mod embedding;
mod index;
mod pool;
mod products;
mod reduce;
mod selection;
mod shape;

pub use conv::*;
pub use dropout::*;
pub use elementwise::*;
pub use embedding::*;
pub use index::*;
pub use pool::*;
pub use products::*;
pub use reduce::*;
pub use selection::*;
pub use shape::*;

use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::creation;
use crate::kernels::index::IndexItem;
use crate::tensor::Tensor;

/// Evaluates `f` only when the input's gradient is needed.
pub(crate) fn when(need: bool, f: impl FnOnce() -> Result<Tensor>) -> Result<Option<Tensor>> {
    if need {
        f().map(Some)
    } else {
        Ok(None)
    }
}

/// A 0-d constant of dtype `dt` (never requires grad).
pub(crate) fn scalar(dt: DType, v: f64) -> Result<Tensor> {
    creation::full(dt, &[], v)
}

/// A raw predicate turned into 0/1 of dtype `dt` (a constant for the graph).
pub(crate) fn mask(pred: Tensor, dt: DType) -> Result<Tensor> {
    pred.detach().cast(dt)
}

pub(crate) fn i64s(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&d| d as i64).collect()
}

/// Sums `g` (broadcast from `shape`) back down to `shape`.
pub fn reduce_to(g: &Tensor, shape: &[usize]) -> Result<Tensor> {
    if g.shape() == shape {
        return Ok(g.clone());
    }
    let lead = g.ndim() - shape.len();
    let axes: Vec<i64> = (0..g.ndim())
        .filter(|&i| i < lead || (shape[i - lead] == 1 && g.shape()[i] != 1))
        .map(|i| i as i64)
        .collect();
    let s = if axes.is_empty() { g.clone() } else { sum(g, Some(&axes), true)? };
    reshape(&s, &i64s(shape))
}

pub(crate) fn zeros_grad(g: &Tensor, shape: &[usize]) -> Result<Tensor> {
    Tensor::zeros(g.dtype(), shape)
}

/// Drops autograd state a kernel may have passed through by returning its input unchanged.
pub(crate) fn strip(mut t: Tensor) -> Tensor {
    if t.autograd.is_some() && !super::grad_enabled() {
        t.autograd = None;
    }
    t
}

/// True when an op on `ts` would record (grad mode on, an input requires grad, a float dtype):
/// the composite ops that record their lowering instead of one node ask this first.
pub(crate) fn records(ts: &[&Tensor]) -> bool {
    ts.iter().any(|t| t.requires_grad()) && super::grad_enabled() && ts.iter().any(|t| t.dtype().is_float())
}

/// The items selecting `[start, stop)` along `axis`.
pub(crate) fn range_items(axis: usize, start: usize, stop: usize) -> Vec<IndexItem> {
    let mut items = vec![IndexItem::Slice(None, None, 1); axis];
    items.push(IndexItem::Slice(Some(start as i64), Some(stop as i64), 1));
    items
}

/// A 1-D int64 tensor of `v`.
pub(crate) fn index_tensor(v: &[usize]) -> Result<Tensor> {
    Tensor::build::<i64>(&[v.len()], |o| {
        for (o, &i) in o.iter_mut().zip(v) {
            *o = i as i64;
        }
    })
}
