//! Faults on demand: the `--faults` grammar and the seeded, per-request draw.
//!
//! Grammar: a comma-separated list of `name=value`:
//!
//! | name | value | effect |
//! |---|---|---|
//! | `latency` | ms | added before every API response |
//! | `jitter` | ms | ± uniform jitter on the latency |
//! | `5xx` | probability | HTTP 500 `{"code":500,…}` |
//! | `drop` | probability | the connection is closed before any byte of the response |
//! | `truncate` | probability | about half the body, then the connection is closed |
//! | `malformed` | probability | a complete response whose body is not valid JSON |
//! | `slow_body` | probability | the body trickles in 10 chunks over about 2 s |
//! | `revoke_token_after` | N | after the N-th API request, every token issued so far is revoked (401 code 124) |
//! | `expire_page_tokens` | probability | a valid `next_page_token` is answered as expired (code 300) |
//! | `burst_5xx` | LEN@EVERY | requests EVERY..EVERY+LEN-1, 2·EVERY.., … (numbered from 1) get HTTP 503 |
//!
//! Draws are seeded by the account seed and the API request's sequence number,
//! so the same requests in the same order meet the same faults.

use std::str::FromStr;
use std::time::Duration;

use crate::error::Error;
use crate::rng::{Gen, Stream};

/// Faults to inject (all off by default).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FaultSpec {
    /// Added latency, in milliseconds.
    pub latency_ms: u64,
    /// Uniform ± jitter on the latency, in milliseconds.
    pub jitter_ms: u64,
    /// Probability of an HTTP 500.
    pub server_error: f64,
    /// Probability of a dropped connection.
    pub drop: f64,
    /// Probability of a truncated body.
    pub truncate: f64,
    /// Probability of a malformed (non-JSON) body.
    pub malformed: f64,
    /// Probability of a slow body.
    pub slow_body: f64,
    /// Revoke all tokens after this many API requests.
    pub revoke_token_after: Option<u64>,
    /// Probability that a valid page token is treated as expired.
    pub expire_page_tokens: f64,
    /// `(length, every)`: periodic bursts of HTTP 503.
    pub burst_5xx: Option<(u64, u64)>,
}

fn prob(name: &str, v: &str) -> Result<f64, Error> {
    let p: f64 = v
        .parse()
        .map_err(|_| Error::Config(format!("fault {name}={v}: not a number")))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(Error::Config(format!(
            "fault {name}={v}: a probability is between 0 and 1"
        )))
    }
}

fn int(name: &str, v: &str) -> Result<u64, Error> {
    v.parse()
        .map_err(|_| Error::Config(format!("fault {name}={v}: not a whole number")))
}

impl FromStr for FaultSpec {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let mut f = FaultSpec::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| Error::Config(format!("fault {part:?} is not name=value")))?;
            let (k, v) = (k.trim(), v.trim());
            match k {
                "latency" => f.latency_ms = int(k, v)?,
                "jitter" => f.jitter_ms = int(k, v)?,
                "5xx" => f.server_error = prob(k, v)?,
                "drop" => f.drop = prob(k, v)?,
                "truncate" => f.truncate = prob(k, v)?,
                "malformed" => f.malformed = prob(k, v)?,
                "slow_body" => f.slow_body = prob(k, v)?,
                "revoke_token_after" => f.revoke_token_after = Some(int(k, v)?),
                "expire_page_tokens" => f.expire_page_tokens = prob(k, v)?,
                "burst_5xx" => {
                    let (len, every) = v.split_once('@').ok_or_else(|| {
                        Error::Config(format!("fault burst_5xx={v}: use LENGTH@EVERY"))
                    })?;
                    let (len, every) = (int(k, len)?, int(k, every)?);
                    if every == 0 || len >= every {
                        return Err(Error::Config(format!(
                            "fault burst_5xx={v}: EVERY must be above LENGTH and 0"
                        )));
                    }
                    f.burst_5xx = Some((len, every));
                }
                other => {
                    return Err(Error::Config(format!(
                        "unknown fault {other:?}: see the --faults grammar in docs/operations.md"
                    )));
                }
            }
        }
        Ok(f)
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Served normally.
    None,
    /// An HTTP error status instead of the handler (500 or 503).
    Status(u16),
    /// Headers, then the connection closes.
    Drop,
    /// Part of the body, then the connection closes.
    Truncate,
    /// A body that is not JSON.
    Malformed,
    /// The body trickles in.
    SlowBody,
}

