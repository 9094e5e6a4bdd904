"""The C API from C: compiles the C test program, the first C example and two header-only files
against the installed package (``tenflowers.get_include()`` / ``tenflowers.get_library()``) and
runs the programs under AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer.

Environment: ``CC`` (default ``cc``) and ``CXX`` (default ``c++``) pick the compilers;
``TENFLOWERS_SKIP_C_TESTS=1`` skips this module (Windows wheel tests have no such compiler).
A missing C compiler is a failure, not a skip; a missing C++ compiler skips the C++ header check.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

if os.environ.get("TENFLOWERS_SKIP_C_TESTS") == "1":
    pytest.skip("TENFLOWERS_SKIP_C_TESTS=1: C API tests disabled", allow_module_level=True)

import tenflowers
from c_example_output import basic_example_problems

ROOT = Path(__file__).resolve().parent.parent
C_DIR = ROOT / "tests" / "c"
# Every tests/c/test_*.c is a test program: one per op family, each ending with "N passed, N failed".
TEST_PROGRAMS = sorted(C_DIR.glob("test_*.c"))
HEADER_C99 = C_DIR / "header_c99.c"
HEADER_CXX = C_DIR / "header_cxx.cpp"
EXAMPLE = ROOT / "examples" / "c_api_basic.c"
AUTOGRAD_EXAMPLE = ROOT / "examples" / "c_autograd.c"
CONV_EXAMPLE = ROOT / "examples" / "c_conv.c"
TRAIN_EXAMPLE = ROOT / "examples" / "c_train.c"

SANITIZE = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"]
WARNINGS = ["-Wall", "-Wextra", "-Werror"]
COMPILE_TIMEOUT = 300
RUN_TIMEOUT = 600
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer")


@dataclass(frozen=True)
class Toolchain:
    """The compiler and the installed package's header folder and library."""

    cc: List[str]
    include: Path
    library: Path
    build_dir: Path
    detect_leaks: bool


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def _compiler(env_var: str, default: str) -> Optional[List[str]]:
    """The compiler command from ``$env_var`` (may carry arguments, e.g. "ccache gcc") or the
    default, or None when its program is not found."""
    cmd = shlex.split(os.environ.get(env_var, "") or default)
    if not cmd or shutil.which(cmd[0]) is None:
        return None
    return cmd


