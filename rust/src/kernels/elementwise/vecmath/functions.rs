//! exp, log, tanh and sigmoid for f32 and f64 (algorithms and error bounds: see `vecmath`).

use super::*;

/// e^x for f32: max error 1 ULP (see the module docs).
#[inline(always)]
pub fn exp_f32<M: Fma>(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4; // 0.693359375, 9 significant bits: n * LN2_HI is exact
    const LN2_LO: f32 = -2.121_944_4e-4;
    const MAGIC: f32 = 12_582_912.0; // 1.5 * 2^23: adding it rounds to an integer
    // Clamp (keeping NaN): beyond these the result is inf or 0 either way.
    let xc = if x > 100.0 { 100.0 } else { x };
    let xc = if xc < -110.0 { -110.0 } else { xc };
    let t = fma32::<M>(xc, LOG2E, MAGIC);
    let n = t - MAGIC;
    let r = fma32::<M>(n, -LN2_HI, xc);
    let r = fma32::<M>(n, -LN2_LO, r);
    let mut p = 1.987_569_2e-4f32;
    p = fma32::<M>(p, r, 1.398_199_9e-3);
    p = fma32::<M>(p, r, 8.333_452e-3);
    p = fma32::<M>(p, r, 4.166_579_6e-2);
    p = fma32::<M>(p, r, 1.666_666_5e-1);
    p = fma32::<M>(p, r, 5.000_000_1e-1);
    let p = fma32::<M>(p, r * r, r) + 1.0;
    // 2^n in two factors, each a normal float, so a subnormal result is rounded once.
    let ni = (t.to_bits() as i32).wrapping_sub(MAGIC.to_bits() as i32);
    let n1 = ni >> 1;
    let n2 = ni.wrapping_sub(n1);
    let s1 = f32::from_bits((n1.wrapping_add(127) as u32) << 23);
    let s2 = f32::from_bits((n2.wrapping_add(127) as u32) << 23);
    p * s1 * s2
}

/// e^x for f64: max error 1 ULP against libm.
#[inline(always)]
pub fn exp_f64<M: Fma>(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    const LN2_HI: f64 = 6.931_471_803_691_238_164_9e-1; // 0x3fe62e42fee00000
    const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    let xc = if x > 720.0 { 720.0 } else { x };
    let xc = if xc < -760.0 { -760.0 } else { xc };
    let t = fma64::<M>(xc, LOG2E, MAGIC);
    let n = t - MAGIC;
    let r = fma64::<M>(n, -LN2_HI, xc);
    let r = fma64::<M>(n, -LN2_LO, r);
    // Taylor series to degree 13: the truncation error is below 2^-57 on |r| <= ln2/2.
    let mut p = 1.0 / 6_227_020_800.0; // 1/13!
    p = fma64::<M>(p, r, 1.0 / 479_001_600.0);
    p = fma64::<M>(p, r, 1.0 / 39_916_800.0);
    p = fma64::<M>(p, r, 1.0 / 3_628_800.0);
    p = fma64::<M>(p, r, 1.0 / 362_880.0);
    p = fma64::<M>(p, r, 1.0 / 40_320.0);
    p = fma64::<M>(p, r, 1.0 / 5_040.0);
    p = fma64::<M>(p, r, 1.0 / 720.0);
    p = fma64::<M>(p, r, 1.0 / 120.0);
    p = fma64::<M>(p, r, 1.0 / 24.0);
    p = fma64::<M>(p, r, 1.0 / 6.0);
    p = fma64::<M>(p, r, 0.5);
    let p = fma64::<M>(p, r * r, r) + 1.0;
    let ni = (t.to_bits() as i64).wrapping_sub(MAGIC.to_bits() as i64);
    // floor(n / 2) with a logical shift (AVX2 has no 64-bit arithmetic shift).
    let n1 = ((ni.wrapping_add(4096) as u64) >> 1) as i64 - 2048;
    let n2 = ni.wrapping_sub(n1);
    let s1 = f64::from_bits((n1.wrapping_add(1023) as u64) << 52);
    let s2 = f64::from_bits((n2.wrapping_add(1023) as u64) << 52);
    p * s1 * s2
}

