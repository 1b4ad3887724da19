//! The gate every API request passes before its handler: statistics, faults
//! (delays, dropped connections, 5xx, revoked tokens), bearer token, scope,
//! plan, rate limit — in that order — then the rate-limit headers and any
//! body fault on the way out.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::endpoints::{self, Category, Gate};
use super::response::ZoomError;
use super::{Flags, Sim, listener, lock, ratelimit};
use crate::config::ScopeFamily;
use crate::faults::Outcome;

fn header(v: &str) -> HeaderValue {
    HeaderValue::from_str(v).unwrap_or_else(|_| HeaderValue::from_static("?"))
}

/// The gate every API request passes.
pub(crate) async fn gate(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let n = sim.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let mut resp = gated(sim, req, next, n).await;
    // Zoom's request id, on every answer (as Zoom sends it, refusals included).
    resp.headers_mut().insert(
        "x-zm-trackingid",
        header(&format!("v=2.0;clid=sim;rid=SIM_{n:08}")),
    );
    resp
}

async fn gated(sim: Arc<Sim>, mut req: Request, next: Next, n: u64) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(ep) = endpoints::lookup(req.method().as_str(), &route) else {
        return ZoomError::new(StatusCode::NOT_FOUND, 404, "Not Found.").into_response();
    };
    {
        let mut s = lock(&sim.stats);
        s.requests_total += 1;
        *s.by_endpoint.entry(ep.key.to_string()).or_default() += 1;
        *s.by_category
            .entry(ep.category.label().to_string())
            .or_default() += 1;
    }
    let draw = sim.cfg.faults.draw(sim.acc.seed, n, sim.cfg.latency_ms);
    if !draw.delay.is_zero() {
        tokio::time::sleep(draw.delay).await;
    }
    if draw.outcome == Outcome::Drop {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<listener::Peer>>()
            .map(|c| c.0.0);
        if peer.is_some_and(|p| sim.connections.kill(p)) {
            // The connection closes on the first write: no byte of this response is sent.
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    if let Outcome::Status(code) = draw.outcome {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let msg = if code == 503 {
            "Service Unavailable."
        } else {
            "Internal Server Error."
        };
        return ZoomError::new(status, u32::from(code), msg).into_response();
    }
    // Bearer token.
    {
        let mut tokens = lock(&sim.tokens);
        if draw.revoke_tokens {
            tokens.revoke_all();
        }
        let bearer = req
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .unwrap_or("")
            .trim()
            .to_string();
        if let Err(e) = tokens.check(&bearer, Instant::now()) {
            return e.into_response();
        }
    }
    // Scope.
    let accepted = ep.accepted(sim.cfg.scope_family);
    if !accepted.iter().any(|s| sim.scopes.iter().any(|g| g == s)) {
        let names = accepted.join(", ");
        let code = match sim.cfg.scope_family {
            ScopeFamily::Classic => 4700,
            ScopeFamily::Granular => 4711,
        };
        return ZoomError::new(
            StatusCode::BAD_REQUEST,
            code,
            format!("Invalid access token, does not contain scopes:[{names}]."),
        )
        .into_response();
    }
    // Plan.
    if sim.cfg.plan < ep.gate.min_plan() {
        let msg = match ep.gate {
            Gate::Dashboard => {
                "Only available for paid accounts that have dashboard feature enabled.".to_string()
            }
            _ => format!("Only available for paid account: {}.", sim.acc.account_id),
        };
        return ZoomError::new(StatusCode::BAD_REQUEST, 200, msg).into_response();
    }
    // Rate limit.
    let verdict = lock(&sim.limiter).check(ep.category, Instant::now(), Utc::now().date_naive());
    let served = match verdict {
        Ok(s) => s,
        Err(l) => {
            lock(&sim.stats).rate_limited += 1;
            return too_many(ep.category, &l);
        }
    };
    req.extensions_mut().insert(Flags {
        expire_page_token: draw.expire_page_token,
    });
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert("X-RateLimit-Category", header(ep.category.label()));
    if let Some((limit, remaining)) = served.daily {
        h.insert("X-RateLimit-Limit", header(&limit.to_string()));
        h.insert("X-RateLimit-Remaining", header(&remaining.to_string()));
    }
    body_fault(resp, draw.outcome).await
}

fn too_many(c: Category, l: &ratelimit::Limited) -> Response {
    let message = if l.kind == "QPS" {
        "You have reached the maximum per-second rate limit for this API. Try again later."
            .to_string()
    } else {
        // Guessed wording: Zoom's account-wide daily message is not documented.
        format!(
            "You have exceeded the daily rate limit ({}) of {} API requests permitted for this account. You may resume these requests at GMT 00:00:00.",
            l.limit,
            c.label()
        )
    };
    let mut resp = ZoomError::new(StatusCode::TOO_MANY_REQUESTS, 429, message).into_response();
    let h = resp.headers_mut();
    h.insert("X-RateLimit-Category", header(c.label()));
    h.insert("X-RateLimit-Type", header(l.kind));
    h.insert("X-RateLimit-Limit", header(&l.limit.to_string()));
    h.insert("X-RateLimit-Remaining", header("0"));
    h.insert("Retry-After", header(&l.retry_after));
    resp
}

/// Applies a body fault to a finished response.
async fn body_fault(resp: Response, outcome: Outcome) -> Response {
    if matches!(outcome, Outcome::None | Outcome::Status(_)) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let broken = || std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "simulated fault");
    match outcome {
        Outcome::Drop => {
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            let stream = futures::stream::iter([Err::<Bytes, _>(broken())]);
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Outcome::Truncate => {
            let half = bytes.slice(0..bytes.len() / 2);
            parts.headers.insert(
                axum::http::header::CONTENT_LENGTH,
                header(&bytes.len().to_string()),
            );
            let stream = futures::stream::iter([Ok(half), Err(broken())]);
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Outcome::Malformed => {
            let mut v = bytes.slice(0..bytes.len() / 2).to_vec();
            v.extend_from_slice(b"<!-- upstream connect error -->");
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(v))
        }
        Outcome::SlowBody => {
            let chunk = bytes.len().div_ceil(10).max(1);
            let pieces: Vec<Bytes> = (0..bytes.len())
                .step_by(chunk)
                .map(|i| bytes.slice(i..(i + chunk).min(bytes.len())))
                .collect();
            let stream = futures::stream::unfold(pieces.into_iter(), |mut it| async move {
                let next = it.next()?;
                tokio::time::sleep(Duration::from_millis(200)).await;
                Some((Ok::<Bytes, std::io::Error>(next), it))
            });
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Outcome::None | Outcome::Status(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}
