//! The optimizers' fused update passes: one loop per algorithm over a parameter, its gradient and
//! its state buffers, in the parameter's dtype (f32 or f64), with each step's scalar coefficients
//! (bias corrections, step sizes) computed once in f64 by the caller (`crate::optim`). Each loop
//! does the same operations in the same order as PyTorch's single-tensor implementation
//! (`torch/optim/*.py`, `_single_tensor_*`), so the two agree to rounding; no loop allocates.
//!
//! A step over many parameters is one job on the thread team: every parameter is cut into
//! `CHUNK`-element pieces and the pieces of all parameters are the team's tasks, so a model of many
//! small tensors wakes the team once per step, not once per tensor.

use crate::runtime::threads::{run_tasks, SendPtr, PARALLEL_MIN};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Elements per task: large enough to amortise a task, small enough to balance two threads on
/// one large parameter.
const CHUNK: usize = 1 << 15;

/// The element types the optimizers update.
pub trait Real:
    Copy
    + Send
    + Sync
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + 'static
{
    fn of(v: f64) -> Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    /// -1, 0 or 1 (0 for zeros, NaN for NaN), as torch.sign; not Rust's `signum`, which gives
    /// 1 for +0.
    fn sign(self) -> Self;
    /// The larger, NaN when either is NaN (torch.maximum propagates NaN).
    fn max_nan(self, o: Self) -> Self;
    fn is_finite(self) -> bool;
}

