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

#[test]
fn attention_replays() {
    use crate::nn::attention::scaled_dot_product_attention as sdpa;
    use crate::op::AttnMask;
    let (q, k, v) = (leaf(&[2, 3, 4]), leaf(&[1, 5, 4]), leaf(&[2, 5, 6]));
    let m = leaf(&[3, 5]);
    let out = sdpa(&q, &k, &v, Some(&m), 0.0, false, Some(0.7), false).unwrap();
    replays(&out, &[&q, &k, &v, &m], |o| matches!(o, Op::Attention { mask: AttnMask::Float, dropout: false, .. }));
    let causal = sdpa(&q, &k, &v, None, 0.0, true, None, false).unwrap();
    replays(&causal, &[&q, &k, &v], |o| matches!(o, Op::Attention { mask: AttnMask::None, p, .. } if p.causal && p.scale == 0.5));
    let b = crate::kernels::creation::full(DType::Bool, &[3, 5], 1.0).unwrap();
    let masked = sdpa(&q, &k, &v, Some(&b), 0.0, false, None, false).unwrap();
    replays(&masked, &[&q, &k, &v, &b], |o| matches!(o, Op::Attention { mask: AttnMask::Bool, .. }));
}

#[test]
fn dropout_and_embedding_replay() {
    use crate::autograd::ops as ag;
    use crate::nn::{dropout, embedding};
    // The generator is global: hold the lock random.rs's seeded test holds, so no draw here
    // lands between its seed and its draws.
    let _g = crate::runtime::threads::tests::THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let x = leaf(&[4, 6, 2]);
    // Replay reuses the saved mask: the same output, nothing drawn again.
    let (d, mask) = dropout::dropout(&x, 0.5, true, false).unwrap();
    replays(&d, &[&x, &mask.unwrap()], |o| matches!(o, Op::Dropout { scale } if *scale == 2.0));
    let (f, fmask) = dropout::dropout(&x, 0.25, true, true).unwrap();
    let fmask = fmask.unwrap();
    assert_eq!(fmask.shape(), &[4, 6, 1]);
    replays(&f, &[&x, &fmask], |o| matches!(o, Op::Dropout { .. }));
    let (same, none) = dropout::dropout(&x, 0.5, false, false).unwrap();
    assert!(none.is_none() && std::sync::Arc::ptr_eq(&same.storage, &x.storage));
    let w = leaf(&[5, 3]);
    let idx = Tensor::build::<i64>(&[2, 2], |o| o.copy_from_slice(&[4, 0, 4, -1 + 3])).unwrap();
    let e = embedding::embedding(&idx, &w, Some(-1), None, 2.0, true).unwrap();
    replays(&e, &[&w, &idx], |o| matches!(o, Op::Embedding { padding: Some(4), scale_grad_by_freq: true }));
    let g = leaf(&[2, 2, 3]);
    let eb = ag::embedding_backward(&g, &idx, 5, Some(4), true).unwrap();
    replays(&eb, &[&g, &idx], |o| matches!(o, Op::EmbeddingBackward { num_weights: 5, .. }));
}

#[test]
fn pooling_ops_replay() {
    use crate::autograd::ops as ag;
    use crate::kernels::nn::pool::{AvgOptions, PoolSpec};
    use crate::nn::pool;
    let x = leaf(&[2, 3, 5, 6]);
    let (mp, idx) = pool::max_pool2d(&x, [3, 2], Some([2, 1]), [1, 1], [1, 2], true).unwrap();
    replays(&mp, &[&x], |o| matches!(o, Op::MaxPool2d { spec: PoolSpec::Window { ceil_mode: true, .. } }));
    let (am, _) = pool::adaptive_max_pool2d(&x, [3, 4]).unwrap();
    replays(&am, &[&x], |o| matches!(o, Op::MaxPool2d { spec: PoolSpec::Adaptive { out: [3, 4] } }));
    let g = leaf(mp.shape());
    let mb = ag::max_pool2d_backward(&g, &idx, [5, 6]).unwrap();
    replays(&mb, &[&g, &idx], |o| matches!(o, Op::MaxPool2dBackward { input_hw: [5, 6] }));
    let ap = pool::avg_pool2d(&x, [3, 3], Some([2, 2]), [1, 1], true, false, None).unwrap();
    replays(&ap, &[&x], |o| matches!(o, Op::AvgPool2d { opts: AvgOptions { count_include_pad: false, .. }, .. }));
    let aa = pool::adaptive_avg_pool2d(&x, [2, 4]).unwrap();
    replays(&aa, &[&x], |o| matches!(o, Op::AvgPool2d { spec: PoolSpec::Adaptive { .. }, .. }));
    let spec = PoolSpec::Window { kernel: [2, 2], stride: [1, 2], padding: [1, 0], dilation: [1, 1], ceil_mode: false };
    let opts = AvgOptions { count_include_pad: true, divisor_override: Some(3) };
    let g = leaf(&[2, 3, 6, 3]);
    let ab = ag::avg_pool2d_backward(&g, &spec, &opts, [5, 6]).unwrap();
    replays(&ab, &[&g], |o| matches!(o, Op::AvgPool2dBackward { input_hw: [5, 6], .. }));
}
