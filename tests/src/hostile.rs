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

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::{adapter_bin, repo_root, write_file};

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

/// The hostile server, running in this process, and a folder for the
/// adapter's input files.
pub struct Hostile {
    runtime: Option<tokio::runtime::Runtime>,
    addr: SocketAddr,
    state: Arc<State>,
    dir: tempfile::TempDir,
}

impl Hostile {
    /// Starts a server that answers the token endpoint (`POST /oauth/token`)
    /// and 404 to everything else.
    pub fn start() -> Hostile {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local_addr: {e}"));
        let state = Arc::new(State {
            routes: Mutex::new(HashMap::new()),
            counts: Mutex::new(BTreeMap::new()),
            seen: Mutex::new(Vec::new()),
            fresh: AtomicU64::new(0),
        });
        runtime.spawn(accept_loop(listener, state.clone()));
        let server = Hostile {
            runtime: Some(runtime),
            addr,
            state,
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        };
        server.on("POST", "/oauth/token", token_reply(3600));
        server
    }

    /// Starts a server scripted as a small working account (see
    /// [`Hostile::script_minimal_account`]).
    pub fn minimal() -> Hostile {
        let server = Hostile::start();
        server.script_minimal_account();
        server
    }

    /// `method path` answers `reply` from now on (replacing any script).
    pub fn on(&self, method: &str, path: &str, reply: Reply) {
        self.on_fn(method, path, move |_| reply.clone());
    }

    /// `method path` answers what `handler` says for each request.
    pub fn on_fn(
        &self,
        method: &str,
        path: &str,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) {
        lock(&self.state.routes).insert(route_key(method, path), Arc::new(handler));
    }

    /// Scripts the few answers a fetch with `{"fetch_devices": false}`
    /// reads: groups, two active users, no pending user, the token's owner,
    /// the account settings and the plan usage.
    pub fn script_minimal_account(&self) {
        self.on(
            "GET",
            "/v2/groups",
            Reply::ok(json!({"total_records": 0, "groups": []})),
        );
        self.on_fn("GET", "/v2/users", |request| {
            let users = if request.query_param("status") == Some("pending") {
                json!([])
            } else {
                json!([user(1), user(2)])
            };
            let total = users.as_array().map_or(0, Vec::len);
            Reply::ok(json!({
                "page_size": 300,
                "total_records": total,
                "next_page_token": "",
                "users": users,
            }))
        });
        self.on("GET", "/v2/users/me", Reply::ok(user(1)));
        self.on(
            "GET",
            "/v2/accounts/me/settings",
            Reply::ok(json!({
                "security": {"sign_in_with_two_factor_auth": "all", "password_requirement": {"minimum_password_length": 10}},
                "feature": {"meeting_capacity": 300},
            })),
        );
        self.on(
            "GET",
            "/v2/accounts/me/plans/usage",
            Reply::ok(json!({
                "plan_base": [{"type": "monthly", "hosts": 10, "usage": 2}],
            })),
        );
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received on `method path` so far (every attempt counted).
    pub fn count(&self, method: &str, path: &str) -> u64 {
        lock(&self.state.counts)
            .get(&route_key(method, path))
            .copied()
            .unwrap_or(0)
    }

    /// Requests received so far, per `METHOD /path`.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        lock(&self.state.counts).clone()
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.seen).clone()
    }

    /// The connection document for this server, `patch` applied on top.
    pub fn connection_json(&self, patch: Value) -> Value {
        let mut connection = json!({
            "domain": self.url(),
            "oauth_url": format!("{}/oauth/token", self.url()),
            "account_id": ACCOUNT_ID,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        });
        if let (Some(target), Value::Object(patch)) = (connection.as_object_mut(), patch) {
            target.extend(patch);
        }
        connection
    }

    /// Writes a connection file (see [`Hostile::connection_json`]); returns its path.
    pub fn connection(&self, patch: Value) -> String {
        write_file(
            &self.dir,
            "connection.json",
            &self.connection_json(patch).to_string(),
        )
    }

    /// Writes a settings file: short timeouts, one retry, a one-minute
    /// cycle deadline, `settings` on top; returns its path.
    pub fn settings(&self, settings: Value) -> String {
        let mut all = json!({
            "request_timeout_secs": 5,
            "connect_timeout_secs": 2,
            "max_retries": 1,
            "max_cycle_minutes": 1,
        });
        if let (Some(target), Value::Object(patch)) = (all.as_object_mut(), settings) {
            target.extend(patch);
        }
        write_file(&self.dir, "settings.json", &all.to_string())
    }

    /// Runs `fetch` against this server with `settings` (see
    /// [`Hostile::settings`]), `extra` arguments and `env`.
    pub fn fetch(&self, settings: Value, extra: &[&str], env: &[(&str, &str)]) -> Outcome {
        self.fetch_with(&self.connection(json!({})), settings, extra, env)
    }

    /// Runs `fetch` with the connection file `connection`.
    pub fn fetch_with(
        &self,
        connection: &str,
        settings: Value,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Outcome {
        let settings = self.settings(settings);
        let mut args = vec!["fetch", "--connection", connection, "--settings", &settings];
        args.extend_from_slice(extra);
        run(&args, env)
    }

    /// Runs `check` against this server with `settings`.
    pub fn check(&self, settings: Value, env: &[(&str, &str)]) -> Outcome {
        self.check_with(&self.connection(json!({})), settings, env)
    }

    /// Runs `check` with the connection file `connection`.
    pub fn check_with(&self, connection: &str, settings: Value, env: &[(&str, &str)]) -> Outcome {
        let settings = self.settings(settings);
        run(
            &["check", "--connection", connection, "--settings", &settings],
            env,
        )
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Silent and trickling connections may still be open: do not wait.
            runtime.shutdown_background();
        }
    }
}

