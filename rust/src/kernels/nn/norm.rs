//! Normalization kernels, forward and backward: `layer_norm`, `rms_norm` and `group_norm` (row
//! normalizations: the statistics of each contiguous row of the input) and `batch_norm` (the
//! statistics of each channel over the batch and the spatial dims), float32 and float64, threaded
//! on the team. The differentiable functions are in `crate::nn::norm`.
//!
//! Accumulation: every sum (means, variances, the backward's row and channel sums, the weight and
//! bias gradients) is taken in f64, also for float32 data, with eight independent lanes per loop
//! (so it vectorises) combined in a fixed order. Variances are two-pass: the mean first, then the
//! centred squares, over a row while it is in cache. Work is cut into blocks that depend on the
//! shapes only, never on the thread count, and partial sums are combined in block order, so
//! results do not depend on the number of threads.

use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result, TF_Code};
use crate::kernels::elementwise::float::Float;
// BaseFma, Fma, Fused and Level are named by the `levels!` expansions below.
use crate::kernels::elementwise::vecmath::{level, levels, BaseFma, Fma, Fused, Level};
use crate::runtime::threads::{for_rows, run_tasks, SendPtr, PARALLEL_MIN};
use crate::tensor::Tensor;

fn config(message: String) -> Error {
    Error::new(TF_Code::TF_LAYER_CONFIG_ERROR, message)
}

/// `eps` must be finite and >= 0 (PyTorch accepts 0).
fn check_eps(name: &str, eps: f64) -> Result<()> {
    if !(eps >= 0.0 && eps.is_finite()) {
        return Err(Error::invalid(format!("{name}: eps must be a finite number >= 0, got {eps}")));
    }
    Ok(())
}

/// The common float dtype of the operands present (NumPy promotion), else a DtypeError.
fn float_dtype(name: &str, x: &Tensor, others: &[(&str, Option<&Tensor>)]) -> Result<DType> {
    let mut dt = x.dtype();
    for (_, t) in others {
        if let Some(t) = t {
            dt = DType::promote(dt, t.dtype());
        }
    }
    if !dt.is_float() {
        let mut names = format!("input {}", x.dtype().name());
        for (n, t) in others {
            if let Some(t) = t {
                names.push_str(&format!(", {n} {}", t.dtype().name()));
            }
        }
        return Err(Error::dtype(format!("{name} needs floating-point tensors, got {names}")));
    }
    Ok(dt)
}

fn check_param_shape(name: &str, what: &str, t: Option<&Tensor>, want: &[usize], of: &str) -> Result<()> {
    if let Some(t) = t {
        if t.shape() != want {
            return Err(Error::shape(format!(
                "{name}: {what} of shape {} does not match {of} (expected shape {})",
                fmt_shape(t.shape()),
                fmt_shape(want)
            )));
        }
    }
    Ok(())
}

fn prepared(t: Option<&Tensor>, dt: DType) -> Result<Option<Tensor>> {
    t.map(|t| t.cast(dt)?.contiguous()).transpose()
}

