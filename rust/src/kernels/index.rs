//! Indexing: basic indexing (ints, slices, new axes, ellipsis) as views, NumPy advanced indexing
//! (integer and boolean index tensors) as gathers, in-place assignment through a view, and the
//! index-driven kernels `take`, `take_along_axis`, `gather`, `scatter_add` and `nonzero`.
//!
//! Writes (`assign`, `index_assign`) are the one place where the core mutates existing storage;
//! see `write_through` for the safety argument.

use super::elementwise::arith::Arith;
use crate::dtype::{DType, Element};
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{broadcast_shapes, contiguous_strides, normalize_axis, Dims, Layout, Strides, Walk};
use crate::tensor::Tensor;
use crate::with_dtype;
use smallvec::SmallVec;
use std::sync::Arc;

/// One item of a basic index, as in `t[1, 2:5:2, None, ...]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexItem {
    /// Selects one position (negative counts from the end) and removes the dim.
    Int(i64),
    /// `start:stop:step` with Python's meaning; `None` is an omitted bound.
    Slice(Option<i64>, Option<i64>, i64),
    /// Inserts a dim of size 1.
    NewAxis,
    /// Stands for as many full slices as needed to index every dim.
    Ellipsis,
}

/// Python's `slice.indices` + length: the first position and the count of a slice over `n`.
pub fn slice_range(n: usize, start: Option<i64>, stop: Option<i64>, step: i64) -> Result<(i64, usize)> {
    if step == 0 {
        return Err(Error::invalid("slice step cannot be zero"));
    }
    let n = n as i128;
    let step = step as i128;
    let clamp = |v: Option<i64>, default: i128, lo: i128, hi: i128| -> i128 {
        match v {
            None => default,
            Some(v) => {
                let v = v as i128;
                let v = if v < 0 { v + n } else { v };
                v.clamp(lo, hi)
            }
        }
    };
    let (start, len) = if step > 0 {
        let start = clamp(start, 0, 0, n);
        let stop = clamp(stop, n, 0, n);
        (start, if stop > start { (stop - start + step - 1) / step } else { 0 })
    } else {
        let start = clamp(start, n - 1, -1, n - 1);
        let stop = clamp(stop, -1, -1, n - 1);
        (start, if start > stop { (start - stop - 1) / (-step) + 1 } else { 0 })
    };
    Ok((start as i64, len as usize))
}

fn out_of_bounds(index: i64, axis: usize, size: usize) -> Error {
    Error::invalid(format!("index {index} is out of bounds for axis {axis} with size {size}"))
}

/// Normalizes a possibly negative index into `0..size`.
#[inline]
fn norm_index(i: i64, axis: usize, size: usize) -> Result<usize> {
    let j = if i < 0 { i as i128 + size as i128 } else { i as i128 };
    if j < 0 || j >= size as i128 {
        return Err(out_of_bounds(i, axis, size));
    }
    Ok(j as usize)
}

/// Basic indexing: a view sharing storage with `t` (NumPy's view semantics).
pub fn slice(t: &Tensor, items: &[IndexItem]) -> Result<Tensor> {
    let ndim = t.ndim();
    let consumed = items.iter().filter(|i| matches!(i, IndexItem::Int(_) | IndexItem::Slice(..))).count();
    let ellipses = items.iter().filter(|i| matches!(i, IndexItem::Ellipsis)).count();
    if ellipses > 1 {
        return Err(Error::invalid("an index can only have a single ellipsis ('...')"));
    }
    if consumed > ndim {
        return Err(Error::invalid(format!(
            "too many indices for tensor: tensor is {ndim}-dimensional, but {consumed} were indexed"
        )));
    }
    let l = t.layout();
    let mut shape: Dims = SmallVec::new();
    let mut strides: Strides = SmallVec::new();
    let mut offset = l.offset as isize;
    let mut d = 0usize;
    for item in items {
        match *item {
            IndexItem::Int(i) => {
                let j = norm_index(i, d, l.shape[d])?;
                offset += j as isize * l.strides[d];
                d += 1;
            }
            IndexItem::Slice(start, stop, step) => {
                let (s, len) = slice_range(l.shape[d], start, stop, step)?;
                if len > 0 {
                    offset += s as isize * l.strides[d];
                }
                shape.push(len);
                strides.push(l.strides[d] * step as isize);
                d += 1;
            }
            IndexItem::NewAxis => {
                shape.push(1);
                strides.push(0);
            }
            IndexItem::Ellipsis => {
                for _ in 0..ndim - consumed {
                    shape.push(l.shape[d]);
                    strides.push(l.strides[d]);
                    d += 1;
                }
            }
        }
    }
    while d < ndim {
        shape.push(l.shape[d]);
        strides.push(l.strides[d]);
        d += 1;
    }
    // An empty view never reads its offset; keep it inside the storage.
    if shape.iter().any(|&s| s == 0) {
        offset = l.offset as isize;
    }
    Ok(t.view(Layout { shape, strides, offset: offset as usize }))
}

