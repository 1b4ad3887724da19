//! The mappings of the activity kinds.

use asset_schema::Kind;

use super::{KindMapping, m};

/// `operation_log`.
pub(super) const OPERATION_LOG: KindMapping = KindMapping {
    kind: Kind::OperationLog,
    source: "GET /report/operationlogs (windows of ≤ 1 month)",
    key: "hash of time, operator, category_type, action, operation_detail (entries have no id)",
    fields: &[
        m("time", "time", "RFC 3339 UTC"),
        m("operator", "actor", "as is"),
        m("action", "action", "as is"),
        m("category_type", "category", "lower-cased"),
        m("operation_detail", "details", "as is"),
        m(
            "operation_detail",
            "target",
            "the first email address in it (the user acted on); none → absent",
        ),
        m(
            "status / result (not in the documented API)",
            "outcome",
            "`failure` when one says fail…/error/denied, else `success` (the report lists what took place)",
        ),
    ],
};

/// `sign_in_activity`.
pub(super) const SIGN_IN_ACTIVITY: KindMapping = KindMapping {
    kind: Kind::SignInActivity,
    source: "GET /report/activities (windows of ≤ 1 month)",
    key: "hash of time, email, type, ip_address",
    fields: &[
        m("time", "time", "RFC 3339 UTC"),
        m("email", "actor", "as is"),
        m("type", "action", "Sign in / Sign out"),
        m("—", "category", "`sign_in`"),
        m("ip_address", "ip_address", "parsed; invalid → absent"),
        m("client_type + version", "client", "joined with a space"),
        m(
            "status / result (not in the documented API)",
            "outcome",
            "`failure` when one says fail…/error/denied, else `success` (the report lists what took place)",
        ),
    ],
};

/// `recording_download`.
pub(super) const RECORDING_DOWNLOAD: KindMapping = KindMapping {
    kind: Kind::RecordingDownload,
    source: "GET /report/operationlogs entries whose category_type is `recording` and whose action (or the start of operation_detail) says download",
    key: "as for operation logs",
    fields: &[
        m("time", "time", "RFC 3339 UTC"),
        m("operator", "actor", "who downloaded"),
        m("action", "action", "as is"),
        m("category_type", "category", "`recording`"),
        m("operation_detail", "details", "names the recording"),
        m(
            "operation_detail",
            "target",
            "the first email address in it, if any",
        ),
        m(
            "status / result (not in the documented API)",
            "outcome",
            "`failure` when one says fail…/error/denied, else `success` (the report lists what took place)",
        ),
    ],
};
