//! Shape operations. Views (transpose, reshape when strides allow, expand_dims, squeeze, flatten,
//! broadcast, flip, moveaxis, swapaxes, split, unstack) share storage with their input: writes
//! through TF_TensorData or TF_Assign are seen by both. Joins (concat, stack), tile, repeat, roll
//! and pad return new tensors. The results are owned by the caller.

use super::args::{axes_arg, check_ndim, dims_arg, i64_list, i64_values, int_values, opt_axis, tensor_list, write_outputs};
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops as ag;
use crate::error::Error;
use std::os::raw::c_int;
use crate::kernels::shape::{self, PadMode};

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
        let dims = dims_arg(dims, num_dims)?;
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
        write_outputs(out, num_out, ag::split_views(t, shape::split_at(t, &idx, axis as i64)?, axis as i64)?)
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
        write_outputs(out, num_out, ag::split_views(t, shape::split_sections(t, sections, axis as i64, even)?, axis as i64)?)
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
        write_outputs(out, num_out, ag::unstack(t, shape::unstack(t, axis as i64)?, axis as i64)?)
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
        let reps = i64_list(reps, num_reps, "reps")?;
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
