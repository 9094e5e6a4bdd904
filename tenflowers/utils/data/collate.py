"""``default_collate`` and ``default_convert`` (``torch.utils.data.default_collate``): a list of
samples becomes a batch, recursing into tuples, lists, dicts and namedtuples as torch does.

Leaves: Tensors are stacked with one ``stack``; NumPy arrays with one ``np.stack`` and one
conversion; Python floats become one float64 tensor, ints int64 and bools bool (one
``asarray`` each, the dtypes torch's collate gives); NumPy scalars keep their dtype; strings and
bytes stay lists. ``SampleBatch`` is the batch a dataset's ``__getitems__`` may return when it
can read a whole batch at once (TensorDataset does): default_collate then takes its columns as
they are, with no per-sample work."""

from __future__ import annotations

import collections.abc
import copy
import re
from typing import Any, Callable, Iterator, List, Sequence, Tuple, overload

from ..._core.dtypes import float64
from ..._core.tensor import Tensor
from ..._ops.creation import asarray
from ..._ops.shape import stack
from ...errors import ShapeError

# NumPy dtype strings of arrays that cannot become tensors: bytes, unicode and object.
_NP_STR_OBJ = re.compile(r"[SaUO]")

_ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


class SampleBatch(collections.abc.Sequence):  # type: ignore[type-arg]
    """A batch of samples read at once: ``columns[k]`` holds field k of every sample, stacked
    along dim 0 (what ``default_collate`` would build from the samples). As a sequence it is the
    list of samples (each a tuple ``(columns[0][i], columns[1][i], ...)``, built on access), so a
    custom ``collate_fn`` sees what ``[dataset[i] for i in indices]`` would give."""

    __slots__ = ("columns", "_n")

    def __init__(self, columns: Sequence[Tensor], n: int) -> None:
        self.columns: Tuple[Tensor, ...] = tuple(columns)
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> Tuple[Tensor, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> List[Tuple[Tensor, ...]]: ...

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(f"sample {i} is out of range for a batch of {self._n}")
        return tuple(c[i] for c in self.columns)

    def __iter__(self) -> Iterator[Tuple[Tensor, ...]]:
        for i in range(self._n):
            yield tuple(c[i] for c in self.columns)


def _np_type(elem: Any) -> str:
    """"ndarray", "scalar" or "" (not NumPy), without importing NumPy."""
    t = type(elem)
    if t.__module__ != "numpy" or t.__name__ in ("str_", "bytes_", "string_"):
        return ""
    if t.__name__ in ("ndarray", "memmap"):
        return "ndarray"
    return "scalar" if getattr(elem, "shape", None) == () else ""


def _numpy_batch(batch: Sequence[Any]) -> Tensor:
    import numpy as np

    elem = batch[0]
    if _NP_STR_OBJ.search(elem.dtype.str) is not None:
        raise TypeError(_ERR.format(elem.dtype))
    try:
        stacked = np.stack(batch)
    except ValueError as e:
        raise ShapeError(f"default_collate: the arrays of a batch must have one shape: {e}") from None
    return asarray(stacked)


def _clone_sequence(elem: Any, values: List[Any]) -> Any:
    """`values` in a container like `elem` (a list or another sequence type), as torch does."""
    try:
        if isinstance(elem, collections.abc.MutableSequence):
            clone = copy.copy(elem)
            for i, v in enumerate(values):
                clone[i] = v
            return clone
        return type(elem)(values)
    except TypeError:  # no copy / __setitem__ / __init__(iterable), e.g. range
        return values


def _clone_mapping(elem: Any, values: dict[Any, Any]) -> Any:
    try:
        if isinstance(elem, collections.abc.MutableMapping):
            clone = copy.copy(elem)
            clone.update(values)
            return clone
        return type(elem)(values)
    except TypeError:
        return values


def default_collate(batch: Any) -> Any:
    """Puts a list of samples together as a batch, as ``torch.utils.data.default_collate``:
    Tensors (one shape) are stacked along a new dim 0; NumPy arrays likewise (one ``np.stack``
    and one conversion); Python floats give a float64 tensor, ints int64, bools bool; NumPy
    scalars a tensor of their dtype; strings and bytes stay a list; tuples give a list of the
    collated fields (namedtuples a namedtuple), lists and other sequences a sequence of that
    type, mappings a mapping of the same keys. A ``SampleBatch`` gives its columns as a list.
    Anything else raises TypeError."""
    if type(batch) is SampleBatch:
        return list(batch.columns)
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch if isinstance(batch, list) else list(batch))
    np_kind = _np_type(elem)
    if np_kind == "ndarray":
        return _numpy_batch(batch)
    if np_kind == "scalar":
        import numpy as np

        return asarray(np.asarray(batch))
    if isinstance(elem, float):
        return asarray(batch if isinstance(batch, list) else list(batch), dtype=float64)
    if isinstance(elem, int):  # bool too: a bool tensor, as torch
        return asarray(batch if isinstance(batch, list) else list(batch))
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return _clone_mapping(elem, {key: default_collate([d[key] for d in batch]) for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if not all(len(e) == size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(samples) for samples in zip(*batch)]
        if isinstance(elem, tuple):
            return fields  # a list, as torch (backwards compatibility there)
        return _clone_sequence(elem, fields)
    raise TypeError(_ERR.format(type(elem)))


def default_convert(data: Any) -> Any:
    """Converts NumPy arrays and scalars inside `data` to tensors and leaves everything else
    (Python numbers included) as it is, recursing as ``default_collate`` does (tuples become
    lists, as torch): the ``collate_fn`` of a DataLoader with ``batch_size=None``."""
    if isinstance(data, Tensor):
        return data
    np_kind = _np_type(data)
    if np_kind == "ndarray":
        return data if _NP_STR_OBJ.search(data.dtype.str) is not None else asarray(data)
    if np_kind == "scalar":
        return asarray(data)
    if isinstance(data, collections.abc.Mapping):
        return _clone_mapping(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _clone_sequence(data, [default_convert(d) for d in data])
    return data


CollateFn = Callable[[Any], Any]

__all__ = ["default_collate", "default_convert", "SampleBatch"]
