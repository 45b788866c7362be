//! The shared department database (issue 14): the command-line tests of
//! `foundation` run again on PostgreSQL, and what only a shared server has:
//! two imports at once, an import killed midway, a read-only role, a newer
//! schema. Each test gets a database of its own in the server `.ci/run`
//! starts (`CHISO_TEST_PG`); without one they skip with a note, and fail
//! under `CI=true`.

use std::path::Path;

use egui_kittest::kittest::Queryable;

use super::foundation;
use super::support::{PgDatabase, chiso, query_number, query_texts, stderr, stdout, write};

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
        super::support::command("C.UTF-8")
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
    let mut child = super::support::command("C.UTF-8")
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

/// The URL of the database for a role that may only read it (made once
/// per server).
fn reader_url(database: &PgDatabase) -> String {
    database
        .client()
        .batch_execute(
            // Two tests may make it at once: the loser's error is expected.
            "DO $$ BEGIN CREATE ROLE chiso_reader LOGIN; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$; \
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO chiso_reader;",
        )
        .unwrap();
    database
        .url
        .to_str()
        .unwrap()
        .replacen("postgres@", "chiso_reader@", 1)
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
    let reader = reader_url(&database);
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

/// One figure set from `old` to `new`, as the table sends it.
fn set_value(id: i64, old: f64, new: f64) -> chiso::domain::edit::EditCommand {
    chiso::domain::edit::EditCommand::SetCells(vec![chiso::domain::edit::CellChange {
        observation_id: id,
        field: chiso::domain::Field::Value,
        old: chiso::domain::FieldValue::Number(old),
        new: chiso::domain::FieldValue::Number(new),
    }])
}

fn id_of(db: &Path, indicator: &str, period: &str) -> i64 {
    query_number(
        db,
        &format!(
            "SELECT o.id FROM observation o JOIN indicator i ON i.id = o.indicator_id \
             JOIN agency a ON a.id = o.agency_id \
             WHERE i.code = '{indicator}' AND a.code = '56' AND o.period = '{period}'"
        ),
    ) as i64
}

/// Two analysts edit one figure: the second, who started from the figure
/// as it was, is told who changed it and to what, and nothing of theirs is
/// written until they choose to write over it.
fn two_editors_of_one_figure(db: &Path, dir: &Path) {
    use chiso::domain::FieldValue;
    use chiso::store::{EditOrigin, Store, StoreError};
    let small = write(dir, "small.csv", SMALL);
    let output = chiso(db, &["import", small.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let id = id_of(db, "CTS_COQUAN", "2021");
    let mut mine = Store::open(db).unwrap();
    let mut theirs = Store::open(db).unwrap();
    theirs
        .apply_command(&set_value(id, 762.0, 770.0), EditOrigin::Edit)
        .unwrap();
    let refused = mine
        .apply_command(&set_value(id, 762.0, 765.0), EditOrigin::Edit)
        .unwrap_err();
    let StoreError::Conflict(conflict) = refused else {
        panic!("not a conflict: {refused}");
    };
    assert_eq!(conflict.now, FieldValue::Number(770.0));
    assert_eq!(conflict.started_from, FieldValue::Number(762.0));
    assert_eq!(conflict.wanted, FieldValue::Number(765.0));
    assert_eq!(
        conflict.by,
        std::env::var("USER").ok().filter(|user| !user.is_empty())
    );
    assert!(conflict.at.is_some(), "the log says when");
    assert_eq!(
        mine.scalar_f64("CTS_COQUAN", "56", "2021").unwrap(),
        Some(770.0),
        "the refused edit wrote nothing"
    );
    // Written over, knowingly: started from what the database holds now.
    mine.apply_command(&set_value(id, 770.0, 765.0), EditOrigin::Edit)
        .unwrap();
    assert_eq!(
        theirs.scalar_f64("CTS_COQUAN", "56", "2021").unwrap(),
        Some(765.0)
    );
    assert_eq!(
        query_number(db, "SELECT count(*) FROM edit_log WHERE origin = 'edit'"),
        2.0
    );
}

#[test]
fn two_editors_of_one_figure_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    two_editors_of_one_figure(&dir.path().join("shared.sqlite"), dir.path());
}

#[test]
fn two_editors_of_one_figure_on_postgres() {
    on_postgres("twoeditors", two_editors_of_one_figure);
}

/// The window shows a figure another analyst changed without being told
/// to reload, and asks when the analyst's own edit started from the old
/// figure; writing over it is a choice.
#[test]
fn the_window_follows_another_analysts_change_and_asks_about_a_conflict() {
    use super::window::{
        harness, new_sample_database, run_until, show_certificates_2021, value_in_db,
    };
    use chiso::app::window::table::TableColumn;
    use chiso::domain::{Field, NumberFormat};
    use chiso::store::{EditOrigin, Store};
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    show_certificates_2021(&mut harness);
    let id = id_of(&db, "CTS_TONG", "2021");
    let shown = |app: &chiso::app::window::ChisoApp| {
        app.table.row_of(id).and_then(|row| {
            app.table.cell_text(
                row,
                TableColumn::Field(Field::Value),
                app.texts(),
                NumberFormat::Vi,
            )
        })
    };
    assert_eq!(shown(harness.state()).as_deref(), Some("3.467"));
    let mut other = Store::open(&db).unwrap();
    other
        .apply_command(&set_value(id, 3467.0, 3480.0), EditOrigin::Edit)
        .unwrap();
    run_until(&mut harness, "the other analyst's figure", |app| {
        shown(app).as_deref() == Some("3.480")
    });
    // An edit that started from 3.467 (typed before the window caught up).
    harness.state_mut().edit(set_value(id, 3467.0, 3470.0));
    run_until(&mut harness, "the question", |app| !app.is_busy());
    harness.step();
    harness.get_by_label("Số liệu đã bị người khác sửa");
    // It names their figure and the analyst's.
    harness.get_by_label_contains("đã sửa giá trị của CTS_TONG / 56 / 2021 thành 3.480");
    harness.get_by_label_contains("số 3.470 của bạn chưa được ghi");
    assert_eq!(value_in_db(&db, "CTS_TONG", "2021"), Some(3480.0));
    harness.get_by_label("Ghi số của tôi đè lên").click();
    harness.step();
    run_until(&mut harness, "the figure written over", |app| {
        shown(app).as_deref() == Some("3.470")
    });
    assert_eq!(value_in_db(&db, "CTS_TONG", "2021"), Some(3470.0));
}

/// A read-only account sees every figure and the status bar says it may
/// only read; an edit is refused with that message and writes nothing.
#[test]
fn a_read_only_account_sees_the_window_and_is_refused_edits() {
    use super::window::{harness, run_until};
    let Some(database) = PgDatabase::new("readonlywindow") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.csv", SMALL);
    let output = chiso(&database.url, &["import", small.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reader = reader_url(&database);
    let mut harness = harness(Path::new(&reader));
    run_until(&mut harness, "the figures", |app| {
        app.table.is_ready() && app.table.row_count() == 3
    });
    harness.get_by_label("Chỉ xem: tài khoản này không có quyền sửa số liệu");
    let id = id_of(&database.url, "CTS_COQUAN", "2021");
    harness.state_mut().edit(set_value(id, 762.0, 765.0));
    harness.step();
    harness.step();
    assert!(
        harness
            .query_all_by_label("Chỉ xem: tài khoản này không có quyền sửa số liệu")
            .count()
            >= 2,
        "the refusal is said next to the status bar's note"
    );
    assert_eq!(
        query_number(
            &database.url,
            "SELECT value FROM observation_v WHERE indicator_code = 'CTS_COQUAN'"
        ),
        762.0
    );
}

/// A meeting copy out of the shared database, edits made in it, and the
/// edits sent back: the one figure someone changed on the server in the
/// meantime is not written and is named; sending again sends nothing.
#[test]
fn an_offline_copy_and_its_edits_sent_back() {
    use chiso::store::{EditOrigin, Store};
    let Some(database) = PgDatabase::new("offlinecopy") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.csv", SMALL);
    let output = chiso(&database.url, &["import", small.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let meeting = dir.path().join("meeting.sqlite");
    let url = database.url.to_str().unwrap();
    let output = chiso(
        Path::new("unused.sqlite"),
        &["copy", "--from", url, "--to", meeting.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("3 figures"), "{}", stdout(&output));
    let copy = Store::open(&meeting).unwrap();
    let (source, at) = copy
        .copied_from()
        .unwrap()
        .expect("the copy says where it is from");
    assert_eq!(source, url);
    assert!(at.starts_with("20"), "{at}");
    drop(copy);
    // The meeting: two figures corrected in the copy.
    let mut copy = Store::open(&meeting).unwrap();
    let coquan = id_of(&meeting, "CTS_COQUAN", "2021");
    let canhan = id_of(&meeting, "CTS_CANHAN", "2021");
    assert_eq!(coquan, id_of(&database.url, "CTS_COQUAN", "2021"));
    copy.apply_command(&set_value(coquan, 762.0, 765.0), EditOrigin::Edit)
        .unwrap();
    copy.apply_command(&set_value(canhan, 2705.0, 2710.0), EditOrigin::Edit)
        .unwrap();
    drop(copy);
    // Meanwhile at the department, someone corrects one of them too.
    let mut server = Store::open(&database.url).unwrap();
    server
        .apply_command(&set_value(canhan, 2705.0, 2706.0), EditOrigin::Edit)
        .unwrap();
    drop(server);
    let back = |meeting: &Path| {
        chiso(
            Path::new("unused.sqlite"),
            &[
                "copy",
                "--from",
                meeting.to_str().unwrap(),
                "--to",
                url,
                "--edits-only",
            ],
        )
    };
    let output = back(&meeting);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("1 figure(s) sent"), "{said}");
    assert!(said.contains("1 not sent"), "{said}");
    assert!(said.contains("CTS_CANHAN / 56 / 2021"), "{said}");
    let value = |code: &str| {
        query_number(
            &database.url,
            &format!("SELECT value FROM observation_v WHERE indicator_code = '{code}'"),
        )
    };
    assert_eq!(value("CTS_COQUAN"), 765.0);
    assert_eq!(value("CTS_CANHAN"), 2706.0);
    // Sent once: a second time sends nothing.
    let output = back(&meeting);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("0 figure(s) sent"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(*) FROM edit_log WHERE origin = 'edit'"
        ),
        2.0
    );
}

/// `csv` imported into the database, and a meeting copy of it made in `dir`.
fn meeting_copy(database: &PgDatabase, dir: &Path, csv: &str) -> std::path::PathBuf {
    let file = write(dir, "small.csv", csv);
    let output = chiso(&database.url, &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let meeting = dir.join("meeting.sqlite");
    let output = chiso(
        Path::new("unused.sqlite"),
        &[
            "copy",
            "--from",
            database.url.to_str().unwrap(),
            "--to",
            meeting.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    meeting
}

/// Adds the figure of `indicator` for agency 56 and `period` as the window
/// does (an empty row, then its value); its id.
fn add_figure(store: &mut chiso::store::Store, indicator: &str, period: &str, value: f64) -> i64 {
    use chiso::domain::FieldValue;
    use chiso::domain::edit::{CellChange, EditCommand};
    use chiso::store::{EditOrigin, NewObservation};
    let indicator_id = query_number(
        store.path(),
        &format!("SELECT id FROM indicator WHERE code = '{indicator}'"),
    ) as i64;
    let agency_id = query_number(store.path(), "SELECT id FROM agency WHERE code = '56'") as i64;
    let row = store
        .new_observation(&NewObservation {
            indicator_id,
            agency_id,
            period: period.to_owned(),
        })
        .unwrap();
    store
        .apply_command(
            &EditCommand::SetCells(vec![CellChange {
                observation_id: row.id,
                field: chiso::domain::Field::Value,
                old: FieldValue::Null,
                new: FieldValue::Number(value),
            }]),
            EditOrigin::Edit,
        )
        .unwrap();
    row.id
}

/// Rows added and deleted in a meeting copy are added and deleted on the
/// server too, found there by their key (an added row's id in the copy is
/// another row's on the server); a row someone changed or added there first
/// is not written and is named; a row deleted and brought back sends its
/// figures.
#[test]
fn rows_added_and_deleted_in_an_offline_copy_are_sent_back() {
    use chiso::domain::edit::EditCommand;
    use chiso::store::{EditOrigin, Store};
    let Some(database) = PgDatabase::new("copyrows") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let meeting = meeting_copy(
        &database,
        dir.path(),
        &format!("{SMALL}CTS_TONG,56,2020,3000,,\n"),
    );
    let url = database.url.to_str().unwrap();
    // The meeting: two rows deleted, two added, one deleted and brought
    // back, then corrected.
    let mut copy = Store::open(&meeting).unwrap();
    let tong_2021 = id_of(&meeting, "CTS_TONG", "2021");
    let tong_2020 = id_of(&meeting, "CTS_TONG", "2020");
    let canhan = id_of(&meeting, "CTS_CANHAN", "2021");
    let deleted = copy.snapshots(&[tong_2021, tong_2020]).unwrap();
    copy.apply_command(&EditCommand::Delete(deleted), EditOrigin::Edit)
        .unwrap();
    let added_2022 = add_figure(&mut copy, "CTS_COQUAN", "2022", 800.0);
    add_figure(&mut copy, "CTS_COQUAN", "2023", 6.0);
    let brought_back = copy.snapshots(&[canhan]).unwrap();
    copy.apply_command(&EditCommand::Delete(brought_back.clone()), EditOrigin::Edit)
        .unwrap();
    copy.apply_command(&EditCommand::Insert(brought_back), EditOrigin::Undo)
        .unwrap();
    copy.apply_command(&set_value(canhan, 2705.0, 2710.0), EditOrigin::Edit)
        .unwrap();
    drop(copy);
    // Meanwhile at the department: the 2020 total corrected, and a 2023
    // figure added, whose id is the one the copy gave its 2022 row (the
    // copy's new rows take ids no row of it has had: 5 and 6).
    let mut server = Store::open(&database.url).unwrap();
    server
        .apply_command(&set_value(tong_2020, 3000.0, 3100.0), EditOrigin::Edit)
        .unwrap();
    let theirs = add_figure(&mut server, "CTS_COQUAN", "2023", 5.0);
    assert_eq!(theirs, added_2022, "the two rows share an id");
    drop(server);

    let back = || {
        chiso(
            Path::new("unused.sqlite"),
            &[
                "copy",
                "--from",
                meeting.to_str().unwrap(),
                "--to",
                url,
                "--edits-only",
            ],
        )
    };
    let output = back();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("(1 row(s) added, 1 deleted)"), "{said}");
    assert!(said.contains("2 not sent"), "{said}");
    assert!(said.contains("CTS_TONG / 56 / 2020"), "{said}");
    assert!(said.contains("CTS_COQUAN / 56 / 2023"), "{said}");
    let value = |code: &str, period: &str| {
        query_texts(
            &database.url,
            &format!(
                "SELECT value FROM observation_v WHERE indicator_code = '{code}' \
                 AND period = '{period}'"
            ),
        )
    };
    assert!(
        value("CTS_TONG", "2021").is_empty(),
        "deleted on the server"
    );
    assert_eq!(value("CTS_TONG", "2020"), ["3100"], "theirs kept");
    assert_eq!(value("CTS_COQUAN", "2022"), ["800"], "added on the server");
    assert_eq!(value("CTS_COQUAN", "2023"), ["5"], "theirs kept");
    assert_eq!(value("CTS_CANHAN", "2021"), ["2710"], "corrected");
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(*) FROM edit_log WHERE origin = 'delete' AND field = 'observation'"
        ),
        1.0
    );
    // Sent once: a second time writes nothing more.
    let before = query_number(&database.url, "SELECT count(*) FROM edit_log");
    let output = back();
    let said = stdout(&output);
    assert!(said.contains("0 figure(s) sent"), "{said}");
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM edit_log"),
        before
    );
}

/// A row the copy added whose key another analyst adds on the server while
/// the send is on its way: the send waits for their transaction, then lists
/// the row as not sent and keeps theirs (it used to stop with a
/// duplicate-key error, after sending what came before). The row and its
/// figures are one transaction: nothing of the copy's row is left behind.
#[test]
fn a_key_added_on_the_server_during_the_send_is_listed_not_sent() {
    let Some(database) = PgDatabase::new("copyrace") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let meeting = meeting_copy(&database, dir.path(), SMALL);
    let url = database.url.to_str().unwrap().to_owned();
    // The meeting adds the 2022 figure of CTS_COQUAN.
    let mut copy = chiso::store::Store::open(&meeting).unwrap();
    add_figure(&mut copy, "CTS_COQUAN", "2022", 800.0);
    drop(copy);
    // At the department an analyst adds the same figure; their transaction
    // is still open when the send starts.
    let mut client = database.client();
    let mut theirs = client.transaction().unwrap();
    theirs
        .execute(
            "INSERT INTO observation (indicator_id, agency_id, period, value) \
             SELECT i.id, a.id, '2022', 801 FROM indicator i, agency a \
             WHERE i.code = 'CTS_COQUAN' AND a.code = '56'",
            &[],
        )
        .unwrap();
    let from = meeting.to_str().unwrap().to_owned();
    let send = std::thread::spawn(move || {
        chiso(
            Path::new("unused.sqlite"),
            &["copy", "--from", &from, "--to", &url, "--edits-only"],
        )
    });
    // Long enough for the send to look for the key (not there yet) and
    // reach its insert, which waits for this transaction.
    std::thread::sleep(std::time::Duration::from_millis(800));
    theirs.commit().unwrap();
    let output = send.join().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("0 figure(s) sent")
            && said.contains("(0 row(s) added, 0 deleted), 1 not sent"),
        "{said}"
    );
    assert!(said.contains("CTS_COQUAN / 56 / 2022"), "{said}");
    assert_eq!(
        query_texts(
            &database.url,
            "SELECT value FROM observation_v WHERE indicator_code = 'CTS_COQUAN' AND period = '2022'"
        ),
        ["801"],
        "theirs stands, once"
    );
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM edit_log"),
        0.0,
        "nothing of the copy's row was written"
    );
}

/// File → "Tạo bản sao ngoại tuyến…" writes a copy of the open database,
/// says so, and the copy opened in the window names where it came from.
#[test]
fn the_window_makes_an_offline_copy_that_names_its_source() {
    use super::window::{click, harness as window_of, new_sample_database, run_until};
    use chiso::app::session::Export;
    let (dir, db) = new_sample_database();
    let mut window = window_of(&db);
    let harness = &mut window;
    run_until(harness, "the figures", |app| {
        app.table.is_ready() && app.table.row_count() > 0
    });
    click(harness, "Tệp");
    harness.step();
    harness.get_by_label("Tạo bản sao ngoại tuyến…");
    let copy = dir.path().join("ban-sao-window.sqlite");
    // What the menu's save dialog hands over once a path is chosen.
    harness
        .state_mut()
        .session
        .export(Export::OfflineCopy { path: copy.clone() });
    let copy_text = copy.display().to_string();
    run_until(harness, "the copy", |app| {
        app.session.tasks().next().is_none() && copy.exists()
    });
    harness.step();
    harness.get_by_label_contains(&format!("Đã tạo bản sao ngoại tuyến: {copy_text}"));
    let figures = query_number(&db, "SELECT count(*) FROM observation");
    assert_eq!(
        query_number(&copy, "SELECT count(*) FROM observation"),
        figures
    );
    drop(window);
    let mut copied = window_of(&copy);
    run_until(&mut copied, "the copy's figures", |app| {
        app.table.is_ready() && app.table.row_count() > 0
    });
    copied.get_by_label_contains(&format!("Bản sao ngoại tuyến của {}", db.display()));
}

/// A file that gives one figure twice: the same figures count once, other
/// figures are refused naming the earlier line, on a first import (staged)
/// and into rows already stored (looked up).
#[test]
fn a_repeated_key_is_sorted_out_on_postgres() {
    let Some(database) = PgDatabase::new("repeats") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repeated = write(
        dir.path(),
        "repeated.csv",
        format!("{SMALL}CTS_TONG,56,2021,3467,3000,\nCTS_COQUAN,56,2021,700,,\n"),
    );
    let import = |file: &Path| {
        let output = chiso(&database.url, &["import", "--json", file.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_str::<serde_json::Value>(stdout(&output).trim()).unwrap()
    };
    let report = import(&repeated);
    assert_eq!(report["rows_inserted"], 3, "{report}");
    assert_eq!(report["rows_unchanged"], 1, "{report}");
    assert_eq!(report["rows_rejected"], 1, "{report}");
    let said = report["rejections"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
        + report["rejections"][0].to_string().as_str();
    assert!(said.contains("line 3"), "{said}");
    assert_eq!(
        query_number(
            &database.url,
            "SELECT value FROM observation_v WHERE indicator_code = 'CTS_COQUAN'"
        ),
        762.0
    );
    // The first load went straight into the emptied table: its key index
    // and references are back.
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'observation'::regclass AND contype = 'f'"
        ),
        3.0
    );
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'observation_key'"
        ),
        1.0
    );
    // Again, into the stored rows: all unchanged but the repeat, refused again.
    let report = import(&repeated);
    assert_eq!(report["rows_inserted"], 0, "{report}");
    assert_eq!(report["rows_unchanged"], 4, "{report}");
    assert_eq!(report["rows_rejected"], 1, "{report}");
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM observation"),
        3.0
    );
}

