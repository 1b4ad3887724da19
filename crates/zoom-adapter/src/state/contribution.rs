//! [`MeetingContribution`]: what one past meeting adds to the meeting-device
//! table (one mergeable state per device seen in it) and to last-logon
//! enrichment (each participant's latest join), as the store keeps it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zoom_normalize::{MeetingDeviceKey, MeetingDeviceState, MeetingDevices, ParticipantRow};

use crate::cycle::spill::{StoredDevice, StoredDeviceRef};

/// One meeting's devices (sorted by key) and joins (email hash → latest join).
#[derive(Debug, Default)]
pub(crate) struct MeetingContribution {
    /// One state per device key, sorted by key.
    pub(crate) devices: Vec<(MeetingDeviceKey, MeetingDeviceState)>,
    /// Latest join per participant email hash, as Unix seconds.
    pub(crate) joins: Vec<(u64, i64)>,
}

impl MeetingContribution {
    /// Folds a meeting's participant rows (`rows` of meeting `uuid`), with
    /// `email_key` the hash the last-logon enrichment keys emails by.
    pub(crate) fn of_rows(
        uuid: &str,
        rows: &[zoom_api::Participant],
        email_key: impl Fn(&str) -> u64,
    ) -> Self {
        let mut devices = MeetingDevices::new();
        let mut joins: std::collections::HashMap<u64, i64> = std::collections::HashMap::new();
        for row in rows {
            devices.add(&ParticipantRow::from_participant(uuid, row));
            if let (Some(email), Some(joined)) = (
                row.email.as_deref(),
                zoom_normalize::parse_time(row.join_time.as_deref()),
            ) {
                let slot = joins.entry(email_key(email)).or_insert(i64::MIN);
                *slot = (*slot).max(joined.timestamp());
            }
        }
        let mut joins: Vec<(u64, i64)> = joins.into_iter().collect();
        joins.sort_unstable();
        MeetingContribution {
            devices: devices.take_sorted(),
            joins,
        }
    }

    /// The joins as times.
    pub(crate) fn join_times(&self) -> impl Iterator<Item = (u64, DateTime<Utc>)> + '_ {
        self.joins
            .iter()
            .filter_map(|&(key, secs)| Some((key, DateTime::from_timestamp(secs, 0)?)))
    }

    /// The two values the store keeps: the devices and the joins, each as
    /// deflated (zlib) JSON.
    pub(crate) fn to_stored(&self) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
        let devices: Vec<StoredDeviceRef<'_>> = self
            .devices
            .iter()
            .map(|(key, state)| StoredDeviceRef(key, state))
            .collect();
        Ok((deflated(&devices)?, deflated(&Joins(self.joins.clone()))?))
    }

    /// Reads back what [`MeetingContribution::to_stored`] wrote.
    pub(crate) fn from_stored(devices: &[u8], joins: &[u8]) -> std::io::Result<Self> {
        let devices: Vec<StoredDevice> =
            serde_json::from_reader(flate2::read::ZlibDecoder::new(devices))?;
        let Joins(joins) = serde_json::from_reader(flate2::read::ZlibDecoder::new(joins))?;
        Ok(MeetingContribution {
            devices: devices
                .into_iter()
                .map(|StoredDevice(key, state)| (key, state))
                .collect(),
            joins,
        })
    }
}

/// `value` as JSON, deflated.
fn deflated(value: &impl Serialize) -> std::io::Result<Vec<u8>> {
    let mut out = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    serde_json::to_writer(&mut out, value)?;
    out.finish()
}

/// Joins as stored: `[[hash, seconds], …]`.
#[derive(Serialize, Deserialize)]
struct Joins(Vec<(u64, i64)>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contribution_reads_back_as_written() {
        let rows: Vec<zoom_api::Participant> = serde_json::from_value(serde_json::json!([
            {"id": "u1", "user_name": "Ann", "email": "Ann@Example.com", "pc_name": "ann-mbp",
             "mac_addr": "AA-BB-CC-00-11-22", "ip_address": "10.0.0.5", "device": "Mac",
             "join_time": "2026-11-30T10:00:00Z", "leave_time": "2026-11-30T10:30:00Z"},
            {"id": "u1", "user_name": "Ann", "email": "ann@example.com", "pc_name": "ann-mbp",
             "mac_addr": "AA-BB-CC-00-11-22", "ip_address": "10.0.0.6", "device": "Mac",
             "join_time": "2026-11-30T10:40:00Z"}
        ]))
        .unwrap();
        let key = |email: &str| email.trim().to_ascii_lowercase().len() as u64;
        let made = MeetingContribution::of_rows("m1==", &rows, key);
        assert_eq!(made.devices.len(), 1);
        assert_eq!(made.joins.len(), 1, "one email, its latest join");
        let (devices, joins) = made.to_stored().unwrap();
        let read = MeetingContribution::from_stored(&devices, &joins).unwrap();
        assert_eq!(read.to_stored().unwrap(), (devices, joins));
    }
}
