"""Learning-rate schedulers with PyTorch's classes, arguments and behaviour
(`torch.optim.lr_scheduler`). The schedule math is the core's (TF_LRScheduler, shared with C
programs); each class here holds a core handle and, on `step()`, tells the core the groups'
current lrs, steps it, and writes the new lrs (and momenta, for the cycling kinds) into the
optimizer's `param_groups`.

They work with any optimizer that follows torch's protocol: `optimizer.param_groups` is a list
of dicts with 'lr' (and 'momentum', or 'betas' when `'betas' in optimizer.defaults`, for
`cycle_momentum`), so torch's own optimizers work too.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from .._core import capi, cdefs, ffi
from ..errors import InvalidArgumentError, OptimizerError

__all__ = [
    "LRScheduler", "_LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR",
    "LinearLR", "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau",
    "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR",
]

_Floats = Union[float, Sequence[float]]


def _per_group(name: str, optimizer: Any, value: Any) -> List[float]:
    """torch's `_format_param`: a scalar for every group, or one value per group."""
    n = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise InvalidArgumentError(f"{name} must have the same length as optimizer.param_groups: "
                                       f"{name} has {len(value)} values, param_groups has {n}")
        return [float(v) for v in value]
    return [float(value)] * n


def _groups(optimizer: Any) -> List[Dict[str, Any]]:
    groups = getattr(optimizer, "param_groups", None)
    if not isinstance(groups, list):
        raise TypeError(f"{type(optimizer).__name__} is not an optimizer (it has no param_groups list)")
    return groups


