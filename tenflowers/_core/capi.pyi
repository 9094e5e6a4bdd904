# Generated from include/tenflowers.h by tools/gen_cdefs.py; do not edit.
# One protocol per C function: its parameters in order (positional only) and its result.
from typing import Any, Protocol

from .ffi import _DoubleArray, _HandleArray, _Int64Array, _IntArray

class _TF_Version(Protocol):
    def __call__(self, /) -> bytes | None: ...

TF_Version: _TF_Version

class _TF_AbiVersion(Protocol):
    def __call__(self, /) -> int: ...

TF_AbiVersion: _TF_AbiVersion

class _TF_DataTypeSize(Protocol):
    def __call__(self, dt: int, /) -> int: ...

TF_DataTypeSize: _TF_DataTypeSize

class _TF_ResultType(Protocol):
    def __call__(self, a: int, b: int, status: int | None, /) -> int: ...

TF_ResultType: _TF_ResultType

class _TF_NewStatus(Protocol):
    def __call__(self, /) -> int | None: ...

TF_NewStatus: _TF_NewStatus

class _TF_DeleteStatus(Protocol):
    def __call__(self, s: int | None, /) -> None: ...

TF_DeleteStatus: _TF_DeleteStatus

class _TF_GetCode(Protocol):
    def __call__(self, s: int | None, /) -> int: ...

TF_GetCode: _TF_GetCode

class _TF_Message(Protocol):
    def __call__(self, s: int | None, /) -> bytes | None: ...

TF_Message: _TF_Message

class _TF_NewTensor(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, data: Any, len: int, status: int | None, /) -> int | None: ...

TF_NewTensor: _TF_NewTensor

class _TF_DeleteTensor(Protocol):
    def __call__(self, t: int | None, /) -> None: ...

TF_DeleteTensor: _TF_DeleteTensor

class _TF_TensorType(Protocol):
    def __call__(self, t: int | None, /) -> int: ...

TF_TensorType: _TF_TensorType

class _TF_NumDims(Protocol):
    def __call__(self, t: int | None, /) -> int: ...

TF_NumDims: _TF_NumDims

class _TF_Dim(Protocol):
    def __call__(self, t: int | None, index: int, /) -> int: ...

TF_Dim: _TF_Dim

class _TF_TensorElementCount(Protocol):
    def __call__(self, t: int | None, /) -> int: ...

TF_TensorElementCount: _TF_TensorElementCount

class _TF_TensorByteSize(Protocol):
    def __call__(self, t: int | None, /) -> int: ...

TF_TensorByteSize: _TF_TensorByteSize

