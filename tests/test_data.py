"""tenflowers.utils.data in one process: datasets, samplers, default_collate/default_convert,
random_split and DataLoader (num_workers=0), and Tensor pickling (what carries batches between
processes; the worker processes are tested in test_data_workers.py).

Oracles: plain Python/NumPy transcriptions of torch's documented rules always (batch
composition, lengths ceil(n/b) or floor(n/b), every index once per shuffled epoch, the
fractional split rule), and torch.utils.data itself where torch is importable (the same batches
for unshuffled loaders, the same lengths, default_collate's structure and dtypes on nested
inputs, random_split sizes, the same argument errors)."""

from __future__ import annotations

import collections
import math
import pickle
import sys
import tempfile
import warnings
from typing import Any, Dict, Iterator, List, NamedTuple, Tuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenflowers as tfs
from tenflowers.errors import InvalidArgumentError, OutOfBoundsIndexError, ShapeError
from tenflowers.utils import data as tdata
from tenflowers.utils.data import (
    BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, IterableDataset, RandomSampler,
    SampleBatch, SequentialSampler, StackDataset, Subset, SubsetRandomSampler, TensorDataset,
    WeightedRandomSampler, default_collate, default_convert, random_split,
)

torch: Any
try:
    import torch as _torch  # type: ignore[import-not-found, unused-ignore]

    torch = _torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed (the parity tests compare with it)")


def npy(x: Any) -> Any:
    """A tenflowers or torch tensor (or anything NumPy takes) as a NumPy array."""
    if torch is not None and isinstance(x, torch.Tensor):
        return x.numpy()
    return np.asarray(x.numpy() if isinstance(x, tfs.Tensor) else x)


def structure(x: Any) -> Any:
    """A comparable description of a collated batch: containers kept, leaves as
    ("tensor", dtype name, shape, values) or the value itself."""
    if isinstance(x, tfs.Tensor) or (torch is not None and isinstance(x, torch.Tensor)):
        a = npy(x)
        return ("tensor", str(a.dtype), a.shape, a.tolist())
    if isinstance(x, dict):
        return ("dict", {k: structure(v) for k, v in x.items()})
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return (type(x).__name__, tuple(structure(v) for v in x))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [structure(v) for v in x])
    return x


def dataset_xy(n: int, seed: int = 0) -> Tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 3, 2)).astype(np.float32), rng.integers(0, 10, n).astype(np.int64)


# -- datasets ------------------------------------------------------------------------------------


def test_tensor_dataset_items_batches_and_errors() -> None:
    x, y = dataset_xy(10)
    ds = TensorDataset(tfs.asarray(x), tfs.asarray(y))
    assert len(ds) == 10
    xi, yi = ds[3]
    assert np.array_equal(npy(xi), x[3]) and int(yi) == y[3]
    batch = ds.__getitems__([4, 0, 9, 4])
    assert isinstance(batch, SampleBatch) and len(batch) == 4
    assert np.array_equal(npy(batch.columns[0]), x[[4, 0, 9, 4]])
    assert np.array_equal(npy(batch[1][0]), x[0]) and int(batch[-1][1]) == y[4]
    assert [int(s[1]) for s in batch] == y[[4, 0, 9, 4]].tolist()
    assert len(batch[1:3]) == 2
    with pytest.raises(IndexError):
        batch[4]
    collated = default_collate(batch)
    assert isinstance(collated, list) and np.array_equal(npy(collated[1]), y[[4, 0, 9, 4]])
    with pytest.raises(OutOfBoundsIndexError):
        ds.__getitems__([10])
    with pytest.raises(ShapeError, match="Size mismatch"):
        TensorDataset(tfs.zeros((3, 2)), tfs.zeros(4))
    with pytest.raises(InvalidArgumentError):
        TensorDataset()


