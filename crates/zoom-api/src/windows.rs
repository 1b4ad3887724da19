//! Date windows for the report and dashboard endpoints: Zoom takes `from` and
//! `to` as `yyyy-mm-dd`, at most one month apart, within the last six months.
//! A longer range is split into calls of at most one month, and a start
//! older than six months is clamped with a warning.

use chrono::{Days, Months, NaiveDate};

/// One `from`–`to` call window (both days included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateWindow {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl DateWindow {
    /// `from` as Zoom wants it.
    pub fn from_param(&self) -> String {
        self.from.format("%Y-%m-%d").to_string()
    }

    /// `to` as Zoom wants it.
    pub fn to_param(&self) -> String {
        self.to.format("%Y-%m-%d").to_string()
    }
}

/// Splits `[from, to]` into windows of at most one month, after clamping
/// `from` to six months before `today` and `to` to `today`. Returns the
/// windows, oldest first, and whether `from` was clamped (also logged).
pub fn month_windows(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> (Vec<DateWindow>, bool) {
    let oldest = today.checked_sub_months(Months::new(6)).unwrap_or(today);
    let clamped = from < oldest;
    if clamped {
        tracing::warn!(
            requested_from = %from,
            from = %oldest,
            "zoom keeps report data for six months only; the start of the range was moved"
        );
    }
    let from = from.max(oldest);
    let to = to.min(today);
    let mut windows = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start
            .checked_add_months(Months::new(1))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .unwrap_or(to)
            .min(to);
        windows.push(DateWindow {
            from: start,
            to: end,
        });
        match end.checked_add_days(Days::new(1)) {
            Some(next) => start = next,
            None => break,
        }
    }
    (windows, clamped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn splits_into_months() {
        let (w, clamped) = month_windows(d("2026-09-15"), d("2026-11-20"), d("2026-11-23"));
        assert!(!clamped);
        let pairs: Vec<_> = w.iter().map(|w| (w.from_param(), w.to_param())).collect();
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
        let (w, clamped) = month_windows(d("2025-01-01"), d("2026-11-23"), d("2026-11-23"));
        assert!(clamped);
        assert_eq!(w.first().map(|w| w.from), Some(d("2026-05-23")));
        assert_eq!(w.last().map(|w| w.to), Some(d("2026-11-23")));
        assert!(w.len() <= 7);
    }

    #[test]
    fn single_day_and_empty() {
        let (w, _) = month_windows(d("2026-11-23"), d("2026-11-23"), d("2026-11-23"));
        assert_eq!(w.len(), 1);
        let (w, _) = month_windows(d("2026-11-24"), d("2026-11-23"), d("2026-11-23"));
        assert!(w.is_empty());
    }
}
