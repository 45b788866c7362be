//! Workbooks (.xlsx, .xlsm, .xls, .ods), recognised by their content: a
//! sheet becomes the rows of cells the CSV engine reads. It is written to a
//! temporary UTF-8 CSV file, one line per sheet row (so a line number is
//! the sheet's row number and a column number the sheet's column), and read
//! from there by the same header, role and row logic as any CSV file.
//!
//! What the CSV text cannot say is said with a mark: a number the workbook
//! stores as a number starts with [`TYPED`] (see [`typed_number`]), so that
//! it is read exactly as stored, never as evidence of the vi/en format.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsx};

use super::source::Source;
use super::{Detection, ImportError, ImportOptions};

/// Starts the text of a cell the workbook stores as a number (a character
/// of the Private Use Area, which no text cell is taken to start with: one
/// that does loses it).
pub(crate) const TYPED: char = '\u{E000}';

/// The first bytes of an OLE compound file (.xls).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The first bytes of a zip archive (.xlsx, .xlsm, .ods).
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
/// How many rows of a sheet are read to tell whether it is an indicator table.
const HEAD_ROWS: u32 = 120;
/// Merged cells are looked for in sheets of up to this many rows: a bigger
/// sheet is a data dump, and finding its merged cells means reading it all
/// a second time. Unfilled cells there are rejected, never guessed.
const MERGE_SEARCH_ROWS: u32 = 200_000;

/// The kinds of workbook chiso reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookKind {
    /// .xlsx and .xlsm (Office Open XML).
    Xlsx,
    /// .xls (Excel 97–2003).
    Xls,
    /// .ods (OpenDocument).
    Ods,
}

impl WorkbookKind {
    pub fn label(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => "xlsx",
            WorkbookKind::Xls => "xls",
            WorkbookKind::Ods => "ods",
        }
    }
}

/// One sheet of a workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetInfo {
    pub name: String,
    /// 1-based, as Excel shows the tabs.
    pub number: usize,
    pub hidden: bool,
    /// Whether its first rows read as an indicator table (None: not looked at).
    pub reads_as_table: Option<bool>,
}

impl SheetInfo {
    fn describe(&self) -> String {
        let mut text = format!("{} \"{}\"", self.number, self.name);
        if self.hidden {
            text.push_str(" (hidden)");
        }
        if self.reads_as_table == Some(true) {
            text.push_str(" (an indicator table)");
        }
        text
    }
}

/// The sheet an import reads, and the temporary CSV file it was written to.
#[derive(Clone, Debug)]
pub struct SheetSource {
    pub kind: WorkbookKind,
    /// The sheet's name.
    pub sheet: String,
    pub sheets: Vec<SheetInfo>,
    csv: Arc<tempfile::TempPath>,
}

impl SheetSource {
    /// The sheet as CSV text on disk.
    pub(crate) fn csv_path(&self) -> &Path {
        &self.csv
    }
}

