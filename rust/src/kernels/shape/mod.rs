//! Shape ops: views that rewrite the layout over shared storage, and copies into new tensors.

pub mod copies;
pub mod views;

pub use copies::*;
pub use views::*;