macro_rules! real {
    ($t:ty) => {
        impl Real for $t {
            #[inline(always)]
            fn of(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn sign(self) -> Self {
                if self > 0.0 {
                    1.0
                } else if self < 0.0 {
                    -1.0
                } else {
                    self * 0.0 // 0 stays 0, NaN stays NaN
                }
            }
            #[inline(always)]
            fn max_nan(self, o: Self) -> Self {
                if self.is_nan() || o.is_nan() {
                    <$t>::NAN
                } else if self > o {
                    self
                } else {
                    o
                }
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
        }
    };
}
real!(f32);
real!(f64);

/// torch.lerp's formula (`weight < 0.5` picks the form that is exact at weight 0).
#[inline(always)]
fn lerp<F: Real>(a: F, b: F, w: F, w_small: bool, one_minus_w: F) -> F {
    if w_small {
        a + w * (b - a)
    } else {
        b - (b - a) * one_minus_w
    }
}

/// The gradient as the update sees it: negated under `maximize`, plus `wd * p` for coupled
/// (L2) weight decay.
#[inline(always)]
fn grad_of<F: Real>(g: F, p: F, maximize: bool, wd: F, coupled: bool) -> F {
    let g = if maximize { -g } else { g };
    if coupled {
        g + p * wd
    } else {
        g
    }
}

/// One step of one parameter, every coefficient already computed for this step. Fields named as
/// PyTorch's hyperparameters; `coupled_wd` is nonzero weight decay added to the gradient,
/// `decay` is the decoupled factor `1 - lr * weight_decay` (1 when there is none).
#[derive(Clone, Copy, Debug)]
pub enum Update {
    /// State: [momentum_buffer] when momentum != 0 (`first`: the buffer is new, it takes the
    /// gradient as is).
    Sgd { lr: f64, wd: f64, momentum: f64, dampening: f64, nesterov: bool, maximize: bool, first: bool },
    /// State: [exp_avg, exp_avg_sq] (+ [max_exp_avg_sq] with amsgrad).
    Adam { beta1: f64, beta2: f64, eps: f64, wd: f64, decay: f64, step_size: f64, bc2_sqrt: f64, amsgrad: bool, maximize: bool },
    /// State: [exp_avg, exp_inf].
    Adamax { beta1: f64, beta2: f64, eps: f64, wd: f64, clr: f64, maximize: bool },
    /// State: [exp_avg, exp_avg_sq]. `c_grad`, `c_avg`: the two addcdiv values.
    NAdam { beta1: f64, beta2: f64, eps: f64, wd: f64, decay: f64, bc2: f64, c_grad: f64, c_avg: f64, maximize: bool },
    /// State: [exp_avg, exp_avg_sq]. `rect`: None while rho_t <= 5 (the unadapted step).
    RAdam { beta1: f64, beta2: f64, eps: f64, wd: f64, decay: f64, lr: f64, bc1: f64, bc2_sqrt: f64, rect: Option<f64>, maximize: bool },
    /// State: [square_avg, momentum_buffer (when momentum > 0), grad_avg (when centered)], each
    /// at its own position whether or not the others are used.
    RmsProp { lr: f64, alpha: f64, eps: f64, wd: f64, momentum: f64, centered: bool, maximize: bool },
    /// State: [sum].
    Adagrad { clr: f64, eps: f64, wd: f64, maximize: bool },
    /// State: [square_avg, acc_delta].
    Adadelta { lr: f64, rho: f64, eps: f64, wd: f64, maximize: bool },
    /// State: [exp_avg]. Sign update with decoupled decay (Chen et al. 2023, Algorithm 2).
    Lion { lr: f64, beta1: f64, beta2: f64, decay: f64, maximize: bool },
}

/// One parameter's update: `n` elements of the parameter, its gradient and `bufs` state buffers
/// (as many as its `Update` documents), all contiguous and of the dtype `F`.
pub struct Job<F> {
    pub update: Update,
    pub n: usize,
    pub param: *mut F,
    pub grad: *const F,
    pub bufs: [*mut F; 3],
}

// SAFETY: a job is handed to the team's tasks, each of which touches a disjoint piece of it
// (see `run`).
unsafe impl<F: Send> Send for Job<F> {}
unsafe impl<F: Sync> Sync for Job<F> {}

/// Runs every job, each over its whole length, on the team.
///
/// # Safety
/// Each job's pointers address `n` valid elements; no two jobs' parameters or buffers overlap,
/// and nothing else reads or writes them during the call (gradients may be shared read-only).
pub unsafe fn run<F: Real>(jobs: &[Job<F>]) {
    let total: usize = jobs.iter().map(|j| j.n).sum();
    // Task t -> (job, first element): pieces of CHUNK elements, each job starting a new piece.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for (i, j) in jobs.iter().enumerate() {
        let mut s = 0;
        while s < j.n {
            pieces.push((i, s));
            s += CHUNK;
        }
    }
    let jobs_ptr = SendPtr(jobs.as_ptr() as *mut Job<F>);
    let work = |t: usize| {
        let (i, start) = pieces[t];
        // SAFETY: the caller's contract; each piece is a disjoint range of one job.
        let j = &*jobs_ptr.get().add(i);
        let len = CHUNK.min(j.n - start);
        piece(j, start, len);
    };
    if total < PARALLEL_MIN {
        (0..pieces.len()).for_each(work);
    } else {
        run_tasks(pieces.len(), &work);
    }
}

/// Builds the slices of elements `start..start + len` of one job and runs its loop.
unsafe fn piece<F: Real>(j: &Job<F>, start: usize, len: usize) {
    let p = std::slice::from_raw_parts_mut(j.param.add(start), len);
    let g = std::slice::from_raw_parts(j.grad.add(start), len);
    let buf = |k: usize| std::slice::from_raw_parts_mut(j.bufs[k].add(start), len);
    match j.update {
        Update::Sgd { momentum, .. } if momentum == 0.0 => sgd(&j.update, p, g, None),
        Update::Sgd { .. } => sgd(&j.update, p, g, Some(buf(0))),
        Update::Adam { amsgrad, .. } => adam(&j.update, p, g, buf(0), buf(1), if amsgrad { Some(buf(2)) } else { None }),
        Update::Adamax { .. } => adamax(&j.update, p, g, buf(0), buf(1)),
        Update::NAdam { .. } => nadam(&j.update, p, g, buf(0), buf(1)),
        Update::RAdam { .. } => radam(&j.update, p, g, buf(0), buf(1)),
        Update::RmsProp { momentum, centered, .. } => {
            let mom = if momentum > 0.0 { Some(buf(1)) } else { None };
            let avg = if centered { Some(buf(2)) } else { None };
            rmsprop(&j.update, p, g, buf(0), mom, avg)
        }
        Update::Adagrad { .. } => adagrad(&j.update, p, g, buf(0)),
        Update::Adadelta { .. } => adadelta(&j.update, p, g, buf(0), buf(1)),
        Update::Lion { .. } => lion(&j.update, p, g, buf(0)),
    }
}

fn sgd<F: Real>(u: &Update, p: &mut [F], g: &[F], buf: Option<&mut [F]>) {
    let Update::Sgd { lr, wd, momentum, dampening, nesterov, maximize, first } = *u else { unreachable!() };
    let (lr, wdf, coupled) = (F::of(lr), F::of(wd), wd != 0.0);
    match buf {
        None => {
            for (p, &g) in p.iter_mut().zip(g) {
                let d = grad_of(g, *p, maximize, wdf, coupled);
                *p = *p + d * -lr;
            }
        }
        Some(b) => {
            let (m, keep) = (F::of(momentum), F::of(1.0 - dampening));
            for ((p, &g), b) in p.iter_mut().zip(g).zip(b.iter_mut()) {
                let d = grad_of(g, *p, maximize, wdf, coupled);
                *b = if first { d } else { *b * m + d * keep };
                let step = if nesterov { d + *b * m } else { *b };
                *p = *p + step * -lr;
            }
        }
    }
}

fn adam<F: Real>(u: &Update, p: &mut [F], g: &[F], m: &mut [F], v: &mut [F], vmax: Option<&mut [F]>) {
    let Update::Adam { beta1, beta2, eps, wd, decay, step_size, bc2_sqrt, maximize, .. } = *u else { unreachable!() };
    let (w1, w1_small, w1c) = (F::of(1.0 - beta1), 1.0 - beta1 < 0.5, F::of(beta1));
    let (b2, c2, eps, wdf, coupled) = (F::of(beta2), F::of(1.0 - beta2), F::of(eps), F::of(wd), wd != 0.0 && decay == 1.0);
    let (decay, decays, bc2s, neg_step) = (F::of(decay), decay != 1.0, F::of(bc2_sqrt), F::of(-step_size));
    let each = |p: &mut F, g: F, m: &mut F, v: &mut F, vmax: Option<&mut F>| {
        if decays {
            *p = *p * decay;
        }
        let d = grad_of(g, *p, maximize, wdf, coupled);
        *m = lerp(*m, d, w1, w1_small, w1c);
        *v = *v * b2 + c2 * d * d;
        let s = match vmax {
            Some(x) => {
                *x = x.max_nan(*v);
                *x
            }
            None => *v,
        };
        let denom = s.sqrt() / bc2s + eps;
        *p = *p + neg_step * *m / denom;
    };
    match vmax {
        None => {
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                each(p, g, m, v, None)
            }
        }
        Some(x) => {
            for ((((p, &g), m), v), x) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()).zip(x.iter_mut()) {
                each(p, g, m, v, Some(x))
            }
        }
    }
}

