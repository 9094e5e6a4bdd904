//! Scaled dot-product attention (PyTorch's `scaled_dot_product_attention`), fused: for each
//! (batch, head) block, `S = q k^T * scale` with the `gemm` crate, the mask (bool: True takes
//! part; float: added) or the causal lower triangle applied, a numerically stable softmax over
//! the keys in the dtype's precision (f32 for f32, f64 for f64), dropout on the probabilities
//! from the library's seeded generator, then `P v`. Threaded over the blocks on the team.
//!
//! Shapes: q `(..., L, E)`, k `(..., S, E)`, v `(..., S, Ev)`, the mask broadcastable to
//! `(..., L, S)`; the leading (batch) dims of all four broadcast together. Operands are read
//! through their strides (broadcast dims have stride 0), never copied unless cast.
//!
//! Rows where every key is masked out (a bool mask row of all False, a float mask row of all
//! -inf) give probabilities 0 and an output row of 0, as PyTorch's math backend (its
//! `_safe_softmax`) does; their gradients are 0.
//!
//! The forward returns the probabilities P (before dropout) and, with dropout, the multiplier
//! tensor M (0 for a dropped element, `1 / (1 - p)` for a kept one), which the backward pass
//! needs: [`attention_backward`] computes, per block, `dV = (P M)^T dO`, `dP = (dO V^T) M`,
//! `dS = P (dP - rowsum(dP P))`, `dQ = dS K scale`, `dK = dS^T Q scale` and (for a float mask)
//! `dS` itself, all over the broadcast batch shape (the caller sums them back to the operands').
//!
//! Dropout numbers: one call number of the global generator per forward call (`random::next_key`),
//! block `b` drawing from ChaCha8 stream `b` of it, so the numbers depend on the seed and the call
//! order only, never on the thread count.

use super::super::elementwise::float::Float;
use super::super::elementwise::vecmath::{VOp, VecMath};
use super::super::matmul::Gemm;
use super::conv::config;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{broadcast_shapes, Layout};
use crate::runtime::threads::{run_tasks, SendPtr};
use crate::storage::Storage;
use crate::tensor::Tensor;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The attention's attributes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttnParams {
    /// The factor of `q k^T` (already resolved from the default `1 / sqrt(E)`).
    pub scale: f64,
    /// The upper-left aligned lower triangle: query i sees keys `j <= i`.
    pub causal: bool,
}

/// How the forward applies dropout.
#[derive(Clone, Copy)]
pub enum Dropout<'a> {
    None,
    /// Draw a fresh mask with drop probability p (in [0, 1]).
    Draw(f64),
    /// Use this multiplier tensor (a replay), of the batch-broadcast shape `(..., L, S)`.
    Given(&'a Tensor),
}

/// The forward's results: the output `(..., L, Ev)`, the probabilities P `(..., L, S)` before
/// dropout, and the dropout multiplier M `(..., L, S)` when dropout ran.
pub struct AttnOut {
    pub out: Tensor,
    pub probs: Tensor,
    pub drop: Option<Tensor>,
}

/// The sizes of one attention.
#[derive(Clone, Debug)]
pub struct AttnGeom {
    /// The broadcast batch shape.
    pub batch: Vec<usize>,
    pub l: usize,
    pub s: usize,
    pub e: usize,
    pub ev: usize,
}

impl AttnGeom {
    fn blocks(&self) -> usize {
        self.batch.iter().product()
    }
    /// The full shape `(batch..., a, b)`.
    pub fn full(&self, a: usize, b: usize) -> Vec<usize> {
        let mut v = self.batch.clone();
        v.extend([a, b]);
        v
    }
}