// ---------------------------------------------------------------------------------------------
// log
// ---------------------------------------------------------------------------------------------

/// Natural log for f32 (Cephes logf): max error 1 ULP.
#[inline(always)]
pub fn log_f32<M: Fma>(x: f32) -> f32 {
    let sub = x < f32::MIN_POSITIVE;
    let xs = if sub { x * 8_388_608.0 } else { x }; // 2^23
    let kadj: i32 = if sub { -23 } else { 0 };
    let ix = xs.to_bits().wrapping_add(0x3f80_0000 - 0x3f35_04f3);
    let k = ((ix >> 23) as i32) - 127 + kadj;
    let m = f32::from_bits((ix & 0x007f_ffff) + 0x3f35_04f3); // in [sqrt(1/2), sqrt(2))
    let f = m - 1.0;
    let z = f * f;
    let mut y = 7.037_683_6e-2f32;
    y = fma32::<M>(y, f, -1.151_461e-1);
    y = fma32::<M>(y, f, 1.167_699_9e-1);
    y = fma32::<M>(y, f, -1.242_014_1e-1);
    y = fma32::<M>(y, f, 1.424_932_3e-1);
    y = fma32::<M>(y, f, -1.666_805_8e-1);
    y = fma32::<M>(y, f, 2.000_071_5e-1);
    y = fma32::<M>(y, f, -2.499_999_4e-1);
    y = fma32::<M>(y, f, 3.333_333_1e-1);
    let fk = k as f32;
    let mut y = y * f * z;
    y = fma32::<M>(fk, -2.121_944_4e-4, y);
    y = fma32::<M>(-0.5, z, y);
    let r = fma32::<M>(fk, 0.693_359_4, f + y);
    let r = if x == f32::INFINITY { x } else { r };
    let r = if x == 0.0 { f32::NEG_INFINITY } else { r };
    let r = if x < 0.0 { f32::NAN } else { r };
    if x.is_nan() {
        x
    } else {
        r
    }
}

/// Natural log for f64 (fdlibm's algorithm): max error 1 ULP against libm.
#[inline(always)]
pub fn log_f64<M: Fma>(x: f64) -> f64 {
    const LN2_HI: f64 = 6.931_471_803_691_238_164_9e-1;
    const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const LG1: f64 = 6.666_666_666_666_735_13e-1;
    const LG2: f64 = 3.999_999_999_940_941_908e-1;
    const LG3: f64 = 2.857_142_874_366_239_149e-1;
    const LG4: f64 = 2.222_219_843_214_978_396e-1;
    const LG5: f64 = 1.818_357_216_161_805_012e-1;
    const LG6: f64 = 1.531_383_769_920_937_332e-1;
    const LG7: f64 = 1.479_819_860_511_658_591e-1;
    let sub = x < f64::MIN_POSITIVE;
    let xs = if sub { x * 18_014_398_509_481_984.0 } else { x }; // 2^54
    let kadj: i64 = if sub { -54 } else { 0 };
    let ix = xs.to_bits().wrapping_add((0x3ff0_0000u64 - 0x3fe6_a09e) << 32);
    let k = ((ix >> 52) as i64) - 1023 + kadj;
    let m = f64::from_bits((ix & 0x000f_ffff_ffff_ffff) + (0x3fe6_a09eu64 << 32));
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * fma64::<M>(w, fma64::<M>(w, LG6, LG4), LG2);
    let t2 = z * fma64::<M>(w, fma64::<M>(w, fma64::<M>(w, LG7, LG5), LG3), LG1);
    let rr = t2 + t1;
    // k as f64 without a 64-bit int conversion (|k| < 2^51).
    const MAGIC: f64 = 6_755_399_441_055_744.0;
    let dk = f64::from_bits((MAGIC.to_bits() as i64).wrapping_add(k) as u64) - MAGIC;
    let r = fma64::<M>(s, hfsq + rr, fma64::<M>(dk, LN2_LO, 0.0)) - hfsq + f;
    let r = fma64::<M>(dk, LN2_HI, r);
    let r = if x == f64::INFINITY { x } else { r };
    let r = if x == 0.0 { f64::NEG_INFINITY } else { r };
    let r = if x < 0.0 { f64::NAN } else { r };
    if x.is_nan() {
        x
    } else {
        r
    }
}

