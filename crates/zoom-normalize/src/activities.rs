//! Activities: operation logs, sign-in/sign-out logs and recording downloads.

use std::net::IpAddr;

use asset_schema::{ActivityFields, ActivityOutcome, Kind, Record, RecordBody, non_empty};
use zoom_api::{OperationLog, SignInActivity};

use crate::context::Context;
use crate::time::parse_time;

/// Whether an operation log entry is a cloud-recording download: its
/// `category_type` is `recording` and its `action`, or else the start of its
/// `operation_detail`, says "download" (any case). Zoom has no public
/// download-activity API; this is the documented reading.
pub fn is_recording_download(log: &OperationLog) -> bool {
    let category = log
        .category_type
        .as_deref()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case("recording");
    let says_download =
        |text: Option<&str>| text.is_some_and(|t| t.to_ascii_lowercase().contains("download"));
    let detail_starts = log
        .operation_detail
        .as_deref()
        .is_some_and(|d| d.trim().to_ascii_lowercase().starts_with("download"));
    category && (says_download(log.action.as_deref()) || detail_starts)
}

/// An operation log entry as an `operation_log` activity, or, for
/// recording downloads, as a `recording_download` activity.
///
/// Operation logs carry no id: the key is the time, operator, category,
/// action and detail, which together identify an entry.
pub fn operation_log(cx: &Context, log: &OperationLog, kind: Kind) -> Record {
    let key = stable_key(&[
        log.time.as_deref(),
        log.operator.as_deref(),
        log.category_type.as_deref(),
        log.action.as_deref(),
        log.operation_detail.as_deref(),
    ]);
    let fields = ActivityFields {
        time: parse_time(log.time.as_deref()),
        actor: non_empty(log.operator.as_deref()),
        action: non_empty(log.action.as_deref()),
        category: non_empty(log.category_type.as_deref()).map(|c| c.to_ascii_lowercase()),
        target: operation_target(log.operation_detail.as_deref()),
        outcome: Some(outcome(&log.extra)),
        details: non_empty(log.operation_detail.as_deref()),
        ..ActivityFields::default()
    };
    cx.record(kind, &key, RecordBody::Activity(fields))
}

/// Whether a logged operation or sign-in succeeded. Zoom's reports list
/// what took place, and their documented fields carry no result, so an entry
/// is a success unless it has a `status` or `result` field (as newer API
/// versions may send) that says it failed.
fn outcome(extra: &serde_json::Map<String, serde_json::Value>) -> ActivityOutcome {
    let said = ["status", "result"]
        .iter()
        .filter_map(|key| extra.get(*key).and_then(serde_json::Value::as_str))
        .map(str::to_ascii_lowercase)
        .next();
    match said.as_deref() {
        Some(text) if text.starts_with("fail") || text == "error" || text == "denied" => {
            ActivityOutcome::Failure
        }
        _ => ActivityOutcome::Success,
    }
}

/// What an operation was done to, as far as Zoom's `operation_detail` says:
/// the first word of it that is an email address (a user added, updated,
/// deleted or given a role), without surrounding punctuation. Zoom's details
/// are free text, so nothing else is guessed.
pub(crate) fn operation_target(detail: Option<&str>) -> Option<String> {
    detail?
        .split_whitespace()
        .map(|word| {
            let in_address =
                |c: char| c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+');
            word.trim_start_matches(|c: char| !in_address(c))
                .trim_end_matches(|c: char| !in_address(c) || c == '.')
        })
        .find(|word| {
            word.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
            })
        })
        .map(str::to_owned)
}

/// A sign-in or sign-out (GET /report/activities) as a `sign_in_activity`.
pub fn sign_in_activity(cx: &Context, activity: &SignInActivity) -> Record {
    let key = stable_key(&[
        activity.time.as_deref(),
        activity.email.as_deref(),
        activity.activity_type.as_deref(),
        activity.ip_address.as_deref(),
    ]);
    let client = match (
        non_empty(activity.client_type.as_deref()),
        non_empty(activity.version.as_deref()),
    ) {
        (Some(client), Some(version)) => Some(format!("{client} {version}")),
        (client, version) => client.or(version),
    };
    let fields = ActivityFields {
        time: parse_time(activity.time.as_deref()),
        actor: non_empty(activity.email.as_deref()),
        action: non_empty(activity.activity_type.as_deref()),
        category: Some("sign_in".to_owned()),
        ip_address: activity
            .ip_address
            .as_deref()
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok()),
        client,
        outcome: Some(outcome(&activity.extra)),
        ..ActivityFields::default()
    };
    cx.record(Kind::SignInActivity, &key, RecordBody::Activity(fields))
}

/// A key from the fields that identify an entry without an id: a 64-bit
/// FNV-1a hash in hex of the fields joined with a separator (stable across
/// cycles and platforms).
fn stable_key(parts: &[Option<&str>]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part
            .unwrap_or_default()
            .bytes()
            .chain(std::iter::once(0x1f))
        {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::operation_target;

    #[test]
    fn the_target_is_the_first_email_address_of_the_detail() {
        assert_eq!(
            operation_target(Some("User alice@acme.test")).as_deref(),
            Some("alice@acme.test")
        );
        assert_eq!(
            operation_target(Some("Update user settings: (bob.k+1@acme.test).")).as_deref(),
            Some("bob.k+1@acme.test")
        );
        assert_eq!(operation_target(Some("Role Admin: add member")), None);
        assert_eq!(operation_target(Some("mail @ noon, a@b")), None);
        assert_eq!(operation_target(None), None);
    }
}
