//! Selection wrappers: where, clip, tril and triu.

use super::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::select::{self, Triangle};
use crate::op::Op;
use crate::tensor::Tensor;

/// `where(cond, x, y)`: the gradient goes to `x` where cond holds, else to `y` (the condition
/// is saved, detached).
pub fn where_(cond: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let out = select::where_(cond, x, y)?;
    if !should_record(&[x, y], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Where, &[x, y], out, vec![cond.detach()], false))
}

/// `clip(x, min, max)` (PyTorch's clamp gradients); the operands are saved.
pub fn clip(x: &Tensor, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
    let out = select::clip(x, min, max)?;
    let mut ins: Vec<&Tensor> = vec![x];
    ins.extend(min);
    ins.extend(max);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let saved: Vec<Tensor> = ins.iter().map(|t| (*t).clone()).collect();
    Ok(record_op(Op::Clip { has_min: min.is_some(), has_max: max.is_some() }, &ins, out, saved, false))
}

/// `tril` / `triu`: the gradient is the same triangle of the output gradient.
pub fn triangle(t: &Tensor, k: i64, which: Triangle) -> Result<Tensor> {
    let out = select::triangle(t, k, which)?;
    if !should_record(&[t], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Triangle { k, lower: which == Triangle::Lower }, &[t], out, vec![], false))
}
