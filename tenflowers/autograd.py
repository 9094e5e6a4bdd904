"""``tenflowers.autograd``: the functional autograd API (PyTorch's ``torch.autograd`` names)."""

from __future__ import annotations

from ._ops.autograd import enable_grad, grad, hessian, is_grad_enabled, jacobian, no_grad, set_grad_enabled

__all__ = ["grad", "jacobian", "hessian", "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]
