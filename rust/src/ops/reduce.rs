//! Sum over axes, with NumPy's accumulator dtypes and pairwise summation over contiguous runs.

use super::arith::Arith;
use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Dims, Strides, Walk};
use crate::tensor::{Tensor, PARALLEL_MIN};
use crate::with_dtype;
use rayon::prelude::*;
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
    let out = with_dtype!(dt, T => reduce_sum::<T>(&x, &mask)?);
    if keepdims {
        return Ok(out);
    }
    let shape: Dims = t.shape().iter().zip(&mask).filter(|(_, &m)| !m).map(|(&d, _)| d).collect();
    Ok(out.view(crate::layout::Layout::contiguous(&shape)))
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

/// Sum of a long contiguous run: fixed-size chunks summed in parallel, then combined, so the
/// result does not depend on the thread count.
fn big_sum<T: Arith>(x: &[T]) -> T {
    if x.len() < PARALLEL_MIN * 2 {
        return pairwise_sum(x);
    }
    let partial: Vec<T> = x.par_chunks(PARALLEL_MIN).map(pairwise_sum).collect();
    pairwise_sum(&partial)
}

/// Reduces the dims marked in `mask`, keeping them as size 1, into a new contiguous tensor.
fn reduce_sum<T: Arith>(x: &Tensor, mask: &[bool]) -> Result<Tensor> {
    let shape = x.shape();
    let strides = x.strides();
    let out_shape: Dims = shape.iter().zip(mask).map(|(&d, &m)| if m { 1 } else { d }).collect();
    let src = x.storage.as_slice::<T>();
    if !mask.iter().any(|&m| m) {
        // A new tensor, never a view: the result must not alias the input.
        return x.contiguous_copy();
    }
    // Kept dims first, reduced dims last: if the reduced block is one contiguous run, each output
    // is a pairwise sum over a slice.
    let kept: Vec<usize> = (0..shape.len()).filter(|&i| !mask[i]).collect();
    let red: Vec<usize> = (0..shape.len()).filter(|&i| mask[i]).collect();
    let red_shape: Dims = red.iter().map(|&i| shape[i]).collect();
    let red_strides: Strides = red.iter().map(|&i| strides[i]).collect();
    let red_walk = Walk::new(&red_shape, [&red_strides]);
    let inner: usize = red_shape.iter().product();
    let inner_run = red_walk.shape.len() == 1 && (red_walk.strides[0][0] == 1 || inner <= 1);
    if inner_run {
        let kept_shape: Dims = kept.iter().map(|&i| shape[i]).collect();
        let kept_strides: Strides = kept.iter().map(|&i| strides[i]).collect();
        let kept_walk = Walk::new(&kept_shape, [&kept_strides]);
        return Tensor::build::<T>(&out_shape, |out| {
            if inner == 0 {
                out.fill(T::zero());
                return;
            }
            if out.len() == 1 {
                let o = x.layout().offset;
                out[0] = big_sum(&src[o..o + inner]);
                return;
            }
            let mut starts = Vec::with_capacity(out.len());
            kept_walk.rows([x.layout().offset as isize], |[o], n, [s]| {
                for i in 0..n as isize {
                    starts.push((o + i * s) as usize);
                }
            });
            let f = |(dst, &st): (&mut T, &usize)| *dst = pairwise_sum(&src[st..st + inner]);
            if out.len() * inner >= PARALLEL_MIN {
                out.par_iter_mut().zip(starts.par_iter()).for_each(f);
            } else {
                out.iter_mut().zip(starts.iter()).for_each(f);
            }
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
        out.fill(T::zero());
        walk.rows([x.layout().offset as isize, 0], |[oi, oo], n, [si, so]| {
            if so == 0 && si == 1 {
                // A contiguous run into one output: pairwise, as NumPy does for inner loops.
                let o = &mut out[oo as usize];
                *o = o.add(pairwise_sum(&src[oi as usize..oi as usize + n]));
            } else if so == 0 {
                let mut s = out[oo as usize];
                for i in 0..n as isize {
                    s = s.add(src[(oi + i * si) as usize]);
                }
                out[oo as usize] = s;
            } else {
                for i in 0..n as isize {
                    let d = &mut out[(oo + i * so) as usize];
                    *d = d.add(src[(oi + i * si) as usize]);
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
        assert_eq!(big_sum(&v), 100_002 * 100_003 / 2);
    }

    #[test]
    fn pairwise_float32_is_accurate() {
        // 1e6 copies of 0.1 summed naively in f32 drift by ~1%; pairwise stays close.
        let v = vec![0.1f32; 1_000_000];
        let s = big_sum(&v) as f64;
        assert!((s - 100_000.0).abs() < 1.0, "{s}");
    }
}
