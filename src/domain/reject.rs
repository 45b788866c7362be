//! Why a line of a file was not imported, as data: the cause with the values
//! its message names (column, header, cell text, figures). `Display` is the
//! English the command line and the rejections CSV print; the window says it
//! in the user's language from the same values.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::number::FigureError;
use super::rollup::end_date;
use super::{Level, Period};

/// A piece of input that could not be read, with where it was.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Rejection {
    /// 1-based line in the file.
    pub line: u64,
    /// 1-based column, when one column is at fault.
    pub column: Option<u32>,
    /// The text as it stands in the file.
    pub raw: String,
    /// Why it was rejected.
    pub cause: RejectCause,
}

impl Rejection {
    /// Why it was rejected, in English (the command line's words).
    pub fn message(&self) -> String {
        self.cause.to_string()
    }
}

/// `--json` and other programs read `message` (the English words) beside
/// the cause as data.
impl Serialize for Rejection {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Rejection", 5)?;
        state.serialize_field("line", &self.line)?;
        state.serialize_field("column", &self.column)?;
        state.serialize_field("raw", &self.raw)?;
        state.serialize_field("message", &self.message())?;
        state.serialize_field("cause", &self.cause)?;
        state.end()
    }
}

/// A column named by its 1-based number and its header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedColumn {
    pub column: u32,
    pub header: String,
}

impl fmt::Display for NamedColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {} \"{}\"", self.column, self.header)
    }
}

/// Which part of a unit or an indicator a list's row lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPart {
    Code,
    Name,
}

impl MissingPart {
    fn english(self) -> &'static str {
        match self {
            MissingPart::Code => "code",
            MissingPart::Name => "name",
        }
    }
}

/// Which unit of a row of the 2025 conversion table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReformUnit {
    Province,
    OldDistrict,
    OldProvince,
}

impl ReformUnit {
    fn english(self) -> &'static str {
        match self {
            ReformUnit::Province => "province",
            ReformUnit::OldDistrict => "old district",
            ReformUnit::OldProvince => "old province",
        }
    }
}

/// What is wrong with one cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellProblem {
    /// A NUL byte: the file is damaged or read in the wrong encoding.
    NulByte,
    NoIndicator,
    NotAKind,
    NotALevel,
    NoAgency,
    /// A workbook's number cell that holds no number.
    NotANumber,
    Figure(FigureError),
    FractionNotAllowed,
    NoPeriod,
    NotAPeriod,
    NotADirection,
    NotAnAggregation,
    /// A unit list's province, district or commune without its code or name.
    UnitWithout {
        level: Level,
        part: MissingPart,
    },
    /// A catalogue's indicator without its code or name.
    IndicatorWithout {
        part: MissingPart,
    },
    /// A conversion table's unit written without "(code)".
    NoCodeInParentheses {
        unit: ReformUnit,
    },
    NotAUnitCode,
    UnitHasNoName,
    /// A conversion table's note that says neither whole nor part.
    NotAMergeNote,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellProblem::NulByte => f.write_str(
                "holds a NUL byte (0x00), which no text has: the file is damaged or in another \
                 encoding (choose it with --encoding, or in the import dialog)",
            ),
            CellProblem::NoIndicator => f.write_str("no indicator code or name"),
            CellProblem::NotAKind => f.write_str("not a kind of indicator (rate, count or amount)"),
            CellProblem::NotALevel => f.write_str(
                "not a level (tỉnh/province, sở/department, huyện/district, xã/commune)",
            ),
            CellProblem::NoAgency => f.write_str("no agency code or name"),
            CellProblem::NotANumber => f.write_str("not a number"),
            CellProblem::Figure(error) => write!(f, "{error}"),
            CellProblem::FractionNotAllowed => f.write_str("a fraction is not allowed here"),
            CellProblem::NoPeriod => f.write_str("no period"),
            CellProblem::NotAPeriod => f.write_str(
                "not a period (2021, 2021-H1, 2021-Q4, 2021-12, \"Quý IV/2021\", \"Tháng 12/2021\")",
            ),
            CellProblem::NotADirection => f.write_str("not a direction (higher or lower)"),
            CellProblem::NotAnAggregation => {
                f.write_str("not an aggregation (sum, last, ratio or none)")
            }
            CellProblem::UnitWithout { level, part } => {
                write!(f, "the {} has no {}", level.as_str(), part.english())
            }
            CellProblem::IndicatorWithout { part } => {
                write!(f, "the indicator has no {}", part.english())
            }
            CellProblem::NoCodeInParentheses { unit } => write!(
                f,
                "the {} has no code in parentheses (\"Tỉnh Khánh Hòa (56)\")",
                unit.english()
            ),
            CellProblem::NotAUnitCode => f.write_str("not a unit code (digits)"),
            CellProblem::UnitHasNoName => f.write_str("the unit has no name"),
            CellProblem::NotAMergeNote => f.write_str(
                "the note says neither \"Nhập toàn bộ\" nor \"Nhập một phần\"",
            ),
        }
    }
}

