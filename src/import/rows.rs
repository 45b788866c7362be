//! Turning one data line into observations, or saying why it is skipped or rejected.

use crate::domain::number::{self, NumberFormat};
use crate::domain::{
    AgencyRef, CellProblem, Field, FieldSet, Figures, IndicatorRef, Kind, Level, NamedColumn,
    ObservationRecord, Period, Reference, RejectCause, Rejection, text,
};

use foldhash::HashMap;
use std::cell::RefCell;

use super::SkipReason;
use super::fast::{Row, clean_cell, fold_prefix};
use super::roles::ColumnRole;
use super::workbook::{TYPED, shown_text, typed_number};

/// Where each role sits in a file's lines, and what fills in for a missing column.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    pub headers: Vec<String>,
    pub row_number: Option<usize>,
    pub indicator_code: Option<usize>,
    pub indicator_name: Option<usize>,
    pub unit: Option<usize>,
    pub kind: Option<usize>,
    pub agency_code: Option<usize>,
    pub agency_name: Option<usize>,
    pub level: Option<usize>,
    pub period: Option<usize>,
    pub value: Option<usize>,
    pub numerator: Option<usize>,
    pub denominator: Option<usize>,
    pub target: Option<usize>,
    pub qualifier: Option<usize>,
    pub note: Option<usize>,
    /// A wide table's periods, in the order of their first column.
    wide_periods: Vec<WidePeriod>,
    pub format: NumberFormat,
    pub agency_fill: Option<String>,
    pub period_fill: Option<Period>,
    /// Indicator code for a file with no indicator column (`--indicator`).
    pub indicator_fill: Option<String>,
    /// The unit a figure header names in its brackets ("(Thous. pers.)"),
    /// for a file with no unit column.
    pub unit_fill: Option<String>,
    /// Columns whose cells a data line must have.
    pub required_len: usize,
    /// Columns holding figures.
    figure_indexes: Vec<usize>,
    /// Periods as written → as read (a file repeats a few periods).
    period_cache: RefCell<HashMap<String, Option<Period>>>,
    /// The numbers of the indicators and agencies read so far.
    numbering: RefCell<Numbering>,
}

/// The numbers a file's references get (see [`Reference`]): codes and names
/// as written → number. A file repeats the same few on every line, so a line
/// costs one lookup of its indicator code and one of its agency code.
#[derive(Clone, Debug, Default)]
struct Numbering {
    indicator_codes: HashMap<Box<str>, u32>,
    indicator_names: HashMap<Box<str>, u32>,
    agency_codes: HashMap<Box<str>, u32>,
    agency_names: HashMap<Box<str>, u32>,
    /// By number: whether a record has spelled the reference out yet.
    indicators_spelled: Vec<bool>,
    agencies_spelled: Vec<bool>,
    /// The number of "no agency at all" (no agency column, no code given).
    no_agency: Option<u32>,
}

/// The number of a cell that is empty once cleaned.
const EMPTY_CELL: u32 = u32::MAX;

/// How many distinct spellings each map remembers. Past that it starts over:
/// a spelling seen again gets a new number and is spelled out again, which
/// costs the store one more lookup, nothing else.
const NUMBERING_LIMIT: usize = 65_536;

impl Numbering {
    /// The number of a code or name cell as written; None when it is empty.
    fn number(map: &mut HashMap<Box<str>, u32>, spelled: &mut Vec<bool>, raw: &str) -> Option<u32> {
        if let Some(&number) = map.get(raw) {
            return (number != EMPTY_CELL).then_some(number);
        }
        let number = if clean_cell(raw).is_empty() {
            EMPTY_CELL
        } else {
            spelled.push(false);
            u32::try_from(spelled.len() - 1).unwrap_or(EMPTY_CELL)
        };
        if map.len() >= NUMBERING_LIMIT {
            map.clear();
        }
        map.insert(Box::from(raw), number);
        (number != EMPTY_CELL).then_some(number)
    }

