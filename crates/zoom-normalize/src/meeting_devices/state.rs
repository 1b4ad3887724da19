//! [`MeetingDeviceState`]: what is known of one device so far, folded from
//! its rows and merged exactly with the state of later rows.

use std::net::IpAddr;
use std::sync::Arc;

use asset_schema::{DeviceFields, MacAddress};
use chrono::{DateTime, Utc};

use super::key::ParticipantRow;

/// Most IP addresses kept per device (the most recent ones win).
const MAX_IPS_PER_DEVICE: usize = 16;

/// A value where the latest row wins: the value, and the join time of the
/// row it came from (rows without a join time count as oldest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestValue<T> {
    /// The value, if any row gave one.
    pub value: Option<T>,
    /// The join time of the row the value came from.
    pub at: Option<DateTime<Utc>>,
}

impl<T> Default for LatestValue<T> {
    fn default() -> Self {
        LatestValue {
            value: None,
            at: None,
        }
    }
}

impl<T> LatestValue<T> {
    /// Whether a value from a row joined at `at`, read after every row this
    /// value came from, replaces it: it fills a gap, or it is at least as
    /// recent (ties go to the row read later).
    fn yields_to(&self, at: Option<DateTime<Utc>>) -> bool {
        self.value.is_none() || at >= self.at
    }

    /// Folds in what later rows (read after every row of `self`) left.
    fn merge(&mut self, later: LatestValue<T>) {
        if later.value.is_some() && self.yields_to(later.at) {
            *self = later;
        }
    }
}

/// The parts of a [`MeetingDeviceState`], in the open: for a host that keeps
/// states outside memory and reads them back with
/// [`MeetingDeviceState::from_parts`]. The host owns that format.
#[derive(Debug, Clone, Default)]
pub struct MeetingDeviceParts {
    /// PC name, as the latest row gave it.
    pub hostname: LatestValue<Box<str>>,
    /// PC domain, as the latest row gave it.
    pub domain: LatestValue<Arc<str>>,
    /// The MAC address of the key, when the device is keyed by one.
    pub mac: Option<MacAddress>,
    /// IP addresses: sorted, without duplicates, at most 16.
    pub ips: Vec<IpAddr>,
    /// `device` (the OS), as the latest row gave it.
    pub os_name: LatestValue<Arc<str>>,
    /// The Zoom client version, as the latest row gave it.
    pub app_version: LatestValue<Arc<str>>,
    /// The participant's email, as the latest row gave it.
    pub owner_email: LatestValue<Box<str>>,
    /// `location`, as the latest row gave it.
    pub location: LatestValue<Arc<str>>,
    /// `network_type`, as the latest row gave it.
    pub network_type: LatestValue<Arc<str>>,
    /// The earliest join time.
    pub first_seen: Option<DateTime<Utc>>,
    /// The latest join time.
    pub last_seen: Option<DateTime<Utc>>,
    /// Distinct meetings (rows of one meeting arrive together); 0 for a
    /// state no row went into.
    pub meetings: u64,
    /// Fingerprint of the first meeting read, so that a merge counts a
    /// meeting split across two states once.
    pub first_meeting: u64,
    /// Fingerprint of the last meeting read.
    pub last_meeting: u64,
}

/// What is known of one device so far: the de-duplication state of a
/// [`MeetingDeviceKey`](super::MeetingDeviceKey).
///
/// States merge exactly: the state of rows `a` followed by rows `b` equals the
/// state of `a` merged with the state of `b`, so a host may keep part of them
/// outside memory (sorted runs, written from [`MeetingDeviceState::parts`] in
/// a format of its own) and merge them at the end with
/// [`merge_sorted_runs`](super::merge_sorted_runs). Low-cardinality texts
/// (domain, OS, client version, location, network type) are interned while
/// in memory: thousands of devices share a few dozen values.
#[derive(Debug, Clone, Default)]
pub struct MeetingDeviceState {
    parts: MeetingDeviceParts,
}

impl MeetingDeviceState {
    /// The state of `parts`, as [`MeetingDeviceState::parts`] gave them.
    pub fn from_parts(parts: MeetingDeviceParts) -> Self {
        MeetingDeviceState { parts }
    }

    /// The parts of the state, for a host that writes it out.
    pub fn parts(&self) -> &MeetingDeviceParts {
        &self.parts
    }

