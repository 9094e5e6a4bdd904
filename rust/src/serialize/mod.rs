//! Persistence: the safetensors format (`safetensors`).

pub mod safetensors;
