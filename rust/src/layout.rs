//! Shape, strides and offset of a view. Views only rewrite the layout; broadcasting is stride 0.
//! Strides and offsets count elements, not bytes.

use crate::error::{fmt_shape, Error, Result};
use smallvec::SmallVec;

pub type Dims = SmallVec<[usize; 6]>;
pub type Strides = SmallVec<[isize; 6]>;

/// Most dimensions a tensor may have (NumPy's limit too).
pub const TF_MAX_DIMS: i32 = 64;
/// `TF_MAX_DIMS` as a length.
pub(crate) const MAX_DIMS: usize = TF_MAX_DIMS as usize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub shape: Dims,
    pub strides: Strides,
    pub offset: usize,
}

/// Number of elements, or an error when the product does not fit in memory.
pub fn checked_numel(shape: &[usize]) -> Result<usize> {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| Error::invalid(format!("shape {} has more elements than fit in memory", fmt_shape(shape))))
}

pub fn contiguous_strides(shape: &[usize]) -> Strides {
    let mut strides: Strides = SmallVec::from_elem(0, shape.len());
    let mut acc = 1isize;
    for i in (0..shape.len()).rev() {
        strides[i] = acc;
        acc = acc.wrapping_mul(shape[i].max(1) as isize);
    }
    strides
}

/// Turns a possibly negative axis into an index, with NumPy's bounds.
pub fn normalize_axis(axis: i64, ndim: usize) -> Result<usize> {
    let n = ndim as i64;
    if axis < -n || axis >= n {
        return Err(Error::invalid(format!("axis {axis} is out of bounds for a tensor of dimension {ndim}")));
    }
    Ok(if axis < 0 { (axis + n) as usize } else { axis as usize })
}

/// NumPy broadcasting of two shapes.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Dims> {
    let n = a.len().max(b.len());
    let mut out: Dims = SmallVec::from_elem(0, n);
    for i in 0..n {
        let da = if i + a.len() >= n { a[i + a.len() - n] } else { 1 };
        let db = if i + b.len() >= n { b[i + b.len() - n] } else { 1 };
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::shape(format!("shapes {} and {} cannot be broadcast", fmt_shape(a), fmt_shape(b))));
        };
    }
    Ok(out)
}

