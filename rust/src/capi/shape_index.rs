//! Shape and indexing operations: views (slicing, expand_dims, squeeze, flip, ...), joins and
//! splits, tile/repeat/roll/pad, advanced indexing, and in-place assignment.
//!
//! Views share storage with their input (writes through TF_Assign or TF_TensorData are seen by
//! both). TF_Assign and TF_IndexAssign are the only functions that change an existing tensor's
//! elements; a caller must not run them concurrently with other calls reading or writing the
//! same storage (as with NumPy arrays).

use super::boundary::{axes_arg, guard, handle, i64_list, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::{Error, Result};
use crate::layout::MAX_DIMS;
use crate::autograd::ops as ag;
use crate::ops::index::{self, IndexItem};
use crate::ops::shape_ext::{self, PadMode};
use crate::tensor::Tensor;
use std::os::raw::c_int;

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

/// Pad mode for TF_Pad: fill with `value`.
pub const TF_PAD_CONSTANT: c_int = 0;
/// Pad mode for TF_Pad: repeat the edge element.
pub const TF_PAD_EDGE: c_int = 1;
/// Pad mode for TF_Pad: mirror without repeating the edge (`[1,2,3]` -> `3,2,[1,2,3],2,1`).
pub const TF_PAD_REFLECT: c_int = 2;
/// Pad mode for TF_Pad: mirror repeating the edge (`[1,2,3]` -> `2,1,[1,2,3],3,2`).
pub const TF_PAD_SYMMETRIC: c_int = 3;
/// Pad mode for TF_Pad: wrap around (`[1,2,3]` -> `2,3,[1,2,3],1,2`).
pub const TF_PAD_WRAP: c_int = 4;

/// Reads `n` int64 values with no limit on the count (lists that are not shapes).
unsafe fn i64_values(p: *const i64, n: c_int, name: &str) -> Result<Vec<i64>> {
    if n < 0 {
        return Err(Error::invalid(format!("num_{name} is negative ({n})")));
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {n}")));
    }
    Ok(std::slice::from_raw_parts(p, n as usize).to_vec())
}

/// Reads a required list of `int` axes (NULL only with n == 0).
pub(super) unsafe fn int_values(p: *const c_int, n: c_int, name: &str) -> Result<Vec<i64>> {
    if p.is_null() && n != 0 {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {n}")));
    }
    Ok(axes_arg(p, n, name)?.unwrap_or_default())
}

/// Reads an optional single axis: NULL means "not given" (None).
unsafe fn opt_axis(p: *const c_int) -> Option<i64> {
    p.as_ref().map(|&a| a as i64)
}

/// Borrows `num` tensors from an array of handles.
pub(super) unsafe fn tensor_list<'a>(ts: *const *const TF_Tensor, num: c_int, name: &str) -> Result<Vec<&'a Tensor>> {
    if num < 0 {
        return Err(Error::invalid(format!("num_{name} is negative ({num})")));
    }
    if num == 0 {
        return Ok(Vec::new());
    }
    if ts.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {num}")));
    }
    (0..num as usize).map(|i| tensor_arg(*ts.add(i), &format!("{name}[{i}]"))).collect()
}

/// Stores `results` into `out[0..num_out]`, or fails (leaving `out` untouched) when the counts differ.
unsafe fn write_outputs(out: *mut Option<Box<TF_Tensor>>, num_out: c_int, results: Vec<Tensor>) -> Result<()> {
    if num_out < 0 || num_out as usize != results.len() {
        return Err(Error::invalid(format!("num_out is {num_out} but the operation gives {} tensors", results.len())));
    }
    if results.is_empty() {
        return Ok(());
    }
    if out.is_null() {
        return Err(Error::invalid("out is NULL"));
    }
    for (i, t) in results.into_iter().enumerate() {
        out.add(i).write(handle(t));
    }
    Ok(())
}

fn check_ndim(t: Tensor) -> Result<Tensor> {
    if t.ndim() > MAX_DIMS {
        return Err(Error::invalid(format!("the result would have {} dimensions, more than the {MAX_DIMS} supported", t.ndim())));
    }
    Ok(t)
}

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

/// A view of `t` with its dims permuted: result dim `i` is input dim `perm[i]` (negative values
/// count from the end). `perm` NULL reverses the dims. Shares storage with `t`, no copy.
///
/// # Safety
/// `t` is a live handle; `perm` is NULL or points to `num_perm` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Transpose(t: *const TF_Tensor, perm: *const c_int, num_perm: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Transpose", None, || {
        let t = tensor_arg(t, "t")?;
        let perm = axes_arg(perm, num_perm, "perm")?;
        Ok(handle(ag::transpose(t, perm.as_deref())?))
    })
}

