//! Reading the portal's pages and answers: the CSRF token of the sign-in
//! page ([`csrf_from_page`], [`csrf_from_js`]) and the JSON answer of the
//! sign-in and 2FA steps ([`Answer`]). Pure functions, no IO.

use serde::Deserialize;

/// Names of the hidden form field or meta tag that may carry the CSRF token.
const CSRF_NAMES: &[&str] = &[
    "csrf_token",
    "csrf-token",
    "_csrf",
    "csrftoken",
    "zoom-csrftoken",
    "authenticity_token",
];

/// Attributes of one HTML tag, names lower-cased (a tiny, lenient parser:
/// `name="v"`, `name='v'` and `name=v`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && !bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_' | b':'))
        {
            i += 1;
        }
        let name = tag[start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let value = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let rest = &tag[i + 1..];
                    let end = rest.find(q as char).unwrap_or(rest.len());
                    i += end + 2;
                    rest[..end].to_owned()
                }
                _ => {
                    let rest = &tag[i..];
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                        .unwrap_or(rest.len());
                    i += end;
                    rest[..end].to_owned()
                }
            };
            if !name.is_empty() {
                out.push((name, value));
            }
        } else if !name.is_empty() {
            out.push((name, String::new()));
        }
    }
    out
}

/// The CSRF token of an HTML page: a hidden `<input name="csrf_token"
/// value="…">` or a `<meta name="csrf-token" content="…">` (other usual names
/// accepted, see [`CSRF_NAMES`]).
pub(crate) fn csrf_from_page(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find('<') {
        let start = from + pos + 1;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &html[start..end];
        from = end;
        let tag_name = lower[start..end]
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let value_attr = match tag_name {
            "input" => "value",
            "meta" => "content",
            _ => continue,
        };
        let attrs = attributes(tag);
        let named = attrs
            .iter()
            .any(|(k, v)| k == "name" && CSRF_NAMES.contains(&v.to_ascii_lowercase().as_str()));
        if !named {
            continue;
        }
        if let Some((_, v)) = attrs.iter().find(|(k, _)| k == value_attr)
            && !v.trim().is_empty()
        {
            return Some(v.trim().to_owned());
        }
    }
    None
}

/// The token of a `POST /csrf_js` answer: `ZOOM-CSRFTOKEN:<token>`.
pub(crate) fn csrf_from_js(body: &str) -> Option<String> {
    let body = body.trim();
    let (name, token) = body.split_once(':')?;
    (name.trim().eq_ignore_ascii_case("zoom-csrftoken") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

/// The JSON answer of `POST /signin` and `POST /signin/two_factor`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Answer {
    /// Whether the step succeeded.
    #[serde(default)]
    pub(crate) status: bool,
    /// The next step after a good password (`two_factor`), if any.
    #[serde(default)]
    pub(crate) next: Option<String>,
    /// The portal's error code.
    #[serde(default, rename = "errorCode")]
    pub(crate) error_code: Option<i64>,
    /// The portal's error message.
    #[serde(default, rename = "errorMessage")]
    pub(crate) error_message: Option<String>,
}

impl Answer {
    /// Parses an answer; `None` when the body is not such JSON.
    pub(crate) fn parse(body: &[u8]) -> Option<Answer> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        value.get("status")?;
        serde_json::from_value(value).ok()
    }

    /// The portal's message, cut to 200 characters, for error details.
    pub(crate) fn message(&self) -> String {
        self.error_message
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_is_read_from_hidden_inputs_and_meta_tags() {
        let page = r#"<html><head><meta charset="utf-8"><meta name="csrf-token" content="tok-meta"></head>
            <body><form method="post" action="/signin"><input type="email" name="email"></form></body></html>"#;
        assert_eq!(csrf_from_page(page).as_deref(), Some("tok-meta"));
        let page = r#"<FORM><INPUT TYPE=hidden NAME=csrf_token VALUE=tok-1 /><input name="password" type="password"></FORM>"#;
        assert_eq!(csrf_from_page(page).as_deref(), Some("tok-1"));
        let page = r#"<input value='tok-2' type='hidden' name='_csrf'>"#;
        assert_eq!(csrf_from_page(page).as_deref(), Some("tok-2"));
        let page = r#"<input name="email" value="a@b.c"><input name="csrf_token" value="">"#;
        assert_eq!(csrf_from_page(page), None);
        assert_eq!(csrf_from_page("<p>no form</p>"), None);
        assert_eq!(
            csrf_from_page("<input name=\"csrf_token\" value=\"unterminated"),
            Some("unterminated".to_owned())
        );
    }

    #[test]
    fn csrf_is_read_from_csrf_js() {
        assert_eq!(
            csrf_from_js("ZOOM-CSRFTOKEN:abc-123\n").as_deref(),
            Some("abc-123")
        );
        assert_eq!(csrf_from_js("zoom-csrftoken: x"), Some("x".to_owned()));
        assert_eq!(csrf_from_js("<html>"), None);
        assert_eq!(csrf_from_js("OTHER:abc"), None);
    }

    #[test]
    fn answers_are_parsed() {
        let a = Answer::parse(br#"{"status":true,"next":"two_factor"}"#);
        assert_eq!(
            a.as_ref().map(|a| a.next.as_deref()),
            Some(Some("two_factor"))
        );
        let a = Answer::parse(
            br#"{"status":false,"errorCode":1001,"errorMessage":"Incorrect email or password."}"#,
        );
        assert_eq!(a.as_ref().and_then(|a| a.error_code), Some(1001));
        assert_eq!(
            a.map(|a| a.message()).as_deref(),
            Some("Incorrect email or password.")
        );
        assert_eq!(Answer::parse(b"<html>"), None);
        assert_eq!(Answer::parse(br#"{"other":1}"#), None);
    }
}
