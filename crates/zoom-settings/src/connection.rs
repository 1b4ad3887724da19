//! [`ConnectionParams`]: where the Zoom account is and how to sign in to it.
//! Keys and titles follow docs/contracts.md, "Connection parameters and settings"; the titles are the names admins see.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::secret::Secret;
use crate::totp::TotpKey;

/// Default of `domain`: Zoom's public API host.
pub const DEFAULT_DOMAIN: &str = "https://api.zoom.us";
/// Default of `oauth_url`: Zoom's OAuth token endpoint.
pub const DEFAULT_OAUTH_URL: &str = "https://zoom.us/oauth/token";

/// Schema pattern of the ids (`account_id`, `client_id`): no white space and
/// no control character (C0, DEL, C1), which `\S` alone lets through. Written
/// with `\x` escapes, which ECMA-262, Python and Rust regexes all read alike.
const ID_PATTERN: &str = r"^[^\s\x00-\x1f\x7f-\x9f]+$";

/// Schema pattern of other short text (`username`): no control character.
const TEXT_PATTERN: &str = r"^[^\x00-\x1f\x7f-\x9f]+$";

/// How to reach and authenticate to one Zoom account.
///
/// The Server-to-Server OAuth keys are needed for every asset type; `portal_url`,
/// `username`, `password` and `totp_secret` only to fetch application settings
/// and licenses through the web portal. Secrets may instead come from the
/// `ZOOM_CLIENT_SECRET`, `ZOOM_PASSWORD` and `ZOOM_TOTP_SECRET` variables.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Zoom connection",
    description = "How to reach and authenticate to one Zoom account. The Server-to-Server OAuth keys are needed for every asset type; portal_url, username, password and totp_secret only for application settings and licenses. Secrets may come from ZOOM_CLIENT_SECRET, ZOOM_PASSWORD and ZOOM_TOTP_SECRET instead."
)]
pub struct ConnectionParams {
    /// Base URL of the Zoom REST API, without `/v2` (the adapter adds it).
    #[serde(default = "default_domain")]
    #[schemars(title = "Zoom Domain")]
    pub domain: Url,

    /// Account ID of the Server-to-Server OAuth app (App Credentials page of the Zoom App Marketplace).
    #[schemars(title = "Account ID", length(min = 1), pattern(ID_PATTERN))]
    pub account_id: String,

    /// Client ID of the Server-to-Server OAuth app.
    #[schemars(title = "OAuth Client ID", length(min = 1), pattern(ID_PATTERN))]
    pub client_id: String,

    /// Client secret of the Server-to-Server OAuth app; may come from ZOOM_CLIENT_SECRET instead.
    #[schemars(title = "OAuth Client Secret")]
    pub client_secret: Secret,

    /// Zoom's OAuth token endpoint.
    #[serde(default = "default_oauth_url")]
    #[schemars(title = "OAuth Token URL")]
    pub oauth_url: Url,

    /// Verify the TLS certificate of Zoom (turn off only for a lab proxy that re-signs traffic).
    #[serde(default = "default_true")]
    #[schemars(title = "Verify SSL")]
    pub verify_ssl: bool,

    /// Proxy for all requests to Zoom: an http, https, socks5 or socks5h URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "HTTPS Proxy")]
    pub https_proxy: Option<ProxyUrl>,

    /// The account's web-portal URL, https://<account>.zoom.us; needed for application settings and licenses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Zoom web portal URL")]
    pub portal_url: Option<Url>,

    /// Sign-in email of the dedicated Zoom user that reads application settings and licenses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Username", length(min = 1), pattern(TEXT_PATTERN))]
    pub username: Option<String>,

    /// Password of that user; may come from ZOOM_PASSWORD instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Password")]
    pub password: Option<Secret>,

    /// That user's 2FA secret key as Zoom shows it under "Can't scan QR code?" (base32); may come from ZOOM_TOTP_SECRET instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "2FA Secret Key")]
    pub totp_secret: Option<TotpKey>,
}

fn default_domain() -> Url {
    Url::parse(DEFAULT_DOMAIN).unwrap_or_else(|_| unreachable!("constant URL parses"))
}

fn default_oauth_url() -> Url {
    Url::parse(DEFAULT_OAUTH_URL).unwrap_or_else(|_| unreachable!("constant URL parses"))
}

fn default_true() -> bool {
    true
}

/// A proxy URL. It may carry credentials (`http://user:pass@proxy:3128`), so
/// Debug masks the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProxyUrl(pub Url);

impl JsonSchema for ProxyUrl {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "ProxyUrl".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "uri" })
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        if shown.password().is_some() {
            // Only fails for URLs that cannot have credentials, which had none.
            let _ = shown.set_password(Some("[redacted]"));
        }
        write!(f, "ProxyUrl({shown})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_domain_oauth_url_and_verify_ssl() -> Result<(), serde_json::Error> {
        let params: ConnectionParams =
            serde_json::from_str(r#"{"account_id":"a","client_id":"c","client_secret":"s"}"#)?;
        assert_eq!(params.domain.as_str(), "https://api.zoom.us/");
        assert_eq!(params.oauth_url.as_str(), DEFAULT_OAUTH_URL);
        assert!(params.verify_ssl);
        Ok(())
    }

    #[test]
    fn debug_masks_every_secret_and_proxy_password() -> Result<(), serde_json::Error> {
        let params: ConnectionParams = serde_json::from_str(
            r#"{"account_id":"a","client_id":"c","client_secret":"cs-distinctive",
                "https_proxy":"http://bob:proxy-pw-distinctive@proxy.local:3128",
                "password":"pw-distinctive","totp_secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}"#,
        )?;
        let shown = format!("{params:?}");
        assert!(params.totp_secret.is_some());
        for secret in [
            "cs-distinctive",
            "proxy-pw-distinctive",
            "pw-distinctive",
            "GEZDGNBV",
            "49, 50, 51",
        ] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
        assert!(shown.contains("proxy.local"));
        Ok(())
    }
}
