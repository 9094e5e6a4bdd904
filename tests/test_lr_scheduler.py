"""tenflowers.optim.lr_scheduler: every kind over 100 steps against a Python transcription of
torch's documented closed form (always), against torch's own scheduler driving a real torch
optimizer (where torch is importable), state_dict round trips mid-schedule, argument errors,
exceptions from lambdas, and hypothesis over parameters.

Tolerance: our schedulers run torch's recursive (chainable) forms, which drift from the closed
forms by rounding, about one ulp of the base lr per step; over 100 steps that is within
1e-13 * base (the absolute part, for lrs near 0) plus 1e-12 relative. Against torch itself the
sequences agree to 1e-12 relative (in fact bit for bit)."""

from __future__ import annotations

import bisect
import math
from typing import Any, Callable, Dict, List, Optional, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenflowers.errors import InvalidArgumentError, OptimizerError
from tenflowers.optim import lr_scheduler as ours

torch: Any
try:
    import torch as _torch  # type: ignore[import-not-found, unused-ignore]

    torch = _torch
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")
STEPS = 100
BASES = [0.1, 0.05]


class FakeOptimizer:
    """The param_groups protocol, nothing else: what our schedulers need from an optimizer."""

    def __init__(self, lrs: Sequence[float] = BASES, betas: bool = False) -> None:
        self.defaults: Dict[str, Any] = {"betas": (0.9, 0.999)} if betas else {"momentum": 0.9}
        self.param_groups: List[Dict[str, Any]] = [
            {"lr": lr, "betas": (0.9, 0.999)} if betas else {"lr": lr, "momentum": 0.9} for lr in lrs
        ]


def run(sched: Any, opt: Any, steps: int = STEPS, metrics: Optional[Callable[[int], float]] = None) -> List[List[float]]:
    """The groups' lrs at epochs 0..steps."""
    out = [[float(g["lr"]) for g in opt.param_groups]]
    for i in range(steps):
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics(i))
        out.append([float(g["lr"]) for g in opt.param_groups])
    return out


def assert_close(got: List[List[float]], want: List[List[float]], scale: float) -> None:
    assert len(got) == len(want)
    for e, (g, w) in enumerate(zip(got, want)):
        for a, b in zip(g, w):
            assert abs(a - b) <= 1e-12 * abs(b) + 1e-13 * scale, (e, a, b)


def closed(fn: Callable[[float, int], float], steps: int = STEPS, bases: Sequence[float] = BASES) -> List[List[float]]:
    return [[fn(b, e) for b in bases] for e in range(steps + 1)]


# -- the documented closed forms ------------------------------------------------------------------

def cosine(b: float, e: int, t: int, eta: float) -> float:
    return eta + (b - eta) * (1 + math.cos(math.pi * e / t)) / 2


def warm_restarts(b: float, e: int, t0: int, mult: int, eta: float) -> float:
    t_i, t_cur = t0, e
    while t_cur >= t_i:
        t_cur -= t_i
        t_i *= mult
    return eta + (b - eta) * (1 + math.cos(math.pi * t_cur / t_i)) / 2


def one_cycle(top: float, e: int, total: int, pct: float, cos: bool, three: bool,
              div: float = 25.0, final: float = 1e4) -> float:
    init = top / div
    low = init / final
    if three:
        phases = [(pct * total - 1, init, top), (2 * pct * total - 2, top, init), (total - 1, init, low)]
    else:
        phases = [(pct * total - 1, init, top), (total - 1, top, low)]
    start = 0.0
    for i, (end, a, b) in enumerate(phases):
        if e <= end or i == len(phases) - 1:
            p = (e - start) / (end - start)
            return b + (a - b) / 2 * (math.cos(math.pi * p) + 1) if cos else (b - a) * p + a
        start = end
    raise AssertionError


def cyclic(lo: float, hi: float, e: int, up: float, down: float, mode: str, gamma: float = 1.0) -> float:
    cycle = math.floor(1 + e / (up + down))
    x = 1 + e / (up + down) - cycle
    ratio = up / (up + down)
    s = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
    amp = {"triangular": 1.0, "triangular2": 1 / 2.0 ** (cycle - 1), "exp_range": float(gamma ** e)}[mode]
    return lo + (hi - lo) * s * amp


