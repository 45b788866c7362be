//! Excel workbooks (.xlsx) with real numbers: figures are numeric cells
//! (Excel shows them in the user's own convention), never text. No SQL, no egui.

pub use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::canonical::CANONICAL_HEADER;
use crate::domain::NumberFormat;
use crate::domain::ObservationView;
use crate::domain::summary::{Attainment, YearSummary, rule_label};

fn header(sheet: &mut Worksheet, titles: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (column, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<f64>,
) -> Result<(), XlsxError> {
    if let Some(value) = value {
        sheet.write_number(row, column, value)?;
    }
    Ok(())
}

fn text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<&str>,
) -> Result<(), XlsxError> {
    if let Some(value) = value.filter(|value| !value.is_empty()) {
        sheet.write_string(row, column, value)?;
    }
    Ok(())
}

/// Rows of the table, with the canonical CSV's columns; NULL figures stay empty cells.
pub fn observations_workbook(rows: &[ObservationView]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("chiso")?;
    header(sheet, &CANONICAL_HEADER)?;
    for (index, row) in rows.iter().enumerate() {
        let line = index as u32 + 1;
        sheet.write_string(line, 0, &row.indicator_code)?;
        sheet.write_string(line, 1, &row.indicator_name)?;
        text(sheet, line, 2, row.unit.as_deref())?;
        sheet.write_string(line, 3, row.kind.as_str())?;
        sheet.write_string(line, 4, &row.agency_code)?;
        sheet.write_string(line, 5, &row.agency_name)?;
        text(
            sheet,
            line,
            6,
            row.level.map(super::super::domain::Level::as_str),
        )?;
        sheet.write_string(line, 7, &row.period)?;
        number(sheet, line, 8, row.figures.value)?;
        number(sheet, line, 9, row.figures.numerator)?;
        number(sheet, line, 10, row.figures.denominator)?;
        number(sheet, line, 11, row.figures.target)?;
        text(sheet, line, 12, row.figures.qualifier.as_deref())?;
        text(sheet, line, 13, row.figures.note.as_deref())?;
    }
    sheet.set_column_width(1, 48)?;
    sheet.set_column_width(5, 28)?;
    workbook.save_to_buffer()
}

/// The year summary: one row per indicator with a target; value, target,
/// attainment and last year's figure are numbers.
pub fn summary_workbook(summary: &YearSummary, format: NumberFormat) -> Result<Vec<u8>, XlsxError> {
    let vietnamese = format == NumberFormat::Vi;
    let titles: [&str; 12] = if vietnamese {
        [
            "Mã chỉ tiêu",
            "Tên chỉ tiêu",
            "Đơn vị tính",
            "Định tính",
            "Thực hiện",
            "Kế hoạch",
            "Tỷ lệ đạt (%)",
            "Đánh giá",
            "Cùng kỳ năm trước",
            "Thay đổi",
            "Kiểm tra",
            "Nguồn",
        ]
    } else {
        [
            "Indicator code",
            "Indicator",
            "Unit",
            "Qualifier",
            "Value",
            "Target",
            "Attainment (%)",
            "Result",
            "Last year",
            "Change",
            "Checks",
            "Source",
        ]
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("{} {}", summary.agency_code, summary.period))?;
    header(sheet, &titles)?;
    let decimal = Format::new().set_num_format("0.0");
    for (index, row) in summary.rows.iter().enumerate() {
        let line = index as u32 + 1;
        sheet.write_string(line, 0, &row.indicator_code)?;
        sheet.write_string(line, 1, &row.indicator_name)?;
        text(sheet, line, 2, row.unit.as_deref())?;
        text(sheet, line, 3, row.qualifier.as_deref())?;
        number(sheet, line, 4, row.value)?;
        number(sheet, line, 5, row.target)?;
        if let Some(percent) = row.attainment_percent() {
            sheet.write_number_with_format(line, 6, percent, &decimal)?;
        }
        let result = match (row.attainment(), vietnamese) {
            (Attainment::Met, true) => "Đạt",
            (Attainment::Met, false) => "Met",
            (Attainment::Missed, true) => "Không đạt",
            (Attainment::Missed, false) => "Not met",
            (Attainment::NoValue, true) => "Chưa có số liệu",
            (Attainment::NoValue, false) => "No figure",
            (Attainment::NoTarget, _) => "",
        };
        text(sheet, line, 7, Some(result))?;
        number(sheet, line, 8, row.previous)?;
        number(sheet, line, 9, row.change().map(|change| change.difference))?;
        let marks: Vec<&str> = row
            .marks
            .iter()
            .map(|rule| rule_label(*rule, format))
            .collect();
        text(sheet, line, 10, Some(&marks.join("; ")))?;
        text(sheet, line, 11, row.file_name.as_deref())?;
    }
    sheet.set_column_width(1, 56)?;
    workbook.save_to_buffer()
}
