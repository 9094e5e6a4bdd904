//! Fused kernels for the training hot path: cross-entropy (log_softmax + negative log-likelihood
//! in one pass over each row), linear (matmul against a `[out, in]` weight read through a
//! transposed view, then bias and activation in one pass over the output) and the in-place
//! update `p += alpha * g`. The differentiable wrappers are in `crate::autograd::fused`.

use super::elementwise::float::Float;
use super::elementwise::vecmath::VOp;
use super::matmul;
use super::shape;
use crate::dtype::{DType, Kind};
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{Layout, Walk};
use crate::tensor::Tensor;
use crate::runtime::threads::PARALLEL_MIN;
use std::sync::Arc;

// -- cross-entropy -----------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    None,
    Mean,
    Sum,
}

/// The options of `cross_entropy` (PyTorch's meaning).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CrossEntropyOptions {
    pub reduction: Reduction,
    /// Rows whose target equals this value add nothing and are not counted by the mean.
    pub ignore_index: i64,
    /// Weight in [0, 1] of the uniform distribution mixed into the one-hot target.
    pub label_smoothing: f64,
}

/// What the backward pass needs from a cross-entropy forward.
pub struct CrossEntropySaved {
    /// Targets as int64 (validated; ignored rows hold `ignore_index`).
    pub target: Tensor,
    /// logsumexp of each row, `[N]`, in the logits' dtype.
    pub lse: Tensor,
    /// Rows not ignored (the divisor of the mean).
    pub count: usize,
    pub rows: usize,
    pub classes: usize,
}

impl CrossEntropySaved {
    /// The saved state rebuilt from what a recorded node keeps: the logits' shape, the validated
    /// int64 targets and the row logsumexps (rows, classes and the count of rows not ignored are
    /// derived from them).
    pub fn from_parts(logits_shape: &[usize], target: Tensor, lse: Tensor, opts: &CrossEntropyOptions) -> CrossEntropySaved {
        let (rows, classes) = match logits_shape {
            [n, c] => (*n, *c),
            [c] => (1, *c),
            _ => (0, 0),
        };
        let count = target.contiguous_slice::<i64>().iter().filter(|&&t| t != opts.ignore_index).count();
        CrossEntropySaved { target, lse, count, rows, classes }
    }
}

/// Checks the shapes and dtypes and returns `(rows, classes)` and the targets as int64 values.
fn ce_check(logits: &Tensor, target: &Tensor, opts: &CrossEntropyOptions) -> Result<(usize, usize, Tensor)> {
    if !logits.dtype().is_float() {
        return Err(Error::dtype(format!(
            "cross_entropy needs floating-point logits, got {}",
            logits.dtype().name()
        )));
    }
    if target.dtype().kind() != Kind::Int {
        return Err(Error::dtype(format!(
            "cross_entropy needs integer class indices as target, got {}",
            target.dtype().name()
        )));
    }
    let (rows, classes, want): (usize, usize, &[usize]) = match logits.ndim() {
        2 => (logits.shape()[0], logits.shape()[1], &logits.shape()[..1]),
        1 => (1, logits.shape()[0], &[]),
        _ => {
            return Err(Error::shape(format!(
                "cross_entropy needs logits of shape [N, C] or [C], got {}",
                fmt_shape(logits.shape())
            )))
        }
    };
    if target.shape() != want {
        return Err(Error::shape(format!(
            "cross_entropy: target of shape {} does not match logits of shape {} (expected target shape {})",
            fmt_shape(target.shape()),
            fmt_shape(logits.shape()),
            fmt_shape(want)
        )));
    }
    if !(0.0..=1.0).contains(&opts.label_smoothing) {
        return Err(Error::invalid(format!(
            "cross_entropy: label_smoothing must be in [0, 1], got {}",
            opts.label_smoothing
        )));
    }
    let t = target.cast(DType::I64)?.contiguous()?;
    for (i, &v) in t.contiguous_slice::<i64>().iter().enumerate() {
        if v != opts.ignore_index && (v < 0 || v as u64 >= classes as u64) {
            return Err(Error::invalid(format!(
                "cross_entropy: target {v} at position {i} is out of bounds for {classes} classes \
                 (valid targets are 0..{classes}, or ignore_index {})",
                opts.ignore_index
            )));
        }
    }
    Ok((rows, classes, t))
}

