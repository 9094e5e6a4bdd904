"""tenflowers.optim against NumPy transcriptions of the documented update rules (always) and
against torch.optim (where importable), over 50 steps, for every algorithm and its options;
then groups, state dicts, hyperparameter changes, skipping, errors and clipping."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optim_rules
import tenflowers as tfs
from tenflowers import nn, optim

torch: Any
try:
    import torch as _torch  # type: ignore[import-not-found, unused-ignore]
    torch = _torch
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed (the NumPy oracle still runs)")

STEPS = 50

# (algorithm, hyperparameters): every option of every algorithm at least once.
CASES: List[Tuple[str, Dict[str, Any]]] = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True, maximize=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05, amsgrad=True)),
    ("Adam", dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, weight_decay=0.2, amsgrad=True)),
    ("Adamax", dict(lr=0.02)),
    ("Adamax", dict(lr=0.02, betas=(0.7, 0.9), weight_decay=0.1, maximize=True)),
    ("NAdam", dict(lr=0.01)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("RAdam", dict(lr=0.01)),
    ("RAdam", dict(lr=0.01, betas=(0.9, 0.9), weight_decay=0.1)),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.005, momentum=0.9, weight_decay=0.05)),
    ("RMSprop", dict(lr=0.005, momentum=0.5, centered=True, alpha=0.9)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5, weight_decay=0.1)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1, maximize=True)),
    ("Lion", dict(lr=0.003)),
    ("Lion", dict(lr=0.003, betas=(0.95, 0.98), weight_decay=0.5)),
]
IDS = [f"{a}-{'-'.join(f'{k}={v}' for k, v in h.items()) or 'defaults'}" for a, h in CASES]


def _grads(seed: int, shape: Tuple[int, ...]) -> List[np.ndarray]:
    """A fixed gradient sequence (the loss is sum(c_t * p), so the gradient is exactly c_t)."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) * rng.uniform(0.1, 3.0) for _ in range(STEPS)]


def _run_tfs(name: str, hp: Dict[str, Any], p0: np.ndarray, grads: List[np.ndarray], dtype: Any) -> np.ndarray:
    p = tfs.asarray(p0, dtype=dtype).requires_grad_()
    opt = getattr(optim, name)([p], **hp)
    for g in grads:
        opt.zero_grad()
        (p * tfs.asarray(g, dtype=dtype)).sum().backward()
        opt.step()
    return np.asarray(p.detach(), dtype=np.float64)


def _run_numpy(name: str, hp: Dict[str, Any], p0: np.ndarray, grads: List[np.ndarray]) -> np.ndarray:
    r = optim_rules.rule(name, hp)
    p = p0.astype(np.float64).copy()
    for g in grads:
        r.step(p, g)
    return p


def _run_torch(name: str, hp: Dict[str, Any], p0: np.ndarray, grads: List[np.ndarray], dtype: Any) -> np.ndarray:
    # torch keeps its scalar state (step, NAdam's mu_product) in the default dtype, float32
    # unless set; tenflowers keeps it in float64. Running torch with float64 as the default
    # makes the float64 comparison exact to rounding for NAdam too.
    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        p = torch.tensor(p0, dtype=dtype, requires_grad=True)
        opt = getattr(torch.optim, name)([p], **hp)
        for g in grads:
            opt.zero_grad()
            (p * torch.tensor(g, dtype=dtype)).sum().backward()
            opt.step()
    finally:
        torch.set_default_dtype(old)
    return np.asarray(p.detach().numpy(), dtype=np.float64)


@pytest.mark.parametrize("name,hp", CASES, ids=IDS)
def test_fifty_float64_steps_follow_the_documented_rule(name: str, hp: Dict[str, Any]) -> None:
    rng = np.random.default_rng(1)
    p0 = rng.standard_normal((7, 5))
    grads = _grads(2, p0.shape)
    got = _run_tfs(name, hp, p0, grads, tfs.float64)
    want = _run_numpy(name, hp, p0, grads)
    assert np.abs(got - p0).max() > 1e-4, "the optimizer did not move the parameter"
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-11)


