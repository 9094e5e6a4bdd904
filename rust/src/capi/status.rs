//! `TF_Status`: the error channel of every fallible call.

use crate::error::TF_Code;
use std::ffi::CString;
use std::os::raw::c_char;

/// Holds the outcome of the last call it was passed to: a code and a message.
/// Create with TF_NewStatus, free with TF_DeleteStatus. One status may be reused for any number
/// of calls, but by one thread at a time.
pub struct TF_Status {
    pub(crate) code: TF_Code,
    pub(crate) message: CString,
}

impl TF_Status {
    pub(crate) fn set(&mut self, code: TF_Code, message: &str) {
        self.code = code;
        // Interior NULs cannot appear in a C string; drop them rather than the message.
        let bytes: Vec<u8> = message.bytes().filter(|&b| b != 0).collect();
        self.message = CString::new(bytes).unwrap_or_default();
    }
    pub(crate) fn clear(&mut self) {
        if self.code != TF_Code::TF_OK {
            self.code = TF_Code::TF_OK;
            self.message = CString::default();
        }
    }
}

/// A new status holding TF_OK. Owned by the caller: free it with TF_DeleteStatus.
#[no_mangle]
pub extern "C" fn TF_NewStatus() -> Box<TF_Status> {
    Box::new(TF_Status { code: TF_Code::TF_OK, message: CString::default() })
}

/// Frees a status. NULL is a no-op.
#[no_mangle]
pub extern "C" fn TF_DeleteStatus(s: Option<Box<TF_Status>>) {
    drop(s)
}

/// The code of the last call that used `s`; TF_INVALID_ARGUMENT when `s` is NULL.
///
/// # Safety
/// `s` is NULL or a status from TF_NewStatus that has not been deleted.
#[no_mangle]
pub unsafe extern "C" fn TF_GetCode(s: *const TF_Status) -> TF_Code {
    match s.as_ref() {
        Some(s) => s.code,
        None => TF_Code::TF_INVALID_ARGUMENT,
    }
}

/// The message of the last call that used `s`: "" after success, else the failing function's
/// name and the values at fault. Owned by `s`; valid until `s` is next passed to a call or deleted.
///
/// # Safety
/// `s` is NULL or a status from TF_NewStatus that has not been deleted.
#[no_mangle]
pub unsafe extern "C" fn TF_Message(s: *const TF_Status) -> *const c_char {
    match s.as_ref() {
        Some(s) => s.message.as_ptr(),
        None => c"TF_Message: status is NULL".as_ptr(),
    }
}
