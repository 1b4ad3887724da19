//! [`operating_system`]: Zoom's many spellings of an operating system
//! ("Mac", "mac", "macOS 14.4", "Win10 Build 19043") to one vocabulary
//! ([`OsName`]), with the version split out and the source's text kept.

use asset_schema::{DeviceFields, OsName};

/// What a source's operating-system text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsReading {
    /// The family, in the vocabulary.
    pub name: OsName,
    /// The version, when the text carries one after the name.
    pub version: Option<String>,
    /// The text itself, when it is not exactly the vocabulary's name.
    pub raw: Option<String>,
}

impl OsReading {
    /// Sets `os_name`, `os_version` (unless the source gave one apart) and `os_raw`.
    pub fn apply(self, fields: &mut DeviceFields) {
        fields.os_name = Some(self.name);
        if fields.os_version.is_none() {
            fields.os_version = self.version;
        }
        fields.os_raw = self.raw;
    }
}

/// The prefixes each family is recognized by (lower case, longest first
/// within a family), in the order they are tried.
const PREFIXES: &[(&str, OsName)] = &[
    ("zoom rooms os", OsName::ZoomRoomsOs),
    ("zoom os", OsName::ZoomRoomsOs),
    ("zoomos", OsName::ZoomRoomsOs),
    ("ipados", OsName::IpadOs),
    ("ipad", OsName::IpadOs),
    ("iphone os", OsName::Ios),
    ("iphone", OsName::Ios),
    ("ios", OsName::Ios),
    ("mac os x", OsName::MacOs),
    ("macos", OsName::MacOs),
    ("mac os", OsName::MacOs),
    ("os x", OsName::MacOs),
    ("osx", OsName::MacOs),
    ("mac", OsName::MacOs),
    ("darwin", OsName::MacOs),
    ("microsoft windows", OsName::Windows),
    ("windows", OsName::Windows),
    ("win", OsName::Windows),
    ("chrome os", OsName::ChromeOs),
    ("chromeos", OsName::ChromeOs),
    ("chromium os", OsName::ChromeOs),
    ("chromebook", OsName::ChromeOs),
    ("android", OsName::Android),
    ("linux", OsName::Linux),
    ("ubuntu", OsName::Linux),
    ("debian", OsName::Linux),
    ("fedora", OsName::Linux),
    ("centos", OsName::Linux),
    ("red hat", OsName::Linux),
    ("rhel", OsName::Linux),
];

/// The vocabulary with the prefixes each name is read from, as a Markdown
/// table (docs/normalization.md, "Operating systems").
pub(crate) fn prefix_table() -> String {
    let mut table = String::from("| `os_name` | Read from text starting with |\n|---|---|\n");
    for name in OsName::ALL {
        let prefixes: Vec<String> = PREFIXES
            .iter()
            .filter(|(_, n)| *n == name)
            .map(|(prefix, _)| format!("`{prefix}`"))
            .collect();
        let read_from = if name == OsName::Other {
            "anything else".to_owned()
        } else {
            prefixes.join(", ")
        };
        table.push_str(&format!("| {} | {read_from} |\n", name.as_str()));
    }
    table
}

/// The operating system a source's text names: the first prefix of
/// [`PREFIXES`] the text starts with (any case, not followed by a letter),
/// the rest as the version when it holds a digit; any other text is
/// [`OsName::Other`] with the text in `raw`. `None` for blank text.
pub fn operating_system(text: Option<&str>) -> Option<OsReading> {
    let raw = text?.trim();
    if raw.is_empty() {
        return None;
    }
    let lower = raw.to_lowercase();
    let matched = PREFIXES.iter().find(|(prefix, _)| {
        lower.starts_with(prefix)
            && !lower[prefix.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    });
    let Some((prefix, name)) = matched else {
        return Some(OsReading {
            name: OsName::Other,
            version: None,
            raw: Some(raw.to_owned()),
        });
    };
    // `lower` and `raw` have the same length where the prefix is ASCII.
    let rest = raw
        .get(prefix.len()..)
        .unwrap_or_default()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | ':' | ','));
    let version = rest
        .chars()
        .any(|c| c.is_ascii_digit())
        .then(|| rest.to_owned());
    Some(OsReading {
        name: *name,
        version,
        raw: (raw != name.as_str()).then(|| raw.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (OsName, Option<String>, Option<String>) {
        let reading = operating_system(Some(text)).unwrap_or_else(|| panic!("{text}"));
        (reading.name, reading.version, reading.raw)
    }

    #[test]
    fn every_spelling_zoom_uses_reads_as_one_name_with_its_version() {
        let cases: &[(&str, OsName, Option<&str>)] = &[
            ("Mac", OsName::MacOs, None),
            ("mac", OsName::MacOs, None),
            ("macOS 14.4", OsName::MacOs, Some("14.4")),
            ("Windows", OsName::Windows, None),
            ("win", OsName::Windows, None),
            ("Windows 10 Pro 22H2", OsName::Windows, Some("10 Pro 22H2")),
            (
                "Win10 Build 19043.1266",
                OsName::Windows,
                Some("10 Build 19043.1266"),
            ),
            ("iPadOS 17.4", OsName::IpadOs, Some("17.4")),
            ("ipad", OsName::IpadOs, None),
            ("iOS", OsName::Ios, None),
            ("iphone", OsName::Ios, None),
            ("Android 12", OsName::Android, Some("12")),
            ("Linux", OsName::Linux, None),
            ("Ubuntu 22.04", OsName::Linux, Some("22.04")),
            ("ChromeOS 120", OsName::ChromeOs, Some("120")),
            ("Zoom Rooms OS 1.4", OsName::ZoomRoomsOs, Some("1.4")),
        ];
        for (text, name, version) in cases {
            let (got, got_version, raw) = read(text);
            assert_eq!(got, *name, "{text}");
            assert_eq!(got_version.as_deref(), *version, "{text}");
            assert_eq!(raw.is_none(), *text == name.as_str(), "{text}");
        }
    }

    #[test]
    fn other_text_is_other_with_the_text_kept_and_blank_is_nothing() {
        for text in [
            "Phone",
            "H.323/SIP",
            "Web",
            "machine",
            "FreeBSD 14",
            "windowless",
        ] {
            assert_eq!(read(text), (OsName::Other, None, Some(text.to_owned())));
        }
        assert_eq!(operating_system(Some("  ")), None);
        assert_eq!(operating_system(None), None);
    }
}
