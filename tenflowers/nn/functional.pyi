from typing import Any, Optional

from .._core.tensor import Tensor
from .._ops.attention import scaled_dot_product_attention as scaled_dot_product_attention
from .._ops.conv import conv1d as conv1d
from .._ops.conv import conv2d as conv2d
from .._ops.conv import conv_transpose2d as conv_transpose2d
from .._ops.dropout import alpha_dropout as alpha_dropout
from .._ops.dropout import dropout as dropout
from .._ops.dropout import dropout1d as dropout1d
from .._ops.dropout import dropout2d as dropout2d
from .._ops.dropout import dropout3d as dropout3d
from .._ops.embedding import embedding as embedding
from .._ops.embedding import one_hot as one_hot
from .._ops.fused import linear as linear
from .._ops.loss import binary_cross_entropy as binary_cross_entropy
from .._ops.loss import binary_cross_entropy_with_logits as binary_cross_entropy_with_logits
from .._ops.loss import cross_entropy as cross_entropy
from .._ops.loss import huber_loss as huber_loss
from .._ops.loss import kl_div as kl_div
from .._ops.loss import l1_loss as l1_loss
from .._ops.loss import mse_loss as mse_loss
from .._ops.loss import nll_loss as nll_loss
from .._ops.loss import smooth_l1_loss as smooth_l1_loss
from .._ops.pool import adaptive_avg_pool2d as adaptive_avg_pool2d
from .._ops.pool import adaptive_max_pool2d as adaptive_max_pool2d
from .._ops.pool import avg_pool1d as avg_pool1d
from .._ops.pool import avg_pool2d as avg_pool2d
from .._ops.pool import max_pool1d as max_pool1d
from .._ops.pool import max_pool2d as max_pool2d
from .._ops.norm import batch_norm as batch_norm
from .._ops.norm import group_norm as group_norm
from .._ops.norm import layer_norm as layer_norm
from .._ops.norm import rms_norm as rms_norm
from .._ops.padding import pad as pad

def relu(input: Any, inplace: bool = ...) -> Tensor: ...
def gelu(input: Any, approximate: str = ...) -> Tensor: ...
def silu(input: Any, inplace: bool = ...) -> Tensor: ...
def mish(input: Any, inplace: bool = ...) -> Tensor: ...
def sigmoid(input: Any) -> Tensor: ...
def tanh(input: Any) -> Tensor: ...
def softplus(input: Any) -> Tensor: ...
def selu(input: Any, inplace: bool = ...) -> Tensor: ...
def leaky_relu(input: Any, negative_slope: float = ..., inplace: bool = ...) -> Tensor: ...
def elu(input: Any, alpha: float = ..., inplace: bool = ...) -> Tensor: ...
def softmax(input: Any, dim: Optional[int] = ...) -> Tensor: ...
def log_softmax(input: Any, dim: Optional[int] = ...) -> Tensor: ...

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
