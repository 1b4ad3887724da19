//! The state store: what one fetch cycle leaves for the next, in one SQLite
//! file per Zoom account (docs/operations.md, "The state store").
//!
//! - [`schema`]: the tables, and the checks that refuse a file written by a
//!   newer adapter, another account's store, or a damaged one.
//! - [`ledger`]: the daily quota, counted per UTC day across cycles and
//!   processes ([`zoom_api::QuotaLedger`]).
//! - [`snapshot`]: what a cycle reads at its start (stored meetings,
//!   activity cursors and the entries delivered near them).
//! - [`learned`]: what a cycle learns, kept aside until its records are
//!   delivered, then committed in one transaction with the deletions.
//!
//! The store holds ids, device data, times and counts; never a secret.

pub(crate) mod contribution;
pub(crate) mod learned;
pub(crate) mod ledger;
mod schema;
pub(crate) mod snapshot;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use schema::Refusal;

/// How long a cycle waits for another process's transaction on the same
/// store (the quota ledger's are a few microseconds; a commit is seconds).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Where a cycle keeps its state, as the caller asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateChoice {
    /// The per-account default under the platform's state directory.
    Default,
    /// This file.
    Path(PathBuf),
    /// No store: every cycle starts from nothing (`--no-state`).
    None,
}

/// What a cycle needs of its store: the view from its start, the writer
/// that commits at its end, and whether to write tombstones.
pub struct PreparedState {
    pub(crate) cycle: Arc<snapshot::CycleState>,
    pub(crate) writer: learned::CycleWriter,
    pub(crate) emit_deletions: bool,
}

impl std::fmt::Debug for PreparedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedState")
            .field("path", &self.cycle.store().path())
            .finish_non_exhaustive()
    }
}

/// How a caller (the CLI's `fetch`, the protocol's `fetch`, `demo`) asks
/// for state.
#[derive(Debug, Clone)]
pub struct StateRequest {
    /// Which store.
    pub choice: StateChoice,
    /// Remove the store first (`--reset-state`).
    pub reset: bool,
    /// Write a tombstone per id gone since the last complete cycle.
    pub emit_deletions: bool,
}

impl StateRequest {
    /// Opens the store for a cycle of `account_id` (`None` with
    /// [`StateChoice::None`]) and, from now on, counts `client`'s Heavy
    /// calls in its daily-quota ledger.
    pub fn prepare(
        &self,
        account_id: &str,
        overlap_minutes: u32,
        host_cursor: Option<chrono::DateTime<chrono::Utc>>,
        client: &zoom_api::Client,
    ) -> Result<Option<PreparedState>, StateError> {
        let path = match &self.choice {
            StateChoice::None if self.emit_deletions => {
                return Err(StateError::new(
                    "--emit-deletions needs a state store (it compares with the last cycle): drop --no-state"
                        .to_owned(),
                ));
            }
            StateChoice::None => return Ok(None),
            StateChoice::Default => StateStore::default_path(account_id)?,
            StateChoice::Path(path) => path.clone(),
        };
        let store = Arc::new(StateStore::open(&path, account_id, self.reset)?);
        client.use_quota_ledger(store.ledger()?);
        let overlap = chrono::Duration::minutes(i64::from(overlap_minutes));
        let cycle = snapshot::CycleState::load(store.clone(), overlap, host_cursor)?;
        let writer = learned::CycleWriter::open(&store)?;
        Ok(Some(PreparedState {
            cycle: Arc::new(cycle),
            writer,
            emit_deletions: self.emit_deletions,
        }))
    }
}

/// An open state store of one Zoom account.
#[derive(Debug)]
pub struct StateStore {
    path: PathBuf,
    /// For the cycle's reads (stored meetings), one at a time.
    conn: Mutex<Connection>,
}

/// Why a store cannot be used; each message names the file and the fix.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct StateError {
    message: String,
}

impl StateError {
    fn new(message: String) -> Self {
        StateError { message }
    }
}

