"""Exceptions raised by tenflowers: one class per C `TF_Code`, each also a subclass of the builtin
exception a Python user would catch for that kind of failure (ShapeError is a ValueError, ...)."""

from __future__ import annotations

from typing import Dict, Type

# The values come from the header (TF_Code), the one place they are written.
from ._core import cdefs


class TenflowersError(Exception):
    """Base class of every error tenflowers raises for a failed library call."""

    code: int = -1


class ShapeError(TenflowersError, ValueError):
    """Shapes that do not fit the operation (broadcasting, matmul alignment, reshape size)."""

    code = cdefs.TF_SHAPE_ERROR


class DtypeError(TenflowersError, TypeError):
    """A dtype that is unknown or not supported by the operation."""

    code = cdefs.TF_DTYPE_ERROR


class InvalidArgumentError(TenflowersError, ValueError):
    """A bad argument value: an axis out of range, a negative dimension, a length mismatch."""

    code = cdefs.TF_INVALID_ARGUMENT


class OutOfBoundsIndexError(InvalidArgumentError, IndexError):
    """An invalid index in indexing (``t[key]``, ``t[key] = v``, ``take``, ``gather``, ...): a
    position out of range for its axis, too many indices, a bool mask of the wrong shape. Both an
    InvalidArgumentError (the C code is TF_INVALID_ARGUMENT) and an IndexError, as NumPy raises."""


class DeviceError(TenflowersError, RuntimeError):
    """An unknown or unavailable device."""

    code = cdefs.TF_DEVICE_ERROR


class GradientError(TenflowersError, RuntimeError):
    """A failure of automatic differentiation."""

    code = cdefs.TF_GRADIENT_ERROR


class NumericalError(TenflowersError, ArithmeticError):
    """A numerical failure."""

    code = cdefs.TF_NUMERICAL_ERROR


class OutOfMemoryError(TenflowersError, MemoryError):
    """An allocation failed or a size does not fit in memory."""

    code = cdefs.TF_OUT_OF_MEMORY


class LayerConfigError(TenflowersError, ValueError):
    """An invalid layer configuration."""

    code = cdefs.TF_LAYER_CONFIG_ERROR


class OptimizerError(TenflowersError, RuntimeError):
    """A failure of an optimizer."""

    code = cdefs.TF_OPTIMIZER_ERROR


class SerializationError(TenflowersError, RuntimeError):
    """Saving failed."""

    code = cdefs.TF_SERIALIZATION_ERROR


class DeserializationError(TenflowersError, ValueError):
    """Loading failed: the data is malformed."""

    code = cdefs.TF_DESERIALIZATION_ERROR


class DataLoadError(TenflowersError, OSError):
    """Reading data failed."""

    code = cdefs.TF_DATA_LOAD_ERROR


class GraphCompileError(TenflowersError, RuntimeError):
    """A graph could not be compiled."""

    code = cdefs.TF_GRAPH_COMPILE_ERROR


class CheckpointError(TenflowersError, RuntimeError):
    """A checkpoint could not be written or read."""

    code = cdefs.TF_CHECKPOINT_ERROR


class UnimplementedError(TenflowersError, NotImplementedError):
    """The operation is not implemented for these arguments."""

    code = cdefs.TF_UNIMPLEMENTED


class InternalError(TenflowersError, RuntimeError):
    """A bug inside tenflowers (a caught panic in the native core). Please report it."""

    code = cdefs.TF_INTERNAL


_BY_CODE: Dict[int, Type[TenflowersError]] = {
    cls.code: cls
    for cls in (
        ShapeError, DtypeError, InvalidArgumentError, DeviceError, GradientError, NumericalError,
        OutOfMemoryError, LayerConfigError, OptimizerError, SerializationError, DeserializationError,
        DataLoadError, GraphCompileError, CheckpointError, UnimplementedError, InternalError,
    )
}


def error_for_code(code: int) -> Type[TenflowersError]:
    """The exception class for a nonzero `TF_Code` value (InternalError for an unknown one)."""
    return _BY_CODE.get(code, InternalError)


__all__ = [
    "TenflowersError", "ShapeError", "DtypeError", "InvalidArgumentError", "DeviceError",
    "GradientError", "NumericalError", "OutOfMemoryError", "LayerConfigError", "OptimizerError",
    "SerializationError", "DeserializationError", "DataLoadError", "GraphCompileError",
    "CheckpointError", "UnimplementedError", "InternalError", "error_for_code",
    "OutOfBoundsIndexError",
]
