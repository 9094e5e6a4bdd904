//! 2-D convolution over NCHW tensors (conv1d is conv2d over a height of 1), by im2col + GEMM:
//! each image's receptive fields are unrolled into a `[C/groups * kh * kw, Ho * Wo]` column
//! matrix and multiplied by the group's `[O/groups, C/groups * kh * kw]` weight block with the
//! `gemm` crate (single-threaded per call; the parallel split is ours, over images and blocks of
//! output rows, on the team).
//!
//! Three kernels, each the adjoint of another in one argument, so the backward of any of them is
//! written with the other two (`autograd::rules::conv`) and derivatives of any order exist:
//! - [`conv2d`]: `y = conv(x, w) + b`;
//! - [`conv2d_input_grad`]: `dx = conv^T(g, w)` for the input size given, which is also
//!   `conv_transpose2d` (the transposed convolution is the input gradient of a convolution);
//! - [`conv2d_weight_grad`]: `dw = sum_n g_n @ im2col(x_n)^T`.
//!
//! Splits are chosen from the shapes only, never from the thread count, so results do not depend
//! on how many threads run them (every output element is one GEMM over the same `k`).

use super::super::matmul::Gemm;
use crate::dtype::DType;
use crate::kernels::elementwise::binary::{binary, BinaryOp};
use crate::error::{fmt_shape, Error, Result, TF_Code};
use crate::runtime::threads::{run_tasks, SendPtr};
use crate::storage::Storage;
use crate::tensor::Tensor;
use std::sync::Mutex;

/// The attributes of a convolution. `padding` is (top, bottom, left, right): PyTorch's "same"
/// pads an even kernel more at the bottom/right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvParams {
    pub stride: [usize; 2],
    pub padding: [usize; 4],
    pub dilation: [usize; 2],
    pub groups: usize,
}

/// A layer configuration error (TF_LAYER_CONFIG_ERROR).
pub(crate) fn config(message: String) -> Error {
    Error::new(TF_Code::TF_LAYER_CONFIG_ERROR, message)
}

/// The sizes of one convolution, checked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub o: usize,
    pub kh: usize,
    pub kw: usize,
    pub ho: usize,
    pub wo: usize,
    pub p: ConvParams,
}

/// One output size along an axis: `(len + pads - dilation * (k - 1) - 1) / stride + 1`, or None
/// when the dilated kernel does not fit in the padded input.
pub fn out_len(len: usize, pads: usize, k: usize, stride: usize, dilation: usize) -> Option<usize> {
    let span = dilation.checked_mul(k.checked_sub(1)?)?.checked_add(1)?;
    let padded = len.checked_add(pads)?;
    (padded >= span).then(|| (padded - span) / stride + 1)
}

impl ConvParams {
    fn check(&self, name: &str) -> Result<()> {
        if self.stride.contains(&0) || self.dilation.contains(&0) || self.groups == 0 {
            return Err(config(format!(
                "{name}: stride {:?}, dilation {:?} and groups {} must be positive",
                self.stride, self.dilation, self.groups
            )));
        }
        Ok(())
    }

    /// The geometry of `conv(x, w)` for an input of shape `[n, c, h, w]` and a weight of shape
    /// `[o, c / groups, kh, kw]`, with every configuration error named.
    pub(crate) fn geometry(&self, name: &str, x: &[usize], wt: &[usize]) -> Result<Geometry> {
        self.check(name)?;
        if x.len() != 4 || wt.len() != 4 {
            return Err(Error::shape(format!(
                "{name}: expected a 4-d input [N, C, H, W] and a 4-d weight [out, in/groups, kH, kW], got shapes {} and {}",
                fmt_shape(x),
                fmt_shape(wt)
            )));
        }
        let (g, c, o) = (self.groups, x[1], wt[0]);
        if c % g != 0 || o % g != 0 {
            return Err(config(format!(
                "{name}: groups {g} must divide the input channels {c} and the output channels {o}"
            )));
        }
        if wt[1] != c / g {
            return Err(config(format!(
                "{name}: weight of shape {} expects {} input channels (in/groups = {}, groups {g}), the input of shape {} has {c}",
                fmt_shape(wt),
                wt[1] * g,
                wt[1],
                fmt_shape(x)
            )));
        }
        let [pt, pb, pl, pr] = self.padding;
        let (kh, kw) = (wt[2], wt[3]);
        let ho = out_len(x[2], pt + pb, kh, self.stride[0], self.dilation[0]);
        let wo = out_len(x[3], pl + pr, kw, self.stride[1], self.dilation[1]);
        let (Some(ho), Some(wo)) = (ho, wo) else {
            return Err(config(format!(
                "{name}: kernel {}x{} (dilation {:?}) is larger than the padded input {}x{} (input {}x{}, padding {:?})",
                kh,
                kw,
                self.dilation,
                x[2] + pt + pb,
                x[3] + pl + pr,
                x[2],
                x[3],
                self.padding
            )));
        };
        if kh == 0 || kw == 0 {
            return Err(config(format!("{name}: kernel size {kh}x{kw} must be positive")));
        }
        Ok(Geometry { n: x[0], c, h: x[2], w: x[3], o, kh, kw, ho, wo, p: *self })
    }
}

