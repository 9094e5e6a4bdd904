//! Backward rules of the shape ops: each gradient is the output gradient moved back through
//! the inverse rearrangement (views) or summed over the copies (tile, repeat, pad).

use crate::autograd::ops::{
    cast, flip, i64s, index_add, index_tensor, moveaxis, range_items, reduce_to, reshape, roll, slice, sum, swapaxes,
    transpose, when,
};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::index::IndexItem;
use crate::kernels::shape::{self, PadMode};
use crate::layout::normalize_axis;
use crate::tensor::Tensor;

/// Float to float: the gradient is cast back to the input's dtype.
pub(super) fn cast_rule(need: &[bool], g: &Tensor, src: DType) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || cast(g, src))?])
}

/// reshape, expand_dims, squeeze, flatten, contiguous, copy: the gradient reshaped back.
pub(super) fn reshape_back_rule(need: &[bool], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || reshape(g, &i64s(shape)))?])
}

/// The gradient permuted by the inverse permutation.
pub(super) fn transpose_rule(
    perm: Option<&[i64]>,
    need: &[bool],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    let nd = shape.len();
    let inv: Option<Vec<i64>> = match perm {
        None => None,
        Some(p) => {
            let mut inv = vec![0i64; nd];
            for (i, &a) in p.iter().enumerate() {
                inv[normalize_axis(a, nd)?] = i as i64;
            }
            Some(inv)
        }
    };
    Ok(vec![when(need[0], || transpose(g, inv.as_deref()))?])
}

pub(super) fn broadcast_to_rule(need: &[bool], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || reduce_to(g, shape))?])
}

pub(super) fn flip_rule(axes: Option<&[i64]>, need: &[bool], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || flip(g, axes))?])
}

pub(super) fn swapaxes_rule(a: i64, b: i64, need: &[bool], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || swapaxes(g, a, b))?])
}

pub(super) fn moveaxis_rule(
    source: &[i64],
    destination: &[i64],
    need: &[bool],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || moveaxis(g, destination, source))?])
}

/// The gradient rolled back.
pub(super) fn roll_rule(
    shifts: &[i64],
    axes: Option<&[i64]>,
    need: &[bool],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let back: Vec<i64> = shifts.iter().map(|s| s.wrapping_neg()).collect();
    Ok(vec![when(need[0], || roll(g, &back, axes))?])
}

/// The copies summed: the gradient reshaped to (reps0, n0, reps1, n1, ...) and summed over the
/// reps dims.
pub(super) fn tile_rule(reps: &[i64], need: &[bool], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    let nd = shape.len().max(reps.len());
    let dims: Vec<i64> = std::iter::repeat(1).take(nd - shape.len()).chain(shape.iter().map(|&d| d as i64)).collect();
    let r: Vec<i64> = std::iter::repeat(1).take(nd - reps.len()).chain(reps.iter().copied()).collect();
    Ok(vec![when(need[0], || {
        let split: Vec<i64> = r.iter().zip(&dims).flat_map(|(&a, &b)| [a, b]).collect();
        let axes: Vec<i64> = (0..nd as i64).map(|i| 2 * i).collect();
        reshape(&sum(&reshape(g, &split)?, Some(&axes), false)?, &i64s(shape))
    })?])
}

/// The copies added back: an index-add along the axis at the source positions (saved).
pub(super) fn repeat_rule(
    axis: usize,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || index_add(g, shape, s, &[axis as i64]))?])
}

/// Constant mode takes the gradient's inner block; the other modes add every output position's
/// gradient to the input position it copies (one index-add per padded dim).
pub(super) fn pad_rule(
    widths: &[(i64, i64)],
    mode: PadMode,
    need: &[bool],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || {
        if mode == PadMode::Constant {
            let items: Vec<IndexItem> = shape
                .iter()
                .zip(widths)
                .map(|(&n, &(b, _))| IndexItem::Slice(Some(b), Some(b + n as i64), 1))
                .collect();
            return slice(g, &items);
        }
        let mut cur = g.clone();
        for (d, (&n, &(b, a))) in shape.iter().zip(widths).enumerate() {
            if b == 0 && a == 0 {
                continue;
            }
            let map = shape::pad_map(n, cur.shape()[d], b, mode);
            let mut to = cur.shape().to_vec();
            to[d] = n;
            cur = index_add(&cur, &to, &[index_tensor(&map)?], &[d as i64])?;
        }
        Ok(cur)
    })?])
}

/// Each input gets its block of the gradient (flattened inputs when the axis is None).
pub(super) fn concat_rule(
    axis: Option<i64>,
    need: &[bool],
    g: &Tensor,
    shapes: &[&[usize]],
) -> Result<Vec<Option<Tensor>>> {
    let ax = match axis {
        Some(a) => Some(normalize_axis(a, g.ndim())?),
        None => None,
    };
    let mut off = 0usize;
    let mut grads = Vec::with_capacity(shapes.len());
    for (i, s) in shapes.iter().enumerate() {
        let len = match ax {
            Some(a) => s[a],
            None => s.iter().product(),
        };
        grads.push(when(need[i], || {
            let piece = slice(g, &range_items(ax.unwrap_or(0), off, off + len))?;
            reshape(&piece, &i64s(s))
        })?);
        off += len;
    }
    Ok(grads)
}

/// Input `i` gets the gradient's slice `i` along the stacking axis.
pub(super) fn stack_rule(axis: i64, need: &[bool], g: &Tensor, shapes: &[&[usize]]) -> Result<Vec<Option<Tensor>>> {
    let ax = normalize_axis(axis, g.ndim())?;
    (0..shapes.len())
        .map(|i| {
            when(need[i], || {
                let mut items = vec![IndexItem::Slice(None, None, 1); ax];
                items.push(IndexItem::Int(i as i64));
                slice(g, &items)
            })
        })
        .collect()
}