/// The faults drawn for request number `n` (from 1).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Draw {
    /// Delay before answering.
    pub(crate) delay: Duration,
    /// What goes wrong, if anything.
    pub(crate) outcome: Outcome,
    /// A presented page token is treated as expired.
    pub(crate) expire_page_token: bool,
    /// Tokens are revoked before this request is checked.
    pub(crate) revoke_tokens: bool,
}

impl FaultSpec {
    /// The seeded draw for API request number `n` (from 1).
    pub(crate) fn draw(&self, seed: u64, n: u64, base_latency_ms: u64) -> Draw {
        let mut g = Gen::new(seed, Stream::Fault, n);
        let base = base_latency_ms + self.latency_ms;
        let jitter = if self.jitter_ms > 0 {
            g.below(2 * self.jitter_ms + 1) as i64 - self.jitter_ms as i64
        } else {
            0
        };
        let delay = Duration::from_millis((base as i64 + jitter).max(0) as u64);
        let in_burst = self
            .burst_5xx
            .is_some_and(|(len, every)| n >= every && n % every < len);
        let u = g.unit();
        let mut acc = 0.0;
        let mut outcome = Outcome::None;
        for (p, o) in [
            (self.server_error, Outcome::Status(500)),
            (self.drop, Outcome::Drop),
            (self.truncate, Outcome::Truncate),
            (self.malformed, Outcome::Malformed),
            (self.slow_body, Outcome::SlowBody),
        ] {
            acc += p;
            if u < acc {
                outcome = o;
                break;
            }
        }
        if in_burst {
            outcome = Outcome::Status(503);
        }
        Draw {
            delay,
            outcome,
            expire_page_token: g.chance(self.expire_page_tokens),
            revoke_tokens: self.revoke_token_after.is_some_and(|after| n == after + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() -> Result<(), Error> {
        let f: FaultSpec = "latency=20,jitter=5,5xx=0.05,drop=0.01,truncate=0.01,malformed=0.01,slow_body=0.01,revoke_token_after=100,expire_page_tokens=0.01,burst_5xx=10@200".parse()?;
        assert_eq!(f.latency_ms, 20);
        assert_eq!(f.burst_5xx, Some((10, 200)));
        assert_eq!(f.revoke_token_after, Some(100));
        assert!("5xx=2".parse::<FaultSpec>().is_err());
        assert!("bogus=1".parse::<FaultSpec>().is_err());
        Ok(())
    }

    #[test]
    fn bursts_and_revocation_land_where_documented() {
        let f = FaultSpec {
            burst_5xx: Some((2, 10)),
            revoke_token_after: Some(5),
            ..FaultSpec::default()
        };
        let failing: Vec<u64> = (1..=25)
            .filter(|&n| f.draw(1, n, 0).outcome == Outcome::Status(503))
            .collect();
        assert_eq!(failing, vec![10, 11, 20, 21]);
        assert!(f.draw(1, 6, 0).revoke_tokens);
        assert!(!f.draw(1, 5, 0).revoke_tokens);
    }

    #[test]
    fn draws_are_deterministic() {
        let f = FaultSpec {
            server_error: 0.3,
            jitter_ms: 5,
            latency_ms: 10,
            ..FaultSpec::default()
        };
        for n in 1..50 {
            let (a, b) = (f.draw(9, n, 0), f.draw(9, n, 0));
            assert_eq!(a.outcome, b.outcome);
            assert_eq!(a.delay, b.delay);
        }
    }
}
