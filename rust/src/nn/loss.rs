//! The losses as differentiable functions: the pointwise family (`Op::PointwiseLoss`: mse, l1,
//! smooth_l1, huber, binary cross-entropy with and without logits, kl_div) and the class family
//! (`Op::ClassLoss`: cross_entropy in full form, nll_loss). Kernels in `kernels::nn::loss` and
//! `kernels::nn::class_loss`, backward rules in `autograd::rules::loss`.

use crate::autograd::fused as ag_fused;
use crate::autograd::ops::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::fused::{CrossEntropyOptions, Reduction};
use crate::kernels::nn::class_loss::{self, ClassLossKind, ClassLossOptions};
use crate::kernels::nn::loss::{self, LossReduction, PointwiseLoss};
use crate::op::Op;
use crate::tensor::Tensor;

/// A pointwise loss of `input` against `target` (see `kernels::nn::loss`), differentiable with
/// respect to both; `weight` and `pos_weight` (binary cross-entropy only) are constants. The
/// node saves the four operands.
pub fn pointwise_loss(
    kind: PointwiseLoss,
    reduction: LossReduction,
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    pos_weight: Option<&Tensor>,
) -> Result<Tensor> {
    let out = loss::pointwise_loss(kind, reduction, input, target, weight, pos_weight)?;
    if !should_record(&[input, target], &out) {
        return Ok(strip(out));
    }
    let mut saved = vec![input.clone(), target.clone()];
    saved.extend(weight.cloned());
    saved.extend(pos_weight.cloned());
    let op = Op::PointwiseLoss { kind, reduction, weight: weight.is_some(), pos_weight: pos_weight.is_some() };
    Ok(record_op(op, &[input, target], out, saved, false))
}

/// cross_entropy (full form) or nll_loss of `input` against class indices or (cross_entropy)
/// class probabilities of the input's shape, differentiable with respect to the input and to
/// probability targets; the weight is a constant. The plain cross_entropy (index targets, no
/// weight, input of at most 2 dims) runs the fused `Op::CrossEntropy`. The node saves the input,
/// the target, the weight and each row's logsumexp.
pub fn class_loss(input: &Tensor, target: &Tensor, weight: Option<&Tensor>, opts: ClassLossOptions) -> Result<Tensor> {
    let plain = opts.kind == ClassLossKind::CrossEntropy
        && weight.is_none()
        && input.ndim() <= 2
        && target.shape() != input.shape()
        && opts.reduction != LossReduction::BatchMean;
    if plain {
        let reduction = match opts.reduction {
            LossReduction::None => Reduction::None,
            LossReduction::Sum => Reduction::Sum,
            _ => Reduction::Mean,
        };
        let o = CrossEntropyOptions { reduction, ignore_index: opts.ignore_index, label_smoothing: opts.label_smoothing };
        return ag_fused::cross_entropy(input, target, o);
    }
    let (out, lse) = class_loss::class_loss(input, target, weight, &opts)?;
    let probs = target.shape() == input.shape() && opts.kind == ClassLossKind::CrossEntropy;
    let ins: Vec<&Tensor> = if probs { vec![input, target] } else { vec![input] };
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let mut saved = vec![input.clone(), target.clone(), lse];
    saved.extend(weight.cloned());
    Ok(record_op(Op::ClassLoss { opts, weight: weight.is_some() }, &ins, out, saved, false))
}
