//! The Imports tab: every batch with its counts, newest first; the rejected
//! lines of the one selected, and saving them as CSV.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use egui_extras::{Column, TableBuilder};

use super::ViewAction;
use super::strings::{Lang, WizardTexts};
use super::wizard::{delimiter_label, rejections_table_ui};
use crate::app::worker::Request;
use crate::domain::Rejection;
use crate::store::BatchRow;

/// The tab's state.
#[derive(Default)]
pub struct ImportsView {
    batches: Vec<BatchRow>,
    selected: Option<i64>,
    /// The selected batch's rejections, once they arrived.
    rejections: Option<(i64, Vec<Rejection>)>,
    /// Where to save the rejections (typed, or filled by the file dialog).
    save_path: String,
    /// A file dialog running on its own thread.
    dialog: Option<Receiver<Option<PathBuf>>>,
    /// The outcome of the last save: (message, is an error).
    status: Option<(String, bool)>,
    /// A save running on its own thread; its outcome arrives here.
    saving: Option<Receiver<(String, bool)>>,
}

impl ImportsView {
    /// The batches arrived.
    pub fn set_batches(&mut self, batches: Vec<BatchRow>) {
        if self
            .selected
            .is_some_and(|id| !batches.iter().any(|batch| batch.id == id))
        {
            self.selected = None;
            self.rejections = None;
        }
        self.batches = batches;
    }

    /// A batch's rejections arrived.
    pub fn set_rejections(&mut self, batch_id: i64, rejections: Vec<Rejection>) {
        if self.selected == Some(batch_id) {
            self.rejections = Some((batch_id, rejections));
        }
    }