impl Layout {
    pub fn contiguous(shape: &[usize]) -> Layout {
        Layout { shape: SmallVec::from_slice(shape), strides: contiguous_strides(shape), offset: 0 }
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when the elements are laid out row-major with no gaps, starting at `offset`.
    pub fn is_contiguous(&self) -> bool {
        let mut expected = 1isize;
        for i in (0..self.ndim()).rev() {
            let d = self.shape[i];
            if d == 0 {
                return true;
            }
            if d != 1 {
                if self.strides[i] != expected {
                    return false;
                }
                expected *= d as isize;
            }
        }
        true
    }

    /// A view of this layout broadcast to `shape` (stride 0 on the new and stretched dims).
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Layout> {
        let n = shape.len();
        if self.ndim() > n {
            return Err(Error::shape(format!(
                "cannot broadcast shape {} to {}",
                fmt_shape(&self.shape),
                fmt_shape(shape)
            )));
        }
        let lead = n - self.ndim();
        let mut strides: Strides = SmallVec::from_elem(0, n);
        for i in 0..n {
            if i < lead {
                continue;
            }
            let d = self.shape[i - lead];
            if d == shape[i] {
                strides[i] = self.strides[i - lead];
            } else if d != 1 {
                return Err(Error::shape(format!(
                    "cannot broadcast shape {} to {}",
                    fmt_shape(&self.shape),
                    fmt_shape(shape)
                )));
            }
        }
        Ok(Layout { shape: SmallVec::from_slice(shape), strides, offset: self.offset })
    }

    pub fn permute(&self, perm: &[usize]) -> Result<Layout> {
        let n = self.ndim();
        if perm.len() != n {
            return Err(Error::invalid(format!(
                "permutation {} has {} entries for a tensor of dimension {n}",
                fmt_shape(perm),
                perm.len()
            )));
        }
        let mut seen = [false; MAX_DIMS];
        for &p in perm {
            if p >= n || seen[p] {
                return Err(Error::invalid(format!(
                    "{} is not a permutation of the axes of a tensor of dimension {n}",
                    fmt_shape(perm)
                )));
            }
            seen[p] = true;
        }
        Ok(Layout {
            shape: perm.iter().map(|&p| self.shape[p]).collect(),
            strides: perm.iter().map(|&p| self.strides[p]).collect(),
            offset: self.offset,
        })
    }

    /// The same elements under `shape` without copying, when the strides allow it (NumPy's
    /// `_attempt_nocopy_reshape`); `None` when a copy is needed.
    pub fn reshape_view(&self, shape: &[usize]) -> Option<Layout> {
        if self.is_contiguous() {
            return Some(Layout { shape: SmallVec::from_slice(shape), strides: contiguous_strides(shape), offset: self.offset });
        }
        // Group old dims (ignoring size-1) into runs that are contiguous among themselves and
        // match products of new dims.
        let old: Vec<(usize, isize)> =
            self.shape.iter().zip(self.strides.iter()).filter(|(d, _)| **d != 1).map(|(d, s)| (*d, *s)).collect();
        let mut new_strides: Strides = SmallVec::from_elem(0, shape.len());
        let new_nz: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] != 1).collect();
        let (mut oi, mut ni) = (0usize, 0usize);
        while oi < old.len() && ni < new_nz.len() {
            let (mut op, mut np) = (old[oi].0, shape[new_nz[ni]]);
            let (o_start, n_start) = (oi, ni);
            while op != np {
                if op < np {
                    oi += 1;
                    if oi >= old.len() {
                        return None;
                    }
                    op *= old[oi].0;
                } else {
                    ni += 1;
                    if ni >= new_nz.len() {
                        return None;
                    }
                    np *= shape[new_nz[ni]];
                }
            }
            for k in o_start..oi {
                if old[k].1 != old[k + 1].1 * old[k + 1].0 as isize {
                    return None;
                }
            }
            let mut stride = old[oi].1;
            for k in (n_start..=ni).rev() {
                new_strides[new_nz[k]] = stride;
                stride *= shape[new_nz[k]] as isize;
            }
            oi += 1;
            ni += 1;
        }
        if oi != old.len() || ni != new_nz.len() {
            return None;
        }
        // Size-1 dims get the stride they would have in a contiguous layout; never read.
        for i in 0..shape.len() {
            if shape[i] == 1 {
                new_strides[i] = if i + 1 < shape.len() { new_strides[i + 1] * shape[i + 1].max(1) as isize } else { 1 };
            }
        }
        Some(Layout { shape: SmallVec::from_slice(shape), strides: new_strides, offset: self.offset })
    }
}

/// Dims of a strided walk over K operands that share one shape, with adjacent dims merged where
/// every operand allows it, so the innermost loop is as long as possible.
pub struct Walk<const K: usize> {
    pub shape: Dims,
    pub strides: [Strides; K],
}

impl<const K: usize> Walk<K> {
    pub fn new(shape: &[usize], strides: [&[isize]; K]) -> Walk<K> {
        let mut out_shape: Dims = SmallVec::new();
        let mut out_strides: [Strides; K] = std::array::from_fn(|_| SmallVec::new());
        for i in 0..shape.len() {
            if shape[i] == 1 {
                continue;
            }
            let merge = !out_shape.is_empty()
                && (0..K).all(|k| *out_strides[k].last().unwrap() == strides[k][i] * shape[i] as isize);
            if merge {
                let last = out_shape.len() - 1;
                out_shape[last] *= shape[i];
                for k in 0..K {
                    out_strides[k][last] = strides[k][i];
                }
            } else {
                out_shape.push(shape[i]);
                for k in 0..K {
                    out_strides[k].push(strides[k][i]);
                }
            }
        }
        if out_shape.is_empty() {
            out_shape.push(1);
            for k in 0..K {
                out_strides[k].push(0);
            }
        }
        Walk { shape: out_shape, strides: out_strides }
    }

