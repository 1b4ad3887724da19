//! [`Request`]: one call as a value — its route, the concrete path (segments
//! already encoded), the query pairs and the JSON body. The endpoint
//! builders in `api/` make them (e.g. [`crate::api::users::create_user_request`]);
//! [`crate::Client::send`] sends them. A caller that only wants to show what
//! would be sent (the adapter's `--dry-run`) reads the same value.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::route::{Method, Route};

/// One call: the route, its concrete path (already encoded), query and body.
/// Read-only outside this crate: only the endpoint builders make one.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub(crate) route: &'static Route,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<serde_json::Value>,
}

impl Request {
    pub(crate) fn new(route: &'static Route, path: impl Into<String>) -> Self {
        Self {
            route,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    pub(crate) fn query_opt(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    pub(crate) fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    pub(crate) fn has_page_token(&self) -> bool {
        self.query
            .iter()
            .any(|(k, v)| *k == "next_page_token" && !v.is_empty())
    }

    /// The endpoint.
    pub fn route(&self) -> &'static Route {
        self.route
    }

    /// The HTTP method (the route's).
    pub fn method(&self) -> Method {
        self.route.method
    }

    /// The path under the API base (`/users/…`), segments encoded as sent.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in the order they are sent.
    pub fn query_pairs(&self) -> &[(&'static str, String)] {
        &self.query
    }

    /// The JSON body, if the call has one.
    pub fn json_body(&self) -> Option<&serde_json::Value> {
        self.body.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::users::DELETE_USER;

    #[test]
    fn reads_back_what_was_built() {
        let request = Request::new(&DELETE_USER, "/users/a%40b")
            .query("action", "delete")
            .query_opt("transfer_email", None::<String>)
            .query_opt("transfer_meeting", Some("true"));
        assert_eq!(request.route(), &DELETE_USER);
        assert_eq!(request.method(), Method::Delete);
        assert_eq!(request.path(), "/users/a%40b");
        assert_eq!(
            request.query_pairs(),
            [
                ("action", "delete".to_owned()),
                ("transfer_meeting", "true".to_owned())
            ]
        );
        assert_eq!(request.json_body(), None);
        assert!(!request.has_page_token());
        assert!(request.query("next_page_token", "t").has_page_token());
    }
}

/// Zoom's request id header.
pub const TRACKING_ID_HEADER: &str = "x-zm-trackingid";

/// The longest tracking id kept; a longer header is not one of Zoom's.
const MAX_TRACKING_ID: usize = 128;

/// Zoom's request id of an answer (`x-zm-trackingid`), when it is a short
/// printable value.
pub(crate) fn tracking_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let value = headers.get(TRACKING_ID_HEADER)?.to_str().ok()?.trim();
    let printable = value.chars().all(|c| c.is_ascii_graphic());
    (!value.is_empty() && value.len() <= MAX_TRACKING_ID && printable).then(|| value.to_owned())
}

/// A successful answer with Zoom's request id, for audit trails.
#[derive(Debug, Clone)]
pub struct Traced<T> {
    /// The decoded answer.
    pub value: T,
    /// Zoom's `x-zm-trackingid`, when it sent one.
    pub tracking_id: Option<String>,
}

impl crate::client::Client {
    /// [`Client::send_json`], keeping Zoom's request id of the answer (a
    /// refusal carries it in [`CallError::tracking_id`]).
    pub async fn send_json_traced<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Traced<T>, Error> {
        self.execute(request, |bytes, headers| {
            Ok(Traced {
                value: serde_json::from_slice(bytes)?,
                tracking_id: crate::request::tracking_id(headers),
            })
        })
        .await
    }

    /// [`Client::send`], keeping Zoom's request id of the answer.
    pub async fn send_traced(&self, request: Request) -> Result<Traced<()>, Error> {
        self.execute(request, |_, headers| {
            Ok(Traced {
                value: (),
                tracking_id: crate::request::tracking_id(headers),
            })
        })
        .await
    }
}
