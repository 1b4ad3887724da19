//! Issue 12, end to end: the real binary against a small hostile HTTP server
//! (`zoom_adapter_e2e::hostile`) that sends what Zoom never should —
//! absurd `Retry-After` and token lifetimes, pages that never end, gzip
//! bombs, a token endpoint that stalls or echoes the credentials, lists
//! without their key — and against closed pipes, full disks, dead ports and
//! environment proxies. Each test asserts the fixed behaviour: no panic, a
//! bounded number of requests, the failure named on its source, no secret
//! printed, the summary on stderr's last line.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zoom_adapter_e2e::hostile::{
    self, ACCESS_TOKEN, CLIENT_SECRET, Hostile, Outcome, Reply, dead_port, token_reply,
};
use zoom_adapter_e2e::sim::Sim;
use zoom_adapter_e2e::{run_adapter, write_file};

/// Only users, saas_application and account.
fn users_only() -> Value {
    json!({"fetch_devices": false})
}

fn assert_no_panic(run: &Outcome) {
    assert!(
        !run.stderr.contains("panicked"),
        "the adapter panicked:\n{}",
        run.stderr
    );
}

/// Exit one of `codes`, a summary on the last stderr line, no panic.
fn assert_survived(run: &Outcome, codes: &[i32]) {
    assert_no_panic(run);
    assert!(
        codes.contains(&run.code),
        "exit {} not in {codes:?}:\n{}",
        run.code,
        run.stderr
    );
    assert!(run.summary().get("status").is_some(), "{}", run.stderr);
}

fn error_kind(source: &Value) -> &str {
    source["error"]["kind"].as_str().unwrap_or_default()
}

// The harness itself.

/// A plain request to the server; the head and the body as sent.
fn raw_get(server: &Hostile, path: &str) -> (String, Vec<u8>) {
    use std::io::Write;
    let address = server.url().replacen("http://", "", 1);
    let mut stream =
        std::net::TcpStream::connect(&address).unwrap_or_else(|e| panic!("connect: {e}"));
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n")
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .unwrap_or_else(|e| panic!("read: {e}"));
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head"));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    (head, answer[split + 4..].to_vec())
}

#[test]
fn the_gzip_bomb_is_a_valid_gzip_stream_of_its_size_a_thousandth_on_the_wire() {
    let server = Hostile::start();
    let inflated = 32u64 << 20;
    server.on("GET", "/bomb", Reply::GzipBomb { inflated });
    let (head, body) = raw_get(&server, "/bomb");
    assert!(head.contains("Content-Encoding: gzip"), "{head}");
    assert!(
        head.contains(&format!("Content-Length: {}", body.len())),
        "{head}"
    );
    assert!(
        (body.len() as u64) < inflated / 500,
        "{} bytes on the wire",
        body.len()
    );
    // The decoder checks the CRC-32 and the size in the trailer.
    let mut decoder = flate2::read::GzDecoder::new(body.as_slice());
    let mut chunk = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let read = decoder
            .read(&mut chunk)
            .unwrap_or_else(|e| panic!("not a valid gzip stream: {e}"));
        if read == 0 {
            break;
        }
        assert!(chunk[..read].iter().all(|b| *b == 0));
        total += read as u64;
    }
    assert_eq!(total, inflated);
    assert_eq!(server.count("GET", "/bomb"), 1);
}

#[test]
fn unscripted_routes_are_404_and_counted() {
    let server = Hostile::start();
    let (head, body) = raw_get(&server, "/v2/nothing?x=1");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("GET /v2/nothing"));
    assert_eq!(server.count("GET", "/v2/nothing"), 1);
    assert_eq!(server.requests()[0].query, "x=1");
}

// 1. Numbers that used to panic.

#[test]
fn a_retry_after_of_1e20_does_not_panic() {
    let server = Hostile::minimal();
    server.on(
        "GET",
        "/v2/users",
        Reply::json(429, json!({"code": 429, "message": "Too many requests."}))
            .with_header("Retry-After", "1e20"),
    );
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[0, 4]);
    let users = run.source("user");
    assert_eq!(users["status"], "failed", "{users}");
    assert_eq!(error_kind(users), "throttled", "{users}");
}