/// Element offsets (relative to 0) of every position of a (shape, strides) view, row-major.
pub(crate) fn offsets(shape: &[usize], strides: &[isize]) -> Vec<isize> {
    let n: usize = shape.iter().product();
    let mut v = Vec::with_capacity(n);
    if n == 0 {
        return v;
    }
    let walk = Walk::new(shape, [strides]);
    walk.rows([0], |[o], len, [s]| {
        for i in 0..len as isize {
            v.push(o + i * s);
        }
    });
    v
}

/// Copies `src` (any view) into the positions `dst` of a buffer (same shape as `src`).
pub(crate) fn copy_to_layout<T: Element>(src: &Tensor, out: &mut [T], dst: &Layout) {
    debug_assert_eq!(src.shape(), &dst.shape[..]);
    let s = src.storage.as_slice::<T>();
    let walk = Walk::new(&dst.shape, [src.strides(), &dst.strides]);
    walk.rows([src.layout().offset as isize, dst.offset as isize], |[os, od], n, [ss, sd]| {
        if ss == 1 && sd == 1 {
            out[od as usize..od as usize + n].copy_from_slice(&s[os as usize..os as usize + n]);
        } else {
            for i in 0..n as isize {
                out[(od + i * sd) as usize] = s[(os + i * ss) as usize];
            }
        }
    });
}

/// Outer-product gather: output position (i0, i1, ...) reads the element at
/// `base + axis_offs[0][i0] + axis_offs[1][i1] + ...` of `src`. `out` has the product of the
/// `axis_offs` lengths elements.
pub(crate) fn gather_outer<T: Element>(src: &[T], base: isize, axis_offs: &[Vec<isize>], out: &mut [T]) {
    if out.is_empty() {
        return;
    }
    let nd = axis_offs.len();
    if nd == 0 {
        out[0] = src[base as usize];
        return;
    }
    let inner = &axis_offs[nd - 1];
    let mut idx = vec![0usize; nd - 1];
    let mut outer = base + axis_offs[..nd - 1].iter().map(|o| o[0]).sum::<isize>();
    let mut pos = 0usize;
    loop {
        for (o, &off) in out[pos..pos + inner.len()].iter_mut().zip(inner) {
            *o = src[(outer + off) as usize];
        }
        pos += inner.len();
        let mut d = nd - 1;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            outer -= axis_offs[d][idx[d]];
            idx[d] += 1;
            if idx[d] < axis_offs[d].len() {
                outer += axis_offs[d][idx[d]];
                break;
            }
            idx[d] = 0;
            outer += axis_offs[d][0];
        }
    }
}

/// A new tensor whose dim `d` has `maps[d].len()` positions, position `j` reading position
/// `maps[d][j]` of `t` along that dim (every map entry must be in range).
pub(crate) fn gather_maps(t: &Tensor, maps: &[Vec<usize>]) -> Result<Tensor> {
    debug_assert_eq!(maps.len(), t.ndim());
    let shape: Dims = maps.iter().map(|m| m.len()).collect();
    let axis_offs: Vec<Vec<isize>> =
        maps.iter().zip(t.strides()).map(|(m, &s)| m.iter().map(|&j| j as isize * s).collect()).collect();
    with_dtype!(t.dtype(), T => Tensor::build::<T>(&shape, |out| {
        gather_outer(t.storage.as_slice::<T>(), t.layout().offset as isize, &axis_offs, out)
    }))
}

