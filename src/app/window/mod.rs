//! The desktop window: menus, the filter panel, the tabs (Table, Chart,
//! Summary, Imports), the import wizard. Views and widgets return
//! [`Command`]s; [`ChisoApp::apply`] carries them out at the end of the frame
//! through the [`Session`], and [`ChisoApp::on_event`] routes what the
//! session answers back to the view that asked.

pub mod chart;
pub mod demo;
pub mod files;
pub mod fonts;
pub mod imports;
pub mod present;
pub mod shared;
pub mod sidebar;

pub mod summary;
pub mod table;
pub mod time;
pub mod wizard;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};

use self::sidebar::Sidebar;
use self::table::{TableAction, TableView};
use crate::app::session::{
    DialogPurpose, Event, Export, ExportKind, FileDialog, Read, Refusal, Session, Subject, Write,
};
use crate::app::strings::{self, Lang, MainTexts};
use crate::domain::edit::EditCommand;
use crate::domain::{Agency, Indicator, NumberFormat, Period};
use crate::store::{HistoryEntry, NewObservation, ObservationFilter, SortColumn, SortOrder};

/// The tabs of the central area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Table,
    Chart,
    Summary,
    Imports,
}

/// What a view or widget asks for. Commands are collected during the frame
/// and applied at its end by [`ChisoApp::apply`], the one place that sends
/// work to the data side.
pub enum Command {
    /// A read of the database thread; its answer comes back as an [`Event`].
    Read(Read),
    /// A change to the figures (refused while an import holds the database).
    Write(Write),
    /// A file to write in the background.
    Export(Export),
    /// A native file dialog; its answer comes back as [`Event::Picked`].
    PickFile(FileDialog),
    /// Open another database.
    Open { path: PathBuf },
    /// Open the import wizard on these files.
    ImportFiles(Vec<PathBuf>),
    /// Show this observation in the Table tab.
    JumpTo { observation_id: i64 },
    /// Say something to the user (already in their language).
    Notice { text: String, error: bool },
    /// Leave presentation mode.
    LeavePresentation,
}

/// What every view may read: the language, the number convention, the
/// filter, the catalog and a counter that changes whenever the figures do.
pub struct ViewContext<'a> {
    pub lang: Lang,
    pub number_format: NumberFormat,
    pub filter: &'a ObservationFilter,
    pub catalog: &'a Catalog,
    /// Increases on every edit and import: views rebuild cached points when it changes.
    pub data_version: u64,
    /// The synthetic demo batches (their figures carry a badge).
    pub demo: &'a demo::DemoBatches,
}

/// Preferences remembered between runs (never figures: those live in SQLite).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub number_format: NumberFormat,
    pub last_database: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    pub filter: ObservationFilter,
    pub sort: SortColumn,
    pub order: SortOrder,
    pub tab: Tab,
    pub theme: Theme,
}

/// The window's colours (View → Giao diện).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

const MAX_RECENT: usize = 8;

/// The indicators, agencies and periods the panels offer.
#[derive(Default)]
pub struct Catalog {
    pub indicators: Vec<Indicator>,
    pub agencies: Vec<Agency>,
    pub periods: Vec<String>,
}

/// A short message at the bottom right.
struct Notice {
    text: String,
    error: bool,
    /// About an export (a success of a later one replaces it).
    export: bool,
    shown_at: Option<f64>,
}

/// The add-row dialog's fields.
#[derive(Default)]
struct AddRowDialog {
    indicator_id: Option<i64>,
    agency_id: Option<i64>,
    period: String,
    error: Option<String>,
}

/// The whole window.
pub struct ChisoApp {
    pub settings: Settings,
    pub session: Session,
    context: Arc<OnceLock<egui::Context>>,
    fonts_installed: bool,
    pub database: Option<PathBuf>,
    pub catalog: Catalog,
    pub table: TableView,
    sidebar: Sidebar,
    notices: Vec<Notice>,
    history: Option<(i64, Vec<HistoryEntry>)>,
    add_row: Option<AddRowDialog>,
    /// A typed path, when the system has no file dialog to offer.
    path_prompt: Option<(DialogPurpose, String, bool)>,
    can_undo: bool,
    can_redo: bool,
    /// What the views asked for this frame, applied at its end.
    commands: Vec<Command>,
    /// Increases on every edit and import.
    pub data_version: u64,
    pub wizard: Option<wizard::ImportWizard>,
    pub imports: imports::ImportsView,
    pub chart: chart::ChartView,
    pub summary: summary::SummaryView,
    pub presentation: Option<present::Presentation>,
    /// Files to import once the database has opened (given on the command line).
    import_on_open: Vec<PathBuf>,
    /// Others working in the same database: read-only accounts, their
    /// changes, conflicts.
    pub shared: shared::SharedDb,
    /// The batches of the synthetic demo set in the open database.
    pub demo: demo::DemoBatches,
}