/// Sum over `s` of `f(v)` in f64, eight lanes combined pairwise.
#[inline(always)]
fn lanes<F: Float>(s: &[F], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0f64; 8];
    let mut it = s.chunks_exact(8);
    for c in &mut it {
        for k in 0..8 {
            acc[k] += f(c[k].to_f64());
        }
    }
    for (k, &v) in it.remainder().iter().enumerate() {
        acc[k] += f(v.to_f64());
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

/// Sum over `a`, `b` (same length) of `f(a, b)` in f64, as `lanes`.
#[inline(always)]
fn lanes2<F: Float>(a: &[F], b: &[F], f: impl Fn(f64, f64) -> f64) -> f64 {
    let mut acc = [0f64; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += f(x[k].to_f64(), y[k].to_f64());
        }
    }
    for (k, (&x, &y)) in ra.iter().zip(rb).enumerate() {
        acc[k] += f(x.to_f64(), y.to_f64());
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

// -- row normalizations (layer, rms, group) ---------------------------------------------------

/// How a row normalization sees its input: `rows` contiguous rows of `d` elements; element `j`
/// of row `r` has the affine parameter `(r % groups) * (d / rep) + j / rep` (layer and rms norm:
/// one group, rep 1, so parameter `j`; group norm: `groups` groups of `d / rep` channels of
/// `rep` spatial elements each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowGeom {
    pub rows: usize,
    pub d: usize,
    pub groups: usize,
    pub rep: usize,
}

impl RowGeom {
    /// Number of affine parameters.
    fn params(self) -> usize {
        if self.rep == 0 {
            0
        } else {
            self.groups * (self.d / self.rep)
        }
    }
}

/// The statistics a row (or batch) normalization saves for backward: per row (channel) the mean
/// (None for rms_norm) and the inverse standard deviation (inverse rms), in the compute dtype.
pub struct NormStats {
    pub mean: Option<Tensor>,
    pub rstd: Tensor,
}

/// Checks `normalized_shape` against the trailing dims of `x` and returns it and the geometry.
pub fn layer_geom(name: &str, x_shape: &[usize], normalized: &[i64]) -> Result<(Vec<usize>, RowGeom)> {
    if normalized.is_empty() {
        return Err(config(format!(
            "{name}: normalized_shape must have at least one dimension, got [] (input of shape {})",
            fmt_shape(x_shape)
        )));
    }
    let k = normalized.len();
    let tail = if k <= x_shape.len() { &x_shape[x_shape.len() - k..] } else { x_shape };
    let fits = k <= x_shape.len() && normalized.iter().zip(tail).all(|(&a, &b)| a >= 0 && a as u64 == b as u64);
    if !fits {
        return Err(config(format!(
            "{name}: normalized_shape {} does not match the input's last dims {} (input of shape {})",
            fmt_shape(normalized),
            fmt_shape(tail),
            fmt_shape(x_shape)
        )));
    }
    let lead = &x_shape[..x_shape.len() - k];
    let geom = RowGeom { rows: lead.iter().product(), d: tail.iter().product(), groups: 1, rep: 1 };
    Ok((tail.to_vec(), geom))
}

/// Checks `num_groups` against the channels of `x` (shape `(N, C, *)`) and returns the geometry.
pub fn group_geom(x_shape: &[usize], num_groups: i64) -> Result<RowGeom> {
    if x_shape.len() < 2 {
        return Err(Error::shape(format!(
            "group_norm needs an input of shape (N, C, *) with at least 2 dims, got {}",
            fmt_shape(x_shape)
        )));
    }
    let c = x_shape[1];
    if num_groups <= 0 {
        return Err(config(format!("group_norm: num_groups must be positive, got {num_groups}")));
    }
    let g = num_groups as u64;
    if c as u64 % g != 0 {
        return Err(config(format!(
            "group_norm: the number of channels {c} is not divisible by num_groups {num_groups} (input of shape {})",
            fmt_shape(x_shape)
        )));
    }
    if g > c as u64 {
        return Err(config(format!("group_norm: num_groups {num_groups} is more than the number of channels {c}")));
    }
    let g = g as usize;
    let l: usize = x_shape[2..].iter().product();
    Ok(RowGeom { rows: x_shape[0] * g, d: (c / g) * l, groups: g, rep: l })
}

/// `layer_norm` (PyTorch's): each row over the trailing `normalized_shape` dims of `x` becomes
/// `(x - mean) / sqrt(var + eps) * weight + bias` (biased variance; weight and bias of shape
/// `normalized_shape`, optional). Returns the output and the per-row mean and inverse std.
pub fn layer_norm(x: &Tensor, normalized: &[i64], w: Option<&Tensor>, b: Option<&Tensor>, eps: f64) -> Result<(Tensor, NormStats)> {
    let (ns, geom) = layer_geom("layer_norm", x.shape(), normalized)?;
    check_param_shape("layer_norm", "weight", w, &ns, "normalized_shape")?;
    check_param_shape("layer_norm", "bias", b, &ns, "normalized_shape")?;
    check_eps("layer_norm", eps)?;
    let dt = float_dtype("layer_norm", x, &[("weight", w), ("bias", b)])?;
    row_norm(x, geom, w, b, eps, true, dt)
}

/// `rms_norm` (PyTorch's): `x / sqrt(mean(x^2) + eps) * weight` over the trailing
/// `normalized_shape` dims. Returns the output and the per-row inverse rms (no mean).
pub fn rms_norm(x: &Tensor, normalized: &[i64], w: Option<&Tensor>, eps: f64) -> Result<(Tensor, NormStats)> {
    let (ns, geom) = layer_geom("rms_norm", x.shape(), normalized)?;
    check_param_shape("rms_norm", "weight", w, &ns, "normalized_shape")?;
    check_eps("rms_norm", eps)?;
    let dt = float_dtype("rms_norm", x, &[("weight", w)])?;
    row_norm(x, geom, w, None, eps, false, dt)
}

/// `group_norm` (PyTorch's): `x` of shape `(N, C, *)`; the channels are split into `num_groups`
/// groups and each (sample, group) is normalized over its channels and spatial elements, then
/// scaled and shifted per channel (weight and bias of shape `(C,)`, optional).
pub fn group_norm(x: &Tensor, num_groups: i64, w: Option<&Tensor>, b: Option<&Tensor>, eps: f64) -> Result<(Tensor, NormStats)> {
    let geom = group_geom(x.shape(), num_groups)?;
    let c = [x.shape()[1]];
    check_param_shape("group_norm", "weight", w, &c, "the input's channels")?;
    check_param_shape("group_norm", "bias", b, &c, "the input's channels")?;
    check_eps("group_norm", eps)?;
    let dt = float_dtype("group_norm", x, &[("weight", w), ("bias", b)])?;
    row_norm(x, geom, w, b, eps, true, dt)
}

fn row_norm(x: &Tensor, geom: RowGeom, w: Option<&Tensor>, b: Option<&Tensor>, eps: f64, center: bool, dt: DType) -> Result<(Tensor, NormStats)> {
    let xc = x.cast(dt)?.contiguous()?;
    let (w, b) = (prepared(w, dt)?, prepared(b, dt)?);
    fn run<F: Float>(x: &Tensor, geom: RowGeom, w: Option<&Tensor>, b: Option<&Tensor>, eps: f64, center: bool) -> Result<(Tensor, NormStats)> {
        let xs = x.contiguous_slice::<F>();
        let ws = w.map(|t| t.contiguous_slice::<F>());
        let bs = b.map(|t| t.contiguous_slice::<F>());
        let mut mean = vec![F::zero(); geom.rows];
        let mut rstd = vec![F::zero(); geom.rows];
        let out = Tensor::build::<F>(x.shape(), |o| row_forward(xs, geom, ws, bs, eps, center, o, &mut mean, &mut rstd))?;
        let mean = if center { Some(Tensor::build::<F>(&[geom.rows], |o| o.copy_from_slice(&mean))?) } else { None };
        let rstd = Tensor::build::<F>(&[geom.rows], |o| o.copy_from_slice(&rstd))?;
        Ok((out, NormStats { mean, rstd }))
    }
    if dt == DType::F32 {
        run::<f32>(&xc, geom, w.as_ref(), b.as_ref(), eps, center)
    } else {
        run::<f64>(&xc, geom, w.as_ref(), b.as_ref(), eps, center)
    }
}

/// Rows per task: about PARALLEL_MIN elements each (shape-only, so thread-count independent).
fn rows_per_block(d: usize) -> usize {
    (PARALLEL_MIN / d.max(1)).max(1)
}

/// `o = (x - mu) * rs * w + b` over one row, one loop per affine case so each vectorises.
#[inline(always)]
fn affine_row<F: Float>(o: &mut [F], xr: &[F], muf: F, rsf: F, w: Option<&[F]>, b: Option<&[F]>) {
    match (w, b) {
        (Some(w), Some(b)) => {
            for (((o, &v), &wv), &bv) in o.iter_mut().zip(xr).zip(w).zip(b) {
                *o = v.sub(muf).mul(rsf).mul(wv).add(bv);
            }
        }
        (Some(w), None) => {
            for ((o, &v), &wv) in o.iter_mut().zip(xr).zip(w) {
                *o = v.sub(muf).mul(rsf).mul(wv);
            }
        }
        (None, Some(b)) => {
            for ((o, &v), &bv) in o.iter_mut().zip(xr).zip(b) {
                *o = v.sub(muf).mul(rsf).add(bv);
            }
        }
        (None, None) => {
            for (o, &v) in o.iter_mut().zip(xr) {
                *o = v.sub(muf).mul(rsf);
            }
        }
    }
}

/// Rows `r0..r1` of the row-normalization forward (see `row_forward`).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn forward_block<F: Float>(
    xs: &[F],
    geom: RowGeom,
    w: Option<&[F]>,
    b: Option<&[F]>,
    eps: f64,
    center: bool,
    po: SendPtr<F>,
    pm: SendPtr<F>,
    pr: SendPtr<F>,
    r0: usize,
    r1: usize,
) {
    let RowGeom { d, groups, rep, .. } = geom;
    let per_group = geom.params() / groups.max(1);
    for r in r0..r1 {
        let xr = &xs[r * d..(r + 1) * d];
        // SAFETY: row r (and stat r) belongs to this block alone; `out` has rows * d elements.
        let o = unsafe { std::slice::from_raw_parts_mut(po.get().add(r * d), d) };
        let mu = if center { lanes(xr, |v| v) / d as f64 } else { 0.0 };
        let var = lanes(xr, |v| (v - mu) * (v - mu)) / d as f64;
        let rs = 1.0 / (var + eps).sqrt();
        unsafe {
            *pm.get().add(r) = F::from_f64(mu);
            *pr.get().add(r) = F::from_f64(rs);
        }
        let p0 = (r % groups) * per_group;
        let (muf, rsf) = (F::from_f64(mu), F::from_f64(rs));
        if rep == 1 {
            affine_row(o, xr, muf, rsf, w.map(|w| &w[p0..p0 + d]), b.map(|b| &b[p0..p0 + d]));
        } else if rep > 0 {
            for (c, (os, xsg)) in o.chunks_mut(rep).zip(xr.chunks(rep)).enumerate() {
                let wv = w.map_or(1.0, |w| w[p0 + c].to_f64());
                let a = F::from_f64(rs * wv);
                let bv = b.map_or(F::zero(), |b| b[p0 + c]);
                for (o, &v) in os.iter_mut().zip(xsg) {
                    *o = v.sub(muf).mul(a).add(bv);
                }
            }
        }
    }
}

