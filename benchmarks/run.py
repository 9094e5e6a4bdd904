#!/usr/bin/env python3
"""Benchmarks tenflowers against NumPy and PyTorch (PyTorch is optional).

Each library runs in its own child process (``run.py --worker LIB --json``): PyTorch's idle OpenMP
threads slow down other thread pools on a small machine, so no two libraries share a process. The
parent collects the children's JSON records and prints one Markdown table of medians.

Usage (see BENCHMARKS.md)::

    python benchmarks/run.py                      # full run, prints the table
    python benchmarks/run.py --quick              # fewer repeats
    python benchmarks/run.py --libs tenflowers,numpy --cases 'matmul_f32_*'
    python benchmarks/run.py --json results.json  # also save the results
    python benchmarks/run.py --libs tenflowers --compare results.json   # exit 1 on a >10% regression
    python benchmarks/run.py --list               # the case ids

Time rows show median wall time per call; their ratio columns are tenflowers time / other time
(> 1 means tenflowers is slower). GFLOPS rows show 2*n^3 / median time; their ratio columns are
tenflowers GFLOPS / other GFLOPS (> 1 means tenflowers is faster).
"""

from __future__ import annotations

import argparse
import datetime
import faulthandler
import fnmatch
import importlib
import importlib.util
import json
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

LIBS: tuple[str, ...] = ("tenflowers", "numpy", "torch")
IMPORT_NAMES: dict[str, str] = {"tenflowers": "tenflowers", "numpy": "numpy", "torch": "torch"}
# These slow down current NumPy (OpenBLAS) on this machine kind; they are removed from the
# environment of every worker process.
SCRUBBED_ENV: tuple[str, ...] = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
SENTINEL = "@@TFBENCH@@ "
SCHEMA = 1
REGRESSION_THRESHOLD = 1.10

JSONDict = dict[str, Any]


# --------------------------------------------------------------------------------------------
# Cases and budgets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    label: str
    group: str  # "tiny", "big", "matmul", "mlp" or "import"
    kind: str  # "time" or "gflops"
    flops: float = 0.0


@dataclass(frozen=True)
class Budget:
    samples: int  # samples wanted
    min_samples: int  # taken even when max_seconds is exceeded
    max_seconds: float  # stop sampling after this (once min_samples are in)
    min_batch_ns: int  # calls are batched until one sample takes at least this long
    warmup_seconds: float  # at least one call, then calls until this much time has passed


FULL_BUDGETS: dict[str, Budget] = {
    "tiny": Budget(samples=300, min_samples=30, max_seconds=5.0, min_batch_ns=500_000, warmup_seconds=0.2),
    "big": Budget(samples=40, min_samples=5, max_seconds=20.0, min_batch_ns=0, warmup_seconds=0.3),
    "matmul": Budget(samples=30, min_samples=5, max_seconds=15.0, min_batch_ns=200_000, warmup_seconds=0.3),
    # One training step per call (each call changes the parameters, so calls are not batched).
    "mlp": Budget(samples=300, min_samples=30, max_seconds=10.0, min_batch_ns=0, warmup_seconds=0.5),
    "import": Budget(samples=10, min_samples=10, max_seconds=120.0, min_batch_ns=0, warmup_seconds=0.0),
}
QUICK_BUDGETS: dict[str, Budget] = {
    "tiny": Budget(samples=60, min_samples=10, max_seconds=1.5, min_batch_ns=200_000, warmup_seconds=0.05),
    "big": Budget(samples=10, min_samples=3, max_seconds=5.0, min_batch_ns=0, warmup_seconds=0.1),
    "matmul": Budget(samples=8, min_samples=3, max_seconds=5.0, min_batch_ns=100_000, warmup_seconds=0.1),
    "mlp": Budget(samples=60, min_samples=10, max_seconds=3.0, min_batch_ns=0, warmup_seconds=0.2),
    "import": Budget(samples=5, min_samples=5, max_seconds=60.0, min_batch_ns=0, warmup_seconds=0.0),
}

N_BIG = 10_000_000
N_TINY = 16
MATMUL_F32_SIZES: tuple[int, ...] = (64, 128, 256, 512, 1024, 2048)
MATMUL_F64_SIZES: tuple[int, ...] = (256, 1024)
# The MLP training step: 784-256-10, relu, batch 64, float32, cross-entropy, SGD.
MLP_SIZES: tuple[int, int, int] = (784, 256, 10)
MLP_BATCH = 64
MLP_LR = 0.01
MLP_BATCHES = 32
MLP_LABEL = "MLP 784-256-10 b=64 f32 train step"


# Extra transcendental rows (1e7 float32 each); NumPy has no sigmoid, so its row times the
# expression a NumPy user writes, 1 / (1 + exp(-a)).
UNARY_BIG: tuple[str, ...] = ("log", "tanh", "sigmoid")


