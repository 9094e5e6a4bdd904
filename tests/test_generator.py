"""tfs.Generator and tfs.randperm: a permutation holds every value once (hypothesis over n and
seeds), the same seed gives the same order, a Generator's draws never shift the global
generator's nor another Generator's, get_state/set_state and pickling replay, generator= on
rand/randn/randint, the freeing of handles, and the argument errors. The order is uniform: a
chi-square check over the 24 orders of 4. torch is not an oracle for the numbers (another
algorithm), only for the API shape (initial_seed of a new Generator)."""

from __future__ import annotations

import copy
import gc
import pickle
import threading
import weakref
from typing import Any, Dict, List, Tuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenflowers as tfs
from tenflowers.errors import DtypeError, InvalidArgumentError

torch: Any
try:
    import torch as _torch  # type: ignore[import-not-found, unused-ignore]

    torch = _torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None


@settings(max_examples=60)
@given(n=st.integers(0, 3000), seed=st.integers(-(2**63), 2**64 - 1), wide=st.booleans())
def test_randperm_is_a_permutation(n: int, seed: int, wide: bool) -> None:
    g = tfs.Generator().manual_seed(seed)
    p = tfs.randperm(n, generator=g, dtype=tfs.int64 if wide else tfs.int32)
    assert p.dtype == (tfs.int64 if wide else tfs.int32) and p.shape == (n,)
    assert sorted(p.tolist()) == list(range(n))


def test_same_seed_same_order_and_int32_matches_int64() -> None:
    a = tfs.randperm(500, generator=tfs.Generator().manual_seed(11)).tolist()
    b = tfs.randperm(500, generator=tfs.Generator().manual_seed(11), dtype=tfs.int32).tolist()
    c = tfs.randperm(500, generator=tfs.Generator().manual_seed(12)).tolist()
    assert a == b and a != c and a != list(range(500))


def test_generators_are_independent_of_each_other_and_of_the_global_one() -> None:
    tfs.manual_seed(5)
    expected = [tfs.randperm(50).tolist() for _ in range(3)]
    g = tfs.Generator().manual_seed(5)
    h = tfs.Generator().manual_seed(6)
    tfs.manual_seed(5)
    got = []
    for _ in range(3):
        got.append(tfs.randperm(50).tolist())
        tfs.randperm(50, generator=g)
        tfs.rand(3, generator=h)
    assert got == expected
    # And the private one gives the global one's sequence after the same seed.
    g.manual_seed(5)
    assert [tfs.randperm(50, generator=g).tolist() for _ in range(3)] == expected
    # The global generator after manual_seed(s) is the same stream as Generator().manual_seed(s).
    tfs.manual_seed(9)
    x = tfs.rand(10).tolist()
    assert tfs.rand(10, generator=tfs.Generator().manual_seed(9)).tolist() == x


def test_state_round_trips_and_pickles() -> None:
    g = tfs.Generator().manual_seed(3)
    tfs.randperm(10, generator=g)
    state = g.get_state()
    assert state.dtype == tfs.uint8 and state.shape == (16,)
    assert state.tolist()[:8] == list((3).to_bytes(8, "little")) and state.tolist()[8] == 1
    nxt = tfs.randperm(100, generator=g).tolist()
    h = tfs.Generator().set_state(state)
    assert tfs.randperm(100, generator=h).tolist() == nxt
    assert h.initial_seed() == 3
    for clone in (pickle.loads(pickle.dumps(g)), copy.deepcopy(g), copy.copy(g)):
        assert clone is not g and clone._h != g._h
        assert tfs.randint(0, 1000, (20,), generator=clone).tolist() == \
            tfs.randint(0, 1000, (20,), generator=copy.copy(g)).tolist()
    with pytest.raises(InvalidArgumentError, match="uint8 tensor of shape"):
        g.set_state(tfs.zeros(16))
    with pytest.raises(InvalidArgumentError):
        g.set_state(tfs.asarray(list(range(15))).astype(tfs.uint8))


def test_global_generator_api() -> None:
    assert tfs.manual_seed(21) is tfs.default_generator
    assert tfs.initial_seed() == 21 == tfs.default_generator.initial_seed()
    st = tfs.default_generator.get_state()
    a = tfs.randn(5).tolist()
    tfs.default_generator.set_state(st)
    assert tfs.randn(5).tolist() == a
    s = tfs.seed()
    assert tfs.initial_seed() == s and 0 <= s < 2**64
    g = tfs.Generator()
    s2 = g.seed()
    assert g.initial_seed() == s2
    # A negative seed is taken modulo 2**64, as torch.
    assert tfs.Generator().manual_seed(-1).initial_seed() == 2**64 - 1


