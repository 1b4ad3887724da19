//! [`Totp`]: the portal's 2FA codes (RFC 6238: HMAC-SHA1, 6 digits, 30 s
//! steps) on totp-rs, from the secret key's bytes.
//!
//! The key arrives decoded: the rules for a key as admins paste it (clean-up,
//! base32, at least 80 bits) belong to the settings validation
//! (`zoom-settings`), which decodes it once. Keys of 80 bits are below
//! totp-rs's RFC minimum of 128, hence `build_noncompliant()` with the digits
//! and step fixed here. Neither the key nor a code ever appears in Debug,
//! Display or an error.

use std::fmt;

/// Seconds per TOTP window.
pub const TOTP_STEP_SECS: u64 = 30;
/// Digits of the codes Zoom asks for.
pub const TOTP_DIGITS: u8 = 6;

/// A TOTP generator for one secret key. Debug shows only the parameters.
#[derive(Clone)]
pub struct Totp {
    inner: totp_rs::Totp,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Totp")
            .field("secret", &"[redacted]")
            .field("digits", &self.inner.digits())
            .field("step", &self.inner.step())
            .finish()
    }
}

impl Totp {
    /// A generator for the key's bytes (decoded from base32): SHA1, 6 digits,
    /// 30 s steps. totp-rs keeps its own copy, zeroized on drop.
    pub fn new(secret: &[u8]) -> Self {
        Self::with_digits(secret, TOTP_DIGITS)
    }

    /// A generator with `digits` digits (6–8; tests check the 8-digit
    /// vectors of RFC 6238 with it).
    pub(crate) fn with_digits(secret: &[u8], digits: u8) -> Self {
        let inner = totp_rs::Builder::new()
            .with_algorithm(totp_rs::Algorithm::SHA1)
            .with_digits(digits.clamp(6, 8))
            .with_step_duration(TOTP_STEP_SECS)
            .with_skew(0)
            .with_secret(secret)
            .build_noncompliant();
        Self { inner }
    }

    /// The code for the window holding `unix_secs` (seconds since the Unix
    /// epoch), zero-padded to the digit count.
    pub fn code_at(&self, unix_secs: u64) -> String {
        self.inner.generate(unix_secs).to_string()
    }

    /// Seconds left in the window holding `unix_secs` (1–30).
    pub fn remaining_in_window(unix_secs: u64) -> u64 {
        TOTP_STEP_SECS - unix_secs % TOTP_STEP_SECS
    }

    /// The first second of the window after the one holding `unix_secs`.
    pub fn next_window_start(unix_secs: u64) -> u64 {
        (unix_secs / TOTP_STEP_SECS + 1) * TOTP_STEP_SECS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        let totp = Totp::with_digits(b"12345678901234567890", 8);
        for (t, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp.code_at(t), code, "t = {t}");
        }
    }

    #[test]
    fn six_digits_are_the_last_six_of_the_rfc_vectors() {
        // 6 digits = the same value modulo 10^6.
        let totp = Totp::new(b"12345678901234567890");
        assert_eq!(totp.code_at(59), "287082");
        assert_eq!(totp.code_at(1_111_111_109), "081804");
    }

    #[test]
    fn an_80_bit_key_makes_codes() {
        // "JBSWY3DPEHPK3PXP", the 16-character key Zoom shows, decoded.
        let totp = Totp::new(b"Hello!\xde\xad\xbe\xef");
        assert_eq!(totp.code_at(59).len(), 6);
        assert_ne!(totp.code_at(59), totp.code_at(60));
    }

    #[test]
    fn debug_hides_the_key() {
        let text = format!("{:?}", Totp::new(b"Hello!\xde\xad\xbe\xef"));
        assert!(text.contains("[redacted]"));
        assert!(
            !text.contains("72, 101") && !text.contains("JBSW"),
            "{text}"
        );
    }

    #[test]
    fn window_arithmetic() {
        assert_eq!(Totp::remaining_in_window(59), 1);
        assert_eq!(Totp::remaining_in_window(60), 30);
        assert_eq!(Totp::next_window_start(59), 60);
        assert_eq!(Totp::next_window_start(60), 90);
    }
}
