//! The Imports tab: every batch with its counts, newest first; the rejected
//! lines of the one selected, and saving them as CSV.

use std::path::{Path, PathBuf};

use egui_extras::{Column, TableBuilder};

use super::Command;
use super::chart::save_dialog;
use super::time::local_time;
use super::wizard::{delimiter_label, rejections_table_ui};
use crate::app::session::{DialogPurpose, Export, Read};
use crate::app::strings::{Lang, MainTexts, WizardTexts};
use crate::domain::{NumberFormat, Rejection};
use crate::store::BatchRow;

/// A batch's number format in words ("Việt Nam (1.234,5)"): the database
/// stores its code ("vi", "en"); anything else is shown as stored.
fn numbers_label(stored: Option<&str>, texts: &WizardTexts) -> String {
    let Some(stored) = stored else {
        return String::new();
    };
    match NumberFormat::parse(stored) {
        Some(NumberFormat::Vi) => texts.numbers_vi.to_owned(),
        Some(NumberFormat::En) => texts.numbers_en.to_owned(),
        None => stored.to_owned(),
    }
}

/// The tab's state.
#[derive(Default)]
pub struct ImportsView {
    batches: Vec<BatchRow>,
    selected: Option<i64>,
    /// The selected batch's rejections, once they arrived.
    rejections: Option<(i64, Vec<Rejection>)>,
    /// Where to save the rejections (typed, or filled by the file dialog).
    save_path: String,
    /// The outcome of the last save: (message, is an error).
    status: Option<(String, bool)>,
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
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, format: NumberFormat) -> Vec<Command> {
        let texts = lang.wizard();
        let mut actions = Vec::new();
        ui.heading(texts.batches_title);
        if self.batches.is_empty() {
            ui.weak(texts.no_batches);
            return actions;
        }
        if let Some(batch_id) = self.batches_table_ui(ui, texts, lang.main()) {
            self.selected = Some(batch_id);
            self.rejections = None;
            self.status = None;
            actions.push(Command::Read(Read::Rejections { batch_id }));
        }
        ui.separator();
        actions.extend(self.rejections_ui(ui, lang, format));
        actions
    }

    /// The batches; returns the one the user selected this frame.
    fn batches_table_ui(
        &self,
        ui: &mut egui::Ui,
        texts: &WizardTexts,
        main: &MainTexts,
    ) -> Option<i64> {
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
                        let time = local_time(&batch.imported_at, main);
                        row.col(|ui| {
                            ui.add(egui::Label::new(time.text).selectable(false))
                                .on_hover_text(time.tooltip);
                        });
                        let cells = [
                            batch.encoding.clone().unwrap_or_default(),
                            delimiter,
                            numbers_label(batch.number_format.as_deref(), texts),
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
    fn rejections_ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        format: NumberFormat,
    ) -> Option<Command> {
        let texts = lang.wizard();
        let main = lang.main();
        let Some(batch) = self
            .selected
            .and_then(|id| self.batches.iter().find(|batch| batch.id == id))
            .cloned()
        else {
            ui.weak(texts.choose_batch);
            return None;
        };
        let time = local_time(&batch.imported_at, main);
        ui.strong(format!(
            "{} {} ({})",
            texts.rejections_of, batch.file_name, time.text
        ))
        .on_hover_text(time.tooltip);
        if self.rejections.is_none() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(texts.loading_rejections);
            });
            return None;
        }
        let mut save_to: Option<PathBuf> = None;
        let mut pick = false;
        ui.horizontal(|ui| {
            if ui.button(texts.save_rejections).clicked() {
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
        let mut command = pick.then(|| {
            let suggested = format!(
                "{}-loi.csv",
                Path::new(&batch.file_name)
                    .file_stem()
                    .map_or_else(|| "chiso".into(), |stem| stem.to_string_lossy())
            );
            save_dialog(DialogPurpose::RejectionsFile, &suggested, &["csv"])
        });
        if let Some((message, error)) = &self.status {
            if *error {
                ui.colored_label(ui.visuals().error_fg_color, message);
            } else {
                ui.label(message);
            }
        }
        let Some((_, rejections)) = &self.rejections else {
            return command;
        };
        if rejections.is_empty() {
            ui.weak(texts.no_rejections);
        } else {
            rejections_table_ui(ui, "imports-rejections", rejections, lang, format);
        }
        if let Some(path) = save_to {
            command = Some(Command::Export(Export::Rejections {
                path,
                file_name: batch.file_name.clone(),
                rejections: rejections.clone(),
            }));
        }
        command
    }

    /// The save dialog answered: save there at once.
    pub fn picked(&mut self, path: PathBuf) -> Option<Export> {
        self.save_path = path.display().to_string();
        let file_name = self
            .selected
            .and_then(|id| self.batches.iter().find(|batch| batch.id == id))
            .map(|batch| batch.file_name.clone())?;
        let (_, rejections) = self.rejections.as_ref()?;
        Some(Export::Rejections {
            path,
            file_name,
            rejections: rejections.clone(),
        })
    }

    /// The rejections were saved (the text says where).
    pub fn saved(&mut self, text: &str) {
        self.status = Some((text.to_owned(), false));
    }

    /// Saving the rejections failed.
    pub fn save_failed(&mut self, text: &str) {
        self.status = Some((text.to_owned(), true));
    }
}