/// A unit's validity: from and to, `None` for open.
pub type ValidSpan = (Option<String>, Option<String>);

/// Why a line, or one figure of it, was not imported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCause {
    /// A cell of an indicator table, named by its column and header.
    Cell {
        column: NamedColumn,
        problem: CellProblem,
    },
    /// A cell of a list (units, the catalogue, the conversion table).
    ListCell { problem: CellProblem },
    /// A workbook's cell ("F11"), and why.
    SheetCell {
        cell: String,
        cause: Box<RejectCause>,
    },
    /// Fewer cells than the header: the needed columns the line lacks.
    ShortLine {
        cells: usize,
        header_cells: usize,
        missing: Vec<NamedColumn>,
    },
    /// No period column, and no period given for the file.
    NoPeriodGiven,
    /// The file ends inside quotes opened on that line.
    CutInQuotes { opened_on: u64 },
    /// Bytes that are not text in the encoding (named when known).
    NotText { encoding: Option<String> },
    /// The CSV reader's own complaint.
    NotCsv { detail: String },
    /// The store found no indicator for the row.
    NamesNoIndicator,
    /// The store found no agency for the row.
    NamesNoAgency,
    /// The code's units were all valid at other times than the period's end.
    UnitNotValidThen {
        code: String,
        period: Period,
        valid: Vec<ValidSpan>,
    },
    /// No unit of the name was valid at the end of the period.
    NoUnitNamed { name: String, period: Period },
    /// Several units of the name were valid: their codes and levels.
    NameMatchesSeveral {
        name: String,
        units: Vec<(String, Option<Level>)>,
    },
    /// The key is given earlier in the file with other figures.
    AlreadyGiven {
        indicator: String,
        agency: String,
        period: String,
        earlier_line: u64,
    },
    /// Recorded by an older chiso, which kept only its English words.
    Recorded { message: String },
}

