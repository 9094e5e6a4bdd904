//! The backward rules of the ops (`crate::op::Op`): one match over the op, each arm a rule of
//! its family's file. A rule gets what the node kept: which inputs need a gradient, the saved
//! tensors (in the order the forward saved them), the output gradient and the inputs' shapes and
//! dtypes. Rules are written with the differentiable wrappers, so with `create_graph` the
//! backward pass records too.

mod attention;
mod conv;
mod dropout;
mod elementwise;
mod embedding;
mod fused;
mod index;
mod norm;
mod pool;
mod loss;
mod products;
mod reduce;
mod selection;
mod shape;

use crate::dtype::DType;
use crate::error::Result;
use crate::op::Op;
use crate::tensor::Tensor;

/// The gradients of the inputs of a node that ran `op`, one per input (None where not needed).
pub(crate) fn backward(
    op: &Op,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    shapes: &[&[usize]],
    dtypes: &[DType],
) -> Result<Vec<Option<Tensor>>> {
    match op {
        Op::Unary(op) => elementwise::unary_rule(*op, need, s, g, shapes[0]),
        Op::UnaryParam(op, p) => elementwise::param_rule(*op, *p, need, s, g),
        Op::Binary(op) => elementwise::binary_rule(*op, need, s, g, shapes[0], shapes[1]),
        Op::Reduce { op, axes, correction, .. } => {
            reduce::reduce_rule(*op, axes.as_deref(), *correction, need, s, g, shapes[0])
        }
        Op::Prod { axes, .. } => reduce::prod_rule(axes.as_deref(), need, s, g, shapes[0]),
        Op::CumulativeSum { axis, include_initial, .. } => {
            reduce::cumulative_sum_rule(*axis, *include_initial, need, g, shapes[0])
        }
        Op::Softmax { axis, log } => reduce::softmax_rule(*axis, *log, need, s, g, shapes[0]),
        Op::Where => selection::where_rule(need, s, g, shapes),
        Op::Clip { has_min, has_max } => selection::clip_rule(*has_min, *has_max, need, s, g, shapes),
        Op::Triangle { k, lower } => selection::triangle_rule(*k, *lower, need, g),
        Op::MatMul => products::matmul_rule(need, s, g, shapes[0], shapes[1]),
        Op::Diagonal { term, size } => products::diagonal_rule(term, size, need, g, shapes[0]),
        Op::DiagonalScatter { term, size, .. } => products::diagonal_scatter_rule(term, size, need, g),
        Op::Cast(_) => shape::cast_rule(need, g, dtypes[0]),
        Op::Contiguous
        | Op::Copy
        | Op::Reshape(_)
        | Op::ExpandDims(_)
        | Op::Squeeze(_)
        | Op::Flatten { .. } => shape::reshape_back_rule(need, g, shapes[0]),
        Op::Transpose(perm) => shape::transpose_rule(perm.as_deref(), need, g, shapes[0]),
        Op::BroadcastTo(_) => shape::broadcast_to_rule(need, g, shapes[0]),
        Op::Flip(axes) => shape::flip_rule(axes.as_deref(), need, g),
        Op::SwapAxes(a, b) => shape::swapaxes_rule(*a, *b, need, g),
        Op::MoveAxis { source, destination } => shape::moveaxis_rule(source, destination, need, g),
        Op::Roll { shifts, axes } => shape::roll_rule(shifts, axes.as_deref(), need, g),
        Op::Tile(reps) => shape::tile_rule(reps, need, g, shapes[0]),
        Op::Repeat { axis, .. } => shape::repeat_rule(*axis, need, s, g, shapes[0]),
        Op::Pad { widths, mode, .. } => shape::pad_rule(widths, *mode, need, g, shapes[0]),
        Op::Concat(axis) => shape::concat_rule(*axis, need, g, shapes),
        Op::Stack(axis) => shape::stack_rule(*axis, need, g, shapes),
        Op::Slice(items) => index::slice_rule(items, need, g, shapes[0]),
        Op::SliceScatter { items, .. } => index::slice_scatter_rule(items, need, g),
        Op::Index(axes) => index::index_rule(axes, need, s, g, shapes[0]),
        Op::IndexAdd { axes, .. } => index::index_add_rule(axes, need, s, g),
        Op::Gather(dim) => index::gather_rule(*dim, need, s, g, shapes[0]),
        Op::ScatterAdd(dim) => index::scatter_add_rule(*dim, need, s, g, shapes[1]),
        Op::TakeAlongAxis(axis) => index::take_along_axis_rule(*axis, need, s, g, shapes[0]),
        Op::Assign => index::assign_rule(need, g, shapes[1]),
        Op::SetItem { items, axes } => index::setitem_rule(items, axes, need, s, g, shapes[0], shapes[1]),
        Op::CrossEntropy(opts) => fused::cross_entropy_rule(opts, need, s, g, shapes[0]),
        Op::Linear { act, bias } => fused::linear_rule(*act, *bias, need, s, g, shapes[0], shapes.get(2).copied()),
        Op::Conv2d { p, bias } => conv::conv2d_rule(p, *bias, need, s, g),
        Op::ConvTranspose2d { p, bias, .. } => conv::conv_transpose2d_rule(p, *bias, need, s, g),
        Op::Conv2dWeightGrad { p, .. } => conv::weight_grad_rule(p, need, s, g),
        Op::MaxPool2d { .. } => pool::max_pool2d_rule(need, s, g, shapes[0]),
        Op::MaxPool2dBackward { .. } => pool::max_pool2d_backward_rule(need, s, g),
        Op::AvgPool2d { spec, opts } => pool::avg_pool2d_rule(spec, opts, need, g, shapes[0]),
        Op::AvgPool2dBackward { spec, opts, .. } => pool::avg_pool2d_backward_rule(spec, opts, need, g),
        Op::LayerNorm { normalized, eps, weight, bias } => norm::layer_norm_rule(normalized, *eps, *weight, *bias, need, s, g),
        Op::RmsNorm { normalized, eps, weight } => norm::rms_norm_rule(normalized, *eps, *weight, need, s, g),
        Op::GroupNorm { groups, eps, weight, bias } => norm::group_norm_rule(*groups, *eps, *weight, *bias, need, s, g),
        Op::BatchNorm { batch_stats, eps, weight, bias } => norm::batch_norm_rule(*batch_stats, *eps, *weight, *bias, need, s, g),
        Op::PointwiseLoss { kind, reduction, weight, pos_weight } => {
            loss::pointwise_rule(*kind, *reduction, *weight, *pos_weight, need, s, g, shapes)
        }
        Op::ClassLoss { opts, weight } => loss::class_rule(opts, *weight, need, s, g),
        Op::Attention { p, mask, dropout } => attention::attention_rule(p, *mask, *dropout, need, s, g),
        Op::Dropout { scale } => dropout::dropout_rule(*scale, need, s, g),
        Op::Embedding { padding, scale_grad_by_freq } => {
            embedding::embedding_rule(*padding, *scale_grad_by_freq, need, s, g, shapes[0])
        }
        Op::EmbeddingBackward { padding, scale_grad_by_freq, .. } => {
            embedding::embedding_backward_rule(*padding, *scale_grad_by_freq, need, s, g)
        }
    }
}
