//! The audit line of one target (docs/actions.md): one JSON object per
//! line, written and flushed the moment the target completes, so a batch
//! killed half-way still tells who was changed.

use std::io::Write;

use serde_json::{Value, json};

use super::{ActionName, TargetResult};

/// The audit line of `result`: when, which action, the target, its status,
/// Zoom's id of the object, Zoom's request id, and the message.
pub fn line(action: ActionName, result: &TargetResult) -> Value {
    json!({
        "audit": "action",
        "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "action": action.as_str(),
        "target": result.target,
        "status": result.status,
        "zoom_id": result.zoom_id,
        "tracking_id": result.tracking_id,
        "message": result.message,
    })
}

/// Writes `result`'s audit line to `out` and flushes it. A closed stderr
/// cannot be told anything more; the report on stdout still follows.
pub fn write_line(out: &mut dyn Write, action: ActionName, result: &TargetResult) {
    let mut text = line(action, result).to_string();
    text.push('\n');
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