def test_subset_concat_chain_stack() -> None:
    ds = TensorDataset(tfs.arange(10))
    sub = Subset(ds, [7, 2, 5])
    assert len(sub) == 3 and int(sub[0][0]) == 7
    assert npy(sub.__getitems__([2, 0]).columns[0]).tolist() == [5, 7]  # through the dataset's __getitems__

    class Squares(Dataset[int]):
        def __init__(self, n: int) -> None:
            self.n = n

        def __getitem__(self, i: int) -> int:
            if not 0 <= i < self.n:
                raise IndexError(i)
            return i * i

        def __len__(self) -> int:
            return self.n

    assert Subset(Squares(5), [4, 1]).__getitems__([0, 1]) == [16, 1]
    cat = Squares(3) + Squares(2)
    assert isinstance(cat, ConcatDataset) and len(cat) == 5 and cat.cumulative_sizes == [3, 5]
    assert [cat[i] for i in range(5)] == [0, 1, 4, 0, 1] and cat[-1] == 1
    with pytest.raises(InvalidArgumentError):
        cat[-6]
    with pytest.raises(InvalidArgumentError):
        ConcatDataset([])

    class Count(IterableDataset[int]):
        def __init__(self, n: int) -> None:
            self.n = n

        def __iter__(self) -> Iterator[int]:
            return iter(range(self.n))

        def __len__(self) -> int:
            return self.n

    with pytest.raises(InvalidArgumentError):
        ConcatDataset([Count(2)])
    chain = Count(2) + Count(3)
    assert isinstance(chain, ChainDataset) and list(chain) == [0, 1, 0, 1, 2] and len(chain) == 5
    stk = StackDataset(Squares(3), Squares(3))
    assert stk[2] == (4, 4) and len(stk) == 3
    assert StackDataset(a=Squares(2), b=Squares(2))[1] == {"a": 1, "b": 1}
    with pytest.raises(InvalidArgumentError):
        StackDataset(Squares(2), Squares(3))
    with pytest.raises(NotImplementedError):
        Dataset()[0]


