//! Reverse-mode automatic differentiation.
//!
//! A floating-point tensor marked with TF_SetRequiresGrad is a leaf of the graph. While grad mode
//! is on (per thread, TF_SetGradEnabled), every differentiable op with an input that requires
//! grad records how to differentiate itself, and its result requires grad too. TF_Backward then
//! accumulates d(output)/d(leaf) into each leaf's gradient (TF_Grad). Integer and bool results,
//! comparisons and argmax/argsort stop the gradient (so do the piecewise-constant ops: sign,
//! floor, ceil, round, trunc and floor_divide have zero gradients).
//!
//! Handles: the requires-grad flag and the gradient belong to the tensor value; a handle returned
//! by another function (a view, a copy) is a new node of the graph, not the same leaf.
//!
//! In-place writes, as PyTorch: TF_InplaceAssign and TF_SetItem record the write, so a tensor
//! produced by an op (a non-leaf) can be modified in place and stays differentiable (its history
//! becomes the write's). They fail at once with TF_GRADIENT_ERROR, while grad mode is on, for a
//! leaf that requires grad and for a view of a tensor that requires grad (write through its base
//! with TF_SetItem). The raw writes TF_Assign and TF_IndexAssign refuse any tensor that requires
//! grad in grad mode. Writes into a tensor the graph saved for backward (for example an input of
//! a multiplication), or into storage a recorded view shares, make the later TF_Backward fail
//! with TF_GRADIENT_ERROR (version counters). Writes through TF_TensorData are not tracked.

use super::boundary::{guard, guard_plain, handle, tensor_arg, TF_Tensor};
use super::args::{int_values, tensor_list};
use super::index::index_items;
use super::status::TF_Status;
use crate::autograd::{self, engine};
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use std::os::raw::{c_char, c_int};

/// Marks `t` as requiring grad (`requires_grad` true; it becomes a leaf of future graphs) or
/// clears the flag. Only floating-point tensors can require grad (else TF_DTYPE_ERROR); clearing
/// it on a non-leaf (the result of a recorded op) is TF_GRADIENT_ERROR (use TF_Detach).
///
/// # Safety
/// `t` is a live handle, not used concurrently by another thread.
#[no_mangle]
pub unsafe extern "C" fn TF_SetRequiresGrad(t: *mut TF_Tensor, requires_grad: bool, status: *mut TF_Status) {
    guard(status, "TF_SetRequiresGrad", (), || {
        let t = t.as_mut().ok_or_else(|| Error::invalid("t is NULL"))?;
        autograd::set_requires_grad(&mut t.0, requires_grad)
    })
}

/// True when `t` requires grad (a marked leaf or the result of a recorded op). False for NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_RequiresGrad(t: *const TF_Tensor) -> bool {
    guard_plain(false, || t.as_ref().is_some_and(|t| t.0.requires_grad()))
}

/// True when `t` is a leaf: it was not produced by a recorded op (every tensor that does not
/// require grad is a leaf). False for NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_IsLeaf(t: *const TF_Tensor) -> bool {
    guard_plain(false, || t.as_ref().is_some_and(|t| t.0.autograd.as_ref().map_or(true, |m| m.is_leaf())))
}

/// Backpropagates from `t`: adds d(sum(t * grad))/d(leaf) to the gradient of every leaf that
/// requires grad and that `t` depends on (and of non-leaves marked with TF_RetainGrad). `grad`
/// must have the shape of `t` (it is cast to t's dtype); NULL means ones and is allowed only when
/// `t` has one element. The graph's saved tensors are freed afterwards unless `retain_graph`; a
/// second backward through a freed graph is TF_GRADIENT_ERROR. With `create_graph` the backward
/// pass is itself recorded, so the gradients require grad and can be differentiated again.
/// TF_GRADIENT_ERROR when `t` does not require grad, or a saved tensor was modified in place.
///
/// # Safety
/// `t` is a live handle; `grad` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Backward(
    t: *const TF_Tensor,
    grad: *const TF_Tensor,
    retain_graph: bool,
    create_graph: bool,
    status: *mut TF_Status,
) {
    guard(status, "TF_Backward", (), || {
        let t = tensor_arg(t, "t")?;
        let g = if grad.is_null() { None } else { Some(tensor_arg(grad, "grad")?.clone()) };
        engine::run_backward(std::slice::from_ref(t), &[g], retain_graph, create_graph, None).map(|_| ())
    })
}

/// A new handle to the gradient accumulated in `t` (a leaf, or a non-leaf after TF_RetainGrad),
/// or NULL with TF_OK when there is none yet.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Grad(t: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Grad", None, || {
        let t = tensor_arg(t, "t")?;
        Ok(t.autograd.as_ref().and_then(|m| m.grad()).and_then(handle))
    })
}

