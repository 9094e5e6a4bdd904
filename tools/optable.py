"""The op table: one row per table-shaped operation, the single source of what each op is called
in C, Rust and Python, its dtype rule, whether it is differentiable, its documentation and its
NumPy oracle. `tools/gen_ops.py` writes from it:

- ``rust/src/kernels/elementwise/table.rs``: the family enums (UnaryOp, ParamOp, BinaryOp), their names, dtype
  rules and autograd node names;
- ``rust/src/capi/unary.rs`` and ``binary.rs``: the ``extern "C"`` shims (then cbindgen writes the header,
  ``tools/gen_cdefs.py`` the ctypes prototypes, ``tools/gen_docs.py`` the C reference);
- ``tenflowers/_ops/elementwise.py`` and its ``.pyi``: the Python functions, aliases and ``__all__``;
- the elementwise block of ``tenflowers/__init__.py`` / ``__init__.pyi``.

The tests read the table too (tests/test_math.py takes its oracles from it; the gradient parity
and drift tests check every row), and ``tools/gen_ops_doc.py`` lists the ops of docs/ops.md from it.

Adding an elementwise op: a row here, then ``python3 tools/regen``; the compiler then asks for the
kernel (the `match` in ``rust/src/kernels/elementwise/unary.rs`` or ``binary.rs``) and, for a differentiable op,
the backward rule (the `match` in ``rust/src/autograd/rules.rs``).

Doc texts are shared by C and Python. Placeholders: ``{x}`` the input (C ``t``, Python ``x``),
``{a}``/``{b}`` the operands (C ``a``/``b``, Python ``x1``/``x2``), ``{bool}`` a bool result
(``TF_BOOL`` / ``bool tensor``), ``{dtype_error}`` (``is TF_DTYPE_ERROR`` / ``raises DtypeError``),
``{int8}`` and ``{invalid}``. Code is in single backticks. A rule's standard sentence is appended.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Tuple


@dataclass(frozen=True)
class Op:
    name: str
    """The Python (Array API) name."""
    family: str
    """``unary`` (one tensor), ``unary_param`` (one tensor and one float) or ``binary``
    (two broadcasting tensors)."""
    c: str
    """The C function."""
    rust: str
    """The variant of the family's Rust enum."""
    doc: str
    rule: str
    """The dtype rule. unary: ``same_numeric`` (numeric, dtype kept, bool refused), ``same``
    (dtype kept, bool too), ``float`` (computed in floating point), ``predicate`` (bool out),
    ``bitwise`` (integers and bool). binary: ``promote`` (NumPy promotion), ``float``
    (promotion, then floating point), ``compare`` and ``logical`` (bool out), ``bitwise``
    (integers and bool), ``shift`` (integers; bool computes as int8), ``divide`` (true division)."""
    grad: bool
    """Differentiable: a float result records a backward node."""
    oracle: str = ""
    """A NumPy expression the tests evaluate to get the reference function (empty: checked by
    hand-written tests)."""
    check: str = ""
    """How tests/test_math.py compares with the oracle: ``ulp`` (4 ULP, every dtype), ``exact``,
    ``formula`` (a float64 formula, float inputs)."""
    aliases: Tuple[str, ...] = ()
    param: Tuple[str, float] = ("", 0.0)
    """unary_param: the Python name and default of the float parameter."""
    python: bool = True
    """Has a Python function of its own (False: reached through another, e.g. gelu's tanh form)."""
    grad_inputs: str = "u"
    """Where tests/test_gradient_parity.py draws inputs for an op without a hand-written case:
    ``u`` uniform in [-2, 2], ``pos`` in [0.5, 2], ``away0`` |x| in [0.3, 2]. The case is
    checked against central differences, and against ``torch.<name>`` when torch is importable."""

    @property
    def grad_fn(self) -> str:
        """The autograd node name (``Tensor.grad_fn``)."""
        return GRAD_FN_NAMES.get(self.rust, self.rust + "Backward")


# Node names that differ from "<Variant>Backward" (PyTorch's names where it has the op).
GRAD_FN_NAMES = {
    "Negative": "NegBackward", "FloorDiv": "FloorDivideBackward",
    # Piecewise-constant ops: their gradient is zero.
    "Sign": "ZeroGradBackward", "Floor": "ZeroGradBackward", "Ceil": "ZeroGradBackward",
    "Round": "ZeroGradBackward", "Trunc": "ZeroGradBackward",
}


def _row(fam: str) -> Callable[..., Op]:
    """A row maker for family `fam`: the same arguments as `Op` without the family."""
    def make(name: str, c: str, rust: str, rule: str, grad: bool, doc: str, oracle: str = "", check: str = "", **kw: Any) -> Op:
        return Op(name, fam, c, rust, doc, rule, grad, oracle, check, **kw)

    return make


