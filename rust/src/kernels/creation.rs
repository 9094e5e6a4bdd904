//! Creation kernels: constants (full, zeros, ones, empty), ranges (arange, linspace) and eye.
//! Values follow NumPy's own formulas so results match it bit for bit (see each function).

use super::elementwise::arith::Arith;
use crate::dtype::{scalar_from_f64, CastTo, DType, Element};
use crate::error::{Error, Result};
use crate::runtime::threads::{for_chunks, PARALLEL_MIN};
use crate::tensor::Tensor;
use crate::with_dtype;

/// A new tensor of `shape` with every element `value`, filled across the team.
pub fn filled<T: Element>(shape: &[usize], value: T) -> Result<Tensor> {
    Tensor::build::<T>(shape, |out| for_chunks(out, PARALLEL_MIN, |_, c| c.fill(value)))
}

/// `value` converted to `dtype`; a value the dtype cannot hold (3e9 as int32, NaN as int64) is
/// an InvalidArgument error rather than a silently saturated number.
pub fn full(dtype: DType, shape: &[usize], value: f64) -> Result<Tensor> {
    with_dtype!(dtype, T => filled::<T>(shape, scalar_from_f64::<T>(value)?))
}

pub fn zeros(dtype: DType, shape: &[usize]) -> Result<Tensor> {
    Tensor::zeros(dtype, shape)
}

pub fn ones(dtype: DType, shape: &[usize]) -> Result<Tensor> {
    full(dtype, shape, 1.0)
}

/// A tensor whose contents are unspecified (zeros today: memory is never handed out unwritten).
pub fn empty(dtype: DType, shape: &[usize]) -> Result<Tensor> {
    Tensor::zeros(dtype, shape)
}


/// Fills `out[i] = f(i)`, in parallel for long outputs (the values do not depend on the split).
fn fill_indexed<T: Element>(out: &mut [T], f: impl Fn(usize) -> T + Sync) {
    crate::runtime::threads::for_chunks(out, PARALLEL_MIN, |base, chunk| {
        for (j, o) in chunk.iter_mut().enumerate() {
            *o = f(base + j);
        }
    });
}

/// The inclusive range of an integer dtype (bool is 0..=1).
pub(super) fn int_bounds(dtype: DType) -> (i128, i128) {
    match dtype {
        DType::I8 => (i8::MIN as i128, i8::MAX as i128),
        DType::I16 => (i16::MIN as i128, i16::MAX as i128),
        DType::I32 => (i32::MIN as i128, i32::MAX as i128),
        DType::I64 => (i64::MIN as i128, i64::MAX as i128),
        DType::U8 => (0, u8::MAX as i128),
        DType::Bool => (0, 1),
        DType::F32 | DType::F64 => (i128::MIN, i128::MAX),
    }
}

fn length_from(n: i128, what: impl Fn() -> String) -> Result<usize> {
    if n <= 0 {
        return Ok(0);
    }
    usize::try_from(n)
        .ok()
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| Error::invalid(format!("{} has {n} elements, more than fit in memory", what())))
}

/// NumPy's arange fill for a float dtype: element 0 is `a0`, element 1 is `a1` (both converted
/// from the exact start and start + step), and element i >= 2 is `a0 + i * (a1 - a0)` computed
/// in the dtype, exactly as numpy's `@TYPE@_fill`.
fn arange_float<T: Arith>(n: usize, a0: T, a1: T) -> Result<Tensor>
where
    i64: CastTo<T>,
{
    let delta = a1.sub(a0);
    Tensor::build::<T>(&[n], |out| {
        fill_indexed(out, |i| match i {
            0 => a0,
            1 => a1,
            _ => a0.add((i as i64).cast().mul(delta)),
        })
    })
}

/// Integer arange from exact values: element i is `a0 + i * delta`. The caller has checked that
/// every element fits in the dtype.
fn arange_int(dtype: DType, n: usize, a0: i128, delta: i128) -> Result<Tensor> {
    let (lo, hi) = int_bounds(dtype);
    let last = a0 + (n.max(1) as i128 - 1) * delta;
    if n > 0 && (a0 < lo || a0 > hi || last < lo || last > hi) {
        return Err(Error::invalid(format!(
            "arange values from {a0} to {last} do not fit in {}",
            dtype.name()
        )));
    }
    let (a0, delta) = (a0 as i64, delta as i64);
    with_dtype!(dtype, T => int_fill::<T>(n, a0, delta))
}

fn int_fill<T: Element>(n: usize, a0: i64, delta: i64) -> Result<Tensor>
where
    i64: CastTo<T>,
{
    Tensor::build::<T>(&[n], |out| fill_indexed(out, |i| a0.wrapping_add((i as i64).wrapping_mul(delta)).cast()))
}

