//! tensordot, vecdot, outer and einsum, all lowered to `matmul::matmul` (which takes strided
//! views, so permuted operands are not copied unless a reshape needs it) plus `sum`.
//! Dtypes promote as NumPy's `result_type` and are kept (int8 stays int8 and wraps), as NumPy.

use super::matmul::matmul;
use super::reduce::sum;
use super::shape::reshape;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{broadcast_shapes, normalize_axis, Dims, Layout, Strides};
use crate::tensor::Tensor;

fn permuted(t: &Tensor, perm: &[usize]) -> Result<Tensor> {
    Ok(t.view(t.layout().permute(perm)?))
}

fn reshaped(t: &Tensor, dims: &[usize]) -> Result<Tensor> {
    let d: Vec<i64> = dims.iter().map(|&v| v as i64).collect();
    reshape(t, &d)
}

fn normalize_axes(axes: &[i64], ndim: usize, which: &str) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let i = normalize_axis(a, ndim)?;
        if out.contains(&i) {
            return Err(Error::invalid(format!("axis {a} is repeated in {which} {axes:?}")));
        }
        out.push(i);
    }
    Ok(out)
}

/// `numpy.tensordot`: sums the products of `a` and `b` over `a`'s `axes_a` paired with `b`'s
/// `axes_b`; the result has `a`'s other dims then `b`'s. Lists of different lengths or repeated
/// or out-of-range axes are InvalidArgument; paired dims of different sizes are a Shape error.
pub fn tensordot(a: &Tensor, b: &Tensor, axes_a: &[i64], axes_b: &[i64]) -> Result<Tensor> {
    let p = tensordot_plan(a, b, axes_a, axes_b)?;
    let a2 = reshaped(&permuted(a, &p.perm_a)?, &[p.m, p.k])?;
    let b2 = reshaped(&permuted(b, &p.perm_b)?, &[p.k, p.n])?;
    let out = matmul(&a2, &b2)?;
    reshaped(&out, &p.shape)
}

/// How `tensordot` lowers to one matmul: `a` permuted by `perm_a` and reshaped to [m, k], `b`
/// permuted by `perm_b` and reshaped to [k, n]; the product reshaped to `shape`.
pub(crate) struct TensordotPlan {
    pub perm_a: Vec<usize>,
    pub perm_b: Vec<usize>,
    pub m: usize,
    pub k: usize,
    pub n: usize,
    pub shape: Vec<usize>,
}

/// Checks `tensordot`'s arguments (errors as documented there) and plans the matmul.
pub(crate) fn tensordot_plan(a: &Tensor, b: &Tensor, axes_a: &[i64], axes_b: &[i64]) -> Result<TensordotPlan> {
    if axes_a.len() != axes_b.len() {
        return Err(Error::invalid(format!(
            "axes lists {axes_a:?} and {axes_b:?} have different lengths ({} and {})",
            axes_a.len(),
            axes_b.len()
        )));
    }
    let ca = normalize_axes(axes_a, a.ndim(), "axes_a")?;
    let cb = normalize_axes(axes_b, b.ndim(), "axes_b")?;
    for (&i, &j) in ca.iter().zip(&cb) {
        if a.shape()[i] != b.shape()[j] {
            return Err(Error::shape(format!(
                "dim {i} of shape {} (size {}) does not match dim {j} of shape {} (size {})",
                fmt_shape(a.shape()),
                a.shape()[i],
                fmt_shape(b.shape()),
                b.shape()[j]
            )));
        }
    }
    let fa: Vec<usize> = (0..a.ndim()).filter(|i| !ca.contains(i)).collect();
    let fb: Vec<usize> = (0..b.ndim()).filter(|i| !cb.contains(i)).collect();
    let m: usize = fa.iter().map(|&i| a.shape()[i]).product();
    let n: usize = fb.iter().map(|&i| b.shape()[i]).product();
    let k: usize = ca.iter().map(|&i| a.shape()[i]).product();
    let perm_a: Vec<usize> = fa.iter().chain(&ca).copied().collect();
    let perm_b: Vec<usize> = cb.iter().chain(&fb).copied().collect();
    let shape: Vec<usize> = fa.iter().map(|&i| a.shape()[i]).chain(fb.iter().map(|&i| b.shape()[i])).collect();
    Ok(TensordotPlan { perm_a, perm_b, m, k, n, shape })
}

/// `tensordot` with an integer `axes`: the last `n` dims of `a` with the first `n` of `b`.
pub fn tensordot_n(a: &Tensor, b: &Tensor, n: i64) -> Result<Tensor> {
    let (axes_a, axes_b) = tensordot_n_axes(a, b, n)?;
    tensordot(a, b, &axes_a, &axes_b)
}

