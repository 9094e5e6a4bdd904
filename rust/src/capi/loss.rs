//! Losses (PyTorch's `torch.nn.functional` losses): pointwise losses, binary cross-entropy,
//! kl_div, nll_loss and cross_entropy in full form. Every result is a new tensor owned by the
//! caller; inputs are borrowed. All are differentiable (TF_Backward) with respect to the input,
//! and to the target where PyTorch differentiates it; `weight` and `pos_weight` are constants.
//! `reduction` is TF_REDUCTION_NONE (the elementwise or per-sample losses), TF_REDUCTION_MEAN or
//! TF_REDUCTION_SUM (a 0-d result), and TF_REDUCTION_BATCHMEAN for TF_KlDiv only; anything else
//! is TF_INVALID_ARGUMENT. The input must be TF_FLOAT or TF_DOUBLE (else TF_DTYPE_ERROR); other
//! float operands promote with it.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::fused::{TF_REDUCTION_MEAN, TF_REDUCTION_NONE, TF_REDUCTION_SUM};
use super::status::TF_Status;
use crate::error::{Error, Result};
use crate::kernels::nn::class_loss::{ClassLossKind, ClassLossOptions};
use crate::kernels::nn::loss::{LossReduction, PointwiseLoss};
use crate::nn::loss as nn;
use crate::tensor::Tensor;
use std::os::raw::c_int;

/// Reduction for TF_KlDiv: the sum divided by the size of the input's first dim (the sum for a
/// 0-d input).
pub const TF_REDUCTION_BATCHMEAN: c_int = 3;

fn reduction_arg(r: c_int, batchmean: bool) -> Result<LossReduction> {
    Ok(match r {
        TF_REDUCTION_NONE => LossReduction::None,
        TF_REDUCTION_MEAN => LossReduction::Mean,
        TF_REDUCTION_SUM => LossReduction::Sum,
        TF_REDUCTION_BATCHMEAN if batchmean => LossReduction::BatchMean,
        r => {
            let extra = if batchmean { ", TF_REDUCTION_BATCHMEAN 3" } else { "" };
            return Err(Error::invalid(format!(
                "unknown reduction {r} (TF_REDUCTION_NONE 0, TF_REDUCTION_MEAN 1, TF_REDUCTION_SUM 2{extra})"
            )));
        }
    })
}

/// # Safety
/// `p` is NULL or a live handle.
unsafe fn optional<'a>(p: *const TF_Tensor, name: &str) -> Result<Option<&'a Tensor>> {
    if p.is_null() {
        Ok(None)
    } else {
        tensor_arg(p, name).map(Some)
    }
}

/// # Safety
/// As the entry points' operands.
unsafe fn pointwise(
    kind: PointwiseLoss,
    reduction: c_int,
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    weight: *const TF_Tensor,
    pos_weight: *const TF_Tensor,
) -> Result<Option<Box<TF_Tensor>>> {
    let r = reduction_arg(reduction, matches!(kind, PointwiseLoss::KlDiv { .. }))?;
    let (x, t) = (tensor_arg(input, "input")?, tensor_arg(target, "target")?);
    let (w, p) = (optional(weight, "weight")?, optional(pos_weight, "pos_weight")?);
    Ok(handle(nn::pointwise_loss(kind, r, x, t, w, p)?))
}

/// Mean squared error, PyTorch's `mse_loss`: `(input - target)^2` elementwise, `input` and
/// `target` broadcast together (NumPy rules; TF_SHAPE_ERROR naming both shapes when they do
/// not), then reduced (the mean is over the broadcast elements). Gradients
/// `2 (input - target) g` and its negative for the target, in one pass each.
///
/// # Safety
/// `input` and `target` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_MseLoss(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    reduction: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    let n = std::ptr::null();
    guard(status, "TF_MseLoss", None, || pointwise(PointwiseLoss::Mse, reduction, input, target, n, n))
}

/// Mean absolute error, PyTorch's `l1_loss`: `|input - target|`, broadcast and reduced as
/// TF_MseLoss. Gradient `sign(input - target) g` (0 where equal).
///
/// # Safety
/// `input` and `target` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_L1Loss(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    reduction: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    let n = std::ptr::null();
    guard(status, "TF_L1Loss", None, || pointwise(PointwiseLoss::L1, reduction, input, target, n, n))
}

