from . import functional as functional
from . import init as init
from . import utils as utils
from .containers import ModuleDict as ModuleDict
from .containers import ModuleList as ModuleList
from .containers import ParameterDict as ParameterDict
from .containers import ParameterList as ParameterList
from .containers import Sequential as Sequential
from .module import Module as Module
from .modules import AdaptiveAvgPool2d as AdaptiveAvgPool2d
from .modules import AdaptiveMaxPool2d as AdaptiveMaxPool2d
from .modules import AvgPool1d as AvgPool1d
from .modules import AvgPool2d as AvgPool2d
from .modules import BCELoss as BCELoss
from .modules import BCEWithLogitsLoss as BCEWithLogitsLoss
from .modules import BatchNorm1d as BatchNorm1d
from .modules import BatchNorm2d as BatchNorm2d
from .modules import Conv1d as Conv1d
from .modules import Conv2d as Conv2d
from .modules import ConvTranspose2d as ConvTranspose2d
from .modules import CrossEntropyLoss as CrossEntropyLoss
from .modules import Dropout as Dropout
from .modules import Dropout1d as Dropout1d
from .modules import Dropout2d as Dropout2d
from .modules import Dropout3d as Dropout3d
from .modules import ELU as ELU
from .modules import Embedding as Embedding
from .modules import Flatten as Flatten
from .modules import GELU as GELU
from .modules import GroupNorm as GroupNorm
from .modules import HuberLoss as HuberLoss
from .modules import Identity as Identity
from .modules import KLDivLoss as KLDivLoss
from .modules import L1Loss as L1Loss
from .modules import LayerNorm as LayerNorm
from .modules import LeakyReLU as LeakyReLU
from .modules import Linear as Linear
from .modules import LogSoftmax as LogSoftmax
from .modules import MSELoss as MSELoss
from .modules import MaxPool1d as MaxPool1d
from .modules import MaxPool2d as MaxPool2d
from .modules import Mish as Mish
from .modules import MultiheadAttention as MultiheadAttention
from .modules import NLLLoss as NLLLoss
from .modules import NonDynamicallyQuantizableLinear as NonDynamicallyQuantizableLinear
from .modules import RMSNorm as RMSNorm
from .modules import ReLU as ReLU
from .modules import SELU as SELU
from .modules import SiLU as SiLU
from .modules import Sigmoid as Sigmoid
from .modules import SmoothL1Loss as SmoothL1Loss
from .modules import Softmax as Softmax
from .modules import Softplus as Softplus
from .modules import Tanh as Tanh
from .modules import TransformerEncoder as TransformerEncoder
from .modules import TransformerEncoderLayer as TransformerEncoderLayer
from .modules import Unflatten as Unflatten
from .parameter import Parameter as Parameter

__all__ = [
    "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "BCELoss", "BCEWithLogitsLoss",
    "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose2d", "CrossEntropyLoss", "Dropout",
    "Dropout1d", "Dropout2d", "Dropout3d", "ELU", "Embedding", "Flatten", "GELU", "GroupNorm", "HuberLoss",
    "Identity", "KLDivLoss", "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss",
    "MaxPool1d", "MaxPool2d", "Mish", "Module", "ModuleDict", "ModuleList", "MultiheadAttention", "NLLLoss",
    "NonDynamicallyQuantizableLinear", "Parameter", "ParameterDict", "ParameterList", "RMSNorm", "ReLU",
    "SELU", "Sequential", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh",
    "TransformerEncoder", "TransformerEncoderLayer", "Unflatten", "functional", "init", "utils",
]