/// Writes the elements of `src` into the storage positions `dst_offs` (row-major order of the
/// `src` elements, same count) of `dst`'s storage.
///
/// # Safety (of the write)
/// Tensors are immutable values everywhere else in the core; this is the one exception, used
/// by `assign` and `index_assign` to implement NumPy's `a[key] = value`. The storage is a raw
/// allocation behind an `Arc`; no `&[T]` or `&mut [T]` over the destination storage is alive
/// while we write (the source was copied to private storage when it shared the destination's),
/// every offset lies inside the allocation (it addresses a valid element of a checked view),
/// and elements are written with `ptr::write` of valid `T`s. Concurrent readers or writers of
/// the same storage on other threads are the caller's responsibility, exactly as in NumPy.
unsafe fn write_through<T: Element>(dst: &Tensor, dst_offs: impl Iterator<Item = isize>, src: &Tensor) {
    dst.storage.bump_version();
    let base = dst.storage.as_ptr() as *mut T;
    let len = dst.storage.len() as isize;
    let c = src.contiguous().expect("contiguous copy of the source");
    let vals = c.contiguous_slice::<T>();
    for (o, &v) in dst_offs.zip(vals) {
        assert!(o >= 0 && o < len, "write offset {o} outside storage of {len} elements");
        base.offset(o).write(v);
    }
}

/// `src` as a value of `dst`'s dtype broadcast to `shape`, in storage that does not alias `dst`.
fn prepare_source(dst: &Tensor, src: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let mut src = src.cast(dst.dtype())?;
    if Arc::ptr_eq(&src.storage, &dst.storage) {
        src = src.contiguous_copy()?;
    }
    // NumPy drops leading size-1 dims of a value with more dims than the destination.
    let mut l = src.layout().clone();
    while l.ndim() > shape.len() && l.shape[0] == 1 {
        l.shape.remove(0);
        l.strides.remove(0);
    }
    let l = l.broadcast_to(shape).map_err(|_| {
        Error::shape(format!(
            "could not broadcast input tensor from shape {} into shape {}",
            fmt_shape(src.shape()),
            fmt_shape(shape)
        ))
    })?;
    Ok(src.view(l))
}


/// Zeros of `shape` with `g` written at `shape[items]` (the adjoint of `slice`).
pub fn slice_scatter(g: &Tensor, shape: &[usize], items: &[IndexItem]) -> Result<Tensor> {
    let z = Tensor::zeros(g.dtype(), shape)?;
    assign(&slice(&z, items)?, g)?;
    Ok(z)
}

/// Writes `src`, cast to `dst`'s dtype and broadcast to its shape, into the storage elements
/// `dst` views: the change is seen through every tensor sharing that storage (NumPy's
/// `dst[...] = src`). A broadcast (stride-0) destination receives the last value written.
pub fn assign(dst: &Tensor, src: &Tensor) -> Result<()> {
    let src = prepare_source(dst, src, dst.shape())?;
    if dst.numel() == 0 {
        return Ok(());
    }
    let l = dst.layout();
    let offs = offsets(&l.shape, &l.strides);
    with_dtype!(dst.dtype(), T => unsafe {
        write_through::<T>(dst, offs.into_iter().map(|o| o + l.offset as isize), &src)
    });
    Ok(())
}

// -- advanced indexing ------------------------------------------------------------------------

/// Where each output element of an advanced index reads (or each written element goes):
/// storage offset `base + pre[i] + mid[j] + post[k]` for output position (i, j, k) in row-major
/// order of `pre_shape + index_shape + post_shape`.
struct Plan {
    base: isize,
    pre: Vec<isize>,
    mid: Vec<isize>,
    post: Vec<isize>,
    shape: Dims,
}

impl Plan {
    fn offsets(&self) -> impl Iterator<Item = isize> + '_ {
        self.pre.iter().flat_map(move |&a| {
            self.mid.iter().flat_map(move |&b| self.post.iter().map(move |&c| self.base + a + b + c))
        })
    }
}

fn index_dtype_error(dt: DType) -> Error {
    Error::dtype(format!("tensors used as indices must be of integer (or bool) type, got {}", dt.name()))
}

