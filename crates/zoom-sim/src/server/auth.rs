//! Server-to-Server OAuth: `POST /oauth/token` (grant `account_credentials`)
//! and bearer-token checks with expiry and revocation.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;
use serde_json::json;

use super::Sim;
use super::response::ZoomError;
use crate::rng::{Gen, Stream};

/// One issued token.
#[derive(Debug)]
struct Issued {
    expires: Instant,
    revoked: bool,
}

/// Every token issued so far.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    issued: HashMap<String, Issued>,
    count: u64,
}

impl Tokens {
    /// Issues a new token valid for `ttl`.
    pub(crate) fn issue(&mut self, seed: u64, now: Instant, ttl: Duration) -> String {
        self.count += 1;
        let mut g = Gen::new(seed ^ 0x544f_4b45, Stream::Ident, self.count);
        let token = format!("sim.{}", g.chars(crate::rng::ID_ALPHABET, 48));
        self.issued.insert(
            token.clone(),
            Issued {
                expires: now + ttl,
                revoked: false,
            },
        );
        token
    }

    /// Revokes every token issued so far.
    pub(crate) fn revoke_all(&mut self) {
        for t in self.issued.values_mut() {
            t.revoked = true;
        }
    }

    /// Checks a bearer token: Zoom's 401 code 124 when unknown, revoked or expired.
    pub(crate) fn check(&mut self, token: &str, now: Instant) -> Result<(), ZoomError> {
        match self.issued.get(token) {
            Some(t) if t.revoked => Err(ZoomError::invalid_token("Invalid access token.")),
            Some(t) if t.expires <= now => {
                Err(ZoomError::invalid_token("Access token is expired."))
            }
            Some(_) => Ok(()),
            None => Err(ZoomError::invalid_token("Invalid access token.")),
        }
    }
}

fn oauth_error(reason: &str, error: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"reason": reason, "error": error})),
    )
        .into_response()
}

/// `POST /oauth/token?grant_type=account_credentials&account_id=…` with Basic auth
/// (the two parameters may also come as a form body).
pub(crate) async fn token(
    State(sim): State<Arc<Sim>>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let mut params = query;
    for (k, v) in url_form(&body) {
        params.entry(k).or_insert(v);
    }
    let basic = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) else {
        return oauth_error("Invalid client_id or client_secret", "invalid_client");
    };
    if id != sim.creds.client_id || secret != sim.creds.client_secret {
        return oauth_error("Invalid client_id or client_secret", "invalid_client");
    }
    match params.get("grant_type").map(String::as_str) {
        Some("account_credentials") => {}
        Some(_) => return oauth_error("unsupported grant type", "unsupported_grant_type"),
        None => return oauth_error("Missing grant type", "invalid_request"),
    }
    // Guessed: Zoom's answer to a wrong account_id is not documented.
    if params.get("account_id") != Some(&sim.acc.account_id) {
        return oauth_error("Invalid account_id", "invalid_request");
    }
    let ttl = Duration::from_secs(sim.cfg.token_ttl_secs);
    let token = super::lock(&sim.tokens).issue(sim.acc.seed, Instant::now(), ttl);
    super::lock(&sim.stats).tokens_issued += 1;
    let scope = sim.scopes.join(" ");
    axum::Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": sim.cfg.token_ttl_secs,
        "scope": scope,
        "api_url": sim.info.api_url,
    }))
    .into_response()
}

/// Parses an `application/x-www-form-urlencoded` body (best effort).
fn url_form(body: &[u8]) -> Vec<(String, String)> {
    let Ok(s) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    // `+` is a space; invalid `%` escapes are kept as they are.
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    s.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::url_form;

    #[test]
    fn form_bodies_decode_escapes_and_keep_invalid_ones() {
        let pairs = |body: &str| url_form(body.as_bytes());
        assert_eq!(
            pairs("grant%5Ftype=account+credentials&id=ab%2Fcd%2F%2F%3D%3D"),
            [
                ("grant_type".to_string(), "account credentials".to_string()),
                ("id".to_string(), "ab/cd//==".to_string()),
            ]
        );
        assert_eq!(
            pairs("a=100%&b=%zz&c=%e2%82%ac&d=%ff"),
            [
                ("a".to_string(), "100%".to_string()),
                ("b".to_string(), "%zz".to_string()),
                ("c".to_string(), "\u{20ac}".to_string()),
                ("d".to_string(), "\u{fffd}".to_string()),
            ]
        );
        assert!(pairs("novalue&=x").iter().all(|(k, _)| k.is_empty()));
    }
}
