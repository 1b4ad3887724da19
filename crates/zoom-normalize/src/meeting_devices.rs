//! Devices seen in meetings: participant rows, de-duplicated across every
//! meeting by a [`MeetingDeviceKey`], into one device each.
//!
//! Memory grows with distinct devices, not rows: each row updates one
//! [`DeviceState`] in place.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;

use asset_schema::{DeviceFields, Kind, MacAddress, Record, RecordBody, non_empty};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// A value where the latest row wins: the value, and the join time of the
/// row it came from (rows without a join time count as oldest).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Latest<T> {
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    value: Option<T>,
    #[serde(
        rename = "t",
        default,
        skip_serializing_if = "Option::is_none",
        with = "compact_time"
    )]
    at: Option<DateTime<Utc>>,
}

impl<T> Default for Latest<T> {
    fn default() -> Self {
        Latest {
            value: None,
            at: None,
        }
    }
}

impl<T> Latest<T> {
    /// Whether a value from a row joined at `at`, read after every row this
    /// value came from, replaces it: it fills a gap, or it is at least as
    /// recent (ties go to the row read later).
    fn yields_to(&self, at: Option<DateTime<Utc>>) -> bool {
        self.value.is_none() || at >= self.at
    }

    /// Folds in what later rows (read after every row of `self`) left.
    fn merge(&mut self, later: Latest<T>) {
        if later.value.is_some() && self.yields_to(later.at) {
            *self = later;
        }
    }
}

/// What is known of one device so far: the de-duplication state of a
/// [`MeetingDeviceKey`].
///
/// States merge exactly: the state of rows `a` followed by rows `b` equals the
/// state of `a` merged with the state of `b`, so a host may keep part of them
/// outside memory (sorted runs) and merge them at the end with
/// [`merge_sorted_runs`]. Low-cardinality texts (domain, OS, client version,
/// location, network type) are interned while in memory: thousands of
/// devices share a few dozen values.
/// Field names are one or two letters and times are Unix seconds when whole:
/// a host may write many states to disk.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MeetingDeviceState {
    #[serde(rename = "h", default, skip_serializing_if = "Latest::is_unset")]
    hostname: Latest<Box<str>>,
    #[serde(rename = "d", default, skip_serializing_if = "Latest::is_unset")]
    domain: Latest<Arc<str>>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    mac: Option<MacAddress>,
    /// Sorted, without duplicates, at most `MAX_IPS_PER_DEVICE`.
    #[serde(rename = "i", default, skip_serializing_if = "Vec::is_empty")]
    ips: Vec<IpAddr>,
    #[serde(rename = "o", default, skip_serializing_if = "Latest::is_unset")]
    os_name: Latest<Arc<str>>,
    #[serde(rename = "a", default, skip_serializing_if = "Latest::is_unset")]
    app_version: Latest<Arc<str>>,
    #[serde(rename = "e", default, skip_serializing_if = "Latest::is_unset")]
    owner_email: Latest<Box<str>>,
    #[serde(rename = "l", default, skip_serializing_if = "Latest::is_unset")]
    location: Latest<Arc<str>>,
    #[serde(rename = "n", default, skip_serializing_if = "Latest::is_unset")]
    network_type: Latest<Arc<str>>,
    #[serde(
        rename = "f",
        default,
        skip_serializing_if = "Option::is_none",
        with = "compact_time"
    )]
    first_seen: Option<DateTime<Utc>>,
    #[serde(
        rename = "s",
        default,
        skip_serializing_if = "Option::is_none",
        with = "compact_time"
    )]
    last_seen: Option<DateTime<Utc>>,
    /// Distinct meetings (rows of one meeting arrive together).
    #[serde(rename = "c")]
    meetings: u64,
    /// Fingerprints of the first and the last meeting read, so that a merge
    /// counts a meeting split across two states once.
    #[serde(rename = "m0")]
    first_meeting: u64,
    #[serde(rename = "m1")]
    last_meeting: u64,
}

/// Times as Unix seconds when they are whole (Zoom's always are), else as
/// RFC 3339 text: exact either way, a third of the size in the common case.
mod compact_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Seconds(i64),
        Text(DateTime<Utc>),
    }

    pub(super) fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) if t.timestamp_subsec_nanos() == 0 => {
                Stored::Seconds(t.timestamp()).serialize(serializer)
            }
            Some(t) => Stored::Text(*t).serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<Stored>::deserialize(deserializer)? {
            None => Ok(None),
            Some(Stored::Text(t)) => Ok(Some(t)),
            Some(Stored::Seconds(s)) => DateTime::from_timestamp(s, 0)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("time out of range")),
        }
    }
}