/// PyTorch's `smooth_l1_loss`: with `d = input - target`, `0.5 d^2 / beta` where
/// `|d| < beta`, else `|d| - 0.5 beta` (the L1 loss when beta is 0), broadcast and reduced as
/// TF_MseLoss. A negative or NaN `beta` is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `input` and `target` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_SmoothL1Loss(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    reduction: c_int,
    beta: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    let n = std::ptr::null();
    guard(status, "TF_SmoothL1Loss", None, || {
        pointwise(PointwiseLoss::SmoothL1 { beta }, reduction, input, target, n, n)
    })
}

/// PyTorch's `huber_loss`: with `d = input - target`, `0.5 d^2` where `|d| <= delta`, else
/// `delta (|d| - 0.5 delta)`, broadcast and reduced as TF_MseLoss. A `delta` that is not
/// positive is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `input` and `target` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_HuberLoss(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    reduction: c_int,
    delta: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    let n = std::ptr::null();
    guard(status, "TF_HuberLoss", None, || {
        pointwise(PointwiseLoss::Huber { delta }, reduction, input, target, n, n)
    })
}

/// Binary cross-entropy of probabilities, PyTorch's `binary_cross_entropy`:
/// `-weight (target log(input) + (1 - target) log(1 - input))` with each log clamped to
/// >= -100 (as PyTorch), then reduced. `target` must have the input's shape and `weight` (or
/// NULL) must broadcast to it (else TF_SHAPE_ERROR); an input element outside [0, 1] (or NaN) is
/// TF_INVALID_ARGUMENT naming it and its position. Gradients: input
/// `weight (input - target) / max(input (1 - input), 1e-12) g` (PyTorch's), target
/// `weight (log(1 - input) - log(input)) g` with the clamped logs.
///
/// # Safety
/// `input` and `target` are live handles; `weight` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_BinaryCrossEntropy(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    weight: *const TF_Tensor,
    reduction: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_BinaryCrossEntropy", None, || {
        pointwise(PointwiseLoss::Bce, reduction, input, target, weight, std::ptr::null())
    })
}

/// Binary cross-entropy of logits, PyTorch's `binary_cross_entropy_with_logits`, in the stable
/// form `weight ((1 - target) input + (1 + (pos_weight - 1) target) softplus(-input))` with
/// `softplus(-x) = max(-x, 0) + log1p(exp(-|x|))` (finite for any finite logit), then reduced.
/// `target` must have the input's shape; `weight` and `pos_weight` (each NULL or broadcasting
/// to the input's shape, so a `[C]` pos_weight weighs the positives of each class of the last
/// dim) else TF_SHAPE_ERROR. Gradients: input
/// `weight (sigmoid(input) (1 + (pos_weight - 1) target) - pos_weight target) g`, target
/// `weight ((pos_weight - 1) softplus(-input) - input) g`.
///
/// # Safety
/// `input` and `target` are live handles; `weight` and `pos_weight` are NULL or live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_BinaryCrossEntropyWithLogits(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    weight: *const TF_Tensor,
    pos_weight: *const TF_Tensor,
    reduction: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_BinaryCrossEntropyWithLogits", None, || {
        pointwise(PointwiseLoss::BceWithLogits, reduction, input, target, weight, pos_weight)
    })
}

/// Kullback-Leibler divergence, PyTorch's `kl_div`, of log-probabilities `input` against
/// `target`: `target (log(target) - input)` (0 where target is 0, NaN where negative), or with
/// `log_target` (target given as log-probabilities) `exp(target) (target - input)`; broadcast
/// as TF_MseLoss, then reduced: TF_REDUCTION_MEAN is the elementwise mean (as PyTorch),
/// TF_REDUCTION_BATCHMEAN the sum over the first dim's size. Gradients: input `-target g`
/// (`-exp(target) g`), target `(log(target) + 1 - input) g` (0 where target is 0;
/// `exp(target) (target + 1 - input) g` with `log_target`).
///
/// # Safety
/// `input` and `target` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_KlDiv(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    reduction: c_int,
    log_target: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    let n = std::ptr::null();
    guard(status, "TF_KlDiv", None, || pointwise(PointwiseLoss::KlDiv { log_target }, reduction, input, target, n, n))
}

