"""The layer modules of tenflowers.nn: Conv1d/Conv2d/ConvTranspose2d and the normalization
layers. Each module is checked against its functional form (or a NumPy reference), its
parameters' shapes and default initialization against PyTorch's rules, its state_dict keys and
repr against PyTorch's, BatchNorm's running statistics over several steps against PyTorch's
update rule, and every configuration error. torch, where importable, is the oracle for outputs
with the same weights."""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers import nn
from tenflowers.errors import LayerConfigError

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(2024)


def t(a: Any, dtype: Any = np.float32) -> tfs.Tensor:
    return tfs.asarray(np.asarray(a, dtype=dtype))


def npy(x: Optional[tfs.Tensor]) -> Arr:
    assert x is not None
    return np.asarray(x.detach().numpy())


def torch_or_none() -> Any:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return torch


def load_from(torch_mod: Any, mod: nn.Module) -> None:
    mod.load_state_dict({k: v.detach().numpy() for k, v in torch_mod.state_dict().items()})


# -- convolutions --------------------------------------------------------------------------------


def test_conv2d_shapes_init_and_forward() -> None:
    tfs.manual_seed(5)
    m = nn.Conv2d(6, 12, (3, 5), stride=2, padding=1, dilation=(1, 2), groups=3)
    assert m.weight.shape == (12, 2, 3, 5) and m.bias is not None and m.bias.shape == (12,)
    bound = 1 / math.sqrt(2 * 3 * 5)
    w = npy(m.weight)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    assert np.abs(npy(m.bias)).max() <= bound
    x = t(RNG.standard_normal((2, 6, 9, 11)))
    ref = F.conv2d(x, m.weight, m.bias, stride=2, padding=1, dilation=(1, 2), groups=3)
    np.testing.assert_array_equal(npy(m(x)), npy(ref))
    assert list(m.state_dict()) == ["weight", "bias"]


def test_conv_reprs_are_pytorchs() -> None:
    assert repr(nn.Conv2d(3, 8, 3)) == "Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))"
    assert (
        repr(nn.Conv2d(4, 8, (3, 1), stride=2, padding=1, dilation=2, groups=2, bias=False,
                       padding_mode="reflect"))
        == "Conv2d(4, 8, kernel_size=(3, 1), stride=(2, 2), padding=(1, 1), dilation=(2, 2), groups=2, bias=False, "
        "padding_mode=reflect)"
    )
    assert repr(nn.Conv1d(2, 4, 5, padding="same")) == "Conv1d(2, 4, kernel_size=(5,), stride=(1,), padding=same)"
    assert (
        repr(nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1))
        == "ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))"
    )


@pytest.mark.parametrize("mode,np_mode", [("reflect", "reflect"), ("replicate", "edge"), ("circular", "wrap")])
def test_conv2d_padding_modes(mode: str, np_mode: str) -> None:
    m = nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode=mode, dtype=tfs.float64)
    x = RNG.standard_normal((2, 2, 5, 6))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (2, 2)), mode=np_mode)  # type: ignore[call-overload]
    ref = F.conv2d(t(xp, np.float64), m.weight, m.bias)
    got = m(t(x, np.float64))
    assert got.shape == (2, 3, 5, 8)
    np.testing.assert_allclose(npy(got), npy(ref), rtol=1e-12)
    got.sum().backward()
    assert m.weight.grad is not None and m.weight.grad.shape == m.weight.shape


def test_conv1d_and_same_padding() -> None:
    m = nn.Conv1d(3, 4, 4, padding="same", dilation=2, dtype=tfs.float64)
    x = t(RNG.standard_normal((2, 3, 10)), np.float64)
    y = m(x)
    assert y.shape == (2, 4, 10)
    np.testing.assert_allclose(npy(y), npy(F.conv1d(x, m.weight, m.bias, padding="same", dilation=2)), rtol=1e-12)
    assert nn.Conv1d(3, 4, 4, padding="valid")(x).shape == (2, 4, 7)


