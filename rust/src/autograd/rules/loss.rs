//! Backward rules of the losses. When the backward pass is not itself recorded they run the
//! fused backward kernels (`kernels::nn::loss`, `kernels::nn::class_loss`); with `create_graph`
//! they are written with the differentiable wrappers (masks and weights are constants), so the
//! gradients can be differentiated again.

use crate::autograd::grad_enabled;
use crate::autograd::ops::{
    add, binary, broadcast_to, cast, expand_dims, mul, reduce_to, scalar, softmax, sub, sum, unary, when, where_,
};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::elementwise::binary::binary as raw_binary;
use crate::kernels::elementwise::table::{BinaryOp, UnaryOp};
use crate::kernels::elementwise::unary::unary as raw_unary;
use crate::kernels::nn::class_loss::{self, ClassLossKind, ClassLossOptions};
use crate::kernels::nn::loss::{self, LossReduction, PointwiseLoss, Wrt};
use crate::kernels::shape as raw_shape;
use crate::tensor::Tensor;

/// True when a backward formula must record what it computes (`create_graph`).
fn recording(ts: &[&Tensor]) -> bool {
    grad_enabled() && ts.iter().any(|t| t.requires_grad())
}

/// `s` holds input, target, then weight and pos_weight when present. Gradients for input and
/// target, summed back to their shapes.
#[allow(clippy::too_many_arguments)]
pub(super) fn pointwise_rule(
    kind: PointwiseLoss,
    reduction: LossReduction,
    weight: bool,
    pos_weight: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shapes: &[&[usize]],
) -> Result<Vec<Option<Tensor>>> {
    let (x, t) = (&s[0], &s[1]);
    let w = if weight { Some(&s[2]) } else { None };
    let p = if pos_weight { Some(&s[2 + weight as usize]) } else { None };
    if !recording(&[x, t, g]) {
        let pr = loss::prepare(kind, reduction, x, t, w, p)?;
        let dx = when(need[0], || reduce_to(&loss::pointwise_loss_backward(kind, reduction, &pr, g, Wrt::Input)?, shapes[0]))?;
        let dt = when(need[1], || reduce_to(&loss::pointwise_loss_backward(kind, reduction, &pr, g, Wrt::Target)?, shapes[1]))?;
        return Ok(vec![dx, dt]);
    }
    let dt = DType::promote(x.dtype(), t.dtype());
    let (x, t) = (&cast(x, dt)?, &cast(t, dt)?);
    let shape = crate::layout::broadcast_shapes(x.shape(), t.shape())?;
    let k = mul(g, &scalar(dt, 1.0 / loss::divisor(reduction, &shape))?)?;
    let c = |v: f64| scalar(dt, v);
    let konst = |o: Option<&Tensor>| -> Result<Tensor> { o.map_or_else(|| c(1.0), |o| o.detach().cast(dt)) };
    let (w, p) = (konst(w)?, konst(p)?);
    let d = sub(x, t)?;
    let raw_d = d.detach();
    let sign = || raw_unary(UnaryOp::Sign, &raw_d);
    let within = |limit: f64, strict: bool| -> Result<Tensor> {
        let a = raw_unary(UnaryOp::Abs, &raw_d)?;
        let op = if strict { BinaryOp::Less } else { BinaryOp::LessEqual };
        raw_binary(op, &a, &c(limit)?)?.cast(dt)
    };
    // (d loss / d input, d loss / d target) per element, before the factor k.
    let (gx, gt) = match kind {
        PointwiseLoss::Mse => {
            let e = mul(&d, &c(2.0)?)?;
            (e.clone(), unary(UnaryOp::Negative, &e)?)
        }
        PointwiseLoss::L1 | PointwiseLoss::SmoothL1 { beta: 0.0 } => {
            let e = sign()?;
            (e.clone(), unary(UnaryOp::Negative, &e)?)
        }
        PointwiseLoss::SmoothL1 { beta } => {
            let m = within(beta, true)?;
            let one_m = raw_binary(BinaryOp::Sub, &c(1.0)?, &m)?;
            let e = add(&mul(&mul(&d, &m)?, &c(1.0 / beta)?)?, &mul(&sign()?, &one_m)?)?;
            (e.clone(), unary(UnaryOp::Negative, &e)?)
        }
        PointwiseLoss::Huber { delta } => {
            let m = within(delta, false)?;
            let one_m = raw_binary(BinaryOp::Sub, &c(1.0)?, &m)?;
            let e = add(&mul(&d, &m)?, &mul(&sign()?, &mul(&one_m, &c(delta)?)?)?)?;
            (e.clone(), unary(UnaryOp::Negative, &e)?)
        }
        PointwiseLoss::Bce => {
            let one_x = sub(&c(1.0)?, x)?;
            let den = binary(BinaryOp::Maximum, &mul(x, &one_x)?, &c(1e-12)?)?;
            let gx = mul(&w, &binary(BinaryOp::Div, &d, &den)?)?;
            let clog = |v: &Tensor| binary(BinaryOp::Maximum, &unary(UnaryOp::Log, v)?, &c(-100.0)?);
            let gt = mul(&w, &sub(&clog(&one_x)?, &clog(x)?)?)?;
            (gx, gt)
        }
        PointwiseLoss::BceWithLogits => {
            let lw = add(&mul(t, &sub(&p, &c(1.0)?)?)?, &c(1.0)?)?;
            let gx = mul(&w, &sub(&mul(&unary(UnaryOp::Sigmoid, x)?, &lw)?, &mul(&p, t)?)?)?;
            let sp = unary(UnaryOp::Softplus, &unary(UnaryOp::Negative, x)?)?;
            let gt = mul(&w, &sub(&mul(&sub(&p, &c(1.0)?)?, &sp)?, x)?)?;
            (gx, gt)
        }
        PointwiseLoss::KlDiv { log_target: false } => {
            let m = raw_binary(BinaryOp::Greater, &t.detach(), &c(0.0)?)?;
            let safe = where_(&m, t, &c(1.0)?)?;
            let inner = sub(&add(&unary(UnaryOp::Log, &safe)?, &c(1.0)?)?, x)?;
            (unary(UnaryOp::Negative, t)?, mul(&inner, &m.cast(dt)?)?)
        }
        PointwiseLoss::KlDiv { log_target: true } => {
            let e = unary(UnaryOp::Exp, t)?;
            (unary(UnaryOp::Negative, &e)?, mul(&e, &sub(&add(t, &c(1.0)?)?, x)?)?)
        }
    };
    let full = |e: &Tensor| -> Result<Tensor> {
        let v = mul(e, &k)?;
        // A 0-d gradient times a same-shaped factor may still lack the broadcast shape.
        if v.shape() == shape.as_slice() {
            Ok(v)
        } else {
            broadcast_to(&v, &shape)
        }
    };
    let dx = when(need[0], || reduce_to(&full(&gx)?, shapes[0]))?;
    let dtg = when(need[1], || reduce_to(&full(&gt)?, shapes[1]))?;
    Ok(vec![dx, dtg])
}