/// `t` with shape `dims[0..num_dims]`; one entry may be -1 and is inferred. A view sharing
/// storage when the strides allow (always for a contiguous tensor), else a copy.
///
/// # Safety
/// `t` is a live handle; `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Reshape(t: *const TF_Tensor, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Reshape", None, || {
        let t = tensor_arg(t, "t")?;
        let dims = i64_list(dims, num_dims, "dims")?;
        Ok(handle(ag::reshape(t, &dims)?))
    })
}

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

/// A view of `t` with a size-1 dim inserted at each of `axes[0..num_axes]`; the axes index the
/// result (negative count from its end). Out-of-range or repeated axes are TF_INVALID_ARGUMENT.
///
/// # Safety
/// `t` is a live handle; `axes` points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_ExpandDims(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ExpandDims", None, || {
        let t = tensor_arg(t, "t")?;
        let axes = int_values(axes, num_axes, "axes")?;
        Ok(handle(check_ndim(ag::expand_dims(t, &axes)?)?))
    })
}

/// A view of `t` without size-1 dims: every one when `axes` is NULL, else exactly
/// `axes[0..num_axes]`, each of which must have size 1 (TF_SHAPE_ERROR otherwise).
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Squeeze(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Squeeze", None, || {
        let t = tensor_arg(t, "t")?;
        let axes = axes_arg(axes, num_axes, "axes")?;
        Ok(handle(ag::squeeze(t, axes.as_deref())?))
    })
}

/// `t` with dims `start_dim..=end_dim` merged into one (torch.flatten; 0, -1 flattens all; a 0-d
/// tensor gives shape [1]). A view when the strides allow, else a copy.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Flatten(t: *const TF_Tensor, start_dim: c_int, end_dim: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Flatten", None, || {
        Ok(handle(ag::flatten(tensor_arg(t, "t")?, start_dim as i64, end_dim as i64)?))
    })
}

/// A view of `t` broadcast to shape `dims[0..num_dims]` (stride 0 along stretched dims; writing
/// into it through TF_Assign writes the shared element). TF_SHAPE_ERROR when `t` cannot broadcast.
///
/// # Safety
/// `t` is a live handle; `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_BroadcastTo(t: *const TF_Tensor, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_BroadcastTo", None, || {
        let t = tensor_arg(t, "t")?;
        let dims = super::boundary::dims_arg(dims, num_dims)?;
        Ok(handle(ag::broadcast_to(t, &dims)?))
    })
}

/// Views of `ts[0..num]` broadcast to their common shape, written to `out[0..num_out]`
/// (`num_out` must equal `num`). TF_SHAPE_ERROR when the shapes do not broadcast.
///
/// # Safety
/// `ts` points to `num` live handles; `out` to `num_out` writable pointers.
#[no_mangle]
pub unsafe extern "C" fn TF_BroadcastArrays(
    ts: *const *const TF_Tensor,
    num: c_int,
    out: *mut Option<Box<TF_Tensor>>,
    num_out: c_int,
    status: *mut TF_Status,
) {
    guard(status, "TF_BroadcastArrays", (), || {
        let ts = tensor_list(ts, num, "ts")?;
        write_outputs(out, num_out, ag::broadcast_arrays(&ts)?)
    })
}

/// A view of `t` with the order of elements reversed along `axes[0..num_axes]` (NULL: every
/// dim); the view has negative strides.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Flip(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Flip", None, || {
        let t = tensor_arg(t, "t")?;
        let axes = axes_arg(axes, num_axes, "axes")?;
        Ok(handle(ag::flip(t, axes.as_deref())?))
    })
}

/// A view of `t` with dim `source[i]` moved to position `destination[i]`, the other dims in
/// their order (NumPy moveaxis). The lists have the same length, no repeats.
///
/// # Safety
/// `t` is a live handle; `source`/`destination` point to `num_source`/`num_destination` values.
#[no_mangle]
pub unsafe extern "C" fn TF_MoveAxis(
    t: *const TF_Tensor,
    source: *const c_int,
    num_source: c_int,
    destination: *const c_int,
    num_destination: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_MoveAxis", None, || {
        let t = tensor_arg(t, "t")?;
        let s = int_values(source, num_source, "source")?;
        let d = int_values(destination, num_destination, "destination")?;
        Ok(handle(ag::moveaxis(t, &s, &d)?))
    })
}

