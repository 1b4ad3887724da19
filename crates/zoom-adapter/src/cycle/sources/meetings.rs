//! Past meetings and their participants: `meeting_device` records, and each
//! participant's latest join for last-logon enrichment.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use futures::future::Either;
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;
use tokio::sync::oneshot;
use zoom_normalize::{meeting_device, parse_time};

use super::is_fatal;
use super::meeting_budget::{Budget, report_quota};
use crate::cycle::held_devices::HeldDevices;
use crate::cycle::shared::Shared;
use crate::state::contribution::MeetingContribution;
use crate::state::learned::Learned;
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
    /// Notes a join at `joined` of the email whose [`email_key`] is `key`.
    pub(crate) fn record_key(&mut self, key: u64, joined: DateTime<Utc>) {
        let slot = self.0.entry(key).or_insert(joined);
        *slot = (*slot).max(joined);
    }

    /// The latest join of `email`, if it joined any meeting read.
    pub(crate) fn latest(&self, email: &str) -> Option<DateTime<Utc>> {
        self.0.get(&email_key(email)).copied()
    }
}

/// The hash of an email as [`LastJoins`] keys it (SipHash with fixed keys:
/// the same in every run).
pub(crate) fn email_key(email: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for c in email.trim().chars().flat_map(char::to_lowercase) {
        c.hash(&mut hasher);
    }
    hasher.finish()
}

