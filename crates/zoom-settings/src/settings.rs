//! [`AdvancedSettings`]: what one fetch cycle collects and how hard it may
//! press on Zoom. Keys, titles and defaults follow the product documents
//! (docs/settings.md); operator settings beyond them have safe defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Advanced settings of the Zoom adapter: what one fetch cycle collects and how hard it may press on Zoom. Every key is optional; a missing key takes its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(title = "Zoom adapter advanced settings")]
pub struct AdvancedSettings {
    /// Number of days of past meetings to read participants' devices from (1 to 180: Zoom's dashboard keeps six months).
    #[schemars(title = "Days of meetings data", range(min = 1, max = 180))]
    pub meeting_days: u32,

    /// Keep only meeting devices that report both a hostname (PC name) and a MAC address.
    #[schemars(title = "Fetch devices only with hostname and MAC address")]
    pub devices_require_hostname_and_mac: bool,

    /// Fetch devices as assets; when off, no device source runs whatever `device_sources` lists.
    #[schemars(title = "Fetch devices")]
    pub fetch_devices: bool,

    /// Also fetch users whose status is inactive (Zoom lists only active users by default).
    #[schemars(title = "Fetch inactive users")]
    pub fetch_inactive_users: bool,

    /// Do not fetch Zoom Rooms whose account type is a service account (such as a Google service account behind a calendar).
    #[schemars(title = "Skip service accounts")]
    pub skip_service_accounts: bool,

    /// Which Zoom device sources to fetch, each listed once.
    #[schemars(title = "Fetch asset types", extend("uniqueItems" = true))]
    pub device_sources: Vec<DeviceSource>,

    /// Fetch Zoom operation logs and sign-in/sign-out logs as activities (needs the Pro plan or higher and the report:read:admin scope).
    #[schemars(title = "Activity logs")]
    pub activity_logs: bool,

    /// Set a user's last logon to their last meeting join when that is later than Zoom's last login time (joins within the last 30 days).
    #[schemars(title = "Enrich the user last logon from the last join to a meeting")]
    pub enrich_last_logon_from_meetings: bool,

    /// Fetch downloads of cloud recordings (operation logs of the recording category) as activities.
    #[schemars(title = "Fetch recordings download activities")]
    pub recording_download_activities: bool,

    /// Fetch application settings and licenses; needs the connection's portal URL, username, password and 2FA secret key.
    #[schemars(title = "Fetch Application Settings and Licenses")]
    pub fetch_settings_and_licenses: bool,

    /// Do not fetch Zoom Rooms that are only calendar entries.
    #[schemars(title = "Exclude calendar room entries")]
    pub exclude_calendar_rooms: bool,

    /// Which user setting leaves to fetch as `user_setting` records: `differing` (the default) emits a user's leaf only where it differs from the account's value (or the account has none), each with `inherited_leaves`, the count of the user's leaves equal to the account's (a user with none differing gets one `*` record holding that count); `all` emits every leaf. Needs `fetch_settings_and_licenses`.
    #[schemars(title = "User settings")]
    pub user_settings: UserSettingsMode,

    /// Which directory objects to fetch as assets: `groups` (GET /groups and each group's members) and `roles` (GET /roles, each role's privileges and members), each listed once. Off by default: they need the group:read:admin and role:read:admin scopes.
    #[schemars(title = "Fetch groups and roles", extend("uniqueItems" = true))]
    pub directory_sources: Vec<DirectorySource>,

    /// The account's Zoom plan; sizes the client-side rate limiter to Zoom's per-plan limits. `auto` (the default) starts at Free's limits and raises them the moment Zoom answers an endpoint of a higher plan (the summary's `plan` says what was assumed).
    #[schemars(title = "Zoom plan")]
    pub zoom_plan: ZoomPlan,

    /// Share (0.01 to 1) of the account's daily Heavy and Resource-intensive quota the adapter may use per UTC day; other apps on the account share that quota. With a state store the share is counted across every cycle of the day on that store, also cycles running at once; without one, per cycle.
    #[schemars(title = "Daily quota share", range(min = 0.01, max = 1.0))]
    pub max_daily_quota_share: f64,

    /// How many hours of activities to fetch when the host supplies no cursor from a previous cycle.
    #[schemars(title = "Activity look-back (hours)", range(min = 1, max = 4320))]
    pub activity_lookback_hours: u32,

    /// Minutes of activities each cycle reads again before the previous cycle's end (with a state store), so log entries that reach Zoom late are still delivered; entries already delivered are dropped.
    #[schemars(title = "Activity overlap (minutes)", range(min = 0, max = 1440))]
    pub activity_overlap_minutes: u32,

    /// Most requests in flight at once across all sources (rate limits still apply per category).
    #[schemars(title = "Maximum concurrent requests", range(min = 1, max = 64))]
    pub max_concurrency: u32,

    /// Items per page on Zoom's list endpoints (Zoom's maximum is 300; lower only to debug).
    #[schemars(title = "Page size", range(min = 1, max = 300))]
    pub page_size: u32,

    /// Seconds one HTTP request may take, body included, before it is abandoned (and retried when safe).
    #[schemars(title = "Request timeout (seconds)", range(min = 1, max = 600))]
    pub request_timeout_secs: u32,

    /// Seconds to wait for a TCP and TLS connection to Zoom.
    #[schemars(title = "Connect timeout (seconds)", range(min = 1, max = 120))]
    pub connect_timeout_secs: u32,

    /// Retries of one idempotent request after a throttle, a server error or a dropped connection (0 disables retries).
    #[schemars(title = "Maximum retries", range(min = 0, max = 10))]
    pub max_retries: u32,

