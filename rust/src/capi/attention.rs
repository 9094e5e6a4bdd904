//! Scaled dot-product attention (PyTorch's `scaled_dot_product_attention`), fused: one pass per
//! (batch, head) block forward, one fused backward. The result is a new tensor owned by the
//! caller; inputs are borrowed. Differentiable (TF_Backward) with respect to query, key, value
//! and a float mask, to any order.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::Result;
use crate::nn::attention as nn;
use crate::tensor::Tensor;

/// Reads an optional operand: NULL is "not given".
///
/// # Safety
/// `p` is NULL or a live handle.
unsafe fn optional<'a>(p: *const TF_Tensor, name: &str) -> Result<Option<&'a Tensor>> {
    if p.is_null() {
        Ok(None)
    } else {
        tensor_arg(p, name).map(Some)
    }
}

/// Scaled dot-product attention, `softmax(query key^T * scale + mask) value`:
/// `query` `[..., L, E]`, `key` `[..., S, E]`, `value` `[..., S, Ev]`, the leading (batch)
/// dims of all three and of the mask broadcasting together; the result is `[..., L, Ev]` in the
/// promoted dtype, which must be TF_FLOAT or TF_DOUBLE. `attn_mask` is NULL, a TF_BOOL tensor
/// (true: the key takes part) or a float tensor added to the scores (cast to the result's
/// dtype), broadcastable to `[..., L, S]`. `is_causal` applies the upper-left aligned lower
/// triangle (query i sees keys j <= i, also when L != S); it cannot be combined with a mask.
/// `scale` multiplies `query key^T`; a value <= 0 or NaN means the default `1 / sqrt(E)` (a
/// negative scale cannot be asked for through this function). `dropout_p` in [0, 1] drops
/// probabilities after the softmax (kept ones scaled by `1 / (1 - dropout_p)`) with the
/// library's generator (TF_ManualSeed makes it reproducible); the node saves the multiplier, so
/// the backward uses the forward's mask. `enable_gqa` repeats key and value heads (dim -3,
/// repeat_interleave) up to the query's when their count divides it. A row whose every key
/// is masked out gives output 0 and gradient 0 (PyTorch's math backend). The softmax
/// accumulates in the dtype's precision; blocks are spread over the thread team. Errors (all
/// TF_LAYER_CONFIG_ERROR, naming the values): operands of fewer than 2 dims, query and key
/// embedding sizes or key and value lengths that differ, batch dims or a mask that do not
/// broadcast, a mask together with `is_causal`, `dropout_p` outside [0, 1] or NaN, with
/// `enable_gqa` head counts that do not divide; integer operands or a mask neither bool nor
/// float (TF_DTYPE_ERROR).
///
/// # Safety
/// `query`, `key` and `value` are live handles; `attn_mask` is NULL or a live handle.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_ScaledDotProductAttention(
    query: *const TF_Tensor,
    key: *const TF_Tensor,
    value: *const TF_Tensor,
    attn_mask: *const TF_Tensor,
    dropout_p: f64,
    is_causal: bool,
    scale: f64,
    enable_gqa: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ScaledDotProductAttention", None, || {
        let (q, k, v) = (tensor_arg(query, "query")?, tensor_arg(key, "key")?, tensor_arg(value, "value")?);
        let m = optional(attn_mask, "attn_mask")?;
        let scale = if scale > 0.0 { Some(scale) } else { None };
        let out = nn::scaled_dot_product_attention(q, k, v, m, dropout_p, is_causal, scale, enable_gqa)?;
        Ok(handle(out))
    })
}
