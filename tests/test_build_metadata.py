"""The C build metadata the package ships: ``python -m tenflowers --cflags --libs``, the pkg-config
file (tenflowers/lib/pkgconfig/tenflowers.pc) and the CMake package configuration
(tenflowers/lib/cmake/tenflowers/) each build examples/c_api_basic.c into a program that runs
without LD_LIBRARY_PATH, and every version they state is ``tenflowers.__version__``.

Run against the installed package (scripts/test-all.sh installs the wheel into build/venv);
every subprocess runs in a neutral directory so it imports that package, not the source tree.
In a source checkout (the dev setup) the .pc and CMake files are not there: those tests skip,
saying so; against an installed package a missing file fails. A missing ``pkg-config`` or
``cmake`` skips its tests; a missing C compiler fails, unless ``TENFLOWERS_SKIP_C_TESTS=1``.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

import tenflowers
from c_example_output import basic_example_problems

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "c_api_basic.c"
PACKAGE = Path(tenflowers.__file__).resolve().parent
# The package folder as the package itself spells it (unresolved), for comparing printed flags.
PACKAGE_DIR = os.path.dirname(os.path.abspath(tenflowers.__file__))
# The source tree's package (dev setup: PYTHONPATH=<checkout>) has no build metadata.
FROM_SOURCE_TREE = PACKAGE == (ROOT / "tenflowers").resolve()
NOT_INSTALLED = (
    f"tenflowers is imported from the source tree ({PACKAGE}), which has no pkg-config or CMake "
    "files (setup.py makes them); run from a venv with the wheel installed (scripts/test-all.sh)"
)
TIMEOUT = 300
WARNINGS = ["-std=c99", "-Wall", "-Wextra", "-Werror"]


def _run(cmd: Sequence[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, errors="replace", cwd=cwd, env=env,
                          timeout=TIMEOUT)


def _describe(what: str, r: subprocess.CompletedProcess[str]) -> str:
    return (f"{what}: exit code {r.returncode}\n$ {shlex.join(r.args)}\n"
            f"--- stdout ---\n{r.stdout[-4000:]}\n--- stderr ---\n{r.stderr[-4000:]}")


def _tenflowers(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m tenflowers ARGS`` from a neutral directory, with this interpreter."""
    return _run([sys.executable, "-m", "tenflowers", *args], Path(tempfile.gettempdir()))


def _stdout_of(*args: str) -> str:
    r = _tenflowers(*args)
    assert r.returncode == 0, _describe(f"python -m tenflowers {' '.join(args)} failed", r)
    return r.stdout.strip()


def _env_without_library_path() -> Dict[str, str]:
    """The environment minus the variables that would find the library without the rpath."""
    env = dict(os.environ)
    for var in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "PKG_CONFIG_PATH"):
        env.pop(var, None)
    return env


def _run_example(exe: Path) -> None:
    """Runs the built example without LD_LIBRARY_PATH and checks what it prints."""
    r = _run([str(exe)], exe.parent, _env_without_library_path())
    assert r.returncode == 0, _describe(f"{exe.name} failed", r)
    problems = basic_example_problems(r.stdout, tenflowers.__version__)
    assert not problems, _describe("; ".join(problems), r)


def _installed_folder(option: str, expected: Path) -> Path:
    """The folder ``python -m tenflowers OPTION`` names, which must be ``expected`` (inside the
    imported package); skips in a source checkout, where the file is not made."""
    r = _tenflowers(option)
    if r.returncode != 0 and FROM_SOURCE_TREE:
        pytest.skip(NOT_INSTALLED)
    assert r.returncode == 0, _describe(f"python -m tenflowers {option} failed for an installed package", r)
    folder = Path(r.stdout.strip())
    assert folder.resolve() == expected.resolve(), (folder, expected)
    return folder


@pytest.fixture(scope="module")
def cc() -> List[str]:
    if os.environ.get("TENFLOWERS_SKIP_C_TESTS") == "1":
        pytest.skip("TENFLOWERS_SKIP_C_TESTS=1: C API tests disabled")
    cmd = shlex.split(os.environ.get("CC", "") or "cc")
    if not cmd or shutil.which(cmd[0]) is None:
        pytest.fail(f"no C compiler: {os.environ.get('CC') or 'cc'} not found (set CC)")
    return cmd


@pytest.fixture(scope="module")
def pkgconfig_dir() -> Path:
    return _installed_folder("--pkgconfigdir", PACKAGE / "lib" / "pkgconfig")


@pytest.fixture(scope="module")
def cmake_dir() -> Path:
    return _installed_folder("--cmakedir", PACKAGE / "lib" / "cmake" / "tenflowers")


@pytest.fixture(scope="module")
def pkg_config() -> str:
    found = shutil.which("pkg-config") or shutil.which("pkgconf")
    if found is None:
        pytest.skip("no pkg-config (or pkgconf) program on PATH: the pkg-config file is not exercised")
    return found


