"""The checks and the copy behind ``Module.load_state_dict``: PyTorch's missing / unexpected
keys and size-mismatch messages, collected over the whole model before anything is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, NamedTuple, Tuple

from .._core.tensor import Tensor
from .._ops.autograd import no_grad
from .._ops.creation import asarray

if TYPE_CHECKING:
    from .module import Module


class _IncompatibleKeys(NamedTuple("IncompatibleKeys", [("missing_keys", List[str]), ("unexpected_keys", List[str])])):
    """What ``load_state_dict`` returns: the model's keys the state dict lacked and the state
    dict's keys the model has no place for."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def local_state(module: "Module") -> Dict[str, Tensor]:
    """The module's own entries of its state dict: parameters, then persistent buffers."""
    local: Dict[str, Tensor] = {k: v for k, v in module._parameters.items() if v is not None}
    for k, b in module._buffers.items():
        if b is not None and k not in module._non_persistent_buffers_set:
            local[k] = b
    return local


def check_state_dict(
    module: "Module", state_dict: Mapping[str, Any], prefix: str, missing: List[str], unexpected: List[str],
    errors: List[str],
) -> None:
    """Appends to `missing` the keys of `module`'s state (under `prefix`) that `state_dict`
    lacks, to `unexpected` the keys under `prefix` that have no place in it, and to `errors` a
    message for each value that is not an array or does not have its tensor's shape."""
    local = local_state(module)
    for name, tensor in local.items():
        key = prefix + name
        if key not in state_dict:
            missing.append(key)
            continue
        value = state_dict[key]
        shape = getattr(value, "shape", None)
        if not (isinstance(value, Tensor) or hasattr(value, "__array__")) or shape is None:
            errors.append(
                f'While copying the parameter named "{key}", expected a Tensor or an array from the checkpoint '
                f"but received {type(value)}"
            )
        elif tuple(shape) != tensor.shape:
            errors.append(
                f"size mismatch for {key}: copying a param with shape {tuple(shape)} from checkpoint, "
                f"the shape in current model is {tensor.shape}."
            )
    for key in state_dict:
        if key.startswith(prefix):
            head = key[len(prefix):].split(".", 1)
            if (head[0] not in module._modules) if len(head) > 1 else (head[0] not in local):
                unexpected.append(key)
    for name, child in module._modules.items():
        if child is not None:
            child_prefix = prefix + name + "."
            sub = {k: v for k, v in state_dict.items() if k.startswith(child_prefix)}
            check_state_dict(child, sub, child_prefix, missing, unexpected, errors)


def _prefixed(module: "Module", prefix: str) -> Iterator[Tuple[str, "Module"]]:
    # Every (prefix, module) pair state_dict visits: a shared module under each of its names.
    yield prefix, module
    for name, child in module._modules.items():
        if child is not None:
            yield from _prefixed(child, prefix + name + ".")


def copy_state_dict(module: "Module", state_dict: Mapping[str, Any], prefix: str) -> None:
    """Writes each value of `state_dict` in place into the tensor of `module`'s state it names
    (cast to that tensor's dtype), under no_grad."""
    with no_grad():
        for m_prefix, m in _prefixed(module, prefix):
            for name, tensor in local_state(m).items():
                key = m_prefix + name
                if key in state_dict:
                    value = state_dict[key]
                    tensor[...] = value if isinstance(value, Tensor) else asarray(value)


__all__: List[str] = []