    fn indicator(&mut self, code: Option<&str>, name: Option<&str>) -> Option<u32> {
        code.and_then(|raw| {
            Self::number(&mut self.indicator_codes, &mut self.indicators_spelled, raw)
        })
        .or_else(|| {
            name.and_then(|raw| {
                Self::number(&mut self.indicator_names, &mut self.indicators_spelled, raw)
            })
        })
    }

    fn agency(&mut self, code: Option<&str>, name: Option<&str>) -> Option<u32> {
        code.and_then(|raw| Self::number(&mut self.agency_codes, &mut self.agencies_spelled, raw))
            .or_else(|| {
                name.and_then(|raw| {
                    Self::number(&mut self.agency_names, &mut self.agencies_spelled, raw)
                })
            })
    }

    fn no_agency(&mut self) -> u32 {
        if let Some(number) = self.no_agency {
            return number;
        }
        self.agencies_spelled.push(false);
        let number = u32::try_from(self.agencies_spelled.len() - 1).unwrap_or(EMPTY_CELL);
        self.no_agency = Some(number);
        number
    }

    /// Whether this is the first record with the number (and marks it spelled).
    fn first_use(spelled: &mut [bool], number: u32) -> bool {
        match spelled.get_mut(number as usize) {
            Some(done) if !*done => {
                *done = true;
                true
            }
            _ => false,
        }
    }
}

/// What a line's references came to: numbers, and the kind and level it gives.
#[derive(Clone, Copy, Debug)]
struct LineReferences {
    indicator: u32,
    agency: u32,
    kind: Option<Kind>,
    level: Option<Level>,
}

/// How many distinct period spellings are remembered.
const PERIOD_CACHE_LIMIT: usize = 4096;
/// How many characters of a cell are enough to recognise a note or a total.
const KEYWORD_CHARS: usize = 40;

/// What became of one line.
// A line's record goes straight to the sink; boxing it would cost an
// allocation per observation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum LineOutcome {
    Skip(SkipReason),
    /// A long table's line: one observation (no allocation for a list).
    Record(Result<ObservationRecord, Rejection>),
    /// A wide table's line: one observation per period column.
    Records(Vec<Result<ObservationRecord, Rejection>>),
}

impl Layout {
    pub(crate) fn new(headers: Vec<String>, roles: &[ColumnRole], format: NumberFormat) -> Layout {
        let find = |wanted: &ColumnRole| roles.iter().position(|role| role == wanted);
        let mut layout = Layout {
            headers,
            row_number: find(&ColumnRole::RowNumber),
            indicator_code: find(&ColumnRole::IndicatorCode),
            indicator_name: find(&ColumnRole::IndicatorName),
            unit: find(&ColumnRole::Unit),
            kind: find(&ColumnRole::Kind),
            agency_code: find(&ColumnRole::AgencyCode),
            agency_name: find(&ColumnRole::AgencyName),
            level: find(&ColumnRole::Level),
            period: find(&ColumnRole::Period),
            value: find(&ColumnRole::Value),
            numerator: find(&ColumnRole::Numerator),
            denominator: find(&ColumnRole::Denominator),
            target: find(&ColumnRole::Target),
            qualifier: find(&ColumnRole::Qualifier),
            note: find(&ColumnRole::Note),
            wide_periods: wide_periods(roles),
            format,
            agency_fill: None,
            period_fill: None,
            indicator_fill: None,
            unit_fill: None,
            required_len: 0,
            figure_indexes: Vec::new(),
            period_cache: RefCell::new(HashMap::default()),
            numbering: RefCell::new(Numbering::default()),
        };
        let required = [
            layout.indicator_code,
            layout.indicator_name,
            layout.agency_code,
            layout.agency_name,
            layout.period,
            layout.value,
            layout.numerator,
            layout.denominator,
        ];
        let first_period_column = layout.period_cell_columns().min();
        layout.figure_indexes = layout.figure_columns();
        layout.required_len = required
            .iter()
            .flatten()
            .chain(first_period_column.iter())
            .map(|index| index + 1)
            .max()
            .unwrap_or(0);
        layout
    }

