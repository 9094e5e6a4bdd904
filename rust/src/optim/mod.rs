//! Optimizers: parameter groups with their own hyperparameters, per-parameter state kept here in
//! the core, and a step that updates every parameter in one fused pass (`kernels::optim`).
//! PyTorch's semantics: parameters without a gradient are skipped (their state and step count do
//! not move), state is created on a parameter's first step, and the update rules are
//! `torch.optim`'s.

pub mod algorithm;
pub mod clip;
pub mod lr_scheduler;

use crate::autograd::{AutogradMeta, GradMode};
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result, TF_Code};
use crate::kernels::optim::{self as kern, Job, Real};
use crate::tensor::Tensor;
use algorithm::{Algorithm, Hypers, H};
use std::sync::Arc;

fn opt_err(msg: String) -> Error {
    Error::new(TF_Code::TF_OPTIMIZER_ERROR, msg)
}

/// One parameter and its state.
struct Slot {
    param: Tensor,
    /// Completed steps (PyTorch's `state['step']`).
    step: u64,
    /// NAdam's running product of momentum coefficients (1 before the first step).
    mu_product: f64,
    /// The algorithm's buffers (`Algorithm::buffer_keys`), contiguous, of the parameter's dtype
    /// and shape; None until first used.
    bufs: [Option<Tensor>; 3],
}

pub struct Group {
    pub hypers: Hypers,
    slots: Vec<Slot>,
}

pub struct Optimizer {
    pub algorithm: Algorithm,
    /// The hyperparameters a new group starts from: PyTorch's defaults overridden by the
    /// constructor's (PyTorch's `optimizer.defaults`).
    pub defaults: Hypers,
    groups: Vec<Group>,
}

fn meta_of(t: &Tensor) -> Option<&Arc<AutogradMeta>> {
    t.autograd.as_ref()
}

impl Optimizer {
    /// An optimizer over one group of `params`, with the algorithm's defaults overridden by
    /// `overrides` (name, value). Errors: unknown names, bad values, and the parameter errors of
    /// `add_group`.
    pub fn new(algorithm: Algorithm, params: &[&Tensor], overrides: &[(&str, f64)]) -> Result<Optimizer> {
        let mut defaults = algorithm.defaults();
        apply_overrides(algorithm, &mut defaults, overrides, 0)?;
        let mut opt = Optimizer { algorithm, defaults, groups: Vec::new() };
        opt.add_group(params, &[])?;
        Ok(opt)
    }

