//! The host protocol end to end: a test client drives `zoom-adapter serve`
//! as a separate process over stdio against zoom-sim.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zoom_sim::{RunningSim, SimConfig, SimServer, Size};

/// A running `serve` process and its messages.
struct Host {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Host {
    fn start() -> Host {
        Host::start_in_env(&[])
    }

    /// `serve` with extra environment variables; its stderr is kept.
    fn start_in_env(env: &[(&str, &str)]) -> Host {
        let mut command = zoom_adapter_e2e::adapter_command();
        command
            .arg("serve")
            .env_remove("ZOOM_CLIENT_SECRET")
            .env_remove("ZOOM_ADAPTER_TEST_PANIC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("spawn serve: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
        let mut stderr_pipe = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr_pipe, &mut text);
            text
        });
        Host {
            child,
            stdin,
            messages,
            stderr: Some(stderr),
        }
    }

    fn send(&mut self, message: &Value) {
        writeln!(self.stdin, "{message}").unwrap_or_else(|e| panic!("write: {e}"));
    }

    fn send_raw(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap_or_else(|e| panic!("write: {e}"));
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        self.stdin
            .write_all(bytes)
            .and_then(|()| self.stdin.flush())
            .unwrap_or_else(|e| panic!("write: {e}"));
    }

    fn next(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("no message: {e}"))
    }

    /// Reads until the response to `id`, returning it and the notifications before it.
    fn response(&self, id: i64) -> (Value, Vec<Value>) {
        let mut notes = Vec::new();
        loop {
            let message = self.next();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return (message, notes);
            }
            notes.push(message);
        }
    }

    fn call(&mut self, id: i64, method: &str, params: Value) -> (Value, Vec<Value>) {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }
}

impl Host {
    /// Waits (at most 30 s) for the process to exit; its exit code (`None`
    /// when killed by a signal) and its stderr.
    fn exit(&mut self) -> (Option<i32>, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "serve did not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self
            .stderr
            .take()
            .map(|t| t.join().unwrap_or_default())
            .unwrap_or_default();
        (status.code(), stderr)
    }

    /// Sends SIGTERM to the process.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap_or_else(|e| panic!("kill: {e}"));
        assert!(status.success(), "kill -TERM failed");
    }

    /// Reads until the first `fetch/record` notification of a running fetch.
    fn first_record(&self) {
        loop {
            let message = self.next();
            assert!(
                message.get("id").is_none(),
                "answered before a record: {message}"
            );
            if message["method"] == "fetch/record" {
                return;
            }
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sim(config: SimConfig) -> (tokio::runtime::Runtime, RunningSim) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let sim = runtime
        .block_on(SimServer::start(config))
        .unwrap_or_else(|e| panic!("zoom-sim: {e}"));
    (runtime, sim)
}

fn connection(sim: &RunningSim) -> Value {
    let info = sim.info();
    json!({"domain": info.api_url, "oauth_url": info.oauth_url, "account_id": info.account_id,
           "client_id": info.client_id, "client_secret": info.client_secret})
}

#[test]
fn initialize_manifest_validate_and_errors() {
    let mut host = Host::start();
    let (init, _) = host.call(1, "initialize", json!({"protocol_version": "1.1"}));
    assert_eq!(init["result"]["protocol_version"], "1.1");
    assert_eq!(init["result"]["adapter"], "zoom");
    let (manifest, _) = host.call(2, "manifest", json!({}));
    assert_eq!(manifest["result"]["id"], "zoom");
    let (invalid, _) = host.call(3, "validate", json!({"connection": {"account_id": "a", "client_id": "c", "client_secret": "s", "domain": "http://api.zoom.us"}, "settings": {"meeting_days": 0}}));
    assert_eq!(invalid["result"]["valid"], false);
    let pointers: Vec<&str> = invalid["result"]["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["/domain", "/meeting_days"]);
    // fetch with invalid params: -32602 with data.pointer.
    let (error, _) = host.call(4, "fetch", json!({"connection": {"account_id": "a"}}));
    assert_eq!(error["error"]["code"], -32602);
    assert_eq!(error["error"]["data"]["pointer"], "/connection/client_id");
    host.send_raw("this is not json");
    assert_eq!(host.next()["error"]["code"], -32700);
    let (unknown, _) = host.call(5, "frobnicate", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let (bye, _) = host.call(6, "shutdown", json!({}));
    assert_eq!(bye["result"], Value::Null);
    let status = host.child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
}

#[test]
fn fetch_streams_records_then_answers_with_the_summary() {
    let (_runtime, sim) = sim(SimConfig::sized(Size::Small));
    let truth = sim.truth().default;
    let mut host = Host::start();
    let (response, notes) = host.call(
        1,
        "fetch",
        json!({"connection": connection(&sim), "settings": {"zoom_plan": "business"}}),
    );
    let summary = &response["result"];
    assert_eq!(summary["status"], "ok", "{summary}");
    let records: Vec<&Value> = notes
        .iter()
        .filter(|n| n["method"] == "fetch/record")
        .map(|n| &n["params"]["record"])
        .collect();
    assert!(notes.iter().any(|n| n["method"] == "fetch/progress"));
    let mut counts = std::collections::BTreeMap::new();
    for record in &records {
        *counts
            .entry(record["kind"].as_str().unwrap_or_default().to_owned())
            .or_insert(0u64) += 1;
    }
    for (kind, want) in truth {
        assert_eq!(counts.get(&kind).copied().unwrap_or(0), want, "{kind}");
    }
    assert_eq!(
        summary["records_total"].as_u64(),
        Some(records.len() as u64)
    );
}

#[test]
fn cancel_stops_a_running_fetch_and_busy_is_refused() {
    // Latency makes the cycle long enough to cancel.
    let (_runtime, sim) = sim(SimConfig {
        latency_ms: 50,
        ..SimConfig::sized(Size::Small)
    });
    let mut host = Host::start();
    host.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "fetch", "params": {"connection": connection(&sim), "settings": {"zoom_plan": "business", "meeting_days": 60}}}));
    host.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "fetch", "params": {"connection": connection(&sim)}}));
    let (busy, _) = host.response(2);
    assert_eq!(busy["error"]["code"], -32002);
    let (cancel, _) = host.call(3, "cancel", json!({"id": 1}));
    assert_eq!(cancel["result"]["cancelled"], true);
    let (response, _) = host.response(1);
    assert_eq!(response["result"]["status"], "cancelled", "{response}");
    let (bye, _) = host.call(4, "shutdown", json!({}));
    assert_eq!(bye["result"], Value::Null);
}