    pub(crate) fn is_wide(&self) -> bool {
        !self.wide_periods.is_empty()
    }

    /// The columns of a wide table's figures.
    fn period_cell_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.wide_periods
            .iter()
            .flat_map(|period| {
                [
                    period.result,
                    period.target,
                    period.numerator,
                    period.denominator,
                ]
            })
            .flatten()
    }

    pub(crate) fn has_indicator_column(&self) -> bool {
        self.indicator_code.is_some() || self.indicator_name.is_some()
    }

    pub(crate) fn has_agency_column(&self) -> bool {
        self.agency_code.is_some() || self.agency_name.is_some()
    }

    pub(crate) fn has_period(&self) -> bool {
        self.period.is_some() || self.is_wide()
    }

    /// The columns holding figures (evidence for the number format).
    pub(crate) fn figure_columns(&self) -> Vec<usize> {
        let mut columns: Vec<usize> = [self.value, self.numerator, self.denominator, self.target]
            .into_iter()
            .flatten()
            .collect();
        columns.extend(self.period_cell_columns());
        columns
    }

    fn named_column(&self, index: usize) -> NamedColumn {
        NamedColumn {
            column: Self::column_number(index),
            header: self
                .headers
                .get(index)
                .map(|header| text::clean(header))
                .unwrap_or_default(),
        }
    }

    /// The rejection of a line with a NUL byte in a cell: no text has one,
    /// so the file is damaged or read in the wrong encoding, and nothing of
    /// the line is kept (the byte is shown as `\0`).
    pub(crate) fn nul_rejection(&self, line: u64, cells: &Row<'_>) -> Rejection {
        let index = cells
            .iter()
            .position(|cell| cell.contains('\0'))
            .unwrap_or(0);
        self.reject(
            line,
            index,
            &cells.get(index).unwrap_or("").replace('\0', "\\0"),
            CellProblem::NulByte,
        )
    }

    fn column_number(index: usize) -> u32 {
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }

    /// Reads one data line (cells as in the file).
    pub(crate) fn read_line(
        &self,
        line: u64,
        cells: &Row<'_>,
        in_footer: &mut bool,
    ) -> LineOutcome {
        let cell = |index: Option<usize>| -> &str {
            index
                .and_then(|index| cells.get(index))
                .map_or("", str::trim)
        };
        let Some(first_text) = cells.iter().map(str::trim).find(|c| !c.is_empty()) else {
            return LineOutcome::Skip(SkipReason::EmptyLine);
        };
        // A code such as "CT06.4" (ASCII, a digit, no space) is no keyword:
        // skip folding it, the common case.
        let looks_like_code = first_text.is_ascii()
            && !first_text.as_bytes().contains(&b' ')
            && first_text.bytes().any(|byte| byte.is_ascii_digit());
        let first_key = if looks_like_code {
            String::new()
        } else {
            fold_prefix(first_text, KEYWORD_CHARS)
        };
        let code = cell(self.indicator_code);
        let any_figure = self
            .figure_indexes
            .iter()
            .any(|index| !cell(Some(*index)).is_empty());
        if is_note_start(&first_key) {
            *in_footer = true;
            return LineOutcome::Skip(SkipReason::NoteBelowTable);
        }
        if is_signature_line(&first_key) {
            *in_footer = true;
            return LineOutcome::Skip(SkipReason::SignatureBelowTable);
        }
        if *in_footer && code.is_empty() && !any_figure {
            return LineOutcome::Skip(SkipReason::TextBelowTable);
        }
        if code.is_empty() {
            let label_key = [self.row_number, self.indicator_name, self.agency_name]
                .iter()
                .map(|index| cell(*index))
                .find(|value| !value.is_empty())
                .map_or_else(
                    || first_key.clone(),
                    |value| fold_prefix(value, KEYWORD_CHARS),
                );
            if is_total_label(&label_key) || is_total_label(&first_key) {
                return LineOutcome::Skip(SkipReason::TotalRow);
            }
            if is_region_label(&label_key) || is_region_label(&first_key) {
                return LineOutcome::Skip(SkipReason::NationalTotalRow);
            }
            let row_number = cell(self.row_number);
            if !any_figure && is_section_number(row_number) {
                return LineOutcome::Skip(SkipReason::SectionHeading);
            }
            let non_empty = cells.iter().filter(|c| !c.trim().is_empty()).count();
            let row_number_cells = usize::from(!row_number.is_empty());
            if !any_figure && non_empty <= 1 + row_number_cells {
                return LineOutcome::Skip(SkipReason::TextWithoutFigure);
            }
        }
        if cells.len() < self.required_len {
            let missing: Vec<NamedColumn> = (cells.len()..self.required_len)
                .filter(|index| self.is_required(*index))
                .map(|index| self.named_column(index))
                .collect();
            let raw = cells.iter().collect::<Vec<_>>().join(",");
            return LineOutcome::Record(Err(Rejection {
                line,
                column: Some(Self::column_number(cells.len())),
                raw,
                cause: RejectCause::ShortLine {
                    cells: cells.len(),
                    header_cells: self.headers.len(),
                    missing,
                },
            }));
        }
        if self.is_wide() {
            self.read_wide(line, cells)
        } else {
            LineOutcome::Record(self.read_long(line, cells))
        }
    }

    /// Reads a period cell, remembering the spellings already read.
    fn period_of(&self, raw: &str) -> Option<Period> {
        if let Some(known) = self.period_cache.borrow().get(raw) {
            return *known;
        }
        let period = Period::parse(raw);
        let mut cache = self.period_cache.borrow_mut();
        if cache.len() < PERIOD_CACHE_LIMIT {
            cache.insert(raw.to_owned(), period);
        }
        period
    }

    fn is_required(&self, index: usize) -> bool {
        [
            self.indicator_code,
            self.indicator_name,
            self.agency_code,
            self.agency_name,
            self.period,
            self.value,
            self.numerator,
            self.denominator,
        ]
        .contains(&Some(index))
            || self.period_cell_columns().min() == Some(index)
    }

    fn reject(&self, line: u64, index: usize, raw: &str, problem: CellProblem) -> Rejection {
        Rejection {
            line,
            column: Some(Self::column_number(index)),
            raw: shown_text(raw).to_owned(),
            cause: RejectCause::Cell {
                column: self.named_column(index),
                problem,
            },
        }
    }

    /// The numbers of a line's indicator and agency, with its kind and level
    /// checked.
    fn references(&self, line: u64, cells: &Row<'_>) -> Result<LineReferences, Rejection> {
        let raw_of = |index: usize| cells.get(index).unwrap_or("");
        let mut numbering = self.numbering.borrow_mut();
        let indicator = if self.has_indicator_column() {
            numbering.indicator(
                self.indicator_code.map(raw_of),
                self.indicator_name.map(raw_of),
            )
        } else {
            // The code given for the whole file (`--indicator`).
            numbering.indicator(self.indicator_fill.as_deref(), None)
        };
        let Some(indicator) = indicator else {
            let index = self.indicator_code.or(self.indicator_name).unwrap_or(0);
            return Err(self.reject(line, index, raw_of(index), CellProblem::NoIndicator));
        };
        let kind = match self.kind {
            Some(index) if !raw_of(index).trim().is_empty() => {
                Some(Kind::parse(raw_of(index)).ok_or_else(|| {
                    self.reject(line, index, raw_of(index), CellProblem::NotAKind)
                })?)
            }
            _ => None,
        };
        let level = match self.level {
            Some(index) if !raw_of(index).trim().is_empty() => {
                Some(level_of(raw_of(index)).ok_or_else(|| {
                    self.reject(line, index, raw_of(index), CellProblem::NotALevel)
                })?)
            }
            _ => None,
        };
        let agency = if self.has_agency_column() {
            numbering.agency(self.agency_code.map(raw_of), self.agency_name.map(raw_of))
        } else {
            // The code given for the whole file, or none (the store then
            // rejects the line for naming no agency).
            Some(
                numbering
                    .agency(self.agency_fill.as_deref(), None)
                    .unwrap_or_else(|| numbering.no_agency()),
            )
        };
        let Some(agency) = agency else {
            let index = self.agency_code.or(self.agency_name).unwrap_or(0);
            return Err(self.reject(line, index, raw_of(index), CellProblem::NoAgency));
        };
        Ok(LineReferences {
            indicator,
            agency,
            kind,
            level,
        })
    }

    /// A record's indicator and agency: spelled out from this line's cells on
    /// the first record with their numbers, numbers alone after that.
    fn record_references(
        &self,
        refs: &LineReferences,
        cells: &Row<'_>,
    ) -> (Reference<IndicatorRef>, Reference<AgencyRef>) {
        let mut numbering = self.numbering.borrow_mut();
        let indicator = Reference {
            number: refs.indicator,
            spelled: Numbering::first_use(&mut numbering.indicators_spelled, refs.indicator).then(
                || {
                    Box::new(IndicatorRef {
                        code: if self.has_indicator_column() {
                            self.shared_text(cells, self.indicator_code)
                        } else {
                            self.indicator_fill.clone()
                        },
                        name: self.shared_text(cells, self.indicator_name),
                        unit: self
                            .shared_text(cells, self.unit)
                            .or_else(|| self.unit_fill.clone()),
                        kind: refs.kind,
                    })
                },
            ),
        };
        let agency = Reference {
            number: refs.agency,
            spelled: Numbering::first_use(&mut numbering.agencies_spelled, refs.agency).then(
                || {
                    Box::new(if self.has_agency_column() {
                        AgencyRef {
                            code: self.shared_text(cells, self.agency_code),
                            name: self.shared_text(cells, self.agency_name),
                            level: refs.level,
                        }
                    } else {
                        AgencyRef {
                            code: self.agency_fill.clone(),
                            name: None,
                            level: refs.level,
                        }
                    })
                },
            ),
        };
        (indicator, agency)
    }

    fn parse_cell(
        &self,
        line: u64,
        cells: &Row<'_>,
        index: usize,
    ) -> Result<number::ParsedNumber, Rejection> {
        let raw = cells.get(index).unwrap_or("");
        if let Some(typed) = raw.strip_prefix(TYPED) {
            // Stored by a workbook as a number: that number, exactly.
            return match typed_number(typed) {
                Some((value, percent)) => Ok(number::ParsedNumber {
                    value: Some(value),
                    percent,
                    ..number::ParsedNumber::default()
                }),
                None => Err(self.reject(line, index, raw, CellProblem::NotANumber)),
            };
        }
        number::parse_figure(raw, self.format)
            .map_err(|error| self.reject(line, index, raw, CellProblem::Figure(error)))
    }

    fn plain_number(
        &self,
        line: u64,
        cells: &Row<'_>,
        index: Option<usize>,
    ) -> Result<Option<f64>, Rejection> {
        let Some(index) = index else {
            return Ok(None);
        };
        let parsed = self.parse_cell(line, cells, index)?;
        if parsed.is_fraction {
            let raw = cells.get(index).unwrap_or("");
            return Err(self.reject(line, index, raw, CellProblem::FractionNotAllowed));
        }
        Ok(parsed.value)
    }

    fn shared_text(&self, cells: &Row<'_>, index: Option<usize>) -> Option<String> {
        let raw = index.and_then(|index| cells.get(index))?;
        let cleaned = clean_cell(raw);
        (!cleaned.is_empty()).then_some(cleaned)
    }

    fn read_long(&self, line: u64, cells: &Row<'_>) -> Result<ObservationRecord, Rejection> {
        let refs = self.references(line, cells)?;
        let period = match self.period {
            Some(index) => {
                let raw = cells.get(index).unwrap_or("");
                if raw.trim().is_empty() {
                    return Err(self.reject(line, index, raw, CellProblem::NoPeriod));
                }
                self.period_of(raw)
                    .ok_or_else(|| self.reject(line, index, raw, CellProblem::NotAPeriod))?
            }
            None => match &self.period_fill {
                Some(period) => *period,
                None => {
                    return Err(Rejection {
                        line,
                        column: None,
                        raw: String::new(),
                        cause: RejectCause::NoPeriodGiven,
                    });
                }
            },
        };
        let mut figures = Figures::default();
        let mut from_fraction = false;
        let mut parsed_qualifier = None;
        if let Some(index) = self.value {
            let parsed = self.parse_cell(line, cells, index)?;
            figures.value = parsed.value;
            if parsed.is_fraction {
                figures.numerator = parsed.numerator;
                figures.denominator = parsed.denominator;
                from_fraction = true;
            }
            parsed_qualifier = parsed.qualifier;
        }
        if let Some(numerator) = self.plain_number(line, cells, self.numerator)? {
            figures.numerator = Some(numerator);
        }
        if let Some(denominator) = self.plain_number(line, cells, self.denominator)? {
            figures.denominator = Some(denominator);
        }
        figures.target = self.plain_number(line, cells, self.target)?;
        figures.qualifier = self
            .shared_text(cells, self.qualifier)
            .or(parsed_qualifier.filter(|qualifier| !qualifier.is_empty()));
        figures.note = self.shared_text(cells, self.note);
        let column = self
            .value
            .or(self.numerator)
            .or(self.target)
            .or(self.denominator)
            .map_or(0, Self::column_number);
        let (indicator, agency) = self.record_references(&refs, cells);
        Ok(ObservationRecord {
            line,
            column,
            indicator,
            agency,
            period,
            figures,
            value_from_fraction: from_fraction,
            keeps: FieldSet::EMPTY,
        })
    }

    fn read_wide(&self, line: u64, cells: &Row<'_>) -> LineOutcome {
        let refs = match self.references(line, cells) {
            Ok(refs) => refs,
            Err(rejection) => return LineOutcome::Records(vec![Err(rejection)]),
        };
        let note = self.shared_text(cells, self.note);
        let qualifier = self.shared_text(cells, self.qualifier);
        // A target, numerator or denominator column without a period is the
        // period's when there is one period, with no such column of its own.
        let one_period =
            |own: Option<usize>, plain: Option<usize>| match self.wide_periods.as_slice() {
                [_] => own.or(plain),
                _ => own,
            };
        let targets_by_period = self
            .wide_periods
            .iter()
            .any(|period| period.target.is_some());
        let notes_by_period = self.wide_periods.iter().any(|period| period.note.is_some());
        let filled = |index: Option<usize>| {
            index.filter(|index| !cells.get(*index).unwrap_or("").trim().is_empty())
        };
        let mut results = Vec::with_capacity(self.wide_periods.len());
        for wide in &self.wide_periods {
            let result_column = filled(wide.result);
            let target_column = one_period(wide.target, self.target);
            let numerator_column = filled(one_period(wide.numerator, self.numerator));
            let denominator_column = filled(one_period(wide.denominator, self.denominator));
            let has_target = filled(target_column).is_some();
            if result_column.is_none()
                && !has_target
                && numerator_column.is_none()
                && denominator_column.is_none()
            {
                continue;
            }
            let read = || -> Result<(Figures, bool), Rejection> {
                let mut figures = Figures {
                    note: match wide.note {
                        Some(index) => self.shared_text(cells, Some(index)),
                        None => note.clone(),
                    },
                    qualifier: qualifier.clone(),
                    ..Figures::default()
                };
                let mut from_fraction = false;
                if let Some(index) = result_column {
                    let parsed = self.parse_cell(line, cells, index)?;
                    figures.value = parsed.value;
                    figures.numerator = parsed.numerator;
                    figures.denominator = parsed.denominator;
                    figures.qualifier = figures
                        .qualifier
                        .or(parsed.qualifier.filter(|qualifier| !qualifier.is_empty()));
                    from_fraction = parsed.is_fraction;
                }
                if has_target {
                    figures.target = self.plain_number(line, cells, target_column)?;
                }
                if let Some(numerator) = self.plain_number(line, cells, numerator_column)? {
                    figures.numerator = Some(numerator);
                }
                if let Some(denominator) = self.plain_number(line, cells, denominator_column)? {
                    figures.denominator = Some(denominator);
                }
                Ok((figures, from_fraction))
            };
            let (figures, from_fraction) = match read() {
                Ok(read) => read,
                Err(rejection) => {
                    results.push(Err(rejection));
                    continue;
                }
            };
            let column = result_column
                .or(target_column)
                .or(numerator_column)
                .or(denominator_column);
            let (indicator, agency) = self.record_references(&refs, cells);
            results.push(Ok(ObservationRecord {
                line,
                column: column.map_or(0, Self::column_number),
                indicator,
                agency,
                period: wide.period,
                figures,
                value_from_fraction: from_fraction,
                keeps: FieldSet::EMPTY
                    .with_if(result_column.is_none(), &[Field::Value, Field::Qualifier])
                    .with_if(
                        !from_fraction
                            && numerator_column.is_none()
                            && denominator_column.is_none(),
                        &[Field::Numerator, Field::Denominator],
                    )
                    .with_if(
                        targets_by_period && target_column.is_none(),
                        &[Field::Target],
                    )
                    .with_if(notes_by_period && wide.note.is_none(), &[Field::Note]),
            }));
        }
        if results.is_empty() {
            return LineOutcome::Skip(SkipReason::NoFigureInPeriods);
        }
        LineOutcome::Records(results)
    }
}

