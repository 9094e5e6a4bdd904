//! Element types. `DType` is the core's dtype; the C enum `TF_DataType` maps onto it with
//! `TryFrom<i32>` at the boundary, so an unknown integer from C never becomes an invalid enum.

use crate::error::{Error, Result};

/// Element types. The values follow TensorFlow's `TF_DataType`; 0 is never a dtype, so
/// functions that return a dtype return 0 for a NULL tensor.
///
/// Supported now: every value but TF_BFLOAT16 and TF_HALF, which are reserved: passing them
/// fails with TF_DTYPE_ERROR.

#[repr(C)]
#[allow(non_camel_case_types)] // the C names
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// The one table of dtype codes: `DType::code` maps onto it, and the Python package and the
// tests read the values from the header.
pub enum TF_DataType {
    TF_FLOAT = 1,
    TF_DOUBLE = 2,
    TF_INT32 = 3,
    TF_UINT8 = 4,
    TF_INT16 = 5,
    TF_INT8 = 6,
    TF_INT64 = 9,
    TF_BOOL = 10,
    TF_BFLOAT16 = 14,
    TF_HALF = 19,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    F32,
    F64,
    I8,
    I16,
    I32,
    I64,
    U8,
    Bool,
}

/// Kinds ordered as NumPy promotes them: bool < integer < floating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Bool,
    Int,
    Float,
}

impl DType {
    pub const ALL: [DType; 8] =
        [DType::F32, DType::F64, DType::I8, DType::I16, DType::I32, DType::I64, DType::U8, DType::Bool];

    /// The C enum value of this dtype.
    pub const fn code(self) -> TF_DataType {
        match self {
            DType::F32 => TF_DataType::TF_FLOAT,
            DType::F64 => TF_DataType::TF_DOUBLE,
            DType::I8 => TF_DataType::TF_INT8,
            DType::I16 => TF_DataType::TF_INT16,
            DType::I32 => TF_DataType::TF_INT32,
            DType::I64 => TF_DataType::TF_INT64,
            DType::U8 => TF_DataType::TF_UINT8,
            DType::Bool => TF_DataType::TF_BOOL,
        }
    }

    pub fn size(self) -> usize {
        match self {
            DType::I8 | DType::U8 | DType::Bool => 1,
            DType::I16 => 2,
            DType::F32 | DType::I32 => 4,
            DType::F64 | DType::I64 => 8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::U8 => "uint8",
            DType::Bool => "bool",
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            DType::F32 | DType::F64 => Kind::Float,
            DType::I8 | DType::I16 | DType::I32 | DType::I64 | DType::U8 => Kind::Int,
            DType::Bool => Kind::Bool,
        }
    }

    pub fn is_int(self) -> bool {
        self.kind() == Kind::Int
    }

    /// The float dtype that holds every value of this one, as NumPy's promotion with float32
    /// decides (8- and 16-bit integers fit float32; NumPy gives float16 for 8-bit ones, a dtype
    /// tenflowers does not have yet).
    pub fn float_dtype(self) -> DType {
        match self {
            DType::F32 | DType::I8 | DType::I16 | DType::U8 | DType::Bool => DType::F32,
            _ => DType::F64,
        }
    }

    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }

    /// NumPy's promotion of two array dtypes (`numpy.result_type`, which agrees with the Array
    /// API table where that defines one): within a kind the wider wins, uint8 with int8 needs
    /// int16, and a float must hold every value of the integer (int32 with float32 gives float64).
    pub fn promote(a: DType, b: DType) -> DType {
        use DType::*;
        if a == b {
            return a;
        }
        match (a.kind(), b.kind()) {
            (Kind::Bool, _) => b,
            (_, Kind::Bool) => a,
            (Kind::Int, Kind::Int) => {
                let (u, other) = match (a, b) {
                    (U8, o) | (o, U8) => (true, o),
                    _ => (false, a),
                };
                if u {
                    if other == I8 {
                        I16
                    } else {
                        other
                    }
                } else if a.size() >= b.size() {
                    a
                } else {
                    b
                }
            }
            (Kind::Float, Kind::Float) => F64,
            (Kind::Float, Kind::Int) => {
                if a == F64 {
                    F64
                } else {
                    b.float_dtype()
                }
            }
            (Kind::Int, Kind::Float) => {
                if b == F64 {
                    F64
                } else {
                    a.float_dtype()
                }
            }
        }
    }

    /// The accumulator dtype of `sum`: integers and bool sum as int64, floats keep their width.
    pub fn sum_dtype(self) -> DType {
        match self.kind() {
            Kind::Float => self,
            _ => DType::I64,
        }
    }

    /// Dtype of true division: integers and bool divide as float64 (NumPy).
    pub fn div_dtype(self) -> DType {
        match self.kind() {
            Kind::Float => self,
            _ => DType::F64,
        }
    }
}