/// The axis lists of `tensordot_n` (checks `n`).
pub(crate) fn tensordot_n_axes(a: &Tensor, b: &Tensor, n: i64) -> Result<(Vec<i64>, Vec<i64>)> {
    if n < 0 || n as u64 > a.ndim() as u64 || n as u64 > b.ndim() as u64 {
        return Err(Error::invalid(format!(
            "axes {n} must be between 0 and the dimensions of both operands (shapes {} and {})",
            fmt_shape(a.shape()),
            fmt_shape(b.shape())
        )));
    }
    let n = n as usize;
    let axes_a: Vec<i64> = (a.ndim() - n..a.ndim()).map(|i| i as i64).collect();
    let axes_b: Vec<i64> = (0..n).map(|i| i as i64).collect();
    Ok((axes_a, axes_b))
}

/// `a` viewed with `nd` dims: leading size-1 dims added (stride 0).
fn padded(l: &Layout, nd: usize) -> Layout {
    let lead = nd - l.ndim();
    let mut shape: Dims = std::iter::repeat(1).take(lead).collect();
    shape.extend_from_slice(&l.shape);
    let mut strides: Strides = std::iter::repeat(0).take(lead).collect();
    strides.extend_from_slice(&l.strides);
    Layout { shape, strides, offset: l.offset }
}

/// Array API `vecdot` (real inputs): the dot product along `axis` of the broadcast operands,
/// `sum(a * b, axis)` in the promoted dtype (no widening: int8 stays int8, as NumPy). `axis`
/// counts in the broadcast shape; both operands need the same size along it (Shape error).
pub fn vecdot(a: &Tensor, b: &Tensor, axis: i64) -> Result<Tensor> {
    let nd = a.ndim().max(b.ndim());
    if nd == 0 {
        return Err(Error::shape("vecdot needs operands with at least 1 dimension, got two 0-d tensors"));
    }
    let ax = normalize_axis(axis, nd)?;
    let (la, lb) = (padded(a.layout(), nd), padded(b.layout(), nd));
    if la.shape[ax] != lb.shape[ax] {
        return Err(Error::shape(format!(
            "shapes {} and {} differ along axis {axis} ({} and {})",
            fmt_shape(a.shape()),
            fmt_shape(b.shape()),
            la.shape[ax],
            lb.shape[ax]
        )));
    }
    let rest: Vec<usize> = (0..nd).filter(|&i| i != ax).collect();
    let ba: Dims = rest.iter().map(|&i| la.shape[i]).collect();
    let bb: Dims = rest.iter().map(|&i| lb.shape[i]).collect();
    let batch = broadcast_shapes(&ba, &bb)?;
    // a: (..., 1, k) and b: (..., k, 1); matmul broadcasts the batch dims.
    let row = |l: &Layout, at_end: bool| -> Layout {
        let mut shape: Dims = rest.iter().map(|&i| l.shape[i]).collect();
        let mut strides: Strides = rest.iter().map(|&i| l.strides[i]).collect();
        if at_end {
            shape.extend([l.shape[ax], 1]);
            strides.extend([l.strides[ax], 0]);
        } else {
            shape.extend([1, l.shape[ax]]);
            strides.extend([0, l.strides[ax]]);
        }
        Layout { shape, strides, offset: l.offset }
    };
    let out = matmul(&a.view(row(&la, false)), &b.view(row(&lb, true)))?;
    reshaped(&out, &batch)
}

/// `numpy.outer`: both operands flattened, `out[i, j] = a[i] * b[j]` in the promoted dtype.
pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let a2 = reshaped(a, &[a.numel(), 1])?;
    let b2 = reshaped(b, &[1, b.numel()])?;
    matmul(&a2, &b2)
}

// -- einsum -----------------------------------------------------------------------------------

pub(crate) struct Spec {
    pub inputs: Vec<Vec<u8>>,
    pub output: Vec<u8>,
}

