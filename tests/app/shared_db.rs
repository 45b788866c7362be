//! The shared department database (issue 14): the command-line tests of
//! `foundation` run again on PostgreSQL, and what only a shared server has:
//! two imports at once, an import killed midway, a read-only role, a newer
//! schema. Each test gets a database of its own in the server `.ci/run`
//! starts (`CHISO_TEST_PG`); without one they skip with a note, and fail
//! under `CI=true`.

use std::path::Path;

use super::foundation;
use super::support::{PgDatabase, chiso, query_number, stderr, stdout, write};

/// A test body run on a new PostgreSQL database with the chiso schema.
fn on_postgres(test: &str, body: impl FnOnce(&Path, &Path)) {
    let Some(database) = PgDatabase::new(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    body(&database.url, dir.path());
}

#[test]
fn reimporting_the_same_file_changes_nothing_on_postgres() {
    on_postgres(
        "reimport",
        foundation::reimporting_the_same_file_changes_nothing_on,
    );
}

#[test]
fn a_changed_value_is_logged_with_origin_import_on_postgres() {
    on_postgres(
        "changed",
        foundation::a_changed_value_is_updated_and_logged_with_origin_import_on,
    );
}

#[test]
fn dry_run_writes_nothing_on_postgres() {
    on_postgres(
        "dryrun",
        foundation::dry_run_reports_changes_and_writes_nothing_on,
    );
}

#[test]
fn strict_imports_nothing_on_postgres() {
    on_postgres(
        "strict",
        foundation::strict_imports_nothing_when_a_row_is_bad_on,
    );
}

#[test]
fn check_finds_the_demo_inconsistencies_on_postgres() {
    on_postgres(
        "check",
        foundation::check_finds_the_demo_sets_deliberate_inconsistencies_on,
    );
}

/// Exported from PostgreSQL, imported into a second PostgreSQL database
/// and into SQLite: the three exports are the same bytes.
#[test]
fn export_round_trip_on_postgres_and_into_sqlite() {
    let Some(copy) = PgDatabase::new("roundtripcopy") else {
        return;
    };
    on_postgres("roundtrip", |db, dir| {
        foundation::export_import_export_is_byte_identical_on(db, &copy.url, dir);
        let sqlite = dir.join("from-postgres.sqlite");
        let first = dir.join("first.csv");
        let output = chiso(&sqlite, &["import", first.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let again = dir.join("again.csv");
        assert!(
            chiso(&sqlite, &["export", "--out", again.to_str().unwrap()])
                .status
                .success()
        );
        assert!(
            std::fs::read(first).unwrap() == std::fs::read(again).unwrap(),
            "PostgreSQL and SQLite export the same figures differently"
        );
    });
}

const SMALL: &str = "indicator_code,agency_code,period,value,target,note\n\
CTS_TONG,56,2021,3467,3000,\n\
CTS_COQUAN,56,2021,762,,\n\
CTS_CANHAN,56,2021,2705,,\n";

/// A password in the URL is refused (it would be seen in the process list
/// and the shell history); an empty database asks for `chiso init`; a
/// database written by a newer chiso is refused, as for SQLite.
#[test]
fn passwords_empty_databases_and_newer_schemas_are_refused() {
    let Some(database) = PgDatabase::new("refusals") else {
        return;
    };
    let url = database.url.to_str().unwrap();
    let with_password = url.replacen("postgres@", "postgres:secret@", 1);
    let output = chiso(Path::new(&with_password), &["export"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("PGPASSWORD"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("secret"), "{}", stderr(&output));

    let mut client = database.client();
    client
        .batch_execute("CREATE DATABASE chiso_empty_probe")
        .unwrap();
    let empty = url.rsplit_once('/').unwrap().0.to_owned() + "/chiso_empty_probe";
    let output = chiso(Path::new(&empty), &["export"]);
    let said = stderr(&output);
    client
        .batch_execute("DROP DATABASE chiso_empty_probe")
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(said.contains("chiso init"), "{said}");

    client
        .batch_execute("UPDATE chiso_meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    let output = chiso(&database.url, &["export"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("newer chiso"),
        "{}",
        stderr(&output)
    );
}

/// Two analysts import into one database at the same moment: both imports
/// succeed (the second waits for the first), each batch whole.
#[test]
fn two_imports_at_once_both_land_whole() {
    let Some(database) = PgDatabase::new("concurrent") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let rows = |period: u32| {
        let mut text = String::from("indicator_code,agency_code,period,value\n");
        for agency in 0..3000 {
            text.push_str(&format!("CTS_TONG,A{agency},{period},{agency}\n"));
        }
        text
    };
    let first = write(dir.path(), "a.csv", rows(2021));
    let second = write(dir.path(), "b.csv", rows(2022));
    let spawn = |file: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
            .arg("--db")
            .arg(&database.url)
            .args(["import", "--json"])
            .arg(file)
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| spawn(&first));
        let b = scope.spawn(|| spawn(&second));
        (a.join().unwrap(), b.join().unwrap())
    });
    for output in [&a, &b] {
        assert!(output.status.success(), "{}", stderr(output));
    }
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM observation"),
        6000.0
    );
    // Every batch holds the rows of one file only.
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(DISTINCT period) FROM observation GROUP BY batch_id ORDER BY 1 DESC LIMIT 1"
        ),
        1.0
    );
}

