//! Licenses: one record per plan of the account (GET /accounts/me/plans/usage)
//! and one per feature license a user holds (the `feature` section of
//! GET /users/{userId}/settings).

use asset_schema::{Kind, LicenseFields, Record, RecordBody, non_empty};
use zoom_api::api::users::FeatureSettings;
use zoom_api::{PlanUsage, PlanUsageEntry};

use crate::context::Context;

/// One record per plan line of the plan usage, keyed `account:<section>:<type>`.
pub fn plan_licenses(cx: &Context, usage: &PlanUsage) -> Vec<Record> {
    let sections: [(&str, &[PlanUsageEntry]); 4] = [
        ("plan_base", &usage.plan_base),
        ("plan_zoom_rooms", &usage.plan_zoom_rooms),
        ("plan_webinar", &usage.plan_webinar),
        ("plan_large_meeting", &usage.plan_large_meeting),
    ];
    let mut records = Vec::new();
    let united = usage.plan_united.iter().map(|entry| ("plan_united", entry));
    let listed = sections
        .iter()
        .flat_map(|(section, entries)| entries.iter().map(move |e| (*section, e)));
    for (index, (section, entry)) in listed.chain(united).enumerate() {
        let plan_type = non_empty(entry.plan_type.as_deref());
        let key = format!(
            "account:{section}:{}",
            plan_type.clone().unwrap_or_else(|| index.to_string())
        );
        let named = entry.extra.get("name").and_then(serde_json::Value::as_str);
        let fields = LicenseFields {
            name: non_empty(named).or_else(|| Some(plan_title(section).to_owned())),
            license_type: plan_type,
            scope: Some("account".to_owned()),
            seats_total: entry.hosts.and_then(|h| u64::try_from(h).ok()),
            seats_used: entry.usage.and_then(|u| u64::try_from(u).ok()),
            ..LicenseFields::default()
        };
        records.push(cx.record(Kind::License, &key, RecordBody::License(fields)));
    }
    records
}

/// The title of a plan-usage section.
fn plan_title(section: &str) -> &'static str {
    match section {
        "plan_base" => "Meetings",
        "plan_zoom_rooms" => "Zoom Rooms",
        "plan_webinar" => "Webinars",
        "plan_large_meeting" => "Large Meetings",
        "plan_united" => "Zoom One",
        _ => "Plan",
    }
}

/// The title of a user feature license.
fn feature_title(feature: &str) -> &'static str {
    match feature {
        "large_meeting" => "Large Meetings",
        "webinar" => "Webinars",
        "zoom_events" => "Zoom Events",
        "zoom_phone" => "Zoom Phone",
        _ => "Feature",
    }
}

/// One record per feature license the user holds (large meeting, webinar,
/// Zoom Events, Zoom Phone), keyed `user:<user id>:<feature>`.
pub fn user_feature_licenses(
    cx: &Context,
    user_id: &str,
    email: Option<&str>,
    feature: &FeatureSettings,
) -> Vec<Record> {
    let capacity = |c: Option<i64>| c.and_then(|c| u64::try_from(c).ok());
    let held = [
        (
            "large_meeting",
            feature.large_meeting,
            capacity(feature.large_meeting_capacity),
        ),
        (
            "webinar",
            feature.webinar,
            capacity(feature.webinar_capacity),
        ),
        ("zoom_events", feature.zoom_events, None),
        ("zoom_phone", feature.zoom_phone, None),
    ];
    held.into_iter()
        .filter(|(_, on, _)| *on == Some(true))
        .map(|(name, _, capacity)| {
            let fields = LicenseFields {
                name: Some(feature_title(name).to_owned()),
                license_type: Some(name.to_owned()),
                scope: Some("user".to_owned()),
                capacity,
                assigned_to: non_empty(email),
                user_id: Some(user_id.to_owned()),
                ..LicenseFields::default()
            };
            cx.record(
                Kind::License,
                &format!("user:{user_id}:{name}"),
                RecordBody::License(fields),
            )
        })
        .collect()
}
