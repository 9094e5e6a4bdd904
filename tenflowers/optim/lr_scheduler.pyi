from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from .._core import ffi

_Floats = Union[float, Sequence[float]]

class LRScheduler:
    optimizer: Any
    base_lrs: List[float]
    _h: Optional[int]
    _callbacks: List[ffi.LrLambda]
    _children: List[LRScheduler]
    _hyper: Dict[str, Any]
    def __init__(self, optimizer: Any, last_epoch: int = -1) -> None: ...
    def _new(self, base_lrs: Any, n: int, last_epoch: int) -> int: ...
    def __del__(self, _delete: Callable[[Optional[int]], None] = ...) -> None: ...
    def _make(self, fn: Callable[..., Optional[int]], *args: Any) -> int: ...
    def _reraise(self) -> None: ...
    def _all_callbacks(self) -> List[ffi.LrLambda]: ...
    def _call(self, fn: Callable[..., Any], *args: Any) -> Any: ...
    def _read(self, fn: Callable[..., Any], n: int) -> List[float]: ...
    def _sync(self) -> None: ...
    def _write(self) -> None: ...
    def step(self) -> None: ...
    def get_last_lr(self) -> List[float]: ...
    @property
    def last_epoch(self) -> int: ...
    def _core_state(self) -> List[float]: ...
    def state_dict(self) -> Dict[str, Any]: ...
    def _extras_dict(self, extras: List[float]) -> Dict[str, Any]: ...
    def _extras_from(self, d: Dict[str, Any], extras: List[float]) -> List[float]: ...
    def _state_from(self, d: Dict[str, Any]) -> List[float]: ...
    def load_state_dict(self, state_dict: Dict[str, Any]) -> None: ...

_LRScheduler = LRScheduler

class _WithLambdas(LRScheduler):
    lr_lambdas: List[Callable[[int], float]]
    def __init__(
        self,
        optimizer: Any,
        lr_lambda: Union[Callable[[int], float], Sequence[Callable[[int], float]]],
        last_epoch: int = -1,
    ) -> None: ...

class LambdaLR(_WithLambdas): ...
class MultiplicativeLR(_WithLambdas): ...

class StepLR(LRScheduler):
    step_size: int
    gamma: float
    def __init__(self, optimizer: Any, step_size: int, gamma: float = 0.1, last_epoch: int = -1) -> None: ...

class MultiStepLR(LRScheduler):
    milestones: List[int]
    gamma: float
    def __init__(self, optimizer: Any, milestones: Sequence[int], gamma: float = 0.1, last_epoch: int = -1) -> None: ...

class ConstantLR(LRScheduler):
    factor: float
    total_iters: int
    def __init__(self, optimizer: Any, factor: float = ..., total_iters: int = 5, last_epoch: int = -1) -> None: ...

class LinearLR(LRScheduler):
    start_factor: float
    end_factor: float
    total_iters: int
    def __init__(
        self, optimizer: Any, start_factor: float = ..., end_factor: float = 1.0, total_iters: int = 5, last_epoch: int = -1
    ) -> None: ...

class ExponentialLR(LRScheduler):
    gamma: float
    def __init__(self, optimizer: Any, gamma: float, last_epoch: int = -1) -> None: ...

class PolynomialLR(LRScheduler):
    total_iters: int
    power: float
    def __init__(self, optimizer: Any, total_iters: int = 5, power: float = 1.0, last_epoch: int = -1) -> None: ...

class CosineAnnealingLR(LRScheduler):
    T_max: int
    eta_min: float
    def __init__(self, optimizer: Any, T_max: int, eta_min: float = 0.0, last_epoch: int = -1) -> None: ...

class CosineAnnealingWarmRestarts(LRScheduler):
    T_0: int
    T_mult: int
    eta_min: float
    def __init__(self, optimizer: Any, T_0: int, T_mult: int = 1, eta_min: float = 0.0, last_epoch: int = -1) -> None: ...
    @property
    def T_i(self) -> int: ...
    @property
    def T_cur(self) -> int: ...

def _momenta(
    optimizer: Any, cycle_momentum: bool, base_momentum: _Floats, max_momentum: _Floats, last_epoch: int
) -> tuple[Any, Any]: ...

class CyclicLR(LRScheduler):
    _MODES: Dict[str, int]
    max_lrs: List[float]
    mode: str
    gamma: float
    cycle_momentum: bool
    total_size: float
    step_ratio: float
    def __init__(
        self,
        optimizer: Any,
        base_lr: _Floats,
        max_lr: _Floats,
        step_size_up: int = 2000,
        step_size_down: Optional[int] = None,
        mode: str = "triangular",
        gamma: float = 1.0,
        scale_fn: Optional[Callable[[float], float]] = None,
        scale_mode: str = "cycle",
        cycle_momentum: bool = True,
        base_momentum: _Floats = 0.8,
        max_momentum: _Floats = 0.9,
        last_epoch: int = -1,
    ) -> None: ...

class OneCycleLR(LRScheduler):
    _ANNEAL: Dict[str, int]
    total_steps: int
    max_lrs: List[float]
    pct_start: float
    anneal_strategy: str
    three_phase: bool
    div_factor: float
    final_div_factor: float
    cycle_momentum: bool
    def __init__(
        self,
        optimizer: Any,
        max_lr: _Floats,
        total_steps: Optional[int] = None,
        epochs: Optional[int] = None,
        steps_per_epoch: Optional[int] = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: _Floats = 0.85,
        max_momentum: _Floats = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None: ...

class _Composite(LRScheduler): ...

class SequentialLR(_Composite):
    _milestones: List[int]
    def __init__(
        self, optimizer: Any, schedulers: Sequence[LRScheduler], milestones: Sequence[int], last_epoch: int = -1
    ) -> None: ...

class ChainedScheduler(_Composite):
    def __init__(self, schedulers: Sequence[LRScheduler], optimizer: Any = None) -> None: ...

class ReduceLROnPlateau(LRScheduler):
    _MODE: Dict[str, int]
    _TMODE: Dict[str, int]
    min_lrs: List[float]
    mode: str
    factor: float
    patience: int
    threshold: float
    threshold_mode: str
    cooldown: int
    eps: float
    mode_worse: float
    def __init__(
        self,
        optimizer: Any,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: _Floats = 0.0,
        eps: float = 1e-8,
    ) -> None: ...
    def step(self, metrics: Any) -> None: ...  # type: ignore[override]
    @property
    def best(self) -> float: ...
    @property
    def num_bad_epochs(self) -> int: ...
    @property
    def cooldown_counter(self) -> int: ...
    @property
    def in_cooldown(self) -> bool: ...

__all__ = [
    "LRScheduler", "_LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR",
    "LinearLR", "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau",
    "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR",
]
