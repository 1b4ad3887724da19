//! The 2FA secret key rule and [`TotpKey`], the decoded key.
//!
//! An admin pastes the key as Zoom shows it under "Can't scan QR code?" or as
//! an authenticator app exports it. [`decode_totp_secret`] cleans it up
//! (spaces, dashes and `=` padding removed, letters upper-cased), decodes it
//! as base32 (RFC 4648) and requires at least [`MIN_TOTP_SECRET_BITS`] bits
//! (Zoom shows 16-character keys, authenticator apps 32). Validation decodes
//! the key once; the validated connection carries the bytes and the portal
//! login makes its codes from them. Neither the key nor its bytes ever appear
//! in Debug, serialization or an error.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use secrecy::SecretSlice;
use secrecy::zeroize::Zeroize;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::secret::{REDACTED, Secret};

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

/// A decoded 2FA secret key: the bytes the TOTP codes are made from.
///
/// Like [`Secret`], Debug prints `[redacted]`, there is no Display,
/// serialization writes `"[redacted]"`, and the JSON Schema is a secret's
/// (the key is written as base32 text). Deserializing decodes the text with
/// [`decode_totp_secret`]. The bytes are zeroized on drop; read them only to
/// hand them to the portal login, through [`TotpKey::secret`].
#[derive(Clone)]
pub struct TotpKey(SecretSlice<u8>);

impl TotpKey {
    /// The key's bytes, still wrapped: what the portal login takes.
    pub fn secret(&self) -> &SecretSlice<u8> {
        &self.0
    }
}

/// Decodes a 2FA secret key as admins paste it (see the module docs): the
/// key, or why it is unusable.
pub fn decode_totp_secret(pasted: &str) -> Result<TotpKey, TotpSecretError> {
    let mut cleaned: String = pasted
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let decoded = base32(&cleaned);
    cleaned.zeroize();
    let bytes = decoded.ok_or(TotpSecretError::NotBase32)?;
    let bits = bytes.len() * 8;
    if bits < MIN_TOTP_SECRET_BITS {
        return Err(TotpSecretError::TooShort { bits });
    }
    Ok(TotpKey(SecretSlice::from(bytes)))
}

/// RFC 4648 base32 without padding: `None` for an empty text or a character
/// outside `A–Z` and `2–7`. Trailing bits short of a byte are dropped (the
/// `base32` crate behind totp-rs, which decoded keys before, does the same).
fn base32(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() {
        return None;
    }
    // Exactly the output length, so the bytes are never reallocated (a
    // reallocation would leave a copy of the key behind, not zeroized).
    let mut bytes = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u16 = 0;
    let mut bits = 0_u32;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => {
                bytes.zeroize();
                return None;
            }
        };
        buffer = (buffer << 5) | u16::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    buffer.zeroize();
    Some(bytes)
}

impl fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for TotpKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for TotpKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pasted = Secret::deserialize(deserializer)?;
        decode_totp_secret(pasted.expose()).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for TotpKey {
    fn inline_schema() -> bool {
        Secret::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        Secret::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Secret::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use secrecy::ExposeSecret;

    fn bytes(pasted: &str) -> Result<Vec<u8>, TotpSecretError> {
        decode_totp_secret(pasted).map(|key| key.secret().expose_secret().to_vec())
    }

    /// RFC 4648 base32 without padding, to check the decoder against.
    fn encode(data: &[u8]) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut out = String::new();
        let (mut buffer, mut bits) = (0_u32, 0_u32);
        for &byte in data {
            buffer = (buffer << 8) | u32::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
        }
        out
    }

    #[test]
    fn rfc4648_vectors() {
        for (text, plain) in [
            ("MY", "f"),
            ("MZXQ", "fo"),
            ("MZXW6", "foo"),
            ("MZXW6YQ", "foob"),
            ("MZXW6YTB", "fooba"),
            ("MZXW6YTBOI", "foobar"),
        ] {
            assert_eq!(base32(text), Some(plain.as_bytes().to_vec()), "{text}");
        }
        assert_eq!(base32(""), None);
        assert_eq!(base32("MZXW6YT1"), None);
        assert_eq!(base32("mzxw6ytb"), None);
    }

    proptest! {
        #[test]
        fn decodes_what_base32_encodes(data in proptest::collection::vec(any::<u8>(), 1..64)) {
            prop_assert_eq!(base32(&encode(&data)), Some(data));
        }
    }

    #[test]
    fn accepts_keys_as_admins_paste_them() {
        let canonical = bytes("JBSWY3DPEHPK3PXP").ok();
        assert_eq!(canonical.as_ref().map(Vec::len), Some(10));
        for pasted in [
            "jbsw y3dp ehpk 3pxp",
            "JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXP======",
            " jbswy3dpehpk3pxp\n",
        ] {
            assert_eq!(bytes(pasted).ok(), canonical, "{pasted}");
        }
        assert_eq!(
            bytes("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            Ok(b"12345678901234567890".to_vec())
        );
        let grouped = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ".to_lowercase();
        assert_eq!(bytes(&grouped), Ok(b"12345678901234567890".to_vec()));
    }

    #[test]
    fn rejects_non_base32_and_short_keys_without_echoing_them() {
        assert_eq!(bytes("JBSWY3DPEHPK3PX1"), Err(TotpSecretError::NotBase32));
        assert_eq!(bytes(""), Err(TotpSecretError::NotBase32));
        assert_eq!(bytes(" - "), Err(TotpSecretError::NotBase32));
        assert_eq!(bytes("JBSWY3DPÉHPK3PXP"), Err(TotpSecretError::NotBase32));
        assert_eq!(
            bytes("JBSWY3DP"),
            Err(TotpSecretError::TooShort { bits: 40 })
        );
        let shown = bytes("JBSWY3DPEHPK3PX1")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(shown.contains("not base32") && !shown.contains("JBSWY3DP"));
    }

    #[test]
    fn debug_serialization_and_schema_are_a_secrets() -> Result<(), serde_json::Error> {
        let key: TotpKey = serde_json::from_str(r#""JBSWY3DPEHPK3PXP""#)?;
        assert_eq!(key.secret().expose_secret(), b"Hello!\xde\xad\xbe\xef");
        assert_eq!(format!("{key:?}"), "[redacted]");
        assert_eq!(serde_json::to_string(&key)?, r#""[redacted]""#);
        let refused = serde_json::from_str::<TotpKey>(r#""JBSWY3DP""#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(refused.contains("too short") && !refused.contains("JBSWY3DP"));
        assert_eq!(
            schemars::schema_for!(TotpKey).get("format"),
            schemars::schema_for!(Secret).get("format")
        );
        Ok(())
    }
}
