//! Bytes → domain rows: encoding, dialect, header and column roles, and row
//! normalisation on the way in. No SQL.
//!
//! An import is two calls: [`detect`] looks at the file (encoding, delimiter,
//! header line, column roles, number format from the evidence of every
//! figure cell) and [`read_records`] streams its observations to a sink. The
//! file is never held in memory as a whole. A detection opens the file once:
//! everything it looks at reads through one [`Source`] (`source.rs`).

mod decode;
mod dialect;
mod error;
mod fast;
mod header_problem;
mod legacy;
mod lists;
mod reform;
mod roles;
mod rows;
mod shown;
mod source;
mod workbook;
mod xlsx_scan;

use std::ops::ControlFlow;
use std::path::Path;

use crate::domain::number::{self, NumberEvidence, NumberFormat};
use crate::domain::{ObservationRecord, Period, RejectCause, Rejection, text};

pub use decode::{encoding_label, parse_encoding};
pub use dialect::{RawTable, read_raw_table};
pub use error::ImportError;
pub use header_problem::{FoundColumn, HeaderProblem, ListKind, MissingColumns, list_found};
pub use legacy::{LegacyEncoding, LegacyText, Misreading};
pub use lists::{IndicatorSpec, UnitRow, read_indicator_catalogue, read_unit_list};
pub use reform::read_reform_table;
pub use roles::{CANONICAL_HEADER, ColumnRole, role_of_name};
pub use source::Source;
pub use workbook::{
    SheetInfo, SheetSource, WorkbookKind, cell_reference, sheet_path, sheets_of, workbook_kind,
    workbook_sheets,
};

use dialect::{RecordStream, StreamProblem};
use rows::{Layout, LineOutcome};

/// How many lines after the header the preview shows.
const PREVIEW_ROWS: usize = 30;
/// How many lines from the top may hold titles above the header.
const HEADER_SEARCH_RECORDS: usize = 60;
/// Progress is reported after this many bytes.
const PROGRESS_BYTES: u64 = 64 * 1024;
/// How many ambiguous numbers an error lists.
const AMBIGUOUS_EXAMPLES: usize = 5;
/// How much of a file the number-format scan reads before it trusts the
/// format its cells decided; [`read_records`] checks the rest as it reads.
const EVIDENCE_PREFIX_BYTES: u64 = 1 << 20;
/// The UTF-8 bytes of [`workbook::TYPED`].
const TYPED_BYTES: &[u8] = "\u{E000}".as_bytes();

/// What the user (or the command line) decided instead of detection.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Override encoding detection.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Override delimiter detection.
    pub delimiter: Option<u8>,
    /// Override the number format the evidence decides.
    pub numbers: Option<NumberFormat>,
    /// 1-based physical line of the header.
    pub header_line: Option<u64>,
    /// The role of each column, in order (the import dialog).
    pub roles: Option<Vec<ColumnRole>>,
    /// Agency code for a file with no agency column (never overrides a column).
    pub agency: Option<String>,
    /// Period for a file with no period column (never overrides a column).
    pub period: Option<Period>,
    /// The sheet of a workbook to read: its name, or its number from 1.
    pub sheet: Option<String>,
    /// Indicator code for a file with no indicator column (never overrides a column).
    pub indicator: Option<String>,
    /// Roles given for some columns (`--column 1=agency`): (0-based index,
    /// role), over what the header says.
    pub column_roles: Vec<(usize, ColumnRole)>,
    /// A legacy Vietnamese encoding chosen (`--encoding viscii|tcvn3|vni`).
    pub legacy: Option<LegacyEncoding>,
    /// Repair UTF-8 text that was read in a code page and saved again.
    pub repair_mojibake: bool,
}

impl ImportOptions {
    /// The roles a header's cells name, with the roles given for columns over them.
    fn roles_of(&self, cells: &[String]) -> Vec<ColumnRole> {
        let mut roles = roles::roles_of_header(cells);
        self.apply_column_roles(&mut roles);
        roles
    }

    fn apply_column_roles(&self, roles: &mut Vec<ColumnRole>) {
        for (index, role) in &self.column_roles {
            if roles.len() <= *index {
                roles.resize(index + 1, ColumnRole::Ignore);
            }
            // A role given to one column is no longer another's.
            for other in roles.iter_mut() {
                if other == role && *role != ColumnRole::Ignore {
                    *other = ColumnRole::Ignore;
                }
            }
            roles[*index] = role.clone();
        }
    }

    /// What the roles lack for an indicator table, counting what the options fill in.
    fn missing_for_table(&self, roles: &[ColumnRole]) -> Option<MissingColumns> {
        if self
            .indicator
            .as_deref()
            .is_some_and(|code| !code.trim().is_empty())
        {
            let mut with_indicator = roles.to_vec();
            with_indicator.push(ColumnRole::IndicatorCode);
            return roles::missing_for_table(&with_indicator);
        }
        roles::missing_for_table(roles)
    }
}

/// One column of the header and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnInfo {
    /// 0-based position.
    pub index: usize,
    pub header: String,
    pub role: ColumnRole,
    /// The period the column stands under (its own header, or the caption
    /// above it on a two-row header): the import dialog offers that period's
    /// roles for it.
    pub period: Option<Period>,
}

/// A line after the header, as the preview shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    pub line: u64,
    pub cells: Vec<String>,
    /// Why the line will be skipped, if it will.
    pub skip: Option<SkipReason>,
}

/// What [`detect`] found out about a file.
#[derive(Clone, Debug)]
pub struct Detection {
    pub encoding: &'static encoding_rs::Encoding,
    pub bom: bool,
    pub delimiter: u8,
    pub number_format: NumberFormat,
    /// Which cell decided the number format.
    pub number_evidence: Option<FormatEvidence>,
    /// The cell that decided the number format when only the first part of
    /// the file was scanned: [`read_records`] fails on a later cell that
    /// only the other format reads.
    number_witness: Option<Witness>,
    /// 1-based physical line.
    pub header_line: u64,
    /// How many records (lines, or more when a quoted cell spans lines)
    /// come before the header: the titles.
    pub header_index: usize,
    /// The line of the header's second row, when it is written on two rows
    /// (see [`roles::Header`]).
    pub second_header_line: Option<u64>,
    pub columns: Vec<ColumnInfo>,
    /// The header is exactly the canonical header: nothing was guessed.
    pub canonical: bool,
    pub preview: Vec<PreviewRow>,
    pub file_size: u64,
    /// The file ends lines with a lone CR somewhere (old Mac style).
    pub lone_cr: bool,
    /// The sheet read, when the file is a workbook.
    pub workbook: Option<SheetSource>,
    /// The file's text fixed (VISCII decoded, misread UTF-8 repaired,
    /// TCVN3 or VNI converted), when it needed it: what is read.
    transcoded: Option<std::sync::Arc<tempfile::TempPath>>,
    /// The encoding's name when it is none encoding_rs knows ("viscii", "tcvn3", "vni").
    encoding_name: Option<String>,
    /// Why the encoding was taken, in words (`--json` shows it).
    pub encoding_evidence: String,
    /// Why the encoding was taken (the dialog says it in its language).
    pub encoding_reason: EncodingReason,
}

