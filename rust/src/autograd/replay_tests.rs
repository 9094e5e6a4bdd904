//! Every recorded operation is an `Op` that runs again: for each differentiable wrapper, the
//! node's op executed on the operands (also the ones that are not differentiated) gives the
//! output again, and the node's name is the op's.

use super::ops;
use super::set_requires_grad;
use crate::dtype::DType;
use crate::kernels::fused::{Activation, CrossEntropyOptions, Reduction};
use crate::kernels::index::IndexItem;
use crate::kernels::select::Triangle;
use crate::kernels::shape::PadMode;
use crate::op::Op;
use crate::tensor::Tensor;

pub(crate) fn leaf(shape: &[usize]) -> Tensor {
    let mut t = Tensor::build::<f64>(shape, |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = (i as f64 * 0.37).sin() + 0.5))
        .unwrap();
    set_requires_grad(&mut t, true).unwrap();
    t
}

fn ints(shape: &[usize], v: &[i64]) -> Tensor {
    Tensor::build::<i64>(shape, |o| o.copy_from_slice(v)).unwrap()
}

/// Asserts that `out` was recorded as an op of `kind` and that the op replays on `operands`.
pub(crate) fn replays(out: &Tensor, operands: &[&Tensor], kind: fn(&Op) -> bool) {
    let node = out.autograd.as_ref().expect("recorded").grad_fn.clone().expect("has a node");
    assert!(kind(&node.op), "recorded {:?}", node.op);
    assert_eq!(node.name, node.op.grad_fn_name());
    let again = node.op.execute(operands).unwrap();
    assert_eq!(again.shape(), out.shape(), "{}", node.op.name());
    assert_eq!(again.dtype(), out.dtype(), "{}", node.op.name());
    assert_eq!(again.cast(DType::F64).unwrap().to_vec::<f64>(), out.cast(DType::F64).unwrap().to_vec::<f64>(), "{}", node.op.name());
}

