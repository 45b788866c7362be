//! The importer against the real files in `../shared/corpus/` (see its
//! SOURCES.md): every file either reads or is refused with a message naming
//! it, and never panics; csv-spectrum's expected records; the GSO unit list;
//! the Vietnamese encoding samples.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use chiso::domain::Level;
use chiso::domain::text;
use chiso::import::{ImportOptions, ReadEvent, detect, read_raw_table, read_unit_list};

/// The shared corpus, or None (with a note) when it is not there outside CI.
fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the shared corpus is missing at {}",
        dir.display()
    );
    eprintln!("note: {} is missing; corpus tests skipped", dir.display());
    None
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// What happened to one file.
enum Outcome {
    Read { records: u64, rejected: u64 },
    Refused(String),
}

fn import_file(path: &Path) -> Outcome {
    let options = ImportOptions::default();
    let detection = match detect(path, &options) {
        Ok(detection) => detection,
        Err(error) => return Outcome::Refused(error.to_string()),
    };
    let mut records = 0;
    let mut rejected = 0;
    let result = chiso::import::read_records(path, &detection, &options, &mut |event| {
        match event {
            ReadEvent::Record(_) => records += 1,
            ReadEvent::Rejected(_) => rejected += 1,
            _ => {}
        }
        ControlFlow::Continue(())
    });
    match result {
        Ok(_) => Outcome::Read { records, rejected },
        Err(error) => Outcome::Refused(error.to_string()),
    }
}

/// Every corpus file reads or is refused with its name in the message; none panics.
#[test]
fn every_corpus_file_reads_or_is_refused_by_name() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    assert!(
        files.len() > 100,
        "expected the whole corpus, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    let mut read = 0;
    for path in &files {
        let outcome = catch_unwind(AssertUnwindSafe(|| import_file(path)));
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        match outcome {
            Err(_) => failures.push(format!("{}: panicked", path.display())),
            Ok(Outcome::Refused(message)) => {
                if !message.contains(&name) {
                    failures.push(format!(
                        "{}: message does not name the file: {message}",
                        path.display()
                    ));
                }
            }
            Ok(Outcome::Read { records, rejected }) => {
                read += 1;
                if std::env::var("CHISO_CORPUS_VERBOSE").is_ok() {
                    eprintln!(
                        "read {}: {records} records, {rejected} rejected",
                        path.display()
                    );
                }
            }
        }
    }
    eprintln!(
        "{} files, {read} read as indicator tables, the rest refused",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// csv-spectrum: quoting, embedded newlines, CRLF, UTF-8 — records as its JSON expects.
#[test]
fn csv_spectrum_records_match_expected_json() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let spectrum = dir.join("csv-spectrum");
    let mut csvs = Vec::new();
    files_under(&spectrum.join("csvs"), &mut csvs);
    assert!(!csvs.is_empty());
    for csv_path in csvs {
        let stem = csv_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let json_path = spectrum.join("json").join(format!("{stem}.json"));
        let expected: Vec<BTreeMap<String, String>> =
            serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json readable"))
                .expect("valid json");
        let table = read_raw_table(&csv_path, None, None).expect("csv-spectrum file reads");
        let mut records = table.records.iter().map(|(_, cells)| cells);
        let header = records.next().expect("a header");
        let actual: Vec<BTreeMap<String, String>> = records
            .map(|cells| header.iter().cloned().zip(cells.iter().cloned()).collect())
            .collect();
        assert_eq!(actual, expected, "{}", csv_path.display());
        assert_eq!(table.delimiter, b',', "{}", csv_path.display());
        assert!(!table.ends_in_quote, "{}", csv_path.display());
    }
}

/// The GSO export: Khánh Hòa is province 56 with its 9 district-level units.
#[test]
fn gso_unit_list_has_khanh_hoa_and_its_nine_districts() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files = Vec::new();
    files_under(&dir.join("vn-admin-gso-export"), &mut files);
    let path = files
        .iter()
        .find(|path| path.extension().is_some_and(|ext| ext == "csv"))
        .expect("the GSO export is in the corpus");
    let (units, rejections) = read_unit_list(path).expect("the GSO list reads");
    assert!(rejections.is_empty(), "{rejections:?}");
    let province = units
        .iter()
        .find(|unit| unit.code == "56")
        .expect("Khánh Hòa is there");
    assert_eq!(province.name, "Tỉnh Khánh Hòa");
    assert_eq!(province.level, Level::Province);
    assert_eq!(province.parent_code, None);
    let districts: Vec<&str> = units
        .iter()
        .filter(|unit| unit.parent_code.as_deref() == Some("56"))
        .map(|unit| {
            assert_eq!(unit.level, Level::District);
            unit.name.as_str()
        })
        .collect();
    assert_eq!(districts.len(), 9, "{districts:?}");
    for expected in [
        "Nha Trang",
        "Cam Ranh",
        "Ninh Hòa",
        "Cam Lâm",
        "Vạn Ninh",
        "Diên Khánh",
        "Khánh Vĩnh",
        "Khánh Sơn",
        "Trường Sa",
    ] {
        assert!(
            districts
                .iter()
                .any(|name| text::match_key(name).ends_with(&text::match_key(expected))),
            "{expected} missing from {districts:?}"
        );
    }
    let provinces = units
        .iter()
        .filter(|unit| unit.level == Level::Province)
        .count();
    assert_eq!(provinces, 63);
    assert!(units.iter().all(|unit| unit.name == unit.name.trim()));
    // Parents come before their children.
    let mut seen = std::collections::HashSet::new();
    for unit in &units {
        if let Some(parent) = &unit.parent_code {
            assert!(
                seen.contains(parent),
                "{} before its parent {parent}",
                unit.code
            );
        }
        seen.insert(unit.code.clone());
    }
    // Communes keep their zero-padded codes.
    assert!(
        units
            .iter()
            .any(|unit| unit.code == "00001" && unit.level == Level::Commune)
    );
}