@needs_torch
@pytest.mark.parametrize("name,hp", [c for c in CASES if c[0] != "Lion"], ids=[i for i, c in zip(IDS, CASES) if c[0] != "Lion"])
def test_fifty_steps_match_torch_in_float64_and_float32(name: str, hp: Dict[str, Any]) -> None:
    rng = np.random.default_rng(3)
    p0 = rng.standard_normal((4, 9))
    grads = _grads(4, p0.shape)
    np.testing.assert_allclose(
        _run_tfs(name, hp, p0, grads, tfs.float64), _run_torch(name, hp, p0, grads, torch.float64),
        rtol=1e-12, atol=1e-13,
    )
    got32 = _run_tfs(name, hp, p0.astype(np.float32), grads, tfs.float32)
    want32 = _run_torch(name, hp, p0.astype(np.float32), grads, torch.float32)
    scale = np.abs(want32 - p0.astype(np.float32)).max()
    np.testing.assert_allclose(got32, want32, rtol=2e-5, atol=2e-5 * scale)


@settings(max_examples=25, deadline=None)
@given(
    lr=st.floats(1e-4, 0.5), b1=st.floats(0.0, 0.99), b2=st.floats(0.5, 0.9999), eps=st.floats(1e-10, 1e-2),
    wd=st.floats(0.0, 0.5), amsgrad=st.booleans(), name=st.sampled_from(["Adam", "AdamW", "NAdam", "RAdam", "Adamax"]),
)
def test_adam_family_over_random_hyperparameters(
    lr: float, b1: float, b2: float, eps: float, wd: float, amsgrad: bool, name: str
) -> None:
    hp: Dict[str, Any] = dict(lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd)
    if name in ("Adam", "AdamW"):
        hp["amsgrad"] = amsgrad
    rng = np.random.default_rng(5)
    p0 = rng.standard_normal(6)
    grads = _grads(6, p0.shape)[:10]
    np.testing.assert_allclose(_run_tfs(name, hp, p0, grads, tfs.float64), _run_numpy(name, hp, p0, grads),
                               rtol=1e-9, atol=1e-11)


@settings(max_examples=25, deadline=None)
@given(lr=st.floats(1e-4, 0.5), momentum=st.floats(0.0, 0.99), dampening=st.floats(0.0, 1.0),
       wd=st.floats(0.0, 0.5), nesterov=st.booleans())
def test_sgd_over_random_hyperparameters(lr: float, momentum: float, dampening: float, wd: float, nesterov: bool) -> None:
    if nesterov:
        momentum, dampening = max(momentum, 0.1), 0.0
    hp: Dict[str, Any] = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=wd, nesterov=nesterov)
    rng = np.random.default_rng(7)
    p0 = rng.standard_normal(6)
    grads = _grads(8, p0.shape)[:10]
    np.testing.assert_allclose(_run_tfs("SGD", hp, p0, grads, tfs.float64), _run_numpy("SGD", hp, p0, grads),
                               rtol=1e-9, atol=1e-11)


def test_a_large_parameter_is_updated_like_a_small_one() -> None:
    # 300k elements: split into pieces across the thread team.
    rng = np.random.default_rng(9)
    p0 = rng.standard_normal(300_000)
    grads = _grads(10, p0.shape)[:3]
    np.testing.assert_allclose(_run_tfs("Adam", dict(lr=0.01), p0, grads, tfs.float64),
                               _run_numpy("Adam", dict(lr=0.01), p0, grads), rtol=1e-12, atol=1e-14)


# -- groups, skipping, state -------------------------------------------------------------------


def _param(v: Any, dtype: Any = tfs.float64) -> tfs.Tensor:
    return tfs.asarray(v, dtype=dtype).requires_grad_()


