"""The Python package's layering and its generated files, checked from the source.

- Everything the op table (tools/optable.py) generates is current (`tools/gen_ops.py --check`).
- `_core/ffi.py` is the only module that imports ctypes.
- No module assigns another module's attributes (the old `_tensor._E = ...` pattern).
- Layers, bottom to top: ffi (`_core/ffi`, `_core/cdefs`, `_core/capi`, `errors`) < core
  (`_core/dtypes`, `device`, `runtime`, `tensor`, `tensor_methods`) < ops (`_ops/*`) < features
  (public subpackages: `nn/`, `optim/`, ...) < public (`__init__`, `autograd`). At import
  time a module imports only its own layer or below; a function-level import reaches a module
  above only where `UPWARD_IMPORTS` lists it (it runs after both modules exist), and a
  function-level import of the same layer or below is not allowed (it belongs at module level).
- No import cycles among the package's modules at import time.
- Hand-written modules stay under 600 lines.
- `__all__` has no duplicates and the stub declares the same `__all__`, in every module.
- Every C function has a Python caller (a `capi.TF_X` reference, or ffi's own binding), or is on
  the C-only list with the reason; every `capi.TF_X` a module uses is a function of the header.
- No `"TF_*"` string literal outside `_core/ffi.py` and the generated files: hand-written modules
  reach C functions as `capi` attributes and constants as `cdefs` attributes.

The Rust crate's layers are checked by rust/tests/layering.rs.
"""

from __future__ import annotations

import ast
import pathlib
import re
import subprocess
import sys
from typing import Dict, Iterable, List, Optional, Set, Tuple

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tenflowers"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _rel(path: pathlib.Path) -> str:
    """The path inside the package, e.g. "_core/ffi.py"."""
    return path.relative_to(PACKAGE).as_posix()


