//! 2-D pooling over NCHW tensors (the 1-D poolings are these over a height of 1): max and
//! average pooling over strided windows (PyTorch's `max_pool2d` / `avg_pool2d`, with padding,
//! dilation and ceil_mode) and over adaptive windows (`adaptive_{max,avg}_pool2d`).
//!
//! Every pooling is separable into per-axis windows ([`Axis`]): output position `i` of an axis
//! reads input positions `lo[i], lo[i] + step, ..` below `hi[i]`, so one kernel per reduction
//! serves both the strided and the adaptive forms. Four kernels, threaded over blocks of (N*C)
//! planes on the team (the split from the shape only):
//! - [`max_pool2d`]: the maxima and their int64 flat indices into each `H * W` plane, exactly
//!   PyTorch's (the first maximum in row-major window order; a NaN wins, the last NaN);
//! - [`max_pool2d_backward`]: the output gradient scattered (added) through those indices;
//! - [`avg_pool2d`] and [`avg_pool2d_backward`], each the adjoint of the other.

use super::conv::config;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::elementwise::float::Float;
use crate::runtime::threads::{run_tasks, SendPtr};
use crate::tensor::Tensor;

/// Which windows a pooling reads. Values are checked by [`PoolSpec::geometry`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolSpec {
    /// Windows of `kernel` (height, width) every `stride`, on an input padded by `padding` on
    /// both sides, reading every `dilation`-th element; `ceil_mode` rounds the output size up
    /// (dropping a last window that would start in the right/bottom padding, as PyTorch does).
    Window { kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2], dilation: [usize; 2], ceil_mode: bool },
    /// `out` windows per axis, window `i` of an axis of length `n` covering
    /// `floor(i * n / out) .. ceil((i + 1) * n / out)`.
    Adaptive { out: [usize; 2] },
}

/// How average pooling divides: by the window's size counting the padding it covers
/// (`count_include_pad`) or not, or by `divisor_override` when given (> 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvgOptions {
    pub count_include_pad: bool,
    pub divisor_override: Option<i64>,
}

/// The windows along one axis: output `i` reads `lo[i], lo[i] + step, ...` while `< hi[i]`;
/// `padded[i]` is the window's length counting the padding it covers (average pooling's
/// `count_include_pad` divisor).
#[derive(Clone, Debug)]
pub(crate) struct Axis {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
    pub padded: Vec<usize>,
    pub step: usize,
}

impl Axis {
    fn len(&self) -> usize {
        self.lo.len()
    }
    /// How many input positions window `i` reads.
    fn count(&self, i: usize) -> usize {
        if self.hi[i] > self.lo[i] {
            (self.hi[i] - self.lo[i]).div_ceil(self.step)
        } else {
            0
        }
    }
}

/// PyTorch's pooling output size (`pooling_output_shape`): `floor_or_ceil((len + 2 pad -
/// dilation (k - 1) - 1) / stride) + 1`, less one in ceil mode when the last window would start
/// in the padding. May be zero or negative (the caller reports it).
pub fn pool_out_len(len: usize, k: usize, stride: usize, pad: usize, dilation: usize, ceil_mode: bool) -> i64 {
    let (len, k, s, p, d) = (len as i64, k as i64, stride as i64, pad as i64, dilation as i64);
    let num = len + 2 * p - d * (k - 1) - 1 + if ceil_mode { s - 1 } else { 0 };
    let mut out = num.div_euclid(s) + 1;
    if ceil_mode && (out - 1) * s >= len + p {
        out -= 1;
    }
    out
}

/// The sizes of one pooling, checked.
#[derive(Clone, Debug)]
pub(crate) struct Geometry {
    pub planes: usize,
    pub h: usize,
    pub w: usize,
    pub rows: Axis,
    pub cols: Axis,
}

impl Geometry {
    fn out_hw(&self) -> usize {
        self.rows.len() * self.cols.len()
    }
    fn in_hw(&self) -> usize {
        self.h * self.w
    }
    /// Planes per task: about 2^15 window reads each, from the shape only.
    fn planes_per_task(&self) -> usize {
        let reads: usize = (0..self.rows.len()).map(|i| self.rows.count(i)).sum::<usize>()
            * (0..self.cols.len()).map(|j| self.cols.count(j)).sum::<usize>();
        ((1usize << 15) / (reads + self.in_hw()).max(1)).max(1)
    }
}

