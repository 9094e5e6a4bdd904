//! Differentiable wrappers: each runs the forward kernel and, when `should_record`, attaches a
//! node whose backward formula is written with these same wrappers (so `create_graph` records
//! the backward pass too). The C entry points call these instead of the raw kernels.
//!
//! Conventions: gradients of broadcast inputs are summed back to the input shape (`reduce_to`);
//! the engine casts each gradient to its input's dtype. Formulas read tensors only through the
//! saved list (version-checked), never by capturing them.

use super::{record, record_op, should_record};
use crate::op::{Op, ReduceOp};
use crate::dtype::DType;
use crate::error::Result;
use crate::layout::normalize_axis;
use crate::kernels::elementwise::binary::{binary as raw_binary, BinaryOp};
use crate::kernels::index::{self, IndexItem};
use crate::kernels::reduce::reduce_mask;
use crate::kernels::elementwise::unary::{unary as raw_unary, unary_param as raw_unary_param, ParamOp, UnaryOp};
use crate::kernels::{creation, matmul as raw_matmul, reduce, select, shape, softmax as raw_softmax};
use crate::tensor::Tensor;
use std::ffi::CStr;

/// Evaluates `f` only when the input's gradient is needed.
pub(super) fn when(need: bool, f: impl FnOnce() -> Result<Tensor>) -> Result<Option<Tensor>> {
    if need {
        f().map(Some)
    } else {
        Ok(None)
    }
}

/// A 0-d constant of dtype `dt` (never requires grad).
pub(super) fn scalar(dt: DType, v: f64) -> Result<Tensor> {
    creation::full(dt, &[], v)
}

/// A raw predicate turned into 0/1 of dtype `dt` (a constant for the graph).
pub(super) fn mask(pred: Tensor, dt: DType) -> Result<Tensor> {
    pred.detach().cast(dt)
}

fn i64s(shape: &[usize]) -> Vec<i64> {
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

// -- elementwise binary ------------------------------------------------------------------------

pub fn add(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Add, a, b)
}
pub fn sub(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Sub, a, b)
}
pub fn mul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Mul, a, b)
}
pub fn div(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Div, a, b)
}
pub(super) fn mul_s(a: &Tensor, v: f64) -> Result<Tensor> {
    mul(a, &scalar(a.dtype(), v)?)
}
pub(super) fn add_s(a: &Tensor, v: f64) -> Result<Tensor> {
    add(a, &scalar(a.dtype(), v)?)
}

/// An elementwise binary op with NumPy broadcasting, differentiable for the float-valued ops.
pub fn binary(op: BinaryOp, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = raw_binary(op, a, b)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    use BinaryOp::*;
    let save_out = matches!(op, Pow | Hypot | Logaddexp | Copysign);
    // Mul and Div save an operand only when the other input's gradient needs it (as PyTorch),
    // so `y *= 2` on a non-leaf does not save the `y` it overwrites.
    let unused = || Tensor::zeros(a.dtype(), &[0]);
    let saved = match op {
        Add | Sub | FloorDiv => vec![],
        Mul => vec![
            if b.requires_grad() { a.clone() } else { unused()? },
            if a.requires_grad() { b.clone() } else { unused()? },
        ],
        Div => vec![if b.requires_grad() { a.clone() } else { unused()? }, b.clone()],
        Copysign => vec![a.clone()],
        _ => vec![a.clone(), b.clone()],
    };
    match op {
        Add | Sub | Mul | Div | Pow | Maximum | Minimum | Atan2 | Hypot | Logaddexp | Remainder | FloorDiv
        | Copysign => {}
        // The remaining ops give bool or integer results, which never record.
        _ => return Err(crate::error::Error::new(crate::error::TF_Code::TF_INTERNAL, format!("{} recorded a float result", op.name()))),
    }
    Ok(record_op(Op::Binary(op), &[a, b], out, saved, save_out))
}

pub(super) fn zeros_grad(g: &Tensor, shape: &[usize]) -> Result<Tensor> {
    Tensor::zeros(g.dtype(), shape)
}


/// Drops autograd state a kernel may have passed through by returning its input unchanged.
fn strip(mut t: Tensor) -> Tensor {
    if t.autograd.is_some() && !super::grad_enabled() {
        t.autograd = None;
    }
    t
}

// -- elementwise unary -------------------------------------------------------------------------

pub fn neg(t: &Tensor) -> Result<Tensor> {
    unary(UnaryOp::Negative, t)
}

// As the forward kernel in ops::unary.
pub(super) const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
pub(super) const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

