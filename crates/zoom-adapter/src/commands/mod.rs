//! One module per CLI command; each writes its output and returns an [`crate::Exit`].

pub(crate) mod action;
pub(crate) mod airbyte;
pub(crate) mod check;
#[cfg(feature = "demo")]
pub(crate) mod demo;
pub(crate) mod describe;
pub(crate) mod fetch;
pub(crate) mod serve;
pub(crate) mod sim_connection;
pub(crate) mod singer;
pub(crate) mod summary_table;
pub(crate) mod validate;

use std::io::Write;

/// Writes a fatal error on stderr (never a secret: errors carry none).
pub(crate) fn report_error(err: &crate::Error) -> std::io::Result<()> {
    writeln!(std::io::stderr().lock(), "zoom-adapter: error: {err}")
}

/// Reads and validates the documents and builds the Zoom client, or reports
/// why not on stderr and gives the exit code (2).
pub(crate) fn connect(
    connection: &str,
    settings: Option<&str>,
    keep_raw: bool,
) -> Result<Result<(zoom_settings::AdapterConfig, zoom_api::Client), crate::Exit>, crate::Error> {
    let env = zoom_settings::SecretEnv::from_process();
    let config = match validate::load_config(connection, settings, &env)? {
        Ok(config) => config,
        Err(problems) => {
            validate::write_human(&mut std::io::stderr().lock(), &problems)?;
            return Ok(Err(crate::Exit::Invalid));
        }
    };
    match crate::connect::client(&config, keep_raw) {
        Ok(client) => Ok(Ok((config, client))),
        Err(err) => {
            writeln!(
                std::io::stderr().lock(),
                "zoom-adapter: {}; {}",
                err.describe(),
                err.what_to_do()
            )?;
            Ok(Err(crate::Exit::Invalid))
        }
    }
}

/// The record sink for `--output`: stdout for none or `-`, else a new file;
/// a file that cannot be created is reported on stderr (exit 2).
pub(crate) fn open_output(
    output: Option<&str>,
    format: crate::cli::OutputFormat,
) -> Result<Result<Box<dyn crate::sink::RecordSink>, crate::Exit>, crate::Error> {
    use std::io::BufWriter;

    use crate::sink::JsonLines;
    fn lines<W: Write + Send + 'static>(
        out: W,
        format: crate::cli::OutputFormat,
    ) -> Box<dyn crate::sink::RecordSink> {
        match format {
            crate::cli::OutputFormat::Records => Box::new(JsonLines::new(out)),
            crate::cli::OutputFormat::Ocsf => Box::new(crate::ocsf::OcsfLines::new(out)),
        }
    }
    match output {
        None | Some("-") => Ok(Ok(lines(BufWriter::new(std::io::stdout()), format))),
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Ok(Ok(lines(BufWriter::new(file), format))),
            Err(err) => {
                writeln!(
                    std::io::stderr().lock(),
                    "zoom-adapter: cannot create --output {path}: {err}"
                )?;
                Ok(Err(crate::Exit::Invalid))
            }
        },
    }
}
