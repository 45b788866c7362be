//! Edits of observations, each written at once and logged in `edit_log`.

use rusqlite::params;

use super::db::{Conn, OptionalRow};

use super::import::{field_from_sql, field_to_sql, fields_from_row};
use super::{NOW_SQL, Result, Store, StoreError};
use crate::domain::edit::{CellChange, EditCommand, ObservationSnapshot};
use crate::domain::{Field, FieldValue};

/// Why an edit is written: the user, an undo, a redo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditOrigin {
    Edit,
    Undo,
    Redo,
}

impl EditOrigin {
    fn as_str(self) -> &'static str {
        match self {
            EditOrigin::Edit => "edit",
            EditOrigin::Undo => "undo",
            EditOrigin::Redo => "redo",
        }
    }
}

/// A row the user adds.
#[derive(Clone, Debug, PartialEq)]
pub struct NewObservation {
    pub indicator_id: i64,
    pub agency_id: i64,
    pub period: String,
}

fn log(
    tx: &Conn,
    observation_id: i64,
    field: &str,
    old: &FieldValue,
    new: &FieldValue,
    origin: &str,
) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO edit_log (at, observation_id, field, old_value, new_value, origin, \"user\") \
         VALUES ({NOW_SQL}, ?1, ?2, ?3, ?4, ?5, ?6)"
    ))?
    .execute(params![
        observation_id,
        field,
        field_to_sql(old),
        field_to_sql(new),
        origin,
        super::os_user()
    ])?;
    Ok(())
}

pub(crate) fn snapshot(tx: &Conn, id: i64) -> Result<Option<ObservationSnapshot>> {
    tx
        .prepare_cached(
            "SELECT id, indicator_id, agency_id, period, value, numerator, denominator, target, qualifier, \
             note, batch_id, source_line FROM observation WHERE id = ?1",
        )?
        .query_row(params![id], |row| {
            Ok(ObservationSnapshot {
                id: row.get(0)?,
                indicator_id: row.get(1)?,
                agency_id: row.get(2)?,
                period: row.get(3)?,
                fields: fields_from_row(row, 4)?,
                batch_id: row.get(10)?,
                source_line: row.get(11)?,
            })
        })
        .optional()
}

/// The key of a row as the log names it when it is added or deleted.
pub(crate) const ROW_FIELD: &str = "observation";

impl Store {
    /// Applies a command in one transaction, logging every change with `origin`
    /// (a delete is logged as `delete` unless it undoes or redoes).
    pub fn apply_command(&mut self, command: &EditCommand, origin: EditOrigin) -> Result<()> {
        let tx = self.conn.transaction()?;
        match command {
            EditCommand::SetCells(changes) => {
                for change in changes {
                    set_cell(&tx, change, origin)?;
                }
            }
            EditCommand::Insert(rows) => {
                for row in rows {
                    insert_snapshot(&tx, row, origin)?;
                }
            }
            EditCommand::Delete(rows) => {
                let origin_text = if origin == EditOrigin::Edit {
                    "delete"
                } else {
                    origin.as_str()
                };
                for row in rows {
                    delete_row(&tx, row, origin_text)?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The rows as they stand, for deleting them with a way back.
    pub fn snapshots(&mut self, ids: &[i64]) -> Result<Vec<ObservationSnapshot>> {
        let tx = self.conn.transaction()?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = snapshot(&tx, *id)? {
                rows.push(row);
            }
        }
        tx.commit()?;
        Ok(rows)
    }

    /// Adds an empty observation for (indicator, agency, period); refuses a key that exists.
    pub fn new_observation(&mut self, new: &NewObservation) -> Result<ObservationSnapshot> {
        let exists: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND period = ?3",
                params![new.indicator_id, new.agency_id, new.period],
                |row| row.get(0),
            )
            .optional()?;
        if exists.is_some() {
            return Err(StoreError::Invalid(format!(
                "there is already a figure for this indicator, agency and period {}",
                new.period
            )));
        }
        let row = ObservationSnapshot {
            id: next_observation_id(&self.conn)?,
            indicator_id: new.indicator_id,
            agency_id: new.agency_id,
            period: new.period.clone(),
            fields: Default::default(),
            batch_id: None,
            source_line: None,
        };
        self.apply_command(&EditCommand::Insert(vec![row.clone()]), EditOrigin::Edit)?;
        Ok(row)
    }
}

/// A figure someone else changed after the analyst read it: the edit is
/// not written, and the analyst chooses (write theirs over it, or keep it).
#[derive(Clone, Debug, PartialEq)]
pub struct EditConflict {
    pub observation_id: i64,
    /// "CTS_TONG / 56 / 2021": the figure's indicator, agency and period.
    pub figure: String,
    pub field: Field,
    /// What the analyst saw and started from.
    pub started_from: FieldValue,
    /// What the analyst wanted to write.
    pub wanted: FieldValue,
    /// What the database holds now.
    pub now: FieldValue,
    /// Who changed it last, and when (UTC, as the log writes it), if the
    /// log says.
    pub by: Option<String>,
    pub at: Option<String>,
}

impl std::fmt::Display for EditConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |value: &FieldValue| value.to_log_text().unwrap_or_else(|| "(empty)".to_owned());
        write!(
            f,
            "the {} of {} was changed to {} by {} at {} after you read {}; your {} is not written",
            self.field.as_str(),
            self.figure,
            text(&self.now),
            self.by.as_deref().unwrap_or("someone"),
            self.at.as_deref().unwrap_or("an unknown time"),
            text(&self.started_from),
            text(&self.wanted)
        )
    }
}

