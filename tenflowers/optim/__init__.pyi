from . import lr_scheduler as lr_scheduler

__all__ = ["lr_scheduler"]
