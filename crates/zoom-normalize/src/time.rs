//! Zoom's timestamps to UTC.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Parses a Zoom timestamp: RFC 3339 (`2026-11-20T09:15:00Z`, offsets
/// allowed), or the same without a zone, read as UTC. Blank or unparsable → `None`.
pub fn parse_time(text: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text?.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
        .ok()
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_formats() {
        let want = DateTime::parse_from_rfc3339("2026-11-20T09:15:00Z")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        assert_eq!(parse_time(Some("2026-11-20T09:15:00Z")), want);
        assert_eq!(parse_time(Some("2026-11-20T10:15:00+01:00")), want);
        assert_eq!(parse_time(Some("2026-11-20T09:15:00")), want);
        assert_eq!(parse_time(Some("")), None);
        assert_eq!(parse_time(Some("yesterday")), None);
    }
}
