//! The convolutions as PyTorch's functional API has them: conv1d and conv2d with explicit,
//! "same" or "valid" padding and unbatched inputs, conv_transpose2d with output_padding. Each
//! checks the configuration, then runs the recorded conv ops of `autograd::ops` (conv1d as conv2d
//! over a height of 1).

use crate::autograd::ops as ag;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::nn::conv::{config, ConvParams};
use crate::tensor::Tensor;

/// How a convolution pads its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// This many zeros on both sides of each spatial dim (height, width).
    Explicit([i64; 2]),
    /// The output has the input's size (stride 1 only); an even kernel pads one more at the end.
    Same,
    /// No padding.
    Valid,
}

fn positive(name: &str, what: &str, v: &[i64]) -> Result<[usize; 2]> {
    if v.iter().any(|&d| d < 1) {
        return Err(config(format!("{name}: {what} must be positive, got {v:?}")));
    }
    Ok([v[0] as usize, v[1] as usize])
}

fn groups_arg(name: &str, groups: i64) -> Result<usize> {
    if groups < 1 {
        return Err(config(format!("{name}: groups must be positive, got {groups}")));
    }
    Ok(groups as usize)
}

/// The parameters of a 2-d convolution with kernel `k` (height, width).
fn params(name: &str, k: [usize; 2], stride: [i64; 2], padding: Padding, dilation: [i64; 2], groups: i64) -> Result<ConvParams> {
    let stride = positive(name, "stride", &stride)?;
    let dilation = positive(name, "dilation", &dilation)?;
    let groups = groups_arg(name, groups)?;
    let padding = match padding {
        Padding::Valid => [0; 4],
        Padding::Explicit(p) => {
            if p.iter().any(|&v| v < 0) {
                return Err(config(format!("{name}: padding must be non-negative, got {p:?}")));
            }
            let [h, w] = [p[0] as usize, p[1] as usize];
            [h, h, w, w]
        }
        Padding::Same => {
            if stride != [1, 1] {
                return Err(config(format!("{name}: padding='same' is not supported for strided convolutions (stride {stride:?})")));
            }
            let total = |i: usize| dilation[i] * (k[i].max(1) - 1);
            let (th, tw) = (total(0), total(1));
            [th / 2, th - th / 2, tw / 2, tw - tw / 2]
        }
    };
    Ok(ConvParams { stride, padding, dilation, groups })
}

/// Runs `f` on `x` with a batch dim of 1 added when `x` has `batched - 1` dims (an unbatched
/// input, as PyTorch accepts), removing it again from the result.
fn batched(name: &str, x: &Tensor, rank: usize, f: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<Tensor> {
    if x.ndim() == rank {
        return f(x);
    }
    if x.ndim() + 1 == rank {
        return ag::squeeze(&f(&ag::expand_dims(x, &[0])?)?, Some(&[0]));
    }
    Err(Error::shape(format!(
        "{name}: expected a {}-d (unbatched) or {rank}-d (batched) input, got shape {}",
        rank - 1,
        fmt_shape(x.shape())
    )))
}

fn weight_rank(name: &str, w: &Tensor, rank: usize) -> Result<()> {
    if w.ndim() != rank {
        return Err(Error::shape(format!("{name}: expected a {rank}-d weight, got shape {}", fmt_shape(w.shape()))));
    }
    Ok(())
}

/// `torch.nn.functional.conv2d`: `x` `[N, C, H, W]` or `[C, H, W]`, `w` `[O, C/groups, kH, kW]`,
/// `bias` `[O]`.
pub fn conv2d(x: &Tensor, w: &Tensor, bias: Option<&Tensor>, stride: [i64; 2], padding: Padding, dilation: [i64; 2], groups: i64) -> Result<Tensor> {
    weight_rank("conv2d", w, 4)?;
    let p = params("conv2d", [w.shape()[2], w.shape()[3]], stride, padding, dilation, groups)?;
    batched("conv2d", x, 4, |x| ag::conv2d(x, w, bias, &p))
}

/// `torch.nn.functional.conv1d`: `x` `[N, C, L]` or `[C, L]`, `w` `[O, C/groups, k]`, run as a
/// conv2d over a height of 1.
pub fn conv1d(x: &Tensor, w: &Tensor, bias: Option<&Tensor>, stride: i64, padding: Padding, dilation: i64, groups: i64) -> Result<Tensor> {
    weight_rank("conv1d", w, 3)?;
    let padding = match padding {
        Padding::Explicit([p, _]) => Padding::Explicit([0, p]),
        other => other,
    };
    let p = params("conv1d", [1, w.shape()[2]], [1, stride], padding, [1, dilation], groups)?;
    let w2 = ag::expand_dims(w, &[2])?;
    batched("conv1d", x, 3, |x| ag::squeeze(&ag::conv2d(&ag::expand_dims(x, &[2])?, &w2, bias, &p)?, Some(&[2])))
}

/// `torch.nn.functional.conv_transpose2d`: `x` `[N, Cin, H, W]` or unbatched, `w`
/// `[Cin, Cout/groups, kH, kW]`; the output size is `(H - 1) * stride - 2 * padding +
/// dilation * (kH - 1) + output_padding + 1` (likewise for the width).
#[allow(clippy::too_many_arguments)]
pub fn conv_transpose2d(
    x: &Tensor,
    w: &Tensor,
    bias: Option<&Tensor>,
    stride: [i64; 2],
    padding: [i64; 2],
    output_padding: [i64; 2],
    groups: i64,
    dilation: [i64; 2],
) -> Result<Tensor> {
    let name = "conv_transpose2d";
    weight_rank(name, w, 4)?;
    let p = params(name, [w.shape()[2], w.shape()[3]], stride, Padding::Explicit(padding), dilation, groups)?;
    if output_padding.iter().any(|&v| v < 0) {
        return Err(config(format!("{name}: output_padding must be non-negative, got {output_padding:?}")));
    }
    for i in 0..2 {
        let op = output_padding[i] as usize;
        if op >= p.stride[i].max(p.dilation[i]) {
            return Err(config(format!(
                "{name}: output_padding {output_padding:?} must be smaller than either stride {:?} or dilation {:?}",
                p.stride, p.dilation
            )));
        }
    }
    batched(name, x, 4, |x| {
        let (h, wd) = (x.shape()[2], x.shape()[3]);
        let out = |i: usize, len: usize| -> Option<usize> {
            let k = w.shape()[2 + i];
            let grown = len.checked_sub(1)?.checked_mul(p.stride[i])?.checked_add(p.dilation[i] * (k.max(1) - 1))?;
            grown.checked_add(output_padding[i] as usize + 1)?.checked_sub(2 * p.padding[2 * i])
        };
        let (Some(oh), Some(ow)) = (out(0, h), out(1, wd)) else {
            return Err(config(format!(
                "{name}: input {h}x{wd} with weight {}, stride {:?}, padding {padding:?} gives no output",
                fmt_shape(w.shape()),
                p.stride
            )));
        };
        if oh == 0 || ow == 0 {
            return Err(config(format!("{name}: the output size {oh}x{ow} must be positive")));
        }
        if x.shape()[1] != w.shape()[0] {
            return Err(config(format!(
                "{name}: weight of shape {} expects {} input channels, the input of shape {} has {}",
                fmt_shape(w.shape()),
                w.shape()[0],
                fmt_shape(x.shape()),
                x.shape()[1]
            )));
        }
        ag::conv_transpose2d(x, w, bias, &p, [oh, ow])
    })
}
