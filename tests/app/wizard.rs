//! The import wizard and the Imports tab, driven through the real window as
//! a user would (egui_kittest): detection shown and overridable, the
//! ambiguous-number question, dry run, import, cancel, and the batch list.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chiso::app::window::{ChisoApp, Settings};
use chiso::store::Store;
use egui::accesskit::Toggled;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

pub(super) const TIMEOUT: Duration = Duration::from_secs(20);

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// An empty database (created, so the window does not fill it with the samples).
pub(super) fn empty_database(dir: &Path) -> PathBuf {
    let db = dir.join("test.sqlite");
    drop(Store::open(&db).unwrap());
    db
}

/// The real window on `db`, once the database thread has opened it.
pub(super) fn open_window(db: &Path) -> Harness<'static, ChisoApp> {
    open_window_with(db, Settings::default())
}

fn open_window_with(db: &Path, settings: Settings) -> Harness<'static, ChisoApp> {
    open_app(ChisoApp::new(settings, db.to_path_buf()))
}

fn open_app(app: ChisoApp) -> Harness<'static, ChisoApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    wait_until(&mut harness, "the database to open", TIMEOUT, |harness| {
        harness.state().database.is_some() && !harness.state().is_busy()
    });
    harness
}

/// Whether the wizard is reading a file (detection runs on its own thread).
fn detecting(harness: &Harness<'_, ChisoApp>) -> bool {
    harness
        .state()
        .wizard
        .as_ref()
        .is_some_and(chiso::app::window::wizard::ImportWizard::is_detecting)
}