def test_groups_have_their_own_hyperparameters_and_defaults_fill_the_rest() -> None:
    a, b = _param([1.0, 2.0]), _param([3.0])
    groups: List[Dict[str, Any]] = [{"params": [a]}, {"params": [b], "lr": 0.5}]
    opt = optim.SGD(groups, lr=0.1, momentum=0.0)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["momentum"] == 0.0
    (a.sum() + b.sum()).backward()
    opt.step()
    np.testing.assert_allclose(np.asarray(a.detach()), [0.9, 1.9])
    np.testing.assert_allclose(np.asarray(b.detach()), [2.5])


def test_changing_a_group_value_between_steps_takes_effect() -> None:
    p = _param([0.0])
    opt = optim.Adam([p], lr=0.1)
    lrs = [0.1, 0.01, 0.3]
    betas = [(0.9, 0.999), (0.5, 0.9), (0.0, 0.99)]
    r = optim_rules.rule("Adam", dict(lr=0.1))
    ref = np.zeros(1)
    for lr, bb in zip(lrs, betas):
        opt.param_groups[0]["lr"] = lr
        opt.param_groups[0]["betas"] = bb
        r.hp["lr"], r.hp["betas"] = lr, bb
        opt.zero_grad()
        (p * 2.0).sum().backward()
        opt.step()
        r.step(ref, np.array([2.0]))
        np.testing.assert_allclose(np.asarray(p.detach()), ref, rtol=1e-12)


def test_parameters_without_a_gradient_are_skipped_and_keep_no_state() -> None:
    a, b = _param([1.0]), _param([1.0])
    opt = optim.Adam([a, b], lr=0.1)
    (a * 3.0).sum().backward()
    opt.step()
    assert float(b.detach()[0]) == 1.0
    assert b not in opt.state and a in opt.state
    assert float(opt.state[a]["step"]) == 1.0


def test_zero_grad_to_none_or_to_zeros_in_place() -> None:
    p = _param([1.0, 2.0])
    opt = optim.SGD([p], lr=0.1)
    (p * p).sum().backward()
    g = p.grad
    assert g is not None
    opt.zero_grad(set_to_none=False)
    assert p.grad is not None and np.asarray(p.grad).tolist() == [0.0, 0.0]
    assert np.asarray(g).tolist() == [0.0, 0.0], "the gradient tensor itself is zeroed, as torch's zero_()"
    opt.zero_grad()
    assert p.grad is None


def test_step_calls_the_closure_with_grad_enabled_and_returns_its_loss() -> None:
    p = _param([2.0])
    opt = optim.SGD([p], lr=0.25)

    def closure() -> tfs.Tensor:
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with tfs.no_grad():
        loss = opt.step(closure)
    assert float(loss) == 4.0
    assert float(p.detach()[0]) == 1.0


@pytest.mark.parametrize("name", sorted(optim_rules.RULES))
def test_a_state_dict_round_trip_resumes_bit_for_bit(name: str) -> None:
    hp: Dict[str, Any] = dict(lr=0.01, momentum=0.9) if name in ("SGD", "RMSprop") else dict(lr=0.01)
    rng = np.random.default_rng(11)
    p0 = rng.standard_normal((3, 4)).astype(np.float32)
    grads = _grads(12, p0.shape)

    def train(p: tfs.Tensor, opt: optim.Optimizer, gs: List[np.ndarray]) -> None:
        for g in gs:
            opt.zero_grad()
            (p * tfs.asarray(g, dtype=tfs.float32)).sum().backward()
            opt.step()

    p = _param(p0, tfs.float32)
    opt = getattr(optim, name)([p], **hp)
    train(p, opt, grads[:20])
    whole = np.asarray(p.detach()).copy()
    p1 = _param(p0, tfs.float32)
    o1 = getattr(optim, name)([p1], **hp)
    train(p1, o1, grads[:10])
    sd = o1.state_dict()
    p2 = _param(np.asarray(p1.detach()), tfs.float32)
    o2 = getattr(optim, name)([p2], lr=123.0)
    o2.load_state_dict(sd)
    assert o2.param_groups[0]["lr"] == 0.01
    train(p2, o2, grads[10:20])
    assert np.array_equal(np.asarray(p2.detach()), whole)
    assert set(sd["state"][0]) == set(o2.state_dict()["state"][0])