/// One period of a wide table: the columns of its result, target, numerator,
/// denominator and note.
#[derive(Clone, Debug)]
struct WidePeriod {
    period: Period,
    result: Option<usize>,
    target: Option<usize>,
    numerator: Option<usize>,
    denominator: Option<usize>,
    note: Option<usize>,
}

/// A wide table's periods, in the order of their first column (a period
/// named twice keeps its first column of each kind).
fn wide_periods(roles: &[ColumnRole]) -> Vec<WidePeriod> {
    let mut periods: Vec<WidePeriod> = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        let Some(period) = role.period() else {
            continue;
        };
        let position =
            if let Some(position) = periods.iter().position(|known| known.period == period) {
                position
            } else {
                periods.push(WidePeriod {
                    period,
                    result: None,
                    target: None,
                    numerator: None,
                    denominator: None,
                    note: None,
                });
                periods.len() - 1
            };
        let wide = &mut periods[position];
        let slot = match role {
            ColumnRole::Figure {
                field: Field::Target,
                ..
            } => &mut wide.target,
            ColumnRole::Figure {
                field: Field::Numerator,
                ..
            } => &mut wide.numerator,
            ColumnRole::Figure {
                field: Field::Denominator,
                ..
            } => &mut wide.denominator,
            ColumnRole::Figure {
                field: Field::Note, ..
            } => &mut wide.note,
            _ => &mut wide.result,
        };
        slot.get_or_insert(index);
    }
    periods
}