/// A view of `t` with dims `axis1` and `axis2` exchanged.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_SwapAxes(t: *const TF_Tensor, axis1: c_int, axis2: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_SwapAxes", None, || {
        Ok(handle(ag::swapaxes(tensor_arg(t, "t")?, axis1 as i64, axis2 as i64)?))
    })
}

/// `ts[0..num]` joined along `*axis` (NULL: flattened first, NumPy's axis=None). Dtypes promote
/// as NumPy's result_type. Every dim but the axis must match and the ranks must be equal
/// (TF_SHAPE_ERROR; 0-d tensors too unless `axis` is NULL); `num` 0 is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `ts` points to `num` live handles; `axis` is NULL or points to one value.
#[no_mangle]
pub unsafe extern "C" fn TF_Concat(ts: *const *const TF_Tensor, num: c_int, axis: *const c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Concat", None, || {
        let ts = tensor_list(ts, num, "ts")?;
        Ok(handle(ag::concat(&ts, opt_axis(axis))?))
    })
}

/// `ts[0..num]`, all of one shape (TF_SHAPE_ERROR otherwise), joined along a new dim `axis`
/// of the result. Dtypes promote as in TF_Concat.
///
/// # Safety
/// `ts` points to `num` live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Stack(ts: *const *const TF_Tensor, num: c_int, axis: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Stack", None, || {
        let ts = tensor_list(ts, num, "ts")?;
        Ok(handle(check_ndim(ag::stack(&ts, axis as i64)?)?))
    })
}

/// NumPy `split(t, indices, axis)` with split points `indices[0..num_indices]`: views
/// `t[:i0], t[i0:i1], ..., t[ik:]` along `axis` (slice rules: negative from the end, clamped;
/// a decreasing pair gives an empty part), written to `out`; `num_out` must be `num_indices + 1`.
///
/// # Safety
/// `t` is a live handle; `indices` points to `num_indices` values; `out` to `num_out` pointers.
#[no_mangle]
pub unsafe extern "C" fn TF_Split(
    t: *const TF_Tensor,
    indices: *const i64,
    num_indices: c_int,
    axis: c_int,
    out: *mut Option<Box<TF_Tensor>>,
    num_out: c_int,
    status: *mut TF_Status,
) {
    guard(status, "TF_Split", (), || {
        let t = tensor_arg(t, "t")?;
        let idx = i64_values(indices, num_indices, "indices")?;
        write_outputs(out, num_out, ag::split_views(t, shape_ext::split_at(t, &idx, axis as i64)?, axis as i64)?)
    })
}

/// `t` split along `axis` into `sections` views (`num_out` must equal `sections`): NumPy
/// `array_split` when `even` is false (the first `n % sections` parts have one more element),
/// NumPy `split` when true (TF_SHAPE_ERROR unless the dim divides evenly). `sections` < 1 is
/// TF_INVALID_ARGUMENT.
///
/// # Safety
/// `t` is a live handle; `out` points to `num_out` writable pointers.
#[no_mangle]
pub unsafe extern "C" fn TF_SplitSections(
    t: *const TF_Tensor,
    sections: i64,
    axis: c_int,
    even: bool,
    out: *mut Option<Box<TF_Tensor>>,
    num_out: c_int,
    status: *mut TF_Status,
) {
    guard(status, "TF_SplitSections", (), || {
        let t = tensor_arg(t, "t")?;
        if sections > i64::from(c_int::MAX) {
            return Err(Error::invalid(format!("sections {sections} is too large")));
        }
        write_outputs(out, num_out, ag::split_views(t, shape_ext::split_sections(t, sections, axis as i64, even)?, axis as i64)?)
    })
}

/// The views `t[..., i, ...]` for every position `i` along `axis` (that dim removed), written to
/// `out`; `num_out` must equal the size of that dim.
///
/// # Safety
/// `t` is a live handle; `out` points to `num_out` writable pointers.
#[no_mangle]
pub unsafe extern "C" fn TF_Unstack(t: *const TF_Tensor, axis: c_int, out: *mut Option<Box<TF_Tensor>>, num_out: c_int, status: *mut TF_Status) {
    guard(status, "TF_Unstack", (), || {
        let t = tensor_arg(t, "t")?;
        let ax = crate::layout::normalize_axis(axis as i64, t.ndim())?;
        if num_out < 0 || num_out as usize != t.shape()[ax] {
            return Err(Error::invalid(format!("num_out is {num_out} but axis {axis} has size {}", t.shape()[ax])));
        }
        write_outputs(out, num_out, ag::unstack(t, shape_ext::unstack(t, axis as i64)?, axis as i64)?)
    })
}

