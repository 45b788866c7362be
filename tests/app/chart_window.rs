//! The on-screen charts as a user reads them: the bars by agency compare
//! the period chosen in their own list, and the parts chart keeps to the
//! panel's period range like the other two.

use std::time::{Duration, Instant};

use chiso::app::window::chart::ChartMode;
use chiso::app::window::{ChisoApp, Settings, Tab};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

fn run_until(harness: &mut Harness<'_, ChisoApp>, what: &str, done: impl Fn(&ChisoApp) -> bool) {
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

/// Clicks like a mouse: move, press and release in separate frames.
fn click(harness: &mut Harness<'_, ChisoApp>, label: &str) {
    let rect = harness
        .get_by_label(label)
        .accesskit_node()
        .bounding_box()
        .expect("a visible widget");
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
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.step();
}

fn chart_of(code: &str) -> (tempfile::TempDir, Harness<'static, ChisoApp>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("charts.sqlite");
    let settings = Settings {
        tab: Tab::Chart,
        ..Settings::default()
    };
    let app = ChisoApp::new(settings, db);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    run_until(&mut harness, "the catalog", |app| {
        !app.catalog.indicators.is_empty()
    });
    let id = harness
        .state()
        .catalog
        .indicators
        .iter()
        .find(|indicator| indicator.code == code)
        .unwrap()
        .id;
    harness.state_mut().settings.filter.indicator_ids = vec![id];
    (dir, harness)
}

#[test]
fn the_bars_by_agency_compare_the_period_chosen_in_their_list() {
    let (_dir, mut harness) = chart_of("DVC_HSTT_TTHC");
    harness.state_mut().chart.mode = ChartMode::ByAgency;
    run_until(&mut harness, "the latest bars", |app| {
        app.chart
            .agency_bars
            .first()
            .is_some_and(chiso::app::window::chart::AgencyBars::has_figures)
    });
    let latest = harness.state().chart.agency_bars[0].clone();
    assert!(!latest.title.ends_with("Q2/2025"), "{}", latest.title);
    // The list of periods, the latest by default; choose the first quarter of 2021.
    click(&mut harness, "Kỳ so sánh");
    click(&mut harness, "Q2/2025");
    run_until(&mut harness, "the 2025-Q2 bars", |app| {
        app.chart
            .agency_bars
            .first()
            .is_some_and(|bars| bars.title.ends_with("Q2/2025"))
    });
    let chosen = harness.state().chart.agency_bars[0].clone();
    assert_eq!(
        chosen.values.len(),
        latest.values.len(),
        "the same districts"
    );
    let figures = |bars: &chiso::app::window::chart::AgencyBars| {
        let mut figures: Vec<(String, Option<f64>)> = bars
            .values
            .iter()
            .map(|value| (value.agency_code.clone(), value.value))
            .collect();
        figures.sort_by(|a, b| a.0.cmp(&b.0));
        figures
    };
    assert_ne!(
        figures(&chosen),
        figures(&latest),
        "the bars show the figures of 2025-Q2, not the latest"
    );
    // The panel's "Đến kỳ" does not override the choice.
    harness.state_mut().settings.filter.period_to = Some("2023".to_owned());
    for _ in 0..5 {
        harness.step();
    }
    run_until(&mut harness, "the bars again", |app| {
        !app.chart.is_loading()
    });
    assert!(
        harness.state().chart.agency_bars[0]
            .title
            .ends_with("Q2/2025")
    );
}

#[test]
fn the_parts_chart_keeps_to_the_period_range() {
    let (_dir, mut harness) = chart_of("CTS_TONG");
    harness.state_mut().chart.mode = ChartMode::Parts;
    run_until(&mut harness, "the parts", |app| {
        !app.chart.stacks.is_empty()
    });
    let all = harness.state().chart.stacks[0].ticks.len();
    let filter = &mut harness.state_mut().settings.filter;
    filter.period_from = Some("2022".to_owned());
    filter.period_to = Some("2023".to_owned());
    run_until(&mut harness, "the parts of 2022–2023", |app| {
        app.chart
            .stacks
            .first()
            .is_some_and(|stack| stack.ticks.len() < all)
    });
    let stack = &harness.state().chart.stacks[0];
    assert!(!stack.ticks.is_empty());
    for (_, label) in &stack.ticks {
        assert!(
            label.ends_with("2022") || label.ends_with("2023"),
            "{label} is outside 2022–2023"
        );
    }
    for (_, bars) in &stack.parts {
        for (x, ..) in bars {
            assert!((2022.0..2024.0).contains(x), "a bar at {x}");
        }
    }
}
