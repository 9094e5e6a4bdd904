"""Autograd behaviour: leaves and accumulation, grad mode, graph freeing, version counters,
in-place rules, deep graphs, memory, double backward and the functional API. Gradient values of
each op are checked in test_gradient_parity.py."""

from __future__ import annotations

import threading
from typing import List

import numpy as np
import pytest

import tenflowers as tfs
from tenflowers._core import capi


def leaf(values: List[float]) -> tfs.Tensor:
    return tfs.asarray(values).requires_grad_()


def grad_of(t: tfs.Tensor) -> np.ndarray:
    g = t.grad
    assert g is not None
    out: np.ndarray = g.numpy()
    return out


def test_requires_grad_property_and_leaf_flags() -> None:
    x = tfs.asarray([1.0, 2.0])
    assert not x.requires_grad and x.is_leaf and x.grad is None and x.grad_fn is None
    x.requires_grad = True
    assert x.requires_grad and x.is_leaf
    y = x * 2.0
    assert y.requires_grad and not y.is_leaf and y.grad_fn == "MulBackward"
    with pytest.raises(tfs.GradientError):
        y.requires_grad = False
    with pytest.raises(tfs.DtypeError):
        tfs.asarray([1, 2]).requires_grad_()


def test_leaf_grads_accumulate_until_cleared() -> None:
    x = leaf([1.0, 2.0, 3.0])
    (x * x).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(grad_of(x), [4.0, 8.0, 12.0])
    x.grad = None
    assert x.grad is None
    (3.0 * x).sum().backward()
    np.testing.assert_allclose(grad_of(x), [3.0, 3.0, 3.0])


def test_non_leaf_grad_only_with_retain_grad() -> None:
    x = leaf([1.0, 2.0])
    y = x * 3.0
    z = x * 4.0
    z.retain_grad()
    (y * z).sum().backward()
    assert y.grad is None
    np.testing.assert_allclose(grad_of(z), [3.0, 6.0])
    np.testing.assert_allclose(grad_of(x), [24.0, 48.0])


def test_backward_needs_gradient_for_non_scalar() -> None:
    x = leaf([1.0, 2.0])
    y = x * 2.0
    with pytest.raises(tfs.GradientError, match="single-element"):
        y.backward()
    y.backward(tfs.asarray([1.0, 10.0]))
    np.testing.assert_allclose(grad_of(x), [2.0, 20.0])
    with pytest.raises(tfs.GradientError, match="does not require grad"):
        tfs.asarray([1.0]).backward()


def test_second_backward_through_freed_graph_raises() -> None:
    x = leaf([2.0])
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(grad_of(x), [8.0])
    with pytest.raises(tfs.GradientError, match="second time"):
        y.backward()


def test_no_grad_enable_grad_set_grad_enabled() -> None:
    x = leaf([1.0])
    assert tfs.is_grad_enabled()
    with tfs.no_grad():
        assert not tfs.is_grad_enabled()
        assert not (x * 2.0).requires_grad
        with tfs.enable_grad():
            assert (x * 2.0).requires_grad
        assert not tfs.is_grad_enabled()
    assert tfs.is_grad_enabled()

    @tfs.no_grad()
    def f(t: tfs.Tensor) -> tfs.Tensor:
        return t * 2.0

    assert not f(x).requires_grad and tfs.is_grad_enabled()
    with tfs.set_grad_enabled(False):
        assert not tfs.is_grad_enabled()
    assert tfs.is_grad_enabled()
    tfs.set_grad_enabled(False)
    assert not tfs.is_grad_enabled()
    tfs.set_grad_enabled(True)


