//! Reference lists: the official administrative unit list (GSO export) and
//! the indicator catalogue.

use std::collections::HashSet;
use std::path::Path;

use crate::domain::{
    Aggregation, CellProblem, Direction, Kind, Level, MissingPart, RejectCause, Rejection, text,
};

use super::dialect::{self, RecordStream, StreamProblem};
use super::fast::Row;
use super::roles::header_key;
use super::source::Source;
use super::{HeaderProblem, ImportError, ListKind};

/// One administrative unit of the official list.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    /// As in the file, zero-padded ("56", "568", "22333").
    pub code: String,
    /// NFC, white space cleaned ("Tỉnh Khánh Hòa").
    pub name: String,
    pub level: Level,
    /// The province of a district, the district of a commune.
    pub parent_code: Option<String>,
    /// 1-based line where the unit first appears.
    pub line: u64,
}

/// One indicator of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorSpec {
    pub code: String,
    pub name: String,
    pub unit: Option<String>,
    pub kind: Kind,
    pub group_code: Option<String>,
    pub parent_code: Option<String>,
    pub direction: Direction,
    /// None when the catalogue leaves it empty (the kind's default).
    pub aggregation: Option<Aggregation>,
    pub line: u64,
}

/// Columns of the unit list.
#[derive(Default)]
struct UnitColumns {
    province_name: Option<usize>,
    province_code: Option<usize>,
    district_name: Option<usize>,
    district_code: Option<usize>,
    commune_name: Option<usize>,
    commune_code: Option<usize>,
}

impl UnitColumns {
    fn from_header(cells: &[String]) -> UnitColumns {
        let mut columns = UnitColumns::default();
        for (index, cell) in cells.iter().enumerate() {
            let key = header_key(cell);
            let slot = match key.as_str() {
                "tinh thanh pho" | "tinh / thanh pho" | "tinh, thanh pho" | "ten tinh" | "tinh"
                | "province" | "province name" => &mut columns.province_name,
                "ma tp" | "ma tinh" | "province code" => &mut columns.province_code,
                "quan huyen" | "quan / huyen" | "ten huyen" | "huyen" | "district"
                | "district name" => &mut columns.district_name,
                "ma qh" | "ma huyen" | "district code" => &mut columns.district_code,
                "phuong xa" | "phuong / xa" | "ten xa" | "xa" | "commune" | "ward"
                | "commune name" | "ward name" => &mut columns.commune_name,
                "ma px" | "ma xa" | "commune code" | "ward code" => &mut columns.commune_code,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(index);
            }
        }
        // The 2025 list names provinces only: "Stt, Mã số, Tên".
        if columns.province_code.is_none() && columns.province_name.is_none() {
            for (index, cell) in cells.iter().enumerate() {
                match header_key(cell).as_str() {
                    "ma so" | "ma" | "code" if columns.province_code.is_none() => {
                        columns.province_code = Some(index);
                    }
                    // "Tên 34 tỉnh sau sáp nhập" (Quyết định 915/CTK-CSCL).
                    key if columns.province_name.is_none()
                        && (key == "ten" || key == "name" || key.starts_with("ten ")) =>
                    {
                        columns.province_name = Some(index);
                    }
                    _ => {}
                }
            }
        }
        columns
    }

    fn is_usable(&self) -> bool {
        self.province_code.is_some() && self.province_name.is_some()
    }
}

/// Whether a header line is an administrative-unit list's (for the advice
/// `import` gives on such a list).
pub(crate) fn is_unit_list_header(cells: &[String]) -> bool {
    UnitColumns::from_header(cells).is_usable()
}