impl Detection {
    /// WHATWG label of the encoding ("windows-1258", "utf-8", "utf-16le").
    pub fn encoding_label(&self) -> String {
        self.encoding_name
            .clone()
            .unwrap_or_else(|| encoding_label(self.encoding))
    }

    /// The delimiter as a character (`,` `;` tab `|`).
    pub fn delimiter_char(&self) -> char {
        char::from(self.delimiter)
    }

    /// The file the records are read from: the file itself, or a workbook
    /// sheet's CSV text.
    fn source<'a>(&'a self, path: &'a Path) -> &'a Path {
        if let Some(fixed) = &self.transcoded {
            return fixed;
        }
        self.workbook.as_ref().map_or(path, SheetSource::csv_path)
    }

    /// The file as messages and the batch name it: `file.xlsx#Sheet1` for a sheet.
    pub fn display_path(&self, path: &Path) -> std::path::PathBuf {
        match &self.workbook {
            Some(source) => sheet_path(path, &source.sheet),
            None => path.to_path_buf(),
        }
    }

    fn sniffed_encoding(&self) -> decode::SniffedEncoding {
        let bom_len = if !self.bom {
            0
        } else if self.encoding == encoding_rs::UTF_8 {
            3
        } else {
            2
        };
        decode::SniffedEncoding {
            encoding: self.encoding,
            bom_len,
        }
    }

    fn roles(&self) -> Vec<ColumnRole> {
        self.columns
            .iter()
            .map(|column| column.role.clone())
            .collect()
    }

    fn layout(&self, options: &ImportOptions) -> Layout {
        let headers = self
            .columns
            .iter()
            .map(|column| column.header.clone())
            .collect();
        let mut layout = Layout::new(headers, &self.roles(), self.number_format);
        layout.agency_fill = options.agency.as_ref().map(|code| text::clean(code));
        layout.period_fill = options.period;
        layout.indicator_fill = options
            .indicator
            .as_ref()
            .map(|code| text::clean(code))
            .filter(|code| !code.is_empty());
        if layout.unit.is_none() {
            layout.unit_fill = self.columns.iter().find_map(|column| {
                column
                    .role
                    .is_figure()
                    .then(|| roles::unit_in_brackets(&column.header))
                    .flatten()
            });
        }
        layout
    }

    /// A column with no role holding a different name (words, not numbers)
    /// on every data row of the preview: (index, header).
    fn column_of_names(&self) -> Option<(usize, String)> {
        let rows: Vec<&PreviewRow> = self
            .preview
            .iter()
            .filter(|row| row.skip.is_none())
            .collect();
        if rows.len() < 2 {
            return None;
        }
        self.columns.iter().find_map(|column| {
            if column.role != ColumnRole::Ignore {
                return None;
            }
            let mut seen = std::collections::HashSet::new();
            rows.iter()
                .all(|row| {
                    let cell = row.cells.get(column.index).map_or("", |cell| cell.trim());
                    roles::is_a_name(cell) && seen.insert(text::fold(cell))
                })
                .then(|| (column.index, column.header.clone()))
        })
    }

    /// The index of the first record after the header.
    fn data_index(&self) -> usize {
        self.header_index + 1 + usize::from(self.second_header_line.is_some())
    }

    /// Whether the file can be read with these options: an agency and a
    /// period must come from a column or from the options.
    pub fn check_complete(&self, path: &Path, options: &ImportOptions) -> Result<(), ImportError> {
        let layout = self.layout(options);
        if !layout.has_indicator_column() && layout.indicator_fill.is_none() {
            return Err(ImportError::MissingIndicator {
                path: path.to_path_buf(),
            });
        }
        if !layout.has_agency_column() && layout.agency_fill.as_deref().is_none_or(str::is_empty) {
            // A column of a different name on every row is the agencies'
            // most likely: one agency for all rows would file them as repeats.
            if let Some((index, header)) = self.column_of_names() {
                return Err(ImportError::AgencyColumnNotNamed {
                    path: path.to_path_buf(),
                    column: index + 1,
                    header,
                });
            }
            return Err(ImportError::MissingAgency {
                path: path.to_path_buf(),
            });
        }
        if !layout.has_period() && layout.period_fill.is_none() {
            return Err(ImportError::MissingPeriod {
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }
}

/// Why an encoding was taken: what the dialog says in the user's language
/// (`Detection::encoding_evidence` says it in English, for `--json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodingReason {
    /// The user chose it.
    Chosen,
    /// The file starts with its byte order mark.
    ByteOrderMark,
    /// Every byte sequence is UTF-8.
    ValidUtf8,
    /// Every other byte is zero.
    Utf16Pattern,
    /// Not UTF-8: the likeliest Windows code page.
    LikeliestCodePage,
    /// A workbook's text is Unicode already.
    Workbook,
    /// Read as VISCII, its words are Vietnamese.
    Viscii,
    /// UTF-8 misread in this code page and saved again, repaired: a cell as
    /// written and as repaired.
    Repaired {
        page: &'static str,
        example: (String, String),
    },
    /// TCVN3 or VNI text converted: how many cells showed it, and one.
    Converted {
        encoding: LegacyText,
        cells: usize,
        example: (String, String),
    },
}

/// Why a line is not data. `Display` is the English the command line prints;
/// the window says it in the user's language from the variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    EmptyLine,
    NoteBelowTable,
    SignatureBelowTable,
    TextBelowTable,
    TotalRow,
    NationalTotalRow,
    SectionHeading,
    TextWithoutFigure,
    NoFigureInPeriods,
    TitleAboveHeader,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::EmptyLine => "empty line",
            SkipReason::NoteBelowTable => "note below the table",
            SkipReason::SignatureBelowTable => "signature or date line below the table",
            SkipReason::TextBelowTable => "text below the table",
            SkipReason::TotalRow => "total row",
            SkipReason::NationalTotalRow => "national or regional total row",
            SkipReason::SectionHeading => "section heading",
            SkipReason::TextWithoutFigure => "heading or text line without a figure",
            SkipReason::NoFigureInPeriods => "no figure in any period column",
            SkipReason::TitleAboveHeader => "title above the header",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        out.write_str(self.as_str())
    }
}

