//! Offline copies for meetings (issue 14): a consistent snapshot of a
//! database, usually the department's PostgreSQL one, written into a new
//! SQLite file with where and when it came from; and the edits made in such
//! a copy sent back, each with the same conflict check as an edit in the
//! window.

use rusqlite::params;

use super::db::{Cell, Conn, OptionalRow};
use super::edit::EditOrigin;
use super::import::field_from_sql;
use super::{Backend, NOW_SQL, Result, Store, StoreError};
use crate::domain::edit::{CellChange, EditCommand, ObservationSnapshot};
use crate::domain::{Field, FieldValue};

/// The tables of the schema in an order that keeps references whole, each
/// with its columns (its id first).
const TABLES: &[(&str, &str)] = &[
    (
        "indicator",
        "id, code, name, unit, kind, group_code, parent_id, higher_is_better, name_key, aggregation",
    ),
    (
        "agency",
        "id, code, name, level, parent_id, name_key, valid_from, valid_to",
    ),
    (
        "import_batch",
        "id, file_name, file_sha256, imported_at, encoding, delimiter, number_format, header_line, \
         rows_read, rows_inserted, rows_updated, rows_unchanged, rows_rejected, rows_skipped",
    ),
    (
        "import_rejection",
        "id, batch_id, line, \"column\", raw, message, cause",
    ),
    (
        "observation",
        "id, indicator_id, agency_id, period, value, numerator, denominator, target, qualifier, \
         note, batch_id, source_line",
    ),
    (
        "edit_log",
        "id, at, observation_id, field, old_value, new_value, origin, batch_id, \"user\"",
    ),
];

/// Rows read and written at a time.
const CHUNK: i64 = 5000;

/// What a copy holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CopyReport {
    pub observations: u64,
    pub log_entries: u64,
    /// The source, as `--from` named it.
    pub source: String,
}

/// What sending a copy's edits back did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct EditsSent {
    /// Figures written to the database.
    pub applied: u64,
    /// Figures someone changed there first: not written, each said.
    #[serde(skip)]
    pub conflicts: Vec<super::EditConflict>,
    pub conflicted: u64,
    /// Rows added in the copy and added to the database, and rows deleted
    /// in the copy and deleted there (a row deleted and brought back sends
    /// its figures).
    pub rows_added: u64,
    pub rows_deleted: u64,
}

impl Store {
    /// Copies every table into `target`, a new database with the schema and
    /// nothing in it, from one consistent snapshot of this one. A SQLite
    /// target is an offline copy: its `chiso_meta` records where (`source`)
    /// and when it came from and how far the audit log went, so that
    /// [`Store::send_edits`] knows which edits were made in it.
    pub fn copy_into(&self, target: &mut Store, source: &str) -> Result<CopyReport> {
        let snapshot = match self.conn.backend() {
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Backend::Sqlite => "BEGIN",
        };
        self.conn.execute_batch(snapshot)?;
        let copied = copy_tables(&self.conn, &target.conn);
        let _ = self.conn.execute_batch("ROLLBACK");
        let (observations, log_entries, last_log_id) = copied?;
        if target.conn.backend() == Backend::Postgres {
            // A database filled from another, not an offline copy of it.
            return Ok(CopyReport {
                observations,
                log_entries,
                source: source.to_owned(),
            });
        }
        let tx = target.conn.transaction()?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS chiso_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        )?;
        for (key, value) in [
            ("copied_from", source.to_owned()),
            ("copied_log_id", last_log_id.to_string()),
            ("sent_log_id", last_log_id.to_string()),
        ] {
            tx.execute(
                "INSERT INTO chiso_meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        tx.execute(
            &format!(
                "INSERT INTO chiso_meta (key, value) VALUES ('copied_at', {NOW_SQL}) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            params![],
        )?;
        tx.commit()?;
        Ok(CopyReport {
            observations,
            log_entries,
            source: source.to_owned(),
        })
    }

    /// Where this copy came from and when (None: not a copy).
    pub fn copied_from(&self) -> Result<Option<(String, String)>> {
        if !self.has_meta()? {
            return Ok(None);
        }
        let value = |key: &str| -> Result<Option<String>> {
            self.conn
                .query_row(
                    "SELECT value FROM chiso_meta WHERE key = ?1",
                    params![key],
                    |row| row.get(0),
                )
                .optional()
        };
        Ok(value("copied_from")?.zip(value("copied_at")?))
    }

    fn has_meta(&self) -> Result<bool> {
        Ok(match self.conn.backend() {
            Backend::Sqlite => {
                self.conn.query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE name = 'chiso_meta'",
                    params![],
                    |row| row.get::<i64>(0),
                )? > 0
            }
            Backend::Postgres => true,
        })
    }

