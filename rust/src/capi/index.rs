//! Indexing: basic indexing as views (TF_Slice), advanced indexing as gathers (TF_Index, take,
//! take_along_axis, gather, nonzero), scatter_add, and in-place assignment.
//!
//! TF_Assign and TF_IndexAssign are the only functions that change an existing tensor's elements;
//! a caller must not run them concurrently with other calls reading or writing the same storage
//! (as with NumPy arrays).

use super::args::{check_ndim, i64_values, int_values, opt_axis, tensor_list, write_outputs};
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops as ag;
use crate::error::{Error, Result};
use crate::layout::MAX_DIMS;
use std::os::raw::c_int;
use crate::kernels::index::{self, IndexItem};

/// TF_Slice's `items` (`num_items` groups of 4 values) parsed.
///
/// # Safety
/// `items` points to `4 * num_items` values.
pub(super) unsafe fn index_items(items: *const i64, num_items: c_int) -> Result<Vec<IndexItem>> {
    if num_items < 0 || num_items > (4 * MAX_DIMS) as c_int {
        return Err(Error::invalid(format!("num_items is {num_items}, outside 0..={}", 4 * MAX_DIMS)));
    }
    let raw = i64_values(items, num_items * 4, "items")?;
    let bound = |v: i64| if v == TF_SLICE_NONE { None } else { Some(v) };
    raw.chunks_exact(4)
        .enumerate()
        .map(|(i, c)| match c[0] {
            TF_INDEX_INT => Ok(IndexItem::Int(c[1])),
            TF_INDEX_SLICE => Ok(IndexItem::Slice(bound(c[1]), bound(c[2]), c[3])),
            TF_INDEX_NEWAXIS => Ok(IndexItem::NewAxis),
            TF_INDEX_ELLIPSIS => Ok(IndexItem::Ellipsis),
            k => Err(Error::invalid(format!("item {i} has unknown kind {k}"))),
        })
        .collect()
}

/// Index item kind for TF_Slice: an integer `a` (negative counts from the end) selecting one
/// position and removing the dim.
pub const TF_INDEX_INT: i64 = 0;

/// Index item kind for TF_Slice: the slice `a:b:c` with Python's rules (`c` nonzero; `a` or
/// `b` equal to TF_SLICE_NONE are omitted bounds).
pub const TF_INDEX_SLICE: i64 = 1;

/// Index item kind for TF_Slice: a new dim of size 1 (NumPy's `None` / `newaxis`).
pub const TF_INDEX_NEWAXIS: i64 = 2;

/// Index item kind for TF_Slice: `...`, as many full slices as the other items leave dims.
pub const TF_INDEX_ELLIPSIS: i64 = 3;

/// An omitted slice bound in a TF_INDEX_SLICE item (INT64_MIN), like Python's `None`.
pub const TF_SLICE_NONE: i64 = -0x7fff_ffff_ffff_ffff - 1;

/// Basic indexing `t[item0, item1, ...]` (NumPy): a view sharing storage with `t`, never a copy.
/// `items` holds `num_items` groups of 4 int64 values `{kind, a, b, c}`, kind one of
/// TF_INDEX_INT (`a`: the position; negative counts from the end), TF_INDEX_SLICE (`a:b:c`,
/// TF_SLICE_NONE for an omitted bound), TF_INDEX_NEWAXIS, TF_INDEX_ELLIPSIS (at most one); unused
/// values are ignored. Dims not reached by the items are kept whole. Errors (TF_INVALID_ARGUMENT):
/// a position out of range ("index 5 is out of bounds for axis 0 with size 3"), more INT/SLICE
/// items than dims, a zero step, an unknown kind, two ellipses.
///
/// # Safety
/// `t` is a live handle; `items` points to `4 * num_items` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Slice(t: *const TF_Tensor, items: *const i64, num_items: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Slice", None, || {
        let t = tensor_arg(t, "t")?;
        let parsed = index_items(items, num_items)?;
        Ok(handle(check_ndim(ag::slice(t, &parsed)?)?))
    })
}

/// In-place write: `src`, cast to `dst`'s dtype (as TF_Cast) and broadcast to `dst`'s shape
/// (NumPy rules; leading size-1 dims of `src` beyond `dst`'s rank are dropped), is written into
/// the storage elements that `dst` views, so every tensor sharing that storage sees the change
/// (NumPy's `dst[...] = src`). `src` may overlap `dst`: it is read in full before writing.
/// TF_SHAPE_ERROR when `src` does not broadcast. Not safe to run while another thread reads or
/// writes the same storage.
///
/// # Safety
/// `dst` and `src` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Assign(dst: *const TF_Tensor, src: *const TF_Tensor, status: *mut TF_Status) {
    guard(status, "TF_Assign", (), || {
        let dst = tensor_arg(dst, "dst")?;
        crate::autograd::check_inplace(dst)?;
        index::assign(dst, tensor_arg(src, "src")?)
    })
}

/// NumPy advanced indexing: `t` indexed by tensor `indices[i]` at dim `axes[i]` for i < num,
/// every other dim kept whole. Integer index tensors (any integer dtype; negative values count
/// from the end) broadcast together to a shape B; a bool tensor of dimension k at axis a (its
/// shape must equal dims a..a+k) stands for the k integer tensors of its TF_Nonzero. The indexed
/// dims are replaced by B: in place when the (expanded) axes are consecutive and increasing,
/// else at the front (NumPy's rule). A new tensor. Errors: out-of-range positions and repeated
/// or bad axes (TF_INVALID_ARGUMENT), non-broadcasting indices (TF_SHAPE_ERROR), float indices
/// (TF_DTYPE_ERROR).
///
/// # Safety
/// `t` is a live handle; `indices` points to `num` live handles and `axes` to `num` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Index(
    t: *const TF_Tensor,
    indices: *const *const TF_Tensor,
    axes: *const c_int,
    num: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Index", None, || {
        let t = tensor_arg(t, "t")?;
        let idx = tensor_list(indices, num, "indices")?;
        let axes = int_values(axes, num, "axes")?;
        Ok(handle(check_ndim(ag::index_select(t, &idx, &axes)?)?))
    })
}