impl ChisoApp {
    /// Builds the window's state and opens `database` (or the last one, or the default).
    pub fn new(settings: Settings, database: PathBuf) -> ChisoApp {
        let context: Arc<OnceLock<egui::Context>> = Arc::new(OnceLock::new());
        let wake_context = Arc::clone(&context);
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            if let Some(ctx) = wake_context.get() {
                ctx.request_repaint();
            }
        });
        let mut app = ChisoApp {
            table: TableView::sorted(settings.sort, settings.order),
            settings,
            session: Session::start(wake),
            context,
            fonts_installed: false,
            database: None,
            catalog: Catalog::default(),
            sidebar: Sidebar::default(),
            notices: Vec::new(),
            history: None,
            add_row: None,
            path_prompt: None,
            can_undo: false,
            can_redo: false,
            commands: Vec::new(),
            data_version: 0,
            wizard: None,
            imports: imports::ImportsView::default(),
            chart: chart::ChartView::default(),
            summary: summary::SummaryView::default(),
            presentation: None,
            import_on_open: Vec::new(),
            shared: shared::SharedDb::default(),
            demo: demo::DemoBatches::default(),
        };
        app.open(database, true);
        app
    }

    /// Opens the import dialog on `files` as soon as the database has opened.
    pub fn importing(mut self, files: Vec<PathBuf>) -> ChisoApp {
        self.import_on_open = files;
        self
    }

    /// The texts of the current language.
    pub fn texts(&self) -> &'static MainTexts {
        self.settings.lang.main()
    }

    /// Whether the database thread still owes answers.
    pub fn is_busy(&self) -> bool {
        self.session.is_busy()
    }

    /// Opens a database (creating and filling a new default one).
    pub fn open(&mut self, path: PathBuf, fill_new: bool) {
        self.session.open(path, fill_new);
    }

    /// Sends the current filter and sort to the database thread.
    pub fn requery(&mut self) {
        let generation = self.table.begin_query();
        self.session.read(Read::Ids {
            generation,
            filter: self.settings.filter.clone(),
            sort: self.table.sort,
            order: self.table.order,
        });
    }

    fn notice(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            error,
            export: false,
            shown_at: None,
        });
    }

    fn export_notice(&mut self, text: impl Into<String>, error: bool) {
        self.notice(text, error);
        if let Some(notice) = self.notices.last_mut() {
            notice.export = true;
        }
    }

    /// The texts of the notices showing, oldest first (errors marked "▲ ").
    pub fn notice_texts(&self) -> Vec<String> {
        self.notices
            .iter()
            .map(|notice| {
                if notice.error {
                    format!("▲ {}", notice.text)
                } else {
                    notice.text.clone()
                }
            })
            .collect()
    }

    /// Whether edits are possible now (not while an import or a dry run holds the database).
    fn editable(&self) -> bool {
        self.session.editable()
    }

    fn refused(&mut self, refusal: &Refusal) {
        let text = strings::refusal(self.settings.lang, refusal);
        self.notice(text, true);
    }

    /// Everything changed (an import, another database): reload what the views show.
    fn refresh_all(&mut self) {
        self.data_version += 1;
        self.table.invalidate_all();
        // The table first: the catalog reads every period, seconds on millions of rows.
        self.requery();
        self.session.read(Read::Catalog);
        self.session.read(Read::Batches);
        self.session.read(Read::DemoBatches);
    }

    /// Carries out what the views asked for this frame.
    fn apply(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            match command {
                Command::Read(read) => self.session.read(read),
                Command::Write(write) => {
                    if let Err(refusal) = self.session.write(write) {
                        self.refused(&refusal);
                    }
                }
                Command::Export(export) => self.session.export(export),
                Command::PickFile(dialog) => {
                    if let Err(refusal) = self.session.pick_file(dialog) {
                        self.refused(&refusal);
                    }
                }
                Command::Open { path } => self.open(path, false),
                Command::ImportFiles(files) => self.start_import(files),
                Command::JumpTo { observation_id } => {
                    self.settings.tab = Tab::Table;
                    if let Some(row) = self.table.row_of(observation_id) {
                        self.table.reveal(row);
                    } else {
                        // Not in the current filter: widen it to all, then select.
                        self.settings.filter = ObservationFilter::default();
                        self.table.select_when_listed(observation_id);
                        self.requery();
                    }
                }
                // The views speak only about their exports.
                Command::Notice { text, error } => self.export_notice(text, error),
                Command::LeavePresentation => {
                    self.presentation = None;
                }
            }
        }
    }

    /// What the views may read this frame.
    fn view_context(&self) -> ViewContext<'_> {
        ViewContext {
            lang: self.settings.lang,
            number_format: self.settings.number_format,
            filter: &self.settings.filter,
            catalog: &self.catalog,
            data_version: self.data_version,
            demo: &self.demo,
        }
    }

    /// Takes what the session answered and routes it to the view that asked.
    fn poll_session(&mut self) {
        for event in self.session.poll() {
            self.on_event(event);
        }
    }

    fn on_event(&mut self, event: Event) {
        match event {
            Event::Opened {
                path,
                read_only,
                marks,
                copied_from,
            } => {
                self.shared.opened(read_only, marks, copied_from);
                self.table = TableView::sorted(self.settings.sort, self.settings.order);
                self.history = None;
                self.settings.last_database = Some(path.clone());
                self.settings.recent.retain(|recent| recent != &path);
                self.settings.recent.insert(0, path.clone());
                self.settings.recent.truncate(MAX_RECENT);
                if let Some(ctx) = self.context.get() {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Title(window_title(Some(&path))));
                }
                self.database = Some(path);
                self.can_undo = false;
                self.can_redo = false;
                self.refresh_all();
                let files = std::mem::take(&mut self.import_on_open);
                if !files.is_empty() {
                    self.start_import(files);
                }
            }
            Event::Catalog {
                indicators,
                agencies,
                periods,
            } => {
                // Drop filter entries that this database does not know.
                let filter = &mut self.settings.filter;
                filter
                    .indicator_ids
                    .retain(|id| indicators.iter().any(|indicator| indicator.id == *id));
                if filter
                    .agency_id
                    .is_some_and(|id| !agencies.iter().any(|agency| agency.id == id))
                {
                    filter.agency_id = None;
                }
                self.catalog = Catalog {
                    indicators,
                    agencies,
                    periods,
                };
            }
            Event::Ids { generation, ids } => self.table.set_ids(generation, ids),
            Event::FirstIds {
                generation,
                ids,
                rows,
                findings,
            } => {
                self.table.set_first_ids(generation, ids);
                self.table.set_rows(rows, findings, &[]);
            }
            Event::Rows {
                rows,
                findings,
                missing,
            } => self.table.set_rows(rows, findings, &missing),
            Event::Edited {
                changed_ids,
                rows_added_or_removed,
                can_undo,
                can_redo,
                added_id,
            } => {
                self.can_undo = can_undo;
                self.can_redo = can_redo;
                self.data_version += 1;
                if rows_added_or_removed {
                    if let Some(id) = added_id {
                        self.table.select_when_listed(id);
                    }
                    self.table.invalidate_all();
                    // The table first: the catalog reads every period.
                    self.requery();
                    self.session.read(Read::Catalog);
                } else {
                    // Parts and their whole mark each other: refresh the whole page.
                    self.table.invalidate_all();
                }
                if let Some((id, _)) = &self.history
                    && changed_ids.contains(id)
                {
                    let observation_id = *id;
                    self.session.read(Read::History { observation_id });
                }
            }
            Event::Conflict { conflict, command } => self.shared.on_conflict(conflict, command),
            Event::ChangedElsewhere(changes) => {
                if self.shared.on_changes(&changes) {
                    self.changed_elsewhere(&changes);
                }
            }
            Event::History {
                observation_id,
                entries,
            } => self.history = Some((observation_id, entries)),
            Event::Batches(batches) => self.imports.set_batches(batches),
            Event::DemoBatches(demo) => {
                if demo != self.demo {
                    self.demo = demo;
                    // Views built before it came rebuild with their badges.
                    self.data_version += 1;
                }
            }
            Event::Rejections {
                batch_id,
                rejections,
            } => self.imports.set_rejections(batch_id, rejections),
            Event::Chart { generation, data } => self.chart.on_answer(generation, data),
            Event::Summary { generation, data } => self.summary.on_answer(generation, data),
            Event::Slides { generation, data } => {
                if let Some(presentation) = &mut self.presentation {
                    presentation.on_answer(generation, data);
                }
            }
            Event::Imported(_report) => self.refresh_all(),
            Event::Picked {
                purpose,
                path,
                quick,
            } => match path {
                Some(path) => self.picked(purpose, path),
                // No answer within a blink: the system has no file dialog (no
                // desktop portal). Ask for the path in the window instead.
                None if quick => self.path_prompt = Some((purpose, String::new(), false)),
                None => {}
            },
            Event::Exported { kind, paths, rows } => {
                let text = strings::exported(
                    self.settings.lang,
                    self.settings.number_format,
                    kind,
                    &paths,
                    rows,
                );
                if kind == ExportKind::Rejections {
                    self.imports.saved(&text);
                }
                // The success answers the user's latest try: an older export
                // error left showing would read as if it still applied.
                self.notices
                    .retain(|notice| !(notice.error && notice.export));
                self.notice(text, false);
            }
            Event::Failed {
                subject: Subject::Changes,
                ..
            } => self.shared.on_failed(),
            Event::Failed { subject, failure } => {
                let text = strings::failure(self.settings.lang, subject, &failure);
                match subject {
                    Subject::Chart { generation } => self.chart.on_failed(generation, &text),
                    Subject::Summary { generation } => {
                        self.summary.on_failed(generation, &text);
                    }
                    Subject::Slides { generation } => {
                        if let Some(presentation) = &mut self.presentation {
                            presentation.on_failed(generation, &text);
                        }
                    }
                    Subject::Table => self.table.on_failed(),
                    Subject::Export(ExportKind::Rejections) => self.imports.save_failed(&text),
                    _ => {}
                }
                if matches!(subject, Subject::Export(_)) {
                    self.export_notice(text, true);
                } else {
                    self.notice(text, true);
                }
            }
        }
    }

    fn handle_table_actions(&mut self, actions: Vec<TableAction>) {
        for action in actions {
            match action {
                TableAction::Fetch(ids) => self.session.read(Read::Rows { ids }),
                TableAction::Edit(command) => self.edit(command),
                TableAction::Sort(column, order) => {
                    self.table.sort_by(column, order);
                    self.settings.sort = column;
                    self.settings.order = order;
                    self.requery();
                }
                TableAction::History(observation_id) => {
                    self.session.read(Read::History { observation_id });
                }
                TableAction::Notice(text) => self.notice(text, false),
            }
        }
    }

    /// Sends an edit (refused, with a message, while an import or a dry run holds the database).
    /// Figures changed in the database since the window last looked (by
    /// others; the window's own edits show up too, and cost a page).
    fn changed_elsewhere(&mut self, changes: &crate::store::Changes) {
        self.data_version += 1;
        self.table.invalidate_all();
        if changes.rows_added_or_removed {
            self.requery();
            self.session.read(Read::Catalog);
            self.session.read(Read::Batches);
        }
        if let Some((id, _)) = &self.history
            && changes.changed_ids.contains(id)
        {
            let observation_id = *id;
            self.session.read(Read::History { observation_id });
        }
    }

    /// The analyst's answer about a figure someone else changed first.
    fn conflict_ui(&mut self, ctx: &egui::Context) {
        match self
            .shared
            .conflict_ui(ctx, self.settings.lang, self.settings.number_format)
        {
            Some(shared::Choice::Overwrite(command)) => self.edit(command),
            Some(shared::Choice::Keep(_)) => self.table.invalidate_all(),
            None => {}
        }
    }

    pub fn edit(&mut self, command: EditCommand) {
        self.write(Write::Edit(command));
    }

    fn write(&mut self, write: Write) {
        if let Err(refusal) = self.session.write(write) {
            self.refused(&refusal);
        }
    }

    /// Deletes the demo set's figures, in one step that Ctrl+Z undoes.
    pub fn remove_demo(&mut self) {
        if self.demo.batch_ids.is_empty() {
            self.notice(self.texts().no_demo, false);
            return;
        }
        match self.session.write(Write::RemoveDemo) {
            Ok(()) => self.notice(self.texts().demo_removed, false),
            Err(refusal) => self.refused(&refusal),
        }
    }

    pub fn undo(&mut self) {
        self.write(Write::Undo);
    }

    pub fn redo(&mut self) {
        self.write(Write::Redo);
    }

    fn delete_selected_rows(&mut self) {
        let ids = self.table.selected_ids();
        if !ids.is_empty() {
            self.write(Write::Delete { ids });
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        let redo_shift = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let import = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
        let delete_rows = KeyboardShortcut::new(Modifiers::COMMAND, Key::Delete);
        let text_focused = ctx.egui_wants_keyboard_input();
        let (undo, redo, open, import, delete_rows) = ctx.input_mut(|input| {
            (
                !text_focused && input.consume_shortcut(&undo),
                !text_focused
                    && (input.consume_shortcut(&redo_shift) || input.consume_shortcut(&redo)),
                input.consume_shortcut(&open),
                input.consume_shortcut(&import),
                !text_focused && input.consume_shortcut(&delete_rows),
            )
        });
        if undo {
            self.undo();
        }
        if redo {
            self.redo();
        }
        if open {
            self.pick_file(DialogPurpose::OpenDatabase);
        }
        if import {
            self.pick_file(DialogPurpose::Import);
        }
        if delete_rows {
            self.delete_selected_rows();
        }
    }

    /// Opens a native file dialog; the answer arrives as [`Event::Picked`].
    fn pick_file(&mut self, purpose: DialogPurpose) {
        let dialog = match purpose {
            DialogPurpose::OpenDatabase => FileDialog {
                purpose,
                save: false,
                filters: vec![("SQLite", vec!["sqlite", "db", "sqlite3"])],
                file_name: None,
            },
            DialogPurpose::NewDatabase => FileDialog {
                purpose,
                save: true,
                filters: vec![("SQLite", vec!["sqlite"])],
                file_name: Some("chiso.sqlite".to_owned()),
            },
            // Files are recognised by their content: these filters only help find them.
            DialogPurpose::Import => FileDialog {
                purpose,
                save: false,
                filters: vec![
                    (
                        "CSV, Excel, OpenDocument",
                        vec!["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"],
                    ),
                    ("*", vec!["*"]),
                ],
                file_name: None,
            },
            DialogPurpose::ExportCsv => FileDialog {
                purpose,
                save: true,
                filters: vec![("CSV", vec!["csv"])],
                file_name: Some("chiso.csv".to_owned()),
            },
            DialogPurpose::OfflineCopy => FileDialog {
                purpose,
                save: true,
                filters: vec![("SQLite", vec!["sqlite"])],
                file_name: Some(strings::offline_copy_file_name(
                    &self.database.as_deref().map(short_name).unwrap_or_default(),
                )),
            },
            // The views open their own save dialogs with their file names.
            DialogPurpose::ChartFile
            | DialogPurpose::ReportFile
            | DialogPurpose::RejectionsFile => {
                return;
            }
        };
        if let Err(refusal) = self.session.pick_file(dialog) {
            self.refused(&refusal);
        }
    }

    /// Carries out what a file was picked for.
    fn picked(&mut self, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::OpenDatabase => self.open(path, false),
            DialogPurpose::NewDatabase => {
                if path.exists() {
                    self.notice(format!("{} exists: use File → Open", path.display()), true);
                } else {
                    self.open(path, false);
                }
            }
            DialogPurpose::Import => self.start_import(vec![path]),
            DialogPurpose::ExportCsv => self.session.export(Export::Csv {
                path,
                filter: self.settings.filter.clone(),
            }),
            DialogPurpose::OfflineCopy => {
                self.session.export(Export::OfflineCopy { path });
            }
            DialogPurpose::ChartFile => self.chart.picked(path),
            DialogPurpose::ReportFile => self.summary.picked(path),
            DialogPurpose::RejectionsFile => {
                if let Some(export) = self.imports.picked(path) {
                    self.session.export(export);
                }
            }
        }
    }

    /// Opens the import wizard on these files. While an import runs a second
    /// one is refused; a wizard whose dry run is running is replaced and its
    /// dry run cancelled.
    pub fn start_import(&mut self, paths: Vec<PathBuf>) {
        if self.database.is_none() {
            return;
        }
        if let Some(job) = self.session.running_import()
            && !job.dry_run
        {
            let refusal = Refusal::ImportRunning {
                file: job.file.clone(),
                dry_run: false,
            };
            self.refused(&refusal);
            return;
        }
        if let Some(old) = self.wizard.take() {
            old.cancel_jobs(&mut self.session);
        }
        self.wizard = Some(wizard::ImportWizard::new(paths, self.wake()));
    }

    /// What repaints the window when background work has news.
    fn wake(&self) -> Arc<dyn Fn() + Send + Sync> {
        let context = Arc::clone(&self.context);
        Arc::new(move || {
            if let Some(ctx) = context.get() {
                ctx.request_repaint();
            }
        })
    }

    fn wizard_ui(&mut self, ctx: &egui::Context) {
        let Some(wizard) = &mut self.wizard else {
            return;
        };
        let events = wizard.ui(
            ctx,
            &self.session,
            self.settings.lang,
            self.settings.number_format,
        );
        for event in events {
            match event {
                wizard::WizardEvent::Closed => {
                    if let Some(wizard) = self.wizard.take() {
                        wizard.cancel_jobs(&mut self.session);
                    }
                }
                wizard::WizardEvent::Start(start) => {
                    let result = self.session.start_import(*start);
                    if let Err(refusal) = &result {
                        self.refused(refusal);
                    }
                    if let Some(wizard) = &mut self.wizard {
                        wizard.started(result);
                    }
                }
                wizard::WizardEvent::Cancel(job) => self.session.cancel_import(job),
                wizard::WizardEvent::Notice { text, error } => self.notice(text, error),
            }
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let texts = self.texts();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(texts.menu_file, |ui| {
                if ui.button(texts.new_database).clicked() {
                    self.pick_file(DialogPurpose::NewDatabase);
                    ui.close();
                }
                if ui
                    .add(
                        egui::Button::new(texts.open_database).shortcut_text(
                            ui.ctx().format_shortcut(&KeyboardShortcut::new(
                                Modifiers::COMMAND,
                                Key::O,
                            )),
                        ),
                    )
                    .clicked()
                {
                    self.pick_file(DialogPurpose::OpenDatabase);
                    ui.close();
                }
                let recent = self.settings.recent.clone();
                ui.add_enabled_ui(!recent.is_empty(), |ui| {
                    ui.menu_button(texts.recent, |ui| {
                        for path in recent {
                            if ui.button(path.display().to_string()).clicked() {
                                self.open(path, false);
                                ui.close();
                            }
                        }
                    });
                });
                ui.separator();
                if ui
                    .add(
                        egui::Button::new(texts.import).shortcut_text(
                            ui.ctx().format_shortcut(&KeyboardShortcut::new(
                                Modifiers::COMMAND,
                                Key::I,
                            )),
                        ),
                    )
                    .clicked()
                {
                    self.pick_file(DialogPurpose::Import);
                    ui.close();
                }
                if ui.button(texts.export_csv).clicked() {
                    self.pick_file(DialogPurpose::ExportCsv);
                    ui.close();
                }
                if ui
                    .button(strings::offline_copy_menu(self.settings.lang))
                    .clicked()
                {
                    self.pick_file(DialogPurpose::OfflineCopy);
                    ui.close();
                }
                ui.separator();
                if ui
                    .add_enabled(
                        !self.demo.batch_ids.is_empty(),
                        egui::Button::new(texts.remove_demo),
                    )
                    .on_hover_text(texts.demo_hint)
                    .on_disabled_hover_text(texts.no_demo)
                    .clicked()
                {
                    self.remove_demo();
                    ui.close();
                }
                ui.separator();
                if ui.button(texts.quit).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(texts.menu_edit, |ui| {
                let shortcut = |key, modifiers| {
                    ui.ctx()
                        .format_shortcut(&KeyboardShortcut::new(modifiers, key))
                };
                let undo_text = shortcut(Key::Z, Modifiers::COMMAND);
                let redo_text = shortcut(Key::Y, Modifiers::COMMAND);
                let delete_text = shortcut(Key::Delete, Modifiers::COMMAND);
                if ui
                    .add_enabled(
                        self.can_undo,
                        egui::Button::new(texts.undo).shortcut_text(undo_text),
                    )
                    .clicked()
                {
                    self.undo();
                    ui.close();
                }
                if ui
                    .add_enabled(
                        self.can_redo,
                        egui::Button::new(texts.redo).shortcut_text(redo_text),
                    )
                    .clicked()
                {
                    self.redo();
                    ui.close();
                }
                ui.separator();
                if ui.button(texts.add_row).clicked() {
                    self.add_row = Some(AddRowDialog {
                        indicator_id: self.settings.filter.indicator_ids.first().copied(),
                        agency_id: self.settings.filter.agency_id,
                        ..AddRowDialog::default()
                    });
                    ui.close();
                }
                if ui
                    .add(egui::Button::new(texts.delete_rows).shortcut_text(delete_text))
                    .clicked()
                {
                    self.delete_selected_rows();
                    ui.close();
                }
                ui.separator();
                if ui.button(texts.history).clicked() {
                    if let Some(row) = self.table.current_row() {
                        let observation_id = row.id;
                        self.session.read(Read::History { observation_id });
                    }
                    ui.close();
                }
            });
            ui.menu_button(texts.menu_view, |ui| {
                if ui.button(texts.language).clicked() {
                    self.settings.lang = match self.settings.lang {
                        Lang::Vi => Lang::En,
                        Lang::En => Lang::Vi,
                    };
                    ui.close();
                }
                if ui
                    .add(egui::Button::new(texts.present).shortcut_text("F11"))
                    .clicked()
                {
                    self.presentation = Some(present::Presentation::default());
                    ui.close();
                }
                ui.separator();
                let (theme, dark, light) = strings::theme_texts(self.settings.lang);
                ui.label(theme);
                ui.radio_value(&mut self.settings.theme, Theme::Dark, dark);
                ui.radio_value(&mut self.settings.theme, Theme::Light, light);
                ui.separator();
                ui.label(texts.number_format);
                ui.radio_value(
                    &mut self.settings.number_format,
                    NumberFormat::Vi,
                    texts.numbers_vi,
                );
                ui.radio_value(
                    &mut self.settings.number_format,
                    NumberFormat::En,
                    texts.numbers_en,
                );
            });
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        let texts = self.texts();
        ui.horizontal(|ui| {
            if let Some(path) = &self.database {
                ui.label(format!("{}: {}", texts.database, path.display()));
            }
            ui.separator();
            let more = if self.table.is_ready() { "" } else { "≥ " };
            let rows = self
                .settings
                .number_format
                .format(self.table.row_count() as f64);
            ui.label(format!("{more}{rows} {}", texts.rows));
            if self.is_busy() {
                ui.spinner();
            }
            for task in self.session.tasks() {
                ui.separator();
                ui.spinner();
                ui.label(strings::task_name(self.settings.lang, task));
            }
            self.shared.status_ui(ui, self.settings.lang);
        });
    }

    fn notices_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|input| input.time);
        self.notices.retain(|notice| {
            notice
                .shown_at
                .is_none_or(|at| now - at < if notice.error { 12.0 } else { 5.0 })
        });
        if self.notices.is_empty() {
            return;
        }
        let close = self.texts().close;
        egui::Area::new(egui::Id::unique("notices"))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                let mut dismissed = None;
                for (index, notice) in self.notices.iter_mut().enumerate() {
                    notice.shown_at.get_or_insert(now);
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(460.0);
                        ui.horizontal(|ui| {
                            if notice.error {
                                ui.colored_label(ui.visuals().error_fg_color, "▲");
                            }
                            ui.label(&notice.text);
                            if ui.small_button(close).clicked() {
                                dismissed = Some(index);
                            }
                        });
                    });
                }
                if let Some(index) = dismissed {
                    self.notices.remove(index);
                }
            });
        ctx.request_repaint_after(std::time::Duration::from_secs(1));
    }

    fn history_ui(&mut self, ctx: &egui::Context) {
        let Some((observation_id, entries)) = &self.history else {
            return;
        };
        let texts = self.texts();
        let format = self.settings.number_format;
        let mut open = true;
        egui::Window::new(texts.history_title)
            .id(egui::Id::unique("history"))
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(format!("#{observation_id}"));
                if entries.is_empty() {
                    ui.label(texts.history_empty);
                    return;
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        egui::Grid::new("history-grid")
                            .striped(true)
                            .show(ui, |ui| {
                                for title in [
                                    texts.at,
                                    texts.field,
                                    texts.old_value,
                                    texts.new_value,
                                    texts.origin,
                                ] {
                                    ui.strong(title);
                                }
                                ui.end_row();
                                // Figures as the table writes them ("95,8"), not as logged.
                                let numeric = |field: &str| {
                                    crate::domain::Field::ALL
                                        .iter()
                                        .any(|known| known.is_numeric() && known.as_str() == field)
                                };
                                let figure = |field: &str, text: Option<&str>| match text {
                                    None => "—".to_owned(),
                                    Some(text) if numeric(field) => {
                                        text.parse::<f64>().map_or_else(
                                            |_| text.to_owned(),
                                            |value| format.format(value),
                                        )
                                    }
                                    Some(text) => text.to_owned(),
                                };
                                for entry in entries {
                                    let shown = time::local_time(&entry.at, texts);
                                    ui.label(shown.text).on_hover_text(shown.tooltip);
                                    ui.label(&entry.field);
                                    ui.label(figure(&entry.field, entry.old.as_deref()));
                                    ui.label(figure(&entry.field, entry.new.as_deref()));
                                    ui.label(&entry.origin);
                                    ui.end_row();
                                }
                            });
                    });
            });
        if !open {
            self.history = None;
        }
    }

    fn add_row_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.add_row else {
            return;
        };
        let texts = self.settings.lang.main();
        let mut open = true;
        let mut submit = None;
        egui::Window::new(texts.add_row_title)
            .id(egui::Id::unique("add-row"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("add-row-grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label(texts.col_indicator);
                        let current = dialog
                            .indicator_id
                            .and_then(|id| {
                                self.catalog
                                    .indicators
                                    .iter()
                                    .find(|indicator| indicator.id == id)
                            })
                            .map_or(texts.any.to_owned(), |indicator| indicator.name.clone());
                        egui::ComboBox::from_id_salt("add-indicator")
                            .selected_text(current)
                            .width(320.0)
                            .show_ui(ui, |ui| {
                                for indicator in &self.catalog.indicators {
                                    ui.selectable_value(
                                        &mut dialog.indicator_id,
                                        Some(indicator.id),
                                        &indicator.name,
                                    );
                                }
                            });
                        ui.end_row();
                        ui.label(texts.col_agency);
                        let current = dialog
                            .agency_id
                            .and_then(|id| {
                                self.catalog.agencies.iter().find(|agency| agency.id == id)
                            })
                            .map_or(texts.any.to_owned(), |agency| agency.name.clone());
                        egui::ComboBox::from_id_salt("add-agency")
                            .selected_text(current)
                            .width(320.0)
                            .show_ui(ui, |ui| {
                                for agency in &self.catalog.agencies {
                                    ui.selectable_value(
                                        &mut dialog.agency_id,
                                        Some(agency.id),
                                        &agency.name,
                                    );
                                }
                            });
                        ui.end_row();
                        let label = ui.label(texts.col_period);
                        ui.add(
                            egui::TextEdit::singleline(&mut dialog.period)
                                .hint_text(texts.period_hint),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    });
                if let Some(error) = &dialog.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                if ui.button(texts.add).clicked() {
                    match (
                        dialog.indicator_id,
                        dialog.agency_id,
                        Period::parse(&dialog.period),
                    ) {
                        (Some(indicator_id), Some(agency_id), Some(period)) => {
                            submit = Some(NewObservation {
                                indicator_id,
                                agency_id,
                                period: period.as_str().to_owned(),
                            });
                        }
                        (_, _, None) => {
                            dialog.error =
                                Some(format!("{}: \"{}\"", texts.bad_period, dialog.period));
                        }
                        _ => {
                            dialog.error =
                                Some(format!("{} / {}", texts.col_indicator, texts.col_agency));
                        }
                    }
                }
            });
        if let Some(new) = submit {
            self.add_row = None;
            self.write(Write::AddRow(new));
        } else if !open {
            self.add_row = None;
        }
    }

    fn path_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some((purpose, text, focused)) = &mut self.path_prompt else {
            return;
        };
        let purpose = *purpose;
        let texts = self.settings.lang.main();
        let mut open = true;
        let mut chosen = None;
        egui::Window::new(texts.path_prompt_title)
            .id(egui::Id::unique("path-prompt"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(texts.path_prompt_hint);
                let label = ui.label(texts.path_label);
                let response = ui
                    .add(egui::TextEdit::singleline(text).desired_width(420.0))
                    .labelled_by(label.id);
                if !*focused {
                    response.request_focus();
                    *focused = true;
                }
                let entered =
                    response.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
                if (ui.button(texts.path_ok).clicked() || entered) && !text.trim().is_empty() {
                    chosen = Some(PathBuf::from(text.trim()));
                }
            });
        if let Some(path) = chosen {
            self.path_prompt = None;
            self.picked(purpose, path);
        } else if !open {
            self.path_prompt = None;
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.start_import(dropped);
        }
    }

    /// The whole window, one frame.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let _ = self.context.set(ctx.clone());
        if !self.fonts_installed {
            fonts::install(&ctx);
            self.fonts_installed = true;
        }
        let theme = match self.settings.theme {
            Theme::Dark => egui::Theme::Dark,
            Theme::Light => egui::Theme::Light,
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
        self.poll_session();
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        let present = ctx.input_mut(|input| input.consume_key(Modifiers::NONE, Key::F11));
        if present {
            self.presentation = match self.presentation {
                Some(_) => None,
                None => Some(present::Presentation::default()),
            };
        }
        if let Some(mut presentation) = self.presentation.take() {
            let commands = egui::CentralPanel::default_margins()
                .show(ui, |ui| presentation.ui(ui, &self.view_context()))
                .inner;
            self.presentation = Some(presentation);
            self.commands.extend(commands);
            self.notices_ui(&ctx);
            self.apply();
            return;
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        let texts = self.texts();
        let vietnamese = self.settings.lang == Lang::Vi;
        let filter_changed = egui::Panel::left("sidebar")
            .resizable(true)
            .default_size(300.0)
            .size_range(200.0..=520.0)
            .show(ui, |ui| {
                sidebar::sidebar_ui(
                    ui,
                    &mut self.sidebar,
                    &mut self.settings.filter,
                    &self.catalog,
                    texts,
                    vietnamese,
                )
            })
            .inner;
        if filter_changed {
            self.requery();
        }
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (tab, title) in [
                    (Tab::Table, texts.tab_table),
                    (Tab::Chart, texts.tab_chart),
                    (Tab::Summary, texts.tab_summary),
                    (Tab::Imports, texts.tab_imports),
                ] {
                    ui.selectable_value(&mut self.settings.tab, tab, title);
                }
            });
            ui.separator();
            match self.settings.tab {
                Tab::Table => {
                    let editable = self.editable();
                    let actions =
                        self.table
                            .ui(ui, texts, self.settings.number_format, editable, &self.demo);
                    self.handle_table_actions(actions);
                }
                Tab::Chart => {
                    let mut chart = std::mem::take(&mut self.chart);
                    let commands = chart.ui(ui, &self.view_context());
                    self.chart = chart;
                    self.commands.extend(commands);
                }
                Tab::Summary => {
                    let mut summary = std::mem::take(&mut self.summary);
                    let commands = summary.ui(ui, &self.view_context());
                    self.summary = summary;
                    self.commands.extend(commands);
                }
                Tab::Imports => {
                    let commands =
                        self.imports
                            .ui(ui, self.settings.lang, self.settings.number_format);
                    self.commands.extend(commands);
                }
            }
        });
        self.wizard_ui(&ctx);
        self.history_ui(&ctx);
        self.add_row_ui(&ctx);
        self.path_prompt_ui(&ctx);
        self.notices_ui(&ctx);
        self.conflict_ui(&ctx);
        if self.database.is_some()
            && let Some(look) = self.shared.look(ctx.input(|input| input.time))
        {
            self.session.read(look);
        }
        ctx.request_repaint_after(std::time::Duration::from_secs(3));
        self.apply();
    }
}

