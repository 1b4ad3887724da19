//! `zoom-sim serve`: runs the simulator and prints the ready line on stdout (docs/operations.md, "Starting it").

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use zoom_sim::{DailyLimitOverrides, FaultSpec, Plan, SimConfig, SimServer, Size};

/// A seeded, deterministic Zoom API simulator on loopback.
#[derive(Debug, Parser)]
#[command(name = "zoom-sim", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve a synthetic account until interrupted.
    Serve(Serve),
}

#[derive(Debug, clap::Args)]
struct Serve {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Preset size: small, medium or large.
    #[arg(long, default_value = "small")]
    size: String,
    /// Users (all statuses).
    #[arg(long)]
    users: Option<u64>,
    /// Groups.
    #[arg(long)]
    groups: Option<u64>,
    /// Zoom Rooms.
    #[arg(long)]
    rooms: Option<u64>,
    /// H.323/SIP devices.
    #[arg(long)]
    h323_devices: Option<u64>,
    /// Zoom Device Management devices.
    #[arg(long)]
    managed_devices: Option<u64>,
    /// Meetings per 7 days.
    #[arg(long)]
    meetings: Option<u64>,
    /// Mean participant rows per meeting.
    #[arg(long)]
    participants: Option<u64>,
    /// Operation log entries per day.
    #[arg(long)]
    operation_logs: Option<u64>,
    /// Sign-in/sign-out entries per day.
    #[arg(long)]
    sign_ins: Option<u64>,
    /// Seed of the account.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Latency added to every API response (ms).
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Plan: free, pro or business.
    #[arg(long, default_value = "business")]
    plan: String,
    /// Scopes granted to the app, comma-separated (default: every scope of the family).
    #[arg(long, value_delimiter = ',')]
    scopes: Option<Vec<String>>,
    /// The app's scope family: classic (4700 when one is missing) or granular (4711).
    #[arg(long, default_value = "classic")]
    scope_family: String,
    /// Faults, e.g. `latency=20,jitter=5,5xx=0.05,burst_5xx=10@200` (see docs/operations.md).
    #[arg(long, default_value = "")]
    faults: String,
    /// Write the ground-truth counts to this file before the ready line.
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Access token lifetime (s).
    #[arg(long, default_value_t = 3600)]
    token_ttl_secs: u64,
    /// Page token lifetime (s).
    #[arg(long, default_value_t = 900)]
    page_token_ttl_secs: u64,
    /// Daily limit overrides, e.g. `heavy=100,light=50`.
    #[arg(long, default_value = "")]
    daily_limits: String,
    /// Multiplies the per-second limits (0 turns them off; daily limits stay).
    #[arg(long, default_value_t = 1.0)]
    qps_scale: f64,
    /// Instant the data is relative to (RFC 3339); default: now.
    #[arg(long)]
    anchor: Option<DateTime<Utc>>,
    /// Simulated time at start (RFC 3339), within anchor ..= anchor + 60 days; default: the anchor.
    #[arg(long)]
    clock: Option<DateTime<Utc>>,
}

impl Serve {
    fn config(&self) -> anyhow::Result<SimConfig> {
        let size: Size = self.size.parse()?;
        let mut c = size.counts();
        let set = |slot: &mut u64, v: Option<u64>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut c.users, self.users);
        set(&mut c.groups, self.groups);
        set(&mut c.rooms, self.rooms);
        set(&mut c.h323_devices, self.h323_devices);
        set(&mut c.managed_devices, self.managed_devices);
        set(&mut c.meetings_per_week, self.meetings);
        set(&mut c.participants_per_meeting, self.participants);
        set(&mut c.operation_logs_per_day, self.operation_logs);
        set(&mut c.sign_ins_per_day, self.sign_ins);
        let plan: Plan = self.plan.parse()?;
        let faults: FaultSpec = self.faults.parse()?;
        let daily_limits: DailyLimitOverrides = self.daily_limits.parse()?;
        Ok(SimConfig {
            listen: self.listen,
            seed: self.seed,
            counts: c,
            plan,
            scopes: self.scopes.clone(),
            scope_family: self.scope_family.parse()?,
            latency_ms: self.latency_ms,
            faults,
            token_ttl_secs: self.token_ttl_secs,
            page_token_ttl_secs: self.page_token_ttl_secs,
            daily_limits,
            qps_scale: self.qps_scale,
            anchor: self.anchor,
            clock: self.clock,
        })
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let Command::Serve(serve) = cli.command;
    let config = serve.config()?;
    let sim = SimServer::start(config).await?;
    if let Some(path) = &serve.truth {
        let text = serde_json::to_string_pretty(&sim.truth())?;
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the truth file {}", path.display()))?;
    }
    let line = serde_json::to_string(sim.info())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    drop(out);
    tokio::signal::ctrl_c()
        .await
        .context("cannot wait for ctrl-c")?;
    sim.shutdown().await?;
    Ok(())
}