/// An elementwise unary op, differentiable where the math is.
pub fn unary(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    let out = raw_unary(op, t)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    use UnaryOp::*;
    let save_out = matches!(op, Exp | Expm1 | Sqrt | Reciprocal | Tan | Tanh | Sigmoid);
    let save_in = !matches!(op, Negative | Positive | Sign | Floor | Ceil | Round | Trunc) && !save_out;
    let saved = if save_in { vec![t.clone()] } else { vec![] };
    Ok(record_op(Op::Unary(op), &[t], out, saved, save_out))
}

/// leaky_relu and elu.
pub fn unary_param(op: ParamOp, t: &Tensor, p: f64) -> Result<Tensor> {
    let out = raw_unary_param(op, t, p)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::UnaryParam(op, p), &[t], out, vec![t.clone()], true))
}

// -- selection ---------------------------------------------------------------------------------

/// `where(cond, x, y)`: the gradient goes to `x` where cond holds, else to `y`.
pub fn where_(cond: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let out = select::where_(cond, x, y)?;
    if !should_record(&[x, y], &out) {
        return Ok(strip(out));
    }
    let (sx, sy) = (x.shape().to_vec(), y.shape().to_vec());
    let c = cond.detach();
    Ok(record(c"WhereBackward", &[x, y], out, vec![c], false, move |need, s, g| {
        let zero = scalar(g.dtype(), 0.0)?;
        Ok(vec![
            when(need[0], || reduce_to(&where_(&s[0], g, &zero)?, &sx))?,
            when(need[1], || reduce_to(&where_(&s[0], &zero, g)?, &sy))?,
        ])
    }))
}

/// `clip(x, min, max)`. As PyTorch's clamp: `x` gets the gradient where `min <= x <= max`,
/// `min` where `x < min`, `max` where `x > max`.
pub fn clip(x: &Tensor, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
    let out = select::clip(x, min, max)?;
    let mut ins: Vec<&Tensor> = vec![x];
    ins.extend(min);
    ins.extend(max);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let (has_min, has_max) = (min.is_some(), max.is_some());
    let shapes: Vec<Vec<usize>> = ins.iter().map(|t| t.shape().to_vec()).collect();
    let saved: Vec<Tensor> = ins.iter().map(|t| (*t).clone()).collect();
    Ok(record(c"ClipBackward", &ins, out, saved, false, move |need, s, g| {
        let dt = g.dtype();
        let xv = &s[0];
        let lo = if has_min { Some(&s[1]) } else { None };
        let hi = if has_max { Some(&s[1 + has_min as usize]) } else { None };
        let mut inside = creation::full(DType::Bool, &[], 1.0)?;
        if let Some(lo) = lo {
            inside = raw_binary(BinaryOp::LogicalAnd, &inside, &raw_binary(BinaryOp::GreaterEqual, xv, lo)?)?;
        }
        if let Some(hi) = hi {
            inside = raw_binary(BinaryOp::LogicalAnd, &inside, &raw_binary(BinaryOp::LessEqual, xv, hi)?)?;
        }
        let mut out = vec![when(need[0], || reduce_to(&mul(g, &mask(inside.clone(), dt)?)?, &shapes[0]))?];
        if let Some(lo) = lo {
            out.push(when(need[1], || reduce_to(&mul(g, &mask(raw_binary(BinaryOp::Less, xv, lo)?, dt)?)?, &shapes[1]))?);
        }
        if let Some(hi) = hi {
            let i = 1 + has_min as usize;
            out.push(when(need[i], || reduce_to(&mul(g, &mask(raw_binary(BinaryOp::Greater, xv, hi)?, dt)?)?, &shapes[i]))?);
        }
        Ok(out)
    }))
}

// -- softmax -----------------------------------------------------------------------------------

pub fn softmax(x: &Tensor, axis: i64, log: bool) -> Result<Tensor> {
    let out = raw_softmax::softmax(x, axis, log)?;
    if !should_record(&[x], &out) {
        return Ok(strip(out));
    }
    let axes: Option<Vec<i64>> = if x.ndim() == 0 { None } else { Some(vec![axis]) };
    let name = if log { c"LogSoftmaxBackward" } else { c"SoftmaxBackward" };
    Ok(record(name, &[x], out, vec![], true, move |need, s, g| {
        if !need[0] {
            return Ok(vec![None]);
        }
        let y = &s[0];
        let gx = if log {
            sub(g, &mul(&unary(UnaryOp::Exp, y)?, &sum(g, axes.as_deref(), true)?)?)?
        } else {
            mul(y, &sub(g, &sum(&mul(g, y)?, axes.as_deref(), true)?)?)?
        };
        Ok(vec![Some(gx)])
    }))
}

// -- matmul ------------------------------------------------------------------------------------

