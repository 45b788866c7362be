//! One interface to the two databases the store runs on: SQLite (a file of
//! the analyst's own, the default) and PostgreSQL (a department's shared
//! database). Its calls are rusqlite's, so the store's SQL is written once:
//! `?N` placeholders, portable SQL (`ON CONFLICT`, `RETURNING`,
//! `IS NOT DISTINCT FROM`). On PostgreSQL the placeholders become `$N` and
//! the two SQLite functions the store writes with ([`super::NOW_SQL`] and
//! `instr`) their PostgreSQL twins; statements are prepared once per connection. Where the
//! two differ for real (bulk loading, schema versions, pragmas) the store
//! asks [`Conn::backend`] and says so.

use std::cell::RefCell;
use std::error::Error as StdError;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use foldhash::HashMap;
use postgres::types::{FromSql, Kind as PgKind, ToSql as PgToSql, Type};
use rusqlite::ToSql;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use super::{Result, StoreError};

/// Which database a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection: SQLite's, or a PostgreSQL client with its prepared
/// statements.
pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgConn>),
}

pub(crate) struct PgConn {
    /// Shared only with a bulk load's sending thread ([`PgConn::shared_client`]),
    /// which holds it while one `COPY` goes to the server.
    client: Arc<Mutex<postgres::Client>>,
    prepared: RefCell<HashMap<String, postgres::Statement>>,
}

impl PgConn {
    pub(crate) fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client: Arc::new(Mutex::new(client)),
            prepared: RefCell::new(HashMap::default()),
        }
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.prepared.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let translated = postgres_sql(sql);
        let statement = self.client().prepare(&translated)?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Runs `sql` (prepared once) with `params` converted for PostgreSQL.
    fn run<T>(
        &self,
        sql: &str,
        params: &[&dyn ToSql],
        call: impl FnOnce(
            &mut postgres::Client,
            &postgres::Statement,
            &[&(dyn PgToSql + Sync)],
        ) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let statement = self.statement(sql)?;
        let values = pg_params(params)?;
        let refs: Vec<&(dyn PgToSql + Sync)> = values
            .iter()
            .map(|value| value as &(dyn PgToSql + Sync))
            .collect();
        Ok(call(&mut self.client(), &statement, &refs)?)
    }

    fn query(&self, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<postgres::Row>> {
        self.run(sql, params, |client, statement, params| {
            client.query(statement, params)
        })
    }

    fn execute(&self, sql: &str, params: &[&dyn ToSql]) -> Result<usize> {
        self.run(sql, params, |client, statement, params| {
            client.execute(statement, params)
        })
        .map(|count| count as usize)
    }

    /// The client itself, for what only PostgreSQL has (`COPY`). It waits
    /// for a `COPY` still being sent by a bulk load's thread.
    pub(crate) fn client(&self) -> MutexGuard<'_, postgres::Client> {
        // A thread that panicked while sending leaves the client as the
        // server's answer left it; the transaction it was in fails.
        self.client.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The client, for a thread that sends a bulk load while this one reads
    /// the next rows.
    pub(crate) fn shared_client(&self) -> Arc<Mutex<postgres::Client>> {
        Arc::clone(&self.client)
    }
}

