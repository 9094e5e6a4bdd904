//! Optimizers behind an opaque handle, and gradient clipping.
//!
//! A `TF_Optimizer` holds references to its parameters (the tensors, not copies: a step writes
//! into their storage, seen by every handle of the same tensor) and its own state (moment
//! estimates, step counts). The algorithms and their hyperparameters are PyTorch's
//! (`torch.optim`), under PyTorch's names; two-valued `betas` are the hyperparameters `beta1` and
//! `beta2`, and booleans (`amsgrad`, `nesterov`, `maximize`, ...) are 0 or 1.
//!
//! A typical training loop:
//! ```c
//! const char *names[] = {"lr", "weight_decay"};
//! double values[] = {1e-3, 1e-2};
//! TF_Optimizer *opt = TF_NewOptimizer("AdamW", params, n, names, values, 2, status);
//! for (...) {
//!     TF_OptimizerZeroGrad(opt, true, status);
//!     ... forward, TF_Backward ...
//!     TF_OptimizerStep(opt, status);
//! }
//! TF_DeleteOptimizer(opt);
//! ```
//! Every function may be called from any thread; calls on one optimizer are serialised by its
//! own lock. A step must not run while another thread uses the same parameters.

use super::boundary::{guard, guard_plain, handle, tensor_arg, TF_Tensor};
use super::args::str_arg;
use super::lr_scheduler::{last_values, TF_LRScheduler};
use super::status::TF_Status;
use crate::error::{Error, Result};
use crate::optim::algorithm::Algorithm;
use crate::optim::{clip, Optimizer};
use crate::tensor::Tensor;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::sync::{Mutex, MutexGuard};

/// An optimizer: its algorithm, parameter groups with their hyperparameters, and per-parameter
/// state. Made by TF_NewOptimizer, freed by TF_DeleteOptimizer.
pub struct TF_Optimizer(Mutex<Optimizer>);

impl TF_Optimizer {
    fn lock(&self) -> MutexGuard<'_, Optimizer> {
        // A panic inside a call is reported as TF_INTERNAL; the optimizer stays usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

unsafe fn opt_arg<'a>(p: *const TF_Optimizer) -> Result<&'a TF_Optimizer> {
    p.as_ref().ok_or_else(|| Error::invalid("opt is NULL"))
}

/// Reads `num` parameter handles.
unsafe fn params_arg<'a>(ts: *const *const TF_Tensor, num: i64) -> Result<Vec<&'a Tensor>> {
    if num < 0 {
        return Err(Error::invalid(format!("num_params is negative ({num})")));
    }
    if num > 0 && ts.is_null() {
        return Err(Error::invalid(format!("params is NULL but num_params is {num}")));
    }
    (0..num as usize).map(|i| tensor_arg(*ts.add(i), &format!("params[{i}]"))).collect()
}

/// Reads `num` (name, value) hyperparameter pairs.
unsafe fn hypers_arg<'a>(names: *const *const c_char, values: *const f64, num: i64) -> Result<Vec<(&'a str, f64)>> {
    if num < 0 {
        return Err(Error::invalid(format!("num_hypers is negative ({num})")));
    }
    if num > 0 && (names.is_null() || values.is_null()) {
        return Err(Error::invalid(format!("hyper_names or hyper_values is NULL but num_hypers is {num}")));
    }
    (0..num as usize).map(|i| Ok((str_arg(*names.add(i), &format!("hyper_names[{i}]"))?, *values.add(i)))).collect()
}

fn index_arg(v: i64, name: &str) -> Result<usize> {
    usize::try_from(v).map_err(|_| Error::invalid(format!("{name} is negative ({v})")))
}

