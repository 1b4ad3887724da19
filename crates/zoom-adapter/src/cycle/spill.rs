//! [`SortedRuns`]: sorted runs kept in anonymous temporary files, so a cycle
//! holds a bounded number of meeting devices in memory however many distinct
//! devices the account's meetings show.
//!
//! Each run is written once, as JSON lines, to a file of its own. Runs form a
//! stack in reading order; whenever the newest [`FAN_IN`] runs share a level,
//! they are merged into one run of the next level (as in a size-tiered LSM
//! tree), so a device seen in many runs is written a few times, not once per
//! run, the disk holds about one copy per level, and the final merge reads a
//! few dozen runs at most. Files are created already unlinked
//! (`tempfile::tempfile`, in `$TMPDIR`, mode 0600), so nothing is left behind
//! even when the process is killed. They hold device data (hostnames, MAC and
//! IP addresses, owner emails), never a secret.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::marker::PhantomData;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Runs of one level merged into one run of the next.
pub(crate) const FAN_IN: usize = 16;

/// Read buffer per run while merging (a merge holds one per run it reads).
const READ_BUFFER: usize = 8 * 1024;

/// Sorted runs of `T`, oldest first.
pub(crate) struct SortedRuns<T> {
    runs: Vec<Run>,
    /// Entries and bytes written over the cycle, merges included.
    entries_written: u64,
    bytes_written: u64,
    _entries: PhantomData<fn(T) -> T>,
}

/// One run: its own unlinked file.
struct Run {
    file: Arc<File>,
    len: u64,
    entries: u64,
    /// 0 for a run written from memory; n + 1 for a merge of level-n runs.
    level: u32,
}

impl<T: Serialize + DeserializeOwned> SortedRuns<T> {
    /// No runs yet (no file is created until the first run).
    pub(crate) fn new() -> Self {
        SortedRuns {
            runs: Vec::new(),
            entries_written: 0,
            bytes_written: 0,
            _entries: PhantomData,
        }
    }

    /// Writes one run of entries that read back as `T` (the caller sorts
    /// them). After an error nothing is recorded: the runs are as before.
    pub(crate) fn write_run<E: Serialize>(&mut self, run: &[E]) -> io::Result<()> {
        let run = self.write(0, run.iter().map(Ok))?;
        self.runs.push(run);
        Ok(())
    }

    /// Merges the newest [`FAN_IN`] runs into one while they share a level.
    /// `merge` folds runs (oldest first) into one sorted sequence. After an
    /// error the runs are as before the failed merge.
    pub(crate) fn compact<M, I>(&mut self, merge: M) -> io::Result<()>
    where
        M: Fn(Vec<RunReader<T>>) -> I,
        I: Iterator<Item = io::Result<T>>,
    {
        loop {
            let Some(newest) = self.runs.last() else {
                return Ok(());
            };
            let level = newest.level;
            let start = match self.runs.len().checked_sub(FAN_IN) {
                Some(start) if self.runs[start..].iter().all(|run| run.level == level) => start,
                _ => return Ok(()),
            };
            let readers = self.runs[start..].iter().map(Run::reader).collect();
            let merged = self.write(level + 1, merge(readers))?;
            // The merged runs' files close here, and their space is freed.
            self.runs.truncate(start);
            self.runs.push(merged);
        }
    }

    /// Runs held now.
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Entries held now, over every run (a device in two runs counts twice).
    pub(crate) fn entries(&self) -> u64 {
        self.runs.iter().map(|run| run.entries).sum()
    }

    /// Bytes on disk now.
    pub(crate) fn bytes(&self) -> u64 {
        self.runs.iter().map(|run| run.len).sum()
    }

    /// Entries and bytes written over the cycle, merges included.
    pub(crate) fn written(&self) -> (u64, u64) {
        (self.entries_written, self.bytes_written)
    }

    /// One reader per run, oldest first.
    pub(crate) fn into_readers(self) -> Vec<RunReader<T>> {
        self.runs.iter().map(Run::reader).collect()
    }