impl Geometry {
    fn cg(&self) -> usize {
        self.c / self.p.groups
    }
    fn og(&self) -> usize {
        self.o / self.p.groups
    }
    /// Rows of the column matrix: `C/groups * kh * kw`.
    fn k(&self) -> usize {
        self.cg() * self.kh * self.kw
    }
    /// A 1x1 kernel with stride 1 and no padding reads the input as the column matrix itself.
    fn pointwise(&self) -> bool {
        self.kh == 1 && self.kw == 1 && self.p.stride == [1, 1] && self.p.padding == [0; 4]
    }
    /// Output rows per task of the forward pass: whole images when the batch gives enough tasks,
    /// else blocks of about 2^16 output elements x k multiply-adds. From the shape only.
    fn rows_per_block(&self) -> usize {
        let per_row = (self.wo * self.k() * self.og()).max(1);
        (((1usize << 20) / per_row).max(1)).min(self.ho.max(1))
    }
}

/// Unrolls output rows `oh0..oh1` of one image's group (`x`: `[cg, h, w]` contiguous) into
/// `col`: `[cg * kh * kw, (oh1 - oh0) * wo]`, zeros where a window reads padding.
fn im2col<T: Gemm>(g: &Geometry, x: &[T], oh0: usize, oh1: usize, col: &mut [T]) {
    let (h, w, wo) = (g.h as isize, g.w as isize, g.wo);
    let [sh, sw] = g.p.stride;
    let [dh, dw] = g.p.dilation;
    let (pt, pl) = (g.p.padding[0] as isize, g.p.padding[2] as isize);
    let cols = (oh1 - oh0) * wo;
    let mut r = 0;
    for ci in 0..g.cg() {
        let plane = &x[ci * g.h * g.w..(ci + 1) * g.h * g.w];
        for ki in 0..g.kh {
            for kj in 0..g.kw {
                let row = &mut col[r * cols..(r + 1) * cols];
                r += 1;
                for (t, oh) in (oh0..oh1).enumerate() {
                    let out = &mut row[t * wo..(t + 1) * wo];
                    let ih = (oh * sh + ki * dh) as isize - pt;
                    if ih < 0 || ih >= h {
                        out.fill(T::zero());
                        continue;
                    }
                    let src = &plane[ih as usize * g.w..(ih as usize + 1) * g.w];
                    let base = (kj * dw) as isize - pl;
                    if sw == 1 {
                        // iw = ow + base: one clipped copy.
                        let lo = (-base).clamp(0, wo as isize) as usize;
                        let hi = (w - base).clamp(0, wo as isize) as usize;
                        out[..lo].fill(T::zero());
                        if hi > lo {
                            let s = (lo as isize + base) as usize;
                            out[lo..hi].copy_from_slice(&src[s..s + hi - lo]);
                        }
                        out[hi.max(lo)..].fill(T::zero());
                    } else {
                        for (ow, v) in out.iter_mut().enumerate() {
                            let iw = (ow * sw) as isize + base;
                            *v = if iw >= 0 && iw < w { src[iw as usize] } else { T::zero() };
                        }
                    }
                }
            }
        }
    }
}

