//! Reports: operation logs (admin actions) and sign-in/sign-out activities.

use crate::dates::DateRange;
use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::config::Plan;
use crate::de::page_envelope;
use crate::error::Error;
use crate::pagination::{Keyed, OnExpiredToken, paginate_windows};
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /report/operationlogs.
pub const OPERATION_LOGS: Route = Route {
    method: Method::Get,
    path: "/report/operationlogs",
    scopes: &["report:read:admin"],
    granular_scopes: &["report:read:operation_logs:admin"],
    category: RateCategory::Heavy,
    min_plan: Some(Plan::Pro),
};
/// GET /report/activities.
pub const SIGN_IN_ACTIVITIES: Route = Route {
    method: Method::Get,
    path: "/report/activities",
    scopes: &["report:read:admin"],
    granular_scopes: &["report:read:user_activities:admin"],
    category: RateCategory::Heavy,
    min_plan: Some(Plan::Pro),
};

/// An operation log entry.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct OperationLog {
    /// When.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub time: Option<String>,
    /// Who (email).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub operator: Option<String>,
    /// Category (`user`, `account`, `recording` …).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub category_type: Option<String>,
    /// Action.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub action: Option<String>,
    /// Details.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub operation_detail: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for OperationLog {
    fn key(&self) -> Option<String> {
        None
    }
}

page_envelope!(
    /// A page of GET /report/operationlogs.
    OperationLogsPage,
    OperationLog,
    operation_logs
);

/// A sign-in or sign-out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct SignInActivity {
    /// The user's email.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// When.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub time: Option<String>,
    /// `Sign in` or `Sign out`.
    #[serde(rename = "type", default, deserialize_with = "crate::de::opt_string")]
    pub activity_type: Option<String>,
    /// IP address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub ip_address: Option<String>,
    /// Client type.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub client_type: Option<String>,
    /// Client version.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub version: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for SignInActivity {
    fn key(&self) -> Option<String> {
        None
    }
}

page_envelope!(
    /// A page of GET /report/activities.
    SignInActivitiesPage,
    SignInActivity,
    activity_logs
);

/// The reports API.
#[derive(Debug, Clone, Copy)]
pub struct Reports<'a> {
    client: &'a Client,
}

impl Client {
    /// The reports API.
    pub fn reports(&self) -> Reports<'_> {
        Reports { client: self }
    }
}

impl Reports<'_> {
    /// GET /report/operationlogs — scope report:read:admin — Heavy — Pro+.
    ///
    /// One call series per month of `days` (clamp it first with
    /// [`DateRange::retained`]). `category_type` filters (`all`, `user`,
    /// `recording` …).
    pub fn operation_logs(
        &self,
        days: DateRange,
        category_type: Option<&str>,
    ) -> impl Stream<Item = Result<OperationLog, Error>> + Send + 'static {
        let windows = days.months();
        let request = Request::new(&OPERATION_LOGS, "/report/operationlogs")
            .query_opt("category_type", category_type.map(str::to_owned));
        paginate_windows::<OperationLogsPage>(
            self.client.clone(),
            request,
            windows,
            OnExpiredToken::Fail,
            None,
        )
    }

    /// GET /report/activities — scope report:read:admin — Heavy — Pro+.
    ///
    /// Sign-in and sign-out activities over `days`, one call series per month.
    pub fn sign_in_activities(
        &self,
        days: DateRange,
    ) -> impl Stream<Item = Result<SignInActivity, Error>> + Send + 'static {
        let windows = days.months();
        let request = Request::new(&SIGN_IN_ACTIVITIES, "/report/activities");
        paginate_windows::<SignInActivitiesPage>(
            self.client.clone(),
            request,
            windows,
            OnExpiredToken::Fail,
            None,
        )
    }
}
