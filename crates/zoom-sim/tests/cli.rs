//! The `zoom-sim serve` binary: the ready line and the truth file (docs/operations.md, "Starting it").

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

#[test]
fn serve_prints_the_ready_line_and_writes_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let truth = dir.path().join("truth.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zoom-sim"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--size",
            "small",
            "--users",
            "120",
            "--seed",
            "3",
            "--plan",
            "pro",
        ])
        .args([
            "--faults",
            "latency=1",
            "--scopes",
            "user:read:admin,report:read:admin",
            "--truth",
        ])
        .arg(&truth)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let ready: Value = serde_json::from_str(&line).unwrap();
    let keys: Vec<&str> = ready
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "api_url",
            "oauth_url",
            "portal_url",
            "account_id",
            "client_id",
            "client_secret",
            "username",
            "password",
            "totp_secret"
        ]
    );
    let api = ready["api_url"].as_str().unwrap();
    assert!(api.starts_with("http://127.0.0.1:") && !api.ends_with("/v2"));
    assert_eq!(ready["oauth_url"], format!("{api}/oauth/token"));
    let t: Value = serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    assert_eq!(
        t["default"].as_object().unwrap().len(),
        zoom_sim::KINDS.len()
    );
    assert_eq!(t["variants"].as_object().unwrap().len(), 12);
    assert!(
        t["variants"]["fetch_inactive_users=true"]["user"].as_u64() > t["default"]["user"].as_u64()
    );
}

#[test]
fn bad_flags_fail_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_zoom-sim"))
        .args(["serve", "--faults", "bogus=1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown fault"));
}
