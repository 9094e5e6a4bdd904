//! Elementwise math, comparisons, logic, selection and activations. Inputs are borrowed; the
//! result is a new tensor owned by the caller, or NULL with the status set. Binary ops broadcast
//! and promote dtypes as NumPy; see each function for its dtype rule.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops::{self as select, binary, softmax, unary, unary_param};
use crate::ops::binary::BinaryOp;
use crate::ops::unary::{ParamOp, UnaryOp};

unsafe fn unary_entry(
    name: &str,
    op: UnaryOp,
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, name, None, || {
        Ok(handle(unary(op, tensor_arg(t, "t")?)?))
    })
}

unsafe fn binary_entry(
    name: &str,
    op: BinaryOp,
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, name, None, || {
        Ok(handle(binary(
            op,
            tensor_arg(a, "a")?,
            tensor_arg(b, "b")?,
        )?))
    })
}

/// `-t`. Integers wrap (the negative of the minimum is itself); bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Negative(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Negative", UnaryOp::Negative, t, status)
}

/// `+t`: a copy. bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Positive(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Positive", UnaryOp::Positive, t, status)
}

/// Absolute value. Integers wrap (abs of the minimum is itself); bool stays bool.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Abs(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Abs", UnaryOp::Abs, t, status)
}

/// -1, 0 or 1 by sign, in the input dtype (NaN stays NaN). bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Sign(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Sign", UnaryOp::Sign, t, status)
}

/// `t * t`. Integers wrap; bool gives TF_INT8 (as NumPy).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Square(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Square", UnaryOp::Square, t, status)
}

/// e^t. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Exp(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Exp", UnaryOp::Exp, t, status)
}

/// e^t - 1, accurate near 0. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Expm1(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Expm1", UnaryOp::Expm1, t, status)
}

/// Natural logarithm (NaN below 0, -inf at 0). Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Log(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Log", UnaryOp::Log, t, status)
}

/// log(1 + t), accurate near 0. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Log1p(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Log1p", UnaryOp::Log1p, t, status)
}

/// Base-2 logarithm. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Log2(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Log2", UnaryOp::Log2, t, status)
}

/// Base-10 logarithm. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Log10(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Log10", UnaryOp::Log10, t, status)
}

/// Square root (NaN below 0). Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Sqrt(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Sqrt", UnaryOp::Sqrt, t, status)
}

/// 1 / t (in floating point for integer inputs, as the Array API). Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Reciprocal(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Reciprocal", UnaryOp::Reciprocal, t, status)
}

/// Sine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Sin(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Sin", UnaryOp::Sin, t, status)
}

/// Cosine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Cos(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Cos", UnaryOp::Cos, t, status)
}

/// Tangent. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Tan(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Tan", UnaryOp::Tan, t, status)
}

/// Inverse sine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Asin(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Asin", UnaryOp::Asin, t, status)
}

/// Inverse cosine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Acos(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Acos", UnaryOp::Acos, t, status)
}

/// Inverse tangent. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Atan(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Atan", UnaryOp::Atan, t, status)
}

/// Hyperbolic sine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Sinh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Sinh", UnaryOp::Sinh, t, status)
}

/// Hyperbolic cosine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Cosh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Cosh", UnaryOp::Cosh, t, status)
}

/// Hyperbolic tangent. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Tanh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Tanh", UnaryOp::Tanh, t, status)
}

/// Inverse hyperbolic sine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Asinh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Asinh", UnaryOp::Asinh, t, status)
}

/// Inverse hyperbolic cosine. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Acosh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Acosh", UnaryOp::Acosh, t, status)
}

/// Inverse hyperbolic tangent. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Atanh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Atanh", UnaryOp::Atanh, t, status)
}

/// Largest integer not above t. Integer and bool inputs are returned unchanged (same dtype).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Floor(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Floor", UnaryOp::Floor, t, status)
}

/// Smallest integer not below t. Integer and bool inputs are returned unchanged (same dtype).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Ceil(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Ceil", UnaryOp::Ceil, t, status)
}

/// Nearest integer, halves to even (NumPy's round). Integer and bool inputs are returned unchanged.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Round(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Round", UnaryOp::Round, t, status)
}

/// Integer part (toward zero). Integer and bool inputs are returned unchanged.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Trunc(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Trunc", UnaryOp::Trunc, t, status)
}

/// TF_BOOL: true where t is NaN (never for integers and bool).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_IsNan(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_IsNan", UnaryOp::IsNan, t, status)
}

/// TF_BOOL: true where t is +inf or -inf.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_IsInf(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_IsInf", UnaryOp::IsInf, t, status)
}