/// How the number format was decided. `Display` is the English sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatEvidence {
    /// chiso's own canonical header: English format.
    Canonical,
    /// The user chose it.
    Chosen(NumberFormat),
    /// A workbook stores every number as a number.
    AllStoredAsNumbers,
    /// Whole numbers only: both formats read the same.
    NoDistinction,
    /// This cell reads only in `format`.
    Cell {
        line: u64,
        column: u32,
        raw: String,
        format: NumberFormat,
    },
}

impl std::fmt::Display for FormatEvidence {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatEvidence::Canonical => {
                out.write_str("the canonical header: numbers are in English format")
            }
            FormatEvidence::Chosen(format) => write!(out, "chosen: {}", format.as_str()),
            FormatEvidence::AllStoredAsNumbers => out
                .write_str("every number of the sheet is stored as a number: none needs a format"),
            FormatEvidence::NoDistinction => out.write_str(
                "no cell tells the formats apart (whole numbers only): both read the same",
            ),
            FormatEvidence::Cell {
                line,
                column,
                raw,
                format,
            } => write!(
                out,
                "line {line}, column {column}: \"{raw}\" is only readable in {} format",
                match format {
                    NumberFormat::Vi => "Vietnamese",
                    NumberFormat::En => "English",
                }
            ),
        }
    }
}

/// A line that is not data, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub line: u64,
    pub reason: SkipReason,
    /// The line's cells joined by the delimiter (cut when long).
    pub text: String,
}

/// What [`read_records`] hands to its sink.
// Records are handed over one at a time; boxing them would cost an
// allocation per observation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ReadEvent {
    Record(ObservationRecord),
    Rejected(Rejection),
    Skipped(Skipped),
    Progress { bytes_read: u64, bytes_total: u64 },
}

/// Counts of a finished (or cancelled) read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Observations emitted plus observations rejected.
    pub rows_read: u64,
    /// Physical lines of the file.
    pub lines: u64,
    /// Lines skipped as not data (titles, sections, totals, notes).
    pub skipped: u64,
    /// The sink asked to stop.
    pub cancelled: bool,
}

/// Looks at a file and decides how to read it. Fails when the file cannot be
/// read with these options (no header, ambiguous numbers, no agency or
/// period); [`detect_for_preview`] returns what was found even then.
pub fn detect(path: &Path, options: &ImportOptions) -> Result<Detection, ImportError> {
    let (detection, problem) = detect_for_preview(path, options)?;
    match problem {
        Some(problem) => Err(problem),
        None => Ok(detection),
    }
}

/// Like [`detect`], but returns the detection together with the problem that
/// would stop the import (so the import dialog can show the preview and ask
/// for the missing choice). Fails only when there is nothing to show.
pub fn detect_for_preview(
    path: &Path,
    options: &ImportOptions,
) -> Result<(Detection, Option<ImportError>), ImportError> {
    detect_source(&Source::open(path)?, options)
}

/// [`detect_for_preview`] over a file opened once: every look at the file
/// (its kind, encoding, dialect, header, number evidence, preview, a
/// workbook's sheets and merged cells) reads through `source`.
pub fn detect_source(
    source: &Source,
    options: &ImportOptions,
) -> Result<(Detection, Option<ImportError>), ImportError> {
    if let Some(kind) = workbook::kind_of(source)? {
        return workbook::detect_sheet(source, kind, options);
    }
    detect_text(source, source.path(), options)
}

/// How many cells a message about misread text lists.
const TEXT_EXAMPLES: usize = 5;
/// How many cells must show a legacy encoding for it to be converted
/// without asking.
const LEGACY_SURE_CELLS: usize = 3;

/// A cell whose text is not what it seems: (line, 1-based column, raw, as fixed).
type TextCell = (u64, usize, String, String);

/// What the text of a file's first records shows.
#[derive(Default)]
struct TextFindings {
    mojibake: Vec<TextCell>,
    misreading: Option<legacy::Misreading>,
    tcvn3: Vec<TextCell>,
    vni: Vec<TextCell>,
}

fn text_findings(sample: &[(u64, Vec<String>)]) -> TextFindings {
    let mut found = TextFindings::default();
    for (line, cells) in sample {
        for (index, cell) in cells.iter().enumerate() {
            if cell.is_ascii() {
                continue;
            }
            let at = |converted: String| (*line, index + 1, cell.trim().to_owned(), converted);
            if let Some((repaired, page)) = legacy::repair_mojibake(cell) {
                if found.misreading.is_none_or(|known| known == page) {
                    found.misreading = Some(page);
                    found.mojibake.push(at(repaired));
                }
            } else if legacy::LegacyText::Tcvn3.shows_in(cell) {
                found
                    .tcvn3
                    .push(at(legacy::LegacyText::Tcvn3.convert(cell)));
            } else if legacy::LegacyText::Vni.shows_in(cell) {
                found.vni.push(at(legacy::LegacyText::Vni.convert(cell)));
            }
        }
    }
    found
}