/// Streams every record after the header line that `accept` recognises.
pub(super) fn read_list<T>(
    path: &Path,
    mut accept_header: impl FnMut(&[String]) -> Option<T>,
    mut on_record: impl FnMut(&T, u64, &Row<'_>),
    wanted: ListKind,
) -> Result<Vec<Rejection>, ImportError> {
    // A workbook's sheet is read as the CSV text it is written to.
    let file = Source::open(path)?;
    let sheet_csv =
        super::workbook::list_sheet_csv(&file, &mut |cells| accept_header(cells).is_some())?;
    let sheet_source = match &sheet_csv {
        Some(csv) => Some(Source::open(csv)?),
        None => None,
    };
    let source = sheet_source.as_ref().unwrap_or(&file);
    let sniffed = dialect::sniff(source, None, None)?;
    let sample = dialect::sample_records(&sniffed.head_text, sniffed.delimiter, 20);
    let mut found = None;
    for (index, (_, cells)) in sample.iter().enumerate() {
        if let Some(columns) = accept_header(cells) {
            found = Some((index, columns));
            break;
        }
    }
    let Some((header_index, columns)) = found else {
        return Err(ImportError::NoHeader {
            path: path.to_path_buf(),
            details: Box::new(HeaderProblem::NotAList {
                lines: sample.len(),
                list: wanted,
            }),
        });
    };
    let mut stream =
        RecordStream::over(source, sniffed.encoding, sniffed.delimiter, sniffed.lone_cr)?;
    // A record is handled once the next is read: the last line's number
    // depends on whether the file ends with a line end.
    let mut current = csv::ByteRecord::new();
    let mut held = csv::ByteRecord::new();
    let mut held_line: Option<u64> = None;
    let mut rejections = Vec::new();
    let mut index = 0usize;
    loop {
        let more = match stream.next_into(path, &mut current) {
            Ok(more) => more,
            Err(StreamProblem::Fatal(error)) => return Err(error),
            Err(StreamProblem::BadLine { line, cause }) => {
                rejections.push(Rejection {
                    line,
                    column: None,
                    raw: String::new(),
                    cause,
                });
                continue;
            }
        };
        if let Some(mut line) = held_line.take() {
            if !more && stream.ends_without_newline() {
                line += 1;
            }
            if index > header_index {
                match Row::new(&held) {
                    Some(row) => on_record(&columns, line, &row),
                    None => rejections.push(Rejection {
                        line,
                        column: None,
                        raw: String::from_utf8_lossy(held.as_slice()).into_owned(),
                        cause: RejectCause::NotText { encoding: None },
                    }),
                }
            }
            index += 1;
        }
        if !more {
            break;
        }
        held_line = Some(stream.start_line(&current));
        std::mem::swap(&mut current, &mut held);
    }
    Ok(rejections)
}

fn cell_text(record: &Row<'_>, index: Option<usize>) -> String {
    index
        .and_then(|index| record.get(index))
        .map(text::clean)
        .unwrap_or_default()
}

fn column_number(index: Option<usize>) -> Option<u32> {
    index.and_then(|index| u32::try_from(index + 1).ok())
}

/// Reads the official administrative unit list (GSO "Xuất Excel" export):
/// one row per province, district and commune, in file order, parents first.
pub fn read_unit_list(path: &Path) -> Result<(Vec<UnitRow>, Vec<Rejection>), ImportError> {
    let mut units = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashSet<(Level, String)> = HashSet::new();
    let rejections = read_list(
        path,
        |cells| Some(UnitColumns::from_header(cells)).filter(UnitColumns::is_usable),
        |columns, line, record| {
            if record.iter().all(|cell| cell.trim().is_empty()) {
                return;
            }
            let levels = [
                (
                    Level::Province,
                    columns.province_code,
                    columns.province_name,
                ),
                (
                    Level::District,
                    columns.district_code,
                    columns.district_name,
                ),
                (Level::Commune, columns.commune_code, columns.commune_name),
            ];
            let mut parent: Option<String> = None;
            for (level, code_column, name_column) in levels {
                let code = cell_text(record, code_column);
                let name = cell_text(record, name_column);
                if code.is_empty() && name.is_empty() {
                    break;
                }
                if code.is_empty() || name.is_empty() {
                    let (column, part) = if code.is_empty() {
                        (code_column, MissingPart::Code)
                    } else {
                        (name_column, MissingPart::Name)
                    };
                    problems.push(Rejection {
                        line,
                        column: column_number(column),
                        raw: if code.is_empty() { name } else { code },
                        cause: RejectCause::ListCell {
                            problem: CellProblem::UnitWithout { level, part },
                        },
                    });
                    break;
                }
                if seen.insert((level, code.clone())) {
                    units.push(UnitRow {
                        code: code.clone(),
                        name,
                        level,
                        parent_code: parent.clone(),
                        line,
                    });
                }
                parent = Some(code);
            }
        },
        ListKind::Units,
    )?;
    problems.extend(rejections);
    problems.sort_by_key(|rejection| rejection.line);
    Ok((units, problems))
}

/// Columns of the indicator catalogue.
struct CatalogueColumns {
    code: usize,
    name: usize,
    unit: Option<usize>,
    kind: Option<usize>,
    group_code: Option<usize>,
    parent_code: Option<usize>,
    direction: Option<usize>,
    aggregation: Option<usize>,
}

impl CatalogueColumns {
    fn from_header(cells: &[String]) -> Option<CatalogueColumns> {
        let find = |names: &[&str]| {
            cells
                .iter()
                .position(|cell| names.contains(&header_key(cell).as_str()))
        };
        Some(CatalogueColumns {
            code: find(&["indicator code", "code", "ma chi tieu"])?,
            name: find(&["indicator name", "name", "ten chi tieu", "chi tieu"])?,
            unit: find(&["unit", "don vi tinh", "dvt"]),
            kind: find(&["kind", "loai"]),
            group_code: find(&["group code", "group", "nhom"]),
            parent_code: find(&["parent code", "parent", "ma chi tieu cha"]),
            direction: find(&["direction", "chieu"]),
            aggregation: find(&["aggregation", "cach tong hop", "tong hop"]),
        })
    }
}

fn parse_direction(raw: &str) -> Option<Direction> {
    match header_key(raw).as_str() {
        "" | "higher" | "higher is better" | "up" | "cao" | "cao hon tot hon" => {
            Some(Direction::HigherIsBetter)
        }
        "lower" | "lower is better" | "down" | "thap" | "thap hon tot hon" => {
            Some(Direction::LowerIsBetter)
        }
        _ => None,
    }
}

/// Reads the indicator catalogue (`indicator_code,indicator_name,unit,kind,group_code,parent_code,direction`).
pub fn read_indicator_catalogue(
    path: &Path,
) -> Result<(Vec<IndicatorSpec>, Vec<Rejection>), ImportError> {
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    let rejections = read_list(
        path,
        CatalogueColumns::from_header,
        |columns, line, record| {
            if record.iter().all(|cell| cell.trim().is_empty()) {
                return;
            }
            let optional = |index: Option<usize>| {
                let value = cell_text(record, index);
                (!value.is_empty()).then_some(value)
            };
            let code = cell_text(record, Some(columns.code));
            let name = cell_text(record, Some(columns.name));
            let reject = |index: usize, raw: &str, problem: CellProblem| Rejection {
                line,
                column: u32::try_from(index + 1).ok(),
                raw: raw.to_owned(),
                cause: RejectCause::ListCell { problem },
            };
            if code.is_empty() {
                problems.push(reject(
                    columns.code,
                    "",
                    CellProblem::IndicatorWithout {
                        part: MissingPart::Code,
                    },
                ));
                return;
            }
            if name.is_empty() {
                problems.push(reject(
                    columns.name,
                    "",
                    CellProblem::IndicatorWithout {
                        part: MissingPart::Name,
                    },
                ));
                return;
            }
            let unit = optional(columns.unit);
            let kind_raw = cell_text(record, columns.kind);
            let kind = if kind_raw.is_empty() {
                unit.as_deref()
                    .and_then(Kind::from_unit)
                    .unwrap_or_default()
            } else if let Some(kind) = Kind::parse(&kind_raw) {
                kind
            } else {
                problems.push(reject(
                    columns.kind.unwrap_or(0),
                    &kind_raw,
                    CellProblem::NotAKind,
                ));
                return;
            };
            let direction_raw = cell_text(record, columns.direction);
            let Some(direction) = parse_direction(&direction_raw) else {
                problems.push(reject(
                    columns.direction.unwrap_or(0),
                    &direction_raw,
                    CellProblem::NotADirection,
                ));
                return;
            };
            let aggregation_raw = cell_text(record, columns.aggregation);
            let aggregation = if aggregation_raw.is_empty() {
                None
            } else if let Some(aggregation) = Aggregation::parse(&aggregation_raw) {
                Some(aggregation)
            } else {
                problems.push(reject(
                    columns.aggregation.unwrap_or(0),
                    &aggregation_raw,
                    CellProblem::NotAnAggregation,
                ));
                return;
            };
            specs.push(IndicatorSpec {
                code,
                name,
                unit,
                kind,
                group_code: optional(columns.group_code),
                parent_code: optional(columns.parent_code),
                direction,
                aggregation,
                line,
            });
        },
        ListKind::Catalogue,
    )?;
    problems.extend(rejections);
    problems.sort_by_key(|rejection| rejection.line);
    Ok((specs, problems))
}