/// `numpy.matmul` in every form (1-D operands promoted and the dim removed, batch broadcast).
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = raw_matmul::matmul(a, b)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    let (sa, sb) = (a.shape().to_vec(), b.shape().to_vec());
    Ok(record(c"MatmulBackward", &[a, b], out, vec![a.clone(), b.clone()], false, move |need, s, g| {
        let a2 = if sa.len() == 1 { expand_dims(&s[0], &[0])? } else { s[0].clone() };
        let b2 = if sb.len() == 1 { expand_dims(&s[1], &[1])? } else { s[1].clone() };
        let mut g2 = g.clone();
        if sb.len() == 1 {
            g2 = expand_dims(&g2, &[-1])?;
        }
        if sa.len() == 1 {
            g2 = expand_dims(&g2, &[-2])?;
        }
        Ok(vec![
            when(need[0], || reshape(&reduce_to(&matmul(&g2, &swap_last(&b2)?)?, a2.shape())?, &i64s(&sa)))?,
            when(need[1], || reshape(&reduce_to(&matmul(&swap_last(&a2)?, &g2)?, b2.shape())?, &i64s(&sb)))?,
        ])
    }))
}

fn swap_last(t: &Tensor) -> Result<Tensor> {
    let n = t.ndim() as i64;
    let mut perm: Vec<i64> = (0..n).collect();
    perm.swap((n - 1) as usize, (n - 2) as usize);
    transpose(t, Some(&perm))
}

// -- reductions --------------------------------------------------------------------------------

pub(super) fn keep_shape(shape: &[usize], m: &[bool]) -> Vec<i64> {
    shape.iter().zip(m).map(|(&d, &r)| if r { 1 } else { d as i64 }).collect()
}

/// `g` of a reduction's output, reshaped with the reduced dims kept and broadcast to `shape`.
pub(super) fn expand_back(g: &Tensor, shape: &[usize], m: &[bool]) -> Result<Tensor> {
    broadcast_to(&reshape(g, &keep_shape(shape, m))?, shape)
}

/// A reduction recorded as `Op::Reduce` (its backward is in `rules`).
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

pub(super) fn mask_axes(m: &[bool]) -> Vec<i64> {
    m.iter().enumerate().filter(|(_, &r)| r).map(|(i, _)| i as i64).collect()
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

// -- shape -------------------------------------------------------------------------------------

/// A shape op whose gradient is the output gradient reshaped back to the input's shape.
fn reshaping(name: &'static CStr, t: &Tensor, out: Tensor) -> Result<Tensor> {
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let shape = i64s(t.shape());
    Ok(record(name, &[t], out, vec![], false, move |need, _, g| Ok(vec![when(need[0], || reshape(g, &shape))?])))
}

pub fn reshape(t: &Tensor, dims: &[i64]) -> Result<Tensor> {
    reshaping(c"ReshapeBackward", t, shape::reshape(t, dims)?)
}

pub fn expand_dims(t: &Tensor, axes: &[i64]) -> Result<Tensor> {
    reshaping(c"ExpandDimsBackward", t, shape::expand_dims(t, axes)?)
}

pub fn squeeze(t: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
    reshaping(c"SqueezeBackward", t, shape::squeeze(t, axes)?)
}

pub fn flatten(t: &Tensor, start: i64, end: i64) -> Result<Tensor> {
    reshaping(c"FlattenBackward", t, shape::flatten(t, start, end)?)
}

/// contiguous / copy: identity gradient.
pub fn identity(name: &'static CStr, t: &Tensor, out: Tensor) -> Result<Tensor> {
    reshaping(name, t, out)
}

pub fn transpose(t: &Tensor, perm: Option<&[i64]>) -> Result<Tensor> {
    let out = shape::transpose(t, perm)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let nd = t.ndim();
    let inv: Option<Vec<i64>> = match perm {
        None => None,
        Some(p) => {
            let mut inv = vec![0i64; nd];
            for (i, &a) in p.iter().enumerate() {
                inv[normalize_axis(a, nd)?] = i as i64;
            }
            Some(inv)
        }
    };
    Ok(record(c"PermuteBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || transpose(g, inv.as_deref()))?])
    }))
}

pub fn broadcast_to(t: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let out = shape::broadcast_to(t, shape)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let s = t.shape().to_vec();
    Ok(record(c"BroadcastToBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || reduce_to(g, &s))?])
    }))
}

pub fn flip(t: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
    let out = shape::flip(t, axes)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let axes: Option<Vec<i64>> = axes.map(|a| a.to_vec());
    Ok(record(c"FlipBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || flip(g, axes.as_deref()))?])
    }))
}