def all_cases() -> list[Case]:
    cases = [
        Case("tiny_add_f32", f"add ({N_TINY},) f32, a + b", "tiny", "time"),
        Case("tiny_add_grad_f32", f"add ({N_TINY},) f32, requires_grad", "tiny", "time"),
        Case("add_f32_1e7", "add 1e7 f32, new output", "big", "time"),
        Case("exp_f32_1e7", "exp 1e7 f32", "big", "time"),
        Case("sum_f32_1e7", "sum 1e7 f32", "big", "time"),
    ]
    for fn in UNARY_BIG:
        cases.append(Case(f"{fn}_f32_1e7", f"{fn} 1e7 f32", "big", "time"))
    for n in MATMUL_F32_SIZES:
        cases.append(Case(f"matmul_f32_{n}", f"matmul f32 n={n} [GFLOPS]", "matmul", "gflops", 2.0 * n**3))
    for n in MATMUL_F64_SIZES:
        cases.append(Case(f"matmul_f64_{n}", f"matmul f64 n={n} [GFLOPS]", "matmul", "gflops", 2.0 * n**3))
    cases.append(Case("mlp_step_f32", MLP_LABEL, "mlp", "time"))
    cases.append(Case("import", "python -c 'import X' (whole process)", "import", "time"))
    return cases


CASES: dict[str, Case] = {c.id: c for c in all_cases()}


def select_cases(patterns: str | None) -> list[Case]:
    if not patterns:
        return list(CASES.values())
    pats = [p.strip() for p in patterns.split(",") if p.strip()]
    chosen = [c for c in CASES.values() if any(fnmatch.fnmatchcase(c.id, p) for p in pats)]
    if not chosen:
        raise SystemExit(f"--cases {patterns!r} matches no case; see --list")
    return chosen


# --------------------------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    samples_ns: list[float]  # one value per sample: time per call
    inner: int  # calls per sample

    def to_json(self) -> JSONDict:
        s = sorted(self.samples_ns)
        q = statistics.quantiles(s, n=4) if len(s) >= 2 else [s[0], s[0], s[0]]
        return {
            "median_ns": statistics.median(s),
            "min_ns": s[0],
            "p25_ns": q[0],
            "p75_ns": q[2],
            "samples": len(s),
            "inner": self.inner,
        }


def measure_stmt(stmt: str, namespace: dict[str, Any], budget: Budget) -> Measurement:
    """Times ``stmt`` with timeit (GC off, perf_counter_ns): warmup, batch calibration, samples."""
    timer = timeit.Timer(stmt, timer=time.perf_counter_ns, globals=namespace)
    # Warmup: at least one call, then until warmup_seconds have passed.
    deadline = time.perf_counter_ns() + int(budget.warmup_seconds * 1e9)
    while True:
        timer.timeit(number=1)
        if time.perf_counter_ns() >= deadline:
            break
    # Calibrate the number of calls per sample so that a sample lasts at least min_batch_ns.
    inner = 1
    if budget.min_batch_ns > 0:
        while True:
            elapsed = float(timer.timeit(number=inner))
            if elapsed >= budget.min_batch_ns or inner >= 10_000_000:
                break
            grow = budget.min_batch_ns / max(elapsed, 1.0)
            inner = max(inner * 2, int(math.ceil(inner * grow * 1.1)))
    samples: list[float] = []
    start = time.perf_counter_ns()
    limit_ns = budget.max_seconds * 1e9
    while len(samples) < budget.samples:
        samples.append(float(timer.timeit(number=inner)) / inner)
        if len(samples) >= budget.min_samples and time.perf_counter_ns() - start > limit_ns:
            break
    return Measurement(samples, inner)


def measure_import(module: str, env: dict[str, str], budget: Budget) -> Measurement:
    """Whole-process time of ``python -c "import MODULE"``, run from a neutral directory."""
    cmd = [sys.executable, "-c", f"import {module}"]
    samples: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tfbench-import-") as cwd:
        subprocess.run(cmd, env=env, cwd=cwd, check=True)  # warm the file cache
        for _ in range(budget.samples):
            t0 = time.perf_counter_ns()
            subprocess.run(cmd, env=env, cwd=cwd, check=True)
            samples.append(float(time.perf_counter_ns() - t0))
    return Measurement(samples, 1)


# --------------------------------------------------------------------------------------------
# Library adapters (worker side)
# --------------------------------------------------------------------------------------------


class Adapter:
    """The few operations the benchmark needs, for one library."""

    name = ""

    def __init__(self, mod: Any, np_mod: Any) -> None:
        self.mod = mod
        self.np = np_mod

    def version(self) -> str:
        return str(getattr(self.mod, "__version__", "unknown"))

    def asarray(self, x: Any) -> Any:
        raise NotImplementedError

    def exp_fn(self) -> Callable[[Any], Any] | None:
        raise NotImplementedError

    def sum_fn(self) -> Callable[[Any], Any]:
        raise NotImplementedError

    def requires_grad(self, t: Any) -> Any | None:
        """``t`` with gradient tracking on, or None if the library has none."""
        return None

    def to_numpy(self, t: Any) -> Any | None:
        """The result as a NumPy array for the correctness check, or None if not convertible."""
        np = self.np
        if isinstance(t, np.ndarray) or isinstance(t, np.generic):
            return np.asarray(t)
        attempts: list[Callable[[], Any]] = []
        if callable(getattr(t, "numpy", None)):
            attempts.append(lambda: t.numpy())
        if hasattr(t, "__array__"):
            attempts.append(lambda: np.asarray(t))
        if hasattr(t, "__dlpack__"):
            attempts.append(lambda: np.from_dlpack(t))
        if callable(getattr(t, "item", None)):
            attempts.append(lambda: np.asarray(t.item()))
        attempts.append(lambda: np.asarray(float(t)))
        for attempt in attempts:
            try:
                arr = attempt()
            except Exception:
                continue
            if isinstance(arr, np.ndarray) and arr.dtype != object:
                return arr
        return None

    def extra_info(self) -> JSONDict:
        return {}