def _module_name(path: pathlib.Path) -> str:
    """The dotted name, e.g. "tenflowers._core.ffi" ("tenflowers" for tenflowers/__init__.py)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULE_NAMES = {_module_name(p) for p in MODULES}

GENERATED = {"_core/cdefs.py", "_core/capi.py", "_ops/elementwise.py"}

# C functions no Python code calls, and why.
C_ONLY = {
    "TF_Assign": "raw write without autograd; Python writes through TF_InplaceAssign, which records it",
    "TF_IndexAssign": "raw indexed write without autograd; Python uses TF_SetItem",
    "TF_Dim": "one dim; Python reads the whole shape with TF_TensorShape",
    "TF_LiveStorageCount": "a C-side leak check for C programs and tests/c",
    # Python optimizers keep PyTorch's param_groups dicts and send changed values with
    # TF_OptimizerSetHyper; these read what Python already holds.
    "TF_OptimizerGetLr": "Python reads group['lr'] from its param_groups",
    "TF_OptimizerSetLr": "Python sets any hyperparameter, lr included, with TF_OptimizerSetHyper",
    "TF_OptimizerGetHyper": "Python reads its param_groups",
    "TF_OptimizerNumGroups": "Python holds its param_groups list",
    "TF_OptimizerGroupSize": "Python holds each group's params list",
    "TF_OptimizerNumHypers": "each Python optimizer class names its hyperparameters",
    "TF_OptimizerHyperName": "each Python optimizer class names its hyperparameters",
    "TF_OptimizerAlgorithm": "the Python class is the algorithm",
    "TF_OptimizerApplyLRScheduler": "Python schedulers write param_groups, which the optimizer sends at its next step",
}

# The modules that may spell C names in strings: ffi binds every function by name, and the
# generated files. Every other module reaches a C function as an attribute, ``capi.TF_Prod`` (checked
# by mypy against capi.pyi), and a constant as ``cdefs.TF_FLOAT``.
NAMING_C_FUNCTIONS = {"_core/ffi.py"} | GENERATED


def _tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def test_generated_files_match_the_op_table() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_ops.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_only_ffi_imports_ctypes(path: pathlib.Path) -> None:
    if _rel(path) == "_core/ffi.py":
        return
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "ctypes" for a in node.names), path.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            assert (node.module or "").split(".")[0] != "ctypes", path.name


def _resolve(node: ast.ImportFrom, package: str) -> str:
    """The dotted name `from <...> import` names, for an import in a module of `package`."""
    if node.level == 0:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base


def _assignments_to_modules(source: str, package: str = "tenflowers") -> List[str]:
    """`module.attr = ...` statements whose target is an imported module."""
    tree = ast.parse(source)
    modules: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            # from . import _tensor; from .._core import ffi (a name that is one of the package's modules)
            target = _resolve(node, package)
            modules.update(
                a.asname or a.name for a in node.names if node.module is None or f"{target}.{a.name}" in MODULE_NAMES
            )
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in modules:
                found.append(f"{t.lineno}: {t.value.id}.{t.attr}")
    return found


def _package_of(path: pathlib.Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_module_assigns_another_modules_attributes(path: pathlib.Path) -> None:
    assert _assignments_to_modules(path.read_text(), _package_of(path)) == [], _rel(path)


def test_the_module_assignment_check_sees_the_old_pattern() -> None:
    old = "def _install():\n    import sys\n    from . import _tensor\n    _tensor._E = sys.modules[__name__]\n"
    assert _assignments_to_modules(old) == ["4: _tensor._E"]
    old = "from .._core import tensor\ntensor._E = 1\n"
    assert _assignments_to_modules(old, "tenflowers._ops") == ["2: tensor._E"]


def _imports(path: pathlib.Path, nodes: Iterable[ast.stmt]) -> Set[str]:
    """The package's modules that the import statements among `nodes` load."""
    deps: Set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            target = _resolve(node, _package_of(path))
            for a in node.names:
                sub = f"{target}.{a.name}"
                deps.add(sub if sub in MODULE_NAMES else target)
        elif isinstance(node, ast.Import):
            deps |= {a.name for a in node.names}
    return deps & MODULE_NAMES


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_statements(path: pathlib.Path) -> Tuple[List[ast.stmt], List[ast.stmt]]:
    """(the import statements that run when the module is imported, those inside functions).
    ``if TYPE_CHECKING:`` blocks never run and are left out."""
    at_import: List[ast.stmt] = []
    in_functions: List[ast.stmt] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            (in_functions if in_function else at_import).append(node)
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            children: List[ast.AST] = list(node.orelse)
        else:
            children = list(ast.iter_child_nodes(node))
        inside = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in children:
            visit(child, inside)

    visit(_tree(path), False)
    return at_import, in_functions


def _import_graph() -> Dict[str, Set[str]]:
    # What runs at import time (module level, class bodies; not function bodies).
    return {_module_name(path): _imports(path, _import_statements(path)[0]) for path in MODULES}