/// A level cell, with the usual spellings read without folding.
fn level_of(raw: &str) -> Option<Level> {
    match raw.trim() {
        "tinh" | "Tỉnh" | "tỉnh" | "province" => Some(Level::Province),
        "huyen" | "Huyện" | "huyện" | "district" => Some(Level::District),
        "xa" | "Xã" | "xã" | "commune" => Some(Level::Commune),
        "so" | "Sở" | "sở" | "department" => Some(Level::Department),
        other => Level::parse(other),
    }
}

/// "Ghi chú:", "Nguồn:", "Người lập" … start the notes below a table.
fn is_note_start(key: &str) -> bool {
    const STARTS: [&str; 14] = [
        "ghi chu",
        "nguon",
        "nguoi lap",
        "chu thich",
        "luu y",
        "noi nhan",
        "thu truong",
        "xac nhan",
        "note:",
        "notes:",
        "source:",
        "prepared by",
        "nguoi ky",
        "ky ten",
    ];
    STARTS.iter().any(|start| key.starts_with(start))
}

/// "Khánh Hòa, ngày 07 tháng 01 năm 2022", "(Ký, ghi rõ họ tên)", "GIÁM ĐỐC".
fn is_signature_line(key: &str) -> bool {
    (key.contains("ngay") && key.contains("thang") && key.contains("nam") && !key.contains(','))
        || key.contains(", ngay ")
        || key.starts_with("(ky")
        || key == "giam doc"
        || key == "pho giam doc"
        || key.starts_with("kt. giam doc")
        || key.starts_with("kt giam doc")
        || key == "chu tich"
        || key.starts_with("tm. ubnd")
}