class NumpyAdapter(Adapter):
    name = "numpy"

    def asarray(self, x: Any) -> Any:
        return x

    def exp_fn(self) -> Callable[[Any], Any] | None:
        fn: Callable[[Any], Any] = self.np.exp
        return fn

    def sum_fn(self) -> Callable[[Any], Any]:
        fn: Callable[[Any], Any] = self.np.sum
        return fn


class TorchAdapter(Adapter):
    name = "torch"

    def asarray(self, x: Any) -> Any:
        return self.mod.from_numpy(x)

    def exp_fn(self) -> Callable[[Any], Any] | None:
        fn: Callable[[Any], Any] = self.mod.exp
        return fn

    def sum_fn(self) -> Callable[[Any], Any]:
        fn: Callable[[Any], Any] = self.mod.sum
        return fn

    def requires_grad(self, t: Any) -> Any | None:
        return t.requires_grad_()

    def to_numpy(self, t: Any) -> Any | None:
        return t.detach().cpu().numpy()

    def extra_info(self) -> JSONDict:
        torch = self.mod
        info: JSONDict = {"num_threads": int(torch.get_num_threads())}
        cuda = getattr(getattr(torch, "version", None), "cuda", None)
        info["built_with_cuda"] = cuda
        return info


class TenflowersAdapter(Adapter):
    name = "tenflowers"

    def asarray(self, x: Any) -> Any:
        return self.mod.asarray(x)

    def exp_fn(self) -> Callable[[Any], Any] | None:
        fn: Callable[[Any], Any] | None = getattr(self.mod, "exp", None)
        return fn

    def sum_fn(self) -> Callable[[Any], Any]:
        fn: Callable[[Any], Any] = self.mod.sum
        return fn

    def requires_grad(self, t: Any) -> Any | None:
        method = getattr(t, "requires_grad_", None)
        if method is None:
            return None
        try:
            out = method()
        except TypeError:
            out = method(True)
        return t if out is None else out

    def extra_info(self) -> JSONDict:
        return {"file": str(getattr(self.mod, "__file__", ""))}


ADAPTERS: dict[str, type[Adapter]] = {
    "numpy": NumpyAdapter,
    "torch": TorchAdapter,
    "tenflowers": TenflowersAdapter,
}


def threadpool_summary() -> list[JSONDict] | None:
    """threadpoolctl's view of the native thread pools loaded in this process, if importable."""
    try:
        threadpoolctl: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return None
    keep = ("user_api", "internal_api", "version", "num_threads", "architecture", "threading_layer", "prefix")
    return [{k: v for k, v in pool.items() if k in keep} for pool in threadpoolctl.threadpool_info()]


# --------------------------------------------------------------------------------------------
# Worker
# --------------------------------------------------------------------------------------------


def emit(record: JSONDict) -> None:
    sys.stdout.write(SENTINEL + json.dumps(record) + "\n")
    sys.stdout.flush()


def progress(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def format_time(ns: float) -> str:
    if ns < 1e3:
        return f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.3g} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.3g} ms"
    return f"{ns / 1e9:.3g} s"


@dataclass
class Prepared:
    stmt: str
    namespace: dict[str, Any]
    check: Callable[[Any], JSONDict]  # result converted to NumPy -> check record
    # Evaluated instead of `stmt` for the correctness check (after the timings), when the timed
    # statement changes its inputs (a training step).
    check_stmt: str | None = None


