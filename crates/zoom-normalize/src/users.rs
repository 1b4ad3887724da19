//! Users (GET /users): status, license type, role, groups by name, last logon.

use std::collections::HashMap;

use asset_schema::{
    Kind, LastLogonSource, LicenseType, Record, RecordBody, UserFields, UserStatus, non_empty,
};
use chrono::{DateTime, Duration, Utc};
use zoom_api::{Group, Role, User};

use crate::context::{Context, Warning};
use crate::time::parse_time;

/// How far back a meeting join may enrich the last logon (the product
/// documents: "works only if you have joined a meeting in the last 30 days").
pub const LAST_JOIN_WINDOW_DAYS: i64 = 30;

/// Group ids to names (GET /groups) and custom role ids to names
/// (GET /roles); unknown ids stay ids.
#[derive(Debug, Clone, Default)]
pub struct DirectoryNames {
    groups: HashMap<String, String>,
    roles: HashMap<String, String>,
}

impl DirectoryNames {
    /// Learns every group's name.
    pub fn from_groups<'a>(groups: impl IntoIterator<Item = &'a Group>) -> Self {
        DirectoryNames {
            groups: groups
                .into_iter()
                .filter_map(|g| Some((non_empty(g.id.as_deref())?, non_empty(g.name.as_deref())?)))
                .collect(),
            roles: HashMap::new(),
        }
    }

    /// Also learns every role's name.
    pub fn with_roles<'a>(mut self, roles: impl IntoIterator<Item = &'a Role>) -> Self {
        self.roles = roles
            .into_iter()
            .filter_map(|r| Some((non_empty(r.id.as_deref())?, non_empty(r.name.as_deref())?)))
            .collect();
        self
    }

    /// The name of group `id`, or the id when the group is unknown.
    pub fn name_of(&self, id: &str) -> String {
        self.groups
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// The name of role `id`, when GET /roles named it.
    pub fn role_name_of(&self, id: &str) -> Option<String> {
        self.roles.get(id).cloned()
    }
}

/// A user, keyed by Zoom user id. Pending users have no id and are not users
/// of the account yet: they are skipped (counted by the SaaS summary).
///
/// `last_join` is the user's latest meeting join, when the
/// `enrich_last_logon_from_meetings` setting is on: it replaces Zoom's
/// `last_login_time` when later and within 30 days of the fetch.
pub fn user(
    cx: &Context,
    user: &User,
    groups: &DirectoryNames,
    last_join: Option<DateTime<Utc>>,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let Some(key) = non_empty(user.id.as_deref()) else {
        if user.status.as_deref() != Some("pending") {
            warnings.push(Warning::new(Kind::User, "a user without an id was skipped"));
        }
        return None;
    };
    let first_name = non_empty(user.first_name.as_deref());
    let last_name = non_empty(user.last_name.as_deref());
    let display_name = non_empty(user.display_name.as_deref()).or_else(|| {
        let joined = [first_name.as_deref(), last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        non_empty(Some(joined))
    });
    let mut group_names: Vec<String> = user
        .group_ids
        .iter()
        .filter_map(|id| non_empty(Some(id)))
        .map(|id| groups.name_of(&id))
        .collect();
    group_names.sort();
    group_names.dedup();
    let role = role_name(user, groups);
    let logon = last_logon(
        parse_time(user.last_login_time.as_deref()),
        last_join,
        cx.fetched_at,
    );
    let fields = UserFields {
        user_id: Some(key.clone()),
        email: non_empty(user.email.as_deref()),
        first_name,
        last_name,
        display_name,
        status: user.status.as_deref().and_then(user_status),
        license_type: user.user_type.map(license_type),
        is_admin: role.as_deref().map(|r| r == "Owner" || r == "Admin"),
        role,
        department: non_empty(user.dept.as_deref()),
        job_title: non_empty(user.job_title.as_deref()),
        groups: group_names,
        created_at: parse_time(user.created_at.as_deref())
            .or_else(|| parse_time(user.user_created_at.as_deref())),
        last_logon: logon.map(|(time, _)| time),
        last_logon_source: logon.map(|(_, source)| source),
        last_client_version: non_empty(user.last_client_version.as_deref()),
        timezone: non_empty(user.timezone.as_deref()),
        employee_id: non_empty(user.employee_unique_id.as_deref()),
        is_verified: user.verified.map(|v| v == 1),
        manager_email: non_empty(user.manager.as_deref()),
        location: non_empty(user.location.as_deref()),
    };
    Some(cx.record(Kind::User, &key, RecordBody::User(Box::new(fields))))
}

/// The later of Zoom's last login and a meeting join within the last 30
/// days, with where it came from (a tie is the sign-in).
pub fn last_logon(
    last_login: Option<DateTime<Utc>>,
    last_join: Option<DateTime<Utc>>,
    fetched_at: DateTime<Utc>,
) -> Option<(DateTime<Utc>, LastLogonSource)> {
    let recent_join =
        last_join.filter(|join| fetched_at - *join <= Duration::days(LAST_JOIN_WINDOW_DAYS));
    let login = last_login.map(|t| (t, LastLogonSource::SignIn));
    let join = recent_join.map(|t| (t, LastLogonSource::MeetingJoin));
    match (login, join) {
        (Some(login), Some(join)) if join.0 > login.0 => Some(join),
        (Some(login), _) => Some(login),
        (None, join) => join,
    }
}

/// Role name: GET /users/{id}'s `role_name`, else Zoom's built-in role ids
/// (0 Owner, 1 Admin, 2 Member), else the custom role's name from GET /roles,
/// else its id.
fn role_name(user: &User, names: &DirectoryNames) -> Option<String> {
    if let Some(name) = non_empty(user.role_name.as_deref()) {
        return Some(name);
    }
    let id = non_empty(user.role_id.as_deref())?;
    Some(match id.as_str() {
        "0" => "Owner".to_owned(),
        "1" => "Admin".to_owned(),
        "2" => "Member".to_owned(),
        _ => names.role_name_of(&id).unwrap_or(id),
    })
}

fn user_status(text: &str) -> Option<UserStatus> {
    Some(match text.trim().to_ascii_lowercase().as_str() {
        "" => return None,
        "active" => UserStatus::Active,
        "inactive" => UserStatus::Inactive,
        "pending" => UserStatus::Pending,
        _ => UserStatus::Other(text.trim().to_owned()),
    })
}

/// Zoom's user `type` to a license type (1 Basic, 2 Licensed, 3 On-prem, 99 None).
fn license_type(code: i64) -> LicenseType {
    match code {
        1 => LicenseType::Basic,
        2 => LicenseType::Licensed,
        3 => LicenseType::OnPrem,
        99 => LicenseType::None,
        other => LicenseType::Other(other.to_string()),
    }
}