fn adamax<F: Real>(u: &Update, p: &mut [F], g: &[F], m: &mut [F], inf: &mut [F]) {
    let Update::Adamax { beta1, beta2, eps, wd, clr, maximize } = *u else { unreachable!() };
    let (w1, w1_small, w1c) = (F::of(1.0 - beta1), 1.0 - beta1 < 0.5, F::of(beta1));
    let (b2, eps, wdf, coupled, neg_clr) = (F::of(beta2), F::of(eps), F::of(wd), wd != 0.0, F::of(-clr));
    for (((p, &g), m), u) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(inf.iter_mut()) {
        let d = grad_of(g, *p, maximize, wdf, coupled);
        *m = lerp(*m, d, w1, w1_small, w1c);
        *u = (*u * b2).max_nan(d.abs() + eps);
        *p = *p + neg_clr * *m / *u;
    }
}

fn nadam<F: Real>(u: &Update, p: &mut [F], g: &[F], m: &mut [F], v: &mut [F]) {
    let Update::NAdam { beta1, beta2, eps, wd, decay, bc2, c_grad, c_avg, maximize } = *u else { unreachable!() };
    let (w1, w1_small, w1c) = (F::of(1.0 - beta1), 1.0 - beta1 < 0.5, F::of(beta1));
    let (b2, c2, eps, wdf, coupled) = (F::of(beta2), F::of(1.0 - beta2), F::of(eps), F::of(wd), wd != 0.0 && decay == 1.0);
    let (decay, decays, bc2, cg, ca) = (F::of(decay), decay != 1.0, F::of(bc2), F::of(c_grad), F::of(c_avg));
    for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
        if decays {
            *p = *p * decay;
        }
        let d = grad_of(g, *p, maximize, wdf, coupled);
        *m = lerp(*m, d, w1, w1_small, w1c);
        *v = *v * b2 + c2 * d * d;
        let denom = (*v / bc2).sqrt() + eps;
        *p = *p + cg * d / denom;
        *p = *p + ca * *m / denom;
    }
}

