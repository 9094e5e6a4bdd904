//! The poolings as PyTorch's functional API has them: max_pool2d (with its indices),
//! avg_pool2d, adaptive_{avg,max}_pool2d, and max_pool1d / avg_pool1d as the 2-d ones over a
//! height of 1. Each checks the configuration (every bad value a TF_LAYER_CONFIG_ERROR naming
//! the function; a wrong input rank is TF_SHAPE_ERROR, as for the convolutions), accepts
//! unbatched inputs, then runs the recorded pool ops of
//! `autograd::ops`.

use crate::autograd::ops as ag;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::nn::conv::config;
use crate::kernels::nn::pool::{AvgOptions, PoolSpec};
use crate::kernels::shape as raw_shape;
use crate::tensor::Tensor;

fn positive(name: &str, what: &str, v: [i64; 2]) -> Result<[usize; 2]> {
    if v.iter().any(|&d| d < 1) {
        return Err(config(format!("{name}: {what} must be positive, got {v:?}")));
    }
    Ok([v[0] as usize, v[1] as usize])
}

/// The windows of a strided pooling: stride defaults to the kernel; padding non-negative and at
/// most half the kernel.
fn window(name: &str, kernel: [i64; 2], stride: Option<[i64; 2]>, padding: [i64; 2], dilation: [i64; 2], ceil_mode: bool) -> Result<PoolSpec> {
    let kernel = positive(name, "kernel_size", kernel)?;
    let stride = match stride {
        Some(s) => positive(name, "stride", s)?,
        None => kernel,
    };
    let dilation = positive(name, "dilation", dilation)?;
    if padding.iter().any(|&p| p < 0) {
        return Err(config(format!("{name}: padding must be non-negative, got {padding:?}")));
    }
    let padding = [padding[0] as usize, padding[1] as usize];
    if padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2 {
        return Err(config(format!("{name}: padding {padding:?} must be at most half of kernel_size {kernel:?}")));
    }
    Ok(PoolSpec::Window { kernel, stride, padding, dilation, ceil_mode })
}

/// Renames the kernel's function in an error (the 1-d poolings run the 2-d kernels).
fn renamed(e: Error, from: &str, to: &str) -> Error {
    Error { message: e.message.replacen(&format!("{from}:"), &format!("{to}:"), 1), ..e }
}

/// Runs `f` on `x` with a batch dim added when `x` has `rank - 1` dims (unbatched), removing it
/// from the results again. Any other rank is a TF_SHAPE_ERROR, as the convolutions'.
fn batched(name: &str, x: &Tensor, rank: usize, f: impl FnOnce(&Tensor) -> Result<(Tensor, Option<Tensor>)>) -> Result<(Tensor, Option<Tensor>)> {
    if x.ndim() == rank {
        return f(x);
    }
    if x.ndim() + 1 == rank {
        let (out, idx) = f(&ag::expand_dims(x, &[0])?)?;
        let idx = idx.map(|i| raw_shape::squeeze(&i, Some(&[0]))).transpose()?;
        return Ok((ag::squeeze(&out, Some(&[0]))?, idx));
    }
    Err(Error::shape(format!(
        "{name}: expected a {}-d (unbatched) or {rank}-d (batched) input, got shape {}",
        rank - 1,
        fmt_shape(x.shape())
    )))
}

/// Runs a 2-d pooling `f` on `x` (`[N, C, L]` or `[C, L]`) as `[N, C, 1, L]`.
fn as_1d(name: &str, x: &Tensor, f: impl FnOnce(&Tensor) -> Result<(Tensor, Option<Tensor>)>) -> Result<(Tensor, Option<Tensor>)> {
    batched(name, x, 3, |x| {
        let (out, idx) = f(&ag::expand_dims(x, &[2])?)?;
        let idx = idx.map(|i| raw_shape::squeeze(&i, Some(&[2]))).transpose()?;
        Ok((ag::squeeze(&out, Some(&[2]))?, idx))
    })
}