#[test]
fn actions_run_over_the_protocol() {
    let (_runtime, sim) = sim(SimConfig::sized(Size::Small));
    let mut host = Host::start();
    let params = json!({"email": "proto.user@acme-sim.test", "creation_type": "autoCreate"});
    let (dry, _) = host.call(1, "action", json!({"name": "create-user", "connection": connection(&sim), "params": params, "dry_run": true}));
    assert_eq!(dry["result"]["dry_run"], true, "{dry}");
    assert_eq!(dry["result"]["requests"][0]["path"], "/users");
    assert_eq!(dry["result"]["results"][0]["status"], "created", "{dry}");
    assert_eq!(dry["result"]["exit"], 0);
    let twice =
        json!([params, {"email": "proto.user@acme-sim.test", "creation_type": "autoCreate"}]);
    let (done, notes) = host.call(
        2,
        "action",
        json!({"name": "create-user", "connection": connection(&sim), "params": twice}),
    );
    assert_eq!(done["result"]["results"][0]["status"], "created", "{done}");
    assert_eq!(
        done["result"]["results"][1]["status"], "already_exists",
        "{done}"
    );
    assert_eq!(done["result"]["exit"], 0);
    // Each target's result was sent as it completed, before the response.
    let results: Vec<&Value> = notes
        .iter()
        .filter(|n| n["method"] == "action/result")
        .collect();
    assert_eq!(results.len(), 2, "{notes:?}");
    assert_eq!(results[0]["params"]["id"], 2);
    assert_eq!(results[0]["params"]["result"]["status"], "created");
    assert!(
        results[0]["params"]["result"]["tracking_id"].is_string(),
        "{}",
        results[0]
    );
    assert_eq!(
        results[1]["params"]["result"]["zoom_id"],
        done["result"]["results"][0]["zoom_id"]
    );
    let (missing, _) = host.call(
        5,
        "action",
        json!({"name": "delete-user", "connection": connection(&sim), "params": {"user": "nobody.here@acme-sim.test"}, "missing_ok": false}),
    );
    assert_eq!(missing["result"]["results"][0]["status"], "not_found");
    assert_eq!(missing["result"]["exit"], 5, "the CLI's exit code");
    let (invalid, _) = host.call(3, "action", json!({"name": "send-message", "connection": connection(&sim), "params": {"message": "hi"}}));
    assert_eq!(invalid["error"]["code"], -32602);
    assert_eq!(invalid["error"]["data"]["pointer"], "/params/to_contact");
    let (unknown, _) = host.call(
        4,
        "action",
        json!({"name": "reboot-zoom", "connection": connection(&sim), "params": {}}),
    );
    assert_eq!(unknown["error"]["data"]["pointer"], "/name");
}

