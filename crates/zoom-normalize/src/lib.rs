//! Pure mapping from Zoom API objects to common asset records.
//!
//! No IO, no clock, no randomness: the fetch time is passed in, so the same
//! input always gives the same records. Odd Zoom objects give a record and a
//! warning, never a panic.

mod meeting_devices;
mod settings;

pub use meeting_devices::{MeetingDeviceKey, MeetingDevices, ParticipantRow};
pub use settings::setting_leaves;
