"""Autograd from Python: grad mode (no_grad, enable_grad, set_grad_enabled), and the functional
API behind ``tenflowers.autograd`` (grad, jacobian, hessian). The graph and the gradient formulas
live in the native core (see docs/c-api.md, "autograd"); this module only drives them."""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Any, Callable, List, Optional, Sequence, Tuple, TypeVar, Union

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap, as_tensor_operand
from .creation import zeros
from .shape import stack

F = TypeVar("F", bound=Callable[..., Any])
Tensors = Union[Tensor, Sequence[Tensor]]


def is_grad_enabled() -> bool:
    """Whether operations record a graph on this thread (True unless inside no_grad)."""
    return bool(capi.TF_IsGradEnabled())


def _set(mode: bool) -> None:
    capi.TF_SetGradEnabled(bool(mode))


class _GradMode:
    """Base of the grad-mode switches: a context manager and a function decorator."""

    _mode: bool = True

    def __init__(self) -> None:
        self._prev: List[bool] = []

    def __enter__(self) -> None:
        self._prev.append(is_grad_enabled())
        _set(self._mode)

    def __exit__(
        self,
        exc_type: Optional[type],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        _set(self._prev.pop())

    def __call__(self, fn: F) -> F:
        mode = self._mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            prev = is_grad_enabled()
            _set(mode)
            try:
                return fn(*args, **kwargs)
            finally:
                _set(prev)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):
    """Context manager and decorator that turns graph recording off on this thread: results do
    not require grad, and in-place writes into parameters are allowed (``torch.no_grad``)."""

    _mode = False


class enable_grad(_GradMode):
    """Context manager and decorator that turns graph recording back on (inside no_grad)."""

    _mode = True


class set_grad_enabled(_GradMode):
    """Sets grad mode on this thread at once; used as a context manager it restores the previous
    mode on exit (``torch.set_grad_enabled``)."""

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._mode = bool(mode)
        self._prev.append(is_grad_enabled())
        _set(self._mode)

    def __enter__(self) -> None:
        pass


def _as_list(x: Tensors, what: str) -> List[Tensor]:
    xs = [x] if isinstance(x, Tensor) else list(x)
    for t in xs:
        if not isinstance(t, Tensor):
            raise TypeError(f"grad: {what} must be Tensors, got {type(t).__name__}")
    return xs


def grad(
    outputs: Tensors,
    inputs: Tensors,
    grad_outputs: Optional[Sequence[Optional[Tensor]]] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> Tuple[Optional[Tensor], ...]:
    """Gradients of `outputs` with respect to `inputs` (``torch.autograd.grad``), one per input,
    without touching any ``.grad``. `grad_outputs` None means ones (each output must then have one
    element). `retain_graph` defaults to `create_graph`. Unused inputs give None when
    `allow_unused`, else GradientError."""
    outs = _as_list(outputs, "outputs")
    ins = _as_list(inputs, "inputs")
    if isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs]
    if retain_graph is None:
        retain_graph = create_graph
    gouts = None
    if grad_outputs is not None:
        if len(grad_outputs) != len(outs):
            raise ValueError(f"grad_outputs has {len(grad_outputs)} entries for {len(outs)} outputs")
        gouts = ffi.handle_array([None if g is None else as_tensor_operand(g, None) for g in grad_outputs])
    buf = ffi.out_handles(len(ins))
    ffi.call_status(
        capi.TF_Gradients,
        ffi.handle_array(outs),
        len(outs),
        gouts,
        ffi.handle_array(ins),
        len(ins),
        bool(retain_graph),
        bool(create_graph),
        bool(allow_unused),
        buf,
    )
    return tuple(_wrap(h) if h else None for h in list(buf))


def _zeros_like(t: Tensor) -> Tensor:
    return zeros(t.shape, dtype=t.dtype)


def jacobian(func: Callable[..., Tensor], inputs: Tensors, create_graph: bool = False) -> Any:
    """The Jacobian of `func` at `inputs` (``torch.autograd.functional.jacobian``): for one input
    tensor, a tensor of shape ``output.shape + input.shape``; for a sequence of inputs, a tuple
    with one such tensor per input. Computed row by row with reverse mode."""
    # A list or tuple is a sequence of inputs (each converted); anything else is one input.
    single = not isinstance(inputs, (list, tuple))
    given = [inputs] if single else list(inputs)
    xs = []
    for x in (as_tensor_operand(v, None) for v in given):
        x = x if create_graph and x.requires_grad else x.detach()
        if not x.requires_grad:
            x.requires_grad_()
        xs.append(x)
    with enable_grad():
        y = func(*xs)
        flat = y.reshape(-1)
        rows: List[List[Tensor]] = [[] for _ in xs]
        for i in range(flat.shape[0]):
            gs = grad(flat[i], xs, retain_graph=True, create_graph=create_graph, allow_unused=True)
            for k, (g, x) in enumerate(zip(gs, xs)):
                rows[k].append(g if g is not None else _zeros_like(x))
    jac = []
    for k, x in enumerate(xs):
        if rows[k]:
            j = stack(rows[k], axis=0).reshape(tuple(y.shape) + tuple(x.shape))
        else:
            j = zeros(tuple(y.shape) + tuple(x.shape), dtype=x.dtype)
        jac.append(j)
    return jac[0] if single else tuple(jac)


def hessian(func: Callable[..., Tensor], inputs: Tensor, create_graph: bool = False) -> Tensor:
    """The Hessian of the scalar function `func` at the tensor `inputs`, of shape
    ``inputs.shape + inputs.shape`` (``torch.autograd.functional.hessian`` for one input)."""

    def gradient(x: Tensor) -> Tensor:
        (g,) = grad(func(x), x, create_graph=True, allow_unused=True)
        return g if g is not None else _zeros_like(x)

    h = jacobian(gradient, as_tensor_operand(inputs, None), create_graph=create_graph)
    assert isinstance(h, Tensor)
    return h
