//! Writing an import: one transaction per file, upsert by
//! (indicator, agency, period), changed values logged with origin `import`.

use foldhash::HashMap;

use rusqlite::params;

use super::db::{Cell, Conn, OptionalRow, Row, Stmt};

use super::{Backend, NOW_SQL, Result, Store, StoreError, schema};
use crate::domain::{
    AgencyDefinition, AgencyRef, Field, FieldSet, FieldValue, Figures, IndicatorDefinition,
    IndicatorRef, Kind, Level, ObservationRecord, Period, Reference, RejectCause, Rejection,
    rollup, text, units,
};

/// What an import says about the file it reads, recorded with the batch.
#[derive(Clone, Debug, Default)]
pub struct BatchInfo {
    pub file_name: String,
    pub file_sha256: Option<String>,
    pub encoding: String,
    pub delimiter: String,
    pub number_format: String,
    pub header_line: u64,
    /// The fields the file has columns for; the others are left as they are.
    pub provided: Vec<Field>,
}

/// What happened to one record.
#[derive(Clone, Debug, PartialEq)]
pub enum UpsertOutcome {
    Inserted,
    Updated,
    Unchanged,
    /// The record could not be written (it is recorded as a rejection).
    Rejected(Rejection),
}

/// What a record did, or why it could not be written.
enum Written {
    Inserted,
    Updated,
    Unchanged,
    Refused(RejectCause),
}

/// The unit a record names for its period, or why it names none.
enum AgencyFor {
    Unit(i64),
    Unnamed,
    Refused(RejectCause),
}

/// Counts of one import, all in observations.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportTotals {
    pub batch_id: i64,
    pub rows_read: u64,
    pub rows_inserted: u64,
    pub rows_updated: u64,
    pub rows_unchanged: u64,
    pub rows_rejected: u64,
    pub rows_skipped: u64,
    /// Units the file names that no list had, made by this import ("5611
    /// Xã ABC"): never attached to a unit of another period.
    pub units_unmatched: Vec<String>,
}

/// One changed figure, for a dry run's report.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ChangedFigure {
    pub line: u64,
    pub indicator_code: String,
    pub agency_code: String,
    pub period: String,
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The most changed figures a session keeps for its report.
const MAX_REPORTED_CHANGES: usize = 10_000;

#[derive(Clone, Copy)]
struct IndicatorEntry {
    id: i64,
    kind: Kind,
}

const SELECT_EXISTING: &str = "SELECT id, value, numerator, denominator, target, qualifier, note, batch_id, source_line \
     FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND period = ?3";
/// A row by its id (a bulk load knows the ids of the rows stored before it).
const SELECT_BY_ID: &str = "SELECT id, value, numerator, denominator, target, qualifier, note, batch_id, source_line \
     FROM observation WHERE id = ?1";
/// The same row, looked up by the id it is guessed to have: one seek into the
/// table instead of one into the key index and one into the table.
const SELECT_GUESSED: &str = "SELECT id, value, numerator, denominator, target, qualifier, note, batch_id, source_line \
     FROM observation WHERE id = ?4 AND indicator_id = ?1 AND agency_id = ?2 AND period = ?3";
const INSERT_OBSERVATION: &str = "INSERT INTO observation (indicator_id, agency_id, period, value, numerator, \
     denominator, target, qualifier, note, batch_id, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const UPDATE_OBSERVATION: &str = "UPDATE observation SET value = ?2, numerator = ?3, denominator = ?4, target = ?5, \
     qualifier = ?6, note = ?7, batch_id = ?8, source_line = ?9 WHERE id = ?1";

/// Rows a bulk load writes with one statement: running a statement costs
/// about as much as the row it inserts.
const ROWS_PER_INSERT: usize = 32;

/// The most rows a table may hold for an import into it to turn into a bulk
/// load (their keys are held in memory, about 40 bytes each).
const BULK_LOAD_MAX_STORED: i64 = 100_000;

/// The values [`bind_row`] binds for one observation.
const COLUMNS_PER_ROW: usize = 11;

/// A row of a bulk load waiting for its statement.
struct PendingRow {
    indicator_id: i64,
    agency_id: i64,
    period: Period,
    fields: [FieldValue; 6],
    line: i64,
}

/// An import in progress: a transaction, the statements it repeats, and the
/// caches that keep it fast.
///
/// Into an empty table it loads in bulk: the key index is dropped and built
/// once at the end (repeated keys are sorted out then), which turns a million
/// random index inserts into one sort, and rows are inserted 32 at a time.
///
/// Into a table that holds up to [`BULK_LOAD_MAX_STORED`] rows it starts
/// with a lookup and an index insert per record, and turns into a bulk load
/// (the stored keys read into memory) once it has read as many records as
/// the table held: reading the keys and building the index again cost about
/// as much per stored row (1.1 µs) as a record costs more without a bulk
/// load (1.7 µs), so a small file into a big table pays nothing for it, and
/// a big file pays at most twice what the better choice would have cost.
pub struct ImportSession<'a> {
    conn: &'a Conn,
    open: bool,
    bulk: bool,
    /// After how many records the import turns into a bulk load, if it may.
    bulk_after: Option<u64>,
    /// In a bulk load, the id of each row stored before it, by key (the key
    /// index is gone until [`ImportSession::finalize`]).
    stored_keys: HashMap<(i64, i64, Period), i64>,
    select_by_id: Stmt<'a>,
    select_existing: Stmt<'a>,
    select_guessed: Stmt<'a>,
    guess: RowGuess,
    insert: Stmt<'a>,
    /// [`ROWS_PER_INSERT`] rows at once, for a bulk load.
    insert_many: Stmt<'a>,
    /// On PostgreSQL, a bulk load's rows go through `COPY` into a staging
    /// table, moved into `observation` by [`ImportSession::finalize`].
    copy: Option<CopyLoad>,
    pending: Vec<PendingRow>,
    update: Stmt<'a>,
    batch_id: i64,
    provided: FieldSet,
    indicator_by_code: HashMap<String, IndicatorEntry>,
    indicator_by_key: HashMap<String, String>,
    indicator_codes: HashMap<i64, String>,
    agency_by_code: HashMap<String, i64>,
    agency_by_key: HashMap<String, String>,
    /// Codes that meant different units over time (the 2025 reform reused
    /// them), or a unit that ended: each unit with its validity.
    agency_eras: HashMap<String, Vec<UnitEra>>,
    /// Names without their administrative prefixes ("khánh hòa"), with the
    /// codes and levels of the units so named.
    agency_by_bare_name: HashMap<String, Vec<(String, Option<Level>)>>,
    agency_levels: HashMap<i64, Option<Level>>,
    agency_codes: HashMap<i64, String>,
    /// What each of the reader's reference numbers resolved to (None: the
    /// reference names nothing).
    indicator_numbers: Vec<Option<Option<IndicatorEntry>>>,
    agency_numbers: Vec<Option<Option<AgencyChoice>>>,
    /// For observations this file left unchanged, the line that did (by id;
    /// 0 = not seen), so a later line with the same key is seen as a repeat.
    seen_unchanged: Vec<u32>,
    totals: ImportTotals,
    changes: Vec<ChangedFigure>,
}

#[derive(Clone)]
struct Existing {
    id: i64,
    fields: [FieldValue; 6],
    batch_id: Option<i64>,
    source_line: Option<u64>,
}

/// The insert of [`ROWS_PER_INSERT`] rows.
fn insert_many_sql() -> String {
    let row = format!("({})", ["?"; COLUMNS_PER_ROW].join(", "));
    let rows = vec![row; ROWS_PER_INSERT].join(", ");
    format!(
        "INSERT INTO observation (indicator_id, agency_id, period, value, numerator, denominator, \
         target, qualifier, note, batch_id, source_line) VALUES {rows}"
    )
}

/// Binds a row's eleven values from parameter `first + 1` on.
fn bind_row(
    statement: &mut rusqlite::Statement<'_>,
    first: usize,
    row: &PendingRow,
    batch_id: i64,
) -> Result<()> {
    statement.raw_bind_parameter(first + 1, row.indicator_id)?;
    statement.raw_bind_parameter(first + 2, row.agency_id)?;
    statement.raw_bind_parameter(first + 3, row.period.as_str())?;
    for (index, field) in row.fields.iter().enumerate() {
        statement.raw_bind_parameter(first + 4 + index, field_ref(field))?;
    }
    statement.raw_bind_parameter(first + 10, batch_id)?;
    statement.raw_bind_parameter(first + 11, row.line)?;
    Ok(())
}

/// The six figure fields of a row, from column `first` on (in the order of
/// [`Field::ALL`]).
pub(crate) fn fields_from_row(row: &Row<'_>, first: usize) -> Result<[FieldValue; 6]> {
    Ok([
        field_from_sql(row.get_ref(first)?),
        field_from_sql(row.get_ref(first + 1)?),
        field_from_sql(row.get_ref(first + 2)?),
        field_from_sql(row.get_ref(first + 3)?),
        field_from_sql(row.get_ref(first + 4)?),
        field_from_sql(row.get_ref(first + 5)?),
    ])
}

/// The key and id of every stored observation.
fn read_stored_keys(conn: &Conn) -> Result<HashMap<(i64, i64, Period), i64>> {
    let mut statement =
        conn.prepare("SELECT indicator_id, agency_id, period, id FROM observation")?;
    let mut rows = statement.query(params![])?;
    let mut keys = HashMap::default();
    while let Some(row) = rows.next()? {
        let text: String = row.get(2)?;
        // A record's period is canonical, so a row whose period is not (one
        // another program wrote) can never have a record's key: left out.
        if let Some(period) = Period::parse(&text).filter(|period| period.as_str() == text) {
            keys.insert((row.get(0)?, row.get(1)?, period), row.get(3)?);
        }
    }
    Ok(keys)
}