#[test]
fn a_daily_limit_retry_after_of_99999999999999_does_not_panic() {
    let server = Hostile::minimal();
    server.on(
        "GET",
        "/v2/users",
        Reply::json(
            429,
            json!({"code": 429, "message": "You have reached the maximum daily rate limit for this API."}),
        )
        .with_header("Retry-After", "99999999999999")
        .with_header("X-RateLimit-Type", "Daily-limit"),
    );
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[0, 4]);
    let users = run.source("user");
    assert_eq!(users["status"], "failed", "{users}");
    assert_eq!(error_kind(users), "daily_limit", "{users}");
    assert!(users["error"]["resets_at"].is_string(), "{users}");
}

#[test]
fn a_token_lifetime_of_u64_max_does_not_panic() {
    let server = Hostile::minimal();
    server.on("POST", "/oauth/token", token_reply(u64::MAX));
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[0, 4]);
    // The token itself is usable: the users were read with it.
    assert_eq!(run.source("user")["status"], "ok", "{}", run.summary());
    assert_eq!(server.count("POST", "/oauth/token"), 1);
}

// 2. Pages that never end.

#[test]
fn endless_pagination_fails_the_users_with_a_pagination_error_after_few_pages() {
    let server = Hostile::minimal();
    server.on(
        "GET",
        "/v2/users",
        Reply::EndlessPages {
            list_key: "users".to_owned(),
            per_page: 1,
            total_records: Some(5),
            delay: Duration::ZERO,
        },
    );
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[4]);
    let users = run.source("user");
    assert_eq!(users["status"], "failed", "{users}");
    assert_eq!(error_kind(users), "pagination", "{users}");
    let pages = server.count("GET", "/v2/users");
    assert!(pages < 50, "{pages} pages read for 5 announced users");
    assert_eq!(
        run.records_of("saas_application"),
        0,
        "counts from an incomplete list"
    );
}

// 3. Gzip bombs.

/// Peak memory well under what a bomb inflates to.
const MEMORY_CEILING_KIB: u64 = 200 * 1024;

fn assert_small_memory(run: &Outcome) {
    if let Some(peak) = run.peak_rss_kib {
        assert!(
            peak < MEMORY_CEILING_KIB,
            "peak resident memory {peak} KiB: the bomb was inflated"
        );
    }
}

#[test]
fn a_gzip_bomb_page_is_refused_at_the_body_cap() {
    let server = Hostile::minimal();
    server.on("GET", "/v2/users", Reply::gzip_bomb());
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[4]);
    let users = run.source("user");
    assert_eq!(users["status"], "failed", "{users}");
    assert_eq!(error_kind(users), "malformed", "{users}");
    assert!(
        run.elapsed < Duration::from_secs(20),
        "took {:?}",
        run.elapsed
    );
    assert_small_memory(&run);
    assert_eq!(run.records_of("user"), 0);
}

#[test]
fn a_gzip_bomb_token_answer_is_refused_at_the_token_cap() {
    let server = Hostile::minimal();
    server.on("POST", "/oauth/token", Reply::gzip_bomb());
    let run = server.check(json!({}), &[]);
    assert_no_panic(&run);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("KiB after decompression"),
        "the message names the cap: {}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.elapsed < Duration::from_secs(20),
        "took {:?}",
        run.elapsed
    );
    assert_small_memory(&run);
}

// 4. A stalled token endpoint.

/// The token endpoint sends its headers, then one byte a second.
fn stalled_token_endpoint(server: &Hostile) {
    let Reply::Json { body, .. } = token_reply(3600) else {
        unreachable!("token_reply is a JSON answer")
    };
    server.on(
        "POST",
        "/oauth/token",
        Reply::Trickle {
            status: 200,
            body: body.into_bytes(),
            every: Duration::from_secs(1),
        },
    );
}

/// Every source failed because no token came.
fn assert_failed_for_the_token(run: &Outcome) {
    for source in run.sources() {
        assert_eq!(source["status"], "failed", "{source}");
        assert_eq!(error_kind(source), "transient", "{source}");
    }
    let tokens = run.summary()["token_requests"].as_u64();
    assert!(tokens.is_some(), "{}", run.summary());
}

