from . import functional as functional
from . import init as init
from .containers import ModuleDict as ModuleDict
from .containers import ModuleList as ModuleList
from .containers import ParameterDict as ParameterDict
from .containers import ParameterList as ParameterList
from .containers import Sequential as Sequential
from .module import Module as Module
from .modules import CrossEntropyLoss as CrossEntropyLoss
from .modules import ELU as ELU
from .modules import Flatten as Flatten
from .modules import GELU as GELU
from .modules import Identity as Identity
from .modules import LeakyReLU as LeakyReLU
from .modules import Linear as Linear
from .modules import LogSoftmax as LogSoftmax
from .modules import Mish as Mish
from .modules import ReLU as ReLU
from .modules import SELU as SELU
from .modules import SiLU as SiLU
from .modules import Sigmoid as Sigmoid
from .modules import Softmax as Softmax
from .modules import Softplus as Softplus
from .modules import Tanh as Tanh
from .modules import Unflatten as Unflatten
from .parameter import Parameter as Parameter

__all__ = [
    "CrossEntropyLoss", "ELU", "Flatten", "GELU", "Identity", "LeakyReLU", "Linear", "LogSoftmax", "Mish",
    "Module", "ModuleDict", "ModuleList", "Parameter", "ParameterDict", "ParameterList", "ReLU", "SELU",
    "Sequential", "SiLU", "Sigmoid", "Softmax", "Softplus", "Tanh", "Unflatten", "functional", "init",
]
