//! The observation table: virtualised over the ordered ids of the current
//! filter (only the visible page is fetched), sortable, editable in place,
//! with copy and paste of tab-separated blocks and the consistency marks.

use std::collections::{HashMap, HashSet};

use egui::{Key, RichText};
use egui_extras::{Column, TableBuilder};

use super::demo::{DemoBatches, badge_ui, is_demo_batch};
use crate::app::strings::MainTexts;
use crate::domain::check::{Finding, Rule};
use crate::domain::edit::{CellChange, EditCommand, EditProblem, validate_number};
use crate::domain::number::{self, NumberFormat};
use crate::domain::{Field, FieldValue, Level, ObservationView, Period};
use crate::store::{CheckFinding, SortColumn, SortOrder};

/// The columns, in display order.
pub const COLUMNS: [TableColumn; 10] = [
    TableColumn::Indicator,
    TableColumn::Agency,
    TableColumn::Level,
    TableColumn::Period,
    TableColumn::Field(Field::Value),
    TableColumn::Field(Field::Numerator),
    TableColumn::Field(Field::Denominator),
    TableColumn::Field(Field::Target),
    TableColumn::Field(Field::Qualifier),
    TableColumn::Field(Field::Note),
];

/// One column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableColumn {
    Indicator,
    Agency,
    Level,
    Period,
    Field(Field),
}

impl TableColumn {
    fn title(self, texts: &MainTexts) -> &'static str {
        match self {
            TableColumn::Indicator => texts.col_indicator,
            TableColumn::Agency => texts.col_agency,
            TableColumn::Level => texts.col_level,
            TableColumn::Period => texts.col_period,
            TableColumn::Field(field) => field_title(field, texts),
        }
    }

    fn sort(self) -> SortColumn {
        match self {
            TableColumn::Indicator => SortColumn::Indicator,
            TableColumn::Agency => SortColumn::Agency,
            TableColumn::Level => SortColumn::Level,
            TableColumn::Period => SortColumn::Period,
            TableColumn::Field(field) => SortColumn::Field(field),
        }
    }

    fn field(self) -> Option<Field> {
        match self {
            TableColumn::Field(field) => Some(field),
            _ => None,
        }
    }
}

/// The title of a field's column.
pub fn field_title(field: Field, texts: &MainTexts) -> &'static str {
    match field {
        Field::Value => texts.col_value,
        Field::Numerator => texts.col_numerator,
        Field::Denominator => texts.col_denominator,
        Field::Target => texts.col_target,
        Field::Qualifier => texts.col_qualifier,
        Field::Note => texts.col_note,
    }
}

/// The name of a level in the interface's language.
pub fn level_label(level: Level, texts: &MainTexts) -> &'static str {
    match level {
        Level::Province => texts.level_province,
        Level::Department => texts.level_department,
        Level::District => texts.level_district,
        Level::Commune => texts.level_commune,
    }
}

/// A unit's name, with the day it ended when it did ("Tỉnh Khánh Hòa (đến
/// 30/06/2025)"): old and today's Khánh Hòa share code and name.
pub fn unit_name(name: &str, valid_to: Option<&str>, texts: &MainTexts) -> String {
    match valid_to {
        Some(to) => {
            let shown = match to.split('-').collect::<Vec<_>>().as_slice() {
                [year, month, day] => format!("{day}/{month}/{year}"),
                _ => to.to_owned(),
            };
            format!("{name} ({} {shown})", texts.until)
        }
        None => name.to_owned(),
    }
}

/// The sentence for a broken rule.
pub fn rule_label(rule: Rule, texts: &MainTexts) -> &'static str {
    match rule {
        Rule::PartsSum => texts.rule_parts_sum,
        Rule::RateFraction => texts.rule_rate_fraction,
        Rule::RateRange => texts.rule_rate_range,
        Rule::CountWhole => texts.rule_count_whole,
        Rule::NumeratorOverDenominator => texts.rule_numerator_over_denominator,
        Rule::Outlier => texts.rule_outlier,
        Rule::RollUp => texts.rule_roll_up,
        Rule::NotCarried => texts.rule_not_carried,
    }
}

fn problem_label(problem: EditProblem, texts: &MainTexts) -> &'static str {
    match problem {
        EditProblem::NotANumber => texts.not_a_number,
        EditProblem::RateOutOfRange => texts.rate_out_of_range,
        EditProblem::CountNotWhole => texts.count_not_whole,
        EditProblem::NumeratorOverDenominator => texts.numerator_over_denominator,
    }
}

