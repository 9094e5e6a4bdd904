//! Devices. A registry maps device names ("cpu") to a `DeviceId`, an index into the registry,
//! and each registered device names the backend that owns its memory and runs its kernels.
//! Only the CPU backend exists today; a GPU backend registers its devices here ("cuda:0", ...)
//! and gives its storage a device id, and the C API (names in, names out) stays as it is.
//!
//! The default device, where creation functions put new tensors, is one per process and may be
//! changed from any thread.

use crate::error::{TF_Code, Error, Result};
use crate::storage::Storage;
use crate::tensor::Tensor;
use std::ffi::CStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

/// Which implementation owns a device's memory and kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Host memory, kernels on the calling thread and the team of `crate::runtime::threads`.
    Cpu,
}

/// A registered device: an index into the registry. `DeviceId::CPU` is always index 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeviceId(pub usize);

impl DeviceId {
    pub const CPU: DeviceId = DeviceId(0);

    /// The registered name, e.g. "cpu". Static: the registry never removes a device.
    pub fn name(self) -> &'static CStr {
        registry().get(self.0).map_or(c"unknown", |d| d.name)
    }

    pub fn name_str(self) -> &'static str {
        self.name().to_str().unwrap_or("unknown")
    }

    pub fn backend(self) -> Backend {
        registry().get(self.0).map_or(Backend::Cpu, |d| d.backend)
    }
}

struct DeviceEntry {
    name: &'static CStr,
    backend: Backend,
}

static REGISTRY: RwLock<Vec<DeviceEntry>> = RwLock::new(Vec::new());
static DEFAULT: AtomicUsize = AtomicUsize::new(0);

fn registry() -> std::sync::RwLockReadGuard<'static, Vec<DeviceEntry>> {
    {
        let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
        if !r.is_empty() {
            return r;
        }
    }
    let mut w = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    if w.is_empty() {
        w.push(DeviceEntry { name: c"cpu", backend: Backend::Cpu });
    }
    drop(w);
    REGISTRY.read().unwrap_or_else(|e| e.into_inner())
}

/// Registers a device (for backends added later); returns its id, or the existing id when a
/// device of that name is registered already. The name is leaked: names live for the process.
pub fn register(name: &str, backend: Backend) -> Result<DeviceId> {
    if let Some(id) = find(name) {
        return Ok(id);
    }
    let c = std::ffi::CString::new(name).map_err(|_| Error::invalid("device name contains a NUL byte"))?;
    drop(registry()); // makes sure "cpu" is entry 0
    let mut w = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    w.push(DeviceEntry { name: Box::leak(c.into_boxed_c_str()), backend });
    Ok(DeviceId(w.len() - 1))
}

fn find(name: &str) -> Option<DeviceId> {
    registry().iter().position(|d| d.name.to_bytes() == name.as_bytes()).map(DeviceId)
}

/// Number of registered devices (1 today: "cpu").
pub fn count() -> usize {
    registry().len()
}

/// The names of every registered device, in registry order.
pub fn names() -> Vec<&'static str> {
    registry().iter().map(|d| d.name.to_str().unwrap_or("unknown")).collect()
}

/// The device called `name`; an unknown name is a Device error naming the devices there are:
/// "unknown device 'cuda:0'; available devices: cpu".
pub fn lookup(name: &str) -> Result<DeviceId> {
    find(name).ok_or_else(|| {
        Error::new(TF_Code::TF_DEVICE_ERROR, format!("unknown device '{name}'; available devices: {}", names().join(", ")))
    })
}

pub fn default_device() -> DeviceId {
    DeviceId(DEFAULT.load(Ordering::Relaxed))
}

pub fn set_default_device(name: &str) -> Result<()> {
    let id = lookup(name)?;
    DEFAULT.store(id.0, Ordering::Relaxed);
    Ok(())
}

impl Storage {
    /// The device holding this storage. Every `Storage` is host memory today; a GPU backend adds
    /// its own storage whose device is the one it was allocated on.
    pub fn device(&self) -> DeviceId {
        DeviceId::CPU
    }
}

impl Tensor {
    /// The device holding this tensor's elements (the device of its storage).
    pub fn device(&self) -> DeviceId {
        self.storage.device()
    }

    /// This tensor on `device`: itself (sharing storage) when it is there already, else a copy
    /// made by the backends involved.
    pub fn to_device(&self, device: DeviceId) -> Result<Tensor> {
        if device == self.device() {
            return Ok(self.clone());
        }
        Err(Error::new(
            TF_Code::TF_UNIMPLEMENTED,
            format!("copying from {} to {} is not implemented", self.device().name_str(), device.name_str()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_is_registered_and_default() {
        assert_eq!(lookup("cpu").unwrap(), DeviceId::CPU);
        assert_eq!(DeviceId::CPU.name(), c"cpu");
        assert_eq!(DeviceId::CPU.backend(), Backend::Cpu);
        assert_eq!(default_device(), DeviceId::CPU);
        assert!(count() >= 1);
        let e = lookup("cuda:0").unwrap_err();
        assert_eq!(e.code, TF_Code::TF_DEVICE_ERROR);
        assert!(e.message.starts_with("unknown device 'cuda:0'; available devices: cpu"), "{}", e.message);
        assert!(set_default_device("gpu").is_err());
        set_default_device("cpu").unwrap();
        assert_eq!(default_device(), DeviceId::CPU);
    }

    #[test]
    fn tensors_live_on_the_cpu() {
        let t = Tensor::zeros(crate::dtype::DType::F32, &[2, 3]).unwrap();
        assert_eq!(t.device(), DeviceId::CPU);
        let u = t.to_device(DeviceId::CPU).unwrap();
        assert!(std::sync::Arc::ptr_eq(&t.storage, &u.storage));
    }
}
