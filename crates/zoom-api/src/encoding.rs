//! Path-segment encoding. Ids and emails are percent-encoded once; a meeting
//! UUID that starts with `/` or contains `//` is encoded twice, as Zoom
//! requires (docs/operations.md, "Zoom client").

/// Percent-encodes everything but unreserved characters and `@`.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(byte as char)
            }
            _ => {
                out.push('%');
                out.push_str(&format!("{byte:02X}"));
            }
        }
    }
    out
}

/// Encodes a meeting id or UUID for a path: twice when it starts with `/` or
/// contains `//`, once otherwise.
pub fn encode_meeting_id(id: &str) -> String {
    if id.starts_with('/') || id.contains("//") {
        encode_segment(&encode_segment(id))
    } else {
        encode_segment(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_double_encoding() {
        assert_eq!(
            encode_meeting_id("4444AAAiAAAAAiAiAiiAii=="),
            "4444AAAiAAAAAiAiAiiAii%3D%3D"
        );
        assert_eq!(
            encode_meeting_id("/ajXp112QmuoKj4854875=="),
            "%252FajXp112QmuoKj4854875%253D%253D"
        );
        assert_eq!(encode_meeting_id("ab//cd"), "ab%252F%252Fcd");
        assert_eq!(encode_meeting_id("a/b"), "a%2Fb");
        assert_eq!(encode_segment("jane+x@example.com"), "jane%2Bx@example.com");
    }
}
