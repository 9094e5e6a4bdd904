#!/usr/bin/env python3
"""Generates the export lists of ``tenflowers.nn`` from the layer files: ``nn/modules/__init__.py``
and ``.pyi`` import every name of each ``nn/modules/<family>.py``'s ``__all__``, and
``nn/__init__.py`` / ``.pyi`` re-export them beside the module system. A layer added to a family
file is exported everywhere by running this; tests/test_bindings.py fails when they are stale.

    python tools/gen_nn_exports.py          # rewrite them
    python tools/gen_nn_exports.py --check  # exit 1 when any is stale
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
NN = ROOT / "tenflowers" / "nn"
MODULES = NN / "modules"
# What nn/__init__ exports besides the layers (hand-written imports above the generated block).
CORE = ["Module", "ModuleDict", "ModuleList", "Parameter", "ParameterDict", "ParameterList", "Sequential",
        "functional", "init", "utils"]
DOC = ('"""``tenflowers.nn.modules``: the layer modules, one file per family (as PyTorch\'s\n'
       '``torch.nn.modules``); everything here is re-exported by ``tenflowers.nn``."""\n')


def families() -> Dict[str, List[str]]:
    """Each family file's ``__all__``, the files in name order."""
    out: Dict[str, List[str]] = {}
    for f in sorted(MODULES.glob("*.py")):
        if f.name == "__init__.py":
            continue
        for node in ast.parse(f.read_text()).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                out[f.stem] = sorted(ast.literal_eval(node.value))
    return out


def wrap(items: List[str], quote: bool, indent: str = "    ", width: int = 110) -> str:
    lines, cur = [], indent
    for it in items:
        piece = f'"{it}", ' if quote else f"{it}, "
        if len(cur) + len(piece) > width:
            lines.append(cur.rstrip())
            cur = indent
        cur += piece
    lines.append(cur.rstrip())
    return "\n".join(lines)


def splice(text: str, start: str, end: str, new: str) -> str:
    a = text.index(start)
    b = text.index(end, a) + len(end)
    return text[:a] + new + text[b:]


def render() -> Dict[Path, str]:
    fams = families()
    names = sorted(n for ns in fams.values() for n in ns)
    every = sorted(names + CORE, key=lambda x: (x[0].islower(), x))
    all_layers = "\n__all__ = [\n" + wrap(names, True) + "\n]\n"
    py = DOC + "\nfrom __future__ import annotations\n\n"
    pyi = ""
    for fam, ns in fams.items():
        py += f"from .{fam} import (\n" + wrap(ns, False) + "\n)\n"
        pyi += "".join(f"from .{fam} import {n} as {n}\n" for n in ns)
    out = {MODULES / "__init__.py": py + all_layers, MODULES / "__init__.pyi": pyi + all_layers}
    all_nn = "__all__ = [\n" + wrap(every, True) + "\n]\n"
    init_py = (NN / "__init__.py").read_text()
    init_py = splice(init_py, "from .modules import (", ")\n", "from .modules import (\n" + wrap(names, False) + "\n)\n")
    out[NN / "__init__.py"] = splice(init_py, "__all__ = [", "]\n", all_nn)
    init_pyi = (NN / "__init__.pyi").read_text()
    kept = "\n".join(line for line in init_pyi.split("\n") if not line.startswith("from .modules import "))
    at = kept.index("from .parameter import")
    kept = kept[:at] + "".join(f"from .modules import {n} as {n}\n" for n in names) + kept[at:]
    out[NN / "__init__.pyi"] = splice(kept, "__all__ = [", "]\n", all_nn)
    return out


def main() -> int:
    stale = [p for p, text in render().items() if not p.exists() or p.read_text() != text]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is stale: run python tools/gen_nn_exports.py", file=sys.stderr)
        return 1 if stale else 0
    for p, text in render().items():
        p.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
