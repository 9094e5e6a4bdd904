//! Elementwise unary ops and their dtype rules (NumPy's, with the Array API's where NumPy has a
//! dtype tenflowers lacks): math functions compute in floating point (float32 for 8/16-bit
//! integers, float64 for 32/64-bit ones; bool is a DtypeError), sign-like ops keep the dtype.

use super::arith::Arith;
use super::float::Float;
use super::vecmath::{vunary_strided, VOp};
use crate::dtype::{DType, Element, Kind};
use crate::error::{Error, Result};
use crate::layout::Walk;
use crate::tensor::Tensor;
use crate::runtime::threads::PARALLEL_MIN;
use crate::with_dtype;

pub use super::table::{ParamOp, UnaryOp, UnaryRule as Rule};

/// Applies `f` to every element of `t` into a new contiguous tensor of `U`.
pub fn map1<T: Element, U: Element>(
    t: &Tensor,
    f: impl Fn(T) -> U + Sync + Send,
) -> Result<Tensor> {
    let src = t.storage.as_slice::<T>();
    let l = t.layout();
    Tensor::build::<U>(t.shape(), |out| {
        let n = out.len();
        if n == 0 {
            return;
        }
        if l.is_contiguous() {
            let x = &src[l.offset..l.offset + n];
            let row = |o: &mut [U], x: &[T]| o.iter_mut().zip(x).for_each(|(o, &v)| *o = f(v));
            crate::runtime::threads::for_chunks(out, PARALLEL_MIN, |i, o| row(o, &x[i..i + o.len()]));
        } else {
            let walk = Walk::new(&l.shape, [&l.strides]);
            let mut pos = 0usize;
            walk.rows([l.offset as isize], |[o], len, [s]| {
                for (i, d) in out[pos..pos + len].iter_mut().enumerate() {
                    *d = f(src[(o + i as isize * s) as usize]);
                }
                pos += len;
            });
        }
    })
}

/// Applies the vector kernel `op` (see `vecmath`) to every element of `t` into a new contiguous
/// tensor. Contiguous inputs run in `PARALLEL_MIN` pieces across the pool; strided ones are
/// gathered row by row into the same kernel, so every layout gives the same bits.
pub fn vmap<F: Float>(t: &Tensor, op: VOp) -> Result<Tensor> {
    let src = t.storage.as_slice::<F>();
    let l = t.layout();
    Tensor::build::<F>(t.shape(), |out| {
        let n = out.len();
        if n == 0 {
            return;
        }
        if l.is_contiguous() {
            let x = &src[l.offset..l.offset + n];
            crate::runtime::threads::for_chunks(out, PARALLEL_MIN, |i, o| F::vunary(op, o, &x[i..i + o.len()]));
        } else {
            let walk = Walk::new(&l.shape, [&l.strides]);
            let mut pos = 0usize;
            walk.rows([l.offset as isize], |[o], len, [s]| {
                vunary_strided(op, &mut out[pos..pos + len], src, o, s);
                pos += len;
            });
        }
    })
}

pub fn unary(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    let dt = t.dtype();
    let kind = dt.kind();
    let unsupported = || {
        Error::dtype(format!(
            "{} is not defined for dtype {}",
            op.name(),
            dt.name()
        ))
    };
    match op.rule() {
        Rule::SameNumeric if kind == Kind::Bool => {
            if op == UnaryOp::Square {
                // NumPy squares bool as int8.
                return unary(op, &t.cast(DType::I8)?);
            }
            Err(unsupported())
        }
        Rule::Float if kind == Kind::Bool => Err(unsupported()),
        Rule::Bitwise if kind == Kind::Float => Err(unsupported()),
        Rule::Float if kind == Kind::Int => unary(op, &t.cast(dt.float_dtype())?),
        Rule::Predicate => with_dtype!(dt, T => predicate::<T>(op, t)),
        _ => match dt {
            DType::F32 => float_op::<f32>(op, t),
            DType::F64 => float_op::<f64>(op, t),
            DType::Bool => bool_op(op, t),
            _ => with_dtype!(dt, T => int_op::<T>(op, t)),
        },
    }
}

/// The integer dtypes as one trait: the ops that keep an integer dtype.
pub trait Int: Arith + Ord {
    fn wneg(self) -> Self;
    fn wabs(self) -> Self;
    fn not(self) -> Self;
    fn signum(self) -> Self;
}

