//! The HTTP transport both Zoom clients share (the REST [`crate::Client`]
//! and the [`crate::WebPortal`]): one way to build a reqwest client
//! (timeouts, TLS, proxy rules), bounded body reads, and what a transport
//! failure means.
//!
//! **Proxy rule:** only the connection's `https_proxy` is used. Proxies in
//! the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`) are ignored
//! unless the operator sets `use_system_proxy`, so the host's environment
//! never decides where the credentials go.
//!
//! **Body caps** apply after decompression: a 1 MB gzip body that inflates
//! to 1 GiB is cut at the cap, never held.

use std::sync::Arc;
use std::time::Duration;

use reqwest_cookie_store::CookieStoreMutex;

use crate::client::USER_AGENT;

/// The largest REST answer read (a page of 300 objects is well under 1 MiB).
pub const PAGE_BODY_CAP: usize = 16 * 1024 * 1024;
/// The largest token-endpoint answer read.
pub const TOKEN_BODY_CAP: usize = 64 * 1024;
/// The largest web-portal answer read (sign-in page, settings, billing).
pub const PORTAL_BODY_CAP: usize = 2 * 1024 * 1024;

/// How to reach Zoom: the transport half of a client's configuration.
#[derive(Debug, Clone)]
pub(crate) struct TransportOptions<'a> {
    pub(crate) verify_ssl: bool,
    pub(crate) proxy: Option<&'a str>,
    pub(crate) use_system_proxy: bool,
    pub(crate) request_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) cookies: Option<Arc<CookieStoreMutex>>,
}

/// Builds the reqwest client: no redirects, the adapter's User-Agent, gzip,
/// the timeouts, TLS verification unless turned off, and the proxy rule.
pub(crate) fn http_client(options: TransportOptions<'_>) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(options.request_timeout)
        .connect_timeout(options.connect_timeout)
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none());
    if !options.use_system_proxy {
        builder = builder.no_proxy();
    }
    if let Some(cookies) = options.cookies {
        builder = builder.cookie_provider(cookies);
    }
    if !options.verify_ssl {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    if let Some(proxy) = options.proxy {
        let proxy = reqwest::Proxy::all(proxy)
            .map_err(|_| "the https proxy url is not usable".to_owned())?;
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| format!("could not build the http client: {}", describe_reqwest(e)))
}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The body is larger than the cap (after decompression).
    TooLarge(usize),
    /// The transport failed while reading.
    Transport(reqwest::Error),
}

impl BodyError {
    /// The sentence for an error detail.
    pub(crate) fn too_large(cap: usize) -> String {
        format!(
            "zoom's answer is larger than {} KiB after decompression; it was not read",
            cap / 1024
        )
    }
}

/// Reads the whole body, failing as soon as it passes `cap` bytes.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    cap: usize,
) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len().saturating_add(chunk.len()) > cap {
            return Err(BodyError::TooLarge(cap));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What a transport failure means for the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportFailure {
    /// Zoom (or the proxy) could not be reached: DNS, refused, proxy handshake.
    Network,
    /// A certificate failed verification: configuration, not chance.
    Certificate,
    /// The request timed out after connecting.
    Timeout,
    /// The connection broke mid-answer.
    Broken,
}

/// Classifies a reqwest failure by its kind and its causes.
pub(crate) fn classify(err: &reqwest::Error) -> TransportFailure {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut depth = 0;
    while let Some(cause) = source {
        let text = cause.to_string().to_ascii_lowercase();
        if text.contains("certificate") || text.contains("unknownissuer") {
            return TransportFailure::Certificate;
        }
        source = cause.source();
        depth += 1;
        if depth > 8 {
            break;
        }
    }
    if err.is_connect() {
        TransportFailure::Network
    } else if err.is_timeout() {
        TransportFailure::Timeout
    } else {
        TransportFailure::Broken
    }
}

/// Describes a reqwest error without its URL, with its causes.
pub(crate) fn describe_reqwest(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut text = if err.is_timeout() {
        "the request timed out".to_owned()
    } else if err.is_connect() {
        "could not connect".to_owned()
    } else if err.is_body() || err.is_decode() {
        "the response body was cut off".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(&err);
    let mut depth = 0;
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !cause_text.contains("://") {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
        depth += 1;
        if depth > 4 {
            break;
        }
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_port_is_a_network_failure() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let http = http_client(TransportOptions {
            verify_ssl: true,
            proxy: None,
            use_system_proxy: false,
            request_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            cookies: None,
        })
        .expect("client");
        let err = http
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .expect_err("refused");
        assert_eq!(classify(&err), TransportFailure::Network);
    }
}
