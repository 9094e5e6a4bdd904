#!/usr/bin/env python3
"""Per-call overhead of tiny ops from Python, two builds of tenflowers in the same run.

Each build is a folder holding an installed ``tenflowers`` package (``pip install --no-deps
--target DIR .``). The builds run in alternating child processes (A B A B ...), so drift of the
machine hits both alike; each child times every case on (16,) float32 tensors and the parent
reports the median over rounds and the ratio after / before (< 1: the new build is faster).

    python benchmarks/callpath.py --before /tmp/tf_before --after /tmp/tf_after [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import timeit
from typing import Dict, List

CASES = {
    "a + b": "a + b",
    "tfs.add(a, b)": "tfs.add(a, b)",
    "a * 2.0": "a * 2.0",
    "tfs.exp(a)": "tfs.exp(a)",
    "tfs.sum(a)": "tfs.sum(a)",
    "tfs.reshape(a, (4, 4))": "tfs.reshape(a, (4, 4))",
    "tfs.softmax(a)": "tfs.softmax(a)",
    "tfs.where(m, a, b)": "tfs.where(m, a, b)",
}


def worker(number: int, repeat: int) -> Dict[str, float]:
    import tenflowers as tfs

    a = tfs.ones(16, dtype=tfs.float32)
    b = tfs.ones(16, dtype=tfs.float32)
    m = a > 0
    ns = {"tfs": tfs, "a": a, "b": b, "m": m}
    out: Dict[str, float] = {}
    for name, stmt in CASES.items():
        timer = timeit.Timer(stmt, globals=ns)
        timer.timeit(number // 10)  # warm up
        runs = timer.repeat(repeat=repeat, number=number)
        out[name] = statistics.median(runs) / number * 1e9
    return out


def run_child(path: str, number: int, repeat: int) -> Dict[str, float]:
    env = dict(os.environ, PYTHONPATH=path)
    env.pop("TENFLOWERS_LIBRARY", None)
    r = subprocess.run(
        [sys.executable, __file__, "--worker", str(number), str(repeat)], env=env, capture_output=True, text=True, check=True
    )
    result: Dict[str, float] = json.loads(r.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        print(json.dumps(worker(int(sys.argv[2]), int(sys.argv[3]))))
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--number", type=int, default=20000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    samples: Dict[str, Dict[str, List[float]]] = {"before": {}, "after": {}}
    for _ in range(args.rounds):
        for label, path in (("before", args.before), ("after", args.after)):
            for name, v in run_child(path, args.number, args.repeat).items():
                samples[label].setdefault(name, []).append(v)
    print(f"median over {args.rounds} alternating rounds, {args.repeat} x {args.number} calls each, ns per call")
    print("| call | before | after | after / before |")
    print("|---|---|---|---|")
    for name in CASES:
        b = statistics.median(samples["before"][name])
        a = statistics.median(samples["after"][name])
        print(f"| `{name}` | {b:.0f} | {a:.0f} | {a / b:.2f} |")


if __name__ == "__main__":
    main()