def test_conv_transpose2d_output_size() -> None:
    m = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, groups=2, dtype=tfs.float64)
    assert m.weight.shape == (4, 3, 3, 3)
    x = t(RNG.standard_normal((1, 4, 5, 5)), np.float64)
    assert m(x).shape == (1, 6, 9, 9)
    y = m(x, output_size=[10, 10])
    assert y.shape == (1, 6, 10, 10)
    ref = F.conv_transpose2d(x, m.weight, m.bias, stride=2, padding=1, output_padding=1, groups=2)
    np.testing.assert_allclose(npy(y), npy(ref), rtol=1e-12)
    with pytest.raises(LayerConfigError, match="valid sizes range from 9 to 10"):
        m(x, output_size=(11, 11))


@pytest.mark.parametrize(
    "ctor,match",
    [
        (lambda: nn.Conv2d(0, 4, 3), "in_channels and out_channels must be positive"),
        (lambda: nn.Conv2d(4, -1, 3), "out_channels=-1"),
        (lambda: nn.Conv2d(6, 4, 3, groups=4), "in_channels=6 must be divisible by groups=4"),
        (lambda: nn.Conv2d(4, 6, 3, groups=4), "out_channels=6 must be divisible by groups=4"),
        (lambda: nn.Conv2d(4, 4, 3, groups=0), "groups must be a positive integer"),
        (lambda: nn.Conv2d(4, 4, 0), "kernel_size=\\(0, 0\\)"),
        (lambda: nn.Conv2d(4, 4, 3, stride=2, padding="same"), "not supported for strided convolutions"),
        (lambda: nn.Conv2d(4, 4, 3, padding="full"), "padding must be 'same', 'valid' or ints"),
        (lambda: nn.Conv2d(4, 4, 3, padding_mode="mirror"), "padding_mode must be one of"),
        (lambda: nn.Conv2d(4, 4, (3, 3, 3)), "kernel_size must have 2 entries"),  # type: ignore[arg-type]
        (lambda: nn.ConvTranspose2d(4, 4, 3, padding_mode="reflect"), "only \"zeros\" padding_mode"),
        (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2, output_padding=2), "output_padding must be"),
    ],
)
def test_conv_config_errors(ctor: Any, match: str) -> None:
    with pytest.raises(LayerConfigError, match=match) as e:
        ctor()
    assert isinstance(e.value, ValueError)
    assert "Conv" in str(e.value)


def test_conv_kernel_larger_than_input_raises_from_the_core() -> None:
    with pytest.raises(LayerConfigError):
        nn.Conv2d(1, 1, 5)(tfs.zeros((1, 1, 3, 3)))


