//! Tests of the import engine: one per rule of DESIGN.md "Import rules".

use std::ops::ControlFlow;
use std::path::PathBuf;

use super::*;
use crate::domain::{AgencyRef, Field, IndicatorRef, Level, NumberFormat, Reference};

/// A file in a temporary folder (kept alive with the returned guard).
fn file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bao-cao.csv");
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

#[derive(Default, Debug)]
struct Collected {
    records: Vec<ObservationRecord>,
    rejected: Vec<Rejection>,
    skipped: Vec<Skipped>,
    progress: usize,
    summary: ReadSummary,
}

/// A record's references in full: [`read_with`] copies each one, spelled out
/// on its first record, onto every record that uses its number.
trait Spelled {
    fn indicator(&self) -> &IndicatorRef;
    fn agency(&self) -> &AgencyRef;
}

impl Spelled for ObservationRecord {
    fn indicator(&self) -> &IndicatorRef {
        self.indicator
            .spelled
            .as_deref()
            .expect("spelled by read_with")
    }
    fn agency(&self) -> &AgencyRef {
        self.agency
            .spelled
            .as_deref()
            .expect("spelled by read_with")
    }
}

/// Fills in a reference from the ones spelled out before (and remembers a new one).
fn spell<T: Clone>(reference: &mut Reference<T>, known: &mut std::collections::HashMap<u32, T>) {
    if let Some(spelled) = &reference.spelled {
        let earlier = known.insert(reference.number, (**spelled).clone());
        assert!(
            earlier.is_none(),
            "number {} spelled out twice",
            reference.number
        );
    } else {
        let spelled = known
            .get(&reference.number)
            .unwrap_or_else(|| panic!("number {} used before it is spelled out", reference.number));
        reference.spelled = Some(Box::new(spelled.clone()));
    }
}

fn read_with(path: &Path, options: &ImportOptions) -> Result<(Detection, Collected), ImportError> {
    let detection = detect(path, options)?;
    let mut collected = Collected::default();
    let mut indicators = std::collections::HashMap::new();
    let mut agencies = std::collections::HashMap::new();
    let summary = read_records(path, &detection, options, &mut |event| {
        match event {
            ReadEvent::Record(mut record) => {
                spell(&mut record.indicator, &mut indicators);
                spell(&mut record.agency, &mut agencies);
                collected.records.push(record);
            }
            ReadEvent::Rejected(rejection) => collected.rejected.push(rejection),
            ReadEvent::Skipped(skipped) => collected.skipped.push(skipped),
            ReadEvent::Progress { .. } => collected.progress += 1,
        }
        ControlFlow::Continue(())
    })?;
    collected.summary = summary;
    Ok((detection, collected))
}

fn read(bytes: &[u8]) -> (Detection, Collected) {
    let (_dir, path) = file(bytes);
    read_with(&path, &ImportOptions::default()).expect("the file reads")
}

fn refuse(bytes: &[u8], options: &ImportOptions) -> String {
    let (_dir, path) = file(bytes);
    let error = read_with(&path, options).expect_err("the file is refused");
    let message = error.to_string();
    assert!(
        message.contains("bao-cao.csv"),
        "message names the file: {message}"
    );
    message
}

const LONG: &str = "Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị tính,Mã đơn vị,Đơn vị,Cấp,Kỳ báo cáo,Giá trị,Ghi chú\n\
CTS_TONG,Chứng thư số chuyên dùng,chứng thư,KH,Tỉnh Khánh Hòa,Tỉnh,Năm 2021,3.467,\n\
DVC_HSTT_TTHC,Tỷ lệ hồ sơ trực tuyến,%,KH,Tỉnh Khánh Hòa,tinh,2021,\"46,8%\",tính đến 12/2021\n\
HT_WAN,Cơ quan kết nối mạng diện rộng,cơ quan,KH,Tỉnh Khánh Hòa,Tỉnh,2021,28/28,\n\
TK_BAOCAO,Tài khoản HTTTBC,tài khoản,KH,Tỉnh Khánh Hòa,Tỉnh,2021,Trên 572,\n\
DVC_SMS,Tin nhắn miễn phí,tin nhắn,KH,Tỉnh Khánh Hòa,Tỉnh,2021,-,\n";

#[test]
fn long_vietnamese_table_reads_every_figure() {
    let (detection, got) = read(LONG.as_bytes());
    assert_eq!(detection.encoding_label(), "utf-8");
    assert_eq!(detection.delimiter, b',');
    assert_eq!(detection.header_line, 1);
    assert_eq!(detection.number_format, NumberFormat::Vi);
    assert!(
        detection
            .number_evidence
            .as_ref()
            .is_some_and(|e| e.to_string().contains("46,8"))
    );
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(got.records.len(), 5);
    let by_code = |code: &str| {
        got.records
            .iter()
            .find(|record| record.indicator().code.as_deref() == Some(code))
            .expect("record")
    };
    let cts = by_code("CTS_TONG");
    assert_eq!(cts.figures.value, Some(3467.0));
    assert_eq!(cts.line, 2);
    assert_eq!(cts.column, 8);
    assert_eq!(cts.period.as_str(), "2021");
    assert_eq!(cts.agency().code.as_deref(), Some("KH"));
    assert_eq!(cts.agency().name.as_deref(), Some("Tỉnh Khánh Hòa"));
    assert_eq!(cts.agency().level, Some(Level::Province));
    assert_eq!(cts.indicator().unit.as_deref(), Some("chứng thư"));
    let rate = by_code("DVC_HSTT_TTHC");
    assert_eq!(rate.figures.value, Some(46.8));
    assert_eq!(rate.figures.note.as_deref(), Some("tính đến 12/2021"));
    let wan = by_code("HT_WAN");
    assert_eq!(
        (wan.figures.numerator, wan.figures.denominator),
        (Some(28.0), Some(28.0))
    );
    assert!(wan.value_from_fraction);
    let accounts = by_code("TK_BAOCAO");
    assert_eq!(accounts.figures.value, Some(572.0));
    assert_eq!(accounts.figures.qualifier.as_deref(), Some("trên"));
    let sms = by_code("DVC_SMS");
    assert_eq!(sms.figures.value, None, "\"-\" is NULL, never 0");
    assert_eq!(got.summary.rows_read, 5);
    assert!(!got.summary.cancelled);
}

