//! erf and erfc: fdlibm's rational approximations on four ranges, written without branches.

use super::*;

// erf (fdlibm's, branch-free)
// ---------------------------------------------------------------------------------------------

/// erf for f64 (fdlibm's s_erf.c, every range computed and the right one selected): max error
/// 1 ULP against libm.
#[inline(always)]
pub fn erf_f64<M: Fma>(x: f64) -> f64 {
    erf_erfc_f64::<M>(x).0
}

/// erfc for f64 (fdlibm's s_erf.c): accurate where 1 - erf(x) would cancel (large x).
#[inline(always)]
pub fn erfc_f64<M: Fma>(x: f64) -> f64 {
    erf_erfc_f64::<M>(x).1
}

/// (erf(x), erfc(x)), sharing the range reductions.
#[inline(always)]
fn erf_erfc_f64<M: Fma>(x: f64) -> (f64, f64) {
    const ERX: f64 = 8.450_629_115_104_675_292_97e-1;
    const PP: [f64; 5] = [
        1.283_791_670_955_125_585_61e-1,
        -3.250_421_072_470_014_993_70e-1,
        -2.848_174_957_559_851_047_66e-2,
        -5.770_270_296_489_441_591_57e-3,
        -2.376_301_665_665_016_260_84e-5,
    ];
    const QQ: [f64; 5] = [
        3.979_172_239_591_553_528_19e-1,
        6.502_224_998_876_729_444_85e-2,
        5.081_306_281_875_765_627_76e-3,
        1.324_947_380_043_216_445_26e-4,
        -3.960_228_278_775_368_123_20e-6,
    ];
    const PA: [f64; 7] = [
        -2.362_118_560_752_659_440_77e-3,
        4.148_561_186_837_483_316_66e-1,
        -3.722_078_760_357_013_238_47e-1,
        3.183_466_199_011_617_536_74e-1,
        -1.108_946_942_823_966_774_76e-1,
        3.547_830_432_561_823_593_71e-2,
        -2.166_375_594_868_790_843_00e-3,
    ];
    const QA: [f64; 6] = [
        1.064_208_804_008_442_282_86e-1,
        5.403_979_177_021_710_489_37e-1,
        7.182_865_441_419_626_628_68e-2,
        1.261_712_198_087_616_421_12e-1,
        1.363_708_391_202_905_073_62e-2,
        1.198_449_984_679_910_741_70e-2,
    ];
    const RA: [f64; 8] = [
        -9.864_944_034_847_148_227_05e-3,
        -6.938_585_727_071_817_643_72e-1,
        -1.055_862_622_532_329_098_14e1,
        -6.237_533_245_032_600_603_96e1,
        -1.623_966_694_625_734_703_55e2,
        -1.846_050_929_067_110_359_94e2,
        -8.128_743_550_630_659_342_46e1,
        -9.814_329_344_169_145_485_92,
    ];
    const SA: [f64; 8] = [
        1.965_127_166_743_925_712_92e1,
        1.376_577_541_435_190_426_00e2,
        4.345_658_774_752_292_288_21e2,
        6.453_872_717_332_678_803_36e2,
        4.290_081_400_275_678_333_86e2,
        1.086_350_055_417_794_351_34e2,
        6.570_249_770_319_281_701_35,
        -6.042_441_521_485_809_874_38e-2,
    ];
    const RB: [f64; 8] = [
        -9.864_942_924_700_099_285_97e-3,
        -7.992_832_376_805_230_065_74e-1,
        -1.775_795_491_775_475_198_89e1,
        -1.606_363_848_558_219_160_62e2,
        -6.375_664_433_683_896_277_22e2,
        -1.025_095_131_611_077_249_54e3,
        -4.835_191_916_086_513_970_19e2,
        0.0,
    ];
    const SB: [f64; 8] = [
        3.033_806_074_348_245_829_24e1,
        3.257_925_129_965_739_188_26e2,
        1.536_729_586_084_436_959_94e3,
        3.199_858_219_508_595_539_08e3,
        2.553_050_406_433_164_425_83e3,
        4.745_285_412_069_553_672_15e2,
        -2.244_095_244_658_581_833_62e1,
        0.0,
    ];
    let sign = x.to_bits() & 0x8000_0000_0000_0000;
    let a = f64::from_bits(x.to_bits() & 0x7fff_ffff_ffff_ffff);
    // |x| < 0.84375: x + x * P(x^2) / Q(x^2).
    let z = x * x;
    let r = fma64::<M>(fma64::<M>(fma64::<M>(fma64::<M>(PP[4], z, PP[3]), z, PP[2]), z, PP[1]), z, PP[0]);
    let s = fma64::<M>(fma64::<M>(fma64::<M>(fma64::<M>(fma64::<M>(QQ[4], z, QQ[3]), z, QQ[2]), z, QQ[1]), z, QQ[0]), z, 1.0);
    // 0.84375 <= |x| < 1.25: erx + P(s) / Q(s), s = |x| - 1.
    let s1 = a - 1.0;
    let mut p = PA[6];
    for c in PA[..6].iter().rev() {
        p = fma64::<M>(p, s1, *c);
    }
    let mut q = QA[5];
    for c in QA[..5].iter().rev() {
        q = fma64::<M>(q, s1, *c);
    }
    let q = fma64::<M>(q, s1, 1.0);
    // 1.25 <= |x| < 6: 1 - exp(-z^2 - 0.5625) exp((z - x)(z + x) + R/S) / x, z = x with its
    // low 32 bits cleared; R/S from the [1.25, 1/0.35) or the [1/0.35, 6) set.
    let at = if a > 28.0 { 28.0 } else { a };
    let at = if at < 1.25 { 1.25 } else { at };
    let lo = at < 1.0 / 0.35;
    let w = 1.0 / (at * at);
    let mut rr = if lo { RA[7] } else { RB[7] };
    let mut ss = if lo { SA[7] } else { SB[7] };
    for i in (0..7).rev() {
        rr = fma64::<M>(rr, w, if lo { RA[i] } else { RB[i] });
        ss = fma64::<M>(ss, w, if lo { SA[i] } else { SB[i] });
    }
    // RB has 7 coefficients and SB 7 (+1): the zero padding above keeps the degree right.
    let ss = fma64::<M>(ss, w, 1.0);
    // One division for the three rational functions: each lane needs only its range's.
    let num = if a < 0.84375 { r } else if a < 1.25 { p } else { rr };
    let den = if a < 0.84375 { s } else if a < 1.25 { q } else { ss };
    let quo = num / den;
    let (r_s, p_q, rr_ss) = (quo, quo, quo);
    let small = fma64::<M>(x, r_s, x);
    let mid = ERX + p_q;
    let zt = f64::from_bits(at.to_bits() & 0xffff_ffff_0000_0000);
    let e1 = exp_f64::<M>(fma64::<M>(-zt, zt, -0.5625));
    let e2 = exp_f64::<M>(fma64::<M>(zt - at, zt + at, rr_ss));
    let tail_c = e1 * e2 / at; // erfc(|x|) for |x| >= 1.25
    let neg = sign != 0;
    // erf
    let big = if a < 1.25 { mid } else { 1.0 - tail_c };
    let big = f64::from_bits(big.to_bits() | sign);
    let r = if a < 0.84375 { small } else { big };
    // erfc
    let c_small = if x < 0.25 { 1.0 - small } else { 0.5 - fma64::<M>(x, r_s, x - 0.5) };
    let c_mid = if neg { 1.0 + mid } else { (1.0 - ERX) - p_q };
    let c_tail = if neg { 2.0 - tail_c } else { tail_c };
    let c = if a < 1.25 { c_mid } else { c_tail };
    let c = if a < 0.84375 { c_small } else { c };
    if x.is_nan() {
        (x, x)
    } else {
        (r, c)
    }
}

/// erf for f32: the f64 kernel, rounded once (max error 1 ULP, usually 0.5).
#[inline(always)]
pub fn erf_f32<M: Fma>(x: f32) -> f32 {
    erf_f64::<M>(x as f64) as f32
}

// ---------------------------------------------------------------------------------------------
