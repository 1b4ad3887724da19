//! Past meetings over six months and their participant rows, derived from the
//! meeting index; who is behind each row (a guest, or a device of the pool in
//! [`super::pool`]).
//!
//! Layout in time: meetings sit on the days 1..=179 before the anchor's date,
//! except days 7 and 30 (kept empty so that a 7- or 30-day window gives the
//! same meetings whether a client counts the boundary day or not). Days 1..=6
//! hold `meetings_per_week` meetings together; every older day holds about a
//! seventh of it. The days 1..=[`FUTURE_DAYS`] after the anchor's date hold
//! about a seventh each too (the anchor's date itself holds none). Meeting
//! indices grow with start time (oldest first), so the meetings after the
//! anchor continue the indices. A meeting after the anchor is visible (listed,
//! its participants served) once it has ended at the clock's time; the meetings
//! before the anchor always are.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{Value, json};

use super::pool::{format_mac, pool_device};
use super::users::{core as user_core, identity, user_id};
use super::{Account, Status, partition, ts};
use crate::rng::{Gen, Stream, decode6, encode6, scramble36, unscramble36};
use crate::time::FUTURE_DAYS;

/// Days before the anchor date that never hold meetings (window boundaries).
pub(crate) const EMPTY_DAYS: &[u32] = &[7, 30];
/// The oldest day (before the anchor date) that holds meetings.
pub(crate) const OLDEST_DAY: u32 = 179;

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The longest meeting, in seconds.
const MAX_DURATION_SECS: u64 = 7200;

/// The day table: `(days_back, first_index, count)`, oldest day first (days
/// after the anchor's date are negative), the number of meetings before the
/// anchor and the total.
pub(crate) fn day_table(per_week: u64) -> (Vec<(i32, u64, u64)>, u64, u64) {
    let mut out = Vec::new();
    let mut next = 0u64;
    for d in (1..=OLDEST_DAY).rev() {
        if EMPTY_DAYS.contains(&d) {
            continue;
        }
        let count = if d <= 6 {
            per_week / 6 + u64::from(u64::from(d - 1) < per_week % 6)
        } else {
            per_week / 7 + u64::from(u64::from(d) % 7 < per_week % 7)
        };
        out.push((d as i32, next, count));
        next += count;
    }
    let past = next;
    for j in 1..=FUTURE_DAYS {
        let count = per_week / 7 + u64::from(u64::from(j) % 7 < per_week % 7);
        out.push((-(j as i32), next, count));
        next += count;
    }
    (out, past, next)
}

/// The indices of the meetings that start on dates `from..=to`.
pub(crate) fn window(acc: &Account, from: NaiveDate, to: NaiveDate) -> std::ops::Range<u64> {
    let today = acc.anchor_date();
    let back = |d: NaiveDate| (today - d).num_days();
    let (newest, oldest) = (back(to), back(from));
    let mut lo = None;
    let mut hi = 0;
    for &(d, first, count) in &acc.meeting_days {
        let d = i64::from(d);
        if d <= oldest && d >= newest && count > 0 {
            lo.get_or_insert(first);
            hi = first + count;
        }
    }
    match lo {
        Some(lo) => lo..hi,
        None => 0..0,
    }
}

/// True when meeting `k` is visible at `now`: the meetings before the anchor
/// always, the later ones once they have ended (end time ≤ `now`).
pub(crate) fn visible(acc: &Account, k: u64, now: DateTime<Utc>) -> bool {
    k < acc.past_meetings || end_time(acc, k) <= now
}