/// Cross-entropy of `logits` (`[N, C]` or `[C]`, float) against integer class indices `target`
/// (`[N]` or `[]`): `lse(row) - row[target]`, mixed with `lse(row) - mean(row)` by
/// `label_smoothing`, then reduced. One pass per row computes its maximum, logsumexp and the
/// picked logit. Returns the loss and what the backward pass needs.
pub fn cross_entropy(
    logits: &Tensor,
    target: &Tensor,
    opts: &CrossEntropyOptions,
) -> Result<(Tensor, CrossEntropySaved)> {
    let (rows, classes, t) = ce_check(logits, target, opts)?;
    let x = logits.contiguous()?;
    let (loss, lse, count) = if x.dtype() == DType::F32 {
        ce_forward::<f32>(&x, &t, rows, classes, opts)?
    } else {
        ce_forward::<f64>(&x, &t, rows, classes, opts)?
    };
    let loss = if opts.reduction == Reduction::None && logits.ndim() == 1 { shape::reshape(&loss, &[])? } else { loss };
    Ok((loss, CrossEntropySaved { target: t, lse, count, rows, classes }))
}

fn ce_forward<F: Float>(
    x: &Tensor,
    t: &Tensor,
    rows: usize,
    classes: usize,
    opts: &CrossEntropyOptions,
) -> Result<(Tensor, Tensor, usize)> {
    let xs = x.contiguous_slice::<F>();
    let ts = t.contiguous_slice::<i64>();
    let eps = opts.label_smoothing;
    let ignore = opts.ignore_index;
    let row = |((l, out), (i, &tgt)): ((&mut F, &mut F), (usize, &i64))| {
        let r = &xs[i * classes..(i + 1) * classes];
        if classes == 0 {
            // Logsumexp of nothing is -inf; no target can be valid, so the row is ignored.
            *l = F::from_f64(f64::NEG_INFINITY);
            return;
        }
        let mut m = r[0];
        for &v in r {
            if v > m || v.is_nan() {
                m = v;
            }
        }
        let mut total = F::zero();
        let mut sum_x = F::zero();
        for &v in r {
            total = total.add(v.sub(m).exp());
            sum_x = sum_x.add(v);
        }
        let s = m.add(total.ln());
        *l = s;
        if tgt == ignore {
            return;
        }
        let nll = s.sub(r[tgt as usize]);
        *out = if eps == 0.0 {
            nll
        } else {
            let smooth = s.sub(sum_x.div(F::from_f64(classes as f64)));
            F::from_f64(1.0 - eps).mul(nll).add(F::from_f64(eps).mul(smooth))
        };
    };
    // (logsumexp, loss) of each row.
    let mut both = vec![(F::zero(), F::zero()); rows];
    crate::runtime::threads::for_rows(&mut both, 1, classes, |i, o| {
        let (l, out) = &mut o[0];
        row(((l, out), (i, &ts[i])))
    });
    let lse: Vec<F> = both.iter().map(|p| p.0).collect();
    let loss: Vec<F> = both.iter().map(|p| p.1).collect();
    let count = ts.iter().filter(|&&v| v != ignore).count();
    let lse_t = Tensor::build::<F>(&[rows], |o| o.copy_from_slice(&lse))?;
    let out = match opts.reduction {
        Reduction::None => Tensor::build::<F>(&[rows], |o| o.copy_from_slice(&loss))?,
        Reduction::Sum | Reduction::Mean => {
            let total: f64 = loss.iter().map(|v| v.to_f64()).sum();
            let v = if opts.reduction == Reduction::Sum { total } else { total / count as f64 };
            crate::kernels::creation::filled::<F>(&[], F::from_f64(v))?
        }
    };
    Ok((out, lse_t, count))
}

