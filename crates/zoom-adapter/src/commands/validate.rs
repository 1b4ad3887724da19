//! `validate`: read both documents, validate them, report every problem.

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value};
use zoom_settings::{AdapterConfig, Document, Problem, SecretEnv, parse_document};

use crate::exit::Exit;
use crate::input::read_document;

/// The `--json` report (docs/contracts.md).
#[derive(Debug, Serialize)]
struct Report<'a> {
    valid: bool,
    errors: &'a [Problem],
}

/// `zoom-adapter validate --connection F [--settings F] [--json]`.
pub(crate) fn run(
    connection: &str,
    settings: Option<&str>,
    json: bool,
) -> Result<Exit, crate::Error> {
    let problems = check(connection, settings, &SecretEnv::from_process())?;
    let mut out = std::io::stdout().lock();
    if json {
        let report = Report {
            valid: problems.is_empty(),
            errors: &problems,
        };
        serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        write_human(&mut out, &problems)?;
    }
    Ok(if problems.is_empty() {
        Exit::Ok
    } else {
        Exit::Invalid
    })
}

/// Every problem of the two documents; empty when they are valid.
fn check(
    connection: &str,
    settings: Option<&str>,
    env: &SecretEnv,
) -> Result<Vec<Problem>, crate::Error> {
    Ok(load_config(connection, settings, env)?
        .err()
        .unwrap_or_default())
}

/// Reads and validates both documents: the configuration, or every problem.
pub(crate) fn load_config(
    connection: &str,
    settings: Option<&str>,
    env: &SecretEnv,
) -> Result<Result<AdapterConfig, Vec<Problem>>, crate::Error> {
    if connection == "-" && settings == Some("-") {
        return Ok(Err(vec![Problem::new(
            Document::Settings,
            "",
            "cannot be read from stdin as well as the connection",
            "give at most one of --connection and --settings as -",
        )]));
    }
    let connection = load(Document::Connection, connection);
    let settings = settings
        .map(|path| load(Document::Settings, path))
        .transpose();
    match (connection, settings) {
        (Ok(connection), Ok(settings)) => {
            match zoom_settings::validate(connection, settings, env) {
                Ok(config) => Ok(Ok(config)),
                Err(zoom_settings::Error::Invalid(problems)) => Ok(Err(problems)),
                Err(other) => Err(other.into()),
            }
        }
        (connection, settings) => Ok(Err(connection
            .err()
            .into_iter()
            .chain(settings.err())
            .collect())),
    }
}

fn load(document: Document, path: &str) -> Result<Map<String, Value>, Problem> {
    let bytes = read_document(document, path)?;
    parse_document(document, &bytes).map_err(|problem| {
        if !problem.pointer.is_empty() {
            // About one key (given twice), not about the file as a whole.
            return problem;
        }
        let shown = if path == "-" {
            "stdin".to_owned()
        } else {
            format!("file {path}")
        };
        Problem {
            message: format!("{shown} {}", problem.message),
            ..problem
        }
    })
}

pub(crate) fn write_human(out: &mut impl Write, problems: &[Problem]) -> std::io::Result<()> {
    if problems.is_empty() {
        return writeln!(out, "valid: the connection and settings pass every check");
    }
    for document in [Document::Connection, Document::Settings] {
        let own: Vec<&Problem> = problems.iter().filter(|p| p.document == document).collect();
        if own.is_empty() {
            continue;
        }
        let plural = if own.len() == 1 { "" } else { "s" };
        writeln!(out, "{document}: {} problem{plural}", own.len())?;
        for problem in own {
            let pointer = if problem.pointer.is_empty() {
                "(document)"
            } else {
                problem.pointer.as_str()
            };
            writeln!(out, "  {pointer}  {}", problem.message)?;
        }
    }
    writeln!(
        out,
        "invalid: fix the problems above and run validate again"
    )
}
