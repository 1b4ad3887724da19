//! The built-in simulator's side of the product, behind the default-on
//! `demo` feature: a build without it (`--no-default-features`) ships no
//! simulator and no `demo` command. [`sim_connection`] turns a running
//! simulator's ready line into connection parameters, for `demo`, the
//! benchmarks and the tests.

use zoom_settings::{ConnectionParams, Secret, decode_totp_secret};

/// Why the ready line of a simulator does not make a connection.
#[derive(Debug, thiserror::Error)]
pub enum SimConnectionError {
    /// One of its URLs does not parse.
    #[error("simulator URL: {0}")]
    Url(#[from] url::ParseError),
    /// Its 2FA secret key does not decode.
    #[error("simulator 2FA secret key: {0}")]
    TotpSecret(#[from] zoom_settings::TotpSecretError),
}

/// The connection to a running zoom-sim (its ready line): REST credentials,
/// and with `portal` the web-portal login too. Used by `demo`, benchmarks
/// and tests.
pub fn sim_connection(
    info: &zoom_sim::ReadyInfo,
    portal: bool,
) -> Result<ConnectionParams, SimConnectionError> {
    let url = |text: &str| url::Url::parse(text);
    let totp_secret = portal
        .then(|| decode_totp_secret(&info.totp_secret))
        .transpose()?;
    Ok(ConnectionParams {
        domain: url(&info.api_url)?,
        account_id: info.account_id.clone(),
        client_id: info.client_id.clone(),
        client_secret: Secret::new(info.client_secret.clone()),
        oauth_url: url(&info.oauth_url)?,
        verify_ssl: true,
        https_proxy: None,
        portal_url: portal.then(|| url(&info.portal_url)).transpose()?,
        username: portal.then(|| info.username.clone()),
        password: portal.then(|| Secret::new(info.password.clone())),
        totp_secret,
    })
}
