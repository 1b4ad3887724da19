//! Groups, H.323/SIP devices, account settings and plan usage.

use serde_json::{Value, json};

use super::Account;
use super::users::group_id;
use crate::rng::{Gen, Stream, ident, parse_ident};

const GROUP_NAMES: &[&str] = &[
    "Engineering",
    "Sales",
    "Finance",
    "Support",
    "Marketing",
    "Ventes Genève",
    "Forschung",
    "Operations",
];

/// The name of group `g` (unique).
pub(crate) fn group_name(g: u64) -> String {
    let base = GROUP_NAMES[(g % GROUP_NAMES.len() as u64) as usize];
    if g < GROUP_NAMES.len() as u64 {
        base.to_string()
    } else {
        format!("{base} {}", g / GROUP_NAMES.len() as u64 + 1)
    }
}

/// Finds a group by id.
pub(crate) fn find_group(acc: &Account, id: &str) -> Option<u64> {
    parse_ident(acc.seed, Stream::Group, id).filter(|&g| g < acc.counts.groups)
}

/// One entry of GET /groups (members as given).
pub(crate) fn group_json(acc: &Account, g: u64, members: u64) -> Value {
    json!({"id": group_id(acc, g), "name": group_name(g), "total_members": members})
}

/// H.323/SIP device `d` of GET /h323/devices.
pub(crate) fn h323_json(acc: &Account, d: u64) -> Value {
    let mut g = Gen::new(acc.seed, Stream::H323, d);
    let vendor = g.pick(&[
        "Polycom RealPresence",
        "Cisco SX80",
        "Lifesize Icon",
        "Poly Studio X",
    ]);
    let protocol = if g.chance(0.6) { "H.323" } else { "SIP" };
    let ip = if protocol == "SIP" && g.chance(0.3) {
        format!("sip{}@sip.acme-sim.test", d)
    } else {
        format!(
            "10.{}.{}.{}",
            20 + d / 65_536 % 200,
            d / 256 % 256,
            d % 254 + 1
        )
    };
    json!({
        "id": ident(acc.seed, Stream::H323, d),
        "name": format!("{vendor} {}", d + 1),
        "protocol": protocol,
        "ip": ip,
        "encryption": g.pick(&["auto", "yes", "no"]),
    })
}

/// GET /accounts/me/settings: the full settings view (13 top-level sections).
pub(crate) fn account_settings_json(acc: &Account) -> Value {
    let mut g = Gen::new(acc.seed, Stream::Account, 2);
    json!({
        // As in Zoom, the account's settings hold the users' keys (a user
        // inherits a leaf until it is changed for them), and more.
        "schedule_meeting": {"host_video": true, "participants_video": false, "join_before_host": false,
                             "use_pmi_for_scheduled_meetings": false, "require_password_for_scheduling_new_meetings": true},
        "in_meeting": {"e2e_encryption": g.chance(0.5), "chat": true, "private_chat": true, "file_transfer": false,
                       "waiting_room": true, "breakout_room": true, "allow_live_streaming": false},
        "email_notification": {"cloud_recording_available_reminder": true, "jbh_reminder": true, "cancel_meeting_reminder": true},
        "zoom_rooms": {"upcoming_meeting_alert": true, "show_alert_before_meeting": true},
        "security": {"admin_change_name_pic": false, "hide_billing_info": false, "sign_in_with_two_factor_auth": "all",
                     "password_requirement": {"minimum_password_length": 12, "have_special_character": true}},
        "recording": {"local_recording": true, "cloud_recording": true, "auto_recording": "none", "cloud_recording_download": true},
        "telephony": {"third_party_audio": false, "audio_conference_info": "", "show_international_numbers_link": true},
        "integration": {"google_calendar": true, "google_drive": false, "dropbox": false},
        // The paid plan's features; basic users and add-on holders differ.
        "feature": {"meeting_capacity": 300, "large_meeting": false, "large_meeting_capacity": 500, "webinar": false,
                    "webinar_capacity": 100, "zoom_events": false, "zoom_events_capacity": 500, "zoom_phone": false,
                    "zoom_iq_for_sales": false, "zoom_whiteboard": true, "cn_meeting": false, "in_meeting": false,
                    "concurrent_meeting": "None"},
        "tsp": {"call_out": false, "show_international_numbers_link": false},
        "profile": {"recording_storage_location": {"allowed_values": ["US"], "value": "US"}},
        "other_options": {"allow_auto_active_users": false, "blur_snapshot_ios": false},
        "audio_conferencing": {"toll_free_and_fee_based_toll_call": {"enable": false, "numbers": []}},
    })
}

/// GET /accounts/me/plans/usage.
pub(crate) fn plan_usage_json(acc: &Account, licensed: u64, rooms_in_use: u64) -> Value {
    json!({
        "plan_base": [{"type": "monthly", "hosts": licensed + licensed / 10 + 1, "usage": licensed}],
        "plan_zoom_rooms": [{"type": "zroom_monthly", "hosts": acc.counts.rooms, "usage": rooms_in_use}],
        "plan_webinar": [{"type": "webinar1000_monthly", "hosts": 5, "usage": 3}],
        "plan_large_meeting": [{"type": "large1000_monthly", "hosts": 10, "usage": 4}],
        "plan_recording": {"type": "cmr_monthly_commitment_1tb", "free_storage": "0", "free_storage_usage": "0",
                           "plan_storage": "1 TB", "plan_storage_usage": "312 GB", "plan_storage_exceed": "0"},
    })
}

/// The number of license entries GET /accounts/me/plans/usage lists
/// (the entries of `plan_base`, `plan_zoom_rooms`, `plan_webinar`, `plan_large_meeting`).
pub(crate) const LICENSE_ENTRIES: u64 = 4;
