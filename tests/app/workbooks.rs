//! Workbooks through `chiso import`: written here with rust_xlsxwriter as
//! agencies fill in their Excel templates (titles, merged cells, typed
//! numbers, percentages, dates, formulas, several sheets), and read by the
//! same rules as CSV files.

use std::path::{Path, PathBuf};

use super::support::{chiso, stderr, stdout};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

/// One figure of the database, read with plain SQL as any SQLite tool would.
fn figure(db: &Path, indicator: &str, period: &str) -> Option<f64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    match conn.query_row(
        "SELECT value FROM observation_v WHERE indicator_code = ?1 AND period = ?2",
        [indicator, period],
        |row| row.get(0),
    ) {
        Err(rusqlite::Error::QueryReturnedNoRows) => None,
        other => other.unwrap(),
    }
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

fn text_of(db: &Path, sql: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

/// The header of a long table, on row `row` (0-based).
fn long_header(sheet: &mut Worksheet, row: u32) {
    for (column, title) in [
        "STT",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị",
        "Kỳ báo cáo",
        "Giá trị",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(row, u16::try_from(column).unwrap(), *title)
            .unwrap();
    }
}

/// An agency's report as its template holds it: two title rows (the first
/// merged across the table), a header on row 4, numbers typed as numbers
/// and as text, a percentage, a formula, dates in the period column, the
/// agency's name merged down its rows, a total row and a bad cell.
fn agency_report(dir: &Path) -> PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Báo cáo").unwrap();
    let plain = Format::new();
    let percent = Format::new().set_num_format("0.0%");
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let month = Format::new().set_num_format("mm/yyyy");
    sheet
        .merge_range(0, 0, 0, 5, "UBND TỈNH KHÁNH HÒA", &plain)
        .unwrap();
    sheet
        .write_string(1, 0, "BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2021")
        .unwrap();
    long_header(sheet, 3);
    // Row 5: a number Excel stores as a number, with a decimal part: 3.467
    // exactly (as text, "3.467" alone could be read two ways).
    sheet.write_number(4, 0, 1).unwrap();
    sheet.write_string(4, 1, "CTS_TONG").unwrap();
    sheet.write_string(4, 2, "Số chứng thư số").unwrap();
    sheet.merge_range(4, 3, 7, 3, "Sở TTTT", &plain).unwrap();
    sheet.write_number(4, 4, 2021).unwrap();
    sheet.write_number(4, 5, 3.467).unwrap();
    // Row 6: a number written as text, read by the file's evidence.
    sheet.write_number(5, 0, 2).unwrap();
    sheet.write_string(5, 1, "TL_VBDT").unwrap();
    sheet.write_string(5, 2, "Tỷ lệ văn bản điện tử").unwrap();
    sheet.write_number(5, 4, 2021).unwrap();
    sheet.write_string(5, 5, "94,5").unwrap();
    // Row 7: a percentage cell, 0.468 shown as 46.8%.
    sheet.write_number(6, 0, 3).unwrap();
    sheet.write_string(6, 1, "TL_HSTT").unwrap();
    sheet.write_string(6, 2, "Tỷ lệ hồ sơ trực tuyến").unwrap();
    sheet.write_number(6, 4, 2021).unwrap();
    sheet
        .write_number_with_format(6, 5, 0.468, &percent)
        .unwrap();
    // Row 8: a formula, read by the value Excel stored with it.
    sheet.write_number(7, 0, 4).unwrap();
    sheet.write_string(7, 1, "CTS_TONG").unwrap();
    sheet.write_string(7, 2, "Số chứng thư số").unwrap();
    sheet
        .write_datetime_with_format(7, 4, ExcelDateTime::from_ymd(2021, 12, 1).unwrap(), &month)
        .unwrap();
    sheet
        .write_formula(7, 5, Formula::new("=2*F5").set_result("6.934"))
        .unwrap();
    // Rows 9–10: days in the period column, each its own period.
    for (row, date, value) in [(8, 25, 120.0), (9, 26, 130.0)] {
        sheet.write_number(row, 0, f64::from(row - 3)).unwrap();
        sheet.write_string(row, 1, "HS_NHAN").unwrap();
        sheet.write_string(row, 2, "Hồ sơ tiếp nhận").unwrap();
        sheet.write_string(row, 3, "Sở TTTT").unwrap();
        sheet
            .write_datetime_with_format(
                row,
                4,
                ExcelDateTime::from_ymd(2021, 10, date).unwrap(),
                &day,
            )
            .unwrap();
        sheet.write_number(row, 5, value).unwrap();
    }
    // Row 11: a bad cell; row 12: the total.
    sheet.write_number(10, 0, 7).unwrap();
    sheet.write_string(10, 1, "HS_TRE").unwrap();
    sheet.write_string(10, 2, "Hồ sơ trễ hạn").unwrap();
    sheet.write_string(10, 3, "Sở TTTT").unwrap();
    sheet.write_number(10, 4, 2021).unwrap();
    sheet.write_string(10, 5, "khoảng mười").unwrap();
    sheet.write_string(11, 2, "Tổng cộng").unwrap();
    sheet.write_number(11, 5, 9999).unwrap();
    let path = dir.join("bao-cao.xlsx");
    workbook.save(&path).unwrap();
    path
}

