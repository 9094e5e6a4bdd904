//! The kernels as types (one per op and dtype), and `VOp`, the op enum the unary ops dispatch on.

use super::*;

// Kernels as types (one per op and dtype), and the op enum the unary ops dispatch on
// ---------------------------------------------------------------------------------------------

/// The unary ops with vector kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VOp {
    Exp,
    Log,
    Tanh,
    Sigmoid,
    Erf,
    Relu,
    Silu,
    Gelu,
}

macro_rules! kernel {
    ($name:ident, $t:ty, |$x:ident, $m:ident| $body:expr) => {
        pub struct $name;
        impl Kernel<$t> for $name {
            #[inline(always)]
            fn eval<$m: Fma>(&self, $x: $t) -> $t {
                $body
            }
        }
    };
}

pub mod k {
    use super::*;
    kernel!(Exp32, f32, |x, M| exp_f32::<M>(x));
    kernel!(Exp64, f64, |x, M| exp_f64::<M>(x));
    kernel!(Log32, f32, |x, M| log_f32::<M>(x));
    kernel!(Log64, f64, |x, M| log_f64::<M>(x));
    kernel!(Tanh32, f32, |x, M| tanh_f32::<M>(x));
    kernel!(Tanh64, f64, |x, M| tanh_f64::<M>(x));
    kernel!(Sigmoid32, f32, |x, M| sigmoid_f32::<M>(x));
    kernel!(Sigmoid64, f64, |x, M| sigmoid_f64::<M>(x));
    kernel!(Erf32, f32, |x, M| erf_f32::<M>(x));
    kernel!(Erf64, f64, |x, M| erf_f64::<M>(x));
    // relu keeps NaN (x < 0 is false for NaN) and -0.0.
    kernel!(Relu32, f32, |x, M| if x < 0.0 { 0.0 } else { x });
    kernel!(Relu64, f64, |x, M| if x < 0.0 { 0.0 } else { x });
    kernel!(Silu32, f32, |x, M| x * sigmoid_f32::<M>(x));
    kernel!(Silu64, f64, |x, M| x * sigmoid_f64::<M>(x));
    // 0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(-x / sqrt 2) (no cancellation for x < 0); the
    // float32 one evaluated in f64 and rounded once.
    kernel!(Gelu32, f32, |x, M| {
        let v = x as f64;
        (0.5 * v * erfc_f64::<M>(-v * std::f64::consts::FRAC_1_SQRT_2)) as f32
    });
    kernel!(Gelu64, f64, |x, M| 0.5 * x * erfc_f64::<M>(-x * std::f64::consts::FRAC_1_SQRT_2));
}

/// The float dtypes' vector unary ops, so generic kernels can call them.
pub trait VecMath: Copy + Send + Sync + 'static {
    /// `out[i] = op(x[i])` at the given level.
    fn vunary_at(lvl: Level, op: VOp, out: &mut [Self], x: &[Self]);
    /// `out[i] = op(x[i])` with the best build for this CPU.
    #[inline]
    fn vunary(op: VOp, out: &mut [Self], x: &[Self]) {
        Self::vunary_at(level(), op, out, x)
    }
    /// Sum of `x`, pairwise over blocks (see `sum_f32`).
    fn vsum(x: &[Self]) -> Self;
}

impl VecMath for f32 {
    fn vunary_at(lvl: Level, op: VOp, out: &mut [f32], x: &[f32]) {
        match op {
            VOp::Exp => map_at(lvl, &k::Exp32, out, x),
            VOp::Log => map_at(lvl, &k::Log32, out, x),
            VOp::Tanh => map_at(lvl, &k::Tanh32, out, x),
            VOp::Sigmoid => map_at(lvl, &k::Sigmoid32, out, x),
            VOp::Erf => map_at(lvl, &k::Erf32, out, x),
            VOp::Relu => map_at(lvl, &k::Relu32, out, x),
            VOp::Silu => map_at(lvl, &k::Silu32, out, x),
            VOp::Gelu => map_at(lvl, &k::Gelu32, out, x),
        }
    }
    fn vsum(x: &[f32]) -> f32 {
        sum_f32(x)
    }
}

impl VecMath for f64 {
    fn vunary_at(lvl: Level, op: VOp, out: &mut [f64], x: &[f64]) {
        match op {
            VOp::Exp => map_at(lvl, &k::Exp64, out, x),
            VOp::Log => map_at(lvl, &k::Log64, out, x),
            VOp::Tanh => map_at(lvl, &k::Tanh64, out, x),
            VOp::Sigmoid => map_at(lvl, &k::Sigmoid64, out, x),
            VOp::Erf => map_at(lvl, &k::Erf64, out, x),
            VOp::Relu => map_at(lvl, &k::Relu64, out, x),
            VOp::Silu => map_at(lvl, &k::Silu64, out, x),
            VOp::Gelu => map_at(lvl, &k::Gelu64, out, x),
        }
    }
    fn vsum(x: &[f64]) -> f64 {
        sum_f64(x)
    }
}

/// Applies `op` to a (possibly strided) run: contiguous runs go straight to the kernel, strided
/// ones are gathered into a small buffer first, so every layout gives the same bits.
pub fn vunary_strided<F: VecMath + Default>(op: VOp, out: &mut [F], src: &[F], start: isize, stride: isize) {
    if stride == 1 {
        let s = start as usize;
        F::vunary(op, out, &src[s..s + out.len()]);
        return;
    }
    const B: usize = 256;
    let mut buf = [F::default(); B];
    for (c, dst) in out.chunks_mut(B).enumerate() {
        let base = start + (c * B) as isize * stride;
        for (i, b) in buf[..dst.len()].iter_mut().enumerate() {
            *b = src[(base + i as isize * stride) as usize];
        }
        F::vunary(op, dst, &buf[..dst.len()]);
    }
}

/// `out[i] = op(x[i])` over contiguous slices, split in `chunk`-sized pieces across the
/// team (`crate::runtime::threads::for_chunks`) when the input has at least `chunk` elements.
pub fn vunary_par<F: VecMath>(op: VOp, out: &mut [F], x: &[F], chunk: usize) {
    crate::runtime::threads::for_chunks(out, chunk, |i, o| F::vunary(op, o, &x[i..i + o.len()]));
}

// ---------------------------------------------------------------------------------------------