// The block compiled per CPU level (vecmath's `levels!`): AVX2/AVX-512 run the f32 -> f64
// conversions and the f64 lanes 4 or 8 wide instead of SSE2's 2. No FMA is used (nothing here
// calls `mul_add`, and Rust never contracts `a * b + c`), so every level gives the same bits.
levels! {
    fn forward_block_at<F: Float>(
        xs: &[F], geom: RowGeom, w: Option<&[F]>, b: Option<&[F]>, eps: f64, center: bool,
        po: SendPtr<F>, pm: SendPtr<F>, pr: SendPtr<F>, r0: usize, r1: usize
    ) {
        forward_block::<F>(xs, geom, w, b, eps, center, po, pm, pr, r0, r1)
    }
}

#[allow(clippy::too_many_arguments)]
fn row_forward<F: Float>(
    xs: &[F],
    geom: RowGeom,
    w: Option<&[F]>,
    b: Option<&[F]>,
    eps: f64,
    center: bool,
    out: &mut [F],
    mean: &mut [F],
    rstd: &mut [F],
) {
    let rows = geom.rows;
    if rows == 0 {
        return;
    }
    let rpb = rows_per_block(geom.d);
    let (po, pm, pr) = (SendPtr(out.as_mut_ptr()), SendPtr(mean.as_mut_ptr()), SendPtr(rstd.as_mut_ptr()));
    let lvl = level();
    run_tasks(rows.div_ceil(rpb), &|blk| {
        let (r0, r1) = (blk * rpb, ((blk + 1) * rpb).min(rows));
        forward_block_at::at::<F>(lvl, xs, geom, w, b, eps, center, po, pm, pr, r0, r1);
    });
}

/// The gradients of a row normalization (`layer_norm`, `rms_norm` when `stats.mean` is None, `group_norm`)
/// for output gradient `g`, from the input, the weight and the saved statistics, in one pass
/// over the rows: `dx = rstd * (g w - mean(g w) - xhat * mean(g w xhat))` (without the
/// `mean(g w)` term for rms), `dweight = sum over rows of g * xhat`, `dbias = sum of g` (for
/// the parameters each element maps to). Each is computed only when asked for
/// (`need = [dx, dweight, dbias]`); results have the compute dtype and the shapes of x, weight,
/// bias (`param_shape`).
#[allow(clippy::too_many_arguments)]
pub fn row_norm_backward(
    x: &Tensor,
    geom: RowGeom,
    w: Option<&Tensor>,
    stats: &NormStats,
    g: &Tensor,
    need: [bool; 3],
    param_shape: &[usize],
) -> Result<[Option<Tensor>; 3]> {
    let dt = stats.rstd.dtype();
    let xc = x.cast(dt)?.contiguous()?;
    let gc = g.cast(dt)?.contiguous()?;
    let w = prepared(w, dt)?;
    let mean = prepared(stats.mean.as_ref(), dt)?;
    let rstd = stats.rstd.contiguous()?;
    fn run<F: Float>(
        x: &Tensor,
        geom: RowGeom,
        w: Option<&Tensor>,
        mean: Option<&Tensor>,
        rstd: &Tensor,
        g: &Tensor,
        need: [bool; 3],
        param_shape: &[usize],
    ) -> Result<[Option<Tensor>; 3]> {
        let (xs, gs) = (x.contiguous_slice::<F>(), g.contiguous_slice::<F>());
        let ws = w.map(|t| t.contiguous_slice::<F>());
        let ms = mean.map(|t| t.contiguous_slice::<F>());
        let rs = rstd.contiguous_slice::<F>();
        let need_wb = need[1] || need[2];
        let mut partial: (Vec<f64>, Vec<f64>, usize) = (Vec::new(), Vec::new(), 0);
        let dx = if need[0] {
            Some(Tensor::build::<F>(x.shape(), |o| partial = row_backward(xs, gs, geom, ws, ms, rs, Some(o), need_wb))?)
        } else {
            partial = row_backward(xs, gs, geom, ws, ms, rs, None, need_wb);
            None
        };
        let (dwp, dbp, nb) = partial;
        let np = geom.params();
        let fold = |p: &[f64]| -> Vec<F> {
            let mut acc = vec![0f64; np];
            for blk in 0..nb {
                for (a, &v) in acc.iter_mut().zip(&p[blk * np..(blk + 1) * np]) {
                    *a += v;
                }
            }
            acc.into_iter().map(F::from_f64).collect()
        };
        let dw = if need[1] { Some(Tensor::build::<F>(param_shape, |o| o.copy_from_slice(&fold(&dwp)))?) } else { None };
        let db = if need[2] { Some(Tensor::build::<F>(param_shape, |o| o.copy_from_slice(&fold(&dbp)))?) } else { None };
        Ok([dx, dw, db])
    }
    if dt == DType::F32 {
        run::<f32>(&xc, geom, w.as_ref(), mean.as_ref(), &rstd, &gc, need, param_shape)
    } else {
        run::<f64>(&xc, geom, w.as_ref(), mean.as_ref(), &rstd, &gc, need, param_shape)
    }
}