def _run(cmd: Sequence[str], timeout: int, env: Optional[Dict[str, str]] = None) -> Run:
    proc = subprocess.run(
        list(cmd), capture_output=True, text=True, errors="replace", timeout=timeout, env=env
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _describe(what: str, cmd: Sequence[str], run: Run) -> str:
    return (
        f"{what}: exit code {run.returncode}\n$ {shlex.join(cmd)}\n"
        f"--- stdout (tail) ---\n{run.stdout[-6000:]}\n--- stderr (tail) ---\n{run.stderr[-6000:]}"
    )


def _sanitizer_env(detect_leaks: bool) -> Dict[str, str]:
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = f"detect_leaks={1 if detect_leaks else 0}"
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    return env


def _lsan_works(cc: List[str], build_dir: Path) -> bool:
    """LeakSanitizer cannot run everywhere (it fails under ptrace, e.g. in some containers and
    debuggers): check once with a leak-free program and fall back to detect_leaks=0 if it fails."""
    src = build_dir / "lsan_probe.c"
    exe = build_dir / "lsan_probe"
    src.write_text("int main(void) { return 0; }\n")
    built = _run([*cc, *SANITIZE, str(src), "-o", str(exe)], COMPILE_TIMEOUT)
    if built.returncode != 0:
        return True  # the real builds will report the compiler problem
    probe = _run([str(exe)], RUN_TIMEOUT, _sanitizer_env(True))
    return probe.returncode == 0


@pytest.fixture(scope="module")
def toolchain(tmp_path_factory: pytest.TempPathFactory) -> Toolchain:
    cc = _compiler("CC", "cc")
    if cc is None:
        pytest.fail(f"no C compiler: {os.environ.get('CC') or 'cc'} not found (set CC)")
    build_dir = tmp_path_factory.mktemp("c_api")
    return Toolchain(
        cc=cc,
        include=Path(tenflowers.get_include()),
        library=Path(tenflowers.get_library()),
        build_dir=build_dir,
        detect_leaks=_lsan_works(cc, build_dir),
    )


def _build(tc: Toolchain, src: Path) -> Path:
    """Compiles and links one C program against the library, with the sanitizers."""
    exe = tc.build_dir / src.stem
    cmd = [
        *tc.cc, "-std=c99", "-g", *WARNINGS, *SANITIZE, f"-I{tc.include}", str(src),
        str(tc.library), f"-Wl,-rpath,{tc.library.parent}", "-pthread", "-o", str(exe),
    ]
    built = _run(cmd, COMPILE_TIMEOUT)
    if built.returncode != 0:
        pytest.fail(_describe(f"compiling {src.name} failed", cmd, built))
    return exe


def _run_sanitized(tc: Toolchain, exe: Path) -> Run:
    """Runs a program and checks it exited 0 with no sanitizer report."""
    run = _run([str(exe)], RUN_TIMEOUT, _sanitizer_env(tc.detect_leaks))
    assert run.returncode == 0, _describe(f"{exe.name} failed", [str(exe)], run)
    for marker in SANITIZER_MARKERS:
        assert marker not in run.stderr, _describe(f"{exe.name}: sanitizer report", [str(exe)], run)
    return run


@pytest.fixture(scope="module")
def example_exe(toolchain: Toolchain) -> Path:
    return _build(toolchain, EXAMPLE)


def test_library_and_header_exist(toolchain: Toolchain) -> None:
    assert (toolchain.include / "tenflowers.h").is_file()
    assert toolchain.library.is_file()


def test_programs_found() -> None:
    assert C_DIR / "test_capi.c" in TEST_PROGRAMS


@pytest.mark.parametrize("src", TEST_PROGRAMS, ids=[p.stem for p in TEST_PROGRAMS])
def test_c_program(toolchain: Toolchain, src: Path) -> None:
    exe = _build(toolchain, src)
    run = _run_sanitized(toolchain, exe)
    lines = run.stdout.strip().splitlines()
    assert lines, _describe(f"{src.name} printed nothing", [str(exe)], run)
    last = lines[-1]
    assert last.endswith(", 0 failed"), _describe(f"{src.name} reported failures", [str(exe)], run)
    passed = int(last.split(" passed,")[0])
    assert passed > 0, last


def test_example(toolchain: Toolchain, example_exe: Path) -> None:
    run = _run_sanitized(toolchain, example_exe)
    problems = basic_example_problems(run.stdout, tenflowers.__version__)
    assert not problems, _describe("; ".join(problems), [str(example_exe)], run)


def test_autograd_example(toolchain: Toolchain) -> None:
    """examples/c_autograd.c fits y = 2x + 1 by gradient descent from C; the loss must fall."""
    exe = _build(toolchain, AUTOGRAD_EXAMPLE)
    run = _run_sanitized(toolchain, exe)
    lines = run.stdout.splitlines()
    losses = [float(line.split()[3]) for line in lines if line.startswith("step ")]
    assert len(losses) == 11 and losses[-1] < losses[0] * 1e-3, run.stdout
    assert all(b <= a for a, b in zip(losses, losses[1:])), run.stdout
    assert "w = 2.0000, b = 1.0000" in lines, run.stdout
    assert "loss fell: yes" in lines, run.stdout


def test_conv_example(toolchain: Toolchain) -> None:
    """examples/c_conv.c trains conv2d -> relu -> max_pool2d -> linear from C, forward and
    backward, under the sanitizers: the loss must fall and held-out images be classified."""
    exe = _build(toolchain, CONV_EXAMPLE)
    run = _run_sanitized(toolchain, exe)
    lines = run.stdout.splitlines()
    losses = [float(line.split()[3]) for line in lines if line.startswith("step ")]
    assert len(losses) == 5 and losses[-1] < 0.2 * losses[0], run.stdout
    held_out = [float(line.split()[2]) for line in lines if line.startswith("held-out accuracy")]
    assert held_out and held_out[0] >= 0.9, run.stdout
    assert "loss fell: yes" in lines, run.stdout


def test_train_example(toolchain: Toolchain) -> None:
    """examples/c_train.c trains an MLP with TF_Optimizer ("Adam") from C under the sanitizers:
    the loss falls every epoch, held-out samples are classified, and a second run from the same
    seed gives bit-identical parameters."""
    exe = _build(toolchain, TRAIN_EXAMPLE)
    run = _run_sanitized(toolchain, exe)
    lines = run.stdout.splitlines()
    losses = [float(line.split()[3]) for line in lines if line.startswith("epoch ")]
    assert len(losses) == 12 and all(b < a for a, b in zip(losses, losses[1:])), run.stdout
    assert losses[-1] < 0.1 * losses[0], run.stdout
    held_out = [float(line.split()[2]) for line in lines if line.startswith("held-out accuracy")]
    assert held_out and held_out[0] >= 0.85, run.stdout
    assert "loss fell: yes" in lines and "reproducible: yes" in lines, run.stdout


def _compile_header_only(compiler: List[str], std: str, include: Path, src: Path, out: Path) -> None:
    cmd = [*compiler, std, *WARNINGS, "-pedantic", f"-I{include}", "-c", str(src), "-o", str(out)]
    built = _run(cmd, COMPILE_TIMEOUT)
    assert built.returncode == 0, _describe(f"compiling {src.name} failed", cmd, built)
    assert "warning" not in built.stderr, _describe(f"{src.name}: warnings", cmd, built)


def test_header_c99(toolchain: Toolchain) -> None:
    _compile_header_only(
        toolchain.cc, "-std=c99", toolchain.include, HEADER_C99, toolchain.build_dir / "header_c99.o"
    )


def test_header_cxx(toolchain: Toolchain) -> None:
    cxx = _compiler("CXX", "c++")
    if cxx is None:
        pytest.skip(f"no C++ compiler: {os.environ.get('CXX') or 'c++'} not found (set CXX)")
    _compile_header_only(
        cxx, "-std=c++11", toolchain.include, HEADER_CXX, toolchain.build_dir / "header_cxx.o"
    )


def test_every_c_function_is_called_from_c() -> None:
    """Each function of the header is exercised at least once by the C test programs or the C
    examples (the issue's rule: every op is also run from C)."""
    from tenflowers._core import cdefs

    used: set[str] = set()
    for src in [*C_DIR.glob("*.c"), *(ROOT / "examples").glob("*.c")]:
        # Called directly or through a table of function pointers.
        used |= set(re.findall(r"\bTF_[A-Za-z0-9]+\b", src.read_text()))
    missing = sorted(set(cdefs.FUNCTIONS) - used)
    assert not missing, f"C functions never called from C: {missing}"
