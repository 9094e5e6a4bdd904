//! Pointwise losses (PyTorch's `mse_loss`, `l1_loss`, `smooth_l1_loss`, `huber_loss`,
//! `binary_cross_entropy`, `binary_cross_entropy_with_logits`, `kl_div`): one fused pass over the
//! broadcast operands computes each element's loss and reduces it; one fused pass per operand
//! computes the gradient. Element math is done in f64 (float32 operands are widened on load), and
//! sums accumulate in f64 over fixed chunks of 16384 elements (8 lanes each), combined in order:
//! the result does not depend on the thread count.

use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::elementwise::float::Float;
use crate::kernels::shape;
use crate::layout::broadcast_shapes;
use crate::runtime::threads::{for_chunks, for_rows, PARALLEL_MIN};
use crate::tensor::Tensor;

/// Which pointwise loss, with its parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PointwiseLoss {
    /// `(x - t)^2`.
    Mse,
    /// `|x - t|`.
    L1,
    /// `0.5 d^2 / beta` where `|d| < beta`, else `|d| - 0.5 beta` (`|d|` when beta is 0).
    SmoothL1 { beta: f64 },
    /// `0.5 d^2` where `|d| <= delta`, else `delta (|d| - 0.5 delta)`.
    Huber { delta: f64 },
    /// `-w (t max(log x, -100) + (1 - t) max(log(1 - x), -100))`, x in [0, 1].
    Bce,
    /// `w ((1 - t) x + (1 + (p - 1) t) softplus(-x))`, softplus(-x) = `max(-x, 0) + log1p(exp(-|x|))`.
    BceWithLogits,
    /// `t (log t - x)` (0 where t = 0), or `exp(t) (t - x)` with `log_target`.
    KlDiv { log_target: bool },
}

impl PointwiseLoss {
    pub fn name(self) -> &'static str {
        match self {
            PointwiseLoss::Mse => "mse_loss",
            PointwiseLoss::L1 => "l1_loss",
            PointwiseLoss::SmoothL1 { .. } => "smooth_l1_loss",
            PointwiseLoss::Huber { .. } => "huber_loss",
            PointwiseLoss::Bce => "binary_cross_entropy",
            PointwiseLoss::BceWithLogits => "binary_cross_entropy_with_logits",
            PointwiseLoss::KlDiv { .. } => "kl_div",
        }
    }

    /// PyTorch's grad_fn name.
    pub fn grad_fn_name(self) -> &'static std::ffi::CStr {
        match self {
            PointwiseLoss::Mse => c"MseLossBackward",
            PointwiseLoss::L1 => c"L1LossBackward",
            PointwiseLoss::SmoothL1 { .. } => c"SmoothL1LossBackward",
            PointwiseLoss::Huber { .. } => c"HuberLossBackward",
            PointwiseLoss::Bce => c"BinaryCrossEntropyBackward",
            PointwiseLoss::BceWithLogits => c"BinaryCrossEntropyWithLogitsBackward",
            PointwiseLoss::KlDiv { .. } => c"KlDivBackward",
        }
    }

    /// Whether the loss takes the optional `weight` and `pos_weight` operands.
    fn weighted(self) -> bool {
        matches!(self, PointwiseLoss::Bce | PointwiseLoss::BceWithLogits)
    }
}

/// The reduction of a loss (PyTorch's `reduction` strings). `BatchMean` (the sum divided by the
/// size of the first dim) is kl_div's only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossReduction {
    None,
    Mean,
    Sum,
    BatchMean,
}

/// The operands of a pointwise loss broadcast to their common shape and made contiguous in
/// their common float dtype (no copy when they already are).
pub struct Prepared {
    pub shape: Vec<usize>,
    pub x: Tensor,
    pub t: Tensor,
    pub w: Option<Tensor>,
    pub p: Option<Tensor>,
}

