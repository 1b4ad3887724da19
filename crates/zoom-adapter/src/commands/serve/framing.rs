//! Request framing: stdin as raw bytes, one message per `\n`-terminated
//! line of at most [`MAX_LINE_BYTES`], and the JSON-RPC 2.0 envelope rules
//! (which ids are allowed, what a notification is).

use std::io::{BufRead, ErrorKind};

use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::reply::RpcError;
use crate::protocol::{MAX_LINE_BYTES, codes};

/// One line read from stdin.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Frame {
    /// The bytes of a line, without its `\n`.
    Line(Vec<u8>),
    /// A line longer than the cap; its bytes were skipped up to the next `\n`.
    TooLong,
}

/// Reads stdin on its own thread (reads block) and hands each line to the
/// loop; the channel closes at end of input or on a read error.
pub(super) fn spawn_reader() -> mpsc::Receiver<Frame> {
    let (tx, rx) = mpsc::channel::<Frame>(64);
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        loop {
            match read_frame(&mut stdin, MAX_LINE_BYTES) {
                Ok(Some(frame)) => {
                    if tx.blocking_send(frame).is_err() {
                        break;
                    }
                }
                Ok(None) => break,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read stdin; treating it as closed");
                    break;
                }
            }
        }
    });
    rx
}

/// Reads one line of at most `cap` bytes (the `\n` not counted). A longer
/// line is skipped up to and including its `\n` and reported as
/// [`Frame::TooLong`], so memory never holds more than `cap` bytes of it.
/// A last line without `\n` counts; `None` at the end of input.
pub(super) fn read_frame(reader: &mut impl BufRead, cap: usize) -> std::io::Result<Option<Frame>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if buf.is_empty() {
            return Ok(any.then(|| finish(line, too_long)));
        }
        any = true;
        let (chunk, used, end) = match buf.iter().position(|&b| b == b'\n') {
            Some(at) => (&buf[..at], at + 1, true),
            None => (buf, buf.len(), false),
        };
        if !too_long {
            if line.len() + chunk.len() > cap {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        reader.consume(used);
        if end {
            return Ok(Some(finish(line, too_long)));
        }
    }
}

fn finish(line: Vec<u8>, too_long: bool) -> Frame {
    if too_long {
        Frame::TooLong
    } else {
        Frame::Line(line)
    }
}

/// A request or notification that passed the envelope rules.
#[derive(Debug)]
pub(super) struct Call {
    /// The id to echo: a string, a number or null; `None` for a
    /// notification, which is never answered.
    pub(super) id: Option<Value>,
    pub(super) method: String,
    /// `{}` when left out.
    pub(super) params: Value,
}

/// Why a line is not a call, and the id the error is answered with.
#[derive(Debug)]
pub(super) struct Rejected {
    pub(super) id: Value,
    pub(super) error: RpcError,
}

impl Rejected {
    fn new(id: Value, code: i64, message: &str) -> Box<Rejected> {
        Box::new(Rejected {
            id,
            error: RpcError::new(code, message),
        })
    }
}