/// Adds the column matrix `col` (`[cg * kh * kw, ho * wo]`) back onto one image's group
/// (`x`: `[cg, h, w]`), the adjoint of [`im2col`] over all output rows.
fn col2im<T: Gemm>(g: &Geometry, col: &[T], x: &mut [T]) {
    let (h, w, wo) = (g.h as isize, g.w as isize, g.wo);
    let [sh, sw] = g.p.stride;
    let [dh, dw] = g.p.dilation;
    let (pt, pl) = (g.p.padding[0] as isize, g.p.padding[2] as isize);
    let cols = g.ho * wo;
    let mut r = 0;
    for ci in 0..g.cg() {
        let plane = &mut x[ci * g.h * g.w..(ci + 1) * g.h * g.w];
        for ki in 0..g.kh {
            for kj in 0..g.kw {
                let row = &col[r * cols..(r + 1) * cols];
                r += 1;
                for oh in 0..g.ho {
                    let ih = (oh * sh + ki * dh) as isize - pt;
                    if ih < 0 || ih >= h {
                        continue;
                    }
                    let dst = &mut plane[ih as usize * g.w..(ih as usize + 1) * g.w];
                    let src = &row[oh * wo..(oh + 1) * wo];
                    let base = (kj * dw) as isize - pl;
                    if sw == 1 {
                        let lo = (-base).clamp(0, wo as isize) as usize;
                        let hi = (w - base).clamp(0, wo as isize) as usize;
                        if hi > lo {
                            let s = (lo as isize + base) as usize;
                            for (d, &v) in dst[s..s + hi - lo].iter_mut().zip(&src[lo..hi]) {
                                *d = d.add(v);
                            }
                        }
                    } else {
                        for (ow, &v) in src.iter().enumerate() {
                            let iw = (ow * sw) as isize + base;
                            if iw >= 0 && iw < w {
                                let d = &mut dst[iw as usize];
                                *d = d.add(v);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `dst` (`[cols, rows]`) = the transpose of `src` (`[rows, cols]`, rows `ld` apart), in square
/// tiles so that both sides stay in cache: the GEMM crate packs a row-major left operand with
/// one strided load per element, so the weight gradient hands it pre-transposed columns.
fn transpose_into<T: Gemm>(src: &[T], rows: usize, cols: usize, ld: usize, dst: &mut [T]) {
    const B: usize = 8;
    assert!(rows == 0 || cols == 0 || (src.len() >= (rows - 1) * ld + cols && dst.len() >= rows * cols));
    #[cfg(target_arch = "x86_64")]
    if T::DTYPE == DType::F32 && std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: T is f32; the lengths are asserted above; AVX is present.
        return unsafe { avx::transpose_f32(src.as_ptr() as *const f32, rows, cols, ld, dst.as_mut_ptr() as *mut f32) };
    }
    let (rf, cf) = (rows / B * B, cols / B * B);
    for r0 in (0..rf).step_by(B) {
        for c0 in (0..cf).step_by(B) {
            // SAFETY: r0 + B <= rows and c0 + B <= cols, within the lengths asserted above.
            unsafe {
                let mut t: [[T; B]; B] = [[*src.get_unchecked(0); B]; B];
                for (i, row) in t.iter_mut().enumerate() {
                    *row = *(src.as_ptr().add((r0 + i) * ld + c0) as *const [T; B]);
                }
                for j in 0..B {
                    let out = &mut *(dst.as_mut_ptr().add((c0 + j) * rows + r0) as *mut [T; B]);
                    for i in 0..B {
                        out[i] = t[i][j];
                    }
                }
            }
        }
        for c in cf..cols {
            for r in r0..r0 + B {
                dst[c * rows + r] = src[r * ld + c];
            }
        }
    }
    for r in rf..rows {
        for c in 0..cols {
            dst[c * rows + r] = src[r * ld + c];
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx {
    use std::arch::x86_64::*;

    /// One 8x8 tile: rows of `src` `ld` apart into rows of `dst` `ldd` apart.
    #[target_feature(enable = "avx")]
    unsafe fn tile(src: *const f32, ld: usize, dst: *mut f32, ldd: usize) {
        let r: [__m256; 8] = std::array::from_fn(|i| _mm256_loadu_ps(src.add(i * ld)));
        let t0 = _mm256_unpacklo_ps(r[0], r[1]);
        let t1 = _mm256_unpackhi_ps(r[0], r[1]);
        let t2 = _mm256_unpacklo_ps(r[2], r[3]);
        let t3 = _mm256_unpackhi_ps(r[2], r[3]);
        let t4 = _mm256_unpacklo_ps(r[4], r[5]);
        let t5 = _mm256_unpackhi_ps(r[4], r[5]);
        let t6 = _mm256_unpacklo_ps(r[6], r[7]);
        let t7 = _mm256_unpackhi_ps(r[6], r[7]);
        let s0 = _mm256_shuffle_ps::<0x44>(t0, t2);
        let s1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
        let s2 = _mm256_shuffle_ps::<0x44>(t1, t3);
        let s3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
        let s4 = _mm256_shuffle_ps::<0x44>(t4, t6);
        let s5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
        let s6 = _mm256_shuffle_ps::<0x44>(t5, t7);
        let s7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
        let o = [
            _mm256_permute2f128_ps::<0x20>(s0, s4),
            _mm256_permute2f128_ps::<0x20>(s1, s5),
            _mm256_permute2f128_ps::<0x20>(s2, s6),
            _mm256_permute2f128_ps::<0x20>(s3, s7),
            _mm256_permute2f128_ps::<0x31>(s0, s4),
            _mm256_permute2f128_ps::<0x31>(s1, s5),
            _mm256_permute2f128_ps::<0x31>(s2, s6),
            _mm256_permute2f128_ps::<0x31>(s3, s7),
        ];
        for (j, v) in o.into_iter().enumerate() {
            _mm256_storeu_ps(dst.add(j * ldd), v);
        }
    }

    /// `transpose_into` for f32.
    ///
    /// # Safety
    /// `src` holds `rows` rows of `cols` elements `ld` apart, `dst` `rows * cols` elements; AVX.
    #[target_feature(enable = "avx")]
    pub(super) unsafe fn transpose_f32(src: *const f32, rows: usize, cols: usize, ld: usize, dst: *mut f32) {
        let (rf, cf) = (rows / 8 * 8, cols / 8 * 8);
        for r0 in (0..rf).step_by(8) {
            for c0 in (0..cf).step_by(8) {
                tile(src.add(r0 * ld + c0), ld, dst.add(c0 * rows + r0), rows);
            }
            for c in cf..cols {
                for r in r0..r0 + 8 {
                    *dst.add(c * rows + r) = *src.add(r * ld + c);
                }
            }
        }
        for r in rf..rows {
            for c in 0..cols {
                *dst.add(c * rows + r) = *src.add(r * ld + c);
            }
        }
    }
}

/// The float dtype both operands are computed in (NumPy promotion), or a DtypeError.
fn float_dtype(name: &str, ts: &[&Tensor]) -> Result<DType> {
    let dt = ts.iter().skip(1).fold(ts[0].dtype(), |d, t| DType::promote(d, t.dtype()));
    if dt != DType::F32 && dt != DType::F64 {
        let names: Vec<&str> = ts.iter().map(|t| t.dtype().name()).collect();
        return Err(Error::dtype(format!("{name}: needs float32 or float64 tensors, got {}", names.join(", "))));
    }
    Ok(dt)
}

/// Scratch memory for one task, fallibly allocated.
fn scratch<T: Gemm>(len: usize) -> Result<Storage> {
    Storage::uninit(T::DTYPE, len)
}

/// The first error any task hit (tasks cannot return one).
struct FirstError(Mutex<Option<Error>>);
impl FirstError {
    fn new() -> Self {
        FirstError(Mutex::new(None))
    }
    fn set(&self, e: Error) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        g.get_or_insert(e);
    }
    fn take(self) -> Result<()> {
        match self.0.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// `conv2d(x, w) + bias`: `x` `[N, C, H, W]`, `w` `[O, C/groups, kH, kW]`, `bias` `[O]` or None;
/// the result is `[N, O, Ho, Wo]` in the promoted float dtype.
pub fn conv2d(x: &Tensor, w: &Tensor, bias: Option<&Tensor>, p: &ConvParams) -> Result<Tensor> {
    let name = "conv2d";
    let geo = p.geometry(name, x.shape(), w.shape())?;
    let mut ops = vec![x, w];
    ops.extend(bias);
    let dt = float_dtype(name, &ops)?;
    if let Some(b) = bias {
        if b.shape() != [geo.o] {
            return Err(Error::shape(format!(
                "{name}: bias of shape {} does not match the {} output channels",
                fmt_shape(b.shape()),
                geo.o
            )));
        }
    }
    let (x, w) = (x.cast(dt)?.contiguous()?, w.cast(dt)?.contiguous()?);
    let b = bias.map(|b| b.cast(dt).and_then(|b| b.contiguous())).transpose()?;
    match dt {
        DType::F32 => forward::<f32>(&geo, &x, &w, b.as_ref()),
        _ => forward::<f64>(&geo, &x, &w, b.as_ref()),
    }
}

fn forward<T: Gemm>(g: &Geometry, x: &Tensor, w: &Tensor, b: Option<&Tensor>) -> Result<Tensor> {
    let out_shape = [g.n, g.o, g.ho, g.wo];
    let (xs, ws) = (x.contiguous_slice::<T>(), w.contiguous_slice::<T>());
    let bs = b.map(|b| b.contiguous_slice::<T>());
    let (cg, og, k, hw_out, hw_in) = (g.cg(), g.og(), g.k(), g.ho * g.wo, g.h * g.w);
    let rows = g.rows_per_block();
    let blocks = g.ho.div_ceil(rows);
    let err = FirstError::new();
    let out = Tensor::build::<T>(&out_shape, |out| {
        if out.is_empty() {
            return;
        }
        let base = SendPtr(out.as_mut_ptr());
        run_tasks(g.n * blocks, &|task| {
            let (n, blk) = (task / blocks, task % blocks);
            let (oh0, oh1) = (blk * rows, ((blk + 1) * rows).min(g.ho));
            let cols = (oh1 - oh0) * g.wo;
            let mut col_buf = None;
            if !g.pointwise() && k > 0 {
                match scratch::<T>(k * cols) {
                    Ok(s) => col_buf = Some(s),
                    Err(e) => return err.set(e),
                }
            }
            for grp in 0..g.p.groups {
                let xg = &xs[(n * g.c + grp * cg) * hw_in..(n * g.c + (grp + 1) * cg) * hw_in];
                // SAFETY: task (n, blk) alone writes output rows oh0..oh1 of image n.
                let y0 = unsafe { base.get().add((n * g.o + grp * og) * hw_out + oh0 * g.wo) };
                for oc in 0..og {
                    let row = unsafe { std::slice::from_raw_parts_mut(y0.add(oc * hw_out), cols) };
                    row.fill(bs.map_or(T::zero(), |bs| bs[grp * og + oc]));
                }
                if k == 0 {
                    continue;
                }
                let (colp, rsb) = match &mut col_buf {
                    Some(s) => {
                        let c = s.as_mut_slice::<T>();
                        im2col(g, xg, oh0, oh1, c);
                        (c.as_ptr(), cols as isize)
                    }
                    None => (xg[oh0 * g.wo..].as_ptr(), hw_in as isize),
                };
                let wg = ws[grp * og * k..].as_ptr();
                // SAFETY: w_g is og x k row-major, the columns k x cols (rows rsb apart), y the
                // og x cols block of rows hw_out apart that this task owns.
                unsafe { T::gemm_block(og, k, cols, wg, k as isize, 1, colp, rsb, 1, y0, hw_out, true) };
            }
        });
    })?;
    err.take()?;
    Ok(out)
}

/// The gradient of `conv2d` with respect to its input, `conv^T(g, w)`, for an input of spatial
/// size `input_hw`: `g` `[N, O, Ho, Wo]`, `w` `[O, C/groups, kH, kW]`, the result
/// `[N, C, H, W]`. This is also PyTorch's `conv_transpose2d` (without its bias), whose weight
/// has the same layout `[in, out/groups, kH, kW]` seen from the transposed side.
pub fn conv2d_input_grad(g: &Tensor, w: &Tensor, p: &ConvParams, input_hw: [usize; 2]) -> Result<Tensor> {
    let name = "conv2d_input_grad";
    let gs = g.shape();
    if gs.len() != 4 || w.ndim() != 4 {
        return Err(Error::shape(format!(
            "{name}: expected a 4-d gradient and weight, got shapes {} and {}",
            fmt_shape(gs),
            fmt_shape(w.shape())
        )));
    }
    let x_shape = [gs[0], w.shape()[1] * p.groups, input_hw[0], input_hw[1]];
    let geo = p.geometry(name, &x_shape, w.shape())?;
    if [geo.o, geo.ho, geo.wo] != gs[1..] {
        return Err(Error::shape(format!(
            "{name}: gradient of shape {} does not match the output [{},{},{},{}] of the convolution",
            fmt_shape(gs),
            geo.n,
            geo.o,
            geo.ho,
            geo.wo
        )));
    }
    let dt = float_dtype(name, &[g, w])?;
    let (g, w) = (g.cast(dt)?.contiguous()?, w.cast(dt)?.contiguous()?);
    match dt {
        DType::F32 => input_grad::<f32>(&geo, &g, &w),
        _ => input_grad::<f64>(&geo, &g, &w),
    }
}

/// PyTorch's `conv_transpose2d(y, w, bias)` for an output of spatial size `out_hw`: the input
/// gradient of the convolution with the same parameters, plus `bias` (`[C]`) per output channel.
pub fn conv_transpose2d(y: &Tensor, w: &Tensor, bias: Option<&Tensor>, p: &ConvParams, out_hw: [usize; 2]) -> Result<Tensor> {
    let out = conv2d_input_grad(y, w, p, out_hw)?;
    let Some(b) = bias else { return Ok(out) };
    let c = out.shape()[1];
    if b.shape() != [c] {
        return Err(Error::shape(format!(
            "conv_transpose2d: bias of shape {} does not match the {c} output channels",
            fmt_shape(b.shape())
        )));
    }
    float_dtype("conv_transpose2d", &[&out, b])?;
    let b = crate::kernels::shape::reshape(b, &[c as i64, 1, 1])?;
    binary(BinaryOp::Add, &out, &b)
}

fn input_grad<T: Gemm>(geo: &Geometry, g: &Tensor, w: &Tensor) -> Result<Tensor> {
    let (gs, ws) = (g.contiguous_slice::<T>(), w.contiguous_slice::<T>());
    let (cg, og, k, hw_out, hw_in) = (geo.cg(), geo.og(), geo.k(), geo.ho * geo.wo, geo.h * geo.w);
    let err = FirstError::new();
    let out = Tensor::build::<T>(&[geo.n, geo.c, geo.h, geo.w], |out| {
        if out.is_empty() {
            return;
        }
        let base = SendPtr(out.as_mut_ptr());
        run_tasks(geo.n, &|n| {
            // SAFETY: task n alone writes image n.
            let xn = unsafe { std::slice::from_raw_parts_mut(base.get().add(n * geo.c * hw_in), geo.c * hw_in) };
            if k == 0 || og == 0 || hw_out == 0 {
                xn.fill(T::zero());
                return;
            }
            let mut col = None;
            if !geo.pointwise() {
                xn.fill(T::zero());
                match scratch::<T>(k * hw_out) {
                    Ok(s) => col = Some(s),
                    Err(e) => return err.set(e),
                }
            }
            for grp in 0..geo.p.groups {
                let gg = gs[(n * geo.o + grp * og) * hw_out..].as_ptr();
                let wg = ws[grp * og * k..].as_ptr();
                let xg = &mut xn[grp * cg * hw_in..(grp + 1) * cg * hw_in];
                // dcol = w_g^T (k x og, read transposed) @ g_g (og x hw_out).
                match &mut col {
                    Some(s) => {
                        let c = s.as_mut_slice::<T>();
                        // SAFETY: bounds as in `forward`; c is k x hw_out.
                        unsafe { T::gemm_block(k, og, hw_out, wg, 1, k as isize, gg, hw_out as isize, 1, c.as_mut_ptr(), hw_out, false) };
                        col2im(geo, c, xg);
                    }
                    // Pointwise: the columns are the input itself (k == cg, hw_out == hw_in).
                    None => unsafe {
                        T::gemm_block(k, og, hw_out, wg, 1, k as isize, gg, hw_out as isize, 1, xg.as_mut_ptr(), hw_in, false)
                    },
                }
            }
        });
    })?;
    err.take()?;
    Ok(out)
}

/// The gradient of `conv2d` with respect to its weight: `x` `[N, C, H, W]`, `g`
/// `[N, O, Ho, Wo]`, the result has `w_shape` `[O, C/groups, kH, kW]`:
/// `dw_g = sum_n g_{n,g} @ im2col(x_{n,g})^T`. The batch is summed in fixed chunks, each chunk's
/// partial sum in its own buffer, then the partials in order.
pub fn conv2d_weight_grad(x: &Tensor, g: &Tensor, p: &ConvParams, w_shape: &[usize]) -> Result<Tensor> {
    let name = "conv2d_weight_grad";
    let geo = p.geometry(name, x.shape(), w_shape)?;
    if g.shape() != [geo.n, geo.o, geo.ho, geo.wo] {
        return Err(Error::shape(format!(
            "{name}: gradient of shape {} does not match the output [{},{},{},{}] of the convolution",
            fmt_shape(g.shape()),
            geo.n,
            geo.o,
            geo.ho,
            geo.wo
        )));
    }
    let dt = float_dtype(name, &[x, g])?;
    let (x, g) = (x.cast(dt)?.contiguous()?, g.cast(dt)?.contiguous()?);
    match dt {
        DType::F32 => weight_grad::<f32>(&geo, &x, &g, w_shape),
        _ => weight_grad::<f64>(&geo, &x, &g, w_shape),
    }
}

/// Images per partial sum of the weight gradient: at most 8 partials, from the batch size only.
fn images_per_chunk(n: usize) -> usize {
    n.div_ceil(8).max(1)
}

fn weight_grad<T: Gemm>(geo: &Geometry, x: &Tensor, g: &Tensor, w_shape: &[usize]) -> Result<Tensor> {
    let (xs, gs) = (x.contiguous_slice::<T>(), g.contiguous_slice::<T>());
    let (cg, og, k, hw_out, hw_in) = (geo.cg(), geo.og(), geo.k(), geo.ho * geo.wo, geo.h * geo.w);
    let wlen = geo.o * k;
    let per = images_per_chunk(geo.n);
    let chunks = geo.n.div_ceil(per);
    if chunks == 0 || hw_out == 0 || wlen == 0 {
        return Tensor::zeros(T::DTYPE, w_shape);
    }
    let mut partials = scratch::<T>(wlen * chunks)?;
    let err = FirstError::new();
    {
        let parts = partials.as_mut_slice::<T>();
        let base = SendPtr(parts.as_mut_ptr());
        run_tasks(chunks, &|c| {
            // SAFETY: chunk c alone writes partial c.
            let dw = unsafe { std::slice::from_raw_parts_mut(base.get().add(c * wlen), wlen) };
            dw.fill(T::zero());
            // The columns `[k, hw_out]` (not for a pointwise kernel: the input is its own column
            // matrix) and their transpose `[hw_out, k]`, the GEMM's right operand.
            let mut col = None;
            if !geo.pointwise() {
                match scratch::<T>(k * hw_out) {
                    Ok(s) => col = Some(s),
                    Err(e) => return err.set(e),
                }
            }
            let mut col_t = match scratch::<T>(k * hw_out) {
                Ok(s) => s,
                Err(e) => return err.set(e),
            };
            let ct = col_t.as_mut_slice::<T>();
            for n in c * per..((c + 1) * per).min(geo.n) {
                for grp in 0..geo.p.groups {
                    let xg = &xs[(n * geo.c + grp * cg) * hw_in..(n * geo.c + (grp + 1) * cg) * hw_in];
                    let gg = gs[(n * geo.o + grp * og) * hw_out..].as_ptr();
                    match &mut col {
                        Some(s) => {
                            let cm = s.as_mut_slice::<T>();
                            im2col(geo, xg, 0, geo.ho, cm);
                            transpose_into(cm, k, hw_out, hw_out, ct);
                        }
                        None => transpose_into(xg, k, hw_out, hw_in, ct),
                    }
                    // dw_g (og x k) += g_g (og x hw_out) @ col^T (hw_out x k, row-major).
                    let dwg = dw[grp * og * k..].as_mut_ptr();
                    unsafe { T::gemm_block(og, hw_out, k, gg, hw_out as isize, 1, ct.as_ptr(), k as isize, 1, dwg, k, true) };
                }
            }
        });
    }
    err.take()?;
    let parts = partials.as_mut_slice::<T>();
    let (first, rest) = parts.split_at_mut(wlen);
    for part in rest.chunks_exact(wlen) {
        for (a, &b) in first.iter_mut().zip(part) {
            *a = a.add(b);
        }
    }
    Tensor::build::<T>(w_shape, |out| out.copy_from_slice(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(shape: &[usize], f: impl Fn(usize) -> f64) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = f(i))).unwrap()
    }

    /// The definition, one output element at a time.
    fn naive(x: &Tensor, w: &Tensor, p: &ConvParams) -> Vec<f64> {
        let geo = p.geometry("t", x.shape(), w.shape()).unwrap();
        let (xs, ws) = (x.to_vec::<f64>(), w.to_vec::<f64>());
        let (cg, og) = (geo.cg(), geo.og());
        let mut out = vec![0.0; geo.n * geo.o * geo.ho * geo.wo];
        for n in 0..geo.n {
            for o in 0..geo.o {
                let grp = o / og;
                for oh in 0..geo.ho {
                    for ow in 0..geo.wo {
                        let mut s = 0.0;
                        for ci in 0..cg {
                            for ki in 0..geo.kh {
                                for kj in 0..geo.kw {
                                    let ih = (oh * p.stride[0] + ki * p.dilation[0]) as isize - p.padding[0] as isize;
                                    let iw = (ow * p.stride[1] + kj * p.dilation[1]) as isize - p.padding[2] as isize;
                                    if ih < 0 || iw < 0 || ih >= geo.h as isize || iw >= geo.w as isize {
                                        continue;
                                    }
                                    let c = grp * cg + ci;
                                    s += xs[((n * geo.c + c) * geo.h + ih as usize) * geo.w + iw as usize]
                                        * ws[((o * cg + ci) * geo.kh + ki) * geo.kw + kj];
                                }
                            }
                        }
                        out[((n * geo.o + o) * geo.ho + oh) * geo.wo + ow] = s;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn matches_the_definition_over_strides_padding_dilation_groups() {
        for (stride, padding, dilation, groups) in [
            ([1, 1], [0; 4], [1, 1], 1),
            ([2, 1], [1, 1, 2, 2], [1, 1], 1),
            ([1, 2], [0, 1, 1, 0], [2, 1], 2),
            ([3, 3], [2; 4], [1, 2], 4),
        ] {
            let p = ConvParams { stride, padding, dilation, groups };
            let x = t(&[2, 4, 7, 6], |i| ((i * 7919) % 13) as f64 - 6.0);
            let w = t(&[8, 4 / groups, 3, 2], |i| ((i * 104729) % 11) as f64 - 5.0);
            let y = conv2d(&x, &w, None, &p).unwrap();
            assert_eq!(y.to_vec::<f64>(), naive(&x, &w, &p), "{p:?}");
        }
    }

    #[test]
    fn input_and_weight_grads_are_the_adjoints() {
        // <conv(x, w), g> == <x, conv^T(g, w)> == <w, dW(x, g)> for integer-valued data (exact).
        let p = ConvParams { stride: [2, 1], padding: [1, 0, 2, 1], dilation: [1, 2], groups: 2 };
        let x = t(&[3, 4, 6, 7], |i| ((i * 31) % 7) as f64 - 3.0);
        let w = t(&[6, 2, 3, 2], |i| ((i * 17) % 5) as f64 - 2.0);
        let y = conv2d(&x, &w, None, &p).unwrap();
        let g = t(y.shape(), |i| ((i * 13) % 9) as f64 - 4.0);
        let dot = |a: &Tensor, b: &Tensor| a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()).map(|(u, v)| u * v).sum::<f64>();
        let gx = conv2d_input_grad(&g, &w, &p, [6, 7]).unwrap();
        let gw = conv2d_weight_grad(&x, &g, &p, w.shape()).unwrap();
        assert_eq!(dot(&y, &g), dot(&x, &gx));
        assert_eq!(dot(&y, &g), dot(&w, &gw));
    }

    #[test]
    fn transpose_into_covers_ragged_tiles_and_strided_rows() {
        for (rows, cols, ld) in [(1, 1, 1), (8, 8, 8), (9, 17, 20), (27, 1024, 1024), (3, 7, 7), (16, 5, 9)] {
            let src: Vec<f64> = (0..(rows - 1) * ld + cols).map(|i| i as f64).collect();
            let want: Vec<f64> = (0..rows * cols).map(|i| src[(i % rows) * ld + i / rows]).collect();
            let mut d64 = vec![-1.0; rows * cols];
            transpose_into(&src, rows, cols, ld, &mut d64);
            assert_eq!(d64, want, "{rows}x{cols} ld {ld}");
            let s32: Vec<f32> = src.iter().map(|&v| v as f32).collect();
            let mut d32 = vec![-1.0f32; rows * cols];
            transpose_into(&s32, rows, cols, ld, &mut d32);
            assert!(d32.iter().zip(&want).all(|(&a, &b)| a as f64 == b), "{rows}x{cols} ld {ld}");
        }
    }

    #[test]
    fn configuration_errors_name_the_values() {
        let x = t(&[1, 4, 5, 5], |_| 1.0);
        let p = ConvParams { stride: [1, 1], padding: [0; 4], dilation: [1, 1], groups: 3 };
        let e = conv2d(&x, &t(&[6, 2, 3, 3], |_| 1.0), None, &p).err().unwrap();
        assert_eq!(e.code, TF_Code::TF_LAYER_CONFIG_ERROR);
        assert!(e.message.contains("groups 3 must divide the input channels 4"), "{}", e.message);
        let p = ConvParams { groups: 1, ..p };
        let e = conv2d(&x, &t(&[2, 4, 6, 3], |_| 1.0), None, &p).err().unwrap();
        assert!(e.message.contains("kernel 6x3"), "{}", e.message);
    }
}
