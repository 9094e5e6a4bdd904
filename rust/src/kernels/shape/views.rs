//! Views: transpose, reshape, expand_dims, squeeze, flatten, broadcast_to, flip, moveaxis,
//! swapaxes, split and unstack rewrite the layout and share storage (reshape copies only when no
//! strides can express the new shape). NumPy semantics throughout.

use crate::error::{fmt_shape, Error, Result};
use crate::kernels::index::slice_range;
use crate::kernels::reduce::reduce_mask;
use crate::layout::{broadcast_shapes, checked_numel, normalize_axis, Dims, Layout, Strides};
use crate::tensor::Tensor;
use smallvec::SmallVec;

/// `perm` None reverses the dims (NumPy's default transpose). Axes may be negative.
pub fn transpose(t: &Tensor, perm: Option<&[i64]>) -> Result<Tensor> {
    let n = t.ndim();
    let perm: Vec<usize> = match perm {
        None => (0..n).rev().collect(),
        Some(p) => {
            if p.len() != n {
                return Err(Error::invalid(format!(
                    "perm {} has {} entries for a tensor of dimension {n}",
                    fmt_shape(p),
                    p.len()
                )));
            }
            let mut out = Vec::with_capacity(n);
            for &a in p {
                out.push(crate::layout::normalize_axis(a, n).map_err(|_| {
                    Error::invalid(format!("perm {} is not a permutation of 0..{n}", fmt_shape(p)))
                })?);
            }
            out
        }
    };
    Ok(t.view(t.layout().permute(&perm)?))
}

/// Resolves one -1 in `dims` against `numel`, checking the element count.
pub fn resolve_shape(dims: &[i64], numel: usize, from: &[usize]) -> Result<Dims> {
    let mut unknown = None;
    let mut known = 1usize;
    for (i, &d) in dims.iter().enumerate() {
        if d == -1 {
            if unknown.replace(i).is_some() {
                return Err(Error::invalid(format!("shape {} has more than one -1", fmt_shape(dims))));
            }
        } else if d < 0 {
            return Err(Error::invalid(format!("shape {} has negative dimension {d}", fmt_shape(dims))));
        } else {
            known = known
                .checked_mul(d as usize)
                .ok_or_else(|| Error::invalid(format!("shape {} has more elements than fit in memory", fmt_shape(dims))))?;
        }
    }
    let mut out: Dims = dims.iter().map(|&d| d.max(0) as usize).collect();
    let bad = || Error::shape(format!("cannot reshape tensor of shape {} ({numel} elements) into shape {}", fmt_shape(from), fmt_shape(dims)));
    if let Some(i) = unknown {
        if known == 0 || numel % known != 0 {
            return Err(bad());
        }
        out[i] = numel / known;
    } else if known != numel {
        return Err(bad());
    }
    checked_numel(&out)?;
    Ok(out)
}

pub fn reshape(t: &Tensor, dims: &[i64]) -> Result<Tensor> {
    let shape = resolve_shape(dims, t.numel(), t.shape())?;
    if let Some(l) = t.layout().reshape_view(&shape) {
        return Ok(t.view(l));
    }
    let c = t.contiguous()?;
    Ok(c.view(crate::layout::Layout::contiguous(&shape)))
}

/// Inserts a size-1 dim at each of `axes`, which index the result (NumPy `expand_dims`).
pub fn expand_dims(t: &Tensor, axes: &[i64]) -> Result<Tensor> {
    let out_ndim = t.ndim() + axes.len();
    let mask = reduce_mask(Some(axes), out_ndim)?;
    let l = t.layout();
    let (mut shape, mut strides, mut d): (Dims, Strides, usize) = (SmallVec::new(), SmallVec::new(), 0);
    for &m in &mask {
        if m {
            shape.push(1);
            strides.push(0);
        } else {
            shape.push(l.shape[d]);
            strides.push(l.strides[d]);
            d += 1;
        }
    }
    Ok(t.view(Layout { shape, strides, offset: l.offset }))
}

/// Removes size-1 dims: all of them when `axes` is None, else exactly `axes` (each must have
/// size 1: a larger one is a Shape error).
pub fn squeeze(t: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
    let l = t.layout();
    let mask = match axes {
        None => l.shape.iter().map(|&d| d == 1).collect(),
        Some(a) => {
            let m = reduce_mask(Some(a), t.ndim())?;
            for (i, (&sel, &d)) in m.iter().zip(&l.shape).enumerate() {
                if sel && d != 1 {
                    return Err(Error::shape(format!(
                        "cannot squeeze axis {i} of shape {}: it has size {d}, not 1",
                        fmt_shape(&l.shape)
                    )));
                }
            }
            m
        }
    };
    let keep = |i: &usize| !mask[*i];
    Ok(t.view(Layout {
        shape: (0..t.ndim()).filter(keep).map(|i| l.shape[i]).collect(),
        strides: (0..t.ndim()).filter(keep).map(|i| l.strides[i]).collect(),
        offset: l.offset,
    }))
}

/// Merges dims `start..=end` into one (torch.flatten; a 0-d tensor becomes shape [1]). A view
/// when the strides allow, else a copy.
pub fn flatten(t: &Tensor, start: i64, end: i64) -> Result<Tensor> {
    let nd = t.ndim().max(1);
    let s = normalize_axis(start, nd)?;
    let e = normalize_axis(end, nd)?;
    if s > e {
        return Err(Error::invalid(format!("flatten: start dim {start} comes after end dim {end}")));
    }
    if t.ndim() == 0 {
        return reshape(t, &[1]);
    }
    let sh = t.shape();
    let mut dims: Vec<i64> = sh[..s].iter().map(|&d| d as i64).collect();
    dims.push(sh[s..=e].iter().product::<usize>() as i64);
    dims.extend(sh[e + 1..].iter().map(|&d| d as i64));
    reshape(t, &dims)
}