U = _row("unary")
B = _row("binary")


OPS: List[Op] = [
    # -- unary ----------------------------------------------------------------------------------
    U("negative", "TF_Negative", "Negative", "same_numeric", True,
      "Numerical negative, `-{x}`. Integers wrap (the negative of the minimum is itself); bool {dtype_error}.",
      "np.negative", "exact", aliases=("neg",)),
    U("positive", "TF_Positive", "Positive", "same_numeric", True,
      "`+{x}`: a copy. bool {dtype_error}.", "np.positive", "exact"),
    U("abs", "TF_Abs", "Abs", "same", True,
      "Absolute value. Integers wrap (abs of the minimum is itself); bool stays bool.", "np.abs", "exact"),
    U("sign", "TF_Sign", "Sign", "same_numeric", True,
      "-1, 0 or 1 by sign, in the input dtype (NaN stays NaN). bool {dtype_error}.", "np.sign", "exact"),
    U("square", "TF_Square", "Square", "same_numeric", True,
      "`{x} * {x}`. Integers wrap; bool gives {int8} (as NumPy).", "np.square", "exact"),
    U("exp", "TF_Exp", "Exp", "float", True, "e**{x}.", "np.exp", "ulp"),
    U("expm1", "TF_Expm1", "Expm1", "float", True, "e**{x} - 1, accurate near 0.", "np.expm1", "ulp"),
    U("log", "TF_Log", "Log", "float", True, "Natural logarithm (NaN below 0, -inf at 0).", "np.log", "ulp"),
    U("log1p", "TF_Log1p", "Log1p", "float", True, "log(1 + {x}), accurate near 0.", "np.log1p", "ulp"),
    U("log2", "TF_Log2", "Log2", "float", True, "Base-2 logarithm.", "np.log2", "ulp"),
    U("log10", "TF_Log10", "Log10", "float", True, "Base-10 logarithm.", "np.log10", "ulp"),
    U("sqrt", "TF_Sqrt", "Sqrt", "float", True, "Square root (NaN below 0).", "np.sqrt", "ulp"),
    U("reciprocal", "TF_Reciprocal", "Reciprocal", "float", True,
      "1 / {x} (in floating point for integer inputs, as the Array API).", "np.reciprocal", "ulp"),
    U("sin", "TF_Sin", "Sin", "float", True, "Sine.", "np.sin", "ulp"),
    U("cos", "TF_Cos", "Cos", "float", True, "Cosine.", "np.cos", "ulp"),
    U("tan", "TF_Tan", "Tan", "float", True, "Tangent.", "np.tan", "ulp"),
    U("asin", "TF_Asin", "Asin", "float", True, "Inverse sine.", "np.arcsin", "ulp"),
    U("acos", "TF_Acos", "Acos", "float", True, "Inverse cosine.", "np.arccos", "ulp"),
    U("atan", "TF_Atan", "Atan", "float", True, "Inverse tangent.", "np.arctan", "ulp"),
    U("sinh", "TF_Sinh", "Sinh", "float", True, "Hyperbolic sine.", "np.sinh", "ulp"),
    U("cosh", "TF_Cosh", "Cosh", "float", True, "Hyperbolic cosine.", "np.cosh", "ulp"),
    U("tanh", "TF_Tanh", "Tanh", "float", True, "Hyperbolic tangent.", "np.tanh", "ulp"),
    U("asinh", "TF_Asinh", "Asinh", "float", True, "Inverse hyperbolic sine.", "np.arcsinh", "ulp"),
    U("acosh", "TF_Acosh", "Acosh", "float", True, "Inverse hyperbolic cosine.", "np.arccosh", "ulp"),
    U("atanh", "TF_Atanh", "Atanh", "float", True, "Inverse hyperbolic tangent.", "np.arctanh", "ulp"),
    U("floor", "TF_Floor", "Floor", "same", True,
      "Largest integer not above {x}. Integer and bool inputs are returned unchanged (same dtype).",
      "np.floor", "exact"),
    U("ceil", "TF_Ceil", "Ceil", "same", True,
      "Smallest integer not below {x}. Integer and bool inputs are returned unchanged (same dtype).",
      "np.ceil", "exact"),
    U("round", "TF_Round", "Round", "same", True,
      "Nearest integer, halves to even (NumPy's round). Integer and bool inputs are returned unchanged.",
      "np.round", "exact"),
    U("trunc", "TF_Trunc", "Trunc", "same", True,
      "Integer part (toward zero). Integer and bool inputs are returned unchanged.", "np.trunc", "exact"),
    U("isnan", "TF_IsNan", "IsNan", "predicate", False,
      "{bool}: true where {x} is NaN (never for integers and bool).", "np.isnan", "exact"),
    U("isinf", "TF_IsInf", "IsInf", "predicate", False,
      "{bool}: true where {x} is +inf or -inf.", "np.isinf", "exact"),
    U("isfinite", "TF_IsFinite", "IsFinite", "predicate", False,
      "{bool}: true where {x} is neither NaN nor infinite.", "np.isfinite", "exact"),
    U("logical_not", "TF_LogicalNot", "LogicalNot", "predicate", False,
      "{bool}: true where {x} is zero (any dtype).", "np.logical_not", "exact"),
    U("bitwise_invert", "TF_BitwiseInvert", "BitwiseInvert", "bitwise", False,
      "Bitwise not of integers; logical not of bool. Floats {dtype_error}.", "np.invert", "exact"),
    U("relu", "TF_Relu", "Relu", "same_numeric", True,
      "max({x}, 0), keeping NaN; integers keep their dtype. bool {dtype_error}.",
      "lambda x: np.where(x < 0, 0.0, x)", "formula"),
    U("sigmoid", "TF_Sigmoid", "Sigmoid", "float", True, "1 / (1 + e**-{x}), without overflow.",
      "np_sigmoid", "formula"),
    U("silu", "TF_Silu", "Silu", "float", True, "{x} * sigmoid({x}) (also called swish).",
      "lambda x: x * np_sigmoid(x)", "formula", aliases=("swish",)),
    U("mish", "TF_Mish", "Mish", "float", True, "{x} * tanh(softplus({x})).",
      "lambda x: x * np.tanh(np_softplus(x))", "formula"),
    U("softplus", "TF_Softplus", "Softplus", "float", True, "log(1 + e**{x}), without overflow.",
      "np_softplus", "formula"),
    U("gelu", "TF_Gelu", "Gelu", "float", True, "The exact GELU: {x} * (1 + erf({x} / sqrt(2))) / 2.",
      "lambda x: 0.5 * x * (1 + np_erf(x / np.sqrt(2)))", "formula", python=False),
    U("gelu_tanh", "TF_GeluTanh", "GeluTanh", "float", True,
      "The tanh approximation of GELU: {x} * (1 + tanh(sqrt(2/pi) * ({x} + 0.044715 {x}**3))) / 2.",
      python=False),
    U("selu", "TF_Selu", "Selu", "float", True,
      "scale * ({x} if {x} > 0 else alpha * (e**{x} - 1)), with the SELU paper's constants.",
      "lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0)))",
      "formula"),
    U("erf", "TF_Erf", "Erf", "float", True, "The error function.", "np_erf", "formula"),
    U("sinc", "TF_Sinc", "Sinc", "float", True,
      "The normalized sinc, sin(pi {x}) / (pi {x}), and 1 at 0 (NumPy's and PyTorch's `sinc`).", "np.sinc", "ulp"),
    # -- unary with one float parameter -----------------------------------------------------------
    Op("leaky_relu", "unary_param", "TF_LeakyRelu", "LeakyRelu",
       "`{x}` where {x} >= 0, else `negative_slope * {x}`.", "float", True,
       "lambda x: np.where(x < 0, 0.01 * x, x)", "formula", param=("negative_slope", 0.01)),
    Op("elu", "unary_param", "TF_Elu", "Elu", "`{x}` where {x} > 0, else `alpha * (e**{x} - 1)`.", "float", True,
       "lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))", "formula", param=("alpha", 1.0)),
    # -- binary ---------------------------------------------------------------------------------
    B("add", "TF_Add", "Add", "promote", True,
      "`{a} + {b}`. Integers wrap on overflow; bool + bool is logical or.", "np.add", "exact"),
    B("subtract", "TF_Sub", "Sub", "promote", True,
      "`{a} - {b}`. Integers wrap; bool - bool {dtype_error} (as in NumPy).", "np.subtract", "exact",
      aliases=("sub",)),
    B("multiply", "TF_Mul", "Mul", "promote", True,
      "`{a} * {b}`. Integers wrap; bool * bool is logical and.", "np.multiply", "exact", aliases=("mul",)),
    B("divide", "TF_Div", "Div", "divide", True,
      "True division `{a} / {b}`. Integer and bool inputs give float64, so division by zero gives inf or "
      "nan (IEEE), never an error.", "np.divide", "exact", aliases=("div",)),
    B("floor_divide", "TF_FloorDivide", "FloorDiv", "promote", True,
      "Floor division `{a} // {b}` (Python semantics). Integers: x // 0 is 0, as NumPy (which also warns); "
      "floats follow NumPy's divmod. bool computes as {int8}.", "np.floor_divide", "exact"),
    B("remainder", "TF_Remainder", "Remainder", "promote", True,
      "Remainder with the sign of the divisor (Python's `%`). Integers: x % 0 is 0, as NumPy; floats follow "
      "NumPy's divmod. bool computes as {int8}.", "np.remainder", "exact"),
    B("pow", "TF_Pow", "Pow", "promote", True,
      "`{a} ** {b}`. Integers wrap; a negative integer exponent {invalid} (as NumPy's ValueError). "
      "bool computes as {int8}.", "np.power", "exact"),
    B("maximum", "TF_Maximum", "Maximum", "promote", True,
      "Elementwise maximum; NaN in either input gives NaN.", "np.maximum", "exact"),
    B("minimum", "TF_Minimum", "Minimum", "promote", True,
      "Elementwise minimum; NaN in either input gives NaN.", "np.minimum", "exact"),
    B("atan2", "TF_Atan2", "Atan2", "float", True,
      "Angle of the point ({b}, {a}): atan({a} / {b}) in the right quadrant.", "np.arctan2", "ulp"),
    B("hypot", "TF_Hypot", "Hypot", "float", True, "sqrt({a}**2 + {b}**2) without undue overflow.",
      "np.hypot", "ulp"),
    B("copysign", "TF_Copysign", "Copysign", "float", True, "The magnitude of {a} with the sign of {b}.",
      "np.copysign", "ulp"),
    B("logaddexp", "TF_Logaddexp", "Logaddexp", "float", True, "log(e**{a} + e**{b}) without overflow.",
      "np.logaddexp", "ulp"),
    B("logical_and", "TF_LogicalAnd", "LogicalAnd", "logical", False, "{bool}: both nonzero (any dtypes).",
      "np.logical_and", "exact"),
    B("logical_or", "TF_LogicalOr", "LogicalOr", "logical", False, "{bool}: either nonzero (any dtypes).",
      "np.logical_or", "exact"),
    B("logical_xor", "TF_LogicalXor", "LogicalXor", "logical", False, "{bool}: exactly one nonzero (any dtypes).",
      "np.logical_xor", "exact"),
    B("bitwise_and", "TF_BitwiseAnd", "BitwiseAnd", "bitwise", False,
      "Bitwise and of integers or bool. Floats {dtype_error}.", "np.bitwise_and", "exact"),
    B("bitwise_or", "TF_BitwiseOr", "BitwiseOr", "bitwise", False,
      "Bitwise or of integers or bool. Floats {dtype_error}.", "np.bitwise_or", "exact"),
    B("bitwise_xor", "TF_BitwiseXor", "BitwiseXor", "bitwise", False,
      "Bitwise xor of integers or bool. Floats {dtype_error}.", "np.bitwise_xor", "exact"),
    B("bitwise_left_shift", "TF_BitwiseLeftShift", "LeftShift", "shift", False,
      "`{a} << {b}` for integers (shifts of the bit width or more give 0, as NumPy); bool computes as {int8}. "
      "Floats {dtype_error}.", "np.left_shift", "exact"),
    B("bitwise_right_shift", "TF_BitwiseRightShift", "RightShift", "shift", False,
      "`{a} >> {b}` for integers, arithmetic (shifts of the bit width or more give 0 or -1); bool computes as "
      "{int8}. Floats {dtype_error}.", "np.right_shift", "exact"),
    B("equal", "TF_Equal", "Equal", "compare", False, "{bool}: `{a} == {b}`.", "np.equal", "exact",
      aliases=("eq",)),
    B("not_equal", "TF_NotEqual", "NotEqual", "compare", False, "{bool}: `{a} != {b}`.", "np.not_equal",
      "exact", aliases=("ne",)),
    B("less", "TF_Less", "Less", "compare", False, "{bool}: `{a} < {b}`.", "np.less", "exact", aliases=("lt",)),
    B("less_equal", "TF_LessEqual", "LessEqual", "compare", False, "{bool}: `{a} <= {b}`.", "np.less_equal",
      "exact", aliases=("le",)),
    B("greater", "TF_Greater", "Greater", "compare", False, "{bool}: `{a} > {b}`.", "np.greater", "exact",
      aliases=("gt",)),
    B("greater_equal", "TF_GreaterEqual", "GreaterEqual", "compare", False, "{bool}: `{a} >= {b}`.",
      "np.greater_equal", "exact", aliases=("ge",)),
]

BY_NAME = {op.name: op for op in OPS}


def family(name: str) -> List[Op]:
    return [op for op in OPS if op.family == name]


def python_names() -> List[str]:
    """Every Python name the table defines, aliases included, in table order."""
    out: List[str] = []
    for op in OPS:
        if op.python:
            out.append(op.name)
        out.extend(op.aliases)
    return out
