//! Backward rules of where, clip and the triangles.

use crate::autograd::ops::{mask, mul, reduce_to, scalar, triangle, when, where_};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::creation;
use crate::kernels::elementwise::binary::binary as raw_binary;
use crate::kernels::elementwise::table::BinaryOp;
use crate::kernels::select::Triangle;
use crate::tensor::Tensor;

/// The gradient goes to `x` where the condition (saved) holds, else to `y`.
pub(super) fn where_rule(need: &[bool], s: &[Tensor], g: &Tensor, shapes: &[&[usize]]) -> Result<Vec<Option<Tensor>>> {
    let zero = scalar(g.dtype(), 0.0)?;
    Ok(vec![
        when(need[0], || reduce_to(&where_(&s[0], g, &zero)?, shapes[0]))?,
        when(need[1], || reduce_to(&where_(&s[0], &zero, g)?, shapes[1]))?,
    ])
}

/// As PyTorch's clamp: `x` gets the gradient where `min <= x <= max`, `min` where `x < min`,
/// `max` where `x > max`. `s` holds the operands.
pub(super) fn clip_rule(
    has_min: bool,
    has_max: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shapes: &[&[usize]],
) -> Result<Vec<Option<Tensor>>> {
    let dt = g.dtype();
    let xv = &s[0];
    let lo = if has_min { Some(&s[1]) } else { None };
    let hi = if has_max { Some(&s[1 + has_min as usize]) } else { None };
    let mut inside = creation::full(DType::Bool, &[], 1.0)?;
    if let Some(lo) = lo {
        inside = raw_binary(BinaryOp::LogicalAnd, &inside, &raw_binary(BinaryOp::GreaterEqual, xv, lo)?)?;
    }
    if let Some(hi) = hi {
        inside = raw_binary(BinaryOp::LogicalAnd, &inside, &raw_binary(BinaryOp::LessEqual, xv, hi)?)?;
    }
    let mut out = vec![when(need[0], || reduce_to(&mul(g, &mask(inside.clone(), dt)?)?, shapes[0]))?];
    if let Some(lo) = lo {
        out.push(when(need[1], || reduce_to(&mul(g, &mask(raw_binary(BinaryOp::Less, xv, lo)?, dt)?)?, shapes[1]))?);
    }
    if let Some(hi) = hi {
        let i = 1 + has_min as usize;
        out.push(when(need[i], || reduce_to(&mul(g, &mask(raw_binary(BinaryOp::Greater, xv, hi)?, dt)?)?, shapes[i]))?);
    }
    Ok(out)
}

/// The same triangle of the output gradient.
pub(super) fn triangle_rule(k: i64, lower: bool, need: &[bool], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    let which = if lower { Triangle::Lower } else { Triangle::Upper };
    Ok(vec![when(need[0], || triangle(g, k, which))?])
}