@needs_torch
def test_the_state_dict_has_torchs_layout() -> None:
    for name in ["SGD", "Adam", "AdamW", "NAdam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "RAdam"]:
        hp: Dict[str, Any] = dict(momentum=0.9) if name in ("SGD", "RMSprop") else {}
        p = _param([1.0, 2.0], tfs.float32)
        tp = torch.tensor([1.0, 2.0], requires_grad=True)
        o = getattr(optim, name)([p], **hp)
        to = getattr(torch.optim, name)([tp], **hp)
        (p * 2.0).sum().backward()
        (tp * 2.0).sum().backward()
        o.step()
        to.step()
        ours, theirs = o.state_dict(), to.state_dict()
        assert set(ours["state"][0]) == set(theirs["state"][0]), name
        for k, v in theirs["state"][0].items():
            np.testing.assert_allclose(np.asarray(ours["state"][0][k]), v.numpy(), rtol=1e-6, err_msg=f"{name} {k}")
        extra = {"capturable", "differentiable"}
        assert set(ours["param_groups"][0]) - {"error_if_nonfinite"} == set(theirs["param_groups"][0]) - extra, name


def test_adagrad_state_exists_from_construction() -> None:
    p = _param([1.0, 2.0])
    opt = optim.Adagrad([p], initial_accumulator_value=0.25)
    assert np.asarray(opt.state_dict()["state"][0]["sum"]).tolist() == [0.25, 0.25]


def test_a_non_contiguous_parameter_is_updated_in_its_own_storage() -> None:
    base = tfs.asarray(np.arange(6.0).reshape(2, 3))
    p = base.T.requires_grad_()  # a transposed view: strides (1, 3), updated through a copy
    opt = optim.SGD([p], lr=0.5)
    (p * tfs.asarray(np.ones((3, 2)))).sum().backward()
    opt.step()
    np.testing.assert_allclose(np.asarray(p.detach()), np.arange(6.0).reshape(2, 3).T - 0.5)
    # The copy was written back into the storage the view shares with `base`.
    np.testing.assert_allclose(np.asarray(base), np.arange(6.0).reshape(2, 3) - 0.5)


def test_training_is_reproducible_bit_for_bit() -> None:
    def run() -> List[np.ndarray]:
        tfs.manual_seed(0)
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3))
        opt = optim.AdamW(model.parameters(), lr=1e-2)
        x = tfs.randn(32, 8)
        y = tfs.randint(0, 3, (32,))
        for _ in range(20):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        return [np.asarray(p.detach()).copy() for p in model.parameters()]

    a, b = run(), run()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda p: optim.SGD([p], lr=-0.1),
    lambda p: optim.Adam([p], betas=(1.0, 0.999)),
    lambda p: optim.Adam([p], betas=(0.9, -0.1)),
    lambda p: optim.Adam([p], eps=0.0),
    lambda p: optim.RMSprop([p], eps=-1e-8),
    lambda p: optim.SGD([p], lr=0.1, nesterov=True),
    lambda p: optim.Adadelta([p], rho=1.5),
    lambda p: optim.Adam([p], lr=float("nan")),
    lambda p: optim.Adam([p], betas=0.9),  # type: ignore[arg-type]
])
def test_bad_hyperparameters_raise_optimizer_error(make: Callable[[tfs.Tensor], Any]) -> None:
    with pytest.raises(tfs.OptimizerError, match="group 0"):
        make(_param([1.0]))