/// Codes the header reserves for dtypes that have no kernels yet, with their names; every one
/// is two bytes wide.
pub const RESERVED: [(TF_DataType, &str); 2] = [(TF_DataType::TF_BFLOAT16, "bfloat16"), (TF_DataType::TF_HALF, "float16")];

impl TryFrom<i32> for DType {
    type Error = Error;
    /// Codes follow `TF_DataType`. Known codes without a kernel yet (uint8, int8, int16,
    /// bfloat16, half) are DType errors that say so; anything else is unknown.
    fn try_from(code: i32) -> Result<DType> {
        if let Some(&dt) = DType::ALL.iter().find(|d| d.code() as i32 == code) {
            return Ok(dt);
        }
        match RESERVED.iter().find(|(c, _)| *c as i32 == code) {
            Some((_, name)) => Err(Error::dtype(format!(
                "dtype {code} ({name}) is not supported yet; supported: {}",
                DType::ALL.map(|d| d.name()).join(", ")
            ))),
            None => Err(Error::dtype(format!("unknown dtype value {code}"))),
        }
    }
}

/// A Rust type that can be a tensor element.
pub trait Element: Copy + Send + Sync + PartialEq + std::fmt::Debug + 'static {
    const DTYPE: DType;
    fn zero() -> Self;
    fn one() -> Self;
}

macro_rules! element {
    ($t:ty, $dt:ident, $zero:expr, $one:expr) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            #[inline(always)]
            fn zero() -> Self {
                $zero
            }
            #[inline(always)]
            fn one() -> Self {
                $one
            }
        }
    };
}
element!(f32, F32, 0.0, 1.0);
element!(f64, F64, 0.0, 1.0);
element!(i8, I8, 0, 1);
element!(i16, I16, 0, 1);
element!(i32, I32, 0, 1);
element!(u8, U8, 0, 1);
element!(i64, I64, 0, 1);
element!(bool, Bool, false, true);

/// Runs `$body` with `$T` bound to the Rust element type of `$dt`.
#[macro_export]
macro_rules! with_dtype {
    ($dt:expr, $T:ident => $body:expr) => {
        match $dt {
            $crate::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
            $crate::dtype::DType::I8 => {
                type $T = i8;
                $body
            }
            $crate::dtype::DType::I16 => {
                type $T = i16;
                $body
            }
            $crate::dtype::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::dtype::DType::U8 => {
                type $T = u8;
                $body
            }
            $crate::dtype::DType::I64 => {
                type $T = i64;
                $body
            }
            $crate::dtype::DType::Bool => {
                type $T = bool;
                $body
            }
        }
    };
}

/// Value conversion with NumPy's `astype` meaning: `as` between numbers (float to int truncates,
/// saturating where NumPy's result is undefined), nonzero to `true`, bool to 0/1.
pub trait CastTo<D>: Copy {
    fn cast(self) -> D;
}

