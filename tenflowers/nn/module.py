"""``nn.Module``, the base class of every layer and model, as PyTorch's ``torch.nn.Module``:
parameters, buffers and submodules registered by attribute assignment, traversal with PyTorch's
names and order, train/eval, forward hooks, ``state_dict``/``load_state_dict`` with PyTorch's
keys, and PyTorch's ``repr`` layout.

The hot path is ``module(x)``: with no hooks registered, ``__call__`` is two dict truth tests and
the call of ``forward``; registered members are read through ``__getattr__`` (three dict
lookups at most), as in PyTorch."""

from __future__ import annotations

import warnings
from collections import OrderedDict
from typing import (
    Any, Callable, Dict, Iterator, List, Mapping, Optional, Set, Tuple, TypeVar,
)

from .._core.tensor import Tensor
from .._ops.autograd import no_grad
from ..errors import LayerConfigError
from .hooks import RemovableHandle
from ._state_dict import _IncompatibleKeys, check_state_dict, copy_state_dict
from .parameter import Parameter

M = TypeVar("M", bound="Module")

_setattr = object.__setattr__


def _typename(obj: Any) -> str:
    """``torch.typename``: the qualified type name of `obj` ("int", "tenflowers.Tensor")."""
    if isinstance(obj, Parameter):
        return "tenflowers.nn.Parameter"
    if isinstance(obj, Tensor):
        return "tenflowers.Tensor"
    t = type(obj)
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _addindent(s: str, num_spaces: int) -> str:
    """Indents every line of `s` but the first by `num_spaces` (PyTorch's ``_addindent``)."""
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    return lines[0] + "\n" + "\n".join(num_spaces * " " + line for line in lines[1:])


def _forward_unimplemented(self: "Module", *input: Any) -> None:
    """The ``forward`` of a Module subclass that defines none: raises NotImplementedError."""
    raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')


