//! A seeded, deterministic Zoom API simulator served over HTTP on loopback.
//!
//! [`SimServer::start`] generates a synthetic Zoom account from a seed and a
//! size ([`SimConfig`]) and serves it with Zoom's shapes, pagination, scopes,
//! plans, rate limits, error bodies and optional faults; [`RunningSim`] gives
//! the URLs and credentials (the ready line, docs/operations.md), the ground truth
//! ([`Truth`]) and a shutdown handle. The binary `zoom-sim serve` wraps it.
//!
//! Every object is derived on demand from `(seed, index)`; writes (created and
//! deleted users, group membership, chat messages) live in a small overlay.
//!
//! The simulator has a clock ([`RunningSim::clock`], [`RunningSim::set_clock`],
//! `GET`/`POST /_sim/clock`) that starts at the anchor (or `SimConfig::clock`)
//! and moves forward up to [`FUTURE_DAYS`] days: meetings and log entries after
//! the anchor appear as it passes them (late entries [`LATE_SECS`] later), and
//! some users are deleted within [`DELETION_DAYS`]; the truth follows the clock.

mod config;
mod error;
mod faults;
mod leaves;
mod model;
mod rng;
mod server;
mod time;
mod truth;

pub use config::{Counts, DailyLimitOverrides, Plan, ScopeFamily, SimConfig, Size};
pub use error::Error;
pub use faults::FaultSpec;
pub use model::activity::ActivityTruth;
pub use model::pool::device_key;
pub use server::{ReadyInfo, RunningSim, SimServer};
pub use time::{DELETION_DAYS, FUTURE_DAYS, LATE_SECS};
pub use truth::{DIRECTORY_COUNTS, DIRECTORY_VARIANT, KINDS, KindCounts, Truth};