/// The gradient of `cross_entropy` with respect to the logits for output gradient `g` (`[]` for
/// mean and sum, the loss's shape for none), in one pass:
/// `(softmax(row) - (1 - eps) onehot(target) - eps / C) * g_row * scale`, where `scale` is
/// `1 / count` for mean; ignored rows get zeros.
pub fn cross_entropy_backward(logits: &Tensor, saved: &CrossEntropySaved, g: &Tensor, opts: &CrossEntropyOptions) -> Result<Tensor> {
    let x = logits.contiguous()?;
    let g = g.cast(x.dtype())?.contiguous()?;
    if x.dtype() == DType::F32 {
        ce_backward::<f32>(&x, saved, &g, opts, logits.shape())
    } else {
        ce_backward::<f64>(&x, saved, &g, opts, logits.shape())
    }
}

fn ce_backward<F: Float>(
    x: &Tensor,
    saved: &CrossEntropySaved,
    g: &Tensor,
    opts: &CrossEntropyOptions,
    shape: &[usize],
) -> Result<Tensor> {
    let c = saved.classes;
    let xs = x.contiguous_slice::<F>();
    let ts = saved.target.contiguous_slice::<i64>();
    let lse = saved.lse.contiguous_slice::<F>();
    let gs = g.contiguous_slice::<F>();
    let per_row = opts.reduction == Reduction::None;
    let scale = match opts.reduction {
        Reduction::Mean => 1.0 / saved.count as f64,
        _ => 1.0,
    };
    let eps = opts.label_smoothing;
    let (on, off) = (F::from_f64(1.0 - eps), F::from_f64(eps / c as f64));
    Tensor::build::<F>(shape, |out| {
        if c == 0 {
            return;
        }
        let row = |(i, o): (usize, &mut [F])| {
            let tgt = ts[i];
            if tgt == opts.ignore_index {
                o.fill(F::zero());
                return;
            }
            let gi = if per_row { gs[i] } else { gs[0] };
            let k = gi.mul(F::from_f64(scale));
            let r = &xs[i * c..(i + 1) * c];
            let s = lse[i];
            for (d, &v) in o.iter_mut().zip(r) {
                *d = k.mul(v.sub(s).exp().sub(off));
            }
            o[tgt as usize] = o[tgt as usize].sub(k.mul(on));
        };
        crate::runtime::threads::for_rows(out, c, c, |i, o| row((i, o)));
    })
}

/// The target distribution of each row as a constant `[N, C]` tensor of dtype `dt`
/// (`(1 - eps) onehot + eps / C`, zero rows where ignored) and the per-row weight `[N]`
/// (`1 / count` for mean, else 1; 0 where ignored): the composite form of the gradient used when
/// the backward pass itself is recorded.
pub fn cross_entropy_target_dist(saved: &CrossEntropySaved, opts: &CrossEntropyOptions, dt: DType) -> Result<(Tensor, Tensor)> {
    let (rows, c) = (saved.rows, saved.classes);
    let ts = saved.target.contiguous_slice::<i64>();
    let eps = opts.label_smoothing;
    let mut dist = vec![0.0f64; rows * c];
    let mut weight = vec![0.0f64; rows];
    let w = if opts.reduction == Reduction::Mean { 1.0 / saved.count as f64 } else { 1.0 };
    for (i, &tgt) in ts.iter().enumerate() {
        if tgt == opts.ignore_index {
            continue;
        }
        weight[i] = w;
        for d in &mut dist[i * c..(i + 1) * c] {
            *d = eps / c as f64;
        }
        dist[i * c + tgt as usize] += 1.0 - eps;
    }
    let dist = Tensor::build::<f64>(&[rows, c], |o| o.copy_from_slice(&dist))?.cast(dt)?;
    let weight = Tensor::build::<f64>(&[rows], |o| o.copy_from_slice(&weight))?.cast(dt)?;
    Ok((dist, weight))
}

// -- linear ------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    None,
    Relu,
}