pub fn swapaxes(t: &Tensor, a: i64, b: i64) -> Result<Tensor> {
    let out = shape::swapaxes(t, a, b)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record(c"SwapAxesBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || swapaxes(g, a, b))?])
    }))
}

pub fn moveaxis(t: &Tensor, source: &[i64], destination: &[i64]) -> Result<Tensor> {
    let out = shape::moveaxis(t, source, destination)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let (src, dst) = (source.to_vec(), destination.to_vec());
    Ok(record(c"MoveAxisBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || moveaxis(g, &dst, &src))?])
    }))
}

/// Basic indexing (a view): the gradient is scattered back into zeros of the input's shape.
pub fn slice(t: &Tensor, items: &[IndexItem]) -> Result<Tensor> {
    let out = index::slice(t, items)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let (shape, items) = (t.shape().to_vec(), items.to_vec());
    Ok(record(c"SliceBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || slice_scatter(g, &shape, &items))?])
    }))
}

/// Zeros of `shape` with `g` written at `shape[items]`; its gradient is the slice again.
fn slice_scatter(g: &Tensor, shape: &[usize], items: &[IndexItem]) -> Result<Tensor> {
    let z = Tensor::zeros(g.dtype(), shape)?;
    index::assign(&index::slice(&z, items)?, &g.detach())?;
    if !should_record(&[g], &z) {
        return Ok(z);
    }
    let items = items.to_vec();
    Ok(record(c"SliceScatterBackward", &[g], z, vec![], false, move |need, _, gg| {
        Ok(vec![when(need[0], || slice(gg, &items))?])
    }))
}

/// The items selecting `[start, stop)` along `axis` of an `ndim`-d tensor.
fn range_items(axis: usize, start: usize, stop: usize) -> Vec<IndexItem> {
    let mut items = vec![IndexItem::Slice(None, None, 1); axis];
    items.push(IndexItem::Slice(Some(start as i64), Some(stop as i64), 1));
    items
}

pub fn concat(ts: &[&Tensor], axis: Option<i64>) -> Result<Tensor> {
    let out = shape::concat(ts, axis)?;
    if !should_record(ts, &out) {
        return Ok(strip(out));
    }
    let shapes: Vec<Vec<usize>> = ts.iter().map(|t| t.shape().to_vec()).collect();
    let ax = match axis {
        Some(a) => Some(normalize_axis(a, out.ndim())?),
        None => None,
    };
    Ok(record(c"ConcatBackward", ts, out, vec![], false, move |need, _, g| {
        let mut off = 0usize;
        let mut grads = Vec::with_capacity(shapes.len());
        for (i, s) in shapes.iter().enumerate() {
            let len = match ax {
                Some(a) => s[a],
                None => s.iter().product(),
            };
            grads.push(when(need[i], || {
                let piece = slice(g, &range_items(ax.unwrap_or(0), off, off + len))?;
                reshape(&piece, &i64s(s))
            })?);
            off += len;
        }
        Ok(grads)
    }))
}

pub fn stack(ts: &[&Tensor], axis: i64) -> Result<Tensor> {
    let out = shape::stack(ts, axis)?;
    if !should_record(ts, &out) {
        return Ok(strip(out));
    }
    let ax = normalize_axis(axis, out.ndim())?;
    let n = ts.len();
    Ok(record(c"StackBackward", ts, out, vec![], false, move |need, _, g| {
        (0..n)
            .map(|i| {
                when(need[i], || {
                    let mut items = vec![IndexItem::Slice(None, None, 1); ax];
                    items.push(IndexItem::Int(i as i64));
                    slice(g, &items)
                })
            })
            .collect()
    }))
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
    let src = t.dtype();
    Ok(record(c"CastBackward", &[t], out, vec![], false, move |need, _, g| Ok(vec![when(need[0], || cast(g, src))?])))
}

// -- more ops ------------------------------------------------------------------------------------

