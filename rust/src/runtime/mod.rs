//! The runtime: the spinning worker team, the parallel loops built on it, and devices.

pub mod device;
pub mod team;
pub mod threads;
