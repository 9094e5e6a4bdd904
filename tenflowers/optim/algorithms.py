"""The optimization algorithms, PyTorch's classes with PyTorch's arguments and defaults (Lion:
lion-pytorch's). Each is a thin ``Optimizer`` naming its core algorithm; the update rules run
in the core (rust/src/kernels/optim.rs), where they follow ``torch.optim``'s single-tensor
implementations step for step.

``foreach`` and ``fused`` are accepted and kept in the groups, as PyTorch's are, but choose
nothing: every step is one fused pass in the core. ``error_if_nonfinite`` (not PyTorch's) makes
a step whose gradients hold a NaN or an infinity raise OptimizerError before anything changes.
"""

from __future__ import annotations

from typing import Optional, Tuple

from .optimizer import Optimizer, ParamsT

Betas = Tuple[float, float]


class SGD(Optimizer):
    """Stochastic gradient descent, with momentum (dampening, Nesterov), weight decay and
    maximize (``torch.optim.SGD``)."""

    _algorithm = "SGD"
    _hypers = (("lr", "f"), ("momentum", "f"), ("dampening", "f"), ("weight_decay", "f"),
               ("nesterov", "b"), ("maximize", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
        weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False,
        foreach: Optional[bool] = None, fused: Optional[bool] = None, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov,
            maximize=maximize, foreach=foreach, fused=fused, error_if_nonfinite=error_if_nonfinite,
        ))


class Adam(Optimizer):
    """Adam (Kingma & Ba), with AMSGrad, L2 or (``decoupled_weight_decay``) decoupled weight
    decay, and maximize (``torch.optim.Adam``)."""

    _algorithm = "Adam"
    _hypers = (("lr", "f"), ("betas", "betas"), ("eps", "f"), ("weight_decay", "f"), ("amsgrad", "b"),
               ("maximize", "b"), ("decoupled_weight_decay", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8,
        weight_decay: float = 0, amsgrad: bool = False, *, foreach: Optional[bool] = None,
        maximize: bool = False, fused: Optional[bool] = None, decoupled_weight_decay: bool = False,
        error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, foreach=foreach,
            maximize=maximize, fused=fused, decoupled_weight_decay=decoupled_weight_decay,
            error_if_nonfinite=error_if_nonfinite,
        ))


class AdamW(Optimizer):
    """Adam with decoupled weight decay (Loshchilov & Hutter; ``torch.optim.AdamW``)."""

    # PyTorch's AdamW is its Adam with decoupled_weight_decay=True (a key of its groups too).
    _algorithm = "Adam"
    _hypers = Adam._hypers

    def __init__(
        self, params: ParamsT, lr: float = 1e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8,
        weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False,
        foreach: Optional[bool] = None, fused: Optional[bool] = None, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
            foreach=foreach, fused=fused, decoupled_weight_decay=True, error_if_nonfinite=error_if_nonfinite,
        ))


class Adamax(Optimizer):
    """Adamax, Adam over the infinity norm (``torch.optim.Adamax``)."""

    _algorithm = "Adamax"
    _hypers = (("lr", "f"), ("betas", "betas"), ("eps", "f"), ("weight_decay", "f"), ("maximize", "b"),
               ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 2e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8,
        weight_decay: float = 0, foreach: Optional[bool] = None, *, maximize: bool = False,
        error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach, maximize=maximize,
            error_if_nonfinite=error_if_nonfinite,
        ))


class NAdam(Optimizer):
    """Adam with Nesterov momentum (Dozat), with momentum decay (``torch.optim.NAdam``)."""

    _algorithm = "NAdam"
    _hypers = (("lr", "f"), ("betas", "betas"), ("eps", "f"), ("weight_decay", "f"), ("momentum_decay", "f"),
               ("decoupled_weight_decay", "b"), ("maximize", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 2e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8,
        weight_decay: float = 0, momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False, *,
        foreach: Optional[bool] = None, maximize: bool = False, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay, foreach=foreach, maximize=maximize,
            error_if_nonfinite=error_if_nonfinite,
        ))


