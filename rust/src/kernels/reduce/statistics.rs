//! Reductions beyond `sum`, with NumPy's dtypes and edge cases: prod, mean, var, std, max, min,
//! argmax, argmin, all, any, cumulative_sum and logsumexp. The fold-shaped ones reuse
//! `reduce::reduce_fold` (kept dims walked, reduced block folded per output).

use crate::kernels::elementwise::arith::Arith;
use crate::kernels::elementwise::binary::map2;
use super::{finish, kept_starts, reduce_fold, reduce_mask, reduced_count, sum, Fold};
use crate::dtype::{DType, Element};
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{contiguous_strides, normalize_axis, Dims, Layout, Strides, Walk};
use crate::tensor::Tensor;
use crate::with_dtype;

// -- element traits ---------------------------------------------------------------------------

/// Ordering with NumPy's NaN rule: NaN propagates through max/min and wins argmax/argmin.
pub trait Ordered: Element + PartialOrd {
    /// The smallest value (identity of max).
    const LOWEST: Self;
    /// The largest value (identity of min).
    const HIGHEST: Self;
    fn is_nan(self) -> bool;
}

macro_rules! ordered_int {
    ($($t:ty),*) => { $(
        impl Ordered for $t {
            const LOWEST: Self = <$t>::MIN;
            const HIGHEST: Self = <$t>::MAX;
            #[inline(always)] fn is_nan(self) -> bool { false }
        }
    )* };
}
ordered_int!(i8, i16, i32, i64, u8);
impl Ordered for bool {
    const LOWEST: Self = false;
    const HIGHEST: Self = true;
    #[inline(always)]
    fn is_nan(self) -> bool {
        false
    }
}
impl Ordered for f32 {
    const LOWEST: Self = f32::NEG_INFINITY;
    const HIGHEST: Self = f32::INFINITY;
    #[inline(always)]
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
}
impl Ordered for f64 {
    const LOWEST: Self = f64::NEG_INFINITY;
    const HIGHEST: Self = f64::INFINITY;
    #[inline(always)]
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
}

/// The float operations the float-valued reductions need.
pub trait Real: Arith + Ordered {
    fn from_f64(v: f64) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn sqrt(self) -> Self;
    fn is_finite(self) -> bool;
}
macro_rules! real {
    ($($t:ty),*) => { $(
        impl Real for $t {
            #[inline(always)] fn from_f64(v: f64) -> Self { v as $t }
            #[inline(always)] fn exp(self) -> Self { <$t>::exp(self) }
            #[inline(always)] fn ln(self) -> Self { <$t>::ln(self) }
            #[inline(always)] fn sqrt(self) -> Self { <$t>::sqrt(self) }
            #[inline(always)] fn is_finite(self) -> bool { <$t>::is_finite(self) }
        }
    )* };
}
real!(f32, f64);

// -- folds ------------------------------------------------------------------------------------

struct ProdFold;
impl<T: Arith> Fold<T> for ProdFold {
    fn init(&self) -> T {
        T::one()
    }
    #[inline(always)]
    fn step(&self, acc: T, x: T) -> T {
        acc.mul(x)
    }
}

/// NumPy's `maximum`: NaN propagates; on ties (0.0 and -0.0) the later value wins.
struct MaxFold;
impl<T: Ordered> Fold<T> for MaxFold {
    fn init(&self) -> T {
        T::LOWEST
    }
    #[inline(always)]
    fn step(&self, acc: T, x: T) -> T {
        if acc > x || acc.is_nan() {
            acc
        } else {
            x
        }
    }
}

/// NumPy's `minimum`: NaN propagates; on ties (0.0 and -0.0) the later value wins.
struct MinFold;
impl<T: Ordered> Fold<T> for MinFold {
    fn init(&self) -> T {
        T::HIGHEST
    }
    #[inline(always)]
    fn step(&self, acc: T, x: T) -> T {
        if acc < x || acc.is_nan() {
            acc
        } else {
            x
        }
    }
}

