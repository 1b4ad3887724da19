//! Users: active, inactive (with the setting) and pending (counted only);
//! group names; last logon enriched from meeting joins; and, with
//! `fetch_settings_and_licenses`, each user's settings and feature licenses.

use asset_schema::Kind;
use futures::{StreamExt, stream};
use serde_json::Value;
use tokio::sync::oneshot;
use zoom_api::UserStatus;
use zoom_normalize::{
    AccountLeaves, DirectoryNames, UserCensus, user, user_feature_licenses,
    user_settings as user_setting_records,
};
use zoom_settings::UserSettingsMode;

use super::is_fatal;
use super::meetings::LastJoins;
use crate::cycle::shared::Shared;

/// Users: active, inactive (with the setting) and pending (counted only);
/// group names; last logon enriched from meeting joins; and, with
/// `fetch_settings_and_licenses`, each user's settings and feature licenses.
pub(crate) async fn users(
    shared: &Shared,
    joins: oneshot::Receiver<LastJoins>,
    account_leaves: oneshot::Receiver<AccountLeaves>,
) -> UserCensus {
    let plan = &shared.plan;
    let mut census = UserCensus {
        inactive_listed: plan.inactive_users,
        pending_listed: true,
        ..UserCensus::default()
    };
    let mut names = match shared.groups().await {
        Ok(groups) => DirectoryNames::from_groups(groups),
        Err(err) => {
            shared.note(
                Kind::User,
                format!("group names unavailable, groups are shown by id: {err}"),
            );
            DirectoryNames::default()
        }
    };
    // With roles read, custom role ids on users become the roles' names.
    if plan.wants(Kind::Role) {
        match shared.roles().await {
            Ok(roles) => names = names.with_roles(roles),
            Err(err) => shared.note(
                Kind::User,
                format!("role names unavailable, custom roles are shown by id: {err}"),
            ),
        }
    }
    let joins = if plan.enrich_last_logon {
        joins.await.unwrap_or_default()
    } else {
        LastJoins::default()
    };
    let per_user = plan.wants(Kind::UserSetting) || plan.wants(Kind::License);
    let mut settings_targets: Vec<(String, Option<String>)> = Vec::new();
    let mut statuses = vec![UserStatus::Active];
    if plan.inactive_users {
        statuses.push(UserStatus::Inactive);
    }
    statuses.push(UserStatus::Pending);
    for status in statuses {
        let listing = shared.client.users().list(status);
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            let zoom_user = match item {
                Ok(zoom_user) => zoom_user,
                Err(err) if status == UserStatus::Pending => {
                    // Pending users only feed the SaaS counts.
                    census.pending_listed = false;
                    shared.note(
                        Kind::SaasApplication,
                        format!("pending users could not be counted: {err}"),
                    );
                    break;
                }
                Err(err) => {
                    shared.fail(Kind::User, &err);
                    return census;
                }
            };
            census.add_zoom_user(&zoom_user);
            if status == UserStatus::Pending {
                continue;
            }
            let last_join = zoom_user
                .email
                .as_deref()
                .and_then(|email| joins.latest(email));
            let mut warnings = Vec::new();
            let record = user(&shared.cx, &zoom_user, &names, last_join, &mut warnings);
            shared.warn(warnings);
            if let Some(record) = record {
                if per_user && let Some(id) = zoom_user.id.clone() {
                    settings_targets.push((id, zoom_user.email.clone()));
                }
                if shared.emit(record, zoom_user.raw.as_ref()).await.is_err() {
                    return census;
                }
            }
        }
    }
    shared.done(Kind::User);
    if per_user {
        let baseline = match plan.user_settings {
            UserSettingsMode::All => None,
            UserSettingsMode::Differing => match account_leaves.await {
                Ok(leaves) => Some(leaves),
                Err(_) => {
                    shared.note(
                        Kind::UserSetting,
                        "the account settings could not be read, so every user setting leaf is emitted"
                            .to_owned(),
                    );
                    None
                }
            },
        };
        per_user_settings(shared, settings_targets, baseline.as_ref()).await;
    }
    census
}

/// GET /users/{userId}/settings for each user, `concurrency` at a time:
/// `user_setting` records per leaf and `license` records per feature held.
///
/// With `account` (`user_settings: differing`), a user's leaves equal to
/// the account's are counted, not emitted.
async fn per_user_settings(
    shared: &Shared,
    targets: Vec<(String, Option<String>)>,
    account: Option<&AccountLeaves>,
) {
    let kinds = [Kind::UserSetting, Kind::License];
    let client = shared.client.clone();
    let mut results = stream::iter(targets)
        .map(|(id, email)| {
            let client = client.clone();
            async move {
                let result = client.users().settings(&id).await;
                (id, email, result)
            }
        })
        .buffer_unordered(shared.concurrency);
    while let Some((id, email, result)) = results.next().await {
        let settings = match result {
            Ok(settings) => settings,
            Err(err) if is_fatal(&err) => {
                for kind in kinds {
                    shared.fail(kind, &err);
                }
                return;
            }
            Err(err) => {
                for kind in kinds {
                    shared.partial(kind, &err);
                }
                continue;
            }
        };
        if shared.plan.wants(Kind::UserSetting) {
            let value = serde_json::to_value(&settings).unwrap_or(Value::Null);
            for record in user_setting_records(&shared.cx, &id, email.as_deref(), &value, account) {
                if shared.emit(record, None::<&Value>).await.is_err() {
                    return;
                }
            }
        }
        if shared.plan.wants(Kind::License)
            && let Some(feature) = &settings.feature
        {
            for record in user_feature_licenses(&shared.cx, &id, email.as_deref(), feature) {
                if shared.emit(record, Some(feature)).await.is_err() {
                    return;
                }
            }
        }
    }
    for kind in kinds {
        shared.done(kind);
    }
}
