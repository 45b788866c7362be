//! The SQLite database: schema and migrations, imports, queries, and edits
//! with their audit log. The only layer that writes SQL.

#[cfg(test)]
mod backends;
mod copy;
mod db;
pub mod demo;
mod edit;
mod import;
mod pg;
mod query;
mod schema;
mod shared;
mod summary;
mod units;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, params};

use db::{Conn, OptionalRow, Row};

use crate::domain::{Agency, Aggregation, Direction, Indicator, Kind, Level};

pub use copy::{CopyReport, EditsSent};
pub use db::Backend;
pub use edit::{EditConflict, EditOrigin, NewObservation};
pub use import::{BatchInfo, ChangedFigure, ImportSession, ImportTotals, UpsertOutcome};
pub use pg::{PgTarget, describe as describe_postgres, is_url};
pub use query::{BatchRow, CheckFinding, HistoryEntry, ObservationFilter, SortColumn, SortOrder};
pub use schema::SCHEMA_VERSION;
pub use shared::{ChangeMarks, Changes};

/// The PostgreSQL URL a `--db` names, if it names one rather than a file.
pub fn database_url(db: &Path) -> Option<&str> {
    db.to_str().filter(|db| is_url(db))
}
pub use units::{ReformConflict, ReformLoaded, ReformPart, valid_on};

