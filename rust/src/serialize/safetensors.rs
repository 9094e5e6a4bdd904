//! The safetensors format, read and written with the `safetensors` crate (the reference
//! implementation's own Rust code): the crate parses and validates the header (sizes, offsets
//! that tile the data, shape x dtype = byte length); this file maps dtypes, detects duplicate
//! names (the crate's JSON map would keep the last one silently), writes files atomically and
//! memory-maps them on load.
//!
//! A loaded file is memory-mapped copy-on-write (`MAP_PRIVATE`): opening reads only the header,
//! a tensor's pages are read when first touched, and writing into a loaded tensor changes the
//! process's copy, never the file. Each tensor's storage keeps the mapping alive; a tensor whose
//! bytes are not aligned for its dtype (the format does not require it) is copied instead.

use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result, TF_Code};
use crate::storage::Storage;
use crate::tensor::Tensor;
use ::safetensors::tensor::{Dtype, Metadata, SafeTensorError, SafeTensors, View};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::ptr::NonNull;
use std::sync::Arc;

fn de_err(msg: String) -> Error {
    Error::new(TF_Code::TF_DESERIALIZATION_ERROR, msg)
}

fn ser_err(msg: String) -> Error {
    Error::new(TF_Code::TF_SERIALIZATION_ERROR, msg)
}

/// The file format's name of each dtype.
fn to_st(dt: DType) -> Dtype {
    match dt {
        DType::F32 => Dtype::F32,
        DType::F64 => Dtype::F64,
        DType::I8 => Dtype::I8,
        DType::I16 => Dtype::I16,
        DType::I32 => Dtype::I32,
        DType::I64 => Dtype::I64,
        DType::U8 => Dtype::U8,
        DType::Bool => Dtype::BOOL,
    }
}

fn from_st(dt: Dtype, name: &str) -> Result<DType> {
    Ok(match dt {
        Dtype::F32 => DType::F32,
        Dtype::F64 => DType::F64,
        Dtype::I8 => DType::I8,
        Dtype::I16 => DType::I16,
        Dtype::I32 => DType::I32,
        Dtype::I64 => DType::I64,
        Dtype::U8 => DType::U8,
        Dtype::BOOL => DType::Bool,
        other => {
            return Err(de_err(format!("tensor {name:?} has dtype {other:?}, which tenflowers does not have")));
        }
    })
}

/// What the crate's error means, for a message.
fn describe(e: &SafeTensorError) -> String {
    match e {
        SafeTensorError::HeaderTooSmall => "the file is shorter than the 8-byte header length".into(),
        SafeTensorError::HeaderTooLarge => "the header length is larger than 100 MB or than the file".into(),
        SafeTensorError::InvalidHeaderLength => "the header length runs past the end of the file".into(),
        SafeTensorError::InvalidHeader(_) => "the header is not UTF-8".into(),
        SafeTensorError::InvalidHeaderDeserialization(err) => format!("the header is not valid JSON of the format: {err}"),
        SafeTensorError::InvalidOffset(name) => {
            format!("the data offsets of tensor {name:?} do not follow the previous tensor's (they must tile the data)")
        }
        SafeTensorError::TensorInvalidInfo => "a tensor's data length does not equal its shape times its dtype size".into(),
        SafeTensorError::MetadataIncompleteBuffer => {
            "the tensors' data does not end where the file ends (truncated, or trailing bytes)".into()
        }
        SafeTensorError::ValidationOverflow => "a tensor's shape overflows".into(),
        other => format!("{other}"),
    }
}

/// Rejects a header naming a tensor twice (JSON allows it; the crate's map would keep one).
fn check_unique_names(header: &[u8]) -> Result<()> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
            let mut seen = std::collections::HashSet::new();
            let mut dup = None;
            while let Some(k) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                if !seen.insert(k.clone()) && dup.is_none() {
                    dup = Some(k);
                }
            }
            Ok(dup)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(header);
    match de.deserialize_map(Keys) {
        Ok(Some(name)) => Err(de_err(format!("the header names tensor {name:?} twice"))),
        _ => Ok(()), // other problems are reported by the crate's own parse
    }
}

/// The parsed header of a safetensors buffer: the validated metadata and where the data starts.
fn header(buf: &[u8]) -> Result<(Metadata, usize)> {
    if let Some(len) = buf.get(..8) {
        let n = u64::from_le_bytes(len.try_into().expect("8 bytes"));
        if n <= (buf.len() - 8) as u64 {
            check_unique_names(&buf[8..8 + n as usize])?;
        }
    }
    let (n, meta) = SafeTensors::read_metadata(buf).map_err(|e| de_err(describe(&e)))?;
    Ok((meta, 8 + n))
}