    /// Sends the figures edited in this copy since it was made (or since
    /// they were last sent) to `server`, oldest first, each through the
    /// same check as an edit in the window: one someone changed there in the
    /// meantime is not written and is listed. A row added or deleted in the
    /// copy is added or deleted there, when the database's row is as the
    /// copy's was (none, for an added one); otherwise it is listed too.
    pub fn send_edits(&mut self, server: &mut Store) -> Result<EditsSent> {
        if !self.has_meta()? {
            return Err(StoreError::NotACopy);
        }
        let sent: i64 = self
            .conn
            .query_row(
                "SELECT value FROM chiso_meta WHERE key = 'sent_log_id'",
                params![],
                |row| row.get::<String>(0),
            )
            .optional()?
            .and_then(|text| text.parse().ok())
            .ok_or(StoreError::NotACopy)?;
        let mut statement = self.conn.prepare(
            "SELECT id, observation_id, field, old_value, new_value FROM edit_log \
             WHERE id > ?1 AND origin IN ('edit', 'undo', 'redo', 'delete') ORDER BY id",
        )?;
        let entries: Vec<(i64, i64, String, Cell, Cell)> = statement
            .query_map(params![sent], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get_ref(3)?,
                    row.get_ref(4)?,
                ))
            })?
            .collect::<Result<_>>()?;
        drop(statement);
        let mut report = EditsSent::default();
        let last = entries.last().map_or(sent, |entry| entry.0);
        // Rows added, deleted or brought back in the copy: each sent as the
        // change from what it was at the last send to what it is now (an
        // added row's id may be another row's in the database: it is found
        // there by its key).
        let mut rows: Vec<i64> = entries
            .iter()
            .filter(|entry| entry.2 == super::edit::ROW_FIELD)
            .map(|entry| entry.1)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        for &row in &rows {
            let of_row: Vec<&(i64, i64, String, Cell, Cell)> =
                entries.iter().filter(|entry| entry.1 == row).collect();
            self.send_row(server, row, &of_row, &mut report)?;
        }
        for (_, observation_id, field, old, new) in entries {
            if rows.binary_search(&observation_id).is_ok() {
                continue;
            }
            let Some(field) = Field::ALL.into_iter().find(|known| known.as_str() == field) else {
                continue;
            };
            let change = CellChange {
                observation_id,
                field,
                old: field_from_sql(old),
                new: field_from_sql(new),
            };
            match server.apply_command(&EditCommand::SetCells(vec![change]), EditOrigin::Edit) {
                Ok(()) => report.applied += 1,
                Err(StoreError::Conflict(conflict)) => {
                    report.conflicted += 1;
                    report.conflicts.push(*conflict);
                }
                Err(error) => return Err(error),
            }
        }
        self.conn.execute(
            "UPDATE chiso_meta SET value = ?1 WHERE key = 'sent_log_id'",
            params![last.to_string()],
        )?;
        Ok(report)
    }
}