/// Decodes one frame: `Ok(None)` for a blank line. Messages never quote the
/// line (it may hold secrets).
pub(super) fn parse_frame(frame: Frame) -> Result<Option<Call>, Box<Rejected>> {
    let bytes = match frame {
        Frame::Line(bytes) => bytes,
        Frame::TooLong => {
            return Err(Rejected::new(
                Value::Null,
                codes::PARSE_ERROR,
                &format!(
                    "the line is longer than {} bytes and was skipped; send each request on one line of at most that size",
                    MAX_LINE_BYTES
                ),
            ));
        }
    };
    let text = std::str::from_utf8(&bytes).map_err(|err| {
        Rejected::new(
            Value::Null,
            codes::PARSE_ERROR,
            &format!(
                "the line is not UTF-8 (invalid byte at offset {}); send UTF-8 JSON",
                err.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(text).map_err(|err| {
        Rejected::new(Value::Null, codes::PARSE_ERROR, &format!("not JSON: {err}"))
    })?;
    let Value::Object(request) = value else {
        return Err(Rejected::new(
            Value::Null,
            codes::INVALID_REQUEST,
            "not a JSON-RPC 2.0 request: send one JSON object per line (batches are not supported)",
        ));
    };
    // A key given twice would be read as its last copy (a parser
    // differential): refused, naming the key, never its values.
    if let Some(pointer) = zoom_settings::duplicate_keys(text).first() {
        let id = match request.get("id") {
            Some(id @ (Value::Null | Value::Number(_) | Value::String(_))) => id.clone(),
            _ => Value::Null,
        };
        return Err(Rejected::new(
            id,
            codes::INVALID_REQUEST,
            &format!(
                "the key {} appears more than once in the request; send each key once",
                zoom_settings::shown(pointer)
            ),
        ));
    }
    call(request).map(Some)
}

/// The envelope rules of JSON-RPC 2.0 for one request object.
fn call(mut request: Map<String, Value>) -> Result<Call, Box<Rejected>> {
    let id = match request.remove("id") {
        None => None,
        Some(id @ (Value::Null | Value::Number(_) | Value::String(_))) => Some(id),
        Some(_) => {
            return Err(Rejected::new(
                Value::Null,
                codes::INVALID_REQUEST,
                "invalid request id: it must be a string, a number or null (or left out for a notification)",
            ));
        }
    };
    let method = match request.remove("method") {
        Some(Value::String(method)) if request.get("jsonrpc") == Some(&Value::from("2.0")) => {
            method
        }
        _ => {
            return Err(Rejected::new(
                id.unwrap_or(Value::Null),
                codes::INVALID_REQUEST,
                "not a JSON-RPC 2.0 request: it needs \"jsonrpc\": \"2.0\" and a \"method\" string",
            ));
        }
    };
    let params = request
        .remove("params")
        .unwrap_or_else(|| Value::Object(Map::new()));
    Ok(Call { id, method, params })
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use serde_json::json;

    use super::*;

    fn frames(input: &[u8], cap: usize) -> Vec<Frame> {
        // A tiny buffer so lines span several fill_buf calls.
        let mut reader = BufReader::with_capacity(3, input);
        std::iter::from_fn(|| read_frame(&mut reader, cap).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    fn line(text: &str) -> Frame {
        Frame::Line(text.as_bytes().to_vec())
    }

    #[test]
    fn lines_up_to_the_cap_pass_and_longer_ones_are_skipped_to_their_newline() {
        assert_eq!(
            frames(b"abcd\nabcde\nxy\n\nlast", 4),
            [
                line("abcd"),
                Frame::TooLong,
                line("xy"),
                line(""),
                line("last")
            ]
        );
        assert_eq!(frames(b"abcdefghij", 4), [Frame::TooLong]);
        assert!(frames(b"", 4).is_empty());
    }

    #[test]
    fn invalid_utf8_is_a_parse_error_with_a_null_id() {
        let rejected = parse_frame(Frame::Line(b"{\"id\":1,\xff}".to_vec()));
        let rejected = rejected.err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(rejected.id, Value::Null);
        assert_eq!(rejected.error.code, codes::PARSE_ERROR);
    }

    #[test]
    fn ids_follow_json_rpc() {
        let parse = |v: Value| parse_frame(Frame::Line(v.to_string().into_bytes()));
        for id in [json!(7), json!(-1), json!(1.5), json!("a"), Value::Null] {
            let call = parse(json!({"jsonrpc": "2.0", "id": id, "method": "m"}));
            let call = call.ok().flatten().unwrap_or_else(|| panic!("rejected"));
            assert_eq!(call.id, Some(id));
        }
        let note = parse(json!({"jsonrpc": "2.0", "method": "m"}));
        assert!(note.ok().flatten().is_some_and(|c| c.id.is_none()));
        for id in [json!({}), json!([1]), json!(true)] {
            let rejected = parse(json!({"jsonrpc": "2.0", "id": id, "method": "m"}));
            let rejected = rejected.err().unwrap_or_else(|| panic!("accepted"));
            assert_eq!((rejected.id, rejected.error.code), (Value::Null, -32600));
        }
        let rejected = parse(json!({"jsonrpc": "1.0", "id": 3, "method": "m"}));
        assert!(rejected.is_err_and(|r| r.id == json!(3)));
    }
}
