//! The account-wide sources and the two records that summarize the others:
//! `GET /users/me`, `GET /accounts/me/settings`, `GET /accounts/me/plans/usage`,
//! then `saas_application` and `account`.
//!
//! **Complete inputs only.** A summary record is emitted only when every
//! input it is made of was read. An input Zoom does not serve to this app or
//! plan ([`Input::Unavailable`]: a plan, permission or not-found answer)
//! leaves its fields absent, with a warning; an input that failed for any
//! other reason (network, credentials, server, quota …) fails the record's
//! kind with that reason, so a host that upserts by id never overwrites the
//! real record with zeros after an outage.

use asset_schema::{Kind, PlanSource};
use serde_json::Value;
use tokio::sync::oneshot;
use zoom_api::{ErrorKind, PlanUsage, SettingsOption, User};
use zoom_normalize::{UserCensus, account, account_settings as account_setting_records};
use zoom_normalize::{plan_licenses, saas_application};

use crate::cycle::shared::Shared;
use crate::summary::{FailureKind, SourceError};

/// One input of the summary records.
#[derive(Debug)]
pub(crate) enum Input<T> {
    /// Read.
    Got(T),
    /// Zoom does not serve it to this app or plan: its fields stay absent.
    Unavailable(SourceError),
    /// Reading it failed: the records made from it are not emitted.
    Failed(SourceError),
}

impl<T> Input<T> {
    /// The result of a read.
    fn of(result: Result<T, &zoom_api::Error>) -> Self {
        match result {
            Ok(value) => Input::Got(value),
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::Plan | ErrorKind::Permission | ErrorKind::NotFound
                ) =>
            {
                Input::Unavailable(SourceError::from_api(err))
            }
            Err(err) => Input::Failed(SourceError::from_api(err)),
        }
    }

    /// The value, when read.
    pub(crate) fn get(&self) -> Option<&T> {
        match self {
            Input::Got(value) => Some(value),
            Input::Unavailable(_) | Input::Failed(_) => None,
        }
    }

    /// Why it failed, when it did.
    fn failure(&self) -> Option<&SourceError> {
        match self {
            Input::Failed(error) => Some(error),
            Input::Got(_) | Input::Unavailable(_) => None,
        }
    }
}

/// GET /users/me: the token's owner, for the account record.
pub(crate) async fn me(shared: &Shared) -> Input<User> {
    let result = shared.client.users().me().await;
    if let Err(err) = &result {
        shared.note(Kind::Account, format!("account details incomplete: {err}"));
    }
    match result {
        Ok(me) => Input::Got(me),
        Err(err) => Input::of(Err(&err)),
    }
}

/// GET /accounts/me/settings: `account_setting` records (with the setting)
/// and the security options the SaaS record reports.
///
/// The account's leaves go to the users source through `leaves` (for
/// `user_settings: differing`); a failure drops the sender, so the users
/// source emits every leaf.
pub(crate) async fn account_settings(
    shared: &Shared,
    leaves: oneshot::Sender<zoom_normalize::AccountLeaves>,
) -> Input<Value> {
    let result = shared.client.accounts().settings(SettingsOption::All).await;
    let settings = match result {
        Ok(settings) => match serde_json::to_value(&settings) {
            Ok(value) => value,
            Err(err) => {
                let error = SourceError::local(
                    FailureKind::BUG,
                    format!("the account settings could not be re-encoded: {err}"),
                    crate::boundary::BUG_WHAT_TO_DO,
                );
                if shared.plan.wants(Kind::AccountSetting) {
                    shared.mark_failed(Kind::AccountSetting, error.clone());
                }
                return Input::Failed(error);
            }
        },
        Err(err) => {
            if shared.plan.wants(Kind::AccountSetting) {
                shared.fail(Kind::AccountSetting, &err);
            }
            shared.note(
                Kind::SaasApplication,
                format!("sign-in enforcement unknown: {err}"),
            );
            return Input::of(Err(&err));
        }
    };
    let _ = leaves.send(zoom_normalize::AccountLeaves::of(&settings));
    if shared.plan.wants(Kind::AccountSetting) {
        let mut records = account_setting_records(&shared.cx, &settings);
        match shared.portal().await {
            Some(Ok(portal)) => zoom_normalize::apply_setting_locks(
                &mut records,
                &zoom_normalize::setting_locks(&portal.settings),
            ),
            Some(Err(err)) => shared.portal_partial(Kind::AccountSetting, err),
            None => {}
        }
        for record in records {
            if shared.emit(record, None::<&Value>).await.is_err() {
                return Input::Got(settings);
            }
        }
        shared.done(Kind::AccountSetting);
    }
    Input::Got(settings)
}

