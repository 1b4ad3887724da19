//! Users, their settings (with license features) and how to find one by id or e-mail.

use chrono::Duration;
use serde_json::{Value, json};

use super::{Account, DOMAIN, Status, roles, ts};
use crate::config::Counts;
use crate::rng::{Gen, Stream, ident, parse_ident};

const FIRST: &[&str] = &[
    "Alice",
    "Bob",
    "Chen",
    "Zoë",
    "José",
    "Łukasz",
    "Søren",
    "Ngozi",
    "Mária",
    "Ærin",
    "Priya",
    "Yūki",
    "Olga",
    "François",
    "Mohammed",
    "Sven",
    "Ana",
    "Dmitri",
    "Aoife",
    "Kwame",
    "李娜",
    "Jürgen",
    "Fatma",
    "Chloé",
];
const LAST: &[&str] = &[
    "Smith",
    "Müller",
    "García",
    "Øster",
    "Nguyễn",
    "O'Brien",
    "Kowalski",
    "田中",
    "Johnson",
    "Rossi",
    "Dubois",
    "Okafor",
    "Ivanova",
    "Silva",
    "Haddad",
    "Lindqvist",
    "Patel",
    "Schäfer",
];
const ASCII_FIRST: &[&str] = &[
    "alice", "bob", "chen", "zoe", "jose", "lukasz", "soren", "ngozi", "maria", "aerin", "priya",
    "yuki", "olga", "francois", "mohammed", "sven", "ana", "dmitri", "aoife", "kwame", "lina",
    "jurgen", "fatma", "chloe",
];
const ASCII_LAST: &[&str] = &[
    "smith",
    "mueller",
    "garcia",
    "oester",
    "nguyen",
    "obrien",
    "kowalski",
    "tanaka",
    "johnson",
    "rossi",
    "dubois",
    "okafor",
    "ivanova",
    "silva",
    "haddad",
    "lindqvist",
    "patel",
    "schaefer",
];
const DEPTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Finance",
    "Support",
    "Marketing",
    "R&D",
    "",
];
const TIMEZONES: &[&str] = &[
    "America/New_York",
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Europe/London",
    "",
];
const VERSIONS: &[&str] = &[
    "5.17.11.34827(mac)",
    "6.0.2.37315(win)",
    "5.16.10.26186(android)",
    "6.1.0.40152(ios)",
    "",
];

/// The cheap part of a user, enough to build index tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UserCore {
    /// Status.
    pub(crate) status: Status,
    /// 1 Basic, 2 Licensed, 99 None.
    pub(crate) user_type: u8,
    /// Role index (see [`super::roles`]): 0 owner, 1 admin, 2 member, 3.. custom.
    pub(crate) role: u8,
    /// Up to two groups.
    pub(crate) groups: [Option<u32>; 2],
}

/// The core of user `i`.
pub(crate) fn core(seed: u64, counts: Counts, i: u64) -> UserCore {
    let mut g = Gen::new(seed, Stream::User, i);
    let r = g.unit();
    let status = if i == 0 || r < 0.82 {
        Status::Active
    } else if r < 0.94 {
        Status::Inactive
    } else {
        Status::Pending
    };
    let t = g.unit();
    let user_type = if status == Status::Pending || t < 0.35 {
        1
    } else if t < 0.95 {
        2
    } else {
        99
    };
    let built_in = if i == 0 {
        roles::OWNER
    } else if g.chance(0.03) {
        roles::ADMIN
    } else {
        roles::MEMBER
    };
    let role = roles::assign(seed, counts, i, built_in, status != Status::Pending);
    let mut groups = [None, None];
    if counts.groups > 0 && g.chance(0.75) {
        let a = g.below(counts.groups) as u32;
        groups[0] = Some(a);
        if g.chance(0.2) {
            let b = g.below(counts.groups) as u32;
            if b != a {
                groups[1] = Some(b);
            }
        }
    }
    UserCore {
        status,
        user_type,
        role,
        groups,
    }
}

