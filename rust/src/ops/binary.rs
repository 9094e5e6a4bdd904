//! Broadcasting elementwise binary ops with NumPy dtype promotion.

use super::arith::Arith;
use crate::dtype::{DType, Element};
use crate::error::{Error, Result};
use crate::layout::{broadcast_shapes, Walk};
use crate::tensor::{Tensor, PARALLEL_MIN};
use crate::with_dtype;
use rayon::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
}

pub fn binary(op: BinaryOp, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let mut dt = DType::promote(a.dtype(), b.dtype());
    match op {
        BinaryOp::Div => dt = dt.div_dtype(),
        BinaryOp::Sub if dt == DType::Bool => {
            return Err(Error::dtype("subtract is not defined for bool tensors (NumPy rejects it too); use logical_xor"))
        }
        _ => {}
    }
    let (a, b) = (a.cast(dt)?, b.cast(dt)?);
    with_dtype!(dt, T => match op {
        BinaryOp::Add => map2::<T, T>(&a, &b, &shape, Arith::add),
        BinaryOp::Sub => map2::<T, T>(&a, &b, &shape, Arith::sub),
        BinaryOp::Mul => map2::<T, T>(&a, &b, &shape, Arith::mul),
        BinaryOp::Div => map2::<T, T>(&a, &b, &shape, Arith::div),
    })
}

#[inline(always)]
fn zip_into<T: Copy, U>(out: &mut [U], x: &[T], y: &[T], f: &impl Fn(T, T) -> U) {
    for ((o, &a), &b) in out.iter_mut().zip(x).zip(y) {
        *o = f(a, b);
    }
}

/// Applies `f` elementwise over `a` and `b` broadcast to `shape`, into a new contiguous tensor.
pub fn map2<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    shape: &[usize],
    f: impl Fn(T, T) -> U + Sync + Send,
) -> Result<Tensor> {
    let la = a.layout().broadcast_to(shape)?;
    let lb = b.layout().broadcast_to(shape)?;
    let sa = a.storage.as_slice::<T>();
    let sb = b.storage.as_slice::<T>();
    Tensor::build::<U>(shape, |out| {
        let n = out.len();
        if n == 0 {
            return;
        }
        let a_scalar = la.strides.iter().all(|&s| s == 0);
        let b_scalar = lb.strides.iter().all(|&s| s == 0);
        if la.is_contiguous() && lb.is_contiguous() {
            let x = &sa[la.offset..la.offset + n];
            let y = &sb[lb.offset..lb.offset + n];
            if n >= PARALLEL_MIN {
                out.par_chunks_mut(PARALLEL_MIN)
                    .zip(x.par_chunks(PARALLEL_MIN).zip(y.par_chunks(PARALLEL_MIN)))
                    .for_each(|(o, (x, y))| zip_into(o, x, y, &f));
            } else {
                zip_into(out, x, y, &f);
            }
        } else if la.is_contiguous() && b_scalar {
            let x = &sa[la.offset..la.offset + n];
            let s = sb[lb.offset];
            let row = |o: &mut [U], x: &[T]| o.iter_mut().zip(x).for_each(|(o, &v)| *o = f(v, s));
            if n >= PARALLEL_MIN {
                out.par_chunks_mut(PARALLEL_MIN).zip(x.par_chunks(PARALLEL_MIN)).for_each(|(o, x)| row(o, x));
            } else {
                row(out, x);
            }
        } else if a_scalar && lb.is_contiguous() {
            let s = sa[la.offset];
            let y = &sb[lb.offset..lb.offset + n];
            let row = |o: &mut [U], y: &[T]| o.iter_mut().zip(y).for_each(|(o, &v)| *o = f(s, v));
            if n >= PARALLEL_MIN {
                out.par_chunks_mut(PARALLEL_MIN).zip(y.par_chunks(PARALLEL_MIN)).for_each(|(o, y)| row(o, y));
            } else {
                row(out, y);
            }
        } else {
            let walk = Walk::new(shape, [&la.strides, &lb.strides]);
            let mut pos = 0usize;
            walk.rows([la.offset as isize, lb.offset as isize], |[oa, ob], len, [da, db]| {
                let dst = &mut out[pos..pos + len];
                if da == 1 && db == 1 {
                    zip_into(dst, &sa[oa as usize..oa as usize + len], &sb[ob as usize..ob as usize + len], &f);
                } else {
                    for (i, o) in dst.iter_mut().enumerate() {
                        let i = i as isize;
                        *o = f(sa[(oa + i * da) as usize], sb[(ob + i * db) as usize]);
                    }
                }
                pos += len;
            });
        }
    })
}
