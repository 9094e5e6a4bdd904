"""Exceptions raised by tenflowers: one class per C `TF_Code`, each also a subclass of the builtin
exception a Python user would catch for that kind of failure (ShapeError is a ValueError, ...)."""

from __future__ import annotations

from typing import Dict, Type

from ._core import cdefs

# The values come from the header (TF_Code), the one place they are written.
_CODES = cdefs.TF_Code


class TenflowersError(Exception):
    """Base class of every error tenflowers raises for a failed library call."""

    code: int = -1


class ShapeError(TenflowersError, ValueError):
    """Shapes that do not fit the operation (broadcasting, matmul alignment, reshape size)."""

    code = _CODES["TF_SHAPE_ERROR"]


class DtypeError(TenflowersError, TypeError):
    """A dtype that is unknown or not supported by the operation."""

    code = _CODES["TF_DTYPE_ERROR"]


class InvalidArgumentError(TenflowersError, ValueError):
    """A bad argument value: an axis out of range, a negative dimension, a length mismatch."""

    code = _CODES["TF_INVALID_ARGUMENT"]


class OutOfBoundsIndexError(InvalidArgumentError, IndexError):
    """An invalid index in indexing (``t[key]``, ``t[key] = v``, ``take``, ``gather``, ...): a
    position out of range for its axis, too many indices, a bool mask of the wrong shape. Both an
    InvalidArgumentError (the C code is TF_INVALID_ARGUMENT) and an IndexError, as NumPy raises."""


class DeviceError(TenflowersError, RuntimeError):
    """An unknown or unavailable device."""

    code = _CODES["TF_DEVICE_ERROR"]


class GradientError(TenflowersError, RuntimeError):
    """A failure of automatic differentiation."""

    code = _CODES["TF_GRADIENT_ERROR"]


class NumericalError(TenflowersError, ArithmeticError):
    """A numerical failure."""

    code = _CODES["TF_NUMERICAL_ERROR"]


class OutOfMemoryError(TenflowersError, MemoryError):
    """An allocation failed or a size does not fit in memory."""

    code = _CODES["TF_OUT_OF_MEMORY"]


class LayerConfigError(TenflowersError, ValueError):
    """An invalid layer configuration."""

    code = _CODES["TF_LAYER_CONFIG_ERROR"]


class OptimizerError(TenflowersError, RuntimeError):
    """A failure of an optimizer."""

    code = _CODES["TF_OPTIMIZER_ERROR"]


class SerializationError(TenflowersError, RuntimeError):
    """Saving failed."""

    code = _CODES["TF_SERIALIZATION_ERROR"]


class DeserializationError(TenflowersError, ValueError):
    """Loading failed: the data is malformed."""

    code = _CODES["TF_DESERIALIZATION_ERROR"]


class DataLoadError(TenflowersError, OSError):
    """Reading data failed."""

    code = _CODES["TF_DATA_LOAD_ERROR"]


class GraphCompileError(TenflowersError, RuntimeError):
    """A graph could not be compiled."""

    code = _CODES["TF_GRAPH_COMPILE_ERROR"]


class CheckpointError(TenflowersError, RuntimeError):
    """A checkpoint could not be written or read."""

    code = _CODES["TF_CHECKPOINT_ERROR"]


class UnimplementedError(TenflowersError, NotImplementedError):
    """The operation is not implemented for these arguments."""

    code = _CODES["TF_UNIMPLEMENTED"]


class InternalError(TenflowersError, RuntimeError):
    """A bug inside tenflowers (a caught panic in the native core). Please report it."""

    code = _CODES["TF_INTERNAL"]


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
