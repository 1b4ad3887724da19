//! [`DateRange`]: whole days, as Zoom's report and dashboard endpoints take
//! them (`from` and `to` as `yyyy-mm-dd`, both included). Zoom answers at
//! most one month per call and keeps six months of data: a caller clamps a
//! range once with [`DateRange::retained`] (it knows what "today" is), and
//! each endpoint splits it into [`DateRange::months`] (pure, no clock).

use chrono::{Days, Months, NaiveDate};

/// How far back Zoom's report and dashboard data reaches, in calendar months.
pub const RETENTION_MONTHS: u32 = 6;

/// The most whole days back that always lie within [`RETENTION_MONTHS`]
/// (six calendar months are never shorter than 181 days). The settings'
/// `meeting_days` and `activity_lookback_hours` limits are this; a test in
/// zoom-adapter keeps them equal.
pub const RETENTION_DAYS: u32 = 180;

/// Whole days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// The first day.
    pub from: NaiveDate,
    /// The last day (inclusive).
    pub to: NaiveDate,
}

impl DateRange {
    /// `[from, to]`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Self {
        DateRange { from, to }
    }

    /// The single day `day`.
    pub fn day(day: NaiveDate) -> Self {
        DateRange { from: day, to: day }
    }

    /// The range as Zoom can still answer it on `today`: `to` no later than
    /// `today`, `from` no earlier than six months before (a moved start is
    /// logged as a warning).
    pub fn retained(self, today: NaiveDate) -> Self {
        let oldest = today
            .checked_sub_months(Months::new(RETENTION_MONTHS))
            .unwrap_or(today);
        if self.from < oldest {
            tracing::warn!(
                requested_from = %self.from,
                from = %oldest,
                "zoom keeps report data for six months only; the start of the range was moved"
            );
        }
        DateRange {
            from: self.from.max(oldest),
            to: self.to.min(today),
        }
    }

    /// The range split into calls of at most one month, oldest first; none
    /// when `from` is after `to`.
    pub fn months(&self) -> Vec<DateRange> {
        let mut windows = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let end = start
                .checked_add_months(Months::new(1))
                .and_then(|d| d.checked_sub_days(Days::new(1)))
                .unwrap_or(self.to)
                .min(self.to);
            windows.push(DateRange {
                from: start,
                to: end,
            });
            match end.checked_add_days(Days::new(1)) {
                Some(next) => start = next,
                None => break,
            }
        }
        windows
    }

    /// `from` as Zoom wants it.
    pub fn from_param(&self) -> String {
        self.from.format("%Y-%m-%d").to_string()
    }

    /// `to` as Zoom wants it.
    pub fn to_param(&self) -> String {
        self.to.format("%Y-%m-%d").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn splits_into_months() {
        let range = DateRange::new(d("2026-09-15"), d("2026-11-20")).retained(d("2026-11-23"));
        assert_eq!(range, DateRange::new(d("2026-09-15"), d("2026-11-20")));
        let pairs: Vec<_> = range
            .months()
            .iter()
            .map(|w| (w.from_param(), w.to_param()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("2026-09-15".into(), "2026-10-14".into()),
                ("2026-10-15".into(), "2026-11-14".into()),
                ("2026-11-15".into(), "2026-11-20".into()),
            ]
        );
    }

    #[test]
    fn clamps_to_six_months() {
        let range = DateRange::new(d("2025-01-01"), d("2026-12-31")).retained(d("2026-11-23"));
        assert_eq!(range, DateRange::new(d("2026-05-23"), d("2026-11-23")));
        assert!(range.months().len() <= 7);
    }

    #[test]
    fn single_day_and_empty() {
        assert_eq!(DateRange::day(d("2026-11-23")).months().len(), 1);
        assert!(
            DateRange::new(d("2026-11-24"), d("2026-11-23"))
                .months()
                .is_empty()
        );
    }

    #[test]
    fn retention_days_always_fit_in_six_months() {
        let mut today = d("2024-01-01");
        while today < d("2029-01-01") {
            let oldest = today
                .checked_sub_months(Months::new(RETENTION_MONTHS))
                .unwrap_or(today);
            let start = today - chrono::Duration::days(i64::from(RETENTION_DAYS));
            assert!(start >= oldest, "{today}: {start} is before {oldest}");
            today = today.succ_opt().unwrap_or(today);
        }
    }
}
