//! Learning-rate schedulers (PyTorch's `torch.optim.lr_scheduler`) as an opaque
//! `TF_LRScheduler` handle. A scheduler knows nothing of an optimizer: it holds one learning rate
//! (and, for OneCycleLR and CyclicLR with `cycle_momentum`, one momentum) per parameter group,
//! and each TF_LRSchedulerStep computes the next ones exactly as torch's `step()` does; the
//! caller reads them with TF_LRSchedulerGetLastLr / TF_LRSchedulerGetLastMomentum and writes them
//! into its optimizer.
//!
//! Usage: make a scheduler with one of the TF_New*LR constructors (each takes the groups' base
//! learning rates as `const double *base_lrs, int64_t num_groups`, then torch's arguments in
//! torch's order, then `last_epoch`, -1 for a fresh schedule). The kinds whose first step
//! multiplies the current lr (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR,
//! ConstantLR, PolynomialLR, MultiplicativeLR) also take `const double *current_lrs` after
//! `num_groups`: the optimizer's lrs now (torch's `group['lr']`), which differ from the base
//! (initial) lrs when another scheduler already acts on the same optimizer; NULL means the
//! base lrs. Like torch's constructor it takes
//! the initial step, so TF_LRSchedulerGetLastLr gives the lrs of epoch 0 at once. After each
//! epoch (or batch, for OneCycleLR and CyclicLR) call TF_LRSchedulerStep and read the lrs again.
//!
//! Ownership: every constructor returns a handle owned by the caller, freed with
//! TF_DeleteLRScheduler. SequentialLR and ChainedScheduler take their children's handles
//! *borrowed*: they keep their own reference to each child's state, so the caller still deletes
//! each child handle (before or after the composite: either order is safe), and a child stepped
//! through the composite shows its new state through its own handle too, as torch's children do.
//!
//! Errors: bad arguments are TF_INVALID_ARGUMENT naming the scheduler and the value; a step that
//! cannot be taken (OneCycleLR past `total_steps`, a failing lr_lambda, a handle in use) is
//! TF_OPTIMIZER_ERROR, and leaves the scheduler as it was. Out-parameters are untouched on error.
//!
//! Threads: a handle, and the children it shares, may be used by one thread at a time; a call
//! that finds it in use fails with TF_OPTIMIZER_ERROR rather than waiting or racing.
//!
//! State for checkpoints: TF_LRSchedulerGetState gives the state as TF_LRSchedulerStateSize
//! doubles: `[kind, num_groups, last_epoch, step_count, has_momentum, base_lrs[n], lrs[n],
//! last_lrs[n], momenta[n] (when has_momentum), extras]`, where the extras are `T_i, T_cur` for
//! CosineAnnealingWarmRestarts, `best, num_bad_epochs, cooldown_counter` for ReduceLROnPlateau,
//! and for SequentialLR and ChainedScheduler the child count followed by each child's length and
//! state. `lrs` is the optimizer lr the scheduler last saw (what torch reads from
//! `group['lr']`). The hyperparameters are not part of the state: TF_LRSchedulerSetState loads
//! it into a scheduler made with the same constructor arguments.

#![allow(non_snake_case)] // torch's argument names (T_max, T_0, T_mult)

use super::boundary::guard;
use super::status::TF_Status;
use crate::error::{Error, Result, TF_Code};
use crate::optim::lr_scheduler::{
    try_lock, Anneal, CyclicMode, LambdaFn, Momenta, PlateauMode, Scheduler, Shared, ThresholdMode,
};
use std::os::raw::{c_int, c_void};
use std::sync::{Arc, Mutex};

/// A learning-rate scheduler. Create with a TF_New*LR constructor, free with TF_DeleteLRScheduler.
pub struct TF_LRScheduler(Shared);

/// OneCycleLR `anneal_strategy` "cos".
pub const TF_ANNEAL_COS: c_int = 0;
/// OneCycleLR `anneal_strategy` "linear".
pub const TF_ANNEAL_LINEAR: c_int = 1;
/// CyclicLR `mode` "triangular".
pub const TF_CYCLIC_TRIANGULAR: c_int = 0;
/// CyclicLR `mode` "triangular2".
pub const TF_CYCLIC_TRIANGULAR2: c_int = 1;
/// CyclicLR `mode` "exp_range".
pub const TF_CYCLIC_EXP_RANGE: c_int = 2;
/// ReduceLROnPlateau `mode` "min".
pub const TF_PLATEAU_MIN: c_int = 0;
/// ReduceLROnPlateau `mode` "max".
pub const TF_PLATEAU_MAX: c_int = 1;
/// ReduceLROnPlateau `threshold_mode` "rel".
pub const TF_THRESHOLD_REL: c_int = 0;
/// ReduceLROnPlateau `threshold_mode` "abs".
pub const TF_THRESHOLD_ABS: c_int = 1;

