//! Backward rules of the reductions and scans: sum, mean, max, min, var, logsumexp (expanded
//! back over the reduced dims), prod (exclusive products), cumulative_sum (a reversed scan) and
//! softmax / log_softmax.

use crate::autograd::ops::{
    broadcast_to, concat, cumulative_sum, div, expand_back, flip, i64s, keep_shape, mask, mask_axes, mean, moveaxis,
    mul, mul_s, range_items, reshape, slice, sub, sum, unary, when,
};
use crate::error::Result;
use crate::kernels::creation;
use crate::kernels::elementwise::binary::binary as raw_binary;
use crate::kernels::elementwise::table::{BinaryOp, UnaryOp};
use crate::kernels::reduce::{self, reduce_mask, reduced_count};
use crate::kernels::shape;
use crate::op::ReduceOp;
use crate::tensor::Tensor;

/// Reductions over axes. The gradient is expanded back over the reduced dims (`expand_back`);
/// `s` holds the input and, for max/min/logsumexp, the output.
pub(super) fn reduce_rule(
    op: ReduceOp,
    axes: Option<&[i64]>,
    correction: f64,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    if !need[0] {
        return Ok(vec![None]);
    }
    let m = reduce_mask(axes, shape.len())?.to_vec();
    let gx = match op {
        ReduceOp::Sum => expand_back(g, shape, &m)?,
        ReduceOp::Mean => {
            let n = reduced_count(shape, &m) as f64;
            expand_back(&mul_s(g, 1.0 / n)?, shape, &m)?
        }
        // The gradient is shared evenly among the elements equal to the extreme (PyTorch's
        // amax/amin rule).
        ReduceOp::Max | ReduceOp::Min => {
            let y = shape::reshape(&s[1].detach(), &keep_shape(shape, &m))?;
            let hit = mask(raw_binary(BinaryOp::Equal, &s[0], &y)?, g.dtype())?;
            let count = reduce::sum(&hit, Some(&mask_axes(&m)), true)?;
            let share = div(&reshape(g, &keep_shape(shape, &m))?, &count)?;
            mul(&hit, &broadcast_to(&share, shape)?)?
        }
        // d var / dx = 2 (x - mean) / (N - correction).
        ReduceOp::Var => {
            let n = reduced_count(shape, &m) as f64;
            let dev = sub(&s[0], &mean(&s[0], Some(&mask_axes(&m)), true)?)?;
            let scale = 2.0 / (n - correction).max(0.0);
            mul(&expand_back(g, shape, &m)?, &mul_s(&dev, scale)?)?
        }
        ReduceOp::LogSumExp => {
            let y = expand_back(&s[1], shape, &m)?;
            mul(&expand_back(g, shape, &m)?, &unary(UnaryOp::Exp, &sub(&s[0], &y)?)?)?
        }
    };
    Ok(vec![Some(gx)])
}

/// The gradient of each element is the output gradient times the product of the other elements
/// of its block, computed as exclusive prefix and suffix products (no division), so one zero
/// (its position gets the product of the others) and several zeros (all zero) are exact. Built
/// from differentiable ops, so it can be differentiated again. `s` holds the input.
pub(super) fn prod_rule(
    axes: Option<&[i64]>,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    let m = reduce_mask(axes, shape.len())?.to_vec();
    Ok(vec![when(need[0], || mul(&expand_back(g, shape, &m)?, &exclusive_prod(&s[0], &m)?))?])
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

/// The reversed cumulative sum of the output gradient (its first element dropped when the
/// forward added a leading 0).
pub(super) fn cumulative_sum_rule(
    ax: usize,
    include_initial: bool,
    need: &[bool],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    let n = shape[ax];
    Ok(vec![when(need[0], || {
        let g = if include_initial { slice(g, &range_items(ax, 1, n + 1))? } else { g.clone() };
        let f = flip(&g, Some(&[ax as i64]))?;
        flip(&cumulative_sum(&f, Some(ax as i64), None, false)?, Some(&[ax as i64]))
    })?])
}

/// `s` holds the output y: softmax `y * (g - sum(g * y))`, log_softmax `g - exp(y) sum(g)`.
pub(super) fn softmax_rule(
    axis: i64,
    log: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    if !need[0] {
        return Ok(vec![None]);
    }
    let axes: Option<Vec<i64>> = if shape.is_empty() { None } else { Some(vec![axis]) };
    let y = &s[0];
    let gx = if log {
        sub(g, &mul(&unary(UnaryOp::Exp, y)?, &sum(g, axes.as_deref(), true)?)?)?
    } else {
        mul(y, &sub(g, &sum(&mul(g, y)?, axes.as_deref(), true)?)?)?
    };
    Ok(vec![Some(gx)])
}