/// One int64 index tensor per dim a bool mask covers (`nonzero` of the mask).
fn expand_indices(t: &Tensor, indices: &[&Tensor], axes: &[i64]) -> Result<Vec<(usize, Tensor)>> {
    if indices.len() != axes.len() {
        return Err(Error::invalid(format!(
            "{} index tensors but {} axes",
            indices.len(),
            axes.len()
        )));
    }
    if indices.is_empty() {
        return Err(Error::invalid("advanced indexing needs at least one index tensor"));
    }
    let ndim = t.ndim();
    let mut out: Vec<(usize, Tensor)> = Vec::new();
    for (&idx, &ax) in indices.iter().zip(axes) {
        if idx.dtype() == DType::Bool {
            let k = idx.ndim();
            if k == 0 {
                return Err(Error::invalid("a 0-d bool index is not supported here; index a new axis with a 1-element mask"));
            }
            if ax < 0 || ax as usize + k > ndim {
                return Err(Error::invalid(format!(
                    "a bool index of dimension {k} at axis {ax} does not fit a tensor of dimension {ndim}"
                )));
            }
            let a = ax as usize;
            for j in 0..k {
                if idx.shape()[j] != t.shape()[a + j] {
                    return Err(Error::invalid(format!(
                        "boolean index did not match indexed tensor along axis {}; size of axis is {} but size of corresponding boolean axis is {}",
                        a + j,
                        t.shape()[a + j],
                        idx.shape()[j]
                    )));
                }
            }
            for (j, nz) in nonzero(idx)?.into_iter().enumerate() {
                out.push((a + j, nz));
            }
        } else if idx.dtype().is_int() {
            let a = normalize_axis(ax, ndim)?;
            out.push((a, idx.cast(DType::I64)?));
        } else {
            return Err(index_dtype_error(idx.dtype()));
        }
    }
    let mut seen = vec![false; ndim];
    for (a, _) in &out {
        if std::mem::replace(&mut seen[*a], true) {
            return Err(Error::invalid(format!("axis {a} is indexed more than once")));
        }
    }
    Ok(out)
}

fn plan(t: &Tensor, indices: &[&Tensor], axes: &[i64]) -> Result<Plan> {
    let adv = expand_indices(t, indices, axes)?;
    let mut bshape: Dims = SmallVec::new();
    for (_, i) in &adv {
        bshape = broadcast_shapes(&bshape, i.shape()).map_err(|_| {
            let shapes: Vec<String> = adv.iter().map(|(_, i)| fmt_shape(i.shape())).collect();
            Error::shape(format!("indexing tensors could not be broadcast together with shapes {}", shapes.join(" ")))
        })?;
    }
    let l = t.layout();
    let mut mid = vec![0isize; bshape.iter().product()];
    for (a, idx) in &adv {
        let il = idx.layout().broadcast_to(&bshape)?;
        let vals = idx.storage.as_slice::<i64>();
        let (size, stride) = (l.shape[*a], l.strides[*a]);
        for (m, o) in mid.iter_mut().zip(offsets(&il.shape, &il.strides)) {
            let v = vals[(il.offset as isize + o) as usize];
            *m += norm_index(v, *a, size)? as isize * stride;
        }
    }
    let adv_axes: Vec<usize> = adv.iter().map(|(a, _)| *a).collect();
    let consecutive = adv_axes.windows(2).all(|w| w[1] == w[0] + 1);
    let first = adv_axes[0];
    let rest = |keep: &dyn Fn(usize) -> bool| -> (Dims, Strides) {
        let dims: Vec<usize> = (0..t.ndim()).filter(|&d| !adv_axes.contains(&d) && keep(d)).collect();
        (dims.iter().map(|&d| l.shape[d]).collect(), dims.iter().map(|&d| l.strides[d]).collect())
    };
    let ((pre_s, pre_st), (post_s, post_st)) = if consecutive {
        (rest(&|d| d < first), rest(&|d| d > first))
    } else {
        ((SmallVec::new(), SmallVec::new()), rest(&|_| true))
    };
    let mut shape = pre_s.clone();
    shape.extend_from_slice(&bshape);
    shape.extend_from_slice(&post_s);
    crate::layout::checked_numel(&shape)?;
    let nonempty = |v: Vec<isize>, s: &[usize]| if s.is_empty() { vec![0] } else { v };
    Ok(Plan {
        base: l.offset as isize,
        pre: nonempty(offsets(&pre_s, &pre_st), &pre_s),
        mid,
        post: nonempty(offsets(&post_s, &post_st), &post_s),
        shape,
    })
}

/// NumPy advanced indexing of `t` by `indices[i]` at dim `axes[i]`. Integer index tensors
/// (negative values count from the end) broadcast together to shape B; a bool tensor of
/// dimension k at axis a stands for the k integer tensors of its `nonzero`, indexing dims
/// a..a+k. The indexed dims are replaced by B, in place when the axes are consecutive and
/// increasing, else at the front (NumPy's rule for separated advanced indices).
pub fn index(t: &Tensor, indices: &[&Tensor], axes: &[i64]) -> Result<Tensor> {
    let p = plan(t, indices, axes)?;
    with_dtype!(t.dtype(), T => {
        let src = t.storage.as_slice::<T>();
        Tensor::build::<T>(&p.shape, |out| {
            for (o, off) in out.iter_mut().zip(p.offsets()) {
                *o = src[off as usize];
            }
        })
    })
}