/// The meetings of [`window`] that may be visible at `now` (the range stops
/// before the first one that starts after `now`; filter it with [`visible`]),
/// and how many of them are visible.
pub(crate) fn visible_window(
    acc: &Account,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> (std::ops::Range<u64>, u64) {
    let r = window(acc, from, to);
    let lo = r.start.max(acc.past_meetings).min(r.end);
    // Start times grow with the index: binary search over the meetings after the anchor.
    let started = lo + partition(r.end - lo, |i| start_time(acc, lo + i) <= now);
    let surely = lo
        + partition(started - lo, |i| {
            start_time(acc, lo + i) + Duration::seconds(MAX_DURATION_SECS as i64) <= now
        });
    let ended = (surely..started).filter(|&k| visible(acc, k, now)).count() as u64;
    (r.start..started, surely - r.start + ended)
}

/// End time of meeting `k`.
pub(crate) fn end_time(acc: &Account, k: u64) -> DateTime<Utc> {
    start_time(acc, k) + Duration::seconds(duration_secs(acc, k) as i64)
}

/// Start time and day of meeting `k`.
pub(crate) fn start_time(acc: &Account, k: u64) -> DateTime<Utc> {
    let pos = acc
        .meeting_days
        .partition_point(|&(_, first, _)| first <= k);
    let (d, first, count) = acc.meeting_days[pos.saturating_sub(1)];
    let slot = k - first;
    let spacing = 82_800 / count.max(1);
    let day = acc.anchor_date() - Duration::days(i64::from(d));
    let midnight = day.and_time(chrono::NaiveTime::MIN).and_utc();
    let mut g = Gen::new(acc.seed ^ 0x5354, Stream::Meeting, k);
    midnight + Duration::seconds((1800 + slot * spacing + g.below(spacing / 2 + 1)) as i64)
}

/// The UUID of meeting `k`: base64-like, 22 characters and `==`; some start
/// with `/`, some contain `//` (clients must double-encode those in paths).
pub(crate) fn uuid(acc: &Account, k: u64) -> String {
    let mut g = Gen::new(acc.seed ^ 0x5555, Stream::Meeting, k);
    let mut head: Vec<u8> = g.chars(B64, 16).into_bytes();
    if k % 11 == 3 {
        head[0] = b'/';
    }
    if k % 7 == 2 {
        head[8] = b'/';
        head[9] = b'/';
    }
    let mut s = String::from_utf8_lossy(&head).into_owned();
    s.push_str(&encode6(scramble36(k, acc.mask(0x5555)), B64));
    s.push_str("==");
    s
}

/// The numeric meeting id of meeting `k`.
pub(crate) fn meeting_number(acc: &Account, k: u64) -> u64 {
    80_000_000_000 + (k ^ (acc.mask(0x4e55) & 0xFF_FFFF))
}

/// Finds a meeting by UUID (already fully decoded) or numeric id.
pub(crate) fn find(acc: &Account, key: &str) -> Option<u64> {
    if let Ok(n) = key.parse::<u64>() {
        let k = n.checked_sub(80_000_000_000)? ^ (acc.mask(0x4e55) & 0xFF_FFFF);
        return (k < acc.meetings_total).then_some(k);
    }
    if key.len() != 24 || !key.is_ascii() {
        return None;
    }
    let k = unscramble36(decode6(&key[16..22], B64)?, acc.mask(0x5555));
    (k < acc.meetings_total && uuid(acc, k) == key).then_some(k)
}

/// The number of participant rows of meeting `k` (1 ..= 2 × mean − 1).
pub(crate) fn participant_rows(acc: &Account, k: u64) -> u64 {
    let mean = acc.counts.participants_per_meeting.max(1);
    1 + Gen::new(acc.seed ^ 0x5052, Stream::Meeting, k).below(2 * mean - 1)
}

fn host_of(acc: &Account, k: u64) -> u64 {
    let active = &acc.users_by_status[Status::Active as usize];
    let i = Gen::new(acc.seed ^ 0x484f, Stream::Meeting, k).below(active.len() as u64);
    active.get(i as usize).map_or(0, |&u| u64::from(u))
}

fn duration_secs(acc: &Account, k: u64) -> u64 {
    Gen::new(acc.seed ^ 0x4455, Stream::Meeting, k).range(600, MAX_DURATION_SECS)
}

/// Meeting `k` as GET /metrics/meetings lists it.
pub(crate) fn meeting_json(acc: &Account, k: u64) -> Value {
    let start = start_time(acc, k);
    let dur = duration_secs(acc, k);
    let host = host_of(acc, k);
    let who = identity(acc.seed, host);
    let mut g = Gen::new(acc.seed, Stream::Meeting, k);
    let q = ["good", "fair", "poor", "bad", "good", "good"];
    let mut v = json!({
        "uuid": uuid(acc, k),
        "id": meeting_number(acc, k),
        "topic": format!("{} — weekly sync {}", who.first, k % 97),
        "host": format!("{} {}", who.first, who.last),
        "email": who.email,
        "user_type": "Licensed",
        "dept": g.pick(&["Engineering", "Sales", ""]),
        "start_time": ts(start),
        "end_time": ts(start + Duration::seconds(dur as i64)),
        "duration": format!("{:02}:{:02}:{:02}", dur / 3600, dur / 60 % 60, dur % 60),
        "participants": participant_rows(acc, k),
        "in_room_participants": g.below(3),
        "has_pstn": g.chance(0.1),
        "has_voip": true,
        "has_3rd_party_audio": false,
        "has_video": g.chance(0.8),
        "has_screen_share": g.chance(0.5),
        "has_recording": g.chance(0.2),
        "has_sip": g.chance(0.05),
        "has_archiving": false,
        "custom_keys": [],
        "audio_quality": g.pick(&q),
        "video_quality": g.pick(&q),
        "screen_share_quality": g.pick(&q),
    });
    // An unknown future field on some meetings: clients must ignore it.
    if k % 9 == 4 {
        v["ai_companion_summary"] = json!({"enabled": true});
    }
    v
}

/// Who is behind a participant row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Person {
    /// An external participant (or a phone dial-in): device fields are blank.
    External(u64),
    /// A participant on physical device `d` of the pool.
    Device(u64),
}