class LRScheduler:
    """Base class of the schedulers (torch's `LRScheduler`): the optimizer's groups get
    'initial_lr' (when `last_epoch` is -1), `base_lrs` are those, and the constructor takes the
    first step, as torch's does. Subclasses make the core handle in `_new`."""

    _h: Optional[int] = None
    _callbacks: List[ffi.LrLambda] = []
    _children: List["LRScheduler"] = []
    _hyper: Dict[str, Any] = {}

    def __init__(self, optimizer: Any, last_epoch: int = -1) -> None:
        groups = _groups(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(groups):
                if "initial_lr" not in group:
                    raise KeyError(f"param 'initial_lr' is not specified in param_groups[{i}] when resuming a scheduler")
        self.base_lrs: List[float] = [float(g["initial_lr"]) for g in groups]
        self._current = ffi.double_array([float(g["lr"]) for g in groups])  # torch's first step reads group['lr']
        self._h = self._new(ffi.double_array(self.base_lrs), len(groups), int(last_epoch))
        self._write()

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        raise NotImplementedError  # pragma: no cover - every kind has its own

    def __del__(self, _delete: Callable[[Optional[int]], None] = capi.TF_DeleteLRScheduler) -> None:
        # The free function is a default argument: still there at interpreter shutdown.
        h, self._h = self._h, None
        if h:
            _delete(h)

    # -- talking to the core ---------------------------------------------------------------

    def _make(self, fn: Callable[..., Optional[int]], *args: Any) -> int:
        """A new handle from constructor `fn` (one call: lambdas run once)."""
        try:
            return ffi.retry(fn, *args)
        except OptimizerError:
            self._reraise()
            raise

    def _reraise(self) -> None:
        for err in [cb.take_error() for cb in self._all_callbacks()]:
            if err is not None:
                raise err

    def _all_callbacks(self) -> List[ffi.LrLambda]:
        out = list(self._callbacks)
        for c in self._children:
            out += c._all_callbacks()
        return out

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return ffi.call_status(fn, self._h, *args)
        except OptimizerError:
            self._reraise()
            raise

    def _read(self, fn: Callable[..., Any], n: int) -> List[float]:
        buf = ffi.out_double(n)
        self._call(fn, buf, n)
        return [float(v) for v in list(buf)[:n]]

    def _sync(self) -> None:
        """Tells the core the groups' current lrs (torch's recursive forms read group['lr'])."""
        lrs = [float(g["lr"]) for g in self.optimizer.param_groups]
        self._call(capi.TF_LRSchedulerSetLr, ffi.double_array(lrs), len(lrs))

    def _write(self) -> None:
        """Writes the core's last lrs (and momenta) into the optimizer's groups."""
        groups = self.optimizer.param_groups
        for g, lr in zip(groups, self.get_last_lr()):
            g["lr"] = lr
        if self._call(capi.TF_LRSchedulerHasMomentum):
            use_beta1 = "betas" in getattr(self.optimizer, "defaults", {})
            for g, m in zip(groups, self._read(capi.TF_LRSchedulerGetLastMomentum, len(groups))):
                if use_beta1:
                    g["betas"] = (m, *g["betas"][1:])
                else:
                    g["momentum"] = m

    # -- torch's interface -----------------------------------------------------------------

    def step(self) -> None:
        """Advances the schedule by one epoch (or batch) and sets the groups' lrs."""
        self._sync()
        self._call(capi.TF_LRSchedulerStep, math.nan)
        self._write()

    def get_last_lr(self) -> List[float]:
        """The lrs the last step computed, one per group."""
        return self._read(capi.TF_LRSchedulerGetLastLr, int(self._call(capi.TF_LRSchedulerNumGroups)))

    @property
    def last_epoch(self) -> int:
        """The index of the last epoch (0 after construction with last_epoch=-1)."""
        return int(self._call(capi.TF_LRSchedulerLastEpoch))

    def _core_state(self) -> List[float]:
        n = int(self._call(capi.TF_LRSchedulerStateSize))
        return self._read(capi.TF_LRSchedulerGetState, n)

    def state_dict(self) -> Dict[str, Any]:
        """The state in torch's layout: the hyperparameters, 'base_lrs', 'last_epoch',
        '_step_count', '_last_lr' and the per-kind counters."""
        st = self._core_state()
        n = int(st[1])
        d: Dict[str, Any] = dict(self._hyper)
        d.update(base_lrs=st[5:5 + n], last_epoch=int(st[2]), _step_count=int(st[3]), _last_lr=st[5 + 2 * n:5 + 3 * n],
                 _get_lr_called_within_step=False, _is_initial=False)
        d.update(self._extras_dict(st[5 + (3 + int(st[4])) * n:]))
        return d

    def _extras_dict(self, extras: List[float]) -> Dict[str, Any]:
        return {}  # the per-kind counters after the lrs in the core state (none by default)

    def _extras_from(self, d: Dict[str, Any], extras: List[float]) -> List[float]:
        return extras

    def _state_from(self, d: Dict[str, Any]) -> List[float]:
        """The core state for a state dict of this layout (torch's or ours), the current state
        filling in what the dict does not hold."""
        cur = self._core_state()
        n, has_m = int(cur[1]), int(cur[4])
        head = [cur[0], cur[1], float(d.get("last_epoch", cur[2])), float(d.get("_step_count", cur[3])), cur[4]]
        base = [float(v) for v in d.get("base_lrs", cur[5:5 + n])]
        last = [float(v) for v in d.get("_last_lr", cur[5 + 2 * n:5 + 3 * n])]
        if len(base) != n or len(last) != n:
            raise InvalidArgumentError(f"{type(self).__name__}.load_state_dict: the state has {len(last)} groups, "
                                       f"the scheduler {n}")
        momenta = cur[5 + 3 * n:5 + (3 + has_m) * n]
        return head + base + last + last + momenta + self._extras_from(d, cur[5 + (3 + has_m) * n:])

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Loads the state from `state_dict()` (ours or torch's). The hyperparameters are the
        constructor's: the dict's copies of them are not read."""
        st = self._state_from(state_dict)
        self._call(capi.TF_LRSchedulerSetState, ffi.double_array(st), len(st))
        if "base_lrs" in state_dict:
            self.base_lrs = [float(v) for v in state_dict["base_lrs"]]


_LRScheduler = LRScheduler


def _lambdas(optimizer: Any, lr_lambda: Any) -> List[Callable[[int], float]]:
    n = len(_groups(optimizer))
    if isinstance(lr_lambda, (list, tuple)):
        if len(lr_lambda) != n:
            raise InvalidArgumentError(f"Expected {n} lr_lambdas, but got {len(lr_lambda)}")
    fns = list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else [lr_lambda] * n
    for f in fns:
        if not callable(f):
            raise TypeError(f"lr_lambda should be a function, but got {type(f).__name__}")
    return fns


class _WithLambdas(LRScheduler):
    """The lr_lambdas of LambdaLR and MultiplicativeLR, passed to the core as one C callback."""

    def __init__(self, optimizer: Any, lr_lambda: Union[Callable[[int], float], Sequence[Callable[[int], float]]],
                 last_epoch: int = -1) -> None:
        self.lr_lambdas = _lambdas(optimizer, lr_lambda)
        self._callbacks = [ffi.LrLambda(self.lr_lambdas)]
        super().__init__(optimizer, last_epoch)


class LambdaLR(_WithLambdas):
    """Each group's lr is its initial lr times `lr_lambda(epoch)` (one function, or one per group)."""

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewLambdaLR, base_lrs, n, self._callbacks[0].address, None, last_epoch)


class MultiplicativeLR(_WithLambdas):
    """Each step multiplies each group's lr by `lr_lambda(epoch)` (the first step leaves it)."""

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewMultiplicativeLR, base_lrs, n, self._current, self._callbacks[0].address, None, last_epoch)