// ---------------------------------------------------------------------------------------------
// tanh, sigmoid
// ---------------------------------------------------------------------------------------------

/// tanh for f32 (Cephes tanhf): max error 2 ULP.
#[inline(always)]
pub fn tanh_f32<M: Fma>(x: f32) -> f32 {
    let a = f32::from_bits(x.to_bits() & 0x7fff_ffff);
    let s = x * x;
    let mut p = -5.704_988_7e-3f32;
    p = fma32::<M>(p, s, 2.063_908_9e-2);
    p = fma32::<M>(p, s, -5.373_971_6e-2);
    p = fma32::<M>(p, s, 1.333_144_2e-1);
    p = fma32::<M>(p, s, -3.333_328_2e-1);
    let small = fma32::<M>(p * s, x, x);
    // tanh is odd: keep the sign of x (fma(+0, -0, -0) would give +0 for x = -0).
    let small = f32::from_bits(small.to_bits() | (x.to_bits() & 0x8000_0000));
    let e = exp_f32::<M>(a + a);
    let big = 1.0 - 2.0 / (e + 1.0);
    let big = f32::from_bits(big.to_bits() | (x.to_bits() & 0x8000_0000));
    if a < 0.625 {
        small
    } else {
        big
    }
}

/// tanh for f64 (Cephes tanh): max error 2 ULP against libm.
#[inline(always)]
pub fn tanh_f64<M: Fma>(x: f64) -> f64 {
    let a = f64::from_bits(x.to_bits() & 0x7fff_ffff_ffff_ffff);
    let z = x * x;
    let p = fma64::<M>(fma64::<M>(-9.643_991_794_250_522_386_28e-1, z, -9.928_772_310_019_185_865_64e1), z, -1.614_687_684_417_084_479_52e3);
    let q = fma64::<M>(fma64::<M>(z + 1.128_116_784_916_329_314_02e2, z, 2.235_488_390_601_004_485_83e3), z, 4.844_063_053_251_254_860_48e3);
    let small = fma64::<M>(x * z, p / q, x);
    let small = f64::from_bits(small.to_bits() | (x.to_bits() & 0x8000_0000_0000_0000));
    let e = exp_f64::<M>(a + a);
    let big = 1.0 - 2.0 / (e + 1.0);
    let big = f64::from_bits(big.to_bits() | (x.to_bits() & 0x8000_0000_0000_0000));
    if a < 0.625 {
        small
    } else {
        big
    }
}

/// 1 / (1 + e^-x) for f32: max error 2.5 ULP (2.11 measured); tiny results keep their subnormal precision.
#[inline(always)]
pub fn sigmoid_f32<M: Fma>(x: f32) -> f32 {
    let na = f32::from_bits(x.to_bits() | 0x8000_0000); // -|x|
    let e = exp_f32::<M>(na);
    let d = 1.0 + e;
    if x >= 0.0 {
        1.0 / d
    } else if x < 0.0 {
        e / d
    } else {
        x
    }
}

/// 1 / (1 + e^-x) for f64: max error 2 ULP against libm.
#[inline(always)]
pub fn sigmoid_f64<M: Fma>(x: f64) -> f64 {
    let na = f64::from_bits(x.to_bits() | 0x8000_0000_0000_0000);
    let e = exp_f64::<M>(na);
    let d = 1.0 + e;
    if x >= 0.0 {
        1.0 / d
    } else if x < 0.0 {
        e / d
    } else {
        x
    }
}

// ---------------------------------------------------------------------------------------------
