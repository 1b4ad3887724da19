//! Devices seen in meetings: participant rows, de-duplicated across every
//! meeting by a [`MeetingDeviceKey`], into one device each.
//!
//! Memory grows with distinct devices, not rows: each row updates one
//! [`MeetingDeviceState`] in place. States merge exactly, so a host may keep
//! sorted runs of them outside memory, in a format of its own, and merge
//! them with [`merge_sorted_runs`]; this module does no IO.
//!
//! - `key`: the device key rule ([`MeetingDeviceKey`], [`ParticipantRow`]) and
//!   the record of a device ([`meeting_device`]);
//! - `state`: the mergeable [`MeetingDeviceState`] and its open
//!   [`MeetingDeviceParts`];
//! - `accumulator`: [`MeetingDevices`], one state per key;
//! - `merge`: [`merge_sorted_runs`], the k-way merge of sorted runs.

mod accumulator;
mod key;
mod merge;
mod state;

pub use accumulator::MeetingDevices;
pub use key::{MeetingDeviceKey, ParticipantRow, meeting_device};
pub use merge::{MergedRuns, merge_sorted_runs};
pub use state::{LatestValue, MeetingDeviceParts, MeetingDeviceState};
