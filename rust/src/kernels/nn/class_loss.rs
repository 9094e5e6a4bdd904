//! Losses over a class dimension: PyTorch's `cross_entropy` in its full form (class indices or
//! class probabilities as targets, per-class `weight`, `ignore_index`, `label_smoothing`, inputs
//! `(N, C, d1, ...)`) and `nll_loss`. The input is brought to rows of C classes (`(N, C)` and
//! `(C,)` as they are, `(N, C, d1, ...)` with the class dim moved last), then one pass per row
//! computes its maximum, logsumexp and the weighted sums (in f64), and one pass per row computes
//! the gradient. The plain form (index targets, no weight, at most 2-D) is
//! `kernels::fused::cross_entropy`.

use super::loss::LossReduction;
use crate::dtype::{DType, Kind};
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::elementwise::float::Float;
use crate::kernels::shape;
use crate::runtime::threads::for_rows;
use crate::tensor::Tensor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassLossKind {
    /// log_softmax over the classes, then the negative log-likelihood.
    CrossEntropy,
    /// The negative log-likelihood of log-probabilities.
    Nll,
}

/// The options of a class loss (PyTorch's meaning). `reduction` is None, Mean or Sum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassLossOptions {
    pub kind: ClassLossKind,
    pub reduction: LossReduction,
    pub ignore_index: i64,
    /// cross_entropy only; 0 for nll_loss.
    pub label_smoothing: f64,
}

impl ClassLossOptions {
    pub fn name(&self) -> &'static str {
        match self.kind {
            ClassLossKind::CrossEntropy => "cross_entropy",
            ClassLossKind::Nll => "nll_loss",
        }
    }

    /// PyTorch's grad_fn name.
    pub fn grad_fn_name(&self) -> &'static std::ffi::CStr {
        match self.kind {
            ClassLossKind::CrossEntropy => c"CrossEntropyLossBackward",
            ClassLossKind::Nll => c"NllLossBackward",
        }
    }
}

/// The operands in row form: `x` `[R, C]` contiguous in the compute dtype, the targets as
/// `[R]` int64 indices or `[R, C]` probabilities, the weight `[C]` or none.
pub struct Rows {
    pub x: Tensor,
    pub target: Tensor,
    pub probs: bool,
    pub weight: Option<Tensor>,
    pub rows: usize,
    pub classes: usize,
    /// The shape of the unreduced loss: the input's without the class dim.
    pub out_shape: Vec<usize>,
    pub in_shape: Vec<usize>,
    /// The sum of the target weights of the rows not ignored (index targets) or the number of
    /// rows (probabilities): the divisor of the mean.
    pub divisor: f64,
}

/// `t` (of the input's layout, class dim 1, or 0 when 1-D) as contiguous `[R, C]` rows.
fn to_rows(t: &Tensor, rows: usize, classes: usize) -> Result<Tensor> {
    let t = if t.ndim() > 2 { shape::moveaxis(t, &[1], &[-1])? } else { t.clone() };
    shape::reshape(&t.contiguous()?, &[rows as i64, classes as i64])
}

/// The inverse of `to_rows`: `[R, C]` rows back to the input's shape and layout.
pub fn from_rows(r: &Tensor, in_shape: &[usize]) -> Result<Tensor> {
    if in_shape.len() <= 2 {
        return shape::reshape(r, &in_shape.iter().map(|&d| d as i64).collect::<Vec<_>>());
    }
    let mut moved: Vec<i64> = vec![in_shape[0] as i64];
    moved.extend(in_shape[2..].iter().map(|&d| d as i64));
    moved.push(in_shape[1] as i64);
    shape::moveaxis(&shape::reshape(r, &moved)?, &[-1], &[1])?.contiguous()
}

