//! Why a file could not be read at all (row-level problems are rejections, not errors).

use std::path::PathBuf;

use super::HeaderProblem;

/// A file refused as a whole: nothing from it should be written.
///
/// Every message names the file, and the line and column where there is one.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {error}")]
    Io {
        path: PathBuf,
        // Shown in the message, not chained, so it is said once.
        error: std::io::Error,
    },

    #[error("cannot read {path} as a workbook: {reason}")]
    Workbook { path: PathBuf, reason: String },

    #[error(
        "{path} has no sheet \"{wanted}\": its sheets are {sheets}; name one with `--sheet NAME` or `--sheet N` (N from 1)"
    )]
    NoSuchSheet {
        path: PathBuf,
        wanted: String,
        sheets: String,
    },

    #[error("{}", choose_sheet_message(path, *tables, sheets))]
    ChooseSheet {
        path: PathBuf,
        /// How many visible sheets read as indicator tables.
        tables: usize,
        sheets: String,
    },

    #[error(
        "{path} holds UTF-8 text that was read as {page} and saved again, so its names are garbled: {cells}; nothing was imported: repair it with `--repair-mojibake` (or the repair box in the import dialog)"
    )]
    Mojibake {
        path: PathBuf,
        page: &'static str,
        cells: String,
    },

    #[error(
        "{path} may hold {name} text, which shows as symbols in Unicode: {cells}; nothing was imported: convert it with `--encoding {label}`, or keep the text as it is with `--encoding windows-1252` (or utf-8)"
    )]
    LegacyText {
        path: PathBuf,
        name: &'static str,
        label: &'static str,
        cells: String,
    },

    #[error("{path} is empty: there is nothing to import")]
    Empty { path: PathBuf },

    #[error(
        "{path} is encoded as {encoding}, which chiso cannot read: save it as UTF-8 (\"CSV UTF-8\" in Excel) and import it again"
    )]
    UnsupportedEncoding { path: PathBuf, encoding: String },

    #[error(
        "{path} mixes encodings: line {utf8_line} is UTF-8 text but line {other_line} is not, and neither is rare enough to be a damaged line; choose the encoding with `--encoding utf-8` (the lines that are not UTF-8 are then rejected) or `--encoding windows-1258`"
    )]
    MixedEncoding {
        path: PathBuf,
        utf8_line: u64,
        other_line: u64,
    },

    #[error("cannot decode {path} as {encoding}: {reason}")]
    Decode {
        path: PathBuf,
        encoding: String,
        reason: String,
    },

    #[error(
        "{path} is an administrative-unit list (its header on line {line} names provinces, districts or communes and their codes), not an indicator table: load it with `chiso import-units {path}`"
    )]
    UnitList { path: PathBuf, line: u64 },

    #[error("no line of {path} looks like the header of an indicator table: {details}")]
    NoHeader {
        path: PathBuf,
        details: Box<HeaderProblem>,
    },

    #[error("line {line} of {path} is not a usable header: {details}")]
    BadHeader {
        path: PathBuf,
        line: u64,
        details: Box<HeaderProblem>,
    },

    #[error(
        "{path} has no agency column: give the agency that filed it with `--agency CODE` (or choose it in the import dialog)"
    )]
    MissingAgency { path: PathBuf },

    #[error(
        "{path} has no agency column chiso recognises, but column {column} (\"{header}\") holds a different name on every row: if these are the agencies, name the column's role with `--column {column}=agency` (or choose it in the import dialog); `--agency CODE` would file every row under one agency"
    )]
    AgencyColumnNotNamed {
        path: PathBuf,
        /// 1-based.
        column: usize,
        header: String,
    },

    #[error(
        "{path} has no indicator column: give the indicator its figures are with `--indicator CODE` (or name the column's role with `--column N=indicator`)"
    )]
    MissingIndicator { path: PathBuf },

    #[error(
        "{path} has no period column and no period in its header: give the period with `--period 2021` (or choose it in the import dialog)"
    )]
    MissingPeriod { path: PathBuf },

    #[error("{}", ambiguous_message(path, examples))]
    AmbiguousNumbers {
        path: PathBuf,
        /// (line, 1-based column, raw text) of the ambiguous cells.
        examples: Vec<(u64, u32, String)>,
    },

    #[error(
        "{path} writes numbers both ways: line {vi_line}, column {vi_column} has \"{vi_raw}\" (only readable in Vietnamese format: \".\" groups thousands, \",\" marks decimals) but line {en_line}, column {en_column} has \"{en_raw}\" (only readable in English format: \",\" groups thousands, \".\" marks decimals); correct the file, or choose with `--numbers vi` or `--numbers en` and let the other cells be rejected"
    )]
    ContradictoryNumbers {
        path: PathBuf,
        vi_line: u64,
        vi_column: u32,
        vi_raw: String,
        en_line: u64,
        en_column: u32,
        en_raw: String,
    },
}

fn ambiguous_message(path: &std::path::Path, examples: &[(u64, u32, String)]) -> String {
    let listed: Vec<String> = examples
        .iter()
        .map(|(line, column, raw)| format!("\"{raw}\" (line {line}, column {column})"))
        .collect();
    let first = examples.first().map_or("3.467", |(_, _, raw)| raw.as_str());
    format!(
        "{}: the numbers {} can be read two ways — in Vietnamese format \".\" groups thousands and \",\" marks decimals (\"3.467\" = 3467), in English format the other way round (\"3.467\" = 3.467) — and no cell of the file decides which (e.g. \"{first}\"); choose with `--numbers vi` or `--numbers en`",
        path.display(),
        listed.join(", ")
    )
}

fn choose_sheet_message(path: &std::path::Path, tables: usize, sheets: &str) -> String {
    let which = if tables == 0 {
        "no visible sheet reads as an indicator table"
    } else {
        "several sheets read as indicator tables"
    };
    format!(
        "{} is a workbook and {which}: its sheets are {sheets}; choose one with `--sheet NAME` or `--sheet N` (N from 1, as Excel shows the tabs)",
        path.display()
    )
}

impl ImportError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> ImportError {
        ImportError::Io {
            path: path.to_path_buf(),
            error: source,
        }
    }
}
