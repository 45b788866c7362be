//! Helpers the modules share: the binary run on a database, its output as
//! text, and files written for a test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `chiso --db DB ARGS…` in an English locale (what the tests of its
/// English read), waited for.
pub fn chiso(db: &Path, args: &[&str]) -> Output {
    chiso_in("C.UTF-8", db, args)
}

/// `chiso --db DB ARGS…` with `LANG=locale` (and no `LC_ALL` or
/// `LC_MESSAGES` over it), waited for.
pub fn chiso_in(locale: &str, db: &Path, args: &[&str]) -> Output {
    command(locale)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("chiso runs")
}

/// The binary, to be given its arguments, with `LANG=locale` and no
/// `LC_ALL` or `LC_MESSAGES` over it.
pub fn command(locale: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chiso"));
    command
        .env("LANG", locale)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    command
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes `bytes` (text or not) to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A fresh PostgreSQL database for one test, made in the server that
/// `CHISO_TEST_PG` names (`.ci/pg-start` starts one and prints it) with the
/// chiso schema (`chiso init`), dropped again when the test ends. None, with
/// a note, when no server is given; under `CI=true` that fails the test.
pub struct PgDatabase {
    /// The database's URL, as `--db` takes it.
    pub url: PathBuf,
    admin: String,
    name: String,
}

impl PgDatabase {
    pub fn new(test: &str) -> Option<PgDatabase> {
        let Ok(admin) = std::env::var("CHISO_TEST_PG") else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CHISO_TEST_PG is not set under CI: .ci/run starts a PostgreSQL server for these tests"
            );
            eprintln!(
                "note: {test} skipped: no PostgreSQL server (set CHISO_TEST_PG, see .ci/pg-start)"
            );
            return None;
        };
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let name = format!(
            "chiso_{}_{}_{}",
            test.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(20)
                .collect::<String>()
                .to_lowercase(),
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let mut client = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|error| panic!("cannot reach the test server {admin}: {error}"));
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = admin
            .rsplit_once('/')
            .map_or(admin.as_str(), |(base, _)| base);
        let database = PgDatabase {
            url: PathBuf::from(format!("{base}/{name}")),
            admin,
            name,
        };
        let init = chiso(&database.url, &["init"]);
        assert!(init.status.success(), "chiso init: {}", stderr(&init));
        Some(database)
    }

    /// A client of this database, as the server's superuser.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(self.url.to_str().unwrap(), postgres::NoTls).unwrap()
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The first column of the first row of `sql`, as a number, in the database
/// `--db` names (a SQLite file or a PostgreSQL URL).
pub fn query_number(db: &Path, sql: &str) -> f64 {
    if let Some(url) = db.to_str().filter(|db| db.starts_with("postgres")) {
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
        let rows = client.simple_query(sql).unwrap();
        rows.iter()
            .find_map(|message| match message {
                postgres::SimpleQueryMessage::Row(row) => {
                    Some(row.get(0).map_or(f64::NAN, |text| text.parse().unwrap()))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{sql}: no row"))
    } else {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.query_row(sql, [], |row| row.get(0)).unwrap()
    }
}

/// The first column of every row of `sql`, as text, in the database `--db`
/// names (a SQLite file or a PostgreSQL URL).
pub fn query_texts(db: &Path, sql: &str) -> Vec<String> {
    if let Some(url) = db.to_str().filter(|db| db.starts_with("postgres")) {
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
        client
            .simple_query(sql)
            .unwrap()
            .iter()
            .filter_map(|message| match message {
                postgres::SimpleQueryMessage::Row(row) => {
                    Some(row.get(0).unwrap_or_default().to_owned())
                }
                _ => None,
            })
            .collect()
    } else {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut statement = conn.prepare(sql).unwrap();
        statement
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}
