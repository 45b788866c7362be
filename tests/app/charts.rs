//! The year summary, the charts, presentation mode and the meeting exports
//! on the sample data: what the Summary and Chart tabs show, the HTML report
//! of 2021, the SVG and PNG charts and the .xlsx workbooks.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chiso::app::window::chart::ChartMode;
use chiso::app::window::{ChisoApp, Settings, Tab};
use chiso::domain::NumberFormat;
use chiso::export::svg::{ChartWords, LineChart, StackedChart, svg_to_png};
use chiso::export::xlsx;
use chiso::store::Store;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

const HEADLINE_2021: &str = "Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)";
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

/// A new database filled from the samples (the 2021 report and the demo set).
fn sample_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("charts.sqlite");
    chiso::app::open::open_database(&db, true).unwrap();
    (dir, db)
}

fn indicator_id(db: &Path, code: &str) -> i64 {
    Store::open(db)
        .unwrap()
        .indicators()
        .unwrap()
        .into_iter()
        .find(|indicator| indicator.code == code)
        .unwrap()
        .id
}

#[test]
fn the_2021_summary_meets_13_of_15_targets() {
    let (_dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let summary = chiso::app::report::load_summary(&store, 2021, None).unwrap();
    assert_eq!(summary.period, "2021");
    assert_eq!(summary.agency_code, "56");
    let codes: Vec<&str> = summary
        .rows
        .iter()
        .map(|row| row.indicator_code.as_str())
        .collect();
    let mut expected = TARGETS_2021.to_vec();
    expected.sort_unstable();
    assert_eq!(codes, expected);
    assert_eq!(summary.headline().text_vi(), HEADLINE_2021);
    let missed: Vec<&str> = summary
        .missed()
        .iter()
        .map(|row| row.indicator_code.as_str())
        .collect();
    assert_eq!(missed, ["DVC_DAUTU", "DVC_HSTT_TTHC"]);
    let certificates = summary
        .rows
        .iter()
        .find(|row| row.indicator_code == "CTS_TONG")
        .unwrap();
    assert_eq!(certificates.value, Some(3467.0));
    assert_eq!(
        certificates.file_name.as_deref(),
        Some("khanh-hoa-2021.csv")
    );
    let email = summary
        .rows
        .iter()
        .find(|row| row.indicator_code == "TK_EMAIL")
        .unwrap();
    assert_eq!(email.qualifier.as_deref(), Some("trên"));
}

/// 2020 exists only as quarters in the sample (the demo set): every target
/// of 2021 is compared with 2020 rolled up by its indicator's aggregation,
/// or says why it cannot be (a rate whose quarters have no numerator and
/// denominator is never averaged). Before roll-ups, every row said "—".
#[test]
fn the_2021_summary_compares_every_target_with_2020_rolled_up_from_quarters() {
    use chiso::domain::rollup::NotMade;
    use chiso::domain::summary::PreviousBasis;
    let (_dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let summary = chiso::app::report::load_summary(&store, 2021, None).unwrap();
    let basis_of = |code: &str| {
        let row = summary
            .rows
            .iter()
            .find(|row| row.indicator_code == code)
            .unwrap();
        (row.previous, row.previous_basis.clone())
    };
    // Certificates in use are a stock: 2020 is its fourth quarter.
    let (previous, basis) = basis_of("CTS_TONG");
    assert_eq!(
        previous,
        store.scalar_f64("CTS_TONG", "56", "2020-Q4").unwrap()
    );
    assert!(matches!(&basis, PreviousBasis::RolledUp { periods, .. } if periods.len() == 1));
    // Articles are a flow: 2020 is the sum of its four quarters.
    let (previous, basis) = basis_of("TT_TINBAI");
    let quarters: f64 = (1..=4)
        .map(|quarter| {
            store
                .scalar_f64("TT_TINBAI", "56", &format!("2020-Q{quarter}"))
                .unwrap()
                .unwrap()
        })
        .sum();
    assert_eq!(previous, Some(quarters));
    assert_eq!(basis.text(true), "cộng 4 quý");
    // Online dossiers are a rate: recomputed from the quarters' fractions.
    let (previous, basis) = basis_of("DVC_HSTT_TTHC");
    assert!(previous.is_some());
    assert!(
        basis
            .text(true)
            .starts_with("tính lại từ tử số, mẫu số 4 quý")
    );
    for row in &summary.rows {
        match (&row.previous, &row.previous_basis) {
            (Some(_), PreviousBasis::RolledUp { .. } | PreviousBasis::Filed) => {}
            (
                None,
                PreviousBasis::NotMade {
                    reason: NotMade::NoFraction { periods },
                    ..
                },
            ) => {
                assert_eq!(periods.len(), 4, "{}", row.indicator_code);
                assert!(
                    row.previous_basis
                        .text(true)
                        .contains("thiếu tử số, mẫu số")
                );
            }
            other => panic!("{}: {other:?}", row.indicator_code),
        }
    }
}

#[test]
fn the_html_report_has_the_headline_every_target_and_parses() {
    let (dir, db) = sample_database();
    let out = dir.path().join("bao-cao-2021.html");
    let status = chiso::app::report::run(&db, 2021, Some("56"), &out).unwrap();
    assert_eq!(status, 0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(HEADLINE_2021), "no headline");
    for code in TARGETS_2021 {
        assert!(
            html.contains(&format!("data-code=\"{code}\"")),
            "{code} missing from the table"
        );
    }
    assert!(html.contains("3.467"), "Vietnamese thousands");
    assert!(html.contains("46,8 %"), "Vietnamese decimals");
    assert!(html.contains("trên 4.600"), "qualifier kept");
    assert!(html.contains("@page"), "print CSS");
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "nothing fetched"
    );
    assert!(
        !html.contains("<link") && !html.contains("<script"),
        "self-contained"
    );
    // Well-formed (the report is polyglot XHTML), with the missed list and inline SVG.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&html, options).unwrap();
    let missed: Vec<String> = document
        .descendants()
        .filter(|node| node.has_tag_name("ul"))
        .flat_map(|list| list.children().filter(|item| item.has_tag_name("li")))
        .map(|item| {
            item.descendants()
                .filter_map(|node| node.text())
                .collect::<String>()
        })
        .collect();
    assert_eq!(missed.len(), 2, "{missed:?}");
    assert!(missed[0].starts_with("DVC_DAUTU"), "{missed:?}");
    assert!(missed[1].starts_with("DVC_HSTT_TTHC"), "{missed:?}");
    assert!(
        document
            .descendants()
            .any(|node| node.tag_name().name() == "svg")
    );
    // The command line writes the same report.
    let cli_out = dir.path().join("cli.html");
    let output = super::support::command("C.UTF-8")
        .args(["report", "--db"])
        .arg(&db)
        .args(["--year", "2021", "--out"])
        .arg(&cli_out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        std::fs::read_to_string(&cli_out)
            .unwrap()
            .contains(HEADLINE_2021)
    );
}

#[test]
fn a_year_without_targets_is_refused() {
    let (dir, db) = sample_database();
    let error = chiso::app::report::run(&db, 1999, None, &dir.path().join("x.html")).unwrap_err();
    assert!(error.to_string().contains("1999"), "{error}");
}

#[test]
fn the_svg_chart_is_valid_xml_with_the_vietnamese_title_and_rasterises() {
    let (_dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let indicator = store
        .indicators()
        .unwrap()
        .into_iter()
        .find(|indicator| indicator.code == "DVC_HSTT_TTHC")
        .unwrap();
    let province = store.province_agency().unwrap().unwrap();
    let series = store.series_of(&indicator, &province, None, None).unwrap();
    assert_eq!(series.len(), 2, "yearly and quarterly series");
    let refs: Vec<_> = series.iter().collect();
    let title = "Tỷ lệ hồ sơ trực tuyến của thủ tục hành chính";
    let chart = LineChart::from_series(title, &refs, &ChartWords::vietnamese());
    assert!(chart.rate_axis);
    assert!(
        chart
            .lines
            .iter()
            .any(|line| line.points.iter().any(|point| point.missed_target))
    );
    let svg = chart.to_svg();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.attribute("font-family").unwrap().contains("Noto Sans"));
    let texts = svg_texts(&document);
    assert!(texts.contains(&title), "{texts:?}");
    assert!(texts.contains(&"Kỳ báo cáo"));
    // Seven years of quarters: ticks on whole years, every year.
    assert!(
        texts.contains(&"2021") && !texts.contains(&"Q4/2021"),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|text| text.starts_with("Nguồn: ")),
        "source line"
    );
    let png = svg_to_png(&svg, 300.0).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width, 2500, "800 CSS px at 300 dpi");
}