impl PoolSpec {
    fn check(&self, name: &str) -> Result<()> {
        match *self {
            PoolSpec::Window { kernel, stride, padding, dilation, .. } => {
                if kernel.contains(&0) || stride.contains(&0) || dilation.contains(&0) {
                    return Err(config(format!(
                        "{name}: kernel_size {kernel:?}, stride {stride:?} and dilation {dilation:?} must be positive"
                    )));
                }
                if padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2 {
                    return Err(config(format!(
                        "{name}: padding {padding:?} must be at most half of kernel_size {kernel:?}"
                    )));
                }
            }
            PoolSpec::Adaptive { out } => {
                if out.contains(&0) {
                    return Err(config(format!("{name}: output_size {out:?} must be positive")));
                }
            }
        }
        Ok(())
    }

    /// The windows of this pooling over an input of shape `[N, C, H, W]`; `max` selects max
    /// pooling's dilated windows, else average pooling's (which reads no dilation and counts the
    /// padding a window covers, up to the padded edge).
    pub(crate) fn geometry(&self, name: &str, x: &[usize], max: bool) -> Result<Geometry> {
        self.check(name)?;
        if x.len() != 4 {
            return Err(Error::shape(format!("{name}: expected a 4-d input [N, C, H, W], got shape {}", fmt_shape(x))));
        }
        let (h, w) = (x[2], x[3]);
        let axis = |i: usize, len: usize| -> Result<Axis> {
            match *self {
                PoolSpec::Adaptive { out } => {
                    if len == 0 {
                        return Err(config(format!(
                            "{name}: input {h}x{w} has no elements along {} to pool to output_size {out:?}",
                            if i == 0 { "the height" } else { "the width" }
                        )));
                    }
                    let n = out[i];
                    let lo: Vec<usize> = (0..n).map(|o| o * len / n).collect();
                    let hi: Vec<usize> = (0..n).map(|o| ((o + 1) * len).div_ceil(n)).collect();
                    let padded = lo.iter().zip(&hi).map(|(l, h)| h - l).collect();
                    Ok(Axis { lo, hi, padded, step: 1 })
                }
                PoolSpec::Window { kernel, stride, padding, dilation, ceil_mode } => {
                    let (k, s, p) = (kernel[i], stride[i], padding[i]);
                    let d = if max { dilation[i] } else { 1 };
                    let n = pool_out_len(len, k, s, p, d, ceil_mode);
                    if n < 1 || len == 0 {
                        return Err(config(format!(
                            "{name}: input {}x{} with kernel_size {kernel:?}, stride {stride:?}, padding {padding:?}{} gives the output size {n} along {}, which must be positive",
                            h,
                            w,
                            if max { format!(", dilation {dilation:?}") } else { String::new() },
                            if i == 0 { "the height" } else { "the width" }
                        )));
                    }
                    let mut ax = Axis { lo: vec![], hi: vec![], padded: vec![], step: d };
                    for o in 0..n as usize {
                        let start = (o * s) as i64 - p as i64;
                        let (lo, hi, padded) = if max {
                            let end = (start + ((k - 1) * d) as i64 + 1).min(len as i64);
                            let mut lo = start;
                            while lo < 0 {
                                lo += d as i64;
                            }
                            (lo, end, 0)
                        } else {
                            let end = (start + k as i64).min((len + p) as i64);
                            (start.max(0), end.min(len as i64), end - start)
                        };
                        ax.lo.push(lo as usize);
                        ax.hi.push(hi.max(0) as usize);
                        ax.padded.push(padded as usize);
                    }
                    Ok(ax)
                }
            }
        };
        Ok(Geometry { planes: x[0] * x[1], h, w, rows: axis(0, h)?, cols: axis(1, w)? })
    }
}

/// The dtype the pooling runs in: the input's, which must be float32 or float64.
fn float_dtype(name: &str, x: &Tensor) -> Result<DType> {
    match x.dtype() {
        DType::F32 | DType::F64 => Ok(x.dtype()),
        d => Err(Error::dtype(format!("{name}: needs a float32 or float64 input, got {}", d.name()))),
    }
}

