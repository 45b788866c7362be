//! What real files nobody here wrote showed the importer getting wrong,
//! each reproduced in a small file of the same shape (every test failed on
//! the build before issue 11).

use super::support::{chiso, stderr, stdout, write};
use std::path::Path;

fn periods(db: &Path) -> Vec<(String, f64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT period, value FROM observation_v ORDER BY period")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// "2021-10-25" in a "Kỳ báo cáo" column was stored as the year 2021, and
/// the year's other days rejected as repeats of it.
#[test]
fn an_iso_day_is_a_day_not_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let long = write(
        dir.path(),
        "ngay.csv",
        "Mã chỉ tiêu,Đơn vị,Kỳ báo cáo,Giá trị\nHS_NHAN,Sở TTTT,2021-10-25,120\nHS_NHAN,Sở TTTT,2021-10-26,130\n",
    );
    let output = chiso(&db, &["import", long.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("rejected"), "{}", stderr(&output));
    assert_eq!(
        periods(&db),
        [
            ("2021-10-25".to_owned(), 120.0),
            ("2021-10-26".to_owned(), 130.0)
        ]
    );
    // Days as a wide table's headers.
    let wide = write(
        dir.path(),
        "ngay-rong.csv",
        "Mã chỉ tiêu,Đơn vị,2021-10-27,2021-10-28\nHS_TRA,Sở TTTT,5,6\n",
    );
    let output = chiso(&db, &["import", wide.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stored = periods(&db);
    assert!(
        stored.contains(&("2021-10-28".to_owned(), 6.0)),
        "{stored:?}"
    );
    assert!(
        !stored.iter().any(|(period, _)| period == "2021"),
        "{stored:?}"
    );
}

/// The statistics office's table by province: no indicator column, the
/// unit in the figure header's brackets, an agency column chiso does not
/// know by name ("Cities, provincies"), the whole country and the regions
/// among the provinces.
const BY_PROVINCE: &str = "\"Cities, provincies\",\"2020 Average population (Thous. pers.)\"\n\
WHOLE COUNTRY,97582.7\n\
Red River Delta,22920.3\n\
Ha Noi,8246.6\n\
Vinh Phuc,1171.2\n\
Northern midlands and mountain areas,12725.3\n\
Ha Giang,871.9\n\
Khanh Hoa,1240.0\n";

#[test]
fn a_file_of_one_indicator_takes_indicator_and_agency_column_from_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(dir.path(), "dan-so.csv", BY_PROVINCE);
    let path = file.to_str().unwrap();
    // No indicator column: the message says which option gives it.
    let refused = chiso(&db, &["import", path]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("--indicator CODE"),
        "{}",
        stderr(&refused)
    );
    // With the indicator, the agency column is the one of a different name
    // on every row: the advice is to name its role, not to give one agency.
    let refused = chiso(&db, &["import", "--indicator", "DS_TB", path]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(message.contains("--column 1=agency"), "{message}");
    assert!(!db.exists());
    let output = chiso(
        &db,
        &[
            "import",
            "--json",
            "--indicator",
            "DS_TB",
            "--column",
            "1=agency",
            path,
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    // The whole country and the two regions are skipped, as totals are.
    assert_eq!(report["rows_inserted"], 4, "{report}");
    assert_eq!(report["rows_skipped"], 3, "{report}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (unit, value): (String, f64) = conn
        .query_row(
            "SELECT unit, value FROM observation_v WHERE indicator_code = 'DS_TB' \
             AND agency_name = 'Ha Noi' AND period = '2020'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((unit.as_str(), value), ("Thous. pers.", 8246.6));
    let regions: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM observation_v WHERE agency_name IN \
             ('WHOLE COUNTRY', 'Red River Delta', 'Northern midlands and mountain areas')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(regions, 0);
}

#[test]
fn vietnamese_region_and_country_rows_are_skipped_as_totals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "vung.csv",
        "Mã chỉ tiêu,Đơn vị,Năm,Giá trị\n,Cả nước,2021,100\n,Đồng bằng sông Hồng,2021,40\nDS,Khánh Hòa,2021,12\n",
    );
    let output = chiso(&db, &["import", "--json", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["rows_inserted"], 1, "{report}");
    assert_eq!(report["rows_skipped"], 2, "{report}");
    assert_eq!(report["rows_rejected"], 0, "{report}");
}

/// "8.2466e6" was rejected row by row.
#[test]
fn scientific_notation_reads_in_an_english_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "sci.csv",
        "indicator_code,agency,year,value\nDS,Ha Noi,2020,8.2466e6\nDS,Khanh Hoa,2020,1240.5\n",
    );
    let output = chiso(&db, &["import", "--json", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["number_format"], "en", "{report}");
    assert_eq!(report["rows_rejected"], 0, "{report}");
    assert!(periods(&db).contains(&("2020".to_owned(), 8_246_600.0)));
    // In a Vietnamese file "e" is no digit: the cell is rejected.
    let vi = write(
        dir.path(),
        "sci-vi.csv",
        "Mã chỉ tiêu,Đơn vị,Năm,Giá trị\nDS,Sở A,2020,\"46,8\"\nDS,Sở B,2020,8.2466e6\n",
    );
    let output = chiso(
        &db,
        &["import", "--json", "--numbers", "vi", vi.to_str().unwrap()],
    );
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["rows_rejected"], 1, "{report}");
}

/// `import` on an administrative-unit list said only that no header was found.
#[test]
fn importing_a_unit_list_says_to_use_import_units() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "dvhc.csv",
        "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
Tỉnh Khánh Hòa,56,Thành phố Nha Trang,568,Phường Vĩnh Hòa,22318,Phường\n",
    );
    let output = chiso(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("chiso import-units"),
        "{}",
        stderr(&output)
    );
}

/// A refused list left an empty database behind.
#[test]
fn a_refused_unit_list_leaves_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(dir.path(), "not-a-list.csv", "a,b,c\n1,2,3\n");
    let output = chiso(&db, &["import-units", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(!db.exists(), "a database was left behind");
    let list = write(
        dir.path(),
        "dvhc.csv",
        "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
Tỉnh Khánh Hòa,56,Thành phố Nha Trang,568,Phường Vĩnh Hòa,22318,Phường\n",
    );
    let output = chiso(&db, &["import-units", list.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(db.exists());
}
