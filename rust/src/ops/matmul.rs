//! `numpy.matmul`: 1-D operands promoted and the added dim removed, batch dims broadcast.
//! Floats go to `matrixmultiply`, which takes arbitrary strides, so transposed views need no copy.

use super::arith::Arith;
use crate::dtype::{DType, Element};
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{broadcast_shapes, Dims, Layout, Walk};
use crate::tensor::Tensor;
use crate::with_dtype;
use rayon::prelude::*;
use smallvec::SmallVec;

pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return Err(Error::shape(format!(
            "matmul needs operands with at least 1 dimension, got shapes {} and {}",
            fmt_shape(a.shape()),
            fmt_shape(b.shape())
        )));
    }
    let dt = DType::promote(a.dtype(), b.dtype());
    let (a, b) = (a.cast(dt)?, b.cast(dt)?);
    // Promote 1-D operands to matrices by viewing them with an added size-1 dim.
    let a_vec = a.ndim() == 1;
    let b_vec = b.ndim() == 1;
    let la = if a_vec { with_dim(a.layout(), 0) } else { a.layout().clone() };
    let lb = if b_vec { with_dim(b.layout(), 1) } else { b.layout().clone() };
    let (m, k) = (la.shape[la.ndim() - 2], la.shape[la.ndim() - 1]);
    let (k2, n) = (lb.shape[lb.ndim() - 2], lb.shape[lb.ndim() - 1]);
    if k != k2 {
        return Err(Error::shape(format!(
            "matmul: shapes {} and {} are not aligned: {k} (dim {}) != {k2} (dim {})",
            fmt_shape(a.shape()),
            fmt_shape(b.shape()),
            a.ndim() - 1,
            if b_vec { 0 } else { b.ndim() - 2 }
        )));
    }
    let batch = broadcast_shapes(&la.shape[..la.ndim() - 2], &lb.shape[..lb.ndim() - 2]).map_err(|_| {
        Error::shape(format!(
            "matmul: batch dims of shapes {} and {} cannot be broadcast",
            fmt_shape(a.shape()),
            fmt_shape(b.shape())
        ))
    })?;
    let mut full_a: Dims = batch.clone();
    full_a.extend([m, k]);
    let mut full_b: Dims = batch.clone();
    full_b.extend([k, n]);
    let la = la.broadcast_to(&full_a)?;
    let lb = lb.broadcast_to(&full_b)?;
    let mut out_shape: Dims = batch.clone();
    if !a_vec {
        out_shape.push(m);
    }
    if !b_vec {
        out_shape.push(n);
    }
    let plan = Plan { m, k, n, batch, la, lb };
    with_dtype!(dt, T => {
        let storage_a = a.storage.as_slice::<T>();
        let storage_b = b.storage.as_slice::<T>();
        Tensor::build::<T>(&out_shape, |out| plan.run::<T>(storage_a, storage_b, out))
    })
}

fn with_dim(l: &Layout, at: usize) -> Layout {
    let mut shape = l.shape.clone();
    let mut strides = l.strides.clone();
    shape.insert(at, 1);
    strides.insert(at, 0);
    Layout { shape, strides, offset: l.offset }
}

struct Plan {
    m: usize,
    k: usize,
    n: usize,
    batch: Dims,
    la: Layout,
    lb: Layout,
}

/// Per-type matrix product of one (m,k) x (k,n) pair into a row-major (m,n) block.
pub trait Gemm: Arith {
    /// # Safety
    /// `a` and `b` address valid elements at every index the strides reach.
    unsafe fn gemm(m: usize, k: usize, n: usize, a: *const Self, rsa: isize, csa: isize, b: *const Self, rsb: isize, csb: isize, c: &mut [Self]);
}

impl Gemm for f32 {
    unsafe fn gemm(m: usize, k: usize, n: usize, a: *const f32, rsa: isize, csa: isize, b: *const f32, rsb: isize, csb: isize, c: &mut [f32]) {
        matrixmultiply::sgemm(m, k, n, 1.0, a, rsa, csa, b, rsb, csb, 0.0, c.as_mut_ptr(), n as isize, 1);
    }
}

impl Gemm for f64 {
    unsafe fn gemm(m: usize, k: usize, n: usize, a: *const f64, rsa: isize, csa: isize, b: *const f64, rsb: isize, csb: isize, c: &mut [f64]) {
        matrixmultiply::dgemm(m, k, n, 1.0, a, rsa, csa, b, rsb, csb, 0.0, c.as_mut_ptr(), n as isize, 1);
    }
}

/// Integer and bool products: a plain i-k-j loop (NumPy has no BLAS for these either);
/// integers wrap on overflow, bool is or-of-ands.
macro_rules! naive_gemm {
    ($($t:ty),*) => { $(
        impl Gemm for $t {
            unsafe fn gemm(m: usize, k: usize, n: usize, a: *const $t, rsa: isize, csa: isize, b: *const $t, rsb: isize, csb: isize, c: &mut [$t]) {
                c.fill(<$t as Element>::zero());
                for i in 0..m {
                    let row = &mut c[i * n..(i + 1) * n];
                    for p in 0..k {
                        let av = *a.offset(i as isize * rsa + p as isize * csa);
                        let bp = b.offset(p as isize * rsb);
                        for (j, r) in row.iter_mut().enumerate() {
                            *r = r.add(av.mul(*bp.offset(j as isize * csb)));
                        }
                    }
                }
            }
        }
    )* };
}
naive_gemm!(i8, i16, i32, i64, u8, bool);

impl Plan {
    fn run<T: Gemm>(&self, sa: &[T], sb: &[T], out: &mut [T]) {
        let (m, k, n) = (self.m, self.k, self.n);
        let mn = m * n;
        if mn == 0 {
            return;
        }
        let nb = self.batch.len();
        let (rsa, csa) = (self.la.strides[nb], self.la.strides[nb + 1]);
        let (rsb, csb) = (self.lb.strides[nb], self.lb.strides[nb + 1]);
        if k == 0 {
            out.fill(T::zero());
            return;
        }
        // Offsets of each batch's matrices, in row-major batch order.
        let mut offs: Vec<(isize, isize)> = Vec::with_capacity(out.len() / mn);
        let bs_a: SmallVec<[isize; 6]> = self.la.strides[..nb].into();
        let bs_b: SmallVec<[isize; 6]> = self.lb.strides[..nb].into();
        let walk = Walk::new(&self.batch, [&bs_a, &bs_b]);
        walk.rows([self.la.offset as isize, self.lb.offset as isize], |[oa, ob], len, [da, db]| {
            for i in 0..len as isize {
                offs.push((oa + i * da, ob + i * db));
            }
        });
        let (pa, pb) = (sa.as_ptr() as usize, sb.as_ptr() as usize);
        let one = |(c, &(oa, ob)): (&mut [T], &(isize, isize))| unsafe {
            T::gemm(m, k, n, (pa as *const T).offset(oa), rsa, csa, (pb as *const T).offset(ob), rsb, csb, c)
        };
        // Small matrices in a batch: one per task. Large ones: one at a time.
        if offs.len() > 1 && m * n * k < (1 << 21) {
            crate::threads::install(|| out.par_chunks_mut(mn).zip(offs.par_iter()).for_each(one));
        } else {
            out.chunks_mut(mn).zip(offs.iter()).for_each(one);
        }
    }
}
