//! [`SortedRunFile`]: sorted runs kept in an anonymous temporary file, so a
//! cycle holds a bounded number of meeting devices in memory however many
//! distinct devices the account's meetings show.
//!
//! Each run is written once, as JSON lines, and read back once by a
//! [`RunReader`] of its own; all runs share one file. The file is created
//! already unlinked (`tempfile::tempfile`, in `$TMPDIR`, mode 0600), so
//! nothing is left behind even when the process is killed. It holds device
//! data (hostnames, MAC and IP addresses, owner emails), never a secret.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Read buffer per run during the merge (the merge holds one per run).
const READ_BUFFER: usize = 8 * 1024;

/// Sorted runs of `T`, written one after another into one temporary file.
pub(crate) struct SortedRunFile<T> {
    file: File,
    runs: Vec<Range<u64>>,
    entries: u64,
    _entries: PhantomData<fn(T) -> T>,
}

impl<T: Serialize + DeserializeOwned> SortedRunFile<T> {
    /// A new, empty, already unlinked file in the temporary directory.
    pub(crate) fn create() -> io::Result<Self> {
        Ok(SortedRunFile {
            file: tempfile::tempfile()?,
            runs: Vec::new(),
            entries: 0,
            _entries: PhantomData,
        })
    }

    /// Appends one run of entries that read back as `T` (the caller sorts
    /// them). After an error the file holds the runs written before; the
    /// failed one is not recorded.
    pub(crate) fn write_run<E: Serialize>(&mut self, run: &[E]) -> io::Result<()> {
        let start = self.file.seek(SeekFrom::End(0))?;
        let mut out = BufWriter::new(&self.file);
        for entry in run {
            serde_json::to_writer(&mut out, entry)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        drop(out);
        let end = self.file.stream_position()?;
        self.runs.push(start..end);
        self.entries += run.len() as u64;
        Ok(())
    }

    /// Runs written so far.
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Entries written so far, over every run.
    pub(crate) fn entries(&self) -> u64 {
        self.entries
    }

    /// One reader per run, in the order the runs were written.
    pub(crate) fn into_readers(self) -> Vec<RunReader<T>> {
        let file = Arc::new(self.file);
        self.runs
            .into_iter()
            .map(|range| RunReader {
                entries: serde_json::Deserializer::from_reader(BufReader::with_capacity(
                    READ_BUFFER,
                    RunBytes {
                        file: file.clone(),
                        at: range.start,
                        end: range.end,
                    },
                ))
                .into_iter(),
            })
            .collect()
    }
}

/// The entries of one run, in the order they were written.
pub(crate) struct RunReader<T> {
    entries:
        serde_json::StreamDeserializer<'static, serde_json::de::IoRead<BufReader<RunBytes>>, T>,
}

impl<T: DeserializeOwned> Iterator for RunReader<T> {
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries
            .next()
            .map(|entry| entry.map_err(io::Error::from))
    }
}

/// The bytes of one run: positioned reads, so every run reads the shared
/// file at its own offset.
struct RunBytes {
    file: Arc<File>,
    at: u64,
    end: u64,
}

impl Read for RunBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end - self.at).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        let read = self.file.read_at(&mut buf[..want], self.at)?;
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the temporary file of meeting devices is shorter than what was written to it",
            ));
        }
        self.at += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_back_separately_and_in_order() -> io::Result<()> {
        let mut file = SortedRunFile::<(String, u32)>::create()?;
        let first: Vec<_> = (0..1_000).map(|i| (format!("a{i:04}"), i)).collect();
        file.write_run(&first)?;
        file.write_run::<(String, u32)>(&[])?;
        file.write_run(&[("b".to_owned(), 7)])?;
        assert_eq!((file.runs(), file.entries()), (3, 1_001));
        let mut readers = file.into_readers();
        let third: Vec<_> = readers.remove(2).collect::<io::Result<_>>()?;
        let second: Vec<_> = readers.remove(1).collect::<io::Result<_>>()?;
        let first: Vec<_> = readers.remove(0).collect::<io::Result<_>>()?;
        assert_eq!(third, vec![("b".to_owned(), 7)]);
        assert!(second.is_empty());
        assert_eq!(first.len(), 1_000);
        assert_eq!(first[999], ("a0999".to_owned(), 999));
        Ok(())
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_silent_end() -> io::Result<()> {
        let mut file = SortedRunFile::<(String, u32)>::create()?;
        file.write_run(&[("a".to_owned(), 1), ("b".to_owned(), 2)])?;
        file.file.set_len(5)?;
        let mut readers = file.into_readers();
        let read: Vec<io::Result<_>> = readers.remove(0).collect();
        assert!(read.iter().any(Result::is_err), "{read:?}");
        Ok(())
    }
}