/// Certificates issued, stacked by who holds them: at the end of 2021 the
/// parts (762 to agencies, 2705 to people) fill the whole column of 3.467.
#[test]
fn the_parts_chart_stacks_the_parts_under_the_whole_and_rasterises() {
    let (_dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let province = store.province_agency().unwrap().unwrap();
    let wholes = store
        .parts_of_wholes(&[indicator_id(&db, "CTS_TONG")], Some(province.id))
        .unwrap();
    let whole = wholes
        .iter()
        .find(|whole| whole.whole.indicator_code == "CTS_TONG")
        .expect("the certificates and their parts");
    let title = "Chứng thư số đã cấp — cơ cấu";
    let chart = StackedChart::from_parts(title, whole, &ChartWords::vietnamese());
    let year = chart
        .periods
        .iter()
        .position(|label| label == "Q4/2021")
        .expect("a Q4/2021 column");
    assert_eq!(chart.periods.first().map(String::as_str), Some("Q1/2019"));
    let parts: f64 = chart
        .parts
        .iter()
        .filter_map(|(_, values)| values[year])
        .sum();
    assert_eq!(chart.parts.len(), 2);
    assert_eq!(parts, 3467.0);
    assert_eq!(chart.whole.1[year], Some(3467.0));
    let svg = chart.to_svg();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let texts = svg_texts(&document);
    assert!(texts.contains(&title), "{texts:?}");
    for part in &chart.parts {
        assert!(texts.contains(&part.0.as_str()), "{} in {texts:?}", part.0);
    }
    assert!(texts.iter().any(|text| text.starts_with("CTS_TONG — ")));
    assert!(
        texts.contains(&"3.000"),
        "Vietnamese axis numbers: {texts:?}"
    );
    let columns = document
        .descendants()
        .filter(|node| node.has_tag_name("rect"))
        .count();
    let figures = chart
        .parts
        .iter()
        .flat_map(|(_, values)| values.iter().flatten())
        .count();
    // The background, a block per part figure, a key per part.
    assert_eq!(columns, 1 + figures + chart.parts.len());
    let png = svg_to_png(&svg, 300.0).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

/// The text of every `<text>` element of an SVG document, in order.
fn svg_texts<'a>(document: &'a roxmltree::Document<'_>) -> Vec<&'a str> {
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .collect()
}

/// The cells of the first sheet: (reference, type attribute, value).
fn sheet_cells(bytes: &[u8]) -> Vec<(String, Option<String>, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap();
    document
        .descendants()
        .filter(|node| node.has_tag_name("c"))
        .map(|cell| {
            let value = cell
                .descendants()
                .find(|node| node.has_tag_name("v"))
                .and_then(|node| node.text())
                .unwrap_or_default()
                .to_owned();
            (
                cell.attribute("r").unwrap().to_owned(),
                cell.attribute("t").map(str::to_owned),
                value,
            )
        })
        .collect()
}

#[test]
fn the_workbooks_hold_real_numbers() {
    let (_dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let summary = chiso::app::report::load_summary(&store, 2021, None).unwrap();
    let bytes = xlsx::summary_workbook(&summary, NumberFormat::Vi).unwrap();
    let cells = sheet_cells(&bytes);
    let row = summary
        .rows
        .iter()
        .position(|row| row.indicator_code == "CTS_TONG")
        .unwrap()
        + 2;
    let value = cells
        .iter()
        .find(|(reference, _, _)| *reference == format!("E{row}"))
        .unwrap();
    assert_eq!(value.1, None, "a number, not a string");
    assert_eq!(value.2, "3467");
    let row = summary
        .rows
        .iter()
        .position(|row| row.indicator_code == "DVC_HSTT_TTHC")
        .unwrap()
        + 2;
    let value = cells
        .iter()
        .find(|(reference, _, _)| *reference == format!("E{row}"))
        .unwrap();
    assert_eq!((value.1.as_deref(), value.2.as_str()), (None, "46.8"));
    // The table's rows: values, numerators and denominators are numbers too.
    let mut rows = Vec::new();
    let filter = chiso::store::ObservationFilter {
        indicator_ids: vec![indicator_id(&db, "HT_WAN")],
        ..Default::default()
    };
    store
        .for_each_canonical(&filter, |row| {
            rows.push(row.clone());
            Ok(())
        })
        .unwrap();
    let bytes = xlsx::observations_workbook(&rows).unwrap();
    let cells = sheet_cells(&bytes);
    let line = rows.iter().position(|row| row.period == "2021").unwrap() + 2;
    for column in ["I", "J", "K"] {
        let cell = cells
            .iter()
            .find(|(reference, _, _)| *reference == format!("{column}{line}"))
            .unwrap();
        assert_eq!(
            (cell.1.as_deref(), cell.2.as_str()),
            (None, "28"),
            "{column}"
        );
    }
}

/// The window on a new sample database, once the database is open.
fn harness(db: &Path) -> Harness<'static, ChisoApp> {
    let app = ChisoApp::new(Settings::default(), db.to_path_buf());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    run_until(&mut harness, "the database", |harness| {
        harness.state().database.is_some()
    });
    harness
}

/// Steps the window until `done` holds (the database thread answers asynchronously).
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

#[test]
fn the_summary_tab_shows_the_2021_headline_and_the_two_missed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("window.sqlite");
    let mut harness = harness(&db);
    harness.state_mut().settings.tab = Tab::Summary;
    run_until(&mut harness, "the summary", |harness| {
        harness.state().summary.summary.is_some()
    });
    assert_eq!(harness.state().summary.year, Some(2021));
    harness.get_by_label(HEADLINE_2021);
    for code in ["DVC_HSTT_TTHC", "DVC_DAUTU"] {
        let missed = harness
            .query_all_by_label_contains(&format!("× {code} — "))
            .count();
        assert_eq!(missed, 1, "{code} listed once as missed");
    }
    assert_eq!(
        harness
            .query_all_by_label_contains("× ")
            .filter(|node| format!("{node:?}").contains(" — "))
            .count(),
        2
    );
    // The comparison with 2020, rolled up from its quarters, says how.
    assert!(
        harness
            .query_all_by_label_contains("(cộng 4 quý)")
            .next()
            .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("thiếu tử số, mẫu số")
            .next()
            .is_some()
    );
    // The table shows figures in Vietnamese.
    harness.get_by_label("trên 4.600");
    harness.get_by_label("46,8 %");
    assert!(harness.query_by_label("3.467").is_some());
}

#[test]
fn the_chart_tab_asks_for_a_selection_then_draws_rates_and_counts_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("window.sqlite");
    let mut harness = harness(&db);
    harness.state_mut().settings.tab = Tab::Chart;
    run_until(&mut harness, "the catalog", |harness| {
        !harness.state().catalog.indicators.is_empty()
    });
    harness.get_by_label("Chọn một hoặc nhiều chỉ tiêu ở khung bên trái để vẽ biểu đồ.");
    let export_off = |harness: &Harness<'_, ChisoApp>| {
        ["Xuất SVG", "Xuất PNG (300 dpi)"]
            .map(|label| harness.get_by_label(label).accesskit_node().is_disabled())
    };
    let rate = harness
        .state()
        .catalog
        .indicators
        .iter()
        .find(|indicator| indicator.code == "DVC_HSTT_TTHC")
        .unwrap()
        .id;
    let count = harness
        .state()
        .catalog
        .indicators
        .iter()
        .find(|indicator| indicator.code == "CTS_TONG")
        .unwrap()
        .id;
    harness.state_mut().settings.filter.indicator_ids = vec![rate, count];
    run_until(&mut harness, "the series", |harness| {
        harness.state().chart.groups.len() == 2
    });
    let groups = &harness.state().chart.groups;
    assert!(
        groups[0].rate && !groups[1].rate,
        "rates first, counts on their own plot"
    );
    assert!(
        groups[0]
            .lines
            .iter()
            .all(|line| line.name.starts_with("DVC_HSTT_TTHC"))
    );
    assert!(
        groups[1]
            .lines
            .iter()
            .all(|line| line.name.starts_with("CTS_TONG"))
    );
    // 2021-Q4 of the certificates: 3.467, its source file in the hover text.
    let quarterly = groups[1]
        .lines
        .iter()
        .find(|line| line.points.len() > 4)
        .unwrap();
    let hover = quarterly
        .hover
        .iter()
        .find(|text| text.contains("Q4/2021"))
        .unwrap();
    assert!(hover.contains("3.467"), "{hover}");
    assert!(hover.contains("Nguồn: demo-2019-2025.csv"), "{hover}");
    assert!(
        groups[0].lines.iter().any(|line| !line.missed.is_empty()),
        "missed periods marked"
    );
    harness.get_by_label("Tỷ lệ (%)");
    harness.get_by_label("Số lượng");
    harness.get_by_label("Đặt lại khung nhìn");
    assert_eq!(export_off(&harness), [false, false]);
    // Bars by agency and the parts of a whole.
    harness.state_mut().chart.mode = ChartMode::ByAgency;
    run_until(&mut harness, "the bars", |harness| {
        !harness.state().chart.agency_bars.is_empty()
    });
    let bars = &harness.state().chart.agency_bars[0];
    assert_eq!(bars.values.len(), 9, "nine districts");
    assert!(
        bars.values
            .windows(2)
            .all(|pair| pair[0].value >= pair[1].value),
        "the leader first"
    );
    assert_eq!(export_off(&harness), [false, false]);
    // An indicator the districts do not report: no bars, so nothing to export.
    let lan = harness
        .state()
        .catalog
        .indicators
        .iter()
        .find(|indicator| indicator.code == "HT_LAN")
        .unwrap()
        .id;
    harness.state_mut().settings.filter.indicator_ids = vec![lan];
    run_until(&mut harness, "the bars of HT_LAN", |harness| {
        harness
            .state()
            .chart
            .agency_bars
            .first()
            .is_some_and(|bars| bars.title.starts_with("HT_LAN"))
    });
    harness.get_by_label("Không có số liệu cho lựa chọn này.");
    assert_eq!(export_off(&harness), [true, true]);
    harness.state_mut().settings.filter.indicator_ids = vec![rate, count];
    harness.state_mut().chart.mode = ChartMode::Parts;
    run_until(&mut harness, "the parts", |harness| {
        !harness.state().chart.stacks.is_empty()
    });
    let stack = &harness.state().chart.stacks[0];
    assert!(stack.title.starts_with("CTS_TONG"));
    assert_eq!(stack.parts.len(), 2);
    harness.step();
    assert_eq!(export_off(&harness), [false, false], "the parts export too");
}

