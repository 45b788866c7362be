//! Image snapshots of the window (egui_kittest's `snapshot` with wgpu, drawn
//! by Mesa's software renderer): the four tabs on the sample database and
//! the import dialog's steps, each compared with its PNG in
//! `tests/snapshots/`, so that a change of layout fails a test. After a
//! change meant to be seen, `UPDATE_SNAPSHOTS=true cargo test --locked
//! --test app snapshots` writes them anew; look at them before committing.
//!
//! What would differ from run to run or machine to machine is fixed: the
//! window's size and scale, the import times (set in the database) and the
//! time zone they are shown in, the paths the window shows (the database
//! and the imported files are named relative to a fresh working folder, the
//! exports go to a fixed home), and the renderer (`WGPU_BACKEND=vulkan`,
//! lavapipe, unless set). TZ, HOME and the working folder are the
//! process's: the snapshots are taken in a child process of this test
//! binary (the ignored test below). egui_kittest turns animations off.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chiso::app::window::{ChisoApp, Settings, Tab};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, SnapshotOptions, SnapshotResults};

/// The home the child process has: the window's default export folder.
const HOME: &str = "/home/phan-tich";

#[test]
fn the_window_and_the_import_dialog_look_as_they_did() {
    let work = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "snapshots::every_view_in_a_fixed_zone",
            "--ignored",
            "--test-threads=1",
        ])
        .current_dir(work.path())
        .env("TZ", "Asia/Ho_Chi_Minh")
        .env("HOME", HOME)
        .env_remove("XDG_CONFIG_HOME");
    if std::env::var_os("WGPU_BACKEND").is_none() {
        // Vulkan on lavapipe (mesa-vulkan-drivers): the snapshots were made with it.
        child.env("WGPU_BACKEND", "vulkan");
    }
    let output = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

const TIMEOUT: Duration = Duration::from_secs(60);

fn manifest_path(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Steps the window until `done` holds and nothing is loading, then lets
/// it settle (layout that takes a frame, columns sized from their content).
fn settle(
    harness: &mut Harness<'_, ChisoApp>,
    what: &str,
    done: impl Fn(&Harness<'_, ChisoApp>) -> bool,
) {
    super::wizard::wait_until(harness, what, TIMEOUT, |harness| {
        done(harness) && !harness.state().is_busy()
    });
    for _ in 0..8 {
        harness.step();
    }
}

fn shows(harness: &Harness<'_, ChisoApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

fn click(harness: &mut Harness<'_, ChisoApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.step();
}

/// Compares the window with `tests/snapshots/NAME.png` (the working folder
/// is not the package's here).
fn snapshot(harness: &mut Harness<'_, ChisoApp>, results: &mut SnapshotResults, name: &str) {
    // The window asks every 3 s for figures others changed (its status bar
    // shows a spinner meanwhile): on a slow machine that falls between the
    // settling and the picture. The picture is of a frame that ended idle.
    let start = std::time::Instant::now();
    harness.step();
    while harness.state().is_busy() {
        assert!(start.elapsed() < TIMEOUT, "{name}: the window stays busy");
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    let options = SnapshotOptions::new().output_path(manifest_path("tests/snapshots"));
    results.add(harness.try_snapshot_options(name, &options));
}

/// Copies a file of the package into the working folder: the window names
/// it as given, relative.
fn copy_here(from: &str) -> PathBuf {
    let name = PathBuf::from(Path::new(from).file_name().unwrap());
    std::fs::copy(manifest_path(from), &name).unwrap();
    name
}

#[test]
#[ignore = "run by the_window_and_the_import_dialog_look_as_they_did, with TZ and the renderer set"]
fn every_view_in_a_fixed_zone() {
    assert_eq!(std::env::var("TZ").as_deref(), Ok("Asia/Ho_Chi_Minh"));
    assert_eq!(std::env::var("HOME").as_deref(), Ok(HOME));
    let db = PathBuf::from("chiso.sqlite");
    assert!(!db.exists(), "the working folder is a fresh one");
    chiso::app::open::open_database(&db, true).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE import_batch SET imported_at = '2026-12-03T09:06:00.000Z'",
            [],
        )
        .unwrap();
    }
    let app = ChisoApp::new(Settings::default(), db.clone());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .with_pixels_per_point(1.0)
        .with_render_cursor(false)
        .wgpu()
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    let mut results = SnapshotResults::new();

    settle(&mut harness, "the table", |harness| {
        let app = harness.state();
        !app.catalog.indicators.is_empty()
            && app.table.is_ready()
            && app.table.rows_cached(0..app.table.row_count().min(25))
    });
    snapshot(&mut harness, &mut results, "tab_table");

    // One indicator ticked: the chart draws its series.
    harness
        .get_by_label("Chứng thư số chuyên dùng đã cấp")
        .click_accesskit();
    settle(&mut harness, "the filtered table", |harness| {
        let table = &harness.state().table;
        table.is_ready() && table.row_count() > 0 && table.row_count() < 40
    });

    for (tab, label, name) in [
        (Tab::Chart, "Biểu đồ", "tab_chart"),
        (Tab::Summary, "Tổng hợp năm", "tab_summary"),
        (Tab::Imports, "Lần nhập", "tab_imports"),
    ] {
        click(&mut harness, label);
        settle(&mut harness, name, |harness| {
            harness.state().settings.tab == tab
        });
        if tab == Tab::Imports {
            settle(&mut harness, "the batches", |harness| {
                shows(harness, "khanh-hoa-2021.csv")
            });
        }
        snapshot(&mut harness, &mut results, name);
    }

    // The import dialog's steps, on the province's export.
    let csv = copy_here("sample-data/khanh-hoa-2021.csv");
    harness.state_mut().start_import(vec![csv]);
    settle(&mut harness, "the detection", |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    snapshot(&mut harness, &mut results, "import_1_detected");
    click(&mut harness, "Tiếp: chạy thử");
    settle(&mut harness, "the dry run", |harness| {
        shows(harness, "Kết quả chạy thử (chưa ghi gì)")
    });
    snapshot(&mut harness, &mut results, "import_2_dry_run");
    click(&mut harness, "Nhập vào cơ sở dữ liệu");
    settle(&mut harness, "the import", |harness| {
        shows(harness, "Đã nhập xong")
    });
    snapshot(&mut harness, &mut results, "import_3_done");
    click(&mut harness, "Xong");
    // The import's notice goes after its seconds (of the harness's clock).
    settle(
        &mut harness,
        "the dialog and the notice to close",
        |harness| harness.state().wizard.is_none() && harness.state().notice_texts().is_empty(),
    );

    // A workbook: its sheets to choose from.
    let workbook = copy_here("tests/fixtures/ty-le.xlsx");
    harness.state_mut().start_import(vec![workbook]);
    settle(&mut harness, "the workbook's detection", |harness| {
        harness.state().wizard.is_some()
    });
    snapshot(&mut harness, &mut results, "import_workbook");
}