    /// Minutes one fetch cycle may run before it stops, whatever Zoom does; kinds not complete by then fail with kind `deadline`.
    #[schemars(title = "Cycle deadline (minutes)", range(min = 1, max = 10080))]
    pub max_cycle_minutes: u32,

    /// Use the proxies of the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY) when the connection names no https_proxy. Off by default: the host's environment never decides where the credentials go.
    #[schemars(title = "Use the system proxy")]
    pub use_system_proxy: bool,
}

impl Default for AdvancedSettings {
    fn default() -> Self {
        Self {
            meeting_days: 7,
            devices_require_hostname_and_mac: true,
            fetch_devices: true,
            fetch_inactive_users: false,
            skip_service_accounts: false,
            device_sources: DeviceSource::ALL.to_vec(),
            activity_logs: false,
            enrich_last_logon_from_meetings: false,
            recording_download_activities: false,
            fetch_settings_and_licenses: false,
            exclude_calendar_rooms: false,
            user_settings: UserSettingsMode::Differing,
            directory_sources: Vec::new(),
            zoom_plan: ZoomPlan::Auto,
            max_daily_quota_share: 0.5,
            activity_lookback_hours: 24,
            activity_overlap_minutes: 10,
            max_concurrency: 8,
            page_size: 300,
            request_timeout_secs: 60,
            connect_timeout_secs: 10,
            max_retries: 4,
            max_cycle_minutes: 360,
            use_system_proxy: false,
        }
    }
}

/// A Zoom source of devices, as listed in the "Fetch asset types" setting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DeviceSource {
    /// H.323/SIP room systems registered with the account (GET /h323/devices).
    H323Devices,
    /// Devices seen in past meetings' participant rows (dashboard).
    MeetingDevices,
    /// Zoom Rooms (GET /rooms, enriched from the dashboard).
    ZoomRooms,
    /// The devices of each Zoom Room (GET /rooms/{roomId}/devices).
    ZoomRoomDevices,
    /// Devices enrolled in Zoom Device Management (GET /devices).
    ManagedDevices,
}

impl DeviceSource {
    /// Every device source, the default of `device_sources`.
    pub const ALL: [DeviceSource; 5] = [
        DeviceSource::H323Devices,
        DeviceSource::MeetingDevices,
        DeviceSource::ZoomRooms,
        DeviceSource::ZoomRoomDevices,
        DeviceSource::ManagedDevices,
    ];

    /// The JSON value of this source.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceSource::H323Devices => "h323_devices",
            DeviceSource::MeetingDevices => "meeting_devices",
            DeviceSource::ZoomRooms => "zoom_rooms",
            DeviceSource::ZoomRoomDevices => "zoom_room_devices",
            DeviceSource::ManagedDevices => "managed_devices",
        }
    }
}

/// Which user setting leaves become records (`user_settings`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum UserSettingsMode {
    /// Only the leaves that differ from the account's, and a count of the rest.
    Differing,
    /// Every leaf.
    All,
}

impl UserSettingsMode {
    /// The JSON value of this mode.
    pub fn as_str(self) -> &'static str {
        match self {
            UserSettingsMode::Differing => "differing",
            UserSettingsMode::All => "all",
        }
    }
}

/// A directory source, as listed in the "Fetch groups and roles" setting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DirectorySource {
    /// Groups and their members (GET /groups, GET /groups/{groupId}/members).
    Groups,
    /// Roles, their privileges and members (GET /roles, GET /roles/{roleId}, GET /roles/{roleId}/members).
    Roles,
}

impl DirectorySource {
    /// Both directory sources.
    pub const ALL: [DirectorySource; 2] = [DirectorySource::Groups, DirectorySource::Roles];

    /// The JSON value of this source.
    pub fn as_str(self) -> &'static str {
        match self {
            DirectorySource::Groups => "groups",
            DirectorySource::Roles => "roles",
        }
    }
}

/// A Zoom plan, as far as rate limits and plan-gated APIs are concerned.
/// Business covers Business, Education, Enterprise and Partner accounts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ZoomPlan {
    /// Not known: discovered from Zoom's answers, starting at Free's limits.
    Auto,
    /// Free (Basic) accounts: lowest limits, no reports, no dashboard.
    Free,
    /// Pro accounts: reports, no dashboard.
    Pro,
    /// Business, Education, Enterprise and Partner accounts: everything.
    Business,
}

impl ZoomPlan {
    /// The JSON value of this plan.
    pub fn as_str(self) -> &'static str {
        match self {
            ZoomPlan::Auto => "auto",
            ZoomPlan::Free => "free",
            ZoomPlan::Pro => "pro",
            ZoomPlan::Business => "business",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_the_documented_defaults() -> Result<(), serde_json::Error> {
        let settings: AdvancedSettings = serde_json::from_str("{}")?;
        assert_eq!(settings, AdvancedSettings::default());
        assert_eq!(settings.meeting_days, 7);
        assert!(settings.devices_require_hostname_and_mac);
        assert!(settings.fetch_devices);
        assert_eq!(settings.device_sources.len(), 5);
        assert_eq!(settings.zoom_plan, ZoomPlan::Auto);
        Ok(())
    }

    #[test]
    fn as_str_matches_serde() -> Result<(), serde_json::Error> {
        for source in DeviceSource::ALL {
            assert_eq!(serde_json::to_value(source)?, source.as_str());
        }
        for plan in [ZoomPlan::Free, ZoomPlan::Pro, ZoomPlan::Business] {
            assert_eq!(serde_json::to_value(plan)?, plan.as_str());
        }
        Ok(())
    }
}
