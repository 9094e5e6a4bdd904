//! `where` and `clip`.

use super::binary::{binary, BinaryOp};
use crate::dtype::{DType, Element};
use crate::error::Result;
use crate::layout::{broadcast_shapes, Walk};
use crate::tensor::Tensor;
use crate::with_dtype;

/// Elements of `x` where `cond` is true, else of `y`; all three broadcast together, `x` and `y`
/// promote (NumPy `where`). `cond` of any dtype is read as truthiness.
pub fn where_(cond: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(&broadcast_shapes(cond.shape(), x.shape())?, y.shape())?;
    let dt = DType::promote(x.dtype(), y.dtype());
    let (c, x, y) = (cond.cast(DType::Bool)?, x.cast(dt)?, y.cast(dt)?);
    with_dtype!(dt, T => select::<T>(&c, &x, &y, &shape))
}

fn select<T: Element>(c: &Tensor, x: &Tensor, y: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let (lc, lx, ly) = (
        c.layout().broadcast_to(shape)?,
        x.layout().broadcast_to(shape)?,
        y.layout().broadcast_to(shape)?,
    );
    let (sc, sx, sy) = (
        c.storage.as_slice::<bool>(),
        x.storage.as_slice::<T>(),
        y.storage.as_slice::<T>(),
    );
    Tensor::build::<T>(shape, |out| {
        let walk = Walk::new(shape, [&lc.strides, &lx.strides, &ly.strides]);
        let mut pos = 0usize;
        walk.rows(
            [lc.offset as isize, lx.offset as isize, ly.offset as isize],
            |[oc, ox, oy], n, [dc, dx, dy]| {
                for (i, o) in out[pos..pos + n].iter_mut().enumerate() {
                    let i = i as isize;
                    *o = if sc[(oc + i * dc) as usize] {
                        sx[(ox + i * dx) as usize]
                    } else {
                        sy[(oy + i * dy) as usize]
                    };
                }
                pos += n;
            },
        );
    })
}

/// `minimum(maximum(x, min), max)` with either bound optional, NaN propagating (NumPy `clip`).
pub fn clip(x: &Tensor, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
    let mut r = match min {
        Some(m) => binary(BinaryOp::Maximum, x, m)?,
        None => x.contiguous_copy()?,
    };
    if let Some(m) = max {
        r = binary(BinaryOp::Minimum, &r, m)?;
    }
    Ok(r)
}
