//! [`CycleWriter`]: what a cycle learns, kept in temporary tables of the
//! writer's own connection (gone with the process, so a crash or a kill
//! leaves the store as it was) until the records are delivered; then the
//! deletions are found and everything is committed in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use asset_schema::{Kind, Record, RecordId, Tombstone};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use super::snapshot::ActivitySource;
use super::{StateError, StateStore};
use crate::sink::RecordSink;

/// Record ids written to the temporary table at once.
const ID_BATCH: usize = 4096;

/// What a source learned, on its way to the writer.
#[derive(Debug)]
pub(crate) enum Learned {
    /// A meeting read from Zoom: its contribution (as stored).
    Meeting {
        uuid: String,
        started_at: i64,
        ended_at: i64,
        read_at: i64,
        devices: Vec<u8>,
        joins: Vec<u8>,
    },
    /// A meeting taken from the store was listed again (it still exists).
    Listed(String),
    /// An activity entry delivered within the overlap before the range's end.
    Delivered {
        source: ActivitySource,
        id: RecordId,
        time: i64,
    },
}

/// What the cycle decided at its end, for the commit.
#[derive(Debug, Clone)]
pub(crate) struct Finish {
    /// Kinds that are complete this cycle (only those may declare deletions
    /// and replace their ids).
    pub(crate) complete: BTreeSet<Kind>,
    /// The meetings of the `meeting_days` window, when the cycle read them.
    pub(crate) meetings: Option<MeetingsFinish>,
    /// Per complete activity source: delivered up to, and keep the delivered
    /// ids from (the cursor less the overlap).
    pub(crate) cursors: Vec<(ActivitySource, DateTime<Utc>, DateTime<Utc>)>,
    /// Write a tombstone per gone id.
    pub(crate) emit_deletions: bool,
    /// The filters the kinds' ids depend on: when they changed since the
    /// last cycle, nothing counts as deleted (the set changed by setting).
    pub(crate) filters: String,
    pub(crate) account_id: String,
    pub(crate) fetched_at: DateTime<Utc>,
}

/// What the meetings source did with the `meeting_days` window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MeetingsFinish {
    /// Stored meetings that started before this are dropped (the window's
    /// first day, 00:00 UTC).
    pub(crate) window_from: DateTime<Utc>,
    /// The listing read meetings that started from this on (the whole
    /// window, or only the days since the last complete listing).
    pub(crate) listed_from: DateTime<Utc>,
    /// Every listed meeting was read or taken from the store: stored
    /// meetings the listing did not show are gone, and the next cycle may
    /// list only the days since this one.
    pub(crate) complete: bool,
}

/// What the store made of the cycle, for the summary.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// Whether everything was committed.
    pub(crate) saved: bool,
    /// Why not.
    pub(crate) error: Option<String>,
    /// Ids gone since the last complete cycle, per kind.
    pub(crate) deleted: BTreeMap<Kind, u64>,
    /// Tombstones written.
    pub(crate) tombstones: u64,
    /// Why deletions were not declared, when they were not.
    pub(crate) deletions_skipped: Option<String>,
}

/// The writer's connection with the cycle's temporary tables.
pub(crate) struct CycleWriter {
    conn: Connection,
    ids: Vec<(Kind, RecordId)>,
    /// The first error; after it nothing is committed.
    broken: Option<String>,
}

/// Kinds whose ids are tracked for deletions: inventories, not events.
fn tracked(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::OperationLog | Kind::SignInActivity | Kind::RecordingDownload
    )
}

