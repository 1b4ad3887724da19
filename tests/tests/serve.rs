//! The host protocol end to end: a test client drives `zoom-adapter serve`
//! as a separate process over stdio against zoom-sim.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use zoom_adapter_e2e::adapter_bin;
use zoom_sim::{RunningSim, SimConfig, SimServer, Size};

/// A running `serve` process and its messages.
struct Host {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
}

impl Host {
    fn start() -> Host {
        let mut child = Command::new(adapter_bin())
            .arg("serve")
            .env_remove("ZOOM_CLIENT_SECRET")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn serve: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
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
        Host {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: &Value) {
        writeln!(self.stdin, "{message}").unwrap_or_else(|e| panic!("write: {e}"));
    }

    fn send_raw(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap_or_else(|e| panic!("write: {e}"));
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
    let (init, _) = host.call(1, "initialize", json!({"protocol_version": "1.0"}));
    assert_eq!(init["result"]["protocol_version"], "1.0");
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
    let (done, _) = host.call(
        2,
        "action",
        json!({"name": "create-user", "connection": connection(&sim), "params": params}),
    );
    assert_eq!(done["result"]["results"][0]["status"], "created", "{done}");
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
