//! Backward rules of matmul and of the diagonal views einsum takes.

use crate::autograd::ops::{
    diagonal_scatter, diagonal_view, expand_dims, i64s, matmul, reduce_to, reshape, transpose, when,
};
use crate::error::Result;
use crate::tensor::Tensor;

fn swap_last(t: &Tensor) -> Result<Tensor> {
    let n = t.ndim() as i64;
    let mut perm: Vec<i64> = (0..n).collect();
    perm.swap((n - 1) as usize, (n - 2) as usize);
    transpose(t, Some(&perm))
}

/// `da = g @ b^T`, `db = a^T @ g`, with 1-D operands promoted as the forward did and batch dims
/// summed back to each operand's shape. `s` holds a and b.
pub(super) fn matmul_rule(
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    sa: &[usize],
    sb: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    let a2 = if sa.len() == 1 { expand_dims(&s[0], &[0])? } else { s[0].clone() };
    let b2 = if sb.len() == 1 { expand_dims(&s[1], &[1])? } else { s[1].clone() };
    let mut g2 = g.clone();
    if sb.len() == 1 {
        g2 = expand_dims(&g2, &[-1])?;
    }
    if sa.len() == 1 {
        g2 = expand_dims(&g2, &[-2])?;
    }
    Ok(vec![
        when(need[0], || reshape(&reduce_to(&matmul(&g2, &swap_last(&b2)?)?, a2.shape())?, &i64s(sa)))?,
        when(need[1], || reshape(&reduce_to(&matmul(&swap_last(&a2)?, &g2)?, b2.shape())?, &i64s(sb)))?,
    ])
}

/// The gradient is written back on the diagonal of zeros of the input's shape.
pub(super) fn diagonal_rule(
    term: &[u8],
    size: &[usize; 128],
    need: &[bool],
    g: &Tensor,
    shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || diagonal_scatter(g, shape, term, size))?])
}

/// The gradient of writing on a diagonal is that diagonal again.
pub(super) fn diagonal_scatter_rule(
    term: &[u8],
    size: &[usize; 128],
    need: &[bool],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || diagonal_view(g, term, size))?])
}
