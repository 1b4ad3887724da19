//! The `zoom-adapter` command line (docs/contracts.md): argument parsing and dispatch.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;

mod engine_args;
mod fetch_command;

use crate::exit::Exit;
pub use engine_args::{AirbyteArgs, AirbyteCommand, SingerArgs};
pub use fetch_command::{FetchCommand, OutputFormat, SummaryFormat};

/// The Zoom adapter: pulls devices, users, licenses, settings and activities
/// out of a Zoom account, normalized for an asset-management platform.
#[derive(Debug, Parser)]
#[command(name = "zoom-adapter", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  zoom-adapter validate --connection connection.json --settings settings.json\n  zoom-adapter manifest > adapter-manifest.json\n  zoom-adapter schema connection"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the adapter manifest: identity, parameters, settings, asset types, scopes.
    #[command(after_help = "Example:\n  zoom-adapter manifest | jq '.scopes[].scope'")]
    Manifest,

    /// Print the JSON Schema (Draft 2020-12) of an input document, an output record, or an action's params.
    #[command(
        after_help = "Examples:\n  zoom-adapter schema settings > settings.schema.json\n  zoom-adapter schema action delete-user"
    )]
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaName,
        /// With `action`: the action (create-user, delete-user, update-user-group, send-message).
        #[arg(value_enum, required_if_eq("which", "action"))]
        action: Option<crate::actions::ActionName>,
    },

    /// Check a connection and its advanced settings without contacting Zoom.
    ///
    /// Reports every problem at once, each with its JSON pointer, what is wrong
    /// and how to fix it. Secrets missing from the connection file are read from
    /// ZOOM_CLIENT_SECRET, ZOOM_PASSWORD and ZOOM_TOTP_SECRET. Exit code 0 when
    /// valid, 2 when not.
    #[command(
        after_help = "Examples:\n  zoom-adapter validate --connection connection.json\n  ZOOM_CLIENT_SECRET=… zoom-adapter validate --connection connection.json --settings settings.json --json\n  cat connection.json | zoom-adapter validate --connection -"
    )]
    Validate {
        /// Connection parameters (JSON file; `-` for stdin).
        #[arg(long, value_name = "FILE")]
        connection: String,
        /// Advanced settings (JSON file; `-` for stdin); every default when left out.
        #[arg(long, value_name = "FILE")]
        settings: Option<String>,
        /// Print `{"valid":…,"errors":[{"pointer":…,"message":…}]}` instead of text.
        #[arg(long)]
        json: bool,
    },

    /// Run one fetch cycle: records as JSON lines on stdout (or --output),
    /// the summary as one JSON object on the last line of stderr.
    ///
    /// Exit code 0 when every planned source is complete, 2 for invalid
    /// input, 3 when Zoom refuses the credentials, 4 when some sources failed
    /// (the summary says which, why, and the scope or plan they need).
    #[command(
        after_help = "Examples:\n  zoom-adapter fetch --connection connection.json --settings settings.json > records.jsonl\n  zoom-adapter fetch --connection connection.json --output records.jsonl --include-raw\n  zoom-adapter fetch --connection c.json --settings s.json --activity-cursor 2026-11-22T10:00:00Z"
    )]
    Fetch(FetchCommand),

    /// Run an enforcement action on Zoom users: create-user, delete-user,
    /// update-user-group, send-message (docs/actions.md). Params are one JSON
    /// object or an array of them (one result per element). Exit 0 when every
    /// target succeeded, 2 invalid params, 3 authentication failed, 5 when Zoom
    /// refused a target.
    #[command(
        after_help = "Examples:\n  zoom-adapter action delete-user --connection c.json --params '-' <<< '{\"user\":\"leaver@acme.com\",\"transfer_to\":\"manager@acme.com\"}'\n  zoom-adapter action update-user-group --connection c.json --params move.json --dry-run"
    )]
    Action {
        /// The action.
        #[arg(value_enum)]
        name: crate::actions::ActionName,
        /// Connection parameters (JSON file; `-` for stdin).
        #[arg(long, value_name = "FILE")]
        connection: String,
        /// The action's params (JSON file; `-` for stdin): one object or an array.
        #[arg(long, value_name = "FILE")]
        params: String,
        /// Print the exact requests instead of sending them (read-only look-ups still run).
        #[arg(long)]
        dry_run: bool,
        /// A target that does not exist counts as done (exit 0).
        #[arg(long)]
        missing_ok: bool,
    },

    /// Speak the host protocol on stdio: newline-delimited JSON-RPC 2.0
    /// (initialize, manifest, validate, check, fetch, cancel, shutdown;
    /// docs/protocol.md). Logs go to stderr.
    #[command(
        after_help = "Example:\n  printf '%s\\n' '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}' | zoom-adapter serve"
    )]
    Serve,

    /// Run as a Singer tap (docs/singer.md): `--discover` prints the catalog;
    /// otherwise SCHEMA, RECORD and STATE messages on stdout.
    #[command(
        after_help = "Examples:\n  zoom-adapter singer --config config.json --discover > catalog.json\n  zoom-adapter singer --config config.json --catalog catalog.json --state state.json"
    )]
    Singer(SingerArgs),

    /// Speak the Airbyte protocol (docs/airbyte.md): spec, check, discover,
    /// read; one stream per kind; messages as JSON lines on stdout.
    #[command(
        after_help = "Examples:\n  zoom-adapter airbyte spec\n  zoom-adapter airbyte check --config config.json\n  zoom-adapter airbyte read --config config.json --catalog catalog.json --state state.json"
    )]
    Airbyte(AirbyteArgs),

    /// Authenticate to Zoom and probe every endpoint the adapter reads with
    /// one cheap call: which kinds are reachable and, for each that is not,
    /// the missing scope or plan. Exit 0 all reachable, 3 authentication
    /// failed, 4 some unreachable.
    #[command(
        after_help = "Examples:\n  zoom-adapter check --connection connection.json\n  zoom-adapter check --connection connection.json --json | jq '.kinds[] | select(.reachable | not)'"
    )]
    Check {
        /// Connection parameters (JSON file; `-` for stdin).
        #[arg(long, value_name = "FILE")]
        connection: String,
        /// Advanced settings (JSON file), for the plan and timeouts; defaults when left out.
        #[arg(long, value_name = "FILE")]
        settings: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },

    /// Run a full fetch cycle against the built-in Zoom simulator on
    /// 127.0.0.1, every source on, and print a table of records per asset
    /// type and kind: what the adapter does, with no Zoom account.
    #[command(
        after_help = "Examples:\n  zoom-adapter demo\n  zoom-adapter demo --size medium --output records.jsonl"
    )]
    #[cfg(feature = "demo")]
    Demo {
        /// Size of the simulated account: small (~200 users), medium (10,000), large (100,000).
        #[arg(long, value_enum, default_value = "small")]
        size: DemoSize,
        /// Also write the records as JSON lines to this file (`-` for stdout; the table then goes to stderr).
        #[arg(long, value_name = "FILE")]
        output: Option<String>,
    },

    /// Turn zoom-sim's ready line into a connection file for the adapter.
    ///
    /// `zoom-sim serve` prints one JSON line when it is ready (its URLs and
    /// credentials); this writes the connection that points at it. Waits up
    /// to 30 seconds for the line when the file is still being written.
    #[command(
        name = "sim-connection",
        after_help = "Example:\n  zoom-sim serve --seed 7 > sim-ready.json &\n  zoom-adapter sim-connection --ready sim-ready.json > connection.json"
    )]
    SimConnection {
        /// The file holding zoom-sim's ready line (`-` for stdin).
        #[arg(long, value_name = "FILE", default_value = "-")]
        ready: String,
    },
}

