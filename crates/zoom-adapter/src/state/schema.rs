//! The store's tables and the version checks that refuse a file this
//! adapter did not write or cannot read.

use rusqlite::{Connection, OptionalExtension};

/// `PRAGMA application_id` of a zoom-adapter state store ("ZmAd").
pub(crate) const APPLICATION_ID: i32 = 0x5A6D_4164;

/// The layout version this adapter writes (`PRAGMA user_version`). A store
/// with a higher one was written by a newer adapter and is refused.
pub(crate) const LAYOUT_VERSION: i32 = 1;

/// The format of stored meeting contributions: when it changes, stored
/// meetings are dropped (the next cycle reads them again), not misread.
pub(crate) const CONTRIBUTION_FORMAT: &str = "2";

/// The tables of layout version 1.
const TABLES: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
-- One past meeting's contribution to the meeting-device table.
CREATE TABLE meeting (
    uuid       TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,  -- Unix seconds: the listing's windows go by it
    ended_at   INTEGER NOT NULL,  -- Unix seconds, as Zoom listed the meeting
    read_at   INTEGER NOT NULL,   -- when its participants were read
    devices    BLOB NOT NULL,     -- zlib of JSON: [[key, state], ...]
    joins      BLOB NOT NULL      -- zlib of JSON: [[email hash, Unix seconds], ...]
) WITHOUT ROWID;
CREATE INDEX meeting_by_start ON meeting (started_at);
-- The ids each kind emitted in its last complete cycle.
CREATE TABLE seen (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE seen_at (
    kind       TEXT PRIMARY KEY,
    fetched_at TEXT NOT NULL
) WITHOUT ROWID;
-- Per activity source: delivered up to here.
CREATE TABLE activity_cursor (
    source       TEXT PRIMARY KEY,
    delivered_to INTEGER NOT NULL
) WITHOUT ROWID;
-- Entries delivered within the overlap before the cursor.
CREATE TABLE activity_delivered (
    source TEXT NOT NULL,
    id     TEXT NOT NULL,
    time   INTEGER NOT NULL,
    PRIMARY KEY (source, id)
) WITHOUT ROWID;
-- Heavy + Resource-intensive calls per UTC day, every cycle on the store.
CREATE TABLE quota (
    day  TEXT PRIMARY KEY,
    used INTEGER NOT NULL
) WITHOUT ROWID;
";

/// What is wrong with a file that is not a store this adapter can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a zoom-adapter store (another SQLite file, or garbage).
    Foreign(String),
    /// Written by a newer adapter.
    Newer(i32),
    /// Damaged.
    Corrupt(String),
    /// Another Zoom account's store.
    OtherAccount(String),
}

/// Creates the tables in an empty database, or checks an existing one.
pub(crate) fn prepare(conn: &mut Connection, account_id: &str) -> Result<(), Refusal> {
    let sql_error = |err: rusqlite::Error| match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Refusal::Foreign(err.to_string()),
        _ => Refusal::Corrupt(err.to_string()),
    };
    // Looked at inside a write transaction: two processes opening a new
    // store at once create its tables once.
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sql_error)?;
    let application_id: i32 = tx
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(sql_error)?;
    let version: i32 = tx
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(sql_error)?;
    let tables: i64 = tx
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(sql_error)?;
    if application_id == 0 && version == 0 && tables == 0 {
        tx.execute_batch(TABLES).map_err(sql_error)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('account_id', ?1), ('contribution_format', ?2), ('created_by', ?3)",
            (account_id, CONTRIBUTION_FORMAT, env!("CARGO_PKG_VERSION")),
        )
        .map_err(sql_error)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sql_error)?;
        tx.pragma_update(None, "user_version", LAYOUT_VERSION)
            .map_err(sql_error)?;
        return tx.commit().map_err(sql_error);
    }
    tx.commit().map_err(sql_error)?;
    if application_id != APPLICATION_ID {
        return Err(Refusal::Foreign(format!(
            "its application id is {application_id:#x}, not zoom-adapter's"
        )));
    }
    if version > LAYOUT_VERSION {
        return Err(Refusal::Newer(version));
    }
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
        .map_err(sql_error)?;
    if check != "ok" {
        return Err(Refusal::Corrupt(check));
    }
    let owner: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'account_id'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(sql_error)?;
    match owner {
        Some(owner) if owner == account_id => {}
        Some(owner) => return Err(Refusal::OtherAccount(owner)),
        None => return Err(Refusal::Corrupt("its account id is missing".to_owned())),
    }
    let format: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'contribution_format'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(sql_error)?;
    if format.as_deref() != Some(CONTRIBUTION_FORMAT) {
        // Meetings stored in another format are read again, never misread.
        let tx = conn.transaction().map_err(sql_error)?;
        tx.execute("DELETE FROM meeting", []).map_err(sql_error)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('contribution_format', ?1)",
            [CONTRIBUTION_FORMAT],
        )
        .map_err(sql_error)?;
        tx.commit().map_err(sql_error)?;
    }
    Ok(())
}