/// Multi-output views (split, unstack, broadcast_arrays): when recording, each output is rebuilt
/// as a differentiable slice or broadcast of the input, so each has its own node.
pub fn split_views(t: &Tensor, outs: Vec<Tensor>, axis: i64) -> Result<Vec<Tensor>> {
    if !(t.requires_grad() && super::grad_enabled()) || !t.dtype().is_float() {
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

pub fn unstack(t: &Tensor, outs: Vec<Tensor>, axis: i64) -> Result<Vec<Tensor>> {
    if !(t.requires_grad() && super::grad_enabled()) || !t.dtype().is_float() {
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

pub fn broadcast_arrays(ts: &[&Tensor]) -> Result<Vec<Tensor>> {
    let outs = shape::broadcast_arrays(ts)?;
    ts.iter().zip(outs).map(|(t, o)| {
        if t.requires_grad() && super::grad_enabled() && t.dtype().is_float() {
            broadcast_to(t, &o.shape().to_vec())
        } else {
            Ok(strip(o))
        }
    }).collect()
}

/// `vecdot`: recorded as `sum(a * b, axis)` (same values up to rounding).
pub fn vecdot(a: &Tensor, b: &Tensor, axis: i64) -> Result<Tensor> {
    let out = crate::kernels::contraction::vecdot(a, b, axis)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    sum(&mul(a, b)?, Some(&[axis]), false)
}

/// `outer`: recorded as `flatten(a)[:, None] * flatten(b)[None, :]`.
pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = crate::kernels::contraction::outer(a, b)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    mul(&reshape(a, &[-1, 1])?, &reshape(b, &[1, -1])?)
}

/// `cumulative_sum`: the gradient is the reversed cumulative sum of the output gradient.
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
    let n = x.shape()[ax];
    Ok(record(c"CumsumBackward", &[&x], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || {
            let g = if include_initial { slice(g, &range_items(ax, 1, n + 1))? } else { g.clone() };
            let f = flip(&g, Some(&[ax as i64]))?;
            flip(&cumulative_sum(&f, Some(ax as i64), None, false)?, Some(&[ax as i64]))
        })?])
    }))
}

/// `gather` (torch.gather): the gradient is scatter-added back along `dim`.
pub fn gather(t: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    let out = index::gather(t, dim, index)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let shape = t.shape().to_vec();
    Ok(record(c"GatherBackward", &[t], out, vec![index.detach()], false, move |need, s, g| {
        Ok(vec![when(need[0], || scatter_add(&Tensor::zeros(g.dtype(), &shape)?, dim, &s[0], g))?])
    }))
}

/// `scatter_add` (torch.scatter_add): `t` gets the gradient as is, `src` gathers it.
pub fn scatter_add(t: &Tensor, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
    let out = index::scatter_add(t, dim, index, src)?;
    if !should_record(&[t, src], &out) {
        return Ok(strip(out));
    }
    let src_shape = src.shape().to_vec();
    Ok(record(c"ScatterAddBackward", &[t, src], out, vec![index.detach()], false, move |need, s, g| {
        Ok(vec![
            when(need[0], || Ok(g.clone()))?,
            when(need[1], || {
                let r = gather(g, dim, &s[0])?;
                if r.shape() == &src_shape[..] {
                    Ok(r)
                } else {
                    // Elements of src outside index's extent are not added anywhere.
                    let items: Vec<IndexItem> =
                        r.shape().iter().map(|&n| IndexItem::Slice(Some(0), Some(n as i64), 1)).collect();
                    slice_scatter(&r, &src_shape, &items)
                }
            })?,
        ])
    }))
}

/// `roll`: the gradient is rolled back.
pub fn roll(t: &Tensor, shifts: &[i64], axes: Option<&[i64]>) -> Result<Tensor> {
    let out = shape::roll(t, shifts, axes)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let back: Vec<i64> = shifts.iter().map(|s| s.wrapping_neg()).collect();
    let axes: Option<Vec<i64>> = axes.map(|a| a.to_vec());
    Ok(record(c"RollBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || roll(g, &back, axes.as_deref()))?])
    }))
}

/// Advanced indexing (`TF_Index`): the gradient is added back at the selected positions
/// (repeated indices accumulate).
pub fn index_select(t: &Tensor, indices: &[&Tensor], axes: &[i64]) -> Result<Tensor> {
    let out = index::index(t, indices, axes)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let shape = t.shape().to_vec();
    let saved: Vec<Tensor> = indices.iter().map(|i| i.detach()).collect();
    let axes = axes.to_vec();
    Ok(record(c"IndexBackward", &[t], out, saved, false, move |need, s, g| {
        Ok(vec![when(need[0], || index_add(g, &shape, s, &axes))?])
    }))
}

fn index_add(g: &Tensor, shape: &[usize], idx: &[Tensor], axes: &[i64]) -> Result<Tensor> {
    let refs: Vec<&Tensor> = idx.iter().collect();
    let z = index::index_add_zeros(shape, &refs, axes, &g.detach())?;
    if !should_record(&[g], &z) {
        return Ok(z);
    }
    let axes = axes.to_vec();
    Ok(record(c"IndexAddBackward", &[g], z, idx.to_vec(), false, move |need, s, gg| {
        let refs: Vec<&Tensor> = s.iter().collect();
        Ok(vec![when(need[0], || index_select(gg, &refs, &axes))?])
    }))
}

// -- prod, sorting, contractions, tiling, padding, take ---------------------------------------