/// Why the store could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database ({error}): {path}")]
    Open {
        path: PathBuf,
        // Shown in the message, not chained, so it is said once.
        error: rusqlite::Error,
    },
    #[error(
        "the database was written by a newer chiso (schema version {found}, this chiso knows up to {supported}); \
         open it with a newer chiso: {path}"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("this file is not a chiso database ({reason}): {path}")]
    NotChiso { path: PathBuf, reason: String },
    #[error("cannot create the database ({error}): {path}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database error: {}", pg::describe(.0))]
    Postgres(::postgres::Error),
    /// The PostgreSQL role may read but not write (a read-only account).
    #[error("this account may only read the database: {reason}")]
    ReadOnly { reason: String },
    #[error("cannot connect to {url} ({reason})")]
    Connect { url: String, reason: String },
    #[error("not a PostgreSQL URL ({reason}): {url}")]
    NotAUrl { url: String, reason: String },
    #[error(
        "the URL holds a password: give it in PGPASSWORD or ~/.pgpass instead, never on the command line"
    )]
    PasswordInUrl,
    #[error("the database has no chiso schema yet: create it with `chiso init --db {url}`")]
    NoSchema { url: String },
    /// A query for one row found none (the store turns it into `None`
    /// where no row is an answer).
    #[error("the database has no such row")]
    NoRow,
    #[error("{0}")]
    Invalid(String),
    #[error("this database is not an offline copy made by `chiso copy` (it has no chiso_meta)")]
    NotACopy,
    /// Someone else changed a figure after the analyst read it.
    #[error("{0}")]
    Conflict(Box<EditConflict>),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<::postgres::Error> for StoreError {
    fn from(error: ::postgres::Error) -> StoreError {
        match error.code() {
            Some(&::postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => StoreError::ReadOnly {
                reason: pg::describe(&error),
            },
            _ => StoreError::Postgres(error),
        }
    }
}

/// The page cache of a connection (negative: KiB): 32 MiB.
pub(crate) const CACHE_SIZE: i64 = -32768;

/// How a connection keeps its writes safe.
#[derive(Clone, Copy)]
enum Journal {
    /// Every database in its place: a write-ahead log, synced at checkpoints.
    Wal,
    /// A file nobody can see yet (a [`NewStore`]): the rollback journal in
    /// memory, no syncs, the file locked to this connection. A crash loses
    /// the file, which is only ever a temporary one.
    Private,
}

/// A database that does not exist yet, built where nobody sees it until it
/// is whole: in a temporary file beside its place, without a journal on disk
/// or syncs (about a sixth off a large first import). [`NewStore::install`]
/// syncs it and moves it into place in one rename. Dropped without that, or
/// with the process killed, there is no database at the place; a killed
/// build's `NAME.*.chiso-new` file is deleted by the next one for that place.
pub struct NewStore {
    store: Store,
    file: tempfile::TempPath,
    target: PathBuf,
}

impl NewStore {
    /// Starts a new database that will live at `target`. Fails when there is
    /// already a file there.
    pub fn create(target: &Path) -> Result<NewStore> {
        let open_error = |error: std::io::Error| StoreError::Io {
            path: target.to_owned(),
            error,
        };
        if target.exists() {
            return Err(open_error(std::io::ErrorKind::AlreadyExists.into()));
        }
        let mut prefix = target.file_name().unwrap_or_default().to_owned();
        prefix.push(".");
        remove_stale_builds(target, &prefix);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(BUILD_SUFFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // What SQLite would create: read-write for all, less the umask.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder
            .tempfile_in(folder_of(target))
            .map_err(open_error)?
            .into_temp_path();
        let store = Store::open_journaled(&file, Journal::Private)?;
        Ok(NewStore {
            store,
            file,
            target: target.to_owned(),
        })
    }

    /// The database being built.
    pub fn store(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Syncs the database to disk, moves it into its place (never over a
    /// file that appeared there meanwhile) and opens it there.
    pub fn install(self) -> Result<Store> {
        let NewStore {
            store,
            file,
            target,
        } = self;
        let io_error = |error: std::io::Error| StoreError::Io {
            path: target.clone(),
            error,
        };
        if let Conn::Sqlite(conn) = store.conn {
            conn.close()
                .map_err(|(_, error)| StoreError::Sqlite(error))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .open(&file)
            .and_then(|opened| opened.sync_all())
            .map_err(io_error)?;
        file.persist_noclobber(&target)
            .map_err(|error| io_error(error.error))?;
        // The rename on disk too (a folder can be synced only on Unix).
        #[cfg(unix)]
        std::fs::File::open(folder_of(&target))
            .and_then(|folder| folder.sync_all())
            .map_err(io_error)?;
        Store::open(&target)
    }
}

/// How the temporary file of a [`NewStore`] ends.
const BUILD_SUFFIX: &str = ".chiso-new";

/// Deletes what builds of a new database at `target` left when they were
/// killed: its `*.chiso-new` files that have not been written to for a minute
/// and that no connection holds (SQLite's lock says). Best effort: a file that
/// cannot be checked or deleted stays.
fn remove_stale_builds(target: &Path, prefix: &std::ffi::OsStr) {
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    let prefix = prefix.to_string_lossy();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(prefix.as_ref()) || !name.ends_with(BUILD_SUFFIX) {
            continue;
        }
        let idle = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|idle| idle > std::time::Duration::from_secs(60));
        if idle && !held_by_a_connection(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether another connection holds the database at `path` (a build still
/// running keeps its file locked).
fn held_by_a_connection(path: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return true;
    };
    if conn.busy_timeout(std::time::Duration::ZERO).is_err() {
        return true;
    }
    match conn.execute_batch("BEGIN EXCLUSIVE; ROLLBACK;") {
        Ok(()) => false,
        Err(error) => matches!(
            error.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        ),
    }
}

/// The folder a file is in ("." for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// The one owner of a database connection.
pub struct Store {
    conn: Conn,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) a database, migrating an older schema in a
    /// transaction and refusing a newer one.
    ///
    /// A `postgresql://` (or `postgres://`) URL opens that PostgreSQL
    /// database instead, which must have the schema already (`chiso init`).
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(url) = database_url(path) {
            return Store::open_postgres(&PgTarget::parse(url)?, false);
        }
        Store::open_journaled(path, Journal::Wal)
    }

    fn open_journaled(path: &Path, journal: Journal) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|error| StoreError::Open {
            path: path.to_owned(),
            error,
        })?;
        Store::init(conn, path.to_owned(), journal)
    }

    /// An in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(
            Connection::open_in_memory()?,
            PathBuf::from(":memory:"),
            Journal::Wal,
        )
    }

    fn init(mut conn: Connection, path: PathBuf, journal: Journal) -> Result<Store> {
        let not_chiso = |error: rusqlite::Error| StoreError::NotChiso {
            path: path.clone(),
            reason: error.to_string(),
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(not_chiso)?;
        let (mode, synchronous) = match journal {
            Journal::Wal => ("WAL", "NORMAL"),
            Journal::Private => ("MEMORY", "OFF"),
        };
        // A file that is not SQLite fails here, on its first read.
        let set: String = conn
            .query_row(&format!("PRAGMA journal_mode = {mode}"), [], |row| {
                row.get(0)
            })
            .map_err(not_chiso)?;
        if !set.eq_ignore_ascii_case(mode) && path.as_os_str() != ":memory:" {
            log_warning(&format!(
                "journal mode is {set}, not {mode}: {}",
                path.display()
            ));
        }
        if matches!(journal, Journal::Private) {
            conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE")?;
        }
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous}; \
             PRAGMA cache_size = {CACHE_SIZE}; PRAGMA temp_store = FILE;"
        ))?;
        let version: i64 = conn.query_row("PRAGMA user_version", params![], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            if version == 0 {
                let tables: i64 = conn.query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                    params![],
                    |row| row.get(0),
                )?;
                if tables > 0 {
                    return Err(StoreError::NotChiso {
                        path,
                        reason: format!("it has {tables} tables but no chiso schema version"),
                    });
                }
            }
            // Version 3 rebuilds `agency`, which other tables reference: SQLite's
            // way is to do it with foreign keys off, then check them.
            conn.execute_batch("PRAGMA foreign_keys = OFF")?;
            let migrated = (|| -> Result<()> {
                let tx = conn.transaction()?;
                for (step, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
                    tx.execute_batch(sql)?;
                    tx.pragma_update(None, "user_version", step as i64 + 1)?;
                }
                let broken: i64 = tx.query_row(
                    "SELECT count(*) FROM pragma_foreign_key_check",
                    params![],
                    |row| row.get(0),
                )?;
                if broken > 0 {
                    return Err(StoreError::Invalid(format!(
                        "migrating the schema would break {broken} references"
                    )));
                }
                tx.commit()?;
                Ok(())
            })();
            conn.execute_batch("PRAGMA foreign_keys = ON")?;
            migrated?;
        }
        Ok(Store {
            conn: Conn::Sqlite(conn),
            path,
        })
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        self.conn.backend()
    }

    /// The file this store has open (for PostgreSQL, its URL without a
    /// password).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of observations.
    pub fn observation_count(&self) -> Result<u64> {
        let count: i64 =
            self.conn
                .query_row("SELECT count(*) FROM observation", params![], |row| {
                    row.get(0)
                })?;
        Ok(count as u64)
    }

    /// All indicators, by code.
    pub fn indicators(&self) -> Result<Vec<Indicator>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, code, name, unit, kind, group_code, parent_id, higher_is_better, aggregation \
             FROM indicator ORDER BY code",
        )?;
        let rows = statement.query_map(params![], indicator_from_row)?;
        rows.collect::<Result<_>>()
    }

    /// All agencies, by code.
    pub fn agencies(&self) -> Result<Vec<Agency>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, code, name, level, parent_id, valid_from, valid_to FROM agency ORDER BY code")?;
        let rows = statement.query_map(params![], agency_from_row)?;
        rows.collect::<Result<_>>()
    }

    /// Agencies that have observations: the ones worth offering in a filter.
    ///
    /// The key index is walked indicator by indicator, one seek per agency
    /// that has figures for it (about a microsecond each): the thousands of
    /// communes of an official list that have no figures cost nothing.
    pub fn agencies_in_use(&self) -> Result<Vec<Agency>> {
        let mut statement = self.conn.prepare_cached(
            "WITH RECURSIVE walk(indicator_id, agency_id) AS ( \
                 SELECT i.id, (SELECT min(o.agency_id) FROM observation o WHERE o.indicator_id = i.id) \
                 FROM indicator i \
                 UNION ALL \
                 SELECT walk.indicator_id, (SELECT min(o.agency_id) FROM observation o \
                     WHERE o.indicator_id = walk.indicator_id AND o.agency_id > walk.agency_id) \
                 FROM walk WHERE walk.agency_id IS NOT NULL) \
             SELECT id, code, name, level, parent_id, valid_from, valid_to FROM agency \
             WHERE id IN (SELECT agency_id FROM walk) ORDER BY code",
        )?;
        let rows = statement.query_map(params![], agency_from_row)?;
        rows.collect::<Result<_>>()
    }

    /// Distinct periods that have observations, in time order.
    pub fn periods(&self) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT DISTINCT period FROM observation ORDER BY period")?;
        let rows = statement.query_map(params![], |row| row.get(0))?;
        rows.collect::<Result<_>>()
    }

    /// Direct access for the store's own tests.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        self.conn.sqlite().expect("a SQLite store")
    }

    /// The value of one observation, by indicator code, agency code and period.
    pub fn scalar_f64(
        &self,
        indicator_code: &str,
        agency_code: &str,
        period: &str,
    ) -> Result<Option<f64>> {
        let value = self
            .conn
            .query_row(
                "SELECT o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id \
             JOIN agency a ON a.id = o.agency_id WHERE i.code = ?1 AND a.code = ?2 AND o.period = ?3",
                params![indicator_code, agency_code, period],
                |row| row.get(0),
            )
            .optional()?;
        Ok(value.flatten())
    }
}