/// Runs `f(plane, in_plane_index)` for every plane on the team, in blocks of planes.
fn per_plane(geo: &Geometry, f: impl Fn(usize) + Sync) {
    let per = geo.planes_per_task();
    let tasks = geo.planes.div_ceil(per);
    run_tasks(tasks, &|t| (t * per..((t + 1) * per).min(geo.planes)).for_each(&f));
}

/// Max pooling of `x` (`[N, C, H, W]`): the maxima `[N, C, Ho, Wo]` in x's dtype and their
/// int64 flat indices into each `H * W` plane. A window with no element in the input (possible
/// only with dilation on a tiny input) gives -inf, as PyTorch, and the index -1 (no input gets
/// its gradient).
pub fn max_pool2d(x: &Tensor, spec: &PoolSpec) -> Result<(Tensor, Tensor)> {
    let name = match spec {
        PoolSpec::Window { .. } => "max_pool2d",
        PoolSpec::Adaptive { .. } => "adaptive_max_pool2d",
    };
    let geo = spec.geometry(name, x.shape(), true)?;
    let dt = float_dtype(name, x)?;
    let x = x.contiguous()?;
    match dt {
        DType::F32 => max_forward::<f32>(&geo, &x),
        _ => max_forward::<f64>(&geo, &x),
    }
}

fn max_forward<T: Float>(geo: &Geometry, x: &Tensor) -> Result<(Tensor, Tensor)> {
    let (s, ho, wo) = (x.shape(), geo.rows.len(), geo.cols.len());
    let shape = [s[0], s[1], ho, wo];
    let xs = x.contiguous_slice::<T>();
    let (in_hw, out_hw) = (geo.in_hw(), geo.out_hw());
    let mut values = None;
    let indices = Tensor::build::<i64>(&shape, |idx| {
        values = Some(Tensor::build::<T>(&shape, |out| {
            if out.is_empty() {
                return;
            }
            let (vp, ip) = (SendPtr(out.as_mut_ptr()), SendPtr(idx.as_mut_ptr()));
            per_plane(geo, |p| {
                let plane = &xs[p * in_hw..(p + 1) * in_hw];
                // SAFETY: plane p alone writes outputs p * out_hw .. (p + 1) * out_hw.
                let (vo, io) = unsafe {
                    (
                        std::slice::from_raw_parts_mut(vp.get().add(p * out_hw), out_hw),
                        std::slice::from_raw_parts_mut(ip.get().add(p * out_hw), out_hw),
                    )
                };
                for i in 0..ho {
                    let (rl, rh, rs) = (geo.rows.lo[i], geo.rows.hi[i], geo.rows.step);
                    for j in 0..wo {
                        let (cl, ch, cs) = (geo.cols.lo[j], geo.cols.hi[j], geo.cols.step);
                        let mut best = T::from_f64(f64::NEG_INFINITY);
                        // A window with no input element gets the index -1: the -inf it gives
                        // depends on no input (PyTorch's index there, the window's first padded
                        // position, may lie outside the plane or on another element).
                        let empty = geo.rows.count(i) == 0 || geo.cols.count(j) == 0;
                        let mut at = if empty { -1 } else { (rl * geo.w + cl) as i64 };
                        for r in (rl..rh).step_by(rs) {
                            let row = &plane[r * geo.w..(r + 1) * geo.w];
                            for c in (cl..ch).step_by(cs) {
                                let v = row[c];
                                if v > best || v.is_nan() {
                                    best = v;
                                    at = (r * geo.w + c) as i64;
                                }
                            }
                        }
                        vo[i * wo + j] = best;
                        io[i * wo + j] = at;
                    }
                }
            });
        }));
    })?;
    Ok((values.expect("built")?, indices))
}

