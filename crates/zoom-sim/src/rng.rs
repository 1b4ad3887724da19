//! Seeded randomness: every generated object is derived from `(seed, stream, index)`
//! with its own PCG generator, so any object can be produced on demand, in any
//! order, without storing the account.

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Independent streams of derived randomness, one per kind of object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    /// Users.
    User = 1,
    /// Groups.
    Group = 2,
    /// H.323/SIP devices.
    H323 = 3,
    /// Zoom Rooms.
    Room = 4,
    /// Zoom Room devices.
    RoomDevice = 5,
    /// Zoom Device Management devices.
    Zdm = 6,
    /// Past meetings.
    Meeting = 7,
    /// Participant rows (index = meeting << 20 | row).
    Participant = 8,
    /// Physical devices seen in meetings.
    PoolDevice = 9,
    /// Operation log entries.
    OperationLog = 10,
    /// Sign-in/sign-out entries.
    SignIn = 11,
    /// Account-wide values (credentials, settings).
    Account = 12,
    /// Faults, one draw per request.
    Fault = 13,
    /// Identifiers (ids, tokens).
    Ident = 14,
    /// Custom roles and who holds them.
    Role = 15,
}

/// SplitMix64 finaliser: a good 64-bit mixer.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A small deterministic generator for one object.
pub(crate) struct Gen(Pcg64Mcg);

impl Gen {
    /// The generator of object `index` of `stream` for `seed`.
    pub(crate) fn new(seed: u64, stream: Stream, index: u64) -> Self {
        let s = mix(seed ^ mix((stream as u64) << 56 ^ mix(index)));
        Gen(Pcg64Mcg::seed_from_u64(s))
    }

    /// A uniform 64-bit value.
    pub(crate) fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform value in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for a simulator and stable across platforms.
        ((u128::from(self.u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform value in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// A uniform float in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice (the first when empty is impossible by construction).
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len() as u64) as usize;
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// One string of a non-empty list.
    pub(crate) fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or_default()
    }

    /// `n` characters from `alphabet`.
    pub(crate) fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| char::from(*self.pick(alphabet))).collect()
    }
}

/// Zoom-style identifier alphabet (base64url).
pub(crate) const ID_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `value` (< 2^36) as 6 characters of a 64-symbol `alphabet`.
pub(crate) fn encode6(value: u64, alphabet: &[u8]) -> String {
    (0..6)
        .rev()
        .map(|i| char::from(alphabet[((value >> (i * 6)) & 63) as usize]))
        .collect()
}

/// Decodes 6 characters of an alphabet produced by [`encode6`] (any 64-symbol alphabet).
pub(crate) fn decode6(s: &str, alphabet: &[u8]) -> Option<u64> {
    if s.len() != 6 {
        return None;
    }
    let mut v = 0u64;
    for b in s.bytes() {
        let d = alphabet.iter().position(|&a| a == b)? as u64;
        v = (v << 6) | d;
    }
    Some(v)
}

const MASK36: u64 = 0xF_FFFF_FFFF;
const ODD: u64 = 0x9_E377_9B97;

/// A bijection on 36 bits keyed by `key`: consecutive indices give unrelated-looking codes.
pub(crate) fn scramble36(index: u64, key: u64) -> u64 {
    (index.wrapping_mul(ODD) & MASK36) ^ (key & MASK36)
}

/// The inverse of [`scramble36`].
pub(crate) fn unscramble36(code: u64, key: u64) -> u64 {
    // Newton's iteration: the inverse of an odd number modulo 2^64.
    let mut inv = ODD;
    for _ in 0..6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(ODD.wrapping_mul(inv)));
    }
    ((code ^ (key & MASK36)).wrapping_mul(inv)) & MASK36
}

/// A reversible, seed-keyed identifier: 16 random characters then the index.
/// Decoding checks that the random part matches, so a guessed id is rejected.
pub(crate) fn ident(seed: u64, stream: Stream, index: u64) -> String {
    let mut g = Gen::new(seed, Stream::Ident, (stream as u64) << 40 | index);
    let mut s = g.chars(ID_ALPHABET, 16);
    s.push_str(&encode6(
        scramble36(index, mix(seed ^ stream as u64)),
        ID_ALPHABET,
    ));
    s
}

/// The index behind an identifier made by [`ident`], if it is one.
pub(crate) fn parse_ident(seed: u64, stream: Stream, id: &str) -> Option<u64> {
    if id.len() != 22 || !id.is_ascii() {
        return None;
    }
    let index = unscramble36(decode6(&id[16..], ID_ALPHABET)?, mix(seed ^ stream as u64));
    (ident(seed, stream, index) == id).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents_round_trip_and_reject_guesses() {
        for i in [0u64, 1, 99, 123_456] {
            let id = ident(7, Stream::User, i);
            assert_eq!(id.len(), 22);
            assert_eq!(parse_ident(7, Stream::User, &id), Some(i));
            assert_eq!(parse_ident(8, Stream::User, &id), None);
            assert_eq!(parse_ident(7, Stream::Room, &id), None);
        }
        assert_eq!(parse_ident(7, Stream::User, "AAAAAAAAAAAAAAAAAAAAAA"), None);
    }

    #[test]
    fn scrambling_is_a_bijection() {
        for i in [0u64, 1, 2, 1000, MASK36] {
            assert_eq!(unscramble36(scramble36(i, 77), 77), i);
        }
        assert_ne!(scramble36(1, 0) >> 30, scramble36(2, 0) >> 30);
    }

    #[test]
    fn generators_are_deterministic() {
        let a: Vec<u64> = (0..5).map(|i| Gen::new(1, Stream::User, i).u64()).collect();
        let b: Vec<u64> = (0..5).map(|i| Gen::new(1, Stream::User, i).u64()).collect();
        assert_eq!(a, b);
        assert_ne!(
            Gen::new(1, Stream::User, 0).u64(),
            Gen::new(2, Stream::User, 0).u64()
        );
    }
}