class StepLR(LRScheduler):
    """Decays each group's lr by `gamma` every `step_size` epochs."""

    def __init__(self, optimizer: Any, step_size: int, gamma: float = 0.1, last_epoch: int = -1) -> None:
        self.step_size, self.gamma = int(step_size), float(gamma)
        self._hyper = {"step_size": self.step_size, "gamma": self.gamma}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewStepLR, base_lrs, n, self._current, self.step_size, self.gamma, last_epoch)


class MultiStepLR(LRScheduler):
    """Decays each group's lr by `gamma` at each milestone epoch."""

    def __init__(self, optimizer: Any, milestones: Sequence[int], gamma: float = 0.1, last_epoch: int = -1) -> None:
        self.milestones, self.gamma = [int(m) for m in milestones], float(gamma)
        self._hyper = {"milestones": list(self.milestones), "gamma": self.gamma}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        m = self.milestones
        return self._make(capi.TF_NewMultiStepLR, base_lrs, n, self._current, ffi.int64_array(m), len(m), self.gamma, last_epoch)


class ConstantLR(LRScheduler):
    """Multiplies each group's lr by `factor` until epoch `total_iters`."""

    def __init__(self, optimizer: Any, factor: float = 1.0 / 3, total_iters: int = 5, last_epoch: int = -1) -> None:
        self.factor, self.total_iters = float(factor), int(total_iters)
        self._hyper = {"factor": self.factor, "total_iters": self.total_iters}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewConstantLR, base_lrs, n, self._current, self.factor, self.total_iters, last_epoch)


class LinearLR(LRScheduler):
    """Moves the lr factor linearly from `start_factor` to `end_factor` over `total_iters` epochs."""

    def __init__(self, optimizer: Any, start_factor: float = 1.0 / 3, end_factor: float = 1.0, total_iters: int = 5,
                 last_epoch: int = -1) -> None:
        self.start_factor, self.end_factor, self.total_iters = float(start_factor), float(end_factor), int(total_iters)
        self._hyper = {"start_factor": self.start_factor, "end_factor": self.end_factor, "total_iters": self.total_iters}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewLinearLR, base_lrs, n, self._current, self.start_factor, self.end_factor, self.total_iters, last_epoch)


