//! The summary of a cycle as a table for people: records, status and
//! finishing time per kind, then the requests and where they went. Printed
//! by `demo`, and by `fetch` on a terminal.

use crate::summary::CycleSummary;

/// Counts per asset type and kind, with each kind's status and time.
pub(crate) fn table(summary: &CycleSummary) -> String {
    let mut out = format!(
        "\n{:<20} {:<20} {:>9}  {:<9} {:>9}\n",
        "asset type", "kind", "records", "status", "done at"
    );
    for source in &summary.sources {
        let done = source
            .finished_after_ms
            .map(|ms| format!("{:.2} s", ms as f64 / 1000.0))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<20} {:<20} {:>9}  {:<9} {:>9}\n",
            source.kind.asset_type().as_str(),
            source.kind.as_str(),
            source.records,
            format!("{:?}", source.status).to_lowercase(),
            done
        ));
        if let Some(error) = &source.error {
            out.push_str(&format!("{:>42} {}\n", "↳", error.message));
        }
    }
    out.push_str(&format!(
        "{:<20} {:<20} {:>9}\n\n{} requests ({} retries, {} rate-limit waits for {:.1} s, {} throttled) in {:.2} s; plan {} ({}); status {:?}\n",
        "total",
        "",
        summary.records_total,
        summary.requests_total,
        summary.retries,
        summary.rate_limit_waits,
        summary.rate_limit_wait_ms as f64 / 1000.0,
        summary.throttled_responses,
        summary.duration_ms as f64 / 1000.0,
        summary.plan.assumed,
        summary.plan.source,
        summary.status
    ));
    // Where the time went: the endpoints that took the most requests.
    let mut busiest: Vec<(&String, &u64)> = summary.requests.iter().collect();
    busiest.sort_by(|a, b| b.1.cmp(a.1));
    for (endpoint, count) in busiest.into_iter().take(3) {
        out.push_str(&format!("  {count:>7} × {endpoint}\n"));
    }
    if let Some(state) = &summary.state {
        let gone: u64 = state.deleted.values().sum();
        let per_kind: Vec<String> = state
            .deleted
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        out.push_str(&format!(
            "state: {} past meetings from the store, {} read from zoom; {gone} gone since the last cycle{}; {} {}\n",
            state.meetings_reused,
            state.meetings_read,
            if per_kind.is_empty() { String::new() } else { format!(" ({})", per_kind.join(", ")) },
            if state.saved { "saved to" } else { "NOT saved to" },
            state.path,
        ));
        if let Some(error) = &state.error {
            out.push_str(&format!("  ↳ {error}\n"));
        }
    }
    out
}

/// Two cycles' requests per endpoint, side by side, with the totals and
/// the Heavy calls counted against the daily quota.
pub(crate) fn requests_side_by_side(first: &CycleSummary, second: &CycleSummary) -> String {
    let mut endpoints: Vec<&String> = first
        .requests
        .keys()
        .chain(second.requests.keys())
        .collect();
    endpoints.sort();
    endpoints.dedup();
    let width = endpoints.iter().map(|e| e.len()).max().unwrap_or(8).max(8);
    let mut out = format!("\n{:<width$} {:>9} {:>9}\n", "requests", "first", "second");
    let count = |summary: &CycleSummary, endpoint: &String| {
        summary.requests.get(endpoint).copied().unwrap_or_default()
    };
    for endpoint in endpoints {
        out.push_str(&format!(
            "{endpoint:<width$} {:>9} {:>9}\n",
            count(first, endpoint),
            count(second, endpoint)
        ));
    }
    out.push_str(&format!(
        "{:<width$} {:>9} {:>9}\n{:<width$} {:>9} {:>9}\n{:<width$} {:>8.1}s {:>8.1}s\n",
        "total",
        first.requests_total,
        second.requests_total,
        "heavy (daily quota)",
        first.daily_quota.used,
        second.daily_quota.used,
        "wall time",
        first.duration_ms as f64 / 1000.0,
        second.duration_ms as f64 / 1000.0,
    ));
    out
}