/// Checks dtypes, shapes and parameters and broadcasts the operands.
pub fn prepare(
    kind: PointwiseLoss,
    reduction: LossReduction,
    x: &Tensor,
    t: &Tensor,
    w: Option<&Tensor>,
    p: Option<&Tensor>,
) -> Result<Prepared> {
    let name = kind.name();
    if !x.dtype().is_float() {
        return Err(Error::dtype(format!("{name} needs a floating-point input, got {}", x.dtype().name())));
    }
    let mut dt = DType::promote(x.dtype(), t.dtype());
    for o in [w, p].into_iter().flatten() {
        dt = DType::promote(dt, o.dtype());
    }
    if !dt.is_float() {
        return Err(Error::dtype(format!(
            "{name}: input {} and target {} do not promote to a floating-point dtype",
            x.dtype().name(),
            t.dtype().name()
        )));
    }
    if (w.is_some() || p.is_some()) && !kind.weighted() {
        return Err(Error::invalid(format!("{name} takes no weight")));
    }
    if p.is_some() && kind != PointwiseLoss::BceWithLogits {
        return Err(Error::invalid(format!("{name} takes no pos_weight")));
    }
    if reduction == LossReduction::BatchMean && !matches!(kind, PointwiseLoss::KlDiv { .. }) {
        return Err(Error::invalid(format!("{name}: reduction 'batchmean' is only valid for kl_div")));
    }
    match kind {
        PointwiseLoss::SmoothL1 { beta } if !(beta >= 0.0) => {
            return Err(Error::invalid(format!("smooth_l1_loss: beta must be >= 0, got {beta}")))
        }
        PointwiseLoss::Huber { delta } if !(delta > 0.0) => {
            return Err(Error::invalid(format!("huber_loss: delta must be > 0, got {delta}")))
        }
        _ => {}
    }
    let shape: Vec<usize> = if kind.weighted() {
        if x.shape() != t.shape() {
            return Err(Error::shape(format!(
                "{name}: target of shape {} must have the input's shape {}",
                fmt_shape(t.shape()),
                fmt_shape(x.shape())
            )));
        }
        x.shape().to_vec()
    } else {
        broadcast_shapes(x.shape(), t.shape())
            .map_err(|_| {
                Error::shape(format!(
                    "{name}: input of shape {} and target of shape {} do not broadcast",
                    fmt_shape(x.shape()),
                    fmt_shape(t.shape())
                ))
            })?
            .to_vec()
    };
    let spread = |a: &Tensor, what: &str| -> Result<Tensor> {
        let ok = broadcast_shapes(a.shape(), &shape).map(|s| s.as_slice() == shape.as_slice()).unwrap_or(false);
        if !ok {
            return Err(Error::shape(format!(
                "{name}: {what} of shape {} does not broadcast to the input's shape {}",
                fmt_shape(a.shape()),
                fmt_shape(&shape)
            )));
        }
        shape::broadcast_to(&a.cast(dt)?, &shape)?.contiguous()
    };
    let xp = spread(x, "input")?;
    let tp = spread(t, "target")?;
    let wp = w.map(|w| spread(w, "weight")).transpose()?;
    let pp = p.map(|p| spread(p, "pos_weight")).transpose()?;
    if kind == PointwiseLoss::Bce {
        let bad = if dt == DType::F32 { first_outside::<f32>(&xp) } else { first_outside::<f64>(&xp) };
        if let Some((i, v)) = bad {
            return Err(Error::invalid(format!(
                "binary_cross_entropy: all elements of input should be between 0 and 1, got {v} at position {i}"
            )));
        }
    }
    Ok(Prepared { shape, x: xp, t: tp, w: wp, p: pp })
}

fn first_outside<F: Float>(x: &Tensor) -> Option<(usize, f64)> {
    x.contiguous_slice::<F>().iter().map(|v| v.to_f64()).enumerate().find(|(_, v)| !(*v >= 0.0 && *v <= 1.0))
}

// -- element math ------------------------------------------------------------------------------

#[inline(always)]
fn sign(d: f64) -> f64 {
    if d > 0.0 {
        1.0
    } else if d < 0.0 {
        -1.0
    } else {
        d * 0.0 // 0, or NaN for NaN
    }
}

#[inline(always)]
fn softplus_neg(x: f64) -> f64 {
    (-x).max(0.0) + (-x.abs()).exp().ln_1p()
}

#[inline(always)]
fn clamped_log(v: f64) -> f64 {
    v.ln().max(-100.0)
}