/// The token endpoint's answer: a bearer token living `expires_in` seconds
/// (any JSON number, `u64::MAX` included).
pub fn token_reply(expires_in: u64) -> Reply {
    Reply::Json {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        body: format!(
            r#"{{"access_token":"{ACCESS_TOKEN}","token_type":"bearer","expires_in":{expires_in},"scope":"{SCOPES}"}}"#
        ),
    }
}

/// A user as `GET /v2/users` lists it, numbered `n`.
pub fn user(n: u64) -> Value {
    json!({
        "id": format!("hostile-user-{n}"),
        "first_name": "Hostile",
        "last_name": format!("User{n}"),
        "display_name": format!("Hostile User{n}"),
        "email": format!("user{n}@hostile.example"),
        "type": 2,
        "pmi": 1_000_000_000u64 + n,
        "timezone": "UTC",
        "verified": 1,
        "dept": "",
        "created_at": "2024-01-02T03:04:05Z",
        "last_login_time": "2025-01-02T03:04:05Z",
        "last_client_version": "6.0.0.1234(mac)",
        "language": "en-US",
        "status": "active",
        "role_id": "2",
    })
}

/// A port on 127.0.0.1 nothing listens on (bound, then released).
pub fn dead_port() -> u16 {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("local_addr: {e}"))
        .port();
    drop(listener);
    port
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(serve_connection(stream, state.clone()));
    }
}

async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let key = route_key(&request.method, &request.path);
    *lock(&state.counts).entry(key.clone()).or_default() += 1;
    lock(&state.seen).push(request.clone());
    let handler = lock(&state.routes).get(&key).cloned();
    let reply = match handler {
        Some(handler) => handler(&request),
        None => Reply::json(
            404,
            json!({"code": 1001, "message": format!("the hostile server has no script for {key}")}),
        ),
    };
    // Errors only mean the client went away: nothing to do about them.
    let _ = answer(&mut stream, &request, reply, &state).await;
}

/// Reads one request: the head (up to [`MAX_HEAD`]) and a `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    body.truncate(length);
    Some(Request {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body,
    })
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Scripted",
    }
}

