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
mod rules;

use crate::dtype::DType;
use crate::error::{TF_Code, Error, Result};
use crate::layout::Dims;
use crate::op::Op;
use crate::tensor::Tensor;
use std::cell::Cell;
use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};
use crate::storage::Storage;
use std::sync::{Arc, Mutex, Weak};

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
    Error::new(TF_Code::TF_GRADIENT_ERROR, message)
}

/// The autograd state of a tensor that requires grad. Shared (`Arc`) by every handle to the same
/// tensor value, so a leaf's `.grad` is seen through all of them.
pub struct AutogradMeta {
    /// The accumulated gradient: kept for leaves and for non-leaves with `retains_grad`.
    pub(crate) grad: Mutex<Option<Tensor>>,
    /// The node that produced this tensor; None for a leaf.
    pub(crate) grad_fn: Option<Arc<Node>>,
    pub(crate) retains_grad: AtomicBool,
    /// True when the producing op returned a view sharing an input's storage (in-place writes
    /// into such a tensor are refused: see `inplace_records`).
    pub(crate) is_view: bool,
}

impl AutogradMeta {
    pub fn leaf() -> AutogradMeta {
        AutogradMeta { grad: Mutex::new(None), grad_fn: None, retains_grad: AtomicBool::new(false), is_view: false }
    }