def test_bad_parameters_raise_optimizer_error() -> None:
    p = _param([1.0])
    with pytest.raises(tfs.OptimizerError, match="does not require grad"):
        optim.SGD([tfs.asarray([1.0])], lr=0.1)
    with pytest.raises(tfs.OptimizerError, match="more than once"):
        optim.SGD([p, p], lr=0.1)
    with pytest.raises(tfs.OptimizerError, match="not a leaf"):
        optim.SGD([p * 2.0], lr=0.1)
    opt = optim.SGD([p], lr=0.1)
    with pytest.raises(tfs.OptimizerError, match="group 1"):
        opt.add_param_group({"params": [p]})
    assert len(opt.param_groups) == 1
    with pytest.raises(ValueError, match="empty"):
        optim.SGD([], lr=0.1)
    with pytest.raises(tfs.OptimizerError, match="does not require grad"):
        optim.SGD([tfs.asarray([1, 2])], lr=0.1)


def test_a_bad_value_set_between_steps_raises_at_the_step_and_changes_nothing() -> None:
    p = _param([1.0])
    opt = optim.Adam([p], lr=0.1)
    (p * 1.0).sum().backward()
    opt.param_groups[0]["betas"] = (0.9, 1.5)
    with pytest.raises(tfs.OptimizerError, match="beta2"):
        opt.step()
    assert float(p.detach()[0]) == 1.0


def test_a_nonfinite_gradient_raises_when_asked_and_nothing_changes() -> None:
    a, b = _param([1.0]), _param([1.0])
    opt = optim.Adam([a, b], lr=0.1, error_if_nonfinite=True)
    (a * 1.0 + b * float("inf")).sum().backward()
    with pytest.raises(tfs.OptimizerError, match="parameter 1"):
        opt.step()
    assert float(a.detach()[0]) == 1.0 and opt.state == {}
    quiet = optim.Adam([a, b], lr=0.1)
    quiet.step()
    assert np.isnan(float(b.detach()[0]))


def test_loading_state_of_another_shape_or_dtype_raises() -> None:
    p = _param([1.0, 2.0], tfs.float32)
    opt = optim.Adam([p])
    (p * 1.0).sum().backward()
    opt.step()
    sd = opt.state_dict()
    sd["state"][0]["exp_avg"] = tfs.zeros(3, dtype=tfs.float32)
    with pytest.raises(tfs.OptimizerError, match="shape"):
        opt.load_state_dict(sd)
    sd["state"][0]["exp_avg"] = tfs.zeros(2, dtype=tfs.float64)
    with pytest.raises(tfs.OptimizerError, match="float64"):
        opt.load_state_dict(sd)
    with pytest.raises(ValueError, match="number of parameter groups"):
        opt.load_state_dict({"state": {}, "param_groups": []})


# -- clipping ----------------------------------------------------------------------------------


def _with_grads(arrays: List[np.ndarray]) -> List[tfs.Tensor]:
    ps = [_param(a) for a in arrays]
    sum((p * tfs.asarray(a)).sum() for p, a in zip(ps, arrays)).backward()  # type: ignore[union-attr]
    return ps


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 1e9])
def test_clip_grad_norm_against_numpy(norm_type: float, max_norm: float) -> None:
    rng = np.random.default_rng(13)
    arrays = [rng.standard_normal((3, 4)), rng.standard_normal(5)]
    ps = _with_grads(arrays)
    total = nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
    flat = np.concatenate([a.ravel() for a in arrays])
    want = np.abs(flat).max() if norm_type == float("inf") else (np.abs(flat) ** norm_type).sum() ** (1 / norm_type)
    np.testing.assert_allclose(float(total), want, rtol=1e-12)
    coef = min(1.0, max_norm / (want + 1e-6))
    for p, a in zip(ps, arrays):
        assert p.grad is not None
        np.testing.assert_allclose(np.asarray(p.grad), a * coef, rtol=1e-12)


@needs_torch
def test_clip_grad_norm_matches_torch() -> None:
    rng = np.random.default_rng(14)
    arrays = [rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(7).astype(np.float32)]
    ps = [_param(a, tfs.float32) for a in arrays]
    tps = [torch.tensor(a, requires_grad=True) for a in arrays]
    sum((p * tfs.asarray(a)).sum() for p, a in zip(ps, arrays)).backward()  # type: ignore[union-attr]
    sum((p * torch.tensor(a)).sum() for p, a in zip(tps, arrays)).backward()
    ours = nn.utils.clip_grad_norm_(ps, 1.0)
    theirs = torch.nn.utils.clip_grad_norm_(tps, 1.0)
    np.testing.assert_allclose(float(ours), float(theirs), rtol=1e-6)
    for p, tp in zip(ps, tps):
        assert p.grad is not None
        np.testing.assert_allclose(np.asarray(p.grad), tp.grad.numpy(), rtol=1e-6)