/// One listed meeting on its way to the device table.
enum Fetched {
    /// Its contribution, from the state store (no call to Zoom).
    Stored(MeetingContribution),
    /// Its participants, read from Zoom now (with when it started and ended).
    Read(
        (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
        Result<Vec<zoom_api::Participant>, zoom_api::Error>,
    ),
}

/// Past meetings and their participants: `meeting_device` records, and each
/// participant's latest join for last-logon enrichment (sent on `joins_tx`).
/// With a state store, a meeting read by an earlier cycle is taken from it,
/// and only the others cost a Heavy participants call.
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
    // finish, while the rest of the list arrives.
    let mut held = HeldDevices::new(shared.plan.meeting_devices_in_memory);
    let mut usable = 0u64;
    // With a store that holds the window's earlier days, only the days
    // since the last complete listing are listed; the others come from it.
    let listing = shared
        .state
        .as_ref()
        .map_or(range, |state| state.listing_for(range));
    if let Some(state) = shared.state.as_ref().filter(|_| listing.from > range.from) {
        let taken = state.stored_between(range.from, listing.from, |stored| {
            usable += 1;
            take(shared, stored, &mut joins, &mut held, wants_devices);
            if wants_devices && let Err(message) = held.spill_if_full() {
                shared.note(Kind::MeetingDevice, message);
            }
        });
        if let Err(err) = taken {
            shared.fail_locally(
                Kind::MeetingDevice,
                FailureKind::LocalStorage,
                format!("reading the stored past meetings failed: {err}"),
                "run with --reset-state to start the state store afresh (the next cycle reads every meeting again)",
            );
            let _ = joins_tx.send(joins);
            return;
        }
    }
    let announced = Arc::new(AtomicU64::new(0));
    let budget = Arc::new(Budget::new(shared.state.is_none()));
    let (listed, to_read) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let work = shared
        .client
        .dashboard()
        .past_meeting_refs_counted(listing, announced.clone())
        .try_filter_map({
            let (listed, to_read, budget) = (listed.clone(), to_read.clone(), budget.clone());
            let (client, state, notes) = (client.clone(), shared.state.clone(), shared.notes.clone());
            move |meeting| {
                let uuid = meeting.uuid.unwrap_or_default();
                if uuid.is_empty() {
                    return std::future::ready(Ok(None));
                }
                listed.fetch_add(1, Ordering::Relaxed);
                let ended = parse_time(meeting.end_time.as_deref());
                let started = parse_time(meeting.start_time.as_deref());
                if let (Some(state), Some(ended)) = (&state, ended) {
                    match state.stored_meeting(&uuid, ended) {
                        Ok(Some(stored)) => {
                            return std::future::ready(Ok(Some((uuid, Either::Left(stored)))));
                        }
                        Ok(None) => {}
                        Err(err) => notes.set(
                            Kind::MeetingDevice,
                            format!("a stored meeting could not be read back ({err}); it is read from zoom"),
                        ),
                    }
                }
                let index = to_read.fetch_add(1, Ordering::Relaxed);
                let announced = announced.load(Ordering::Relaxed);
                let admitted = budget.admits(&client, index, announced);
                std::future::ready(Ok(admitted.then_some((uuid, Either::Right((started, ended))))))
            }
        });
    let fetched = work
        .map_ok(|(uuid, work)| {
            let client = client.clone();
            async move {
                let fetched = match work {
                    Either::Left(stored) => Fetched::Stored(stored),
                    Either::Right(times) => {
                        let rows = client
                            .dashboard()
                            .past_participants(&uuid)
                            .try_collect()
                            .await;
                        Fetched::Read(times, rows)
                    }
                };
                Ok::<_, zoom_api::Error>((uuid, fetched))
            }
        })
        .try_buffer_unordered(shared.concurrency);
    tokio::pin!(fetched);
    let mut failed = false;
    let (mut done, mut rows_read) = (0u64, 0u64);
    while let Some(item) = fetched.next().await {
        done += 1;
        shared.notes.set(
            kind,
            format!(
                "meetings {done} done of {} listed, {rows_read} participant rows read",
                listed.load(Ordering::Relaxed)
            ),
        );
        let contribution = match item {
            Ok((uuid, Fetched::Stored(stored))) => {
                shared.learn(Learned::Listed(uuid)).await;
                stored
            }
            Ok((uuid, Fetched::Read(times, Ok(rows)))) => {
                rows_read += rows.len() as u64;
                let made = MeetingContribution::of_rows(&uuid, &rows, email_key);
                if let Some(state) = &shared.state {
                    state.meetings_read.fetch_add(1, Ordering::Relaxed);
                }
                learn_meeting(shared, uuid, times, &made).await;
                made
            }
            Ok((_, Fetched::Read(_, Err(err)))) if is_fatal(&err) => {
                shared.fail(Kind::MeetingDevice, &err);
                failed = true;
                break;
            }
            Ok((_, Fetched::Read(_, Err(err)))) => {
                shared.partial(Kind::MeetingDevice, &err);
                continue;
            }
            Err(err) => {
                shared.fail(Kind::MeetingDevice, &err);
                failed = true;
                break;
            }
        };
        usable += 1;
        take(shared, contribution, &mut joins, &mut held, wants_devices);
        // Between meetings: past the budget, the states go to disk.
        if let Err(message) = held.spill_if_full() {
            shared.note(Kind::MeetingDevice, message);
        }
    }
    let spent = report_quota(
        shared,
        kind,
        &budget,
        listed.load(Ordering::Relaxed),
        usable,
    );
    let _ = joins_tx.send(joins);
    if !wants_devices || failed || spent {
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

/// Folds one meeting's contribution into the cycle's joins and devices.
fn take(
    shared: &Shared,
    contribution: MeetingContribution,
    joins: &mut LastJoins,
    held: &mut HeldDevices,
    wants_devices: bool,
) {
    // Joins are kept only for last-logon enrichment: one entry per participant email.
    if shared.plan.enrich_last_logon {
        for (key, joined) in contribution.join_times() {
            joins.record_key(key, joined);
        }
    }
    if wants_devices {
        for (key, state) in contribution.devices {
            held.add_state(key, state);
        }
    }
}

/// Hands a meeting just read to the state store (when the cycle has one
/// and Zoom said when the meeting started and ended).
async fn learn_meeting(
    shared: &Shared,
    uuid: String,
    (started, ended): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    made: &MeetingContribution,
) {
    let (Some(_), Some(started), Some(ended)) = (&shared.state, started, ended) else {
        return;
    };
    match made.to_stored() {
        Ok((devices, joins)) => {
            shared
                .learn(Learned::Meeting {
                    uuid,
                    started_at: started.timestamp(),
                    ended_at: ended.timestamp(),
                    read_at: Utc::now().timestamp(),
                    devices,
                    joins,
                })
                .await;
        }
        Err(err) => shared.note(
            Kind::MeetingDevice,
            format!("a meeting could not be kept in the state store ({err}); the next cycle reads it again"),
        ),
    }
}