pub(crate) fn parse(subscripts: &str, num: usize) -> Result<Spec> {
    let s: String = subscripts.chars().filter(|c| !c.is_whitespace()).collect();
    if s.contains("...") || s.contains('.') {
        return Err(Error::new(
            crate::error::TF_Code::TF_UNIMPLEMENTED,
            format!("ellipsis ('...') in subscripts {subscripts:?} is not supported yet"),
        ));
    }
    let (lhs, rhs) = match s.find("->") {
        Some(p) => (&s[..p], Some(&s[p + 2..])),
        None => (&s[..], None),
    };
    let check = |part: &str| -> Result<Vec<u8>> {
        part.bytes()
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    Ok(c)
                } else {
                    Err(Error::invalid(format!(
                        "subscripts {subscripts:?} contain {:?}; only letters a-z, A-Z, ',' and one '->' are allowed",
                        c as char
                    )))
                }
            })
            .collect()
    };
    let inputs: Vec<Vec<u8>> = lhs.split(',').map(check).collect::<Result<_>>()?;
    if inputs.len() != num {
        return Err(Error::invalid(format!(
            "subscripts {subscripts:?} name {} operand(s) but {num} were given",
            inputs.len()
        )));
    }
    let output = match rhs {
        Some(r) => {
            let out = check(r)?;
            for (i, &c) in out.iter().enumerate() {
                if out[..i].contains(&c) {
                    return Err(Error::invalid(format!("output subscript {:?} appears more than once in {subscripts:?}", c as char)));
                }
                if !inputs.iter().any(|t| t.contains(&c)) {
                    return Err(Error::invalid(format!(
                        "output subscript {:?} does not appear in the inputs of {subscripts:?}",
                        c as char
                    )));
                }
            }
            out
        }
        None => {
            // Implicit mode: the letters that appear exactly once, in alphabetical (ASCII) order.
            let mut out: Vec<u8> = Vec::new();
            for c in 0u8..128 {
                let count: usize = inputs.iter().map(|t| t.iter().filter(|&&x| x == c).count()).sum();
                if count == 1 {
                    out.push(c);
                }
            }
            out
        }
    };
    Ok(Spec { inputs, output })
}

/// An operand with one dim per distinct letter: repeated letters become a diagonal view (the
/// strides add up), size-1 dims broadcast to the letter's size (stride 0).
pub(crate) struct Term {
    pub letters: Vec<u8>,
    pub t: Tensor,
}

pub(crate) fn letter_sizes(spec: &Spec, ops: &[&Tensor]) -> Result<[usize; 128]> {
    let mut size = [usize::MAX; 128];
    for (k, (term, t)) in spec.inputs.iter().zip(ops).enumerate() {
        if term.len() != t.ndim() {
            return Err(Error::shape(format!(
                "operand {k} has {} dims (shape {}) but its subscripts {:?} name {}",
                t.ndim(),
                fmt_shape(t.shape()),
                String::from_utf8_lossy(term),
                term.len()
            )));
        }
        for (&c, &d) in term.iter().zip(t.shape()) {
            let s = &mut size[c as usize];
            if *s == usize::MAX || *s == 1 {
                *s = d;
            } else if d != *s && d != 1 {
                return Err(Error::shape(format!(
                    "subscript {:?} has size {d} in operand {k} but size {s} elsewhere",
                    c as char
                )));
            }
        }
    }
    Ok(size)
}

pub(crate) fn diagonal_term(term: &[u8], t: &Tensor, size: &[usize; 128]) -> Result<Term> {
    let mut letters: Vec<u8> = Vec::new();
    let mut shape = Dims::new();
    let mut strides = Strides::new();
    for (i, &c) in term.iter().enumerate() {
        let (d, s) = (t.shape()[i], t.strides()[i]);
        let full = size[c as usize];
        let s = if d == 1 && full != 1 { 0 } else { s };
        match letters.iter().position(|&x| x == c) {
            Some(p) => {
                if shape[p] != full || (d != full && d != 1) {
                    return Err(Error::shape(format!("repeated subscript {:?} has sizes that differ", c as char)));
                }
                strides[p] += s;
            }
            None => {
                letters.push(c);
                shape.push(full);
                strides.push(s);
            }
        }
    }
    let t = t.view(Layout { shape, strides, offset: t.layout().offset });
    Ok(Term { letters, t })
}

/// Sums out the letters of `term` not in `keep`, in the term's dtype (as NumPy's einsum).
fn sum_out(o: &EinsumOps, term: Term, keep: &[u8]) -> Result<Term> {
    let axes: Vec<i64> = (0..term.letters.len()).filter(|&i| !keep.contains(&term.letters[i])).map(|i| i as i64).collect();
    if axes.is_empty() {
        return Ok(term);
    }
    let dt = term.t.dtype();
    let t = (o.cast)(&(o.sum)(&term.t, &axes)?, dt)?;
    let letters = term.letters.iter().copied().filter(|c| keep.contains(c)).collect();
    Ok(Term { letters, t })
}

