"""``tenflowers.nn.init``: PyTorch's weight initializations (``torch.nn.init``), with its names,
arguments, defaults, fan computation and errors. Each function writes into `tensor` in place
under ``no_grad`` (so it works on parameters that require grad) and returns it; the random ones
draw from the library's seeded generator (``tfs.manual_seed``), so the same seed gives the same
weights. Samples are drawn in the tensor's dtype (float32 or float64)."""

from __future__ import annotations

import math
import warnings
from typing import Any, Optional, Tuple, Union

from .._core.dtypes import float32
from .._core.tensor import Tensor
from .._ops.autograd import no_grad
from .._ops.creation import asarray, eye
from .._ops.elementwise import log
from .._ops.random import rand, randn
from .._ops.reduce import any as _any
from .._ops.selection import clip, where

_LINEAR_FNS = (
    "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
)


def _write(tensor: Tensor, value: Union[Tensor, float]) -> Tensor:
    with no_grad():
        tensor[...] = value
    return tensor


def calculate_gain(nonlinearity: str, param: Optional[Union[int, float]] = None) -> float:
    """The recommended gain for `nonlinearity` (an ``nn.functional`` name): 1 for linear,
    conv* and sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu
    (`param` the negative slope, default 0.01), 3/4 for selu. Anything else raises ValueError."""
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope: float = 0.01
        elif (not isinstance(param, bool) and isinstance(param, int)) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> Tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of shape ``(out, in, *kernel)``: ``in * prod(kernel)``
    and ``out * prod(kernel)``. Fewer than 2 dims raises ValueError."""
    shape = tensor.shape
    if len(shape) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive_field_size = 1
    for s in shape[2:]:
        receptive_field_size *= s
    return shape[1] * receptive_field_size, shape[0] * receptive_field_size


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fills `tensor` with samples of U(a, b)."""
    r = rand(tensor.shape, dtype=tensor.dtype)
    return _write(tensor, r * (b - a) + a)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fills `tensor` with samples of N(mean, std^2)."""
    r = randn(tensor.shape, dtype=tensor.dtype)
    return _write(tensor, r * std + mean)


def _inner_bounds(tensor: Tensor, a: float, b: float) -> Tuple[float, float]:
    # The smallest and largest values of the tensor's dtype within [a, b], so that a sample
    # accepted by comparisons in that dtype is in [a, b] exactly.
    if tensor.dtype != float32:
        return a, b
    import numpy as np  # only here and in orthogonal_: importing tenflowers must not import NumPy

    lo, hi = np.float32(a), np.float32(b)
    if lo < a:
        lo = np.nextafter(lo, np.float32(np.inf))
    if hi > b:
        hi = np.nextafter(hi, np.float32(-np.inf))
    return float(lo), float(hi)


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0) -> Tensor:
    """Fills `tensor` with samples of N(mean, std^2) truncated to [a, b] (PyTorch's default
    bounds are absolute, -2 and 2), by rejection as PyTorch: normal proposals redrawn where they
    fall outside when [a, b] holds more than 30% of the mass, else uniform proposals on [a, b]
    accepted with probability pdf/peak. Every value is in [a, b], exactly so distributed."""

    def norm_cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.",
            stacklevel=2,
        )
    if not a < b:
        raise ValueError(f"trunc_normal_: a ({a}) must be less than b ({b})")
    shape, dt = tensor.shape, tensor.dtype
    lo, hi = _inner_bounds(tensor, a, b)
    if norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std) > 0.3:
        result = randn(shape, dtype=dt) * std + mean
        while True:
            outside = (result < lo) | (result > hi)
            if not bool(_any(outside)):
                break
            result = where(outside, randn(shape, dtype=dt) * std + mean, result)
    else:
        mode = max(a, min(mean, b))
        log_peak = -0.5 * ((mode - mean) / std) ** 2

        def proposal() -> Tuple[Tensor, Tensor]:
            c = rand(shape, dtype=dt) * (hi - lo) + lo
            z = (c - mean) / std
            log_ratio = z * z * -0.5 - log_peak
            return c, log(rand(shape, dtype=dt)) > log_ratio

        result, pending = proposal()
        while bool(_any(pending)):
            c, rejected = proposal()
            result = where(pending, c, result)
            pending = pending & rejected
    # The accepted values are within [lo, hi] up to the rounding of a uniform proposal's last bit.
    return _write(tensor, clip(result, lo, hi))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fills `tensor` with `val`."""
    return _write(tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    """Fills `tensor` with 1."""
    return _write(tensor, 1)


def zeros_(tensor: Tensor) -> Tensor:
    """Fills `tensor` with 0."""
    return _write(tensor, 0)


def eye_(tensor: Tensor) -> Tensor:
    """Fills the 2-d `tensor` with the identity matrix (ones on the diagonal of a rectangular
    one); other ranks raise ValueError."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _write(tensor, eye(tensor.shape[0], tensor.shape[1], dtype=tensor.dtype))


def xavier_uniform_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Glorot uniform: U(-r, r) with ``r = gain * sqrt(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a)


def xavier_normal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Glorot normal: N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu") -> Tensor:
    """He uniform: U(-bound, bound) with ``bound = gain * sqrt(3 / fan)``, `fan` the fan_in or
    fan_out (`mode`) and `gain` ``calculate_gain(nonlinearity, a)``. A tensor with no elements
    is left as is (with PyTorch's warning)."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu") -> Tensor:
    """He normal: N(0, std^2) with ``std = gain / sqrt(fan)`` (see ``kaiming_uniform_``)."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std)


def orthogonal_(tensor: Tensor, gain: float = 1) -> Tensor:
    """A (semi-)orthogonal matrix times `gain` (Saxe et al.): the trailing dims of a tensor
    with more than 2 are flattened; the Q of the QR decomposition of a standard normal matrix
    drawn from the library's generator, with the signs of R's diagonal, as PyTorch. Fewer than
    2 dims raise ValueError."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.size == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.size // rows
    import numpy as np

    flat: Any = randn(rows, cols, dtype=tensor.dtype).numpy().astype(np.float64)
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    q = np.ascontiguousarray(q.reshape(tensor.shape)) * gain
    return _write(tensor, asarray(q, dtype=tensor.dtype))


__all__ = [
    "calculate_gain", "constant_", "eye_", "kaiming_normal_", "kaiming_uniform_", "normal_", "ones_",
    "orthogonal_", "trunc_normal_", "uniform_", "xavier_normal_", "xavier_uniform_", "zeros_",
]
