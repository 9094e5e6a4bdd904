from typing import Optional, Tuple

from .optimizer import Optimizer, ParamsT

Betas = Tuple[float, float]

class SGD(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-3, momentum: float = 0, dampening: float = 0, weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False, foreach: Optional[bool] = None, fused: Optional[bool] = None, error_if_nonfinite: bool = False, 
    ) -> None: ...

class Adam(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *, foreach: Optional[bool] = None, maximize: bool = False, fused: Optional[bool] = None, decoupled_weight_decay: bool = False, error_if_nonfinite: bool = False, 
    ) -> None: ...

class AdamW(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False, foreach: Optional[bool] = None, fused: Optional[bool] = None, error_if_nonfinite: bool = False, 
    ) -> None: ...

class Adamax(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 2e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0, foreach: Optional[bool] = None, *, maximize: bool = False, error_if_nonfinite: bool = False, 
    ) -> None: ...

class NAdam(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 2e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0, momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False, *, foreach: Optional[bool] = None, maximize: bool = False, error_if_nonfinite: bool = False, 
    ) -> None: ...

class RAdam(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0, decoupled_weight_decay: bool = False, *, foreach: Optional[bool] = None, maximize: bool = False, error_if_nonfinite: bool = False, 
    ) -> None: ...

class RMSprop(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0, momentum: float = 0, centered: bool = False, foreach: Optional[bool] = None, maximize: bool = False, *, error_if_nonfinite: bool = False, 
    ) -> None: ...

class Adagrad(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0, initial_accumulator_value: float = 0, eps: float = 1e-10, foreach: Optional[bool] = None, *, maximize: bool = False, fused: Optional[bool] = None, error_if_nonfinite: bool = False, 
    ) -> None: ...

class Adadelta(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0, foreach: Optional[bool] = None, *, maximize: bool = False, error_if_nonfinite: bool = False, 
    ) -> None: ...

class Lion(Optimizer):
    def __init__(
        self, params: ParamsT, lr: float = 1e-4, betas: Betas = (0.9, 0.99), weight_decay: float = 0.0, *, maximize: bool = False, error_if_nonfinite: bool = False, 
    ) -> None: ...

__all__ = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "Lion"]
