//! Backward rules of the fused ops. When the backward pass is not itself recorded they run one
//! fused kernel; with `create_graph` they are written with the differentiable wrappers, so these
//! gradients can be differentiated again.

use crate::autograd::ops::{matmul, mul, reshape, softmax, sub, sum, transpose, when};
use crate::autograd::grad_enabled;
use crate::error::Result;
use crate::kernels::creation;
use crate::kernels::elementwise::binary::{binary as raw_binary, BinaryOp};
use crate::kernels::fused::{self as raw, Activation, CrossEntropyOptions, CrossEntropySaved};
use crate::tensor::Tensor;

/// True when a backward formula must record what it computes (`create_graph`).
fn recording(ts: &[&Tensor]) -> bool {
    grad_enabled() && ts.iter().any(|t| t.requires_grad())
}

/// `s` holds the logits, the validated int64 targets and each row's logsumexp.
pub(super) fn cross_entropy_rule(
    opts: &CrossEntropyOptions,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || {
        let x = &s[0];
        let saved = CrossEntropySaved::from_parts(x.shape(), s[1].clone(), s[2].clone(), opts);
        if !recording(&[x, g]) {
            return raw::cross_entropy_backward(x, &saved, g, opts);
        }
        // Recorded form: (softmax(x) - dist) * (g * weight)[:, None].
        let (rows, c) = (saved.rows as i64, saved.classes as i64);
        let x2 = reshape(x, &[rows, c])?;
        let (dist, weight) = raw::cross_entropy_target_dist(&saved, opts, x.dtype())?;
        let coef = reshape(&mul(&reshape(g, &[-1])?, &weight)?, &[rows, 1])?;
        let d = mul(&sub(&softmax(&x2, -1, false)?, &dist)?, &coef)?;
        reshape(&d, &shape.iter().map(|&v| v as i64).collect::<Vec<_>>())
    })?])
}

/// With `g' = g * (y > 0)` for relu: `dx = g' @ weight`, `dweight = g'.T @ x`,
/// `dbias = g'.sum(0)`. `s` holds x, weight and, for relu, the output y.
pub(super) fn linear_rule(
    act: Activation,
    bias: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    x_shape: &[usize],
    b_shape: Option<&[usize]>,
) -> Result<Vec<Option<Tensor>>> {
    let (x, w) = (&s[0], &s[1]);
    let x_shape: Vec<i64> = x_shape.iter().map(|&d| d as i64).collect();
    let out_f = w.shape()[0] as i64;
    let g2 = if act == Activation::Relu {
        let y = &s[2];
        if recording(&[g]) {
            let zero = creation::full(y.dtype(), &[], 0.0)?;
            let m = raw_binary(BinaryOp::Greater, &y.detach(), &zero)?.cast(g.dtype())?;
            mul(g, &m)?
        } else {
            raw::relu_backward(g, y)?
        }
    } else {
        g.clone()
    };
    let g2 = reshape(&g2, &[-1, out_f])?;
    let dx = when(need[0], || reshape(&matmul(&g2, w)?, &x_shape))?;
    let dw = when(need[1], || {
        let x2 = reshape(x, &[-1, *x_shape.last().expect("ndim >= 1")])?;
        matmul(&transpose(&g2, None)?, &x2)
    })?;
    let mut grads = vec![dx, dw];
    if bias {
        let bs = b_shape.expect("a bias operand has a shape");
        grads.push(when(need[2], || reshape(&sum(&g2, Some(&[0]), false)?, &[bs[0] as i64]))?);
    }
    Ok(grads)
}
