//! Progress while a cycle runs: each source notes how far it got (meetings
//! read of how many, devices so far …), a ticker hands the notes to the
//! writer about once a second, and the writer passes them, with its own
//! record counts, to the sink ([`RecordSink::progress`]): the terminal
//! display, the protocol's `fetch/progress`, or info-level log lines.
//! Sources that emit their records only at the end (meeting devices) still
//! show movement.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use asset_schema::{Kind, Record};
use tokio::sync::mpsc;

use crate::sink::RecordSink;
use crate::state::learned::{CycleWriter, Finish, Learned, Outcome};

/// How often the ticker reports.
pub(crate) const TICK: Duration = Duration::from_secs(1);

/// What travels from the sources to the writer.
pub(crate) enum Item {
    /// One record.
    Record(Box<Record>),
    /// The sources' notes, for a progress report.
    Tick(BTreeMap<Kind, String>),
    /// Something for the state store, kept until the cycle commits.
    Learned(Learned),
    /// The cycle's decisions, after its last record.
    Finish(Box<Finish>),
}

/// What the writer did: records per kind, the first write error, and what
/// the state store made of the cycle (when it has one).
pub(crate) struct Written {
    pub(crate) counts: BTreeMap<Kind, u64>,
    pub(crate) error: Option<String>,
    pub(crate) state: Option<Outcome>,
}

/// How far a cycle got, as the sink sees it.
#[derive(Debug, Clone, Default)]
pub struct ProgressSnapshot {
    /// Records written so far, per kind.
    pub records: BTreeMap<Kind, u64>,
    /// What each source that works before it emits says (`meetings 120 of
    /// 2,000 read, 340 devices`).
    pub notes: BTreeMap<Kind, String>,
    /// Since the cycle started.
    pub elapsed: Duration,
}

/// The sources' latest notes.
#[derive(Debug, Default)]
pub(crate) struct Notes(Mutex<BTreeMap<Kind, String>>);

impl Notes {
    /// Replaces `kind`'s note.
    pub(crate) fn set(&self, kind: Kind, note: String) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(kind, note);
    }

    fn snapshot(&self) -> BTreeMap<Kind, String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Sends the notes to the writer every [`TICK`] until aborted (or the
/// writer is gone).
pub(crate) async fn tick(tx: mpsc::Sender<Item>, notes: std::sync::Arc<Notes>) {
    let mut interval = tokio::time::interval(TICK);
    interval.tick().await;
    loop {
        interval.tick().await;
        if tx.send(Item::Tick(notes.snapshot())).await.is_err() {
            return;
        }
    }
}

/// The writer: every record to `sink`, progress to it on each tick; stops
/// at the first write error. With a state store, notes each record and
/// what the sources learned, and after the last record lets the store find
/// the deletions and commit ([`CycleWriter::finish`]).
pub(crate) fn write_all(
    mut rx: mpsc::Receiver<Item>,
    mut sink: Box<dyn RecordSink>,
    mut state: Option<CycleWriter>,
) -> Written {
    let started = Instant::now();
    let mut counts: BTreeMap<Kind, u64> = BTreeMap::new();
    let mut notes = BTreeMap::new();
    let mut finish = None;
    while let Some(item) = rx.blocking_recv() {
        match item {
            Item::Record(record) => {
                if let Err(err) = sink.write(&record) {
                    // The store's temporary tables go with the writer: nothing is committed.
                    return Written {
                        counts,
                        error: Some(format!("writing records failed: {err}")),
                        state: state.map(|_| Outcome {
                            error: Some(
                                "records were not all delivered: the state stays as it was"
                                    .to_owned(),
                            ),
                            ..Outcome::default()
                        }),
                    };
                }
                if let Some(state) = &mut state {
                    state.record(&record);
                }
                *counts.entry(record.kind).or_default() += 1;
            }
            Item::Tick(latest) => {
                notes = latest;
                sink.progress(&ProgressSnapshot {
                    records: counts.clone(),
                    notes: notes.clone(),
                    elapsed: started.elapsed(),
                });
            }
            Item::Learned(learned) => {
                if let Some(state) = &mut state {
                    state.learn(learned);
                }
            }
            Item::Finish(decided) => finish = Some(decided),
        }
    }
    sink.progress(&ProgressSnapshot {
        records: counts.clone(),
        notes,
        elapsed: started.elapsed(),
    });
    let outcome = match (state, finish) {
        (Some(writer), Some(finish)) => Some(writer.finish(&finish, sink.as_mut())),
        (Some(_), None) => Some(Outcome {
            error: Some("the cycle ended before it could decide what to save".to_owned()),
            ..Outcome::default()
        }),
        (None, _) => None,
    };
    // The store flushed the sink before its commit; flushing again is harmless.
    let error = sink
        .flush()
        .err()
        .map(|err| format!("writing records failed: {err}"));
    Written {
        counts,
        error,
        state: outcome,
    }
}
