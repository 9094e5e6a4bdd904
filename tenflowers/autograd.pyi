from ._autograd import enable_grad as enable_grad
from ._autograd import grad as grad
from ._autograd import hessian as hessian
from ._autograd import is_grad_enabled as is_grad_enabled
from ._autograd import jacobian as jacobian
from ._autograd import no_grad as no_grad
from ._autograd import set_grad_enabled as set_grad_enabled

__all__ = ["grad", "jacobian", "hessian", "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]
