#!/usr/bin/env python3
"""Forward + backward of two losses against NumPy (and torch where importable), same run.

mse_loss on (4096, 1000) float32 (mean) and cross_entropy on (4096, 1000) float32 logits with
4096 class indices (mean). tenflowers runs the fused loss and its fused backward
(``loss.backward()``); the NumPy reference computes the same forward value and gradient with
vectorised array code; torch runs ``F.mse_loss`` / ``F.cross_entropy`` and ``backward()``.
Reports the median over repeats and the ratios (tenflowers / other; < 1: tenflowers is faster).

    python benchmarks/nn_loss.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, Callable, Dict, Optional

import numpy as np

import tenflowers as tfs
import tenflowers.nn.functional as F

N, C = 4096, 1000


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm up
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3


def cases(x: np.ndarray, t: np.ndarray, idx: np.ndarray) -> Dict[str, Dict[str, Callable[[], Any]]]:
    def tf_mse() -> None:
        xs = tfs.asarray(x).requires_grad_()
        F.mse_loss(xs, tfs_t).backward()

    def tf_ce() -> None:
        xs = tfs.asarray(x).requires_grad_()
        F.cross_entropy(xs, tfs_idx).backward()

    def np_mse() -> None:
        d = x - t
        _ = np.mean(d * d, dtype=np.float64)
        _ = d * np.float32(2.0 / d.size)

    def np_ce() -> None:
        m = x.max(axis=1, keepdims=True)
        e = np.exp(x - m)
        s = e.sum(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(s[:, 0])
        _ = np.mean(lse - x[np.arange(N), idx], dtype=np.float64)
        g = e / s
        g[np.arange(N), idx] -= 1
        g *= np.float32(1.0 / N)

    tfs_t = tfs.asarray(t)
    tfs_idx = tfs.asarray(idx)
    out: Dict[str, Dict[str, Callable[[], Any]]] = {
        "mse_loss": {"tenflowers": tf_mse, "numpy": np_mse},
        "cross_entropy": {"tenflowers": tf_ce, "numpy": np_ce},
    }
    torch = _torch()
    if torch is not None:
        tf_ = torch.nn.functional
        tt, ti = torch.from_numpy(t), torch.from_numpy(idx)

        def th_mse() -> None:
            xs = torch.from_numpy(x).requires_grad_()
            tf_.mse_loss(xs, tt).backward()

        def th_ce() -> None:
            xs = torch.from_numpy(x).requires_grad_()
            tf_.cross_entropy(xs, ti).backward()

        out["mse_loss"]["torch"] = th_mse
        out["cross_entropy"]["torch"] = th_ce
    return out


def _torch() -> Optional[Any]:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return torch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N, C)).astype(np.float32)
    t = rng.normal(size=(N, C)).astype(np.float32)
    idx = rng.integers(0, C, size=N)
    print(f"forward+backward, ({N}, {C}) float32, median of {args.repeat} (ms)")
    for name, impls in cases(x, t, idx).items():
        times = {k: median_ms(fn, args.repeat) for k, fn in impls.items()}
        ours = times["tenflowers"]
        ratios = "  ".join(f"vs {k} {ours / v:.2f}x" for k, v in times.items() if k != "tenflowers")
        cols = "  ".join(f"{k} {v:8.2f}" for k, v in times.items())
        print(f"{name:14s} {cols}  |  {ratios}")


if __name__ == "__main__":
    main()