@pytest.fixture(scope="module")
def cmake() -> str:
    found = shutil.which("cmake")
    if found is None:
        pytest.skip("no cmake program on PATH: the CMake package configuration is not exercised")
    return found


# -- python -m tenflowers ---------------------------------------------------------------------


def test_main_module_does_not_import_numpy() -> None:
    code = "import sys, tenflowers.__main__; print('numpy' in sys.modules)"
    r = _run([sys.executable, "-c", code], Path(tempfile.gettempdir()))
    assert r.returncode == 0, _describe("importing tenflowers.__main__ failed", r)
    assert r.stdout.strip() == "False", "importing tenflowers.__main__ imported numpy"


def test_version_option_is_the_library_version() -> None:
    assert _stdout_of("--version") == tenflowers.__version__


def test_flags_name_the_imported_package() -> None:
    include = os.path.join(PACKAGE_DIR, "include")
    libdir = os.path.join(PACKAGE_DIR, "lib")
    assert _stdout_of("--cflags") == f"-I{include}"
    assert _stdout_of("--libs") == f"-L{libdir} -ltenflowers -Wl,-rpath,{libdir}"
    # As pkg-config: the compiler flags first, whatever the order of the options.
    assert _stdout_of("--libs", "--cflags") == f"-I{include} -L{libdir} -ltenflowers -Wl,-rpath,{libdir}"
    assert Path(include).resolve() == Path(tenflowers.get_include()).resolve()
    assert (Path(include) / "tenflowers.h").is_file()
    if "TENFLOWERS_LIBRARY" not in os.environ:  # else the package loaded a library from elsewhere
        assert Path(tenflowers.get_library()).parent.resolve() == Path(libdir).resolve()


def test_no_option_prints_help_and_a_bad_option_fails() -> None:
    assert "--cflags" in _stdout_of()
    r = _tenflowers("--frobnicate")
    assert r.returncode == 2 and "--frobnicate" in r.stderr, _describe("a bad option", r)


def test_missing_metadata_is_an_error_naming_the_file() -> None:
    """``--pkgconfigdir`` and ``--cmakedir`` fail (exit 1, nothing on stdout) when the file is
    not there; checked with the module's package folder pointed at an empty directory."""
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            "import sys, tenflowers.__main__ as m; "
            f"m._PACKAGE = {tmp!r}; sys.exit(m.main(sys.argv[1:]))"
        )
        for option, name in (("--pkgconfigdir", "tenflowers.pc"), ("--cmakedir", "tenflowersConfig.cmake")):
            r = _run([sys.executable, "-c", code, option], Path(tempfile.gettempdir()))
            assert r.returncode == 1 and r.stdout == "", _describe(option, r)
            assert name in r.stderr and tmp in r.stderr, r.stderr


def test_cflags_libs_build_and_run_the_example(cc: List[str], tmp_path: Path) -> None:
    flags = shlex.split(_stdout_of("--cflags", "--libs"))
    exe = tmp_path / "c_api_basic"
    r = _run([*cc, *WARNINGS, str(EXAMPLE), *flags, "-o", str(exe)], tmp_path)
    assert r.returncode == 0, _describe("compiling with python -m tenflowers --cflags --libs failed", r)
    _run_example(exe)


def test_wheel_metadata_version_is_the_library_version() -> None:
    """The distribution's version (from rust/Cargo.toml through setup.py) is the library's."""
    if FROM_SOURCE_TREE:
        pytest.skip(NOT_INSTALLED)
    assert importlib.metadata.version("tenflowers") == tenflowers.__version__


# -- pkg-config ---------------------------------------------------------------------------------


def _pc_field(pc: Path, field: str) -> str:
    found = re.search(rf"^{field}:\s*(.*?)\s*$", pc.read_text(), flags=re.M)
    assert found, f"{pc} has no {field}: line"
    return found.group(1)


def test_pc_file_version_and_relative_prefix(pkgconfig_dir: Path) -> None:
    pc = pkgconfig_dir / "tenflowers.pc"
    assert _pc_field(pc, "Version") == tenflowers.__version__
    # No absolute path of the build machine: everything hangs off ${pcfiledir}.
    assert re.search(r"^prefix=\$\{pcfiledir\}/", pc.read_text(), flags=re.M), pc.read_text()


def _pkg_config(pkg_config: str, folder: Path, *args: str) -> str:
    env = _env_without_library_path()
    env["PKG_CONFIG_PATH"] = str(folder)
    r = _run([pkg_config, *args, "tenflowers"], Path(tempfile.gettempdir()), env)
    assert r.returncode == 0, _describe(f"pkg-config {' '.join(args)} failed", r)
    return r.stdout.strip()


def test_pkg_config_modversion(pkg_config: str, pkgconfig_dir: Path) -> None:
    assert _pkg_config(pkg_config, pkgconfig_dir, "--modversion") == tenflowers.__version__


