#!/usr/bin/env python3
"""Layer forward + backward against torch (where importable) in the same run.

- conv2d: x (32, 3, 32, 32) float32 -> conv 3->32 (k=3, pad 1) -> relu -> conv 32->64 (k=3, pad 1),
  ``out.sum().backward()`` (gradients for x, both weights and biases).
- layer_norm: (4096, 768) float32 with weight and bias, ``(y * g).sum().backward()``.
- lenet_step: one training step of LeNet-5 (conv 1->6 k5, relu, max_pool 2, conv 6->16 k5, relu,
  max_pool 2, linear 400->120->84->10, cross_entropy) on a (64, 1, 32, 32) batch, with a plain
  SGD update of every parameter.
- encoder_layer: ``nn.TransformerEncoderLayer(256, 4, 1024, dropout=0, batch_first=True)`` on a
  (16, 64, 256) batch, forward and ``out.sum().backward()``, the same weights in both libraries.

Reports the median over repeats and tenflowers / torch (< 1: tenflowers is faster); without
torch only tenflowers' times are printed.

    python benchmarks/nn_layers.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, Callable, Dict, List, Optional

import numpy as np

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers import nn


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm up
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3


def _torch() -> Optional[Any]:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return torch


def leaves(arrays: List[np.ndarray]) -> List[tfs.Tensor]:
    return [tfs.asarray(a).requires_grad_() for a in arrays]


def cases(rng: np.random.Generator) -> Dict[str, Dict[str, Callable[[], Any]]]:
    f32 = np.float32
    x = rng.normal(size=(32, 3, 32, 32)).astype(f32)
    w1 = (rng.normal(size=(32, 3, 3, 3)) * 0.2).astype(f32)
    b1 = rng.normal(size=32).astype(f32)
    w2 = (rng.normal(size=(64, 32, 3, 3)) * 0.05).astype(f32)
    b2 = rng.normal(size=64).astype(f32)
    conv_params = [x, w1, b1, w2, b2]

    def tf_conv() -> None:
        tx, tw1, tb1, tw2, tb2 = leaves(conv_params)
        h = F.relu(F.conv2d(tx, tw1, tb1, padding=1))
        F.conv2d(h, tw2, tb2, padding=1).sum().backward()

    ln_x = rng.normal(size=(4096, 768)).astype(f32)
    ln_w, ln_b = rng.normal(size=768).astype(f32), rng.normal(size=768).astype(f32)
    ln_g = rng.normal(size=(4096, 768)).astype(f32)
    tf_g = tfs.asarray(ln_g)

    def tf_ln() -> None:
        tx, tw, tb = leaves([ln_x, ln_w, ln_b])
        (F.layer_norm(tx, (768,), tw, tb) * tf_g).sum().backward()

    lenet_x = rng.normal(size=(64, 1, 32, 32)).astype(f32)
    lenet_y = rng.integers(0, 10, size=64)
    shapes = [(6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 400), (120,), (84, 120), (84,), (10, 84), (10,)]
    lenet_w = [(rng.normal(size=s) * 0.1).astype(f32) for s in shapes]
    tf_lenet_w = leaves(lenet_w)
    tf_lx, tf_ly = tfs.asarray(lenet_x), tfs.asarray(lenet_y)

    def tf_lenet() -> None:
        c1, cb1, c2, cb2, l1, lb1, l2, lb2, l3, lb3 = tf_lenet_w
        h = F.max_pool2d(F.relu(F.conv2d(tf_lx, c1, cb1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, c2, cb2)), 2)
        h = h.reshape((64, 400))
        h = F.relu(F.linear(h, l1, lb1))
        h = F.relu(F.linear(h, l2, lb2))
        F.cross_entropy(F.linear(h, l3, lb3), tf_ly).backward()
        with tfs.no_grad():
            for p in tf_lenet_w:
                assert p.grad is not None
                p -= 0.01 * p.grad
                p.grad = None

    enc = nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True)
    enc_x = rng.normal(size=(16, 64, 256)).astype(f32)

    def tf_enc() -> None:
        enc(tfs.asarray(enc_x).requires_grad_()).sum().backward()

    out: Dict[str, Dict[str, Callable[[], Any]]] = {
        "conv2d": {"tenflowers": tf_conv}, "layer_norm": {"tenflowers": tf_ln}, "lenet_step": {"tenflowers": tf_lenet},
        "encoder_layer": {"tenflowers": tf_enc},
    }
    torch = _torch()
    if torch is None:
        return out
    tF = torch.nn.functional

    def th_leaves(arrays: List[np.ndarray]) -> List[Any]:
        return [torch.from_numpy(a).requires_grad_() for a in arrays]

    def th_conv() -> None:
        tx, tw1, tb1, tw2, tb2 = th_leaves(conv_params)
        h = tF.relu(tF.conv2d(tx, tw1, tb1, padding=1))
        tF.conv2d(h, tw2, tb2, padding=1).sum().backward()

    th_g = torch.from_numpy(ln_g)

    def th_ln() -> None:
        tx, tw, tb = th_leaves([ln_x, ln_w, ln_b])
        (tF.layer_norm(tx, (768,), tw, tb) * th_g).sum().backward()

    th_lenet_w = th_leaves([w.copy() for w in lenet_w])
    th_lx, th_ly = torch.from_numpy(lenet_x), torch.from_numpy(lenet_y)

    def th_lenet() -> None:
        c1, cb1, c2, cb2, l1, lb1, l2, lb2, l3, lb3 = th_lenet_w
        h = tF.max_pool2d(tF.relu(tF.conv2d(th_lx, c1, cb1)), 2)
        h = tF.max_pool2d(tF.relu(tF.conv2d(h, c2, cb2)), 2)
        h = h.reshape(64, 400)
        h = tF.relu(tF.linear(h, l1, lb1))
        h = tF.relu(tF.linear(h, l2, lb2))
        tF.cross_entropy(tF.linear(h, l3, lb3), th_ly).backward()
        with torch.no_grad():
            for p in th_lenet_w:
                p -= 0.01 * p.grad
                p.grad = None

    th_enc = torch.nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True)
    enc.load_state_dict({k: v.detach().numpy() for k, v in th_enc.state_dict().items()})

    def th_encoder() -> None:
        th_enc(torch.from_numpy(enc_x).requires_grad_()).sum().backward()

    out["conv2d"]["torch"] = th_conv
    out["layer_norm"]["torch"] = th_ln
    out["lenet_step"]["torch"] = th_lenet
    out["encoder_layer"]["torch"] = th_encoder
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    torch = _torch()
    threads = f", torch threads {torch.get_num_threads()}" if torch is not None else ""
    print(f"forward+backward, float32, median of {args.repeat} (ms){threads}")
    for name, impls in cases(np.random.default_rng(0)).items():
        times = {k: median_ms(fn, args.repeat) for k, fn in impls.items()}
        ours = times["tenflowers"]
        ratios = "  ".join(f"vs {k} {ours / v:.2f}x" for k, v in times.items() if k != "tenflowers")
        cols = "  ".join(f"{k} {v:8.2f}" for k, v in times.items())
        print(f"{name:12s} {cols}  |  {ratios}")


if __name__ == "__main__":
    main()
