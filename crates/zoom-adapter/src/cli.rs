//! The `zoom-adapter` command line (DESIGN §4): argument parsing and dispatch.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::exit::Exit;

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

    /// Print the JSON Schema (Draft 2020-12) of an input document or of an output record.
    #[command(after_help = "Example:\n  zoom-adapter schema settings > settings.schema.json")]
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaName,
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
}

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
    /// Log format on stderr (`RUST_LOG` sets the level; default warn).
    #[arg(long, value_enum, default_value = "text")]
    pub log_format: LogFormat,
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
        Command::Schema { which } => commands::describe::schema(which),
        Command::Validate {
            connection,
            settings,
            json,
        } => commands::validate::run(&connection, settings.as_deref(), json),
        Command::Fetch(args) => {
            init_logging(args.log_format);
            commands::fetch::run(&commands::fetch::FetchArgs {
                connection: args.connection,
                settings: args.settings,
                output: args.output,
                include_raw: args.include_raw,
                activity_cursor: args.activity_cursor,
            })
        }
    }
}

/// Logs on stderr, level from `RUST_LOG` (default `warn`).
fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
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