/// GET /accounts/me/plans/usage: plan `license` records (with the setting)
/// and the seats the SaaS record reports.
pub(crate) async fn plan_usage(shared: &Shared) -> Input<PlanUsage> {
    let usage = match shared.client.accounts().plan_usage().await {
        Ok(usage) => usage,
        Err(err) => {
            if shared.plan.wants(Kind::License) {
                shared.partial(Kind::License, &err);
            }
            shared.note(
                Kind::SaasApplication,
                format!("plan and seats unknown: {err}"),
            );
            return Input::of(Err(&err));
        }
    };
    if shared.plan.wants(Kind::License) {
        let mut records = plan_licenses(&shared.cx, &usage);
        match shared.portal().await {
            Some(Ok(portal)) => zoom_normalize::enrich_plan_licenses(&mut records, &portal.billing),
            Some(Err(err)) => shared.portal_partial(Kind::License, err),
            None => {}
        }
        for record in records {
            if shared.emit(record, None::<&Value>).await.is_err() {
                break;
            }
        }
    }
    Input::Got(usage)
}

/// What the summary records are made of.
pub(crate) struct SummaryInputs<'a> {
    pub(crate) census: &'a UserCensus,
    pub(crate) me: &'a Input<User>,
    pub(crate) settings: &'a Input<Value>,
    pub(crate) usage: &'a Input<PlanUsage>,
}

/// The `saas_application` and `account` records, each only from complete
/// inputs (see the module docs).
pub(crate) async fn summaries(shared: &Shared, inputs: SummaryInputs<'_>) {
    let vanity = shared.plan.vanity_url.as_deref();
    let tier = plan_tier(&shared.client.plan_in_use());
    let tier = tier.as_ref().map(|(name, source)| (*name, *source));
    // The user census must be complete: its counts are the record's point.
    let users_incomplete = shared.incomplete(Kind::User).map(|e| {
        SourceError::local(
            e.kind,
            format!(
                "not emitted: the user list it counts is incomplete: {}",
                e.message
            ),
            &e.what_to_do,
        )
    });
    let saas_failure = users_incomplete
        .or_else(|| inputs.usage.failure().cloned())
        .or_else(|| inputs.settings.failure().cloned());
    match saas_failure {
        Some(error) => shared.mark_failed(Kind::SaasApplication, error),
        None => {
            let saas = saas_application(
                &shared.cx,
                inputs.census,
                inputs.usage.get(),
                inputs.settings.get(),
                vanity,
                tier,
            );
            if shared.emit(saas, None::<&Value>).await.is_err() {
                return;
            }
            shared.done(Kind::SaasApplication);
        }
    }
    let account_failure = match inputs.me {
        Input::Got(_) => inputs.usage.failure().cloned(),
        // The token's owner is what the record is about: without it the
        // record would hold little more than its id.
        Input::Failed(error) | Input::Unavailable(error) => Some(error.clone()),
    };
    if let Some(error) = account_failure {
        shared.mark_failed(Kind::Account, error);
        return;
    }
    let me = inputs.me.get();
    let billing_cycle = inputs
        .usage
        .get()
        .and_then(|u| u.plan_base.first())
        .and_then(|b| b.plan_type.clone());
    let record = account(
        &shared.cx,
        me,
        vanity,
        tier,
        billing_cycle.as_deref(),
        Vec::new(),
    );
    if shared.emit(record, me).await.is_ok() {
        shared.done(Kind::Account);
    }
}

/// The plan tier the records state: the configured `zoom_plan`, or with
/// `auto` the tier an answer of Zoom proved (none proved: unknown, absent).
fn plan_tier(plan: &zoom_api::PlanInUse) -> Option<(&'static str, PlanSource)> {
    let tier = crate::catalog::settings_plan(plan.plan).as_str();
    match (plan.discovered, &plan.evidence) {
        (false, _) => Some((tier, PlanSource::Configured)),
        (true, Some(_)) => Some((tier, PlanSource::Observed)),
        (true, None) => None,
    }
}