/// Checks the operands and brings them to row form.
pub fn prepare(x: &Tensor, target: &Tensor, weight: Option<&Tensor>, opts: &ClassLossOptions) -> Result<Rows> {
    let name = opts.name();
    if !x.dtype().is_float() {
        return Err(Error::dtype(format!("{name} needs a floating-point input, got {}", x.dtype().name())));
    }
    if x.ndim() == 0 {
        return Err(Error::shape(format!("{name} needs an input of shape (C,), (N, C) or (N, C, d1, ...), got []")));
    }
    if opts.reduction == LossReduction::BatchMean {
        return Err(Error::invalid(format!("{name}: reduction 'batchmean' is only valid for kl_div")));
    }
    if !(0.0..=1.0).contains(&opts.label_smoothing) {
        return Err(Error::invalid(format!("{name}: label_smoothing must be in [0, 1], got {}", opts.label_smoothing)));
    }
    let cd = if x.ndim() == 1 { 0 } else { 1 };
    let classes = x.shape()[cd];
    let mut out_shape = x.shape().to_vec();
    out_shape.remove(cd);
    let rows: usize = out_shape.iter().product();
    let probs = target.shape() == x.shape() && opts.kind == ClassLossKind::CrossEntropy;
    let mut dt = x.dtype();
    if let Some(w) = weight {
        if w.shape() != [classes] {
            return Err(Error::shape(format!(
                "{name}: weight of shape {} does not match the {classes} classes of input {} (expected [{classes}])",
                fmt_shape(w.shape()),
                fmt_shape(x.shape())
            )));
        }
        dt = DType::promote(dt, w.dtype());
    }
    if probs {
        if !target.dtype().is_float() {
            return Err(Error::dtype(format!(
                "{name}: a target of the input's shape holds class probabilities and must be floating point, got {}",
                target.dtype().name()
            )));
        }
        if opts.ignore_index >= 0 {
            return Err(Error::invalid(format!(
                "{name}: ignore_index ({}) is not supported with class-probability targets",
                opts.ignore_index
            )));
        }
        dt = DType::promote(dt, target.dtype());
    } else {
        if target.dtype().kind() != Kind::Int {
            return Err(Error::dtype(format!(
                "{name} needs integer class indices as target (or, for cross_entropy, probabilities of the input's shape), got {}",
                target.dtype().name()
            )));
        }
        if target.shape() != out_shape.as_slice() {
            return Err(Error::shape(format!(
                "{name}: target of shape {} does not match input of shape {} (expected target shape {})",
                fmt_shape(target.shape()),
                fmt_shape(x.shape()),
                fmt_shape(&out_shape)
            )));
        }
    }
    let xr = to_rows(&x.cast(dt)?, rows, classes)?;
    let w = weight.map(|w| w.cast(dt)?.contiguous()).transpose()?;
    let wv: Option<Vec<f64>> = w.as_ref().map(|w| w.cast(DType::F64).map(|w| w.to_vec::<f64>())).transpose()?;
    let (t, divisor) = if probs {
        (to_rows(&target.cast(dt)?, rows, classes)?, rows as f64)
    } else {
        let t = shape::reshape(&target.cast(DType::I64)?.contiguous()?, &[rows as i64])?;
        let mut d = 0.0;
        for (i, &v) in t.contiguous_slice::<i64>().iter().enumerate() {
            if v == opts.ignore_index {
                continue;
            }
            if v < 0 || v as u64 >= classes as u64 {
                return Err(Error::invalid(format!(
                    "{name}: target {v} at position {i} is out of bounds for {classes} classes \
                     (valid targets are 0..{classes}, or ignore_index {})",
                    opts.ignore_index
                )));
            }
            d += wv.as_ref().map_or(1.0, |w| w[v as usize]);
        }
        (t, d)
    };
    Ok(Rows { x: xr, target: t, probs, weight: w, rows, classes, out_shape, in_shape: x.shape().to_vec(), divisor })
}

/// The loss (the unreduced `out_shape`, or a 0-d sum or mean) and each row's logsumexp (`[R]`;
/// zeros for nll_loss).
pub fn class_loss(x: &Tensor, target: &Tensor, weight: Option<&Tensor>, opts: &ClassLossOptions) -> Result<(Tensor, Tensor)> {
    let r = prepare(x, target, weight, opts)?;
    if r.x.dtype() == DType::F32 {
        forward::<f32>(&r, opts)
    } else {
        forward::<f64>(&r, opts)
    }
}

struct View<'a, F> {
    x: &'a [F],
    ti: &'a [i64],
    tp: &'a [F],
    w: Option<&'a [F]>,
    c: usize,
    w_all: f64,
}

impl<'a, F: Float> View<'a, F> {
    fn of(r: &'a Rows) -> Self {
        let w = r.weight.as_ref().map(|w| w.contiguous_slice::<F>());
        View {
            x: r.x.contiguous_slice::<F>(),
            ti: if r.probs { &[] } else { r.target.contiguous_slice::<i64>() },
            tp: if r.probs { r.target.contiguous_slice::<F>() } else { &[] },
            w,
            c: r.classes,
            w_all: w.map_or(r.classes as f64, |w| w.iter().map(|v| v.to_f64()).sum()),
        }
    }