/// The lr_lambda of LambdaLR and MultiplicativeLR: the factor for `epoch` of parameter group
/// `group` (0-based), given the `user_data` passed to the constructor. Return NaN to report a
/// failure: the step (or the constructor, which takes the first step) then fails with
/// TF_OPTIMIZER_ERROR and the scheduler is left as it was. It is called on the thread that
/// calls the constructor or TF_LRSchedulerStep, during that call, and must not use its own
/// scheduler (that fails with TF_OPTIMIZER_ERROR).
pub type TF_LRLambda = Option<unsafe extern "C" fn(epoch: i64, group: i64, user_data: *mut c_void) -> f64>;

/// The most parameter groups a scheduler takes (a guard against garbage counts).
const MAX_GROUPS: i64 = 1 << 24;

unsafe fn f64_values(p: *const f64, n: i64, name: &str, count: &str) -> Result<Vec<f64>> {
    if !(0..=MAX_GROUPS).contains(&n) {
        return Err(Error::invalid(format!("{count} is {n}, not in [0, {MAX_GROUPS}]")));
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but {count} is {n}")));
    }
    Ok(std::slice::from_raw_parts(p, n as usize).to_vec())
}

/// `n` values of a per-group array (`name` has no count of its own: it is num_groups long).
unsafe fn group_values(p: *const f64, n: i64, name: &str) -> Result<Vec<f64>> {
    if p.is_null() && n > 0 {
        return Err(Error::invalid(format!("{name} is NULL (it needs num_groups = {n} values)")));
    }
    f64_values(p, n, name, "num_groups")
}

/// The optional `current_lrs` of the chainable kinds: NULL means "the base lrs".
unsafe fn current_arg(p: *const f64, n: i64) -> Result<Option<Vec<f64>>> {
    if p.is_null() {
        return Ok(None);
    }
    Ok(Some(f64_values(p, n, "current_lrs", "num_groups")?))
}

unsafe fn i64_values(p: *const i64, n: i64, name: &str) -> Result<Vec<i64>> {
    if !(0..=MAX_GROUPS).contains(&n) {
        return Err(Error::invalid(format!("num_{name} is {n}, not in [0, {MAX_GROUPS}]")));
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {n}")));
    }
    Ok(std::slice::from_raw_parts(p, n as usize).to_vec())
}

/// The scheduler's last learning rates and, when it cycles momentum, its last momenta (for
/// TF_OptimizerApplyLRScheduler).
///
/// # Safety
/// `s` is NULL or a live scheduler.
pub(super) unsafe fn last_values(s: *const TF_LRScheduler) -> Result<(Vec<f64>, Option<Vec<f64>>)> {
    let sched = try_lock(sched_arg(s, "sched")?)?;
    Ok((sched.last_lr().to_vec(), sched.last_momentum().map(|m| m.to_vec())))
}

unsafe fn sched_arg<'a>(s: *const TF_LRScheduler, name: &str) -> Result<&'a Shared> {
    s.as_ref().map(|s| &s.0).ok_or_else(|| Error::invalid(format!("{name} is NULL")))
}

unsafe fn children_arg(p: *const *const TF_LRScheduler, n: i64) -> Result<Vec<Shared>> {
    if !(0..=MAX_GROUPS).contains(&n) {
        return Err(Error::invalid(format!("num_schedulers is {n}, not in [0, {MAX_GROUPS}]")));
    }
    if n > 0 && p.is_null() {
        return Err(Error::invalid(format!("schedulers is NULL but num_schedulers is {n}")));
    }
    (0..n as usize).map(|i| sched_arg(*p.add(i), &format!("schedulers[{i}]")).cloned()).collect()
}

fn new_handle(s: Scheduler) -> Option<Box<TF_LRScheduler>> {
    Some(Box::new(TF_LRScheduler(Arc::new(Mutex::new(s)))))
}