/// "Tổng cộng", "Tổng số", "Cộng", "Total".
fn is_total_label(key: &str) -> bool {
    let key = key.trim_end_matches([':', '.', ' ']);
    matches!(
        key,
        "tong cong" | "tong so" | "cong" | "tong" | "total" | "grand total" | "sum" | "tong cong:"
    ) || key.starts_with("tong cong ")
        || key.starts_with("cong (")
}

/// The whole country and the statistics office's eight-then-six regions
/// ("WHOLE COUNTRY", "Cả nước", "Red River Delta", "Đồng bằng sông Hồng"):
/// totals over provinces, not agencies.
fn is_region_label(key: &str) -> bool {
    let key = key.trim_end_matches([':', '.', ' ']);
    matches!(
        key,
        "whole country"
            | "ca nuoc"
            | "toan quoc"
            | "red river delta"
            | "dong bang song hong"
            | "northern midlands and mountain areas"
            | "northern midlands and mountainous areas"
            | "trung du va mien nui phia bac"
            | "north east"
            | "dong bac"
            | "north west"
            | "tay bac"
            | "north central"
            | "bac trung bo"
            | "north central and central coastal areas"
            | "north central area and central coastal area"
            | "bac trung bo va duyen hai mien trung"
            | "south central coast"
            | "duyen hai nam trung bo"
            | "central highlands"
            | "tay nguyen"
            | "south east"
            | "dong nam bo"
            | "mekong river delta"
            | "dong bang song cuu long"
    )
}

