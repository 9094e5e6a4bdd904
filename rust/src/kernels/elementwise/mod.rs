//! Elementwise kernels: unary, parametrised unary and broadcasting binary ops, the per-dtype
//! arithmetic and float math they are written over, and the vector routines they call.

pub mod arith;
pub mod binary;
pub mod float;
pub mod table;
pub mod unary;
pub mod vecmath;
