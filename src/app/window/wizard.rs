//! The import wizard, one file at a time: (1) what detection found, shown
//! over a preview of the first lines, with every choice overridable; (2) a
//! dry run that shows what would change; (3) the import on a background
//! thread with progress and Cancel (which rolls back).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::app::pipeline::{ImportReport, ImportRequest, Progress};
use crate::app::session::{Failure, ImportJob, ImportStart, JobId, JobState, Refusal, Session};
use crate::app::strings::{Lang, WizardTexts};
use crate::domain::number::{self, NumberFormat};
use crate::domain::{Field, Period, Rejection, text};
use crate::import::{self, ColumnRole, Detection, ImportError, ImportOptions};
use crate::store::ChangedFigure;

/// What the wizard asks of the window.
pub enum WizardEvent {
    /// The user closed it.
    Closed,
    /// Start this import or dry run; the answer comes back through
    /// [`ImportWizard::started`].
    Start(Box<ImportStart>),
    /// Stop this job (it rolls back).
    Cancel(JobId),
    /// Something to say.
    Notice { text: String, error: bool },
}

/// The encodings offered, as WHATWG labels.
const ENCODINGS: [&str; 7] = [
    "utf-8",
    "windows-1258",
    "utf-16le",
    "utf-16be",
    "windows-1252",
    "windows-1250",
    "windows-1251",
];

/// The delimiters offered.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Preview cells longer than this are cut (the whole text shows on hover).
const PREVIEW_CELL_CHARS: usize = 40;

/// What detection returns: the detection and what would stop the import, or why nothing can be shown.
type Detected = Result<(Detection, Option<ImportError>), ImportError>;

/// A workbook's sheets, when this detection listed them (the first does).
type ListedSheets = Option<Option<Vec<import::SheetInfo>>>;

/// Detects the file at `path` with `options`, and lists its sheets when
/// `list` says so, through the file opened once. The sheets are None for a
/// text file (or one that cannot be read as a workbook: detection says why).
fn detect_file(path: &Path, options: &ImportOptions, list: bool) -> (Detected, ListedSheets) {
    let source = match import::Source::open(path) {
        Ok(source) => source,
        Err(error) => return (Err(error), list.then_some(None)),
    };
    let detected = import::detect_source(&source, options);
    let sheets = list.then(|| {
        import::sheets_of(&source, &ImportOptions::default())
            .ok()
            .flatten()
    });
    (detected, sheets)
}

/// Why the file cannot be imported yet.
enum Problem {
    /// Numbers that read both ways ("3.467"): ask, with this example.
    Ambiguous {
        raw: String,
    },
    /// Numbers written both ways: the user must choose one (the error names the cells).
    Contradictory(Failure),
    MissingAgency,
    MissingPeriod,
    /// A workbook whose sheet must be chosen.
    ChooseSheet,
    /// Misread UTF-8: the repair box answers.
    Mojibake,
    /// A few cells of TCVN3 or VNI text ("tcvn3", "vni"): convert, or choose an encoding.
    LegacyText(&'static str),
    /// A column of names with no role, likely the agencies' (1-based, header).
    AgencyColumn(usize, String),
    /// The file cannot be read with these settings.
    Unreadable(Failure),
}

impl From<ImportError> for Problem {
    fn from(error: ImportError) -> Problem {
        match &error {
            ImportError::AmbiguousNumbers { examples, .. } => Problem::Ambiguous {
                raw: examples
                    .first()
                    .map_or_else(|| "3.467".to_owned(), |(_, _, raw)| raw.clone()),
            },
            ImportError::ContradictoryNumbers { .. } => {
                Problem::Contradictory(Failure::new(error.into()))
            }
            ImportError::MissingAgency { .. } => Problem::MissingAgency,
            ImportError::MissingPeriod { .. } => Problem::MissingPeriod,
            ImportError::ChooseSheet { .. } => Problem::ChooseSheet,
            ImportError::Mojibake { .. } => Problem::Mojibake,
            ImportError::LegacyText { label, .. } => Problem::LegacyText(label),
            ImportError::AgencyColumnNotNamed { column, header, .. } => {
                Problem::AgencyColumn(*column, header.clone())
            }
            _ => Problem::Unreadable(Failure::new(error.into())),
        }
    }
}

/// Where one file is in the wizard.
enum Step {
    /// Step 1: choose how to read the file.
    Read,
    /// Step 2: the dry run, running or finished.
    DryRun(JobId),
    /// Step 3: the import, running or finished.
    Import {
        job: JobId,
        cancel_requested: bool,
        /// `WizardEvent::Imported` was sent.
        announced: bool,
    },
}

/// What the user asked for this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Redetect,
    StartDryRun,
    StopDryRun,
    Back,
    StartImport,
    CancelImport,
    NextFile,
    Close,
}

/// One file going through the wizard.
struct FileImport {
    path: PathBuf,
    options: ImportOptions,
    /// The newest detection that succeeded (stale when the newest run failed: `problem` says so).
    detection: Option<Detection>,
    problem: Option<Problem>,
    /// A detection running on its own thread.
    detecting: Option<Receiver<(Detected, ListedSheets)>>,
    agency_text: String,
    period_text: String,
    indicator_text: String,
    /// The sheets of a workbook (None for a text file), listed with the first detection.
    sheets: Option<Vec<import::SheetInfo>>,
    sheets_listed: bool,
    /// The file has no agency column: show the field (it stays once shown).
    asks_agency: bool,
    asks_period: bool,
    step: Step,
    /// A job was asked for and not yet started: is it a dry run?
    starting: Option<bool>,
    /// A job could not start.
    error: Option<String>,
}

