//! Devices seen in meetings: participant rows, de-duplicated across every
//! meeting by a [`MeetingDeviceKey`], into one device each.
//!
//! Memory grows with distinct devices, not rows: each row updates one
//! [`DeviceState`] in place.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;

use asset_schema::{DeviceFields, Kind, MacAddress, Record, RecordBody, non_empty};
use chrono::{DateTime, Utc};
use zoom_api::Participant;

use crate::context::Context;
use crate::time::parse_time;

/// Most IP addresses kept per device (the most recent ones win).
const MAX_IPS_PER_DEVICE: usize = 16;

/// The identity of a physical device across meetings.
///
/// Rule: the participant's MAC address, normalized to `aa:bb:cc:dd:ee:ff`,
/// when it parses and is a real address (not all zeros, not broadcast); else the
/// PC name and PC domain, lower-cased, when the PC name is not blank. A row
/// with neither (external participants, phones) is not a device.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeetingDeviceKey {
    /// Keyed by MAC address.
    Mac(MacAddress),
    /// Keyed by lower-cased PC name and domain.
    Host {
        /// PC name, lower-cased.
        hostname: String,
        /// PC domain, lower-cased (empty when none).
        domain: String,
    },
}

impl MeetingDeviceKey {
    /// The key of a participant row, if the row identifies a device.
    pub fn of(row: &ParticipantRow<'_>) -> Option<Self> {
        if let Some(mac) = row.mac_addr.and_then(|m| m.parse::<MacAddress>().ok())
            && !mac.is_unassigned()
        {
            return Some(MeetingDeviceKey::Mac(mac));
        }
        let hostname = non_empty(row.pc_name)?.to_lowercase();
        let domain = non_empty(row.domain)
            .map(|d| d.to_lowercase())
            .unwrap_or_default();
        Some(MeetingDeviceKey::Host { hostname, domain })
    }

    /// The key as it appears in record ids: `mac:aa:bb:…` or `host:name\domain`.
    pub fn id_key(&self) -> String {
        match self {
            MeetingDeviceKey::Mac(mac) => format!("mac:{mac}"),
            MeetingDeviceKey::Host { hostname, domain } if domain.is_empty() => {
                format!("host:{hostname}")
            }
            MeetingDeviceKey::Host { hostname, domain } => format!("host:{hostname}\\{domain}"),
        }
    }
}

/// The device-relevant fields of one participant row, borrowed from the Zoom
/// object (GET /metrics/meetings/{meetingId}/participants).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParticipantRow<'a> {
    /// The meeting's UUID (rows of one meeting arrive together).
    pub meeting_uuid: &'a str,
    /// `pc_name`.
    pub pc_name: Option<&'a str>,
    /// `domain`.
    pub domain: Option<&'a str>,
    /// `mac_addr`.
    pub mac_addr: Option<&'a str>,
    /// `ip_address`.
    pub ip_address: Option<&'a str>,
    /// `device` (Windows, Mac, iOS, Android, Phone, H.323/SIP).
    pub device: Option<&'a str>,
    /// `version`: the Zoom client version.
    pub version: Option<&'a str>,
    /// `email`.
    pub email: Option<&'a str>,
    /// `location`.
    pub location: Option<&'a str>,
    /// `network_type`.
    pub network_type: Option<&'a str>,
    /// `join_time`.
    pub join_time: Option<DateTime<Utc>>,
}

impl<'a> ParticipantRow<'a> {
    /// The row of a Zoom participant of meeting `meeting_uuid`.
    pub fn from_participant(meeting_uuid: &'a str, participant: &'a Participant) -> Self {
        ParticipantRow {
            meeting_uuid,
            pc_name: participant.pc_name.as_deref(),
            domain: participant.domain.as_deref(),
            mac_addr: participant.mac_addr.as_deref(),
            ip_address: participant.ip_address.as_deref(),
            device: participant.device.as_deref(),
            version: participant.version.as_deref(),
            email: participant.email.as_deref(),
            location: participant.location.as_deref(),
            network_type: participant.network_type.as_deref(),
            join_time: parse_time(participant.join_time.as_deref()),
        }
    }
}

/// The `meeting_device` record of a de-duplicated device.
pub fn meeting_device(cx: &Context, key: &MeetingDeviceKey, fields: DeviceFields) -> Record {
    cx.record(
        Kind::MeetingDevice,
        &key.id_key(),
        RecordBody::Device(Box::new(fields)),
    )
}

