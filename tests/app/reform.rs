//! Units over time on the real conversion table of the 1 July 2025 reform
//! (`../shared/corpus/vn-admin-reform-2025-nso/`, the statistics office's
//! table saved as CSV) and the 2021 GSO list: Khánh Hòa's 65 new units,
//! Ninh Thuận's units carried into them, codes reused by new units, and
//! figures of 56 + 58 carried into today's Khánh Hòa.

use super::support::chiso;
use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A file of the shared corpus: absent in a bare clone (skipped with a
/// note), required under CI.
fn corpus_file(folder: &str, starts_with: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(folder);
    let found = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with(starts_with) && name.ends_with(".csv"))
            })
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the corpus is missing: {}",
            dir.display()
        );
        println!("note: {} is missing; skipping a reform test", dir.display());
    }
    found
}

pub(super) fn reform_table() -> Option<PathBuf> {
    corpus_file("vn-admin-reform-2025-nso", "BangChuyendoi")
}

pub(super) fn gso_list() -> Option<PathBuf> {
    corpus_file("vn-admin-gso-export", "Danh s")
}

fn query_strings(db: &Path, sql: &str) -> Vec<String> {
    super::support::query_texts(db, sql)
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

/// Every unit as (code, name, level, validity, parent code), and every
/// succession as (old code, new code, whole): what two loads must agree on.
pub(super) fn units_and_successions(db: &Path) -> (Vec<String>, Vec<String>) {
    let units = query_strings(
        db,
        "SELECT a.code || '|' || a.name || '|' || coalesce(a.level, '') || '|' || coalesce(a.valid_from, '') \
         || '|' || coalesce(a.valid_to, '') || '|' || coalesce(p.code, '') \
         FROM agency a LEFT JOIN agency p ON p.id = a.parent_id ORDER BY 1",
    );
    let successions = query_strings(
        db,
        "SELECT o.code || '>' || n.code || '|' || s.whole || '|' || s.effective FROM agency_succession s \
         JOIN agency o ON o.id = s.predecessor_id JOIN agency n ON n.id = s.successor_id ORDER BY 1",
    );
    (units, successions)
}

const NEW_KHANH_HOA: &str =
    "(SELECT id FROM agency WHERE code = '56' AND valid_from = '2025-07-01')";

#[test]
fn the_conversion_table_gives_khanh_hoa_its_65_new_units_from_old_khanh_hoa_and_ninh_thuan() {
    let (Some(table), Some(list)) = (reform_table(), gso_list()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("units.sqlite");
    ok(chiso(&db, &["import-units", list.to_str().unwrap()]));
    let said = ok(chiso(&db, &["import-units", table.to_str().unwrap()]));
    assert!(
        said.contains("conversion table of the 1 July 2025 reform"),
        "{said}"
    );

    // 65 new commune-level units: 48 xã, 16 phường, 1 đặc khu.
    let new_units = query_strings(
        &db,
        &format!(
            "SELECT name FROM agency WHERE level = 'commune' AND valid_from = '2025-07-01' \
             AND valid_to IS NULL AND parent_id = {NEW_KHANH_HOA}"
        ),
    );
    assert_eq!(new_units.len(), 65);
    let prefixed = |prefix: &str| {
        new_units
            .iter()
            .filter(|name| chiso::domain::text::fold(name).starts_with(prefix))
            .count()
    };
    assert_eq!(
        (prefixed("xa "), prefixed("phuong "), prefixed("dac khu ")),
        (48, 16, 1)
    );

    // Both old provinces end on 30/6/2025 and went whole into today's 56.
    let provinces = query_strings(
        &db,
        &format!(
            "SELECT o.code || ' ' || o.valid_to || ' ' || s.whole FROM agency_succession s \
             JOIN agency o ON o.id = s.predecessor_id WHERE s.successor_id = {NEW_KHANH_HOA} ORDER BY o.code"
        ),
    );
    assert_eq!(provinces, ["56 2025-06-30 1", "58 2025-06-30 1"]);

    // Every commune of old Ninh Thuận that the table names (62; the 2021
    // list's other three were merged before 2025) went into a new unit of
    // Khánh Hòa, and none elsewhere.
    let ninh_thuan_communes = count(
        &db,
        "SELECT count(*) FROM agency c JOIN agency d ON d.id = c.parent_id \
         JOIN agency p ON p.id = d.parent_id WHERE p.code = '58' AND c.level = 'commune'",
    );
    let carried = count(
        &db,
        &format!(
            "SELECT count(DISTINCT c.id) FROM agency c JOIN agency d ON d.id = c.parent_id \
             JOIN agency p ON p.id = d.parent_id JOIN agency_succession s ON s.predecessor_id = c.id \
             JOIN agency n ON n.id = s.successor_id \
             WHERE p.code = '58' AND c.level = 'commune' AND n.parent_id = {NEW_KHANH_HOA}"
        ),
    );
    let carried_elsewhere = count(
        &db,
        &format!(
            "SELECT count(DISTINCT c.id) FROM agency c JOIN agency d ON d.id = c.parent_id \
             JOIN agency p ON p.id = d.parent_id JOIN agency_succession s ON s.predecessor_id = c.id \
             JOIN agency n ON n.id = s.successor_id \
             WHERE p.code = '58' AND c.level = 'commune' AND n.parent_id <> {NEW_KHANH_HOA}"
        ),
    );
    assert_eq!(
        (ninh_thuan_communes, carried, carried_elsewhere),
        (65, 62, 0)
    );

    // The 19 partial rows of Khánh Hòa are recorded as parts, not carried.
    let partial = count(
        &db,
        &format!(
            "SELECT count(*) FROM agency_succession s JOIN agency n ON n.id = s.successor_id \
             WHERE n.parent_id = {NEW_KHANH_HOA} AND s.whole = 0"
        ),
    );
    assert_eq!(partial, 19);

    // New Phường Bắc Nha Trang reuses 22333, old Phường Vĩnh Phước's code:
    // two units, and the new one's predecessors are the six of the table.
    let of_22333 = query_strings(
        &db,
        "SELECT name || ' ' || coalesce(valid_from, '…') || '–' || coalesce(valid_to, '…') \
         FROM agency WHERE code = '22333' ORDER BY coalesce(valid_from, '')",
    );
    assert_eq!(
        of_22333,
        [
            "Phường Vĩnh Phước …–2025-06-30",
            "Phường Bắc Nha Trang 2025-07-01–…"
        ]
    );
    let predecessors = query_strings(
        &db,
        "SELECT o.code FROM agency_succession s JOIN agency o ON o.id = s.predecessor_id \
         JOIN agency n ON n.id = s.successor_id WHERE n.code = '22333' AND n.valid_from = '2025-07-01' \
         AND s.whole = 1 ORDER BY o.code",
    );
    assert_eq!(
        predecessors,
        ["22327", "22330", "22333", "22339", "22384", "22387"]
    );

    // Loading either again changes nothing.
    let before = units_and_successions(&db);
    let again = ok(chiso(&db, &["import-units", table.to_str().unwrap()]));
    assert!(
        again
            .contains(": conversion table of the 1 July 2025 reform: 0 units added, 0 units ended"),
        "{again}"
    );
    ok(chiso(&db, &["import-units", list.to_str().unwrap()]));
    assert!(
        units_and_successions(&db) == before,
        "loading again changed the units"
    );

    // The other order (the table first, then the list) gives the same units.
    let other = dir.path().join("other-order.sqlite");
    ok(chiso(&other, &["import-units", table.to_str().unwrap()]));
    ok(chiso(&other, &["import-units", list.to_str().unwrap()]));
    let (units, successions) = units_and_successions(&other);
    let differing: Vec<&String> = units
        .iter()
        .filter(|unit| !before.0.contains(unit))
        .take(5)
        .collect();
    assert!(
        differing.is_empty() && units.len() == before.0.len(),
        "{differing:?}"
    );
    assert!(
        successions == before.1,
        "the successions differ by the order of loading"
    );
}

const CANONICAL_HEADER: &str = "indicator_code,indicator_name,unit,kind,agency_code,agency_name,level,period,value,numerator,denominator,target,qualifier,note";

/// A database with the sample catalogue and the conversion table.
fn reform_database(dir: &Path, table: &Path) -> PathBuf {
    let db = dir.join("reform.sqlite");
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/indicators.csv");
    ok(chiso(
        &db,
        &["import-indicators", catalogue.to_str().unwrap()],
    ));
    ok(chiso(&db, &["import-units", table.to_str().unwrap()]));
    db
}

#[test]
fn a_2024_figure_of_56_and_58_is_carried_into_todays_khanh_hoa() {
    let Some(table) = reform_table() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = reform_database(dir.path(), &table);
    let figures = dir.path().join("accounts.csv");
    std::fs::write(
        &figures,
        format!(
            "{CANONICAL_HEADER}\n\
             TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,56,Tỉnh Khánh Hòa,province,2024,4000,,,,,\n\
             TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,58,Tỉnh Ninh Thuận,province,2024,1500,,,,,\n\
             TK_EMAIL,Tài khoản thư điện tử công vụ,tài khoản,count,56,Tỉnh Khánh Hòa,province,2026,6200,,,,,\n"
        ),
    )
    .unwrap();
    ok(chiso(&db, &["import", figures.to_str().unwrap()]));
    // "56" in 2024 is old Khánh Hòa, "56" in 2026 today's.
    let homes = query_strings(
        &db,
        "SELECT o.period || ' ' || coalesce(a.valid_from, '…') || '–' || coalesce(a.valid_to, '…') \
         FROM observation o JOIN agency a ON a.id = o.agency_id WHERE a.code = '56' ORDER BY o.period",
    );
    assert_eq!(homes, ["2024 …–2025-06-30", "2026 2025-07-01–…"]);

    // The public view: one 2024 figure for today's 56, made of two.
    let current = query_strings(
        &db,
        "SELECT period || ' ' || value || ' ' || combined_from || ' ' || complete \
         FROM observation_current_v WHERE indicator_code = 'TK_EMAIL' AND agency_code = '56' ORDER BY period",
    );
    assert_eq!(current, ["2024 5500.0 2 1", "2026 6200.0 1 1"]);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM observation_current_v WHERE agency_code = '58'"
        ),
        0
    );

    // chiso series says the same, and where each point came from.
    let lines = ok(chiso(
        &db,
        &[
            "series",
            "--indicator",
            "TK_EMAIL",
            "--agency",
            "56",
            "--by",
            "year",
            "--json",
        ],
    ));
    let points: Vec<serde_json::Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(points.len(), 2, "{lines}");
    assert_eq!(points[0]["period"], "2024");
    assert_eq!(points[0]["value"], 5500.0);
    assert_eq!(points[0]["filed"], false);
    assert_eq!(points[0]["from"], serde_json::json!(["56", "58"]));
    assert_eq!(points[1]["period"], "2026");
    assert_eq!(points[1]["filed"], true);
    let as_filed = ok(chiso(
        &db,
        &[
            "series",
            "--indicator",
            "TK_EMAIL",
            "--agency",
            "56",
            "--units",
            "as-filed",
            "--json",
        ],
    ));
    assert_eq!(as_filed.lines().count(), 1, "{as_filed}");
    assert!(as_filed.contains("\"period\":\"2026\""), "{as_filed}");
    let usage = chiso(
        &db,
        &[
            "series",
            "--indicator",
            "TK_EMAIL",
            "--agency",
            "56",
            "--by",
            "week",
        ],
    );
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn a_unit_split_in_parts_keeps_its_figures_historical() {
    let Some(table) = reform_table() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = reform_database(dir.path(), &table);
    // Xã Cam Tân (22435) went in part into Xã Cam Hiệp: not divided.
    let figures = dir.path().join("sms.csv");
    std::fs::write(
        &figures,
        format!(
            "{CANONICAL_HEADER}\n\
             DVC_SMS,Số tin nhắn,tin nhắn,count,22435,Xã Cam Tân,commune,2024,120,,,,,\n\
             DVC_SMS,Số tin nhắn,tin nhắn,count,22438,Xã Cam Hòa,commune,2024,80,,,,,\n"
        ),
    )
    .unwrap();
    ok(chiso(&db, &["import", figures.to_str().unwrap()]));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM observation_current_v WHERE indicator_code = 'DVC_SMS'"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM observation_v WHERE indicator_code = 'DVC_SMS'"
        ),
        2
    );
    // check lists them as not carried over (a second look: exit 0).
    let report: serde_json::Value =
        serde_json::from_str(ok(chiso(&db, &["check", "--json"])).trim()).unwrap();
    let not_carried: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "not_carried")
        .map(|finding| {
            (
                finding["agency_code"].as_str().unwrap().to_owned(),
                finding["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(not_carried.len(), 2, "{not_carried:?}");
    assert_eq!(not_carried[0].0, "22435");
    assert!(not_carried[0].1.contains("(part)"), "{}", not_carried[0].1);
}

#[test]
fn a_filed_year_beside_quarters_that_add_up_otherwise_is_reported_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roll-up.sqlite");
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/indicators.csv");
    ok(chiso(
        &db,
        &["import-indicators", catalogue.to_str().unwrap()],
    ));
    let figures = dir.path().join("sms.csv");
    let row = |period: &str, value: u32| {
        format!(
            "DVC_SMS,Số tin nhắn,tin nhắn,count,56,Tỉnh Khánh Hòa,province,{period},{value},,,,,\n"
        )
    };
    let mut text = format!("{CANONICAL_HEADER}\n");
    for (period, value) in [
        ("2020", 12),
        ("2020-Q1", 1),
        ("2020-Q2", 2),
        ("2020-Q3", 3),
        ("2020-Q4", 4),
        ("2021", 10),
    ] {
        text.push_str(&row(period, value));
    }
    for quarter in 1..=4 {
        text.push_str(&row(
            &format!("2021-Q{quarter}"),
            1 + u32::from(quarter == 4) * 6,
        ));
    }
    std::fs::write(&figures, text).unwrap();
    ok(chiso(&db, &["import", figures.to_str().unwrap()]));
    let report: serde_json::Value =
        serde_json::from_str(ok(chiso(&db, &["check", "--json"])).trim()).unwrap();
    let roll_ups: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "roll_up")
        .map(|finding| {
            format!(
                "{} {}",
                finding["period"].as_str().unwrap(),
                finding["message"].as_str().unwrap()
            )
        })
        .collect();
    // 2020: 12 filed, 10 from its quarters; 2021: 10 filed and 1 + 1 + 1 + 7.
    assert_eq!(roll_ups.len(), 1, "{roll_ups:?}");
    assert!(
        roll_ups[0].starts_with("2020 filed 12 but its 4 sub-periods"),
        "{}",
        roll_ups[0]
    );
    assert!(roll_ups[0].contains("make 10 by sum"), "{}", roll_ups[0]);
}

#[test]
fn names_as_files_write_them_match_the_unit_of_that_period() {
    let Some(table) = reform_table() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = reform_database(dir.path(), &table);
    let figures = dir.path().join("by-name.csv");
    std::fs::write(
        &figures,
        "Chỉ tiêu,Đơn vị,Năm,Giá trị\n\
         Tài khoản thư điện tử công vụ,tỉnh Khánh Hoà,2024,4000\n\
         Tài khoản thư điện tử công vụ,Khánh Hòa,2026,6200\n\
         Tài khoản thư điện tử công vụ,TP. Nha Trang,2024,900\n\
         Tài khoản thư điện tử công vụ,Xã Hư Cấu,2026,10\n",
    )
    .unwrap();
    let said = ok(chiso(&db, &["import", figures.to_str().unwrap()]));
    // A unit no list has still imports, and is said, never matched elsewhere.
    assert!(
        said.contains("units not in any list (made as named): XA_HU_CAU Xã Hư Cấu"),
        "{said}"
    );
    let homes = query_strings(
        &db,
        "SELECT o.period || ' ' || a.code || ' ' || coalesce(a.valid_from, '…') FROM observation o \
         JOIN agency a ON a.id = o.agency_id ORDER BY o.period, a.code",
    );
    assert_eq!(
        homes,
        [
            "2024 56 …",
            "2024 568 …",
            "2026 56 2025-07-01",
            "2026 XA_HU_CAU …"
        ]
    );
}

#[test]
fn a_table_that_contradicts_the_database_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("contradiction.sqlite");
    let header = "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n\
                  \"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n";
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        format!(
            "{header}TỈNH KHÁNH HÒA,,,,,,,,\n\
             Tỉnh Khánh Hòa (56),Phường Bắc Nha Trang,22333,Phường Vĩnh Phước,22333,Nhập toàn bộ,Thành phố Nha Trang (568),Tỉnh Khánh Hòa (56),\n"
        ),
    )
    .unwrap();
    ok(chiso(&db, &["import-units", first.to_str().unwrap()]));
    let before = units_and_successions(&db);
    let second = dir.path().join("second.csv");
    std::fs::write(
        &second,
        format!(
            "{header}Tỉnh Khánh Hòa (56),Xã Vĩnh Lương,22384,Xã Vĩnh Lương,22384,Nhập toàn bộ,Thành phố Nha Trang (568),Tỉnh Khánh Hòa (56),\n\
             Tỉnh Gia Lai (52),Phường Bắc Nha Trang,22333,Phường Vĩnh Hòa,22327,Nhập toàn bộ,Thành phố Nha Trang (568),Tỉnh Khánh Hòa (56),\n"
        ),
    )
    .unwrap();
    let refused = chiso(&db, &["import-units", second.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("line 4") && message.contains("22333") && message.contains("52"),
        "{message}"
    );
    assert_eq!(units_and_successions(&db), before);
}