fn list_cells(cells: &[TextCell]) -> String {
    cells
        .iter()
        .take(TEXT_EXAMPLES)
        .map(|(line, column, raw, converted)| {
            format!("line {line}, column {column}: \"{raw}\" → \"{converted}\"")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How a file's text is turned into the text chiso reads.
#[derive(Clone, Copy, Debug)]
enum TextFix {
    Viscii,
    Repair(legacy::Misreading),
    Legacy(legacy::LegacyText),
}

/// Writes the file's text, fixed, to a temporary UTF-8 file. The file is
/// read whole: these are small legacy files.
fn write_fixed_text(
    source: &Source,
    path: &Path,
    sniffed: &dialect::Sniffed,
    fix: TextFix,
) -> Result<tempfile::TempPath, ImportError> {
    use std::io::Write as _;
    let bytes = source
        .read_all()
        .map_err(|error| ImportError::io(path, error))?;
    let text = match fix {
        TextFix::Viscii => legacy::decode_viscii(&bytes),
        _ => decode::decode_head(&bytes, sniffed.encoding),
    };
    let temp = tempfile::Builder::new()
        .prefix("chiso-text-")
        .suffix(".csv")
        .tempfile()
        .map_err(|error| ImportError::io(path, error))?;
    let (file, temp_path) = temp.into_parts();
    let mut out = std::io::BufWriter::new(file);
    for line in text.split_inclusive('\n') {
        let fixed = match fix {
            TextFix::Viscii => line.to_owned(),
            TextFix::Repair(page) => legacy::repair_line(line, page),
            TextFix::Legacy(encoding) => encoding.convert(line),
        };
        out.write_all(fixed.as_bytes())
            .map_err(|error| ImportError::io(path, error))?;
    }
    out.flush().map_err(|error| ImportError::io(path, error))?;
    Ok(temp_path)
}

/// Detection of a text file, with its text checked for what it is not:
/// VISCII bytes, UTF-8 misread and saved again, TCVN3 or VNI text.
/// `source` is read, `path` is what messages name (a workbook sheet's CSV
/// text is read from a temporary file).
fn detect_text(
    source: &Source,
    path: &Path,
    options: &ImportOptions,
) -> Result<(Detection, Option<ImportError>), ImportError> {
    let sniffed = dialect::sniff(source, options.encoding, options.delimiter)?;
    let forced = options.encoding.is_some();
    let mut fix = match options.legacy {
        Some(legacy::LegacyEncoding::Viscii) => Some(TextFix::Viscii),
        Some(legacy::LegacyEncoding::Tcvn3) => Some(TextFix::Legacy(legacy::LegacyText::Tcvn3)),
        Some(legacy::LegacyEncoding::Vni) => Some(TextFix::Legacy(legacy::LegacyText::Vni)),
        None => None,
    };
    let mut evidence = match (options.legacy, forced) {
        (Some(encoding), _) => format!("chosen: --encoding {}", encoding.label()),
        (None, true) => format!(
            "chosen: --encoding {}",
            encoding_label(sniffed.encoding.encoding)
        ),
        (None, false) => sniffed_evidence(&sniffed),
    };
    let mut reason = if options.legacy.is_some() || forced {
        EncodingReason::Chosen
    } else if sniffed.encoding.bom_len > 0 {
        EncodingReason::ByteOrderMark
    } else if sniffed.encoding.encoding == encoding_rs::UTF_8 {
        EncodingReason::ValidUtf8
    } else if sniffed.encoding.encoding == encoding_rs::UTF_16LE
        || sniffed.encoding.encoding == encoding_rs::UTF_16BE
    {
        EncodingReason::Utf16Pattern
    } else {
        EncodingReason::LikeliestCodePage
    };
    let example = |cells: &[TextCell]| {
        cells
            .first()
            .map(|(_, _, raw, fixed)| (raw.clone(), fixed.clone()))
            .unwrap_or_default()
    };
    // Bytes that are not UTF-8 and read as VISCII far better than as a Windows code page.
    let single_byte = ![
        encoding_rs::UTF_8,
        encoding_rs::UTF_16LE,
        encoding_rs::UTF_16BE,
    ]
    .contains(&sniffed.encoding.encoding);
    if fix.is_none() && !forced && single_byte {
        let head = source.head(decode::HEAD_BYTES);
        if sniffed.encoding.bom_len == 0 && legacy::looks_viscii(head) {
            fix = Some(TextFix::Viscii);
            reason = EncodingReason::Viscii;
            evidence = "not UTF-8, and read as VISCII its words are Vietnamese (as Windows-1258 they are not)".to_owned();
        }
    }
    if fix.is_none() && !forced {
        let sample = dialect::sample_records(
            &sniffed.head_text,
            sniffed.delimiter,
            HEADER_SEARCH_RECORDS + PREVIEW_ROWS + 1,
        );
        let found = text_findings(&sample);
        if let Some(page) = found.misreading {
            if options.repair_mojibake {
                fix = Some(TextFix::Repair(page));
                reason = EncodingReason::Repaired {
                    page: page.label(),
                    example: example(&found.mojibake),
                };
                evidence = format!(
                    "{evidence}; its text is UTF-8 once read as {} and saved again, repaired (--repair-mojibake): {}",
                    page.label(),
                    list_cells(&found.mojibake)
                );
            } else {
                return Err(ImportError::Mojibake {
                    path: path.to_path_buf(),
                    page: page.label(),
                    cells: list_cells(&found.mojibake),
                });
            }
        } else if !found.tcvn3.is_empty() || !found.vni.is_empty() {
            let (encoding, cells, other) = if found.tcvn3.len() >= found.vni.len() {
                (legacy::LegacyText::Tcvn3, &found.tcvn3, &found.vni)
            } else {
                (legacy::LegacyText::Vni, &found.vni, &found.tcvn3)
            };
            if cells.len() >= LEGACY_SURE_CELLS && other.is_empty() {
                fix = Some(TextFix::Legacy(encoding));
                reason = EncodingReason::Converted {
                    encoding,
                    cells: cells.len(),
                    example: example(cells),
                };
                evidence = format!(
                    "{evidence}; its text is {} ({} cells show it), converted to Unicode: {}",
                    encoding.name(),
                    cells.len(),
                    list_cells(cells)
                );
            } else {
                return Err(ImportError::LegacyText {
                    path: path.to_path_buf(),
                    name: encoding.name(),
                    label: encoding.label(),
                    cells: list_cells(cells),
                });
            }
        }
    }
    let Some(fix) = fix else {
        let (mut detection, problem) = detect_plain(source, &sniffed, path, options)?;
        detection.encoding_evidence = evidence;
        detection.encoding_reason = reason;
        return Ok((detection, problem));
    };
    let fixed = write_fixed_text(source, path, &sniffed, fix)?;
    let plain_options = ImportOptions {
        encoding: Some(encoding_rs::UTF_8),
        legacy: None,
        repair_mojibake: false,
        ..options.clone()
    };
    // The fixed text is chiso's own file, read as UTF-8.
    let fixed_source = Source::open(&fixed)?;
    let fixed_sniffed = dialect::sniff(
        &fixed_source,
        plain_options.encoding,
        plain_options.delimiter,
    )?;
    let (mut detection, problem) =
        detect_plain(&fixed_source, &fixed_sniffed, path, &plain_options)?;
    detection.encoding_evidence = evidence;
    detection.encoding_reason = reason;
    detection.encoding_name = Some(match fix {
        TextFix::Viscii => "viscii".to_owned(),
        TextFix::Legacy(encoding) => encoding.label().to_owned(),
        TextFix::Repair(_) => encoding_label(sniffed.encoding.encoding),
    });
    detection.transcoded = Some(std::sync::Arc::new(fixed));
    Ok((detection, problem))
}

/// Why the encoding was taken, in words.
fn sniffed_evidence(sniffed: &dialect::Sniffed) -> String {
    let label = encoding_label(sniffed.encoding.encoding);
    if sniffed.encoding.bom_len > 0 {
        format!("{label}: the file starts with its byte order mark")
    } else if sniffed.encoding.encoding == encoding_rs::UTF_8 {
        "utf-8: the bytes are UTF-8".to_owned()
    } else if sniffed.encoding.encoding == encoding_rs::UTF_16LE
        || sniffed.encoding.encoding == encoding_rs::UTF_16BE
    {
        format!("{label}: every other byte is zero, as in UTF-16 text")
    } else {
        format!(
            "{label}: the bytes are not UTF-8; the likeliest Windows code page for Vietnamese text (chardetng)"
        )
    }
}

/// Detection of a text file as it is (see [`detect_text`]), from what its
/// start showed (`sniffed`, with the same options).
fn detect_plain(
    source: &Source,
    sniffed: &dialect::Sniffed,
    path: &Path,
    options: &ImportOptions,
) -> Result<(Detection, Option<ImportError>), ImportError> {
    let mut sample = dialect::sample_records(
        &sniffed.head_text,
        sniffed.delimiter,
        HEADER_SEARCH_RECORDS + PREVIEW_ROWS + 1,
    );
    if !sniffed.complete && sample.len() > 1 {
        sample.pop();
    }
    let header_index = find_header(path, &sample, options)?;
    let (header_line, header_cells) =
        sample
            .get(header_index)
            .cloned()
            .ok_or_else(|| ImportError::NoHeader {
                path: path.to_path_buf(),
                details: Box::new(HeaderProblem::NoLines),
            })?;
    let canonical = roles::is_canonical_header(&header_cells) && options.roles.is_none();
    let header = match sample.get(header_index + 1) {
        Some((_, below)) if !canonical => roles::second_header_row(&header_cells, below),
        _ => None,
    }
    .unwrap_or_else(|| roles::one_row_header(&header_cells));
    let mut roles = if canonical {
        roles::canonical_roles()
    } else if let Some(roles) = &options.roles {
        roles.clone()
    } else {
        let mut roles = header.roles.clone();
        options.apply_column_roles(&mut roles);
        roles
    };
    let headers = &header.headers;
    roles.resize(headers.len().max(roles.len()), ColumnRole::Ignore);
    // Roles the user chose are taken as they are.
    let period_problem = if options.roles.is_some() {
        None
    } else {
        // Always checked: it sets a stray column aside.
        let stray = roles::check_periods(&mut roles, headers).err();
        roles::unnamed_columns_problem(&header)
            .or_else(|| roles::repeated_figures_problem(&header))
            .or(stray)
    };
    // When columns were set aside, they may be what is missing: the problem
    // says why, and the preview is where their roles are chosen.
    if let Some(missing) = options.missing_for_table(&roles)
        && period_problem.is_none()
    {
        return Err(ImportError::BadHeader {
            path: path.to_path_buf(),
            line: header_line,
            details: Box::new(HeaderProblem::Missing {
                found: roles::describe_roles(headers, &roles),
                missing,
            }),
        });
    }
    let period_problem = period_problem.map(|details| ImportError::BadHeader {
        path: path.to_path_buf(),
        line: header_line,
        details: Box::new(details),
    });
    let columns: Vec<ColumnInfo> = roles
        .iter()
        .enumerate()
        .map(|(index, role)| ColumnInfo {
            index,
            header: headers.get(index).cloned().unwrap_or_default(),
            role: role.clone(),
            period: header
                .periods
                .get(index)
                .copied()
                .flatten()
                .or_else(|| role.period()),
        })
        .collect();
    let mut detection = Detection {
        encoding: sniffed.encoding.encoding,
        bom: sniffed.encoding.bom_len > 0,
        delimiter: sniffed.delimiter,
        number_format: NumberFormat::En,
        number_evidence: None,
        number_witness: None,
        header_line,
        header_index,
        second_header_line: header.two_rows.then(|| sample[header_index + 1].0),
        columns,
        canonical,
        preview: Vec::new(),
        file_size: sniffed.file_size,
        lone_cr: sniffed.lone_cr,
        workbook: None,
        transcoded: None,
        encoding_name: None,
        encoding_evidence: String::new(),
        encoding_reason: EncodingReason::Chosen,
    };
    let mut problem = period_problem;
    if canonical && options.numbers.is_none() {
        detection.number_format = NumberFormat::En;
        detection.number_evidence = Some(FormatEvidence::Canonical);
    } else if let Some(format) = options.numbers {
        detection.number_format = format;
        detection.number_evidence = Some(FormatEvidence::Chosen(format));
    } else {
        match scan_number_evidence(source, path, &detection)? {
            Ok((format, evidence, witness)) => {
                detection.number_format = format;
                detection.number_evidence = evidence;
                detection.number_witness = witness;
            }
            Err(error) => {
                detection.number_format = NumberFormat::Vi;
                problem = problem.or(Some(error));
            }
        }
    }
    let layout = detection.layout(options);
    let mut in_footer = false;
    for (line, cells) in sample
        .iter()
        .skip(detection.data_index())
        .take(PREVIEW_ROWS)
    {
        let record = csv::ByteRecord::from(cells.clone());
        let skip = match fast::Row::new(&record) {
            Some(row) => match layout.read_line(*line, &row, &mut in_footer) {
                LineOutcome::Skip(reason) => Some(reason),
                LineOutcome::Record(_) | LineOutcome::Records(_) => None,
            },
            None => None,
        };
        detection.preview.push(PreviewRow {
            line: *line,
            cells: cells
                .iter()
                .map(|cell| text::nfc(workbook::shown_text(cell)).into_owned())
                .collect(),
            skip,
        });
    }
    if problem.is_none() {
        problem = detection.check_complete(path, options).err();
    }
    Ok((detection, problem))
}

/// The index (in `sample`) of the header line.
fn find_header(
    path: &Path,
    sample: &[(u64, Vec<String>)],
    options: &ImportOptions,
) -> Result<usize, ImportError> {
    if let Some(wanted) = options.header_line {
        return sample
            .iter()
            .position(|(line, _)| *line == wanted)
            .ok_or_else(|| ImportError::NoHeader {
                path: path.to_path_buf(),
                details: Box::new(HeaderProblem::NoSuchLine {
                    wanted,
                    last: sample.last().map_or(0, |(line, _)| *line),
                }),
            });
    }
    if let Some(first) = sample.first()
        && roles::is_canonical_header(&first.1)
    {
        return Ok(0);
    }
    let mut best: Option<(usize, usize)> = None;
    let mut closest: Option<(usize, usize, Vec<ColumnRole>)> = None;
    for (index, (_, cells)) in sample.iter().enumerate().take(HEADER_SEARCH_RECORDS) {
        let roles = options.roles_of(cells);
        let score = roles::header_score(&roles);
        if options.missing_for_table(&roles).is_none() {
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((index, score));
            }
        } else if closest
            .as_ref()
            .is_none_or(|(_, closest_score, _)| score > *closest_score)
        {
            closest = Some((index, score, roles));
        }
    }
    if let Some((index, _)) = best {
        return Ok(index);
    }
    if let Some((line, _)) = sample
        .iter()
        .take(HEADER_SEARCH_RECORDS)
        .find(|(_, cells)| lists::is_unit_list_header(cells))
    {
        return Err(ImportError::UnitList {
            path: path.to_path_buf(),
            line: *line,
        });
    }
    let details = match closest {
        Some((index, score, roles)) if score > 0 => {
            let (line, cells) = &sample[index];
            HeaderProblem::Closest {
                line: *line,
                found: roles::describe_roles(cells, &roles),
                missing: options.missing_for_table(&roles).unwrap_or_default(),
            }
        }
        _ => HeaderProblem::NoneNamed {
            lines: sample.len().min(HEADER_SEARCH_RECORDS),
        },
    };
    Err(ImportError::NoHeader {
        path: path.to_path_buf(),
        details: Box::new(details),
    })
}

/// A cell as evidence: (line, column, text).
type Witness = (u64, u32, String);

/// The evidence gathered over a file's figure cells.
#[derive(Default)]
struct EvidenceTally {
    vi: Option<Witness>,
    en: Option<Witness>,
    ambiguous: Vec<Witness>,
    neutral: Option<Witness>,
}

/// What a figure cell says about the number format, when it says anything:
/// only a separator can tell the formats apart.
fn cell_evidence(bytes: &[u8]) -> Option<(&str, NumberEvidence)> {
    // A number a workbook stores as a number is exact: no evidence.
    if !bytes.iter().any(|byte| *byte == b'.' || *byte == b',') || bytes.starts_with(TYPED_BYTES) {
        return None;
    }
    let cell = std::str::from_utf8(bytes).ok()?;
    let evidence = fast::quick_evidence(cell).unwrap_or_else(|| number::evidence(cell));
    Some((cell, evidence))
}

/// Decides the number format from the figure cells, or says why it cannot
/// be decided. A format decided within the first [`EVIDENCE_PREFIX_BYTES`]
/// stops the scan there, and comes with the cell that decided it (the
/// import checks the rest); otherwise every cell is read.
#[allow(clippy::type_complexity)]
fn scan_number_evidence(
    source: &Source,
    path: &Path,
    detection: &Detection,
) -> Result<Result<(NumberFormat, Option<FormatEvidence>, Option<Witness>), ImportError>, ImportError>
{
    let layout = detection.layout(&ImportOptions::default());
    let columns = layout.figure_columns();
    let mut stream = RecordStream::over(
        source,
        detection.sniffed_encoding(),
        detection.delimiter,
        detection.lone_cr,
    )?;
    let mut tally = EvidenceTally::default();
    let mut record = csv::ByteRecord::new();
    let mut record_index = 0usize;
    let mut stopped_early = false;
    loop {
        match stream.reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                if let csv::ErrorKind::Io(source) = error.into_kind() {
                    return Err(ImportError::io(path, source));
                }
                continue;
            }
        }
        record_index += 1;
        if record_index <= detection.data_index() {
            continue;
        }
        let mut line = None;
        for index in &columns {
            let Some((cell, evidence)) = record.get(*index).and_then(cell_evidence) else {
                continue;
            };
            let slot = match evidence {
                NumberEvidence::Vi => &mut tally.vi,
                NumberEvidence::En => &mut tally.en,
                NumberEvidence::Neutral => &mut tally.neutral,
                NumberEvidence::Ambiguous if tally.ambiguous.len() < AMBIGUOUS_EXAMPLES => {
                    let line = *line.get_or_insert_with(|| stream.start_line(&record));
                    let column = u32::try_from(index + 1).unwrap_or(u32::MAX);
                    tally.ambiguous.push((line, column, cell.trim().to_owned()));
                    continue;
                }
                NumberEvidence::Ambiguous | NumberEvidence::NotANumber => continue,
            };
            if slot.is_none() {
                let line = *line.get_or_insert_with(|| stream.start_line(&record));
                let column = u32::try_from(index + 1).unwrap_or(u32::MAX);
                *slot = Some((line, column, cell.trim().to_owned()));
            }
        }
        if tally.vi.is_some() && tally.en.is_some() {
            break;
        }
        if tally.vi.is_some() != tally.en.is_some()
            && stream.counters.bytes_read.get() >= EVIDENCE_PREFIX_BYTES
        {
            stopped_early = true;
            break;
        }
    }
    let witness = |found: &Witness| stopped_early.then(|| found.clone());
    let describe =
        |(line, column, raw): &(u64, u32, String), format: NumberFormat| FormatEvidence::Cell {
            line: *line,
            column: *column,
            raw: raw.clone(),
            format,
        };
    Ok(match (tally.vi, tally.en) {
        (Some(vi), Some(en)) => Err(ImportError::ContradictoryNumbers {
            path: path.to_path_buf(),
            vi_line: vi.0,
            vi_column: vi.1,
            vi_raw: vi.2,
            en_line: en.0,
            en_column: en.1,
            en_raw: en.2,
        }),
        (Some(vi), None) => Ok((
            NumberFormat::Vi,
            Some(describe(&vi, NumberFormat::Vi)),
            witness(&vi),
        )),
        (None, Some(en)) => Ok((
            NumberFormat::En,
            Some(describe(&en, NumberFormat::En)),
            witness(&en),
        )),
        (None, None) if !tally.ambiguous.is_empty() => Err(ImportError::AmbiguousNumbers {
            path: path.to_path_buf(),
            examples: tally.ambiguous,
        }),
        (None, None) => Ok((NumberFormat::Vi, Some(FormatEvidence::NoDistinction), None)),
    })
}

