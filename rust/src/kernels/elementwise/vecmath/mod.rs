//! Vector math: branch-free elementwise kernels (exp, log, tanh, sigmoid, erf and the
//! activations built on them) and the float sum, compiled several times and picked at run time
//! by CPU feature: AVX-512 (F+DQ+VL+BW, with FMA), AVX2+FMA, and a baseline build (SSE2 on x86-64,
//! NEON with FMA on aarch64, which is the aarch64 baseline).
//!
//! Each kernel is a plain scalar function over one element, written without branches (ranges
//! are handled by computing both sides and selecting), so a loop over a slice autovectorizes to
//! the full vector width of the build it is inlined into. The vector lanes and the scalar tail of
//! one build run the same IEEE operations, so a result does not depend on the length of the
//! array or on the alignment or position of the element: a strided view, which is gathered into
//! a small buffer and run through the same kernel, gives bit-identical results to a contiguous
//! copy. The FMA builds and the baseline x86-64 build can differ in the last bit.
//!
//! Algorithms: Cephes-style range reduction with minimax polynomials (exp: x = n ln2 + r, a
//! degree-6 (f32) / degree-13 (f64) polynomial in r, scaled by 2^n in two steps so results that
//! underflow into subnormals are rounded once; log: x = 2^k m with m in [sqrt(1/2), sqrt(2)),
//! Cephes' logf polynomial for f32 and fdlibm's log for f64; tanh: odd polynomial / rational
//! below |x| = 0.625, 1 - 2/(e^{2|x|}+1) above; sigmoid: e/(1+e) or 1/(1+e) with e = e^{-|x|};
//! erf: fdlibm's erf (rational approximations on four ranges) evaluated in f64, also for f32).
//!
//! Accuracy, measured by `tests::ulp_*` (max error over a dense sweep of the whole float32 range
//! plus special values, against float64 libm for f32 and against glibc/std libm for f64; see
//! docs/simd.md for the table): f32 exp <= 1, log <= 1, tanh <= 2, sigmoid <= 2.5, silu <= 3.5,
//! erf <= 1 ULP; f64 exp <= 1, log <= 1, tanh <= 2, sigmoid <= 2, silu <= 3, erf <= 1, erfc <= 4
//! ULP (relative to libm). The tests assert these bounds at every dispatch level on the machine.
//!
//! NumPy semantics: NaN in gives NaN out, exp overflows to inf and underflows through the
//! subnormals to 0, exp(-inf) = 0, log(0) = log(-0) = -inf, log(x < 0) = NaN, log(inf) = inf,
//! tanh and sigmoid saturate to +-1 / 0 and 1, tanh(-0) = -0, erf(+-inf) = +-1.

use std::sync::atomic::{AtomicU8, Ordering};

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

/// A compiled variant of the kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The target's baseline (SSE2 on x86-64, NEON+FMA on aarch64).
    Base,
    /// x86-64 AVX2 + FMA.
    Avx2,
    /// x86-64 AVX-512 F/DQ/VL/BW + AVX2 + FMA.
    Avx512,
}

static LEVEL: AtomicU8 = AtomicU8::new(0);

fn detect() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512dq")
            && is_x86_feature_detected!("avx512vl")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("fma")
        {
            return Level::Avx512;
        }
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            return Level::Avx2;
        }
    }
    Level::Base
}

/// The best level this CPU supports (detected once).
#[inline]
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        1 => Level::Base,
        2 => Level::Avx2,
        3 => Level::Avx512,
        _ => {
            let l = detect();
            LEVEL.store(
                match l {
                    Level::Base => 1,
                    Level::Avx2 => 2,
                    Level::Avx512 => 3,
                },
                Ordering::Relaxed,
            );
            l
        }
    }
}

/// Every level this CPU can run, lowest first (for tests).
pub fn available_levels() -> Vec<Level> {
    let top = level();
    [Level::Base, Level::Avx2, Level::Avx512]
        .into_iter()
        .filter(|&l| match top {
            Level::Base => l == Level::Base,
            Level::Avx2 => l != Level::Avx512,
            Level::Avx512 => true,
        })
        .collect()
}

/// Whether `mul_add` is a fused instruction in a build (else the kernels use a*b+c).
pub trait Fma {
    const ON: bool;
}
pub struct Fused;
pub struct Unfused;
impl Fma for Fused {
    const ON: bool = true;
}
impl Fma for Unfused {
    const ON: bool = false;
}
/// The baseline build: aarch64 always has FMA; baseline x86-64 does not (a libm call would be slow).
#[cfg(target_arch = "aarch64")]
pub(crate) type BaseFma = Fused;
#[cfg(not(target_arch = "aarch64"))]
pub(crate) type BaseFma = Unfused;