fn workbook_error(path: &Path, reason: impl std::fmt::Display) -> ImportError {
    ImportError::Workbook {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// The kind of workbook `path` is, by its content; None for a text file.
pub fn workbook_kind(path: &Path) -> Result<Option<WorkbookKind>, ImportError> {
    kind_of(&Source::open(path)?)
}

/// The kind of workbook the opened file is (see [`workbook_kind`]).
pub(crate) fn kind_of(source: &Source) -> Result<Option<WorkbookKind>, ImportError> {
    let path = source.path();
    let head = source.head(CFB_MAGIC.len());
    if head == CFB_MAGIC {
        return Ok(Some(WorkbookKind::Xls));
    }
    if !head.starts_with(&ZIP_MAGIC) {
        return Ok(None);
    }
    if Xlsx::new(source.buffered()).is_ok() {
        return Ok(Some(WorkbookKind::Xlsx));
    }
    match Ods::new(source.buffered()) {
        Ok(_) => Ok(Some(WorkbookKind::Ods)),
        Err(error) => Err(workbook_error(
            path,
            format!(
                "it is a zip archive but neither an Excel workbook (no xl/workbook.xml) nor a readable OpenDocument spreadsheet ({error})"
            ),
        )),
    }
}

/// The sheets of a workbook, in tab order (without looking into them).
fn sheet_list(source: &Source, kind: WorkbookKind) -> Result<Vec<SheetInfo>, ImportError> {
    let path = source.path();
    let file = source.buffered();
    let metadata = match kind {
        WorkbookKind::Xlsx => Xlsx::new(file)
            .map_err(|error| workbook_error(path, error))?
            .sheets_metadata()
            .to_vec(),
        WorkbookKind::Xls => Xls::new(file)
            .map_err(|error| workbook_error(path, error))?
            .sheets_metadata()
            .to_vec(),
        WorkbookKind::Ods => Ods::new(file)
            .map_err(|error| workbook_error(path, error))?
            .sheets_metadata()
            .to_vec(),
    };
    Ok(metadata
        .into_iter()
        .filter(|sheet| sheet.typ == calamine::SheetType::WorkSheet)
        .enumerate()
        .map(|(index, sheet)| SheetInfo {
            name: sheet.name,
            number: index + 1,
            hidden: sheet.visible != SheetVisible::Visible,
            reads_as_table: None,
        })
        .collect())
}

/// The sheets of the workbook at `path`, each said to read as an indicator
/// table or not (for the import dialog); None when it is not a workbook.
pub fn workbook_sheets(
    path: &Path,
    options: &ImportOptions,
) -> Result<Option<Vec<SheetInfo>>, ImportError> {
    sheets_of(&Source::open(path)?, options)
}

/// [`workbook_sheets`] of an opened file (the import dialog lists them
/// from the file it detects).
pub fn sheets_of(
    source: &Source,
    options: &ImportOptions,
) -> Result<Option<Vec<SheetInfo>>, ImportError> {
    let Some(kind) = kind_of(source)? else {
        return Ok(None);
    };
    let mut sheets = sheet_list(source, kind)?;
    for sheet in &mut sheets {
        sheet.reads_as_table = Some(reads_as_table(source, kind, &sheet.name, options)?);
    }
    Ok(Some(sheets))
}

fn reads_as_table(
    source: &Source,
    kind: WorkbookKind,
    sheet: &str,
    options: &ImportOptions,
) -> Result<bool, ImportError> {
    let (head, _) = write_sheet_csv(source, kind, sheet, None, Some(HEAD_ROWS))?;
    let name = sheet_path(source.path(), sheet);
    Ok(super::detect_text(&Source::open(&head)?, &name, &text_options(options)).is_ok())
}

/// `file.xlsx#Sheet1`: how a sheet is named in messages and in the batch.
pub fn sheet_path(path: &Path, sheet: &str) -> PathBuf {
    PathBuf::from(format!("{}#{sheet}", path.display()))
}

/// The options for the sheet's CSV text: written by chiso, so nothing about
/// its encoding and delimiter is guessed.
fn text_options(options: &ImportOptions) -> ImportOptions {
    ImportOptions {
        // Written as UTF-8; an encoding the user chose says "take the text
        // as it is" (no check for misread or legacy text).
        encoding: options.encoding.map(|_| encoding_rs::UTF_8),
        delimiter: Some(b','),
        ..options.clone()
    }
}

fn listing(sheets: &[SheetInfo]) -> String {
    sheets
        .iter()
        .map(SheetInfo::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sheet `--sheet` names: a sheet's name, or its number from 1.
fn chosen_sheet<'a>(
    path: &Path,
    wanted: &str,
    sheets: &'a [SheetInfo],
) -> Result<&'a SheetInfo, ImportError> {
    let wanted_clean = wanted.trim();
    sheets
        .iter()
        .find(|sheet| sheet.name == wanted_clean)
        .or_else(|| {
            sheets
                .iter()
                .find(|sheet| sheet.name.trim().eq_ignore_ascii_case(wanted_clean))
        })
        .or_else(|| {
            let number: usize = wanted_clean.parse().ok()?;
            sheets.iter().find(|sheet| sheet.number == number)
        })
        .ok_or_else(|| ImportError::NoSuchSheet {
            path: path.to_path_buf(),
            wanted: wanted.to_owned(),
            sheets: listing(sheets),
        })
}

/// [`super::detect_for_preview`] for a workbook: picks the sheet, writes it
/// as CSV text and detects that.
pub(crate) fn detect_sheet(
    source: &Source,
    kind: WorkbookKind,
    options: &ImportOptions,
) -> Result<(Detection, Option<ImportError>), ImportError> {
    let path = source.path();
    let mut sheets = sheet_list(source, kind)?;
    if sheets.is_empty() {
        return Err(workbook_error(path, "it has no worksheet"));
    }
    let chosen = match &options.sheet {
        Some(wanted) => chosen_sheet(path, wanted, &sheets)?.name.clone(),
        None if sheets.len() == 1 => sheets[0].name.clone(),
        None => {
            for sheet in &mut sheets {
                sheet.reads_as_table = Some(reads_as_table(source, kind, &sheet.name, options)?);
            }
            let tables: Vec<&SheetInfo> = sheets
                .iter()
                .filter(|sheet| !sheet.hidden && sheet.reads_as_table == Some(true))
                .collect();
            match tables.as_slice() {
                [one] => one.name.clone(),
                _ => {
                    return Err(ImportError::ChooseSheet {
                        path: path.to_path_buf(),
                        tables: tables.len(),
                        sheets: listing(&sheets),
                    });
                }
            }
        }
    };
    let name = sheet_path(path, &chosen);
    let text_options = text_options(options);
    let (csv, text_number_columns) = write_sheet_csv(source, kind, &chosen, None, None)?;
    // The sheet's text is chiso's own file, opened once for each detection of it.
    let detect_csv = |csv: &Path, options: &ImportOptions| {
        super::detect_text(&Source::open(csv)?, &name, options)
    };
    // With every figure stored as a number, no cell can tell the formats
    // apart: the scan of the whole sheet for one is skipped. Which columns
    // hold figures is known once the header is found: the sheet is detected
    // as if its format were chosen, then again, with the scan, when a text
    // cell of a figure column writes a number with a separator.
    let (mut detection, mut problem, text_options, typed_figures) = if options.numbers.is_some() {
        let (detection, problem) = detect_csv(&csv, &text_options)?;
        (detection, problem, text_options, false)
    } else {
        let typed_options = ImportOptions {
            numbers: Some(crate::domain::NumberFormat::Vi),
            ..text_options.clone()
        };
        let (detection, problem) = detect_csv(&csv, &typed_options)?;
        let figures_as_text = detection
            .layout(options)
            .figure_columns()
            .iter()
            .any(|column| text_number_columns.get(*column).copied().unwrap_or(false));
        if figures_as_text {
            let (detection, problem) = detect_csv(&csv, &text_options)?;
            (detection, problem, text_options, false)
        } else {
            (detection, problem, typed_options, true)
        }
    };
    let mut csv = csv;
    // Merged cells in the data (an identifier written once for its rows)
    // fill the rows they cover; above, they stay as Excel shows them (the
    // header logic spreads a caption over the empty cells to its right).
    // The header's line is its 1-based row: the 0-based row after it.
    let first_data_row = u32::try_from(detection.header_line)
        .unwrap_or(u32::MAX)
        .saturating_add(u32::from(detection.second_header_line.is_some()));
    if has_data_merges(source, kind, &chosen, first_data_row)? {
        (csv, _) = write_sheet_csv(source, kind, &chosen, Some(first_data_row), None)?;
        (detection, problem) = detect_csv(&csv, &text_options)?;
    }
    if typed_figures {
        detection.number_evidence = Some(super::FormatEvidence::AllStoredAsNumbers);
    }
    if detection.encoding_reason == super::EncodingReason::ValidUtf8 {
        detection.encoding_reason = super::EncodingReason::Workbook;
        detection.encoding_evidence = format!("{} workbook: its text is Unicode", kind.label());
    }
    detection.workbook = Some(SheetSource {
        kind,
        sheet: chosen,
        sheets,
        csv: Arc::new(csv),
    });
    Ok((detection, problem))
}

fn merged_regions(
    source: &Source,
    kind: WorkbookKind,
    sheet: &str,
) -> Result<Vec<Dimensions>, ImportError> {
    let path = source.path();
    let file = source.buffered();
    match kind {
        WorkbookKind::Xlsx => {
            let mut workbook = Xlsx::new(file).map_err(|error| workbook_error(path, error))?;
            let rows = workbook
                .worksheet_cells_reader(sheet)
                .map_err(|error| workbook_error(path, error))?
                .dimensions()
                .end
                .0;
            if rows > MERGE_SEARCH_ROWS {
                return Ok(Vec::new());
            }
            workbook
                .merge_cells_by_sheet_name(sheet)
                .map_err(|error| workbook_error(path, error))
        }
        WorkbookKind::Xls => {
            let workbook = Xls::new(file).map_err(|error| workbook_error(path, error))?;
            workbook
                .merge_cells_by_sheet_name(sheet)
                .map_err(|error| workbook_error(path, error))
        }
        // calamine does not report an OpenDocument sheet's merged cells.
        WorkbookKind::Ods => Ok(Vec::new()),
    }
}

/// Whether a merged region spanning rows starts in the data (0-based rows).
fn has_data_merges(
    source: &Source,
    kind: WorkbookKind,
    sheet: &str,
    first_data_row: u32,
) -> Result<bool, ImportError> {
    Ok(merged_regions(source, kind, sheet)?
        .iter()
        .any(|region| region.start.0 >= first_data_row && region.end.0 > region.start.0))
}

/// How a cell's number format shows its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    Plain,
    Percent,
    /// A date showing its day, its month or only its year.
    Day,
    Month,
    Year,
}

/// What an Excel number format code shows ("0.0%", "mm/yyyy", "dd/mm/yyyy").
fn shown_by(format_code: &str) -> Shown {
    // Literal text ("\"năm\"", \x) and [colour] or [$-vi-VN] parts say nothing.
    let mut tokens = String::new();
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for ch in format_code.split(';').next().unwrap_or("").chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' | '_' | '*' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            other => tokens.push(other.to_ascii_lowercase()),
        }
    }
    if tokens.contains('%') {
        Shown::Percent
    } else if tokens.contains('d') {
        Shown::Day
    } else if tokens.contains('m') && tokens.contains('y') {
        Shown::Month
    } else if tokens.contains('y') {
        Shown::Year
    } else {
        Shown::Plain
    }
}