/// TF_BOOL: true where t is neither NaN nor infinite.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_IsFinite(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_IsFinite", UnaryOp::IsFinite, t, status)
}

/// TF_BOOL: true where t is zero (any dtype).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LogicalNot(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_LogicalNot", UnaryOp::LogicalNot, t, status)
}

/// Bitwise not of integers; logical not of bool. Floats are TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_BitwiseInvert(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_BitwiseInvert", UnaryOp::BitwiseInvert, t, status)
}

/// max(t, 0), keeping NaN; integers keep their dtype. bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Relu(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Relu", UnaryOp::Relu, t, status)
}

/// 1 / (1 + e^-t), without overflow. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Sigmoid(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Sigmoid", UnaryOp::Sigmoid, t, status)
}

/// t * sigmoid(t) (also called swish). Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Silu(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Silu", UnaryOp::Silu, t, status)
}

/// t * tanh(softplus(t)). Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Mish(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Mish", UnaryOp::Mish, t, status)
}

/// log(1 + e^t), without overflow. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Softplus(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Softplus", UnaryOp::Softplus, t, status)
}

/// The exact GELU: t * (1 + erf(t / sqrt(2))) / 2. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Gelu(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Gelu", UnaryOp::Gelu, t, status)
}

/// The tanh approximation of GELU: t * (1 + tanh(sqrt(2/pi) * (t + 0.044715 t^3))) / 2. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_GeluTanh(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_GeluTanh", UnaryOp::GeluTanh, t, status)
}

/// scale * (t if t > 0 else alpha * (e^t - 1)), with the SELU paper's constants. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Selu(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Selu", UnaryOp::Selu, t, status)
}

/// The error function. Floating-point op: float inputs keep their dtype; int8, int16 and uint8 compute in TF_FLOAT, int32 and int64 in TF_DOUBLE; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Erf(
    t: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    unary_entry("TF_Erf", UnaryOp::Erf, t, status)
}

/// `t` where t >= 0, else `negative_slope * t`. Integer inputs compute in floating point (as the
/// float ops); bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LeakyRelu(
    t: *const TF_Tensor,
    negative_slope: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_LeakyRelu", None, || {
        Ok(handle(unary_param(
            ParamOp::LeakyRelu,
            tensor_arg(t, "t")?,
            negative_slope,
        )?))
    })
}

/// `t` where t > 0, else `alpha * (e^t - 1)`. Integer inputs compute in floating point; bool is
/// TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Elu(
    t: *const TF_Tensor,
    alpha: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Elu", None, || {
        Ok(handle(unary_param(
            ParamOp::Elu,
            tensor_arg(t, "t")?,
            alpha,
        )?))
    })
}

/// Floor division `a // b` (Python semantics). Integers: x // 0 is 0, as NumPy (which also warns); floats follow NumPy's divmod. bool computes as TF_INT8. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_FloorDivide(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_FloorDivide", BinaryOp::FloorDiv, a, b, status)
}

/// Remainder with the sign of the divisor (Python's `%`). Integers: x % 0 is 0, as NumPy; floats follow NumPy's divmod. bool computes as TF_INT8. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Remainder(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Remainder", BinaryOp::Remainder, a, b, status)
}

/// `a ** b`. Integers wrap; a negative integer exponent is TF_INVALID_ARGUMENT (as NumPy's ValueError). bool computes as TF_INT8. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Pow(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Pow", BinaryOp::Pow, a, b, status)
}

/// Elementwise maximum; NaN in either input gives NaN. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Maximum(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Maximum", BinaryOp::Maximum, a, b, status)
}

/// Elementwise minimum; NaN in either input gives NaN. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Minimum(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Minimum", BinaryOp::Minimum, a, b, status)
}

/// Angle of the point (b, a): atan(a / b) in the right quadrant. Floating-point op: integer inputs compute in TF_FLOAT (8/16-bit) or TF_DOUBLE; bool is TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Atan2(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Atan2", BinaryOp::Atan2, a, b, status)
}

/// sqrt(a^2 + b^2) without undue overflow. Floating-point op: integer inputs compute in TF_FLOAT (8/16-bit) or TF_DOUBLE; bool is TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Hypot(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Hypot", BinaryOp::Hypot, a, b, status)
}

/// The magnitude of a with the sign of b. Floating-point op: integer inputs compute in TF_FLOAT (8/16-bit) or TF_DOUBLE; bool is TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Copysign(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Copysign", BinaryOp::Copysign, a, b, status)
}