impl Store {
    /// Sends one row the copy added, deleted, or deleted and brought back:
    /// `entries` are its log entries since the last send, oldest first.
    /// The database's row must be as the copy's was at the last send (none,
    /// for a row the copy added); otherwise someone changed it there first,
    /// and nothing of the row is written.
    fn send_row(
        &self,
        server: &mut Store,
        id: i64,
        entries: &[&(i64, i64, String, Cell, Cell)],
        report: &mut EditsSent,
    ) -> Result<()> {
        let now = super::edit::snapshot(&self.conn, id)?;
        // It was there at the last send when its first entry as a row is a
        // deletion (the key as the old value).
        let was_there = entries
            .iter()
            .find(|entry| entry.2 == super::edit::ROW_FIELD)
            .is_some_and(|entry| entry.3 != Cell::Null);
        // Its figures then: the old value of each field's first entry since,
        // the figure now for a field with none.
        let then: [FieldValue; 6] = std::array::from_fn(|index| {
            let field = Field::ALL[index].as_str();
            entries
                .iter()
                .find(|entry| entry.2 == field)
                .map(|entry| field_from_sql(entry.3.clone()))
                .or_else(|| now.as_ref().map(|row| row.fields[index].clone()))
                .unwrap_or(FieldValue::Null)
        });
        let tx = server.conn.transaction()?;
        let lock = if tx.backend() == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        // The database's row: the same one for a row both had (ids are
        // kept), the one with its key for a row the copy added.
        let there_id: Option<i64> = match (&now, was_there) {
            (_, true) => Some(id),
            (Some(row), false) => tx
                .query_row(
                    &format!(
                        "SELECT id FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 \
                         AND period = ?3{lock}"
                    ),
                    params![row.indicator_id, row.agency_id, row.period],
                    |row| row.get(0),
                )
                .optional()?,
            (None, false) => return Ok(()),
        };
        let there = match there_id {
            Some(there_id) => {
                tx.query_row(
                    &format!("SELECT id FROM observation WHERE id = ?1{lock}"),
                    params![there_id],
                    |row| row.get::<i64>(0),
                )
                .optional()?;
                super::edit::snapshot(&tx, there_id)?
            }
            None => None,
        };
        let wanted = now.as_ref().map(|row| &row.fields);
        if there.as_ref().map(|row| &row.fields) == wanted {
            // Already as the copy has it.
            return Ok(());
        }
        if was_there != there.is_some() || there.as_ref().is_some_and(|row| row.fields != then) {
            let conflict = conflict_with(&tx, id, now.as_ref(), there.as_ref(), &then)?;
            drop(tx);
            report.conflicted += 1;
            report.conflicts.push(conflict);
            return Ok(());
        }
        match (&now, &there) {
            (None, Some(row)) => {
                super::edit::delete_row(&tx, row, "delete")?;
                tx.commit()?;
                report.rows_deleted += 1;
            }
            (Some(row), None) => {
                // The row and its figures in one transaction. Another
                // analyst adding its key since the look above makes the
                // insert wait for them, then fail: theirs stands, and the
                // copy's row is listed as not sent, as a figure is.
                let added = ObservationSnapshot {
                    id: super::edit::next_observation_id(&tx)?,
                    indicator_id: row.indicator_id,
                    agency_id: row.agency_id,
                    period: row.period.clone(),
                    fields: Default::default(),
                    batch_id: None,
                    source_line: None,
                };
                tx.execute_batch("SAVEPOINT chiso_added_row")?;
                if let Err(error) = super::edit::insert_snapshot(&tx, &added, EditOrigin::Edit) {
                    tx.execute_batch("ROLLBACK TO SAVEPOINT chiso_added_row")?;
                    let Some(taken) = row_with_key(&tx, row)? else {
                        return Err(error);
                    };
                    let conflict = conflict_with(&tx, id, now.as_ref(), Some(&taken), &then)?;
                    drop(tx);
                    report.conflicted += 1;
                    report.conflicts.push(conflict);
                    return Ok(());
                }
                tx.execute_batch("RELEASE SAVEPOINT chiso_added_row")?;
                let changes = figure_changes(added.id, &added.fields, &row.fields);
                for change in &changes {
                    super::edit::set_cell(&tx, change, EditOrigin::Edit)?;
                }
                tx.commit()?;
                report.applied += changes.len() as u64;
                report.rows_added += 1;
            }
            (Some(row), Some(stored)) => {
                tx.commit()?;
                let changes = figure_changes(stored.id, &stored.fields, &row.fields);
                report.applied += changes.len() as u64;
                server.apply_command(&EditCommand::SetCells(changes), EditOrigin::Edit)?;
            }
            (None, None) => {}
        }
        Ok(())
    }
}