/// What is known of one device so far. Low-cardinality texts (domain, OS,
/// client version, location, network type) are interned: thousands of
/// devices share a few dozen values.
#[derive(Debug, Clone, Default)]
struct DeviceState {
    hostname: Option<Box<str>>,
    domain: Option<Arc<str>>,
    mac: Option<MacAddress>,
    /// Sorted, without duplicates, at most `MAX_IPS_PER_DEVICE`.
    ips: Vec<IpAddr>,
    os_name: Option<Arc<str>>,
    app_version: Option<Arc<str>>,
    owner_email: Option<Box<str>>,
    location: Option<Arc<str>>,
    network_type: Option<Arc<str>>,
    first_seen: Option<DateTime<Utc>>,
    last_seen: Option<DateTime<Utc>>,
    /// Join time of the row the latest-wins fields came from.
    latest_row: Option<DateTime<Utc>>,
    meetings: u64,
    last_meeting: u64,
}

/// The accumulator of meeting devices: feed every participant row of every
/// meeting, then take the devices.
#[derive(Debug, Default)]
pub struct MeetingDevices {
    devices: HashMap<MeetingDeviceKey, DeviceState>,
    interned: HashSet<Arc<str>>,
    rows: u64,
    rows_without_device: u64,
}

impl MeetingDevices {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds one participant row in. Later joins win for the owner, the
    /// hostname, the OS and the client version; every IP is kept (up to 16).
    pub fn add(&mut self, row: &ParticipantRow<'_>) {
        self.rows += 1;
        let Some(key) = MeetingDeviceKey::of(row) else {
            self.rows_without_device += 1;
            return;
        };
        let meeting = fingerprint(row.meeting_uuid);
        let key_mac = match &key {
            MeetingDeviceKey::Mac(mac) => Some(*mac),
            MeetingDeviceKey::Host { .. } => None,
        };
        let state = self.devices.entry(key).or_default();
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
            && let Err(at) = state.ips.binary_search(&ip)
            && at < MAX_IPS_PER_DEVICE
        {
            // Bounded: past 16 addresses the largest is dropped.
            state.ips.insert(at, ip);
            state.ips.truncate(MAX_IPS_PER_DEVICE);
        }
        state.first_seen = min_time(state.first_seen, row.join_time);
        state.last_seen = max_time(state.last_seen, row.join_time);
        // Rows without a join time count as oldest.
        let newer = match (row.join_time, state.latest_row) {
            (Some(t), Some(latest)) => t >= latest,
            (Some(_), None) => true,
            (None, latest) => latest.is_none(),
        };
        // A value replaces what is known only when it is new text from a
        // later row (or fills a gap); most rows repeat what is known and
        // allocate nothing.
        let fresh = |value: Option<&str>, known: Option<&str>| -> Option<String> {
            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
            ((newer || known.is_none()) && known != Some(value)).then(|| value.to_owned())
        };
        if let Some(v) = fresh(row.pc_name, state.hostname.as_deref()) {
            state.hostname = Some(v.into_boxed_str());
        }
        if let Some(v) = fresh(row.email, state.owner_email.as_deref()) {
            state.owner_email = Some(v.into_boxed_str());
        }
        let interned = &mut self.interned;
        let mut intern = |slot: &mut Option<Arc<str>>, value: Option<&str>| {
            if let Some(v) = fresh(value, slot.as_deref()) {
                let shared = match interned.get(v.as_str()) {
                    Some(known) => known.clone(),
                    None => {
                        let new: Arc<str> = Arc::from(v);
                        interned.insert(new.clone());
                        new
                    }
                };
                *slot = Some(shared);
            }
        };
        intern(&mut state.domain, row.domain);
        intern(&mut state.os_name, row.device);
        intern(&mut state.app_version, row.version);
        intern(&mut state.location, row.location);
        intern(&mut state.network_type, row.network_type);
        if newer {
            state.latest_row = row.join_time.or(state.latest_row);
        }
    }

    /// Distinct devices so far.
    pub fn len(&self) -> usize {
        self.devices.len()
    }

    /// Whether no device was seen.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }

    /// Rows folded in, and rows that identified no device.
    pub fn row_counts(&self) -> (u64, u64) {
        (self.rows, self.rows_without_device)
    }

    /// The devices, sorted by key, with their fields. With
    /// `require_hostname_and_mac`, devices lacking either are left out.
    ///
    /// Fields are built one device at a time as the iterator is consumed, so
    /// the peak stays the compact per-device state, not every record at once.
    pub fn into_devices(
        self,
        require_hostname_and_mac: bool,
    ) -> impl Iterator<Item = (MeetingDeviceKey, DeviceFields)> {
        let mut devices: Vec<(MeetingDeviceKey, DeviceState)> = self
            .devices
            .into_iter()
            .filter(|(_, s)| !require_hostname_and_mac || (s.hostname.is_some() && s.mac.is_some()))
            .collect();
        devices.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        devices.into_iter().map(|(key, s)| (key, s.into_fields()))
    }
}