/// True when an op on `t` would record (grad mode on, `t` requires grad, float dtype).
fn records(ts: &[&Tensor]) -> bool {
    ts.iter().any(|t| t.requires_grad()) && super::grad_enabled() && ts.iter().any(|t| t.dtype().is_float())
}

fn index_tensor(v: &[usize]) -> Result<Tensor> {
    Tensor::build::<i64>(&[v.len()], |o| {
        for (o, &i) in o.iter_mut().zip(v) {
            *o = i as i64;
        }
    })
}

/// `prod` over `axes`. The gradient of each element is the output gradient times the product of
/// the other elements of its block, computed as exclusive prefix and suffix products (no
/// division), so one zero (its position gets the product of the others) and several zeros (all
/// zero) are exact. Built from differentiable ops, so it can be differentiated again.
pub fn prod(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let out = reduce::prod(t, axes, keepdims)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let m = reduce_mask(axes, t.ndim())?.to_vec();
    let shape = t.shape().to_vec();
    Ok(record(c"ProdBackward", &[t], out, vec![t.clone()], false, move |need, s, g| {
        Ok(vec![when(need[0], || mul(&expand_back(g, &shape, &m)?, &exclusive_prod(&s[0], &m)?))?])
    }))
}

/// For each element of `x`, the product of the other elements of its block (the dims in `m`).
fn exclusive_prod(x: &Tensor, m: &[bool]) -> Result<Tensor> {
    let nd = x.ndim();
    let red = mask_axes(m);
    let keep: Vec<usize> = (0..nd).filter(|&i| !m[i]).collect();
    let dst: Vec<i64> = ((nd - red.len())..nd).map(|i| i as i64).collect();
    let xm = moveaxis(x, &red, &dst)?;
    let n: usize = red.iter().map(|&i| x.shape()[i as usize]).product();
    let mut s2: Vec<i64> = keep.iter().map(|&i| x.shape()[i] as i64).collect();
    s2.push(n as i64);
    let ex = exclusive_prod_last(&reshape(&xm, &s2)?, n)?;
    moveaxis(&reshape(&ex, &i64s(xm.shape()))?, &dst, &red)
}

/// `y` shifted by `k` along its last dim (of size `n`), filled with ones: towards higher
/// positions (`out[i] = y[i-k]`) when `up`, else towards lower ones (`out[i] = y[i+k]`).
fn shift_ones(y: &Tensor, k: usize, n: usize, up: bool) -> Result<Tensor> {
    let ax = y.ndim() - 1;
    let mut os = y.shape().to_vec();
    os[ax] = k.min(n);
    let ones = creation::full(y.dtype(), &os, 1.0)?;
    if k >= n {
        return Ok(ones);
    }
    if up {
        concat(&[&ones, &slice(y, &range_items(ax, 0, n - k))?], Some(ax as i64))
    } else {
        concat(&[&slice(y, &range_items(ax, k, n))?, &ones], Some(ax as i64))
    }
}

/// Exclusive products along the last dim (size `n`): prefix times suffix, each an inclusive
/// Hillis-Steele scan (log2 n steps of shift and multiply) of the input shifted by one.
fn exclusive_prod_last(x: &Tensor, n: usize) -> Result<Tensor> {
    if n == 0 {
        return Ok(x.clone());
    }
    let scan = |up: bool| -> Result<Tensor> {
        let mut p = shift_ones(x, 1, n, up)?;
        let mut k = 1;
        while k < n {
            p = mul(&p, &shift_ones(&p, k, n, up)?)?;
            k *= 2;
        }
        Ok(p)
    };
    mul(&scan(true)?, &scan(false)?)
}

/// `sort` along `axis`: recorded as a gather at the sorting permutation, so each input element
/// gets the gradient of the position it moved to (ties keep their input order: the stable sort
/// decides which tied element gets which position).
pub fn sort(x: &Tensor, axis: i64, descending: bool, stable: bool) -> Result<Tensor> {
    if !records(&[x]) {
        return crate::kernels::sort::sort(x, axis, descending, stable);
    }
    let idx = crate::kernels::sort::argsort(x, axis, descending, stable)?;
    gather(x, axis, &idx)
}

/// `topk`: the values are recorded as a gather at the returned indices (ties: the element at
/// the lower position is the one selected first, as the indices say).
pub fn topk(x: &Tensor, k: i64, axis: i64, largest: bool, sorted: bool) -> Result<(Tensor, Tensor)> {
    let (values, indices) = crate::kernels::sort::topk(x, k, axis, largest, sorted)?;
    if !records(&[x]) {
        return Ok((strip(values), indices));
    }
    Ok((gather(x, axis, &indices)?, indices))
}

