//! The op description: an operation as data, its kind and attributes, with one dispatch,
//! `execute` (in `execute.rs`), that runs its kernel. Every operation autograd records is an
//! `Op`: its node keeps the `Op` and the saved tensors, and the backward rule is found by the op
//! (`autograd::rules`, one match), so a recorded graph is a list of ops that can be read, run
//! again and (later) captured and exported.
//!
//! Operands: `execute` takes every tensor operand of the op in the order given at each variant,
//! also the ones that are not differentiated (a condition, index tensors). An autograd node's
//! inputs are the differentiable operands only; the others are among its saved tensors.

mod execute;

use crate::dtype::DType;
use crate::kernels::elementwise::table::{BinaryOp, ParamOp, UnaryOp};
use crate::kernels::fused::{Activation, CrossEntropyOptions};
use crate::kernels::index::IndexItem;
use crate::kernels::nn::attention::AttnParams;
use crate::kernels::nn::conv::ConvParams;
use crate::kernels::nn::pool::{AvgOptions, PoolSpec};
use crate::kernels::nn::class_loss::ClassLossOptions;
use crate::kernels::nn::loss::{LossReduction, PointwiseLoss};
use crate::kernels::reduce;
use crate::kernels::shape::PadMode;
use crate::error::Result;
use crate::tensor::Tensor;
use std::ffi::CStr;

/// The reductions over axes that share one rule shape (expand the gradient back over the axes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceOp {
    Sum,
    Mean,
    Max,
    Min,
    /// Variance with `correction` (NumPy's ddof); std is sqrt of it.
    Var,
    LogSumExp,
}

