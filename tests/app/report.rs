//! The meeting report in the official form (Nghị định 30/2020/NĐ-CP) on the
//! 2021 sample: the HTML file and the Word draft carry the issuing body, the
//! national motto, the headline and every target of the seed report; the
//! .docx converts to PDF with LibreOffice; a chart's title fits its width.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use chiso::domain::NumberFormat;
use chiso::export::official::{MOTTO, NATIONAL_NAME};
use chiso::export::svg::{ChartWords, LineChart, PeriodRange, StackedChart, parse_chart};
use chiso::store::Store;

/// The headline and the targets of the seed report (`shared/seed/FACTS.md`
/// figures with the sample's targets), as `charts.rs` checks them in the window.
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
/// The official blocks every report must show.
const OFFICIAL: [&str; 5] = [
    NATIONAL_NAME,
    MOTTO,
    "UBND TỈNH KHÁNH HÒA",
    "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "Nơi nhận:",
];

fn sample_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("report.sqlite");
    chiso::app::open::open_database(&db, true).unwrap();
    (dir, db)
}

/// Where a report to look at is kept when `CHISO_KEEP_REPORTS` names a folder.
fn keep(path: &Path) {
    if let Some(folder) = std::env::var_os("CHISO_KEEP_REPORTS") {
        let folder = PathBuf::from(folder);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(path, folder.join(path.file_name().unwrap())).unwrap();
    }
}