fn fold_op<F>(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, dt: DType, f: F) -> Result<Tensor>
where
    F: Fold<f32> + Fold<f64> + Fold<i8> + Fold<i16> + Fold<i32> + Fold<i64> + Fold<u8> + Fold<bool>,
{
    let mask = reduce_mask(axes, t.ndim())?;
    let x = t.cast(dt)?;
    let out = with_dtype!(dt, T => reduce_fold::<T, F>(&x, &mask, &f)?);
    Ok(finish(out, t.shape(), &mask, keepdims))
}

/// Product over `axes` (None: all). Dtypes as `sum`: bool and integers multiply as int64
/// (uint8 too: there is no uint64), floats keep their dtype. The product of nothing is 1.
pub fn prod(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    fold_op(t, axes, keepdims, t.dtype().sum_dtype(), ProdFold)
}

fn check_nonempty(name: &str, t: &Tensor, mask: &[bool]) -> Result<()> {
    if reduced_count(t.shape(), mask) == 0 && mask.iter().any(|&m| m) {
        return Err(Error::shape(format!(
            "{name} of an empty axis: tensor of shape {} has no elements along the reduced axes",
            fmt_shape(t.shape())
        )));
    }
    Ok(())
}

/// Largest element over `axes`, keeping the dtype. NaN propagates. Reducing an empty axis is a
/// Shape error (NumPy's ValueError: maximum has no identity).
pub fn max(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    check_nonempty("max", t, &reduce_mask(axes, t.ndim())?)?;
    fold_op(t, axes, keepdims, t.dtype(), MaxFold)
}

/// Smallest element over `axes`, keeping the dtype. NaN propagates; empty axis: Shape error.
pub fn min(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    check_nonempty("min", t, &reduce_mask(axes, t.ndim())?)?;
    fold_op(t, axes, keepdims, t.dtype(), MinFold)
}

/// True where every element over `axes` is nonzero (NaN counts as nonzero). True for empty.
pub fn all(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    fold_op(t, axes, keepdims, DType::Bool, MinFold)
}

/// True where any element over `axes` is nonzero (NaN counts as nonzero). False for empty.
pub fn any(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    fold_op(t, axes, keepdims, DType::Bool, MaxFold)
}

// -- float-valued reductions ------------------------------------------------------------------

/// Applies `f` to every element of a float tensor (a contiguous copy).
fn map1<T: Real>(x: &Tensor, f: impl Fn(T) -> T) -> Result<Tensor> {
    let c = x.contiguous()?;
    let s = c.contiguous_slice::<T>();
    Tensor::build::<T>(x.shape(), |out| out.iter_mut().zip(s).for_each(|(o, &v)| *o = f(v)))
}

fn float_dtype(name: &str, dt: DType, allow_bool: bool) -> Result<DType> {
    if dt == DType::Bool && !allow_bool {
        return Err(Error::dtype(format!("{name} is not defined for bool tensors")));
    }
    Ok(dt.div_dtype())
}

/// Arithmetic mean over `axes`. Integers and bool average as float64, floats keep their dtype
/// (summed pairwise, then divided). The mean of nothing is NaN (NumPy warns and gives nan).
pub fn mean(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let mask = reduce_mask(axes, t.ndim())?;
    let dt = float_dtype("mean", t.dtype(), true)?;
    let x = t.cast(dt)?;
    let n = reduced_count(t.shape(), &mask) as f64;
    let s = sum(&x, axes, keepdims)?;
    match dt {
        DType::F32 => map1::<f32>(&s, |v| v / n as f32),
        _ => map1::<f64>(&s, |v| v / n),
    }
}

