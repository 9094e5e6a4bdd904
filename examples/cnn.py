"""Trains a small convolutional network with ``tenflowers.nn``, written as a PyTorch user would
write it, and prints the falling loss and the held-out accuracy.

    python examples/cnn.py

The data are 10 classes of 16x16 single-channel images: each class a fixed random pattern, each
image its class's pattern shifted by up to 2 pixels plus noise, so the convolutions have
something to find. The model is the one of the README: Conv2d, BatchNorm2d, ReLU, MaxPool2d,
Conv2d with "same" padding, global average pooling, Dropout and a Linear head, trained with
CrossEntropyLoss and SGD; ``model.eval()`` then switches BatchNorm to its running statistics
and turns Dropout off.
"""

from __future__ import annotations

import numpy as np

import tenflowers as tfs
from tenflowers import nn

SIDE, CLASSES, BATCH, STEPS, LR = 16, 10, 64, 150, 0.05


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding="same"), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(32, CLASSES))

    def forward(self, x: tfs.Tensor) -> tfs.Tensor:
        out: tfs.Tensor = self.head(self.features(x))
        return out


def main() -> None:
    rng = np.random.default_rng(0)
    tfs.manual_seed(0)
    patterns = rng.standard_normal((CLASSES, SIDE + 4, SIDE + 4)).astype(np.float32)

    def batch(n: int) -> tuple[tfs.Tensor, tfs.Tensor]:
        y = rng.integers(0, CLASSES, size=n)
        dy, dx = rng.integers(0, 5, size=(2, n))
        crops = np.stack([patterns[c, i : i + SIDE, j : j + SIDE] for c, i, j in zip(y, dy, dx)])
        x = crops[:, None] + 0.5 * rng.standard_normal((n, 1, SIDE, SIDE)).astype(np.float32)
        return tfs.asarray(x), tfs.asarray(y)

    model = Net()
    print(model)
    criterion = nn.CrossEntropyLoss()
    params = list(model.parameters())
    print(f"parameters: {sum(p.size for p in params)}")
    for step in range(STEPS):
        x, y = batch(BATCH)
        loss = criterion(model(x), y)
        loss.backward()
        tfs.sgd_step_(params, LR, zero_grad=True)
        if step % 25 == 0 or step == STEPS - 1:
            print(f"step {step:3d} loss {loss.item():.4f}")
    model.eval()
    x, y = batch(500)
    with tfs.no_grad():
        pred = np.asarray(model(x)).argmax(axis=1)
    print(f"held-out accuracy {(pred == np.asarray(y)).mean():.3f}")


if __name__ == "__main__":
    main()
