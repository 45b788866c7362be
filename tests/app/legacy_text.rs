//! Text that is not what it seems, through `chiso import`: UTF-8 misread
//! and saved again, TCVN3 and VNI text, VISCII bytes — detected, said with
//! their evidence, and converted to the names they stand for.

use super::support::{chiso, stderr, write};
use std::path::Path;
use std::process::Output;

fn report(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).unwrap()
}

fn agencies(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT DISTINCT agency_name FROM observation_v ORDER BY agency_name")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A table whose agency names are given.
fn table(names: &[&str]) -> String {
    let mut text = String::from("Mã chỉ tiêu,Đơn vị,Năm,Giá trị\n");
    for (index, name) in names.iter().enumerate() {
        text.push_str(&format!("DS,{name},2021,{}\n", index + 1));
    }
    text
}

#[test]
fn utf8_misread_as_windows_1252_stops_the_import_and_is_repaired_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "hong.csv",
        table(&["Sá»Ÿ TTTT", "KhÃ¡nh HÃ²a"]).as_bytes(),
    );
    let path = file.to_str().unwrap();
    let refused = chiso(&db, &["import", path]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("line 3, column 2: \"KhÃ¡nh HÃ²a\" → \"Khánh Hòa\""),
        "{message}"
    );
    assert!(message.contains("--repair-mojibake"), "{message}");
    assert!(!db.exists());
    let repaired = report(&chiso(
        &db,
        &["import", "--json", "--repair-mojibake", path],
    ));
    assert!(
        repaired["encoding_evidence"]
            .as_str()
            .unwrap()
            .contains("windows-1252"),
        "{repaired}"
    );
    assert_eq!(agencies(&db), ["Khánh Hòa", "Sở TTTT"]);
}

#[test]
fn utf8_misread_as_cp437_is_repaired_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "dos.csv",
        table(&["Tß╗ënh Kh├ính H├▓a"]).as_bytes(),
    );
    let output = chiso(
        &db,
        &["import", "--repair-mojibake", file.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(agencies(&db), ["Tỉnh Khánh Hòa"]);
}

#[test]
fn tcvn3_text_is_converted_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "abc.csv",
        table(&[
            "Kh¸nh Hßa",
            "Së Th«ng tin",
            "Thµnh phè Nha Trang",
            "Cam Ranh",
        ])
        .as_bytes(),
    );
    let converted = report(&chiso(&db, &["import", "--json", file.to_str().unwrap()]));
    assert_eq!(converted["encoding"], "tcvn3", "{converted}");
    assert!(
        converted["encoding_evidence"]
            .as_str()
            .unwrap()
            .contains("\"Kh¸nh Hßa\" → \"Khánh Hòa\""),
        "{converted}"
    );
    assert_eq!(
        agencies(&db),
        [
            "Cam Ranh",
            "Khánh Hòa",
            "Sở Thông tin",
            "Thành phố Nha Trang"
        ]
    );
}

#[test]
fn one_vni_cell_is_asked_about_and_converted_when_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    let file = write(
        dir.path(),
        "vni.csv",
        table(&["Khaùnh Hoøa", "Nha Trang"]).as_bytes(),
    );
    let path = file.to_str().unwrap();
    let asked = chiso(&db, &["import", path]);
    assert_eq!(asked.status.code(), Some(1));
    assert!(
        stderr(&asked).contains("--encoding vni"),
        "{}",
        stderr(&asked)
    );
    let output = chiso(&db, &["import", "--encoding", "vni", path]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(agencies(&db), ["Khánh Hòa", "Nha Trang"]);
}

#[test]
fn viscii_bytes_are_read_as_viscii() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiso.sqlite");
    // "Tỉnh Khánh Hòa", "Việt Nam" and the header in VISCII.
    let mut bytes = b"M\xe3 ch\xef ti\xeau,\xd0\xbdn v\xb8,N\xe5m,Gi\xe1 tr\xb8\n".to_vec();
    bytes.extend_from_slice(b"DS,T\xefnh Kh\xe1nh H\xf2a,2021,1\nDS,Vi\xaet Nam,2021,2\n");
    let file = write(dir.path(), "viscii.csv", &bytes);
    let read = report(&chiso(&db, &["import", "--json", file.to_str().unwrap()]));
    assert_eq!(read["encoding"], "viscii", "{read}");
    assert_eq!(agencies(&db), ["Tỉnh Khánh Hòa", "Việt Nam"]);
}