/// Variance over `axes` with `correction` (NumPy's `ddof`): the sum of squared deviations from
/// the mean divided by `max(N - correction, 0)`, so correction >= N gives inf (or NaN when the
/// sum is 0), as NumPy. Integers and bool give float64. `correction` must be finite and >= 0.
pub fn var(t: &Tensor, axes: Option<&[i64]>, correction: f64, keepdims: bool) -> Result<Tensor> {
    if !(correction.is_finite() && correction >= 0.0) {
        return Err(Error::invalid(format!("correction must be a finite number >= 0, got {correction}")));
    }
    let mask = reduce_mask(axes, t.ndim())?;
    let dt = float_dtype("var", t.dtype(), true)?;
    let x = t.cast(dt)?;
    let n = reduced_count(t.shape(), &mask);
    let m = mean(&x, axes, true)?;
    let divisor = (n as f64 - correction).max(0.0);
    match dt {
        DType::F32 => var_typed::<f32>(&x, &m, axes, keepdims, divisor),
        _ => var_typed::<f64>(&x, &m, axes, keepdims, divisor),
    }
}

fn var_typed<T: Real>(x: &Tensor, m: &Tensor, axes: Option<&[i64]>, keepdims: bool, divisor: f64) -> Result<Tensor> {
    let sq = map2::<T, T>(x, m, x.shape(), |a, b| {
        let d = a.sub(b);
        d.mul(d)
    })?;
    let s = sum(&sq, axes, keepdims)?;
    let d = T::from_f64(divisor);
    map1::<T>(&s, |v| v.div(d))
}

/// Standard deviation: the square root of `var` with the same arguments.
pub fn std(t: &Tensor, axes: Option<&[i64]>, correction: f64, keepdims: bool) -> Result<Tensor> {
    let v = var(t, axes, correction, keepdims)?;
    match v.dtype() {
        DType::F32 => map1::<f32>(&v, |x| x.sqrt()),
        _ => map1::<f64>(&v, |x| x.sqrt()),
    }
}

/// `log(sum(exp(x)))` over `axes`, computed stably as `m + log(sum(exp(x - m)))` with `m` the
/// max (replaced by 0 where it is not finite, as SciPy). Floats keep their dtype; integers follow
/// the elementwise float rule of exp and softmax (float32 for int8, int16 and uint8, float64 for
/// int32 and int64); bool is a DType error. Over no elements it is -inf. The arithmetic is float64
/// throughout, so a float32 result is accurate to its last bit even next to 0.
pub fn logsumexp(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let mask = reduce_mask(axes, t.ndim())?;
    if t.dtype() == DType::Bool {
        return Err(Error::dtype("logsumexp is not defined for bool tensors".to_string()));
    }
    // Computed in float64 whatever the result dtype: when the result is near 0 (the max term
    // dominates, s = 1 + tiny) a float32 `log(s)` loses the tiny part to s's rounding and is
    // off by up to 1e-4 relative; through float64 the float32 result is correctly rounded.
    let r = lse_typed::<f64>(&t.cast(DType::F64)?, &mask, axes, keepdims)?;
    r.cast(t.dtype().float_dtype())
}

fn lse_typed<T: Real>(x: &Tensor, mask: &[bool], axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let m = if reduced_count(x.shape(), mask) == 0 {
        let shape: Dims = x.shape().iter().zip(mask).map(|(&d, &r)| if r { 1 } else { d }).collect();
        crate::kernels::creation::filled::<T>(&shape, T::zero())?
    } else {
        let m = reduce_fold::<T, _>(x, mask, &MaxFold)?;
        map1::<T>(&m, |v| if v.is_finite() { v } else { T::zero() })?
    };
    let e = map2::<T, T>(x, &m, x.shape(), |a, b| a.sub(b).exp())?;
    let s = sum(&e, axes, true)?;
    let r = map2::<T, T>(&s, &m, s.shape(), |s, m| s.ln().add(m))?;
    Ok(finish(r, x.shape(), mask, keepdims))
}

// -- argmax / argmin --------------------------------------------------------------------------

/// Index of the largest element over `axes` (None: the flattened tensor); with several axes the
/// index counts through the reduced dims in row-major order. The first maximum wins; a NaN is
/// larger than everything (the first NaN's index). int64 result. Empty axis: Shape error.
pub fn argmax(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    arg_reduce("argmax", t, axes, keepdims, true)
}

