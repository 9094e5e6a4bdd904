# Sourced by the scripts here: builds the wheel from this checkout and installs it, with the
# test extras, into a fresh virtualenv at $VENV. Needs only python3 (3.9+), cargo and a C compiler.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/build/venv}"
PYTHON="${PYTHON:-python3}"

for tool in "$PYTHON" cargo "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (needs python3, cargo and a C compiler)" >&2; exit 1; }
done

echo "== fresh virtualenv at $VENV"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip

echo "== building the wheel (cargo release build through setuptools-rust)"
rm -rf "$ROOT/dist" "$ROOT/build/lib"* "$ROOT/build/bdist"*
(cd "$ROOT" && "$VENV/bin/python" -m pip wheel --quiet --no-deps --wheel-dir dist .)
WHEEL="$(ls "$ROOT"/dist/tenflowers-*.whl)"
case "$(basename "$WHEEL")" in
    *-py3-none-*) echo "   built $(basename "$WHEEL")" ;;
    *) echo "error: wheel $(basename "$WHEEL") is not tagged py3-none-<platform>" >&2; exit 1 ;;
esac

echo "== installing it with ${EXTRAS:-no} extras"
"$VENV/bin/python" -m pip install --quiet "$WHEEL${EXTRAS:+[$EXTRAS]}"
