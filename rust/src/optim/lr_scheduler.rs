//! Learning-rate schedulers: a state machine over `n` parameter groups that gives each group's
//! learning rate (and, for OneCycleLR and CyclicLR, momentum) at each step, as PyTorch 2.x's
//! `torch.optim.lr_scheduler` does. The C handle (`capi::lr_scheduler`) and the Python classes
//! (`tenflowers.optim.lr_scheduler`) are thin layers over this module.
//!
//! # Which form each kind computes
//!
//! torch's `step()` computes the *recursive* (chainable) form for StepLR, MultiStepLR,
//! ExponentialLR, CosineAnnealingLR, LinearLR, ConstantLR, PolynomialLR and MultiplicativeLR: the
//! new lr is the group's *current* lr times a factor. This module reproduces exactly those
//! formulas, in the same operation order (and `powf`, which is C's `pow` as Python's `**` on
//! floats), so the sequences agree with torch's bit for bit rather than to rounding: the
//! recursive and closed forms drift apart by an ulp or so per step, and only the recursive one
//! composes the way torch's does when several schedulers drive one optimizer (ChainedScheduler,
//! or two schedulers stepped one after the other) or when the lr is changed from outside
//! (`set_lrs`, which the Python layer calls with the groups' lrs before each step).
//! The closed forms (`_get_closed_form_lr`) are used where torch uses them: when SequentialLR
//! switches to its next scheduler at a milestone (torch's `_update_lr(0)`).
//! LambdaLR, CyclicLR, OneCycleLR and CosineAnnealingWarmRestarts are closed forms in torch's
//! `get_lr` and here; ReduceLROnPlateau is event driven (best value, bad-epoch and cooldown
//! counters). torch's special cases are kept: CosineAnnealingLR's first step after resuming
//! (`_step_count == 1`), its restart branch, MultiplicativeLR and ExponentialLR leaving the
//! initial lr alone, OneCycleLR failing past `total_steps`, SequentialLR's undo of its children's
//! first step.
//!
//! # Differences from torch
//!
//! Arguments torch would only trip over later (a ZeroDivisionError at some step) or that have no
//! meaning are rejected at construction: `step_size`, `T_max`, `total_iters` (LinearLR,
//! PolynomialLR) below 1, `gamma <= 0` (StepLR, MultiStepLR, ExponentialLR), ConstantLR's
//! `factor == 0`, negative `patience`/`cooldown`, non-positive `div_factor`/`final_div_factor`,
//! `step_size_up <= 0`, and non-finite or negative learning rates. A failed step leaves the
//! scheduler as it was (torch has already advanced `last_epoch` when it raises). The deprecated
//! `step(epoch)` argument and CyclicLR's custom `scale_fn` are not supported. CyclicLR's steps
//! all start from its `base_lrs` (torch's very first step starts from a group's `initial_lr`,
//! which differs only when another scheduler set it first).
//!
//! The lrs before the constructor's initial step are the caller's `current` lrs (torch's
//! `group['lr']`) for the kinds whose first step reads them, else the base lrs.

use crate::error::{Error, Result, TF_Code};
use std::f64::consts::PI;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

/// A scheduler shared between its own handle and the composites (SequentialLR,
/// ChainedScheduler) that hold it, as torch's composites hold their child objects.
pub type Shared = Arc<Mutex<Scheduler>>;

/// A user function of (epoch, group) for LambdaLR and MultiplicativeLR; an `Err` fails the step.
pub type LambdaFn = Box<dyn FnMut(i64, usize) -> Result<f64> + Send>;

fn opt_err(message: String) -> Error {
    Error::new(TF_Code::TF_OPTIMIZER_ERROR, message)
}