impl<T> Latest<T> {
    fn is_unset(&self) -> bool {
        self.value.is_none() && self.at.is_none()
    }
}

impl MeetingDeviceState {
    /// Folds in the state of rows read after every row of `self`.
    pub fn merge(&mut self, later: MeetingDeviceState) {
        if later.meetings == 0 {
            return;
        }
        if self.meetings == 0 {
            *self = later;
            return;
        }
        let split_meeting = u64::from(self.last_meeting == later.first_meeting);
        self.meetings += later.meetings - split_meeting;
        self.last_meeting = later.last_meeting;
        self.mac = self.mac.or(later.mac);
        for ip in later.ips {
            insert_ip(&mut self.ips, ip);
        }
        self.first_seen = min_time(self.first_seen, later.first_seen);
        self.last_seen = max_time(self.last_seen, later.last_seen);
        self.hostname.merge(later.hostname);
        self.domain.merge(later.domain);
        self.os_name.merge(later.os_name);
        self.app_version.merge(later.app_version);
        self.owner_email.merge(later.owner_email);
        self.location.merge(later.location);
        self.network_type.merge(later.network_type);
    }

    /// The device's fields, or `None` when `require_hostname_and_mac` and it
    /// lacks either.
    pub fn into_fields(self, require_hostname_and_mac: bool) -> Option<DeviceFields> {
        if require_hostname_and_mac && (self.hostname.value.is_none() || self.mac.is_none()) {
            return None;
        }
        let text = |v: Latest<Arc<str>>| v.value.map(|v| v.to_string());
        Some(DeviceFields {
            name: self.hostname.value.as_deref().map(str::to_owned),
            hostname: self.hostname.value.map(String::from),
            domain: text(self.domain),
            mac_addresses: self.mac.into_iter().collect(),
            ip_addresses: self.ips,
            os_name: text(self.os_name),
            device_type: Some("Zoom client".to_owned()),
            app_version: text(self.app_version),
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            owner_email: self.owner_email.value.map(String::from),
            location: text(self.location),
            network_type: text(self.network_type),
            meeting_count: Some(self.meetings),
            ..DeviceFields::default()
        })
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

/// The accumulator of meeting devices: feed every participant row of every
/// meeting, then take the devices — all at once with
/// [`MeetingDevices::into_devices`], or in sorted runs with
/// [`MeetingDevices::take_sorted`] when the host bounds its memory.
#[derive(Debug, Default)]
pub struct MeetingDevices {
    devices: HashMap<MeetingDeviceKey, MeetingDeviceState>,
    interned: HashSet<Arc<str>>,
    rows: u64,
    rows_without_device: u64,
}

impl MeetingDevices {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds one participant row in. Per field, the value of the latest join
    /// wins (owner, hostname, domain, OS, client version, location, network
    /// type); every IP is kept (up to 16).
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
        let own = |slot: &mut Latest<Box<str>>, value: Option<&str>| {
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
        let interned = &mut self.interned;
        let mut intern = |slot: &mut Latest<Arc<str>>, value: Option<&str>| {
            if let Some(v) = clean(value)
                && slot.yields_to(joined)
            {
                if slot.value.as_deref() != Some(v) {
                    let shared = match interned.get(v) {
                        Some(known) => known.clone(),
                        None => {
                            let new: Arc<str> = Arc::from(v);
                            interned.insert(new.clone());
                            new
                        }
                    };
                    slot.value = Some(shared);
                }
                slot.at = joined;
            }
        };
        intern(&mut state.domain, row.domain);
        intern(&mut state.os_name, row.device);
        intern(&mut state.app_version, row.version);
        intern(&mut state.location, row.location);
        intern(&mut state.network_type, row.network_type);
    }

    /// Distinct devices held (since the last [`MeetingDevices::take_sorted`]).
    pub fn len(&self) -> usize {
        self.devices.len()
    }

    /// Whether no device is held.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }

    /// Rows folded in, and rows that identified no device.
    pub fn row_counts(&self) -> (u64, u64) {
        (self.rows, self.rows_without_device)
    }

    /// Takes the states held so far, sorted by key, as one run for
    /// [`merge_sorted_runs`]; the accumulator keeps counting rows and keeps
    /// its allocation for the next run.
    pub fn take_sorted(&mut self) -> Vec<(MeetingDeviceKey, MeetingDeviceState)> {
        let mut run: Vec<_> = self.devices.drain().collect();
        run.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        run
    }

    /// The states held so far, sorted by key, borrowed: a host writes them
    /// out as one run for [`merge_sorted_runs`], then calls
    /// [`MeetingDevices::clear_held`]. Costs one pointer pair per device, not
    /// a copy of the states.
    pub fn held_sorted(&self) -> Vec<(&MeetingDeviceKey, &MeetingDeviceState)> {
        let mut run: Vec<_> = self.devices.iter().collect();
        run.sort_unstable_by(|a, b| a.0.cmp(b.0));
        run
    }

    /// Drops the states held (once written out); the accumulator keeps
    /// counting rows and keeps its allocation for the next run.
    pub fn clear_held(&mut self) {
        self.devices.clear();
    }

    /// The devices, sorted by key, with their fields. With
    /// `require_hostname_and_mac`, devices lacking either are left out.
    ///
    /// Fields are built one device at a time as the iterator is consumed, so
    /// the peak stays the compact per-device state, not every record at once.
    pub fn into_devices(
        mut self,
        require_hostname_and_mac: bool,
    ) -> impl Iterator<Item = (MeetingDeviceKey, DeviceFields)> {
        self.take_sorted()
            .into_iter()
            .filter_map(move |(key, state)| {
                Some((key, state.into_fields(require_hostname_and_mac)?))
            })
    }
}

/// Merges runs of device states into one state per key, in key order.
///
/// Each run must be sorted by key with one state per key (as
/// [`MeetingDevices::take_sorted`] gives), and `runs` must be in reading
/// order: for one key, the state of an earlier run is merged with the state
/// of a later run, never the reverse. A run's error is passed on and ends
/// the merge.
pub fn merge_sorted_runs<I, E>(runs: Vec<I>) -> MergedRuns<I>
where
    I: Iterator<Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>>,
{
    MergedRuns {
        heads: runs.iter().map(|_| None).collect(),
        runs,
        heap: BinaryHeap::new(),
        started: false,
        failed: false,
    }
}

/// The iterator of [`merge_sorted_runs`].
pub struct MergedRuns<I> {
    runs: Vec<I>,
    /// The state of each run's smallest unmerged key (the key is in `heap`).
    heads: Vec<Option<MeetingDeviceState>>,
    /// Smallest key first; for one key, earliest run first.
    heap: BinaryHeap<Reverse<(MeetingDeviceKey, usize)>>,
    started: bool,
    failed: bool,
}

impl<I, E> MergedRuns<I>
where
    I: Iterator<Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>>,
{
    /// Reads run `index`'s next entry into the heap.
    fn advance(&mut self, index: usize) -> Result<(), E> {
        if let Some(next) = self.runs[index].next() {
            let (key, state) = next?;
            self.heads[index] = Some(state);
            self.heap.push(Reverse((key, index)));
        }
        Ok(())
    }
}

impl<I, E> Iterator for MergedRuns<I>
where
    I: Iterator<Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>>,
{
    type Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if !self.started {
            self.started = true;
            for index in 0..self.runs.len() {
                if let Err(err) = self.advance(index) {
                    self.failed = true;
                    return Some(Err(err));
                }
            }
        }
        let Reverse((key, index)) = self.heap.pop()?;
        let mut state = self.heads[index].take().unwrap_or_default();
        let mut pending = vec![index];
        while self
            .heap
            .peek()
            .is_some_and(|Reverse((next, _))| *next == key)
        {
            if let Some(Reverse((_, later))) = self.heap.pop() {
                state.merge(self.heads[later].take().unwrap_or_default());
                pending.push(later);
            }
        }
        for index in pending {
            if let Err(err) = self.advance(index) {
                self.failed = true;
                return Some(Err(err));
            }
        }
        Some(Ok((key, state)))
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
    fn states_round_trip_through_json_exactly() {
        let mut devices = MeetingDevices::new();
        let mut late = row("m1", "02:00:00:00:00:09", "PC-9", "a@acme.example", 9);
        late.join_time = late
            .join_time
            .map(|t| t + chrono::Duration::nanoseconds(123_456_789));
        devices.add(&late);
        devices.add(&row("m2", "02:00:00:00:00:09", "", "", 8));
        devices.add(&ParticipantRow {
            meeting_uuid: "m3",
            pc_name: Some("NO-TIME"),
            ..Default::default()
        });
        for (key, state) in devices.take_sorted() {
            let text = serde_json::to_string(&(&key, &state)).unwrap_or_default();
            let (back_key, back): (MeetingDeviceKey, MeetingDeviceState) =
                serde_json::from_str(&text)
                    .map_err(|e| e.to_string())
                    .unwrap_or_else(|e| panic!("{e}: {text}"));
            assert_eq!(back_key, key);
            let json = |s: MeetingDeviceState| {
                serde_json::to_value(s.into_fields(false)).unwrap_or_default()
            };
            assert_eq!(json(back.clone()), json(state.clone()), "{text}");
            assert_eq!(
                (back.first_meeting, back.last_meeting, back.meetings),
                (state.first_meeting, state.last_meeting, state.meetings)
            );
        }
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
