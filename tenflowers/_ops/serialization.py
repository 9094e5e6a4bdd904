"""safetensors files and bytes with the ``safetensors`` package's names (``save_file``,
``load_file``, ``save``, ``load``, ``safe_open``), over the core's reader and writer
(TF_SaveSafetensors, TF_LoadSafetensors, ...), which use the format's reference Rust crate.

Files are memory-mapped copy-on-write on load: opening reads only the header, a tensor's bytes
are read when first touched, and writing into a loaded tensor never changes the file. Saving is
atomic (a temporary file, synced, renamed over the target). Bad files raise
DeserializationError; unwritable paths raise SerializationError.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap
from .creation import asarray

PathLike = Union[str, "os.PathLike[str]"]


def _entries(tensors: Mapping[str, Any], fn: str) -> Tuple[Any, Any, int, List[Tensor]]:
    if not isinstance(tensors, Mapping):
        raise TypeError(f"{fn} needs a dict of name -> Tensor, got {type(tensors).__name__}")
    names: List[str] = []
    values: List[Tensor] = []
    for k, v in tensors.items():
        if not isinstance(k, str):
            raise TypeError(f"{fn}: tensor names are str, got {type(k).__name__}")
        names.append(k)
        values.append(v if isinstance(v, Tensor) else asarray(v))
    return ffi.string_array(names), ffi.handle_array(values), len(names), values


def _metadata(metadata: Optional[Mapping[str, str]], fn: str) -> Optional[bytes]:
    if metadata is None:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise ValueError(f"{fn}: metadata maps str to str, got {dict(metadata)!r}")
    return json.dumps(dict(metadata)).encode()


def save_file(tensors: Mapping[str, Any], filename: PathLike, metadata: Optional[Mapping[str, str]] = None) -> None:
    """Writes `tensors` (name -> Tensor; views and non-contiguous tensors are saved as their
    values) to the safetensors file `filename`, with string `metadata`, atomically."""
    names, handles, n, _keep = _entries(tensors, "save_file")
    st = ffi.status()
    capi.TF_SaveSafetensors(names, handles, n, _metadata(metadata, "save_file"), os.fsencode(filename), st)
    if capi.TF_GetCode(st):
        ffi.raise_status(st)


def save(tensors: Mapping[str, Any], metadata: Optional[Mapping[str, str]] = None) -> bytes:
    """The safetensors encoding of `tensors` as bytes (what ``save_file`` writes)."""
    names, handles, n, _keep = _entries(tensors, "save")
    size = ffi.out_size()
    st = ffi.status()
    buf = capi.TF_SerializeSafetensors(names, handles, n, _metadata(metadata, "save"), ffi.byref(size), st)
    if not buf:
        ffi.raise_status(st)
    try:
        return ffi.bytes_at(buf, size.value)
    finally:
        capi.TF_DeleteBuffer(buf, size.value)


class safe_open:  # noqa: N801 - the safetensors package's name
    """A safetensors file opened lazily (memory-mapped): ``keys()``, ``get_tensor(name)``,
    ``metadata()``; a context manager, as the ``safetensors`` package's. `framework` and
    `device` are accepted for compatibility (tensors are tenflowers tensors on the CPU)."""

    def __init__(self, filename: PathLike, framework: str = "tenflowers", device: str = "cpu") -> None:
        if device != "cpu":
            raise ValueError(f"safe_open: device must be 'cpu', got {device!r}")
        self._h: Optional[int] = None
        st = ffi.status()
        h = capi.TF_LoadSafetensors(os.fsencode(filename), st)
        if not h:
            ffi.raise_status(st)
        self._h = h

    @classmethod
    def _from_bytes(cls, data: bytes) -> "safe_open":
        self = cls.__new__(cls)
        self._h = None
        st = ffi.status()
        h = capi.TF_LoadSafetensorsFromBuffer(ffi.bytes_arg(data), len(data), st)
        if not h:
            ffi.raise_status(st)
        self._h = h
        return self

    def _handle(self) -> int:
        if not self._h:
            raise ValueError("the safetensors file is closed")
        return self._h

    def keys(self) -> List[str]:
        """The tensor names in file order."""
        h = self._handle()
        n = capi.TF_SafetensorsCount(h)
        return [(ffi.call_status(capi.TF_SafetensorsName, h, i) or b"").decode() for i in range(n)]

    def get_tensor(self, name: str) -> Tensor:
        """The tensor `name` (sharing the mapped file's pages, copy-on-write)."""
        return _wrap(ffi.call(capi.TF_SafetensorsGet, self._handle(), name.encode()))

    def metadata(self) -> Optional[Dict[str, str]]:
        """The file's ``__metadata__``, or None."""
        raw = ffi.call_status(capi.TF_SafetensorsMetadata, self._handle())
        if raw is None:
            return None
        out: Dict[str, str] = json.loads(raw.decode())
        return out

    def close(self, _delete: Callable[[Any], None] = capi.TF_DeleteSafetensors) -> None:
        """Releases the handle (tensors already taken stay valid)."""
        h, self._h = getattr(self, "_h", None), None
        if h:
            _delete(h)

    def __enter__(self) -> "safe_open":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def load_file(filename: PathLike, device: str = "cpu") -> Dict[str, Tensor]:
    """Every tensor of the safetensors file `filename`, by name, in file order."""
    with safe_open(filename, device=device) as f:
        return {k: f.get_tensor(k) for k in f.keys()}


def load(data: bytes) -> Dict[str, Tensor]:
    """Every tensor of the safetensors encoding `data` (bytes), by name, in file order."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"load needs bytes, got {type(data).__name__}")
    with safe_open._from_bytes(bytes(data)) as f:
        return {k: f.get_tensor(k) for k in f.keys()}


__all__ = ["save_file", "save", "load_file", "load", "safe_open"]
