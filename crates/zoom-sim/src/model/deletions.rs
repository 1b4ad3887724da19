//! Users deleted as simulated time passes: `ceil(users / 100)` distinct base
//! users (never the owner, user 0), drawn from the seed, each with a deletion
//! instant in (anchor, anchor + [`DELETION_DAYS`] days]. Nobody is deleted at
//! the anchor.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use crate::rng::{Gen, Stream};
use crate::time::DELETION_DAYS;

/// The deletion schedule: `(instant, base user index)`, earliest first.
pub(crate) fn schedule(seed: u64, users: u64, anchor: DateTime<Utc>) -> Vec<(DateTime<Utc>, u64)> {
    if users < 2 {
        return Vec::new();
    }
    let n = users.div_ceil(100).min(users - 1);
    let mut picked = HashSet::new();
    let mut out = Vec::new();
    let mut j = 0u64;
    while (out.len() as u64) < n && j < 20 * n + 100 {
        let i = 1 + Gen::new(seed ^ 0x4445_4c55, Stream::User, j).below(users - 1);
        j += 1;
        if picked.insert(i) {
            let secs = 1 + Gen::new(seed ^ 0x4445_4c54, Stream::User, i)
                .below(u64::from(DELETION_DAYS) * 86_400);
            out.push((anchor + Duration::seconds(secs as i64), i));
        }
    }
    out.sort_unstable();
    out
}

/// The users of `schedule` deleted in `(from, to]`.
pub(crate) fn between(
    schedule: &[(DateTime<Utc>, u64)],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> impl Iterator<Item = u64> + '_ {
    let lo = schedule.partition_point(|&(t, _)| t <= from);
    let hi = schedule.partition_point(|&(t, _)| t <= to);
    schedule[lo..hi.max(lo)].iter().map(|&(_, i)| i)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn about_one_percent_of_users_are_deleted_within_thirty_days() {
        let a = Utc
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .single()
            .unwrap_or_default();
        let s = schedule(1, 10_000, a);
        assert_eq!(s.len(), 100);
        assert!(
            s.iter().all(|&(t, i)| i != 0
                && t > a
                && t <= a + Duration::days(i64::from(DELETION_DAYS)))
        );
        assert_eq!(schedule(1, 200, a).len(), 2);
        assert_eq!(between(&s, a - Duration::days(1), a).count(), 0);
        assert_eq!(between(&s, a, a + Duration::days(30)).count(), 100);
        assert_eq!(s, schedule(1, 10_000, a), "deterministic");
    }
}
