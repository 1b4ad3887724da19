//! [`SortedRuns`]: sorted runs kept in anonymous temporary files, so a cycle
//! holds a bounded number of meeting devices in memory however many distinct
//! devices the account's meetings show; and [`StoredDevice`], the format a
//! meeting device is written in (the host's own: `zoom-normalize` does no IO).
//!
//! Each run is written once, as JSON lines, to a file of its own. Runs form a
//! stack in reading order; whenever the newest [`FAN_IN`] runs share a level,
//! they are merged into one run of the next level (as in a size-tiered LSM
//! tree), so a device seen in many runs is written a few times, not once per
//! run, the disk holds about one copy per level, and the final merge reads a
//! few dozen runs at most. Files are created already unlinked
//! (`tempfile::tempfile`, in `$TMPDIR`, mode 0600), so nothing is left behind
//! even when the process is killed. They hold device data (hostnames, MAC and
//! IP addresses, owner emails), never a secret.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::marker::PhantomData;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use asset_schema::MacAddress;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zoom_normalize::{LatestValue, MeetingDeviceKey, MeetingDeviceParts, MeetingDeviceState};

/// Runs of one level merged into one run of the next.
pub(crate) const FAN_IN: usize = 16;

/// Read buffer per run while merging (a merge holds one per run it reads).
const READ_BUFFER: usize = 8 * 1024;

/// Sorted runs of `T`, oldest first.
pub(crate) struct SortedRuns<T> {
    runs: Vec<Run>,
    /// Entries and bytes written over the cycle, merges included.
    entries_written: u64,
    bytes_written: u64,
    _entries: PhantomData<fn(T) -> T>,
}

/// One run: its own unlinked file.
struct Run {
    file: Arc<File>,
    len: u64,
    entries: u64,
    /// 0 for a run written from memory; n + 1 for a merge of level-n runs.
    level: u32,
}

impl<T: Serialize + DeserializeOwned> SortedRuns<T> {
    /// No runs yet (no file is created until the first run).
    pub(crate) fn new() -> Self {
        SortedRuns {
            runs: Vec::new(),
            entries_written: 0,
            bytes_written: 0,
            _entries: PhantomData,
        }
    }

    /// Writes one run of entries that read back as `T` (the caller sorts
    /// them). After an error nothing is recorded: the runs are as before.
    pub(crate) fn write_run<E: Serialize>(
        &mut self,
        run: impl IntoIterator<Item = E>,
    ) -> io::Result<()> {
        let run = self.write(0, run.into_iter().map(Ok))?;
        self.runs.push(run);
        Ok(())
    }

    /// Merges the newest [`FAN_IN`] runs into one while they share a level.
    /// `merge` folds runs (oldest first) into one sorted sequence. After an
    /// error the runs are as before the failed merge.
    pub(crate) fn compact<M, I>(&mut self, merge: M) -> io::Result<()>
    where
        M: Fn(Vec<RunReader<T>>) -> I,
        I: Iterator<Item = io::Result<T>>,
    {
        loop {
            let Some(newest) = self.runs.last() else {
                return Ok(());
            };
            let level = newest.level;
            let start = match self.runs.len().checked_sub(FAN_IN) {
                Some(start) if self.runs[start..].iter().all(|run| run.level == level) => start,
                _ => return Ok(()),
            };
            let readers = self.runs[start..].iter().map(Run::reader).collect();
            let merged = self.write(level + 1, merge(readers))?;
            // The merged runs' files close here, and their space is freed.
            self.runs.truncate(start);
            self.runs.push(merged);
        }
    }

    /// Runs held now.
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Entries held now, over every run (a device in two runs counts twice).
    pub(crate) fn entries(&self) -> u64 {
        self.runs.iter().map(|run| run.entries).sum()
    }

    /// Bytes on disk now.
    pub(crate) fn bytes(&self) -> u64 {
        self.runs.iter().map(|run| run.len).sum()
    }

    /// Entries and bytes written over the cycle, merges included.
    pub(crate) fn written(&self) -> (u64, u64) {
        (self.entries_written, self.bytes_written)
    }

    /// One reader per run, oldest first.
    pub(crate) fn into_readers(self) -> Vec<RunReader<T>> {
        self.runs.iter().map(Run::reader).collect()
    }