/// `t[indices at axes] = src` in place (see `index` for the selection and `assign` for the
/// write): `src` is cast to `t`'s dtype and broadcast to the selection's shape. With repeated
/// indices the last value written wins.
pub fn index_assign(t: &Tensor, indices: &[&Tensor], axes: &[i64], src: &Tensor) -> Result<()> {
    let p = plan(t, indices, axes)?;
    let src = prepare_source(t, src, &p.shape)?;
    with_dtype!(t.dtype(), T => unsafe { write_through::<T>(t, p.offsets(), &src) });
    Ok(())
}

/// Zeros of `t`'s shape and dtype with `src` (broadcast to the selection) added at `t[indices]`,
/// repeated positions accumulating: the gradient of advanced indexing (float dtypes only).
pub fn index_add_zeros(t_shape: &[usize], indices: &[&Tensor], axes: &[i64], src: &Tensor) -> Result<Tensor> {
    let z = Tensor::zeros(src.dtype(), t_shape)?;
    let p = plan(&z, indices, axes)?;
    let src = prepare_source(&z, src, &p.shape)?.contiguous()?;
    fn add_at<T: Element + Arith>(z: &Tensor, p: &Plan, src: &Tensor) {
        let vals = src.contiguous_slice::<T>();
        let base = z.storage.as_ptr() as *mut T;
        let len = z.storage.len() as isize;
        for (o, &v) in p.offsets().zip(vals) {
            assert!(o >= 0 && o < len, "offset {o} outside storage of {len} elements");
            // SAFETY: `z` is fresh and exclusively ours; `o` is inside the allocation.
            unsafe { *base.offset(o) = Arith::add(*base.offset(o), v) };
        }
    }
    match src.dtype() {
        DType::F32 => add_at::<f32>(&z, &p, &src),
        DType::F64 => add_at::<f64>(&z, &p, &src),
        dt => return Err(Error::dtype(format!("index_add needs a float dtype, got {}", dt.name()))),
    }
    Ok(z)
}

/// `numpy.take`: elements of `t` at `indices` along `axis` (None: of the flattened tensor).
/// The result has shape `t.shape[..axis] + indices.shape + t.shape[axis+1..]`.
pub fn take(t: &Tensor, indices: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    if !indices.dtype().is_int() {
        return Err(index_dtype_error(indices.dtype()));
    }
    match axis {
        None => index(&super::shape::reshape(t, &[-1])?, &[indices], &[0]),
        Some(a) => {
            normalize_axis(a, t.ndim())?;
            index(t, &[indices], &[a])
        }
    }
}

/// Gathers along `dim`: output (shape of `index`) position p reads `t` at p with p[dim]
/// replaced by `index[p]`. `t` is given with strides already broadcast to cover `index`.
fn gather_core(t: &Tensor, dim: usize, index: &Tensor) -> Result<Tensor> {
    let idx = index.cast(DType::I64)?.contiguous()?;
    let vals = idx.contiguous_slice::<i64>();
    let mut st: Strides = t.strides().into();
    st[dim] = 0;
    let base = offsets(index.shape(), &st);
    let (size, stride) = (t.shape()[dim], t.strides()[dim]);
    let mut offs = Vec::with_capacity(base.len());
    for (b, &v) in base.iter().zip(vals) {
        offs.push(t.layout().offset as isize + b + norm_index(v, dim, size)? as isize * stride);
    }
    with_dtype!(t.dtype(), T => {
        let src = t.storage.as_slice::<T>();
        Tensor::build::<T>(index.shape(), |out| {
            for (o, &off) in out.iter_mut().zip(&offs) {
                *o = src[off as usize];
            }
        })
    })
}

fn check_same_ndim(what: &str, t: &Tensor, index: &Tensor) -> Result<()> {
    if t.ndim() != index.ndim() {
        return Err(Error::shape(format!(
            "{what}: index has dimension {} but the tensor has dimension {} (shapes {} and {})",
            index.ndim(),
            t.ndim(),
            fmt_shape(index.shape()),
            fmt_shape(t.shape())
        )));
    }
    if !index.dtype().is_int() {
        return Err(Error::dtype(format!("{what}: index must be an integer tensor, got {}", index.dtype().name())));
    }
    Ok(())
}

