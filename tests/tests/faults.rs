//! Fault scenarios against zoom-sim: whatever Zoom throws, no record is lost
//! or duplicated against the truth, or the source that cannot complete is
//! reported with its reason while every other source completes. No secret
//! appears in any output.

use std::collections::BTreeSet;

use serde_json::json;
use zoom_adapter_e2e::sim::{Fetch, Sim};
use zoom_sim::{DailyLimitOverrides, FaultSpec, SimConfig, Size};

fn assert_no_secret(sim: &Sim, fetch: &Fetch) {
    let info = sim.sim().info();
    for secret in [&info.client_secret, &info.password, &info.totp_secret] {
        assert!(
            !fetch.stdout.contains(secret.as_str()) && !fetch.stderr.contains(secret.as_str()),
            "a secret leaked"
        );
    }
}

/// Every kind equals the truth and no id repeats.
fn assert_complete(sim: &Sim, fetch: &Fetch, scenario: &str) {
    assert_eq!(
        fetch.code, 0,
        "{scenario}: exit {}\n{}",
        fetch.code, fetch.summary
    );
    assert_eq!(
        fetch.counts(),
        sim.sim().truth().default,
        "{scenario}: records differ from the truth"
    );
    let ids: BTreeSet<&str> = fetch
        .records
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        ids.len(),
        fetch.records.len(),
        "{scenario}: duplicate records"
    );
    assert_no_secret(sim, fetch);
}

fn with_faults(faults: FaultSpec) -> Sim {
    Sim::start(SimConfig {
        faults,
        ..SimConfig::sized(Size::Small)
    })
}

#[test]
fn a_429_storm_is_waited_out() {
    // Zoom's per-second limits at a tenth: the client, sized for the business
    // plan, meets 429s and must honour Retry-After rather than give up.
    let sim = Sim::start(SimConfig {
        qps_scale: 0.1,
        ..SimConfig::sized(Size::Small)
    });
    let fetch = sim.fetch(json!({}), &[]);
    assert_complete(&sim, &fetch, "429 storm");
    assert!(
        fetch.summary["throttled_responses"].as_u64().unwrap_or(0) > 0,
        "no 429 was served: {}",
        fetch.summary
    );
}

#[test]
fn a_token_revoked_mid_cycle_is_replaced_once() {
    let sim = with_faults(FaultSpec {
        revoke_token_after: Some(20),
        ..FaultSpec::default()
    });
    let fetch = sim.fetch(json!({}), &[]);
    assert_complete(&sim, &fetch, "token revoked");
    assert_eq!(
        fetch.summary["token_requests"].as_u64(),
        Some(2),
        "{}",
        fetch.summary
    );
}

#[test]
fn bursts_of_5xx_are_retried() {
    let sim = with_faults(FaultSpec {
        burst_5xx: Some((3, 15)),
        ..FaultSpec::default()
    });
    let fetch = sim.fetch(json!({}), &[]);
    assert_complete(&sim, &fetch, "5xx bursts");
    assert!(
        fetch.summary["retries"].as_u64().unwrap_or(0) > 0,
        "{}",
        fetch.summary
    );
}

#[test]
fn dropped_connections_truncated_and_malformed_bodies_are_retried() {
    let sim = with_faults(FaultSpec {
        drop: 0.04,
        truncate: 0.03,
        malformed: 0.03,
        server_error: 0.03,
        ..FaultSpec::default()
    });
    let fetch = sim.fetch(json!({}), &[]);
    assert_complete(&sim, &fetch, "broken transport");
    assert!(
        fetch.summary["retries"].as_u64().unwrap_or(0) > 0,
        "{}",
        fetch.summary
    );
}

#[test]
fn a_heavy_daily_limit_stops_its_sources_and_says_when_it_resets() {
    let sim = Sim::start(SimConfig {
        daily_limits: DailyLimitOverrides {
            heavy: Some(10),
            ..DailyLimitOverrides::default()
        },
        ..SimConfig::sized(Size::Small)
    });
    let truth = sim.sim().truth().default;
    let fetch = sim.fetch(json!({}), &[]);
    assert_eq!(fetch.code, 4, "{}", fetch.summary);
    assert_eq!(fetch.summary["status"], "partial");
    let counts = fetch.counts();
    let mut stopped = Vec::new();
    for source in fetch.summary["sources"].as_array().into_iter().flatten() {
        let kind = source["kind"].as_str().unwrap_or_default();
        if source["status"] == "ok" {
            assert_eq!(
                counts.get(kind),
                truth.get(kind),
                "{kind} reported ok but incomplete"
            );
        } else {
            assert_eq!(source["status"], "failed", "{source}");
            assert_eq!(source["error"]["kind"], "daily_limit", "{source}");
            assert!(source["error"]["resets_at"].is_string(), "{source}");
            stopped.push(kind.to_owned());
        }
    }
    assert!(
        stopped.contains(&"meeting_device".to_owned()),
        "50 Heavy participant calls cannot fit in 10: {stopped:?}"
    );
    for kind in [
        "user",
        "h323_device",
        "zoom_room",
        "zoom_room_device",
        "account",
    ] {
        assert_eq!(counts.get(kind), truth.get(kind), "{kind} must be complete");
    }
    assert_no_secret(&sim, &fetch);
}