def test_conv_modules_match_torch() -> None:
    torch = torch_or_none()
    if torch is None:
        pytest.skip("torch is not importable; the functional forms are checked against NumPy in test_nn_conv")
    cases: list[Tuple[Any, nn.Module, Tuple[int, ...]]] = [
        (torch.nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2), nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2),
         (2, 4, 9, 9)),
        (torch.nn.Conv2d(3, 3, 3, padding=2, padding_mode="circular"),
         nn.Conv2d(3, 3, 3, padding=2, padding_mode="circular"), (1, 3, 6, 6)),
        (torch.nn.Conv1d(2, 4, 3, padding="same", bias=False), nn.Conv1d(2, 4, 3, padding="same", bias=False),
         (3, 2, 7)),
        (torch.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1),
         nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1), (2, 4, 5, 5)),
    ]
    for tm, m, shape in cases:
        load_from(tm, m)
        x = RNG.standard_normal(shape).astype(np.float32)
        tx = torch.from_numpy(x).requires_grad_()
        ty = tm(tx)
        (ty * ty).sum().backward()
        xx = t(x)
        xx.requires_grad_()
        y = m(xx)
        (y * y).sum().backward()
        np.testing.assert_allclose(npy(y), ty.detach().numpy(), rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(npy(xx.grad), tx.grad.numpy(), rtol=1e-4, atol=1e-4)
        w = m.get_parameter("weight")
        np.testing.assert_allclose(npy(w.grad), tm.weight.grad.numpy(), rtol=1e-4, atol=1e-4)
        assert repr(m) == repr(tm)


# -- normalization -------------------------------------------------------------------------------


def test_batchnorm2d_running_statistics_over_steps() -> None:
    bn = nn.BatchNorm2d(3, momentum=0.2, dtype=tfs.float64)
    assert list(bn.state_dict()) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    rm, rv = np.zeros(3), np.ones(3)
    for step in range(3):
        x = RNG.standard_normal((4, 3, 2, 5)) * (step + 1) + step
        y = bn(t(x, np.float64))
        mean = x.mean(axis=(0, 2, 3))
        var = x.var(axis=(0, 2, 3))
        ref = (x - mean[None, :, None, None]) / np.sqrt(var[None, :, None, None] + 1e-5)
        np.testing.assert_allclose(npy(y), ref, rtol=1e-10, atol=1e-12)
        n = x.size / 3
        rm = 0.8 * rm + 0.2 * mean
        rv = 0.8 * rv + 0.2 * var * n / (n - 1)
        np.testing.assert_allclose(npy(bn.running_mean), rm, rtol=1e-12)  # type: ignore[arg-type]
        np.testing.assert_allclose(npy(bn.running_var), rv, rtol=1e-12)  # type: ignore[arg-type]
    assert int(bn.get_buffer("num_batches_tracked")) == 3
    bn.eval()
    x = RNG.standard_normal((2, 3, 2, 2))
    y = bn(t(x, np.float64))
    ref = (x - rm[None, :, None, None]) / np.sqrt(rv[None, :, None, None] + 1e-5)
    np.testing.assert_allclose(npy(y), ref, rtol=1e-10)
    assert int(bn.get_buffer("num_batches_tracked")) == 3  # eval does not count


def test_batchnorm_cumulative_average_and_untracked() -> None:
    bn = nn.BatchNorm1d(2, momentum=None, dtype=tfs.float64)
    xs = [RNG.standard_normal((6, 2)) + i for i in range(3)]
    for x in xs:
        bn(t(x, np.float64))
    np.testing.assert_allclose(npy(bn.get_buffer("running_mean")), np.mean([x.mean(0) for x in xs], axis=0), rtol=1e-12)
    free = nn.BatchNorm1d(2, affine=False, track_running_stats=False)
    assert list(free.state_dict()) == [] and list(free.parameters()) == []
    free.eval()
    x = RNG.standard_normal((5, 2, 3)).astype(np.float32)
    ref = (x - x.mean((0, 2), keepdims=True)) / np.sqrt(x.var((0, 2), keepdims=True) + 1e-5)
    np.testing.assert_allclose(npy(free(t(x))), ref, rtol=1e-4, atol=1e-5)  # batch statistics in eval


def test_batchnorm_errors_and_repr() -> None:
    with pytest.raises(LayerConfigError, match=r"BatchNorm2d: expected 4D input \(got 3D input\)"):
        nn.BatchNorm2d(2)(tfs.zeros((2, 2, 3)))
    with pytest.raises(LayerConfigError, match="expected 2D or 3D input"):
        nn.BatchNorm1d(2)(tfs.zeros((2, 2, 3, 3)))
    with pytest.raises(LayerConfigError, match="num_features=0"):
        nn.BatchNorm1d(0)
    assert repr(nn.BatchNorm2d(4)) == "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)"


def test_layer_rms_group_norm_modules() -> None:
    x = t(RNG.standard_normal((2, 4, 3, 5)), np.float64)
    ln = nn.LayerNorm([3, 5], dtype=tfs.float64)
    assert ln.weight.shape == (3, 5) and (npy(ln.weight) == 1).all() and (npy(ln.bias) == 0).all()
    with tfs.no_grad():
        ln.weight[...] = t(RNG.standard_normal((3, 5)), np.float64)
    np.testing.assert_array_equal(npy(ln(x)), npy(F.layer_norm(x, (3, 5), ln.weight, ln.bias)))
    assert repr(ln) == "LayerNorm((3, 5), eps=1e-05, elementwise_affine=True, bias=True)"
    assert nn.LayerNorm(5, bias=False).bias is None
    assert list(nn.LayerNorm(5, elementwise_affine=False).parameters()) == []
    assert list(nn.BatchNorm2d(3, bias=False).state_dict())[:2] == ["weight", "running_mean"]
    assert nn.GroupNorm(1, 3, bias=False).bias is None
    rms = nn.RMSNorm(5, eps=1e-6, dtype=tfs.float64)
    np.testing.assert_array_equal(npy(rms(x)), npy(F.rms_norm(x, (5,), rms.weight, 1e-6)))
    assert repr(nn.RMSNorm(5)) == "RMSNorm((5,), eps=None, elementwise_affine=True)"
    gn = nn.GroupNorm(2, 4, dtype=tfs.float64)
    np.testing.assert_array_equal(npy(gn(x)), npy(F.group_norm(x, 2, gn.weight, gn.bias)))
    assert repr(gn) == "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)"
    with pytest.raises(LayerConfigError, match="num_groups=3, num_channels=4"):
        nn.GroupNorm(3, 4)
    with pytest.raises(LayerConfigError, match="normalized_shape"):
        nn.LayerNorm((3, 0))


def test_norm_modules_match_torch_in_train_and_eval() -> None:
    torch = torch_or_none()
    if torch is None:
        pytest.skip("torch is not importable; the modules are checked against NumPy above")
    pairs = [
        (torch.nn.BatchNorm2d(3), nn.BatchNorm2d(3), (4, 3, 5, 5)),
        (torch.nn.BatchNorm1d(3, momentum=None), nn.BatchNorm1d(3, momentum=None), (8, 3)),
        (torch.nn.LayerNorm(5), nn.LayerNorm(5), (2, 3, 5)),
        (torch.nn.GroupNorm(2, 4), nn.GroupNorm(2, 4), (2, 4, 3)),
        (torch.nn.RMSNorm(5), nn.RMSNorm(5), (2, 3, 5)),
    ]
    for tm, m, shape in pairs:
        with torch.no_grad():
            for p in tm.parameters():
                p.copy_(torch.randn(p.shape))
        load_from(tm, m)
        for mode in (True, False, True):
            tm.train(mode)
            m.train(mode)
            x = RNG.standard_normal(shape).astype(np.float32) * 2 + 1
            np.testing.assert_allclose(npy(m(t(x))), tm(torch.from_numpy(x)).detach().numpy(), rtol=1e-4, atol=1e-5)
        for k, v in tm.state_dict().items():
            np.testing.assert_allclose(npy(m.state_dict()[k]), v.numpy(), rtol=1e-5, atol=1e-6, err_msg=k)
        assert repr(m) == repr(tm)


# -- pooling, dropout and embedding modules ------------------------------------------------------


def test_pooling_modules_match_functional_and_reprs() -> None:
    x = t(RNG.standard_normal((2, 3, 9, 8)))
    m = nn.MaxPool2d(3, stride=2, padding=1)
    assert m.stride == 2  # PyTorch keeps the argument as given
    np.testing.assert_array_equal(npy(m(x)), npy(F.max_pool2d(x, 3, 2, 1)))
    out, idx = nn.MaxPool2d(2, return_indices=True)(x)
    ref, ref_idx = F.max_pool2d(x, 2, return_indices=True)
    np.testing.assert_array_equal(npy(out), npy(ref))
    np.testing.assert_array_equal(npy(idx), npy(ref_idx))
    np.testing.assert_array_equal(
        npy(nn.AvgPool2d(3, 2, 1, count_include_pad=False)(x)), npy(F.avg_pool2d(x, 3, 2, 1, count_include_pad=False))
    )
    np.testing.assert_allclose(npy(nn.AdaptiveAvgPool2d((1, 1))(x)), npy(x).mean(axis=(2, 3), keepdims=True), rtol=1e-6)
    np.testing.assert_array_equal(npy(nn.AdaptiveMaxPool2d((None, 1))(x)), npy(x).max(axis=3, keepdims=True))
    x1 = t(RNG.standard_normal((2, 3, 10)))
    np.testing.assert_array_equal(npy(nn.MaxPool1d(2)(x1)), npy(x1).reshape(2, 3, 5, 2).max(axis=3))
    np.testing.assert_allclose(npy(nn.AvgPool1d(5)(x1)), npy(x1).reshape(2, 3, 2, 5).mean(axis=3), rtol=1e-6)
    assert repr(nn.MaxPool2d(2)) == "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    assert repr(nn.AvgPool2d((2, 3))) == "AvgPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0)"
    assert repr(nn.AdaptiveAvgPool2d((5, None))) == "AdaptiveAvgPool2d(output_size=(5, None))"
    assert repr(nn.MaxPool1d(3, 1)) == "MaxPool1d(kernel_size=3, stride=1, padding=0, dilation=1, ceil_mode=False)"
    assert repr(nn.AvgPool1d(3)) == "AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))"
    assert list(nn.MaxPool2d(2).state_dict()) == []


