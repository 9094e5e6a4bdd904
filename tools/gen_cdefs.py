#!/usr/bin/env python3
"""Generates tenflowers/_cdefs.py (the ctypes prototype table) from include/tenflowers.h.

The header is the single source of truth for the C API; the Python bindings are derived from it
so they cannot drift. tests/test_bindings.py fails when the checked-in file is stale.

    python tools/gen_cdefs.py          # rewrite tenflowers/_cdefs.py
    python tools/gen_cdefs.py --check  # exit 1 when it is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ROOT / "include" / "tenflowers.h"
OUTPUT = ROOT / "tenflowers" / "_cdefs.py"


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def _norm_type(t: str) -> str:
    t = re.sub(r"\s+", " ", t.strip())
    t = re.sub(r"\s*\*", " *", t)
    return t.replace("struct ", "").replace("enum ", "")


def parse_header(text: str) -> tuple[dict[str, int], dict[str, dict[str, int]], dict[str, tuple[str, tuple[tuple[str, str], ...]]]]:
    """Returns (integer macros, enums by name, functions by name -> (restype, ((argtype, argname), ...)))."""
    code = _strip_comments(text)
    macros: dict[str, int] = {}
    for name, value in re.findall(r"^#define (TF_\w+) (.+)$", code, flags=re.M):
        expr = value.strip()
        for known, v in macros.items():
            expr = re.sub(rf"\b{known}\b", str(v), expr)
        if re.fullmatch(r"[0-9()<>|&+\- ]+", expr):
            macros[name] = int(eval(expr, {"__builtins__": {}}))  # digits and operators only
    enums: dict[str, dict[str, int]] = {}
    for body, name in re.findall(r"typedef enum \w+ \{(.*?)\} (\w+);", code, flags=re.S):
        members: dict[str, int] = {}
        for entry in body.split(","):
            entry = entry.strip()
            if entry:
                k, v = entry.split("=")
                members[k.strip()] = int(v.strip())
        enums[name] = members
    funcs: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
    for ret, name, args in re.findall(r"^([\w ]+?\s*\**)\s*(TF_\w+)\(([^)]*)\);", code, flags=re.M):
        params: list[tuple[str, str]] = []
        if args.strip() != "void":
            for arg in args.split(","):
                m = re.fullmatch(r"\s*(.*?)\s*(\w+)\s*", arg)
                assert m, f"cannot parse argument {arg!r} of {name}"
                params.append((_norm_type(m.group(1)), m.group(2)))
        funcs[name] = (_norm_type(ret), tuple(params))
    return macros, enums, funcs


def render(text: str) -> str:
    macros, enums, funcs = parse_header(text)
    out = [
        '"""C prototypes of libtenflowers, generated from include/tenflowers.h by tools/gen_cdefs.py.',
        "",
        "Do not edit: run `python tools/gen_cdefs.py`. Types are C spellings; tenflowers._ffi maps them",
        'to ctypes. This module is plain data and imports nothing."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    for name, value in macros.items():
        out.append(f"{name} = {value}")
    out.append("")
    for enum, members in enums.items():
        out.append(f"{enum}: dict[str, int] = {{")
        out.extend(f"    {k!r}: {v}," for k, v in members.items())
        out.append("}")
        out.append("")
    out.append("# name -> (return type, ((argument type, argument name), ...))")
    out.append("FUNCTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {")
    for name, (ret, params) in funcs.items():
        ps = "".join(f"({t!r}, {n!r}), " for t, n in params)
        out.append(f"    {name!r}: ({ret!r}, ({ps})),")
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> int:
    rendered = render(HEADER.read_text())
    if "--check" in sys.argv:
        if OUTPUT.read_text() != rendered:
            print(f"{OUTPUT} is stale: run python tools/gen_cdefs.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