/// Vietnamese UTF-8 lines, with line `bad` (1-based, after the header)
/// written in Windows-1258 instead when given.
fn vietnamese_lines(count: usize, bad: &[usize]) -> Vec<u8> {
    let mut bytes = "indicator_code,indicator_name,agency_code,period,value\n"
        .as_bytes()
        .to_vec();
    for index in 1..=count {
        let line = format!("CT{index},Tỷ lệ hồ sơ trực tuyến số {index},KH,2021,{index}\n");
        if bad.contains(&index) {
            let (encoded, _, _) = encoding_rs::WINDOWS_1258.encode(&line);
            bytes.extend_from_slice(&encoded);
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
    }
    bytes
}

/// One damaged line does not make a UTF-8 file a Windows one (which would
/// turn every Vietnamese name into "Tá»· lá»‡"): the line is rejected.
#[test]
fn a_utf8_file_with_a_damaged_line_stays_utf8() {
    let (detection, got) = read(&vietnamese_lines(60, &[41]));
    assert_eq!(detection.encoding_label(), "utf-8");
    assert_eq!(got.records.len(), 59);
    assert_eq!(
        got.records[0].indicator().name.as_deref(),
        Some("Tỷ lệ hồ sơ trực tuyến số 1")
    );
    assert_eq!(got.rejected.len(), 1, "{:?}", got.rejected);
    assert_eq!(got.rejected[0].line, 42);
    assert!(
        got.rejected[0].message().contains("not valid utf-8"),
        "{:?}",
        got.rejected
    );
}

/// Half UTF-8, half Windows-1258: chiso does not pick one, it asks.
#[test]
fn a_file_mixing_utf8_and_windows_1258_is_refused_with_both_lines() {
    let bad: Vec<usize> = (20..=40).collect();
    let message = refuse(&vietnamese_lines(40, &bad), &ImportOptions::default());
    assert!(message.contains("mixes encodings"), "{message}");
    assert!(message.contains("line 2 is UTF-8"), "{message}");
    assert!(message.contains("line 21 is not"), "{message}");
    assert!(message.contains("--encoding"), "{message}");
}

#[test]
fn windows_1258_reads_equal_to_utf8_after_nfc() {
    // Windows-1258 writes a tone as a combining mark after the letter
    // (0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde), or precomposed (0xE1 á).
    let mut bytes =
        b"Ma\xDE \xF0\xF5n vi\xF2,\xD0\xF5n vi\xF2,Chi\xD2 ti\xEAu,N\xE3m,Gi\xE1 tri\xF2\n"
            .to_vec();
    bytes.extend_from_slice(
        b"KH,Ti\xD2nh Kh\xE1nh Ho\xCCa,Ch\xFD\xECng th\xFD s\xF4\xEC,2021,3.467\n",
    );
    bytes.extend_from_slice(
        b"NT,Tha\xCCnh ph\xF4\xEC Nha Trang,Ch\xFD\xECng th\xFD s\xF4\xEC,2021,\"46,8\"\n",
    );
    assert!(std::str::from_utf8(&bytes).is_err());
    let (detection, got) = read(&bytes);
    assert_eq!(detection.encoding_label(), "windows-1258");
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    let name = got.records[0]
        .agency()
        .name
        .as_deref()
        .expect("agency name")
        .to_owned();
    assert_eq!(name, "Tỉnh Khánh Hòa");
    assert_eq!(name, text::nfc("Tỉnh Khánh Hòa"));
    assert_eq!(
        got.records[1].agency().name.as_deref(),
        Some("Thành phố Nha Trang")
    );
    assert_eq!(
        got.records[0].indicator().name.as_deref(),
        Some("Chứng thư số")
    );
    assert_eq!(detection.columns[0].header, "Mã đơn vị");
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units: Vec<u16> = (if bom { "\u{feff}" } else { "" })
        .encode_utf16()
        .chain(text.encode_utf16())
        .collect();
    for unit in units {
        if big_endian {
            bytes.extend_from_slice(&unit.to_be_bytes());
        } else {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
    }
    bytes
}

#[test]
fn utf16_with_and_without_bom_reads_like_utf8() {
    // Excel's "Unicode Text": tab-separated UTF-16LE.
    let text = LONG.replace(',', "\t").replace("\"46\t8%\"", "46,8%");
    let (_, expected) = read(text.as_bytes());
    for (big_endian, bom, label) in [
        (false, true, "utf-16le"),
        (true, true, "utf-16be"),
        (false, false, "utf-16le"),
        (true, false, "utf-16be"),
    ] {
        let (detection, got) = read(&utf16(&text, big_endian, bom));
        assert_eq!(detection.encoding_label(), label);
        assert_eq!(detection.bom, bom);
        assert_eq!(detection.delimiter, b'\t');
        assert_eq!(got.records, expected.records, "{label} bom={bom}");
    }
}

#[test]
fn utf8_bom_and_utf32_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(LONG.as_bytes());
    let (detection, got) = read(&bytes);
    assert!(detection.bom);
    assert_eq!(detection.columns[0].header, "Mã chỉ tiêu");
    assert_eq!(got.records.len(), 5);
    let mut utf32 = vec![0xFF, 0xFE, 0, 0];
    for ch in "a,b\n".chars() {
        utf32.extend_from_slice(&u32::from(ch).to_le_bytes());
    }
    let message = refuse(&utf32, &ImportOptions::default());
    assert!(message.contains("UTF-32"), "{message}");
}

#[test]
fn delimiters_and_line_endings() {
    let semicolon = LONG.replace(',', ";").replace("\"46;8%\"", "46,8%");
    let crlf = LONG.replace('\n', "\r\n");
    let cr = LONG.replace('\n', "\r");
    let pipe = LONG.replace(',', "|").replace("\"46|8%\"", "46,8%");
    let (_, expected) = read(LONG.as_bytes());
    for (text, delimiter) in [(semicolon, b';'), (crlf, b','), (cr, b','), (pipe, b'|')] {
        let (detection, got) = read(text.as_bytes());
        assert_eq!(detection.delimiter, delimiter, "{text:?}");
        assert_eq!(got.records, expected.records, "{text:?}");
    }
}

const REPORT: &str = "UBND TỈNH KHÁNH HÒA,,,,\n\
SỞ THÔNG TIN VÀ TRUYỀN THÔNG,,,,\n\
\n\
BÁO CÁO KẾT QUẢ ỨNG DỤNG CNTT NĂM 2021,,,,\n\
STT,Chỉ tiêu,ĐVT,Đơn vị,Thực hiện\n\
I,Hạ tầng kỹ thuật,,,\n\
1,Điểm kết nối mạng TSLCĐ,điểm,Sở TTTT,231\n\
2,Cơ quan có mạng LAN,%,Sở TTTT,\"99,5\"\n\
II,Chứng thư số,,,\n\
1,Chứng thư số cơ quan,chứng thư,Sở TTTT,762\n\
2,Chứng thư số cá nhân,chứng thư,Sở TTTT,\"2.705\"\n\
,Tổng cộng,,,\"3.467\"\n\
,,,,\n\
Ghi chú: số liệu tính đến 31/12/2021,,,,\n\
,,,Người lập biểu,\n\
,,,Nguyễn Văn A,\n";

#[test]
fn titles_sections_totals_and_notes_are_skipped_and_said() {
    let (_dir, path) = file(REPORT.as_bytes());
    let options = ImportOptions {
        period: Period::parse("2021"),
        ..ImportOptions::default()
    };
    let (detection, got) = read_with(&path, &options).expect("reads");
    assert_eq!(detection.header_line, 5);
    assert_eq!(detection.header_index, 3, "the blank line is not a record");
    assert_eq!(detection.number_format, NumberFormat::Vi);
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    let values: Vec<(u64, Option<f64>)> = got
        .records
        .iter()
        .map(|r| (r.line, r.figures.value))
        .collect();
    assert_eq!(
        values,
        vec![
            (7, Some(231.0)),
            (8, Some(99.5)),
            (10, Some(762.0)),
            (11, Some(2705.0))
        ]
    );
    assert!(got.records.iter().all(|r| r.period.as_str() == "2021"));
    assert_eq!(got.records[0].agency().name.as_deref(), Some("Sở TTTT"));
    let reasons: Vec<(u64, &str)> = got
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (1, "title above the header"),
            (2, "title above the header"),
            (4, "title above the header"),
            (6, "section heading"),
            (9, "section heading"),
            (12, "total row"),
            (13, "empty line"),
            (14, "note below the table"),
            (15, "note below the table"),
            (16, "text below the table"),
        ]
    );
    assert_eq!(got.summary.skipped, 10);
    assert_eq!(got.summary.lines, 16);
    // The preview says the same.
    let preview_skips: Vec<Option<&str>> = detection
        .preview
        .iter()
        .map(|row| row.skip.map(SkipReason::as_str))
        .collect();
    assert_eq!(preview_skips[0], Some("section heading"));
    assert_eq!(preview_skips[1], None);
}

