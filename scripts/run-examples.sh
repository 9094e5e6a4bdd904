#!/usr/bin/env bash
# Builds and installs tenflowers into a fresh virtualenv, then runs the examples: the Python
# quickstart, and the C example compiled against the installed header and library.
set -euo pipefail
source "$(dirname "$0")/_venv.sh"

cd "$ROOT/build"   # outside the source tree, so Python imports the installed package
echo "== examples/quickstart.py"
"$VENV/bin/python" "$ROOT/examples/quickstart.py"

echo "== examples/c_api_basic.c"
INC="$("$VENV/bin/python" -c 'import tenflowers; print(tenflowers.get_include())')"
LIB="$("$VENV/bin/python" -c 'import tenflowers; print(tenflowers.get_library())')"
"${CC:-cc}" -std=c99 -Wall -Wextra -Werror -I"$INC" "$ROOT/examples/c_api_basic.c" "$LIB" \
    -Wl,-rpath,"$(dirname "$LIB")" -o "$ROOT/build/c_api_basic"
"$ROOT/build/c_api_basic"
