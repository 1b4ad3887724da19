//! The sources of a cycle, one module each. A source reads its Zoom
//! endpoints, maps every object as it arrives and emits the records; its
//! failures are recorded against its kinds and never stop the other sources.
//!
//! - [`users`]: users, group names, per-user settings and feature licenses.
//! - [`meetings`]: devices seen in past meetings, and each participant's
//!   latest join for last-logon enrichment; [`meeting_budget`]: how many
//!   of them today's quota share lets it read.
//! - [`inventory`]: H.323/SIP devices and Zoom Device Management devices
//!   (one generic list source).
//! - [`rooms`]: Zoom Rooms and their devices.
//! - [`activities`]: operation logs, recording downloads, sign-in logs.
//! - [`account`]: the account-wide inputs and the `saas_application` and
//!   `account` records, made only from complete inputs.

pub(crate) mod account;
pub(crate) mod activities;
pub(crate) mod directory;
pub(crate) mod inventory;
pub(crate) mod meeting_budget;
pub(crate) mod meetings;
pub(crate) mod rooms;
pub(crate) mod users;

use zoom_api::ErrorKind;

/// Errors after which no later call of the same kind can succeed this cycle.
pub(crate) fn is_fatal(err: &zoom_api::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::Auth
            | ErrorKind::Network
            | ErrorKind::Tls
            | ErrorKind::Permission
            | ErrorKind::Plan
            | ErrorKind::DailyLimit
            | ErrorKind::QuotaBudget
            | ErrorKind::Config
    )
}