/// A simulator slow enough that a fetch is still running when the test acts.
fn slow_sim() -> (tokio::runtime::Runtime, RunningSim) {
    sim(SimConfig {
        latency_ms: 50,
        ..SimConfig::sized(Size::Small)
    })
}

fn long_fetch(sim: &RunningSim, id: i64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "fetch", "params": {"connection": connection(sim), "settings": {"zoom_plan": "business", "meeting_days": 60}}})
}

#[test]
fn invalid_utf8_and_overlong_lines_are_parse_errors_and_serving_goes_on() {
    let (_runtime, sim) = slow_sim();
    let mut host = Host::start();
    // Invalid UTF-8 (with a secret in the line, which the error must not quote).
    host.send_bytes(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"secret\":\"hunter2-secret\xff\"}\n");
    let error = host.next();
    assert_eq!(error["id"], Value::Null, "{error}");
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert!(!error.to_string().contains("hunter2"), "{error}");
    // A valid request over the 1 MiB line cap is skipped, not executed.
    let pad = "x".repeat(1 << 20);
    let long = json!({"jsonrpc": "2.0", "id": 2, "method": "validate", "params": {"connection": {"client_secret": "hunter2-secret", "pad": pad}}});
    host.send(&long);
    let error = host.next();
    assert_eq!(error["id"], Value::Null, "{error}");
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert!(!error.to_string().contains("hunter2"), "{error}");
    let (init, _) = host.call(3, "initialize", json!({}));
    assert_eq!(init["result"]["adapter"], "zoom", "{init}");
    // Mid-fetch: the fetch goes on and still answers with its summary.
    host.send(&long_fetch(&sim, 4));
    host.first_record();
    host.send_bytes(b"\xc3\x28\n");
    let (response, notes) = host.response(4);
    let parse_errors: Vec<&Value> = notes
        .iter()
        .filter(|n| n["error"]["code"] == -32700)
        .collect();
    assert_eq!(parse_errors.len(), 1, "{notes:?}");
    assert_eq!(parse_errors[0]["id"], Value::Null);
    assert_eq!(response["result"]["status"], "ok", "{response}");
    let (bye, _) = host.call(5, "shutdown", json!({}));
    assert_eq!(bye["result"], Value::Null);
    assert_eq!(host.exit().0, Some(0));
}

#[test]
fn a_slow_check_leaves_the_loop_answering_and_cancel_and_shutdown_stop_it() {
    // Two seconds per Zoom response: one check takes half a minute.
    let (_runtime, sim) = sim(SimConfig {
        latency_ms: 2000,
        ..SimConfig::sized(Size::Small)
    });
    let mut host = Host::start();
    let check = json!({"connection": connection(&sim)});
    host.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "check", "params": check}));
    host.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "check", "params": check}));
    let started = Instant::now();
    let (init, _) = host.call(3, "initialize", json!({}));
    assert_eq!(init["result"]["adapter"], "zoom");
    let (cancel, _) = host.call(4, "cancel", json!({"id": 1}));
    assert_eq!(cancel["result"]["cancelled"], true, "{cancel}");
    let (cancelled, _) = host.response(1);
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    // Check 2 still runs; shutdown cancels it, answers it, then itself.
    host.send(&json!({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}));
    let (check_2, _) = host.response(2);
    assert_eq!(check_2["error"]["code"], -32800, "{check_2}");
    let (bye, _) = host.response(5);
    assert_eq!(bye["result"], Value::Null);
    assert_eq!(host.exit().0, Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "answers waited for the check: {:?}",
        started.elapsed()
    );
}

#[test]
fn shutdown_mid_fetch_answers_the_fetch_with_its_summary_first() {
    let (_runtime, sim) = slow_sim();
    let mut host = Host::start();
    host.send(&long_fetch(&sim, 1));
    host.first_record();
    host.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    let (fetch, _) = host.response(1);
    assert_eq!(fetch["result"]["status"], "cancelled", "{fetch}");
    let (bye, _) = host.response(2);
    assert_eq!(bye["result"], Value::Null);
    assert_eq!(host.exit().0, Some(0));
}

#[test]
fn sigterm_mid_fetch_answers_the_fetch_and_exits_0() {
    let (_runtime, sim) = slow_sim();
    let mut host = Host::start();
    host.send(&long_fetch(&sim, 1));
    host.first_record();
    host.terminate();
    let (fetch, _) = host.response(1);
    assert_eq!(fetch["result"]["status"], "cancelled", "{fetch}");
    assert_eq!(host.exit().0, Some(0));
    // Idle, SIGTERM just ends the server, cleanly.
    let mut idle = Host::start();
    let (init, _) = idle.call(1, "initialize", json!({}));
    assert_eq!(init["result"]["adapter"], "zoom");
    idle.terminate();
    assert_eq!(idle.exit().0, Some(0));
}