    fn write<E: Serialize>(
        &mut self,
        level: u32,
        entries: impl Iterator<Item = io::Result<E>>,
    ) -> io::Result<Run> {
        let file = tempfile::tempfile()?;
        let mut out = BufWriter::new(&file);
        let mut count = 0u64;
        for entry in entries {
            serde_json::to_writer(&mut out, &entry?)?;
            out.write_all(b"\n")?;
            count += 1;
        }
        out.flush()?;
        drop(out);
        let len = file.metadata()?.len();
        self.entries_written += count;
        self.bytes_written += len;
        Ok(Run {
            file: Arc::new(file),
            len,
            entries: count,
            level,
        })
    }
}

impl Run {
    fn reader<T: DeserializeOwned>(&self) -> RunReader<T> {
        RunReader {
            entries: serde_json::Deserializer::from_reader(BufReader::with_capacity(
                READ_BUFFER,
                RunBytes {
                    file: self.file.clone(),
                    at: 0,
                    end: self.len,
                },
            ))
            .into_iter(),
        }
    }
}

/// The entries of one run, in the order they were written.
pub(crate) struct RunReader<T> {
    entries:
        serde_json::StreamDeserializer<'static, serde_json::de::IoRead<BufReader<RunBytes>>, T>,
}

impl<T: DeserializeOwned> Iterator for RunReader<T> {
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries
            .next()
            .map(|entry| entry.map_err(io::Error::from))
    }
}

/// The bytes of one run, by positioned reads (a run's file is shared by the
/// run and its readers).
struct RunBytes {
    file: Arc<File>,
    at: u64,
    end: u64,
}

impl Read for RunBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end - self.at).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        let read = self.file.read_at(&mut buf[..want], self.at)?;
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a temporary file of meeting devices is shorter than what was written to it",
            ));
        }
        self.at += read as u64;
        Ok(read)
    }
}

/// One meeting device as a run holds it: the JSON line `[key, state]`, the
/// state with one- or two-letter field names and times as Unix seconds when
/// whole (a run holds many states).
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredDevice(
    #[serde(with = "KeyFormat")] pub(crate) MeetingDeviceKey,
    #[serde(with = "state_format")] pub(crate) MeetingDeviceState,
);

/// A held meeting device, written as a [`StoredDevice`] without a copy.
#[derive(Serialize)]
pub(crate) struct StoredDeviceRef<'a>(
    #[serde(serialize_with = "KeyFormat::serialize")] pub(crate) &'a MeetingDeviceKey,
    #[serde(serialize_with = "state_format::serialize")] pub(crate) &'a MeetingDeviceState,
);

/// [`MeetingDeviceKey`] as stored: `{"mac":"aa:bb:…"}` or
/// `{"host":{"hostname":…,"domain":…}}`.
#[derive(Serialize, Deserialize)]
#[serde(remote = "MeetingDeviceKey", rename_all = "snake_case")]
enum KeyFormat {
    Mac(MacAddress),
    Host { hostname: String, domain: String },
}

/// [`MeetingDeviceParts`] as stored; unset values are left out.
#[derive(Serialize, Deserialize)]
#[serde(remote = "MeetingDeviceParts")]
struct PartsFormat {
    #[serde(
        rename = "h",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    hostname: LatestValue<Box<str>>,
    #[serde(
        rename = "d",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    domain: LatestValue<Arc<str>>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    mac: Option<MacAddress>,
    #[serde(rename = "i", default, skip_serializing_if = "Vec::is_empty")]
    ips: Vec<std::net::IpAddr>,
    #[serde(
        rename = "o",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    os_name: LatestValue<Arc<str>>,
    #[serde(
        rename = "a",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    app_version: LatestValue<Arc<str>>,
    #[serde(
        rename = "e",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    owner_email: LatestValue<Box<str>>,
    #[serde(
        rename = "l",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    location: LatestValue<Arc<str>>,
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "is_unset",
        with = "LatestFormat"
    )]
    network_type: LatestValue<Arc<str>>,
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
    #[serde(rename = "c")]
    meetings: u64,
    #[serde(rename = "m0")]
    first_meeting: u64,
    #[serde(rename = "m1")]
    last_meeting: u64,
}

