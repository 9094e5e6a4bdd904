"""The only module that touches ctypes: finds and loads libtenflowers, checks its ABI version,
binds every C function from the prototype table generated out of the header (cdefs), and
offers small call helpers that speak plain Python ints, tuples and bytes. The helpers take the
bound function itself (``call(capi.TF_Exp, h)``): capi (generated) exposes every C function as a
module attribute, so the rest of the package never names one in a string.

Handles (TF_Tensor*) travel as Python ints. Each thread keeps one TF_Status for all its calls;
the status is read only when a call returns NULL, so a successful call costs one ctypes call.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from typing import Any, Callable, NoReturn, Optional, Sequence, Tuple

from . import cdefs
from ..errors import error_for_code

# The package folder (tenflowers/), which holds lib/ and include/ (setup.py puts them there).
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Filenames the build (setup.py) gives the library inside the package, per platform.
if sys.platform == "win32":
    _LIB_NAMES = ("tenflowers.dll",)
elif sys.platform == "darwin":
    _LIB_NAMES = ("libtenflowers.dylib",)
else:
    _LIB_NAMES = ("libtenflowers.so",)

# C type spellings of the header -> ctypes. Pointers all travel as void*: handles are ints and
# arrays are passed by address, which keeps argument conversion cheap.
_CTYPES: dict[str, Any] = {
    "void": None,
    "bool": ctypes.c_bool,
    "int": ctypes.c_int,
    "double": ctypes.c_double,
    "size_t": ctypes.c_size_t,
    "int64_t": ctypes.c_int64,
    "uint32_t": ctypes.c_uint32,
    "uint64_t": ctypes.c_uint64,
    "TF_DataType": ctypes.c_int,
    "TF_Code": ctypes.c_int,
    "const char *": ctypes.c_char_p,
    "TF_LRLambda": ctypes.c_void_p,  # a function pointer: the address of an LR_LAMBDA callback
}


def ctype_of(c_type: str) -> Any:
    """The ctypes type used for a C type spelling from the header."""
    if c_type.endswith("*") and c_type != "const char *":
        return ctypes.c_void_p
    return _CTYPES[c_type]


def _candidates() -> list[str]:
    override = os.environ.get("TENFLOWERS_LIBRARY")
    if override:
        return [override]
    return [os.path.join(_PACKAGE, "lib", name) for name in _LIB_NAMES]


def _load() -> Tuple[ctypes.CDLL, str]:
    tried = _candidates()
    for path in tried:
        if os.path.exists(path):
            try:
                return ctypes.CDLL(path), path
            except OSError as e:
                raise ImportError(f"tenflowers: could not load the native library {path}: {e}") from e
    raise ImportError(
        "tenflowers: native library not found; tried: " + ", ".join(tried)
        + " (install the package with pip, or set TENFLOWERS_LIBRARY to the library path)"
    )


LIB, LIBRARY_PATH = _load()


def _check_abi() -> None:
    fn = LIB.TF_AbiVersion
    fn.argtypes = []
    fn.restype = ctypes.c_uint32
    found = int(fn())
    want = cdefs.TF_ABI_VERSION
    if found >> 16 != want >> 16 or (found & 0xFFFF) < (want & 0xFFFF):
        raise ImportError(
            f"tenflowers: native library {LIBRARY_PATH} has ABI version {found >> 16}.{found & 0xFFFF}, "
            f"but this Python package needs {want >> 16}.{want & 0xFFFF}"
        )


_check_abi()


def _bind() -> dict[str, Any]:
    bound: dict[str, Any] = {}
    for name, (ret, params) in cdefs.FUNCTIONS.items():
        try:
            fn = getattr(LIB, name)
        except AttributeError:
            raise ImportError(f"tenflowers: {LIBRARY_PATH} lacks the function {name}") from None
        fn.argtypes = [ctype_of(t) for t, _ in params]
        fn.restype = ctype_of(ret)
        bound[name] = fn
    return bound


FUNCS = _bind()
_F = FUNCS

# Bound functions used on hot paths, looked up once.
_TF_NewStatus = _F["TF_NewStatus"]
_TF_DeleteStatus = _F["TF_DeleteStatus"]
_TF_GetCode = _F["TF_GetCode"]
_TF_Message = _F["TF_Message"]
_TF_NewTensor = _F["TF_NewTensor"]
_TF_NumDims = _F["TF_NumDims"]
_TF_TensorShape = _F["TF_TensorShape"]
_TF_TensorStrides = _F["TF_TensorStrides"]
_TF_TensorCopyTo = _F["TF_TensorCopyTo"]
_TF_TensorByteSize = _F["TF_TensorByteSize"]
_TF_Contiguous = _F["TF_Contiguous"]
_TF_Cast = _F["TF_Cast"]
_TF_Transpose = _F["TF_Transpose"]
_TF_Reshape = _F["TF_Reshape"]
_TF_Sum = _F["TF_Sum"]


def _bind_keeping_gil(name: str) -> Any:
    """`name` bound through a PyDLL handle: the call keeps the GIL. Only for calls that never
    block and never wait for another thread (a free): it saves the GIL release and re-acquire,
    ~0.04 us of the ~0.25 us a one-argument ctypes call costs."""
    ret, params = cdefs.FUNCTIONS[name]
    fn = getattr(ctypes.PyDLL(LIBRARY_PATH), name)
    fn.argtypes = [ctype_of(t) for t, _ in params]
    fn.restype = ctype_of(ret)
    return fn


# Called from Tensor.__del__: held by the class, so it still works at interpreter shutdown.
delete_tensor: Callable[[int], None] = _bind_keeping_gil("TF_DeleteTensor")
tensor_type: Callable[[int], int] = _F["TF_TensorType"]
tensor_data: Callable[[int], Optional[int]] = _F["TF_TensorData"]
is_contiguous: Callable[[int], bool] = _F["TF_TensorIsContiguous"]
manual_seed: Callable[[int], None] = _F["TF_ManualSeed"]
# Called from Generator.__del__ (held by the class, as delete_tensor).
delete_generator: Callable[[int], None] = _bind_keeping_gil("TF_DeleteGenerator")
element_count: Callable[[int], int] = _F["TF_TensorElementCount"]


class _Status:
    """One TF_Status per thread, freed when the thread's locals are collected."""

    __slots__ = ("ptr",)

    def __init__(self) -> None:
        self.ptr: int = _TF_NewStatus()

    def __del__(self, _delete: Callable[[int], None] = _TF_DeleteStatus) -> None:
        _delete(self.ptr)


