//! The Zoom API handlers, one module per API area (as zoom-api's `api`
//! modules), and the helpers they share. Each handler's doc names the route,
//! the scope and the rate-limit category (checked before the handler runs, by
//! the gate). Paging lives in [`super::pagination`].

pub(crate) mod accounts;
pub(crate) mod chat;
pub(crate) mod dashboard;
pub(crate) mod devices;
pub(crate) mod groups;
pub(crate) mod reports;
pub(crate) mod roles;
pub(crate) mod rooms;
pub(crate) mod sim;
pub(crate) mod users;

use std::collections::BTreeMap;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Months, NaiveDate};
use serde_json::Value;

use super::overlay::UserRef;
use super::response::ZoomError;
use super::{Sim, lock};

/// The query string of a request, by parameter.
type Q = Query<BTreeMap<String, String>>;
/// What a handler answers: the response, or Zoom's error.
type Res = Result<Response, ZoomError>;

fn parse_date(q: &BTreeMap<String, String>, name: &str) -> Result<Option<NaiveDate>, ZoomError> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ZoomError::invalid_field(name, "Invalid field.")),
    }
}

/// `from`/`to`: at most one month apart, `from` within the last six months
/// before `today` (the simulated clock's date).
fn window(
    q: &BTreeMap<String, String>,
    required: bool,
    report: bool,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), ZoomError> {
    let from = parse_date(q, "from")?;
    let to = parse_date(q, "to")?;
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        _ if required => {
            let missing = if from.is_none() { "from" } else { "to" };
            return Err(ZoomError::invalid_field(missing, "This field is required."));
        }
        (Some(f), None) => (f, today),
        (None, Some(t)) => (t - chrono::Duration::days(1), t),
        (None, None) => (today - chrono::Duration::days(1), today),
    };
    let bad = |m: &str| ZoomError::new(StatusCode::BAD_REQUEST, 300, m);
    if to < from {
        return Err(bad(
            "The 'to' date must not be earlier than the 'from' date.",
        ));
    }
    if from
        .checked_add_months(Months::new(1))
        .is_some_and(|limit| to > limit)
    {
        return Err(bad("The date range should only be one month."));
    }
    if today
        .checked_sub_months(Months::new(6))
        .is_some_and(|limit| from < limit)
    {
        return Err(bad(if report {
            "Only provide report in recent 6 months."
        } else {
            "The month should fall within the last six months."
        }));
    }
    Ok((from, to))
}

fn created(v: Value) -> Response {
    (StatusCode::CREATED, axum::Json(v)).into_response()
}

fn parse_body(body: &[u8]) -> Result<Value, ZoomError> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            ZoomError::new(
                StatusCode::BAD_REQUEST,
                300,
                "Request Body should be a valid JSON object.",
            )
        })
}

/// A group or role member from the user's JSON: `id`, `email`, `first_name`,
/// `last_name`, `type`, and for roles `department` (the user's `dept`).
fn member_json(user: &Value, department: bool) -> Value {
    let mut o = serde_json::Map::new();
    for k in ["id", "email", "first_name", "last_name", "type"] {
        o.insert(k.into(), user[k].clone());
    }
    if department {
        o.insert("department".into(), user["dept"].clone());
    }
    Value::Object(o)
}

fn resolve_user(sim: &Sim, key: &str) -> Result<UserRef, ZoomError> {
    let ov = lock(&sim.overlay);
    if key == "me" {
        return Ok(UserRef::Base(0));
    }
    ov.find(&sim.acc, key)
        .ok_or_else(|| ZoomError::user_not_found(key))
}
