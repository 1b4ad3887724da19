//! The arguments of the engine modes, `singer` and `airbyte`, as the
//! engines pass them (docs/singer.md, docs/airbyte.md).

/// `zoom-adapter singer`: a Singer tap.
#[derive(Debug, Clone, clap::Args)]
pub struct SingerArgs {
    /// The config: the connection's keys plus a `settings` object (JSON file; `-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub config: String,
    /// Print the catalog instead of reading.
    #[arg(long)]
    pub discover: bool,
    /// The catalog of the streams to read (every stream when left out).
    #[arg(long, value_name = "FILE", visible_alias = "properties")]
    pub catalog: Option<String>,
    /// The state of the previous run (its last STATE message's value).
    #[arg(long, value_name = "FILE")]
    pub state: Option<String>,
}

/// `zoom-adapter airbyte`: an Airbyte source.
#[derive(Debug, Clone, clap::Args)]
pub struct AirbyteArgs {
    /// The Airbyte command.
    #[arg(value_enum)]
    pub command: AirbyteCommand,
    /// The config: the connection's keys plus a `settings` object (JSON file; `-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// The configured catalog (read).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<String>,
    /// The state of the previous read (read).
    #[arg(long, value_name = "FILE")]
    pub state: Option<String>,
}

/// The Airbyte commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AirbyteCommand {
    /// The connector's specification (the config schema).
    Spec,
    /// Whether the config can reach Zoom.
    Check,
    /// The streams the config's settings enable.
    Discover,
    /// The records of the configured catalog's streams.
    Read,
}
