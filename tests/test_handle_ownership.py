"""The rule that keeps every TF_Tensor* handle valid while C uses it, checked on the source.

A Tensor frees its handle in ``__del__``. A handle read from a temporary (``asarray(x)._h``)
is freed as soon as the temporary is dropped, before the C function runs: the library then
gets a dangling pointer (issue 12: ``tfs.sum([1, 2, 3])`` segfaulted). So a handle is only
ever read from a Tensor bound to a name, which keeps it alive for the whole statement, and
arrays of handles are built by ``ffi.handle_array(tensors)``, which holds the Tensors.

This test walks the package's syntax trees and fails on any other way of reading ``._h``.
The behaviour itself is checked by tests/test_nontensor_arguments.py.
"""

from __future__ import annotations

import ast
import pathlib
from typing import Iterator, List, Tuple

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "tenflowers"
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _modules() -> List[pathlib.Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def violations(source: str) -> Iterator[Tuple[int, str]]:
    """(line, reason) for every read of ``._h`` that does not come from a named Tensor."""
    tree = ast.parse(source)
    parent = _parents(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "_h" and isinstance(node.ctx, ast.Load)):
            continue
        if not isinstance(node.value, ast.Name):
            yield node.lineno, f"handle read from a temporary: {ast.unparse(node)}"
            continue
        # Inside a comprehension the name is bound to the items of its iterable: that iterable
        # must itself be a name (a sequence someone holds), and a generator is never allowed,
        # since it runs after the statement that made it.
        p = parent.get(node)
        while p is not None and not isinstance(p, (_COMPREHENSIONS + (ast.FunctionDef, ast.Lambda))):
            p = parent.get(p)
        if isinstance(p, ast.GeneratorExp):
            yield node.lineno, f"handle read inside a generator: {ast.unparse(p)}"
        elif isinstance(p, _COMPREHENSIONS):
            for gen in p.generators:
                if not isinstance(gen.iter, ast.Name):
                    yield node.lineno, f"handles read from the items of a temporary: {ast.unparse(gen.iter)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_handles_are_read_only_from_named_tensors(path: pathlib.Path) -> None:
    found = list(violations(path.read_text()))
    assert not found, "\n".join(f"{path.name}:{line}: {why}" for line, why in found)


@pytest.mark.parametrize(
    "source, bad",
    [
        ("f(asarray(x)._h)", True),
        ("f(t.grad._h)", True),
        ("f(ts[0]._h)", True),
        ("f([t._h for t in ts])", False),
        ("f([t._h for t in conv(xs)])", True),
        ("f(list(t._h for t in ts))", True),
        ("t = asarray(x)\nf(t._h)", False),
        ("r._h = h", False),
    ],
)
def test_the_rule_catches_the_patterns_of_the_bug(source: str, bad: bool) -> None:
    assert bool(list(violations(source))) is bad