/// An import killed midway leaves the database as it was: the server rolls
/// its transaction back when the connection goes.
#[test]
fn a_killed_import_leaves_the_database_as_it_was() {
    let Some(database) = PgDatabase::new("killed") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.csv", SMALL);
    let output = chiso(&database.url, &["import", small.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut big = String::from("indicator_code,agency_code,period,value\n");
    for row in 0..400_000 {
        big.push_str(&format!(
            "CTS_TONG,K{},{}-{:02},{row}\n",
            row % 500,
            1990 + row / 6000,
            1 + row % 12
        ));
    }
    let big = write(dir.path(), "big.csv", big);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
        .arg("--db")
        .arg(&database.url)
        .arg("import")
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once its batch exists (the import is under way, uncommitted).
    let mut client = database.client();
    let started = std::time::Instant::now();
    loop {
        let running: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'chiso' \
                 AND state <> 'idle' AND xact_start IS NOT NULL",
                &[],
            )
            .unwrap()
            .get(0);
        if running > 0 || started.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let finished_first = child.try_wait().unwrap().is_some();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !finished_first,
        "the import ended before it could be killed"
    );
    // The server notices the closed connection and rolls back.
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM observation"),
        3.0
    );
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM import_batch"),
        1.0
    );
}

/// A role without write rights reads everything and is refused edits with
/// the server's reason; imports fail without writing.
#[test]
fn a_read_only_role_reads_and_is_refused_writes() {
    let Some(database) = PgDatabase::new("readonly") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.csv", SMALL);
    let output = chiso(&database.url, &["import", small.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut client = database.client();
    client
        .batch_execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chiso_reader') \
             THEN CREATE ROLE chiso_reader LOGIN; END IF; END $$; \
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO chiso_reader;",
        )
        .unwrap();
    let reader = database
        .url
        .to_str()
        .unwrap()
        .replacen("postgres@", "chiso_reader@", 1);
    let reader = Path::new(&reader);
    let export = chiso(reader, &["export"]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(stdout(&export).contains("CTS_COQUAN"));
    let changed = write(dir.path(), "changed.csv", SMALL.replace("762,,", "765,,"));
    let output = chiso(reader, &["import", changed.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("permission denied"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        query_number(
            &database.url,
            "SELECT value FROM observation_v WHERE indicator_code = 'CTS_COQUAN'"
        ),
        762.0
    );
}
