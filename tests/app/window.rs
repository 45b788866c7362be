//! The window, driven as a user drives it (egui_kittest): find an indicator,
//! edit a figure, undo, redo, paste a block from Excel — and check both what
//! the table shows and what the database holds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chiso::app::window::table::TableColumn;
use chiso::app::window::{ChisoApp, Settings};
use chiso::domain::{Field, NumberFormat};
use chiso::store::Store;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

pub(super) fn harness(db: &Path) -> Harness<'static, ChisoApp> {
    let app = ChisoApp::new(Settings::default(), db.to_path_buf());
    Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app)
}

/// Steps the window until `done` holds (the database thread answers asynchronously).
pub(super) fn run_until(
    harness: &mut Harness<'_, ChisoApp>,
    what: &str,
    done: impl Fn(&ChisoApp) -> bool,
) {
    let started = Instant::now();
    loop {
        harness.step();
        if done(harness.state()) && !harness.state().is_busy() {
            harness.step();
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Clicks the first widget with this label the way a mouse does: move, press
/// and release in separate frames (table cells read the click from the frame
/// the button goes up).
pub(super) fn click(harness: &mut Harness<'_, ChisoApp>, label: &str) {
    let rect = {
        let node = harness
            .get_all_by_label(label)
            .next()
            .unwrap_or_else(|| panic!("no \"{label}\" shown"));
        egui_kittest::kittest::NodeT::accesskit_node(&node)
            .bounding_box()
            .expect("a visible widget")
    };
    let pos = egui::pos2(
        f64::midpoint(rect.x0, rect.x1) as f32,
        f64::midpoint(rect.y0, rect.y1) as f32,
    );
    harness.event(egui::Event::PointerMoved(pos));
    harness.step();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
}

pub(super) fn new_sample_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("window.sqlite");
    (dir, db)
}

pub(super) fn value_in_db(db: &Path, indicator: &str, period: &str) -> Option<f64> {
    Store::open(db)
        .unwrap()
        .scalar_f64(indicator, "56", period)
        .unwrap()
}

fn log_origins(db: &Path) -> Vec<String> {
    super::support::query_texts(db, "SELECT origin FROM edit_log ORDER BY id")
}

/// Shows only the certificates total of 2021 (the filter a user sets in the panel).
pub(super) fn show_certificates_2021(harness: &mut Harness<'_, ChisoApp>) {
    run_until(harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty() && app.table.is_ready()
    });
    // The status bar counts the sample's figures the Vietnamese way.
    harness.get_by_label("3.845 dòng");
    harness
        .get_by_label("Chứng thư số chuyên dùng đã cấp")
        .click_accesskit();
    run_until(harness, "the filtered rows", |app| {
        app.table.is_ready() && app.table.row_count() > 0 && app.table.row_count() < 40
    });
    let period_row = (0..harness.state().table.row_count()).find(|row| {
        harness
            .state()
            .table
            .cell_text(
                *row,
                TableColumn::Period,
                harness.state().texts(),
                NumberFormat::Vi,
            )
            .as_deref()
            == Some("2021")
    });
    assert!(period_row.is_some() || harness.state().table.row_count() > 0);
    run_until(harness, "the visible rows", |app| {
        app.table.rows_cached(0..app.table.row_count().min(20))
    });
}

pub(super) fn row_of_2021(app: &ChisoApp) -> usize {
    (0..app.table.row_count())
        .find(|row| {
            app.table
                .cell_text(*row, TableColumn::Period, app.texts(), NumberFormat::Vi)
                .as_deref()
                == Some("2021")
        })
        .expect("the 2021 row is listed")
}

#[test]
fn edit_undo_redo_a_figure_in_the_table() {
    let (_dir, db) = new_sample_database();
    edit_undo_redo_a_figure_in_the_table_on(&db);
}

/// The sample database's certificates of 2021 edited, undone and redone in
/// the table (`db` is the sample database, or will be made as one).
pub(super) fn edit_undo_redo_a_figure_in_the_table_on(db: &Path) {
    let db = db.to_owned();
    let mut harness = harness(&db);
    show_certificates_2021(&mut harness);
    // The 2021 total reads the Vietnamese way (the demo's 2021-Q4 stock has the same figure).
    let row = row_of_2021(harness.state());
    harness
        .get_all_by_label("3.467")
        .next()
        .expect("3.467 is shown")
        .click();
    harness.step();
    let selected = harness
        .state()
        .table
        .current_row()
        .expect("a row is selected")
        .period
        .clone();
    let row = if selected == "2021" {
        row
    } else {
        harness
            .state()
            .table
            .row_of(harness.state().table.current_row().unwrap().id)
            .unwrap()
    };
    let period = selected;
    // Typing on a selected cell starts editing it; Enter writes it.
    harness.event(egui::Event::Text("3.470".into()));
    harness.step();
    harness.step();
    harness.key_press(Key::Enter);
    run_until(&mut harness, "the edit", |app| {
        app.table.rows_cached(row..row + 1)
    });
    assert_eq!(value_in_db(&db, "CTS_TONG", &period), Some(3470.0));
    let shown = |harness: &Harness<'_, ChisoApp>| {
        let app = harness.state();
        app.table.cell_text(
            row,
            TableColumn::Field(Field::Value),
            app.texts(),
            NumberFormat::Vi,
        )
    };
    assert_eq!(shown(&harness).as_deref(), Some("3.470"));
    // The changed total no longer equals its parts: the table marks it.
    assert!(
        harness.query_by_label("▲ 3.470").is_some(),
        "the parts rule marks the edited total"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    run_until(&mut harness, "the undo", |app| {
        app.table.rows_cached(row..row + 1)
    });
    assert_eq!(value_in_db(&db, "CTS_TONG", &period), Some(3467.0));
    assert_eq!(shown(&harness).as_deref(), Some("3.467"));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    run_until(&mut harness, "the redo", |app| {
        app.table.rows_cached(row..row + 1)
    });
    assert_eq!(value_in_db(&db, "CTS_TONG", &period), Some(3470.0));
    assert_eq!(shown(&harness).as_deref(), Some("3.470"));
    assert_eq!(log_origins(&db), ["edit", "undo", "redo"]);
    // Each change says who made it: the operating system's account.
    if let Ok(user) = std::env::var("USER") {
        let users = super::support::query_texts(&db, "SELECT \"user\" FROM edit_log ORDER BY id");
        assert_eq!(users, vec![user; 3]);
    }
}

#[test]
fn an_invalid_figure_is_refused_with_the_reason_next_to_the_cell() {
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty() && app.table.is_ready()
    });
    harness
        .get_by_label("Tỷ lệ đăng ký doanh nghiệp qua mạng")
        .click_accesskit();
    run_until(&mut harness, "the rows", |app| {
        app.table.row_count() > 0 && app.table.rows_cached(0..1)
    });
    click(&mut harness, "51,73");
    harness.event(egui::Event::Text("146,5".into()));
    harness.step();
    harness.step();
    harness.key_press(Key::Enter);
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label_contains("tỷ lệ phải trong khoảng 0–100")
            .is_some(),
        "the reason is shown"
    );
    assert_eq!(value_in_db(&db, "DVC_DKDN", "2021"), Some(51.73));
    harness.key_press(Key::Escape);
    harness.step();
}