/// Whether an Excel number format code shows its number as a percentage.
pub(super) fn shows_percent(format_code: &str) -> bool {
    shown_by(format_code) == Shown::Percent
}

/// A number as the sheet's CSV text: a whole number as its digits (which
/// every format reads the same), any other after [`TYPED`]; a percentage as
/// its percent ("46.8%" for 0.468).
fn number_text(value: f64, shown: Shown, out: &mut String) {
    use std::fmt::Write as _;
    if shown == Shown::Percent {
        // 0.468 × 100 is 46.800000000000004: Excel keeps 15 significant digits.
        let percent = format!("{:.14e}", value * 100.0)
            .parse::<f64>()
            .unwrap_or(value * 100.0);
        let _ = write!(out, "{TYPED}{percent}%");
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        // Exact: the value is whole and well within i64.
        #[allow(clippy::cast_possible_truncation)]
        let whole = value as i64;
        let _ = write!(out, "{whole}");
    } else {
        let _ = write!(out, "{TYPED}{value}");
    }
}

/// A date as a period's text: the day ("2021-10-25"), the month
/// ("2021-10") or the year its format shows; with a time of day, the date
/// and time (not a period).
fn date_text(value: &calamine::ExcelDateTime, shown: Shown, out: &mut String) {
    use std::fmt::Write as _;
    if value.is_duration() {
        let _ = write!(out, "{}", value.as_f64());
        return;
    }
    let (year, month, day, hour, minute, second, _) = value.to_ymd_hms_milli();
    if hour != 0 || minute != 0 || second != 0 {
        let _ = write!(
            out,
            "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"
        );
        return;
    }
    match shown {
        Shown::Month => {
            let _ = write!(out, "{year:04}-{month:02}");
        }
        Shown::Year => {
            let _ = write!(out, "{year:04}");
        }
        _ => {
            let _ = write!(out, "{year:04}-{month:02}-{day:02}");
        }
    }
}