/// The loss of one element (w and p are 1 when absent).
#[inline(always)]
fn value(k: PointwiseLoss, x: f64, t: f64, w: f64, p: f64) -> f64 {
    match k {
        PointwiseLoss::Mse => (x - t) * (x - t),
        PointwiseLoss::L1 => (x - t).abs(),
        PointwiseLoss::SmoothL1 { beta } => {
            let a = (x - t).abs();
            if a < beta {
                0.5 * a * a / beta
            } else {
                a - 0.5 * beta
            }
        }
        PointwiseLoss::Huber { delta } => {
            let a = (x - t).abs();
            if a <= delta {
                0.5 * a * a
            } else {
                delta * (a - 0.5 * delta)
            }
        }
        PointwiseLoss::Bce => -w * (t * clamped_log(x) + (1.0 - t) * clamped_log(1.0 - x)),
        PointwiseLoss::BceWithLogits => w * ((1.0 - t) * x + (1.0 + (p - 1.0) * t) * softplus_neg(x)),
        PointwiseLoss::KlDiv { log_target: false } => {
            if t > 0.0 {
                t * (t.ln() - x)
            } else if t == 0.0 {
                0.0
            } else {
                f64::NAN
            }
        }
        PointwiseLoss::KlDiv { log_target: true } => t.exp() * (t - x),
    }
}

/// d loss / d input of one element.
#[inline(always)]
fn d_input(k: PointwiseLoss, x: f64, t: f64, w: f64, p: f64) -> f64 {
    match k {
        PointwiseLoss::Mse => 2.0 * (x - t),
        PointwiseLoss::L1 => sign(x - t),
        PointwiseLoss::SmoothL1 { beta } => {
            let d = x - t;
            if d.abs() < beta {
                d / beta
            } else {
                sign(d)
            }
        }
        PointwiseLoss::Huber { delta } => {
            let d = x - t;
            if d.abs() <= delta {
                d
            } else {
                delta * sign(d)
            }
        }
        // PyTorch's binary_cross_entropy_backward: (x - t) / max(x (1 - x), 1e-12).
        PointwiseLoss::Bce => w * (x - t) / (x * (1.0 - x)).max(1e-12),
        PointwiseLoss::BceWithLogits => {
            let s = 1.0 / (1.0 + (-x).exp());
            w * (s * (1.0 + (p - 1.0) * t) - p * t)
        }
        PointwiseLoss::KlDiv { log_target: false } => -t,
        PointwiseLoss::KlDiv { log_target: true } => -t.exp(),
    }
}

/// d loss / d target of one element.
#[inline(always)]
fn d_target(k: PointwiseLoss, x: f64, t: f64, w: f64, p: f64) -> f64 {
    match k {
        PointwiseLoss::Mse | PointwiseLoss::L1 | PointwiseLoss::SmoothL1 { .. } | PointwiseLoss::Huber { .. } => {
            -d_input(k, x, t, w, p)
        }
        PointwiseLoss::Bce => w * (clamped_log(1.0 - x) - clamped_log(x)),
        PointwiseLoss::BceWithLogits => w * ((p - 1.0) * softplus_neg(x) - x),
        PointwiseLoss::KlDiv { log_target: false } => {
            if t > 0.0 {
                t.ln() + 1.0 - x
            } else {
                0.0
            }
        }
        PointwiseLoss::KlDiv { log_target: true } => t.exp() * (t + 1.0 - x),
    }
}

/// Calls `$go` with a closure over the element function `$f` specialised to `$k`'s variant, so
/// the per-element match folds away.
macro_rules! specialise {
    ($k:expr, $f:ident, $go:expr) => {
        match $k {
            PointwiseLoss::Mse => $go(|x, t, w, p| $f(PointwiseLoss::Mse, x, t, w, p)),
            PointwiseLoss::L1 => $go(|x, t, w, p| $f(PointwiseLoss::L1, x, t, w, p)),
            PointwiseLoss::SmoothL1 { beta } => $go(move |x, t, w, p| $f(PointwiseLoss::SmoothL1 { beta }, x, t, w, p)),
            PointwiseLoss::Huber { delta } => $go(move |x, t, w, p| $f(PointwiseLoss::Huber { delta }, x, t, w, p)),
            PointwiseLoss::Bce => $go(|x, t, w, p| $f(PointwiseLoss::Bce, x, t, w, p)),
            PointwiseLoss::BceWithLogits => $go(|x, t, w, p| $f(PointwiseLoss::BceWithLogits, x, t, w, p)),
            PointwiseLoss::KlDiv { log_target: false } => {
                $go(|x, t, w, p| $f(PointwiseLoss::KlDiv { log_target: false }, x, t, w, p))
            }
            PointwiseLoss::KlDiv { log_target: true } => {
                $go(|x, t, w, p| $f(PointwiseLoss::KlDiv { log_target: true }, x, t, w, p))
            }
        }
    };
}