def test_clip_grad_norm_nonfinite() -> None:
    ps = _with_grads([np.array([1.0, np.inf])])
    with pytest.raises(tfs.NumericalError, match="non-finite"):
        nn.utils.clip_grad_norm_(ps, 1.0, error_if_nonfinite=True)
    assert ps[0].grad is not None and np.asarray(ps[0].grad)[0] == 1.0
    ps2 = _with_grads([np.array([1.0, np.nan])])
    assert np.isnan(float(nn.utils.clip_grad_norm_(ps2, 1.0)))
    assert ps2[0].grad is not None and np.isnan(np.asarray(ps2[0].grad)).all()


def test_clip_grad_value_and_skipping() -> None:
    ps = _with_grads([np.array([-3.0, 0.5, 2.0, np.nan])])
    untouched = _param([1.0])
    nn.utils.clip_grad_value_(ps + [untouched], 1.0)
    assert ps[0].grad is not None
    got = np.asarray(ps[0].grad)
    assert got[:3].tolist() == [-1.0, 0.5, 1.0] and np.isnan(got[3])
    assert untouched.grad is None
    with pytest.raises(tfs.InvalidArgumentError):
        nn.utils.clip_grad_value_(ps, -1.0)
    with pytest.raises(tfs.InvalidArgumentError):
        nn.utils.clip_grad_norm_(ps, -1.0)


# -- optimizers driven by schedulers --------------------------------------------------------------


@needs_torch
@pytest.mark.parametrize("kind", ["onecycle", "warmup_cosine", "plateau"])
def test_an_optimizer_under_a_scheduler_matches_torch(kind: str) -> None:
    """Our optimizer driven by our scheduler against torch's pair, 50 float64 steps: the
    schedule's lr (and OneCycleLR's beta1) must reach the core at every step."""
    rng = np.random.default_rng(21)
    p0 = rng.standard_normal(8)
    grads = _grads(22, p0.shape)

    def build(lib: Any, p: Any) -> Tuple[Any, Any]:
        sched_mod = lib.optim.lr_scheduler
        opt = lib.optim.AdamW([p], lr=0.01)
        if kind == "onecycle":
            return opt, sched_mod.OneCycleLR(opt, max_lr=0.05, total_steps=STEPS)
        if kind == "warmup_cosine":
            warm = sched_mod.LinearLR(opt, start_factor=0.1, total_iters=5)
            cos = sched_mod.CosineAnnealingLR(opt, T_max=STEPS - 5, eta_min=1e-4)
            return opt, sched_mod.SequentialLR(opt, [warm, cos], milestones=[5])
        return opt, sched_mod.ReduceLROnPlateau(opt, factor=0.5, patience=2)

    def run(lib: Any, make: Callable[[np.ndarray], Any], mul: Callable[[Any, np.ndarray], Any]) -> np.ndarray:
        p = make(p0)
        opt, sched = build(lib, p)
        for i, g in enumerate(grads):
            opt.zero_grad()
            mul(p, g).sum().backward()
            opt.step()
            if kind == "plateau":
                sched.step(float(i % 7))  # a metric that stops improving
            else:
                sched.step()
        return np.asarray(p.detach() if lib is tfs else p.detach().numpy(), dtype=np.float64)

    ours = run(tfs, lambda a: _param(a), lambda p, g: p * tfs.asarray(g))
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        theirs = run(torch, lambda a: torch.tensor(a, requires_grad=True), lambda p, g: p * torch.tensor(g))
    finally:
        torch.set_default_dtype(old)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-13)
