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
from .conv import Conv1d as Conv1d
from .conv import Conv2d as Conv2d
from .conv import ConvTranspose2d as ConvTranspose2d
from .flatten import Flatten as Flatten
from .flatten import Unflatten as Unflatten
from .linear import Identity as Identity
from .linear import Linear as Linear
from .loss import BCELoss as BCELoss
from .loss import BCEWithLogitsLoss as BCEWithLogitsLoss
from .loss import CrossEntropyLoss as CrossEntropyLoss
from .loss import HuberLoss as HuberLoss
from .loss import KLDivLoss as KLDivLoss
from .loss import L1Loss as L1Loss
from .loss import MSELoss as MSELoss
from .loss import NLLLoss as NLLLoss
from .loss import SmoothL1Loss as SmoothL1Loss
from .normalization import BatchNorm1d as BatchNorm1d
from .normalization import BatchNorm2d as BatchNorm2d
from .normalization import GroupNorm as GroupNorm
from .normalization import LayerNorm as LayerNorm
from .normalization import RMSNorm as RMSNorm

__all__ = [
    "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose2d",
    "CrossEntropyLoss", "ELU", "Flatten", "GELU", "GroupNorm", "HuberLoss", "Identity", "KLDivLoss",
    "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss", "Mish", "NLLLoss", "RMSNorm",
    "ReLU", "SELU", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh", "Unflatten",
]