/// [`LatestValue`] as stored: `{"v":…,"t":…}`, either left out when unset.
#[derive(Serialize, Deserialize)]
#[serde(remote = "LatestValue")]
struct LatestFormat<T> {
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

fn is_unset<T>(latest: &LatestValue<T>) -> bool {
    latest.value.is_none() && latest.at.is_none()
}

/// [`MeetingDeviceState`] as stored: its parts.
mod state_format {
    use serde::{Deserializer, Serializer};
    use zoom_normalize::MeetingDeviceState;

    use super::PartsFormat;

    pub(super) fn serialize<S: Serializer>(
        state: &MeetingDeviceState,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        PartsFormat::serialize(state.parts(), serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<MeetingDeviceState, D::Error> {
        PartsFormat::deserialize(deserializer).map(MeetingDeviceState::from_parts)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    type Entry = (String, u32);

    /// Merges sorted runs of (key, count), adding counts of equal keys.
    fn add_counts(
        readers: Vec<RunReader<Entry>>,
    ) -> impl Iterator<Item = io::Result<Entry>> + use<> {
        let mut all: Vec<io::Result<Entry>> = readers.into_iter().flatten().collect();
        let mut merged: std::collections::BTreeMap<String, u32> = Default::default();
        let failed = all
            .iter()
            .position(Result::is_err)
            .map(|at| all.swap_remove(at));
        for (key, count) in all.into_iter().flatten() {
            *merged.entry(key).or_default() += count;
        }
        failed.into_iter().chain(merged.into_iter().map(Ok))
    }

    /// The rows behind [`GOLDEN`]: a MAC key with every field and a
    /// sub-second join, a host key with a domain and no join time, a host
    /// key without a domain.
    fn golden_devices() -> zoom_normalize::MeetingDevices {
        use zoom_normalize::ParticipantRow;
        let t = |text: &str| text.parse::<DateTime<Utc>>().ok();
        let mut devices = zoom_normalize::MeetingDevices::new();
        devices.add(&ParticipantRow {
            meeting_uuid: "m1",
            mac_addr: Some("AA-BB-CC-DD-EE-01"),
            pc_name: Some("LAPTOP-1"),
            domain: Some("CORP"),
            email: Some("a@acme.example"),
            ip_address: Some("10.0.0.1"),
            device: Some("Windows"),
            version: Some("6.2.0"),
            location: Some("Paris"),
            network_type: Some("Wifi"),
            join_time: t("2026-11-20T09:00:00Z"),
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m2",
            mac_addr: Some("aa:bb:cc:dd:ee:01"),
            ip_address: Some("2001:db8::1"),
            email: Some("b@acme.example"),
            join_time: t("2026-11-20T10:00:00.123456789Z"),
            ..ParticipantRow::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m2",
            pc_name: Some("DESK-7"),
            domain: Some("Corp"),
            ..ParticipantRow::default()
        });
        devices.add(&ParticipantRow {
            meeting_uuid: "m3",
            pc_name: Some("NO-DOMAIN"),
            join_time: t("2026-11-20T08:00:00Z"),
            ..ParticipantRow::default()
        });
        devices
    }

    /// The lines a run of [`golden_devices`] holds: the format as it was
    /// when it lived in `zoom-normalize`, byte for byte.
    const GOLDEN: [&str; 3] = [
        r#"[{"mac":"aa:bb:cc:dd:ee:01"},{"h":{"v":"LAPTOP-1","t":1795165200},"d":{"v":"CORP","t":1795165200},"m":"aa:bb:cc:dd:ee:01","i":["10.0.0.1","2001:db8::1"],"o":{"v":"Windows","t":1795165200},"a":{"v":"6.2.0","t":1795165200},"e":{"v":"b@acme.example","t":"2026-11-20T10:00:00.123456789Z"},"l":{"v":"Paris","t":1795165200},"n":{"v":"Wifi","t":1795165200},"f":1795165200,"s":"2026-11-20T10:00:00.123456789Z","c":2,"m0":624182888590515051,"m1":624183988102143262}]"#,
        r#"[{"host":{"hostname":"desk-7","domain":"corp"}},{"h":{"v":"DESK-7"},"d":{"v":"Corp"},"c":1,"m0":624183988102143262,"m1":624183988102143262}]"#,
        r#"[{"host":{"hostname":"no-domain","domain":""}},{"h":{"v":"NO-DOMAIN","t":1795161600},"f":1795161600,"s":1795161600,"c":1,"m0":624185087613771473,"m1":624185087613771473}]"#,
    ];

    /// What a run's file holds.
    fn contents(run: &Run) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; usize::try_from(run.len).unwrap_or(0)];
        run.file.read_exact_at(&mut bytes, 0)?;
        Ok(bytes)
    }

    #[test]
    fn devices_are_written_in_the_compact_format_byte_for_byte() -> io::Result<()> {
        let devices = golden_devices();
        let mut runs = SortedRuns::<StoredDevice>::new();
        runs.write_run(
            devices
                .held_sorted()
                .into_iter()
                .map(|(key, state)| StoredDeviceRef(key, state)),
        )?;
        let expected: String = GOLDEN.iter().map(|line| format!("{line}\n")).collect();
        assert_eq!(String::from_utf8_lossy(&contents(&runs.runs[0])?), expected);
        Ok(())
    }

    #[test]
    fn devices_round_trip_through_a_run_exactly() -> io::Result<()> {
        let held = golden_devices().take_sorted();
        let mut runs = SortedRuns::<StoredDevice>::new();
        runs.write_run(held.iter().map(|(key, state)| StoredDeviceRef(key, state)))?;
        let back: Vec<StoredDevice> = runs.runs[0].reader().collect::<io::Result<_>>()?;
        assert_eq!(back.len(), held.len());
        for (StoredDevice(key, state), (held_key, held_state)) in back.iter().zip(&held) {
            assert_eq!(key, held_key);
            assert_eq!(
                format!("{:?}", state.parts()),
                format!("{:?}", held_state.parts())
            );
        }
        // A merge writes what it read: the same bytes again.
        runs.write_run(&back)?;
        assert_eq!(contents(&runs.runs[1])?, contents(&runs.runs[0])?);
        Ok(())
    }

    #[test]
    fn runs_read_back_separately_and_in_order() -> io::Result<()> {
        let mut runs = SortedRuns::<Entry>::new();
        let first: Vec<Entry> = (0..1_000).map(|i| (format!("a{i:04}"), i)).collect();
        runs.write_run(&first)?;
        runs.write_run(Vec::<Entry>::new())?;
        runs.write_run(&[("b".to_owned(), 7)])?;
        assert_eq!((runs.runs(), runs.entries()), (3, 1_001));
        assert!(runs.bytes() > 1_001 * 10, "{} bytes", runs.bytes());
        let mut readers = runs.into_readers();
        let third: Vec<_> = readers.remove(2).collect::<io::Result<_>>()?;
        let second: Vec<_> = readers.remove(1).collect::<io::Result<_>>()?;
        let first_read: Vec<_> = readers.remove(0).collect::<io::Result<_>>()?;
        assert_eq!(third, vec![("b".to_owned(), 7)]);
        assert!(second.is_empty());
        assert_eq!(first_read, first);
        Ok(())
    }

    #[test]
    fn full_levels_merge_into_one_run_and_lose_nothing() -> io::Result<()> {
        let mut runs = SortedRuns::<Entry>::new();
        // 300 runs of the same 10 keys: levels 0, 1 and 2 fill and merge.
        for _ in 0..300 {
            let run: Vec<Entry> = (0..10).map(|k| (format!("k{k}"), 1)).collect();
            runs.write_run(&run)?;
            runs.compact(add_counts)?;
        }
        // 300 = 1×256 + 2×16 + 12: one level-2, two level-1, twelve level-0 runs.
        assert_eq!(runs.runs(), 1 + 2 + 12);
        assert_eq!(runs.entries(), 15 * 10);
        let (entries_written, _) = runs.written();
        assert!(entries_written < 300 * 10 * 3, "{entries_written}");
        let total: Vec<Entry> = add_counts(runs.into_readers()).collect::<io::Result<_>>()?;
        assert_eq!(total.len(), 10);
        assert!(total.iter().all(|(_, count)| *count == 300), "{total:?}");
        Ok(())
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_silent_end() -> io::Result<()> {
        let mut runs = SortedRuns::<Entry>::new();
        runs.write_run(&[("a".to_owned(), 1), ("b".to_owned(), 2)])?;
        runs.runs[0].file.set_len(5)?;
        let mut readers = runs.into_readers();
        let read: Vec<io::Result<_>> = readers.remove(0).collect();
        assert!(read.iter().any(Result::is_err), "{read:?}");
        Ok(())
    }
}
