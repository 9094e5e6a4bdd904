//! Elementwise wrappers: unary, unary with a parameter, and broadcasting binary ops.

use super::{scalar, strip};
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::elementwise::binary::{binary as raw_binary, BinaryOp};
use crate::kernels::elementwise::unary::{unary as raw_unary, unary_param as raw_unary_param, ParamOp, UnaryOp};
use crate::op::Op;
use crate::tensor::Tensor;


pub fn add(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Add, a, b)
}
pub fn sub(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Sub, a, b)
}
pub fn mul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Mul, a, b)
}
pub fn div(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(BinaryOp::Div, a, b)
}
pub(crate) fn mul_s(a: &Tensor, v: f64) -> Result<Tensor> {
    mul(a, &scalar(a.dtype(), v)?)
}
pub(crate) fn add_s(a: &Tensor, v: f64) -> Result<Tensor> {
    add(a, &scalar(a.dtype(), v)?)
}

/// An elementwise binary op with NumPy broadcasting, differentiable for the float-valued ops.
pub fn binary(op: BinaryOp, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = raw_binary(op, a, b)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    use BinaryOp::*;
    let save_out = matches!(op, Pow | Hypot | Logaddexp | Copysign);
    // Mul and Div save an operand only when the other input's gradient needs it (as PyTorch),
    // so `y *= 2` on a non-leaf does not save the `y` it overwrites.
    let unused = || Tensor::zeros(a.dtype(), &[0]);
    let saved = match op {
        Add | Sub | FloorDiv => vec![],
        Mul => vec![
            if b.requires_grad() { a.clone() } else { unused()? },
            if a.requires_grad() { b.clone() } else { unused()? },
        ],
        Div => vec![if b.requires_grad() { a.clone() } else { unused()? }, b.clone()],
        Copysign => vec![a.clone()],
        _ => vec![a.clone(), b.clone()],
    };
    match op {
        Add | Sub | Mul | Div | Pow | Maximum | Minimum | Atan2 | Hypot | Logaddexp | Remainder | FloorDiv
        | Copysign => {}
        // The remaining ops give bool or integer results, which never record.
        _ => return Err(crate::error::Error::new(crate::error::TF_Code::TF_INTERNAL, format!("{} recorded a float result", op.name()))),
    }
    Ok(record_op(Op::Binary(op), &[a, b], out, saved, save_out))
}


pub fn neg(t: &Tensor) -> Result<Tensor> {
    unary(UnaryOp::Negative, t)
}

// As the forward kernel in kernels::elementwise::unary.
pub(crate) const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
pub(crate) const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

/// An elementwise unary op, differentiable where the math is.
pub fn unary(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    let out = raw_unary(op, t)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    use UnaryOp::*;
    let save_out = matches!(op, Exp | Expm1 | Sqrt | Reciprocal | Tan | Tanh | Sigmoid);
    let save_in = !matches!(op, Negative | Positive | Sign | Floor | Ceil | Round | Trunc) && !save_out;
    let saved = if save_in { vec![t.clone()] } else { vec![] };
    Ok(record_op(Op::Unary(op), &[t], out, saved, save_out))
}

/// leaky_relu and elu.
pub fn unary_param(op: ParamOp, t: &Tensor, p: f64) -> Result<Tensor> {
    let out = raw_unary_param(op, t, p)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::UnaryParam(op, p), &[t], out, vec![t.clone()], true))
}
