"""Every public function and Tensor method, called with lists, NumPy arrays and Python scalars
where it takes a tensor, must do exactly what it does with Tensors: the same result (dtype,
shape, values, and any in-place effect on its arguments) or the same exception class.

Issue 12: ``tfs.sum([1, 2, 3])`` segfaulted because the temporary Tensor made from the list was
freed before the C call ran. The rest of the suite passes Tensors almost everywhere, so no test
converted an argument on its way into C; this module is the layer that does, for every name.

What is called is not a hand list: the functions come from ``__all__`` of ``tenflowers`` and
``tenflowers.autograd`` and the methods from ``dir(Tensor)``; a parameter takes a tensor when its
annotation names ``Tensor``/``Operand`` (or it is one of the array parameters typed ``Any``,
by name, below). Each function is tried in a few "worlds" (float, int, bool, 0-d and 1-D
arguments), and in at least one of them the Tensor call must succeed, so no comparison is vacuous.

The calls run in a child process with ``MALLOC_PERTURB_`` set, so that memory freed too early
holds garbage and a dangling handle crashes or misreads instead of passing by luck. A crash is
reported against the case that was running, and the child resumes after it.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import subprocess
import sys
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

# -- what takes a tensor ---------------------------------------------------------------------

# Parameters typed `Any` that take array data, by name (the rest of `Any` is dtypes, fills,
# pad widths, devices, ...).
ARRAY_PARAMS_BY_NAME = {
    "x", "x1", "x2", "other", "input", "target", "weight", "bias", "index", "indices", "src", "key", "value",
}

# Parameters whose annotation names Tensor but which take a dtype or a Tensor, never array
# data (the Array API's signature for these): a list there is refused with TypeError.
DTYPE_OR_TENSOR = {"can_cast", "finfo", "iinfo"}

# Functions that need Tensors by design, refusing anything else with TypeError: their
# parameters must carry autograd state (.grad, a graph) that a list cannot have.
TENSORS_ONLY = {
    "sgd_step_": "parameters are updated in place from their .grad",
    "autograd.grad": "outputs and inputs must be the Tensors of a recorded graph",
}

# Results whose values are unspecified: only dtype and shape are compared.
UNSPECIFIED_VALUES = {"empty_like"}

# Sample values for the required parameters that do not take a tensor.
REQUIRED_VALUES: Dict[str, Any] = {
    "axes": (1, 0),
    "shape": (3, 2),
    "k": 1,
    "dim": 0,
    "repetitions": (2, 1),
    "repeats": 2,
    "source": 0,
    "destination": 1,
    "axis1": 0,
    "axis2": 1,
    "indices_or_sections": 2,
    "pad_width": 1,
    "shift": 1,
    "subscripts": "ij,ij->ji",
    "axis": 0,
    "lr": 0.1,
    "fill_value": 2.0,
    "dtype": "float32",
    "to": "float64",
    "device": "cpu",
    "func": "double",
}


def _is_tensor_param(p: inspect.Parameter) -> str:
    """'one', 'one_or_seq' (a Tensor or a sequence of them), 'seq' (a sequence of tensors),
    'var' (*args of tensors) or '' for a parameter."""
    ann = p.annotation if isinstance(p.annotation, str) else getattr(p.annotation, "__name__", "")
    if ann.startswith("Callable"):
        return ""
    if ann in ("Tensors",):
        return "one_or_seq"  # a list there means a sequence, so only an array converts as one
    if "Sequence[Tensor]" in ann or "Iterable[Tensor]" in ann or "Sequence[Optional[Tensor]]" in ann:
        return "seq"
    if p.kind is inspect.Parameter.VAR_POSITIONAL and ("Tensor" in ann or "Operand" in ann):
        return "var"
    if "Tensor" in ann or "Operand" in ann:
        return "one"
    if ann == "Any" or ann == "Optional[Any]":
        return "one" if p.name in ARRAY_PARAMS_BY_NAME else ""
    return ""


# -- worlds: the arrays each tensor parameter gets ----------------------------------------------

F = [[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]]
FT = [[1.5, 0.5], [-2.0, 4.0], [3.25, -1.0]]
I = [[0, 1, 2], [1, 0, 1]]  # noqa: E741
B = [[True, False, True], [False, False, True]]

WORLDS: Dict[str, Dict[str, Any]] = {
    "float": {"first": ("float64", F), "rest": ("float64", F)},
    "int": {"first": ("int64", I), "rest": ("int64", I)},
    "bool": {"first": ("bool", B), "rest": ("bool", B)},
    "matmul": {"first": ("float64", F), "rest": ("float64", FT)},
    "0-d": {"first": ("float64", 1.5), "rest": ("float64", 0.75)},
    "0-d int": {"first": ("int64", 3), "rest": ("int64", 2)},
    "1-D": {"first": ("float64", [3.0, -1.0, 2.0]), "rest": ("float64", [0.5, 2.0, -4.0])},
}

# Parameters that get the same array in every world (they have a role, not just a dtype).
ROLE_ARRAYS: Dict[str, Tuple[str, Any]] = {
    "index": ("int64", [[0, 1, 0], [1, 0, 1]]),
    "indices": ("int64", [[0, 1, 0], [1, 0, 1]]),
    "key": ("int64", [1, 0]),
    "target": ("int64", [0, 2]),
    "bias": ("float64", [0.25, -0.5]),
    "condition": ("bool", B),
}

_DOUBLE = "double"

GRAPH_CASES = {"Tensor.backward", "autograd.grad"}


def _spec_for(name: str, position: int, world: Dict[str, Any]) -> Tuple[str, Any]:
    if name in ROLE_ARRAYS:
        return ROLE_ARRAYS[name]
    spec: Tuple[str, Any] = world["first"] if position == 0 else world["rest"]
    return spec


# -- the cases ---------------------------------------------------------------------------------


class Case:
    """One callable: how to call it with a spec for each tensor parameter."""

    def __init__(self, name: str, fn: Callable[..., Any], method: bool) -> None:
        self.name = name
        self.fn = fn
        self.method = method
        sig = inspect.signature(fn)
        self.params = list(sig.parameters.values())
        if method:
            self.params = self.params[1:]  # self is always a Tensor
        self.kinds = {p.name: _is_tensor_param(p) for p in self.params}
        self.tensor_params = [n for n, k in self.kinds.items() if k]

    def argument_sets(self) -> Iterator[Tuple[str, Optional[Tuple[str, Any]], List[Tuple[str, str, Any]]]]:
        """(world, self spec, [(param, kind, spec or value)]) for each world."""
        for wname, world in WORLDS.items():
            args: List[Tuple[str, str, Any]] = []
            pos = 1 if self.method else 0
            for p in self.params:
                kind = self.kinds[p.name]
                if kind in ("one", "one_or_seq"):
                    args.append((p.name, kind, _spec_for(p.name, pos, world)))
                    pos += 1
                elif kind in ("seq", "var"):
                    n = 1 if self.name in GRAPH_CASES else 2  # one grad_output for one output
                    args.append((p.name, kind, [world["first"]] * n))
                elif p.default is inspect.Parameter.empty and p.kind is not inspect.Parameter.VAR_POSITIONAL:
                    if p.name not in REQUIRED_VALUES:
                        raise KeyError(f"{self.name}: no sample value for required parameter {p.name!r}")
                    args.append((p.name, "value", REQUIRED_VALUES[p.name]))
            self_spec = world["first"] if self.method else None
            yield wname, self_spec, args


def _cases() -> Dict[str, Case]:
    import tenflowers as tfs
    import tenflowers.autograd as ag

    cases: Dict[str, Case] = {}
    for mod, prefix in ((tfs, ""), (ag, "autograd.")):
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                cases[prefix + name] = Case(prefix + name, obj, method=False)
    for name in dir(tfs.Tensor):
        obj = getattr(tfs.Tensor, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        if name.startswith("_") and not _is_operator(name):
            continue
        try:
            inspect.signature(obj)
        except (TypeError, ValueError):
            continue
        cases["Tensor." + name] = Case("Tensor." + name, obj, method=True)
    return cases


def _is_operator(name: str) -> bool:
    """Binary and in-place operator methods, and item access: the dunders that take operands."""
    if name in {"__getitem__", "__setitem__"}:
        return True
    if not (name.startswith("__") and name.endswith("__")):
        return False
    base = name[2:-2]
    ops = {
        "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
        "lshift", "rshift", "eq", "ne", "lt", "le", "gt", "ge",
    }
    return base in ops or (base[:1] in ("i", "r") and base[1:] in ops)  # __radd__, __iadd__


# -- running one case (in the child) ------------------------------------------------------------


def _make(spec: Tuple[str, Any], how: str) -> Any:
    import numpy as np

    import tenflowers as tfs

    dtype, data = spec
    arr = np.asarray(data, dtype=dtype)
    if how == "tensor":
        return tfs.asarray(arr)
    if how == "numpy":
        return arr
    return arr.tolist()  # "list"; for a 0-d spec, a Python scalar


def _value(v: Any) -> Any:
    if v == _DOUBLE:
        return lambda t: (t * t).sum()  # a scalar function (jacobian and hessian)
    return v


def _outcome_of(v: Any, unspecified: bool) -> Any:
    import tenflowers as tfs

    if isinstance(v, tfs.Tensor):
        if unspecified:
            return ["T", v.dtype.name, list(v.shape)]
        vals = v.tolist()
        return ["T", v.dtype.name, list(v.shape), _nan_safe(vals)]
    if isinstance(v, (list, tuple)):
        return [type(v).__name__] + [_outcome_of(x, unspecified) for x in v]
    if isinstance(v, float):
        return ["f", _nan_safe(v)]
    if v is None or isinstance(v, (bool, int, str)):
        return v
    return ["obj", type(v).__name__, repr(v)]


def _nan_safe(v: Any) -> Any:
    if isinstance(v, list):
        return [_nan_safe(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    return v


def _call(case: Case, self_spec: Any, args: List[Tuple[str, str, Any]], how: Dict[str, str]) -> Any:
    """Calls `case` with each tensor parameter made as `how[param]` says ('tensor', 'list',
    'numpy'); the outcome is the result and `self` after the call (in-place effects), or the
    exception class."""
    made_self = _make(self_spec, "tensor") if case.method else None
    pos: List[Any] = []
    kw: Dict[str, Any] = {}
    tensors = [made_self] if case.method else []
    # The cases that need a recorded graph get `leaf * 2` for their output (`self` of backward,
    # `outputs` of grad) and the leaf for their inputs; the leaf's .grad is part of the outcome.
    leaf = None
    if case.name in GRAPH_CASES:
        spec0 = self_spec if case.method else args[0][2]
        try:
            leaf = _make(spec0, "tensor").requires_grad_()
        except Exception as e:  # noqa: BLE001 - ints cannot require grad
            return ["E", type(e).__name__]
        if case.method:
            made_self = leaf * 2.0
            tensors = [leaf]
    params = {p.name: p for p in case.params}
    for name, kind, spec in args:
        if leaf is not None and name in ("outputs", "inputs"):
            v = leaf * 2.0 if name == "outputs" else leaf
            if how.get(name, "tensor") != "tensor":
                v = v.tolist() if how[name] == "list" else v.numpy()
        elif kind in ("one", "one_or_seq"):
            v = _make(spec, how.get(name, "tensor"))
        elif kind in ("seq", "var"):
            h = how.get(name, "tensor")
            v = tuple(_make(s, "numpy") for s in spec) if h == "tuple" else [_make(s, h) for s in spec]
        else:
            v = _value(spec)
        p = params[name]
        if kind == "var":
            pos.extend(v)
        elif p.kind is inspect.Parameter.KEYWORD_ONLY:
            kw[name] = v
        else:
            pos.append(v)
    try:
        if case.method:
            r = getattr(made_self, case.name.split(".", 1)[1])(*pos, **kw)
        else:
            r = case.fn(*pos, **kw)
    except Exception as e:  # noqa: BLE001 - the class is the outcome
        return ["E", type(e).__name__]
    unspecified = case.name in UNSPECIFIED_VALUES
    # In-place effects: on `self` (the in-place methods and item assignment), on the leaf.
    after = [_outcome_of(t, False) for t in tensors]
    if leaf is not None:
        after.append(_outcome_of(leaf.grad, False))
    return ["ok", _outcome_of(r, unspecified), after]


def _variants(case: Case) -> List[Dict[str, str]]:
    """How to replace Tensors: each tensor parameter alone as a list and as a NumPy array, then
    all of them at once as lists (a sequence parameter: a list of lists, a list of arrays, a tuple
    of arrays)."""
    out: List[Dict[str, str]] = []
    for name in case.tensor_params:
        kind = case.kinds[name]
        if kind in ("seq", "var"):
            out += [{name: "list"}, {name: "numpy"}, {name: "tuple"}]
        elif kind == "one_or_seq":
            out += [{name: "numpy"}]
        else:
            out += [{name: "list"}, {name: "numpy"}]
    if len(case.tensor_params) > 1:
        out.append({n: "list" for n in case.tensor_params})
    return out


def run_case(case: Case) -> Dict[str, Any]:
    """The report for one case: 'ok' with the number of worlds where the Tensor call succeeded,
    or the mismatches."""
    import tenflowers as tfs

    mismatches: List[str] = []
    succeeded = 0
    if not case.tensor_params:
        return {"case": case.name, "tensor_params": [], "succeeded": 0, "mismatches": []}
    for world, self_spec, args in case.argument_sets():
        tfs.manual_seed(0)
        base = _call(case, self_spec, args, {})
        if base[0] == "ok":
            succeeded += 1
        for how in _variants(case):
            tfs.manual_seed(0)
            got = _call(case, self_spec, args, how)
            if got == base:
                continue
            refused = got in (["E", "TypeError"], ["E", "DtypeError"])
            if refused and (case.name in DTYPE_OR_TENSOR or case.name in TENSORS_ONLY):
                continue
            mismatches.append(f"world {world}, {how}: Tensor call gave {base!r}, this gave {got!r}")
    return {"case": case.name, "tensor_params": case.tensor_params, "succeeded": succeeded, "mismatches": mismatches}


def _child_main(skip: List[str]) -> None:
    cases = _cases()
    for name, case in cases.items():
        if name in skip:
            continue
        print(json.dumps({"start": name}), flush=True)
        print(json.dumps(run_case(case)), flush=True)
    print(json.dumps({"done": True}), flush=True)


# -- the parent: run the child, resume after crashes, one test per case -------------------------

_REPORTS: Optional[Dict[str, Dict[str, Any]]] = None


def _child_env() -> Dict[str, str]:
    env = dict(os.environ)
    env["MALLOC_PERTURB_"] = "165"
    return env


def _reports() -> Dict[str, Dict[str, Any]]:
    global _REPORTS
    if _REPORTS is not None:
        return _REPORTS
    reports: Dict[str, Dict[str, Any]] = {}
    finished = False
    for _ in range(64):  # each round ends at the end or at one crashed case
        proc = subprocess.run(
            [sys.executable, __file__, "--child", json.dumps(sorted(reports))],
            capture_output=True, text=True, env=_child_env(), timeout=600,
        )
        running = None
        for line in proc.stdout.splitlines():
            msg = json.loads(line)
            if "start" in msg:
                running = msg["start"]
            elif "done" in msg:
                finished = True
            else:
                reports[msg["case"]] = msg
                running = None
        if finished:
            break
        if running is None:
            raise RuntimeError(f"the child failed outside any case (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        reports[running] = {
            "case": running, "succeeded": 0, "tensor_params": ["?"],
            "mismatches": [f"the process died ({_how_it_died(proc.returncode)}): {proc.stderr.strip()[-1500:]}"],
        }
    _REPORTS = reports
    return reports


def _how_it_died(code: int) -> str:
    return f"signal {-code}" if code < 0 else f"exit status {code}"


def _case_names() -> List[str]:
    return list(_cases())


@pytest.mark.parametrize("name", _case_names())
def test_nontensor_arguments_behave_like_tensors(name: str) -> None:
    report = _reports()[name]
    assert not report["mismatches"], f"{name}:\n" + "\n".join(report["mismatches"])
    if report["tensor_params"]:
        assert report["succeeded"] > 0, f"{name}: the Tensor call failed in every world, so nothing was compared"


def test_the_enumeration_finds_the_tensor_parameters() -> None:
    """The parameters that take tensors are found from the signatures, of each kind, and the
    callables that take tensors are most of the public ones."""
    cases = _cases()
    taking = [c for c in cases.values() if c.tensor_params]
    assert len(taking) > 150, len(taking)
    for known in ("sum", "sort", "softmax", "linear", "Tensor.__add__", "Tensor.add_", "Tensor.__setitem__"):
        assert cases[known].tensor_params, known
    assert cases["linear"].tensor_params == ["input", "weight", "bias"]
    assert cases["concat"].kinds["arrays"] == "seq"
    assert cases["einsum"].kinds["operands"] == "var"
    assert cases["autograd.jacobian"].kinds == {"func": "", "inputs": "one_or_seq", "create_graph": ""}
    assert cases["reshape"].kinds == {"x": "one", "shape": ""}


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--child":
    _child_main(json.loads(sys.argv[2]))
