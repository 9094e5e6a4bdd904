//! The layer ops of `crate::nn` replay as their recorded `Op`s (see `autograd::replay_tests`).

use crate::autograd::replay_tests::{leaf, replays};
use crate::dtype::DType;
use crate::op::Op;
use crate::tensor::Tensor;

#[test]
fn normalization_ops_replay() {
    use crate::nn::norm;
    let x = leaf(&[4, 6, 2]);
    let w = leaf(&[6]);
    let b = leaf(&[6]);
    let wl = leaf(&[6, 2]);
    let ln = norm::layer_norm(&x, &[6, 2], Some(&wl), None, 1e-5).unwrap();
    replays(&ln, &[&x, &wl], |o| matches!(o, Op::LayerNorm { weight: true, bias: false, .. }));
    let rms = norm::rms_norm(&x, &[2], None, 1e-6).unwrap();
    replays(&rms, &[&x], |o| matches!(o, Op::RmsNorm { weight: false, .. }));
    let gn = norm::group_norm(&x, 3, Some(&w), Some(&b), 1e-5).unwrap();
    replays(&gn, &[&x, &w, &b], |o| matches!(o, Op::GroupNorm { groups: 3, .. }));
    let rm = Tensor::zeros(DType::F64, &[6]).unwrap();
    let rv = crate::kernels::creation::full(DType::F64, &[6], 1.0).unwrap();
    let bn = norm::batch_norm(&x, Some(&rm), Some(&rv), Some(&w), Some(&b), true, 0.1, 1e-5).unwrap();
    replays(&bn, &[&x, &w, &b], |o| matches!(o, Op::BatchNorm { batch_stats: true, .. }));
    let ev = norm::batch_norm(&x, Some(&rm), Some(&rv), None, Some(&b), false, 0.1, 1e-5).unwrap();
    replays(&ev, &[&x, &b, &rm, &rv], |o| matches!(o, Op::BatchNorm { batch_stats: false, weight: false, .. }));
}
