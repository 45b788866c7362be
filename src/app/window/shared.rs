//! Working with others in one database (issue 14), as the window shows it:
//! an account that may only read, a look every few seconds for figures
//! others changed, and the choice when someone changed a figure first.

use crate::app::session::Read;
use crate::domain::NumberFormat;
use crate::domain::edit::{CellChange, EditCommand};
use crate::store::{ChangeMarks, Changes, EditConflict};

use crate::app::strings::{self, Lang};

/// How often the window looks for figures others changed (seconds).
const LOOK_EVERY: f64 = 3.0;

/// What the analyst chose about a figure someone else changed first.
#[derive(Debug, PartialEq)]
pub enum Choice {
    /// Write the analyst's figure over theirs: the edit again, started from
    /// what the database holds now.
    Overwrite(EditCommand),
    /// Keep theirs: show the row as it stands.
    Keep(i64),
}

#[derive(Default)]
pub struct SharedDb {
    read_only: bool,
    marks: ChangeMarks,
    copied_from: Option<(String, String)>,
    last_look: Option<f64>,
    looking: bool,
    conflict: Option<(Box<EditConflict>, EditCommand)>,
}

impl SharedDb {
    /// A database was opened.
    pub fn opened(
        &mut self,
        read_only: bool,
        marks: ChangeMarks,
        copied_from: Option<(String, String)>,
    ) {
        *self = SharedDb {
            read_only,
            marks,
            copied_from,
            ..SharedDb::default()
        };
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// The look for others' changes, when one is due (`now` in seconds).
    pub fn look(&mut self, now: f64) -> Option<Read> {
        if self.looking || self.last_look.is_some_and(|last| now - last < LOOK_EVERY) {
            return None;
        }
        self.last_look = Some(now);
        self.looking = true;
        Some(Read::ChangesSince { since: self.marks })
    }

    /// The answer to a look; true when something changed.
    pub fn on_changes(&mut self, changes: &Changes) -> bool {
        self.looking = false;
        self.marks = changes.marks;
        changes.rows_added_or_removed || !changes.changed_ids.is_empty()
    }

    /// A look failed (the server is away): the next one tries again.
    pub fn on_failed(&mut self) {
        self.looking = false;
    }

    /// Someone else changed a figure of `command` first.
    pub fn on_conflict(&mut self, conflict: Box<EditConflict>, command: EditCommand) {
        self.conflict = Some((conflict, command));
    }

    /// The question, while there is one; the analyst's answer once given.
    pub fn conflict_ui(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        format: NumberFormat,
    ) -> Option<Choice> {
        let (conflict, command) = self.conflict.as_ref()?;
        let (title, overwrite, keep) = strings::conflict_choices(lang);
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("edit-conflict")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(title);
            ui.add_space(6.0);
            ui.label(strings::conflict(lang, format, conflict));
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button(overwrite).clicked() {
                    choice = Some(Choice::Overwrite(started_from_now(command, conflict)));
                }
                if ui.button(keep).clicked() {
                    choice = Some(Choice::Keep(conflict.observation_id));
                }
            });
        });
        if choice.is_some() {
            self.conflict = None;
        }
        choice
    }

    /// The status bar's part: a read-only account says so, an offline copy
    /// where it came from.
    pub fn status_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        if let Some((source, at)) = &self.copied_from {
            ui.separator();
            ui.label(strings::copy_of(lang, source, at));
        }
        if self.read_only {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, strings::read_only(lang));
        }
    }
}

/// The edit again, with the conflicting figure started from what the
/// database holds now (so that it is written over it).
fn started_from_now(command: &EditCommand, conflict: &EditConflict) -> EditCommand {
    match command {
        EditCommand::SetCells(changes) => EditCommand::SetCells(
            changes
                .iter()
                .map(|change| {
                    if change.observation_id == conflict.observation_id
                        && change.field == conflict.field
                    {
                        CellChange {
                            old: conflict.now.clone(),
                            ..change.clone()
                        }
                    } else {
                        change.clone()
                    }
                })
                .collect(),
        ),
        other => other.clone(),
    }
}
