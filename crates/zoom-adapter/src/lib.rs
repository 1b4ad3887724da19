//! The Zoom adapter host: the `zoom-adapter` command line, the adapter
//! manifest and the source catalog.
//!
//! Later parts (fetch cycle, `check`, `serve`, actions, `demo`) land here as
//! modules of their own; `main.rs` only calls [`cli::main`].

pub mod actions;
pub mod catalog;
pub mod cli;
mod commands;
pub mod connect;
pub mod cycle;
mod error;
mod exit;
pub mod generated;
mod input;
pub mod manifest;
pub mod plan;
pub mod progress;
pub mod protocol;
pub mod sink;
pub mod summary;

pub use error::Error;
pub use exit::Exit;