#[test]
fn an_agency_workbook_imports_its_typed_figures_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = agency_report(dir.path());
    let output = chiso(&db, &["import", "--json", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["header_line"], 4, "{report}");
    assert_eq!(report["sheet"], "Báo cáo", "{report}");
    // The text "94,5" decides the format; the typed 3.467 is no evidence.
    assert_eq!(report["number_format"], "vi", "{report}");
    assert_eq!(report["rows_inserted"], 6, "{report}");
    assert_eq!(figure(&db, "CTS_TONG", "2021"), Some(3.467));
    assert_eq!(figure(&db, "TL_VBDT", "2021"), Some(94.5));
    assert_eq!(figure(&db, "TL_HSTT", "2021"), Some(46.8));
    assert_eq!(figure(&db, "CTS_TONG", "2021-12"), Some(6.934));
    assert_eq!(figure(&db, "HS_NHAN", "2021-10-25"), Some(120.0));
    assert_eq!(figure(&db, "HS_NHAN", "2021-10-26"), Some(130.0));
    // The agency's merged name fills the rows it covers.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM observation_v WHERE agency_name = 'Sở TTTT'"
        ),
        6
    );
    assert_eq!(
        text_of(&db, "SELECT file_name FROM import_batch"),
        "bao-cao.xlsx#Báo cáo"
    );
    let rejections = report["rejections"].as_array().unwrap();
    assert_eq!(rejections.len(), 1, "{report}");
    assert_eq!(rejections[0]["line"], 11);
    assert_eq!(rejections[0]["column"], 6);
    let message = rejections[0]["message"].as_str().unwrap();
    assert!(message.contains("F11"), "{message}");
    let stored: String = text_of(&db, "SELECT message FROM import_rejection");
    assert!(stored.contains("F11"), "{stored}");
    assert!(stderr(&output).contains("F11"), "{}", stderr(&output));
}