#[test]
fn every_recorded_op_replays() {
    let x = leaf(&[2, 3]);
    let y = leaf(&[2, 3]);
    let v = leaf(&[3]);
    let m = leaf(&[3, 4]);
    replays(&ops::prod(&x, Some(&[1]), false).unwrap(), &[&x], |o| matches!(o, Op::Prod { .. }));
    let cs = ops::cumulative_sum(&x, Some(1), None, true).unwrap();
    replays(&cs, &[&x], |o| matches!(o, Op::CumulativeSum { .. }));
    replays(&ops::softmax(&x, -1, true).unwrap(), &[&x], |o| matches!(o, Op::Softmax { log: true, .. }));
    let cond = ints(&[2, 3], &[1, 0, 1, 0, 0, 1]).cast(DType::Bool).unwrap();
    replays(&ops::where_(&cond, &x, &y).unwrap(), &[&cond, &x, &y], |o| matches!(o, Op::Where));
    replays(&ops::clip(&x, Some(&v), None).unwrap(), &[&x, &v], |o| matches!(o, Op::Clip { has_min: true, has_max: false }));
    replays(&ops::triangle(&x, 0, Triangle::Upper).unwrap(), &[&x], |o| matches!(o, Op::Triangle { lower: false, .. }));
    replays(&ops::matmul(&x, &m).unwrap(), &[&x, &m], |o| matches!(o, Op::MatMul));
    replays(&ops::cast(&x, DType::F32).unwrap(), &[&x], |o| matches!(o, Op::Cast(DType::F32)));
    replays(&ops::copy(&x).unwrap(), &[&x], |o| matches!(o, Op::Copy));
    let t = ops::transpose(&x, None).unwrap();
    replays(&t, &[&x], |o| matches!(o, Op::Transpose(None)));
    replays(&ops::contiguous(&t).unwrap(), &[&t], |o| matches!(o, Op::Contiguous));
    replays(&ops::reshape(&x, &[3, -1]).unwrap(), &[&x], |o| matches!(o, Op::Reshape(_)));
    replays(&ops::expand_dims(&x, &[0]).unwrap(), &[&x], |o| matches!(o, Op::ExpandDims(_)));
    let e = ops::expand_dims(&x, &[0]).unwrap();
    replays(&ops::squeeze(&e, None).unwrap(), &[&e], |o| matches!(o, Op::Squeeze(None)));
    replays(&ops::flatten(&x, 0, -1).unwrap(), &[&x], |o| matches!(o, Op::Flatten { .. }));
    replays(&ops::broadcast_to(&v, &[2, 3]).unwrap(), &[&v], |o| matches!(o, Op::BroadcastTo(_)));
    replays(&ops::flip(&x, Some(&[1])).unwrap(), &[&x], |o| matches!(o, Op::Flip(_)));
    replays(&ops::swapaxes(&x, 0, 1).unwrap(), &[&x], |o| matches!(o, Op::SwapAxes(0, 1)));
    replays(&ops::moveaxis(&x, &[0], &[1]).unwrap(), &[&x], |o| matches!(o, Op::MoveAxis { .. }));
    replays(&ops::roll(&x, &[1], Some(&[1])).unwrap(), &[&x], |o| matches!(o, Op::Roll { .. }));
    replays(&ops::tile(&x, &[2, 1]).unwrap(), &[&x], |o| matches!(o, Op::Tile(_)));
    let r = ops::repeat(&x, &[2], None).unwrap();
    let flat = ops::reshape(&x, &[-1]).unwrap();
    replays(&r, &[&flat], |o| matches!(o, Op::Repeat { axis: 0, .. }));
    let p = ops::pad(&x, &[(1, 0), (0, 2)], PadMode::Reflect, 0.0).unwrap();
    replays(&p, &[&x], |o| matches!(o, Op::Pad { mode: PadMode::Reflect, .. }));
    replays(&ops::concat(&[&x, &y], Some(0)).unwrap(), &[&x, &y], |o| matches!(o, Op::Concat(Some(0))));
    replays(&ops::stack(&[&x, &y], 1).unwrap(), &[&x, &y], |o| matches!(o, Op::Stack(1)));
    let items = [IndexItem::Int(1), IndexItem::Slice(None, None, -2)];
    let sl = ops::slice(&x, &items).unwrap();
    replays(&sl, &[&x], |o| matches!(o, Op::Slice(_)));
    let ss = ops::slice_scatter(&sl, &[2, 3], &items).unwrap();
    replays(&ss, &[&sl], |o| matches!(o, Op::SliceScatter { .. }));
    let idx = ints(&[3], &[2, 0, 2]);
    let ix = ops::index_select(&x, &[&idx], &[1]).unwrap();
    replays(&ix, &[&x, &idx], |o| matches!(o, Op::Index(_)));
    let ia = ops::index_add(&ix, &[2, 3], &[idx.clone()], &[1]).unwrap();
    replays(&ia, &[&ix, &idx], |o| matches!(o, Op::IndexAdd { .. }));
    let gi = ints(&[2, 2], &[0, 2, 1, 1]);
    replays(&ops::gather(&x, 1, &gi).unwrap(), &[&x, &gi], |o| matches!(o, Op::Gather(1)));
    let src = leaf(&[2, 2]);
    replays(&ops::scatter_add(&x, 1, &gi, &src).unwrap(), &[&x, &gi, &src], |o| matches!(o, Op::ScatterAdd(1)));
    let ta = ops::take_along_axis(&x, &gi, Some(1)).unwrap();
    replays(&ta, &[&x, &gi], |o| matches!(o, Op::TakeAlongAxis(1)));
    let sq = leaf(&[3, 3]);
    let mut size = [0usize; 128];
    size[b'i' as usize] = 3;
    let d = ops::diagonal_view(&sq, b"ii", &size).unwrap();
    replays(&d, &[&sq], |o| matches!(o, Op::Diagonal { .. }));
    let ds = ops::diagonal_scatter(&d, &[3, 3], b"ii", &size).unwrap();
    replays(&ds, &[&d], |o| matches!(o, Op::DiagonalScatter { .. }));
    let opts = CrossEntropyOptions { reduction: Reduction::Mean, ignore_index: -100, label_smoothing: 0.1 };
    let target = ints(&[2], &[2, 0]);
    let ce = super::fused::cross_entropy(&x, &target, opts).unwrap();
    replays(&ce, &[&x, &target], |o| matches!(o, Op::CrossEntropy(_)));
    let w = leaf(&[4, 3]);
    let b = leaf(&[4]);
    let lin = super::fused::linear(&x, &w, Some(&b), Activation::Relu).unwrap();
    replays(&lin, &[&x, &w, &b], |o| matches!(o, Op::Linear { act: Activation::Relu, bias: true }));
}

#[test]
fn in_place_writes_record_their_functional_form() {
    let base = leaf(&[2, 3]);
    let src = leaf(&[3]);
    let mut dst = ops::mul(&base, &ops::scalar(DType::F64, 1.0).unwrap()).unwrap();
    crate::kernels::index::assign(&dst, &src).unwrap();
    super::rebase_assign(&mut dst, &src).unwrap();
    let node = dst.autograd.as_ref().unwrap().grad_fn.clone().unwrap();
    assert_eq!(node.op, Op::Assign);
    let again = node.op.execute(&[&base, &src]).unwrap();
    assert_eq!(again.to_vec::<f64>(), dst.to_vec::<f64>());

    let mut dst = ops::mul(&base, &ops::scalar(DType::F64, 1.0).unwrap()).unwrap();
    let old = dst.contiguous_copy().unwrap();
    let items = [IndexItem::Slice(None, None, 1)];
    let idx = ints(&[1], &[2]);
    let val = leaf(&[2, 1]);
    let view = crate::kernels::index::slice(&dst, &items).unwrap();
    crate::kernels::index::index_assign(&view, &[&idx], &[1], &val).unwrap();
    super::rebase_setitem(&mut dst, &items, &[&idx], &[1], &val).unwrap();
    let node = dst.autograd.as_ref().unwrap().grad_fn.clone().unwrap();
    assert!(matches!(node.op, Op::SetItem { .. }));
    let again = node.op.execute(&[&old, &val, &idx]).unwrap();
    assert_eq!(again.to_vec::<f64>(), dst.to_vec::<f64>());
}

