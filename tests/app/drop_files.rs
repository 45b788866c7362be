//! A workbook dropped on the window (egui's raw input `dropped_files`, as
//! eframe passes a file dropped from the file manager) opens the import
//! wizard on it, with its sheets to choose from.

use super::wizard::{
    TIMEOUT, click, dry_run_and_import, empty_database, open_window, shows, wait_until,
};
use egui_kittest::kittest::Queryable as _;

/// A file dropped from the file manager, as eframe's native integration
/// hands it over (egui-winit's own handle is private to it).
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

#[test]
fn a_workbook_dropped_on_the_window_opens_the_wizard_with_its_sheets() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let db = empty_database(dir.path());
    let mut workbook = Workbook::new();
    for (name, code) in [("Quý I", "A1"), ("Quý II", "A2")] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (column, title) in ["Mã chỉ tiêu", "Đơn vị", "Năm", "Giá trị"]
            .iter()
            .enumerate()
        {
            sheet
                .write_string(0, u16::try_from(column).unwrap(), *title)
                .unwrap();
        }
        sheet.write_string(1, 0, code).unwrap();
        sheet.write_string(1, 1, "Sở TTTT").unwrap();
        sheet.write_number(1, 2, 2021).unwrap();
        sheet.write_number(1, 3, 42).unwrap();
    }
    let file = dir.path().join("theo-quy.xlsx");
    workbook.save(&file).unwrap();
    let mut harness = open_window(&db);
    assert!(harness.state().wizard.is_none());
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(file.clone())));
    wait_until(&mut harness, "the wizard", TIMEOUT, |harness| {
        shows(harness, "Tiếp: chạy thử")
    });
    assert!(
        harness.state().wizard.is_some(),
        "the drop opened the wizard"
    );
    assert!(
        harness
            .query_all_by_label_contains("theo-quy.xlsx")
            .next()
            .is_some(),
        "the wizard names the dropped file"
    );
    assert!(
        harness
            .query_by_label_contains("hãy chọn trang cần nhập")
            .is_some(),
        "the wizard asks which sheet"
    );
    click(&mut harness, "Trang tính");
    harness.run();
    for listed in ["1. Quý I — bảng chỉ tiêu", "2. Quý II — bảng chỉ tiêu"] {
        assert!(shows(&harness, listed), "the sheet list shows \"{listed}\"");
    }
    click(&mut harness, "1. Quý I — bảng chỉ tiêu");
    wait_until(&mut harness, "the sheet's detection", TIMEOUT, |harness| {
        harness
            .query_by_label_contains("hãy chọn trang cần nhập")
            .is_none()
    });
    dry_run_and_import(&mut harness, &[]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let name: String = conn
        .query_row("SELECT file_name FROM import_batch", [], |row| row.get(0))
        .unwrap();
    assert_eq!(name, "theo-quy.xlsx#Quý I");
}
