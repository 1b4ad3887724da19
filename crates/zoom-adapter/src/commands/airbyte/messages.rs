//! The messages on stdout: [`Messages`] for a command's own (TRACE errors
//! and stream statuses, LOG, the others), [`AirbyteRecords`] for the
//! cycle's RECORDs.

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};

use asset_schema::Kind;
use chrono::Utc;
use serde_json::{Value, json};

use crate::sink::RecordSink;
use crate::streams;

/// Records as RECORD messages, each stream's first one after its RUNNING.
pub(super) struct AirbyteRecords {
    out: BufWriter<std::io::Stdout>,
    running: BTreeSet<Kind>,
}

impl AirbyteRecords {
    pub(super) fn new(out: BufWriter<std::io::Stdout>) -> Self {
        AirbyteRecords {
            out,
            running: BTreeSet::new(),
        }
    }
}

impl RecordSink for AirbyteRecords {
    fn write(&mut self, record: &asset_schema::Record) -> std::io::Result<()> {
        let now = Utc::now().timestamp_millis();
        let stream = streams::stream_name(record.kind);
        if self.running.insert(record.kind) {
            line(
                &mut self.out,
                &stream_status_message(&stream, "RUNNING", now),
            )?;
        }
        let data = serde_json::to_value(record).map_err(std::io::Error::from)?;
        line(
            &mut self.out,
            &json!({"type": "RECORD", "record": {"stream": stream, "data": data, "emitted_at": now}}),
        )
    }

    fn write_tombstone(&mut self, _tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        // Airbyte reads no deletions from a source (`--emit-deletions` is never set here).
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One message as a JSON line.
pub(crate) fn line(out: &mut impl Write, message: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, message).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

fn stream_status_message(stream: &str, status: &str, at: i64) -> Value {
    json!({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": at,
        "stream_status": {"stream_descriptor": {"name": stream}, "status": status}}})
}

/// The messages of one command on stdout.
pub(super) struct Messages {
    out: BufWriter<std::io::Stdout>,
}

impl Messages {
    pub(super) fn new() -> Self {
        Messages {
            out: BufWriter::new(std::io::stdout()),
        }
    }

    pub(super) fn send(&mut self, message: &Value) -> std::io::Result<()> {
        line(&mut self.out, message)
    }

    pub(super) fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    pub(super) fn error(
        &mut self,
        failure: &str,
        message: &str,
        stream: Option<&str>,
    ) -> std::io::Result<()> {
        let mut error = json!({"message": message, "failure_type": failure});
        if let Some(stream) = stream {
            error["stream_descriptor"] = json!({"name": stream});
        }
        self.send(&json!({"type": "TRACE", "trace": {"type": "ERROR",
            "emitted_at": Utc::now().timestamp_millis(), "error": error}}))
    }

    pub(super) fn stream_status(&mut self, kind: Kind, status: &str) -> std::io::Result<()> {
        let message = stream_status_message(
            &streams::stream_name(kind),
            status,
            Utc::now().timestamp_millis(),
        );
        self.send(&message)
    }

    pub(super) fn log(&mut self, level: &str, message: &str) -> std::io::Result<()> {
        self.send(&json!({"type": "LOG", "log": {"level": level, "message": message}}))
    }
}
