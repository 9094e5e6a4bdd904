//! Sorting along one axis: sort, argsort and topk. NaN orders above every number (NumPy puts
//! NaNs last in an ascending sort; a descending sort, the reverse order, puts them first, as
//! torch). Sorts are stable: equal elements keep their order in the input.

use super::reduce::kept_starts;
use super::reduce::Ordered;
use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Dims};
use crate::tensor::Tensor;
use crate::with_dtype;
use smallvec::SmallVec;
use std::cmp::Ordering;

/// Total order with NaN above everything (NaNs equal among themselves; -0.0 == 0.0).
#[inline(always)]
fn cmp_nan_last<T: Ordered>(a: T, b: T) -> Ordering {
    match a.partial_cmp(&b) {
        Some(o) => o,
        None => a.is_nan().cmp(&b.is_nan()),
    }
}

/// Per lane along `axis`: the `k` first positions (0..n along the axis) of the lane in sorted
/// order, ascending or descending, ties by position. Returns (lane count, positions row-major).
fn lane_order<T: Ordered>(x: &Tensor, axis: usize, descending: bool, k: usize) -> Vec<i64> {
    let n = x.shape()[axis];
    let mut mask: SmallVec<[bool; 6]> = SmallVec::from_elem(false, x.ndim());
    mask[axis] = true;
    let starts = kept_starts(x, &mask);
    let stride = x.strides()[axis];
    let src = x.storage.as_slice::<T>();
    let mut out = vec![0i64; starts.len() * k];
    if k == 0 || out.is_empty() {
        return out;
    }
    let one = |(dst, &st): (&mut [i64], &isize)| {
        let vals: Vec<T> = (0..n as isize).map(|i| src[(st + i * stride) as usize]).collect();
        let mut idx: Vec<u32> = (0..n as u32).collect();
        let cmp = |&i: &u32, &j: &u32| {
            let o = cmp_nan_last(vals[i as usize], vals[j as usize]);
            if descending {
                o.reverse()
            } else {
                o
            }
        };
        if k < n {
            // Ties broken by position make the order total, so the selection is deterministic.
            let total = |i: &u32, j: &u32| cmp(i, j).then(i.cmp(j));
            idx.select_nth_unstable_by(k - 1, total);
            idx.truncate(k);
            idx.sort_unstable_by(total);
        } else {
            idx.sort_by(cmp); // stable
        }
        for (d, &i) in dst.iter_mut().zip(&idx) {
            *d = i as i64;
        }
    };
    crate::runtime::threads::for_rows(&mut out, k, n, |i, dst| one((dst, &starts[i])));
    out
}

/// The shape with `axis` moved last and resized to `k`, and the permutation that moves it back.
fn moved_shape(shape: &[usize], axis: usize, k: usize) -> (Dims, Vec<usize>) {
    let mut s: Dims = shape.iter().enumerate().filter(|&(i, _)| i != axis).map(|(_, &d)| d).collect();
    s.push(k);
    let nd = shape.len();
    // Result dim i comes from moved dim: i < axis -> i, i == axis -> nd-1, i > axis -> i-1.
    let perm: Vec<usize> = (0..nd).map(|i| if i < axis { i } else if i == axis { nd - 1 } else { i - 1 }).collect();
    (s, perm)
}

/// A contiguous tensor from a buffer laid out with `axis` last.
fn from_moved(t: Tensor, perm: &[usize]) -> Result<Tensor> {
    let l = t.layout().permute(perm)?;
    t.view(l).contiguous()
}

fn gather_values<T: Ordered>(x: &Tensor, axis: usize, order: &[i64], k: usize) -> Result<Tensor> {
    let (moved, perm) = moved_shape(x.shape(), axis, k);
    let mut mask: SmallVec<[bool; 6]> = SmallVec::from_elem(false, x.ndim());
    mask[axis] = true;
    let starts = kept_starts(x, &mask);
    let stride = x.strides()[axis];
    let src = x.storage.as_slice::<T>();
    let t = Tensor::build::<T>(&moved, |out| {
        if k == 0 {
            return;
        }
        for ((dst, pos), &st) in out.chunks_mut(k).zip(order.chunks(k)).zip(&starts) {
            for (d, &p) in dst.iter_mut().zip(pos) {
                *d = src[(st + p as isize * stride) as usize];
            }
        }
    })?;
    from_moved(t, &perm)
}

