//! [`Context`] and [`Warning`]: what every mapping needs, and what it reports
//! besides its record.

use asset_schema::{Kind, Record, RecordBody};
use chrono::{DateTime, Utc};

/// The fixed inputs of one fetch cycle: the account and the cycle's start
/// time (passed in, never read from a clock, so mapping is reproducible).
#[derive(Debug, Clone)]
pub struct Context {
    /// The Zoom account id (from the connection).
    pub account_id: String,
    /// When the cycle started; every record's `fetched_at`.
    pub fetched_at: DateTime<Utc>,
}

impl Context {
    /// A context for `account_id` at `fetched_at`.
    pub fn new(account_id: impl Into<String>, fetched_at: DateTime<Utc>) -> Self {
        Context {
            account_id: account_id.into(),
            fetched_at,
        }
    }

    /// A record of `kind` keyed `key`.
    pub fn record(&self, kind: Kind, key: &str, body: RecordBody) -> Record {
        Record::new(kind, &self.account_id, key, self.fetched_at, body)
    }
}

/// Something odd in a Zoom object that did not stop its mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The kind being mapped.
    pub kind: Kind,
    /// What was odd, never quoting a secret (Zoom objects carry none).
    pub message: String,
}

impl Warning {
    /// A warning about a `kind` object.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Warning {
            kind,
            message: message.into(),
        }
    }
}