@settings(max_examples=40)
@given(n=st.integers(0, 60), parts=st.lists(st.integers(1, 10), min_size=1, max_size=5), seed=st.integers(0, 2**32))
def test_random_split_fractions_follow_torchs_rule(n: int, parts: List[int], seed: int) -> None:
    fracs = [p / sum(parts) for p in parts]
    if not (math.isclose(sum(fracs), 1) and sum(fracs) <= 1):
        return
    ds = TensorDataset(tfs.arange(n)) if n else TensorDataset(tfs.zeros(0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        splits = random_split(ds, fracs, generator=tfs.Generator().manual_seed(seed))
    # The rule: floor(n * frac) each, the remainder dealt one by one from the first split.
    want = [int(math.floor(n * f)) for f in fracs]
    for i in range(n - sum(want)):
        want[i % len(want)] += 1
    assert [len(s) for s in splits] == want
    assert sorted(i for s in splits for i in s.indices) == list(range(n))
    if torch is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = torch.utils.data.random_split(range(n), fracs, generator=torch.Generator().manual_seed(seed))
        assert [len(s) for s in theirs] == want


def test_random_split_counts_reproducibility_and_errors() -> None:
    ds = TensorDataset(tfs.arange(10))
    a = random_split(ds, [3, 7], generator=tfs.Generator().manual_seed(1))
    b = random_split(ds, [3, 7], generator=tfs.Generator().manual_seed(1))
    assert [s.indices for s in a] == [s.indices for s in b] and [len(s) for s in a] == [3, 7]
    tfs.manual_seed(4)
    c = random_split(ds, [5, 5])
    tfs.manual_seed(4)
    assert [s.indices for s in random_split(ds, [5, 5])] == [s.indices for s in c]
    with pytest.raises(InvalidArgumentError, match="Sum of input lengths"):
        random_split(ds, [3, 3])
    with pytest.raises(ValueError):
        random_split(ds, [0.5, 0.6])
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        random_split(TensorDataset(tfs.arange(1)), [0.5, 0.5])
    if torch is not None:
        with pytest.raises(ValueError):
            torch.utils.data.random_split(range(10), [3, 3])


# -- samplers ------------------------------------------------------------------------------------


def test_samplers() -> None:
    data = list(range(10))
    assert list(SequentialSampler(data)) == data and len(SequentialSampler(data)) == 10
    g = tfs.Generator().manual_seed(0)
    perm = list(RandomSampler(data, generator=g))
    assert sorted(perm) == data and perm != data
    long = list(RandomSampler(data, num_samples=25, generator=g))
    assert len(long) == 25 and sorted(long[:10]) == data and sorted(long[10:20]) == data
    rep = list(RandomSampler(data, replacement=True, num_samples=100, generator=g))
    assert len(rep) == 100 and set(rep) <= set(data) and len(set(rep)) > 5
    with pytest.raises(TypeError):
        RandomSampler(data, replacement=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        RandomSampler(data, num_samples=0)
    sub = list(SubsetRandomSampler([5, 6, 7], generator=g))
    assert sorted(sub) == [5, 6, 7]
    assert list(BatchSampler(data, 4, False)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(BatchSampler(SequentialSampler(data), 4, True)) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert list(BatchSampler(SequentialSampler(data), 4, False))[-1] == [8, 9]
    assert len(BatchSampler(data, 4, False)) == 3 and len(BatchSampler(data, 4, True)) == 2
    for bad in (0, -1, True, 2.0):
        with pytest.raises(ValueError):
            BatchSampler(data, bad, False)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        BatchSampler(data, 2, 1)  # type: ignore[arg-type]


def test_weighted_random_sampler_follows_the_weights() -> None:
    w = [0.0, 1.0, 2.0, 7.0]
    g = tfs.Generator().manual_seed(3)
    draws = np.asarray(list(WeightedRandomSampler(w, 20000, generator=g)))
    freq = np.bincount(draws, minlength=4) / 20000
    assert freq[0] == 0 and np.allclose(freq, np.asarray(w) / 10, atol=0.015), freq
    once = list(WeightedRandomSampler(tfs.asarray(w), 3, replacement=False, generator=g))
    assert sorted(once) == [1, 2, 3]
    # Without replacement the heavier index comes first more often.
    firsts = np.bincount([list(WeightedRandomSampler(w, 1, replacement=False, generator=g))[0] for _ in range(3000)],
                         minlength=4) / 3000
    assert np.allclose(firsts, np.asarray(w) / 10, atol=0.03), firsts
    with pytest.raises(ValueError):
        WeightedRandomSampler(w, 4, replacement=False)
    with pytest.raises(ValueError):
        WeightedRandomSampler([-1.0, 1.0], 1)
    with pytest.raises(ValueError):
        WeightedRandomSampler(tfs.ones((2, 2)), 1)
    with pytest.raises(ValueError):
        WeightedRandomSampler(w, 0)


# -- collate -------------------------------------------------------------------------------------


class Point(NamedTuple):
    x: Any
    y: Any


def _nested_batches() -> List[List[Any]]:
    rng = np.random.default_rng(7)
    return [
        [1.5, 2.0, -3.25],
        [1, 2, 3],
        [True, False],
        ["a", "bc"],
        [b"x", b"y"],
        [np.float32(1.5), np.float32(2.5)],
        [np.int32(3), np.int32(-4)],
        [rng.standard_normal((2, 3)).astype(np.float32) for _ in range(3)],
        [rng.integers(0, 5, (4,)) for _ in range(2)],
        [np.array(2.5), np.array(3.5)],
        [(1, 2.0), (3, 4.0)],
        [[1, 2], [3, 4]],
        [{"a": 1, "b": (np.zeros(2, np.float32), "s")}, {"a": 2, "b": (np.ones(2, np.float32), "t")}],
        [Point(1.0, [1, 2]), Point(2.0, [3, 4])],
        [collections.OrderedDict(k=1), collections.OrderedDict(k=2)],
    ]


@pytest.mark.parametrize("i", range(len(_nested_batches())))
def test_default_collate_structure_and_dtypes(i: int) -> None:
    batch = _nested_batches()[i]
    ours = default_collate(batch)
    # The NumPy transcription of the rules for the leaves.
    first = batch[0]
    if isinstance(first, float):
        assert ours.dtype == tfs.float64 and npy(ours).tolist() == batch
    elif isinstance(first, bool):
        assert ours.dtype == tfs.bool and npy(ours).tolist() == batch
    elif isinstance(first, int):
        assert ours.dtype == tfs.int64 and npy(ours).tolist() == batch
    elif isinstance(first, (str, bytes)):
        assert ours is batch
    elif isinstance(first, np.ndarray) or isinstance(first, np.generic):
        want = np.stack(batch) if isinstance(first, np.ndarray) else np.asarray(batch)
        assert npy(ours).dtype == want.dtype and np.array_equal(npy(ours), want)
    if torch is not None:
        tb = [_to_torch(b) for b in batch]
        assert structure(ours) == structure(torch.utils.data.default_collate(tb))


def _to_torch(x: Any) -> Any:
    """A sample with its tenflowers tensors as torch tensors (NumPy leaves stay NumPy)."""
    if isinstance(x, tfs.Tensor):
        return torch.from_numpy(x.numpy())
    return x


def test_default_collate_of_tensors_and_errors() -> None:
    rng = np.random.default_rng(1)
    arrs = [rng.standard_normal((2, 2)) for _ in range(3)]
    out = default_collate([(tfs.asarray(a), i) for i, a in enumerate(arrs)])
    assert isinstance(out, list) and np.array_equal(npy(out[0]), np.stack(arrs)) and npy(out[1]).tolist() == [0, 1, 2]
    if torch is not None:
        theirs = torch.utils.data.default_collate([(torch.from_numpy(a), i) for i, a in enumerate(arrs)])
        assert structure(out) == structure(theirs)
    with pytest.raises(TypeError, match="default_collate"):
        default_collate([None, None])
    with pytest.raises(TypeError):
        default_collate([np.array(["a"]), np.array(["b"])])
    with pytest.raises(ShapeError):
        default_collate([np.zeros(2), np.zeros(3)])
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([[1, 2], [3]])


def test_default_convert() -> None:
    sample = {"a": np.arange(3), "b": (np.float32(2.0), 5, "s"), "c": [np.zeros(2)]}
    out = default_convert(sample)
    assert isinstance(out["a"], tfs.Tensor) and npy(out["a"]).tolist() == [0, 1, 2]
    assert isinstance(out["b"], list) and out["b"][0].dtype == tfs.float32 and out["b"][1:] == [5, "s"]
    assert isinstance(out["c"][0], tfs.Tensor)
    t = tfs.ones(2)
    assert default_convert(t) is t and default_convert(3.5) == 3.5
    assert default_convert(Point(np.ones(1), 2)).y == 2
    if torch is not None:
        assert structure(out) == structure(torch.utils.data.default_convert(sample))


# -- DataLoader ----------------------------------------------------------------------------------


class NumpyDataset(Dataset[Tuple[Any, int]]):
    """Samples (a float32 array, an int label) built from the index, as a user's dataset."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, i: int) -> Tuple[Any, int]:
        if not 0 <= i < self.n:
            raise IndexError(i)
        return np.full((2, 2), i, np.float32), i % 3

    def __len__(self) -> int:
        return self.n


@pytest.mark.parametrize("n,bs,drop", [(10, 3, False), (10, 3, True), (9, 3, True), (1, 4, False), (1, 4, True), (0, 2, False)])
def test_unshuffled_batches_and_lengths_match(n: int, bs: int, drop: bool) -> None:
    x, y = dataset_xy(n, seed=n)
    loader = DataLoader(TensorDataset(tfs.asarray(x), tfs.asarray(y)), batch_size=bs, drop_last=drop)
    batches = list(loader)
    want = n // bs if drop else -(-n // bs)
    assert len(loader) == len(batches) == want
    for k, (xb, yb) in enumerate(batches):
        assert np.array_equal(npy(xb), x[k * bs:(k + 1) * bs]) and np.array_equal(npy(yb), y[k * bs:(k + 1) * bs])
    nb = list(DataLoader(NumpyDataset(n), batch_size=bs, drop_last=drop))
    assert len(nb) == want
    if torch is not None:
        tl = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=bs, drop_last=drop
        )
        assert len(tl) == len(loader)
        assert [structure(b) for b in tl] == [structure(b) for b in batches]
        tn = list(torch.utils.data.DataLoader(NumpyDataset(n), batch_size=bs, drop_last=drop))
        assert [structure(b) for b in tn] == [structure(b) for b in nb]


@settings(max_examples=60)
@given(n=st.integers(0, 70), bs=st.integers(1, 20), drop=st.booleans(), shuffle=st.booleans(), seed=st.integers(0, 2**63))
def test_loader_composition_rule(n: int, bs: int, drop: bool, shuffle: bool, seed: int) -> None:
    """Batches of `bs` consecutive sampler positions, the last short one dropped when `drop`;
    without shuffle the positions are 0..n-1, with shuffle each index appears once."""
    g = tfs.Generator().manual_seed(seed)
    if shuffle and n == 0:  # RandomSampler refuses an empty dataset, as torch's
        with pytest.raises(ValueError, match="num_samples=0"):
            DataLoader(TensorDataset(tfs.arange(n)), shuffle=True)
        return
    loader = DataLoader(TensorDataset(tfs.arange(n)), batch_size=bs, drop_last=drop, shuffle=shuffle, generator=g)
    batches = [npy(b).tolist() for (b,) in loader]
    sizes = [bs] * (n // bs) + ([] if drop or n % bs == 0 else [n % bs])
    assert [len(b) for b in batches] == sizes and len(loader) == len(sizes)
    got = [i for b in batches for i in b]
    if shuffle:
        assert len(set(got)) == len(got) and set(got) <= set(range(n))
        assert len(got) == n or drop
    else:
        assert got == list(range(len(got)))
    if torch is not None:
        tl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(n)), batch_size=bs,
                                         drop_last=drop, shuffle=shuffle)
        assert len(tl) == len(loader) and [len(b[0]) for b in tl] == sizes


def test_batch_size_none_and_custom_collate_and_batch_sampler() -> None:
    ds = NumpyDataset(4)
    items = list(DataLoader(ds, batch_size=None))
    assert len(items) == 4 and isinstance(items[2][0], tfs.Tensor) and items[2][1] == 2  # default_convert
    seen: List[Any] = []

    def collate(batch: Any) -> int:
        seen.append(batch)
        return len(batch)

    assert list(DataLoader(ds, batch_size=3, collate_fn=collate)) == [3, 1]
    assert list(DataLoader(TensorDataset(tfs.arange(5)), batch_size=2, collate_fn=collate)) == [2, 2, 1]
    assert [int(s[0]) for s in seen[-1]] == [4]  # a SampleBatch reads as the samples
    loader = DataLoader(ds, batch_sampler=[[3, 0], [1]])
    assert [npy(b[1]).tolist() for b in loader] == [[0, 0], [1]] and len(loader) == 2
    if torch is not None:
        tl = torch.utils.data.DataLoader(ds, batch_size=None)
        assert [structure(b) for b in tl] == [structure(b) for b in items]


def test_shuffle_gives_every_index_once_and_is_seeded() -> None:
    ds = TensorDataset(tfs.arange(103))
    loader = DataLoader(ds, batch_size=10, shuffle=True)
    tfs.manual_seed(11)
    e1 = [i for (b,) in loader for i in npy(b).tolist()]
    e2 = [i for (b,) in loader for i in npy(b).tolist()]
    assert sorted(e1) == sorted(e2) == list(range(103)) and e1 != e2
    tfs.manual_seed(11)
    assert [i for (b,) in loader for i in npy(b).tolist()] == e1
    g = tfs.Generator().manual_seed(5)
    gl = DataLoader(ds, batch_size=10, shuffle=True, generator=g)
    f1 = [i for (b,) in gl for i in npy(b).tolist()]
    g.manual_seed(5)
    tfs.randperm(10)  # the global generator does not matter with a generator
    assert [i for (b,) in gl for i in npy(b).tolist()] == f1 and sorted(f1) == list(range(103))


class Stream(IterableDataset[int]):
    def __init__(self, n: int) -> None:
        self.n = n

    def __iter__(self) -> Iterator[int]:
        info = tdata.get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))

    def __len__(self) -> int:
        return self.n


def test_iterable_dataset_in_process() -> None:
    loader = DataLoader(Stream(7), batch_size=3)
    assert [npy(b).tolist() for b in loader] == [[0, 1, 2], [3, 4, 5], [6]] and len(loader) == 3
    assert [npy(b).tolist() for b in DataLoader(Stream(7), batch_size=3, drop_last=True)] == [[0, 1, 2], [3, 4, 5]]
    assert list(DataLoader(Stream(3), batch_size=None)) == [0, 1, 2]
    assert tdata.get_worker_info() is None


def test_argument_errors_match_torch() -> None:
    ds = TensorDataset(tfs.arange(4))
    smp = SequentialSampler(ds)
    cases: List[Tuple[Any, Dict[str, Any]]] = [
        (ds, dict(sampler=smp, shuffle=True)),
        (ds, dict(batch_sampler=[[0]], batch_size=2)),
        (ds, dict(batch_sampler=[[0]], shuffle=True)),
        (ds, dict(batch_sampler=[[0]], drop_last=True)),
        (ds, dict(batch_sampler=[[0]], sampler=smp)),
        (ds, dict(batch_size=None, drop_last=True)),
        (ds, dict(num_workers=-1)),
        (ds, dict(timeout=-1)),
        (ds, dict(prefetch_factor=2)),
        (ds, dict(persistent_workers=True)),
        (ds, dict(num_workers=1, prefetch_factor=-1)),
        (Stream(3), dict(shuffle=True)),
        (Stream(3), dict(sampler=smp)),
        (Stream(3), dict(batch_sampler=[[0]])),
        (ds, dict(batch_size=0)),
    ]
    for dataset, kwargs in cases:
        with pytest.raises(ValueError):
            DataLoader(dataset, **kwargs)
        if torch is not None:
            tds: Any = torch.utils.data.TensorDataset(torch.arange(4))
            if dataset is not ds:
                class TorchStream(torch.utils.data.IterableDataset):  # type: ignore[misc]
                    def __iter__(self) -> Iterator[int]:
                        return iter(range(3))

                tds = TorchStream()
            tk = dict(kwargs)
            if "sampler" in tk:
                tk["sampler"] = torch.utils.data.SequentialSampler(tds)
            with pytest.raises(ValueError):
                torch.utils.data.DataLoader(tds, **tk)
    DataLoader(Stream(3), shuffle=False)  # an explicit False is fine, as torch


def test_errors_in_process_are_the_datasets_own() -> None:
    class Bad(Dataset[int]):
        def __getitem__(self, i: int) -> int:
            raise KeyError(f"no sample {i}")

        def __len__(self) -> int:
            return 3

    with pytest.raises(KeyError, match="no sample 0"):
        next(iter(DataLoader(Bad())))


# -- pickling tensors ----------------------------------------------------------------------------


@settings(max_examples=30)
@given(shape=st.lists(st.integers(0, 4), max_size=3), dt=st.sampled_from(["float32", "float64", "int64", "int32", "uint8", "bool"]))
def test_tensors_pickle_through_their_bytes(shape: List[int], dt: str) -> None:
    rng = np.random.default_rng(len(shape))
    a = (rng.standard_normal(shape) * 10).astype(dt)
    t = tfs.asarray(a)
    for proto in (2, pickle.HIGHEST_PROTOCOL):
        u = pickle.loads(pickle.dumps(t, protocol=proto))
        assert u.dtype == t.dtype and u.shape == t.shape and np.array_equal(npy(u), a) and u._h != t._h
    view = tfs.asarray(np.arange(12.0).reshape(3, 4)).T  # a non-contiguous view pickles row-major
    assert npy(pickle.loads(pickle.dumps(view))).tolist() == np.arange(12.0).reshape(3, 4).T.tolist()
    assert pickle.loads(pickle.dumps(tfs.ones(2).requires_grad_())).requires_grad


def test_import_of_utils_data_does_not_import_numpy() -> None:
    import subprocess

    code = "import sys, tenflowers.utils.data\nassert 'numpy' not in sys.modules\nassert 'multiprocessing' not in sys.modules\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