/// A new optimizer over one parameter group. `algorithm` is one of "SGD", "Adam", "AdamW",
/// "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "Lion" (case-insensitive).
/// `hyper_names[i]` = `hyper_values[i]` override the algorithm's defaults (PyTorch's); the result
/// is the optimizer's defaults, which later groups start from. Every parameter must be a
/// float32 or float64 leaf that requires grad (TF_SetRequiresGrad), not a broadcast view, and
/// appear once. The optimizer keeps references to the parameters (freeing the caller's handles
/// afterwards is fine). Returns a new handle (free it with TF_DeleteOptimizer) or NULL on error:
/// an unknown algorithm or name, a value out of its range (negative lr, betas outside [0, 1),
/// eps <= 0, a flag that is not 0 or 1, a non-finite value), a parameter that does not require
/// grad, is not a leaf or appears twice (TF_OPTIMIZER_ERROR, naming the algorithm, group and
/// value); a non-float parameter (TF_DTYPE_ERROR); NULL pointers or negative counts
/// (TF_INVALID_ARGUMENT).
///
/// # Safety
/// `algorithm` is a NUL-terminated string; `params` points to `num_params` live handles;
/// `hyper_names` and `hyper_values` point to `num_hypers` entries (each name NUL-terminated).
#[no_mangle]
pub unsafe extern "C" fn TF_NewOptimizer(
    algorithm: *const c_char,
    params: *const *const TF_Tensor,
    num_params: i64,
    hyper_names: *const *const c_char,
    hyper_values: *const f64,
    num_hypers: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Optimizer>> {
    guard(status, "TF_NewOptimizer", None, || {
        let algo = Algorithm::from_name(str_arg(algorithm, "algorithm")?)?;
        let ps = params_arg(params, num_params)?;
        let hs = hypers_arg(hyper_names, hyper_values, num_hypers)?;
        Ok(Some(Box::new(TF_Optimizer(Mutex::new(Optimizer::new(algo, &ps, &hs)?)))))
    })
}

/// Frees an optimizer and its state (the parameters live on with their other handles). NULL is
/// a no-op.
#[no_mangle]
pub extern "C" fn TF_DeleteOptimizer(opt: Option<Box<TF_Optimizer>>) {
    guard_plain((), || drop(opt))
}

/// Adds a parameter group whose hyperparameters are the optimizer's defaults overridden by
/// `hyper_names`/`hyper_values` (PyTorch's `add_param_group`). The same rules and errors as
/// TF_NewOptimizer; a parameter already in another group is TF_OPTIMIZER_ERROR. On error the
/// optimizer is unchanged.
///
/// # Safety
/// `opt` is a live optimizer; the arrays as TF_NewOptimizer's.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerAddParamGroup(
    opt: *mut TF_Optimizer,
    params: *const *const TF_Tensor,
    num_params: i64,
    hyper_names: *const *const c_char,
    hyper_values: *const f64,
    num_hypers: i64,
    status: *mut TF_Status,
) {
    guard(status, "TF_OptimizerAddParamGroup", (), || {
        let o = opt_arg(opt)?;
        let ps = params_arg(params, num_params)?;
        let hs = hypers_arg(hyper_names, hyper_values, num_hypers)?;
        o.lock().add_group(&ps, &hs)
    })
}

/// One optimization step over every parameter that has a gradient (parameters without one are
/// skipped, as in PyTorch), in one fused pass per parameter on the thread team, with grad mode
/// off. Everything is checked before anything is written, so on error no parameter or state has
/// changed: a gradient of another shape, state of another shape or dtype than its parameter
/// (after TF_OptimizerSetState), and, in a group with `error_if_nonfinite` = 1, a gradient holding
/// a NaN or an infinity (TF_OPTIMIZER_ERROR naming the group and parameter index).
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerStep(opt: *mut TF_Optimizer, status: *mut TF_Status) {
    guard(status, "TF_OptimizerStep", (), || opt_arg(opt)?.lock().step())
}

/// Clears the gradient of every parameter: removes it (`set_to_none`, PyTorch's default) or
/// sets its elements to zero in place.
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerZeroGrad(opt: *mut TF_Optimizer, set_to_none: bool, status: *mut TF_Status) {
    guard(status, "TF_OptimizerZeroGrad", (), || opt_arg(opt)?.lock().zero_grad(set_to_none))
}

/// The algorithm's name ("Adam", ...), or NULL for a NULL `opt`. Static storage; never free it.
///
/// # Safety
/// `opt` is NULL or a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerAlgorithm(opt: *const TF_Optimizer) -> *const c_char {
    guard_plain(std::ptr::null(), || opt.as_ref().map_or(std::ptr::null(), |o| o.lock().algorithm.c_name().as_ptr()))
}

/// The number of parameter groups (-1 on error).
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerNumGroups(opt: *const TF_Optimizer, status: *mut TF_Status) -> i64 {
    guard(status, "TF_OptimizerNumGroups", -1, || Ok(opt_arg(opt)?.lock().num_groups() as i64))
}

/// The number of parameters in group `group` (-1 on error). Parameters are numbered across
/// groups in order (group 0's first, then group 1's, ...): the `param_index` of
/// TF_OptimizerGetState.
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerGroupSize(opt: *const TF_Optimizer, group: i64, status: *mut TF_Status) -> i64 {
    guard(status, "TF_OptimizerGroupSize", -1, || Ok(opt_arg(opt)?.lock().group_len(index_arg(group, "group")?)? as i64))
}

