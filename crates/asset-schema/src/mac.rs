//! [`MacAddress`]: a MAC in one canonical form, `aa:bb:cc:dd:ee:ff`.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// A 48-bit MAC address, printed lower-case and colon-separated whatever form
/// it was read in (`AA-BB-CC-DD-EE-FF`, `aa:bb:cc:dd:ee:ff`, `aabb.ccdd.eeff`,
/// `AABBCCDDEEFF`), so the same device seen twice compares equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacAddress([u8; 6]);

impl MacAddress {
    /// The six bytes.
    pub fn octets(self) -> [u8; 6] {
        self.0
    }

    /// Whether this is not a real device address
    /// (all zeros or broadcast), which must never merge devices.
    pub fn is_unassigned(self) -> bool {
        self.0 == [0; 6] || self.0 == [0xff; 6]
    }
}

impl FromStr for MacAddress {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let mut octets = [0u8; 6];
        let mut nibbles = 0usize;
        for c in text.trim().chars() {
            let value = match c {
                '0'..='9' | 'a'..='f' | 'A'..='F' => c.to_digit(16).ok_or(Error::InvalidMac)?,
                ':' | '-' | '.' | ' ' => continue,
                _ => return Err(Error::InvalidMac),
            };
            if nibbles == 12 {
                return Err(Error::InvalidMac);
            }
            let byte = &mut octets[nibbles / 2];
            *byte = (*byte << 4) | u8::try_from(value).map_err(|_| Error::InvalidMac)?;
            nibbles += 1;
        }
        if nibbles == 12 {
            Ok(MacAddress(octets))
        } else {
            Err(Error::InvalidMac)
        }
    }
}

impl fmt::Display for MacAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl Serialize for MacAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MacAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for MacAddress {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MacAddress".into()
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$",
            "description": "MAC address, lower-case and colon-separated"
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn every_zoom_format_gives_the_same_address() {
        let forms = [
            "AA-BB-CC-0D-EE-FF",
            "aa:bb:cc:0d:ee:ff",
            "aabb.cc0d.eeff",
            "AABBCC0DEEFF",
            " aa-bb-cc-0d-ee-ff ",
        ];
        for form in forms {
            assert_eq!(
                form.parse::<MacAddress>().map(|m| m.to_string()),
                Ok("aa:bb:cc:0d:ee:ff".to_owned()),
                "{form}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_mac() {
        for bad in [
            "",
            "aa:bb:cc:dd:ee",
            "aa:bb:cc:dd:ee:ff:00",
            "gg:bb:cc:dd:ee:ff",
            "Device-01",
        ] {
            assert!(bad.parse::<MacAddress>().is_err(), "{bad}");
        }
        assert!(
            "00:00:00:00:00:00"
                .parse::<MacAddress>()
                .is_ok_and(MacAddress::is_unassigned)
        );
    }

    proptest! {
        #[test]
        fn normalization_is_idempotent_and_format_independent(octets in any::<[u8; 6]>(), sep in prop::sample::select(vec![":", "-", ""]), upper in any::<bool>()) {
            let mac = MacAddress(octets);
            let mut text = octets.iter().map(|o| format!("{o:02x}")).collect::<Vec<_>>().join(sep);
            if upper { text = text.to_uppercase(); }
            let parsed: MacAddress = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(parsed, mac);
            let again: MacAddress = parsed.to_string().parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(again.to_string(), parsed.to_string());
        }
    }
}