/// Text as one CSV line holds it: line breaks become spaces (cleaning
/// makes one space of them anyway), so a line stays a sheet row.
fn text_cell(text: &str, out: &mut String) {
    let text = text.strip_prefix(TYPED).unwrap_or(text);
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        out.push_str(text);
        return;
    }
    for ch in text.chars() {
        out.push(if matches!(ch, '\n' | '\r') { ' ' } else { ch });
    }
}

/// Writes a cell's text; true when it is text that writes a number with a
/// separator ("3.467", "46,8%"): evidence of the number format.
fn cell_text(value: &DataRef<'_>, shown: Shown, out: &mut String) -> bool {
    let text = match value {
        DataRef::String(text) => text.as_str(),
        DataRef::SharedString(text) => text,
        _ => "",
    };
    let bytes = text.as_bytes();
    let text_number =
        memchr::memchr2(b'.', b',', bytes).is_some() && bytes.iter().any(u8::is_ascii_digit);
    match value {
        DataRef::Empty => {}
        DataRef::Int(number) => {
            use std::fmt::Write as _;
            if shown == Shown::Percent {
                #[allow(clippy::cast_precision_loss)]
                number_text(*number as f64, shown, out);
            } else {
                let _ = write!(out, "{number}");
            }
        }
        DataRef::Float(number) => number_text(*number, shown, out),
        DataRef::String(text) => text_cell(text, out),
        DataRef::SharedString(text) => text_cell(text, out),
        DataRef::Bool(true) => out.push_str("TRUE"),
        DataRef::Bool(false) => out.push_str("FALSE"),
        DataRef::DateTime(date) => date_text(date, shown, out),
        DataRef::DateTimeIso(iso) => iso_date_text(iso, out),
        DataRef::DurationIso(iso) => text_cell(iso, out),
        DataRef::Error(error) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{error}");
        }
    }
    text_number
}

/// An OpenDocument date ("2021-10-25" or "2021-10-25T00:00:00").
fn iso_date_text(iso: &str, out: &mut String) {
    match iso.split_once('T') {
        Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => {
            out.push_str(date);
        }
        Some((date, time)) => {
            out.push_str(date);
            out.push(' ');
            out.push_str(time);
        }
        None => out.push_str(iso),
    }
}

