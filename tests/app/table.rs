//! The table as an analyst works in it: the highlighted record stays the
//! same record when the filter changes, a sort shows the list from its top,
//! and after a refused entry the edit box keeps the keyboard.

use std::path::{Path, PathBuf};

use chiso::app::window::{ChisoApp, Settings};
use chiso::store::Store;
use egui::{Key, Modifiers};
use egui_kittest::Harness;

use super::window::{click, run_until};
use egui_kittest::kittest::{NodeT as _, Queryable};

fn harness(db: &Path) -> Harness<'static, ChisoApp> {
    let app = ChisoApp::new(Settings::default(), db.to_path_buf());
    Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app)
}

fn sample_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("table.sqlite");
    (dir, db)
}

fn all_rows(harness: &mut Harness<'_, ChisoApp>) {
    run_until(harness, "the rows", |app| {
        !app.catalog.indicators.is_empty() && app.table.is_ready() && app.table.row_count() > 1000
    });
}

fn selected_id(app: &ChisoApp) -> Option<i64> {
    app.table.current_row().map(|row| row.id)
}

#[test]
fn the_selection_follows_its_record_when_the_filter_changes() {
    let (_dir, db) = sample_database();
    let mut harness = harness(&db);
    all_rows(&mut harness);
    let certificates = Store::open(&db)
        .unwrap()
        .indicators()
        .unwrap()
        .into_iter()
        .find(|indicator| indicator.code == "CTS_TONG")
        .unwrap()
        .id;
    // The province's 2021 certificates figure, selected where the full list has it.
    let record: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT o.id FROM observation o JOIN indicator i ON i.id = o.indicator_id \
             JOIN agency a ON a.id = o.agency_id \
             WHERE i.code = 'CTS_TONG' AND a.code = '56' AND o.period = '2021'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let start = harness.state().table.row_of(record).unwrap();
    assert!(
        start > 0,
        "the certificates are not the first row of the full list"
    );
    harness.state_mut().table.reveal(start);
    run_until(&mut harness, "the row", |app| {
        app.table.rows_cached(start..start + 1)
    });
    assert_eq!(selected_id(harness.state()), Some(record));
    // Tick the certificates in the panel: the list shrinks and reorders.
    harness
        .get_by_label("Chứng thư số chuyên dùng đã cấp")
        .click_accesskit();
    run_until(&mut harness, "the filtered rows", |app| {
        app.table.is_ready()
            && app.table.row_count() < 100
            && app.settings.filter.indicator_ids == vec![certificates]
    });
    let app = harness.state();
    let new_row = app.table.row_of(record).expect("the record is listed");
    assert_ne!(new_row, start, "the record moved");
    assert_eq!(
        app.table.cursor_row(),
        Some(new_row),
        "the selection is on the same record, not on the same screen row"
    );
    run_until(&mut harness, "the selected row", |app| {
        app.table.current_row().is_some()
    });
    assert_eq!(selected_id(harness.state()), Some(record));
    // Untick it: the full list again, the selection still on the record.
    harness
        .get_by_label("Chứng thư số chuyên dùng đã cấp")
        .click_accesskit();
    run_until(&mut harness, "the full list", |app| {
        app.table.is_ready() && app.table.row_count() > 1000
    });
    assert_eq!(
        harness.state().table.cursor_row(),
        harness.state().table.row_of(record)
    );
    // A filter without the record: nothing is selected (not another record).
    let other = harness
        .state()
        .catalog
        .indicators
        .iter()
        .find(|indicator| indicator.code == "HT_LAN")
        .unwrap()
        .name
        .clone();
    harness.get_by_label(&other).click_accesskit();
    run_until(&mut harness, "the other rows", |app| {
        app.table.is_ready() && app.table.row_count() < 1000
    });
    assert_eq!(harness.state().table.cursor_row(), None);
}

#[test]
fn a_sort_shows_the_list_from_its_top() {
    let (_dir, db) = sample_database();
    let mut harness = harness(&db);
    all_rows(&mut harness);
    harness.state_mut().table.select_cell(0, 4);
    harness.step();
    // Ctrl+End: the last row, the view scrolled down to it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    for _ in 0..5 {
        harness.step();
    }
    let bottom = harness.state().table.visible_rows();
    assert!(bottom.start > 1000, "scrolled to the end: {bottom:?}");
    let header = harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Giá trị")
        .accesskit_node()
        .bounding_box()
        .unwrap();
    let pos = egui::pos2(
        f64::midpoint(header.x0, header.x1) as f32,
        f64::midpoint(header.y0, header.y1) as f32,
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
    assert_eq!(
        harness.state().settings.sort,
        chiso::store::SortColumn::Field(chiso::domain::Field::Value)
    );
    run_until(&mut harness, "the sorted rows", |app| {
        app.table.is_ready() && app.table.row_count() > 1000
    });
    for _ in 0..5 {
        harness.step();
    }
    assert_eq!(
        harness.state().table.visible_rows().start,
        0,
        "the sorted list is shown from its first row"
    );
    harness.get_by_label("Giá trị ▲");
}

#[test]
fn after_a_refused_figure_the_edit_box_keeps_the_keyboard() {
    let (_dir, db) = sample_database();
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
    // The user corrects the figure at once: the keys go to the edit box.
    for _ in 0.."146,5".len() {
        harness.key_press(Key::Backspace);
    }
    harness.event(egui::Event::Text("46,5".into()));
    harness.step();
    harness.key_press(Key::Enter);
    run_until(&mut harness, "the edit", |app| app.table.rows_cached(0..1));
    let value = Store::open(&db)
        .unwrap()
        .scalar_f64("DVC_DKDN", "56", "2021")
        .unwrap();
    assert_eq!(value, Some(46.5), "the corrected figure is written");
}
