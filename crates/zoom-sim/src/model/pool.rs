//! The pool of physical devices participants join from (fixed MAC, PC name
//! and domain per device), the MAC formats rows use, and the adapter's
//! de-duplication key.

use super::Account;
use super::users::identity;
use crate::rng::{Gen, Stream, mix};

/// A physical device participants join from: fixed MAC, PC name and domain.
#[derive(Debug, Clone)]
pub(crate) struct PoolDevice {
    /// MAC bytes, or `None` when the device reports no MAC.
    pub(crate) mac: Option<[u8; 6]>,
    /// PC name, `""` when blank.
    pub(crate) pc_name: String,
    /// PC domain, `""` when blank.
    pub(crate) domain: &'static str,
    /// Zoom's `device` value.
    pub(crate) platform: &'static str,
    /// The user who owns it (a base user index).
    pub(crate) owner: u64,
    /// Hard disk id.
    pub(crate) harddisk: String,
}

const OUIS: &[[u8; 3]] = &[
    [0x3c, 0x22, 0xfb],
    [0xa4, 0x83, 0xe7],
    [0x00, 0x50, 0x56],
    [0xf0, 0x18, 0x98],
];

/// Pool device `d`.
pub(crate) fn pool_device(acc: &Account, d: u64) -> PoolDevice {
    let mut g = Gen::new(acc.seed, Stream::PoolDevice, d);
    let has_mac = g.chance(0.85);
    let has_pc = g.chance(0.85);
    let platform = *g.pick(&["Windows", "Windows", "Mac", "Mac", "iOS", "Android"]);
    let owner = mix(acc.seed ^ d) % acc.counts.users.max(1);
    // Odd multiplier + xor: a bijection on 24 bits, so MACs are unique per device.
    let low = (d.wrapping_mul(0x9E37_79B1) ^ acc.mask(0x4d41)) & 0xFF_FFFF;
    let oui = OUIS[(d % OUIS.len() as u64) as usize];
    let mac = has_mac.then_some([
        oui[0],
        oui[1],
        oui[2],
        (low >> 16) as u8,
        (low >> 8) as u8,
        low as u8,
    ]);
    let who = identity(acc.seed, owner);
    let first_ascii = who.email.split('.').next().unwrap_or("user").to_string();
    let (pc_name, domain) = if !has_pc {
        (String::new(), "")
    } else {
        match platform {
            "Windows" => (
                format!("DESKTOP-{:07X}", d ^ 0x5A5A5A),
                *g.pick(&["ACME", "acme.local", ""]),
            ),
            "Mac" => (format!("{first_ascii}s-MacBook-Pro-{d}"), ""),
            "iOS" => (format!("{first_ascii}s-iPhone-{d}"), ""),
            _ => (format!("Android-{d}"), ""),
        }
    };
    PoolDevice {
        mac,
        pc_name,
        domain,
        platform,
        owner,
        harddisk: if platform == "Windows" || platform == "Mac" {
            format!("HD{:012X}", mix(d ^ 7) & 0xFFFF_FFFF_FFFF)
        } else {
            String::new()
        },
    }
}

/// Formats a MAC the way row `style` does: `AA-BB-…`, `aa:bb:…`, `AA:BB:…` or `aa-bb-…`.
pub(crate) fn format_mac(mac: [u8; 6], style: u64) -> String {
    let (upper, sep) = match style % 4 {
        0 => (true, "-"),
        1 => (false, ":"),
        2 => (true, ":"),
        _ => (false, "-"),
    };
    mac.iter()
        .map(|b| {
            if upper {
                format!("{b:02X}")
            } else {
                format!("{b:02x}")
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// The adapter's device key for a participant row (the documented de-duplication rule):
/// the MAC normalised to lower-case colon form when non-blank, else lower-cased
/// `pc_name` + `\` + `domain` when `pc_name` is non-blank; `None` when neither.
pub fn device_key(pc_name: &str, domain: &str, mac_addr: &str) -> Option<String> {
    let hex: String = mac_addr.chars().filter(char::is_ascii_hexdigit).collect();
    if hex.len() == 12 {
        let lower = hex.to_ascii_lowercase();
        let pairs: Vec<&str> = (0..6).map(|i| &lower[i * 2..i * 2 + 2]).collect();
        return Some(pairs.join(":"));
    }
    let pc = pc_name.trim();
    if pc.is_empty() {
        return None;
    }
    Some(format!(
        "{}\\{}",
        pc.to_lowercase(),
        domain.trim().to_lowercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_keys_normalise_mac_formats() {
        assert_eq!(
            device_key("", "", "AA-BB-CC-DD-EE-FF").as_deref(),
            Some("aa:bb:cc:dd:ee:ff")
        );
        assert_eq!(
            device_key("x", "", "aa:bb:cc:dd:ee:ff").as_deref(),
            Some("aa:bb:cc:dd:ee:ff")
        );
        assert_eq!(
            device_key("DESKTOP-1", "ACME", "").as_deref(),
            Some("desktop-1\\acme")
        );
        assert_eq!(device_key("", "ACME", ""), None);
    }
}
