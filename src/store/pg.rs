//! The shared database on PostgreSQL (issue 14): opening it from a URL
//! without a password in it, and its schema, the same public schema as
//! SQLite's with its version in `chiso_meta` (PostgreSQL has no
//! `user_version`).

use std::path::PathBuf;

use postgres::config::Host;

use super::db::{Conn, PgConn};
use super::schema::SCHEMA_VERSION;
use super::{Result, Store, StoreError};

/// Whether `--db` names a PostgreSQL database rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgresql://") || db.starts_with("postgres://")
}

/// A PostgreSQL database named by a URL, with the password (if the server
/// asks for one) from `PGPASSWORD` or the `.pgpass` file, never from the URL.
#[derive(Clone, Debug)]
pub struct PgTarget {
    config: postgres::Config,
    /// The URL as shown: no password.
    shown: String,
}

impl PgTarget {
    pub fn parse(url: &str) -> Result<PgTarget> {
        let mut config: postgres::Config =
            url.parse()
                .map_err(|error: postgres::Error| StoreError::NotAUrl {
                    url: url.to_owned(),
                    reason: error.to_string(),
                })?;
        if config.get_password().is_some() {
            return Err(StoreError::PasswordInUrl);
        }
        if config.get_user().is_none()
            && let Some(user) = std::env::var("PGUSER").ok().or_else(super::os_user)
        {
            config.user(&user);
        }
        if config.get_dbname().is_none()
            && let Some(user) = config.get_user().map(str::to_owned)
        {
            config.dbname(&user);
        }
        if let Some(password) = password_for(&config) {
            config.password(password);
        }
        config.application_name("chiso");
        config.connect_timeout(std::time::Duration::from_secs(10));
        Ok(PgTarget {
            shown: url.to_owned(),
            config,
        })
    }

    /// The URL, as the window and messages show it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    fn connect(&self) -> Result<postgres::Client> {
        self.config
            .connect(postgres::NoTls)
            .map_err(|error| StoreError::Connect {
                url: self.shown.clone(),
                reason: describe(&error),
            })
    }
}

/// The password `PGPASSWORD` gives, else the first `.pgpass` line that
/// matches (`PGPASSFILE`, or `~/.pgpass`; `%APPDATA%\postgresql\pgpass.conf`
/// on Windows), as libpq reads them.
fn password_for(config: &postgres::Config) -> Option<String> {
    if let Ok(password) = std::env::var("PGPASSWORD") {
        return Some(password);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| {
            let dirs = directories::BaseDirs::new()?;
            Some(if cfg!(windows) {
                dirs.config_dir().join("postgresql").join("pgpass.conf")
            } else {
                dirs.home_dir().join(".pgpass")
            })
        })?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(Host::Unix(_)) | None => "localhost".to_owned(),
        #[cfg(not(unix))]
        None => "localhost".to_owned(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or_default(),
        config.get_user().unwrap_or_default(),
    ];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            (fields.len() == 5
                && fields[..4]
                    .iter()
                    .zip(wanted)
                    .all(|(field, wanted)| field == "*" || field == wanted))
            .then(|| fields[4].clone())
        })
}

/// A `.pgpass` line's fields (`:` separates, `\` escapes).
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// A PostgreSQL error as one line: the server's message and detail, or the
/// client's.
pub fn describe(error: &postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        match db.detail() {
            Some(detail) => format!("{}: {detail}", db.message()),
            None => db.message().to_owned(),
        }
    } else {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}