#[test]
fn wide_table_gives_one_observation_per_cell() {
    let text = "Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị,2019,Năm 2020,Quý I/2021\n\
VB_DIENTU,Văn bản điện tử,Sở Nội vụ,\"95,5\",98,\n\
TT_ZALO,Tin bài Zalo,Sở Nội vụ,x,44,12\n";
    let (detection, got) = read(text.as_bytes());
    assert!(
        matches!(&detection.columns[3].role, ColumnRole::Figure { field: Field::Value, period: p } if p.as_str() == "2019")
    );
    let cells: Vec<(&str, &str, Option<f64>, u32)> = got
        .records
        .iter()
        .map(|r| {
            (
                r.indicator().code.as_deref().unwrap_or(""),
                r.period.as_str(),
                r.figures.value,
                r.column,
            )
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            ("VB_DIENTU", "2019", Some(95.5), 4),
            ("VB_DIENTU", "2020", Some(98.0), 5),
            ("TT_ZALO", "2019", None, 4),
            ("TT_ZALO", "2020", Some(44.0), 5),
            ("TT_ZALO", "2021-Q1", Some(12.0), 6),
        ]
    );
    assert_eq!(got.summary.rows_read, 5);
}

#[test]
fn a_target_without_a_result_yet_is_read() {
    // One period and a plain target column: a line with only its target.
    let text = "Mã chỉ tiêu;Mã đơn vị;Năm 2021;Kế hoạch\n\
CTS_TONG;56;3.467;3.000\n\
DVC_MOI;56;;95,5\n";
    let (_, got) = read(text.as_bytes());
    let figures: Vec<(&str, Option<f64>, Option<f64>, bool)> = got
        .records
        .iter()
        .map(|r| {
            (
                r.indicator().code.as_deref().unwrap_or(""),
                r.figures.value,
                r.figures.target,
                r.keeps.contains(Field::Value),
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            ("CTS_TONG", Some(3467.0), Some(3000.0), false),
            ("DVC_MOI", None, Some(95.5), true),
        ],
        "{:?}",
        got.rejected
    );
}

#[test]
fn a_header_on_two_rows_reads_as_one() {
    // Excel's merged cells: a caption over the periods, under title lines.
    let text = "UBND TỈNH KHÁNH HÒA;;;;\n\
STT;Chỉ tiêu;Đơn vị;Kết quả thực hiện;\n\
;;;Năm 2020;Năm 2021\n\
1;Tỷ lệ văn bản điện tử;Sở Nội vụ;95,5;98,2\n\
2;Chứng thư số;Sở Nội vụ;3.120;3.467\n";
    let (detection, got) = read(text.as_bytes());
    assert_eq!(
        (detection.header_line, detection.second_header_line),
        (2, Some(3))
    );
    assert_eq!(detection.columns[4].header, "Kết quả thực hiện / Năm 2021");
    let cells: Vec<(&str, &str, Option<f64>, u64)> = got
        .records
        .iter()
        .map(|r| {
            (
                r.indicator().name.as_deref().unwrap_or(""),
                r.period.as_str(),
                r.figures.value,
                r.line,
            )
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            ("Tỷ lệ văn bản điện tử", "2020", Some(95.5), 4),
            ("Tỷ lệ văn bản điện tử", "2021", Some(98.2), 4),
            ("Chứng thư số", "2020", Some(3120.0), 5),
            ("Chứng thư số", "2021", Some(3467.0), 5),
        ]
    );
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(got.skipped.len(), 1, "only the title: {:?}", got.skipped);

    // A period over what its columns hold: each period's target and result,
    // and a period with only a target ("Năm 2022: Kế hoạch") gives only that.
    let text = "STT;Chỉ tiêu;Đơn vị;Năm 2021;;Năm 2022\n\
;;;Kế hoạch;Thực hiện;Kế hoạch\n\
1;Chứng thư số;Sở Nội vụ;3.000;3.467;3.600\n\
2;Tỷ lệ văn bản điện tử;Sở Nội vụ;90;95,5;\n";
    let (detection, got) = read(text.as_bytes());
    assert_eq!(detection.second_header_line, Some(2));
    // (indicator, period, value, target, keeps value, keeps target)
    type Figure<'a> = (&'a str, &'a str, Option<f64>, Option<f64>, bool, bool);
    let figures: Vec<Figure> = got
        .records
        .iter()
        .map(|r| {
            (
                r.indicator().name.as_deref().unwrap_or(""),
                r.period.as_str(),
                r.figures.value,
                r.figures.target,
                r.keeps.contains(Field::Value),
                r.keeps.contains(Field::Target),
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            (
                "Chứng thư số",
                "2021",
                Some(3467.0),
                Some(3000.0),
                false,
                false
            ),
            ("Chứng thư số", "2022", None, Some(3600.0), true, false),
            (
                "Tỷ lệ văn bản điện tử",
                "2021",
                Some(95.5),
                Some(90.0),
                false,
                false
            ),
        ],
        "{:?}",
        got.rejected
    );

    // A result column of no period beside columns of periods has nowhere to
    // go: refused, saying which column; left on (ignore), the rest reads.
    let text = "Chỉ tiêu;Đơn vị;Thực hiện năm 2020;Thực hiện năm 2021;Kết quả\n\
A;B;2,5;4;7\n";
    let message = refuse(text.as_bytes(), &ImportOptions::default());
    assert!(
        message.contains("line 1") && message.contains("column 5"),
        "{message}"
    );
    let (_dir, path) = file(text.as_bytes());
    let (detection, problem) = detect_for_preview(&path, &ImportOptions::default()).unwrap();
    assert!(problem.is_some());
    let roles: Vec<ColumnRole> = detection.columns.iter().map(|c| c.role.clone()).collect();
    assert_eq!(roles[4], ColumnRole::Ignore);
    let options = ImportOptions {
        roles: Some(roles),
        ..ImportOptions::default()
    };
    let (_, got) = read_with(&path, &options).unwrap();
    let values: Vec<(&str, Option<f64>)> = got
        .records
        .iter()
        .map(|r| (r.period.as_str(), r.figures.value))
        .collect();
    assert_eq!(values, vec![("2020", Some(2.5)), ("2021", Some(4.0))]);
}

#[test]
fn ambiguous_numbers_are_refused_with_the_values_and_the_option() {
    let text = "Chỉ tiêu,Đơn vị,Năm,Giá trị\nChứng thư số,Sở TTTT,2021,3.467\nLượt hỗ trợ,Sở TTTT,2021,\"1,865\"\nĐiểm,Sở TTTT,2021,231\n";
    let message = refuse(text.as_bytes(), &ImportOptions::default());
    assert!(
        message.contains("3.467") && message.contains("1,865"),
        "{message}"
    );
    assert!(
        message.contains("--numbers vi") && message.contains("--numbers en"),
        "{message}"
    );
    assert!(message.contains("line 2"), "{message}");
    // The option decides.
    let (_dir, path) = file(text.as_bytes());
    let options = ImportOptions {
        numbers: Some(NumberFormat::Vi),
        ..ImportOptions::default()
    };
    let (_, got) = read_with(&path, &options).expect("reads with --numbers vi");
    let values: Vec<Option<f64>> = got.records.iter().map(|r| r.figures.value).collect();
    assert_eq!(values, vec![Some(3467.0), Some(1.865), Some(231.0)]);
}

#[test]
fn contradicting_numbers_are_refused() {
    let text = "Chỉ tiêu,Đơn vị,Năm,Giá trị\nA,Sở TTTT,2021,\"46,8\"\nB,Sở TTTT,2021,46.8\n";
    let message = refuse(text.as_bytes(), &ImportOptions::default());
    assert!(
        message.contains("46,8") && message.contains("46.8"),
        "{message}"
    );
    assert!(message.contains("--numbers"), "{message}");
}

/// A Vietnamese-format file whose first MiB decides the format, with one
/// English-only figure far below: the scan stops early, and the read
/// finds the contradiction and fails instead of misreading it.
#[test]
fn a_contradiction_after_the_scanned_part_fails_the_read() {
    let mut text = String::from("Chỉ tiêu,Đơn vị,Năm,Giá trị\nA,Sở TTTT,2021,\"46,8\"\n");
    let mut line = 2;
    while text.len() < 3 << 20 {
        line += 1;
        text.push_str(&format!("B{line},Sở TTTT,2021,{line}\n"));
    }
    text.push_str("C,Sở TTTT,2021,12.5\n");
    let (_dir, path) = file(text.as_bytes());
    let detection = detect(&path, &ImportOptions::default()).expect("the start decides");
    assert_eq!(detection.number_format, NumberFormat::Vi);
    let message = read_with(&path, &ImportOptions::default())
        .expect_err("the read finds the contradiction")
        .to_string();
    assert!(
        message.contains("bao-cao.csv")
            && message.contains("line 2")
            && message.contains("46,8")
            && message.contains(&format!("line {}", line + 1))
            && message.contains("12.5")
            && message.contains("--numbers"),
        "{message}"
    );
    // Told which format, the file reads (12.5 is then a bad figure).
    let options = ImportOptions {
        numbers: Some(NumberFormat::Vi),
        ..ImportOptions::default()
    };
    let (_, got) = read_with(&path, &options).expect("reads with --numbers vi");
    assert_eq!(got.rejected.len(), 1, "{:?}", got.rejected);
    assert_eq!(got.rejected[0].line, line + 1);
}

#[test]
fn header_text_is_not_number_evidence() {
    let text = "Chỉ tiêu,Đơn vị,Năm,\"Giá trị (1.000 đồng)\"\nA,Sở TTTT,2021,100\n";
    let (detection, got) = read(text.as_bytes());
    assert_eq!(got.records.len(), 1);
    assert!(detection.number_evidence.is_some());
}

#[test]
fn canonical_header_reads_without_guessing() {
    let text = format!(
        "{}\nCTS_TONG,Chứng thư số,chứng thư,count,KH,Tỉnh Khánh Hòa,province,2021,3467,,,,,\nHT_WAN,WAN,cơ quan,rate,KH,Tỉnh Khánh Hòa,province,2021,100,28,28,,,\nDVC_SMS,SMS,tin nhắn,count,KH,Tỉnh Khánh Hòa,province,2021,494438,,,,trên,\n",
        CANONICAL_HEADER.join(",")
    );
    let (detection, got) = read(text.as_bytes());
    assert!(detection.canonical);
    assert_eq!(detection.number_format, NumberFormat::En);
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(got.records[0].figures.value, Some(3467.0));
    assert_eq!(
        got.records[0].indicator().kind,
        Some(crate::domain::Kind::Count)
    );
    assert_eq!(got.records[1].figures.numerator, Some(28.0));
    assert!(!got.records[1].value_from_fraction);
    assert_eq!(got.records[2].figures.qualifier.as_deref(), Some("trên"));
}

#[test]
fn a_cut_file_rejects_its_last_row() {
    let text = "Chỉ tiêu,Đơn vị,Năm,Giá trị,Ghi chú\nA,Sở TTTT,2021,1,\nB,Sở TTTT,2021,2,\"Số liệu do Bưu điện\ntỉnh cung";
    let (_, got) = read(text.as_bytes());
    assert_eq!(got.records.len(), 1);
    assert_eq!(got.rejected.len(), 1);
    assert_eq!(got.rejected[0].line, 3);
    assert!(
        got.rejected[0].message().contains("opened on line 3"),
        "{}",
        got.rejected[0].message()
    );
    assert!(got.rejected[0].message().contains("cut"));
}

/// A file cut inside a quoted field that spans lines names the line that
/// opens the quote (it named the line before when the file ended with a
/// line end).
#[test]
fn a_cut_file_names_the_line_that_opens_the_quote() {
    for (text, opened) in [
        (
            "Chỉ tiêu,Đơn vị,Năm,Giá trị,Ghi chú\nA,X,2021,1,ok\nB,Y,2021,2,\"a note\nthat goes on\n",
            3,
        ),
        (
            "Chỉ tiêu,Đơn vị,Năm,Giá trị,Ghi chú\nA,X,2021,1,ok\nB,Y,2021,2,\"a note\nthat\ngoes on\n",
            3,
        ),
        (
            "Chỉ tiêu,Đơn vị,Năm,Giá trị,Ghi chú\nA,X,2021,1,ok\nB,Y,2021,2,\"a note\n",
            3,
        ),
        (
            "Chỉ tiêu,Đơn vị,Năm,Giá trị,Ghi chú\nA,X,2021,1,ok\n\nB,Y,2021,2,\"a note\nmore\n",
            4,
        ),
    ] {
        let (_, got) = read(text.as_bytes());
        assert_eq!(got.rejected.len(), 1, "{text:?}");
        assert_eq!(got.rejected[0].line, opened, "{text:?}");
        assert!(
            got.rejected[0]
                .message()
                .contains(&format!("opened on line {opened}")),
            "{}",
            got.rejected[0].message()
        );
    }
}

/// A quote inside an unquoted cell (`21"` for inches, a typo) is a
/// character, as the CSV reader reads it: the last row is read, not taken
/// for a cut one; and a field really left open is still seen as cut.
#[test]
fn a_literal_quote_in_a_cell_is_not_a_cut_file() {
    let text =
        "Chỉ tiêu,Đơn vị,Năm,Giá trị,Ghi chú\nA,Sở TTTT,2021,1,màn hình 21\"\nB,Sở TTTT,2021,2,\n";
    let (_, got) = read(text.as_bytes());
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(got.records.len(), 2);
    assert_eq!(
        got.records[0].figures.note.as_deref(),
        Some("màn hình 21\"")
    );
    let cut = format!("{text}C,Sở TTTT,2021,3,\"Số liệu do Bưu điện");
    let (_, got) = read(cut.as_bytes());
    assert_eq!(got.records.len(), 2);
    assert_eq!(got.rejected.len(), 1, "{:?}", got.rejected);
    assert!(got.rejected[0].message().contains("cut"));
}

#[test]
fn bad_cells_are_rejected_with_line_column_and_header() {
    let text = "Chỉ tiêu,Đơn vị,Cấp,Kỳ báo cáo,Giá trị\n\
A,Sở TTTT,Tỉnh,2021,abc\n\
B,Sở TTTT,Tỉnh,năm ngoái,1\n\
C,Sở TTTT,Liên minh,2021,1\n\
D,Sở TTTT\n\
E,Sở TTTT,Huyện,2021,5\n";
    let (_, got) = read(text.as_bytes());
    assert_eq!(got.records.len(), 1);
    let found: Vec<(u64, Option<u32>)> = got.rejected.iter().map(|r| (r.line, r.column)).collect();
    assert_eq!(
        found,
        vec![(2, Some(5)), (3, Some(4)), (4, Some(3)), (5, Some(3))]
    );
    assert!(
        got.rejected[0].message().contains("\"Giá trị\""),
        "{}",
        got.rejected[0].message()
    );
    assert_eq!(got.rejected[0].raw, "abc");
    assert!(got.rejected[1].message().contains("\"Kỳ báo cáo\""));
    assert!(got.rejected[2].message().contains("\"Cấp\""));
    assert!(
        got.rejected[3].message().contains("cells"),
        "{}",
        got.rejected[3].message()
    );
    assert_eq!(got.records[0].agency().level, Some(Level::District));
}

#[test]
fn agency_and_period_options_fill_only_missing_columns() {
    let text = "Chỉ tiêu,Giá trị\nĐiểm kết nối,231\n";
    let message = refuse(text.as_bytes(), &ImportOptions::default());
    assert!(message.contains("--agency CODE"), "{message}");
    let with_agency = ImportOptions {
        agency: Some("STTTT".to_owned()),
        ..ImportOptions::default()
    };
    let message = refuse(text.as_bytes(), &with_agency);
    assert!(message.contains("--period 2021"), "{message}");
    let (_dir, path) = file(text.as_bytes());
    let both = ImportOptions {
        period: Period::parse("2021"),
        ..with_agency.clone()
    };
    let (_, got) = read_with(&path, &both).expect("reads");
    assert_eq!(got.records[0].agency().code.as_deref(), Some("STTTT"));
    assert_eq!(got.records[0].period.as_str(), "2021");
    // A column is never overridden.
    let (_dir, path) = file("Chỉ tiêu,Mã đơn vị,Năm,Giá trị\nA,KH,2020,1\n".as_bytes());
    let (_, got) = read_with(&path, &both).expect("reads");
    assert_eq!(got.records[0].agency().code.as_deref(), Some("KH"));
    assert_eq!(got.records[0].period.as_str(), "2020");
}

#[test]
fn no_header_names_what_was_found_and_what_is_missing() {
    let message = refuse(
        b"first,last,city\nJohn,Doe,Hue\n",
        &ImportOptions::default(),
    );
    assert!(message.contains("indicator column"), "{message}");
    let message = refuse(
        "Chỉ tiêu,Ghi chú\nA,b\n".as_bytes(),
        &ImportOptions::default(),
    );
    assert!(
        message.contains("Indicator name") && message.contains("figure column"),
        "{message}"
    );
    let message = refuse(b"", &ImportOptions::default());
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn overrides_choose_encoding_delimiter_header_and_roles() {
    let text = "x;y\nA;Sở TTTT;2021;5\n";
    let (_dir, path) = file(text.as_bytes());
    let options = ImportOptions {
        delimiter: Some(b';'),
        header_line: Some(1),
        roles: Some(vec![
            ColumnRole::IndicatorName,
            ColumnRole::AgencyName,
            ColumnRole::Period,
            ColumnRole::Value,
        ]),
        encoding: Some(encoding_rs::WINDOWS_1252),
        ..ImportOptions::default()
    };
    let (detection, got) = read_with(&path, &options).expect("reads");
    assert_eq!(detection.encoding_label(), "windows-1252");
    assert_eq!(got.records.len(), 1);
    assert_eq!(got.records[0].figures.value, Some(5.0));
    // The override wins even when it is wrong: "ở" read as Windows-1252.
    assert_eq!(got.records[0].agency().name.as_deref(), Some("Sá»Ÿ TTTT"));
}

#[test]
fn the_sink_can_cancel() {
    let mut text = String::from("Chỉ tiêu,Đơn vị,Năm,Giá trị\n");
    for index in 0..20_000 {
        text.push_str(&format!("Chỉ tiêu số {index},Sở TTTT,2021,{index}\n"));
    }
    let (_dir, path) = file(text.as_bytes());
    let options = ImportOptions::default();
    let detection = detect(&path, &options).expect("detects");
    let mut seen = 0;
    let mut progress = 0;
    let summary = read_records(&path, &detection, &options, &mut |event| {
        match event {
            ReadEvent::Record(_) => seen += 1,
            ReadEvent::Progress {
                bytes_read,
                bytes_total,
            } => {
                assert!(bytes_read <= bytes_total);
                progress += 1;
            }
            _ => {}
        }
        if seen == 100 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("reads");
    assert!(summary.cancelled);
    assert_eq!(seen, 100);
    let (_, got) = read_with(&path, &options).expect("reads");
    assert_eq!(got.records.len(), 20_000);
    assert!(got.progress >= 5, "progress every 64 KiB: {}", got.progress);
    let _ = progress;
}

#[test]
fn a_nul_byte_rejects_its_line_and_names_the_cell() {
    let text = "Mã chỉ tiêu,Tên chỉ tiêu,Mã đơn vị,Kỳ,Giá trị\n\
A1,Tỷ lệ\0 văn bản,56,2021,1\n\
A2,Số chứng thư,56,2021,2\n";
    let (_, got) = read(text.as_bytes());
    assert_eq!(got.records.len(), 1);
    assert_eq!(got.records[0].indicator().code.as_deref(), Some("A2"));
    let rejected = &got.rejected[0];
    assert_eq!((rejected.line, rejected.column), (2, Some(2)));
    assert_eq!(rejected.raw, "Tỷ lệ\\0 văn bản");
    assert!(
        rejected.message().contains("NUL byte"),
        "{}",
        rejected.message()
    );
    assert!(
        rejected.message().contains("Tên chỉ tiêu"),
        "{}",
        rejected.message()
    );
}

#[test]
fn never_panics_on_odd_bytes() {
    let inputs: Vec<Vec<u8>> = vec![
        b"\"".to_vec(),
        b"\r".to_vec(),
        b"\r\n\r\n".to_vec(),
        b"\xFF\xFE".to_vec(),
        b"\xFE\xFF\x00".to_vec(),
        b"\x00\x00\x00".to_vec(),
        vec![0xC3; 100],
        b"Ch\xE1\xBB,Gi\xC3\n1,2".to_vec(),
        "Chỉ tiêu,Đơn vị,Năm,Giá trị\n\"A,B,2021,1\n"
            .as_bytes()
            .to_vec(),
        "Chỉ tiêu,Đơn vị,Năm,Giá trị\nA,B,2021,1,extra,cells\n,,,\n"
            .as_bytes()
            .to_vec(),
        "Chỉ tiêu,Đơn vị,Năm,Giá trị\nA,B,2021,\"1\r\n2\"\rB\n"
            .as_bytes()
            .to_vec(),
    ];
    for bytes in inputs {
        let (_dir, path) = file(&bytes);
        let _ = read_with(&path, &ImportOptions::default());
        let _ = read_raw_table(&path, None, None);
        let _ = read_unit_list(&path);
        let _ = read_indicator_catalogue(&path);
    }
}

#[test]
fn unit_list_dedupes_and_links_parents() {
    let text = "\u{feff}Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh\r\n\
Tỉnh Khánh Hòa,56,Thành phố Nha Trang,568,Phường Vĩnh Hòa,22327,Phường,\r\n\
Tỉnh Khánh Hòa,56,Thành phố Nha Trang,568,Phường Vĩnh Hải ,22330,Phường,\r\n\
Tỉnh Khánh Hòa,56,Huyện Trường Sa,582,,,,\r\n\
Tỉnh Khánh Hòa,56,Huyện Cam Lâm,570,Xã Cam Tân,,Xã,";
    let (_dir, path) = file(text.as_bytes());
    let (units, rejections) = read_unit_list(&path).expect("reads");
    let got: Vec<(&str, &str, Level, Option<&str>, u64)> = units
        .iter()
        .map(|u| {
            (
                u.code.as_str(),
                u.name.as_str(),
                u.level,
                u.parent_code.as_deref(),
                u.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("56", "Tỉnh Khánh Hòa", Level::Province, None, 2),
            ("568", "Thành phố Nha Trang", Level::District, Some("56"), 2),
            ("22327", "Phường Vĩnh Hòa", Level::Commune, Some("568"), 2),
            ("22330", "Phường Vĩnh Hải", Level::Commune, Some("568"), 3),
            ("582", "Huyện Trường Sa", Level::District, Some("56"), 4),
            ("570", "Huyện Cam Lâm", Level::District, Some("56"), 5),
        ]
    );
    assert_eq!(rejections.len(), 1);
    assert_eq!((rejections[0].line, rejections[0].column), (5, Some(6)));
}

#[test]
fn indicator_catalogue_reads_kinds_and_directions() {
    let text = "indicator_code,indicator_name,unit,kind,group_code,parent_code,direction\n\
CTS_TONG,Chứng thư số chuyên dùng,chứng thư,count,certificates,,higher\n\
CTS_COQUAN,Chứng thư số cơ quan,chứng thư,count,certificates,CTS_TONG,\n\
DVC_TRE,Hồ sơ trễ hạn,%,,online_services,,lower\n\
BAD,Sai,,weird,,,higher\n";
    let (_dir, path) = file(text.as_bytes());
    let (specs, rejections) = read_indicator_catalogue(&path).expect("reads");
    assert_eq!(specs.len(), 3);
    assert_eq!(specs[1].parent_code.as_deref(), Some("CTS_TONG"));
    assert_eq!(specs[1].direction, crate::domain::Direction::HigherIsBetter);
    assert_eq!(specs[2].kind, crate::domain::Kind::Rate);
    assert_eq!(specs[2].direction, crate::domain::Direction::LowerIsBetter);
    assert_eq!(rejections.len(), 1);
    assert_eq!((rejections[0].line, rejections[0].column), (5, Some(4)));
}

#[test]
fn encoding_names_parse() {
    assert_eq!(parse_encoding("cp1258"), Some(encoding_rs::WINDOWS_1258));
    assert_eq!(
        parse_encoding("windows-1258"),
        Some(encoding_rs::WINDOWS_1258)
    );
    assert_eq!(parse_encoding("UTF8"), Some(encoding_rs::UTF_8));
    assert_eq!(parse_encoding("utf-16le"), Some(encoding_rs::UTF_16LE));
    assert_eq!(parse_encoding("klingon"), None);
    assert_eq!(encoding_label(encoding_rs::WINDOWS_1258), "windows-1258");
}

/// Each indicator and agency is spelled out once, on the first record that
/// is read (a rejected line spells nothing), and named by number after that.
#[test]
fn references_are_spelled_out_on_their_first_record_only() {
    let (_dir, path) = file(
        "indicator_code,indicator_name,agency_code,period,2021,2022\n\
         CT1,Tên bị loại,KH,,abc,\n\
         CT1,Tên đầu tiên,KH,,1,2\n\
         CT1,Tên khác,KH,,3,\n\
         CT2,Chỉ tiêu hai,KH,,5,6\n"
            .as_bytes(),
    );
    let options = ImportOptions::default();
    let detection = detect(&path, &options).unwrap();
    let mut records = Vec::new();
    read_records(&path, &detection, &options, &mut |event| {
        if let ReadEvent::Record(record) = event {
            records.push(record);
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    let spelled: Vec<(u64, Option<String>, bool)> = records
        .iter()
        .map(|record| {
            (
                record.line,
                record
                    .indicator
                    .spelled
                    .as_ref()
                    .and_then(|indicator| indicator.name.clone()),
                record.agency.spelled.is_some(),
            )
        })
        .collect();
    assert_eq!(
        spelled,
        [
            (3, Some("Tên đầu tiên".to_owned()), true),
            (3, None, false),
            (4, None, false),
            (5, Some("Chỉ tiêu hai".to_owned()), false),
            (5, None, false),
        ]
    );
    assert_eq!(records[0].indicator.number, records[2].indicator.number);
    assert_ne!(records[0].indicator.number, records[3].indicator.number);
}

/// A sink that stops early stops both reading threads: the read returns at
/// once, cancelled, with what was read so far.
#[test]
fn a_stop_from_the_sink_ends_the_read() {
    let mut text = String::from("indicator_code,agency_code,period,value\n");
    for line in 0..20_000 {
        text.push_str(&format!("CT{},KH,2021,{line}\n", line % 7));
    }
    let (_dir, path) = file(text.as_bytes());
    let options = ImportOptions::default();
    let detection = detect(&path, &options).unwrap();
    let mut records = 0;
    let summary = read_records(&path, &detection, &options, &mut |event| {
        if let ReadEvent::Record(_) = event {
            records += 1;
            if records == 10 {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(summary.cancelled);
    assert_eq!(records, 10);
    assert_eq!(summary.rows_read, 10);
}

/// A note under a period is that period's: "Năm 2020" and "Năm 2021" each
/// over "Thực hiện | Ghi chú" keep each note with its figure, and where only
/// one period has a note column, the other's stored note is kept.
#[test]
fn a_note_under_a_period_is_that_periods() {
    // (period, note, keeps the stored note)
    fn notes_of(text: &str) -> Vec<(String, Option<String>, bool)> {
        let (_, got) = read(text.as_bytes());
        got.records
            .iter()
            .map(|r| {
                (
                    r.period.as_str().to_owned(),
                    r.figures.note.clone(),
                    r.keeps.contains(Field::Note),
                )
            })
            .collect()
    }
    let text = "Chỉ tiêu;Đơn vị;Năm 2020;;Năm 2021;\n\
;;Thực hiện;Ghi chú;Thực hiện;Ghi chú\n\
Chứng thư số;Sở Nội vụ;3.120;ước tính;3.467,5;số chính thức\n";
    assert_eq!(
        notes_of(text),
        vec![
            ("2020".into(), Some("ước tính".into()), false),
            ("2021".into(), Some("số chính thức".into()), false)
        ]
    );
    let text = "Chỉ tiêu;Đơn vị;Năm 2020;Năm 2021;\n\
;;Thực hiện;Thực hiện;Ghi chú\n\
Chứng thư số;Sở Nội vụ;3.120;3.467,5;số chính thức\n";
    assert_eq!(
        notes_of(text),
        vec![
            ("2020".into(), None, true),
            ("2021".into(), Some("số chính thức".into()), false)
        ]
    );
}

/// Columns under a period whose names say no figure chiso knows: the import
/// is refused, but the dialog still gets the preview, with each column
/// offered its period's roles; once the user names one, the file reads.
#[test]
fn unnamed_columns_under_a_period_can_be_named_in_the_dialog() {
    let text = "Mã chỉ tiêu;Mã đơn vị;Năm 2021;;\n\
;;Số văn bản điện tử;Tổng số văn bản;Tỷ lệ\n\
VB_DEN;56;4.650;5.000;93,0%\n";
    let (_dir, path) = file(text.as_bytes());
    let (detection, problem) =
        detect_for_preview(&path, &ImportOptions::default()).expect("a preview");
    let problem = problem
        .expect("the unnamed columns are asked about")
        .to_string();
    assert!(
        problem.contains("columns 3 (\"Năm 2021 / Số văn bản điện tử\")"),
        "{problem}"
    );
    assert_eq!(detection.preview.len(), 1);
    let year = Period::parse("2021");
    let periods: Vec<Option<Period>> = detection.columns.iter().map(|c| c.period).collect();
    assert_eq!(periods, [None, None, year, year, year]);
    assert!(
        detection.columns[2..]
            .iter()
            .all(|c| c.role == ColumnRole::Ignore)
    );

    let year = year.unwrap();
    let mut roles: Vec<ColumnRole> = detection.columns.iter().map(|c| c.role.clone()).collect();
    roles[2] = ColumnRole::Figure {
        field: Field::Numerator,
        period: year,
    };
    roles[3] = ColumnRole::Figure {
        field: Field::Denominator,
        period: year,
    };
    roles[4] = ColumnRole::Figure {
        field: Field::Value,
        period: year,
    };
    let options = ImportOptions {
        roles: Some(roles),
        ..ImportOptions::default()
    };
    let (_, got) = read_with(&path, &options).expect("the named columns read");
    let figures: Vec<_> = got
        .records
        .iter()
        .map(|r| {
            (
                r.period.as_str(),
                r.figures.value,
                r.figures.numerator,
                r.figures.denominator,
            )
        })
        .collect();
    assert_eq!(figures, [("2021", Some(93.0), Some(4650.0), Some(5000.0))]);
}

/// Two columns read as the same figure ("Kết quả" and "Giá trị", or "Năm
/// 2021" and "2021"): chiso will not pick one; the later is left on (ignore)
/// in the dialog, and with the roles chosen the file reads.
#[test]
fn two_columns_of_the_same_figure_are_asked_about() {
    let text = "Tên chỉ tiêu;Mã đơn vị;Kết quả;Giá trị\nChứng thư số;56;3.467;3.500\n";
    let message = refuse(text.as_bytes(), &ImportOptions::default());
    assert!(
        message.contains("columns 3 (\"Kết quả\") and 4 (\"Giá trị\") are both read as \"Value\""),
        "{message}"
    );
    let text = "Chỉ tiêu;Mã đơn vị;Năm 2021;;2021\n;;Thực hiện;Kế hoạch;\nChứng thư số;56;3.467;3.000;3.500\n";
    let message = refuse(text.as_bytes(), &ImportOptions::default());
    assert!(
        message.contains("columns 3 (\"Năm 2021 / Thực hiện\") and 5 (\"2021\") are both read as \"Value for 2021\""),
        "{message}"
    );
    let (_dir, path) = file(text.as_bytes());
    let (detection, _) = detect_for_preview(&path, &ImportOptions::default()).expect("a preview");
    assert_eq!(detection.columns[4].role, ColumnRole::Ignore);
    let roles: Vec<ColumnRole> = detection.columns.iter().map(|c| c.role.clone()).collect();
    let options = ImportOptions {
        roles: Some(roles),
        numbers: Some(NumberFormat::Vi),
        ..ImportOptions::default()
    };
    let (_, got) = read_with(&path, &options).expect("with the roles chosen, the file reads");
    let figures: Vec<_> = got
        .records
        .iter()
        .map(|r| (r.period.as_str(), r.figures.value, r.figures.target))
        .collect();
    assert_eq!(figures, [("2021", Some(3467.0), Some(3000.0))]);
}