const SUM_CHUNK: usize = 16384;

/// The divisor of the mean reductions (1 for sum and none).
pub fn divisor(reduction: LossReduction, shape: &[usize]) -> f64 {
    match reduction {
        LossReduction::Mean => shape.iter().product::<usize>() as f64,
        LossReduction::BatchMean => shape.first().copied().unwrap_or(1) as f64,
        _ => 1.0,
    }
}

/// The loss: elementwise for `None` (the broadcast shape), else a 0-d sum or mean.
pub fn pointwise_loss(
    kind: PointwiseLoss,
    reduction: LossReduction,
    x: &Tensor,
    t: &Tensor,
    w: Option<&Tensor>,
    p: Option<&Tensor>,
) -> Result<Tensor> {
    let pr = prepare(kind, reduction, x, t, w, p)?;
    if pr.x.dtype() == DType::F32 {
        forward::<f32>(kind, reduction, &pr)
    } else {
        forward::<f64>(kind, reduction, &pr)
    }
}

struct Slices<'a, F> {
    x: &'a [F],
    t: &'a [F],
    w: Option<&'a [F]>,
    p: Option<&'a [F]>,
}

impl<'a, F: Float> Slices<'a, F> {
    fn of(pr: &'a Prepared) -> Self {
        Slices {
            x: pr.x.contiguous_slice::<F>(),
            t: pr.t.contiguous_slice::<F>(),
            w: pr.w.as_ref().map(|w| w.contiguous_slice::<F>()),
            p: pr.p.as_ref().map(|p| p.contiguous_slice::<F>()),
        }
    }

    #[inline(always)]
    fn at(&self, i: usize) -> (f64, f64, f64, f64) {
        let w = self.w.map_or(1.0, |w| w[i].to_f64());
        let p = self.p.map_or(1.0, |p| p[i].to_f64());
        (self.x[i].to_f64(), self.t[i].to_f64(), w, p)
    }
}

fn forward<F: Float>(kind: PointwiseLoss, reduction: LossReduction, pr: &Prepared) -> Result<Tensor> {
    let s = Slices::<F>::of(pr);
    if reduction == LossReduction::None {
        return specialise!(kind, value, |f| elementwise(f, &s, &pr.shape));
    }
    let total = specialise!(kind, value, |f| summed(f, &s));
    crate::kernels::creation::filled::<F>(&[], F::from_f64(total / divisor(reduction, &pr.shape)))
}

/// `f` of each element, into a new tensor of `shape`.
fn elementwise<F: Float, E: Fn(f64, f64, f64, f64) -> f64 + Sync>(f: E, s: &Slices<F>, shape: &[usize]) -> Result<Tensor> {
    Tensor::build::<F>(shape, |out| {
        for_chunks(out, PARALLEL_MIN / 4, |start, o| {
            for (j, v) in o.iter_mut().enumerate() {
                let (x, t, w, p) = s.at(start + j);
                *v = F::from_f64(f(x, t, w, p));
            }
        })
    })
}

/// The sum of `f` over the elements: f64 partial sums of fixed chunks (8 lanes each), added in
/// chunk order.
fn summed<F: Float, E: Fn(f64, f64, f64, f64) -> f64 + Sync>(f: E, s: &Slices<F>) -> f64 {
    let n = s.x.len();
    let mut partial = vec![0.0f64; n.div_ceil(SUM_CHUNK)];
    for_rows(&mut partial, 1, SUM_CHUNK, |c, o| {
        let (lo, hi) = (c * SUM_CHUNK, ((c + 1) * SUM_CHUNK).min(n));
        let mut acc = [0.0f64; 8];
        let mut i = lo;
        while i + 8 <= hi {
            for (l, a) in acc.iter_mut().enumerate() {
                let (x, t, w, p) = s.at(i + l);
                *a += f(x, t, w, p);
            }
            i += 8;
        }
        for j in i..hi {
            let (x, t, w, p) = s.at(j);
            acc[0] += f(x, t, w, p);
        }
        o[0] = acc.iter().sum();
    });
    partial.iter().sum()
}

