from ._ops.autograd import enable_grad as enable_grad
from ._ops.autograd import grad as grad
from ._ops.autograd import hessian as hessian
from ._ops.autograd import is_grad_enabled as is_grad_enabled
from ._ops.autograd import jacobian as jacobian
from ._ops.autograd import no_grad as no_grad
from ._ops.autograd import set_grad_enabled as set_grad_enabled

__all__ = ["grad", "jacobian", "hessian", "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]