_local = threading.local()


def status() -> int:
    """This thread's TF_Status pointer."""
    try:
        return _local.s.ptr  # type: ignore[no-any-return]
    except AttributeError:
        _local.s = _Status()
        return _local.s.ptr  # type: ignore[no-any-return]


def raise_status(st: int) -> NoReturn:
    """Raises the exception for the error held in status `st`."""
    code = int(_TF_GetCode(st))
    message = (_TF_Message(st) or b"").decode("utf-8", "replace")
    raise error_for_code(code)(message)


def version() -> str:
    return (_F["TF_Version"]() or b"").decode()


def abi_version() -> int:
    return int(_F["TF_AbiVersion"]())


def dtype_size(code: int) -> int:
    return int(_F["TF_DataTypeSize"](code))


def int64_array(values: Sequence[int]) -> Any:
    """An `int64_t[]` argument (opaque to callers; pass it where the header takes `int64_t*`)."""
    return (ctypes.c_int64 * len(values))(*values)


def int_array(values: Sequence[int]) -> Any:
    """An `int[]` argument. Never NULL, even when empty (NULL means "not given" to the C API)."""
    return (ctypes.c_int * max(len(values), 1))(*values)


def handle_array(tensors: Sequence[Any]) -> Any:
    """A `const TF_Tensor* []` argument holding the handles of `tensors` (Tensor objects; None
    gives a NULL entry). The array keeps the Tensors referenced, so every handle in it stays
    valid for as long as the array lives, even when the caller built the Tensors on the fly."""
    owners = tuple(tensors)
    arr = (ctypes.c_void_p * max(len(owners), 1))(*[None if t is None else t._h for t in owners])
    arr._owners = owners  # type: ignore[attr-defined]
    return arr


def double_array(values: Sequence[float]) -> Any:
    """A `double[]` argument."""
    return (ctypes.c_double * max(len(values), 1))(*values)


def string_array(values: Sequence[str]) -> Any:
    """A `const char *const []` argument of the UTF-8 encodings of `values`."""
    return (ctypes.c_char_p * max(len(values), 1))(*[v.encode() for v in values])


def out_double(n: int) -> Any:
    """A `double[]` output buffer of n entries; read it with `list(buf)[:n]`."""
    return (ctypes.c_double * max(n, 1))()