/// Steps the window until `done` holds and no detection runs (the database,
/// detection and import threads answer asynchronously).
pub(super) fn wait_until(
    harness: &mut Harness<'_, ChisoApp>,
    what: &str,
    timeout: Duration,
    mut done: impl FnMut(&Harness<'_, ChisoApp>) -> bool,
) {
    let start = Instant::now();
    loop {
        harness.step();
        if !detecting(harness) && done(harness) {
            return;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

pub(super) fn shows(harness: &Harness<'_, ChisoApp>, label: &str) -> bool {
    harness.query_by_label(label).is_some()
}

/// Clicks, and waits for the detection the click may have started.
pub(super) fn click(harness: &mut Harness<'_, ChisoApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.step();
    wait_until(harness, "the file to be read again", TIMEOUT, |_| true);
}

/// Step 2 and 3 of the wizard: dry run, check the counts it shows, import, close.
pub(super) fn dry_run_and_import(harness: &mut Harness<'_, ChisoApp>, expected_counts: &[&str]) {
    click(harness, "Tiếp: chạy thử");
    wait_until(harness, "the dry run result", TIMEOUT, |harness| {
        shows(harness, "Kết quả chạy thử (chưa ghi gì)")
    });
    for label in expected_counts {
        assert!(shows(harness, label), "the dry run shows \"{label}\"");
    }
    click(harness, "Nhập vào cơ sở dữ liệu");
    wait_until(harness, "the import to finish", TIMEOUT, |harness| {
        shows(harness, "Đã nhập xong")
    });
    assert!(harness.state().session.running_import().is_none());
    for label in expected_counts {
        assert!(shows(harness, label), "the summary shows \"{label}\"");
    }
    click(harness, "Xong");
    wait_until(harness, "the wizard to close", TIMEOUT, |harness| {
        harness.state().wizard.is_none()
    });
}

/// The real export of the province (UTF-8 with BOM, ";", Vietnamese numbers,
/// title lines, section rows): detection is shown, the dry run counts what
/// would be written, the import writes it, and the Imports tab lists the batch
/// and saves its (empty) rejection list.
#[test]
fn imports_the_sample_export_through_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = dir.path().join("khanh-hoa-2021.csv");
    std::fs::copy(sample("khanh-hoa-2021.csv"), &csv).unwrap();
    let mut harness = open_window(&db);

    harness.state_mut().start_import(vec![csv.clone()]);
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert!(
        shows(&harness, "Nhập tệp — khanh-hoa-2021.csv"),
        "the window is titled with the file name"
    );
    assert_eq!(
        harness.get_by_label("Bảng mã").value().as_deref(),
        Some("utf-8")
    );
    assert_eq!(
        harness.get_by_label("Dấu phân cách").value().as_deref(),
        Some("; (dấu chấm phẩy)")
    );
    assert_eq!(
        harness
            .get_by_label("Việt Nam (1.234,5)")
            .accesskit_node()
            .toggled(),
        Some(Toggled::True),
        "Vietnamese numbers are detected"
    );
    assert_eq!(
        harness
            .get_by_label("Anh (1,234.5)")
            .accesskit_node()
            .toggled(),
        Some(Toggled::False)
    );
    assert!(
        harness
            .query_by_label_contains("chỉ đọc được theo kiểu Việt Nam")
            .is_some(),
        "the evidence for the number format is shown, in Vietnamese"
    );
    assert_eq!(
        harness.get_by_label("Dòng tiêu đề").value().as_deref(),
        Some("6")
    );
    assert!(
        harness
            .query_all_by_label("dòng mục (I, II, …)")
            .next()
            .is_some(),
        "section rows are shown as skipped"
    );

    dry_run_and_import(
        &mut harness,
        &[
            "Đã đọc: 37",
            "Mới: 37",
            "Thay đổi: 0",
            "Không đổi: 0",
            "Bị từ chối: 0",
        ],
    );

    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.scalar_f64("CTS_TONG", "56", "2021").unwrap(),
        Some(3467.0)
    );
    assert_eq!(store.batches().unwrap().len(), 1);

    // The Imports tab lists the batch; selecting it loads its rejections, which save as CSV.
    click(&mut harness, "Lần nhập");
    wait_until(&mut harness, "the batch list", TIMEOUT, |harness| {
        shows(harness, "khanh-hoa-2021.csv")
    });
    click(&mut harness, "khanh-hoa-2021.csv");
    wait_until(&mut harness, "the batch's rejections", TIMEOUT, |harness| {
        shows(harness, "Không có dòng nào bị từ chối.")
    });
    assert!(shows(&harness, "Lưu danh sách lỗi (CSV)…"));
    let out = dir.path().join("loi.csv");
    harness.get_by_label("Lưu vào tệp").focus();
    harness.step();
    harness
        .get_by_label("Lưu vào tệp")
        .type_text(&out.display().to_string());
    harness.step();
    click(&mut harness, "Lưu");
    wait_until(&mut harness, "the saved file", TIMEOUT, |_| {
        std::fs::read_to_string(&out).is_ok_and(|text| text.contains("message"))
    });
    let written = std::fs::read_to_string(&out).expect("the rejections were saved");
    assert!(
        written.starts_with("\u{feff}file,line,column,raw,message"),
        "{written}"
    );
}

/// "3.467" and "1.865" alone can be read both ways: the wizard asks in plain
/// words, refuses to go on until answered, and the answer decides the figure.
#[test]
fn asks_about_ambiguous_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = dir.path().join("ambiguous.csv");
    std::fs::write(
        &csv,
        "Mã chỉ tiêu,Mã đơn vị,Kỳ báo cáo,Giá trị\nCTS_TONG,56,2021,\"3.467\"\nDVC_HOTRO,56,2021,\"1.865\"\n",
    )
    .unwrap();
    let mut harness = open_window(&db);

    harness.state_mut().start_import(vec![csv]);
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert!(shows(
        &harness,
        "Số \"3.467\" đọc là ba nghìn bốn trăm sáu mươi bảy (kiểu Việt Nam) hay ba phẩy bốn sáu bảy (kiểu Anh)?"
    ));
    assert!(
        harness
            .get_by_label("Tiếp: chạy thử")
            .accesskit_node()
            .is_disabled(),
        "Next waits for the answer"
    );
    click(&mut harness, "Đọc theo kiểu Việt Nam");
    harness.step();
    assert!(
        harness.query_by_label_contains("đọc là").is_none(),
        "the question is answered"
    );
    assert!(
        !harness
            .get_by_label("Tiếp: chạy thử")
            .accesskit_node()
            .is_disabled()
    );

    dry_run_and_import(&mut harness, &["Mới: 2", "Bị từ chối: 0"]);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.scalar_f64("CTS_TONG", "56", "2021").unwrap(),
        Some(3467.0)
    );
    assert_eq!(
        store.scalar_f64("DVC_HOTRO", "56", "2021").unwrap(),
        Some(1865.0)
    );
}