fn decoded_text(path: &Path) -> (String, String) {
    let table = read_raw_table(path, None, None).expect("sample reads");
    let text = table
        .records
        .iter()
        .map(|(_, cells)| cells.join(","))
        .collect::<Vec<_>>()
        .join("\n");
    (table.encoding, text)
}

/// Windows-1258 Vietnamese decodes to NFC text; UTF-16 with and without BOM
/// decodes equal to the UTF-8 sample.
#[test]
fn encoding_samples_decode_to_the_same_text() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let samples = dir.join("redsalamander-encoding-samples");
    let (encoding, cp1258) = decoded_text(&samples.join("cp1258.txt"));
    assert_eq!(encoding, "windows-1258");
    assert!(cp1258.contains("Tôi ăn phở bò"), "{cp1258}");
    assert!(cp1258.contains("Trường học ở Việt Nam"), "{cp1258}");
    let (utf8_encoding, utf8) = decoded_text(&samples.join("utf8-no-bom.txt"));
    assert_eq!(utf8_encoding, "utf-8");
    for (file, label) in [
        ("utf8-bom.txt", "utf-8"),
        ("utf16le-bom.txt", "utf-16le"),
        ("utf16be-bom.txt", "utf-16be"),
        ("utf16le-no-bom.txt", "utf-16le"),
    ] {
        let (encoding, text) = decoded_text(&samples.join(file));
        assert_eq!(encoding, label, "{file}");
        assert_eq!(text, utf8, "{file}");
    }
    let refused = read_raw_table(&samples.join("utf32le-bom.txt"), None, None)
        .expect_err("UTF-32 is refused");
    assert!(refused.to_string().contains("utf32le-bom.txt"));
    assert!(read_raw_table(&samples.join("empty.txt"), None, None).is_err());
}

/// Every CSV file of the corpus through the command line in a Vietnamese
/// locale, in one dry run (`--indicator` and `--agency` fill in for the
/// files that lack them): every line it prints, the summaries, the
/// rejections and the refusals, is in Vietnamese words. The file names,
/// the cells it quotes and the options it names in backticks are the
/// files' and the command's, not its words, and are left out.
#[test]
fn every_corpus_file_is_said_in_vietnamese_on_the_command_line() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    files.retain(|file| file.extension().is_some_and(|extension| extension == "csv"));
    assert!(files.len() > 600, "{} CSV files", files.len());
    let work = tempfile::tempdir().unwrap();
    let mut args = vec!["import", "--dry-run", "--indicator", "T", "--agency", "56"];
    let names: Vec<String> = files
        .iter()
        .map(|file| file.display().to_string())
        .collect();
    args.extend(names.iter().map(String::as_str));
    let output = super::support::chiso_in("vi_VN.UTF-8", &work.path().join("x.sqlite"), &args);
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The longest names first, so that no name is cut by a shorter one.
    let mut names = names.clone();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    let mut problems = Vec::new();
    let mut lines = 0;
    for line in printed.lines() {
        lines += 1;
        let mut words = line.to_owned();
        for name in &names {
            words = words.replace(name.as_str(), "TỆP");
        }
        let words = outside_quotes(&words);
        for english in [
            " the ", " is ", " not ", "cannot", "line ", "column ", "rejected", "would", " file",
            "header", " of ", " and ",
        ] {
            if words.contains(english) {
                problems.push(format!("{english:?} in {line}"));
            }
        }
    }
    assert!(lines > 1000, "{lines} lines:\n{printed}");
    problems.truncate(20);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A line without what it quotes ("…" and `…`).
fn outside_quotes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut inside: Option<char> = None;
    for c in line.chars() {
        match (inside, c) {
            (None, '"' | '`') => inside = Some(c),
            (Some(open), _) if c == open => inside = None,
            (None, _) => out.push(c),
            _ => {}
        }
    }
    out
}
