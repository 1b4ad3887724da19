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

/// The account's setting leaves by path: what a user's leaf is compared
/// with (`user_settings: differing`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountLeaves {
    values: std::collections::HashMap<String, Value>,
}

impl AccountLeaves {
    /// The leaves of the account settings (GET /accounts/me/settings).
    pub fn of(settings: &Value) -> Self {
        AccountLeaves {
            values: setting_leaves(settings).into_iter().collect(),
        }
    }

    /// Whether the account has this leaf with this value.
    pub fn holds(&self, path: &str, value: &Value) -> bool {
        self.values.get(path) == Some(value)
    }
}

/// The path of the record of a user whose every leaf equals the account's
/// (`user_settings: differing`): its `value` is their count.
pub const INHERITED_PATH: &str = "*";

/// `user_setting` records from a user's settings (GET /users/{userId}/settings),
/// each keyed `<user id>:<dotted path>`. With `account` (the default,
/// `user_settings: differing`), a leaf the account holds with the same value
/// is not emitted: each emitted leaf carries in `inherited_leaves` how many
/// were not, and a user none of whose leaves differs gets the one record at
/// [`INHERITED_PATH`], whose value is that count. Without, every leaf is
/// emitted.
pub fn user_settings(
    cx: &Context,
    user_id: &str,
    email: Option<&str>,
    settings: &Value,
    account: Option<&AccountLeaves>,
) -> Vec<Record> {
    let record = |path: &str, value: Value, inherited_leaves: Option<u64>| {
        let category = (path != INHERITED_PATH)
            .then(|| path.split('.').next().map(str::to_owned))
            .flatten();
        let fields = ApplicationSettingFields {
            category,
            scope: Some(SettingScope::User),
            user_email: non_empty(email),
            user_id: Some(user_id.to_owned()),
            path: path.to_owned(),
            value,
            locked: None,
            inherited_leaves,
        };
        cx.record(
            Kind::UserSetting,
            &format!("{user_id}:{path}"),
            RecordBody::ApplicationSetting(fields),
        )
    };
    let leaves = setting_leaves(settings);
    let Some(account) = account else {
        return leaves
            .into_iter()
            .map(|(path, value)| record(&path, value, None))
            .collect();
    };
    let (inherited, differing): (Vec<_>, Vec<_>) = leaves
        .into_iter()
        .partition(|(path, value)| account.holds(path, value));
    let count = inherited.len() as u64;
    if differing.is_empty() {
        return vec![record(INHERITED_PATH, Value::from(count), None)];
    }
    differing
        .into_iter()
        .map(|(path, value)| record(&path, value, Some(count)))
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

    #[test]
    fn a_user_leaf_equal_to_the_accounts_is_counted_not_emitted() {
        let cx = Context::new("acc", chrono::DateTime::UNIX_EPOCH);
        let account = AccountLeaves::of(&json!({
            "in_meeting": {"chat": true, "waiting_room": true},
            "recording": {"auto_recording": "none"}
        }));
        let user = json!({
            "in_meeting": {"chat": true, "waiting_room": false},
            "recording": {"auto_recording": "none", "local_recording": true}
        });
        let leaves = |records: &[Record]| -> Vec<(String, Value, Option<u64>)> {
            records
                .iter()
                .map(|r| match &r.body {
                    RecordBody::ApplicationSetting(f) => {
                        (f.path.clone(), f.value.clone(), f.inherited_leaves)
                    }
                    _ => panic!("not a setting"),
                })
                .collect()
        };
        let differing = user_settings(&cx, "u1", None, &user, Some(&account));
        assert_eq!(
            leaves(&differing),
            [
                ("in_meeting.waiting_room".to_owned(), json!(false), Some(2)),
                ("recording.local_recording".to_owned(), json!(true), Some(2)),
            ]
        );
        // Nothing differs: one record counts the leaves.
        let same = json!({"in_meeting": {"chat": true}, "recording": {"auto_recording": "none"}});
        let inherited = user_settings(&cx, "u2", None, &same, Some(&account));
        assert_eq!(leaves(&inherited), [("*".to_owned(), json!(2), None)]);
        let all = user_settings(&cx, "u1", None, &user, None);
        assert_eq!(all.len(), 4);
        assert!(leaves(&all).iter().all(|(p, _, n)| p != "*" && n.is_none()));
    }
}
