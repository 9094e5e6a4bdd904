"""``tenflowers.nn.functional``: the layers, activations and losses as functions, with PyTorch's
names and argument names (``torch.nn.functional``). Each is one call into the core, which runs
the kernel and records autograd; the modules of ``tenflowers.nn`` call these."""

from __future__ import annotations

from typing import Any, Optional

from .._ops import activations as _act
from .._ops import elementwise as _ew
from .._ops.attention import scaled_dot_product_attention
from .._ops.conv import conv1d, conv2d, conv_transpose2d
from .._ops.dropout import alpha_dropout, dropout, dropout1d, dropout2d, dropout3d
from .._ops.embedding import embedding, one_hot
from .._ops.fused import linear
from .._ops.loss import (
    binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, huber_loss, kl_div, l1_loss, mse_loss,
    nll_loss, smooth_l1_loss,
)
from .._ops.pool import adaptive_avg_pool2d, adaptive_max_pool2d, avg_pool1d, avg_pool2d, max_pool1d, max_pool2d
from .._ops.norm import batch_norm, group_norm, layer_norm, rms_norm
from .._ops.padding import pad
from .._core.tensor import Tensor


def relu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002 - PyTorch's names
    """max(input, 0), NaN kept. `inplace` is accepted for PyTorch compatibility and returns a
    new tensor (tenflowers never writes an activation into its input)."""
    return _ew.relu(input)


def gelu(input: Any, approximate: str = "none") -> Tensor:  # noqa: A002
    """GELU, exact (``"none"``) or the tanh approximation (``"tanh"``)."""
    return _act.gelu(input, approximate)


def silu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    """input * sigmoid(input)."""
    return _ew.silu(input)


def mish(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    """input * tanh(softplus(input))."""
    return _ew.mish(input)


def sigmoid(input: Any) -> Tensor:  # noqa: A002
    """1 / (1 + exp(-input))."""
    return _ew.sigmoid(input)


def tanh(input: Any) -> Tensor:  # noqa: A002
    """The hyperbolic tangent."""
    return _ew.tanh(input)


def softplus(input: Any) -> Tensor:  # noqa: A002
    """log(1 + exp(input)), without overflow (PyTorch's beta=1, threshold form)."""
    return _ew.softplus(input)


def selu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    """SELU with PyTorch's constants."""
    return _ew.selu(input)


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:  # noqa: A002
    """input where input >= 0, else negative_slope * input."""
    return _ew.leaky_relu(input, negative_slope)


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """input where input > 0, else alpha * (exp(input) - 1)."""
    return _ew.elu(input, alpha)


def softmax(input: Any, dim: Optional[int] = None) -> Tensor:  # noqa: A002
    """softmax along `dim` (PyTorch's implicit dim when None: 0 for 0-, 1- and 3-d inputs, else 1)."""
    t = input if isinstance(input, Tensor) else _ew.positive(input)
    return _act.softmax(t, _implicit_dim(t.ndim) if dim is None else dim)


def log_softmax(input: Any, dim: Optional[int] = None) -> Tensor:  # noqa: A002
    """log_softmax along `dim` (the implicit dim of ``softmax`` when None)."""
    t = input if isinstance(input, Tensor) else _ew.positive(input)
    return _act.log_softmax(t, _implicit_dim(t.ndim) if dim is None else dim)


def _implicit_dim(ndim: int) -> int:
    # torch.nn.functional._get_softmax_dim (deprecated there, kept for ported code).
    return 0 if ndim in (0, 1, 3) else 1


__all__ = [
    "conv1d", "conv2d", "conv_transpose2d",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "huber_loss", "kl_div", "l1_loss",
    "mse_loss", "nll_loss", "smooth_l1_loss",
    "cross_entropy", "elu", "gelu", "leaky_relu", "linear", "log_softmax", "mish", "relu", "selu",
    "sigmoid", "silu", "softmax", "softplus", "tanh",
    # normalization
    "batch_norm", "group_norm", "layer_norm", "rms_norm",
    # attention
    "scaled_dot_product_attention",
    # dropout
    "alpha_dropout", "dropout", "dropout1d", "dropout2d", "dropout3d",
    # sparse: embeddings and one-hot
    "embedding", "one_hot",
    # padding
    "pad",
    # pooling
    "adaptive_avg_pool2d", "adaptive_max_pool2d", "avg_pool1d", "avg_pool2d", "max_pool1d", "max_pool2d",
]
