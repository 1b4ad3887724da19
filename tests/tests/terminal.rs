//! The live display of `fetch` on a real terminal: the adapter runs under a
//! pseudo-terminal (util-linux `script`), its output is replayed through a
//! terminal emulator (`vt100`), and the screen is read as a person would.
//! Meeting devices show their progress while they are read, warnings print
//! above the display instead of through it, and the run ends with the table.

use std::process::Command;

use serde_json::json;
use zoom_adapter_e2e::sim::Sim;
use zoom_adapter_e2e::{adapter_bin, write_file};
use zoom_sim::{SimConfig, Size};

#[test]
fn the_live_display_advances_and_warnings_print_above_it() {
    if Command::new("script").arg("--version").output().is_err() {
        panic!("util-linux `script` is needed to run the adapter under a pseudo-terminal");
    }
    let sim = Sim::start(SimConfig {
        latency_ms: 40,
        // Some 503s: each retry logs a warning while the display is up.
        faults: "5xx=0.05".parse().unwrap(),
        ..SimConfig::sized(Size::Small)
    });
    let dir = tempfile::tempdir().unwrap();
    let connection = sim.connection(json!({}));
    let settings = write_file(
        &dir,
        "s.json",
        r#"{"zoom_plan":"business","meeting_days":30}"#,
    );
    let records = dir.path().join("records.jsonl");
    let command = format!(
        "{} fetch --connection {connection} --settings {settings} --output {}",
        adapter_bin().display(),
        records.display()
    );
    let output = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env_remove("ZOOM_CLIENT_SECRET")
        .env("COLUMNS", "120")
        .env("LINES", "40")
        .env("XDG_STATE_HOME", zoom_adapter_e2e::fresh_state_home())
        .output()
        .unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    let raw = String::from_utf8_lossy(&output.stdout);

    // The meeting-device line moved while the meetings were read.
    let mut seen: Vec<u64> = raw
        .match_indices("meetings ")
        .filter_map(|(i, _)| raw[i + 9..].split(' ').next()?.parse().ok())
        .collect();
    seen.dedup();
    assert!(
        seen.len() >= 3 && seen.windows(2).all(|w| w[0] <= w[1]),
        "meeting progress seen: {seen:?}"
    );

    // The screen as a person sees it at the end.
    // The width the adapter drew for: the pseudo-terminal reports none, so 80.
    let mut screen = vt100::Parser::new(1000, 80, 0);
    screen.process(&output.stdout);
    let text = screen.screen().contents();
    let warnings = text.matches("retrying zoom call").count();
    let written = raw.matches("retrying zoom call").count();
    assert!(written >= 1, "the faults made no retry");
    assert_eq!(
        warnings, written,
        "{written} warnings were written, {warnings} are readable on screen:\n{text}"
    );
    let blocks = text
        .lines()
        .filter(|l| l.contains("rate-limit waits ("))
        .count();
    assert_eq!(
        blocks, 1,
        "the progress block is on screen {blocks} times:\n{text}"
    );
    assert!(
        text.contains("status Ok") || text.contains("status Partial"),
        "{text}"
    );
    assert!(std::fs::metadata(&records).map(|m| m.len()).unwrap_or(0) > 0);
}