impl FileImport {
    fn open(path: PathBuf, wake: &Arc<dyn Fn() + Send + Sync>) -> FileImport {
        let mut file = FileImport {
            path,
            indicator_text: String::new(),
            sheets: None,
            sheets_listed: false,
            options: ImportOptions::default(),
            detection: None,
            problem: None,
            detecting: None,
            agency_text: String::new(),
            period_text: String::new(),
            asks_agency: false,
            asks_period: false,
            step: Step::Read,
            starting: None,
            error: None,
        };
        file.start_detection(wake);
        file
    }

    fn file_name(&self) -> String {
        super::short_name(&self.path)
    }

    /// Runs detection with the current options on a thread of its own
    /// (detection reads every figure cell: never on the UI thread).
    fn start_detection(&mut self, wake: &Arc<dyn Fn() + Send + Sync>) {
        // A workbook's sheets, each said to read as an indicator table or
        // not, are listed once, with the first detection.
        let list = !self.sheets_listed;
        let (sender, receiver) = mpsc::channel();
        let path = self.path.clone();
        let options = self.options.clone();
        let wake = Arc::clone(wake);
        let spawned = std::thread::Builder::new()
            .name("chiso-detect".into())
            .spawn(move || {
                let _ = sender.send(detect_file(&path, &options, list));
                wake();
            });
        match spawned {
            // A newer run replaces the receiver: the older result is dropped unread.
            Ok(_) => self.detecting = Some(receiver),
            Err(error) => {
                self.detecting = None;
                self.problem = Some(Problem::Unreadable(Failure::new(
                    anyhow::Error::new(error).context("cannot start reading the file"),
                )));
            }
        }
    }

    fn apply_sheets(&mut self, sheets: ListedSheets) {
        if let Some(sheets) = sheets {
            self.sheets = sheets;
            self.sheets_listed = true;
        }
    }

    fn apply_detected(&mut self, detected: Detected) {
        match detected {
            Ok((detection, problem)) => {
                // What is missing regardless of the other answer, so both fields show at once.
                let with_period = ImportOptions {
                    period: Some(Period::year_of(2000)),
                    agency: None,
                    ..self.options.clone()
                };
                if let Err(
                    ImportError::MissingAgency { .. } | ImportError::AgencyColumnNotNamed { .. },
                ) = detection.check_complete(&self.path, &with_period)
                {
                    self.asks_agency = true;
                }
                let with_agency = ImportOptions {
                    agency: Some("x".to_owned()),
                    period: None,
                    ..self.options.clone()
                };
                if let Err(ImportError::MissingPeriod { .. }) =
                    detection.check_complete(&self.path, &with_agency)
                {
                    self.asks_period = true;
                }
                self.problem = problem.map(Problem::from);
                self.detection = Some(detection);
                self.recheck_complete();
            }
            Err(error) => self.problem = Some(Problem::from(error)),
        }
    }

    /// Agency and period need no new detection: check them against the current one.
    fn recheck_complete(&mut self) {
        let Some(detection) = &self.detection else {
            return;
        };
        if matches!(
            self.problem,
            None | Some(
                Problem::MissingAgency | Problem::MissingPeriod | Problem::AgencyColumn(..)
            )
        ) {
            self.problem = detection
                .check_complete(&self.path, &self.options)
                .err()
                .map(Problem::from);
        }
    }

    /// Takes what detection has sent; returns the report of an import that
    /// has just committed (once).
    fn poll(&mut self, session: &Session) -> Option<Box<ImportReport>> {
        if let Some(receiver) = &self.detecting {
            match receiver.try_recv() {
                Ok((detected, sheets)) => {
                    self.detecting = None;
                    self.apply_sheets(sheets);
                    self.apply_detected(detected);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.detecting = None;
                    self.problem = Some(Problem::Unreadable(Failure::new(anyhow::anyhow!(
                        "reading {} stopped unexpectedly",
                        self.path.display()
                    ))));
                }
            }
        }
        match &mut self.step {
            Step::Read | Step::DryRun(_) => None,
            Step::Import { job, announced, .. } => {
                match session.import_job(*job).map(|job| &job.state) {
                    Some(JobState::Done(report)) if !*announced => {
                        *announced = true;
                        Some(report.clone())
                    }
                    _ => None,
                }
            }
        }
    }

    /// The job of the current step, running or finished.
    fn job(&self) -> Option<JobId> {
        match &self.step {
            Step::Read => None,
            Step::DryRun(job) | Step::Import { job, .. } => Some(*job),
        }
    }

    /// Whether the file can be read as chosen (step 1's Next).
    fn ready(&self) -> bool {
        self.detecting.is_none() && self.detection.is_some() && self.problem.is_none()
    }

    /// Asks for the import (or dry run) of this file with the chosen settings.
    fn start_job(&mut self, dry_run: bool) -> Option<WizardEvent> {
        let detection = self.detection.clone()?;
        self.starting = Some(dry_run);
        Some(WizardEvent::Start(Box::new(ImportStart {
            request: ImportRequest {
                path: self.path.clone(),
                options: self.options.clone(),
                dry_run,
                strict: false,
            },
            detection,
        })))
    }

    /// The session started the job asked for, or refused it.
    fn started(&mut self, result: Result<JobId, Refusal>, lang: Lang) {
        let Some(dry_run) = self.starting.take() else {
            return;
        };
        match result {
            Ok(job) => {
                self.error = None;
                self.step = if dry_run {
                    Step::DryRun(job)
                } else {
                    Step::Import {
                        job,
                        cancel_requested: false,
                        announced: false,
                    }
                };
            }
            Err(refusal) => self.error = Some(crate::app::strings::refusal(lang, &refusal)),
        }
    }