fn head(status: u16, headers: &[(String, String)], length: usize) -> Vec<u8> {
    let mut text = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {length}\r\nConnection: close\r\n",
        reason_phrase(status)
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

async fn answer(
    stream: &mut TcpStream,
    request: &Request,
    reply: Reply,
    state: &State,
) -> std::io::Result<()> {
    let json_type = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    match reply {
        Reply::Json {
            status,
            headers,
            body,
        } => {
            stream
                .write_all(&head(status, &headers, body.len()))
                .await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::GzipBomb { inflated } => {
            let bomb = GzipBomb::template();
            let chunks = inflated.div_ceil(BOMB_CHUNK as u64).max(1);
            let trailer = bomb.trailer(chunks);
            let repeats = usize::try_from(chunks - 1).unwrap_or(usize::MAX);
            let length = bomb.first.len() + bomb.repeat.len() * repeats + trailer.len();
            let mut headers = json_type;
            headers.push(("Content-Encoding".to_owned(), "gzip".to_owned()));
            stream.write_all(&head(200, &headers, length)).await?;
            stream.write_all(&bomb.first).await?;
            // Bigger writes, fewer syscalls: 64 copies of the repeated block at once.
            let batch = bomb.repeat.repeat(64);
            let mut left = repeats;
            while left >= 64 {
                stream.write_all(&batch).await?;
                left -= 64;
            }
            for _ in 0..left {
                stream.write_all(&bomb.repeat).await?;
            }
            stream.write_all(&trailer).await?;
        }
        Reply::Trickle {
            status,
            body,
            every,
        } => {
            stream
                .write_all(&head(status, &json_type, body.len()))
                .await?;
            stream.flush().await?;
            for byte in body {
                tokio::time::sleep(every).await;
                stream.write_all(&[byte]).await?;
                stream.flush().await?;
            }
        }
        Reply::Silent => {
            // Hold the connection until the client hangs up.
            let mut sink = [0u8; 1024];
            while stream.read(&mut sink).await.unwrap_or(0) > 0 {}
        }
        Reply::EndlessPages {
            list_key,
            per_page,
            total_records,
            delay,
        } => {
            tokio::time::sleep(delay).await;
            let items: Vec<Value> = (0..per_page)
                .map(|_| user(state.fresh.fetch_add(1, Ordering::Relaxed) + 1000))
                .collect();
            let token = format!(
                "hostile-page-{}",
                state.fresh.fetch_add(1, Ordering::Relaxed)
            );
            let mut page = json!({
                "page_size": per_page,
                "next_page_token": token,
                list_key: items,
            });
            if let (Some(total), Some(map)) = (total_records, page.as_object_mut()) {
                map.insert("total_records".to_owned(), json!(total));
            }
            let body = page.to_string();
            stream.write_all(&head(200, &json_type, body.len())).await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::EchoAuthorization { status, extra } => {
            let authorization = request.header("authorization").unwrap_or_default();
            let echo = format!("you sent Authorization: {authorization} {extra}");
            let body = json!({
                "error": "invalid_request",
                "reason": echo,
                "message": echo,
            })
            .to_string();
            stream
                .write_all(&head(status, &json_type, body.len()))
                .await?;
            stream.write_all(body.as_bytes()).await?;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

/// Inflated bytes per repeated deflate block of the bomb.
const BOMB_CHUNK: usize = 1 << 20;

/// A gzip stream of zeros assembled from one compressed MiB: the gzip
/// header and the first block, then a block repeated once per further MiB
/// (after a full flush deflate output is byte-aligned and its window is
/// reset, so equal input gives equal bytes), then the final block, the
/// CRC-32 and the size.
struct GzipBomb {
    first: Vec<u8>,
    repeat: Vec<u8>,
    last: Vec<u8>,
    chunk_crc: Crc,
}

impl GzipBomb {
    fn template() -> &'static GzipBomb {
        static BOMB: OnceLock<GzipBomb> = OnceLock::new();
        BOMB.get_or_init(GzipBomb::build)
    }

    fn build() -> GzipBomb {
        let zeros = vec![0u8; BOMB_CHUNK];
        let mut deflate = Compress::new(Compression::best(), false);
        let one = deflate_step(&mut deflate, &zeros, FlushCompress::Full);
        let two = deflate_step(&mut deflate, &zeros, FlushCompress::Full);
        let three = deflate_step(&mut deflate, &zeros, FlushCompress::Full);
        assert_eq!(
            two, three,
            "deflate gave different bytes for the same MiB after a full flush"
        );
        let last = deflate_step(&mut deflate, &[], FlushCompress::Finish);
        // ID1 ID2, deflate, no flags, no mtime, no extra flags, unknown OS.
        let mut first = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        first.extend_from_slice(&one);
        let mut chunk_crc = Crc::new();
        chunk_crc.update(&zeros);
        GzipBomb {
            first,
            repeat: two,
            last,
            chunk_crc,
        }
    }

    /// The final block, CRC-32 and ISIZE for `chunks` MiB of zeros.
    fn trailer(&self, chunks: u64) -> Vec<u8> {
        let mut crc = Crc::new();
        for _ in 0..chunks {
            crc.combine(&self.chunk_crc);
        }
        let mut trailer = self.last.clone();
        trailer.extend_from_slice(&crc.sum().to_le_bytes());
        trailer.extend_from_slice(&crc.amount().to_le_bytes());
        trailer
    }
}

/// Compresses all of `input` and completes `flush`.
fn deflate_step(deflate: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let start = deflate.total_in();
    let mut out: Vec<u8> = Vec::with_capacity(64 * 1024);
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(64 * 1024);
        }
        let consumed = usize::try_from(deflate.total_in() - start).unwrap_or(input.len());
        let status = deflate
            .compress_vec(&input[consumed..], &mut out, flush)
            .unwrap_or_else(|e| panic!("deflate: {e}"));
        let consumed = usize::try_from(deflate.total_in() - start).unwrap_or(input.len());
        let room_left = out.len() < out.capacity();
        match status {
            Status::StreamEnd => return out,
            _ if consumed == input.len() && room_left && flush != FlushCompress::Finish => {
                return out;
            }
            _ => {}
        }
    }
}

/// What one adapter run printed, how it exited, how long it took and how
/// much memory it held at most.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (-1 when killed by a signal or by the harness' time limit).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Stdout lines that are JSON (the records of `fetch`).
    pub records: Vec<Value>,
    /// The last stderr line, when it is a JSON object (`fetch`'s summary).
    pub summary: Option<Value>,
    /// Wall time from spawn to exit.
    pub elapsed: Duration,
    /// The child's peak resident memory in KiB (Linux `VmHWM`), as last
    /// seen while it ran; `None` where `/proc` is not available.
    pub peak_rss_kib: Option<u64>,
}

impl Outcome {
    /// The summary; panics (with stderr) when the last stderr line is not one.
    pub fn summary(&self) -> &Value {
        self.summary.as_ref().unwrap_or_else(|| {
            panic!(
                "the last stderr line is not a JSON summary (exit {}):\n{}",
                self.code, self.stderr
            )
        })
    }

    /// The summary's report of `kind`.
    pub fn source(&self, kind: &str) -> &Value {
        self.summary()["sources"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["kind"] == kind))
            .unwrap_or_else(|| panic!("no source {kind} in {}", self.summary()))
    }

    /// Every source report of the summary.
    pub fn sources(&self) -> Vec<&Value> {
        self.summary()["sources"]
            .as_array()
            .map(|all| all.iter().collect())
            .unwrap_or_default()
    }

    /// Records of `kind` written on stdout.
    pub fn records_of(&self, kind: &str) -> usize {
        self.records.iter().filter(|r| r["kind"] == kind).count()
    }

    /// Whether `text` appears in stdout or stderr.
    pub fn prints(&self, text: &str) -> bool {
        self.stdout.contains(text) || self.stderr.contains(text)
    }
}

/// No run lasts longer than this: the harness kills it (exit -1).
pub const RUN_LIMIT: Duration = Duration::from_secs(90);

/// Environment variables removed from every child: the `ZOOM_*` secrets,
/// every proxy variable and the log filter (tests set what they need).
const CLEARED_ENV: &[&str] = &[
    "ZOOM_CLIENT_SECRET",
    "ZOOM_PASSWORD",
    "ZOOM_TOTP_SECRET",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "RUST_LOG",
    "ZOOM_ADAPTER_TEST_PANIC",
];

/// The adapter as a child process with `args`, stdin closed, the variables
/// of [`CLEARED_ENV`] removed and then `env` set; stdout and stderr as the
/// caller asks.
pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(adapter_bin());
    command
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::null());
    for key in CLEARED_ENV {
        command.env_remove(key);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs the adapter (see [`command`]) to its end or [`RUN_LIMIT`], sampling
/// its peak memory while it runs.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let started = Instant::now();
    let mut child = command(args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn zoom-adapter: {e}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_rss_kib = None;
    let status = loop {
        if let Some(peak) = peak_rss(&status_file) {
            peak_rss_kib = Some(peak_rss_kib.map_or(peak, |p: u64| p.max(peak)));
        }
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > RUN_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("wait for zoom-adapter: {e}"),
        }
    };
    let elapsed = started.elapsed();
    let stdout = stdout
        .join()
        .unwrap_or_else(|_| panic!("stdout reader panicked"));
    let stderr = stderr
        .join()
        .unwrap_or_else(|_| panic!("stderr reader panicked"));
    let records = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let summary = stderr
        .lines()
        .last()
        .and_then(|line| serde_json::from_str::<Value>(line).ok())
        .filter(Value::is_object);
    Outcome {
        code: status.and_then(|s| s.code()).unwrap_or(-1),
        stdout,
        stderr,
        records,
        summary,
        elapsed,
        peak_rss_kib,
    }
}

/// `VmHWM` (peak resident set) of a running process, in KiB.
pub fn peak_rss(status_file: &std::path::Path) -> Option<u64> {
    let text = std::fs::read_to_string(status_file).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
