//! `demo`: a full fetch cycle against the built-in Zoom simulator on
//! 127.0.0.1 with every source on, and a table of what came back.

use std::io::Write;

use chrono::Utc;
use zoom_settings::{AdvancedSettings, DeviceSource, ZoomPlan};
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

/// `zoom-adapter demo [--size small|medium|large] [--output F]`.
pub(crate) fn run(size: Size, output: Option<&str>) -> Result<Exit, crate::Error> {
    let sink: Box<dyn RecordSink> = match output {
        None => Box::new(Discard),
        output => match super::open_output(output)? {
            Ok(sink) => sink,
            Err(exit) => return Ok(exit),
        },
    };
    // Nobody sees a live display when the records go to stdout.
    let show_progress = output != Some("-");
    // The table goes to stderr when records go to stdout, so stdout stays data only.
    let table_on_stderr = output == Some("-");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let sim = match SimServer::start(SimConfig::sized(size)).await {
            Ok(sim) => sim,
            Err(err) => {
                writeln!(std::io::stderr().lock(), "zoom-adapter: the simulator did not start: {err}")?;
                return Ok(Exit::Partial);
            }
        };
        let info = sim.info().clone();
        let config = demo_config(&info)?;
        let client = match crate::connect::client(&config, false) {
            Ok(client) => client,
            Err(err) => {
                writeln!(std::io::stderr().lock(), "zoom-adapter: {err}")?;
                return Ok(Exit::Partial);
            }
        };
        let plan = FetchPlan::for_config(&config, Utc::now(), None, false);
        let intro = format!(
            "zoom-adapter demo: a {} simulated Zoom account at {} (every source on, business plan)\n",
            format!("{size:?}").to_lowercase(),
            info.api_url
        );
        print_to(table_on_stderr, &intro)?;
        let sink = if show_progress {
            crate::progress::TerminalProgress::wrap(sink, client.clone())
        } else {
            sink
        };
        let summary = run_configured(&config, client, plan, sink, None, async {
            crate::signals::stop_requested().await;
        })
        .await;
        let _ = sim.shutdown().await;
        print_to(table_on_stderr, &super::summary_table::table(&summary))?;
        Ok(crate::commands::fetch::exit_for(&summary))
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
        zoom_plan: ZoomPlan::Business,
        ..AdvancedSettings::default()
    };
    Ok(zoom_settings::AdapterConfig {
        connection,
        settings,
    })
}
