//! [`WebPortal`]: the [`PortalLogin`] of the real portal (and of zoom-sim's
//! emulation): reqwest with a cookie store, the sign-in form, the 2FA step,
//! reads as JSON, sign-out. Paths and fields are the assumptions written in
//! `docs/operations.md` ("Portal login").

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use reqwest::StatusCode;
use reqwest_cookie_store::CookieStoreMutex;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::error::{PortalError, PortalErrorKind as K};
use super::page::Answer;
use super::{PortalBilling, PortalConfig, PortalLogin, PortalSettings};
use crate::clock::{Clock, TokioClock};
use crate::mask::SecretMask;
use crate::totp::Totp;
use crate::transport::describe_reqwest;
use crate::transport::{self, BodyError, PORTAL_BODY_CAP, TransportOptions};

mod signin;

/// The sign-in page (GET) and the password step (POST).
const SIGNIN: &str = "/signin";
/// The CSRF fallback when the sign-in page carries no token.
const CSRF_JS: &str = "/csrf_js";
/// The 2FA step.
const TWO_FACTOR: &str = "/signin/two_factor";
/// The billing page's data.
const BILLING: &str = "/account/billing";
/// The settings pages' data.
const SETTINGS: &str = "/account/settings";
/// Sign-out.
const SIGNOUT: &str = "/signout";
/// The JSON error code of a request without a signed-in session ("User not login").
const NOT_LOGGED_IN: i64 = 201;

/// Where the session stands.
enum Session {
    /// Nothing sent yet.
    New,
    /// Signed in; the CSRF token for later POSTs.
    SignedIn(SecretString),
    /// The sign-in failed: every later call returns this error.
    Failed(PortalError),
    /// Signed out.
    SignedOut,
}

/// The web portal behind one cookie session. Debug shows the portal URL and
/// the user name only.
pub struct WebPortal {
    http: reqwest::Client,
    cookies: Arc<CookieStoreMutex>,
    base: String,
    username: String,
    password: SecretString,
    totp: Totp,
    clock: Arc<dyn Clock>,
    /// The password, the TOTP secret, and every cookie and CSRF token seen.
    mask: SecretMask,
    margin: Duration,
    session: Mutex<Session>,
}

impl fmt::Debug for WebPortal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebPortal")
            .field("portal_url", &self.base)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

fn config_error(detail: impl Into<String>) -> PortalError {
    PortalError::new(K::Config, "configuration", detail)
}

impl WebPortal {
    /// A portal session with the real clock.
    pub fn new(config: PortalConfig) -> Result<Self, PortalError> {
        Self::with_clock(config, Arc::new(TokioClock::new()))
    }

