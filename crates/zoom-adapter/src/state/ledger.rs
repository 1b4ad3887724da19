//! [`SqliteLedger`]: the daily quota of Heavy + Resource-intensive calls,
//! counted per UTC day in the store. Each call is one short `IMMEDIATE`
//! transaction, so two processes on one store never both spend the share.

use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use zoom_api::{LedgerTake, QuotaLedger};

/// The quota table of one store, on a connection of its own.
#[derive(Debug)]
pub(crate) struct SqliteLedger {
    conn: Mutex<Connection>,
}

impl SqliteLedger {
    pub(crate) fn new(conn: Connection) -> Self {
        SqliteLedger {
            conn: Mutex::new(conn),
        }
    }

    fn take_in(conn: &mut Connection, day: &str, budget: u64) -> rusqlite::Result<LedgerTake> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let used = used_in(&tx, day)?;
        let granted = used < budget;
        if granted {
            tx.execute(
                "INSERT INTO quota (day, used) VALUES (?1, 1)
                 ON CONFLICT (day) DO UPDATE SET used = used + 1",
                [day],
            )?;
            // Days before yesterday are of no use to anyone.
            tx.execute("DELETE FROM quota WHERE day < date(?1, '-1 day')", [day])?;
        }
        tx.commit()?;
        Ok(LedgerTake {
            granted,
            used_today: used + u64::from(granted),
        })
    }
}

fn used_in(conn: &Connection, day: &str) -> rusqlite::Result<u64> {
    let used: Option<i64> = conn
        .query_row("SELECT used FROM quota WHERE day = ?1", [day], |row| {
            row.get(0)
        })
        .optional()?;
    Ok(used.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
}

impl QuotaLedger for SqliteLedger {
    fn take(&self, day: NaiveDate, budget: u64) -> Result<LedgerTake, String> {
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        Self::take_in(&mut conn, &day.to_string(), budget).map_err(|err| err.to_string())
    }

    fn used(&self, day: NaiveDate) -> Result<u64, String> {
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        used_in(&conn, &day.to_string()).map_err(|err| err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::StateStore;

    #[test]
    fn two_ledgers_on_one_store_share_the_day_and_stop_at_the_budget() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let store = StateStore::open(&path, "acct", false).unwrap();
        let (a, b) = (store.ledger().unwrap(), store.ledger().unwrap());
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let threads: Vec<_> = [a.clone(), b.clone()]
            .into_iter()
            .map(|ledger| {
                std::thread::spawn(move || {
                    (0..80)
                        .filter(|_| ledger.take(day, 100).unwrap().granted)
                        .count()
                })
            })
            .collect();
        let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(granted, 100);
        assert_eq!(a.used(day).unwrap(), 100);
        // Another day starts at zero.
        let next = day.succ_opt().unwrap();
        assert_eq!(b.take(next, 100).unwrap().used_today, 1);
    }
}
