#!/usr/bin/env python3
"""DataLoader overhead per batch of 64 small samples: tenflowers.utils.data against
torch.utils.data (where importable), same run, same data.

Cases (one epoch each, 10000 samples of (3, 8, 8) float32 with an int64 label, batch 64):
- tensor: a TensorDataset of two tensors, in order;
- tensor shuffled: the same with shuffle=True;
- numpy: a map-style dataset whose __getitem__ returns (a NumPy array, a Python int), so the
  loader calls it per sample and collates NumPy arrays and ints;
- numpy 2 workers (with --workers): the numpy case read by two worker processes, startup
  included.
Reports the median time per batch over repeats (us) and the ratio tenflowers / torch (< 1:
tenflowers is faster).

    python benchmarks/data_loader.py [--repeat 7] [--workers]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, Callable, Dict, Optional, Tuple

import numpy as np

import tenflowers as tfs
from tenflowers.utils import data as tdata

N, SHAPE, BATCH = 10000, (3, 8, 8), 64


class ArrayDataset:
    """Samples (x[i], int(y[i])) from NumPy arrays: the user-written dataset of the numpy case."""

    def __init__(self, x: Any, y: Any) -> None:
        self.x, self.y = x, y.tolist()

    def __getitem__(self, i: int) -> Tuple[Any, int]:
        return self.x[i], self.y[i]

    def __len__(self) -> int:
        return len(self.y)


def per_batch_us(make: Callable[[], Any], repeat: int) -> float:
    """The median over `repeat` epochs of one epoch's time divided by its batch count."""
    runs = []
    for _ in range(repeat + 1):
        loader = make()
        t0 = time.perf_counter()
        n = 0
        for _batch in loader:
            n += 1
        runs.append((time.perf_counter() - t0) / max(n, 1))
    return statistics.median(runs[1:]) * 1e6  # the first epoch warms up


def _torch() -> Optional[Any]:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return torch


def cases(x: Any, y: Any, workers: bool) -> Dict[str, Dict[str, Callable[[], Any]]]:
    tds = tdata.TensorDataset(tfs.asarray(x), tfs.asarray(y))
    ads = ArrayDataset(x, y)
    out: Dict[str, Dict[str, Callable[[], Any]]] = {
        "tensor": {"tenflowers": lambda: tdata.DataLoader(tds, batch_size=BATCH)},
        "tensor shuffled": {"tenflowers": lambda: tdata.DataLoader(tds, batch_size=BATCH, shuffle=True)},
        "numpy": {"tenflowers": lambda: tdata.DataLoader(ads, batch_size=BATCH)},  # type: ignore[arg-type]
    }
    if workers:
        out["numpy 2 workers"] = {
            "tenflowers": lambda: tdata.DataLoader(ads, batch_size=BATCH, num_workers=2),  # type: ignore[arg-type]
        }
    torch = _torch()
    if torch is not None:
        tu = torch.utils.data
        ttd = tu.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        out["tensor"]["torch"] = lambda: tu.DataLoader(ttd, batch_size=BATCH)
        out["tensor shuffled"]["torch"] = lambda: tu.DataLoader(ttd, batch_size=BATCH, shuffle=True)
        out["numpy"]["torch"] = lambda: tu.DataLoader(ads, batch_size=BATCH)
        if workers:
            out["numpy 2 workers"]["torch"] = lambda: tu.DataLoader(ads, batch_size=BATCH, num_workers=2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--workers", action="store_true", help="also time two worker processes")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N,) + SHAPE).astype(np.float32)
    y = rng.integers(0, 10, N).astype(np.int64)
    print(f"DataLoader, {N} samples of {SHAPE} float32 + int64 label, batch {BATCH}: "
          f"median per batch over {args.repeat} epochs (us)")
    for name, impls in cases(x, y, args.workers).items():
        times = {k: per_batch_us(fn, args.repeat) for k, fn in impls.items()}
        ours = times["tenflowers"]
        ratios = "  ".join(f"vs {k} {ours / v:.2f}x" for k, v in times.items() if k != "tenflowers")
        cols = "  ".join(f"{k} {v:8.1f}" for k, v in times.items())
        print(f"{name:16s} {cols}  |  {ratios}")


if __name__ == "__main__":
    main()