unsafe fn momenta_arg(cycle: bool, base: *const f64, max: *const f64, n: i64) -> Result<Option<Momenta>> {
    if !cycle {
        return Ok(None);
    }
    Ok(Some(Momenta { base: group_values(base, n, "base_momentums")?, max: group_values(max, n, "max_momentums")? }))
}

/// Copies `values` to `out[0..n]`, or fails (out untouched) when `n` differs.
unsafe fn write_out(out: *mut f64, n: i64, values: &[f64], what: &str) -> Result<()> {
    if n != values.len() as i64 {
        return Err(Error::invalid(format!("n is {n} but the scheduler has {} {what}", values.len())));
    }
    if out.is_null() {
        return Err(Error::invalid("out is NULL"));
    }
    std::ptr::copy_nonoverlapping(values.as_ptr(), out, values.len());
    Ok(())
}

struct CLambda {
    f: unsafe extern "C" fn(i64, i64, *mut c_void) -> f64,
    user_data: *mut c_void,
}
// SAFETY: the callback runs only inside calls on the caller's thread (documented on TF_LRLambda);
// the pointer is never touched otherwise.
unsafe impl Send for CLambda {}

fn lambda_fn(f: TF_LRLambda, user_data: *mut c_void, name: &'static str) -> Result<LambdaFn> {
    let f = f.ok_or_else(|| Error::invalid(format!("{name}: lr_lambda is NULL")))?;
    let cb = CLambda { f, user_data };
    Ok(Box::new(move |epoch, group| {
        let cb = &cb;
        // SAFETY: the caller's callback, with the arguments documented on TF_LRLambda.
        let v = unsafe { (cb.f)(epoch, group as i64, cb.user_data) };
        if v.is_nan() {
            return Err(Error::new(
                TF_Code::TF_OPTIMIZER_ERROR,
                format!("{name}: lr_lambda reported a failure (returned NaN) for epoch {epoch}, group {group}"),
            ));
        }
        Ok(v)
    }))
}

/// StepLR: each group's lr times `gamma` every `step_size` epochs. `step_size < 1` or
/// `gamma <= 0` is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewStepLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    step_size: i64,
    gamma: f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewStepLR", None, || {
        Ok(new_handle(Scheduler::step_lr(
            f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?,
            current_arg(current_lrs, num_groups)?,
            step_size,
            gamma,
            last_epoch,
        )?))
    })
}

/// MultiStepLR: the lr times `gamma` at each milestone epoch (a milestone listed k times
/// multiplies by gamma^k).
///
/// # Safety
/// `base_lrs` points to `num_groups` values, `milestones` to `num_milestones`; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewMultiStepLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    milestones: *const i64,
    num_milestones: i64,
    gamma: f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewMultiStepLR", None, || {
        let m = i64_values(milestones, num_milestones, "milestones")?;
        Ok(new_handle(Scheduler::multi_step_lr(
            f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?,
            current_arg(current_lrs, num_groups)?,
            m,
            gamma,
            last_epoch,
        )?))
    })
}

/// ExponentialLR: the lr times `gamma` every epoch.
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewExponentialLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    gamma: f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewExponentialLR", None, || {
        Ok(new_handle(Scheduler::exponential_lr(
            f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?,
            current_arg(current_lrs, num_groups)?,
            gamma,
            last_epoch,
        )?))
    })
}

/// CosineAnnealingLR: cosine annealing from the base lr to `eta_min` over `T_max` epochs (and
/// back, periodically, as torch's recursive form does). `T_max < 1` is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewCosineAnnealingLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    T_max: i64,
    eta_min: f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewCosineAnnealingLR", None, || {
        Ok(new_handle(Scheduler::cosine_annealing_lr(
            f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?,
            current_arg(current_lrs, num_groups)?,
            T_max,
            eta_min,
            last_epoch,
        )?))
    })
}

/// CosineAnnealingWarmRestarts (SGDR): cosine annealing restarted after `T_0` epochs, the period
/// growing by `T_mult` at each restart. `T_0 < 1` or `T_mult < 1` is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `base_lrs` points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewCosineAnnealingWarmRestarts(
    base_lrs: *const f64,
    num_groups: i64,
    T_0: i64,
    T_mult: i64,
    eta_min: f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewCosineAnnealingWarmRestarts", None, || {
        let b = f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?;
        Ok(new_handle(Scheduler::cosine_annealing_warm_restarts(b, T_0, T_mult, eta_min, last_epoch)?))
    })
}

