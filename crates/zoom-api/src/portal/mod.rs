//! The account's web portal (`https://<account>.zoom.us`), for what the REST
//! API does not give: the subscription details of the billing page and the
//! settings as the portal shows them (with their lock state).
//!
//! The real portal cannot be reached from where this was written, so the
//! whole flow sits behind one seam, [`PortalLogin`], and every assumption
//! about its pages is written down in `docs/operations.md` ("Portal login").
//! [`WebPortal`] is the implementation: one cookie session per cycle, the
//! sign-in form with its CSRF token, the 2FA step with a [`crate::Totp`] code
//! (one more try in the next window when a code made at the end of its window
//! is refused), at most one failed password sign-in per session, reads, and
//! sign-out.
//!
//! Never logged nor put in an error: the password, the TOTP secret, codes,
//! cookies and CSRF tokens.

mod error;
mod page;
mod web;

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use futures::future::BoxFuture;
use secrecy::{SecretSlice, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use error::{PortalError, PortalErrorKind};
pub use web::WebPortal;

/// One portal session: sign in, read, sign out. Object-safe, so the adapter
/// can hold a `Box<dyn PortalLogin>` and tests can substitute a fake.
pub trait PortalLogin: Send + Sync + fmt::Debug {
    /// Signs in (password, then 2FA). A second call after a success does
    /// nothing; after a failure it returns the same error without contacting
    /// the portal (never more than one failed sign-in per session).
    fn sign_in(&self) -> BoxFuture<'_, Result<(), PortalError>>;
    /// The billing page's subscription data (signs in first if needed).
    fn billing(&self) -> BoxFuture<'_, Result<PortalBilling, PortalError>>;
    /// The settings as the portal shows them (signs in first if needed).
    fn settings(&self) -> BoxFuture<'_, Result<PortalSettings, PortalError>>;
    /// Signs out and forgets the session's cookies; nothing is sent when the
    /// session never signed in. Later reads fail with `SessionExpired`.
    fn sign_out(&self) -> BoxFuture<'_, Result<(), PortalError>>;
}

/// How to reach the portal and sign in.
///
/// Debug shows neither the password nor the TOTP secret.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// The account's web-portal URL (`https://acme.zoom.us`).
    pub portal_url: String,
    /// The portal user's email.
    pub username: String,
    /// The portal user's password.
    pub password: SecretString,
    /// The 2FA secret key's bytes, decoded from the base32 the admin pasted
    /// (the settings validation decodes it and holds the rules for it).
    pub totp_secret: SecretSlice<u8>,
    /// Verify TLS certificates (default true).
    pub verify_ssl: bool,
    /// An HTTPS proxy URL.
    pub proxy: Option<String>,
    /// Use the environment's proxies when `proxy` is unset (default false).
    pub use_system_proxy: bool,
    /// Overall timeout of one request (default 30 s).
    pub request_timeout: Duration,
    /// Connect timeout (default 10 s).
    pub connect_timeout: Duration,
    /// A refused code made this close to the end of its window is retried
    /// once in the next window (default 3 s).
    pub boundary_margin: Duration,
}

impl PortalConfig {
    /// A configuration with the defaults and these credentials.
    pub fn new(
        portal_url: impl Into<String>,
        username: impl Into<String>,
        password: SecretString,
        totp_secret: SecretSlice<u8>,
    ) -> Self {
        Self {
            portal_url: portal_url.into(),
            username: username.into(),
            password,
            totp_secret,
            verify_ssl: true,
            proxy: None,
            use_system_proxy: false,
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            boundary_margin: Duration::from_secs(3),
        }
    }
}

/// One subscription line of the billing page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PortalPlan {
    /// The plan's display name (`Business`, `Zoom Rooms` …).
    #[serde(default)]
    pub name: Option<String>,
    /// The plan type, as in REST plan usage (`monthly`, `zroom_monthly` …).
    #[serde(rename = "type", default)]
    pub plan_type: Option<String>,
    /// Licenses bought.
    #[serde(default)]
    pub quantity: Option<i64>,
    /// Licenses in use.
    #[serde(default)]
    pub usage: Option<i64>,
    /// Subscription status (`active`, `cancelled`, `expired` …).
    #[serde(default)]
    pub status: Option<String>,
    /// `monthly` or `annual`.
    #[serde(default)]
    pub billing_cycle: Option<String>,
    /// Subscription start (`YYYY-MM-DD`).
    #[serde(default)]
    pub start_date: Option<String>,
    /// Next renewal or end (`YYYY-MM-DD`).
    #[serde(default)]
    pub next_billing_date: Option<String>,
    /// Whether the subscription renews automatically.
    #[serde(default)]
    pub auto_renew: Option<bool>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The billing page's data.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PortalBilling {
    /// The account's plan name (`Business` …).
    #[serde(default)]
    pub account_plan: Option<String>,
    /// Each subscription line.
    #[serde(default)]
    pub plans: Vec<PortalPlan>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One setting as the portal shows it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PortalSetting {
    /// The value (the same as REST's for the same setting).
    #[serde(default)]
    pub value: Value,
    /// Whether the setting is locked at account level (users cannot change it).
    #[serde(default)]
    pub locked: Option<bool>,
}

/// The settings pages' data: section (`in_meeting` …) → setting name → setting.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PortalSettings {
    /// Settings by section, then by name (REST's names).
    #[serde(default)]
    pub settings: BTreeMap<String, BTreeMap<String, PortalSetting>>,
}
