//! The 2FA secret key rules. They live with the TOTP code in `zoom-api`
//! (one copy of the clean-up: spaces, dashes and `=` removed, upper-cased,
//! base32, at least 80 bits); validation re-exports them.

pub use zoom_api::totp::{MIN_TOTP_SECRET_BITS, TotpSecretError, decode_totp_secret};

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