/// A file without agency and period columns asks for both; the import uses them.
#[test]
fn asks_for_the_agency_and_period_of_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = dir.path().join("template.csv");
    std::fs::write(
        &csv,
        "Mã chỉ tiêu;Giá trị\nCTS_TONG;3.467\nDVC_SMS;1.494.438\n",
    )
    .unwrap();
    let mut harness = open_window(&db);

    harness.state_mut().start_import(vec![csv]);
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert!(
        harness
            .get_by_label("Tiếp: chạy thử")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Mã đơn vị báo cáo").focus();
    harness.step();
    harness.get_by_label("Mã đơn vị báo cáo").type_text("56");
    harness.step();
    harness.get_by_label("Kỳ báo cáo của tệp").focus();
    harness.step();
    harness
        .get_by_label("Kỳ báo cáo của tệp")
        .type_text("Năm 2021");
    harness.step();
    harness.step();
    assert!(
        !harness
            .get_by_label("Tiếp: chạy thử")
            .accesskit_node()
            .is_disabled()
    );

    dry_run_and_import(&mut harness, &["Mới: 2"]);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.scalar_f64("CTS_TONG", "56", "2021").unwrap(),
        Some(3467.0)
    );
}

/// A report whose header takes two rows (Excel's merged cells), given on the
/// command line: the window opens with the import dialog on it, shows the
/// two rows read as one, and imports a figure per period.
#[test]
fn a_file_given_at_start_opens_the_dialog_and_reads_a_two_row_header() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = dir.path().join("bao-cao.csv");
    std::fs::write(
        &csv,
        "UBND TỈNH KHÁNH HÒA;;;;\n\
         STT;Mã chỉ tiêu;Mã đơn vị;Kết quả thực hiện;\n\
         ;;;Năm 2020;Năm 2021\n\
         1;CTS_TONG;56;3.120;3.467\n\
         2;HT_LAN;56;99,5;100\n",
    )
    .unwrap();
    let mut harness = open_app(ChisoApp::new(Settings::default(), db.clone()).importing(vec![csv]));
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert_eq!(
        harness.get_by_label("Dòng tiêu đề").value().as_deref(),
        Some("2")
    );
    assert!(shows(&harness, "và dòng 3"));
    assert!(shows(&harness, "Kết quả thực hiện / Năm 2021"));
    dry_run_and_import(&mut harness, &["Mới: 4"]);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.scalar_f64("CTS_TONG", "56", "2020").unwrap(),
        Some(3120.0)
    );
    assert_eq!(
        store.scalar_f64("HT_LAN", "56", "2020").unwrap(),
        Some(99.5)
    );
}

/// A file of 300,000 figures: its dry run takes long enough to act during it.
fn big_file(dir: &Path) -> PathBuf {
    let csv = dir.join("big.csv");
    let mut text = String::from("Mã chỉ tiêu;Mã đơn vị;Kỳ báo cáo;Giá trị\n");
    for index in 0..300_000u32 {
        text.push_str(&format!(
            "GEN_{};A{};2021;{},5\n",
            index % 50,
            index / 50,
            index
        ));
    }
    std::fs::write(&csv, text).unwrap();
    csv
}