macro_rules! int_impl {
    (signed $($t:ty),*) => { $(
        impl Int for $t {
            #[inline(always)] fn wneg(self) -> Self { self.wrapping_neg() }
            #[inline(always)] fn wabs(self) -> Self { self.wrapping_abs() }
            #[inline(always)] fn not(self) -> Self { !self }
            #[inline(always)] fn signum(self) -> Self { <$t>::signum(self) }
        }
    )* };
    (unsigned $($t:ty),*) => { $(
        impl Int for $t {
            #[inline(always)] fn wneg(self) -> Self { self.wrapping_neg() }
            #[inline(always)] fn wabs(self) -> Self { self }
            #[inline(always)] fn not(self) -> Self { !self }
            #[inline(always)] fn signum(self) -> Self { (self != 0) as $t }
        }
    )* };
}
int_impl!(signed i8, i16, i32, i64);
int_impl!(unsigned u8);

/// Dispatch for integer dtypes only (bool and floats are handled by the caller).
fn int_op<T: Element>(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    macro_rules! go {
        ($($ty:ty),*) => {
            $( if T::DTYPE == <$ty as Element>::DTYPE { return int_kernel::<$ty>(op, t); } )*
        };
    }
    go!(i8, i16, i32, i64, u8);
    unreachable!("int_op called with a non-integer dtype")
}

fn int_kernel<T: Int>(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    use UnaryOp::*;
    match op {
        Negative => map1::<T, T>(t, Int::wneg),
        Positive | Floor | Ceil | Round | Trunc => t.contiguous_copy(),
        Abs => map1::<T, T>(t, Int::wabs),
        Sign => map1::<T, T>(t, Int::signum),
        Square => map1::<T, T>(t, |x| x.mul(x)),
        BitwiseInvert => map1::<T, T>(t, Int::not),
        Relu => map1::<T, T>(t, |x| if x > T::zero() { x } else { T::zero() }),
        _ => unreachable!("{op:?} on integers is routed through floats"),
    }
}

fn bool_op(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    use UnaryOp::*;
    match op {
        Abs | Floor | Ceil | Round | Trunc => t.contiguous_copy(),
        BitwiseInvert => map1::<bool, bool>(t, |x| !x),
        _ => unreachable!("{op:?} on bool is rejected or routed earlier"),
    }
}

fn predicate<T: Element>(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    match T::DTYPE {
        DType::F32 => predicate_float::<f32>(op, t),
        DType::F64 => predicate_float::<f64>(op, t),
        _ => {
            // Integers and bool: never NaN or infinite.
            let zero = T::zero();
            match op {
                UnaryOp::IsNan | UnaryOp::IsInf => map1::<T, bool>(t, |_| false),
                UnaryOp::IsFinite => map1::<T, bool>(t, |_| true),
                _ => map1::<T, bool>(t, move |x| x == zero),
            }
        }
    }
}

fn predicate_float<F: Float>(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    match op {
        UnaryOp::IsNan => map1::<F, bool>(t, Float::is_nan),
        UnaryOp::IsInf => map1::<F, bool>(t, Float::is_infinite),
        UnaryOp::IsFinite => map1::<F, bool>(t, Float::is_finite),
        _ => map1::<F, bool>(t, |x| x == F::zero()),
    }
}

const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