macro_rules! cast_num {
    ($($s:ty),*) => { $( cast_num!(@to $s; f32, f64, i8, i16, i32, i64, u8); )* };
    (@to $s:ty; $($d:ty),*) => { $(
        impl CastTo<$d> for $s { #[inline(always)] fn cast(self) -> $d { self as $d } }
    )* };
}
cast_num!(f32, f64, i8, i16, i32, i64, u8);

macro_rules! cast_bool {
    ($($t:ty),*) => { $(
        impl CastTo<bool> for $t { #[inline(always)] fn cast(self) -> bool { self != (0 as $t) } }
        impl CastTo<$t> for bool { #[inline(always)] fn cast(self) -> $t { (self as u8) as $t } }
    )* };
}
cast_bool!(f32, f64, i8, i16, i32, i64, u8);
impl CastTo<bool> for bool {
    #[inline(always)]
    fn cast(self) -> bool {
        self
    }
}

/// Converts a C `double` to an element for `TF_Full`, rejecting values the dtype cannot hold
/// instead of silently saturating.
pub fn scalar_from_f64<T: Element>(v: f64) -> Result<T>
where
    f64: CastTo<T>,
{
    let ok = match T::DTYPE {
        // Integers take the value truncated toward zero, so the range applies to that.
        DType::I8 => v.is_finite() && v.trunc() >= i8::MIN as f64 && v.trunc() <= i8::MAX as f64,
        DType::I16 => v.is_finite() && v.trunc() >= i16::MIN as f64 && v.trunc() <= i16::MAX as f64,
        DType::U8 => v.is_finite() && v.trunc() >= 0.0 && v.trunc() <= u8::MAX as f64,
        DType::I32 => v.is_finite() && v.trunc() >= i32::MIN as f64 && v.trunc() <= i32::MAX as f64,
        DType::I64 => v.is_finite() && v >= -9.223372036854775808e18 && v < 9.223372036854775808e18,
        DType::Bool => !v.is_nan(),
        DType::F32 | DType::F64 => true,
    };
    if ok {
        Ok(v.cast())
    } else {
        Err(Error::invalid(format!("value {v} cannot be represented as {}", T::DTYPE.name())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_matches_numpy() {
        use DType::*;
        assert_eq!(DType::promote(I32, F32), F64);
        assert_eq!(DType::promote(I64, F32), F64);
        assert_eq!(DType::promote(Bool, F32), F32);
        assert_eq!(DType::promote(Bool, I32), I32);
        assert_eq!(DType::promote(I32, I64), I64);
        assert_eq!(DType::promote(F32, F64), F64);
        assert_eq!(DType::promote(U8, I8), I16);
        assert_eq!(DType::promote(U8, I32), I32);
        assert_eq!(DType::promote(I8, I16), I16);
        assert_eq!(DType::promote(I16, F32), F32);
        assert_eq!(DType::promote(U8, F32), F32);
        assert_eq!(DType::promote(U8, Bool), U8);
        for a in DType::ALL {
            for b in DType::ALL {
                assert_eq!(DType::promote(a, b), DType::promote(b, a));
            }
        }
    }

    #[test]
    fn dtype_codes_round_trip_and_reject_unknown() {
        assert_eq!(DType::try_from(1).unwrap(), DType::F32);
        assert_eq!(DType::try_from(10).unwrap(), DType::Bool);
        assert_eq!(DType::try_from(6).unwrap(), DType::I8);
        assert!(DType::try_from(0).is_err());
        assert!(DType::try_from(19).is_err());
        assert!(DType::try_from(7).is_err());
        assert!(DType::try_from(-1).is_err());
    }

    #[test]
    fn full_value_range_checked() {
        assert!(scalar_from_f64::<i32>(3e9).is_err());
        assert_eq!(scalar_from_f64::<i32>(2147483647.5).unwrap(), i32::MAX);
        assert!(scalar_from_f64::<u8>(-1.0).is_err());
        assert_eq!(scalar_from_f64::<u8>(-0.5).unwrap(), 0);
        assert!(scalar_from_f64::<i64>(f64::NAN).is_err());
        assert_eq!(scalar_from_f64::<i32>(-2.7).unwrap(), -2);
        assert!(scalar_from_f64::<bool>(0.5).unwrap());
    }
}