/// The geometry of `attention(q, k, v, mask)` from the shapes, every error named
/// (TF_LAYER_CONFIG_ERROR).
pub fn geometry(q: &[usize], k: &[usize], v: &[usize], mask: Option<&[usize]>) -> Result<AttnGeom> {
    let name = "scaled_dot_product_attention";
    if q.len() < 2 || k.len() < 2 || v.len() < 2 {
        return Err(config(format!(
            "{name}: query, key and value need at least 2 dims (..., L, E), got shapes {}, {} and {}",
            fmt_shape(q),
            fmt_shape(k),
            fmt_shape(v)
        )));
    }
    let (l, e) = (q[q.len() - 2], q[q.len() - 1]);
    let (s, ek) = (k[k.len() - 2], k[k.len() - 1]);
    let (sv, ev) = (v[v.len() - 2], v[v.len() - 1]);
    if ek != e {
        return Err(config(format!(
            "{name}: query of shape {} has embedding size {e}, key of shape {} has {ek}",
            fmt_shape(q),
            fmt_shape(k)
        )));
    }
    if sv != s {
        return Err(config(format!(
            "{name}: key of shape {} has {s} positions, value of shape {} has {sv}",
            fmt_shape(k),
            fmt_shape(v)
        )));
    }
    let lead = |x: &[usize]| x[..x.len() - 2].to_vec();
    let bad = || {
        config(format!(
            "{name}: the batch dims of query {}, key {} and value {} do not broadcast",
            fmt_shape(q),
            fmt_shape(k),
            fmt_shape(v)
        ))
    };
    let batch = broadcast_shapes(&lead(q), &lead(k)).map_err(|_| bad())?;
    let mut batch = broadcast_shapes(&batch, &lead(v)).map_err(|_| bad())?.to_vec();
    if let Some(m) = mask {
        let mut full = batch.clone();
        full.extend([l, s]);
        let both = broadcast_shapes(&full, m).ok().filter(|b| b[b.len() - 2..] == [l, s]);
        let Some(both) = both else {
            return Err(config(format!(
                "{name}: attn_mask of shape {} does not broadcast to the attention weights' shape {} (query {}, key {})",
                fmt_shape(m),
                fmt_shape(&full),
                fmt_shape(q),
                fmt_shape(k)
            )));
        };
        batch = both[..both.len() - 2].to_vec();
    }
    Ok(AttnGeom { batch, l, s, e, ev })
}

/// The float dtype of q, k and v (NumPy promotion), or a DtypeError; a float mask is cast to it.
pub fn compute_dtype(q: &Tensor, k: &Tensor, v: &Tensor, mask: Option<&Tensor>) -> Result<DType> {
    let dt = DType::promote(DType::promote(q.dtype(), k.dtype()), v.dtype());
    if dt != DType::F32 && dt != DType::F64 {
        return Err(Error::dtype(format!(
            "scaled_dot_product_attention: needs float32 or float64 query, key and value, got {}, {} and {}",
            q.dtype().name(),
            k.dtype().name(),
            v.dtype().name()
        )));
    }
    if let Some(m) = mask {
        if m.dtype() != DType::Bool && !m.dtype().is_float() {
            return Err(Error::dtype(format!(
                "scaled_dot_product_attention: attn_mask must be bool or float, got {}",
                m.dtype().name()
            )));
        }
    }
    Ok(dt)
}

/// A strided operand seen as `(batch..., rows, cols)`: its element pointer, the offset of each
/// block, the row and column strides.
struct Strided {
    ptr: *const u8,
    offsets: Vec<isize>,
    rs: isize,
    cs: isize,
}
unsafe impl Sync for Strided {}
unsafe impl Send for Strided {}