fn no_bool_arange(dtype: DType) -> Result<()> {
    if dtype == DType::Bool {
        return Err(Error::dtype("arange does not support dtype bool"));
    }
    Ok(())
}

/// `arange(start, stop, step)` from floats, with NumPy's semantics: length
/// `ceil((stop - start) / step)` (0 when negative; 1 when the ratio underflows to +0 from a
/// nonzero span, as NumPy), float elements as numpy's fill (see
/// `arange_float`). For an integer dtype the first two values are truncated toward zero and the
/// rest continue with their difference, as NumPy does; values outside the dtype are an error.
pub fn arange_f64(start: f64, stop: f64, step: f64, dtype: DType) -> Result<Tensor> {
    no_bool_arange(dtype)?;
    let what = || format!("arange({start}, {stop}, {step})");
    if step == 0.0 {
        return Err(Error::invalid(format!("{}: step must not be zero", what())));
    }
    let delta = stop - start;
    let ratio = delta / step;
    // NumPy's underflow and divide-by-inf rule: a zero ratio from a nonzero span is one element
    // (or none when the ratio is -0).
    let len = if ratio == 0.0 && delta != 0.0 {
        if ratio.is_sign_negative() {
            0.0
        } else {
            1.0
        }
    } else {
        ratio.ceil()
    };
    if len.is_nan() || len.is_infinite() {
        return Err(Error::invalid(format!("{}: cannot compute the length (not finite)", what())));
    }
    if len > isize::MAX as f64 {
        return Err(Error::invalid(format!("{} has {len} elements, more than fit in memory", what())));
    }
    let n = length_from(len as i128, what)?;
    let next = start + step;
    match dtype {
        DType::F32 => arange_float::<f32>(n, start as f32, next as f32),
        DType::F64 => arange_float::<f64>(n, start, next),
        _ => {
            let (lo, hi) = int_bounds(dtype);
            let conv = |v: f64| -> Result<i128> {
                let t = v.trunc();
                if !t.is_finite() || t < lo as f64 || t > hi as f64 {
                    return Err(Error::invalid(format!("{}: value {v} does not fit in {}", what(), dtype.name())));
                }
                Ok(t as i128)
            };
            if n == 0 {
                return arange_int(dtype, 0, 0, 0);
            }
            let a0 = conv(start)?;
            let delta = if n > 1 { conv(next)? - a0 } else { 0 };
            arange_int(dtype, n, a0, delta)
        }
    }
}

/// `arange(start, stop, step)` from exact integers: length `ceil((stop - start) / step)` computed
/// exactly. Integer dtypes hold `start + i * step` exactly (values outside the dtype are an
/// error); float dtypes follow NumPy's float fill from start and start + step.
pub fn arange_i64(start: i64, stop: i64, step: i64, dtype: DType) -> Result<Tensor> {
    no_bool_arange(dtype)?;
    let what = || format!("arange({start}, {stop}, {step})");
    if step == 0 {
        return Err(Error::invalid(format!("{}: step must not be zero", what())));
    }
    let (s, e, d) = (start as i128, stop as i128, step as i128);
    let span = e - s;
    // Ceiling division that rounds toward +inf for either sign of step.
    let len = if (span > 0) == (d > 0) && span != 0 { (span + d - d.signum()) / d } else { 0 };
    let n = length_from(len, what)?;
    match dtype {
        DType::F32 => arange_float::<f32>(n, s as f64 as f32, (s + d) as f64 as f32),
        DType::F64 => arange_float::<f64>(n, s as f64, (s + d) as f64),
        _ => arange_int(dtype, n, s, d),
    }
}