    /// Stops a running dry run (it writes nothing; this frees the database sooner).
    fn stop_dry_run(&self) -> Option<WizardEvent> {
        match &self.step {
            Step::DryRun(job) => Some(WizardEvent::Cancel(*job)),
            _ => None,
        }
    }

    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        texts: &WizardTexts,
        lang: Lang,
        format: NumberFormat,
        has_more: bool,
    ) -> Option<Action> {
        let current = match self.step {
            Step::Read => 0,
            Step::DryRun(_) => 1,
            Step::Import { .. } => 2,
        };
        ui.horizontal(|ui| {
            for (index, title) in [texts.step_read, texts.step_dry_run, texts.step_import]
                .into_iter()
                .enumerate()
            {
                if index > 0 {
                    ui.weak("›");
                }
                if index == current {
                    ui.strong(title);
                } else {
                    ui.weak(title);
                }
            }
        });
        ui.weak(self.path.display().to_string());
        ui.separator();
        let job = self.job().and_then(|job| session.import_job(job));
        let action = match (&self.step, job) {
            (Step::DryRun(_), Some(job)) => dry_run_ui(ui, job, texts, lang, format, has_more),
            (
                Step::Import {
                    cancel_requested, ..
                },
                Some(job),
            ) => import_ui(ui, job, *cancel_requested, texts, lang, format, has_more),
            // Step 1, or a job the session no longer has: choose again.
            _ => self.read_ui(ui, texts, lang, has_more),
        };
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        action
    }

    /// Step 1: the settings, the questions, the preview.
    fn read_ui(
        &mut self,
        ui: &mut egui::Ui,
        texts: &WizardTexts,
        lang: Lang,
        has_more: bool,
    ) -> Option<Action> {
        let mut action = None;
        if self.detecting.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(texts.reading_file);
            });
        }
        egui::Grid::new("wizard-settings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                if self.sheet_ui(ui, texts) {
                    action = Some(Action::Redetect);
                }
                if self.encoding_ui(ui, texts) {
                    action = Some(Action::Redetect);
                }
                ui.end_row();
                if let Some(detection) = &self.detection {
                    ui.label("");
                    ui.weak(format!(
                        "{}: {}",
                        texts.evidence,
                        (texts.encoding_reason)(&detection.encoding_reason)
                    ));
                    ui.end_row();
                }
                if self.delimiter_ui(ui, texts) {
                    action = Some(Action::Redetect);
                }
                ui.end_row();
                if self.numbers_ui(ui, texts) {
                    action = Some(Action::Redetect);
                }
                ui.end_row();
                let evidence = if self.options.numbers.is_some() {
                    Some(texts.chosen_by_you.to_owned())
                } else {
                    self.detection
                        .as_ref()
                        .and_then(|detection| detection.number_evidence.as_ref())
                        .map(|evidence| crate::app::strings::number_evidence(lang, evidence))
                };
                if let Some(evidence) = evidence {
                    ui.label("");
                    ui.weak(format!("{}: {evidence}", texts.evidence));
                    ui.end_row();
                }
                if self.header_line_ui(ui, texts) {
                    action = Some(Action::Redetect);
                }
                ui.end_row();
                if self.indicator_ui(ui, texts) {
                    action = Some(Action::Redetect);
                }
                self.agency_period_ui(ui, texts);
            });
        if self.problem_ui(ui, texts, lang) {
            action = Some(Action::Redetect);
        }
        ui.separator();
        if self.preview_ui(ui, texts, lang) {
            action = Some(Action::Redetect);
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(self.ready(), egui::Button::new(texts.next))
                .clicked()
            {
                action = Some(Action::StartDryRun);
            }
            if has_more && ui.button(texts.skip_file).clicked() {
                action = Some(Action::NextFile);
            }
        });
        action
    }

    /// A workbook's sheet combo (hidden sheets and indicator tables marked);
    /// true when the choice changed. Nothing for a text file.
    fn sheet_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) -> bool {
        let Some(sheets) = &self.sheets else {
            return false;
        };
        let describe = |sheet: &import::SheetInfo| {
            let mut text = format!("{}. {}", sheet.number, sheet.name);
            if sheet.hidden {
                text.push(' ');
                text.push_str(texts.sheet_hidden);
            }
            if sheet.reads_as_table == Some(true) {
                text.push(' ');
                text.push_str(texts.sheet_is_table);
            }
            text
        };
        let current = self.options.sheet.clone().or_else(|| {
            self.detection
                .as_ref()
                .and_then(|detection| detection.workbook.as_ref())
                .map(|source| source.sheet.clone())
        });
        let selected = sheets
            .iter()
            .find(|sheet| Some(&sheet.name) == current.as_ref())
            .map(describe)
            .unwrap_or_default();
        let label = ui.label(texts.sheet);
        let mut chosen = None;
        egui::ComboBox::from_id_salt("wizard-sheet")
            .selected_text(selected)
            .width(260.0)
            .show_ui(ui, |ui| {
                for sheet in sheets {
                    let is_current = Some(&sheet.name) == current.as_ref();
                    if ui.selectable_label(is_current, describe(sheet)).clicked() && !is_current {
                        chosen = Some(sheet.name.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        match chosen {
            Some(name) => {
                self.options.sheet = Some(name);
                // Another sheet has its own header and columns.
                self.options.header_line = None;
                self.options.roles = None;
                true
            }
            None => false,
        }
    }

    /// The indicator code for a file without an indicator column; true when it changed.
    fn indicator_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) -> bool {
        let label = ui.label(texts.indicator_code);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut self.indicator_text)
                    .hint_text(texts.indicator_hint),
            )
            .labelled_by(label.id);
        ui.end_row();
        if response.changed() {
            let code = self.indicator_text.trim();
            self.options.indicator = (!code.is_empty()).then(|| code.to_owned());
            return true;
        }
        false
    }

    /// The encoding combo; true when the choice changed.
    fn encoding_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) -> bool {
        let label = ui.label(texts.encoding);
        let selected = self
            .options
            .encoding
            .map(import::encoding_label)
            .or_else(|| self.detection.as_ref().map(Detection::encoding_label))
            .unwrap_or_default();
        let mut chosen: Option<Option<&'static encoding_rs::Encoding>> = None;
        egui::ComboBox::from_id_salt("wizard-encoding")
            .selected_text(selected.as_str())
            .width(180.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(self.options.encoding.is_none(), texts.detect_again)
                    .clicked()
                {
                    chosen = Some(None);
                }
                for name in ENCODINGS {
                    if ui.selectable_label(selected == name, name).clicked() {
                        chosen = Some(import::parse_encoding(name));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        match chosen {
            Some(encoding) if encoding != self.options.encoding => {
                self.options.encoding = encoding;
                // Lines and columns may fall differently under another encoding.
                self.options.header_line = None;
                self.options.roles = None;
                true
            }
            _ => false,
        }
    }

    /// The delimiter combo; true when the choice changed.
    fn delimiter_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) -> bool {
        let label = ui.label(texts.delimiter);
        let current = self
            .options
            .delimiter
            .or_else(|| self.detection.as_ref().map(|detection| detection.delimiter));
        let mut chosen: Option<Option<u8>> = None;
        egui::ComboBox::from_id_salt("wizard-delimiter")
            .selected_text(
                current
                    .map(|delimiter| delimiter_label(delimiter, texts))
                    .unwrap_or_default(),
            )
            .width(180.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(self.options.delimiter.is_none(), texts.detect_again)
                    .clicked()
                {
                    chosen = Some(None);
                }
                for delimiter in DELIMITERS {
                    if ui
                        .selectable_label(
                            current == Some(delimiter),
                            delimiter_label(delimiter, texts),
                        )
                        .clicked()
                    {
                        chosen = Some(Some(delimiter));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        match chosen {
            Some(delimiter) if delimiter != self.options.delimiter => {
                self.options.delimiter = delimiter;
                self.options.header_line = None;
                self.options.roles = None;
                true
            }
            _ => false,
        }
    }

    /// The number format radios; true when the choice changed.
    fn numbers_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) -> bool {
        ui.label(texts.number_format);
        let undecided = matches!(
            self.problem,
            Some(Problem::Ambiguous { .. } | Problem::Contradictory(_))
        );
        let current = self.options.numbers.or_else(|| {
            self.detection
                .as_ref()
                .filter(|_| !undecided)
                .map(|detection| detection.number_format)
        });
        let mut chosen = None;
        ui.horizontal(|ui| {
            if ui
                .radio(current == Some(NumberFormat::Vi), texts.numbers_vi)
                .clicked()
            {
                chosen = Some(NumberFormat::Vi);
            }
            if ui
                .radio(current == Some(NumberFormat::En), texts.numbers_en)
                .clicked()
            {
                chosen = Some(NumberFormat::En);
            }
        });
        match chosen {
            Some(format) if Some(format) != current || self.options.numbers.is_none() => {
                self.options.numbers = Some(format);
                true
            }
            _ => false,
        }
    }

    /// The header line; true when it changed (and is not being dragged).
    fn header_line_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) -> bool {
        let label = ui.label(texts.header_line);
        let mut line = self
            .options
            .header_line
            .or_else(|| {
                self.detection
                    .as_ref()
                    .map(|detection| detection.header_line)
            })
            .unwrap_or(1);
        let response = ui
            .horizontal(|ui| {
                let response = ui
                    .add(egui::DragValue::new(&mut line).range(1..=1000).speed(0.1))
                    .labelled_by(label.id);
                // A header on two rows (Excel's merged cells) reads both.
                if let Some(detection) = &self.detection
                    && detection.header_line == line
                    && let Some(second) = detection.second_header_line
                {
                    ui.weak(format!("{} {second}", texts.header_second_row));
                }
                response
            })
            .inner;
        if response.changed() {
            self.options.header_line = Some(line);
            // The roles belong to the old header.
            self.options.roles = None;
        }
        (response.changed() && !response.dragged()) || response.drag_stopped()
    }

    /// The agency and period fields, for a file without those columns.
    fn agency_period_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) {
        if self.asks_agency {
            let label = ui.label(texts.agency_code);
            let response = ui
                .add(egui::TextEdit::singleline(&mut self.agency_text).hint_text(texts.agency_hint))
                .labelled_by(label.id);
            if response.changed() {
                let code = self.agency_text.trim();
                self.options.agency = (!code.is_empty()).then(|| code.to_owned());
                self.recheck_complete();
            }
            ui.end_row();
        }
        if self.asks_period {
            let label = ui.label(texts.period);
            ui.horizontal(|ui| {
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.period_text)
                            .hint_text(texts.period_hint),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    self.options.period = Period::parse(&self.period_text);
                    self.recheck_complete();
                }
                if let Some(period) = &self.options.period {
                    ui.weak(format!("= {}", period.as_str()));
                } else if !self.period_text.trim().is_empty() {
                    ui.colored_label(ui.visuals().error_fg_color, texts.bad_period);
                }
            });
            ui.end_row();
        }
    }

    /// The question or message that stops the import; true when the user answered.
    fn problem_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts, lang: Lang) -> bool {
        let mut answer = None;
        match &self.problem {
            None => {}
            Some(Problem::Ambiguous { raw }) => {
                let reading = |format: NumberFormat| {
                    let parsed = number::parse_figure(raw, format).ok();
                    parsed
                        .and_then(|parsed| parsed.value.or(parsed.numerator))
                        .map_or_else(
                            || raw.clone(),
                            |value| (texts.spell_number)(&number::format_canonical(value)),
                        )
                };
                let question = (texts.ambiguous_question)(
                    raw,
                    &reading(NumberFormat::Vi),
                    &reading(NumberFormat::En),
                );
                ui.add_space(4.0);
                ui.label(RichText::new(question).strong());
                answer = answer_buttons_ui(ui, texts);
            }
            Some(Problem::Contradictory(message)) => {
                ui.add_space(4.0);
                ui.label(RichText::new(texts.contradictory).strong());
                ui.weak(crate::app::strings::failure_text(lang, message));
                answer = answer_buttons_ui(ui, texts);
            }
            Some(Problem::MissingAgency) => {
                ui.colored_label(ui.visuals().warn_fg_color, texts.missing_agency);
            }
            Some(Problem::MissingPeriod) => {
                ui.colored_label(ui.visuals().warn_fg_color, texts.missing_period);
            }
            Some(Problem::ChooseSheet) => {
                ui.colored_label(ui.visuals().warn_fg_color, texts.choose_sheet);
            }
            Some(Problem::AgencyColumn(column, header)) => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    (texts.agency_column)(*column, header),
                );
            }
            Some(Problem::Mojibake) => {
                ui.colored_label(ui.visuals().warn_fg_color, texts.mojibake_found);
            }
            Some(Problem::LegacyText(label)) => {
                let label = *label;
                ui.colored_label(ui.visuals().warn_fg_color, (texts.legacy_text_found)(label));
                if ui.button((texts.convert_legacy)(label)).clicked() {
                    self.options.legacy = import::LegacyEncoding::parse(label);
                    return true;
                }
            }
            Some(Problem::Unreadable(failure)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{}: {}",
                        texts.cannot_read,
                        crate::app::strings::failure_text(lang, failure)
                    ),
                );
            }
        }
        // The repair box shows once misread text was found, and stays.
        if (matches!(self.problem, Some(Problem::Mojibake)) || self.options.repair_mojibake)
            && ui
                .checkbox(&mut self.options.repair_mojibake, texts.repair_mojibake)
                .changed()
        {
            return true;
        }
        match answer {
            Some(format) => {
                self.options.numbers = Some(format);
                true
            }
            None => false,
        }
    }

    /// The first lines under a header of column names and role combos; true when a role changed.
    fn preview_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts, lang: Lang) -> bool {
        let Some(detection) = &self.detection else {
            return false;
        };
        ui.strong(texts.preview);
        let roles: Vec<ColumnRole> = self.options.roles.clone().unwrap_or_else(|| {
            detection
                .columns
                .iter()
                .map(|column| column.role.clone())
                .collect()
        });
        let mut changed: Option<(usize, ColumnRole)> = None;
        let weak = ui.visuals().weak_text_color();
        egui::ScrollArea::both()
            .id_salt("wizard-preview")
            .max_height(300.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("wizard-preview-grid")
                    .striped(true)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        ui.strong(texts.line);
                        ui.strong(texts.skipped_because);
                        for column in &detection.columns {
                            let role = roles
                                .get(column.index)
                                .cloned()
                                .unwrap_or(ColumnRole::Ignore);
                            let mut choices = ColumnRole::all_simple();
                            if let Some(period) = column.period {
                                choices.extend(ColumnRole::of_a_period(period));
                            }
                            for extra in [&column.role, &role] {
                                if !choices.contains(extra) {
                                    choices.push(extra.clone());
                                }
                            }
                            ui.vertical(|ui| {
                                let header = if column.header.is_empty() {
                                    format!("#{}", column.index + 1)
                                } else {
                                    column.header.clone()
                                };
                                let header = ui.strong(text::shorten(&header, PREVIEW_CELL_CHARS));
                                egui::ComboBox::from_id_salt(("wizard-role", column.index))
                                    .selected_text(role_label(&role, lang))
                                    .width(150.0)
                                    .show_ui(ui, |ui| {
                                        for choice in choices {
                                            if ui
                                                .selectable_label(
                                                    choice == role,
                                                    role_label(&choice, lang),
                                                )
                                                .clicked()
                                                && choice != role
                                            {
                                                changed = Some((column.index, choice));
                                            }
                                        }
                                    })
                                    .response
                                    .labelled_by(header.id)
                                    .on_hover_text(texts.role_of_column);
                            });
                        }
                        ui.end_row();
                        for row in &detection.preview {
                            let skipped = row.skip.is_some();
                            let paint = |text: String| {
                                if skipped {
                                    RichText::new(text).color(weak).italics()
                                } else {
                                    RichText::new(text)
                                }
                            };
                            ui.label(paint(row.line.to_string()));
                            ui.label(paint(
                                row.skip
                                    .map(|reason| {
                                        crate::app::strings::skip_reason(lang, reason).to_owned()
                                    })
                                    .unwrap_or_default(),
                            ));
                            for index in 0..detection.columns.len() {
                                let cell = row.cells.get(index).map_or("", String::as_str);
                                let shown = text::shorten(cell, PREVIEW_CELL_CHARS);
                                let cut = matches!(shown, std::borrow::Cow::Owned(_));
                                let response = ui.label(paint(shown.into_owned()));
                                if cut {
                                    response.on_hover_text(cell);
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
        match changed {
            Some((index, role)) => {
                let mut roles = roles;
                if roles.len() <= index {
                    roles.resize(index + 1, ColumnRole::Ignore);
                }
                roles[index] = role;
                self.options.roles = Some(roles);
                true
            }
            None => false,
        }
    }
}

/// The two buttons that settle the number format.
fn answer_buttons_ui(ui: &mut egui::Ui, texts: &WizardTexts) -> Option<NumberFormat> {
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(texts.answer_vi).clicked() {
            answer = Some(NumberFormat::Vi);
        }
        if ui.button(texts.answer_en).clicked() {
            answer = Some(NumberFormat::En);
        }
    });
    answer
}

/// Step 2: the dry run's progress, then what it found.
fn dry_run_ui(
    ui: &mut egui::Ui,
    job: &ImportJob,
    texts: &WizardTexts,
    lang: Lang,
    format: NumberFormat,
    has_more: bool,
) -> Option<Action> {
    let mut action = None;
    match &job.state {
        JobState::Idle | JobState::Running(_) => {
            let progress = match &job.state {
                JobState::Running(progress) => *progress,
                _ => Progress::default(),
            };
            progress_ui(ui, texts.dry_running, progress, texts, format);
            if ui.button(texts.stop_dry_run).clicked() {
                action = Some(Action::StopDryRun);
            }
        }
        JobState::Done(report) => {
            ui.strong(texts.dry_run_result);
            ui.weak(texts.nothing_written);
            report_ui(ui, report, texts, lang, format);
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(texts.back).clicked() {
                    action = Some(Action::Back);
                }
                if ui.button(texts.import).clicked() {
                    action = Some(Action::StartImport);
                }
                if has_more && ui.button(texts.skip_file).clicked() {
                    action = Some(Action::NextFile);
                }
            });
        }
        JobState::Failed(failure) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                crate::app::strings::failure_text(lang, failure),
            );
            ui.horizontal(|ui| {
                if ui.button(texts.back).clicked() {
                    action = Some(Action::Back);
                }
                if has_more && ui.button(texts.skip_file).clicked() {
                    action = Some(Action::NextFile);
                }
            });
        }
    }
    action
}