impl Strided {
    fn new(t: &Tensor, batch: &[usize], rows: usize, cols: usize) -> Result<Strided> {
        let mut full = batch.to_vec();
        full.extend([rows, cols]);
        let lay: Layout = t.layout().broadcast_to(&full)?;
        let nd = full.len();
        let (rs, cs) = (lay.strides[nd - 2], lay.strides[nd - 1]);
        let nb: usize = batch.iter().product();
        let mut offsets = Vec::with_capacity(nb);
        let mut idx = vec![0usize; batch.len()];
        for _ in 0..nb {
            offsets.push(idx.iter().zip(lay.strides.iter()).map(|(&i, &s)| i as isize * s).sum());
            for d in (0..batch.len()).rev() {
                idx[d] += 1;
                if idx[d] < batch[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        // The pointer to element (0, ..., 0) of the broadcast view (broadcasting keeps the offset).
        let ptr = t.view(lay).data_ptr() as *const u8;
        Ok(Strided { ptr, offsets, rs, cs })
    }
    /// The block's first element.
    fn at<T>(&self, b: usize) -> *const T {
        // SAFETY (of the callers' reads): offsets and strides come from a valid broadcast layout.
        unsafe { (self.ptr as *const T).offset(self.offsets[b]) }
    }
}

/// A new uninitialised contiguous tensor of `shape`, to be written completely.
fn uninit<T: Gemm>(shape: &[usize]) -> Result<Tensor> {
    let n = crate::layout::checked_numel(shape)?;
    Ok(Tensor::from_storage(Storage::uninit(T::DTYPE, n)?, shape))
}

/// Scratch memory for one task.
fn scratch<T: Gemm>(len: usize) -> Result<Storage> {
    Storage::uninit(T::DTYPE, len.max(1))
}

/// The first error any task hit.
struct FirstError(std::sync::Mutex<Option<Error>>);
impl FirstError {
    fn new() -> Self {
        FirstError(std::sync::Mutex::new(None))
    }
    fn set(&self, e: Error) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
    }
    fn take(self) -> Result<()> {
        match self.0.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The mask, cast for reading: bool as u8 (0/1), float as the compute dtype. The tensor keeps
/// the (cast) storage the view points into alive.
#[allow(dead_code)]
enum MaskView {
    None,
    Bool(Strided, Tensor),
    Float(Strided, Tensor),
}

fn mask_view(mask: Option<&Tensor>, dt: DType, g: &AttnGeom) -> Result<MaskView> {
    Ok(match mask {
        None => MaskView::None,
        Some(m) if m.dtype() == DType::Bool => MaskView::Bool(Strided::new(m, &g.batch, g.l, g.s)?, m.clone()),
        Some(m) => {
            let m = m.cast(dt)?;
            MaskView::Float(Strided::new(&m, &g.batch, g.l, g.s)?, m)
        }
    })
}

/// The forward pass (see the module doc). `scale` resolved; `mask` bool or float; `causal` and a
/// mask are exclusive (the caller checks).
pub fn attention(q: &Tensor, k: &Tensor, v: &Tensor, mask: Option<&Tensor>, p: &AttnParams, dropout: Dropout) -> Result<AttnOut> {
    let geo = geometry(q.shape(), k.shape(), v.shape(), mask.map(|m| m.shape()))?;
    let dt = compute_dtype(q, k, v, mask)?;
    if let Dropout::Draw(pr) = dropout {
        if !(0.0..=1.0).contains(&pr) {
            return Err(config(format!("scaled_dot_product_attention: dropout_p must be in [0, 1], got {pr}")));
        }
    }
    if let Dropout::Given(m) = dropout {
        if m.shape() != geo.full(geo.l, geo.s) {
            return Err(Error::shape(format!(
                "scaled_dot_product_attention: dropout multiplier of shape {} does not match the attention weights' shape {}",
                fmt_shape(m.shape()),
                fmt_shape(&geo.full(geo.l, geo.s))
            )));
        }
    }
    let (q, k, v) = (q.cast(dt)?, k.cast(dt)?, v.cast(dt)?);
    let mv = mask_view(mask, dt, &geo)?;
    let given = match dropout {
        Dropout::Given(m) => Some(m.cast(dt)?.contiguous()?),
        _ => None,
    };
    match dt {
        DType::F32 => forward::<f32>(&geo, &q, &k, &v, &mv, p, dropout, given.as_ref()),
        _ => forward::<f64>(&geo, &q, &k, &v, &mv, p, dropout, given.as_ref()),
    }
}

/// One row of scores `row` (already `q k^T`, unscaled) turned into probabilities in place:
/// scaled, masked, softmaxed stably; a row with no key left becomes 0. `tmp` is scratch of the
/// row's length.
#[inline]
fn softmax_row<T: Gemm + Float + VecMath>(row: &mut [T], tmp: &mut [T], scale: T, mask: &MaskView, mrow: *const u8, limit: usize) {
    let n = row.len();
    let neg = T::from_f64(f64::NEG_INFINITY);
    match mask {
        MaskView::None => row.iter_mut().for_each(|x| *x = x.mul(scale)),
        MaskView::Bool(m, _) => {
            let p = mrow;
            for (j, x) in row.iter_mut().enumerate() {
                // SAFETY: the mask view addresses every (i, j) of the block.
                let keep = unsafe { *p.offset(j as isize * m.cs) } != 0;
                *x = if keep { x.mul(scale) } else { neg };
            }
        }
        MaskView::Float(m, _) => {
            let p = mrow as *const T;
            for (j, x) in row.iter_mut().enumerate() {
                *x = x.mul(scale).add(unsafe { *p.offset(j as isize * m.cs) });
            }
        }
    }
    // Causal: keys past `limit` are out (limit = i + 1).
    let live = limit.min(n);
    for x in row[live..].iter_mut() {
        *x = T::zero();
    }
    let head = &mut row[..live];
    let mut mx = neg;
    for &x in head.iter() {
        if x > mx || x.is_nan() {
            mx = x;
        }
    }
    if mx == neg {
        head.iter_mut().for_each(|x| *x = T::zero());
        return;
    }
    let t = &mut tmp[..live];
    for (d, &x) in t.iter_mut().zip(head.iter()) {
        *d = x.sub(mx);
    }
    T::vunary(VOp::Exp, head, t);
    let total = T::vsum(head);
    let inv = T::one().div(total);
    head.iter_mut().for_each(|x| *x = x.mul(inv));
}

#[allow(clippy::too_many_arguments)]
fn forward<T: Gemm + Float + VecMath>(
    g: &AttnGeom,
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: &MaskView,
    p: &AttnParams,
    dropout: Dropout,
    given: Option<&Tensor>,
) -> Result<AttnOut> {
    let (l, s, e, ev) = (g.l, g.s, g.e, g.ev);
    let qs = Strided::new(q, &g.batch, l, e)?;
    let ks = Strided::new(k, &g.batch, s, e)?;
    let vs = Strided::new(v, &g.batch, s, ev)?;
    let out = uninit::<T>(&g.full(l, ev))?;
    let probs = uninit::<T>(&g.full(l, s))?;
    let drop_p = match dropout {
        Dropout::Draw(pr) if pr > 0.0 => Some(pr),
        _ => None,
    };
    let drawn = drop_p.map(|_| uninit::<T>(&g.full(l, s))).transpose()?;
    let key = drop_p.map(|_| crate::kernels::random::next_key());
    let mult: Option<&Tensor> = drawn.as_ref().or(given);
    let (op, pp) = (SendPtr(out.data_ptr() as *mut T), SendPtr(probs.data_ptr() as *mut T));
    let dp = drawn.as_ref().map(|d| SendPtr(d.data_ptr() as *mut T));
    let mp = mult.map(|m| SendPtr(m.data_ptr() as *mut T));
    let scale = T::from_f64(p.scale);
    let err = FirstError::new();
    let ls = l * s;
    run_tasks(g.blocks(), &|b| {
        let mut tmp = match scratch::<T>(s) {
            Ok(t) => t,
            Err(e) => return err.set(e),
        };
        let tmp = tmp.as_mut_slice::<T>();
        // SAFETY: block b alone writes its L x S block of P (and M) and its L x Ev block of out.
        let pb = unsafe { std::slice::from_raw_parts_mut(pp.get().add(b * ls), ls) };
        if e == 0 {
            pb.fill(T::zero());
        } else if ls > 0 {
            unsafe { T::gemm_block(l, e, s, qs.at::<T>(b), qs.rs, qs.cs, ks.at::<T>(b), ks.cs, ks.rs, pb.as_mut_ptr(), s, false) };
        }
        for i in 0..l {
            let mrow = match mask {
                MaskView::None => std::ptr::null(),
                MaskView::Bool(m, _) => unsafe { m.at::<u8>(b).offset(i as isize * m.rs) },
                MaskView::Float(m, _) => unsafe { m.at::<T>(b).offset(i as isize * m.rs) as *const u8 },
            };
            let limit = if p.causal { i + 1 } else { s };
            softmax_row(&mut pb[i * s..(i + 1) * s], tmp, scale, mask, mrow, limit);
        }
        if let (Some(pr), Some(dp), Some(key)) = (drop_p, dp, key) {
            let mb = unsafe { std::slice::from_raw_parts_mut(dp.get().add(b * ls), ls) };
            let mut rng = ChaCha8Rng::seed_from_u64(key);
            rng.set_stream(b as u64);
            let keep = T::from_f64(1.0 / (1.0 - pr));
            for m in mb.iter_mut() {
                let u: f64 = rng.gen();
                *m = if u >= pr { keep } else { T::zero() };
            }
        }
        let ob = unsafe { op.get().add(b * l * ev) };
        if l * ev == 0 {
            return;
        }
        if s == 0 {
            unsafe { std::slice::from_raw_parts_mut(ob, l * ev).fill(T::zero()) };
            return;
        }
        let src: *const T = match mp {
            Some(mp) => {
                let mut pd = match scratch::<T>(ls) {
                    Ok(t) => t,
                    Err(e) => return err.set(e),
                };
                let mb = unsafe { std::slice::from_raw_parts(mp.get().add(b * ls) as *const T, ls) };
                let d = pd.as_mut_slice::<T>();
                for ((d, &x), &m) in d.iter_mut().zip(pb.iter()).zip(mb) {
                    *d = x.mul(m);
                }
                unsafe { T::gemm_block(l, s, ev, d.as_ptr(), s as isize, 1, vs.at::<T>(b), vs.rs, vs.cs, ob, ev, false) };
                return;
            }
            None => pb.as_ptr(),
        };
        unsafe { T::gemm_block(l, s, ev, src, s as isize, 1, vs.at::<T>(b), vs.rs, vs.cs, ob, ev, false) };
    });
    err.take()?;
    Ok(AttnOut { out, probs, drop: drawn })
}

/// The gradients over the batch-broadcast shape, `[dq (..., L, E), dk (..., S, E), dv (..., S,
/// Ev), dmask (..., L, S)]`, each computed when `need` asks; `probs` and `drop` are the
/// forward's, `g` the output gradient `(..., L, Ev)`.
#[allow(clippy::too_many_arguments)]
pub fn attention_backward(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    probs: &Tensor,
    drop: Option<&Tensor>,
    g: &Tensor,
    scale: f64,
    need: [bool; 4],
) -> Result<[Option<Tensor>; 4]> {
    let geo = geometry(q.shape(), k.shape(), v.shape(), Some(probs.shape()))?;
    let dt = compute_dtype(q, k, v, None)?;
    let full = geo.full(geo.l, geo.s);
    if probs.shape() != full || g.shape() != geo.full(geo.l, geo.ev) {
        return Err(Error::shape(format!(
            "scaled_dot_product_attention backward: probabilities {} and gradient {} do not match the attention {}",
            fmt_shape(probs.shape()),
            fmt_shape(g.shape()),
            fmt_shape(&full)
        )));
    }
    let (q, k, v) = (q.cast(dt)?, k.cast(dt)?, v.cast(dt)?);
    let probs = probs.cast(dt)?.contiguous()?;
    let g = g.cast(dt)?.contiguous()?;
    let drop = drop.map(|d| d.cast(dt).and_then(|d| d.contiguous())).transpose()?;
    match dt {
        DType::F32 => backward::<f32>(&geo, &q, &k, &v, &probs, drop.as_ref(), &g, scale, need),
        _ => backward::<f64>(&geo, &q, &k, &v, &probs, drop.as_ref(), &g, scale, need),
    }
}

#[allow(clippy::too_many_arguments)]
fn backward<T: Gemm + Float + VecMath>(
    geo: &AttnGeom,
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    probs: &Tensor,
    drop: Option<&Tensor>,
    g: &Tensor,
    scale: f64,
    need: [bool; 4],
) -> Result<[Option<Tensor>; 4]> {
    let (l, s, e, ev) = (geo.l, geo.s, geo.e, geo.ev);
    let qs = Strided::new(q, &geo.batch, l, e)?;
    let ks = Strided::new(k, &geo.batch, s, e)?;
    let vs = Strided::new(v, &geo.batch, s, ev)?;
    let make = |want: bool, a: usize, c: usize| -> Result<Option<Tensor>> { want.then(|| uninit::<T>(&geo.full(a, c))).transpose() };
    // dS is needed by dq, dk and dmask.
    let want_ds = need[0] || need[1] || need[3];
    let dq = make(need[0], l, e)?;
    let dk = make(need[1], s, e)?;
    let dv = make(need[2], s, ev)?;
    let dm = make(need[3], l, s)?;
    let ptr = |t: &Option<Tensor>| t.as_ref().map(|t| SendPtr(t.data_ptr() as *mut T));
    let (dqp, dkp, dvp, dmp) = (ptr(&dq), ptr(&dk), ptr(&dv), ptr(&dm));
    let ps = probs.contiguous_slice::<T>();
    let ms = drop.map(|d| d.contiguous_slice::<T>());
    let gs = g.contiguous_slice::<T>();
    let sc = T::from_f64(scale);
    let ls = l * s;
    let err = FirstError::new();
    run_tasks(geo.blocks(), &|b| {
        let zero = |p: Option<SendPtr<T>>, n: usize| {
            if let Some(p) = p {
                unsafe { std::slice::from_raw_parts_mut(p.get().add(b * n), n).fill(T::zero()) };
            }
        };
        let pb = &ps[b * ls..(b + 1) * ls];
        let mb = ms.map(|m| &m[b * ls..(b + 1) * ls]);
        let gb = &gs[b * l * ev..(b + 1) * l * ev];
        let mut buf = match scratch::<T>(2 * ls) {
            Ok(t) => t,
            Err(e) => return err.set(e),
        };
        let (pd, ds) = buf.as_mut_slice::<T>().split_at_mut(ls.max(1));
        // Pd = P M.
        let pdp: *const T = match mb {
            Some(mb) => {
                for ((d, &x), &m) in pd.iter_mut().zip(pb).zip(mb) {
                    *d = x.mul(m);
                }
                pd.as_ptr()
            }
            None => pb.as_ptr(),
        };
        if let Some(dvp) = dvp {
            if l == 0 {
                zero(Some(dvp), s * ev);
            } else if s * ev > 0 {
                // dV = Pd^T dO: (S x L) @ (L x Ev).
                unsafe { T::gemm_block(s, l, ev, pdp, 1, s as isize, gb.as_ptr(), ev as isize, 1, dvp.get().add(b * s * ev), ev, false) };
            }
        }
        if !want_ds {
            return;
        }
        // dP = dO V^T: (L x Ev) @ (Ev x S).
        let ds = &mut ds[..ls];
        if ev == 0 {
            ds.fill(T::zero());
        } else if ls > 0 {
            unsafe { T::gemm_block(l, ev, s, gb.as_ptr(), ev as isize, 1, vs.at::<T>(b), vs.cs, vs.rs, ds.as_mut_ptr(), s, false) };
        }
        if let Some(mb) = mb {
            for (d, &m) in ds.iter_mut().zip(mb) {
                *d = d.mul(m);
            }
        }
        // dS = P (dP - rowsum(dP P)).
        for i in 0..l {
            let (pr, dr) = (&pb[i * s..(i + 1) * s], &mut ds[i * s..(i + 1) * s]);
            let mut r = T::zero();
            for (&p, &d) in pr.iter().zip(dr.iter()) {
                r = r.add(p.mul(d));
            }
            for (d, &p) in dr.iter_mut().zip(pr) {
                *d = p.mul(d.sub(r));
            }
        }
        if let Some(dmp) = dmp {
            unsafe { std::slice::from_raw_parts_mut(dmp.get().add(b * ls), ls).copy_from_slice(ds) };
        }
        if !(need[0] || need[1]) {
            return;
        }
        ds.iter_mut().for_each(|d| *d = d.mul(sc));
        if let Some(dqp) = dqp {
            if s == 0 {
                zero(Some(dqp), l * e);
            } else if l * e > 0 {
                // dQ = dS K scale: (L x S) @ (S x E).
                unsafe { T::gemm_block(l, s, e, ds.as_ptr(), s as isize, 1, ks.at::<T>(b), ks.rs, ks.cs, dqp.get().add(b * l * e), e, false) };
            }
        }
        if let Some(dkp) = dkp {
            if l == 0 {
                zero(Some(dkp), s * e);
            } else if s * e > 0 {
                // dK = dS^T Q scale: (S x L) @ (L x E).
                unsafe { T::gemm_block(s, l, e, ds.as_ptr(), 1, s as isize, qs.at::<T>(b), qs.rs, qs.cs, dkp.get().add(b * s * e), e, false) };
            }
        }
    });
    err.take()?;
    Ok([dq, dk, dv, dm])
}