def prepare_case(case: Case, ad: Adapter) -> Prepared | str:
    """The statement to time and its inputs, or the reason it does not apply ("n/a: ...")."""
    np = ad.np
    rng = np.random.default_rng(12345)
    if case.id in ("tiny_add_f32", "tiny_add_grad_f32"):
        a_np = rng.standard_normal(N_TINY, dtype=np.float32)
        b_np = rng.standard_normal(N_TINY, dtype=np.float32)
        a, b = ad.asarray(a_np), ad.asarray(b_np)
        if case.id == "tiny_add_grad_f32":
            a, b = ad.requires_grad(a), ad.requires_grad(b)
            if a is None or b is None:
                return "n/a: no requires_grad_"
        ref = a_np + b_np
        return Prepared("a + b", {"a": a, "b": b}, lambda r: check_close(np, r, ref, rtol=1e-6))
    if case.id == "add_f32_1e7":
        a_np = rng.standard_normal(N_BIG, dtype=np.float32)
        b_np = rng.standard_normal(N_BIG, dtype=np.float32)
        ref = a_np + b_np
        ns = {"a": ad.asarray(a_np), "b": ad.asarray(b_np)}
        return Prepared("a + b", ns, lambda r: check_close(np, r, ref, rtol=1e-6))
    if case.id == "exp_f32_1e7":
        exp = ad.exp_fn()
        if exp is None:
            return "n/a: no exp"
        a_np = rng.standard_normal(N_BIG, dtype=np.float32)
        ref = np.exp(a_np.astype(np.float64))
        return Prepared("exp(a)", {"exp": exp, "a": ad.asarray(a_np)}, lambda r: check_close(np, r, ref, rtol=1e-5))
    if case.id == "sum_f32_1e7":
        a_np = rng.random(N_BIG, dtype=np.float32)
        ref = np.asarray(a_np.astype(np.float64).sum())
        return Prepared("sum_(a)", {"sum_": ad.sum_fn(), "a": ad.asarray(a_np)}, lambda r: check_norm(np, r, ref, 1e-4))
    if case.id.endswith("_f32_1e7") and case.id[: -len("_f32_1e7")] in UNARY_BIG:
        name = case.id[: -len("_f32_1e7")]
        fn: Callable[[Any], Any] | None = getattr(ad.mod, name, None)
        if fn is None and ad.name == "numpy" and name == "sigmoid":
            fn = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
        if fn is None:
            return f"n/a: no {name}"
        a_np = rng.standard_normal(N_BIG, dtype=np.float32)
        if name == "log":
            a_np = np.abs(a_np) + np.float32(1e-3)
        a64 = a_np.astype(np.float64)
        ref = {"log": np.log, "tanh": np.tanh}.get(name, lambda x: 1.0 / (1.0 + np.exp(-x)))(a64)
        return Prepared("f(a)", {"f": fn, "a": ad.asarray(a_np)}, lambda r: check_close(np, r, ref, rtol=1e-5))
    if case.id.startswith("matmul_"):
        _, dt, n_str = case.id.split("_")
        n = int(n_str)
        dtype = np.float32 if dt == "f32" else np.float64
        a_np = rng.standard_normal((n, n)).astype(dtype)
        b_np = rng.standard_normal((n, n)).astype(dtype)
        tol = 1e-4 if dt == "f32" else 1e-10
        # The float64 reference is computed after all timings (see worker_main).
        ref_inputs = (a_np, b_np)
        ns = {"a": ad.asarray(a_np), "b": ad.asarray(b_np)}

        def check_mm(r: Any) -> JSONDict:
            a64 = ref_inputs[0].astype(np.float64)
            b64 = ref_inputs[1].astype(np.float64)
            return check_norm(np, r, a64 @ b64, tol)

        return Prepared("a @ b", ns, check_mm)
    if case.id == "mlp_step_f32":
        return prepare_mlp(ad)
    raise ValueError(f"unknown case {case.id}")


def mlp_data(np: Any) -> tuple[Any, Any, list[Any]]:
    """``MLP_BATCHES`` batches ``x (MLP_BATCHES, 64, 784)`` float32 with random labels ``y
    (MLP_BATCHES, 64)`` int64, and the parameters ``[W1 (256, 784), b1, W2 (10, 256), b2]``
    (PyTorch's ``[out, in]`` layout and default uniform init), float32. Step i trains on batch
    i % MLP_BATCHES: with random labels over 2048 samples the loss stays near log(10) for the
    few thousand steps a run takes, so every step does the same work (a single fixed batch is
    memorized in a few hundred steps; the near-one-hot softmax then produces subnormal floats
    whose slow paths make step times erratic)."""
    rng = np.random.default_rng(2024)
    d_in, d_h, d_out = MLP_SIZES
    x = rng.standard_normal((MLP_BATCHES, MLP_BATCH, d_in), dtype=np.float32)
    y = rng.integers(0, d_out, size=(MLP_BATCHES, MLP_BATCH)).astype(np.int64)
    params = []
    for fan_in, fan_out in ((d_in, d_h), (d_h, d_out)):
        bound = 1.0 / math.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, size=(fan_out, fan_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, size=fan_out).astype(np.float32))
    return x, y, params


def mlp_reference(np: Any, steps: int) -> float:
    """The loss of step `steps` (1-based) of SGD from the initial parameters, in float64."""
    xs, ys, params = mlp_data(np)
    w1, b1, w2, b2 = (p.astype(np.float64) for p in params)
    loss = float("nan")
    for i in range(steps):
        x, y = xs[i % MLP_BATCHES].astype(np.float64), ys[i % MLP_BATCHES]
        h = np.maximum(x @ w1.T + b1, 0.0)
        z = h @ w2.T + b2
        m = z.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
        loss = float(np.mean(lse - z[np.arange(len(y)), y]))
        dz = np.exp(z - lse[:, None])
        dz[np.arange(len(y)), y] -= 1.0
        dz /= len(y)
        dh = (dz @ w2) * (h > 0)
        w2 -= MLP_LR * (dz.T @ h)
        b2 -= MLP_LR * dz.sum(axis=0)
        w1 -= MLP_LR * (dh.T @ x)
        b1 -= MLP_LR * dh.sum(axis=0)
    return loss