#[inline(always)]
fn fma32<M: Fma>(a: f32, b: f32, c: f32) -> f32 {
    if M::ON {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn fma64<M: Fma>(a: f64, b: f64, c: f64) -> f64 {
    if M::ON {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// An elementwise kernel, generic over the FMA mode of the build it is inlined into.
pub trait Kernel<T>: Sync {
    fn eval<M: Fma>(&self, x: T) -> T;
}

macro_rules! levels {
    ($(#[$m:meta])* fn $name:ident<$($g:ident $(: $b:path)?),*>($($a:ident: $t:ty),*) $(-> $r:ty)? $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[inline(always)]
            fn body<M: Fma, $($g $(: $b)?),*>($($a: $t),*) $(-> $r)? $body
            pub fn base<$($g $(: $b)?),*>($($a: $t),*) $(-> $r)? { body::<BaseFma, $($g),*>($($a),*) }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            pub unsafe fn avx2<$($g $(: $b)?),*>($($a: $t),*) $(-> $r)? { body::<Fused, $($g),*>($($a),*) }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
            pub unsafe fn avx512<$($g $(: $b)?),*>($($a: $t),*) $(-> $r)? { body::<Fused, $($g),*>($($a),*) }
            /// Runs the build for `lvl` (callers pass only levels from `available_levels`).
            #[inline]
            pub fn at<$($g $(: $b)?),*>(lvl: Level, $($a: $t),*) $(-> $r)? {
                match lvl {
                    // SAFETY: `lvl` was detected on this CPU (see `level`/`available_levels`).
                    #[cfg(target_arch = "x86_64")]
                    Level::Avx512 => unsafe { avx512::<$($g),*>($($a),*) },
                    #[cfg(target_arch = "x86_64")]
                    Level::Avx2 => unsafe { avx2::<$($g),*>($($a),*) },
                    _ => base::<$($g),*>($($a),*),
                }
            }
        }
    };
}
/// Other kernel modules build their per-level variants with the same macro (the norms).
pub(crate) use levels;

levels! {
    fn map_kernel<T: Copy, K: Kernel<T>>(k: &K, out: &mut [T], x: &[T]) {
        for (o, &v) in out.iter_mut().zip(x) {
            *o = k.eval::<M>(v);
        }
    }
}

/// `out[i] = k(x[i])` with the best build for this CPU. `out` and `x` have the same length.
#[inline]
pub fn map<T: Copy, K: Kernel<T>>(k: &K, out: &mut [T], x: &[T]) {
    map_kernel::at(level(), k, out, x)
}

/// `map` at a given level (tests).
pub fn map_at<T: Copy, K: Kernel<T>>(lvl: Level, k: &K, out: &mut [T], x: &[T]) {
    map_kernel::at(lvl, k, out, x)
}

/// A binary function evaluated lane by lane (IEEE add/sub/mul/div give the same bits at every level).
pub trait Binary<T>: Sync {
    fn eval(&self, a: T, b: T) -> T;
}

levels! {
    fn zip_kernel<T: Copy, B: Binary<T>>(f: &B, out: &mut [T], x: &[T], y: &[T]) {
        for ((o, &a), &b) in out.iter_mut().zip(x).zip(y) {
            *o = f.eval(a, b);
        }
    }
}
levels! {
    fn zip_scalar_right<T: Copy, B: Binary<T>>(f: &B, out: &mut [T], x: &[T], s: T) {
        for (o, &a) in out.iter_mut().zip(x) {
            *o = f.eval(a, s);
        }
    }
}
levels! {
    fn zip_scalar_left<T: Copy, B: Binary<T>>(f: &B, out: &mut [T], s: T, y: &[T]) {
        for (o, &b) in out.iter_mut().zip(y) {
            *o = f.eval(s, b);
        }
    }
}

/// `out[i] = f(x[i], y[i])`.
#[inline]
pub fn zip<T: Copy, B: Binary<T>>(f: &B, out: &mut [T], x: &[T], y: &[T]) {
    zip_kernel::at(level(), f, out, x, y)
}
/// `out[i] = f(x[i], s)`.
#[inline]
pub fn zip_right<T: Copy, B: Binary<T>>(f: &B, out: &mut [T], x: &[T], s: T) {
    zip_scalar_right::at(level(), f, out, x, s)
}
/// `out[i] = f(s, y[i])`.
#[inline]
pub fn zip_left<T: Copy, B: Binary<T>>(f: &B, out: &mut [T], s: T, y: &[T]) {
    zip_scalar_left::at(level(), f, out, s, y)
}

// The kernels, after the macros above (macro_rules! scope is textual).
mod erf;
mod functions;
mod kernels;
mod sum;

pub use erf::*;
pub use functions::*;
pub use kernels::*;
pub use sum::*;

#[cfg(test)]
mod tests;
