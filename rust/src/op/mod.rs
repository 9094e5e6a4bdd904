//! The op description: an operation as data, its kind and attributes, with one dispatch,
//! `execute`, that runs its kernel. Autograd nodes record the `Op` they ran and their backward
//! rule is found by it (`autograd::rules`, one match), so a recorded graph is a list of ops that
//! can be read and run again.
//!
//! The elementwise families (the op table's rows) and the reductions over axes are ops today.
//! The other recorded operations (prod, shape and index ops, matmul, fused ops) still attach a
//! backward closure to their node and have no `Op` yet.

use crate::error::{Error, Result};
use crate::kernels::elementwise::table::{BinaryOp, ParamOp, UnaryOp};
use crate::kernels::elementwise::{binary, unary};
use crate::kernels::reduce;
use crate::tensor::Tensor;
use std::ffi::CStr;

/// The reductions over axes that are ops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceOp {
    Sum,
    Mean,
    Max,
    Min,
    /// Variance with `correction` (NumPy's ddof); std is sqrt of it.
    Var,
    LogSumExp,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// An elementwise op on one tensor.
    Unary(UnaryOp),
    /// An elementwise op on one tensor with its float parameter (negative slope, alpha).
    UnaryParam(ParamOp, f64),
    /// An elementwise op on two broadcasting tensors.
    Binary(BinaryOp),
    /// A reduction over `axes` as the caller gave them (None: every dim; negative values count
    /// from the end), keeping reduced dims as size 1 when `keepdims`. `correction` is Var's.
    Reduce { op: ReduceOp, axes: Option<Vec<i64>>, keepdims: bool, correction: f64 },
}

impl ReduceOp {
    /// Runs the reduction's kernel (with borrowed axes: the eager path builds no `Op`).
    pub fn run(self, x: &Tensor, axes: Option<&[i64]>, keepdims: bool, correction: f64) -> Result<Tensor> {
        match self {
            ReduceOp::Sum => reduce::sum(x, axes, keepdims),
            ReduceOp::Mean => reduce::mean(x, axes, keepdims),
            ReduceOp::Max => reduce::max(x, axes, keepdims),
            ReduceOp::Min => reduce::min(x, axes, keepdims),
            ReduceOp::Var => reduce::var(x, axes, correction, keepdims),
            ReduceOp::LogSumExp => reduce::logsumexp(x, axes, keepdims),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Mean => "mean",
            ReduceOp::Max => "max",
            ReduceOp::Min => "min",
            ReduceOp::Var => "var",
            ReduceOp::LogSumExp => "logsumexp",
        }
    }

    pub fn grad_fn_name(self) -> &'static CStr {
        match self {
            ReduceOp::Sum => c"SumBackward",
            ReduceOp::Mean => c"MeanBackward",
            ReduceOp::Max => c"MaxBackward",
            ReduceOp::Min => c"MinBackward",
            ReduceOp::Var => c"VarBackward",
            ReduceOp::LogSumExp => c"LogsumexpBackward",
        }
    }
}

impl Op {
    /// The op's name (the Python name).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Unary(op) => op.name(),
            Op::UnaryParam(op, _) => op.name(),
            Op::Binary(op) => op.name(),
            Op::Reduce { op, .. } => op.name(),
        }
    }

    /// The name of the autograd node that records it.
    pub fn grad_fn_name(&self) -> &'static CStr {
        match self {
            Op::Unary(op) => op.grad_fn_name(),
            Op::UnaryParam(op, _) => op.grad_fn_name(),
            Op::Binary(op) => op.grad_fn_name(),
            Op::Reduce { op, .. } => op.grad_fn_name(),
        }
    }

    /// How many tensors it takes.
    pub fn arity(&self) -> usize {
        match self {
            Op::Unary(_) | Op::UnaryParam(..) | Op::Reduce { .. } => 1,
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
        let x = inputs[0];
        match self {
            Op::Unary(op) => unary::unary(*op, x),
            Op::UnaryParam(op, p) => unary::unary_param(*op, x, *p),
            Op::Binary(op) => binary::binary(*op, x, inputs[1]),
            Op::Reduce { op, axes, keepdims, correction } => op.run(x, axes.as_deref(), *keepdims, *correction),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::kernels::creation;

    #[test]
    fn execute_runs_the_kernel_and_checks_arity() {
        let x = creation::full(DType::F64, &[3], 2.0).unwrap();
        let y = Op::Binary(BinaryOp::Mul).execute(&[&x, &x]).unwrap();
        assert_eq!(y.to_vec::<f64>(), vec![4.0; 3]);
        let e = Op::Unary(UnaryOp::Exp).execute(&[&x, &x]).err().unwrap();
        assert!(e.message.contains("exp takes 1 tensor(s), got 2"), "{}", e.message);
        let l = Op::UnaryParam(ParamOp::LeakyRelu, 0.5)
            .execute(&[&crate::kernels::elementwise::unary::unary(UnaryOp::Negative, &x).unwrap()])
            .unwrap();
        assert_eq!(l.to_vec::<f64>(), vec![-1.0; 3]);
    }
}
