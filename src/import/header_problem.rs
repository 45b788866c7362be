//! Why a line cannot be an indicator table's header, as data: the columns it
//! was read as and what it lacks. `Display` is the English the command line
//! prints; the window words it in the user's language from the same values.

use std::fmt;

use super::ColumnRole;
use crate::domain::Period;

/// A header cell and the role it was read as.
pub type FoundColumn = (String, ColumnRole);

/// The columns a table needs that a header lacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MissingColumns {
    pub indicator: bool,
    pub figure: bool,
}

impl MissingColumns {
    /// Whether nothing is missing.
    pub fn is_none(self) -> bool {
        !self.indicator && !self.figure
    }
}

impl fmt::Display for MissingColumns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut missing = Vec::new();
        if self.indicator {
            missing.push(
                "an indicator column (\"Mã chỉ tiêu\" or \"Tên chỉ tiêu\" / indicator_code or indicator_name; for a file of one indicator, give it with `--indicator CODE`)",
            );
        }
        if self.figure {
            missing.push(
                "a figure column (\"Giá trị\", \"Kết quả\", \"Thực hiện\", \"Kế hoạch\" / value, or periods such as \"2021\", \"Năm 2020\")",
            );
        }
        f.write_str(&missing.join(" and "))
    }
}

/// Which list a header was looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Units,
    Catalogue,
    ReformTable,
}

impl ListKind {
    fn english(self) -> &'static str {
        match self {
            ListKind::Units => {
                "the header of an administrative unit list (\"Tỉnh Thành Phố\", \"Mã TP\", \"Quận Huyện\", \"Mã QH\", \"Phường Xã\", \"Mã PX\")"
            }
            ListKind::Catalogue => {
                "the catalogue header (indicator_code,indicator_name,unit,kind,group_code,parent_code,direction,aggregation)"
            }
            ListKind::ReformTable => {
                "the header of the 2025 conversion table (\"Tỉnh, thành phố\", \"Tên Xã mới\", \"Mã Xã mới\", \"Tên Xã cũ\", \"Mã Xã cũ\", \"Ghi chú\", \"Tỉnh cũ\")"
            }
        }
    }
}

/// Why no line (or the chosen one) is a usable header.
#[derive(Clone, Debug, PartialEq)]
pub enum HeaderProblem {
    /// The file has no lines.
    NoLines,
    /// The header line asked for is not among the first lines.
    NoSuchLine { wanted: u64, last: u64 },
    /// The line closest to a header: what it was read as, what it lacks.
    Closest {
        line: u64,
        found: Vec<FoundColumn>,
        missing: MissingColumns,
    },
    /// No line of the first ones names an indicator and a figure column.
    NoneNamed { lines: usize },
    /// A list's header is not among the first lines.
    NotAList { lines: usize, list: ListKind },
    /// The header as read, and what it lacks.
    Missing {
        found: Vec<FoundColumn>,
        missing: MissingColumns,
    },
    /// Columns under a period whose names say no figure chiso knows
    /// (1-based column, header).
    UnnamedColumns { columns: Vec<(usize, String)> },
    /// Two columns read as the same figure (1-based column, header); the
    /// later is left on (ignore), and `more` like it.
    RepeatedFigure {
        first: (usize, String),
        later: (usize, String),
        role: ColumnRole,
        more: usize,
    },
    /// A figure column of no period beside columns of periods.
    StrayFigure {
        column: usize,
        header: String,
        role: ColumnRole,
        periods: Vec<Period>,
    },
}

/// `"Mã chỉ tiêu" = Indicator code, …`: the columns as read, each role
/// named by `label`; None when no column was.
pub fn list_found(found: &[FoundColumn], label: impl Fn(&ColumnRole) -> String) -> Option<String> {
    let listed: Vec<String> = found
        .iter()
        .map(|(cell, role)| format!("\"{cell}\" = {}", label(role)))
        .collect();
    (!listed.is_empty()).then(|| listed.join(", "))
}

/// The columns as the English message lists them.
fn found_text(found: &[FoundColumn]) -> String {
    list_found(found, ColumnRole::label_en).map_or_else(
        || "no column was recognised".to_owned(),
        |listed| format!("recognised {listed}"),
    )
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::NoLines => f.write_str("the file has no lines"),
            HeaderProblem::NoSuchLine { wanted, last } => write!(
                f,
                "line {wanted} is not the start of a line among the first {last} lines"
            ),
            HeaderProblem::Closest {
                line,
                found,
                missing,
            } => write!(
                f,
                "the closest is line {line}, which {}; missing {missing}",
                found_text(found)
            ),
            HeaderProblem::NoneNamed { lines } => write!(
                f,
                "none of the first {lines} lines names an indicator column (\"Mã chỉ tiêu\", \"Tên chỉ tiêu\", indicator_code, indicator_name) and a figure column (\"Giá trị\", \"Kết quả\", value, or periods such as \"2021\")"
            ),
            HeaderProblem::NotAList { lines, list } => {
                write!(f, "none of the first {lines} lines is {}", list.english())
            }
            HeaderProblem::Missing { found, missing } => {
                write!(f, "{}; missing {missing}", found_text(found))
            }
            HeaderProblem::UnnamedColumns { columns } => {
                let names = "(\"Thực hiện\", \"Kế hoạch\", \"Tử số\", \"Mẫu số\")";
                let listed: Vec<String> = columns
                    .iter()
                    .map(|(column, header)| format!("{column} (\"{header}\")"))
                    .collect();
                if let [column] = listed.as_slice() {
                    write!(
                        f,
                        "column {column} stands under a period, but its name says no figure chiso knows, \
                         so chiso cannot tell what it holds: name it in the file {names}, or choose its \
                         role in the import dialog, where it is left on (ignore)"
                    )
                } else {
                    write!(
                        f,
                        "columns {} stand under a period, but their names say no figure chiso knows, so \
                         chiso cannot tell which holds the result: name them in the file {names}, or \
                         choose their roles in the import dialog, where they are left on (ignore)",
                        listed.join(", ")
                    )
                }
            }
            HeaderProblem::RepeatedFigure {
                first,
                later,
                role,
                more,
            } => write!(
                f,
                "columns {} (\"{}\") and {} (\"{}\") are both read as \"{}\", and chiso will not \
                 guess which one holds it: rename one in the file, or choose in the import dialog, \
                 where column {} is left on (ignore){}",
                first.0,
                first.1,
                later.0,
                later.1,
                role.label_en(),
                later.0,
                match more {
                    0 => String::new(),
                    more => format!(
                        " ({more} more column{} like it)",
                        if *more > 1 { "s" } else { "" }
                    ),
                }
            ),
            HeaderProblem::StrayFigure {
                column,
                header,
                role,
                periods,
            } => {
                let (what, example) = stray_words(role);
                write!(
                    f,
                    "column {column} (\"{header}\") holds {what} of no period, beside columns of {}: name the \
                     period in that header (\"{example}\"), or leave the column on (ignore) in the \
                     import dialog",
                    periods
                        .iter()
                        .map(Period::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
    }
}

/// What a stray figure column holds, in English, and a header that names its period.
fn stray_words(role: &ColumnRole) -> (&'static str, &'static str) {
    match role {
        ColumnRole::Value => ("results", "Thực hiện năm 2021"),
        ColumnRole::Numerator => ("numerators", "Tử số năm 2021"),
        ColumnRole::Denominator => ("denominators", "Mẫu số năm 2021"),
        _ => ("targets", "Kế hoạch năm 2021"),
    }
}
