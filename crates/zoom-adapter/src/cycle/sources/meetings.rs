//! Past meetings and their participants: `meeting_device` records, and each
//! participant's latest join for last-logon enrichment.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;
use tokio::sync::oneshot;
use zoom_normalize::{ParticipantRow, meeting_device, parse_time};

use super::is_fatal;
use crate::cycle::held_devices::HeldDevices;
use crate::cycle::shared::Shared;
use crate::summary::FailureKind;

/// Latest meeting join per participant email, for last-logon enrichment.
///
/// Keyed by a 64-bit hash of the trimmed, lower-cased email, not the email
/// itself: 16 bytes per participant instead of about 80. Two emails would
/// have to share a hash to mix up their joins; among a million emails the
/// chance of any such pair is about 3 in 100 million.
#[derive(Debug, Default)]
pub(crate) struct LastJoins(HashMap<u64, DateTime<Utc>>);

impl LastJoins {
    /// Notes a join of `email` at `joined`.
    pub(crate) fn record(&mut self, email: &str, joined: DateTime<Utc>) {
        let slot = self.0.entry(email_key(email)).or_insert(joined);
        *slot = (*slot).max(joined);
    }

    /// The latest join of `email`, if it joined any meeting read.
    pub(crate) fn latest(&self, email: &str) -> Option<DateTime<Utc>> {
        self.0.get(&email_key(email)).copied()
    }
}

/// The hash of an email as [`LastJoins`] keys it (SipHash with fixed keys:
/// the same in every run).
fn email_key(email: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for c in email.trim().chars().flat_map(char::to_lowercase) {
        c.hash(&mut hasher);
    }
    hasher.finish()
}

/// Past meetings and their participants: `meeting_device` records, and each
/// participant's latest join for last-logon enrichment (sent on `joins_tx`).
pub(crate) async fn meetings(shared: &Shared, joins_tx: oneshot::Sender<LastJoins>) {
    let Some(range) = shared.plan.meetings else {
        let _ = joins_tx.send(LastJoins::default());
        return;
    };
    let wants_devices = shared.plan.wants(Kind::MeetingDevice);
    let mut joins = LastJoins::default();
    let client = shared.client.clone();
    let kind = if wants_devices {
        Kind::MeetingDevice
    } else {
        Kind::User
    };
    // Zoom announces how many meetings there are on the first page: the
    // Heavy participant calls start only for what today's quota share can
    // finish (the newest meetings), while the rest of the list arrives.
    let announced = Arc::new(AtomicU64::new(0));
    let budget = Arc::new(Budget::default());
    let listed = Arc::new(AtomicU64::new(0));
    let uuids = shared
        .client
        .dashboard()
        .past_meeting_refs_counted(range, announced.clone())
        .map_ok(|meeting| meeting.uuid.unwrap_or_default())
        .try_filter(|uuid| std::future::ready(!uuid.is_empty()))
        .try_filter({
            let (listed, budget, client) = (listed.clone(), budget.clone(), client.clone());
            move |_| {
                let index = listed.fetch_add(1, Ordering::Relaxed);
                let announced = announced.load(Ordering::Relaxed);
                std::future::ready(budget.admits(&client, index, announced))
            }
        });
    let participants = uuids
        .map_ok(|uuid| {
            let client = client.clone();
            async move {
                let rows: Result<Vec<_>, _> = client
                    .dashboard()
                    .past_participants(&uuid)
                    .try_collect()
                    .await;
                Ok::<_, zoom_api::Error>((uuid, rows))
            }
        })
        .try_buffer_unordered(shared.concurrency);
    tokio::pin!(participants);
    let mut held = HeldDevices::new(shared.plan.meeting_devices_in_memory);
    let mut failed = false;
    let (mut read, mut rows_read) = (0u64, 0u64);
    while let Some(item) = participants.next().await {
        read += 1;
        shared.notes.set(
            kind,
            format!(
                "meetings {read} read of {} listed, {rows_read} participant rows",
                listed.load(Ordering::Relaxed)
            ),
        );
        match item {
            Ok((uuid, Ok(rows))) => {
                rows_read += rows.len() as u64;
                for row in &rows {
                    // Joins are kept only for last-logon enrichment: one entry per participant email.
                    if shared.plan.enrich_last_logon
                        && let (Some(email), Some(joined)) =
                            (row.email.as_deref(), parse_time(row.join_time.as_deref()))
                    {
                        joins.record(email, joined);
                    }
                    if wants_devices {
                        held.add(&ParticipantRow::from_participant(&uuid, row));
                    }
                }
                // Between meetings: past the budget, the states go to disk.
                if let Err(message) = held.spill_if_full() {
                    shared.note(Kind::MeetingDevice, message);
                }
            }
            Ok((_, Err(err))) if is_fatal(&err) => {
                shared.fail(Kind::MeetingDevice, &err);
                failed = true;
                break;
            }
            Ok((_, Err(err))) => shared.partial(Kind::MeetingDevice, &err),
            Err(err) => {
                shared.fail(Kind::MeetingDevice, &err);
                failed = true;
                break;
            }
        }
    }
    report_quota(shared, kind, &budget, listed.load(Ordering::Relaxed));
    let _ = joins_tx.send(joins);
    if !wants_devices {
        return;
    }
    if failed || budget.left() == 0 {
        // Devices seen so far would be wrong (missing meetings): deliver none.
        return;
    }
    let require = shared.plan.require_hostname_and_mac;
    for item in held.into_sorted() {
        let (key, state) = match item {
            Ok(entry) => entry,
            Err(err) => {
                shared.fail_locally(
                    Kind::MeetingDevice,
                    FailureKind::LocalStorage,
                    format!("reading back the meeting devices kept in a temporary file failed: {err}"),
                    "check that the temporary directory ($TMPDIR) has room and is not cleaned while the adapter runs, then fetch again",
                );
                return;
            }
        };
        let Some(fields) = state.into_fields(require) else {
            continue;
        };
        if shared
            .emit(meeting_device(&shared.cx, &key, fields), None::<&Value>)
            .await
            .is_err()
        {
            return;
        }
    }
    shared.done(Kind::MeetingDevice);
}