/// NumPy `tile`: `t` repeated `reps[d]` times along each dim (a shorter `reps` gets leading 1s,
/// a shorter shape leading size-1 dims). A new tensor. Negative reps are TF_INVALID_ARGUMENT.
///
/// # Safety
/// `t` is a live handle; `reps` points to `num_reps` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Tile(t: *const TF_Tensor, reps: *const i64, num_reps: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Tile", None, || {
        let t = tensor_arg(t, "t")?;
        let reps = super::boundary::i64_list(reps, num_reps, "reps")?;
        Ok(handle(ag::tile(t, &reps)?))
    })
}

/// NumPy `repeat`: each element of `t` repeated along `*axis` (NULL: of the flattened tensor)
/// `repeats[0]` times when `num_repeats` is 1, else `repeats[i]` times for position `i`
/// (`num_repeats` must then equal the dim size: TF_SHAPE_ERROR). Negative counts are
/// TF_INVALID_ARGUMENT. A new tensor.
///
/// # Safety
/// `t` is a live handle; `repeats` points to `num_repeats` values; `axis` is NULL or points to one value.
#[no_mangle]
pub unsafe extern "C" fn TF_Repeat(
    t: *const TF_Tensor,
    repeats: *const i64,
    num_repeats: c_int,
    axis: *const c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Repeat", None, || {
        let t = tensor_arg(t, "t")?;
        let r = i64_values(repeats, num_repeats, "repeats")?;
        Ok(handle(ag::repeat(t, &r, opt_axis(axis))?))
    })
}

/// NumPy `roll`: elements of `t` shifted by `shifts[i]` positions along `axes[i]`, wrapping
/// around (repeated axes add up); `axes` NULL rolls the flattened tensor by the sum of the
/// shifts and restores the shape. With `axes`, `num_axes` must equal `num_shifts`. A new tensor.
///
/// # Safety
/// `t` is a live handle; `shifts` points to `num_shifts` values; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Roll(
    t: *const TF_Tensor,
    shifts: *const i64,
    num_shifts: c_int,
    axes: *const c_int,
    num_axes: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Roll", None, || {
        let t = tensor_arg(t, "t")?;
        let s = i64_values(shifts, num_shifts, "shifts")?;
        let axes = if axes.is_null() { None } else { Some(int_values(axes, num_axes, "axes")?) };
        Ok(handle(ag::roll(t, &s, axes.as_deref())?))
    })
}

/// NumPy `pad`: `t` extended by `pad_width[2d]` elements before and `pad_width[2d+1]` after
/// along each dim d (`num_pad_width` must be twice the dimension). `mode` is TF_PAD_CONSTANT
/// (elements `value`, converted to the dtype; TF_INVALID_ARGUMENT when it does not fit),
/// TF_PAD_EDGE, TF_PAD_REFLECT, TF_PAD_SYMMETRIC or TF_PAD_WRAP (which cannot extend an empty
/// dim). Negative widths are TF_INVALID_ARGUMENT. A new tensor.
///
/// # Safety
/// `t` is a live handle; `pad_width` points to `num_pad_width` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Pad(
    t: *const TF_Tensor,
    pad_width: *const i64,
    num_pad_width: c_int,
    mode: c_int,
    value: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Pad", None, || {
        let t = tensor_arg(t, "t")?;
        let w = i64_values(pad_width, num_pad_width, "pad_width")?;
        if w.len() != 2 * t.ndim() {
            return Err(Error::invalid(format!(
                "num_pad_width is {} but a tensor of dimension {} needs {}",
                w.len(),
                t.ndim(),
                2 * t.ndim()
            )));
        }
        let mode = match mode {
            TF_PAD_CONSTANT => PadMode::Constant,
            TF_PAD_EDGE => PadMode::Edge,
            TF_PAD_REFLECT => PadMode::Reflect,
            TF_PAD_SYMMETRIC => PadMode::Symmetric,
            TF_PAD_WRAP => PadMode::Wrap,
            m => return Err(Error::invalid(format!("unknown pad mode {m}"))),
        };
        let pairs: Vec<(i64, i64)> = w.chunks_exact(2).map(|c| (c[0], c[1])).collect();
        Ok(handle(ag::pad(t, &pairs, mode, value)?))
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
