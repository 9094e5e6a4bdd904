//! Backward rules of indexing: slices, advanced indexing, gather / scatter_add,
//! take_along_axis, and the in-place writes (assign, setitem), whose gradients scatter back to
//! the positions read or split between the old value and the value written.

use crate::autograd::ops::{
    gather, index_add, index_select, mul, reduce_to, reshape, scatter_add, slice, slice_scatter, when,
};
use crate::error::Result;
use crate::kernels::index::{self, IndexItem};
use crate::kernels::creation;
use crate::tensor::Tensor;

/// The gradient scattered back into zeros of the input's shape.
pub(super) fn slice_rule(items: &[IndexItem], need: &[bool], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || slice_scatter(g, shape, items))?])
}

/// The gradient of writing into a slice of zeros is the slice again.
pub(super) fn slice_scatter_rule(items: &[IndexItem], need: &[bool], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || slice(g, items))?])
}

/// The gradient added back at the selected positions (repeated indices accumulate). `s` holds
/// the index tensors.
pub(super) fn index_rule(axes: &[i64], need: &[bool], s: &[Tensor], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || index_add(g, shape, s, axes))?])
}

/// The gradient of adding at positions is reading them again.
pub(super) fn index_add_rule(axes: &[i64], need: &[bool], s: &[Tensor], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    let refs: Vec<&Tensor> = s.iter().collect();
    Ok(vec![when(need[0], || index_select(g, &refs, axes))?])
}

/// The gradient scatter-added back along `dim` at the saved index.
pub(super) fn gather_rule(dim: i64, need: &[bool], s: &[Tensor], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || scatter_add(&Tensor::zeros(g.dtype(), shape)?, dim, &s[0], g))?])
}

/// `t` gets the gradient as is, `src` gathers it (zero where src lies outside index's extent,
/// since those elements were not added anywhere).
pub(super) fn scatter_add_rule(dim: i64, need: &[bool], s: &[Tensor], g: &Tensor, src_shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![
        when(need[0], || Ok(g.clone()))?,
        when(need[1], || {
            let r = gather(g, dim, &s[0])?;
            if r.shape() == src_shape {
                Ok(r)
            } else {
                let items: Vec<IndexItem> = r.shape().iter().map(|&n| IndexItem::Slice(Some(0), Some(n as i64), 1)).collect();
                slice_scatter(&r, src_shape, &items)
            }
        })?,
    ])
}

/// The gradient scatter-added at the indices (saved, broadcast to the output's shape), then
/// summed over the dims where the input was broadcast against them.
pub(super) fn take_along_axis_rule(d: usize, need: &[bool], s: &[Tensor], g: &Tensor, shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    let mut tb = g.shape().to_vec();
    tb[d] = shape[d];
    Ok(vec![when(need[0], || reduce_to(&scatter_add(&Tensor::zeros(g.dtype(), &tb)?, d as i64, &s[0], g)?, shape))?])
}

/// The gradient for the value `src` written (cast and broadcast as `index::assign` does) into a
/// selection whose gradient is `g`: summed over broadcast dims, leading dims `src` had beyond
/// the selection's rank (all of size 1) restored.
fn grad_to_src(g: &Tensor, src_shape: &[usize]) -> Result<Tensor> {
    let k = src_shape.len().saturating_sub(g.ndim());
    let r = reduce_to(g, &src_shape[k..])?;
    if k > 0 {
        reshape(&r, &src_shape.iter().map(|&d| d as i64).collect::<Vec<_>>())
    } else {
        Ok(r)
    }
}

/// A write over all of the old value: it gets no gradient; `src` gets it reduced to its shape.
pub(super) fn assign_rule(need: &[bool], g: &Tensor, src_shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![None, if need[1] { Some(grad_to_src(g, src_shape)?) } else { None }])
}

/// A write into `dst[items][indices at axes]` (PyTorch's index_put): the old value gets the
/// gradient outside the written positions; `src` gets it at them, reduced to its shape (with
/// repeated advanced positions every copy gets it, as PyTorch, although the last write won).
/// `s` holds the index tensors.
pub(super) fn setitem_rule(
    items: &[IndexItem],
    axes: &[i64],
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shape: &[usize],
    src_shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    let refs: Vec<&Tensor> = s.iter().collect();
    let keep = if need[0] {
        let m = creation::full(g.dtype(), shape, 1.0)?;
        let zero = creation::full(g.dtype(), &[], 0.0)?;
        let v = index::slice(&m, items)?;
        if refs.is_empty() {
            index::assign(&v, &zero)?;
        } else {
            index::index_assign(&v, &refs, axes, &zero)?;
        }
        Some(mul(g, &m)?)
    } else {
        None
    };
    let to_src = if need[1] {
        let sel = slice(g, items)?;
        let sel = if refs.is_empty() { sel } else { index_select(&sel, &refs, axes)? };
        Some(grad_to_src(&sel, src_shape)?)
    } else {
        None
    };
    Ok(vec![keep, to_src])
}