fn float_op<F: Float>(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    use UnaryOp::*;
    let one = F::one();
    let zero = F::zero();
    let half = F::from_f64(0.5);
    match op {
        Negative => map1::<F, F>(t, Float::neg),
        Positive => t.contiguous_copy(),
        Abs => map1::<F, F>(t, Float::abs),
        // NumPy: 1 or -1 by sign, 0 for zeros, NaN for NaN.
        Sign => map1::<F, F>(t, move |x| {
            if x > zero {
                one
            } else if x < zero {
                one.neg()
            } else if x == zero {
                zero
            } else {
                x
            }
        }),
        Square => map1::<F, F>(t, |x| x.mul(x)),
        Exp => vmap::<F>(t, VOp::Exp),
        Expm1 => map1::<F, F>(t, Float::exp_m1),
        Log => vmap::<F>(t, VOp::Log),
        Log1p => map1::<F, F>(t, Float::ln_1p),
        Log2 => map1::<F, F>(t, Float::log2),
        Log10 => map1::<F, F>(t, Float::log10),
        Sqrt => map1::<F, F>(t, Float::sqrt),
        Reciprocal => map1::<F, F>(t, move |x| one.div(x)),
        Sin => map1::<F, F>(t, Float::sin),
        Cos => map1::<F, F>(t, Float::cos),
        Tan => map1::<F, F>(t, Float::tan),
        Asin => map1::<F, F>(t, Float::asin),
        Acos => map1::<F, F>(t, Float::acos),
        Atan => map1::<F, F>(t, Float::atan),
        Sinh => map1::<F, F>(t, Float::sinh),
        Cosh => map1::<F, F>(t, Float::cosh),
        Tanh => vmap::<F>(t, VOp::Tanh),
        Asinh => map1::<F, F>(t, Float::asinh),
        Acosh => map1::<F, F>(t, Float::acosh),
        Atanh => map1::<F, F>(t, Float::atanh),
        Floor => map1::<F, F>(t, Float::floor),
        Ceil => map1::<F, F>(t, Float::ceil),
        Round => map1::<F, F>(t, Float::round_half_even),
        Trunc => map1::<F, F>(t, Float::trunc),
        Erf => vmap::<F>(t, VOp::Erf),
        Sinc => {
            let pi = F::from_f64(std::f64::consts::PI);
            map1::<F, F>(t, move |x| {
                if x == zero {
                    one
                } else {
                    let y = pi.mul(x);
                    y.sin().div(y)
                }
            })
        }
        BitwiseInvert => unreachable!("rejected for floats"),
        // relu keeps NaN (max(x, 0) with NaN propagation, as torch.relu).
        Relu => vmap::<F>(t, VOp::Relu),
        Sigmoid => vmap::<F>(t, VOp::Sigmoid),
        Silu => vmap::<F>(t, VOp::Silu),
        Softplus => map1::<F, F>(t, softplus),
        Mish => map1::<F, F>(t, |x| x.mul(softplus(x).tanh())),
        Gelu => vmap::<F>(t, VOp::Gelu),
        GeluTanh => {
            let c = F::from_f64((2.0 / std::f64::consts::PI).sqrt());
            let k = F::from_f64(0.044_715);
            map1::<F, F>(t, move |x| {
                half.mul(x)
                    .mul(one.add(c.mul(x.add(k.mul(x).mul(x).mul(x))).tanh()))
            })
        }
        Selu => {
            let (a, s) = (F::from_f64(SELU_ALPHA), F::from_f64(SELU_SCALE));
            map1::<F, F>(t, move |x| {
                s.mul(if x > zero { x } else { a.mul(x.exp_m1()) })
            })
        }
        IsNan | IsInf | IsFinite | LogicalNot => unreachable!("predicates are handled apart"),
    }
}

/// 1 / (1 + e^-x) without overflow for large |x|.
#[inline(always)]
pub fn sigmoid<F: Float>(x: F) -> F {
    let one = F::one();
    if x >= F::zero() {
        one.div(one.add(x.neg().exp()))
    } else {
        let e = x.exp();
        e.div(one.add(e))
    }
}

/// log(1 + e^x), stable for large |x| (torch's threshold form is not needed: this is exact).
#[inline(always)]
pub fn softplus<F: Float>(x: F) -> F {
    let zero = F::zero();
    let m = if x > zero { x } else { zero };
    m.add(x.abs().neg().exp().ln_1p())
}

pub fn unary_param(op: ParamOp, t: &Tensor, p: f64) -> Result<Tensor> {
    let dt = t.dtype();
    let name = op.name();
    match dt.kind() {
        Kind::Bool => Err(Error::dtype(format!(
            "{name} is not defined for dtype bool"
        ))),
        Kind::Int => unary_param(op, &t.cast(dt.float_dtype())?, p),
        Kind::Float if dt == DType::F32 => param_kernel::<f32>(op, t, p),
        Kind::Float => param_kernel::<f64>(op, t, p),
    }
}

fn param_kernel<F: Float>(op: ParamOp, t: &Tensor, p: f64) -> Result<Tensor> {
    let zero = F::zero();
    let p = F::from_f64(p);
    match op {
        ParamOp::LeakyRelu => map1::<F, F>(t, move |x| if x < zero { x.mul(p) } else { x }),
        ParamOp::Elu => map1::<F, F>(t, move |x| if x > zero { x } else { p.mul(x.exp_m1()) }),
    }
}