fn radam<F: Real>(u: &Update, p: &mut [F], g: &[F], m: &mut [F], v: &mut [F]) {
    let Update::RAdam { beta1, beta2, eps, wd, decay, lr, bc1, bc2_sqrt, rect, maximize } = *u else { unreachable!() };
    let (w1, w1_small, w1c) = (F::of(1.0 - beta1), 1.0 - beta1 < 0.5, F::of(beta1));
    let (b2, c2, eps, wdf, coupled) = (F::of(beta2), F::of(1.0 - beta2), F::of(eps), F::of(wd), wd != 0.0 && decay == 1.0);
    let (decay, decays, lr, bc1, bc2s) = (F::of(decay), decay != 1.0, F::of(lr), F::of(bc1), F::of(bc2_sqrt));
    let rect_f = F::of(rect.unwrap_or(1.0));
    for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
        if decays {
            *p = *p * decay;
        }
        let d = grad_of(g, *p, maximize, wdf, coupled);
        *m = lerp(*m, d, w1, w1_small, w1c);
        *v = *v * b2 + c2 * d * d;
        let corrected = *m / bc1;
        let step = if rect.is_some() {
            let adaptive = bc2s / (v.sqrt() + eps);
            corrected * lr * adaptive * rect_f
        } else {
            corrected * lr
        };
        *p = *p - step;
    }
}

fn rmsprop<F: Real>(u: &Update, p: &mut [F], g: &[F], sq: &mut [F], mut mom: Option<&mut [F]>, mut avg: Option<&mut [F]>) {
    let Update::RmsProp { lr, alpha, eps, wd, momentum, maximize, .. } = *u else { unreachable!() };
    let (a, c, w, w_small, wc) = (F::of(alpha), F::of(1.0 - alpha), F::of(1.0 - alpha), 1.0 - alpha < 0.5, F::of(alpha));
    let (eps, wdf, coupled, neg_lr, mm) = (F::of(eps), F::of(wd), wd != 0.0, F::of(-lr), F::of(momentum));
    for i in 0..p.len() {
        let d = grad_of(g[i], p[i], maximize, wdf, coupled);
        sq[i] = sq[i] * a + c * d * d;
        let root = match avg.as_deref_mut() {
            Some(ga) => {
                ga[i] = lerp(ga[i], d, w, w_small, wc);
                (sq[i] + -(ga[i] * ga[i])).sqrt()
            }
            None => sq[i].sqrt(),
        };
        let den = root + eps;
        match mom.as_deref_mut() {
            Some(b) => {
                b[i] = b[i] * mm + d / den;
                p[i] = p[i] + b[i] * neg_lr;
            }
            None => p[i] = p[i] + neg_lr * d / den,
        }
    }
}

fn adagrad<F: Real>(u: &Update, p: &mut [F], g: &[F], sum: &mut [F]) {
    let Update::Adagrad { clr, eps, wd, maximize } = *u else { unreachable!() };
    let (eps, wdf, coupled, neg_clr) = (F::of(eps), F::of(wd), wd != 0.0, F::of(-clr));
    for ((p, &g), s) in p.iter_mut().zip(g).zip(sum.iter_mut()) {
        let d = grad_of(g, *p, maximize, wdf, coupled);
        *s = *s + d * d;
        *p = *p + neg_clr * d / (s.sqrt() + eps);
    }
}

