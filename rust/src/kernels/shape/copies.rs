//! Copies: concat, stack, tile, repeat, roll and pad return new contiguous tensors. NumPy
//! semantics throughout.

use super::views::{expand_dims, reshape};
use crate::dtype::{scalar_from_f64, DType};
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::index::{copy_to_layout, gather_maps};
use crate::layout::{checked_numel, contiguous_strides, normalize_axis, Dims, Layout};
use crate::tensor::Tensor;
use crate::with_dtype;
use smallvec::SmallVec;

/// Joins tensors along an existing `axis` (None: flattens them first). Dtypes promote as
/// NumPy's `result_type`; every dim but `axis` must match.
pub fn concat(ts: &[&Tensor], axis: Option<i64>) -> Result<Tensor> {
    if ts.is_empty() {
        return Err(Error::invalid("need at least one tensor to concatenate"));
    }
    let flat: Vec<Tensor>;
    let (ts, axis): (Vec<&Tensor>, i64) = match axis {
        None => {
            flat = ts.iter().map(|t| reshape(t, &[-1])).collect::<Result<_>>()?;
            (flat.iter().collect(), 0)
        }
        Some(a) => (ts.to_vec(), a),
    };
    let first = ts[0];
    let nd = first.ndim();
    if nd == 0 {
        return Err(Error::shape("zero-dimensional tensors cannot be concatenated along an axis"));
    }
    let ax = normalize_axis(axis, nd)?;
    let mut dt = first.dtype();
    let mut total = 0usize;
    for (i, t) in ts.iter().enumerate() {
        if t.ndim() != nd {
            return Err(Error::shape(format!(
                "all the input tensors must have the same number of dimensions, but tensor 0 has {nd} and tensor {i} has {}",
                t.ndim()
            )));
        }
        for d in 0..nd {
            if d != ax && t.shape()[d] != first.shape()[d] {
                return Err(Error::shape(format!(
                    "all the input tensor dimensions except for the concatenation axis {ax} must match exactly, but tensor 0 has shape {} and tensor {i} has shape {}",
                    fmt_shape(first.shape()),
                    fmt_shape(t.shape())
                )));
            }
        }
        dt = DType::promote(dt, t.dtype());
        total = total.checked_add(t.shape()[ax]).ok_or_else(|| Error::invalid("concatenated size overflows"))?;
    }
    let mut shape: Dims = first.shape().into();
    shape[ax] = total;
    checked_numel(&shape)?;
    let cast: Vec<Tensor> = ts.iter().map(|t| t.cast(dt)).collect::<Result<_>>()?;
    let out_strides = contiguous_strides(&shape);
    with_dtype!(dt, T => Tensor::build::<T>(&shape, |out| {
        let mut at = 0usize;
        for t in &cast {
            if t.numel() > 0 {
                let dst = Layout { shape: t.shape().into(), strides: out_strides.clone(), offset: at * out_strides[ax] as usize };
                copy_to_layout::<T>(t, out, &dst);
            }
            at += t.shape()[ax];
        }
    }))
}

/// Joins same-shape tensors along a new dim at `axis` (which indexes the result).
pub fn stack(ts: &[&Tensor], axis: i64) -> Result<Tensor> {
    if ts.is_empty() {
        return Err(Error::invalid("need at least one tensor to stack"));
    }
    for (i, t) in ts.iter().enumerate() {
        if t.shape() != ts[0].shape() {
            return Err(Error::shape(format!(
                "all input tensors must have the same shape, but tensor 0 has shape {} and tensor {i} has shape {}",
                fmt_shape(ts[0].shape()),
                fmt_shape(t.shape())
            )));
        }
    }
    let expanded: Vec<Tensor> = ts.iter().map(|t| expand_dims(t, &[axis])).collect::<Result<_>>()?;
    concat(&expanded.iter().collect::<Vec<_>>(), Some(axis))
}

