//! Presentation mode (F11) as the meeting room sees it, on a 1366×768 laptop
//! and a 1920×1080 projector: the 2021 summary's table is split over slides
//! that each fit the screen whole (no text beyond its edges, nothing to
//! scroll), no indicator code and no "Không đạt" is broken across lines,
//! the counter says where the presenter is, Home and End jump, and the last
//! slide says "Hết".

use std::time::{Duration, Instant};

use chiso::app::window::present::Slide;
use chiso::app::window::{ChisoApp, Settings};
use egui::Key;
use egui::accesskit::{self, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

const TARGETS_2021: [&str; 15] = [
    "HT_LAN",
    "HT_MAYTINH",
    "VB_DIENTU",
    "VB_DIENTU_HCNN",
    "VB_DEN_XULY",
    "DVC_HSTT_TTHC",
    "DVC_HSTT_TONG",
    "DVC_DKDN",
    "DVC_DAUTU",
    "THUE_KEKHAI",
    "THUE_NOPDT",
    "CTT_ND43",
    "TK_EMAIL",
    "CTS_TONG",
    "TT_TINBAI",
];

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

fn presenting(width: f32, height: f32) -> (tempfile::TempDir, Harness<'static, ChisoApp>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("present.sqlite");
    let app = ChisoApp::new(Settings::default(), db);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    run_until(&mut harness, "the catalog", |harness| {
        !harness.state().catalog.indicators.is_empty()
    });
    harness.key_press(Key::F11);
    run_until(&mut harness, "the slides", |harness| {
        harness
            .query_by_label("Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)")
            .is_some()
    });
    (dir, harness)
}

fn slides(harness: &Harness<'_, ChisoApp>) -> Vec<Slide> {
    harness.state().presentation.as_ref().unwrap().slides()
}

fn index(harness: &Harness<'_, ChisoApp>) -> usize {
    harness.state().presentation.as_ref().unwrap().index
}

/// Every row of text shown (egui gives each line of a label its own text run).
fn text_lines(harness: &Harness<'_, ChisoApp>) -> Vec<(String, accesskit::Rect)> {
    harness
        .query_all_by_role(Role::TextRun)
        .filter_map(|node| {
            let node = node.accesskit_node();
            Some((node.value()?, node.bounding_box()?))
        })
        .collect()
}

/// Checks the slide shown: all its text inside the screen, no code and no
/// "Không đạt" broken over two lines. Returns the codes it shows.
fn check_slide(harness: &Harness<'_, ChisoApp>, width: f32, height: f32) -> Vec<&'static str> {
    let lines = text_lines(harness);
    assert!(!lines.is_empty(), "the slide shows text");
    for (text, rect) in &lines {
        assert!(
            rect.x0 >= -0.5
                && rect.y0 >= -0.5
                && rect.x1 <= f64::from(width) + 0.5
                && rect.y1 <= f64::from(height) + 0.5,
            "\"{text}\" at {rect:?} is outside the {width}×{height} screen"
        );
    }
    // No line of text drawn over another (rows as tall as their names).
    for (index, (text, a)) in lines.iter().enumerate() {
        for (other, b) in &lines[index + 1..] {
            let across = a.x0.max(b.x0) < a.x1.min(b.x1) - 1.0;
            let down = a.y0.max(b.y0) < a.y1.min(b.y1) - 1.0;
            assert!(
                !(across && down),
                "\"{text}\" at {a:?} overlaps \"{other}\" at {b:?}"
            );
        }
    }
    for (text, _) in &lines {
        let text = text.trim_end_matches('\n').trim();
        // A code broken over two lines leaves a piece on each ("HT_" and
        // "MAYTINH", or "DVC_HSTT_TO" and "NG"): a word with "_" that is not
        // a whole code.
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.contains('_') {
                assert!(
                    TARGETS_2021.contains(&word),
                    "a code broken across lines: \"{word}\" in \"{text}\""
                );
            }
        }
        assert!(
            !text.ends_with("Không"),
            "\"Không đạt\" wrapped: \"{text}\""
        );
    }
    TARGETS_2021
        .into_iter()
        .filter(|code| lines.iter().any(|(text, _)| text.trim() == *code))
        .collect()
}

fn check_presentation(width: f32, height: f32) {
    let (_dir, mut harness) = presenting(width, height);
    let count = slides(&harness).len();
    let table_slides: Vec<usize> = slides(&harness)
        .iter()
        .enumerate()
        .filter(|(_, slide)| matches!(slide, Slide::Table { .. }))
        .map(|(index, _)| index)
        .collect();
    assert!(!table_slides.is_empty(), "the summary has table slides");
    assert_eq!(slides(&harness).last(), Some(&Slide::End));
    // The first slide: the headline, and the counter.
    harness.get_by_label(&format!("1 / {count}"));
    check_slide(&harness, width, height);
    // Every table slide fits, and together they show each target once.
    let mut shown: Vec<&str> = Vec::new();
    for slide in &table_slides {
        while index(&harness) < *slide {
            harness.key_press(Key::ArrowRight);
            harness.step();
        }
        harness.step();
        harness.get_by_label(&format!("{} / {count}", slide + 1));
        harness.get_by_label("Nguồn: khanh-hoa-2021.csv");
        let codes = check_slide(&harness, width, height);
        assert!(!codes.is_empty(), "slide {} shows rows", slide + 1);
        shown.extend(codes);
    }
    shown.sort_unstable();
    let mut expected = TARGETS_2021.to_vec();
    expected.sort_unstable();
    assert_eq!(shown, expected, "every target on exactly one slide");
    // End: "Hết", the last slide.
    harness.key_press(Key::End);
    harness.step();
    harness.step();
    assert_eq!(index(&harness), count - 1);
    harness.get_by_label("Hết");
    harness.get_by_label(&format!("{count} / {count}"));
    check_slide(&harness, width, height);
    // Past the end stays at the end.
    harness.key_press(Key::ArrowRight);
    harness.step();
    assert_eq!(index(&harness), count - 1);
    // Home: back to the headline.
    harness.key_press(Key::Home);
    harness.step();
    harness.step();
    assert_eq!(index(&harness), 0);
    harness.get_by_label("Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)");
    harness.get_by_label(&format!("1 / {count}"));
    // A chart slide fits too.
    if let Some(chart) = slides(&harness)
        .iter()
        .position(|slide| matches!(slide, Slide::Chart(_)))
    {
        while index(&harness) < chart {
            harness.key_press(Key::PageDown);
            harness.step();
        }
        harness.step();
        check_slide(&harness, width, height);
    }
}

#[test]
fn the_presentation_fits_a_1366_by_768_laptop() {
    check_presentation(1366.0, 768.0);
}

#[test]
fn the_presentation_fits_a_1920_by_1080_projector() {
    check_presentation(1920.0, 1080.0);
}

/// The two targets missed in 2021 show "× Không đạt" on one line each.
#[test]
fn not_met_is_never_wrapped() {
    let (_dir, mut harness) = presenting(1366.0, 768.0);
    let tables: Vec<usize> = slides(&harness)
        .iter()
        .enumerate()
        .filter(|(_, slide)| matches!(slide, Slide::Table { .. }))
        .map(|(index, _)| index)
        .collect();
    let mut not_met = 0;
    for slide in tables {
        while index(&harness) < slide {
            harness.key_press(Key::ArrowRight);
            harness.step();
        }
        harness.step();
        not_met += text_lines(&harness)
            .iter()
            .filter(|(text, _)| text.trim() == "× Không đạt")
            .count();
    }
    assert_eq!(not_met, 2, "DVC_HSTT_TTHC and DVC_DAUTU, each on one line");
}
