from typing import Any, Optional

from .._core.tensor import Tensor

def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Optional[Any] = ..., dropout_p: float = ..., is_causal: bool = ..., scale: Optional[float] = ..., enable_gqa: bool = ...) -> Tensor: ...

__all__ = ["scaled_dot_product_attention"]