fn contract(o: &EinsumOps, a: Term, b: Term, keep: &[u8]) -> Result<Term> {
    let batch: Vec<u8> = a.letters.iter().copied().filter(|c| b.letters.contains(c) && keep.contains(c)).collect();
    let summed: Vec<u8> = a.letters.iter().copied().filter(|c| b.letters.contains(c) && !keep.contains(c)).collect();
    let fa: Vec<u8> = a.letters.iter().copied().filter(|c| !b.letters.contains(c)).collect();
    let fb: Vec<u8> = b.letters.iter().copied().filter(|c| !a.letters.contains(c)).collect();
    let pos = |letters: &[u8], c: u8| letters.iter().position(|&x| x == c).expect("letter of this term");
    let dim = |t: &Term, c: u8| t.t.shape()[pos(&t.letters, c)];
    let perm_a: Vec<usize> = batch.iter().chain(&fa).chain(&summed).map(|&c| pos(&a.letters, c)).collect();
    let perm_b: Vec<usize> = batch.iter().chain(&summed).chain(&fb).map(|&c| pos(&b.letters, c)).collect();
    let bs: Vec<usize> = batch.iter().map(|&c| dim(&a, c)).collect();
    let m: usize = fa.iter().map(|&c| dim(&a, c)).product();
    let k: usize = summed.iter().map(|&c| dim(&a, c)).product();
    let n: usize = fb.iter().map(|&c| dim(&b, c)).product();
    let mut sa = bs.clone();
    sa.extend([m, k]);
    let mut sb = bs.clone();
    sb.extend([k, n]);
    let a2 = (o.reshape)(&(o.permute)(&a.t, &perm_a)?, &sa)?;
    let b2 = (o.reshape)(&(o.permute)(&b.t, &perm_b)?, &sb)?;
    let out = (o.matmul)(&a2, &b2)?;
    let mut shape = bs;
    shape.extend(fa.iter().map(|&c| dim(&a, c)));
    shape.extend(fb.iter().map(|&c| dim(&b, c)));
    let letters: Vec<u8> = batch.iter().chain(&fa).chain(&fb).copied().collect();
    Ok(Term { letters, t: (o.reshape)(&out, &shape)? })
}

/// `numpy.einsum` for letter subscripts ("ij,jk->ik", "ii->i", "ij->ji", "ij->", implicit
/// output when there is no "->"). Operands are promoted to their common dtype first, which the
/// result keeps. Repeated letters in one operand take a diagonal; size-1 dims broadcast; letters
/// missing from the output are summed. Several operands contract left to right, each pair by
/// one batched `matmul`. Malformed subscripts are InvalidArgument; a subscript count that does
/// not match an operand's dims, or sizes that disagree, are Shape errors; '...' is Unimplemented.
pub fn einsum(subscripts: &str, operands: &[&Tensor]) -> Result<Tensor> {
    einsum_with(&RAW_OPS, subscripts, operands)
}

/// The primitive ops `einsum` is lowered to, so autograd can run the same lowering with its
/// differentiable wrappers.
pub(crate) struct EinsumOps {
    pub permute: fn(&Tensor, &[usize]) -> Result<Tensor>,
    pub reshape: fn(&Tensor, &[usize]) -> Result<Tensor>,
    pub matmul: fn(&Tensor, &Tensor) -> Result<Tensor>,
    /// Sum over the given axes (not kept).
    pub sum: fn(&Tensor, &[i64]) -> Result<Tensor>,
    pub cast: fn(&Tensor, DType) -> Result<Tensor>,
    /// An operand as a term with one dim per distinct letter (see `diagonal_term`).
    pub diagonal: fn(&[u8], &Tensor, &[usize; 128]) -> Result<Term>,
}

const RAW_OPS: EinsumOps = EinsumOps {
    permute: permuted,
    reshape: reshaped,
    matmul,
    sum: |t, axes| sum(t, Some(axes), false),
    cast: |t, dt| t.cast(dt),
    diagonal: diagonal_term,
};

