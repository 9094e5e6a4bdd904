"""The Python package's layering and its generated files, checked from the source.

- Everything the op table (tools/optable.py) generates is current (`tools/gen_ops.py --check`).
- `_core/ffi.py` is the only module that imports ctypes.
- No module assigns another module's attributes (the old `_tensor._E = ...` pattern).
- No import cycles among the package's modules at import time (a function-level import is the
  allowed way to reach a module above: it runs after both modules exist).
- `__all__` has no duplicates and the stub declares the same `__all__`, in every module.
- Every C function has a Python caller, or is on the C-only list with the reason.
- `"TF_*"` function names appear only in `_core/ffi.py`, generated files and the modules listed in
  `STILL_NAMING_C_FUNCTIONS` (the remaining hand-written wrappers; new modules may not add any).

The Rust crate's layers are checked by rust/tests/layering.rs.
"""

from __future__ import annotations

import ast
import pathlib
import re
import subprocess
import sys
from typing import Dict, Iterable, List, Set

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

GENERATED = {"_core/cdefs.py", "_ops/elementwise.py"}

# C functions no Python code calls, and why.
C_ONLY = {
    "TF_Assign": "raw write without autograd; Python writes through TF_InplaceAssign, which records it",
    "TF_IndexAssign": "raw indexed write without autograd; Python uses TF_SetItem",
    "TF_Dim": "one dim; Python reads the whole shape with TF_TensorShape",
    "TF_LiveStorageCount": "a C-side leak check for C programs and tests/c",
}

# Hand-written modules that still name C functions (to be generated from the op table as their
# families move into it). This list may only shrink.
STILL_NAMING_C_FUNCTIONS = {
    "_ops/activations.py", "_ops/autograd.py", "_ops/creation.py", "_core/device.py", "_ops/dtype_api.py",
    "_ops/fused.py", "_ops/index.py", "_ops/linalg.py", "_ops/random.py", "_ops/reduce.py", "_core/runtime.py",
    "_ops/selection.py", "_ops/shape.py", "_ops/sorting.py", "_core/tensor.py",
}


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


def _import_graph() -> Dict[str, Set[str]]:
    # Module level only: what runs at import time.
    return {_module_name(path): _imports(path, _tree(path).body) for path in MODULES}


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


def _named_c_functions(path: pathlib.Path) -> Set[str]:
    from tenflowers._core import cdefs

    return set(re.findall(r'"(TF_[A-Za-z0-9]+)"', path.read_text())) & set(cdefs.FUNCTIONS)


def test_every_c_function_has_a_python_caller_or_is_c_only() -> None:
    from tenflowers._core import cdefs

    called: Set[str] = set()
    for path in MODULES:
        if _rel(path) != "_core/cdefs.py":
            called |= _named_c_functions(path)
    uncalled = set(cdefs.FUNCTIONS) - called
    assert uncalled == set(C_ONLY), f"no Python caller and not C-only: {sorted(uncalled - set(C_ONLY))}; " \
        f"C-only but called: {sorted(set(C_ONLY) - uncalled)}"


def test_c_function_names_stay_in_ffi_and_generated_files() -> None:
    naming = {_rel(p) for p in MODULES if _named_c_functions(p)}
    allowed = {"_core/ffi.py"} | GENERATED | STILL_NAMING_C_FUNCTIONS
    assert naming <= allowed, f"new modules naming C functions: {sorted(naming - allowed)}"
    assert not (STILL_NAMING_C_FUNCTIONS - naming), f"remove from the list: {sorted(STILL_NAMING_C_FUNCTIONS - naming)}"