/// Rows `r0..r1` (block `blk`) of the row-normalization backward (see `row_backward`).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn backward_block<F: Float>(
    xs: &[F],
    gs: &[F],
    geom: RowGeom,
    w: Option<&[F]>,
    mean: Option<&[F]>,
    rstd: &[F],
    pdx: Option<SendPtr<F>>,
    need_wb: bool,
    pw: SendPtr<f64>,
    pb: SendPtr<f64>,
    blk: usize,
    r0: usize,
    r1: usize,
) {
    let RowGeom { d, groups, rep, .. } = geom;
    let np = geom.params();
    let per_group = np / groups.max(1);
    let inv_d = 1.0 / d as f64;
    // SAFETY: block `blk` alone owns its partial slots and the dx rows of its row range.
    let (dw, db) = if need_wb {
        unsafe {
            (
                std::slice::from_raw_parts_mut(pw.get().add(blk * np), np),
                std::slice::from_raw_parts_mut(pb.get().add(blk * np), np),
            )
        }
    } else {
        (&mut [][..], &mut [][..])
    };
    for r in r0..r1 {
        let (xr, gr) = (&xs[r * d..(r + 1) * d], &gs[r * d..(r + 1) * d]);
        let mu = mean.map_or(0.0, |m| m[r].to_f64());
        let rs = rstd[r].to_f64();
        let p0 = (r % groups) * per_group;
        // s1 = sum(g w), s2 = sum(g w xhat).
        let (mut s1, mut s2) = (0.0, 0.0);
        if rep == 1 {
            match w {
                Some(w) if need_wb => {
                    // The affine case of training: s1, s2 and this row's dweight/dbias terms in
                    // one pass over the row (the same operations, in the same order, as apart).
                    let wr = &w[p0..p0 + d];
                    let (dwr, dbr) = (&mut dw[p0..p0 + d], &mut db[p0..p0 + d]);
                    let mut gw = [0f64; 8];
                    let mut gwx = [0f64; 8];
                    let (cg, cx, cw) = (gr.chunks_exact(8), xr.chunks_exact(8), wr.chunks_exact(8));
                    let (rg, rx, rw) = (cg.remainder(), cx.remainder(), cw.remainder());
                    let (mut cdw, mut cdb) = (dwr.chunks_exact_mut(8), dbr.chunks_exact_mut(8));
                    for ((((g8, x8), w8), dw8), db8) in cg.zip(cx).zip(cw).zip(&mut cdw).zip(&mut cdb) {
                        for k in 0..8 {
                            let gv = g8[k].to_f64();
                            let xc = x8[k].to_f64() - mu;
                            let t = gv * w8[k].to_f64();
                            gw[k] += t;
                            gwx[k] += t * xc;
                            dw8[k] += gv * xc * rs;
                            db8[k] += gv;
                        }
                    }
                    let (rdw, rdb) = (cdw.into_remainder(), cdb.into_remainder());
                    for (k, ((((&gv, &xv), &wv), dw), db)) in rg.iter().zip(rx).zip(rw).zip(rdw).zip(rdb).enumerate() {
                        let (gv, xc) = (gv.to_f64(), xv.to_f64() - mu);
                        let t = gv * wv.to_f64();
                        gw[k] += t;
                        gwx[k] += t * xc;
                        *dw += gv * xc * rs;
                        *db += gv;
                    }
                    s1 = gw.iter().sum();
                    s2 = gwx.iter().sum::<f64>() * rs;
                }
                Some(w) => {
                    let wr = &w[p0..p0 + d];
                    // Lane j % 8 accumulates element j, in chunks of 8 so that it vectorises.
                    let mut gw = [0f64; 8];
                    let mut gwx = [0f64; 8];
                    let (cg, cx, cw) = (gr.chunks_exact(8), xr.chunks_exact(8), wr.chunks_exact(8));
                    let (rg, rx, rw) = (cg.remainder(), cx.remainder(), cw.remainder());
                    for ((g8, x8), w8) in cg.zip(cx).zip(cw) {
                        for k in 0..8 {
                            let t = g8[k].to_f64() * w8[k].to_f64();
                            gw[k] += t;
                            gwx[k] += t * (x8[k].to_f64() - mu);
                        }
                    }
                    for (k, ((&gv, &xv), &wv)) in rg.iter().zip(rx).zip(rw).enumerate() {
                        let t = gv.to_f64() * wv.to_f64();
                        gw[k] += t;
                        gwx[k] += t * (xv.to_f64() - mu);
                    }
                    s1 = gw.iter().sum();
                    s2 = gwx.iter().sum::<f64>() * rs;
                }
                None => {
                    s1 = lanes(gr, |v| v);
                    s2 = lanes2(gr, xr, |gv, xv| gv * (xv - mu)) * rs;
                }
            }
            if need_wb && w.is_none() {
                let (dwr, dbr) = (&mut dw[p0..p0 + d], &mut db[p0..p0 + d]);
                for (((dw, db), &gv), &xv) in dwr.iter_mut().zip(dbr.iter_mut()).zip(gr).zip(xr) {
                    let gv = gv.to_f64();
                    *dw += gv * (xv.to_f64() - mu) * rs;
                    *db += gv;
                }
            }
        } else if rep > 0 {
            for (c, (gsg, xsg)) in gr.chunks(rep).zip(xr.chunks(rep)).enumerate() {
                let sg = lanes(gsg, |v| v);
                let sgx = lanes2(gsg, xsg, |gv, xv| gv * (xv - mu)) * rs;
                let wv = w.map_or(1.0, |w| w[p0 + c].to_f64());
                s1 += wv * sg;
                s2 += wv * sgx;
                if need_wb {
                    dw[p0 + c] += sgx;
                    db[p0 + c] += sg;
                }
            }
        }
        let Some(pdx) = pdx else { continue };
        // SAFETY: as above.
        let o = unsafe { std::slice::from_raw_parts_mut(pdx.get().add(r * d), d) };
        // dx = rs * g w + b * (x - mu) + c with b = -rs^2 s2 / d and c = -rs s1 / d (0 for rms).
        let bco = F::from_f64(-rs * rs * s2 * inv_d);
        let cco = F::from_f64(if mean.is_some() { -rs * s1 * inv_d } else { 0.0 });
        let muf = F::from_f64(mu);
        if rep == 1 {
            let rsf = F::from_f64(rs);
            match w {
                Some(w) => {
                    for (((o, &gv), &xv), &wv) in o.iter_mut().zip(gr).zip(xr).zip(&w[p0..p0 + d]) {
                        *o = rsf.mul(gv.mul(wv)).add(bco.mul(xv.sub(muf))).add(cco);
                    }
                }
                None => {
                    for ((o, &gv), &xv) in o.iter_mut().zip(gr).zip(xr) {
                        *o = rsf.mul(gv).add(bco.mul(xv.sub(muf))).add(cco);
                    }
                }
            }
        } else if rep > 0 {
            for (c, ((os, gsg), xsg)) in o.chunks_mut(rep).zip(gr.chunks(rep)).zip(xr.chunks(rep)).enumerate() {
                let a = F::from_f64(rs * w.map_or(1.0, |w| w[p0 + c].to_f64()));
                for ((o, &gv), &xv) in os.iter_mut().zip(gsg).zip(xsg) {
                    *o = a.mul(gv).add(bco.mul(xv.sub(muf))).add(cco);
                }
            }
        }
    }
}