/// The gradient of a max pooling with respect to its input of spatial size `input_hw`: `g`
/// (`[N, C, Ho, Wo]`) added into zeros `[N, C, H, W]` at the flat plane `indices` (int64, g's
/// shape); an index of -1 (an empty window) adds nothing. Other indices outside the plane are
/// TF_INVALID_ARGUMENT.
pub fn max_pool2d_backward(g: &Tensor, indices: &Tensor, input_hw: [usize; 2]) -> Result<Tensor> {
    let name = "max_pool2d_backward";
    let gs = g.shape();
    if gs.len() != 4 || indices.shape() != gs {
        return Err(Error::shape(format!(
            "{name}: expected a 4-d gradient and int64 indices of its shape, got shapes {} and {}",
            fmt_shape(gs),
            fmt_shape(indices.shape())
        )));
    }
    if indices.dtype() != DType::I64 {
        return Err(Error::dtype(format!("{name}: indices must be int64, got {}", indices.dtype().name())));
    }
    let dt = float_dtype(name, g)?;
    let (g, idx) = (g.contiguous()?, indices.contiguous()?);
    let in_hw = input_hw[0] * input_hw[1];
    if let Some(&bad) = idx.contiguous_slice::<i64>().iter().find(|&&i| i < -1 || (i >= 0 && i as usize >= in_hw)) {
        return Err(Error::invalid(format!(
            "{name}: index {bad} is outside the {}x{} input plane",
            input_hw[0], input_hw[1]
        )));
    }
    match dt {
        DType::F32 => scatter::<f32>(&g, &idx, input_hw),
        _ => scatter::<f64>(&g, &idx, input_hw),
    }
}

fn scatter<T: Float>(g: &Tensor, idx: &Tensor, input_hw: [usize; 2]) -> Result<Tensor> {
    let s = g.shape();
    let (planes, out_hw, in_hw) = (s[0] * s[1], s[2] * s[3], input_hw[0] * input_hw[1]);
    let (gs, is) = (g.contiguous_slice::<T>(), idx.contiguous_slice::<i64>());
    let per = ((1usize << 15) / (out_hw + in_hw).max(1)).max(1);
    Tensor::build::<T>(&[s[0], s[1], input_hw[0], input_hw[1]], |out| {
        if out.is_empty() {
            return;
        }
        let base = SendPtr(out.as_mut_ptr());
        run_tasks(planes.div_ceil(per), &|t| {
            for p in t * per..((t + 1) * per).min(planes) {
                // SAFETY: plane p alone writes its input plane.
                let dx = unsafe { std::slice::from_raw_parts_mut(base.get().add(p * in_hw), in_hw) };
                dx.fill(T::zero());
                for (&gv, &i) in gs[p * out_hw..(p + 1) * out_hw].iter().zip(&is[p * out_hw..(p + 1) * out_hw]) {
                    if i < 0 {
                        continue;
                    }
                    let d = &mut dx[i as usize];
                    *d = d.add(gv);
                }
            }
        });
    })
}

/// The divisor of output (i, j) of an average pooling.
fn divisor(geo: &Geometry, o: &AvgOptions, i: usize, j: usize) -> f64 {
    if let Some(d) = o.divisor_override {
        return d as f64;
    }
    if o.count_include_pad {
        (geo.rows.padded[i] * geo.cols.padded[j]) as f64
    } else {
        (geo.rows.count(i) * geo.cols.count(j)) as f64
    }
}

fn avg_name(spec: &PoolSpec, backward: bool) -> &'static str {
    match (spec, backward) {
        (PoolSpec::Window { .. }, false) => "avg_pool2d",
        (PoolSpec::Window { .. }, true) => "avg_pool2d_backward",
        (PoolSpec::Adaptive { .. }, false) => "adaptive_avg_pool2d",
        (PoolSpec::Adaptive { .. }, true) => "adaptive_avg_pool2d_backward",
    }
}

fn check_divisor(name: &str, o: &AvgOptions) -> Result<()> {
    match o.divisor_override {
        Some(d) if d <= 0 => Err(config(format!("{name}: divisor_override must be positive, got {d}"))),
        _ => Ok(()),
    }
}

/// Average pooling of `x` (`[N, C, H, W]`): each window's sum over the input elements it covers,
/// divided as `o` says. A window entirely in the padding gives 0.
pub fn avg_pool2d(x: &Tensor, spec: &PoolSpec, o: &AvgOptions) -> Result<Tensor> {
    let name = avg_name(spec, false);
    check_divisor(name, o)?;
    let geo = spec.geometry(name, x.shape(), false)?;
    let dt = float_dtype(name, x)?;
    let x = x.contiguous()?;
    match dt {
        DType::F32 => avg_forward::<f32>(&geo, o, &x),
        _ => avg_forward::<f64>(&geo, o, &x),
    }
}

