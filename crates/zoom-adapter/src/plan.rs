//! [`FetchPlan`]: what one fetch cycle reads, decided from the settings alone
//! (no IO), so it can be shown, tested and logged before any request.

use std::collections::BTreeSet;

use asset_schema::Kind;
use chrono::{DateTime, Duration, Utc};
use zoom_api::DateRange;
use zoom_settings::{
    AdapterConfig, AdvancedSettings, DeviceSource, DirectorySource, UserSettingsMode,
};

/// What a cycle fetches, with its windows and filters.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchPlan {
    /// The record kinds to produce.
    pub kinds: BTreeSet<Kind>,
    /// Past meetings to read for meeting devices and last-logon enrichment:
    /// `meeting_days` back from the fetch day, inclusive.
    pub meetings: Option<DateRange>,
    /// Activities to read: from the host's cursor, else `activity_lookback_hours` back.
    pub activities: Option<TimeRange>,
    /// Also list users with status inactive.
    pub inactive_users: bool,
    /// Which user setting leaves become records.
    pub user_settings: UserSettingsMode,
    /// Replace last logon with a later meeting join (within 30 days).
    pub enrich_last_logon: bool,
    /// Drop meeting devices that lack a hostname or a MAC.
    pub require_hostname_and_mac: bool,
    /// Drop rooms whose account type is a service account.
    pub skip_service_accounts: bool,
    /// Drop rooms that are only calendar entries.
    pub exclude_calendar_rooms: bool,
    /// Attach the untouched Zoom object to each record.
    pub include_raw: bool,
    /// When the cycle started (every record's `fetched_at`).
    pub started_at: DateTime<Utc>,
    /// The account's web-portal URL, when the connection gives one (the
    /// tenant's vanity URL).
    pub vanity_url: Option<String>,
    /// Distinct meeting devices held in memory before their states move to
    /// a sorted run in a temporary file (checked between meetings).
    pub meeting_devices_in_memory: usize,
    /// The whole cycle stops after this long (`max_cycle_minutes`, default
    /// six hours), whatever the server does; kinds not finished by then fail
    /// with kind `deadline`.
    pub deadline: std::time::Duration,
}

/// The default of [`FetchPlan::meeting_devices_in_memory`]: under 1 MB of
/// device state; more devices cost disk, not memory. The check runs between
/// meetings, so 1,536 leaves room for one meeting of 256 new devices before
/// a hash table of 2,048 slots (full at 1,792) would double.
pub const MEETING_DEVICES_IN_MEMORY: usize = 1_536;

/// An exact time range; activities before `from` are dropped after reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// Start (inclusive): the host's cursor or the look-back.
    pub from: DateTime<Utc>,
    /// End: the cycle's start.
    pub to: DateTime<Utc>,
}

impl TimeRange {
    /// The days that cover the range, for Zoom's date-only parameters,
    /// within what Zoom keeps on the range's last day (the cycle's start).
    pub fn days(&self) -> DateRange {
        let today = self.to.date_naive();
        DateRange::new(self.from.date_naive(), today).retained(today)
    }
}

/// The kinds `settings` turn on (what a cycle reads; the streams of the
/// Airbyte and Singer catalogs).
pub fn enabled_kinds(settings: &AdvancedSettings) -> BTreeSet<Kind> {
    let mut kinds: BTreeSet<Kind> = [Kind::User, Kind::SaasApplication, Kind::Account].into();
    if settings.fetch_devices {
        for source in &settings.device_sources {
            kinds.insert(match source {
                DeviceSource::H323Devices => Kind::H323Device,
                DeviceSource::MeetingDevices => Kind::MeetingDevice,
                DeviceSource::ZoomRooms => Kind::ZoomRoom,
                DeviceSource::ZoomRoomDevices => Kind::ZoomRoomDevice,
                DeviceSource::ManagedDevices => Kind::ManagedDevice,
            });
        }
    }
    if settings.activity_logs {
        kinds.extend([Kind::OperationLog, Kind::SignInActivity]);
    }
    if settings.recording_download_activities {
        kinds.insert(Kind::RecordingDownload);
    }
    if settings.fetch_settings_and_licenses {
        kinds.extend([Kind::License, Kind::AccountSetting, Kind::UserSetting]);
    }
    for source in &settings.directory_sources {
        kinds.insert(match source {
            DirectorySource::Groups => Kind::Group,
            DirectorySource::Roles => Kind::Role,
        });
    }
    kinds
}

