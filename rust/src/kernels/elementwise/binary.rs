//! Broadcasting elementwise binary ops with NumPy dtype promotion and NumPy's per-op dtype rules.

use super::arith::Arith;
use super::float::{divmod, Float};
use super::unary::Int;
use super::vecmath::{self, Binary};
use crate::dtype::{DType, Element, Kind};
use crate::error::{Error, Result};
use crate::layout::{broadcast_shapes, Dims, Layout, Walk};
use std::borrow::Cow;
use crate::tensor::Tensor;
use crate::runtime::threads::PARALLEL_MIN;
use crate::runtime::threads::for_chunks;
use crate::with_dtype;

pub use super::table::BinaryOp;

impl BinaryOp {
    fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(
            self,
            Equal | NotEqual | Less | LessEqual | Greater | GreaterEqual
        )
    }
}

pub fn binary(op: BinaryOp, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    use BinaryOp::*;
    // Same shapes (the common case) need no broadcasting: skip building the shape again.
    let shape: Dims = if a.shape() == b.shape() { a.shape().into() } else { broadcast_shapes(a.shape(), b.shape())? };
    let promoted = DType::promote(a.dtype(), b.dtype());
    let unsupported = || {
        Error::dtype(format!(
            "{} is not defined for dtypes {} and {}",
            op.name(),
            a.dtype().name(),
            b.dtype().name()
        ))
    };
    if matches!(op, LogicalAnd | LogicalOr | LogicalXor) {
        let (x, y) = (a.cast(DType::Bool)?, b.cast(DType::Bool)?);
        let f = match op {
            LogicalAnd => |p: bool, q: bool| p & q,
            LogicalOr => |p: bool, q: bool| p | q,
            _ => |p: bool, q: bool| p ^ q,
        };
        return map2::<bool, bool>(&x, &y, &shape, f);
    }
    let kind = promoted.kind();
    let dt =
        match op {
            Div => promoted.div_dtype(),
            Sub if kind == Kind::Bool => return Err(Error::dtype(
                "subtract is not defined for bool tensors (NumPy rejects it too); use logical_xor",
            )),
            // NumPy computes these on bool through int8.
            FloorDiv | Remainder | Pow | LeftShift | RightShift if kind == Kind::Bool => DType::I8,
            Atan2 | Hypot | Copysign | Logaddexp if kind == Kind::Bool => return Err(unsupported()),
            Atan2 | Hypot | Copysign | Logaddexp => promoted.float_dtype().max_float(promoted),
            BitwiseAnd | BitwiseOr | BitwiseXor | LeftShift | RightShift if kind == Kind::Float => {
                return Err(unsupported())
            }
            _ => promoted,
        };
    // Borrowed when already of dtype `dt`: a cast would clone the tensor (its layout included).
    let (x, y) = (cast_cow(a, dt)?, cast_cow(b, dt)?);
    let (x, y) = (&*x, &*y);
    if op.is_comparison() {
        return with_dtype!(dt, T => compare::<T>(op, x, y, &shape));
    }
    match dt {
        DType::F32 => float_binary::<f32>(op, x, y, &shape),
        DType::F64 => float_binary::<f64>(op, x, y, &shape),
        DType::Bool => bool_binary(op, x, y, &shape),
        DType::I8 => int_binary::<i8>(op, x, y, &shape),
        DType::I16 => int_binary::<i16>(op, x, y, &shape),
        DType::I32 => int_binary::<i32>(op, x, y, &shape),
        DType::I64 => int_binary::<i64>(op, x, y, &shape),
        DType::U8 => int_binary::<u8>(op, x, y, &shape),
    }
}

/// `t`'s layout broadcast to `shape`, borrowed when `t` already has that shape.
fn layout_for<'a>(t: &'a Tensor, shape: &[usize]) -> Result<Cow<'a, Layout>> {
    Ok(if t.shape() == shape { Cow::Borrowed(t.layout()) } else { Cow::Owned(t.layout().broadcast_to(shape)?) })
}

/// `t` cast to `dt`, borrowed when it already has that dtype.
fn cast_cow(t: &Tensor, dt: DType) -> Result<Cow<'_, Tensor>> {
    Ok(if t.dtype() == dt { Cow::Borrowed(t) } else { Cow::Owned(t.cast(dt)?) })
}

impl DType {
    /// `self` (a float dtype) widened to float64 when `other` is float64.
    fn max_float(self, other: DType) -> DType {
        if other == DType::F64 {
            DType::F64
        } else {
            self
        }
    }
}

