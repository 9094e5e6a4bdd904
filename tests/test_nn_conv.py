"""Convolutions: conv1d, conv2d and conv_transpose2d against a NumPy transcription of the
definition (float64 to 1e-12, float32 to 1e-5), their gradients against central differences
(every stride/padding/dilation/groups combination below), a second derivative, the
configuration errors, and torch where it is installed."""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from test_gradient_parity import check_gradients

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(14)


def conv2d_ref(x: Arr, w: Arr, b: Optional[Arr], stride: Tuple[int, int], pad: Tuple[int, int, int, int],
               dil: Tuple[int, int], groups: int) -> Arr:
    """The definition: out[n, o, i, j] = b[o] + sum_{c, p, q} x_pad[n, g*cg + c, i*s + p*d, j*s + q*d] w[o, c, p, q]."""
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[1]), (pad[2], pad[3])))
    ho = (xp.shape[2] - dil[0] * (kh - 1) - 1) // stride[0] + 1
    wo = (xp.shape[3] - dil[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, ho, wo))
    og = o // groups
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        for p in range(kh):
            for q in range(kw):
                patch = xs[:, :, p * dil[0]: p * dil[0] + stride[0] * (ho - 1) + 1: stride[0],
                           q * dil[1]: q * dil[1] + stride[1] * (wo - 1) + 1: stride[1]]
                out[:, g * og:(g + 1) * og] += np.einsum("nchw,oc->nohw", patch, w[g * og:(g + 1) * og, :, p, q])
    if b is not None:
        out += b[None, :, None, None]
    return out


def conv_transpose2d_ref(x: Arr, w: Arr, b: Optional[Arr], stride: Tuple[int, int], pad: Tuple[int, int],
                         opad: Tuple[int, int], dil: Tuple[int, int], groups: int) -> Arr:
    """Scatter form: each input element adds x * w into the (unpadded) output, then the padding is cut off."""
    n, cin, h, wd = x.shape
    _, cog, kh, kw = w.shape
    oh = (h - 1) * stride[0] + dil[0] * (kh - 1) + 1 + opad[0]
    ow = (wd - 1) * stride[1] + dil[1] * (kw - 1) + 1 + opad[1]
    full = np.zeros((n, cog * groups, oh, ow))
    cig = cin // groups
    for g in range(groups):
        for p in range(kh):
            for q in range(kw):
                contrib = np.einsum("nchw,co->nohw", x[:, g * cig:(g + 1) * cig], w[g * cig:(g + 1) * cig, :, p, q])
                full[:, g * cog:(g + 1) * cog, p * dil[0]: p * dil[0] + stride[0] * (h - 1) + 1: stride[0],
                     q * dil[1]: q * dil[1] + stride[1] * (wd - 1) + 1: stride[1]] += contrib
    out = full[:, :, pad[0]: oh - pad[0], pad[1]: ow - pad[1]]
    if b is not None:
        out = out + b[None, :, None, None]
    return out