/// The fields a finding is about, to mark those cells.
fn rule_fields(rule: Rule) -> &'static [Field] {
    match rule {
        Rule::RateFraction => &[Field::Value, Field::Numerator, Field::Denominator],
        Rule::NumeratorOverDenominator => &[Field::Numerator, Field::Denominator],
        Rule::PartsSum
        | Rule::RateRange
        | Rule::CountWhole
        | Rule::Outlier
        | Rule::RollUp
        | Rule::NotCarried => &[Field::Value],
    }
}

/// What the user asked the table for; the window carries it out.
#[derive(Debug)]
pub enum TableAction {
    /// Fetch these rows (they are visible and not cached).
    Fetch(Vec<i64>),
    /// Write this edit.
    Edit(EditCommand),
    /// Sort by this column.
    Sort(SortColumn, SortOrder),
    /// Show the audit log of this observation.
    History(i64),
    /// Say something to the user.
    Notice(String),
}

struct CachedRow {
    view: ObservationView,
    findings: Vec<(Rule, Finding)>,
}

/// A cell being edited.
struct Editor {
    row: usize,
    column: usize,
    text: String,
    error: Option<String>,
    focus_requested: bool,
}

/// The selected record while a new list is asked for: its id, the column
/// of the cursor, and where the anchor of the block is from it (rows, column).
#[derive(Clone, Copy, Debug)]
struct Follow {
    id: i64,
    column: usize,
    anchor: (isize, usize),
}

/// The table's state: the ordered ids, the cached page, selection and editor.
#[derive(Default)]
pub struct TableView {
    ids: Vec<i64>,
    ids_ready: bool,
    /// Matches replies to the newest query.
    pub generation: u64,
    cache: HashMap<i64, CachedRow>,
    requested: HashSet<i64>,
    pub sort: SortColumn,
    pub order: SortOrder,
    /// Anchor and cursor of the selected block, as (row, column) indices.
    anchor: Option<(usize, usize)>,
    cursor: Option<(usize, usize)>,
    editor: Option<Editor>,
    scroll_to_row: Option<usize>,
    /// Select this id once it is in the list (a newly added row).
    pending_select: Option<i64>,
    /// The record under the cursor when the query was sent: the selection
    /// follows it to its new row (or goes, when it is no longer listed).
    follow: Option<Follow>,
    /// The next list comes from a new sort: show it from the top.
    scroll_to_top: bool,
    /// The rows drawn in the last frame.
    visible_rows: std::ops::Range<usize>,
}

impl TableView {
    /// An empty table sorted this way.
    pub fn sorted(sort: SortColumn, order: SortOrder) -> TableView {
        TableView {
            sort,
            order,
            ..TableView::default()
        }
    }

    /// A new query was sent: forget the old ids (the selected record is
    /// remembered, to select it again in the new list).
    pub fn begin_query(&mut self) -> u64 {
        if let Some((row, column)) = self.cursor
            && let Some(id) = self.ids.get(row)
        {
            let (anchor_row, anchor_column) = self.anchor.unwrap_or((row, column));
            self.follow = Some(Follow {
                id: *id,
                column,
                anchor: (anchor_row as isize - row as isize, anchor_column),
            });
        }
        self.generation += 1;
        self.ids_ready = false;
        self.generation
    }

    /// Sorts by `column`: the list is asked again and shown from its top.
    pub fn sort_by(&mut self, column: SortColumn, order: SortOrder) {
        self.sort = column;
        self.order = order;
        self.scroll_to_top = true;
    }

    /// The rows drawn in the last frame (the first is the top of the view).
    pub fn visible_rows(&self) -> std::ops::Range<usize> {
        self.visible_rows.clone()
    }

    /// The observation id of a row.
    pub fn id_at(&self, row: usize) -> Option<i64> {
        self.ids.get(row).copied()
    }

    /// The row under the cursor.
    pub fn cursor_row(&self) -> Option<usize> {
        self.cursor.map(|(row, _)| row)
    }

    /// Moves the selection to the row that now holds the followed record
    /// (keeping its column and the shape of the block); none when it is
    /// not listed. True when it is on another row than before.
    fn select_record(&mut self, follow: Follow) -> bool {
        let old_row = self.cursor.map(|(row, _)| row);
        let Some(row) = self
            .ids
            .iter()
            .position(|candidate| *candidate == follow.id)
        else {
            self.anchor = None;
            self.cursor = None;
            return false;
        };
        self.cursor = Some((row, follow.column));
        let anchor_row = (row as isize + follow.anchor.0).clamp(0, self.ids.len() as isize - 1);
        self.anchor = Some((anchor_row as usize, follow.anchor.1));
        old_row != Some(row)
    }

