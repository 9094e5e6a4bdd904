//! `numpy.matmul`: 1-D operands promoted and the added dim removed, batch dims broadcast.
//!
//! f32 and f64 go to the `gemm` crate (runtime-dispatched AVX2 / AVX-512 / NEON kernels with cache
//! blocking), called single-threaded on each block of our own split (see Threads below). It takes arbitrary row and column strides, also negative or zero,
//! so transposed, sliced, reversed and broadcast views need no copy. Integer and bool products use a
//! plain loop (NumPy has no BLAS for them either).
//!
//! Threads: a product with little work stays on the calling thread. A batch of small matrices is
//! split over batches (whole products per task); a single product (or a few large ones) is split
//! into one column block per thread, each block a single-threaded GEMM call, on the spinning team
//! of `crate::runtime::threads` (`run_tasks`). Splitting by columns means each thread packs only its own
//! part of the right operand; the left operand, packed by every thread, is the smaller one in the
//! products of a training step (64x784 against 784x256).
//!
//! [`matmul_bias`] is the fused `matmul(a, b) + bias`: the output starts as the broadcast bias and
//! GEMM accumulates into it, so the sum needs no second pass and no temporary.

use super::elementwise::arith::Arith;
use super::elementwise::binary::{binary, BinaryOp};
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{broadcast_shapes, Dims, Layout, Walk};
use crate::tensor::Tensor;
use crate::with_dtype;
use smallvec::SmallVec;

/// Multiply-adds (`batch * m * n * k`) below which a whole matmul stays on the calling thread.
/// Handing a block to a worker costs about 0.6 us on the 2-core VM (cache-line round trips between
/// the cores, measured with an empty two-task job) and the worker's half runs slower than half of
/// the whole (GEMM's fixed cost per call, operands pulled from the other core). Measured from C
/// (TF_MatMul + TF_DeleteTensor in a loop): 64^3 (2^18) 3.8 us on one thread, 3.9 us split;
/// from Python, 1 vs 2 threads alternated in one process: 80^3 8.8 -> 6.6 us, 96^3 12.5 -> 8.5
/// us, 128^3 25 -> 14.3 us.
const PAR_MIN_WORK: usize = 3 << 17;

/// Column blocks are a multiple of this wide (one AVX-512 vector of f32), so no thread gets a
/// ragged sliver.
const BLOCK_ALIGN: usize = 16;

/// Narrowest block (columns, or rows for a row split) of a product `len` wide, given the other
/// dimension of the output. Results must not depend on the thread count, so a block has to take
/// the same path through GEMM as the whole product: the `gemm` crate picks its inner blocking
/// (the `kc` that fixes the summation order) from `k` alone, except when both output dims are
/// <= 64 (`kc = min(k, 512)`), and it uses a dot-product kernel for at most 256 outputs. A block
/// of an output with a dim over 64 must keep both dims over 64, and a block of an output of more
/// than 256 elements must keep more than 256.
fn min_block(len: usize, other: usize) -> usize {
    let small_path = if other <= 64 && len > 64 { 65 } else { 1 };
    let dot_path = if other * len > 256 { 256 / other.max(1) + 1 } else { 1 };
    small_path.max(dot_path)
}

/// Multiply-adds one task gets at least when a batch is split over batches.
const BATCH_TASK_MIN_WORK: usize = 1 << 16;

/// `numpy.matmul(a, b)`.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    Prepared::new(a, b, "matmul")?.product(None)
}

/// `matmul(a, b) + bias` with NumPy's rules for both ops (dtype promotion, broadcasting), computed in
/// one pass when it can be: when `bias` broadcasts to the product's shape and its dtype does not widen
/// the product's, the output is initialised with the broadcast bias and GEMM accumulates into it
/// (beta = 1), so there is no temporary and no second pass over the output. Otherwise (say a float64
/// bias on a float32 product, or a bias that enlarges the result) it computes `matmul` then `add`.
///
/// The fused float result can differ from the two-op one by rounding only: GEMM may add the bias
/// before the last blocks of the inner dimension instead of after all of them.
/// Does not record autograd (a raw kernel, like `matmul` in this module).
pub fn matmul_bias(a: &Tensor, b: &Tensor, bias: &Tensor) -> Result<Tensor> {
    let p = Prepared::new(a, b, "matmul_bias")?;
    let fused = DType::promote(p.dt, bias.dtype()) == p.dt && bias.layout().broadcast_to(&p.out_shape).is_ok();
    if !fused {
        return binary(BinaryOp::Add, &p.product(None)?, bias);
    }
    // `cast` keeps the shape, so the cast bias broadcasts as the original did.
    let bias = bias.cast(p.dt)?;
    p.product(Some(&bias.view(bias.layout().broadcast_to(&p.out_shape)?)))
}

