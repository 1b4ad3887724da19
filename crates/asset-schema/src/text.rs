//! [`non_empty`]: how every text value enters a record.

/// `Some(trimmed)` when `value` holds text, `None` for missing, empty or blank
/// values: records never carry `""` (Zoom sends empty strings for unknowns).
pub fn non_empty<S: AsRef<str>>(value: Option<S>) -> Option<String> {
    let value = value?;
    let trimmed = value.as_ref().trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_absent() {
        assert_eq!(non_empty(Some("")), None);
        assert_eq!(non_empty(Some("  \t")), None);
        assert_eq!(non_empty::<&str>(None), None);
        assert_eq!(non_empty(Some(" Zoë ")), Some("Zoë".to_owned()));
    }
}
