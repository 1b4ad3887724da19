//! Settings objects flattened into one leaf per setting, so a posture rule
//! can target `security.sign_in_with_two_factor_auth` alone.

use asset_schema::{ApplicationSettingFields, Kind, Record, RecordBody, SettingScope, non_empty};
use serde_json::Value;

use crate::context::Context;

/// One `account_setting` record per leaf of the account settings
/// (GET /accounts/me/settings), keyed by its dotted path.
pub fn account_settings(cx: &Context, settings: &Value) -> Vec<Record> {
    setting_leaves(settings)
        .into_iter()
        .map(|(path, value)| {
            let fields = ApplicationSettingFields {
                category: path.split('.').next().map(str::to_owned),
                scope: Some(SettingScope::Account),
                path: path.clone(),
                value,
                ..ApplicationSettingFields::default()
            };
            cx.record(
                Kind::AccountSetting,
                &path,
                RecordBody::ApplicationSetting(fields),
            )
        })
        .collect()
}

/// One `user_setting` record per leaf of a user's settings
/// (GET /users/{userId}/settings), keyed `<user id>:<dotted path>`.
pub fn user_settings(
    cx: &Context,
    user_id: &str,
    email: Option<&str>,
    settings: &Value,
) -> Vec<Record> {
    setting_leaves(settings)
        .into_iter()
        .map(|(path, value)| {
            let fields = ApplicationSettingFields {
                category: path.split('.').next().map(str::to_owned),
                scope: Some(SettingScope::User),
                user_email: non_empty(email),
                user_id: Some(user_id.to_owned()),
                path: path.clone(),
                value,
                locked: None,
            };
            cx.record(
                Kind::UserSetting,
                &format!("{user_id}:{path}"),
                RecordBody::ApplicationSetting(fields),
            )
        })
        .collect()
}

/// Every leaf of a settings object as `(dotted.path, value)`, in document
/// order. Objects are walked; arrays, strings, numbers and booleans are
/// leaves; `null` and empty strings are skipped (unknown, never `""`).
pub fn setting_leaves(settings: &Value) -> Vec<(String, Value)> {
    let mut leaves = Vec::new();
    walk(settings, &mut String::new(), &mut leaves);
    leaves
}

fn walk(value: &Value, path: &mut String, leaves: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let before = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                walk(child, path, leaves);
                path.truncate(before);
            }
        }
        Value::Null => {}
        Value::String(s) if s.trim().is_empty() => {}
        leaf if !path.is_empty() => leaves.push((path.clone(), leaf.clone())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nested_objects_become_dotted_leaves() {
        let settings = json!({
            "security": {"sign_in_with_two_factor_auth": "all", "password_requirement": {"minimum_length": 8}},
            "feature": {"meeting_capacity": 300, "webinar": false},
            "recording": {"cloud_recording": true, "archive": null, "note": ""},
            "in_meeting": {"allowed_domains": ["acme.example"]}
        });
        let leaves = setting_leaves(&settings);
        let paths: Vec<&str> = leaves.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "security.sign_in_with_two_factor_auth",
                "security.password_requirement.minimum_length",
                "feature.meeting_capacity",
                "feature.webinar",
                "recording.cloud_recording",
                "in_meeting.allowed_domains",
            ]
        );
        assert_eq!(leaves[0].1, json!("all"));
    }
}