#[test]
fn presentation_mode_shows_the_summary_slide_and_leaves_on_escape() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("window.sqlite");
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |harness| {
        !harness.state().catalog.indicators.is_empty()
    });
    harness.key_press(egui::Key::F11);
    run_until(&mut harness, "the slides", |harness| {
        harness.query_by_label(HEADLINE_2021).is_some()
    });
    assert!(harness.state().presentation.is_some());
    harness.key_press(egui::Key::ArrowRight);
    harness.step();
    assert_eq!(
        harness
            .state()
            .presentation
            .as_ref()
            .map(|presentation| presentation.index),
        Some(1)
    );
    harness.key_press(egui::Key::Escape);
    harness.step();
    assert!(harness.state().presentation.is_none());
}

/// The chart across the 1 July 2025 reform: today's Khánh Hòa carries old
/// Khánh Hòa (56) and Ninh Thuận (58) before that date, its points say so,
/// and the switch to units as filed shows 56's own figures only.
#[test]
fn the_units_switch_carries_old_khanh_hoa_and_ninh_thuan_into_todays_chart() {
    let table = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/vn-admin-reform-2025-nso/BangChuyendoiĐVHCmoi_cu_khong_merge.csv");
    if !table.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the corpus is missing: {}",
            table.display()
        );
        println!(
            "note: {} is missing; skipping the reform chart test",
            table.display()
        );
        return;
    }
    let (dir, db) = sample_database();
    {
        let mut store = Store::open(&db).unwrap();
        chiso::app::sample::load_units(&mut store, &table).unwrap();
        let figures = dir.path().join("ninh-thuan.csv");
        let mut text = String::from(
            "indicator_code,indicator_name,unit,kind,agency_code,agency_name,level,period,value,numerator,denominator,target,qualifier,note\n",
        );
        for (quarter, value) in [
            "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2",
        ]
        .iter()
        .zip(2100..)
        {
            text.push_str(&format!(
                "TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,58,Tỉnh Ninh Thuận,province,{quarter},{value},,,,,\n"
            ));
        }
        std::fs::write(&figures, text).unwrap();
        let request = chiso::app::pipeline::ImportRequest {
            path: figures,
            ..Default::default()
        };
        chiso::app::pipeline::import_file(&mut store, &request).unwrap();
    }
    let mut harness = harness(&db);
    harness.state_mut().settings.tab = Tab::Chart;
    run_until(&mut harness, "the catalog", |harness| {
        !harness.state().catalog.agencies.is_empty()
    });
    let catalog = &harness.state().catalog;
    let email = catalog
        .indicators
        .iter()
        .find(|indicator| indicator.code == "TK_EMAIL")
        .unwrap()
        .id;
    let today = catalog
        .agencies
        .iter()
        .find(|agency| agency.code == "56" && agency.valid_from.is_some())
        .unwrap()
        .id;
    harness.state_mut().settings.filter.indicator_ids = vec![email];
    harness.state_mut().settings.filter.agency_id = Some(today);
    run_until(&mut harness, "the series", |harness| {
        !harness.state().chart.groups.is_empty()
    });
    let lines = &harness.state().chart.groups[0].lines;
    let line = lines.iter().find(|line| line.points.len() > 4).unwrap();
    // Every quarter before 1 July 2025 is carried: from both provinces in
    // 2024-Q1 … 2025-Q2, from old 56 alone before (58 filed nothing then),
    // and those say that one of the two units filed.
    assert_eq!(line.combined.len(), 6, "{:?}", line.combined);
    assert_eq!(line.incomplete.len(), 20, "{:?}", line.incomplete);
    let partial = line
        .hover
        .iter()
        .find(|text| text.contains("Q1/2023"))
        .unwrap();
    assert!(
        partial.contains("= 56 (mới có 1/2 đơn vị báo cáo)"),
        "{partial}"
    );
    let hover = line
        .hover
        .iter()
        .find(|text| text.contains("Q1/2024"))
        .unwrap();
    assert!(hover.contains("= 56 + 58"), "{hover}");
    let carried_value = line.points[line.hover.iter().position(|text| text == hover).unwrap()][1];
    let old_56 = Store::open(&db)
        .unwrap()
        .scalar_f64("TK_EMAIL", "56", "2024-Q1")
        .unwrap()
        .unwrap();
    assert_eq!(carried_value, old_56 + 2100.0);
    // The switch, as a user clicks it: 56's own figures, from 1 July 2025 on.
    harness.get_by_label("Đơn vị tại thời điểm báo cáo").click();
    run_until(&mut harness, "the series as filed", |harness| {
        harness.state().chart.groups.first().is_some_and(|group| {
            group
                .lines
                .iter()
                .all(|line| line.combined.is_empty() && line.incomplete.is_empty())
        })
    });
    let lines = &harness.state().chart.groups[0].lines;
    assert!(
        lines
            .iter()
            .flat_map(|line| &line.points)
            .all(|[x, _]| *x > 2025.5),
        "{lines:?}"
    );
    assert!(lines.iter().any(|line| !line.points.is_empty()));
}