fn compare<T: Element + PartialOrd>(
    op: BinaryOp,
    x: &Tensor,
    y: &Tensor,
    shape: &[usize],
) -> Result<Tensor> {
    use BinaryOp::*;
    match op {
        Equal => map2::<T, bool>(x, y, shape, |p, q| p == q),
        NotEqual => map2::<T, bool>(x, y, shape, |p, q| p != q),
        Less => map2::<T, bool>(x, y, shape, |p, q| p < q),
        LessEqual => map2::<T, bool>(x, y, shape, |p, q| p <= q),
        Greater => map2::<T, bool>(x, y, shape, |p, q| p > q),
        _ => map2::<T, bool>(x, y, shape, |p, q| p >= q),
    }
}

fn float_binary<F: Float>(op: BinaryOp, x: &Tensor, y: &Tensor, shape: &[usize]) -> Result<Tensor> {
    use BinaryOp::*;
    match op {
        Add => map2_arith::<F, _>(x, y, shape, AddOp),
        Sub => map2_arith::<F, _>(x, y, shape, SubOp),
        Mul => map2_arith::<F, _>(x, y, shape, MulOp),
        Div => map2_arith::<F, _>(x, y, shape, DivOp),
        FloorDiv => map2::<F, F>(x, y, shape, |p, q| divmod(p, q).0),
        Remainder => map2::<F, F>(x, y, shape, |p, q| divmod(p, q).1),
        Pow => map2::<F, F>(x, y, shape, Float::powf),
        // NumPy: NaN in either input propagates; otherwise the first wins ties (so -0.0 vs 0.0
        // keeps the first operand).
        Maximum => map2::<F, F>(x, y, shape, |p, q| if p >= q || p.is_nan() { p } else { q }),
        Minimum => map2::<F, F>(x, y, shape, |p, q| if p <= q || p.is_nan() { p } else { q }),
        Atan2 => map2::<F, F>(x, y, shape, Float::atan2),
        Hypot => map2::<F, F>(x, y, shape, Float::hypot),
        Copysign => map2::<F, F>(x, y, shape, Float::copysign),
        Logaddexp => map2::<F, F>(x, y, shape, logaddexp),
        _ => unreachable!("{op:?} is not a float op"),
    }
}

/// log(e^a + e^b) without overflow (NumPy's npy_logaddexp).
fn logaddexp<F: Float>(a: F, b: F) -> F {
    if a == b {
        // Also handles infinities of the same sign.
        return a.add(F::from_f64(std::f64::consts::LN_2));
    }
    let d = a.sub(b);
    if d > F::zero() {
        a.add(d.neg().exp().ln_1p())
    } else if d <= F::zero() {
        b.add(d.exp().ln_1p())
    } else {
        d // NaN
    }
}

/// Integer ops NumPy defines with Python's floor semantics and total division (x // 0 == 0).
pub trait IntBinary: Int {
    const BITS: u32;
    const SIGNED: bool;
    fn floor_div(self, o: Self) -> Self;
    fn floor_rem(self, o: Self) -> Self;
    fn ipow(self, e: Self) -> Self;
    fn is_negative(self) -> bool;
    fn band(self, o: Self) -> Self;
    fn bor(self, o: Self) -> Self;
    fn bxor(self, o: Self) -> Self;
    fn shl(self, o: Self) -> Self;
    fn shr(self, o: Self) -> Self;
}

macro_rules! int_binary_impl {
    ($($t:ty: $signed:expr),*) => { $(
        #[allow(unused_comparisons)]
        impl IntBinary for $t {
            const BITS: u32 = <$t>::BITS;
            const SIGNED: bool = $signed;
            #[inline(always)]
            fn floor_div(self, o: Self) -> Self {
                if o == 0 { return 0; }
                let q = self.wrapping_div(o);
                if self.wrapping_rem(o) != 0 && ((self < 0) != (o < 0)) { q.wrapping_sub(1) } else { q }
            }
            #[inline(always)]
            fn floor_rem(self, o: Self) -> Self {
                if o == 0 { return 0; }
                let r = self.wrapping_rem(o);
                if r != 0 && ((r < 0) != (o < 0)) { r.wrapping_add(o) } else { r }
            }
            #[inline(always)]
            fn ipow(self, e: Self) -> Self {
                let (mut base, mut e, mut acc) = (self, e, 1 as $t);
                while e > 0 {
                    if e & 1 == 1 { acc = acc.wrapping_mul(base); }
                    base = base.wrapping_mul(base);
                    e >>= 1;
                }
                acc
            }
            #[inline(always)] fn is_negative(self) -> bool { self < 0 as $t }
            #[inline(always)] fn band(self, o: Self) -> Self { self & o }
            #[inline(always)] fn bor(self, o: Self) -> Self { self | o }
            #[inline(always)] fn bxor(self, o: Self) -> Self { self ^ o }
            // NumPy: shifting by a negative amount or by the bit width or more gives 0 (left) or
            // the sign fill (right), where Rust would mask the amount.
            #[inline(always)]
            fn shl(self, o: Self) -> Self {
                if o < 0 as $t || o as u64 >= Self::BITS as u64 { 0 } else { self << o }
            }
            #[inline(always)]
            fn shr(self, o: Self) -> Self {
                if o < 0 as $t || o as u64 >= Self::BITS as u64 {
                    if self < 0 as $t { (0 as $t).wrapping_sub(1) } else { 0 }
                } else { self >> o }
            }
        }
    )* };
}
int_binary_impl!(i8: true, i16: true, i32: true, i64: true, u8: false);

