//! `serve`: the host protocol (docs/protocol.md) — newline-
//! delimited JSON-RPC 2.0 on stdin/stdout, logs on stderr.
//!
//! One loop reads lines ([`framing`]), answers quick methods at once and
//! starts long ones as local tasks ([`jobs`]), so `cancel` and `shutdown`
//! are answered while a fetch, check or action runs. The loop ends on
//! `shutdown`, SIGINT/SIGTERM or the end of stdin; running work is then
//! stopped and answered (a fetch with its summary) before the server exits 0.
//! A panic in a handler is answered as an internal error and never ends
//! the server.

mod fetch;
mod framing;
mod jobs;
mod methods;
mod out;
mod reply;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;

use serde_json::Value;

use crate::exit::Exit;
use framing::{Call, Frame};
use jobs::Jobs;
use methods::Handler;
use out::Out;
use reply::{Reply, RpcError};

/// `zoom-adapter serve`.
pub(crate) fn run() -> Result<Exit, crate::Error> {
    log_panics();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // Long requests run as local tasks: their futures borrow across awaits
    // in ways `tokio::spawn`'s Send bound cannot express; a LocalSet needs none.
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, serve());
    Ok(Exit::Ok)
}

/// Why the loop ended.
enum Ending {
    /// `shutdown`, answered last (not when sent as a notification).
    Shutdown(Option<Value>),
    /// SIGINT or SIGTERM.
    Signal,
    /// stdin closed (or could not be read).
    EndOfInput,
}

struct Server {
    out: Out,
    jobs: Jobs,
}

async fn serve() {
    let mut server = Server {
        out: Out::stdout(),
        jobs: Jobs::default(),
    };
    let mut frames = framing::spawn_reader();
    let mut stop = pin!(crate::signals::stop_requested());
    let ending = loop {
        tokio::select! {
            frame = frames.recv() => match frame {
                Some(frame) => {
                    if let Some(ending) = server.frame(frame) {
                        break ending;
                    }
                }
                None => break Ending::EndOfInput,
            },
            Some((id, reply)) = server.jobs.next() => server.out.reply(&id, reply),
            () = &mut stop => break Ending::Signal,
        }
    };
    match &ending {
        Ending::Shutdown(_) => tracing::debug!("shutdown requested"),
        Ending::Signal => tracing::info!("stop signal received; stopping running work"),
        Ending::EndOfInput => tracing::debug!("stdin closed"),
    }
    // A fetch answers with its (cancelled) summary, a check with an error;
    // an action runs to its answer. Lines sent meanwhile are not read.
    server.jobs.cancel_all();
    while let Some((id, reply)) = server.jobs.next().await {
        server.out.reply(&id, reply);
    }
    if let Ending::Shutdown(Some(id)) = ending {
        server.out.reply(&id, Ok(Value::Null));
    }
}

impl Server {
    /// Handles one line; `Some` when the loop should end.
    fn frame(&mut self, frame: Frame) -> Option<Ending> {
        match framing::parse_frame(frame) {
            Ok(Some(call)) => self.dispatch(call),
            Ok(None) => None,
            Err(rejected) => {
                self.out.reply(&rejected.id, Err(rejected.error));
                None
            }
        }
    }

    fn dispatch(&mut self, call: Call) -> Option<Ending> {
        let Some(method) = methods::find(&call.method) else {
            self.answer(call.id.as_ref(), Err(methods::unknown_method()));
            return None;
        };
        match &method.handler {
            Handler::Now(handler) => {
                let jobs = &mut self.jobs;
                let reply = catch_unwind(AssertUnwindSafe(|| {
                    panic_if_asked(method.name);
                    handler(jobs, call.params)
                }))
                .unwrap_or_else(|_| Err(RpcError::bug(method.name)));
                self.answer(call.id.as_ref(), reply);
            }
            Handler::Job(start) => {
                // Long methods only produce an answer (or, for an action,
                // change Zoom without telling the outcome): never run unasked.
                let Some(id) = call.id else {
                    tracing::warn!(
                        method = method.name,
                        "ignored a notification: this method runs only as a request with an id"
                    );
                    return None;
                };
                let out = &self.out;
                let started = self.jobs.admit(method.name, &id).and_then(|()| {
                    catch_unwind(AssertUnwindSafe(|| start(out, &id, call.params)))
                        .unwrap_or_else(|_| Err(RpcError::bug(method.name)))
                });
                match started {
                    Ok(job) => self.jobs.spawn(id, method.name, job),
                    Err(error) => self.out.reply(&id, Err(error)),
                }
            }
            Handler::Shutdown => return Some(Ending::Shutdown(call.id)),
        }
        None
    }

    /// Answers a request; a notification (no id) is never answered.
    fn answer(&self, id: Option<&Value>, reply: Reply) {
        match id {
            Some(id) => self.out.reply(id, reply),
            None => {
                if let Err(error) = reply {
                    tracing::debug!(code = error.code, "notification failed (not answered)");
                }
            }
        }
    }
}

/// Panics are logged on stderr as a log line with their location only: a
/// panic's message may quote a value (a string slice panic quotes the
/// string), and that value may be a secret.
fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        tracing::error!(
            %location,
            "panic: a bug in the adapter (the panic message is not logged: it may quote a secret)"
        );
    }));
}

/// Test hook, debug builds only: `ZOOM_ADAPTER_TEST_PANIC=check,fetch`
/// makes the handlers of those methods panic, so the end-to-end tests
/// (tests/tests/serve.rs) prove a panic is answered and the server keeps
/// serving. Release builds neither read the variable nor contain the panic.
#[cfg(debug_assertions)]
fn panic_if_asked(method: &str) {
    let asked = std::env::var("ZOOM_ADAPTER_TEST_PANIC")
        .is_ok_and(|methods| methods.split(',').any(|m| m == method));
    if asked {
        panic!("ZOOM_ADAPTER_TEST_PANIC asked {method} to panic");
    }
}

#[cfg(not(debug_assertions))]
fn panic_if_asked(_method: &str) {}