impl DeviceState {
    fn into_fields(self) -> DeviceFields {
        let text = |v: Option<Arc<str>>| v.map(|v| v.to_string());
        DeviceFields {
            name: self.hostname.as_deref().map(str::to_owned),
            hostname: self.hostname.map(String::from),
            domain: text(self.domain),
            mac_addresses: self.mac.into_iter().collect(),
            ip_addresses: self.ips,
            os_name: text(self.os_name),
            device_type: Some("Zoom client".to_owned()),
            app_version: text(self.app_version),
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            owner_email: self.owner_email.map(String::from),
            location: text(self.location),
            network_type: text(self.network_type),
            meeting_count: Some(self.meetings),
            ..DeviceFields::default()
        }
    }
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

/// A stable 64-bit fingerprint of a meeting UUID (FNV-1a), to count distinct
/// meetings per device without storing UUIDs.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(hour: u32) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(2026, 11, 20, hour, 0, 0).single()
    }

    fn row<'a>(
        meeting: &'a str,
        mac: &'a str,
        pc: &'a str,
        email: &'a str,
        hour: u32,
    ) -> ParticipantRow<'a> {
        ParticipantRow {
            meeting_uuid: meeting,
            mac_addr: Some(mac),
            pc_name: Some(pc),
            email: Some(email),
            join_time: at(hour),
            ip_address: Some("10.0.0.1"),
            device: Some("Windows"),
            version: Some("6.2.0"),
            ..ParticipantRow::default()
        }
    }

    #[test]
    fn same_mac_in_any_format_is_one_device_with_the_latest_owner() {
        let mut devices = MeetingDevices::new();
        devices.add(&row(
            "m1",
            "AA-BB-CC-DD-EE-01",
            "LAPTOP-1",
            "old@acme.example",
            9,
        ));
        devices.add(&row(
            "m1",
            "aa:bb:cc:dd:ee:01",
            "LAPTOP-1",
            "old@acme.example",
            10,
        )); // rejoin
        devices.add(&row(
            "m2",
            "aabb.ccdd.ee01",
            "laptop-1",
            "new@acme.example",
            12,
        ));
        devices.add(&row(
            "m0",
            "AABBCCDDEE01",
            "LAPTOP-1",
            "older@acme.example",
            7,
        ));
        let out = devices.into_devices(true).collect::<Vec<_>>();
        assert_eq!(out.len(), 1);
        let (key, fields) = &out[0];
        assert_eq!(key.id_key(), "mac:aa:bb:cc:dd:ee:01");
        assert_eq!(fields.owner_email.as_deref(), Some("new@acme.example"));
        assert_eq!(fields.hostname.as_deref(), Some("laptop-1"));
        assert_eq!(fields.last_seen, at(12));
        assert_eq!(fields.first_seen, at(7));
        assert_eq!(fields.meeting_count, Some(3));
    }

    #[test]
    fn hostname_key_when_no_mac_and_external_rows_are_not_devices() {
        let mut devices = MeetingDevices::new();
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            pc_name: Some("DESK-7"),
            domain: Some("CORP"),
            ..Default::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            pc_name: Some("desk-7"),
            domain: Some("corp"),
            mac_addr: Some(""),
            ..Default::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            pc_name: Some(""),
            mac_addr: Some(""),
            email: Some("guest@else.example"),
            ..Default::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            mac_addr: Some("00:00:00:00:00:00"),
            ..Default::default()
        });
        assert_eq!(devices.row_counts(), (4, 2));
        assert_eq!(devices.len(), 1);
        let all = devices.into_devices(false).collect::<Vec<_>>();
        assert_eq!(all[0].0.id_key(), "host:desk-7\\corp");
    }

    #[test]
    fn hostname_and_mac_filter() {
        let mut devices = MeetingDevices::new();
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            pc_name: Some("ONLY-HOST"),
            ..Default::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            mac_addr: Some("02:00:00:00:00:01"),
            ..Default::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m",
            pc_name: Some("BOTH"),
            mac_addr: Some("02:00:00:00:00:02"),
            ..Default::default()
        });
        let kept = devices.into_devices(true).collect::<Vec<_>>();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].1.hostname.as_deref(), Some("BOTH"));
    }
}
