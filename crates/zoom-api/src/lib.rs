//! The Zoom client: the only code that speaks HTTP to Zoom.
//!
//! - [`Client`]: reqwest + rustls transport with timeouts, gzip, proxy and
//!   `User-Agent: zoom-adapter/<version>`; every call goes through one loop
//!   (rate limiter → token → send → classify → retry, refresh or fail).
//! - [`Request`]: one call as a value (route, encoded path, query, body),
//!   made by the endpoint builders in [`api`] and sent by [`Client::send`]
//!   or [`Client::send_json`]; a dry run reads the same value.
//! - [`auth`]: the Server-to-Server OAuth credentials ([`S2sCredentials`])
//!   and token cache (single flight, refreshed before expiry and once on
//!   401 / code 124).
//! - [`pagination`]: list endpoints as `Stream`s of items.
//! - [`dates`]: whole-day ranges, clamped to Zoom's six months and split into month-long calls.
//! - [`rate_limit`]: per-category limiters sized from the plan, daily stops
//!   and the daily quota budget.
//! - [`ledger`]: the daily quota counted across cycles ([`QuotaLedger`]).
//! - [`retry`]: backoff with full jitter, `Retry-After`, the retry budget
//!   and the one decision whether a failed attempt is repeated.
//! - [`api`]: typed endpoints (`client.users().list(UserStatus::Active)`).
//! - [`Error`] with [`Error::kind`]: what failed, where, and what to do.
//!
//! No secret, access token or URL query ever reaches an error or a log.

pub mod api;
pub mod auth;
mod classify;
pub mod client;
pub mod clock;
pub mod config;
mod daily_quota;
pub mod dates;
mod de;
pub mod encoding;
pub mod error;
mod key_set;
pub mod ledger;
pub mod mask;
pub mod pagination;
pub mod portal;
pub mod rate_limit;
pub mod request;
pub mod retry;
pub mod route;
pub mod stats;
pub mod totp;
pub mod transport;

pub use api::accounts::{AccountSettings, PlanUsage, PlanUsageEntry, SettingsOption};
pub use api::chat::ChatTarget;
pub use api::dashboard::{DashboardMeeting, DashboardZoomRoom, Participant, PastMeetingRef};
pub use api::devices::{H323Device, ManagedDevice};
pub use api::groups::{AddedMembers, Group, GroupMember, Member};
pub use api::reports::{OperationLog, SignInActivity};
pub use api::roles::Role;
pub use api::rooms::{Room, RoomDevice};
pub use api::users::{
    CreateAction, CreateUser, CreatedUser, DeleteAction, DeleteUserOptions, NewUserInfo, User,
    UserSettings, UserStatus,
};
pub use auth::S2sCredentials;
pub use client::{Client, USER_AGENT};
pub use clock::{Clock, ManualClock, TokioClock};
pub use config::{ClientConfig, Plan, RetryConfig};
pub use dates::DateRange;
pub use error::{CallError, Error, ErrorKind};
pub use ledger::{LedgerTake, QuotaLedger};
pub use mask::SecretMask;
pub use portal::{
    PortalBilling, PortalConfig, PortalError, PortalErrorKind, PortalLogin, PortalPlan,
    PortalSetting, PortalSettings, WebPortal,
};
pub use rate_limit::PlanInUse;
pub use request::{Request, TRACKING_ID_HEADER, Traced};
pub use route::{Method, Period, RateCategory, Route, ScopeFamily};
pub use stats::ClientStats;
pub use totp::Totp;