/// The learning rate of group `group` (NaN on error).
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerGetLr(opt: *const TF_Optimizer, group: i64, status: *mut TF_Status) -> f64 {
    guard(status, "TF_OptimizerGetLr", f64::NAN, || opt_arg(opt)?.lock().get_hyper(index_arg(group, "group")?, "lr"))
}

/// Sets the learning rate of group `group` (what a scheduler does); a negative or non-finite lr
/// is TF_OPTIMIZER_ERROR and leaves it unchanged.
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerSetLr(opt: *mut TF_Optimizer, group: i64, lr: f64, status: *mut TF_Status) {
    guard(status, "TF_OptimizerSetLr", (), || opt_arg(opt)?.lock().set_hyper(index_arg(group, "group")?, "lr", lr))
}

/// Writes the scheduler's current learning rates into the optimizer's groups (group i gets the
/// scheduler's lr i), and, for a scheduler that cycles momentum (OneCycleLR, CyclicLR), its
/// momenta into `beta1` (Adam family, Lion) or `momentum` (SGD, RMSprop), as PyTorch's schedulers
/// do to `param_groups`. Call it after TF_LRSchedulerStep. Every value is checked before any is
/// written: a scheduler over another number of groups (TF_INVALID_ARGUMENT), an invalid value or
/// momenta for an algorithm with neither hyperparameter (TF_OPTIMIZER_ERROR) change nothing.
///
/// # Safety
/// `opt` is a live optimizer and `sched` a live scheduler.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerApplyLRScheduler(opt: *mut TF_Optimizer, sched: *const TF_LRScheduler, status: *mut TF_Status) {
    guard(status, "TF_OptimizerApplyLRScheduler", (), || {
        let o = opt_arg(opt)?;
        let (lrs, momenta) = last_values(sched)?;
        o.lock().apply_schedule(&lrs, momenta.as_deref())
    })
}

/// The hyperparameter `name` of group `group` (NaN on error: an unknown name is
/// TF_OPTIMIZER_ERROR listing the algorithm's names).
///
/// # Safety
/// `opt` is a live optimizer; `name` is NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerGetHyper(opt: *const TF_Optimizer, group: i64, name: *const c_char, status: *mut TF_Status) -> f64 {
    guard(status, "TF_OptimizerGetHyper", f64::NAN, || {
        opt_arg(opt)?.lock().get_hyper(index_arg(group, "group")?, str_arg(name, "name")?)
    })
}

/// Sets the hyperparameter `name` of group `group`, checked as at creation (alone and against
/// the group's other values); on error the group is unchanged.
///
/// # Safety
/// `opt` is a live optimizer; `name` is NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerSetHyper(
    opt: *mut TF_Optimizer,
    group: i64,
    name: *const c_char,
    value: f64,
    status: *mut TF_Status,
) {
    guard(status, "TF_OptimizerSetHyper", (), || {
        opt_arg(opt)?.lock().set_hyper(index_arg(group, "group")?, str_arg(name, "name")?, value)
    })
}

/// The number of hyperparameters the algorithm has (-1 on error); TF_OptimizerHyperName names
/// them.
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerNumHypers(opt: *const TF_Optimizer, status: *mut TF_Status) -> i64 {
    guard(status, "TF_OptimizerNumHypers", -1, || Ok(opt_arg(opt)?.lock().algorithm.hypers().len() as i64))
}

/// The name of hyperparameter `i` (0 <= i < TF_OptimizerNumHypers), or NULL on error. Static
/// storage; never free it.
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerHyperName(opt: *const TF_Optimizer, i: i64, status: *mut TF_Status) -> *const c_char {
    guard(status, "TF_OptimizerHyperName", std::ptr::null(), || {
        let algo = opt_arg(opt)?.lock().algorithm;
        let names: Vec<&CStr> = algo.hypers().iter().map(|(h, _)| h.c_name()).collect();
        name_at(&names, i, "hyperparameter", algo)
    })
}

/// The number of per-parameter state entries the algorithm keeps (-1 on error);
/// TF_OptimizerStateKey names them (PyTorch's state keys: "step", "exp_avg", ...).
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerNumStateKeys(opt: *const TF_Optimizer, status: *mut TF_Status) -> i64 {
    guard(status, "TF_OptimizerNumStateKeys", -1, || Ok(opt_arg(opt)?.lock().algorithm.state_keys().len() as i64))
}