/// The bytes of a file or buffer the loaded tensors share.
enum Bytes {
    Map(memmap2::MmapMut),
    Owned(Vec<u8>),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Map(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// A loaded safetensors file or buffer: the tensors' names in file order, the metadata, and the
/// bytes, from which each tensor is made on request.
pub struct Loaded {
    bytes: Arc<Bytes>,
    names: Vec<String>,
    meta: Metadata,
    data_start: usize,
}

impl Loaded {
    fn new(bytes: Bytes) -> Result<Loaded> {
        let (meta, data_start) = header(bytes.as_slice())?;
        let names = meta.offset_keys();
        for name in &names {
            let info = meta.info(name).expect("a key of the metadata");
            from_st(info.dtype, name)?;
        }
        Ok(Loaded { bytes: Arc::new(bytes), names, meta, data_start })
    }

    /// The tensor names in file (offset) order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The file's `__metadata__` (string to string), if any.
    pub fn metadata(&self) -> Option<&HashMap<String, String>> {
        self.meta.metadata().as_ref()
    }

    /// The tensor `name`: over the mapped bytes when they are aligned for its dtype, else a copy.
    pub fn get(&self, name: &str) -> Result<Tensor> {
        let info = self.meta.info(name).ok_or_else(|| {
            Error::invalid(format!("no tensor named {name:?} in the file (it has {} tensors)", self.names.len()))
        })?;
        let dt = from_st(info.dtype, name)?;
        let (s, e) = info.data_offsets;
        let all = self.bytes.as_slice();
        let bytes = &all[self.data_start + s..self.data_start + e];
        if crate::layout::checked_numel(&info.shape).is_err() {
            return Err(de_err(format!("tensor {name:?} has a shape {} that overflows", fmt_shape(&info.shape))));
        }
        let ptr = bytes.as_ptr();
        if bytes.is_empty() || (ptr as usize) % dt.size() != 0 {
            return Tensor::from_bytes(dt, &info.shape, bytes);
        }
        if dt == DType::Bool && bytes.iter().any(|&b| b > 1) {
            return Err(de_err(format!("tensor {name:?} is BOOL but holds bytes other than 0 and 1")));
        }
        let owner: Arc<dyn std::any::Any + Send + Sync> = self.bytes.clone();
        // SAFETY: the bytes lie inside the mapping (or owned buffer) that `owner` keeps alive,
        // are aligned for `dt` (checked) and a whole number of elements (the crate validated
        // shape x dtype = length); the private mapping is writable and nothing else writes it.
        let storage = unsafe { Storage::foreign(dt, NonNull::new(ptr as *mut u8).expect("non-null"), bytes.len(), owner) };
        Ok(Tensor::from_storage(storage, &info.shape))
    }
}

/// Opens `path` by memory map (copy-on-write) and reads its header.
pub fn load_file(path: &Path) -> Result<Loaded> {
    let file = File::open(path).map_err(|e| de_err(format!("cannot open {}: {e}", path.display())))?;
    let len = file.metadata().map_err(|e| de_err(format!("cannot stat {}: {e}", path.display())))?.len();
    if len < 8 {
        return Err(de_err(format!("{}: the file is {len} bytes, shorter than the 8-byte header length", path.display())));
    }
    // SAFETY: a private (copy-on-write) mapping: this process's writes never reach the file. The
    // file changing underneath (another process truncating it) is outside the library's control,
    // as for every mmap-based loader.
    let map = unsafe { memmap2::MmapOptions::new().map_copy(&file) }
        .map_err(|e| de_err(format!("cannot map {}: {e}", path.display())))?;
    Loaded::new(Bytes::Map(map)).map_err(|e| de_err(format!("{}: {}", path.display(), e.message)))
}

/// Parses a safetensors buffer (copied).
pub fn load_bytes(buf: &[u8]) -> Result<Loaded> {
    Loaded::new(Bytes::Owned(buf.to_vec()))
}

/// A tensor as the crate's `View`: its row-major bytes (borrowed when contiguous).
struct TensorView<'a> {
    t: &'a Tensor,
    dtype: Dtype,
}

impl View for TensorView<'_> {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        self.t.shape()
    }
    fn data(&self) -> Cow<'_, [u8]> {
        let n = self.t.byte_size();
        if self.t.is_contiguous() {
            // SAFETY: a contiguous tensor's bytes are `byte_size` bytes from its data pointer.
            Cow::Borrowed(unsafe { std::slice::from_raw_parts(self.t.data_ptr() as *const u8, n) })
        } else {
            let mut v = vec![0u8; n];
            self.t.copy_to_bytes(&mut v).expect("the length is the tensor's byte size");
            Cow::Owned(v)
        }
    }
    fn data_len(&self) -> usize {
        self.t.byte_size()
    }
}