/// Step 3: the import's progress and Cancel, then its summary.
fn import_ui(
    ui: &mut egui::Ui,
    job: &ImportJob,
    cancel_requested: bool,
    texts: &WizardTexts,
    lang: Lang,
    format: NumberFormat,
    has_more: bool,
) -> Option<Action> {
    let mut action = None;
    let mut finished = false;
    match &job.state {
        JobState::Idle | JobState::Running(_) => {
            let progress = match &job.state {
                JobState::Running(progress) => *progress,
                _ => Progress::default(),
            };
            progress_ui(ui, texts.importing, progress, texts, format);
            let label = if cancel_requested {
                texts.cancelling
            } else {
                texts.cancel_import
            };
            if ui
                .add_enabled(!cancel_requested, egui::Button::new(label))
                .clicked()
            {
                action = Some(Action::CancelImport);
            }
        }
        JobState::Done(report) => {
            ui.strong(texts.imported);
            report_ui(ui, report, texts, lang, format);
            finished = true;
        }
        JobState::Failed(failure) => {
            let message = crate::app::strings::failure_text(lang, failure);
            if cancel_requested {
                ui.strong(texts.cancelled);
                ui.weak(message);
            } else {
                ui.colored_label(ui.visuals().error_fg_color, texts.failed);
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            if ui.button(texts.back).clicked() {
                action = Some(Action::Back);
            }
            finished = true;
        }
    }
    if finished {
        ui.separator();
        ui.horizontal(|ui| {
            if has_more && ui.button(texts.next_file).clicked() {
                action = Some(Action::NextFile);
            }
            if ui.button(texts.done).clicked() {
                action = Some(Action::Close);
            }
        });
    }
    action
}

/// A progress bar over the bytes read, with the figures read so far.
fn progress_ui(
    ui: &mut egui::Ui,
    title: &str,
    progress: Progress,
    texts: &WizardTexts,
    format: NumberFormat,
) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(title);
    });
    #[allow(clippy::cast_precision_loss)]
    let fraction = if progress.bytes_total == 0 {
        0.0
    } else {
        (progress.bytes_read as f64 / progress.bytes_total as f64).clamp(0.0, 1.0)
    };
    #[allow(clippy::cast_possible_truncation)]
    ui.add(egui::ProgressBar::new(fraction as f32).show_percentage());
    ui.label(format!(
        "{} {} / {} · {} {}",
        texts.bytes_read,
        human_bytes(progress.bytes_read, format),
        human_bytes(progress.bytes_total, format),
        count(progress.rows, format),
        texts.rows
    ));
    if progress.finishing {
        ui.label(texts.finishing);
    }
}

