"""The Python examples run as a user would run them (the C example is built in test_c.py)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_quickstart_runs() -> None:
    r = subprocess.run([sys.executable, str(EXAMPLES / "quickstart.py")], capture_output=True, text=True,
                       timeout=120, cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
    assert "a @ a.T = [[14.0, 32.0], [32.0, 77.0]]" in r.stdout
    assert "(a + b) * 2 - 1 = [[1.0, 5.0, 9.0], [7.0, 11.0, 15.0]]" in r.stdout
    assert "m = [[1.0, 7.0, 8.0], [1.0, 0.0, 0.0]] row view: [8.0, 7.0, 1.0]" in r.stdout
    assert "argsort: [1, 2, 0]" in r.stdout
    assert "ShapeError: TF_Add: shapes [2,3] and [4] cannot be broadcast" in r.stdout
    assert r.stderr == ""


def test_cnn_example_trains() -> None:
    """examples/cnn.py: the loss must fall and the held-out accuracy must be high."""
    r = subprocess.run([sys.executable, str(EXAMPLES / "cnn.py")], capture_output=True, text=True,
                       timeout=300, cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
    losses = [float(line.split()[3]) for line in r.stdout.splitlines() if line.startswith("step ")]
    assert len(losses) == 7 and losses[-1] < 0.3 * losses[0], r.stdout
    acc = [float(line.split()[2]) for line in r.stdout.splitlines() if line.startswith("held-out accuracy")]
    assert acc and acc[0] > 0.9, r.stdout
    assert "(0): Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))" in r.stdout
    assert r.stderr == ""
