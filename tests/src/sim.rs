//! zoom-sim in this process, and `zoom-adapter fetch` runs against it.

use serde_json::{Value, json};
use zoom_sim::{KindCounts, RunningSim, SimConfig, SimServer, Size};

use crate::write_file;

/// A simulator running in this process, and a folder for the input files.
pub struct Sim {
    sim: Option<RunningSim>,
    runtime: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
}

impl Sim {
    /// Starts a simulator with `config`.
    pub fn start(config: SimConfig) -> Sim {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let sim = runtime
            .block_on(SimServer::start(config))
            .unwrap_or_else(|e| panic!("zoom-sim: {e}"));
        Sim {
            sim: Some(sim),
            runtime,
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
        }
    }

    /// Starts a small simulated account.
    pub fn small() -> Sim {
        Sim::start(SimConfig::sized(Size::Small))
    }

    /// The running simulator.
    pub fn sim(&self) -> &RunningSim {
        self.sim
            .as_ref()
            .unwrap_or_else(|| panic!("simulator stopped"))
    }

    /// Writes a connection file for this simulator, with `patch` applied; returns its path.
    pub fn connection(&self, patch: Value) -> String {
        let info = self.sim().info();
        let mut connection = json!({
            "domain": info.api_url,
            "oauth_url": info.oauth_url,
            "account_id": info.account_id,
            "client_id": info.client_id,
            "client_secret": info.client_secret,
            "portal_url": info.portal_url,
            "username": info.username,
            "password": info.password,
            "totp_secret": info.totp_secret,
        });
        if let (Some(target), Value::Object(patch)) = (connection.as_object_mut(), patch) {
            target.extend(patch);
        }
        write_file(&self.dir, "connection.json", &connection.to_string())
    }

    /// Runs `fetch` with `settings` (plus the business plan) and extra args.
    pub fn fetch(&self, settings: Value, extra: &[&str]) -> Fetch {
        self.fetch_with(&self.connection(json!({})), settings, extra)
    }

    /// Runs `fetch` with `connection` (a path) and `settings` plus extra args.
    pub fn fetch_with(&self, connection: &str, settings: Value, extra: &[&str]) -> Fetch {
        self.fetch_in_env(connection, settings, extra, &[])
    }

    /// Runs `fetch` like [`Sim::fetch_with`], with extra environment variables.
    pub fn fetch_in_env(
        &self,
        connection: &str,
        settings: Value,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Fetch {
        self.fetch_at_in_env(None, connection, settings, extra, env)
    }

    /// Runs `fetch` with the adapter's clock at `at` (the simulator's clock
    /// is the caller's to set), with `settings` and extra args.
    pub fn fetch_at(
        &self,
        at: chrono::DateTime<chrono::Utc>,
        settings: Value,
        extra: &[&str],
    ) -> Fetch {
        self.fetch_at_in_env(Some(at), &self.connection(json!({})), settings, extra, &[])
    }

    fn fetch_at_in_env(
        &self,
        at: Option<chrono::DateTime<chrono::Utc>>,
        connection: &str,
        mut settings: Value,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Fetch {
        if let Some(map) = settings.as_object_mut() {
            map.entry("zoom_plan").or_insert(json!("business"));
        }
        let settings = write_file(&self.dir, "settings.json", &settings.to_string());
        let mut args = vec!["fetch", "--connection", connection, "--settings", &settings];
        args.extend_from_slice(extra);
        let run = crate::run_adapter_at(at, &args, "", env);
        let records: Vec<Value> = run
            .stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("record line {line}: {e}"))
            })
            .collect();
        let last = run.stderr.lines().last().unwrap_or_default();
        let summary: Value = serde_json::from_str(last)
            .unwrap_or_else(|e| panic!("summary {last}: {e}\n{}", run.stderr));
        Fetch {
            code: run.code,
            records,
            summary,
            stdout: run.stdout,
            stderr: run.stderr,
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            let _ = self.runtime.block_on(sim.shutdown());
        }
    }
}

/// What one `fetch` run gave.
pub struct Fetch {
    /// Exit code.
    pub code: i32,
    /// Records, one per stdout line.
    pub records: Vec<Value>,
    /// The summary (last stderr line).
    pub summary: Value,
    /// Raw stdout.
    pub stdout: String,
    /// Raw stderr.
    pub stderr: String,
}

impl Fetch {
    /// Records per kind, every kind of docs/contracts.md ("Records") listed.
    pub fn counts(&self) -> KindCounts {
        let mut counts: KindCounts = zoom_sim::KINDS
            .iter()
            .map(|k| ((*k).to_owned(), 0))
            .collect();
        for record in &self.records {
            *counts
                .entry(record["kind"].as_str().unwrap_or_default().to_owned())
                .or_default() += 1;
        }
        counts
    }

    /// The summary's report of `kind`.
    pub fn source(&self, kind: &str) -> &Value {
        self.summary["sources"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["kind"] == kind))
            .unwrap_or_else(|| panic!("no source {kind} in {}", self.summary))
    }
}
