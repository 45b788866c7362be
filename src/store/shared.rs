//! What working with others in one database needs from the store (issue
//! 14): whether this account may write, and which figures others changed
//! since the window last looked.

use rusqlite::params;

use super::{Backend, Result, Store};

/// The most changed rows the window re-reads one by one; more than that (an
/// import by someone else) and it reloads the list.
const MAX_CHANGED_ROWS: usize = 5000;

/// Where the audit log and the imports stood at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChangeMarks {
    pub log_id: i64,
    pub batch_id: i64,
}

/// What changed after a [`ChangeMarks`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Rows whose figures changed (to re-read).
    pub changed_ids: Vec<i64>,
    /// Rows were added or removed, or too many changed: the list is read again.
    pub rows_added_or_removed: bool,
    /// Where things stand now.
    pub marks: ChangeMarks,
}

impl Store {
    /// Whether this connection may change figures: on PostgreSQL the role's
    /// rights on `observation`, on SQLite whether the file opened writable.
    pub fn can_write(&self) -> Result<bool> {
        match self.conn.backend() {
            Backend::Postgres => self.conn.query_row(
                "SELECT has_table_privilege(current_user, 'observation', 'UPDATE')",
                params![],
                |row| row.get(0),
            ),
            Backend::Sqlite => Ok(!self
                .conn
                .sqlite_connection()
                .is_readonly(rusqlite::MAIN_DB)?),
        }
    }

    /// The newest entry of the audit log and the newest import.
    pub fn change_marks(&self) -> Result<ChangeMarks> {
        self.conn.query_row(
            "SELECT (SELECT coalesce(max(id), 0) FROM edit_log), \
                    (SELECT coalesce(max(id), 0) FROM import_batch)",
            params![],
            |row| {
                Ok(ChangeMarks {
                    log_id: row.get(0)?,
                    batch_id: row.get(1)?,
                })
            },
        )
    }

    /// What the log says changed after `since` (this window's own edits
    /// included: re-reading them costs a page).
    pub fn changes_since(&self, since: ChangeMarks) -> Result<Changes> {
        let marks = self.change_marks()?;
        if marks == since {
            return Ok(Changes {
                marks,
                ..Changes::default()
            });
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT observation_id FROM edit_log WHERE id > ?1 AND id <= ?2 LIMIT ?3",
        )?;
        let changed_ids: Vec<i64> = statement
            .query_map(
                params![since.log_id, marks.log_id, MAX_CHANGED_ROWS as i64 + 1],
                |row| row.get(0),
            )?
            .collect::<Result<_>>()?;
        let rows_changed = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM edit_log WHERE id > ?1 AND id <= ?2 AND field = 'observation' LIMIT 1",
            )?
            .exists(params![since.log_id, marks.log_id])?;
        Ok(Changes {
            rows_added_or_removed: rows_changed
                || marks.batch_id != since.batch_id
                || changed_ids.len() > MAX_CHANGED_ROWS,
            changed_ids,
            marks,
        })
    }
}