fn read_existing(row: &Row<'_>) -> Result<Existing> {
    Ok(Existing {
        id: row.get(0)?,
        fields: fields_from_row(row, 1)?,
        batch_id: row.get(7)?,
        source_line: row.get::<Option<i64>>(8)?.map(|line| line as u64),
    })
}

/// Which row id the next record probably has: the one after the last row
/// found. Guesses are made while they pay: after a run of misses (a file in
/// another order) only one record in [`RowGuess::PROBE_EVERY`] tries one.
#[derive(Debug)]
struct RowGuess {
    next_id: Option<i64>,
    /// Rises with hits, falls with misses; guesses are made while above 0.
    credit: u32,
    records: u64,
}

impl RowGuess {
    const PROBE_EVERY: u64 = 64;
    const HIT_CREDIT: u32 = 8;
    const MAX_CREDIT: u32 = 64;

    fn new() -> Self {
        RowGuess {
            next_id: None,
            credit: Self::HIT_CREDIT,
            records: 0,
        }
    }

    /// The id to try for the next record, if a guess is worth a seek.
    fn next(&mut self) -> Option<i64> {
        self.records += 1;
        let worth = self.credit > 0 || self.records.is_multiple_of(Self::PROBE_EVERY);
        self.next_id.filter(|_| worth)
    }

    /// What the record's lookup found, and whether that was the guess.
    fn record(&mut self, found: Option<i64>, guessed: bool) {
        if guessed {
            self.credit = match found {
                Some(_) => (self.credit + Self::HIT_CREDIT).min(Self::MAX_CREDIT),
                None => self.credit.saturating_sub(1),
            };
        }
        if let Some(id) = found {
            self.next_id = Some(id + 1);
        }
    }
}

fn figures_to_fields(figures: &Figures) -> [FieldValue; 6] {
    [
        FieldValue::from_number(figures.value),
        FieldValue::from_number(figures.numerator),
        FieldValue::from_number(figures.denominator),
        FieldValue::from_number(figures.target),
        FieldValue::from_text(figures.qualifier.as_deref()),
        FieldValue::from_text(figures.note.as_deref()),
    ]
}

pub(crate) fn field_to_sql(value: &FieldValue) -> rusqlite::types::Value {
    match value {
        FieldValue::Null => rusqlite::types::Value::Null,
        FieldValue::Number(number) => rusqlite::types::Value::Real(*number),
        FieldValue::Text(text) => rusqlite::types::Value::Text(text.clone()),
    }
}

/// Borrows a field for binding, without copying its text.
fn field_ref(value: &FieldValue) -> rusqlite::types::ToSqlOutput<'_> {
    use rusqlite::types::{ToSqlOutput, Value, ValueRef};
    match value {
        FieldValue::Null => ToSqlOutput::Owned(Value::Null),
        FieldValue::Number(number) => ToSqlOutput::Owned(Value::Real(*number)),
        FieldValue::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
    }
}

