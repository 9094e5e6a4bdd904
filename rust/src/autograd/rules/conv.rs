//! Backward rules of the convolutions. With `y = conv(x, w)`, `<conv(x, w), g> = <x, conv^T(g, w)>
//! = <w, dW(x, g)>`, so each of the three ops' gradients are the other two (and the bias
//! gradient a sum over batch and space). The wrappers record only under `create_graph`.

use crate::autograd::ops::{contiguous, conv2d, conv2d_weight_grad, conv_transpose2d, sum, when};
use crate::error::Result;
use crate::kernels::nn::conv::ConvParams;
use crate::tensor::Tensor;

fn hw(shape: &[usize]) -> [usize; 2] {
    [shape[2], shape[3]]
}

/// `g` made contiguous once when more than one gradient reads it (each kernel would otherwise
/// copy a strided or broadcast `g`, such as the expanded ones of `out.sum().backward()`, itself).
fn shared(need: &[bool], g: &Tensor) -> Result<Tensor> {
    if need.iter().filter(|&&n| n).count() > 1 && !g.is_contiguous() {
        contiguous(g)
    } else {
        Ok(g.clone())
    }
}

/// `s`: x, w. Inputs: x, w, then the bias.
pub(super) fn conv2d_rule(p: &ConvParams, bias: bool, need: &[bool], s: &[Tensor], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    let (x, w) = (&s[0], &s[1]);
    let g = &shared(need, g)?;
    let mut grads = vec![
        when(need[0], || conv_transpose2d(g, w, None, p, hw(x.shape())))?,
        when(need[1], || conv2d_weight_grad(x, g, p, w.shape()))?,
    ];
    if bias {
        grads.push(when(need[2], || sum(g, Some(&[0, 2, 3]), false))?);
    }
    Ok(grads)
}

/// `s`: y, w. `out = conv^T(y, w) + b`; its gradient `g` lives in the convolution's input space.
pub(super) fn conv_transpose2d_rule(
    p: &ConvParams,
    bias: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    let (y, w) = (&s[0], &s[1]);
    let g = &shared(need, g)?;
    let mut grads =
        vec![when(need[0], || conv2d(g, w, None, p))?, when(need[1], || conv2d_weight_grad(g, y, p, w.shape()))?];
    if bias {
        grads.push(when(need[2], || sum(g, Some(&[0, 2, 3]), false))?);
    }
    Ok(grads)
}

/// `s`: x, g. `out = dW(x, g)` is bilinear; `h` is the gradient with respect to that weight.
pub(super) fn weight_grad_rule(p: &ConvParams, need: &[bool], s: &[Tensor], h: &Tensor) -> Result<Vec<Option<Tensor>>> {
    let (x, g) = (&s[0], &s[1]);
    Ok(vec![
        when(need[0], || conv_transpose2d(g, h, None, p, hw(x.shape())))?,
        when(need[1], || conv2d(x, h, None, p))?,
    ])
}