/// # Safety
/// As the entry points' operands.
unsafe fn class(
    kind: ClassLossKind,
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    weight: *const TF_Tensor,
    reduction: c_int,
    ignore_index: i64,
    label_smoothing: f64,
) -> Result<Option<Box<TF_Tensor>>> {
    let reduction = reduction_arg(reduction, false)?;
    let opts = ClassLossOptions { kind, reduction, ignore_index, label_smoothing };
    let (x, t) = (tensor_arg(input, "input")?, tensor_arg(target, "target")?);
    Ok(handle(nn::class_loss(x, t, optional(weight, "weight")?, opts)?))
}

/// Negative log-likelihood, PyTorch's `nll_loss`, of log-probabilities `input` of shape
/// `[N, C]`, `[C]` or `[N, C, d1, ...]` (classes on dim 1, or 0 for `[C]`) against class
/// indices `target` (any integer dtype) of the input's shape without the class dim: each
/// position's loss is `-weight[t] input[.., t, ..]` (weight 1 when `weight` is NULL), 0 where
/// `t == ignore_index` (TF_IGNORE_INDEX_DEFAULT when none is to be ignored). TF_REDUCTION_MEAN
/// divides the sum by the sum of `weight[t]` over the positions not ignored (NaN when all
/// are). Gradient `-weight[t] g` at each target. Errors: a target outside `[0, C)` other than
/// `ignore_index` (TF_INVALID_ARGUMENT naming the value, its position and C), a target of
/// another shape or a weight not of shape `[C]` (TF_SHAPE_ERROR), a non-integer target
/// (TF_DTYPE_ERROR).
///
/// # Safety
/// `input` and `target` are live handles; `weight` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_NllLoss(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    weight: *const TF_Tensor,
    reduction: c_int,
    ignore_index: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_NllLoss", None, || class(ClassLossKind::Nll, input, target, weight, reduction, ignore_index, 0.0))
}

/// Cross-entropy in PyTorch's full form (`cross_entropy(input, target, weight, ignore_index,
/// reduction, label_smoothing)`), of unnormalized scores `input` (`[N, C]`, `[C]` or
/// `[N, C, d1, ...]`, classes on dim 1) with `lp = log_softmax(input)` over the classes, fused:
/// one pass per row (position) computes its maximum and logsumexp. Two kinds of target:
/// - class indices (integer, the input's shape without the class dim): with `e` =
///   `label_smoothing` in [0, 1] and `w` the weight (1 when NULL), each position's loss is
///   `(1 - e) (-w[t] lp[t]) + (e / C) sum_c (-w[c] lp[c])`, 0 where `t == ignore_index`;
///   TF_REDUCTION_MEAN divides the sum by `sum w[t]` over the positions not ignored (PyTorch's
///   formula, also with smoothing);
/// - class probabilities (floating point, the input's shape): with `tt = (1 - e) target + e / C`,
///   the loss is `-sum_c w[c] tt[c] lp[c]`; TF_REDUCTION_MEAN divides by the number of
///   positions; `ignore_index` must be negative (else TF_INVALID_ARGUMENT); differentiable
///   with respect to the target too (`-(1 - e) w lp g`).
/// With index targets, no weight and an input of at most 2 dims this runs TF_CrossEntropy's
/// kernel. The input gradient, `(softmax(input) sum_c w[c] tt[c] - w tt) g` (over the mean's
/// divisor), is one pass per row. Errors: as TF_NllLoss, and a `label_smoothing` outside
/// [0, 1] (TF_INVALID_ARGUMENT).
///
/// # Safety
/// `input` and `target` are live handles; `weight` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_CrossEntropyLoss(
    input: *const TF_Tensor,
    target: *const TF_Tensor,
    weight: *const TF_Tensor,
    reduction: c_int,
    ignore_index: i64,
    label_smoothing: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_CrossEntropyLoss", None, || {
        class(ClassLossKind::CrossEntropy, input, target, weight, reduction, ignore_index, label_smoothing)
    })
}