/// `torch.nn.functional.max_pool2d(..., return_indices=True)`: `x` `[N, C, H, W]` or
/// `[C, H, W]`; the maxima and their int64 flat indices into each `H * W` plane.
pub fn max_pool2d(x: &Tensor, kernel: [i64; 2], stride: Option<[i64; 2]>, padding: [i64; 2], dilation: [i64; 2], ceil_mode: bool) -> Result<(Tensor, Tensor)> {
    let name = "max_pool2d";
    let spec = window(name, kernel, stride, padding, dilation, ceil_mode)?;
    let (out, idx) = batched(name, x, 4, |x| ag::max_pool2d(x, &spec).map(|(o, i)| (o, Some(i))))?;
    Ok((out, idx.expect("max pooling gives indices")))
}

/// `torch.nn.functional.max_pool1d(..., return_indices=True)`: `x` `[N, C, L]` or `[C, L]`;
/// indices into L.
pub fn max_pool1d(x: &Tensor, kernel: i64, stride: Option<i64>, padding: i64, dilation: i64, ceil_mode: bool) -> Result<(Tensor, Tensor)> {
    let name = "max_pool1d";
    let spec = window(name, [1, kernel], stride.map(|s| [1, s]), [0, padding], [1, dilation], ceil_mode)?;
    let (out, idx) = as_1d(name, x, |x| ag::max_pool2d(x, &spec).map(|(o, i)| (o, Some(i))))
        .map_err(|e| renamed(e, "max_pool2d", name))?;
    Ok((out, idx.expect("max pooling gives indices")))
}

fn avg_options(name: &str, count_include_pad: bool, divisor_override: Option<i64>) -> Result<AvgOptions> {
    if let Some(d) = divisor_override {
        if d <= 0 {
            return Err(config(format!("{name}: divisor_override must be positive, got {d}")));
        }
    }
    Ok(AvgOptions { count_include_pad, divisor_override })
}

/// `torch.nn.functional.avg_pool2d`: `x` `[N, C, H, W]` or `[C, H, W]`.
pub fn avg_pool2d(
    x: &Tensor,
    kernel: [i64; 2],
    stride: Option<[i64; 2]>,
    padding: [i64; 2],
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: Option<i64>,
) -> Result<Tensor> {
    let name = "avg_pool2d";
    let spec = window(name, kernel, stride, padding, [1, 1], ceil_mode)?;
    let o = avg_options(name, count_include_pad, divisor_override)?;
    Ok(batched(name, x, 4, |x| Ok((ag::avg_pool2d(x, &spec, &o)?, None)))?.0)
}

/// `torch.nn.functional.avg_pool1d`: `x` `[N, C, L]` or `[C, L]`.
pub fn avg_pool1d(x: &Tensor, kernel: i64, stride: Option<i64>, padding: i64, ceil_mode: bool, count_include_pad: bool) -> Result<Tensor> {
    let name = "avg_pool1d";
    let spec = window(name, [1, kernel], stride.map(|s| [1, s]), [0, padding], [1, 1], ceil_mode)?;
    let o = avg_options(name, count_include_pad, None)?;
    let out = as_1d(name, x, |x| Ok((ag::avg_pool2d(x, &spec, &o)?, None))).map_err(|e| renamed(e, "avg_pool2d", name))?;
    Ok(out.0)
}

fn adaptive(name: &str, out: [i64; 2]) -> Result<PoolSpec> {
    Ok(PoolSpec::Adaptive { out: positive(name, "output_size", out)? })
}

/// `torch.nn.functional.adaptive_avg_pool2d`: `x` `[N, C, H, W]` or `[C, H, W]` to `out`
/// (height, width).
pub fn adaptive_avg_pool2d(x: &Tensor, out: [i64; 2]) -> Result<Tensor> {
    let name = "adaptive_avg_pool2d";
    let spec = adaptive(name, out)?;
    let o = AvgOptions { count_include_pad: true, divisor_override: None };
    Ok(batched(name, x, 4, |x| Ok((ag::avg_pool2d(x, &spec, &o)?, None)))?.0)
}

/// `torch.nn.functional.adaptive_max_pool2d(..., return_indices=True)`.
pub fn adaptive_max_pool2d(x: &Tensor, out: [i64; 2]) -> Result<(Tensor, Tensor)> {
    let name = "adaptive_max_pool2d";
    let spec = adaptive(name, out)?;
    let (out, idx) = batched(name, x, 4, |x| ag::max_pool2d(x, &spec).map(|(o, i)| (o, Some(i))))?;
    Ok((out, idx.expect("max pooling gives indices")))
}
