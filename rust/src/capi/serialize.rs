//! safetensors files and buffers.
//!
//! Saving writes every tensor's values (views and non-contiguous tensors as their row-major
//! values) with its name, plus optional string-to-string metadata given as a JSON object.
//! Loading returns a `TF_Safetensors` handle over the named tensors: a file is memory-mapped
//! copy-on-write, so opening reads only its header and writing into a loaded tensor never changes
//! the file; each tensor taken from the handle keeps the mapping alive, so the handle may be
//! freed first. Bad files are TF_DESERIALIZATION_ERROR with what is wrong, never a crash.

use super::args::str_arg;
use super::boundary::{guard, guard_plain, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::{Error, Result, TF_Code};
use crate::serialize::safetensors::{self as st, Loaded};
use crate::tensor::Tensor;
use std::collections::HashMap;
use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::path::Path;

/// A loaded safetensors file or buffer. Made by TF_LoadSafetensors or
/// TF_LoadSafetensorsFromBuffer, freed by TF_DeleteSafetensors.
pub struct TF_Safetensors {
    loaded: Loaded,
    names: Vec<CString>,
    metadata: Option<CString>,
}

unsafe fn entries_arg<'a>(
    names: *const *const c_char,
    tensors: *const *const TF_Tensor,
    n: i64,
) -> Result<Vec<(&'a str, &'a Tensor)>> {
    if n < 0 {
        return Err(Error::invalid(format!("num is negative ({n})")));
    }
    if n > 0 && (names.is_null() || tensors.is_null()) {
        return Err(Error::invalid(format!("names or tensors is NULL but num is {n}")));
    }
    (0..n as usize)
        .map(|i| Ok((str_arg(*names.add(i), &format!("names[{i}]"))?, tensor_arg(*tensors.add(i), &format!("tensors[{i}]"))?)))
        .collect()
}

unsafe fn metadata_arg(json: *const c_char) -> Result<Option<HashMap<String, String>>> {
    if json.is_null() {
        return Ok(None);
    }
    let s = str_arg(json, "metadata_json")?;
    serde_json::from_str::<HashMap<String, String>>(s)
        .map(Some)
        .map_err(|e| Error::invalid(format!("metadata_json is not a JSON object of strings: {e}")))
}

fn wrap(loaded: Loaded) -> Result<Option<Box<TF_Safetensors>>> {
    let names = loaded
        .names()
        .iter()
        .map(|n| CString::new(n.as_str()).map_err(|_| Error::new(TF_Code::TF_DESERIALIZATION_ERROR, format!("tensor name {n:?} holds a NUL byte"))))
        .collect::<Result<Vec<_>>>()?;
    let metadata = match loaded.metadata() {
        None => None,
        Some(m) => Some(
            CString::new(serde_json::to_string(m).map_err(|e| Error::internal(format!("metadata: {e}")))?)
                .map_err(|_| Error::new(TF_Code::TF_DESERIALIZATION_ERROR, "the metadata holds a NUL byte"))?,
        ),
    };
    Ok(Some(Box::new(TF_Safetensors { loaded, names, metadata })))
}

/// Writes `num` tensors under `names` to the safetensors file `path`, with the metadata
/// `metadata_json` (a JSON object of strings, or NULL). The write is atomic: a temporary file in
/// the same folder is written, synced to disk and renamed over `path`, so `path` holds either its
/// old content or the whole new file, and nothing is left behind on error. Errors: a name given
/// twice or starting with "__metadata__", bad metadata JSON, NULL pointers (TF_INVALID_ARGUMENT);
/// an unwritable path or a full disk (TF_SERIALIZATION_ERROR naming the path and the step).
///
/// # Safety
/// `names` and `tensors` point to `num` entries (NUL-terminated names, live handles); `path` is
/// NUL-terminated; `metadata_json` is NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn TF_SaveSafetensors(
    names: *const *const c_char,
    tensors: *const *const TF_Tensor,
    num: i64,
    metadata_json: *const c_char,
    path: *const c_char,
    status: *mut TF_Status,
) {
    guard(status, "TF_SaveSafetensors", (), || {
        let entries = entries_arg(names, tensors, num)?;
        let meta = metadata_arg(metadata_json)?;
        st::save_file(&entries, meta, Path::new(str_arg(path, "path")?))
    })
}

/// The safetensors encoding of `num` tensors (as TF_SaveSafetensors writes them) in a new buffer
/// of `*len` bytes, freed with TF_DeleteBuffer(buffer, *len); NULL on error (`*len` untouched).
///
/// # Safety
/// As TF_SaveSafetensors; `len` is writable.
#[no_mangle]
pub unsafe extern "C" fn TF_SerializeSafetensors(
    names: *const *const c_char,
    tensors: *const *const TF_Tensor,
    num: i64,
    metadata_json: *const c_char,
    len: *mut usize,
    status: *mut TF_Status,
) -> *mut c_void {
    guard(status, "TF_SerializeSafetensors", std::ptr::null_mut(), || {
        if len.is_null() {
            return Err(Error::invalid("len is NULL"));
        }
        let entries = entries_arg(names, tensors, num)?;
        let bytes = st::serialize(&entries, metadata_arg(metadata_json)?)?.into_boxed_slice();
        *len = bytes.len();
        Ok(Box::into_raw(bytes) as *mut u8 as *mut c_void)
    })
}