/// Checks the figure cells the number-format scan did not read against the
/// format it decided from the file's first part.
struct EvidenceCheck<'a> {
    path: &'a Path,
    format: NumberFormat,
    witness: &'a Witness,
    columns: Vec<usize>,
}

impl EvidenceCheck<'_> {
    /// The contradiction, when a cell of this record only reads in the other format.
    fn contradiction(
        &self,
        stream: &RecordStream,
        record: &csv::ByteRecord,
    ) -> Option<ImportError> {
        let against = match self.format {
            NumberFormat::Vi => NumberEvidence::En,
            NumberFormat::En => NumberEvidence::Vi,
        };
        let (index, cell) = self.columns.iter().find_map(|index| {
            let (cell, evidence) = record.get(*index).and_then(cell_evidence)?;
            (evidence == against).then_some((*index, cell))
        })?;
        let found = (
            stream.start_line(record),
            u32::try_from(index + 1).unwrap_or(u32::MAX),
            cell.trim().to_owned(),
        );
        let (vi, en) = match self.format {
            NumberFormat::Vi => (self.witness.clone(), found),
            NumberFormat::En => (found, self.witness.clone()),
        };
        Some(ImportError::ContradictoryNumbers {
            path: self.path.to_path_buf(),
            vi_line: vi.0,
            vi_column: vi.1,
            vi_raw: vi.2,
            en_line: en.0,
            en_column: en.1,
            en_raw: en.2,
        })
    }
}

