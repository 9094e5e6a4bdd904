//! Embedding lookups (PyTorch's `embedding`) and `one_hot`. Results are new tensors owned by
//! the caller; inputs are borrowed. Indices may have any integer dtype (else TF_DTYPE_ERROR)
//! and any shape; a value out of range is TF_INVALID_ARGUMENT naming it. Gradients are dense:
//! tenflowers has no sparse gradients.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::nn::embedding as nn;

/// `padding_idx` for TF_Embedding: no padding row (INT64_MIN).
pub const TF_EMBEDDING_NO_PADDING: i64 = -0x7fff_ffff_ffff_ffff - 1;

/// The rows of `weight` (2-D `[V, D]`, TF_FLOAT or TF_DOUBLE) at `indices`: shape
/// `indices.shape + [D]`; an index outside `0..V` is TF_INVALID_ARGUMENT naming it.
/// Differentiable (TF_Backward) in the weight: its gradient is the output gradient rows added
/// at the rows their indices name (a deterministic scatter-add, itself differentiable: its
/// gradient is a lookup), with
/// - `padding_idx` (TF_EMBEDDING_NO_PADDING for none; negative values count from the end,
///   outside `-V..V` is TF_LAYER_CONFIG_ERROR): that row gets zero gradient (its lookup still
///   reads it);
/// - `scale_grad_by_freq`: each row's gradient divided by how often `indices` reads it;
/// - `max_norm` > 0 (<= 0: none): before the lookup, each row read whose `norm_type`-norm
///   (INFINITY: the largest magnitude; must be positive, else TF_LAYER_CONFIG_ERROR) exceeds
///   `max_norm` is scaled by `max_norm / (norm + 1e-7)`, written into `weight` in place (seen by
///   every tensor sharing its storage; not recorded for autograd), as PyTorch's
///   `embedding_renorm_`.
///
/// # Safety
/// `indices` and `weight` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Embedding(
    indices: *const TF_Tensor,
    weight: *const TF_Tensor,
    padding_idx: i64,
    max_norm: f64,
    norm_type: f64,
    scale_grad_by_freq: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Embedding", None, || {
        let (i, w) = (tensor_arg(indices, "indices")?, tensor_arg(weight, "weight")?);
        let pad = if padding_idx == TF_EMBEDDING_NO_PADDING { None } else { Some(padding_idx) };
        let mn = if max_norm > 0.0 { Some(max_norm) } else { None };
        Ok(handle(nn::embedding(i, w, pad, mn, norm_type, scale_grad_by_freq)?))
    })
}

/// PyTorch's `one_hot`: TF_INT64 of shape `indices.shape + [num_classes]`, 1 at each index's
/// class and 0 elsewhere; `num_classes` -1 infers the largest value plus one
/// (TF_INVALID_ARGUMENT for an empty `indices`). A negative value or one >= num_classes is
/// TF_INVALID_ARGUMENT naming it; num_classes below -1 is TF_LAYER_CONFIG_ERROR. Not
/// differentiable.
///
/// # Safety
/// `indices` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_OneHot(indices: *const TF_Tensor, num_classes: i64, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_OneHot", None, || Ok(handle(nn::one_hot(tensor_arg(indices, "indices")?, num_classes)?)))
}