def prepare_mlp(ad: Adapter) -> Prepared | str:
    """One training step per call: forward (linear + relu, linear), mean cross-entropy, backward,
    SGD update in place, gradients cleared; returns the loss. The check resets the parameters and
    runs two steps, so the loss it compares depends on the first step's update too."""
    np = ad.np
    xs_np, ys_np, init = mlp_data(np)
    lr = MLP_LR
    ns: dict[str, Any] = {}
    at = [0]  # the next batch

    def batch(xs: Sequence[Any], ys: Sequence[Any]) -> tuple[Any, Any]:
        i = at[0]
        at[0] = (i + 1) % MLP_BATCHES
        return xs[i], ys[i]

    if ad.name == "numpy":
        params = [p.copy() for p in init]
        n = MLP_BATCH
        rows = np.arange(n)
        xs_l, ys_l = list(xs_np), list(ys_np)

        def step() -> Any:
            x_np, y_np = batch(xs_l, ys_l)
            w1, b1, w2, b2 = params
            h = x_np @ w1.T
            h += b1
            np.maximum(h, 0.0, out=h)
            z = h @ w2.T
            z += b2
            m = z.max(axis=1, keepdims=True)
            e = np.exp(z - m)
            s = e.sum(axis=1)
            lse = m[:, 0] + np.log(s)
            loss = np.mean(lse - z[rows, y_np])
            dz = e / s[:, None]
            dz[rows, y_np] -= 1.0
            dz *= np.float32(1.0 / n)
            dh = dz @ w2
            dh *= h > 0
            w2 -= lr * (dz.T @ h)
            b2 -= lr * dz.sum(axis=0)
            w1 -= lr * (dh.T @ x_np)
            b1 -= lr * dh.sum(axis=0)
            return loss

        def reset() -> None:
            at[0] = 0
            for p, p0 in zip(params, init):
                p[...] = p0

    elif ad.name == "torch":
        torch = ad.mod
        F = torch.nn.functional
        xs_t = [torch.from_numpy(b) for b in xs_np]
        ys_t = [torch.from_numpy(b) for b in ys_np]
        params = [torch.from_numpy(p.copy()).requires_grad_() for p in init]

        def step() -> Any:
            x, y = batch(xs_t, ys_t)
            w1, b1, w2, b2 = params
            loss = F.cross_entropy(F.linear(F.relu(F.linear(x, w1, b1)), w2, b2), y)
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p.add_(p.grad, alpha=-lr)
                    p.grad = None
            return loss

        def reset() -> None:
            at[0] = 0
            with torch.no_grad():
                for p, p0 in zip(params, init):
                    p.copy_(torch.from_numpy(p0))

    else:
        tfs = ad.mod
        if not all(hasattr(tfs, f) for f in ("linear", "cross_entropy", "sgd_step_")):
            return "n/a: no fused linear / cross_entropy / sgd_step_"
        xs_f = [tfs.asarray(b) for b in xs_np]
        ys_f = [tfs.asarray(b) for b in ys_np]
        params = [tfs.asarray(p).requires_grad_() for p in init]
        linear, cross_entropy, sgd_step_ = tfs.linear, tfs.cross_entropy, tfs.sgd_step_

        def step() -> Any:
            x, y = batch(xs_f, ys_f)
            w1, b1, w2, b2 = params
            loss = cross_entropy(linear(linear(x, w1, b1, "relu"), w2, b2), y)
            loss.backward()
            sgd_step_(params, lr, zero_grad=True)
            return loss

        def reset() -> None:
            at[0] = 0
            for p, p0 in zip(params, init):
                with tfs.no_grad():
                    p[...] = tfs.asarray(p0)

    ns.update(step=step, reset=reset)

    def check(r: Any) -> JSONDict:
        return check_close(np, np.asarray(r, dtype=np.float32).reshape(()), np.asarray(mlp_reference(np, 2)), rtol=1e-5)

    return Prepared("step()", ns, check, check_stmt="(reset(), step(), step())[-1]")


def check_close(np: Any, got: Any, ref: Any, rtol: float) -> JSONDict:
    if tuple(got.shape) != tuple(ref.shape):
        return {"ok": False, "detail": f"shape {tuple(got.shape)} != {tuple(ref.shape)}"}
    ok = bool(np.allclose(got.astype(np.float64), ref, rtol=rtol, atol=1e-7))
    err = float(np.max(np.abs(got.astype(np.float64) - ref) / np.maximum(np.abs(ref), 1e-30)))
    return {"ok": ok, "detail": f"max rel err {err:.2e} (rtol {rtol:g})"}


def check_norm(np: Any, got: Any, ref: Any, tol: float) -> JSONDict:
    if tuple(got.shape) != tuple(ref.shape):
        return {"ok": False, "detail": f"shape {tuple(got.shape)} != {tuple(ref.shape)}"}
    diff = got.astype(np.float64) - ref
    err = float(np.linalg.norm(diff) / max(float(np.linalg.norm(ref)), 1e-300))
    return {"ok": err <= tol, "detail": f"rel err {err:.2e} (tol {tol:g})"}