/// What today's quota share lets the meetings source read: one Heavy
/// participants call per meeting, the newest first. Decided when the first
/// meeting arrives (Zoom has announced how many there are by then), keeping
/// room for the rest of the listing (one call per 300 meetings).
#[derive(Debug)]
struct Budget {
    /// Participant calls allowed; `u64::MAX` until decided.
    left: AtomicU64,
    /// Meetings admitted so far: never more than `left`, also when a later
    /// month window announces more meetings.
    admitted: AtomicU64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: AtomicU64::new(u64::MAX),
            admitted: AtomicU64::new(0),
        }
    }
}

impl Budget {
    /// Whether the meeting listed at `index` (oldest first) is read, when
    /// Zoom announced `announced` meetings: the newest that fit are.
    fn admits(&self, client: &zoom_api::Client, index: u64, announced: u64) -> bool {
        if self.left.load(Ordering::Relaxed) == u64::MAX {
            let stats = client.stats();
            let listing = announced / 300 + 1;
            let left = stats
                .daily_quota_budget
                .saturating_sub(stats.daily_quota_used)
                .saturating_sub(listing);
            self.left.store(left, Ordering::Relaxed);
        }
        let left = self.left();
        let skip = announced.saturating_sub(left);
        if index < skip || self.admitted.load(Ordering::Relaxed) >= left {
            return false;
        }
        self.admitted.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// The participant calls allowed (all, when no meeting was listed).
    fn left(&self) -> u64 {
        self.left.load(Ordering::Relaxed)
    }
}

/// Reports the meetings the quota share left out: the kind is partial (or
/// failed, when none could be read), with the reason and when it resets.
fn report_quota(shared: &Shared, kind: Kind, budget: &Budget, listed: u64) {
    let skipped = listed.saturating_sub(budget.left());
    if skipped == 0 {
        return;
    }
    let reset = zoom_api::rate_limit::next_utc_midnight(shared.plan.started_at);
    let fix = format!(
        "raise max_daily_quota_share, lower meeting_days, or fetch again after {reset} (the budget resets at 00:00 UTC)"
    );
    let class = FailureKind::Zoom(zoom_api::ErrorKind::QuotaBudget);
    if budget.left() == 0 {
        let message =
            format!("today's quota share is spent: none of the {listed} meetings could be read");
        shared.fail_locally(kind, class, message, &fix);
    } else {
        let read = listed - skipped;
        let message = format!(
            "today's quota share left room for {read} of {listed} meetings: devices come from the {read} most recent"
        );
        shared.partial_locally(kind, class, message, &fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(left: u64) -> Budget {
        let budget = Budget::default();
        budget.left.store(left, Ordering::Relaxed);
        budget
    }

    #[test]
    fn the_newest_meetings_that_fit_are_admitted() {
        let budget = decided(3);
        let client = zoom_api::Client::new(zoom_api::ClientConfig::new(
            zoom_api::S2sCredentials::new("a", "c", secrecy::SecretString::from("s")),
        ))
        .unwrap();
        let admitted: Vec<u64> = (0..5).filter(|&i| budget.admits(&client, i, 5)).collect();
        assert_eq!(admitted, [2, 3, 4]);
    }

    #[test]
    fn a_later_window_never_raises_the_count_past_the_budget() {
        let budget = decided(3);
        let client = zoom_api::Client::new(zoom_api::ClientConfig::new(
            zoom_api::S2sCredentials::new("a", "c", secrecy::SecretString::from("s")),
        ))
        .unwrap();
        // The first window announced 2 meetings, the second 10 more.
        let mut admitted: Vec<u64> = (0..2).filter(|&i| budget.admits(&client, i, 2)).collect();
        admitted.extend((2..12).filter(|&i| budget.admits(&client, i, 12)));
        assert_eq!(admitted.len(), 3, "{admitted:?}");
    }
}
