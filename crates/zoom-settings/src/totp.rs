//! [`decode_totp_secret`]: a 2FA secret key as admins paste it, to bytes.

/// Fewest bits a TOTP secret may hold: Zoom shows 16-character base32 keys (80 bits).
pub const MIN_TOTP_SECRET_BITS: usize = 80;

/// Why a 2FA secret key is unusable. Never carries the key itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TotpSecretError {
    /// A character outside base32's `A–Z` and `2–7` (after clean-up).
    #[error("holds a character that is not base32 (only the letters A-Z and the digits 2-7 are)")]
    NotBase32,
    /// The key decodes, but to fewer than 80 bits.
    #[error(
        "is too short: it holds {bits} bits, and at least 80 are needed (16 base32 characters)"
    )]
    TooShort {
        /// Bits the key decoded to.
        bits: usize,
    },
}

/// Decodes a base32 TOTP secret as admins paste it: spaces, dashes and `=`
/// padding are removed and letters upper-cased first (Zoom shows the key in
/// groups, authenticator apps in lower case). Demands at least 80 bits.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_keys_as_admins_paste_them() {
        let canonical = decode_totp_secret("JBSWY3DPEHPK3PXP").ok();
        assert_eq!(canonical.as_ref().map(Vec::len), Some(10));
        for pasted in [
            "jbsw y3dp ehpk 3pxp",
            "JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXP======",
            " jbswy3dpehpk3pxp\n",
        ] {
            assert_eq!(decode_totp_secret(pasted).ok(), canonical, "{pasted}");
        }
        assert_eq!(
            decode_totp_secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").map(|b| b.len()),
            Ok(20)
        );
    }

    #[test]
    fn rejects_non_base32_and_short_keys() {
        assert_eq!(
            decode_totp_secret("JBSWY3DPEHPK3PX1"),
            Err(TotpSecretError::NotBase32)
        );
        assert_eq!(decode_totp_secret(""), Err(TotpSecretError::NotBase32));
        assert_eq!(
            decode_totp_secret("JBSWY3DP"),
            Err(TotpSecretError::TooShort { bits: 40 })
        );
    }
}
