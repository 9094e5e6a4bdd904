"""Train a small CNN on scikit-learn's bundled 8x8 digits (1797 images, no download) with Adam
and a one-cycle learning-rate schedule, the way a PyTorch user would.

    pip install scikit-learn          # the dataset; tqdm, when installed, draws the progress bar
    python examples/train_digits.py [--epochs 30] [--seed 0]

Conv2d -> BatchNorm -> ReLU -> MaxPool twice, Dropout, Linear; cross-entropy; Adam with
OneCycleLR (which also cycles Adam's beta1); a seeded DataLoader. Prints one line per epoch
(loss, train accuracy, samples/s) and the test accuracy at the end; reaches >= 97% on the 20%
held out.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Iterable, Iterator, Tuple

import numpy as np

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers import nn, optim
from tenflowers.optim.lr_scheduler import OneCycleLR
from tenflowers.utils.data import DataLoader, TensorDataset


class DigitNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),   # 32 x 4 x 4
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),  # 64 x 2 x 2
            nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Dropout(0.25), nn.Linear(256, 10))

    def forward(self, x: tfs.Tensor) -> tfs.Tensor:
        return self.head(self.features(x))


def load(seed: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The digits as float32 (N, 1, 8, 8) in [0, 1] and int64 labels, split 80/20 by a seeded
    permutation."""
    try:
        from sklearn.datasets import load_digits  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        sys.exit("this example needs scikit-learn for its bundled digits: pip install scikit-learn")
    d = load_digits()
    x = (d.images / 16.0).astype(np.float32)[:, None, :, :]
    y = d.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    cut = int(0.8 * len(y))
    tr, te = order[:cut], order[cut:]
    return x[tr], y[tr], x[te], y[te]


def progress(batches: Iterable[Any], total: int, desc: str) -> Iterator[Any]:
    """tqdm's bar when tqdm is installed, else the batches as they are (one line per epoch)."""
    try:
        from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        yield from batches
        return
    yield from tqdm(batches, total=total, desc=desc, leave=False, file=sys.stderr)


def accuracy(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    model.eval()
    with tfs.no_grad():
        pred = np.asarray(tfs.argmax(model(tfs.asarray(x)), axis=1))
    model.train()
    return float((pred == y).mean())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    tfs.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = load(args.seed)
    loader = DataLoader(TensorDataset(tfs.asarray(x_train), tfs.asarray(y_train)), batch_size=args.batch_size,
                        shuffle=True, generator=tfs.Generator().manual_seed(args.seed))
    model = DigitNet()
    opt = optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    sched = OneCycleLR(opt, max_lr=1e-2, epochs=args.epochs, steps_per_epoch=len(loader))
    start = time.perf_counter()
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        total_loss, right, seen = 0.0, 0, 0
        for xb, yb in progress(loader, len(loader), f"epoch {epoch}"):
            opt.zero_grad()
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            opt.step()
            sched.step()
            n = yb.shape[0]
            total_loss += float(loss) * n
            right += int((tfs.argmax(logits, axis=1) == yb).sum())
            seen += n
        dt = time.perf_counter() - t0
        print(f"epoch {epoch:2d} loss {total_loss / seen:.4f} train accuracy {right / seen:.3f} "
              f"lr {sched.get_last_lr()[0]:.2e} {seen / dt:,.0f} samples/s", flush=True)
    print(f"test accuracy {accuracy(model, x_test, y_test):.4f} ({len(y_test)} images)")
    print(f"trained in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