class _TF_TensorShape(Protocol):
    def __call__(self, t: int | None, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> None: ...

TF_TensorShape: _TF_TensorShape

class _TF_TensorCopyTo(Protocol):
    def __call__(self, t: int | None, dst: Any, len: int, status: int | None, /) -> None: ...

TF_TensorCopyTo: _TF_TensorCopyTo

class _TF_TensorData(Protocol):
    def __call__(self, t: int | None, /) -> int | None: ...

TF_TensorData: _TF_TensorData

class _TF_TensorStrides(Protocol):
    def __call__(self, t: int | None, strides: _Int64Array | None, num_dims: int, status: int | None, /) -> None: ...

TF_TensorStrides: _TF_TensorStrides

class _TF_TensorIsContiguous(Protocol):
    def __call__(self, t: int | None, /) -> bool: ...

TF_TensorIsContiguous: _TF_TensorIsContiguous

class _TF_Contiguous(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Contiguous: _TF_Contiguous

class _TF_Copy(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Copy: _TF_Copy

class _TF_Cast(Protocol):
    def __call__(self, t: int | None, dt: int, status: int | None, /) -> int | None: ...

TF_Cast: _TF_Cast

class _TF_Negative(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Negative: _TF_Negative

class _TF_Positive(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Positive: _TF_Positive

class _TF_Abs(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Abs: _TF_Abs

class _TF_Sign(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Sign: _TF_Sign

class _TF_Square(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Square: _TF_Square

class _TF_Exp(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Exp: _TF_Exp

class _TF_Expm1(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Expm1: _TF_Expm1

class _TF_Log(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Log: _TF_Log

class _TF_Log1p(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Log1p: _TF_Log1p

class _TF_Log2(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Log2: _TF_Log2

class _TF_Log10(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Log10: _TF_Log10

class _TF_Sqrt(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Sqrt: _TF_Sqrt

class _TF_Reciprocal(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Reciprocal: _TF_Reciprocal

class _TF_Sin(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Sin: _TF_Sin

class _TF_Cos(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Cos: _TF_Cos

class _TF_Tan(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Tan: _TF_Tan

class _TF_Asin(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Asin: _TF_Asin

class _TF_Acos(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Acos: _TF_Acos

class _TF_Atan(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Atan: _TF_Atan

class _TF_Sinh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Sinh: _TF_Sinh

class _TF_Cosh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Cosh: _TF_Cosh

class _TF_Tanh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Tanh: _TF_Tanh

class _TF_Asinh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Asinh: _TF_Asinh

class _TF_Acosh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Acosh: _TF_Acosh

class _TF_Atanh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Atanh: _TF_Atanh

class _TF_Floor(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Floor: _TF_Floor

class _TF_Ceil(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Ceil: _TF_Ceil

class _TF_Round(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Round: _TF_Round

class _TF_Trunc(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Trunc: _TF_Trunc

class _TF_IsNan(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_IsNan: _TF_IsNan

class _TF_IsInf(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_IsInf: _TF_IsInf

class _TF_IsFinite(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_IsFinite: _TF_IsFinite

class _TF_LogicalNot(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_LogicalNot: _TF_LogicalNot

class _TF_BitwiseInvert(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_BitwiseInvert: _TF_BitwiseInvert

class _TF_Relu(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Relu: _TF_Relu

class _TF_Sigmoid(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Sigmoid: _TF_Sigmoid

class _TF_Silu(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Silu: _TF_Silu

class _TF_Mish(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Mish: _TF_Mish

class _TF_Softplus(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Softplus: _TF_Softplus

class _TF_Gelu(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Gelu: _TF_Gelu

class _TF_GeluTanh(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_GeluTanh: _TF_GeluTanh

class _TF_Selu(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Selu: _TF_Selu

class _TF_Erf(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Erf: _TF_Erf

class _TF_Sinc(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Sinc: _TF_Sinc

class _TF_LeakyRelu(Protocol):
    def __call__(self, t: int | None, negative_slope: float, status: int | None, /) -> int | None: ...

TF_LeakyRelu: _TF_LeakyRelu

class _TF_Elu(Protocol):
    def __call__(self, t: int | None, alpha: float, status: int | None, /) -> int | None: ...

TF_Elu: _TF_Elu

class _TF_Add(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Add: _TF_Add

class _TF_Sub(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Sub: _TF_Sub

class _TF_Mul(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Mul: _TF_Mul

class _TF_Div(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Div: _TF_Div

class _TF_FloorDivide(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_FloorDivide: _TF_FloorDivide

class _TF_Remainder(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Remainder: _TF_Remainder

class _TF_Pow(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Pow: _TF_Pow

class _TF_Maximum(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Maximum: _TF_Maximum

class _TF_Minimum(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Minimum: _TF_Minimum

class _TF_Atan2(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Atan2: _TF_Atan2

class _TF_Hypot(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Hypot: _TF_Hypot

class _TF_Copysign(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Copysign: _TF_Copysign

class _TF_Logaddexp(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Logaddexp: _TF_Logaddexp

class _TF_LogicalAnd(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_LogicalAnd: _TF_LogicalAnd

class _TF_LogicalOr(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_LogicalOr: _TF_LogicalOr

class _TF_LogicalXor(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_LogicalXor: _TF_LogicalXor

class _TF_BitwiseAnd(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_BitwiseAnd: _TF_BitwiseAnd

class _TF_BitwiseOr(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_BitwiseOr: _TF_BitwiseOr

class _TF_BitwiseXor(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_BitwiseXor: _TF_BitwiseXor

class _TF_BitwiseLeftShift(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_BitwiseLeftShift: _TF_BitwiseLeftShift

class _TF_BitwiseRightShift(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_BitwiseRightShift: _TF_BitwiseRightShift

class _TF_Equal(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Equal: _TF_Equal

class _TF_NotEqual(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_NotEqual: _TF_NotEqual

class _TF_Less(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Less: _TF_Less

class _TF_LessEqual(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_LessEqual: _TF_LessEqual

class _TF_Greater(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Greater: _TF_Greater

class _TF_GreaterEqual(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_GreaterEqual: _TF_GreaterEqual

class _TF_Zeros(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_Zeros: _TF_Zeros

class _TF_Ones(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_Ones: _TF_Ones

class _TF_Full(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, value: float, status: int | None, /) -> int | None: ...

TF_Full: _TF_Full

class _TF_Empty(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_Empty: _TF_Empty

class _TF_Arange(Protocol):
    def __call__(self, start: float, stop: float, step: float, dt: int, status: int | None, /) -> int | None: ...

TF_Arange: _TF_Arange

class _TF_ArangeInt(Protocol):
    def __call__(self, start: int, stop: int, step: int, dt: int, status: int | None, /) -> int | None: ...

TF_ArangeInt: _TF_ArangeInt

class _TF_Linspace(Protocol):
    def __call__(self, start: float, stop: float, num: int, endpoint: bool, dt: int, status: int | None, /) -> int | None: ...

TF_Linspace: _TF_Linspace

class _TF_Eye(Protocol):
    def __call__(self, n_rows: int, n_cols: int, k: int, dt: int, status: int | None, /) -> int | None: ...

TF_Eye: _TF_Eye

class _TF_NewGenerator(Protocol):
    def __call__(self, seed: int, status: int | None, /) -> int | None: ...

TF_NewGenerator: _TF_NewGenerator

class _TF_DeleteGenerator(Protocol):
    def __call__(self, gen: Any, /) -> None: ...

TF_DeleteGenerator: _TF_DeleteGenerator

class _TF_GeneratorManualSeed(Protocol):
    def __call__(self, gen: Any, seed: int, status: int | None, /) -> None: ...

TF_GeneratorManualSeed: _TF_GeneratorManualSeed

class _TF_GeneratorInitialSeed(Protocol):
    def __call__(self, gen: Any, status: int | None, /) -> int: ...

TF_GeneratorInitialSeed: _TF_GeneratorInitialSeed

class _TF_GeneratorGetState(Protocol):
    def __call__(self, gen: Any, seed: Any, counter: Any, status: int | None, /) -> None: ...

TF_GeneratorGetState: _TF_GeneratorGetState

class _TF_GeneratorSetState(Protocol):
    def __call__(self, gen: Any, seed: int, counter: int, status: int | None, /) -> None: ...

TF_GeneratorSetState: _TF_GeneratorSetState

class _TF_Randperm(Protocol):
    def __call__(self, n: int, dt: int, gen: Any, status: int | None, /) -> int | None: ...

TF_Randperm: _TF_Randperm

class _TF_RandWith(Protocol):
    def __call__(self, gen: Any, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_RandWith: _TF_RandWith

class _TF_RandnWith(Protocol):
    def __call__(self, gen: Any, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_RandnWith: _TF_RandnWith

class _TF_RandIntWith(Protocol):
    def __call__(self, gen: Any, dt: int, dims: _Int64Array | None, num_dims: int, low: int, high: int, status: int | None, /) -> int | None: ...

TF_RandIntWith: _TF_RandIntWith

class _TF_ManualSeed(Protocol):
    def __call__(self, seed: int, /) -> None: ...

TF_ManualSeed: _TF_ManualSeed

class _TF_Rand(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_Rand: _TF_Rand

class _TF_Randn(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_Randn: _TF_Randn

class _TF_RandInt(Protocol):
    def __call__(self, dt: int, dims: _Int64Array | None, num_dims: int, low: int, high: int, status: int | None, /) -> int | None: ...

TF_RandInt: _TF_RandInt

class _TF_NumDevices(Protocol):
    def __call__(self, /) -> int: ...

TF_NumDevices: _TF_NumDevices

class _TF_DeviceName(Protocol):
    def __call__(self, index: int, /) -> bytes | None: ...

TF_DeviceName: _TF_DeviceName

class _TF_GetDefaultDevice(Protocol):
    def __call__(self, /) -> bytes | None: ...

TF_GetDefaultDevice: _TF_GetDefaultDevice

class _TF_SetDefaultDevice(Protocol):
    def __call__(self, device: bytes | None, status: int | None, /) -> None: ...

TF_SetDefaultDevice: _TF_SetDefaultDevice

class _TF_TensorDevice(Protocol):
    def __call__(self, t: int | None, /) -> bytes | None: ...

TF_TensorDevice: _TF_TensorDevice

class _TF_ToDevice(Protocol):
    def __call__(self, t: int | None, device: bytes | None, status: int | None, /) -> int | None: ...

TF_ToDevice: _TF_ToDevice

class _TF_Where(Protocol):
    def __call__(self, cond: int | None, x: int | None, y: int | None, status: int | None, /) -> int | None: ...

TF_Where: _TF_Where

class _TF_Clip(Protocol):
    def __call__(self, x: int | None, min: int | None, max: int | None, status: int | None, /) -> int | None: ...

TF_Clip: _TF_Clip

class _TF_Tril(Protocol):
    def __call__(self, t: int | None, k: int, status: int | None, /) -> int | None: ...

TF_Tril: _TF_Tril

class _TF_Triu(Protocol):
    def __call__(self, t: int | None, k: int, status: int | None, /) -> int | None: ...

TF_Triu: _TF_Triu

class _TF_Softmax(Protocol):
    def __call__(self, t: int | None, axis: int, status: int | None, /) -> int | None: ...

TF_Softmax: _TF_Softmax

class _TF_LogSoftmax(Protocol):
    def __call__(self, t: int | None, axis: int, status: int | None, /) -> int | None: ...

TF_LogSoftmax: _TF_LogSoftmax

class _TF_Transpose(Protocol):
    def __call__(self, t: int | None, perm: _IntArray | None, num_perm: int, status: int | None, /) -> int | None: ...

TF_Transpose: _TF_Transpose

class _TF_Reshape(Protocol):
    def __call__(self, t: int | None, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_Reshape: _TF_Reshape

class _TF_ExpandDims(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, status: int | None, /) -> int | None: ...

TF_ExpandDims: _TF_ExpandDims

class _TF_Squeeze(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, status: int | None, /) -> int | None: ...

TF_Squeeze: _TF_Squeeze

class _TF_Flatten(Protocol):
    def __call__(self, t: int | None, start_dim: int, end_dim: int, status: int | None, /) -> int | None: ...

TF_Flatten: _TF_Flatten

class _TF_BroadcastTo(Protocol):
    def __call__(self, t: int | None, dims: _Int64Array | None, num_dims: int, status: int | None, /) -> int | None: ...

TF_BroadcastTo: _TF_BroadcastTo

class _TF_BroadcastArrays(Protocol):
    def __call__(self, ts: _HandleArray | None, num: int, out: _HandleArray | None, num_out: int, status: int | None, /) -> None: ...

TF_BroadcastArrays: _TF_BroadcastArrays

class _TF_Flip(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, status: int | None, /) -> int | None: ...

TF_Flip: _TF_Flip

class _TF_MoveAxis(Protocol):
    def __call__(self, t: int | None, source: _IntArray | None, num_source: int, destination: _IntArray | None, num_destination: int, status: int | None, /) -> int | None: ...

TF_MoveAxis: _TF_MoveAxis

class _TF_SwapAxes(Protocol):
    def __call__(self, t: int | None, axis1: int, axis2: int, status: int | None, /) -> int | None: ...

TF_SwapAxes: _TF_SwapAxes

class _TF_Concat(Protocol):
    def __call__(self, ts: _HandleArray | None, num: int, axis: _IntArray | None, status: int | None, /) -> int | None: ...

TF_Concat: _TF_Concat

class _TF_Stack(Protocol):
    def __call__(self, ts: _HandleArray | None, num: int, axis: int, status: int | None, /) -> int | None: ...

TF_Stack: _TF_Stack

class _TF_Split(Protocol):
    def __call__(self, t: int | None, indices: _Int64Array | None, num_indices: int, axis: int, out: _HandleArray | None, num_out: int, status: int | None, /) -> None: ...

TF_Split: _TF_Split

class _TF_SplitSections(Protocol):
    def __call__(self, t: int | None, sections: int, axis: int, even: bool, out: _HandleArray | None, num_out: int, status: int | None, /) -> None: ...

TF_SplitSections: _TF_SplitSections

class _TF_Unstack(Protocol):
    def __call__(self, t: int | None, axis: int, out: _HandleArray | None, num_out: int, status: int | None, /) -> None: ...

TF_Unstack: _TF_Unstack

class _TF_Tile(Protocol):
    def __call__(self, t: int | None, reps: _Int64Array | None, num_reps: int, status: int | None, /) -> int | None: ...

TF_Tile: _TF_Tile

class _TF_Repeat(Protocol):
    def __call__(self, t: int | None, repeats: _Int64Array | None, num_repeats: int, axis: _IntArray | None, status: int | None, /) -> int | None: ...

TF_Repeat: _TF_Repeat

class _TF_Roll(Protocol):
    def __call__(self, t: int | None, shifts: _Int64Array | None, num_shifts: int, axes: _IntArray | None, num_axes: int, status: int | None, /) -> int | None: ...

TF_Roll: _TF_Roll

class _TF_Pad(Protocol):
    def __call__(self, t: int | None, pad_width: _Int64Array | None, num_pad_width: int, mode: int, value: float, status: int | None, /) -> int | None: ...

TF_Pad: _TF_Pad

class _TF_Slice(Protocol):
    def __call__(self, t: int | None, items: _Int64Array | None, num_items: int, status: int | None, /) -> int | None: ...

TF_Slice: _TF_Slice

class _TF_Assign(Protocol):
    def __call__(self, dst: int | None, src: int | None, status: int | None, /) -> None: ...

TF_Assign: _TF_Assign

class _TF_Index(Protocol):
    def __call__(self, t: int | None, indices: _HandleArray | None, axes: _IntArray | None, num: int, status: int | None, /) -> int | None: ...

TF_Index: _TF_Index

class _TF_IndexAssign(Protocol):
    def __call__(self, t: int | None, indices: _HandleArray | None, axes: _IntArray | None, num: int, src: int | None, status: int | None, /) -> None: ...

TF_IndexAssign: _TF_IndexAssign

class _TF_Take(Protocol):
    def __call__(self, t: int | None, indices: int | None, axis: _IntArray | None, status: int | None, /) -> int | None: ...

TF_Take: _TF_Take

class _TF_TakeAlongAxis(Protocol):
    def __call__(self, t: int | None, indices: int | None, axis: _IntArray | None, status: int | None, /) -> int | None: ...

TF_TakeAlongAxis: _TF_TakeAlongAxis

class _TF_Gather(Protocol):
    def __call__(self, t: int | None, dim: int, index: int | None, status: int | None, /) -> int | None: ...

TF_Gather: _TF_Gather

class _TF_ScatterAdd(Protocol):
    def __call__(self, t: int | None, dim: int, index: int | None, src: int | None, status: int | None, /) -> int | None: ...

TF_ScatterAdd: _TF_ScatterAdd

class _TF_Nonzero(Protocol):
    def __call__(self, t: int | None, out: _HandleArray | None, num_out: int, status: int | None, /) -> None: ...

TF_Nonzero: _TF_Nonzero

class _TF_Sum(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Sum: _TF_Sum

class _TF_Prod(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Prod: _TF_Prod

class _TF_Mean(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Mean: _TF_Mean

class _TF_Var(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, correction: float, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Var: _TF_Var

class _TF_Std(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, correction: float, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Std: _TF_Std

class _TF_Max(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Max: _TF_Max

class _TF_Min(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Min: _TF_Min

class _TF_ArgMax(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_ArgMax: _TF_ArgMax

class _TF_ArgMin(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_ArgMin: _TF_ArgMin

class _TF_All(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_All: _TF_All

class _TF_Any(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_Any: _TF_Any

class _TF_LogSumExp(Protocol):
    def __call__(self, t: int | None, axes: _IntArray | None, num_axes: int, keepdims: bool, status: int | None, /) -> int | None: ...

TF_LogSumExp: _TF_LogSumExp

class _TF_CumulativeSum(Protocol):
    def __call__(self, t: int | None, axis: _IntArray | None, dtype: int, include_initial: bool, status: int | None, /) -> int | None: ...

TF_CumulativeSum: _TF_CumulativeSum

class _TF_Sort(Protocol):
    def __call__(self, t: int | None, axis: int, descending: bool, stable: bool, status: int | None, /) -> int | None: ...

TF_Sort: _TF_Sort

class _TF_ArgSort(Protocol):
    def __call__(self, t: int | None, axis: int, descending: bool, stable: bool, status: int | None, /) -> int | None: ...

TF_ArgSort: _TF_ArgSort

class _TF_TopK(Protocol):
    def __call__(self, t: int | None, k: int, axis: int, largest: bool, sorted: bool, out: _HandleArray | None, num_out: int, status: int | None, /) -> None: ...

TF_TopK: _TF_TopK

class _TF_MatMul(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_MatMul: _TF_MatMul

class _TF_Tensordot(Protocol):
    def __call__(self, a: int | None, b: int | None, axes_a: _IntArray | None, axes_b: _IntArray | None, num_axes: int, status: int | None, /) -> int | None: ...

TF_Tensordot: _TF_Tensordot

class _TF_Vecdot(Protocol):
    def __call__(self, a: int | None, b: int | None, axis: int, status: int | None, /) -> int | None: ...

TF_Vecdot: _TF_Vecdot

class _TF_Outer(Protocol):
    def __call__(self, a: int | None, b: int | None, status: int | None, /) -> int | None: ...

TF_Outer: _TF_Outer

class _TF_Einsum(Protocol):
    def __call__(self, subscripts: bytes | None, operands: _HandleArray | None, num_operands: int, status: int | None, /) -> int | None: ...

TF_Einsum: _TF_Einsum

class _TF_SetRequiresGrad(Protocol):
    def __call__(self, t: int | None, requires_grad: bool, status: int | None, /) -> None: ...

TF_SetRequiresGrad: _TF_SetRequiresGrad

class _TF_RequiresGrad(Protocol):
    def __call__(self, t: int | None, /) -> bool: ...

TF_RequiresGrad: _TF_RequiresGrad

class _TF_IsLeaf(Protocol):
    def __call__(self, t: int | None, /) -> bool: ...

TF_IsLeaf: _TF_IsLeaf

class _TF_Backward(Protocol):
    def __call__(self, t: int | None, grad: int | None, retain_graph: bool, create_graph: bool, status: int | None, /) -> None: ...

TF_Backward: _TF_Backward

class _TF_Grad(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Grad: _TF_Grad

class _TF_ZeroGrad(Protocol):
    def __call__(self, t: int | None, /) -> None: ...

TF_ZeroGrad: _TF_ZeroGrad

class _TF_RetainGrad(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> None: ...

TF_RetainGrad: _TF_RetainGrad

class _TF_Detach(Protocol):
    def __call__(self, t: int | None, status: int | None, /) -> int | None: ...

TF_Detach: _TF_Detach

class _TF_GradFnName(Protocol):
    def __call__(self, t: int | None, /) -> bytes | None: ...

TF_GradFnName: _TF_GradFnName

class _TF_SetGradEnabled(Protocol):
    def __call__(self, enabled: bool, /) -> None: ...

TF_SetGradEnabled: _TF_SetGradEnabled

class _TF_IsGradEnabled(Protocol):
    def __call__(self, /) -> bool: ...

TF_IsGradEnabled: _TF_IsGradEnabled

class _TF_Gradients(Protocol):
    def __call__(self, outputs: _HandleArray | None, num_outputs: int, grad_outputs: _HandleArray | None, inputs: _HandleArray | None, num_inputs: int, retain_graph: bool, create_graph: bool, allow_unused: bool, out: _HandleArray | None, status: int | None, /) -> None: ...

TF_Gradients: _TF_Gradients

class _TF_LiveStorageCount(Protocol):
    def __call__(self, /) -> int: ...

TF_LiveStorageCount: _TF_LiveStorageCount

class _TF_InplaceAssign(Protocol):
    def __call__(self, dst: int | None, src: int | None, status: int | None, /) -> None: ...

TF_InplaceAssign: _TF_InplaceAssign

class _TF_SetItem(Protocol):
    def __call__(self, t: int | None, items: _Int64Array | None, num_items: int, indices: _HandleArray | None, axes: _IntArray | None, num: int, src: int | None, status: int | None, /) -> None: ...

TF_SetItem: _TF_SetItem

class _TF_GetMemoryStats(Protocol):
    def __call__(self, stats: Any, status: int | None, /) -> None: ...

TF_GetMemoryStats: _TF_GetMemoryStats

class _TF_ResetPeakMemory(Protocol):
    def __call__(self, /) -> None: ...

TF_ResetPeakMemory: _TF_ResetPeakMemory

class _TF_EmptyCache(Protocol):
    def __call__(self, /) -> int: ...

TF_EmptyCache: _TF_EmptyCache

class _TF_SetMemoryCacheLimit(Protocol):
    def __call__(self, bytes: int, /) -> int: ...

TF_SetMemoryCacheLimit: _TF_SetMemoryCacheLimit

class _TF_SetNumThreads(Protocol):
    def __call__(self, n: int, status: int | None, /) -> None: ...

TF_SetNumThreads: _TF_SetNumThreads

class _TF_GetNumThreads(Protocol):
    def __call__(self, /) -> int: ...

TF_GetNumThreads: _TF_GetNumThreads

class _TF_CrossEntropy(Protocol):
    def __call__(self, logits: int | None, target: int | None, reduction: int, ignore_index: int, label_smoothing: float, status: int | None, /) -> int | None: ...

TF_CrossEntropy: _TF_CrossEntropy

class _TF_Linear(Protocol):
    def __call__(self, x: int | None, weight: int | None, bias: int | None, activation: int, status: int | None, /) -> int | None: ...

TF_Linear: _TF_Linear

class _TF_AddScaledInPlace(Protocol):
    def __call__(self, p: int | None, g: int | None, alpha: float, status: int | None, /) -> None: ...

TF_AddScaledInPlace: _TF_AddScaledInPlace

class _TF_SgdStep(Protocol):
    def __call__(self, params: _HandleArray | None, num: int, lr: float, zero_grad: bool, status: int | None, /) -> None: ...

TF_SgdStep: _TF_SgdStep

class _TF_Conv2d(Protocol):
    def __call__(self, x: int | None, weight: int | None, bias: int | None, stride: _Int64Array | None, padding: _Int64Array | None, dilation: _Int64Array | None, groups: int, padding_mode: int, status: int | None, /) -> int | None: ...

TF_Conv2d: _TF_Conv2d

class _TF_Conv1d(Protocol):
    def __call__(self, x: int | None, weight: int | None, bias: int | None, stride: int, padding: int, dilation: int, groups: int, padding_mode: int, status: int | None, /) -> int | None: ...

TF_Conv1d: _TF_Conv1d

class _TF_ConvTranspose2d(Protocol):
    def __call__(self, x: int | None, weight: int | None, bias: int | None, stride: _Int64Array | None, padding: _Int64Array | None, output_padding: _Int64Array | None, dilation: _Int64Array | None, groups: int, status: int | None, /) -> int | None: ...

TF_ConvTranspose2d: _TF_ConvTranspose2d

class _TF_LayerNorm(Protocol):
    def __call__(self, x: int | None, normalized_shape: _Int64Array | None, num_normalized_shape: int, weight: int | None, bias: int | None, eps: float, status: int | None, /) -> int | None: ...

TF_LayerNorm: _TF_LayerNorm

class _TF_RmsNorm(Protocol):
    def __call__(self, x: int | None, normalized_shape: _Int64Array | None, num_normalized_shape: int, weight: int | None, eps: float, status: int | None, /) -> int | None: ...

TF_RmsNorm: _TF_RmsNorm

class _TF_BatchNorm(Protocol):
    def __call__(self, x: int | None, running_mean: int | None, running_var: int | None, weight: int | None, bias: int | None, training: int, momentum: float, eps: float, status: int | None, /) -> int | None: ...

TF_BatchNorm: _TF_BatchNorm

class _TF_GroupNorm(Protocol):
    def __call__(self, x: int | None, num_groups: int, weight: int | None, bias: int | None, eps: float, status: int | None, /) -> int | None: ...

TF_GroupNorm: _TF_GroupNorm

class _TF_MseLoss(Protocol):
    def __call__(self, input: int | None, target: int | None, reduction: int, status: int | None, /) -> int | None: ...

TF_MseLoss: _TF_MseLoss

class _TF_L1Loss(Protocol):
    def __call__(self, input: int | None, target: int | None, reduction: int, status: int | None, /) -> int | None: ...

TF_L1Loss: _TF_L1Loss

class _TF_SmoothL1Loss(Protocol):
    def __call__(self, input: int | None, target: int | None, reduction: int, beta: float, status: int | None, /) -> int | None: ...

TF_SmoothL1Loss: _TF_SmoothL1Loss

class _TF_HuberLoss(Protocol):
    def __call__(self, input: int | None, target: int | None, reduction: int, delta: float, status: int | None, /) -> int | None: ...

TF_HuberLoss: _TF_HuberLoss

class _TF_BinaryCrossEntropy(Protocol):
    def __call__(self, input: int | None, target: int | None, weight: int | None, reduction: int, status: int | None, /) -> int | None: ...

TF_BinaryCrossEntropy: _TF_BinaryCrossEntropy

class _TF_BinaryCrossEntropyWithLogits(Protocol):
    def __call__(self, input: int | None, target: int | None, weight: int | None, pos_weight: int | None, reduction: int, status: int | None, /) -> int | None: ...

TF_BinaryCrossEntropyWithLogits: _TF_BinaryCrossEntropyWithLogits

class _TF_KlDiv(Protocol):
    def __call__(self, input: int | None, target: int | None, reduction: int, log_target: bool, status: int | None, /) -> int | None: ...

TF_KlDiv: _TF_KlDiv

class _TF_NllLoss(Protocol):
    def __call__(self, input: int | None, target: int | None, weight: int | None, reduction: int, ignore_index: int, status: int | None, /) -> int | None: ...

TF_NllLoss: _TF_NllLoss

class _TF_CrossEntropyLoss(Protocol):
    def __call__(self, input: int | None, target: int | None, weight: int | None, reduction: int, ignore_index: int, label_smoothing: float, status: int | None, /) -> int | None: ...

TF_CrossEntropyLoss: _TF_CrossEntropyLoss

class _TF_ScaledDotProductAttention(Protocol):
    def __call__(self, query: int | None, key: int | None, value: int | None, attn_mask: int | None, dropout_p: float, is_causal: bool, scale: float, enable_gqa: bool, status: int | None, /) -> int | None: ...

TF_ScaledDotProductAttention: _TF_ScaledDotProductAttention

class _TF_Dropout(Protocol):
    def __call__(self, x: int | None, p: float, training: bool, mask_out: _HandleArray | None, status: int | None, /) -> int | None: ...

TF_Dropout: _TF_Dropout

class _TF_FeatureDropout(Protocol):
    def __call__(self, x: int | None, p: float, training: bool, mask_out: _HandleArray | None, status: int | None, /) -> int | None: ...

TF_FeatureDropout: _TF_FeatureDropout

class _TF_Embedding(Protocol):
    def __call__(self, indices: int | None, weight: int | None, padding_idx: int, max_norm: float, norm_type: float, scale_grad_by_freq: bool, status: int | None, /) -> int | None: ...

TF_Embedding: _TF_Embedding

class _TF_OneHot(Protocol):
    def __call__(self, indices: int | None, num_classes: int, status: int | None, /) -> int | None: ...

TF_OneHot: _TF_OneHot

class _TF_MaxPool2d(Protocol):
    def __call__(self, x: int | None, kernel: _Int64Array | None, stride: _Int64Array | None, padding: _Int64Array | None, dilation: _Int64Array | None, ceil_mode: bool, indices_out: _HandleArray | None, status: int | None, /) -> int | None: ...

TF_MaxPool2d: _TF_MaxPool2d

class _TF_AvgPool2d(Protocol):
    def __call__(self, x: int | None, kernel: _Int64Array | None, stride: _Int64Array | None, padding: _Int64Array | None, ceil_mode: bool, count_include_pad: bool, divisor_override: int, status: int | None, /) -> int | None: ...

TF_AvgPool2d: _TF_AvgPool2d

class _TF_AdaptiveAvgPool2d(Protocol):
    def __call__(self, x: int | None, out: _Int64Array | None, status: int | None, /) -> int | None: ...

TF_AdaptiveAvgPool2d: _TF_AdaptiveAvgPool2d

class _TF_AdaptiveMaxPool2d(Protocol):
    def __call__(self, x: int | None, out: _Int64Array | None, indices_out: _HandleArray | None, status: int | None, /) -> int | None: ...

TF_AdaptiveMaxPool2d: _TF_AdaptiveMaxPool2d

class _TF_NewOptimizer(Protocol):
    def __call__(self, algorithm: bytes | None, params: _HandleArray | None, num_params: int, hyper_names: Any, hyper_values: _DoubleArray | None, num_hypers: int, status: int | None, /) -> int | None: ...

TF_NewOptimizer: _TF_NewOptimizer

class _TF_DeleteOptimizer(Protocol):
    def __call__(self, opt: Any, /) -> None: ...

TF_DeleteOptimizer: _TF_DeleteOptimizer

class _TF_OptimizerAddParamGroup(Protocol):
    def __call__(self, opt: Any, params: _HandleArray | None, num_params: int, hyper_names: Any, hyper_values: _DoubleArray | None, num_hypers: int, status: int | None, /) -> None: ...

TF_OptimizerAddParamGroup: _TF_OptimizerAddParamGroup

class _TF_OptimizerStep(Protocol):
    def __call__(self, opt: Any, status: int | None, /) -> None: ...

TF_OptimizerStep: _TF_OptimizerStep

class _TF_OptimizerZeroGrad(Protocol):
    def __call__(self, opt: Any, set_to_none: bool, status: int | None, /) -> None: ...

TF_OptimizerZeroGrad: _TF_OptimizerZeroGrad

class _TF_OptimizerAlgorithm(Protocol):
    def __call__(self, opt: Any, /) -> bytes | None: ...

TF_OptimizerAlgorithm: _TF_OptimizerAlgorithm

class _TF_OptimizerNumGroups(Protocol):
    def __call__(self, opt: Any, status: int | None, /) -> int: ...

TF_OptimizerNumGroups: _TF_OptimizerNumGroups

class _TF_OptimizerGroupSize(Protocol):
    def __call__(self, opt: Any, group: int, status: int | None, /) -> int: ...

TF_OptimizerGroupSize: _TF_OptimizerGroupSize

class _TF_OptimizerGetLr(Protocol):
    def __call__(self, opt: Any, group: int, status: int | None, /) -> float: ...

TF_OptimizerGetLr: _TF_OptimizerGetLr

class _TF_OptimizerSetLr(Protocol):
    def __call__(self, opt: Any, group: int, lr: float, status: int | None, /) -> None: ...

TF_OptimizerSetLr: _TF_OptimizerSetLr

class _TF_OptimizerApplyLRScheduler(Protocol):
    def __call__(self, opt: Any, sched: int | None, status: int | None, /) -> None: ...

TF_OptimizerApplyLRScheduler: _TF_OptimizerApplyLRScheduler

class _TF_OptimizerGetHyper(Protocol):
    def __call__(self, opt: Any, group: int, name: bytes | None, status: int | None, /) -> float: ...

TF_OptimizerGetHyper: _TF_OptimizerGetHyper

class _TF_OptimizerSetHyper(Protocol):
    def __call__(self, opt: Any, group: int, name: bytes | None, value: float, status: int | None, /) -> None: ...

TF_OptimizerSetHyper: _TF_OptimizerSetHyper

class _TF_OptimizerNumHypers(Protocol):
    def __call__(self, opt: Any, status: int | None, /) -> int: ...

TF_OptimizerNumHypers: _TF_OptimizerNumHypers

class _TF_OptimizerHyperName(Protocol):
    def __call__(self, opt: Any, i: int, status: int | None, /) -> bytes | None: ...

TF_OptimizerHyperName: _TF_OptimizerHyperName

class _TF_OptimizerNumStateKeys(Protocol):
    def __call__(self, opt: Any, status: int | None, /) -> int: ...

TF_OptimizerNumStateKeys: _TF_OptimizerNumStateKeys

class _TF_OptimizerStateKey(Protocol):
    def __call__(self, opt: Any, i: int, status: int | None, /) -> bytes | None: ...

TF_OptimizerStateKey: _TF_OptimizerStateKey

class _TF_OptimizerGetState(Protocol):
    def __call__(self, opt: Any, param_index: int, key: bytes | None, status: int | None, /) -> int | None: ...

TF_OptimizerGetState: _TF_OptimizerGetState

class _TF_OptimizerSetState(Protocol):
    def __call__(self, opt: Any, param_index: int, key: bytes | None, value: int | None, status: int | None, /) -> None: ...

TF_OptimizerSetState: _TF_OptimizerSetState

class _TF_ClipGradNorm(Protocol):
    def __call__(self, params: _HandleArray | None, num_params: int, max_norm: float, norm_type: float, error_if_nonfinite: bool, total_norm: Any, status: int | None, /) -> None: ...

TF_ClipGradNorm: _TF_ClipGradNorm

class _TF_ClipGradValue(Protocol):
    def __call__(self, params: _HandleArray | None, num_params: int, clip_value: float, status: int | None, /) -> None: ...

TF_ClipGradValue: _TF_ClipGradValue

class _TF_NewStepLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, step_size: int, gamma: float, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewStepLR: _TF_NewStepLR

class _TF_NewMultiStepLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, milestones: _Int64Array | None, num_milestones: int, gamma: float, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewMultiStepLR: _TF_NewMultiStepLR

class _TF_NewExponentialLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, gamma: float, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewExponentialLR: _TF_NewExponentialLR

class _TF_NewCosineAnnealingLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, T_max: int, eta_min: float, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewCosineAnnealingLR: _TF_NewCosineAnnealingLR

class _TF_NewCosineAnnealingWarmRestarts(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, T_0: int, T_mult: int, eta_min: float, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewCosineAnnealingWarmRestarts: _TF_NewCosineAnnealingWarmRestarts

class _TF_NewLinearLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, start_factor: float, end_factor: float, total_iters: int, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewLinearLR: _TF_NewLinearLR

class _TF_NewConstantLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, factor: float, total_iters: int, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewConstantLR: _TF_NewConstantLR

class _TF_NewPolynomialLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, total_iters: int, power: float, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewPolynomialLR: _TF_NewPolynomialLR

class _TF_NewOneCycleLR(Protocol):
    def __call__(self, max_lrs: _DoubleArray | None, num_groups: int, total_steps: int, pct_start: float, anneal_strategy: int, cycle_momentum: bool, base_momentums: _DoubleArray | None, max_momentums: _DoubleArray | None, div_factor: float, final_div_factor: float, three_phase: bool, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewOneCycleLR: _TF_NewOneCycleLR

class _TF_NewCyclicLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, max_lrs: _DoubleArray | None, step_size_up: float, step_size_down: float, mode: int, gamma: float, cycle_momentum: bool, base_momentums: _DoubleArray | None, max_momentums: _DoubleArray | None, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewCyclicLR: _TF_NewCyclicLR

class _TF_NewLambdaLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, lr_lambda: int | None, user_data: Any, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewLambdaLR: _TF_NewLambdaLR

class _TF_NewMultiplicativeLR(Protocol):
    def __call__(self, base_lrs: _DoubleArray | None, num_groups: int, current_lrs: _DoubleArray | None, lr_lambda: int | None, user_data: Any, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewMultiplicativeLR: _TF_NewMultiplicativeLR

class _TF_NewSequentialLR(Protocol):
    def __call__(self, initial_lrs: _DoubleArray | None, num_groups: int, schedulers: _HandleArray | None, num_schedulers: int, milestones: _Int64Array | None, num_milestones: int, last_epoch: int, status: int | None, /) -> int | None: ...

TF_NewSequentialLR: _TF_NewSequentialLR

class _TF_NewChainedScheduler(Protocol):
    def __call__(self, schedulers: _HandleArray | None, num_schedulers: int, status: int | None, /) -> int | None: ...

TF_NewChainedScheduler: _TF_NewChainedScheduler

class _TF_NewReduceLROnPlateau(Protocol):
    def __call__(self, lrs: _DoubleArray | None, num_groups: int, mode: int, factor: float, patience: int, threshold: float, threshold_mode: int, cooldown: int, min_lrs: _DoubleArray | None, eps: float, status: int | None, /) -> int | None: ...

TF_NewReduceLROnPlateau: _TF_NewReduceLROnPlateau

class _TF_LRSchedulerStep(Protocol):
    def __call__(self, s: int | None, metric: float, status: int | None, /) -> None: ...

TF_LRSchedulerStep: _TF_LRSchedulerStep

class _TF_LRSchedulerGetLastLr(Protocol):
    def __call__(self, s: int | None, out: Any, n: int, status: int | None, /) -> None: ...

TF_LRSchedulerGetLastLr: _TF_LRSchedulerGetLastLr

class _TF_LRSchedulerHasMomentum(Protocol):
    def __call__(self, s: int | None, status: int | None, /) -> bool: ...

TF_LRSchedulerHasMomentum: _TF_LRSchedulerHasMomentum

class _TF_LRSchedulerGetLastMomentum(Protocol):
    def __call__(self, s: int | None, out: Any, n: int, status: int | None, /) -> None: ...

TF_LRSchedulerGetLastMomentum: _TF_LRSchedulerGetLastMomentum

class _TF_LRSchedulerNumGroups(Protocol):
    def __call__(self, s: int | None, status: int | None, /) -> int: ...

TF_LRSchedulerNumGroups: _TF_LRSchedulerNumGroups

class _TF_LRSchedulerLastEpoch(Protocol):
    def __call__(self, s: int | None, status: int | None, /) -> int: ...

TF_LRSchedulerLastEpoch: _TF_LRSchedulerLastEpoch

class _TF_LRSchedulerSetLr(Protocol):
    def __call__(self, s: int | None, lrs: _DoubleArray | None, n: int, status: int | None, /) -> None: ...

TF_LRSchedulerSetLr: _TF_LRSchedulerSetLr

class _TF_LRSchedulerStateSize(Protocol):
    def __call__(self, s: int | None, status: int | None, /) -> int: ...

TF_LRSchedulerStateSize: _TF_LRSchedulerStateSize

class _TF_LRSchedulerGetState(Protocol):
    def __call__(self, s: int | None, out: Any, n: int, status: int | None, /) -> None: ...

TF_LRSchedulerGetState: _TF_LRSchedulerGetState

class _TF_LRSchedulerSetState(Protocol):
    def __call__(self, s: int | None, state: _DoubleArray | None, n: int, status: int | None, /) -> None: ...

TF_LRSchedulerSetState: _TF_LRSchedulerSetState

class _TF_DeleteLRScheduler(Protocol):
    def __call__(self, s: int | None, /) -> None: ...

TF_DeleteLRScheduler: _TF_DeleteLRScheduler

class _TF_SaveSafetensors(Protocol):
    def __call__(self, names: Any, tensors: _HandleArray | None, num: int, metadata_json: bytes | None, path: bytes | None, status: int | None, /) -> None: ...

TF_SaveSafetensors: _TF_SaveSafetensors

class _TF_SerializeSafetensors(Protocol):
    def __call__(self, names: Any, tensors: _HandleArray | None, num: int, metadata_json: bytes | None, len: Any, status: int | None, /) -> int | None: ...

TF_SerializeSafetensors: _TF_SerializeSafetensors

class _TF_DeleteBuffer(Protocol):
    def __call__(self, buffer: Any, len: int, /) -> None: ...

TF_DeleteBuffer: _TF_DeleteBuffer

class _TF_LoadSafetensors(Protocol):
    def __call__(self, path: bytes | None, status: int | None, /) -> int | None: ...

TF_LoadSafetensors: _TF_LoadSafetensors

class _TF_LoadSafetensorsFromBuffer(Protocol):
    def __call__(self, data: Any, len: int, status: int | None, /) -> int | None: ...

TF_LoadSafetensorsFromBuffer: _TF_LoadSafetensorsFromBuffer

class _TF_DeleteSafetensors(Protocol):
    def __call__(self, h: Any, /) -> None: ...

TF_DeleteSafetensors: _TF_DeleteSafetensors

class _TF_SafetensorsCount(Protocol):
    def __call__(self, h: Any, /) -> int: ...

TF_SafetensorsCount: _TF_SafetensorsCount

class _TF_SafetensorsName(Protocol):
    def __call__(self, h: Any, i: int, status: int | None, /) -> bytes | None: ...

TF_SafetensorsName: _TF_SafetensorsName

class _TF_SafetensorsGet(Protocol):
    def __call__(self, h: Any, name: bytes | None, status: int | None, /) -> int | None: ...

TF_SafetensorsGet: _TF_SafetensorsGet

class _TF_SafetensorsMetadata(Protocol):
    def __call__(self, h: Any, status: int | None, /) -> bytes | None: ...

TF_SafetensorsMetadata: _TF_SafetensorsMetadata