/// While a dry run holds the database an edit is refused with a message
/// (it used to wait out the busy timeout); opening another file replaces the
/// wizard and cancels its dry run.
#[test]
fn an_edit_during_a_dry_run_is_refused_and_a_new_file_cancels_the_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = big_file(dir.path());
    let mut harness = open_window(&db);
    let long = Duration::from_secs(180);

    harness.state_mut().start_import(vec![csv]);
    wait_until(&mut harness, "detection of the big file", long, |harness| {
        harness
            .query_by_label("Tiếp: chạy thử")
            .is_some_and(|next| !next.accesskit_node().is_disabled())
    });
    click(&mut harness, "Tiếp: chạy thử");
    let job = harness
        .state()
        .session
        .running_import()
        .expect("the dry run runs");
    assert!(job.dry_run);
    harness
        .state_mut()
        .edit(chiso::domain::edit::EditCommand::SetCells(Vec::new()));
    // A new notice shows from its second frame (egui sizes it in the first).
    harness.step();
    harness.step();
    assert!(shows(
        &harness,
        "Đang chạy thử tệp big.csv: hãy đợi xong rồi sửa số liệu."
    ));

    harness
        .state_mut()
        .start_import(vec![sample("khanh-hoa-2021.csv")]);
    wait_until(&mut harness, "the dry run to stop", long, |harness| {
        harness.state().session.running_import().is_none()
    });
    assert!(
        harness
            .query_all_by_label_contains("khanh-hoa-2021.csv")
            .next()
            .is_some(),
        "the wizard is on the new file"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.observation_count().unwrap(),
        0,
        "a dry run writes nothing"
    );
}

/// Cancelling a running import rolls it back: the database is as it was.
#[test]
fn cancelling_an_import_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = big_file(dir.path());
    let mut harness = open_window(&db);
    let long = Duration::from_secs(180);

    harness.state_mut().start_import(vec![csv]);
    wait_until(&mut harness, "detection of the big file", long, |harness| {
        harness
            .query_by_label("Tiếp: chạy thử")
            .is_some_and(|next| !next.accesskit_node().is_disabled())
    });
    click(&mut harness, "Tiếp: chạy thử");
    wait_until(&mut harness, "the dry run result", long, |harness| {
        shows(harness, "Kết quả chạy thử (chưa ghi gì)")
    });
    assert!(shows(&harness, "Mới: 300.000"));

    click(&mut harness, "Nhập vào cơ sở dữ liệu");
    wait_until(&mut harness, "the import to run", TIMEOUT, |harness| {
        shows(harness, "Hủy nhập")
    });
    assert!(harness.state().session.running_import().is_some());
    // A second import waits for this one: it is refused, and the wizard stays on big.csv.
    harness
        .state_mut()
        .start_import(vec![sample("khanh-hoa-2021.csv")]);
    harness.step();
    harness.step();
    assert!(shows(
        &harness,
        "Đang nhập tệp big.csv: hãy đợi xong hoặc hủy rồi nhập tệp khác."
    ));
    assert!(shows(&harness, "Hủy nhập"));
    click(&mut harness, "Hủy nhập");
    wait_until(&mut harness, "the import to stop", long, |harness| {
        shows(harness, "Đã hủy: cơ sở dữ liệu giữ nguyên như trước.")
    });
    assert!(harness.state().session.running_import().is_none());
    assert!(
        harness
            .query_by_label_contains("đã hủy nhập big.csv: không ghi gì")
            .is_some(),
        "it stopped because of Cancel"
    );

    let store = Store::open(&db).unwrap();
    assert_eq!(store.observation_count().unwrap(), 0);
    assert!(store.batches().unwrap().is_empty());
    click(&mut harness, "Xong");
    wait_until(&mut harness, "the wizard to close", TIMEOUT, |harness| {
        harness.state().wizard.is_none()
    });
}