levels! {
    fn backward_block_at<F: Float>(
        xs: &[F], gs: &[F], geom: RowGeom, w: Option<&[F]>, mean: Option<&[F]>, rstd: &[F],
        pdx: Option<SendPtr<F>>, need_wb: bool, pw: SendPtr<f64>, pb: SendPtr<f64>, blk: usize, r0: usize, r1: usize
    ) {
        backward_block::<F>(xs, gs, geom, w, mean, rstd, pdx, need_wb, pw, pb, blk, r0, r1)
    }
}

/// The row backward pass; returns the per-block partial sums of dweight and dbias (block-major,
/// `params` each) and the number of blocks. Partial buffers take at most about a quarter of the
/// input's elements (and at most 256 blocks), so the blocking never costs more memory than that.
#[allow(clippy::too_many_arguments)]
fn row_backward<F: Float>(
    xs: &[F],
    gs: &[F],
    geom: RowGeom,
    w: Option<&[F]>,
    mean: Option<&[F]>,
    rstd: &[F],
    dx: Option<&mut [F]>,
    need_wb: bool,
) -> (Vec<f64>, Vec<f64>, usize) {
    let RowGeom { rows, d, .. } = geom;
    let np = geom.params();
    if rows == 0 {
        return (Vec::new(), Vec::new(), 0);
    }
    let mut rpb = rows_per_block(d);
    if need_wb && np > 0 {
        let max_blocks = (rows.saturating_mul(d) / (4 * np)).clamp(1, 256);
        rpb = rpb.max(rows.div_ceil(max_blocks));
    }
    let nb = rows.div_ceil(rpb);
    let plen = if need_wb { nb * np } else { 0 };
    let (mut dwp, mut dbp) = (vec![0f64; plen], vec![0f64; plen]);
    let (pw, pb) = (SendPtr(dwp.as_mut_ptr()), SendPtr(dbp.as_mut_ptr()));
    let pdx = dx.map(|o| SendPtr(o.as_mut_ptr()));
    let lvl = level();
    run_tasks(nb, &|blk| {
        let (r0, r1) = (blk * rpb, ((blk + 1) * rpb).min(rows));
        backward_block_at::at::<F>(lvl, xs, gs, geom, w, mean, rstd, pdx, need_wb, pw, pb, blk, r0, r1);
    });
    (dwp, dbp, if need_wb { nb } else { 0 })
}

// -- batch normalization ----------------------------------------------------------------------

/// What `batch_norm` computed: the statistics it normalized with (per channel, compute dtype:
/// the batch's mean and inverse std, or the running ones in eval mode) and, in training mode with
/// running statistics, the batch mean and unbiased variance (f64) for the running update.
pub struct BatchNormSaved {
    pub stats: NormStats,
    pub update: Option<(Vec<f64>, Vec<f64>)>,
}

/// `(N, C, L)` of an input of shape `(N, C, *)`.
pub fn batch_geom(x_shape: &[usize]) -> Result<(usize, usize, usize)> {
    if x_shape.len() < 2 {
        return Err(Error::shape(format!(
            "batch_norm needs an input of shape (N, C) or (N, C, *), got {}",
            fmt_shape(x_shape)
        )));
    }
    Ok((x_shape[0], x_shape[1], x_shape[2..].iter().product()))
}

fn check_running(t: &Tensor, what: &str, c: usize, written: bool) -> Result<()> {
    if t.shape() != [c] {
        return Err(Error::shape(format!(
            "batch_norm: {what} of shape {} does not match the input's {c} channels (expected shape [{c}])",
            fmt_shape(t.shape())
        )));
    }
    if !t.dtype().is_float() {
        return Err(Error::dtype(format!("batch_norm: {what} must be floating point, got {}", t.dtype().name())));
    }
    if written && c > 1 && t.strides()[0] == 0 {
        return Err(Error::invalid(format!(
            "batch_norm: {what} is a broadcast view (stride 0); it is updated in place in training mode, \
             so each channel needs its own element"
        )));
    }
    Ok(())
}

