//! [`CycleState`]: what a cycle knows from the store at its start — the
//! meetings already read, the activity cursors and the entries delivered
//! within the overlap before them — and how the sources ask it.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use zoom_api::DateRange;

use super::contribution::MeetingContribution;
use super::{StateError, StateStore};

/// A stored meeting is trusted once it was read this long after it ended:
/// Zoom's dashboard fills in participants for a few minutes after a
/// meeting ends, so one read sooner is read again.
pub(crate) const MEETING_SETTLE: Duration = Duration::minutes(30);

/// A cycle lists past meetings again from this long before the last
/// complete listing (rounded down to the day Zoom's windows take, which go
/// by start time): a meeting that started before and ended after it (Zoom
/// ends a meeting after at most 30 hours), one Zoom listed late, or one
/// read before it settled is listed again.
pub(crate) const LISTING_OVERLAP: Duration = Duration::hours(31);

/// The two activity listings, each with its own cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ActivitySource {
    /// GET /report/operationlogs (`operation_log`, `recording_download`).
    OperationLogs,
    /// GET /report/activities (`sign_in_activity`).
    SignIns,
}

impl ActivitySource {
    /// Both sources.
    pub(crate) const ALL: [ActivitySource; 2] =
        [ActivitySource::OperationLogs, ActivitySource::SignIns];

    /// The name the store keys the source by.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ActivitySource::OperationLogs => "operation_logs",
            ActivitySource::SignIns => "sign_in_logs",
        }
    }
}

/// A meeting the store has: when it ended and when it was read.
#[derive(Debug, Clone, Copy)]
struct KnownMeeting {
    ended_at: i64,
    read_at: i64,
}

/// The store as one cycle sees it.
#[derive(Debug)]
pub(crate) struct CycleState {
    store: Arc<StateStore>,
    meetings: HashMap<String, KnownMeeting>,
    cursors: HashMap<ActivitySource, DateTime<Utc>>,
    delivered: HashMap<ActivitySource, HashSet<String>>,
    /// How far before its cursor each activity source reads again.
    pub(crate) overlap: Duration,
    /// The activity cursor the host gave, if any: where it is not where
    /// the store's delivery reached, it wins over the store's.
    host_cursor: Option<DateTime<Utc>>,
    /// The last complete listing of past meetings: when, and the first day
    /// of the window it completed (every meeting since is stored).
    listed: Option<(DateTime<Utc>, NaiveDate)>,
    /// The days this cycle lists (set by the meetings source).
    listing: Mutex<Option<DateRange>>,
    /// Meetings taken from the store, and meetings read from Zoom.
    pub(crate) meetings_reused: AtomicU64,
    pub(crate) meetings_read: AtomicU64,
}

