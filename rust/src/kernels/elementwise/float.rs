//! Floating-point math for f32 and f64 in one trait, so kernels are written once. Functions come
//! from Rust's std (the platform libm) and the `libm` crate (erf), both correctly rounded or within
//! a few ULP; the tests state the tolerance per op against NumPy.

use super::arith::Arith;
use super::vecmath::VecMath;

pub trait Float: Arith + PartialOrd + VecMath + Default + 'static {
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn is_nan(self) -> bool;
    fn is_infinite(self) -> bool;
    fn is_finite(self) -> bool;
    fn exp(self) -> Self;
    fn exp_m1(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn log2(self) -> Self;
    fn log10(self) -> Self;
    fn sqrt(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn asin(self) -> Self;
    fn acos(self) -> Self;
    fn atan(self) -> Self;
    fn sinh(self) -> Self;
    fn cosh(self) -> Self;
    fn tanh(self) -> Self;
    fn asinh(self) -> Self;
    fn acosh(self) -> Self;
    fn atanh(self) -> Self;
    fn floor(self) -> Self;
    fn ceil(self) -> Self;
    fn trunc(self) -> Self;
    fn round_half_even(self) -> Self;
    fn abs(self) -> Self;
    fn neg(self) -> Self;
    fn powf(self, e: Self) -> Self;
    fn atan2(self, o: Self) -> Self;
    fn hypot(self, o: Self) -> Self;
    fn copysign(self, o: Self) -> Self;
    fn fmod(self, o: Self) -> Self;
    fn erf(self) -> Self;
    fn max_value() -> Self;
}

macro_rules! float_impl {
    ($t:ty, $erf:expr, $asinh:expr, $acosh:expr, $atanh:expr) => {
        impl Float for $t {
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline(always)]
            fn is_infinite(self) -> bool {
                <$t>::is_infinite(self)
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            #[inline(always)]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline(always)]
            fn exp_m1(self) -> Self {
                <$t>::exp_m1(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline(always)]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline(always)]
            fn log2(self) -> Self {
                <$t>::log2(self)
            }
            #[inline(always)]
            fn log10(self) -> Self {
                <$t>::log10(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            #[inline(always)]
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            #[inline(always)]
            fn tan(self) -> Self {
                <$t>::tan(self)
            }
            #[inline(always)]
            fn asin(self) -> Self {
                <$t>::asin(self)
            }
            #[inline(always)]
            fn acos(self) -> Self {
                <$t>::acos(self)
            }
            #[inline(always)]
            fn atan(self) -> Self {
                <$t>::atan(self)
            }
            #[inline(always)]
            fn sinh(self) -> Self {
                <$t>::sinh(self)
            }
            #[inline(always)]
            fn cosh(self) -> Self {
                <$t>::cosh(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                <$t>::tanh(self)
            }
            #[inline(always)]
            fn asinh(self) -> Self {
                ($asinh)(self)
            }
            #[inline(always)]
            fn acosh(self) -> Self {
                ($acosh)(self)
            }
            #[inline(always)]
            fn atanh(self) -> Self {
                ($atanh)(self)
            }
            #[inline(always)]
            fn floor(self) -> Self {
                <$t>::floor(self)
            }
            #[inline(always)]
            fn ceil(self) -> Self {
                <$t>::ceil(self)
            }
            #[inline(always)]
            fn trunc(self) -> Self {
                <$t>::trunc(self)
            }
            #[inline(always)]
            fn round_half_even(self) -> Self {
                <$t>::round_ties_even(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                -self
            }
            #[inline(always)]
            fn powf(self, e: Self) -> Self {
                <$t>::powf(self, e)
            }
            #[inline(always)]
            fn atan2(self, o: Self) -> Self {
                <$t>::atan2(self, o)
            }
            #[inline(always)]
            fn hypot(self, o: Self) -> Self {
                <$t>::hypot(self, o)
            }
            #[inline(always)]
            fn copysign(self, o: Self) -> Self {
                <$t>::copysign(self, o)
            }
            #[inline(always)]
            fn fmod(self, o: Self) -> Self {
                self % o
            }
            #[inline(always)]
            fn erf(self) -> Self {
                ($erf)(self)
            }
            #[inline(always)]
            fn max_value() -> Self {
                <$t>::MAX
            }
        }
    };
}
// std implements asinh/acosh/atanh in Rust, overflowing for huge inputs (asinh(MAX) is inf);
// the libm crate's (musl's) are accurate over the whole range. For float32 these and erf go
// through float64 and round once, which keeps them within 1 ULP (musl's float32 atanh is not).
float_impl!(
    f32,
    |x: f32| libm::erf(x as f64) as f32,
    |x: f32| libm::asinh(x as f64) as f32,
    |x: f32| acosh64(x as f64) as f32,
    |x: f32| libm::atanh(x as f64) as f32
);
float_impl!(f64, libm::erf, libm::asinh, acosh64, libm::atanh);

/// musl's acosh assumes its domain; below 1 the answer is NaN.
fn acosh64(x: f64) -> f64 {
    if x < 1.0 {
        f64::NAN
    } else {
        libm::acosh(x)
    }
}

/// NumPy's `npy_divmod`: floor division and the matching remainder (sign of the divisor),
/// with its handling of zeros, infinities and rounding.
pub fn divmod<F: Float>(a: F, b: F) -> (F, F) {
    let zero = F::zero();
    let mut m = a.fmod(b);
    if b == zero {
        return (a.div(b), m);
    }
    let mut div = a.sub(m).div(b);
    if m != zero {
        if (b < zero) != (m < zero) {
            m = m.add(b);
            div = div.sub(F::one());
        }
    } else {
        m = zero.copysign(b);
    }
    let floordiv = if div != zero {
        let mut f = div.floor();
        if div.sub(f) > F::from_f64(0.5) {
            f = f.add(F::one());
        }
        f
    } else {
        zero.copysign(a.div(b))
    };
    (floordiv, m)
}
