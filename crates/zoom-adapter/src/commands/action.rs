//! `action NAME --connection F --params F [--dry-run] [--missing-ok]`.

use std::io::{Read, Write};

use serde_json::{Value, json};

use crate::actions::{ActionError, ActionName, ActionOutcome, AuditToStderr};
use crate::exit::Exit;

/// Largest params file accepted (10 MiB: thousands of targets fit easily).
const MAX_PARAMS_BYTES: u64 = 10 * 1024 * 1024;

/// Runs the action and prints its result (or dry-run plan) on stdout.
pub(crate) fn run(
    name: ActionName,
    connection: &str,
    params: &str,
    dry_run: bool,
    missing_ok: bool,
) -> Result<Exit, crate::Error> {
    let params = match read_params(params) {
        Ok(params) => params,
        Err(message) => return invalid(name, &[json!({"pointer": "", "message": message})]),
    };
    let (_, client) = match super::connect(connection, None, false)? {
        Ok(connected) => connected,
        Err(exit) => return Ok(exit),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut audit = AuditToStderr;
    let outcome = runtime.block_on(crate::actions::run(
        &client, name, &params, dry_run, &mut audit,
    ));
    let mut out = std::io::stdout().lock();
    match outcome {
        Ok(ActionOutcome::DryRun(plan)) => {
            serde_json::to_writer(&mut out, &plan).map_err(std::io::Error::from)?;
            writeln!(out)?;
            Ok(plan.exit(missing_ok))
        }
        Ok(ActionOutcome::Done(report)) => {
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
            Ok(report.exit(missing_ok))
        }
        Err(ActionError::InvalidParams(problems)) => {
            let errors: Vec<Value> = problems
                .iter()
                .map(|p| json!({"pointer": p.pointer, "message": p.message}))
                .collect();
            drop(out);
            invalid(name, &errors)
        }
        Err(ActionError::Auth(err)) => {
            writeln!(
                std::io::stderr().lock(),
                "zoom-adapter: {}; {}",
                err.describe(),
                err.what_to_do()
            )?;
            Ok(Exit::AuthFailed)
        }
    }
}

/// Invalid params: the problems on stdout as JSON and on stderr for people; exit 2.
fn invalid(name: ActionName, errors: &[Value]) -> Result<Exit, crate::Error> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(
        &mut out,
        &json!({"action": name.as_str(), "valid": false, "errors": errors}),
    )
    .map_err(std::io::Error::from)?;
    writeln!(out)?;
    let mut err = std::io::stderr().lock();
    for error in errors {
        let pointer = error["pointer"]
            .as_str()
            .filter(|p| !p.is_empty())
            .unwrap_or("(params)");
        writeln!(
            err,
            "params {pointer}: {}",
            error["message"].as_str().unwrap_or_default()
        )?;
    }
    Ok(Exit::Invalid)
}

fn read_params(path: &str) -> Result<Value, String> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_PARAMS_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_PARAMS_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|err| format!("the params file {path} cannot be read ({err})"))?;
    if bytes.len() as u64 > MAX_PARAMS_BYTES {
        return Err("the params file is larger than 10 MiB".into());
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|err| format!("the params are not valid JSON ({err})"))?;
    // A key given twice would be read as its last copy: refused by name.
    let text = String::from_utf8_lossy(&bytes);
    if let Some(pointer) = zoom_settings::duplicate_keys(&text).first() {
        return Err(format!(
            "the params give the key {} more than once; give each key once",
            zoom_settings::shown(pointer)
        ));
    }
    Ok(value)
}
