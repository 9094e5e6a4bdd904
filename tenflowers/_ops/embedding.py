"""Embedding lookups and one-hot encoding with PyTorch's names, argument names, defaults and
semantics (``torch.nn.functional.embedding`` and ``one_hot``), each one C call. The weight
gradient of ``embedding`` is dense: a deterministic scatter-add of the output gradient rows into
the rows their indices name, itself differentiable (gradients of any order)."""

from __future__ import annotations

import operator
from typing import Any, Optional

from .._core import capi, cdefs, ffi
from .._core.tensor import Tensor, _wrap
from ..errors import InvalidArgumentError, LayerConfigError, OutOfBoundsIndexError
from .index import _index_tensor

_TF_Embedding = capi.TF_Embedding
_TF_OneHot = capi.TF_OneHot


def _out_of_range(st: int) -> None:
    """Raises the error in status `st`, an index out of range as OutOfBoundsIndexError (what
    tensor indexing raises: an InvalidArgumentError and an IndexError)."""
    try:
        ffi.raise_status(st)
    except OutOfBoundsIndexError:
        raise
    except InvalidArgumentError as e:
        if "out of range" in str(e):
            raise OutOfBoundsIndexError(str(e)) from None
        raise


def embedding(
    input: Any,  # noqa: A002 - PyTorch's names
    weight: Tensor,
    padding_idx: Optional[int] = None,
    max_norm: Optional[float] = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """The rows of `weight` ``(V, D)`` (float32/float64) at the integer indices `input` (any
    shape): shape ``input.shape + (D,)``, as ``torch.nn.functional.embedding``. Differentiable
    with respect to the weight, with

    - `padding_idx`: that row (negative counts from the end) gets no gradient; outside
      ``-V..V-1`` raises LayerConfigError;
    - `max_norm`: first, every row looked up whose `norm_type`-norm exceeds it is rescaled to
      ``max_norm / (norm + 1e-7)`` times itself, *in place* in `weight` (not recorded by
      autograd, as ``torch.embedding_renorm_``); it must be positive (LayerConfigError);
    - `scale_grad_by_freq`: each row's gradient divided by how often the batch reads it.

    An index outside ``0..V-1`` raises OutOfBoundsIndexError (an IndexError, as indexing a
    tensor does). ``sparse=True`` raises LayerConfigError (a ValueError): tenflowers has no
    sparse gradients, the dense scatter-add gradient is what ``sparse=False`` gives."""
    if sparse:
        raise LayerConfigError(
            "embedding: sparse gradients are not supported; use sparse=False (the weight gets the dense "
            "scatter-add gradient)"
        )
    if not isinstance(weight, Tensor):
        raise TypeError(f"embedding: weight must be a Tensor, got {type(weight).__name__}")
    idx = _index_tensor(input)
    pad = cdefs.TF_EMBEDDING_NO_PADDING if padding_idx is None else operator.index(padding_idx)
    if padding_idx is not None and not cdefs.TF_EMBEDDING_NO_PADDING < pad < -cdefs.TF_EMBEDDING_NO_PADDING:
        # INT64_MIN means "none" to the C function; it (and beyond int64) is out of range anyway.
        raise LayerConfigError(f"embedding: padding_idx {pad} must be within num_embeddings {weight.shape[0]}")
    mn = 0.0
    if max_norm is not None:
        mn = float(max_norm)
        if not mn > 0.0:
            raise LayerConfigError(f"embedding: max_norm must be positive, got {max_norm}")
    nt = float(norm_type)
    st = ffi.status()
    h = _TF_Embedding(idx._h, weight._h, pad, mn, nt, bool(scale_grad_by_freq), st)
    if not h:
        _out_of_range(st)
    return _wrap(h)


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """``torch.nn.functional.one_hot``: int64 of shape ``tensor.shape + (num_classes,)``, 1 at
    each value's class. ``num_classes=-1`` infers the largest value plus one. A negative value, one
    >= num_classes, or inferring from an empty tensor raises InvalidArgumentError; num_classes
    below -1 LayerConfigError; a non-integer tensor DtypeError. Not differentiable."""
    idx = _index_tensor(tensor)
    return _wrap(ffi.call(_TF_OneHot, idx._h, operator.index(num_classes)))


__all__ = ["embedding", "one_hot"]