impl FetchPlan {
    /// The plan for `settings`, starting at `now`, continuing activities from
    /// `activity_cursor` when the host gives one.
    pub fn new(
        settings: &AdvancedSettings,
        now: DateTime<Utc>,
        activity_cursor: Option<DateTime<Utc>>,
        include_raw: bool,
    ) -> Self {
        let kinds = enabled_kinds(settings);
        let needs_meetings =
            kinds.contains(&Kind::MeetingDevice) || settings.enrich_last_logon_from_meetings;
        let today = now.date_naive();
        let meetings = needs_meetings.then(|| {
            DateRange::new(
                today - Duration::days(i64::from(settings.meeting_days)),
                today,
            )
            .retained(today)
        });
        let needs_activities = kinds.iter().any(|k| {
            matches!(
                k,
                Kind::OperationLog | Kind::SignInActivity | Kind::RecordingDownload
            )
        });
        let activities = needs_activities.then(|| TimeRange {
            from: activity_cursor
                .filter(|cursor| *cursor < now)
                .unwrap_or_else(|| {
                    now - Duration::hours(i64::from(settings.activity_lookback_hours))
                }),
            to: now,
        });
        FetchPlan {
            kinds,
            meetings,
            activities,
            inactive_users: settings.fetch_inactive_users,
            user_settings: settings.user_settings,
            enrich_last_logon: settings.enrich_last_logon_from_meetings,
            require_hostname_and_mac: settings.devices_require_hostname_and_mac,
            skip_service_accounts: settings.skip_service_accounts,
            exclude_calendar_rooms: settings.exclude_calendar_rooms,
            include_raw,
            started_at: now,
            vanity_url: None,
            meeting_devices_in_memory: MEETING_DEVICES_IN_MEMORY,
            deadline: std::time::Duration::from_secs(u64::from(settings.max_cycle_minutes) * 60),
        }
    }

    /// The settings that decide which objects each kind lists, as one text:
    /// when it changes between cycles, ids that vanished were filtered out,
    /// not deleted, so the state store declares no deletions that cycle.
    pub fn filters(&self) -> String {
        format!(
            "inactive_users={};require_hostname_and_mac={};skip_service_accounts={};exclude_calendar_rooms={};meeting_days={}",
            self.inactive_users,
            self.require_hostname_and_mac,
            self.skip_service_accounts,
            self.exclude_calendar_rooms,
            self.meetings
                .map_or(0, |range| (range.to - range.from).num_days()),
        )
    }

    /// The plan of a validated configuration: [`FetchPlan::new`] for its
    /// settings, with the tenant's vanity URL from the connection's portal URL.
    pub fn for_config(
        config: &AdapterConfig,
        now: DateTime<Utc>,
        activity_cursor: Option<DateTime<Utc>>,
        include_raw: bool,
    ) -> Self {
        let mut plan = Self::new(&config.settings, now, activity_cursor, include_raw);
        plan.vanity_url = config
            .connection
            .portal_url
            .as_ref()
            .map(ToString::to_string);
        plan
    }