/// NumPy's `linspace` formula, in float64: with `div = num - 1` (endpoint) or `num`,
/// `step = (stop - start) / div` and element i is `i * step + start`; when step is 0 (denormal
/// spans) `i / div * (stop - start) + start`; when `div` is 0, `i * (stop - start) + start`; with
/// endpoint and num > 1 the last element is exactly `stop`. Then converted to `dtype`: float32
/// rounds; integer dtypes floor first (values that do not fit are an error); bool is `!= 0`.
/// Identical to `numpy.linspace(start, stop, num, endpoint=endpoint, dtype=dtype)` element for
/// element.
pub fn linspace(start: f64, stop: f64, num: i64, endpoint: bool, dtype: DType) -> Result<Tensor> {
    if num < 0 {
        return Err(Error::invalid(format!("number of samples {num} must be non-negative")));
    }
    let n = length_from(num as i128, || format!("linspace with num {num}"))?;
    let div = if endpoint { num - 1 } else { num };
    let delta = stop - start;
    let step = if div > 0 { delta / div as f64 } else { f64::NAN };
    let value = move |i: usize| -> f64 {
        if endpoint && n > 1 && i == n - 1 {
            return stop;
        }
        let fi = i as f64;
        let y = if div > 0 {
            if step == 0.0 {
                fi / div as f64 * delta
            } else {
                fi * step
            }
        } else {
            fi * delta
        };
        y + start
    };
    match dtype {
        DType::F64 => Tensor::build::<f64>(&[n], |out| fill_indexed(out, value)),
        DType::F32 => Tensor::build::<f32>(&[n], |out| fill_indexed(out, |i| value(i) as f32)),
        DType::Bool => Tensor::build::<bool>(&[n], |out| fill_indexed(out, |i| value(i) != 0.0)),
        _ => {
            let (lo, hi) = int_bounds(dtype);
            for i in [0, n.saturating_sub(1)].into_iter().take(n.min(2)) {
                let v = value(i).floor();
                if !(v.is_finite() && v >= lo as f64 && v <= hi as f64) {
                    return Err(Error::invalid(format!(
                        "linspace({start}, {stop}, {num}) value {} does not fit in {}",
                        value(i),
                        dtype.name()
                    )));
                }
            }
            with_dtype!(dtype, T => linspace_int::<T>(n, &value))
        }
    }
}

fn linspace_int<T: Element>(n: usize, value: &(impl Fn(usize) -> f64 + Sync)) -> Result<Tensor>
where
    f64: CastTo<T>,
{
    Tensor::build::<T>(&[n], |out| fill_indexed(out, |i| value(i).floor().cast()))
}

/// An `n_rows` x `n_cols` matrix with ones on diagonal `k` (0 main, > 0 above, < 0 below).
pub fn eye(n_rows: usize, n_cols: usize, k: i64, dtype: DType) -> Result<Tensor> {
    with_dtype!(dtype, T => Tensor::build::<T>(&[n_rows, n_cols], |out| {
        out.fill(T::zero());
        // Row r has its one at column r + k when that is inside the matrix.
        for r in 0..n_rows {
            let c = r as i128 + k as i128;
            if c >= 0 && c < n_cols as i128 {
                out[r * n_cols + c as usize] = T::one();
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arange_lengths_and_values() {
        assert_eq!(arange_i64(0, 5, 1, DType::I64).unwrap().to_vec::<i64>(), vec![0, 1, 2, 3, 4]);
        assert_eq!(arange_i64(5, 0, -2, DType::I32).unwrap().to_vec::<i32>(), vec![5, 3, 1]);
        assert_eq!(arange_i64(0, 0, 1, DType::I64).unwrap().numel(), 0);
        assert_eq!(arange_i64(1, 0, 1, DType::I64).unwrap().numel(), 0);
        assert_eq!(arange_i64(i64::MIN, i64::MAX, i64::MAX, DType::I64).unwrap().to_vec::<i64>(), vec![i64::MIN, -1, i64::MAX - 1]);
        assert!(arange_i64(0, 300, 1, DType::U8).is_err());
        assert!(arange_i64(0, 3, 0, DType::I64).is_err());
        assert!(arange_i64(0, 3, 1, DType::Bool).is_err());
        assert_eq!(arange_f64(0.5, 5.0, 1.5, DType::I64).unwrap().to_vec::<i64>(), vec![0, 2, 4]);
        assert_eq!(arange_f64(0.0, 1.0, 0.25, DType::F64).unwrap().to_vec::<f64>(), vec![0.0, 0.25, 0.5, 0.75]);
        assert!(arange_f64(0.0, f64::INFINITY, 1.0, DType::F64).is_err());
        assert!(arange_f64(0.0, 1.0, 0.0, DType::F64).is_err());
    }

    #[test]
    fn linspace_endpoints() {
        let v = linspace(0.0, 1.0, 5, true, DType::F64).unwrap().to_vec::<f64>();
        assert_eq!(v, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(linspace(2.0, 3.0, 1, true, DType::F64).unwrap().to_vec::<f64>(), vec![2.0]);
        assert_eq!(linspace(0.0, 1.0, 0, true, DType::F64).unwrap().numel(), 0);
        assert!(linspace(0.0, 1.0, -1, true, DType::F64).is_err());
    }

    #[test]
    fn eye_puts_ones_on_diagonal_k() {
        let e = eye(2, 3, 1, DType::I32).unwrap().to_vec::<i32>();
        assert_eq!(e, vec![0, 1, 0, 0, 0, 1]);
    }
}
