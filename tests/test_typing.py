"""The bundled stubs are complete and correct (stubtest), and typed user code checks under
`mypy --strict` against them: the tests and the examples are that user code."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_stubtest() -> None:
    # Outside the source tree, so the installed package (with its library) is what gets checked.
    r = run("mypy.stubtest", "tenflowers", cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_on_tests_and_examples() -> None:
    r = run("mypy", "--strict", "--no-incremental", "tests", "examples", "benchmarks", "tools", cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