    pub fn non_leaf(node: Arc<Node>) -> AutogradMeta {
        AutogradMeta { grad: Mutex::new(None), grad_fn: Some(node), retains_grad: AtomicBool::new(false), is_view: false }
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

/// What backward needs and frees after use: the saved tensors.
struct NodeState {
    saved: Vec<Saved>,
}

/// One recorded operation.
pub struct Node {
    pub(crate) name: &'static CStr,
    /// The op that made the output, as data; its backward rule is found by it. Kept after
    /// backward frees the state, so the graph stays readable.
    pub(crate) op: Op,
    /// The metas of the inputs (None for an input that does not require grad).
    pub(crate) inputs: Vec<Option<Arc<AutogradMeta>>>,
    /// Shape and dtype of each input, to check the gradients the formula returns.
    input_info: Vec<(Dims, DType)>,
    /// The formula and saved tensors; taken (None) once a backward without `retain_graph` ran.
    state: Mutex<Option<NodeState>>,
    /// For a view op: the shared storage (weakly) and its version when the view was made. A
    /// later in-place write into that storage changes the view's value behind the graph's back,
    /// so backward through this node then fails instead of giving a wrong gradient.
    witness: Option<(Weak<Storage>, u64)>,
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
        if let Some((w, v)) = &self.witness {
            if let Some(st) = w.upgrade() {
                let now = st.version();
                if now != *v {
                    return Err(gradient_error(format!(
                        "the view made by {} shares storage that was modified by an in-place operation \
                         (version {now}, expected {v}) after the view was taken; take views after the \
                         in-place write, or write into a copy",
                        self.name_str()
                    )));
                }
            }
        }
        let saved = state
            .saved
            .iter()
            .enumerate()
            .map(|(i, s)| s.unpack(self, i, create_graph))
            .collect::<Result<Vec<_>>>()?;
        let needs: Vec<bool> = self.inputs.iter().map(|m| m.is_some()).collect();
        let shapes: Vec<&[usize]> = self.input_info.iter().map(|(s, _)| &s[..]).collect();
        let dtypes: Vec<DType> = self.input_info.iter().map(|(_, d)| *d).collect();
        let out = rules::backward(&self.op, &needs, &saved, g, &shapes, &dtypes)?;
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
                TF_Code::TF_INTERNAL,
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

/// Attaches a node that records `op` to `out`; its backward is the op's rule. `saved` are the
/// tensors the rule reads (version-checked when backward runs); `save_out` appends the output
/// itself.
pub(crate) fn record_op(op: Op, inputs: &[&Tensor], out: Tensor, saved: Vec<Tensor>, save_out: bool) -> Tensor {
    let view = inputs.iter().any(|t| Arc::ptr_eq(&t.storage, &out.storage));
    record_node(op, inputs, out, saved, save_out, view)
}

/// `record_op` with the view flag given (an in-place write's result shares its input's storage
/// without being a view of it).
fn record_node(op: Op, inputs: &[&Tensor], mut out: Tensor, saved: Vec<Tensor>, save_out: bool, view: bool) -> Tensor {
    let mut saved: Vec<Saved> =
        saved.iter().map(|t| Saved { tensor: t.clone(), version: t.storage.version(), is_output: false }).collect();
    if save_out {
        saved.push(Saved { tensor: out.detach(), version: out.storage.version(), is_output: true });
    }
    let node = Arc::new(Node {
        name: op.grad_fn_name(),
        op,
        inputs: inputs.iter().map(|t| t.autograd.clone()).collect(),
        input_info: inputs.iter().map(|t| (Dims::from_slice(t.shape()), t.dtype())).collect(),
        state: Mutex::new(Some(NodeState { saved })),
        witness: if view { Some((Arc::downgrade(&out.storage), out.storage.version())) } else { None },
    });
    let mut meta = AutogradMeta::non_leaf(node);
    meta.is_view = view;
    out.autograd = Some(Arc::new(meta));
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

/// Refuses a raw in-place write (TF_Assign, TF_IndexAssign) into `dst` when it would make
/// gradients wrong right away: grad mode is on and `dst` requires grad. Writes into tensors that a
/// graph merely saved are caught at backward time by the version counters. The autograd-aware
/// writes (TF_InplaceAssign, TF_SetItem) go through `inplace_records` instead.
pub fn check_inplace(dst: &Tensor) -> Result<()> {
    if let Some(m) = &dst.autograd {
        if grad_enabled() {
            return Err(if m.is_leaf() {
                leaf_inplace_error()
            } else {
                gradient_error(format!(
                    "TF_Assign/TF_IndexAssign write raw values and cannot record the write into a tensor \
                     that requires grad (produced by {}); use TF_InplaceAssign or TF_SetItem, which make \
                     the write part of the graph",
                    m.grad_fn.as_ref().map_or("?", |n| n.name_str())
                ))
            });
        }
    }
    Ok(())
}

fn leaf_inplace_error() -> Error {
    gradient_error(
        "a leaf tensor that requires grad cannot be modified in place; wrap the write in no_grad() \
         (e.g. for a parameter update) or write into a detached copy",
    )
}

/// Decides how an in-place write of `src` into `dst` interacts with autograd, before anything is
/// written. Ok(false): no graph involved (grad mode off, or neither requires grad). Ok(true): the
/// write must be recorded (`rebase_assign` / `rebase_setitem` after writing). Errors
/// (GradientError), as PyTorch: `dst` is a leaf that requires grad; `dst` is a view (its base
/// would not see the new history: write through the base, `base[index] = value`); or a value
/// that requires grad goes into a tensor without history that shares its storage (a view, a base
/// with views, or a tensor a graph saved), which would not see the gradient either.
pub fn inplace_records(dst: &Tensor, src: &Tensor) -> Result<bool> {
    if !grad_enabled() || (dst.autograd.is_none() && src.autograd.is_none()) {
        return Ok(false);
    }
    match &dst.autograd {
        Some(m) if m.is_leaf() => Err(leaf_inplace_error()),
        Some(m) if m.is_view => Err(gradient_error(format!(
            "in-place write into a view (made by {}) of a tensor that requires grad is not supported: the \
             tensor it views would not get the new history; write through the base tensor instead \
             (base[index] = value), or copy the view first (v = v.copy())",
            m.grad_fn.as_ref().map_or("?", |n| n.name_str())
        ))),
        None if Arc::strong_count(&dst.storage) > 1 => Err(gradient_error(
            "cannot write a value that requires grad in place into a tensor that shares its storage \
             with other tensors (a view, the base of a view, or a tensor saved for backward): they \
             would not see the gradient; write into a tensor with its own storage (x.copy()) or use \
             out-of-place ops",
        )),
        _ => Ok(dst.dtype().is_float()),
    }
}

/// After `src` was written over all of `dst` (when `inplace_records` said so): `dst`'s history
/// becomes the write's. The old value gets no gradient (it was overwritten); `src` gets the
/// gradient reduced to its shape. When `src` is an op's own result of `dst`'s shape and dtype
/// (`y += 1` computes `y + 1` first), `dst` simply takes over that history (so its grad_fn is
/// AddBackward, as in PyTorch).
pub fn rebase_assign(dst: &mut Tensor, src: &Tensor) -> Result<()> {
    if let Some(m) = &src.autograd {
        if !m.is_leaf() && !m.is_view && src.shape() == dst.shape() && src.dtype() == dst.dtype() {
            dst.autograd = Some(m.clone());
            return Ok(());
        }
    }
    let old = dst.clone();
    let out = record_node(Op::Assign, &[&old, src], dst.detach(), vec![], false, false);
    dst.autograd = out.autograd;
    Ok(())
}

/// After `src` was written into `dst[items][indices at axes]` (when `inplace_records` said so):
/// `dst`'s history becomes the write's (PyTorch's index_put). The old value gets the gradient
/// outside the written positions; `src` gets the gradient at them, reduced to its shape (with
/// repeated advanced positions every copy gets it, as PyTorch, although the last write won).
pub fn rebase_setitem(dst: &mut Tensor, items: &[crate::kernels::index::IndexItem], indices: &[&Tensor], axes: &[i64], src: &Tensor) -> Result<()> {
    let saved: Vec<Tensor> = indices.iter().map(|t| t.detach()).collect();
    let old = dst.clone();
    let op = Op::SetItem { items: items.to_vec(), axes: axes.to_vec() };
    let out = record_node(op, &[&old, src], dst.detach(), saved, false, false);
    dst.autograd = out.autograd;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::creation;

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
    fn elementwise_nodes_record_their_op_and_backward_by_its_rule() {
        use crate::op::Op;
        use crate::kernels::elementwise::table::{BinaryOp, UnaryOp};
        let x = leaf(3.0);
        let y = ops::mul(&ops::unary(UnaryOp::Sin, &x).unwrap(), &x).unwrap();
        let node = y.autograd.as_ref().unwrap().grad_fn.clone().unwrap();
        assert_eq!(node.op, Op::Binary(BinaryOp::Mul));
        assert_eq!(node.name_str(), "MulBackward");
        // The recorded op runs again on new values.
        let sin3 = crate::kernels::elementwise::unary::unary(UnaryOp::Sin, &x).unwrap();
        assert_eq!(node.op.clone().execute(&[&sin3, &x]).unwrap().to_vec::<f64>(), y.to_vec::<f64>());
        let s = ops::sum(&y, None, false).unwrap();
        engine::run_backward(&[s], &[None], false, false, None).unwrap();
        // d/dx x sin x = sin x + x cos x
        let want = 3.0f64.sin() + 3.0 * 3.0f64.cos();
        for g in x.autograd.as_ref().unwrap().grad().unwrap().to_vec::<f64>() {
            assert!((g - want).abs() < 1e-12, "{g} vs {want}");
        }
    }

    #[test]
    fn reductions_record_their_axes_and_keepdims() {
        use crate::op::{Op, ReduceOp};
        let mut x = creation::full(crate::dtype::DType::F64, &[2, 3], 1.5).unwrap();
        set_requires_grad(&mut x, true).unwrap();
        let y = ops::var(&x, Some(&[-1]), 1.0, true).unwrap();
        let node = y.autograd.as_ref().unwrap().grad_fn.clone().unwrap();
        let want = Op::Reduce { op: ReduceOp::Var, axes: Some(vec![-1]), keepdims: true, correction: 1.0 };
        assert_eq!(node.op, want);
        let again = want.execute(&[&x]).unwrap();
        assert_eq!(again.shape(), &[2, 1]);
        assert_eq!(again.to_vec::<f64>(), y.to_vec::<f64>());
        // Sum's gradient is ones in the input's shape.
        let s = ops::sum(&x, Some(&[0]), false).unwrap();
        engine::run_backward(&[ops::sum(&s, None, false).unwrap()], &[None], false, false, None).unwrap();
        assert_eq!(x.autograd.as_ref().unwrap().grad().unwrap().to_vec::<f64>(), vec![1.0; 6]);
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

#[cfg(test)]
pub(crate) mod replay_tests;