def test_pkg_config_builds_and_runs_the_example(pkg_config: str, pkgconfig_dir: Path, cc: List[str],
                                                tmp_path: Path) -> None:
    flags = shlex.split(_pkg_config(pkg_config, pkgconfig_dir, "--cflags", "--libs"))
    assert any(f.startswith("-Wl,-rpath,") for f in flags), flags
    exe = tmp_path / "c_api_basic"
    r = _run([*cc, *WARNINGS, str(EXAMPLE), *flags, "-o", str(exe)], tmp_path)
    assert r.returncode == 0, _describe("compiling with pkg-config --cflags --libs failed", r)
    _run_example(exe)


def test_pc_file_is_relocatable(pkg_config: str, pkgconfig_dir: Path, tmp_path: Path) -> None:
    """A copy of the package's lib/ and include/ elsewhere gives flags into the copy."""
    copy = tmp_path / "moved" / "tenflowers"
    shutil.copytree(PACKAGE / "include", copy / "include")
    shutil.copytree(pkgconfig_dir, copy / "lib" / "pkgconfig")
    flags = shlex.split(_pkg_config(pkg_config, copy / "lib" / "pkgconfig", "--cflags", "--libs"))
    include = [f[2:] for f in flags if f.startswith("-I")]
    libdir = [f[2:] for f in flags if f.startswith("-L")]
    assert [Path(p).resolve() for p in include] == [(copy / "include").resolve()], flags
    assert [Path(p).resolve() for p in libdir] == [(copy / "lib").resolve()], flags


# -- CMake --------------------------------------------------------------------------------------

CMAKELISTS = """cmake_minimum_required(VERSION 3.16)
project(tenflowers_consumer C)
find_package(tenflowers {version} CONFIG REQUIRED)
add_executable(c_api_basic "{example}")
set_target_properties(c_api_basic PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON)
target_compile_options(c_api_basic PRIVATE -Wall -Wextra -Werror)
target_link_libraries(c_api_basic PRIVATE tenflowers::tenflowers)
"""


def _cmake_configure(cmake: str, cmake_dir: Path, src: Path, version: str,
                     via: str = "tenflowers_DIR") -> subprocess.CompletedProcess[str]:
    """Configures a project that finds tenflowers, told where by ``-Dtenflowers_DIR=<cmake dir>``
    or by ``-DCMAKE_PREFIX_PATH=<the folder holding the package>`` (site-packages), which CMake
    searches as ``<prefix>/tenflowers/lib/cmake/tenflowers/``."""
    src.mkdir(parents=True)
    (src / "CMakeLists.txt").write_text(CMAKELISTS.format(version=version, example=EXAMPLE.as_posix()))
    where = f"-Dtenflowers_DIR={cmake_dir}" if via == "tenflowers_DIR" else f"-DCMAKE_PREFIX_PATH={PACKAGE.parent}"
    env = _env_without_library_path()
    env.pop("CMAKE_PREFIX_PATH", None)
    env.pop("tenflowers_DIR", None)
    return _run([cmake, "-S", str(src), "-B", str(src / "build"), where, "-DCMAKE_BUILD_TYPE=Release"], src, env)


def test_cmake_version_file(cmake_dir: Path) -> None:
    text = (cmake_dir / "tenflowersConfigVersion.cmake").read_text()
    found = re.search(r'^set\(PACKAGE_VERSION "([^"]*)"\)', text, flags=re.M)
    assert found and found.group(1) == tenflowers.__version__, text


@pytest.mark.parametrize("via", ["tenflowers_DIR", "CMAKE_PREFIX_PATH"])
def test_cmake_find_package_builds_and_runs_the_example(cmake: str, cmake_dir: Path, cc: List[str],
                                                        tmp_path: Path, via: str) -> None:
    src = tmp_path / "consumer"
    r = _cmake_configure(cmake, cmake_dir, src, tenflowers.__version__, via)
    assert r.returncode == 0, _describe(f"cmake configure with find_package(tenflowers) through {via} failed", r)
    cache = (src / "build" / "CMakeCache.txt").read_text()
    found = re.search(r"^tenflowers_DIR:[A-Z]+=(.*)$", cache, flags=re.M)
    assert found and Path(found.group(1)).resolve() == cmake_dir.resolve(), found
    r = _run([cmake, "--build", str(src / "build")], src, _env_without_library_path())
    assert r.returncode == 0, _describe("cmake --build failed", r)
    _run_example(src / "build" / "c_api_basic")


def test_cmake_refuses_an_incompatible_version(cmake: str, cmake_dir: Path, tmp_path: Path) -> None:
    major, minor = (int(x) for x in tenflowers.__version__.split(".")[:2])
    # Before 1.0 a newer minor may break the API; from 1.0 on a newer major does.
    newer = f"{major}.{minor + 1}" if major == 0 else f"{major + 1}.0"
    r = _cmake_configure(cmake, cmake_dir, tmp_path / "consumer", newer)
    assert r.returncode != 0, _describe(f"find_package(tenflowers {newer}) accepted {tenflowers.__version__}", r)
    assert tenflowers.__version__ in r.stdout + r.stderr, _describe("the refusal names no version", r)
