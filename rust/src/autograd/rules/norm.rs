//! Backward rules of the normalization layers (`crate::kernels::nn::norm`). When the backward
//! pass is not itself recorded they run the fused backward kernel on the saved statistics; with
//! `create_graph` they are written with the differentiable wrappers, recomputing the statistics
//! from x with recorded ops (the saved ones are constants to autograd, and the second derivative
//! with respect to x goes through them), so these gradients can be differentiated again.

use crate::autograd::grad_enabled;
use crate::autograd::ops::{add, i64s, mean, mul, reshape, scalar, sub, sum, unary};
use crate::error::Result;
use crate::kernels::elementwise::table::UnaryOp;
use crate::kernels::nn::norm::{self as raw, NormStats, RowGeom};
use crate::kernels::shape;
use crate::tensor::Tensor;

/// True when a backward formula must record what it computes (`create_graph`).
fn recording(ts: &[&Tensor]) -> bool {
    grad_enabled() && ts.iter().any(|t| t.requires_grad())
}

/// `[dx, dweight, dbias]` needed, from the node's `need` (inputs x, weight?, bias?).
fn split(need: &[bool], weight: bool, bias: bool) -> [bool; 3] {
    [need[0], weight && need[1], bias && need[1 + weight as usize]]
}

/// The node's gradient list (x, weight?, bias?) from `[dx, dweight, dbias]`.
fn pack(g: [Option<Tensor>; 3], weight: bool, bias: bool) -> Vec<Option<Tensor>> {
    let [dx, dw, db] = g;
    let mut out = vec![dx];
    if weight {
        out.push(dw);
    }
    if bias {
        out.push(db);
    }
    out
}

/// How the composite form views x, the weight and the statistics.
struct View<'a> {
    /// x (and g) reshaped so the statistics reduce over `red` and the affine parameters
    /// broadcast as `wview`, reduced back over `wred`.
    xview: Vec<i64>,
    red: &'a [i64],
    wview: Vec<i64>,
    wred: &'a [i64],
    center: bool,
    eps: f64,
    /// Eval-mode batch norm: the (constant) mean and inverse std, broadcastable to `xview`.
    fixed: Option<(Tensor, Tensor)>,
}

/// The recorded form: `xhat = (x - mean) * rstd`, `dx = rstd (g w - mean(g w) - xhat mean(g w
/// xhat))` (no `mean(g w)` for rms; `rstd g w` with fixed statistics), `dweight = sum(g xhat)`,
/// `dbias = sum(g)`.
fn composite(x: &Tensor, w: Option<&Tensor>, g: &Tensor, v: &View, need: [bool; 3], pshape: &[usize]) -> Result<[Option<Tensor>; 3]> {
    let x4 = reshape(x, &v.xview)?;
    let g4 = reshape(g, &v.xview)?;
    let (xc, rs) = match &v.fixed {
        Some((m, r)) => (sub(&x4, m)?, r.clone()),
        None => {
            let xc = if v.center { sub(&x4, &mean(&x4, Some(v.red), true)?)? } else { x4.clone() };
            let var = mean(&mul(&xc, &xc)?, Some(v.red), true)?;
            let sd = unary(UnaryOp::Sqrt, &add(&var, &scalar(var.dtype(), v.eps)?)?)?;
            (xc, unary(UnaryOp::Reciprocal, &sd)?)
        }
    };
    let xh = mul(&xc, &rs)?;
    let gw = match w {
        Some(w) => mul(&g4, &reshape(w, &v.wview)?)?,
        None => g4.clone(),
    };
    let dx = if need[0] {
        let d = if v.fixed.is_some() {
            mul(&gw, &rs)?
        } else {
            let t = mul(&xh, &mean(&mul(&gw, &xh)?, Some(v.red), true)?)?;
            let inner = if v.center { sub(&sub(&gw, &mean(&gw, Some(v.red), true)?)?, &t)? } else { sub(&gw, &t)? };
            mul(&rs, &inner)?
        };
        Some(reshape(&d, &i64s(x.shape()))?)
    } else {
        None
    };
    let dw = if need[1] { Some(reshape(&sum(&mul(&g4, &xh)?, Some(v.wred), false)?, &i64s(pshape))?) } else { None };
    let db = if need[2] { Some(reshape(&sum(&g4, Some(v.wred), false)?, &i64s(pshape))?) } else { None };
    Ok([dx, dw, db])
}

