//! Meeting devices past the in-memory budget go to sorted runs in temporary
//! files: a cycle that spills after every few devices (and merges levels of
//! runs) delivers exactly the records of a cycle that holds them all in
//! memory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use asset_schema::{Kind, Record};
use chrono::Utc;
use zoom_adapter::cycle::run_cycle;
use zoom_adapter::plan::FetchPlan;
use zoom_adapter::sink::RecordSink;
use zoom_settings::{AdapterConfig, AdvancedSettings, ZoomPlan};
use zoom_sim::{ReadyInfo, SimConfig, SimServer, Size};

/// Every record written, as JSON.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<serde_json::Value>>>);

impl RecordSink for Collect {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .push(serde_json::to_value(record).map_err(std::io::Error::other)?);
        Ok(())
    }
    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .push(serde_json::to_value(tombstone).map_err(std::io::Error::other)?);
        Ok(())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn config(info: &ReadyInfo, settings: AdvancedSettings) -> AdapterConfig {
    AdapterConfig {
        connection: zoom_adapter::demo::sim_connection(info, false).unwrap(),
        settings,
    }
}

/// The meeting devices of one cycle with `budget` devices held in memory.
async fn meeting_devices(
    info: &ReadyInfo,
    settings: &AdvancedSettings,
    now: chrono::DateTime<Utc>,
    budget: usize,
) -> Vec<serde_json::Value> {
    let config = config(info, settings.clone());
    let client = zoom_adapter::connect::client(&config, false).unwrap();
    let mut plan = FetchPlan::new(settings, now, None, false);
    plan.kinds.retain(|kind| *kind == Kind::MeetingDevice);
    plan.meeting_devices_in_memory = budget;
    let sink = Collect::default();
    let summary = run_cycle(
        client,
        plan,
        zoom_adapter::cycle::CycleOptions {
            account_id: info.account_id.clone(),
            max_concurrency: 4,
            portal: None,
            state: None,
        },
        Box::new(sink.clone()),
        std::future::pending(),
    )
    .await;
    assert_eq!(format!("{:?}", summary.status), "Ok", "{summary:?}");
    let records = sink.0.lock().unwrap().clone();
    records
        .into_iter()
        .filter(|record| record["kind"] == "meeting_device")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spilled_devices_equal_devices_held_in_memory() {
    let sim = SimServer::start(SimConfig::sized(Size::Small))
        .await
        .unwrap();
    let info = sim.info().clone();
    let now = Utc::now();
    for require_hostname_and_mac in [false, true] {
        let settings = AdvancedSettings {
            zoom_plan: ZoomPlan::Business,
            meeting_days: 7,
            devices_require_hostname_and_mac: require_hostname_and_mac,
            ..AdvancedSettings::default()
        };
        let in_memory = meeting_devices(&info, &settings, now, usize::MAX).await;
        let spilled = meeting_devices(&info, &settings, now, 3).await;
        // Budget 3: a run every meeting or so, and levels of 16 runs merged.
        assert!(
            in_memory.len() > 3 * 16 * 2,
            "enough devices to spill runs and merge levels: {}",
            in_memory.len()
        );
        assert_eq!(spilled.len(), in_memory.len());
        assert_eq!(spilled, in_memory, "same records, same order");
    }
    sim.shutdown().await.unwrap();
}