/// "I", "II", "IV", "A", "B": the number of a section, not of a data row.
fn is_section_number(raw: &str) -> bool {
    let trimmed = raw.trim().trim_end_matches(['.', ')']);
    if trimmed.is_empty() {
        return false;
    }
    let upper = trimmed.chars().all(|ch| ch.is_ascii_uppercase());
    let roman = trimmed
        .chars()
        .all(|ch| matches!(ch, 'I' | 'V' | 'X' | 'L'));
    upper && (roman || trimmed.chars().count() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_kinds() {
        assert!(is_section_number("I"));
        assert!(is_section_number("IV."));
        assert!(is_section_number("A"));
        assert!(!is_section_number("1"));
        assert!(!is_section_number("1.1"));
        assert!(is_total_label(&text::fold("Tổng cộng")));
        assert!(is_total_label(&text::fold("TỔNG SỐ:")));
        assert!(is_total_label(&text::fold("Cộng")));
        assert!(!is_total_label(&text::fold("Tổng chi ngân sách cho CNTT")));
        for region in [
            "WHOLE COUNTRY",
            "Red River Delta",
            "Cả nước",
            "Đồng bằng sông Hồng",
            "Đồng bằng sông Cửu Long",
            "Tây Nguyên",
        ] {
            assert!(is_region_label(&text::fold(region)), "{region}");
        }
        assert!(!is_region_label(&text::fold("Khánh Hòa")));
        assert!(is_note_start(&text::fold("Ghi chú: số liệu tạm tính")));
        assert!(is_note_start(&text::fold("Nguồn: Sở TTTT")));
        assert!(is_note_start(&text::fold("Người lập biểu")));
        assert!(is_signature_line(&text::fold(
            "Khánh Hòa, ngày 07 tháng 01 năm 2022"
        )));
    }
}