/// Accounts by level after 1 July 2025: the district level is gone, so the
/// province's and the communes' accounts must add up to the whole without it.
#[test]
fn accounts_by_level_add_up_without_the_district_level_after_the_reform() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accounts.sqlite");
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/indicators.csv");
    ok(chiso(
        &db,
        &["import-indicators", catalogue.to_str().unwrap()],
    ));
    let mut text = format!("{CANONICAL_HEADER}\n");
    let rows: [(&str, &str, u32); 10] = [
        ("TK_BAOCAO", "2024-Q4", 600),
        ("TK_BAOCAO_TINH", "2024-Q4", 100),
        ("TK_BAOCAO_HUYEN", "2024-Q4", 200),
        ("TK_BAOCAO_XA", "2024-Q4", 300),
        ("TK_BAOCAO", "2026-Q1", 700),
        ("TK_BAOCAO_TINH", "2026-Q1", 150),
        ("TK_BAOCAO_XA", "2026-Q1", 500),
        ("TK_BAOCAO", "2026-Q2", 700),
        ("TK_BAOCAO_TINH", "2026-Q2", 200),
        ("TK_BAOCAO_XA", "2026-Q2", 500),
    ];
    for (code, period, value) in rows {
        text.push_str(&format!(
            "{code},Tài khoản,tài khoản,count,56,Tỉnh Khánh Hòa,province,{period},{value},,,,,\n"
        ));
    }
    let figures = dir.path().join("accounts.csv");
    std::fs::write(&figures, text).unwrap();
    ok(chiso(&db, &["import", figures.to_str().unwrap()]));
    let output = chiso(&db, &["check", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).unwrap();
    let broken: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| {
            finding["rule"] == "parts_sum" && finding["indicator_code"] == "TK_BAOCAO"
        })
        .map(|finding| finding["period"].as_str().unwrap().to_owned())
        .collect();
    // 2026-Q1: 150 + 500 ≠ 700; 2024-Q4 and 2026-Q2 add up.
    assert_eq!(broken, ["2026-Q1"]);
}