def worker_main(lib: str, cases: Sequence[Case], quick: bool, case_timeout: float) -> int:
    faulthandler.enable()
    budgets = QUICK_BUDGETS if quick else FULL_BUDGETS
    import_name = IMPORT_NAMES[lib]
    if importlib.util.find_spec(import_name) is None:
        emit({"type": "unavailable", "lib": lib, "error": f"module {import_name!r} not found"})
        return 0
    # Import timing first, before this process loads any library.
    for case in cases:
        if case.group == "import":
            emit({"type": "begin", "case": case.id})
            try:
                m = measure_import(import_name, dict(os.environ), budgets["import"])
                rec: JSONDict = {"status": "ok", **m.to_json()}
            except subprocess.CalledProcessError as exc:
                rec = {"status": "error", "note": f"import failed (rc={exc.returncode})"}
            emit({"type": "result", "case": case.id, "result": rec})
            if rec["status"] == "ok":
                progress(f"[{lib}] {case.id}: {format_time(rec['median_ns'])}")
    compute = [c for c in cases if c.group != "import"]
    if not compute:
        return 0
    try:
        mod = importlib.import_module(import_name)
        np_mod = mod if lib == "numpy" else importlib.import_module("numpy")
    except Exception as exc:  # noqa: BLE001 - report any import failure
        emit({"type": "unavailable", "lib": lib, "error": f"import failed: {exc!r}"})
        return 0
    ad = ADAPTERS[lib](mod, np_mod)
    info: JSONDict = {
        "type": "info",
        "lib": lib,
        "version": ad.version(),
        "numpy_version": str(np_mod.__version__),
        "python": platform.python_version(),
        "threadpools": threadpool_summary(),
        **ad.extra_info(),
    }
    emit(info)
    pending_checks: list[tuple[str, Callable[[Any], JSONDict], Any]] = []
    for case in compute:
        emit({"type": "begin", "case": case.id})
        faulthandler.dump_traceback_later(case_timeout, exit=True)
        try:
            prepared = prepare_case(case, ad)
            if isinstance(prepared, str):
                rec = {"status": "n/a", "note": prepared.removeprefix("n/a: ")}
            else:
                m = measure_stmt(prepared.stmt, prepared.namespace, budgets[case.group])
                rec = {"status": "ok", **m.to_json()}
                if case.kind == "gflops":
                    rec["gflops"] = case.flops / rec["median_ns"]
                result = eval(prepared.check_stmt or prepared.stmt, prepared.namespace)  # noqa: S307 - our own statement
                as_np = ad.to_numpy(result)
                if as_np is None:
                    rec["check"] = {"ok": None, "detail": "result not convertible to NumPy: unchecked"}
                else:
                    pending_checks.append((case.id, prepared.check, as_np))
                del result, prepared
        except Exception as exc:  # noqa: BLE001 - a library error is a result, not a crash
            rec = {"status": "error", "note": f"{type(exc).__name__}: {exc}"[:300]}
        finally:
            faulthandler.cancel_dump_traceback_later()
        emit({"type": "result", "case": case.id, "result": rec})
        if rec["status"] == "ok":
            shown = f"{rec['gflops']:.1f} GFLOPS" if "gflops" in rec else format_time(rec["median_ns"])
            progress(f"[{lib}] {case.id}: {shown} ({rec['samples']} samples x {rec['inner']})")
        else:
            progress(f"[{lib}] {case.id}: {rec['status']} {rec.get('note', '')}")
    # Correctness checks run after every timing, so the NumPy reference computations (and their
    # thread pool) cannot disturb the measurements.
    for case_id, check, as_np in pending_checks:
        try:
            emit({"type": "check", "case": case_id, "check": check(as_np)})
        except Exception as exc:  # noqa: BLE001
            emit({"type": "check", "case": case_id, "check": {"ok": False, "detail": f"check failed: {exc!r}"}})
    return 0


# --------------------------------------------------------------------------------------------
# Parent: spawn workers, collect, print
# --------------------------------------------------------------------------------------------


def worker_env() -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    removed = [f"{k}={env.pop(k)}" for k in SCRUBBED_ENV if k in env]
    return env, removed


def run_worker(lib: str, cases: Sequence[Case], args: argparse.Namespace, env: dict[str, str]) -> JSONDict:
    """Runs the worker for ``lib``; if it dies, records the case it died in and restarts it."""
    out: JSONDict = {"available": True, "results": {}}
    results: dict[str, JSONDict] = out["results"]
    remaining = [c.id for c in cases]
    script = os.path.abspath(__file__)
    while remaining:
        cmd = [sys.executable, script, "--worker", lib, "--json", "--cases", ",".join(remaining)]
        cmd += ["--case-timeout", str(args.case_timeout)]
        if args.quick:
            cmd.append("--quick")
        current: str | None = None
        with tempfile.TemporaryDirectory(prefix="tfbench-worker-") as cwd:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=cwd)
            assert proc.stdout is not None
            for line in proc.stdout:
                if not line.startswith(SENTINEL):
                    sys.stderr.write(f"[{lib} stdout] {line}")
                    continue
                rec: JSONDict = json.loads(line[len(SENTINEL):])
                kind = rec["type"]
                if kind == "begin":
                    current = rec["case"]
                elif kind == "result":
                    results[rec["case"]] = rec["result"]
                    current = None
                elif kind == "check":
                    if rec["case"] in results:
                        results[rec["case"]]["check"] = rec["check"]
                elif kind == "info":
                    out["info"] = {k: v for k, v in rec.items() if k not in ("type", "lib")}
                elif kind == "unavailable":
                    out["available"] = False
                    out["error"] = rec["error"]
            rc = proc.wait()
        if rc == 0 or not out["available"]:
            break
        if current is None:
            # Died outside a case (e.g. while importing the library): give up on the rest.
            for cid in remaining:
                results.setdefault(cid, {"status": "crash", "note": f"worker exited with {rc}"})
            break
        note = f"worker died (exit {rc})" if rc > 0 else f"worker killed by signal {-rc}"
        results[current] = {"status": "crash", "note": note}
        progress(f"[{lib}] {current}: CRASH, {note}; restarting the worker for the remaining cases")
        remaining = [cid for cid in remaining if cid not in results]
    return out


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            return subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            pass
    return platform.processor() or platform.machine()


def machine_info() -> JSONDict:
    logical = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = logical
    return {
        "cpu": cpu_model(),
        "logical_cpus": logical,
        "usable_cpus": usable,
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "executable": sys.executable,
    }


