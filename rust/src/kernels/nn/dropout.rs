//! Dropout (PyTorch's `dropout`, `dropout1d/2d` as feature dropout): a Bernoulli keep mask drawn
//! from the library's seeded generator (`kernels::random`: one call number per draw, a ChaCha8
//! stream per fixed chunk of 16384 mask elements, so the mask depends on the seed and the call
//! order only, never on the thread count), and the kept elements scaled by `1 / (1 - p)`.
//! Element dropout draws the mask and writes the output in one pass; feature dropout draws one
//! mask element per (sample, channel) and applies it with `apply`. The mask is a bool tensor:
//! the backward pass is `apply` again on the output gradient, with the same mask.

use super::conv::config;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::elementwise::float::Float;
use crate::kernels::random::{next_key, CHUNK};
use crate::kernels::shape;
use crate::layout::broadcast_shapes;
use crate::runtime::threads::{for_chunks, run_tasks, SendPtr};
use crate::tensor::Tensor;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Checks the drop probability: in [0, 1] (NaN is not), else TF_LAYER_CONFIG_ERROR.
pub fn check_p(name: &str, p: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&p) {
        return Err(config(format!("{name}: dropout probability has to be between 0 and 1, but got {p}")));
    }
    Ok(())
}

/// The factor of the kept elements: `1 / (1 - p)`, and 0 for p = 1 (every element is dropped,
/// so the output is zeros, not NaN).
pub fn scale_of(p: f64) -> f64 {
    if p >= 1.0 {
        0.0
    } else {
        1.0 / (1.0 - p)
    }
}

fn float_input(name: &str, x: &Tensor) -> Result<()> {
    if !x.dtype().is_float() {
        return Err(Error::dtype(format!("{name} needs a floating-point input, got {}", x.dtype().name())));
    }
    Ok(())
}

/// Element dropout: `(output, mask)` with `mask[i]` true with probability `1 - p` (a uniform
/// draw `u` in [0, 1) keeps the element when `u >= p`) and `output[i] = mask[i] ? x[i] * scale
/// : 0`, both written in one pass. `p` is checked.
pub fn dropout(x: &Tensor, p: f64) -> Result<(Tensor, Tensor)> {
    check_p("dropout", p)?;
    float_input("dropout", x)?;
    let xc = x.contiguous()?;
    let key = next_key();
    let scale = scale_of(p);
    fn run<F: Float>(x: &Tensor, p: f64, scale: f64, key: u64) -> Result<(Tensor, Tensor)> {
        let xs = x.contiguous_slice::<F>();
        let n = xs.len();
        let mut out = None;
        let mask = Tensor::build::<bool>(x.shape(), |m| {
            out = Some(Tensor::build::<F>(x.shape(), |o| {
                let (mp, op) = (SendPtr(m.as_mut_ptr()), SendPtr(o.as_mut_ptr()));
                let s = F::from_f64(scale);
                run_tasks(n.div_ceil(CHUNK), &|c| {
                    let start = c * CHUNK;
                    let len = CHUNK.min(n - start);
                    // SAFETY: task c alone writes elements start..start+len of the two buffers,
                    // which outlive `run_tasks`.
                    let (ms, os) = unsafe {
                        (
                            std::slice::from_raw_parts_mut(mp.get().add(start), len),
                            std::slice::from_raw_parts_mut(op.get().add(start), len),
                        )
                    };
                    let mut rng = ChaCha8Rng::seed_from_u64(key);
                    rng.set_stream(c as u64);
                    for ((mv, ov), &xv) in ms.iter_mut().zip(os.iter_mut()).zip(&xs[start..start + len]) {
                        let keep = rng.gen::<f64>() >= p;
                        *mv = keep;
                        *ov = if keep { xv.mul(s) } else { F::from_f64(0.0) };
                    }
                });
            }));
        })?;
        Ok((out.expect("built")?, mask))
    }
    match xc.dtype() {
        DType::F32 => run::<f32>(&xc, p, scale, key),
        _ => run::<f64>(&xc, p, scale, key),
    }
}

/// The mask shape of feature dropout of an input of shape `shape` (at least 2 dims): one
/// element per (sample, channel), `[N, C, 1, ...]`.
pub fn feature_mask_shape(name: &str, shape: &[usize]) -> Result<Vec<usize>> {
    if shape.len() < 2 {
        return Err(Error::shape(format!(
            "{name}: feature dropout needs an input of at least 2 dims (N, C, ...), got shape {}",
            fmt_shape(shape)
        )));
    }
    let mut m = vec![1; shape.len()];
    m[0] = shape[0];
    m[1] = shape[1];
    Ok(m)
}

