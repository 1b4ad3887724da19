//! The one writer of stdout: every message is one line, written whole, so
//! the fetch's writer thread and the loop never interleave.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use serde_json::{Value, json};

use super::reply::Reply;

#[derive(Clone)]
pub(super) struct Out(Arc<Mutex<std::io::Stdout>>);

impl Out {
    pub(super) fn stdout() -> Out {
        Out(Arc::new(Mutex::new(std::io::stdout())))
    }

    pub(super) fn send(&self, message: &Value) {
        let mut line = message.to_string();
        line.push('\n');
        let stdout = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut lock = stdout.lock();
        // A host that closed stdout is gone; nothing more to tell it.
        let _ = lock.write_all(line.as_bytes()).and_then(|()| lock.flush());
    }

    /// The response to the request `id`.
    pub(super) fn reply(&self, id: &Value, reply: Reply) {
        let message = match reply {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err(error) => json!({"jsonrpc": "2.0", "id": id, "error": error.to_json()}),
        };
        self.send(&message);
    }

    pub(super) fn notify(&self, method: &str, params: impl Serialize) {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }
}