class ExponentialLR(LRScheduler):
    """Decays each group's lr by `gamma` every epoch."""

    def __init__(self, optimizer: Any, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = float(gamma)
        self._hyper = {"gamma": self.gamma}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewExponentialLR, base_lrs, n, self._current, self.gamma, last_epoch)


class PolynomialLR(LRScheduler):
    """Decays the lr as `(1 - epoch / total_iters) ** power` until `total_iters`."""

    def __init__(self, optimizer: Any, total_iters: int = 5, power: float = 1.0, last_epoch: int = -1) -> None:
        self.total_iters, self.power = int(total_iters), float(power)
        self._hyper = {"total_iters": self.total_iters, "power": self.power}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewPolynomialLR, base_lrs, n, self._current, self.total_iters, self.power, last_epoch)


class CosineAnnealingLR(LRScheduler):
    """Cosine annealing of the lr from the initial lr to `eta_min` over `T_max` epochs."""

    def __init__(self, optimizer: Any, T_max: int, eta_min: float = 0.0, last_epoch: int = -1) -> None:
        self.T_max, self.eta_min = int(T_max), float(eta_min)
        self._hyper = {"T_max": self.T_max, "eta_min": self.eta_min}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewCosineAnnealingLR, base_lrs, n, self._current, self.T_max, self.eta_min, last_epoch)


