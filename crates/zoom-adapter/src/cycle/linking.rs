//! [`HeldComputers`]: the records of Zoom Rooms computers, held back until
//! both of their sources (room devices, managed devices) are read, so each
//! record can name the other in `same_as` (`zoom_normalize::link_room_computers`).
//! The two kinds are complete only once the held records are delivered.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use asset_schema::{Kind, Record};

use crate::plan::FetchPlan;

/// Most records held; past it, records are delivered unlinked (a room
/// computer per room: far more than any account has).
const MAX_HELD: usize = 50_000;

/// The held records and the completions they delay.
#[derive(Debug, Default)]
pub(crate) struct HeldComputers {
    /// Whether the plan reads both sources (else nothing is held).
    enabled: bool,
    records: Mutex<Vec<Record>>,
    /// Kinds whose sources finished, with when, waiting for the held records.
    finished: Mutex<Vec<(Kind, Duration)>>,
}

impl HeldComputers {
    /// Holding for `plan`: only when it reads both room devices and managed devices.
    pub(crate) fn for_plan(plan: &FetchPlan) -> Self {
        HeldComputers {
            enabled: plan.wants(Kind::ZoomRoomDevice) && plan.wants(Kind::ManagedDevice),
            ..HeldComputers::default()
        }
    }

    /// Keeps `record` when it is a room computer to link (`None`), else gives it back.
    pub(crate) fn hold(&self, record: Record) -> Option<Record> {
        if !self.enabled || zoom_normalize::room_computer_room(&record).is_none() {
            return Some(record);
        }
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if records.len() >= MAX_HELD {
            return Some(record);
        }
        records.push(record);
        None
    }

    /// Whether `kind`'s completion waits for the held records.
    pub(crate) fn delays(&self, kind: Kind) -> bool {
        self.enabled && matches!(kind, Kind::ZoomRoomDevice | Kind::ManagedDevice)
    }

    /// Notes that `kind`'s source finished after `elapsed`.
    pub(crate) fn finished(&self, kind: Kind, elapsed: Duration) {
        self.finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((kind, elapsed));
    }

    /// The held records, linked, and the completions to record once they
    /// are delivered.
    pub(crate) fn release(&self) -> (Vec<Record>, Vec<(Kind, Duration)>) {
        let mut records =
            std::mem::take(&mut *self.records.lock().unwrap_or_else(PoisonError::into_inner));
        zoom_normalize::link_room_computers(&mut records);
        let finished =
            std::mem::take(&mut *self.finished.lock().unwrap_or_else(PoisonError::into_inner));
        (records, finished)
    }
}
