"""``Optimizer``: PyTorch's optimizer interface over a core ``TF_Optimizer``.

The state (moment estimates, step counts) lives in the core and each ``step()`` is one C call
that updates every parameter in a fused pass. The Python side keeps PyTorch's surface:
``param_groups`` is a list of dicts whose values (``lr``, ``betas``, ...) may be changed between
steps (a scheduler does), and each step sends the core the values that changed since the last.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap
from .._ops.autograd import enable_grad
from .._ops.creation import asarray
from ..errors import OptimizerError

# One parameter group as PyTorch writes it: "params" plus the hyperparameters.
ParamGroup = Dict[str, Any]
ParamsT = Union[Iterable[Tensor], Iterable[Dict[str, Any]]]

class _Required:
    """The default of a hyperparameter that has none (PyTorch's ``required``)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required: Any = _Required()


class Optimizer:
    """Base class of the optimizers (PyTorch's ``torch.optim.Optimizer``).

    ``params`` is an iterable of Tensors (parameters that require grad) or of dicts, each a
    parameter group: ``{"params": [...], "lr": 0.1, ...}``, whose missing keys take the
    optimizer's ``defaults``. Subclasses name their algorithm and hyperparameters; a user does
    not instantiate this class directly."""

    # The core algorithm name and the hyperparameters: (group key, how it maps to the core:
    # "f" a number, "b" a flag, "betas" the pair beta1/beta2).
    _algorithm: ClassVar[str] = ""
    _hypers: ClassVar[Tuple[Tuple[str, str], ...]] = ()

    def __init__(self, params: ParamsT, defaults: Dict[str, Any]) -> None:
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, "
                f"but got {type(params).__name__}"
            )
        self.defaults: Dict[str, Any] = dict(defaults)
        self.param_groups: List[ParamGroup] = []
        self._h: Optional[int] = None
        self._pushed: List[Dict[str, Any]] = []
        self._params: List[Tensor] = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for g in groups:
            self.add_param_group(g)

    def __del__(self, _delete: Callable[[Any], None] = capi.TF_DeleteOptimizer) -> None:
        h = getattr(self, "_h", None)
        if h:
            self._h = None
            _delete(h)

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, g in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for k in sorted(g):
                if k != "params":
                    lines.append(f"    {k}: {g[k]}")
        lines.append(")")
        return "\n".join(lines)

    # -- groups ------------------------------------------------------------------------------

    def _core_values(self, key: str, kind: str, v: Any, gi: int) -> List[Tuple[str, float]]:
        """One group value as the core's (name, value) pairs."""
        if kind == "betas":
            try:
                b1, b2 = v
            except (TypeError, ValueError):
                raise OptimizerError(
                    f"{type(self).__name__} group {gi}: betas must be a pair of numbers, got {v!r}"
                ) from None
            return [("beta1", _number(b1, "betas[0]", self, gi)), ("beta2", _number(b2, "betas[1]", self, gi))]
        if kind == "b":
            return [(key, 1.0 if v else 0.0)]
        return [(key, _number(v, key, self, gi))]

    def _core_hypers(self, group: Mapping[str, Any], gi: int) -> Tuple[List[str], List[float]]:
        """The group's hyperparameters as the core's names and values."""
        pairs = [nv for key, kind in self._hypers for nv in self._core_values(key, kind, group[key], gi)]
        return [n for n, _ in pairs], [v for _, v in pairs]

    def add_param_group(self, param_group: Dict[str, Any]) -> None:
        """Adds a parameter group (a dict with ``"params"``; missing hyperparameters take the
        defaults). Its parameters must require grad and not be in another group (OptimizerError)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        group = dict(param_group)
        ps = group["params"]
        params = [ps] if isinstance(ps, Tensor) else list(ps)
        if isinstance(ps, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but a set was given")
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}")
        group["params"] = params
        for k, v in self.defaults.items():
            if v is required and k not in group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {k}")
            group.setdefault(k, v)
        gi = len(self.param_groups)
        names, values = self._core_hypers(group, gi)
        handles = ffi.handle_array(params)
        st = ffi.status()
        if self._h is None:
            h = capi.TF_NewOptimizer(
                self._algorithm.encode(), handles, len(params), ffi.string_array(names),
                ffi.double_array(values), len(names), st,
            )
            if not h:
                ffi.raise_status(st)
            self._h = h
        else:
            capi.TF_OptimizerAddParamGroup(
                self._h, handles, len(params), ffi.string_array(names), ffi.double_array(values), len(names), st
            )
            if capi.TF_GetCode(st):
                ffi.raise_status(st)
        self.param_groups.append(group)
        self._pushed.append({k: _snapshot(group[k]) for k, _ in self._hypers})
        self._params.extend(params)

    def _sync(self) -> None:
        """Sends the core every hyperparameter changed in ``param_groups`` since the last step."""
        st = ffi.status()
        for gi, (group, pushed) in enumerate(zip(self.param_groups, self._pushed)):
            for key, kind in self._hypers:
                v = group[key]
                if not isinstance(v, Tensor) and _snapshot(v) == pushed[key]:
                    continue
                pairs = self._core_values(key, kind, v, gi)
                for name, value in pairs:
                    capi.TF_OptimizerSetHyper(self._h, gi, name.encode(), value, st)
                    if capi.TF_GetCode(st):
                        ffi.raise_status(st)
                pushed[key] = _snapshot(v)

    # -- stepping ----------------------------------------------------------------------------

    def step(self, closure: Optional[Callable[[], Any]] = None) -> Any:
        """One optimization step over every parameter that has a gradient (the others are
        skipped). `closure`, when given, is called first with grad mode on (it re-evaluates the
        model and returns the loss, which ``step`` returns)."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        self._sync()
        st = ffi.status()
        capi.TF_OptimizerStep(self._h, st)
        if capi.TF_GetCode(st):
            ffi.raise_status(st)
        return loss

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears every parameter's ``.grad``: to None (the default), or to zeros in place."""
        st = ffi.status()
        capi.TF_OptimizerZeroGrad(self._h, bool(set_to_none), st)
        if capi.TF_GetCode(st):
            ffi.raise_status(st)

    # -- state -------------------------------------------------------------------------------

    def _state_keys(self) -> List[str]:
        opt = self._h
        n = ffi.call_status(capi.TF_OptimizerNumStateKeys, opt)
        return [(ffi.call_status(capi.TF_OptimizerStateKey, opt, i) or b"").decode() for i in range(n)]

    def _param_state(self, index: int, keys: Sequence[str]) -> Dict[str, Tensor]:
        out: Dict[str, Tensor] = {}
        st = ffi.status()
        for k in keys:
            h = capi.TF_OptimizerGetState(self._h, index, k.encode(), st)
            if capi.TF_GetCode(st):
                ffi.raise_status(st)
            if h:
                out[k] = _wrap(h)
        return out

    @property
    def state(self) -> Dict[Tensor, Dict[str, Tensor]]:
        """Each parameter's state (``{"step": ..., "exp_avg": ...}``, PyTorch's keys), as copies
        read from the core; parameters without state yet are absent."""
        keys = self._state_keys()
        out: Dict[Tensor, Dict[str, Tensor]] = {}
        for i, p in enumerate(self._params):
            s = self._param_state(i, keys)
            if s:
                out[p] = s
        return out

    def state_dict(self) -> Dict[str, Any]:
        """PyTorch's layout: ``{"state": {index: {key: tensor}}, "param_groups": [{..., "params":
        [indices]}]}``, parameters numbered across groups in order. Tensors are copies; ``step``
        (and NAdam's ``mu_product``) are 0-d float64 tensors."""
        keys = self._state_keys()
        state: Dict[int, Dict[str, Tensor]] = {}
        for i in range(len(self._params)):
            s = self._param_state(i, keys)
            if s:
                state[i] = s
        groups: List[Dict[str, Any]] = []
        start = 0
        for g in self.param_groups:
            d = {k: v for k, v in g.items() if k != "params"}
            d["params"] = list(range(start, start + len(g["params"])))
            start += len(g["params"])
            groups.append(d)
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Restores a ``state_dict()`` of an optimizer of the same kind over parameters of the
        same shapes: the groups' hyperparameters and every parameter's state (values may be
        Tensors or anything ``asarray`` takes). A different number of groups or group sizes is
        ValueError; state of another shape or dtype than its parameter is OptimizerError. The
        hyperparameters are checked before anything changes."""
        groups = list(state_dict["param_groups"])
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for saved, own in zip(groups, self.param_groups):
            if len(saved["params"]) != len(own["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
        index: Dict[Any, int] = {}
        for saved in groups:
            for pid in saved["params"]:
                index[pid] = len(index)
        new_groups = []
        for gi, (saved, own) in enumerate(zip(groups, self.param_groups)):
            g = dict(own)
            g.update({k: v for k, v in saved.items() if k != "params"})
            self._core_hypers(g, gi)
            new_groups.append(g)
        for gi, g in enumerate(new_groups):
            self.param_groups[gi].clear()
            self.param_groups[gi].update(g)
        self._sync()
        st = ffi.status()
        for pid, entries in dict(state_dict.get("state", {})).items():
            if pid not in index:
                raise ValueError(f"loaded state dict has state for parameter {pid!r}, which no group lists")
            for key, value in entries.items():
                t = value if isinstance(value, Tensor) else asarray(value)
                capi.TF_OptimizerSetState(self._h, index[pid], str(key).encode(), t._h, st)
                if capi.TF_GetCode(st):
                    ffi.raise_status(st)


def _number(v: Any, key: str, opt: Optimizer, gi: int) -> float:
    """A hyperparameter value as a float (a 1-element Tensor counts, as PyTorch's Tensor lr)."""
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    try:
        return float(v)
    except (TypeError, ValueError):
        raise OptimizerError(f"{type(opt).__name__} group {gi}: {key} must be a number, got {v!r}") from None


def _snapshot(v: Any) -> Any:
    """What ``_sync`` compares against: tuples for betas, the value itself otherwise."""
    return tuple(v) if isinstance(v, (list, tuple)) else v


__all__ = ["Optimizer", "ParamGroup", "ParamsT", "required"]