/// `tensordot`: recorded as the transposes, reshapes and matmul it lowers to.
pub fn tensordot(a: &Tensor, b: &Tensor, axes_a: &[i64], axes_b: &[i64]) -> Result<Tensor> {
    if !records(&[a, b]) {
        return crate::kernels::contraction::tensordot(a, b, axes_a, axes_b);
    }
    let p = crate::kernels::contraction::tensordot_plan(a, b, axes_a, axes_b)?;
    let perm = |v: &[usize]| v.iter().map(|&i| i as i64).collect::<Vec<i64>>();
    let a2 = reshape(&transpose(a, Some(&perm(&p.perm_a)))?, &[p.m as i64, p.k as i64])?;
    let b2 = reshape(&transpose(b, Some(&perm(&p.perm_b)))?, &[p.k as i64, p.n as i64])?;
    reshape(&matmul(&a2, &b2)?, &i64s(&p.shape))
}

/// `tensordot` with an integer number of contracted axes.
pub fn tensordot_n(a: &Tensor, b: &Tensor, n: i64) -> Result<Tensor> {
    let (x, y) = crate::kernels::contraction::tensordot_n_axes(a, b, n)?;
    tensordot(a, b, &x, &y)
}

/// `einsum`: the same lowering as the forward kernel (diagonals, sums, transposes, reshapes,
/// batched matmuls), run with the differentiable wrappers.
pub fn einsum(subscripts: &str, operands: &[&Tensor]) -> Result<Tensor> {
    use crate::kernels::contraction::{einsum_with, EinsumOps};
    if !records(operands) {
        return crate::kernels::contraction::einsum(subscripts, operands);
    }
    const AG: EinsumOps = EinsumOps {
        permute: |t, p| transpose(t, Some(&p.iter().map(|&i| i as i64).collect::<Vec<_>>())),
        reshape: |t, d| reshape(t, &i64s(d)),
        matmul,
        sum: |t, axes| sum(t, Some(axes), false),
        cast,
        diagonal: diagonal_term,
    };
    einsum_with(&AG, subscripts, operands)
}

/// The layout of the einsum term `term` over a tensor of `shape`, `strides` and `offset`: one dim
/// per distinct letter, repeated letters on the diagonal (strides added). A letter whose every
/// occurrence has size 1 keeps size 1 (broadcast afterwards), so the view is injective.
fn diag_layout(term: &[u8], shape: &[usize], strides: &[isize], offset: usize, size: &[usize; 128]) -> (Vec<u8>, crate::layout::Layout) {
    let mut letters: Vec<u8> = Vec::new();
    let mut dims = crate::layout::Dims::new();
    let mut st = crate::layout::Strides::new();
    for (i, &c) in term.iter().enumerate() {
        let real = shape[i] == size[c as usize];
        let s = if real { strides[i] } else { 0 };
        match letters.iter().position(|&x| x == c) {
            Some(p) => {
                st[p] += s;
                if real {
                    dims[p] = shape[i];
                }
            }
            None => {
                letters.push(c);
                dims.push(if real { shape[i] } else { 1 });
                st.push(s);
            }
        }
    }
    (letters, crate::layout::Layout { shape: dims, strides: st, offset })
}

/// Differentiable `linalg::diagonal_term`: the diagonal view (recorded) then a broadcast.
fn diagonal_term(term: &[u8], t: &Tensor, size: &[usize; 128]) -> Result<crate::kernels::contraction::Term> {
    let (letters, lay) = diag_layout(term, t.shape(), t.strides(), t.layout().offset, size);
    let full: Vec<usize> = letters.iter().map(|&c| size[c as usize]).collect();
    let v = if letters.len() == term.len() { t.clone() } else { diag_view(t, term, size, lay)? };
    let v = if v.shape() == &full[..] { v } else { broadcast_to(&v, &full)? };
    Ok(crate::kernels::contraction::Term { letters, t: v })
}

fn diag_view(t: &Tensor, term: &[u8], size: &[usize; 128], lay: crate::layout::Layout) -> Result<Tensor> {
    let out = t.view(lay);
    if !should_record(&[t], &out) {
        return Ok(out);
    }
    let (term, size, shape) = (term.to_vec(), *size, t.shape().to_vec());
    Ok(record(c"DiagonalBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || diag_scatter(g, &shape, &term, &size))?])
    }))
}

