"""The module system of tenflowers.nn: Module registration and traversal, train/eval,
requires_grad_/zero_grad/apply, hooks, state_dict/load_state_dict with PyTorch's keys and
errors, repr, Parameter and the containers; Linear, the activation modules, Flatten/Unflatten.

Keys, traversal orders and reprs are PyTorch's; where torch is importable the same model built
in torch is the oracle, otherwise the expected values are written out from PyTorch's behaviour.
The typed user model `MLP` below is checked by ``mypy --strict`` (test_typing runs it on tests/).
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers import nn
from tenflowers.errors import LayerConfigError

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(1414)


def t(a: Any, dtype: Any = np.float32, requires_grad: bool = False) -> tfs.Tensor:
    x = tfs.asarray(np.asarray(a, dtype=dtype))
    if requires_grad:
        x.requires_grad_()
    return x


def npy(x: Optional[tfs.Tensor]) -> Arr:
    assert x is not None
    return np.asarray(x.detach().numpy())


class MLP(nn.Module):
    """A user model written as a PyTorch user writes it, fully typed."""

    def __init__(self, d_in: int, hidden: int, d_out: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(hidden, d_out)
        self.register_buffer("steps", tfs.zeros((1,)))

    def forward(self, x: tfs.Tensor) -> tfs.Tensor:
        h: tfs.Tensor = self.act(self.fc1(x))
        out: tfs.Tensor = self.fc2(h)
        return out


class Nested(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
        self.heads = nn.ModuleDict({"a": nn.Linear(2, 1), "b": nn.Linear(2, 5, bias=False)})
        self.extra = nn.ParameterList([nn.Parameter(tfs.ones((2,))), nn.Parameter(tfs.zeros((3, 1)))])
        self.scale = nn.Parameter(tfs.ones((1,)))
        self.register_buffer("running", tfs.zeros((2,)))
        self.register_buffer("scratch", tfs.zeros((2,)), persistent=False)

    def forward(self, x: tfs.Tensor) -> tfs.Tensor:
        y: tfs.Tensor = self.layers(x)
        a: tfs.Tensor = self.heads["a"](y)
        return a * self.scale


NESTED_KEYS = [
    "scale", "running", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
    "heads.a.weight", "heads.a.bias", "heads.b.weight", "extra.0", "extra.1",
]


# -- registration and traversal ----------------------------------------------------------------


def test_attribute_assignment_registers_parameters_buffers_and_submodules() -> None:
    m = MLP(4, 8, 3)
    assert [n for n, _ in m.named_parameters()] == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert [n for n, _ in m.named_buffers()] == ["steps"]
    assert [n for n, _ in m.named_children()] == ["fc1", "act", "fc2"]
    assert [n for n, _ in m.named_modules()] == ["", "fc1", "act", "fc2"]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in m.parameters())
    assert [p.shape for p in m.parameters()] == [(8, 4), (8,), (3, 8), (3,)]
    assert list(m.parameters(recurse=False)) == []
    assert isinstance(m.fc1, nn.Linear)


def test_nested_state_dict_keys_follow_pytorch() -> None:
    m = Nested()
    sd = m.state_dict()
    # PyTorch's order: own parameters, own persistent buffers, then each child in order.
    assert list(sd.keys()) == NESTED_KEYS
    assert "scratch" not in sd
    assert all(not v.requires_grad for v in sd.values())  # detached, as torch's keep_vars=False


def test_state_dict_keys_match_torch_for_the_same_architecture() -> None:
    torch = pytest.importorskip("torch")

    class TorchNested(torch.nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
            self.heads = torch.nn.ModuleDict({"a": torch.nn.Linear(2, 1), "b": torch.nn.Linear(2, 5, bias=False)})
            self.extra = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.zeros(3, 1))])
            self.scale = torch.nn.Parameter(torch.ones(1))
            self.register_buffer("running", torch.zeros(2))
            self.register_buffer("scratch", torch.zeros(2), persistent=False)

    tm = TorchNested()
    assert list(tm.state_dict().keys()) == list(Nested().state_dict().keys())
    assert [n for n, _ in tm.named_modules()] == [n for n, _ in Nested().named_modules()]
    assert [n for n, _ in tm.named_parameters()] == [n for n, _ in Nested().named_parameters()]


def test_shared_parameters_and_modules_are_listed_once() -> None:
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(seq.named_parameters(remove_duplicate=False))) == 4
    assert list(seq.state_dict().keys()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_reassigning_and_deleting_attributes() -> None:
    m = MLP(2, 3, 1)
    m.fc2 = nn.Linear(3, 7)
    assert m.fc2.out_features == 7
    assert [n for n, _ in m.named_children()] == ["fc1", "act", "fc2"]
    del m.fc1
    assert [n for n, _ in m.named_children()] == ["act", "fc2"]
    with pytest.raises(AttributeError):
        m.fc1
    with pytest.raises(TypeError):
        m.fc2 = tfs.ones((2,))  # type: ignore[assignment]  # a module slot takes a module or None
    m.steps = tfs.ones((1,))
    assert npy(m.get_buffer("steps")).tolist() == [1.0]
    assert m.get_submodule("fc2") is m.fc2
    assert m.get_parameter("fc2.bias") is m.fc2.bias


def test_register_errors_name_the_problem() -> None:
    m = nn.Module()
    with pytest.raises(KeyError, match=r'contain "\."'):
        m.register_parameter("a.b", nn.Parameter(tfs.ones((1,))))
    with pytest.raises(KeyError, match="empty"):
        m.register_buffer("", tfs.ones((1,)))
    with pytest.raises(TypeError):
        m.register_parameter("w", tfs.ones((1,)))  # type: ignore[arg-type]  # needs a Parameter
    m.register_buffer("w", tfs.ones((1,)))
    with pytest.raises(KeyError, match="already exists"):
        m.register_parameter("w", nn.Parameter(tfs.ones((1,))))


# -- modes, gradients and apply ----------------------------------------------------------------


def test_train_eval_propagate_to_every_submodule() -> None:
    m = Nested()
    assert all(x.training for x in m.modules())
    assert m.eval() is m
    assert not any(x.training for x in m.modules())
    m.train()
    assert all(x.training for x in m.modules())
    m.layers.train(False)
    assert m.training and not m.layers.training and not m.layers[0].training


def test_requires_grad_zero_grad_and_apply() -> None:
    m = MLP(3, 4, 2)
    x = t(RNG.standard_normal((5, 3)))
    m(x).sum().backward()
    assert all(p.grad is not None for p in m.parameters())
    m.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not npy(p.grad).any() for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())
    assert m.requires_grad_(False) is m
    assert not any(p.requires_grad for p in m.parameters())
    m.requires_grad_()
    seen: List[str] = []
    m.apply(lambda mod: seen.append(type(mod).__name__))
    assert seen == ["Linear", "ReLU", "Linear", "MLP"]  # children first, as torch


def test_gradients_through_a_model_match_the_formula() -> None:
    m = MLP(3, 4, 2)
    x = RNG.standard_normal((6, 3)).astype(np.float32)
    out = m(t(x))
    out.sum().backward()
    w1, b1, w2 = npy(m.fc1.weight), npy(m.fc1.bias), npy(m.fc2.weight)
    h = x @ w1.T + b1
    mask = (h > 0).astype(np.float32)
    np.testing.assert_allclose(npy(out), np.maximum(h, 0) @ w2.T + npy(m.fc2.bias), rtol=1e-5, atol=1e-6)
    g_h = np.ones((6, 2), np.float32) @ w2 * mask
    np.testing.assert_allclose(npy(m.fc1.weight.grad), g_h.T @ x, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(npy(m.fc2.weight.grad), (np.maximum(h, 0).T @ np.ones((6, 2))).T, rtol=1e-5, atol=1e-5)
    b2 = m.fc2.bias
    assert b2 is not None
    np.testing.assert_allclose(npy(b2.grad), np.array([6.0, 6.0]))


def test_a_model_trains_with_sgd() -> None:
    tfs.manual_seed(0)
    m = MLP(2, 16, 1)
    x = RNG.uniform(-1, 1, (64, 2)).astype(np.float32)
    y = (x[:, :1] * x[:, 1:]).astype(np.float32)
    xt, yt = t(x), t(y)
    losses = []
    for _ in range(200):
        m.zero_grad()
        loss = F.mse_loss(m(xt), yt)
        loss.backward()
        with tfs.no_grad():
            for p in m.parameters():
                assert p.grad is not None
                p[...] = p - 0.2 * p.grad
        losses.append(float(loss))
    assert losses[-1] < 0.5 * losses[0]


# -- hooks ---------------------------------------------------------------------------------------


def test_forward_hooks_see_and_may_replace_inputs_and_outputs() -> None:
    lin = nn.Linear(2, 2)
    calls: List[str] = []

    def pre(mod: nn.Module, args: Tuple[Any, ...]) -> Tuple[Any, ...]:
        calls.append("pre")
        return (args[0] * 2.0,)

    def post(mod: nn.Module, args: Tuple[Any, ...], out: tfs.Tensor) -> tfs.Tensor:
        calls.append("post")
        return out + 1.0

    x = t([[1.0, -1.0]])
    base = npy(lin(x * 2.0)) + 1.0
    h1 = lin.register_forward_pre_hook(pre)
    h2 = lin.register_forward_hook(post)
    np.testing.assert_allclose(npy(lin(x)), base, rtol=1e-6)
    assert calls == ["pre", "post"]
    h1.remove()
    h2.remove()
    np.testing.assert_allclose(npy(lin(x)), base - 1.0 - npy(lin.weight) @ np.array([1.0, -1.0]), rtol=1e-5, atol=1e-6)
    assert calls == ["pre", "post"]


def test_hooks_with_kwargs_and_prepend_order() -> None:
    order: List[str] = []
    m = nn.Identity()
    m.register_forward_hook(lambda mod, a, o: order.append("b"))
    m.register_forward_hook(lambda mod, a, o: order.append("a"), prepend=True)

    def kw_pre(mod: nn.Module, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        order.append("kw")
        return args, kwargs

    m.register_forward_pre_hook(kw_pre, with_kwargs=True)
    m(t([1.0]))
    assert order == ["kw", "a", "b"]


# -- load_state_dict -------------------------------------------------------------------------


def test_load_state_dict_round_trip_in_place() -> None:
    a, b = Nested(), Nested()
    for p in a.parameters():
        with tfs.no_grad():
            p[...] = t(RNG.standard_normal(p.shape))
    w_before = b.layers[0].weight
    res = b.load_state_dict(a.state_dict())
    assert res.missing_keys == [] and res.unexpected_keys == []
    assert repr(res) == "<All keys matched successfully>"
    assert b.layers[0].weight is w_before  # written in place: optimizers keep their parameters
    for (k, va), (_, vb) in zip(a.state_dict().items(), b.state_dict().items()):
        np.testing.assert_array_equal(npy(va), npy(vb), err_msg=k)
    x = t(RNG.standard_normal((2, 3)))
    np.testing.assert_array_equal(npy(a(x)), npy(b(x)))


def test_load_state_dict_takes_numpy_arrays_and_casts() -> None:
    m = nn.Linear(3, 2)
    w = RNG.standard_normal((2, 3))  # float64 into a float32 parameter
    m.load_state_dict({"weight": w, "bias": np.array([1.0, 2.0])})
    np.testing.assert_allclose(npy(m.weight), w.astype(np.float32))
    assert m.weight.dtype == tfs.float32


def test_load_state_dict_strict_errors_name_keys_and_write_nothing() -> None:
    m = MLP(2, 3, 1)
    before = {k: npy(v).copy() for k, v in m.state_dict().items()}
    sd = {k: np.zeros(v.shape) for k, v in m.state_dict().items()}
    del sd["fc2.bias"]
    sd["fc3.weight"] = np.zeros((1, 1))
    with pytest.raises(LayerConfigError) as e:
        m.load_state_dict(sd)
    msg = str(e.value)
    assert "MLP" in msg and '"fc2.bias"' in msg and '"fc3.weight"' in msg
    assert "Missing key(s)" in msg and "Unexpected key(s)" in msg
    assert isinstance(e.value, ValueError)
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(npy(v), before[k])  # nothing written
    res = m.load_state_dict(sd, strict=False)
    assert res.missing_keys == ["fc2.bias"] and res.unexpected_keys == ["fc3.weight"]
    assert not npy(m.fc1.weight).any()


def test_load_state_dict_shape_mismatch_always_raises() -> None:
    m = nn.Linear(3, 2)
    with pytest.raises(LayerConfigError, match=r"size mismatch for weight: copying a param with shape \(3, 2\)"):
        m.load_state_dict({"weight": np.zeros((3, 2)), "bias": np.zeros(2)}, strict=False)


def test_load_torch_state_dict_through_numpy() -> None:
    torch = pytest.importorskip("torch")
    tm = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.GELU(), torch.nn.Linear(8, 3))
    m = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.Linear(8, 3))
    m.load_state_dict({k: v.detach().numpy() for k, v in tm.state_dict().items()})
    x = RNG.standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(npy(m(t(x))), tm(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


# -- repr --------------------------------------------------------------------------------------


REPR = """Sequential(
  (0): Linear(in_features=4, out_features=16, bias=True)
  (1): ReLU()
  (2): Sequential(
    (0): Linear(in_features=16, out_features=3, bias=False)
    (1): LeakyReLU(negative_slope=0.2)
  )
  (3): Flatten(start_dim=1, end_dim=-1)
)"""


def test_repr_is_pytorchs() -> None:
    m = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Sequential(nn.Linear(16, 3, bias=False), nn.LeakyReLU(0.2)), nn.Flatten())
    assert repr(m) == REPR
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return
    tn = torch.nn
    tm = tn.Sequential(tn.Linear(4, 16), tn.ReLU(), tn.Sequential(tn.Linear(16, 3, bias=False), tn.LeakyReLU(0.2)), tn.Flatten())
    assert repr(tm) == REPR


# -- Parameter -----------------------------------------------------------------------------------


def test_parameter_shares_storage_and_is_a_leaf() -> None:
    base = t([1.0, 2.0, 3.0])
    p = nn.Parameter(base)
    assert isinstance(p, tfs.Tensor) and p.requires_grad and p.is_leaf
    with tfs.no_grad():
        p[0] = 10.0
    assert npy(base).tolist() == [10.0, 2.0, 3.0]
    y = p * 2.0
    assert type(y) is tfs.Tensor  # ops return plain tensors
    y.sum().backward()
    assert npy(p.grad).tolist() == [2.0, 2.0, 2.0]
    assert not nn.Parameter(base, requires_grad=False).requires_grad
    assert repr(p).startswith("Parameter containing:\n")
    q = copy.deepcopy(p)
    assert isinstance(q, nn.Parameter) and q.requires_grad and q.grad is None
    with tfs.no_grad():
        q[1] = -1.0
    assert npy(p)[1] == 2.0
    with pytest.raises(TypeError):
        nn.Parameter([1.0])  # type: ignore[arg-type]


def test_deepcopy_of_a_model_is_independent() -> None:
    m = MLP(2, 3, 1)
    c = copy.deepcopy(m)
    with tfs.no_grad():
        c.fc1.weight[...] = 0.0
    assert npy(m.fc1.weight).any()
    assert isinstance(c.fc1.weight, nn.Parameter)


# -- containers ----------------------------------------------------------------------------------


def test_sequential_indexing_slicing_and_editing() -> None:
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    s = nn.Sequential(a, b, c)
    assert len(s) == 3 and s[0] is a and s[-1] is c
    sub = s[1:]
    assert isinstance(sub, nn.Sequential) and list(sub) == [b, c]
    assert [n for n, _ in sub.named_children()] == ["1", "2"]  # torch keeps the keys of a slice
    s.append(nn.Sigmoid())
    assert len(s) == 4 and isinstance(s[3], nn.Sigmoid)
    del s[1]
    assert [type(x).__name__ for x in s] == ["Linear", "Linear", "Sigmoid"]
    assert [n for n, _ in s.named_children()] == ["0", "1", "2"]
    x = t(RNG.standard_normal((4, 2)))
    ref = 1 / (1 + np.exp(-(npy(x) @ npy(a.weight).T + npy(a.bias)) @ npy(c.weight).T - npy(c.bias)))
    np.testing.assert_allclose(npy(s(x)), ref, rtol=1e-5)
    with pytest.raises(IndexError):
        s[5]


def test_module_list_dict_parameter_list_dict() -> None:
    ml = nn.ModuleList([nn.Linear(1, 1) for _ in range(3)])
    ml.append(nn.ReLU())
    ml.extend([nn.Tanh()])
    assert len(ml) == 5 and [n for n, _ in ml.named_children()] == ["0", "1", "2", "3", "4"]
    assert len(list(ml.parameters())) == 6
    md = nn.ModuleDict({"x": nn.Linear(1, 2)})
    md["y"] = nn.Linear(2, 1)
    assert list(md.keys()) == ["x", "y"] and "y" in md and len(md) == 2
    assert list(md.state_dict().keys()) == ["x.weight", "x.bias", "y.weight", "y.bias"]
    md.pop("x")
    assert list(md.keys()) == ["y"]
    pl = nn.ParameterList([nn.Parameter(tfs.ones((2,)))])
    pl.append(tfs.zeros((1,)))  # a plain tensor becomes a Parameter, as torch
    assert isinstance(pl[1], nn.Parameter) and len(pl) == 2
    assert list(pl.state_dict().keys()) == ["0", "1"]
    pd = nn.ParameterDict({"w": nn.Parameter(tfs.ones((2,)))})
    assert list(pd.state_dict().keys()) == ["w"]
    assert isinstance(pd["w"], nn.Parameter)


# -- layers --------------------------------------------------------------------------------------


def test_linear_default_init_is_pytorchs() -> None:
    tfs.manual_seed(3)
    m = nn.Linear(400, 300)
    w, b = npy(m.weight), npy(m.bias)
    bound = 1 / np.sqrt(400)  # kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert abs(w.std() - bound / np.sqrt(3)) < 0.01 * bound
    assert np.abs(b).max() <= bound and abs(w.mean()) < 0.01 * bound
    tfs.manual_seed(3)
    np.testing.assert_array_equal(npy(nn.Linear(400, 300).weight), w)  # seeded
    assert nn.Linear(3, 2, dtype=tfs.float64).weight.dtype == tfs.float64
    assert nn.Linear(3, 2, bias=False).bias is None
    assert repr(nn.Linear(3, 2, bias=False)) == "Linear(in_features=3, out_features=2, bias=False)"


def test_linear_forward_on_batched_inputs() -> None:
    m = nn.Linear(3, 2)
    x = RNG.standard_normal((4, 5, 3)).astype(np.float32)
    ref = x @ npy(m.weight).T + npy(m.bias)
    np.testing.assert_allclose(npy(m(t(x))), ref, rtol=1e-5, atol=1e-6)


ACTS: List[Tuple[nn.Module, Any]] = [
    (nn.ReLU(), lambda x: np.maximum(x, 0)),
    (nn.Tanh(), np.tanh),
    (nn.Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (nn.SiLU(), lambda x: x / (1 + np.exp(-x))),
    (nn.LeakyReLU(0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
    (nn.ELU(0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    (nn.Softplus(), lambda x: np.log1p(np.exp(x))),
    (nn.Mish(), lambda x: x * np.tanh(np.log1p(np.exp(x)))),
    (nn.Softmax(dim=1), lambda x: np.exp(x) / np.exp(x).sum(1, keepdims=True)),
    (nn.LogSoftmax(dim=0), lambda x: x - np.log(np.exp(x).sum(0, keepdims=True))),
]


@pytest.mark.parametrize("mod,ref", ACTS, ids=[type(m).__name__ for m, _ in ACTS])
def test_activation_modules(mod: nn.Module, ref: Any) -> None:
    x = RNG.standard_normal((3, 4))
    np.testing.assert_allclose(npy(mod(t(x, np.float64))), ref(x), rtol=1e-10, atol=1e-12)


def test_gelu_module_approximations() -> None:
    from math import erf, pi, sqrt

    x = RNG.standard_normal(7)
    exact = np.array([v * 0.5 * (1 + erf(v / sqrt(2))) for v in x])
    tanh = 0.5 * x * (1 + np.tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))
    np.testing.assert_allclose(npy(nn.GELU()(t(x, np.float64))), exact, rtol=1e-10)
    np.testing.assert_allclose(npy(nn.GELU(approximate="tanh")(t(x, np.float64))), tanh, rtol=1e-10)
    assert repr(nn.GELU(approximate="tanh")) == "GELU(approximate='tanh')"


def test_flatten_unflatten_identity() -> None:
    x = t(np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5))
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    assert nn.Unflatten(1, (3, 1))(nn.Flatten(1, 1)(x)).shape == (2, 3, 1, 4, 5)
    i = nn.Identity(54, unused="x")
    assert i(x) is x


def test_cross_entropy_loss_module_matches_functional() -> None:
    logits = t(RNG.standard_normal((6, 4)), np.float64)
    target = tfs.asarray(np.array([0, 3, 1, 1, 2, -100]))
    w = t([1.0, 2.0, 0.5, 1.0], np.float64)
    mod = nn.CrossEntropyLoss(weight=w, ignore_index=-100, label_smoothing=0.1)
    ref = F.cross_entropy(logits, target, weight=w, ignore_index=-100, label_smoothing=0.1)
    np.testing.assert_allclose(float(mod(logits, target)), float(ref), rtol=1e-12)
    none = nn.CrossEntropyLoss(reduction="none")(logits, target)
    assert none.shape == (6,)


LOSSES: List[Tuple[nn.Module, Any]] = [
    (nn.L1Loss(reduction="sum"), lambda x, y: F.l1_loss(x, y, reduction="sum")),
    (nn.MSELoss(), lambda x, y: F.mse_loss(x, y)),
    (nn.SmoothL1Loss(beta=0.5), lambda x, y: F.smooth_l1_loss(x, y, beta=0.5)),
    (nn.HuberLoss(delta=0.3), lambda x, y: F.huber_loss(x, y, delta=0.3)),
    (nn.KLDivLoss(log_target=True), lambda x, y: F.kl_div(x, y, log_target=True)),
    (nn.BCEWithLogitsLoss(pos_weight=tfs.asarray(np.array([1.0, 2.0, 3.0]))),
     lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=tfs.asarray(np.array([1.0, 2.0, 3.0])))),
    (nn.BCELoss(weight=tfs.asarray(np.array([0.5, 1.0, 2.0]))),
     lambda x, y: F.binary_cross_entropy(tfs.sigmoid(x), y, tfs.asarray(np.array([0.5, 1.0, 2.0])))),
]


@pytest.mark.parametrize("mod,fn", LOSSES, ids=[type(m).__name__ for m, _ in LOSSES])
def test_loss_modules_call_their_functional(mod: nn.Module, fn: Any) -> None:
    x = t(RNG.standard_normal((4, 3)), np.float64)
    y = t(RNG.uniform(0.05, 0.95, (4, 3)), np.float64)
    if isinstance(mod, nn.BCELoss):
        got = mod(tfs.sigmoid(x), y)
    else:
        got = mod(x, y)
    np.testing.assert_allclose(float(got), float(fn(x, y)), rtol=1e-12)


def test_loss_weights_are_buffers_and_legacy_reduction_flags() -> None:
    w = tfs.asarray(np.array([1.0, 2.0]))
    ce = nn.CrossEntropyLoss(w)
    assert list(ce.state_dict().keys()) == ["weight"]
    assert list(nn.CrossEntropyLoss().state_dict().keys()) == []
    assert list(nn.BCEWithLogitsLoss(pos_weight=w).state_dict().keys()) == ["pos_weight"]
    assert nn.MSELoss(size_average=False).reduction == "sum"
    assert nn.MSELoss(reduce=False).reduction == "none"
    assert nn.L1Loss(size_average=True, reduce=True).reduction == "mean"
    with pytest.raises(ValueError, match="elementwise_mean is not a valid value for reduction"):
        nn.MSELoss(reduction="elementwise_mean")
    logp = F.log_softmax(t(RNG.standard_normal((5, 2)), np.float64), dim=1)
    tgt = tfs.asarray(np.array([0, 1, 1, -100, 0]))
    np.testing.assert_allclose(
        float(nn.NLLLoss(w)(logp, tgt)), float(F.nll_loss(logp, tgt, w)), rtol=1e-12
    )
