//! Checks a schema cannot express: URLs that parse and use https, proxy
//! schemes, 2FA keys that decode, and keys required only when a setting is on.
//!
//! They read the raw JSON objects, so they run even when the schema step found
//! problems elsewhere, and every problem is reported at once. Secrets that
//! came from the environment are read from there (the JSON holds only a
//! stand-in for them), and the 2FA key is decoded here, once.

use std::net::IpAddr;

use serde_json::{Map, Value};
use url::{Host, Url};

use crate::document::Document;
use crate::hints::hint;
use crate::problem::Problem;
use crate::secret::SecretEnv;
use crate::totp::{TotpKey, decode_totp_secret};
use crate::translate::{control_character, control_what};

/// Connection keys needed when `fetch_settings_and_licenses` is on.
pub(crate) const PORTAL_KEYS: [&str; 4] = ["portal_url", "username", "password", "totp_secret"];

/// What the semantic checks found: the problems, and the 2FA key decoded
/// (when the connection has one and it decodes).
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// Every semantic problem, in the order they are reported.
    pub problems: Vec<Problem>,
    /// The decoded `totp_secret`.
    pub totp_secret: Option<TotpKey>,
}

/// Semantic checks of the connection, given whether the settings turn the
/// portal sources on and which secret keys `env` filled (`env_keys`).
pub(crate) fn check_connection(
    connection: &Map<String, Value>,
    portal_needed: bool,
    env: &SecretEnv,
    env_keys: &[&str],
) -> Checked {
    // A secret's text: the environment's when it came from there, else the file's.
    let secret_text = |key: &str| match env.get(key) {
        Some((_, secret)) if env_keys.contains(&key) => Some(secret.expose()),
        _ => connection.get(key).and_then(Value::as_str),
    };
    let mut problems = Vec::new();
    for key in ["client_secret", "password"] {
        if let Some(text) = secret_text(key)
            && let Some(c) = control_character(text)
        {
            let from_env = SecretEnv::VARIABLES
                .iter()
                .find(|(k, _)| *k == key && env_keys.contains(k))
                .map(|(_, var)| format!(" (the value came from {var})"))
                .unwrap_or_default();
            problems.push(Problem::new(
                Document::Connection,
                format!("/{key}"),
                &format!("{}{from_env}", control_what(c)),
                &format!(
                    "copy the value again without invisible characters; {}",
                    hint(Document::Connection, key)
                ),
            ));
        }
    }
    for key in ["domain", "oauth_url", "portal_url"] {
        if let Some(Value::String(text)) = connection.get(key) {
            problems.extend(check_service_url(key, text));
        }
    }
    if let Some(Value::String(text)) = connection.get("https_proxy") {
        problems.extend(check_proxy_url(text));
    }
    if let Some(Value::String(text)) = connection.get("username")
        && !looks_like_email(text)
    {
        problems.push(Problem::new(
            Document::Connection,
            "/username",
            "is not an email address",
            hint(Document::Connection, "username"),
        ));
    }
    let mut totp_secret = None;
    if let Some(text) = secret_text("totp_secret")
        && !text.is_empty()
    {
        match decode_totp_secret(text) {
            Ok(key) => totp_secret = Some(key),
            Err(err) => problems.push(Problem::new(
                Document::Connection,
                "/totp_secret",
                &err.to_string(),
                hint(Document::Connection, "totp_secret"),
            )),
        }
    }
    if portal_needed {
        for key in PORTAL_KEYS {
            if connection.get(key).is_none_or(Value::is_null) {
                problems.push(Problem::new(
                    Document::Connection,
                    format!("/{key}"),
                    "is required because the setting fetch_settings_and_licenses is on",
                    hint(Document::Connection, key),
                ));
            }
        }
    }
    Checked {
        problems,
        totp_secret,
    }
}

fn check_service_url(key: &str, text: &str) -> Option<Problem> {
    let problem = |what: &str| {
        Some(Problem::new(
            Document::Connection,
            format!("/{key}"),
            what,
            hint(Document::Connection, key),
        ))
    };
    // The URL parser drops tabs and line breaks anywhere and control
    // characters at either end, so it would accept what others refuse.
    if let Some(c) = control_character(text) {
        return problem(&control_what(c));
    }
    let url = match Url::parse(text.trim()) {
        Ok(url) => url,
        Err(_) if !text.contains("://") => {
            return problem("is not an absolute URL (it has no scheme such as https://)");
        }
        Err(err) => return problem(&format!("is not a valid URL ({err})")),
    };
    if text.trim() != text {
        return problem("has spaces around the URL");
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return problem(
                "must use https (plain http is accepted only for loopback hosts, such as a local simulator)",
            );
        }
        _ => return problem("must be an https URL"),
    }
    if url.host().is_none() {
        return problem("has no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return problem("must not carry credentials in the URL");
    }
    if key != "oauth_url" && (url.query().is_some() || url.fragment().is_some()) {
        return problem("must not have a query or a fragment");
    }
    if key == "domain" && url.path().trim_end_matches('/').ends_with("/v2") {
        return problem("must not end with /v2 (the adapter adds /v2 itself)");
    }
    None
}