/// Records per message from the parsing thread to the interpreting one.
const RECORDS_PER_BATCH: usize = 4096;
/// Messages in flight between them (each side works while the other does).
const BATCHES_IN_FLIGHT: usize = 4;

/// One step of the parsing thread, in file order.
enum Parsed {
    /// A record; `index` counts records from the start of the file (the
    /// header's is the detection's `header_index`).
    Record {
        index: usize,
        line: u64,
        record: csv::ByteRecord,
        /// The file ends inside this record's quoted field: it may be cut.
        cut: bool,
        bytes_read: u64,
    },
    /// A line the CSV parser could not read.
    BadLine { line: u64, cause: RejectCause },
    /// The end of the file, and its number of lines.
    End { lines: u64, bytes_read: u64 },
    /// The read cannot go on (an I/O error, a number contradicting the format).
    Failed(ImportError),
}

/// Streams the observations of a file to `sink`, with rejected and skipped
/// lines and progress. `ControlFlow::Break` from the sink stops the read.
///
/// Two threads share the work: one splits the file into records (decoding,
/// CSV quoting, line numbers), this one turns records into observations;
/// each half is about as much work as writing them to the database.
pub fn read_records(
    path: &Path,
    detection: &Detection,
    options: &ImportOptions,
    sink: &mut dyn FnMut(ReadEvent) -> ControlFlow<()>,
) -> Result<ReadSummary, ImportError> {
    let shown = detection.display_path(path);
    let path = shown.as_path();
    detection.check_complete(path, options)?;
    let layout = detection.layout(options);
    // A workbook's rejection names its cell ("C17").
    let is_sheet = detection.workbook.is_some();
    let mut sink = |event: ReadEvent| {
        sink(match event {
            ReadEvent::Rejected(rejection) if is_sheet => ReadEvent::Rejected(name_cell(rejection)),
            other => other,
        })
    };
    let sink = &mut sink;
    let check = detection.number_witness.as_ref().and_then(|witness| {
        // A format the user chose is not checked against the cells.
        options.numbers.is_none().then(|| EvidenceCheck {
            path,
            format: detection.number_format,
            witness,
            columns: layout.figure_columns(),
        })
    });
    let (batches, parsed) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(BATCHES_IN_FLIGHT);
    let (give_back, returned) = std::sync::mpsc::channel::<Vec<Parsed>>();
    let check = check.as_ref();
    std::thread::scope(|scope| {
        let parser = std::thread::Builder::new()
            .name("chiso-parse".into())
            .spawn_scoped(scope, move || {
                parse_records(path, detection, check, &batches, &returned);
            });
        if let Err(error) = parser {
            return Err(ImportError::io(path, error));
        }
        let result = interpret_records(&layout, detection, &parsed, &give_back, sink);
        // A stop before the end: the parser sees the channel closed and ends.
        drop(parsed);
        result
    })
}