fn int_binary<T: IntBinary>(
    op: BinaryOp,
    x: &Tensor,
    y: &Tensor,
    shape: &[usize],
) -> Result<Tensor> {
    use BinaryOp::*;
    match op {
        Add => map2_arith::<T, _>(x, y, shape, AddOp),
        Sub => map2_arith::<T, _>(x, y, shape, SubOp),
        Mul => map2_arith::<T, _>(x, y, shape, MulOp),
        FloorDiv => map2::<T, T>(x, y, shape, IntBinary::floor_div),
        Remainder => map2::<T, T>(x, y, shape, IntBinary::floor_rem),
        Pow => {
            if T::SIGNED {
                let ys = y.contiguous()?;
                if ys.contiguous_slice::<T>().iter().any(|v| v.is_negative()) {
                    return Err(Error::invalid(
                        "integers to negative integer powers are not allowed",
                    ));
                }
            }
            map2::<T, T>(x, y, shape, IntBinary::ipow)
        }
        Maximum => map2::<T, T>(x, y, shape, |p, q| if p >= q { p } else { q }),
        Minimum => map2::<T, T>(x, y, shape, |p, q| if p <= q { p } else { q }),
        BitwiseAnd => map2::<T, T>(x, y, shape, IntBinary::band),
        BitwiseOr => map2::<T, T>(x, y, shape, IntBinary::bor),
        BitwiseXor => map2::<T, T>(x, y, shape, IntBinary::bxor),
        LeftShift => map2::<T, T>(x, y, shape, IntBinary::shl),
        RightShift => map2::<T, T>(x, y, shape, IntBinary::shr),
        _ => unreachable!("{op:?} does not reach integer kernels"),
    }
}

fn bool_binary(op: BinaryOp, x: &Tensor, y: &Tensor, shape: &[usize]) -> Result<Tensor> {
    use BinaryOp::*;
    match op {
        Add | Maximum | BitwiseOr => map2::<bool, bool>(x, y, shape, |p, q| p | q),
        Mul | Minimum | BitwiseAnd => map2::<bool, bool>(x, y, shape, |p, q| p & q),
        BitwiseXor => map2::<bool, bool>(x, y, shape, |p, q| p ^ q),
        _ => unreachable!("{op:?} does not reach bool kernels"),
    }
}

/// The row kernels of one elementwise binary op: both operands as rows, or one of them a scalar.
/// `map2` and `map2_arith` share the broadcasting and threading of `drive2` through it.
trait Rows<T, U>: Sync {
    fn both(&self, out: &mut [U], x: &[T], y: &[T]);
    fn right(&self, out: &mut [U], x: &[T], s: T);
    fn left(&self, out: &mut [U], s: T, y: &[T]);
    fn one(&self, a: T, b: T) -> U;
}

/// Scalar loops over any `Fn(T, T) -> U`.
struct Loops<F>(F);
impl<T: Copy, U, F: Fn(T, T) -> U + Sync> Rows<T, U> for Loops<F> {
    fn both(&self, out: &mut [U], x: &[T], y: &[T]) {
        for ((o, &a), &b) in out.iter_mut().zip(x).zip(y) {
            *o = (self.0)(a, b);
        }
    }
    fn right(&self, out: &mut [U], x: &[T], s: T) {
        out.iter_mut().zip(x).for_each(|(o, &v)| *o = (self.0)(v, s));
    }
    fn left(&self, out: &mut [U], s: T, y: &[T]) {
        out.iter_mut().zip(y).for_each(|(o, &v)| *o = (self.0)(s, v));
    }
    fn one(&self, a: T, b: T) -> U {
        (self.0)(a, b)
    }
}