/// What kind of operation an op is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// One tensor in, one of the same shape out, element by element.
    Elementwise,
    /// Two tensors broadcast together, element by element.
    BroadcastBinary,
    /// Reduces or scans over axes.
    Reduction,
    /// A new layout over the input's storage, no copy.
    View,
    /// A new tensor with the input's elements rearranged or repeated.
    Shape,
    /// Elements selected or written by index tensors or index items.
    Index,
    /// Elements kept or replaced by a condition, bounds or position.
    Selection,
    /// Products and contractions.
    Contraction,
    /// Several kernels fused into one pass.
    Fused,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// An elementwise op on one tensor. Operands: x.
    Unary(UnaryOp),
    /// An elementwise op on one tensor with its float parameter (negative slope, alpha). Operands: x.
    UnaryParam(ParamOp, f64),
    /// An elementwise op on two broadcasting tensors. Operands: a, b.
    Binary(BinaryOp),
    /// A reduction over `axes` as the caller gave them (None: every dim; negative values count
    /// from the end), keeping reduced dims as size 1 when `keepdims`. `correction` is Var's.
    /// Operands: x.
    Reduce { op: ReduceOp, axes: Option<Vec<i64>>, keepdims: bool, correction: f64 },
    /// The product over `axes`. Operands: x.
    Prod { axes: Option<Vec<i64>>, keepdims: bool },
    /// The running sum along `axis` (normalized), with a leading 0 when `include_initial`.
    /// Operands: x (already flattened when the caller gave no axis).
    CumulativeSum { axis: usize, dtype: Option<DType>, include_initial: bool },
    /// softmax, or log_softmax when `log`, along `axis`. Operands: x.
    Softmax { axis: i64, log: bool },
    /// Elements of x where cond holds, else of y. Operands: cond, x, y.
    Where,
    /// x clipped to the bounds present. Operands: x, then min and max when present.
    Clip { has_min: bool, has_max: bool },
    /// tril (`lower`) or triu with diagonal offset `k`. Operands: x.
    Triangle { k: i64, lower: bool },
    /// `numpy.matmul`. Operands: a, b.
    MatMul,
    /// The cast to `DType` (float to float; other casts stop the gradient). Operands: x.
    Cast(DType),
    /// A contiguous tensor with x's values (x itself when already contiguous). Operands: x.
    Contiguous,
    /// A contiguous copy of x. Operands: x.
    Copy,
    /// Reshape to `dims` (one may be -1). Operands: x.
    Reshape(Vec<i64>),
    /// Size-1 dims inserted at `axes`. Operands: x.
    ExpandDims(Vec<i64>),
    /// Size-1 dims removed (None: every one). Operands: x.
    Squeeze(Option<Vec<i64>>),
    /// Dims `start..=end` merged. Operands: x.
    Flatten { start: i64, end: i64 },
    /// Dims permuted by `perm` (None: reversed). Operands: x.
    Transpose(Option<Vec<i64>>),
    /// A broadcast view of x with `shape`. Operands: x.
    BroadcastTo(Vec<usize>),
    /// x reversed along `axes` (None: every dim). Operands: x.
    Flip(Option<Vec<i64>>),
    /// Two dims swapped. Operands: x.
    SwapAxes(i64, i64),
    /// Dims moved from `source` to `destination`. Operands: x.
    MoveAxis { source: Vec<i64>, destination: Vec<i64> },
    /// Elements rolled by `shifts` along `axes` (None: over the flattened tensor). Operands: x.
    Roll { shifts: Vec<i64>, axes: Option<Vec<i64>> },
    /// x repeated `reps` times along each dim. Operands: x.
    Tile(Vec<i64>),
    /// Each element repeated along `axis` (normalized). Operands: x (already flattened when the
    /// caller gave no axis).
    Repeat { repeats: Vec<i64>, axis: usize },
    /// x padded by `widths` (before, after) per dim. Operands: x.
    Pad { widths: Vec<(i64, i64)>, mode: PadMode, value: f64 },
    /// Tensors joined along `axis` (None: flattened first). Operands: the tensors.
    Concat(Option<i64>),
    /// Tensors stacked along a new `axis`. Operands: the tensors.
    Stack(i64),
    /// Basic indexing (a view). Operands: x.
    Slice(Vec<IndexItem>),
    /// Zeros of `shape` with the operand written at `shape[items]` (the adjoint of Slice).
    /// Operands: g.
    SliceScatter { shape: Vec<usize>, items: Vec<IndexItem> },
    /// Advanced indexing of the dims `axes` by integer or bool index tensors. Operands: x, then
    /// the index tensors.
    Index(Vec<i64>),
    /// Zeros of `shape` with the operand added at the positions advanced indexing by the index
    /// tensors selects (the adjoint of Index). Operands: g, then the index tensors.
    IndexAdd { shape: Vec<usize>, axes: Vec<i64> },
    /// torch.gather along `dim`. Operands: x, index.
    Gather(i64),
    /// torch.scatter_add along `dim`. Operands: x, index, src.
    ScatterAdd(i64),
    /// `take_along_axis` along `axis` (normalized). Operands: x (already flattened when the
    /// caller gave no axis), indices.
    TakeAlongAxis(usize),
    /// The diagonal view einsum takes of an operand with repeated letters in `term`, for the
    /// letter sizes `size`. Operands: x.
    Diagonal { term: Vec<u8>, size: Box<[usize; 128]> },
    /// Zeros of `shape` with the operand written on the diagonal `Diagonal` reads (its adjoint).
    /// Operands: g.
    DiagonalScatter { term: Vec<u8>, size: Box<[usize; 128]>, shape: Vec<usize> },
    /// The value of dst after src is written over all of it (cast and broadcast). Operands: dst, src.
    Assign,
    /// The value of dst after src is written into `dst[items]`, then at the index tensors along
    /// `axes` when there are any (NumPy's `dst[...] = src`). Operands: dst, src, then the index
    /// tensors.
    SetItem { items: Vec<IndexItem>, axes: Vec<i64> },
    /// Fused log_softmax + negative log-likelihood. Operands: logits, target.
    CrossEntropy(CrossEntropyOptions),
    /// `act(x @ weight.T + bias)`. Operands: x, weight, then bias when `bias`.
    Linear { act: Activation, bias: bool },
    // -- layers (issue 14) --
    /// `conv2d(x, w) + b` over NCHW. Operands: x, w, then b when `bias`.
    Conv2d { p: ConvParams, bias: bool },
    /// The transposed convolution, `conv2d`'s input gradient for an input of spatial size
    /// `out_hw`, plus b per channel. Operands: y, w, then b when `bias`.
    ConvTranspose2d { p: ConvParams, out_hw: [usize; 2], bias: bool },
    /// `conv2d`'s weight gradient for a weight of shape `w_shape`. Operands: x, g.
    Conv2dWeightGrad { p: ConvParams, w_shape: Vec<usize> },
    /// Max pooling (strided or adaptive windows) over NCHW; the node saves the int64 indices of
    /// the maxima. Operands: x.
    MaxPool2d { spec: PoolSpec },
    /// A max pooling's input gradient for an input of spatial size `input_hw`: the operand added
    /// into zeros at the flat plane indices. Operands: g, indices.
    MaxPool2dBackward { input_hw: [usize; 2] },
    /// Average pooling (strided or adaptive windows) over NCHW. Operands: x.
    AvgPool2d { spec: PoolSpec, opts: AvgOptions },
    /// An average pooling's input gradient (its adjoint) for an input of spatial size
    /// `input_hw`. Operands: g.
    AvgPool2dBackward { spec: PoolSpec, opts: AvgOptions, input_hw: [usize; 2] },
    /// `layer_norm` over the trailing dims `normalized` (checked against the input) with `eps`.
    /// Operands: x, then weight when `weight`, then bias when `bias`.
    LayerNorm { normalized: Vec<usize>, eps: f64, weight: bool, bias: bool },
    /// `rms_norm` over the trailing dims `normalized` with `eps`. Operands: x, then weight when
    /// `weight`.
    RmsNorm { normalized: Vec<usize>, eps: f64, weight: bool },
    /// `group_norm` with `groups` groups and `eps`. Operands: x, then weight and bias when present.
    GroupNorm { groups: usize, eps: f64, weight: bool, bias: bool },
    /// `batch_norm` normalizing with the batch statistics (`batch_stats`: training mode, or no
    /// running statistics) or else the running ones; replaying it never updates running
    /// statistics. Operands: x, then weight and bias when present, then running_mean and
    /// running_var when `!batch_stats`.
    BatchNorm { batch_stats: bool, eps: f64, weight: bool, bias: bool },
    /// A pointwise loss (mse, l1, smooth_l1, huber, binary cross-entropy, kl_div). Operands:
    /// input, target, then weight when `weight`, then pos_weight when `pos_weight`.
    PointwiseLoss { kind: PointwiseLoss, reduction: LossReduction, weight: bool, pos_weight: bool },
    /// cross_entropy in full form or nll_loss. Operands: input, target, then weight when `weight`.
    ClassLoss { opts: ClassLossOptions, weight: bool },
    /// `scaled_dot_product_attention` with the resolved scale and causal flag, a mask of kind
    /// `mask`, dropout when `dropout` (replayed with the multiplier the forward drew). Operands:
    /// q, k, v, then the mask when present, then the dropout multiplier `(..., L, S)` when
    /// `dropout`. The node's inputs are q, k, v and a float mask.
    Attention { p: AttnParams, mask: AttnMask, dropout: bool },
    /// Dropout with its keep mask given: `mask ? x * scale : 0`, the bool mask broadcast to x's
    /// shape (the forward drew the mask; replay and the backward reuse it, never redraw it).
    /// Operands: x, mask.
    Dropout { scale: f64 },
    /// The rows of a 2-D weight at integer indices of any shape (`padding` and
    /// `scale_grad_by_freq` shape the weight gradient only). Operands: weight, indices.
    Embedding { padding: Option<usize>, scale_grad_by_freq: bool },
    /// embedding's weight gradient: zeros `[num_weights, D]` with each row of the operand added
    /// at the row its index names (divided by that row's count when `scale_grad_by_freq`; the
    /// `padding` row stays zero). Operands: g, indices.
    EmbeddingBackward { num_weights: usize, padding: Option<usize>, scale_grad_by_freq: bool },
}