/// The official unit list and the 2025 conversion table load into
/// PostgreSQL as into SQLite: the same units, validities, parents and
/// successions.
#[test]
fn the_unit_list_and_the_reform_load_the_same_on_postgres() {
    use super::reform::{gso_list, reform_table, units_and_successions};
    let (Some(table), Some(list)) = (reform_table(), gso_list()) else {
        return;
    };
    let Some(database) = PgDatabase::new("reform") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("units.sqlite");
    for db in [sqlite.as_path(), database.url.as_path()] {
        for file in [&list, &table] {
            let output = chiso(db, &["import-units", file.to_str().unwrap()]);
            assert!(
                output.status.success(),
                "{}: {}",
                db.display(),
                stderr(&output)
            );
        }
    }
    let (units, successions) = units_and_successions(&sqlite);
    assert!(units.len() > 1000 && successions.len() > 100);
    let (pg_units, pg_successions) = units_and_successions(&database.url);
    assert_eq!(pg_units, units);
    assert_eq!(pg_successions, successions);
}

/// The window's edit, undo and redo test, on the sample figures copied into
/// PostgreSQL (`chiso copy` into an empty database).
#[test]
fn edit_undo_redo_in_the_window_on_postgres() {
    let Some(database) = PgDatabase::new("windowedit") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample.sqlite");
    drop(chiso::app::open::open_database(&sample, true).unwrap());
    let output = chiso(
        Path::new("unused.sqlite"),
        &[
            "copy",
            "--from",
            sample.to_str().unwrap(),
            "--to",
            database.url.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM observation"),
        query_number(&sample, "SELECT count(*) FROM observation")
    );
    super::window::edit_undo_redo_a_figure_in_the_table_on(&database.url);
}

/// Across the 2025 reform on PostgreSQL: a 2024 figure of old Khánh Hòa and
/// one of Ninh Thuận are today's Khánh Hòa's in `observation_current_v` and in
/// `chiso series`, exactly as on SQLite.
#[test]
fn figures_cross_the_reform_the_same_on_postgres() {
    use super::reform::reform_table;
    let Some(table) = reform_table() else {
        return;
    };
    let Some(database) = PgDatabase::new("crossreform") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("reform.sqlite");
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/indicators.csv");
    let figures = write(
        dir.path(),
        "accounts.csv",
        "indicator_code,indicator_name,unit,kind,agency_code,agency_name,level,period,value,numerator,denominator,target,qualifier,note\n\
         TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,56,Tỉnh Khánh Hòa,province,2024,4000,,,,,\n\
         TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,58,Tỉnh Ninh Thuận,province,2024,1500,,,,,\n\
         TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,56,Tỉnh Khánh Hòa,province,2026,6200,,,,,\n",
    );
    let mut series = Vec::new();
    for db in [sqlite.as_path(), database.url.as_path()] {
        for args in [
            ["import-indicators", catalogue.to_str().unwrap()],
            ["import-units", table.to_str().unwrap()],
            ["import", figures.to_str().unwrap()],
        ] {
            let output = chiso(db, &args);
            assert!(
                output.status.success(),
                "{}: {}",
                db.display(),
                stderr(&output)
            );
        }
        let view = |sql: &str| {
            query_number(
                db,
                &format!(
                    "SELECT {sql} FROM observation_current_v WHERE indicator_code = 'TK_EMAIL' \
                     AND agency_code = '56' AND period = '2024'"
                ),
            )
        };
        assert_eq!(
            (view("value"), view("combined_from"), view("complete")),
            (5500.0, 2.0, 1.0),
            "{}",
            db.display()
        );
        let output = chiso(
            db,
            &[
                "series",
                "--indicator",
                "TK_EMAIL",
                "--agency",
                "56",
                "--by",
                "year",
                "--json",
            ],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        series.push(stdout(&output));
    }
    assert!(series[0].contains("5500"), "{}", series[0]);
    assert_eq!(
        series[0], series[1],
        "SQLite and PostgreSQL tell the series differently"
    );
}

/// `chiso report` on PostgreSQL writes the same year report as on SQLite
/// from the same figures (the sample copied into PostgreSQL).
#[test]
fn the_year_report_is_the_same_on_postgres() {
    let Some(database) = PgDatabase::new("report") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample.sqlite");
    drop(chiso::app::open::open_database(&sample, true).unwrap());
    let output = chiso(
        Path::new("unused.sqlite"),
        &[
            "copy",
            "--from",
            sample.to_str().unwrap(),
            "--to",
            database.url.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reports = Vec::new();
    for (db, name) in [
        (sample.as_path(), "sqlite.html"),
        (database.url.as_path(), "postgres.html"),
    ] {
        let out = dir.path().join(name);
        let output = chiso(
            db,
            &["report", "--year", "2021", "--out", out.to_str().unwrap()],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        // The report names its database; the rest must be the same.
        let named = db.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(out).unwrap();
        assert!(
            text.contains(&format!("cơ sở dữ liệu: {named}.")),
            "{named}"
        );
        reports.push(text.replace(&format!("cơ sở dữ liệu: {named}."), "cơ sở dữ liệu: …."));
    }
    assert!(reports[0].contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(reports[0] == reports[1], "the two reports differ");
}

/// A PostgreSQL database of schema version 3 (before rejection causes) is
/// brought to this version when opened, keeping its figures.
#[test]
fn a_version_3_database_on_postgres_is_migrated() {
    let Some(database) = PgDatabase::new("migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.csv", SMALL);
    let output = chiso(&database.url, &["import", small.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    database
        .client()
        .batch_execute(
            "ALTER TABLE import_rejection DROP COLUMN cause; \
             UPDATE chiso_meta SET value = '3' WHERE key = 'schema_version'",
        )
        .unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        format!("{SMALL}TK_EMAIL,56,2021,abc,,\n"),
    );
    let output = chiso(&database.url, &["import", bad.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        super::support::query_texts(
            &database.url,
            "SELECT value FROM chiso_meta WHERE key = 'schema_version'"
        ),
        [chiso::store::SCHEMA_VERSION.to_string()]
    );
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(*) FROM import_rejection WHERE cause IS NOT NULL"
        ),
        1.0
    );
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM observation"),
        3.0
    );
}

/// Every order the table offers lists the figures, on either database (the
/// period's order once failed: "no such column: i.code").
#[test]
fn every_sort_order_lists_every_figure_on_both_databases() {
    use chiso::store::{SortColumn, SortOrder, Store};
    let postgres = PgDatabase::new("sorts");
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("sorts.sqlite");
    let small = write(dir.path(), "small.csv", SMALL);
    let mut places = vec![sqlite];
    if let Some(database) = &postgres {
        places.push(database.url.clone());
    }
    for db in &places {
        let output = chiso(db, &["import", small.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let store = Store::open(db).unwrap();
        for sort in SortColumn::ALL {
            for order in [SortOrder::Ascending, SortOrder::Descending] {
                let ids = store
                    .ordered_ids(&Default::default(), sort, order)
                    .unwrap_or_else(|error| {
                        panic!("{sort:?} {order:?} on {}: {error}", db.display())
                    });
                assert_eq!(ids.len(), 3, "{sort:?}");
            }
        }
    }
}

/// An analyst who may write figures but does not own the tables loads a
/// first file too (through the staging table, where the owner's load goes
/// straight into the emptied table).
#[test]
fn a_writer_who_does_not_own_the_tables_imports_into_an_empty_database() {
    let Some(database) = PgDatabase::new("writer") else {
        return;
    };
    database
        .client()
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE chiso_writer LOGIN; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$; \
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO chiso_writer; \
             GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chiso_writer;",
        )
        .unwrap();
    let writer = database
        .url
        .to_str()
        .unwrap()
        .replacen("postgres@", "chiso_writer@", 1);
    let dir = tempfile::tempdir().unwrap();
    let repeated = write(
        dir.path(),
        "repeated.csv",
        format!("{SMALL}CTS_COQUAN,56,2021,700,,\n"),
    );
    let output = chiso(
        Path::new(&writer),
        &["import", "--json", repeated.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["rows_inserted"], 3, "{report}");
    assert_eq!(report["rows_rejected"], 1, "{report}");
    assert_eq!(
        query_number(&database.url, "SELECT count(*) FROM observation"),
        3.0
    );
    // The owner's key index and references are all there.
    assert_eq!(
        query_number(
            &database.url,
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'observation'::regclass AND contype = 'f'"
        ),
        3.0
    );
}
