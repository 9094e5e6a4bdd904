//! Backward rule of `scaled_dot_product_attention` (`kernels::nn::attention`). When the backward
//! pass is not itself recorded it runs the fused backward kernel on the saved probabilities and
//! dropout multiplier. With `create_graph` it is written with the differentiable wrappers,
//! recomputing the probabilities from q and k with recorded ops (the saved ones are constants to
//! autograd, and the second derivatives go through them), so the gradients can be
//! differentiated again:
//! `P = softmax(q k^T scale + bias)` (rows with no key left: 0), `Pd = P M`,
//! `dV = Pd^T g`, `dP = (g V^T) M`, `dS = P (dP - rowsum(dP P))`, `dQ = dS K scale`,
//! `dK = dS^T Q scale`, `dmask = dS`, each summed back over broadcast dims.

use crate::autograd::grad_enabled;
use crate::autograd::ops::{add, matmul, mul, mul_s, reduce_to, scalar, softmax, sub, sum, swapaxes, when, where_};
use crate::error::Result;
use crate::kernels::creation;
use crate::kernels::elementwise::binary::binary as raw_binary;
use crate::kernels::elementwise::table::BinaryOp;
use crate::kernels::nn::attention::{self as raw, AttnParams};
use crate::kernels::select::{self, Triangle};
use crate::op::AttnMask;
use crate::tensor::Tensor;

/// `s`: q, k, v, the mask when present, the dropout multiplier when `dropout`, the
/// probabilities. Inputs: q, k, v, then a float mask.
pub(super) fn attention_rule(
    p: &AttnParams,
    mask: AttnMask,
    dropout: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let (q, k, v) = (&s[0], &s[1], &s[2]);
    let m = (mask != AttnMask::None).then(|| &s[3]);
    let i = 3 + m.is_some() as usize;
    let drop = dropout.then(|| &s[i]);
    let probs = &s[i + dropout as usize];
    let float_mask = mask == AttnMask::Float;
    let want = [need[0], need[1], need[2], float_mask && need[3]];
    let mut ts = vec![q, k, v, g];
    ts.extend(m.filter(|_| float_mask));
    let mut grads = if grad_enabled() && ts.iter().any(|t| t.requires_grad()) {
        composite(p, mask, m, drop, probs, q, k, v, g, want)?
    } else {
        let [dq, dk, dv, dm] = raw::attention_backward(q, k, v, probs, drop, g, p.scale, want)?;
        vec![dq, dk, dv, dm]
    };
    let shapes = [q.shape(), k.shape(), v.shape(), m.map_or(&[][..], |m| m.shape())];
    for (gr, shape) in grads.iter_mut().zip(shapes) {
        if let Some(t) = gr.take() {
            *gr = Some(reduce_to(&t, shape)?);
        }
    }
    if !float_mask {
        grads.truncate(3);
    }
    Ok(grads)
}

/// The recorded form of the gradients, over the broadcast batch shape.
#[allow(clippy::too_many_arguments)]
fn composite(
    p: &AttnParams,
    kind: AttnMask,
    m: Option<&Tensor>,
    drop: Option<&Tensor>,
    probs: &Tensor,
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    g: &Tensor,
    want: [bool; 4],
) -> Result<Vec<Option<Tensor>>> {
    let dt = probs.dtype();
    let mut sc = mul_s(&matmul(q, &swapaxes(k, -1, -2)?)?, p.scale)?;
    // The constant part of the bias: -inf where a bool mask or the causal triangle leaves a key out.
    let zero = scalar(dt, 0.0)?;
    let ninf = scalar(dt, f64::NEG_INFINITY)?;
    match (kind, m) {
        (AttnMask::Float, Some(m)) => sc = add(&sc, m)?,
        (AttnMask::Bool, Some(m)) => sc = where_(&m.detach(), &sc, &ninf)?,
        _ => {}
    }
    if p.causal {
        let (l, n) = (probs.shape()[probs.ndim() - 2], probs.shape()[probs.ndim() - 1]);
        let ones = creation::full(crate::dtype::DType::Bool, &[l, n], 1.0)?;
        let tri = select::triangle(&ones, 0, Triangle::Lower)?;
        sc = where_(&tri, &sc, &ninf)?;
    }
    // Rows with no key left (all probabilities 0): scores replaced by 0 before the softmax (no
    // NaN enters the graph), probabilities by 0 after.
    let dead = raw_binary(BinaryOp::Equal, &crate::kernels::reduce::sum(&probs.detach(), Some(&[-1]), true)?, &zero)?;
    let sc = where_(&dead, &zero, &sc)?;
    let pr = where_(&dead, &zero, &softmax(&sc, -1, false)?)?;
    let pd = match drop {
        Some(d) => mul(&pr, &d.detach())?,
        None => pr.clone(),
    };
    let dv = when(want[2], || matmul(&swapaxes(&pd, -1, -2)?, g))?;
    let need_ds = want[0] || want[1] || want[3];
    let ds = if need_ds {
        let mut dp = matmul(g, &swapaxes(v, -1, -2)?)?;
        if let Some(d) = drop {
            dp = mul(&dp, &d.detach())?;
        }
        Some(mul(&pr, &sub(&dp, &sum(&mul(&dp, &pr)?, Some(&[-1]), true)?)?)?)
    } else {
        None
    };
    let ds_ref = ds.as_ref();
    let dq = when(want[0], || mul_s(&matmul(ds_ref.unwrap(), k)?, p.scale))?;
    let dk = when(want[1], || mul_s(&matmul(&swapaxes(ds_ref.unwrap(), -1, -2)?, q)?, p.scale))?;
    let dm = when(want[3], || Ok(ds_ref.unwrap().clone()))?;
    Ok(vec![dq, dk, dv, dm])
}
