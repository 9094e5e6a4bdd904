"""The Python examples run as a user would run them (the C example is built in test_c.py)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

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


def test_train_digits_reaches_its_accuracy() -> None:
    """examples/train_digits.py (CNN + BatchNorm + Dropout, Adam + OneCycleLR, a seeded
    DataLoader) on scikit-learn's digits: shortened to 12 epochs, it must still pass 97% on the
    held-out 20%, and its loss must fall epoch over epoch overall."""
    pytest.importorskip("sklearn", reason="scikit-learn (a test extra: pip install -e .[test]) ships the digits")
    r = subprocess.run([sys.executable, str(EXAMPLES / "train_digits.py"), "--epochs", "12"], capture_output=True,
                       text=True, timeout=300, cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
    losses = [float(line.split()[3]) for line in r.stdout.splitlines() if line.startswith("epoch ")]
    assert len(losses) == 12 and losses[-1] < 0.25 * losses[0], r.stdout
    acc = [float(line.split()[2]) for line in r.stdout.splitlines() if line.startswith("test accuracy")]
    assert acc and acc[0] >= 0.97, r.stdout


def test_char_lm_loss_falls_below_its_target() -> None:
    """examples/char_lm.py: embedding + 2-layer causal Transformer encoder, AdamW with warmup and
    cosine decay, gradient clipping, on the Zen of Python; the loss must fall below 0.5 nats per
    character."""
    r = subprocess.run([sys.executable, str(EXAMPLES / "char_lm.py")], capture_output=True, text=True,
                       timeout=600, cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
    losses = [float(line.split()[3]) for line in r.stdout.splitlines() if line.startswith("step ")]
    assert losses and losses[0] > 2.5, r.stdout
    assert "loss below 0.5: yes" in r.stdout.splitlines(), r.stdout
