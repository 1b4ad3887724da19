//! The pages behind the session: billing (from the plan usage) and the
//! account settings with their lock state.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use serde_json::{Map, Value, json};

use super::session::{signed_in, to_signin};
use super::{answer, count};
use crate::config::Plan;
use crate::model::org::{account_settings_json, plan_usage_json};
use crate::model::rooms;
use crate::rng::mix;
use crate::server::Sim;

fn plan_name(plan_type: &str) -> &'static str {
    if plan_type.starts_with("zroom") {
        "Zoom Rooms"
    } else if plan_type.starts_with("webinar") {
        "Zoom Webinars"
    } else if plan_type.starts_with("large") {
        "Large Meetings"
    } else {
        "Meetings"
    }
}

/// GET /portal/account/billing — the subscriptions, from the plan usage.
pub(super) async fn billing(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "GET /portal/account/billing");
    if !signed_in(&sim, &headers) {
        return to_signin(&headers);
    }
    let rooms_in_use = (0..sim.acc.counts.rooms)
        .filter(|&r| !rooms::core(sim.acc.seed, r).calendar_only)
        .count() as u64;
    let usage = plan_usage_json(&sim.acc, sim.acc.licensed_active, rooms_in_use);
    let anchor = sim.acc.anchor.date_naive();
    let start = anchor
        .with_day(1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(5)))
        .unwrap_or(anchor);
    let next = anchor
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(anchor);
    let mut plans = Vec::new();
    for key in [
        "plan_base",
        "plan_zoom_rooms",
        "plan_webinar",
        "plan_large_meeting",
    ] {
        for entry in usage[key].as_array().into_iter().flatten() {
            let plan_type = entry["type"].as_str().unwrap_or("");
            plans.push(json!({
                "name": plan_name(plan_type),
                "type": plan_type,
                "quantity": entry["hosts"],
                "usage": entry["usage"],
                "status": "active",
                "billing_cycle": if plan_type.contains("annual") { "annual" } else { "monthly" },
                "start_date": start.to_string(),
                "next_billing_date": next.to_string(),
                "auto_renew": true,
            }));
        }
    }
    let account_plan = match sim.cfg.plan {
        Plan::Free => "Basic",
        Plan::Pro => "Pro",
        Plan::Business => "Business",
    };
    answer(
        StatusCode::OK,
        json!({"account_plan": account_plan, "plans": plans, "recording": usage["plan_recording"]}),
    )
}

/// Whether a setting is locked at account level (deterministic per name).
fn is_locked(seed: u64, section: &str, name: &str) -> bool {
    if section == "security" {
        return true;
    }
    let h = section
        .bytes()
        .chain(name.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    mix(seed ^ h).is_multiple_of(4)
}

/// GET /portal/account/settings — the settings with their lock state.
pub(super) async fn settings(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "GET /portal/account/settings");
    if !signed_in(&sim, &headers) {
        return to_signin(&headers);
    }
    let all = account_settings_json(&sim.acc);
    let mut out = Map::new();
    for (section, values) in all.as_object().into_iter().flatten() {
        let mut sec = Map::new();
        for (name, value) in values.as_object().into_iter().flatten() {
            sec.insert(
                name.clone(),
                json!({"value": value, "locked": is_locked(sim.acc.seed, section, name)}),
            );
        }
        out.insert(section.clone(), Value::Object(sec));
    }
    answer(StatusCode::OK, json!({"settings": out}))
}
