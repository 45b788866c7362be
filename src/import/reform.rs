//! The official conversion table of the 1 July 2025 reform (the statistics
//! office's "Bảng chuyển đổi ĐVHC mới - cũ", saved as CSV): a caption row over
//! the column names, a caption row before each province, codes inside the
//! names' parentheses ("Tỉnh Khánh Hòa (56)"), quoted line breaks.

use std::path::Path;

use crate::domain::units::{NamedUnit, ReformRow, name_and_code, reform_note_is_whole};
use crate::domain::{CellProblem, ReformUnit, RejectCause, Rejection, text};

use super::ImportError;
use super::fast::Row;
use super::lists::read_list;
use super::roles::header_key;

/// Columns of the conversion table.
struct ReformColumns {
    new_province: usize,
    new_name: usize,
    new_code: usize,
    old_name: usize,
    old_code: usize,
    note: usize,
    old_district: Option<usize>,
    old_province: usize,
}

impl ReformColumns {
    fn from_header(cells: &[String]) -> Option<ReformColumns> {
        let find = |names: &[&str]| {
            cells
                .iter()
                .position(|cell| names.contains(&header_key(cell).as_str()))
        };
        Some(ReformColumns {
            new_province: find(&["tinh, thanh pho", "tinh thanh pho", "tinh moi"])?,
            new_name: find(&["ten xa moi", "ten dvhc moi", "xa moi"])?,
            new_code: find(&["ma xa moi", "ma dvhc moi"])?,
            old_name: find(&["ten xa cu", "ten dvhc cu", "xa cu"])?,
            old_code: find(&["ma xa cu", "ma dvhc cu"])?,
            note: find(&["ghi chu", "hinh thuc"])?,
            old_district: find(&["quan/huyen", "quan huyen", "huyen cu", "quan/huyen cu"]),
            old_province: find(&["tinh cu", "tinh/thanh pho cu"])?,
        })
    }
}

fn cell(record: &Row<'_>, index: usize) -> String {
    record.get(index).map(text::clean).unwrap_or_default()
}

fn column_of(index: usize) -> Option<u32> {
    u32::try_from(index + 1).ok()
}

/// Reads the conversion table: one row per (new unit, old unit). Province
/// caption rows are passed over; a row whose codes or note cannot be read is
/// rejected with its line and column.
pub fn read_reform_table(path: &Path) -> Result<(Vec<ReformRow>, Vec<Rejection>), ImportError> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let rejections = read_list(
        path,
        ReformColumns::from_header,
        |columns, line, record| {
            let new_name = cell(record, columns.new_name);
            let old_name = cell(record, columns.old_name);
            if new_name.is_empty() && old_name.is_empty() {
                // "THÀNH PHỐ HÀ NỘI": a province's caption row.
                return;
            }
            let reject = |index: usize, raw: String, problem: CellProblem| Rejection {
                line,
                column: column_of(index),
                raw,
                cause: RejectCause::ListCell { problem },
            };
            let unit_in = |index: usize, unit: ReformUnit| -> Result<NamedUnit, Rejection> {
                let raw = cell(record, index);
                match name_and_code(&raw) {
                    (name, Some(code)) if !name.is_empty() => Ok(NamedUnit { code, name }),
                    _ => Err(reject(
                        index,
                        raw,
                        CellProblem::NoCodeInParentheses { unit },
                    )),
                }
            };
            let code_in = |index: usize, name: String| -> Result<NamedUnit, Rejection> {
                let code = cell(record, index);
                if code.is_empty() || !code.bytes().all(|byte| byte.is_ascii_digit()) {
                    return Err(reject(index, code, CellProblem::NotAUnitCode));
                }
                if name.is_empty() {
                    return Err(reject(index, code, CellProblem::UnitHasNoName));
                }
                Ok(NamedUnit { code, name })
            };
            let note = cell(record, columns.note);
            let row = (|| -> Result<ReformRow, Rejection> {
                Ok(ReformRow {
                    line,
                    new_province: unit_in(columns.new_province, ReformUnit::Province)?,
                    new_unit: code_in(columns.new_code, new_name.clone())?,
                    old_unit: code_in(columns.old_code, old_name.clone())?,
                    whole: reform_note_is_whole(&note).ok_or_else(|| {
                        reject(columns.note, note.clone(), CellProblem::NotAMergeNote)
                    })?,
                    old_district: match columns.old_district {
                        Some(index) if !cell(record, index).is_empty() => {
                            Some(unit_in(index, ReformUnit::OldDistrict)?)
                        }
                        _ => None,
                    },
                    old_province: unit_in(columns.old_province, ReformUnit::OldProvince)?,
                })
            })();
            match row {
                Ok(row) => rows.push(row),
                Err(rejection) => problems.push(rejection),
            }
        },
        super::ListKind::ReformTable,
    )?;
    problems.extend(rejections);
    problems.sort_by_key(|rejection| rejection.line);
    Ok((rows, problems))
}