/// The counts, the changed figures and the rejected lines of a report.
fn report_ui(
    ui: &mut egui::Ui,
    report: &ImportReport,
    texts: &WizardTexts,
    lang: Lang,
    format: NumberFormat,
) {
    ui.horizontal_wrapped(|ui| {
        for (title, value) in [
            (texts.count_read, report.rows_read),
            (texts.count_new, report.rows_inserted),
            (texts.count_changed, report.rows_updated),
            (texts.count_unchanged, report.rows_unchanged),
            (texts.count_rejected, report.rows_rejected),
            (texts.count_skipped, report.rows_skipped),
        ] {
            ui.label(RichText::new(format!("{title}: {}", count(value, format))).strong());
            ui.add_space(8.0);
        }
    });
    ui.add_space(6.0);
    ui.strong(texts.changes_title);
    if report.changes.is_empty() {
        ui.weak(texts.no_changes);
    } else {
        changes_table_ui(ui, &report.changes, texts, lang, format);
    }
    ui.add_space(6.0);
    ui.strong(texts.rejections_title);
    if report.rejections.is_empty() {
        ui.weak(texts.no_rejections);
    } else {
        if report.rows_rejected > report.rejections.len() as u64 {
            ui.weak(format!(
                "({} {} / {})",
                texts.only_first,
                count(report.rejections.len() as u64, format),
                count(report.rows_rejected, format)
            ));
        }
        rejections_table_ui(ui, "wizard-rejections", &report.rejections, lang, format);
    }
}

