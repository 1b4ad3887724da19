//! Meeting devices past the in-memory budget (1,536) go to temporary files;
//! when `$TMPDIR` is unusable they stay in memory, with a warning, and the
//! records are the same.

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::{Fetch, Sim};
use zoom_sim::{SimConfig, Size};

/// The meeting devices of a run, without the fetch time, sorted by id.
fn devices(fetch: &Fetch) -> Vec<Value> {
    let mut devices: Vec<Value> = fetch
        .records
        .iter()
        .filter(|r| r["kind"] == "meeting_device")
        .cloned()
        .map(|mut r| {
            if let Some(map) = r.as_object_mut() {
                map.remove("fetched_at");
            }
            r
        })
        .collect();
    devices.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    devices
}

#[test]
fn devices_spill_to_disk_and_stay_in_memory_when_the_disk_fails() {
    let sim = Sim::start(SimConfig {
        qps_scale: 0.0,
        ..SimConfig::sized(Size::Medium)
    });
    let settings =
        json!({"meeting_days": 1, "device_sources": ["meeting_devices"], "max_concurrency": 8});
    let connection = sim.connection(json!({}));

    let spilled = sim.fetch_in_env(
        &connection,
        settings.clone(),
        &[],
        &[("RUST_LOG", "zoom_adapter::cycle=debug")],
    );
    assert_eq!(spilled.code, 0, "{}", spilled.stderr);
    assert!(
        spilled
            .stderr
            .contains("meeting devices moved to temporary files"),
        "more devices than the budget: the run spilled"
    );
    let spilled_devices = devices(&spilled);
    assert!(spilled_devices.len() > 1_536, "{}", spilled_devices.len());

    let in_memory = sim.fetch_in_env(
        &connection,
        settings,
        &[],
        &[("TMPDIR", "/nonexistent/zoom-adapter-spill")],
    );
    assert_eq!(in_memory.code, 0, "{}", in_memory.stderr);
    let report = in_memory.source("meeting_device");
    assert_eq!(report["status"], "ok", "{report}");
    assert!(
        report["warnings"].as_array().is_some_and(|w| w
            .iter()
            .any(|m| m.as_str().is_some_and(|m| m.contains("stay in memory")))),
        "{report}"
    );
    assert_eq!(
        devices(&in_memory),
        spilled_devices,
        "same devices either way"
    );
}
