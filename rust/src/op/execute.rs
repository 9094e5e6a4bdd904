//! `Op::execute`: the one dispatch from an op to its kernel. No autograd recording happens here:
//! the differentiable wrappers (`autograd::ops`) call the kernels on the eager path and record the
//! `Op`; `execute` runs a recorded op again from its attributes and operands.

use super::Op;
use crate::error::{Error, Result};
use crate::kernels::elementwise::{binary, unary};
use crate::kernels::nn::{class_loss, dropout, embedding, loss as nn_loss};
use crate::kernels::select::Triangle;
use crate::kernels::nn::{conv, pool};
use crate::kernels::nn::attention;
use crate::kernels::{contraction, fused, index, matmul, reduce, select, shape, softmax};
use crate::kernels::nn::norm;
use crate::tensor::Tensor;

impl Op {
    /// Runs the op's kernel on `inputs`, its tensor operands in the order documented at each
    /// variant: the forward pass, again.
    pub fn execute(&self, inputs: &[&Tensor]) -> Result<Tensor> {
        let n = inputs.len();
        let ok = match self.arity() {
            Some(k) => n == k,
            None => n >= if matches!(self, Op::SetItem { .. }) { 2 } else { 1 },
        };
        if !ok {
            let want = self.arity().map_or("at least 1".to_string(), |k| k.to_string());
            return Err(Error::invalid(format!("{} takes {want} tensor(s), got {n}", self.name())));
        }
        let x = inputs[0];
        match self {
            Op::Unary(op) => unary::unary(*op, x),
            Op::UnaryParam(op, p) => unary::unary_param(*op, x, *p),
            Op::Binary(op) => binary::binary(*op, x, inputs[1]),
            Op::Reduce { op, axes, keepdims, correction } => op.run(x, axes.as_deref(), *keepdims, *correction),
            Op::Prod { axes, keepdims } => reduce::prod(x, axes.as_deref(), *keepdims),
            Op::CumulativeSum { axis, dtype, include_initial } => {
                reduce::cumulative_sum(x, Some(*axis as i64), *dtype, *include_initial)
            }
            Op::Softmax { axis, log } => softmax::softmax(x, *axis, *log),
            Op::Where => select::where_(x, inputs[1], inputs[2]),
            Op::Clip { has_min, has_max } => {
                let min = if *has_min { Some(inputs[1]) } else { None };
                let max = if *has_max { Some(inputs[1 + *has_min as usize]) } else { None };
                select::clip(x, min, max)
            }
            Op::Triangle { k, lower } => select::triangle(x, *k, if *lower { Triangle::Lower } else { Triangle::Upper }),
            Op::MatMul => matmul::matmul(x, inputs[1]),
            Op::Cast(dt) => x.cast(*dt),
            Op::Contiguous => x.contiguous(),
            Op::Copy => x.contiguous_copy(),
            Op::Reshape(dims) => shape::reshape(x, dims),
            Op::ExpandDims(axes) => shape::expand_dims(x, axes),
            Op::Squeeze(axes) => shape::squeeze(x, axes.as_deref()),
            Op::Flatten { start, end } => shape::flatten(x, *start, *end),
            Op::Transpose(perm) => shape::transpose(x, perm.as_deref()),
            Op::BroadcastTo(s) => shape::broadcast_to(x, s),
            Op::Flip(axes) => shape::flip(x, axes.as_deref()),
            Op::SwapAxes(a, b) => shape::swapaxes(x, *a, *b),
            Op::MoveAxis { source, destination } => shape::moveaxis(x, source, destination),
            Op::Roll { shifts, axes } => shape::roll(x, shifts, axes.as_deref()),
            Op::Tile(reps) => shape::tile(x, reps),
            Op::Repeat { repeats, axis } => shape::repeat(x, repeats, Some(*axis as i64)),
            Op::Pad { widths, mode, value } => shape::pad(x, widths, *mode, *value),
            Op::Concat(axis) => shape::concat(inputs, *axis),
            Op::Stack(axis) => shape::stack(inputs, *axis),
            Op::Slice(items) => index::slice(x, items),
            Op::SliceScatter { shape, items } => index::slice_scatter(x, shape, items),
            Op::Index(axes) => index::index(x, &inputs[1..], axes),
            Op::IndexAdd { shape, axes } => index::index_add_zeros(shape, &inputs[1..], axes, x),
            Op::Gather(dim) => index::gather(x, *dim, inputs[1]),
            Op::ScatterAdd(dim) => index::scatter_add(x, *dim, inputs[1], inputs[2]),
            Op::TakeAlongAxis(axis) => index::take_along_axis(x, inputs[1], Some(*axis as i64)),
            Op::Diagonal { term, size } => Ok(contraction::diagonal_view(x, term, size)),
            Op::DiagonalScatter { term, size, shape } => contraction::diagonal_scatter(x, shape, term, size),
            Op::Assign => {
                let out = x.contiguous_copy()?;
                index::assign(&out, inputs[1])?;
                Ok(out)
            }
            Op::SetItem { items, axes } => {
                let out = x.contiguous_copy()?;
                let v = index::slice(&out, items)?;
                if n == 2 {
                    index::assign(&v, inputs[1])?;
                } else {
                    index::index_assign(&v, &inputs[2..], axes, inputs[1])?;
                }
                Ok(out)
            }
            Op::CrossEntropy(opts) => fused::cross_entropy(x, inputs[1], opts).map(|(out, _)| out),
            Op::Linear { act, bias } => fused::linear(x, inputs[1], if *bias { Some(inputs[2]) } else { None }, *act),
            Op::Conv2d { p, bias } => conv::conv2d(x, inputs[1], bias.then(|| inputs[2]), p),
            Op::ConvTranspose2d { p, out_hw, bias } => conv::conv_transpose2d(x, inputs[1], bias.then(|| inputs[2]), p, *out_hw),
            Op::Conv2dWeightGrad { p, w_shape } => conv::conv2d_weight_grad(x, inputs[1], p, w_shape),
            Op::MaxPool2d { spec } => pool::max_pool2d(x, spec).map(|(out, _)| out),
            Op::MaxPool2dBackward { input_hw } => pool::max_pool2d_backward(x, inputs[1], *input_hw),
            Op::AvgPool2d { spec, opts } => pool::avg_pool2d(x, spec, opts),
            Op::AvgPool2dBackward { spec, opts, input_hw } => pool::avg_pool2d_backward(x, spec, opts, *input_hw),
            Op::LayerNorm { normalized, eps, weight, bias } => {
                let (w, b) = (opt(inputs, 1, *weight), opt(inputs, 1 + *weight as usize, *bias));
                let dims: Vec<i64> = normalized.iter().map(|&d| d as i64).collect();
                norm::layer_norm(x, &dims, w, b, *eps).map(|(out, _)| out)
            }
            Op::RmsNorm { normalized, eps, weight } => {
                let dims: Vec<i64> = normalized.iter().map(|&d| d as i64).collect();
                norm::rms_norm(x, &dims, opt(inputs, 1, *weight), *eps).map(|(out, _)| out)
            }
            Op::GroupNorm { groups, eps, weight, bias } => {
                let (w, b) = (opt(inputs, 1, *weight), opt(inputs, 1 + *weight as usize, *bias));
                norm::group_norm(x, *groups as i64, w, b, *eps).map(|(out, _)| out)
            }
            Op::BatchNorm { batch_stats, eps, weight, bias } => {
                let k = 1 + *weight as usize + *bias as usize;
                let (w, b) = (opt(inputs, 1, *weight), opt(inputs, 1 + *weight as usize, *bias));
                let (rm, rv) = (opt(inputs, k, !*batch_stats), opt(inputs, k + 1, !*batch_stats));
                // Eval mode without running statistics normalizes with the batch's: the same
                // output as training mode, with no running update and no batch-size check.
                norm::batch_norm(x, rm, rv, w, b, false, 0.0, *eps).map(|(out, _)| out)
            }
            Op::PointwiseLoss { kind, reduction, weight, pos_weight } => {
                let w = if *weight { Some(inputs[2]) } else { None };
                let p = if *pos_weight { Some(inputs[2 + *weight as usize]) } else { None };
                nn_loss::pointwise_loss(*kind, *reduction, x, inputs[1], w, p)
            }
            Op::ClassLoss { opts, weight } => {
                class_loss::class_loss(x, inputs[1], if *weight { Some(inputs[2]) } else { None }, opts).map(|(out, _)| out)
            }
            Op::Attention { p, mask, dropout } => {
                let has_mask = *mask != super::AttnMask::None;
                let m = opt(inputs, 3, has_mask);
                let d = match opt(inputs, 3 + has_mask as usize, *dropout) {
                    Some(d) => attention::Dropout::Given(d),
                    None => attention::Dropout::None,
                };
                attention::attention(x, inputs[1], inputs[2], m, p, d).map(|r| r.out)
            }
            Op::Dropout { scale } => dropout::apply(x, inputs[1], *scale),
            Op::Embedding { .. } => embedding::embedding(x, inputs[1]),
            Op::EmbeddingBackward { num_weights, padding, scale_grad_by_freq } => {
                embedding::embedding_backward(x, inputs[1], *num_weights, *padding, *scale_grad_by_freq)
            }
        }
    }
}

/// Operand `i` when `present`.
fn opt<'a>(inputs: &[&'a Tensor], i: usize, present: bool) -> Option<&'a Tensor> {
    if present {
        Some(inputs[i])
    } else {
        None
    }
}
