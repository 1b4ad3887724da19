//! [`PortalError`] and [`PortalErrorKind`]: why the portal sign-in or a read
//! behind it failed, distinctly for each case an admin must handle, and how
//! the portal's answers are recognised ([`recognise`]).
//!
//! No error ever carries the password, the TOTP secret, a code, a cookie or a
//! CSRF token: details are written here from fixed text, plus at most the
//! portal's own short error message.

use std::fmt;

use crate::error::ErrorKind;

/// What went wrong with the portal, one variant per admin action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PortalErrorKind {
    /// The portal settings are unusable (bad URL, empty credential, bad 2FA key).
    Config,
    /// The portal could not be reached (network, timeout, 5xx).
    Unreachable,
    /// The portal refused the user name or password.
    WrongPassword,
    /// The portal refused the 2FA code (also after waiting for the next window).
    WrongCode,
    /// The account is locked after too many failed sign-ins.
    AccountLocked,
    /// The portal demands a captcha, which the adapter cannot solve.
    CaptchaRequired,
    /// The user can only sign in through SSO; a password sign-in is impossible.
    SsoOnly,
    /// The session ended (expired, signed out) before a read.
    SessionExpired,
    /// The portal answered with something the adapter does not recognise
    /// (its pages changed, or `portal_url` is not a Zoom web portal).
    UnexpectedResponse,
}

impl PortalErrorKind {
    /// The kind's stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            PortalErrorKind::Config => "config",
            PortalErrorKind::Unreachable => "unreachable",
            PortalErrorKind::WrongPassword => "wrong_password",
            PortalErrorKind::WrongCode => "wrong_code",
            PortalErrorKind::AccountLocked => "account_locked",
            PortalErrorKind::CaptchaRequired => "captcha_required",
            PortalErrorKind::SsoOnly => "sso_only",
            PortalErrorKind::SessionExpired => "session_expired",
            PortalErrorKind::UnexpectedResponse => "unexpected_response",
        }
    }

    /// The crate-wide class the host maps to exit codes: sign-in refusals are
    /// `auth`, an unreachable portal or a lost session `transient`, an
    /// unrecognised answer `bug`.
    pub fn error_kind(self) -> ErrorKind {
        match self {
            PortalErrorKind::Config => ErrorKind::Config,
            PortalErrorKind::Unreachable | PortalErrorKind::SessionExpired => ErrorKind::Transient,
            PortalErrorKind::WrongPassword
            | PortalErrorKind::WrongCode
            | PortalErrorKind::AccountLocked
            | PortalErrorKind::CaptchaRequired
            | PortalErrorKind::SsoOnly => ErrorKind::Auth,
            PortalErrorKind::UnexpectedResponse => ErrorKind::Bug,
        }
    }

    /// What an admin should do about it.
    pub fn what_to_do(self) -> &'static str {
        match self {
            PortalErrorKind::Config => {
                "fix the portal url, username, password or 2fa secret key in the connection"
            }
            PortalErrorKind::Unreachable => {
                "check that portal_url is the account's web-portal url (https://<account>.zoom.us) and that the network and proxy let the adapter reach it; it usually passes on the next cycle"
            }
            PortalErrorKind::WrongPassword => {
                "check the username and password of the portal user (the adapter tries once per cycle so it cannot lock the account)"
            }
            PortalErrorKind::WrongCode => {
                "check the 2fa secret key (the key shown when 2fa was set up for the portal user, 16 or 32 characters) and that this machine's clock is right (ntp)"
            }
            PortalErrorKind::AccountLocked => {
                "the portal user is locked after failed sign-ins: unlock it in the zoom web portal (or wait for the lock to expire), then fix the credentials"
            }
            PortalErrorKind::CaptchaRequired => {
                "zoom demands a captcha for this user: sign in once by hand from a browser on this network, or ask zoom support to exempt the user"
            }
            PortalErrorKind::SsoOnly => {
                "the portal user signs in only through sso: create a dedicated user allowed to sign in with a password and 2fa"
            }
            PortalErrorKind::SessionExpired => {
                "the portal session ended during the cycle; it usually passes on the next cycle"
            }
            PortalErrorKind::UnexpectedResponse => {
                "the zoom web portal answered in a way the adapter does not know (its pages may have changed): report this message to the adapter's maintainers"
            }
        }
    }
}

impl fmt::Display for PortalErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed portal step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalError {
    /// What went wrong.
    pub kind: PortalErrorKind,
    /// The step (`GET /signin`, `POST /signin/two_factor` …; never a URL).
    pub step: &'static str,
    /// The HTTP status, when the portal answered.
    pub status: Option<u16>,
    /// What happened, without any secret.
    pub detail: String,
}

impl PortalError {
    /// A new error.
    pub fn new(kind: PortalErrorKind, step: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind,
            step,
            status: None,
            detail: detail.into(),
        }
    }

    /// Sets the HTTP status.
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// What an admin should do about it.
    pub fn what_to_do(&self) -> &'static str {
        self.kind.what_to_do()
    }
}