/// `numpy.tile`: `t` repeated `reps[d]` times along each dim; a shorter `reps` is padded with
/// leading 1s, a shorter shape with leading size-1 dims.
pub fn tile(t: &Tensor, reps: &[i64]) -> Result<Tensor> {
    if let Some(r) = reps.iter().find(|&&r| r < 0) {
        return Err(Error::invalid(format!("tile: negative repetition {r} in reps {}", fmt_shape(reps))));
    }
    let nd = t.ndim().max(reps.len());
    let x = expand_dims(t, &(0..(nd - t.ndim()) as i64).collect::<Vec<_>>())?;
    let reps: Vec<usize> = std::iter::repeat(1).take(nd - reps.len()).chain(reps.iter().map(|&r| r as usize)).collect();
    let mut shape: Dims = SmallVec::new();
    for (&s, &r) in x.shape().iter().zip(&reps) {
        shape.push(s.checked_mul(r).ok_or_else(|| Error::invalid("tile: size overflows"))?);
    }
    checked_numel(&shape)?;
    let maps: Vec<Vec<usize>> = x.shape().iter().zip(&shape).map(|(&s, &o)| (0..o).map(|j| j % s.max(1)).collect()).collect();
    gather_maps(&x, &maps)
}

/// `numpy.repeat`: each element repeated `repeats[i]` times along `axis` (None: of the
/// flattened tensor). `repeats` has one entry (used for every element) or one per position.
pub fn repeat(t: &Tensor, repeats: &[i64], axis: Option<i64>) -> Result<Tensor> {
    let (x, ax) = match axis {
        None => (reshape(t, &[-1])?, 0usize),
        Some(a) => (t.clone(), normalize_axis(a, t.ndim())?),
    };
    if let Some(r) = repeats.iter().find(|&&r| r < 0) {
        return Err(Error::invalid(format!("repeats may not contain negative values, got {r}")));
    }
    let n = x.shape()[ax];
    if repeats.len() != 1 && repeats.len() != n {
        return Err(Error::shape(format!(
            "repeats of length {} cannot be broadcast to dim {ax} of size {n}",
            repeats.len()
        )));
    }
    let mut map = Vec::new();
    for i in 0..n {
        let r = if repeats.len() == 1 { repeats[0] } else { repeats[i] } as usize;
        if map.len().checked_add(r).map_or(true, |m| m > isize::MAX as usize) {
            return Err(Error::invalid("repeat: size overflows"));
        }
        map.extend(std::iter::repeat(i).take(r));
    }
    let mut maps: Vec<Vec<usize>> = x.shape().iter().map(|&s| (0..s).collect()).collect();
    let mut shape: Dims = x.shape().into();
    shape[ax] = map.len();
    checked_numel(&shape)?;
    maps[ax] = map;
    gather_maps(&x, &maps)
}

/// `numpy.roll`: elements shifted by `shifts[i]` along `axes[i]` (repeated axes add up), wrapping
/// around. `axes` None: the flattened tensor is rolled by the sum of `shifts`.
pub fn roll(t: &Tensor, shifts: &[i64], axes: Option<&[i64]>) -> Result<Tensor> {
    match axes {
        None => {
            let total = shifts.iter().fold(0i128, |a, &s| a + s as i128);
            let flat = reshape(t, &[-1])?;
            let n = flat.shape()[0] as i128;
            let s = if n == 0 { 0 } else { total.rem_euclid(n) as usize };
            let map: Vec<usize> = (0..n as usize).map(|j| (j + n as usize - s) % n as usize).collect();
            let r = gather_maps(&flat, &[map])?;
            Ok(r.view(Layout::contiguous(t.shape())))
        }
        Some(axes) => {
            if axes.len() != shifts.len() {
                return Err(Error::invalid(format!(
                    "roll: {} shifts for {} axes",
                    shifts.len(),
                    axes.len()
                )));
            }
            let mut total = vec![0i128; t.ndim()];
            for (&a, &s) in axes.iter().zip(shifts) {
                total[normalize_axis(a, t.ndim())?] += s as i128;
            }
            let maps: Vec<Vec<usize>> = t
                .shape()
                .iter()
                .zip(&total)
                .map(|(&n, &s)| {
                    let s = if n == 0 { 0 } else { s.rem_euclid(n as i128) as usize };
                    (0..n).map(|j| (j + n - s) % n).collect()
                })
                .collect();
            gather_maps(t, &maps)
        }
    }
}

/// Pad modes, as `numpy.pad`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PadMode {
    Constant,
    Edge,
    Reflect,
    Symmetric,
    Wrap,
}

