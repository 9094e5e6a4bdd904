"""Random tensors: uniform (rand), normal (randn) and integer (randint) samples and permutations
(randperm), drawn from the global generator (seeded by manual_seed) or from a private
``Generator`` passed as ``generator=``. The same seed gives the same numbers whatever the thread
count."""

from __future__ import annotations

import operator
import os
import struct
from typing import Any, Callable, Optional, Tuple

from .._core import capi, ffi
from .._core.device import DeviceLike, place, resolve
from .._core.dtypes import as_dtype, float64, int64, uint8
from .._core.tensor import ShapeLike, Tensor, _wrap
from ..errors import InvalidArgumentError
from .creation import _I64_MAX, _I64_MIN, _create, _shape_of

# The seed of a new Generator, as torch.Generator's default.
_DEFAULT_SEED = 67280421310721
# get_state(): the seed and the call count as two little-endian uint64.
_STATE = struct.Struct("<QQ")


def _seed_value(seed: int) -> int:
    """A seed as the C API takes it: any int, taken modulo 2**64 (negative seeds too, as torch)."""
    return operator.index(seed) % (1 << 64)


class Generator:
    """A random generator of its own (``torch.Generator``): a seed and a count of the draws
    since seeding. Pass it as ``generator=`` to randperm, rand, randn, randint, and to the data
    loading API (``DataLoader(..., generator=g)``, ``random_split``); its draws never shift the
    global generator's numbers, nor those of another Generator. A new Generator has torch's
    default seed 67280421310721. Safe to use from several threads (a mutex orders the draws).
    ``tfs.default_generator`` is the global generator itself. Picklable and copyable: a copy
    continues from the same state, independently."""

    __slots__ = ("_h", "__weakref__")

    _h: int  # the TF_Generator*; 0 for the global generator

    def __init__(self, device: Optional[DeviceLike] = None) -> None:
        resolve(device)  # an unknown device raises DeviceError; every generator draws for the CPU
        self._h = 0
        self._h = ffi.call(capi.TF_NewGenerator, _DEFAULT_SEED)

    def __del__(self, _delete: Callable[[int], None] = ffi.delete_generator) -> None:
        h = getattr(self, "_h", 0)
        self._h = 0
        if h:
            _delete(h)

    @property
    def _handle(self) -> Optional[int]:
        """The C handle to pass: None (NULL) means the global generator."""
        return self._h or None

    @property
    def device(self) -> Any:
        """The device the generator draws for (always the CPU)."""
        return resolve("cpu")

    def manual_seed(self, seed: int) -> "Generator":
        """Seeds this generator (any int, taken modulo 2**64) and resets its draw count: the draws
        that follow repeat those after any other seeding with `seed`. Returns the generator."""
        ffi.call_status(capi.TF_GeneratorManualSeed, self._handle, _seed_value(seed))
        return self

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with."""
        return int(ffi.call_status(capi.TF_GeneratorInitialSeed, self._handle))

    def seed(self) -> int:
        """Seeds this generator from the operating system's randomness; returns the seed."""
        s = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(s)
        return s

    def get_state(self) -> Tensor:
        """The state (seed and draw count) as a uint8 tensor of 16 bytes, for ``set_state``."""
        data = _STATE.pack(*ffi.generator_state(self._handle))
        return _wrap(ffi.new_tensor_from_buffer(uint8.code, (len(data),), data))

    def set_state(self, new_state: Tensor) -> "Generator":
        """Restores a state from ``get_state`` (of this or any generator): the draws that
        followed it follow again. Anything but a uint8 tensor of 16 elements raises
        InvalidArgumentError. Returns the generator."""
        if not isinstance(new_state, Tensor) or new_state.dtype != uint8 or new_state.shape != (_STATE.size,):
            what = f"{new_state.dtype.name} tensor of shape {new_state.shape}" if isinstance(new_state, Tensor) \
                else type(new_state).__name__
            raise InvalidArgumentError(f"set_state needs a uint8 tensor of shape ({_STATE.size},) from get_state, got {what}")
        seed, counter = _STATE.unpack(bytes(ffi.to_bytearray(new_state._h)))
        ffi.call_status(capi.TF_GeneratorSetState, self._handle, seed, counter)
        return self

    def __reduce__(self) -> Tuple[Any, Tuple[int, int]]:
        return _generator_at, ffi.generator_state(self._handle)

    def __repr__(self) -> str:
        return "<tenflowers.Generator (global)>" if not self._h else f"<tenflowers.Generator at {id(self):#x}>"


def _generator_at(seed: int, counter: int) -> Generator:
    """A new private Generator at the state (seed, counter) (unpickling and copies)."""
    g = Generator()
    ffi.call_status(capi.TF_GeneratorSetState, g._h, seed, counter)
    return g