def test_pooling_modules_match_torch() -> None:
    torch = torch_or_none()
    if torch is None:
        pytest.skip("torch is not installed: the PyTorch parity check needs it")
    x = RNG.standard_normal((2, 3, 11, 9)).astype(np.float32)
    pairs = [
        (nn.MaxPool2d(3, 2, 1, ceil_mode=True), torch.nn.MaxPool2d(3, 2, 1, ceil_mode=True)),
        (nn.AvgPool2d(3, 2, 1, ceil_mode=True), torch.nn.AvgPool2d(3, 2, 1, ceil_mode=True)),
        (nn.AvgPool2d(2, divisor_override=3), torch.nn.AvgPool2d(2, divisor_override=3)),
        (nn.AdaptiveAvgPool2d((4, 3)), torch.nn.AdaptiveAvgPool2d((4, 3))),
        (nn.AdaptiveMaxPool2d(5), torch.nn.AdaptiveMaxPool2d(5)),
    ]
    for mine, theirs in pairs:
        assert repr(mine) == repr(theirs)
        xt = t(x)
        xt.requires_grad_(True)
        tx = torch.tensor(x, requires_grad=True)
        out, tout = mine(xt), theirs(tx)
        np.testing.assert_allclose(npy(out), tout.detach().numpy(), rtol=1e-6, atol=1e-7, err_msg=repr(mine))
        out.sum().backward()
        tout.sum().backward()
        np.testing.assert_allclose(npy(xt.grad), tx.grad.numpy(), rtol=1e-6, atol=1e-7, err_msg=repr(mine))
    assert repr(nn.MaxPool1d(3, 1)) == repr(torch.nn.MaxPool1d(3, 1))
    assert repr(nn.AvgPool1d(3)) == repr(torch.nn.AvgPool1d(3))