/// Clears the accumulated gradient of `t` (the next backward starts from nothing; TF_Grad gives
/// NULL until then). No-op for NULL or a tensor without gradient.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_ZeroGrad(t: *const TF_Tensor) {
    guard_plain((), || {
        if let Some(m) = t.as_ref().and_then(|t| t.0.autograd.as_ref()) {
            m.set_grad(None);
        }
    })
}

/// Makes the non-leaf `t` keep its gradient in the next backward passes (read with TF_Grad).
/// No-op on a leaf; TF_GRADIENT_ERROR when `t` does not require grad.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_RetainGrad(t: *const TF_Tensor, status: *mut TF_Status) {
    guard(status, "TF_RetainGrad", (), || {
        let m = tensor_arg(t, "t")?
            .autograd
            .as_ref()
            .ok_or_else(|| autograd::gradient_error("retain_grad on a tensor that does not require grad"))?;
        m.retains_grad.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    })
}

/// A new handle to the same elements and storage as `t`, outside any graph (does not require grad).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Detach(t: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Detach", None, || Ok(handle(tensor_arg(t, "t")?.detach())))
}

/// The name of the op that produced `t` (e.g. "MulBackward"), or NULL for a leaf or NULL `t`.
/// Static storage; never free it.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_GradFnName(t: *const TF_Tensor) -> *const c_char {
    guard_plain(std::ptr::null(), || {
        t.as_ref()
            .and_then(|t| t.0.autograd.as_ref())
            .and_then(|m| m.grad_fn.as_ref())
            .map_or(std::ptr::null(), |n| n.name.as_ptr())
    })
}

/// Turns graph recording on or off for the calling thread (on by default in every thread).
#[no_mangle]
pub extern "C" fn TF_SetGradEnabled(enabled: bool) {
    guard_plain((), || {
        autograd::set_grad_enabled(enabled);
    })
}

/// Whether graph recording is on for the calling thread.
#[no_mangle]
pub extern "C" fn TF_IsGradEnabled() -> bool {
    guard_plain(false, autograd::grad_enabled)
}

/// Gradients of `outputs` with respect to `inputs` (PyTorch's `torch.autograd.grad`), without
/// touching any tensor's accumulated gradient. `grad_outputs` is NULL (all implied ones: each
/// output must have one element) or holds `num_outputs` handles, each NULL (implied) or of the
/// output's shape. Writes `num_inputs` new handles to `out` (only on success); an input the
/// outputs do not depend on gets NULL when `allow_unused`, else TF_GRADIENT_ERROR. Every input
/// must require grad. `retain_graph` and `create_graph` as in TF_Backward.
///
/// # Safety
/// `outputs` and `inputs` point to `num_outputs` / `num_inputs` live handles; `grad_outputs` is
/// NULL or points to `num_outputs` handles or NULLs; `out` points to `num_inputs` writable slots.
#[no_mangle]
pub unsafe extern "C" fn TF_Gradients(
    outputs: *const *const TF_Tensor,
    num_outputs: c_int,
    grad_outputs: *const *const TF_Tensor,
    inputs: *const *const TF_Tensor,
    num_inputs: c_int,
    retain_graph: bool,
    create_graph: bool,
    allow_unused: bool,
    out: *mut Option<Box<TF_Tensor>>,
    status: *mut TF_Status,
) {
    guard(status, "TF_Gradients", (), || {
        let outs = list(outputs, num_outputs, "outputs", false)?;
        let ins = list(inputs, num_inputs, "inputs", false)?;
        let gouts: Vec<Option<Tensor>> = if grad_outputs.is_null() {
            vec![None; outs.len()]
        } else {
            list(grad_outputs, num_outputs, "grad_outputs", true)?.into_iter().map(|g| g.cloned()).collect()
        };
        if out.is_null() && !ins.is_empty() {
            return Err(Error::invalid("out is NULL"));
        }
        let mut metas = Vec::with_capacity(ins.len());
        for (i, t) in ins.iter().enumerate() {
            let t = t.expect("not nullable");
            metas.push(t.autograd.clone().ok_or_else(|| {
                autograd::gradient_error(format!("input {i} does not require grad"))
            })?);
        }
        let outs: Vec<Tensor> = outs.into_iter().map(|t| t.expect("not nullable").clone()).collect();
        let grads = engine::run_backward(&outs, &gouts, retain_graph, create_graph, Some(&metas))?;
        if !allow_unused {
            if let Some(i) = grads.iter().position(|g| g.is_none()) {
                return Err(autograd::gradient_error(format!(
                    "input {i} was not used in the graph of the outputs; pass allow_unused=True to get None for it"
                )));
            }
        }
        for (i, g) in grads.into_iter().enumerate() {
            *out.add(i) = g.and_then(handle);
        }
        Ok(())
    })
}