/// The identity of user `i`: names and e-mail.
pub(crate) struct Identity {
    /// First name (may be non-ASCII).
    pub(crate) first: &'static str,
    /// Last name (may be non-ASCII).
    pub(crate) last: &'static str,
    /// E-mail (ASCII, ends with the user's index).
    pub(crate) email: String,
}

/// Names and e-mail of user `i`.
pub(crate) fn identity(seed: u64, i: u64) -> Identity {
    let mut g = Gen::new(seed ^ 0x4e41_4d45, Stream::User, i);
    let f = g.below(FIRST.len() as u64) as usize;
    let l = g.below(LAST.len() as u64) as usize;
    Identity {
        first: FIRST[f],
        last: LAST[l],
        email: format!("{}.{}.{}@{}", ASCII_FIRST[f], ASCII_LAST[l], i, DOMAIN),
    }
}

/// The user id of base user `i`.
pub(crate) fn user_id(acc: &Account, i: u64) -> String {
    ident(acc.seed, Stream::User, i)
}

/// The group id of group `g`.
pub(crate) fn group_id(acc: &Account, g: u64) -> String {
    ident(acc.seed, Stream::Group, g)
}

/// Finds a base user by id or e-mail (case-insensitive for e-mail).
pub(crate) fn find(acc: &Account, key: &str) -> Option<u64> {
    if let Some(i) = parse_ident(acc.seed, Stream::User, key) {
        return (i < acc.counts.users).then_some(i);
    }
    let lower = key.to_ascii_lowercase();
    let (local, domain) = lower.split_once('@')?;
    if domain != DOMAIN {
        return None;
    }
    let i: u64 = local.rsplit('.').next()?.parse().ok()?;
    (i < acc.counts.users && identity(acc.seed, i).email == lower).then_some(i)
}

/// The JSON of base user `i`, as GET /users lists it (`detail` adds GET /users/{id} fields).
pub(crate) fn user_json(acc: &Account, i: u64, detail: bool) -> Value {
    let c = core(acc.seed, acc.counts, i);
    let who = identity(acc.seed, i);
    let mut g = Gen::new(acc.seed ^ 0x4445_5441, Stream::User, i);
    let created = acc.anchor
        - Duration::days(30 + g.below(1500) as i64)
        - Duration::seconds(g.below(86_400) as i64);
    let mut o = serde_json::Map::new();
    if c.status != Status::Pending {
        o.insert("id".into(), json!(user_id(acc, i)));
    }
    o.insert("first_name".into(), json!(who.first));
    o.insert("last_name".into(), json!(who.last));
    if detail {
        o.insert(
            "display_name".into(),
            json!(format!("{} {}", who.first, who.last)),
        );
    }
    o.insert("email".into(), json!(who.email));
    o.insert("type".into(), json!(c.user_type));
    if c.status != Status::Pending {
        o.insert(
            "pmi".into(),
            json!(3_000_000_000u64 + (i * 7919) % 6_000_000_000),
        );
    }
    o.insert("timezone".into(), json!(g.pick(TIMEZONES)));
    o.insert(
        "verified".into(),
        json!(u8::from(c.status != Status::Pending)),
    );
    o.insert("dept".into(), json!(g.pick(DEPTS)));
    if c.status == Status::Pending {
        o.insert("created_at".into(), json!(ts(acc.anchor)));
    } else {
        o.insert("created_at".into(), json!(ts(created)));
        // About one user in eight never logged in: no last_login_time at all.
        if !g.chance(0.12) {
            let last = acc.anchor - Duration::seconds(g.below(86_400 * 120) as i64 + 3600);
            o.insert("last_login_time".into(), json!(ts(last.max(created))));
        }
        o.insert("last_client_version".into(), json!(g.pick(VERSIONS)));
    }
    o.insert(
        "language".into(),
        json!(if g.chance(0.5) { "en-US" } else { "" }),
    );
    o.insert("phone_number".into(), json!(""));
    o.insert("status".into(), json!(c.status.as_str()));
    o.insert("role_id".into(), json!(roles::role_id(acc, c.role)));
    let groups: Vec<String> = c
        .groups
        .iter()
        .flatten()
        .map(|&gr| group_id(acc, u64::from(gr)))
        .collect();
    o.insert("group_ids".into(), json!(groups));
    o.insert("im_group_ids".into(), json!([]));
    if g.chance(0.3) {
        o.insert("employee_unique_id".into(), json!(format!("E{:06}", i)));
    } else if g.chance(0.3) {
        o.insert("employee_unique_id".into(), json!(""));
    }
    // An unknown future field on some users: clients must ignore it.
    if i % 17 == 5 {
        o.insert(
            "ai_companion".into(),
            json!({"enabled": true, "tier": "plus"}),
        );
    }
    if detail {
        o.insert("account_id".into(), json!(acc.account_id));
        o.insert(
            "account_number".into(),
            json!(acc.mask(1) % 9_000_000_000 + 1_000_000_000),
        );
        o.insert("role_name".into(), json!(roles::role_name(acc, c.role)));
        o.insert(
            "job_title".into(),
            json!(if g.chance(0.5) { "Engineer" } else { "" }),
        );
        o.insert("location".into(), json!(""));
        o.insert(
            "login_type".into(),
            json!(if g.chance(0.5) { 101 } else { 100 }),
        );
        o.insert("company".into(), json!("Acme Sim Corp"));
        o.insert("pic_url".into(), json!(""));
        o.insert("use_pmi".into(), json!(false));
        o.insert("cluster".into(), json!("us05"));
        o.insert(
            "jid".into(),
            json!(format!(
                "{}@xmpp.zoom.us",
                user_id(acc, i).to_ascii_lowercase()
            )),
        );
    }
    Value::Object(o)
}

