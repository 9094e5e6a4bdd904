"""What examples/c_api_basic.c prints, shared by the tests that build it (tests/test_c.py under the
sanitizers, tests/test_build_metadata.py through pkg-config, CMake and ``python -m tenflowers``)."""

from __future__ import annotations

from typing import List

BASIC_EXAMPLE_LINES = [
    "a [2,3] = 1 2 3 4 5 6",
    "a + full [2,3] = 11 12 13 14 15 16",
    "a @ ones [2,3] = 6 6 6 15 15 15",
    "a^T [3,2] = 1 4 2 5 3 6",
    "reshape(a^T, [-1]) [6] = 1 4 2 5 3 6",
    "sum(a, axis=0) [3] = 5 7 9",
    "expected error: code 1 (TF_SHAPE_ERROR=1): TF_Add: shapes [2,3] and [4] cannot be broadcast",
    'after a success: code 0, message ""',
]


def basic_example_problems(stdout: str, version: str) -> List[str]:
    """What is wrong with c_api_basic's output (empty when it is right): every expected line is
    there and the first line names the library version."""
    lines = stdout.splitlines()
    problems = [f"missing output line {line!r}" for line in BASIC_EXAMPLE_LINES if line not in lines]
    if not lines or not lines[0].startswith(f"tenflowers {version}, ABI "):
        problems.append(f"first line {lines[0] if lines else ''!r} does not start 'tenflowers {version}, ABI '")
    return problems