class Module:
    """Base class for all layers and models (``torch.nn.Module``).

    Subclasses call ``super().__init__()`` first, then assign their layers and parameters as
    attributes (registered by ``__setattr__``), and define ``forward``; ``model(x)`` runs the
    forward pre-hooks, ``forward`` and the forward hooks."""

    training: bool
    _parameters: Dict[str, Optional[Parameter]]
    _buffers: Dict[str, Optional[Tensor]]
    _non_persistent_buffers_set: Set[str]
    _modules: Dict[str, Optional["Module"]]
    _forward_hooks: "OrderedDict[int, Callable[..., Any]]"
    _forward_hooks_with_kwargs: "OrderedDict[int, bool]"
    _forward_hooks_always_called: "OrderedDict[int, bool]"
    _forward_pre_hooks: "OrderedDict[int, Callable[..., Any]]"
    _forward_pre_hooks_with_kwargs: "OrderedDict[int, bool]"

    forward: Callable[..., Any] = _forward_unimplemented

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__() got unexpected arguments: args={args}, kwargs={kwargs}"
            )
        _setattr(self, "training", True)
        _setattr(self, "_parameters", {})
        _setattr(self, "_buffers", {})
        _setattr(self, "_non_persistent_buffers_set", set())
        _setattr(self, "_modules", {})
        _setattr(self, "_forward_hooks", OrderedDict())
        _setattr(self, "_forward_hooks_with_kwargs", OrderedDict())
        _setattr(self, "_forward_hooks_always_called", OrderedDict())
        _setattr(self, "_forward_pre_hooks", OrderedDict())
        _setattr(self, "_forward_pre_hooks_with_kwargs", OrderedDict())

    # -- calling ----------------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._forward_pre_hooks or self._forward_hooks:
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_with_hooks(self, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        result = None
        called: Set[int] = set()
        try:
            for hook_id, hook in list(self._forward_pre_hooks.items()):
                if hook_id in self._forward_pre_hooks_with_kwargs:
                    new = hook(self, args, kwargs)
                    if new is not None:
                        if not (isinstance(new, tuple) and len(new) == 2):
                            raise RuntimeError(
                                f"forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got {new}."
                            )
                        args, kwargs = new
                else:
                    new = hook(self, args)
                    if new is not None:
                        args = new if isinstance(new, tuple) else (new,)
            result = self.forward(*args, **kwargs)
            for hook_id, hook in list(self._forward_hooks.items()):
                if hook_id in self._forward_hooks_always_called:
                    called.add(hook_id)
                if hook_id in self._forward_hooks_with_kwargs:
                    new = hook(self, args, kwargs, result)
                else:
                    new = hook(self, args, result)
                if new is not None:
                    result = new
            return result
        except Exception:
            for hook_id, hook in list(self._forward_hooks.items()):
                if hook_id in self._forward_hooks_always_called and hook_id not in called:
                    try:
                        if hook_id in self._forward_hooks_with_kwargs:
                            new = hook(self, args, kwargs, result)
                        else:
                            new = hook(self, args, result)
                        if new is not None:
                            result = new
                    except Exception as e:
                        warnings.warn(
                            "forward hook with ``always_call=True`` raised an exception that was silenced as "
                            f"another error was raised in forward: {e}",
                            stacklevel=2,
                        )
            raise

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Registers ``hook(module, args)`` to run before ``forward``; a non-None result
        replaces the positional arguments (a non-tuple is wrapped in one). With `with_kwargs`,
        ``hook(module, args, kwargs)`` may return a new ``(args, kwargs)`` pair. Hooks run in
        registration order; `prepend` puts this one first. ``handle.remove()`` unregisters it."""
        handle = RemovableHandle(self._forward_pre_hooks, extra_dict=[self._forward_pre_hooks_with_kwargs])
        self._forward_pre_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False,
        always_call: bool = False,
    ) -> RemovableHandle:
        """Registers ``hook(module, args, output)`` to run after ``forward``; a non-None result
        replaces the output. With `with_kwargs` it is called as ``hook(module, args, kwargs,
        output)``; with `always_call` it also runs (with the output so far, None) when forward
        raises. Hooks run in registration order; `prepend` puts this one first."""
        handle = RemovableHandle(
            self._forward_hooks, extra_dict=[self._forward_hooks_with_kwargs, self._forward_hooks_always_called]
        )
        self._forward_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if always_call:
            self._forward_hooks_always_called[handle.id] = True
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    # -- registration -----------------------------------------------------------------------

    def _check_name(self, what: str, name: Any, table: str) -> None:
        if table not in self.__dict__:
            raise AttributeError(f"cannot assign {what} before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"{what} name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError(f"{what} name can't contain \".\", got: {name}")
        if name == "":
            raise KeyError(f"{what} name can't be empty string \"\"")
        if hasattr(self, name) and name not in self.__dict__[table]:
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name: str, param: Optional[Parameter]) -> None:
        """Adds `param` (a Parameter, or None for an absent one such as ``bias=False``) as the
        parameter `name`, reachable as an attribute."""
        self._check_name("parameter", name, "_parameters")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(tenflowers.nn.Parameter or None required)"
            )
        if param is not None and param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be created explicitly."
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Optional[Tensor], persistent: bool = True) -> None:
        """Adds `tensor` as the buffer `name` (state that is not a parameter, such as running
        statistics), reachable as an attribute. A non-persistent buffer is left out of
        ``state_dict``."""
        self._check_name("buffer", name, "_buffers")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' (tenflowers.Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Optional["Module"]) -> None:
        """Adds `module` (or None) as the submodule `name`, reachable as an attribute."""
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        self._check_name("module", name, "_modules")
        self._modules[name] = module

    def register_module(self, name: str, module: Optional["Module"]) -> None:
        """Alias for ``add_module``."""
        self.add_module(name, module)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        if "_parameters" in d:
            p = d["_parameters"]
            if name in p:
                return p[name]
            b = d["_buffers"]
            if name in b:
                return b[name]
            m = d["_modules"]
            if name in m:
                return m[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__

        def remove_from(*tables: Any) -> None:
            for t in tables:
                if name in t:
                    if isinstance(t, dict):
                        del t[name]
                    else:
                        t.discard(name)

        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            remove_from(d, self._buffers, self._modules, self._non_persistent_buffers_set)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' (tenflowers.nn.Parameter or None expected)"
                )
            self.register_parameter(name, value)
        else:
            modules = d.get("_modules")
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError("cannot assign module before Module.__init__() call")
                remove_from(d, self._parameters, self._buffers, self._non_persistent_buffers_set)
                modules[name] = value
            elif modules is not None and name in modules:
                if value is not None:
                    raise TypeError(
                        f"cannot assign '{_typename(value)}' as child module '{name}' (tenflowers.nn.Module or None expected)"
                    )
                modules[name] = value
            else:
                buffers = d.get("_buffers")
                if buffers is not None and name in buffers:
                    if value is not None and not isinstance(value, Tensor):
                        raise TypeError(
                            f"cannot assign '{_typename(value)}' as buffer '{name}' (tenflowers.Tensor or None expected)"
                        )
                    buffers[name] = value
                else:
                    _setattr(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self._parameters:
            del self._parameters[name]
        elif name in self._buffers:
            del self._buffers[name]
            self._non_persistent_buffers_set.discard(name)
        elif name in self._modules:
            del self._modules[name]
        else:
            object.__delattr__(self, name)

    def __dir__(self) -> List[str]:
        keys = [
            *dir(type(self)), *self.__dict__, *self._parameters, *self._modules, *self._buffers,
        ]
        return sorted(k for k in set(keys) if not k[0].isdigit())

    def get_submodule(self, target: str) -> "Module":
        """The submodule at the dotted path `target` ("" is this module); AttributeError names
        the first step that is missing or not a Module."""
        if target == "":
            return self
        mod: Module = self
        for item in target.split("."):
            if not hasattr(mod, item):
                raise AttributeError(mod._get_name() + " has no attribute `" + item + "`")
            sub = getattr(mod, item)
            if not isinstance(sub, Module):
                raise AttributeError("`" + item + "` is not an nn.Module")
            mod = sub
        return mod

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at the dotted path `target` (e.g. ``"layers.0.weight"``)."""
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, name):
            raise AttributeError(mod._get_name() + " has no attribute `" + name + "`")
        param = getattr(mod, name)
        if not isinstance(param, Parameter):
            raise AttributeError("`" + name + "` is not an nn.Parameter")
        return param

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at the dotted path `target` (e.g. ``"bn.running_mean"``)."""
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, name):
            raise AttributeError(mod._get_name() + " has no attribute `" + name + "`")
        if name not in mod._buffers:
            raise AttributeError("`" + name + "` is not a buffer")
        buf = mod._buffers[name]
        if buf is None:
            raise AttributeError("`" + name + "` is not a buffer")
        return buf

    # -- traversal --------------------------------------------------------------------------

    def named_modules(
        self, memo: Optional[Set["Module"]] = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, "Module"]]:
        """``(name, module)`` for this module (name `prefix`) and every submodule, depth first
        in registration order, each module once unless not `remove_duplicate`."""
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            yield from module.named_modules(memo, prefix + ("." if prefix else "") + name, remove_duplicate)

    def modules(self) -> Iterator["Module"]:
        """This module and every submodule (see ``named_modules``)."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[Tuple[str, "Module"]]:
        """``(name, module)`` for each direct submodule, each module once."""
        memo: Set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in memo:
                memo.add(id(module))
                yield name, module

    def children(self) -> Iterator["Module"]:
        """The direct submodules."""
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, table: str, prefix: str, recurse: bool, remove_duplicate: bool
    ) -> Iterator[Tuple[str, Any]]:
        memo: Set[int] = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for k, v in module.__dict__[table].items():
                if v is None or id(v) in memo:
                    continue
                if remove_duplicate:
                    memo.add(id(v))
                yield module_prefix + ("." if module_prefix else "") + k, v

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, Parameter]]:
        """``(dotted name, parameter)`` for the parameters of this module and (`recurse`) its
        submodules, in registration order; a parameter shared by several modules comes once,
        under its first name, unless not `remove_duplicate`."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """The parameters (see ``named_parameters``), e.g. for an optimizer."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, Tensor]]:
        """``(dotted name, buffer)`` for the buffers (persistent or not), as ``named_parameters``."""
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """The buffers (see ``named_buffers``)."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # -- modes and gradients ----------------------------------------------------------------

    def train(self: M, mode: bool = True) -> M:
        """Sets training mode (`mode`) on this module and every submodule; returns self."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self: M) -> M:
        """``train(False)``: evaluation mode (dropout off, batch norm uses running statistics)."""
        return self.train(False)

    def requires_grad_(self: M, requires_grad: bool = True) -> M:
        """Sets ``requires_grad`` on every parameter (e.g. False to freeze); returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears the gradient of every parameter: ``.grad`` becomes None (`set_to_none`, the
        default), or its elements are set to 0 in place."""
        for p in self.parameters():
            if set_to_none:
                p.grad = None
            else:
                g = p.grad
                if g is not None:
                    with no_grad():
                        g[...] = 0

    def apply(self: M, fn: Callable[["Module"], None]) -> M:
        """Calls `fn` on every submodule (children first, depth first) and then on self, e.g. to
        initialize weights; returns self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # -- state dict -------------------------------------------------------------------------

    def _save_to_state_dict(self, destination: Dict[str, Any], prefix: str, keep_vars: bool) -> None:
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()

    def state_dict(
        self, *, destination: Optional["OrderedDict[str, Tensor]"] = None, prefix: str = "", keep_vars: bool = False
    ) -> "OrderedDict[str, Tensor]":
        """The parameters and persistent buffers by dotted name (``"0.weight"``,
        ``"layers.1.bias"``, ``"bn.running_mean"``), in ``named_parameters`` order per module:
        detached tensors sharing the model's storage (the tensors themselves with
        `keep_vars`). A shared submodule appears under each of its names."""
        if destination is None:
            destination = OrderedDict()
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True) -> _IncompatibleKeys:
        """Copies the values of `state_dict` (as ``state_dict()`` gives; Tensors, or NumPy
        arrays and other objects with ``__array__``) in place into this model's parameters and
        buffers, cast to their dtypes. Returns ``(missing_keys, unexpected_keys)``; with
        `strict` (the default) either being non-empty raises LayerConfigError, and a shape
        mismatch always does, naming the model class, the keys and the shapes. Nothing is
        written unless every key matches (strict) and every shape fits."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing: List[str] = []
        unexpected: List[str] = []
        errors: List[str] = []
        check_state_dict(self, state_dict, "", missing, unexpected, errors)
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise LayerConfigError(
                "Error(s) in loading state_dict for {}:\n\t{}".format(type(self).__name__, "\n\t".join(errors))
            )
        copy_state_dict(self, state_dict, "")
        return _IncompatibleKeys(missing, unexpected)

    # -- repr -------------------------------------------------------------------------------

    def extra_repr(self) -> str:
        """The module's own settings for ``repr`` (e.g. ``in_features=4, out_features=2,
        bias=True``); subclasses override it. Empty by default."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            "(" + key + "): " + _addindent(repr(module), 2) for key, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


__all__ = ["Module"]
