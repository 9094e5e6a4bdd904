//! Differentiable convolutions. The three kernels are each other's adjoints (see
//! `kernels::nn::conv`), so every rule is written with these three wrappers and derivatives of
//! any order are convolutions again.

use super::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::nn::conv::{self as raw, ConvParams};
use crate::op::Op;
use crate::tensor::Tensor;

fn operands<'a>(a: &'a Tensor, b: &'a Tensor, c: Option<&'a Tensor>) -> Vec<&'a Tensor> {
    let mut v = vec![a, b];
    v.extend(c);
    v
}

/// `conv2d(x, w) + bias` (NCHW), recorded as `Op::Conv2d` saving x and w.
pub fn conv2d(x: &Tensor, w: &Tensor, bias: Option<&Tensor>, p: &ConvParams) -> Result<Tensor> {
    let out = raw::conv2d(x, w, bias, p)?;
    let ins = operands(x, w, bias);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Conv2d { p: *p, bias: bias.is_some() }, &ins, out, vec![x.clone(), w.clone()], false))
}

/// The transposed convolution with output size `out_hw`, plus bias, recorded as
/// `Op::ConvTranspose2d` saving y and w.
pub fn conv_transpose2d(y: &Tensor, w: &Tensor, bias: Option<&Tensor>, p: &ConvParams, out_hw: [usize; 2]) -> Result<Tensor> {
    let out = raw::conv_transpose2d(y, w, bias, p, out_hw)?;
    let ins = operands(y, w, bias);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let op = Op::ConvTranspose2d { p: *p, out_hw, bias: bias.is_some() };
    Ok(record_op(op, &ins, out, vec![y.clone(), w.clone()], false))
}

/// The weight gradient of `conv2d(x, .)` against output gradient `g`, recorded as
/// `Op::Conv2dWeightGrad` saving x and g.
pub fn conv2d_weight_grad(x: &Tensor, g: &Tensor, p: &ConvParams, w_shape: &[usize]) -> Result<Tensor> {
    let out = raw::conv2d_weight_grad(x, g, p, w_shape)?;
    if !should_record(&[x, g], &out) {
        return Ok(strip(out));
    }
    let op = Op::Conv2dWeightGrad { p: *p, w_shape: w_shape.to_vec() };
    Ok(record_op(op, &[x, g], out, vec![x.clone(), g.clone()], false))
}