/// Shapes and dtype of a linear op: `x [.., in]`, `weight [out, in]`, `bias [out]` or none.
/// Returns the common float dtype.
pub fn linear_check(x: &Tensor, w: &Tensor, b: Option<&Tensor>) -> Result<DType> {
    if x.ndim() == 0 || w.ndim() != 2 {
        return Err(Error::shape(format!(
            "linear needs an input with at least 1 dimension and a 2-D weight [out_features, in_features], \
             got input {} and weight {}",
            fmt_shape(x.shape()),
            fmt_shape(w.shape())
        )));
    }
    let (out_f, in_f) = (w.shape()[0], w.shape()[1]);
    let k = x.shape()[x.ndim() - 1];
    if k != in_f {
        return Err(Error::shape(format!(
            "linear: input of shape {} has {k} features but weight of shape {} ([out_features, \
             in_features]) expects {in_f}",
            fmt_shape(x.shape()),
            fmt_shape(w.shape())
        )));
    }
    let mut dt = DType::promote(x.dtype(), w.dtype());
    if let Some(b) = b {
        if b.shape() != [out_f] {
            return Err(Error::shape(format!(
                "linear: bias of shape {} does not match weight of shape {} (expected [{out_f}])",
                fmt_shape(b.shape()),
                fmt_shape(w.shape())
            )));
        }
        dt = DType::promote(dt, b.dtype());
    }
    if !dt.is_float() {
        return Err(Error::dtype(format!(
            "linear needs floating-point tensors, got input {}, weight {}{}",
            x.dtype().name(),
            w.dtype().name(),
            b.map_or(String::new(), |b| format!(", bias {}", b.dtype().name()))
        )));
    }
    Ok(dt)
}

/// `x` viewed (or copied, when its strides do not allow a view) as `[M, in]`.
pub fn as_matrix(x: &Tensor) -> Result<Tensor> {
    let k = x.shape()[x.ndim() - 1] as i64;
    let m: usize = x.shape()[..x.ndim() - 1].iter().product();
    shape::reshape(x, &[m as i64, k])
}

/// The `[in, out]` view of a `[out, in]` weight: no copy, the GEMM reads the strides.
pub fn transposed(w: &Tensor) -> Result<Tensor> {
    Ok(w.view(w.layout().permute(&[1, 0])?))
}

/// `act(x @ weight.T + bias)` with `x [.., in]`, `weight [out, in]`, `bias [out]`: the GEMM reads
/// the weight through a transposed view (no copy), then one pass over the fresh output adds the
/// bias and applies the activation. The result has shape `[.., out]`.
pub fn linear(x: &Tensor, w: &Tensor, b: Option<&Tensor>, act: Activation) -> Result<Tensor> {
    let dt = linear_check(x, w, b)?;
    let x2 = as_matrix(&x.cast(dt)?)?;
    let mut y = matmul::matmul(&x2, &transposed(&w.cast(dt)?)?)?;
    let bias = match b {
        Some(b) => Some(b.cast(dt)?.contiguous()?),
        None => None,
    };
    if bias.is_some() || act != Activation::None {
        if dt == DType::F32 {
            epilogue::<f32>(&mut y, bias.as_ref(), act)?;
        } else {
            epilogue::<f64>(&mut y, bias.as_ref(), act)?;
        }
    }
    let mut out_shape: Vec<i64> = x.shape()[..x.ndim() - 1].iter().map(|&d| d as i64).collect();
    out_shape.push(w.shape()[0] as i64);
    shape::reshape(&y, &out_shape)
}

