//! Product wrappers: matmul (one node), and tensordot, einsum, vecdot and outer, which record
//! the differentiable ops they lower to; the diagonal views einsum takes and their adjoint.

use super::{broadcast_to, cast, i64s, mul, records, reshape, strip, sum, transpose};
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::{contraction, matmul as raw_matmul};
use crate::op::Op;
use crate::tensor::Tensor;

/// `numpy.matmul` in every form (1-D operands promoted and the dim removed, batch broadcast).
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = raw_matmul::matmul(a, b)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::MatMul, &[a, b], out, vec![a.clone(), b.clone()], false))
}

/// `vecdot`: recorded as `sum(a * b, axis)` (same values up to rounding).
pub fn vecdot(a: &Tensor, b: &Tensor, axis: i64) -> Result<Tensor> {
    let out = contraction::vecdot(a, b, axis)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    sum(&mul(a, b)?, Some(&[axis]), false)
}

/// `outer`: recorded as `flatten(a)[:, None] * flatten(b)[None, :]`.
pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = contraction::outer(a, b)?;
    if !should_record(&[a, b], &out) {
        return Ok(strip(out));
    }
    mul(&reshape(a, &[-1, 1])?, &reshape(b, &[1, -1])?)
}

/// `tensordot`: recorded as the transposes, reshapes and matmul it lowers to.
pub fn tensordot(a: &Tensor, b: &Tensor, axes_a: &[i64], axes_b: &[i64]) -> Result<Tensor> {
    if !records(&[a, b]) {
        return contraction::tensordot(a, b, axes_a, axes_b);
    }
    let p = contraction::tensordot_plan(a, b, axes_a, axes_b)?;
    let perm = |v: &[usize]| v.iter().map(|&i| i as i64).collect::<Vec<i64>>();
    let a2 = reshape(&transpose(a, Some(&perm(&p.perm_a)))?, &[p.m as i64, p.k as i64])?;
    let b2 = reshape(&transpose(b, Some(&perm(&p.perm_b)))?, &[p.k as i64, p.n as i64])?;
    reshape(&matmul(&a2, &b2)?, &i64s(&p.shape))
}

/// `tensordot` with an integer number of contracted axes.
pub fn tensordot_n(a: &Tensor, b: &Tensor, n: i64) -> Result<Tensor> {
    let (x, y) = contraction::tensordot_n_axes(a, b, n)?;
    tensordot(a, b, &x, &y)
}

/// `einsum`: the same lowering as the forward kernel (diagonals, sums, transposes, reshapes,
/// batched matmuls), run with the differentiable wrappers.
pub fn einsum(subscripts: &str, operands: &[&Tensor]) -> Result<Tensor> {
    use crate::kernels::contraction::{einsum_with, EinsumOps};
    if !records(operands) {
        return contraction::einsum(subscripts, operands);
    }
    const AG: EinsumOps = EinsumOps {
        permute: |t, p| transpose(t, Some(&p.iter().map(|&i| i as i64).collect::<Vec<_>>())),
        reshape: |t, d| reshape(t, &i64s(d)),
        matmul,
        sum: |t, axes| sum(t, Some(axes), false),
        cast,
        diagonal: diagonal_term,
    };
    einsum_with(&AG, subscripts, operands)
}

/// Differentiable `contraction::diagonal_term`: the diagonal view (recorded) then a broadcast.
fn diagonal_term(term: &[u8], t: &Tensor, size: &[usize; 128]) -> Result<contraction::Term> {
    let (letters, _) = contraction::diag_layout(term, t.shape(), t.strides(), t.layout().offset, size);
    let full: Vec<usize> = letters.iter().map(|&c| size[c as usize]).collect();
    let v = if letters.len() == term.len() { t.clone() } else { diagonal_view(t, term, size)? };
    let v = if v.shape() == &full[..] { v } else { broadcast_to(&v, &full)? };
    Ok(contraction::Term { letters, t: v })
}

/// The diagonal view of `t` for einsum's term `term`.
pub(crate) fn diagonal_view(t: &Tensor, term: &[u8], size: &[usize; 128]) -> Result<Tensor> {
    let out = contraction::diagonal_view(t, term, size);
    if !should_record(&[t], &out) {
        return Ok(out);
    }
    Ok(record_op(Op::Diagonal { term: term.to_vec(), size: Box::new(*size) }, &[t], out, vec![], false))
}

/// Zeros of `shape` with `g` written on the diagonal `diagonal_view` reads.
pub(crate) fn diagonal_scatter(g: &Tensor, shape: &[usize], term: &[u8], size: &[usize; 128]) -> Result<Tensor> {
    let z = contraction::diagonal_scatter(&g.detach(), shape, term, size)?;
    if !should_record(&[g], &z) {
        return Ok(z);
    }
    let op = Op::DiagonalScatter { term: term.to_vec(), size: Box::new(*size), shape: shape.to_vec() };
    Ok(record_op(op, &[g], z, vec![], false))
}