    /// The ids of a query arrived.
    pub fn set_ids(&mut self, generation: u64, ids: Vec<i64>) {
        if generation != self.generation {
            return;
        }
        self.ids = ids;
        self.ids_ready = true;
        self.editor = None;
        let follow = self.follow.take();
        if let Some(id) = self.pending_select.take() {
            if let Some(row) = self.ids.iter().position(|candidate| *candidate == id) {
                self.anchor = Some((row, 4));
                self.cursor = Some((row, 4));
                self.scroll_to_row = Some(row);
            }
        } else if let Some(follow) = follow {
            // The selection stays on its record, wherever the new list puts it.
            if self.select_record(follow) && !self.scroll_to_top {
                self.scroll_to_row = self.cursor.map(|(row, _)| row);
            }
        } else if self.cursor.is_some_and(|(row, _)| row >= self.ids.len()) {
            self.anchor = None;
            self.cursor = None;
        }
        if std::mem::take(&mut self.scroll_to_top) && !self.ids.is_empty() {
            self.scroll_to_row = Some(0);
        }
    }

    /// The newest query failed (the window says why): stop waiting for it
    /// and show what the table held.
    pub fn on_failed(&mut self) {
        self.ids_ready = true;
    }

    /// The first rows of a query arrived; the full list follows.
    pub fn set_first_ids(&mut self, generation: u64, ids: Vec<i64>) {
        if generation == self.generation && !self.ids_ready {
            self.ids = ids;
            // Until the full list comes, the old row numbers mean other records.
            if let Some(follow) = self.follow {
                if self.ids.contains(&follow.id) {
                    self.select_record(follow);
                } else {
                    self.anchor = None;
                    self.cursor = None;
                }
            }
        }
    }

    /// Rows arrived from the database.
    pub fn set_rows(
        &mut self,
        rows: Vec<ObservationView>,
        findings: Vec<CheckFinding>,
        missing: &[i64],
    ) {
        if self.cache.len() > 20_000 {
            self.cache.clear();
        }
        let mut by_id: HashMap<i64, Vec<(Rule, Finding)>> = HashMap::new();
        for finding in findings {
            by_id
                .entry(finding.observation_id)
                .or_default()
                .push((finding.rule, finding.finding));
        }
        for row in rows {
            self.requested.remove(&row.id);
            let findings = by_id.remove(&row.id).unwrap_or_default();
            self.cache.insert(
                row.id,
                CachedRow {
                    view: row,
                    findings,
                },
            );
        }
        for id in missing {
            self.requested.remove(id);
            self.cache.remove(id);
        }
    }

    /// These rows changed: drop them from the cache so they are fetched again.
    pub fn invalidate(&mut self, ids: &[i64]) {
        for id in ids {
            self.cache.remove(id);
            self.requested.remove(id);
        }
    }

    /// Forget every cached row (after an import, say).
    pub fn invalidate_all(&mut self) {
        self.cache.clear();
        self.requested.clear();
    }

    /// Select this row once the next query brings it.
    pub fn select_when_listed(&mut self, id: i64) {
        self.pending_select = Some(id);
    }

    pub fn row_count(&self) -> usize {
        self.ids.len()
    }

    pub fn is_ready(&self) -> bool {
        self.ids_ready
    }

    /// The ids of the rows in the selection.
    pub fn selected_ids(&self) -> Vec<i64> {
        let Some(((first_row, _), (last_row, _))) = self.selected_block() else {
            return Vec::new();
        };
        self.ids[first_row..=last_row.min(self.ids.len().saturating_sub(1))].to_vec()
    }

    /// The observation under the cursor.
    pub fn current_row(&self) -> Option<&ObservationView> {
        let (row, _) = self.cursor?;
        self.cache
            .get(self.ids.get(row)?)
            .map(|cached| &cached.view)
    }

    /// (top-left, bottom-right) of the selection.
    fn selected_block(&self) -> Option<((usize, usize), (usize, usize))> {
        let (anchor, cursor) = (self.anchor?, self.cursor?);
        Some((
            (anchor.0.min(cursor.0), anchor.1.min(cursor.1)),
            (anchor.0.max(cursor.0), anchor.1.max(cursor.1)),
        ))
    }

    fn is_selected(&self, row: usize, column: usize) -> bool {
        self.selected_block().is_some_and(|((r0, c0), (r1, c1))| {
            (r0..=r1).contains(&row) && (c0..=c1).contains(&column)
        })
    }

