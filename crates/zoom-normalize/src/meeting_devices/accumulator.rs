//! [`MeetingDevices`]: the accumulator that folds every participant row into
//! one [`MeetingDeviceState`] per [`MeetingDeviceKey`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use asset_schema::DeviceFields;

use super::key::{MeetingDeviceKey, ParticipantRow};
use super::state::MeetingDeviceState;

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
        let interned = &mut self.interned;
        state.fold(row, key_mac, meeting, |text| match interned.get(text) {
            Some(known) => known.clone(),
            None => {
                let new: Arc<str> = Arc::from(text);
                interned.insert(new.clone());
                new
            }
        });
    }

    /// Folds in a device state made elsewhere (a stored meeting's), as if
    /// its rows were added now.
    pub fn add_state(&mut self, key: MeetingDeviceKey, state: MeetingDeviceState) {
        self.devices.entry(key).or_default().merge(state);
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
    /// [`merge_sorted_runs`](super::merge_sorted_runs); the accumulator keeps
    /// counting rows and keeps its allocation for the next run.
    pub fn take_sorted(&mut self) -> Vec<(MeetingDeviceKey, MeetingDeviceState)> {
        let mut run: Vec<_> = self.devices.drain().collect();
        run.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        run
    }

    /// The states held so far, sorted by key, borrowed: a host writes them
    /// out as one run for [`merge_sorted_runs`](super::merge_sorted_runs),
    /// then calls [`MeetingDevices::clear_held`]. Costs one pointer pair per
    /// device, not a copy of the states.
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

/// A stable 64-bit fingerprint of a meeting UUID (FNV-1a), to count distinct
/// meetings per device without storing UUIDs.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

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