fn data_ref(value: &Data) -> DataRef<'_> {
    match value {
        Data::Int(number) => DataRef::Int(*number),
        Data::Float(number) => DataRef::Float(*number),
        Data::String(text) => DataRef::SharedString(text),
        Data::Bool(flag) => DataRef::Bool(*flag),
        Data::DateTime(date) => DataRef::DateTime(*date),
        Data::DateTimeIso(iso) => DataRef::DateTimeIso(iso.clone()),
        Data::DurationIso(iso) => DataRef::DurationIso(iso.clone()),
        Data::Error(error) => DataRef::Error(error.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// Writes a sheet's rows as CSV lines, row by row, filling merged cells of
/// the data.
struct SheetWriter<W: Write> {
    out: W,
    /// The row being gathered (0-based) and its cells' texts: the first
    /// `width` of `cells` (the strings are reused from row to row).
    row: u32,
    cells: Vec<String>,
    width: usize,
    /// Rows written so far (the next line is row `written`).
    written: u32,
    /// Merged regions that fill the rows they cover, with the text of their first cell.
    fills: Vec<(Dimensions, Option<String>)>,
    line: String,
    /// By column: whether a text cell writes a number with a separator.
    text_number_columns: Vec<bool>,
}

impl<W: Write> SheetWriter<W> {
    fn new(out: W, fills: Vec<Dimensions>) -> SheetWriter<W> {
        SheetWriter {
            out,
            row: 0,
            cells: Vec::new(),
            width: 0,
            written: 0,
            fills: fills.into_iter().map(|region| (region, None)).collect(),
            line: String::new(),
            text_number_columns: Vec::new(),
        }
    }

    /// Writes a cell's value (see [`cell_text`]).
    fn cell(
        &mut self,
        row: u32,
        column: u32,
        value: &DataRef<'_>,
        shown: Shown,
    ) -> std::io::Result<()> {
        if cell_text(value, shown, self.slot(row, column)?) {
            let index = column as usize;
            if self.text_number_columns.len() <= index {
                self.text_number_columns.resize(index + 1, false);
            }
            self.text_number_columns[index] = true;
        }
        Ok(())
    }

    /// The (empty) text of the cell at (row, column), to write it into.
    fn slot(&mut self, row: u32, column: u32) -> std::io::Result<&mut String> {
        if row != self.row {
            self.flush_row()?;
            self.row = row;
        }
        let index = column as usize;
        self.widen(index + 1);
        let slot = &mut self.cells[index];
        slot.clear();
        Ok(slot)
    }

    /// Makes the row at least `width` cells wide (new cells empty).
    fn widen(&mut self, width: usize) {
        if width <= self.width {
            return;
        }
        if self.cells.len() < width {
            self.cells.resize(width, String::new());
        }
        for cell in &mut self.cells[self.width..width] {
            cell.clear();
        }
        self.width = width;
    }

    fn flush_row(&mut self) -> std::io::Result<()> {
        for (region, text) in &mut self.fills {
            if !(region.start.0..=region.end.0).contains(&self.row) {
                continue;
            }
            let column = region.start.1 as usize;
            if self.row == region.start.0 {
                *text = self.cells[..self.width]
                    .get(column)
                    .cloned()
                    .filter(|cell| !cell.is_empty());
            } else if let Some(text) = text {
                if self.width <= column {
                    let width = column + 1;
                    if self.cells.len() < width {
                        self.cells.resize(width, String::new());
                    }
                    for cell in &mut self.cells[self.width..width] {
                        cell.clear();
                    }
                    self.width = width;
                }
                if self.cells[column].is_empty() {
                    self.cells[column].clone_from(text);
                }
            }
        }
        self.fills.retain(|(region, _)| region.end.0 > self.row);
        while self.written < self.row {
            self.out.write_all(b"\n")?;
            self.written += 1;
        }
        let used = self.cells[..self.width]
            .iter()
            .rposition(|cell| !cell.is_empty())
            .map_or(0, |last| last + 1);
        self.line.clear();
        for (index, cell) in self.cells[..used].iter().enumerate() {
            if index > 0 {
                self.line.push(',');
            }
            if memchr::memchr2(b',', b'"', cell.as_bytes()).is_some() {
                self.line.push('"');
                self.line.push_str(&cell.replace('"', "\"\""));
                self.line.push('"');
            } else {
                self.line.push_str(cell);
            }
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())?;
        self.written = self.row + 1;
        self.width = 0;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<W> {
        if self.width > 0 || self.written <= self.row {
            self.flush_row()?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes one sheet as CSV text to a temporary file: all its rows, or the
/// first `max_rows`; merged regions starting at `fill_from_row` or below
/// fill the rows they cover. Also says, by column, whether a text cell
/// writes a number with a separator (see [`cell_text`]).
fn write_sheet_csv(
    source: &Source,
    kind: WorkbookKind,
    sheet: &str,
    fill_from_row: Option<u32>,
    max_rows: Option<u32>,
) -> Result<(tempfile::TempPath, Vec<bool>), ImportError> {
    write_sheet_csv_with(source, kind, sheet, fill_from_row, max_rows, true)
}

/// [`write_sheet_csv`], with or without the fast reader of .xlsx sheets
/// (without: calamine's, as the tests compare them).
fn write_sheet_csv_with(
    source: &Source,
    kind: WorkbookKind,
    sheet: &str,
    fill_from_row: Option<u32>,
    max_rows: Option<u32>,
    fast: bool,
) -> Result<(tempfile::TempPath, Vec<bool>), ImportError> {
    let path = source.path();
    let temp = tempfile::Builder::new()
        .prefix("chiso-sheet-")
        .suffix(".csv")
        .tempfile()
        .map_err(|error| ImportError::io(path, error))?;
    let (file, temp_path) = temp.into_parts();
    let fills: Vec<Dimensions> = match fill_from_row {
        Some(first) => merged_regions(source, kind, sheet)?
            .into_iter()
            .filter(|region| region.start.0 >= first && region.end.0 > region.start.0)
            .collect(),
        None => Vec::new(),
    };
    let limit = max_rows.unwrap_or(u32::MAX);
    let io = |error: std::io::Error| ImportError::io(path, error);
    let new_writer =
        |file: File| SheetWriter::new(BufWriter::with_capacity(1 << 16, file), fills.clone());
    let mut writer = new_writer(file);
    match kind {
        WorkbookKind::Xlsx => {
            let mut workbook =
                Xlsx::new(source.buffered()).map_err(|error| workbook_error(path, error))?;
            let mut cells = workbook
                .worksheet_cells_reader(sheet)
                .map_err(|error| workbook_error(path, error))?;
            let (shown, plain): (Vec<Shown>, Vec<bool>) = cells
                .styles()
                .iter()
                .map(|style| {
                    style
                        .number_format
                        .as_ref()
                        .map_or((Shown::Plain, true), |format| {
                            (
                                shown_by(&format.format_code),
                                super::xlsx_scan::format_is_plain(
                                    &format.format_code,
                                    format.format_id,
                                ),
                            )
                        })
                })
                .unzip();
            let shown_of = |style: usize| shown.get(style).copied().unwrap_or(Shown::Plain);
            let scanned = if fast {
                let mut sink = |row: u32, column: u32, value: DataRef<'_>, style: usize| {
                    if row >= limit {
                        return Ok(super::xlsx_scan::Next::Stop);
                    }
                    writer.cell(row, column, &value, shown_of(style))?;
                    Ok(super::xlsx_scan::Next::Continue)
                };
                super::xlsx_scan::scan_sheet(source, sheet, &plain, &mut sink).map_err(io)?
            } else {
                super::xlsx_scan::Scan::Unsupported("not asked for")
            };
            if scanned != super::xlsx_scan::Scan::Done {
                // Written again from the start, by calamine.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(&temp_path)
                    .map_err(io)?;
                writer = new_writer(file);
                while let Some((cell, style)) = cells
                    .next_cell_with_style_id()
                    .map_err(|error| workbook_error(path, error))?
                {
                    let (row, column) = cell.get_position();
                    if row >= limit {
                        break;
                    }
                    writer
                        .cell(row, column, cell.get_value(), shown_of(style))
                        .map_err(io)?;
                }
            }
        }
        WorkbookKind::Xls | WorkbookKind::Ods => {
            // calamine says nothing of these formats: the cells that show a
            // percentage are found apart.
            let percent_cells = match kind {
                WorkbookKind::Xls => super::shown::xls_percent_cells(source, sheet),
                _ => super::shown::ods_percent_cells(source, sheet),
            }
            .unwrap_or_default();
            let range = match kind {
                WorkbookKind::Xls => Xls::new(source.buffered())
                    .map_err(|error| workbook_error(path, error))?
                    .worksheet_range(sheet)
                    .map_err(|error| workbook_error(path, error))?,
                _ => Ods::new(source.buffered())
                    .map_err(|error| workbook_error(path, error))?
                    .worksheet_range(sheet)
                    .map_err(|error| workbook_error(path, error))?,
            };
            for (row, column, value) in range.used_cells() {
                let (start_row, start_column) = range.start().unwrap_or((0, 0));
                let row = start_row + u32::try_from(row).unwrap_or(u32::MAX);
                let column = start_column + u32::try_from(column).unwrap_or(u32::MAX);
                if row >= limit {
                    break;
                }
                let shown = if percent_cells.contains(&(row, column)) {
                    Shown::Percent
                } else {
                    Shown::Plain
                };
                writer
                    .cell(row, column, &data_ref(value), shown)
                    .map_err(io)?;
            }
        }
    }
    let text_number_columns = writer.text_number_columns.clone();
    writer.finish().map_err(io)?;
    Ok((temp_path, text_number_columns))
}

/// For the reference lists (`import-units`): when `path` is a workbook, the
/// first sheet (visible ones first) whose first rows hold a header `accept`
/// recognises, as CSV text with the merged cells of its data filled (the
/// first sheet when none does, so that the list's own error says why);
/// None for a text file.
pub(crate) fn list_sheet_csv(
    source: &Source,
    accept: &mut dyn FnMut(&[String]) -> bool,
) -> Result<Option<tempfile::TempPath>, ImportError> {
    let path = source.path();
    let Some(kind) = kind_of(source)? else {
        return Ok(None);
    };
    let mut sheets = sheet_list(source, kind)?;
    if sheets.is_empty() {
        return Err(workbook_error(path, "it has no worksheet"));
    }
    sheets.sort_by_key(|sheet| sheet.hidden);
    for sheet in &sheets {
        let (head, _) = write_sheet_csv(source, kind, &sheet.name, None, Some(HEAD_ROWS))?;
        let text = std::fs::read_to_string(&head).map_err(|error| ImportError::io(path, error))?;
        let sample = super::dialect::sample_records(&text, b',', HEAD_ROWS as usize);
        if let Some((line, _)) = sample.iter().find(|(_, cells)| accept(cells)) {
            // The header's 1-based line is the 0-based row after it.
            let first_data_row = u32::try_from(*line).unwrap_or(u32::MAX);
            return write_sheet_csv(source, kind, &sheet.name, Some(first_data_row), None)
                .map(|(csv, _)| Some(csv));
        }
    }
    write_sheet_csv(source, kind, &sheets[0].name, None, None).map(|(csv, _)| Some(csv))
}

/// "C17": the cell at a 1-based row and column.
pub fn cell_reference(row: u64, column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(digit).unwrap_or(0)));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

/// The number a [`TYPED`] cell holds (the text after the mark), with
/// whether it was a percentage; None when the text is no such number.
pub(crate) fn typed_number(text: &str) -> Option<(f64, bool)> {
    match text.strip_suffix('%') {
        Some(percent) => percent.parse().ok().map(|value| (value, true)),
        None => text.parse().ok().map(|value| (value, false)),
    }
}

/// A cell's text with the mark of a typed number taken off (what the user sees).
pub(crate) fn shown_text(cell: &str) -> &str {
    cell.strip_prefix(TYPED).unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    #[test]
    fn number_formats_say_what_they_show() {
        assert_eq!(shown_by("0.0%"), Shown::Percent);
        assert_eq!(shown_by("0%"), Shown::Percent);
        assert_eq!(shown_by("dd/mm/yyyy"), Shown::Day);
        assert_eq!(shown_by("mm/yyyy"), Shown::Month);
        assert_eq!(shown_by("\"Tháng \"mm/yyyy"), Shown::Month);
        assert_eq!(shown_by("yyyy"), Shown::Year);
        assert_eq!(shown_by("#,##0.00"), Shown::Plain);
        assert_eq!(shown_by("[Red]0.0"), Shown::Plain);
        assert_eq!(shown_by("General"), Shown::Plain);
    }

    #[test]
    fn numbers_become_exact_text() {
        let text = |value: f64, shown: Shown| {
            let mut out = String::new();
            number_text(value, shown, &mut out);
            out
        };
        assert_eq!(text(494_438.0, Shown::Plain), "494438");
        assert_eq!(text(46.8, Shown::Plain), format!("{TYPED}46.8"));
        assert_eq!(text(0.468, Shown::Percent), format!("{TYPED}46.8%"));
        assert_eq!(text(1.0, Shown::Percent), format!("{TYPED}100%"));
        assert_eq!(text(0.071, Shown::Percent), format!("{TYPED}7.1%"));
        assert_eq!(
            text(2.0 / 3.0, Shown::Percent),
            format!("{TYPED}66.6666666666667%")
        );
        assert_eq!(typed_number("46.8%"), Some((46.8, true)));
        assert_eq!(typed_number("3.467"), Some((3.467, false)));
    }

    use crate::import::xlsx_scan::{self, Next, Scan};
    use calamine::Data;

    /// Every cell of a sheet as calamine's cell reader gives it.
    fn calamine_cells(path: &Path, sheet: &str) -> Vec<(u32, u32, Data, usize)> {
        let mut workbook = Xlsx::new(BufReader::new(File::open(path).unwrap())).unwrap();
        let mut reader = workbook.worksheet_cells_reader(sheet).unwrap();
        let mut cells = Vec::new();
        while let Some((cell, style)) = reader.next_cell_with_style_id().unwrap() {
            let (row, column) = cell.get_position();
            cells.push((row, column, Data::from(cell.get_value().clone()), style));
        }
        cells
    }

    /// The cells of a sheet as the fast reader gives them, or why it would not.
    fn scanned_cells(
        path: &Path,
        sheet: &str,
    ) -> Result<Vec<(u32, u32, Data, usize)>, &'static str> {
        let mut workbook = Xlsx::new(BufReader::new(File::open(path).unwrap())).unwrap();
        let reader = workbook.worksheet_cells_reader(sheet).unwrap();
        let plain: Vec<bool> = reader
            .styles()
            .iter()
            .map(|style| {
                style.number_format.as_ref().is_none_or(|format| {
                    xlsx_scan::format_is_plain(&format.format_code, format.format_id)
                })
            })
            .collect();
        let mut cells = Vec::new();
        let mut sink = |row: u32, column: u32, value: DataRef<'_>, style: usize| {
            cells.push((row, column, Data::from(value), style));
            Ok(Next::Continue)
        };
        match xlsx_scan::scan_sheet(&Source::open(path).unwrap(), sheet, &plain, &mut sink).unwrap()
        {
            Scan::Done => Ok(cells),
            Scan::Unsupported(why) => Err(why),
        }
    }

    /// The fast reader gives every cell calamine gives, and the sheet's CSV
    /// text is the same byte for byte.
    fn assert_same_as_calamine(path: &Path, sheet: &str) {
        let fast = scanned_cells(path, sheet).unwrap_or_else(|why| panic!("gave up: {why}"));
        assert_eq!(fast, calamine_cells(path, sheet));
        let (fast_csv, fast_columns) = write_sheet_csv_with(
            &Source::open(path).unwrap(),
            WorkbookKind::Xlsx,
            sheet,
            None,
            None,
            true,
        )
        .unwrap();
        let (slow_csv, slow_columns) = write_sheet_csv_with(
            &Source::open(path).unwrap(),
            WorkbookKind::Xlsx,
            sheet,
            None,
            None,
            false,
        )
        .unwrap();
        assert_eq!(
            std::fs::read(&fast_csv).unwrap(),
            std::fs::read(&slow_csv).unwrap()
        );
        assert_eq!(fast_columns, slow_columns);
    }

    #[test]
    fn the_fast_reader_reads_what_calamine_reads() {
        use rust_xlsxwriter::{Format, Formula, Workbook};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cells.xlsx");
        let mut workbook = Workbook::new();
        let percent = Format::new().set_num_format("0.0%");
        let grouped = Format::new().set_num_format("#,##0.00");
        let red = Format::new().set_num_format("[Red]0.0;[Blue]-0.0");
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Số liệu & <1>").unwrap();
        sheet.write_string(0, 0, "Mã chỉ tiêu").unwrap();
        sheet.write_string(0, 1, "Giá trị").unwrap();
        sheet.write_string(0, 2, "  spaces kept  ").unwrap();
        sheet.write_string(0, 3, "a \"quote\", <b> & 'x'").unwrap();
        sheet.write_string(0, 4, "two\nlines").unwrap();
        sheet.write_string(0, 5, "Tỉnh Khánh Hòa").unwrap();
        sheet.write_number(1, 0, 494_438.0).unwrap();
        sheet.write_number(1, 1, 46.8).unwrap();
        sheet
            .write_number_with_format(1, 2, 0.468, &percent)
            .unwrap();
        sheet
            .write_number_with_format(1, 3, 1234.5, &grouped)
            .unwrap();
        sheet.write_number_with_format(1, 4, -3.25, &red).unwrap();
        sheet.write_number(1, 5, 1e-7).unwrap();
        sheet.write_number(1, 6, 8.2466e21).unwrap();
        sheet.write_number(1, 7, -0.0).unwrap();
        sheet.write_boolean(2, 0, true).unwrap();
        sheet.write_boolean(2, 1, false).unwrap();
        sheet
            .write_formula(2, 2, Formula::new("=1+1").set_result("2"))
            .unwrap();
        sheet
            .write_formula(2, 3, Formula::new("=\"a\"&\"b\"").set_result("ab"))
            .unwrap();
        sheet.write_blank(2, 4, &bold).unwrap();
        sheet.write_string_with_format(2, 5, "đậm", &bold).unwrap();
        sheet.write_string(5, 9, "far away").unwrap();
        sheet.write_string(1_000, 1, "row 1001").unwrap();
        sheet.merge_range(6, 0, 8, 0, "merged", &bold).unwrap();
        let rich = [(&bold, "Khánh "), (&Format::default(), "Hòa")];
        sheet.write_rich_string(9, 0, &rich).unwrap();
        let other = workbook.add_worksheet();
        other.set_name("Ẩn").unwrap();
        other.set_hidden(true);
        other.write_string(0, 0, "hidden").unwrap();
        workbook.add_worksheet().set_name("Trống").unwrap();
        workbook.save(&path).unwrap();
        assert_same_as_calamine(&path, "Số liệu & <1>");
        assert_same_as_calamine(&path, "Ẩn");
        assert_same_as_calamine(&path, "Trống");
    }

    #[test]
    fn the_fast_reader_leaves_dates_to_calamine() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dates.xlsx");
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let day = Format::new().set_num_format("dd/mm/yyyy");
        let date = ExcelDateTime::from_ymd(2021, 10, 25).unwrap();
        sheet.write_string(0, 0, "Kỳ").unwrap();
        sheet.write_datetime_with_format(1, 0, &date, &day).unwrap();
        workbook.save(&path).unwrap();
        assert_eq!(
            scanned_cells(&path, "Sheet1"),
            Err("a number with a date or time format")
        );
        // Written by calamine instead: the same text either way.
        let (fast_csv, _) = write_sheet_csv_with(
            &Source::open(&path).unwrap(),
            WorkbookKind::Xlsx,
            "Sheet1",
            None,
            None,
            true,
        )
        .unwrap();
        let (slow_csv, _) = write_sheet_csv_with(
            &Source::open(&path).unwrap(),
            WorkbookKind::Xlsx,
            "Sheet1",
            None,
            None,
            false,
        )
        .unwrap();
        let text = std::fs::read_to_string(&fast_csv).unwrap();
        assert_eq!(text, std::fs::read_to_string(&slow_csv).unwrap());
        assert_eq!(text, "Kỳ\n2021-10-25\n");
    }

    /// An .xlsx written by hand, with the shapes other programs write:
    /// inline and rich strings, cells and rows without references, empty
    /// elements, formulas without values, typed text, booleans, errors,
    /// entities and comments.
    fn hand_written_xlsx(path: &Path, sheet_data: &str, strings: &str) {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId7"/></sheets></workbook>"#.to_owned()),
            ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>"#.to_owned()),
            ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#)),
            ("xl/worksheets/data.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F9"/><sheetData>{sheet_data}</sheetData><pageMargins left="0.7"/></worksheet>"#)),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }

    #[test]
    fn the_fast_reader_reads_hand_written_shapes_as_calamine_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hand.xlsx");
        let strings = concat!(
            r#"<si><t>Mã</t></si><si><t xml:space="preserve"> Giá trị </t></si>"#,
            r#"<si><r><rPr><b/></rPr><t>Khánh</t></r><r><t xml:space="preserve"> Hòa</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>"#,
            r#"<si/><si><t>  trimmed  </t></si><si><t>Tỉnh &amp; &#x1EA1;&#7865;</t></si>"#,
        );
        let sheet_data = concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>"#,
            r#"<row><c><v>12</v></c><c s="1"><v>0.468</v></c><c s="2"><v>0.5</v></c><c t="n"><v>-1.5E-3</v></c></row>"#,
            r#"<row r="4" spans="1:6"><c r="A4" t="inlineStr"><is><t>inline</t></is></c><c r="B4" t="inlineStr"><is><r><t>rich </t></r><r><t>inline</t></r></is></c><c r="C4" t="str"><f>A1&amp;"x"</f><v>Mãx &lt;1&gt;</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="e"><v>#DIV/0!</v></c><c r="F4" t="d"><v>2021-10-25T00:00:00</v></c></row>"#,
            r#"<row r="5"/><row r="6"><c r="A6" s="1"/><c r="B6"><f>1+1</f></c><c r="C6"><v/></c><c r="D6" t="s"><v>3</v></c><c r="E6" t="s"><v>4</v></c><c r="F6" t="s"><v>5</v></c></row>"#,
            r#"<!-- a comment --><row r="8"><c r="B8"><f t="shared" si="0"/><v>7</v></c><c r="c8" t="b"><v>false</v></c></row>"#,
        );
        hand_written_xlsx(&path, sheet_data, strings);
        assert_same_as_calamine(&path, "Dữ liệu");
    }

    #[test]
    fn the_fast_reader_gives_up_on_what_it_does_not_know() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd.xlsx");
        let strings = "<si><t>a</t></si>";
        for (sheet_data, why) in [
            (
                r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><x:row r="2"/>"#,
                "an element name with a prefix",
            ),
            (
                r#"<row r="1"><c r="A1" t="str"><v>a_x000D_b</v></c></row>"#,
                "an _xHHHH_ escape",
            ),
            (
                r#"<row r="1"><c r="A1"><v> 12</v></c></row>"#,
                "a number this reader leaves to calamine",
            ),
            (
                r#"<row r="1"><c r="A1" t="str"><v><![CDATA[x]]></v></c></row>"#,
                "CDATA or a DOCTYPE",
            ),
        ] {
            hand_written_xlsx(&path, sheet_data, strings);
            assert_eq!(scanned_cells(&path, "Dữ liệu"), Err(why), "{sheet_data}");
            // Either way the sheet is written as calamine reads it.
            let (fast_csv, _) = write_sheet_csv_with(
                &Source::open(&path).unwrap(),
                WorkbookKind::Xlsx,
                "Dữ liệu",
                None,
                None,
                true,
            )
            .unwrap();
            let (slow_csv, _) = write_sheet_csv_with(
                &Source::open(&path).unwrap(),
                WorkbookKind::Xlsx,
                "Dữ liệu",
                None,
                None,
                false,
            )
            .unwrap();
            assert_eq!(
                std::fs::read(&fast_csv).unwrap(),
                std::fs::read(&slow_csv).unwrap()
            );
        }
    }

    #[test]
    fn cell_references_name_columns_by_letters() {
        assert_eq!(cell_reference(17, 3), "C17");
        assert_eq!(cell_reference(1, 26), "Z1");
        assert_eq!(cell_reference(2, 27), "AA2");
        assert_eq!(cell_reference(5, 703), "AAA5");
    }
}