/// Frees a buffer returned by TF_SerializeSafetensors (`len`: its length). NULL is a no-op.
///
/// # Safety
/// `buffer` is NULL or a buffer from TF_SerializeSafetensors of `len` bytes, not freed before.
#[no_mangle]
pub unsafe extern "C" fn TF_DeleteBuffer(buffer: *mut c_void, len: usize) {
    guard_plain((), || {
        if !buffer.is_null() {
            drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(buffer as *mut u8, len)));
        }
    })
}

/// Opens the safetensors file `path` by memory map (copy-on-write) and checks its header: a new
/// handle (TF_DeleteSafetensors) or NULL on error. Every problem of the file is
/// TF_DESERIALIZATION_ERROR naming the path and what is wrong: shorter than 8 bytes, a header
/// length past the end or over 100 MB, a header that is not UTF-8 JSON of the format, offsets that
/// do not tile the data, a data length other than shape x dtype size, a name given twice, trailing
/// bytes, a dtype tenflowers does not have; a missing or unreadable file too.
///
/// # Safety
/// `path` is NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn TF_LoadSafetensors(path: *const c_char, status: *mut TF_Status) -> Option<Box<TF_Safetensors>> {
    guard(status, "TF_LoadSafetensors", None, || wrap(st::load_file(Path::new(str_arg(path, "path")?))?))
}

/// As TF_LoadSafetensors over `len` bytes at `data` (copied: the buffer may be freed after the call).
///
/// # Safety
/// `data` points to `len` readable bytes (or is NULL with `len` 0).
#[no_mangle]
pub unsafe extern "C" fn TF_LoadSafetensorsFromBuffer(data: *const c_void, len: usize, status: *mut TF_Status) -> Option<Box<TF_Safetensors>> {
    guard(status, "TF_LoadSafetensorsFromBuffer", None, || {
        if data.is_null() && len != 0 {
            return Err(Error::invalid(format!("data is NULL but len is {len}")));
        }
        let bytes = if len == 0 { &[][..] } else { std::slice::from_raw_parts(data as *const u8, len) };
        wrap(st::load_bytes(bytes)?)
    })
}

/// Frees a handle; tensors taken from it stay valid. NULL is a no-op.
#[no_mangle]
pub extern "C" fn TF_DeleteSafetensors(h: Option<Box<TF_Safetensors>>) {
    guard_plain((), || drop(h))
}

/// The number of tensors (-1 for a NULL handle).
///
/// # Safety
/// `h` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_SafetensorsCount(h: *const TF_Safetensors) -> i64 {
    guard_plain(-1, || h.as_ref().map_or(-1, |h| h.names.len() as i64))
}

/// The name of tensor `i` in file order (0 <= i < TF_SafetensorsCount), owned by the handle
/// (valid until TF_DeleteSafetensors); NULL on error.
///
/// # Safety
/// `h` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_SafetensorsName(h: *const TF_Safetensors, i: i64, status: *mut TF_Status) -> *const c_char {
    guard(status, "TF_SafetensorsName", std::ptr::null(), || {
        let h = h.as_ref().ok_or_else(|| Error::invalid("h is NULL"))?;
        usize::try_from(i)
            .ok()
            .and_then(|k| h.names.get(k))
            .map(|c| c.as_ptr())
            .ok_or_else(|| Error::invalid(format!("index {i} is out of range (the file has {} tensors)", h.names.len())))
    })
}

/// The tensor `name`: a new handle (TF_DeleteTensor) sharing the loaded bytes (copied only when
/// they are not aligned for the dtype), or NULL on error (no such name: TF_INVALID_ARGUMENT; a
/// BOOL tensor holding bytes other than 0 and 1: TF_DESERIALIZATION_ERROR).
///
/// # Safety
/// `h` is a live handle; `name` is NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn TF_SafetensorsGet(h: *const TF_Safetensors, name: *const c_char, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_SafetensorsGet", None, || {
        let h = h.as_ref().ok_or_else(|| Error::invalid("h is NULL"))?;
        Ok(handle(h.loaded.get(str_arg(name, "name")?)?))
    })
}

/// The file's metadata as a JSON object of strings, owned by the handle (valid until
/// TF_DeleteSafetensors), or NULL when the file has none (status OK) or on error.
///
/// # Safety
/// `h` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_SafetensorsMetadata(h: *const TF_Safetensors, status: *mut TF_Status) -> *const c_char {
    guard(status, "TF_SafetensorsMetadata", std::ptr::null(), || {
        let h = h.as_ref().ok_or_else(|| Error::invalid("h is NULL"))?;
        Ok(h.metadata.as_ref().map_or(std::ptr::null(), |m| m.as_ptr()))
    })
}