fn adadelta<F: Real>(u: &Update, p: &mut [F], g: &[F], sq: &mut [F], acc: &mut [F]) {
    let Update::Adadelta { lr, rho, eps, wd, maximize } = *u else { unreachable!() };
    let (r, c, eps, wdf, coupled, neg_lr) = (F::of(rho), F::of(1.0 - rho), F::of(eps), F::of(wd), wd != 0.0, F::of(-lr));
    for (((p, &g), s), a) in p.iter_mut().zip(g).zip(sq.iter_mut()).zip(acc.iter_mut()) {
        let d = grad_of(g, *p, maximize, wdf, coupled);
        *s = *s * r + c * d * d;
        let std = (*s + eps).sqrt();
        let delta = (*a + eps).sqrt() / std * d;
        *a = *a * r + c * delta * delta;
        *p = *p + delta * neg_lr;
    }
}

fn lion<F: Real>(u: &Update, p: &mut [F], g: &[F], m: &mut [F]) {
    let Update::Lion { lr, beta1, beta2, decay, maximize } = *u else { unreachable!() };
    let (b1, c1, b2, c2) = (F::of(beta1), F::of(1.0 - beta1), F::of(beta2), F::of(1.0 - beta2));
    let (decay, decays, neg_lr) = (F::of(decay), decay != 1.0, F::of(-lr));
    for ((p, &g), m) in p.iter_mut().zip(g).zip(m.iter_mut()) {
        let d = if maximize { -g } else { g };
        if decays {
            *p = *p * decay;
        }
        let c = *m * b1 + d * c1;
        *p = *p + c.sign() * neg_lr;
        *m = *m * b2 + d * c2;
    }
}

/// Whether every element is finite (the optimizers' `error_if_nonfinite` check, and the
/// clipping's).
pub fn all_finite<F: Real>(xs: &[F]) -> bool {
    xs.iter().all(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_one(update: Update, p: &mut [f64], g: &[f64], bufs: &mut [Vec<f64>]) {
        let mut ptrs = [std::ptr::null_mut(); 3];
        for (k, b) in bufs.iter_mut().enumerate() {
            ptrs[k] = b.as_mut_ptr();
        }
        let job = Job { update, n: p.len(), param: p.as_mut_ptr(), grad: g.as_ptr(), bufs: ptrs };
        unsafe { run(&[job]) };
    }

    #[test]
    fn sign_is_torch_sign() {
        assert_eq!(Real::sign(0.0f32), 0.0);
        assert_eq!(Real::sign(-0.0f64), 0.0);
        assert_eq!(Real::sign(-3.0f32), -1.0);
        assert!(Real::sign(f64::NAN).is_nan());
    }

    #[test]
    fn plain_sgd_is_p_minus_lr_g() {
        let mut p = vec![1.0, 2.0];
        let u = Update::Sgd { lr: 0.5, wd: 0.0, momentum: 0.0, dampening: 0.0, nesterov: false, maximize: false, first: true };
        run_one(u, &mut p, &[2.0, -2.0], &mut []);
        assert_eq!(p, [0.0, 3.0]);
    }

    #[test]
    fn a_large_parameter_is_split_and_every_element_updated_once() {
        let n = 5 * CHUNK + 17;
        let mut p = vec![1.0; n];
        let g: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let u = Update::Sgd { lr: 1.0, wd: 0.0, momentum: 0.0, dampening: 0.0, nesterov: false, maximize: false, first: true };
        run_one(u, &mut p, &g, &mut []);
        assert!(p.iter().enumerate().all(|(i, &x)| x == 1.0 - i as f64));
    }

    #[test]
    fn lion_moves_by_lr_in_the_sign_of_the_interpolation() {
        let mut p = vec![0.0, 0.0, 0.0];
        let mut bufs = vec![vec![1.0, -1.0, 0.0]];
        let u = Update::Lion { lr: 0.1, beta1: 0.9, beta2: 0.99, decay: 1.0, maximize: false };
        // c = 0.9 m + 0.1 g: 0.9 - 1 < 0, -0.9 + 1 > 0, 0
        run_one(u, &mut p, &[-10.0, 10.0, 0.0], &mut bufs);
        assert_eq!(p, [0.1, -0.1, 0.0]);
        assert!((bufs[0][0] - (0.99 - 0.1)).abs() < 1e-15);
    }
}
