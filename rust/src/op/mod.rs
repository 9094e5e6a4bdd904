//! The op description: an operation as data, its kind and attributes, with one dispatch,
//! `execute`, that runs its kernel. Autograd nodes record the `Op` they ran and their backward
//! rule is found by it (`autograd::rules`, one match), so a recorded graph is a list of ops that
//! can be read and run again.
//!
//! The elementwise families (the op table's rows) are ops today. The other recorded operations
//! (reductions, shape and index ops, matmul, fused ops) still attach a backward closure to their
//! node and have no `Op` yet.

use crate::error::{Error, Result};
use crate::ops::table::{BinaryOp, ParamOp, UnaryOp};
use crate::ops::{binary, unary};
use crate::tensor::Tensor;
use std::ffi::CStr;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// An elementwise op on one tensor.
    Unary(UnaryOp),
    /// An elementwise op on one tensor with its float parameter (negative slope, alpha).
    UnaryParam(ParamOp, f64),
    /// An elementwise op on two broadcasting tensors.
    Binary(BinaryOp),
}

impl Op {
    /// The op's name (the Python name).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Unary(op) => op.name(),
            Op::UnaryParam(op, _) => op.name(),
            Op::Binary(op) => op.name(),
        }
    }

    /// The name of the autograd node that records it.
    pub fn grad_fn_name(&self) -> &'static CStr {
        match self {
            Op::Unary(op) => op.grad_fn_name(),
            Op::UnaryParam(op, _) => op.grad_fn_name(),
            Op::Binary(op) => op.grad_fn_name(),
        }
    }

    /// How many tensors it takes.
    pub fn arity(&self) -> usize {
        match self {
            Op::Unary(_) | Op::UnaryParam(..) => 1,
            Op::Binary(_) => 2,
        }
    }

    /// Runs the op's kernel on `inputs` (no autograd recording): the forward pass, again.
    pub fn execute(&self, inputs: &[&Tensor]) -> Result<Tensor> {
        if inputs.len() != self.arity() {
            return Err(Error::invalid(format!(
                "{} takes {} tensor(s), got {}",
                self.name(),
                self.arity(),
                inputs.len()
            )));
        }
        match *self {
            Op::Unary(op) => unary::unary(op, inputs[0]),
            Op::UnaryParam(op, p) => unary::unary_param(op, inputs[0], p),
            Op::Binary(op) => binary::binary(op, inputs[0], inputs[1]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::ops::creation;

    #[test]
    fn execute_runs_the_kernel_and_checks_arity() {
        let x = creation::full(DType::F64, &[3], 2.0).unwrap();
        let y = Op::Binary(BinaryOp::Mul).execute(&[&x, &x]).unwrap();
        assert_eq!(y.to_vec::<f64>(), vec![4.0; 3]);
        let e = Op::Unary(UnaryOp::Exp).execute(&[&x, &x]).err().unwrap();
        assert!(e.message.contains("exp takes 1 tensor(s), got 2"), "{}", e.message);
        let l = Op::UnaryParam(ParamOp::LeakyRelu, 0.5)
            .execute(&[&crate::ops::unary::unary(UnaryOp::Negative, &x).unwrap()])
            .unwrap();
        assert_eq!(l.to_vec::<f64>(), vec![-1.0; 3]);
    }
}