/// Two dropped files are handled one after the other; the second changes a
/// figure of the first, and the dry run lists it old → new (in English).
#[test]
fn queues_files_and_lists_changed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let first = dir.path().join("khanh-hoa-2021.csv");
    std::fs::copy(sample("khanh-hoa-2021.csv"), &first).unwrap();
    let second = dir.path().join("correction.csv");
    std::fs::write(
        &second,
        "Mã chỉ tiêu;Mã đơn vị;Kỳ báo cáo;Giá trị\nCTS_TONG;56;2021;3.500\nDVC_HSTT_TTHC;56;2021;46,8%\n",
    )
    .unwrap();
    let settings = Settings {
        lang: chiso::app::strings::Lang::En,
        ..Settings::default()
    };
    let mut harness = open_window_with(&db, settings);

    harness.state_mut().start_import(vec![first, second]);
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Next: dry run")
    });
    assert!(shows(
        &harness,
        "Import file — khanh-hoa-2021.csv (File 1/2)"
    ));
    click(&mut harness, "Next: dry run");
    wait_until(&mut harness, "the dry run", TIMEOUT, |harness| {
        shows(harness, "Dry run result (nothing written yet)")
    });
    click(&mut harness, "Import into the database");
    wait_until(&mut harness, "the import", TIMEOUT, |harness| {
        shows(harness, "Imported")
    });
    click(&mut harness, "Next file");
    wait_until(&mut harness, "the second file", TIMEOUT, |harness| {
        shows(harness, "Import file — correction.csv (File 2/2)")
    });
    click(&mut harness, "Next: dry run");
    wait_until(&mut harness, "the dry run", TIMEOUT, |harness| {
        shows(harness, "Dry run result (nothing written yet)")
    });
    for label in ["New: 0", "Changed: 1", "Unchanged: 1", "Rejected: 0"] {
        assert!(shows(&harness, label), "the dry run shows \"{label}\"");
    }
    // The changed figure, old → new, in the user's number format (Vietnamese by default).
    assert!(harness.query_all_by_label("CTS_TONG").next().is_some());
    assert!(
        harness.query_all_by_label("3.467").count() >= 1,
        "the old value is listed"
    );
    assert!(shows(&harness, "3.500"), "the new value is listed");
    click(&mut harness, "Import into the database");
    wait_until(&mut harness, "the import", TIMEOUT, |harness| {
        shows(harness, "Imported")
    });
    assert!(
        harness.query_by_label("Next file").is_none(),
        "no file is left"
    );
    click(&mut harness, "Done");
    wait_until(&mut harness, "the wizard to close", TIMEOUT, |harness| {
        harness.state().wizard.is_none()
    });
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.scalar_f64("CTS_TONG", "56", "2021").unwrap(),
        Some(3500.0)
    );
    assert_eq!(store.batches().unwrap().len(), 2);
}

/// A workbook with two indicator tables and a hidden sheet: the dialog lists
/// the sheets (the hidden one marked, the tables said), asks for one, and
/// imports the one chosen.
#[test]
fn the_dialog_lists_a_workbooks_sheets_and_imports_the_one_chosen() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let mut workbook = Workbook::new();
    for (name, code, hidden) in [
        ("Năm 2021", "A1", false),
        ("Năm 2022", "A2", false),
        ("Cũ", "A3", true),
    ] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap().set_hidden(hidden);
        for (column, title) in ["Mã chỉ tiêu", "Đơn vị", "Năm", "Giá trị"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, column as u16, *title).unwrap();
        }
        sheet.write_string(1, 0, code).unwrap();
        sheet.write_string(1, 1, "Sở TTTT").unwrap();
        sheet.write_number(1, 2, 2021).unwrap();
        sheet.write_number(1, 3, 42).unwrap();
    }
    let file = dir.path().join("hai-trang.xlsx");
    workbook.save(&file).unwrap();
    let mut harness = open_window(&db);
    harness.state_mut().start_import(vec![file]);
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert!(
        harness
            .query_by_label_contains("hãy chọn trang cần nhập")
            .is_some(),
        "the dialog asks for the sheet"
    );
    click(&mut harness, "Trang tính");
    // The list opens within a few frames (one `run` was not always enough
    // on a loaded machine).
    wait_until(&mut harness, "the sheet list", TIMEOUT, |harness| {
        shows(harness, "3. Cũ (ẩn) — bảng chỉ tiêu")
    });
    for listed in [
        "1. Năm 2021 — bảng chỉ tiêu",
        "2. Năm 2022 — bảng chỉ tiêu",
        "3. Cũ (ẩn) — bảng chỉ tiêu",
    ] {
        assert!(shows(&harness, listed), "the sheet list shows \"{listed}\"");
    }
    click(&mut harness, "2. Năm 2022 — bảng chỉ tiêu");
    wait_until(&mut harness, "the sheet's detection", TIMEOUT, |harness| {
        harness
            .query_by_label_contains("hãy chọn trang cần nhập")
            .is_none()
    });
    dry_run_and_import(&mut harness, &[]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT file_name FROM import_batch")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["hai-trang.xlsx#Năm 2022"]);
}

