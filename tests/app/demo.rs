//! The synthetic demo set is marked wherever its figures are shown — the
//! table's rows, the chart's tooltips, the year summary — and the real 2021
//! report never is; File → "Bỏ dữ liệu mẫu" removes the demo figures in one
//! step that Ctrl+Z brings back.

use std::path::Path;

use chiso::app::window::{ChisoApp, Settings, Tab};
use egui::{Key, Modifiers};
use egui_kittest::Harness;

use super::window::run_until;
use egui_kittest::kittest::{NodeT as _, Queryable};

const BADGE: &str = "Dữ liệu mẫu (giả lập)";

fn harness(db: &Path) -> Harness<'static, ChisoApp> {
    let app = ChisoApp::new(Settings::default(), db.to_path_buf());
    Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app)
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |row| row.get(0))
        .unwrap()
}

const DEMO_ROWS: &str = "SELECT count(*) FROM observation o JOIN import_batch b ON b.id = o.batch_id \
     WHERE b.file_name = 'demo-2019-2025.csv'";
const REAL_ROWS: &str = "SELECT count(*) FROM observation o JOIN import_batch b ON b.id = o.batch_id \
     WHERE b.file_name = 'khanh-hoa-2021.csv'";

/// The vertical middle of every node with this exact label.
fn middles(harness: &Harness<'_, ChisoApp>, label: &str) -> Vec<f64> {
    harness
        .query_all_by_label(label)
        .filter_map(|node| node.accesskit_node().bounding_box())
        .map(|rect| f64::midpoint(rect.y0, rect.y1))
        .collect()
}

/// Shows the province's certificates (its real 2021 total and the demo's quarters).
fn show_province_certificates(harness: &mut Harness<'_, ChisoApp>) {
    run_until(harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty() && app.table.is_ready() && !app.demo.batch_ids.is_empty()
    });
    let (certificates, province) = {
        let app = harness.state();
        let certificates = app
            .catalog
            .indicators
            .iter()
            .find(|indicator| indicator.code == "CTS_TONG")
            .unwrap()
            .id;
        let province = app
            .catalog
            .agencies
            .iter()
            .find(|agency| agency.code == "56" && agency.valid_to.is_none())
            .unwrap()
            .id;
        (certificates, province)
    };
    let app = harness.state_mut();
    app.settings.filter.indicator_ids = vec![certificates];
    app.settings.filter.agency_id = Some(province);
    app.requery();
    run_until(harness, "the certificates", |app| {
        app.table.is_ready()
            && app.table.row_count() > 4
            && app.table.row_count() < 60
            && app.table.rows_cached(0..app.table.row_count())
    });
}

#[test]
fn demo_rows_carry_the_badge_and_the_real_2021_row_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut harness = harness(&db);
    show_province_certificates(&mut harness);
    let badges = middles(&harness, BADGE);
    let has_badge = |y: f64| badges.iter().any(|badge| (badge - y).abs() < 6.0);
    // The real 2021 total: one row, no badge.
    let real = middles(&harness, "2021");
    assert_eq!(real.len(), 1, "the province's 2021 total is listed once");
    assert!(!has_badge(real[0]), "the real 2021 figure is not marked");
    // Every quarter of the demo set shown has its badge.
    let quarters: Vec<f64> = ["Q1/2021", "Q4/2021", "Q2/2023", "Q4/2025"]
        .iter()
        .flat_map(|label| middles(&harness, label))
        .collect();
    assert!(quarters.len() >= 4, "the demo quarters are shown");
    for y in quarters {
        assert!(has_badge(y), "a demo row at y={y} carries the badge");
    }
}

#[test]
fn the_chart_tooltip_marks_demo_points_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut harness = harness(&db);
    show_province_certificates(&mut harness);
    harness.state_mut().settings.tab = Tab::Chart;
    run_until(&mut harness, "the chart", |app| {
        !app.chart.groups.is_empty()
    });
    let hovers: Vec<String> = harness.state().chart.groups[0]
        .lines
        .iter()
        .flat_map(|line| line.hover.clone())
        .collect();
    let real: Vec<&String> = hovers
        .iter()
        .filter(|hover| hover.contains("Nguồn: khanh-hoa-2021.csv"))
        .collect();
    assert!(!real.is_empty(), "the real 2021 point is drawn");
    assert!(real.iter().all(|hover| !hover.contains(BADGE)), "{real:?}");
    let demo: Vec<&String> = hovers
        .iter()
        .filter(|hover| hover.contains("Nguồn: demo-2019-2025.csv"))
        .collect();
    assert!(demo.len() > 20, "the demo quarters are drawn");
    assert!(demo.iter().all(|hover| hover.contains(BADGE)), "{demo:?}");
}

#[test]
fn the_summary_of_a_demo_year_says_so_and_2021_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty() && !app.demo.batch_ids.is_empty()
    });
    harness.state_mut().settings.tab = Tab::Summary;
    run_until(&mut harness, "the 2021 summary", |app| {
        app.summary.summary.is_some()
    });
    assert_eq!(harness.state().summary.year, Some(2021));
    harness.get_by_label("Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)");
    assert!(
        harness.query_all_by_label(BADGE).next().is_none(),
        "the real 2021 summary carries no badge"
    );
    harness.state_mut().summary.year = Some(2022);
    run_until(&mut harness, "the 2022 summary", |app| {
        app.summary
            .summary
            .as_ref()
            .is_some_and(|summary| summary.year == 2022)
    });
    assert!(
        harness.query_all_by_label(BADGE).count() > 1,
        "the 2022 summary (made up) says so at its headline and on its rows"
    );
}

#[test]
fn remove_the_demo_set_and_bring_it_back_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty() && app.table.is_ready() && !app.demo.batch_ids.is_empty()
    });
    let demo_rows = count(&db, DEMO_ROWS);
    let real_rows = count(&db, REAL_ROWS);
    assert!(demo_rows > 3000 && real_rows > 30);
    assert!(
        harness.query_all_by_label(BADGE).next().is_some(),
        "the full list shows demo rows"
    );
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Tệp")
        .click();
    harness.step();
    harness.step();
    harness.get_by_label("Bỏ dữ liệu mẫu").click();
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label_contains("Đã bỏ dữ liệu mẫu");
    run_until(&mut harness, "the removal", |app| {
        app.table.is_ready() && app.table.row_count() as i64 == real_rows
    });
    assert_eq!(count(&db, DEMO_ROWS), 0);
    assert_eq!(count(&db, REAL_ROWS), real_rows, "the real figures stay");
    for _ in 0..3 {
        harness.step();
    }
    assert!(
        harness.query_all_by_label(BADGE).next().is_none(),
        "no demo row is left"
    );
    // One step back brings every demo figure back, still marked.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    run_until(&mut harness, "the undo", |app| {
        app.table.is_ready() && app.table.row_count() as i64 == real_rows + demo_rows
    });
    assert_eq!(count(&db, DEMO_ROWS), demo_rows);
    run_until(&mut harness, "the badges", |app| {
        app.table.rows_cached(0..20.min(app.table.row_count()))
    });
    for _ in 0..3 {
        harness.step();
    }
    assert!(
        harness.query_all_by_label(BADGE).next().is_some(),
        "the demo rows are marked again"
    );
    // And the removal is in the audit log, as deletes and their undo.
    assert!(count(&db, "SELECT count(*) FROM edit_log WHERE origin = 'delete'") >= demo_rows);
    assert!(count(&db, "SELECT count(*) FROM edit_log WHERE origin = 'undo'") >= demo_rows);
}