def cpu_seconds() -> tuple[float, float] | None:
    """(CPU seconds used by the whole machine, CPU seconds used by this process and its waited-for
    children). The difference over an interval is what other processes used: contention."""
    try:
        import resource

        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
        busy = sum(fields) - fields[3] - (fields[4] if len(fields) > 4 else 0)
        machine = busy / os.sysconf("SC_CLK_TCK")
        own = 0.0
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
            ru = resource.getrusage(who)
            own += ru.ru_utime + ru.ru_stime
        return machine, own
    except (ImportError, OSError, ValueError, IndexError):
        return None


def other_cpu_share(before: tuple[float, float] | None, wall_s: float) -> float | None:
    """Share of one CPU that other processes used since ``before`` (0.25 = a quarter of a core)."""
    after = cpu_seconds()
    if before is None or after is None or wall_s <= 0:
        return None
    others = (after[0] - before[0]) - (after[1] - before[1])
    return max(others, 0.0) / wall_s


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def python_startup_ns(env: dict[str, str], runs: int) -> float:
    cmd = [sys.executable, "-c", "pass"]
    subprocess.run(cmd, env=env, check=True)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        subprocess.run(cmd, env=env, check=True)
        samples.append(float(time.perf_counter_ns() - t0))
    return statistics.median(samples)


def format_value(case: Case, res: JSONDict | None) -> str:
    if res is None:
        return "-"
    status = res.get("status")
    if status != "ok":
        return str(status)
    mark = " (!)" if res.get("check", {}).get("ok") is False else ""
    if case.kind == "gflops":
        return f"{res['gflops']:.1f} GFLOPS{mark}"
    return format_time(res["median_ns"]) + mark