# The C type TF_LRLambda: double (*)(int64_t epoch, int64_t group, void *user_data).
LR_LAMBDA = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p)


class LrLambda:
    """Python functions `fns[group](epoch) -> float` as one C TF_LRLambda callback, for the
    LambdaLR and MultiplicativeLR schedulers. `address` is the function pointer to pass; keep
    this object alive for as long as the scheduler that holds the pointer.

    A Python exception cannot cross the C frames between the scheduler and the callback: the
    callback stores it, returns NaN (the callback's report of failure, TF_LRLambda), the C call
    then fails with TF_OPTIMIZER_ERROR, and the caller re-raises the stored exception with
    `take_error`."""

    __slots__ = ("fns", "error", "_c", "address", "__weakref__")

    def __init__(self, fns: Sequence[Callable[[int], float]]) -> None:
        self.fns = fns if isinstance(fns, list) else list(fns)  # a list the owner may edit, as torch's lr_lambdas
        self.error: Optional[BaseException] = None
        fns_ref = self.fns
        holder = self

        def trampoline(epoch: int, group: int, _user_data: Optional[int]) -> float:
            try:
                return float(fns_ref[group](epoch))
            except BaseException as e:  # noqa: B036 - re-raised by the caller of the C function
                holder.error = e
                return float("nan")

        self._c = LR_LAMBDA(trampoline)
        self.address: int = ctypes.cast(self._c, ctypes.c_void_p).value or 0

    def take_error(self) -> Optional[BaseException]:
        """The exception the last failing call stored (and forgets it), or None."""
        e, self.error = self.error, None
        return e


def out_size() -> Any:
    """A `size_t` output; read it with `.value`."""
    return ctypes.c_size_t(0)


def byref(obj: Any) -> Any:
    """A pointer to the ctypes output `obj` (for a `size_t *` or `double *` parameter)."""
    return ctypes.byref(obj)


def bytes_at(address: int, n: int) -> bytes:
    """A copy of `n` bytes at `address`."""
    return ctypes.string_at(address, n)


def bytes_arg(data: bytes) -> Any:
    """A `const void *` argument pointing at the bytes of `data` (kept alive by the result)."""
    return ctypes.c_char_p(data)


def out_handles(n: int) -> Any:
    """A `TF_Tensor* []` output buffer of n entries; read it with `list(buf)`."""
    return (ctypes.c_void_p * max(n, 1))()


def out_int64(n: int) -> Any:
    """An `int64_t[]` output buffer of n entries; read it with `list(buf)`."""
    return (ctypes.c_int64 * max(n, 1))()


def generator_state(gen: Optional[int]) -> Tuple[int, int]:
    """(seed, call count) of the generator handle `gen` (None: the global generator)."""
    seed, counter = ctypes.c_uint64(), ctypes.c_uint64()
    call_status(_F["TF_GeneratorGetState"], gen, ctypes.byref(seed), ctypes.byref(counter))
    return int(seed.value), int(counter.value)


def retry(fn: Callable[..., Optional[int]], *args: Any) -> int:
    """Calls the bound C function `fn` (returning a new TF_Tensor*) with this thread's status
    appended: the handle, or the matching exception when it returns NULL.

    The hot paths call C functions with a NULL status first (the C API allows it: NULL then only
    signals the error by the NULL return), which saves the status lookup and one pointer
    conversion, and only on NULL call again through `retry` to learn the error. This is right
    for the functions that build a new tensor from their inputs: a failed call changes nothing,
    so the second call fails the same way (or, after a transient failure such as running out
    of memory, succeeds and its result is returned)."""
    st = status()
    h = fn(*args, st)
    if not h:
        raise_status(st)
    return h


def call(fn: Callable[..., Optional[int]], *args: Any) -> int:
    """Calls the bound C function `fn` (a ``capi`` attribute) that builds a new TF_Tensor* from
    its inputs (status appended): the handle, or the matching exception when it returns NULL
    (see `retry`)."""
    h = fn(*args, None)
    if h:
        return h
    return retry(fn, *args)


def call_status(fn: Callable[..., Any], *args: Any) -> Any:
    """Calls the bound C function `fn` (a ``capi`` attribute) whose only error signal is the
    status (appended): its return value, or the matching exception when the status is not TF_OK."""
    st = status()
    r = fn(*args, st)
    if _TF_GetCode(st):
        raise_status(st)
    return r




