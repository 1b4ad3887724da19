//! `fetch` as a job: the cycle streams `fetch/record` and `fetch/progress`
//! notifications while it runs and answers with its summary, also when
//! cancelled.

use std::collections::BTreeMap;

use asset_schema::Record;
use chrono::Utc;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::jobs::{Job, StopBy};
use super::out::Out;
use super::reply::{self, RpcError};
use crate::cycle::run_configured;
use crate::plan::FetchPlan;
use crate::protocol::{FetchParams, ProgressParams};
use crate::sink::RecordSink;

/// Checks the params and documents (errors are answered at once), then the
/// cycle as a job.
pub(super) fn start(out: &Out, id: &Value, params: Value) -> Result<Job, RpcError> {
    let params = reply::parse::<FetchParams>(params)?;
    let config = reply::config(params.connection, params.settings)?;
    let client = reply::client(&config, params.include_raw)?;
    let ocsf = params.format == crate::protocol::FetchFormat::Ocsf;
    if ocsf && params.emit_deletions {
        return Err(reply::invalid_param(
            "/emit_deletions",
            "emit_deletions sends tombstones in the records format; OCSF inventory classes have no deletion",
        ));
    }
    let state = crate::state::StateRequest {
        choice: match (params.no_state, params.state) {
            (true, Some(_)) => {
                return Err(reply::invalid_param(
                    "/no_state",
                    "give either state or no_state, not both",
                ));
            }
            (true, None) => crate::state::StateChoice::None,
            (false, Some(path)) => crate::state::StateChoice::Path(path),
            (false, None) => crate::state::StateChoice::Default,
        },
        reset: params.reset_state,
        emit_deletions: params.emit_deletions,
    }
    .prepare(
        &config.connection.account_id,
        config.settings.activity_overlap_minutes,
        params.activity_cursor,
        &client,
    )
    .map_err(|err| reply::invalid_param("/state", &err.to_string()))?;
    let plan = FetchPlan::for_config(
        &config,
        Utc::now(),
        params.activity_cursor,
        params.include_raw,
    );
    let (cancel_tx, cancel_rx) = oneshot::channel::<()>();
    let sink = ProtocolSink {
        out: out.clone(),
        id: id.clone(),
        records: 0,
        by_kind: BTreeMap::new(),
        ocsf,
    };
    let work = async move {
        super::panic_if_asked("fetch");
        let summary = run_configured(&config, client, plan, Box::new(sink), state, async {
            let _ = cancel_rx.await;
        })
        .await;
        reply::result(summary)
    };
    Ok(Job {
        stop: StopBy::Signal(cancel_tx),
        work: Box::pin(work),
    })
}

/// Records as `fetch/record` notifications, with `fetch/progress` on each
/// of the cycle's ticks (about once a second).
struct ProtocolSink {
    out: Out,
    id: Value,
    records: u64,
    by_kind: BTreeMap<String, u64>,
    /// Send OCSF events instead of records.
    ocsf: bool,
}

impl RecordSink for ProtocolSink {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        let record_value = if self.ocsf {
            match crate::ocsf::event(record) {
                Some(event) => event,
                // Kinds without an OCSF class are left out of the OCSF stream.
                None => return Ok(()),
            }
        } else {
            serde_json::to_value(record).map_err(std::io::Error::from)?
        };
        self.out.send(&json!({"jsonrpc": "2.0", "method": "fetch/record", "params": {"id": self.id, "record": record_value}}));
        self.records += 1;
        *self
            .by_kind
            .entry(record.kind.as_str().to_owned())
            .or_default() += 1;
        Ok(())
    }

    /// A deletion travels as a `fetch/record` whose record is the tombstone
    /// (`"deleted": true`), in the same order as on the CLI's stdout.
    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        let value = serde_json::to_value(tombstone).map_err(std::io::Error::from)?;
        self.out.send(&json!({"jsonrpc": "2.0", "method": "fetch/record", "params": {"id": self.id, "record": value}}));
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    /// About once a second while the cycle runs (also while a source reads
    /// without emitting yet), and once at the end.
    fn progress(&mut self, snapshot: &crate::cycle::progress::ProgressSnapshot) {
        self.out.notify(
            "fetch/progress",
            ProgressParams {
                id: self.id.clone(),
                records: self.records,
                by_kind: self.by_kind.clone(),
                notes: snapshot
                    .notes
                    .iter()
                    .map(|(kind, note)| (kind.as_str().to_owned(), note.clone()))
                    .collect(),
            },
        );
    }
}