    #[inline(always)]
    fn w(&self, j: usize) -> f64 {
        self.w.map_or(1.0, |w| w[j].to_f64())
    }

    fn row(&self, i: usize) -> &'a [F] {
        &self.x[i * self.c..(i + 1) * self.c]
    }

    fn lse(&self, i: usize) -> f64 {
        let r = self.row(i);
        let m = r.iter().map(|v| v.to_f64()).fold(f64::NEG_INFINITY, |m, v| if v > m || v.is_nan() { v } else { m });
        if !m.is_finite() {
            return m;
        }
        m + r.iter().map(|v| (v.to_f64() - m).exp()).sum::<f64>().ln()
    }
}

fn forward<F: Float>(r: &Rows, opts: &ClassLossOptions) -> Result<(Tensor, Tensor)> {
    let v = View::<F>::of(r);
    let (c, eps) = (r.classes, opts.label_smoothing);
    let ce = opts.kind == ClassLossKind::CrossEntropy;
    let mut both = vec![(0.0f64, 0.0f64); r.rows];
    for_rows(&mut both, 1, c.max(1), |i, o| {
        let row = v.row(i);
        let lse = if ce && c > 0 { v.lse(i) } else { 0.0 };
        let loss = if r.probs {
            let tp = &v.tp[i * c..(i + 1) * c];
            let mut s = 0.0;
            for j in 0..c {
                let tt = (1.0 - eps) * tp[j].to_f64() + eps / c as f64;
                s += v.w(j) * tt * (lse - row[j].to_f64());
            }
            s
        } else {
            let t = v.ti[i];
            if t == opts.ignore_index {
                0.0
            } else if !ce {
                -v.w(t as usize) * row[t as usize].to_f64()
            } else {
                let nll = v.w(t as usize) * (lse - row[t as usize].to_f64());
                if eps == 0.0 {
                    nll
                } else {
                    let wx: f64 = (0..c).map(|j| v.w(j) * row[j].to_f64()).sum();
                    (1.0 - eps) * nll + eps / c as f64 * (v.w_all * lse - wx)
                }
            }
        };
        o[0] = (lse, loss);
    });
    let lse = Tensor::build::<F>(&[r.rows], |o| o.iter_mut().zip(&both).for_each(|(d, s)| *d = F::from_f64(s.0)))?;
    let out = match opts.reduction {
        LossReduction::None => {
            Tensor::build::<F>(&r.out_shape, |o| o.iter_mut().zip(&both).for_each(|(d, s)| *d = F::from_f64(s.1)))?
        }
        _ => {
            let total: f64 = both.iter().map(|s| s.1).sum();
            let v = if opts.reduction == LossReduction::Sum { total } else { total / r.divisor };
            crate::kernels::creation::filled::<F>(&[], F::from_f64(v))?
        }
    };
    Ok((out, lse))
}

/// The gradient with respect to the input (`wrt_target` false) or the probability target
/// (true), for output gradient `g` (0-d for sum and mean, `out_shape` for none), in the input's
/// shape; `lse` is the forward's row logsumexps. Row i of the input gradient is
/// `k (softmax(x_i) S_i - w * tt_i)` for cross_entropy, with `tt_i` the smoothed target
/// distribution, `S_i = sum_c w_c tt_ic` and `k = g_i / divisor` (mean) or `g_i`; for nll_loss
/// it is `-k w_t` at the target; the target gradient is `-k (1 - eps) w (x_i - lse_i)`.
pub fn class_loss_backward(r: &Rows, lse: &Tensor, g: &Tensor, opts: &ClassLossOptions, wrt_target: bool) -> Result<Tensor> {
    let g = g.cast(r.x.dtype())?.contiguous()?;
    let lse = lse.cast(r.x.dtype())?.contiguous()?;
    let out = if r.x.dtype() == DType::F32 {
        backward::<f32>(r, &lse, &g, opts, wrt_target)?
    } else {
        backward::<f64>(r, &lse, &g, opts, wrt_target)?
    };
    from_rows(&out, &r.in_shape)
}