/// The parsing thread: the file's records, in batches, with what the stream
/// knew when it read each. The last record is held back until the next read
/// says whether the file ends with it (its line, whether it was cut).
fn parse_records(
    path: &Path,
    detection: &Detection,
    check: Option<&EvidenceCheck<'_>>,
    batches: &std::sync::mpsc::SyncSender<Vec<Parsed>>,
    returned: &std::sync::mpsc::Receiver<Vec<Parsed>>,
) {
    let mut spare: Vec<csv::ByteRecord> = Vec::new();
    let mut batch: Vec<Parsed> = Vec::with_capacity(RECORDS_PER_BATCH);
    let send = |batch: &mut Vec<Parsed>, spare: &mut Vec<csv::ByteRecord>| -> bool {
        let next = match returned.try_recv() {
            Ok(mut old) => {
                spare.extend(old.drain(..).filter_map(|parsed| match parsed {
                    Parsed::Record { record, .. } => Some(record),
                    _ => None,
                }));
                old
            }
            Err(_) => Vec::with_capacity(RECORDS_PER_BATCH),
        };
        batches.send(std::mem::replace(batch, next)).is_ok()
    };
    let mut stream = match RecordStream::open(
        detection.source(path),
        detection.sniffed_encoding(),
        detection.delimiter,
        detection.lone_cr,
    ) {
        Ok(stream) => stream,
        Err(error) => {
            batch.push(Parsed::Failed(error));
            send(&mut batch, &mut spare);
            return;
        }
    };
    let mut held: Option<(usize, u64, csv::ByteRecord, u64)> = None;
    let mut record_index = 0usize;
    loop {
        let mut current = spare.pop().unwrap_or_default();
        let more = match stream.next_into(path, &mut current) {
            Ok(more) => more,
            Err(StreamProblem::Fatal(error)) => {
                batch.push(Parsed::Failed(error));
                break;
            }
            Err(StreamProblem::BadLine { line, cause }) => {
                record_index += 1;
                spare.push(current);
                batch.push(Parsed::BadLine { line, cause });
                continue;
            }
        };
        let bytes_read = stream.counters.bytes_read.get();
        let mut last_line = 0;
        if let Some((index, mut line, record, held_bytes)) = held.take() {
            let mut cut = false;
            if !more {
                // The last record: its line, and whether the file was cut inside it.
                cut = stream.ends_in_quote();
                // A cut record that took the file's last line end into its
                // open quote starts a line later than the reader counts.
                if stream.ends_without_newline() || (cut && record.as_slice().ends_with(b"\n")) {
                    line += 1;
                }
                last_line = line + memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
            }
            batch.push(Parsed::Record {
                index,
                line,
                record,
                cut,
                bytes_read: held_bytes,
            });
        }
        if !more {
            batch.push(Parsed::End {
                lines: last_line.max(stream.line().saturating_sub(1)),
                bytes_read,
            });
            break;
        }
        if let Some(check) = check
            && record_index >= detection.data_index()
            && let Some(contradiction) = check.contradiction(&stream, &current)
        {
            batch.push(Parsed::Failed(contradiction));
            break;
        }
        let line = stream.start_line(&current);
        held = Some((record_index, line, current, bytes_read));
        record_index += 1;
        if batch.len() >= RECORDS_PER_BATCH && !send(&mut batch, &mut spare) {
            return;
        }
    }
    send(&mut batch, &mut spare);
}