    /// Calls `row(offsets, inner_len, inner_strides)` once per innermost row, in row-major
    /// order, with the starting element offset of each operand.
    pub fn rows(&self, base: [isize; K], mut row: impl FnMut([isize; K], usize, [isize; K])) {
        let n = self.shape.len();
        if self.shape.iter().any(|&d| d == 0) {
            return;
        }
        let inner = self.shape[n - 1];
        let inner_strides: [isize; K] = std::array::from_fn(|k| self.strides[k][n - 1]);
        let mut idx: Dims = SmallVec::from_elem(0, n - 1);
        let mut off = base;
        loop {
            row(off, inner, inner_strides);
            // Advance the outer counter like an odometer.
            let mut d = n - 1;
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                idx[d] += 1;
                for k in 0..K {
                    off[k] += self.strides[k][d];
                }
                if idx[d] < self.shape[d] {
                    break;
                }
                for k in 0..K {
                    off[k] -= self.strides[k][d] * self.shape[d] as isize;
                }
                idx[d] = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_rules() {
        assert_eq!(broadcast_shapes(&[2, 3], &[3]).unwrap().as_slice(), &[2, 3]);
        assert_eq!(broadcast_shapes(&[2, 1], &[1, 4]).unwrap().as_slice(), &[2, 4]);
        assert_eq!(broadcast_shapes(&[], &[5]).unwrap().as_slice(), &[5]);
        assert_eq!(broadcast_shapes(&[0, 1], &[3]).unwrap().as_slice(), &[0, 3]);
        let e = broadcast_shapes(&[2, 3], &[4]).unwrap_err();
        assert_eq!(e.message, "shapes [2,3] and [4] cannot be broadcast");
    }

    #[test]
    fn reshape_view_of_transpose_needs_copy() {
        let l = Layout::contiguous(&[2, 3]).permute(&[1, 0]).unwrap();
        assert!(l.reshape_view(&[6]).is_none());
        // Splitting a dim of a transposed view is possible without a copy.
        let v = l.reshape_view(&[3, 2, 1]).unwrap();
        assert_eq!(v.strides[0], 1);
        assert_eq!(v.strides[1], 3);
    }

    #[test]
    fn reshape_view_of_sliced_rows() {
        // Every other row of a (4, 3) matrix: rows are contiguous, the row step is 6.
        let l = Layout { shape: SmallVec::from_slice(&[2, 3]), strides: SmallVec::from_slice(&[6, 1]), offset: 0 };
        let v = l.reshape_view(&[2, 3, 1]).unwrap();
        assert_eq!(v.strides.as_slice()[..2], [6, 1]);
        assert!(l.reshape_view(&[6]).is_none());
    }

    #[test]
    fn walk_merges_contiguous_dims() {
        let l = Layout::contiguous(&[2, 3, 4]);
        let w = Walk::new(&l.shape, [&l.strides]);
        assert_eq!(w.shape.as_slice(), &[24]);
        let mut rows = 0;
        w.rows([0], |_, n, s| {
            rows += 1;
            assert_eq!((n, s[0]), (24, 1));
        });
        assert_eq!(rows, 1);
    }

    #[test]
    fn walk_visits_every_offset_of_transpose() {
        let l = Layout::contiguous(&[2, 3]).permute(&[1, 0]).unwrap();
        let w = Walk::new(&l.shape, [&l.strides]);
        let mut seen = vec![];
        w.rows([0], |o, n, s| {
            for i in 0..n as isize {
                seen.push(o[0] + i * s[0]);
            }
        });
        assert_eq!(seen, vec![0, 3, 1, 4, 2, 5]);
    }
}