/// The statistics office publishes the conversion table as a workbook with
/// a merged sheet (a new unit's cells merged over its old units' rows) and
/// an unmerged one: both load, and give the units the CSV gives.
#[test]
fn the_conversion_table_as_a_workbook_merged_or_not_gives_the_same_units() {
    let Some(table) = reform_table() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&table)
        .unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let write = |name: &str, merged: bool| -> PathBuf {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(if merged {
                "Tổng hợp"
            } else {
                "Tổng hợp_không merge"
            })
            .unwrap();
        let format = rust_xlsxwriter::Format::new();
        let mut index = 0;
        while index < rows.len() {
            let row = &rows[index];
            // Rows of one new unit: its three cells merged over them.
            let mut end = index;
            if merged && index >= 2 && !row[1].is_empty() {
                while end + 1 < rows.len() && rows[end + 1][..3] == row[..3] {
                    end += 1;
                }
            }
            for column in 0..row.len() {
                if column < 3 && end > index {
                    sheet
                        .merge_range(
                            index as u32,
                            column as u16,
                            end as u32,
                            column as u16,
                            &row[column],
                            &format,
                        )
                        .unwrap();
                    continue;
                }
                for (line, cells) in rows.iter().enumerate().take(end + 1).skip(index) {
                    if !cells[column].is_empty() {
                        sheet
                            .write_string(line as u32, column as u16, &cells[column])
                            .unwrap();
                    }
                }
            }
            index = end + 1;
        }
        let path = dir.path().join(name);
        workbook.save(&path).unwrap();
        path
    };
    let csv_db = dir.path().join("from-csv.sqlite");
    ok(chiso(&csv_db, &["import-units", table.to_str().unwrap()]));
    let expected = units_and_successions(&csv_db);
    for (name, merged) in [("merged.xlsx", true), ("unmerged.xlsx", false)] {
        let workbook = write(name, merged);
        let db = dir.path().join(format!("{name}.sqlite"));
        let said = ok(chiso(&db, &["import-units", workbook.to_str().unwrap()]));
        assert!(
            said.contains("conversion table of the 1 July 2025 reform"),
            "{said}"
        );
        let (units, successions) = units_and_successions(&db);
        let missing: Vec<&String> = expected
            .0
            .iter()
            .filter(|unit| !units.contains(unit))
            .take(3)
            .collect();
        assert!(
            missing.is_empty() && units.len() == expected.0.len(),
            "{name}: {missing:?}"
        );
        assert!(successions == expected.1, "{name}: the successions differ");
    }
}

/// The official list of the 34 provinces after the reform (Quyết định
/// 915/CTK-CSCL, "Stt, Mã số, Tên 34 tỉnh sau sáp nhập") loads as units
/// from 1 July 2025, and says so; loading it again changes nothing.
#[test]
fn the_34_province_list_loads_as_units_from_1_july_2025() {
    let Some(list) = corpus_file("vn-admin-2025-dvhcvn/input/docs", "915") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("provinces.sqlite");
    let said = ok(chiso(&db, &["import-units", list.to_str().unwrap()]));
    assert!(
        said.contains("34 units added") && said.contains("read as units from 2025-07-01"),
        "{said}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM agency WHERE level = 'province' AND valid_from = '2025-07-01'"
        ),
        34
    );
    let khanh_hoa = query_strings(&db, "SELECT name FROM agency WHERE code = '56'");
    assert_eq!(khanh_hoa.len(), 1);
    assert!(khanh_hoa[0].contains("Khánh Hòa"), "{khanh_hoa:?}");
    let again = ok(chiso(&db, &["import-units", list.to_str().unwrap()]));
    assert!(again.contains("0 units added, 0 updated"), "{again}");
}
