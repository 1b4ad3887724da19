//! From a validated configuration to a `zoom-api` client: the one place
//! where settings become client options. `zoom-settings` and `zoom-api` do
//! not know each other; secrets cross here still wrapped, and the 2FA key
//! already decoded.

use zoom_api::{Client, ClientConfig, Plan, PortalConfig, S2sCredentials};
use zoom_settings::{AdapterConfig, ConnectionParams, ZoomPlan};

/// The Server-to-Server OAuth credentials of `connection`.
fn credentials(connection: &ConnectionParams) -> S2sCredentials {
    S2sCredentials::new(
        connection.account_id.clone(),
        connection.client_id.clone(),
        connection.client_secret.to_secret_string(),
    )
}

/// The client configuration for `config`.
pub fn client_config(config: &AdapterConfig) -> ClientConfig {
    let connection = &config.connection;
    let settings = &config.settings;
    let mut client =
        ClientConfig::new(credentials(connection)).with_domain(connection.domain.as_str());
    client.token_url = connection.oauth_url.to_string();
    client.verify_ssl = connection.verify_ssl;
    client.proxy = connection.https_proxy.as_ref().map(|p| p.0.to_string());
    client.discover_plan = settings.zoom_plan == ZoomPlan::Auto;
    client.plan = match settings.zoom_plan {
        ZoomPlan::Auto | ZoomPlan::Free => Plan::Free,
        ZoomPlan::Pro => Plan::Pro,
        ZoomPlan::Business => Plan::Business,
    };
    client.page_size = settings.page_size;
    client.request_timeout =
        std::time::Duration::from_secs(u64::from(settings.request_timeout_secs));
    client.connect_timeout =
        std::time::Duration::from_secs(u64::from(settings.connect_timeout_secs));
    client.retry.max_attempts = settings.max_retries + 1;
    client.use_system_proxy = settings.use_system_proxy;
    client.max_daily_quota_share = settings.max_daily_quota_share;
    client.max_concurrency = usize::try_from(settings.max_concurrency).unwrap_or(8);
    client
}

/// A client for `config`; with `keep_raw`, listed objects keep the JSON Zoom
/// sent (for `--include-raw`).
pub fn client(config: &AdapterConfig, keep_raw: bool) -> Result<Client, zoom_api::Error> {
    let mut client = client_config(config);
    client.keep_raw = keep_raw;
    Client::new(client)
}

/// The web-portal login of `config`, when application settings and licenses
/// are fetched and the connection has the portal URL, username, password and
/// 2FA secret (validation requires all four then).
pub fn portal_config(config: &AdapterConfig) -> Option<PortalConfig> {
    let connection = &config.connection;
    if !config.settings.fetch_settings_and_licenses {
        return None;
    }
    let mut portal = PortalConfig::new(
        connection
            .portal_url
            .as_ref()?
            .as_str()
            .trim_end_matches('/'),
        connection.username.clone()?,
        connection.password.as_ref()?.to_secret_string(),
        connection.totp_secret.as_ref()?.secret().clone(),
    );
    portal.verify_ssl = connection.verify_ssl;
    portal.proxy = connection.https_proxy.as_ref().map(|p| p.0.to_string());
    portal.use_system_proxy = config.settings.use_system_proxy;
    portal.request_timeout =
        std::time::Duration::from_secs(u64::from(config.settings.request_timeout_secs));
    portal.connect_timeout =
        std::time::Duration::from_secs(u64::from(config.settings.connect_timeout_secs));
    Some(portal)
}