/// Who last changed a field of an observation, and when, as the log says.
pub(crate) fn last_change(
    tx: &Conn,
    observation_id: i64,
    field: &str,
) -> Result<(Option<String>, Option<String>)> {
    let last: Option<(Option<String>, String)> = tx
        .query_row(
            "SELECT \"user\", at FROM edit_log WHERE observation_id = ?1 AND field = ?2 \
             ORDER BY id DESC LIMIT 1",
            params![observation_id, field],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(last.map_or((None, None), |(by, at)| (by, Some(at))))
}

pub(crate) fn set_cell(tx: &Conn, change: &CellChange, origin: EditOrigin) -> Result<()> {
    let field = change.field.as_str();
    let lock = if tx.backend() == super::Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let current = tx
        .query_row(
            &format!("SELECT {field} FROM observation WHERE id = ?1{lock}"),
            params![change.observation_id],
            |row| Ok(field_from_sql(row.get_ref(0)?)),
        )
        .optional()?
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "observation {} no longer exists",
                change.observation_id
            ))
        })?;
    if current == change.new {
        return Ok(());
    }
    if current != change.old {
        let (by, at) = last_change(tx, change.observation_id, field)?;
        let figure = tx.query_row(
            "SELECT i.code || ' / ' || a.code || ' / ' || o.period FROM observation o \
             JOIN indicator i ON i.id = o.indicator_id JOIN agency a ON a.id = o.agency_id \
             WHERE o.id = ?1",
            params![change.observation_id],
            |row| row.get(0),
        )?;
        return Err(StoreError::Conflict(Box::new(EditConflict {
            observation_id: change.observation_id,
            figure,
            field: change.field,
            started_from: change.old.clone(),
            wanted: change.new.clone(),
            now: current,
            by,
            at,
        })));
    }
    tx.execute(
        &format!("UPDATE observation SET {field} = ?2 WHERE id = ?1"),
        params![change.observation_id, field_to_sql(&change.new)],
    )?;
    log(
        tx,
        change.observation_id,
        field,
        &current,
        &change.new,
        origin.as_str(),
    )
}

/// The id of a row about to be added. On PostgreSQL it comes from the
/// table's own sequence: one after the largest would be the next one an
/// import's row is given there (and another analyst's new row at the same
/// moment). On SQLite it is one no row has had: the log's entries of a
/// deleted row must not become a new row's history.
pub(crate) fn next_observation_id(conn: &Conn) -> Result<i64> {
    conn.query_row(
        if conn.backend() == super::Backend::Postgres {
            "SELECT nextval(pg_get_serial_sequence('observation', 'id'))"
        } else {
            "SELECT max(coalesce((SELECT max(id) FROM observation), 0), \
             coalesce((SELECT max(observation_id) FROM edit_log), 0)) + 1"
        },
        params![],
        |row| row.get(0),
    )
}

/// Deletes a row, logging each figure it had and its key.
pub(crate) fn delete_row(tx: &Conn, row: &ObservationSnapshot, origin: &str) -> Result<()> {
    for (field, old) in Field::ALL.iter().zip(&row.fields) {
        if *old != FieldValue::Null {
            log(tx, row.id, field.as_str(), old, &FieldValue::Null, origin)?;
        }
    }
    log(
        tx,
        row.id,
        ROW_FIELD,
        &FieldValue::Text(row.period.clone()),
        &FieldValue::Null,
        origin,
    )?;
    tx.prepare_cached("DELETE FROM observation WHERE id = ?1")?
        .execute(params![row.id])?;
    Ok(())
}

pub(crate) fn insert_snapshot(
    tx: &Conn,
    row: &ObservationSnapshot,
    origin: EditOrigin,
) -> Result<()> {
    let values: Vec<rusqlite::types::Value> = row.fields.iter().map(field_to_sql).collect();
    tx.prepare_cached(
        "INSERT INTO observation (id, indicator_id, agency_id, period, value, numerator, denominator, target, \
         qualifier, note, batch_id, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        row.id,
        row.indicator_id,
        row.agency_id,
        row.period,
        values[0],
        values[1],
        values[2],
        values[3],
        values[4],
        values[5],
        row.batch_id,
        row.source_line
    ])?;
    log(
        tx,
        row.id,
        ROW_FIELD,
        &FieldValue::Null,
        &FieldValue::Text(row.period.clone()),
        origin.as_str(),
    )?;
    for (field, new) in Field::ALL.iter().zip(&row.fields) {
        if *new != FieldValue::Null {
            log(
                tx,
                row.id,
                field.as_str(),
                &FieldValue::Null,
                new,
                origin.as_str(),
            )?;
        }
    }
    Ok(())
}