    /// Whether the plan produces `kind`.
    pub fn wants(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Only `kinds` (the streams an Airbyte or Singer catalog selects):
    /// past meetings are listed only for meeting devices or the last-logon
    /// enrichment of users, activities read only for an activity kind, and
    /// no record of another kind is delivered.
    pub fn restrict_to(&mut self, kinds: &BTreeSet<Kind>) {
        self.kinds.retain(|kind| kinds.contains(kind));
        let meetings_needed =
            self.wants(Kind::MeetingDevice) || (self.enrich_last_logon && self.wants(Kind::User));
        if !meetings_needed {
            self.meetings = None;
            self.enrich_last_logon = false;
        }
        let activities_needed = [
            Kind::OperationLog,
            Kind::SignInActivity,
            Kind::RecordingDownload,
        ]
        .iter()
        .any(|kind| self.wants(*kind));
        if !activities_needed {
            self.activities = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn the_settings_limits_are_zooms_retention() {
        let schema = zoom_settings::settings_schema();
        let max = |key: &str| schema["properties"][key]["maximum"].as_u64();
        let days = u64::from(zoom_api::dates::RETENTION_DAYS);
        assert_eq!(max("meeting_days"), Some(days));
        assert_eq!(max("activity_lookback_hours"), Some(days * 24));
    }

    #[test]
    fn ranges_are_clamped_to_the_plans_today() {
        let settings = AdvancedSettings {
            meeting_days: 180,
            activity_lookback_hours: 4320,
            activity_logs: true,
            ..AdvancedSettings::default()
        };
        let plan = FetchPlan::new(&settings, now(), None, false);
        let meetings = plan.meetings.unwrap();
        assert_eq!(
            (meetings.from.to_string(), meetings.to.to_string()),
            ("2026-05-27".to_owned(), "2026-11-23".to_owned())
        );
        let old_cursor = now() - Duration::days(400);
        let plan = FetchPlan::new(&settings, now(), Some(old_cursor), false);
        let days = plan.activities.unwrap().days();
        assert_eq!(days.from.to_string(), "2026-05-23");
        assert_eq!(days.to.to_string(), "2026-11-23");
    }

    #[test]
    fn defaults_fetch_users_devices_saas_and_account() {
        let plan = FetchPlan::new(&AdvancedSettings::default(), now(), None, false);
        let kinds: Vec<&str> = plan.kinds.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "h323_device",
                "zoom_room",
                "zoom_room_device",
                "meeting_device",
                "managed_device",
                "user",
                "saas_application",
                "account"
            ]
        );
        assert_eq!(
            plan.meetings
                .map(|m| (m.from.to_string(), m.to.to_string())),
            Some(("2026-11-16".into(), "2026-11-23".into()))
        );
        assert_eq!(plan.activities, None);
    }

    #[test]
    fn fetch_devices_off_wins_over_device_sources() {
        let settings = AdvancedSettings {
            fetch_devices: false,
            ..AdvancedSettings::default()
        };
        let plan = FetchPlan::new(&settings, now(), None, false);
        assert!(
            plan.kinds
                .iter()
                .all(|k| k.asset_type() != asset_schema::AssetType::Device)
        );
        assert_eq!(
            plan.meetings, None,
            "no meetings needed without meeting devices or enrichment"
        );
    }

    #[test]
    fn activities_start_at_the_cursor_or_the_look_back() {
        let settings = AdvancedSettings {
            activity_logs: true,
            ..AdvancedSettings::default()
        };
        let plan = FetchPlan::new(&settings, now(), None, false);
        assert_eq!(
            plan.activities.map(|a| a.from),
            Some(now() - Duration::hours(24))
        );
        let cursor = now() - Duration::hours(3);
        let plan = FetchPlan::new(&settings, now(), Some(cursor), false);
        assert_eq!(plan.activities.map(|a| a.from), Some(cursor));
        let future = now() + Duration::hours(3);
        let plan = FetchPlan::new(&settings, now(), Some(future), false);
        assert_eq!(
            plan.activities.map(|a| a.from),
            Some(now() - Duration::hours(24)),
            "a cursor in the future is ignored"
        );
    }

    #[test]
    fn enrichment_alone_reads_meetings() {
        let settings = AdvancedSettings {
            enrich_last_logon_from_meetings: true,
            device_sources: vec![DeviceSource::H323Devices],
            ..AdvancedSettings::default()
        };
        let plan = FetchPlan::new(&settings, now(), None, false);
        assert!(!plan.wants(Kind::MeetingDevice));
        assert!(plan.meetings.is_some());
    }
}