/// Zeros of `shape` with `g` written on the diagonal that `diag_view` reads; its gradient is
/// that diagonal again.
fn diag_scatter(g: &Tensor, shape: &[usize], term: &[u8], size: &[usize; 128]) -> Result<Tensor> {
    let z = Tensor::zeros(g.dtype(), shape)?;
    let (_, lay) = diag_layout(term, z.shape(), z.strides(), 0, size);
    index::assign(&z.view(lay), &g.detach())?;
    if !should_record(&[g], &z) {
        return Ok(z);
    }
    let (term, size) = (term.to_vec(), *size);
    Ok(record(c"DiagonalScatterBackward", &[g], z, vec![], false, move |need, _, gg| {
        Ok(vec![when(need[0], || {
            let (_, lay) = diag_layout(&term, gg.shape(), gg.strides(), gg.layout().offset, &size);
            diag_view(gg, &term, &size, lay)
        })?])
    }))
}

/// `tile`: the gradient sums the copies: reshaped to (reps0, n0, reps1, n1, ...), summed over
/// the reps dims.
pub fn tile(t: &Tensor, reps: &[i64]) -> Result<Tensor> {
    let out = shape::tile(t, reps)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let nd = t.ndim().max(reps.len());
    let dims: Vec<i64> = std::iter::repeat(1).take(nd - t.ndim()).chain(t.shape().iter().map(|&d| d as i64)).collect();
    let r: Vec<i64> = std::iter::repeat(1).take(nd - reps.len()).chain(reps.iter().copied()).collect();
    let shape = i64s(t.shape());
    Ok(record(c"TileBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || {
            let split: Vec<i64> = r.iter().zip(&dims).flat_map(|(&a, &b)| [a, b]).collect();
            let axes: Vec<i64> = (0..nd as i64).map(|i| 2 * i).collect();
            reshape(&sum(&reshape(g, &split)?, Some(&axes), false)?, &shape)
        })?])
    }))
}

/// `repeat`: the gradient adds the copies back (an index-add along the axis).
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
    let shape = x.shape().to_vec();
    Ok(record(c"RepeatBackward", &[&x], out, vec![index_tensor(&map)?], false, move |need, s, g| {
        Ok(vec![when(need[0], || index_add(g, &shape, s, &[ax as i64]))?])
    }))
}

/// `pad`: constant mode takes the gradient's inner block; the other modes add every output
/// position's gradient to the input position it copies (one index-add per padded dim).
pub fn pad(t: &Tensor, widths: &[(i64, i64)], mode: shape::PadMode, value: f64) -> Result<Tensor> {
    let out = shape::pad(t, widths, mode, value)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let shape = t.shape().to_vec();
    let widths = widths.to_vec();
    Ok(record(c"PadBackward", &[t], out, vec![], false, move |need, _, g| {
        Ok(vec![when(need[0], || {
            if mode == shape::PadMode::Constant {
                let items: Vec<IndexItem> = shape
                    .iter()
                    .zip(&widths)
                    .map(|(&n, &(b, _))| IndexItem::Slice(Some(b), Some(b + n as i64), 1))
                    .collect();
                return slice(g, &items);
            }
            let mut cur = g.clone();
            for (d, (&n, &(b, a))) in shape.iter().zip(&widths).enumerate() {
                if b == 0 && a == 0 {
                    continue;
                }
                let map = shape::pad_map(n, cur.shape()[d], b, mode);
                let mut to = cur.shape().to_vec();
                to[d] = n;
                cur = index_add(&cur, &to, &[index_tensor(&map)?], &[d as i64])?;
            }
            Ok(cur)
        })?])
    }))
}

/// `take`: recorded as advanced indexing of `t` (or of its flattened view).
pub fn take(t: &Tensor, indices: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    if !records(&[t]) || !indices.dtype().is_int() {
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

/// `take_along_axis`: the gradient is scatter-added at the indices, then summed over the dims
/// where `t` was broadcast against `indices`.
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
    let mut tb = out.shape().to_vec();
    tb[d] = x.shape()[d];
    let xs = x.shape().to_vec();
    Ok(record(c"TakeAlongAxisBackward", &[&x], out, vec![idx], false, move |need, s, g| {
        Ok(vec![when(need[0], || reduce_to(&scatter_add(&Tensor::zeros(g.dtype(), &tb)?, d as i64, &s[0], g)?, &xs))?])
    }))
}

/// `tril` / `triu`: the gradient is the same triangle of the output gradient.
pub fn triangle(t: &Tensor, k: i64, which: crate::kernels::select::Triangle) -> Result<Tensor> {
    let out = crate::kernels::select::triangle(t, k, which)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    let name = if which == crate::kernels::select::Triangle::Lower { c"TrilBackward" } else { c"TriuBackward" };
    Ok(record(name, &[t], out, vec![], false, move |need, _, g| Ok(vec![when(need[0], || triangle(g, k, which))?])))
}
