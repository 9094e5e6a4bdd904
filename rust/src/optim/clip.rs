//! Gradient clipping over a list of parameters, as `torch.nn.utils.clip_grad_norm_` and
//! `clip_grad_value_`: gradients are changed in place (in their own storage when they own it
//! densely, else replaced by a scaled copy), parameters without a gradient are skipped.

use crate::dtype::DType;
use crate::error::{Error, Result, TF_Code};
use crate::tensor::Tensor;

/// The gradients of `params` that exist.
fn grads(params: &[&Tensor]) -> Vec<(usize, Tensor)> {
    params
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.autograd.as_ref().and_then(|m| m.grad()).map(|g| (i, g)))
        .collect()
}

fn values(g: &Tensor) -> Result<Vec<f64>> {
    if !g.dtype().is_float() {
        return Err(Error::dtype(format!("gradients are floating point, got one of dtype {}", g.dtype().name())));
    }
    Ok(g.cast(DType::F64)?.to_vec::<f64>())
}

/// The `norm_type`-norm of all gradients together (as the norm of the per-gradient norms):
/// `inf` is the largest magnitude, `-inf` the smallest, 0 counts nonzeros, any other p is
/// `(sum |g|^p)^(1/p)`. Accumulated in f64.
pub fn total_norm(params: &[&Tensor], norm_type: f64) -> Result<f64> {
    if norm_type.is_nan() {
        return Err(Error::invalid("norm_type is NaN".to_string()));
    }
    let gs = grads(params);
    let mut acc: f64 = if norm_type == f64::NEG_INFINITY { f64::INFINITY } else { 0.0 };
    let mut any = false;
    for (_, g) in &gs {
        for x in values(g)? {
            any = true;
            let a = x.abs();
            if norm_type == f64::INFINITY {
                acc = if a.is_nan() || acc.is_nan() { f64::NAN } else { acc.max(a) };
            } else if norm_type == f64::NEG_INFINITY {
                acc = if a.is_nan() || acc.is_nan() { f64::NAN } else { acc.min(a) };
            } else if norm_type == 0.0 {
                acc += if x != 0.0 { 1.0 } else { 0.0 };
            } else if norm_type == 2.0 {
                acc += a * a;
            } else if norm_type == 1.0 {
                acc += a;
            } else {
                acc += a.powf(norm_type);
            }
        }
    }
    if !any {
        return Ok(0.0);
    }
    Ok(if norm_type.is_infinite() || norm_type == 0.0 || norm_type == 1.0 {
        acc
    } else if norm_type == 2.0 {
        acc.sqrt()
    } else {
        acc.powf(1.0 / norm_type)
    })
}

/// Writes `f(x)` over every element of `g`: in place when `g` is a dense contiguous tensor,
/// else as a new gradient of `param`.
fn map_grad(param: &Tensor, g: &Tensor, f: impl Fn(f64) -> f64) -> Result<()> {
    let vals: Vec<f64> = values(g)?.into_iter().map(f).collect();
    let new = Tensor::build::<f64>(g.shape(), |o| o.copy_from_slice(&vals))?.cast(g.dtype())?;
    if g.is_contiguous() {
        crate::kernels::index::assign(g, &new)?;
        g.storage.bump_version();
    } else if let Some(m) = &param.autograd {
        m.set_grad(Some(new));
    }
    Ok(())
}

/// Scales the gradients so that their total norm is at most `max_norm`: each is multiplied by
/// `min(1, max_norm / (total + 1e-6))` (PyTorch's coefficient). Returns the total norm before
/// clipping. With `error_if_nonfinite`, a NaN or infinite total is TF_NUMERICAL_ERROR and nothing
/// is changed.
pub fn clip_grad_norm(params: &[&Tensor], max_norm: f64, norm_type: f64, error_if_nonfinite: bool) -> Result<f64> {
    if max_norm.is_nan() || max_norm < 0.0 {
        return Err(Error::invalid(format!("max_norm must be >= 0, got {max_norm}")));
    }
    let total = total_norm(params, norm_type)?;
    if error_if_nonfinite && !total.is_finite() {
        return Err(Error::new(
            TF_Code::TF_NUMERICAL_ERROR,
            format!(
                "the total norm of order {norm_type} of the gradients is non-finite ({total}), so it cannot be clipped; \
                 pass error_if_nonfinite=false to clip anyway"
            ),
        ));
    }
    let c = max_norm / (total + 1e-6);
    // A NaN total makes every gradient NaN, as PyTorch's clamp does (f64::min would give 1).
    let coef = if c.is_nan() { c } else { c.min(1.0) };
    for (i, g) in grads(params) {
        map_grad(params[i], &g, |x| x * coef)?;
    }
    Ok(total)
}

/// Clamps every gradient element into `[-clip_value, clip_value]` (NaN stays NaN).
pub fn clip_grad_value(params: &[&Tensor], clip_value: f64) -> Result<()> {
    if clip_value.is_nan() || clip_value < 0.0 {
        return Err(Error::invalid(format!("clip_value must be >= 0, got {clip_value}")));
    }
    for (i, g) in grads(params) {
        map_grad(params[i], &g, |x| if x.is_nan() { x } else { x.clamp(-clip_value, clip_value) })?;
    }
    Ok(())
}