    /// Shows the tab.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Vec<ViewAction> {
        let texts = lang.wizard();
        let mut actions = Vec::new();
        self.poll_dialog(ui.ctx(), texts);
        if let Some((text, error)) = self.poll_save() {
            actions.push(ViewAction::Notice { text, error });
        }
        ui.heading(texts.batches_title);
        if self.batches.is_empty() {
            ui.weak(texts.no_batches);
            return actions;
        }
        if let Some(batch_id) = self.batches_table_ui(ui, texts) {
            self.selected = Some(batch_id);
            self.rejections = None;
            self.status = None;
            actions.push(ViewAction::Send(Request::LoadRejections { batch_id }));
        }
        ui.separator();
        self.rejections_ui(ui, texts);
        actions
    }

    /// The batches; returns the one the user selected this frame.
    fn batches_table_ui(&self, ui: &mut egui::Ui, texts: &WizardTexts) -> Option<i64> {
        let mut clicked = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let max_height = (ui.available_height() * 0.45).max(120.0);
        ui.push_id("imports-batches", |ui| {
            TableBuilder::new(ui)
                .id_salt("imports-batches-table")
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(180.0).at_least(80.0).clip(true))
                .column(Column::initial(140.0).at_least(80.0).clip(true))
                .column(Column::initial(95.0).at_least(50.0).clip(true))
                .column(Column::initial(125.0).at_least(40.0).clip(true))
                .column(Column::initial(55.0).at_least(40.0))
                .columns(Column::initial(65.0).at_least(40.0), 4)
                .column(Column::remainder().at_least(60.0))
                .min_scrolled_height(0.0)
                .max_scroll_height(max_height)
                .header(row_height, |mut header| {
                    for title in [
                        texts.col_file,
                        texts.col_time,
                        texts.col_encoding,
                        texts.col_delimiter,
                        texts.col_numbers,
                        texts.count_read,
                        texts.count_new,
                        texts.count_changed,
                        texts.count_unchanged,
                        texts.count_rejected,
                    ] {
                        header.col(|ui| {
                            ui.strong(title);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, self.batches.len(), |mut row| {
                        let Some(batch) = self.batches.get(row.index()) else {
                            return;
                        };
                        let selected = self.selected == Some(batch.id);
                        row.set_selected(selected);
                        row.col(|ui| {
                            if ui.selectable_label(selected, &batch.file_name).clicked() {
                                clicked = Some(batch.id);
                            }
                        });
                        let delimiter =
                            batch
                                .delimiter
                                .as_deref()
                                .map_or_else(String::new, |delimiter| match delimiter.as_bytes() {
                                    [byte] => delimiter_label(*byte, texts),
                                    _ => delimiter.to_owned(),
                                });
                        let cells = [
                            shown_time(&batch.imported_at),
                            batch.encoding.clone().unwrap_or_default(),
                            delimiter,
                            batch.number_format.clone().unwrap_or_default(),
                            batch.rows_read.to_string(),
                            batch.rows_inserted.to_string(),
                            batch.rows_updated.to_string(),
                            batch.rows_unchanged.to_string(),
                            batch.rows_rejected.to_string(),
                        ];
                        for cell in cells {
                            row.col(|ui| {
                                ui.add(egui::Label::new(cell).selectable(false));
                            });
                        }
                        if row.response().clicked() {
                            clicked = Some(batch.id);
                        }
                    });
                });
        });
        clicked.filter(|id| self.selected != Some(*id))
    }

    /// The selected batch's rejected lines and how to save them.
    fn rejections_ui(&mut self, ui: &mut egui::Ui, texts: &WizardTexts) {
        let Some(batch) = self
            .selected
            .and_then(|id| self.batches.iter().find(|batch| batch.id == id))
            .cloned()
        else {
            ui.weak(texts.choose_batch);
            return;
        };
        ui.strong(format!(
            "{} {} ({})",
            texts.rejections_of,
            batch.file_name,
            shown_time(&batch.imported_at)
        ));
        if self.rejections.is_none() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(texts.loading_rejections);
            });
            return;
        }
        let mut save_to: Option<PathBuf> = None;
        let mut pick = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    self.dialog.is_none(),
                    egui::Button::new(texts.save_rejections),
                )
                .clicked()
            {
                pick = true;
            }
            ui.separator();
            let label = ui.label(texts.save_path);
            ui.add(
                egui::TextEdit::singleline(&mut self.save_path)
                    .hint_text(texts.save_path_hint)
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    !self.save_path.trim().is_empty(),
                    egui::Button::new(texts.save),
                )
                .clicked()
            {
                save_to = Some(PathBuf::from(self.save_path.trim()));
            }
        });
        if pick {
            self.open_dialog(ui.ctx(), &batch.file_name);
        }
        if let Some((message, error)) = &self.status {
            if *error {
                ui.colored_label(ui.visuals().error_fg_color, message);
            } else {
                ui.label(message);
            }
        }
        let Some((_, rejections)) = &self.rejections else {
            return;
        };
        if rejections.is_empty() {
            ui.weak(texts.no_rejections);
        } else {
            rejections_table_ui(ui, "imports-rejections", rejections, texts);
        }
        if let Some(path) = save_to {
            let rejections = rejections.clone();
            self.start_save(ui.ctx(), path, batch.file_name.clone(), rejections, texts);
        }
    }

    /// Writes the rejections on a short-lived thread (a file of a big batch
    /// can be large); the outcome shows when it is done.
    fn start_save(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        file_name: String,
        rejections: Vec<Rejection>,
        texts: &WizardTexts,
    ) {
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        let (saved, cannot_save) = (texts.saved, texts.cannot_save);
        let spawned = std::thread::Builder::new()
            .name("chiso-save".into())
            .spawn(move || {
                let outcome = match save_rejections(&path, &file_name, &rejections) {
                    Ok(()) => (format!("{saved}: {}", path.display()), false),
                    Err(error) => (format!("{cannot_save}: {error}"), true),
                };
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.saving = Some(receiver),
            Err(error) => self.status = Some((format!("{cannot_save}: {error}"), true)),
        }
    }

    /// The outcome of a finished save, once.
    fn poll_save(&mut self) -> Option<(String, bool)> {
        let outcome = self.saving.as_ref()?.try_recv().ok()?;
        self.saving = None;
        self.status = Some(outcome.clone());
        Some(outcome)
    }

    /// Opens a save dialog on its own thread; the answer fills the path field.
    fn open_dialog(&mut self, ctx: &egui::Context, file_name: &str) {
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        let suggested = format!(
            "{}-loi.csv",
            Path::new(file_name)
                .file_stem()
                .map_or_else(|| "chiso".into(), |stem| stem.to_string_lossy())
        );
        let spawned = std::thread::Builder::new()
            .name("chiso-dialog".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .add_filter("CSV", &["csv"])
                    .set_file_name(suggested)
                    .save_file();
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.dialog = Some(receiver),
            Err(error) => self.status = Some((format!("cannot open a file dialog: {error}"), true)),
        }
    }

    /// Takes the dialog's answer: a path is saved to at once; None means cancelled.
    fn poll_dialog(&mut self, ctx: &egui::Context, texts: &WizardTexts) {
        let Some(receiver) = &self.dialog else {
            return;
        };
        let picked = match receiver.try_recv() {
            Ok(picked) => picked,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        self.dialog = None;
        let Some(path) = picked else {
            return;
        };
        self.save_path = path.display().to_string();
        let batch_name = self
            .selected
            .and_then(|id| self.batches.iter().find(|batch| batch.id == id))
            .map(|batch| batch.file_name.clone());
        if let (Some(file_name), Some((_, rejections))) = (batch_name, &self.rejections) {
            let rejections = rejections.clone();
            self.start_save(ctx, path, file_name, rejections, texts);
        }
    }
}

/// Writes the rejections as CSV (they are few: inline is fine).
fn save_rejections(path: &Path, file_name: &str, rejections: &[Rejection]) -> Result<(), String> {
    use std::io::Write;
    let file = std::fs::File::create(path)
        .map_err(|error| format!("cannot create {}: {error}", path.display()))?;
    let writer =
        crate::export::write_rejections(std::io::BufWriter::new(file), file_name, rejections)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    writer
        .into_inner()
        .map_err(|error| format!("cannot write {}: {}", path.display(), error.error()))?
        .flush()
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// A stored time ("2021-12-31T08:00:00.123Z") to the second, as a person reads it.
fn shown_time(at: &str) -> String {
    at.replace('T', " ").chars().take(19).collect()
}