def _cycles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    found: List[List[str]] = []
    state: Dict[str, int] = {}

    def visit(node: str, stack: List[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                found.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycles() -> None:
    assert _cycles(_import_graph()) == []
    assert _cycles({"a": {"b"}, "b": {"a"}}), "the cycle finder finds a cycle"


# -- layers ------------------------------------------------------------------------------------
#
# The package's layers, bottom to top (docs/architecture.md, "Layers"). At import time a module
# imports only modules of its own layer or below; it reaches a module above only by an import
# inside a function, and only where listed in UPWARD_IMPORTS.

LAYERS = ("ffi", "core", "ops", "features", "public")
FFI_LAYER = {"tenflowers._core", "tenflowers._core.ffi", "tenflowers._core.cdefs", "tenflowers._core.capi", "tenflowers.errors"}
CORE_LAYER = {
    "tenflowers._core.dtypes", "tenflowers._core.device", "tenflowers._core.runtime", "tenflowers._core.tensor",
    "tenflowers._core.tensor_methods",
}
PUBLIC_LAYER = {"tenflowers", "tenflowers.autograd", "tenflowers.__main__"}

# Function-level imports of a module above: the Tensor methods that are op functions, and the
# scalar/list operand conversion, which needs asarray. This list may only shrink.
UPWARD_IMPORTS = {
    ("tenflowers._core.tensor", "tenflowers._ops.creation"): "as_tensor_operand turns lists and arrays into tensors with asarray",
    ("tenflowers._core.tensor_methods", "tenflowers._ops.index"): "x[key] and x[key] = value",
    ("tenflowers._core.tensor_methods", "tenflowers._ops.shape"): "x.mT, x.flatten(), x.copy(), x.squeeze(), ...",
    ("tenflowers._core.tensor_methods", "tenflowers._ops.reduce"): "x.mean(), x.max(), x.all(), ...",
    ("tenflowers._core.tensor_methods", "tenflowers._ops.sorting"): "x.sort(), x.argsort(), x.topk()",
    ("tenflowers._core.tensor_methods", "tenflowers"): "x.__array_namespace__() is the tenflowers module",
}


def _layer(module: str) -> Optional[int]:
    """The index in LAYERS of the layer `module` belongs to, None when it has none."""
    if module in FFI_LAYER:
        return LAYERS.index("ffi")
    if module in CORE_LAYER:
        return LAYERS.index("core")
    if module == "tenflowers._ops" or module.startswith("tenflowers._ops."):
        return LAYERS.index("ops")
    if module in PUBLIC_LAYER:
        return LAYERS.index("public")
    parts = module.split(".")
    if len(parts) >= 2 and not parts[1].startswith("_") and (PACKAGE / parts[1]).is_dir():
        return LAYERS.index("features")  # a public subpackage: tenflowers.nn, tenflowers.optim, ...
    return None


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(m for m in MODULE_NAMES if _layer(m) is None)
    assert not unplaced, f"add these modules to a layer in test_architecture.py (and docs/architecture.md): {unplaced}"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_imports_at_import_time_stay_in_the_layer_or_below(path: pathlib.Path) -> None:
    module = _module_name(path)
    own = _layer(module)
    assert own is not None
    above = sorted(d for d in _imports(path, _import_statements(path)[0]) if (_layer(d) or 0) > own)
    assert not above, f"{module} ({LAYERS[own]}) imports modules of a higher layer at import time: {above}"


def test_function_level_imports_reach_up_only_where_listed() -> None:
    found: Dict[Tuple[str, str], str] = {}
    for path in MODULES:
        module = _module_name(path)
        for dep in _imports(path, _import_statements(path)[1]):
            if (_layer(dep) or 0) <= (_layer(module) or 0):
                found[(module, dep)] = "same layer or below: import it at module level"
            else:
                found[(module, dep)] = "upward"
    same = sorted(pair for pair, why in found.items() if why != "upward")
    assert not same, f"function-level imports of modules in the same layer or below (import them at module level): {same}"
    upward = {pair for pair, why in found.items() if why == "upward"}
    assert upward <= set(UPWARD_IMPORTS), f"new upward imports: {sorted(upward - set(UPWARD_IMPORTS))}"
    assert set(UPWARD_IMPORTS) <= upward, f"remove from UPWARD_IMPORTS: {sorted(set(UPWARD_IMPORTS) - upward)}"


def test_the_layer_checks_see_imports_inside_functions_and_skip_type_checking(tmp_path: pathlib.Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "from typing import TYPE_CHECKING\nfrom . import a\nif TYPE_CHECKING:\n    from . import b\n"
        "class C:\n    from . import c\n    def f(self):\n        from . import d\n"
    )
    at_import, in_functions = _import_statements(src)

    def names(nodes: List[ast.stmt]) -> List[str]:
        return [a.name for n in nodes if isinstance(n, ast.ImportFrom) for a in n.names]

    assert names(at_import) == ["TYPE_CHECKING", "a", "c"] and names(in_functions) == ["d"]


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.name == "__init__.py" and p.parent.name.startswith("_")], ids=_rel
)
def test_private_subpackage_inits_import_nothing(path: pathlib.Path) -> None:
    # Importing tenflowers._core.ffi runs tenflowers/_core/__init__.py first: it must not pull in
    # modules of any layer.
    assert not [n for n in ast.walk(_tree(path)) if isinstance(n, (ast.Import, ast.ImportFrom))], _rel(path)