#[test]
fn a_stalled_token_endpoint_costs_one_timeout_per_wave_of_waiting_sources() {
    let server = Hostile::minimal();
    stalled_token_endpoint(&server);
    // Every source: users, me, settings, plan usage, meetings, H.323,
    // managed devices, rooms — about 18 attempts in all (a first one per
    // call, one retry each). Were each to fetch its own token, the single
    // flight would line up 18 timeouts of 2 s: more than 30 s.
    let run = server.fetch(
        json!({"request_timeout_secs": 2, "max_retries": 1, "zoom_plan": "business"}),
        &[],
        &[],
    );
    assert_survived(&run, &[4]);
    assert!(
        run.elapsed < Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    let sources = run.sources().len();
    assert!(sources >= 8, "several sources planned: {}", run.summary());
    assert_failed_for_the_token(&run);
    let tokens = server.count("POST", "/oauth/token");
    assert_eq!(run.summary()["token_requests"].as_u64(), Some(tokens));
    assert!(
        tokens <= 8,
        "{tokens} token requests for {sources} sources: failed fetches were not shared"
    );
}

#[test]
fn a_stalled_token_fetch_is_shared_by_the_sources_waiting_for_it() {
    let server = Hostile::minimal();
    stalled_token_endpoint(&server);
    // Four calls start together (groups, me, settings, plan usage) and share
    // the first fetch; the user list, called after the groups failed, needs
    // the second. Nothing is retried.
    let run = server.fetch(
        json!({"fetch_devices": false, "request_timeout_secs": 2, "max_retries": 0}),
        &[],
        &[],
    );
    assert_survived(&run, &[4]);
    assert_failed_for_the_token(&run);
    assert_eq!(server.count("POST", "/oauth/token"), 2, "{}", run.summary());
    assert!(
        run.elapsed < Duration::from_secs(10),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn a_silent_users_endpoint_is_abandoned_at_the_request_timeout() {
    let server = Hostile::minimal();
    server.on("GET", "/v2/users", Reply::Silent);
    let run = server.fetch(
        json!({"fetch_devices": false, "request_timeout_secs": 2, "max_retries": 0}),
        &[],
        &[],
    );
    assert_survived(&run, &[4]);
    let users = run.source("user");
    assert_eq!(users["status"], "failed", "{users}");
    assert_eq!(error_kind(users), "transient", "{users}");
    assert_eq!(server.count("GET", "/v2/users"), 1);
    assert!(
        run.elapsed < Duration::from_secs(10),
        "took {:?}",
        run.elapsed
    );
}

// 5. Lists without their list.

fn assert_malformed_users(page: Value) {
    let server = Hostile::minimal();
    server.on("GET", "/v2/users", Reply::ok(page.clone()));
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[4]);
    let users = run.source("user");
    assert_eq!(users["status"], "failed", "{page}: {users}");
    assert_eq!(error_kind(users), "malformed", "{page}: {users}");
    assert_ne!(run.code, 0);
    assert_eq!(run.records_of("user"), 0, "{page}: {}", run.stdout);
    assert_eq!(
        run.records_of("saas_application"),
        0,
        "{page}: a SaaS record counting zero users: {}",
        run.stdout
    );
}

#[test]
fn a_users_page_without_its_list_is_malformed() {
    assert_malformed_users(json!({}));
}

#[test]
fn a_users_page_with_a_null_list_is_malformed() {
    assert_malformed_users(json!({"users": null}));
}

// 6. The output goes away.

/// A cursor every clock is past, so the plan keeps it as the range start.
const CURSOR: &str = "2000-01-01T00:00:00Z";

fn with_activities(server: &Hostile) {
    for path in ["/v2/report/operationlogs", "/v2/report/activities"] {
        let key = if path.ends_with("operationlogs") {
            "operation_logs"
        } else {
            "activity_logs"
        };
        server.on(
            "GET",
            path,
            Reply::ok(json!({"page_size": 300, "next_page_token": "", key: []})),
        );
    }
}

#[test]
fn a_full_disk_fails_every_source_and_keeps_the_activity_cursor() {
    let server = Hostile::minimal();
    with_activities(&server);
    let settings = json!({"fetch_devices": false, "activity_logs": true});
    let run = server.fetch(
        settings.clone(),
        &["--output", "/dev/full", "--activity-cursor", CURSOR],
        &[],
    );
    assert_survived(&run, &[4, 6]);
    assert_ne!(run.code, 0);
    assert_eq!(run.summary()["status"], "failed", "{}", run.summary());
    for source in run.sources() {
        assert_eq!(source["status"], "failed", "{source}");
        assert_eq!(error_kind(source), "output", "{source}");
    }
    assert_eq!(
        run.summary()["next_cursor"]["activities_from"],
        CURSOR,
        "the cursor advanced past records that were never written"
    );

    // The same cycle into a file advances the cursor: the check above can fail.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("records.jsonl");
    let out = out.to_string_lossy();
    let good = server.fetch(
        settings,
        &["--output", &out, "--activity-cursor", CURSOR],
        &[],
    );
    assert_survived(&good, &[0]);
    assert_eq!(
        good.summary()["next_cursor"]["activities_from"],
        good.summary()["started_at"],
        "{}",
        good.summary()
    );
}

#[test]
fn a_closed_stdout_stops_the_calls_to_zoom() {
    let server = Hostile::minimal();
    server.on(
        "GET",
        "/v2/users",
        Reply::EndlessPages {
            list_key: "users".to_owned(),
            per_page: 40,
            total_records: None,
            delay: Duration::from_millis(200),
        },
    );
    let connection = server.connection(json!({}));
    let settings = server.settings(users_only());
    let mut child = hostile::command(
        &[
            "fetch",
            "--connection",
            &connection,
            "--settings",
            &settings,
        ],
        &[],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap_or_else(|e| panic!("spawn: {e}"));
    let stderr = child.stderr.take();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let mut stdout = BufReader::new(
        child
            .stdout
            .take()
            .unwrap_or_else(|| panic!("stdout is piped")),
    );
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("read a record: {e}"));
    assert!(line.contains("\"user\""), "first record: {line}");
    drop(stdout);
    let closed_at = server.count("GET", "/v2/users");
    let closed = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("wait: {e}")) {
            break Some(status);
        }
        if closed.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = stderr.join().unwrap_or_default();
    let status =
        status.unwrap_or_else(|| panic!("still running 15 s after its stdout closed:\n{stderr}"));
    let after = server.count("GET", "/v2/users") - closed_at;
    assert!(
        after <= 5,
        "{after} more pages requested after the reader went away"
    );
    assert_ne!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let summary: Value = stderr
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("no summary:\n{stderr}"));
    let users = summary["sources"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["kind"] == "user"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(users["status"], "failed", "{summary}");
    assert_eq!(error_kind(&users), "output", "{summary}");
}

// 7. Refused credentials, dead ports, dead proxies.

#[test]
fn a_wrong_secret_exits_3_without_summary_records() {
    let server = Hostile::minimal();
    server.on(
        "POST",
        "/oauth/token",
        Reply::json(
            401,
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
        ),
    );
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[3]);
    assert_eq!(run.summary()["status"], "auth_failed");
    assert_eq!(run.records_of("saas_application"), 0, "{}", run.stdout);
    assert_eq!(run.records_of("account"), 0, "{}", run.stdout);
    assert_eq!(
        server.count("POST", "/oauth/token"),
        1,
        "a refused secret is not retried"
    );
}

