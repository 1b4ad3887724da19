//! The portal's state: its modes, failures, lock and sessions, and the
//! switches on [`RunningSim`] that set them.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;

use super::totp;
use crate::rng::mix;
use crate::server::{RunningSim, lock};

/// Failures (passwords and codes) before the account locks, by default.
const DEFAULT_LOCKOUT_AFTER: u32 = 5;

/// Where one session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    Anonymous,
    PasswordOk,
    SignedIn,
}

/// One session: its CSRF token and where it stands.
#[derive(Debug)]
pub(super) struct Session {
    pub(super) csrf: String,
    pub(super) stage: Stage,
}

/// The portal's mutable state, behind [`PortalState`]'s lock.
#[derive(Debug)]
pub(super) struct Inner {
    pub(super) captcha: bool,
    pub(super) sso_only: bool,
    pub(super) csrf_in_page: bool,
    pub(super) lockout_after: u32,
    pub(super) clock_offset_secs: i64,
    pub(super) failures: u32,
    pub(super) locked: bool,
    pub(super) sessions: HashMap<String, Session>,
    pub(super) counter: u64,
}

/// The portal's state: modes, failures, lock and sessions.
#[derive(Debug)]
pub(crate) struct PortalState(pub(super) Mutex<Inner>);

impl Default for PortalState {
    fn default() -> Self {
        PortalState(Mutex::new(Inner {
            captcha: false,
            sso_only: false,
            csrf_in_page: true,
            lockout_after: DEFAULT_LOCKOUT_AFTER,
            clock_offset_secs: 0,
            failures: 0,
            locked: false,
            sessions: HashMap::new(),
            counter: 0,
        }))
    }
}

impl Inner {
    /// A fresh session id or CSRF token (`salt` tells them apart).
    pub(super) fn fresh_token(&mut self, seed: u64, salt: u64) -> String {
        self.counter += 1;
        let a = mix(seed ^ mix(self.counter.wrapping_mul(0x100) ^ salt));
        let b = mix(a ^ Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64);
        format!("{a:016x}{b:016x}")
    }

    /// Counts a failed password or code; locks the account at the threshold.
    pub(super) fn fail(&mut self) {
        self.failures += 1;
        if self.failures >= self.lockout_after {
            self.locked = true;
        }
    }
}

/// Switches of the portal emulation, for tests and demos.
impl RunningSim {
    /// Demands a captcha at sign-in (the adapter cannot solve one).
    pub fn set_portal_captcha(&self, on: bool) {
        lock(&self.sim.portal.0).captcha = on;
    }

    /// Makes the portal user an SSO-only user (no password sign-in).
    pub fn set_portal_sso_only(&self, on: bool) {
        lock(&self.sim.portal.0).sso_only = on;
    }

    /// Whether the sign-in page carries the CSRF token (default true); when
    /// not, clients must ask `POST /portal/csrf_js`.
    pub fn set_portal_csrf_in_page(&self, on: bool) {
        lock(&self.sim.portal.0).csrf_in_page = on;
    }

    /// Failed passwords and codes before the account locks (default 5).
    pub fn set_portal_lockout_after(&self, failures: u32) {
        lock(&self.sim.portal.0).lockout_after = failures.max(1);
    }

    /// Shifts the portal's TOTP clock by `secs` (tests of window boundaries).
    pub fn set_portal_clock_offset(&self, secs: i64) {
        lock(&self.sim.portal.0).clock_offset_secs = secs;
    }

    /// Whether the portal user is locked.
    pub fn portal_locked(&self) -> bool {
        lock(&self.sim.portal.0).locked
    }

    /// Unlocks the portal user and forgets its failures.
    pub fn unlock_portal(&self) {
        let mut p = lock(&self.sim.portal.0);
        p.locked = false;
        p.failures = 0;
    }

    /// The 6-digit code the portal computes for `unix_secs` (its own RFC 6238,
    /// without the clock offset): tests check clients against it.
    pub fn portal_totp_code(&self, unix_secs: i64) -> String {
        let key = totp::decode_base32(&self.sim.info.totp_secret).unwrap_or_default();
        totp::code(&key, unix_secs.max(0) as u64 / 30, 6)
    }

    /// Ends every portal session on the server side (an expired session).
    pub fn expire_portal_sessions(&self) {
        lock(&self.sim.portal.0).sessions.clear();
    }

    /// Sessions that are signed in (password and 2FA done, not signed out).
    pub fn portal_signed_in_sessions(&self) -> usize {
        lock(&self.sim.portal.0)
            .sessions
            .values()
            .filter(|s| s.stage == Stage::SignedIn)
            .count()
    }
}
