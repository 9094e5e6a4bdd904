//! The backward pass: dependency counts by an iterative depth-first walk, then nodes run in an
//! order where each runs once all gradients flowing into it are summed (Kahn's algorithm). No
//! recursion anywhere, so a chain of any length fits (dropping a long graph is iterative too, see
//! `Drop for Node`).

use super::{gradient_error, ops, AutogradMeta, GradMode, Node};
use crate::error::{fmt_shape, Result};
use crate::tensor::Tensor;
use std::collections::HashMap;
use std::sync::Arc;

fn key(n: &Arc<Node>) -> usize {
    Arc::as_ptr(n) as usize
}

/// A gradient stored as `.grad` must not alias a tensor the caller holds or be a broadcast view.
fn owned(g: Tensor) -> Result<Tensor> {
    let exclusive = Arc::strong_count(&g.storage) == 1
        && g.is_contiguous()
        && g.layout.offset == 0
        && g.numel() == g.storage.len();
    if exclusive {
        Ok(g)
    } else {
        g.contiguous_copy()
    }
}

struct Run<'a> {
    create_graph: bool,
    /// `autograd.grad` mode: gradients of these metas are returned, `.grad` is left untouched.
    capture: Option<&'a [Arc<AutogradMeta>]>,
    captured: Vec<Option<Tensor>>,
    pending: HashMap<usize, (Arc<Node>, Option<Tensor>)>,
}

fn accumulate(old: Option<Tensor>, g: Tensor) -> Result<Tensor> {
    match old {
        None => Ok(g),
        Some(o) => ops::add(&o, &g),
    }
}

impl Run<'_> {
    /// Hands gradient `g` to the tensor whose meta is `m`.
    fn deliver(&mut self, m: &Arc<AutogradMeta>, g: Tensor) -> Result<()> {
        if let Some(targets) = self.capture {
            for (i, t) in targets.iter().enumerate() {
                if Arc::ptr_eq(t, m) {
                    self.captured[i] = Some(accumulate(self.captured[i].take(), g.clone())?);
                }
            }
        }
        let store = self.capture.is_none() && (m.is_leaf() || m.retains_grad());
        // A leaf's gradient is moved into `.grad`, not shared: `owned` then keeps its buffer
        // instead of copying it (a weight's gradient is the largest tensor of a training step).
        let g = match &m.grad_fn {
            Some(n) => {
                let keep = store.then(|| g.clone());
                let entry = self.pending.entry(key(n)).or_insert_with(|| (n.clone(), None));
                entry.1 = Some(accumulate(entry.1.take(), g)?);
                match keep {
                    Some(k) => k,
                    None => return Ok(()),
                }
            }
            None => g,
        };
        if store {
            let mut slot = m.grad.lock().unwrap_or_else(|e| e.into_inner());
            let g = if self.create_graph { g } else { Tensor { autograd: None, ..g } };
            *slot = Some(match slot.take() {
                None if self.create_graph => g,
                None => owned(g)?,
                Some(old) => accumulate(Some(old), g)?,
            });
        }
        Ok(())
    }
}

/// Backpropagates `grads[i]` from `outputs[i]`. With `capture`, returns the gradients of those
/// tensors (None where no gradient reached) instead of accumulating into `.grad`.
pub fn run_backward(
    outputs: &[Tensor],
    grads: &[Option<Tensor>],
    retain_graph: bool,
    create_graph: bool,
    capture: Option<&[Arc<AutogradMeta>]>,
) -> Result<Vec<Option<Tensor>>> {
    let mut roots = Vec::with_capacity(outputs.len());
    for (i, (t, g)) in outputs.iter().zip(grads).enumerate() {
        let meta = t.autograd.clone().ok_or_else(|| {
            gradient_error(format!("output {i} does not require grad and has no grad_fn: nothing to differentiate"))
        })?;
        let g = match g {
            Some(g) => {
                if g.shape() != t.shape() {
                    return Err(gradient_error(format!(
                        "gradient of shape {} does not match output {i} of shape {}",
                        fmt_shape(g.shape()),
                        fmt_shape(t.shape())
                    )));
                }
                let g = if create_graph { g.clone() } else { g.detach() };
                ops::cast(&g, t.dtype())?
            }
            None => {
                if t.numel() != 1 {
                    return Err(gradient_error(format!(
                        "a gradient can be implied only for a single-element output; output {i} has \
                         shape {}: pass the gradient explicitly",
                        fmt_shape(t.shape())
                    )));
                }
                crate::kernels::creation::full(t.dtype(), t.shape(), 1.0)?
            }
        };
        roots.push((meta, g));
    }
    let _mode = GradMode::new(create_graph);

    // Dependency counts: how many edges point at each node reachable from the roots.
    let mut deps: HashMap<usize, usize> = HashMap::new();
    let mut stack: Vec<Arc<Node>> = Vec::new();
    for (m, _) in &roots {
        if let Some(n) = &m.grad_fn {
            if let std::collections::hash_map::Entry::Vacant(e) = deps.entry(key(n)) {
                e.insert(0);
                stack.push(n.clone());
            }
        }
    }
    while let Some(n) = stack.pop() {
        for m in n.inputs.iter().flatten() {
            if let Some(c) = &m.grad_fn {
                match deps.entry(key(c)) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(1);
                        stack.push(c.clone());
                    }
                    std::collections::hash_map::Entry::Occupied(mut e) => *e.get_mut() += 1,
                }
            }
        }
    }

    let mut run = Run {
        create_graph,
        capture,
        captured: vec![None; capture.map_or(0, |c| c.len())],
        pending: HashMap::new(),
    };
    let mut ready: Vec<Arc<Node>> = Vec::new();
    for (m, g) in roots {
        run.deliver(&m, g)?;
        if let Some(n) = &m.grad_fn {
            if deps.get(&key(n)) == Some(&0) && !ready.iter().any(|r| Arc::ptr_eq(r, n)) {
                ready.push(n.clone());
            }
        }
    }
    while let Some(node) = ready.pop() {
        let g = run.pending.remove(&key(&node)).and_then(|(_, g)| g);
        match g {
            Some(g) => {
                let outs = node.apply(&g, retain_graph, create_graph)?;
                for (i, (m, go)) in node.inputs.iter().zip(outs).enumerate() {
                    if let (Some(m), Some(go)) = (m, go) {
                        let go = node.fix_grad(i, go)?;
                        run.deliver(m, go)?;
                    }
                }
            }
            None if !retain_graph => node.release(),
            None => {}
        }
        for m in node.inputs.iter().flatten() {
            if let Some(c) = &m.grad_fn {
                let d = deps.get_mut(&key(c)).expect("counted");
                *d -= 1;
                if *d == 0 {
                    ready.push(c.clone());
                }
            }
        }
    }
    Ok(run.captured)
}