/// Simulated account sizes for `demo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DemoSize {
    /// About 200 users, 10 rooms, 50 meetings a week.
    Small,
    /// 10,000 users, 300 rooms, 2,000 meetings a week.
    Medium,
    /// 100,000 users, 3,000 rooms, 20,000 meetings a week.
    Large,
}

/// How logs are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The schemas `schema` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// Connection parameters.
    Connection,
    /// Advanced settings.
    Settings,
    /// One output record (any asset type).
    Record,
    /// An action's params (give the action's name).
    Action,
}

/// Parses the process arguments, runs the command and returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2.
            let _ = err.print();
            return if err.use_stderr() {
                Exit::Invalid.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
    match run(cli.command) {
        Ok(exit) => exit.into(),
        Err(err) => {
            let _ = commands::report_error(&err);
            Exit::Invalid.into()
        }
    }
}

fn run(command: Command) -> Result<Exit, crate::Error> {
    match command {
        Command::Manifest => commands::describe::manifest(),
        Command::Schema { which, action } => commands::describe::schema(which, action),
        Command::Validate {
            connection,
            settings,
            json,
        } => commands::validate::run(&connection, settings.as_deref(), json),
        Command::Action {
            name,
            connection,
            params,
            dry_run,
            missing_ok,
        } => {
            // Zoom's refusals are results, not log lines: log errors only.
            init_logging_at(LogFormat::Text, "error");
            commands::action::run(name, &connection, &params, dry_run, missing_ok)
        }
        Command::Serve => {
            init_logging(LogFormat::Json);
            commands::serve::run()
        }
        Command::Singer(args) => {
            init_logging(LogFormat::Json);
            commands::singer::run(&args)
        }
        Command::Airbyte(args) => {
            init_logging(LogFormat::Json);
            commands::airbyte::run(&args)
        }
        Command::Check {
            connection,
            settings,
            json,
        } => {
            // The report already explains every failure; logs only for errors.
            init_logging_at(LogFormat::Text, "error");
            commands::check::run(&connection, settings.as_deref(), json)
        }
        #[cfg(feature = "demo")]
        Command::Demo { size, output } => {
            init_logging(LogFormat::Text);
            let size = match size {
                DemoSize::Small => zoom_sim::Size::Small,
                DemoSize::Medium => zoom_sim::Size::Medium,
                DemoSize::Large => zoom_sim::Size::Large,
            };
            commands::demo::run(size, output.as_deref())
        }
        Command::SimConnection { ready } => commands::sim_connection::run(&ready),
        Command::Fetch(args) => {
            init_logging(args.log_format);
            commands::fetch::run(&args.into_fetch_args())
        }
    }
}

/// Logs on stderr, level from `RUST_LOG` (default `warn`).
fn init_logging(format: LogFormat) {
    init_logging_at(format, "warn");
}

/// Logs on stderr, level from `RUST_LOG` (default `level`), leaky targets capped.
fn init_logging_at(format: LogFormat, level: &str) {
    let style = match format {
        LogFormat::Text => crate::logging::LogStyle::Text,
        LogFormat::Json => crate::logging::LogStyle::Json,
    };
    crate::logging::init(style, level);
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