fn indices(x: &Tensor, axis: usize, order: Vec<i64>, k: usize) -> Result<Tensor> {
    let (moved, perm) = moved_shape(x.shape(), axis, k);
    let t = Tensor::build::<i64>(&moved, |out| out.copy_from_slice(&order))?;
    from_moved(t, &perm)
}

/// `x` sorted along `axis` (negative counts from the end), ascending unless `descending`;
/// stable (the `stable` flag is accepted for the Array API and always honoured). Same dtype.
pub fn sort(x: &Tensor, axis: i64, descending: bool, _stable: bool) -> Result<Tensor> {
    let ax = normalize_axis(axis, x.ndim())?;
    let n = x.shape()[ax];
    with_dtype!(x.dtype(), T => {
        let order = lane_order::<T>(x, ax, descending, n);
        gather_values::<T>(x, ax, &order, n)
    })
}

/// The int64 positions along `axis` that sort `x` (stable, NaN as the largest value).
pub fn argsort(x: &Tensor, axis: i64, descending: bool, _stable: bool) -> Result<Tensor> {
    let ax = normalize_axis(axis, x.ndim())?;
    let n = x.shape()[ax];
    let order = with_dtype!(x.dtype(), T => lane_order::<T>(x, ax, descending, n));
    indices(x, ax, order, n)
}

/// The `k` largest (or smallest) elements along `axis` and their int64 positions, as torch's
/// topk: NaN counts as the largest value; results are in sorted order (largest first when
/// `largest`), equal values by position. `sorted` false is accepted and gives the same order.
/// `k` outside 0..=size of the axis is InvalidArgument.
pub fn topk(x: &Tensor, k: i64, axis: i64, largest: bool, _sorted: bool) -> Result<(Tensor, Tensor)> {
    let ax = normalize_axis(axis, x.ndim())?;
    let n = x.shape()[ax];
    if k < 0 || k as u64 > n as u64 {
        return Err(Error::invalid(format!("k {k} is out of range for an axis of size {n}")));
    }
    let k = k as usize;
    with_dtype!(x.dtype(), T => {
        let order = lane_order::<T>(x, ax, largest, k);
        let values = gather_values::<T>(x, ax, &order, k)?;
        Ok((values, indices(x, ax, order, k)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_nan_last_and_is_stable() {
        let x = Tensor::build::<f64>(&[5], |o| o.copy_from_slice(&[f64::NAN, 1.0, -1.0, f64::NAN, 1.0])).unwrap();
        let s = sort(&x, 0, false, true).unwrap().to_vec::<f64>();
        assert_eq!(&s[..3], &[-1.0, 1.0, 1.0]);
        assert!(s[3].is_nan() && s[4].is_nan());
        assert_eq!(argsort(&x, 0, false, true).unwrap().to_vec::<i64>(), vec![2, 1, 4, 0, 3]);
        assert_eq!(argsort(&x, 0, true, true).unwrap().to_vec::<i64>(), vec![0, 3, 1, 4, 2]);
        let (v, i) = topk(&x, 2, 0, false, true).unwrap();
        assert_eq!(v.to_vec::<f64>(), vec![-1.0, 1.0]);
        assert_eq!(i.to_vec::<i64>(), vec![2, 1]);
    }

    #[test]
    fn sorts_along_a_strided_axis_of_a_broadcast_view() {
        // A (3,) vector broadcast to (2, 3) (stride 0 on dim 0), sorted along dim 1 and dim 0.
        let v = Tensor::build::<i32>(&[3], |o| o.copy_from_slice(&[3, 1, 2])).unwrap();
        let b = v.view(v.layout().broadcast_to(&[2, 3]).unwrap());
        assert_eq!(sort(&b, 1, false, true).unwrap().to_vec::<i32>(), vec![1, 2, 3, 1, 2, 3]);
        assert_eq!(argsort(&b, 0, false, true).unwrap().to_vec::<i64>(), vec![0, 0, 0, 1, 1, 1]);
    }
}
