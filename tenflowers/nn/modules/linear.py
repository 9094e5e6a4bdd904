"""``Linear`` and ``Identity`` (PyTorch's ``torch.nn.modules.linear``)."""

from __future__ import annotations

import math
import operator
from typing import Any, Optional

from ..._core.device import DeviceLike
from ..._core.dtypes import float32
from ..._core.tensor import Tensor
from ..._ops.creation import empty
from ..._ops.fused import linear as _linear
from ...errors import LayerConfigError
from .. import init
from ..module import Module
from ..parameter import Parameter


class Identity(Module):
    """Returns its input unchanged; accepts and ignores any constructor arguments (as PyTorch's,
    so it can stand in for a layer)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:  # noqa: A002 - PyTorch's name
        return input


class Linear(Module):
    """``y = x @ weight.T + bias``, through the fused ``linear`` (one C call, forward and
    backward). `weight` is ``(out_features, in_features)``, `bias` ``(out_features,)`` (absent
    when `bias` is False), both of `dtype` (float32 unless given, as PyTorch) on `device`, with
    PyTorch's default initialization (``reset_parameters``): the weight from
    ``kaiming_uniform_(a=sqrt(5))``, i.e. U(-1/sqrt(in_features), 1/sqrt(in_features)), and the
    bias from the same uniform. The input is ``(..., in_features)``, the output
    ``(..., out_features)``. Negative sizes raise LayerConfigError."""

    in_features: int
    out_features: int
    weight: Parameter
    bias: Optional[Parameter]

    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, device: Optional[DeviceLike] = None,
        dtype: Optional[Any] = None,
    ) -> None:
        super().__init__()
        in_features, out_features = operator.index(in_features), operator.index(out_features)
        if in_features < 0 or out_features < 0:
            raise LayerConfigError(
                f"Linear: in_features and out_features must be >= 0, got in_features={in_features}, "
                f"out_features={out_features}"
            )
        dt = float32 if dtype is None else dtype
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(empty((out_features, in_features), dtype=dt, device=device))
        if bias:
            self.bias = Parameter(empty((out_features,), dtype=dt, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default initialization (see the class docstring), from the seeded generator."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        p = self._parameters
        return _linear(input, p["weight"], p["bias"])

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


__all__ = ["Identity", "Linear"]
