//! `fetch`: one fetch cycle, records as JSON lines, the summary as the last
//! stderr line.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::cycle::run_configured;
use crate::exit::Exit;
use crate::plan::FetchPlan;
use crate::summary::{CycleStatus, CycleSummary, SourceError};

/// What `fetch` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct FetchArgs {
    pub connection: String,
    pub settings: Option<String>,
    pub output: Option<String>,
    pub include_raw: bool,
    pub activity_cursor: Option<DateTime<Utc>>,
    pub state: crate::state::StateRequest,
    pub format: crate::cli::OutputFormat,
    pub summary: crate::cli::SummaryFormat,
}

/// `zoom-adapter fetch`.
pub(crate) fn run(args: &FetchArgs) -> Result<Exit, crate::Error> {
    let (config, client) =
        match super::connect(&args.connection, args.settings.as_deref(), args.include_raw)? {
            Ok(connected) => connected,
            Err(exit) => return Ok(exit),
        };
    if args.state.emit_deletions && args.format == crate::cli::OutputFormat::Ocsf {
        writeln!(
            std::io::stderr().lock(),
            "zoom-adapter: --emit-deletions writes tombstones in the records format; OCSF inventory classes have no deletion: drop one of --emit-deletions and --format ocsf"
        )?;
        return Ok(Exit::Invalid);
    }
    let state = match args.state.prepare(
        &config.connection.account_id,
        config.settings.activity_overlap_minutes,
        args.activity_cursor,
        &client,
    ) {
        Ok(state) => state,
        Err(err) => {
            writeln!(std::io::stderr().lock(), "zoom-adapter: {err}")?;
            return Ok(Exit::Invalid);
        }
    };
    let sink = match super::open_output(args.output.as_deref(), args.format)? {
        Ok(sink) => sink,
        Err(exit) => return Ok(exit),
    };
    // A live display on stderr when it is a terminal; nothing but the summary otherwise.
    let sink = crate::progress::TerminalProgress::wrap(sink, client.clone());
    let plan = FetchPlan::for_config(&config, Utc::now(), args.activity_cursor, args.include_raw);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let summary = runtime.block_on(run_configured(&config, client, plan, sink, state, async {
        // Ctrl-C stops the cycle; what was written stands and the summary says so.
        crate::signals::stop_requested().await;
    }));
    // Connections and tasks end before the summary, so nothing they log
    // on the way out can follow it: the summary is stderr's last line.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    match args.summary {
        crate::cli::SummaryFormat::Json => write_summary(&summary)?,
        crate::cli::SummaryFormat::Table => std::io::stderr()
            .lock()
            .write_all(super::summary_table::table(&summary).as_bytes())?,
    }
    Ok(exit_for(&summary))
}

/// The summary as one JSON line on stderr (the last one).
pub(crate) fn write_summary(summary: &CycleSummary) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    serde_json::to_writer(&mut err, summary).map_err(std::io::Error::from)?;
    writeln!(err)
}

/// Exit code (docs/contracts.md) for a cycle.
pub(crate) fn exit_for(summary: &CycleSummary) -> Exit {
    let unreachable = summary
        .sources
        .iter()
        .any(|s| s.error.as_ref().is_some_and(SourceError::is_unreachable));
    match summary.status {
        CycleStatus::Ok => Exit::Ok,
        CycleStatus::AuthFailed => Exit::AuthFailed,
        CycleStatus::Failed if unreachable => Exit::Unreachable,
        CycleStatus::Failed | CycleStatus::Partial | CycleStatus::Cancelled => Exit::Partial,
    }
}
