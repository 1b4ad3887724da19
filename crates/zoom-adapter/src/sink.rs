//! [`RecordSink`]: where records go as they are produced (JSON lines on a
//! writer, or protocol notifications).

use std::io::Write;

use asset_schema::Record;

/// Receives every record of a cycle, one at a time, in production order.
pub trait RecordSink: Send {
    /// Writes one record; an error stops the cycle (the reader went away).
    fn write(&mut self, record: &Record) -> std::io::Result<()>;
    /// Writes one deletion (`--emit-deletions`), in the record stream.
    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()>;
    /// Flushes what is buffered.
    fn flush(&mut self) -> std::io::Result<()>;
    /// How far the cycle got, about once a second (default: ignored).
    fn progress(&mut self, _snapshot: &crate::cycle::progress::ProgressSnapshot) {}
}

/// Records as JSON lines on a writer (stdout or a file).
#[derive(Debug)]
pub struct JsonLines<W: Write + Send> {
    out: W,
}

impl<W: Write + Send> JsonLines<W> {
    /// Writes JSON lines to `out` (buffer it: one write per line otherwise).
    pub fn new(out: W) -> Self {
        JsonLines { out }
    }
}

impl<W: Write + Send> RecordSink for JsonLines<W> {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, record).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")
    }

    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, tombstone).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