/// A read view of `t` broadcast to `shape` (stride 0 along stretched dims).
pub fn broadcast_to(t: &Tensor, shape: &[usize]) -> Result<Tensor> {
    Ok(t.view(t.layout().broadcast_to(shape)?))
}

/// Views of every tensor broadcast to their common shape.
pub fn broadcast_arrays(ts: &[&Tensor]) -> Result<Vec<Tensor>> {
    let mut shape: Dims = SmallVec::new();
    for t in ts {
        shape = broadcast_shapes(&shape, t.shape()).map_err(|_| {
            let all: Vec<String> = ts.iter().map(|t| fmt_shape(t.shape())).collect();
            Error::shape(format!("shapes {} cannot be broadcast together", all.join(" ")))
        })?;
    }
    ts.iter().map(|t| broadcast_to(t, &shape)).collect()
}

/// Reverses the order of elements along `axes` (None: every dim): a view with negated strides.
pub fn flip(t: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
    let mask = reduce_mask(axes, t.ndim())?;
    let mut l = t.layout().clone();
    let empty = l.numel() == 0;
    let mut offset = l.offset as isize;
    for (i, &m) in mask.iter().enumerate() {
        if m {
            if !empty {
                offset += (l.shape[i] as isize - 1) * l.strides[i];
            }
            l.strides[i] = -l.strides[i];
        }
    }
    l.offset = offset as usize;
    Ok(t.view(l))
}

/// Moves dims `source[i]` to positions `destination[i]`, the others keeping their order.
pub fn moveaxis(t: &Tensor, source: &[i64], destination: &[i64]) -> Result<Tensor> {
    if source.len() != destination.len() {
        return Err(Error::invalid(format!(
            "source {} and destination {} must have the same number of elements",
            fmt_shape(source),
            fmt_shape(destination)
        )));
    }
    let n = t.ndim();
    let src_mask = reduce_mask(Some(source), n)?;
    reduce_mask(Some(destination), n)?;
    let src: Vec<usize> = source.iter().map(|&a| normalize_axis(a, n)).collect::<Result<_>>()?;
    let dst: Vec<usize> = destination.iter().map(|&a| normalize_axis(a, n)).collect::<Result<_>>()?;
    let mut order: Vec<usize> = (0..n).filter(|&i| !src_mask[i]).collect();
    let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
    pairs.sort();
    for (d, s) in pairs {
        order.insert(d, s);
    }
    Ok(t.view(t.layout().permute(&order)?))
}

/// Exchanges dims `a` and `b` (a view).
pub fn swapaxes(t: &Tensor, a: i64, b: i64) -> Result<Tensor> {
    let n = t.ndim();
    let (a, b) = (normalize_axis(a, n)?, normalize_axis(b, n)?);
    let mut perm: Vec<usize> = (0..n).collect();
    perm.swap(a, b);
    Ok(t.view(t.layout().permute(&perm)?))
}

/// The view of `t` restricted to positions `start..start+len` along dim `ax`.
fn narrow(t: &Tensor, ax: usize, start: usize, len: usize) -> Tensor {
    let mut l = t.layout().clone();
    if len > 0 && l.numel() / l.shape[ax].max(1) > 0 {
        l.offset = (l.offset as isize + start as isize * l.strides[ax]) as usize;
    }
    l.shape[ax] = len;
    t.view(l)
}

/// `numpy.split(t, indices, axis)`: views `t[..., i_k:i_{k+1}]` with 0 and the dim size added at
/// both ends; indices follow slice rules (negative from the end, clamped, empty when decreasing).
pub fn split_at(t: &Tensor, indices: &[i64], axis: i64) -> Result<Vec<Tensor>> {
    let ax = normalize_axis(axis, t.ndim())?;
    let n = t.shape()[ax];
    let mut bounds: Vec<Option<i64>> = vec![None];
    bounds.extend(indices.iter().map(|&i| Some(i)));
    bounds.push(None);
    bounds
        .windows(2)
        .map(|w| {
            let (start, len) = slice_range(n, w[0], w[1], 1)?;
            Ok(narrow(t, ax, start as usize, len))
        })
        .collect()
}

/// `numpy.array_split(t, sections, axis)` (`even` false: the first `n % sections` parts get one
/// more element) or `numpy.split(t, sections, axis)` (`even` true: a Shape error unless the dim
/// divides evenly). Views.
pub fn split_sections(t: &Tensor, sections: i64, axis: i64, even: bool) -> Result<Vec<Tensor>> {
    let ax = normalize_axis(axis, t.ndim())?;
    if sections <= 0 {
        return Err(Error::invalid(format!("number of sections must be larger than 0, got {sections}")));
    }
    let n = t.shape()[ax];
    let k = sections as usize;
    if even && n % k != 0 {
        return Err(Error::shape(format!(
            "split does not result in an equal division: dim {ax} of size {n} into {k} sections"
        )));
    }
    let (each, extra) = (n / k, n % k);
    let mut out = Vec::with_capacity(k);
    let mut at = 0usize;
    for i in 0..k {
        let len = each + usize::from(i < extra);
        out.push(narrow(t, ax, at, len));
        at += len;
    }
    Ok(out)
}

/// The `shape[axis]` views `t[..., i, ...]` (the dim removed).
pub fn unstack(t: &Tensor, axis: i64) -> Result<Vec<Tensor>> {
    let ax = normalize_axis(axis, t.ndim())?;
    (0..t.shape()[ax])
        .map(|i| {
            let v = narrow(t, ax, i, 1);
            squeeze(&v, Some(&[ax as i64]))
        })
        .collect()
}