impl CycleWriter {
    /// A writer on `store`.
    pub(crate) fn open(store: &StateStore) -> Result<Self, StateError> {
        let conn = store.connect()?;
        conn.execute_batch(
            "CREATE TEMP TABLE cycle_ids (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
             CREATE TEMP TABLE cycle_meetings (uuid TEXT PRIMARY KEY, started_at INTEGER NOT NULL,
                 ended_at INTEGER NOT NULL, read_at INTEGER NOT NULL,
                 devices BLOB NOT NULL, joins BLOB NOT NULL) WITHOUT ROWID;
             CREATE TEMP TABLE cycle_listed (uuid TEXT PRIMARY KEY) WITHOUT ROWID;
             CREATE TEMP TABLE cycle_delivered (source TEXT NOT NULL, id TEXT NOT NULL, time INTEGER NOT NULL,
                 PRIMARY KEY (source, id)) WITHOUT ROWID;
             PRAGMA cache_size = -256;
             PRAGMA temp.cache_size = -256;",
        )
        .map_err(|err| {
            StateError::new(format!(
                "cannot prepare the state store {} for this cycle: {err}",
                store.path().display()
            ))
        })?;
        Ok(CycleWriter {
            conn,
            ids: Vec::with_capacity(ID_BATCH),
            broken: None,
        })
    }

    /// Notes a record that was written.
    pub(crate) fn record(&mut self, record: &Record) {
        if self.broken.is_some() || !tracked(record.kind) {
            return;
        }
        self.ids.push((record.kind, record.id.clone()));
        if self.ids.len() >= ID_BATCH {
            self.flush_ids();
        }
    }