class RAdam(Optimizer):
    """Rectified Adam (Liu et al.; ``torch.optim.RAdam``)."""

    _algorithm = "RAdam"
    _hypers = (("lr", "f"), ("betas", "betas"), ("eps", "f"), ("weight_decay", "f"),
               ("decoupled_weight_decay", "b"), ("maximize", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1e-3, betas: Betas = (0.9, 0.999), eps: float = 1e-8,
        weight_decay: float = 0, decoupled_weight_decay: bool = False, *, foreach: Optional[bool] = None,
        maximize: bool = False, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, decoupled_weight_decay=decoupled_weight_decay,
            foreach=foreach, maximize=maximize, error_if_nonfinite=error_if_nonfinite,
        ))


class RMSprop(Optimizer):
    """RMSprop (Hinton), centered or not, with momentum (``torch.optim.RMSprop``)."""

    _algorithm = "RMSprop"
    _hypers = (("lr", "f"), ("alpha", "f"), ("eps", "f"), ("weight_decay", "f"), ("momentum", "f"),
               ("centered", "b"), ("maximize", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
        weight_decay: float = 0, momentum: float = 0, centered: bool = False, foreach: Optional[bool] = None,
        maximize: bool = False, *, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum, centered=centered,
            foreach=foreach, maximize=maximize, error_if_nonfinite=error_if_nonfinite,
        ))


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.), with lr decay and an initial accumulator (``torch.optim.Adagrad``).
    Its state exists from construction, as PyTorch's."""

    _algorithm = "Adagrad"
    _hypers = (("lr", "f"), ("lr_decay", "f"), ("weight_decay", "f"), ("initial_accumulator_value", "f"),
               ("eps", "f"), ("maximize", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
        initial_accumulator_value: float = 0, eps: float = 1e-10, foreach: Optional[bool] = None, *,
        maximize: bool = False, fused: Optional[bool] = None, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, lr_decay=lr_decay, weight_decay=weight_decay, initial_accumulator_value=initial_accumulator_value,
            eps=eps, foreach=foreach, maximize=maximize, fused=fused, error_if_nonfinite=error_if_nonfinite,
        ))


class Adadelta(Optimizer):
    """Adadelta (Zeiler; ``torch.optim.Adadelta``)."""

    _algorithm = "Adadelta"
    _hypers = (("lr", "f"), ("rho", "f"), ("eps", "f"), ("weight_decay", "f"), ("maximize", "b"),
               ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0,
        foreach: Optional[bool] = None, *, maximize: bool = False, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, foreach=foreach, maximize=maximize,
            error_if_nonfinite=error_if_nonfinite,
        ))


class Lion(Optimizer):
    """Lion, EvoLved Sign Momentum (Chen et al. 2023, "Symbolic Discovery of Optimization
    Algorithms", Algorithm 2): ``c = beta1 * m + (1 - beta1) * g``; ``p = p * (1 - lr * wd) -
    lr * sign(c)``; ``m = beta2 * m + (1 - beta2) * g``. Defaults as lion-pytorch's (lr 1e-4,
    betas (0.9, 0.99)); use a learning rate 3-10x smaller than AdamW's."""

    _algorithm = "Lion"
    _hypers = (("lr", "f"), ("betas", "betas"), ("weight_decay", "f"), ("maximize", "b"), ("error_if_nonfinite", "b"))

    def __init__(
        self, params: ParamsT, lr: float = 1e-4, betas: Betas = (0.9, 0.99), weight_decay: float = 0.0, *,
        maximize: bool = False, error_if_nonfinite: bool = False,
    ) -> None:
        super().__init__(params, dict(
            lr=lr, betas=betas, weight_decay=weight_decay, maximize=maximize, error_if_nonfinite=error_if_nonfinite,
        ))



__all__ = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "Lion"]
