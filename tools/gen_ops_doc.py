#!/usr/bin/env python3
"""Generates docs/ops.md: every public tenflowers function with its C function(s) and the dtype
it returns for each input dtype, found by calling the installed library, so the table cannot
drift from the code. Run with the Python that has tenflowers installed:

    .venv/bin/python tools/gen_ops_doc.py          # rewrite docs/ops.md
    .venv/bin/python tools/gen_ops_doc.py --check  # exit 1 when it is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers._core import cdefs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from optable import OPS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "ops.md"
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "float32", "float64"]

Probe = Callable[[Any], Any]

# The elementwise families come from the op table (one function per row, aliases included).
UNARY = [n for op in OPS if op.family != "binary" for n in ((op.name,) if op.python else ()) + op.aliases] + ["gelu"]
BINARY = [n for op in OPS if op.family == "binary" for n in (op.name,) + op.aliases]
REDUCTIONS = "sum prod mean var std max min argmax argmin all any logsumexp cumulative_sum".split()

FAMILIES: Dict[str, Dict[str, Probe]] = {
    "Elementwise, one input": {n: (lambda n: lambda x: getattr(tfs, n)(x))(n) for n in UNARY},
    "Elementwise, two inputs (broadcasting)": {n: (lambda n: lambda x: getattr(tfs, n)(x, x))(n) for n in BINARY},
    "Selection": {
        "where": lambda x: tfs.where(x > 0, x, x),
        "clip": lambda x: tfs.clip(x, x, x),
        "clamp": lambda x: tfs.clamp(x, x, x),
    },
    "Softmax": {"softmax": lambda x: tfs.softmax(x), "log_softmax": lambda x: tfs.log_softmax(x)},
    "Reductions (axis, keepdims)": {n: (lambda n: lambda x: getattr(tfs, n)(x.reshape(-1) if n == "cumulative_sum" else x))(n) for n in REDUCTIONS},
    "Sorting": {
        "sort": lambda x: tfs.sort(x), "argsort": lambda x: tfs.argsort(x),
        "topk": lambda x: tfs.topk(x.reshape(-1), 2)[0], "nonzero": lambda x: tfs.nonzero(x)[0],
    },
    "Linear algebra": {
        "matmul": lambda x: tfs.matmul(x, x), "tensordot": lambda x: tfs.tensordot(x, x, axes=1),
        "vecdot": lambda x: tfs.vecdot(x, x), "outer": lambda x: tfs.outer(x[0], x[1]),
        "einsum": lambda x: tfs.einsum("ij,jk->ik", x, x),
    },
    "Fused training ops": {
        "linear": lambda x: tfs.linear(x, x, x[0]),
        "cross_entropy": lambda x: tfs.cross_entropy(x, tfs.asarray([0, 1])),
    },
    "Shape and views": {
        "reshape": lambda x: tfs.reshape(x, (4,)), "permute_dims": lambda x: tfs.permute_dims(x, (1, 0)),
        "transpose": lambda x: tfs.transpose(x), "matrix_transpose": lambda x: tfs.matrix_transpose(x),
        "expand_dims": lambda x: tfs.expand_dims(x, axis=0), "unsqueeze": lambda x: tfs.unsqueeze(x, 0),
        "squeeze": lambda x: tfs.squeeze(tfs.expand_dims(x, axis=0), axis=0), "flatten": lambda x: tfs.flatten(x),
        "broadcast_to": lambda x: tfs.broadcast_to(x, (3, 2, 2)), "broadcast_arrays": lambda x: tfs.broadcast_arrays(x, x)[0],
        "flip": lambda x: tfs.flip(x), "moveaxis": lambda x: tfs.moveaxis(x, 0, 1), "swapaxes": lambda x: tfs.swapaxes(x, 0, 1),
        "roll": lambda x: tfs.roll(x, 1), "tile": lambda x: tfs.tile(x, (2, 1)), "repeat": lambda x: tfs.repeat(x, 2),
        "pad": lambda x: tfs.pad(x, 1), "concat": lambda x: tfs.concat([x, x]), "cat": lambda x: tfs.cat([x, x]),
        "stack": lambda x: tfs.stack([x, x]), "split": lambda x: tfs.split(x, 2)[0],
        "array_split": lambda x: tfs.array_split(x, 2)[0], "unstack": lambda x: tfs.unstack(x)[0],
    },
    "Gather and scatter": {
        "take": lambda x: tfs.take(x, tfs.asarray([0, 1]), axis=0),
        "take_along_axis": lambda x: tfs.take_along_axis(x, tfs.zeros((2, 2), dtype=tfs.int64), axis=0),
        "gather": lambda x: tfs.gather(x, 0, tfs.zeros((2, 2), dtype=tfs.int64)),
        "scatter_add": lambda x: tfs.scatter_add(x, 0, tfs.zeros((2, 2), dtype=tfs.int64), x),
    },
    "Creation from a tensor": {
        "zeros_like": lambda x: tfs.zeros_like(x), "ones_like": lambda x: tfs.ones_like(x),
        "empty_like": lambda x: tfs.empty_like(x), "full_like": lambda x: tfs.full_like(x, 1),
        "tril": lambda x: tfs.tril(x), "triu": lambda x: tfs.triu(x), "astype": lambda x: tfs.astype(x, tfs.float64),
        "asarray": lambda x: tfs.asarray(x),
    },
}

# tenflowers.nn.functional, probed on the same 2x2 tensor seen as the shape each function takes
# (x4: a [1, 1, 2, 2] image batch; x3: [1, 2, 2] for attention); targets and weights are made of
# the probed dtype where the function takes it, so a cell says what the function accepts.
def _x4(x: Any) -> Any:
    return x.reshape((1, 1, 2, 2))


def _x3(x: Any) -> Any:
    return x.reshape((1, 2, 2))


def _IDX() -> Any:  # class targets
    return tfs.asarray([0, 1])


NN_FAMILIES: Dict[str, Dict[str, Probe]] = {
    "Layers (tenflowers.nn.functional)": {
        "conv1d": lambda x: F.conv1d(x.reshape((1, 2, 2)), x.reshape((1, 2, 2))),
        "conv2d": lambda x: F.conv2d(_x4(x), _x4(x)),
        "conv_transpose2d": lambda x: F.conv_transpose2d(_x4(x), _x4(x)),
        "max_pool1d": lambda x: F.max_pool1d(_x3(x), 2),
        "max_pool2d": lambda x: F.max_pool2d(_x4(x), 2),
        "avg_pool1d": lambda x: F.avg_pool1d(_x3(x), 2),
        "avg_pool2d": lambda x: F.avg_pool2d(_x4(x), 2),
        "adaptive_avg_pool2d": lambda x: F.adaptive_avg_pool2d(_x4(x), 1),
        "adaptive_max_pool2d": lambda x: F.adaptive_max_pool2d(_x4(x), 1),
        "batch_norm": lambda x: F.batch_norm(_x4(x), None, None, training=True),
        "layer_norm": lambda x: F.layer_norm(x, (2,)),
        "rms_norm": lambda x: F.rms_norm(x, (2,)),
        "group_norm": lambda x: F.group_norm(_x4(x), 1),
        "dropout": lambda x: F.dropout(x, 0.5),
        "alpha_dropout": lambda x: F.alpha_dropout(x, 0.5, training=True),
        "dropout1d": lambda x: F.dropout1d(_x3(x), 0.5),
        "dropout2d": lambda x: F.dropout2d(_x4(x), 0.5),
        "dropout3d": lambda x: F.dropout3d(x.reshape((1, 1, 1, 2, 2)), 0.5),
        "embedding": lambda x: F.embedding(_IDX(), x),
        "one_hot": lambda x: F.one_hot(x),
        "pad": lambda x: F.pad(x, (1, 1)),
        "scaled_dot_product_attention": lambda x: F.scaled_dot_product_attention(_x3(x), _x3(x), _x3(x)),
        "linear": lambda x: F.linear(x, x, x[0]),
    },
    "Activations (tenflowers.nn.functional)": {
        n: (lambda n: lambda x: getattr(F, n)(x))(n)
        for n in "elu gelu leaky_relu log_softmax mish relu selu sigmoid silu softmax softplus tanh".split()
    },
    "Losses (tenflowers.nn.functional)": {
        "l1_loss": lambda x: F.l1_loss(x, x), "mse_loss": lambda x: F.mse_loss(x, x),
        "smooth_l1_loss": lambda x: F.smooth_l1_loss(x, x), "huber_loss": lambda x: F.huber_loss(x, x),
        "kl_div": lambda x: F.kl_div(x, x), "binary_cross_entropy": lambda x: F.binary_cross_entropy(x * 0, x * 0),
        "binary_cross_entropy_with_logits": lambda x: F.binary_cross_entropy_with_logits(x, x),
        "nll_loss": lambda x: F.nll_loss(x, _IDX()), "cross_entropy": lambda x: F.cross_entropy(x, _IDX()),
    },
}
NN_C_NAMES = {
    "conv1d": "TF_Conv1d", "conv2d": "TF_Conv2d", "conv_transpose2d": "TF_ConvTranspose2d",
    "max_pool1d": "TF_MaxPool2d", "max_pool2d": "TF_MaxPool2d", "avg_pool1d": "TF_AvgPool2d",
    "avg_pool2d": "TF_AvgPool2d", "adaptive_avg_pool2d": "TF_AdaptiveAvgPool2d",
    "adaptive_max_pool2d": "TF_AdaptiveMaxPool2d", "batch_norm": "TF_BatchNorm", "layer_norm": "TF_LayerNorm",
    "rms_norm": "TF_RmsNorm", "group_norm": "TF_GroupNorm", "dropout": "TF_Dropout",
    "alpha_dropout": "(Python, over other ops)", "dropout1d": "TF_FeatureDropout", "dropout2d": "TF_FeatureDropout",
    "dropout3d": "TF_FeatureDropout", "embedding": "TF_Embedding", "one_hot": "TF_OneHot", "pad": "TF_Pad",
    "scaled_dot_product_attention": "TF_ScaledDotProductAttention", "linear": "TF_Linear",
    "l1_loss": "TF_L1Loss", "mse_loss": "TF_MseLoss", "smooth_l1_loss": "TF_SmoothL1Loss",
    "huber_loss": "TF_HuberLoss", "kl_div": "TF_KlDiv", "binary_cross_entropy": "TF_BinaryCrossEntropy",
    "binary_cross_entropy_with_logits": "TF_BinaryCrossEntropyWithLogits", "nll_loss": "TF_NllLoss",
    "cross_entropy": "TF_CrossEntropyLoss",
}


# Public callables that are not ops on tensors of a dtype (they make tensors from shapes or
# Python values, or they are utilities); documented by their docstrings.
NOT_OPS = """full get_include get_library manual_seed ones rand randn zeros __array_namespace_info__ arange
can_cast empty eye finfo get_default_device iinfo isdtype linspace randint result_type set_default_device
is_grad_enabled set_grad_enabled memory_info reset_peak_memory empty_cache set_memory_cache_limit
set_num_threads get_num_threads sgd_step_ randperm initial_seed seed
save_file load_file save load""".split()

# Python names whose C function is not TF_<CamelCase of the name>.
C_NAMES = {n: op.c for op in OPS for n in (op.name,) + op.aliases}
C_NAMES.update({
    "matmul": "TF_MatMul", "permute_dims": "TF_Transpose",
    "gelu": "TF_Gelu, TF_GeluTanh", "clamp": "TF_Clip", "cat": "TF_Concat",
    "unsqueeze": "TF_ExpandDims", "matrix_transpose": "TF_SwapAxes", "asarray": "TF_NewTensor, TF_Cast",
    "astype": "TF_Cast, TF_Copy", "logsumexp": "TF_LogSumExp", "argmax": "TF_ArgMax", "argmin": "TF_ArgMin",
    "argsort": "TF_ArgSort", "topk": "TF_TopK", "zeros_like": "TF_Zeros", "ones_like": "TF_Ones",
    "empty_like": "TF_Empty", "full_like": "TF_Full", "split": "TF_SplitSections, TF_Split",
    "array_split": "TF_SplitSections, TF_Split", "vecdot": "TF_Vecdot",
    "moveaxis": "TF_MoveAxis", "swapaxes": "TF_SwapAxes",
})


def c_name(py: str) -> str:
    if py in C_NAMES:
        return C_NAMES[py]
    camel = "TF_" + "".join(p[:1].upper() + p[1:] for p in py.split("_"))
    return camel if camel in cdefs.FUNCTIONS else "(Python, over other ops)"


def probe(fn: Probe, dtype: str) -> str:
    x = tfs.asarray([[1, 0], [2, 3]]).astype(dtype)
    try:
        out = fn(x)
    except tfs.TenflowersError as e:
        return "✗ " + type(e).__name__.replace("Error", "")
    except (TypeError, ValueError, OverflowError) as e:
        return "✗ " + type(e).__name__
    if isinstance(out, tuple):
        out = out[0]
    return str(out.dtype) if out.dtype.name != dtype else "same"


def render() -> str:
    out: List[str] = [
        "# tenflowers operations",
        "",
        "Generated by `tools/gen_ops_doc.py` by calling each function of the installed library on a",
        "small tensor of every dtype; do not edit. A cell gives the result dtype (`same` when it",
        "equals the input dtype), or ✗ and the exception raised. Binary ops are probed with both",
        "operands of the same dtype; mixed dtypes promote as `tfs.result_type` says (NumPy's table).",
        "",
        "Semantics that differ from a plain reading of the table:",
        "",
        "- Integer overflow wraps (two's complement), as NumPy. Integer `floor_divide` and",
        "  `remainder` by zero give 0, as NumPy (which also warns); true division of integers is",
        "  float64, so `x / 0` is inf or nan. A negative integer exponent in `pow` of integers raises",
        "  InvalidArgumentError (NumPy's ValueError).",
        "- Floating-point math on integers computes in float32 for 8/16-bit integers (NumPy would use",
        "  float16, which tenflowers lacks) and float64 for 32/64-bit ones; it rejects bool.",
        "- `sum`/`prod`/`cumulative_sum` of bool and integers give int64 (uint8 too: there is no",
        "  uint64); `mean`/`var`/`std` of integers give float64; max/min/argmax/argmin of an empty",
        "  axis raise ShapeError; NaN propagates through max/min/argmax/argmin as in NumPy.",
        "- Out-of-range axes raise InvalidArgumentError; mismatched shapes ShapeError; out-of-range",
        "  indices OutOfBoundsIndexError (also an IndexError).",
        "",
    ]
    documented = set()
    for family, probes in FAMILIES.items():
        out += [f"## {family}", "", "| Python | C | " + " | ".join(DTYPES) + " |", "|---|---|" + "---|" * len(DTYPES)]
        for name, fn in probes.items():
            documented.add(name)
            cells = [probe(fn, d) for d in DTYPES]
            out.append(f"| `{name}` | {c_name(name)} | " + " | ".join(cells) + " |")
        out.append("")
    nn_documented = set()
    for family, probes in NN_FAMILIES.items():
        out += [f"## {family}", "", "| Python | C | " + " | ".join(DTYPES) + " |", "|---|---|" + "---|" * len(DTYPES)]
        for name, fn in probes.items():
            nn_documented.add(name)
            cells = [probe(fn, d) for d in DTYPES]
            out.append(f"| `F.{name}` | {NN_C_NAMES.get(name) or c_name(name)} | " + " | ".join(cells) + " |")
        out.append("")
    nn_missing = set(F.__all__) - nn_documented
    if nn_missing:
        raise SystemExit(f"nn.functional functions missing from tools/gen_ops_doc.py: {sorted(nn_missing)}")
    for name in nn_documented:
        for c in re.findall(r"TF_\w+", NN_C_NAMES.get(name, "")):
            if c not in cdefs.FUNCTIONS:
                raise SystemExit(f"F.{name}: C function {c} does not exist")
    out += ["## Not ops on a dtype", "", "Creation from shapes or Python values, and utilities: "
            + ", ".join(f"`{n}`" for n in sorted(NOT_OPS)) + ". See their docstrings.", ""]
    public = {n for n in tfs.__all__ if callable(getattr(tfs, n)) and not isinstance(getattr(tfs, n), type)}
    missing = public - documented - set(NOT_OPS)
    if missing:
        raise SystemExit(f"public functions missing from tools/gen_ops_doc.py: {sorted(missing)}")
    for name in documented:
        for c in re.findall(r"TF_\w+", c_name(name)):
            if c not in cdefs.FUNCTIONS:
                raise SystemExit(f"{name}: C function {c} does not exist")
    return "\n".join(out)


def main() -> int:
    rendered = render()
    if "--check" in sys.argv:
        if not OUTPUT.exists() or OUTPUT.read_text() != rendered:
            print(f"{OUTPUT} is stale: run tools/gen_ops_doc.py with the installed package", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