    fn flush_ids(&mut self) {
        let ids = std::mem::take(&mut self.ids);
        let written = (|| -> rusqlite::Result<()> {
            let tx = self.conn.transaction()?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO temp.cycle_ids (kind, id) VALUES (?1, ?2)",
                )?;
                for (kind, id) in &ids {
                    insert.execute((kind.as_str(), id.as_str()))?;
                }
            }
            tx.commit()
        })();
        self.fail_on(written);
    }

    fn fail_on(&mut self, result: rusqlite::Result<impl Sized>) {
        if let Err(err) = result
            && self.broken.is_none()
        {
            self.broken = Some(err.to_string());
        }
    }

    /// Notes what a source learned.
    pub(crate) fn learn(&mut self, learned: Learned) {
        if self.broken.is_some() {
            return;
        }
        let done = match learned {
            Learned::Meeting {
                uuid,
                started_at,
                ended_at,
                read_at,
                devices,
                joins,
            } => self.conn.execute(
                "INSERT OR REPLACE INTO temp.cycle_meetings VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (uuid, started_at, ended_at, read_at, devices, joins),
            ),
            Learned::Listed(uuid) => self.conn.execute(
                "INSERT OR IGNORE INTO temp.cycle_listed VALUES (?1)",
                [uuid],
            ),
            Learned::Delivered { source, id, time } => self.conn.execute(
                "INSERT OR IGNORE INTO temp.cycle_delivered VALUES (?1, ?2, ?3)",
                (source.as_str(), id.as_str(), time),
            ),
        };
        self.fail_on(done);
    }

    /// After the last record: finds the deletions of the complete kinds,
    /// writes their tombstones (when asked), flushes `sink`, and only then
    /// commits what the cycle learned. Nothing is committed when the sink
    /// fails or the store broke during the cycle.
    pub(crate) fn finish(mut self, finish: &Finish, sink: &mut dyn RecordSink) -> Outcome {
        self.flush_ids();
        let mut outcome = Outcome::default();
        if let Some(error) = self.broken.take() {
            outcome.error = Some(format!("the state store failed during the cycle: {error}"));
            return outcome;
        }
        let deletions = match self.deletions(finish, sink, &mut outcome) {
            Ok(deletions) => deletions,
            Err(error) => {
                outcome.error = Some(error);
                return outcome;
            }
        };
        if let Err(err) = sink.flush() {
            outcome.error = Some(format!(
                "records were not all delivered ({err}); the state stays as it was"
            ));
            return outcome;
        }
        match self.commit(finish, &deletions) {
            Ok(()) => outcome.saved = true,
            Err(err) => {
                outcome.error = Some(format!(
                    "the state could not be saved ({err}); the store stays as it was before this cycle"
                ));
            }
        }
        outcome
    }

    /// Counts (and writes, when asked) the ids gone per complete kind.
    /// Returns the kinds whose ids are replaced at the commit.
    fn deletions(
        &mut self,
        finish: &Finish,
        sink: &mut dyn RecordSink,
        outcome: &mut Outcome,
    ) -> Result<Vec<Kind>, String> {
        let sql = |err: rusqlite::Error| format!("reading the state store failed: {err}");
        let filters_before: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'filters'", [], |row| {
                row.get(0)
            })
            .map(Some)
            .or_else(|err| match err {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                err => Err(err),
            })
            .map_err(sql)?;
        let same_filters = filters_before
            .as_deref()
            .is_none_or(|f| f == finish.filters);
        if !same_filters {
            outcome.deletions_skipped = Some(
                "the settings that decide which objects are fetched changed since the last cycle: \
                 no deletions are declared this cycle"
                    .to_owned(),
            );
        }
        let kinds: Vec<Kind> = finish
            .complete
            .iter()
            .copied()
            .filter(|k| tracked(*k))
            .collect();
        for &kind in &kinds {
            let known: bool = self
                .conn
                .query_row(
                    "SELECT count(*) FROM seen_at WHERE kind = ?1",
                    [kind.as_str()],
                    |row| row.get::<_, i64>(0),
                )
                .map_err(sql)?
                > 0;
            if !known || !same_filters {
                continue;
            }
            let mut gone = self
                .conn
                .prepare(
                    "SELECT id FROM seen WHERE kind = ?1 AND NOT EXISTS
                     (SELECT 1 FROM temp.cycle_ids c WHERE c.kind = ?1 AND c.id = seen.id)",
                )
                .map_err(sql)?;
            let ids = gone
                .query_map([kind.as_str()], |row| row.get::<_, String>(0))
                .map_err(sql)?;
            let mut count = 0u64;
            for id in ids {
                let id = id.map_err(sql)?;
                count += 1;
                if finish.emit_deletions {
                    let tombstone = Tombstone::new(
                        kind,
                        RecordId::from_stored(id),
                        &finish.account_id,
                        finish.fetched_at,
                    );
                    sink.write_tombstone(&tombstone).map_err(|err| {
                        format!("writing deletions failed ({err}); the state stays as it was")
                    })?;
                    outcome.tombstones += 1;
                }
            }
            if count > 0 {
                outcome.deleted.insert(kind, count);
            }
        }
        Ok(kinds)
    }

    /// The one transaction that saves the cycle.
    fn commit(&mut self, finish: &Finish, replaced: &[Kind]) -> rusqlite::Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for kind in replaced {
            tx.execute("DELETE FROM seen WHERE kind = ?1", [kind.as_str()])?;
            tx.execute(
                "INSERT INTO seen (kind, id) SELECT kind, id FROM temp.cycle_ids WHERE kind = ?1",
                [kind.as_str()],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO seen_at (kind, fetched_at) VALUES (?1, ?2)",
                (kind.as_str(), finish.fetched_at.to_rfc3339()),
            )?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('filters', ?1)",
            [&finish.filters],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO meeting SELECT * FROM temp.cycle_meetings",
            [],
        )?;
        if let Some(meetings) = &finish.meetings {
            tx.execute(
                "DELETE FROM meeting WHERE started_at < ?1",
                [meetings.window_from.timestamp()],
            )?;
            if meetings.complete {
                tx.execute(
                    "DELETE FROM meeting WHERE started_at >= ?1
                     AND uuid NOT IN (SELECT uuid FROM temp.cycle_listed)
                     AND uuid NOT IN (SELECT uuid FROM temp.cycle_meetings)",
                    [meetings.listed_from.timestamp()],
                )?;
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES
                     ('meetings_listed_at', ?1), ('meetings_covered_from', ?2)",
                    (
                        finish.fetched_at.timestamp().to_string(),
                        meetings.window_from.timestamp().to_string(),
                    ),
                )?;
            }
        }
        for (source, to, keep_from) in &finish.cursors {
            tx.execute(
                "INSERT OR REPLACE INTO activity_cursor (source, delivered_to) VALUES (?1, ?2)",
                (source.as_str(), to.timestamp()),
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO activity_delivered (source, id, time)
                 SELECT source, id, time FROM temp.cycle_delivered WHERE source = ?1",
                [source.as_str()],
            )?;
            tx.execute(
                "DELETE FROM activity_delivered WHERE source = ?1 AND time < ?2",
                (source.as_str(), keep_from.timestamp()),
            )?;
        }
        tx.commit()
    }
}