/// A two-row header whose period caption is merged over its columns, and
/// identifiers merged down their rows.
#[test]
fn merged_header_cells_span_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 1, 0, "Mã chỉ tiêu", &plain)
        .unwrap();
    sheet.merge_range(0, 1, 1, 1, "Đơn vị", &plain).unwrap();
    sheet.merge_range(0, 2, 0, 3, "Năm 2021", &plain).unwrap();
    sheet.merge_range(0, 4, 0, 5, "Năm 2022", &plain).unwrap();
    for (column, title) in [
        (2, "Kế hoạch"),
        (3, "Thực hiện"),
        (4, "Kế hoạch"),
        (5, "Thực hiện"),
    ] {
        sheet.write_string(1, column, title).unwrap();
    }
    sheet.merge_range(2, 0, 3, 0, "DVC_TT", &plain).unwrap();
    sheet.write_string(2, 1, "Sở Y tế").unwrap();
    sheet.write_string(3, 1, "Sở Tư pháp").unwrap();
    for (row, figures) in [(2, [100, 90, 120, 125]), (3, [50, 55, 60, 58])] {
        for (offset, value) in figures.iter().enumerate() {
            sheet
                .write_number(row, 2 + u16::try_from(offset).unwrap(), f64::from(*value))
                .unwrap();
        }
    }
    let file = dir.path().join("dvc.xlsx");
    workbook.save(&file).unwrap();
    let output = chiso(&db, &["import", "--json", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["rows_inserted"], 4, "{report}");
    assert_eq!(report["rows_rejected"], 0, "{report}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (value, target): (f64, f64) = conn
        .query_row(
            "SELECT value, target FROM observation_v WHERE indicator_code = 'DVC_TT' \
             AND agency_name = 'Sở Tư pháp' AND period = '2022'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((value, target), (58.0, 60.0));
}

/// A small long table on a sheet.
fn table_sheet(sheet: &mut Worksheet, indicator: &str) {
    long_header(sheet, 0);
    sheet.write_number(1, 0, 1).unwrap();
    sheet.write_string(1, 1, indicator).unwrap();
    sheet.write_string(1, 2, "Chỉ tiêu").unwrap();
    sheet.write_string(1, 3, "Sở TTTT").unwrap();
    sheet.write_number(1, 4, 2021).unwrap();
    sheet.write_number(1, 5, 42).unwrap();
}

#[test]
fn a_workbook_with_several_tables_asks_for_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Hướng dẫn")
        .unwrap()
        .write_string(0, 0, "Điền số liệu vào các trang sau")
        .unwrap();
    table_sheet(workbook.add_worksheet().set_name("Năm 2021").unwrap(), "A1");
    table_sheet(workbook.add_worksheet().set_name("Năm 2022").unwrap(), "A2");
    table_sheet(
        workbook
            .add_worksheet()
            .set_name("Cũ")
            .unwrap()
            .set_hidden(true),
        "A3",
    );
    let file = dir.path().join("hai-trang.xlsx");
    workbook.save(&file).unwrap();
    let path = file.to_str().unwrap();

    let refused = chiso(&db, &["import", path]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    let message = stderr(&refused);
    for named in [
        "\"Năm 2021\" (an indicator table)",
        "\"Năm 2022\" (an indicator table)",
        "\"Cũ\" (hidden)",
        "--sheet",
    ] {
        assert!(message.contains(named), "{named}: {message}");
    }
    assert!(!db.exists(), "a refused import creates no database");

    let by_number = chiso(&db, &["import", "--sheet", "3", path]);
    assert!(by_number.status.success(), "{}", stderr(&by_number));
    let by_name = chiso(&db, &["import", "--sheet", "Năm 2021", path]);
    assert!(by_name.status.success(), "{}", stderr(&by_name));
    assert_eq!(figure(&db, "A1", "2021"), Some(42.0));
    assert_eq!(figure(&db, "A2", "2021"), Some(42.0));
    assert_eq!(figure(&db, "A3", "2021"), None);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM import_batch WHERE file_name IN \
             ('hai-trang.xlsx#Năm 2021', 'hai-trang.xlsx#Năm 2022')"
        ),
        2
    );
    let missing = chiso(&db, &["import", "--sheet", "Năm 2030", path]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no sheet \"Năm 2030\""),
        "{}",
        stderr(&missing)
    );
}

/// One table among other sheets (a hidden one too) is the one imported.
#[test]
fn the_one_visible_table_of_a_workbook_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Bìa")
        .unwrap()
        .write_string(0, 0, "BÁO CÁO")
        .unwrap();
    table_sheet(workbook.add_worksheet().set_name("Số liệu").unwrap(), "B1");
    table_sheet(
        workbook
            .add_worksheet()
            .set_name("Nháp")
            .unwrap()
            .set_hidden(true),
        "B2",
    );
    // Named by its content, not its name.
    let file = dir.path().join("bao-cao.dat");
    workbook.save(&file).unwrap();
    let output = chiso(&db, &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("bao-cao.dat#Số liệu"),
        "{}",
        stdout(&output)
    );
    assert_eq!(figure(&db, "B1", "2021"), Some(42.0));
    assert_eq!(figure(&db, "B2", "2021"), None);
}

