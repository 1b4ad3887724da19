//! The README's 60-second tour runs as written: its `sh` block, line by
//! line, in a fresh folder (with the repository's `examples/`), with the
//! debug builds of `zoom-adapter` and `zoom-sim` on the `PATH`. The build
//! line (`cargo build …`) is left out: the test suite has built both.

use std::process::Command;

use zoom_adapter_e2e::{adapter_bin, repo_root};

/// The lines of the `sh` block under "## A 60-second tour".
fn tour() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md"))
        .unwrap_or_else(|e| panic!("README.md: {e}"));
    let section = readme
        .split("## A 60-second tour")
        .nth(1)
        .unwrap_or_else(|| panic!("README.md has no tour"));
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("the tour has no sh block"));
    block.lines().map(str::to_owned).collect()
}

#[test]
fn the_readme_tour_runs_as_written() {
    let bin_dir = adapter_bin()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    assert!(
        bin_dir.join("zoom-sim").exists(),
        "zoom-sim is not built: run the suite with `cargo test --workspace`"
    );
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(repo_root().join("examples"), dir.path().join("examples")).unwrap();
    let lines: Vec<String> = tour()
        .into_iter()
        .filter(|line| !line.trim_start().starts_with("cargo "))
        .collect();
    assert!(lines.len() >= 10, "{lines:?}");
    let script = format!(
        "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n{}\n",
        lines.join("\n")
    );
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("XDG_STATE_HOME", zoom_adapter_e2e::fresh_state_home())
        .env_remove("ZOOM_CLIENT_SECRET")
        .env_remove("ZOOM_PASSWORD")
        .env_remove("ZOOM_TOTP_SECRET")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the tour failed ({:?}):\n{script}\nstderr:\n{stderr}",
        output.status
    );
    let records = std::fs::read_to_string(dir.path().join("records.jsonl")).unwrap_or_default();
    assert!(
        records.lines().count() > 100,
        "the fetch wrote {} lines",
        records.lines().count()
    );
    let connection = std::fs::read_to_string(dir.path().join("c.json")).unwrap_or_default();
    assert!(connection.contains("\"domain\""), "{connection}");
}