/// Locks a shared scheduler without waiting: a scheduler in use (stepped from one of its own
/// callbacks, or from another thread) is an error, never a deadlock.
pub fn try_lock(s: &Shared) -> Result<MutexGuard<'_, Scheduler>> {
    match s.try_lock() {
        Ok(g) => Ok(g),
        Err(TryLockError::WouldBlock) => {
            Err(opt_err("the scheduler is in use (stepped from its own lr_lambda, or from two threads at once)".into()))
        }
        Err(TryLockError::Poisoned(_)) => {
            Err(Error::internal("the scheduler was left inconsistent by an earlier internal error"))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anneal {
    Cos,
    Linear,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CyclicMode {
    Triangular,
    Triangular2,
    ExpRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlateauMode {
    Min,
    Max,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdMode {
    Rel,
    Abs,
}

/// The momentum range of a cycling scheduler: per group (base, max).
#[derive(Clone, Debug)]
pub struct Momenta {
    pub base: Vec<f64>,
    pub max: Vec<f64>,
}

#[derive(Clone, Copy, Debug)]
enum LrAt {
    Initial,
    Max,
    Min,
}

#[derive(Clone, Copy, Debug)]
enum MomAt {
    Base,
    Max,
}

#[derive(Clone, Debug)]
struct Phase {
    end_step: f64,
    start_lr: LrAt,
    end_lr: LrAt,
    start_m: MomAt,
    end_m: MomAt,
}

enum Kind {
    Step {
        step_size: i64,
        gamma: f64,
    },
    MultiStep {
        milestones: Vec<i64>,
        gamma: f64,
    },
    Exponential {
        gamma: f64,
    },
    CosineAnnealing {
        t_max: i64,
        eta_min: f64,
    },
    WarmRestarts {
        t_0: i64,
        t_mult: i64,
        eta_min: f64,
        t_i: i64,
        t_cur: i64,
    },
    Linear {
        start: f64,
        end: f64,
        total_iters: i64,
    },
    Constant {
        factor: f64,
        total_iters: i64,
    },
    Polynomial {
        total_iters: i64,
        power: f64,
    },
    OneCycle {
        total_steps: i64,
        phases: Vec<Phase>,
        anneal: Anneal,
        max_lrs: Vec<f64>,
        min_lrs: Vec<f64>,
        momenta: Option<Momenta>,
    },
    Cyclic {
        max_lrs: Vec<f64>,
        total_size: f64,
        step_ratio: f64,
        mode: CyclicMode,
        gamma: f64,
        momenta: Option<Momenta>,
    },
    Lambda {
        f: LambdaFn,
    },
    Multiplicative {
        f: LambdaFn,
    },
    Sequential {
        children: Vec<Shared>,
        milestones: Vec<i64>,
    },
    Chained {
        children: Vec<Shared>,
    },
    Plateau(Plateau),
}

struct Plateau {
    mode: PlateauMode,
    factor: f64,
    patience: i64,
    threshold: f64,
    threshold_mode: ThresholdMode,
    cooldown: i64,
    min_lrs: Vec<f64>,
    eps: f64,
    best: f64,
    num_bad_epochs: i64,
    cooldown_counter: i64,
}

impl Plateau {
    fn is_better(&self, a: f64, best: f64) -> bool {
        match (self.mode, self.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < best * (1.0 - self.threshold),
            (PlateauMode::Min, ThresholdMode::Abs) => a < best - self.threshold,
            (PlateauMode::Max, ThresholdMode::Rel) => a > best * (self.threshold + 1.0),
            (PlateauMode::Max, ThresholdMode::Abs) => a > best + self.threshold,
        }
    }
}

/// One scheduler. `lrs` is the optimizer's current lr per group as this scheduler sees it (what
/// torch reads from `group['lr']`); `last_lr` is the value after its last step (`_last_lr`).
pub struct Scheduler {
    kind: Kind,
    base_lrs: Vec<f64>,
    last_epoch: i64,
    step_count: i64,
    lrs: Vec<f64>,
    last_lr: Vec<f64>,
    momentum: Option<Vec<f64>>,
    is_initial: bool,
}

/// The names used in messages, torch's class names.
fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::Step { .. } => "StepLR",
        Kind::MultiStep { .. } => "MultiStepLR",
        Kind::Exponential { .. } => "ExponentialLR",
        Kind::CosineAnnealing { .. } => "CosineAnnealingLR",
        Kind::WarmRestarts { .. } => "CosineAnnealingWarmRestarts",
        Kind::Linear { .. } => "LinearLR",
        Kind::Constant { .. } => "ConstantLR",
        Kind::Polynomial { .. } => "PolynomialLR",
        Kind::OneCycle { .. } => "OneCycleLR",
        Kind::Cyclic { .. } => "CyclicLR",
        Kind::Lambda { .. } => "LambdaLR",
        Kind::Multiplicative { .. } => "MultiplicativeLR",
        Kind::Sequential { .. } => "SequentialLR",
        Kind::Chained { .. } => "ChainedScheduler",
        Kind::Plateau(_) => "ReduceLROnPlateau",
    }
}

/// The code of each kind in an exported state (its first value).
fn kind_code(k: &Kind) -> i64 {
    match k {
        Kind::Step { .. } => 1,
        Kind::MultiStep { .. } => 2,
        Kind::Exponential { .. } => 3,
        Kind::CosineAnnealing { .. } => 4,
        Kind::WarmRestarts { .. } => 5,
        Kind::Linear { .. } => 6,
        Kind::Constant { .. } => 7,
        Kind::Polynomial { .. } => 8,
        Kind::OneCycle { .. } => 9,
        Kind::Cyclic { .. } => 10,
        Kind::Lambda { .. } => 11,
        Kind::Multiplicative { .. } => 12,
        Kind::Sequential { .. } => 13,
        Kind::Chained { .. } => 14,
        Kind::Plateau(_) => 15,
    }
}

fn check_lrs(name: &str, what: &str, lrs: &[f64]) -> Result<()> {
    if lrs.is_empty() {
        return Err(Error::invalid(format!("{name}: needs at least one parameter group (num_groups is 0)")));
    }
    for (i, &v) in lrs.iter().enumerate() {
        if !v.is_finite() || v < 0.0 {
            return Err(Error::invalid(format!("{name}: {what}[{i}] is {v}; learning rates are finite and >= 0")));
        }
    }
    Ok(())
}

fn check_len(name: &str, what: &str, v: &[f64], n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::invalid(format!(
            "{name}: {what} has {} values but there are {n} parameter groups",
            v.len()
        )));
    }
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| !x.is_finite()) {
        return Err(Error::invalid(format!("{name}: {what}[{i}] is {x}, not finite")));
    }
    Ok(())
}

fn check_gamma(name: &str, gamma: f64) -> Result<()> {
    if !(gamma.is_finite() && gamma > 0.0) {
        return Err(Error::invalid(format!("{name}: gamma must be finite and > 0, got {gamma}")));
    }
    Ok(())
}

fn check_positive(name: &str, what: &str, v: i64) -> Result<()> {
    if v < 1 {
        return Err(Error::invalid(format!("{name}: {what} must be >= 1, got {v}")));
    }
    Ok(())
}

fn check_last_epoch(name: &str, last_epoch: i64) -> Result<()> {
    if last_epoch < -1 {
        return Err(Error::invalid(format!("{name}: last_epoch must be >= -1, got {last_epoch}")));
    }
    Ok(())
}

fn check_children(name: &str, children: &[Shared]) -> Result<usize> {
    if children.is_empty() {
        return Err(Error::invalid(format!("{name}: expects at least one scheduler, got none")));
    }
    let mut n = None;
    for (i, c) in children.iter().enumerate() {
        let c = try_lock(c)?;
        if matches!(c.kind, Kind::Plateau(_)) {
            return Err(Error::invalid(format!(
                "{name}: does not support ReduceLROnPlateau (its step needs a metric), got one at index {i}"
            )));
        }
        match n {
            None => n = Some(c.num_groups()),
            Some(m) if m != c.num_groups() => {
                return Err(Error::invalid(format!(
                    "{name}: scheduler {i} has {} parameter groups, scheduler 0 has {m}",
                    c.num_groups()
                )))
            }
            _ => {}
        }
    }
    Ok(n.unwrap_or(0))
}

impl Scheduler {
    fn with_kind(kind: Kind, base_lrs: Vec<f64>, last_epoch: i64) -> Self {
        Scheduler {
            kind,
            lrs: base_lrs.clone(),
            last_lr: base_lrs.clone(),
            base_lrs,
            last_epoch,
            step_count: 0,
            momentum: None,
            is_initial: false,
        }
    }

    /// The common construction of torch's `LRScheduler.__init__`: check, then the initial step.
    fn start(kind: Kind, base_lrs: Vec<f64>, last_epoch: i64) -> Result<Self> {
        Self::start_from(kind, base_lrs, None, last_epoch)
    }