def _global_generator() -> Generator:
    g = object.__new__(Generator)
    g._h = 0
    return g


default_generator: Generator = _global_generator()


def _gen_handle(generator: Optional[Generator]) -> Optional[int]:
    if generator is None:
        return None
    if not isinstance(generator, Generator):
        raise TypeError(f"generator must be a tenflowers.Generator or None, got {type(generator).__name__}")
    return generator._handle


def rand(
    *shape: ShapeLike, generator: Optional[Generator] = None, dtype: Optional[Any] = None,
    device: Optional[DeviceLike] = None,
) -> Tensor:
    """Uniform samples on [0, 1) (float64 unless `dtype` is float32), from `generator` (the
    global generator when None). ``rand(2, 3)`` or ``rand((2, 3))``."""
    dt = as_dtype(dtype or float64)
    if generator is None:
        return _create(capi.TF_Rand, dt, _shape_of(shape), device)
    dims = _shape_of(shape)
    dev = resolve(device)
    return _wrap(place(ffi.call(capi.TF_RandWith, _gen_handle(generator), dt.code, ffi.int64_array(dims), len(dims)), dev))


def randn(
    *shape: ShapeLike, generator: Optional[Generator] = None, dtype: Optional[Any] = None,
    device: Optional[DeviceLike] = None,
) -> Tensor:
    """Standard normal samples (float64 unless `dtype` is float32), from `generator` (the
    global generator when None). ``randn(2, 3)`` or ``randn((2, 3))``."""
    dt = as_dtype(dtype or float64)
    if generator is None:
        return _create(capi.TF_Randn, dt, _shape_of(shape), device)
    dims = _shape_of(shape)
    dev = resolve(device)
    return _wrap(place(ffi.call(capi.TF_RandnWith, _gen_handle(generator), dt.code, ffi.int64_array(dims), len(dims)), dev))


def manual_seed(seed: int) -> Generator:
    """Seeds the global generator: the same seed gives the same sequence of random tensors,
    whatever the thread count. Any int is accepted (taken modulo 2**64). Returns
    ``default_generator``, as torch."""
    ffi.manual_seed(_seed_value(seed))
    return default_generator


def initial_seed() -> int:
    """The seed of the global generator (one taken from the OS on first use when never seeded)."""
    return default_generator.initial_seed()


def seed() -> int:
    """Seeds the global generator from the operating system's randomness; returns the seed."""
    return default_generator.seed()


def randint(
    low: int, high: Optional[int] = None, size: Optional[ShapeLike] = None, dtype: Any = int64, *,
    generator: Optional[Generator] = None, device: Optional[DeviceLike] = None,
) -> Tensor:
    """Integers drawn uniformly from ``[low, high)`` (``[0, low)`` when `high` is None), of shape
    `size` (a 0-d tensor when None) and integer `dtype` (int64 by default; bool draws from
    [0, 2)), from `generator` (the global generator, seeded by ``manual_seed``, when None): the
    same seed gives the same numbers whatever the thread count. ``low >= high`` or a range
    outside the dtype raises InvalidArgumentError; a float dtype raises DtypeError."""
    dev = resolve(device)
    lo, hi = (0, operator.index(low)) if high is None else (operator.index(low), operator.index(high))
    if not (_I64_MIN <= lo <= _I64_MAX and _I64_MIN <= hi <= _I64_MAX):
        raise OverflowError(f"randint: low {lo} and high {hi} must fit in int64")
    shape: Tuple[int, ...] = () if size is None else _shape_of((size,))
    dt = as_dtype(dtype)
    if generator is None:
        h = ffi.call(capi.TF_RandInt, dt.code, ffi.int64_array(shape), len(shape), lo, hi)
    else:
        h = ffi.call(capi.TF_RandIntWith, _gen_handle(generator), dt.code, ffi.int64_array(shape), len(shape), lo, hi)
    return _wrap(place(h, dev))


def randperm(
    n: int, *, generator: Optional[Generator] = None, dtype: Any = int64, device: Optional[DeviceLike] = None,
) -> Tensor:
    """A uniformly random permutation of ``0, 1, ..., n-1`` (``torch.randperm``), of dtype int64
    (or int32), drawn from `generator` (the global generator when None): one draw, whose order
    depends on the generator's state only, never on the thread count. Negative `n` raises
    InvalidArgumentError; a dtype other than int32/int64 raises DtypeError."""
    dev = resolve(device)
    count = operator.index(n)
    if not 0 <= count <= _I64_MAX:
        raise InvalidArgumentError(f"randperm: n must be a non-negative int64, got {count}")
    return _wrap(place(ffi.call(capi.TF_Randperm, count, as_dtype(dtype).code, _gen_handle(generator)), dev))