unsafe fn list<'a>(p: *const *const TF_Tensor, n: c_int, name: &str, nullable: bool) -> Result<Vec<Option<&'a Tensor>>> {
    if n < 0 {
        return Err(Error::invalid(format!("num_{name} is negative ({n})")));
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but its count is {n}")));
    }
    (0..n as usize)
        .map(|i| {
            let h = *p.add(i);
            if h.is_null() && nullable {
                Ok(None)
            } else {
                tensor_arg(h, &format!("{name}[{i}]")).map(Some)
            }
        })
        .collect()
}

/// Number of live element buffers in the process (each tensor's storage, shared by its views):
/// a leak check for tests (it stays flat over repeated forward/backward iterations).
#[no_mangle]
pub extern "C" fn TF_LiveStorageCount() -> i64 {
    guard_plain(-1, crate::storage::live_storages)
}

/// In-place write `dst[...] = src` that autograd records: `src`, cast to `dst`'s dtype and
/// broadcast to its shape (as TF_Assign), is written into the storage `dst` views. While grad mode
/// is on and `dst` or `src` requires grad, `dst`'s history becomes the write's (the old value
/// gets no gradient, `src` gets it), so `y = x * 2; y += 1` (TF_Add then TF_InplaceAssign of the
/// result) stays differentiable. TF_GRADIENT_ERROR, before anything is written, when `dst` is a
/// leaf that requires grad (write under TF_SetGradEnabled(false)), a view of a tensor that
/// requires grad (write through the base with TF_SetItem), or has no history, shares its storage
/// and `src` requires grad. Other errors as TF_Assign. `dst == src` does nothing.
///
/// # Safety
/// `dst` and `src` are live handles; `dst` is not used concurrently by another thread.
#[no_mangle]
pub unsafe extern "C" fn TF_InplaceAssign(dst: *mut TF_Tensor, src: *const TF_Tensor, status: *mut TF_Status) {
    guard(status, "TF_InplaceAssign", (), || {
        if std::ptr::eq(dst as *const TF_Tensor, src) && !src.is_null() {
            return Ok(());
        }
        let src = tensor_arg(src, "src")?;
        let dst = dst.as_mut().ok_or_else(|| Error::invalid("dst is NULL"))?;
        let rec = autograd::inplace_records(&dst.0, src)?;
        crate::kernels::index::assign(&dst.0, src)?;
        if rec {
            autograd::rebase_assign(&mut dst.0, src)?;
        }
        Ok(())
    })
}

/// NumPy's `t[key] = src` that autograd records: `key` is TF_Slice's `items` (basic indexing,
/// `num_items` groups of 4 values) followed, when `num` > 0, by TF_IndexAssign's advanced
/// indices (`indices[i]` at dim `axes[i]` of the basic selection). `src` is cast to `t`'s dtype
/// and broadcast to the selection; with repeated advanced positions the last value wins. While
/// grad mode is on and `t` or `src` requires grad, `t`'s history becomes the write's: the old
/// value gets the gradient outside the written positions, `src` gets the gradient at them (every
/// repeated position's). TF_GRADIENT_ERROR, before anything is written, as TF_InplaceAssign.
/// Index errors as TF_Slice and TF_IndexAssign.
///
/// # Safety
/// `t` and `src` are live handles (`t` not used concurrently by another thread); `items` points
/// to `4 * num_items` values; `indices` to `num` live handles and `axes` to `num` values (both
/// may be NULL when `num` is 0).
#[no_mangle]
pub unsafe extern "C" fn TF_SetItem(
    t: *mut TF_Tensor,
    items: *const i64,
    num_items: c_int,
    indices: *const *const TF_Tensor,
    axes: *const c_int,
    num: c_int,
    src: *const TF_Tensor,
    status: *mut TF_Status,
) {
    guard(status, "TF_SetItem", (), || {
        // An owned handle to src's value: `t` may be the same handle (`x[:] = x`).
        let src = &tensor_arg(src, "src")?.clone();
        let parsed = index_items(items, num_items)?;
        let idx = tensor_list(indices, num, "indices")?;
        let axes = int_values(axes, num, "axes")?;
        let t = t.as_mut().ok_or_else(|| Error::invalid("t is NULL"))?;
        let rec = autograd::inplace_records(&t.0, src)?;
        {
            let v = crate::kernels::index::slice(&t.0, &parsed)?;
            if idx.is_empty() {
                crate::kernels::index::assign(&v, src)?;
            } else {
                crate::kernels::index::index_assign(&v, &idx, &axes, src)?;
            }
        }
        if rec {
            autograd::rebase_setitem(&mut t.0, &parsed, &idx, &axes, src)?;
        }
        Ok(())
    })
}