impl Conn {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// The SQLite connection (the store's own tests look into it).
    #[cfg(test)]
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(conn) => Some(conn),
            Conn::Postgres(_) => None,
        }
    }

    /// The SQLite connection; panics on PostgreSQL (callers ask
    /// [`Conn::backend`] first).
    pub(crate) fn sqlite_connection(&self) -> &rusqlite::Connection {
        match self {
            Conn::Sqlite(conn) => conn,
            Conn::Postgres(_) => panic!("a SQLite connection was asked of PostgreSQL"),
        }
    }

    pub(crate) fn postgres(&self) -> Option<&PgConn> {
        match self {
            Conn::Sqlite(_) => None,
            Conn::Postgres(conn) => Some(conn),
        }
    }

    pub(crate) fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Conn::Sqlite(conn) => Stmt::Sqlite(SqliteStmt::Owned(conn.prepare(sql)?)),
            Conn::Postgres(conn) => {
                conn.statement(sql)?;
                Stmt::Postgres {
                    conn,
                    sql: sql.to_owned(),
                }
            }
        })
    }

    pub(crate) fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Conn::Sqlite(conn) => Stmt::Sqlite(SqliteStmt::Cached(conn.prepare_cached(sql)?)),
            Conn::Postgres(_) => self.prepare(sql)?,
        })
    }

    pub(crate) fn execute(&self, sql: &str, params: &[&dyn ToSql]) -> Result<usize> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute(sql, params)?),
            Conn::Postgres(conn) => conn.execute(sql, params),
        }
    }

    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn ToSql],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Statements without parameters, separated by semicolons.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(conn) => Ok(conn.client().batch_execute(sql)?),
        }
    }

    /// A transaction that rolls back unless committed.
    pub(crate) fn transaction(&self) -> Result<Tx<'_>> {
        self.execute_batch("BEGIN")?;
        Ok(Tx {
            conn: self,
            open: true,
        })
    }
}

/// A transaction of a [`Conn`]: dropped without [`Tx::commit`], it rolls back.
pub(crate) struct Tx<'c> {
    conn: &'c Conn,
    open: bool,
}

impl Tx<'_> {
    pub(crate) fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.execute_batch("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

pub(crate) enum SqliteStmt<'c> {
    Owned(rusqlite::Statement<'c>),
    Cached(rusqlite::CachedStatement<'c>),
}

impl<'c> std::ops::Deref for SqliteStmt<'c> {
    type Target = rusqlite::Statement<'c>;
    fn deref(&self) -> &rusqlite::Statement<'c> {
        match self {
            SqliteStmt::Owned(statement) => statement,
            SqliteStmt::Cached(statement) => statement,
        }
    }
}

impl std::ops::DerefMut for SqliteStmt<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            SqliteStmt::Owned(statement) => statement,
            SqliteStmt::Cached(statement) => &mut *statement,
        }
    }
}

/// A prepared statement.
pub(crate) enum Stmt<'c> {
    Sqlite(SqliteStmt<'c>),
    Postgres { conn: &'c PgConn, sql: String },
}

impl<'c> Stmt<'c> {
    pub(crate) fn execute(&mut self, params: &[&dyn ToSql]) -> Result<usize> {
        match self {
            Stmt::Sqlite(statement) => Ok(statement.execute(params)?),
            Stmt::Postgres { conn, sql } => conn.execute(sql, params),
        }
    }

    /// The rows, each mapped by `f`.
    pub(crate) fn query_map<T>(
        &mut self,
        params: &[&dyn ToSql],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let mapped: Vec<Result<T>> = match self {
            Stmt::Sqlite(statement) => {
                let mut rows = statement.query(params)?;
                let mut mapped = Vec::new();
                while let Some(row) = rows.next()? {
                    mapped.push(f(&Row::Sqlite(row)));
                }
                mapped
            }
            Stmt::Postgres { conn, sql } => conn
                .query(sql, params)?
                .iter()
                .map(|row| f(&Row::Postgres(row)))
                .collect(),
        };
        Ok(mapped.into_iter())
    }

    /// The rows, to be read in turn with [`Rows::next`].
    pub(crate) fn query(&mut self, params: &[&dyn ToSql]) -> Result<Rows<'_>> {
        Ok(match self {
            Stmt::Sqlite(statement) => Rows::Sqlite(statement.query(params)?),
            Stmt::Postgres { conn, sql } => Rows::Postgres {
                rows: conn.query(sql, params)?,
                next: 0,
            },
        })
    }

    /// The first row, mapped; [`StoreError::NoRow`] when there is none.
    pub(crate) fn query_row<T>(
        &mut self,
        params: &[&dyn ToSql],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        match self {
            Stmt::Sqlite(statement) => {
                let mut rows = statement.query(params)?;
                match rows.next()? {
                    Some(row) => f(&Row::Sqlite(row)),
                    None => Err(StoreError::NoRow),
                }
            }
            Stmt::Postgres { conn, sql } => match conn.query(sql, params)?.first() {
                Some(row) => f(&Row::Postgres(row)),
                None => Err(StoreError::NoRow),
            },
        }
    }

    pub(crate) fn exists(&mut self, params: &[&dyn ToSql]) -> Result<bool> {
        self.query_row(params, |_| Ok(()))
            .optional()
            .map(|row| row.is_some())
    }

    /// The SQLite statement, for binding a bulk load's parameters one by one.
    pub(crate) fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Statement<'c>> {
        match self {
            Stmt::Sqlite(statement) => Some(&mut *statement),
            Stmt::Postgres { .. } => None,
        }
    }
}