/// `torch.gather(t, dim, index)`: `index` has `t`'s dimension and `index.shape[d] <= t.shape[d]`
/// for d != dim; `out[i][j] = t[index[i][j]][j]` for dim 0 (and so on). Negative indices count
/// from the end.
pub fn gather(t: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    check_same_ndim("gather", t, index)?;
    let d = if t.ndim() == 0 { normalize_axis(dim, 1)? } else { normalize_axis(dim, t.ndim())? };
    if t.ndim() == 0 {
        // A 0-d tensor behaves as 1 element along its only (virtual) dim, as in torch.
        let t1 = t.view(t.layout().broadcast_to(&[1])?);
        let i1 = index.view(index.layout().broadcast_to(&[1])?);
        let r = gather_core(&t1, 0, &i1)?;
        return Ok(r.view(Layout::contiguous(&[])));
    }
    for k in 0..t.ndim() {
        if k != d && index.shape()[k] > t.shape()[k] {
            return Err(Error::shape(format!(
                "gather: index shape {} exceeds tensor shape {} at dim {k} (dim {d} is gathered)",
                fmt_shape(index.shape()),
                fmt_shape(t.shape())
            )));
        }
    }
    gather_core(t, d, index)
}

/// `numpy.take_along_axis`: `t` and `indices` have the same dimension and broadcast against
/// each other on every dim but `axis`; the result has the broadcast shape with
/// `indices.shape[axis]` at `axis`. `axis` None takes from the flattened tensor (1-D indices).
pub fn take_along_axis(t: &Tensor, indices: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    let (t, axis) = match axis {
        None => {
            if indices.ndim() != 1 {
                return Err(Error::shape(format!(
                    "take_along_axis with axis None needs 1-D indices, got shape {}",
                    fmt_shape(indices.shape())
                )));
            }
            (super::shape::reshape(t, &[-1])?, 0)
        }
        Some(a) => (t.clone(), a),
    };
    check_same_ndim("take_along_axis", &t, indices)?;
    let d = normalize_axis(axis, t.ndim())?;
    let mut ts: Dims = t.shape().into();
    let mut is: Dims = indices.shape().into();
    ts[d] = 1;
    is[d] = 1;
    let b = broadcast_shapes(&ts, &is).map_err(|_| {
        Error::shape(format!(
            "take_along_axis: shapes {} and {} cannot be broadcast outside axis {d}",
            fmt_shape(t.shape()),
            fmt_shape(indices.shape())
        ))
    })?;
    let (mut tb, mut ib) = (b.clone(), b);
    tb[d] = t.shape()[d];
    ib[d] = indices.shape()[d];
    let tv = t.view(t.layout().broadcast_to(&tb)?);
    let iv = indices.view(indices.layout().broadcast_to(&ib)?);
    gather_core(&tv, d, &iv)
}

/// `torch.scatter_add` (out of place): a copy of `t` where, for every position p of `index`,
/// `src[p]` is added to the element at p with p[dim] replaced by `index[p]`. `index` has `t`'s
/// dimension, `index.shape[d] <= src.shape[d]` for all d and `<= t.shape[d]` for d != dim.
/// `src` is cast to `t`'s dtype; integers wrap, bool adds as logical or.
pub fn scatter_add(t: &Tensor, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
    check_same_ndim("scatter_add", t, index)?;
    if src.ndim() != t.ndim() {
        return Err(Error::shape(format!(
            "scatter_add: src has dimension {} but the tensor has dimension {}",
            src.ndim(),
            t.ndim()
        )));
    }
    let nd = t.ndim().max(1);
    let d = normalize_axis(dim, nd)?;
    let (t1, i1, s1) = if t.ndim() == 0 {
        let one = |x: &Tensor| x.view(x.layout().broadcast_to(&[1]).expect("0-d to [1]"));
        (one(t), one(index), one(src))
    } else {
        (t.clone(), index.clone(), src.clone())
    };
    for k in 0..nd {
        if i1.shape()[k] > s1.shape()[k] || (k != d && i1.shape()[k] > t1.shape()[k]) {
            return Err(Error::shape(format!(
                "scatter_add: index shape {} does not fit src shape {} and tensor shape {} at dim {k} (dim {d} is scattered)",
                fmt_shape(index.shape()),
                fmt_shape(src.shape()),
                fmt_shape(t.shape())
            )));
        }
    }
    let src = s1.cast(t.dtype())?;
    // The part of src that index covers.
    let src = src.view(Layout { shape: i1.shape().into(), ..src.layout().clone() });
    let out = t1.contiguous_copy()?;
    let idx = i1.cast(DType::I64)?.contiguous()?;
    let vals = idx.contiguous_slice::<i64>();
    let mut st: Strides = contiguous_strides(t1.shape());
    let (size, stride) = (t1.shape()[d], st[d]);
    st[d] = 0;
    let base = offsets(i1.shape(), &st);
    let mut offs = Vec::with_capacity(base.len());
    for (b, &v) in base.iter().zip(vals) {
        offs.push(b + norm_index(v, d, size)? as isize * stride);
    }
    with_dtype!(t.dtype(), T => {
        let sv = src.to_vec::<T>();
        let mut out = out;
        let storage = Arc::get_mut(&mut out.storage).expect("fresh copy is unshared");
        let o = storage.as_mut_slice::<T>();
        for (&off, &v) in offs.iter().zip(&sv) {
            let e = &mut o[off as usize];
            *e = Arith::add(*e, v);
        }
        Ok(if t.ndim() == 0 { out.view(Layout::contiguous(&[])) } else { out })
    })
}

