"""Devices: names known to the native core ("cpu" today), the process-wide default device, and
the Device objects ``Tensor.device`` returns. The list of devices and the default come from the
core (TF_NumDevices, TF_DeviceName, TF_GetDefaultDevice), so Python and C cannot disagree."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from . import capi, ffi
from ..errors import DeviceError


class Device:
    """A device tensors live on, e.g. ``device(type='cpu')``.

    Compares equal to another Device of the same name and to its name as a string
    (``t.device == "cpu"``); hashable. Build one from a name with ``Device("cpu")`` (an unknown
    name raises DeviceError).
    """

    __slots__ = ("_name",)

    _name: str

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"a device name must be a str, got {type(name).__name__}")
        available = device_names()
        if name not in available:
            raise DeviceError(f"unknown device '{name}'; available devices: " + ", ".join(available))
        object.__setattr__(self, "_name", name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Device objects are immutable")

    @property
    def type(self) -> str:
        """The kind of device: ``"cpu"`` (the part of the name before any ``:index``)."""
        return self._name.split(":", 1)[0]

    @property
    def index(self) -> Optional[int]:
        """The device number for names like ``"cuda:1"``; None for ``"cpu"``."""
        _, sep, idx = self._name.partition(":")
        return int(idx) if sep else None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Device):
            return self._name == other._name
        if isinstance(other, str):
            return self._name == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self._name)

    def __repr__(self) -> str:
        idx = self.index
        if idx is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={idx})"

    def __str__(self) -> str:
        return self._name

    def __reduce__(self) -> Any:
        return (Device, (self._name,))


DeviceLike = Union[Device, str]

_CACHE: Dict[str, Device] = {}


def _device(name: str) -> Device:
    d = _CACHE.get(name)
    if d is None:
        d = _CACHE[name] = Device(name)
    return d


def device_names() -> List[str]:
    """The names of every device the core knows, in its order ("cpu" first)."""
    names: List[str] = []
    for i in range(int(capi.TF_NumDevices())):
        raw = capi.TF_DeviceName(i)
        if raw:
            names.append(raw.decode())
    return names


def devices() -> List[Device]:
    """Every device tensors can be placed on."""
    return [_device(n) for n in device_names()]


def get_default_device() -> Device:
    """The device creation functions use when given no ``device=`` (``device(type='cpu')``)."""
    return _device((capi.TF_GetDefaultDevice() or b"cpu").decode())


def set_default_device(device: DeviceLike) -> None:
    """Makes `device` (a Device or a name such as ``"cpu"``) the default of the process, for every
    thread. An unknown device raises DeviceError and leaves the default unchanged."""
    name = _name_of(device)
    ffi.call_status(capi.TF_SetDefaultDevice, name.encode())


def _name_of(device: Any) -> str:
    if isinstance(device, Device):
        return device._name
    if isinstance(device, str):
        return device
    raise TypeError(f"device must be a tenflowers Device or a str such as 'cpu', got {device!r}")


def resolve(device: Optional[DeviceLike]) -> Optional[Device]:
    """The Device for a ``device=`` argument (None stays None); DeviceError for unknown names."""
    if device is None:
        return None
    return _device(_name_of(device))


def tensor_device(h: int) -> Device:
    """The device of the tensor handle `h`."""
    raw = capi.TF_TensorDevice(h)
    return _device(raw.decode() if raw else "cpu")


def place(h: int, device: Optional[Device]) -> int:
    """Handle `h` moved to `device` (a new handle, `h` freed) when it is elsewhere; else `h`."""
    if device is None or tensor_device(h) == device:
        return h
    try:
        return ffi.call(capi.TF_ToDevice, h, device._name.encode())
    finally:
        ffi.delete_tensor(h)
