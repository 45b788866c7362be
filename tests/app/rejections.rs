//! Every way the engine rejects a line reads in Vietnamese in the Vietnamese
//! window: the bad files of the tests (bad cells, a short line, a repeated
//! key, a file cut inside quotes, a damaged line, a NUL byte, a workbook's bad
//! cell, names and codes of units that did not exist then) are imported
//! through the dialog, and neither its report nor the Imports tab shows an
//! English sentence. The causes are rendered from their values, not passed on
//! as the command line's English.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use super::support::{chiso, stderr};
use super::wizard::{TIMEOUT, click, empty_database, open_window, shows, wait_until};
use chiso::app::window::ChisoApp;

/// Words of English sentences (the old messages were made of them).
const ENGLISH: [&str; 16] = [
    " the ", " is ", "cannot", " not ", "line ", "column ", "nothing", " file", "header",
    "expected", " has ", " no ", "given", "cell ", "would", "digits",
];

/// One bad file: its name, its bytes, and what the window says of it.
struct BadFile {
    name: &'static str,
    bytes: Vec<u8>,
    says: Vec<&'static str>,
}

/// An indicator table with one bad cell or line of each kind.
fn bad_cells() -> BadFile {
    BadFile {
        name: "o-sai.csv",
        bytes: "Chỉ tiêu,Đơn vị,Cấp,Kỳ báo cáo,Giá trị,Kế hoạch\n\
                A,Sở TTTT,Tỉnh,2021,abc,\n\
                B,Sở TTTT,Tỉnh,năm ngoái,1,\n\
                C,Sở TTTT,Liên minh,2021,1,\n\
                D,Sở TTTT\n\
                F,Sở TTTT,Tỉnh,2021,Trên,\n\
                G,Sở TTTT,Tỉnh,2021,12345678901234567890,\n\
                H,Sở TTTT,Tỉnh,2021,5,28/28\n\
                E,Sở TTTT,Huyện,2021,5,\n"
            .as_bytes()
            .to_vec(),
        says: vec![
            "cột 5 \"Giá trị\": \"abc\" không phải số viết kiểu Việt Nam",
            "cột 4 \"Kỳ báo cáo\": không phải kỳ báo cáo",
            "cột 3 \"Cấp\": không phải cấp",
            "dòng có 2 ô nhưng tiêu đề có 6: thiếu cột 4 \"Kỳ báo cáo\", cột 5 \"Giá trị\"",
            "\"Trên\" không có số",
            "sẽ thành 12.345.678.901.234.567.000",
            "ở đây không được ghi phân số",
        ],
    }
}

/// The same key twice with other figures, and a line without an agency.
fn repeated_key() -> BadFile {
    BadFile {
        name: "trung.csv",
        bytes: "Mã chỉ tiêu,Mã đơn vị,Kỳ báo cáo,Giá trị\n\
                CTS_TONG,56,2021,3467\n\
                CTS_COQUAN,56,2021,762\n\
                CTS_TONG,56,2021,3470\n\
                CTS_CANHAN,,2021,3105\n"
            .as_bytes()
            .to_vec(),
        says: vec![
            "CTS_TONG / 56 / 2021 đã có ở dòng 2 với số liệu khác",
            "cột 2 \"Mã đơn vị\": không có mã hay tên đơn vị",
        ],
    }
}

/// A file that ends inside a quoted cell.
fn cut_in_quotes() -> BadFile {
    BadFile {
        name: "bi-cat.csv",
        bytes: "Mã chỉ tiêu,Mã đơn vị,Kỳ báo cáo,Giá trị\n\
                CTS_TONG,56,2021,3467\n\
                CTS_COQUAN,56,2021,\"762\n"
            .as_bytes()
            .to_vec(),
        says: vec!["tệp kết thúc giữa một ô trong ngoặc kép mở từ dòng 3"],
    }
}

