//! Embedding lookups (PyTorch's `embedding`) and `one_hot`: rows of a 2-D weight gathered by
//! integer indices of any shape, the weight gradient as a deterministic scatter-add, the
//! max_norm renormalization written into the weight, and one-hot encoding.
//!
//! The weight gradient sums, for each weight row, the output-gradient rows of the positions that
//! read it, in position order: positions are bucketed by row first (a counting sort), then the
//! rows are summed in parallel, each by one task, so the result does not depend on the thread
//! count.

use super::conv::config;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::elementwise::float::Float;
use crate::runtime::threads::for_rows;
use crate::tensor::Tensor;

/// The indices as `usize` row numbers, each checked to be in `0..rows` (TF_INVALID_ARGUMENT
/// naming the first bad value); an integer dtype is required (else TF_DTYPE_ERROR).
pub fn row_indices(name: &str, idx: &Tensor, rows: usize) -> Result<Vec<usize>> {
    if !idx.dtype().is_int() {
        return Err(Error::dtype(format!(
            "{name}: the indices must have an integer dtype, got {}",
            idx.dtype().name()
        )));
    }
    let v = idx.cast(DType::I64)?.contiguous()?;
    let vals = v.contiguous_slice::<i64>();
    let mut out = Vec::with_capacity(vals.len());
    for &i in vals {
        if i < 0 || i as u64 >= rows as u64 {
            return Err(Error::invalid(format!("{name}: index {i} is out of range for a weight of {rows} rows")));
        }
        out.push(i as usize);
    }
    Ok(out)
}

fn weight_2d(name: &str, w: &Tensor) -> Result<(usize, usize)> {
    if w.ndim() != 2 {
        return Err(Error::shape(format!("{name}: the weight must be 2-D, got shape {}", fmt_shape(w.shape()))));
    }
    if !w.dtype().is_float() {
        return Err(Error::dtype(format!("{name}: the weight must be floating-point, got {}", w.dtype().name())));
    }
    Ok((w.shape()[0], w.shape()[1]))
}

/// Normalizes PyTorch's `padding_idx` for a weight of `rows` rows: negative values count from
/// the end; outside `-rows..rows` is TF_LAYER_CONFIG_ERROR.
pub fn padding_row(padding_idx: i64, rows: usize) -> Result<usize> {
    let r = rows as i64;
    if padding_idx >= r || padding_idx < -r {
        return Err(config(format!(
            "embedding: padding_idx {padding_idx} must be within num_embeddings {rows} (from -{rows} to {})",
            r - 1
        )));
    }
    Ok(if padding_idx < 0 { (padding_idx + r) as usize } else { padding_idx as usize })
}

/// The rows of `weight` `[V, D]` at `idx` (any shape, integer): shape `idx.shape + [D]`.
pub fn embedding(weight: &Tensor, idx: &Tensor) -> Result<Tensor> {
    let (v, d) = weight_2d("embedding", weight)?;
    let rows = row_indices("embedding", idx, v)?;
    let mut shape = idx.shape().to_vec();
    shape.push(d);
    let w = weight.contiguous()?;
    fn run<F: Float>(w: &Tensor, rows: &[usize], shape: &[usize], d: usize) -> Result<Tensor> {
        let ws = w.contiguous_slice::<F>();
        Tensor::build::<F>(shape, |o| {
            for_rows(o, d, d, |i, row| row.copy_from_slice(&ws[rows[i] * d..rows[i] * d + d]));
        })
    }
    match w.dtype() {
        DType::F32 => run::<f32>(&w, &rows, &shape, d),
        _ => run::<f64>(&w, &rows, &shape, d),
    }
}

/// The positions of `rows` bucketed by row: `(start, positions)`, the positions reading row
/// `r` being `positions[start[r]..start[r + 1]]`, in increasing order.
fn buckets(rows: &[usize], v: usize) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; v + 1];
    for &r in rows {
        start[r + 1] += 1;
    }
    for r in 0..v {
        start[r + 1] += start[r];
    }
    let mut fill = start.clone();
    let mut pos = vec![0usize; rows.len()];
    for (p, &r) in rows.iter().enumerate() {
        pos[fill[r]] = p;
        fill[r] += 1;
    }
    (start, pos)
}

/// How often each row is read by `idx`, per position: `count[idx[p]]` (what
/// `scale_grad_by_freq` divides by).
pub fn position_counts(idx: &Tensor, num_weights: usize) -> Result<Vec<usize>> {
    let rows = row_indices("embedding", idx, num_weights)?;
    let mut count = vec![0usize; num_weights];
    rows.iter().for_each(|&r| count[r] += 1);
    Ok(rows.iter().map(|&r| count[r]).collect())
}