/// The attention mask's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttnMask {
    None,
    /// True takes part.
    Bool,
    /// Added to the scores (differentiable).
    Float,
}

impl ReduceOp {
    /// Runs the reduction's kernel (with borrowed axes: the eager path builds no `Op`).
    pub fn run(self, x: &Tensor, axes: Option<&[i64]>, keepdims: bool, correction: f64) -> Result<Tensor> {
        match self {
            ReduceOp::Sum => reduce::sum(x, axes, keepdims),
            ReduceOp::Mean => reduce::mean(x, axes, keepdims),
            ReduceOp::Max => reduce::max(x, axes, keepdims),
            ReduceOp::Min => reduce::min(x, axes, keepdims),
            ReduceOp::Var => reduce::var(x, axes, correction, keepdims),
            ReduceOp::LogSumExp => reduce::logsumexp(x, axes, keepdims),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Mean => "mean",
            ReduceOp::Max => "max",
            ReduceOp::Min => "min",
            ReduceOp::Var => "var",
            ReduceOp::LogSumExp => "logsumexp",
        }
    }

    pub fn grad_fn_name(self) -> &'static CStr {
        match self {
            ReduceOp::Sum => c"SumBackward",
            ReduceOp::Mean => c"MeanBackward",
            ReduceOp::Max => c"MaxBackward",
            ReduceOp::Min => c"MinBackward",
            ReduceOp::Var => c"VarBackward",
            ReduceOp::LogSumExp => c"LogsumexpBackward",
        }
    }
}

