//! [`merge_sorted_runs`]: the k-way merge of sorted runs of device states
//! into one state per key, for a host that keeps runs outside memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::key::MeetingDeviceKey;
use super::state::MeetingDeviceState;

/// Merges runs of device states into one state per key, in key order.
///
/// Each run must be sorted by key with one state per key (as
/// [`MeetingDevices::take_sorted`](super::MeetingDevices::take_sorted)
/// gives), and `runs` must be in reading order: for one key, the state of an
/// earlier run is merged with the state of a later run, never the reverse. A
/// run's error is passed on and ends the merge.
pub fn merge_sorted_runs<I, E>(runs: Vec<I>) -> MergedRuns<I>
where
    I: Iterator<Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>>,
{
    MergedRuns {
        heads: runs.iter().map(|_| None).collect(),
        runs,
        heap: BinaryHeap::new(),
        started: false,
        failed: false,
    }
}

/// The iterator of [`merge_sorted_runs`].
pub struct MergedRuns<I> {
    runs: Vec<I>,
    /// The state of each run's smallest unmerged key (the key is in `heap`).
    heads: Vec<Option<MeetingDeviceState>>,
    /// Smallest key first; for one key, earliest run first.
    heap: BinaryHeap<Reverse<(MeetingDeviceKey, usize)>>,
    started: bool,
    failed: bool,
}

impl<I, E> MergedRuns<I>
where
    I: Iterator<Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>>,
{
    /// Reads run `index`'s next entry into the heap.
    fn advance(&mut self, index: usize) -> Result<(), E> {
        if let Some(next) = self.runs[index].next() {
            let (key, state) = next?;
            self.heads[index] = Some(state);
            self.heap.push(Reverse((key, index)));
        }
        Ok(())
    }
}

impl<I, E> Iterator for MergedRuns<I>
where
    I: Iterator<Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>>,
{
    type Item = Result<(MeetingDeviceKey, MeetingDeviceState), E>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if !self.started {
            self.started = true;
            for index in 0..self.runs.len() {
                if let Err(err) = self.advance(index) {
                    self.failed = true;
                    return Some(Err(err));
                }
            }
        }
        let Reverse((key, index)) = self.heap.pop()?;
        let mut state = self.heads[index].take().unwrap_or_default();
        let mut pending = vec![index];
        while self
            .heap
            .peek()
            .is_some_and(|Reverse((next, _))| *next == key)
        {
            if let Some(Reverse((_, later))) = self.heap.pop() {
                state.merge(self.heads[later].take().unwrap_or_default());
                pending.push(later);
            }
        }
        for index in pending {
            if let Err(err) = self.advance(index) {
                self.failed = true;
                return Some(Err(err));
            }
        }
        Some(Ok((key, state)))
    }
}