/// Layer, rms and group norm. `s` holds x, the weight when present, the mean (not for rms) and
/// the inverse std (rms) per row.
#[allow(clippy::too_many_arguments)]
fn row_rule(
    geom: RowGeom,
    center: bool,
    eps: f64,
    weight: bool,
    bias: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    xview: Vec<i64>,
    wview: Vec<i64>,
    pshape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    let x = &s[0];
    let w = if weight { Some(&s[1]) } else { None };
    let k = 1 + weight as usize;
    let want = split(need, weight, bias);
    let mut ts = vec![x, g];
    ts.extend(w);
    if recording(&ts) {
        let v = View { xview, red: &[2, 3], wview, wred: &[0, 3], center, eps, fixed: None };
        return Ok(pack(composite(x, w, g, &v, want, pshape)?, weight, bias));
    }
    let stats = if center {
        NormStats { mean: Some(s[k].clone()), rstd: s[k + 1].clone() }
    } else {
        NormStats { mean: None, rstd: s[k].clone() }
    };
    Ok(pack(raw::row_norm_backward(x, geom, w, &stats, g, want, pshape)?, weight, bias))
}

pub(super) fn layer_norm_rule(
    normalized: &[usize],
    eps: f64,
    weight: bool,
    bias: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let (_, geom) = raw::layer_geom("layer_norm", s[0].shape(), &i64s(normalized))?;
    let (xv, wv) = (vec![geom.rows as i64, 1, geom.d as i64, 1], vec![1, 1, geom.d as i64, 1]);
    row_rule(geom, true, eps, weight, bias, need, s, g, xv, wv, normalized)
}

pub(super) fn rms_norm_rule(normalized: &[usize], eps: f64, weight: bool, need: &[bool], s: &[Tensor], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    let (_, geom) = raw::layer_geom("rms_norm", s[0].shape(), &i64s(normalized))?;
    let (xv, wv) = (vec![geom.rows as i64, 1, geom.d as i64, 1], vec![1, 1, geom.d as i64, 1]);
    row_rule(geom, false, eps, weight, false, need, s, g, xv, wv, normalized)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn group_norm_rule(
    groups: usize,
    eps: f64,
    weight: bool,
    bias: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let shape = s[0].shape();
    let geom = raw::group_geom(shape, groups as i64)?;
    let (n, c, cpg) = (shape[0] as i64, shape[1], (shape[1] / groups) as i64);
    let xv = vec![n, groups as i64, cpg, geom.rep as i64];
    let wv = vec![1, groups as i64, cpg, 1];
    row_rule(geom, true, eps, weight, bias, need, s, g, xv, wv, &[c])
}

/// `s` holds x, the weight when present, then the per-channel mean and inverse std the forward
/// normalized with (the batch's, or the running ones in eval mode).
#[allow(clippy::too_many_arguments)]
pub(super) fn batch_norm_rule(
    batch_stats: bool,
    eps: f64,
    weight: bool,
    bias: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let x = &s[0];
    let w = if weight { Some(&s[1]) } else { None };
    let k = 1 + weight as usize;
    let (mean_s, rstd_s) = (&s[k], &s[k + 1]);
    let want = split(need, weight, bias);
    let (n, c, l) = raw::batch_geom(x.shape())?;
    let mut ts = vec![x, g];
    ts.extend(w);
    if recording(&ts) {
        let b3 = [1, c as i64, 1];
        let fixed = if batch_stats { None } else { Some((shape::reshape(&mean_s.detach(), &b3)?, shape::reshape(&rstd_s.detach(), &b3)?)) };
        let v = View { xview: vec![n as i64, c as i64, l as i64], red: &[0, 2], wview: b3.to_vec(), wred: &[0, 2], center: true, eps, fixed };
        return Ok(pack(composite(x, w, g, &v, want, &[c])?, weight, bias));
    }
    let stats = NormStats { mean: Some(mean_s.clone()), rstd: rstd_s.clone() };
    Ok(pack(raw::batch_norm_backward(x, w, &stats, g, batch_stats, want)?, weight, bias))
}
