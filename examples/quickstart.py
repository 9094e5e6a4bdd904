"""A short tour of tenflowers from Python. Run: python examples/quickstart.py"""

from __future__ import annotations

import numpy as np

import tenflowers as tfs


def main() -> None:
    # Tensors from Python data, NumPy arrays and creation functions.
    a = tfs.asarray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    print("a =", a.tolist(), "shape", a.shape, "dtype", a.dtype)
    b = tfs.asarray(np.arange(3, dtype=np.float64))
    tfs.manual_seed(0)
    noise = tfs.randn(2, 3)
    print("ones:", tfs.ones((2, 2), dtype=tfs.int32).tolist())

    # Arithmetic broadcasts as in NumPy and accepts Python scalars.
    c = (a + b) * 2 - 1
    print("(a + b) * 2 - 1 =", c.tolist())
    print("a / 4 =", (a / 4).tolist())

    # Views share memory: .T and reshape of a contiguous tensor copy nothing.
    print("a.T shape", a.T.shape, "reshape(3, 2):", a.reshape(3, -1).tolist())

    # Matrix products follow numpy.matmul, reductions take axis and keepdims.
    gram = a @ a.T
    print("a @ a.T =", gram.tolist())
    print("sum over axis 0:", a.sum(axis=0).tolist(), "keepdims shape", a.sum(axis=1, keepdims=True).shape)
    print("noise sum is finite:", np.isfinite((a + noise).sum().item()))

    # Indexing returns views; in-place operators write through them, as in NumPy.
    m = tfs.zeros((2, 3))
    m[0, 1:] = tfs.asarray([7.0, 8.0])
    m[:, 0] += 1
    print("m =", m.tolist(), "row view:", m[0, ::-1].tolist())

    # Elementwise math, reductions, sorting and activations, NumPy-exact in dtype rules.
    x = tfs.asarray([3.0, -1.0, 2.0])
    print("softmax:", [round(v, 4) for v in tfs.softmax(x).tolist()], "argsort:", tfs.argsort(x).tolist())
    print("mean, std:", tfs.mean(x).item(), round(tfs.std(x, correction=1).item(), 4))

    # Interop: numpy.asarray works on a Tensor.
    print("as numpy:", np.asarray(gram).dtype)

    # Errors are typed: ShapeError is also a ValueError.
    try:
        a + tfs.zeros(4)
    except tfs.ShapeError as e:
        print("ShapeError:", e)


if __name__ == "__main__":
    main()