/// Adds the bias to each row of the fresh `[M, out]` matrix `y` and applies `act`, in place.
fn epilogue<F: Float>(y: &mut Tensor, bias: Option<&Tensor>, act: Activation) -> Result<()> {
    let n = *y.shape().last().expect("2-D");
    if y.numel() == 0 {
        return Ok(());
    }
    let b: Option<&[F]> = bias.map(|b| b.contiguous_slice::<F>());
    let relu = act == Activation::Relu;
    // Two branch-free passes over each row while it is in cache: the bias add (vectorised), then
    // the SIMD relu kernel of `tfs.relu` (a compare-and-branch per element costs a misprediction
    // on every other element of real activations: +80 us on a 64x256 output).
    let work = |row: &mut [F]| {
        if let Some(b) = b {
            for (v, &bv) in row.iter_mut().zip(b) {
                *v = v.add(bv);
            }
        }
        if relu {
            let mut buf = [F::default(); 256];
            for chunk in row.chunks_mut(256) {
                let src = &mut buf[..chunk.len()];
                src.copy_from_slice(chunk);
                F::vunary(VOp::Relu, chunk, src);
            }
        }
    };
    let total = y.numel();
    let fresh = y.is_contiguous() && y.layout.offset == 0;
    match Arc::get_mut(&mut y.storage) {
        Some(storage) if fresh => {
            let data = &mut storage.as_mut_slice::<F>()[..total];
            // Whole rows per task, about PARALLEL_MIN / 4 elements each.
            let rows_per_task = (PARALLEL_MIN / 4 / n.max(1)).max(1);
            crate::runtime::threads::for_chunks(data, rows_per_task * n, |_, rows| rows.chunks_mut(n).for_each(work));
        }
        _ => {
            // Not a buffer of our own (never the case for a matmul result): work on a copy.
            let mut c = y.contiguous_copy()?;
            Arc::get_mut(&mut c.storage).expect("fresh copy").as_mut_slice::<F>().chunks_mut(n).for_each(work);
            *y = c;
        }
    }
    Ok(())
}

/// `g` where `y > 0`, else 0 (the gradient through relu given its output `y`), in one pass.
pub fn relu_backward(g: &Tensor, y: &Tensor) -> Result<Tensor> {
    let dt = y.dtype();
    let g = g.cast(dt)?.contiguous()?;
    let y = y.contiguous()?;
    fn run<F: Float>(g: &Tensor, y: &Tensor) -> Result<Tensor> {
        let (gs, ys) = (g.contiguous_slice::<F>(), y.contiguous_slice::<F>());
        Tensor::build::<F>(y.shape(), |out| {
            let work = |((o, &gv), &yv): ((&mut F, &F), &F)| *o = if yv > F::zero() { gv } else { F::zero() };
            crate::runtime::threads::for_chunks(out, PARALLEL_MIN, |i, o| {
                let (gs, ys) = (&gs[i..i + o.len()], &ys[i..i + o.len()]);
                o.iter_mut().zip(gs).zip(ys).for_each(work)
            });
        })
    }
    if dt == DType::F32 {
        run::<f32>(&g, &y)
    } else {
        run::<f64>(&g, &y)
    }
}

// -- in-place update ---------------------------------------------------------------------------

/// Checks that `p` can take an in-place update from `g`: a floating-point destination that is not
/// a broadcast view, and `g` broadcastable to its shape. Returns `g` cast to `p`'s dtype,
/// broadcast to its shape, in storage not shared with `p`.
pub fn add_scaled_prepare(p: &Tensor, g: &Tensor) -> Result<Tensor> {
    if !p.dtype().is_float() {
        return Err(Error::dtype(format!(
            "the scaled in-place add updates floating-point tensors only, got a destination of dtype {}",
            p.dtype().name()
        )));
    }
    if let Some(d) = (0..p.ndim()).find(|&d| p.strides()[d] == 0 && p.shape()[d] > 1) {
        return Err(Error::invalid(format!(
            "the destination of shape {} is a broadcast view (stride 0 at dim {d}); \
             several of its elements share one memory location, so it cannot be updated in place",
            fmt_shape(p.shape())
        )));
    }
    let mut src = g.cast(p.dtype())?;
    if Arc::ptr_eq(&src.storage, &p.storage) {
        src = src.contiguous_copy()?;
    }
    let l = src.layout().broadcast_to(p.shape()).map_err(|_| {
        Error::shape(format!(
            "the update of shape {} cannot be broadcast to the destination's shape {}",
            fmt_shape(g.shape()),
            fmt_shape(p.shape())
        ))
    })?;
    Ok(src.view(l))
}

/// `p += alpha * g` written into `p`'s storage (seen by every tensor sharing it), with `g`
/// already prepared by `add_scaled_prepare`. Bumps the storage version.
pub fn add_scaled_apply(p: &Tensor, g: &Tensor, alpha: f64) {
    p.storage.bump_version();
    if p.numel() == 0 {
        return;
    }
    if p.dtype() == DType::F32 {
        axpy::<f32>(p, g, alpha)
    } else {
        axpy::<f64>(p, g, alpha)
    }
}