    /// Folds in one row of the device keyed `key_mac` (when keyed by MAC),
    /// from the meeting fingerprinted `meeting`. `intern` shares a
    /// low-cardinality text. Per field, the value of the latest join wins;
    /// every IP is kept (up to 16).
    pub(super) fn fold(
        &mut self,
        row: &ParticipantRow<'_>,
        key_mac: Option<MacAddress>,
        meeting: u64,
        mut intern: impl FnMut(&str) -> Arc<str>,
    ) {
        let state = &mut self.parts;
        if state.meetings == 0 {
            state.first_meeting = meeting;
        }
        if state.meetings == 0 || state.last_meeting != meeting {
            state.meetings += 1;
            state.last_meeting = meeting;
        }
        if key_mac.is_some() {
            state.mac = key_mac;
        }
        if let Some(ip) = row
            .ip_address
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        {
            insert_ip(&mut state.ips, ip);
        }
        let joined = row.join_time;
        state.first_seen = min_time(state.first_seen, joined);
        state.last_seen = max_time(state.last_seen, joined);
        // A value is replaced only by new text from a row at least as
        // recent; most rows repeat what is known and allocate nothing.
        let own = |slot: &mut LatestValue<Box<str>>, value: Option<&str>| {
            if let Some(v) = clean(value)
                && slot.yields_to(joined)
            {
                if slot.value.as_deref() != Some(v) {
                    slot.value = Some(v.into());
                }
                slot.at = joined;
            }
        };
        own(&mut state.hostname, row.pc_name);
        own(&mut state.owner_email, row.email);
        let mut shared = |slot: &mut LatestValue<Arc<str>>, value: Option<&str>| {
            if let Some(v) = clean(value)
                && slot.yields_to(joined)
            {
                if slot.value.as_deref() != Some(v) {
                    slot.value = Some(intern(v));
                }
                slot.at = joined;
            }
        };
        shared(&mut state.domain, row.domain);
        shared(&mut state.os_name, row.device);
        shared(&mut state.app_version, row.version);
        shared(&mut state.location, row.location);
        shared(&mut state.network_type, row.network_type);
    }

    /// Folds in the state of rows read after every row of `self`.
    pub fn merge(&mut self, later: MeetingDeviceState) {
        let (state, later) = (&mut self.parts, later.parts);
        if later.meetings == 0 {
            return;
        }
        if state.meetings == 0 {
            *state = later;
            return;
        }
        let split_meeting = u64::from(state.last_meeting == later.first_meeting);
        state.meetings += later.meetings - split_meeting;
        state.last_meeting = later.last_meeting;
        state.mac = state.mac.or(later.mac);
        for ip in later.ips {
            insert_ip(&mut state.ips, ip);
        }
        state.first_seen = min_time(state.first_seen, later.first_seen);
        state.last_seen = max_time(state.last_seen, later.last_seen);
        state.hostname.merge(later.hostname);
        state.domain.merge(later.domain);
        state.os_name.merge(later.os_name);
        state.app_version.merge(later.app_version);
        state.owner_email.merge(later.owner_email);
        state.location.merge(later.location);
        state.network_type.merge(later.network_type);
    }

    /// The device's fields, or `None` when `require_hostname_and_mac` and it
    /// lacks either.
    pub fn into_fields(self, require_hostname_and_mac: bool) -> Option<DeviceFields> {
        let state = self.parts;
        if require_hostname_and_mac && (state.hostname.value.is_none() || state.mac.is_none()) {
            return None;
        }
        let text = |v: LatestValue<Arc<str>>| v.value.map(|v| v.to_string());
        let os = crate::os::operating_system(state.os_name.value.as_deref());
        let mut fields = DeviceFields {
            name: state.hostname.value.as_deref().map(str::to_owned),
            hostname: state.hostname.value.map(String::from),
            domain: text(state.domain),
            mac_addresses: state.mac.into_iter().collect(),
            ip_addresses: state.ips,
            device_type: Some("Zoom client".to_owned()),
            app_version: text(state.app_version),
            first_seen: state.first_seen,
            last_seen: state.last_seen,
            owner_email: state.owner_email.value.map(String::from),
            location: text(state.location),
            network_type: text(state.network_type),
            meeting_count: Some(state.meetings),
            ..DeviceFields::default()
        };
        if let Some(os) = os {
            os.apply(&mut fields);
        }
        Some(fields)
    }
}

/// Adds `ip` to a sorted set bounded at `MAX_IPS_PER_DEVICE` (past that, the
/// largest address is dropped, whatever the reading order).
fn insert_ip(ips: &mut Vec<IpAddr>, ip: IpAddr) {
    if let Err(at) = ips.binary_search(&ip)
        && at < MAX_IPS_PER_DEVICE
    {
        ips.insert(at, ip);
        ips.truncate(MAX_IPS_PER_DEVICE);
    }
}

/// Trimmed text, or `None` when blank.
fn clean(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn min_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
