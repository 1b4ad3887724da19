//! `sim-connection --ready F`: zoom-sim's ready line (its URLs and
//! credentials, one JSON object) as the connection that points the adapter
//! at it — the key names differ (`api_url` is the connection's `domain`).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::exit::Exit;

/// How long to wait for a ready file that zoom-sim is still writing.
const WAIT_FOR_READY: Duration = Duration::from_secs(30);

/// The most a ready line may hold.
const MAX_READY_BYTES: u64 = 64 * 1024;

/// The ready line's keys, and the connection keys they become.
const KEYS: [(&str, &str); 9] = [
    ("api_url", "domain"),
    ("oauth_url", "oauth_url"),
    ("account_id", "account_id"),
    ("client_id", "client_id"),
    ("client_secret", "client_secret"),
    ("portal_url", "portal_url"),
    ("username", "username"),
    ("password", "password"),
    ("totp_secret", "totp_secret"),
];

/// Prints the connection of the simulator whose ready line is in `ready`.
pub(crate) fn run(ready: &str) -> Result<Exit, crate::Error> {
    let line = match read_ready_line(ready) {
        Ok(line) => line,
        Err(message) => {
            writeln!(std::io::stderr().lock(), "zoom-adapter: {message}")?;
            return Ok(Exit::Invalid);
        }
    };
    match connection_of(&line) {
        Ok(connection) => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", crate::generated::pretty(&connection).trim_end())?;
            Ok(Exit::Ok)
        }
        Err(message) => {
            writeln!(std::io::stderr().lock(), "zoom-adapter: {message}")?;
            Ok(Exit::Invalid)
        }
    }
}

/// The first line of `path` (or stdin), waiting for a file zoom-sim is
/// still writing.
fn read_ready_line(path: &str) -> Result<String, String> {
    let started = Instant::now();
    loop {
        let mut text = String::new();
        let read = if path == "-" {
            std::io::stdin()
                .lock()
                .take(MAX_READY_BYTES)
                .read_to_string(&mut text)
        } else {
            std::fs::File::open(path)
                .and_then(|file| file.take(MAX_READY_BYTES).read_to_string(&mut text))
        };
        match read {
            Ok(_) if text.contains('\n') || (path == "-" && !text.is_empty()) => {
                return Ok(text.lines().next().unwrap_or_default().to_owned());
            }
            Ok(_) if path == "-" => return Err("stdin held no ready line of zoom-sim".into()),
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(format!("the ready file {path} cannot be read ({err})")),
        }
        if started.elapsed() > WAIT_FOR_READY {
            return Err(format!(
                "the ready file {path} held no line after {} s: start `zoom-sim serve > {path}` first",
                WAIT_FOR_READY.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The connection of a ready line.
fn connection_of(line: &str) -> Result<Value, String> {
    let ready: Map<String, Value> = serde_json::from_str(line)
        .map_err(|_| "the ready line is not zoom-sim's JSON object".to_owned())?;
    let mut connection = Map::new();
    for (from, to) in KEYS {
        match ready.get(from) {
            Some(Value::String(value)) => {
                connection.insert(to.to_owned(), json!(value));
            }
            _ => return Err(format!("the ready line has no {from}: is it zoom-sim's?")),
        }
    }
    Ok(Value::Object(connection))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_api_url_to_domain_and_keeps_the_rest() {
        let line = r#"{"api_url":"http://127.0.0.1:1","oauth_url":"http://127.0.0.1:1/oauth/token","portal_url":"http://127.0.0.1:1","account_id":"a","client_id":"c","client_secret":"s","username":"u@x.test","password":"p","totp_secret":"T"}"#;
        let connection = connection_of(line).unwrap();
        assert_eq!(connection["domain"], "http://127.0.0.1:1");
        assert_eq!(connection["client_secret"], "s");
        assert!(connection.get("api_url").is_none());
        assert!(connection_of(r#"{"api_url":"x"}"#).is_err());
        assert!(connection_of("not json").is_err());
    }
}