fn axpy<F: Float>(p: &Tensor, g: &Tensor, alpha: f64) {
    let a = F::from_f64(alpha);
    // SAFETY (of every write below): tensors are values everywhere else in the core; in-place
    // writes go through the storage's raw pointer, as `index::assign` does. `g` does not share
    // `p`'s storage (`add_scaled_prepare` copied it), every offset addresses an element of the
    // checked view `p`, and `p` is not a broadcast view, so no element is written twice.
    let base = p.storage.as_ptr() as *mut F;
    let src = g.storage.as_slice::<F>();
    let n = p.numel();
    if p.is_contiguous() && g.is_contiguous() {
        let dst = unsafe { std::slice::from_raw_parts_mut(base.add(p.layout.offset), n) };
        let s = &src[g.layout.offset..g.layout.offset + n];
        crate::runtime::threads::for_chunks(dst, PARALLEL_MIN / 4, |i, d| {
            let s = &s[i..i + d.len()];
            for (d, &s) in d.iter_mut().zip(s) {
                *d = d.add(a.mul(s));
            }
        });
        return;
    }
    let l: &Layout = p.layout();
    let walk = Walk::new(&l.shape, [&l.strides, &g.layout().strides]);
    walk.rows([l.offset as isize, g.layout().offset as isize], |[op, og], len, [sp, sg]| {
        for i in 0..len as isize {
            unsafe {
                let d = base.offset(op + i * sp);
                *d = (*d).add(a.mul(src[(og + i * sg) as usize]));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t32(shape: &[usize], v: &[f32]) -> Tensor {
        Tensor::build::<f32>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    #[test]
    fn cross_entropy_matches_log_softmax() {
        let x = t32(&[2, 3], &[1.0, 2.0, 3.0, 0.5, -1.0, 2.0]);
        let t = Tensor::build::<i64>(&[2], |o| o.copy_from_slice(&[2, 0])).unwrap();
        let opts = CrossEntropyOptions { reduction: Reduction::None, ignore_index: -100, label_smoothing: 0.0 };
        let (l, _) = cross_entropy(&x, &t, &opts).unwrap();
        let lse0 = (1f64.exp() + 2f64.exp() + 3f64.exp()).ln();
        let lse1 = (0.5f64.exp() + (-1f64).exp() + 2f64.exp()).ln();
        let v = l.to_vec::<f32>();
        assert!((v[0] as f64 - (lse0 - 3.0)).abs() < 1e-6);
        assert!((v[1] as f64 - (lse1 - 0.5)).abs() < 1e-6);
    }

    #[test]
    fn cross_entropy_rejects_out_of_range_targets() {
        let x = t32(&[1, 3], &[1.0, 2.0, 3.0]);
        let t = Tensor::build::<i64>(&[1], |o| o.copy_from_slice(&[3])).unwrap();
        let opts = CrossEntropyOptions { reduction: Reduction::Mean, ignore_index: -100, label_smoothing: 0.0 };
        let e = cross_entropy(&x, &t, &opts).err().unwrap();
        assert!(e.message.contains("target 3 at position 0"), "{}", e.message);
    }

    #[test]
    fn linear_relu_and_axpy() {
        let x = t32(&[1, 2], &[1.0, 2.0]);
        let w = t32(&[2, 2], &[1.0, 0.0, 0.0, -1.0]);
        let b = t32(&[2], &[0.5, 0.5]);
        let y = linear(&x, &w, Some(&b), Activation::Relu).unwrap();
        assert_eq!(y.to_vec::<f32>(), vec![1.5, 0.0]);
        let p = t32(&[2], &[1.0, 1.0]);
        let g = add_scaled_prepare(&p, &t32(&[2], &[2.0, 4.0])).unwrap();
        add_scaled_apply(&p, &g, -0.5);
        assert_eq!(p.to_vec::<f32>(), vec![0.0, -1.0]);
    }
}
