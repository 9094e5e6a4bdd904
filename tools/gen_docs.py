#!/usr/bin/env python3
"""Generates docs/c-api.md, the C API reference, from the Doxygen comments of include/tenflowers.h.

    python tools/gen_docs.py          # rewrite docs/c-api.md
    python tools/gen_docs.py --check  # exit 1 when it is stale (tests/test_bindings.py checks too)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ROOT / "include" / "tenflowers.h"
OUTPUT = ROOT / "docs" / "c-api.md"


def _clean(comment: str) -> str:
    lines = [re.sub(r"^\s*\*? ?", "", line) for line in comment.strip("/*").splitlines()]
    text = "\n".join(lines).strip()
    # Rust's "# Safety" heading reads as a plain paragraph in C docs.
    return re.sub(r"^# Safety\n", "**Safety:** ", text, flags=re.M)


def render(text: str) -> str:
    out = ["# tenflowers C API reference", "",
           "Generated from `include/tenflowers.h` by `tools/gen_docs.py`; do not edit.", ""]
    top = re.match(r"/\*\*(.*?)\*/", text, flags=re.S)
    if top:
        body = _clean(top.group(0))
        body = re.sub(r"^@file.*\n|^@brief ", "", body, flags=re.M)
        out += [body, ""]
    out += ["## Constants", ""]
    for comment, name, value in re.findall(r"(/\*\*(?:(?!\*/).)*\*/)\s*#define (TF_\w+) ([^\n]+)", text, flags=re.S):
        out += [f"### `{name}` = `{value.strip()}`", "", _clean(comment), ""]
    out += ["## Types", ""]
    for comment, kind, name in re.findall(r"(/\*\*(?:(?!\*/).)*\*/)\s*typedef (enum|struct) (\w+)", text, flags=re.S):
        out += [f"### `{name}` ({kind})", "", _clean(comment), ""]
        if kind == "enum":
            found = re.search(rf"typedef enum {name} \{{(.*?)\}} {name};", text, flags=re.S)
            assert found is not None
            out += ["| name | value | meaning |", "|---|---|---|"]
            for doc, member, value in re.findall(r"(?:(/\*\*(?:(?!\*/).)*\*/)\s*)?(TF_\w+) = (\d+)", found.group(1), flags=re.S):
                out.append(f"| `{member}` | {value} | {_clean(doc).replace(chr(10), ' ') if doc else ''} |")
            out.append("")
    out += ["## Functions", ""]
    for comment, decl, name in re.findall(
        r"(/\*\*(?:(?!\*/).)*\*/)\s*\n((?![ /#])[^\n;]*?\b(TF_\w+)\([^)]*\);)", text, flags=re.S
    ):
        out += [f"### `{name}`", "", "```c", decl.replace("struct ", "").replace("enum ", ""), "```", "", _clean(comment), ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    rendered = render(HEADER.read_text())
    if "--check" in sys.argv:
        if not OUTPUT.exists() or OUTPUT.read_text() != rendered:
            print(f"{OUTPUT} is stale: run python tools/gen_docs.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