/// A connection whose REST and token URLs point at a port nothing listens on.
fn dead_connection(server: &Hostile) -> String {
    let dead = format!("http://127.0.0.1:{}", dead_port());
    server.connection(json!({"domain": dead, "oauth_url": format!("{dead}/oauth/token")}))
}

#[test]
fn a_dead_port_fails_fetch_as_unreachable() {
    let server = Hostile::start();
    let connection = dead_connection(&server);
    let run = server.fetch_with(&connection, users_only(), &[], &[]);
    assert_survived(&run, &[6]);
    assert_eq!(run.summary()["status"], "failed");
    for source in run.sources() {
        assert_eq!(source["status"], "failed", "{source}");
        assert_eq!(error_kind(source), "network", "{source}");
    }
    assert_eq!(run.records_of("saas_application"), 0, "{}", run.stdout);
}

#[test]
fn a_dead_port_fails_check_as_unreachable_not_as_authentication() {
    let server = Hostile::start();
    let connection = dead_connection(&server);
    let run = server.check_with(&connection, json!({}), &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, 6, "{}\n{}", run.stdout, run.stderr);
    assert!(
        !run.prints("authentication failed"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_dead_proxy_fails_check_as_unreachable() {
    let server = Hostile::minimal();
    let proxy = format!("http://127.0.0.1:{}", dead_port());
    let connection = server.connection(json!({"https_proxy": proxy}));
    let run = server.check_with(&connection, json!({}), &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, 6, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        server.counts().len(),
        0,
        "went around the proxy: {:?}",
        server.counts()
    );
}

// 8. A scope missing for one endpoint.

#[test]
fn a_scope_missing_on_users_me_fails_only_the_account() {
    let server = Hostile::minimal();
    server.on(
        "GET",
        "/v2/users/me",
        Reply::json(
            400,
            json!({"code": 4711, "message": "Invalid access token, does not contain scopes:[user:read:user:admin]."}),
        ),
    );
    let run = server.fetch(users_only(), &[], &[]);
    assert_survived(&run, &[4]);
    let account = run.source("account");
    assert_eq!(account["status"], "failed", "{account}");
    assert_eq!(run.records_of("account"), 0, "{}", run.stdout);
    for kind in ["user", "saas_application"] {
        assert_eq!(run.source(kind)["status"], "ok", "{}", run.summary());
    }
    assert_eq!(run.records_of("user"), 2);
    assert_eq!(run.records_of("saas_application"), 1);
}

// 9. A server that quotes the credentials back.

/// The `Authorization` headers the server received on `path`.
fn authorizations(server: &Hostile, path: &str) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.path == path)
        .filter_map(|r| r.header("authorization").map(str::to_owned))
        .collect()
}

fn assert_not_printed(run: &Outcome, secrets: &[String], what: &str) {
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(
            !run.prints(secret),
            "{what}: {secret:?} printed:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn a_token_endpoint_echoing_the_credentials_leaks_nothing() {
    let server = Hostile::minimal();
    server.on(
        "POST",
        "/oauth/token",
        Reply::EchoAuthorization {
            status: 400,
            extra: format!("(client secret {CLIENT_SECRET})"),
        },
    );
    let check = server.check(json!({}), &[("RUST_LOG", "debug")]);
    let fetch = server.fetch(users_only(), &[], &[("RUST_LOG", "debug")]);
    let headers = authorizations(&server, "/oauth/token");
    assert!(
        headers.iter().all(|h| h.starts_with("Basic ")),
        "{headers:?}"
    );
    assert!(!headers.is_empty(), "no token request");
    let mut secrets: Vec<String> = headers.clone();
    secrets.extend(
        headers
            .iter()
            .filter_map(|h| h.strip_prefix("Basic ").map(str::to_owned)),
    );
    secrets.push(CLIENT_SECRET.to_owned());
    for (what, run) in [("check", &check), ("fetch", &fetch)] {
        assert_no_panic(run);
        assert_ne!(run.code, 0, "{what}");
        assert!(run.prints("you sent"), "{what}: the reason is shown masked");
        assert_not_printed(run, &secrets, what);
    }
}

#[test]
fn a_rest_error_echoing_the_bearer_token_leaks_nothing() {
    let server = Hostile::minimal();
    server.on(
        "GET",
        "/v2/users",
        Reply::EchoAuthorization {
            status: 400,
            extra: String::new(),
        },
    );
    let run = server.fetch(users_only(), &[], &[("RUST_LOG", "debug")]);
    assert_survived(&run, &[4]);
    let headers = authorizations(&server, "/v2/users");
    assert!(
        headers.contains(&format!("Bearer {ACCESS_TOKEN}")),
        "{headers:?}"
    );
    assert!(run.prints("you sent"), "the message is shown masked");
    assert_not_printed(&run, &[ACCESS_TOKEN.to_owned()], "fetch");
}

// 10. Proxies of the environment.

#[test]
fn environment_proxies_are_ignored_unless_use_system_proxy_is_set() {
    let server = Hostile::minimal();
    let proxy = format!("http://127.0.0.1:{}", dead_port());
    let env: Vec<(&str, &str)> = [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .into_iter()
    .map(|name| (name, proxy.as_str()))
    .collect();
    let ignored = server.fetch(users_only(), &[], &env);
    assert_survived(&ignored, &[0]);
    assert_eq!(ignored.summary()["status"], "ok");

    // The same environment with the setting on goes to the dead proxy: the
    // proxies above really would be used for 127.0.0.1.
    let before = server.counts().values().sum::<u64>();
    let used = server.fetch(
        json!({"fetch_devices": false, "use_system_proxy": true}),
        &[],
        &env,
    );
    assert_survived(&used, &[6]);
    assert_eq!(
        server.counts().values().sum::<u64>(),
        before,
        "went around the proxy"
    );
}

// 11. Trace logs.

/// A cookie value no log line may show.
const COOKIE_VALUE: &str = "hostile-session-9f8e7d6c5b4a";

#[test]
fn trace_logs_keep_the_summary_last_and_show_no_cookie_of_the_api() {
    let server = Hostile::start();
    server.script_minimal_account();
    for path in ["/v2/users", "/v2/users/me"] {
        let reply = if path == "/v2/users" {
            Reply::ok(
                json!({"next_page_token": "", "total_records": 1, "users": [hostile::user(1)]}),
            )
        } else {
            Reply::ok(hostile::user(1))
        };
        server.on(
            "GET",
            path,
            reply.with_header(
                "Set-Cookie",
                &format!("hostile_sid={COOKIE_VALUE}; Path=/; HttpOnly"),
            ),
        );
    }
    let run = server.fetch(users_only(), &[], &[("RUST_LOG", "trace")]);
    assert_survived(&run, &[0]);
    assert!(run.stderr.lines().count() > 1, "trace logged nothing");
    assert_not_printed(&run, &[COOKIE_VALUE.to_owned()], "trace");
    assert_no_cookie_lines(&run.stderr);
}

fn assert_no_cookie_lines(stderr: &str) {
    for line in stderr.lines() {
        let lower = line.to_ascii_lowercase();
        assert!(
            !lower.contains("set-cookie") && !lower.contains("cookie:"),
            "a cookie header was logged: {line}"
        );
    }
}

#[test]
fn trace_logs_of_a_portal_cycle_keep_the_summary_last_and_show_no_session_cookie() {
    let sim = Sim::small();
    let connection = sim.connection(json!({}));
    // fetch_in_env parses stderr's last line as the summary.
    let fetch = sim.fetch_in_env(
        &connection,
        json!({"fetch_settings_and_licenses": true}),
        &[],
        &[("RUST_LOG", "trace")],
    );
    assert_eq!(fetch.code, 0, "{}", fetch.summary);
    assert!(fetch.summary["status"].is_string(), "{}", fetch.summary);
    assert!(fetch.stderr.lines().count() > 1, "trace logged nothing");
    assert!(
        !fetch.stderr.contains("zm_session"),
        "the portal's session cookie was logged"
    );
    assert_no_cookie_lines(&fetch.stderr);
}

// 12. Panics inside units.

#[test]
fn a_panicking_source_fails_only_its_kind() {
    let sim = Sim::small();
    let connection = sim.connection(json!({}));
    let fetch = sim.fetch_in_env(
        &connection,
        json!({}),
        &[],
        &[("ZOOM_ADAPTER_TEST_PANIC", "meetings")],
    );
    assert_eq!(fetch.code, 4, "{}", fetch.summary);
    let meetings = fetch.source("meeting_device");
    assert_eq!(meetings["status"], "failed", "{meetings}");
    assert_eq!(meetings["error"]["kind"], "bug", "{meetings}");
    for source in fetch.summary["sources"].as_array().into_iter().flatten() {
        if source["kind"] != "meeting_device" {
            assert_eq!(source["status"], "ok", "{source}");
        }
    }
}

#[test]
fn a_panicking_check_probe_still_reports() {
    let sim = Sim::small();
    let connection = sim.connection(json!({}));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = write_file(&dir, "settings.json", r#"{"zoom_plan": "business"}"#);
    let args = [
        "check",
        "--connection",
        &connection,
        "--settings",
        &settings,
        "--json",
    ];
    let run = run_adapter(&args, "", &[("ZOOM_ADAPTER_TEST_PANIC", "check")]);
    assert_eq!(run.code, 4, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["authenticated"], true, "{report}");
    let kinds = report["kinds"].as_array().cloned().unwrap_or_default();
    assert!(!kinds.is_empty(), "{report}");
    for kind in &kinds {
        assert_eq!(kind["reachable"], false, "{kind}");
        let failures = kind["failures"].as_array().cloned().unwrap_or_default();
        assert!(
            failures.iter().all(|f| f["error"]["kind"] == "bug"),
            "{kind}"
        );
    }
    // And the table form prints a report too.
    let table = run_adapter(
        &args[..args.len() - 1],
        "",
        &[("ZOOM_ADAPTER_TEST_PANIC", "check")],
    );
    assert_eq!(table.code, 4, "{}", table.stderr);
    assert!(table.stdout.contains("authenticated"), "{}", table.stdout);
}
