//! Zoom's pagination: `page_size` and `next_page_token`, and the page
//! builders the list handlers share ([`page`], [`scan`], [`offset`],
//! [`envelope`], [`classic_page`]). A page token encodes the position and a
//! seeded check of the query it belongs to, so the same request always gets the
//! same token (responses stay byte-identical); the server remembers when each
//! token was last handed out, to expire it after the page-token lifetime.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::response::ZoomError;
use super::{Flags, Sim, lock};
use crate::rng::mix;

/// Page tokens handed out, with when they were last handed out.
#[derive(Debug, Default)]
pub(crate) struct PageTokens {
    issued: Mutex<Issued>,
}

#[derive(Debug, Default)]
struct Issued {
    at: HashMap<String, Instant>,
    /// Expired tokens are dropped when the map reaches this size.
    prune_at: usize,
}

/// The map size at which expired page tokens are first dropped.
const PRUNE_AT: usize = 100_000;

impl PageTokens {
    fn remember(&self, token: &str, now: Instant, ttl: Duration) {
        let mut m = lock(&self.issued);
        if m.at.len() >= m.prune_at.max(PRUNE_AT) {
            m.at.retain(|_, t| now.saturating_duration_since(*t) <= ttl);
            // Amortised: the next pass waits until the live tokens have doubled.
            m.prune_at = (m.at.len() * 2).max(PRUNE_AT);
        }
        m.at.insert(token.to_string(), now);
    }

    fn age(&self, token: &str, now: Instant) -> Option<Duration> {
        lock(&self.issued)
            .at
            .get(token)
            .map(|t| now.saturating_duration_since(*t))
    }
}

/// Zoom's default page size.
pub(crate) const DEFAULT_PAGE_SIZE: u64 = 30;
/// Zoom's largest page size.
pub(crate) const MAX_PAGE_SIZE: u64 = 300;

/// A parsed page request.
#[derive(Debug, Clone)]
pub(crate) struct PageRequest {
    /// Items per page.
    pub(crate) size: u64,
    /// Position to start at.
    pub(crate) pos: u64,
    fingerprint: u64,
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The query's fingerprint: endpoint key plus every parameter but the paging ones.
fn fingerprint(seed: u64, key: &str, q: &BTreeMap<String, String>) -> u64 {
    let mut s = key.to_string();
    for (k, v) in q {
        if k != "page_size" && k != "next_page_token" && k != "page_number" {
            s.push('&');
            s.push_str(k);
            s.push('=');
            s.push_str(v);
        }
    }
    mix(seed ^ fnv(&s))
}

/// Parses `page_size` (default 30, 1..=300) on its own.
pub(crate) fn page_size(q: &BTreeMap<String, String>) -> Result<u64, ZoomError> {
    match q.get("page_size").map(|s| s.trim()) {
        None | Some("") => Ok(DEFAULT_PAGE_SIZE),
        Some(s) => match s.parse::<u64>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
            Ok(n) if n > MAX_PAGE_SIZE => Err(ZoomError::invalid_field(
                "page_size",
                "The page size must be less than or equal to 300.",
            )),
            _ => Err(ZoomError::invalid_field("page_size", "Invalid field.")),
        },
    }
}

impl PageRequest {
    /// Parses `page_size` and `next_page_token` of a list request.
    /// `ttl` is the token lifetime; `expire` forces expiry (a fault).
    pub(crate) fn parse(
        seed: u64,
        key: &str,
        q: &BTreeMap<String, String>,
        tokens: &PageTokens,
        ttl: Duration,
        expire: bool,
    ) -> Result<Self, ZoomError> {
        let size = page_size(q)?;
        let fingerprint = fingerprint(seed, key, q);
        let pos = match q.get("next_page_token").map(|s| s.trim()) {
            None | Some("") => 0,
            Some(t) => {
                let pos = decode(fingerprint, t).ok_or_else(ZoomError::bad_page_token)?;
                let age = tokens
                    .age(t, Instant::now())
                    .ok_or_else(ZoomError::bad_page_token)?;
                if expire || age > ttl {
                    return Err(ZoomError::bad_page_token());
                }
                pos
            }
        };
        Ok(PageRequest {
            size,
            pos,
            fingerprint,
        })
    }

    /// The `next_page_token` for a page that ends at `next` (`""` at the end).
    pub(crate) fn token(&self, next: Option<u64>, tokens: &PageTokens, ttl: Duration) -> String {
        let Some(pos) = next else {
            return String::new();
        };
        let t = encode(self.fingerprint, pos);
        tokens.remember(&t, Instant::now(), ttl);
        t
    }
}

/// Parses the page request of a list handler: `key` names the endpoint (and
/// whatever else the token must be bound to).
pub(crate) fn page(
    sim: &Sim,
    key: &str,
    q: &BTreeMap<String, String>,
    flags: &Flags,
) -> Result<PageRequest, ZoomError> {
    PageRequest::parse(
        sim.acc.seed,
        key,
        q,
        &sim.page_tokens,
        sim.page_ttl(),
        flags.expire_page_token,
    )
}

/// Walks positions `pos..total`, keeping those `make` turns into items, until a page is full.
/// Returns the items and the next position holding an item, if any.
pub(crate) fn scan(
    total: u64,
    pos: u64,
    size: u64,
    mut make: impl FnMut(u64) -> Option<Value>,
) -> (Vec<Value>, Option<u64>) {
    let mut items = Vec::new();
    let mut p = pos;
    while p < total {
        if items.len() as u64 == size {
            // Look ahead for one more item so the last page ends with "".
            let mut q = p;
            while q < total {
                if make(q).is_some() {
                    return (items, Some(q));
                }
                q += 1;
            }
            return (items, None);
        }
        if let Some(v) = make(p) {
            items.push(v);
        }
        p += 1;
    }
    (items, None)
}