/// `batch_norm` (PyTorch's): `x` of shape `(N, C, *)`, each channel normalized with the
/// batch statistics (over N and the spatial dims; biased variance) when `training` or when no
/// running statistics are given, else with `running_mean` / `running_var`, then scaled and
/// shifted by weight and bias (`(C,)`, optional). Nothing is written here: in training mode with
/// running statistics the result carries the batch mean and unbiased variance, which
/// `update_running_stats` then writes. Errors: fewer than 2 values per channel when training
/// (LayerConfigError, PyTorch's "Expected more than 1 value per channel when training"), one of
/// the running statistics without the other, momentum outside [0, 1], a bad eps
/// (InvalidArgument), shapes that are not `(C,)` (ShapeError), non-float dtypes (DtypeError).
#[allow(clippy::too_many_arguments)]
pub fn batch_norm(
    x: &Tensor,
    running_mean: Option<&Tensor>,
    running_var: Option<&Tensor>,
    w: Option<&Tensor>,
    b: Option<&Tensor>,
    training: bool,
    momentum: f64,
    eps: f64,
) -> Result<(Tensor, BatchNormSaved)> {
    let (n, c, l) = batch_geom(x.shape())?;
    let per = [c];
    check_param_shape("batch_norm", "weight", w, &per, "the input's channels")?;
    check_param_shape("batch_norm", "bias", b, &per, "the input's channels")?;
    let running = match (running_mean, running_var) {
        (Some(m), Some(v)) => {
            check_running(m, "running_mean", c, training)?;
            check_running(v, "running_var", c, training)?;
            Some((m, v))
        }
        (None, None) => None,
        _ => {
            return Err(Error::invalid(
                "batch_norm: running_mean and running_var must both be given or both be None".to_string(),
            ))
        }
    };
    check_eps("batch_norm", eps)?;
    if !(0.0..=1.0).contains(&momentum) {
        return Err(Error::invalid(format!("batch_norm: momentum must be in [0, 1], got {momentum}")));
    }
    let count = n * l;
    if training && count <= 1 {
        return Err(config(format!(
            "batch_norm: Expected more than 1 value per channel when training, got input of shape {} \
             ({count} value(s) per channel)",
            fmt_shape(x.shape())
        )));
    }
    let dt = float_dtype("batch_norm", x, &[("weight", w), ("bias", b)])?;
    let xc = x.cast(dt)?.contiguous()?;
    let (w, b) = (prepared(w, dt)?, prepared(b, dt)?);
    let batch_stats = training || running.is_none();
    let (mean, invstd, update) = if batch_stats {
        let (mean, var) = if dt == DType::F32 { channel_moments::<f32>(&xc, n, c, l) } else { channel_moments::<f64>(&xc, n, c, l) };
        let invstd: Vec<f64> = var.iter().map(|&v| 1.0 / (v + eps).sqrt()).collect();
        let update = if training && running.is_some() {
            let k = count as f64 / (count - 1) as f64;
            Some((mean.clone(), var.iter().map(|&v| v * k).collect()))
        } else {
            None
        };
        (mean, invstd, update)
    } else {
        let (m, v) = running.expect("eval with running stats");
        let m = m.cast(DType::F64)?.to_vec::<f64>();
        let invstd = v.cast(DType::F64)?.to_vec::<f64>().iter().map(|&v| 1.0 / (v + eps).sqrt()).collect();
        (m, invstd, None)
    };
    fn run<F: Float>(x: &Tensor, dims: (usize, usize, usize), mean: &[f64], invstd: &[f64], w: Option<&Tensor>, b: Option<&Tensor>) -> Result<(Tensor, NormStats)> {
        let (_, c, l) = dims;
        let xs = x.contiguous_slice::<F>();
        let ws = w.map(|t| t.contiguous_slice::<F>());
        let bs = b.map(|t| t.contiguous_slice::<F>());
        let a: Vec<F> = (0..c).map(|ch| F::from_f64(invstd[ch] * ws.map_or(1.0, |w| w[ch].to_f64()))).collect();
        let mf: Vec<F> = mean.iter().map(|&m| F::from_f64(m)).collect();
        let out = Tensor::build::<F>(x.shape(), |o| {
            for_rows(o, c * l, c * l, |i, row| {
                let xr = &xs[i * c * l..(i + 1) * c * l];
                for ch in 0..c {
                    let bv = bs.map_or(F::zero(), |b| b[ch]);
                    let (seg, xsg) = (&mut row[ch * l..(ch + 1) * l], &xr[ch * l..(ch + 1) * l]);
                    for (o, &v) in seg.iter_mut().zip(xsg) {
                        *o = v.sub(mf[ch]).mul(a[ch]).add(bv);
                    }
                }
            })
        })?;
        let mean = Tensor::build::<F>(&[c], |o| o.copy_from_slice(&mf))?;
        let rstd = Tensor::build::<F>(&[c], |o| o.iter_mut().zip(invstd).for_each(|(o, &v)| *o = F::from_f64(v)))?;
        Ok((out, NormStats { mean: Some(mean), rstd }))
    }
    let (out, stats) = if dt == DType::F32 {
        run::<f32>(&xc, (n, c, l), &mean, &invstd, w.as_ref(), b.as_ref())?
    } else {
        run::<f64>(&xc, (n, c, l), &mean, &invstd, w.as_ref(), b.as_ref())?
    };
    Ok((out, BatchNormSaved { stats, update }))
}

/// For each channel of the `(n, c, l)` contiguous `xs`, the sums of `f(segment, channel)` over
/// the batch, in batch order; tasks take blocks of channels (shape-only blocking).
fn per_channel(n: usize, c: usize, l: usize, f: impl Fn(usize, usize) -> [f64; 2] + Sync) -> Vec<[f64; 2]> {
    let mut out = vec![[0f64; 2]; c];
    if c == 0 {
        return out;
    }
    let cpt = (PARALLEL_MIN / (n * l).max(1)).max(1);
    let po = SendPtr(out.as_mut_ptr());
    run_tasks(c.div_ceil(cpt), &|blk| {
        let (c0, c1) = (blk * cpt, ((blk + 1) * cpt).min(c));
        // SAFETY: channels c0..c1 belong to this task alone.
        let acc = unsafe { std::slice::from_raw_parts_mut(po.get().add(c0), c1 - c0) };
        for i in 0..n {
            for ch in c0..c1 {
                let s = f((i * c + ch) * l, ch);
                acc[ch - c0][0] += s[0];
                acc[ch - c0][1] += s[1];
            }
        }
    });
    out
}