    fn write<E: Serialize>(
        &mut self,
        level: u32,
        entries: impl Iterator<Item = io::Result<E>>,
    ) -> io::Result<Run> {
        let file = tempfile::tempfile()?;
        let mut out = BufWriter::new(&file);
        let mut count = 0u64;
        for entry in entries {
            serde_json::to_writer(&mut out, &entry?)?;
            out.write_all(b"\n")?;
            count += 1;
        }
        out.flush()?;
        drop(out);
        let len = file.metadata()?.len();
        self.entries_written += count;
        self.bytes_written += len;
        Ok(Run {
            file: Arc::new(file),
            len,
            entries: count,
            level,
        })
    }
}

impl Run {
    fn reader<T: DeserializeOwned>(&self) -> RunReader<T> {
        RunReader {
            entries: serde_json::Deserializer::from_reader(BufReader::with_capacity(
                READ_BUFFER,
                RunBytes {
                    file: self.file.clone(),
                    at: 0,
                    end: self.len,
                },
            ))
            .into_iter(),
        }
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

/// The bytes of one run, by positioned reads (a run's file is shared by the
/// run and its readers).
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
                "a temporary file of meeting devices is shorter than what was written to it",
            ));
        }
        self.at += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Entry = (String, u32);

    /// Merges sorted runs of (key, count), adding counts of equal keys.
    fn add_counts(
        readers: Vec<RunReader<Entry>>,
    ) -> impl Iterator<Item = io::Result<Entry>> + use<> {
        let mut all: Vec<io::Result<Entry>> = readers.into_iter().flatten().collect();
        let mut merged: std::collections::BTreeMap<String, u32> = Default::default();
        let failed = all
            .iter()
            .position(Result::is_err)
            .map(|at| all.swap_remove(at));
        for (key, count) in all.into_iter().flatten() {
            *merged.entry(key).or_default() += count;
        }
        failed.into_iter().chain(merged.into_iter().map(Ok))
    }

    #[test]
    fn runs_read_back_separately_and_in_order() -> io::Result<()> {
        let mut runs = SortedRuns::<Entry>::new();
        let first: Vec<Entry> = (0..1_000).map(|i| (format!("a{i:04}"), i)).collect();
        runs.write_run(&first)?;
        runs.write_run::<Entry>(&[])?;
        runs.write_run(&[("b".to_owned(), 7)])?;
        assert_eq!((runs.runs(), runs.entries()), (3, 1_001));
        assert!(runs.bytes() > 1_001 * 10, "{} bytes", runs.bytes());
        let mut readers = runs.into_readers();
        let third: Vec<_> = readers.remove(2).collect::<io::Result<_>>()?;
        let second: Vec<_> = readers.remove(1).collect::<io::Result<_>>()?;
        let first_read: Vec<_> = readers.remove(0).collect::<io::Result<_>>()?;
        assert_eq!(third, vec![("b".to_owned(), 7)]);
        assert!(second.is_empty());
        assert_eq!(first_read, first);
        Ok(())
    }

    #[test]
    fn full_levels_merge_into_one_run_and_lose_nothing() -> io::Result<()> {
        let mut runs = SortedRuns::<Entry>::new();
        // 300 runs of the same 10 keys: levels 0, 1 and 2 fill and merge.
        for _ in 0..300 {
            let run: Vec<Entry> = (0..10).map(|k| (format!("k{k}"), 1)).collect();
            runs.write_run(&run)?;
            runs.compact(add_counts)?;
        }
        // 300 = 1×256 + 2×16 + 12: one level-2, two level-1, twelve level-0 runs.
        assert_eq!(runs.runs(), 1 + 2 + 12);
        assert_eq!(runs.entries(), 15 * 10);
        let (entries_written, _) = runs.written();
        assert!(entries_written < 300 * 10 * 3, "{entries_written}");
        let total: Vec<Entry> = add_counts(runs.into_readers()).collect::<io::Result<_>>()?;
        assert_eq!(total.len(), 10);
        assert!(total.iter().all(|(_, count)| *count == 300), "{total:?}");
        Ok(())
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_silent_end() -> io::Result<()> {
        let mut runs = SortedRuns::<Entry>::new();
        runs.write_run(&[("a".to_owned(), 1), ("b".to_owned(), 2)])?;
        runs.runs[0].file.set_len(5)?;
        let mut readers = runs.into_readers();
        let read: Vec<io::Result<_>> = readers.remove(0).collect();
        assert!(read.iter().any(Result::is_err), "{read:?}");
        Ok(())
    }
}
