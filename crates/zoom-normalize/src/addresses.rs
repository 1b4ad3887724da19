//! Addresses in Zoom's text fields: IP addresses (one, several, or
//! labelled as the dashboard writes them), SIP URIs, and how a warning
//! quotes what a server sent.

use std::net::IpAddr;

use asset_schema::{Kind, non_empty};

use crate::context::Warning;

/// IP addresses from a Zoom field: one address, several separated by commas,
/// semicolons or spaces, or labelled as the dashboard does
/// (`Computer : 10.100.170.109`). Words without digits are labels; a token
/// with digits that is not an address is reported and dropped.
pub(crate) fn parse_ips(
    text: Option<&str>,
    kind: Kind,
    key: &str,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = Vec::new();
    let tokens = text
        .unwrap_or_default()
        .split([',', ';', ' ', '\t'])
        .map(|t| t.trim_matches(':'))
        .filter(|t| !t.is_empty());
    for token in tokens {
        match token.parse::<IpAddr>() {
            Ok(ip) if !ips.contains(&ip) => ips.push(ip),
            Ok(_) => {}
            Err(_) if !token.chars().any(|c| c.is_ascii_digit()) => {}
            Err(_) => warnings.push(Warning::new(
                kind,
                format!(
                    "{kind} {key}: `{field}` held {}, which is not an IP address; it was left out",
                    quoted(token)
                ),
            )),
        }
    }
    ips.sort();
    ips
}

/// A SIP URI in an H.323/SIP device's `ip` field (`sip:room@example.com`,
/// `room3@sip.example.com`): a `sip:`/`sips:` scheme, or one word holding an
/// `@` with a dotted domain after it.
pub(crate) fn sip_uri(text: Option<&str>) -> Option<String> {
    let text = text?.trim();
    let lower = text.to_ascii_lowercase();
    let schemed = lower.starts_with("sip:") || lower.starts_with("sips:");
    let address = !text.contains(char::is_whitespace)
        && text
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
    (schemed || address).then(|| text.to_owned())
}

/// ` named "NAME"` for a warning about an object without an id, or nothing.
pub(crate) fn named(name: Option<&str>) -> String {
    non_empty(name)
        .map(|name| format!(" named {}", quoted(&name)))
        .unwrap_or_default()
}

/// A server's text quoted for a warning, at most 64 characters of it.
pub(crate) fn quoted(text: &str) -> String {
    let shown: String = text.chars().take(64).collect();
    if shown.len() < text.len() {
        format!("{shown:?}…")
    } else {
        format!("{shown:?}")
    }
}