def test_grad_mode_is_per_thread() -> None:
    seen: List[bool] = []
    with tfs.no_grad():
        t = threading.Thread(target=lambda: seen.append(tfs.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


def test_integer_results_and_comparisons_stop_gradient() -> None:
    x = leaf([1.0, -2.0, 3.0])
    assert not (x > 0.0).requires_grad
    assert not tfs.argmax(x).requires_grad
    assert not tfs.argsort(x).requires_grad
    assert not x.astype(tfs.int32).requires_grad
    assert x.astype(tfs.float32).requires_grad


def test_detach() -> None:
    x = leaf([1.0, 2.0])
    d = (x * 2.0).detach()
    assert not d.requires_grad and d.is_leaf
    np.testing.assert_allclose(d.numpy(), [2.0, 4.0])


def test_inplace_on_leaf_raises_at_once_but_not_under_no_grad() -> None:
    x = leaf([1.0, 2.0])
    with pytest.raises(tfs.GradientError, match="in.place"):
        x[0] = 5.0
    with tfs.no_grad():
        x[0] = 5.0
    np.testing.assert_allclose(x.detach().numpy(), [5.0, 2.0])
    # A non-leaf can be written in place: the write becomes part of its history (as PyTorch).
    y = x * 2.0
    y[1] = 0.0
    y.sum().backward()
    np.testing.assert_allclose(grad_of(x), [2.0, 0.0])


def test_write_into_saved_tensor_raises_at_backward() -> None:
    x = leaf([1.0, 2.0])
    a = tfs.asarray([3.0, 4.0])
    y = (x * a).sum()
    a[0] = 10.0
    with pytest.raises(tfs.GradientError, match="modified by an in-place"):
        y.backward()
    # A write into a tensor the graph did not save is fine.
    b = tfs.asarray([3.0, 4.0])
    z = (x + b).sum()
    b[0] = 10.0
    x.grad = None
    z.backward()
    np.testing.assert_allclose(grad_of(x), [1.0, 1.0])


def test_chain_of_100000_ops_backpropagates() -> None:
    x = leaf([1.0])
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.sum().backward()
    np.testing.assert_allclose(grad_of(x), [1.0])
    del y  # freeing the 100k-node graph must not overflow the stack either


def live() -> int:
    n: int = capi.TF_LiveStorageCount()
    return n


def test_memory_flat_over_10000_iterations() -> None:
    w = tfs.asarray(np.ones((4, 3))).requires_grad_()
    xin = tfs.asarray(np.ones((2, 4)))

    def step() -> None:
        loss = tfs.tanh(xin @ w).mean()
        loss.backward()
        with tfs.no_grad():
            g = w.grad
            assert g is not None
            w[...] = w - 0.01 * g
        w.grad = None

    for _ in range(50):
        step()
    before = live()
    for _ in range(10_000):
        step()
    assert live() == before


def test_double_backward_and_functional_grad() -> None:
    x = leaf([2.0, 3.0])
    y = (x**3.0).sum()
    (g,) = tfs.autograd.grad(y, x, create_graph=True)
    assert g is not None and g.requires_grad
    np.testing.assert_allclose(g.numpy(), [12.0, 27.0])
    g.sum().backward()
    np.testing.assert_allclose(grad_of(x), [12.0, 18.0])
    # autograd.grad does not touch .grad of leaves it differentiates.
    z = leaf([1.0])
    (gz,) = tfs.autograd.grad((z * 5.0).sum(), z)
    assert z.grad is None and gz is not None
    np.testing.assert_allclose(gz.numpy(), [5.0])
    u = leaf([1.0])
    with pytest.raises(tfs.GradientError, match="not used"):
        tfs.autograd.grad((z * 2.0).sum(), [z, u])
    assert tfs.autograd.grad((z * 2.0).sum(), [z, u], allow_unused=True)[1] is None


def test_jacobian_and_hessian() -> None:
    a = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    x = tfs.asarray([0.5, -1.0])
    j = tfs.autograd.jacobian(lambda t: tfs.asarray(a) @ t, x)
    np.testing.assert_allclose(j.numpy(), a)
    h = tfs.autograd.hessian(lambda t: (t**3.0).sum() + t[0] * t[1], x)
    np.testing.assert_allclose(h.numpy(), [[3.0, 1.0], [1.0, -6.0]])


def test_gradient_through_views_and_indexing() -> None:
    x = tfs.asarray(np.arange(6.0).reshape(2, 3)).requires_grad_()
    (x[:, 1] * 2.0).sum().backward()
    np.testing.assert_allclose(grad_of(x), [[0.0, 2.0, 0.0], [0.0, 2.0, 0.0]])


def test_every_float_op_records_and_integer_results_stop_the_gradient() -> None:
    # The ops that had no formula before record now (values: tests/test_gradient_parity.py).
    x = leaf([1.0, 2.0])
    for y in [tfs.prod(x), tfs.tile(x, (2,)), tfs.take(x, tfs.asarray([0])), tfs.sort(x), tfs.topk(x, 1)[0],
              tfs.einsum("i,i->", x, x), tfs.tensordot(x, x, axes=1), tfs.repeat(x, 2), tfs.pad(x, 1),
              tfs.take_along_axis(x, tfs.asarray([1]), axis=0), tfs.mish(x), tfs.selu(x),
              tfs.gelu(x, approximate="tanh"), tfs.copysign(x, x)]:
        assert y.requires_grad and not y.is_leaf
    # Integer outputs (argsort, topk indices, comparisons) stop the gradient.
    assert not tfs.argsort(x).requires_grad
    assert not tfs.topk(x, 1)[1].requires_grad
    assert not (x > 1.0).requires_grad
    with tfs.no_grad():
        assert tfs.prod(x).item() == 2.0
        assert not tfs.prod(x).requires_grad