/// The runtime-dispatched SIMD builds of `vecmath` (AVX-512 / AVX2 / baseline).
struct Simd<B>(B);
impl<T: Copy, B: Binary<T>> Rows<T, T> for Simd<B> {
    fn both(&self, out: &mut [T], x: &[T], y: &[T]) {
        vecmath::zip(&self.0, out, x, y)
    }
    fn right(&self, out: &mut [T], x: &[T], s: T) {
        vecmath::zip_right(&self.0, out, x, s)
    }
    fn left(&self, out: &mut [T], s: T, y: &[T]) {
        vecmath::zip_left(&self.0, out, s, y)
    }
    fn one(&self, a: T, b: T) -> T {
        self.0.eval(a, b)
    }
}

/// Applies `f` elementwise over `a` and `b` broadcast to `shape`, into a new contiguous tensor.
pub fn map2<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    shape: &[usize],
    f: impl Fn(T, T) -> U + Sync + Send,
) -> Result<Tensor> {
    drive2(a, b, shape, &Loops(f))
}

/// `map2` for the arithmetic ops, on the SIMD kernels of `vecmath`.
pub fn map2_arith<T: Element, B: Binary<T>>(a: &Tensor, b: &Tensor, shape: &[usize], f: B) -> Result<Tensor> {
    drive2(a, b, shape, &Simd(f))
}

/// The broadcasting driver: contiguous operands and a contiguous operand with a scalar run whole
/// rows (split over the pool from PARALLEL_MIN elements); other layouts walk rows, using the
/// row kernels where a row has unit or zero strides.
fn drive2<T: Element, U: Element, R: Rows<T, U>>(a: &Tensor, b: &Tensor, shape: &[usize], f: &R) -> Result<Tensor> {
    // Operands of the output's shape are used as they are (no layout copy).
    let (la, lb) = (layout_for(a, shape)?, layout_for(b, shape)?);
    let sa = a.storage.as_slice::<T>();
    let sb = b.storage.as_slice::<T>();
    Tensor::build::<U>(shape, |out| {
        let n = out.len();
        if n == 0 {
            return;
        }
        let a_scalar = la.strides.iter().all(|&s| s == 0);
        let b_scalar = lb.strides.iter().all(|&s| s == 0);
        if la.is_contiguous() && lb.is_contiguous() {
            let x = &sa[la.offset..la.offset + n];
            let y = &sb[lb.offset..lb.offset + n];
            for_chunks(out, PARALLEL_MIN, |s, o| f.both(o, &x[s..s + o.len()], &y[s..s + o.len()]));
        } else if la.is_contiguous() && b_scalar {
            let x = &sa[la.offset..la.offset + n];
            let s = sb[lb.offset];
            for_chunks(out, PARALLEL_MIN, |i, o| f.right(o, &x[i..i + o.len()], s));
        } else if a_scalar && lb.is_contiguous() {
            let s = sa[la.offset];
            let y = &sb[lb.offset..lb.offset + n];
            for_chunks(out, PARALLEL_MIN, |i, o| f.left(o, s, &y[i..i + o.len()]));
        } else {
            let walk = Walk::new(shape, [&la.strides, &lb.strides]);
            let mut pos = 0usize;
            walk.rows([la.offset as isize, lb.offset as isize], |[oa, ob], len, [da, db]| {
                let dst = &mut out[pos..pos + len];
                let (oa, ob) = (oa as usize, ob as usize);
                if da == 1 && db == 1 {
                    f.both(dst, &sa[oa..oa + len], &sb[ob..ob + len]);
                } else if da == 1 && db == 0 {
                    f.right(dst, &sa[oa..oa + len], sb[ob]);
                } else if da == 0 && db == 1 {
                    f.left(dst, sa[oa], &sb[ob..ob + len]);
                } else {
                    for (i, o) in dst.iter_mut().enumerate() {
                        let i = i as isize;
                        *o = f.one(sa[(oa as isize + i * da) as usize], sb[(ob as isize + i * db) as usize]);
                    }
                }
                pos += len;
            });
        }
    })
}

/// The four arithmetic ops as `vecmath::Binary` kernels (one IEEE or wrapping op per lane, so every
/// dispatch level gives the same bits).
pub struct AddOp;
pub struct SubOp;
pub struct MulOp;
pub struct DivOp;
impl<T: Arith> Binary<T> for AddOp {
    #[inline(always)]
    fn eval(&self, a: T, b: T) -> T {
        a.add(b)
    }
}
impl<T: Arith> Binary<T> for SubOp {
    #[inline(always)]
    fn eval(&self, a: T, b: T) -> T {
        a.sub(b)
    }
}
impl<T: Arith> Binary<T> for MulOp {
    #[inline(always)]
    fn eval(&self, a: T, b: T) -> T {
        a.mul(b)
    }
}
impl<T: Arith> Binary<T> for DivOp {
    #[inline(always)]
    fn eval(&self, a: T, b: T) -> T {
        a.div(b)
    }
}