/// In-place advanced assignment `t[indices at axes] = src`: the elements TF_Index would select
/// receive `src`, cast to `t`'s dtype and broadcast to the shape TF_Index would return. Written
/// into `t`'s storage (seen by every tensor sharing it); with repeated positions the last value
/// wins. Errors as TF_Index, plus TF_SHAPE_ERROR when `src` does not broadcast.
///
/// # Safety
/// `t` and `src` are live handles; `indices` points to `num` live handles, `axes` to `num` values.
#[no_mangle]
pub unsafe extern "C" fn TF_IndexAssign(
    t: *const TF_Tensor,
    indices: *const *const TF_Tensor,
    axes: *const c_int,
    num: c_int,
    src: *const TF_Tensor,
    status: *mut TF_Status,
) {
    guard(status, "TF_IndexAssign", (), || {
        let t = tensor_arg(t, "t")?;
        let idx = tensor_list(indices, num, "indices")?;
        let axes = int_values(axes, num, "axes")?;
        crate::autograd::check_inplace(t)?;
        index::index_assign(t, &idx, &axes, tensor_arg(src, "src")?)
    })
}

/// NumPy `take`: the elements of `t` at integer positions `indices` along `*axis` (NULL: of
/// the flattened tensor); shape `t.shape[:axis] + indices.shape + t.shape[axis+1:]`. Negative
/// positions count from the end; out-of-range ones are TF_INVALID_ARGUMENT; a non-integer
/// `indices` is TF_DTYPE_ERROR. A new tensor.
///
/// # Safety
/// `t` and `indices` are live handles; `axis` is NULL or points to one value.
#[no_mangle]
pub unsafe extern "C" fn TF_Take(t: *const TF_Tensor, indices: *const TF_Tensor, axis: *const c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Take", None, || {
        Ok(handle(ag::take(tensor_arg(t, "t")?, tensor_arg(indices, "indices")?, opt_axis(axis))?))
    })
}

/// NumPy `take_along_axis`: `t` and integer `indices` have the same dimension and broadcast
/// against each other on every dim but `*axis`; the result has the broadcast shape with
/// `indices`' size at the axis. `axis` NULL uses the flattened `t` and needs 1-D `indices`.
///
/// # Safety
/// `t` and `indices` are live handles; `axis` is NULL or points to one value.
#[no_mangle]
pub unsafe extern "C" fn TF_TakeAlongAxis(t: *const TF_Tensor, indices: *const TF_Tensor, axis: *const c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_TakeAlongAxis", None, || {
        Ok(handle(ag::take_along_axis(tensor_arg(t, "t")?, tensor_arg(indices, "indices")?, opt_axis(axis))?))
    })
}

/// `torch.gather(t, dim, index)`: `index` (integer, same dimension as `t`, `index.shape[d] <=
/// t.shape[d]` for d != dim, else TF_SHAPE_ERROR) gives the result shape; for dim 0,
/// `out[i][j] = t[index[i][j]][j]`, and so on. Negative positions count from the end.
///
/// # Safety
/// `t` and `index` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Gather(t: *const TF_Tensor, dim: c_int, index: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Gather", None, || {
        Ok(handle(ag::gather(tensor_arg(t, "t")?, dim as i64, tensor_arg(index, "index")?)?))
    })
}

/// `torch.scatter_add` returning a new tensor: a copy of `t` where `src[p]` (cast to `t`'s
/// dtype) is added at the position p with p[dim] replaced by `index[p]`, for every position p
/// of `index`. `index` (integer) and `src` have `t`'s dimension; `index.shape[d] <=
/// src.shape[d]` for every d and `<= t.shape[d]` for d != dim (else TF_SHAPE_ERROR).
///
/// # Safety
/// `t`, `index` and `src` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_ScatterAdd(
    t: *const TF_Tensor,
    dim: c_int,
    index: *const TF_Tensor,
    src: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ScatterAdd", None, || {
        Ok(handle(ag::scatter_add(tensor_arg(t, "t")?, dim as i64, tensor_arg(index, "index")?, tensor_arg(src, "src")?)?))
    })
}

/// NumPy `nonzero`: for each dim of `t`, a 1-D TF_INT64 tensor with the coordinates of the
/// nonzero (true; NaN counts) elements in row-major order, written to `out`; `num_out` must
/// equal the dimension of `t`. A 0-d `t` is TF_INVALID_ARGUMENT (as in NumPy 2).
///
/// # Safety
/// `t` is a live handle; `out` points to `num_out` writable pointers.
#[no_mangle]
pub unsafe extern "C" fn TF_Nonzero(t: *const TF_Tensor, out: *mut Option<Box<TF_Tensor>>, num_out: c_int, status: *mut TF_Status) {
    guard(status, "TF_Nonzero", (), || {
        let t = tensor_arg(t, "t")?;
        if num_out < 0 || num_out as usize != t.ndim() {
            return Err(Error::invalid(format!("num_out is {num_out} but the tensor has {} dimensions", t.ndim())));
        }
        write_outputs(out, num_out, index::nonzero(t)?)
    })
}