/// The database's row with the key of `row`, as it stands.
fn row_with_key(tx: &Conn, row: &ObservationSnapshot) -> Result<Option<ObservationSnapshot>> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND period = ?3",
            params![row.indicator_id, row.agency_id, row.period],
            |found| found.get(0),
        )
        .optional()?;
    match id {
        Some(id) => super::edit::snapshot(tx, id),
        None => Ok(None),
    }
}

/// A row someone changed, added or deleted in the database first: the
/// first field where it differs from what the copy started from, who
/// changed that field last, and what the copy wanted.
fn conflict_with(
    tx: &Conn,
    id: i64,
    now: Option<&ObservationSnapshot>,
    there: Option<&ObservationSnapshot>,
    then: &[FieldValue; 6],
) -> Result<super::EditConflict> {
    let index = (0..6)
        .find(|&index| there.map_or(&FieldValue::Null, |row| &row.fields[index]) != &then[index])
        .unwrap_or(0);
    let field = Field::ALL[index];
    let (by, at) = match there {
        Some(row) => super::edit::last_change(tx, row.id, field.as_str())?,
        None => (None, None),
    };
    let figure = match now.or(there) {
        Some(row) => tx.query_row(
            "SELECT i.code || ' / ' || a.code || ' / ' || ?3 FROM indicator i, agency a \
             WHERE i.id = ?1 AND a.id = ?2",
            params![row.indicator_id, row.agency_id, row.period],
            |row| row.get(0),
        )?,
        None => format!("#{id}"),
    };
    Ok(super::EditConflict {
        observation_id: there.map_or(id, |row| row.id),
        figure,
        field,
        started_from: then[index].clone(),
        wanted: now.map_or(FieldValue::Null, |row| row.fields[index].clone()),
        now: there.map_or(FieldValue::Null, |row| row.fields[index].clone()),
        by,
        at,
    })
}

/// The changes that make a row's figures `to` from `from`.
fn figure_changes(id: i64, from: &[FieldValue; 6], to: &[FieldValue; 6]) -> Vec<CellChange> {
    Field::ALL
        .into_iter()
        .zip(from.iter().zip(to))
        .filter(|(_, (old, new))| old != new)
        .map(|(field, (old, new))| CellChange {
            observation_id: id,
            field,
            old: old.clone(),
            new: new.clone(),
        })
        .collect()
}

/// Rows as PostgreSQL's `COPY` text, sent in one `COPY … FROM STDIN`.
fn copy_rows(pg: &super::db::PgConn, table: &str, columns: &str, rows: &[Vec<Cell>]) -> Result<()> {
    use std::io::Write as _;
    let mut text = Vec::new();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            if index > 0 {
                text.push(b'\t');
            }
            match cell {
                Cell::Null => text.extend_from_slice(b"\\N"),
                Cell::Integer(value) => {
                    let _ = write!(text, "{value}");
                }
                Cell::Real(value) => {
                    let _ = write!(text, "{value}");
                }
                Cell::Text(value) => super::import::copy_escape(&mut text, value),
                Cell::Blob(bytes) => {
                    text.extend_from_slice(b"\\\\x");
                    for byte in bytes {
                        let _ = write!(text, "{byte:02x}");
                    }
                }
            }
        }
        text.push(b'\n');
    }
    let mut client = pg.client();
    let mut writer = client.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?;
    writer
        .write_all(&text)
        .map_err(|error| StoreError::Invalid(format!("COPY into {table} failed: {error}")))?;
    writer.finish()?;
    Ok(())
}