fn check_proxy_url(text: &str) -> Option<Problem> {
    let problem = |what: &str| {
        Some(Problem::new(
            Document::Connection,
            "/https_proxy",
            what,
            hint(Document::Connection, "https_proxy"),
        ))
    };
    if let Some(c) = control_character(text) {
        return problem(&control_what(c));
    }
    let Ok(url) = Url::parse(text.trim()) else {
        return problem("is not an absolute URL with a scheme");
    };
    if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
        return problem("has an unsupported scheme (supported: http, https, socks5, socks5h)");
    }
    if url.host().is_none() {
        return problem("has no host");
    }
    None
}

/// Whether the URL's host is on this machine (127.0.0.0/8, ::1, localhost).
/// Whether `text` looks like an email address: one `@` with text on both
/// sides and a dot in the domain.
fn looks_like_email(text: &str) -> bool {
    match text.trim().split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_problem(key: &str, text: &str) -> Option<String> {
        check_service_url(key, text).map(|p| p.message)
    }

    #[test]
    fn https_required_except_on_loopback() {
        assert_eq!(url_problem("domain", "https://api.zoom.us"), None);
        assert_eq!(url_problem("domain", "http://127.0.0.1:8080"), None);
        assert_eq!(url_problem("domain", "http://127.9.9.9"), None);
        assert_eq!(url_problem("domain", "http://[::1]:9000"), None);
        assert_eq!(
            url_problem("oauth_url", "http://localhost:9000/oauth/token"),
            None
        );
        assert!(url_problem("domain", "http://api.zoom.us").is_some_and(|m| m.contains("https")));
        assert!(url_problem("domain", "http://10.0.0.1").is_some());
        assert!(url_problem("domain", "ftp://api.zoom.us").is_some());
    }

    #[test]
    fn malformed_urls_are_explained_without_echoing_them() {
        let message = url_problem("portal_url", "https//globex.zoom.us").unwrap_or_default();
        assert!(message.contains("no scheme"), "{message}");
        assert!(!message.contains("globex"), "{message}");
        assert!(url_problem("domain", "https://api.zoom.us/v2").is_some_and(|m| m.contains("/v2")));
        assert!(
            url_problem("domain", "https://u:p@api.zoom.us")
                .is_some_and(|m| m.contains("credentials"))
        );
        assert!(url_problem("portal_url", "https://acme.zoom.us/?x=1").is_some());
    }

    #[test]
    fn proxy_schemes() {
        for ok in [
            "http://proxy:3128",
            "https://proxy:443",
            "socks5://127.0.0.1:1080",
            "socks5h://p:1",
        ] {
            assert!(check_proxy_url(ok).is_none(), "{ok}");
        }
        for bad in ["ftp://proxy:21", "proxy:3128", "not a url"] {
            assert!(check_proxy_url(bad).is_some(), "{bad}");
        }
    }

    fn no_env() -> SecretEnv {
        SecretEnv::default()
    }

    #[test]
    fn portal_keys_required_one_problem_each() {
        let connection = Map::new();
        let problems = check_connection(&connection, true, &no_env(), &[]).problems;
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/portal_url", "/username", "/password", "/totp_secret"]
        );
        assert!(
            check_connection(&connection, false, &no_env(), &[])
                .problems
                .is_empty()
        );
    }

    #[test]
    fn the_2fa_key_is_decoded_from_the_file_or_the_environment() {
        let file: Map<String, Value> =
            serde_json::from_str(r#"{"totp_secret": "jbsw y3dp ehpk 3pxp"}"#).unwrap_or_default();
        let checked = check_connection(&file, true, &no_env(), &[]);
        assert!(checked.problems.iter().all(|p| p.pointer != "/totp_secret"));
        assert!(checked.totp_secret.is_some());

        // From the environment, the JSON holds a stand-in that is not read.
        let stand_in: Map<String, Value> =
            serde_json::from_str(r#"{"totp_secret": "[stand-in]"}"#).unwrap_or_default();
        let env = SecretEnv::from_lookup(|name| {
            (name == "ZOOM_TOTP_SECRET").then(|| "JBSWY3DPEHPK3PXP".to_owned())
        });
        let checked = check_connection(&stand_in, false, &env, &["totp_secret"]);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        assert!(checked.totp_secret.is_some());
        let checked = check_connection(&stand_in, false, &no_env(), &[]);
        assert_eq!(checked.problems.len(), 1, "{:?}", checked.problems);
        assert!(checked.totp_secret.is_none());
    }

    #[test]
    fn control_characters_in_urls_and_secrets_are_refused() {
        for text in [
            "https://api.zo\tom.us",
            "https://api.zoom.us\u{0}",
            "\u{1}https://api.zoom.us",
            "https://api.zoom.us/\n",
            "https://api.zoom.us/\u{85}",
        ] {
            let message = url_problem("domain", text).unwrap_or_default();
            assert!(message.starts_with("contains "), "{text:?}: {message}");
            assert!(
                check_proxy_url(&text.replace("api.", "proxy.")).is_some(),
                "{text:?}"
            );
        }
        let connection: Map<String, Value> = serde_json::from_str(
            r#"{"client_secret": "cs-distinctive\r", "password": "[stand-in]"}"#,
        )
        .unwrap_or_default();
        let env = SecretEnv::from_lookup(|name| {
            (name == "ZOOM_PASSWORD").then(|| "pw distinctive\u{0}".to_owned())
        });
        let problems = check_connection(&connection, false, &env, &["password"]).problems;
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].contains("/client_secret") && shown[0].contains("line break"));
        assert!(shown[1].contains("U+0000") && shown[1].contains("ZOOM_PASSWORD"));
        assert!(!shown.concat().contains("distinctive"), "{shown:?}");
    }
}