/// Operands cast to the common dtype, the output shape and the strided plan of one matmul.
struct Prepared {
    a: Tensor,
    b: Tensor,
    dt: DType,
    out_shape: Dims,
    plan: Plan,
}

impl Prepared {
    fn new(a: &Tensor, b: &Tensor, name: &str) -> Result<Prepared> {
        if a.ndim() == 0 || b.ndim() == 0 {
            return Err(Error::shape(format!(
                "{name} needs operands with at least 1 dimension, got shapes {} and {}",
                fmt_shape(a.shape()),
                fmt_shape(b.shape())
            )));
        }
        let dt = DType::promote(a.dtype(), b.dtype());
        let (a, b) = (a.cast(dt)?, b.cast(dt)?);
        // Promote 1-D operands to matrices by viewing them with an added size-1 dim.
        let a_vec = a.ndim() == 1;
        let b_vec = b.ndim() == 1;
        let la = if a_vec { with_dim(a.layout(), 0) } else { a.layout().clone() };
        let lb = if b_vec { with_dim(b.layout(), 1) } else { b.layout().clone() };
        let (m, k) = (la.shape[la.ndim() - 2], la.shape[la.ndim() - 1]);
        let (k2, n) = (lb.shape[lb.ndim() - 2], lb.shape[lb.ndim() - 1]);
        if k != k2 {
            return Err(Error::shape(format!(
                "{name}: shapes {} and {} are not aligned: {k} (dim {}) != {k2} (dim {})",
                fmt_shape(a.shape()),
                fmt_shape(b.shape()),
                a.ndim() - 1,
                if b_vec { 0 } else { b.ndim() - 2 }
            )));
        }
        if la.ndim() == 2 && lb.ndim() == 2 {
            // The common case, without the batch broadcasting below.
            let mut out_shape = Dims::new();
            out_shape.extend((!a_vec).then_some(m));
            out_shape.extend((!b_vec).then_some(n));
            return Ok(Prepared { a, b, dt, out_shape, plan: Plan { m, k, n, batch: Dims::new(), la, lb } });
        }
        let batch = broadcast_shapes(&la.shape[..la.ndim() - 2], &lb.shape[..lb.ndim() - 2]).map_err(|_| {
            Error::shape(format!(
                "{name}: batch dims of shapes {} and {} cannot be broadcast",
                fmt_shape(a.shape()),
                fmt_shape(b.shape())
            ))
        })?;
        let mut full_a: Dims = batch.clone();
        full_a.extend([m, k]);
        let mut full_b: Dims = batch.clone();
        full_b.extend([k, n]);
        let la = la.broadcast_to(&full_a)?;
        let lb = lb.broadcast_to(&full_b)?;
        let mut out_shape: Dims = batch.clone();
        if !a_vec {
            out_shape.push(m);
        }
        if !b_vec {
            out_shape.push(n);
        }
        Ok(Prepared { a, b, dt, out_shape, plan: Plan { m, k, n, batch, la, lb } })
    }

    /// The product, or `init + product` when `init` (of dtype `dt` and shape `out_shape`) is given.
    fn product(&self, init: Option<&Tensor>) -> Result<Tensor> {
        with_dtype!(self.dt, T => {
            let (sa, sb) = (self.a.storage.as_slice::<T>(), self.b.storage.as_slice::<T>());
            Tensor::build::<T>(&self.out_shape, |out| {
                if let Some(init) = init {
                    init.copy_into(out);
                }
                self.plan.run::<T>(sa, sb, out, init.is_some())
            })
        })
    }
}

