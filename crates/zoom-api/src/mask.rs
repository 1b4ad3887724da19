//! [`SecretMask`]: every secret a client knows (client secret, the base64
//! `client_id:client_secret` of Basic auth, access tokens, the portal
//! password, the TOTP secret in base32, cookies and CSRF tokens), so that
//! text a server sent is masked before it is kept in an error or a log.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString};

use crate::auth::S2sCredentials;

/// Secrets shorter than this are not masked (they would garble every
/// message; no real credential is this short).
const SHORTEST_MASKED: usize = 6;

/// What replaces a secret in a message.
pub const MASKED: &str = "[redacted]";

/// A shared, growing set of secrets. Cheap to clone; clones share the set.
#[derive(Clone, Default)]
pub struct SecretMask(Arc<RwLock<Vec<SecretString>>>);

impl fmt::Debug for SecretMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretMask([redacted])")
    }
}

impl SecretMask {
    /// Adds a secret (and its URL-encoded form, when that differs).
    pub fn add(&self, secret: &str) {
        if secret.len() < SHORTEST_MASKED {
            return;
        }
        let mut secrets = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        for value in [secret.to_owned(), encoded] {
            if !secrets.iter().any(|s| s.expose_secret() == value) {
                secrets.push(SecretString::from(value));
            }
        }
    }

    /// Adds the client secret and the Basic-auth credentials built from it.
    pub fn add_client_credentials(&self, credentials: &S2sCredentials) {
        let secret = credentials.client_secret.expose_secret();
        self.add(secret);
        let basic = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{secret}", credentials.client_id));
        self.add(&basic);
    }

    /// Adds a 2FA secret key, given its bytes, as the base32 a server could
    /// echo: upper case (as Zoom shows it) and lower case, without padding.
    pub fn add_totp_secret(&self, key: &[u8]) {
        let upper = SecretString::from(totp_rs::Secret::from(key).to_base32());
        self.add(upper.expose_secret());
        self.add(&upper.expose_secret().to_ascii_lowercase());
    }

    /// `text` with every known secret replaced by [`MASKED`], longest first
    /// (so a secret containing another is masked whole).
    pub fn mask(&self, text: &str) -> String {
        let secrets = self.0.read().unwrap_or_else(PoisonError::into_inner);
        let mut ordered: Vec<&str> = secrets.iter().map(|s| s.expose_secret()).collect();
        ordered.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let mut out = text.to_owned();
        for secret in ordered {
            if out.contains(secret) {
                out = out.replace(secret, MASKED);
            }
        }
        out
    }

    /// A server's message as it may be kept: masked, then cut at 300 characters.
    pub fn clean(&self, text: &str) -> String {
        truncate(&self.mask(text))
    }
}

/// Caps a message at 300 bytes (on a character boundary).
pub(crate) fn truncate(text: &str) -> String {
    const MAX: usize = 300;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_basic_credentials_are_masked() {
        let mask = SecretMask::default();
        mask.add_client_credentials(&S2sCredentials::new(
            "acct",
            "cid",
            SecretString::from("s3cr3t-value"),
        ));
        let basic = base64::engine::general_purpose::STANDARD.encode("cid:s3cr3t-value");
        let text = format!("echo: Authorization: Basic {basic}; secret=s3cr3t-value");
        let masked = mask.clean(&text);
        assert!(!masked.contains("s3cr3t-value"), "{masked}");
        assert!(!masked.contains(&basic), "{masked}");
        assert_eq!(masked.matches(MASKED).count(), 2, "{masked}");
    }

    #[test]
    fn totp_secrets_are_masked_in_base32() {
        let mask = SecretMask::default();
        mask.add_totp_secret(b"12345678901234567890");
        let masked =
            mask.mask("key GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ or gezdgnbvgy3tqojqgezdgnbvgy3tqojq");
        assert_eq!(masked, "key [redacted] or [redacted]");
    }

    #[test]
    fn url_encoded_secrets_and_short_values() {
        let mask = SecretMask::default();
        mask.add("pa ss/wörd");
        mask.add("abc");
        let masked = mask.mask("x=pa+ss%2Fw%C3%B6rd abc");
        assert_eq!(masked, "x=[redacted] abc");
    }

    #[test]
    fn long_messages_are_cut_on_a_char_boundary() {
        let text = "é".repeat(400);
        let cut = truncate(&text);
        assert!(cut.len() <= 304 && cut.ends_with('…'));
    }
}