/// The text of one part of a .docx (`word/document.xml`), a line for each
/// paragraph, and the whole XML.
fn docx_part(path: &Path, part: &str) -> (String, String) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(part)
        .unwrap_or_else(|_| panic!("{part} in {}", path.display()))
        .read_to_string(&mut xml)
        .unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap();
    // One line a paragraph; a line break inside one reads as a space.
    let text = document
        .descendants()
        .filter(|node| node.tag_name().name() == "p")
        .map(|paragraph| {
            paragraph
                .descendants()
                .filter_map(|node| match node.tag_name().name() {
                    "t" => node.text(),
                    "br" => Some(" "),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    (text, xml)
}

#[test]
fn the_html_report_is_in_the_official_form_with_every_target() {
    let (dir, db) = sample_database();
    let out = dir.path().join("bao-cao-2021-khanh-hoa.html");
    let status = chiso::app::report::run(&db, 2021, None, &out).unwrap();
    assert_eq!(status, 0);
    keep(&out);
    let html = std::fs::read_to_string(&out).unwrap();
    // A long name of the issuer is set on two lines.
    let flat = html.replace("<br/>", " ");
    for text in OFFICIAL {
        assert!(flat.contains(text), "{text} missing");
    }
    for text in &OFFICIAL[..2] {
        assert!(html.contains(text), "{text} missing");
    }
    assert!(html.contains(HEADLINE_2021), "no headline");
    assert!(html.contains("/BC-STTTT"), "number line");
    assert!(html.contains("Khánh Hòa, ngày"), "place and date");
    for code in TARGETS_2021 {
        assert!(html.contains(&format!("data-code=\"{code}\"")), "{code}");
    }
    // Self-contained: the fonts travel inside, nothing is fetched.
    assert!(html.contains("font-family: 'Liberation Serif'; font-weight: normal; font-style: normal; src: url(data:font/ttf;base64,"));
    assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("src=\"http"));
    // A4, the decree's margins, headings kept with what follows.
    assert!(html.contains("size: A4; margin: 20mm 15mm 20mm 30mm"));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&html, options).unwrap();
    // The charts' heading sits in a block with the first chart (kept together).
    let charts_heading = document
        .descendants()
        .find(|node| node.has_tag_name("h2") && node.text() == Some("IV. BIỂU ĐỒ"))
        .expect("a charts heading");
    let block = charts_heading.parent().unwrap();
    assert_eq!(block.attribute("class"), Some("keep"));
    assert!(block.children().any(|node| node.has_tag_name("figure")));
    // No column is empty: each header's column has text in some row.
    let table = document
        .descendants()
        .find(|node| node.has_tag_name("table") && node.attribute("class") == Some("figures"))
        .unwrap();
    let headers: Vec<String> = table
        .descendants()
        .filter(|node| node.has_tag_name("th"))
        .map(|node| node.text().unwrap_or_default().to_owned())
        .collect();
    let rows: Vec<Vec<String>> = table
        .descendants()
        .filter(|node| node.has_tag_name("tr") && node.attribute("data-code").is_some())
        .map(|row| {
            row.children()
                .filter(|node| node.has_tag_name("td"))
                .map(|cell| cell.text().unwrap_or_default().trim().to_owned())
                .collect()
        })
        .collect();
    for (at, header) in headers.iter().enumerate() {
        assert!(
            rows.iter().any(|row| !row[at].is_empty()),
            "column {header} is empty"
        );
    }
    assert!(
        !headers.iter().any(|header| header == "Nguồn"),
        "{headers:?}"
    );
    assert!(
        html.contains("Nguồn: khanh-hoa-2021.csv"),
        "the shared source under the table"
    );
}

#[test]
fn the_word_report_has_the_official_blocks_tables_styles_and_charts() {
    let (dir, db) = sample_database();
    let out = dir.path().join("bao-cao-2021-khanh-hoa.docx");
    // The extension chooses Word, on the command line as in the library.
    let output = super::support::command("C.UTF-8")
        .args(["report", "--db"])
        .arg(&db)
        .args(["--year", "2021", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    keep(&out);
    let (text, xml) = docx_part(&out, "word/document.xml");
    for expected in OFFICIAL {
        assert!(text.contains(expected), "{expected} missing");
    }
    assert!(text.contains(HEADLINE_2021), "no headline");
    for code in TARGETS_2021 {
        assert!(
            text.lines().any(|line| line == code),
            "{code} not on a line of its own"
        );
    }
    // Figures in Vietnamese format, right-aligned by their named style.
    assert!(text.contains("3.467") && text.contains("46,8 %") && text.contains("trên 4.600"));
    assert!(
        xml.contains("<w:pStyle w:val=\"TableNumber\" />"),
        "numbers styled"
    );
    assert!(
        xml.contains("<w:tblStyle w:val=\"FiguresTable\" />"),
        "a real table, styled"
    );
    // The motto is underlined.
    assert!(xml.contains("<w:u w:val=\"single\" />"));
    // Charts as pictures (attainment and the two missed targets' series).
    assert_eq!(xml.matches("<w:drawing>").count(), 3, "three charts");
    let (_, styles) = docx_part(&out, "word/styles.xml");
    for name in [
        "heading 1",
        "Body Text",
        "Table Text",
        "Table Number",
        "caption",
        "Figures Table",
    ] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\" />")),
            "style {name}"
        );
    }
    // A4 and the decree's margins (twips).
    assert!(
        xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""),
        "A4"
    );
    assert!(
        xml.contains("w:left=\"1701\"") && xml.contains("w:right=\"850\""),
        "margins"
    );
    // Another extension is refused before anything is written.
    let error = chiso::app::report::run(&db, 2021, None, &dir.path().join("x.pdf")).unwrap_err();
    assert!(error.to_string().contains(".html or .docx"), "{error}");
}

#[test]
fn the_word_report_converts_to_pdf_with_libreoffice() {
    let have = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    };
    if !have("libreoffice") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "libreoffice is missing under CI: .ci/run installs libreoffice-writer"
        );
        eprintln!("note: libreoffice is not installed; the .docx → PDF check was skipped");
        return;
    }
    let (dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let docx = dir.path().join("bao-cao-2021.docx");
    chiso::app::report::write_report(&store, 2021, None, NumberFormat::Vi, &docx).unwrap();
    let profile = dir.path().join("lo-profile");
    let output = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = dir.path().join("bao-cao-2021.pdf");
    assert!(
        pdf.exists(),
        "no PDF: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    keep(&pdf);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.len() > 10_000 && bytes.starts_with(b"%PDF"),
        "{} bytes",
        bytes.len()
    );
    if have("pdftotext") {
        let text = Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        let text: String =
            unicode_normalization::UnicodeNormalization::nfc(text.as_ref()).collect();
        for expected in [
            NATIONAL_NAME,
            MOTTO,
            HEADLINE_2021,
            "UBND TỈNH KHÁNH HÒA",
            "TRUYỀN THÔNG",
        ] {
            assert!(
                text.contains(expected),
                "{expected} not in the PDF:\n{text}"
            );
        }
    } else {
        eprintln!("note: pdftotext is not installed; the PDF's text was not read");
    }
}