impl CycleState {
    /// Reads what `store` knows.
    pub(crate) fn load(
        store: Arc<StateStore>,
        overlap: Duration,
        host_cursor: Option<DateTime<Utc>>,
    ) -> Result<Self, StateError> {
        let read = store.with_conn(|conn| -> rusqlite::Result<_> {
            let mut meetings = HashMap::new();
            let mut statement = conn.prepare("SELECT uuid, ended_at, read_at FROM meeting")?;
            let rows = statement.query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
            })?;
            for row in rows {
                let (uuid, ended_at, read_at) = row?;
                meetings.insert(uuid, KnownMeeting { ended_at, read_at });
            }
            let mut cursors = HashMap::new();
            let mut delivered: HashMap<ActivitySource, HashSet<String>> = HashMap::new();
            for source in ActivitySource::ALL {
                let to: Option<i64> = conn
                    .query_row(
                        "SELECT delivered_to FROM activity_cursor WHERE source = ?1",
                        [source.as_str()],
                        |row| row.get(0),
                    )
                    .optional()?;
                if let Some(to) = to.and_then(|secs| DateTime::from_timestamp(secs, 0)) {
                    cursors.insert(source, to);
                }
                let mut statement =
                    conn.prepare("SELECT id FROM activity_delivered WHERE source = ?1")?;
                let ids = statement.query_map([source.as_str()], |row| row.get::<_, String>(0))?;
                delivered.insert(source, ids.collect::<rusqlite::Result<_>>()?);
            }
            let meta = |key: &str| -> rusqlite::Result<Option<i64>> {
                let value: Option<String> = conn
                    .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                        row.get(0)
                    })
                    .optional()?;
                Ok(value.and_then(|v| v.parse().ok()))
            };
            let listed = match (meta("meetings_listed_at")?, meta("meetings_covered_from")?) {
                (Some(at), Some(from)) => DateTime::from_timestamp(at, 0)
                    .zip(DateTime::from_timestamp(from, 0))
                    .map(|(at, from)| (at, from.date_naive())),
                _ => None,
            };
            Ok((meetings, cursors, delivered, listed))
        });
        let (meetings, cursors, delivered, listed) = read.map_err(|err| {
            StateError::new(format!(
                "reading the state store {} failed: {err}; run with --reset-state to start it afresh",
                store.path().display()
            ))
        })?;
        Ok(CycleState {
            store,
            meetings,
            cursors,
            delivered,
            overlap,
            host_cursor,
            listed,
            listing: Mutex::new(None),
            meetings_reused: AtomicU64::new(0),
            meetings_read: AtomicU64::new(0),
        })
    }

    /// The days to list for the `meeting_days` window `window`: only those
    /// since the last complete listing (less [`LISTING_OVERLAP`]) when the
    /// store holds every meeting of the window before them; else all.
    pub(crate) fn listing_for(&self, window: DateRange) -> DateRange {
        let listing = match self.listed {
            Some((at, covered_from)) if covered_from <= window.from => {
                let from = (at - LISTING_OVERLAP).date_naive().max(window.from);
                DateRange::new(from.min(window.to), window.to)
            }
            _ => window,
        };
        *self.listing.lock().unwrap_or_else(PoisonError::into_inner) = Some(listing);
        listing
    }

    /// The first day this cycle listed (after [`CycleState::listing_for`]).
    pub(crate) fn listed_from(&self) -> Option<NaiveDate> {
        self.listing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .map(|listing| listing.from)
    }

    /// Every stored meeting that started on `from` or later and before
    /// `until` (the days this cycle does not list), to `each`.
    pub(crate) fn stored_between(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        mut each: impl FnMut(MeetingContribution),
    ) -> Result<(), String> {
        let midnight = |day: NaiveDate| day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        self.store.with_conn(|conn| {
            let mut statement = conn
                .prepare(
                    "SELECT devices, joins FROM meeting WHERE started_at >= ?1 AND started_at < ?2",
                )
                .map_err(|err| err.to_string())?;
            let rows = statement
                .query_map([midnight(from), midnight(until)], |row| {
                    Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, Vec<u8>>(1)?))
                })
                .map_err(|err| err.to_string())?;
            for row in rows {
                let (devices, joins) = row.map_err(|err| err.to_string())?;
                let contribution = MeetingContribution::from_stored(&devices, &joins)
                    .map_err(|err| err.to_string())?;
                self.meetings_reused.fetch_add(1, Ordering::Relaxed);
                each(contribution);
            }
            Ok(())
        })
    }

    /// The stored contribution of meeting `uuid` that ended at `ended_at`,
    /// when the store has it and it was read after the meeting settled.
    /// `Ok(None)`: read the meeting from Zoom.
    pub(crate) fn stored_meeting(
        &self,
        uuid: &str,
        ended_at: DateTime<Utc>,
    ) -> Result<Option<MeetingContribution>, String> {
        let Some(known) = self.meetings.get(uuid) else {
            return Ok(None);
        };
        if known.ended_at != ended_at.timestamp()
            || known.read_at - known.ended_at < MEETING_SETTLE.num_seconds()
        {
            return Ok(None);
        }
        let texts = self.store.with_conn(|conn| {
            conn.query_row(
                "SELECT devices, joins FROM meeting WHERE uuid = ?1",
                [uuid],
                |row| Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, Vec<u8>>(1)?)),
            )
            .optional()
        });
        let Some((devices, joins)) = texts.map_err(|err| err.to_string())? else {
            return Ok(None);
        };
        let contribution =
            MeetingContribution::from_stored(&devices, &joins).map_err(|err| err.to_string())?;
        self.meetings_reused.fetch_add(1, Ordering::Relaxed);
        Ok(Some(contribution))
    }

    /// The store's cursor of `source`, when the cycle follows it: the host
    /// gave no cursor, or gave the one the store's delivery reached (it
    /// passes back the last summary's `next_cursor`, or the STATE of the
    /// last Airbyte or Singer read). A host cursor elsewhere (the host
    /// lost records, or reset its state) wins, with no overlap and no drop.
    fn followed_cursor(&self, source: ActivitySource) -> Option<DateTime<Utc>> {
        let stored = *self.cursors.get(&source)?;
        match self.host_cursor {
            Some(host) if host.timestamp() != stored.timestamp() => None,
            _ => Some(stored),
        }
    }

    /// Where `source` reads from: the followed cursor less the overlap
    /// (`None`: the plan's start).
    pub(crate) fn activity_from(&self, source: ActivitySource) -> Option<DateTime<Utc>> {
        self.followed_cursor(source).map(|to| to - self.overlap)
    }

    /// Whether the entry `id` of `source` was delivered by an earlier cycle
    /// (only within the overlap, and only when the cycle follows the
    /// store's cursor).
    pub(crate) fn delivered_before(&self, source: ActivitySource, id: &str) -> bool {
        self.followed_cursor(source).is_some()
            && self
                .delivered
                .get(&source)
                .is_some_and(|ids| ids.contains(id))
    }

    /// The store.
    pub(crate) fn store(&self) -> &Arc<StateStore> {
        &self.store
    }
}
