//! The sign-in flow of [`WebPortal`]: the sign-in page and its CSRF token,
//! the password step, the 2FA step, and how a refusal becomes an error.

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

use super::super::error::{PortalError, PortalErrorKind as K, recognise};
use super::super::page::{Answer, csrf_from_js, csrf_from_page};
use super::*;

impl WebPortal {
    /// GET the sign-in page and read its CSRF token (or ask `/csrf_js`).
    pub(super) async fn csrf(&self) -> Result<SecretString, PortalError> {
        const STEP: &str = "GET /signin";
        let (status, _, body) = self.send(STEP, self.http.get(self.url(SIGNIN))).await?;
        if !status.is_success() {
            return Err(PortalError::new(
                K::UnexpectedResponse,
                STEP,
                "the sign-in page is not where expected; is portal_url the account's web-portal url?",
            )
            .with_status(status.as_u16()));
        }
        if let Some(token) = csrf_from_page(&String::from_utf8_lossy(&body)) {
            self.mask.add(&token);
            return Ok(SecretString::from(token));
        }
        const JS: &str = "POST /csrf_js";
        let (status, _, body) = self
            .send(
                JS,
                self.http
                    .post(self.url(CSRF_JS))
                    .header("FETCH-CSRF-TOKEN", "1"),
            )
            .await?;
        match csrf_from_js(&String::from_utf8_lossy(&body)) {
            Some(token) if status.is_success() => {
                self.mask.add(&token);
                Ok(SecretString::from(token))
            }
            _ => Err(PortalError::new(
                K::UnexpectedResponse,
                STEP,
                "the sign-in page holds no csrf token and /csrf_js gave none",
            )
            .with_status(status.as_u16())),
        }
    }

    /// POSTs a form with the CSRF token and parses the JSON answer.
    pub(super) async fn post_step(
        &self,
        step: &'static str,
        path: &str,
        csrf: &SecretString,
        fields: &[(&str, &str)],
    ) -> Result<(StatusCode, Answer), PortalError> {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", csrf.expose_secret()));
        let request = self
            .with_csrf(self.http.post(self.url(path)), csrf)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form);
        let (status, _, body) = self.send(step, request).await?;
        match Answer::parse(&body) {
            Some(answer) => Ok((status, answer)),
            None => Err(PortalError::new(
                K::UnexpectedResponse,
                step,
                "the portal's answer is not the expected json",
            )
            .with_status(status.as_u16())),
        }
    }

    /// Turns a refusal into an error; `fallback` when it is not recognised.
    pub(super) fn refusal(
        &self,
        step: &'static str,
        status: StatusCode,
        answer: &Answer,
    ) -> PortalError {
        let message = self.mask.clean(&answer.message());
        let kind = recognise(answer.error_code, &message).unwrap_or(K::UnexpectedResponse);
        let what = match kind {
            K::WrongPassword => "the portal refused the username or password",
            K::WrongCode => "the portal refused the 2fa code",
            K::AccountLocked => "the portal says the account is locked",
            K::CaptchaRequired => "the portal demands a captcha",
            K::SsoOnly => "the portal says the user must sign in with sso",
            _ => "the portal refused the step for an unrecognised reason",
        };
        let detail = if message.is_empty() {
            what.to_owned()
        } else {
            format!("{what} (portal says: {message})")
        };
        PortalError::new(kind, step, detail).with_status(status.as_u16())
    }

    /// The whole sign-in; the caller records the outcome in the session.
    pub(super) async fn sign_in_once(&self) -> Result<SecretString, PortalError> {
        tracing::info!("zoom web portal: signing in");
        let csrf = self.csrf().await?;
        const PASSWORD: &str = "POST /signin";
        let (status, answer) = self
            .post_step(
                PASSWORD,
                SIGNIN,
                &csrf,
                &[
                    ("email", self.username.as_str()),
                    ("password", self.password.expose_secret()),
                    ("keep_me_signin", "false"),
                    ("type", "100"),
                ],
            )
            .await?;
        if !answer.status {
            return Err(self.refusal(PASSWORD, status, &answer));
        }
        if answer.next.as_deref() != Some("two_factor") {
            tracing::warn!("zoom web portal: signed in without a 2fa step");
            return Ok(csrf);
        }
        self.two_factor(&csrf).await?;
        tracing::info!("zoom web portal: signed in");
        Ok(csrf)
    }

    /// The 2FA step, with one more try in the next window when a code made at
    /// the end of its window is refused.
    pub(super) async fn two_factor(&self, csrf: &SecretString) -> Result<(), PortalError> {
        const STEP: &str = "POST /signin/two_factor";
        let mut retried = false;
        loop {
            let now_ms = self.clock.utc_now().timestamp_millis().max(0) as u64;
            let now = now_ms / 1000;
            let code = self.totp.code_at(now);
            let window_end_ms = Totp::next_window_start(now) * 1000;
            let near_end = window_end_ms.saturating_sub(now_ms) <= self.margin.as_millis() as u64;
            let (status, answer) = self
                .post_step(STEP, TWO_FACTOR, csrf, &[("code", code.as_str())])
                .await?;
            drop(code);
            if answer.status {
                return Ok(());
            }
            let err = self.refusal(STEP, status, &answer);
            if err.kind == K::WrongCode && near_end && !retried {
                let wait = Duration::from_millis(window_end_ms - now_ms + 100);
                tracing::info!(
                    wait_ms = wait.as_millis() as u64,
                    "zoom web portal: 2fa code refused at a window boundary; trying once more in the next window"
                );
                self.clock.sleep(wait).await;
                retried = true;
                continue;
            }
            if err.kind == K::WrongCode && retried {
                return Err(PortalError {
                    detail: format!("{} (also in the next window)", err.detail),
                    ..err
                });
            }
            return Err(err);
        }
    }
}