/// Per-channel mean and biased variance (two-pass) of the `(n, c, l)` contiguous `x`.
fn channel_moments<F: Float>(x: &Tensor, n: usize, c: usize, l: usize) -> (Vec<f64>, Vec<f64>) {
    let xs = x.contiguous_slice::<F>();
    let m = (n * l) as f64;
    let sums = per_channel(n, c, l, |o, _| [lanes(&xs[o..o + l], |v| v), 0.0]);
    let mean: Vec<f64> = sums.iter().map(|s| s[0] / m).collect();
    let sq = per_channel(n, c, l, |o, ch| {
        let mu = mean[ch];
        [lanes(&xs[o..o + l], |v| (v - mu) * (v - mu)), 0.0]
    });
    (mean, sq.iter().map(|s| s[0] / m).collect())
}

/// Writes PyTorch's running-statistics update into `running_mean` and `running_var` in place:
/// `running = (1 - momentum) * running + momentum * batch` (the variance with the unbiased batch
/// variance), computed in f64 and rounded to each tensor's dtype. The write goes through the
/// storage (seen by every tensor sharing it) and bumps its version; it records nothing. The
/// tensors were checked by `batch_norm` (shape `(C,)`, float, not a broadcast view).
pub fn update_running_stats(running_mean: &Tensor, running_var: &Tensor, update: &(Vec<f64>, Vec<f64>), momentum: f64) {
    for (t, vals) in [(running_mean, &update.0), (running_var, &update.1)] {
        t.storage.bump_version();
        if t.dtype() == DType::F32 {
            write_ema::<f32>(t, vals, momentum);
        } else {
            write_ema::<f64>(t, vals, momentum);
        }
    }
}

fn write_ema<F: Float>(t: &Tensor, vals: &[f64], momentum: f64) {
    if t.numel() == 0 {
        return;
    }
    let base = t.storage.as_ptr() as *mut F;
    let (off, stride) = (t.layout().offset as isize, t.strides()[0]);
    for (i, &v) in vals.iter().enumerate() {
        // SAFETY: as `kernels::fused::axpy`: in-place writes go through the storage's raw
        // pointer; `t` is a checked 1-D view of `vals.len()` elements that is not a broadcast
        // view, so each offset is a distinct element of its storage.
        unsafe {
            let p = base.offset(off + i as isize * stride);
            *p = F::from_f64((1.0 - momentum) * (*p).to_f64() + momentum * v);
        }
    }
}

