//! Long requests (`fetch`, `check`, `action`) run as local tasks beside the
//! loop, which keeps reading and answering. Each task gives its answer when
//! it ends; a task that panicked is answered with an internal error, one
//! that was aborted with "cancelled". Rules (docs/protocol.md, Concurrency):
//! one fetch at a time; up to [`MAX_OTHER`] other long requests beside it;
//! an id in use by a running request is refused.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::{AbortHandle, Id, JoinSet};

use super::reply::{Reply, RpcError};
use crate::protocol::codes;

/// Long requests other than the fetch that may run at once.
pub(super) const MAX_OTHER: usize = 8;

/// What a started long request runs, and how it is stopped.
pub(super) struct Job {
    pub(super) stop: StopBy,
    pub(super) work: Pin<Box<dyn Future<Output = Reply>>>,
}

/// How `cancel` and `shutdown` stop a job.
pub(super) enum StopBy {
    /// Told to stop; it still answers (the fetch: its summary, status `cancelled`).
    Signal(oneshot::Sender<()>),
    /// Dropped where it is and answered with a cancelled error (read-only work: `check`).
    Abort,
    /// Never stopped: it may have changed Zoom already (`action`); it runs to its answer.
    Never,
}

enum Stopper {
    Signal(Option<oneshot::Sender<()>>),
    Abort(AbortHandle),
    Never,
}

struct Running {
    id: Value,
    method: &'static str,
    stop: Stopper,
}

/// The running long requests.
#[derive(Default)]
pub(super) struct Jobs {
    tasks: JoinSet<Reply>,
    running: HashMap<Id, Running>,
}

impl Jobs {
    /// Whether `method` with `id` may start now; else the busy error.
    pub(super) fn admit(&self, method: &str, id: &Value) -> Result<(), RpcError> {
        if self.running.values().any(|r| r.id == *id) {
            return Err(RpcError::new(
                codes::BUSY,
                "a request with this id is still running; give each request its own id",
            ));
        }
        if method == "fetch" {
            if let Some(fetch) = self.running.values().find(|r| r.method == "fetch") {
                return Err(RpcError::new(
                    codes::BUSY,
                    &format!(
                        "a fetch (id {}) is running; cancel it or wait for its response",
                        fetch.id
                    ),
                ));
            }
        } else if self
            .running
            .values()
            .filter(|r| r.method != "fetch")
            .count()
            >= MAX_OTHER
        {
            return Err(RpcError::new(
                codes::BUSY,
                &format!(
                    "{MAX_OTHER} check and action requests are running; wait for one to answer"
                ),
            ));
        }
        Ok(())
    }

    /// Runs `job` as a local task answering the request `id`.
    pub(super) fn spawn(&mut self, id: Value, method: &'static str, job: Job) {
        let handle = self.tasks.spawn_local(job.work);
        let stop = match job.stop {
            StopBy::Signal(tx) => Stopper::Signal(Some(tx)),
            StopBy::Abort => Stopper::Abort(handle.clone()),
            StopBy::Never => Stopper::Never,
        };
        self.running
            .insert(handle.id(), Running { id, method, stop });
    }

    /// Stops the running request `id` (the fetch when `None`); whether one
    /// was running, stoppable and now told to stop.
    pub(super) fn cancel(&mut self, id: Option<&Value>) -> bool {
        self.running
            .values_mut()
            .find(|r| id.map_or(r.method == "fetch", |id| r.id == *id))
            .is_some_and(stop)
    }

    /// Stops every stoppable request (shutdown, a signal, end of input).
    pub(super) fn cancel_all(&mut self) {
        for running in self.running.values_mut() {
            stop(running);
        }
    }

    /// Waits for the next request to end: its id and answer. `None` (at
    /// once) when nothing runs.
    pub(super) async fn next(&mut self) -> Option<(Value, Reply)> {
        loop {
            let (task, reply) = match self.tasks.join_next_with_id().await? {
                Ok((task, reply)) => (task, Ok(reply)),
                Err(err) => (err.id(), Err(err)),
            };
            let Some(running) = self.running.remove(&task) else {
                continue;
            };
            let reply = reply.unwrap_or_else(|err| {
                if err.is_panic() {
                    tracing::error!(method = running.method, "request handler panicked");
                    Err(RpcError::bug(running.method))
                } else {
                    Err(RpcError::new(
                        codes::REQUEST_CANCELLED,
                        &format!("{} cancelled before it finished", running.method),
                    ))
                }
            });
            return Some((running.id, reply));
        }
    }
}

fn stop(running: &mut Running) -> bool {
    match &mut running.stop {
        Stopper::Signal(tx) => tx.take().is_some_and(|tx| tx.send(()).is_ok()),
        Stopper::Abort(handle) => {
            let live = !handle.is_finished();
            handle.abort();
            live
        }
        Stopper::Never => false,
    }
}