CASES = [
    # (N, C, H, W, O, kh, kw, stride, padding, dilation, groups)
    (2, 3, 7, 6, 4, 3, 3, (1, 1), (0, 0), (1, 1), 1),
    (2, 4, 8, 7, 6, 3, 2, (2, 1), (1, 2), (1, 1), 2),
    (1, 4, 9, 9, 4, 3, 3, (2, 2), (2, 2), (2, 1), 4),  # depthwise
    (3, 2, 5, 5, 3, 1, 1, (1, 1), (0, 0), (1, 1), 1),  # pointwise
    (2, 3, 6, 8, 2, 2, 3, (3, 2), (1, 0), (1, 2), 1),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_conv2d_matches_the_definition(case: Tuple[Any, ...], dtype: Any) -> None:
    n, c, h, wd, o, kh, kw, stride, pad, dil, groups = case
    x, w, b = RNG.standard_normal((n, c, h, wd)), RNG.standard_normal((o, c // groups, kh, kw)), RNG.standard_normal(o)
    got = F.conv2d(tfs.asarray(x.astype(dtype)), tfs.asarray(w.astype(dtype)), tfs.asarray(b.astype(dtype)),
                   stride=stride, padding=pad, dilation=dil, groups=groups)
    want = conv2d_ref(x, w, b, stride, (pad[0], pad[0], pad[1], pad[1]), dil, groups)
    assert got.dtype == tfs.asarray(x.astype(dtype)).dtype
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12 if dtype == np.float64 else 2e-5,
                               atol=1e-12 if dtype == np.float64 else 2e-5)


def test_conv2d_same_valid_unbatched_and_views() -> None:
    x, w = RNG.standard_normal((2, 3, 6, 7)), RNG.standard_normal((5, 3, 4, 3))
    same = F.conv2d(tfs.asarray(x), tfs.asarray(w), padding="same", dilation=(1, 2))
    # "same" with an even kernel pads one more at the bottom (total dilation * (k - 1)).
    np.testing.assert_allclose(same.numpy(), conv2d_ref(x, w, None, (1, 1), (1, 2, 2, 2), (1, 2), 1), rtol=1e-12)
    assert same.shape == (2, 5, 6, 7)
    valid = F.conv2d(tfs.asarray(x), tfs.asarray(w), padding="valid")
    np.testing.assert_allclose(valid.numpy(), conv2d_ref(x, w, None, (1, 1), (0, 0, 0, 0), (1, 1), 1), rtol=1e-12)
    un = F.conv2d(tfs.asarray(x[0]), tfs.asarray(w), padding=1)
    np.testing.assert_allclose(un.numpy(), conv2d_ref(x[:1], w, None, (1, 1), (1, 1, 1, 1), (1, 1), 1)[0], rtol=1e-12)
    xt = tfs.permute_dims(tfs.asarray(np.ascontiguousarray(x.transpose(0, 1, 3, 2))), (0, 1, 3, 2))
    np.testing.assert_allclose(F.conv2d(xt, tfs.asarray(w)).numpy(), conv2d_ref(x, w, None, (1, 1), (0,) * 4, (1, 1), 1), rtol=1e-12)


def test_conv1d_matches_conv2d_over_a_height_of_one() -> None:
    x, w, b = RNG.standard_normal((2, 4, 11)), RNG.standard_normal((6, 2, 3)), RNG.standard_normal(6)
    got = F.conv1d(tfs.asarray(x), tfs.asarray(w), tfs.asarray(b), stride=2, padding=2, dilation=2, groups=2)
    want = conv2d_ref(x[:, :, None], w[:, :, None], b, (1, 2), (0, 0, 2, 2), (1, 2), 2)[:, :, 0]
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
    same = F.conv1d(tfs.asarray(x[0]), tfs.asarray(w[:, :2]), padding="same", groups=2)
    assert same.shape == (6, 11)


@pytest.mark.parametrize("stride,pad,opad,dil,groups", [
    ((1, 1), (0, 0), (0, 0), (1, 1), 1),
    ((2, 2), (1, 0), (1, 1), (1, 1), 2),
    ((2, 3), (0, 1), (0, 2), (2, 1), 1),
])
def test_conv_transpose2d_matches_the_scatter_definition(stride: Tuple[int, int], pad: Tuple[int, int],
                                                         opad: Tuple[int, int], dil: Tuple[int, int], groups: int) -> None:
    x, w, b = RNG.standard_normal((2, 4, 4, 5)), RNG.standard_normal((4, 3, 3, 2)), RNG.standard_normal(3 * groups)
    got = F.conv_transpose2d(tfs.asarray(x), tfs.asarray(w), tfs.asarray(b), stride=stride, padding=pad,
                             output_padding=opad, groups=groups, dilation=dil)
    np.testing.assert_allclose(got.numpy(), conv_transpose2d_ref(x, w, b, stride, pad, opad, dil, groups), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_conv2d_gradients(case: Tuple[Any, ...]) -> None:
    n, c, h, wd, o, kh, kw, stride, pad, dil, groups = case
    check_gradients(
        f"conv2d{case}",
        lambda x, w, b: F.conv2d(x, w, b, stride=stride, padding=pad, dilation=dil, groups=groups),
        [RNG.standard_normal((n, c, h, wd)), RNG.standard_normal((o, c // groups, kh, kw)), RNG.standard_normal(o)],
    )


def test_conv1d_and_conv_transpose2d_gradients() -> None:
    check_gradients("conv1d", lambda x, w: F.conv1d(x, w, stride=2, padding=1, dilation=2),
                    [RNG.standard_normal((2, 3, 9)), RNG.standard_normal((4, 3, 3))])
    check_gradients(
        "conv_transpose2d",
        lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1, groups=2),
        [RNG.standard_normal((2, 4, 3, 4)), RNG.standard_normal((4, 2, 3, 3)), RNG.standard_normal(4)],
    )


def test_second_derivative_through_conv2d() -> None:
    # d/dw of sum(dL/dx) where L = sum(conv(x, w)^2): checked against central differences of the
    # first derivative, which is itself a convolution.
    x0, w0 = RNG.standard_normal((2, 2, 5, 5)), RNG.standard_normal((3, 2, 3, 3))

    def first_grad_sum(w_np: Arr) -> float:
        x = tfs.asarray(x0).requires_grad_()
        (F.conv2d(x, tfs.asarray(w_np), stride=2, padding=1) ** 2).sum().backward()
        assert x.grad is not None
        return float(x.grad.numpy().sum())

    x, w = tfs.asarray(x0).requires_grad_(), tfs.asarray(w0).requires_grad_()
    (gx,) = tfs.autograd.grad((F.conv2d(x, w, stride=2, padding=1) ** 2).sum(), [x], create_graph=True)
    assert gx is not None
    gx.sum().backward()
    assert w.grad is not None
    eps, num = 1e-6, np.zeros_like(w0)
    for i in np.ndindex(*w0.shape):
        d = np.zeros_like(w0)
        d[i] = eps
        num[i] = (first_grad_sum(w0 + d) - first_grad_sum(w0 - d)) / (2 * eps)
    np.testing.assert_allclose(w.grad.numpy(), num, rtol=1e-6, atol=1e-6)


def test_configuration_errors() -> None:
    x = tfs.ones((1, 4, 5, 5))
    with pytest.raises(tfs.LayerConfigError, match="groups 3 must divide the input channels 4"):
        F.conv2d(x, tfs.ones((6, 1, 3, 3)), groups=3)
    with pytest.raises(ValueError, match="kernel 6x3"):
        F.conv2d(x, tfs.ones((2, 4, 6, 3)))
    with pytest.raises(tfs.LayerConfigError, match="expects 2 input channels"):
        F.conv2d(x, tfs.ones((2, 2, 3, 3)))
    with pytest.raises(tfs.LayerConfigError, match="not supported for strided"):
        F.conv2d(x, tfs.ones((2, 4, 3, 3)), stride=2, padding="same")
    with pytest.raises(tfs.LayerConfigError, match="stride must be positive"):
        F.conv2d(x, tfs.ones((2, 4, 3, 3)), stride=0)
    with pytest.raises(tfs.LayerConfigError, match="padding must be non-negative"):
        F.conv2d(x, tfs.ones((2, 4, 3, 3)), padding=-1)
    with pytest.raises(tfs.LayerConfigError, match="output_padding"):
        F.conv_transpose2d(x, tfs.ones((4, 2, 3, 3)), stride=2, output_padding=2)
    with pytest.raises(tfs.ShapeError, match="bias of shape"):
        F.conv2d(x, tfs.ones((2, 4, 3, 3)), tfs.ones(3))
    with pytest.raises(tfs.ShapeError, match="4-d"):
        F.conv2d(tfs.ones((4, 5)), tfs.ones((2, 4, 3, 3)))
    with pytest.raises(tfs.DtypeError, match="float32 or float64"):
        F.conv2d(tfs.ones((1, 4, 5, 5), dtype=tfs.int32), tfs.ones((2, 4, 3, 3), dtype=tfs.int32))
    with pytest.raises(ValueError, match="padding must be"):
        F.conv2d(x, tfs.ones((2, 4, 3, 3)), padding="full")


def test_against_torch() -> None:
    torch = pytest.importorskip("torch")
    x, w, b = RNG.standard_normal((2, 4, 9, 8)), RNG.standard_normal((6, 2, 3, 3)), RNG.standard_normal(6)
    kw: dict[str, Any] = dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
    want = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), **kw).numpy()
    np.testing.assert_allclose(F.conv2d(tfs.asarray(x), tfs.asarray(w), tfs.asarray(b), **kw).numpy(), want, rtol=1e-12)
    wt = RNG.standard_normal((4, 3, 3, 3))
    want = torch.nn.functional.conv_transpose2d(torch.tensor(x), torch.tensor(wt), None, 2, 1, 1, 2).numpy()
    got = F.conv_transpose2d(tfs.asarray(x), tfs.asarray(wt), None, 2, 1, 1, 2).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12)