/// `numpy.nonzero`: one int64 tensor per dim with the coordinates of the nonzero (true, NaN
/// included) elements in row-major order. A 0-d tensor is an InvalidArgument error, as in NumPy 2.
pub fn nonzero(t: &Tensor) -> Result<Vec<Tensor>> {
    if t.ndim() == 0 {
        return Err(Error::invalid("nonzero of a 0-d tensor is not allowed (as in NumPy); make it 1-d first"));
    }
    let flat: Vec<usize> = with_dtype!(t.dtype(), T => {
        let c = t.contiguous()?;
        c.contiguous_slice::<T>().iter().enumerate().filter(|(_, &v)| v != T::zero()).map(|(i, _)| i).collect()
    });
    let strides = contiguous_strides(t.shape());
    let n = flat.len();
    let mut out = Vec::with_capacity(t.ndim());
    for d in 0..t.ndim() {
        let (s, size) = (strides[d] as usize, t.shape()[d]);
        out.push(Tensor::build::<i64>(&[n], |o| {
            for (o, &f) in o.iter_mut().zip(&flat) {
                *o = ((f / s) % size) as i64;
            }
        })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arange(n: usize) -> Tensor {
        Tensor::build::<i64>(&[n], |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as i64)).unwrap()
    }

    #[test]
    fn slice_ranges_match_python() {
        assert_eq!(slice_range(5, None, None, 1).unwrap(), (0, 5));
        assert_eq!(slice_range(5, None, None, -1).unwrap(), (4, 5));
        assert_eq!(slice_range(5, Some(-2), None, 1).unwrap(), (3, 2));
        assert_eq!(slice_range(5, Some(10), None, 1).unwrap(), (5, 0));
        assert_eq!(slice_range(5, Some(3), Some(0), -2).unwrap(), (3, 2));
        assert_eq!(slice_range(0, None, None, -1).unwrap(), (-1, 0));
        assert_eq!(slice_range(5, Some(i64::MIN), Some(i64::MAX), 3).unwrap(), (0, 2));
        assert!(slice_range(5, None, None, 0).is_err());
    }

    #[test]
    fn reversed_slice_then_assign_writes_through() {
        let t = arange(6);
        let v = slice(&t, &[IndexItem::Slice(None, None, -2)]).unwrap();
        assert_eq!(v.to_vec::<i64>(), vec![5, 3, 1]);
        assign(&v, &crate::kernels::creation::filled::<i64>(&[], 9).unwrap()).unwrap();
        assert_eq!(t.to_vec::<i64>(), vec![0, 9, 2, 9, 4, 9]);
    }

    #[test]
    fn assign_from_overlapping_view_reads_old_values() {
        let t = arange(5);
        let a = slice(&t, &[IndexItem::Slice(Some(1), None, 1)]).unwrap();
        let b = slice(&t, &[IndexItem::Slice(None, Some(4), 1)]).unwrap();
        assign(&a, &b).unwrap();
        assert_eq!(t.to_vec::<i64>(), vec![0, 0, 1, 2, 3]);
    }
}