fn changes_table_ui(
    ui: &mut egui::Ui,
    changes: &[ChangedFigure],
    texts: &WizardTexts,
    lang: Lang,
    format: NumberFormat,
) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ui.push_id("wizard-changes", |ui| {
        TableBuilder::new(ui)
            .id_salt("wizard-changes-table")
            .striped(true)
            .resizable(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(60.0).at_least(40.0))
            .column(Column::initial(160.0).at_least(60.0).clip(true))
            .column(Column::initial(90.0).at_least(50.0).clip(true))
            .column(Column::initial(80.0).at_least(50.0))
            .column(Column::initial(90.0).at_least(50.0))
            .column(Column::initial(110.0).at_least(50.0).clip(true))
            .column(Column::remainder().at_least(80.0).clip(true))
            .min_scrolled_height(0.0)
            .max_scroll_height(200.0)
            .header(row_height, |mut header| {
                for title in [
                    texts.col_line,
                    texts.col_indicator,
                    texts.col_agency,
                    texts.col_period,
                    texts.col_field,
                    texts.col_old,
                    texts.col_new,
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, changes.len(), |mut row| {
                    let Some(change) = changes.get(row.index()) else {
                        return;
                    };
                    let cells = [
                        change.line.to_string(),
                        change.indicator_code.clone(),
                        change.agency_code.clone(),
                        change.period.clone(),
                        field_label(change.field, lang).to_owned(),
                        shown_value(change.old.as_deref(), change.field, format),
                        shown_value(change.new.as_deref(), change.field, format),
                    ];
                    for cell in cells {
                        row.col(|ui| {
                            ui.label(cell);
                        });
                    }
                });
            });
    });
}