/// The unit list as the statistics office publishes it, as a workbook,
/// with the province's name merged down its rows.
#[test]
fn a_unit_list_workbook_loads_with_merged_names_filled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("DanhSach").unwrap();
    let plain = Format::new();
    for (column, title) in [
        "Tỉnh / Thành Phố",
        "Mã TP",
        "Quận Huyện",
        "Mã QH",
        "Phường Xã",
        "Mã PX",
        "Cấp",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(0, u16::try_from(column).unwrap(), *title)
            .unwrap();
    }
    sheet
        .merge_range(1, 0, 2, 0, "Tỉnh Khánh Hòa", &plain)
        .unwrap();
    sheet.merge_range(1, 1, 2, 1, "56", &plain).unwrap();
    sheet
        .merge_range(1, 2, 2, 2, "Thành phố Nha Trang", &plain)
        .unwrap();
    sheet.merge_range(1, 3, 2, 3, "568", &plain).unwrap();
    for (row, name, code) in [
        (1, "Phường Vĩnh Hòa", "22318"),
        (2, "Phường Vĩnh Hải", "22321"),
    ] {
        sheet.write_string(row, 4, name).unwrap();
        sheet.write_string(row, 5, code).unwrap();
        sheet.write_string(row, 6, "Phường").unwrap();
    }
    let file = dir.path().join("dvhc.xlsx");
    workbook.save(&file).unwrap();
    let output = chiso(&db, &["import-units", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("4 units added"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        text_of(
            &db,
            "SELECT p.code FROM agency a JOIN agency p ON p.id = a.parent_id WHERE a.code = '22321'"
        ),
        "568"
    );
}

/// An OpenDocument spreadsheet (written here as LibreOffice lays it out: a
/// stored `mimetype`, `content.xml` and the manifest): numbers stored as numbers, a
/// number written as text, a date cell in the period column.
#[test]
fn an_opendocument_sheet_imports_like_a_workbook() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = dir.path().join("bao-cao.ods");
    let cell = |value: &str| -> String {
        if let Some(number) = value.strip_prefix('#') {
            format!(
                "<table:table-cell office:value-type=\"float\" office:value=\"{number}\"><text:p>{number}</text:p></table:table-cell>"
            )
        } else if let Some(date) = value.strip_prefix('@') {
            format!(
                "<table:table-cell office:value-type=\"date\" office:date-value=\"{date}\"><text:p>{date}</text:p></table:table-cell>"
            )
        } else {
            format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{value}</text:p></table:table-cell>"
            )
        }
    };
    let rows = [
        vec!["Mã chỉ tiêu", "Đơn vị", "Kỳ báo cáo", "Giá trị"],
        vec!["HS_NHAN", "Sở TTTT", "@2021-10-25", "#3.467"],
        vec!["HS_NHAN", "Sở TTTT", "@2021-10-26", "94,5"],
    ];
    let table: String = rows
        .iter()
        .map(|row| {
            format!(
                "<table:table-row>{}</table:table-row>",
                row.iter().map(|value| cell(value)).collect::<String>()
            )
        })
        .collect();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet><table:table table:name=\"Số liệu\">{table}</table:table>\
</office:spreadsheet></office:body></office:document-content>"
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
</manifest:manifest>",
    )
    .unwrap();
    zip.finish().unwrap();
    let output = chiso(&db, &["import", "--json", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["sheet"], "Số liệu", "{report}");
    assert_eq!(report["number_format"], "vi", "{report}");
    assert_eq!(figure(&db, "HS_NHAN", "2021-10-25"), Some(3.467));
    assert_eq!(figure(&db, "HS_NHAN", "2021-10-26"), Some(94.5));
    assert_eq!(
        text_of(&db, "SELECT file_name FROM import_batch"),
        "bao-cao.ods#Số liệu"
    );
}