/// Every table, chunk by chunk in id order: (observations, log entries,
/// the last log id).
fn copy_tables(from: &Conn, to: &Conn) -> Result<(u64, u64, i64)> {
    let tx = to.transaction()?;
    let (mut observations, mut log_entries, mut last_log_id) = (0, 0, 0);
    for (table, columns) in TABLES {
        let count = columns.split(',').count();
        let marks: Vec<String> = (1..=count).map(|n| format!("?{n}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            marks.join(", ")
        );
        // A reference to a row further on (a parent) is set once all are in.
        let (columns_now, parents) = match *table {
            "indicator" | "agency" => (columns.replace("parent_id", "NULL"), true),
            _ => ((*columns).to_owned(), false),
        };
        let select =
            format!("SELECT {columns_now} FROM {table} WHERE id > ?1 ORDER BY id LIMIT ?2");
        // Into PostgreSQL's empty table, the figures go in without the key
        // index and references, made again once (as an import does).
        let rebuild = *table == "observation"
            && to.backend() == Backend::Postgres
            && super::import::drop_observation_keys(&tx)?;
        let mut after = i64::MIN;
        loop {
            let rows: Vec<Vec<Cell>> = from
                .prepare(&select)?
                .query_map(params![after, CHUNK], |row| {
                    (0..count).map(|index| row.get_ref(index)).collect()
                })?
                .collect::<Result<_>>()?;
            let Some(last) = rows.last() else { break };
            after = match last[0] {
                Cell::Integer(id) => id,
                _ => {
                    return Err(StoreError::Invalid(format!(
                        "{table} has a row without an id"
                    )));
                }
            };
            if let Some(pg) = to.postgres() {
                // Into PostgreSQL: one COPY per chunk, not a round trip a row.
                copy_rows(pg, table, columns, &rows)?;
            } else {
                let mut statement = tx.prepare_cached(&insert)?;
                for row in &rows {
                    let values: Vec<&dyn rusqlite::ToSql> = row
                        .iter()
                        .map(|cell| cell as &dyn rusqlite::ToSql)
                        .collect();
                    statement.execute(&values)?;
                }
            }
            match *table {
                "observation" => observations += rows.len() as u64,
                "edit_log" => {
                    log_entries += rows.len() as u64;
                    last_log_id = after;
                }
                _ => {}
            }
        }
        if rebuild {
            super::import::add_observation_primary_key(&tx)?;
            tx.execute_batch(super::schema::OBSERVATION_KEY_INDEX)?;
            super::import::add_observation_references(&tx)?;
        }
        if parents {
            let mut parents_of = from.prepare(&format!(
                "SELECT id, parent_id FROM {table} WHERE parent_id IS NOT NULL"
            ))?;
            let pairs: Vec<(i64, i64)> = parents_of
                .query_map(params![], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_>>()?;
            let mut set =
                tx.prepare_cached(&format!("UPDATE {table} SET parent_id = ?2 WHERE id = ?1"))?;
            for (id, parent) in pairs {
                set.execute(params![id, parent])?;
            }
        }
    }
    let mut succession = from
        .prepare("SELECT predecessor_id, successor_id, effective, whole FROM agency_succession")?;
    let rows: Vec<Vec<Cell>> = succession
        .query_map(params![], |row| {
            (0..4).map(|index| row.get_ref(index)).collect()
        })?
        .collect::<Result<_>>()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO agency_succession (predecessor_id, successor_id, effective, whole) \
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for row in &rows {
            let values: Vec<&dyn rusqlite::ToSql> = row
                .iter()
                .map(|cell| cell as &dyn rusqlite::ToSql)
                .collect();
            insert.execute(&values)?;
        }
    }
    if to.backend() == Backend::Postgres {
        // Ids were given: the identities go on after the highest.
        for (table, _) in TABLES {
            tx.execute_batch(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            ))?;
        }
    }
    tx.commit()?;
    Ok((observations, log_entries, last_log_id))
}