/// A UTF-8 file with one line in Windows-1258, and one with a NUL byte.
fn damaged_lines() -> BadFile {
    let mut bytes = "Mã chỉ tiêu,Tên chỉ tiêu,Mã đơn vị,Kỳ,Giá trị\n"
        .as_bytes()
        .to_vec();
    for index in 1..=40 {
        let line = format!("CT{index},Tỷ lệ hồ sơ trực tuyến số {index},56,2021,{index}\n");
        match index {
            21 => bytes.extend_from_slice(&encoding_rs::WINDOWS_1258.encode(&line).0),
            30 => bytes.extend_from_slice(line.replace("Tỷ lệ", "Tỷ\0 lệ").as_bytes()),
            _ => bytes.extend_from_slice(line.as_bytes()),
        }
    }
    BadFile {
        name: "hong.csv",
        bytes,
        says: vec![
            "dòng không phải chữ utf-8 hợp lệ",
            "cột 2 \"Tên chỉ tiêu\": có byte NUL (0x00)",
        ],
    }
}

/// A workbook with a cell that holds no number (its rejection names the cell).
fn workbook_cell(dir: &Path) -> BadFile {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Báo cáo").unwrap();
    for (column, header) in ["Mã chỉ tiêu", "Mã đơn vị", "Năm", "Giá trị"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, header).unwrap();
    }
    for (row, (code, value)) in [("CTS_TONG", "3467"), ("HS_TRE", "khoảng mười")]
        .into_iter()
        .enumerate()
    {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, code).unwrap();
        sheet.write_string(row, 1, "56").unwrap();
        sheet.write_number(row, 2, 2021).unwrap();
        match value.parse::<f64>() {
            Ok(number) => sheet.write_number(row, 3, number).unwrap(),
            Err(_) => sheet.write_string(row, 3, value).unwrap(),
        };
    }
    let path = dir.join("so-tinh.xlsx");
    workbook.save(&path).unwrap();
    BadFile {
        name: "so-tinh.xlsx",
        bytes: std::fs::read(&path).unwrap(),
        says: vec!["ô D3: cột 4 \"Giá trị\": \"khoảng mười\" không phải số"],
    }
}

