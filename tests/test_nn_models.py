"""Whole models ported from PyTorch: a small CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d,
AvgPool2d, Dropout, Flatten, Linear, CrossEntropyLoss) defined the same way in both libraries,
torch's state_dict loaded through NumPy, and then outputs, gradients, running statistics and a
run of SGD steps compared in train and eval mode. Dropout's masks cannot match torch's
generator, so the train-mode parity runs with p=0 and a separate test trains with p=0.5."""

from __future__ import annotations

from typing import Any, List, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
from tenflowers import nn

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(99)


def npy(x: Any) -> Arr:
    return np.asarray(x.detach().numpy())


def torch_or_skip() -> Any:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pytest.skip("torch is not installed: the PyTorch parity checks need it")
    return torch


def cnn(lib: Any, p: float) -> Any:
    """The same network in tenflowers.nn and torch.nn: `lib` is either module."""
    return lib.Sequential(
        lib.Conv2d(1, 6, 5, padding=2), lib.BatchNorm2d(6), lib.ReLU(), lib.MaxPool2d(2),
        lib.Conv2d(6, 16, 3), lib.ReLU(), lib.AvgPool2d(2, ceil_mode=True),
        lib.Flatten(), lib.Dropout(p), lib.Linear(16 * 2 * 2, 32), lib.ReLU(), lib.Linear(32, 10),
    )


def pair(torch: Any, p: float) -> Tuple[Any, nn.Sequential]:
    torch.manual_seed(0)
    theirs = cnn(torch.nn, p)
    mine = cnn(nn, p)
    assert isinstance(mine, nn.Sequential)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    mine.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    assert repr(mine) == repr(theirs)
    return theirs, mine


def batch(n: int = 16) -> Tuple[Arr, Arr]:
    return RNG.standard_normal((n, 1, 12, 12)).astype(np.float32), RNG.integers(0, 10, n).astype(np.int64)


def test_cnn_forward_backward_matches_torch_in_train_mode() -> None:
    torch = torch_or_skip()
    theirs, mine = pair(torch, 0.0)
    x, y = batch()
    tloss = torch.nn.CrossEntropyLoss()(theirs(torch.tensor(x)), torch.tensor(y))
    tloss.backward()
    loss = nn.CrossEntropyLoss()(mine(tfs.asarray(x)), tfs.asarray(y))
    loss.backward()
    np.testing.assert_allclose(float(loss.item()), float(tloss.item()), rtol=1e-5)
    grads = dict(mine.named_parameters())
    for name, tp in theirs.named_parameters():
        g = grads[name].grad
        assert g is not None, name
        np.testing.assert_allclose(npy(g), tp.grad.numpy(), rtol=1e-4, atol=1e-5, err_msg=name)
    sd = mine.state_dict()
    for name in ("1.running_mean", "1.running_var", "1.num_batches_tracked"):
        np.testing.assert_allclose(npy(sd[name]), theirs.state_dict()[name].numpy(), rtol=1e-5, err_msg=name)


def test_cnn_eval_mode_matches_torch_with_dropout() -> None:
    torch = torch_or_skip()
    theirs, mine = pair(torch, 0.5)
    # Move the running statistics away from their initial values first, in both.
    for _ in range(3):
        x, _ = batch()
        theirs(torch.tensor(x))
        mine(tfs.asarray(x))
    theirs.eval()
    mine.eval()
    x, _ = batch(8)
    with torch.no_grad():
        ref = theirs(torch.tensor(x)).numpy()
    with tfs.no_grad():
        out = npy(mine(tfs.asarray(x)))
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-5)


def test_cnn_sgd_steps_track_torch() -> None:
    torch = torch_or_skip()
    theirs, mine = pair(torch, 0.0)
    tparams = list(theirs.parameters())
    params = list(mine.parameters())
    x, y = batch(32)
    losses: List[float] = []
    for _ in range(10):
        tloss = torch.nn.functional.cross_entropy(theirs(torch.tensor(x)), torch.tensor(y))
        theirs.zero_grad()
        tloss.backward()
        with torch.no_grad():
            for tp in tparams:
                tp -= 0.1 * tp.grad
        loss = nn.functional.cross_entropy(mine(tfs.asarray(x)), tfs.asarray(y))
        mine.zero_grad()
        loss.backward()
        tfs.sgd_step_(params, 0.1)
        np.testing.assert_allclose(float(loss.item()), float(tloss.item()), rtol=1e-3)
        losses.append(float(loss.item()))
    assert losses[-1] < losses[0]
    sd = mine.state_dict()
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(npy(sd[k]), v.numpy(), rtol=2e-3, atol=1e-4, err_msg=k)


def test_cnn_learns_with_dropout() -> None:
    """Without torch: ten classes of images, each a fixed random pattern shifted by up to a
    pixel, plus noise; the CNN with dropout 0.5 must fit them (training loss falls) and classify
    held-out draws in eval mode (BatchNorm on running statistics, no dropout)."""
    tfs.manual_seed(3)
    rng = np.random.default_rng(5)  # its own stream: the data do not depend on which tests ran first
    model = cnn(nn, 0.5)
    assert isinstance(model, nn.Sequential)
    patterns = rng.standard_normal((10, 14, 14)).astype(np.float32)

    def draw(n: int) -> Tuple[tfs.Tensor, tfs.Tensor, Arr]:
        y = rng.integers(0, 10, n)
        dy, dx = rng.integers(0, 3, (2, n))
        crops = np.stack([patterns[c, i : i + 12, j : j + 12] for c, i, j in zip(y, dy, dx)])
        x = (crops + 0.3 * rng.standard_normal((n, 12, 12)))[:, None].astype(np.float32)
        return tfs.asarray(x), tfs.asarray(y.astype(np.int64)), y

    params = list(model.parameters())
    first = last = 0.0
    for step in range(300):
        x, y, _ = draw(32)
        loss = nn.functional.cross_entropy(model(x), y)
        model.zero_grad()
        loss.backward()
        tfs.sgd_step_(params, 0.1)
        if step == 0:
            first = float(loss.item())
        last = float(loss.item())
    assert last < 0.5 * first, (first, last)
    model.eval()
    x, _, labels = draw(200)
    with tfs.no_grad():
        pred = npy(model(x)).argmax(axis=1)
    assert (pred == labels).mean() > 0.9