fn log_warning(message: &str) {
    eprintln!("chiso: warning: {message}");
}

pub(crate) fn indicator_from_row(row: &Row<'_>) -> Result<Indicator> {
    let kind: String = row.get(4)?;
    let higher: i64 = row.get(7)?;
    Ok(Indicator {
        id: row.get(0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        unit: row.get(3)?,
        kind: Kind::parse(&kind).unwrap_or_default(),
        group_code: row.get(5)?,
        parent_id: row.get(6)?,
        direction: if higher == 0 {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        },
        aggregation: row
            .get::<Option<String>>(8)?
            .as_deref()
            .and_then(Aggregation::parse)
            .unwrap_or_else(|| Aggregation::default_for(Kind::parse(&kind).unwrap_or_default())),
    })
}

pub(crate) fn agency_from_row(row: &Row<'_>) -> Result<Agency> {
    let level: Option<String> = row.get(3)?;
    Ok(Agency {
        id: row.get(0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        level: level.as_deref().and_then(Level::parse),
        parent_id: row.get(4)?,
        valid_from: row.get(5)?,
        valid_to: row.get(6)?,
    })
}

/// Who makes a change, for `edit_log.user`: the operating system's account
/// name (`USER`, or `USERNAME` on Windows); None when neither is set.
pub(crate) fn os_user() -> Option<String> {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|name| !name.is_empty())
}

/// Now, as the audit log writes it (UTC, ISO 8601, milliseconds).
pub(crate) const NOW_SQL: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AgencyDefinition;

    #[test]
    fn a_new_database_gets_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite");
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .connection()
            .query_row("PRAGMA user_version", params![], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let journal: String = store
            .connection()
            .query_row("PRAGMA journal_mode", params![], |row| row.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        let foreign_keys: i64 = store
            .connection()
            .query_row("PRAGMA foreign_keys", params![], |row| row.get(0))
            .unwrap();
        assert_eq!(foreign_keys, 1);
        drop(store);
        // Opening again keeps it.
        Store::open(&path).unwrap();
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn add_province(store: &mut Store) {
        let province = AgencyDefinition {
            code: "56".into(),
            name: "Khánh Hòa".into(),
            level: Some(Level::Province),
            parent_code: None,
        };
        store.upsert_agencies(&[province]).unwrap();
    }

    #[test]
    fn a_new_store_appears_at_its_place_only_when_installed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mới.sqlite");
        let mut new = NewStore::create(&path).unwrap();
        add_province(new.store());
        assert!(!path.exists(), "visible before it is whole");
        drop(new);
        assert_eq!(files_in(dir.path()), Vec::<String>::new(), "left behind");

        let mut new = NewStore::create(&path).unwrap();
        add_province(new.store());
        let store = new.install().unwrap();
        assert_eq!(store.path(), path);
        assert_eq!(store.agencies().unwrap()[0].name, "Khánh Hòa");
        let journal: String = store
            .connection()
            .query_row("PRAGMA journal_mode", params![], |row| row.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        drop(store);
        assert_eq!(files_in(dir.path()), ["mới.sqlite"]);
        let reopened = Store::open(&path).unwrap();
        assert_eq!(reopened.agencies().unwrap().len(), 1);
        let integrity: String = reopened
            .connection()
            .query_row("PRAGMA integrity_check", params![], |row| row.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
    }

    #[test]
    fn a_build_killed_long_ago_is_cleared_and_a_running_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chiso.sqlite");
        let written_an_hour_ago = |file: &Path| {
            let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            let opened = std::fs::File::options().write(true).open(file).unwrap();
            opened.set_modified(an_hour_ago).unwrap();
        };
        let left = |name: &str| {
            let file = dir.path().join(name);
            std::fs::write(&file, vec![0u8; 4096]).unwrap();
            written_an_hour_ago(&file);
            file
        };
        let killed = left("chiso.sqlite.a1b2c3.chiso-new");
        let other_database = left("other.sqlite.a1b2c3.chiso-new");
        // A build in progress in another connection: its file is locked.
        let running = dir.path().join("chiso.sqlite.d4e5f6.chiso-new");
        let holder = Connection::open(&running).unwrap();
        holder
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
            )
            .unwrap();
        written_an_hour_ago(&running);

        let mut new = NewStore::create(&path).unwrap();
        add_province(new.store());
        new.install().unwrap();
        assert!(!killed.exists(), "the killed build's file is still there");
        assert!(running.exists() && other_database.exists());
        drop(holder);
    }

    #[test]
    fn a_new_store_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken.sqlite");
        std::fs::write(&path, "not a database").unwrap();
        let refused = NewStore::create(&path).err().unwrap().to_string();
        assert!(refused.contains("taken.sqlite"), "{refused}");
        // A file that appears while the new database is built stays too.
        let other = dir.path().join("other.sqlite");
        let mut new = NewStore::create(&other).unwrap();
        add_province(new.store());
        std::fs::write(&other, "someone else's").unwrap();
        assert!(new.install().is_err());
        assert_eq!(std::fs::read(&other).unwrap(), b"someone else's");
        assert_eq!(files_in(dir.path()), ["other.sqlite", "taken.sqlite"]);
    }

    /// A small store: agencies 56 (province, figures for two indicators),
    /// 5611 (district, figures for one) and 5613 (district, none), as an
    /// official list leaves most of its units.
    fn store_with_figures(dir: &Path) -> Store {
        let store = Store::open(&dir.join("small.sqlite")).unwrap();
        add_figures(&store);
        store
    }

    fn add_figures(store: &Store) {
        store
            .conn
            .execute_batch(
                "INSERT INTO indicator (id, code, name, name_key) VALUES (1, 'A', 'A', 'a'), (2, 'B', 'B', 'b');
                 INSERT INTO agency (id, code, name, level, name_key) VALUES
                     (7, '56', 'Khánh Hòa', 'province', 'khanh hoa'),
                     (8, '5611', 'Nha Trang', 'district', 'nha trang'),
                     (9, '5613', 'Cam Ranh', 'district', 'cam ranh');
                 INSERT INTO observation (indicator_id, agency_id, period, value, target) VALUES
                     (1, 7, '2021', 1, 2), (2, 7, '2021', 3, NULL), (2, 7, '2022', 4, 5), (2, 8, '2021', 5, NULL);",
            )
            .unwrap();
    }

    #[test]
    fn a_version_1_database_is_migrated_and_keeps_its_figures() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "INSERT INTO indicator (id, code, name, name_key) VALUES (1, 'A', 'A', 'a');
                 INSERT INTO agency (id, code, name, name_key) VALUES (1, '56', 'Khánh Hòa', 'khanh hoa');
                 INSERT INTO observation (indicator_id, agency_id, period, value) VALUES (1, 1, '2021', 3467);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .connection()
            .query_row("PRAGMA user_version", params![], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let indexes: Vec<String> = store
            .connection()
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'observation'",
            )
            .unwrap()
            .query_map(params![], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(indexes, ["observation_key"]);
        assert_eq!(store.scalar_f64("A", "56", "2021").unwrap(), Some(3467.0));
    }

    #[test]
    fn the_agencies_in_use_are_the_ones_with_figures() {
        let dir = tempfile::tempdir().unwrap();
        for test in backends::each_backend("agencies_in_use", dir.path()) {
            let store = &test.store;
            add_figures(store);
            let codes: Vec<String> = store
                .agencies_in_use()
                .unwrap()
                .into_iter()
                .map(|agency| agency.code)
                .collect();
            assert_eq!(codes, ["56", "5611"], "{:?}", test.backend());
            assert_eq!(store.target_periods(7).unwrap(), ["2021", "2022"]);
            assert!(store.target_periods(8).unwrap().is_empty());
            assert_eq!(store.province_agency().unwrap().unwrap().code, "56");
        }
    }

    /// Without an index of its own, an agency's rows must still be found
    /// through the key index, never by reading the whole table.
    #[test]
    fn an_agency_filter_reads_the_key_index_not_the_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_figures(dir.path());
        let filter = ObservationFilter {
            agency_id: Some(8),
            ..ObservationFilter::default()
        };
        let plan = store.plan_of_ids(&filter, SortColumn::Key, SortOrder::Ascending);
        assert!(plan.contains("observation_key"), "{plan}");
        assert!(!plan.contains("SCAN o"), "{plan}");
        let ids = store
            .ordered_ids(&filter, SortColumn::Key, SortOrder::Ascending)
            .unwrap();
        assert_eq!(ids.len(), 1);
    }

    #[test]
    fn a_newer_database_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
        }
        let error = Store::open(&path)
            .err()
            .expect("newer schema must be refused");
        let message = error.to_string();
        assert!(matches!(error, StoreError::NewerSchema { .. }), "{message}");
        assert!(message.contains("future.sqlite"), "{message}");
        assert!(message.contains("newer"), "{message}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite");
        std::fs::write(
            &path,
            "this is a text file, not SQLite, and it is long enough to matter",
        )
        .unwrap();
        let error = Store::open(&path).err().expect("must be refused");
        assert!(error.to_string().contains("notes.sqlite"), "{error}");
    }
}
