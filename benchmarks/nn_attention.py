#!/usr/bin/env python3
"""Forward + backward of scaled_dot_product_attention against torch (where importable), same run.

Batch 8, 4 heads, sequence 128, float32: per-head dim 16 (d_model 64) and per-head dim 64, each
without a mask and causal. tenflowers runs the fused kernel and its fused backward
(``(out * u).sum().backward()`` for q, k and v); torch runs
``F.scaled_dot_product_attention`` and ``backward()`` the same way. Reports the median over
repeats and the ratio (tenflowers / torch; < 1: tenflowers is faster).

    python benchmarks/nn_attention.py [--repeat 30] [--batch 8]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, Callable, Dict, Optional

import numpy as np

import tenflowers as tfs
import tenflowers.nn.functional as F

H, L = 4, 128


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm up
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3


def cases(q: np.ndarray, k: np.ndarray, v: np.ndarray, u: np.ndarray, causal: bool) -> Dict[str, Callable[[], Any]]:
    tu = tfs.asarray(u)

    def ours() -> None:
        qs, ks, vs = (tfs.asarray(a).requires_grad_() for a in (q, k, v))
        (F.scaled_dot_product_attention(qs, ks, vs, is_causal=causal) * tu).sum().backward()

    out: Dict[str, Callable[[], Any]] = {"tenflowers": ours}
    torch = _torch()
    if torch is not None:
        tf_ = torch.nn.functional
        thu = torch.from_numpy(u)

        def theirs() -> None:
            qs, ks, vs = (torch.from_numpy(a).requires_grad_() for a in (q, k, v))
            (tf_.scaled_dot_product_attention(qs, ks, vs, is_causal=causal) * thu).sum().backward()

        out["torch"] = theirs
    return out


def _torch() -> Optional[Any]:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return torch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--batch", type=int, default=8)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print(f"forward+backward, batch {args.batch}, {H} heads, seq {L}, float32, median of {args.repeat} (ms)")
    for d in (16, 64):
        q, k, v = (rng.normal(size=(args.batch, H, L, d)).astype(np.float32) for _ in range(3))
        u = rng.normal(size=(args.batch, H, L, d)).astype(np.float32)
        for causal in (False, True):
            times = {name: median_ms(fn, args.repeat) for name, fn in cases(q, k, v, u, causal).items()}
            ours = times["tenflowers"]
            ratios = "  ".join(f"vs {n} {ours / t:.2f}x" for n, t in times.items() if n != "tenflowers")
            cols = "  ".join(f"{n} {t:8.3f}" for n, t in times.items())
            label = f"head dim {d}{' causal' if causal else ''}"
            print(f"{label:20s} {cols}  |  {ratios}")


if __name__ == "__main__":
    main()