pub(crate) fn field_from_sql(value: Cell) -> FieldValue {
    match value {
        Cell::Null => FieldValue::Null,
        Cell::Integer(number) => FieldValue::Number(number as f64),
        Cell::Real(number) => FieldValue::Number(number),
        Cell::Text(text) => FieldValue::Text(text),
        Cell::Blob(bytes) => FieldValue::Text(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

impl Store {
    /// Starts an import: a transaction and a batch row. Nothing is visible to
    /// others until [`ImportSession::finish`] commits.
    ///
    /// The session checks no foreign keys: every indicator, agency and batch
    /// id it writes is one it looked up or inserted itself in the same
    /// transaction, and the three lookups per row were a tenth of the import.
    /// They are checked again as soon as the session ends.
    pub fn begin_import(&mut self, info: &BatchInfo) -> Result<ImportSession<'_>> {
        let conn: &Conn = &self.conn;
        if conn.backend() == Backend::Postgres {
            // One import at a time writes figures (a second one waits here
            // for the first to end), while everyone can still read them.
            conn.execute_batch("BEGIN; LOCK TABLE observation IN SHARE ROW EXCLUSIVE MODE")?;
            let started = ImportSession::start(conn, info);
            if started.is_err() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            return started;
        }
        // (Only outside a transaction does this pragma take effect.)
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        if let Err(error) = conn.execute_batch("BEGIN IMMEDIATE") {
            // Another program holds the write lock: nothing began.
            let _ = conn.execute_batch("PRAGMA foreign_keys = ON");
            return Err(error);
        }
        // From here on, dropping the session rolls back.
        let started = ImportSession::start(conn, info);
        if started.is_err() {
            let _ = end_transaction(conn, "ROLLBACK");
        }
        started
    }

    /// Loads an official list of agencies (codes, names, levels, parents),
    /// updating the ones already known by code. Returns (inserted, updated).
    pub fn upsert_agencies(&mut self, agencies: &[AgencyDefinition]) -> Result<(u64, u64)> {
        self.upsert_units(agencies, None)
    }

    /// Loads the indicator catalogue (names, units, kinds, groups, parts and
    /// direction), updating indicators already known by code. Returns (inserted, updated).
    pub fn upsert_indicators(&mut self, indicators: &[IndicatorDefinition]) -> Result<(u64, u64)> {
        let tx = self.conn.transaction()?;
        let (mut inserted, mut updated) = (0, 0);
        {
            let mut upsert = tx.prepare(
                "INSERT INTO indicator (code, name, unit, kind, group_code, higher_is_better, name_key, aggregation) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit = excluded.unit, \
                 kind = excluded.kind, group_code = excluded.group_code, \
                 higher_is_better = excluded.higher_is_better, name_key = excluded.name_key, \
                 aggregation = excluded.aggregation",
            )?;
            let mut exists = tx.prepare("SELECT 1 FROM indicator WHERE code = ?1")?;
            for indicator in indicators {
                let known = exists.exists(params![indicator.code])?;
                upsert.execute(params![
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    indicator.kind.as_str(),
                    indicator.group_code,
                    i64::from(indicator.direction == crate::domain::Direction::HigherIsBetter),
                    text::match_key(&indicator.name),
                    indicator
                        .aggregation
                        .unwrap_or_else(|| crate::domain::Aggregation::default_for(indicator.kind))
                        .as_str(),
                ])?;
                if known {
                    updated += 1;
                } else {
                    inserted += 1;
                }
            }
            let mut set_parent = tx.prepare(
                "UPDATE indicator SET parent_id = (SELECT id FROM indicator WHERE code = ?2) WHERE code = ?1",
            )?;
            for indicator in indicators {
                if let Some(parent) = &indicator.parent_code {
                    let parent_known: bool = tx
                        .query_row(
                            "SELECT 1 FROM indicator WHERE code = ?1",
                            params![parent],
                            |_| Ok(true),
                        )
                        .optional()?
                        .unwrap_or(false);
                    if !parent_known {
                        return Err(StoreError::Invalid(format!(
                            "indicator {} names parent {parent}, which is not in the catalogue",
                            indicator.code
                        )));
                    }
                    set_parent.execute(params![indicator.code, parent])?;
                }
            }
        }
        tx.commit()?;
        Ok((inserted, updated))
    }
}

impl<'a> ImportSession<'a> {
    fn start(conn: &'a Conn, info: &BatchInfo) -> Result<ImportSession<'a>> {
        let batch_id: i64 = conn.query_row(
            &format!(
                "INSERT INTO import_batch (file_name, file_sha256, imported_at, encoding, delimiter, \
                 number_format, header_line) VALUES (?1, ?2, {NOW_SQL}, ?3, ?4, ?5, ?6) RETURNING id"
            ),
            params![
                info.file_name,
                info.file_sha256,
                info.encoding,
                info.delimiter,
                info.number_format,
                info.header_line as i64
            ],
            |row| row.get(0),
        )?;
        let provided: FieldSet = info.provided.iter().copied().collect();
        // How many rows the table holds, at most: the highest id is one seek
        // where a count reads the whole table (rows deleted leave the
        // estimate high, which only makes a bulk load less likely).
        let (any, highest_id): (bool, i64) = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM observation), coalesce(max(id), 0) FROM observation",
            params![],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let copy = if conn.backend() == Backend::Postgres {
            Some(CopyLoad::start(conn, !any)?)
        } else {
            None
        };
        // On PostgreSQL every new row goes through the staging table.
        let bulk = !any && copy.is_none();
        if bulk {
            conn.execute_batch("DROP INDEX observation_key")?;
        }
        let mut session = ImportSession {
            conn,
            open: true,
            bulk,
            bulk_after: (any && highest_id <= BULK_LOAD_MAX_STORED && copy.is_none())
                .then_some(highest_id.max(0) as u64),
            stored_keys: HashMap::default(),
            select_by_id: conn.prepare(SELECT_BY_ID)?,
            select_existing: conn.prepare(SELECT_EXISTING)?,
            select_guessed: conn.prepare(SELECT_GUESSED)?,
            guess: RowGuess::new(),
            insert: conn.prepare(INSERT_OBSERVATION)?,
            insert_many: conn.prepare(&insert_many_sql())?,
            copy,
            pending: Vec::with_capacity(ROWS_PER_INSERT),
            update: conn.prepare(UPDATE_OBSERVATION)?,
            batch_id,
            provided,
            indicator_by_code: HashMap::default(),
            indicator_by_key: HashMap::default(),
            indicator_codes: HashMap::default(),
            agency_by_code: HashMap::default(),
            agency_by_key: HashMap::default(),
            agency_eras: HashMap::default(),
            agency_by_bare_name: HashMap::default(),
            agency_levels: HashMap::default(),
            agency_codes: HashMap::default(),
            indicator_numbers: Vec::new(),
            agency_numbers: Vec::new(),
            seen_unchanged: Vec::new(),
            totals: ImportTotals {
                batch_id,
                ..ImportTotals::default()
            },
            changes: Vec::new(),
        };
        session.load_caches()?;
        Ok(session)
    }

    fn load_caches(&mut self) -> Result<()> {
        let mut statement = self
            .conn
            .prepare("SELECT id, code, kind, name_key FROM indicator")?;
        let rows = statement.query_map(params![], |row| {
            Ok((
                row.get::<i64>(0)?,
                row.get::<String>(1)?,
                row.get::<String>(2)?,
                row.get::<String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, code, kind, key) = row?;
            let kind = Kind::parse(&kind).unwrap_or_default();
            self.indicator_by_key
                .entry(key)
                .or_insert_with(|| code.clone());
            self.indicator_codes.insert(id, code.clone());
            self.indicator_by_code
                .insert(code, IndicatorEntry { id, kind });
        }
        drop(statement);
        let mut statement = self.conn.prepare(
            "SELECT id, code, name_key, name, level, valid_from, valid_to FROM agency ORDER BY id",
        )?;
        let rows = statement.query_map(params![], |row| {
            Ok((
                row.get::<i64>(0)?,
                row.get::<String>(1)?,
                row.get::<String>(2)?,
                row.get::<String>(3)?,
                row.get::<Option<String>>(4)?,
                row.get::<Option<String>>(5)?,
                row.get::<Option<String>>(6)?,
            ))
        })?;
        let mut eras: HashMap<String, Vec<UnitEra>> = HashMap::default();
        for row in rows {
            let (id, code, key, name, level, valid_from, valid_to) = row?;
            let level = level.as_deref().and_then(Level::parse);
            self.agency_by_key
                .entry(key)
                .or_insert_with(|| code.clone());
            let bare = units::bare_name(&name).0;
            let named = self.agency_by_bare_name.entry(bare).or_default();
            if !named.iter().any(|(known, _)| *known == code) {
                named.push((code.clone(), level));
            }
            self.agency_codes.insert(id, code.clone());
            self.agency_levels.insert(id, level);
            eras.entry(code.clone()).or_default().push(UnitEra {
                id,
                valid_from,
                valid_to,
            });
            self.agency_by_code.insert(code, id);
        }
        self.agency_eras = eras
            .into_iter()
            .filter(|(_, units)| {
                units.len() > 1
                    || units
                        .iter()
                        .any(|unit| unit.valid_from.is_some() || unit.valid_to.is_some())
            })
            .collect();
        Ok(())
    }

    /// The batch this session writes.
    pub fn batch_id(&self) -> i64 {
        self.batch_id
    }

    /// Counts so far.
    pub fn totals(&self) -> &ImportTotals {
        &self.totals
    }

    /// Changed figures so far (the first ten thousand), for a dry run's report.
    pub fn changes(&self) -> &[ChangedFigure] {
        &self.changes
    }

    /// Records the file's SHA-256 with the batch.
    pub fn set_sha256(&mut self, sha256: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE import_batch SET file_sha256 = ?2 WHERE id = ?1",
            params![self.batch_id, sha256],
        )?;
        Ok(())
    }

    /// Records a line the reader skipped (title, section, total or note).
    pub fn note_skipped(&mut self) {
        self.totals.rows_skipped += 1;
    }

    /// Records a rejection (the reader's, or one of [`UpsertOutcome::Rejected`]).
    pub fn reject(&mut self, rejection: &Rejection) -> Result<()> {
        self.totals.rows_read += 1;
        self.record_rejection(rejection)
    }

    fn record_rejection(&mut self, rejection: &Rejection) -> Result<()> {
        self.totals.rows_rejected += 1;
        self.conn
            .prepare_cached(
                "INSERT INTO import_rejection (batch_id, line, \"column\", raw, message, cause) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                self.batch_id,
                rejection.line as i64,
                rejection.column,
                rejection.raw,
                rejection.message(),
                rejection.cause.to_json()
            ])?;
        Ok(())
    }

    fn resolve_indicator(
        &mut self,
        reference: &IndicatorRef,
        figures: &Figures,
    ) -> Result<Option<IndicatorEntry>> {
        if let Some(entry) = self.known_indicator(reference) {
            return Ok(Some(entry));
        }
        if let Some(code) = reference.code.as_deref().filter(|code| !code.is_empty()) {
            let name = reference.name.as_deref().unwrap_or(code).to_owned();
            return self
                .create_indicator(code.to_owned(), &name, reference, figures)
                .map(Some);
        }
        let Some(name) = reference.name.as_deref().filter(|name| !name.is_empty()) else {
            return Ok(None);
        };
        let code = free_code(&text::code_from_name(name), |code| {
            self.indicator_by_code.contains_key(code)
        });
        self.create_indicator(code, name, reference, figures)
            .map(Some)
    }

    /// How many stored rows the session holds for the records to come.
    #[cfg(test)]
    fn rows_held(&self) -> usize {
        self.copy.as_ref().map_or(0, |copy| copy.stored.len())
    }

    /// The stored indicator a spelled-out reference names, by its code or
    /// else its name; None when it would be made.
    fn known_indicator(&self, reference: &IndicatorRef) -> Option<IndicatorEntry> {
        let code = if let Some(code) = reference.code.as_deref().filter(|code| !code.is_empty()) {
            code
        } else {
            let name = reference.name.as_deref().filter(|name| !name.is_empty())?;
            self.indicator_by_key.get(&text::match_key(name))?
        };
        self.indicator_by_code.get(code).copied()
    }

    fn create_indicator(
        &mut self,
        code: String,
        name: &str,
        reference: &IndicatorRef,
        figures: &Figures,
    ) -> Result<IndicatorEntry> {
        let kind = reference
            .kind
            .or_else(|| reference.unit.as_deref().and_then(Kind::from_unit))
            .unwrap_or_else(|| match figures.value {
                Some(value) if value.fract() != 0.0 => Kind::Amount,
                _ => Kind::Count,
            });
        let key = text::match_key(name);
        let id = self
            .conn
            .prepare_cached("INSERT INTO indicator (code, name, unit, kind, name_key) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id")?
            .query_row(params![code, name, reference.unit, kind.as_str(), key], |row| row.get(0))?;
        let entry = IndicatorEntry { id, kind };
        self.indicator_by_key
            .entry(key)
            .or_insert_with(|| code.clone());
        self.indicator_codes.insert(entry.id, code.clone());
        self.indicator_by_code.insert(code, entry);
        Ok(entry)
    }

    fn resolve_agency(&mut self, reference: &AgencyRef) -> Result<Option<AgencyChoice>> {
        if let Some(choice) = self.known_agency(reference) {
            return Ok(Some(choice));
        }
        if let Some(code) = reference.code.as_deref().filter(|code| !code.is_empty()) {
            let name = reference.name.as_deref().unwrap_or(code).to_owned();
            return self
                .create_agency(code.to_owned(), &name, reference.level)
                .map(|id| Some(AgencyChoice::Unit(id)));
        }
        let Some(name) = reference.name.as_deref().filter(|name| !name.is_empty()) else {
            return Ok(None);
        };
        let code = free_code(&text::code_from_name(name), |code| {
            self.agency_by_code.contains_key(code)
        });
        self.create_agency(code, name, reference.level)
            .map(|id| Some(AgencyChoice::Unit(id)))
    }

    /// The stored agency, or units, a spelled-out reference names: by its
    /// code, else its name, else a listed unit of that name ("tỉnh Khánh
    /// Hoà", "TP. Nha Trang", "UBND huyện Cam Lâm") chosen for each record's
    /// period. None when it would be made.
    fn known_agency(&self, reference: &AgencyRef) -> Option<AgencyChoice> {
        if let Some(code) = reference.code.as_deref().filter(|code| !code.is_empty()) {
            return self
                .agency_by_code
                .contains_key(code)
                .then(|| self.choice_of_code(code));
        }
        let name = reference.name.as_deref().filter(|name| !name.is_empty())?;
        if let Some(code) = self.agency_by_key.get(&text::match_key(name))
            && self.agency_by_code.contains_key(code)
        {
            return Some(self.choice_of_code(code));
        }
        let (bare, prefix_levels) = units::bare_name(name);
        let named = self.agency_by_bare_name.get(&bare)?;
        let codes: Vec<Box<str>> = named.iter().map(|(code, _)| code.as_str().into()).collect();
        let level_column = reference.level.map(|level| vec![level]);
        Some(AgencyChoice::ByName {
            name: name.into(),
            codes,
            allowed: level_column.or_else(|| prefix_levels.map(<[Level]>::to_vec)),
        })
    }

    /// A known code: its one unit, or the units it meant over time.
    fn choice_of_code(&self, code: &str) -> AgencyChoice {
        if self.agency_eras.contains_key(code) {
            AgencyChoice::ByPeriod(code.into())
        } else {
            AgencyChoice::Unit(self.agency_by_code[code])
        }
    }

    /// The unit a choice means for a period: the one valid at its end.
    fn unit_for(&self, choice: &AgencyChoice, period: &Period) -> Result<i64, RejectCause> {
        // Most codes meant one unit: no date to work out for their records.
        if let AgencyChoice::Unit(id) = choice {
            return Ok(*id);
        }
        let at = rollup::end_date(period);
        let valid_at = |era: &&UnitEra| {
            era.valid_from
                .as_deref()
                .is_none_or(|from| from <= at.as_str())
                && era.valid_to.as_deref().is_none_or(|to| to >= at.as_str())
        };
        match choice {
            AgencyChoice::Unit(id) => Ok(*id),
            AgencyChoice::ByPeriod(code) => {
                let eras = self
                    .agency_eras
                    .get(code.as_ref())
                    .map_or(&[][..], Vec::as_slice);
                eras.iter().find(valid_at).map(|era| era.id).ok_or_else(|| {
                    RejectCause::UnitNotValidThen {
                        code: code.to_string(),
                        period: *period,
                        valid: eras
                            .iter()
                            .map(|era| (era.valid_from.clone(), era.valid_to.clone()))
                            .collect(),
                    }
                })
            }
            AgencyChoice::ByName {
                name,
                codes,
                allowed,
            } => {
                // The units of that name valid then, with their levels.
                let mut units: Vec<(i64, &str, Option<Level>)> = Vec::new();
                for code in codes {
                    let id = match self.agency_eras.get(code.as_ref()) {
                        Some(eras) => eras.iter().find(valid_at).map(|era| era.id),
                        None => self.agency_by_code.get(code.as_ref()).copied(),
                    };
                    if let Some(id) = id {
                        units.push((id, code, self.agency_levels.get(&id).copied().flatten()));
                    }
                }
                let levels: Vec<Option<Level>> = units.iter().map(|unit| unit.2).collect();
                let meant = units::units_meant(allowed.as_deref(), &levels);
                match meant.as_slice() {
                    [index] => Ok(units[*index].0),
                    [] => Err(RejectCause::NoUnitNamed {
                        name: name.to_string(),
                        period: *period,
                    }),
                    several => Err(RejectCause::NameMatchesSeveral {
                        name: name.to_string(),
                        units: several
                            .iter()
                            .map(|index| {
                                let (_, code, level) = units[*index];
                                (code.to_owned(), level)
                            })
                            .collect(),
                    }),
                }
            }
        }
    }

    fn create_agency(&mut self, code: String, name: &str, level: Option<Level>) -> Result<i64> {
        let key = text::match_key(name);
        self.totals.units_unmatched.push(if name == code {
            code.clone()
        } else {
            format!("{code} {name}")
        });
        let id: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO agency (code, name, level, name_key) VALUES (?1, ?2, ?3, ?4) RETURNING id",
            )?
            .query_row(params![code, name, level.map(Level::as_str), key], |row| {
                row.get(0)
            })?;
        self.agency_by_key
            .entry(key)
            .or_insert_with(|| code.clone());
        self.agency_codes.insert(id, code.clone());
        self.agency_levels.insert(id, level);
        self.agency_by_bare_name
            .entry(units::bare_name(name).0)
            .or_default()
            .push((code.clone(), level));
        self.agency_by_code.insert(code, id);
        Ok(id)
    }

    /// The indicator a record's reference resolves to: resolved when it is
    /// spelled out (its first record), remembered by number after that.
    fn indicator_of(
        &mut self,
        reference: &Reference<IndicatorRef>,
        figures: &Figures,
    ) -> Result<Option<IndicatorEntry>> {
        if let Some(spelled) = &reference.spelled {
            let resolved = self.resolve_indicator(spelled, figures)?;
            remember(&mut self.indicator_numbers, reference.number, resolved);
            return Ok(resolved);
        }
        recall(&self.indicator_numbers, reference.number, "indicator")
    }

    /// The agency a record's reference resolves to (as [`Self::indicator_of`]),
    /// for the record's period; or why it resolves to none.
    fn agency_of(
        &mut self,
        reference: &Reference<AgencyRef>,
        period: &Period,
    ) -> Result<AgencyFor> {
        let choice = if let Some(spelled) = &reference.spelled {
            let resolved = self.resolve_agency(spelled)?;
            remember(&mut self.agency_numbers, reference.number, resolved.clone());
            resolved
        } else {
            self.agency_numbers
                .get(reference.number as usize)
                .cloned()
                .flatten()
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "agency reference {} is used before it is spelled out",
                        reference.number
                    ))
                })?
        };
        Ok(match choice {
            Some(choice) => match self.unit_for(&choice, period) {
                Ok(id) => AgencyFor::Unit(id),
                Err(cause) => AgencyFor::Refused(cause),
            },
            None => AgencyFor::Unnamed,
        })
    }

    fn indicator_code(&self, id: i64) -> String {
        self.indicator_codes.get(&id).cloned().unwrap_or_default()
    }

    fn agency_code(&self, id: i64) -> String {
        self.agency_codes.get(&id).cloned().unwrap_or_default()
    }

    /// Before a batch of records is written: on PostgreSQL, the stored rows
    /// of their keys are read in one query (a query for each record would
    /// be a round trip to the server each), and only theirs, so a re-import
    /// of millions of rows holds one batch of them at a time. On SQLite, and
    /// into an empty table, it does nothing.
    pub fn look_ahead<'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r ObservationRecord>,
    ) -> Result<()> {
        if self.copy.as_ref().is_none_or(|copy| copy.direct) {
            return Ok(());
        }
        // Each record's indicator and agency, resolved as its write would
        // resolve them (and in the same order: what a write would make, this
        // makes, and the write then finds it).
        let mut keys = Vec::new();
        for record in records {
            let Some(indicator) = self.indicator_of(&record.indicator, &record.figures)? else {
                continue;
            };
            if let AgencyFor::Unit(agency) = self.agency_of(&record.agency, &record.period)? {
                keys.push((indicator.id, agency, record.period));
            }
        }
        let copy = self.copy.as_mut().expect("checked above");
        copy.read_ahead(self.conn, keys)
    }

    /// Writes one record: insert, update (logging each changed field) or
    /// nothing when it is unchanged.
    pub fn upsert(&mut self, record: &ObservationRecord) -> Result<UpsertOutcome> {
        if self
            .bulk_after
            .is_some_and(|after| self.totals.rows_read >= after)
        {
            self.turn_into_bulk_load()?;
        }
        self.totals.rows_read += 1;
        Ok(match self.upsert_inner(record)? {
            Written::Inserted => {
                self.totals.rows_inserted += 1;
                UpsertOutcome::Inserted
            }
            Written::Updated => {
                self.totals.rows_updated += 1;
                UpsertOutcome::Updated
            }
            Written::Unchanged => {
                self.totals.rows_unchanged += 1;
                UpsertOutcome::Unchanged
            }
            Written::Refused(cause) => {
                let rejection = Rejection {
                    line: record.line,
                    column: Some(record.column),
                    raw: record_raw(record),
                    cause,
                };
                self.record_rejection(&rejection)?;
                UpsertOutcome::Rejected(rejection)
            }
        })
    }

    /// The outcome, or why the record cannot be written.
    fn upsert_inner(&mut self, record: &ObservationRecord) -> Result<Written> {
        let Some(indicator) = self.indicator_of(&record.indicator, &record.figures)? else {
            return Ok(Written::Refused(RejectCause::NamesNoIndicator));
        };
        let agency_id = match self.agency_of(&record.agency, &record.period)? {
            AgencyFor::Unit(agency_id) => agency_id,
            AgencyFor::Unnamed => return Ok(Written::Refused(RejectCause::NamesNoAgency)),
            AgencyFor::Refused(cause) => return Ok(Written::Refused(cause)),
        };
        let derived;
        let figures = if record.value_from_fraction {
            let mut figures = record.figures.clone();
            figures.derive_value_from_fraction(indicator.kind);
            derived = figures;
            &derived
        } else {
            &record.figures
        };
        let new_fields = figures_to_fields(figures);
        let provided = Field::ALL
            .into_iter()
            .filter(|field| {
                let given = self.provided.contains(*field)
                    || (*field == Field::Qualifier && self.provided.contains(Field::Value))
                    || (record.value_from_fraction
                        && matches!(field, Field::Numerator | Field::Denominator));
                given && !record.keeps.contains(*field)
            })
            .collect::<FieldSet>();
        let period = record.period.as_str();
        let existing = self.find_existing(indicator.id, agency_id, record.period)?;
        let Some(existing) = existing else {
            // A column the file does not have is left empty.
            let mut fields = new_fields;
            for (field, name) in fields.iter_mut().zip(Field::ALL) {
                if !provided.contains(name) {
                    *field = FieldValue::Null;
                }
            }
            self.insert_row(PendingRow {
                indicator_id: indicator.id,
                agency_id,
                period: record.period,
                fields,
                line: record.line as i64,
            })?;
            return Ok(Written::Inserted);
        };
        let merged: [FieldValue; 6] = std::array::from_fn(|index| {
            if provided.contains(Field::ALL[index]) {
                new_fields[index].clone()
            } else {
                existing.fields[index].clone()
            }
        });
        let changed: Vec<usize> = (0..6)
            .filter(|&index| merged[index] != existing.fields[index])
            .collect();
        let seen_line = usize::try_from(existing.id)
            .ok()
            .and_then(|index| self.seen_unchanged.get(index))
            .copied()
            .filter(|line| *line > 0);
        let earlier_line = if existing.batch_id == Some(self.batch_id) {
            existing.source_line
        } else {
            seen_line.map(u64::from)
        };
        if let Some(earlier_line) = earlier_line {
            if changed.is_empty() {
                return Ok(Written::Unchanged);
            }
            return Ok(Written::Refused(RejectCause::AlreadyGiven {
                indicator: self.indicator_code(indicator.id),
                agency: self.agency_code(agency_id),
                period: period.to_owned(),
                earlier_line,
            }));
        }
        if changed.is_empty() {
            if let Ok(index) = usize::try_from(existing.id) {
                if self.seen_unchanged.len() <= index {
                    self.seen_unchanged.resize(index + 1, 0);
                }
                self.seen_unchanged[index] = u32::try_from(record.line).unwrap_or(u32::MAX);
            }
            return Ok(Written::Unchanged);
        }
        if let Some(copy) = &mut self.copy {
            copy.updated(
                (indicator.id, agency_id, record.period),
                Existing {
                    fields: merged.clone(),
                    batch_id: Some(self.batch_id),
                    source_line: Some(record.line),
                    ..existing.clone()
                },
            );
        }
        self.update.execute(params![
            existing.id,
            field_ref(&merged[0]),
            field_ref(&merged[1]),
            field_ref(&merged[2]),
            field_ref(&merged[3]),
            field_ref(&merged[4]),
            field_ref(&merged[5]),
            self.batch_id,
            record.line as i64
        ])?;
        for index in changed {
            let field = Field::ALL[index];
            self.conn
                .prepare_cached(&format!(
                    "INSERT INTO edit_log (at, observation_id, field, old_value, new_value, origin, batch_id, \"user\") \
                     VALUES ({NOW_SQL}, ?1, ?2, ?3, ?4, 'import', ?5, ?6)"
                ))?
                .execute(params![
                    existing.id,
                    field.as_str(),
                    field_ref(&existing.fields[index]),
                    field_ref(&merged[index]),
                    self.batch_id,
                    super::os_user()
                ])?;
            if self.changes.len() < MAX_REPORTED_CHANGES {
                let change = ChangedFigure {
                    line: record.line,
                    indicator_code: self.indicator_code(indicator.id),
                    agency_code: self.agency_code(agency_id),
                    period: period.to_owned(),
                    field,
                    old: existing.fields[index].to_log_text(),
                    new: merged[index].to_log_text(),
                };
                self.changes.push(change);
            }
        }
        Ok(Written::Updated)
    }

    /// From here on, a bulk load: every stored key (this import's rows so far
    /// included) read into memory, and the key index dropped.
    fn turn_into_bulk_load(&mut self) -> Result<()> {
        self.bulk_after = None;
        self.stored_keys = read_stored_keys(self.conn)?;
        if self.copy.is_none() {
            self.conn.execute_batch("DROP INDEX observation_key")?;
        }
        self.bulk = true;
        Ok(())
    }

    /// Inserts a new observation: at once, or in a bulk load with the next
    /// rows in one statement (nothing reads the table before it is done).
    fn insert_row(&mut self, row: PendingRow) -> Result<()> {
        if let Some(copy) = &mut self.copy {
            return copy.push(self.conn, row, self.batch_id);
        }
        if !self.bulk {
            return self.insert_now(&row);
        }
        self.pending.push(row);
        if self.pending.len() == ROWS_PER_INSERT {
            let insert_many = self
                .insert_many
                .sqlite_mut()
                .expect("only SQLite loads in bulk by INSERT");
            for (number, row) in self.pending.iter().enumerate() {
                bind_row(insert_many, number * COLUMNS_PER_ROW, row, self.batch_id)?;
            }
            insert_many.raw_execute()?;
            self.pending.clear();
        }
        Ok(())
    }

    fn insert_now(&mut self, row: &PendingRow) -> Result<()> {
        if let Some(insert) = self.insert.sqlite_mut() {
            bind_row(insert, 0, row, self.batch_id)?;
            insert.raw_execute()?;
            return Ok(());
        }
        let [value, numerator, denominator, target, qualifier, note] = &row.fields;
        self.insert.execute(params![
            row.indicator_id,
            row.agency_id,
            row.period.as_str(),
            field_ref(value),
            field_ref(numerator),
            field_ref(denominator),
            field_ref(target),
            field_ref(qualifier),
            field_ref(note),
            self.batch_id,
            row.line
        ])?;
        Ok(())
    }

    /// Writes the rows still waiting for a full statement.
    fn flush_pending(&mut self) -> Result<()> {
        for row in std::mem::take(&mut self.pending) {
            self.insert_now(&row)?;
        }
        Ok(())
    }

    /// The stored observation with this key, if any. In a bulk load that is
    /// one of the rows stored before it turned into one (a row the bulk load
    /// inserted and the file repeats is sorted out by
    /// [`ImportSession::finalize`]). Otherwise: a
    /// re-imported export usually lists its rows in the order the table holds
    /// them, so the row after the last one found is tried first.
    fn find_existing(
        &mut self,
        indicator_id: i64,
        agency_id: i64,
        period: Period,
    ) -> Result<Option<Existing>> {
        if let Some(copy) = &mut self.copy {
            return copy.existing(self.conn, (indicator_id, agency_id, period));
        }
        if self.bulk {
            let Some(&id) = self.stored_keys.get(&(indicator_id, agency_id, period)) else {
                return Ok(None);
            };
            return Ok(Some(
                self.select_by_id.query_row(params![id], read_existing)?,
            ));
        }
        let period = period.as_str();
        if let Some(id) = self.guess.next() {
            let guessed = self
                .select_guessed
                .query_row(params![indicator_id, agency_id, period, id], read_existing)
                .optional()?;
            self.guess.record(guessed.as_ref().map(|row| row.id), true);
            if guessed.is_some() {
                return Ok(guessed);
            }
        }
        let found = self
            .select_existing
            .query_row(params![indicator_id, agency_id, period], read_existing)
            .optional()?;
        self.guess.record(found.as_ref().map(|row| row.id), false);
        Ok(found)
    }

    /// After the last record of a bulk load: sorts out keys the file repeats
    /// (a repeat with the same figures is unchanged, with other figures a
    /// rejection naming the earlier line) and builds the key index. Returns
    /// the new rejections. Does nothing for an ordinary import.
    pub fn finalize(&mut self) -> Result<Vec<Rejection>> {
        if let Some(copy) = &mut self.copy {
            if copy.finalized {
                return Ok(Vec::new());
            }
            copy.flush(self.conn, self.batch_id)?;
            copy.wait()?;
            copy.finalized = true;
            return self.finalize_copy();
        }
        if !self.bulk {
            return Ok(Vec::new());
        }
        self.flush_pending()?;
        self.bulk = false;
        // The reader is done by now: let SQLite sort for the index on both
        // cores, in small in-memory runs (the sorter's memory follows the
        // cache size) so a load of millions of rows stays within ~100 MiB.
        self.conn
            .execute_batch("PRAGMA threads = 2; PRAGMA cache_size = -8192;")?;
        let mut rejections = Vec::new();
        if self
            .conn
            .execute_batch(schema::OBSERVATION_KEY_INDEX)
            .is_err()
        {
            rejections = self.sort_out_repeats("observation", "id")?;
            self.conn.execute_batch(schema::OBSERVATION_KEY_INDEX)?;
        }
        self.conn.execute_batch(&format!(
            "PRAGMA threads = 0; PRAGMA cache_size = {};",
            super::CACHE_SIZE
        ))?;
        Ok(rejections)
    }

    /// [`Self::finalize`] on PostgreSQL: the repeats sorted out in the
    /// staging table, whose rows then go into `observation` in file order.
    fn finalize_copy(&mut self) -> Result<Vec<Rejection>> {
        if self.copy.as_ref().is_some_and(|copy| copy.direct) {
            // Straight into the empty table: its repeats sorted out there,
            // then its key index and references made again (each one pass
            // over the table, where a row at a time costs ten times more).
            // The index is tried first: only a file that repeats a key
            // pays for finding its repeats (a pass that costs more than the
            // index itself). The ids' index comes first: finding them uses it.
            add_observation_primary_key(self.conn)?;
            self.conn.execute_batch("SAVEPOINT chiso_key")?;
            let mut rejections = Vec::new();
            if self
                .conn
                .execute_batch(schema::OBSERVATION_KEY_INDEX)
                .is_err()
            {
                self.conn.execute_batch("ROLLBACK TO SAVEPOINT chiso_key")?;
                rejections = self.sort_out_repeats("observation", "id")?;
                self.conn.execute_batch(schema::OBSERVATION_KEY_INDEX)?;
            }
            self.conn.execute_batch("RELEASE SAVEPOINT chiso_key")?;
            add_observation_references(self.conn)?;
            let copy = self.copy.as_ref().expect("checked above");
            if copy.seq >= copy.first_id {
                // The next id drawn follows the last row's.
                self.conn.query_row(
                    "SELECT setval(pg_get_serial_sequence('observation', 'id'), ?1)",
                    params![copy.seq],
                    |_| Ok(()),
                )?;
            }
            return Ok(rejections);
        }
        let rejections = self.sort_out_repeats(STAGING, "seq")?;
        self.conn.execute_batch(&format!(
            "INSERT INTO observation (indicator_id, agency_id, period, value, numerator, denominator, \
             target, qualifier, note, batch_id, source_line) \
             SELECT indicator_id, agency_id, period, value, numerator, denominator, target, qualifier, \
             note, batch_id, source_line FROM {STAGING} ORDER BY seq; \
             TRUNCATE {STAGING}"
        ))?;
        Ok(rejections)
    }

    /// Deletes the rows of this load whose key an earlier row of it has: the
    /// same figures count as unchanged, other figures as a rejection naming
    /// the earlier line (returned).
    fn sort_out_repeats(&mut self, table: &str, id: &str) -> Result<Vec<Rejection>> {
        let mut rejections = Vec::new();
        {
            let repeats = self.repeated_keys(table, id)?;
            let delete = format!("DELETE FROM {table} WHERE {id} = ?1");
            for (later_id, line, earlier_line, same, indicator_id, agency_id, period, raw) in
                repeats
            {
                self.conn.execute(&delete, params![later_id])?;
                self.totals.rows_inserted -= 1;
                if same {
                    self.totals.rows_unchanged += 1;
                    continue;
                }
                let rejection = Rejection {
                    line,
                    column: None,
                    raw,
                    cause: RejectCause::AlreadyGiven {
                        indicator: self.indicator_code(indicator_id),
                        agency: self.agency_code(agency_id),
                        period,
                        earlier_line,
                    },
                };
                self.record_rejection(&rejection)?;
                rejections.push(rejection);
            }
        }
        Ok(rejections)
    }

    /// Rows whose key an earlier row already has (only rows of this load can:
    /// the keys stored before it were unique and are looked up, not inserted):
    /// (id, line, earlier line, same figures, indicator, agency, period, raw value).
    #[allow(clippy::type_complexity)]
    fn repeated_keys(
        &self,
        table: &str,
        id: &str,
    ) -> Result<Vec<(i64, u64, u64, bool, i64, i64, String, String)>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT later.{id}, later.source_line, first.source_line, \
                    (later.value IS NOT DISTINCT FROM first.value AND later.numerator IS NOT DISTINCT FROM first.numerator \
                     AND later.denominator IS NOT DISTINCT FROM first.denominator AND later.target IS NOT DISTINCT FROM first.target \
                     AND later.qualifier IS NOT DISTINCT FROM first.qualifier AND later.note IS NOT DISTINCT FROM first.note), \
                    later.indicator_id, later.agency_id, later.period, later.value \
             FROM {table} later \
             JOIN (SELECT indicator_id, agency_id, period, min({id}) AS id FROM {table} \
                   GROUP BY indicator_id, agency_id, period HAVING count(*) > 1) keys \
               ON keys.indicator_id = later.indicator_id AND keys.agency_id = later.agency_id \
              AND keys.period = later.period AND later.{id} <> keys.id \
             JOIN {table} first ON first.{id} = keys.id \
             ORDER BY later.{id}",
        ))?;
        let rows = statement.query_map(params![], |row| {
            Ok((
                row.get(0)?,
                row.get::<i64>(1)? as u64,
                row.get::<i64>(2)? as u64,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                match row.get_ref(7)? {
                    Cell::Real(value) => crate::domain::number::format_canonical(value),
                    other => field_from_sql(other).to_log_text().unwrap_or_default(),
                },
            ))
        })?;
        rows.collect::<Result<_>>()
    }

    /// Ends the import: writes the counts into the batch and commits, or rolls
    /// everything back (a dry run, a cancel, or `--strict` with a bad row).
    pub fn finish(mut self, commit: bool) -> Result<ImportTotals> {
        let totals = self.totals.clone();
        self.open = false;
        if !commit {
            end_transaction(self.conn, "ROLLBACK")?;
            return Ok(totals);
        }
        let committed = self.finalize().and_then(|_| {
            self.conn.execute(
                "UPDATE import_batch SET rows_read = ?2, rows_inserted = ?3, rows_updated = ?4, \
                 rows_unchanged = ?5, rows_rejected = ?6, rows_skipped = ?7 WHERE id = ?1",
                params![
                    self.batch_id,
                    self.totals.rows_read as i64,
                    self.totals.rows_inserted as i64,
                    self.totals.rows_updated as i64,
                    self.totals.rows_unchanged as i64,
                    self.totals.rows_rejected as i64,
                    self.totals.rows_skipped as i64
                ],
            )?;
            end_transaction(self.conn, "COMMIT")
        });
        if let Err(error) = committed {
            let _ = end_transaction(self.conn, "ROLLBACK");
            return Err(error);
        }
        Ok(self.totals.clone())
    }
}

