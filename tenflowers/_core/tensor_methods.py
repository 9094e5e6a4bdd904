"""The methods of Tensor that are built on other modules, inherited by Tensor (tensor.py):
conversion to NumPy and Python values, ``__array_namespace__``, and the methods that forward to
the op functions (``x.mean()`` is ``tenflowers.mean(x)``, ``x[key]`` the indexing module's
``getitem``). The op modules sit above the core, so these methods import them when called."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple

from . import ffi
from .dtypes import bool_, float64, int64
from ..errors import InvalidArgumentError

if TYPE_CHECKING:
    from .tensor import Scalar, ShapeLike, Tensor


class TensorMethods:
    """Base class of Tensor (which holds the handle ``_h`` and the ``shape``/``dtype``/``size``
    these methods read); never instantiated on its own."""

    __slots__ = ()

    # -- conversion --------------------------------------------------------------------------

    def numpy(self) -> Any:
        """A new NumPy array with a copy of the elements."""
        import numpy as np

        out = np.empty(self.shape, dtype=self.dtype.name)
        if out.nbytes:
            ffi.copy_to(self._h, out.ctypes.data, out.nbytes)
        return out

    def __array__(self, dtype: Any = None, copy: Optional[bool] = None) -> Any:
        if copy is False:
            raise ValueError("tenflowers tensors cannot be exported to NumPy without a copy")
        arr = self.numpy()
        return arr if dtype is None else arr.astype(dtype, copy=False)

    def tolist(self) -> Any:
        """The elements as nested Python lists (a Python scalar for a 0-d tensor)."""
        view = memoryview(ffi.to_bytearray(self._h)).cast(self.dtype.format)
        if not self.shape:
            return view[0]
        if 0 in self.shape:
            return _empty_nested(self.shape)
        return view.cast("B").cast(self.dtype.format, list(self.shape)).tolist()

    def item(self) -> Scalar:
        """The only element as a Python scalar; InvalidArgumentError unless size is 1."""
        if self.size != 1:
            raise InvalidArgumentError(f"item() needs a tensor with one element, got shape {self.shape}")
        value: Scalar = memoryview(ffi.to_bytearray(self._h)).cast(self.dtype.format)[0]
        return value

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueError("the truth value of a tensor with more than one element is ambiguous")
        return bool(self.item())

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __repr__(self) -> str:
        import numpy as np

        arr = self.numpy()
        body = np.array2string(arr, separator=", ", prefix="tensor(")
        if self.dtype in (float64, int64, bool_) and arr.size:
            return f"tensor({body})"
        return f"tensor({body}, dtype={self.dtype.name})"

    def __str__(self) -> str:
        import numpy as np

        return str(np.array2string(self.numpy()))

    # -- the Array API namespace ---------------------------------------------------------------

    def __array_namespace__(self, /, *, api_version: Optional[str] = None) -> Any:
        """The ``tenflowers`` module, which implements the Array API standard 2023.12
        (`api_version` None or one of "2021.12", "2022.12", "2023.12"; else ValueError)."""
        if api_version not in (None, "2021.12", "2022.12", "2023.12"):
            raise ValueError(f"api_version {api_version!r} is not supported; tenflowers implements 2023.12")
        import tenflowers

        return tenflowers

    # -- shape and indexing --------------------------------------------------------------------

    def __getitem__(self, key: Any) -> "Tensor":
        """NumPy indexing. Ints (negative count from the end), slices (any step), None and
        ``...`` give a view sharing storage; integer or bool tensors/arrays/lists select with
        NumPy's advanced-indexing rules and give a new tensor. An out-of-range position raises
        OutOfBoundsIndexError (an InvalidArgumentError and an IndexError)."""
        from .._ops.index import getitem

        return getitem(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        """``t[key] = value``: `value` (a tensor or Python scalar, cast to this dtype and
        broadcast to the selection) is written into this tensor's storage, so every view sharing
        it sees the change, as in NumPy."""
        from .._ops.index import setitem

        setitem(self, key, value)

    def __iter__(self) -> Iterator["Tensor"]:
        """The views ``t[0], t[1], ...`` along the first dim; TypeError for a 0-d tensor."""
        if not self.shape:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.shape[0]))

    @property
    def mT(self) -> "Tensor":
        """The tensor with its last two dims exchanged (a view); ShapeError for fewer than 2 dims."""
        from .._ops.shape import matrix_transpose

        return matrix_transpose(self)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> "Tensor":
        """Dims ``start_dim..end_dim`` merged into one (``torch.flatten``): a view when possible."""
        from .._ops.shape import flatten

        return flatten(self, start_dim, end_dim)

    def copy(self) -> "Tensor":
        """A contiguous copy in new storage, never shared with this tensor."""
        from .._ops.shape import copy

        return copy(self)

    def clone(self) -> "Tensor":
        """PyTorch's name for `copy`: a contiguous copy in new storage, recorded by autograd
        (the gradient flows back to this tensor)."""
        return self.copy()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Tensor":
        """A copy of the elements in new storage with the same ``requires_grad``, outside any
        graph; the gradient is not copied. As in PyTorch, only leaves can be deep-copied (a
        non-leaf raises RuntimeError: its history cannot be copied)."""
        found = memo.get(id(self))
        if found is not None:
            return found
        if not self.is_leaf:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol"
            )
        result = self.detach().copy()
        if self.requires_grad:
            result.requires_grad_()
        memo[id(self)] = result
        return result

    def squeeze(self, axis: Optional[ShapeLike] = None) -> "Tensor":
        """A view without size-1 dims (all, or exactly `axis`)."""
        from .._ops.shape import squeeze

        return squeeze(self, axis)

    def unsqueeze(self, axis: int) -> "Tensor":
        """A view with a size-1 dim inserted at `axis`."""
        from .._ops.shape import expand_dims

        return expand_dims(self, axis)

    def flip(self, axis: Optional[ShapeLike] = None) -> "Tensor":
        """A view with the elements reversed along `axis` (None: every dim)."""
        from .._ops.shape import flip

        return flip(self, axis)

    # -- reductions, sorting, linear algebra --------------------------------------------------

    def prod(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Product over `axis` (see ``tenflowers.prod``)."""
        from .._ops import reduce

        return reduce.prod(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Mean over `axis` (see ``tenflowers.mean``)."""
        from .._ops import reduce

        return reduce.mean(self, axis=axis, keepdims=keepdims)

    def var(self, axis: Optional[ShapeLike] = None, correction: float = 0.0, keepdims: bool = False) -> "Tensor":
        """Variance over `axis` (see ``tenflowers.var``)."""
        from .._ops import reduce

        return reduce.var(self, axis=axis, correction=correction, keepdims=keepdims)

    def std(self, axis: Optional[ShapeLike] = None, correction: float = 0.0, keepdims: bool = False) -> "Tensor":
        """Standard deviation over `axis` (see ``tenflowers.std``)."""
        from .._ops import reduce

        return reduce.std(self, axis=axis, correction=correction, keepdims=keepdims)

    def max(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Largest element over `axis` (see ``tenflowers.max``)."""
        from .._ops import reduce

        return reduce.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Smallest element over `axis` (see ``tenflowers.min``)."""
        from .._ops import reduce

        return reduce.min(self, axis=axis, keepdims=keepdims)

    def argmax(self, axis: Optional[int] = None, keepdims: bool = False) -> "Tensor":
        """int64 index of the largest element (see ``tenflowers.argmax``)."""
        from .._ops import reduce

        return reduce.argmax(self, axis=axis, keepdims=keepdims)

    def argmin(self, axis: Optional[int] = None, keepdims: bool = False) -> "Tensor":
        """int64 index of the smallest element (see ``tenflowers.argmin``)."""
        from .._ops import reduce

        return reduce.argmin(self, axis=axis, keepdims=keepdims)

    def all(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Whether every element over `axis` is nonzero (see ``tenflowers.all``)."""
        from .._ops import reduce

        return reduce.all(self, axis=axis, keepdims=keepdims)

    def any(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """Whether any element over `axis` is nonzero (see ``tenflowers.any``)."""
        from .._ops import reduce

        return reduce.any(self, axis=axis, keepdims=keepdims)

    def logsumexp(self, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> "Tensor":
        """``log(sum(exp(self)))`` over `axis`, stably (see ``tenflowers.logsumexp``)."""
        from .._ops import reduce

        return reduce.logsumexp(self, axis=axis, keepdims=keepdims)

    def cumulative_sum(self, axis: Optional[int] = None, dtype: Any = None, include_initial: bool = False) -> "Tensor":
        """Running sum along `axis` (see ``tenflowers.cumulative_sum``)."""
        from .._ops import reduce

        return reduce.cumulative_sum(self, axis=axis, dtype=dtype, include_initial=include_initial)

    def sort(self, axis: int = -1, descending: bool = False, stable: bool = True) -> "Tensor":
        """Sorted along `axis` (see ``tenflowers.sort``)."""
        from .._ops import sorting

        return sorting.sort(self, axis=axis, descending=descending, stable=stable)

    def argsort(self, axis: int = -1, descending: bool = False, stable: bool = True) -> "Tensor":
        """int64 positions that sort along `axis` (see ``tenflowers.argsort``)."""
        from .._ops import sorting

        return sorting.argsort(self, axis=axis, descending=descending, stable=stable)

    def topk(self, k: int, axis: int = -1, largest: bool = True, sorted: bool = True) -> Tuple["Tensor", "Tensor"]:
        """``(values, indices)`` of the `k` largest elements (see ``tenflowers.topk``)."""
        from .._ops import sorting

        return sorting.topk(self, k, axis=axis, largest=largest, sorted=sorted)


def _empty_nested(shape: Tuple[int, ...]) -> List[Any]:
    if len(shape) == 1 or shape[0] == 0:
        return [] if shape[0] == 0 else [[] for _ in range(shape[0])]
    return [_empty_nested(shape[1:]) for _ in range(shape[0])]