impl Op {
    /// The op's name (the Python name).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Unary(op) => op.name(),
            Op::UnaryParam(op, _) => op.name(),
            Op::Binary(op) => op.name(),
            Op::Reduce { op, .. } => op.name(),
            Op::Prod { .. } => "prod",
            Op::CumulativeSum { .. } => "cumulative_sum",
            Op::Softmax { log: false, .. } => "softmax",
            Op::Softmax { log: true, .. } => "log_softmax",
            Op::Where => "where",
            Op::Clip { .. } => "clip",
            Op::Triangle { lower: true, .. } => "tril",
            Op::Triangle { lower: false, .. } => "triu",
            Op::MatMul => "matmul",
            Op::Cast(_) => "astype",
            Op::Contiguous => "contiguous",
            Op::Copy => "copy",
            Op::Reshape(_) => "reshape",
            Op::ExpandDims(_) => "expand_dims",
            Op::Squeeze(_) => "squeeze",
            Op::Flatten { .. } => "flatten",
            Op::Transpose(_) => "permute_dims",
            Op::BroadcastTo(_) => "broadcast_to",
            Op::Flip(_) => "flip",
            Op::SwapAxes(..) => "swapaxes",
            Op::MoveAxis { .. } => "moveaxis",
            Op::Roll { .. } => "roll",
            Op::Tile(_) => "tile",
            Op::Repeat { .. } => "repeat",
            Op::Pad { .. } => "pad",
            Op::Concat(_) => "concat",
            Op::Stack(_) => "stack",
            Op::Slice(_) => "slice",
            Op::SliceScatter { .. } => "slice_scatter",
            Op::Index(_) => "index",
            Op::IndexAdd { .. } => "index_add",
            Op::Gather(_) => "gather",
            Op::ScatterAdd(_) => "scatter_add",
            Op::TakeAlongAxis(_) => "take_along_axis",
            Op::Diagonal { .. } => "diagonal",
            Op::DiagonalScatter { .. } => "diagonal_scatter",
            Op::Assign => "assign",
            Op::SetItem { .. } => "setitem",
            Op::CrossEntropy(_) => "cross_entropy",
            Op::Linear { .. } => "linear",
            Op::Conv2d { .. } => "conv2d",
            Op::ConvTranspose2d { .. } => "conv_transpose2d",
            Op::Conv2dWeightGrad { .. } => "conv2d_weight_grad",
            Op::MaxPool2d { spec: PoolSpec::Window { .. } } => "max_pool2d",
            Op::MaxPool2d { spec: PoolSpec::Adaptive { .. } } => "adaptive_max_pool2d",
            Op::MaxPool2dBackward { .. } => "max_pool2d_backward",
            Op::AvgPool2d { spec: PoolSpec::Window { .. }, .. } => "avg_pool2d",
            Op::AvgPool2d { spec: PoolSpec::Adaptive { .. }, .. } => "adaptive_avg_pool2d",
            Op::AvgPool2dBackward { spec: PoolSpec::Window { .. }, .. } => "avg_pool2d_backward",
            Op::AvgPool2dBackward { spec: PoolSpec::Adaptive { .. }, .. } => "adaptive_avg_pool2d_backward",
            Op::LayerNorm { .. } => "layer_norm",
            Op::RmsNorm { .. } => "rms_norm",
            Op::GroupNorm { .. } => "group_norm",
            Op::BatchNorm { .. } => "batch_norm",
            Op::PointwiseLoss { kind, .. } => kind.name(),
            Op::ClassLoss { opts, .. } => opts.name(),
            Op::Attention { .. } => "scaled_dot_product_attention",
            Op::Dropout { .. } => "dropout",
            Op::Embedding { .. } => "embedding",
            Op::EmbeddingBackward { .. } => "embedding_backward",
        }
    }

    /// The name of the autograd node that records it (PyTorch's `grad_fn` names).
    pub fn grad_fn_name(&self) -> &'static CStr {
        match self {
            Op::Unary(op) => op.grad_fn_name(),
            Op::UnaryParam(op, _) => op.grad_fn_name(),
            Op::Binary(op) => op.grad_fn_name(),
            Op::Reduce { op, .. } => op.grad_fn_name(),
            Op::Prod { .. } => c"ProdBackward",
            Op::CumulativeSum { .. } => c"CumsumBackward",
            Op::Softmax { log: false, .. } => c"SoftmaxBackward",
            Op::Softmax { log: true, .. } => c"LogSoftmaxBackward",
            Op::Where => c"WhereBackward",
            Op::Clip { .. } => c"ClipBackward",
            Op::Triangle { lower: true, .. } => c"TrilBackward",
            Op::Triangle { lower: false, .. } => c"TriuBackward",
            Op::MatMul => c"MatmulBackward",
            Op::Cast(_) => c"CastBackward",
            Op::Contiguous => c"ContiguousBackward",
            Op::Copy => c"CopyBackward",
            Op::Reshape(_) => c"ReshapeBackward",
            Op::ExpandDims(_) => c"ExpandDimsBackward",
            Op::Squeeze(_) => c"SqueezeBackward",
            Op::Flatten { .. } => c"FlattenBackward",
            Op::Transpose(_) => c"PermuteBackward",
            Op::BroadcastTo(_) => c"BroadcastToBackward",
            Op::Flip(_) => c"FlipBackward",
            Op::SwapAxes(..) => c"SwapAxesBackward",
            Op::MoveAxis { .. } => c"MoveAxisBackward",
            Op::Roll { .. } => c"RollBackward",
            Op::Tile(_) => c"TileBackward",
            Op::Repeat { .. } => c"RepeatBackward",
            Op::Pad { .. } => c"PadBackward",
            Op::Concat(_) => c"ConcatBackward",
            Op::Stack(_) => c"StackBackward",
            Op::Slice(_) => c"SliceBackward",
            Op::SliceScatter { .. } => c"SliceScatterBackward",
            Op::Index(_) => c"IndexBackward",
            Op::IndexAdd { .. } => c"IndexAddBackward",
            Op::Gather(_) => c"GatherBackward",
            Op::ScatterAdd(_) => c"ScatterAddBackward",
            Op::TakeAlongAxis(_) => c"TakeAlongAxisBackward",
            Op::Diagonal { .. } => c"DiagonalBackward",
            Op::DiagonalScatter { .. } => c"DiagonalScatterBackward",
            Op::Assign => c"AssignBackward",
            Op::SetItem { .. } => c"IndexPutBackward",
            Op::CrossEntropy(_) => c"CrossEntropyBackward",
            Op::Linear { .. } => c"LinearBackward",
            Op::Conv2d { .. } => c"ConvolutionBackward",
            Op::ConvTranspose2d { .. } => c"ConvolutionTransposeBackward",
            Op::Conv2dWeightGrad { .. } => c"ConvolutionWeightBackward",
            Op::MaxPool2d { spec: PoolSpec::Window { .. } } => c"MaxPool2DWithIndicesBackward",
            Op::MaxPool2d { spec: PoolSpec::Adaptive { .. } } => c"AdaptiveMaxPool2DBackward",
            Op::MaxPool2dBackward { .. } => c"MaxPool2DWithIndicesBackwardBackward",
            Op::AvgPool2d { spec: PoolSpec::Window { .. }, .. } => c"AvgPool2DBackward",
            Op::AvgPool2d { spec: PoolSpec::Adaptive { .. }, .. } => c"AdaptiveAvgPool2DBackward",
            Op::AvgPool2dBackward { spec: PoolSpec::Window { .. }, .. } => c"AvgPool2DBackwardBackward",
            Op::AvgPool2dBackward { spec: PoolSpec::Adaptive { .. }, .. } => c"AdaptiveAvgPool2DBackwardBackward",
            Op::LayerNorm { .. } => c"NativeLayerNormBackward",
            Op::RmsNorm { .. } => c"RmsNormBackward",
            Op::GroupNorm { .. } => c"NativeGroupNormBackward",
            Op::BatchNorm { .. } => c"NativeBatchNormBackward",
            Op::PointwiseLoss { kind, .. } => kind.grad_fn_name(),
            Op::ClassLoss { opts, .. } => opts.grad_fn_name(),
            Op::Attention { .. } => c"ScaledDotProductAttentionBackward",
            Op::Dropout { .. } => c"NativeDropoutBackward",
            Op::Embedding { .. } => c"EmbeddingBackward",
            Op::EmbeddingBackward { .. } => c"EmbeddingDenseBackwardBackward",
        }
    }

    pub fn category(&self) -> Category {
        match self {
            Op::Unary(_) | Op::UnaryParam(..) | Op::Cast(_) | Op::Contiguous | Op::Copy => Category::Elementwise,
            Op::Binary(_) => Category::BroadcastBinary,
            Op::Reduce { .. } | Op::Prod { .. } | Op::CumulativeSum { .. } | Op::Softmax { .. } => Category::Reduction,
            Op::Where | Op::Clip { .. } | Op::Triangle { .. } => Category::Selection,
            Op::MatMul => Category::Contraction,
            Op::Reshape(_)
            | Op::ExpandDims(_)
            | Op::Squeeze(_)
            | Op::Flatten { .. }
            | Op::Transpose(_)
            | Op::BroadcastTo(_)
            | Op::Flip(_)
            | Op::SwapAxes(..)
            | Op::MoveAxis { .. }
            | Op::Slice(_)
            | Op::Diagonal { .. } => Category::View,
            Op::Roll { .. } | Op::Tile(_) | Op::Repeat { .. } | Op::Pad { .. } | Op::Concat(_) | Op::Stack(_) => {
                Category::Shape
            }
            Op::SliceScatter { .. }
            | Op::Index(_)
            | Op::IndexAdd { .. }
            | Op::Gather(_)
            | Op::ScatterAdd(_)
            | Op::TakeAlongAxis(_)
            | Op::DiagonalScatter { .. }
            | Op::Assign
            | Op::SetItem { .. } => Category::Index,
            Op::CrossEntropy(_) | Op::Linear { .. } => Category::Fused,
            Op::Conv2d { .. } | Op::ConvTranspose2d { .. } | Op::Conv2dWeightGrad { .. } => Category::Contraction,
            Op::MaxPool2d { .. } | Op::AvgPool2d { .. } | Op::AvgPool2dBackward { .. } => Category::Reduction,
            Op::MaxPool2dBackward { .. } => Category::Index,
            Op::LayerNorm { .. } | Op::RmsNorm { .. } | Op::GroupNorm { .. } | Op::BatchNorm { .. } => Category::Fused,
            Op::PointwiseLoss { .. } | Op::ClassLoss { .. } => Category::Fused,
            Op::Attention { .. } => Category::Fused,
            Op::Dropout { .. } => Category::Selection,
            Op::Embedding { .. } | Op::EmbeddingBackward { .. } => Category::Index,
        }
    }

    /// How many tensor operands `execute` takes; None for the variadic ones (concat, stack,
    /// advanced indexing).
    pub fn arity(&self) -> Option<usize> {
        match self {
            Op::Concat(_) | Op::Stack(_) | Op::Index(_) | Op::IndexAdd { .. } | Op::SetItem { .. } => None,
            Op::Binary(_) | Op::Assign | Op::MatMul | Op::Gather(_) | Op::TakeAlongAxis(_) | Op::CrossEntropy(_) => Some(2),
            Op::Where | Op::ScatterAdd(_) => Some(3),
            Op::Clip { has_min, has_max } => Some(1 + *has_min as usize + *has_max as usize),
            Op::Linear { bias, .. } => Some(2 + *bias as usize),
            Op::Conv2d { bias, .. } | Op::ConvTranspose2d { bias, .. } => Some(2 + *bias as usize),
            Op::Conv2dWeightGrad { .. } | Op::MaxPool2dBackward { .. } => Some(2),
            Op::LayerNorm { weight, bias, .. } | Op::GroupNorm { weight, bias, .. } => Some(1 + *weight as usize + *bias as usize),
            Op::RmsNorm { weight, .. } => Some(1 + *weight as usize),
            Op::BatchNorm { batch_stats, weight, bias, .. } => {
                Some(1 + *weight as usize + *bias as usize + 2 * !*batch_stats as usize)
            }
            Op::PointwiseLoss { weight, pos_weight, .. } => Some(2 + *weight as usize + *pos_weight as usize),
            Op::ClassLoss { weight, .. } => Some(2 + *weight as usize),
            Op::Attention { mask, dropout, .. } => Some(3 + (*mask != AttnMask::None) as usize + *dropout as usize),
            Op::Dropout { .. } | Op::Embedding { .. } | Op::EmbeddingBackward { .. } => Some(2),
            _ => Some(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::kernels::creation;

    #[test]
    fn execute_runs_the_kernel_and_checks_arity() {
        let x = creation::full(DType::F64, &[3], 2.0).unwrap();
        let y = Op::Binary(BinaryOp::Mul).execute(&[&x, &x]).unwrap();
        assert_eq!(y.to_vec::<f64>(), vec![4.0; 3]);
        let e = Op::Unary(UnaryOp::Exp).execute(&[&x, &x]).err().unwrap();
        assert!(e.message.contains("exp takes 1 tensor(s), got 2"), "{}", e.message);
        let l = Op::UnaryParam(ParamOp::LeakyRelu, 0.5)
            .execute(&[&crate::kernels::elementwise::unary::unary(UnaryOp::Negative, &x).unwrap()])
            .unwrap();
        assert_eq!(l.to_vec::<f64>(), vec![-1.0; 3]);
    }
}