#[test]
fn notifications_are_never_answered_and_ids_follow_json_rpc() {
    let (_runtime, sim) = slow_sim();
    let mut host = Host::start();
    host.send_raw(r#"{"jsonrpc":"2.0","method":"initialize"}"#);
    host.send_raw(r#"{"jsonrpc":"2.0","method":"frobnicate"}"#);
    host.send_raw(r#"{"jsonrpc":"2.0","method":"validate","params":{"wrong":1}}"#);
    host.send_raw(r#"{"jsonrpc":"2.0","method":"cancel"}"#);
    host.send_raw(r#"{"jsonrpc":"2.0","id":"a","method":"initialize"}"#);
    let first = host.next();
    assert_eq!(first["id"], "a", "a notification was answered: {first}");
    // Object, array and bool ids: invalid request, answered with id null.
    for id in ["{\"n\":1}", "[1]", "true"] {
        host.send_raw(&format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"initialize"}}"#
        ));
        let error = host.next();
        assert_eq!(error["id"], Value::Null, "{id}: {error}");
        assert_eq!(error["error"]["code"], -32600, "{id}: {error}");
    }
    // Numbers, strings and null come back as sent.
    for id in ["7", "-3", "18446744073709551615", "1.5", "\"x-1\"", "null"] {
        host.send_raw(&format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"initialize"}}"#
        ));
        let answer = host.next();
        let want: Value = serde_json::from_str(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(answer["id"], want, "{answer}");
        assert_eq!(answer["result"]["adapter"], "zoom", "{answer}");
    }
    // A cancel notification still cancels.
    host.send(&long_fetch(&sim, 9));
    host.first_record();
    host.send_raw(r#"{"jsonrpc":"2.0","method":"cancel","params":{"id":9}}"#);
    let (fetch, notes) = host.response(9);
    assert_eq!(fetch["result"]["status"], "cancelled", "{fetch}");
    assert!(
        notes.iter().all(|n| n.get("method").is_some()),
        "the cancel notification was answered: {notes:?}"
    );
    // A fetch notification is not run: the next answer is to the next request.
    host.send_raw(&long_fetch(&sim, 0).to_string().replace(r#""id":0,"#, ""));
    let (init, notes) = host.call(10, "initialize", json!({}));
    assert_eq!(init["result"]["adapter"], "zoom");
    assert!(notes.is_empty(), "{notes:?}");
    host.send_raw(r#"{"jsonrpc":"2.0","method":"shutdown"}"#);
    assert_eq!(host.exit().0, Some(0));
}

/// Every method, in `initialize`'s order.
const METHODS: [&str; 8] = [
    "initialize",
    "manifest",
    "validate",
    "check",
    "fetch",
    "action",
    "cancel",
    "shutdown",
];

#[test]
fn initialize_the_unknown_method_error_and_the_docs_list_every_method() {
    let mut host = Host::start();
    let (init, _) = host.call(1, "initialize", json!({}));
    assert_eq!(init["result"]["methods"], json!(METHODS));
    let (unknown, _) = host.call(2, "frobnicate", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let message = unknown["error"]["message"].as_str().unwrap_or_default();
    assert!(message.ends_with(&METHODS.join(", ")), "{message}");
    let described: Vec<&str> = unknown["error"]["data"]["methods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["description"].as_str().is_some_and(|d| !d.is_empty()))
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(described, METHODS);
    let docs = std::fs::read_to_string(zoom_adapter_e2e::repo_root().join("docs/protocol.md"))
        .unwrap_or_else(|e| panic!("docs/protocol.md: {e}"));
    let methods_section = docs
        .split("## Methods")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    let documented: Vec<&str> = methods_section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    assert_eq!(documented, METHODS);
}

#[test]
fn a_panicking_handler_is_an_internal_error_and_serving_goes_on() {
    if !cfg!(debug_assertions) {
        // The panic hook exists in debug builds of the adapter only.
        return;
    }
    let (_runtime, sim) = sim(SimConfig::sized(Size::Small));
    let secret = sim.info().client_secret.clone();
    let mut host = Host::start_in_env(&[("ZOOM_ADAPTER_TEST_PANIC", "fetch,check,validate")]);
    let config = json!({"connection": connection(&sim)});
    for (id, method) in [(1, "fetch"), (2, "check"), (3, "validate"), (4, "fetch")] {
        let (answer, _) = host.call(id, method, config.clone());
        assert_eq!(answer["error"]["code"], -32603, "{method}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("bug in the adapter"), "{message}");
    }
    let (init, _) = host.call(5, "initialize", json!({}));
    assert_eq!(init["result"]["adapter"], "zoom");
    let (bye, _) = host.call(6, "shutdown", json!({}));
    assert_eq!(bye["result"], Value::Null);
    let (code, stderr) = host.exit();
    assert_eq!(code, Some(0));
    // Panics are JSON log lines without the panic's message (it may quote secrets).
    assert!(stderr.contains("panic"), "{stderr}");
    for line in stderr.lines() {
        let log: Result<Value, _> = serde_json::from_str(line);
        assert!(log.is_ok(), "stderr line is not JSON: {line}");
    }
    assert!(!stderr.contains("asked"), "{stderr}");
    assert!(!stderr.contains(&secret), "{stderr}");
}

#[test]
fn fetch_progress_comes_every_second_with_meeting_progress() {
    let (_runtime, sim) = slow_sim();
    let mut host = Host::start();
    host.send(&long_fetch(&sim, 40));
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    let mut meeting_notes = 0;
    loop {
        let message = host.next();
        if message.get("id") == Some(&json!(40)) && message.get("method").is_none() {
            assert!(message["result"]["status"].is_string(), "{message}");
            break;
        }
        if message["method"] == "fetch/progress" {
            longest = longest.max(last.elapsed());
            last = Instant::now();
            let note = message["params"]["notes"]["meeting_device"]
                .as_str()
                .unwrap_or("");
            if note.contains("meetings") {
                meeting_notes += 1;
            }
        }
    }
    assert!(
        meeting_notes >= 2,
        "meeting devices reported their progress {meeting_notes} times"
    );
    assert!(
        longest < Duration::from_millis(2500),
        "a {longest:?} gap between fetch/progress"
    );
}

#[test]
fn fetch_keeps_its_state_store_by_default_and_takes_the_cli_options() {
    let (_runtime, sim) = sim(SimConfig::sized(Size::Small));
    let mut host = Host::start();
    let params = json!({"connection": connection(&sim), "settings": {"zoom_plan": "business"}});
    let (first, _) = host.call(1, "fetch", params.clone());
    let state = &first["result"]["state"];
    assert_eq!(state["saved"], true, "{first}");
    assert!(
        state["path"].as_str().unwrap().ends_with(".sqlite3"),
        "the default per-account store: {state}"
    );
    // The second fetch on the same store reads no meeting it already has.
    let (second, notes) = host.call(2, "fetch", params.clone());
    let state = &second["result"]["state"];
    assert!(state["meetings_reused"].as_u64().unwrap() > 0, "{state}");
    assert_eq!(state["meetings_read"], 0, "{state}");
    assert!(
        notes
            .iter()
            .filter(|n| n["method"] == "fetch/record")
            .all(|n| n["params"]["record"].get("deleted").is_none()),
        "no tombstones unless asked"
    );
    // no_state: no store at all; a store that cannot be used: invalid params at /state.
    let mut no_state = params.clone();
    no_state["no_state"] = json!(true);
    let (third, _) = host.call(3, "fetch", no_state);
    assert!(third["result"].get("state").is_none(), "{third}");
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, vec![7u8; 4096]).unwrap();
    let mut refused = params;
    refused["state"] = json!(garbage);
    let (error, _) = host.call(4, "fetch", refused);
    assert_eq!(error["error"]["code"], -32602, "{error}");
    assert_eq!(error["error"]["data"]["pointer"], "/state", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--reset-state")
    );
}

#[test]
fn fetch_in_the_ocsf_format_sends_ocsf_events() {
    let (_runtime, sim) = sim(SimConfig::sized(Size::Small));
    let mut host = Host::start();
    let (response, notes) = host.call(
        1,
        "fetch",
        json!({"connection": connection(&sim), "settings": {"zoom_plan": "business"}, "format": "ocsf", "no_state": true}),
    );
    assert_eq!(response["result"]["status"], "ok", "{response}");
    let events: Vec<&Value> = notes
        .iter()
        .filter(|n| n["method"] == "fetch/record")
        .map(|n| &n["params"]["record"])
        .collect();
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| e["metadata"]["version"] == "1.8.0" && e["class_uid"].is_u64())
    );
    let (error, _) = host.call(
        2,
        "fetch",
        json!({"connection": connection(&sim), "format": "ocsf", "emit_deletions": true}),
    );
    assert_eq!(
        error["error"]["data"]["pointer"], "/emit_deletions",
        "{error}"
    );
}