def test_dropout_modules_train_eval_and_channels() -> None:
    tfs.manual_seed(11)
    x = t(RNG.uniform(1.0, 2.0, (64, 32)))
    d = nn.Dropout(0.25)
    y = npy(d(x))
    kept = y != 0
    np.testing.assert_allclose(y[kept], npy(x)[kept] / 0.75, rtol=1e-6)
    n = kept.size
    assert abs((~kept).sum() - 0.25 * n) < 5 * math.sqrt(n * 0.25 * 0.75)
    d.eval()
    np.testing.assert_array_equal(npy(d(x)), npy(x))
    x4 = t(RNG.uniform(1.0, 2.0, (8, 16, 3, 4)))
    d2 = nn.Dropout2d(0.5)
    y4 = npy(d2(x4)).reshape(8, 16, 12)
    zero_planes = (y4 == 0).all(axis=2)
    assert ((y4 != 0).all(axis=2) | zero_planes).all()  # whole channels, nothing partial
    assert 0 < zero_planes.sum() < zero_planes.size
    x3 = t(RNG.uniform(1.0, 2.0, (8, 16, 5)))
    y3 = npy(nn.Dropout1d(0.5)(x3))
    assert (((y3 == 0).all(axis=2)) | ((y3 != 0).all(axis=2))).all()
    x5 = t(RNG.uniform(1.0, 2.0, (2, 16, 2, 2, 2)))
    y5 = npy(nn.Dropout3d(0.5)(x5)).reshape(2, 16, 8)
    assert (((y5 == 0).all(axis=2)) | ((y5 != 0).all(axis=2))).all()
    assert repr(nn.Dropout(0.2)) == "Dropout(p=0.2, inplace=False)"
    assert repr(nn.Dropout2d()) == "Dropout2d(p=0.5, inplace=False)"
    with pytest.raises(LayerConfigError, match="between 0 and 1"):
        nn.Dropout(1.5)
    with pytest.raises(LayerConfigError, match="Dropout2d"):
        nn.Dropout2d(-0.1)