    /// As `start`, the lrs before the initial step being `current` (torch's `group['lr']`, which
    /// differs from the initial lr when another scheduler already acts on the optimizer); `None`
    /// means the base lrs.
    fn start_from(kind: Kind, base_lrs: Vec<f64>, current: Option<Vec<f64>>, last_epoch: i64) -> Result<Self> {
        let name = kind_name(&kind);
        check_lrs(name, "base_lrs", &base_lrs)?;
        check_last_epoch(name, last_epoch)?;
        let mut s = Self::with_kind(kind, base_lrs, last_epoch);
        if let Some(c) = current {
            if c.len() != s.num_groups() {
                return Err(Error::invalid(format!(
                    "{name}: current_lrs has {} values, base_lrs {}",
                    c.len(),
                    s.num_groups()
                )));
            }
            s.set_lrs(&c)?;
        }
        s.initial_step()?;
        Ok(s)
    }

    pub fn step_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        step_size: i64,
        gamma: f64,
        last_epoch: i64,
    ) -> Result<Self> {
        check_positive("StepLR", "step_size", step_size)?;
        check_gamma("StepLR", gamma)?;
        Self::start_from(Kind::Step { step_size, gamma }, base_lrs, current, last_epoch)
    }

    pub fn multi_step_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        mut milestones: Vec<i64>,
        gamma: f64,
        last_epoch: i64,
    ) -> Result<Self> {
        check_gamma("MultiStepLR", gamma)?;
        milestones.sort_unstable();
        Self::start_from(Kind::MultiStep { milestones, gamma }, base_lrs, current, last_epoch)
    }

    pub fn exponential_lr(base_lrs: Vec<f64>, current: Option<Vec<f64>>, gamma: f64, last_epoch: i64) -> Result<Self> {
        check_gamma("ExponentialLR", gamma)?;
        Self::start_from(Kind::Exponential { gamma }, base_lrs, current, last_epoch)
    }

    pub fn cosine_annealing_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        t_max: i64,
        eta_min: f64,
        last_epoch: i64,
    ) -> Result<Self> {
        check_positive("CosineAnnealingLR", "T_max", t_max)?;
        if !eta_min.is_finite() {
            return Err(Error::invalid(format!("CosineAnnealingLR: eta_min must be finite, got {eta_min}")));
        }
        Self::start_from(Kind::CosineAnnealing { t_max, eta_min }, base_lrs, current, last_epoch)
    }

    pub fn cosine_annealing_warm_restarts(
        base_lrs: Vec<f64>,
        t_0: i64,
        t_mult: i64,
        eta_min: f64,
        last_epoch: i64,
    ) -> Result<Self> {
        let name = "CosineAnnealingWarmRestarts";
        if t_0 <= 0 {
            return Err(Error::invalid(format!("{name}: expected positive integer T_0, but got {t_0}")));
        }
        if t_mult < 1 {
            return Err(Error::invalid(format!("{name}: expected integer T_mult >= 1, but got {t_mult}")));
        }
        if !eta_min.is_finite() {
            return Err(Error::invalid(format!("{name}: eta_min must be finite, got {eta_min}")));
        }
        Self::start(Kind::WarmRestarts { t_0, t_mult, eta_min, t_i: t_0, t_cur: last_epoch }, base_lrs, last_epoch)
    }

    pub fn linear_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        start: f64,
        end: f64,
        total_iters: i64,
        last_epoch: i64,
    ) -> Result<Self> {
        if !(start > 0.0 && start <= 1.0) {
            return Err(Error::invalid(format!(
                "LinearLR: start_factor expected to be greater than 0 and less or equal to 1, got {start}"
            )));
        }
        if !(0.0..=1.0).contains(&end) {
            return Err(Error::invalid(format!("LinearLR: end_factor expected to be between 0 and 1, got {end}")));
        }
        check_positive("LinearLR", "total_iters", total_iters)?;
        Self::start_from(Kind::Linear { start, end, total_iters }, base_lrs, current, last_epoch)
    }

    pub fn constant_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        factor: f64,
        total_iters: i64,
        last_epoch: i64,
    ) -> Result<Self> {
        if !(factor > 0.0 && factor <= 1.0) {
            return Err(Error::invalid(format!("ConstantLR: factor expected to be in (0, 1], got {factor}")));
        }
        if total_iters < 0 {
            return Err(Error::invalid(format!("ConstantLR: total_iters must be >= 0, got {total_iters}")));
        }
        Self::start_from(Kind::Constant { factor, total_iters }, base_lrs, current, last_epoch)
    }

    pub fn polynomial_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        total_iters: i64,
        power: f64,
        last_epoch: i64,
    ) -> Result<Self> {
        check_positive("PolynomialLR", "total_iters", total_iters)?;
        if !power.is_finite() {
            return Err(Error::invalid(format!("PolynomialLR: power must be finite, got {power}")));
        }
        Self::start_from(Kind::Polynomial { total_iters, power }, base_lrs, current, last_epoch)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn one_cycle_lr(
        max_lrs: Vec<f64>,
        total_steps: i64,
        pct_start: f64,
        anneal: Anneal,
        momenta: Option<Momenta>,
        div_factor: f64,
        final_div_factor: f64,
        three_phase: bool,
        last_epoch: i64,
    ) -> Result<Self> {
        let name = "OneCycleLR";
        if total_steps <= 0 {
            return Err(Error::invalid(format!(
                "{name}: expected positive integer total_steps, but got {total_steps}"
            )));
        }
        if !(0.0..=1.0).contains(&pct_start) {
            return Err(Error::invalid(format!(
                "{name}: expected float between 0 and 1 pct_start, but got {pct_start}"
            )));
        }
        for (what, v) in [("div_factor", div_factor), ("final_div_factor", final_div_factor)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::invalid(format!("{name}: {what} must be finite and > 0, got {v}")));
            }
        }
        check_lrs(name, "max_lrs", &max_lrs)?;
        if let Some(m) = &momenta {
            check_len(name, "base_momentum", &m.base, max_lrs.len())?;
            check_len(name, "max_momentum", &m.max, max_lrs.len())?;
        }
        let t = total_steps as f64;
        let phases = if three_phase {
            vec![
                Phase {
                    end_step: pct_start * t - 1.0,
                    start_lr: LrAt::Initial,
                    end_lr: LrAt::Max,
                    start_m: MomAt::Max,
                    end_m: MomAt::Base,
                },
                Phase {
                    end_step: 2.0 * pct_start * t - 2.0,
                    start_lr: LrAt::Max,
                    end_lr: LrAt::Initial,
                    start_m: MomAt::Base,
                    end_m: MomAt::Max,
                },
                Phase {
                    end_step: t - 1.0,
                    start_lr: LrAt::Initial,
                    end_lr: LrAt::Min,
                    start_m: MomAt::Max,
                    end_m: MomAt::Max,
                },
            ]
        } else {
            vec![
                Phase {
                    end_step: pct_start * t - 1.0,
                    start_lr: LrAt::Initial,
                    end_lr: LrAt::Max,
                    start_m: MomAt::Max,
                    end_m: MomAt::Base,
                },
                Phase {
                    end_step: t - 1.0,
                    start_lr: LrAt::Max,
                    end_lr: LrAt::Min,
                    start_m: MomAt::Base,
                    end_m: MomAt::Max,
                },
            ]
        };
        let initial: Vec<f64> = max_lrs.iter().map(|m| m / div_factor).collect();
        let min_lrs = initial.iter().map(|i| i / final_div_factor).collect();
        Self::start(Kind::OneCycle { total_steps, phases, anneal, max_lrs, min_lrs, momenta }, initial, last_epoch)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn cyclic_lr(
        base_lrs: Vec<f64>,
        max_lrs: Vec<f64>,
        step_size_up: f64,
        step_size_down: f64,
        mode: CyclicMode,
        gamma: f64,
        momenta: Option<Momenta>,
        last_epoch: i64,
    ) -> Result<Self> {
        let name = "CyclicLR";
        check_lrs(name, "base_lrs", &base_lrs)?;
        check_len(name, "max_lrs", &max_lrs, base_lrs.len())?;
        if !(step_size_up.is_finite() && step_size_up > 0.0) {
            return Err(Error::invalid(format!("{name}: step_size_up must be finite and > 0, got {step_size_up}")));
        }
        if !(step_size_down.is_finite() && step_size_down >= 0.0) {
            return Err(Error::invalid(format!(
                "{name}: step_size_down must be finite and >= 0, got {step_size_down}"
            )));
        }
        if !gamma.is_finite() {
            return Err(Error::invalid(format!("{name}: gamma must be finite, got {gamma}")));
        }
        if let Some(m) = &momenta {
            check_len(name, "base_momentum", &m.base, base_lrs.len())?;
            check_len(name, "max_momentum", &m.max, base_lrs.len())?;
        }
        let total_size = step_size_up + step_size_down;
        let step_ratio = step_size_up / total_size;
        Self::start(Kind::Cyclic { max_lrs, total_size, step_ratio, mode, gamma, momenta }, base_lrs, last_epoch)
    }

    pub fn lambda_lr(base_lrs: Vec<f64>, f: LambdaFn, last_epoch: i64) -> Result<Self> {
        Self::start(Kind::Lambda { f }, base_lrs, last_epoch)
    }

    pub fn multiplicative_lr(
        base_lrs: Vec<f64>,
        current: Option<Vec<f64>>,
        f: LambdaFn,
        last_epoch: i64,
    ) -> Result<Self> {
        Self::start_from(Kind::Multiplicative { f }, base_lrs, current, last_epoch)
    }

    /// torch's SequentialLR: the lrs go back to `initial_lrs`, every (leaf) child's last epoch
    /// back by one, and the child active at epoch 0 takes its initial step again.
    pub fn sequential_lr(
        initial_lrs: Vec<f64>,
        children: Vec<Shared>,
        milestones: Vec<i64>,
        last_epoch: i64,
    ) -> Result<Self> {
        let name = "SequentialLR";
        check_lrs(name, "initial_lrs", &initial_lrs)?;
        check_last_epoch(name, last_epoch)?;
        let n = check_children(name, &children)?;
        if n != initial_lrs.len() {
            return Err(Error::invalid(format!(
                "{name}: the schedulers have {n} parameter groups but initial_lrs has {}",
                initial_lrs.len()
            )));
        }
        if milestones.len() + 1 != children.len() {
            return Err(Error::invalid(format!(
                "{name}: expects one more scheduler than milestones, got {} schedulers and {} milestones",
                children.len(),
                milestones.len()
            )));
        }
        let saved = children.iter().map(|c| try_lock(c)?.export_state()).collect::<Result<Vec<_>>>()?;
        for c in &children {
            try_lock(c)?.undo_epoch()?;
        }
        let idx = milestones.partition_point(|&m| m <= 0);
        let mut s = Self::with_kind(Kind::Sequential { children, milestones }, initial_lrs, last_epoch + 1);
        if let Err(e) = s.run_child(idx, |c| c.initial_step()) {
            // Leave the children as they were given.
            for (c, st) in s.children().iter().zip(&saved) {
                try_lock(c)?.import_state(st)?;
            }
            return Err(e);
        }
        Ok(s)
    }

    /// torch's ChainedScheduler: steps every child in turn on the same lrs. The lrs start as the
    /// last child's.
    pub fn chained(children: Vec<Shared>) -> Result<Self> {
        check_children("ChainedScheduler", &children)?;
        let lrs = try_lock(children.last().expect("checked non-empty"))?.lrs.clone();
        let mut s = Self::with_kind(Kind::Chained { children }, lrs, 0);
        s.base_lrs = s.lrs.clone();
        Ok(s)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn reduce_lr_on_plateau(
        lrs: Vec<f64>,
        mode: PlateauMode,
        factor: f64,
        patience: i64,
        threshold: f64,
        threshold_mode: ThresholdMode,
        cooldown: i64,
        min_lrs: Vec<f64>,
        eps: f64,
    ) -> Result<Self> {
        let name = "ReduceLROnPlateau";
        check_lrs(name, "lrs", &lrs)?;
        if factor.is_nan() || factor >= 1.0 {
            return Err(Error::invalid(format!("{name}: factor should be < 1.0, got {factor}")));
        }
        if patience < 0 || cooldown < 0 {
            return Err(Error::invalid(format!(
                "{name}: patience ({patience}) and cooldown ({cooldown}) must be >= 0"
            )));
        }
        for (what, v) in [("threshold", threshold), ("eps", eps)] {
            if !v.is_finite() {
                return Err(Error::invalid(format!("{name}: {what} must be finite, got {v}")));
            }
        }
        if min_lrs.len() != lrs.len() {
            return Err(Error::invalid(format!("{name}: expected {} min_lrs, got {}", lrs.len(), min_lrs.len())));
        }
        let best = if mode == PlateauMode::Min { f64::INFINITY } else { f64::NEG_INFINITY };
        let p = Plateau {
            mode,
            factor,
            patience,
            threshold,
            threshold_mode,
            cooldown,
            min_lrs,
            eps,
            best,
            num_bad_epochs: 0,
            cooldown_counter: 0,
        };
        let mut s = Self::with_kind(Kind::Plateau(p), lrs, 0);
        s.step_count = 0;
        Ok(s)
    }

    pub fn name(&self) -> &'static str {
        kind_name(&self.kind)
    }
    pub fn num_groups(&self) -> usize {
        self.lrs.len()
    }
    pub fn last_epoch(&self) -> i64 {
        self.last_epoch
    }
    pub fn last_lr(&self) -> &[f64] {
        &self.last_lr
    }
    /// The last momenta written, for the cycling kinds (and composites after such a child stepped).
    pub fn last_momentum(&self) -> Option<&[f64]> {
        self.momentum.as_deref()
    }
    pub fn is_plateau(&self) -> bool {
        matches!(self.kind, Kind::Plateau(_))
    }

    /// Tells the scheduler the optimizer's current lrs (torch's recursive forms and
    /// ReduceLROnPlateau continue from `group['lr']`).
    pub fn set_lrs(&mut self, lrs: &[f64]) -> Result<()> {
        if lrs.len() != self.num_groups() {
            return Err(Error::invalid(format!(
                "{}: {} lrs given for {} parameter groups",
                self.name(),
                lrs.len(),
                self.num_groups()
            )));
        }
        if let Some(i) = lrs.iter().position(|x| x.is_nan()) {
            return Err(Error::invalid(format!("{}: lrs[{i}] is NaN", self.name())));
        }
        self.lrs = lrs.to_vec();
        Ok(())
    }

    fn initial_step(&mut self) -> Result<()> {
        self.step_count = 0;
        self.is_initial = true;
        let r = self.step_inner(None);
        self.is_initial = false;
        r
    }

    /// One step (`metric` only for ReduceLROnPlateau). On error the scheduler (and its
    /// children) are left as they were.
    pub fn step(&mut self, metric: Option<f64>) -> Result<()> {
        let is_plateau = self.is_plateau();
        if is_plateau && metric.is_none() {
            return Err(Error::invalid("ReduceLROnPlateau: step needs a metric (got NaN)".to_string()));
        }
        if !is_plateau && metric.is_some() {
            return Err(Error::invalid(format!("{}: takes no metric (pass NaN)", self.name())));
        }
        let saved = self.export_state()?;
        let r = self.step_inner(metric);
        if r.is_err() {
            self.import_state(&saved)?;
        }
        r
    }

    fn step_inner(&mut self, metric: Option<f64>) -> Result<()> {
        match &self.kind {
            Kind::Plateau(_) => self.plateau_step(metric.unwrap_or(f64::NAN)),
            Kind::Sequential { .. } => self.sequential_step(),
            Kind::Chained { .. } => self.chained_step(),
            Kind::WarmRestarts { .. } => self.warm_restarts_step(),
            _ => {
                self.step_count += 1;
                self.update_lr(None)
            }
        }
    }

    /// torch's `_update_lr`: `None` advances the epoch and takes the recursive form; `Some(e)`
    /// jumps to epoch `e` with the closed form where the kind has one.
    fn update_lr(&mut self, epoch: Option<i64>) -> Result<()> {
        let old = self.last_epoch;
        self.last_epoch = match epoch {
            None => old + 1,
            Some(e) => e,
        };
        let values = match epoch.and_then(|_| self.closed_form()) {
            Some(v) => Ok(v),
            None => self.get_lr(),
        };
        match values {
            Ok(v) => {
                self.lrs = v;
                self.last_lr = self.lrs.clone();
                Ok(())
            }
            Err(e) => {
                self.last_epoch = old;
                Err(e)
            }
        }
    }

    fn closed_form(&self) -> Option<Vec<f64>> {
        let e = self.last_epoch;
        let b = &self.base_lrs;
        let v = match &self.kind {
            Kind::Step { step_size, gamma } => {
                b.iter().map(|l| l * gamma.powf(e.div_euclid(*step_size) as f64)).collect()
            }
            Kind::MultiStep { milestones, gamma } => {
                let k = milestones.partition_point(|&m| m <= e);
                b.iter().map(|l| l * gamma.powf(k as f64)).collect()
            }
            Kind::Constant { factor, total_iters } => {
                let f = factor + if e >= *total_iters { 1.0 - factor } else { 0.0 };
                b.iter().map(|l| l * f).collect()
            }
            Kind::Linear { start, end, total_iters } => {
                let f = start + (end - start) * (e.min(*total_iters) as f64) / *total_iters as f64;
                b.iter().map(|l| l * f).collect()
            }
            Kind::Exponential { gamma } => b.iter().map(|l| l * gamma.powf(e as f64)).collect(),
            Kind::Polynomial { total_iters, power } => {
                let f = (1.0 - e.min(*total_iters) as f64 / *total_iters as f64).powf(*power);
                b.iter().map(|l| l * f).collect()
            }
            Kind::CosineAnnealing { t_max, eta_min } => b
                .iter()
                .map(|l| eta_min + (l - eta_min) * (1.0 + (PI * e as f64 / *t_max as f64).cos()) / 2.0)
                .collect(),
            _ => return None,
        };
        Some(v)
    }

    /// torch's `get_lr` of each kind, from the current lrs (`group['lr']`), `last_epoch`,
    /// `_step_count` and `_is_initial`.
    fn get_lr(&mut self) -> Result<Vec<f64>> {
        let e = self.last_epoch;
        let ef = e as f64;
        let lrs = &self.lrs;
        let base = &self.base_lrs;
        let initial = self.is_initial;
        let scale = |f: f64| -> Vec<f64> { lrs.iter().map(|l| l * f).collect() };
        let name = kind_name(&self.kind);
        Ok(match &mut self.kind {
            Kind::Step { step_size, gamma } => {
                if e == 0 || e.rem_euclid(*step_size) != 0 {
                    lrs.clone()
                } else {
                    scale(*gamma)
                }
            }
            Kind::MultiStep { milestones, gamma } => {
                let count = milestones.iter().filter(|&&m| m == e).count();
                if count == 0 {
                    lrs.clone()
                } else {
                    scale(gamma.powf(count as f64))
                }
            }
            Kind::Constant { factor, total_iters } => {
                if e == 0 {
                    scale(*factor)
                } else if e != *total_iters {
                    lrs.clone()
                } else {
                    scale(1.0 / *factor)
                }
            }
            Kind::Linear { start, end, total_iters } => {
                if e == 0 {
                    scale(*start)
                } else if initial || e > *total_iters {
                    lrs.clone()
                } else {
                    scale(1.0 + (*end - *start) / (*total_iters as f64 * *start + (e - 1) as f64 * (*end - *start)))
                }
            }
            Kind::Exponential { gamma } => {
                if initial {
                    lrs.clone()
                } else {
                    scale(*gamma)
                }
            }
            Kind::Polynomial { total_iters, power } => {
                if initial || e > *total_iters {
                    lrs.clone()
                } else {
                    let t = *total_iters as f64;
                    scale(((1.0 - ef / t) / (1.0 - (e - 1) as f64 / t)).powf(*power))
                }
            }
            Kind::CosineAnnealing { t_max, eta_min } => {
                let (t, eta) = (*t_max as f64, *eta_min);
                if initial {
                    lrs.clone()
                } else if self.step_count == 1 && e > 0 {
                    base.iter().map(|b| eta + (b - eta) * (1.0 + (ef * PI / t).cos()) / 2.0).collect()
                } else if (e - 1 - *t_max).rem_euclid(2 * *t_max) == 0 {
                    lrs.iter().zip(base).map(|(l, b)| l + (b - eta) * (1.0 - (PI / t).cos()) / 2.0).collect()
                } else {
                    let r = (1.0 + (PI * ef / t).cos()) / (1.0 + (PI * (e - 1) as f64 / t).cos());
                    lrs.iter().map(|l| r * (l - eta) + eta).collect()
                }
            }
            Kind::WarmRestarts { eta_min, t_i, t_cur, .. } => {
                let eta = *eta_min;
                let c = (PI * *t_cur as f64 / *t_i as f64).cos();
                base.iter().map(|b| eta + (b - eta) * (1.0 + c) / 2.0).collect()
            }
            Kind::Lambda { f } => {
                let mut out = Vec::with_capacity(base.len());
                for (g, b) in base.iter().enumerate() {
                    out.push(b * f(e, g)?);
                }
                out
            }
            Kind::Multiplicative { f } => {
                if initial {
                    lrs.clone()
                } else {
                    let mut out = Vec::with_capacity(lrs.len());
                    for (g, l) in lrs.iter().enumerate() {
                        out.push(l * f(e, g)?);
                    }
                    out
                }
            }
            Kind::OneCycle { total_steps, phases, anneal, max_lrs, min_lrs, momenta } => {
                if e > *total_steps {
                    return Err(opt_err(format!(
                        "OneCycleLR: tried to step {e} times; the specified number of total steps is {total_steps}"
                    )));
                }
                let ann = |start: f64, end: f64, pct: f64| match anneal {
                    Anneal::Cos => end + (start - end) / 2.0 * ((PI * pct).cos() + 1.0),
                    Anneal::Linear => (end - start) * pct + start,
                };
                let mut out = Vec::with_capacity(base.len());
                let mut moms = Vec::with_capacity(base.len());
                for g in 0..base.len() {
                    let lr_at = |w: LrAt| match w {
                        LrAt::Initial => base[g],
                        LrAt::Max => max_lrs[g],
                        LrAt::Min => min_lrs[g],
                    };
                    let mut start_step = 0.0;
                    for (i, ph) in phases.iter().enumerate() {
                        if ef <= ph.end_step || i == phases.len() - 1 {
                            let den = ph.end_step - start_step;
                            if den == 0.0 {
                                return Err(opt_err(format!(
                                    "OneCycleLR: phase {i} has zero length at step {e} (pct_start * total_steps gives an empty phase)"
                                )));
                            }
                            let pct = (ef - start_step) / den;
                            out.push(ann(lr_at(ph.start_lr), lr_at(ph.end_lr), pct));
                            if let Some(m) = momenta {
                                let m_at = |w: MomAt| match w {
                                    MomAt::Base => m.base[g],
                                    MomAt::Max => m.max[g],
                                };
                                moms.push(ann(m_at(ph.start_m), m_at(ph.end_m), pct));
                            }
                            break;
                        }
                        start_step = ph.end_step;
                    }
                }
                if momenta.is_some() {
                    self.momentum = Some(moms);
                }
                out
            }
            Kind::Cyclic { max_lrs, total_size, step_ratio, mode, gamma, momenta } => {
                let cycle = (1.0 + ef / *total_size).floor();
                let x = 1.0 + ef / *total_size - cycle;
                let sf = if x <= *step_ratio { x / *step_ratio } else { (x - 1.0) / (*step_ratio - 1.0) };
                let s = match mode {
                    CyclicMode::Triangular => 1.0,
                    CyclicMode::Triangular2 => 1.0 / 2.0f64.powf(cycle - 1.0),
                    CyclicMode::ExpRange => gamma.powf(ef),
                };
                let out = base.iter().zip(max_lrs.iter()).map(|(b, m)| b + (m - b) * sf * s).collect();
                if let Some(m) = momenta {
                    self.momentum = Some(m.base.iter().zip(&m.max).map(|(b, mx)| mx - (mx - b) * sf * s).collect());
                }
                out
            }
            Kind::Sequential { .. } | Kind::Chained { .. } | Kind::Plateau(_) => {
                return Err(Error::new(TF_Code::TF_UNIMPLEMENTED, format!("{name}: has no get_lr (as in torch)")))
            }
        })
    }

    fn warm_restarts_step(&mut self) -> Result<()> {
        let Kind::WarmRestarts { t_0, t_mult, t_i, t_cur, .. } = &mut self.kind else { unreachable!() };
        let (epoch, new_cur, new_i) = if self.last_epoch < 0 {
            (0, 0, *t_0)
        } else {
            let mut c = *t_cur + 1;
            let mut i = *t_i;
            if c >= i {
                c %= i;
                i = i.checked_mul(*t_mult).ok_or_else(|| {
                    opt_err(format!("CosineAnnealingWarmRestarts: the period T_i = {i} * T_mult overflows"))
                })?;
            }
            (self.last_epoch + 1, c, i)
        };
        *t_cur = new_cur;
        *t_i = new_i;
        self.last_epoch = epoch;
        self.lrs = self.get_lr()?;
        self.last_lr = self.lrs.clone();
        Ok(())
    }

    fn children(&self) -> &[Shared] {
        match &self.kind {
            Kind::Sequential { children, .. } | Kind::Chained { children } => children,
            _ => &[],
        }
    }

    /// torch's `recursive_undo` for one child of a SequentialLR.
    fn undo_epoch(&mut self) -> Result<()> {
        if matches!(self.kind, Kind::Sequential { .. } | Kind::Chained { .. }) {
            for c in self.children() {
                try_lock(c)?.undo_epoch()?;
            }
        } else {
            self.last_epoch -= 1;
        }
        Ok(())
    }

    /// Runs `f` on child `idx` over this scheduler's lrs, and takes the child's lrs, last lrs
    /// and momenta back.
    fn run_child(&mut self, idx: usize, f: impl FnOnce(&mut Scheduler) -> Result<()>) -> Result<()> {
        let child = self.children()[idx].clone();
        let mut c = try_lock(&child)?;
        c.lrs = self.lrs.clone();
        f(&mut c)?;
        self.lrs = c.lrs.clone();
        self.last_lr = c.last_lr.clone();
        if let Some(m) = &c.momentum {
            self.momentum = Some(m.clone());
        }
        Ok(())
    }

    fn sequential_step(&mut self) -> Result<()> {
        self.last_epoch += 1;
        let e = self.last_epoch;
        let Kind::Sequential { milestones, .. } = &self.kind else { unreachable!() };
        let idx = milestones.partition_point(|&m| m <= e);
        let at_milestone = idx > 0 && milestones[idx - 1] == e;
        self.run_child(idx, |c| {
            if at_milestone {
                if matches!(c.kind, Kind::Sequential { .. } | Kind::Chained { .. }) {
                    return Err(Error::new(
                        TF_Code::TF_UNIMPLEMENTED,
                        format!("SequentialLR: cannot restart a nested {} at a milestone (torch raises NotImplementedError)", c.name()),
                    ));
                }
                c.update_lr(Some(0))
            } else {
                c.step_inner(None)
            }
        })
    }

    fn chained_step(&mut self) -> Result<()> {
        for i in 0..self.children().len() {
            self.run_child(i, |c| c.step_inner(None))?;
        }
        self.last_lr = self.lrs.clone();
        self.last_epoch += 1;
        Ok(())
    }

    fn plateau_step(&mut self, current: f64) -> Result<()> {
        let Kind::Plateau(p) = &mut self.kind else { unreachable!() };
        self.last_epoch += 1;
        if p.is_better(current, p.best) {
            p.best = current;
            p.num_bad_epochs = 0;
        } else {
            p.num_bad_epochs += 1;
        }
        if p.cooldown_counter > 0 {
            p.cooldown_counter -= 1;
            p.num_bad_epochs = 0;
        }
        if p.num_bad_epochs > p.patience {
            for (i, lr) in self.lrs.iter_mut().enumerate() {
                let old = *lr;
                let reduced = old * p.factor;
                let new = if p.min_lrs[i] > reduced { p.min_lrs[i] } else { reduced };
                if old - new > p.eps {
                    *lr = new;
                }
            }
            p.cooldown_counter = p.cooldown;
            p.num_bad_epochs = 0;
        }
        self.last_lr = self.lrs.clone();
        Ok(())
    }

    // -- state export and import ------------------------------------------------------------

    /// The state as flat values (see `capi::lr_scheduler` for the layout): everything a step
    /// reads or writes, none of the hyperparameters.
    pub fn export_state(&self) -> Result<Vec<f64>> {
        let mut out = vec![
            kind_code(&self.kind) as f64,
            self.num_groups() as f64,
            self.last_epoch as f64,
            self.step_count as f64,
            if self.momentum.is_some() { 1.0 } else { 0.0 },
        ];
        out.extend(&self.base_lrs);
        out.extend(&self.lrs);
        out.extend(&self.last_lr);
        if let Some(m) = &self.momentum {
            out.extend(m);
        }
        match &self.kind {
            Kind::WarmRestarts { t_i, t_cur, .. } => out.extend([*t_i as f64, *t_cur as f64]),
            Kind::Plateau(p) => out.extend([p.best, p.num_bad_epochs as f64, p.cooldown_counter as f64]),
            Kind::Sequential { children, .. } | Kind::Chained { children } => {
                out.push(children.len() as f64);
                for c in children {
                    let s = try_lock(c)?.export_state()?;
                    out.push(s.len() as f64);
                    out.extend(s);
                }
            }
            _ => {}
        }
        Ok(out)
    }

    /// Loads a state from `export_state` of a scheduler of the same kind and group count. The
    /// whole state is checked before anything changes.
    pub fn import_state(&mut self, data: &[f64]) -> Result<()> {
        let used = self.load_state(data, false)?;
        if used != data.len() {
            return Err(Error::invalid(format!(
                "{}: the state has {} values, expected {used}",
                self.name(),
                data.len()
            )));
        }
        self.load_state(data, true)?;
        Ok(())
    }

    /// Checks (`apply` false) or loads (`apply` true) a state; returns the count of values used.
    fn load_state(&mut self, data: &[f64], apply: bool) -> Result<usize> {
        let name = self.name();
        let n = self.num_groups();
        let short = || Error::invalid(format!("{name}: the state is too short ({} values)", data.len()));
        let int_at = |i: usize, what: &str| -> Result<i64> {
            let v = *data.get(i).ok_or_else(short)?;
            if v.fract() != 0.0 || v.abs() > 9.007_199_254_740_992e15 {
                return Err(Error::invalid(format!("{name}: state value {what} is {v}, not an integer")));
            }
            Ok(v as i64)
        };
        if int_at(0, "kind")? != kind_code(&self.kind) {
            return Err(Error::invalid(format!("{name}: the state is of scheduler kind {} , not {name}'s", data[0])));
        }
        if int_at(1, "num_groups")? != n as i64 {
            return Err(Error::invalid(format!(
                "{name}: the state has {} parameter groups, the scheduler {n}",
                data[1]
            )));
        }
        let last_epoch = int_at(2, "last_epoch")?;
        let step_count = int_at(3, "step_count")?;
        let has_m = int_at(4, "has_momentum")?;
        if !(0..=1).contains(&has_m) {
            return Err(Error::invalid(format!("{name}: state value has_momentum is {has_m}, not 0 or 1")));
        }
        let mut at = 5;
        let mut take = |k: usize| -> Result<Vec<f64>> {
            let v = data.get(at..at + k).ok_or_else(short)?.to_vec();
            at += k;
            Ok(v)
        };
        let base_lrs = take(n)?;
        let lrs = take(n)?;
        let last_lr = take(n)?;
        let momentum = if has_m == 1 { Some(take(n)?) } else { None };
        for (what, v) in [("base_lrs", &base_lrs), ("lrs", &lrs), ("last_lr", &last_lr)] {
            if let Some(x) = v.iter().find(|x| !x.is_finite()) {
                return Err(Error::invalid(format!("{name}: state {what} holds {x}, not finite")));
            }
        }
        match &mut self.kind {
            Kind::WarmRestarts { t_i, t_cur, .. } => {
                let (ti, tc) = (int_at(at, "T_i")?, int_at(at + 1, "T_cur")?);
                if ti < 1 {
                    return Err(Error::invalid(format!("{name}: state value T_i is {ti}, not >= 1")));
                }
                at += 2;
                if apply {
                    (*t_i, *t_cur) = (ti, tc);
                }
            }
            Kind::Plateau(p) => {
                let best = *data.get(at).ok_or_else(short)?;
                let (nb, cc) = (int_at(at + 1, "num_bad_epochs")?, int_at(at + 2, "cooldown_counter")?);
                at += 3;
                if apply {
                    (p.best, p.num_bad_epochs, p.cooldown_counter) = (best, nb, cc);
                }
            }
            Kind::Sequential { children, .. } | Kind::Chained { children } => {
                let k = int_at(at, "num_children")?;
                if k != children.len() as i64 {
                    return Err(Error::invalid(format!(
                        "{name}: the state has {k} children, the scheduler {}",
                        children.len()
                    )));
                }
                at += 1;
                for c in children.iter() {
                    let len = int_at(at, "child state length")?;
                    let start = at + 1;
                    let end = usize::try_from(len).ok().and_then(|l| start.checked_add(l)).filter(|&e| e <= data.len());
                    let end = end.ok_or_else(short)?;
                    let mut c = try_lock(c)?;
                    let used = c.load_state(&data[start..end], apply)?;
                    if used != end - start {
                        return Err(Error::invalid(format!(
                            "{name}: a child's state has {} values, expected {used}",
                            end - start
                        )));
                    }
                    at = end;
                }
            }
            _ => {}
        }
        if apply {
            self.last_epoch = last_epoch;
            self.step_count = step_count;
            self.base_lrs = base_lrs;
            self.lrs = lrs;
            self.last_lr = last_lr;
            self.momentum = momentum;
        }
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &mut Scheduler, steps: usize) -> Vec<f64> {
        let mut out = vec![s.last_lr()[0]];
        for _ in 0..steps {
            s.step(None).unwrap();
            out.push(s.last_lr()[0]);
        }
        out
    }

    #[test]
    fn step_lr_decays_every_step_size() {
        let mut s = Scheduler::step_lr(vec![1.0], None, 2, 0.5, -1).unwrap();
        assert_eq!(run(&mut s, 5), vec![1.0, 1.0, 0.5, 0.5, 0.25, 0.25]);
        assert_eq!(s.last_epoch(), 5);
    }

    #[test]
    fn one_cycle_starts_at_max_over_div_and_fails_past_total() {
        let mut s = Scheduler::one_cycle_lr(vec![1.0], 10, 0.3, Anneal::Cos, None, 25.0, 1e4, false, -1).unwrap();
        assert!((s.last_lr()[0] - 1.0 / 25.0).abs() < 1e-15);
        let seq = run(&mut s, 10);
        assert!((seq[2] - 1.0).abs() < 1e-15, "peak at step pct_start*total-1 = 2: {seq:?}");
        assert!((seq[9] - 1.0 / 25.0 / 1e4).abs() < 1e-18);
        let before = s.export_state().unwrap();
        let e = s.step(None).unwrap_err();
        assert_eq!(e.code, TF_Code::TF_OPTIMIZER_ERROR);
        assert_eq!(s.export_state().unwrap(), before, "a failed step changes nothing");
    }

    #[test]
    fn state_round_trip_continues_identically() {
        let mut a = Scheduler::cosine_annealing_warm_restarts(vec![0.5, 0.1], 3, 2, 0.01, -1).unwrap();
        run(&mut a, 7);
        let mut b = Scheduler::cosine_annealing_warm_restarts(vec![0.5, 0.1], 3, 2, 0.01, -1).unwrap();
        b.import_state(&a.export_state().unwrap()).unwrap();
        assert_eq!(run(&mut a, 20), run(&mut b, 20));
    }

    #[test]
    fn plateau_reduces_after_patience() {
        let mut s = Scheduler::reduce_lr_on_plateau(
            vec![1.0],
            PlateauMode::Min,
            0.5,
            1,
            1e-4,
            ThresholdMode::Rel,
            0,
            vec![0.0],
            1e-8,
        )
        .unwrap();
        for m in [1.0, 1.0, 1.0] {
            s.step(Some(m)).unwrap();
        }
        assert_eq!(s.last_lr(), &[0.5]);
    }
}
