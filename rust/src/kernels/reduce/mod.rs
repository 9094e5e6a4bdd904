//! Sum over axes, with NumPy's accumulator dtypes and pairwise summation over contiguous runs,
//! and the machinery every fold-shaped reduction shares (`reduce_mask`, `Fold`, `reduce_fold`,
//! `finish`); see `statistics` for the other reductions.

pub mod statistics;
pub use statistics::*;

use crate::kernels::elementwise::arith::Arith;
use crate::kernels::elementwise::vecmath;
use crate::dtype::{DType, Element};
use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Dims, Layout, Strides, Walk};
use crate::tensor::Tensor;
use crate::runtime::threads::PARALLEL_MIN;
use crate::with_dtype;
use smallvec::SmallVec;

/// Resolves `axes` (None: all) to a mask over the dims, rejecting out-of-range and repeated axes.
pub fn reduce_mask(axes: Option<&[i64]>, ndim: usize) -> Result<SmallVec<[bool; 6]>> {
    let mut mask: SmallVec<[bool; 6]> = SmallVec::from_elem(axes.is_none(), ndim);
    if let Some(axes) = axes {
        for &a in axes {
            let i = normalize_axis(a, ndim)?;
            if mask[i] {
                return Err(Error::invalid(format!("axis {a} is repeated in axes {axes:?}")));
            }
            mask[i] = true;
        }
    }
    Ok(mask)
}

pub fn sum(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let mask = reduce_mask(axes, t.ndim())?;
    let dt = t.dtype().sum_dtype();
    let x = t.cast(dt)?;
    let out = with_dtype!(dt, T => reduce_fold::<T, _>(&x, &mask, &SumFold)?);
    Ok(finish(out, t.shape(), &mask, keepdims))
}

/// Drops the size-1 reduced dims of a `reduce_fold` result unless `keepdims`.
pub fn finish(out: Tensor, shape: &[usize], mask: &[bool], keepdims: bool) -> Tensor {
    if keepdims {
        return out;
    }
    let kept: Dims = shape.iter().zip(mask).filter(|(_, &m)| !m).map(|(&d, _)| d).collect();
    match out.layout().reshape_view(&kept) {
        Some(l) => out.view(l),
        None => out.view(Layout::contiguous(&kept)),
    }
}

/// Number of elements a reduction over `mask` combines into each output.
pub fn reduced_count(shape: &[usize], mask: &[bool]) -> usize {
    shape.iter().zip(mask).filter(|(_, &m)| m).map(|(&d, _)| d).product()
}

/// An associative fold: `init` is its identity, `step` combines an accumulator with the next
/// value (or with the fold of a later run), `run` folds one contiguous slice.
pub trait Fold<T: Element>: Sync {
    fn init(&self) -> T;
    fn step(&self, acc: T, x: T) -> T;
    fn run(&self, x: &[T]) -> T {
        x.iter().fold(self.init(), |a, &v| self.step(a, v))
    }
}

/// Sum (pairwise over contiguous runs).
pub struct SumFold;
impl<T: Arith> Fold<T> for SumFold {
    fn init(&self) -> T {
        T::zero()
    }
    #[inline(always)]
    fn step(&self, acc: T, x: T) -> T {
        acc.add(x)
    }
    fn run(&self, x: &[T]) -> T {
        // Floats take the SIMD pairwise sum (same error bound, see `vecmath::sum_f32`).
        if T::DTYPE == DType::F32 {
            // SAFETY: T is f32 (checked through its dtype tag).
            let s = unsafe { std::slice::from_raw_parts(x.as_ptr() as *const f32, x.len()) };
            let r = vecmath::sum_f32(s);
            return unsafe { std::mem::transmute_copy::<f32, T>(&r) };
        }
        if T::DTYPE == DType::F64 {
            // SAFETY: T is f64.
            let s = unsafe { std::slice::from_raw_parts(x.as_ptr() as *const f64, x.len()) };
            let r = vecmath::sum_f64(s);
            return unsafe { std::mem::transmute_copy::<f64, T>(&r) };
        }
        pairwise_sum(x)
    }
}

/// Block below which the pairwise recursion stops and 8 running sums take over; the same
/// structure as NumPy's pairwise sum, so float32 results agree closely.
const PAIRWISE_BLOCK: usize = 128;

pub fn pairwise_sum<T: Arith>(x: &[T]) -> T {
    if x.len() <= PAIRWISE_BLOCK {
        let mut acc = [T::zero(); 8];
        let chunks = x.chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            for k in 0..8 {
                acc[k] = acc[k].add(c[k]);
            }
        }
        let mut s = ((acc[0].add(acc[1])).add(acc[2].add(acc[3]))).add((acc[4].add(acc[5])).add(acc[6].add(acc[7])));
        for &v in rest {
            s = s.add(v);
        }
        s
    } else {
        let half = (x.len() / 2) & !7;
        pairwise_sum(&x[..half]).add(pairwise_sum(&x[half..]))
    }
}