/// `einsum` lowered to the primitives of `o`.
pub(crate) fn einsum_with(o: &EinsumOps, subscripts: &str, operands: &[&Tensor]) -> Result<Tensor> {
    if operands.is_empty() {
        return Err(Error::invalid("einsum needs at least one operand"));
    }
    let spec = parse(subscripts, operands.len())?;
    let size = letter_sizes(&spec, operands)?;
    let dt = operands.iter().skip(1).fold(operands[0].dtype(), |d, t| DType::promote(d, t.dtype()));
    let mut terms: Vec<Term> = Vec::with_capacity(operands.len());
    for (term, t) in spec.inputs.iter().zip(operands) {
        terms.push((o.diagonal)(term, &(o.cast)(t, dt)?, &size)?);
    }
    // Letters needed after operand i: in the output or in a later operand.
    let needed_after = |i: usize| -> Vec<u8> {
        let mut v = spec.output.clone();
        for t in &spec.inputs[i + 1..] {
            v.extend_from_slice(t);
        }
        v
    };
    let mut iter = terms.into_iter().enumerate();
    let (_, first) = iter.next().expect("one operand at least");
    // Letters only in the first operand and needed nowhere else are summed out first.
    let mut acc = sum_out(o, first, &needed_after(0))?;
    for (i, term) in iter {
        let mut keep_b = needed_after(i);
        keep_b.extend_from_slice(&acc.letters);
        let term = sum_out(o, term, &keep_b)?;
        acc = contract(o, acc, term, &needed_after(i))?;
    }
    let acc = sum_out(o, acc, &spec.output)?;
    let perm: Vec<usize> = spec.output.iter().map(|c| acc.letters.iter().position(|x| x == c).expect("output letter")).collect();
    (o.permute)(&acc.t, &perm)
}

/// The layout of the einsum term `term` over a tensor of `shape`, `strides` and `offset`: one dim
/// per distinct letter, repeated letters on the diagonal (strides added). A letter whose every
/// occurrence has size 1 keeps size 1 (broadcast afterwards), so the view is injective.
pub fn diag_layout(term: &[u8], shape: &[usize], strides: &[isize], offset: usize, size: &[usize; 128]) -> (Vec<u8>, Layout) {
    let mut letters: Vec<u8> = Vec::new();
    let mut dims = Dims::new();
    let mut st = Strides::new();
    for (i, &c) in term.iter().enumerate() {
        let real = shape[i] == size[c as usize];
        let s = if real { strides[i] } else { 0 };
        match letters.iter().position(|&x| x == c) {
            Some(p) => {
                st[p] += s;
                if real {
                    dims[p] = shape[i];
                }
            }
            None => {
                letters.push(c);
                dims.push(if real { shape[i] } else { 1 });
                st.push(s);
            }
        }
    }
    (letters, Layout { shape: dims, strides: st, offset })
}

/// The view `diag_layout` describes: the diagonal of `t` for einsum's term `term`.
pub fn diagonal_view(t: &Tensor, term: &[u8], size: &[usize; 128]) -> Tensor {
    let (_, lay) = diag_layout(term, t.shape(), t.strides(), t.layout().offset, size);
    t.view(lay)
}

/// Zeros of `shape` with `g` written on the diagonal `diagonal_view` reads (its adjoint).
pub fn diagonal_scatter(g: &Tensor, shape: &[usize], term: &[u8], size: &[usize; 128]) -> Result<Tensor> {
    let z = Tensor::zeros(g.dtype(), shape)?;
    let (_, lay) = diag_layout(term, z.shape(), z.strides(), 0, size);
    crate::kernels::index::assign(&z.view(lay), g)?;
    Ok(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(shape: &[usize], v: &[f64]) -> Tensor {
        Tensor::build::<f64>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    #[test]
    fn einsum_forms() {
        let a = t(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(einsum("ii->i", &[&a]).unwrap().to_vec::<f64>(), vec![1.0, 4.0]);
        assert_eq!(einsum("ii", &[&a]).unwrap().to_vec::<f64>(), vec![5.0]);
        assert_eq!(einsum("ij->ji", &[&a]).unwrap().to_vec::<f64>(), vec![1.0, 3.0, 2.0, 4.0]);
        assert_eq!(einsum("ij->", &[&a]).unwrap().to_vec::<f64>(), vec![10.0]);
        assert_eq!(einsum("ij,jk", &[&a, &a]).unwrap().to_vec::<f64>(), vec![7.0, 10.0, 15.0, 22.0]);
        assert_eq!(einsum("ij,ij->i", &[&a, &a]).unwrap().to_vec::<f64>(), vec![5.0, 25.0]);
        assert_eq!(einsum("ij,jk,kl->il", &[&a, &a, &a]).unwrap().to_vec::<f64>(), vec![37.0, 54.0, 81.0, 118.0]);
        assert_eq!(einsum("ij,ij", &[&a, &a]).unwrap().to_vec::<f64>(), vec![30.0]);
        assert!(einsum("ij,jk->ik", &[&a]).is_err());
        assert!(einsum("i->i", &[&a]).is_err());
        assert!(einsum("ij->k", &[&a]).is_err());
    }

    #[test]
    fn vecdot_broadcasts() {
        let a = t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let b = t(&[3], &[1.0, 0.0, 1.0]);
        assert_eq!(vecdot(&a, &b, -1).unwrap().to_vec::<f64>(), vec![4.0, 10.0]);
        assert!(vecdot(&a, &b, 0).is_err());
    }
}