/// LinearLR: the factor goes linearly from `start_factor` (in (0, 1]) to `end_factor` (in
/// [0, 1]) over `total_iters` (>= 1) epochs.
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewLinearLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    start_factor: f64,
    end_factor: f64,
    total_iters: i64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewLinearLR", None, || {
        let b = f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?;
        Ok(new_handle(Scheduler::linear_lr(
            b,
            current_arg(current_lrs, num_groups)?,
            start_factor,
            end_factor,
            total_iters,
            last_epoch,
        )?))
    })
}

/// ConstantLR: the lr times `factor` (in (0, 1]) until epoch `total_iters` (>= 0).
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewConstantLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    factor: f64,
    total_iters: i64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewConstantLR", None, || {
        Ok(new_handle(Scheduler::constant_lr(
            f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?,
            current_arg(current_lrs, num_groups)?,
            factor,
            total_iters,
            last_epoch,
        )?))
    })
}

/// PolynomialLR: the lr decays as `(1 - epoch / total_iters) ^ power` until `total_iters` (>= 1).
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewPolynomialLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    total_iters: i64,
    power: f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewPolynomialLR", None, || {
        Ok(new_handle(Scheduler::polynomial_lr(
            f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?,
            current_arg(current_lrs, num_groups)?,
            total_iters,
            power,
            last_epoch,
        )?))
    })
}

/// OneCycleLR over `total_steps` (>= 1) steps: from `max_lrs[g] / div_factor` up to `max_lrs[g]`
/// over the first `pct_start` (in [0, 1]) of the steps, then down to that initial lr divided by
/// `final_div_factor` (with `three_phase`, back to the initial lr first), annealed by
/// TF_ANNEAL_COS or TF_ANNEAL_LINEAR. With `cycle_momentum` the momentum moves inversely between
/// `max_momentums` and `base_momentums` (num_groups values each; ignored, and may be NULL,
/// otherwise). Stepping past `total_steps` is TF_OPTIMIZER_ERROR, as torch raises.
///
/// # Safety
/// `max_lrs` points to `num_groups` values; so do the momenta when `cycle_momentum`.
#[no_mangle]
pub unsafe extern "C" fn TF_NewOneCycleLR(
    max_lrs: *const f64,
    num_groups: i64,
    total_steps: i64,
    pct_start: f64,
    anneal_strategy: c_int,
    cycle_momentum: bool,
    base_momentums: *const f64,
    max_momentums: *const f64,
    div_factor: f64,
    final_div_factor: f64,
    three_phase: bool,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewOneCycleLR", None, || {
        let anneal = match anneal_strategy {
            TF_ANNEAL_COS => Anneal::Cos,
            TF_ANNEAL_LINEAR => Anneal::Linear,
            other => {
                return Err(Error::invalid(format!(
                    "OneCycleLR: anneal_strategy must be TF_ANNEAL_COS or TF_ANNEAL_LINEAR, got {other}"
                )))
            }
        };
        let m = momenta_arg(cycle_momentum, base_momentums, max_momentums, num_groups)?;
        let s = Scheduler::one_cycle_lr(
            f64_values(max_lrs, num_groups, "max_lrs", "num_groups")?,
            total_steps,
            pct_start,
            anneal,
            m,
            div_factor,
            final_div_factor,
            three_phase,
            last_epoch,
        )?;
        Ok(new_handle(s))
    })
}