/// A fixture of tests/fixtures (made here: see its README).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Every figure of a database as (indicator, agency, period, value), sorted.
fn all_figures(db: &Path) -> Vec<(String, String, String, Option<f64>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT indicator_code, agency_code, period, value FROM observation_v
             ORDER BY indicator_code, agency_code, period",
        )
        .unwrap();
    statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Imports `file` into a new database in `dir`; its figures.
fn imported_figures(dir: &Path, file: &Path) -> Vec<(String, String, String, Option<f64>)> {
    let db = dir.join(format!(
        "{}.sqlite",
        file.file_name().unwrap().to_string_lossy()
    ));
    let output = chiso(&db, &["import", file.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}: {}",
        file.display(),
        stderr(&output)
    );
    all_figures(&db)
}

/// The fixture's rows as an analyst would save them as CSV: what Excel shows.
fn fixture_csv(dir: &Path) -> PathBuf {
    super::support::write(
        dir,
        "ty-le.csv",
        "UBND TỈNH KHÁNH HÒA\n\n\
         Mã chỉ tiêu;Tên chỉ tiêu;Đơn vị tính;Mã đơn vị;Năm;Giá trị\n\
         CTS_TONG;Số chứng thư số;chứng thư;STTTT;2021;494.438\n\
         TL_HSTT;Tỷ lệ hồ sơ trực tuyến;%;STTTT;2021;46,8%\n\
         TL_VBDT;Tỷ lệ văn bản điện tử;%;STTTT;2021;94,50%\n\
         TL_CKS;Tỷ lệ văn bản ký số;%;STTTT;2021;100%\n\
         KP_CNTT;Kinh phí ứng dụng CNTT;triệu đồng;STTTT;2021;1.234,5\n\
         DIEM_HL;Điểm hài lòng;điểm;STTTT;2021;3,467\n",
    )
}

/// An Excel 97–2003 workbook (BIFF8, made by LibreOffice from the .xlsx
/// fixture) imports the figures its .xlsx and the CSV of the same rows give.
#[test]
fn an_xls_workbook_imports_the_figures_of_its_xlsx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xls.sqlite");
    let output = chiso(
        &db,
        &["import", "--json", fixture("ty-le.xls").to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["sheet"], "Báo cáo", "{report}");
    assert_eq!(report["header_line"], 3, "{report}");
    assert_eq!(report["rows_inserted"], 6, "{report}");
    assert_eq!(
        text_of(&db, "SELECT file_name FROM import_batch"),
        "ty-le.xls#Báo cáo"
    );
    let xls = all_figures(&db);
    assert_eq!(xls.len(), 6);
    assert_eq!(xls, imported_figures(dir.path(), &fixture("ty-le.xlsx")));
    assert_eq!(xls, imported_figures(dir.path(), &fixture_csv(dir.path())));
}

/// A cell shown as a percentage reads as the percent the user sees in every
/// kind of workbook, though calamine gives the number format of .xlsx only:
/// 0.468 shown as 46,8% is 46.8, 1 shown as 100% is 100; plain numbers
/// beside them stay as stored.
#[test]
fn percentage_cells_of_xls_and_ods_read_as_the_percent_shown() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["xls", "ods", "xlsx"] {
        let figures = imported_figures(dir.path(), &fixture(&format!("ty-le.{kind}")));
        let value = |code: &str| {
            figures
                .iter()
                .find(|(indicator, ..)| indicator == code)
                .and_then(|(.., value)| *value)
        };
        assert_eq!(value("TL_HSTT"), Some(46.8), "{kind}");
        assert_eq!(value("TL_VBDT"), Some(94.5), "{kind}");
        assert_eq!(value("TL_CKS"), Some(100.0), "{kind}");
        assert_eq!(value("CTS_TONG"), Some(494_438.0), "{kind}");
        assert_eq!(value("KP_CNTT"), Some(1234.5), "{kind}");
        assert_eq!(value("DIEM_HL"), Some(3.467), "{kind}");
    }
}
