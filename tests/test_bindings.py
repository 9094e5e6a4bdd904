"""The C header is the single source of truth: the ctypes prototypes, the installed header, the
dtype and error tables and the exported symbols must all agree with it."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import tenflowers as tfs
from tenflowers._core import capi, cdefs, dtypes, ffi

ROOT = Path(__file__).resolve().parents[1]
HEADER = ROOT / "include" / "tenflowers.h"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cdefs", ROOT / "tools" / "gen_cdefs.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_bindings_are_current() -> None:
    gen = load_generator()
    for path, content in gen.outputs().items():
        assert path.read_text() == content, f"{path} is stale: run python tools/gen_cdefs.py"


def test_installed_package_matches_the_source_tree() -> None:
    for module in (cdefs, capi):
        assert module.__file__ is not None
        installed = Path(module.__file__)
        source = ROOT / "tenflowers" / "_core" / installed.name
        assert installed.read_text() == source.read_text(), "reinstall the package (pip install .)"
    assert (Path(tfs.get_include()) / "tenflowers.h").read_text() == HEADER.read_text()


def test_every_c_function_is_bound_with_the_header_types() -> None:
    gen = load_generator()
    _, _, funcs = gen.parse_header(HEADER.read_text())
    assert len(funcs) >= 35
    assert set(funcs) == set(ffi.FUNCS)
    for name, (ret, params) in funcs.items():
        fn = ffi.FUNCS[name]
        assert fn.restype is ffi.ctype_of(ret), name
        assert list(fn.argtypes) == [ffi.ctype_of(t) for t, _ in params], name
        # The status, when there is one, is always last.
        kinds = [t for t, _ in params]
        if "TF_Status *" in kinds and name not in ("TF_DeleteStatus",):
            assert kinds[-1] == "TF_Status *", name


def test_every_function_has_a_doc_comment() -> None:
    text = HEADER.read_text()
    for m in re.finditer(r"^(?![ /])[^\n]*\b(TF_\w+)\([^)]*\);", text, flags=re.M):
        before = text[: m.start()].rstrip()
        assert before.endswith("*/"), f"{m.group(1)} has no doc comment"


def test_dtype_table_matches_the_c_enum() -> None:
    for d in dtypes.ALL:
        c_name = {"float32": "TF_FLOAT", "float64": "TF_DOUBLE", "int8": "TF_INT8", "int16": "TF_INT16",
                  "int32": "TF_INT32", "int64": "TF_INT64", "uint8": "TF_UINT8", "bool": "TF_BOOL"}[d.name]
        assert d.code == cdefs.TF_DataType[c_name]
        assert d.itemsize == ffi.dtype_size(d.code)


def test_abi_version_agrees() -> None:
    assert ffi.abi_version() == cdefs.TF_ABI_VERSION
    assert cdefs.TF_ABI_VERSION == (cdefs.TF_ABI_VERSION_MAJOR << 16) | cdefs.TF_ABI_VERSION_MINOR


def test_all_extern_c_functions_live_in_the_capi_module() -> None:
    src = ROOT / "rust" / "src"
    for path in src.rglob("*.rs"):
        if "capi" in path.relative_to(src).parts:
            continue
        assert "extern \"C\"" not in path.read_text(), f"{path} defines a C entry point outside capi/"
    exported = set()
    for path in (src / "capi").rglob("*.rs"):
        exported |= set(re.findall(r"#\[no_mangle\]\s*pub (?:unsafe )?extern \"C\" fn (\w+)", path.read_text()))
    assert exported == set(cdefs.FUNCTIONS)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF inspection")
def test_library_exports_only_tf_symbols_and_needs_no_libpython() -> None:
    nm = shutil.which("nm")
    readelf = shutil.which("readelf")
    if nm is None or readelf is None:
        pytest.skip("binutils (nm, readelf) not installed")
    out = subprocess.run([nm, "-D", "--defined-only", tfs.get_library()], capture_output=True, text=True, check=True).stdout
    symbols = {line.split()[-1] for line in out.splitlines() if line.strip()}
    assert symbols == set(cdefs.FUNCTIONS), symbols ^ set(cdefs.FUNCTIONS)
    dyn = subprocess.run([readelf, "-d", tfs.get_library()], capture_output=True, text=True, check=True).stdout
    assert "libpython" not in dyn
    assert "Library soname: [libtenflowers.so]" in dyn


def test_no_module_but_ffi_imports_ctypes() -> None:
    pkg = ROOT / "tenflowers"
    users = sorted(
        p.relative_to(pkg).as_posix() for p in pkg.rglob("*.py") if re.search(r"^\s*(import|from) ctypes", p.read_text(), re.M)
    )
    assert users == ["_core/ffi.py"]
    assert os.path.exists(pkg / "py.typed")


def test_c_api_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "tools" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rendered = mod.render(HEADER.read_text())
    assert (ROOT / "docs" / "c-api.md").read_text() == rendered, "run python tools/gen_docs.py"
    for name in cdefs.FUNCTIONS:
        assert f"### `{name}`" in rendered


def test_nn_export_lists_are_current() -> None:
    """tenflowers.nn and nn.modules export every layer of every nn/modules family file."""
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_nn_exports.py"), "--check"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    import tenflowers.nn as nn
    import tenflowers.nn.modules as modules

    assert set(modules.__all__) <= set(nn.__all__)
    for name in modules.__all__:
        assert getattr(nn, name) is getattr(modules, name)


def test_ops_page_is_current() -> None:
    """docs/ops.md is generated by calling every op on every dtype: stale means the code changed."""
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_ops_doc.py"), "--check"],
                       capture_output=True, text=True, timeout=300, cwd=ROOT / "docs")
    assert r.returncode == 0, r.stdout + r.stderr