/// CyclicLR: the lr cycles between `base_lrs[g]` and `max_lrs[g]`, rising over `step_size_up`
/// (> 0) steps and falling over `step_size_down` (>= 0; torch's default is `step_size_up`), the
/// amplitude scaled by `mode` (TF_CYCLIC_TRIANGULAR, TF_CYCLIC_TRIANGULAR2, or
/// TF_CYCLIC_EXP_RANGE with `gamma`^iteration). With `cycle_momentum` the momentum cycles
/// inversely between `base_momentums` and `max_momentums` (num_groups values each; may be NULL
/// otherwise).
///
/// # Safety
/// `base_lrs` and `max_lrs` point to `num_groups` values; so do the momenta when `cycle_momentum`.
#[no_mangle]
pub unsafe extern "C" fn TF_NewCyclicLR(
    base_lrs: *const f64,
    num_groups: i64,
    max_lrs: *const f64,
    step_size_up: f64,
    step_size_down: f64,
    mode: c_int,
    gamma: f64,
    cycle_momentum: bool,
    base_momentums: *const f64,
    max_momentums: *const f64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewCyclicLR", None, || {
        let mode = match mode {
            TF_CYCLIC_TRIANGULAR => CyclicMode::Triangular,
            TF_CYCLIC_TRIANGULAR2 => CyclicMode::Triangular2,
            TF_CYCLIC_EXP_RANGE => CyclicMode::ExpRange,
            other => return Err(Error::invalid(format!("CyclicLR: mode must be a TF_CYCLIC_* value, got {other}"))),
        };
        let b = f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?;
        let mx = group_values(max_lrs, num_groups, "max_lrs")?;
        let m = momenta_arg(cycle_momentum, base_momentums, max_momentums, num_groups)?;
        Ok(new_handle(Scheduler::cyclic_lr(b, mx, step_size_up, step_size_down, mode, gamma, m, last_epoch)?))
    })
}

/// LambdaLR: group g's lr is `base_lrs[g] * lr_lambda(epoch, g, user_data)`. See TF_LRLambda for
/// the callback's contract (NaN reports a failure). `user_data` is passed through untouched and
/// must stay valid for the life of the scheduler.
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `lr_lambda` follows TF_LRLambda.
#[no_mangle]
pub unsafe extern "C" fn TF_NewLambdaLR(
    base_lrs: *const f64,
    num_groups: i64,
    lr_lambda: TF_LRLambda,
    user_data: *mut c_void,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewLambdaLR", None, || {
        let b = f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?;
        Ok(new_handle(Scheduler::lambda_lr(b, lambda_fn(lr_lambda, user_data, "LambdaLR")?, last_epoch)?))
    })
}

/// MultiplicativeLR: each step, group g's lr times `lr_lambda(epoch, g, user_data)` (the first
/// step leaves it alone). Callback contract as TF_NewLambdaLR.
///
/// # Safety
/// `base_lrs` points to `num_groups` values; `lr_lambda` follows TF_LRLambda; `current_lrs` is NULL or points to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewMultiplicativeLR(
    base_lrs: *const f64,
    num_groups: i64,
    current_lrs: *const f64,
    lr_lambda: TF_LRLambda,
    user_data: *mut c_void,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewMultiplicativeLR", None, || {
        let b = f64_values(base_lrs, num_groups, "base_lrs", "num_groups")?;
        Ok(new_handle(Scheduler::multiplicative_lr(
            b,
            current_arg(current_lrs, num_groups)?,
            lambda_fn(lr_lambda, user_data, "MultiplicativeLR")?,
            last_epoch,
        )?))
    })
}

/// SequentialLR: runs `schedulers[0]` until `milestones[0]`, then `schedulers[1]` (restarted at
/// its epoch 0), and so on; `num_milestones` is `num_schedulers - 1`. As torch does, it sets the
/// lrs back to `initial_lrs` (the groups' initial lrs, usually the children's base lrs), moves
/// every child's epoch back by one and takes the first scheduler's initial step again. The
/// children are borrowed (see the ownership note at the top); ReduceLROnPlateau children and
/// children with another group count are TF_INVALID_ARGUMENT.
///
/// # Safety
/// `initial_lrs` points to `num_groups` values, `schedulers` to `num_schedulers` live handles,
/// `milestones` to `num_milestones` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewSequentialLR(
    initial_lrs: *const f64,
    num_groups: i64,
    schedulers: *const *const TF_LRScheduler,
    num_schedulers: i64,
    milestones: *const i64,
    num_milestones: i64,
    last_epoch: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewSequentialLR", None, || {
        let lrs = f64_values(initial_lrs, num_groups, "initial_lrs", "num_groups")?;
        let children = children_arg(schedulers, num_schedulers)?;
        let m = i64_values(milestones, num_milestones, "milestones")?;
        Ok(new_handle(Scheduler::sequential_lr(lrs, children, m, last_epoch)?))
    })
}

/// ChainedScheduler: each step steps every child in order on the same lrs (their factors
/// multiply). The lrs start as the last child's. Its TF_LRSchedulerLastEpoch counts its steps.
/// Children are borrowed as for TF_NewSequentialLR.
///
/// # Safety
/// `schedulers` points to `num_schedulers` live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_NewChainedScheduler(
    schedulers: *const *const TF_LRScheduler,
    num_schedulers: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewChainedScheduler", None, || {
        Ok(new_handle(Scheduler::chained(children_arg(schedulers, num_schedulers)?)?))
    })
}