/// Misread UTF-8 ("KhÃ¡nh HÃ²a"): the dialog says so, and its repair box
/// imports the names repaired.
#[test]
fn the_dialog_repairs_misread_text_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let csv = dir.path().join("hong.csv");
    std::fs::write(
        &csv,
        "Mã chỉ tiêu,Đơn vị,Năm,Giá trị\nDS,KhÃ¡nh HÃ²a,2021,1\n",
    )
    .unwrap();
    let mut harness = open_window(&db);
    harness.state_mut().start_import(vec![csv]);
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert!(
        harness
            .query_by_label_contains("Chữ trong tệp bị lỗi")
            .is_some()
    );
    click(&mut harness, "Sửa chữ bị lỗi mã hóa");
    wait_until(&mut harness, "the repaired detection", TIMEOUT, |harness| {
        harness
            .query_by_label_contains("Chữ trong tệp bị lỗi")
            .is_none()
    });
    assert!(
        shows(&harness, "Khánh Hòa"),
        "the preview shows the repaired name"
    );
    assert!(
        harness
            .query_by_label_contains("đã sửa: \"KhÃ¡nh HÃ²a\" → \"Khánh Hòa\"")
            .is_some(),
        "the encoding's evidence says what was repaired, in Vietnamese"
    );
    dry_run_and_import(&mut harness, &[]);
}

/// Words that only an English sentence of the engine would put on screen.
const ENGLISH: [&str; 9] = [
    " the ", " is ", "cannot", " not ", "line ", "column ", "nothing", " file", "header",
];

/// Every file the engine refuses, and one it reads with skipped lines: in the
/// Vietnamese window nothing of what it says is English (the refusals and
/// skip reasons are rendered from their types, not passed on as sentences).
#[test]
fn the_engines_refusals_read_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let files: [(&str, &str, &str); 5] = [
        ("rong.csv", "", "trống: không có gì để nhập"),
        (
            "don-vi.csv",
            "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
             Tỉnh Khánh Hòa,56,Thành phố Nha Trang,568,Phường Lộc Thọ,22366,Phường\n",
            "danh sách đơn vị hành chính",
        ),
        (
            "khong-tieu-de.csv",
            "abc,def\n1,2\n3,4\n",
            "giống dòng tiêu đề của bảng chỉ tiêu",
        ),
        (
            "hai-kieu-so.csv",
            "Mã chỉ tiêu,Mã đơn vị,Kỳ báo cáo,Giá trị\nCTS_TONG,56,2021,\"3.467,5\"\nDVC_HOTRO,56,2021,\"1,865.5\"\n",
            "viết số theo cả hai kiểu",
        ),
        (
            "bo-qua.csv",
            "BÁO CÁO CHỈ TIÊU\nMã chỉ tiêu,Mã đơn vị,Kỳ báo cáo,Giá trị\nCTS_TONG,56,2021,3467\nTổng cộng,,,3467\n\nGhi chú: số liệu tạm tính\n",
            // Its skipped lines lie below the dialog's visible preview; the
            // words of each skip reason are tested in strings::wizard.
            "Xem trước các dòng đầu",
        ),
    ];
    let mut harness = open_window(&db);
    for (name, text, says) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        harness.state_mut().start_import(vec![path]);
        wait_until(&mut harness, "the file to be read", TIMEOUT, |harness| {
            harness.query_all_by_label_contains(name).next().is_some()
        });
        harness.step();
        assert!(
            harness.query_all_by_label_contains(says).next().is_some(),
            "{name}: the window says \"{says}\""
        );
        for word in ENGLISH {
            let english: Vec<String> = harness
                .query_all_by_label_contains(word)
                .map(|node| format!("{node:?}"))
                .collect();
            assert!(english.is_empty(), "{name}: English on screen: {english:?}");
        }
    }
}
