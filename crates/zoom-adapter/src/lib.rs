//! The Zoom adapter host: the `zoom-adapter` command line ([`cli`]), the fetch
//! cycle ([`plan`] → [`cycle`] → [`sink`], reported by [`summary`] and
//! [`progress`]; what it leaves for the next cycle in the [`state`]
//! store), the host protocol ([`protocol`]), the kinds as data engines'
//! [`streams`] (Airbyte, Singer) and as [`ocsf`] events, the enforcement
//! [`actions`], and what describes the adapter to hosts ([`catalog`],
//! [`manifest`], [`generated`]). `main.rs` only calls [`cli::main`].

pub mod actions;
pub mod boundary;
pub mod catalog;
pub mod cli;
mod commands;
pub mod connect;
pub mod cycle;
#[cfg(feature = "demo")]
pub mod demo;
mod error;
mod exit;
pub mod generated;
mod input;
pub mod logging;
pub mod manifest;
pub mod ocsf;
pub mod plan;
pub mod progress;
pub mod protocol;
pub mod signals;
pub mod sink;
pub mod state;
pub mod streams;
pub mod summary;

pub use error::Error;
pub use exit::Exit;