impl eframe::App for ChisoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// The window's icon (rendered from `assets/icon/chiso.svg` by `dist/icons.sh`).
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../../assets/icon/chiso-256.png");

/// Starts the window on a database (the one given, else the last one, else the default).
pub fn run(database: Option<PathBuf>, files: Vec<PathBuf>) -> anyhow::Result<u8> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(window_title(database.as_deref()))
        .with_inner_size([1440.0, 900.0])
        .with_min_inner_size([800.0, 500.0])
        .with_drag_and_drop(true);
    // The icon the taskbar and the window switcher show (the .exe and the
    // .deb carry their own for the file manager).
    if let Ok(icon) = eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "chiso",
        options,
        Box::new(move |creation| {
            let settings: Settings = creation
                .storage
                .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
                .unwrap_or_default();
            let path = match database.or_else(|| {
                settings
                    .last_database
                    .clone()
                    .filter(|path| crate::app::open::database_exists(path))
            }) {
                Some(path) => path,
                None => {
                    crate::app::open::default_database_path().map_err(|error| error.to_string())?
                }
            };
            Ok(Box::new(ChisoApp::new(settings, path).importing(files)))
        }),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))?;
    Ok(crate::app::EXIT_OK)
}

/// "chiso — chiso.sqlite": the window's title names the open database.
pub fn window_title(database: Option<&Path>) -> String {
    match database {
        Some(path) => format!("chiso — {}", short_name(path)),
        None => "chiso".to_owned(),
    }
}

/// A database path for display.
pub fn short_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_decodes_to_a_square_image() {
        let icon = eframe::icon_data::from_png_bytes(super::WINDOW_ICON_PNG).unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        // Not blank: some pixels are opaque.
        assert!(icon.rgba.chunks(4).any(|pixel| pixel[3] == 255));
    }
}