    /// A portal session with an injected clock (its wall time makes the 2FA
    /// codes; its sleeps wait for the next window).
    pub fn with_clock(config: PortalConfig, clock: Arc<dyn Clock>) -> Result<Self, PortalError> {
        let base = config.portal_url.trim().trim_end_matches('/').to_owned();
        match url::Url::parse(&base) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.query().is_none() => {}
            _ => {
                return Err(config_error(
                    "the portal url must be an http(s) url such as https://acme.zoom.us",
                ));
            }
        }
        if config.username.trim().is_empty() {
            return Err(config_error("the portal username is empty"));
        }
        if config.password.expose_secret().is_empty() {
            return Err(config_error("the portal password is empty"));
        }
        if config.totp_secret.expose_secret().is_empty() {
            return Err(config_error("the 2fa secret key is empty"));
        }
        let totp = Totp::new(config.totp_secret.expose_secret());
        let cookies = Arc::new(CookieStoreMutex::new(cookie_store::CookieStore::default()));
        let http = transport::http_client(TransportOptions {
            verify_ssl: config.verify_ssl,
            proxy: config.proxy.as_deref(),
            use_system_proxy: config.use_system_proxy,
            request_timeout: config.request_timeout,
            connect_timeout: config.connect_timeout,
            cookies: Some(cookies.clone()),
        })
        .map_err(config_error)?;
        let mask = SecretMask::default();
        mask.add(config.password.expose_secret());
        mask.add_totp_secret(config.totp_secret.expose_secret());
        Ok(Self {
            http,
            cookies,
            base,
            username: config.username.trim().to_owned(),
            password: config.password,
            totp,
            clock,
            mask,
            margin: config.boundary_margin,
            session: Mutex::new(Session::New),
        })
    }

    /// Adds the CSRF token as the headers Zoom's web pages send
    /// (`ZOOM-CSRFTOKEN`, with `X-Requested-With: XMLHttpRequest, OWASP
    /// CSRFGuard Project`) and as `X-CSRF-Token`.
    fn with_csrf(
        &self,
        request: reqwest::RequestBuilder,
        csrf: &SecretString,
    ) -> reqwest::RequestBuilder {
        request
            .header("ZOOM-CSRFTOKEN", csrf.expose_secret())
            .header("X-CSRF-Token", csrf.expose_secret())
            .header(
                "X-Requested-With",
                "XMLHttpRequest, OWASP CSRFGuard Project",
            )
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; a network failure is `Unreachable`.
    async fn send(
        &self,
        step: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<(StatusCode, Option<String>, Vec<u8>), PortalError> {
        let response = request
            .send()
            .await
            .map_err(|e| PortalError::new(K::Unreachable, step, describe_reqwest(e)))?;
        for value in response.cookies() {
            self.mask.add(value.value());
        }
        let status = response.status();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = transport::read_capped(response, PORTAL_BODY_CAP)
            .await
            .map_err(|e| match e {
                BodyError::Transport(e) => {
                    PortalError::new(K::Unreachable, step, describe_reqwest(e))
                }
                BodyError::TooLarge(cap) => {
                    PortalError::new(K::UnexpectedResponse, step, BodyError::too_large(cap))
                }
            })?;
        tracing::debug!(step, status = status.as_u16(), "zoom web portal answered");
        if status.is_server_error() {
            return Err(PortalError::new(
                K::Unreachable,
                step,
                "the portal answered with a server error",
            )
            .with_status(status.as_u16()));
        }
        Ok((status, location, body))
    }

    /// Signs in unless the session already did; the CSRF token of the session.
    async fn ensure(&self) -> Result<SecretString, PortalError> {
        let mut session = self.session.lock().await;
        match &*session {
            Session::SignedIn(csrf) => return Ok(csrf.clone()),
            Session::Failed(err) => return Err(err.clone()),
            Session::SignedOut => {
                return Err(PortalError::new(
                    K::SessionExpired,
                    "session",
                    "the portal session was signed out already",
                ));
            }
            Session::New => {}
        }
        match self.sign_in_once().await {
            Ok(csrf) => {
                *session = Session::SignedIn(csrf.clone());
                Ok(csrf)
            }
            Err(err) => {
                tracing::warn!(kind = %err.kind, step = err.step, "zoom web portal: sign-in failed");
                *session = Session::Failed(err.clone());
                Err(err)
            }
        }
    }

    /// GETs a JSON page behind the session.
    async fn read<T: DeserializeOwned>(
        &self,
        step: &'static str,
        path: &str,
    ) -> Result<T, PortalError> {
        self.ensure().await?;
        let request = self
            .http
            .get(self.url(path))
            .header(reqwest::header::ACCEPT, "application/json");
        let (status, location, body) = self.send(step, request).await?;
        let to_signin = location.as_deref().is_some_and(|l| l.contains(SIGNIN));
        let not_login = Answer::parse(&body).is_some_and(|a| {
            !a.status
                && (a.error_code == Some(NOT_LOGGED_IN)
                    || a.message().to_ascii_lowercase().contains("not login"))
        });
        if not_login
            || status == StatusCode::UNAUTHORIZED
            || status == StatusCode::FORBIDDEN
            || (status.is_redirection() && to_signin)
        {
            *self.session.lock().await = Session::SignedOut;
            return Err(PortalError::new(
                K::SessionExpired,
                step,
                "the portal sent the session back to the sign-in page",
            )
            .with_status(status.as_u16()));
        }
        if !status.is_success() {
            return Err(PortalError::new(
                K::UnexpectedResponse,
                step,
                "the page is not where expected",
            )
            .with_status(status.as_u16()));
        }
        serde_json::from_slice(&body).map_err(|e| {
            PortalError::new(
                K::UnexpectedResponse,
                step,
                format!("the page's json is not as expected: {e}"),
            )
            .with_status(status.as_u16())
        })
    }

    fn forget_cookies(&self) {
        match self.cookies.lock() {
            Ok(mut store) => store.clear(),
            Err(poisoned) => poisoned.into_inner().clear(),
        }
    }

    async fn sign_out_inner(&self) -> Result<(), PortalError> {
        const STEP: &str = "POST /signout";
        let mut session = self.session.lock().await;
        let previous = std::mem::replace(&mut *session, Session::SignedOut);
        drop(session);
        let Session::SignedIn(csrf) = previous else {
            self.forget_cookies();
            return Ok(());
        };
        let request = self
            .with_csrf(self.http.post(self.url(SIGNOUT)), &csrf)
            .form(&[("csrf_token", csrf.expose_secret())]);
        let result = self.send(STEP, request).await;
        self.forget_cookies();
        let (status, _, _) = result?;
        if status.is_success() || status.is_redirection() {
            tracing::info!("zoom web portal: signed out");
            Ok(())
        } else {
            Err(PortalError::new(
                K::UnexpectedResponse,
                STEP,
                "the portal did not confirm the sign-out",
            )
            .with_status(status.as_u16()))
        }
    }
}

impl PortalLogin for WebPortal {
    fn sign_in(&self) -> BoxFuture<'_, Result<(), PortalError>> {
        Box::pin(async move { self.ensure().await.map(drop) })
    }

    fn billing(&self) -> BoxFuture<'_, Result<PortalBilling, PortalError>> {
        Box::pin(self.read("GET /account/billing", BILLING))
    }

    fn settings(&self) -> BoxFuture<'_, Result<PortalSettings, PortalError>> {
        Box::pin(self.read("GET /account/settings", SETTINGS))
    }

    fn sign_out(&self) -> BoxFuture<'_, Result<(), PortalError>> {
        Box::pin(self.sign_out_inner())
    }
}