#[test]
fn an_exported_charts_title_fits_its_width_in_the_shipped_font() {
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
    let refs: Vec<_> = series.iter().collect();
    // The issue's example: the long name that was cut at both edges.
    let title = format!(
        "{} — {} — {}",
        indicator.code, indicator.name, province.name
    );
    let svg = LineChart::from_series(&title, &refs, &ChartWords::vietnamese()).to_svg();
    let tree = parse_chart(&svg).unwrap();
    let width = f64::from(tree.size().width());
    let mut titles = Vec::new();
    let mut stack = vec![tree.root()];
    while let Some(group) = stack.pop() {
        for node in group.children() {
            match node {
                resvg::usvg::Node::Group(inner) => stack.push(inner),
                resvg::usvg::Node::Text(text) if text.id() == "chart-title" => {
                    titles.push(text.abs_bounding_box());
                }
                _ => {}
            }
        }
    }
    let [bounds] = titles.as_slice() else {
        panic!("one title: {titles:?}");
    };
    assert!(
        f64::from(bounds.left()) >= 0.0 && f64::from(bounds.right()) <= width,
        "title from {} to {} in a chart {width} wide",
        bounds.left(),
        bounds.right()
    );
    // And every word of it is there.
    let document = roxmltree::Document::parse(&svg).unwrap();
    let shown: String = document
        .descendants()
        .filter(|node| node.has_tag_name("tspan"))
        .filter_map(|node| node.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(shown, title);
}

/// The parts chart follows the period filters the other two follow ("Từ kỳ",
/// "Đến kỳ"): certificates of 2021 alone give four quarter columns, and the
/// line chart of the same range is ticked on its quarters.
#[test]
fn every_chart_kind_follows_the_period_range() {
    let (dir, db) = sample_database();
    let store = Store::open(&db).unwrap();
    let province = store.province_agency().unwrap().unwrap();
    let certificates = store
        .indicators()
        .unwrap()
        .into_iter()
        .find(|indicator| indicator.code == "CTS_TONG")
        .unwrap();
    let wholes = store
        .parts_of_wholes(&[certificates.id], Some(province.id))
        .unwrap();
    let whole = &wholes[0];
    let range = PeriodRange::new(Some("2021"), Some("2021"));
    let words = ChartWords::vietnamese();
    let stacked = StackedChart::from_parts_within("Chứng thư số — 2021", whole, &words, &range);
    assert!(!stacked.periods.is_empty());
    assert!(
        stacked.periods.iter().all(|label| label.ends_with("2021")),
        "{:?}",
        stacked.periods
    );
    let series = store
        .series_of(&certificates, &province, None, None)
        .unwrap();
    let refs: Vec<_> = series.iter().collect();
    let line = LineChart::from_series_within("Chứng thư số — 2021", &refs, &words, &range);
    let svg = line.to_svg();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let ticks: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .filter(|text| text.starts_with('Q'))
        .collect();
    assert_eq!(ticks, ["Q1/2021", "Q2/2021", "Q3/2021", "Q4/2021"]);
    // Kept to look at: CHISO_KEEP_REPORTS=folder.
    for (name, svg) in [("parts-2021.svg", stacked.to_svg()), ("line-2021.svg", svg)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &svg).unwrap();
        keep(&path);
        let png = path.with_extension("png");
        std::fs::write(&png, chiso::export::svg::svg_to_png(&svg, 96.0).unwrap()).unwrap();
        keep(&png);
    }
}

/// A report of a demo year says first that its figures are the synthetic
/// sample, in HTML and in Word; the real 2021 report never does.
#[test]
fn a_demo_years_report_says_it_is_synthetic_and_the_real_2021_one_does_not() {
    const BADGE: &str = "Dữ liệu mẫu (giả lập)";
    let (dir, db) = sample_database();
    for (year, demo) in [(2021, false), (2022, true)] {
        for extension in ["html", "docx"] {
            let out = dir.path().join(format!("bao-cao-{year}.{extension}"));
            let status = chiso::app::report::run(&db, year, None, &out).unwrap();
            assert_eq!(status, 0);
            let text = if extension == "html" {
                std::fs::read_to_string(&out).unwrap()
            } else {
                docx_part(&out, "word/document.xml").0
            };
            assert_eq!(text.contains(BADGE), demo, "{year} {extension}");
        }
    }
}