/// Units over time (a small conversion table loaded first): a code for a
/// year its unit did not exist, and a name two units had.
fn units_over_time(dir: &Path, db: &Path) -> BadFile {
    let table = dir.join("chuyen-doi.csv");
    std::fs::write(
        &table,
        "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n\
         \"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n\
         TỈNH KHÁNH HÒA,,,,,,,,\n\
         Tỉnh Khánh Hòa (56),Phường Bắc Nha Trang,22333,Phường Vĩnh Phước,22333,Nhập toàn bộ,Thành phố Nha Trang (568),Tỉnh Khánh Hòa (56),\n\
         Tỉnh Khánh Hòa (56),Xã Cam Lâm,90001,Xã Cam Tân,22780,Nhập toàn bộ,Huyện Cam Lâm (569),Tỉnh Khánh Hòa (56),\n",
    )
    .unwrap();
    let loaded = chiso(db, &["import-units", table.to_str().unwrap()]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    BadFile {
        name: "don-vi-cu.csv",
        bytes: "Mã chỉ tiêu,Mã đơn vị,Năm,Giá trị\n\
                TK_EMAIL,90001,2021,10\n\
                TK_EMAIL,22780,2026,12\n"
            .as_bytes()
            .to_vec(),
        says: vec!["đơn vị 90001 không còn hoặc chưa có vào cuối kỳ 2021"],
    }
}

/// What the window shows that reads as English, with the file it is about.
fn english_on_screen(harness: &Harness<'_, ChisoApp>, name: &str) -> Vec<String> {
    ENGLISH
        .iter()
        .flat_map(|word| {
            harness
                .query_all_by_label_contains(word)
                .map(|node| {
                    let node = node.accesskit_node();
                    format!(
                        "{name}: {word:?} in \"{}\"",
                        node.label().or(node.value()).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn says_all(harness: &Harness<'_, ChisoApp>, file: &BadFile) -> Vec<String> {
    file.says
        .iter()
        .filter(|says| harness.query_all_by_label_contains(says).next().is_none())
        .map(|says| format!("{}: the window does not say \"{says}\"", file.name))
        .collect()
}

#[test]
fn every_rejection_reads_in_vietnamese_in_the_dialog_and_the_imports_tab() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let files = [
        bad_cells(),
        repeated_key(),
        cut_in_quotes(),
        damaged_lines(),
        workbook_cell(dir.path()),
        units_over_time(dir.path(), &db),
    ];
    let mut harness = open_window(&db);
    let mut problems = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    for file in &files {
        let path = dir.path().join(file.name);
        std::fs::write(&path, &file.bytes).unwrap();
        harness.state_mut().start_import(vec![path.clone()]);
        wait_until(&mut harness, "the file to be read", TIMEOUT, |harness| {
            shows(harness, "Tiếp: chạy thử")
        });
        click(&mut harness, "Tiếp: chạy thử");
        wait_until(&mut harness, "the dry run", TIMEOUT, |harness| {
            shows(harness, "Kết quả chạy thử (chưa ghi gì)")
        });
        problems.extend(says_all(&harness, file));
        problems.extend(english_on_screen(&harness, file.name));
        click(&mut harness, "Nhập vào cơ sở dữ liệu");
        wait_until(&mut harness, "the import", TIMEOUT, |harness| {
            shows(harness, "Đã nhập xong")
        });
        problems.extend(says_all(&harness, file));
        problems.extend(english_on_screen(&harness, file.name));
        click(&mut harness, "Xong");
        wait_until(&mut harness, "the dialog to close", TIMEOUT, |harness| {
            harness.state().wizard.is_none()
        });
        paths.push(path);
    }
    // The stored causes, read back for the Imports tab.
    click(&mut harness, "Lần nhập");
    for file in &files {
        // A workbook's batch is named after its sheet.
        let batch = if file.name.ends_with(".xlsx") {
            format!("{}#Báo cáo", file.name)
        } else {
            file.name.to_owned()
        };
        wait_until(&mut harness, "the batch list", TIMEOUT, |harness| {
            shows(harness, &batch)
        });
        click(&mut harness, &batch);
        wait_until(&mut harness, "the batch's rejections", TIMEOUT, |harness| {
            shows(harness, "Lý do") && !shows(harness, "Đang tải…")
        });
        problems.extend(says_all(&harness, file));
        problems.extend(english_on_screen(&harness, file.name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A header that cannot be read says why in Vietnamese, from the problem's
/// values: the line closest to a header with what it was read as and what it
/// lacks, a figure column of no period, a figure named twice.
#[test]
fn header_problems_read_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let files: [(&str, &str, &str); 3] = [
        (
            "gan-dung.csv",
            "Mã đơn vị,Năm\n56,2021\n57,2021\n",
            "gần nhất là dòng 1: đọc được \"Mã đơn vị\" = Mã đơn vị, \"Năm\" = Kỳ báo cáo; còn thiếu một cột chỉ tiêu",
        ),
        (
            "ky-le.csv",
            "Chỉ tiêu,Giá trị,Kế hoạch năm 2022\nSố chứng thư,1,2\n",
            "cột 2 (\"Giá trị\") chứa kết quả không thuộc kỳ nào, bên cạnh các cột của kỳ 2022",
        ),
        (
            "trung-cot.csv",
            "Mã chỉ tiêu,Mã đơn vị,Năm,Giá trị,Giá trị\nCTS_TONG,56,2021,1,2\n",
            "cột 4 (\"Giá trị\") và cột 5 (\"Giá trị\") đều được đọc là",
        ),
    ];
    let mut harness = open_window(&db);
    let mut problems = Vec::new();
    for (name, text, says) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        harness.state_mut().start_import(vec![path]);
        wait_until(&mut harness, "the file to be read", TIMEOUT, |harness| {
            harness.query_all_by_label_contains(name).next().is_some()
        });
        harness.step();
        if harness.query_all_by_label_contains(says).next().is_none() {
            problems.push(format!("{name}: the window does not say \"{says}\""));
        }
        problems.extend(english_on_screen(&harness, name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each line of a command's output that is about `path`, with the
/// folder taken off (a temporary folder's name is no word of a sentence).
fn lines_about(output: &std::process::Output, dir: &Path) -> Vec<String> {
    let folder = format!("{}/", dir.display());
    [&output.stderr, &output.stdout]
        .iter()
        .flat_map(|bytes| {
            String::from_utf8_lossy(bytes)
                .lines()
                .map(|line| line.replace(&folder, ""))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// English words on the command line's Vietnamese lines, with the line.
/// An option in backticks (`--column 2=ignore`) is what to type, not words.
fn english_in(lines: &[String], name: &str) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| {
            let words: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            ENGLISH
                .iter()
                .filter(|word| words.contains(*word))
                .map(|word| format!("{name}: {word:?} in \"{line}\""))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The command line in a Vietnamese locale says every rejection in
/// Vietnamese, as the window does: the file, "dòng N, cột M", the cell, and
/// the cause from its values; the summary line too. `--lang en` gives the
/// English back, whatever the locale.
#[test]
fn every_rejection_reads_in_vietnamese_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dong-lenh.sqlite");
    let files = [
        bad_cells(),
        repeated_key(),
        cut_in_quotes(),
        damaged_lines(),
        workbook_cell(dir.path()),
        units_over_time(dir.path(), &db),
    ];
    let mut problems = Vec::new();
    for file in &files {
        let path = dir.path().join(file.name);
        std::fs::write(&path, &file.bytes).unwrap();
        let output = super::support::chiso_in(
            "vi_VN.UTF-8",
            &db,
            &["import", "--dry-run", path.to_str().unwrap()],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let lines = lines_about(&output, dir.path());
        let said = lines.join("\n");
        for says in &file.says {
            if !said.contains(says) {
                problems.push(format!(
                    "{}: the command does not say \"{says}\"",
                    file.name
                ));
            }
        }
        problems.extend(english_in(&lines, file.name));
        // Each rejection names its line (and column), in Vietnamese.
        let shown = if file.name.ends_with(".xlsx") {
            format!("{}#Báo cáo", file.name)
        } else {
            file.name.to_owned()
        };
        let rejections: Vec<&String> = lines
            .iter()
            .filter(|line| line.contains(": từ chối \""))
            .collect();
        if rejections.is_empty() {
            problems.push(format!("{}: no rejection line in\n{said}", file.name));
        }
        for line in rejections {
            let at = line
                .strip_prefix(&format!("{shown}: dòng "))
                .and_then(|rest| rest.split_once(": từ chối \""))
                .map(|(at, _)| at);
            let well_placed = at.is_some_and(|at| {
                let (line, column) = at.split_once(", cột ").unwrap_or((at, "1"));
                line.parse::<u64>().is_ok() && column.parse::<u32>().is_ok()
            });
            if !well_placed {
                problems.push(format!(
                    "{}: not \"FILE: dòng N, cột M: từ chối …\": {line}",
                    file.name
                ));
            }
        }
        if !said.contains(&format!("{shown}: sẽ nhập (chạy thử, chưa ghi gì): đọc ")) {
            problems.push(format!("{}: no Vietnamese summary in\n{said}", file.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // `--lang en` over a Vietnamese locale: the English the scripts read.
    let path = dir.path().join("o-sai.csv");
    let english = super::support::chiso_in(
        "vi_VN.UTF-8",
        &db,
        &[
            "--lang",
            "en",
            "import",
            "--dry-run",
            path.to_str().unwrap(),
        ],
    );
    let text = lines_about(&english, dir.path()).join("\n");
    assert!(
        text.contains("o-sai.csv: line 2, column 5: rejected \"abc\": column 5 \"Giá trị\": "),
        "{text}"
    );
    assert!(
        text.contains("o-sai.csv: would import (dry run, nothing written): 8 read, "),
        "{text}"
    );
    // And `--lang vi` in an English locale.
    let vietnamese = super::support::chiso_in(
        "C.UTF-8",
        &db,
        &[
            "import",
            "--lang",
            "vi",
            "--dry-run",
            path.to_str().unwrap(),
        ],
    );
    let text = lines_about(&vietnamese, dir.path()).join("\n");
    assert!(
        text.contains("o-sai.csv: dòng 2, cột 5: từ chối \"abc\": cột 5 \"Giá trị\": "),
        "{text}"
    );
}

/// A file refused as a whole says why in Vietnamese on the command line,
/// with advice that names the command line's options (not the dialog's
/// preview table), and exits 1; a mistyped option says so in Vietnamese and
/// exits 2.
#[test]
fn refusals_read_in_vietnamese_on_the_command_line_with_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tu-choi.sqlite");
    let files: [(&str, &str, &[&str]); 5] = [
        (
            "gan-dung.csv",
            "Mã đơn vị,Năm\n56,2021\n57,2021\n",
            &[
                "gần nhất là dòng 1: đọc được \"Mã đơn vị\" = Mã đơn vị, \"Năm\" = Kỳ báo cáo; còn thiếu một cột chỉ tiêu",
            ],
        ),
        (
            "ky-le.csv",
            "Chỉ tiêu,Giá trị,Kế hoạch năm 2022\nSố chứng thư,1,2\n",
            &[
                "cột 2 (\"Giá trị\") chứa kết quả không thuộc kỳ nào, bên cạnh các cột của kỳ 2022",
                "bỏ qua cột bằng `--column 2=ignore`",
            ],
        ),
        (
            "trung-cot.csv",
            "Mã chỉ tiêu,Mã đơn vị,Năm,Giá trị,Giá trị\nCTS_TONG,56,2021,1,2\n",
            &[
                "cột 4 (\"Giá trị\") và cột 5 (\"Giá trị\") đều được đọc là",
                "`--column 5=ignore`",
            ],
        ),
        (
            "khong-don-vi.csv",
            "Mã chỉ tiêu,Năm,Giá trị\nCTS_TONG,2021,3467\n",
            &[
                "khong-don-vi.csv không có cột đơn vị: hãy cho biết đơn vị báo cáo bằng `--agency MÃ`",
            ],
        ),
        ("trong.csv", "", &["trong.csv trống: không có gì để nhập"]),
    ];
    let mut problems = Vec::new();
    for (name, text, says) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output =
            super::support::chiso_in("vi_VN.UTF-8", &db, &["import", path.to_str().unwrap()]);
        if output.status.code() != Some(1) {
            problems.push(format!("{name}: exit {:?}", output.status.code()));
        }
        let lines = lines_about(&output, dir.path());
        let said = lines.join("\n");
        for says in says {
            if !said.contains(says) {
                problems.push(format!(
                    "{name}: the command does not say \"{says}\" but\n{said}"
                ));
            }
        }
        if said.contains("bảng xem trước") || said.contains("hộp nhập") {
            problems.push(format!(
                "{name}: the window's advice on the command line: {said}"
            ));
        }
        if !said.starts_with("chiso: ") {
            problems.push(format!("{name}: {said}"));
        }
        problems.extend(english_in(&lines, name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let mistyped =
        super::support::chiso_in("vi_VN.UTF-8", &db, &["import", "--numbers", "fr", "x.csv"]);
    assert_eq!(mistyped.status.code(), Some(2));
    assert_eq!(
        stderr(&mistyped).trim(),
        "chiso: --numbers nhận vi hoặc en, không nhận \"fr\""
    );
    let no_database = super::support::chiso_in(
        "vi_VN.UTF-8",
        &dir.path().join("khong-co.sqlite"),
        &["check"],
    );
    assert_eq!(no_database.status.code(), Some(1));
    assert!(
        stderr(&no_database).starts_with("chiso: không có cơ sở dữ liệu ở "),
        "{}",
        stderr(&no_database)
    );
    let bad_lang = super::support::chiso_in("vi_VN.UTF-8", &db, &["--lang", "fr", "check"]);
    assert_eq!(bad_lang.status.code(), Some(2));
    assert_eq!(
        stderr(&bad_lang).trim(),
        "chiso: --lang takes en or vi, not \"fr\""
    );
}
