//! A small hostile HTTP/1.1 server, and `zoom-adapter` runs against it.
//!
//! Not a Zoom simulator: each test scripts what one `(method, path)` answers
//! — a plain JSON answer, a gzip bomb, a body trickled a byte at a time, a
//! connection accepted and never answered, pages that never end, an error
//! that echoes the request's `Authorization` header — and everything else
//! gets a 404. Every request is counted per route, so a test can tell when
//! the adapter stopped calling.
//!
//! One connection per request (`Connection: close`), one task per
//! connection, on 127.0.0.1 with a port the system picks.

mod run;
mod server;
mod wire;

pub use run::*;
pub use server::*;
use wire::accept_loop;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::{repo_root, write_file};

/// The account id the connection names.
pub const ACCOUNT_ID: &str = "acct";
/// The OAuth client id the connection names.
pub const CLIENT_ID: &str = "cid";
/// The OAuth client secret the connection names.
pub const CLIENT_SECRET: &str = "a-long-client-secret-value";
/// The access token the default token endpoint issues.
pub const ACCESS_TOKEN: &str = "hostile-access-token-7c1f9e4b2d";
/// The scopes the default token endpoint grants.
pub const SCOPES: &str = "user:read:admin group:read:admin account:read:admin \
     report:read:admin dashboard:read:admin h323:read:admin room:read:admin device:read:admin";

/// Requests larger than this (head) are answered 431 and dropped.
const MAX_HEAD: usize = 64 * 1024;
/// Request bodies larger than this are not read.
const MAX_BODY: usize = 1024 * 1024;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST` …
    pub method: String,
    /// The path, without the query (`/v2/users`).
    pub path: String,
    /// The raw query string, without `?` (empty when none).
    pub query: String,
    /// Headers in order, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The raw value of the query parameter `name`, when present.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer: status, extra headers and a JSON (or any) body.
    Json {
        /// HTTP status.
        status: u16,
        /// Extra headers (`Retry-After`, `X-RateLimit-Type`, `Set-Cookie` …).
        headers: Vec<(String, String)>,
        /// The body, sent with its `Content-Length`.
        body: String,
    },
    /// 200 with `Content-Encoding: gzip`: a valid gzip stream of
    /// `inflated` zero bytes (rounded up to whole MiB), about a thousandth
    /// of that on the wire. Built from one compressed MiB, so it costs
    /// nothing to serve however large it claims to be.
    GzipBomb {
        /// Decompressed size in bytes.
        inflated: u64,
    },
    /// The status line and headers at once (with the full `Content-Length`),
    /// then the body one byte every `every`.
    Trickle {
        /// HTTP status.
        status: u16,
        /// The body, dripped byte by byte.
        body: Vec<u8>,
        /// Pause before each byte.
        every: Duration,
    },
    /// Read the request and never answer (the connection stays open until
    /// the client gives up).
    Silent,
    /// A page of a list that never ends: `per_page` fresh user-shaped items
    /// under `list_key`, a fresh `next_page_token` every time, and
    /// `total_records` as given (absent when `None`), after `delay`.
    EndlessPages {
        /// The envelope key of the list (`users`).
        list_key: String,
        /// Items per page (each with a new id and email).
        per_page: usize,
        /// `total_records`, or absent.
        total_records: Option<i64>,
        /// Wait before answering each page.
        delay: Duration,
    },
    /// `status` with a JSON error whose `reason` and `message` both quote
    /// the request's `Authorization` header verbatim, plus `extra` (say, the
    /// secret the server learnt from it).
    EchoAuthorization {
        /// HTTP status.
        status: u16,
        /// Text appended to the echo.
        extra: String,
    },
}

impl Reply {
    /// A JSON answer with `status` and `body`.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply::Json {
            status,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: body.to_string(),
        }
    }

    /// A 200 JSON answer.
    pub fn ok(body: Value) -> Reply {
        Reply::json(200, body)
    }

    /// The same answer with one more header (only for [`Reply::Json`]).
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Json { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// A 1 GiB gzip bomb.
    pub fn gzip_bomb() -> Reply {
        Reply::GzipBomb { inflated: 1 << 30 }
    }
}

/// A scripted route: the request in, what to do out.
pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// What the server shares with its connections.
struct State {
    routes: Mutex<HashMap<String, Handler>>,
    counts: Mutex<BTreeMap<String, u64>>,
    seen: Mutex<Vec<Request>>,
    fresh: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn route_key(method: &str, path: &str) -> String {
    format!("{} {path}", method.to_ascii_uppercase())
}