fn with_dim(l: &Layout, at: usize) -> Layout {
    let mut shape = l.shape.clone();
    let mut strides = l.strides.clone();
    shape.insert(at, 1);
    strides.insert(at, 0);
    Layout { shape, strides, offset: l.offset }
}

struct Plan {
    m: usize,
    k: usize,
    n: usize,
    batch: Dims,
    la: Layout,
    lb: Layout,
}

/// Per-type product of one (m,k) x (k,n) pair into a row-major (m,n) block `c`.
pub trait Gemm: Arith {
    /// `c = a @ b`, or `c += a @ b` when `accumulate`, on the calling thread, into an `m x n`
    /// block of a row-major matrix whose rows are `ldc` elements apart (`c` points at the block's
    /// first element): a whole product (`ldc == n`) or one block of a product split over threads.
    ///
    /// # Safety
    /// `a` and `b` address valid elements at every index the strides reach for `i < m`, `p < k`,
    /// `j < n`; `c` addresses `m` rows of `n` writable elements, rows `ldc` apart, that no other
    /// thread touches; `k > 0`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemm_block(
        m: usize,
        k: usize,
        n: usize,
        a: *const Self,
        rsa: isize,
        csa: isize,
        b: *const Self,
        rsb: isize,
        csb: isize,
        c: *mut Self,
        ldc: usize,
        accumulate: bool,
    );
}

macro_rules! float_gemm {
    ($($t:ty),*) => { $(
        impl Gemm for $t {
            unsafe fn gemm_block(
                m: usize, k: usize, n: usize,
                a: *const $t, rsa: isize, csa: isize,
                b: *const $t, rsb: isize, csb: isize,
                c: *mut $t, ldc: usize, accumulate: bool,
            ) {
                // gemm's signature: dst := alpha * dst + beta * lhs @ rhs, strides given column
                // first; with read_dst false, dst is only written (it may be uninitialised).
                gemm::gemm(
                    m, n, k,
                    c, 1, ldc as isize, accumulate,
                    a, csa, rsa,
                    b, csb, rsb,
                    1.0, 1.0, false, false, false,
                    gemm::Parallelism::None,
                );
            }
        }
    )* };
}
float_gemm!(f32, f64);

/// Rows `rows` of the plain product into `c` (those rows only, row-major, n wide).
///
/// # Safety
/// As `Gemm::gemm`, for the rows given.
#[allow(clippy::too_many_arguments)]
unsafe fn naive_rows<T: Arith>(
    rows: std::ops::Range<usize>,
    k: usize,
    n: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    csb: isize,
    c: &mut [T],
    accumulate: bool,
) {
    if !accumulate {
        c.fill(T::zero());
    }
    for (i, row) in rows.zip(c.chunks_exact_mut(n)) {
        for p in 0..k {
            let av = *a.offset(i as isize * rsa + p as isize * csa);
            let bp = b.offset(p as isize * rsb);
            if csb == 1 {
                // Contiguous rows of b: a plain slice loop the compiler vectorises.
                let brow = std::slice::from_raw_parts(bp, n);
                for (r, &bv) in row.iter_mut().zip(brow) {
                    *r = r.add(av.mul(bv));
                }
            } else {
                for (j, r) in row.iter_mut().enumerate() {
                    *r = r.add(av.mul(*bp.offset(j as isize * csb)));
                }
            }
        }
    }
}

/// Integer and bool products: an i-k-j loop; integers wrap on overflow, bool is or-of-ands.
macro_rules! naive_gemm {
    ($($t:ty),*) => { $(
        impl Gemm for $t {
            unsafe fn gemm_block(
                m: usize, k: usize, n: usize,
                a: *const $t, rsa: isize, csa: isize,
                b: *const $t, rsb: isize, csb: isize,
                c: *mut $t, ldc: usize, accumulate: bool,
            ) {
                for i in 0..m {
                    let row = std::slice::from_raw_parts_mut(c.add(i * ldc), n);
                    naive_rows(i..i + 1, k, n, a, rsa, csa, b, rsb, csb, row, accumulate)
                }
            }
        }
    )* };
}
naive_gemm!(i8, i16, i32, i64, u8, bool);