def test_embedding_module() -> None:
    tfs.manual_seed(12)
    e = nn.Embedding(10, 4, padding_idx=-1)
    assert e.padding_idx == 9 and e.weight.shape == (10, 4)
    w = npy(e.weight)
    np.testing.assert_array_equal(w[9], np.zeros(4, np.float32))
    assert 0.5 < w[:9].std() < 1.5  # N(0, 1)
    idx = tfs.asarray(np.array([[1, 9, 1], [3, 0, 9]], dtype=np.int64))
    out = e(idx)
    np.testing.assert_array_equal(npy(out), w[npy(idx)])
    out.sum().backward()
    g = npy(e.weight.grad)
    expect = np.zeros((10, 4), np.float32)
    np.add.at(expect, np.array([1, 1, 3, 0]), 1.0)
    np.testing.assert_array_equal(g, expect)  # the padding row gets no gradient
    assert repr(e) == "Embedding(10, 4, padding_idx=9)"
    assert list(e.state_dict()) == ["weight"]
    table = t(RNG.standard_normal((5, 3)))
    pre = nn.Embedding.from_pretrained(table)
    assert not pre.weight.requires_grad
    np.testing.assert_array_equal(npy(pre(tfs.asarray(np.array([4, 0], dtype=np.int64)))), npy(table)[[4, 0]])
    assert nn.Embedding.from_pretrained(table, freeze=False).weight.requires_grad
    with pytest.raises(LayerConfigError, match="padding_idx"):
        nn.Embedding(4, 2, padding_idx=4)
    with pytest.raises(LayerConfigError, match="sparse"):
        nn.Embedding(4, 2, sparse=True)
    with pytest.raises(LayerConfigError, match="2-dimensional"):
        nn.Embedding.from_pretrained(t(np.zeros(3)))


def test_embedding_max_norm_renormalizes_looked_up_rows() -> None:
    w0 = np.arange(18, dtype=np.float32).reshape(6, 3) / 4.0
    e = nn.Embedding(6, 3, max_norm=1.5, _weight=t(w0))
    out = npy(e(tfs.asarray(np.array([1, 4, 4], dtype=np.int64))))
    norms = np.linalg.norm(w0, axis=1)
    expect = w0.copy()
    for r in (1, 4):
        if norms[r] > 1.5:
            expect[r] = w0[r] * (1.5 / (norms[r] + 1e-7))
    np.testing.assert_allclose(npy(e.weight), expect, rtol=1e-6)  # in place, only the rows looked up
    np.testing.assert_allclose(out, expect[[1, 4, 4]], rtol=1e-6)
    np.testing.assert_array_equal(npy(e.weight)[[0, 2, 3, 5]], w0[[0, 2, 3, 5]])
    assert repr(e) == "Embedding(6, 3, max_norm=1.5)"