/// `s` holds input, target, the row logsumexps, then the weight when present. The gradient for
/// the input and, for probability targets (a second node input), for the target.
pub(super) fn class_rule(
    opts: &ClassLossOptions,
    weight: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let (x, t, lse) = (&s[0], &s[1], &s[2]);
    let w = if weight { Some(&s[3]) } else { None };
    let r = class_loss::prepare(&x.detach(), &t.detach(), w, opts)?;
    let need_t = need.get(1).copied().unwrap_or(false);
    if !recording(&[x, t, g]) {
        let dx = when(need[0], || class_loss::class_loss_backward(&r, lse, g, opts, false))?;
        let mut out = vec![dx];
        if need.len() > 1 {
            out.push(when(need_t, || class_loss::class_loss_backward(&r, lse, g, opts, true))?);
        }
        return Ok(out);
    }
    let dt = r.x.dtype();
    let x = &cast(x, dt)?;
    let cd: i64 = if x.ndim() == 1 { 0 } else { 1 };
    let mut bshape = vec![1i64; x.ndim()];
    bshape[cd as usize] = r.classes as i64;
    let wv = match &r.weight {
        Some(w) => raw_shape::reshape(w, &bshape)?,
        None => scalar(dt, 1.0)?,
    };
    let scale = if opts.reduction == LossReduction::Mean { 1.0 / r.divisor } else { 1.0 };
    let gb = if opts.reduction == LossReduction::None { expand_dims(g, &[cd])? } else { g.clone() };
    let k = mul(&gb, &scalar(dt, scale)?)?;
    if opts.kind == ClassLossKind::Nll {
        let coef = class_loss::index_target_rows(&r, opts)?;
        return Ok(vec![when(need[0], || mul(&coef, &k))?]);
    }
    let eps = opts.label_smoothing;
    let tt = if r.probs {
        add(&mul(&cast(t, dt)?, &scalar(dt, 1.0 - eps)?)?, &scalar(dt, eps / r.classes as f64)?)?
    } else {
        class_loss::index_target_rows(&r, opts)?
    };
    let wtt = mul(&tt, &wv)?;
    let dx = when(need[0], || {
        let sm = mul(&softmax(x, cd, false)?, &sum(&wtt, Some(&[cd]), true)?)?;
        mul(&sub(&sm, &wtt)?, &k)
    })?;
    let mut out = vec![dx];
    if need.len() > 1 {
        out.push(when(need_t, || {
            let lp = softmax(x, cd, true)?;
            mul(&mul(&mul(&lp, &wv)?, &scalar(dt, -(1.0 - eps))?)?, &k)
        })?);
    }
    Ok(out)
}