impl Store {
    /// Opens the PostgreSQL database `target` names, refusing a newer
    /// schema and one that is not chiso's; with `create`, an empty database
    /// gets the schema (`chiso init`), otherwise it is refused.
    pub fn open_postgres(target: &PgTarget, create: bool) -> Result<Store> {
        let client = target.connect()?;
        let conn = Conn::Postgres(Box::new(PgConn::new(client)));
        let path = PathBuf::from(target.shown());
        let not_chiso = |reason: String| StoreError::NotChiso {
            path: path.clone(),
            reason,
        };
        let has_meta: bool = conn.query_row(
            "SELECT to_regclass('chiso_meta') IS NOT NULL",
            rusqlite::params![],
            |row| row.get(0),
        )?;
        if has_meta {
            let version: Option<String> = conn
                .query_row(
                    "SELECT value FROM chiso_meta WHERE key = 'schema_version'",
                    rusqlite::params![],
                    |row| row.get(0),
                )
                .map_err(|_| not_chiso("chiso_meta has no schema_version".to_owned()))?;
            let found: i64 = version
                .as_deref()
                .and_then(|text| text.parse().ok())
                .ok_or_else(|| not_chiso("its schema version is not a number".to_owned()))?;
            if found > SCHEMA_VERSION {
                return Err(StoreError::NewerSchema {
                    path,
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            if found < SCHEMA_VERSION {
                migrate(&conn, found, target)?;
            }
            return Ok(Store { conn, path });
        }
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            rusqlite::params![],
            |row| row.get(0),
        )?;
        if tables > 0 {
            return Err(not_chiso(format!(
                "it has {tables} tables but no chiso schema version"
            )));
        }
        if !create {
            return Err(StoreError::NoSchema {
                url: target.shown().to_owned(),
            });
        }
        {
            let tx = conn.transaction()?;
            tx.execute_batch(SCHEMA)?;
            tx.execute_batch(&views())?;
            tx.execute(
                "INSERT INTO chiso_meta (key, value) VALUES ('schema_version', ?1)",
                rusqlite::params![SCHEMA_VERSION.to_string()],
            )?;
            tx.commit()?;
        }
        Ok(Store { conn, path })
    }
}

/// Migrations of a PostgreSQL database: entry `(n, sql)` brings version `n`
/// to `n + 1` (version 3 is the first the PostgreSQL schema had).
const MIGRATIONS: &[(i64, &str)] = &[(3, "ALTER TABLE import_rejection ADD COLUMN cause TEXT")];

/// Brings a database from version `found` to [`SCHEMA_VERSION`] in one
/// transaction (a second chiso that opens it meanwhile waits, then finds it
/// done).
fn migrate(conn: &Conn, found: i64, target: &PgTarget) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch("LOCK TABLE chiso_meta IN EXCLUSIVE MODE")?;
    let mut version: i64 = tx
        .query_row(
            "SELECT value FROM chiso_meta WHERE key = 'schema_version'",
            rusqlite::params![],
            |row| row.get::<String>(0),
        )?
        .parse()
        .unwrap_or(found);
    while version < SCHEMA_VERSION {
        let Some((_, sql)) = MIGRATIONS.iter().find(|(from, _)| *from == version) else {
            return Err(StoreError::Invalid(format!(
                "the database has schema version {version}; this chiso has no migration of \
                 PostgreSQL databases from it: {}",
                target.shown()
            )));
        };
        tx.execute_batch(sql)?;
        version += 1;
    }
    tx.execute(
        "UPDATE chiso_meta SET value = ?1 WHERE key = 'schema_version'",
        rusqlite::params![version.to_string()],
    )?;
    tx.commit()
}

/// SQLite's views (the last migration that made them), in PostgreSQL's
/// words: a typed constant in the recursive part, and its date arithmetic.
fn views() -> String {
    let sqlite = super::schema::views();
    let mut views = sqlite.to_owned();
    for (from, to) in VIEW_DIALECT {
        assert!(
            views.contains(from),
            "the SQLite views no longer say {from}"
        );
        views = views.replace(from, to);
    }
    views
}

/// What the views say differently on PostgreSQL.
const VIEW_DIALECT: &[(&str, &str)] = &[
    (
        "SELECT id, id, 1 FROM agency",
        "SELECT id, id, 1::bigint FROM agency",
    ),
    (
        "date(o.period || '-01', '+1 month', '-1 day')",
        "to_char(to_date(o.period || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day', 'YYYY-MM-DD')",
    ),
];

/// The tables at [`SCHEMA_VERSION`], as DESIGN.md gives them for SQLite:
/// integers are `bigint`, figures `double precision`, ids identities; the
/// log's old and new values are text (SQLite keeps them untyped).
const SCHEMA: &str = r#"
CREATE TABLE chiso_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE indicator (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    unit TEXT,
    kind TEXT NOT NULL DEFAULT 'count' CHECK (kind IN ('rate', 'count', 'amount')),
    group_code TEXT,
    parent_id BIGINT REFERENCES indicator(id) ON DELETE SET NULL,
    higher_is_better BIGINT NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
    name_key TEXT NOT NULL,
    aggregation TEXT CHECK (aggregation IN ('sum', 'last', 'ratio', 'none'))
);
CREATE INDEX indicator_name_key ON indicator(name_key);
CREATE INDEX indicator_parent ON indicator(parent_id);

CREATE TABLE agency (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    level TEXT CHECK (level IN ('province', 'department', 'district', 'commune')),
    parent_id BIGINT REFERENCES agency(id) ON DELETE SET NULL,
    name_key TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);
CREATE UNIQUE INDEX agency_code ON agency(code, coalesce(valid_from, ''));
CREATE INDEX agency_name_key ON agency(name_key);
CREATE INDEX agency_parent ON agency(parent_id);

CREATE TABLE agency_succession (
    predecessor_id BIGINT NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    successor_id BIGINT NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    effective TEXT NOT NULL,
    whole BIGINT NOT NULL CHECK (whole IN (0, 1)),
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX agency_succession_successor ON agency_succession(successor_id);

CREATE TABLE import_batch (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT,
    imported_at TEXT NOT NULL,
    encoding TEXT,
    delimiter TEXT,
    number_format TEXT,
    header_line BIGINT,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_inserted BIGINT NOT NULL DEFAULT 0,
    rows_updated BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    rows_skipped BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE import_rejection (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    batch_id BIGINT NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    line BIGINT,
    "column" BIGINT,
    raw TEXT,
    message TEXT NOT NULL,
    cause TEXT
);
CREATE INDEX import_rejection_batch ON import_rejection(batch_id);

CREATE TABLE observation (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicator(id),
    agency_id BIGINT NOT NULL REFERENCES agency(id),
    period TEXT NOT NULL,
    value DOUBLE PRECISION,
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    target DOUBLE PRECISION,
    qualifier TEXT,
    note TEXT,
    batch_id BIGINT REFERENCES import_batch(id) ON DELETE SET NULL,
    source_line BIGINT
);
CREATE UNIQUE INDEX observation_key ON observation(indicator_id, agency_id, period);

CREATE TABLE edit_log (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    observation_id BIGINT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('edit', 'undo', 'redo', 'import', 'delete')),
    batch_id BIGINT,
    "user" TEXT
);
CREATE INDEX edit_log_observation ON edit_log(observation_id);

"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_views_are_sqlites_in_postgresql_words() {
        let views = super::views();
        assert!(views.contains("CREATE VIEW observation_v AS"));
        assert!(views.contains("CREATE VIEW observation_current_v AS"));
        assert!(views.contains("1::bigint") && views.contains("interval '1 month'"));
        assert!(!views.contains("THEN date("));
    }
}