/// Offset paging over `pos..total`, every position an item.
pub(crate) fn offset(
    total: u64,
    pos: u64,
    size: u64,
    make: impl Fn(u64) -> Value,
) -> (Vec<Value>, Option<u64>) {
    let end = (pos + size).min(total);
    let items = (pos.min(end)..end).map(make).collect();
    (items, (end < total).then_some(end))
}

fn page_count(total: u64, size: u64) -> u64 {
    total.div_ceil(size.max(1))
}

/// The envelope of a paginated list: `page_count`, `page_size`,
/// `total_records`, `next_page_token` and the items under `key`. Callers add
/// what their endpoint adds (`page_number`, `from`/`to`).
pub(crate) fn envelope(
    sim: &Sim,
    p: &PageRequest,
    total: u64,
    next: Option<u64>,
    key: &str,
    items: Vec<Value>,
) -> serde_json::Map<String, Value> {
    let mut body = serde_json::Map::new();
    body.insert("page_count".into(), json!(page_count(total, p.size)));
    body.insert("page_size".into(), json!(p.size));
    body.insert("total_records".into(), json!(total));
    body.insert(
        "next_page_token".into(),
        json!(p.token(next, &sim.page_tokens, sim.page_ttl())),
    );
    body.insert(key.into(), Value::Array(items));
    body
}

/// A classic page: the envelope with `page_number` 1 (tokens, not numbers, page).
pub(crate) fn classic_page(
    sim: &Sim,
    p: &PageRequest,
    total: u64,
    next: Option<u64>,
    key: &str,
    items: Vec<Value>,
) -> Result<Response, ZoomError> {
    let mut body = envelope(sim, p, total, next, key, items);
    body.insert("page_number".into(), json!(1));
    Ok(axum::Json(Value::Object(body)).into_response())
}

fn check(fp: u64, pos: u64) -> u32 {
    (mix(fp ^ mix(pos)) & 0xFFFF_FFFF) as u32
}

fn encode(fp: u64, pos: u64) -> String {
    let c = check(fp, pos);
    let key = mix(fp ^ u64::from(c));
    let mut bytes = Vec::with_capacity(12);
    bytes.extend_from_slice(&(pos ^ key).to_be_bytes());
    bytes.extend_from_slice(&c.to_be_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

fn decode(fp: u64, token: &str) -> Option<u64> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    if bytes.len() != 12 {
        return None;
    }
    let c = u32::from_be_bytes(bytes[8..12].try_into().ok()?);
    let key = mix(fp ^ u64::from(c));
    let pos = u64::from_be_bytes(bytes[0..8].try_into().ok()?) ^ key;
    (check(fp, pos) == c).then_some(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn tokens_round_trip_only_for_their_query() -> Result<(), String> {
        let reg = PageTokens::default();
        let ttl = Duration::from_secs(900);
        let parse = |pairs: &[(&str, &str)], ttl: Duration| {
            PageRequest::parse(1, "GET /users", &q(pairs), &reg, ttl, false).map_err(|e| e.code)
        };
        let first = parse(&[("status", "active")], ttl).map_err(|c| c.to_string())?;
        let t = first.token(Some(60), &reg, ttl);
        assert_eq!(
            t,
            first.token(Some(60), &reg, ttl),
            "tokens are deterministic"
        );
        let next = parse(&[("status", "active"), ("next_page_token", &t)], ttl)
            .map_err(|c| c.to_string())?;
        assert_eq!(next.pos, 60);
        assert_eq!(
            parse(&[("status", "inactive"), ("next_page_token", &t)], ttl).map(|_| ()),
            Err(300)
        );
        assert_eq!(
            parse(
                &[("status", "active"), ("next_page_token", &t)],
                Duration::ZERO
            )
            .map(|_| ()),
            Err(300)
        );
        assert_eq!(
            parse(&[("status", "active"), ("next_page_token", "bogus")], ttl).map(|_| ()),
            Err(300)
        );
        // A well-formed token this server never handed out is unknown.
        let unknown = encode(
            fingerprint(1, "GET /users", &q(&[("status", "active")])),
            90,
        );
        assert_eq!(
            parse(&[("status", "active"), ("next_page_token", &unknown)], ttl).map(|_| ()),
            Err(300)
        );
        assert_eq!(first.token(None, &reg, ttl), "");
        Ok(())
    }

    #[test]
    fn page_sizes() {
        assert_eq!(page_size(&q(&[])).ok(), Some(30));
        assert_eq!(page_size(&q(&[("page_size", "300")])).ok(), Some(300));
        assert_eq!(
            page_size(&q(&[("page_size", "301")])).map_err(|e| e.code),
            Err(300)
        );
        assert_eq!(
            page_size(&q(&[("page_size", "0")])).map_err(|e| e.code),
            Err(300)
        );
        assert_eq!(
            page_size(&q(&[("page_size", "x")])).map_err(|e| e.code),
            Err(300)
        );
    }

    #[test]
    fn scan_ends_with_none_when_the_rest_is_filtered() {
        let (items, next) = scan(10, 0, 3, |p| (p < 3).then(|| json!(p)));
        assert_eq!(items.len(), 3);
        assert_eq!(next, None);
        let (items, next) = scan(10, 0, 3, |p| (p % 2 == 0).then(|| json!(p)));
        assert_eq!(items.len(), 3);
        assert_eq!(next, Some(6));
    }
}
