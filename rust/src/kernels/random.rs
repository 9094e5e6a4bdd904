//! Random tensors and permutations. Every draw takes a fresh call number from a `Generator` (the
//! global one, or a private one the caller owns); element `i` comes from chunk `i / CHUNK` of a
//! ChaCha8 stream keyed by (seed, call number, chunk). The chunking is fixed, so the numbers
//! depend on the generator's seed and the order of draws, never on the thread count.

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

/// A random generator: a seed and the number of the next call. Each draw (one tensor, one
/// permutation) takes one call number and turns (seed, call number) into a ChaCha8 key, so the
/// numbers depend on the seed and the order of draws only. A mutex, not two atomics, so a reseed
/// and a draw never interleave: one generator may be used from several threads at once.
pub struct Generator {
    state: Mutex<Option<(u64, u64)>>,
}

/// The library's global generator, seeded by `manual_seed`; unseeded processes draw their seed
/// from the OS on first use.
pub static GLOBAL: Generator = Generator { state: Mutex::new(None) };

impl Generator {
    /// A generator seeded with `seed`, at call number 0.
    pub fn new(seed: u64) -> Self {
        Generator { state: Mutex::new(Some((seed, 0))) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, u64)>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reseeds: the next draws repeat those after any earlier `manual_seed(seed)`.
    pub fn manual_seed(&self, seed: u64) {
        *self.lock() = Some((seed, 0));
    }

    /// (seed, next call number); an unseeded generator takes its seed now.
    pub fn state(&self) -> (u64, u64) {
        *self.lock().get_or_insert_with(os_seed)
    }

    /// Restores a state from `state`: the draws that followed it follow again.
    pub fn set_state(&self, seed: u64, call: u64) {
        *self.lock() = Some((seed, call));
    }

    /// The key of the next draw; advances the call number.
    pub fn next_key(&self) -> u64 {
        let mut g = self.lock();
        let (seed, call) = g.get_or_insert_with(os_seed);
        let key = splitmix(*seed ^ splitmix(*call));
        *call = call.wrapping_add(1);
        key
    }
}

/// Unseeded processes differ from each other, as NumPy's and PyTorch's default generators.
fn os_seed() -> (u64, u64) {
    (rand::random::<u64>(), 0)
}

pub fn manual_seed(seed: u64) {
    GLOBAL.manual_seed(seed)
}

pub(crate) fn next_key() -> u64 {
    GLOBAL.next_key()
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
    random_with(&GLOBAL, dtype, shape, dist)
}

/// `random` drawing from `gen`.
pub fn random_with(gen: &Generator, dtype: DType, shape: &[usize], dist: Dist) -> Result<Tensor> {
    if !dtype.is_float() {
        return Err(Error::dtype(format!("dtype {} is not a floating-point type", dtype.name())));
    }
    let key = gen.next_key();
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
    randint_with(&GLOBAL, dtype, shape, low, high)
}

/// `randint` drawing from `gen`.
pub fn randint_with(gen: &Generator, dtype: DType, shape: &[usize], low: i64, high: i64) -> Result<Tensor> {
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
    let key = gen.next_key();
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

/// A uniformly random permutation of `0..n` (int32 or int64), drawn from `gen`: one call number,
/// then a Fisher-Yates shuffle over the ChaCha8 stream of its key, on one thread, so the order
/// depends on the generator's state only.
pub fn randperm(gen: &Generator, n: i64, dtype: DType) -> Result<Tensor> {
    if n < 0 {
        return Err(Error::invalid(format!("n must be non-negative, got {n}")));
    }
    match dtype {
        DType::I64 => {}
        DType::I32 if n <= i32::MAX as i64 + 1 => {}
        DType::I32 => return Err(Error::invalid(format!("n {n} is too large for int32 (at most 2**31)"))),
        _ => return Err(Error::dtype(format!("randperm needs int32 or int64, got {}", dtype.name()))),
    }
    let len = usize::try_from(n).map_err(|_| Error::oom(format!("n {n} does not fit in memory")))?;
    let key = gen.next_key();
    fn shuffle<T: Element + TryFrom<usize>>(out: &mut [T], key: u64) {
        let mut rng = ChaCha8Rng::seed_from_u64(key);
        for (i, v) in out.iter_mut().enumerate() {
            *v = T::try_from(i).unwrap_or_else(|_| unreachable!("n is checked against the dtype"));
        }
        for i in (1..out.len()).rev() {
            let j = rng.gen_range(0..=i as u64) as usize;
            out.swap(i, j);
        }
    }
    match dtype {
        DType::I32 => Tensor::build::<i32>(&[len], |out| shuffle(out, key)),
        _ => Tensor::build::<i64>(&[len], |out| shuffle(out, key)),
    }
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
    fn private_generators_repeat_and_are_independent() {
        let a = Generator::new(42);
        let b = Generator::new(42);
        let pa = randperm(&a, 1000, DType::I64).unwrap().to_vec::<i64>();
        let pb = randperm(&b, 1000, DType::I64).unwrap().to_vec::<i64>();
        assert_eq!(pa, pb);
        let mut sorted = pa.clone();
        sorted.sort();
        assert_eq!(sorted, (0..1000).collect::<Vec<i64>>());
        assert_ne!(pa, sorted, "a shuffle of 1000 left everything in place");
        // The next draw differs, and a generator at the same state gives it again.
        assert_eq!(a.state(), (42, 1));
        let next = randperm(&a, 1000, DType::I64).unwrap().to_vec::<i64>();
        assert_ne!(next, pa);
        let c = Generator::new(0);
        c.set_state(42, 1);
        assert_eq!(randperm(&c, 1000, DType::I64).unwrap().to_vec::<i64>(), next);
        // int32 gives the same order.
        let d = Generator::new(42);
        let p32 = randperm(&d, 1000, DType::I32).unwrap().to_vec::<i32>();
        assert_eq!(p32.iter().map(|&v| v as i64).collect::<Vec<_>>(), pa);
        // Uniform and integer draws through a private generator repeat too.
        a.manual_seed(9);
        let u = random_with(&a, DType::F64, &[10], Dist::Uniform).unwrap().to_vec::<f64>();
        let r = randint_with(&a, DType::I64, &[10], 0, 5).unwrap().to_vec::<i64>();
        b.manual_seed(9);
        assert_eq!(random_with(&b, DType::F64, &[10], Dist::Uniform).unwrap().to_vec::<f64>(), u);
        assert_eq!(randint_with(&b, DType::I64, &[10], 0, 5).unwrap().to_vec::<i64>(), r);
    }

    #[test]
    fn randperm_is_uniform_on_small_n() {
        // All 6 orders of 0..3 appear about equally often over 6000 draws.
        let g = Generator::new(1);
        let mut counts = std::collections::HashMap::new();
        for _ in 0..6000 {
            *counts.entry(randperm(&g, 3, DType::I64).unwrap().to_vec::<i64>()).or_insert(0) += 1;
        }
        assert_eq!(counts.len(), 6);
        assert!(counts.values().all(|&c| (850..1150).contains(&c)), "{counts:?}");
        assert!(randperm(&g, 0, DType::I64).unwrap().to_vec::<i64>().is_empty());
        assert_eq!(randperm(&g, 1, DType::I32).unwrap().to_vec::<i32>(), vec![0]);
    }

    #[test]
    fn randperm_rejects_bad_arguments() {
        let g = Generator::new(1);
        let code = |r: Result<Tensor>| r.err().map(|e| e.code);
        assert_eq!(code(randperm(&g, -1, DType::I64)), Some(crate::error::TF_Code::TF_INVALID_ARGUMENT));
        assert_eq!(code(randperm(&g, 3, DType::F32)), Some(crate::error::TF_Code::TF_DTYPE_ERROR));
        assert_eq!(code(randperm(&g, 1 << 32, DType::I32)), Some(crate::error::TF_Code::TF_INVALID_ARGUMENT));
        assert_eq!(g.state(), (1, 0), "a rejected draw takes no call number");
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
