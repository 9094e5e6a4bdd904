//! Random tensors, permutations and generators. Every draw depends only on its generator's seed
//! and the order of draws, never on the thread count.
//!
//! Generators: the library has one global generator (TF_ManualSeed, TF_Rand, ...), and a
//! program may make private ones with TF_NewGenerator, each with its own seed and call count, so
//! draws from one never shift the numbers of another. Every function taking a `TF_Generator*`
//! accepts NULL for the global generator. A generator is owned by its creator and freed with
//! TF_DeleteGenerator; it may be used from several threads at once (a mutex orders the draws),
//! but must not be deleted while another thread uses it.

use super::args::{dims_arg, dtype_arg};
use super::boundary::{guard, guard_plain, handle, TF_Tensor};
use super::status::TF_Status;
use super::types::TF_DataTypeArg;
use crate::dtype::DType;
use std::os::raw::c_int;
use crate::error::Error;
use crate::kernels::random::{self, Generator};

/// A random generator: a seed and a call count (opaque). Made by TF_NewGenerator, freed by
/// TF_DeleteGenerator.
pub struct TF_Generator(Generator);

/// The generator behind `gen`: the global one for NULL.
///
/// # Safety
/// `gen` is NULL or a live generator from TF_NewGenerator.
unsafe fn generator_arg<'a>(gen: *const TF_Generator) -> &'a Generator {
    match gen.as_ref() {
        Some(g) => &g.0,
        None => &random::GLOBAL,
    }
}

/// A new generator seeded with `seed` (its draws repeat those of any generator given the same
/// seed, the global one after TF_ManualSeed(seed) included). Owned by the caller: free it with
/// TF_DeleteGenerator. NULL only when the allocation fails (TF_OUT_OF_MEMORY or TF_INTERNAL).
#[no_mangle]
pub extern "C" fn TF_NewGenerator(seed: u64, status: *mut TF_Status) -> Option<Box<TF_Generator>> {
    guard(status, "TF_NewGenerator", None, || Ok(Some(Box::new(TF_Generator(Generator::new(seed))))))
}

/// Frees a generator from TF_NewGenerator. NULL is a no-op. No other thread may be using it.
#[no_mangle]
pub extern "C" fn TF_DeleteGenerator(gen: Option<Box<TF_Generator>>) {
    drop(gen)
}

/// Reseeds `gen` (NULL: the global generator, as TF_ManualSeed) and resets its call count: the
/// draws that follow repeat those after any other reseed with `seed`. Safe while other threads
/// draw from `gen`; which draws come before the reseed is then up to the scheduler.
///
/// # Safety
/// `gen` is NULL or a live generator.
#[no_mangle]
pub unsafe extern "C" fn TF_GeneratorManualSeed(gen: *const TF_Generator, seed: u64, status: *mut TF_Status) {
    guard(status, "TF_GeneratorManualSeed", (), || {
        generator_arg(gen).manual_seed(seed);
        Ok(())
    })
}

/// The seed `gen` (NULL: the global generator) was last seeded with. An unseeded global
/// generator takes a seed from the operating system now and returns it. 0 on error.
///
/// # Safety
/// `gen` is NULL or a live generator.
#[no_mangle]
pub unsafe extern "C" fn TF_GeneratorInitialSeed(gen: *const TF_Generator, status: *mut TF_Status) -> u64 {
    guard(status, "TF_GeneratorInitialSeed", 0, || Ok(generator_arg(gen).state().0))
}

/// Writes the state of `gen` (NULL: the global generator), its seed and the number of draws
/// since it was seeded, to `*seed` and `*counter`; TF_GeneratorSetState with these values
/// brings any generator back to this point. A NULL `seed` or `counter` is TF_INVALID_ARGUMENT,
/// and on error neither is written.
///
/// # Safety
/// `gen` is NULL or a live generator; `seed` and `counter` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn TF_GeneratorGetState(
    gen: *const TF_Generator,
    seed: *mut u64,
    counter: *mut u64,
    status: *mut TF_Status,
) {
    guard(status, "TF_GeneratorGetState", (), || {
        if seed.is_null() || counter.is_null() {
            return Err(Error::invalid(format!(
                "seed ({}) and counter ({}) must not be NULL",
                if seed.is_null() { "NULL" } else { "set" },
                if counter.is_null() { "NULL" } else { "set" }
            )));
        }
        let (s, c) = generator_arg(gen).state();
        *seed = s;
        *counter = c;
        Ok(())
    })
}

