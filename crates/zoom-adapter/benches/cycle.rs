//! The fetch-cycle benchmark of docs/performance.md (a measurement, not a
//! test): `cargo bench -p zoom-adapter --bench cycle`.
//!
//! 1. A default cycle against zoom-sim `medium` with 20 ms latency and the
//!    business plan's limits: wall time versus the lower bound the rate
//!    limits imply for the minimum request count, and requests made versus
//!    that minimum (page size 300, no re-listing).
//! 2. Peak RSS of the `zoom-adapter fetch` process against `small` and
//!    `large` accounts (one day of meetings, to keep the run short), with
//!    its state store, and the store's size.
//! 3. The steady state (`-- steady`): two daily cycles on one state store
//!    against `medium` at 20 ms latency, business plan: the second cycle's
//!    Heavy calls against the meetings that ended since the first, and its
//!    wall time against the first's.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use futures::TryStreamExt;
use zoom_adapter::cycle::run_cycle;
use zoom_adapter::plan::FetchPlan;
use zoom_adapter::sink::RecordSink;
use zoom_settings::{AdapterConfig, AdvancedSettings, ZoomPlan};
use zoom_sim::{FaultSpec, ReadyInfo, SimConfig, SimServer, Size};

struct Discard;

impl RecordSink for Discard {
    fn write(&mut self, _: &asset_schema::Record) -> std::io::Result<()> {
        Ok(())
    }
    fn write_tombstone(&mut self, _: &asset_schema::Tombstone) -> std::io::Result<()> {
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

/// The rate-limit category of an endpoint, read from its route in
/// `zoom_api::api::ROUTES` (or the token route), and that category's
/// business-plan rate in requests per second.
fn category(endpoint: &str) -> (&'static str, f64) {
    let route = zoom_api::api::ROUTES
        .iter()
        .copied()
        .chain([&zoom_api::auth::TOKEN_ROUTE])
        .find(|r| r.name() == endpoint)
        .unwrap_or_else(|| panic!("{endpoint} is not a route of zoom_api::api::ROUTES"));
    let (per_period, period) = route.category.limit(zoom_api::Plan::Business);
    let seconds = match period {
        zoom_api::Period::Second => 1.0,
        zoom_api::Period::Minute => 60.0,
    };
    (route.category.name(), f64::from(per_period) / seconds)
}

fn pages(items: u64) -> u64 {
    items.div_ceil(300).max(1)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    // `-- rss` or `-- cycle` runs one part; cargo's own `--bench` is ignored.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |part: &str| only.is_empty() || only.iter().any(|a| a == part);
    if wants("cycle") {
        runtime.block_on(medium_cycle());
    }
    if wants("rss") {
        peak_rss(&runtime);
    }
    if wants("steady") {
        runtime.block_on(steady_state());
    }
}

async fn medium_cycle() {
    let sim = SimServer::start(SimConfig {
        faults: FaultSpec {
            latency_ms: 20,
            ..FaultSpec::default()
        },
        ..SimConfig::sized(Size::Medium)
    })
    .await
    .unwrap();
    let info = sim.info().clone();
    let truth = sim.truth().default;
    let settings = AdvancedSettings {
        zoom_plan: ZoomPlan::Business,
        ..AdvancedSettings::default()
    };
    let config = config(&info, settings.clone());
    let client = zoom_adapter::connect::client(&config, false).unwrap();
    let plan = FetchPlan::new(&settings, Utc::now(), None, false);
    let window = plan.meetings.unwrap();
    let started = Instant::now();
    let summary = run_cycle(
        client.clone(),
        plan,
        zoom_adapter::cycle::CycleOptions {
            account_id: info.account_id.clone(),
            max_concurrency: 8,
            portal: None,
            state: None,
        },
        Box::new(Discard),
        std::future::pending(),
    )
    .await;
    let wall = started.elapsed();
    assert_eq!(
        format!("{:?}", summary.status),
        "Ok",
        "the cycle must complete: {summary:?}"
    );

    // The minimum request count: every list read once at 300 per page.
    let counter = zoom_adapter::connect::client(&config, false).unwrap();
    let pending: Vec<_> = counter
        .users()
        .list(zoom_api::UserStatus::Pending)
        .try_collect()
        .await
        .unwrap();
    let meetings: Vec<_> = counter
        .dashboard()
        .past_meetings(window)
        .try_collect()
        .await
        .unwrap();
    let rooms = Size::Medium.counts().rooms;
    let mut minimum: BTreeMap<&str, u64> = BTreeMap::new();
    minimum.insert("POST /oauth/token", 1);
    minimum.insert(
        "GET /users",
        pages(truth["user"]) + pages(pending.len() as u64),
    );
    minimum.insert("GET /users/{userId}", 1);
    minimum.insert("GET /groups", pages(Size::Medium.counts().groups));
    minimum.insert("GET /h323/devices", pages(truth["h323_device"]));
    minimum.insert("GET /devices", pages(truth["managed_device"]));
    minimum.insert("GET /rooms", pages(rooms));
    minimum.insert("GET /metrics/zoomrooms", pages(rooms));
    minimum.insert("GET /rooms/{roomId}/devices", rooms);
    // One window per month of meeting_days; each meeting has under 300 rows.
    minimum.insert("GET /metrics/meetings", pages(meetings.len() as u64));
    minimum.insert(
        "GET /metrics/meetings/{meetingId}/participants",
        meetings.len() as u64,
    );
    minimum.insert("GET /accounts/{accountId}/settings", 1);
    minimum.insert("GET /accounts/{accountId}/plans/usage", 1);
    let min_total: u64 = minimum.values().sum();

    let mut per_category: BTreeMap<&str, (u64, f64)> = BTreeMap::new();
    for (endpoint, n) in &minimum {
        let (name, rate) = category(endpoint);
        let entry = per_category.entry(name).or_insert((0, rate));
        entry.0 += n;
    }
    let bound = per_category
        .iter()
        .map(|(_, (n, rate))| Duration::from_secs_f64(n.saturating_sub(1) as f64 / rate))
        .max()
        .unwrap_or_default()
        + Duration::from_millis(20);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "== medium account, 20 ms latency, business plan, default settings"
    )
    .unwrap();
    writeln!(
        out,
        "records: {}   requests: {} (retries {}, 429s {})",
        summary.records_total, summary.requests_total, summary.retries, summary.throttled_responses
    )
    .unwrap();
    writeln!(out, "{:<52} {:>8} {:>8}", "endpoint", "made", "minimum").unwrap();
    for (endpoint, made) in &summary.requests {
        writeln!(
            out,
            "{endpoint:<52} {made:>8} {:>8}",
            minimum.get(endpoint.as_str()).copied().unwrap_or(0)
        )
        .unwrap();
    }
    writeln!(
        out,
        "requests made / minimum: {} / {min_total}",
        summary.requests_total
    )
    .unwrap();
    for (name, (n, rate)) in &per_category {
        writeln!(
            out,
            "  {name:<20} {n:>6} requests at {rate:.2}/s -> {:.1} s",
            n.saturating_sub(1) as f64 / rate
        )
        .unwrap();
    }
    writeln!(
        out,
        "wall time: {:.1} s; lower bound from the rate limits: {:.1} s; ratio {:.2}",
        wall.as_secs_f64(),
        bound.as_secs_f64(),
        wall.as_secs_f64() / bound.as_secs_f64()
    )
    .unwrap();
    sim.shutdown().await.unwrap();
}

/// Peak RSS (VmHWM) of a `zoom-adapter fetch` process against `size`.
fn peak_rss(runtime: &tokio::runtime::Runtime) {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "== peak RSS of `zoom-adapter fetch` (business plan; meeting_days 1 where meeting devices are read)"
    )
    .unwrap();
    let mut peaks = Vec::new();
    let everything = r#"{"zoom_plan":"business","meeting_days":1}"#;
    let streamed_only = r#"{"zoom_plan":"business","device_sources":["h323_devices","zoom_rooms","zoom_room_devices","managed_devices"]}"#;
    for (size, settings, label) in [
        (Size::Small, everything, "small, every device source"),
        (Size::Large, everything, "large, every device source"),
        (
            Size::Large,
            streamed_only,
            "large, without meeting devices (no de-duplication state)",
        ),
    ] {
        let sim = runtime
            .block_on(SimServer::start(SimConfig::sized(size)))
            .unwrap();
        let info = sim.info().clone();
        let dir = std::env::temp_dir().join(format!("zoom-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let connection = serde_json::json!({"domain": info.api_url, "oauth_url": info.oauth_url, "account_id": info.account_id, "client_id": info.client_id, "client_secret": info.client_secret});
        std::fs::write(dir.join("c.json"), connection.to_string()).unwrap();
        std::fs::write(dir.join("s.json"), settings).unwrap();
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_zoom-adapter"))
            .args(["fetch", "--connection"])
            .arg(dir.join("c.json"))
            .arg("--settings")
            .arg(dir.join("s.json"))
            .arg("--state")
            .arg(dir.join("state.sqlite3"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status_path = format!("/proc/{}/status", child.id());
        let mut peak_kb = 0u64;
        loop {
            if let Ok(status) = std::fs::read_to_string(&status_path)
                && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
            {
                peak_kb = peak_kb.max(
                    line.split_whitespace()
                        .nth(1)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                );
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let output = child.wait_with_output().unwrap();
        let last = String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned();
        let summary: serde_json::Value = serde_json::from_str(&last).unwrap_or_default();
        let devices = summary["records"]["device"]["meeting_device"]
            .as_u64()
            .unwrap_or(0);
        writeln!(
            out,
            "{label}: {} records ({devices} meeting devices) in {:.1} s, status {}, peak RSS {:.1} MB",
            summary["records_total"],
            started.elapsed().as_secs_f64(),
            summary["status"],
            peak_kb as f64 / 1024.0
        )
        .unwrap();
        let store_bytes: u64 = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("state.sqlite3"))
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        writeln!(
            out,
            "  state store after it: {:.1} MB ({} past meetings read)",
            store_bytes as f64 / 1e6,
            summary["state"]["meetings_read"]
        )
        .unwrap();
        peaks.push(peak_kb as f64);
        runtime.block_on(sim.shutdown()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let [small, large, large_streamed] = peaks[..] {
        writeln!(
            out,
            "large / small peak RSS: {:.2}; large without meeting devices / small: {:.2}",
            large / small,
            large_streamed / small
        )
        .unwrap();
    }
}

/// Two daily cycles on one state store (medium, 20 ms latency, business).
async fn steady_state() {
    let now = Utc::now();
    let day = chrono::Duration::days(1);
    let sim = SimServer::start(SimConfig {
        faults: FaultSpec {
            latency_ms: 20,
            ..FaultSpec::default()
        },
        anchor: Some(now - day),
        ..SimConfig::sized(Size::Medium)
    })
    .await
    .unwrap();
    let info = sim.info().clone();
    let settings = AdvancedSettings {
        zoom_plan: ZoomPlan::Business,
        ..AdvancedSettings::default()
    };
    let config = config(&info, settings.clone());
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("steady.sqlite3");
    let mut cycles = Vec::new();
    for at in [now - day, now] {
        sim.set_clock(at).unwrap();
        let client = zoom_adapter::connect::client(&config, false).unwrap();
        let state = zoom_adapter::state::StateRequest {
            choice: zoom_adapter::state::StateChoice::Path(store.clone()),
            reset: false,
            emit_deletions: false,
        }
        .prepare(&info.account_id, 10, None, &client)
        .unwrap();
        let plan = FetchPlan::new(&settings, at, None, false);
        let started = Instant::now();
        let summary = run_cycle(
            client,
            plan,
            zoom_adapter::cycle::CycleOptions {
                account_id: info.account_id.clone(),
                max_concurrency: 8,
                portal: None,
                state,
            },
            Box::new(Discard),
            std::future::pending(),
        )
        .await;
        assert_eq!(format!("{:?}", summary.status), "Ok", "{summary:?}");
        cycles.push((summary, started.elapsed()));
    }
    // The meetings that ended between the two cycles, as Zoom lists them.
    let counter = zoom_adapter::connect::client(&config, false).unwrap();
    let window = FetchPlan::new(&settings, now, None, false)
        .meetings
        .unwrap();
    let meetings: Vec<_> = counter
        .dashboard()
        .past_meeting_refs(window)
        .try_collect()
        .await
        .unwrap();
    let first_at = (now - day).timestamp();
    let ended_since = meetings
        .iter()
        .filter(|m| {
            m.end_time
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .is_some_and(|t| t.timestamp() > first_at)
        })
        .count() as u64;
    let [(first, first_wall), (second, second_wall)] = &cycles[..] else {
        unreachable!("two cycles ran")
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "== steady state: two daily cycles on one state store (medium, 20 ms latency, business plan, default settings)"
    )
    .unwrap();
    for (name, summary, wall) in [
        ("first", first, first_wall),
        ("second", second, second_wall),
    ] {
        let state = summary.state.as_ref().unwrap();
        writeln!(
            out,
            "{name:<7} cycle: {:.1} s, {} requests, {} heavy, {} meetings read, {} from the store, {} records",
            wall.as_secs_f64(),
            summary.requests_total,
            summary.daily_quota.used,
            state.meetings_read,
            state.meetings_reused,
            summary.records_total
        )
        .unwrap();
    }
    writeln!(
        out,
        "meetings ended since the first cycle: {ended_since}; second cycle's heavy calls / those: {:.3}; wall time second / first: {:.3}",
        second.daily_quota.used as f64 / ended_since.max(1) as f64,
        second_wall.as_secs_f64() / first_wall.as_secs_f64()
    )
    .unwrap();
    sim.shutdown().await.unwrap();
}
