//! [`HeldDevices`]: the meeting-device states of one cycle, at most a
//! budget of them in memory and the rest in sorted runs on disk
//! ([`super::spill`]), merged into one state per device at the end.

use std::io;

use zoom_normalize::{MeetingDeviceKey, MeetingDeviceState, MeetingDevices, merge_sorted_runs};

use super::spill::{RunReader, SortedRuns, StoredDevice, StoredDeviceRef};

/// Meeting-device states of one cycle: at most `budget` distinct devices in
/// memory, the rest in sorted runs on disk, merged at the end.
pub(crate) struct HeldDevices {
    devices: MeetingDevices,
    budget: usize,
    runs: SortedRuns<StoredDevice>,
    /// A temporary file failed once: the states stay in memory (correct,
    /// only larger) for the rest of the cycle.
    spill_broken: bool,
}

/// One device's state as kept in a run.
type DeviceEntry = (MeetingDeviceKey, MeetingDeviceState);

impl HeldDevices {
    pub(crate) fn new(budget: usize) -> Self {
        HeldDevices {
            devices: MeetingDevices::new(),
            budget: budget.max(1),
            runs: SortedRuns::new(),
            spill_broken: false,
        }
    }

    /// Folds in one device's state from one meeting.
    pub(crate) fn add_state(&mut self, key: MeetingDeviceKey, state: MeetingDeviceState) {
        self.devices.add_state(key, state);
    }

    /// Moves the states to a new sorted run once the budget is reached, and
    /// merges full levels of runs. Call between meetings. A failure is
    /// returned once; the states then stay in memory.
    pub(crate) fn spill_if_full(&mut self) -> Result<(), String> {
        if self.devices.len() < self.budget || self.spill_broken {
            return Ok(());
        }
        let written = self
            .runs
            .write_run(
                self.devices
                    .held_sorted()
                    .into_iter()
                    .map(|(key, state)| StoredDeviceRef(key, state)),
            )
            .map(|()| self.devices.clear_held())
            .and_then(|()| self.runs.compact(merge_runs));
        match written {
            Ok(()) => {
                let (entries_written, bytes_written) = self.runs.written();
                tracing::debug!(
                    runs = self.runs.runs(),
                    entries = self.runs.entries(),
                    bytes = self.runs.bytes(),
                    entries_written,
                    bytes_written,
                    "meeting devices moved to temporary files"
                );
                Ok(())
            }
            Err(err) => {
                // A failed write or merge leaves the runs as they were.
                self.spill_broken = true;
                Err(format!(
                    "meeting devices could not be written to a temporary file ({err}); they stay in memory for this cycle"
                ))
            }
        }
    }

    /// Every device state, merged across runs, sorted by key.
    pub(crate) fn into_sorted(self) -> Box<dyn Iterator<Item = io::Result<DeviceEntry>> + Send> {
        let HeldDevices {
            mut devices, runs, ..
        } = self;
        let last = devices.take_sorted();
        if runs.runs() == 0 {
            return Box::new(last.into_iter().map(Ok));
        }
        let mut readers: Vec<Box<dyn Iterator<Item = io::Result<DeviceEntry>> + Send>> = runs
            .into_readers()
            .into_iter()
            .map(|reader| Box::new(entries(reader)) as Box<dyn Iterator<Item = _> + Send>)
            .collect();
        readers.push(Box::new(last.into_iter().map(Ok)));
        Box::new(merge_sorted_runs(readers))
    }
}

/// The devices of one run, as the merge reads them.
fn entries(run: RunReader<StoredDevice>) -> impl Iterator<Item = io::Result<DeviceEntry>> {
    run.map(|stored| stored.map(|StoredDevice(key, state)| (key, state)))
}

/// Merges runs (oldest first) into one run of one state per device.
fn merge_runs(
    runs: Vec<RunReader<StoredDevice>>,
) -> impl Iterator<Item = io::Result<StoredDevice>> {
    merge_sorted_runs(runs.into_iter().map(entries).collect())
        .map(|merged| merged.map(|(key, state)| StoredDevice(key, state)))
}