/// The weight gradient of `embedding` for output gradient `g` (`idx.shape + [D]`): zeros
/// `[num_weights, D]` with each row of `g` added to the row its index names, divided by how
/// often that row is read when `scale_grad_by_freq`; the row `padding` gets zeros.
pub fn embedding_backward(
    g: &Tensor,
    idx: &Tensor,
    num_weights: usize,
    padding: Option<usize>,
    scale_grad_by_freq: bool,
) -> Result<Tensor> {
    if !g.dtype().is_float() {
        return Err(Error::dtype(format!("embedding_backward: the gradient must be floating-point, got {}", g.dtype().name())));
    }
    let rows = row_indices("embedding_backward", idx, num_weights)?;
    let d = *g.shape().last().unwrap_or(&0);
    let mut want = idx.shape().to_vec();
    want.push(d);
    if g.ndim() != want.len() || g.shape() != want.as_slice() {
        return Err(Error::shape(format!(
            "embedding_backward: gradient of shape {} for indices of shape {}",
            fmt_shape(g.shape()),
            fmt_shape(idx.shape())
        )));
    }
    let (start, pos) = buckets(&rows, num_weights);
    let gc = g.contiguous()?;
    fn run<F: Float>(
        g: &Tensor,
        start: &[usize],
        pos: &[usize],
        shape: [usize; 2],
        padding: Option<usize>,
        freq: bool,
    ) -> Result<Tensor> {
        let gs = g.contiguous_slice::<F>();
        let d = shape[1];
        let avg = (pos.len() / shape[0].max(1)).max(1) * d;
        Tensor::build::<F>(&shape, |o| {
            for_rows(o, d, avg, |r, row| {
                let mut acc = vec![0.0f64; d];
                if Some(r) != padding {
                    let ps = &pos[start[r]..start[r + 1]];
                    for &p in ps {
                        for (a, &v) in acc.iter_mut().zip(&gs[p * d..p * d + d]) {
                            *a += v.to_f64();
                        }
                    }
                    if freq && ps.len() > 1 {
                        let k = ps.len() as f64;
                        acc.iter_mut().for_each(|a| *a /= k);
                    }
                }
                for (o, a) in row.iter_mut().zip(&acc) {
                    *o = F::from_f64(*a);
                }
            });
        })
    }
    let shape = [num_weights, d];
    match gc.dtype() {
        DType::F32 => run::<f32>(&gc, &start, &pos, shape, padding, scale_grad_by_freq),
        _ => run::<f64>(&gc, &start, &pos, shape, padding, scale_grad_by_freq),
    }
}

/// PyTorch's `embedding_renorm_`: each row of `weight` that `idx` reads (once, however often it
/// is read) whose `norm_type`-norm exceeds `max_norm` is scaled by `max_norm / (norm + 1e-7)`,
/// in place: the write goes through the weight's storage (every tensor sharing it sees it) and
/// bumps its version. Records nothing. `norm_type` may be infinite (the largest magnitude).
pub fn embedding_renorm(weight: &Tensor, idx: &Tensor, max_norm: f64, norm_type: f64) -> Result<()> {
    let (v, d) = weight_2d("embedding", weight)?;
    if !(max_norm > 0.0) {
        return Err(config(format!("embedding: max_norm must be positive, got {max_norm}")));
    }
    if !(norm_type > 0.0) {
        return Err(config(format!("embedding: norm_type must be positive, got {norm_type}")));
    }
    let rows = row_indices("embedding", idx, v)?;
    if weight.shape().iter().zip(weight.strides()).any(|(&n, &s)| n > 1 && s == 0) {
        return Err(Error::invalid("embedding: max_norm cannot renormalize a broadcast weight in place".to_string()));
    }
    let mut seen = vec![false; v];
    weight.storage.bump_version();
    fn run<F: Float>(w: &Tensor, rows: &[usize], seen: &mut [bool], d: usize, max_norm: f64, p: f64) {
        let base = w.storage.as_ptr() as *mut F;
        let (off, s0, s1) = (w.layout().offset as isize, w.strides()[0], w.strides()[1]);
        for &r in rows {
            if std::mem::replace(&mut seen[r], true) {
                continue;
            }
            // SAFETY: as `norm::write_ema`: in-place writes go through the storage's raw
            // pointer; `w` is a checked 2-D view that is not a broadcast view, so each offset is
            // a distinct element of its storage.
            unsafe {
                let at = |j: usize| base.offset(off + r as isize * s0 + j as isize * s1);
                let norm = if p.is_infinite() {
                    (0..d).map(|j| (*at(j)).to_f64().abs()).fold(0.0, f64::max)
                } else {
                    (0..d).map(|j| (*at(j)).to_f64().abs().powf(p)).sum::<f64>().powf(1.0 / p)
                };
                if norm > max_norm {
                    let scale = max_norm / (norm + 1e-7);
                    for j in 0..d {
                        *at(j) = F::from_f64((*at(j)).to_f64() * scale);
                    }
                }
            }
        }
    }
    match weight.dtype() {
        DType::F32 => run::<f32>(weight, &rows, &mut seen, d, max_norm, norm_type),
        _ => run::<f64>(weight, &rows, &mut seen, d, max_norm, norm_type),
    }
    Ok(())
}