/// `Err(NoRow)` as `Ok(None)`.
pub(crate) trait OptionalRow<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalRow<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(StoreError::NoRow | StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => {
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }
}

/// The rows of an answer, read in turn.
pub(crate) enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres {
        rows: Vec<postgres::Row>,
        next: usize,
    },
}

impl Rows<'_> {
    pub(crate) fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres { rows, next } => {
                let row = rows.get(*next);
                *next += 1;
                Ok(row.map(Row::Postgres))
            }
        }
    }
}

/// A row of an answer.
pub(crate) enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `index` as `T`.
    pub(crate) fn get<T: FromCell>(&self, index: usize) -> Result<T> {
        let cell = self.get_ref(index)?;
        T::from_cell(cell).map_err(|expected| {
            StoreError::Invalid(format!("column {index} of an answer is not {expected}"))
        })
    }

    /// Column `index` as it is stored.
    pub(crate) fn get_ref(&self, index: usize) -> Result<Cell> {
        Ok(match self {
            Row::Sqlite(row) => match row.get_ref(index)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(value) => Cell::Integer(value),
                ValueRef::Real(value) => Cell::Real(value),
                ValueRef::Text(text) => Cell::Text(String::from_utf8_lossy(text).into_owned()),
                ValueRef::Blob(blob) => Cell::Blob(blob.to_vec()),
            },
            Row::Postgres(row) => row.try_get::<usize, Cell>(index)?,
        })
    }
}

/// One value of an answer, whichever database gave it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A Rust value read from a [`Cell`]; the error names what was expected.
pub(crate) trait FromCell: Sized {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str>;
}

impl ToSql for Cell {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Cell::Null => ToSqlOutput::Owned(Value::Null),
            Cell::Integer(value) => ToSqlOutput::Owned(Value::Integer(*value)),
            Cell::Real(value) => ToSqlOutput::Owned(Value::Real(*value)),
            Cell::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Cell::Blob(blob) => ToSqlOutput::Borrowed(ValueRef::Blob(blob)),
        })
    }
}

impl FromCell for Cell {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        Ok(cell)
    }
}

impl FromCell for i64 {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        match cell {
            Cell::Integer(value) => Ok(value),
            _ => Err("an integer"),
        }
    }
}

impl FromCell for u32 {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        i64::from_cell(cell).and_then(|value| u32::try_from(value).map_err(|_| "a small integer"))
    }
}

impl FromCell for f64 {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        match cell {
            Cell::Integer(value) => Ok(value as f64),
            Cell::Real(value) => Ok(value),
            _ => Err("a number"),
        }
    }
}

impl FromCell for bool {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        i64::from_cell(cell).map(|value| value != 0)
    }
}

impl FromCell for String {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        match cell {
            Cell::Text(text) => Ok(text),
            _ => Err("text"),
        }
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: Cell) -> std::result::Result<Self, &'static str> {
        match cell {
            Cell::Null => Ok(None),
            cell => T::from_cell(cell).map(Some),
        }
    }
}