fn check_entries(entries: &[(&str, &Tensor)]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (name, _) in entries {
        if !seen.insert(*name) {
            return Err(Error::invalid(format!("the name {name:?} is given twice")));
        }
        if name.starts_with("__metadata__") {
            return Err(Error::invalid(format!("the name {name:?} is reserved by the format")));
        }
    }
    Ok(())
}

/// The safetensors encoding of `entries` (name, tensor) and `metadata`.
pub fn serialize(entries: &[(&str, &Tensor)], metadata: Option<HashMap<String, String>>) -> Result<Vec<u8>> {
    check_entries(entries)?;
    let views: Vec<(&str, TensorView)> =
        entries.iter().map(|(n, t)| (*n, TensorView { t, dtype: to_st(t.dtype()) })).collect();
    ::safetensors::tensor::serialize(views, metadata).map_err(|e| ser_err(format!("cannot encode: {e}")))
}

/// Writes `entries` to `path` atomically: into a temporary file in the same folder, flushed to
/// disk (fsync), then renamed over `path` and the folder synced, so `path` is either its old
/// content or the complete new file, and no partial file is left behind on error.
pub fn save_file(entries: &[(&str, &Tensor)], metadata: Option<HashMap<String, String>>, path: &Path) -> Result<()> {
    check_entries(entries)?;
    let views: Vec<(&str, TensorView)> =
        entries.iter().map(|(n, t)| (*n, TensorView { t, dtype: to_st(t.dtype()) })).collect();
    // The crate streams the header and each tensor's bytes into the file (no copy of the whole
    // file in memory); this wrapper adds the fsync before the rename that makes it durable.
    write_atomically(path, |tmp| {
        ::safetensors::tensor::serialize_to_file(views, metadata, tmp).map_err(|e| match e {
            SafeTensorError::IoError(io) => io,
            other => std::io::Error::other(other.to_string()),
        })
    })
}

/// Writes `path` atomically: `write` fills a temporary path in the same folder, which is then
/// synced to disk and renamed over `path` (see `save_file`).
pub fn write_atomically(path: &Path, write: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<()> {
    let fail = |what: &str, e: std::io::Error| ser_err(format!("cannot write {}: {what}: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path.file_name().ok_or_else(|| ser_err(format!("{} is not a file path", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp-{}-{:x}", file_name.to_string_lossy(), std::process::id(), rand::random::<u64>()));
    let result = (|| {
        write(&tmp).map_err(|e| fail("writing a temporary file beside it", e))?;
        let f = File::open(&tmp).map_err(|e| fail("reopening the temporary file", e))?;
        f.sync_all().map_err(|e| fail("syncing to disk", e))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| fail("renaming the temporary file over it", e))?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all(); // the rename itself; not every filesystem supports it
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_bytes_keeps_order_values_and_metadata() {
        let a = Tensor::build::<f32>(&[2, 3], |o| o.copy_from_slice(&[1., 2., 3., 4., 5., 6.])).unwrap();
        let b = Tensor::build::<i64>(&[1], |o| o[0] = -7).unwrap();
        let meta = HashMap::from([("format".to_string(), "pt".to_string())]);
        let bytes = serialize(&[("b", &b), ("a", &a)], Some(meta)).unwrap();
        let l = load_bytes(&bytes).unwrap();
        assert_eq!(l.get("a").unwrap().to_vec::<f32>(), [1., 2., 3., 4., 5., 6.]);
        assert_eq!(l.get("b").unwrap().to_vec::<i64>(), [-7]);
        assert_eq!(l.metadata().unwrap()["format"], "pt");
        assert_eq!(l.names().len(), 2);
    }

    #[test]
    fn duplicate_names_in_a_header_are_refused() {
        let h = br#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#;
        let mut buf = (h.len() as u64).to_le_bytes().to_vec();
        buf.extend_from_slice(h);
        buf.push(1);
        let e = load_bytes(&buf).err().unwrap();
        assert_eq!(e.code, TF_Code::TF_DESERIALIZATION_ERROR);
        assert!(e.message.contains("twice"), "{}", e.message);
    }
}