    /// Shows the table; returns what the user asked for.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        texts: &MainTexts,
        format: NumberFormat,
        editable: bool,
        demo: &DemoBatches,
    ) -> Vec<TableAction> {
        let mut actions = Vec::new();
        if !self.ids_ready && self.ids.is_empty() {
            ui.centered_and_justified(|ui| ui.label(texts.loading));
            return actions;
        }
        if self.ids_ready && self.ids.is_empty() {
            ui.centered_and_justified(|ui| ui.label(texts.no_rows));
            return actions;
        }
        self.keyboard(ui, texts, format, editable, &mut actions);

        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let shift_held = ui.input(|input| input.modifiers.shift);
        let mut missing: Vec<i64> = Vec::new();
        let mut clicked: Option<(usize, usize, bool, bool)> = None;
        let mut start_edit: Option<(usize, usize)> = None;
        // (first, last + 1) of the rows drawn; none yet.
        let mut drawn: Option<(usize, usize)> = None;
        egui::ScrollArea::horizontal()
            .id_salt("table-horizontal")
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt("observations")
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::initial(280.0).at_least(120.0).clip(true))
                    .column(Column::initial(190.0).at_least(80.0).clip(true))
                    .column(Column::initial(80.0).at_least(50.0).clip(true))
                    .column(Column::initial(80.0).at_least(60.0))
                    .columns(Column::initial(96.0).at_least(60.0).clip(true), 4)
                    .column(Column::initial(80.0).at_least(50.0).clip(true))
                    .column(Column::remainder().at_least(120.0).clip(true))
                    .min_scrolled_height(0.0);
                if let Some(row) = self.scroll_to_row.take() {
                    table = table.scroll_to_row(row, None);
                }
                let sort = (self.sort, self.order);
                table
                    .header(row_height + 2.0, |mut header| {
                        for column in COLUMNS {
                            header.col(|ui| {
                                let active = sort.0 == column.sort();
                                let arrow = match (active, sort.1) {
                                    (true, SortOrder::Ascending) => " ▲",
                                    (true, SortOrder::Descending) => " ▼",
                                    (false, _) => "",
                                };
                                let response = ui.add(
                                    egui::Button::new(
                                        RichText::new(format!("{}{arrow}", column.title(texts)))
                                            .strong(),
                                    )
                                    .frame(false),
                                );
                                if response.clicked() {
                                    let order = if active && sort.1 == SortOrder::Ascending {
                                        SortOrder::Descending
                                    } else {
                                        SortOrder::Ascending
                                    };
                                    actions.push(TableAction::Sort(column.sort(), order));
                                }
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(row_height, self.ids.len(), |mut table_row| {
                            let row_index = table_row.index();
                            drawn =
                                Some(drawn.map_or((row_index, row_index + 1), |(first, end)| {
                                    (first.min(row_index), end.max(row_index + 1))
                                }));
                            let id = self.ids[row_index];
                            let cached = self.cache.get(&id);
                            if cached.is_none() && !self.requested.contains(&id) {
                                missing.push(id);
                            }
                            let row_selected = self.cursor.is_some_and(|(row, _)| row == row_index);
                            table_row.set_selected(row_selected);
                            for (column_index, column) in COLUMNS.iter().enumerate() {
                                let editing_here = self.editor.as_ref().is_some_and(|editor| {
                                    editor.row == row_index && editor.column == column_index
                                });
                                let selected = self.is_selected(row_index, column_index);
                                let mut cell_response = None;
                                table_row.col(|ui| {
                                    if selected && !editing_here {
                                        ui.painter().rect_filled(
                                            ui.max_rect().expand(2.0),
                                            2.0,
                                            ui.visuals().selection.bg_fill.linear_multiply(0.6),
                                        );
                                    }
                                    if editing_here {
                                        if let Some(editor) = self.editor.as_mut() {
                                            editor_ui(ui, editor, texts);
                                        }
                                        return;
                                    }
                                    let tooltip = if let Some(row) = cached {
                                        cell_ui(
                                            ui,
                                            &row.view,
                                            &row.findings,
                                            *column,
                                            texts,
                                            format,
                                            CellState {
                                                demo: is_demo_batch(row.view.batch_id, demo),
                                                selected: row_selected,
                                            },
                                        )
                                    } else {
                                        ui.weak("…");
                                        None
                                    };
                                    // The whole cell takes clicks, on top of what it shows
                                    // (tooltips of the label still show on hover).
                                    let rect = ui.max_rect();
                                    let id = ui.scope_id().with("cell");
                                    let response = ui.interact(rect, id, egui::Sense::click());
                                    cell_response = Some(match tooltip {
                                        Some(tooltip) => response.on_hover_text(tooltip),
                                        None => response,
                                    });
                                });
                                let Some(response) = cell_response else {
                                    continue;
                                };
                                if response.double_clicked() && editable && column.field().is_some()
                                {
                                    start_edit = Some((row_index, column_index));
                                } else if response.clicked() {
                                    clicked = Some((row_index, column_index, shift_held, false));
                                } else if response.secondary_clicked() {
                                    clicked = Some((row_index, column_index, false, true));
                                }
                                if let (Some(row), TableColumn::Field(Field::Value)) =
                                    (cached, column)
                                {
                                    response.context_menu(|ui| {
                                        if ui.button(texts.history).clicked() {
                                            actions.push(TableAction::History(row.view.id));
                                            ui.close();
                                        }
                                    });
                                }
                            }
                        });
                    });
            });

        self.visible_rows = drawn.map_or(0..0, |(first, end)| first..end);
        if let Some((row, column, extend, _secondary)) = clicked {
            if self.editor.is_some() {
                self.commit_editor(texts, format, &mut actions);
            }
            if !extend || self.anchor.is_none() {
                self.anchor = Some((row, column));
            }
            self.cursor = Some((row, column));
        }
        if let Some((row, column)) = start_edit {
            self.anchor = Some((row, column));
            self.cursor = Some((row, column));
            self.open_editor(row, column, None, format);
        }
        if !missing.is_empty() {
            self.requested.extend(missing.iter().copied());
            actions.push(TableAction::Fetch(missing));
        }
        actions
    }

    fn open_editor(
        &mut self,
        row: usize,
        column: usize,
        typed: Option<String>,
        format: NumberFormat,
    ) {
        let Some(field) = COLUMNS.get(column).and_then(|column| column.field()) else {
            return;
        };
        let Some(cached) = self.ids.get(row).and_then(|id| self.cache.get(id)) else {
            return;
        };
        let text = typed.unwrap_or_else(|| field_text(&cached.view, field, format));
        self.editor = Some(Editor {
            row,
            column,
            text,
            error: None,
            focus_requested: false,
        });
    }

    /// Validates the editor's text; on success, sends the edit and closes the editor.
    fn commit_editor(
        &mut self,
        texts: &MainTexts,
        format: NumberFormat,
        actions: &mut Vec<TableAction>,
    ) -> bool {
        let Some(editor) = self.editor.as_mut() else {
            return true;
        };
        let Some(field) = COLUMNS.get(editor.column).and_then(|column| column.field()) else {
            self.editor = None;
            return true;
        };
        let Some(cached) = self.ids.get(editor.row).and_then(|id| self.cache.get(id)) else {
            self.editor = None;
            return true;
        };
        match parse_cell(&cached.view, field, &editor.text, format, texts) {
            Ok(new) => {
                let old = field_value(&cached.view, field);
                if old != new {
                    actions.push(TableAction::Edit(EditCommand::SetCells(vec![CellChange {
                        observation_id: cached.view.id,
                        field,
                        old,
                        new,
                    }])));
                }
                self.editor = None;
                true
            }
            Err(message) => {
                editor.error = Some(message);
                // Enter took the focus from the edit box: give it back, so
                // the user corrects the figure without reaching for the mouse.
                editor.focus_requested = false;
                false
            }
        }
    }

    fn move_cursor(&mut self, rows: isize, columns: isize, extend: bool) {
        let Some((row, column)) = self.cursor else {
            if !self.ids.is_empty() {
                self.anchor = Some((0, 0));
                self.cursor = Some((0, 0));
            }
            return;
        };
        let last_row = self.ids.len().saturating_sub(1) as isize;
        let new_row = (row as isize + rows).clamp(0, last_row) as usize;
        let new_column = (column as isize + columns).clamp(0, COLUMNS.len() as isize - 1) as usize;
        self.cursor = Some((new_row, new_column));
        if !extend {
            self.anchor = self.cursor;
        }
        self.scroll_to_row = Some(new_row);
    }

    fn keyboard(
        &mut self,
        ui: &mut egui::Ui,
        texts: &MainTexts,
        format: NumberFormat,
        editable: bool,
        actions: &mut Vec<TableAction>,
    ) {
        if ui.ctx().egui_wants_keyboard_input() && self.editor.is_none() {
            return;
        }
        let events = ui.input(|input| input.events.clone());
        if self.editor.is_some() {
            for event in &events {
                if let egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } = event
                {
                    match key {
                        Key::Enter if self.commit_editor(texts, format, actions) => {
                            self.move_cursor(1, 0, false);
                        }
                        Key::Tab if self.commit_editor(texts, format, actions) => {
                            self.move_cursor(0, if modifiers.shift { -1 } else { 1 }, false);
                        }
                        Key::Escape => self.editor = None,
                        _ => {}
                    }
                }
            }
            return;
        }
        let page = (ui.available_height() / 24.0).max(1.0) as isize;
        for event in events {
            match event {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => match key {
                    Key::ArrowDown => self.move_cursor(1, 0, modifiers.shift),
                    Key::ArrowUp => self.move_cursor(-1, 0, modifiers.shift),
                    Key::ArrowLeft => self.move_cursor(0, -1, modifiers.shift),
                    Key::ArrowRight | Key::Tab => {
                        self.move_cursor(0, 1, modifiers.shift && key != Key::Tab);
                    }
                    Key::PageDown => self.move_cursor(page, 0, modifiers.shift),
                    Key::PageUp => self.move_cursor(-page, 0, modifiers.shift),
                    Key::Home if modifiers.command => {
                        self.move_cursor(-(self.ids.len() as isize), 0, modifiers.shift);
                    }
                    Key::End if modifiers.command => {
                        self.move_cursor(self.ids.len() as isize, 0, modifiers.shift);
                    }
                    Key::Enter | Key::F2 if editable => {
                        if let Some((row, column)) = self.cursor {
                            self.open_editor(row, column, None, format);
                        }
                    }
                    Key::Delete if editable && !modifiers.command => {
                        self.clear_selection(actions);
                    }
                    Key::Escape => {
                        self.anchor = self.cursor;
                    }
                    _ => {}
                },
                egui::Event::Text(text) if editable && !text.trim().is_empty() => {
                    if let Some((row, column)) = self.cursor {
                        self.open_editor(row, column, Some(text), format);
                    }
                }
                egui::Event::Copy => {
                    if let Some(tsv) = self.selection_tsv(texts, format) {
                        ui.ctx().copy_text(tsv);
                    }
                }
                egui::Event::Paste(text) if editable => {
                    self.paste(&text, texts, format, actions);
                }
                _ => {}
            }
        }
    }

    /// Sets the selected editable cells to empty (one undoable edit).
    fn clear_selection(&mut self, actions: &mut Vec<TableAction>) {
        let Some(((r0, c0), (r1, c1))) = self.selected_block() else {
            return;
        };
        let mut changes = Vec::new();
        for row in r0..=r1 {
            let Some(cached) = self.ids.get(row).and_then(|id| self.cache.get(id)) else {
                continue;
            };
            for column in &COLUMNS[c0..=c1] {
                if let Some(field) = column.field() {
                    let old = field_value(&cached.view, field);
                    if old != FieldValue::Null {
                        changes.push(CellChange {
                            observation_id: cached.view.id,
                            field,
                            old,
                            new: FieldValue::Null,
                        });
                    }
                }
            }
        }
        if !changes.is_empty() {
            actions.push(TableAction::Edit(EditCommand::SetCells(changes)));
        }
    }

    /// The selection as tab-separated text (what Excel pastes).
    pub fn selection_tsv(&self, texts: &MainTexts, format: NumberFormat) -> Option<String> {
        let ((r0, c0), (r1, c1)) = self.selected_block()?;
        let mut out = String::new();
        for row in r0..=r1 {
            let cached = self.ids.get(row).and_then(|id| self.cache.get(id));
            let cells: Vec<String> = (c0..=c1)
                .map(|column| match cached {
                    Some(cached) => plain_text(&cached.view, COLUMNS[column], texts, format),
                    None => String::new(),
                })
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        Some(out)
    }

    /// Pastes a tab-separated block at the cursor: one undoable edit; cells
    /// that are not editable or not valid are skipped and counted.
    pub fn paste(
        &mut self,
        text: &str,
        texts: &MainTexts,
        format: NumberFormat,
        actions: &mut Vec<TableAction>,
    ) {
        let Some((start_row, start_column)) = self.selected_block().map(|(top_left, _)| top_left)
        else {
            return;
        };
        let mut changes = Vec::new();
        let mut skipped = 0;
        let mut problems: Vec<String> = Vec::new();
        for (row_offset, line) in text.lines().enumerate() {
            let row = start_row + row_offset;
            let Some(cached) = self.ids.get(row).and_then(|id| self.cache.get(id)) else {
                skipped += line.split('\t').count();
                continue;
            };
            for (column_offset, cell) in line.split('\t').enumerate() {
                let Some(field) = COLUMNS
                    .get(start_column + column_offset)
                    .and_then(|column| column.field())
                else {
                    skipped += 1;
                    continue;
                };
                match parse_cell(&cached.view, field, cell.trim(), format, texts) {
                    Ok(new) => {
                        let old = field_value(&cached.view, field);
                        if old != new {
                            changes.push(CellChange {
                                observation_id: cached.view.id,
                                field,
                                old,
                                new,
                            });
                        }
                    }
                    Err(message) => {
                        skipped += 1;
                        if problems.len() < 3 {
                            problems.push(message);
                        }
                    }
                }
            }
        }
        let count = changes.len();
        if count > 0 {
            actions.push(TableAction::Edit(EditCommand::SetCells(changes)));
        }
        let mut notice = format!("{}: {count}", texts.pasted_cells);
        if skipped > 0 {
            notice.push_str(&format!("; {skipped} {}", texts.paste_skipped));
            if !problems.is_empty() {
                notice.push_str(&format!(" ({})", problems.join("; ")));
            }
        }
        actions.push(TableAction::Notice(notice));
    }

    /// The text a cell shows (for tests and copy).
    pub fn cell_text(
        &self,
        row: usize,
        column: TableColumn,
        texts: &MainTexts,
        format: NumberFormat,
    ) -> Option<String> {
        let cached = self.cache.get(self.ids.get(row)?)?;
        Some(plain_text(&cached.view, column, texts, format))
    }

    /// Puts the cursor on a cell (for the keyboard, and for tests).
    pub fn select_cell(&mut self, row: usize, column: usize) {
        self.anchor = Some((row, column));
        self.cursor = Some((row, column));
    }

    /// Extends the selection to a cell.
    pub fn extend_selection(&mut self, row: usize, column: usize) {
        if self.anchor.is_none() {
            self.anchor = Some((row, column));
        }
        self.cursor = Some((row, column));
    }

    /// Whether every row of the given range is cached.
    pub fn rows_cached(&self, rows: std::ops::Range<usize>) -> bool {
        rows.filter_map(|row| self.ids.get(row))
            .all(|id| self.cache.contains_key(id))
    }

    /// The row index of an observation id.
    pub fn row_of(&self, id: i64) -> Option<usize> {
        self.ids.iter().position(|candidate| *candidate == id)
    }

    /// Scrolls to a row and selects it.
    pub fn reveal(&mut self, row: usize) {
        self.select_cell(row, 4);
        self.scroll_to_row = Some(row);
    }
}

