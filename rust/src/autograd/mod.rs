//! Reverse-mode automatic differentiation.
//!
//! A tensor that requires grad carries an `AutogradMeta` (`Tensor::autograd`); tensors that do
//! not carry `None`, so the forward path of plain tensors pays one branch. The differentiable
//! wrappers in `ops` run a kernel and, when grad mode is on and an input requires grad, attach a
//! `Node`: the backward formula, the inputs' metas (the graph's edges) and the tensors saved for
//! backward with the storage version seen when they were saved. `engine::run_backward` walks the
//! graph iteratively (no recursion, so depth is bounded only by memory).
//!
//! Backward formulas are written with the same wrappers, so with `create_graph` the gradient
//! computation is itself recorded and gradients can be differentiated again.

pub mod engine;
pub mod fused;
pub mod ops;

use crate::dtype::DType;
use crate::error::{Code, Error, Result};
use crate::layout::Dims;
use crate::tensor::Tensor;
use std::cell::Cell;
use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

thread_local! {
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// Whether ops record a graph on this thread (on by default).
pub fn grad_enabled() -> bool {
    GRAD_ENABLED.with(|g| g.get())
}

/// Turns recording on or off for this thread; returns the previous setting.
pub fn set_grad_enabled(on: bool) -> bool {
    GRAD_ENABLED.with(|g| g.replace(on))
}

/// Sets grad mode for a scope and restores the previous one on drop.
pub struct GradMode(bool);

impl GradMode {
    pub fn new(on: bool) -> GradMode {
        GradMode(set_grad_enabled(on))
    }
}

impl Drop for GradMode {
    fn drop(&mut self) {
        set_grad_enabled(self.0);
    }
}

pub(crate) fn gradient_error(message: impl Into<String>) -> Error {
    Error::new(Code::Gradient, message)
}

/// The autograd state of a tensor that requires grad. Shared (`Arc`) by every handle to the same
/// tensor value, so a leaf's `.grad` is seen through all of them.
pub struct AutogradMeta {
    /// The accumulated gradient: kept for leaves and for non-leaves with `retains_grad`.
    pub(crate) grad: Mutex<Option<Tensor>>,
    /// The node that produced this tensor; None for a leaf.
    pub(crate) grad_fn: Option<Arc<Node>>,
    pub(crate) retains_grad: AtomicBool,
}

impl AutogradMeta {
    pub fn leaf() -> AutogradMeta {
        AutogradMeta { grad: Mutex::new(None), grad_fn: None, retains_grad: AtomicBool::new(false) }
    }

    pub fn non_leaf(node: Arc<Node>) -> AutogradMeta {
        AutogradMeta { grad: Mutex::new(None), grad_fn: Some(node), retains_grad: AtomicBool::new(false) }
    }

    pub fn is_leaf(&self) -> bool {
        self.grad_fn.is_none()
    }

    pub fn retains_grad(&self) -> bool {
        self.retains_grad.load(Ordering::Relaxed)
    }

    pub fn grad(&self) -> Option<Tensor> {
        self.grad.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_grad(&self, g: Option<Tensor>) {
        *self.grad.lock().unwrap_or_else(|e| e.into_inner()) = g;
    }
}

/// A tensor saved for backward, with its storage version at save time. Inputs keep their meta (so
/// formulas run with `create_graph` record against them); the node's own output is saved detached (keeping it with its meta would be a reference cycle) and gets a meta
/// pointing back at the node again when unpacked for `create_graph`.
pub struct Saved {
    tensor: Tensor,
    version: u64,
    is_output: bool,
}

impl Saved {
    fn unpack(&self, node: &Arc<Node>, index: usize, create_graph: bool) -> Result<Tensor> {
        let now = self.tensor.storage.version();
        if now != self.version {
            return Err(gradient_error(format!(
                "one of the tensors needed for gradient computation has been modified by an in-place \
                 operation: tensor {index} saved by {} is at version {now}, expected version {}; \
                 do not write into tensors (setitem, assign) that a graph still needs",
                node.name_str(),
                self.version
            )));
        }
        let mut t = self.tensor.clone();
        if self.is_output && create_graph {
            t.autograd = Some(Arc::new(AutogradMeta::non_leaf(node.clone())));
        }
        Ok(t)
    }
}

/// `(needs_input_grad, saved tensors, output gradient) -> one optional gradient per input`.
pub type BackwardFn = Box<dyn Fn(&[bool], &[Tensor], &Tensor) -> Result<Vec<Option<Tensor>>> + Send + Sync>;

struct NodeState {
    saved: Vec<Saved>,
    backward: BackwardFn,
}

/// One recorded operation.
pub struct Node {
    pub(crate) name: &'static CStr,
    /// The metas of the inputs (None for an input that does not require grad).
    pub(crate) inputs: Vec<Option<Arc<AutogradMeta>>>,
    /// Shape and dtype of each input, to check the gradients the formula returns.
    input_info: Vec<(Dims, DType)>,
    /// The formula and saved tensors; taken (None) once a backward without `retain_graph` ran.
    state: Mutex<Option<NodeState>>,
}

impl Drop for Node {
    /// Frees a long chain iteratively: a recursive drop of 100,000 nested nodes would overflow
    /// the stack. Nodes and metas only reachable from here are unwrapped and their inputs moved to
    /// a work list, so each drop below has nothing left to recurse into.
    fn drop(&mut self) {
        let mut metas: Vec<Arc<AutogradMeta>> = std::mem::take(&mut self.inputs).into_iter().flatten().collect();
        drop(self.state.get_mut().unwrap_or_else(|e| e.into_inner()).take());
        while let Some(m) = metas.pop() {
            if let Ok(mut meta) = Arc::try_unwrap(m) {
                if let Some(n) = meta.grad_fn.take() {
                    if let Ok(mut node) = Arc::try_unwrap(n) {
                        metas.extend(std::mem::take(&mut node.inputs).into_iter().flatten());
                        drop(node.state.get_mut().unwrap_or_else(|e| e.into_inner()).take());
                    }
                }
            }
        }
    }
}

impl Node {
    pub fn name_str(&self) -> &'static str {
        self.name.to_str().unwrap_or("?")
    }

    /// Runs the backward formula for output gradient `g`; frees the state unless `retain`.
    pub(crate) fn apply(self: &Arc<Node>, g: &Tensor, retain: bool, create_graph: bool) -> Result<Vec<Option<Tensor>>> {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = guard.as_ref().ok_or_else(|| {
            gradient_error(format!(
                "trying to backward through the graph a second time ({} was already freed): pass \
                 retain_graph=True to the first backward if you need to backward twice",
                self.name_str()
            ))
        })?;
        let saved = state
            .saved
            .iter()
            .enumerate()
            .map(|(i, s)| s.unpack(self, i, create_graph))
            .collect::<Result<Vec<_>>>()?;
        let needs: Vec<bool> = self.inputs.iter().map(|m| m.is_some()).collect();
        let out = (state.backward)(&needs, &saved, g)?;
        if !retain {
            *guard = None;
        }
        Ok(out)
    }

    /// `g`, the gradient for input `i`, checked against the input's shape and cast to its dtype.
    pub(crate) fn fix_grad(&self, i: usize, g: Tensor) -> Result<Tensor> {
        let (shape, dt) = &self.input_info[i];
        if g.shape() != &shape[..] {
            return Err(Error::new(
                Code::Internal,
                format!(
                    "backward of {} gave a gradient of shape {} for input {i} of shape {}",
                    self.name_str(),
                    crate::error::fmt_shape(g.shape()),
                    crate::error::fmt_shape(shape)
                ),
            ));
        }
        if g.dtype() != *dt {
            return ops::cast(&g, *dt);
        }
        Ok(g)
    }

    /// Frees the saved tensors without running (a node that got no gradient).
    pub(crate) fn release(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// True when an op on `inputs` must be recorded: grad mode on, an input requires grad and the
/// output is floating point (integer and bool results stop the gradient).
pub(crate) fn should_record(inputs: &[&Tensor], out: &Tensor) -> bool {
    inputs.iter().any(|t| t.autograd.is_some()) && out.dtype().is_float() && grad_enabled()
}

/// Attaches a node to `out`. `saved` are tensors the formula reads (detached, version-checked);
/// `save_out` appends the output itself.
pub(crate) fn record(
    name: &'static CStr,
    inputs: &[&Tensor],
    mut out: Tensor,
    saved: Vec<Tensor>,
    save_out: bool,
    backward: impl Fn(&[bool], &[Tensor], &Tensor) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Tensor {
    let mut saved: Vec<Saved> =
        saved.iter().map(|t| Saved { tensor: t.clone(), version: t.storage.version(), is_output: false }).collect();
    if save_out {
        saved.push(Saved { tensor: out.detach(), version: out.storage.version(), is_output: true });
    }
    let node = Arc::new(Node {
        name,
        inputs: inputs.iter().map(|t| t.autograd.clone()).collect(),
        input_info: inputs.iter().map(|t| (Dims::from_slice(t.shape()), t.dtype())).collect(),
        state: Mutex::new(Some(NodeState { saved, backward: Box::new(backward) })),
    });
    out.autograd = Some(Arc::new(AutogradMeta::non_leaf(node)));
    out
}

/// Sets or clears requires_grad on a tensor value. Only floating-point tensors can require grad;
/// a non-leaf cannot be turned off (detach it instead).
pub fn set_requires_grad(t: &mut Tensor, on: bool) -> Result<()> {
    match (&t.autograd, on) {
        (Some(m), false) if !m.is_leaf() => Err(gradient_error(
            "requires_grad can only be changed on leaf tensors; use detach() to get a tensor without a graph",
        )),
        (Some(_), false) => {
            t.autograd = None;
            Ok(())
        }
        (None, true) => {
            if !t.dtype().is_float() {
                return Err(Error::dtype(format!(
                    "only floating-point tensors can require gradients, got {}",
                    t.dtype().name()
                )));
            }
            t.autograd = Some(Arc::new(AutogradMeta::leaf()));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Refuses an in-place write into `dst` when it would make gradients wrong right away: grad mode
/// is on and `dst` requires grad (a leaf, or a view or result of one). Writes into tensors that a
/// graph merely saved are caught at backward time by the version counters.
pub fn check_inplace(dst: &Tensor) -> Result<()> {
    if let Some(m) = &dst.autograd {
        if grad_enabled() {
            return Err(gradient_error(if m.is_leaf() {
                "a leaf tensor that requires grad cannot be modified in place; wrap the write in \
                 no_grad() (e.g. for a parameter update) or write into a detached copy"
                    .to_string()
            } else {
                format!(
                    "in-place modification of a tensor that requires grad (produced by {}) is not \
                     supported; use out-of-place ops, or no_grad()",
                    m.grad_fn.as_ref().map_or("?", |n| n.name_str())
                )
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::creation;

    fn leaf(v: f64) -> Tensor {
        let mut t = creation::full(crate::dtype::DType::F64, &[2], v).unwrap();
        set_requires_grad(&mut t, true).unwrap();
        t
    }

    #[test]
    fn deep_chain_backward_and_drop_do_not_recurse() {
        let x = leaf(1.0);
        let one = creation::full(crate::dtype::DType::F64, &[], 1.0).unwrap();
        let mut y = x.clone();
        for _ in 0..100_000 {
            y = ops::mul(&y, &one).unwrap();
        }
        let s = ops::sum(&y, None, false).unwrap();
        engine::run_backward(&[s.clone()], &[None], false, false, None).unwrap();
        assert_eq!(x.autograd.as_ref().unwrap().grad().unwrap().to_vec::<f64>(), vec![1.0, 1.0]);
        drop(s);
        drop(y);
    }

    #[test]
    fn grad_mode_guard_restores() {
        assert!(grad_enabled());
        {
            let _g = GradMode::new(false);
            assert!(!grad_enabled());
            let x = leaf(2.0);
            assert!(!ops::mul(&x, &x).unwrap().requires_grad());
        }
        assert!(grad_enabled());
    }
}
