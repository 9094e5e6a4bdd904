from .activation import ELU as ELU
from .activation import GELU as GELU
from .activation import LeakyReLU as LeakyReLU
from .activation import LogSoftmax as LogSoftmax
from .activation import Mish as Mish
from .activation import ReLU as ReLU
from .activation import SELU as SELU
from .activation import SiLU as SiLU
from .activation import Sigmoid as Sigmoid
from .activation import Softmax as Softmax
from .activation import Softplus as Softplus
from .activation import Tanh as Tanh
from .flatten import Flatten as Flatten
from .flatten import Unflatten as Unflatten
from .linear import Identity as Identity
from .linear import Linear as Linear
from .loss import CrossEntropyLoss as CrossEntropyLoss

__all__ = [
    "CrossEntropyLoss", "ELU", "Flatten", "GELU", "Identity", "LeakyReLU", "Linear", "LogSoftmax", "Mish",
    "ReLU", "SELU", "SiLU", "Sigmoid", "Softmax", "Softplus", "Tanh", "Unflatten",
]