/// For a dim of size `n` padded (in a mode other than constant) to `o` with `b` before: the
/// input position each output position reads.
pub(crate) fn pad_map(n: usize, o: usize, b: i64, mode: PadMode) -> Vec<usize> {
    let n = n as i128;
    (0..o)
        .map(|j| {
            let i = j as i128 - b as i128;
            (match mode {
                PadMode::Edge => i.clamp(0, n - 1),
                PadMode::Wrap => i.rem_euclid(n),
                PadMode::Reflect => {
                    if n == 1 {
                        0
                    } else {
                        let p = 2 * (n - 1);
                        let m = i.rem_euclid(p);
                        if m < n {
                            m
                        } else {
                            p - m
                        }
                    }
                }
                PadMode::Symmetric => {
                    let m = i.rem_euclid(2 * n);
                    if m < n {
                        m
                    } else {
                        2 * n - 1 - m
                    }
                }
                PadMode::Constant => unreachable!("constant padding reads no input position"),
            }) as usize
        })
        .collect()
}

/// `numpy.pad` with `widths[d] = (before, after)` for each dim.
pub fn pad(t: &Tensor, widths: &[(i64, i64)], mode: PadMode, value: f64) -> Result<Tensor> {
    if widths.len() != t.ndim() {
        return Err(Error::invalid(format!(
            "pad: {} (before, after) pairs for a tensor of dimension {}",
            widths.len(),
            t.ndim()
        )));
    }
    let mut shape: Dims = SmallVec::new();
    for (d, (&n, &(b, a))) in t.shape().iter().zip(widths).enumerate() {
        if b < 0 || a < 0 {
            return Err(Error::invalid(format!("pad: negative width ({b}, {a}) for dim {d}")));
        }
        if n == 0 && (b > 0 || a > 0) && mode != PadMode::Constant {
            return Err(Error::invalid(format!("pad: cannot extend empty dim {d} in a mode other than constant")));
        }
        let total = (n as i128) + (b as i128) + (a as i128);
        if total > isize::MAX as i128 {
            return Err(Error::invalid("pad: size overflows"));
        }
        shape.push(total as usize);
    }
    checked_numel(&shape)?;
    if mode == PadMode::Constant {
        let strides = contiguous_strides(&shape);
        let offset: isize = widths.iter().zip(&strides).map(|(&(b, _), &s)| b as isize * s).sum();
        return with_dtype!(t.dtype(), T => {
            let v = scalar_from_f64::<T>(value)?;
            Tensor::build::<T>(&shape, |out| {
                out.fill(v);
                if t.numel() > 0 {
                    let dst = Layout { shape: t.shape().into(), strides, offset: offset as usize };
                    copy_to_layout::<T>(t, out, &dst);
                }
            })
        });
    }
    let maps: Vec<Vec<usize>> =
        t.shape().iter().zip(&shape).zip(widths).map(|((&n, &o), &(b, _))| pad_map(n, o, b, mode)).collect();
    gather_maps(t, &maps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::shape::views::{flip, split_sections};

    fn arange(shape: &[usize]) -> Tensor {
        Tensor::build::<i64>(shape, |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as i64)).unwrap()
    }

    #[test]
    fn flip_is_a_view_and_walks_backwards() {
        let t = arange(&[2, 3]);
        let f = flip(&t, None).unwrap();
        assert_eq!(f.to_vec::<i64>(), vec![5, 4, 3, 2, 1, 0]);
        assert!(!f.is_contiguous());
        let r = reshape(&f, &[6]).unwrap();
        assert_eq!(r.to_vec::<i64>(), vec![5, 4, 3, 2, 1, 0]);
        let g = flip(&t, Some(&[1])).unwrap();
        assert_eq!(g.to_vec::<i64>(), vec![2, 1, 0, 5, 4, 3]);
    }

    #[test]
    fn concat_and_split_round_trip() {
        let t = arange(&[3, 4]);
        let parts = split_sections(&t, 3, 1, false).unwrap();
        assert_eq!(parts.iter().map(|p| p.shape()[1]).collect::<Vec<_>>(), vec![2, 1, 1]);
        let back = concat(&parts.iter().collect::<Vec<_>>(), Some(1)).unwrap();
        assert_eq!(back.to_vec::<i64>(), t.to_vec::<i64>());
    }

    #[test]
    fn pad_reflect_matches_numpy() {
        let t = Tensor::build::<i64>(&[3], |o| o.copy_from_slice(&[1, 2, 3])).unwrap();
        let p = pad(&t, &[(5, 5)], PadMode::Reflect, 0.0).unwrap();
        assert_eq!(p.to_vec::<i64>(), vec![2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
    }
}