impl fmt::Display for RejectCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectCause::Cell { column, problem } => write!(f, "{column}: {problem}"),
            RejectCause::ListCell { problem } => write!(f, "{problem}"),
            RejectCause::SheetCell { cell, cause } => write!(f, "cell {cell}: {cause}"),
            RejectCause::ShortLine {
                cells,
                header_cells,
                missing,
            } => {
                let missing = if missing.is_empty() {
                    "cells are".to_owned()
                } else {
                    let named: Vec<String> = missing.iter().map(ToString::to_string).collect();
                    named.join(", ") + " is"
                };
                write!(
                    f,
                    "the line has {cells} cells but the header has {header_cells}: {missing} missing"
                )
            }
            RejectCause::NoPeriodGiven => f.write_str("no period column and no period given"),
            RejectCause::CutInQuotes { opened_on } => write!(
                f,
                "the file ends inside a quoted field opened on line {opened_on}: the file may be cut"
            ),
            RejectCause::NotText {
                encoding: Some(encoding),
            } => {
                write!(f, "the line is not valid {encoding} text")
            }
            RejectCause::NotText { encoding: None } => {
                f.write_str("the line is not valid text in the file's encoding")
            }
            RejectCause::NotCsv { detail } => write!(f, "the line cannot be read as CSV: {detail}"),
            RejectCause::NamesNoIndicator => {
                f.write_str("the row names no indicator (code or name)")
            }
            RejectCause::NamesNoAgency => f.write_str("the row names no agency (code or name)"),
            RejectCause::UnitNotValidThen {
                code,
                period,
                valid,
            } => {
                let spans: Vec<String> = valid.iter().map(span_text).collect();
                write!(
                    f,
                    "unit {code} did not exist at the end of {period} ({}); it was valid {}",
                    end_date(period),
                    spans.join(", ")
                )
            }
            RejectCause::NoUnitNamed { name, period } => write!(
                f,
                "no unit named \"{name}\" existed at the end of {period} ({}); give the unit's code",
                end_date(period)
            ),
            RejectCause::NameMatchesSeveral { name, units } => {
                let listed: Vec<String> = units
                    .iter()
                    .map(|(code, level)| {
                        format!("{code} ({})", level.map_or("no level", Level::as_str))
                    })
                    .collect();
                write!(
                    f,
                    "the name \"{name}\" matches {} units: {}; give the unit's code or its level",
                    units.len(),
                    listed.join(", ")
                )
            }
            RejectCause::AlreadyGiven {
                indicator,
                agency,
                period,
                earlier_line,
            } => write!(
                f,
                "{indicator} / {agency} / {period} is already given on line {earlier_line} with a different figure; \
                 the later line is not imported"
            ),
            RejectCause::Recorded { message } => f.write_str(message),
        }
    }
}

/// "2021-07-01–…", as a validity span is written.
pub fn span_text((from, to): &ValidSpan) -> String {
    format!(
        "{}–{}",
        from.as_deref().unwrap_or("…"),
        to.as_deref().unwrap_or("…")
    )
}

impl RejectCause {
    /// The cause under a workbook's cell reference.
    pub fn innermost(&self) -> &RejectCause {
        match self {
            RejectCause::SheetCell { cause, .. } => cause.innermost(),
            other => other,
        }
    }

    /// The stable text form kept in the database (`import_rejection.cause`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the database's form back; None for one this build does not know.
    pub fn from_json(text: &str) -> Option<RejectCause> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NumberFormat;

    /// The English words are the ones the command line printed before the
    /// cause became data.
    #[test]
    fn causes_say_what_they_said_in_english() {
        let cause = RejectCause::Cell {
            column: NamedColumn {
                column: 4,
                header: "Giá trị".to_owned(),
            },
            problem: CellProblem::Figure(FigureError::NotInFormat {
                text: "46.8".to_owned(),
                format: NumberFormat::Vi,
            }),
        };
        assert_eq!(
            cause.to_string(),
            "column 4 \"Giá trị\": \"46.8\" is not a number in Vietnamese format (\".\" groups thousands, \",\" marks decimals)"
        );
        let short = RejectCause::ShortLine {
            cells: 3,
            header_cells: 5,
            missing: vec![NamedColumn {
                column: 4,
                header: "Giá trị".to_owned(),
            }],
        };
        assert_eq!(
            short.to_string(),
            "the line has 3 cells but the header has 5: column 4 \"Giá trị\" is missing"
        );
    }

    /// The database keeps the cause as JSON and reads the same cause back.
    #[test]
    fn a_cause_survives_its_stored_form() {
        let cause = RejectCause::SheetCell {
            cell: "F11".to_owned(),
            cause: Box::new(RejectCause::NameMatchesSeveral {
                name: "Cam Lâm".to_owned(),
                units: vec![
                    ("568".to_owned(), Some(Level::District)),
                    ("22736".to_owned(), None),
                ],
            }),
        };
        let stored = cause.to_json();
        assert_eq!(RejectCause::from_json(&stored), Some(cause));
        assert_eq!(RejectCause::from_json("{\"from_a_later_build\":1}"), None);
    }
}