fn avg_forward<T: Float>(geo: &Geometry, o: &AvgOptions, x: &Tensor) -> Result<Tensor> {
    let (s, ho, wo) = (x.shape(), geo.rows.len(), geo.cols.len());
    let xs = x.contiguous_slice::<T>();
    let (in_hw, out_hw) = (geo.in_hw(), geo.out_hw());
    Tensor::build::<T>(&[s[0], s[1], ho, wo], |out| {
        if out.is_empty() {
            return;
        }
        let base = SendPtr(out.as_mut_ptr());
        per_plane(geo, |p| {
            let plane = &xs[p * in_hw..(p + 1) * in_hw];
            // SAFETY: plane p alone writes its output plane.
            let y = unsafe { std::slice::from_raw_parts_mut(base.get().add(p * out_hw), out_hw) };
            for i in 0..ho {
                for j in 0..wo {
                    let mut acc = 0.0f64;
                    for r in geo.rows.lo[i]..geo.rows.hi[i] {
                        let row = &plane[r * geo.w..(r + 1) * geo.w];
                        for &v in &row[geo.cols.lo[j]..geo.cols.hi[j].max(geo.cols.lo[j])] {
                            acc += v.to_f64();
                        }
                    }
                    let empty = geo.rows.count(i) == 0 || geo.cols.count(j) == 0;
                    y[i * wo + j] = T::from_f64(if empty { 0.0 } else { acc / divisor(geo, o, i, j) });
                }
            }
        });
    })
}

/// The gradient of `avg_pool2d` with respect to its input of spatial size `input_hw` (its
/// adjoint): each `g` element (`[N, C, Ho, Wo]`) divided by its window's divisor and added over
/// the window.
pub fn avg_pool2d_backward(g: &Tensor, spec: &PoolSpec, o: &AvgOptions, input_hw: [usize; 2]) -> Result<Tensor> {
    let name = avg_name(spec, true);
    check_divisor(name, o)?;
    let gs = g.shape();
    if gs.len() != 4 {
        return Err(Error::shape(format!("{name}: expected a 4-d gradient, got shape {}", fmt_shape(gs))));
    }
    let geo = spec.geometry(name, &[gs[0], gs[1], input_hw[0], input_hw[1]], false)?;
    if gs[2..] != [geo.rows.len(), geo.cols.len()] {
        return Err(Error::shape(format!(
            "{name}: gradient of shape {} does not match the pooling's output {}x{}",
            fmt_shape(gs),
            geo.rows.len(),
            geo.cols.len()
        )));
    }
    let dt = float_dtype(name, g)?;
    let g = g.contiguous()?;
    match dt {
        DType::F32 => avg_backward::<f32>(&geo, o, &g),
        _ => avg_backward::<f64>(&geo, o, &g),
    }
}