/// Index of the smallest element over `axes`; as `argmax` (first minimum, first NaN wins).
pub fn argmin(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    arg_reduce("argmin", t, axes, keepdims, false)
}

fn arg_reduce(name: &str, t: &Tensor, axes: Option<&[i64]>, keepdims: bool, largest: bool) -> Result<Tensor> {
    let mask = reduce_mask(axes, t.ndim())?;
    check_nonempty(name, t, &mask)?;
    let out = with_dtype!(t.dtype(), T => arg_typed::<T>(t, &mask, largest)?);
    Ok(finish(out, t.shape(), &mask, keepdims))
}

fn arg_typed<T: Ordered>(x: &Tensor, mask: &[bool], largest: bool) -> Result<Tensor> {
    let shape = x.shape();
    let out_shape: Dims = shape.iter().zip(mask).map(|(&d, &m)| if m { 1 } else { d }).collect();
    let red: Vec<usize> = (0..shape.len()).filter(|&i| mask[i]).collect();
    let red_shape: Dims = red.iter().map(|&i| shape[i]).collect();
    let red_strides: Strides = red.iter().map(|&i| x.strides()[i]).collect();
    let red_walk = Walk::new(&red_shape, [&red_strides]);
    let inner: usize = red_shape.iter().product();
    let src = x.storage.as_slice::<T>();
    let starts = kept_starts(x, mask);
    let better = |best: T, v: T| -> bool {
        if best.is_nan() {
            false
        } else if v.is_nan() {
            true
        } else if largest {
            v > best
        } else {
            v < best
        }
    };
    let one = |start: isize| -> i64 {
        let mut best = src[start as usize];
        let mut best_i = 0usize;
        let mut j = 0usize;
        red_walk.rows([start], |[o], n, [s]| {
            for i in 0..n as isize {
                let v = src[(o + i * s) as usize];
                if better(best, v) {
                    best = v;
                    best_i = j;
                }
                j += 1;
            }
        });
        best_i as i64
    };
    Tensor::build::<i64>(&out_shape, |out| {
        if inner == 0 {
            out.fill(0);
            return;
        }
        crate::runtime::threads::for_rows(out, 1, inner, |i, o| o[0] = one(starts[i]));
    })
}

// -- cumulative_sum ---------------------------------------------------------------------------

/// Running sum along `axis` (None: only for 0-d and 1-D tensors; a 0-d tensor gives shape [1]
/// as NumPy). `dtype` None: sum's rules (bool and integers accumulate as int64, floats keep
/// theirs); a given dtype casts the input to it first. `include_initial` prepends a zero, so
/// the axis grows by one. Floats accumulate sequentially (as NumPy's cumsum).
pub fn cumulative_sum(t: &Tensor, axis: Option<i64>, dtype: Option<DType>, include_initial: bool) -> Result<Tensor> {
    let x = match axis {
        None if t.ndim() <= 1 => {
            if t.ndim() == 0 {
                t.view(Layout { shape: Dims::from_slice(&[1]), strides: Strides::from_slice(&[0]), offset: t.layout().offset })
            } else {
                t.clone()
            }
        }
        None => {
            return Err(Error::invalid(format!(
                "axis must be given for a tensor of dimension {} (shape {})",
                t.ndim(),
                fmt_shape(t.shape())
            )))
        }
        Some(_) => t.clone(),
    };
    let ax = match axis {
        None => 0,
        Some(a) => normalize_axis(a, x.ndim())?,
    };
    let dt = dtype.unwrap_or(t.dtype().sum_dtype());
    let x = x.cast(dt)?;
    with_dtype!(dt, T => cumsum_typed::<T>(&x, ax, include_initial))
}

