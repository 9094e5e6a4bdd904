"""Trains a 784-256-10 MLP on synthetic data with the fused ops and prints the falling loss.

    python examples/mlp.py

The data are 10 classes of noisy points around random class centres in 784 dimensions. Each
step: ``linear`` with a fused relu, ``linear``, ``cross_entropy``, ``backward`` and one in-place
SGD step over every parameter (``sgd_step_``), as a PyTorch user would write it with
``F.linear``, ``F.cross_entropy`` and ``optimizer.step()``.
"""

from __future__ import annotations

import math

import numpy as np

import tenflowers as tfs

D_IN, D_HIDDEN, D_OUT = 784, 256, 10
BATCH, STEPS, LR = 64, 300, 0.01


def main() -> None:
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((D_OUT, D_IN)).astype(np.float32)

    def batch() -> tuple[tfs.Tensor, tfs.Tensor]:
        y = rng.integers(0, D_OUT, size=BATCH)
        x = centres[y] + 4.0 * rng.standard_normal((BATCH, D_IN), dtype=np.float32)
        return tfs.asarray(x), tfs.asarray(y)

    def init(fan_out: int, fan_in: int) -> list[tfs.Tensor]:
        bound = 1.0 / math.sqrt(fan_in)
        w = rng.uniform(-bound, bound, size=(fan_out, fan_in)).astype(np.float32)
        b = rng.uniform(-bound, bound, size=fan_out).astype(np.float32)
        return [tfs.asarray(w).requires_grad_(), tfs.asarray(b).requires_grad_()]

    params = init(D_HIDDEN, D_IN) + init(D_OUT, D_HIDDEN)
    w1, b1, w2, b2 = params
    for step in range(STEPS + 1):
        x, y = batch()
        logits = tfs.linear(tfs.linear(x, w1, b1, activation="relu"), w2, b2)
        loss = tfs.cross_entropy(logits, y)
        loss.backward()
        tfs.sgd_step_(params, LR, zero_grad=True)
        if step % 30 == 0:
            print(f"step {step:4d}  loss {loss.item():.4f}")


if __name__ == "__main__":
    main()