/// The gradients of `batch_norm` for output gradient `g`: with the saved per-channel mean and
/// inverse std `s`, `xhat = (x - mean) * s`; `dweight = sum(g * xhat)`, `dbias = sum(g)` over N
/// and the spatial dims; `dx = s w (g - mean(g) - xhat mean(g xhat))` when the batch statistics
/// were used (`batch_stats`), else the affine-only `dx = s w g`. Channel sums run in one pass
/// over blocks of channels, dx in one pass over the rows.
pub fn batch_norm_backward(x: &Tensor, w: Option<&Tensor>, stats: &NormStats, g: &Tensor, batch_stats: bool, need: [bool; 3]) -> Result<[Option<Tensor>; 3]> {
    let (n, c, l) = batch_geom(x.shape())?;
    let dt = stats.rstd.dtype();
    let xc = x.cast(dt)?.contiguous()?;
    let gc = g.cast(dt)?.contiguous()?;
    let w = prepared(w, dt)?;
    let mean = stats.mean.as_ref().expect("batch_norm saves its mean").cast(DType::F64)?.to_vec::<f64>();
    let invstd = stats.rstd.cast(DType::F64)?.to_vec::<f64>();
    fn run<F: Float>(
        x: &Tensor,
        g: &Tensor,
        dims: (usize, usize, usize),
        w: Option<&Tensor>,
        mean: &[f64],
        invstd: &[f64],
        batch_stats: bool,
        need: [bool; 3],
    ) -> Result<[Option<Tensor>; 3]> {
        let (n, c, l) = dims;
        let (xs, gs) = (x.contiguous_slice::<F>(), g.contiguous_slice::<F>());
        let ws = w.map(|t| t.contiguous_slice::<F>());
        let sums = if need[1] || need[2] || (need[0] && batch_stats) {
            per_channel(n, c, l, |o, ch| {
                let mu = mean[ch];
                let (gsg, xsg) = (&gs[o..o + l], &xs[o..o + l]);
                [lanes(gsg, |v| v), lanes2(gsg, xsg, |gv, xv| gv * (xv - mu))]
            })
        } else {
            Vec::new()
        };
        let m = (n * l) as f64;
        let dx = if need[0] {
            let mut a = vec![F::zero(); c];
            let mut bco = vec![F::zero(); c];
            let mut cco = vec![F::zero(); c];
            for ch in 0..c {
                let s = invstd[ch];
                let sw = s * ws.map_or(1.0, |w| w[ch].to_f64());
                a[ch] = F::from_f64(sw);
                if batch_stats {
                    bco[ch] = F::from_f64(-sw * s * s * sums[ch][1] / m);
                    cco[ch] = F::from_f64(-sw * sums[ch][0] / m);
                }
            }
            let mf: Vec<F> = mean.iter().map(|&v| F::from_f64(v)).collect();
            Some(Tensor::build::<F>(x.shape(), |o| {
                for_rows(o, c * l, 2 * c * l, |i, row| {
                    let base = i * c * l;
                    for ch in 0..c {
                        let r = ch * l..(ch + 1) * l;
                        let (gsg, xsg) = (&gs[base + r.start..base + r.end], &xs[base + r.start..base + r.end]);
                        for ((o, &gv), &xv) in row[r].iter_mut().zip(gsg).zip(xsg) {
                            *o = a[ch].mul(gv).add(bco[ch].mul(xv.sub(mf[ch]))).add(cco[ch]);
                        }
                    }
                })
            })?)
        } else {
            None
        };
        let dw = if need[1] {
            Some(Tensor::build::<F>(&[c], |o| o.iter_mut().enumerate().for_each(|(ch, o)| *o = F::from_f64(sums[ch][1] * invstd[ch])))?)
        } else {
            None
        };
        let db = if need[2] { Some(Tensor::build::<F>(&[c], |o| o.iter_mut().zip(&sums).for_each(|(o, s)| *o = F::from_f64(s[0])))?) } else { None };
        Ok([dx, dw, db])
    }
    if dt == DType::F32 {
        run::<f32>(&xc, &gc, (n, c, l), w.as_ref(), &mean, &invstd, batch_stats, need)
    } else {
        run::<f64>(&xc, &gc, (n, c, l), w.as_ref(), &mean, &invstd, batch_stats, need)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t64(shape: &[usize], v: &[f64]) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    #[test]
    fn every_cpu_level_gives_the_same_bits() {
        use crate::kernels::elementwise::vecmath::available_levels;
        // 3 rows of 45 (not a multiple of 8: the lane remainders run too), f32, weight and bias.
        let (rows, d) = (3usize, 45usize);
        let geom = RowGeom { rows, d, groups: 1, rep: 1 };
        let x: Vec<f32> = (0..rows * d).map(|i| ((i as f32) * 0.37).sin() * 2.0 + 0.5).collect();
        let g: Vec<f32> = (0..rows * d).map(|i| ((i as f32) * 0.11).cos()).collect();
        let w: Vec<f32> = (0..d).map(|j| 0.5 + j as f32 / 50.0).collect();
        let b: Vec<f32> = (0..d).map(|j| j as f32 / 10.0 - 1.0).collect();
        let mut results = Vec::new();
        for lvl in available_levels() {
            let (mut out, mut mean, mut rstd) = (vec![0f32; rows * d], vec![0f32; rows], vec![0f32; rows]);
            let (po, pm, pr) = (SendPtr(out.as_mut_ptr()), SendPtr(mean.as_mut_ptr()), SendPtr(rstd.as_mut_ptr()));
            forward_block_at::at::<f32>(lvl, &x, geom, Some(&w), Some(&b), 1e-5, true, po, pm, pr, 0, rows);
            let mut dx = vec![0f32; rows * d];
            let (mut dw, mut db) = (vec![0f64; d], vec![0f64; d]);
            let (pdx, pw, pb) = (SendPtr(dx.as_mut_ptr()), SendPtr(dw.as_mut_ptr()), SendPtr(db.as_mut_ptr()));
            backward_block_at::at::<f32>(lvl, &x, &g, geom, Some(&w), Some(&mean), &rstd, Some(pdx), true, pw, pb, 0, 0, rows);
            let bits: Vec<u64> = out.iter().chain(&mean).chain(&rstd).chain(&dx).map(|v| v.to_bits() as u64)
                .chain(dw.iter().chain(&db).map(|v| v.to_bits())).collect();
            results.push((lvl, bits));
        }
        for (lvl, bits) in &results[1..] {
            assert_eq!(bits, &results[0].1, "{lvl:?} differs from {:?}", results[0].0);
        }
    }

    #[test]
    fn layer_norm_rows_have_zero_mean_unit_variance_and_backward_sums_vanish() {
        let v: Vec<f64> = (0..12).map(|i| (i as f64 * 0.7).sin() * 3.0 + 100.0).collect();
        let x = t64(&[3, 4], &v);
        let (y, st) = layer_norm(&x, &[4], None, None, 0.0).unwrap();
        for row in y.to_vec::<f64>().chunks(4) {
            let m: f64 = row.iter().sum::<f64>() / 4.0;
            let var: f64 = row.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / 4.0;
            assert!(m.abs() < 1e-12 && (var - 1.0).abs() < 1e-10, "{row:?}");
        }
        // The gradient of a layer norm is orthogonal to constant shifts of each row.
        let g = t64(&[3, 4], &(0..12).map(|i| i as f64).collect::<Vec<_>>());
        let geom = RowGeom { rows: 3, d: 4, groups: 1, rep: 1 };
        let [dx, _, _] = row_norm_backward(&x, geom, None, &st, &g, [true, false, false], &[4]).unwrap();
        for row in dx.unwrap().to_vec::<f64>().chunks(4) {
            assert!(row.iter().sum::<f64>().abs() < 1e-12, "{row:?}");
        }
    }

    #[test]
    fn group_norm_checks_groups_and_batch_norm_updates_running_stats() {
        let x = t64(&[2, 6, 1], &[0.0; 12]);
        let e = group_norm(&x, 4, None, None, 1e-5).err().unwrap();
        assert_eq!(e.code, TF_Code::TF_LAYER_CONFIG_ERROR);
        assert!(e.message.contains("6") && e.message.contains("num_groups 4"), "{}", e.message);
        let x = t64(&[4, 1], &[1.0, 2.0, 3.0, 6.0]);
        let rm = t64(&[1], &[0.0]);
        let rv = t64(&[1], &[1.0]);
        let (_, saved) = batch_norm(&x, Some(&rm), Some(&rv), None, None, true, 0.5, 1e-5).unwrap();
        let v0 = rm.storage.version();
        update_running_stats(&rm, &rv, saved.update.as_ref().unwrap(), 0.5);
        assert_eq!(rm.to_vec::<f64>(), vec![1.5]); // 0.5 * 0 + 0.5 * 3
        assert!((rv.to_vec::<f64>()[0] - (0.5 + 0.5 * 14.0 / 3.0)).abs() < 1e-15); // unbiased var 14/3
        assert!(rm.storage.version() > v0);
        let e = batch_norm(&t64(&[1, 2], &[1.0, 2.0]), None, None, None, None, true, 0.1, 1e-5).err().unwrap();
        assert_eq!(e.code, TF_Code::TF_LAYER_CONFIG_ERROR);
        assert!(e.message.contains("Expected more than 1 value per channel when training"), "{}", e.message);
    }
}
