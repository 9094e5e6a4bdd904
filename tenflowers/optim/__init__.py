from . import lr_scheduler

__all__ = ["lr_scheduler"]