/// The licenses (`feature`) part of a user's settings.
pub(crate) fn feature_json(acc: &Account, i: u64) -> Value {
    let c = core(acc.seed, acc.counts, i);
    let mut g = Gen::new(acc.seed ^ 0x4645_4154, Stream::User, i);
    let licensed = c.user_type == 2;
    let large = licensed && g.chance(0.2);
    let webinar = licensed && g.chance(0.15);
    json!({
        "meeting_capacity": if licensed { 300 } else { 100 },
        "large_meeting": large,
        "large_meeting_capacity": if large { 1000 } else { 500 },
        "webinar": webinar,
        "webinar_capacity": if webinar { 1000 } else { 100 },
        "zoom_events": licensed && g.chance(0.05),
        "zoom_events_capacity": 500,
        "zoom_phone": licensed && g.chance(0.3),
        "zoom_iq_for_sales": false,
        "zoom_whiteboard": licensed,
        "cn_meeting": false,
        "in_meeting": false,
        "concurrent_meeting": if licensed && g.chance(0.1) { "Basic" } else { "None" },
    })
}

/// GET /users/{id}/settings of user `i`.
pub(crate) fn settings_json(acc: &Account, i: u64) -> Value {
    let c = core(acc.seed, acc.counts, i);
    json!({
        "schedule_meeting": {"host_video": true, "participants_video": false, "join_before_host": false, "use_pmi_for_scheduled_meetings": false},
        "in_meeting": {"e2e_encryption": false, "chat": true, "private_chat": true, "file_transfer": c.role < roles::MEMBER, "waiting_room": true, "breakout_room": true},
        "email_notification": {"jbh_reminder": true, "cancel_meeting_reminder": true},
        "recording": {"local_recording": true, "cloud_recording": c.user_type == 2, "auto_recording": "none"},
        "telephony": {"third_party_audio": false, "audio_conference_info": "", "show_international_numbers_link": true},
        "feature": feature_json(acc, i),
        "tsp": {"call_out": false, "show_international_numbers_link": false},
        "profile": {"recording_storage_location": {"allowed_values": ["US"], "value": "US"}},
        "audio_conferencing": {"toll_free_and_fee_based_toll_call": {"enable": false}},
    })
}
