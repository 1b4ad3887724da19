//! What the web portal adds to REST's records: subscription details on plan
//! licenses and lock states on account settings. REST stays the source of
//! truth for every value both give; the portal only fills fields REST lacks.

use std::collections::HashMap;

use asset_schema::{Record, RecordBody, non_empty};
use chrono::NaiveDate;
use zoom_api::{PortalBilling, PortalSettings};

/// Adds the billing page's status, cycle, dates and auto-renew to the plan
/// license records whose plan type matches a portal plan line.
pub fn enrich_plan_licenses(records: &mut [Record], billing: &PortalBilling) {
    for record in records {
        let RecordBody::License(fields) = &mut record.body else {
            continue;
        };
        let Some(plan) = billing.plans.iter().find(|p| {
            p.plan_type.is_some() && p.plan_type.as_deref() == fields.license_type.as_deref()
        }) else {
            continue;
        };
        fields.status = fields
            .status
            .take()
            .or_else(|| non_empty(plan.status.as_deref()));
        fields.billing_cycle = non_empty(plan.billing_cycle.as_deref());
        fields.starts_on = day(plan.start_date.as_deref());
        fields.renews_on = day(plan.next_billing_date.as_deref());
        fields.auto_renew = plan.auto_renew;
    }
}

/// Lock states by dotted setting path (`in_meeting.chat` → true).
pub fn setting_locks(settings: &PortalSettings) -> HashMap<String, bool> {
    settings
        .settings
        .iter()
        .flat_map(|(section, entries)| {
            entries.iter().filter_map(move |(name, setting)| {
                Some((format!("{section}.{name}"), setting.locked?))
            })
        })
        .collect()
}

/// Sets `locked` on the setting records the portal reports a lock state for.
pub fn apply_setting_locks(records: &mut [Record], locks: &HashMap<String, bool>) {
    for record in records {
        if let RecordBody::ApplicationSetting(fields) = &mut record.body
            && let Some(locked) = locks.get(&fields.path)
        {
            fields.locked = Some(*locked);
        }
    }
}

fn day(text: Option<&str>) -> Option<NaiveDate> {
    let text = text?.trim();
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}
