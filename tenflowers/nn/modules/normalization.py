"""The normalization layers (PyTorch's ``torch.nn.modules.batchnorm`` and ``normalization``):
``BatchNorm1d``, ``BatchNorm2d``, ``LayerNorm``, ``RMSNorm`` and ``GroupNorm`` over the fused
kernels of ``nn.functional``. Parameters, buffers (``running_mean``, ``running_var``,
``num_batches_tracked``), their state_dict keys, the momentum rule (``momentum=None`` is the
cumulative average) and ``repr`` are PyTorch's."""

from __future__ import annotations

import operator
from typing import Any, Optional, Sequence, Tuple, Union

from ..._core.device import DeviceLike
from ..._core.dtypes import float32, int64
from ..._core.tensor import Tensor
from ..._ops.autograd import no_grad
from ..._ops.creation import asarray, ones, zeros
from ..._ops.norm import batch_norm, group_norm, layer_norm, rms_norm
from ...errors import LayerConfigError
from .. import init
from ..module import Module
from ..parameter import Parameter


def _register_affine(
    module: Module, shape: Tuple[int, ...], weight: bool, bias: bool, dtype: Any, device: Optional[DeviceLike]
) -> None:
    # The affine parameters every normalization layer has: weight ones, bias zeros (PyTorch's
    # initial values), each registered as None when absent so it is a known name.
    dt = float32 if dtype is None else dtype
    module.register_parameter("weight", Parameter(ones(shape, dtype=dt, device=device)) if weight else None)
    module.register_parameter("bias", Parameter(zeros(shape, dtype=dt, device=device)) if weight and bias else None)


class _BatchNorm(Module):
    """Batch normalization over the channel dim 1: learnable `weight`/`bias` (``affine``) of
    size `num_features`, and with ``track_running_stats`` the buffers ``running_mean`` (zeros),
    ``running_var`` (ones) and ``num_batches_tracked``. Training normalizes with the batch's
    statistics and updates the running ones in place; eval uses the running ones (or the
    batch's, when not tracked). Keyword `bias` False leaves the bias out (PyTorch 2.10+)."""

    _expected_dims: Tuple[int, ...] = ()
    num_features: int
    eps: float
    momentum: Optional[float]
    affine: bool
    track_running_stats: bool

    def __init__(
        self, num_features: int, eps: float = 1e-5, momentum: Optional[float] = 0.1, affine: bool = True,
        track_running_stats: bool = True, device: Optional[DeviceLike] = None, dtype: Optional[Any] = None, *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        num_features = operator.index(num_features)
        if num_features <= 0:
            raise LayerConfigError(f"{type(self).__name__}: num_features must be positive, got num_features={num_features}")
        dt = float32 if dtype is None else dtype
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        _register_affine(self, (num_features,), affine, bias, dtype, device)
        if track_running_stats:
            self.register_buffer("running_mean", zeros((num_features,), dtype=dt, device=device))
            self.register_buffer("running_var", ones((num_features,), dtype=dt, device=device))
            self.register_buffer("num_batches_tracked", asarray(0, dtype=int64, device=device))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        """Running mean 0, variance 1, no batches seen."""
        if self.track_running_stats:
            b = self._buffers
            with no_grad():
                b["running_mean"][...] = 0
                b["running_var"][...] = 1
                b["num_batches_tracked"][...] = 0

    def reset_parameters(self) -> None:
        """The running statistics reset, weight ones and bias zeros."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self._parameters["weight"])
            if self._parameters["bias"] is not None:
                init.zeros_(self._parameters["bias"])

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        if input.ndim not in self._expected_dims:
            want = " or ".join(f"{d}D" for d in self._expected_dims)
            raise LayerConfigError(f"{type(self).__name__}: expected {want} input (got {input.ndim}D input)")
        factor = 0.0 if self.momentum is None else self.momentum
        b = self._buffers
        tracked = b["num_batches_tracked"]
        if self.training and self.track_running_stats and tracked is not None:
            with no_grad():
                tracked += 1
            factor = 1.0 / float(tracked) if self.momentum is None else self.momentum
        running_mean, running_var = b["running_mean"], b["running_var"]
        use_batch = self.training or (running_mean is None and running_var is None)
        keep = not self.training or self.track_running_stats
        p = self._parameters
        return batch_norm(
            input, running_mean if keep else None, running_var if keep else None, p["weight"], p["bias"], use_batch,
            factor, self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self._parameters['bias'] is not None}, track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalization of ``(N, C)`` or ``(N, C, L)`` inputs."""

    _expected_dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization of ``(N, C, H, W)`` inputs."""

    _expected_dims = (4,)


def _normalized(name: str, shape: Union[int, Sequence[int]]) -> Tuple[int, ...]:
    dims = (operator.index(shape),) if isinstance(shape, int) else tuple(operator.index(s) for s in shape)
    if any(d <= 0 for d in dims):
        raise LayerConfigError(f"{name}: normalized_shape entries must be positive, got normalized_shape={dims}")
    return dims


class LayerNorm(Module):
    """Layer normalization over the trailing dims `normalized_shape`, with a weight (ones) and
    a bias (zeros, unless `bias` is False) of that shape when `elementwise_affine`."""

    normalized_shape: Tuple[int, ...]
    eps: float
    elementwise_affine: bool

    def __init__(
        self, normalized_shape: Union[int, Sequence[int]], eps: float = 1e-5, elementwise_affine: bool = True,
        bias: bool = True, device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = _normalized("LayerNorm", normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        _register_affine(self, self.normalized_shape, elementwise_affine, bias, dtype, device)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        p = self._parameters
        return layer_norm(input, self.normalized_shape, p["weight"], p["bias"], self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self._parameters.get('bias') is not None}"
        )


class RMSNorm(Module):
    """Root-mean-square normalization over the trailing dims `normalized_shape`; `eps` None is
    the machine epsilon of the input's dtype (PyTorch's default)."""

    normalized_shape: Tuple[int, ...]
    eps: Optional[float]
    elementwise_affine: bool

    def __init__(
        self, normalized_shape: Union[int, Sequence[int]], eps: Optional[float] = None, elementwise_affine: bool = True,
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = _normalized("RMSNorm", normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        if elementwise_affine:
            dt = float32 if dtype is None else dtype
            self.weight = Parameter(ones(self.normalized_shape, dtype=dt, device=device))
        else:
            self.register_parameter("weight", None)

    def forward(self, x: Tensor) -> Tensor:
        return rms_norm(x, self.normalized_shape, self._parameters["weight"], self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class GroupNorm(Module):
    """Group normalization of ``(N, C, *)`` inputs: the `num_channels` channels in `num_groups`
    groups, each normalized over its channels and spatial positions; per-channel weight (ones)
    and bias (zeros) when `affine`."""

    num_groups: int
    num_channels: int
    eps: float
    affine: bool

    def __init__(
        self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None, *, bias: bool = True,
    ) -> None:
        super().__init__()
        num_groups, num_channels = operator.index(num_groups), operator.index(num_channels)
        if num_groups <= 0 or num_channels <= 0 or num_channels % num_groups:
            raise LayerConfigError(
                f"GroupNorm: num_channels must be divisible by num_groups (both positive), got "
                f"num_groups={num_groups}, num_channels={num_channels}"
            )
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        _register_affine(self, (num_channels,), affine, bias, dtype, device)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        p = self._parameters
        return group_norm(input, self.num_groups, p["weight"], p["bias"], self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
            f"bias={self._parameters.get('bias') is not None}"
        )


__all__ = ["BatchNorm1d", "BatchNorm2d", "GroupNorm", "LayerNorm", "RMSNorm"]
