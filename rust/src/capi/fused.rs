//! Fused kernels for training: cross-entropy, linear (matmul + bias + activation) and in-place
//! parameter updates. All are differentiable (TF_Backward) where the math is; results are new
//! tensors owned by the caller, inputs are borrowed.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::fused as ag;
use crate::error::{Error, Result};
use crate::kernels::fused::{Activation, CrossEntropyOptions, Reduction};
use crate::tensor::Tensor;
use std::os::raw::c_int;

/// Reduction for TF_CrossEntropy: no reduction, one loss per row.
pub const TF_REDUCTION_NONE: c_int = 0;
/// Reduction for TF_CrossEntropy: the mean over the rows whose target is not ignored.
pub const TF_REDUCTION_MEAN: c_int = 1;
/// Reduction for TF_CrossEntropy: the sum over the rows.
pub const TF_REDUCTION_SUM: c_int = 2;

/// Activation for TF_Linear: none (`x @ W^T + b`).
pub const TF_ACTIVATION_NONE: c_int = 0;
/// Activation for TF_Linear: `max(x @ W^T + b, 0)` (NaN stays NaN, as TF_Relu).
pub const TF_ACTIVATION_RELU: c_int = 1;

/// The default `ignore_index` of TF_CrossEntropy in PyTorch (-100): pass it when no target is
/// to be ignored.
pub const TF_IGNORE_INDEX_DEFAULT: i64 = -100;

/// Cross-entropy (log_softmax + negative log-likelihood, fused; PyTorch's `cross_entropy`) of
/// `logits` (TF_FLOAT or TF_DOUBLE, shape `[N, C]`, or `[C]` for one sample) against `target`
/// (class indices of any integer dtype, shape `[N]`, or `[]` for one sample). Row i's loss is
/// `logsumexp(logits[i]) - logits[i, target[i]]`; with `label_smoothing` = e in [0, 1] it is
/// `(1 - e)` times that plus `e` times `logsumexp(logits[i]) - mean(logits[i])`. Rows whose target
/// equals `ignore_index` contribute 0 (TF_IGNORE_INDEX_DEFAULT when none should be ignored).
/// `reduction`: TF_REDUCTION_NONE gives the `[N]` losses (`[]` for one sample), TF_REDUCTION_SUM
/// their sum, TF_REDUCTION_MEAN their sum divided by the number of rows not ignored (NaN when
/// every row is ignored); the result has the logits' dtype. One pass over each row computes its
/// maximum, logsumexp and the picked logit; the gradient, `(softmax - target distribution) * g`
/// (divided by the count for the mean), is one pass too. Errors: a target outside `[0, C)` that
/// is not `ignore_index` (TF_INVALID_ARGUMENT naming the value, its position and C), a bad
/// `reduction` or a `label_smoothing` outside [0, 1] (TF_INVALID_ARGUMENT), non-float logits or
/// a non-integer target (TF_DTYPE_ERROR), shapes other than the above (TF_SHAPE_ERROR).
///
/// # Safety
/// `logits` and `target` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_CrossEntropy(
    logits: *const TF_Tensor,
    target: *const TF_Tensor,
    reduction: c_int,
    ignore_index: i64,
    label_smoothing: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_CrossEntropy", None, || {
        let reduction = match reduction {
            TF_REDUCTION_NONE => Reduction::None,
            TF_REDUCTION_MEAN => Reduction::Mean,
            TF_REDUCTION_SUM => Reduction::Sum,
            r => {
                return Err(Error::invalid(format!(
                    "unknown reduction {r} (TF_REDUCTION_NONE 0, TF_REDUCTION_MEAN 1, TF_REDUCTION_SUM 2)"
                )))
            }
        };
        let opts = CrossEntropyOptions { reduction, ignore_index, label_smoothing };
        Ok(handle(ag::cross_entropy(tensor_arg(logits, "logits")?, tensor_arg(target, "target")?, opts)?))
    })
}

