//! Zoom's error bodies (`{"code":…,"message":…}`) as axum responses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A Zoom API error: HTTP status, Zoom code and message.
#[derive(Debug, Clone)]
pub(crate) struct ZoomError {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// Zoom's numeric code.
    pub(crate) code: u32,
    /// Zoom's message.
    pub(crate) message: String,
    /// Validation errors (`errors[]{field,message}`), when any.
    pub(crate) errors: Vec<(String, String)>,
}

impl ZoomError {
    /// An error with no field list.
    pub(crate) fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        ZoomError {
            status,
            code,
            message: message.into(),
            errors: Vec::new(),
        }
    }

    /// HTTP 400 code 300 naming an invalid field.
    pub(crate) fn invalid_field(field: &str, message: &str) -> Self {
        ZoomError {
            status: StatusCode::BAD_REQUEST,
            code: 300,
            message: "Validation Failed.".into(),
            errors: vec![(field.into(), message.into())],
        }
    }

    /// HTTP 400 code 300: the page token is invalid or has expired.
    pub(crate) fn bad_page_token() -> Self {
        ZoomError::new(
            StatusCode::BAD_REQUEST,
            300,
            "The next page token is either invalid or has expired.",
        )
    }

    /// HTTP 401 code 124.
    pub(crate) fn invalid_token(message: &str) -> Self {
        ZoomError::new(StatusCode::UNAUTHORIZED, 124, message)
    }

    /// HTTP 404 code 1001.
    pub(crate) fn user_not_found(user: &str) -> Self {
        ZoomError::new(
            StatusCode::NOT_FOUND,
            1001,
            format!("User does not exist: {user}."),
        )
    }
}

impl IntoResponse for ZoomError {
    fn into_response(self) -> Response {
        let body = if self.errors.is_empty() {
            json!({"code": self.code, "message": self.message})
        } else {
            let errors: Vec<_> = self
                .errors
                .iter()
                .map(|(f, m)| json!({"field": f, "message": m}))
                .collect();
            json!({"code": self.code, "message": self.message, "errors": errors})
        };
        (self.status, axum::Json(body)).into_response()
    }
}
