//! [`SimConfig`]: what the simulator generates and how it behaves.

use std::net::SocketAddr;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::faults::FaultSpec;

/// A preset size of the synthetic account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Size {
    /// About 200 users, 10 rooms, 50 meetings in the last 7 days.
    #[default]
    Small,
    /// 10,000 users, 300 rooms, 2,000 meetings per 7 days (~60,000 participant rows).
    Medium,
    /// 100,000 users, 3,000 rooms, 20,000 meetings per 7 days (~600,000 participant rows).
    Large,
}

impl FromStr for Size {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "small" => Ok(Size::Small),
            "medium" => Ok(Size::Medium),
            "large" => Ok(Size::Large),
            other => Err(Error::Config(format!(
                "unknown size {other:?}: use small, medium or large"
            ))),
        }
    }
}

/// How many objects of each kind the account holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Users of every status (active, inactive, pending).
    pub users: u64,
    /// User groups.
    pub groups: u64,
    /// H.323/SIP devices.
    pub h323_devices: u64,
    /// Zoom Rooms (including calendar-only entries).
    pub rooms: u64,
    /// Zoom Device Management devices.
    pub managed_devices: u64,
    /// Past meetings in the last 7 days (older weeks hold about as many).
    pub meetings_per_week: u64,
    /// Mean participant rows per meeting.
    pub participants_per_meeting: u64,
    /// Operation log entries per day.
    pub operation_logs_per_day: u64,
    /// Sign-in/sign-out entries per day.
    pub sign_ins_per_day: u64,
}

impl Size {
    /// The counts of this preset.
    pub fn counts(self) -> Counts {
        match self {
            Size::Small => Counts {
                users: 200,
                groups: 8,
                h323_devices: 12,
                rooms: 10,
                managed_devices: 20,
                meetings_per_week: 50,
                participants_per_meeting: 30,
                operation_logs_per_day: 40,
                sign_ins_per_day: 60,
            },
            Size::Medium => Counts {
                users: 10_000,
                groups: 60,
                h323_devices: 200,
                rooms: 300,
                managed_devices: 600,
                meetings_per_week: 2_000,
                participants_per_meeting: 30,
                operation_logs_per_day: 400,
                sign_ins_per_day: 3_000,
            },
            Size::Large => Counts {
                users: 100_000,
                groups: 300,
                h323_devices: 1_000,
                rooms: 3_000,
                managed_devices: 6_000,
                meetings_per_week: 20_000,
                participants_per_meeting: 30,
                operation_logs_per_day: 2_000,
                sign_ins_per_day: 20_000,
            },
        }
    }
}

/// A Zoom plan: sizes rate limits and gates reports (Pro+) and dashboards (Business+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Plan {
    /// Free (Basic).
    Free,
    /// Pro.
    Pro,
    /// Business, Education, Enterprise, Partners.
    #[default]
    Business,
}

impl FromStr for Plan {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "free" => Ok(Plan::Free),
            "pro" => Ok(Plan::Pro),
            "business" => Ok(Plan::Business),
            other => Err(Error::Config(format!(
                "unknown plan {other:?}: use free, pro or business"
            ))),
        }
    }
}

/// Which kind of OAuth scope the simulated app has: classic (apps made
/// before 2024: `user:read:admin`; a missing one is code 4700) or granular
/// (since 2024: `user:read:list_users:admin`; code 4711).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeFamily {
    /// Classic scopes.
    #[default]
    Classic,
    /// Granular scopes.
    Granular,
}

impl FromStr for ScopeFamily {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "classic" => Ok(ScopeFamily::Classic),
            "granular" => Ok(ScopeFamily::Granular),
            other => Err(Error::Config(format!(
                "unknown scope family {other:?}: use classic or granular"
            ))),
        }
    }
}

/// Overrides of the daily rate limits (so tests can reach them quickly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DailyLimitOverrides {
    /// Light daily limit.
    pub light: Option<u64>,
    /// Medium daily limit.
    pub medium: Option<u64>,
    /// Heavy daily limit (on Pro and Business: the quota shared with Resource-intensive).
    pub heavy: Option<u64>,
    /// Resource-intensive daily limit (Free only; Pro and Business share `heavy`).
    pub resource_intensive: Option<u64>,
}

impl FromStr for DailyLimitOverrides {
    type Err = Error;
    /// Parses `light=N,medium=N,heavy=N,resource_intensive=N` (any subset).
    fn from_str(s: &str) -> Result<Self, Error> {
        let mut out = DailyLimitOverrides::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| Error::Config(format!("daily limit {part:?} is not NAME=NUMBER")))?;
            let n: u64 = v
                .trim()
                .parse()
                .map_err(|_| Error::Config(format!("daily limit {part:?}: not a number")))?;
            match k.trim() {
                "light" => out.light = Some(n),
                "medium" => out.medium = Some(n),
                "heavy" => out.heavy = Some(n),
                "resource_intensive" => out.resource_intensive = Some(n),
                other => {
                    return Err(Error::Config(format!(
                        "unknown rate-limit category {other:?}: use light, medium, heavy or resource_intensive"
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// Everything the simulator needs to start.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// Seed of the synthetic account.
    pub seed: u64,
    /// Object counts.
    pub counts: Counts,
    /// The account's plan.
    pub plan: Plan,
    /// Scopes granted to the app; `None` grants every scope of
    /// `scope_family` the simulator knows.
    pub scopes: Option<Vec<String>>,
    /// The app's scope family: which scopes each endpoint accepts, which the
    /// token lists, and the code of a missing-scope error.
    pub scope_family: ScopeFamily,
    /// Fixed latency added to every API response, in milliseconds.
    pub latency_ms: u64,
    /// Faults to inject.
    pub faults: FaultSpec,
    /// Lifetime of access tokens, in seconds (Zoom: 3600).
    pub token_ttl_secs: u64,
    /// Lifetime of page tokens, in seconds (Zoom: 15 minutes).
    pub page_token_ttl_secs: u64,
    /// Daily rate-limit overrides.
    pub daily_limits: DailyLimitOverrides,
    /// Multiplies the per-second (per-minute) limits; `0` turns them off
    /// (daily limits still apply). Zoom's numbers are `1`.
    pub qps_scale: f64,
    /// The instant the data is generated relative to; `None` means the start time
    /// (truncated to the second). Fix it to get byte-identical responses across runs.
    pub anchor: Option<DateTime<Utc>>,
    /// The simulated time at start; `None` means the anchor. Must lie within
    /// anchor ..= anchor + [`crate::FUTURE_DAYS`] days (a config error otherwise).
    pub clock: Option<DateTime<Utc>>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 1,
            counts: Size::Small.counts(),
            plan: Plan::Business,
            scopes: None,
            scope_family: ScopeFamily::Classic,
            latency_ms: 0,
            faults: FaultSpec::default(),
            token_ttl_secs: 3600,
            page_token_ttl_secs: 900,
            daily_limits: DailyLimitOverrides::default(),
            qps_scale: 1.0,
            anchor: None,
            clock: None,
        }
    }
}

impl SimConfig {
    /// A default configuration of the given size.
    pub fn sized(size: Size) -> Self {
        SimConfig {
            counts: size.counts(),
            ..SimConfig::default()
        }
    }
}