fn avg_backward<T: Float>(geo: &Geometry, o: &AvgOptions, g: &Tensor) -> Result<Tensor> {
    let (s, ho, wo) = (g.shape(), geo.rows.len(), geo.cols.len());
    let gs = g.contiguous_slice::<T>();
    let (in_hw, out_hw) = (geo.in_hw(), geo.out_hw());
    // Accumulated in f64, one plane at a time.
    Tensor::build::<T>(&[s[0], s[1], geo.h, geo.w], |out| {
        if out.is_empty() {
            return;
        }
        let base = SendPtr(out.as_mut_ptr());
        per_plane(geo, |p| {
            let gp = &gs[p * out_hw..(p + 1) * out_hw];
            let mut acc = vec![0.0f64; in_hw];
            for i in 0..ho {
                for j in 0..wo {
                    if geo.rows.count(i) == 0 || geo.cols.count(j) == 0 {
                        continue;
                    }
                    let v = gp[i * wo + j].to_f64() / divisor(geo, o, i, j);
                    for r in geo.rows.lo[i]..geo.rows.hi[i] {
                        for a in &mut acc[r * geo.w + geo.cols.lo[j]..r * geo.w + geo.cols.hi[j]] {
                            *a += v;
                        }
                    }
                }
            }
            // SAFETY: plane p alone writes its input plane.
            let dx = unsafe { std::slice::from_raw_parts_mut(base.get().add(p * in_hw), in_hw) };
            for (d, a) in dx.iter_mut().zip(acc) {
                *d = T::from_f64(a);
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(shape: &[usize], f: impl Fn(usize) -> f64) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = f(i))).unwrap()
    }

    fn win(k: usize, s: usize, p: usize, d: usize, ceil_mode: bool) -> PoolSpec {
        PoolSpec::Window { kernel: [k, k], stride: [s, s], padding: [p, p], dilation: [d, d], ceil_mode }
    }

    #[test]
    fn output_sizes_follow_pytorch() {
        // torch: 5 with k=2, s=2: floor 2, ceil 3; the ceil window starting in padding is dropped.
        assert_eq!(pool_out_len(5, 2, 2, 0, 1, false), 2);
        assert_eq!(pool_out_len(5, 2, 2, 0, 1, true), 3);
        assert_eq!(pool_out_len(6, 3, 2, 1, 1, true), 4); // the last window starts at 5, inside
        assert_eq!(pool_out_len(4, 2, 3, 1, 1, true), 2);
        assert_eq!(pool_out_len(3, 3, 1, 0, 2, false), -1);
    }

    #[test]
    fn max_pool_picks_torch_indices_and_nan() {
        let x = t(&[1, 1, 2, 3], |i| [1.0, 5.0, 5.0, f64::NAN, 2.0, 0.0][i]);
        let (v, i) = max_pool2d(&x, &win(2, 1, 0, 1, false)).unwrap();
        let v = v.to_vec::<f64>();
        assert!(v[0].is_nan() && v[1] == 5.0);
        assert_eq!(i.to_vec::<i64>(), vec![3, 1]);
    }

    #[test]
    fn empty_dilated_windows_give_minus_inf_and_index_minus_one() {
        // Width 1, kernel 2, dilation 2, padding 1: the window reads columns -1 and 1, neither in
        // the input.
        let x = t(&[1, 1, 3, 1], |i| i as f64);
        let spec = PoolSpec::Window { kernel: [1, 2], stride: [1, 1], padding: [0, 1], dilation: [1, 2], ceil_mode: false };
        let (v, i) = max_pool2d(&x, &spec).unwrap();
        assert_eq!(v.to_vec::<f64>(), vec![f64::NEG_INFINITY; 3]);
        assert_eq!(i.to_vec::<i64>(), vec![-1; 3]);
        let g = t(&[1, 1, 3, 1], |_| 1.0);
        assert_eq!(max_pool2d_backward(&g, &i, [3, 1]).unwrap().to_vec::<f64>(), vec![0.0; 3]);
    }

    #[test]
    fn avg_backward_is_the_adjoint() {
        for spec in [win(3, 2, 1, 1, true), win(2, 1, 1, 1, false), PoolSpec::Adaptive { out: [3, 4] }] {
            for o in [
                AvgOptions { count_include_pad: true, divisor_override: None },
                AvgOptions { count_include_pad: false, divisor_override: None },
                AvgOptions { count_include_pad: false, divisor_override: Some(3) },
            ] {
                let x = t(&[2, 3, 5, 7], |i| ((i * 31) % 7) as f64 - 3.0);
                let y = avg_pool2d(&x, &spec, &o).unwrap();
                let g = t(y.shape(), |i| ((i * 13) % 9) as f64 - 4.0);
                let gx = avg_pool2d_backward(&g, &spec, &o, [5, 7]).unwrap();
                let dot = |a: &Tensor, b: &Tensor| a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()).map(|(u, v)| u * v).sum::<f64>();
                assert!((dot(&y, &g) - dot(&x, &gx)).abs() < 1e-9, "{spec:?} {o:?}");
            }
        }
    }

    #[test]
    fn configuration_errors_name_the_values() {
        let x = t(&[1, 1, 4, 4], |_| 1.0);
        let e = max_pool2d(&x, &win(2, 2, 2, 1, false)).err().unwrap();
        assert_eq!(e.code, crate::error::TF_Code::TF_LAYER_CONFIG_ERROR);
        assert!(e.message.contains("max_pool2d: padding [2, 2]"), "{}", e.message);
        let e = avg_pool2d(&x, &PoolSpec::Adaptive { out: [0, 2] }, &AvgOptions { count_include_pad: true, divisor_override: None })
            .err()
            .unwrap();
        assert!(e.message.contains("adaptive_avg_pool2d: output_size [0, 2]"), "{}", e.message);
    }
}