/// Which operand a backward pass differentiates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrt {
    Input,
    Target,
}

/// The gradient of the loss with respect to the input or the target, in the broadcast shape
/// (`ops::reduce_to` sums it back to the operand's shape), for output gradient `g` (0-d for the
/// reductions, the broadcast shape for none), in one pass.
pub fn pointwise_loss_backward(
    kind: PointwiseLoss,
    reduction: LossReduction,
    pr: &Prepared,
    g: &Tensor,
    wrt: Wrt,
) -> Result<Tensor> {
    let g = g.cast(pr.x.dtype())?.contiguous()?;
    if pr.x.dtype() == DType::F32 {
        backward::<f32>(kind, reduction, pr, &g, wrt)
    } else {
        backward::<f64>(kind, reduction, pr, &g, wrt)
    }
}

fn backward<F: Float>(kind: PointwiseLoss, reduction: LossReduction, pr: &Prepared, g: &Tensor, wrt: Wrt) -> Result<Tensor> {
    let s = Slices::<F>::of(pr);
    let gs = g.contiguous_slice::<F>();
    let per_elem = reduction == LossReduction::None;
    let g0 = if per_elem { 0.0 } else { gs[0].to_f64() / divisor(reduction, &pr.shape) };
    let gr = Grad { gs, per_elem, g0 };
    match wrt {
        Wrt::Input => specialise!(kind, d_input, |f| scaled(f, &s, &gr, &pr.shape)),
        Wrt::Target => specialise!(kind, d_target, |f| scaled(f, &s, &gr, &pr.shape)),
    }
}

/// The output gradient: per element (none) or one scaled value (sum, mean).
struct Grad<'a, F> {
    gs: &'a [F],
    per_elem: bool,
    g0: f64,
}

/// `g * f` of each element, into a new tensor of `shape`.
fn scaled<F: Float, E: Fn(f64, f64, f64, f64) -> f64 + Sync>(f: E, s: &Slices<F>, g: &Grad<F>, shape: &[usize]) -> Result<Tensor> {
    Tensor::build::<F>(shape, |out| {
        for_chunks(out, PARALLEL_MIN / 4, |start, o| {
            for (j, v) in o.iter_mut().enumerate() {
                let i = start + j;
                let (x, t, w, p) = s.at(i);
                let k = if g.per_elem { g.gs[i].to_f64() } else { g.g0 };
                *v = F::from_f64(k * f(x, t, w, p));
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t64(shape: &[usize], v: &[f64]) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    #[test]
    fn mse_and_stable_bce_with_logits() {
        let x = t64(&[3], &[1.0, 2.0, 3.0]);
        let t = t64(&[3], &[0.0, 2.0, 5.0]);
        let l = pointwise_loss(PointwiseLoss::Mse, LossReduction::Mean, &x, &t, None, None).unwrap();
        assert_eq!(l.to_vec::<f64>(), vec![5.0 / 3.0]);
        let x = t64(&[2], &[1e4, -1e4]);
        let t = t64(&[2], &[0.0, 1.0]);
        let l = pointwise_loss(PointwiseLoss::BceWithLogits, LossReduction::None, &x, &t, None, None).unwrap();
        assert_eq!(l.to_vec::<f64>(), vec![1e4, 1e4]);
    }

    #[test]
    fn bce_rejects_input_outside_unit_interval() {
        let x = t64(&[2], &[0.5, 1.5]);
        let t = t64(&[2], &[0.0, 1.0]);
        let e = pointwise_loss(PointwiseLoss::Bce, LossReduction::Mean, &x, &t, None, None).err().unwrap();
        assert!(e.message.contains("1.5 at position 1"), "{}", e.message);
    }
}
