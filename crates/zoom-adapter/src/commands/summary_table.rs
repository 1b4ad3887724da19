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
    out
}