/// Sets the state of `gen` (NULL: the global generator) to `seed` and `counter`, as read by
/// TF_GeneratorGetState: the draws that followed that state follow again. Any pair of values
/// is a valid state.
///
/// # Safety
/// `gen` is NULL or a live generator.
#[no_mangle]
pub unsafe extern "C" fn TF_GeneratorSetState(gen: *const TF_Generator, seed: u64, counter: u64, status: *mut TF_Status) {
    guard(status, "TF_GeneratorSetState", (), || {
        generator_arg(gen).set_state(seed, counter);
        Ok(())
    })
}

/// A uniformly random permutation of 0, 1, ..., n-1 as a 1-d tensor of `dt` (TF_INT32 or
/// TF_INT64), drawn from `gen` (NULL: the global generator). One draw: it takes one call number
/// of the generator, and the order depends on the generator's state only, never on the thread
/// count. Negative n, or n above 2**31 for TF_INT32, is TF_INVALID_ARGUMENT; another dtype is
/// TF_DTYPE_ERROR; a rejected call draws nothing.
///
/// # Safety
/// `gen` is NULL or a live generator.
#[no_mangle]
pub unsafe extern "C" fn TF_Randperm(
    n: i64,
    dt: TF_DataTypeArg,
    gen: *const TF_Generator,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Randperm", None, || Ok(handle(random::randperm(generator_arg(gen), n, dtype_arg(dt)?)?)))
}

/// TF_Rand drawing from `gen` (NULL: the global generator, as TF_Rand).
///
/// # Safety
/// `gen` is NULL or a live generator; `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_RandWith(
    gen: *const TF_Generator,
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_RandWith", None, || {
        Ok(handle(random::random_with(generator_arg(gen), dtype_arg(dt)?, &dims_arg(dims, num_dims)?, random::Dist::Uniform)?))
    })
}

/// TF_Randn drawing from `gen` (NULL: the global generator, as TF_Randn).
///
/// # Safety
/// `gen` is NULL or a live generator; `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_RandnWith(
    gen: *const TF_Generator,
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_RandnWith", None, || {
        Ok(handle(random::random_with(generator_arg(gen), dtype_arg(dt)?, &dims_arg(dims, num_dims)?, random::Dist::Normal)?))
    })
}

/// TF_RandInt drawing from `gen` (NULL: the global generator, as TF_RandInt), with its errors.
///
/// # Safety
/// `gen` is NULL or a live generator; `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_RandIntWith(
    gen: *const TF_Generator,
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    low: i64,
    high: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_RandIntWith", None, || {
        let dtype = DType::try_from(dt)?;
        Ok(handle(random::randint_with(generator_arg(gen), dtype, &dims_arg(dims, num_dims)?, low, high)?))
    })
}

/// Reseeds the global generator. After the same seed, the same sequence of TF_Rand/TF_Randn
/// calls gives the same numbers, whatever the number of threads. Calls from several threads at
/// once are safe, but their order (and so which numbers each gets) is then up to the scheduler.
#[no_mangle]
pub extern "C" fn TF_ManualSeed(seed: u64) {
    guard_plain((), || random::manual_seed(seed))
}

/// Uniform samples on [0, 1) (TF_FLOAT or TF_DOUBLE; other dtypes are TF_DTYPE_ERROR).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Rand(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Rand", None, || {
        Ok(handle(random::random(dtype_arg(dt)?, &dims_arg(dims, num_dims)?, random::Dist::Uniform)?))
    })
}

/// Standard normal samples (TF_FLOAT or TF_DOUBLE; other dtypes are TF_DTYPE_ERROR).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Randn(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Randn", None, || {
        Ok(handle(random::random(dtype_arg(dt)?, &dims_arg(dims, num_dims)?, random::Dist::Normal)?))
    })
}

/// Integers drawn uniformly from `[low, high)`, of an integer dtype or TF_BOOL (then within
/// [0, 2)). The generator is the one of TF_Rand: after TF_ManualSeed the same sequence of calls
/// gives the same numbers whatever the thread count. low >= high, or a range outside `dt`, is
/// TF_INVALID_ARGUMENT; a float dtype is TF_DTYPE_ERROR.
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_RandInt(
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    low: i64,
    high: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_RandInt", None, || {
        let dtype = DType::try_from(dt)?;
        Ok(handle(random::randint(dtype, &dims_arg(dims, num_dims)?, low, high)?))
    })
}