impl PortalError {
    /// What happened, without what to do.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "zoom web portal: {} failed ({}): {}",
            self.step, self.kind, self.detail
        );
        if let Some(status) = self.status {
            text.push_str(&format!("; http {status}"));
        }
        text
    }
}

impl fmt::Display for PortalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.describe(), self.what_to_do())
    }
}

impl std::error::Error for PortalError {}

/// The portal's error codes as the adapter assumes them (docs/operations.md,
/// "Portal login"); the message is checked too, so a changed code alone does
/// not break recognition.
pub(crate) mod codes {
    /// Wrong email or password.
    pub(crate) const WRONG_PASSWORD: i64 = 1001;
    /// Account locked.
    pub(crate) const LOCKED: i64 = 1002;
    /// Captcha demanded.
    pub(crate) const CAPTCHA: i64 = 1003;
    /// SSO-only account.
    pub(crate) const SSO_ONLY: i64 = 1004;
    /// Wrong 2FA code.
    pub(crate) const WRONG_CODE: i64 = 1010;
}

/// Recognises a refusal from the portal's error code and message. Checked in
/// this order: locked, captcha, SSO, 2FA code, password (a lock message may
/// mention the password; a code message may say "invalid").
pub(crate) fn recognise(code: Option<i64>, message: &str) -> Option<PortalErrorKind> {
    let m = message.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
    match code {
        Some(codes::LOCKED) => return Some(PortalErrorKind::AccountLocked),
        Some(codes::CAPTCHA) => return Some(PortalErrorKind::CaptchaRequired),
        Some(codes::SSO_ONLY) => return Some(PortalErrorKind::SsoOnly),
        Some(codes::WRONG_CODE) => return Some(PortalErrorKind::WrongCode),
        Some(codes::WRONG_PASSWORD) => return Some(PortalErrorKind::WrongPassword),
        _ => {}
    }
    if has(&["locked", "too many failed", "too many attempts"]) {
        Some(PortalErrorKind::AccountLocked)
    } else if has(&["captcha", "robot"]) {
        Some(PortalErrorKind::CaptchaRequired)
    } else if has(&["single sign-on", "sso"]) {
        Some(PortalErrorKind::SsoOnly)
    } else if has(&[
        "verification code",
        "passcode",
        "authentication code",
        "2fa",
        "otp",
    ]) {
        Some(PortalErrorKind::WrongCode)
    } else if has(&["password", "incorrect email", "invalid email"]) {
        Some(PortalErrorKind::WrongPassword)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_recognised_by_code_then_message() {
        use PortalErrorKind as K;
        assert_eq!(recognise(Some(1001), ""), Some(K::WrongPassword));
        assert_eq!(
            recognise(Some(1002), "Incorrect password"),
            Some(K::AccountLocked)
        );
        assert_eq!(recognise(Some(1003), ""), Some(K::CaptchaRequired));
        assert_eq!(recognise(Some(1004), ""), Some(K::SsoOnly));
        assert_eq!(recognise(Some(1010), ""), Some(K::WrongCode));
        for (message, kind) in [
            ("Incorrect email or password.", K::WrongPassword),
            (
                "Your account has been locked after too many failed attempts. Please reset your password.",
                K::AccountLocked,
            ),
            (
                "Please complete the CAPTCHA to continue.",
                K::CaptchaRequired,
            ),
            ("I'm not a robot", K::CaptchaRequired),
            ("Your account uses single sign-on (SSO).", K::SsoOnly),
            ("Invalid verification code. Please try again.", K::WrongCode),
            ("The passcode is wrong", K::WrongCode),
        ] {
            assert_eq!(recognise(Some(9999), message), Some(kind), "{message}");
            assert_eq!(recognise(None, message), Some(kind), "{message}");
        }
        assert_eq!(recognise(None, "Something went wrong"), None);
    }

    #[test]
    fn kinds_map_to_crate_kinds() {
        assert_eq!(PortalErrorKind::WrongPassword.error_kind(), ErrorKind::Auth);
        assert_eq!(
            PortalErrorKind::Unreachable.error_kind(),
            ErrorKind::Transient
        );
        assert_eq!(
            PortalErrorKind::UnexpectedResponse.error_kind(),
            ErrorKind::Bug
        );
        assert_eq!(PortalErrorKind::Config.error_kind(), ErrorKind::Config);
        let e = PortalError::new(
            PortalErrorKind::WrongCode,
            "POST /signin/two_factor",
            "the portal refused the code",
        )
        .with_status(200);
        let text = e.to_string();
        assert!(text.starts_with("zoom web portal: POST /signin/two_factor failed (wrong_code)"));
        assert!(text.contains("http 200") && text.contains("2fa secret key"));
    }
}
