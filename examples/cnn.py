"""Trains a small convolutional network with ``tenflowers.nn``, written as a PyTorch user would
write it, and prints the falling loss and the held-out accuracy.

    python examples/cnn.py

The data are 10 classes of 16x16 single-channel textures: class c is a plane wave of one of five
orientations and one of two frequencies, each image at a random phase plus noise, so the
class is in local structure that the convolutions and the global pooling can find. The model is the one of the README: Conv2d, BatchNorm2d, ReLU, MaxPool2d,
Conv2d with "same" padding, global average pooling, Dropout and a Linear head, trained with
CrossEntropyLoss and SGD; ``model.eval()`` then switches BatchNorm to its running statistics
and turns Dropout off.
"""

from __future__ import annotations

import numpy as np

import tenflowers as tfs
from tenflowers import nn

SIDE, CLASSES, BATCH, STEPS, LR = 16, 10, 64, 150, 0.1


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
    angle = np.pi * (np.arange(CLASSES) % 5) / 5
    freq = np.where(np.arange(CLASSES) < 5, 0.6, 1.4)
    rows, cols = np.mgrid[0:SIDE, 0:SIDE]

    def batch(n: int) -> tuple[tfs.Tensor, tfs.Tensor]:
        y = rng.integers(0, CLASSES, size=n)
        phase = rng.uniform(0, 2 * np.pi, size=(n, 1, 1))
        k_r, k_c = (freq[y] * np.sin(angle[y]))[:, None, None], (freq[y] * np.cos(angle[y]))[:, None, None]
        waves = np.sin(k_r * rows + k_c * cols + phase)
        x = (waves + 0.5 * rng.standard_normal((n, SIDE, SIDE)))[:, None].astype(np.float32)
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