/// A table of rejected lines (the wizard's report and the Imports tab share it).
pub(crate) fn rejections_table_ui(
    ui: &mut egui::Ui,
    id: &str,
    rejections: &[Rejection],
    lang: Lang,
    format: NumberFormat,
) {
    let texts = lang.wizard();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ui.push_id(id, |ui| {
        TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .resizable(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(60.0).at_least(40.0))
            .column(Column::initial(60.0).at_least(40.0))
            .column(Column::initial(200.0).at_least(60.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .min_scrolled_height(0.0)
            .max_scroll_height(200.0)
            .header(row_height, |mut header| {
                for title in [
                    texts.col_line,
                    texts.col_column,
                    texts.col_raw,
                    texts.col_message,
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, rejections.len(), |mut row| {
                    let Some(rejection) = rejections.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(rejection.line.to_string());
                    });
                    row.col(|ui| {
                        ui.label(
                            rejection
                                .column
                                .map(|column| column.to_string())
                                .unwrap_or_default(),
                        );
                    });
                    row.col(|ui| {
                        ui.label(&rejection.raw).on_hover_text(&rejection.raw);
                    });
                    row.col(|ui| {
                        // Only the visible rows are worded, each frame.
                        let message =
                            crate::app::strings::reject_cause(lang, format, &rejection.cause);
                        ui.label(&message).on_hover_text(&message);
                    });
                });
            });
    });
}

/// How a delimiter is shown: the character and its name.
pub(crate) fn delimiter_label(delimiter: u8, texts: &WizardTexts) -> String {
    match delimiter {
        b',' => format!(", ({})", texts.comma),
        b';' => format!("; ({})", texts.semicolon),
        b'\t' => texts.tab.to_owned(),
        b'|' => format!("| ({})", texts.pipe),
        other => char::from(other).to_string(),
    }
}

fn role_label(role: &ColumnRole, lang: Lang) -> String {
    match lang {
        Lang::Vi => role.label_vi(),
        Lang::En => role.label_en(),
    }
}

fn field_label(field: Field, lang: Lang) -> &'static str {
    let texts = lang.main();
    match field {
        Field::Value => texts.col_value,
        Field::Numerator => texts.col_numerator,
        Field::Denominator => texts.col_denominator,
        Field::Target => texts.col_target,
        Field::Qualifier => texts.col_qualifier,
        Field::Note => texts.col_note,
    }
}

/// A stored value (canonical text) as the user reads numbers.
fn shown_value(value: Option<&str>, field: Field, format: NumberFormat) -> String {
    match value {
        None => "—".to_owned(),
        Some(text) if field.is_numeric() => text
            .parse::<f64>()
            .map_or_else(|_| text.to_owned(), |number| format.format(number)),
        Some(text) => text.to_owned(),
    }
}

/// A count with the user's digit grouping.
#[allow(clippy::cast_precision_loss)]
fn count(value: u64, format: NumberFormat) -> String {
    format.format(value as f64)
}

/// A size in bytes, KB or MB.
#[allow(clippy::cast_precision_loss)]
fn human_bytes(bytes: u64, format: NumberFormat) -> String {
    const KB: f64 = 1024.0;
    let value = bytes as f64;
    if value >= KB * KB {
        format!(
            "{} MB",
            format.format((value / KB / KB * 10.0).round() / 10.0)
        )
    } else if value >= KB {
        format!("{} KB", format.format((value / KB).round()))
    } else {
        format!("{bytes} B")
    }
}

/// The wizard over one or more files, handled one after another.
pub struct ImportWizard {
    queue: VecDeque<PathBuf>,
    file_number: usize,
    file_total: usize,
    wake: Arc<dyn Fn() + Send + Sync>,
    current: Option<FileImport>,
    lang: Lang,
}