/// The person of row `r` of meeting `k`; a rejoin row repeats an earlier row's person.
pub(crate) fn person(acc: &Account, k: u64, r: u64) -> Person {
    let mut rr = r;
    loop {
        let mut g = Gen::new(acc.seed, Stream::Participant, k << 24 | rr);
        if rr > 0 && g.chance(0.08) {
            rr -= 1;
            continue;
        }
        if r == 0 || !g.chance(0.12) {
            let u = g.unit();
            return Person::Device((acc.pool_devices as f64 * u * u) as u64);
        }
        return Person::External(k << 24 | rr);
    }
}

/// Row `r` of meeting `k`, as GET /metrics/meetings/{meetingId}/participants lists it.
pub(crate) fn participant_json(acc: &Account, k: u64, r: u64) -> Value {
    let start = start_time(acc, k);
    let dur = duration_secs(acc, k) as i64;
    let rows = participant_rows(acc, k) as i64;
    let mut g = Gen::new(acc.seed ^ 0x524f_5757, Stream::Participant, k << 24 | r);
    let join = start + Duration::seconds(dur * r as i64 / (rows + 1) / 2);
    let leave = join + Duration::seconds(60 + g.below((dur / 2).max(1) as u64) as i64);
    let q = ["good", "fair", "poor", "good"];
    let base = |id: &str, name: &str, email: &str, device: &str| {
        json!({
            "id": id,
            "user_id": (16_778_240 + r).to_string(),
            "participant_user_id": id,
            "user_name": name,
            "email": email,
            "device": device,
            "ip_address": "",
            "location": "",
            "network_type": "Wired",
            "pc_name": "",
            "domain": "",
            "mac_addr": "",
            "harddisk_id": "",
            "version": "",
            "join_time": ts(join),
            "leave_time": ts(leave),
            "leave_reason": "left the meeting",
            "data_center": "United States (SC Crossconnect)",
            "full_data_center": "United States (SC Crossconnect); United States (NY)",
            "connection_type": "P2P",
            "microphone": "",
            "speaker": "",
            "camera": "",
            "share_application": false,
            "share_desktop": false,
            "share_whiteboard": false,
            "recording": false,
            "role": if r == 0 { "host" } else { "attendee" },
            "status": "in_meeting",
            "customer_key": "",
            "sip_uri": "",
            "from_sip_uri": "",
            "registrant_id": "",
            "in_room_participants": 0,
            "bo_mtg_id": "",
            "audio_quality": "good",
            "video_quality": "good",
            "screen_share_quality": "",
        })
    };
    match person(acc, k, r) {
        Person::External(x) => {
            let mut e = Gen::new(acc.seed ^ 0x4558, Stream::Participant, x);
            let phone = e.chance(0.3);
            let mut v = base(
                "",
                &if phone {
                    format!("+1 555 01{:02}", x % 100)
                } else {
                    format!("Guest {}", x % 1000)
                },
                "",
                if phone {
                    "Phone"
                } else {
                    e.pick_str(&["Windows", "Mac", "Android"])
                },
            );
            if !phone {
                v["ip_address"] = json!(format!("203.0.113.{}", x % 250 + 1));
                v["location"] = json!("Paris (FR)");
                v["version"] = json!("5.17.11.34827");
            }
            v
        }
        Person::Device(d) => {
            let dev = pool_device(acc, d);
            let owner = user_core(acc.seed, acc.counts, dev.owner);
            let who = identity(acc.seed, dev.owner);
            let id = if owner.status == Status::Active {
                user_id(acc, dev.owner)
            } else {
                String::new()
            };
            let mut v = base(
                &id,
                &format!("{} {}", who.first, who.last),
                &who.email,
                dev.platform,
            );
            v["ip_address"] = json!(format!(
                "10.{}.{}.{}",
                d / 65_536 % 256,
                d / 256 % 256,
                d % 256
            ));
            v["location"] = json!("Boston (US)");
            v["network_type"] = json!(*g.pick(&["Wired", "Wifi", "Wifi", "Cellular"]));
            v["pc_name"] = json!(dev.pc_name);
            v["domain"] = json!(dev.domain);
            v["mac_addr"] = json!(
                dev.mac
                    .map(|m| format_mac(m, g.below(4)))
                    .unwrap_or_default()
            );
            v["harddisk_id"] = json!(dev.harddisk);
            v["version"] = json!(*g.pick(&["5.17.11.34827", "6.0.2.37315", "5.16.10.26186"]));
            v["microphone"] = json!("Built-in Microphone");
            v["speaker"] = json!("Built-in Speakers");
            v["camera"] = json!("FaceTime HD Camera");
            v["share_desktop"] = json!(g.chance(0.2));
            v["audio_quality"] = json!(*g.pick(&q));
            v["video_quality"] = json!(*g.pick(&q));
            // An unknown future field on some rows: clients must ignore it.
            if r % 13 == 7 {
                v["client_build_channel"] = json!("stable");
            }
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_table_holds_the_week_in_days_one_to_six() {
        let (days, past, total) = day_table(50);
        let week: u64 = days
            .iter()
            .filter(|d| (1..=6).contains(&d.0))
            .map(|d| d.2)
            .sum();
        assert_eq!(week, 50);
        assert!(
            days.iter()
                .all(|d| d.0 <= 0 || !EMPTY_DAYS.contains(&(d.0 as u32)))
        );
        assert_eq!(days.iter().map(|d| d.2).sum::<u64>(), total);
        let before: u64 = days.iter().filter(|d| d.0 > 0).map(|d| d.2).sum();
        assert_eq!(before, past);
        assert!(
            days.iter().all(|d| d.0 != 0),
            "the anchor's date holds none"
        );
        let after: Vec<u64> = days.iter().filter(|d| d.0 < 0).map(|d| d.2).collect();
        assert_eq!(after.len(), FUTURE_DAYS as usize);
        assert!(after.iter().all(|&c| c == 7 || c == 8), "{after:?}");
    }

    fn small() -> Account {
        use chrono::TimeZone;
        let anchor = Utc
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .single()
            .unwrap_or_default();
        Account::new(1, crate::Size::Small.counts(), anchor)
    }

    #[test]
    fn meetings_after_the_anchor_appear_once_they_have_ended() {
        let acc = small();
        let a = acc.anchor;
        let today = acc.anchor_date();
        let range_at = |now: DateTime<Utc>| {
            visible_window(&acc, today - Duration::days(30), now.date_naive(), now)
        };
        let (r, n) = range_at(a);
        assert_eq!(r.end, acc.past_meetings, "nothing after the anchor yet");
        assert_eq!(n, r.end - r.start);
        let (_, day1) = range_at(a + Duration::days(1));
        let (_, day2) = range_at(a + Duration::days(2));
        assert!((6..=9).contains(&(day2 - day1)), "{day1} → {day2}");
        // Indices keep growing with start time after the anchor.
        let k = acc.past_meetings;
        assert!(start_time(&acc, k) > a && start_time(&acc, k - 1) < a);
        assert!(start_time(&acc, k + 1) > start_time(&acc, k));
        assert!(!visible(&acc, k, end_time(&acc, k) - Duration::seconds(1)));
        assert!(visible(&acc, k, end_time(&acc, k)));
        assert_eq!(find(&acc, &uuid(&acc, k)), Some(k));
        // The counted meetings are exactly the visible ones.
        let now = end_time(&acc, k + 3);
        let (r, n) = range_at(now);
        assert_eq!(
            n,
            r.clone().filter(|&m| visible(&acc, m, now)).count() as u64
        );
    }
}
