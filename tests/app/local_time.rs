//! Times in the window are the analyst's local time: the database stores UTC,
//! the Imports tab and the change history show the computer's zone (here TZ
//! set to Nha Trang's, as on an analyst's computer), the zone in the tooltip.
//!
//! TZ is read once per process, so the check runs in a child process of
//! this test binary with TZ set (the same binary, the ignored test below).

use std::process::Command;
use std::time::{Duration, Instant};

use chiso::app::window::{ChisoApp, Settings, Tab};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

#[test]
fn times_are_shown_in_the_computers_time_zone() {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "local_time::an_import_at_09_06_utc_shows_16_06_in_nha_trang",
            "--ignored",
            "--test-threads=1",
        ])
        .env("TZ", "Asia/Ho_Chi_Minh")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

fn run_until(
    harness: &mut Harness<'_, ChisoApp>,
    what: &str,
    done: impl Fn(&Harness<'_, ChisoApp>) -> bool,
) {
    let started = Instant::now();
    loop {
        harness.step();
        if done(harness) && !harness.state().is_busy() {
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

/// Hovers a widget and returns the tooltip texts shown.
fn hover(harness: &mut Harness<'_, ChisoApp>, label: &str) {
    let rect = harness
        .get_by_label(label)
        .accesskit_node()
        .bounding_box()
        .unwrap();
    let pos = egui::pos2(
        f64::midpoint(rect.x0, rect.x1) as f32,
        f64::midpoint(rect.y0, rect.y1) as f32,
    );
    harness.event(egui::Event::PointerMoved(pos));
    // Tooltips wait for the pointer to rest.
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
#[ignore = "run by times_are_shown_in_the_computers_time_zone, with TZ set"]
fn an_import_at_09_06_utc_shows_16_06_in_nha_trang() {
    assert_eq!(std::env::var("TZ").as_deref(), Ok("Asia/Ho_Chi_Minh"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("time.sqlite");
    chiso::app::open::open_database(&db, true).unwrap();
    // The 2021 report was imported at 09:06 UTC; one of its figures was edited at 23:30 UTC.
    let observation_id: i64 = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE import_batch SET imported_at = '2026-12-03T09:06:00.000Z' \
             WHERE file_name = 'khanh-hoa-2021.csv'",
            [],
        )
        .unwrap();
        let id = conn
            .query_row(
                "SELECT o.id FROM observation o JOIN indicator i ON i.id = o.indicator_id \
                 JOIN import_batch b ON b.id = o.batch_id \
                 WHERE i.code = 'CTS_TONG' AND o.period = '2021' AND b.file_name = 'khanh-hoa-2021.csv'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        conn.execute(
            "INSERT INTO edit_log (at, observation_id, field, old_value, new_value, origin, user) \
             VALUES ('2026-12-03T23:30:00.000Z', ?1, 'value', '3467', '3470', 'edit', 'test')",
            [id],
        )
        .unwrap();
        id
    };
    let settings = Settings {
        tab: Tab::Imports,
        ..Settings::default()
    };
    let app = ChisoApp::new(settings, db.clone());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    run_until(&mut harness, "the batches", |harness| {
        harness.query_by_label("2026-12-03 16:06:00").is_some()
    });
    assert!(
        harness.query_by_label("2026-12-03 09:06:00").is_none(),
        "the UTC time is not shown as if it were local"
    );
    hover(&mut harness, "2026-12-03 16:06:00");
    assert!(
        harness
            .query_by_label_contains("Asia/Ho_Chi_Minh (UTC+07:00)")
            .is_some(),
        "the tooltip names the zone"
    );
    // The change history: 23:30 UTC is 06:30 the next morning in Nha Trang.
    harness
        .state_mut()
        .session
        .read(chiso::app::session::Read::History { observation_id });
    run_until(&mut harness, "the history", |harness| {
        harness.query_by_label("2026-12-04 06:30:00").is_some()
    });
    // Its figures as the table writes them, not as logged ("3470").
    harness.get_by_label("3.470");
    assert!(harness.query_by_label("3470").is_none());
}