/// A chart query that fails stops its own spinner and says, in Vietnamese,
/// what failed (it used to turn for ever: the failure named no query).
#[test]
fn a_failed_chart_query_clears_its_spinner_and_says_what_failed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("window.sqlite");
    let mut harness = harness(&db);
    run_until(&mut harness, "the catalog", |harness| {
        !harness.state().catalog.indicators.is_empty()
    });
    let id = harness.state().catalog.indicators[0].id;
    // The figures go from under the window (as a damaged or foreign file would).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE observation;")
        .unwrap();
    harness.state_mut().settings.tab = Tab::Chart;
    harness.state_mut().settings.filter.indicator_ids = vec![id];
    run_until(&mut harness, "the chart's answer", |harness| {
        harness
            .query_all_by_label_contains("Không vẽ được biểu đồ")
            .next()
            .is_some()
    });
    assert!(!harness.state().chart.is_loading(), "the spinner stopped");
    assert!(
        harness
            .query_all_by_label_contains("lỗi cơ sở dữ liệu")
            .next()
            .is_some(),
        "the cause is said in Vietnamese"
    );
}

#[test]
fn exports_default_to_documents_under_a_meaningful_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    assert_eq!(
        chiso::app::window::window_title(Some(&db)),
        "chiso — chiso.sqlite"
    );
    let mut harness = harness(&db);
    harness.state_mut().settings.tab = Tab::Summary;
    run_until(&mut harness, "the summary", |harness| {
        harness.state().summary.summary.is_some()
    });
    // The field holds a real path (not a hint): exporting needs no typing.
    let field = harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Tệp");
    let value = field.accesskit_node().value().unwrap_or_default();
    assert!(
        value.ends_with("bao-cao-2021-khanh-hoa.html"),
        "the default report path: {value:?}"
    );
    assert!(
        Path::new(&value).starts_with(chiso::app::window::files::documents_dir()),
        "{value}"
    );
}
