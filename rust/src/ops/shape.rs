//! View ops: transpose and reshape rewrite the layout and share storage when they can.

use crate::error::{fmt_shape, Error, Result};
use crate::layout::{checked_numel, Dims};
use crate::tensor::Tensor;

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