fn field_value(view: &ObservationView, field: Field) -> FieldValue {
    let figures = &view.figures;
    match field {
        Field::Value => FieldValue::from_number(figures.value),
        Field::Numerator => FieldValue::from_number(figures.numerator),
        Field::Denominator => FieldValue::from_number(figures.denominator),
        Field::Target => FieldValue::from_number(figures.target),
        Field::Qualifier => FieldValue::from_text(figures.qualifier.as_deref()),
        Field::Note => FieldValue::from_text(figures.note.as_deref()),
    }
}

/// A field as the user edits it: numbers in the chosen convention.
fn field_text(view: &ObservationView, field: Field, format: NumberFormat) -> String {
    match field_value(view, field) {
        FieldValue::Null => String::new(),
        FieldValue::Number(value) => format.format(value),
        FieldValue::Text(text) => text,
    }
}

/// Reads typed text into a field's value, with the validation rules.
fn parse_cell(
    view: &ObservationView,
    field: Field,
    text: &str,
    format: NumberFormat,
    texts: &MainTexts,
) -> Result<FieldValue, String> {
    let text = text.trim();
    if !field.is_numeric() {
        return Ok(FieldValue::from_text(Some(&crate::domain::text::clean(
            text,
        ))));
    }
    if text.is_empty() {
        return Ok(FieldValue::Null);
    }
    let value = number::parse_number(text, format)
        .ok_or_else(|| format!("\"{text}\" {}", texts.not_a_number))?;
    validate_number(
        view.kind,
        field,
        value,
        view.figures.numerator,
        view.figures.denominator,
    )
    .map_err(|problem| format!("\"{text}\": {}", problem_label(problem, texts)))?;
    Ok(FieldValue::Number(value))
}