impl StateStore {
    /// The default store of `account_id`:
    /// `$XDG_STATE_HOME/zoom-adapter/<account>.sqlite3`, else
    /// `$HOME/.local/state/zoom-adapter/<account>.sqlite3` (the XDG base
    /// directory rule; the same directory on every Unix).
    pub fn default_path(account_id: &str) -> Result<PathBuf, StateError> {
        let base = std::env::var_os("XDG_STATE_HOME")
            .filter(|dir| Path::new(dir).is_absolute())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|dir| Path::new(dir).is_absolute())
                    .map(|home| PathBuf::from(home).join(".local").join("state"))
            })
            .ok_or_else(|| {
                StateError::new(
                    "no state directory: neither XDG_STATE_HOME nor HOME is set to an absolute path; \
                     give --state PATH, or --no-state for a cycle without state"
                        .to_owned(),
                )
            })?;
        let file: String = account_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Ok(base.join("zoom-adapter").join(format!("{file}.sqlite3")))
    }

    /// Opens (creating when absent) the store at `path` for `account_id`.
    /// With `reset`, an existing store is removed first.
    pub fn open(path: &Path, account_id: &str, reset: bool) -> Result<Self, StateError> {
        if reset {
            remove(path)?;
        }
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|err| {
                StateError::new(format!(
                    "cannot create the state directory {}: {err}; give --state PATH elsewhere, or --no-state",
                    dir.display()
                ))
            })?;
        }
        let mut conn = connect(path)?;
        schema::prepare(&mut conn, account_id).map_err(|refusal| refused(path, &refusal))?;
        Ok(StateStore {
            path: path.to_owned(),
            conn: Mutex::new(conn),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A second connection to the same file (the ledger's, the writer's).
    pub(crate) fn connect(&self) -> Result<Connection, StateError> {
        connect(&self.path)
    }

    /// Runs `read` on the store's reading connection.
    pub(crate) fn with_conn<T>(&self, read: impl FnOnce(&Connection) -> T) -> T {
        read(&self.conn.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The daily-quota ledger on this store, for [`zoom_api::Client::use_quota_ledger`].
    pub fn ledger(&self) -> Result<Arc<dyn zoom_api::QuotaLedger>, StateError> {
        Ok(Arc::new(ledger::SqliteLedger::new(self.connect()?)))
    }
}

/// Opens `path` with the settings every connection uses: WAL (readers never
/// wait for the writer), full fsync on commit, a busy timeout.
fn connect(path: &Path) -> Result<Connection, StateError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|err| {
        StateError::new(format!(
            "cannot open the state store {}: {err}; give --state PATH elsewhere, or --no-state",
            path.display()
        ))
    })?;
    let settings = || -> rusqlite::Result<()> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "FILE")?;
        // A small page cache (128 KiB): the store is read in passes or by
        // key, not searched at random, and three connections share the
        // process; a large account's store must not cost memory.
        conn.pragma_update(None, "cache_size", -128)?;
        Ok(())
    };
    settings().map_err(|err| refused(path, &Refusal::Foreign(err.to_string())))?;
    Ok(conn)
}

/// The message for a store that cannot be used.
fn refused(path: &Path, refusal: &Refusal) -> StateError {
    let path = path.display();
    let why = match refusal {
        Refusal::Foreign(reason) => format!("is not a zoom-adapter state store ({reason})"),
        Refusal::Newer(version) => format!(
            "was written by a newer zoom-adapter (layout {version}; this one reads up to {})",
            schema::LAYOUT_VERSION
        ),
        Refusal::Corrupt(reason) => format!("is damaged ({reason})"),
        Refusal::OtherAccount(owner) => {
            format!("belongs to another Zoom account ({owner})")
        }
    };
    StateError::new(format!(
        "the state store {path} {why}; nothing was changed: run with --reset-state (the protocol's reset_state) to start it \
         afresh (the next cycle then reads every meeting again), or give --state PATH for another file"
    ))
}

/// Removes the store at `path` and its WAL files (absent files are fine).
fn remove(path: &Path) -> Result<(), StateError> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(StateError::new(format!(
                    "cannot remove the state store {} for --reset-state: {err}",
                    Path::new(&name).display()
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn a_new_store_opens_again_for_its_account_only() {
        let dir = dir();
        let path = dir.path().join("a.sqlite3");
        StateStore::open(&path, "acct", false).unwrap();
        StateStore::open(&path, "acct", false).unwrap();
        let err = StateStore::open(&path, "other", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("another Zoom account (acct)"), "{err}");
        assert!(err.contains("--reset-state"), "{err}");
    }

    #[test]
    fn garbage_newer_and_foreign_files_are_refused_and_left_alone() {
        let dir = dir();
        let garbage = dir.path().join("garbage.sqlite3");
        std::fs::write(&garbage, vec![0x5au8; 8192]).unwrap();
        let err = StateStore::open(&garbage, "acct", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not a zoom-adapter state store"), "{err}");
        assert_eq!(std::fs::read(&garbage).unwrap(), vec![0x5au8; 8192]);

        let newer = dir.path().join("newer.sqlite3");
        StateStore::open(&newer, "acct", false).unwrap();
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", schema::LAYOUT_VERSION + 1)
            .unwrap();
        let err = StateStore::open(&newer, "acct", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("newer zoom-adapter"), "{err}");

        let foreign = dir.path().join("foreign.sqlite3");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let err = StateStore::open(&foreign, "acct", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not zoom-adapter's"), "{err}");

        // --reset-state starts afresh.
        StateStore::open(&garbage, "acct", true).unwrap();
        StateStore::open(&newer, "acct", true).unwrap();
    }

    #[test]
    fn the_default_path_is_per_account_under_the_state_directory() {
        // Only the file-name rule: the environment is the process's.
        let path = StateStore::default_path("a/b c").unwrap_or_else(|err| panic!("{err}"));
        assert!(path.ends_with("zoom-adapter/a_b_c.sqlite3"), "{path:?}");
    }
}