impl Drop for ImportSession<'_> {
    /// A session dropped without [`ImportSession::finish`] (an error, a
    /// panic) rolls back: nothing of it is written.
    fn drop(&mut self) {
        if self.open {
            let _ = end_transaction(self.conn, "ROLLBACK");
        }
    }
}

/// Commits or rolls back an import's transaction, and checks foreign keys
/// again whatever happened.
fn end_transaction(conn: &Conn, end: &str) -> Result<()> {
    let ended = conn.execute_batch(end);
    if conn.backend() == Backend::Postgres {
        return ended;
    }
    let checked = conn.execute_batch("PRAGMA foreign_keys = ON");
    ended?;
    checked
}

/// The staging table of a PostgreSQL bulk load (a temporary table: each
/// connection has its own, dropped with it).
const STAGING: &str = "chiso_load";

/// On PostgreSQL, drops `observation`'s indexes and references for a
/// load into it (in the load's transaction); false, with nothing changed,
/// when this account may not (it does not own the table).
pub(crate) fn drop_observation_keys(conn: &Conn) -> Result<bool> {
    conn.execute_batch("SAVEPOINT chiso_direct")?;
    let dropped = conn.execute_batch(&format!(
        "ALTER TABLE observation {}, DROP CONSTRAINT {OBSERVATION_PRIMARY_KEY}; \
         DROP INDEX observation_key",
        OBSERVATION_FOREIGN_KEYS
            .iter()
            .map(|(name, _)| format!("DROP CONSTRAINT {name}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if dropped.is_err() {
        conn.execute_batch("ROLLBACK TO SAVEPOINT chiso_direct")?;
    }
    conn.execute_batch("RELEASE SAVEPOINT chiso_direct")?;
    Ok(dropped.is_ok())
}

/// The name PostgreSQL gives `observation`'s primary key.
const OBSERVATION_PRIMARY_KEY: &str = "observation_pkey";

/// Makes `observation`'s primary key again after a load without it (one
/// sort of the ids, where keeping it costs a step for every row).
pub(crate) fn add_observation_primary_key(conn: &Conn) -> Result<()> {
    conn.execute_batch(&format!(
        "ALTER TABLE observation ADD CONSTRAINT {OBSERVATION_PRIMARY_KEY} PRIMARY KEY (id)"
    ))
}

/// Makes `observation`'s references again, checked in one pass each.
pub(crate) fn add_observation_references(conn: &Conn) -> Result<()> {
    let references: Vec<String> = OBSERVATION_FOREIGN_KEYS
        .iter()
        .map(|(name, definition)| format!("ADD CONSTRAINT {name} {definition}"))
        .collect();
    conn.execute_batch(&format!(
        "ALTER TABLE observation {}",
        references.join(", ")
    ))
}

/// Rows of COPY text sent in one `COPY … FROM STDIN`: small enough that the
/// last one, which nothing overlaps, is short; large enough that a
/// statement's round trip is nothing beside its rows.
const COPY_ROWS: usize = 16_384;

/// A PostgreSQL bulk load: rows as `COPY` text, sent [`COPY_ROWS`] at a time
/// into [`STAGING`] (or straight into an empty `observation`). Each `COPY`
/// is sent by a thread of its own while this one formats the next rows, so
/// the server ingests while the client reads: the two take turns no more.
struct CopyLoad {
    /// The rows to send next, and the number of the last row sent: its
    /// place in the load in the staging table, its id in a direct load.
    rows: Vec<PendingRow>,
    seq: i64,
    /// A direct load's first id (the rows' ids follow in file order).
    first_id: i64,
    /// The `COPY` being sent: its thread holds the client until the server
    /// has taken every row, and gives the emptied buffer back.
    sending: Option<std::thread::JoinHandle<Result<Vec<PendingRow>>>>,
    /// The stored rows of the keys of the records being written, read in
    /// one query for each batch of them ([`ImportSession::look_ahead`]); a
    /// key it has not read is asked for alone.
    stored: HashMap<(i64, i64, Period), Option<Existing>>,
    /// Straight into `observation` (it was empty): no staging table, no
    /// stored rows to look up.
    direct: bool,
    /// [`ImportSession::finalize`] ran (it may be called again by `finish`).
    finalized: bool,
}

/// The references of `observation` on PostgreSQL, by the names PostgreSQL
/// gives them (`store/pg.rs`'s schema declares them inline).
const OBSERVATION_FOREIGN_KEYS: &[(&str, &str)] = &[
    (
        "observation_indicator_id_fkey",
        "FOREIGN KEY (indicator_id) REFERENCES indicator(id)",
    ),
    (
        "observation_agency_id_fkey",
        "FOREIGN KEY (agency_id) REFERENCES agency(id)",
    ),
    (
        "observation_batch_id_fkey",
        "FOREIGN KEY (batch_id) REFERENCES import_batch(id) ON DELETE SET NULL",
    ),
];

impl CopyLoad {
    /// Into an `empty` table, the load goes straight into it, without its
    /// key index and references until it ends (as on SQLite), when this
    /// account may change the table; otherwise through [`STAGING`].
    fn start(conn: &Conn, empty: bool) -> Result<CopyLoad> {
        let direct = empty && drop_observation_keys(conn)?;
        if direct {
            // The rows carry their ids, so the server draws no identity for
            // each: one id is drawn here, the first of the load, and the
            // sequence is moved past the last when it ends. Dropping the
            // keys locked the table: nobody else inserts meanwhile.
            let first_id: i64 = conn.query_row(
                "SELECT nextval(pg_get_serial_sequence('observation', 'id'))",
                params![],
                |row| row.get(0),
            )?;
            let mut load = CopyLoad::new(direct);
            load.seq = first_id - 1;
            load.first_id = first_id;
            return Ok(load);
        }
        conn.execute_batch(&format!(
            "CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} (seq BIGINT PRIMARY KEY, \
             indicator_id BIGINT NOT NULL, agency_id BIGINT NOT NULL, period TEXT NOT NULL, \
             value DOUBLE PRECISION, numerator DOUBLE PRECISION, denominator DOUBLE PRECISION, \
             target DOUBLE PRECISION, qualifier TEXT, note TEXT, batch_id BIGINT, source_line BIGINT); \
             TRUNCATE {STAGING}"
        ))?;
        Ok(CopyLoad::new(direct))
    }

    fn new(direct: bool) -> CopyLoad {
        CopyLoad {
            rows: Vec::with_capacity(COPY_ROWS),
            seq: 0,
            first_id: 1,
            sending: None,
            stored: HashMap::default(),
            direct,
            finalized: false,
        }
    }

    /// The stored row with this key (rows this load stages are not: a
    /// repeat of one is sorted out when the load ends).
    fn existing(&mut self, conn: &Conn, key: (i64, i64, Period)) -> Result<Option<Existing>> {
        if self.direct {
            return Ok(None);
        }
        if let Some(row) = self.stored.get(&key) {
            return Ok(row.clone());
        }
        let (indicator_id, agency_id, period) = key;
        conn.prepare_cached(
            "SELECT id, value, numerator, denominator, target, qualifier, note, batch_id, \
             source_line FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND period = ?3",
        )?
        .query_row(
            params![indicator_id, agency_id, period.as_str()],
            read_existing,
        )
        .optional()
    }

    /// Reads the stored rows of these keys, in one query, in place of the
    /// ones read before: what the next records will ask for, and no more.
    fn read_ahead(&mut self, conn: &Conn, keys: Vec<(i64, i64, Period)>) -> Result<()> {
        self.stored.clear();
        if self.direct || keys.is_empty() {
            return Ok(());
        }
        let mut indicators = Vec::with_capacity(keys.len());
        let mut agencies = Vec::with_capacity(keys.len());
        let mut periods = Vec::with_capacity(keys.len());
        for (indicator_id, agency_id, period) in &keys {
            indicators.push(*indicator_id);
            agencies.push(*agency_id);
            periods.push(period.as_str().to_owned());
        }
        let pg = conn.postgres().expect("a COPY load runs on PostgreSQL");
        let found = pg.client().query(
            "SELECT o.id, o.value, o.numerator, o.denominator, o.target, o.qualifier, o.note, \
             o.batch_id, o.source_line, o.indicator_id, o.agency_id, o.period \
             FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS k(indicator_id, agency_id, period) \
             JOIN observation o ON o.indicator_id = k.indicator_id AND o.agency_id = k.agency_id \
             AND o.period = k.period",
            &[&indicators, &agencies, &periods],
        )?;
        for key in keys {
            self.stored.insert(key, None);
        }
        for row in found {
            let row = Row::Postgres(&row);
            let text: String = row.get(11)?;
            // As in `read_stored_keys`: a period no record can have is left out.
            if let Some(period) = Period::parse(&text).filter(|period| period.as_str() == text) {
                self.stored.insert(
                    (row.get(9)?, row.get(10)?, period),
                    Some(read_existing(&row)?),
                );
            }
        }
        Ok(())
    }

    /// A stored row this load changed.
    fn updated(&mut self, key: (i64, i64, Period), row: Existing) {
        if let Some(stored) = self.stored.get_mut(&key) {
            *stored = Some(row);
        }
    }

    fn push(&mut self, conn: &Conn, row: PendingRow, batch_id: i64) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() >= COPY_ROWS {
            self.flush(conn, batch_id)?;
        }
        Ok(())
    }

    /// Sends the rows so far, in a binary `COPY` of their own (the server
    /// parses no numbers), on a thread of their own, after the one before
    /// it has been taken. Once this returns, that thread holds the client:
    /// whatever this connection does next, the transaction's end too, comes
    /// after those rows.
    fn flush(&mut self, conn: &Conn, batch_id: i64) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let spare = self.wait()?.unwrap_or_default();
        let mut rows = std::mem::replace(&mut self.rows, spare);
        let first_seq = self.seq + 1;
        self.seq += rows.len() as i64;
        let direct = self.direct;
        let sql = if direct {
            "COPY observation (id, indicator_id, agency_id, period, value, numerator, denominator, \
             target, qualifier, note, batch_id, source_line) FROM STDIN (FORMAT binary)"
                .to_owned()
        } else {
            format!("COPY {STAGING} FROM STDIN (FORMAT binary)")
        };
        let client = conn
            .postgres()
            .expect("a COPY load runs on PostgreSQL")
            .shared_client();
        let (locked, has_lock) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("chiso-copy".into())
            .spawn(move || -> Result<Vec<PendingRow>> {
                let mut client = client
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let _ = locked.send(());
                let mut writer = client.copy_in(&sql)?;
                let mut out = Vec::with_capacity(COPY_PIECE + 1024);
                out.extend_from_slice(BINARY_COPY_HEADER);
                for (seq, row) in (first_seq..).zip(rows.drain(..)) {
                    // The staging table's `seq`, or the row's id.
                    binary_row(&mut out, seq, &row, batch_id)?;
                    if out.len() >= COPY_PIECE {
                        send(&mut writer, &out)?;
                        out.clear();
                    }
                }
                out.extend_from_slice(&(-1_i16).to_be_bytes());
                send(&mut writer, &out)?;
                writer.finish()?;
                Ok(rows)
            })
            .map_err(|error| {
                StoreError::Invalid(format!("cannot start the COPY thread: {error}"))
            })?;
        // A thread that fails before it takes the lock says so when joined.
        let _ = has_lock.recv();
        self.sending = Some(thread);
        Ok(())
    }

    /// Waits for the `COPY` being sent: its error, or its buffer back.
    fn wait(&mut self) -> Result<Option<Vec<PendingRow>>> {
        let Some(thread) = self.sending.take() else {
            return Ok(None);
        };
        match thread.join() {
            Ok(sent) => sent.map(Some),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Drop for CopyLoad {
    /// An import that ends early (an error, a cancel) still waits for the
    /// rows on their way: its rollback then undoes them.
    fn drop(&mut self) {
        if let Some(thread) = self.sending.take() {
            let _ = thread.join();
        }
    }
}

/// Bytes of a binary `COPY` written to the server at a time, so it reads
/// the first rows while the rest are written.
const COPY_PIECE: usize = 256 * 1024;

/// The start of PostgreSQL's binary `COPY` format: its signature, no flags,
/// no header extension.
const BINARY_COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// One row in PostgreSQL's binary `COPY` format (the server parses no
/// numbers): its field count, then each field's length and bytes (-1 for
/// NULL), in big-endian order. Written here rather than with the driver's
/// `BinaryCopyInWriter`, which waits on the connection once per row.
fn binary_row(out: &mut Vec<u8>, seq: i64, row: &PendingRow, batch_id: i64) -> Result<()> {
    fn bigint(out: &mut Vec<u8>, value: i64) {
        out.extend_from_slice(&8_i32.to_be_bytes());
        out.extend_from_slice(&value.to_be_bytes());
    }
    fn text(out: &mut Vec<u8>, value: &str) {
        out.extend_from_slice(&(value.len() as i32).to_be_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    let null = |out: &mut Vec<u8>| out.extend_from_slice(&(-1_i32).to_be_bytes());
    out.extend_from_slice(&12_i16.to_be_bytes());
    bigint(out, seq);
    bigint(out, row.indicator_id);
    bigint(out, row.agency_id);
    text(out, row.period.as_str());
    for (field, value) in Field::ALL.into_iter().zip(&row.fields) {
        let numeric = field.is_numeric();
        match value {
            FieldValue::Null => null(out),
            FieldValue::Number(number) if numeric => {
                out.extend_from_slice(&8_i32.to_be_bytes());
                out.extend_from_slice(&number.to_bits().to_be_bytes());
            }
            FieldValue::Number(number) => {
                text(out, &crate::domain::number::format_canonical(*number));
            }
            FieldValue::Text(value) if !numeric => text(out, value),
            FieldValue::Text(value) => {
                return Err(StoreError::Invalid(format!(
                    "line {}: {value:?} is not a number for {}",
                    row.line,
                    field.as_str()
                )));
            }
        }
    }
    bigint(out, batch_id);
    bigint(out, row.line);
    Ok(())
}

/// Writes a piece of a `COPY` to the server.
fn send(writer: &mut postgres::CopyInWriter<'_>, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    writer
        .write_all(bytes)
        .map_err(|error| StoreError::Invalid(format!("COPY failed: {error}")))
}

/// Text as a field of `COPY`'s text format.
pub(crate) fn copy_escape(out: &mut Vec<u8>, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            byte => out.push(byte),
        }
    }
}

/// One unit of a code, with the days it was valid.
struct UnitEra {
    id: i64,
    valid_from: Option<String>,
    valid_to: Option<String>,
}

/// What a file's agency reference resolved to.
#[derive(Clone)]
enum AgencyChoice {
    /// The one unit of its code.
    Unit(i64),
    /// A code that meant several units over time: the one valid at the end
    /// of each record's period.
    ByPeriod(Box<str>),
    /// A name without its code, matched without its administrative prefix:
    /// among the units of that name valid at the record's period, the one
    /// the prefix or the level column allows.
    ByName {
        name: Box<str>,
        codes: Vec<Box<str>>,
        allowed: Option<Vec<Level>>,
    },
}

fn remember<T>(numbers: &mut Vec<Option<T>>, number: u32, resolved: T) {
    let index = number as usize;
    if numbers.len() <= index {
        numbers.resize_with(index + 1, || None);
    }
    numbers[index] = Some(resolved);
}

fn recall<T: Copy>(numbers: &[Option<T>], number: u32, what: &str) -> Result<T> {
    numbers
        .get(number as usize)
        .copied()
        .flatten()
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "{what} reference {number} is used before it is spelled out"
            ))
        })
}

