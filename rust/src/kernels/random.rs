//! Random tensors. Every call draws a fresh call number from a global counter; element `i` comes
//! from chunk `i / CHUNK` of a ChaCha8 stream keyed by (seed, call number, chunk). The chunking is
//! fixed, so the numbers depend on the seed and the order of calls, never on the thread count.

use super::creation::int_bounds;
use crate::dtype::{CastTo, DType, Element, Kind};
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use crate::with_dtype;
use rand::distributions::Uniform;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use std::sync::Mutex;

pub(crate) const CHUNK: usize = 1 << 14;

/// (seed, next call number). A mutex, not two atomics, so a reseed and a draw never interleave.
static STATE: Mutex<Option<(u64, u64)>> = Mutex::new(None);

pub fn manual_seed(seed: u64) {
    *STATE.lock().unwrap_or_else(|e| e.into_inner()) = Some((seed, 0));
}

pub(crate) fn next_key() -> u64 {
    let mut g = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let (seed, call) = g.get_or_insert_with(|| {
        // Unseeded processes differ from each other, as NumPy's and PyTorch's default generators.
        (rand::random::<u64>(), 0)
    });
    let key = splitmix(*seed ^ splitmix(*call));
    *call += 1;
    key
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Clone, Copy)]
pub enum Dist {
    Uniform,
    Normal,
}

pub fn random(dtype: DType, shape: &[usize], dist: Dist) -> Result<Tensor> {
    if !dtype.is_float() {
        return Err(Error::dtype(format!("dtype {} is not a floating-point type", dtype.name())));
    }
    let key = next_key();
    fn fill<T>(out: &mut [T], key: u64, dist: Dist)
    where
        T: Send + Copy,
        StandardNormal: Distribution<T>,
        rand::distributions::Standard: Distribution<T>,
    {
        crate::runtime::threads::for_chunks(out, CHUNK, |start, c| {
            let mut rng = ChaCha8Rng::seed_from_u64(key);
            rng.set_stream((start / CHUNK) as u64);
            match dist {
                // `Standard` for floats is uniform on [0, 1).
                Dist::Uniform => c.iter_mut().for_each(|v| *v = rng.gen::<T>()),
                Dist::Normal => c.iter_mut().for_each(|v| *v = StandardNormal.sample(&mut rng)),
            }
        });
    }
    match dtype {
        DType::F32 => Tensor::build::<f32>(shape, |out| fill(out, key, dist)),
        DType::F64 => Tensor::build::<f64>(shape, |out| fill(out, key, dist)),
        _ => unreachable!("checked above"),
    }
}

/// Integers drawn uniformly from [low, high) (bool: low 0, high <= 2), with the seed handling of
/// `random`: one call number per call, a ChaCha8 stream per fixed-size chunk, so the
/// values depend on the seed and the call order only, never on the thread count.
pub fn randint(dtype: DType, shape: &[usize], low: i64, high: i64) -> Result<Tensor> {
    if dtype.kind() == Kind::Float {
        return Err(Error::dtype(format!("randint needs an integer or bool dtype, got {}", dtype.name())));
    }
    if low >= high {
        return Err(Error::invalid(format!("low {low} must be less than high {high}")));
    }
    let (lo, hi) = int_bounds(dtype);
    if (low as i128) < lo || (high as i128) - 1 > hi {
        return Err(Error::invalid(format!(
            "[low, high) = [{low}, {high}) is out of bounds for {} (values {lo} to {hi})",
            dtype.name()
        )));
    }
    let key = next_key();
    let dist = Uniform::new(low, high);
    with_dtype!(dtype, T => randint_fill::<T>(shape, key, dist))
}

fn randint_fill<T: Element>(shape: &[usize], key: u64, dist: Uniform<i64>) -> Result<Tensor>
where
    i64: CastTo<T>,
{
    Tensor::build::<T>(shape, |out| {
        crate::runtime::threads::for_chunks(out, CHUNK, |start, c| {
            let mut rng = ChaCha8Rng::seed_from_u64(key);
            rng.set_stream((start / CHUNK) as u64);
            c.iter_mut().for_each(|v| *v = dist.sample(&mut rng).cast());
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_any_thread_count() {
        let _g = crate::runtime::threads::tests::THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        manual_seed(7);
        let a = random(DType::F32, &[100_000], Dist::Normal).unwrap().to_vec::<f32>();
        let before = crate::runtime::threads::num_threads();
        crate::runtime::threads::set_num_threads(1).unwrap();
        manual_seed(7);
        let b = random(DType::F32, &[100_000], Dist::Normal).unwrap().to_vec::<f32>();
        crate::runtime::threads::set_num_threads(before as i64).unwrap();
        assert_eq!(a, b);
        let c = random(DType::F32, &[100_000], Dist::Normal).unwrap().to_vec::<f32>();
        assert_ne!(a, c);
        let mean = a.iter().map(|&v| v as f64).sum::<f64>() / a.len() as f64;
        assert!(mean.abs() < 0.02, "{mean}");
        // In the same test: the generator is global, so a parallel test would shift the calls.
        let u = random(DType::F64, &[50_000], Dist::Uniform).unwrap().to_vec::<f64>();
        assert!(u.iter().all(|&v| (0.0..1.0).contains(&v)));
    }

    #[test]
    fn randint_rejects_bad_arguments() {
        assert!(randint(DType::I64, &[3], 5, 5).is_err());
        assert!(randint(DType::U8, &[3], -1, 5).is_err());
        assert!(randint(DType::F32, &[3], 0, 5).is_err());
        // Draws are tested from Python and C: a draw here would shift the global call counter
        // under the seeded test in random.rs, which runs in parallel.
    }
}
