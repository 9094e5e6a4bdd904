"""Dropout with PyTorch's names, argument names, defaults and semantics
(``torch.nn.functional``): ``dropout`` (element-wise), the feature (channel-wise) dropouts
``dropout1d``, ``dropout2d`` and ``dropout3d``, and ``alpha_dropout``. The mask is drawn from the
library's generator (``tenflowers.manual_seed`` makes it reproducible), the kept elements are
scaled by ``1 / (1 - p)``, and the backward pass reuses the forward's mask. Not training, or
``p == 0``, is the identity: the input itself (its storage and autograd identity), no copy.

``inplace=True`` writes the result into the input's storage through the recorded in-place
assignment (``TF_InplaceAssign``, as ``t += 1`` does), so autograd stays correct: a non-leaf
input takes the dropout's history, and a leaf that requires grad raises GradientError, as in
PyTorch. The input itself is returned."""

from __future__ import annotations

import math
import warnings
from typing import Any

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap
from ..errors import LayerConfigError, ShapeError
from .layer_args import tensor_arg as _tensor

_TF_Dropout = capi.TF_Dropout
_TF_FeatureDropout = capi.TF_FeatureDropout
_TF_InplaceAssign = capi.TF_InplaceAssign

# SELU's alpha * scale: the negative saturation value alpha_dropout sets dropped elements to.
_ALPHA_PRIME = 1.7580993408473766


def _check_p(name: str, p: float) -> float:
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise LayerConfigError(f"{name}: dropout probability has to be between 0 and 1, but got {p}")
    return p


def _inplace_target(name: str, input: Any) -> Tensor:  # noqa: A002
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}: inplace=True needs a Tensor input, got {type(input).__name__}")
    return input


def _run(fn: Any, x: Tensor, p: float, training: bool) -> Tensor:
    st = ffi.status()
    h = fn(x._h, p, bool(training), None, st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def _finish(name: str, input: Any, out: Tensor, inplace: bool) -> Tensor:  # noqa: A002
    """The result, or with `inplace` the input with the result written into it (recorded)."""
    if not inplace:
        return out
    dst = _inplace_target(name, input)
    if out._h != dst._h:
        ffi.call_status(_TF_InplaceAssign, dst._h, out._h)
    return dst


def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Each element zeroed with probability `p`, the others scaled by ``1 / (1 - p)``, as
    ``torch.nn.functional.dropout``; ``p == 1`` gives zeros. Float32/float64 (else DtypeError);
    `p` outside [0, 1] raises LayerConfigError (a ValueError, as PyTorch's). With `training`
    False or ``p == 0`` the input itself is returned."""
    p = _check_p("dropout", p)
    if inplace and (not training or p == 0.0):
        return _inplace_target("dropout", input)
    x = _tensor(input)
    return _finish("dropout", input, _run(_TF_Dropout, x, p, training), inplace)


def _feature(name: str, input: Any, p: float, training: bool, inplace: bool, batched: bool) -> Tensor:  # noqa: A002
    """Feature dropout of `input` (``(N, C, ...)``); an unbatched input (``batched`` False) is
    given a leading batch dim of 1 for the draw, as PyTorch's ``unsqueeze(0)``."""
    if inplace and (not training or p == 0.0):
        return _inplace_target(name, input)
    x = _tensor(input)
    if not training or p == 0.0:
        return _run(_TF_FeatureDropout, x, p, training)
    xb = x if batched else x.reshape((1,) + x.shape)
    out = _run(_TF_FeatureDropout, xb, p, training)
    if not batched:
        out = out.reshape(x.shape)
    return _finish(name, input, out, inplace)


def dropout1d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Channel-wise dropout of ``(N, C, L)`` or unbatched ``(C, L)`` inputs, as
    ``torch.nn.functional.dropout1d``: each channel ``input[n, c]`` is zeroed with probability
    `p` or scaled by ``1 / (1 - p)`` whole. Other dimensions raise ShapeError."""
    p = _check_p("dropout1d", p)
    x = _tensor(input)
    if x.ndim not in (2, 3):
        raise ShapeError(
            f"dropout1d: Expected 2D or 3D input, but received a {x.ndim}D input. Note that dropout1d exists to "
            "provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an "
            "optional batch dimension (i.e. 2D or 3D inputs)."
        )
    return _feature("dropout1d", input if inplace else x, p, training, inplace, x.ndim == 3)


def dropout2d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Channel-wise dropout of ``(N, C, H, W)`` inputs, as ``torch.nn.functional.dropout2d``,
    PyTorch's quirks included: every input is read as ``(N, C, ...)``, so a 3-d input is taken
    as ``(N, C, L)`` (1-d channel dropout, with PyTorch's warning), and inputs of other than 3
    or 4 dims warn (deprecated there) and still drop channels of dim 1; fewer than 2 dims raise
    ShapeError."""
    p = _check_p("dropout2d", p)
    x = _tensor(input)
    if x.ndim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {x.ndim}-D input to dropout2d, which is deprecated and will result in an "
            "error in a future release. To retain the behavior and silence this warning, please use dropout "
            "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
            "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
            stacklevel=2,
        )
    if x.ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is "
            "desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will "
            "change in a future release to interpret the input as one without a batch dimension, i.e. shape "
            "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d "
            "instead.",
            stacklevel=2,
        )
    return _feature("dropout2d", input if inplace else x, p, training, inplace, True)


