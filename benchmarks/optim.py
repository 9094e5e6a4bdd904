#!/usr/bin/env python3
"""Optimizer speed against torch (where importable) in the same run.

- mlp_adam_step: one training step of an MLP 784-256-10 (linear, relu, linear, cross_entropy)
  on a batch of 64 float32 samples: zero_grad, forward, backward, Adam step.
- adam_10m: ``opt.step()`` alone over one float32 parameter of 10M elements with a gradient
  (Adam, default hyperparameters), reported also as a fraction of the measured memory bandwidth:
  an Adam step reads the parameter, gradient and both moments and writes the parameter and both
  moments (7 x 4 bytes per element); the reference bandwidth is the best of three NumPy streaming
  kernels over 200 MB arrays (``stream_bandwidth_gbs``).

Reports medians over repeats and tenflowers / torch (< 1: tenflowers is faster).

    python benchmarks/optim.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from typing import Any, Callable, Dict, Optional

import numpy as np

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers import optim


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    for _ in range(3):
        fn()  # warm up (the optimizer's state is created on the first step)
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


def stream_bandwidth_gbs(repeat: int) -> Dict[str, float]:
    """Memory bandwidth from NumPy streaming kernels over 200 MB float32 arrays (out of cache):
    ``np.copyto`` on one thread and split over two threads (8 bytes per element), and
    ``np.add(a, b, out=c)`` (12 bytes per element), in GB/s of bytes touched."""
    n = 50_000_000
    a = np.ones(n, dtype=np.float32)
    b = np.ones(n, dtype=np.float32)
    c = np.zeros(n, dtype=np.float32)
    half = n // 2

    def two_threads() -> None:
        ts = [threading.Thread(target=np.copyto, args=(c[i * half:(i + 1) * half], a[i * half:(i + 1) * half]))
              for i in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    return {
        "copy, 1 thread": 8 * n / (median_ms(lambda: np.copyto(c, a), repeat) * 1e-3) / 1e9,
        "copy, 2 threads": 8 * n / (median_ms(two_threads, repeat) * 1e-3) / 1e9,
        "add": 12 * n / (median_ms(lambda: np.add(a, b, out=c), repeat) * 1e-3) / 1e9,
    }


def cases(rng: np.random.Generator, torch: Optional[Any]) -> Dict[str, Dict[str, Callable[[], Any]]]:
    f32 = np.float32
    x = rng.normal(size=(64, 784)).astype(f32)
    y = rng.integers(0, 10, size=64)
    w1 = (rng.normal(size=(256, 784)) * 0.036).astype(f32)
    b1 = np.zeros(256, f32)
    w2 = (rng.normal(size=(10, 256)) * 0.0625).astype(f32)
    b2 = np.zeros(10, f32)
    tx, ty = tfs.asarray(x), tfs.asarray(y)
    tparams = [tfs.asarray(a).requires_grad_() for a in (w1, b1, w2, b2)]
    topt = optim.Adam(tparams, lr=1e-3)

    def tf_mlp() -> None:
        topt.zero_grad()
        h = F.linear(tx, tparams[0], tparams[1], activation="relu")
        F.cross_entropy(F.linear(h, tparams[2], tparams[3]), ty).backward()
        topt.step()

    big = tfs.asarray(rng.normal(size=10_000_000).astype(f32)).requires_grad_()
    (big * 0.5).sum().backward()
    big_opt = optim.Adam([big])
    out: Dict[str, Dict[str, Callable[[], Any]]] = {
        "mlp_adam_step": {"tenflowers": tf_mlp},
        "adam_10m": {"tenflowers": big_opt.step},
    }
    if torch is None:
        return out
    torch.set_num_threads(tfs.get_num_threads())
    px, py = torch.from_numpy(x), torch.from_numpy(y)
    pparams = [torch.tensor(a, requires_grad=True) for a in (w1, b1, w2, b2)]
    popt = torch.optim.Adam(pparams, lr=1e-3)
    tF = torch.nn.functional

    def torch_mlp() -> None:
        popt.zero_grad()
        h = tF.relu(tF.linear(px, pparams[0], pparams[1]))
        tF.cross_entropy(tF.linear(h, pparams[2], pparams[3]), py).backward()
        popt.step()

    pbig = torch.tensor(np.asarray(big.detach()), requires_grad=True)
    (pbig * 0.5).sum().backward()
    pbig_opt = torch.optim.Adam([pbig])
    out["mlp_adam_step"]["torch"] = torch_mlp
    out["adam_10m"]["torch"] = pbig_opt.step
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    torch = _torch()
    rng = np.random.default_rng(0)
    streams = stream_bandwidth_gbs(min(args.repeat, 10))
    bw = max(streams.values())
    print(f"threads: {tfs.get_num_threads()}; memory bandwidth (GB/s of bytes touched): "
          + ", ".join(f"{k} {v:.1f}" for k, v in streams.items()) + f"; the best, {bw:.1f}, is the reference")
    print(f"{'case':16} {'tenflowers ms':>14} {'torch ms':>10} {'tf/torch':>9}")
    for name, fns in cases(rng, torch).items():
        t = median_ms(fns["tenflowers"], args.repeat)
        p = median_ms(fns["torch"], args.repeat) if "torch" in fns else float("nan")
        print(f"{name:16} {t:14.3f} {p:10.3f} {t / p:9.2f}")
        if name == "adam_10m":
            print(f"{'':16} tenflowers {28e7 / (t * 1e-3) / 1e9:.1f} GB/s, {28e7 / (t * 1e-3) / 1e9 / bw:.0%} of the reference"
                  + (f"; torch {28e7 / (p * 1e-3) / 1e9 / bw:.0%}" if p == p else ""))


if __name__ == "__main__":
    main()