impl ImportWizard {
    /// Opens the wizard on `paths` (handled in order).
    pub fn new(paths: Vec<PathBuf>, wake: Arc<dyn Fn() + Send + Sync>) -> ImportWizard {
        let file_total = paths.len();
        let mut queue: VecDeque<PathBuf> = paths.into();
        let current = queue.pop_front().map(|path| FileImport::open(path, &wake));
        ImportWizard {
            queue,
            file_number: 1,
            file_total,
            wake,
            current,
            lang: Lang::default(),
        }
    }

    /// Whether the current file's detection is still running.
    pub fn is_detecting(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|file| file.detecting.is_some())
    }

    /// The session started the job asked for, or refused it.
    pub fn started(&mut self, result: Result<JobId, Refusal>) {
        if let Some(file) = &mut self.current {
            file.started(result, self.lang);
        }
    }

    /// Stops this wizard's running job (the wizard is closed or replaced).
    pub fn cancel_jobs(&self, session: &mut Session) {
        if let Some(job) = self.current.as_ref().and_then(FileImport::job) {
            session.cancel_import(job);
        }
    }

    /// Adds files to the end of the queue (files dropped while the wizard is open).
    pub fn enqueue(&mut self, paths: Vec<PathBuf>) {
        self.file_total += paths.len();
        if self.current.is_none() {
            self.file_number = self.file_total - paths.len() + 1;
        }
        self.queue.extend(paths);
        if self.current.is_none()
            && let Some(path) = self.queue.pop_front()
        {
            self.current = Some(FileImport::open(path, &self.wake));
        }
    }

    /// Moves to the next queued file; false when there is none.
    fn next_file(&mut self, events: &mut Vec<WizardEvent>) -> bool {
        if let Some(event) = self.current.as_ref().and_then(FileImport::stop_dry_run) {
            events.push(event);
        }
        if let Some(path) = self.queue.pop_front() {
            self.file_number += 1;
            self.current = Some(FileImport::open(path, &self.wake));
            true
        } else {
            self.current = None;
            false
        }
    }

    /// Shows the wizard window; returns what happened.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        lang: Lang,
        format: NumberFormat,
    ) -> Vec<WizardEvent> {
        self.lang = lang;
        let mut events = Vec::new();
        let texts = lang.wizard();
        let Some(file) = self.current.as_mut() else {
            events.push(WizardEvent::Closed);
            return events;
        };
        if let Some(report) = file.poll(session) {
            events.push(WizardEvent::Notice {
                text: format!(
                    "{} {}: {} {}, {} {}, {} {}",
                    texts.imported,
                    file.file_name(),
                    count(report.rows_inserted, format),
                    texts.count_new.to_lowercase(),
                    count(report.rows_updated, format),
                    texts.count_changed.to_lowercase(),
                    count(report.rows_rejected, format),
                    texts.count_rejected.to_lowercase(),
                ),
                error: false,
            });
        }
        let title = if self.file_total > 1 {
            format!(
                "{} — {} ({} {}/{})",
                texts.title,
                file.file_name(),
                texts.file_counter,
                self.file_number,
                self.file_total
            )
        } else {
            format!("{} — {}", texts.title, file.file_name())
        };
        let has_more = !self.queue.is_empty();
        let importing = matches!(file.step, Step::Import { .. })
            && file
                .job()
                .and_then(|job| session.import_job(job))
                .is_some_and(ImportJob::is_running);
        let mut open = true;
        let mut action = None;
        let mut window = egui::Window::new(title)
            .id(egui::Id::unique("import-wizard"))
            .collapsible(false)
            .resizable(true)
            .default_size([1000.0, 640.0]);
        // While the import runs the window cannot be closed: Cancel stops it.
        if !importing {
            window = window.open(&mut open);
        }
        window.show(ctx, |ui| {
            action = file.ui(ui, session, texts, lang, format, has_more);
        });
        if !open {
            action = Some(Action::Close);
        }
        if let Some(action) = action {
            self.apply(action, &mut events);
        }
        events
    }

    fn apply(&mut self, action: Action, events: &mut Vec<WizardEvent>) {
        let Some(file) = self.current.as_mut() else {
            return;
        };
        match action {
            Action::Redetect => file.start_detection(&self.wake),
            Action::StartDryRun => events.extend(file.start_job(true)),
            Action::StartImport => events.extend(file.start_job(false)),
            Action::StopDryRun | Action::Back => {
                events.extend(file.stop_dry_run());
                file.step = Step::Read;
            }
            Action::CancelImport => {
                if let Step::Import {
                    job,
                    cancel_requested,
                    ..
                } = &mut file.step
                {
                    events.push(WizardEvent::Cancel(*job));
                    *cancel_requested = true;
                }
            }
            Action::NextFile => {
                if !self.next_file(events) {
                    events.push(WizardEvent::Closed);
                }
            }
            Action::Close => {
                events.extend(file.stop_dry_run());
                self.current = None;
                self.queue.clear();
                events.push(WizardEvent::Closed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// After the last byte the bar stands at 100 % while the index is built
    /// and the import committed: the wizard says so instead of seeming stuck.
    #[test]
    fn the_progress_says_when_the_file_is_read_and_the_import_finishes() {
        let texts = Lang::Vi.wizard();
        let reading = Progress {
            bytes_read: 1000,
            bytes_total: 1000,
            rows: 1_000_000,
            finishing: false,
        };
        for (progress, says) in [
            (reading, false),
            (
                Progress {
                    finishing: true,
                    ..reading
                },
                true,
            ),
        ] {
            let harness = Harness::builder()
                .with_context_setup(super::super::fonts::install)
                .build_ui(|ui| {
                    progress_ui(ui, texts.importing, progress, texts, NumberFormat::Vi);
                });
            assert_eq!(harness.query_by_label(texts.finishing).is_some(), says);
            assert!(harness.query_by_label_contains("1.000.000").is_some());
        }
    }
}