    /// Adds a group of `params` whose hyperparameters are the defaults overridden by `overrides`.
    /// Every parameter must be a floating-point leaf that requires grad, appear once, and not be
    /// in another group (TF_OPTIMIZER_ERROR; a non-float dtype is TF_DTYPE_ERROR). On error
    /// nothing is added.
    pub fn add_group(&mut self, params: &[&Tensor], overrides: &[(&str, f64)]) -> Result<()> {
        let gi = self.groups.len();
        let name = self.algorithm.name();
        let mut hypers = self.defaults.clone();
        apply_overrides(self.algorithm, &mut hypers, overrides, gi)?;
        let mut seen: Vec<*const AutogradMeta> = self.slots().filter_map(|s| meta_of(&s.param).map(Arc::as_ptr)).collect();
        for (i, p) in params.iter().enumerate() {
            let Some(meta) = meta_of(p) else {
                return Err(opt_err(format!(
                    "{name} group {gi}: parameter {i} does not require grad (call requires_grad_() on it, or leave it out)"
                )));
            };
            if !meta.is_leaf() {
                return Err(opt_err(format!(
                    "{name} group {gi}: parameter {i} is not a leaf (it is the result of an operation); optimize the tensor it was computed from"
                )));
            }
            if !matches!(p.dtype(), DType::F32 | DType::F64) {
                return Err(Error::dtype(format!(
                    "{name} group {gi}: parameter {i} is {}; optimizers update float32 and float64 parameters",
                    p.dtype().name()
                )));
            }
            if let Some(d) = (0..p.ndim()).find(|&d| p.strides()[d] == 0 && p.shape()[d] > 1) {
                return Err(Error::invalid(format!(
                    "{name} group {gi}: parameter {i} is a broadcast view (stride 0 at dim {d}) and cannot be updated in place"
                )));
            }
            let ptr = Arc::as_ptr(meta);
            if seen.contains(&ptr) {
                return Err(opt_err(format!(
                    "{name} group {gi}: parameter {i} appears more than once (in this group or an earlier one)"
                )));
            }
            seen.push(ptr);
            let mut others = self.slots().map(|s| &s.param).chain(params[..i].iter().copied());
            if let Some(j) = others.position(|q| Arc::ptr_eq(&q.storage, &p.storage) && overlaps(q, p)) {
                return Err(opt_err(format!(
                    "{name} group {gi}: parameter {i} shares memory with parameter {j} (overlapping views of one storage cannot be updated independently)"
                )));
            }
        }
        let mut slots = Vec::with_capacity(params.len());
        for p in params {
            let mut slot = Slot { param: (*p).clone(), step: 0, mu_product: 1.0, bufs: [None, None, None] };
            // PyTorch's Adagrad creates its state with the optimizer, so a fresh state dict
            // already holds it.
            if self.algorithm == Algorithm::Adagrad {
                slot.bufs[0] = Some(full_like(p, self.algorithm.buffer_init(&hypers))?);
            }
            slots.push(slot);
        }
        self.groups.push(Group { hypers, slots });
        Ok(())
    }

    fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.groups.iter().flat_map(|g| g.slots.iter())
    }

    pub fn num_groups(&self) -> usize {
        self.groups.len()
    }

    pub fn num_params(&self) -> usize {
        self.groups.iter().map(|g| g.slots.len()).sum()
    }

    pub fn group_len(&self, group: usize) -> Result<usize> {
        Ok(self.group(group)?.slots.len())
    }

    fn group(&self, group: usize) -> Result<&Group> {
        self.groups.get(group).ok_or_else(|| {
            Error::invalid(format!("group {group} is out of range ({} has {} groups)", self.algorithm.name(), self.groups.len()))
        })
    }

    pub fn get_hyper(&self, group: usize, name: &str) -> Result<f64> {
        let h = self.algorithm.hyper(name)?;
        Ok(self.group(group)?.hypers.get(h))
    }

    /// Sets one hyperparameter of one group (checked alone and with the group's others; on error
    /// the group is unchanged).
    pub fn set_hyper(&mut self, group: usize, name: &str, value: f64) -> Result<()> {
        let algo = self.algorithm;
        let h = algo.hyper(name)?;
        algo.check_value(h, value, group)?;
        let g = self.group(group)?;
        let mut hy = g.hypers.clone();
        hy.0[h as usize] = value;
        algo.check_group(&hy, group)?;
        self.groups[group].hypers = hy;
        Ok(())
    }

    /// Writes a scheduler's learning rates, one per group, and its momenta when it cycles them
    /// (into `beta1` for the Adam family and Lion, `momentum` for SGD and RMSprop), checking every
    /// value before writing any. A count other than the number of groups is TF_INVALID_ARGUMENT;
    /// momenta for an algorithm with neither hyperparameter are TF_OPTIMIZER_ERROR.
    pub fn apply_schedule(&mut self, lrs: &[f64], momenta: Option<&[f64]>) -> Result<()> {
        let algo = self.algorithm;
        let n = self.groups.len();
        if lrs.len() != n || momenta.is_some_and(|m| m.len() != n) {
            return Err(Error::invalid(format!(
                "the scheduler has {} groups but the {} optimizer has {n}",
                lrs.len(),
                algo.name()
            )));
        }
        let mom_h = match momenta {
            None => None,
            Some(_) => Some(algo.hyper("beta1").or_else(|_| algo.hyper("momentum")).map_err(|_| {
                opt_err(format!("the scheduler cycles momentum but {} has neither beta1 nor momentum", algo.name()))
            })?),
        };
        let mut updated = Vec::with_capacity(n);
        for (gi, g) in self.groups.iter().enumerate() {
            let mut hy = g.hypers.clone();
            algo.check_value(H::Lr, lrs[gi], gi)?;
            hy.0[H::Lr as usize] = lrs[gi];
            if let (Some(h), Some(m)) = (mom_h, momenta) {
                algo.check_value(h, m[gi], gi)?;
                hy.0[h as usize] = m[gi];
            }
            algo.check_group(&hy, gi)?;
            updated.push(hy);
        }
        for (g, hy) in self.groups.iter_mut().zip(updated) {
            g.hypers = hy;
        }
        Ok(())
    }

    /// The parameter with the global index `index` (groups in order, then parameters in order:
    /// PyTorch's state-dict numbering).
    fn slot_mut(&mut self, index: usize) -> Result<(&mut Slot, &Hypers)> {
        let n = self.num_params();
        let mut k = index;
        for g in &mut self.groups {
            if k < g.slots.len() {
                return Ok((&mut g.slots[k], &g.hypers));
            }
            k -= g.slots.len();
        }
        Err(Error::invalid(format!("parameter index {index} is out of range ({} has {n} parameters)", self.algorithm.name())))
    }

    /// A copy of the state entry `key` of parameter `index`, None when the parameter has none yet
    /// (no step taken, or a buffer its settings have not used). Scalar entries (`step`,
    /// `mu_product`) are 0-d float64 tensors.
    pub fn get_state(&mut self, index: usize, key: &str) -> Result<Option<Tensor>> {
        let algo = self.algorithm;
        let (slot, _) = self.slot_mut(index)?;
        if let Some(k) = algo.buffer_keys().iter().position(|b| b.to_bytes() == key.as_bytes()) {
            return slot.bufs[k].as_ref().map(|b| b.contiguous_copy()).transpose();
        }
        if algo.scalar_keys().iter().any(|b| b.to_bytes() == key.as_bytes()) {
            if slot.step == 0 {
                return Ok(None);
            }
            let v = if key == "step" { slot.step as f64 } else { slot.mu_product };
            return Ok(Some(Tensor::build::<f64>(&[], |o| o[0] = v)?));
        }
        Err(unknown_key(algo, key))
    }

    /// Replaces the state entry `key` of parameter `index` with a copy of `value`. A buffer must
    /// have the parameter's shape and dtype (else TF_OPTIMIZER_ERROR naming both); `step` is a
    /// non-negative whole number, `mu_product` a finite number, as 0-d or one-element tensors.
    pub fn set_state(&mut self, index: usize, key: &str, value: &Tensor) -> Result<()> {
        let algo = self.algorithm;
        let name = algo.name();
        let (slot, _) = self.slot_mut(index)?;
        if let Some(k) = algo.buffer_keys().iter().position(|b| b.to_bytes() == key.as_bytes()) {
            let p = &slot.param;
            if value.dtype() != p.dtype() || value.shape() != p.shape() {
                return Err(opt_err(format!(
                    "{name}: state {key:?} of parameter {index} must be {} of shape {} like the parameter, got {} of shape {}",
                    p.dtype().name(),
                    fmt_shape(p.shape()),
                    value.dtype().name(),
                    fmt_shape(value.shape())
                )));
            }
            slot.bufs[k] = Some(value.detach().contiguous_copy()?);
            return Ok(());
        }
        if !algo.scalar_keys().iter().any(|b| b.to_bytes() == key.as_bytes()) {
            return Err(unknown_key(algo, key));
        }
        if value.numel() != 1 {
            return Err(opt_err(format!(
                "{name}: state {key:?} of parameter {index} is a scalar, got a tensor of shape {}",
                fmt_shape(value.shape())
            )));
        }
        let v = value.cast(DType::F64)?.to_vec::<f64>()[0];
        if key == "step" {
            if !(v >= 0.0 && v.fract() == 0.0 && v < 9.007_199_254_740_992e15) {
                return Err(opt_err(format!("{name}: step of parameter {index} must be a whole number >= 0, got {v}")));
            }
            slot.step = v as u64;
        } else {
            if !v.is_finite() {
                return Err(opt_err(format!("{name}: mu_product of parameter {index} must be finite, got {v}")));
            }
            slot.mu_product = v;
        }
        Ok(())
    }

    /// Clears every parameter's gradient: to none, or (`set_to_none` false) to zeros in place
    /// (written into the gradient's own storage, so a tensor the caller holds sees it).
    pub fn zero_grad(&self, set_to_none: bool) -> Result<()> {
        for s in self.slots() {
            let Some(meta) = meta_of(&s.param) else { continue };
            if set_to_none {
                meta.set_grad(None);
            } else if let Some(g) = meta.grad() {
                let zero = Tensor::zeros(g.dtype(), &[])?;
                crate::kernels::index::assign(&g, &zero)?;
                g.storage.bump_version();
            }
        }
        Ok(())
    }

    /// One step over every parameter that has a gradient. Everything is checked (gradient shapes,
    /// state shapes and dtypes, finiteness where a group asked) and every missing buffer
    /// allocated before any parameter is written, so on error no parameter or state has changed.
    pub fn step(&mut self) -> Result<()> {
        let _mode = GradMode::new(false);
        let algo = self.algorithm;
        let name = algo.name();
        // The prepared gradient (contiguous, of the parameter's dtype) and the parameter's
        // contiguous working copy when it is not contiguous itself, per updated slot.
        struct Prepared {
            gi: usize,
            si: usize,
            grad: Tensor,
            work: Option<Tensor>,
            new_bufs: [Option<Tensor>; 3],
        }
        let mut prepared: Vec<Prepared> = Vec::new();
        let param_storages: std::collections::HashSet<*const crate::storage::Storage> =
            self.slots().map(|s| Arc::as_ptr(&s.param.storage)).collect();
        let mut index = 0usize;
        for (gi, g) in self.groups.iter().enumerate() {
            let used = algo.buffers_used(&g.hypers);
            let check_finite = g.hypers.get(H::ErrorIfNonfinite) == 1.0;
            for (si, s) in g.slots.iter().enumerate() {
                let at = index;
                index += 1;
                let p = &s.param;
                let Some(grad) = meta_of(p).and_then(|m| m.grad()) else { continue };
                if grad.shape() != p.shape() {
                    return Err(opt_err(format!(
                        "{name} group {gi}: parameter {at} of shape {} has a gradient of shape {}",
                        fmt_shape(p.shape()),
                        fmt_shape(grad.shape())
                    )));
                }
                let grad = if grad.dtype() == p.dtype() { grad.contiguous()? } else { grad.cast(p.dtype())?.contiguous()? };
                // A gradient sharing any parameter's storage would be read while that
                // parameter is written: give the kernel a private copy.
                let grad = if param_storages.contains(&Arc::as_ptr(&grad.storage)) { grad.contiguous_copy()? } else { grad };
                if check_finite && !finite(&grad) {
                    return Err(opt_err(format!(
                        "{name} group {gi}: the gradient of parameter {at} (shape {}) holds a NaN or an infinity",
                        fmt_shape(p.shape())
                    )));
                }
                let mut new_bufs = [None, None, None];
                for (k, key) in algo.buffer_keys().iter().enumerate() {
                    let key = key.to_string_lossy();
                    match &s.bufs[k] {
                        Some(b) if b.dtype() != p.dtype() || b.shape() != p.shape() => {
                            return Err(opt_err(format!(
                                "{name} group {gi}: parameter {at} is {} of shape {} but its state {key:?} is {} of shape {}",
                                p.dtype().name(),
                                fmt_shape(p.shape()),
                                b.dtype().name(),
                                fmt_shape(b.shape())
                            )))
                        }
                        None if used[k] => new_bufs[k] = Some(full_like(p, algo.buffer_init(&g.hypers))?),
                        _ => {}
                    }
                }
                let work = if p.is_contiguous() { None } else { Some(p.contiguous_copy()?) };
                prepared.push(Prepared { gi, si, grad, work, new_bufs });
            }
        }
        // Nothing below fails: build the jobs, run them, then write back and count the steps.
        let mut jobs32: Vec<Job<f32>> = Vec::new();
        let mut jobs64: Vec<Job<f64>> = Vec::new();
        for pr in &mut prepared {
            let g = &mut self.groups[pr.gi];
            let s = &mut g.slots[pr.si];
            let first = s.bufs[0].is_none() && pr.new_bufs[0].is_some();
            for k in 0..3 {
                if let Some(b) = pr.new_bufs[k].take() {
                    s.bufs[k] = Some(b);
                }
            }
            let update = algo.update(&g.hypers, s.step + 1, s.mu_product, first);
            let target = pr.work.as_ref().unwrap_or(&s.param);
            match target.dtype() {
                DType::F32 => jobs32.push(job::<f32>(update, target, &pr.grad, &s.bufs)),
                _ => jobs64.push(job::<f64>(update, target, &pr.grad, &s.bufs)),
            }
        }
        // SAFETY: every pointer addresses the contiguous elements of a checked tensor of the
        // job's length and dtype; parameters are distinct leaves (checked at add_group) and
        // buffers are owned by their slot; gradients were copied where they shared a
        // parameter's storage. Tensors are values in the core, so nothing else writes them.
        unsafe {
            kern::run(&jobs32);
            kern::run(&jobs64);
        }
        for pr in &prepared {
            let g = &mut self.groups[pr.gi];
            let s = &mut g.slots[pr.si];
            if let Some(w) = &pr.work {
                crate::kernels::index::assign(&s.param, w)?;
            }
            s.param.storage.bump_version();
            s.step += 1;
            s.mu_product = algo.next_mu_product(&g.hypers, s.step, s.mu_product);
        }
        Ok(())
    }
}