def ratio(case: Case, tf: JSONDict | None, other: JSONDict | None) -> str:
    if not tf or not other or tf.get("status") != "ok" or other.get("status") != "ok":
        return "n/a"
    if case.kind == "gflops":
        return f"{tf['gflops'] / other['gflops']:.2f}"
    return f"{tf['median_ns'] / other['median_ns']:.2f}"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], right_from: int = 1) -> str:
    rows = [list(r) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def fmt(cells: Sequence[str]) -> str:
        parts = [c.ljust(w) if i < right_from else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "| " + " | ".join(parts) + " |"

    sep = ["-" * (w + 2) if i < right_from else "-" * (w + 1) + ":" for i, w in enumerate(widths)]
    return "\n".join([fmt(header), "|" + "|".join(sep) + "|", *(fmt(r) for r in rows)])


def render_report(data: JSONDict) -> str:
    libs: list[str] = data["libs_requested"]
    by_lib: dict[str, JSONDict] = data["libs"]
    m = data["machine"]
    lines = [
        "# tenflowers benchmark",
        "",
        f"command: `{data['command']}`",
        f"date: {data['date']}{' (--quick)' if data['quick'] else ''}",
        f"machine: {m['cpu']}, {m['logical_cpus']} logical CPUs ({m['usable_cpus']} usable), {m['platform']}",
        f"python: {m['python']} ({m['executable']}); `python -c pass` takes {format_time(data['python_startup_ns'])}",
    ]
    la0, la1 = data.get("load_average_start"), data.get("load_average_end")
    if la0 is not None and la1 is not None:
        lines.append(f"load average (1, 5, 15 min) before: {la0}, after: {la1} (other work on the machine skews results)")
    busy: dict[str, float] = {
        lib: float(e["other_cpu_share"]) for lib, e in by_lib.items() if e.get("other_cpu_share") is not None
    }
    if busy:
        shares = ", ".join(f"{lib} {share:.0%}" for lib, share in busy.items())
        lines.append(f"CPU used by other processes while each library ran (share of one CPU): {shares}")
        if max(busy.values()) > 0.05:
            lines.append("WARNING: the machine was not idle during this run; rerun on an idle machine.")
    if data["env_removed"]:
        lines.append(f"removed from the workers' environment: {', '.join(data['env_removed'])}")
    for lib in libs:
        entry = by_lib.get(lib, {})
        if not entry.get("available", False):
            lines.append(f"{lib}: not available ({entry.get('error', 'not run')}): skipped")
            continue
        info = entry.get("info", {})
        extra = ""
        if lib == "torch" and info:
            extra = f", {info.get('num_threads')} threads, CUDA build {info.get('built_with_cuda')} (run on CPU)"
        if lib == "tenflowers" and info.get("file"):
            extra = f", from {info['file']}"
        lines.append(f"{lib}: {info.get('version', '?')}{extra}")
        pools = info.get("threadpools")
        if lib == "numpy":
            if pools is None:
                lines.append("  numpy BLAS: unknown (threadpoolctl not importable)")
            for p in pools or []:
                if p.get("user_api") == "blas":
                    arch = f", {p['architecture']} kernel" if p.get("architecture") else ""
                    lines.append(
                        f"  numpy BLAS: {p.get('internal_api')} {p.get('version')}{arch}, "
                        f"{p.get('num_threads')} threads"
                    )
    lines += [
        "",
        "Medians. Time rows: median wall time per call; ratio = tenflowers time / other time "
        "(> 1: tenflowers slower).",
        "[GFLOPS] rows: 2n^3 / median time; ratio = tenflowers GFLOPS / other GFLOPS (> 1: tenflowers faster).",
        "",
    ]
    others = [lib for lib in libs if lib != "tenflowers"]
    header = ["case", *libs]
    if "tenflowers" in libs:
        header += [f"tenflowers/{o}" for o in others]
    rows: list[list[str]] = []
    notes: list[str] = []
    case_ids: list[str] = data["cases"]
    for cid in case_ids:
        case = CASES[cid]
        label = case.label.replace("'import X'", "'import <lib>'")
        row = [label]
        res_by_lib = {lib: by_lib.get(lib, {}).get("results", {}).get(cid) for lib in libs}
        for lib in libs:
            res = res_by_lib[lib]
            row.append(format_value(case, res))
            if res and res.get("status") in ("error", "crash", "n/a") and res.get("note"):
                notes.append(f"{lib} {cid}: {res['status']}: {res['note']}")
            chk = (res or {}).get("check")
            if chk and chk.get("ok") is False:
                notes.append(f"{lib} {cid}: WRONG RESULT: {chk.get('detail')}")
            elif chk and chk.get("ok") is None:
                notes.append(f"{lib} {cid}: {chk.get('detail')}")
        if "tenflowers" in libs:
            for o in others:
                row.append(ratio(case, res_by_lib["tenflowers"], res_by_lib[o]))
        rows.append(row)
    lines.append(markdown_table(header, rows))
    if notes:
        lines += ["", "Notes ((!) marks a result that failed its correctness check):"]
        lines += [f"- {n}" for n in notes]
    return "\n".join(lines)


def compare(data: JSONDict, baseline_path: str) -> int:
    with open(baseline_path, encoding="utf-8") as f:
        base: JSONDict = json.load(f)
    cur = data["libs"].get("tenflowers", {}).get("results", {})
    old = base.get("libs", {}).get("tenflowers", {}).get("results", {})
    if not cur:
        print("--compare: this run has no tenflowers results", file=sys.stderr)
        return 2
    rows: list[list[str]] = []
    regressions: list[str] = []
    for cid in data["cases"]:
        a, b = old.get(cid), cur.get(cid)
        if not a or not b or a.get("status") != "ok" or b.get("status") != "ok":
            if b and b.get("status") in ("error", "crash") and a and a.get("status") == "ok":
                regressions.append(cid)
                rows.append([cid, format_time(a["median_ns"]), str(b.get("status")), "FAILED"])
            continue
        change = b["median_ns"] / a["median_ns"]
        verdict = "REGRESSION" if change > REGRESSION_THRESHOLD else ""
        if verdict:
            regressions.append(cid)
        rows.append([cid, format_time(a["median_ns"]), format_time(b["median_ns"]), f"{change:.2f}x {verdict}".strip()])
    print()
    print(f"## tenflowers vs baseline {baseline_path} (time ratio current/baseline; > {REGRESSION_THRESHOLD:.2f} fails)")
    print()
    print(markdown_table(["case", "baseline", "current", "current/baseline"], rows))
    if regressions:
        print(f"\n{len(regressions)} regression(s): {', '.join(regressions)}")
        return 1
    print("\nno regression")
    return 0


def parent_main(args: argparse.Namespace) -> int:
    libs = [lib.strip() for lib in args.libs.split(",") if lib.strip()]
    bad = [lib for lib in libs if lib not in LIBS]
    if bad or not libs:
        raise SystemExit(f"--libs: unknown {bad}; choose from {','.join(LIBS)}")
    cases = select_cases(args.cases)
    env, removed = worker_env()
    data: JSONDict = {
        "schema": SCHEMA,
        "command": shlex.join([sys.executable, *sys.argv]),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": bool(args.quick),
        "machine": machine_info(),
        "env_removed": removed,
        "python_startup_ns": python_startup_ns(env, 5 if args.quick else 10),
        "libs_requested": libs,
        "cases": [c.id for c in cases],
        "libs": {},
        "load_average_start": load_average(),
    }
    for lib in libs:
        progress(f"== {lib}")
        before, t0 = cpu_seconds(), time.perf_counter()
        data["libs"][lib] = run_worker(lib, cases, args, env)
        data["libs"][lib]["other_cpu_share"] = other_cpu_share(before, time.perf_counter() - t0)
    data["load_average_end"] = load_average()
    report = render_report(data)
    to_stdout_json = args.json == "-"
    print(report, file=sys.stderr if to_stdout_json else sys.stdout)
    if args.json:
        if to_stdout_json:
            json.dump(data, sys.stdout, indent=1)
            sys.stdout.write("\n")
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.write("\n")
            print(f"\nresults saved to {args.json}", file=sys.stderr)
    if args.compare:
        return compare(data, args.compare)
    return 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--libs", default=",".join(LIBS), help="comma-separated subset of %(default)s")
    p.add_argument("--cases", default=None, help="comma-separated case ids or globs (see --list)")
    p.add_argument("--quick", action="store_true", help="fewer repeats and shorter time budgets")
    p.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="PATH",
        help="save the results as JSON to PATH (without PATH or '-': JSON to stdout, the table to stderr)",
    )
    p.add_argument("--compare", metavar="BASELINE.json", help="exit 1 if a tenflowers median is >10%% slower")
    p.add_argument("--list", action="store_true", help="list the case ids and exit")
    p.add_argument("--case-timeout", type=float, default=900.0, help="seconds before a worker case is killed")
    p.add_argument("--worker", choices=LIBS, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for c in CASES.values():
            print(f"{c.id:22} {c.label}")
        return 0
    if args.worker:
        return worker_main(args.worker, select_cases(args.cases), args.quick, args.case_timeout)
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