/// ReduceLROnPlateau over the current `lrs`: each TF_LRSchedulerStep takes the metric; after
/// more than `patience` steps without an improvement (by `threshold`, relative or absolute per
/// `threshold_mode`: TF_THRESHOLD_REL / TF_THRESHOLD_ABS; lower is better with TF_PLATEAU_MIN,
/// higher with TF_PLATEAU_MAX) every lr is multiplied by `factor` (< 1), not below
/// `min_lrs[g]`, unless the change is under `eps`; then `cooldown` steps pass before counting
/// again. No initial step; the epoch starts at 0.
///
/// # Safety
/// `lrs` and `min_lrs` point to `num_groups` values.
#[no_mangle]
pub unsafe extern "C" fn TF_NewReduceLROnPlateau(
    lrs: *const f64,
    num_groups: i64,
    mode: c_int,
    factor: f64,
    patience: i64,
    threshold: f64,
    threshold_mode: c_int,
    cooldown: i64,
    min_lrs: *const f64,
    eps: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_LRScheduler>> {
    guard(status, "TF_NewReduceLROnPlateau", None, || {
        let mode = match mode {
            TF_PLATEAU_MIN => PlateauMode::Min,
            TF_PLATEAU_MAX => PlateauMode::Max,
            other => {
                return Err(Error::invalid(format!(
                    "ReduceLROnPlateau: mode must be TF_PLATEAU_MIN or TF_PLATEAU_MAX, got {other}"
                )))
            }
        };
        let tm = match threshold_mode {
            TF_THRESHOLD_REL => ThresholdMode::Rel,
            TF_THRESHOLD_ABS => ThresholdMode::Abs,
            other => {
                return Err(Error::invalid(format!(
                    "ReduceLROnPlateau: threshold_mode must be TF_THRESHOLD_REL or TF_THRESHOLD_ABS, got {other}"
                )))
            }
        };
        let l = f64_values(lrs, num_groups, "lrs", "num_groups")?;
        let m = group_values(min_lrs, num_groups, "min_lrs")?;
        Ok(new_handle(Scheduler::reduce_lr_on_plateau(l, mode, factor, patience, threshold, tm, cooldown, m, eps)?))
    })
}

/// Takes one step. `metric` is the monitored value for ReduceLROnPlateau (any value, NaN
/// included, as torch takes it) and must be NaN for every other kind (else TF_INVALID_ARGUMENT).
/// On error (TF_OPTIMIZER_ERROR: OneCycleLR past total_steps, a failed lr_lambda, the handle in
/// use) the scheduler and its children are left as they were.
///
/// # Safety
/// `s` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerStep(s: *mut TF_LRScheduler, metric: f64, status: *mut TF_Status) {
    guard(status, "TF_LRSchedulerStep", (), || {
        let mut s = try_lock(sched_arg(s, "s")?)?;
        let m = if s.is_plateau() || !metric.is_nan() { Some(metric) } else { None };
        s.step(m)
    })
}

/// Copies the lr of each group after the last step into `out[0..n]`; `n` must be the group count.
///
/// # Safety
/// `s` is a live handle, `out` has room for `n` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerGetLastLr(
    s: *const TF_LRScheduler,
    out: *mut f64,
    n: i64,
    status: *mut TF_Status,
) {
    guard(status, "TF_LRSchedulerGetLastLr", (), || {
        let s = try_lock(sched_arg(s, "s")?)?;
        write_out(out, n, s.last_lr(), "parameter groups")
    })
}

/// Whether the scheduler has set momenta (OneCycleLR and CyclicLR with cycle_momentum, and a
/// composite once such a child has stepped). False (with the error in `status`) on error.
///
/// # Safety
/// `s` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerHasMomentum(s: *const TF_LRScheduler, status: *mut TF_Status) -> bool {
    guard(status, "TF_LRSchedulerHasMomentum", false, || Ok(try_lock(sched_arg(s, "s")?)?.last_momentum().is_some()))
}

