//! Devices, named by strings: "cpu" is the only device today. Creation functions put their
//! result on the default device (TF_GetDefaultDevice); TF_ToDevice moves a tensor.

use super::args::str_arg;
use super::boundary::{guard, guard_plain, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::runtime::device;
use std::os::raw::{c_char, c_int};


/// Number of devices known to this library (1: "cpu").
#[no_mangle]
pub extern "C" fn TF_NumDevices() -> c_int {
    guard_plain(0, || device::count() as c_int)
}

/// The name of device `index` (0 is always "cpu"), or NULL when `index` is out of range.
/// Static storage; never free it.
#[no_mangle]
pub extern "C" fn TF_DeviceName(index: c_int) -> *const c_char {
    guard_plain(std::ptr::null(), || {
        if index < 0 || index as usize >= device::count() {
            return std::ptr::null();
        }
        device::DeviceId(index as usize).name().as_ptr()
    })
}

/// The name of the device creation functions put new tensors on ("cpu" unless changed with
/// TF_SetDefaultDevice). One per process. Static storage; never free it.
#[no_mangle]
pub extern "C" fn TF_GetDefaultDevice() -> *const c_char {
    guard_plain(c"cpu".as_ptr(), || device::default_device().name().as_ptr())
}

/// Makes `device` the default device of the process (any thread may call it). An unknown name is
/// TF_DEVICE_ERROR listing the devices there are, e.g. "unknown device 'cuda:0'; available
/// devices: cpu", and leaves the default unchanged; NULL is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `device` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn TF_SetDefaultDevice(device: *const c_char, status: *mut TF_Status) {
    guard(status, "TF_SetDefaultDevice", (), || device::set_default_device(str_arg(device, "device")?))
}

/// The name of the device holding the elements of `t` ("cpu"), or NULL when `t` is NULL.
/// Static storage; never free it.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorDevice(t: *const TF_Tensor) -> *const c_char {
    guard_plain(std::ptr::null(), || t.as_ref().map_or(std::ptr::null(), |t| t.0.device().name().as_ptr()))
}

/// `t` on device `device`: a new handle to the same storage when `t` is there already, else a
/// copy on that device. An unknown device name is TF_DEVICE_ERROR (as TF_SetDefaultDevice).
///
/// # Safety
/// `t` is a live handle; `device` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn TF_ToDevice(t: *const TF_Tensor, device: *const c_char, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ToDevice", None, || {
        let t = tensor_arg(t, "t")?;
        let dev = device::lookup(str_arg(device, "device")?)?;
        Ok(handle(t.to_device(dev)?))
    })
}