impl Plan {
    /// Writes the product into `out` (row-major, batch dims first), or adds it to `out` when
    /// `accumulate`.
    fn run<T: Gemm>(&self, sa: &[T], sb: &[T], out: &mut [T], accumulate: bool) {
        let (m, k, n) = (self.m, self.k, self.n);
        let mn = m * n;
        if mn == 0 || out.is_empty() {
            return;
        }
        if k == 0 {
            if !accumulate {
                out.fill(T::zero());
            }
            return;
        }
        let nb = self.batch.len();
        let (rsa, csa) = (self.la.strides[nb], self.la.strides[nb + 1]);
        let (rsb, csb) = (self.lb.strides[nb], self.lb.strides[nb + 1]);
        // Offsets of each batch's matrices, in row-major batch order.
        let count = out.len() / mn;
        // Inline for a single product: no heap allocation on the path of small 2-D matmuls.
        let mut offs: SmallVec<[(isize, isize); 1]> = SmallVec::with_capacity(count);
        if nb == 0 {
            offs.push((self.la.offset as isize, self.lb.offset as isize));
        } else {
            let bs_a: SmallVec<[isize; 6]> = self.la.strides[..nb].into();
            let bs_b: SmallVec<[isize; 6]> = self.lb.strides[..nb].into();
            let walk = Walk::new(&self.batch, [&bs_a, &bs_b]);
            walk.rows([self.la.offset as isize, self.lb.offset as isize], |[oa, ob], len, [da, db]| {
                for i in 0..len as isize {
                    offs.push((oa + i * da, ob + i * db));
                }
            });
        }
        debug_assert_eq!(offs.len(), count);
        let (pa, pb) = (sa.as_ptr() as usize, sb.as_ptr() as usize);
        let one = |c: &mut [T], (oa, ob): (isize, isize)| unsafe {
            debug_assert_eq!(c.len(), mn);
            T::gemm_block(m, k, n, (pa as *const T).offset(oa), rsa, csa, (pb as *const T).offset(ob), rsb, csb, c.as_mut_ptr(), n, accumulate)
        };
        let work = mn.saturating_mul(k);
        let threads = crate::runtime::threads::num_threads();
        let total = work.saturating_mul(count);
        if threads <= 1 || total < PAR_MIN_WORK {
            // Little work: the calling thread does all of it.
            out.chunks_mut(mn).zip(offs).for_each(|(c, o)| one(c, o));
            return;
        }
        if count >= 2 * threads {
            // Many products: whole products per task, several small ones grouped per task.
            let per_task = BATCH_TASK_MIN_WORK.div_ceil(work).max(1);
            crate::runtime::threads::for_chunks(out, per_task * mn, |start, c| {
                let first = start / mn;
                c.chunks_mut(mn).zip(&offs[first..]).for_each(|(c, &o)| one(c, o))
            });
            return;
        }
        // A few products, each split in one block per thread: by columns when the output is wide
        // enough, else by rows.
        let by_cols = n >= 2 * min_block(n, m) || m < 2 * min_block(m, n);
        let (len, other) = if by_cols { (n, m) } else { (m, n) };
        let min_b = min_block(len, other);
        // One block per thread, BLOCK_ALIGN-wide multiples, none (the last included) narrower
        // than min_b; fewer blocks when that cannot be met.
        let mut blocks = threads.min(len / min_b);
        let mut width = 0;
        while blocks >= 2 {
            width = len.div_ceil(blocks).next_multiple_of(BLOCK_ALIGN);
            if len > width * (blocks - 1) && len - width * (blocks - 1) >= min_b {
                break;
            }
            blocks -= 1;
        }
        if blocks < 2 {
            out.chunks_mut(mn).zip(offs).for_each(|(c, o)| one(c, o));
            return;
        }
        let cp = crate::runtime::threads::SendPtr(out.as_mut_ptr());
        for (bi, &(oa, ob)) in offs.iter().enumerate() {
            crate::runtime::threads::run_tasks(blocks, &|t| unsafe {
                let j0 = t * width;
                let w = width.min(len - j0);
                let (a, b) = ((pa as *const T).offset(oa), (pb as *const T).offset(ob));
                let c = cp.get().add(bi * mn);
                if by_cols {
                    T::gemm_block(m, k, w, a, rsa, csa, b.offset(j0 as isize * csb), rsb, csb, c.add(j0), n, accumulate)
                } else {
                    T::gemm_block(w, k, n, a.offset(j0 as isize * rsa), rsa, csa, b, rsb, csb, c.add(j0 * n), n, accumulate)
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::Element;

    /// Deterministic values in [-1, 1) (a small LCG: no dependence on the rand crate's streams).
    fn vals(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((s >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
            })
            .collect()
    }

    trait Float: Gemm + Element {
        const EPS: f64;
        fn of(x: f64) -> Self;
        fn to(self) -> f64;
    }
    impl Float for f32 {
        const EPS: f64 = f32::EPSILON as f64;
        fn of(x: f64) -> f32 {
            x as f32
        }
        fn to(self) -> f64 {
            self as f64
        }
    }
    impl Float for f64 {
        const EPS: f64 = f64::EPSILON;
        fn of(x: f64) -> f64 {
            x
        }
        fn to(self) -> f64 {
            self
        }
    }

    fn tensor<T: Element>(shape: &[usize], v: &[T]) -> Tensor {
        Tensor::build::<T>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    /// A contiguous base tensor and a view of it with the given strides and offset.
    fn view_of<T: Float>(base_len: usize, seed: u64, shape: &[usize], strides: &[isize], offset: usize) -> Tensor {
        let base: Vec<T> = vals(base_len, seed).into_iter().map(T::of).collect();
        let t = tensor(&[base_len], &base);
        t.view(Layout { shape: shape.into(), strides: strides.into(), offset })
    }

    /// Checks a 2-D product against an f64 reference with the rigorous bound of any summation order:
    /// |got - exact| <= k * eps * (|a| @ |b|)_ij (+ the rounding of the bias).
    fn check_2d<T: Float>(got: &Tensor, a: &Tensor, b: &Tensor, bias: Option<&[f64]>, what: &str) {
        let (m, k) = (a.shape()[0], a.shape()[1]);
        let n = b.shape()[1];
        assert_eq!(got.shape(), &[m, n], "{what}");
        assert_eq!(got.dtype(), T::DTYPE, "{what}");
        let av: Vec<f64> = a.to_vec::<T>().into_iter().map(T::to).collect();
        let bv: Vec<f64> = b.to_vec::<T>().into_iter().map(T::to).collect();
        let gv: Vec<f64> = got.to_vec::<T>().into_iter().map(T::to).collect();
        for i in 0..m {
            for j in 0..n {
                let (mut exact, mut mag) = (0.0, 0.0);
                for p in 0..k {
                    exact += av[i * k + p] * bv[p * n + j];
                    mag += (av[i * k + p] * bv[p * n + j]).abs();
                }
                if let Some(bias) = bias {
                    exact += bias[i * n + j];
                    mag += bias[i * n + j].abs();
                }
                let tol = (k as f64 + 2.0) * T::EPS * mag + f64::MIN_POSITIVE;
                let g = gv[i * n + j];
                assert!((g - exact).abs() <= tol, "{what}: ({i},{j}) got {g} want {exact} tol {tol}");
            }
        }
    }

    const SIZES: [usize; 23] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 63, 64, 65, 127, 129];

    fn sizes_contiguous<T: Float>() {
        for (t, &s) in SIZES.iter().enumerate() {
            // Square, and rectangular shapes with each dim crossing the others' tile boundaries.
            let other = SIZES[(t * 7 + 3) % SIZES.len()];
            for (m, k, n) in [(s, s, s), (s, other, 3), (other, s, 17), (5, 9, s), (s, 1, other)] {
                let a = view_of::<T>(m * k, 1 + s as u64, &[m, k], &[k as isize, 1], 0);
                let b = view_of::<T>(k * n, 2 + s as u64, &[k, n], &[n as isize, 1], 0);
                check_2d::<T>(&matmul(&a, &b).unwrap(), &a, &b, None, &format!("{m}x{k}x{n}"));
            }
        }
    }

    #[test]
    fn f32_sizes_across_tiles() {
        sizes_contiguous::<f32>();
    }

    #[test]
    fn f64_sizes_across_tiles() {
        sizes_contiguous::<f64>();
    }

    /// Every stride pattern of a and b: transposed, every-third element, reversed rows or columns,
    /// a zero (broadcast) stride, all without copies.
    fn strided<T: Float>() {
        for &(m, k, n) in &[(1, 1, 1), (3, 5, 7), (17, 16, 15), (65, 63, 64), (33, 129, 9), (130, 70, 127)] {
            let ak = k as isize;
            let a_views = [
                ("a", view_of::<T>(m * k, 3, &[m, k], &[ak, 1], 0)),
                ("a.T", view_of::<T>(m * k, 4, &[m, k], &[1, m as isize], 0)),
                ("a[:, 1::3]", view_of::<T>(m * (3 * k + 1), 5, &[m, k], &[3 * ak + 1, 3], 1)),
                ("a[::-1]", view_of::<T>(m * k, 6, &[m, k], &[-ak, 1], (m - 1) * k)),
                ("a[:, ::-1]", view_of::<T>(m * k, 7, &[m, k], &[ak, -1], k - 1)),
                ("a[::-2, ::-3]", view_of::<T>(2 * m * 3 * k, 8, &[m, k], &[-6 * ak, -3], (2 * m - 1) * 3 * k - 1)),
                ("broadcast row", view_of::<T>(k, 9, &[m, k], &[0, 1], 0)),
            ];
            let nn = n as isize;
            let b_views = [
                ("b", view_of::<T>(k * n, 10, &[k, n], &[nn, 1], 0)),
                ("b.T", view_of::<T>(k * n, 11, &[k, n], &[1, k as isize], 0)),
                ("b[::2, ::-1]", view_of::<T>(2 * k * n, 12, &[k, n], &[2 * nn, -1], n - 1)),
                ("b[::-1].T-ish", view_of::<T>(k * n, 13, &[k, n], &[-1, k as isize], k - 1)),
                ("broadcast col", view_of::<T>(k, 14, &[k, n], &[1, 0], 0)),
            ];
            for (an, a) in &a_views {
                for (bn, b) in &b_views {
                    check_2d::<T>(&matmul(a, b).unwrap(), a, b, None, &format!("{m}x{k}x{n} {an} @ {bn}"));
                }
            }
        }
    }

    #[test]
    fn f32_strided_views() {
        strided::<f32>();
    }

    #[test]
    fn f64_strided_views() {
        strided::<f64>();
    }

    /// A batch product checked matrix by matrix, in a pool of `threads` threads.
    fn batched_in_pool<T: Float>(threads: usize, batch: usize, m: usize, k: usize, n: usize) {
        let _g = crate::runtime::threads::tests::THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let before = crate::runtime::threads::num_threads();
        crate::runtime::threads::set_num_threads(threads as i64).unwrap();
        // a: (batch, m, k) with its last two dims transposed in memory; b: (k, n) broadcast over batch.
        let a = view_of::<T>(batch * m * k, 21, &[batch, m, k], &[(m * k) as isize, 1, m as isize], 0);
        let b = view_of::<T>(k * n, 22, &[k, n], &[n as isize, 1], 0);
        let got = matmul(&a, &b).unwrap();
        crate::runtime::threads::set_num_threads(before as i64).unwrap();
        assert_eq!(got.shape(), &[batch, m, n]);
        for i in 0..batch {
            let ai = a.view(Layout {
                shape: [m, k].as_slice().into(),
                strides: [1, m as isize].as_slice().into(),
                offset: i * m * k,
            });
            let gi = got.view(Layout {
                shape: [m, n].as_slice().into(),
                strides: [n as isize, 1].as_slice().into(),
                offset: i * m * n,
            });
            check_2d::<T>(&gi, &ai, &b, None, &format!("batch {i} of {batch}x{m}x{k}x{n}, {threads} threads"));
        }
    }

    #[test]
    fn batched_every_parallel_path() {
        for threads in [1, 2, 3] {
            // Small total (calling thread), many small (over batches), few large (inside GEMM).
            batched_in_pool::<f32>(threads, 3, 5, 7, 9);
            batched_in_pool::<f32>(threads, 64, 32, 32, 32);
            batched_in_pool::<f64>(threads, 130, 17, 9, 13);
            batched_in_pool::<f32>(threads, 2, 129, 127, 65);
            batched_in_pool::<f64>(threads, 1, 200, 130, 70);
        }
    }

    #[test]
    fn promoted_vectors_and_broadcast_batches() {
        let a = tensor::<f64>(&[2, 1, 2, 3], &vals(12, 31));
        let b = tensor::<f64>(&[4, 3, 2], &vals(24, 32));
        let c = matmul(&a, &b).unwrap();
        assert_eq!(c.shape(), &[2, 4, 2, 2]);
        let (av, bv, cv) = (a.to_vec::<f64>(), b.to_vec::<f64>(), c.to_vec::<f64>());
        for (i, j, r, s) in (0..2).flat_map(|i| (0..4).flat_map(move |j| (0..4).map(move |rs| (i, j, rs / 2, rs % 2)))) {
            let want: f64 = (0..3).map(|p| av[i * 6 + r * 3 + p] * bv[j * 6 + p * 2 + s]).sum();
            assert!((cv[((i * 4 + j) * 2 + r) * 2 + s] - want).abs() < 1e-12);
        }
        let v = tensor::<f64>(&[3], &[1.0, 2.0, 3.0]);
        assert_eq!(matmul(&v, &v).unwrap().shape(), &[] as &[usize]);
        assert_eq!(matmul(&v, &v).unwrap().to_vec::<f64>(), vec![14.0]);
        let v2 = tensor::<f64>(&[2], &[1.0, -1.0]);
        assert_eq!(matmul(&b, &v2).unwrap().shape(), &[4, 3]);
        assert_eq!(matmul(&b, &v2).unwrap().to_vec::<f64>()[..2], [bv[0] - bv[1], bv[2] - bv[3]]);
        assert_eq!(matmul(&v, &b).unwrap().shape(), &[4, 2]);
        assert!(matmul(&a, &v.view(Layout::contiguous(&[3]))).is_ok());
        assert!(matmul(&b, &v).is_err());
        assert!(matmul(&b, &b).is_err());
        assert!(matmul(&tensor::<f64>(&[], &[1.0]), &v).is_err());
    }

    #[test]
    fn empty_and_zero_k() {
        let e = |s: &[usize]| tensor::<f32>(s, &vec![1.0; s.iter().product()]);
        assert_eq!(matmul(&e(&[0, 3]), &e(&[3, 4])).unwrap().shape(), &[0, 4]);
        assert_eq!(matmul(&e(&[2, 3]), &e(&[3, 0])).unwrap().shape(), &[2, 0]);
        assert_eq!(matmul(&e(&[0, 2, 3]), &e(&[3, 4])).unwrap().shape(), &[0, 2, 4]);
        let z = matmul(&e(&[2, 0]), &e(&[0, 3])).unwrap();
        assert_eq!(z.to_vec::<f32>(), vec![0.0; 6]);
        let bias = tensor::<f32>(&[3], &[1.0, 2.0, 3.0]);
        let zb = matmul_bias(&e(&[2, 0]), &e(&[0, 3]), &bias).unwrap();
        assert_eq!(zb.to_vec::<f32>(), vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn integer_and_bool_products() {
        let _g = crate::runtime::threads::tests::THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let before = crate::runtime::threads::num_threads();
        crate::runtime::threads::set_num_threads(2).unwrap();
        for &(m, k, n) in &[(3, 4, 5), (200, 60, 70), (1, 9, 1)] {
            let av: Vec<i32> = (0..m * k).map(|i| (i as i32 * 7919) % 201 - 100).collect();
            let bv: Vec<i32> = (0..k * n).map(|i| (i as i32 * 104729) % 199 - 99).collect();
            let a = tensor(&[m, k], &av);
            // b transposed in memory: element (p, j) at j * k + p.
            let mut bt = vec![0; k * n];
            for p in 0..k {
                for j in 0..n {
                    bt[j * k + p] = bv[p * n + j];
                }
            }
            let b = tensor(&[k * n], &bt).view(Layout {
                shape: [k, n].as_slice().into(),
                strides: [1, k as isize].as_slice().into(),
                offset: 0,
            });
            let got = matmul(&a, &b).unwrap().to_vec::<i32>();
            for i in 0..m {
                for j in 0..n {
                    let want: i32 = (0..k).map(|p| av[i * k + p] * bv[p * n + j]).sum();
                    assert_eq!(got[i * n + j], want, "{m}x{k}x{n} ({i},{j})");
                }
            }
        }
        // int8 wraps like NumPy.
        let a = tensor::<i8>(&[1, 2], &[100, 100]);
        let b = tensor::<i8>(&[2, 1], &[2, 1]);
        assert_eq!(matmul(&a, &b).unwrap().to_vec::<i8>(), vec![(300i32 as i8)]);
        // bool: or of ands.
        let a = tensor::<bool>(&[2, 2], &[true, false, false, false]);
        let b = tensor::<bool>(&[2, 2], &[false, true, true, true]);
        assert_eq!(matmul(&a, &b).unwrap().to_vec::<bool>(), vec![false, true, false, false]);
        crate::runtime::threads::set_num_threads(before as i64).unwrap();
    }

    fn bias_case<T: Float>(m: usize, k: usize, n: usize, bias_shape: &[usize]) {
        let a = view_of::<T>(m * k, 41, &[m, k], &[1, m as isize], 0);
        let b = view_of::<T>(k * n, 42, &[k, n], &[n as isize, 1], 0);
        let nb: usize = bias_shape.iter().product();
        let bias_v: Vec<T> = vals(nb, 43).into_iter().map(T::of).collect();
        let bias = tensor(bias_shape, &bias_v);
        let full: Vec<f64> = bias.view(bias.layout().broadcast_to(&[m, n]).unwrap()).to_vec::<T>().into_iter().map(T::to).collect();
        let got = matmul_bias(&a, &b, &bias).unwrap();
        check_2d::<T>(&got, &a, &b, Some(&full), &format!("bias {bias_shape:?} {m}x{k}x{n}"));
    }

    #[test]
    fn matmul_bias_matches_matmul_plus_bias() {
        for &(m, k, n) in &[(1, 1, 1), (7, 9, 17), (64, 784, 256), (65, 600, 10)] {
            bias_case::<f32>(m, k, n, &[n]);
            bias_case::<f64>(m, k, n, &[n]);
            bias_case::<f32>(m, k, n, &[m, 1]);
            bias_case::<f64>(m, k, n, &[]);
            bias_case::<f32>(m, k, n, &[m, n]);
        }
        // A wider bias dtype or a bias that enlarges the result: the two-op path, NumPy's result.
        let a = tensor::<f32>(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
        let b64 = tensor::<f64>(&[2], &[0.5, 0.25]);
        let r = matmul_bias(&a, &a, &b64).unwrap();
        assert_eq!(r.dtype(), DType::F64);
        assert_eq!(r.to_vec::<f64>(), vec![7.5, 10.25, 15.5, 22.25]);
        let big = tensor::<f32>(&[3, 1, 1], &[1.0, 2.0, 3.0]);
        let r = matmul_bias(&a, &a, &big).unwrap();
        assert_eq!(r.shape(), &[3, 2, 2]);
        assert_eq!(r.to_vec::<f32>()[8..], [10.0, 13.0, 18.0, 25.0]);
        // Integer bias on an integer product (and a narrower one, promoted into it).
        let ai = tensor::<i64>(&[2, 2], &[1, 2, 3, 4]);
        let r = matmul_bias(&ai, &ai, &tensor::<i8>(&[2], &[1, -1])).unwrap();
        assert_eq!((r.dtype(), r.to_vec::<i64>()), (DType::I64, vec![8, 9, 16, 21]));
        assert!(matmul_bias(&ai, &tensor::<i64>(&[3], &[1, 2, 3]), &ai).is_err());
    }
}
