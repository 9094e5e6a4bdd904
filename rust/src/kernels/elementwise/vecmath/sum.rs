//! The float sum: lanes of block sums added as a tree (the error bound of a pairwise sum).

use super::*;

// Sum
// ---------------------------------------------------------------------------------------------

/// Lanes of the f32 block sum (4 AVX-512 registers) and the block the pairwise recursion stops at.
/// Each lane adds BLOCK/LANES = 16 elements before the lanes are added as a tree of depth 6, so
/// the error bound (16 + 6 + log2(n / 1024)) eps equals the former scalar pairwise sum's
/// (16 + 3 + log2(n / 128)) eps, which followed NumPy's.
const LANES32: usize = 64;
const BLOCK32: usize = 1024;
const LANES64: usize = 32;
const BLOCK64: usize = 512;

macro_rules! block_sum {
    ($name:ident, $t:ty, $lanes:expr) => {
        #[inline(always)]
        fn $name(x: &[$t]) -> $t {
            let mut acc = [0.0 as $t; $lanes];
            let chunks = x.chunks_exact($lanes);
            let rest = chunks.remainder();
            for c in chunks {
                for k in 0..$lanes {
                    acc[k] += c[k];
                }
            }
            for (a, &v) in acc.iter_mut().zip(rest) {
                *a += v;
            }
            let mut w = $lanes / 2;
            while w > 0 {
                for k in 0..w {
                    acc[k] += acc[k + w];
                }
                w /= 2;
            }
            acc[0]
        }
    };
}
block_sum!(block_sum32, f32, LANES32);
block_sum!(block_sum64, f64, LANES64);

levels! {
    fn block32<>(x: &[f32]) -> f32 {
        block_sum32(x)
    }
}
levels! {
    fn block64<>(x: &[f64]) -> f64 {
        block_sum64(x)
    }
}

fn pairwise32(lvl: Level, x: &[f32]) -> f32 {
    if x.len() <= BLOCK32 {
        block32::at(lvl, x)
    } else {
        let half = (x.len() / 2) & !(LANES32 - 1);
        pairwise32(lvl, &x[..half]) + pairwise32(lvl, &x[half..])
    }
}

fn pairwise64(lvl: Level, x: &[f64]) -> f64 {
    if x.len() <= BLOCK64 {
        block64::at(lvl, x)
    } else {
        let half = (x.len() / 2) & !(LANES64 - 1);
        pairwise64(lvl, &x[..half]) + pairwise64(lvl, &x[half..])
    }
}

/// Sum of an f32 slice: pairwise recursion down to blocks of 1024 summed in 64 lanes.
pub fn sum_f32(x: &[f32]) -> f32 {
    pairwise32(level(), x)
}
/// Sum of an f64 slice: pairwise recursion down to blocks of 512 summed in 32 lanes.
pub fn sum_f64(x: &[f64]) -> f64 {
    pairwise64(level(), x)
}
/// `sum_f32` at a given level (tests).
pub fn sum_f32_at(lvl: Level, x: &[f32]) -> f32 {
    pairwise32(lvl, x)
}
/// `sum_f64` at a given level (tests).
pub fn sum_f64_at(lvl: Level, x: &[f64]) -> f64 {
    pairwise64(lvl, x)
}