fn job<F: Real + crate::dtype::Element>(update: kern::Update, p: &Tensor, g: &Tensor, bufs: &[Option<Tensor>; 3]) -> Job<F> {
    let ptr = |t: &Tensor| unsafe { (t.storage.as_ptr() as *mut F).add(t.layout.offset) };
    let mut b = [std::ptr::null_mut(); 3];
    for (k, t) in bufs.iter().enumerate() {
        if let Some(t) = t {
            b[k] = ptr(t);
        }
    }
    Job { update, n: p.numel(), param: ptr(p), grad: ptr(g) as *const F, bufs: b }
}

/// Whether the storage elements two views reach (their offset ranges) intersect.
fn overlaps(a: &Tensor, b: &Tensor) -> bool {
    fn range(t: &Tensor) -> (isize, isize) {
        let (mut lo, mut hi) = (t.layout.offset as isize, t.layout.offset as isize);
        if t.numel() == 0 {
            return (lo, lo - 1);
        }
        for (&n, &s) in t.shape().iter().zip(t.strides()) {
            let reach = (n as isize - 1) * s;
            if reach < 0 {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        (lo, hi)
    }
    let ((a0, a1), (b0, b1)) = (range(a), range(b));
    a0 <= b1 && b0 <= a1
}

fn finite(t: &Tensor) -> bool {
    match t.dtype() {
        DType::F32 => kern::all_finite(t.contiguous_slice::<f32>()),
        _ => kern::all_finite(t.contiguous_slice::<f64>()),
    }
}

/// A new contiguous tensor of `p`'s dtype and shape filled with `v`.
fn full_like(p: &Tensor, v: f64) -> Result<Tensor> {
    let t = Tensor::zeros(p.dtype(), p.shape())?;
    if v != 0.0 {
        let s = Tensor::build::<f64>(&[], |o| o[0] = v)?;
        crate::kernels::index::assign(&t, &s)?;
    }
    Ok(t)
}

fn unknown_key(algo: Algorithm, key: &str) -> Error {
    let keys: Vec<String> = algo.state_keys().iter().map(|k| k.to_string_lossy().into_owned()).collect();
    opt_err(format!("{} has no state entry {key:?} (it has: {})", algo.name(), keys.join(", ")))
}

fn apply_overrides(algo: Algorithm, hy: &mut Hypers, overrides: &[(&str, f64)], group: usize) -> Result<()> {
    let mut out = hy.clone();
    for &(name, v) in overrides {
        let h = algo.hyper(name)?;
        algo.check_value(h, v, group)?;
        out.0[h as usize] = v;
    }
    algo.check_group(&out, group)?;
    *hy = out;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autograd::set_requires_grad;

    fn leaf(v: &[f32]) -> Tensor {
        let mut t = Tensor::build::<f32>(&[v.len()], |o| o.copy_from_slice(v)).unwrap();
        set_requires_grad(&mut t, true).unwrap();
        t
    }

    fn set_grad(p: &Tensor, v: &[f32]) {
        let g = Tensor::build::<f32>(&[v.len()], |o| o.copy_from_slice(v)).unwrap();
        p.autograd.as_ref().unwrap().set_grad(Some(g));
    }

    #[test]
    fn adam_first_step_moves_each_element_by_lr() {
        let p = leaf(&[1.0, -1.0, 0.5]);
        set_grad(&p, &[3.0, -0.2, 0.0]);
        let mut o = Optimizer::new(Algorithm::Adam, &[&p], &[("lr", 0.1)]).unwrap();
        o.step().unwrap();
        let v = p.to_vec::<f32>();
        assert!((v[0] - 0.9).abs() < 1e-6 && (v[1] + 0.9).abs() < 1e-6 && v[2] == 0.5, "{v:?}");
        assert_eq!(o.get_state(0, "step").unwrap().unwrap().to_vec::<f64>(), [1.0]);
    }

    #[test]
    fn parameters_without_a_gradient_are_skipped() {
        let (a, b) = (leaf(&[1.0]), leaf(&[1.0]));
        set_grad(&a, &[1.0]);
        let mut o = Optimizer::new(Algorithm::Sgd, &[&a, &b], &[("lr", 0.5), ("momentum", 0.9)]).unwrap();
        o.step().unwrap();
        assert_eq!(a.to_vec::<f32>(), [0.5]);
        assert_eq!(b.to_vec::<f32>(), [1.0]);
        assert!(o.get_state(1, "momentum_buffer").unwrap().is_none());
    }

    #[test]
    fn duplicates_and_non_grad_parameters_are_refused() {
        let a = leaf(&[1.0]);
        let e = Optimizer::new(Algorithm::Sgd, &[&a, &a], &[]).err().unwrap();
        assert_eq!(e.code, TF_Code::TF_OPTIMIZER_ERROR);
        let plain = Tensor::zeros(DType::F32, &[2]).unwrap();
        assert!(Optimizer::new(Algorithm::Sgd, &[&plain], &[]).is_err());
        let mut o = Optimizer::new(Algorithm::Sgd, &[&a], &[]).unwrap();
        assert!(o.add_group(&[&a], &[]).is_err());
        assert_eq!(o.num_groups(), 1);
    }

    #[test]
    fn a_nonfinite_gradient_fails_before_anything_is_written_when_asked() {
        let (a, b) = (leaf(&[1.0]), leaf(&[1.0]));
        set_grad(&a, &[1.0]);
        set_grad(&b, &[f32::NAN]);
        let mut o = Optimizer::new(Algorithm::Adam, &[&a, &b], &[("error_if_nonfinite", 1.0)]).unwrap();
        let e = o.step().unwrap_err();
        assert!(e.message.contains("parameter 1"), "{}", e.message);
        assert_eq!(a.to_vec::<f32>(), [1.0]);
        assert!(o.get_state(0, "exp_avg").unwrap().is_none());
    }
}