/// This thread's half: records into observations, rejections and skipped
/// lines for the sink, with progress.
fn interpret_records(
    layout: &Layout,
    detection: &Detection,
    parsed: &std::sync::mpsc::Receiver<Vec<Parsed>>,
    give_back: &std::sync::mpsc::Sender<Vec<Parsed>>,
    sink: &mut dyn FnMut(ReadEvent) -> ControlFlow<()>,
) -> Result<ReadSummary, ImportError> {
    let mut summary = ReadSummary::default();
    let bytes_total = detection.file_size;
    let mut last_progress = 0u64;
    let mut in_footer = false;
    for mut batch in parsed {
        // A failure ends the read (and the import, which writes nothing of it).
        if let Some(failed) = batch
            .iter()
            .position(|step| matches!(step, Parsed::Failed(_)))
            && let Parsed::Failed(error) = batch.swap_remove(failed)
        {
            return Err(error);
        }
        for step in &batch {
            let flow = match step {
                Parsed::Record {
                    index,
                    line,
                    record,
                    cut,
                    bytes_read,
                } => {
                    let flow = if *cut {
                        summary.rows_read += 1;
                        sink(ReadEvent::Rejected(Rejection {
                            line: *line,
                            column: None,
                            raw: line_text(record, detection.delimiter),
                            cause: RejectCause::CutInQuotes { opened_on: *line },
                        }))
                    } else {
                        handle_line(
                            layout,
                            detection,
                            *index,
                            *line,
                            record,
                            &mut in_footer,
                            &mut summary,
                            sink,
                        )
                    };
                    if flow.is_continue() && *bytes_read >= last_progress + PROGRESS_BYTES {
                        last_progress = *bytes_read;
                        sink(ReadEvent::Progress {
                            bytes_read: *bytes_read,
                            bytes_total,
                        })
                    } else {
                        flow
                    }
                }
                Parsed::BadLine { line, cause } => {
                    summary.rows_read += 1;
                    sink(ReadEvent::Rejected(Rejection {
                        line: *line,
                        column: None,
                        raw: String::new(),
                        cause: cause.clone(),
                    }))
                }
                Parsed::End { lines, bytes_read } => {
                    summary.lines = *lines;
                    let _ = sink(ReadEvent::Progress {
                        bytes_read: *bytes_read,
                        bytes_total,
                    });
                    return Ok(summary);
                }
                // Taken out above.
                Parsed::Failed(_) => ControlFlow::Continue(()),
            };
            if flow.is_break() {
                summary.cancelled = true;
                return Ok(summary);
            }
        }
        // The parser reuses the batch and its records' buffers.
        let _ = give_back.send(batch);
    }
    // The parser ended without saying so: it stopped (it only does when
    // this side has gone) or failed to start.
    Ok(summary)
}

/// Handles one line: title, data, or what is not data.
#[allow(clippy::too_many_arguments)]
fn handle_line(
    layout: &Layout,
    detection: &Detection,
    record_index: usize,
    line: u64,
    record: &csv::ByteRecord,
    in_footer: &mut bool,
    summary: &mut ReadSummary,
    sink: &mut dyn FnMut(ReadEvent) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if record_index < detection.header_index {
        summary.skipped += 1;
        return sink(ReadEvent::Skipped(Skipped {
            line,
            reason: SkipReason::TitleAboveHeader,
            text: line_text(record, detection.delimiter),
        }));
    }
    if record_index < detection.data_index() {
        return ControlFlow::Continue(());
    }
    let Some(row) = fast::Row::new(record) else {
        summary.rows_read += 1;
        return sink(ReadEvent::Rejected(Rejection {
            line,
            column: None,
            raw: line_text(record, detection.delimiter),
            cause: RejectCause::NotText {
                encoding: Some(encoding_label(detection.encoding)),
            },
        }));
    };
    if memchr::memchr(0, record.as_slice()).is_some() {
        summary.rows_read += 1;
        return sink(ReadEvent::Rejected(layout.nul_rejection(line, &row)));
    }
    match layout.read_line(line, &row, in_footer) {
        LineOutcome::Skip(reason) => {
            summary.skipped += 1;
            sink(ReadEvent::Skipped(Skipped {
                line,
                reason: reason,
                text: line_text(record, detection.delimiter),
            }))
        }
        LineOutcome::Record(result) => {
            summary.rows_read += 1;
            sink(read_event(result))
        }
        LineOutcome::Records(results) => {
            for result in results {
                summary.rows_read += 1;
                if sink(read_event(result)).is_break() {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        }
    }
}

/// A rejection of a workbook cell, its cause under the cell ("cell C17: …").
pub fn name_cell(mut rejection: Rejection) -> Rejection {
    if let Some(column) = rejection.column
        && rejection.line > 0
    {
        rejection.cause = RejectCause::SheetCell {
            cell: cell_reference(rejection.line, column),
            cause: Box::new(rejection.cause),
        };
    }
    rejection
}

fn read_event(result: Result<ObservationRecord, Rejection>) -> ReadEvent {
    match result {
        Ok(record) => ReadEvent::Record(record),
        Err(rejection) => ReadEvent::Rejected(rejection),
    }
}

/// A line's cells joined by the delimiter, cut to a readable length.
fn line_text(record: &csv::ByteRecord, delimiter: u8) -> String {
    let joined = record
        .iter()
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join(&char::from(delimiter).to_string());
    let cleaned = text::nfc(joined.trim_end_matches(char::from(delimiter)));
    text::shorten(&cleaned, 200).into_owned()
}

#[cfg(test)]
mod tests;
