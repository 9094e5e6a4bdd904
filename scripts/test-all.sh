#!/usr/bin/env bash
# Every test suite: Rust unit tests and the header check (cargo test), then a wheel built from
# this checkout, installed into a fresh virtualenv, under pytest: the Python differential tests,
# the C tests (built against the installed header and library, under ASan/UBSan), the binding
# drift checks, mypy --strict and stubtest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

echo "== cargo test (Rust unit tests, header is current)"
(cd "$ROOT/rust" && cargo test --locked)

echo "== the op table's outputs, the ctypes prototypes, the C API reference and nn's export lists are current"
python3 "$ROOT/tools/gen_ops.py" --check
python3 "$ROOT/tools/gen_cdefs.py" --check
python3 "$ROOT/tools/gen_docs.py" --check
python3 "$ROOT/tools/gen_nn_exports.py" --check

EXTRAS=test source "$ROOT/scripts/_venv.sh"

echo "== pytest (Python, C, bindings, typing)"
cd "$ROOT"
# The pytest script, not `python -m pytest`: the latter would put the source tree (which has no
# built library) ahead of the installed package on sys.path.
"$VENV/bin/pytest" tests "$@"