impl<'a> FromSql<'a> for Cell {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(match *ty {
            Type::BOOL => Cell::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::INT2 => Cell::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Cell::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT8 => Cell::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Cell::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::FLOAT4 => Cell::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Cell::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Cell::Blob(raw.to_vec()),
            _ => Cell::Text(String::from_utf8(raw.to_vec())?),
        })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Cell::Null)
    }

    fn accepts(ty: &Type) -> bool {
        !matches!(ty.kind(), PgKind::Array(_) | PgKind::Composite(_))
    }
}

/// PostgreSQL's binary NUMERIC (a sum of integers is one): an integer when
/// it has no fraction, otherwise the nearest f64.
fn numeric(raw: &[u8]) -> std::result::Result<Cell, Box<dyn StdError + Sync + Send>> {
    let word = |at: usize| -> std::result::Result<i32, Box<dyn StdError + Sync + Send>> {
        raw.get(at..at + 2)
            .map(|bytes| i32::from(i16::from_be_bytes([bytes[0], bytes[1]])))
            .ok_or_else(|| "a short NUMERIC".into())
    };
    let digits = word(0)?;
    let weight = word(2)?;
    let sign = word(4)? as u16;
    let scale = word(6)?;
    if sign == 0xC000 {
        return Ok(Cell::Real(f64::NAN));
    }
    let mut value = 0.0_f64;
    for index in 0..digits {
        let digit = f64::from(word(8 + 2 * index as usize)?);
        value += digit * 10_000_f64.powi(weight - index);
    }
    if sign == 0x4000 {
        value = -value;
    }
    if scale == 0 && value.abs() < 9.0e15 {
        return Ok(Cell::Integer(value as i64));
    }
    Ok(Cell::Real(value))
}

fn pg_params(params: &[&dyn ToSql]) -> Result<Vec<PgParam>> {
    params
        .iter()
        .map(|param| {
            let value = match param.to_sql()? {
                ToSqlOutput::Borrowed(value) => match value {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(value) => Value::Integer(value),
                    ValueRef::Real(value) => Value::Real(value),
                    ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
                    ValueRef::Blob(blob) => Value::Blob(blob.to_vec()),
                },
                ToSqlOutput::Owned(value) => value,
                _ => {
                    return Err(StoreError::Invalid(
                        "a parameter PostgreSQL cannot take".to_owned(),
                    ));
                }
            };
            Ok(match value {
                Value::Null => PgParam::Null,
                Value::Integer(value) => PgParam::Integer(value),
                Value::Real(value) => PgParam::Real(value),
                Value::Text(text) => PgParam::Text(text),
                Value::Blob(blob) => PgParam::Blob(blob),
            })
        })
        .collect()
}

use param::PgParam;

mod param {
    //! Apart, so that only PostgreSQL's `ToSql` is in scope.
    use std::error::Error as StdError;

    use postgres::types::{IsNull, ToSql, Type};

    /// A parameter as PostgreSQL is sent it: converted to the type the
    /// statement wants at its place (SQLite columns take any type; PostgreSQL's
    /// are typed, so an integer id bound where a `bigint` goes is written as
    /// one, a figure where text goes as its canonical text).
    #[derive(Debug)]
    pub(super) enum PgParam {
        Null,
        Integer(i64),
        Real(f64),
        Text(String),
        Blob(Vec<u8>),
    }

    type BoxError = Box<dyn StdError + Sync + Send>;