/// A fully connected layer, PyTorch's `linear` with a fused activation:
/// `activation(x @ weight^T + bias)` for `x` of shape `[..., in]`, `weight` of shape `[out, in]`
/// (PyTorch's layout; read through a transposed view, never copied) and `bias` of shape `[out]`
/// or NULL; the result has shape `[..., out]`. The matrix product runs first, then one pass over
/// its output adds the bias and applies `activation` (TF_ACTIVATION_NONE or TF_ACTIVATION_RELU).
/// Dtypes promote as TF_MatMul and must give TF_FLOAT or TF_DOUBLE (else TF_DTYPE_ERROR).
/// Differentiable with respect to all three: with `g' = g * (y > 0)` for relu, `dx = g' @ weight`,
/// `dweight = g'^T @ x`, `dbias = sum(g', 0)`. Errors: a 0-d `x`, a weight that is not 2-D,
/// `x.shape[-1] != in` or a bias not of shape `[out]` (TF_SHAPE_ERROR), an unknown
/// `activation` (TF_INVALID_ARGUMENT).
///
/// # Safety
/// `x` and `weight` are live handles; `bias` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Linear(
    x: *const TF_Tensor,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    activation: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Linear", None, || {
        let act = match activation {
            TF_ACTIVATION_NONE => Activation::None,
            TF_ACTIVATION_RELU => Activation::Relu,
            a => {
                return Err(Error::invalid(format!(
                    "unknown activation {a} (TF_ACTIVATION_NONE 0, TF_ACTIVATION_RELU 1)"
                )))
            }
        };
        let b = if bias.is_null() { None } else { Some(tensor_arg(bias, "bias")?) };
        Ok(handle(ag::linear(tensor_arg(x, "x")?, tensor_arg(weight, "weight")?, b, act)?))
    })
}

/// In-place `p += alpha * g` (BLAS axpy; PyTorch's `p.add_(g, alpha=alpha)`), written into the
/// storage elements `p` views, so every tensor sharing that storage sees it, without a
/// temporary. `p` must be TF_FLOAT or TF_DOUBLE (else TF_DTYPE_ERROR) and not a broadcast view
/// (TF_INVALID_ARGUMENT); `g` (any dtype, cast to `p`'s, which every dtype may be under NumPy's
/// 'same_kind' rule) must broadcast to `p`'s shape (else TF_SHAPE_ERROR); `alpha` is rounded to
/// `p`'s dtype. `g` may share storage with `p`: it is read in full first. While grad mode is on,
/// a `p` that requires grad is refused with TF_GRADIENT_ERROR (run parameter updates with grad
/// mode off, TF_SetGradEnabled(false)); writing into a tensor a graph saved for backward makes
/// that backward fail (version counters). On error `p` is unchanged. Not safe to run while
/// another thread reads or writes the same storage.
///
/// # Safety
/// `p` and `g` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_AddScaledInPlace(p: *const TF_Tensor, g: *const TF_Tensor, alpha: f64, status: *mut TF_Status) {
    guard(status, "TF_AddScaledInPlace", (), || ag::add_scaled_(tensor_arg(p, "p")?, tensor_arg(g, "g")?, alpha))
}

/// One step of plain SGD over `num` parameters: for each parameter with a gradient (TF_Grad),
/// `p -= lr * grad` in place as TF_AddScaledInPlace (parameters without a gradient are skipped, as in
/// PyTorch); grad mode is off during the update, as in an optimizer step. With `zero_grad`, every
/// parameter's gradient is then cleared (TF_ZeroGrad). All parameters are checked before any is
/// written, so on error none has changed. Errors: NULL `params` with `num > 0`, a NULL entry,
/// negative `num` or a non-finite `lr` (TF_INVALID_ARGUMENT), a parameter that is not floating
/// point (TF_DTYPE_ERROR). The same thread-safety rule as TF_AddScaledInPlace.
///
/// # Safety
/// `params` is NULL (with `num == 0`) or points to `num` live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_SgdStep(
    params: *const *const TF_Tensor,
    num: c_int,
    lr: f64,
    zero_grad: bool,
    status: *mut TF_Status,
) {
    guard(status, "TF_SgdStep", (), || {
        let ps = param_list(params, num)?;
        ag::sgd_step_(&ps, lr, zero_grad)
    })
}

/// Reads `num` handles (any count; these are parameter lists, not shapes).
///
/// # Safety
/// As TF_SgdStep's `params`.
unsafe fn param_list<'a>(ts: *const *const TF_Tensor, num: c_int) -> Result<Vec<&'a Tensor>> {
    if num < 0 {
        return Err(Error::invalid(format!("num is negative ({num})")));
    }
    if num == 0 {
        return Ok(Vec::new());
    }
    if ts.is_null() {
        return Err(Error::invalid(format!("params is NULL but num is {num}")));
    }
    std::slice::from_raw_parts(ts, num as usize)
        .iter()
        .enumerate()
        .map(|(i, &p)| tensor_arg(p, &format!("params[{i}]")))
        .collect()
}