#[test]
fn paste_a_block_from_excel_and_undo_it_in_one_step() {
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty() && app.table.is_ready()
    });
    harness
        .get_by_label("Chứng thư số chuyên dùng cấp cho cơ quan")
        .click_accesskit();
    run_until(&mut harness, "the rows", |app| {
        app.table.row_count() > 2 && app.table.rows_cached(0..3)
    });
    let first_period = {
        let app = harness.state();
        app.table
            .cell_text(0, TableColumn::Period, app.texts(), NumberFormat::Vi)
            .unwrap()
    };
    let before = harness.state().table.cell_text(
        0,
        TableColumn::Field(Field::Value),
        harness.state().texts(),
        NumberFormat::Vi,
    );
    // Select the first value cell and paste two rows × two columns (value, numerator) as Excel copies them.
    let label = before.clone().unwrap();
    click(&mut harness, &label);
    harness.event(egui::Event::Paste("1.001\t7\r\n1.002\t8\r\n".into()));
    run_until(&mut harness, "the paste", |app| app.table.rows_cached(0..2));
    let text = |harness: &Harness<'_, ChisoApp>, row: usize, field: Field| {
        let app = harness.state();
        app.table
            .cell_text(
                row,
                TableColumn::Field(field),
                app.texts(),
                NumberFormat::Vi,
            )
            .unwrap()
    };
    assert_eq!(text(&harness, 0, Field::Value), "1.001");
    assert_eq!(text(&harness, 1, Field::Value), "1.002");
    assert_eq!(text(&harness, 0, Field::Numerator), "7");
    assert_eq!(text(&harness, 1, Field::Numerator), "8");
    let period = chiso::domain::Period::parse(&first_period.replace('Q', "Quý "))
        .map(|period| period.as_str().to_owned());
    if let Some(period) = period {
        assert_eq!(value_in_db(&db, "CTS_COQUAN", &period), Some(1001.0));
    }
    assert_eq!(log_origins(&db).len(), 4);
    // One undo takes back the whole paste.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    run_until(&mut harness, "the undo", |app| app.table.rows_cached(0..2));
    assert_eq!(
        text(&harness, 0, Field::Value).as_str(),
        before.unwrap().as_str()
    );
    assert_eq!(text(&harness, 0, Field::Numerator), "");
    assert_eq!(
        log_origins(&db)
            .iter()
            .filter(|origin| *origin == "undo")
            .count(),
        4
    );
}