/// Fold of a long contiguous run: fixed-size chunks folded in parallel, then combined in order,
/// so the result does not depend on the thread count.
fn big_run<T: Element, F: Fold<T>>(f: &F, x: &[T]) -> T {
    if x.len() < PARALLEL_MIN * 2 {
        return f.run(x);
    }
    let mut partial: Vec<T> = vec![T::zero(); x.len().div_ceil(PARALLEL_MIN)];
    crate::runtime::threads::for_chunks(&mut partial, 1, |i, p| p[0] = f.run(&x[i * PARALLEL_MIN..((i + 1) * PARALLEL_MIN).min(x.len())]));
    f.run(&partial)
}

/// Row-major element offsets (into storage) of the first element of each output of a
/// reduction: one per combination of the kept dims.
pub fn kept_starts(x: &Tensor, mask: &[bool]) -> Vec<isize> {
    let kept: Vec<usize> = (0..x.ndim()).filter(|&i| !mask[i]).collect();
    let kept_shape: Dims = kept.iter().map(|&i| x.shape()[i]).collect();
    let kept_strides: Strides = kept.iter().map(|&i| x.strides()[i]).collect();
    let n: usize = kept_shape.iter().product();
    let mut starts = Vec::with_capacity(n);
    let walk = Walk::new(&kept_shape, [&kept_strides]);
    walk.rows([x.layout().offset as isize], |[o], n, [s]| {
        for i in 0..n as isize {
            starts.push(o + i * s);
        }
    });
    starts
}

/// Folds the dims marked in `mask` with `f`, keeping them as size 1, into a new contiguous
/// tensor of the same dtype. Reducing over no elements gives `f.init()`.
pub fn reduce_fold<T: Element, F: Fold<T>>(x: &Tensor, mask: &[bool], f: &F) -> Result<Tensor> {
    let shape = x.shape();
    let strides = x.strides();
    let out_shape: Dims = shape.iter().zip(mask).map(|(&d, &m)| if m { 1 } else { d }).collect();
    let src = x.storage.as_slice::<T>();
    if !mask.iter().any(|&m| m) {
        // A new tensor, never a view: the result must not alias the input.
        return x.contiguous_copy();
    }
    // Kept dims first, reduced dims last: if the reduced block is one contiguous run, each output
    // is a fold over a slice.
    let red: Vec<usize> = (0..shape.len()).filter(|&i| mask[i]).collect();
    let red_shape: Dims = red.iter().map(|&i| shape[i]).collect();
    let red_strides: Strides = red.iter().map(|&i| strides[i]).collect();
    let red_walk = Walk::new(&red_shape, [&red_strides]);
    let inner: usize = red_shape.iter().product();
    let inner_run = red_walk.shape.len() == 1 && (red_walk.strides[0][0] == 1 || inner <= 1);
    if inner_run {
        return Tensor::build::<T>(&out_shape, |out| {
            if inner == 0 {
                out.fill(f.init());
                return;
            }
            if out.len() == 1 {
                let o = x.layout().offset;
                out[0] = big_run(f, &src[o..o + inner]);
                return;
            }
            let starts = kept_starts(x, mask);
            let g = |(dst, &st): (&mut T, &isize)| *dst = f.run(&src[st as usize..st as usize + inner]);
            crate::runtime::threads::for_rows(out, 1, inner, |i, o| g((&mut o[0], &starts[i])));
        });
    }
    // General case: accumulate every input element into its output slot (the output seen with
    // stride 0 along reduced dims), walking the input in memory order for locality.
    let out_strides = crate::layout::contiguous_strides(&out_shape);
    let acc_strides: Strides = (0..shape.len()).map(|i| if mask[i] { 0 } else { out_strides[i] }).collect();
    let mut order: Vec<usize> = (0..shape.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(strides[i].unsigned_abs()));
    let w_shape: Dims = order.iter().map(|&i| shape[i]).collect();
    let w_in: Strides = order.iter().map(|&i| strides[i]).collect();
    let w_out: Strides = order.iter().map(|&i| acc_strides[i]).collect();
    let walk = Walk::new(&w_shape, [&w_in, &w_out]);
    Tensor::build::<T>(&out_shape, |out| {
        out.fill(f.init());
        walk.rows([x.layout().offset as isize, 0], |[oi, oo], n, [si, so]| {
            if so == 0 && si == 1 {
                // A contiguous run into one output: pairwise for sums, as NumPy's inner loops.
                let o = &mut out[oo as usize];
                *o = f.step(*o, f.run(&src[oi as usize..oi as usize + n]));
            } else if so == 0 {
                let mut s = out[oo as usize];
                for i in 0..n as isize {
                    s = f.step(s, src[(oi + i * si) as usize]);
                }
                out[oo as usize] = s;
            } else {
                for i in 0..n as isize {
                    let d = &mut out[(oo + i * so) as usize];
                    *d = f.step(*d, src[(oi + i * si) as usize]);
                }
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_matches_exact_integer_sum() {
        let v: Vec<i64> = (0..100_003).collect();
        assert_eq!(pairwise_sum(&v), 100_002 * 100_003 / 2);
        assert_eq!(big_run(&SumFold, &v), 100_002 * 100_003 / 2);
    }

    #[test]
    fn pairwise_float32_is_accurate() {
        // 1e6 copies of 0.1 summed naively in f32 drift by ~1%; pairwise stays close.
        let v = vec![0.1f32; 1_000_000];
        let s = big_run(&SumFold, &v) as f64;
        assert!((s - 100_000.0).abs() < 1.0, "{s}");
    }
}