KINDS: Dict[str, Any] = {
    "StepLR": (lambda M, o: M.StepLR(o, 7, 0.5), lambda b, e: b * 0.5 ** (e // 7)),
    "MultiStepLR": (lambda M, o: M.MultiStepLR(o, [3, 10, 10, 40], 0.3),
                    lambda b, e: b * 0.3 ** bisect.bisect_right([3, 10, 10, 40], e)),
    "ExponentialLR": (lambda M, o: M.ExponentialLR(o, 0.97), lambda b, e: b * 0.97 ** e),
    "CosineAnnealingLR": (lambda M, o: M.CosineAnnealingLR(o, 13, 0.001), lambda b, e: cosine(b, e, 13, 0.001)),
    "CosineAnnealingWarmRestarts": (lambda M, o: M.CosineAnnealingWarmRestarts(o, 5, 2, 0.001),
                                    lambda b, e: warm_restarts(b, e, 5, 2, 0.001)),
    "LinearLR": (lambda M, o: M.LinearLR(o, 0.2, 0.9, 17), lambda b, e: b * (0.2 + 0.7 * min(17, e) / 17)),
    "ConstantLR": (lambda M, o: M.ConstantLR(o, 0.4, 9), lambda b, e: b * (0.4 if e < 9 else 1.0)),
    "PolynomialLR": (lambda M, o: M.PolynomialLR(o, 30, 1.7), lambda b, e: b * (1 - min(30, e) / 30) ** 1.7),
    "LambdaLR": (lambda M, o: M.LambdaLR(o, lambda e: 0.95 ** e + 0.01 * (e % 3)),
                 lambda b, e: b * (0.95 ** e + 0.01 * (e % 3))),
    "MultiplicativeLR": (lambda M, o: M.MultiplicativeLR(o, lambda e: 0.97 if e % 2 else 1.01),
                         lambda b, e: b * math.prod(0.97 if k % 2 else 1.01 for k in range(1, e + 1))),
    "SequentialLR": (lambda M, o: M.SequentialLR(o, [M.LinearLR(o, 0.1, 1.0, 10), M.ExponentialLR(o, 0.9)], [10]),
                     lambda b, e: b * (0.1 + 0.9 * e / 10) if e < 10 else b * 0.9 ** (e - 10)),
    "ChainedScheduler": (lambda M, o: M.ChainedScheduler([M.ConstantLR(o, 0.5, 20), M.ExponentialLR(o, 0.98)]),
                         lambda b, e: b * (0.5 if e < 20 else 1.0) * 0.98 ** e),
}
ONE_CYCLE_TOPS = [1.0, 0.5]
CYCLING: Dict[str, Any] = {
    "OneCycleLR-cos": (lambda M, o: M.OneCycleLR(o, ONE_CYCLE_TOPS, total_steps=STEPS),
                       lambda top, e: one_cycle(top, e, STEPS, 0.3, True, False)),
    "OneCycleLR-linear-3": (lambda M, o: M.OneCycleLR(o, ONE_CYCLE_TOPS, total_steps=STEPS, pct_start=0.25,
                                                      anneal_strategy="linear", three_phase=True),
                            lambda top, e: one_cycle(top, e, STEPS, 0.25, False, True)),
    "CyclicLR-triangular": (lambda M, o: M.CyclicLR(o, 0.01, ONE_CYCLE_TOPS, step_size_up=7, step_size_down=4),
                            lambda top, e: cyclic(0.01, top, e, 7, 4, "triangular")),
    "CyclicLR-triangular2": (lambda M, o: M.CyclicLR(o, 0.01, ONE_CYCLE_TOPS, step_size_up=6, mode="triangular2"),
                             lambda top, e: cyclic(0.01, top, e, 6, 6, "triangular2")),
    "CyclicLR-exp_range": (lambda M, o: M.CyclicLR(o, 0.01, ONE_CYCLE_TOPS, step_size_up=5, mode="exp_range",
                                                   gamma=0.99),
                           lambda top, e: cyclic(0.01, top, e, 5, 5, "exp_range", 0.99)),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_follows_the_closed_form(kind: str) -> None:
    make, form = KINDS[kind]
    opt = FakeOptimizer()
    assert_close(run(make(ours, opt), opt), closed(form), max(BASES))


@pytest.mark.parametrize("kind", sorted(CYCLING))
def test_cycling_kind_follows_the_closed_form(kind: str) -> None:
    make, form = CYCLING[kind]
    opt = FakeOptimizer()
    got = run(make(ours, opt), opt, STEPS)
    assert_close(got, closed(form, STEPS, ONE_CYCLE_TOPS), max(ONE_CYCLE_TOPS))


def test_one_cycle_momentum_moves_inversely_and_sets_torch_keys() -> None:
    opt = FakeOptimizer()
    s = ours.OneCycleLR(opt, 1.0, total_steps=10, pct_start=0.3, base_momentum=0.85, max_momentum=0.95)
    g = opt.param_groups[0]
    assert g["initial_lr"] == 1.0 / 25 and g["max_lr"] == 1.0 and g["min_lr"] == 1.0 / 25 / 1e4
    assert g["max_momentum"] == 0.95 and g["base_momentum"] == 0.85
    assert abs(g["momentum"] - 0.95) < 1e-15
    s.step()
    s.step()  # the peak: lr max, momentum base
    assert abs(g["lr"] - 1.0) < 1e-15 and abs(g["momentum"] - 0.85) < 1e-15
    for _ in range(8):
        s.step()
    with pytest.raises(OptimizerError, match="total steps is 10"):
        s.step()
    assert s.last_epoch == 10


def test_cycle_momentum_writes_beta1_when_the_optimizer_has_betas() -> None:
    opt = FakeOptimizer(betas=True)
    s = ours.CyclicLR(opt, 0.01, 0.1, step_size_up=2, base_momentum=0.8, max_momentum=0.9)
    s.step()
    assert abs(opt.param_groups[0]["betas"][0] - 0.85) < 1e-15 and opt.param_groups[0]["betas"][1] == 0.999


def plateau_oracle(lrs: List[float], metrics: List[float], mode: str, factor: float, patience: int,
                   threshold: float, tmode: str, cooldown: int, min_lr: float, eps: float = 1e-8) -> List[List[float]]:
    """torch's documented rule, transcribed."""
    best = math.inf if mode == "min" else -math.inf
    bad = cool = 0
    out = [list(lrs)]
    for m in metrics:
        if mode == "min":
            better = m < best * (1 - threshold) if tmode == "rel" else m < best - threshold
        else:
            better = m > best * (1 + threshold) if tmode == "rel" else m > best + threshold
        if better:
            best, bad = m, 0
        else:
            bad += 1
        if cool > 0:
            cool, bad = cool - 1, 0
        if bad > patience:
            lrs = [lr if lr - max(lr * factor, min_lr) <= eps else max(lr * factor, min_lr) for lr in lrs]
            cool, bad = cooldown, 0
        out.append(list(lrs))
    return out


@pytest.mark.parametrize("mode,tmode", [("min", "rel"), ("min", "abs"), ("max", "rel"), ("max", "abs")])
def test_plateau_follows_the_rule(mode: str, tmode: str) -> None:
    metrics = [math.sin(i / 3) + (0.0 if i < 50 else 2.0) for i in range(STEPS)]
    opt = FakeOptimizer()
    s = ours.ReduceLROnPlateau(opt, mode=mode, factor=0.5, patience=2, threshold=0.05, threshold_mode=tmode,
                               cooldown=1, min_lr=0.003)
    got = run(s, opt, metrics=lambda i: metrics[i])
    assert got == plateau_oracle(BASES, metrics, mode, 0.5, 2, 0.05, tmode, 1, 0.003)
    assert s.last_epoch == STEPS


# -- against torch ---------------------------------------------------------------------------------

def torch_pair(adam: bool = False) -> tuple[Any, Any]:
    def make() -> Any:
        ps = [torch.nn.Parameter(torch.zeros(1)) for _ in BASES]
        groups = [{"params": [p], "lr": lr} for p, lr in zip(ps, BASES)]
        return torch.optim.Adam(groups) if adam else torch.optim.SGD(groups, momentum=0.9)
    return make(), make()


def torch_run(sched: Any, opt: Any, metrics: Optional[Callable[[int], float]] = None) -> List[List[float]]:
    out = [[float(g["lr"]) for g in opt.param_groups] + [float(g.get("momentum", g.get("betas", (0.0,))[0]))
                                                         for g in opt.param_groups]]
    for i in range(STEPS):
        opt.step()
        sched.step() if metrics is None else sched.step(metrics(i))
        out.append([float(g["lr"]) for g in opt.param_groups] + [float(g.get("momentum", g.get("betas", (0.0,))[0]))
                                                                 for g in opt.param_groups])
    return out


@needs_torch
@pytest.mark.parametrize("adam", [False, True], ids=["SGD", "Adam"])
@pytest.mark.parametrize("kind", sorted(KINDS) + sorted(CYCLING) + ["SequentialLR-3", "ChainedScheduler-cos"])
def test_matches_torch(kind: str, adam: bool) -> None:
    import warnings

    extra = {
        "SequentialLR-3": lambda M, o: M.SequentialLR(
            o, [M.ConstantLR(o, 0.3, 4), M.CosineAnnealingLR(o, 30), M.MultiplicativeLR(o, lambda e: 0.95)], [10, 50]),
        "ChainedScheduler-cos": lambda M, o: M.ChainedScheduler(
            [M.LinearLR(o, 0.5, 1.0, 8), M.CosineAnnealingLR(o, 11, 0.001), M.StepLR(o, 9, 0.7)]),
    }
    make = extra[kind] if kind in extra else (KINDS.get(kind) or CYCLING[kind])[0]
    t_opt, o_opt = torch_pair(adam)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = torch_run(make(torch.optim.lr_scheduler, t_opt), t_opt)
        got = torch_run(make(ours, o_opt), o_opt)
    for e, (g, w) in enumerate(zip(got, want)):
        for a, b in zip(g, w):
            assert abs(a - b) <= 1e-12 * abs(b), (e, a, b)


@needs_torch
def test_plateau_matches_torch() -> None:
    import warnings

    t_opt, o_opt = torch_pair()
    metrics: Callable[[int], float] = lambda i: 1.0 / (1 + i % 7) if i < 60 else 1.0  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = torch_run(torch.optim.lr_scheduler.ReduceLROnPlateau(t_opt, patience=2, factor=0.5, cooldown=1,
                                                                    min_lr=[0.001, 0.002]), t_opt, metrics)
        got = torch_run(ours.ReduceLROnPlateau(o_opt, patience=2, factor=0.5, cooldown=1, min_lr=[0.001, 0.002]),
                        o_opt, metrics)
    assert got == want


@needs_torch
def test_torch_state_dict_loads_into_ours() -> None:
    import warnings

    t_opt, o_opt = torch_pair()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(t_opt, 4, 2)
        for _ in range(9):
            t_opt.step()
            t.step()
        o = ours.CosineAnnealingWarmRestarts(o_opt, 4, 2)
        o.load_state_dict(t.state_dict())
        for g, tg in zip(o_opt.param_groups, t_opt.param_groups):
            g["lr"] = tg["lr"]
        for _ in range(20):
            t_opt.step()
            t.step()
            o.step()
            assert o.get_last_lr() == t.get_last_lr()


# -- state, errors, lambdas, hypothesis ---------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(KINDS) + sorted(CYCLING) + ["ReduceLROnPlateau"])
def test_state_dict_round_trip_mid_schedule_continues_identically(kind: str) -> None:
    def make(opt: FakeOptimizer) -> Any:
        if kind == "ReduceLROnPlateau":
            return ours.ReduceLROnPlateau(opt, patience=1, cooldown=2)
        return (KINDS.get(kind) or CYCLING[kind])[0](ours, opt)

    metrics: Optional[Callable[[int], float]] = (lambda i: float(i % 3)) if kind == "ReduceLROnPlateau" else None
    a_opt = FakeOptimizer()
    a = make(a_opt)
    run(a, a_opt, 37, metrics)
    saved = a.state_dict()
    assert saved["last_epoch"] == 37 and saved["_last_lr"] == a.get_last_lr()
    b_opt = FakeOptimizer()
    b = make(b_opt)
    b.load_state_dict(saved)
    for g, ga in zip(b_opt.param_groups, a_opt.param_groups):  # the optimizer's state is its own
        g.update(ga)
    assert b.last_epoch == 37 and b.get_last_lr() == a.get_last_lr()
    assert run(a, a_opt, 40, metrics) == run(b, b_opt, 40, metrics)


def test_argument_errors() -> None:
    opt = FakeOptimizer()
    cases: List[Callable[[], Any]] = [
        lambda: ours.StepLR(opt, -2),
        lambda: ours.ExponentialLR(opt, 0.0),
        lambda: ours.CosineAnnealingLR(opt, 0),
        lambda: ours.LinearLR(opt, start_factor=0.0),
        lambda: ours.ConstantLR(opt, factor=1.5),
        lambda: ours.PolynomialLR(opt, total_iters=0),
        lambda: ours.CosineAnnealingWarmRestarts(opt, 0),
        lambda: ours.OneCycleLR(opt, 1.0, total_steps=0),
        lambda: ours.OneCycleLR(opt, 1.0),
        lambda: ours.OneCycleLR(opt, 1.0, total_steps=10, anneal_strategy="exp"),
        lambda: ours.OneCycleLR(opt, 1.0, total_steps=10, pct_start=1.5),
        lambda: ours.OneCycleLR(opt, [1.0], total_steps=10),
        lambda: ours.CyclicLR(opt, 0.1, 1.0, mode="sawtooth"),
        lambda: ours.ReduceLROnPlateau(opt, factor=1.0),
        lambda: ours.ReduceLROnPlateau(opt, mode="low"),
        lambda: ours.ReduceLROnPlateau(opt, threshold_mode="pct"),
        lambda: ours.ReduceLROnPlateau(opt, min_lr=[0.1]),
        lambda: ours.LambdaLR(opt, [lambda e: 1.0]),
        lambda: ours.SequentialLR(opt, [ours.StepLR(opt, 2)], [3]),
        lambda: ours.ChainedScheduler([]),
        lambda: ours.ChainedScheduler([ours.ReduceLROnPlateau(opt)]),
        lambda: ours.SequentialLR(opt, [ours.StepLR(opt, 2), ours.StepLR(FakeOptimizer(), 2)], [3]),
    ]
    for i, case in enumerate(cases):
        with pytest.raises(InvalidArgumentError):
            case()
            pytest.fail(f"case {i} raised nothing")
    with pytest.raises(InvalidArgumentError, match="step_size.*-2"):
        ours.StepLR(opt, -2)
    with pytest.raises(InvalidArgumentError, match="Factor should be < 1.0"):
        ours.ReduceLROnPlateau(opt, factor=2.0)
    with pytest.raises(KeyError, match="initial_lr"):
        ours.StepLR(FakeOptimizer(), 2, last_epoch=3)
    with pytest.raises(TypeError):
        ours.StepLR(object(), 2)


def test_lambda_exception_propagates_and_leaves_the_schedule() -> None:
    class Boom(Exception):
        pass

    def f(e: int) -> float:
        if e == 3:
            raise Boom("epoch 3")
        return 0.5

    opt = FakeOptimizer()
    s = ours.MultiplicativeLR(opt, f)
    s.step()
    s.step()
    with pytest.raises(Boom, match="epoch 3"):
        s.step()
    assert s.last_epoch == 2 and opt.param_groups[0]["lr"] == pytest.approx(0.1 * 0.25, rel=1e-15)
    with pytest.raises(ZeroDivisionError):
        ours.LambdaLR(FakeOptimizer(), lambda e: 1 / e)
    seq_opt = FakeOptimizer()
    seq = ours.ChainedScheduler([ours.ExponentialLR(seq_opt, 0.9), ours.LambdaLR(seq_opt, lambda e: 1 / (2 - e))])
    seq.step()
    with pytest.raises(ZeroDivisionError):
        seq.step()


def test_initial_lr_and_last_epoch_semantics() -> None:
    opt = FakeOptimizer()
    s = ours.StepLR(opt, 3, 0.5)
    assert [g["initial_lr"] for g in opt.param_groups] == BASES and s.base_lrs == BASES and s.last_epoch == 0
    for _ in range(4):
        s.step()
    resumed = ours.StepLR(opt, 3, 0.5, last_epoch=4)  # torch: the step to epoch 5 from group['lr']
    assert resumed.last_epoch == 5 and resumed.get_last_lr() == pytest.approx([0.05, 0.025], rel=1e-15)
    assert isinstance(ours._LRScheduler, type) and ours._LRScheduler is ours.LRScheduler


@settings(max_examples=40, deadline=None)
@given(step_size=st.integers(1, 20), gamma=st.floats(0.05, 1.0), lr=st.floats(1e-4, 10.0))
def test_hypothesis_step_lr(step_size: int, gamma: float, lr: float) -> None:
    opt = FakeOptimizer([lr])
    got = run(ours.StepLR(opt, step_size, gamma), opt)
    assert_close(got, closed(lambda b, e: b * gamma ** (e // step_size), bases=[lr]), lr)


@settings(max_examples=40, deadline=None)
@given(t_max=st.integers(1, 60), eta=st.floats(0.0, 0.01), lr=st.floats(0.01, 1.0))
def test_hypothesis_cosine(t_max: int, eta: float, lr: float) -> None:
    opt = FakeOptimizer([lr])
    got = run(ours.CosineAnnealingLR(opt, t_max, eta), opt)
    assert_close(got, closed(lambda b, e: cosine(b, e, t_max, eta), bases=[lr]), lr)


@settings(max_examples=40, deadline=None)
@given(total=st.integers(10, 200), pct=st.floats(0.05, 0.95), three=st.booleans(), cos=st.booleans(),
       top=st.floats(0.01, 5.0))
def test_hypothesis_one_cycle(total: int, pct: float, three: bool, cos: bool, top: float) -> None:
    def phases_ok() -> bool:  # torch raises for an empty phase (0/0); our core does too
        ends = [pct * total - 1, 2 * pct * total - 2] if three else [pct * total - 1]
        return all(abs(a - b) > 0 for a, b in zip([0.0] + ends, ends + [total - 1.0]))

    opt = FakeOptimizer([0.0])
    if not phases_ok():
        return
    s = ours.OneCycleLR(opt, top, total_steps=total, pct_start=pct, three_phase=three,
                        anneal_strategy="cos" if cos else "linear")
    got = run(s, opt, total - 1)
    want = closed(lambda b, e: one_cycle(b, e, total, pct, cos, three), total - 1, [top])
    assert_close(got, want, top)


@settings(max_examples=40, deadline=None)
@given(patience=st.integers(0, 5), cooldown=st.integers(0, 3), factor=st.floats(0.1, 0.9),
       seed=st.integers(0, 2**32 - 1))
def test_hypothesis_plateau(patience: int, cooldown: int, factor: float, seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    metrics = [float(v) for v in rng.integers(0, 4, size=60)]
    opt = FakeOptimizer()
    s = ours.ReduceLROnPlateau(opt, factor=factor, patience=patience, cooldown=cooldown, min_lr=1e-3)
    got = run(s, opt, 60, lambda i: metrics[i])
    assert got == plateau_oracle(BASES, metrics, "min", factor, patience, 1e-4, "rel", cooldown, 1e-3)


def test_recursive_forms_continue_from_the_groups_lr() -> None:
    # torch's chainable step() multiplies group['lr']: a manual change, or a second scheduler on
    # the same optimizer, carries on into the schedule.
    opt = FakeOptimizer([1.0])
    s = ours.ExponentialLR(opt, 0.5)
    s.step()
    opt.param_groups[0]["lr"] = 3.0
    s.step()
    assert opt.param_groups[0]["lr"] == 1.5 and s.get_last_lr() == [1.5]
    opt = FakeOptimizer([1.0])
    a, b = ours.ExponentialLR(opt, 0.5), ours.StepLR(opt, 2, 0.1)
    lrs = []
    for _ in range(4):
        a.step()
        b.step()
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == pytest.approx([0.5, 0.025, 0.0125, 0.000625], rel=1e-15)


@needs_torch
def test_two_schedulers_on_one_optimizer_match_torch() -> None:
    import warnings

    t_opt, o_opt = torch_pair()
    runs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for M, opt in ((torch.optim.lr_scheduler, t_opt), (ours, o_opt)):
            a, b = M.CosineAnnealingLR(opt, 17, 0.001), M.MultiStepLR(opt, [5, 30], 0.5)
            seq = []
            for i in range(STEPS):
                opt.step()
                a.step()
                b.step()
                if i == 40:
                    opt.param_groups[0]["lr"] *= 3.0
                seq.append([float(g["lr"]) for g in opt.param_groups])
            runs.append(seq)
    for e, (g, w) in enumerate(zip(runs[1], runs[0])):
        for x, y in zip(g, w):
            assert abs(x - y) <= 1e-12 * abs(y), (e, x, y)