/// Copies the momentum of each group after the last step into `out[0..n]`. TF_INVALID_ARGUMENT
/// when the scheduler sets no momenta (see TF_LRSchedulerHasMomentum) or `n` is not the group count.
///
/// # Safety
/// `s` is a live handle, `out` has room for `n` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerGetLastMomentum(
    s: *const TF_LRScheduler,
    out: *mut f64,
    n: i64,
    status: *mut TF_Status,
) {
    guard(status, "TF_LRSchedulerGetLastMomentum", (), || {
        let s = try_lock(sched_arg(s, "s")?)?;
        let m = s.last_momentum().ok_or_else(|| {
            Error::invalid(format!(
                "{} sets no momenta (cycle_momentum is off, or it is not a cycling scheduler)",
                s.name()
            ))
        })?;
        write_out(out, n, m, "parameter groups")
    })
}

/// The number of parameter groups; 0 on error.
///
/// # Safety
/// `s` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerNumGroups(s: *const TF_LRScheduler, status: *mut TF_Status) -> i64 {
    guard(status, "TF_LRSchedulerNumGroups", 0, || Ok(try_lock(sched_arg(s, "s")?)?.num_groups() as i64))
}

/// torch's `last_epoch`: 0 after construction with last_epoch -1, one more per step (for
/// ChainedScheduler, the count of its steps). -2 on error.
///
/// # Safety
/// `s` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerLastEpoch(s: *const TF_LRScheduler, status: *mut TF_Status) -> i64 {
    guard(status, "TF_LRSchedulerLastEpoch", -2, || Ok(try_lock(sched_arg(s, "s")?)?.last_epoch()))
}

/// Tells the scheduler the optimizer's current lrs (`n` = the group count; NaN is
/// TF_INVALID_ARGUMENT). Needed only when something else changed them since the last step (you,
/// or a second scheduler on the same optimizer): the chainable kinds and ReduceLROnPlateau then
/// continue from these values, as torch's continue from `group['lr']`. TF_LRSchedulerGetLastLr
/// still gives the lrs of the last step.
///
/// # Safety
/// `s` is a live handle, `lrs` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerSetLr(s: *mut TF_LRScheduler, lrs: *const f64, n: i64, status: *mut TF_Status) {
    guard(status, "TF_LRSchedulerSetLr", (), || {
        let v = f64_values(lrs, n, "lrs", "n")?;
        let mut s = try_lock(sched_arg(s, "s")?)?;
        s.set_lrs(&v)
    })
}

/// The number of doubles TF_LRSchedulerGetState writes (see the layout at the top); 0 on error.
///
/// # Safety
/// `s` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerStateSize(s: *const TF_LRScheduler, status: *mut TF_Status) -> i64 {
    guard(status, "TF_LRSchedulerStateSize", 0, || Ok(try_lock(sched_arg(s, "s")?)?.export_state()?.len() as i64))
}

/// Copies the state into `out[0..n]`; `n` must be TF_LRSchedulerStateSize.
///
/// # Safety
/// `s` is a live handle, `out` has room for `n` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerGetState(
    s: *const TF_LRScheduler,
    out: *mut f64,
    n: i64,
    status: *mut TF_Status,
) {
    guard(status, "TF_LRSchedulerGetState", (), || {
        let st = try_lock(sched_arg(s, "s")?)?.export_state()?;
        write_out(out, n, &st, "state values")
    })
}

/// Loads a state from TF_LRSchedulerGetState of a scheduler made by the same constructor with
/// the same group count (and, for composites, children of the same kinds). A state of another
/// kind or size, or with non-integer counters, is TF_INVALID_ARGUMENT and changes nothing.
///
/// # Safety
/// `s` is a live handle, `state` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LRSchedulerSetState(
    s: *mut TF_LRScheduler,
    state: *const f64,
    n: i64,
    status: *mut TF_Status,
) {
    guard(status, "TF_LRSchedulerSetState", (), || {
        if !(1..=i64::from(i32::MAX)).contains(&n) {
            return Err(Error::invalid(format!("n is {n}; a scheduler state has at least 5 values")));
        }
        if state.is_null() {
            return Err(Error::invalid("state is NULL"));
        }
        let v = std::slice::from_raw_parts(state, n as usize).to_vec();
        let mut s = try_lock(sched_arg(s, "s")?)?;
        s.import_state(&v)
    })
}

/// Frees a scheduler handle. A composite holding it as a child keeps the child's state alive.
/// NULL is a no-op.
#[no_mangle]
pub extern "C" fn TF_DeleteLRScheduler(s: Option<Box<TF_LRScheduler>>) {
    drop(s)
}