#[test]
fn convolutions_replay() {
    use crate::kernels::nn::conv::ConvParams;
    let p = ConvParams { stride: [2, 1], padding: [1, 0, 1, 1], dilation: [1, 2], groups: 2 };
    let x = leaf(&[2, 4, 5, 6]);
    let w = leaf(&[6, 2, 3, 2]);
    let b = leaf(&[6]);
    let y = ops::conv2d(&x, &w, Some(&b), &p).unwrap();
    replays(&y, &[&x, &w, &b], |o| matches!(o, Op::Conv2d { bias: true, .. }));
    let g = leaf(y.shape());
    let bt = leaf(&[4]);
    let t = ops::conv_transpose2d(&g, &w, Some(&bt), &p, [5, 6]).unwrap();
    replays(&t, &[&g, &w, &bt], |o| matches!(o, Op::ConvTranspose2d { out_hw: [5, 6], bias: true, .. }));
    let dw = ops::conv2d_weight_grad(&x, &g, &p, w.shape()).unwrap();
    replays(&dw, &[&x, &g], |o| matches!(o, Op::Conv2dWeightGrad { .. }));
}

/// Runs `op` on `operands` and records it on the differentiable `ins` as `crate::nn::loss`
/// does (this layer cannot call the features layer), saving `saved`.
fn recorded(op: Op, operands: &[&Tensor], ins: &[&Tensor], saved: Vec<Tensor>) -> Tensor {
    let out = op.execute(operands).unwrap();
    super::record_op(op, ins, out, saved, false)
}

#[test]
fn every_loss_replays() {
    use crate::kernels::nn::class_loss::{class_loss, ClassLossKind, ClassLossOptions};
    use crate::kernels::nn::loss::{LossReduction, PointwiseLoss};
    let x = leaf(&[2, 3]);
    let y = leaf(&[3]);
    let probs = ops::softmax(&leaf(&[2, 3]), -1, false).unwrap().detach();
    let w = Tensor::build::<f64>(&[3], |o| o.copy_from_slice(&[0.5, 1.0, 2.0])).unwrap();
    let kinds = [
        PointwiseLoss::Mse,
        PointwiseLoss::L1,
        PointwiseLoss::SmoothL1 { beta: 0.5 },
        PointwiseLoss::Huber { delta: 0.5 },
        PointwiseLoss::KlDiv { log_target: true },
    ];
    for kind in kinds {
        let op = Op::PointwiseLoss { kind, reduction: LossReduction::Sum, weight: false, pos_weight: false };
        let l = recorded(op, &[&x, &y], &[&x, &y], vec![x.clone(), y.clone()]);
        replays(&l, &[&x, &y], |o| matches!(o, Op::PointwiseLoss { weight: false, pos_weight: false, .. }));
    }
    let p = leaf(&[2, 3]);
    let pr = ops::unary(crate::kernels::elementwise::table::UnaryOp::Sigmoid, &p).unwrap();
    let op = Op::PointwiseLoss { kind: PointwiseLoss::Bce, reduction: LossReduction::Mean, weight: true, pos_weight: false };
    let l = recorded(op, &[&pr, &probs, &w], &[&pr, &probs], vec![pr.clone(), probs.clone(), w.clone()]);
    replays(&l, &[&pr, &probs, &w], |o| matches!(o, Op::PointwiseLoss { kind: PointwiseLoss::Bce, weight: true, .. }));
    let op = Op::PointwiseLoss { kind: PointwiseLoss::BceWithLogits, reduction: LossReduction::None, weight: true, pos_weight: true };
    let l = recorded(op, &[&x, &probs, &w, &w], &[&x, &probs], vec![x.clone(), probs.clone(), w.clone(), w.clone()]);
    replays(&l, &[&x, &probs, &w, &w], |o| matches!(o, Op::PointwiseLoss { weight: true, pos_weight: true, .. }));
    let target = ints(&[2], &[2, 0]);
    for kind in [ClassLossKind::CrossEntropy, ClassLossKind::Nll] {
        let opts = ClassLossOptions { kind, reduction: LossReduction::Mean, ignore_index: -100, label_smoothing: 0.0 };
        let (_, lse) = class_loss(&x, &target, Some(&w), &opts).unwrap();
        let op = Op::ClassLoss { opts, weight: true };
        let l = recorded(op, &[&x, &target, &w], &[&x], vec![x.clone(), target.clone(), lse, w.clone()]);
        replays(&l, &[&x, &target, &w], |o| matches!(o, Op::ClassLoss { weight: true, .. }));
    }
    let opts =
        ClassLossOptions { kind: ClassLossKind::CrossEntropy, reduction: LossReduction::None, ignore_index: -100, label_smoothing: 0.2 };
    let (_, lse) = class_loss(&x, &probs, None, &opts).unwrap();
    let l = recorded(Op::ClassLoss { opts, weight: false }, &[&x, &probs], &[&x, &probs], vec![x.clone(), probs.clone(), lse]);
    replays(&l, &[&x, &probs], |o| matches!(o, Op::ClassLoss { weight: false, .. }));
}
