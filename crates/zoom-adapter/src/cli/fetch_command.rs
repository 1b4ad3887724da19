//! The arguments of `fetch` and what they become ([`FetchCommand::into_fetch_args`]).

use clap::ValueEnum;

use super::LogFormat;

/// Arguments of `fetch`.
#[derive(Debug, clap::Args)]
pub struct FetchCommand {
    /// Connection parameters (JSON file; `-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub connection: String,
    /// Advanced settings (JSON file; `-` for stdin); every default when left out.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<String>,
    /// Write records here instead of stdout (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub output: Option<String>,
    /// Attach the Zoom object each record came from as `raw`.
    #[arg(long)]
    pub include_raw: bool,
    /// Read activities from this time on (RFC 3339; the previous summary's
    /// `next_cursor.activities_from`); default: `activity_lookback_hours` back.
    #[arg(long, value_name = "TIME")]
    pub activity_cursor: Option<chrono::DateTime<chrono::Utc>>,
    /// The state store between cycles (an SQLite file); default: one per
    /// account under `$XDG_STATE_HOME/zoom-adapter/` (or
    /// `~/.local/state/zoom-adapter/`).
    #[arg(long, value_name = "PATH", conflicts_with = "no_state")]
    pub state: Option<std::path::PathBuf>,
    /// No state store: the cycle reads everything and remembers nothing.
    #[arg(long)]
    pub no_state: bool,
    /// Remove the state store first and start it afresh (a store refused as
    /// damaged, newer or another account's).
    #[arg(long, conflicts_with = "no_state")]
    pub reset_state: bool,
    /// Write a tombstone line per id seen in the last complete cycle and
    /// gone now (`{"deleted": true, …}`; needs the state store).
    #[arg(long)]
    pub emit_deletions: bool,
    /// `records` (the adapter's records, the default) or `ocsf` (OCSF 1.8.0
    /// events: devices, users, sign-ins, operation logs; docs/ocsf.md).
    #[arg(long, value_enum, default_value = "records")]
    pub format: OutputFormat,
    /// Log format on stderr (`RUST_LOG` sets the level; default warn).
    #[arg(long, value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// How the summary ends stderr: `json` (one line, the last; the default
    /// when stderr is not a terminal) or `table` (the readable table `demo`
    /// prints; the default on a terminal).
    #[arg(long, value_enum)]
    pub summary: Option<SummaryFormat>,
}

/// What `fetch` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// The adapter's records (schemas/records/).
    Records,
    /// OCSF 1.8.0 events (docs/ocsf.md).
    Ocsf,
}

/// How `fetch` prints its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// One JSON object, stderr's last line.
    Json,
    /// A table per asset type and kind, for people.
    Table,
}

impl FetchCommand {
    /// What the `fetch` command is asked to do; the summary as a table on a
    /// terminal, as a JSON line otherwise, unless `--summary` says.
    pub(crate) fn into_fetch_args(self) -> crate::commands::fetch::FetchArgs {
        crate::commands::fetch::FetchArgs {
            connection: self.connection,
            settings: self.settings,
            output: self.output,
            include_raw: self.include_raw,
            activity_cursor: self.activity_cursor,
            state: crate::state::StateRequest {
                choice: match (self.no_state, self.state) {
                    (true, _) => crate::state::StateChoice::None,
                    (false, Some(path)) => crate::state::StateChoice::Path(path),
                    (false, None) => crate::state::StateChoice::Default,
                },
                reset: self.reset_state,
                emit_deletions: self.emit_deletions,
            },
            format: self.format,
            summary: self.summary.unwrap_or(
                if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    SummaryFormat::Table
                } else {
                    SummaryFormat::Json
                },
            ),
        }
    }
}