/// Feature (channel-wise) dropout: a keep mask of shape `[N, C, 1, ...]` drawn as `dropout`
/// draws its mask, then `apply`. `(output, mask)`.
pub fn feature_dropout(x: &Tensor, p: f64) -> Result<(Tensor, Tensor)> {
    check_p("feature_dropout", p)?;
    float_input("feature_dropout", x)?;
    let ms = feature_mask_shape("feature_dropout", x.shape())?;
    let mask = bernoulli_keep(&ms, p)?;
    Ok((apply(x, &mask, scale_of(p))?, mask))
}

/// A bool tensor of `shape`, each element true with probability `1 - p`, drawn as `dropout`
/// draws its mask.
pub fn bernoulli_keep(shape: &[usize], p: f64) -> Result<Tensor> {
    let key = next_key();
    Tensor::build::<bool>(shape, |m| {
        for_chunks(m, CHUNK, |start, c| {
            let mut rng = ChaCha8Rng::seed_from_u64(key);
            rng.set_stream((start / CHUNK) as u64);
            c.iter_mut().for_each(|v| *v = rng.gen::<f64>() >= p);
        })
    })
}

/// `mask ? x * scale : 0` elementwise, the bool `mask` broadcast to `x`'s shape (the dropout
/// forward with a given mask, and its backward on the output gradient).
pub fn apply(x: &Tensor, mask: &Tensor, scale: f64) -> Result<Tensor> {
    float_input("dropout", x)?;
    if mask.dtype() != DType::Bool {
        return Err(Error::dtype(format!("dropout: the mask must be bool, got {}", mask.dtype().name())));
    }
    let ok = broadcast_shapes(mask.shape(), x.shape()).map(|s| s.as_slice() == x.shape()).unwrap_or(false);
    if !ok {
        return Err(Error::shape(format!(
            "dropout: a mask of shape {} does not broadcast to the input's shape {}",
            fmt_shape(mask.shape()),
            fmt_shape(x.shape())
        )));
    }
    let xc = x.contiguous()?;
    let mc = shape::broadcast_to(mask, x.shape())?.contiguous()?;
    fn run<F: Float>(x: &Tensor, m: &Tensor, scale: f64) -> Result<Tensor> {
        let (xs, ms) = (x.contiguous_slice::<F>(), m.contiguous_slice::<bool>());
        let s = F::from_f64(scale);
        Tensor::build::<F>(x.shape(), |o| {
            for_chunks(o, CHUNK, |start, c| {
                for (i, v) in c.iter_mut().enumerate() {
                    let k = start + i;
                    *v = if ms[k] { xs[k].mul(s) } else { F::from_f64(0.0) };
                }
            })
        })
    }
    match xc.dtype() {
        DType::F32 => run::<f32>(&xc, &mc, scale),
        _ => run::<f64>(&xc, &mc, scale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TF_Code;
    use crate::kernels::creation;

    #[test]
    fn apply_keeps_and_scales_and_checks_the_mask() {
        let x = Tensor::build::<f64>(&[2, 3], |o| o.iter_mut().enumerate().for_each(|(i, v)| *v = i as f64 + 1.0)).unwrap();
        let m = Tensor::build::<bool>(&[2, 1], |o| o.copy_from_slice(&[true, false])).unwrap();
        assert_eq!(apply(&x, &m, 2.0).unwrap().to_vec::<f64>(), vec![2.0, 4.0, 6.0, 0.0, 0.0, 0.0]);
        let bad = creation::full(DType::F64, &[2, 1], 1.0).unwrap();
        assert_eq!(apply(&x, &bad, 2.0).err().unwrap().code, TF_Code::TF_DTYPE_ERROR);
        let wrong = Tensor::build::<bool>(&[3, 1], |o| o.fill(true)).unwrap();
        assert_eq!(apply(&x, &wrong, 2.0).err().unwrap().code, TF_Code::TF_SHAPE_ERROR);
    }

    #[test]
    fn bad_probabilities_are_config_errors() {
        let x = creation::full(DType::F32, &[4], 1.0).unwrap();
        for p in [-0.1, 1.5, f64::NAN] {
            let e = dropout(&x, p).err().unwrap();
            assert_eq!(e.code, TF_Code::TF_LAYER_CONFIG_ERROR);
            assert!(e.message.contains("between 0 and 1"), "{}", e.message);
        }
        assert_eq!(scale_of(1.0), 0.0);
        assert_eq!(scale_of(0.5), 2.0);
        // Draws are tested from Python and C (the generator is global; see random.rs).
    }
}
