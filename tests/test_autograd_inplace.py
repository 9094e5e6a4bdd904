"""In-place writes under autograd, as PyTorch: a non-leaf written in place (``+=``, ``t[k] = v``)
stays differentiable (its history becomes the write's); a leaf that requires grad, or a view of a
tensor that requires grad, raises GradientError at once; a write into a value the graph saved, or
into storage a recorded view shares, raises GradientError at backward time (version counters)."""

from __future__ import annotations

import numpy as np
import pytest

import tenflowers as tfs


def leaf(v: object) -> tfs.Tensor:
    return tfs.asarray(np.asarray(v, dtype=np.float64)).requires_grad_()


def grad_of(t: tfs.Tensor) -> np.ndarray:
    g = t.grad
    assert g is not None
    out: np.ndarray = g.numpy()
    return out


def test_iadd_on_non_leaf() -> None:
    x = leaf([1.0, 2.0, 3.0])
    y = x * 2.0
    y += 1.0
    assert y.requires_grad and not y.is_leaf
    assert y.grad_fn is not None and "Add" in y.grad_fn
    np.testing.assert_allclose(y.detach().numpy(), [3.0, 5.0, 7.0])
    (y * y).sum().backward()
    # d/dx sum((2x + 1)^2) = 4 (2x + 1)
    np.testing.assert_allclose(grad_of(x), [12.0, 20.0, 28.0])


def test_chain_of_inplace_ops() -> None:
    x = leaf([0.5, -1.0])
    w = leaf([3.0, 4.0])
    y = tfs.exp(x) * 1.0  # (tfs.exp(x) itself is saved by ExpBackward: writing into it would fail)
    y *= 2.0  # mul by a constant does not save y, so this is fine
    y -= w
    y /= 4.0
    y.sum().backward()
    np.testing.assert_allclose(grad_of(x), 0.5 * np.exp([0.5, -1.0]))
    np.testing.assert_allclose(grad_of(w), [-0.25, -0.25])


def test_iadd_value_that_requires_grad_into_plain_tensor() -> None:
    x = leaf([1.0, 2.0])
    acc = tfs.zeros((2,), dtype=tfs.float64)
    for k in range(3):
        acc += x * float(k + 1)
    assert acc.requires_grad
    acc.sum().backward()
    np.testing.assert_allclose(grad_of(x), [6.0, 6.0])


def test_setitem_on_non_leaf() -> None:
    x = leaf([[1.0, 2.0], [3.0, 4.0]])
    v = leaf([10.0, 20.0])
    y = x * 3.0
    y[0] = v * v
    np.testing.assert_allclose(y.detach().numpy(), [[100.0, 400.0], [9.0, 12.0]])
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    (y * tfs.asarray(w)).sum().backward()
    # Row 0 was overwritten: x gets nothing there; v gets 2 v w[0].
    np.testing.assert_allclose(grad_of(x), [[0.0, 0.0], [9.0, 12.0]])
    np.testing.assert_allclose(grad_of(v), [20.0, 80.0])


