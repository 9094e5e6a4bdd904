//! Elements kept or replaced: `where` (by a condition), `clip` (by bounds) and the triangles
//! `tril`/`triu` (by position).

use super::elementwise::binary::{binary, BinaryOp};
use crate::dtype::{DType, Element};
use crate::error::{Error, Result};
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Triangle {
    /// Keep elements on and below diagonal k (`numpy.tril`).
    Lower,
    /// Keep elements on and above diagonal k (`numpy.triu`).
    Upper,
}

/// `numpy.tril` / `numpy.triu` over the last two dims (the leading dims are a batch): element
/// (…, r, c) is kept when `c - r <= k` (Lower) or `c - r >= k` (Upper), else zero. Any dtype.
pub fn triangle(t: &Tensor, k: i64, which: Triangle) -> Result<Tensor> {
    let nd = t.ndim();
    if nd < 2 {
        return Err(Error::shape(format!(
            "{} needs a tensor of at least 2 dimensions, got {nd}",
            if which == Triangle::Lower { "tril" } else { "triu" }
        )));
    }
    let (rows, cols) = (t.shape()[nd - 2], t.shape()[nd - 1]);
    with_dtype!(t.dtype(), T => Tensor::build::<T>(t.shape(), |out| {
        t.copy_into(out);
        if rows * cols == 0 {
            return;
        }
        let zero_row = |r: usize, row: &mut [T]| {
            // Columns c with c - r > k (Lower) or c - r < k (Upper) become zero.
            let edge = (r as i128 + k as i128).clamp(-1, cols as i128);
            let range = match which {
                Triangle::Lower => ((edge + 1).max(0) as usize).min(cols)..cols,
                Triangle::Upper => 0..(edge.max(0) as usize).min(cols),
            };
            row[range].fill(T::zero());
        };
        let run = |m: &mut [T]| {
            for (r, row) in m.chunks_mut(cols).enumerate() {
                zero_row(r, row);
            }
        };
        let mat = rows * cols;
        crate::runtime::threads::for_rows(out, mat, mat, |_, m| run(m));
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangles_keep_their_diagonals() {
        let x = Tensor::build::<i64>(&[2, 3], |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as i64 + 1)).unwrap();
        assert_eq!(triangle(&x, 0, Triangle::Lower).unwrap().to_vec::<i64>(), vec![1, 0, 0, 4, 5, 0]);
        assert_eq!(triangle(&x, 0, Triangle::Upper).unwrap().to_vec::<i64>(), vec![1, 2, 3, 0, 5, 6]);
        assert_eq!(triangle(&x, i64::MAX, Triangle::Lower).unwrap().to_vec::<i64>(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(triangle(&x, i64::MIN, Triangle::Lower).unwrap().to_vec::<i64>(), vec![0; 6]);
        assert_eq!(triangle(&x, i64::MIN, Triangle::Upper).unwrap().to_vec::<i64>(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(triangle(&x, i64::MAX, Triangle::Upper).unwrap().to_vec::<i64>(), vec![0; 6]);
    }
}