def test_new_generator_has_torchs_default_seed() -> None:
    assert tfs.Generator().initial_seed() == 67280421310721
    if torch is not None:
        assert torch.Generator().initial_seed() == tfs.Generator().initial_seed()


def test_generator_argument_on_rand_randn_randint() -> None:
    g1, g2 = tfs.Generator().manual_seed(4), tfs.Generator().manual_seed(4)
    def draws(g: tfs.Generator) -> List[tfs.Tensor]:
        return [tfs.rand(2, 3, generator=g, dtype=tfs.float32), tfs.randn((4,), generator=g),
                tfs.randint(-3, 3, (7,), generator=g, dtype=tfs.int32)]

    for a, b in zip(draws(g1), draws(g2)):
        assert a.dtype == b.dtype and a.tolist() == b.tolist()
    u = np.asarray(tfs.rand(10000, generator=g1).numpy())
    assert u.min() >= 0 and u.max() < 1 and abs(u.mean() - 0.5) < 0.02
    r = np.asarray(tfs.randint(-3, 3, (10000,), generator=g1).numpy())
    assert set(np.unique(r).tolist()) == {-3, -2, -1, 0, 1, 2}
    with pytest.raises(TypeError, match="tenflowers.Generator"):
        tfs.randperm(3, generator=np.random.default_rng(0))  # type: ignore[arg-type]


def test_randperm_order_is_uniform() -> None:
    # 24000 draws of a permutation of 4: chi-square over the 24 orders, 23 degrees of freedom;
    # 60 is beyond the 0.9999 quantile (about 55), so a fair shuffle fails 1 run in 10^4 at most.
    g = tfs.Generator().manual_seed(2024)
    counts: Dict[Tuple[int, ...], int] = {}
    for _ in range(24000):
        k = tuple(tfs.randperm(4, generator=g).tolist())
        counts[k] = counts.get(k, 0) + 1
    assert len(counts) == 24
    chi2 = sum((c - 1000) ** 2 / 1000 for c in counts.values())
    assert chi2 < 60, chi2
    # Position 0 holds each value a quarter of the time on a longer permutation too.
    first = np.asarray([tfs.randperm(10, generator=g).tolist()[0] for _ in range(5000)])
    assert np.all(np.abs(np.bincount(first, minlength=10) - 500) < 100)


def test_randperm_errors() -> None:
    with pytest.raises(InvalidArgumentError, match="-1"):
        tfs.randperm(-1)
    with pytest.raises(DtypeError, match="TF_Randperm.*float32"):
        tfs.randperm(3, dtype=tfs.float32)
    with pytest.raises(InvalidArgumentError):
        tfs.randperm(2**31 + 1, dtype=tfs.int32)
    with pytest.raises(TypeError):
        tfs.randperm(2.5)  # type: ignore[arg-type]


def test_generators_are_freed_and_threads_share_one_safely() -> None:
    g = tfs.Generator()
    ref = weakref.ref(g)
    assert g._h
    del g
    gc.collect()
    assert ref() is None
    shared = tfs.Generator().manual_seed(1)
    out: List[List[int]] = []

    def work() -> None:
        for _ in range(50):
            out.append(tfs.randperm(200, generator=shared).tolist())

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 100 and all(sorted(p) == list(range(200)) for p in out)
    st = shared.get_state().tolist()
    assert int.from_bytes(bytes(st[8:]), "little") == 100
    # The 100 draws are the 100 draws of a fresh generator with this seed, in some order.
    again = tfs.Generator().manual_seed(1)
    assert sorted(map(tuple, out)) == sorted(tuple(tfs.randperm(200, generator=again).tolist()) for _ in range(100))


def test_shutdown_with_live_generators_is_quiet() -> None:
    import subprocess
    import sys
    import tempfile

    code = (
        "import tenflowers as tfs\n"
        "g = tfs.Generator().manual_seed(1)\n"
        "keep = [tfs.Generator() for _ in range(10)]\n"
        "cycle = [g]; cycle.append(cycle)\n"
        "print(tfs.randperm(3, generator=g).shape)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       cwd=tempfile.gettempdir())
    assert r.returncode == 0 and r.stdout == "(3,)\n" and r.stderr == "", r.stderr