/// PyTorch's `one_hot`: int64 `idx.shape + [num_classes]` with a 1 at each index's class;
/// `num_classes` -1 infers the largest value plus one (an error for an empty input). Negative
/// values or values >= num_classes are TF_INVALID_ARGUMENT naming the value; num_classes below
/// -1 is TF_LAYER_CONFIG_ERROR.
pub fn one_hot(idx: &Tensor, num_classes: i64) -> Result<Tensor> {
    if !idx.dtype().is_int() {
        return Err(Error::dtype(format!("one_hot: the indices must have an integer dtype, got {}", idx.dtype().name())));
    }
    if num_classes < -1 {
        return Err(config(format!("one_hot: num_classes must be -1 (infer) or non-negative, got {num_classes}")));
    }
    let v = idx.cast(DType::I64)?.contiguous()?;
    let vals = v.contiguous_slice::<i64>();
    if let Some(&neg) = vals.iter().find(|&&i| i < 0) {
        return Err(Error::invalid(format!("one_hot: class values must be non-negative, got {neg}")));
    }
    let k = if num_classes == -1 {
        match vals.iter().max() {
            Some(&m) => m + 1,
            None => {
                return Err(Error::invalid(
                    "one_hot: can not infer the number of classes from an empty tensor (give num_classes)".to_string(),
                ))
            }
        }
    } else {
        if let Some(&big) = vals.iter().find(|&&i| i >= num_classes) {
            return Err(Error::invalid(format!("one_hot: class value {big} is out of range for num_classes {num_classes}")));
        }
        num_classes
    } as usize;
    let mut shape = idx.shape().to_vec();
    shape.push(k);
    Tensor::build::<i64>(&shape, |o| {
        for_rows(o, k, k, |i, row| {
            row.fill(0);
            row[vals[i] as usize] = 1;
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TF_Code;

    fn ints(shape: &[usize], v: &[i64]) -> Tensor {
        Tensor::build::<i64>(shape, |o| o.copy_from_slice(v)).unwrap()
    }

    fn w() -> Tensor {
        Tensor::build::<f64>(&[4, 2], |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as f64)).unwrap()
    }

    #[test]
    fn gathers_rows_and_scatters_the_gradient_back() {
        let idx = ints(&[2, 2], &[3, 0, 3, 1]);
        let out = embedding(&w(), &idx).unwrap();
        assert_eq!(out.shape(), &[2, 2, 2]);
        assert_eq!(out.to_vec::<f64>(), vec![6.0, 7.0, 0.0, 1.0, 6.0, 7.0, 2.0, 3.0]);
        let g = Tensor::build::<f64>(&[2, 2, 2], |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as f64)).unwrap();
        let dw = embedding_backward(&g, &idx, 4, None, false).unwrap();
        assert_eq!(dw.to_vec::<f64>(), vec![2.0, 3.0, 6.0, 7.0, 0.0, 0.0, 4.0 + 0.0, 6.0]);
        let dw = embedding_backward(&g, &idx, 4, Some(3), true).unwrap();
        assert_eq!(dw.to_vec::<f64>(), vec![2.0, 3.0, 6.0, 7.0, 0.0, 0.0, 0.0, 0.0]);
        let dw = embedding_backward(&g, &idx, 4, None, true).unwrap();
        assert_eq!(&dw.to_vec::<f64>()[6..], &[2.0, 3.0]);
    }

    #[test]
    fn bad_indices_and_padding_name_the_values() {
        let e = embedding(&w(), &ints(&[2], &[1, 4])).err().unwrap();
        assert_eq!(e.code, TF_Code::TF_INVALID_ARGUMENT);
        assert!(e.message.contains("index 4 is out of range for a weight of 4 rows"), "{}", e.message);
        assert!(embedding(&w(), &ints(&[1], &[-1])).err().unwrap().message.contains("index -1"));
        assert_eq!(padding_row(-1, 4).unwrap(), 3);
        assert_eq!(padding_row(-5, 4).err().unwrap().code, TF_Code::TF_LAYER_CONFIG_ERROR);
        assert!(padding_row(4, 4).is_err());
    }

    #[test]
    fn renorm_scales_the_rows_read_in_place() {
        let w = w();
        let v0 = w.storage.version();
        embedding_renorm(&w, &ints(&[3], &[3, 3, 0]), 5.0, 2.0).unwrap();
        let v = w.to_vec::<f64>();
        let n = (36.0f64 + 49.0).sqrt();
        assert!((v[6] - 6.0 * 5.0 / (n + 1e-7)).abs() < 1e-12);
        assert_eq!(&v[..6], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!(w.storage.version() > v0);
    }

    #[test]
    fn one_hot_infers_and_checks_classes() {
        let o = one_hot(&ints(&[3], &[0, 2, 1]), -1).unwrap();
        assert_eq!(o.shape(), &[3, 3]);
        assert_eq!(o.to_vec::<i64>(), vec![1, 0, 0, 0, 0, 1, 0, 1, 0]);
        assert!(one_hot(&ints(&[2], &[0, 3]), 3).err().unwrap().message.contains("class value 3"));
        assert!(one_hot(&ints(&[2], &[0, -2]), 3).err().unwrap().message.contains("got -2"));
        assert_eq!(one_hot(&ints(&[0], &[]), 4).unwrap().shape(), &[0, 4]);
        assert!(one_hot(&ints(&[0], &[]), -1).is_err());
    }
}