def test_setitem_broadcast_scalar_and_slices() -> None:
    x = leaf(np.arange(6.0).reshape(2, 3))
    s = leaf(2.0)
    y = x + 0.0
    y[:, 1:] = s  # broadcast: s gets the sum of the gradient over the written block
    y.sum().backward()
    np.testing.assert_allclose(grad_of(x), [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(grad_of(s), 4.0)


def test_setitem_advanced_index_on_non_leaf() -> None:
    x = leaf([1.0, 2.0, 3.0, 4.0])
    v = leaf([5.0, 6.0])
    y = x * 1.0
    y[[3, 0]] = v
    np.testing.assert_allclose(y.detach().numpy(), [6.0, 2.0, 3.0, 5.0])
    (y * tfs.asarray([1.0, 2.0, 3.0, 4.0])).sum().backward()
    np.testing.assert_allclose(grad_of(x), [0.0, 2.0, 3.0, 0.0])
    np.testing.assert_allclose(grad_of(v), [4.0, 1.0])


def test_setitem_into_plain_tensor_with_value_that_requires_grad() -> None:
    x = leaf([1.0, 2.0])
    out = tfs.zeros((3,), dtype=tfs.float64)
    out[1] = (x * x).sum()
    out[2] = x[0]
    (out * tfs.asarray([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_allclose(grad_of(x), [2.0 * 2.0 + 3.0, 2.0 * 4.0])


def test_overwritten_saved_value_raises_at_backward() -> None:
    x = leaf([1.0, 2.0])
    y = tfs.exp(x)  # ExpBackward saves its output y
    z = y * y  # MulBackward saves y twice
    y += 1.0
    with pytest.raises(tfs.GradientError, match="modified by an in-place"):
        z.sum().backward()


def test_multiplying_in_place_by_a_tensor_that_requires_grad_saves_the_old_value() -> None:
    # As PyTorch: y *= w saves the old y for w's gradient, and the write overwrites it.
    x = leaf([1.0, 2.0])
    w = leaf([3.0, 4.0])
    y = x * 2.0
    y *= w
    with pytest.raises(tfs.GradientError, match="modified by an in-place"):
        y.sum().backward()


def test_leaf_error_is_immediate() -> None:
    x = leaf([1.0, 2.0])
    with pytest.raises(tfs.GradientError, match="leaf"):
        x += 1.0
    with pytest.raises(tfs.GradientError, match="leaf"):
        x[0] = 3.0
    np.testing.assert_allclose(x.detach().numpy(), [1.0, 2.0])  # nothing was written
    with tfs.no_grad():
        x += 1.0
        x[0] = 0.0
    np.testing.assert_allclose(x.detach().numpy(), [0.0, 3.0])


def test_view_of_tensor_that_requires_grad_raises_at_once() -> None:
    x = leaf([[1.0, 2.0], [3.0, 4.0]])
    y = x * 2.0
    row = y[0]
    with pytest.raises(tfs.GradientError, match="view"):
        row += 1.0
    with pytest.raises(tfs.GradientError, match="view"):
        row[1] = 0.0
    with pytest.raises(tfs.GradientError, match="view"):
        x[0][1] = 0.0  # a view of a leaf
    np.testing.assert_allclose(y.detach().numpy(), [[2.0, 4.0], [6.0, 8.0]])
    # The documented fix: write through the base.
    y[0, 1] = 0.0
    y.sum().backward()
    np.testing.assert_allclose(grad_of(x), [[2.0, 0.0], [2.0, 2.0]])


def test_view_taken_before_a_write_raises_at_backward() -> None:
    x = leaf([1.0, 2.0, 3.0])
    y = x * 2.0
    v = y[:2]  # recorded as a view of y's storage
    y *= 3.0  # changes v's values behind its graph
    with pytest.raises(tfs.GradientError, match="in-place"):
        v.sum().backward()


def test_writing_grad_value_into_shared_plain_storage_raises() -> None:
    x = leaf([1.0, 2.0])
    base = tfs.zeros((2, 2), dtype=tfs.float64)
    row = base[0]
    with pytest.raises(tfs.GradientError, match="shares its storage"):
        row += x


def test_no_grad_inplace_on_non_leaf_keeps_history_untouched() -> None:
    x = leaf([1.0, 2.0])
    y = x * 2.0
    with tfs.no_grad():
        y[0] = 7.0  # raw write: y keeps its graph (the values changed behind it)
    np.testing.assert_allclose(y.detach().numpy(), [7.0, 4.0])
    y.sum().backward()
    np.testing.assert_allclose(grad_of(x), [2.0, 2.0])


def test_plain_inplace_without_grad_is_unchanged() -> None:
    a = tfs.asarray([1.0, 2.0])
    a += 1.0
    a[0] = 5.0
    assert not a.requires_grad
    np.testing.assert_allclose(a.numpy(), [5.0, 3.0])
