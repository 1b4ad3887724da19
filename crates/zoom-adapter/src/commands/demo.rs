//! `demo`: a full fetch cycle against the built-in Zoom simulator on
//! 127.0.0.1 with every source on, and a table of what came back.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::Utc;
use zoom_settings::{AdvancedSettings, DeviceSource, DirectorySource, ZoomPlan};
use zoom_sim::{SimConfig, SimServer, Size};

use crate::cycle::run_configured;
use crate::exit::Exit;
use crate::plan::FetchPlan;
use crate::sink::RecordSink;

/// A sink that only counts (the table is the demo's output without --output).
struct Discard;

impl RecordSink for Discard {
    fn write(&mut self, _record: &asset_schema::Record) -> std::io::Result<()> {
        Ok(())
    }

    fn write_tombstone(&mut self, _tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One output for both cycles.
struct SharedSink(Arc<Mutex<Box<dyn RecordSink>>>);

impl SharedSink {
    fn lock(&self) -> std::sync::MutexGuard<'_, Box<dyn RecordSink>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RecordSink for SharedSink {
    fn write(&mut self, record: &asset_schema::Record) -> std::io::Result<()> {
        self.lock().write(record)
    }

    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        self.lock().write_tombstone(tombstone)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock().flush()
    }

    fn progress(&mut self, snapshot: &crate::cycle::progress::ProgressSnapshot) {
        self.lock().progress(snapshot);
    }
}

/// `zoom-adapter demo [--size small|medium|large] [--output F]`: two cycles
/// a simulated day apart on a temporary state store, the second reading
/// only what changed; records of both go to `--output` (tombstones too).
pub(crate) fn run(size: Size, output: Option<&str>) -> Result<Exit, crate::Error> {
    let sink: Box<dyn RecordSink> = match output {
        None => Box::new(Discard),
        output => match super::open_output(output, crate::cli::OutputFormat::Records)? {
            Ok(sink) => sink,
            Err(exit) => return Ok(exit),
        },
    };
    let sink = Arc::new(Mutex::new(sink));
    // Nobody sees a live display when the records go to stdout.
    let show_progress = output != Some("-");
    // The table goes to stderr when records go to stdout, so stdout stays data only.
    let table_on_stderr = output == Some("-");
    let store_dir = tempfile::tempdir()?;
    let store = store_dir.path().join("demo.sqlite3");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // The account's data is a day old at the start: the second cycle
        // moves the simulator's clock to now.
        let now = Utc::now();
        let day = chrono::Duration::days(1);
        let mut sim_config = SimConfig::sized(size);
        sim_config.anchor = Some(now - day);
        let sim = match SimServer::start(sim_config).await {
            Ok(sim) => sim,
            Err(err) => {
                writeln!(std::io::stderr().lock(), "zoom-adapter: the simulator did not start: {err}")?;
                return Ok(Exit::Partial);
            }
        };
        let info = sim.info().clone();
        let config = demo_config(&info)?;
        let intro = format!(
            "zoom-adapter demo: a {} simulated Zoom account at {} (every source on, business plan), \
             two cycles a simulated day apart on a temporary state store\n",
            format!("{size:?}").to_lowercase(),
            info.api_url
        );
        print_to(table_on_stderr, &intro)?;
        let mut summaries = Vec::new();
        for (cycle, at) in [(1, now - day), (2, now)] {
            if let Err(err) = sim.set_clock(at) {
                writeln!(std::io::stderr().lock(), "zoom-adapter: the simulator's clock: {err}")?;
                return Ok(Exit::Partial);
            }
            let client = match crate::connect::client(&config, false) {
                Ok(client) => client,
                Err(err) => {
                    writeln!(std::io::stderr().lock(), "zoom-adapter: {err}")?;
                    return Ok(Exit::Partial);
                }
            };
            let request = crate::state::StateRequest {
                choice: crate::state::StateChoice::Path(store.clone()),
                reset: false,
                emit_deletions: true,
            };
            let state = match request.prepare(
                &config.connection.account_id,
                config.settings.activity_overlap_minutes,
                None,
                &client,
            ) {
                Ok(state) => state,
                Err(err) => {
                    writeln!(std::io::stderr().lock(), "zoom-adapter: {err}")?;
                    return Ok(Exit::Invalid);
                }
            };
            // The cycle runs at the simulator's time.
            let plan = FetchPlan::for_config(&config, at, None, false);
            let shared: Box<dyn RecordSink> = Box::new(SharedSink(sink.clone()));
            let shared = if show_progress {
                crate::progress::TerminalProgress::wrap(shared, client.clone())
            } else {
                shared
            };
            let summary = run_configured(&config, client, plan, shared, state, async {
                crate::signals::stop_requested().await;
            })
            .await;
            let title = if cycle == 1 {
                "\nfirst cycle (empty state store)".to_owned()
            } else {
                "\nsecond cycle, a simulated day later".to_owned()
            };
            print_to(table_on_stderr, &title)?;
            print_to(table_on_stderr, &super::summary_table::table(&summary))?;
            let stopped = summary.status == crate::summary::CycleStatus::Cancelled;
            summaries.push(summary);
            if stopped {
                break;
            }
        }
        let _ = sim.shutdown().await;
        if let [first, second] = &summaries[..] {
            print_to(table_on_stderr, &super::summary_table::requests_side_by_side(first, second))?;
        }
        let worst = summaries
            .iter()
            .map(crate::commands::fetch::exit_for)
            .find(|exit| *exit != Exit::Ok)
            .unwrap_or(Exit::Ok);
        Ok(worst)
    })
}

fn print_to(stderr: bool, text: &str) -> std::io::Result<()> {
    if stderr {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        std::io::stdout().lock().write_all(text.as_bytes())
    }
}

/// The connection and settings of the demo: the simulator's credentials,
/// every product setting on.
fn demo_config(info: &zoom_sim::ReadyInfo) -> Result<zoom_settings::AdapterConfig, crate::Error> {
    let connection = crate::demo::sim_connection(info, true)
        .map_err(|err| std::io::Error::other(err.to_string()))?;
    let settings = AdvancedSettings {
        fetch_inactive_users: true,
        device_sources: DeviceSource::ALL.to_vec(),
        activity_logs: true,
        enrich_last_logon_from_meetings: true,
        recording_download_activities: true,
        fetch_settings_and_licenses: true,
        directory_sources: DirectorySource::ALL.to_vec(),
        zoom_plan: ZoomPlan::Business,
        ..AdvancedSettings::default()
    };
    Ok(zoom_settings::AdapterConfig {
        connection,
        settings,
    })
}
