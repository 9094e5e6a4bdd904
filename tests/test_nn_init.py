"""tenflowers.nn.init against PyTorch's definitions: gains, fan computation, the bounds and
moments of each distribution (100k samples, tolerances a few standard errors wide), in-place
writes into parameters that require grad, reproducibility under manual_seed, and errors.
Where torch is importable, gains and fans are compared with torch's own functions."""

from __future__ import annotations

import math
from typing import Any, Callable, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
from tenflowers import nn
from tenflowers.nn import init

Arr = npt.NDArray[Any]
N = 100_000


def values(x: tfs.Tensor) -> Arr:
    return np.asarray(x.detach().numpy(), dtype=np.float64)


def param(*shape: int, dtype: Any = tfs.float32) -> nn.Parameter:
    return nn.Parameter(tfs.zeros(shape, dtype=dtype))


def assert_moments(v: Arr, mean: float, std: float) -> None:
    n = v.size
    assert abs(v.mean() - mean) < 5 * std / math.sqrt(n), (v.mean(), mean)
    assert abs(v.std() - std) < 5 * std / math.sqrt(2 * n), (v.std(), std)


@pytest.mark.parametrize(
    "name,param_,gain",
    [
        ("linear", None, 1.0), ("conv2d", None, 1.0), ("sigmoid", None, 1.0), ("tanh", None, 5.0 / 3),
        ("relu", None, math.sqrt(2.0)), ("leaky_relu", None, math.sqrt(2.0 / (1 + 0.01**2))),
        ("leaky_relu", 0.2, math.sqrt(2.0 / 1.04)), ("selu", None, 0.75),
    ],
)
def test_calculate_gain(name: str, param_: Any, gain: float) -> None:
    assert init.calculate_gain(name, param_) == pytest.approx(gain, rel=1e-15)


def test_calculate_gain_errors() -> None:
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("softsign")
    with pytest.raises(ValueError, match="negative_slope"):
        init.calculate_gain("leaky_relu", True)


@pytest.mark.parametrize(
    "shape,fans", [((5, 3), (3, 5)), ((8, 4, 3, 3), (36, 72)), ((6, 2, 5), (10, 30)), ((2, 7), (7, 2))]
)
def test_fans(shape: Tuple[int, ...], fans: Tuple[int, int]) -> None:
    assert init._calculate_fan_in_and_fan_out(param(*shape)) == fans
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return
    assert torch.nn.init._calculate_fan_in_and_fan_out(torch.zeros(shape)) == fans


def test_fan_needs_two_dims() -> None:
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(param(5))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_normal_(param(3, 3), mode="fan_avg")


def test_uniform_and_normal() -> None:
    p = param(N)
    assert init.uniform_(p, -2.0, 3.0) is p
    v = values(p)
    assert v.min() >= -2.0 and v.max() < 3.0 and v.max() > 2.99
    assert_moments(v, 0.5, 5 / math.sqrt(12))
    assert p.requires_grad and p.is_leaf and p.grad_fn is None
    init.normal_(p, 1.5, 0.25)
    assert_moments(values(p), 1.5, 0.25)


def test_constant_zeros_ones_eye() -> None:
    p = param(3, 4)
    assert (values(init.constant_(p, 0.3)) == np.float32(0.3)).all()
    assert (values(init.ones_(p)) == 1).all()
    assert (values(init.zeros_(p)) == 0).all()
    np.testing.assert_array_equal(values(init.eye_(p)), np.eye(3, 4))
    with pytest.raises(ValueError):
        init.eye_(param(2, 2, 2))


def test_xavier() -> None:
    p = param(400, 250)
    std = math.sqrt(2.0 / 650) * 2.0
    v = values(init.xavier_uniform_(p, gain=2.0))
    bound = math.sqrt(3) * std
    assert v.max() <= bound and v.min() >= -bound and v.max() > 0.999 * bound
    assert_moments(v, 0.0, std)
    assert_moments(values(init.xavier_normal_(p)), 0.0, math.sqrt(2.0 / 650))


@pytest.mark.parametrize("mode,fan", [("fan_in", 36 * 9), ("fan_out", 200 * 9)])
def test_kaiming(mode: str, fan: int) -> None:
    p = param(200, 36, 3, 3)
    std = math.sqrt(2.0) / math.sqrt(fan)
    v = values(init.kaiming_normal_(p, mode=mode, nonlinearity="relu"))
    assert_moments(v, 0.0, std)
    v = values(init.kaiming_uniform_(p, a=math.sqrt(5), mode=mode))
    bound = math.sqrt(3.0) * math.sqrt(2.0 / 6) / math.sqrt(fan)  # the Linear/Conv default
    assert v.max() <= bound and v.max() > 0.999 * bound
    assert_moments(v, 0.0, bound / math.sqrt(3))


@pytest.mark.parametrize("a,b", [(-2.0, 2.0), (-0.5, 1.0), (1.5, 4.0)])
def test_trunc_normal(a: float, b: float) -> None:
    from statistics import NormalDist

    p = param(N, dtype=tfs.float64)
    v = values(init.trunc_normal_(p, mean=0.0, std=1.0, a=a, b=b))
    assert v.min() >= a and v.max() <= b
    nd = NormalDist()
    alpha, beta = a, b
    z = nd.cdf(beta) - nd.cdf(alpha)
    mean = (nd.pdf(alpha) - nd.pdf(beta)) / z
    var = 1 + (alpha * nd.pdf(alpha) - beta * nd.pdf(beta)) / z - mean**2
    assert_moments(v, mean, math.sqrt(var))


def test_trunc_normal_bounds_hold_in_float32() -> None:
    p = param(N)
    v = values(init.trunc_normal_(p, std=0.02, a=-0.04, b=0.04))
    assert v.min() >= -0.04 and v.max() <= 0.04
    with pytest.raises(ValueError):
        init.trunc_normal_(p, a=1.0, b=1.0)


@pytest.mark.parametrize("shape", [(6, 10), (10, 6), (4, 3, 2, 2)])
def test_orthogonal(shape: Tuple[int, ...]) -> None:
    p = param(*shape, dtype=tfs.float64)
    w = values(init.orthogonal_(p, gain=1.5)).reshape(shape[0], -1)
    rows, cols = w.shape
    g = w @ w.T if rows <= cols else w.T @ w
    np.testing.assert_allclose(g, 2.25 * np.eye(min(rows, cols)), atol=1e-12)


INITS: list[Callable[[tfs.Tensor], tfs.Tensor]] = [
    lambda t: init.uniform_(t), lambda t: init.normal_(t), lambda t: init.xavier_uniform_(t),
    lambda t: init.kaiming_normal_(t), lambda t: init.trunc_normal_(t), lambda t: init.orthogonal_(t),
]


@pytest.mark.parametrize("fn", INITS)
def test_seeded(fn: Callable[[tfs.Tensor], tfs.Tensor]) -> None:
    tfs.manual_seed(11)
    a = values(fn(param(20, 30)))
    b = values(fn(param(20, 30)))
    tfs.manual_seed(11)
    np.testing.assert_array_equal(values(fn(param(20, 30))), a)
    assert not np.array_equal(a, b)


def test_init_under_a_recording_graph_leaves_no_history() -> None:
    p = param(3, 3)
    (p * 2.0).sum().backward()
    init.kaiming_uniform_(p)
    assert p.is_leaf and p.grad_fn is None and p.grad is not None
    assert p.dtype == tfs.float32