fn plain_text(
    view: &ObservationView,
    column: TableColumn,
    texts: &MainTexts,
    format: NumberFormat,
) -> String {
    match column {
        TableColumn::Indicator => format!("{} — {}", view.indicator_code, view.indicator_name),
        TableColumn::Agency => unit_name(&view.agency_name, view.agency_valid_to.as_deref(), texts),
        TableColumn::Level => view
            .level
            .map(|level| level_label(level, texts).to_owned())
            .unwrap_or_default(),
        TableColumn::Period => Period::parse(&view.period)
            .map_or_else(|| view.period.clone(), |period| period.label_vi()),
        TableColumn::Field(field) => field_text(view, field, format),
    }
}

/// What a cell is drawn for besides its figure.
#[derive(Clone, Copy)]
struct CellState {
    /// A figure of the demo set: the badge in its indicator cell.
    demo: bool,
    /// On the selected row: coloured marks would sit on the selection colour.
    selected: bool,
}

/// Draws one cell; returns the tooltip its whole area shows on hover.
fn cell_ui(
    ui: &mut egui::Ui,
    view: &ObservationView,
    findings: &[(Rule, Finding)],
    column: TableColumn,
    texts: &MainTexts,
    format: NumberFormat,
    state: CellState,
) -> Option<String> {
    let demo = state.demo;
    let text = plain_text(view, column, texts, format);
    match column {
        TableColumn::Indicator => {
            let unit = view.unit.as_deref().unwrap_or("");
            let mut tooltip = format!("{}\n{} · {unit}", view.indicator_name, view.kind.as_str());
            if demo {
                // The badge stays whole; the name gives way.
                let badge_width = ui
                    .painter()
                    .layout_no_wrap(
                        texts.demo_badge.to_owned(),
                        egui::TextStyle::Small.resolve(ui.style()),
                        egui::Color32::WHITE,
                    )
                    .size()
                    .x
                    // The frame's margins and stroke, and a gap before the cell's edge.
                    + 26.0;
                let name_width = (ui.available_width() - badge_width).max(20.0);
                ui.scope(|ui| {
                    ui.set_max_width(name_width);
                    ui.add(egui::Label::new(text).truncate());
                });
                badge_ui(ui, texts);
                tooltip.push_str(&format!("\n{}: {}", texts.demo_badge, texts.demo_hint));
            } else {
                ui.label(text);
            }
            Some(tooltip)
        }
        TableColumn::Agency => {
            ui.label(text);
            Some(format!("{} · {}", view.agency_code, view.agency_name))
        }
        TableColumn::Field(field) => {
            let marks: Vec<&(Rule, Finding)> = findings
                .iter()
                .filter(|(rule, _)| rule_fields(*rule).contains(&field))
                .collect();
            if marks.is_empty() {
                if field.is_numeric() {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(text)
                    });
                } else {
                    ui.label(text);
                }
                return None;
            }
            let error = marks.iter().any(|(rule, _)| rule.is_error());
            // The theme's own error and warning colours (readable on its
            // background), for the outline and the mark only: the figure
            // keeps the text colour, which stays readable on the selection
            // and under the pointer in dark and light themes alike.
            let color = if error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().warn_fg_color
            };
            let outline = ui.max_rect().shrink(1.0);
            // On the selection colour the outline gets thicker and the mark
            // takes the text colour: red on blue is unreadable.
            let (stroke_width, mark_colour) = if state.selected {
                (2.5, ui.visuals().strong_text_color())
            } else {
                (1.5, color)
            };
            ui.painter().rect_stroke(
                outline,
                2.0,
                egui::Stroke::new(stroke_width, color),
                egui::StrokeKind::Inside,
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // Clear of the outline: the last digit never touches it.
                ui.add_space(5.0);
                let font_id = egui::TextStyle::Body.resolve(ui.style());
                let mut job = egui::text::LayoutJob::default();
                job.append(
                    "▲ ",
                    0.0,
                    egui::TextFormat::simple(font_id.clone(), mark_colour),
                );
                job.append(
                    &text,
                    0.0,
                    egui::TextFormat::simple(font_id, ui.visuals().strong_text_color()),
                );
                ui.add(egui::Label::new(job).truncate());
            });
            let tooltip: Vec<String> = marks
                .iter()
                .map(|(rule, finding)| {
                    format!(
                        "▲ {}\n   {}",
                        rule_label(*rule, texts),
                        crate::app::strings::finding(texts.lang, format, finding)
                    )
                })
                .collect();
            Some(tooltip.join("\n"))
        }
        TableColumn::Level | TableColumn::Period => {
            ui.label(text);
            None
        }
    }
}

fn editor_ui(ui: &mut egui::Ui, editor: &mut Editor, texts: &MainTexts) {
    let response = ui.add(
        egui::TextEdit::singleline(&mut editor.text)
            .desired_width(f32::INFINITY)
            .id_salt("cell-editor"),
    );
    if !editor.focus_requested {
        response.request_focus();
        editor.focus_requested = true;
    }
    if let Some(error) = &editor.error {
        let error_color = ui.visuals().error_fg_color;
        egui::Tooltip::always_open(
            ui.ctx().clone(),
            ui.layer_id(),
            egui::Id::unique("cell-editor-error"),
            egui::PopupAnchor::from(&response),
        )
        .show(|ui| {
            ui.colored_label(error_color, format!("× {error}"));
        });
    }
    let _ = texts;
}
