//! Backward rules of the poolings. Max pooling's gradient scatters through the saved indices
//! (`max_pool2d_backward`); that scatter is linear in the gradient and its adjoint is the gather
//! of the plane by the same indices (0 where an empty window's index is -1). Average pooling and its backward are adjoints.

use crate::autograd::ops::{avg_pool2d, avg_pool2d_backward, gather, i64s, max_pool2d_backward, mul, reshape, when};
use crate::error::Result;
use crate::kernels::nn::pool::{AvgOptions, PoolSpec};
use crate::tensor::Tensor;

fn hw(shape: &[usize]) -> [usize; 2] {
    [shape[2], shape[3]]
}

/// `s`: the indices. Input: x.
pub(super) fn max_pool2d_rule(need: &[bool], s: &[Tensor], g: &Tensor, x_shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || max_pool2d_backward(g, &s[0], hw(x_shape)))?])
}

/// `s`: the indices. Input: g; `h` lives in the pooling's input space.
pub(super) fn max_pool2d_backward_rule(need: &[bool], s: &[Tensor], h: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || {
        let (idx, hs) = (&s[0], h.shape());
        let is = idx.shape();
        let planes = reshape(h, &[hs[0] as i64, hs[1] as i64, (hs[2] * hs[3]) as i64])?;
        let flat = crate::kernels::shape::reshape(idx, &[is[0] as i64, is[1] as i64, (is[2] * is[3]) as i64])?;
        let flat = flat.contiguous()?;
        let ids = flat.contiguous_slice::<i64>();
        if !ids.contains(&-1) {
            return reshape(&gather(&planes, 2, &flat)?, &i64s(is));
        }
        // Empty windows (index -1) received no gradient: gather at 0 and zero them.
        let clamped = Tensor::build::<i64>(flat.shape(), |o| o.iter_mut().zip(ids).for_each(|(c, &i)| *c = i.max(0)))?;
        let picked = gather(&planes, 2, &clamped)?;
        let mask = Tensor::build::<f64>(flat.shape(), |o| o.iter_mut().zip(ids).for_each(|(m, &i)| *m = (i >= 0) as u8 as f64))?
            .cast(picked.dtype())?;
        reshape(&mul(&picked, &mask)?, &i64s(is))
    })?])
}

/// No saved tensors. Input: x.
pub(super) fn avg_pool2d_rule(spec: &PoolSpec, opts: &AvgOptions, need: &[bool], g: &Tensor, x_shape: &[usize]) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || avg_pool2d_backward(g, spec, opts, hw(x_shape)))?])
}

/// No saved tensors. Input: g.
pub(super) fn avg_pool2d_backward_rule(spec: &PoolSpec, opts: &AvgOptions, need: &[bool], h: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || avg_pool2d(h, spec, opts))?])
}