fn cumsum_typed<T: Arith>(x: &Tensor, ax: usize, include_initial: bool) -> Result<Tensor> {
    let mut out_shape: Dims = x.shape().into();
    let n = x.shape()[ax];
    out_shape[ax] = n + include_initial as usize;
    let out_strides = contiguous_strides(&out_shape);
    let mut kept_shape: Dims = x.shape().into();
    kept_shape[ax] = 1;
    let walk = Walk::new(&kept_shape, [x.strides(), &out_strides]);
    let (s_in, s_out) = (x.strides()[ax], out_strides[ax]);
    let src = x.storage.as_slice::<T>();
    Tensor::build::<T>(&out_shape, |out| {
        if out.is_empty() {
            return;
        }
        walk.rows([x.layout().offset as isize, 0], |[oi, oo], len, [di, d_o]| {
            for l in 0..len as isize {
                let (mut pi, mut po) = (oi + l * di, oo + l * d_o);
                let mut acc = T::zero();
                if include_initial {
                    out[po as usize] = acc;
                    po += s_out;
                }
                for _ in 0..n {
                    acc = acc.add(src[pi as usize]);
                    out[po as usize] = acc;
                    pi += s_in;
                    po += s_out;
                }
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t64(shape: &[usize], v: &[f64]) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    #[test]
    fn max_propagates_nan_and_argmax_finds_first_nan() {
        let t = t64(&[4], &[1.0, f64::NAN, 3.0, f64::NAN]);
        assert!(max(&t, None, false).unwrap().to_vec::<f64>()[0].is_nan());
        assert_eq!(argmax(&t, None, false).unwrap().to_vec::<i64>(), vec![1]);
        assert_eq!(argmin(&t, None, false).unwrap().to_vec::<i64>(), vec![1]);
    }

    #[test]
    fn signed_zero_ties_take_the_later_value() {
        let t = t64(&[2], &[0.0, -0.0]);
        assert!(max(&t, None, false).unwrap().to_vec::<f64>()[0].is_sign_negative());
        let t = t64(&[2], &[-0.0, 0.0]);
        assert!(min(&t, None, false).unwrap().to_vec::<f64>()[0].is_sign_positive());
    }

    #[test]
    fn broadcast_stride_zero_inputs() {
        // [1, 5, 3] broadcast to (4, 3): every row the same, stride 0 along dim 0.
        let v = t64(&[3], &[1.0, 5.0, 3.0]);
        let b = v.view(v.layout().broadcast_to(&[4, 3]).unwrap());
        assert_eq!(max(&b, Some(&[1]), false).unwrap().to_vec::<f64>(), vec![5.0; 4]);
        assert_eq!(argmax(&b, None, false).unwrap().to_vec::<i64>(), vec![1]);
        assert_eq!(argmin(&b, Some(&[0]), false).unwrap().to_vec::<i64>(), vec![0, 0, 0]);
        assert_eq!(prod(&b, Some(&[0]), false).unwrap().to_vec::<f64>(), vec![1.0, 625.0, 81.0]);
        assert_eq!(mean(&b, None, false).unwrap().to_vec::<f64>(), vec![3.0]);
        let var0 = var(&b, Some(&[0]), 0.0, false).unwrap().to_vec::<f64>();
        assert_eq!(var0, vec![0.0; 3]);
        let c = cumulative_sum(&b, Some(0), None, false).unwrap().to_vec::<f64>();
        assert_eq!(&c[9..], &[4.0, 20.0, 12.0]);
        assert!(all(&b, None, false).unwrap().to_vec::<bool>()[0]);
    }

    #[test]
    fn cumsum_with_initial() {
        let t = t64(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
        let c = cumulative_sum(&t, Some(0), None, true).unwrap();
        assert_eq!(c.shape(), &[3, 2]);
        assert_eq!(c.to_vec::<f64>(), vec![0.0, 0.0, 1.0, 2.0, 4.0, 6.0]);
    }

    #[test]
    fn var_correction_past_count() {
        let t = t64(&[1], &[1.0]);
        assert!(var(&t, None, 1.0, false).unwrap().to_vec::<f64>()[0].is_nan());
        let t = t64(&[2], &[1.0, 2.0]);
        assert_eq!(var(&t, None, 2.0, false).unwrap().to_vec::<f64>()[0], f64::INFINITY);
    }
}