def dropout3d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Channel-wise dropout of ``(N, C, D, H, W)`` or unbatched ``(C, D, H, W)`` inputs, as
    ``torch.nn.functional.dropout3d``: inputs of other than 4 or 5 dims warn (deprecated in
    PyTorch) and are, as there, taken as unbatched (channels on dim 0)."""
    p = _check_p("dropout3d", p)
    x = _tensor(input)
    if x.ndim not in (4, 5):
        warnings.warn(
            f"dropout3d: Received a {x.ndim}-D input to dropout3d, which is deprecated and will result in an "
            "error in a future release. To retain the behavior and silence this warning, please use dropout "
            "instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial "
            "dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).",
            stacklevel=2,
        )
    return _feature("dropout3d", input if inplace else x, p, training, inplace, x.ndim == 5)


def alpha_dropout(input: Any, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:  # noqa: A002
    """Alpha dropout (for SELU networks), as ``torch.nn.functional.alpha_dropout`` (whose
    `training` defaults to False): each element is kept with probability ``1 - p`` or set to
    SELU's negative saturation ``-alpha'``, then the result is scaled by ``a`` and shifted by
    ``b`` so that zero mean and unit variance are kept: ``a = ((1 - p) (1 + p alpha'^2))^-1/2``,
    output ``a (x mask + (-alpha') (1 - mask)) + alpha' a p``. ``p == 1`` gives zeros, as
    PyTorch. Its gradient is ``a mask``."""
    p = _check_p("alpha_dropout", p)
    x = _inplace_target("alpha_dropout", input) if inplace else _tensor(input)
    if not training or p == 0.0 or x.size == 0:
        return x if inplace else _run(_TF_Dropout, x, p, False)
    if p == 1.0:
        return _finish("alpha_dropout", input, _run(_TF_Dropout, x, p, True), inplace)
    buf = ffi.out_handles(1)
    st = ffi.status()
    h = _TF_Dropout(x._h, p, True, buf, st)
    if not h:
        ffi.raise_status(st)
    y, mask = _wrap(h), _wrap(buf[0])
    a = 1.0 / math.sqrt((_ALPHA_PRIME * _ALPHA_PRIME * p + 1.0) * (1.0 - p))
    # y = x mask / (1 - p), so x mask a = y (1 - p) a; the mask term is a constant.
    out = y * ((1.0 - p) * a) + (mask.astype(x.dtype) * (_ALPHA_PRIME * a) + _ALPHA_PRIME * a * (p - 1.0))
    return _finish("alpha_dropout", input, out, inplace)


__all__ = ["alpha_dropout", "dropout", "dropout1d", "dropout2d", "dropout3d"]