def new_tensor(dtype: int, shape: Sequence[int], address: int, nbytes: int) -> int:
    """A tensor holding a copy of `nbytes` row-major bytes at `address`."""
    st = status()
    h = _TF_NewTensor(dtype, int64_array(shape), len(shape), address, nbytes, st)
    if not h:
        raise_status(st)
    return h  # type: ignore[no-any-return]


def new_tensor_from_buffer(dtype: int, shape: Sequence[int], data: bytes | bytearray) -> int:
    """A tensor holding a copy of the row-major bytes `data`."""
    st = status()
    buf: Any = None
    if isinstance(data, bytearray):
        # Passed by address: no copy of a bytearray into bytes first (unpickled tensors).
        buf = (ctypes.c_char * len(data)).from_buffer(data) if data else None
    elif data:
        buf = ctypes.c_char_p(bytes(data))
    h = _TF_NewTensor(dtype, int64_array(shape), len(shape), buf, len(data), st)
    if not h:
        raise_status(st)
    return h  # type: ignore[no-any-return]


def _creation(name: str) -> Callable[..., int]:
    fn = _F[name]

    def create(dtype: int, shape: Sequence[int], *extra: float) -> int:
        return call(fn, dtype, int64_array(shape), len(shape), *extra)

    create.__name__ = name
    return create


zeros = _creation("TF_Zeros")
ones = _creation("TF_Ones")
full = _creation("TF_Full")
rand = _creation("TF_Rand")
randn = _creation("TF_Randn")


def binary_fn(fn: Callable[[Any, Any, Any], Optional[int]]) -> Callable[[int, int], int]:
    """The bound C function `fn` (two tensors in, a new tensor out; a ``capi`` attribute) as a
    Python callable on handles: called with a NULL status, and again through `retry` only when
    it returns NULL."""

    def bound(a: int, b: int) -> int:
        h = fn(a, b, None)
        if h:
            return h
        return retry(fn, a, b)

    bound.__name__ = fn.__name__
    return bound


add = binary_fn(_F["TF_Add"])
sub = binary_fn(_F["TF_Sub"])
mul = binary_fn(_F["TF_Mul"])
div = binary_fn(_F["TF_Div"])
matmul = binary_fn(_F["TF_MatMul"])


def contiguous(h: int) -> int:
    return call(_TF_Contiguous, h)


def cast(h: int, dtype: int) -> int:
    return call(_TF_Cast, h, dtype)


def transpose(h: int, perm: Optional[Sequence[int]]) -> int:
    """`perm` None reverses the dims."""
    if perm is None:
        return call(_TF_Transpose, h, None, 0)
    return call(_TF_Transpose, h, int_array(perm), len(perm))


def reshape(h: int, shape: Sequence[int]) -> int:
    return call(_TF_Reshape, h, int64_array(shape), len(shape))


def sum(h: int, axes: Optional[Sequence[int]], keepdims: bool) -> int:  # noqa: A001 - mirrors TF_Sum
    """`axes` None sums everything; an empty sequence sums nothing (a non-NULL empty list in C)."""
    if axes is None:
        return call(_TF_Sum, h, None, 0, keepdims)
    return call(_TF_Sum, h, int_array(axes), len(axes), keepdims)


def shape(h: int) -> Tuple[int, ...]:
    n = _TF_NumDims(h)
    if n == 0:
        return ()
    arr = (ctypes.c_int64 * n)()
    st = status()
    _TF_TensorShape(h, arr, n, st)
    if _TF_GetCode(st):
        raise_status(st)
    return tuple(arr)


def strides(h: int) -> Tuple[int, ...]:
    """Strides in elements."""
    n = _TF_NumDims(h)
    if n == 0:
        return ()
    arr = (ctypes.c_int64 * n)()
    st = status()
    _TF_TensorStrides(h, arr, n, st)
    if _TF_GetCode(st):
        raise_status(st)
    return tuple(arr)


def byte_size(h: int) -> int:
    return int(_TF_TensorByteSize(h))


def copy_to(h: int, address: int, nbytes: int) -> None:
    """Copies the row-major elements of tensor `h` to `nbytes` bytes at `address`."""
    st = status()
    _TF_TensorCopyTo(h, address, nbytes, st)
    if _TF_GetCode(st):
        raise_status(st)


def to_bytearray(h: int) -> bytearray:
    """The row-major elements of tensor `h` as a new bytearray."""
    n = byte_size(h)
    out = bytearray(n)
    if n:
        copy_to(h, ctypes.addressof((ctypes.c_char * n).from_buffer(out)), n)
    return out