fn backward<F: Float>(r: &Rows, lse: &Tensor, g: &Tensor, opts: &ClassLossOptions, wrt_target: bool) -> Result<Tensor> {
    let v = View::<F>::of(r);
    let (c, eps) = (r.classes, opts.label_smoothing);
    let ls = lse.contiguous_slice::<F>();
    let gs = g.contiguous_slice::<F>();
    let per_row = opts.reduction == LossReduction::None;
    let scale = if opts.reduction == LossReduction::Mean { 1.0 / r.divisor } else { 1.0 };
    let ce = opts.kind == ClassLossKind::CrossEntropy;
    Tensor::build::<F>(&[r.rows, c], |out| {
        for_rows(out, c, c, |i, o| {
            let k = (if per_row { gs[i] } else { gs[0] }).to_f64() * scale;
            let row = v.row(i);
            let lse = ls[i].to_f64();
            if r.probs {
                let tp = &v.tp[i * c..(i + 1) * c];
                let tt = |j: usize| (1.0 - eps) * tp[j].to_f64() + eps / c as f64;
                if wrt_target {
                    for (j, d) in o.iter_mut().enumerate() {
                        *d = F::from_f64(-k * (1.0 - eps) * v.w(j) * (row[j].to_f64() - lse));
                    }
                    return;
                }
                let s: f64 = (0..c).map(|j| v.w(j) * tt(j)).sum();
                for (j, d) in o.iter_mut().enumerate() {
                    *d = F::from_f64(k * ((row[j].to_f64() - lse).exp() * s - v.w(j) * tt(j)));
                }
                return;
            }
            o.fill(F::zero());
            let t = v.ti[i];
            if t == opts.ignore_index {
                return;
            }
            let t = t as usize;
            if !ce {
                o[t] = F::from_f64(-k * v.w(t));
                return;
            }
            let s = (1.0 - eps) * v.w(t) + eps / c as f64 * v.w_all;
            for (j, d) in o.iter_mut().enumerate() {
                *d = F::from_f64(k * ((row[j].to_f64() - lse).exp() * s - v.w(j) * eps / c as f64));
            }
            o[t] = F::from_f64(o[t].to_f64() - k * (1.0 - eps) * v.w(t));
        })
    })
}

/// For the recorded (composite) gradient with index targets: the constant `[R, C]` rows of
/// `tt` (the smoothed one-hot target, zero rows where ignored) for cross_entropy, or of
/// `-w_t onehot` for nll_loss, in the input's shape and the compute dtype.
pub fn index_target_rows(r: &Rows, opts: &ClassLossOptions) -> Result<Tensor> {
    let (c, eps) = (r.classes, opts.label_smoothing);
    let ts = r.target.contiguous_slice::<i64>();
    let wv: Option<Vec<f64>> = r.weight.as_ref().map(|w| w.cast(DType::F64).map(|w| w.to_vec::<f64>())).transpose()?;
    let mut m = vec![0.0f64; r.rows * c];
    for (i, &t) in ts.iter().enumerate() {
        if t == opts.ignore_index {
            continue;
        }
        let row = &mut m[i * c..(i + 1) * c];
        if opts.kind == ClassLossKind::Nll {
            row[t as usize] = -wv.as_ref().map_or(1.0, |w| w[t as usize]);
        } else {
            row.iter_mut().for_each(|d| *d = eps / c as f64);
            row[t as usize] += 1.0 - eps;
        }
    }
    let t = Tensor::build::<f64>(&[r.rows, c], |o| o.copy_from_slice(&m))?.cast(r.x.dtype())?;
    from_rows(&t, &r.in_shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t64(shape: &[usize], v: &[f64]) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    #[test]
    fn weighted_mean_divides_by_the_target_weights() {
        let x = t64(&[2, 2], &[0.0, 0.0, 0.0, 0.0]);
        let t = Tensor::build::<i64>(&[2], |o| o.copy_from_slice(&[0, 1])).unwrap();
        let w = t64(&[2], &[1.0, 3.0]);
        let opts = ClassLossOptions { kind: ClassLossKind::CrossEntropy, reduction: LossReduction::Mean, ignore_index: -100, label_smoothing: 0.0 };
        let (l, _) = class_loss(&x, &t, Some(&w), &opts).unwrap();
        assert!((l.to_vec::<f64>()[0] - 2f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn rows_round_trip_for_spatial_inputs() {
        let x = Tensor::build::<f64>(&[2, 3, 2], |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as f64)).unwrap();
        let r = to_rows(&x, 4, 3).unwrap();
        assert_eq!(&r.to_vec::<f64>()[..6], &[0.0, 2.0, 4.0, 1.0, 3.0, 5.0]);
        assert_eq!(from_rows(&r, &[2, 3, 2]).unwrap().to_vec::<f64>(), x.to_vec::<f64>());
    }
}