/// `base`, or `base_2`, `base_3`, … whichever is not taken yet.
fn free_code(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|suffix| format!("{base}_{suffix}"))
        .find(|code| !taken(code))
        .unwrap_or_else(|| base.to_owned())
}

/// The figure of a record as text, for a rejection's `raw`.
fn record_raw(record: &ObservationRecord) -> String {
    let figures = &record.figures;
    match (figures.value, figures.numerator, figures.denominator) {
        (_, Some(numerator), Some(denominator)) if record.value_from_fraction => format!(
            "{}/{}",
            crate::domain::number::format_canonical(numerator),
            crate::domain::number::format_canonical(denominator)
        ),
        (Some(value), _, _) => crate::domain::number::format_canonical(value),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{BatchInfo, RowGuess, UpsertOutcome};
    use crate::domain::{
        AgencyRef, Field, Figures, IndicatorRef, Level, ObservationRecord, Period, Reference,
        RejectCause,
    };
    use crate::store::backends::each_backend;

    fn spelled<T>(number: u32, reference: T) -> Reference<T> {
        Reference {
            number,
            spelled: Some(Box::new(reference)),
        }
    }

    fn by_number<T>(number: u32) -> Reference<T> {
        Reference {
            number,
            spelled: None,
        }
    }

    fn indicator(code: &str) -> IndicatorRef {
        IndicatorRef {
            code: Some(code.to_owned()),
            ..IndicatorRef::default()
        }
    }

    fn agency(code: Option<&str>, name: &str) -> AgencyRef {
        AgencyRef {
            code: code.map(str::to_owned),
            name: Some(name.to_owned()),
            level: Some(if code.is_some_and(|code| code.len() > 2) {
                Level::District
            } else {
                Level::Province
            }),
        }
    }

    fn record(
        line: u64,
        indicator: Reference<IndicatorRef>,
        agency: Reference<AgencyRef>,
        period: &str,
        value: f64,
    ) -> ObservationRecord {
        ObservationRecord {
            line,
            column: 4,
            indicator,
            agency,
            period: Period::parse(period).unwrap(),
            figures: Figures {
                value: Some(value),
                ..Figures::default()
            },
            value_from_fraction: false,
            keeps: crate::domain::FieldSet::default(),
        }
    }

    /// One file: its batches of records written as the import pipeline
    /// writes them (each batch looked ahead at first), then committed.
    fn import(
        store: &mut crate::store::Store,
        batches: &[Vec<ObservationRecord>],
    ) -> (super::ImportTotals, Vec<RejectCause>, Vec<usize>) {
        let mut session = store
            .begin_import(&BatchInfo {
                file_name: "chi_so.csv".to_owned(),
                provided: vec![Field::Value],
                ..BatchInfo::default()
            })
            .unwrap();
        let mut refused = Vec::new();
        let mut held = Vec::new();
        for batch in batches {
            session.look_ahead(batch).unwrap();
            held.push(session.rows_held());
            for record in batch {
                if let UpsertOutcome::Rejected(rejection) = session.upsert(record).unwrap() {
                    refused.push(rejection.cause);
                }
            }
        }
        (session.finish(true).unwrap(), refused, held)
    }

    /// A row the analyst adds takes an id no later import gives another row
    /// (on PostgreSQL its id came from the largest one, where the table's
    /// sequence then gave an import's row the same id).
    #[test]
    fn an_added_row_and_the_next_import_both_land_on_each_database() {
        let dir = tempfile::tempdir().unwrap();
        for mut test in each_backend("added_row", dir.path()) {
            let backend = test.backend();
            let store = &mut test.store;
            let first = vec![
                record(
                    2,
                    spelled(0, indicator("A")),
                    spelled(0, agency(Some("56"), "Khánh Hòa")),
                    "2020",
                    1.0,
                ),
                record(3, by_number(0), by_number(0), "2021", 2.0),
            ];
            import(store, &[first]);
            let (indicator_id, agency_id): (i64, i64) = store
                .conn
                .query_row(
                    "SELECT indicator_id, agency_id FROM observation WHERE period = '2021'",
                    rusqlite::params![],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            let added = store
                .new_observation(&crate::store::NewObservation {
                    indicator_id,
                    agency_id,
                    period: "2022".to_owned(),
                })
                .unwrap();
            let next = vec![record(
                2,
                spelled(0, indicator("A")),
                spelled(0, agency(Some("56"), "Khánh Hòa")),
                "2023",
                4.0,
            )];
            let (totals, refused, _) = import(store, &[next]);
            assert_eq!((totals.rows_inserted, refused.len()), (1, 0), "{backend:?}");
            assert_eq!(store.scalar_f64("A", "56", "2023").unwrap(), Some(4.0));
            let ids: Vec<i64> = store
                .conn
                .prepare("SELECT id FROM observation ORDER BY id")
                .unwrap()
                .query_map(rusqlite::params![], |row| row.get(0))
                .unwrap()
                .collect::<super::Result<_>>()
                .unwrap();
            assert_eq!(ids.len(), 4, "{backend:?}: {ids:?}");
            assert!(ids.contains(&added.id));
        }
    }

    /// A re-import reads the stored rows of each batch of records, and only
    /// those: references spelled in one batch and used by number in the
    /// next, an agency named without its code, a new indicator, a changed
    /// figure and a key the file gives twice come out the same on both
    /// databases.
    #[test]
    fn a_reimport_holds_one_batch_of_stored_rows_and_writes_the_same_on_each_database() {
        let dir = tempfile::tempdir().unwrap();
        for mut test in each_backend("reimport_batches", dir.path()) {
            let backend = test.backend();
            let store = &mut test.store;
            let mut first = Vec::new();
            let mut line = 1;
            for (number, code, name) in [(0, "56", "Khánh Hòa"), (1, "5611", "Nha Trang")] {
                for year in 2019..2023 {
                    line += 1;
                    let agency = if year == 2019 {
                        spelled(number, agency(Some(code), name))
                    } else {
                        by_number(number)
                    };
                    let indicator = if line == 2 {
                        spelled(0, indicator("A"))
                    } else {
                        by_number(0)
                    };
                    first.push(record(
                        line,
                        indicator,
                        agency,
                        &year.to_string(),
                        f64::from(year - 2000 + number),
                    ));
                }
            }
            let (totals, refused, _) = import(store, &[first]);
            assert_eq!((totals.rows_inserted, refused.len()), (8, 0), "{backend:?}");

            let again = vec![
                vec![
                    record(
                        2,
                        spelled(0, indicator("A")),
                        spelled(0, agency(None, "Khánh Hòa")),
                        "2019",
                        19.0,
                    ),
                    record(3, by_number(0), by_number(0), "2020", 99.0),
                    record(
                        4,
                        by_number(0),
                        spelled(1, agency(Some("5611"), "Nha Trang")),
                        "2019",
                        20.0,
                    ),
                    record(5, spelled(1, indicator("B")), by_number(0), "2021", 7.0),
                ],
                vec![
                    record(6, by_number(0), by_number(0), "2021", 21.0),
                    record(7, by_number(0), by_number(1), "2020", 21.0),
                    record(8, by_number(0), by_number(0), "2020", 98.0),
                    record(9, by_number(0), by_number(1), "2023", 24.0),
                ],
            ];
            let (totals, refused, held) = import(store, &again);
            assert_eq!(
                (
                    totals.rows_inserted,
                    totals.rows_updated,
                    totals.rows_unchanged,
                    totals.rows_rejected
                ),
                (2, 1, 4, 1),
                "{backend:?}"
            );
            assert!(
                matches!(
                    &refused[..],
                    [RejectCause::AlreadyGiven {
                        earlier_line: 3,
                        ..
                    }]
                ),
                "{backend:?}: {refused:?}"
            );
            assert_eq!(store.scalar_f64("A", "56", "2020").unwrap(), Some(99.0));
            assert_eq!(store.scalar_f64("B", "56", "2021").unwrap(), Some(7.0));
            assert_eq!(store.scalar_f64("A", "5611", "2023").unwrap(), Some(24.0));
            assert_eq!(store.scalar_f64("A", "5611", "2021").unwrap(), Some(22.0));
            if backend == crate::store::Backend::Postgres {
                // Each batch's four keys (three stored, and B's new one
                // found empty), never the eight rows of A.
                assert_eq!(held, [4, 4]);
            }
        }
    }

    #[test]
    fn a_row_guess_follows_the_table_and_stops_paying_for_misses() {
        let mut guess = RowGuess::new();
        // The first record has nothing to go by; the key finds row 10.
        assert_eq!(guess.next(), None);
        guess.record(Some(10), false);
        // In table order every guess is the row after the last one found.
        for id in 11..100 {
            assert_eq!(guess.next(), Some(id));
            guess.record(Some(id), true);
        }
        // In another order the guesses miss (the key finds the row) until
        // the credit is spent; then only every 64th record tries one.
        let mut tried = 0;
        for record in 0..1000 {
            if guess.next().is_some() {
                tried += 1;
                guess.record(None, true);
            }
            guess.record(Some(5000 - record), false);
        }
        assert!((64..=64 + 1000 / 64).contains(&tried), "{tried} guesses");
        // Back in table order, one probe that hits is enough to guess again.
        let mut next = None;
        while next.is_none() {
            next = guess.next();
            if next.is_none() {
                guess.record(Some(7000), false);
            }
        }
        guess.record(next, true);
        assert_eq!(guess.next(), next.map(|id| id + 1));
    }
}
