//! Zoom as the company's SaaS application, and the account as its tenant.

use asset_schema::{
    Kind, LicenseType, PlanSource, Record, RecordBody, SaasApplicationFields, TenantFields,
    UserFields, UserStatus, non_empty,
};
use serde_json::Value;
use zoom_api::{PlanUsage, User};

use crate::context::Context;

/// Counts over the users read in a cycle, for the SaaS application record.
/// Fed every user (pending ones included) as they stream past.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserCensus {
    /// Active users.
    pub active: u64,
    /// Inactive users (only when they are fetched).
    pub inactive: u64,
    /// Pending (invited) users.
    pub pending: u64,
    /// Owners and admins.
    pub admins: u64,
    /// Licensed users.
    pub licensed: u64,
    /// Whether inactive users were listed (else `inactive` means nothing).
    pub inactive_listed: bool,
    /// Whether pending users were listed (else `pending` means nothing).
    pub pending_listed: bool,
}

impl UserCensus {
    /// Counts one Zoom user (as listed, before any record is made).
    pub fn add_zoom_user(&mut self, user: &User) {
        match user.status.as_deref() {
            Some("inactive") => self.inactive += 1,
            Some("pending") => self.pending += 1,
            _ => self.active += 1,
        }
        if matches!(user.role_id.as_deref(), Some("0" | "1"))
            || matches!(user.role_name.as_deref(), Some("Owner" | "Admin"))
        {
            self.admins += 1;
        }
        if user.user_type == Some(2) {
            self.licensed += 1;
        }
    }

    /// Counts one user record's fields (when only records are at hand).
    pub fn add_record(&mut self, fields: &UserFields) {
        match fields.status {
            Some(UserStatus::Inactive) => self.inactive += 1,
            Some(UserStatus::Pending) => self.pending += 1,
            _ => self.active += 1,
        }
        if fields.is_admin == Some(true) {
            self.admins += 1;
        }
        if fields.license_type == Some(LicenseType::Licensed) {
            self.licensed += 1;
        }
    }
}

/// The `saas_application` record: Zoom, its main plan and seats (plan usage,
/// when read), users by status, admins, and whether SSO and two-factor
/// sign-in are enforced (account settings, when read). Keyed `zoom`.
pub fn saas_application(
    cx: &Context,
    census: &UserCensus,
    plan_usage: Option<&PlanUsage>,
    account_settings: Option<&Value>,
    vanity_url: Option<&str>,
    plan: Option<(&str, PlanSource)>,
) -> Record {
    let base = plan_usage.and_then(|usage| usage.plan_base.first());
    let security = account_settings.and_then(|s| s.get("security"));
    let fields = SaasApplicationFields {
        name: "Zoom".to_owned(),
        vendor: "Zoom Video Communications".to_owned(),
        plan: plan.map(|(tier, _)| tier.to_owned()),
        plan_source: plan.map(|(_, source)| source),
        billing_cycle: base.and_then(|b| non_empty(b.plan_type.as_deref())),
        seats_total: base
            .and_then(|b| b.hosts)
            .and_then(|h| u64::try_from(h).ok()),
        seats_used: base
            .and_then(|b| b.usage)
            .and_then(|u| u64::try_from(u).ok()),
        users_active: Some(census.active),
        users_inactive: census.inactive_listed.then_some(census.inactive),
        users_pending: census.pending_listed.then_some(census.pending),
        admins: Some(census.admins),
        users_licensed: Some(census.licensed),
        two_factor_enforced: security
            .and_then(|s| s.get("sign_in_with_two_factor_auth"))
            .and_then(Value::as_str)
            .map(|mode| mode == "all"),
        sso_enforced: account_settings.and_then(sso_enforced),
        url: non_empty(vanity_url).or_else(|| Some("https://zoom.us".to_owned())),
    };
    cx.record(
        Kind::SaasApplication,
        "zoom",
        RecordBody::SaasApplication(fields),
    )
}

/// Whether the settings force SSO sign-in: `security.only_allow_sso` style
/// flags, or every other sign-in method turned off. Absent when the settings
/// say nothing about it.
fn sso_enforced(settings: &Value) -> Option<bool> {
    let lookup = |path: &str| settings.pointer(path).and_then(Value::as_bool);
    lookup("/security/enforce_sso_login")
        .or_else(|| lookup("/security/only_allow_sso"))
        .or_else(|| lookup("/other_options/enforce_sso_login"))
}

/// The `account` record (the tenant): id from the connection, number and
/// owner from GET /users/me when read (the token's owner for S2S apps),
/// vanity URL and plan when known. Keyed by the account id.
pub fn account(
    cx: &Context,
    me: Option<&User>,
    vanity_url: Option<&str>,
    plan: Option<(&str, PlanSource)>,
    billing_cycle: Option<&str>,
    managed_domains: Vec<String>,
) -> Record {
    let fields = TenantFields {
        tenant_id: cx.account_id.clone(),
        account_number: me.and_then(|m| m.account_number).map(|n| n.to_string()),
        name: None,
        vanity_url: non_empty(vanity_url),
        owner_email: me
            .filter(|m| {
                matches!(m.role_id.as_deref(), Some("0")) || m.role_name.as_deref() == Some("Owner")
            })
            .and_then(|m| non_empty(m.email.as_deref())),
        plan: plan.map(|(tier, _)| tier.to_owned()),
        plan_source: plan.map(|(_, source)| source),
        billing_cycle: non_empty(billing_cycle),
        created_at: None,
        managed_domains,
    };
    cx.record(Kind::Account, &cx.account_id, RecordBody::Tenant(fields))
}