class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing with warm restarts (SGDR): restart after `T_0` epochs, the period
    multiplied by `T_mult` at each restart."""

    def __init__(self, optimizer: Any, T_0: int, T_mult: int = 1, eta_min: float = 0.0, last_epoch: int = -1) -> None:
        if not isinstance(T_0, int) or T_0 <= 0:
            raise InvalidArgumentError(f"Expected positive integer T_0, but got {T_0}")
        if not isinstance(T_mult, int) or T_mult < 1:
            raise InvalidArgumentError(f"Expected integer T_mult >= 1, but got {T_mult}")
        self.T_0, self.T_mult, self.eta_min = T_0, T_mult, float(eta_min)
        self._hyper = {"T_0": T_0, "T_mult": T_mult, "eta_min": self.eta_min}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewCosineAnnealingWarmRestarts, base_lrs, n, self.T_0, self.T_mult, self.eta_min,
                          last_epoch)

    @property
    def T_i(self) -> int:
        """The length of the current period."""
        return int(self.state_dict()["T_i"])

    @property
    def T_cur(self) -> int:
        """Epochs since the last restart."""
        return int(self.state_dict()["T_cur"])

    def _extras_dict(self, extras: List[float]) -> Dict[str, Any]:
        return {"T_i": int(extras[0]), "T_cur": int(extras[1])}

    def _extras_from(self, d: Dict[str, Any], extras: List[float]) -> List[float]:
        return [float(d.get("T_i", extras[0])), float(d.get("T_cur", extras[1]))]


def _momenta(optimizer: Any, cycle_momentum: bool, base_momentum: _Floats, max_momentum: _Floats,
             last_epoch: int) -> tuple[Any, Any]:
    """The momentum arrays of the cycling kinds, and the group keys torch sets."""
    if not cycle_momentum:
        return None, None
    defaults = getattr(optimizer, "defaults", {})
    if "momentum" not in defaults and "betas" not in defaults:
        raise InvalidArgumentError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
    base = _per_group("base_momentum", optimizer, base_momentum)
    top = _per_group("max_momentum", optimizer, max_momentum)
    if last_epoch == -1:
        for m, b, group in zip(top, base, optimizer.param_groups):
            if "betas" in defaults:
                group["betas"] = (m, *group["betas"][1:])
            else:
                group["momentum"] = m
            group["max_momentum"], group["base_momentum"] = m, b
    return ffi.double_array(base), ffi.double_array(top)


class CyclicLR(LRScheduler):
    """Cycles the lr between `base_lr` and `max_lr` (and the momentum inversely), per batch."""

    _MODES = {"triangular": cdefs.TF_CYCLIC_TRIANGULAR, "triangular2": cdefs.TF_CYCLIC_TRIANGULAR2,
              "exp_range": cdefs.TF_CYCLIC_EXP_RANGE}

    def __init__(self, optimizer: Any, base_lr: _Floats, max_lr: _Floats, step_size_up: int = 2000,
                 step_size_down: Optional[int] = None, mode: str = "triangular", gamma: float = 1.0,
                 scale_fn: Optional[Callable[[float], float]] = None, scale_mode: str = "cycle",
                 cycle_momentum: bool = True, base_momentum: _Floats = 0.8, max_momentum: _Floats = 0.9,
                 last_epoch: int = -1) -> None:
        if scale_fn is not None:
            raise InvalidArgumentError("CyclicLR: a custom scale_fn is not supported; use mode")
        if mode not in self._MODES:
            raise InvalidArgumentError(f"CyclicLR: mode is invalid ({mode!r}) and scale_fn is None")
        groups = _groups(optimizer)
        base_lrs = _per_group("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, groups):
                group["lr"] = lr
        self.max_lrs = _per_group("max_lr", optimizer, max_lr)
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.mode, self.gamma, self.cycle_momentum = mode, float(gamma), bool(cycle_momentum)
        self.total_size, self.step_ratio = up + down, (up / (up + down) if up + down else math.nan)
        self._up, self._down, self._cyclic_base = up, down, base_lrs
        self._m = _momenta(optimizer, self.cycle_momentum, base_momentum, max_momentum, last_epoch)
        self._hyper = {"max_lrs": list(self.max_lrs), "total_size": self.total_size, "step_ratio": self.step_ratio,
                       "mode": mode, "gamma": self.gamma, "scale_mode": "iterations" if mode == "exp_range" else "cycle",
                       "cycle_momentum": self.cycle_momentum}
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewCyclicLR, ffi.double_array(self._cyclic_base), n, ffi.double_array(self.max_lrs),
                          self._up, self._down, self._MODES[self.mode], self.gamma, self.cycle_momentum,
                          self._m[0], self._m[1], last_epoch)


class OneCycleLR(LRScheduler):
    """The 1cycle policy: the lr rises from `max_lr / div_factor` to `max_lr`, then anneals to
    `max_lr / div_factor / final_div_factor` (and the momentum inversely), per batch."""

    _ANNEAL = {"cos": cdefs.TF_ANNEAL_COS, "linear": cdefs.TF_ANNEAL_LINEAR}

    def __init__(self, optimizer: Any, max_lr: _Floats, total_steps: Optional[int] = None, epochs: Optional[int] = None,
                 steps_per_epoch: Optional[int] = None, pct_start: float = 0.3, anneal_strategy: str = "cos",
                 cycle_momentum: bool = True, base_momentum: _Floats = 0.85, max_momentum: _Floats = 0.95,
                 div_factor: float = 25.0, final_div_factor: float = 1e4, three_phase: bool = False,
                 last_epoch: int = -1) -> None:
        groups = _groups(optimizer)
        if total_steps is not None:
            if not isinstance(total_steps, int) or total_steps <= 0:
                raise InvalidArgumentError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise InvalidArgumentError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise InvalidArgumentError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise InvalidArgumentError("You must define either total_steps OR (epochs AND steps_per_epoch)")
        if anneal_strategy not in self._ANNEAL:
            raise InvalidArgumentError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self.max_lrs = _per_group("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for m, group in zip(self.max_lrs, groups):
                group["initial_lr"] = m / div_factor
                group["max_lr"] = m
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.pct_start, self.anneal_strategy, self.three_phase = float(pct_start), anneal_strategy, bool(three_phase)
        self.div_factor, self.final_div_factor = float(div_factor), float(final_div_factor)
        self.cycle_momentum = bool(cycle_momentum)
        self._m = _momenta(optimizer, self.cycle_momentum, base_momentum, max_momentum, last_epoch)
        self._hyper = {"total_steps": self.total_steps, "_anneal_func_type": anneal_strategy,
                       "cycle_momentum": self.cycle_momentum}
        super().__init__(optimizer, last_epoch)

    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int:
        return self._make(capi.TF_NewOneCycleLR, ffi.double_array(self.max_lrs), n, self.total_steps, self.pct_start,
                          self._ANNEAL[self.anneal_strategy], self.cycle_momentum, self._m[0], self._m[1],
                          self.div_factor, self.final_div_factor, self.three_phase, last_epoch)


def _check_children(owner: str, optimizer: Any, schedulers: Sequence[LRScheduler]) -> None:
    if len(schedulers) < 1:
        raise InvalidArgumentError(f"{owner} expects at least one scheduler, but got no scheduler.")
    for i, s in enumerate(schedulers):
        if not isinstance(s, LRScheduler):
            raise TypeError(f"{owner} at index {i} should be a tenflowers LRScheduler, got {type(s).__name__}")
        if isinstance(s, ReduceLROnPlateau):
            raise InvalidArgumentError(f"{owner} does not support `ReduceLROnPlateau` scheduler (its step needs a "
                                       f"metric), but got one at index {i} in the given schedulers sequence.")
        if s.optimizer is not optimizer:
            raise InvalidArgumentError(f"{owner} expects all schedulers to belong to the same optimizer, but got "
                                       f"scheduler {type(s).__name__} at index {i} with another optimizer")


class _Composite(LRScheduler):
    """The state dict of the composites holds their children's under '_schedulers'."""

    def state_dict(self) -> Dict[str, Any]:
        """torch's layout, with each child's state dict under '_schedulers'."""
        d = super().state_dict()
        d["_schedulers"] = [s.state_dict() for s in self._children]
        return d

    def _extras_from(self, d: Dict[str, Any], extras: List[float]) -> List[float]:
        out: List[float] = [float(len(self._children))]
        subs = d.get("_schedulers", [None] * len(self._children))
        if len(subs) != len(self._children):
            raise InvalidArgumentError(f"{type(self).__name__}.load_state_dict: the state has {len(subs)} schedulers, "
                                       f"this one {len(self._children)}")
        for child, sub in zip(self._children, subs):
            st = child._core_state() if sub is None else child._state_from(sub)
            out += [float(len(st))] + st
        return out