    impl ToSql for PgParam {
        fn to_sql(
            &self,
            ty: &Type,
            out: &mut bytes::BytesMut,
        ) -> std::result::Result<IsNull, BoxError> {
            let mismatch = || -> BoxError { format!("{self:?} cannot be sent as {ty}").into() };
            match self {
                PgParam::Null => Ok(IsNull::Yes),
                PgParam::Integer(value) => match *ty {
                    Type::INT8 => value.to_sql(ty, out),
                    Type::INT4 => i32::try_from(*value)?.to_sql(ty, out),
                    Type::INT2 => i16::try_from(*value)?.to_sql(ty, out),
                    Type::FLOAT8 => (*value as f64).to_sql(ty, out),
                    Type::FLOAT4 => (*value as f32).to_sql(ty, out),
                    Type::BOOL => (*value != 0).to_sql(ty, out),
                    Type::NUMERIC => Err(mismatch()),
                    _ => value.to_string().to_sql(&Type::TEXT, out),
                },
                PgParam::Real(value) => match *ty {
                    Type::FLOAT8 => value.to_sql(ty, out),
                    Type::FLOAT4 => (*value as f32).to_sql(ty, out),
                    Type::INT8 if value.fract() == 0.0 => (*value as i64).to_sql(ty, out),
                    Type::INT4 | Type::INT2 | Type::INT8 | Type::BOOL | Type::NUMERIC => {
                        Err(mismatch())
                    }
                    _ => crate::domain::number::format_canonical(*value).to_sql(&Type::TEXT, out),
                },
                PgParam::Text(text) => match *ty {
                    Type::INT8 => text.parse::<i64>()?.to_sql(ty, out),
                    Type::INT4 => text.parse::<i32>()?.to_sql(ty, out),
                    Type::FLOAT8 => text.parse::<f64>()?.to_sql(ty, out),
                    Type::BYTEA => text.as_bytes().to_sql(ty, out),
                    _ => text.as_str().to_sql(&Type::TEXT, out),
                },
                PgParam::Blob(blob) => blob.as_slice().to_sql(&Type::BYTEA, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        postgres::types::to_sql_checked!();
    }
}

/// The store's SQL as PostgreSQL reads it: `?N` → `$N`, a bare `?` → the
/// next number, outside quotes; SQLite's clock and `instr` → PostgreSQL's
/// clock and `strpos`.
pub(crate) fn postgres_sql(sql: &str) -> String {
    let sql = sql
        .replace(
            super::NOW_SQL,
            "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
        )
        .replace("instr(", "strpos(");
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next = 0;
    while let Some(c) = chars.next() {
        match quote {
            Some(open) => {
                out.push(c);
                if c == open {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut number = String::new();
                while let Some(digit) = chars.peek().filter(|digit| digit.is_ascii_digit()) {
                    number.push(*digit);
                    chars.next();
                }
                if number.is_empty() {
                    next += 1;
                    number = next.to_string();
                } else if let Ok(given) = number.parse::<usize>() {
                    next = next.max(given);
                }
                out.push('$');
                out.push_str(&number);
            }
            None => out.push(c),
        }
    }
    out
}

/// Values of a dynamic query as parameters.
pub(crate) fn params_of(values: &[Value]) -> Vec<&dyn ToSql> {
    values.iter().map(|value| value as &dyn ToSql).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_outside_quotes() {
        assert_eq!(
            postgres_sql("SELECT a FROM t WHERE b = ?2 AND c = ?1 AND d = '?' AND \"e?\" = ?"),
            "SELECT a FROM t WHERE b = $2 AND c = $1 AND d = '?' AND \"e?\" = $3"
        );
        assert_eq!(postgres_sql("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
    }

    #[test]
    fn a_numeric_sum_reads_as_a_number() {
        // 12345678 = 1234 * 10^4 + 5678: two base-10000 digits, weight 1.
        let raw = [0, 2, 0, 1, 0, 0, 0, 0, 0x04, 0xD2, 0x16, 0x2E];
        assert_eq!(numeric(&raw).unwrap(), Cell::Integer(12_345_678));
        // -1.5: digits 1 and 5000, weight 0, negative, scale 1.
        let raw = [0, 2, 0, 0, 0x40, 0, 0, 1, 0, 1, 0x13, 0x88];
        assert_eq!(numeric(&raw).unwrap(), Cell::Real(-1.5));
    }
}
