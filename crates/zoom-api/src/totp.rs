//! [`Totp`]: the portal's 2FA codes (RFC 6238: HMAC-SHA1, 6 digits, 30 s
//! steps) on totp-rs, from a secret key as admins paste it.
//!
//! [`decode_totp_secret`] holds the clean-up rules, for this crate and for
//! the settings validation (`zoom-settings` re-exports it): spaces, dashes
//! and `=` padding are removed and letters upper-cased; the key must be
//! base32 and hold at least 80 bits (Zoom shows 16-character keys, authenticator apps 32). Keys of 80
//! bits are below totp-rs's RFC minimum of 128, hence `build_noncompliant()`
//! with the digits and step fixed here. Neither the key nor a code ever
//! appears in Debug, Display or an error.

use std::fmt;

/// Seconds per TOTP window.
pub const TOTP_STEP_SECS: u64 = 30;
/// Digits of the codes Zoom asks for.
pub const TOTP_DIGITS: u8 = 6;
/// Fewest bits a key may hold (16 base32 characters).
pub const MIN_TOTP_SECRET_BITS: usize = 80;

/// Why a pasted 2FA secret key is unusable. Never carries the key itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TotpSecretError {
    /// A character outside base32's `A–Z` and `2–7` (after clean-up), or nothing at all.
    #[error(
        "the 2fa secret key holds a character that is not base32 (only the letters A-Z and the digits 2-7 are)"
    )]
    NotBase32,
    /// The key decodes, but to fewer than 80 bits.
    #[error(
        "the 2fa secret key is too short: it holds {bits} bits, and at least 80 are needed (16 base32 characters)"
    )]
    TooShort {
        /// Bits the key decoded to.
        bits: usize,
    },
}

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

/// Decodes a 2FA secret key as admins paste it (see the module docs): the
/// key's bytes, or why it is unusable.
pub fn decode_totp_secret(pasted: &str) -> Result<Vec<u8>, TotpSecretError> {
    let cleaned: String = pasted
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| matches!(c, 'A'..='Z' | '2'..='7')) {
        return Err(TotpSecretError::NotBase32);
    }
    let bytes = totp_rs::Secret::try_from_base32(&cleaned)
        .map_err(|_| TotpSecretError::NotBase32)?
        .as_bytes()
        .to_vec();
    let bits = bytes.len() * 8;
    if bits < MIN_TOTP_SECRET_BITS {
        return Err(TotpSecretError::TooShort { bits });
    }
    Ok(bytes)
}

impl Totp {
    /// A generator for a base32 key as admins paste it (lower case, spaces,
    /// dashes and `=` padding accepted): SHA1, 6 digits, 30 s steps.
    pub fn from_pasted(pasted: &str) -> Result<Self, TotpSecretError> {
        Ok(Self::from_bytes(decode_totp_secret(pasted)?, TOTP_DIGITS))
    }

    /// A generator for raw key bytes with `digits` digits (6–8; tests check
    /// the 8-digit vectors of RFC 6238 with it).
    pub(crate) fn from_bytes(secret: Vec<u8>, digits: u8) -> Self {
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        let totp = Totp::from_bytes(b"12345678901234567890".to_vec(), 8);
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
        // base32 of "12345678901234567890"; 6 digits = the same value modulo 10^6.
        let totp = Totp::from_pasted("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(totp.code_at(59), "287082");
        assert_eq!(totp.code_at(1_111_111_109), "081804");
    }

    #[test]
    fn pasted_formats_give_the_same_codes() {
        let canonical = Totp::from_pasted("JBSWY3DPEHPK3PXP").map(|t| t.code_at(1_700_000_000));
        assert!(canonical.is_ok());
        for pasted in [
            "jbsw y3dp ehpk 3pxp",
            "JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXP======",
            " jbswy3dpehpk3pxp\n",
        ] {
            assert_eq!(
                Totp::from_pasted(pasted).map(|t| t.code_at(1_700_000_000)),
                canonical,
                "{pasted}"
            );
        }
        let long = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ".to_lowercase();
        assert_eq!(
            Totp::from_pasted(&long).map(|t| t.code_at(59)),
            Ok("287082".to_owned())
        );
    }

    #[test]
    fn bad_keys_are_refused_without_echoing_them() {
        assert_eq!(
            Totp::from_pasted("JBSWY3DPEHPK3PX1").err(),
            Some(TotpSecretError::NotBase32)
        );
        assert_eq!(
            Totp::from_pasted(" - ").err(),
            Some(TotpSecretError::NotBase32)
        );
        assert_eq!(
            Totp::from_pasted("JBSWY3DP").err(),
            Some(TotpSecretError::TooShort { bits: 40 })
        );
        let err = Totp::from_pasted("JBSWY3DPEHPK3PX1")
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| !e.contains("JBSWY3DP")));
    }

    #[test]
    fn debug_hides_the_key() {
        let totp = Totp::from_pasted("JBSWY3DPEHPK3PXP").map(|t| format!("{t:?}"));
        let text = totp.unwrap_or_default();
        assert!(text.contains("[redacted]"));
        assert!(!text.contains("JBSW") && !text.contains("72, 101"));
    }

    #[test]
    fn window_arithmetic() {
        assert_eq!(Totp::remaining_in_window(59), 1);
        assert_eq!(Totp::remaining_in_window(60), 30);
        assert_eq!(Totp::next_window_start(59), 60);
        assert_eq!(Totp::next_window_start(60), 90);
    }
}
