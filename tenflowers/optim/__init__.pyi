from .algorithms import SGD as SGD, Adadelta as Adadelta, Adagrad as Adagrad, Adam as Adam, Adamax as Adamax
from .algorithms import AdamW as AdamW, Lion as Lion, NAdam as NAdam, RAdam as RAdam, RMSprop as RMSprop
from . import lr_scheduler as lr_scheduler
from .optimizer import Optimizer as Optimizer

__all__ = ["lr_scheduler", "Optimizer", "SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "Lion"]