/// The name of state entry `i` (0 <= i < TF_OptimizerNumStateKeys), or NULL on error. Static
/// storage; never free it.
///
/// # Safety
/// `opt` is a live optimizer.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerStateKey(opt: *const TF_Optimizer, i: i64, status: *mut TF_Status) -> *const c_char {
    guard(status, "TF_OptimizerStateKey", std::ptr::null(), || {
        let algo = opt_arg(opt)?.lock().algorithm;
        name_at(&algo.state_keys(), i, "state key", algo)
    })
}

/// Entry `i` of one of the algorithm's static name lists, as a C string.
fn name_at(names: &[&'static CStr], i: i64, what: &str, algo: Algorithm) -> Result<*const c_char> {
    let k = index_arg(i, "i")?;
    names.get(k).map(|c| c.as_ptr()).ok_or_else(|| {
        Error::invalid(format!("{what} index {k} is out of range ({} has {})", algo.name(), names.len()))
    })
}

/// A copy of the state entry `key` of parameter `param_index` (numbered across groups, see
/// TF_OptimizerGroupSize): a new tensor the caller frees with TF_DeleteTensor; buffers have the
/// parameter's shape and dtype, "step" and "mu_product" are 0-d TF_DOUBLE. Returns NULL with an OK
/// status when the parameter has no such entry yet (before its first step, or a buffer its
/// settings do not use); NULL with an error for an index out of range (TF_INVALID_ARGUMENT) or a
/// key the algorithm does not have (TF_OPTIMIZER_ERROR).
///
/// # Safety
/// `opt` is a live optimizer; `key` is NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerGetState(
    opt: *const TF_Optimizer,
    param_index: i64,
    key: *const c_char,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_OptimizerGetState", None, || {
        let t = opt_arg(opt)?.lock().get_state(index_arg(param_index, "param_index")?, str_arg(key, "key")?)?;
        Ok(t.and_then(handle))
    })
}

/// Replaces the state entry `key` of parameter `param_index` with a copy of `value` (restoring a
/// checkpoint). A buffer must have its parameter's shape and dtype; "step" must hold a whole
/// number >= 0 and "mu_product" a finite number (one element of any real dtype). Errors leave the
/// state unchanged: TF_OPTIMIZER_ERROR naming the entry, the parameter and both shapes/dtypes.
///
/// # Safety
/// `opt` is a live optimizer; `key` is NUL-terminated; `value` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_OptimizerSetState(
    opt: *mut TF_Optimizer,
    param_index: i64,
    key: *const c_char,
    value: *const TF_Tensor,
    status: *mut TF_Status,
) {
    guard(status, "TF_OptimizerSetState", (), || {
        let v = tensor_arg(value, "value")?;
        opt_arg(opt)?.lock().set_state(index_arg(param_index, "param_index")?, str_arg(key, "key")?, v)
    })
}

/// Scales the gradients of `params` in place so that their total `norm_type`-norm (2, inf,
/// -inf, 0 or any p: the norm of all elements together) is at most `max_norm`, as
/// `torch.nn.utils.clip_grad_norm_`: each gradient is multiplied by
/// `min(1, max_norm / (total + 1e-6))`. Parameters without a gradient are skipped. Writes the
/// total norm before clipping into `*total_norm` (when not NULL). With `error_if_nonfinite`, a
/// NaN or infinite total is TF_NUMERICAL_ERROR and no gradient changes. A negative `max_norm` or
/// NaN `norm_type` is TF_INVALID_ARGUMENT. On error `*total_norm` is untouched.
///
/// # Safety
/// `params` points to `num_params` live handles; `total_norm` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn TF_ClipGradNorm(
    params: *const *const TF_Tensor,
    num_params: i64,
    max_norm: f64,
    norm_type: f64,
    error_if_nonfinite: bool,
    total_norm: *mut f64,
    status: *mut TF_Status,
) {
    guard(status, "TF_ClipGradNorm", (), || {
        let ps = params_arg(params, num_params)?;
        let t = clip::clip_grad_norm(&ps, max_norm, norm_type, error_if_nonfinite)?;
        if let Some(out) = total_norm.as_mut() {
            *out = t;
        }
        Ok(())
    })
}

/// Clamps every gradient element of `params` into `[-clip_value, clip_value]` in place, as
/// `torch.nn.utils.clip_grad_value_` (NaN stays NaN). A negative or NaN `clip_value` is
/// TF_INVALID_ARGUMENT.
///
/// # Safety
/// `params` points to `num_params` live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_ClipGradValue(params: *const *const TF_Tensor, num_params: i64, clip_value: f64, status: *mut TF_Status) {
    guard(status, "TF_ClipGradValue", (), || clip::clip_grad_value(&params_arg(params, num_params)?, clip_value))
}