@pytest.mark.parametrize("path", [p for p in MODULES if _rel(p) not in GENERATED], ids=_rel)
def test_hand_written_modules_stay_under_600_lines(path: pathlib.Path) -> None:
    n = len(path.read_text().splitlines())
    assert n <= 600, f"{_rel(path)} has {n} lines: split it along a seam"


def _all_of(path: pathlib.Path) -> List[str] | None:
    for node in _tree(path).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
                value = ast.literal_eval(node.value)
                assert isinstance(value, list)
                return [str(v) for v in value]
    return None


@pytest.mark.parametrize("path", [p for p in MODULES if _all_of(p) is not None], ids=_rel)
def test_all_has_no_duplicates_and_matches_the_stub(path: pathlib.Path) -> None:
    names = _all_of(path)
    assert names is not None
    dups = sorted({n for n in names if names.count(n) > 1})
    assert not dups, f"{_rel(path)}: __all__ repeats {dups}"
    stub = path.with_suffix(".pyi")
    assert stub.exists(), f"{_rel(path)} has no stub"
    assert _all_of(stub) == names, f"{_rel(stub)}: __all__ differs from {_rel(path)}'s"


def _tf_string_literals(source: str) -> List[str]:
    """Every string constant spelled like a C name (``"TF_Prod"``, ``'TF_FLOAT'``): the way the
    hand-written modules used to call C functions (``ffi.call("TF_Prod", ...)``)."""
    return [
        f"{node.lineno}: {node.value}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"TF_\w+", node.value)
    ]


@pytest.mark.parametrize("path", [p for p in MODULES if _rel(p) not in NAMING_C_FUNCTIONS], ids=_rel)
def test_c_names_are_attributes_not_strings(path: pathlib.Path) -> None:
    found = _tf_string_literals(path.read_text())
    assert not found, f"{_rel(path)} names C functions or constants in strings (use capi.TF_X / cdefs.TF_X): {found}"


def test_the_string_check_sees_the_old_pattern() -> None:
    old = '_reduce("TF_Prod", x)\nadd = ffi.binary_fn(\'TF_Add\')\ncode = _CODES["TF_SHAPE_ERROR"]\n'
    assert _tf_string_literals(old) == ["1: TF_Prod", "2: TF_Add", "3: TF_SHAPE_ERROR"]
    assert _tf_string_literals('raise E(f"TF_Tensordot: axes lists {a} differ")\n') == []


def _capi_references(path: pathlib.Path) -> Set[str]:
    """The C functions a module reaches through capi: ``capi.TF_X`` and ``from ...capi import TF_X``."""
    found: Set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "capi":
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and _resolve(node, _package_of(path)) == "tenflowers._core.capi":
            found |= {a.name for a in node.names}
    return found


def _c_functions() -> Set[str]:
    from tenflowers._core import cdefs

    return set(cdefs.FUNCTIONS)


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_capi_references_are_c_functions(path: pathlib.Path) -> None:
    unknown = _capi_references(path) - _c_functions()
    assert not unknown, f"{_rel(path)} uses capi attributes the header does not declare: {sorted(unknown)}"


def test_every_c_function_has_a_python_caller_or_is_c_only() -> None:
    called: Set[str] = set()
    for path in MODULES:
        if _rel(path) not in ("_core/capi.py", "_core/cdefs.py"):  # they bind or list every function
            called |= _capi_references(path)
    # ffi binds the functions of its own helpers (status, shape, copies, ...) by name.
    called |= set(re.findall(r'"(TF_[A-Za-z0-9]+)"', (PACKAGE / "_core" / "ffi.py").read_text()))
    uncalled = _c_functions() - called
    assert uncalled == set(C_ONLY), f"no Python caller and not C-only: {sorted(uncalled - set(C_ONLY))}; " \
        f"C-only but called: {sorted(set(C_ONLY) - uncalled)}"


def test_capi_binds_every_c_function() -> None:
    from tenflowers._core import capi, ffi

    for name in _c_functions():
        assert getattr(capi, name) is ffi.FUNCS[name], name