class SequentialLR(_Composite):
    """Runs `schedulers[i]` from `milestones[i-1]` to `milestones[i]`, each restarted at its epoch 0."""

    def __init__(self, optimizer: Any, schedulers: Sequence[LRScheduler], milestones: Sequence[int],
                 last_epoch: int = -1) -> None:
        groups = _groups(optimizer)
        _check_children(type(self).__name__, optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise InvalidArgumentError("Sequential Schedulers expects number of schedulers provided to be one more than "
                                       f"the number of milestone points, but got number of schedulers {len(schedulers)} "
                                       f"and the number of milestones to be equal to {len(milestones)}")
        self.optimizer = optimizer
        self._children = list(schedulers)
        self._milestones = [int(m) for m in milestones]
        self._hyper = {"_milestones": list(self._milestones)}
        self.base_lrs = [float(g["initial_lr"]) for g in groups]
        arr = ffi.out_handles(len(self._children))
        for i, s in enumerate(self._children):
            arr[i] = s._h
        self._h = self._make(capi.TF_NewSequentialLR, ffi.double_array(self.base_lrs), len(groups), arr, len(self._children),
                             ffi.int64_array(self._milestones), len(self._milestones), int(last_epoch))
        self._write()


class ChainedScheduler(_Composite):
    """Steps every scheduler of `schedulers` at each step (their factors multiply)."""

    def __init__(self, schedulers: Sequence[LRScheduler], optimizer: Any = None) -> None:
        if len(schedulers) < 1:
            raise InvalidArgumentError("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.")
        optimizer = optimizer or schedulers[0].optimizer
        _check_children(type(self).__name__, optimizer, schedulers)
        self.optimizer = optimizer
        self._children = list(schedulers)
        self.base_lrs = list(schedulers[-1].base_lrs)
        arr = ffi.out_handles(len(self._children))
        for i, s in enumerate(self._children):
            arr[i] = s._h
        self._h = self._make(capi.TF_NewChainedScheduler, arr, len(self._children))
        self._sync()


class ReduceLROnPlateau(LRScheduler):
    """Reduces each group's lr by `factor` when the metric passed to `step(metrics)` has not
    improved for `patience` steps."""

    _MODE = {"min": cdefs.TF_PLATEAU_MIN, "max": cdefs.TF_PLATEAU_MAX}
    _TMODE = {"rel": cdefs.TF_THRESHOLD_REL, "abs": cdefs.TF_THRESHOLD_ABS}

    def __init__(self, optimizer: Any, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0,
                 min_lr: _Floats = 0.0, eps: float = 1e-8) -> None:
        if factor >= 1.0:
            raise InvalidArgumentError(f"Factor should be < 1.0 (got {factor}).")
        groups = _groups(optimizer)
        if isinstance(min_lr, (list, tuple)) and len(min_lr) != len(groups):
            raise InvalidArgumentError(f"expected {len(groups)} min_lrs, got {len(min_lr)}")
        if mode not in self._MODE:
            raise InvalidArgumentError(f"mode {mode} is unknown!")
        if threshold_mode not in self._TMODE:
            raise InvalidArgumentError(f"threshold mode {threshold_mode} is unknown!")
        self.optimizer = optimizer
        self.min_lrs = _per_group("min_lr", optimizer, min_lr)
        self.mode, self.factor, self.patience, self.threshold = mode, float(factor), int(patience), float(threshold)
        self.threshold_mode, self.cooldown, self.eps = threshold_mode, int(cooldown), float(eps)
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self._hyper = {"factor": self.factor, "min_lrs": list(self.min_lrs), "patience": self.patience,
                       "cooldown": self.cooldown, "eps": self.eps, "mode": mode, "threshold": self.threshold,
                       "threshold_mode": threshold_mode, "mode_worse": self.mode_worse}
        lrs = [float(g["lr"]) for g in groups]
        self.base_lrs = lrs
        self._h = self._make(capi.TF_NewReduceLROnPlateau, ffi.double_array(lrs), len(lrs), self._MODE[mode],
                             self.factor, self.patience, self.threshold, self._TMODE[threshold_mode], self.cooldown,
                             ffi.double_array(self.min_lrs), self.eps)

    def step(self, metrics: Any) -> None:  # type: ignore[override]
        """Takes the monitored value and reduces the lrs after a plateau."""
        self._sync()
        self._call(capi.TF_LRSchedulerStep, float(metrics))
        self._write()

    @property
    def best(self) -> float:
        """The best metric so far."""
        return float(self.state_dict()["best"])

    @property
    def num_bad_epochs(self) -> int:
        """Steps since the last improvement."""
        return int(self.state_dict()["num_bad_epochs"])

    @property
    def cooldown_counter(self) -> int:
        """Steps of cooldown left."""
        return int(self.state_dict()["cooldown_counter"])

    @property
    def in_cooldown(self) -> bool:
        """Whether the scheduler is cooling down after a reduction."""
        return self.cooldown_counter > 0

    def _extras_dict(self, extras: List[float]) -> Dict[str, Any]:
        return {"best": extras[0], "num_bad_epochs": int(extras[1]), "cooldown_counter": int(extras[2])}

    def _extras_from(self, d: Dict[str, Any], extras: List[float]) -> List[float]:
        return [float(d.get("best", extras[0])), float(d.get("num_bad_epochs", extras[1])),
                float(d.get("cooldown_counter", extras[2]))]