/// log(e^a + e^b) without overflow. Floating-point op: integer inputs compute in TF_FLOAT (8/16-bit) or TF_DOUBLE; bool is TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Logaddexp(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Logaddexp", BinaryOp::Logaddexp, a, b, status)
}

/// TF_BOOL: both nonzero (any dtypes). Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_LogicalAnd(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_LogicalAnd", BinaryOp::LogicalAnd, a, b, status)
}

/// TF_BOOL: either nonzero (any dtypes). Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_LogicalOr(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_LogicalOr", BinaryOp::LogicalOr, a, b, status)
}

/// TF_BOOL: exactly one nonzero (any dtypes). Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_LogicalXor(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_LogicalXor", BinaryOp::LogicalXor, a, b, status)
}

/// Bitwise and of integers or bool. Floats are TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_BitwiseAnd(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_BitwiseAnd", BinaryOp::BitwiseAnd, a, b, status)
}

/// Bitwise or of integers or bool. Floats are TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_BitwiseOr(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_BitwiseOr", BinaryOp::BitwiseOr, a, b, status)
}

/// Bitwise xor of integers or bool. Floats are TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_BitwiseXor(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_BitwiseXor", BinaryOp::BitwiseXor, a, b, status)
}

/// `a << b` for integers (bool computes as TF_INT8). Shifting by a negative amount or by the bit width or more gives 0, as NumPy. Floats are TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_BitwiseLeftShift(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_BitwiseLeftShift", BinaryOp::LeftShift, a, b, status)
}

/// `a >> b` for integers, arithmetic for signed ones. Shifting by a negative amount or by the bit width or more gives 0 or -1 (the sign), as NumPy. Floats are TF_DTYPE_ERROR. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_BitwiseRightShift(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_BitwiseRightShift", BinaryOp::RightShift, a, b, status)
}

/// TF_BOOL: `a == b` after promotion (NaN is never equal). Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Equal(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Equal", BinaryOp::Equal, a, b, status)
}

/// TF_BOOL: `a != b` after promotion. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_NotEqual(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_NotEqual", BinaryOp::NotEqual, a, b, status)
}

/// TF_BOOL: `a < b` after promotion. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Less(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Less", BinaryOp::Less, a, b, status)
}

/// TF_BOOL: `a <= b` after promotion. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_LessEqual(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_LessEqual", BinaryOp::LessEqual, a, b, status)
}

/// TF_BOOL: `a > b` after promotion. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Greater(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Greater", BinaryOp::Greater, a, b, status)
}

/// TF_BOOL: `a >= b` after promotion. Broadcasts as NumPy.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_GreaterEqual(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_GreaterEqual", BinaryOp::GreaterEqual, a, b, status)
}

/// Elements of `x` where `cond` is nonzero, else of `y` (NumPy `where`): the three broadcast
/// together, `x` and `y` promote.
///
/// # Safety
/// `cond`, `x` and `y` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Where(
    cond: *const TF_Tensor,
    x: *const TF_Tensor,
    y: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Where", None, || {
        Ok(handle(select::where_(
            tensor_arg(cond, "cond")?,
            tensor_arg(x, "x")?,
            tensor_arg(y, "y")?,
        )?))
    })
}

/// `x` limited to [min, max] (NumPy `clip`: `minimum(maximum(x, min), max)`, NaN propagating,
/// dtypes promoting). Either bound may be NULL for none.
///
/// # Safety
/// `x` is a live handle; `min` and `max` are NULL or live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Clip(
    x: *const TF_Tensor,
    min: *const TF_Tensor,
    max: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Clip", None, || {
        let lo = if min.is_null() {
            None
        } else {
            Some(tensor_arg(min, "min")?)
        };
        let hi = if max.is_null() {
            None
        } else {
            Some(tensor_arg(max, "max")?)
        };
        Ok(handle(select::clip(tensor_arg(x, "x")?, lo, hi)?))
    })
}

/// softmax along `axis` (negative counts from the end): e^(t - max) / sum(e^(t - max)), stable
/// for large values. Integer inputs compute in floating point; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Softmax(
    t: *const TF_Tensor,
    axis: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Softmax", None, || {
        Ok(handle(softmax(tensor_arg(t, "t")?, axis, false)?))
    })
}

/// log of softmax along `axis`, computed as `t - max - log(sum(e^(t - max)))` (no log of a
/// rounded-to-zero probability).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LogSoftmax(
    t: *const TF_Tensor,
    axis: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_LogSoftmax", None, || {
        Ok(handle(softmax(tensor_arg(t, "t")?, axis, true)?))
    })
}