#[test]
fn copy_gives_tab_separated_text() {
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    show_certificates_2021(&mut harness);
    let row = row_of_2021(harness.state());
    harness.state_mut().table.select_cell(row, 3);
    harness.state_mut().table.extend_selection(row, 4);
    let app = harness.state();
    let copied = app
        .table
        .selection_tsv(app.texts(), NumberFormat::Vi)
        .unwrap();
    assert_eq!(copied, "2021\t3.467\n");
}

#[test]
fn the_search_ignores_marks_and_case() {
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty()
    });
    let search = harness.get_by_label("Tìm chỉ tiêu");
    search.focus();
    search.type_text("chung thu");
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label("Chứng thư số chuyên dùng đã cấp")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("Tỷ lệ đăng ký doanh nghiệp qua mạng")
            .is_none()
    );
}

#[test]
fn add_and_delete_a_row_with_undo() {
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    show_certificates_2021(&mut harness);
    let before = harness.state().table.row_count();
    let row = row_of_2021(harness.state());
    harness.state_mut().table.select_cell(row, 4);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Delete);
    run_until(&mut harness, "the delete", |app| {
        app.table.row_count() == before - 1
    });
    assert_eq!(value_in_db(&db, "CTS_TONG", "2021"), None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    run_until(&mut harness, "the undo", |app| {
        app.table.row_count() == before
    });
    assert_eq!(value_in_db(&db, "CTS_TONG", "2021"), Some(3467.0));
    let origins = log_origins(&db);
    assert!(
        origins.contains(&"delete".to_owned()) && origins.contains(&"undo".to_owned()),
        "{origins:?}"
    );
}

#[test]
fn a_refused_database_leaves_the_open_one_in_place() {
    let (dir, db) = new_sample_database();
    let mut harness = harness(&db);
    run_until(&mut harness, "the table", |app| {
        app.table.is_ready() && app.table.row_count() > 0
    });
    let rows = harness.state().table.row_count();
    let newer = dir.path().join("newer.sqlite");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    harness.state_mut().open(newer, false);
    run_until(&mut harness, "the refusal", |_| true);
    assert!(
        harness.query_by_label_contains("newer").is_some(),
        "the refusal is said, with the reason"
    );
    assert_eq!(harness.state().database.as_deref(), Some(db.as_path()));
    assert_eq!(harness.state().table.row_count(), rows);
    // Edits still reach the database that is open.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    run_until(&mut harness, "the undo answer", |_| true);
    assert!(
        harness
            .query_by_label_contains("no database is open")
            .is_none()
    );
}

/// View → Giao diện → Sáng turns the window light (for a projector in a lit
/// room), and the choice is kept in the settings.
#[test]
fn the_light_theme_is_a_choice_in_the_view_menu() {
    let (_dir, db) = new_sample_database();
    let mut harness = harness(&db);
    run_until(&mut harness, "the figures", |app| app.table.is_ready());
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    click(&mut harness, "Xem");
    harness.step();
    harness.get_by_label("Sáng").click();
    harness.step();
    harness.step();
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    assert_eq!(
        harness.state().settings.theme,
        chiso::app::window::Theme::Light
    );
}

/// The Imports tab names each batch's number format in the user's language,
/// not by the code the database stores ("vi", "en").
#[test]
fn the_imports_tab_names_the_number_format_in_words() {
    use chiso::app::strings::Lang;
    use chiso::app::window::Tab;
    let (_dir, db) = new_sample_database();
    chiso::app::open::open_database(&db, true).unwrap();
    let formats = super::support::query_texts(
        &db,
        "SELECT DISTINCT number_format FROM import_batch WHERE number_format IS NOT NULL",
    );
    assert!(formats.contains(&"vi".to_owned()), "{formats:?}");
    for (lang, vietnamese, english) in [
        (Lang::Vi, "Việt Nam (1.234,5)", "Anh (1,234.5)"),
        (Lang::En, "Vietnamese (1.234,5)", "English (1,234.5)"),
    ] {
        let settings = Settings {
            tab: Tab::Imports,
            lang,
            ..Settings::default()
        };
        let app = ChisoApp::new(settings, db.clone());
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1500.0, 900.0))
            .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
        run_until(&mut harness, "the batches", |_| true);
        let started = Instant::now();
        while harness.query_by_label("khanh-hoa-2021.csv").is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(40),
                "no batches shown"
            );
            harness.step();
            std::thread::sleep(Duration::from_millis(5));
        }
        let shown = |label: &str| harness.query_all_by_label(label).next().is_some();
        assert!(shown(vietnamese), "{vietnamese} is not shown");
        if formats.contains(&"en".to_owned()) {
            assert!(shown(english), "{english} is not shown");
        }
        for code in ["vi", "en"] {
            assert!(!shown(code), "the code \"{code}\" is shown");
        }
    }
}
