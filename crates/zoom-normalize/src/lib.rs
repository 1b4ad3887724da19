//! Pure mapping from Zoom API objects (`zoom-api` models) to common asset
//! records (`asset-schema`), with the product's filters and enrichment.
//!
//! No IO, no clock, no randomness: the fetch time comes in a [`Context`], so
//! the same input always gives the same records. An odd Zoom object gives a
//! record and a [`Warning`], or only a warning, never a panic. Raw Zoom
//! objects are attached by the host, untouched.

mod activities;
mod addresses;
mod context;
mod correlate;
mod devices;
mod directory;
mod licenses;
mod mapping;
mod meeting_devices;
mod os;
mod portal;
mod saas;
mod settings;
mod time;
mod users;

pub use activities::{is_recording_download, operation_log, sign_in_activity};
pub use context::{Context, Warning};
pub use correlate::{link_room_computers, room_computer_room};
pub use devices::{
    RoomDashboard, h323_device, is_calendar_only, is_service_account, managed_device, zoom_room,
    zoom_room_device,
};
pub use directory::{group, role};
pub use licenses::{plan_licenses, user_feature_licenses};
pub use mapping::{FieldMapping, KindMapping, MAPPINGS, normalization_doc};
pub use meeting_devices::{
    LatestValue, MeetingDeviceKey, MeetingDeviceParts, MeetingDeviceState, MeetingDevices,
    MergedRuns, ParticipantRow, meeting_device, merge_sorted_runs,
};
pub use os::{OsReading, operating_system};
pub use portal::{apply_setting_locks, enrich_plan_licenses, setting_locks};
pub use saas::{UserCensus, account, saas_application};
pub use settings::{
    AccountLeaves, INHERITED_PATH, account_settings, setting_leaves, user_settings,
};
pub use time::parse_time;
pub use users::{DirectoryNames, LAST_JOIN_WINDOW_DAYS, last_logon, user};
